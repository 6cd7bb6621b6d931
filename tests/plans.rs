//! Compiled query plans (`api::plan`) answer byte for byte what async-graphql answers.
//!
//! Each query runs three times: twice through an API with plans (the first run validates it and
//! compiles its plan, the second is answered by the plan) and once through an API with plans turned
//! off, on the same application. All three bodies must be equal, and the plan counters say whether a
//! plan answered.

use serde_json::{Value, json};
use stdgraph::api::{Api, GraphqlRequest, Limits};

use crate::support::{ADMIN_KEY, TestApp, test_access};

/// The seeded app, reachable with and without plans.
struct Both {
    t: TestApp,
    general: Api,
}

impl Both {
    fn new() -> Self {
        let t = TestApp::seeded();
        let general =
            Api::new(t.app.clone(), &Limits::default(), test_access(false)).with_plans(false);
        Self { t, general }
    }

    /// Runs `query` both ways, asserts the bodies are equal, and returns the body and whether a
    /// plan answered the second run.
    async fn compare(&self, query: &str) -> (String, bool) {
        self.compare_with(query, json!({})).await
    }

    /// Like `compare`, with variables.
    async fn compare_with(&self, query: &str, variables: Value) -> (String, bool) {
        let answered = self.t.api.plan_counts().0;
        let first = body(&self.t.api, query, &variables).await;
        let second = body(&self.t.api, query, &variables).await;
        let planned = self.t.api.plan_counts().0 > answered;
        let general = body(&self.general, query, &variables).await;
        assert_eq!(first, general, "first run of {query} with {variables}");
        assert_eq!(second, general, "planned run of {query} with {variables}");
        (general, planned)
    }

    /// Like `compare`, for a query plans cover; returns the parsed answer, which must hold no
    /// errors.
    async fn planned(&self, query: &str) -> Value {
        let (body, planned) = self.compare(query).await;
        assert!(planned, "no plan answered {query}: {body}");
        let value: Value = serde_json::from_str(&body).unwrap();
        assert!(value.get("errors").is_none(), "{value:#}");
        value
    }

    /// Like `compare`, for a query plans do not cover.
    async fn general(&self, query: &str) -> Value {
        let (body, planned) = self.compare(query).await;
        assert!(!planned, "a plan answered {query}");
        serde_json::from_str(&body).unwrap()
    }
}

async fn body(api: &Api, query: &str, variables: &Value) -> String {
    let request = GraphqlRequest::from_json(
        json!({ "query": query, "variables": variables })
            .to_string()
            .as_bytes(),
    )
    .expect("a GraphQL request");
    let outcome = api.execute(request, None).await;
    String::from_utf8(outcome.into_body()).expect("UTF-8")
}

/// Every field plans cover on a node, for every kind.
const NODE_FIELDS: &str = r#"
    __typename id kind name nameZh aliases description version
    ... on Agency { abbreviation }
    ... on TechnicalCommittee { code }
    ... on Standard {
      code title titleZh level type status proposed published inForce withdrawn commentDeadline
    }
    relations(first: 3) {
      __typename totalCount
      pageInfo { __typename hasPreviousPage hasNextPage startCursor endCursor }
      edges { __typename cursor kind direction node { __typename id kind name } }
      nodes { id }
    }"#;

#[tokio::test]
async fn every_covered_field_of_every_node_answers_the_same() {
    let both = Both::new();
    let graph = both.t.app.snapshot();
    let ids: Vec<String> = graph.all_nodes().map(|n| n.id().to_string()).collect();
    assert!(ids.len() > 200, "the seed holds {} nodes", ids.len());
    for id in &ids {
        let v = both
            .planned(&format!(r#"{{ node(id: "{id}") {{ {NODE_FIELDS} }} }}"#))
            .await;
        assert_eq!(v["data"]["node"]["id"], id.as_str());
    }
}

#[tokio::test]
async fn the_benchmark_shapes_answer_the_same() {
    let both = Both::new();
    // Q1: one node with its relations both ways.
    let v = both
        .planned(
            r#"query Q1 { node(id: "agency:sac") { id kind name
                 out: relations(direction: OUTGOING, orderBy: RECORDED, first: 1000) { edges { kind node { id kind name } } }
                 in: relations(direction: INCOMING, orderBy: RECORDED, first: 1000) { edges { kind node { id kind name } } } } }"#,
        )
        .await;
    assert!(
        !v["data"]["node"]["in"]["edges"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Q2: a filtered, ordered list with each item's issuers.
    let v = both
        .planned(
            r#"query Q2 { standards(filter: { prefix: "GB/T" }, orderBy: { field: DATE, direction: DESC }, first: 20) {
                 nodes { id code name published
                   issuedBy: relations(kinds: [ISSUED_BY], direction: OUTGOING, orderBy: RECORDED) { edges { agency: node { id name } } } } } }"#,
        )
        .await;
    assert!(
        !v["data"]["standards"]["nodes"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Q3: two hops, with a fragment on one kind.
    let v = both
        .planned(
            r#"query Q3 { node(id: "agency:sac") { id name
                 tcs: relations(kinds: [PART_OF], direction: INCOMING, orderBy: RECORDED, first: 1000) {
                   tc: nodes { id name
                     drafted: relations(kinds: [DRAFTED_BY], direction: INCOMING, orderBy: RECORDED, first: 10) {
                       std: nodes { id ... on Standard { code } name } } } } } }"#,
        )
        .await;
    assert!(
        !v["data"]["node"]["tcs"]["tc"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Q4: search in id order.
    let v = both
        .planned(r#"query Q4 { search(query: "safety", orderBy: ID, first: 20) { nodes { id kind name } } }"#)
        .await;
    assert!(!v["data"]["search"]["nodes"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn fragments_aliases_and_directives_answer_the_same() {
    let both = Both::new();
    both.planned(
        r#"
        query Shapes {
          __typename
          a: node(id: "std:gb-4943.1-2011") { ...Named ...OnStandard id name: id }
          b: node(id: "agency:sac") {
            ...Named
            ... { version }
            ... on Agency { __typename }
            ... on Standard { code }
            skipped: id @skip(if: true)
            kept: id @include(if: true)
            dropped: name @include(if: false)
            both: kind @skip(if: false) @include(if: true)
            ... on Node @skip(if: true) { description }
          }
        }
        fragment Named on Node { id name nameZh kind }
        fragment OnStandard on Standard { code published status relations(first: 2) { totalCount } }"#,
    )
    .await;
    // The same field under two fragments, once with a sub-selection: async-graphql merges the two,
    // plans do not, so this stays on the general path (and still answers).
    both.general(
        r#"{ node(id: "agency:sac") { relations(first: 1) { totalCount } ... on Agency { relations(first: 1) { edges { kind } } } } }"#,
    )
    .await;
}

#[tokio::test]
async fn pages_cursors_and_empty_answers_are_the_same() {
    let both = Both::new();
    // Relations: a second page after a cursor, in both orders and all directions.
    for order in ["KIND", "RECORDED"] {
        for direction in ["OUTGOING", "INCOMING", "BOTH"] {
            let page = |after: &str| {
                format!(
                    r#"{{ node(id: "agency:sac") {{ relations(direction: {direction}, orderBy: {order}, first: 2{after}) {{
                         totalCount pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }}
                         edges {{ cursor kind direction node {{ id }} }} }} }} }}"#
                )
            };
            let v = both.planned(&page("")).await;
            let info = &v["data"]["node"]["relations"]["pageInfo"];
            if let Some(end) = info["endCursor"].as_str() {
                let v = both.planned(&page(&format!(r#", after: "{end}""#))).await;
                // Backward from the second page, and the last page.
                let info = &v["data"]["node"]["relations"]["pageInfo"];
                if let Some(start) = info["startCursor"].as_str() {
                    both.planned(&page(&format!(r#", last: 2, before: "{start}""#)))
                        .await;
                }
            }
            both.planned(&page(", last: 3")).await;
        }
    }
    // Lists: pages of standards in several orders, with totals, and as of a date.
    for order in [
        "{ field: CODE }",
        "{ field: DATE, direction: DESC }",
        "{ field: NAME }",
    ] {
        let page = |after: &str| {
            format!(
                r#"{{ standards(orderBy: {order}, first: 5{after}) {{ totalCount
                     pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }}
                     edges {{ cursor node {{ id code status published inForce }} }} }} }}"#
            )
        };
        let v = both.planned(&page("")).await;
        let end = v["data"]["standards"]["pageInfo"]["endCursor"]
            .as_str()
            .unwrap()
            .to_owned();
        both.planned(&page(&format!(r#", after: "{end}""#))).await;
        // Backward: the page before the first page's end, and the last page.
        both.planned(&page(&format!(r#", last: 3, before: "{end}""#)))
            .await;
        let v = both
            .planned(&format!(
                r#"{{ standards(orderBy: {order}, last: 4) {{ totalCount
                     pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }}
                     edges {{ cursor node {{ id }} }} }} }}"#
            ))
            .await;
        assert_eq!(v["data"]["standards"]["pageInfo"]["hasNextPage"], false);
        assert_eq!(v["data"]["standards"]["pageInfo"]["hasPreviousPage"], true);
    }
    both.planned(r#"{ standards(asOf: "2019-06-01", first: 50) { nodes { id status } } }"#)
        .await;
    both.planned(
        r#"{ standards(filter: { mainTopic: "topic:cybersecurity" }) { totalCount nodes { id } pageInfo { startCursor endCursor } } }"#,
    )
    .await;
    // Search: ranked with totals and match reasons, in id order, in Chinese, and with no hits.
    both.planned(
        r#"{ search(query: "standardization", first: 7) { totalCount pageInfo { hasNextPage endCursor }
             edges { cursor score matchedOn node { __typename id name } } } }"#,
    )
    .await;
    both.planned(r#"{ search(query: "SAC", orderBy: ID, kinds: [AGENCY], first: 3) { edges { cursor node { id } } pageInfo { hasNextPage } } }"#)
        .await;
    both.planned(r#"{ search(query: "标准", first: 5) { totalCount nodes { id nameZh } } }"#)
        .await;
    let v = both
        .planned(r#"{ search(query: "standardization", first: 3) { pageInfo { endCursor } } }"#)
        .await;
    let end = v["data"]["search"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap();
    both.planned(&format!(
        r#"{{ search(query: "standardization", first: 3, after: "{end}") {{ pageInfo {{ hasPreviousPage hasNextPage startCursor }} edges {{ cursor node {{ id }} }} }} }}"#
    ))
    .await;
    both.planned(&format!(
        r#"{{ search(query: "standardization", last: 2, before: "{end}") {{ totalCount pageInfo {{ hasPreviousPage hasNextPage }} nodes {{ id }} }} }}"#
    ))
    .await;
    both.planned(r#"{ search(query: "SAC", orderBy: ID, last: 2) { pageInfo { hasPreviousPage hasNextPage } nodes { id } } }"#)
        .await;
    both.planned(r#"{ search(query: "zzzzqqq") { totalCount nodes { id } pageInfo { startCursor endCursor hasNextPage } } }"#)
        .await;
}

#[tokio::test]
async fn queries_outside_the_plans_keep_the_general_path() {
    let both = Both::new();
    // A field plans do not cover.
    both.general(r#"{ node(id: "agency:sac") { id ... on Agency { category } } }"#)
        .await;
    both.general(r#"{ agencies(first: 2) { nodes { id } } }"#)
        .await;
    // Variables inside an input object or a directive.
    let (_, planned) = both
        .compare_with(
            r#"query($p: String) { standards(filter: { prefix: $p }) { nodes { id } } }"#,
            json!({ "p": "GB/T" }),
        )
        .await;
    assert!(!planned);
    let (_, planned) = both
        .compare_with(
            r#"query($x: Boolean!) { node(id: "agency:sac") { id name @skip(if: $x) } }"#,
            json!({ "x": true }),
        )
        .await;
    assert!(!planned);
    // Errors are never compiled: a node that does not exist, a malformed id, a blank search.
    for query in [
        r#"{ node(id: "agency:no-such-agency") { id } }"#,
        r#"{ node(id: "not an id") { id } }"#,
        r#"{ search(query: "  ") { totalCount } }"#,
        r#"{ node(id: "agency:sac") { relations(after: "not-a-cursor") { totalCount } } }"#,
    ] {
        let v = both.general(query).await;
        assert!(v["errors"][0]["extensions"]["code"].is_string(), "{v:#}");
    }
    // Two operations in one document.
    let (_, planned) = both
        .compare(r#"query A { node(id: "agency:sac") { id } } query B { __typename }"#)
        .await;
    assert!(!planned);
    assert_eq!(both.t.api.plan_counts(), (0, 0));
}

#[tokio::test]
async fn a_plan_reads_each_new_snapshot_and_declines_when_its_node_is_gone() {
    let both = Both::new();
    let query = r#"{ node(id: "person:zhao-bo") { id name version relations { totalCount } } }"#;
    both.planned(query).await;
    both.t
        .write(
            r#"mutation { updatePerson(id: "person:zhao-bo", patch: {name: "Zhao Bo (renamed)"}) { version } }"#,
            Value::Null,
        )
        .await;
    let v = both.planned(query).await;
    assert_eq!(v["data"]["node"]["name"], "Zhao Bo (renamed)");
    both.t
        .write_as(
            ADMIN_KEY,
            r#"mutation { deleteNode(id: "person:zhao-bo") { id } }"#,
            Value::Null,
        )
        .await;
    // The plan declines; async-graphql reports the missing node, as it would have anyway.
    let declined = both.t.api.plan_counts().1;
    let (body, planned) = both.compare(query).await;
    assert!(!planned);
    assert_eq!(both.t.api.plan_counts().1, declined + 2);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["errors"][0]["extensions"]["code"], "NOT_FOUND", "{v:#}");
}

#[tokio::test]
async fn variables_answer_the_same_and_are_checked_on_every_request() {
    let both = Both::new();
    let node =
        r#"query N($id: ID!) { node(id: $id) { id name relations(first: 2) { totalCount } } }"#;
    for id in ["agency:sac", "std:gb-4943.1-2011", "person:zhao-bo"] {
        let (body, planned) = both.compare_with(node, json!({ "id": id })).await;
        assert!(planned, "{body}");
        assert!(body.contains(id));
    }
    // Values the resolver's types refuse, a missing variable, a node that is not there: the plan
    // declines and async-graphql reports each as it would have.
    for variables in [
        json!({ "id": null }),
        json!({ "id": 5 }),
        json!({ "id": ["agency:sac"] }),
        json!({}),
        json!({ "id": "agency:no-such-agency" }),
    ] {
        let (body, planned) = both.compare_with(node, variables.clone()).await;
        assert!(!planned, "{variables}: {body}");
        assert!(body.contains("\"errors\""), "{variables}: {body}");
    }

    // Page sizes: the first clean request sets the budget (5, sent).
    let search = r#"query S($q: String!, $first: Int, $kinds: [NodeKind!]) {
        search(query: $q, first: $first, kinds: $kinds) { totalCount nodes { id kind } } }"#;
    let cases = [
        (json!({ "q": "standard", "first": 5 }), true),
        (json!({ "q": "safety", "first": 3 }), true),
        (
            json!({ "q": "safety", "first": 5, "kinds": "STANDARD" }),
            true,
        ),
        (
            json!({ "q": "safety", "first": 0, "kinds": ["AGENCY", "STANDARD"] }),
            true,
        ),
        (json!({ "q": "safety", "first": null }), false),
        (json!({ "q": "safety", "first": 6 }), false),
        (json!({ "q": "safety" }), false),
        (json!({ "q": "safety", "first": -1 }), false),
        (json!({ "q": "safety", "first": "3" }), false),
        (
            json!({ "q": "safety", "first": 3, "kinds": ["NOPE"] }),
            false,
        ),
        (json!({ "q": "   ", "first": 3 }), false),
        (json!({ "first": 3 }), false),
    ];
    for (variables, expect_plan) in cases {
        let (body, planned) = both.compare_with(search, variables.clone()).await;
        assert_eq!(planned, expect_plan, "{variables}: {body}");
    }

    // A default value stands in for a variable left out, as async-graphql reads it.
    let defaulted = r#"query D($first: Int = 2, $way: Direction) { node(id: "agency:sac") {
        relations(first: $first, direction: $way) { totalCount edges { node { id } } } } }"#;
    let (body, planned) = both.compare_with(defaulted, json!({})).await;
    assert!(planned, "{body}");
    let (_, planned) = both
        .compare_with(defaulted, json!({ "way": "INCOMING" }))
        .await;
    assert!(planned);
    let (_, planned) = both.compare_with(defaulted, json!({ "first": 1 })).await;
    assert!(!planned, "the budget was set without `first`");

    // `last` through a variable has a budget like `first`.
    let backward = r#"query B($last: Int) { node(id: "agency:sac") {
        relations(last: $last) { totalCount pageInfo { hasPreviousPage } edges { node { id } } } } }"#;
    for (variables, expect_plan) in [
        (json!({ "last": 3 }), true),
        (json!({ "last": 2 }), true),
        (json!({ "last": 4 }), false),
        (json!({}), false),
    ] {
        let (body, planned) = both.compare_with(backward, variables.clone()).await;
        assert_eq!(planned, expect_plan, "{variables}: {body}");
    }
}

/// The explorer's search (`web/src/explore/api.js`, `search`), as the page sends it.
#[tokio::test]
async fn the_explorer_search_is_answered_by_its_plan() {
    let both = Both::new();
    let query = r#"query ExplorerSearch($query: String!, $first: Int) {
      search(query: $query, first: $first) {
        totalCount
        edges { score matchedOn node {
          id kind name nameZh
          ... on Agency { abbreviation }
          ... on TechnicalCommittee { code }
          ... on Standard { code }
        } }
      }
    }"#;
    for words in ["SAC", "standardization", "TC 260", "信息安全", "GB/T 22239"] {
        let (body, planned) = both
            .compare_with(query, json!({ "query": words, "first": 12 }))
            .await;
        assert!(planned, "{words}: {body}");
    }
}

/// A search scoped to a topic is answered by its plan exactly as async-graphql answers it, with the
/// topic and `topicVia` given in the document or as variables, left out, or refused.
#[tokio::test]
async fn a_search_scoped_to_a_topic_is_planned_byte_for_byte() {
    let both = Both::new();
    let v = both
        .planned(
            r#"{ search(query: "security", topic: "5G", topicVia: ALL, first: 3) { totalCount
                 pageInfo { hasNextPage endCursor } edges { cursor score node { id } } } }"#,
        )
        .await;
    assert!(
        v["data"]["search"]["totalCount"].as_u64().unwrap() > 3,
        "{v}"
    );
    let end = v["data"]["search"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap();
    both.planned(&format!(
        r#"{{ search(query: "security", topic: "5G", topicVia: ALL, first: 3, after: "{end}") {{ pageInfo {{ hasPreviousPage hasNextPage }} nodes {{ id }} }} }}"#
    ))
    .await;
    both.planned(r#"{ search(query: "security", topic: "5G Security", orderBy: ID, first: 4) { pageInfo { hasNextPage } nodes { id } } }"#)
        .await;
    let scoped = r#"query S($t: String, $via: TopicVia!) {
        search(query: "security", topic: $t, topicVia: $via, first: 5) { totalCount nodes { id } } }"#;
    for (variables, expect_plan) in [
        (json!({ "t": "5G", "via": "ALL" }), true),
        (json!({ "t": "topic:5g-security", "via": "COVERS" }), true),
        (json!({ "t": null, "via": "ALL" }), true),
        (json!({ "t": "No Such Topic", "via": "ALL" }), false),
        (json!({ "t": "5G", "via": "DISCUSSED" }), false),
        (json!({ "t": "5G" }), false),
    ] {
        let (body, planned) = both.compare_with(scoped, variables.clone()).await;
        assert_eq!(planned, expect_plan, "{variables}: {body}");
    }
}
