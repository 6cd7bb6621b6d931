//! All integration tests, in one binary so they link once (see ARCHITECTURE.md, "Tests").

mod cases;
mod support;

mod analyst;
mod architecture;
mod attacks;
mod bad_input;
mod correctness;
mod crash;
mod explore;
mod feed;
mod http;
mod ingest;
mod ingest_articles;
mod interchange;
mod mutations;
mod persistence;
mod plans;
mod quality;
mod readme;
mod robustness;
mod scale;
mod schema;
