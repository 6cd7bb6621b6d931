//! Ingest and review (issue #19): proposals are stored durably and change nothing until accepted;
//! accepting applies the accepted items and what they require as one write (history, feed, roles);
//! conflicts with later writes name every item; edit and merge; bad input is refused with its
//! reason and stores nothing; the `stdgraph ingest` command into a server and into a stopped store.
//!
//! Most tests build a proposal against the seed by hand (`seed_proposal`), so that every kind of
//! item is covered whatever the pipeline proposes; `text_ingest_*` go through the real pipeline.

use std::sync::Arc;

use serde_json::{Value, json};
use stdgraph::ingest::{
    ArticleView, Evidence, Item, ItemChange, ItemStatus, Mention, MentionKind, Proposal,
};
use stdgraph::model::{Node, NodeData, NodeId, Relation, RelationId, RelationKind, SourceData};

use crate::support::{EDITOR_KEY, READER_KEY, TestApp};

const SOURCE: &str = "src:test-2020-a01";
const STANDARD: &str = "std:5g-v2x-series";
const NEW_AGENCY: &str = "agency:test-vehicle-lab";
const DRAFTED: &str = "std:5g-v2x-series|drafted_by|agency:ccsa";
/// The article's text: "Test Vehicle Lab" stands after characters that take 3 bytes and 1 UTF-16
/// unit each.
const TEXT: &str = "5G V2X 标准起草\n\nThe Test Vehicle Lab joins the drafting of the 5G V2X standards, \
which come into force on 1 January 2021.";

fn id(s: &str) -> NodeId {
    NodeId::parse(s).unwrap()
}

fn item(name: &str, change: ItemChange, requires: &[&str], base_version: Option<u64>) -> Item {
    Item {
        id: format!("item:{name}"),
        change,
        rule: "test".into(),
        confidence: 0.9,
        evidence: vec![Evidence {
            source: id(SOURCE),
            start: TEXT.find("Test").unwrap(),
            end: TEXT.find(" joins").unwrap(),
            sentence: "The Test Vehicle Lab joins the drafting.".into(),
        }],
        requires: requires.iter().map(|r| format!("item:{r}")).collect(),
        base_version,
        status: ItemStatus::Pending,
    }
}

/// A proposal against the seed with one item of each kind: `source` (the article), `in-force` (set
/// a seed standard's in_force), `topic` (link two seed nodes), `agency` (a new node) and
/// `drafted` (a link to it), `corroborate` (a seed node) and `corroborate-relation`.
fn seed_proposal(t: &TestApp) -> Proposal {
    let graph = t.app.snapshot();
    let version = |n: &str| graph.get(n).unwrap().version();
    let mut source = Node::new(
        id(SOURCE),
        "CCSA starts the 5G V2X standards",
        NodeData::Source(SourceData {
            publication: "Test Newsletter".into(),
            issue: Some("2020-03".into()),
            article: Some(1),
            title: Some("CCSA starts the 5G V2X standards".into()),
            ..SourceData::default()
        }),
    );
    source.sources = Arc::new(vec![id(SOURCE)]);
    let mut agency = Node::new(
        id(NEW_AGENCY),
        "Test Vehicle Lab",
        serde_json::from_value(json!({"kind": "Agency"})).unwrap(),
    );
    agency.sources = Arc::new(vec![id(SOURCE)]);
    let link = |kind, to: &str| Relation::new(kind, id(STANDARD), id(to), vec![id(SOURCE)]);
    let start = TEXT.find("Test").unwrap();
    Proposal {
        id: "proposal:test-seed".into(),
        publication: Some("Test Newsletter".into()),
        issue: Some("2020-03".into()),
        issued: None,
        format: None,
        articles: vec![ArticleView {
            source: id(SOURCE),
            number: Some(1),
            section: None,
            title: "CCSA starts the 5G V2X standards".into(),
            text: TEXT.into(),
            url: None,
            mentions: vec![Mention {
                start,
                end: start + "Test Vehicle Lab".len(),
                kind: MentionKind::Organization,
                text: "Test Vehicle Lab".into(),
                value: None,
                role: None,
                link: None,
            }],
        }],
        items: vec![
            item("source", ItemChange::CreateNode { node: source }, &[], None),
            item(
                "in-force",
                ItemChange::SetField {
                    node: id(STANDARD),
                    field: "in_force".into(),
                    value: json!("2021-01-01"),
                    previous: None,
                },
                &["source"],
                Some(version(STANDARD)),
            ),
            item(
                "topic",
                ItemChange::Link {
                    relation: link(RelationKind::CoversTopic, "topic:internet-of-vehicles"),
                },
                &["source"],
                None,
            ),
            item(
                "agency",
                ItemChange::CreateNode { node: agency },
                &["source"],
                None,
            ),
            item(
                "drafted",
                ItemChange::Link {
                    relation: link(RelationKind::DraftedBy, NEW_AGENCY),
                },
                &["source", "agency"],
                None,
            ),
            item(
                "corroborate",
                ItemChange::CorroborateNode {
                    node: id("agency:ccsa"),
                    source: id(SOURCE),
                },
                &["source"],
                Some(version("agency:ccsa")),
            ),
            item(
                "corroborate-relation",
                ItemChange::CorroborateRelation {
                    relation: RelationId::new(DRAFTED),
                    source: id(SOURCE),
                },
                &["source"],
                None,
            ),
        ],
    }
}

/// A seeded app with the hand-built proposal stored.
async fn with_proposal() -> TestApp {
    let t = TestApp::seeded();
    let proposal = seed_proposal(&t);
    t.app.store_proposal(proposal, Some("ed")).await.unwrap();
    t
}

const REVIEW: &str = "mutation($id: ID!, $accept: [ID!]!, $reject: [ID!]!) {
  reviewProposal(id: $id, accept: $accept, reject: $reject) {
    applied rejected
    proposal { status pending accepted rejected items { id status } }
  }
}";

async fn review(t: &TestApp, key: Option<&str>, accept: &[&str], reject: &[&str]) -> Value {
    let names = |l: &[&str]| l.iter().map(|n| format!("item:{n}")).collect::<Vec<_>>();
    t.run_as(
        key,
        REVIEW,
        json!({"id": "proposal:test-seed", "accept": names(accept), "reject": names(reject)}),
    )
    .await
}

fn sorted(v: &Value) -> Vec<String> {
    let mut list: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    list.sort();
    list
}

#[tokio::test]
async fn a_proposal_changes_nothing_until_accepted_then_applies_with_what_it_requires_in_one_write()
{
    let t = with_proposal().await;
    let nodes = t.app.snapshot().node_count();
    let last_seq = t.app.changes(0, usize::MAX).unwrap().len();
    assert!(t.app.snapshot().get(SOURCE).is_none());
    assert_eq!(
        t.app.snapshot().node_count(),
        nodes,
        "storing changed the graph"
    );

    let mut feed = t.app.subscribe().unwrap();
    let answer = review(&t, Some(EDITOR_KEY), &["drafted"], &[]).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let result = &answer["data"]["reviewProposal"];
    assert_eq!(
        sorted(&result["applied"]),
        ["item:agency", "item:drafted", "item:source"],
        "the accepted item and the two it requires"
    );
    assert_eq!(result["proposal"]["accepted"], 3);
    assert_eq!(result["proposal"]["pending"], 4);
    assert_eq!(result["proposal"]["status"], "OPEN");

    let graph = t.app.snapshot();
    assert_eq!(graph.node_count(), nodes + 2);
    let drafted = RelationId::new(format!("{STANDARD}|drafted_by|{NEW_AGENCY}"));
    assert!(graph.relation(&drafted).is_some());
    // One write: three history records, consecutive, by the reviewer, each announced on the feed.
    let history = t.app.changes(last_seq as u64, 100).unwrap();
    assert_eq!(history.len(), 3, "{history:?}");
    assert!(history.iter().all(|h| h.actor == "ed"));
    let targets: Vec<&str> = history.iter().map(|h| h.target.as_str()).collect();
    assert_eq!(targets, [SOURCE, NEW_AGENCY, drafted.as_str()]);
    let mut announced = Vec::new();
    while let Ok(event) = feed.try_recv() {
        announced.push(event.record.target.clone());
    }
    assert_eq!(announced, targets);

    // The new fact, with its source, as a client reads it.
    let data = t
        .data(&format!(
            r#"{{ node(id: "{NEW_AGENCY}") {{ name sources {{ id }} }} }}"#
        ))
        .await;
    assert_eq!(data["node"]["sources"][0]["id"], SOURCE);
}

#[tokio::test]
async fn every_kind_of_item_is_applied_through_the_write_path() {
    let t = with_proposal().await;
    let answer = review(
        &t,
        Some(EDITOR_KEY),
        &["in-force", "topic", "corroborate", "corroborate-relation"],
        &[],
    )
    .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let graph = t.app.snapshot();
    let standard = graph.get(STANDARD).unwrap();
    let json = serde_json::to_value(standard.node()).unwrap();
    assert_eq!(json["in_force"], "2021-01-01");
    let ccsa = graph.get("agency:ccsa").unwrap();
    assert!(ccsa.node().sources.contains(&id(SOURCE)));
    let relation = graph.relation(&RelationId::new(DRAFTED)).unwrap();
    assert!(relation.sources.contains(&id(SOURCE)));
    assert_eq!(
        relation.role(),
        Some("planned developer"),
        "its properties stay"
    );
    let topic = RelationId::new(format!(
        "{STANDARD}|covers_topic|topic:internet-of-vehicles"
    ));
    assert!(graph.relation(&topic).is_some());
    // The corroborated relation's history says what changed.
    let data = t
        .data(&format!(
            r#"{{ history(id: "{DRAFTED}") {{ op actor after }} }}"#
        ))
        .await;
    let records = data["history"].as_array().unwrap();
    let last = records.last().unwrap();
    assert_eq!(last["op"], "UPDATE_RELATION");
    assert_eq!(last["actor"], "ed");
    assert!(last["after"]["sources"].to_string().contains(SOURCE));
}

#[tokio::test]
async fn review_needs_an_editor_key() {
    let t = with_proposal().await;
    let nodes = t.app.snapshot().node_count();
    let code = |v: Value| v["errors"][0]["extensions"]["code"].clone();
    assert_eq!(
        code(review(&t, Some(READER_KEY), &["source"], &[]).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(review(&t, None, &["source"], &[]).await),
        "UNAUTHENTICATED"
    );
    let ingest = r#"mutation { ingest(text: "Some text") { id } }"#;
    let answer = t.run_as(Some(READER_KEY), ingest, Value::Null).await;
    assert_eq!(code(answer), "FORBIDDEN");
    let answer = t.run_as(None, ingest, Value::Null).await;
    assert_eq!(code(answer), "UNAUTHENTICATED");
    assert_eq!(t.app.snapshot().node_count(), nodes);
    assert_eq!(t.app.proposals(None, 10).unwrap().len(), 1);
}

#[tokio::test]
async fn rejecting_marks_items_and_a_rejected_requirement_refuses_acceptance() {
    let t = with_proposal().await;
    let nodes = t.app.snapshot().node_count();
    let answer = review(&t, Some(EDITOR_KEY), &[], &["agency"]).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    assert_eq!(
        answer["data"]["reviewProposal"]["rejected"],
        json!(["item:agency"])
    );
    assert_eq!(answer["data"]["reviewProposal"]["proposal"]["rejected"], 1);
    assert_eq!(t.app.snapshot().node_count(), nodes);

    let answer = review(&t, Some(EDITOR_KEY), &["drafted"], &[]).await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "INVALID_INPUT");
    assert_eq!(error["extensions"]["item"], "item:agency");
    assert!(
        error["message"].as_str().unwrap().contains("rejected"),
        "{error}"
    );
    // Twice the same decision is refused; an unknown item is not found.
    let answer = review(&t, Some(EDITOR_KEY), &[], &["agency"]).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "INVALID_INPUT");
    let answer = review(&t, Some(EDITOR_KEY), &["nope"], &[]).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "NOT_FOUND");
    assert_eq!(t.app.snapshot().node_count(), nodes);
}

#[tokio::test]
async fn a_write_after_the_proposal_is_a_conflict_naming_every_item_and_nothing_is_applied() {
    let t = with_proposal().await;
    // Someone changes the standard and creates the agency the proposal would create.
    t.write(
        &format!(r#"mutation {{ updateStandard(id: "{STANDARD}", patch: {{ description: "changed" }}) {{ version }} }}"#),
        Value::Null,
    )
    .await;
    t.write(
        &format!(
            r#"mutation {{ createAgency(input: {{ id: "{NEW_AGENCY}", name: "Lab", sources: ["src:sesec-2019-a07"] }}) {{ id }} }}"#
        ),
        Value::Null,
    )
    .await;
    let nodes = t.app.snapshot().node_count();
    let history = t.app.changes(0, usize::MAX).unwrap().len();
    let answer = review(&t, Some(EDITOR_KEY), &["in-force", "drafted"], &[]).await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "CONFLICT", "{answer:#}");
    let mut named: Vec<&str> = error["extensions"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["item"].as_str().unwrap())
        .collect();
    named.sort();
    assert_eq!(named, ["item:agency", "item:in-force"]);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("item:agency") && message.contains("item:in-force"),
        "{message}"
    );
    assert!(
        message.contains("changed since it was proposed"),
        "{message}"
    );
    // Nothing applied, nothing marked.
    assert_eq!(t.app.snapshot().node_count(), nodes);
    assert!(t.app.snapshot().get(SOURCE).is_none());
    assert_eq!(t.app.changes(0, usize::MAX).unwrap().len(), history);
    let stored = t.app.proposal("proposal:test-seed").unwrap().unwrap();
    assert_eq!(stored.counts(), (7, 0, 0));
}

#[tokio::test]
async fn what_only_the_writer_finds_is_still_named_by_item_and_nothing_is_applied() {
    // An item requiring a node that another proposal proposes: the check finds the link's
    // missing end. A corroboration citing a source nobody creates: only the writer finds it,
    // and its refusal is named by the item too.
    let t = TestApp::seeded();
    let mut proposal = seed_proposal(&t);
    proposal.items.retain(|i| i.id != "item:agency");
    if let ItemChange::CorroborateNode { source, .. } = &mut proposal.items[4].change {
        *source = id("src:not-proposed");
    }
    proposal.items[4].requires.clear();
    t.app.store_proposal(proposal, Some("ed")).await.unwrap();
    let answer = review(&t, Some(EDITOR_KEY), &["drafted"], &[]).await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "CONFLICT", "{answer:#}");
    assert_eq!(error["extensions"]["items"][0]["item"], "item:drafted");
    assert!(
        t.app.snapshot().get(SOURCE).is_none(),
        "the source was applied alone"
    );

    let answer = review(&t, Some(EDITOR_KEY), &["corroborate", "topic"], &[]).await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "CONFLICT", "{answer:#}");
    assert_eq!(error["extensions"]["items"][0]["item"], "item:corroborate");
    assert!(
        t.app.snapshot().get(SOURCE).is_none(),
        "part of the write was applied"
    );
    let stored = t.app.proposal("proposal:test-seed").unwrap().unwrap();
    assert_eq!(stored.counts().1, 0, "items marked accepted");
}

const EDIT: &str = "mutation($item: ID!, $fields: JSON!) {
  editProposalItem(proposal: \"proposal:test-seed\", item: $item, fields: $fields) {
    id status summary node value relation
  }
}";

#[tokio::test]
async fn pending_items_can_be_edited_and_are_checked_like_writes() {
    let t = with_proposal().await;
    let edit = |item: &str, fields: Value| {
        t.run_as(
            Some(EDITOR_KEY),
            EDIT,
            json!({"item": format!("item:{item}"), "fields": fields}),
        )
    };
    let answer = edit(
        "agency",
        json!({"name": "Vehicle Test Laboratory", "abbreviation": "VTL"}),
    )
    .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let edited = &answer["data"]["editProposalItem"];
    assert_eq!(edited["node"]["name"], "Vehicle Test Laboratory");
    assert_eq!(edited["node"]["abbreviation"], "VTL");

    let answer = edit("in-force", json!({"value": "2021-13-45"})).await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "INVALID_INPUT", "{answer:#}");
    assert_eq!(error["extensions"]["field"], "in_force");
    let answer = edit("in-force", json!({"value": "2021-07-01"})).await;
    assert_eq!(
        answer["data"]["editProposalItem"]["value"], "2021-07-01",
        "{answer:#}"
    );
    assert!(
        answer["data"]["editProposalItem"]["summary"]
            .as_str()
            .unwrap()
            .contains("Set in_force of V2X series standards based on 5G: 2021-07-01 (was none)")
    );

    let answer = edit("drafted", json!({"role": "co-drafter", "date": "2020-03"})).await;
    assert_eq!(
        answer["data"]["editProposalItem"]["relation"]["role"], "co-drafter",
        "{answer:#}"
    );
    let answer = edit("drafted", json!({"kind": "issued_by", "from": "std:x"})).await;
    assert_eq!(answer["errors"][0]["extensions"]["field"], "from");
    let answer = edit("agency", json!({"id": "agency:other"})).await;
    assert_eq!(answer["errors"][0]["extensions"]["field"], "id");
    let answer = edit("corroborate", json!({})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "INVALID_INPUT");

    // The edited items are what acceptance applies.
    let answer = review(&t, Some(EDITOR_KEY), &["drafted", "in-force"], &[]).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let graph = t.app.snapshot();
    assert_eq!(
        graph.get(NEW_AGENCY).unwrap().node().name,
        "Vehicle Test Laboratory"
    );
    let json = serde_json::to_value(graph.get(STANDARD).unwrap().node()).unwrap();
    assert_eq!(json["in_force"], "2021-07-01");
    // An accepted item no longer changes.
    let answer = edit("agency", json!({"name": "Again"})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "INVALID_INPUT");
}

#[tokio::test]
async fn a_proposed_node_merged_into_an_existing_one_becomes_an_alias_and_its_links_follow() {
    let t = with_proposal().await;
    let answer = t
        .run_as(
            Some(EDITOR_KEY),
            r#"mutation { mergeProposalItem(proposal: "proposal:test-seed", item: "item:agency", into: "agency:cesi") {
                 items { id op status target field value relation requires summary } } }"#,
            Value::Null,
        )
        .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let items = answer["data"]["mergeProposalItem"]["items"]
        .as_array()
        .unwrap();
    let find = |id: &str| items.iter().find(|i| i["id"] == id).unwrap();
    assert_eq!(find("item:agency")["status"], "REJECTED");
    let drafted = find("item:drafted");
    assert_eq!(drafted["relation"]["to"], "agency:cesi");
    assert_eq!(drafted["requires"], json!(["item:source"]));
    let alias = items
        .iter()
        .find(|i| i["op"] == "SET_FIELD" && i["field"] == "aliases")
        .expect("an alias item");
    assert_eq!(alias["target"], "agency:cesi");
    assert!(alias["value"].to_string().contains("Test Vehicle Lab"));

    // A merge into a node of another kind is refused.
    let answer = t
        .run_as(
            Some(EDITOR_KEY),
            r#"mutation { mergeProposalItem(proposal: "proposal:test-seed", item: "item:source", into: "agency:cesi") { id } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "INVALID_INPUT");

    let alias_id = alias["id"].as_str().unwrap();
    let answer = t
        .run_as(
            Some(EDITOR_KEY),
            REVIEW,
            json!({"id": "proposal:test-seed", "accept": ["item:drafted", alias_id], "reject": []}),
        )
        .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let graph = t.app.snapshot();
    assert!(graph.get(NEW_AGENCY).is_none());
    let cesi = graph.get("agency:cesi").unwrap();
    assert!(
        cesi.node()
            .aliases()
            .contains(&"Test Vehicle Lab".to_owned())
    );
    let relation = RelationId::new(format!("{STANDARD}|drafted_by|agency:cesi"));
    assert!(graph.relation(&relation).is_some());
}

const SHOW: &str = "query($id: ID!) { proposal(id: $id) {
  id status pending accepted createdBy issue
  articles { source title text mentions { start end kind text } }
  items { id op status summary evidence { source start end } }
} }";

#[tokio::test]
async fn a_proposal_reads_with_utf16_offsets_and_reviewer_summaries() {
    let t = with_proposal().await;
    let answer = t.run(SHOW, json!({"id": "proposal:test-seed"})).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let p = &answer["data"]["proposal"];
    assert_eq!(p["createdBy"], "ed");
    assert_eq!(p["status"], "OPEN");
    let text = p["articles"][0]["text"].as_str().unwrap();
    let mention = &p["articles"][0]["mentions"][0];
    let units: Vec<u16> = text.encode_utf16().collect();
    let (start, end) = (
        mention["start"].as_u64().unwrap() as usize,
        mention["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        String::from_utf16(&units[start..end]).unwrap(),
        "Test Vehicle Lab"
    );
    let evidence = &p["items"][0]["evidence"][0];
    assert_eq!(evidence["start"], mention["start"]);
    let summaries: Vec<&str> = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Create Source “CCSA starts the 5G V2X standards” (src:test-2020-a01)",
            "Set in_force of V2X series standards based on 5G: 2021-01-01 (was none)",
            "Link V2X series standards based on 5G —covers_topic→ Internet of Vehicles",
            "Create Agency “Test Vehicle Lab” (agency:test-vehicle-lab)",
            "Link V2X series standards based on 5G —drafted_by→ Test Vehicle Lab",
            "Add source CCSA starts the 5G V2X standards to China Communication Standardization Association",
            "Add source CCSA starts the 5G V2X standards to V2X series standards based on 5G —drafted_by→ China Communication Standardization Association",
        ]
    );
    let unknown = t.data(r#"{ proposal(id: "proposal:nope") { id } }"#).await;
    assert!(unknown["proposal"].is_null());
}

const INGEST: &str = "mutation($text: String!, $encoding: IngestEncoding) {
  ingest(text: $text, encoding: $encoding, issue: \"2020-03\", publication: \"Test Newsletter\") {
    id status pending createdBy articles { source title } items { id op status }
  }
}";

/// A short article in the newsletter's style, about made-up things.
const ARTICLE: &str = "Test Newsletter 2020-03\n\n1. Vehicle Test Laboratory joins 5G V2X drafting\n\n\
The Vehicle Test Laboratory (VTL) joined the drafting of the V2X series standards based on 5G at a \
meeting of CCSA TC5 on 12 March 2020 in Beijing.\n";

#[tokio::test]
async fn text_ingest_stores_a_proposal_once_and_changes_nothing_in_the_graph() {
    let t = TestApp::seeded();
    let nodes = t.app.snapshot().node_count();
    let history = t.app.changes(0, usize::MAX).unwrap().len();
    let answer = t
        .run_as(Some(EDITOR_KEY), INGEST, json!({"text": ARTICLE}))
        .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let first = answer["data"]["ingest"].clone();
    assert!(first["id"].as_str().unwrap().starts_with("proposal:"));
    assert_eq!(first["createdBy"], "ed");
    assert!(!first["articles"].as_array().unwrap().is_empty());
    let items = first["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["status"] == "PENDING"));
    assert_eq!(
        t.app.snapshot().node_count(),
        nodes,
        "ingest changed the graph"
    );
    assert_eq!(t.app.changes(0, usize::MAX).unwrap().len(), history);

    // The same text again, in base64 this time: the same proposal, nothing new stored.
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(ARTICLE);
    let answer = t
        .run_as(
            Some(EDITOR_KEY),
            INGEST,
            json!({"text": encoded, "encoding": "BASE64"}),
        )
        .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    assert_eq!(answer["data"]["ingest"], first);
    let list = t
        .data("{ proposals { id status articleCount pending accepted rejected } }")
        .await;
    assert_eq!(list["proposals"].as_array().unwrap().len(), 1);

    // Accepting every item puts the article in the graph; the proposal query, asked again
    // (compiled plans learn repeated queries), follows the review.
    let id = first["id"].as_str().unwrap();
    let status = format!(r#"{{ proposal(id: "{id}") {{ status pending }} }}"#);
    for _ in 0..3 {
        assert_eq!(t.data(&status).await["proposal"]["status"], "OPEN");
    }
    let all: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    let answer = t
        .run_as(
            Some(EDITOR_KEY),
            REVIEW,
            json!({"id": id, "accept": all, "reject": []}),
        )
        .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    assert_eq!(t.data(&status).await["proposal"]["status"], "DONE");
    let source = first["articles"][0]["source"].as_str().unwrap();
    assert!(t.app.snapshot().get(source).is_some());
    let done = t.data("{ proposals(status: DONE) { id } }").await;
    assert_eq!(done["proposals"][0]["id"], id);
    let open = t.data("{ proposals(status: OPEN) { id } }").await;
    assert_eq!(open["proposals"], json!([]));
}

#[tokio::test]
async fn bad_input_is_refused_with_its_reason_and_stores_nothing() {
    let t = TestApp::seeded();
    use base64::Engine as _;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let cases = [
        ("empty", json!({"text": ""}), &["EMPTY"][..]),
        (
            "blank",
            json!({"text": "  \n\n \t\n"}),
            &["NO_ARTICLES", "EMPTY"][..],
        ),
        (
            "not base64",
            json!({"text": "@@@ not base64 @@@", "encoding": "BASE64"}),
            &["UNDECODABLE"][..],
        ),
        (
            "neither UTF-8 nor GB18030",
            json!({"text": b64(b"Standards \xff\xff\xff news\n\nmore \xff text"), "encoding": "BASE64"}),
            &["UNDECODABLE", "BINARY"][..],
        ),
        (
            "binary",
            json!({"text": b64(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"), "encoding": "BASE64"}),
            &["BINARY", "UNDECODABLE"][..],
        ),
    ];
    for (what, variables, reasons) in cases {
        let answer = t.run_as(Some(EDITOR_KEY), INGEST, variables).await;
        let error = &answer["errors"][0];
        assert_eq!(
            error["extensions"]["code"], "INVALID_INPUT",
            "{what}: {answer:#}"
        );
        let reason = error["extensions"]["reason"].as_str().unwrap_or("");
        assert!(
            reasons.contains(&reason),
            "{what}: reason {reason}, {answer:#}"
        );
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        t.app.proposals(None, 10).unwrap(),
        vec![],
        "something was stored"
    );
}

#[tokio::test]
async fn a_text_over_the_configured_limit_is_refused_as_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(stdgraph::server::open_app(dir.path()).unwrap());
    let limits = stdgraph::api::Limits {
        ingest_max_bytes: 100,
        ..stdgraph::api::Limits::default()
    };
    let api = stdgraph::api::Api::new(app.clone(), &limits, crate::support::test_access(false));
    use base64::Engine as _;
    let big = "Standards news. ".repeat(20);
    for variables in [
        json!({"text": big}),
        json!({"text": base64::engine::general_purpose::STANDARD.encode(&big), "encoding": "BASE64"}),
    ] {
        let answer = api
            .execute_json_as(INGEST, variables, Some(&format!("Bearer {EDITOR_KEY}")))
            .await;
        let error = &answer["errors"][0];
        assert_eq!(error["extensions"]["code"], "INVALID_INPUT", "{answer:#}");
        assert_eq!(error["extensions"]["reason"], "TOO_LARGE");
        assert!(
            error["message"].as_str().unwrap().contains("100"),
            "{answer:#}"
        );
    }
    assert!(app.proposals(None, 10).unwrap().is_empty());
}

#[test]
fn proposals_and_their_review_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let app = stdgraph::server::open_app(dir.path()).unwrap();
        let options = stdgraph::ingest::IngestOptions {
            max_bytes: 1 << 20,
            ..Default::default()
        };
        let stored = app
            .ingest_blocking(ARTICLE.as_bytes(), &options, None)
            .unwrap();
        stored.proposal.id
    };
    let app = stdgraph::server::open_app(dir.path()).unwrap();
    let stored = app
        .proposal(&id)
        .unwrap()
        .expect("the proposal is still there");
    assert!(!stored.proposal.items.is_empty());
    assert_eq!(app.proposals(None, 10).unwrap()[0].id, id);
    // Its items are known: the same text proposes nothing new.
    let options = stdgraph::ingest::IngestOptions {
        max_bytes: 1 << 20,
        ..Default::default()
    };
    let again = app.propose(ARTICLE.as_bytes(), &options).unwrap();
    assert!(again.items.is_empty(), "{:?}", again.items);
}

/// Runs the binary with `args`; its exit status, standard output and standard error.
fn stdgraph(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stdgraph"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_ingest_command_writes_a_proposal_into_a_stopped_store() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("issue.txt");
    std::fs::write(&file, ARTICLE).unwrap();
    let data = dir.path().join("data");
    let (data, file) = (data.to_str().unwrap(), file.to_str().unwrap());
    let (ok, out, err) = stdgraph(&["ingest", "--data", data, file, "--issue", "2020-03"]);
    assert!(ok, "{out}\n{err}");
    assert!(out.contains("proposal:"), "{out}");
    assert!(out.contains("CREATE_NODE"), "{out}");
    assert!(out.contains("/explore#/ingest/proposal:"), "{out}");
    let (ok, again, err) = stdgraph(&["ingest", "--data", data, file, "--issue", "2020-03"]);
    assert!(ok, "{again}\n{err}");
    assert!(again.contains("ingested before"), "{again}");

    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let (ok, out, err) = stdgraph(&["ingest", "--data", data, empty.to_str().unwrap()]);
    assert!(!ok, "{out}");
    assert!(err.contains("empty"), "{err}");
    let (ok, _, err) = stdgraph(&["ingest", "--data", data, "/nonexistent/file.txt"]);
    assert!(!ok);
    assert!(err.contains("cannot read"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_ingest_command_sends_a_file_to_a_running_server() {
    let server = crate::support::spawn_server(crate::support::keyed_config(false)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("issue.txt");
    std::fs::write(&file, ARTICLE).unwrap();
    let url = server.url.clone();
    let file = file.to_str().unwrap().to_owned();
    let run = move |key: &'static str| {
        let (url, file) = (url.clone(), file.clone());
        tokio::task::spawn_blocking(move || {
            stdgraph(&[
                "ingest", "--url", &url, "--key", key, &file, "--format", "text",
            ])
        })
    };
    let (ok, out, err) = run(EDITOR_KEY).await.unwrap();
    assert!(ok, "{out}\n{err}");
    let proposals = server.app().proposals(None, 10).unwrap();
    assert_eq!(proposals.len(), 1);
    assert!(out.contains(&proposals[0].id), "{out}");
    assert!(
        out.contains(&format!("{}/explore#/ingest/", server.url)),
        "{out}"
    );
    assert_eq!(proposals[0].created_by.as_deref(), Some("ed"));

    let (ok, out, err) = run(READER_KEY).await.unwrap();
    assert!(!ok, "{out}");
    assert!(err.contains("FORBIDDEN"), "{err}");
    server.stop().await;
}
