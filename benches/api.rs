//! Criterion benchmarks of whole GraphQL requests through `Api::execute` (no HTTP), with compiled
//! plans and without, on a generated graph of 10k nodes (the `stdgraph-generate` crate's generator, seed 42)
//! imported into a temporary store. The shapes are the peer harness's: one node with its relations
//! both ways (Q1), a filtered, ordered list with each item's issuers (Q2), a hub's two-hop
//! neighbourhood (Q3) and a name search in id order (Q4).
//!
//! ```sh
//! cargo bench --bench api
//! ```

use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stdgraph::api::{Access, Api, GraphqlRequest, Limits, Outcome};
use stdgraph::app::{WriteOptions, creation_order};
use stdgraph::graph::Way;
use stdgraph::model::{NodeKind, RelationKind};
use stdgraph_generate::generate;

/// The generated graph in a fresh store, and the ids the queries ask for.
fn setup(nodes: usize) -> (tempfile::TempDir, Arc<stdgraph::app::App>, String, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let app = stdgraph::server::open_app(dir.path()).expect("the store opens");
    let (generated, relations) = generate(nodes, 42);
    app.write_blocking(
        creation_order(generated, relations),
        "bench",
        WriteOptions::in_chunks(10_000),
    )
    .expect("the generated graph imports");
    let graph = app.snapshot();
    // The agency with the most committees, and a standard in the middle of the id order.
    let hub = graph
        .nodes_of_kind(NodeKind::Agency)
        .max_by_key(|n| n.relations(Way::Incoming, &[RelationKind::PartOf]).len())
        .expect("an agency")
        .id()
        .to_string();
    let standards: Vec<_> = graph.nodes_of_kind(NodeKind::Standard).collect();
    let standard = standards[standards.len() / 2].id().to_string();
    (dir, Arc::new(app), hub, standard)
}

fn queries(hub: &str, standard: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "Q1_point",
            format!(
                r#"{{ node(id: "{standard}") {{ id kind name
                     out: relations(direction: OUTGOING, orderBy: RECORDED, first: 1000) {{ edges {{ kind node {{ id kind name }} }} }}
                     in: relations(direction: INCOMING, orderBy: RECORDED, first: 1000) {{ edges {{ kind node {{ id kind name }} }} }} }} }}"#
            ),
        ),
        (
            "Q2_list",
            r#"{ standards(orderBy: { field: DATE, direction: DESC }, first: 20) {
                 nodes { id code name published
                   issuedBy: relations(kinds: [ISSUED_BY], direction: OUTGOING, orderBy: RECORDED) { edges { agency: node { id name } } } } } }"#
                .to_owned(),
        ),
        (
            "Q3_two_hop",
            format!(
                r#"{{ node(id: "{hub}") {{ id name
                     tcs: relations(kinds: [PART_OF], direction: INCOMING, orderBy: RECORDED, first: 1000) {{
                       tc: nodes {{ id name
                         drafted: relations(kinds: [DRAFTED_BY], direction: INCOMING, orderBy: RECORDED, first: 10) {{
                           std: nodes {{ id ... on Standard {{ code }} name }} }} }} }} }} }}"#
            ),
        ),
        (
            "Q4_search",
            r#"{ search(query: "safety", orderBy: ID, first: 20) { nodes { id kind name } } }"#
                .to_owned(),
        ),
    ]
}

fn benches(c: &mut Criterion) {
    let (_dir, app, hub, standard) = setup(10_000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let apis = [
        (
            "plans",
            Api::new(app.clone(), &Limits::default(), Access::default()),
        ),
        (
            "async-graphql",
            Api::new(app.clone(), &Limits::default(), Access::default()).with_plans(false),
        ),
    ];
    let mut group = c.benchmark_group("api_execute");
    for (shape, query) in queries(&hub, &standard) {
        let body = serde_json::json!({ "query": query }).to_string();
        for (path, api) in &apis {
            let run = || {
                let request = GraphqlRequest::from_json(body.as_bytes()).expect("a request");
                let outcome = runtime.block_on(api.execute(request, None));
                let answered = matches!(outcome, Outcome::Ok(_));
                let body = outcome.into_body();
                assert!(answered, "{}", String::from_utf8_lossy(&body));
                body.len()
            };
            // The first run validates the query and compiles its plan.
            run();
            group.bench_function(BenchmarkId::new(shape, path), |b| b.iter(run));
        }
    }
    group.finish();
}

criterion_group!(api, benches);
criterion_main!(api);
