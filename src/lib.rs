//! stdgraph: a GraphQL knowledge-graph server for standardization intelligence.
//!
//! Layers, each depending only on those above it in this list (see ARCHITECTURE.md):
//! [`model`] (pure domain types) -> [`graph`] (petgraph and indexes, no IO) and [`store`] (sled) ->
//! [`app`] (the one write path) -> [`api`] (GraphQL) -> [`http`] (axum) -> [`cli`]; [`auth`] (keys and
//! roles) stands apart and serves `api` and `cli`.

pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod graph;
pub mod http;
pub mod interchange;
pub mod metrics;
pub mod model;
pub mod store;
