//! sled is the durable truth: what was committed is there after a restart, and the seed is applied once.

use stdgraph::app::{App, AppError, Change};
use stdgraph::interchange::nodelink;
use stdgraph::model::{Node, NodeId, Relation, RelationKind, ValidationError};

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
        let app = stdgraph::cli::open_app(dir.path()).unwrap();
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
            .apply(vec![Change::Create(person), Change::Link(link)], "test")
            .unwrap();
        assert_eq!(outcome.written, vec![(id("person:test-analyst"), 1)]);
        app.apply(
            vec![Change::Delete {
                id: id("person:betty-xu"),
                expected_version: Some(1),
            }],
            "test",
        )
        .unwrap();
        before = nodelink::export(&app.snapshot());
    }
    let app = stdgraph::cli::open_app(dir.path()).unwrap();
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
    let app = stdgraph::cli::open_app(dir.path()).unwrap();
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
        .apply(vec![Change::Create(good), Change::Link(wrong)], "test")
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
    let reopened = stdgraph::cli::open_app(dir.path()).unwrap();
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
        .apply(vec![Change::Link(dangling)], "test")
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
    let app = stdgraph::cli::open_app(dir.path()).unwrap();
    let err = app
        .apply(
            vec![Change::Delete {
                id: id("agency:sac"),
                expected_version: Some(7),
            }],
            "test",
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
        let app = stdgraph::cli::open_app(dir.path()).unwrap();
        let mut updated: Node = serde_json::from_value(
            serde_json::to_value(app.snapshot().get("person:zhao-bo").unwrap().node()).unwrap(),
        )
        .unwrap();
        updated.description = "Director of CESI; updated by a test.".to_owned();
        app.apply(
            vec![Change::Upsert {
                node: updated,
                expected_version: Some(1),
            }],
            "analyst-1",
        )
        .unwrap();
        app.apply(
            vec![Change::Delete {
                id: id("person:zhao-bo"),
                expected_version: Some(2),
            }],
            "analyst-2",
        )
        .unwrap();
    }
    let app = std::sync::Arc::new(stdgraph::cli::open_app(dir.path()).unwrap());
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
        let app = stdgraph::cli::open_app(dir.path()).unwrap();
        app.apply(
            vec![Change::Delete {
                id: id("person:zhao-bo"),
                expected_version: None,
            }],
            "curator",
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
