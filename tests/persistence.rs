//! sled is the durable truth: what was committed is there after a restart, and the seed is applied once.

use stdgraph::app::{App, AppError, Change, Loaded, WriteOptions, creation_order};
use stdgraph::graph::KnowledgeGraph;
use stdgraph::interchange::nodelink;
use stdgraph::model::{Node, NodeId, NodeKind, Relation, RelationKind, ValidationError};
use stdgraph_generate::generate;

fn node(json: serde_json::Value) -> Node {
    serde_json::from_value(json).expect("a valid node")
}

fn id(s: &str) -> NodeId {
    NodeId::parse(s).unwrap()
}

#[test]
fn writes_survive_a_restart_and_the_seed_is_not_reapplied() {
    let dir = tempfile::tempdir().unwrap();
    let before;
    {
        let app = stdgraph::server::open_app(dir.path()).unwrap();
        let person = node(serde_json::json!({
            "id": "person:test-analyst", "kind": "Person", "name": "Test Analyst",
            "description": "Added by a test.", "sources": ["src:sesec-2019-a21"]
        }));
        let link = Relation::new(
            RelationKind::AffiliatedWith,
            id("person:test-analyst"),
            id("agency:cesi"),
            vec![id("src:sesec-2019-a21")],
        );
        let outcome = app
            .write_blocking(
                vec![Change::Create(person), Change::Link(link)],
                "test",
                WriteOptions::default(),
            )
            .unwrap()
            .outcome;
        assert_eq!(outcome.written, vec![(id("person:test-analyst"), 1)]);
        app.write_blocking(
            vec![Change::Delete {
                id: id("person:betty-xu"),
                expected_version: Some(1),
            }],
            "test",
            WriteOptions::default(),
        )
        .unwrap();
        before = nodelink::export(&app.snapshot());
    }
    let app = stdgraph::server::open_app(dir.path()).unwrap();
    let after = nodelink::export(&app.snapshot());
    assert_eq!(
        before, after,
        "the reopened graph differs from the one written"
    );
    assert!(app.snapshot().get("person:test-analyst").is_some());
    assert!(
        app.snapshot().get("person:betty-xu").is_none(),
        "a deleted seed node came back: the seed was reapplied"
    );
}

#[test]
fn a_rejected_change_writes_nothing_and_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let app = stdgraph::server::open_app(dir.path()).unwrap();
    let before = nodelink::export(&app.snapshot());
    let good = node(serde_json::json!({
        "id": "agency:test-body", "kind": "Agency", "name": "Test Body",
        "description": "Added by a test.", "sources": ["src:sesec-2019-a01"]
    }));
    // An agency cannot issue a standard: the relation points the wrong way.
    let wrong = Relation::new(
        RelationKind::IssuedBy,
        id("agency:test-body"),
        id("std:gb-t-22239-2019"),
        vec![id("src:sesec-2019-a14")],
    );
    let err = app
        .write_blocking(
            vec![Change::Create(good), Change::Link(wrong)],
            "test",
            WriteOptions::default(),
        )
        .unwrap_err();
    match err {
        AppError::Invalid {
            index: 1,
            error: ValidationError::WrongEndpointKinds { .. },
        } => {}
        other => panic!("unexpected error: {other}"),
    }
    assert!(err_text_names_kinds(&app));
    assert_eq!(
        before,
        nodelink::export(&app.snapshot()),
        "half of a rejected change was applied"
    );
    drop(app);
    let reopened = stdgraph::server::open_app(dir.path()).unwrap();
    assert!(
        reopened.snapshot().get("agency:test-body").is_none(),
        "half of a rejected change was stored"
    );
}

fn err_text_names_kinds(app: &App) -> bool {
    let dangling = Relation::new(
        RelationKind::IssuedBy,
        id("std:gb-t-22239-2019"),
        id("agency:ghost"),
        vec![id("src:sesec-2019-a14")],
    );
    let text = app
        .write_blocking(
            vec![Change::Link(dangling)],
            "test",
            WriteOptions::default(),
        )
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("agency:ghost") && text.contains("does not exist"),
        "{text}"
    );
    true
}

#[test]
fn stale_versions_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let app = stdgraph::server::open_app(dir.path()).unwrap();
    let err = app
        .write_blocking(
            vec![Change::Delete {
                id: id("agency:sac"),
                expected_version: Some(7),
            }],
            "test",
            WriteOptions::default(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            AppError::Invalid {
                error: ValidationError::VersionConflict { .. },
                ..
            }
        ),
        "{err}"
    );
}

/// Every change is recorded in the same commit: who, when, what, before and after, readable by item and
/// as a feed, and it survives a restart.
#[tokio::test]
async fn history_records_every_change() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = stdgraph::server::open_app(dir.path()).unwrap();
        let mut updated: Node = serde_json::from_value(
            serde_json::to_value(app.snapshot().get("person:zhao-bo").unwrap().node()).unwrap(),
        )
        .unwrap();
        updated.description = "Director of CESI; updated by a test.".to_owned();
        app.write_blocking(
            vec![Change::Upsert {
                node: updated,
                expected_version: Some(1),
            }],
            "analyst-1",
            WriteOptions::default(),
        )
        .unwrap();
        app.write_blocking(
            vec![Change::Delete {
                id: id("person:zhao-bo"),
                expected_version: Some(2),
            }],
            "analyst-2",
            WriteOptions::default(),
        )
        .unwrap();
    }
    let app = std::sync::Arc::new(stdgraph::server::open_app(dir.path()).unwrap());
    let api = stdgraph::api::Api::new(
        app.clone(),
        &stdgraph::api::Limits::default(),
        stdgraph::api::Access::default(),
    );
    let d = api
        .execute_json(
            r#"{ history(id: "person:zhao-bo") { seq actor op target before after } }"#,
            serde_json::Value::Null,
        )
        .await;
    let history = d["data"]["history"]
        .as_array()
        .unwrap_or_else(|| panic!("{d:#}"));
    let ops: Vec<(&str, &str)> = history
        .iter()
        .map(|c| (c["op"].as_str().unwrap(), c["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ops,
        [
            ("CREATE_NODE", "seed"),
            ("UPDATE_NODE", "analyst-1"),
            ("DELETE_NODE", "analyst-2")
        ]
    );
    assert_eq!(history[1]["before"]["version"], 1);
    assert_eq!(history[1]["after"]["version"], 2);
    assert_eq!(
        history[1]["after"]["node"]["description"],
        "Director of CESI; updated by a test."
    );
    assert_eq!(history[2]["after"], serde_json::Value::Null);
    // The relations that went with the node are in the history too, just before the node.
    let feed = api
        .execute_json(
            &format!(
                r#"{{ changes(after: {}, first: 100) {{ seq op target }} }}"#,
                history[1]["seq"]
            ),
            serde_json::Value::Null,
        )
        .await;
    let feed = feed["data"]["changes"].as_array().unwrap();
    assert!(feed.iter().any(
        |c| c["op"] == "UNLINK" && c["target"].as_str().unwrap().starts_with("person:zhao-bo|")
    ));
    assert_eq!(feed.last().unwrap()["op"], "DELETE_NODE");
    let seqs: Vec<u64> = feed.iter().map(|c| c["seq"].as_u64().unwrap()).collect();
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "sequence numbers have gaps: {seqs:?}"
    );
}

/// `stdgraph export --history` writes every recorded change as JSON Lines, oldest first.
#[test]
fn history_exports_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = stdgraph::server::open_app(dir.path()).unwrap();
        app.write_blocking(
            vec![Change::Delete {
                id: id("person:zhao-bo"),
                expected_version: None,
            }],
            "curator",
            WriteOptions::default(),
        )
        .unwrap();
    }
    let out = dir.path().join("history.jsonl");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_stdgraph"))
        .args(["export", "--history"])
        .arg(&out)
        .arg("--data")
        .arg(dir.path())
        .env("STDGRAPH_LOG", "warn")
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(out).unwrap();
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seqs: Vec<u64> = records.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=records.len() as u64).collect::<Vec<_>>());
    let last = records.last().unwrap();
    assert_eq!(last["actor"], "curator");
    assert_eq!(last["op"], "delete_node");
    assert_eq!(last["target"], "person:zhao-bo");
    assert_eq!(last["before"]["node"]["id"], "person:zhao-bo");
}

/// Everything a snapshot holds that its image must reproduce: each node with its version, each
/// relation with its recorded position, and what the indexes answer for every node's names and codes
/// and for a few searches.
fn contents(g: &KnowledgeGraph) -> Vec<String> {
    let mut out = Vec::new();
    for n in g.all_nodes() {
        out.push(format!(
            "{} v{} {}",
            n.id(),
            n.version(),
            serde_json::to_string(n.node()).unwrap()
        ));
        let named: Vec<String> = g
            .find_by_name(&n.node().name)
            .iter()
            .map(|m| m.id().to_string())
            .collect();
        out.push(format!("  named {named:?}"));
        if let Some(code) = n.node().standard_code() {
            let found = g
                .find_standard(&code.to_string())
                .map(|m| m.id().to_string());
            out.push(format!("  code {found:?}"));
        }
    }
    for r in g.all_relations() {
        let handle = g.relation_handle(&r.id()).unwrap();
        out.push(format!(
            "{} @{} {}",
            r.id(),
            g.recorded(handle),
            serde_json::to_string(r).unwrap()
        ));
    }
    for query in ["information security", "cyber", "GB/T", "标准", "sac"] {
        let hits: Vec<String> = g
            .search(query, &[])
            .iter()
            .map(|h| h.node.id().to_string())
            .collect();
        out.push(format!("search {query}: {hits:?}"));
    }
    out
}

fn image_path(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join(stdgraph::app::image::FILE_NAME)
}

/// A store with the seed and a generated graph, and its image.
fn store_with_image(dir: &std::path::Path) -> App {
    let app = stdgraph::server::open_app(dir).unwrap();
    let (nodes, relations) = generate(3_000, 7);
    app.write_blocking(
        creation_order(nodes, relations),
        "import",
        WriteOptions::in_chunks(1_000),
    )
    .unwrap();
    assert!(
        app.save_image().unwrap(),
        "a changed graph gets a new image"
    );
    assert!(
        !app.save_image().unwrap(),
        "an unchanged graph is not written again"
    );
    app
}

#[test]
fn a_restart_reads_the_image_and_replays_the_changes_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let expected = {
        let app = store_with_image(dir.path());
        let g = app.snapshot();
        // Every kind of change after the image: created, updated, deleted (with its relations),
        // linked, unlinked, and a node deleted and created again.
        let standard = g.nodes_of_kind(NodeKind::Standard).nth(5).unwrap();
        let mut updated = standard.node().clone();
        updated.description = "Changed after the image was written.".into();
        let doomed = g
            .nodes_of_kind(NodeKind::Person)
            .next()
            .unwrap()
            .id()
            .clone();
        let reborn = g.nodes_of_kind(NodeKind::Topic).nth(1).unwrap();
        let reborn_node = reborn.node().clone();
        let unlinked = g.all_relations()[10].id();
        let person = node(serde_json::json!({
            "id": "person:after-image", "kind": "Person", "name": "After Image",
            "sources": ["src:sesec-2019-a21"]
        }));
        let link = Relation::new(
            RelationKind::AffiliatedWith,
            id("person:after-image"),
            id("agency:cesi"),
            vec![id("src:sesec-2019-a21")],
        );
        let mut changes = vec![
            Change::Upsert {
                node: updated,
                expected_version: Some(standard.version()),
            },
            Change::Delete {
                id: doomed,
                expected_version: None,
            },
            Change::Create(person),
            Change::Link(link),
            Change::Unlink(unlinked),
        ];
        // Deleting a topic also removes its relations; creating it again leaves them removed.
        changes.push(Change::Delete {
            id: reborn_node.id.clone(),
            expected_version: None,
        });
        drop(g);
        app.write_blocking(changes, "test", WriteOptions::default())
            .unwrap();
        app.write_blocking(
            vec![Change::Create(reborn_node)],
            "test",
            WriteOptions::default(),
        )
        .unwrap();
        contents(&app.snapshot())
    };

    let app = stdgraph::server::open_app(dir.path()).unwrap();
    assert!(
        matches!(app.loaded(), Loaded::Image { replayed } if replayed > 6),
        "{:?}",
        app.loaded()
    );
    assert_eq!(contents(&app.snapshot()), expected, "image plus replay");
    drop(app);

    std::fs::remove_file(image_path(dir.path())).unwrap();
    let app = stdgraph::server::open_app(dir.path()).unwrap();
    assert_eq!(app.loaded(), Loaded::Store);
    assert_eq!(
        contents(&app.snapshot()),
        expected,
        "rebuilt from the records"
    );
}

#[test]
fn an_image_that_is_damaged_or_from_another_store_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let expected = contents(&store_with_image(dir.path()).snapshot());
    let image = std::fs::read(image_path(dir.path())).unwrap();
    let reopen = |bytes: &[u8]| {
        std::fs::write(image_path(dir.path()), bytes).unwrap();
        let app = stdgraph::server::open_app(dir.path()).unwrap();
        assert_eq!(contents(&app.snapshot()), expected);
        app.loaded()
    };
    let mut flipped = image.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_eq!(reopen(&flipped), Loaded::Store, "a flipped bit");
    assert_eq!(
        reopen(&image[..image.len() / 2]),
        Loaded::Store,
        "cut short"
    );
    assert_eq!(reopen(b"not an image"), Loaded::Store, "not an image");
    assert_eq!(reopen(&image), Loaded::Image { replayed: 0 }, "intact");

    // Another store, filled alike (so its history is as long) does not take this store's image.
    let other = tempfile::tempdir().unwrap();
    let own = contents(&store_with_image(other.path()).snapshot());
    std::fs::write(image_path(other.path()), &image).unwrap();
    let app = stdgraph::server::open_app(other.path()).unwrap();
    assert_eq!(app.loaded(), Loaded::Store);
    assert_eq!(contents(&app.snapshot()), own);
}

/// A copy of a store taken before the image shares the store's id, but its history ends earlier: the
/// image is ahead of it and is not used.
#[test]
fn an_image_ahead_of_the_store_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let copy = tempfile::tempdir().unwrap();
    drop(stdgraph::server::open_app(dir.path()).unwrap());
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        } else {
            std::fs::create_dir(copy.path().join(entry.file_name())).unwrap();
        }
    }
    let expected = contents(&stdgraph::server::open_app(copy.path()).unwrap().snapshot());
    {
        let app = stdgraph::server::open_app(dir.path()).unwrap();
        let person = node(serde_json::json!({
            "id": "person:later", "kind": "Person", "name": "Later",
            "sources": ["src:sesec-2019-a21"]
        }));
        app.write_blocking(
            vec![Change::Create(person)],
            "test",
            WriteOptions::default(),
        )
        .unwrap();
        app.save_image().unwrap();
    }
    std::fs::copy(image_path(dir.path()), image_path(copy.path())).unwrap();
    let id = |d: &std::path::Path| stdgraph::store::Store::open(d).unwrap().id();
    assert_eq!(
        id(dir.path()),
        id(copy.path()),
        "the copy is the same store"
    );
    let app = stdgraph::server::open_app(copy.path()).unwrap();
    assert_eq!(app.loaded(), Loaded::Store);
    assert_eq!(contents(&app.snapshot()), expected);
}
