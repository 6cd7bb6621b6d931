//! The server's settings: every one documented here, once, with its default, its flag and its
//! `STDGRAPH_*` variable (the clap attributes below are the only place a default is written).
//!
//! [`Config::default`] is what the flags give when none is passed and no variable is set: it is
//! built by parsing an empty command line with the variables switched off, so tests that start
//! servers from it never see the environment of the process running them. The layers take the parts
//! they need as views built from a `Config` (`api::Limits`, `app::long_reads::LongReadLimits`,
//! `http::ratelimit::Quotas`, the accept loop's connection limits), and have no defaults of their own.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, FromArgMatches};

use crate::auth::{KeyError, Keys};

/// How a server behaves: `stdgraph serve`'s flags.
#[derive(Args, Debug, Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(
        long,
        env = "STDGRAPH_ADDR",
        default_value = "127.0.0.1:8080",
        alias = "listen"
    )]
    pub addr: SocketAddr,
    /// Rewrite the graph image (which restarts read) once it is this many changes behind. A start
    /// after a crash replays at most about this many changes from the store. At 1M nodes writing it
    /// takes 3-4 s of one core.
    #[arg(long, env = "STDGRAPH_IMAGE_REFRESH", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub image_refresh: u64,
    /// Largest request body, in bytes; larger bodies get 413. Requests with an editor's or an
    /// admin's key may send bodies as large as an ingest of `--ingest-max-bytes` needs instead
    /// (see `Config::body_limit_for_writers`).
    #[arg(long, env = "STDGRAPH_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// Largest text the `ingest` mutation and `stdgraph ingest` read, in bytes (after base64
    /// decoding); larger ones are refused with `INVALID_INPUT` (reason `TOO_LARGE`).
    #[arg(long, env = "STDGRAPH_INGEST_MAX_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub ingest_max_bytes: usize,
    /// Seconds before a request is answered with 408; long reads (analytics, path searches) check
    /// this deadline inside their loops and stop.
    #[arg(long, env = "STDGRAPH_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Deepest selection nesting a query may use.
    #[arg(long, env = "STDGRAPH_MAX_DEPTH", default_value_t = 16)]
    pub max_depth: usize,
    /// Highest complexity a query may have (each field costs 1; a page costs its fields times `first`,
    /// 50 when not given).
    #[arg(long, env = "STDGRAPH_MAX_COMPLEXITY", default_value_t = 20_000)]
    pub max_complexity: usize,
    /// Most aliases in one query (alias overloading).
    #[arg(long, env = "STDGRAPH_MAX_ALIASES", default_value_t = 30)]
    pub max_aliases: usize,
    /// Most field selections in one query, fragments included (field duplication).
    #[arg(long, env = "STDGRAPH_MAX_SELECTIONS", default_value_t = 1_000)]
    pub max_selections: usize,
    /// Largest `first` a query may ask for; it can be raised up to 100,000.
    #[arg(long, env = "STDGRAPH_MAX_PAGE_SIZE", default_value_t = 1_000)]
    pub max_page_size: usize,
    /// Most directives on one field (directive overloading).
    #[arg(long, env = "STDGRAPH_MAX_DIRECTIVES", default_value_t = 5)]
    pub max_directives: usize,
    /// Deepest nesting the parser and validator follow (lists, objects, selections).
    #[arg(long, env = "STDGRAPH_MAX_RECURSIVE_DEPTH", default_value_t = 32)]
    pub max_recursive_depth: usize,
    /// Requests executing at once (GraphQL and exports); more get 503 at once instead of queueing.
    #[arg(long, env = "STDGRAPH_MAX_CONCURRENT_REQUESTS", default_value_t = 256)]
    pub max_concurrent_requests: usize,
    /// Open connections at once; more are closed at once.
    #[arg(long, env = "STDGRAPH_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Open connections at once from one client address (an IPv6 /64 counts as one); more are
    /// closed at once, so one client cannot take every connection from the others.
    #[arg(long, env = "STDGRAPH_MAX_CONNECTIONS_PER_IP", default_value_t = 128)]
    pub max_connections_per_ip: usize,
    /// Seconds a client has to send its request headers, from accept (or from the end of the
    /// previous response on a kept-alive connection); a connection that sends nothing is closed then.
    #[arg(long, env = "STDGRAPH_HEADER_READ_TIMEOUT_SECS", default_value_t = 10)]
    pub header_read_timeout_secs: u64,
    /// Queries per minute per client (key holder, or IP address without a key); 0 for no limit.
    #[arg(long, env = "STDGRAPH_RATE_LIMIT_QUERIES", default_value_t = 1200)]
    pub rate_limit_queries: u32,
    /// Mutations per minute per client; 0 for no limit.
    #[arg(long, env = "STDGRAPH_RATE_LIMIT_MUTATIONS", default_value_t = 120)]
    pub rate_limit_mutations: u32,
    /// Exports (`/export/*`) per minute per client; 0 for no limit.
    #[arg(long, env = "STDGRAPH_RATE_LIMIT_EXPORTS", default_value_t = 60)]
    pub rate_limit_exports: u32,
    /// Threads that run long reads (analytics, path searches, exports) off the threads that answer
    /// other requests, at a lower CPU priority; by default one per CPU.
    #[arg(long, env = "STDGRAPH_LONG_READ_WORKERS", default_value_t = std::thread::available_parallelism().map_or(2, |n| n.get()))]
    pub long_read_workers: usize,
    /// Long reads that may wait for a thread; more are answered 503 at once.
    #[arg(long, env = "STDGRAPH_LONG_READ_QUEUE", default_value_t = 64)]
    pub long_read_queue: usize,
    /// Refuse `__schema` and `__type` queries (GraphiQL's documentation and completion stop working).
    #[arg(long, env = "STDGRAPH_DISABLE_INTROSPECTION")]
    pub disable_introspection: bool,
    /// Leave "did you mean" field suggestions out of validation errors.
    #[arg(long, env = "STDGRAPH_DISABLE_SUGGESTIONS")]
    pub disable_suggestions: bool,
    /// Answer every query through the general GraphQL executor, without compiled plans. Answers
    /// are the same either way; this is for ruling plans out when something looks wrong.
    #[arg(long, env = "STDGRAPH_DISABLE_QUERY_PLANS")]
    pub disable_query_plans: bool,
    /// Origins whose browser pages may call the API (CORS), e.g. `https://app.example.org`; repeat the
    /// flag or separate with commas. None by default: only pages served by stdgraph itself.
    #[arg(long = "cors-origin", env = "STDGRAPH_CORS_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_origins: Vec<String>,
    /// TOML file of API keys: `[[keys]]` tables with `name`, `role` (reader, editor, admin) and
    /// `sha256` (from `stdgraph keys new` or `stdgraph keys hash`). Without keys, nobody can write.
    #[arg(long, env = "STDGRAPH_KEYS_FILE")]
    pub keys_file: Option<PathBuf>,
    /// More keys as `name:role:sha256`, comma-separated (digests, never the keys themselves).
    #[arg(long, env = "STDGRAPH_KEYS", hide_env_values = true)]
    pub keys: Option<String>,
    /// Require a key (any role) for queries, subscriptions and exports too; by default reads are
    /// open.
    #[arg(long, env = "STDGRAPH_READS_REQUIRE_KEY")]
    pub reads_require_key: bool,
}

impl Default for Config {
    /// The defaults of the clap attributes above, without reading any `STDGRAPH_*` variable.
    fn default() -> Self {
        let command = Self::augment_args(clap::Command::new("stdgraph"))
            .mut_args(|arg| arg.env(None::<&'static str>));
        let matches = command
            .try_get_matches_from(["stdgraph"])
            .expect("every setting has a default");
        Self::from_arg_matches(&matches).expect("the defaults are valid settings")
    }
}

/// Settings that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the key file {file}: {source}")]
    KeyFileUnreadable {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("in the key file {file}: {source}")]
    KeyFile { file: PathBuf, source: KeyError },
    #[error("in STDGRAPH_KEYS: {0}")]
    Keys(KeyError),
    #[error("--reads-require-key needs at least one key (--keys-file or STDGRAPH_KEYS)")]
    ReadsRequireKeyWithoutKeys,
}

impl Config {
    /// The largest request body a holder of an editor's or admin's key may send: room for an
    /// `ingest` of `ingest_max_bytes` in base64 (4 characters per 3 bytes) plus `max_body_bytes`
    /// for the query around it and the JSON escapes of a plain text. Bodies are read before they
    /// run, so only writers, whose key is checked first, get the larger limit; everyone else keeps
    /// `max_body_bytes`. A larger ingest gets 413 naming both settings; a decoded text above
    /// `ingest_max_bytes` gets `INVALID_INPUT` (reason `TOO_LARGE`).
    pub fn body_limit_for_writers(&self) -> usize {
        let base64 = self.ingest_max_bytes.div_ceil(3).saturating_mul(4);
        base64
            .saturating_add(self.max_body_bytes)
            .max(self.max_body_bytes)
    }

    /// A request that takes longer is answered with 408.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// A client must send its request headers within this time.
    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_secs(self.header_read_timeout_secs)
    }

    /// Loads the keys of `--keys-file` and `--keys`, and checks that the settings can be used together.
    pub fn keys(&self) -> Result<Keys, ConfigError> {
        let mut keys = Keys::default();
        if let Some(file) = &self.keys_file {
            let text =
                std::fs::read_to_string(file).map_err(|source| ConfigError::KeyFileUnreadable {
                    file: file.clone(),
                    source,
                })?;
            let in_file = |source| ConfigError::KeyFile {
                file: file.clone(),
                source,
            };
            keys.merge(Keys::from_toml(&text).map_err(in_file)?)
                .map_err(in_file)?;
        }
        if let Some(spec) = &self.keys {
            keys.merge(Keys::from_spec(spec).map_err(ConfigError::Keys)?)
                .map_err(ConfigError::Keys)?;
        }
        if self.reads_require_key && keys.is_empty() {
            return Err(ConfigError::ReadsRequireKeyWithoutKeys);
        }
        Ok(keys)
    }
}

/// An origin as browsers send it: scheme and host (and port), nothing else.
fn parse_origin(s: &str) -> Result<String, String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['/', ' ', ',']) && s.is_ascii() => {
            Ok(s.to_owned())
        }
        _ => Err(format!(
            "`{s}` is not an origin such as https://app.example.org"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Config::default()` is what an empty command line gives, whatever the environment says.
    #[test]
    fn defaults_ignore_the_environment() {
        // SAFETY: the library's tests read the environment only through std, whose environment lock
        // orders those reads with this write.
        unsafe { std::env::set_var("STDGRAPH_MAX_DEPTH", "3") };
        let config = Config::default();
        unsafe { std::env::remove_var("STDGRAPH_MAX_DEPTH") };
        assert_eq!(config.max_depth, 16);
        assert_eq!(config.addr, SocketAddr::from(([127, 0, 0, 1], 8080)));
        assert!(!config.reads_require_key);
    }

    #[test]
    fn reads_require_key_needs_a_key() {
        let config = Config {
            reads_require_key: true,
            ..Config::default()
        };
        assert!(matches!(
            config.keys(),
            Err(ConfigError::ReadsRequireKeyWithoutKeys)
        ));
    }

    /// The README's table of settings names every flag's variable and gives the default that
    /// `Config` has (a dynamic default, such as one thread per CPU, is described in words).
    #[test]
    fn the_readme_gives_every_setting_with_its_default() {
        let readme = include_str!("../README.md");
        let mut command = Config::augment_args(clap::Command::new("stdgraph"));
        command.build();
        for arg in command.get_arguments().filter(|a| a.get_id() != "help") {
            let variable = arg
                .get_env()
                .and_then(|v| v.to_str())
                .unwrap_or_else(|| panic!("--{} has no STDGRAPH_* variable", arg.get_id()));
            let row = readme
                .lines()
                .find(|l| l.starts_with("| `--") && l.contains(&format!("`{variable}`")))
                .unwrap_or_else(|| panic!("the README's table does not name {variable}"));
            let cell = row.split('|').nth(3).expect("a default column").trim();
            let cell = cell.trim_matches('`');
            let default = arg
                .get_default_values()
                .first()
                .map(|v| v.to_string_lossy().into_owned());
            match (default.as_deref(), cell) {
                (None, "none") | (Some("false"), "off") => {}
                (Some(_), "one per CPU") if arg.get_id() == "long_read_workers" => {}
                (Some(value), _) => assert_eq!(cell, value, "{variable}"),
                (None, _) => panic!("{variable}: the README says {cell}, Config has no default"),
            }
        }
    }
}
