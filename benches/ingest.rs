//! Criterion benchmark of ingest: the whole seed issue (the SESEC 2019 newsletter, 21 articles) read,
//! searched for mentions, linked against the seeded graph and turned into a proposal, on one thread.
//! Issue #19's target: under one second on one core. Also the steps apart (reading alone, and a
//! proposal against a 100k-node generated graph, where the linker's gazetteer is the cost).
//!
//! ```sh
//! cargo bench --bench ingest
//! ```

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stdgraph::app::{Change, creation_order};
use stdgraph::graph::KnowledgeGraph;
use stdgraph::ingest::{self, IngestOptions};
use stdgraph::interchange::seed;
use stdgraph::model::{Node, Relation};

const NEWSLETTER: &[u8] =
    include_bytes!("../tests/fixtures/newsletter/sesec-it-ict-newsletter-2019.txt");

fn graph_of(nodes: Vec<Node>, relations: Vec<Relation>) -> KnowledgeGraph {
    let mut graph = KnowledgeGraph::new();
    for change in creation_order(nodes, relations) {
        match change {
            Change::Create(node) => graph.insert_node(node, 1).expect("valid nodes"),
            Change::Link(relation) => {
                graph.insert_relation(relation).expect("valid relations");
            }
            _ => unreachable!("creation_order only creates and links"),
        }
    }
    graph
}

fn benches(c: &mut Criterion) {
    let seeded = seed::embedded().expect("the embedded seed loads");
    let seeded = graph_of(seeded.nodes, seeded.relations);
    let options = IngestOptions {
        issue: Some("2019".into()),
        max_bytes: ingest::DEFAULT_MAX_BYTES,
        ..IngestOptions::default()
    };
    let proposal = ingest::ingest(&seeded, NEWSLETTER, &options, &|_| false).expect("it ingests");
    eprintln!(
        "the newsletter: {} articles, {} items, {} mentions",
        proposal.articles.len(),
        proposal.items.len(),
        proposal
            .articles
            .iter()
            .map(|a| a.mentions.len())
            .sum::<usize>()
    );

    let mut group = c.benchmark_group("ingest");
    group.sample_size(20);
    group.bench_function("read the newsletter", |b| {
        b.iter(|| ingest::read::read(black_box(NEWSLETTER), &options).expect("it reads"))
    });
    group.bench_function("propose the newsletter against the seed", |b| {
        b.iter(|| {
            ingest::ingest(&seeded, black_box(NEWSLETTER), &options, &|_| false)
                .expect("it ingests")
        })
    });
    let (nodes, relations) = stdgraph_generate::generate(100_000, 42);
    let large = graph_of(nodes, relations);
    group.sample_size(10);
    group.bench_function("propose the newsletter against 100k nodes", |b| {
        b.iter(|| {
            ingest::ingest(&large, black_box(NEWSLETTER), &options, &|_| false).expect("it ingests")
        })
    });
    group.finish();
}

criterion_group!(ingest_benches, benches);
criterion_main!(ingest_benches);
