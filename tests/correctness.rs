//! Issue 17, points 3 to 6: pages that survive changes to their cursor's node, statuses inferred
//! for undated editions, adoption seen from both ends, and code lookups with a year.

use serde_json::{Value, json};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::support::{ADMIN_KEY, TestApp, edge_ids, ids};

const SRC: &str = "src:sesec-2019-a15";

/// Creates a standard with this code (its id and name follow the code).
async fn create_standard(t: &TestApp, id: &str, code: &str) {
    t.write(
        "mutation($i: StandardInput!) { createStandard(input: $i) { id } }",
        json!({"i": {"id": id, "name": code, "code": code, "sources": [SRC]}}),
    )
    .await;
}

/// GB/T 39204-2022 adopts ISO/IEC 27001:2013 (MOD), as the issue's reporter linked them.
async fn with_adoption(t: &TestApp) {
    create_standard(t, "std:iso-iec-27001-2013", "ISO/IEC 27001:2013").await;
    create_standard(t, "std:gb-t-39204-2022", "GB/T 39204-2022").await;
    create_standard(t, "std:gb-t-22080-2016", "GB/T 22080-2016").await;
    for (from, degree) in [
        ("std:gb-t-39204-2022", "MOD"),
        ("std:gb-t-22080-2016", "IDT"),
    ] {
        t.write(
            "mutation($i: RelationInput!) { link(input: $i) { id } }",
            json!({"i": {"kind": "ADOPTS", "from": from, "to": "std:iso-iec-27001-2013",
                         "degree": degree, "sources": [SRC]}}),
        )
        .await;
    }
}

/// Point 5: the adopted standard shows the adoption too, with its degree, in `correspondsTo`,
/// `referencedBy` and `adoptedBy`; the adopting one in `correspondsTo`, `references` and `adopts`.
#[tokio::test]
async fn adoption_shows_at_both_ends_with_its_degree() {
    let t = TestApp::seeded();
    with_adoption(&t).await;
    let d = t
        .data(
            r#"{ iso: standard(code: "ISO/IEC 27001:2013") {
                   correspondsTo { kind direction node { id } relation { degree } }
                   referencedBy { kind direction node { id } relation { degree } }
                   adoptedBy { node { id } relation { degree } } }
                 gb: standard(code: "GB/T 39204-2022") {
                   correspondsTo { kind direction node { id } relation { degree } }
                   references { kind node { id } relation { degree } }
                   adopts { node { id } relation { degree } } } }"#,
        )
        .await;
    let pairs = |edges: &Value| -> Vec<(String, String)> {
        let mut out: Vec<_> = edges
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["node"]["id"].as_str().unwrap().to_owned(),
                    e["relation"]["degree"].as_str().unwrap_or("-").to_owned(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let adopters = vec![
        ("std:gb-t-22080-2016".to_owned(), "IDT".to_owned()),
        ("std:gb-t-39204-2022".to_owned(), "MOD".to_owned()),
    ];
    let iso = &d["iso"];
    assert_eq!(pairs(&iso["correspondsTo"]), adopters);
    assert_eq!(pairs(&iso["referencedBy"]), adopters);
    assert_eq!(pairs(&iso["adoptedBy"]), adopters);
    for edge in iso["correspondsTo"].as_array().unwrap() {
        assert_eq!(
            (&edge["kind"], &edge["direction"]),
            (&json!("ADOPTS"), &json!("INCOMING"))
        );
    }
    let adopted = vec![("std:iso-iec-27001-2013".to_owned(), "MOD".to_owned())];
    let gb = &d["gb"];
    assert_eq!(pairs(&gb["correspondsTo"]), adopted);
    assert_eq!(gb["correspondsTo"][0]["direction"], "OUTGOING");
    assert_eq!(pairs(&gb["references"]), adopted);
    assert_eq!(pairs(&gb["adopts"]), adopted);
}

/// Point 5: "which standards adopt ISO/IEC 27001:2013", "which adoptions are identical".
#[tokio::test]
async fn standards_filter_by_what_they_adopt_and_the_degree() {
    let t = TestApp::seeded();
    with_adoption(&t).await;
    let d = t
        .data(
            r#"{ adopters: standards(filter: { adopts: "ISO/IEC 27001:2013" }) { nodes { id } }
                 byId: standards(filter: { adopts: "std:iso-iec-27001-2013" }) { nodes { id } }
                 identical: standards(filter: { adoptionDegree: [IDT] }) { nodes { id } }
                 modified: standards(filter: { adopts: "ISO/IEC 27001:2013", adoptionDegree: [MOD] }) { nodes { id } }
                 neq: standards(filter: { adoptionDegree: [NEQ] }) { nodes { id } }
                 adopted: standards(filter: { adoptedBy: "GB/T 22080-2016" }) { nodes { id } } }"#,
        )
        .await;
    assert_eq!(
        ids(&d["adopters"]["nodes"]),
        ["std:gb-t-22080-2016", "std:gb-t-39204-2022"]
    );
    assert_eq!(d["byId"], d["adopters"]);
    assert_eq!(ids(&d["identical"]["nodes"]), ["std:gb-t-22080-2016"]);
    assert_eq!(ids(&d["modified"]["nodes"]), ["std:gb-t-39204-2022"]);
    assert!(ids(&d["neq"]["nodes"]).is_empty());
    assert_eq!(ids(&d["adopted"]["nodes"]), ["std:iso-iec-27001-2013"]);
    let code = t
        .error_code(
            r#"{ standards(filter: { adopts: "ISO 99999:2001" }) { nodes { id } } }"#,
            Value::Null,
        )
        .await;
    assert_eq!(code, "NOT_FOUND");
}

/// Point 6: a code with a year finds the yearless entry of its series and says so; `.YYYY` is read
/// as the year; an exact code says it matched the edition.
#[tokio::test]
async fn code_lookups_with_a_year_fall_back_and_say_how_they_matched() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ iec: standard(code: "IEC 62368-1:2014") { id codeMatch }
                 dotted: standard(code: "GB/T 22239.2019") { id codeMatch }
                 dottedPart: standard(code: "GB 4943.1.2011") { id codeMatch }
                 exact: standard(code: "gb/t 22239-2019") { id codeMatch }
                 series: standard(code: "GB/T 22239") { id codeMatch }
                 listed: standards(first: 1) { nodes { codeMatch } } }"#,
        )
        .await;
    assert_eq!(
        d["iec"],
        json!({"id": "std:iec-62368-1", "codeMatch": "YEARLESS"})
    );
    assert_eq!(
        d["dotted"],
        json!({"id": "std:gb-t-22239-2019", "codeMatch": "DOTTED_YEAR"})
    );
    assert_eq!(
        d["dottedPart"],
        json!({"id": "std:gb-4943.1-2011", "codeMatch": "DOTTED_YEAR"})
    );
    assert_eq!(
        d["exact"],
        json!({"id": "std:gb-t-22239-2019", "codeMatch": "EDITION"})
    );
    assert_eq!(
        d["series"],
        json!({"id": "std:gb-t-22239-2019", "codeMatch": "SERIES"})
    );
    assert_eq!(d["listed"]["nodes"][0]["codeMatch"], Value::Null);
    // Another dated edition is not the one asked for: not found, with the editions the graph holds.
    let r = t
        .run(
            r#"{ standard(code: "GB/T 22239-2017") { id } }"#,
            Value::Null,
        )
        .await;
    let e = &r["errors"][0];
    assert_eq!(e["extensions"]["code"], "NOT_FOUND", "{r:#}");
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("GB/T 22239-2008, GB/T 22239-2019"),
        "{message}"
    );
}

/// Point 4: undated editions answer as of a date what their code's year and known succession imply,
/// and say the status is inferred.
#[tokio::test]
async fn undated_editions_are_in_force_as_their_code_year_and_succession_imply() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ old: standard(code: "GB/T 22239-2008", asOf: "2019-01-01") {
                   status statusInferred statusInferredFrom }
                 oldLater: standard(code: "GB/T 22239-2008", asOf: "2019-12-01") {
                   status statusInferred statusInferredFrom }
                 pi: standard(code: "GB/T 35273-2017", asOf: "2019-06") {
                   status statusInferredFrom
                   inItsYear: statusAsOf(date: "2017-06")
                   afterItsYear: statusAsOf(date: "2018-03") afterFrom: statusInferredFrom(date: "2018-03")
                   before: statusAsOf(date: "2016-12-31") }
                 dated: standard(code: "GB/T 22239-2019", asOf: "2019-12-01") {
                   status statusInferred statusInferredFrom }
                 reported: standard(code: "GB/T 22239-2008") { status statusInferred }
                 inForce: standards(filter: { inForceOn: "2019-06-01", nameContains: "GB/T 35273" }) {
                   nodes { id } } }"#,
        )
        .await;
    assert_eq!(
        d["old"],
        json!({"status": "IN_FORCE", "statusInferred": true,
               "statusInferredFrom": ["CODE_YEAR", "LEAD_TIME", "SUCCESSION"]})
    );
    // Superseded from 1 December 2019: stated by the newer edition, not inferred.
    assert_eq!(
        d["oldLater"],
        json!({"status": "SUPERSEDED", "statusInferred": false, "statusInferredFrom": []})
    );
    let pi = &d["pi"];
    assert_eq!(pi["status"], "IN_FORCE");
    assert_eq!(pi["statusInferredFrom"], json!(["CODE_YEAR", "LEAD_TIME"]));
    assert_eq!(pi["inItsYear"], "APPROVED");
    assert_eq!(pi["afterItsYear"], "PUBLISHED");
    assert_eq!(pi["afterFrom"], json!(["CODE_YEAR"]));
    assert_eq!(pi["before"], Value::Null);
    assert_eq!(
        d["dated"],
        json!({"status": "IN_FORCE", "statusInferred": false, "statusInferredFrom": []})
    );
    assert_eq!(d["reported"]["statusInferred"], false);
    assert_eq!(ids(&d["inForce"]["nodes"]), ["std:gb-t-35273-2017"]);
}

/// One page of a connection: its node ids, cursors and flags.
struct Page {
    ids: Vec<String>,
    start: Option<String>,
    end: Option<String>,
    has_previous: bool,
    has_next: bool,
}

/// A page of `field(args, <page>)` where `page` is `first: n, after: ...` or `last: n, before: ...`;
/// `path` leads from `data` to the connection.
async fn page(t: &TestApp, field: &str, page_args: &str, path: &[&str]) -> Page {
    // Selections `field` opens (`node(id: ...) { relations(...`) are closed after the page's.
    let open = field.matches('{').count() - field.matches('}').count();
    let query = format!(
        "{{ {field}, {page_args}) {{ edges {{ cursor node {{ id }} }}
             pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }} }} {} }}",
        "}".repeat(open),
    );
    let mut conn = t.data(&query).await;
    for key in path {
        conn = conn[*key].clone();
    }
    let info = &conn["pageInfo"];
    let page = Page {
        ids: edge_ids(&conn),
        start: info["startCursor"].as_str().map(str::to_owned),
        end: info["endCursor"].as_str().map(str::to_owned),
        has_previous: info["hasPreviousPage"].as_bool().unwrap(),
        has_next: info["hasNextPage"].as_bool().unwrap(),
    };
    let edges = conn["edges"].as_array().unwrap();
    if let (Some(first), Some(last)) = (edges.first(), edges.last()) {
        assert_eq!(first["cursor"].as_str(), page.start.as_deref());
        assert_eq!(last["cursor"].as_str(), page.end.as_deref());
    }
    page
}

/// Walks a whole list forward (`first: size`) or backward (`last: size`) and returns its ids in list
/// order, checking the flags of every page.
async fn walk(t: &TestApp, field: &str, path: &[&str], size: usize, backward: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    for step in 0.. {
        assert!(step < 500, "the walk of {field} does not end");
        let args = match (&cursor, backward) {
            (None, false) => format!("first: {size}"),
            (Some(c), false) => format!(r#"first: {size}, after: "{c}""#),
            (None, true) => format!("last: {size}"),
            (Some(c), true) => format!(r#"last: {size}, before: "{c}""#),
        };
        let p = page(t, field, &args, path).await;
        let (inward, outward) = if backward {
            (p.has_next, p.has_previous)
        } else {
            (p.has_previous, p.has_next)
        };
        assert_eq!(
            inward,
            cursor.is_some(),
            "{field} {args}: the flag toward pages read"
        );
        if backward {
            out.splice(0..0, p.ids.iter().cloned());
            cursor = p.start;
        } else {
            out.extend(p.ids.iter().cloned());
            cursor = p.end;
        }
        if !outward {
            break;
        }
        assert_eq!(
            p.ids.len(),
            size,
            "{field} {args}: a page short of the end is full"
        );
    }
    out
}

/// Creates topics `page test 1` to `page test 6` (`topic:page-test-1` ...), sub-topics of
/// `topic:page-tests`.
async fn page_test_topics(t: &TestApp) {
    t.write(
        r#"mutation { createTopic(input: {id: "topic:page-tests", name: "Pages", sources: ["src:sesec-2019-a01"]}) { id } }"#,
        Value::Null,
    )
    .await;
    for n in 1..=6 {
        t.write(
            &format!(
                r#"mutation {{ createTopic(input: {{id: "topic:page-test-{n}", name: "page test {n}", sources: ["src:sesec-2019-a01"]}}) {{ id }}
                   link(input: {{kind: PART_OF, from: "topic:page-test-{n}", to: "topic:page-tests", sources: ["src:sesec-2019-a01"]}}) {{ id }} }}"#
            ),
            Value::Null,
        )
        .await;
    }
}

const PAGE_TESTS: &str = r#"topics(filter: {nameContains: "page test"}, orderBy: {field: NAME}"#;

fn topic_ids(ns: &[u32]) -> Vec<String> {
    ns.iter().map(|n| format!("topic:page-test-{n}")).collect()
}

async fn rename_topic(t: &TestApp, id: &str, name: &str) {
    t.write(
        "mutation($id: ID!, $n: String!) { updateTopic(id: $id, patch: {name: $n}) { id } }",
        json!({"id": id, "n": name}),
    )
    .await;
}

/// Point 3, the issue's walk: the second topic of the first page is renamed to sort last; the next
/// pages go on with the third topic, and the renamed one shows up once more only where it now sorts.
#[tokio::test]
async fn a_walk_goes_on_after_its_cursor_node_is_renamed() {
    let t = TestApp::seeded();
    page_test_topics(&t).await;
    let first = page(&t, PAGE_TESTS, "first: 2", &["topics"]).await;
    assert_eq!(first.ids, topic_ids(&[1, 2]));
    assert!(first.has_next && !first.has_previous);
    rename_topic(&t, "topic:page-test-2", "Zz page test 2").await;
    let end = first.end.unwrap();
    let second = page(
        &t,
        PAGE_TESTS,
        &format!(r#"first: 2, after: "{end}""#),
        &["topics"],
    )
    .await;
    assert_eq!(second.ids, topic_ids(&[3, 4]));
    assert!(second.has_previous && second.has_next);
    let end = second.end.unwrap();
    let third = page(
        &t,
        PAGE_TESTS,
        &format!(r#"first: 3, after: "{end}""#),
        &["topics"],
    )
    .await;
    assert_eq!(third.ids, topic_ids(&[5, 6, 2]));
    assert!(!third.has_next);
    // The same walk through search, ranked: the renamed topic now ranks lower (its name only
    // contains the query), and the walk still goes on with the third.
    rename_topic(&t, "topic:page-test-2", "page test 2").await;
    let field = r#"search(query: "page test", kinds: [TOPIC]"#;
    let first = page(&t, field, "first: 2", &["search"]).await;
    assert_eq!(first.ids, topic_ids(&[1, 2]));
    rename_topic(&t, "topic:page-test-2", "Zz page test 2").await;
    let end = first.end.unwrap();
    let next = page(
        &t,
        field,
        &format!(r#"first: 4, after: "{end}""#),
        &["search"],
    )
    .await;
    assert_eq!(next.ids, topic_ids(&[3, 4, 5, 6]));
    assert!(next.has_next, "the renamed topic is still a result");
    // In id order, forward and backward, with the flags of every page.
    let by_id = r#"search(query: "page test", kinds: [TOPIC], orderBy: ID"#;
    let all = topic_ids(&[1, 2, 3, 4, 5, 6]);
    assert_eq!(walk(&t, by_id, &["search"], 4, false).await, all);
    assert_eq!(walk(&t, by_id, &["search"], 4, true).await, all);
}

/// Point 3: the cursor's node leaves the list (deleted, or no longer matching the filter): the next
/// page goes on from where it was, forward and backward, instead of failing.
#[tokio::test]
async fn a_walk_goes_on_after_its_cursor_node_leaves_the_list() {
    let t = TestApp::seeded();
    page_test_topics(&t).await;
    let first = page(&t, PAGE_TESTS, "first: 2", &["topics"]).await;
    rename_topic(&t, "topic:page-test-2", "Renamed out of the filter").await;
    let end = first.end.unwrap();
    let next = page(
        &t,
        PAGE_TESTS,
        &format!(r#"first: 2, after: "{end}""#),
        &["topics"],
    )
    .await;
    assert_eq!(next.ids, topic_ids(&[3, 4]));
    t.write_as(
        ADMIN_KEY,
        r#"mutation { deleteNode(id: "topic:page-test-4") { id } }"#,
        Value::Null,
    )
    .await;
    let end = next.end.unwrap();
    let last = page(
        &t,
        PAGE_TESTS,
        &format!(r#"first: 2, after: "{end}""#),
        &["topics"],
    )
    .await;
    assert_eq!(last.ids, topic_ids(&[5, 6]));
    assert!(last.has_previous && !last.has_next);
    // Backward from the deleted node's cursor.
    let before = page(
        &t,
        PAGE_TESTS,
        &format!(r#"last: 5, before: "{end}""#),
        &["topics"],
    )
    .await;
    assert_eq!(before.ids, topic_ids(&[1, 3]));
    assert!(!before.has_previous && before.has_next);
    // A cursor of the earlier kind (the bare id) is still read while its node exists, and refused
    // with a clear message once it is gone.
    let legacy = URL_SAFE_NO_PAD.encode("topic:page-test-3");
    let p = page(
        &t,
        PAGE_TESTS,
        &format!(r#"first: 1, after: "{legacy}""#),
        &["topics"],
    )
    .await;
    assert_eq!(p.ids, topic_ids(&[5]));
    let gone = URL_SAFE_NO_PAD.encode("topic:page-test-4");
    let r = t
        .run(
            &format!(r#"{{ {PAGE_TESTS}, after: "{gone}") {{ totalCount }} }}"#),
            Value::Null,
        )
        .await;
    assert_eq!(
        r["errors"][0]["extensions"]["code"], "INVALID_INPUT",
        "{r:#}"
    );
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("start again")
    );
    // A cursor of another order is refused, not misread.
    let by_date = format!(
        r#"topics(filter: {{nameContains: "page test"}}, orderBy: {{field: DATE}}, after: "{end}""#
    );
    let r = t
        .run(&format!("{{ {by_date}) {{ totalCount }} }}"), Value::Null)
        .await;
    assert_eq!(
        r["errors"][0]["extensions"]["code"], "INVALID_INPUT",
        "{r:#}"
    );
}

/// Point 3: a node's relations page through unlinks of the cursor's relation, in both orders and
/// both ways.
#[tokio::test]
async fn relation_pages_go_on_after_the_cursor_relation_is_unlinked() {
    for order in ["KIND", "RECORDED"] {
        let t = TestApp::seeded();
        page_test_topics(&t).await;
        let field = format!(
            r#"node(id: "topic:page-tests") {{ relations(direction: INCOMING, orderBy: {order}"#
        );
        let path = ["node", "relations"];
        let all = walk(&t, &field, &path, 1000, false).await;
        assert_eq!(all, topic_ids(&[1, 2, 3, 4, 5, 6]), "{order}");
        assert_eq!(walk(&t, &field, &path, 2, false).await, all, "{order}");
        assert_eq!(walk(&t, &field, &path, 2, true).await, all, "{order}");
        let first = page(&t, &field, "first: 2", &path).await;
        t.write(
            r#"mutation { unlink(id: "topic:page-test-2|part_of|topic:page-tests") { id } }"#,
            Value::Null,
        )
        .await;
        let end = first.end.unwrap();
        let next = page(&t, &field, &format!(r#"first: 2, after: "{end}""#), &path).await;
        assert_eq!(next.ids, topic_ids(&[3, 4]), "{order}");
        let back = page(&t, &field, &format!(r#"last: 3, before: "{end}""#), &path).await;
        assert_eq!(back.ids, topic_ids(&[1]), "{order}");
        assert!(!back.has_previous && back.has_next, "{order}");
    }
}

/// The lists and orders the walks below cover: every order of every field, both directions.
const ORDERED_LISTS: &[(&str, &str)] = &[
    ("standards", "CODE"),
    ("standards", "NAME"),
    ("standards", "DATE"),
    ("standards", "ID"),
    ("events", "DATE"),
    ("documents", "DATE"),
    ("agencies", "NAME"),
    ("topics", "NAME"),
];

/// Point 3: in every order, a walk forward and a walk backward, page by page, give the whole list.
#[tokio::test]
async fn walks_in_every_order_give_the_whole_list_both_ways() {
    let t = TestApp::seeded();
    for (list, field) in ORDERED_LISTS {
        for direction in ["ASC", "DESC"] {
            let call = format!("{list}(orderBy: {{field: {field}, direction: {direction}}}");
            let whole = walk(&t, &call, &[list], 1000, false).await;
            assert!(whole.len() > 5, "{call}");
            assert_eq!(
                walk(&t, &call, &[list], 4, false).await,
                whole,
                "{call} forward"
            );
            assert_eq!(
                walk(&t, &call, &[list], 4, true).await,
                whole,
                "{call} backward"
            );
        }
    }
}

/// Point 3: in each standards order, the cursor's standard changes what it sorts by (name, date,
/// code) or leaves a status filter between two pages; the rest of the walk, both ways, holds every
/// other standard once, in order.
#[tokio::test]
async fn walks_go_on_when_the_cursor_node_changes_what_it_sorts_by() {
    let changes = [
        ("NAME", r#"{name: "AAA moved to the front"}"#, ""),
        ("NAME", r#"{name: "zzz moved to the back"}"#, ""),
        ("DATE", r#"{published: "1990-01-01"}"#, ""),
        // The stated type (if any) is cleared with the code: a code says the type itself.
        ("CODE", r#"{code: "GB/T 1-1990", type: null}"#, ""),
        (
            "CODE",
            r#"{status: DRAFTING}"#,
            "filter: {status: [PUBLISHED, IN_FORCE, SUPERSEDED]}, ",
        ),
    ];
    for (field, patch, filter) in changes {
        for direction in ["ASC", "DESC"] {
            for backward in [false, true] {
                let t = TestApp::seeded();
                let call = format!(
                    "standards({filter}orderBy: {{field: {field}, direction: {direction}}}"
                );
                let whole = walk(&t, &call, &["standards"], 1000, false).await;
                let k = 5;
                let (first, rest) = if backward {
                    let p = page(&t, &call, &format!("last: {k}"), &["standards"]).await;
                    (p, whole[..whole.len() - k].to_vec())
                } else {
                    let p = page(&t, &call, &format!("first: {k}"), &["standards"]).await;
                    (p, whole[k..].to_vec())
                };
                let (cursor, moved) = if backward {
                    (first.start.unwrap(), first.ids[0].clone())
                } else {
                    (first.end.unwrap(), first.ids[k - 1].clone())
                };
                t.write(
                    &format!(
                        r#"mutation {{ updateStandard(id: "{moved}", patch: {patch}) {{ id }} }}"#
                    ),
                    Value::Null,
                )
                .await;
                let args = if backward {
                    format!(r#"last: 1000, before: "{cursor}""#)
                } else {
                    format!(r#"first: 1000, after: "{cursor}""#)
                };
                let mut got = page(&t, &call, &args, &["standards"]).await.ids;
                got.retain(|id| *id != moved);
                let case = format!("{call} {patch} backward={backward}");
                assert_eq!(got, rest, "{case}");
                // And in small pages.
                let mut cursor = cursor;
                let mut walked: Vec<String> = Vec::new();
                loop {
                    let args = if backward {
                        format!(r#"last: 3, before: "{cursor}""#)
                    } else {
                        format!(r#"first: 3, after: "{cursor}""#)
                    };
                    let p = page(&t, &call, &args, &["standards"]).await;
                    if backward {
                        walked.splice(0..0, p.ids.iter().cloned());
                    } else {
                        walked.extend(p.ids.iter().cloned());
                    }
                    let more = if backward { p.has_previous } else { p.has_next };
                    match (more, if backward { p.start } else { p.end }) {
                        (true, Some(c)) => cursor = c,
                        _ => break,
                    }
                }
                walked.retain(|id| *id != moved);
                assert_eq!(walked, rest, "{case} in pages of 3");
            }
        }
    }
}
