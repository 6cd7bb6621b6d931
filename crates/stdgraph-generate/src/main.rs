//! `stdgraph-generate`: writes a deterministic synthetic standardization graph as node-link JSON, which
//! `stdgraph import` loads and the benchmark scripts time (see the library's documentation for its shape).
//!
//! ```text
//! cargo run --release -p stdgraph-generate -- --nodes 100000 --seed 42 --out graph.json
//! ```

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Parser;
use stdgraph::interchange::nodelink;
use stdgraph_generate::{MIN_NODES, generate};

/// Write a deterministic synthetic standardization graph as node-link JSON (for benchmarks).
#[derive(Parser, Debug)]
#[command(name = "stdgraph-generate", version)]
struct Args {
    /// Number of nodes.
    #[arg(long, default_value_t = 10_000)]
    nodes: usize,
    /// Random seed; the same nodes and seed always give the same graph.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output file (`-` for standard output).
    #[arg(long, default_value = "-")]
    out: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.nodes < MIN_NODES {
        bail!(
            "a synthetic graph needs at least {MIN_NODES} nodes, not {}",
            args.nodes
        );
    }
    let (nodes, relations) = generate(args.nodes, args.seed);
    let text = serde_json::to_string(&nodelink::write_parts(&nodes, &relations))?;
    if args.out.as_os_str() == "-" {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        std::fs::write(&args.out, text)
            .with_context(|| format!("cannot write {}", args.out.display()))?;
    }
    Ok(())
}
