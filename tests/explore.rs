//! Exploring and analysing: neighbourhoods, paths, timelines, aggregates and exports.
//!
//! Questions with one answer are cases (`case!`, tests/cases.rs). The rest stay code because they
//! check properties rather than one answer: every step of a path names a source and points the way
//! it is walked; paths come shortest first and within their bound; a neighbourhood holds the ends of
//! its relations and reports truncation; a timeline is in date order and leaves out year-only facts;
//! aggregate counts add up to the kind's count, largest group first; PageRank sums to one and
//! components and communities partition the graph; a walk restricted to node kinds agrees with the
//! unrestricted one.

use expect_test::expect;
use serde_json::json;

use crate::cases::case;
use crate::support::{TestApp, ids};

/// a04 + a16: "how is ETSI connected to TC260?" is answered by a path whose every step names its source.
#[tokio::test]
async fn a04_a16_why_etsi_is_connected_to_tc260() {
    let t = TestApp::seeded();
    let d = t
        .data(r#"{ shortestPath(from: "ETSI", to: "TC260", nodeKinds: [AGENCY, TECHNICAL_COMMITTEE, EVENT, MOU, DOCUMENT, STANDARD, PERSON]) {
            length start { id } nodes { id }
            steps { direction relation { kind from { id } to { id } sources { id } } node { id } } sources { id } } }"#)
        .await;
    let path = &d["shortestPath"];
    assert_eq!(path["start"]["id"], "agency:etsi");
    let nodes = ids(&path["nodes"]);
    assert_eq!(nodes.last().map(String::as_str), Some("tc:tc260"));
    assert_eq!(path["length"].as_u64().unwrap() as usize, nodes.len() - 1);
    for step in path["steps"].as_array().unwrap() {
        assert!(
            !step["relation"]["sources"].as_array().unwrap().is_empty(),
            "a step without a source: {step}"
        );
        // The direction says which end of the relation the step starts from.
        let (from, to) = (
            &step["relation"]["from"]["id"],
            &step["relation"]["to"]["id"],
        );
        let reached = &step["node"]["id"];
        match step["direction"].as_str().unwrap() {
            "OUTGOING" => assert_eq!(to, reached),
            _ => assert_eq!(from, reached),
        }
    }
    assert!(!path["sources"].as_array().unwrap().is_empty());
}

/// a04: all simple paths come shortest first, and no path is longer than asked.
#[tokio::test]
async fn a04_paths_are_ordered_and_bounded() {
    let t = TestApp::seeded();
    let d = t.data(r#"{ paths(from: "ETSI", to: "CESI", maxLength: 3, limit: 20) { truncated paths { length nodes { id } } } }"#).await;
    let lengths: Vec<u64> = d["paths"]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    assert!(!lengths.is_empty());
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]), "{lengths:?}");
    assert!(lengths.iter().all(|&l| l <= 3));
    for p in d["paths"]["paths"].as_array().unwrap() {
        let nodes = ids(&p["nodes"]);
        let unique: std::collections::HashSet<_> = nodes.iter().collect();
        assert_eq!(
            unique.len(),
            nodes.len(),
            "a path repeats a node: {nodes:?}"
        );
        assert_eq!(nodes.first().map(String::as_str), Some("agency:etsi"));
        assert_eq!(nodes.last().map(String::as_str), Some("agency:cesi"));
    }
}

/// a19/a21: CESI's neighbourhood holds its direct relations, depth 0 for the centre, and truncation is reported.
#[tokio::test]
async fn a19_neighborhood_of_cesi() {
    let t = TestApp::seeded();
    let d = t
        .data(r#"{ neighborhood(id: "中国电子标准化研究所", depth: 1, limit: 1000) {
            truncated nodeCount nodes { depth node { id } } relations { from { id } to { id } } } }"#)
        .await;
    let n = &d["neighborhood"];
    assert_eq!(n["truncated"], false);
    assert_eq!(n["nodes"][0]["node"]["id"], "agency:cesi");
    assert_eq!(n["nodes"][0]["depth"], 0);
    let members: Vec<String> = n["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    for expected in ["mou:etsi-cesi", "person:zhao-bo"] {
        assert!(
            members.contains(&expected.to_owned()),
            "{expected} missing from {members:?}"
        );
    }
    for r in n["relations"].as_array().unwrap() {
        assert!(members.contains(&r["from"]["id"].as_str().unwrap().to_owned()));
        assert!(members.contains(&r["to"]["id"].as_str().unwrap().to_owned()));
    }
    let small = t
        .data(r#"{ neighborhood(id: "agency:cesi", depth: 2, limit: 5) { truncated nodeCount } }"#)
        .await;
    assert_eq!(small["neighborhood"]["truncated"], true);
    assert_eq!(small["neighborhood"]["nodeCount"], 5);
}

/// a03/a13/a14/a19/a21: the timeline of May 2019 is in date order and holds the month's dated facts.
#[tokio::test]
async fn a14_timeline_of_may_2019() {
    let t = TestApp::seeded();
    let d = t
        .data(r#"{ timeline(from: "2019-05", to: "2019-05") { date end kind node { id } } }"#)
        .await;
    let entries = d["timeline"].as_array().unwrap();
    let dates: Vec<&str> = entries
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(
        dates.iter().all(|d| d.len() >= 7),
        "year-only facts do not belong in a month: {dates:?}"
    );
    let has = |kind: &str, id: &str| {
        entries
            .iter()
            .any(|e| e["kind"] == kind && e["node"]["id"] == id)
    };
    assert!(has("STANDARD_PUBLISHED", "std:gb-t-22239-2019"));
    assert!(has(
        "EVENT_HELD",
        "event:big-data-standardization-forum-2019"
    ));
    let facts_about_cesi = t
        .data(r#"{ timeline(from: "2019-05", to: "2019-05", relatedTo: "CESI") { node { id } } }"#)
        .await;
    assert!(!facts_about_cesi["timeline"].as_array().unwrap().is_empty());
}

/// abbreviation table: agencies grouped by category, largest group first, counts adding up.
#[tokio::test]
async fn abbr_aggregate_agencies_by_category() {
    let t = TestApp::seeded();
    let d = t.data("{ aggregate(groupBy: CATEGORY, kinds: [AGENCY]) { key count } stats { nodesByKind { kind count } } }").await;
    let groups = d["aggregate"].as_array().unwrap();
    let total: u64 = groups.iter().map(|g| g["count"].as_u64().unwrap()).sum();
    let agencies = d["stats"]["nodesByKind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "AGENCY")
        .unwrap()["count"]
        .as_u64();
    assert_eq!(Some(total), agencies);
    assert!(
        groups
            .windows(2)
            .all(|w| w[0]["count"].as_u64() >= w[1]["count"].as_u64())
    );
    assert!(groups.iter().any(|g| g["key"] == "GOVERNMENT"));
    let by_year = t.data(r#"{ aggregate(groupBy: YEAR, kinds: [STANDARD], filter: {topic: "Cybersecurity"}) { key count } }"#).await;
    assert!(
        by_year["aggregate"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["key"] == "2019")
    );
}

case!(
    /// a14: `statusAsOf` answers with the status a standard had on a date: none before it existed,
    /// published in June 2019, in force from 1 December 2019.
    a14_status_as_of_a_date,
    r#"{ standard(code: "GB/T 22239-2019") { status
            before: statusAsOf(date: "2019-01-01") june: statusAsOf(date: "2019-06-01") december: statusAsOf(date: "2019-12-01") } }"#,
    expect![[r#"
        {
          "standard": {"before": null, "december": "IN_FORCE", "june": "PUBLISHED", "status": "PUBLISHED"}
        }"#]]
);

case!(
    /// a14: with `asOf`, a standard's `status` answers for that date, alone and in a list (where the
    /// 2008 edition is superseded by then).
    a14_status_of_standards_as_of_a_date,
    r#"{ june: standard(code: "GB/T 22239-2019", asOf: "2019-06-01") { status }
                  before: standard(code: "GB/T 22239-2019", asOf: "2018-01-01") { status }
                  list: standards(asOf: "2020-01-01", filter: {prefix: "GB/T", nameContains: "22239"}) { edges { node { id status } } } }"#,
    expect![[r#"
        {
          "before": {"status": null},
          "june": {"status": "PUBLISHED"},
          "list": {
            "edges": [
              {"node": {"id": "std:gb-t-22239-2008", "status": "SUPERSEDED"}},
              {"node": {"id": "std:gb-t-22239-2019", "status": "IN_FORCE"}}
            ]
          }
        }"#]]
);

case!(
    /// a14: how many classified-protection standards were in force on 1 January 2020?
    a14_classified_protection_standards_in_force_on_a_date,
    r#"{ standards(filter: {statusAsOf: {date: "2020-01-01", status: [IN_FORCE]}, topic: "Classified Protection of Cybersecurity"}) { totalCount } }"#,
    expect![[r#"{"standards": {"totalCount": 7}}"#]]
);

/// Analytics: PageRank sums to one, components and communities partition the graph, distances start at 0.
#[tokio::test]
async fn analytics_are_consistent_over_the_whole_graph() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ stats { nodes }
            centrality(measure: PAGERANK, first: 10000) { rank score }
            components(first: 10000) { size }
            communities(first: 10000) { modularity count groups { size } }
            distances(from: "CESI", first: 3) { distance node { id } } }"#,
        )
        .await;
    let nodes = d["stats"]["nodes"].as_u64().unwrap();
    let ranks = d["centrality"].as_array().unwrap();
    assert_eq!(ranks.len() as u64, nodes);
    let sum: f64 = ranks.iter().map(|r| r["score"].as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-9, "PageRank sums to {sum}");
    assert!(
        ranks
            .windows(2)
            .all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64())
    );
    let component_total: u64 = d["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    assert_eq!(component_total, nodes);
    let community_total: u64 = d["communities"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    assert_eq!(community_total, nodes);
    assert!(d["communities"]["modularity"].as_f64().unwrap() > 0.3);
    assert_eq!(d["distances"][0]["node"]["id"], "agency:cesi");
    assert_eq!(d["distances"][0]["distance"], 0);
    assert_eq!(d["distances"][1]["distance"], 1);
    let bad = t
        .run(
            r#"{ centrality(measure: PAGERANK, damping: 1.5) { rank } }"#,
            json!(null),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "INVALID_INPUT");
}

/// a14: a walk restricted to node kinds that exclude its start still starts there (the general
/// traversal), and agrees with the indexed traversal where both apply.
#[tokio::test]
async fn a14_walks_that_start_outside_their_node_kinds() {
    let t = TestApp::seeded();
    let d = t
        .data(r#"{ neighborhood(id: "std:gb-t-22239-2019", depth: 1, nodeKinds: [AGENCY]) { nodes { depth node { id kind } } }
                  all: neighborhood(id: "std:gb-t-22239-2019", depth: 1) { nodes { node { id kind } } } }"#)
        .await;
    let nodes = d["neighborhood"]["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["node"]["id"], "std:gb-t-22239-2019");
    let agencies: Vec<&str> = nodes[1..]
        .iter()
        .map(|n| n["node"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(agencies, ["agency:sac", "agency:samr"]);
    let all_agencies: Vec<&str> = d["all"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["node"]["kind"] == "AGENCY")
        .map(|n| n["node"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(agencies, all_agencies);
}
