//! Test helpers: a fresh seeded app on a temporary directory, and a one-call query runner.

use std::sync::Arc;

use serde_json::Value;
use stdgraph::api::{Api, Limits};
use stdgraph::app::App;

/// A seeded application on its own temporary data directory.
pub struct TestApp {
    pub app: Arc<App>,
    pub api: Api,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    pub fn seeded() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = Arc::new(stdgraph::cli::open_app(dir.path()).expect("the seed loads"));
        let api = Api::new(app.clone(), &Limits::default());
        Self { app, api, dir }
    }

    /// Runs a query and returns the whole response (`data` and `errors`).
    pub async fn run(&self, query: &str, variables: Value) -> Value {
        self.api.execute_json(query, variables).await
    }

    /// Runs a query that must succeed and returns its `data`.
    pub async fn data(&self, query: &str) -> Value {
        let response = self.run(query, Value::Null).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors: {response:#}"
        );
        response["data"].clone()
    }

    /// Runs a query that must fail and returns the first error's `extensions.code`.
    pub async fn error_code(&self, query: &str, variables: Value) -> String {
        let response = self.run(query, variables).await;
        let code = response["errors"][0]["extensions"]["code"].as_str();
        code.unwrap_or_else(|| panic!("expected an error with a code, got {response:#}"))
            .to_owned()
    }
}

/// The `id` fields of a list of objects.
pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|v| {
            v["id"]
                .as_str()
                .or_else(|| v["node"]["id"].as_str())
                .expect("an id")
                .to_owned()
        })
        .collect()
}

/// The node ids of a connection's edges.
pub fn edge_ids(connection: &Value) -> Vec<String> {
    ids(&connection["edges"])
}
