//! Test helpers: a fresh seeded app on a temporary directory, and a one-call query runner.

use std::sync::Arc;

use serde_json::Value;
use stdgraph::api::{Access, Api, Limits};
use stdgraph::app::App;
use stdgraph::auth::{Keys, digest_hex};

/// Keys every test app accepts: one per role.
pub const ADMIN_KEY: &str = "sgk_test-admin-key";
pub const EDITOR_KEY: &str = "sgk_test-editor-key";
pub const READER_KEY: &str = "sgk_test-reader-key";

/// The access rules of test apps: the three keys above, reads open unless `reads_require_key`.
pub fn test_access(reads_require_key: bool) -> Access {
    let spec = format!(
        "ada:admin:{},ed:editor:{},rita:reader:{}",
        digest_hex(ADMIN_KEY),
        digest_hex(EDITOR_KEY),
        digest_hex(READER_KEY)
    );
    Access {
        keys: Keys::from_spec(&spec).expect("test keys"),
        reads_require_key,
    }
}

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
        let api = Api::new(app.clone(), &Limits::default(), test_access(false));
        Self { app, api, dir }
    }

    /// Runs a query as the holder of `key` (`None`: without an `Authorization` header).
    pub async fn run_as(&self, key: Option<&str>, query: &str, variables: Value) -> Value {
        let header = key.map(|k| format!("Bearer {k}"));
        self.api
            .execute_json_as(query, variables, header.as_deref())
            .await
    }

    /// Runs a mutation as the editor; it must succeed; returns its `data`.
    pub async fn write(&self, query: &str, variables: Value) -> Value {
        self.write_as(EDITOR_KEY, query, variables).await
    }

    /// Runs a mutation as the holder of `key`; it must succeed; returns its `data`.
    pub async fn write_as(&self, key: &str, query: &str, variables: Value) -> Value {
        let response = self.run_as(Some(key), query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors: {response:#}"
        );
        response["data"].clone()
    }

    /// Runs a request as the holder of `key` that must fail; returns the first error.
    pub async fn error_as(&self, key: Option<&str>, query: &str, variables: Value) -> Value {
        let response = self.run_as(key, query, variables).await;
        let error = response["errors"][0].clone();
        assert!(
            error["extensions"]["code"].is_string(),
            "expected an error with a code, got {response:#}"
        );
        error
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

/// A small deterministic generator (xorshift64*): the same inputs on every run, and a failing seed
/// can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Waits for a started `stdgraph serve` to print `listening on <url>` and returns the URL.
pub fn listening_url(child: &mut std::process::Child) -> String {
    use std::io::BufRead as _;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .expect("the server prints its address");
    line.trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("the server did not start: {line:?}"))
        .to_owned()
}

/// Sends SIGTERM to a started server, as an operator's `kill` or a service manager would.
pub fn terminate(child: &std::process::Child) {
    let pid = child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "kill -TERM {pid} failed");
}
