//! Criterion benchmarks of the in-memory graph's hot paths on generated graphs of 10k, 100k and 1M
//! nodes (the `stdgraph-generate` crate's generator, seed 42): lookups, search, neighbourhood, shortest path and
//! PageRank. The sizes to run come from `STDGRAPH_BENCH_SIZES` (default `10000,100000`; add `1000000`
//! for the full run recorded in BENCHMARKS.md, which needs about 3 GB of memory and a few minutes to build).
//!
//! ```sh
//! cargo bench --bench graph
//! STDGRAPH_BENCH_SIZES=10000,100000,1000000 cargo bench --bench graph
//! ```

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stdgraph::app::{Change, creation_order};
use stdgraph::graph::{KnowledgeGraph, Selection, Walk, Way};
use stdgraph::model::{NodeKind, RelationKind};
use stdgraph_generate::generate;

fn build(nodes: usize) -> KnowledgeGraph {
    let (nodes, relations) = generate(nodes, 42);
    let mut graph = KnowledgeGraph::new();
    for change in creation_order(nodes, relations) {
        match change {
            Change::Create(node) => graph
                .insert_node(node, 1)
                .expect("generated nodes are valid"),
            Change::Link(relation) => {
                graph
                    .insert_relation(relation)
                    .expect("generated relations are valid");
            }
            _ => unreachable!("creation_order only creates and links"),
        }
    }
    graph
}

fn benches(c: &mut Criterion) {
    for n in common::sizes() {
        let graph = build(n);
        let hub = graph
            .nodes_of_kind(NodeKind::Agency)
            .next()
            .expect("an agency");
        let standards: Vec<_> = graph.nodes_of_kind(NodeKind::Standard).collect();
        let (a, b) = (
            standards[standards.len() / 3],
            standards[2 * standards.len() / 3],
        );
        // Twenty fixed pairs of nodes spread over the id order, like the Python side's 20 random pairs.
        let all: Vec<_> = graph.all_nodes().collect();
        let pairs: Vec<_> = (0..20)
            .map(|i| {
                (
                    all[(i * 7919) % all.len()],
                    all[(i * 104_729 + 13) % all.len()],
                )
            })
            .collect();
        let code = a
            .node()
            .standard_code()
            .expect("generated standards have codes")
            .to_string();
        let id = a.id().to_string();
        let walk = Walk::default();
        // The traversal index is built once per snapshot and cached; build it before timing queries.
        let _ = graph.neighborhood_nodes(hub, 0, &walk, 1);

        let mut group = c.benchmark_group("graph");
        group.sample_size(if n >= 1_000_000 { 10 } else { 30 });
        group.bench_with_input(BenchmarkId::new("get_by_id", n), &n, |bench, _| {
            bench.iter(|| black_box(graph.get(&id)))
        });
        group.bench_with_input(
            BenchmarkId::new("find_standard_by_code", n),
            &n,
            |bench, _| bench.iter(|| black_box(graph.find_standard(&code))),
        );
        group.bench_with_input(
            BenchmarkId::new("search_cryptographic", n),
            &n,
            |bench, _| bench.iter(|| black_box(graph.search("cryptographic", &[]).len())),
        );
        group.bench_with_input(
            BenchmarkId::new("neighborhood_nodes_hub_depth2", n),
            &n,
            |bench, _| {
                bench
                    .iter(|| black_box(graph.neighborhood_nodes(hub, 2, &walk, usize::MAX).0.len()))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("neighborhood_hub_depth2", n),
            &n,
            |bench, _| {
                bench.iter(|| black_box(graph.neighborhood(hub, 2, &walk, usize::MAX).nodes.len()))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("shortest_path_undirected", n),
            &n,
            |bench, _| {
                bench
                    .iter(|| black_box(graph.shortest_path(a, b, &walk, 12).map(|p| p.steps.len())))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("shortest_path_x20_pairs", n),
            &n,
            |bench, _| {
                bench.iter(|| {
                    pairs
                        .iter()
                        .map(|(x, y)| {
                            graph
                                .shortest_path(*x, *y, &walk, 64)
                                .map_or(0, |p| p.steps.len())
                        })
                        .sum::<usize>()
                })
            },
        );
        let relation = hub
            .relations(Way::Incoming, &[])
            .last()
            .expect("the hub has relations")
            .relation
            .id();
        group.bench_with_input(BenchmarkId::new("relation_by_id", n), &n, |bench, _| {
            bench.iter(|| black_box(graph.relation(&relation).is_some()))
        });
        group.bench_with_input(
            BenchmarkId::new("hub_committees_recorded_order", n),
            &n,
            |bench, _| {
                bench.iter(|| {
                    black_box(
                        hub.relations_recorded(Way::Incoming, &[RelationKind::PartOf])
                            .len(),
                    )
                })
            },
        );
        let _ = graph.search_by_id("cryptographic", &[], None, 21);
        group.bench_with_input(
            BenchmarkId::new("search_cryptographic_first_20_by_id", n),
            &n,
            |bench, _| {
                bench.iter(|| black_box(graph.search_by_id("cryptographic", &[], None, 21).len()))
            },
        );
        group.bench_with_input(BenchmarkId::new("pagerank", n), &n, |bench, _| {
            bench.iter(|| black_box(graph.pagerank(&Selection::default(), 0.85).len()))
        });
        group.finish();
    }
}

criterion_group!(graph_benches, benches);
criterion_main!(graph_benches);
