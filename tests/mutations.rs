//! Mutations: every kind's create, update and upsert, delete, link, unlink and applyChanges; their
//! validation errors (with `field` and `reason`), optimistic versions, roles, and the history they leave.

use serde_json::{Value, json};

use crate::support::{ADMIN_KEY, EDITOR_KEY, READER_KEY, TestApp};

const SRC: &str = "src:sesec-2019-a01";

/// Each kind's create mutation, an input for it, and a field its answer must echo.
fn every_kind() -> Vec<(&'static str, &'static str, Value, &'static str, Value)> {
    vec![
        (
            "createAgency",
            "AgencyInput",
            json!({"id": "agency:test-lab", "name": "Test Lab", "abbreviation": "TL",
                   "category": "RESEARCH_INSTITUTE", "country": "CN", "sources": [SRC]}),
            "abbreviation",
            json!("TL"),
        ),
        (
            "createTechnicalCommittee",
            "TechnicalCommitteeInput",
            json!({"id": "tc:test-wg", "name": "Test WG", "code": "WG9", "level": "WG",
                   "established": "2019-06", "sources": [SRC]}),
            "established",
            json!("2019-06"),
        ),
        (
            "createStandard",
            "StandardInput",
            json!({"id": "std:gb-t-99999-2020", "name": "Test standard", "code": "GB/T 99999-2020",
                   "status": "DRAFT_FOR_COMMENTS", "commentDeadline": "2020-01-31", "sources": [SRC]}),
            "code",
            json!("GB/T 99999-2020"),
        ),
        (
            "createEvent",
            "EventInput",
            json!({"id": "event:test-forum-2020", "name": "Test forum", "eventKind": "FORUM",
                   "start": "2020-03-01", "end": "2020-03-02", "city": "Beijing", "sources": [SRC]}),
            "city",
            json!("Beijing"),
        ),
        (
            "createMou",
            "MouInput",
            json!({"id": "mou:test-mou", "name": "Test MoU", "signed": "2020-02", "sources": [SRC]}),
            "signed",
            json!("2020-02"),
        ),
        (
            "createDocument",
            "DocumentInput",
            json!({"id": "doc:test-plan", "name": "Test plan", "docKind": "WORK_PLAN",
                   "issued": "2020", "sources": [SRC]}),
            "issued",
            json!("2020"),
        ),
        (
            "createPerson",
            "PersonInput",
            json!({"id": "person:test-person", "name": "Test Person", "nameZh": "测试",
                   "title": "Director", "sources": [SRC]}),
            "title",
            json!("Director"),
        ),
        (
            "createTopic",
            "TopicInput",
            json!({"id": "topic:test-topic", "name": "Test topic", "aliases": ["TT"], "sources": [SRC]}),
            "name",
            json!("Test topic"),
        ),
        (
            "createSource",
            "SourceInput",
            json!({"id": "src:test-issue-2020-a01", "name": "Test article", "publication": "Test",
                   "issue": "2020-01", "article": 1}),
            "article",
            json!(1),
        ),
    ]
}

#[tokio::test]
async fn every_kind_can_be_created_and_is_recorded_under_the_key_name() {
    let t = TestApp::seeded();
    for (mutation, input_type, input, field, expected) in every_kind() {
        let query = format!(
            "mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ id kind version {field} }} }}"
        );
        let d = t.write(&query, json!({"input": input})).await;
        let answer = &d[mutation];
        assert_eq!(answer["id"], input["id"], "{mutation}");
        assert_eq!(answer["version"], 1, "{mutation}");
        assert_eq!(answer[field], expected, "{mutation}");
        // Readable by the next request.
        let id = input["id"].as_str().unwrap();
        let d = t
            .data(&format!(
                r#"{{ node(id: "{id}") {{ id }} history(id: "{id}") {{ actor op }} }}"#
            ))
            .await;
        assert_eq!(d["node"]["id"], id);
        assert_eq!(d["history"], json!([{"actor": "ed", "op": "CREATE_NODE"}]));
    }
}

#[tokio::test]
async fn update_changes_only_the_fields_given_and_null_clears() {
    let t = TestApp::seeded();
    let before = t
        .data(r#"{ node(id: "agency:cesi") { version ... on Agency { name nameZh abbreviation country } } }"#)
        .await["node"]
        .clone();
    let d = t
        .write(
            r#"mutation { updateAgency(id: "agency:cesi", patch: {country: null, aliases: ["CESI", "电子标准院"]}) {
                 version name nameZh abbreviation country aliases } }"#,
            Value::Null,
        )
        .await;
    let after = &d["updateAgency"];
    assert_eq!(after["version"], before["version"].as_u64().unwrap() + 1);
    assert_eq!(after["name"], before["name"]);
    assert_eq!(after["nameZh"], before["nameZh"]);
    assert_eq!(after["abbreviation"], before["abbreviation"]);
    assert_eq!(after["country"], Value::Null);
    assert_eq!(after["aliases"], json!(["CESI", "电子标准院"]));
    // The new alias is searchable at once.
    let d = t.data(r#"{ agency(ref: "电子标准院") { id } }"#).await;
    assert_eq!(d["agency"]["id"], "agency:cesi");

    // Each kind's update mutation exists and applies its own fields.
    let d = t
        .write(
            r#"mutation { updateStandard(id: "std:gb-4943.1-2011", patch: {withdrawn: "2020-12-31", status: WITHDRAWN}) {
                 status withdrawn } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(
        d["updateStandard"],
        json!({"status": "WITHDRAWN", "withdrawn": "2020-12-31"})
    );
    let d = t
        .write(
            r#"mutation { updatePerson(id: "person:zhao-bo", patch: {title: "Former director"}) { title } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(d["updatePerson"]["title"], "Former director");
}

#[tokio::test]
async fn upsert_creates_then_replaces_and_keeps_relations() {
    let t = TestApp::seeded();
    let input = json!({"id": "topic:quantum", "name": "Quantum computing", "sources": [SRC]});
    let q = "mutation($i: TopicInput!, $v: Int) { upsertTopic(input: $i, expectedVersion: $v) { version name description } }";
    let d = t.write(q, json!({"i": input})).await;
    assert_eq!(d["upsertTopic"]["version"], 1);
    t.write(
        r#"mutation { link(input: {kind: COVERS_TOPIC, from: "agency:cesi", to: "topic:quantum", sources: ["src:sesec-2019-a01"]}) { id } }"#,
        Value::Null,
    )
    .await;
    let replaced = json!({"id": "topic:quantum", "name": "Quantum information", "description": "Renamed.", "sources": [SRC]});
    let d = t.write(q, json!({"i": replaced, "v": 1})).await;
    assert_eq!(
        d["upsertTopic"],
        json!({"version": 2, "name": "Quantum information", "description": "Renamed."})
    );
    let d = t
        .data(r#"{ node(id: "topic:quantum") { relations(direction: INCOMING) { totalCount } } }"#)
        .await;
    assert_eq!(d["node"]["relations"]["totalCount"], 1);
    // A stale version conflicts; upserting a node as another kind is refused.
    let e = t
        .error_as(Some(EDITOR_KEY), q, json!({"i": replaced, "v": 1}))
        .await;
    assert_eq!(e["extensions"]["code"], "CONFLICT");
    assert_eq!(e["extensions"]["field"], "expectedVersion");
    let e = t
        .error_as(
            Some(EDITOR_KEY),
            "mutation($i: PersonInput!) { upsertPerson(input: $i) { id } }",
            json!({"i": {"id": "topic:quantum", "name": "X", "sources": [SRC]}}),
        )
        .await;
    assert_eq!(e["extensions"]["code"], "INVALID_INPUT");
    assert_eq!(e["extensions"]["field"], "id");
}

#[tokio::test]
async fn stale_expected_version_is_a_conflict() {
    let t = TestApp::seeded();
    let q = r#"mutation($v: Int) { updateTopic(id: "topic:big-data", patch: {description: "x"}, expectedVersion: $v) { version } }"#;
    let d = t.write(q, json!({"v": 1})).await;
    assert_eq!(d["updateTopic"]["version"], 2);
    let e = t.error_as(Some(EDITOR_KEY), q, json!({"v": 1})).await;
    assert_eq!(e["extensions"]["code"], "CONFLICT");
    assert_eq!(e["extensions"]["field"], "expectedVersion");
    assert!(
        e["extensions"]["reason"]
            .as_str()
            .unwrap()
            .contains("version 2")
    );
    let e = t
        .error_as(
            Some(ADMIN_KEY),
            r#"mutation { deleteNode(id: "topic:big-data", expectedVersion: 1) { id } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(e["extensions"]["code"], "CONFLICT");
}

#[tokio::test]
async fn delete_reports_the_relations_that_went_with_the_node() {
    let t = TestApp::seeded();
    let d = t
        .data(r#"{ node(id: "person:zhao-bo") { version relations { totalCount } } }"#)
        .await;
    let count = d["node"]["relations"]["totalCount"].as_u64().unwrap();
    assert!(count > 0);
    let d = t
        .write_as(
            ADMIN_KEY,
            r#"mutation { deleteNode(id: "person:zhao-bo", expectedVersion: 1) {
                 id kind name version removedRelations { id kind from to } } }"#,
            Value::Null,
        )
        .await;
    let deleted = &d["deleteNode"];
    assert_eq!(deleted["kind"], "PERSON");
    assert_eq!(deleted["version"], 1);
    let removed = deleted["removedRelations"].as_array().unwrap();
    assert_eq!(removed.len() as u64, count);
    assert!(
        removed
            .iter()
            .all(|r| r["from"] == "person:zhao-bo" || r["to"] == "person:zhao-bo")
    );
    let d = t.data(r#"{ nodes(ids: ["person:zhao-bo"]) { id } }"#).await;
    assert_eq!(d["nodes"], json!([null]));
    let e = t
        .error_as(
            Some(ADMIN_KEY),
            r#"mutation { deleteNode(id: "person:zhao-bo") { id } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(e["extensions"]["code"], "NOT_FOUND");
    // A source that facts still cite cannot go.
    let e = t
        .error_as(
            Some(ADMIN_KEY),
            r#"mutation { deleteNode(id: "src:sesec-2019-a01") { id } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(e["extensions"]["code"], "CONFLICT");
}

#[tokio::test]
async fn link_and_unlink_with_their_rules() {
    let t = TestApp::seeded();
    let link = "mutation($i: RelationInput!) { link(input: $i) { id kind role date from { id } to { id } sources { id } } }";
    let input = json!({"kind": "ATTENDED_BY", "from": "event:national-robot-standardization-group-first-meeting-2019",
                       "to": "person:zhao-bo", "role": "speaker", "date": "2019-05", "sources": [SRC]});
    let d = t.write(link, json!({"i": input})).await;
    let id =
        "event:national-robot-standardization-group-first-meeting-2019|attended_by|person:zhao-bo";
    assert_eq!(d["link"]["id"], id);
    assert_eq!(d["link"]["role"], "speaker");
    assert_eq!(d["link"]["to"]["id"], "person:zhao-bo");

    let check = |input: Value, code: &'static str, field: &'static str| {
        let t = &t;
        async move {
            let e = t
                .error_as(Some(EDITOR_KEY), link, json!({"i": input}))
                .await;
            assert_eq!(e["extensions"]["code"], code, "{e:#}");
            assert_eq!(e["extensions"]["field"], field, "{e:#}");
            assert!(
                e["extensions"]["reason"]
                    .as_str()
                    .is_some_and(|r| !r.is_empty())
            );
        }
    };
    check(input.clone(), "CONFLICT", "key").await;
    let mut wrong_kinds = input.clone();
    wrong_kinds["kind"] = json!("ISSUED_BY");
    check(wrong_kinds, "INVALID_INPUT", "kind").await;
    let mut dangling = input.clone();
    dangling["to"] = json!("person:nobody");
    check(dangling, "INVALID_INPUT", "to").await;
    let mut unsourced = input.clone();
    unsourced["key"] = json!("2");
    unsourced["sources"] = json!([]);
    check(unsourced, "INVALID_INPUT", "sources").await;
    let mut unknown_source = input.clone();
    unknown_source["key"] = json!("2");
    unknown_source["sources"] = json!(["src:nowhere"]);
    check(unknown_source, "INVALID_INPUT", "sources").await;
    let mut bad_id = input.clone();
    bad_id["from"] = json!("Not An Id");
    check(bad_id, "INVALID_INPUT", "from").await;

    let d = t
        .write(
            "mutation($id: ID!) { unlink(id: $id) { id kind from to } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        d["unlink"],
        json!({"id": id, "kind": "ATTENDED_BY", "from": "event:national-robot-standardization-group-first-meeting-2019", "to": "person:zhao-bo"})
    );
    let e = t
        .error_as(
            Some(EDITOR_KEY),
            "mutation($id: ID!) { unlink(id: $id) { id } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(e["extensions"]["code"], "NOT_FOUND");
}

#[tokio::test]
async fn node_inputs_are_validated_like_the_seed() {
    let t = TestApp::seeded();
    let q = "mutation($i: StandardInput!) { createStandard(input: $i) { id } }";
    let base = json!({"id": "std:gb-t-88888-2020", "name": "X", "code": "GB/T 88888-2020", "sources": [SRC]});
    let cases = [
        (json!({"id": "Bad Id"}), "INVALID_INPUT", "id"),
        (
            json!({"code": "not a code at all"}),
            "INVALID_INPUT",
            "code",
        ),
        (
            json!({"published": "2020-05-01", "inForce": "2020-01-01"}),
            "INVALID_INPUT",
            "inForce",
        ),
        (json!({"sources": []}), "INVALID_INPUT", "sources"),
        (
            json!({"sources": ["src:missing"]}),
            "INVALID_INPUT",
            "sources",
        ),
        (json!({"name": "  "}), "INVALID_INPUT", "name"),
        (json!({"id": "std:gb-4943.1-2011"}), "CONFLICT", "id"),
        // Another edition already has this code.
        (json!({"code": "GB 4943.1-2011"}), "INVALID_INPUT", "code"),
    ];
    for (patch, code, field) in cases {
        let mut input = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            input[k] = v.clone();
        }
        let e = t.error_as(Some(EDITOR_KEY), q, json!({"i": input})).await;
        assert_eq!(e["extensions"]["code"], code, "{input}: {e:#}");
        if !e["extensions"]["field"].is_null() || field != "code" {
            assert_eq!(e["extensions"]["field"], field, "{input}: {e:#}");
        }
    }
    // A malformed date never reaches the resolver; the error still has a code.
    let mut input = base.clone();
    input["published"] = json!("2020-13-01");
    let e = t.error_as(Some(EDITOR_KEY), q, json!({"i": input})).await;
    assert_eq!(e["extensions"]["code"], "INVALID_INPUT");
    // Nothing of the rejected inputs was written.
    let d = t
        .data(r#"{ nodes(ids: ["std:gb-t-88888-2020"]) { id } }"#)
        .await;
    assert_eq!(d["nodes"], json!([null]));
}

#[tokio::test]
async fn apply_changes_is_all_or_nothing() {
    let t = TestApp::seeded();
    let q = "mutation($c: [ChangeInput!]!) { applyChanges(changes: $c) {
               firstSeq lastSeq written { id version } deleted { id } linked { id } unlinked { id } } }";
    let good = json!([
        {"create": {"topic": {"id": "topic:6g", "name": "6G", "sources": [SRC]}}},
        {"create": {"standard": {"id": "std:yd-t-0001-2021", "name": "6G test", "code": "YD/T 0001-2021", "sources": [SRC]}}},
        {"link": {"kind": "COVERS_TOPIC", "from": "std:yd-t-0001-2021", "to": "topic:6g", "sources": [SRC]}},
        {"update": {"id": "topic:6g", "patch": {"topic": {"aliases": ["sixth generation"]}}}},
        {"upsert": {"node": {"person": {"id": "person:test-editor", "name": "Test Editor", "sources": [SRC]}}}}
    ]);
    let d = t.write(q, json!({"c": good})).await;
    let r = &d["applyChanges"];
    assert_eq!(r["written"].as_array().unwrap().len(), 3, "{r:#}");
    assert_eq!(
        r["linked"],
        json!([{"id": "std:yd-t-0001-2021|covers_topic|topic:6g"}])
    );
    assert_eq!(
        r["lastSeq"].as_u64().unwrap() - r["firstSeq"].as_u64().unwrap() + 1,
        5
    );
    let d = t
        .data(r#"{ search(query: "sixth generation") { edges { node { id } } } }"#)
        .await;
    assert_eq!(d["search"]["edges"][0]["node"]["id"], "topic:6g");

    // The third change fails: nothing of the list is written, and the error says which one.
    let before = t.data("{ stats { nodes relations } }").await;
    let bad = json!([
        {"create": {"topic": {"id": "topic:7g", "name": "7G", "sources": [SRC]}}},
        {"link": {"kind": "COVERS_TOPIC", "from": "std:yd-t-0001-2021", "to": "topic:7g", "sources": [SRC]}},
        {"link": {"kind": "COVERS_TOPIC", "from": "std:yd-t-0001-2021", "to": "topic:8g", "sources": [SRC]}}
    ]);
    let e = t.error_as(Some(EDITOR_KEY), q, json!({"c": bad})).await;
    assert_eq!(e["extensions"]["index"], 2);
    assert_eq!(e["extensions"]["field"], "to");
    assert!(e["message"].as_str().unwrap().starts_with("change 2:"));
    assert_eq!(t.data("{ stats { nodes relations } }").await, before);
    let d = t.data(r#"{ nodes(ids: ["topic:7g"]) { id } }"#).await;
    assert_eq!(d["nodes"], json!([null]));

    // Deleting inside a list takes an admin.
    let delete = json!([{"delete": {"id": "topic:6g"}}]);
    let e = t.error_as(Some(EDITOR_KEY), q, json!({"c": delete})).await;
    assert_eq!(e["extensions"]["code"], "FORBIDDEN");
    let d = t.write_as(ADMIN_KEY, q, json!({"c": delete})).await;
    assert_eq!(d["applyChanges"]["deleted"], json!([{"id": "topic:6g"}]));
    assert_eq!(
        d["applyChanges"]["unlinked"],
        json!([{"id": "std:yd-t-0001-2021|covers_topic|topic:6g"}])
    );
}

#[tokio::test]
async fn mutations_need_a_key_with_the_right_role() {
    let t = TestApp::seeded();
    let create = r#"mutation { createTopic(input: {id: "topic:auth", name: "Auth", sources: ["src:sesec-2019-a01"]}) { id } }"#;
    let e = t.error_as(None, create, Value::Null).await;
    assert_eq!(e["extensions"]["code"], "UNAUTHENTICATED");
    let e = t.error_as(Some(READER_KEY), create, Value::Null).await;
    assert_eq!(e["extensions"]["code"], "FORBIDDEN");
    // Credentials are checked before the input: a caller who may not write learns nothing about it.
    let invalid =
        r#"mutation { createTopic(input: {id: "Not An Id", name: "", sources: []}) { id } }"#;
    let e = t.error_as(None, invalid, Value::Null).await;
    assert_eq!(e["extensions"]["code"], "UNAUTHENTICATED");
    let e = t.error_as(Some(READER_KEY), invalid, Value::Null).await;
    assert_eq!(e["extensions"]["code"], "FORBIDDEN");
    let e = t
        .error_as(Some("sgk_not-a-configured-key"), create, Value::Null)
        .await;
    assert_eq!(e["extensions"]["code"], "UNAUTHENTICATED");
    let e = t
        .error_as(
            Some(EDITOR_KEY),
            r#"mutation { deleteNode(id: "topic:big-data") { id } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(e["extensions"]["code"], "FORBIDDEN");
    assert!(e["message"].as_str().unwrap().contains("admin"));
    // None of that wrote anything; an admin may do what an editor may.
    assert_eq!(
        t.data(r#"{ nodes(ids: ["topic:auth"]) { id } }"#).await["nodes"],
        json!([null])
    );
    t.write_as(ADMIN_KEY, create, Value::Null).await;
    // Reads stay open without a key; a wrong key is refused even for reads.
    assert_eq!(
        t.run_as(None, "{ stats { nodes } }", Value::Null).await["errors"],
        Value::Null
    );
    let e = t
        .error_as(Some("sgk_wrong"), "{ stats { nodes } }", Value::Null)
        .await;
    assert_eq!(e["extensions"]["code"], "UNAUTHENTICATED");
}

#[tokio::test]
async fn reads_can_require_a_key() {
    let t = TestApp::seeded();
    let api = stdgraph::api::Api::new(
        t.app.clone(),
        &stdgraph::api::Limits::default(),
        crate::support::test_access(true),
    );
    let r = api
        .execute_json_as("{ stats { nodes } }", Value::Null, None)
        .await;
    assert_eq!(r["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert!(r.get("data").is_none());
    let bearer = format!("Bearer {READER_KEY}");
    let r = api
        .execute_json_as("{ stats { nodes } }", Value::Null, Some(&bearer))
        .await;
    assert!(r["data"]["stats"]["nodes"].as_u64().unwrap() > 0, "{r:#}");
}

#[tokio::test]
async fn changes_since_a_time_and_after_a_sequence_number() {
    let t = TestApp::seeded();
    let last = t.data("{ changes(since: \"2100-01-01\") { seq } }").await;
    assert_eq!(last["changes"], json!([]));
    let everything = t.data("{ changes(first: 1000) { seq at } }").await["changes"].clone();
    let seeded = everything.as_array().unwrap().len();
    assert!(seeded > 700);
    t.write(
        r#"mutation { createTopic(input: {id: "topic:since", name: "Since", sources: ["src:sesec-2019-a01"]}) { id } }"#,
        Value::Null,
    )
    .await;
    let now = t
        .data("{ changes(after: 0, first: 1000) { seq at } }")
        .await;
    let newest = now["changes"].as_array().unwrap().last().unwrap().clone();
    let since = newest["at"].as_str().unwrap();
    let d = t
        .data(&format!(
            r#"{{ changes(since: "{since}") {{ seq actor target }} }}"#
        ))
        .await;
    let recent = d["changes"].as_array().unwrap();
    assert_eq!(recent.last().unwrap()["target"], "topic:since");
    assert_eq!(recent.last().unwrap()["actor"], "ed");
    let e = t
        .error_as(
            None,
            r#"{ changes(since: "yesterday") { seq } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(e["extensions"]["field"], "since");
}

/// Readers never see half a change: while batches that each add one node and one relation commit,
/// every read sees the same difference between the two counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_never_see_half_a_change() {
    let t = std::sync::Arc::new(TestApp::seeded());
    let base = t.data("{ stats { nodes relations } }").await["stats"].clone();
    let gap = base["nodes"].as_i64().unwrap() - base["relations"].as_i64().unwrap();
    let writer = {
        let t = t.clone();
        tokio::spawn(async move {
            for i in 0..30 {
                let changes = json!([
                    {"create": {"topic": {"id": format!("topic:burst-{i}"), "name": format!("Burst {i}"), "sources": [SRC]}}},
                    {"link": {"kind": "PART_OF", "from": format!("topic:burst-{i}"), "to": "topic:big-data", "sources": [SRC]}}
                ]);
                t.write(
                    "mutation($c: [ChangeInput!]!) { applyChanges(changes: $c) { lastSeq } }",
                    json!({"c": changes}),
                )
                .await;
            }
        })
    };
    let mut reads = 0;
    while !writer.is_finished() {
        let s = t.data("{ stats { nodes relations } }").await["stats"].clone();
        let g = s["nodes"].as_i64().unwrap() - s["relations"].as_i64().unwrap();
        assert_eq!(g, gap, "a read saw half a change: {s}");
        reads += 1;
        tokio::task::yield_now().await;
    }
    writer.await.unwrap();
    let end = t.data("{ stats { nodes } }").await;
    assert_eq!(
        end["stats"]["nodes"].as_i64().unwrap(),
        base["nodes"].as_i64().unwrap() + 30
    );
    assert!(reads > 0);
}

/// After a storage failure the store refuses every write with UNAVAILABLE (nothing half-written, no
/// guessing), reads go on, and a restart recovers with everything committed before the failure.
#[tokio::test]
async fn a_storage_failure_stops_writes_with_a_clear_error() {
    let t = TestApp::seeded();
    let create = |id: &str| {
        format!(
            r#"mutation {{ createTopic(input: {{id: "{id}", name: "{id}", sources: ["src:sesec-2019-a01"]}}) {{ id }} }}"#
        )
    };
    t.write(&create("topic:before-failure"), Value::Null).await;
    t.app.simulate_write_failure();
    for _ in 0..2 {
        let e = t
            .error_as(
                Some(EDITOR_KEY),
                &create("topic:after-failure"),
                Value::Null,
            )
            .await;
        assert_eq!(e["extensions"]["code"], "UNAVAILABLE");
        assert!(e["message"].as_str().unwrap().contains("restarted"));
    }
    let d = t
        .data(r#"{ nodes(ids: ["topic:before-failure", "topic:after-failure"]) { id } }"#)
        .await;
    assert_eq!(d["nodes"], json!([{"id": "topic:before-failure"}, null]));
    // A restart reopens the store; writes work again and nothing committed was lost.
    let TestApp { app, api, dir } = t;
    drop((api, app));
    let app = std::sync::Arc::new(stdgraph::server::open_app(dir.path()).unwrap());
    let api = stdgraph::api::Api::new(
        app,
        &stdgraph::api::Limits::default(),
        crate::support::test_access(false),
    );
    let bearer = format!("Bearer {EDITOR_KEY}");
    let r = api
        .execute_json_as(&create("topic:after-restart"), Value::Null, Some(&bearer))
        .await;
    assert!(r.get("errors").is_none(), "{r:#}");
    let r = api
        .execute_json(
            r#"{ nodes(ids: ["topic:before-failure"]) { id } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(r["data"]["nodes"], json!([{"id": "topic:before-failure"}]));
}

/// A write that panics on the writer thread (a bug) answers an error instead of hanging, and leaves
/// the store refusing writes as after a storage failure (the panic may have come after the commit),
/// while reads go on and the writer thread stays for whatever comes after a restart.
#[tokio::test]
async fn a_write_that_panics_stops_writes_not_the_server() {
    use stdgraph::app::{AppError, Change, Patch, WriteOptions};
    let t = TestApp::seeded();
    let boom = Change::Update {
        id: stdgraph::model::NodeId::parse("agency:sac").unwrap(),
        expected_version: None,
        patch: Patch::new(|_| panic!("a bug in a patch")),
    };
    let result = t
        .app
        .write(vec![boom], "test", WriteOptions::default())
        .await;
    assert!(
        matches!(result, Err(AppError::WriterPanicked)),
        "{result:?}"
    );
    assert!(
        !t.app.is_writable(),
        "the store refuses writes after a panicked write"
    );
    let create = r#"mutation { createTopic(input: {id: "topic:after-panic", name: "After", sources: ["src:sesec-2019-a01"]}) { id } }"#;
    let e = t.error_as(Some(EDITOR_KEY), create, Value::Null).await;
    assert_eq!(e["extensions"]["code"], "UNAVAILABLE", "{e:#}");
    let d = t.data(r#"{ node(id: "agency:sac") { id } }"#).await;
    assert_eq!(d["node"]["id"], "agency:sac", "reads go on");
}

/// Every kind's update and upsert mutations work, on the node its create mutation made.
#[tokio::test]
async fn every_kind_can_be_updated_and_upserted() {
    let t = TestApp::seeded();
    for (create, input_type, input, _, _) in every_kind() {
        let kind = create.trim_start_matches("create");
        let patch_type = input_type.replace("Input", "Patch");
        let id = input["id"].as_str().unwrap();
        t.write(
            &format!("mutation($i: {input_type}!) {{ {create}(input: $i) {{ id }} }}"),
            json!({"i": input}),
        )
        .await;
        let update = format!(
            "mutation($id: ID!, $p: {patch_type}!) {{ update{kind}(id: $id, patch: $p, expectedVersion: 1) {{ version description }} }}"
        );
        let d = t
            .write(
                &update,
                json!({"id": id, "p": {"description": "Corrected."}}),
            )
            .await;
        assert_eq!(
            d[format!("update{kind}")],
            json!({"version": 2, "description": "Corrected."}),
            "{kind}"
        );
        let upsert = format!(
            "mutation($i: {input_type}!) {{ upsert{kind}(input: $i, expectedVersion: 2) {{ version description }} }}"
        );
        let d = t.write(&upsert, json!({"i": input})).await;
        assert_eq!(
            d[format!("upsert{kind}")],
            json!({"version": 3, "description": ""}),
            "{kind}: an upsert replaces the node whole"
        );
        // A patch of the wrong kind is refused.
        let wrong = if kind == "Topic" { "Person" } else { "Topic" };
        let e = t
            .error_as(
                Some(EDITOR_KEY),
                &format!(
                    "mutation($id: ID!) {{ update{wrong}(id: $id, patch: {{description: \"x\"}}) {{ id }} }}"
                ),
                json!({"id": id}),
            )
            .await;
        assert_eq!(e["extensions"]["code"], "INVALID_INPUT", "{kind}");
        assert_eq!(e["extensions"]["field"], "id", "{kind}");
    }
}
