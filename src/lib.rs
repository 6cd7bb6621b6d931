//! stdgraph: a GraphQL knowledge-graph server for standardization intelligence.
//!
//! Layers, each depending only on those above it in this list (see ARCHITECTURE.md):
//! [`model`] (pure domain types) -> [`graph`] (petgraph and indexes, no IO) and [`store`] (sled) ->
//! [`ingest`] (text to proposed changes; pure, reads a graph snapshot) ->
//! [`app`] (the one write path) -> [`api`] (GraphQL) -> [`http`] (axum) -> [`server`] (a server's
//! lifecycle) -> [`cli`]; [`auth`] (keys and roles) stands apart and serves `api`, [`config`] and
//! `cli`; [`config`] (the server's settings) depends only on `auth` and is read by every layer that
//! takes settings.

pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod graph;
pub mod http;
pub mod ingest;
pub mod interchange;
pub mod metrics;
pub mod model;
pub mod server;
pub mod store;
