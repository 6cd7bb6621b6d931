//! The `stdgraph` binary: the command line, logging set-up, then the command.

use stdgraph::cli::{Cli, LogFormat};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse_with_default();
    let filter = tracing_subscriber::EnvFilter::try_from_env("STDGRAPH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    stdgraph::cli::run(cli).await
}
