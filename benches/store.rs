//! Criterion benchmarks of the write and start-up paths: a store opened and its graph rebuilt (what a
//! restart costs), one small mutation committed (copy of the graph, validation, sled batch, flush,
//! publication), a chunked import (up to 20k nodes), and the graph copy every write starts with. Graphs come from
//! the `stdgraph-generate` crate (seed 42); sizes from `STDGRAPH_BENCH_SIZES` (default `10000,100000`).
//!
//! ```sh
//! cargo bench --bench store
//! ```

mod common;

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stdgraph::app::{App, Change, Patch, WriteOptions, creation_order};
use stdgraph::graph::KnowledgeGraph;
use stdgraph::model::{NodeId, NodeKind};
use stdgraph_generate::generate;

/// A store in a temporary folder holding the generated graph of `nodes` nodes.
fn store_with(nodes: usize) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = App::open(dir.path(), Vec::new).expect("a new store opens");
    let (nodes, relations) = generate(nodes, 42);
    app.write_blocking(
        creation_order(nodes, relations),
        "bench",
        WriteOptions::in_chunks(20_000),
    )
    .expect("generated graphs are valid");
    (dir, app)
}

/// The largest graph the import benchmark runs on.
const IMPORT_BENCH_MAX_NODES: usize = 20_000;

fn benches(c: &mut Criterion) {
    for n in common::sizes() {
        let mut group = c.benchmark_group("store");
        group.sample_size(10);

        // An import of 100k nodes takes half a minute; ten samples of it would take minutes.
        if n <= IMPORT_BENCH_MAX_NODES {
            group.bench_with_input(BenchmarkId::new("import_chunked", n), &n, |bench, &n| {
                bench.iter_with_setup(
                    || {
                        let dir = tempfile::tempdir().expect("temp dir");
                        let app = App::open(dir.path(), Vec::new).expect("a new store opens");
                        let (nodes, relations) = generate(n, 42);
                        (dir, app, creation_order(nodes, relations))
                    },
                    |(dir, app, changes)| {
                        let outcome = app
                            .write_blocking(changes, "bench", WriteOptions::in_chunks(20_000))
                            .unwrap()
                            .outcome;
                        black_box(outcome.written.len());
                        drop(app);
                        drop(dir);
                    },
                )
            });
        }

        let (dir, app) = store_with(n);
        let standards: Vec<NodeId> = app
            .snapshot()
            .nodes_of_kind(NodeKind::Standard)
            .take(1000)
            .map(|s| s.id().clone())
            .collect();

        group.bench_with_input(BenchmarkId::new("clone_graph", n), &n, |bench, _| {
            let graph = app.snapshot();
            bench.iter(|| black_box(KnowledgeGraph::clone(&graph).node_count()))
        });

        let counter = AtomicU64::new(0);
        group.bench_with_input(BenchmarkId::new("commit_one_update", n), &n, |bench, _| {
            bench.iter(|| {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                let id = standards[i as usize % standards.len()].clone();
                let change = Change::Update {
                    id,
                    expected_version: None,
                    patch: Patch::new(move |node| {
                        node.description = format!("revision {i}");
                        Ok(())
                    }),
                };
                black_box(
                    app.write_blocking(vec![change], "bench", WriteOptions::default())
                        .unwrap()
                        .outcome
                        .last_seq,
                )
            })
        });
        drop(app);

        group.bench_with_input(BenchmarkId::new("open_and_rebuild", n), &n, |bench, _| {
            bench.iter(|| {
                let app = App::open(dir.path(), Vec::new).expect("the store opens");
                black_box(app.snapshot().node_count())
            })
        });
        group.finish();
    }
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
