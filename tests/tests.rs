//! All integration tests, in one binary so they link once (see ARCHITECTURE.md, "Tests").

mod support;

mod analyst;
mod bad_input;
mod http;
mod interchange;
mod persistence;
mod schema;
