//! Test helpers: a fresh seeded app on a temporary directory and a one-call query runner; a server
//! started through the library's lifecycle (`spawn_server`) and requests to it; the binary started
//! as a process (`Binary`).

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use serde_json::Value;
use stdgraph::api::{Access, Api, Limits};
use stdgraph::app::App;
use stdgraph::auth::{Keys, digest_hex};
use stdgraph::config::Config;
use stdgraph::server::Server;

/// Keys every test app accepts: one per role.
pub const ADMIN_KEY: &str = "sgk_test-admin-key";
pub const EDITOR_KEY: &str = "sgk_test-editor-key";
pub const READER_KEY: &str = "sgk_test-reader-key";

/// The three keys above as `--keys` gives them: `ada` (admin), `ed` (editor), `rita` (reader).
pub fn test_keys() -> String {
    format!(
        "ada:admin:{},ed:editor:{},rita:reader:{}",
        digest_hex(ADMIN_KEY),
        digest_hex(EDITOR_KEY),
        digest_hex(READER_KEY)
    )
}

/// The access rules of test apps: the three keys above, reads open unless `reads_require_key`.
pub fn test_access(reads_require_key: bool) -> Access {
    Access {
        keys: Keys::from_spec(&test_keys()).expect("test keys"),
        reads_require_key,
    }
}

/// The default settings with the three test keys, reads open unless `reads_require_key`.
pub fn keyed_config(reads_require_key: bool) -> Config {
    Config {
        keys: Some(test_keys()),
        reads_require_key,
        ..Config::default()
    }
}

/// A server started through the library's lifecycle (`stdgraph::server::start`, as `stdgraph serve`
/// starts it) on 127.0.0.1 with a fresh seeded store of its own.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`
    pub url: String,
    pub addr: SocketAddr,
    server: Server,
    _dir: tempfile::TempDir,
}

/// Starts a server with `config` on a free port of 127.0.0.1 (`config.addr` is ignored).
pub async fn spawn_server(config: Config) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        ..config
    };
    let server = stdgraph::server::start(dir.path(), &config)
        .await
        .expect("the server starts");
    let addr = server.addr();
    TestServer {
        url: format!("http://{addr}"),
        addr,
        server,
        _dir: dir,
    }
}

impl TestServer {
    /// `/graphql` of this server.
    pub fn graphql(&self) -> String {
        format!("{}/graphql", self.url)
    }

    /// The application behind the server.
    pub fn app(&self) -> &Arc<App> {
        self.server.app()
    }

    /// Stops the server as a shutdown does (feed closed, long reads stopped, requests in flight
    /// finished, store flushed, graph image written); it must stop cleanly. Returns the data folder.
    pub async fn stop(self) -> tempfile::TempDir {
        self.server.stop().await.expect("the server stops cleanly");
        self._dir
    }
}

/// An HTTP client that does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// POSTs the JSON `body` to `url` (with `Authorization: Bearer <key>` when a key is given).
pub async fn post(url: &str, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = client().post(url).json(body);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    request.send().await.expect("the server answers")
}

/// POSTs the query `query` to `url` as the holder of `key`.
pub async fn post_query(url: &str, key: Option<&str>, query: &str) -> reqwest::Response {
    post(url, key, &serde_json::json!({ "query": query })).await
}

/// POSTs the JSON `body` to `url`; the status and the JSON answer (`null` when it is not JSON).
pub async fn post_json(url: &str, key: Option<&str>, body: &Value) -> (u16, Value) {
    let r = post(url, key, body).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
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
        let app = Arc::new(stdgraph::server::open_app(dir.path()).expect("the seed loads"));
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

/// A `stdgraph` process started by a test; killed (SIGKILL) when dropped, so a failing check never
/// leaves one behind.
pub struct Binary {
    pub child: Child,
}

impl Binary {
    /// Runs `stdgraph serve --addr 127.0.0.1:0 --data <data>` with what `configure` adds (flags,
    /// variables, where standard error goes); [`Binary::listening`] waits until it listens.
    pub fn serve(data: &Path, configure: impl FnOnce(&mut Command)) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_stdgraph"));
        command
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data);
        configure(&mut command);
        Self::start(&mut command)
    }

    /// Runs `command` (the binary), with standard output piped here.
    pub fn start(command: &mut Command) -> Self {
        let child = command
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        Self { child }
    }

    /// Waits for the `listening on <url>` line and returns the URL (`http://127.0.0.1:<port>`).
    pub fn listening(&mut self) -> String {
        use std::io::BufRead as _;
        let mut line = String::new();
        std::io::BufReader::new(self.child.stdout.take().expect("stdout is piped"))
            .read_line(&mut line)
            .expect("the server prints its address");
        line.trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the server did not start: {line:?}"))
            .to_owned()
    }

    /// Sends SIGTERM, as an operator's `kill` or a service manager would.
    pub fn terminate(&self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -TERM {pid} failed");
    }

    /// Kills the process with SIGKILL (no handler runs, nothing is flushed) and reaps it.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }

    /// Waits for the process to end; whether it exited cleanly.
    pub fn wait(&mut self) -> std::process::ExitStatus {
        self.child.wait().expect("the process ends")
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
