//! The `stdgraph` binary: logging set-up, then the command line.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("STDGRAPH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    stdgraph::cli::run(stdgraph::cli::Cli::parse_with_default()).await
}
