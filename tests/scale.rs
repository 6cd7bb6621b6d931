//! What large graphs rely on: imports committed in chunks stay all or nothing (also across a crash),
//! relations keep the order they were recorded in, and lists, search and topic filters give the
//! same answers through their indexes as a plain scan would.

use serde_json::{Value, json};
use stdgraph::app::{App, Change, WriteOptions, creation_order};
use stdgraph::graph::{KnowledgeGraph, RelationRef, Way};
use stdgraph::interchange::nodelink;
use stdgraph::model::{Node, NodeId, RelationKind};
use stdgraph::store::{ChangeOp, ChangeRecord, Store, StoredNode, Write};

use crate::support::{TestApp, ids};

/// A node-link document: one source, agencies `agency:a0..`, and `links` given as (from, kind, to).
fn document(agencies: usize, links: &[(&str, &str, &str)]) -> String {
    let mut nodes = vec![json!({"id": "src:x", "kind": "Source", "name": "X", "publication": "P"})];
    nodes.extend((0..agencies).map(|i| {
        json!({"id": format!("agency:a{i}"), "kind": "Agency", "name": format!("Agency {i}"), "sources": ["src:x"]})
    }));
    let links: Vec<Value> = links
        .iter()
        .map(|(from, kind, to)| json!({"source": from, "target": to, "kind": kind, "sources": ["src:x"]}))
        .collect();
    json!({"directed": true, "multigraph": true, "nodes": nodes, "links": links}).to_string()
}

/// The ids of every page of a list, following `endCursor` from the first page to the last. `field`
/// is the list's field and `call` the field with its arguments, using `$after`.
async fn walk_pages(t: &TestApp, field: &str, call: &str) -> Vec<String> {
    let query = format!(
        "query($after: String) {{ {call} {{ pageInfo {{ hasNextPage endCursor }} nodes {{ id }} }} }}"
    );
    let mut walked = Vec::new();
    let mut after = Value::Null;
    loop {
        let response = t.run(&query, json!({ "after": after })).await;
        let page = &response["data"][field];
        walked.extend(ids(&page["nodes"]));
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            return walked;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

#[test]
fn a_chunked_import_that_fails_late_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = App::open(dir.path(), Vec::new).unwrap();
        // 50 nodes and a bad link at the very end: the first chunks are written before the error is
        // found, and must be undone.
        let text = document(49, &[("agency:a1", "part_of", "agency:missing")]);
        let (nodes, relations) = nodelink::import(&text).unwrap();
        let err = app
            .write_blocking(
                creation_order(nodes, relations),
                "import",
                WriteOptions::in_chunks(7),
            )
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("change 50:"), "{err}");
        assert!(err.contains("agency:missing"), "{err}");
        assert_eq!(app.snapshot().node_count(), 0);
        assert!(app.changes(0, 10).unwrap().is_empty());
    }
    let app = App::open(dir.path(), Vec::new).unwrap();
    assert_eq!(app.snapshot().node_count(), 0, "undone chunks came back");
    assert!(app.changes(0, 10).unwrap().is_empty());
}

#[test]
fn a_chunked_import_writes_everything_with_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let text = document(30, &[("agency:a1", "part_of", "agency:a0")]);
    {
        let app = App::open(dir.path(), Vec::new).unwrap();
        let (nodes, relations) = nodelink::import(&text).unwrap();
        let outcome = app
            .write_blocking(
                creation_order(nodes, relations),
                "import",
                WriteOptions::in_chunks(4),
            )
            .unwrap()
            .outcome;
        assert_eq!((outcome.written.len(), outcome.linked.len()), (31, 1));
        assert_eq!((outcome.first_seq, outcome.last_seq), (1, 32));
    }
    let app = App::open(dir.path(), Vec::new).unwrap();
    assert_eq!(app.snapshot().node_count(), 31);
    assert_eq!(app.snapshot().relation_count(), 1);
    assert_eq!(app.changes(0, 100).unwrap().len(), 32);
}

#[test]
fn an_import_interrupted_by_a_crash_is_undone_when_the_store_opens() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = App::open(dir.path(), Vec::new).unwrap();
        app.save_image().unwrap();
    }
    {
        // What a crash between two chunks leaves: the pending marker, some nodes and their history.
        let store = Store::open(dir.path()).unwrap();
        let node: Node = serde_json::from_value(
            json!({"id": "src:x", "kind": "Source", "name": "X", "publication": "P"}),
        )
        .unwrap();
        let stored = StoredNode { version: 1, node };
        let record = ChangeRecord {
            seq: 1,
            at_ms: 0,
            actor: "import".into(),
            op: ChangeOp::CreateNode,
            target: "src:x".into(),
            before: None,
            after: Some(serde_json::to_value(&stored).unwrap()),
        };
        store
            .commit_unflushed(&[
                Write::BeginPending(1),
                Write::PutNode(stored),
                Write::Record(record),
            ])
            .unwrap();
        store.flush().unwrap();
    }
    let app = App::open(dir.path(), Vec::new).unwrap();
    assert_eq!(app.snapshot().node_count(), 0, "a half import survived");
    assert_eq!(
        app.loaded(),
        stdgraph::app::Loaded::Store,
        "after a roll-back only the records are trusted, not the graph image"
    );
    assert!(app.changes(0, 10).unwrap().is_empty());
    // The store works normally afterwards.
    let (nodes, relations) = nodelink::import(&document(2, &[])).unwrap();
    app.write_blocking(
        creation_order(nodes, relations),
        "import",
        WriteOptions::in_chunks(2),
    )
    .unwrap();
    assert_eq!(app.snapshot().node_count(), 3);
}

#[test]
fn relations_keep_their_recorded_order_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    // Recorded order differs from the default (kind, then the other end's id) order on purpose.
    let links = [
        ("agency:a0", "part_of", "agency:a3"),
        ("agency:a0", "part_of", "agency:a1"),
        ("agency:a0", "established_by", "agency:a2"),
    ];
    let text = document(4, &links);
    let query = r#"{ node(id: "agency:a0") {
        recorded: relations(direction: OUTGOING, orderBy: RECORDED) { edges { node { id } } }
        byKind: relations(direction: OUTGOING) { edges { node { id } } } } }"#;
    let order = |app: &App| {
        let graph = app.snapshot();
        let node = graph.get("agency:a0").unwrap();
        let recorded: Vec<String> = node
            .relations_recorded(stdgraph::graph::Way::Outgoing, &[])
            .iter()
            .map(|r| r.other.id().to_string())
            .collect();
        recorded
    };
    {
        let app = App::open(dir.path(), Vec::new).unwrap();
        let (nodes, relations) = nodelink::import(&text).unwrap();
        app.write_blocking(
            creation_order(nodes, relations),
            "import",
            WriteOptions::in_chunks(100),
        )
        .unwrap();
        assert_eq!(order(&app), ["agency:a3", "agency:a1", "agency:a2"]);
    }
    let app = App::open(dir.path(), Vec::new).unwrap();
    assert_eq!(order(&app), ["agency:a3", "agency:a1", "agency:a2"]);
    // And through the API, next to the default order.
    let api = stdgraph::api::Api::new(
        std::sync::Arc::new(app),
        &stdgraph::api::Limits::default(),
        crate::support::test_access(false),
    );
    let response = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(api.execute_json(query, Value::Null));
    let node = &response["data"]["node"];
    let edge_ids = |c: &Value| crate::support::edge_ids(c);
    assert_eq!(
        edge_ids(&node["recorded"]),
        ["agency:a3", "agency:a1", "agency:a2"]
    );
    assert_eq!(
        edge_ids(&node["byKind"]),
        ["agency:a1", "agency:a3", "agency:a2"]
    );
}

/// A part of a recorded list is that slice of the whole list, in every direction, for any range
/// (including ranges past the end).
#[test]
fn a_part_of_a_recorded_list_is_the_same_slice_of_the_whole() {
    let (nodes, relations) = stdgraph_generate::generate(2_000, 7);
    let mut g = KnowledgeGraph::new();
    for change in creation_order(nodes, relations) {
        match change {
            Change::Create(node) => g.insert_node(node, 1).unwrap(),
            Change::Link(relation) => {
                g.insert_relation(relation).unwrap();
            }
            _ => unreachable!("creation_order only creates and links"),
        }
    }
    let key = |r: &RelationRef<'_>| (r.relation.id(), r.way);
    let mut checked = 0;
    for node in g.all_nodes().step_by(17) {
        for way in [Way::Outgoing, Way::Incoming, Way::Both] {
            for kinds in [
                &[][..],
                &[RelationKind::PartOf, RelationKind::DraftedBy][..],
            ] {
                let whole: Vec<_> = node
                    .relations_recorded(way, kinds)
                    .iter()
                    .map(key)
                    .collect();
                for (start, end) in [(0, 0), (0, 1), (0, 10), (1, 3), (0, usize::MAX), (5, 400)] {
                    let (part, len) = node
                        .relations_recorded_part(way, kinds, |len| {
                            Ok::<_, ()>((start.min(len)..end.min(len), len))
                        })
                        .unwrap();
                    assert_eq!(len, whole.len());
                    let expected = &whole[start.min(whole.len())..end.min(whole.len())];
                    assert_eq!(part.iter().map(key).collect::<Vec<_>>(), expected);
                    checked += part.len();
                }
            }
        }
    }
    assert!(checked > 1_000, "only {checked} relations compared");
}

#[tokio::test]
async fn search_can_order_by_id_and_finds_what_a_scan_finds() {
    let t = TestApp::seeded();
    let ranked = t
        .data(r#"{ search(query: "standard", first: 1000) { nodes { id } } }"#)
        .await;
    let by_id = t
        .data(r#"{ search(query: "standard", orderBy: ID, first: 1000) { nodes { id } } }"#)
        .await;
    let mut expected = ids(&ranked["search"]["nodes"]);
    expected.sort();
    assert!(expected.len() > 20, "{expected:?}");
    assert_eq!(ids(&by_id["search"]["nodes"]), expected);
    // With totalCount the whole list is ranked and sorted; without, pages are filled in id order and
    // stop early. Both give the same pages.
    let counted = t
        .data(r#"{ search(query: "standard", orderBy: ID, first: 1000) { totalCount nodes { id } } }"#)
        .await;
    assert_eq!(ids(&counted["search"]["nodes"]), expected);
    assert_eq!(counted["search"]["totalCount"], json!(expected.len()));
    let walked = walk_pages(
        &t,
        "search",
        r#"search(query: "standard", orderBy: ID, first: 6, after: $after)"#,
    )
    .await;
    assert_eq!(walked, expected);
    // Short words cannot use the index and are still found; Chinese text matches by substring.
    let short = t
        .data(r#"{ search(query: "5g", first: 5) { nodes { id } } }"#)
        .await;
    assert!(!ids(&short["search"]["nodes"]).is_empty());
    let chinese = t
        .data(r#"{ search(query: "标准化", first: 5) { nodes { id } } }"#)
        .await;
    assert!(!ids(&chinese["search"]["nodes"]).is_empty());
}

#[tokio::test]
async fn main_topic_filter_follows_the_role_of_the_topic_relation() {
    let t = TestApp::seeded();
    let q =
        r#"{ standards(filter: { topic: "topic:cybersecurity" }, first: 1000) { nodes { id } } }"#;
    let covering = ids(&t.data(q).await["standards"]["nodes"]);
    assert!(!covering.is_empty());
    let q = r#"{ standards(filter: { mainTopic: "topic:cybersecurity" }, first: 1000) { nodes { id } } }"#;
    assert!(
        ids(&t.data(q).await["standards"]["nodes"]).is_empty(),
        "no seed relation has the role `main` yet"
    );
    // A standard that covers the topic itself (the `topic` filter also takes sub-topics).
    let graph = t.app.snapshot();
    let first = &graph
        .get("topic:cybersecurity")
        .unwrap()
        .relations(
            stdgraph::graph::Way::Incoming,
            &[stdgraph::model::RelationKind::CoversTopic],
        )
        .iter()
        .map(|r| r.other)
        .find(|n| n.kind() == stdgraph::model::NodeKind::Standard)
        .unwrap()
        .id()
        .to_string();
    assert!(covering.contains(first));
    let link = format!(
        r#"mutation {{ unlink(id: "{first}|covers_topic|topic:cybersecurity") {{ id }} }}"#
    );
    t.write_as(crate::support::ADMIN_KEY, &link, Value::Null)
        .await;
    let link = format!(
        r#"mutation {{ link(input: {{ kind: COVERS_TOPIC, from: "{first}", to: "topic:cybersecurity", role: "main", sources: ["src:sesec-2019-a21"] }}) {{ id }} }}"#
    );
    t.write(&link, Value::Null).await;
    let q =
        r#"{ standards(filter: { mainTopic: "Cybersecurity" }, first: 1000) { nodes { id } } }"#;
    assert_eq!(
        ids(&t.data(q).await["standards"]["nodes"]),
        std::slice::from_ref(first)
    );
}

#[tokio::test]
async fn list_pages_walked_with_cursors_equal_the_whole_list() {
    let t = TestApp::seeded();
    for order in [
        "{ field: NAME }",
        "{ field: DATE, direction: DESC }",
        "{ field: ID }",
    ] {
        let whole = t
            .data(&format!(
                "{{ standards(orderBy: {order}, first: 1000) {{ totalCount nodes {{ id }} }} }}"
            ))
            .await;
        let expected = ids(&whole["standards"]["nodes"]);
        assert_eq!(
            whole["standards"]["totalCount"].as_u64(),
            Some(expected.len() as u64)
        );
        let walked = walk_pages(
            &t,
            "standards",
            &format!("standards(orderBy: {order}, first: 7, after: $after)"),
        )
        .await;
        assert_eq!(walked, expected, "order {order}");
    }
}

#[test]
fn ids_used_by_the_peer_benchmark_are_valid() {
    for id in [
        "ag:000000",
        "std:000123",
        "top:000010",
        "src:peers-synthetic",
    ] {
        assert!(NodeId::parse(id).is_ok(), "{id}");
    }
}

/// A node's relations walked page by page with `endCursor` equal the whole list, in both orders,
/// and every edge's own cursor continues right after that edge.
#[tokio::test]
async fn relation_pages_walked_with_cursors_equal_the_whole_list() {
    let t = TestApp::seeded();
    for order in ["KIND", "RECORDED"] {
        let call = |extra: &str| {
            format!(
                "query($after: String) {{ node(id: \"agency:sac\") {{ relations(orderBy: {order}{extra}) {{
                   pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ id }} }} }} }} }}"
            )
        };
        let whole = t
            .run(
                &call(", first: 1000, after: $after"),
                json!({"after": null}),
            )
            .await;
        let edges = whole["data"]["node"]["relations"]["edges"]
            .as_array()
            .unwrap()
            .clone();
        assert!(edges.len() > 8, "agency:sac has many relations");
        let expected: Vec<&Value> = edges.iter().map(|e| &e["node"]["id"]).collect();
        let mut walked = Vec::new();
        let mut after = Value::Null;
        loop {
            let page = t
                .run(&call(", first: 3, after: $after"), json!({"after": after}))
                .await;
            let page = &page["data"]["node"]["relations"];
            walked.extend(
                page["edges"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["node"]["id"].clone()),
            );
            if page["pageInfo"]["hasNextPage"] != json!(true) {
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(walked.iter().collect::<Vec<_>>(), expected, "order {order}");
        for (i, edge) in edges.iter().enumerate().step_by(5) {
            let next = t
                .run(
                    &call(", first: 1, after: $after"),
                    json!({"after": edge["cursor"]}),
                )
                .await;
            let next = &next["data"]["node"]["relations"]["edges"];
            assert_eq!(
                next.get(0).map(|e| &e["node"]["id"]),
                expected.get(i + 1).copied()
            );
        }
    }
}
