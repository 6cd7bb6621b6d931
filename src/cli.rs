//! The command line: `serve` (the default), `check`, `schema`, `import`, `export`.
//!
//! Every flag has a `STDGRAPH_*` environment variable. This is the only module, with `main`, that uses
//! `anyhow`: errors here end the process with a message, so context matters more than type.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use crate::api::{Access, Limits};
use crate::app::long_reads::LongReadLimits;
use crate::app::{App, Change, creation_order};
use crate::auth::{Keys, Role};
use crate::graph::TopicVia;
use crate::http::ratelimit::Quotas;
use crate::http::{self, ServerConfig};
use crate::interchange::export::{self, Format, Spec};
use crate::interchange::{check, nodelink, seed};
use crate::model::{NodeKind, RelationKind};

/// stdgraph: a GraphQL knowledge-graph server for standardization intelligence.
/// Changes per batch when importing (see `App::apply_in_chunks`).
const IMPORT_CHUNK: usize = 20_000;

#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Cli {
    /// Folder of the embedded sled store; created and seeded on first use.
    #[arg(
        long,
        global = true,
        env = "STDGRAPH_DATA",
        default_value = "./data",
        alias = "db"
    )]
    pub data: PathBuf,

    /// Log lines as `text` (for people) or `json` (one object per line, for log collectors).
    #[arg(
        long,
        global = true,
        env = "STDGRAPH_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve GraphQL at /graphql and GraphiQL at /graphiql (the default command).
    Serve(ServeArgs),
    /// Validate a seed folder and print counts by node kind and relation kind.
    Check {
        /// Seed folder to check; without it, the seed compiled into this binary.
        #[arg(long)]
        seed: Option<PathBuf>,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Add the nodes and links of a networkx node-link JSON file to the store, all or nothing. Into a new
    /// store, the file replaces the seed.
    Import {
        /// The node-link JSON file.
        #[arg(required_unless_present = "input")]
        file: Option<PathBuf>,
        /// Same as FILE.
        #[arg(long, conflicts_with = "file")]
        input: Option<PathBuf>,
    },
    /// Write the graph, or part of it, for analytics tools: node-link JSON (`.json`, `-` for standard
    /// output), GraphML (`.graphml`), or CSV (`nodes.csv`, `edges.csv`).
    Export(ExportArgs),
    /// Make API keys: `keys new` prints a fresh key and the line that configures it; `keys hash`
    /// prints the digest of a key read from standard input.
    #[command(subcommand)]
    Keys(KeysCommand),
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Print a new random key, and the `[[keys]]` entry (with its digest) for the key file.
    New {
        /// Who holds the key; history records changes under this name.
        #[arg(long)]
        name: String,
        /// reader, editor or admin.
        #[arg(long, default_value = "editor")]
        role: Role,
    },
    /// Read a key from standard input and print its SHA-256 digest.
    Hash,
}

#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    /// Output file; its name picks the format unless `--format` is given.
    pub file: PathBuf,
    /// json, graphml, nodes-csv or edges-csv.
    #[arg(long)]
    pub format: Option<Format>,
    /// Export only the neighbourhood of this node (id, name or abbreviation).
    #[arg(long)]
    pub center: Option<String>,
    /// Steps from `--center`.
    #[arg(long)]
    pub depth: Option<usize>,
    /// Only nodes of these kinds (comma-separated: Agency,Standard).
    #[arg(long, value_parser = Spec::parse_kinds)]
    pub kinds: Option<Vec<NodeKind>>,
    /// Only relations of these kinds (comma-separated: issued_by,part_of).
    #[arg(long, value_parser = Spec::parse_relation_kinds)]
    pub relation_kinds: Option<Vec<RelationKind>>,
    /// Only nodes covering this topic (id or name) or its sub-topics.
    #[arg(long)]
    pub topic: Option<String>,
    /// Which relations tie a node to `--topic`: `covers` (`covers_topic` only, the default) or
    /// `all` (also `discussed` and `part_of`).
    #[arg(long, requires = "topic", value_parser = Spec::parse_topic_via)]
    pub topic_via: Option<TopicVia>,
    /// Write the change history instead of the graph: JSON Lines, one recorded change per line,
    /// oldest first (seq, at_ms, actor, op, target, before, after).
    #[arg(long, conflicts_with_all = ["format", "center", "depth", "kinds", "relation_kinds", "topic", "topic_via"])]
    pub history: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(
        long,
        env = "STDGRAPH_ADDR",
        default_value = "127.0.0.1:8080",
        alias = "listen"
    )]
    pub addr: SocketAddr,
    /// Rewrite the graph image (which restarts read) once it is this many changes behind. A start
    /// after a crash replays at most about this many changes from the store.
    #[arg(long, env = "STDGRAPH_IMAGE_REFRESH", default_value_t = IMAGE_REFRESH, value_parser = clap::value_parser!(u64).range(1..))]
    pub image_refresh: u64,
    /// Largest request body, in bytes.
    #[arg(long, env = "STDGRAPH_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// Seconds before a request is answered with 408.
    #[arg(long, env = "STDGRAPH_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Deepest selection nesting a query may use.
    #[arg(long, env = "STDGRAPH_MAX_DEPTH", default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Highest complexity a query may have (each field costs 1; a page costs its fields times `first`).
    #[arg(long, env = "STDGRAPH_MAX_COMPLEXITY", default_value_t = Limits::default().max_complexity)]
    pub max_complexity: usize,
    /// Most aliases in one query.
    #[arg(long, env = "STDGRAPH_MAX_ALIASES", default_value_t = Limits::default().max_aliases)]
    pub max_aliases: usize,
    /// Most field selections in one query, fragments included.
    #[arg(long, env = "STDGRAPH_MAX_SELECTIONS", default_value_t = Limits::default().max_selections)]
    pub max_selections: usize,
    /// Largest `first` a query may ask for (at most 1000).
    #[arg(long, env = "STDGRAPH_MAX_PAGE_SIZE", default_value_t = Limits::default().max_page_size)]
    pub max_page_size: usize,
    /// Most directives on one field.
    #[arg(long, env = "STDGRAPH_MAX_DIRECTIVES", default_value_t = Limits::default().max_directives)]
    pub max_directives: usize,
    /// Deepest nesting the parser and validator follow (lists, objects, selections).
    #[arg(long, env = "STDGRAPH_MAX_RECURSIVE_DEPTH", default_value_t = Limits::default().max_recursive_depth)]
    pub max_recursive_depth: usize,
    /// Requests executing at once; more get 503 at once instead of queueing.
    #[arg(long, env = "STDGRAPH_MAX_CONCURRENT_REQUESTS", default_value_t = 256)]
    pub max_concurrent_requests: usize,
    /// Open connections at once; more are closed at once.
    #[arg(long, env = "STDGRAPH_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Open connections at once from one client address (an IPv6 /64 counts as one); more are
    /// closed at once.
    #[arg(long, env = "STDGRAPH_MAX_CONNECTIONS_PER_IP", default_value_t = 128)]
    pub max_connections_per_ip: usize,
    /// Seconds a client has to send its request headers, from accept (a connection that sends
    /// nothing is closed then).
    #[arg(long, env = "STDGRAPH_HEADER_READ_TIMEOUT_SECS", default_value_t = 10)]
    pub header_read_timeout_secs: u64,
    /// Queries per minute per client (key holder, or IP address without a key); 0 for no limit.
    #[arg(long, env = "STDGRAPH_RATE_LIMIT_QUERIES", default_value_t = Quotas::default().queries_per_minute)]
    pub rate_limit_queries: u32,
    /// Mutations per minute per client; 0 for no limit.
    #[arg(long, env = "STDGRAPH_RATE_LIMIT_MUTATIONS", default_value_t = Quotas::default().mutations_per_minute)]
    pub rate_limit_mutations: u32,
    /// Exports (`/export/*`) per minute per client; 0 for no limit.
    #[arg(long, env = "STDGRAPH_RATE_LIMIT_EXPORTS", default_value_t = Quotas::default().exports_per_minute)]
    pub rate_limit_exports: u32,
    /// Threads that run long reads (analytics, path searches, exports) off the threads that answer
    /// other requests, at a lower CPU priority; by default one per CPU.
    #[arg(long, env = "STDGRAPH_LONG_READ_WORKERS", default_value_t = LongReadLimits::default().workers)]
    pub long_read_workers: usize,
    /// Long reads that may wait for a thread; more are answered 503 at once.
    #[arg(long, env = "STDGRAPH_LONG_READ_QUEUE", default_value_t = LongReadLimits::default().queue)]
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
    /// Require a key (any role) for queries and subscriptions too; by default reads are open.
    #[arg(long, env = "STDGRAPH_READS_REQUIRE_KEY")]
    pub reads_require_key: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            image_refresh: IMAGE_REFRESH,
            max_body_bytes: 1 << 20,
            request_timeout_secs: 30,
            max_depth: Limits::default().max_depth,
            max_complexity: Limits::default().max_complexity,
            max_aliases: Limits::default().max_aliases,
            max_selections: Limits::default().max_selections,
            max_page_size: Limits::default().max_page_size,
            max_directives: Limits::default().max_directives,
            max_recursive_depth: Limits::default().max_recursive_depth,
            max_concurrent_requests: 256,
            max_connections: 1024,
            max_connections_per_ip: 128,
            header_read_timeout_secs: 10,
            rate_limit_queries: Quotas::default().queries_per_minute,
            rate_limit_mutations: Quotas::default().mutations_per_minute,
            rate_limit_exports: Quotas::default().exports_per_minute,
            long_read_workers: LongReadLimits::default().workers,
            long_read_queue: LongReadLimits::default().queue,
            disable_introspection: false,
            disable_suggestions: false,
            disable_query_plans: false,
            cors_origins: Vec::new(),
            keys_file: None,
            keys: None,
            reads_require_key: false,
        }
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

impl ServeArgs {
    fn server_config(&self) -> anyhow::Result<ServerConfig> {
        let mut keys = Keys::default();
        if let Some(file) = &self.keys_file {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the key file {}", file.display()))?;
            let from_file = Keys::from_toml(&text)
                .with_context(|| format!("in the key file {}", file.display()))?;
            keys.merge(from_file)?;
        }
        if let Some(spec) = &self.keys {
            keys.merge(Keys::from_spec(spec).context("in STDGRAPH_KEYS")?)?;
        }
        if self.reads_require_key && keys.is_empty() {
            bail!("--reads-require-key needs at least one key (--keys-file or STDGRAPH_KEYS)");
        }
        if keys.is_empty() {
            tracing::warn!("no API keys configured: the graph is read-only over the API");
        } else {
            tracing::info!(
                keys = keys.len(),
                reads_require_key = self.reads_require_key,
                "API keys loaded"
            );
        }
        let access = Access {
            keys,
            reads_require_key: self.reads_require_key,
        };
        Ok(ServerConfig {
            max_body_bytes: self.max_body_bytes,
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            limits: Limits {
                max_depth: self.max_depth,
                max_complexity: self.max_complexity,
                max_aliases: self.max_aliases,
                max_selections: self.max_selections,
                max_page_size: self.max_page_size,
                max_directives: self.max_directives,
                max_recursive_depth: self.max_recursive_depth,
                introspection: !self.disable_introspection,
                suggestions: !self.disable_suggestions,
            },
            cors_origins: self.cors_origins.clone(),
            access,
            max_concurrent_requests: self.max_concurrent_requests,
            max_connections: self.max_connections,
            max_connections_per_ip: self.max_connections_per_ip,
            header_read_timeout: Duration::from_secs(self.header_read_timeout_secs),
            quotas: Quotas {
                queries_per_minute: self.rate_limit_queries,
                mutations_per_minute: self.rate_limit_mutations,
                exports_per_minute: self.rate_limit_exports,
            },
            query_plans: !self.disable_query_plans,
            long_read_workers: self.long_read_workers,
            long_read_queue: self.long_read_queue,
        })
    }
}

impl Cli {
    /// Parses the command line; without a command it is `serve`, with every flag and `STDGRAPH_*`
    /// variable that `serve` reads.
    pub fn parse_with_default() -> Self {
        Self::parse_args_with_default(std::env::args_os().collect())
    }

    /// [`Cli::parse_with_default`] over given arguments (the first is the program name). Serve's
    /// flags work without the word `serve`: `stdgraph --keys-file keys.toml`.
    pub fn parse_args_with_default(args: Vec<std::ffi::OsString>) -> Self {
        match Self::try_parse_from(&args) {
            Ok(cli) if cli.command.is_some() => cli,
            first => {
                let mut with_serve = args.clone();
                with_serve.insert(1.min(args.len()), "serve".into());
                match Self::try_parse_from(&with_serve) {
                    Ok(cli) => cli,
                    // Report the problem with the command line as the user typed it.
                    Err(e) => first.err().unwrap_or(e).exit(),
                }
            }
        }
    }
}

/// The seed compiled into the binary, as changes.
pub fn seed_changes() -> anyhow::Result<Vec<Change>> {
    let seed = seed::embedded().context("the embedded seed is malformed")?;
    Ok(creation_order(seed.nodes, seed.relations))
}

/// Opens the store, seeding it from the embedded seed when it is new.
pub fn open_app(data: &Path) -> anyhow::Result<App> {
    let changes = seed_changes()?;
    App::open(data, || changes)
        .with_context(|| format!("cannot open the store in {}", data.display()))
}

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::default()))
    {
        Command::Serve(args) => serve(&cli.data, args).await,
        Command::Check { seed: dir } => {
            let seed = match &dir {
                Some(d) => seed::from_dir(d)?,
                None => seed::embedded()?,
            };
            let report = check::check(seed);
            print!("{}", report.render());
            if !report.passed() {
                bail!("the seed has {} problem(s)", report.problems.len());
            }
            Ok(())
        }
        Command::Schema => {
            print!("{}", crate::api::sdl());
            Ok(())
        }
        Command::Import { file, input } => {
            let file = file.or(input).expect("clap requires FILE or --input");
            let (nodes, relations) = {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                nodelink::import(&text)?
            };
            let app = App::open(&cli.data, Vec::new)
                .with_context(|| format!("cannot open {}", cli.data.display()))?;
            let started = std::time::Instant::now();
            let outcome =
                app.apply_in_chunks(creation_order(nodes, relations), "import", IMPORT_CHUNK)?;
            println!(
                "imported {} nodes and {} relations in {:.2}s",
                outcome.written.len(),
                outcome.linked.len(),
                started.elapsed().as_secs_f64()
            );
            // The next start reads the graph from its image rather than from every record.
            app.save_image()
                .context("the import is stored, but writing the graph image failed")?;
            app.close_after_bulk_write()
                .context("the import is stored, but reopening the store failed")?;
            Ok(())
        }
        Command::Export(args) if args.history => {
            let app = open_app(&cli.data)?;
            write_history(&app, &args.file)
        }
        Command::Export(args) => {
            let file = &args.file;
            let name = file.to_string_lossy();
            let format = match args.format.or_else(|| Format::from_file_name(&name)) {
                Some(f) => f,
                None => bail!("cannot tell the format from `{name}`; pass --format"),
            };
            let spec = Spec {
                center: args.center,
                depth: args.depth,
                kinds: args.kinds.unwrap_or_default(),
                relation_kinds: args.relation_kinds.unwrap_or_default(),
                topic: args.topic,
                topic_via: args.topic_via.unwrap_or_default(),
                limit: None,
            };
            let app = open_app(&cli.data)?;
            let text =
                export::render(&app.snapshot(), &spec, format).map_err(anyhow::Error::msg)?;
            write_output(file, &text)
        }
        Command::Keys(KeysCommand::New { name, role }) => {
            let key = crate::auth::new_key()?;
            let digest = crate::auth::digest_hex(&key);
            // Check the name now rather than when the server starts.
            Keys::from_spec(&format!("{name}:{role}:{digest}"))?;
            println!("key (give it to {name}; it is not stored anywhere):\n  {key}\n");
            println!("key file entry (--keys-file):");
            println!("[[keys]]\nname = \"{name}\"\nrole = \"{role}\"\nsha256 = \"{digest}\"\n");
            println!("or in the environment:\n  STDGRAPH_KEYS={name}:{role}:{digest}");
            Ok(())
        }
        Command::Keys(KeysCommand::Hash) => {
            let mut key = String::new();
            std::io::stdin().read_line(&mut key)?;
            let key = key.trim();
            if key.is_empty() {
                bail!("no key on standard input");
            }
            println!("{}", crate::auth::digest_hex(key));
            Ok(())
        }
    }
}

/// Writes the whole history as JSON Lines, a page at a time.
fn write_history(app: &App, file: &Path) -> anyhow::Result<()> {
    let out: Box<dyn std::io::Write> = if file.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(
            std::fs::File::create(file)
                .with_context(|| format!("cannot write {}", file.display()))?,
        )
    };
    let mut out = std::io::BufWriter::new(out);
    let mut after = 0;
    loop {
        let page = app.changes(after, 10_000)?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for record in &page {
            serde_json::to_writer(&mut out, record)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_output(file: &Path, text: &str) -> anyhow::Result<()> {
    if file.as_os_str() == "-" {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        std::fs::write(file, text).with_context(|| format!("cannot write {}", file.display()))?;
    }
    Ok(())
}

/// How long a shutdown waits for requests in flight before it flushes and exits anyway. Writes that
/// were acknowledged are already on disk; one still running when the grace period ends is either
/// committed whole or not at all.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

async fn serve(data: &Path, args: ServeArgs) -> anyhow::Result<()> {
    let app = Arc::new(tokio::task::block_in_place(|| open_app(data))?);
    let graph = app.snapshot();
    tracing::info!(nodes = graph.node_count(), relations = graph.relation_count(), data = %data.display(), "graph loaded");
    drop(graph);
    let (keeper, refresh) = (Arc::downgrade(&app), args.image_refresh);
    std::thread::Builder::new()
        .name("stdgraph-image".into())
        .spawn(move || keep_image(&keeper, refresh))
        .context("cannot start the thread that writes the graph image")?;
    let mut signal =
        http::ShutdownSignal::install().context("cannot listen for shutdown signals")?;
    let running = http::start(app.clone(), args.addr, &args.server_config()?)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    println!("listening on http://{}", running.addr);
    signal.recv().await;
    tracing::info!("shutting down: finishing requests in flight");
    // Subscriptions end now; requests in flight (writes included) get up to the grace period.
    app.close_feed();
    tokio::select! {
        stopped = running.stop() => stopped?,
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!(grace_secs = SHUTDOWN_GRACE.as_secs(), "requests still running after the grace period; stopping anyway");
        }
        () = signal.recv() => tracing::warn!("second signal: stopping now"),
    }
    app.flush()
        .context("flushing the store on shutdown failed")?;
    tracing::info!("store flushed");
    save_image(&app);
    tracing::info!("bye");
    Ok(())
}

/// How many changes the graph image may fall behind by default (`--image-refresh`). At 1M nodes
/// writing it takes 3-4 s of one core; a start after a crash replays at most about this many changes
/// (plus those made while the image was written).
const IMAGE_REFRESH: u64 = 10_000;

/// How often the graph image's lag is checked (two uncontended locks).
const IMAGE_CHECK: Duration = Duration::from_secs(1);

/// The longest pause between attempts when writing the graph image keeps failing.
const IMAGE_RETRY_MAX: Duration = Duration::from_secs(600);

/// Keeps the graph image near the graph while the server runs, on its own thread (requests are
/// served meanwhile): at once when the start found no usable image, then whenever it falls `refresh`
/// changes behind. After a failed write (a full disk, a read-only directory) it waits twice as long
/// before each new attempt, up to [`IMAGE_RETRY_MAX`]. Ends when the app is dropped.
fn keep_image(app: &std::sync::Weak<App>, refresh: u64) {
    let mut pause = IMAGE_CHECK;
    loop {
        let Some(app) = app.upgrade() else { return };
        if app.image_lag().is_none_or(|lag| lag >= refresh) {
            pause = if save_image(&app) {
                IMAGE_CHECK
            } else {
                (pause * 2).min(IMAGE_RETRY_MAX)
            };
        }
        drop(app);
        std::thread::sleep(pause);
    }
}

/// Writes the graph image if the one on disk is behind; false when that failed. A failure costs only
/// a slower next start, so it is logged, not raised.
fn save_image(app: &App) -> bool {
    match app.save_image() {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(error = %e, "cannot write the graph image; the next start rebuilds the graph from the store");
            false
        }
    }
}
