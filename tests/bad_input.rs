//! Bad input gets a clear error with `extensions.code`, never a panic.

use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn unknown_and_malformed_ids() {
    let t = TestApp::seeded();
    assert_eq!(
        t.error_code(r#"{ node(id: "agency:nope") { id } }"#, json!(null))
            .await,
        "NOT_FOUND"
    );
    assert_eq!(
        t.error_code(r#"{ node(id: "no prefix") { id } }"#, json!(null))
            .await,
        "INVALID_INPUT"
    );
    assert_eq!(
        t.error_code(r#"{ agency(ref: "Nobody At All") { id } }"#, json!(null))
            .await,
        "NOT_FOUND"
    );
    assert_eq!(
        t.error_code(r#"{ relation(id: "a|b|c") { id } }"#, json!(null))
            .await,
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn malformed_codes_dates_and_cursors() {
    let t = TestApp::seeded();
    assert_eq!(
        t.error_code(r#"{ standard(code: "not a code") { id } }"#, json!(null))
            .await,
        "INVALID_INPUT"
    );
    assert_eq!(
        t.error_code(
            r#"{ standard(code: "GB/T 99999-2001") { id } }"#,
            json!(null)
        )
        .await,
        "NOT_FOUND"
    );
    let bad_date = r#"{ standards(filter: {published: {from: "2019-13"}}) { totalCount } }"#;
    assert_eq!(t.error_code(bad_date, json!(null)).await, "INVALID_INPUT");
    assert_eq!(
        t.error_code(
            r#"{ agencies(after: "garbage!") { totalCount } }"#,
            json!(null)
        )
        .await,
        "INVALID_INPUT"
    );
    assert_eq!(
        t.error_code(r#"{ agencies(first: -1) { totalCount } }"#, json!(null))
            .await,
        "INVALID_INPUT"
    );
    assert_eq!(
        t.error_code(r#"{ agencies(first: 100000) { totalCount } }"#, json!(null))
            .await,
        "INVALID_INPUT"
    );
    assert_eq!(
        t.error_code(r#"{ search(query: "   ") { totalCount } }"#, json!(null))
            .await,
        "INVALID_INPUT"
    );
}

#[tokio::test]
async fn malformed_queries_and_wrong_variable_types() {
    let t = TestApp::seeded();
    assert_eq!(
        t.error_code("{ node(id: ", json!(null)).await,
        "INVALID_INPUT"
    );
    assert_eq!(
        t.error_code("{ noSuchField }", json!(null)).await,
        "INVALID_INPUT"
    );
    let typed = "query Q($first: Int) { agencies(first: $first) { totalCount } }";
    assert_eq!(
        t.error_code(typed, json!({"first": "ten"})).await,
        "INVALID_INPUT"
    );
    let bad_enum =
        "{ relations: node(id: \"agency:sac\") { relations(kinds: [NOT_A_KIND]) { totalCount } } }";
    assert_eq!(t.error_code(bad_enum, json!(null)).await, "INVALID_INPUT");
}

#[tokio::test]
async fn too_deep_queries_are_refused() {
    let t = TestApp::seeded();
    let mut q = String::from("{ node(id: \"agency:sac\") { ");
    for _ in 0..20 {
        q.push_str("... on Agency { committees { parent { ");
    }
    q.push_str("id");
    for _ in 0..20 {
        q.push_str(" } } }");
    }
    q.push_str(" } }");
    assert_eq!(t.error_code(&q, json!(null)).await, "INVALID_INPUT");
}

/// A query over the complexity limit is told what it costs, the limit, and which field to make
/// smaller; the cost is async-graphql's own: at exactly the limit (20,000 by default) the query runs.
#[tokio::test]
async fn a_complexity_refusal_names_the_cost_the_limit_and_the_field() {
    let t = TestApp::seeded();
    // standards: 1 + 10 * (edges 1 + node 1 + relations (1 + 990 * (edges 1 + kind 1))) = 19,831;
    // agencies: 1 + c * (edges 1 + node 1 + id 1). With c = 56 the query costs exactly 20,000.
    let query = "query($c: Int) {
        standards(first: 10) { edges { node { relations(first: 990) { edges { kind } } } } }
        agencies(first: $c) { edges { node { id } } }
    }";
    let at_limit = t.run(query, json!({"c": 56})).await;
    assert!(at_limit.get("errors").is_none(), "{at_limit:#}");

    let over = t.run(query, json!({"c": 57})).await;
    let error = &over["errors"][0];
    assert_eq!(error["extensions"]["code"], "INVALID_INPUT", "{over:#}");
    assert_eq!(error["extensions"]["limit"], "complexity");
    assert_eq!(error["extensions"]["cost"], 20_003);
    assert_eq!(error["extensions"]["maxCost"], 20_000);
    assert_eq!(
        error["extensions"]["field"],
        "standards.edges.node.relations"
    );
    let message = error["message"].as_str().expect("a message");
    for part in [
        "costs 20003",
        "at most 20000",
        "`standards.edges.node.relations`",
        "990 items",
        "`first`",
    ] {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
}
