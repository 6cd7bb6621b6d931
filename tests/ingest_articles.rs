//! Three articles written for the tests in the newsletter's style, about standards, committees, an
//! MoU and a call for comments that do not exist (`tests/fixtures/ingest/own-issue-2021-03.txt`): the
//! rules were never tuned on them. Their proposal is checked exactly, item by item and mention by
//! mention; then every item is accepted and the new facts are queried with their sources, as an
//! analyst would in GraphiQL.

use expect_test::{Expect, expect};
use serde_json::{Value, json};

use crate::support::{EDITOR_KEY, TestApp};

const ISSUE: &str = include_str!("fixtures/ingest/own-issue-2021-03.txt");

const INGEST: &str = "mutation($text: String!) {
  ingest(text: $text, issue: \"2021-03\") {
    id
    articles { source number section title mentions { kind text value role link { node proposed } } }
    items { id summary rule confidence }
  }
}";

/// One line per mention and per item, in the proposal's order.
fn render(proposal: &Value) -> String {
    let mut out = String::new();
    for article in proposal["articles"].as_array().unwrap() {
        out.push_str(&format!(
            "article {} [{}] {}\n",
            article["number"], article["section"].as_str().unwrap_or("-"), article["title"].as_str().unwrap()
        ));
        for m in article["mentions"].as_array().unwrap() {
            let link = match &m["link"] {
                Value::Null => String::new(),
                l => format!(
                    " -> {}{}",
                    l["node"].as_str().unwrap(),
                    if l["proposed"] == true { " (new)" } else { "" }
                ),
            };
            out.push_str(&format!(
                "  {} {:?} value={} role={}{link}\n",
                m["kind"].as_str().unwrap().to_lowercase(),
                m["text"].as_str().unwrap(),
                m["value"].as_str().unwrap_or("-"),
                m["role"].as_str().unwrap_or("-"),
            ));
        }
    }
    out.push_str("items\n");
    for item in proposal["items"].as_array().unwrap() {
        out.push_str(&format!(
            "  {} [{} {:.2}]\n",
            item["summary"].as_str().unwrap(),
            item["rule"].as_str().unwrap(),
            item["confidence"].as_f64().unwrap()
        ));
    }
    out
}

fn check(actual: &str, expected: Expect) {
    expected.assert_eq(actual);
}

#[tokio::test]
async fn made_up_articles_are_proposed_exactly_and_their_facts_are_queryable_once_accepted() {
    let t = TestApp::seeded();
    let answer = t
        .run_as(Some(EDITOR_KEY), INGEST, json!({"text": ISSUE}))
        .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let proposal = &answer["data"]["ingest"];
    check(&render(proposal), expect![[""]]);

    let all: Vec<&str> = proposal["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let reviewed = t
        .run_as(
            Some(EDITOR_KEY),
            "mutation($id: ID!, $accept: [ID!]!) { reviewProposal(id: $id, accept: $accept) { applied } }",
            json!({"id": proposal["id"], "accept": all}),
        )
        .await;
    assert!(reviewed.get("errors").is_none(), "{reviewed:#}");

    let facts = t
        .data(
            r#"{ standard(code: "GB/T 41101-2021") {
                 id code title published inForce status
                 issuedBy { id } draftedBy { id } supersedes { id }
                 sources { id title }
               } }"#,
        )
        .await;
    check(&serde_json::to_string_pretty(&facts).unwrap(), expect![[""]]);
}
