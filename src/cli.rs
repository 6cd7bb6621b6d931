//! The command line: `serve` (the default), `check`, `schema`, `import`, `export`, `ingest`, `keys`.
//!
//! Every flag has a `STDGRAPH_*` environment variable. This is the only module, with `main`, that uses
//! `anyhow`: errors here end the process with a message, so context matters more than type.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use crate::app::{App, WriteOptions, creation_order};
use crate::auth::{Keys, Role};
use crate::config::Config;
use crate::graph::TopicVia;
use crate::ingest;
use crate::interchange::export::{self, Format, Spec};
use crate::interchange::{check, nodelink, seed};
use crate::model::{NodeKind, RelationKind};
use crate::server;

/// stdgraph: a GraphQL knowledge-graph server for standardization intelligence.
/// Changes per batch when importing (see `WriteOptions::in_chunks`).
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
    Serve(Config),
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
    /// Read newsletter issues or web pages and store what they propose to add to the graph, for
    /// review in the explorer (`/explore#/ingest/<id>`) or through GraphQL (`reviewProposal`). Into
    /// a running server with `--url` and `--key` (an editor's), else into the stopped store of
    /// `--data`. Nothing changes in the graph until items are accepted.
    Ingest(IngestArgs),
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
pub struct IngestArgs {
    /// The files: plain text in a newsletter's layout, Markdown, HTML or PDF; one proposal each.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The format; detected from the content when not given.
    #[arg(long)]
    pub format: Option<IngestFormat>,
    /// The issue (`2020-03`), when the text does not say it.
    #[arg(long)]
    pub issue: Option<String>,
    /// The publication, when the text does not say it.
    #[arg(long)]
    pub publication: Option<String>,
    /// A running server to send the files to (`http://127.0.0.1:8080`); without it, the store of
    /// `--data` is opened, which must not be in use by a server.
    #[arg(long, env = "STDGRAPH_URL")]
    pub url: Option<String>,
    /// An editor's API key for `--url`.
    #[arg(long, env = "STDGRAPH_KEY", hide_env_values = true, requires = "url")]
    pub key: Option<String>,
}

/// The formats `stdgraph ingest` reads.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum IngestFormat {
    Text,
    Markdown,
    Html,
    Pdf,
}

impl IngestFormat {
    fn format(self) -> ingest::Format {
        match self {
            Self::Text => ingest::Format::Text,
            Self::Markdown => ingest::Format::Markdown,
            Self::Html => ingest::Format::Html,
            Self::Pdf => ingest::Format::Pdf,
        }
    }

    /// The value of the API's `IngestFormat`.
    fn graphql(self) -> &'static str {
        match self {
            Self::Text => "TEXT",
            Self::Markdown => "MARKDOWN",
            Self::Html => "HTML",
            Self::Pdf => "PDF",
        }
    }
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

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(Config::default()))
    {
        Command::Serve(config) => {
            let signals = server::signals().context("cannot listen for shutdown signals")?;
            Ok(server::run(&cli.data, &config, signals).await?)
        }
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
            let app = Arc::new(app);
            let started = std::time::Instant::now();
            let changes = creation_order(nodes, relations);
            let options = WriteOptions::in_chunks(IMPORT_CHUNK);
            let outcome = app.write(changes, "import", options).await?.outcome;
            println!(
                "imported {} nodes and {} relations in {:.2}s",
                outcome.written.len(),
                outcome.linked.len(),
                started.elapsed().as_secs_f64()
            );
            // The next start reads the graph from its image rather than from every record.
            app.save_image()
                .context("the import is stored, but writing the graph image failed")?;
            Arc::into_inner(app)
                .context("the import is stored, but the store is still in use")?
                .close_after_bulk_write()
                .context("the import is stored, but reopening the store failed")?;
            Ok(())
        }
        Command::Export(args) if args.history => {
            let app = server::open_app(&cli.data)?;
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
            let app = server::open_app(&cli.data)?;
            let text =
                export::render(&app.snapshot(), &spec, format).map_err(anyhow::Error::msg)?;
            write_output(file, &text)
        }
        Command::Ingest(args) => ingest_files(&cli.data, args).await,
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

/// `stdgraph ingest`: each file into a running server (`--url`) or into the stopped store of `data`.
async fn ingest_files(data: &Path, args: IngestArgs) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for file in &args.files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        files.push((file, bytes));
    }
    if let Some(url) = &args.url {
        let Some(key) = &args.key else {
            bail!("--url needs --key: an editor's API key (or STDGRAPH_KEY)");
        };
        for (file, bytes) in files {
            let shown = send_ingest(url, key, &args, &bytes)
                .await
                .with_context(|| format!("{} was not ingested", file.display()))?;
            print_proposal(file, &shown, Some(url));
        }
        return Ok(());
    }
    let app = server::open_app(data).with_context(|| {
        format!(
            "cannot open the store {} (if a server is running on it, ingest through the server \
             with --url and --key instead)",
            data.display()
        )
    })?;
    let options = ingest::IngestOptions {
        format: args.format.map(IngestFormat::format),
        issue: args.issue.clone(),
        publication: args.publication.clone(),
        max_bytes: Config::default().ingest_max_bytes,
    };
    for (file, bytes) in files {
        let before: Vec<String> = app
            .proposals(None, usize::MAX)?
            .into_iter()
            .map(|s| s.id)
            .collect();
        let stored = app
            .ingest_blocking(&bytes, &options, None)
            .with_context(|| format!("{} was not ingested", file.display()))?;
        let shown = ShownProposal {
            id: stored.proposal.id.clone(),
            again: before.contains(&stored.proposal.id),
            articles: stored.proposal.articles.len(),
            ops: stored
                .proposal
                .items
                .iter()
                .map(|i| op_name(&i.change).to_owned())
                .collect(),
            pending: stored.counts().0,
        };
        print_proposal(file, &shown, None);
    }
    app.flush()
        .context("the proposals are stored, but flushing the store failed")?;
    Ok(())
}

/// What `stdgraph ingest` prints of a proposal.
struct ShownProposal {
    id: String,
    /// The text was ingested before: this is the proposal stored then.
    again: bool,
    articles: usize,
    /// Each item's op, in the API's spelling.
    ops: Vec<String>,
    pending: usize,
}

fn op_name(change: &ingest::ItemChange) -> &'static str {
    match change {
        ingest::ItemChange::CreateNode { .. } => "CREATE_NODE",
        ingest::ItemChange::SetField { .. } => "SET_FIELD",
        ingest::ItemChange::Link { .. } => "LINK",
        ingest::ItemChange::CorroborateNode { .. } => "CORROBORATE_NODE",
        ingest::ItemChange::CorroborateRelation { .. } => "CORROBORATE_RELATION",
    }
}

fn print_proposal(file: &Path, p: &ShownProposal, url: Option<&str>) {
    let again = if p.again {
        " (this text was ingested before; this is its proposal)"
    } else {
        ""
    };
    println!("{}: {}{again}", file.display(), p.id);
    println!(
        "  {} article(s), {} item(s), {} pending",
        p.articles,
        p.ops.len(),
        p.pending
    );
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for op in &p.ops {
        match counts.iter_mut().find(|(o, _)| o == op) {
            Some((_, n)) => *n += 1,
            None => counts.push((op, 1)),
        }
    }
    for (op, n) in counts {
        println!("  {op}: {n}");
    }
    let base = url.map_or_else(
        || "http://<server>".to_owned(),
        |u| u.trim_end_matches('/').to_owned(),
    );
    println!(
        "  review it in the explorer: {base}/explore#/ingest/{}",
        p.id
    );
    println!(
        "  or in GraphQL: {{ proposal(id: \"{}\") {{ items(status: PENDING) {{ id summary }} }} }}, then \
         mutation {{ reviewProposal(id: \"{}\", accept: [...], reject: [...]) {{ applied }} }}",
        p.id, p.id
    );
}

/// The `ingest` mutation a CLI sends: the file in base64, so any bytes (PDF, GB18030) arrive as
/// they are.
const INGEST_MUTATION: &str = "mutation Ingest($text: String!, $format: IngestFormat, \
$issue: String, $publication: String) { ingest(text: $text, format: $format, encoding: BASE64, \
issue: $issue, publication: $publication) { id pending articles { source } items { op } } }";

/// Sends one file to the `ingest` mutation of the server at `url`.
async fn send_ingest(
    url: &str,
    key: &str,
    args: &IngestArgs,
    bytes: &[u8],
) -> anyhow::Result<ShownProposal> {
    use base64::Engine as _;
    let endpoint = format!("{}/graphql", url.trim_end_matches('/'));
    let body = serde_json::json!({
        "query": INGEST_MUTATION,
        "variables": {
            "text": base64::engine::general_purpose::STANDARD.encode(bytes),
            "format": args.format.map(IngestFormat::graphql),
            "issue": args.issue,
            "publication": args.publication,
        },
    });
    let known = graphql(
        &endpoint,
        key,
        &serde_json::json!({"query": "{ proposals(first: 1000) { id } }"}),
    )
    .await?;
    let before: Vec<&str> = known["data"]["proposals"]
        .as_array()
        .map(|list| list.iter().filter_map(|p| p["id"].as_str()).collect())
        .unwrap_or_default();
    let answer = graphql(&endpoint, key, &body).await?;
    let proposal = &answer["data"]["ingest"];
    let id = proposal["id"]
        .as_str()
        .context("the server's answer has no proposal id")?
        .to_owned();
    let ops: Vec<String> = proposal["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["op"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Ok(ShownProposal {
        again: before.contains(&id.as_str()),
        id,
        articles: proposal["articles"].as_array().map_or(0, Vec::len),
        pending: proposal["pending"].as_u64().unwrap_or(0) as usize,
        ops,
    })
}

/// Posts a GraphQL request to `endpoint` as the holder of `key`; its answer, or the first error it
/// holds, with its code and reason.
async fn graphql(
    endpoint: &str,
    key: &str,
    body: &serde_json::Value,
) -> anyhow::Result<serde_json::Value> {
    let response = reqwest::Client::new()
        .post(endpoint)
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .with_context(|| format!("cannot reach {endpoint}"))?;
    let status = response.status();
    let answer: serde_json::Value = response
        .json()
        .await
        .with_context(|| format!("{endpoint} answered {status} without a GraphQL body"))?;
    if let Some(error) = answer["errors"].get(0) {
        let code = error["extensions"]["code"].as_str().unwrap_or("ERROR");
        let reason = error["extensions"]["reason"]
            .as_str()
            .map(|r| format!(", {r}"))
            .unwrap_or_default();
        let message = error["message"].as_str().unwrap_or("no message");
        bail!("the server refused it ({code}{reason}): {message}");
    }
    Ok(answer)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `serve`'s flags are `Config`'s, with or without the word `serve`, and reach the layers' views.
    #[test]
    fn serve_flags_fill_the_config() {
        let args = ["stdgraph", "--max-depth", "3", "--disable-introspection"];
        let cli = Cli::parse_args_with_default(args.iter().map(Into::into).collect());
        let Some(Command::Serve(config)) = cli.command else {
            panic!("not serve: {cli:?}")
        };
        assert_eq!(config.max_depth, 3);
        let limits = crate::api::Limits::from(&config);
        assert!(!limits.introspection);
        assert_eq!(limits.max_complexity, Config::default().max_complexity);
    }
}
