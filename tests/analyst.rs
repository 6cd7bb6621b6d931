//! Questions an analyst asks of the newsletter, each answered through GraphQL. Every test names the
//! article it checks (`a14` = article 14 of the SESEC IV China IT/ICT Standardization Newsletter, 2019).

use serde_json::json;

use crate::support::{TestApp, edge_ids, ids};

/// a14: the three Classified Protection 2.0 standards, found by any spelling of their codes.
#[tokio::test]
async fn a14_standard_codes_in_any_spelling() {
    let t = TestApp::seeded();
    for spelling in [
        "GB/T 22239-2019",
        "GB/T22239-2019",
        "gb/t 22239—2019",
        "ＧＢ／Ｔ　２２２３９－２０１９",
    ] {
        let d = t
            .run(
                "query($c: String!) { standard(code: $c) { id } }",
                json!({"c": spelling}),
            )
            .await;
        assert_eq!(
            d["data"]["standard"]["id"], "std:gb-t-22239-2019",
            "{spelling}"
        );
    }
}

/// a14: which standards come into force on 2019-12-01, and who issued them.
#[tokio::test]
async fn a14_standards_in_force_on_2019_12_01() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ standards(filter: {inForce: {from: "2019-12-01", to: "2019-12-01"}}) {
            totalCount edges { node { id issuedBy { id } } } } }"#,
        )
        .await;
    let got = edge_ids(&d["standards"]);
    assert_eq!(
        got,
        [
            "std:gb-t-22239-2019",
            "std:gb-t-25070-2019",
            "std:gb-t-28448-2019"
        ]
    );
    for edge in d["standards"]["edges"].as_array().unwrap() {
        assert!(ids(&edge["node"]["issuedBy"]).contains(&"agency:samr".to_owned()));
    }
}

/// a13: documents whose comment deadline falls in June 2019, and the twelve joint issuers of one.
#[tokio::test]
async fn a13_comment_deadlines_in_june_2019() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ documents(filter: {commentDeadline: {from: "2019-06", to: "2019-06"}}) {
            edges { node { id commentDeadline issuedBy { id } } } } }"#,
        )
        .await;
    let edges = d["documents"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2);
    let review = edges
        .iter()
        .find(|e| e["node"]["id"] == "doc:measures-for-cybersecurity-review-draft-2019")
        .unwrap();
    assert_eq!(review["node"]["commentDeadline"], "2019-06-18");
    assert_eq!(ids(&review["node"]["issuedBy"]).len(), 12);
}

/// abbreviation table: one agency under its abbreviation, English name and Chinese name.
#[tokio::test]
async fn abbr_agency_by_abbreviation_english_or_chinese_name() {
    let t = TestApp::seeded();
    for reference in [
        "SAC",
        "Standardization Administration of China",
        "国家标准化管理委员会",
        "agency:sac",
        "sac",
    ] {
        let d = t
            .run(
                "query($r: String!) { agency(ref: $r) { id } }",
                json!({"r": reference}),
            )
            .await;
        assert_eq!(d["data"]["agency"]["id"], "agency:sac", "{reference}");
    }
}

/// a19: search finds CESI by its Chinese name, and ranks the exact abbreviation first.
#[tokio::test]
async fn a19_search_in_chinese_and_by_abbreviation() {
    let t = TestApp::seeded();
    let d = t
        .data(r#"{ search(query: "中国电子标准化研究所") { edges { node { id } } } }"#)
        .await;
    assert_eq!(edge_ids(&d["search"])[0], "agency:cesi");
    let d = t
        .data(r#"{ search(query: "cesi", first: 3) { edges { matchedOn node { id } } } }"#)
        .await;
    assert_eq!(d["search"]["edges"][0]["node"]["id"], "agency:cesi");
    assert_eq!(d["search"]["edges"][0]["matchedOn"], "ABBREVIATION");
}

/// a04: ETSI and CESI agreed to renew their MoU; the parties are reachable from the MoU and from ETSI.
#[tokio::test]
async fn a04_etsi_cesi_mou_both_directions() {
    let t = TestApp::seeded();
    let d = t
        .data(r#"{ agency(ref: "ETSI") { mous { id parties { node { id } } } } }"#)
        .await;
    let mous = d["agency"]["mous"].as_array().unwrap();
    let renewal = mous
        .iter()
        .find(|m| ids(&m["parties"]).contains(&"agency:cesi".to_owned()));
    assert!(renewal.is_some(), "no MoU joins ETSI and CESI: {d:#}");
}

/// Every node and relation in the graph says where it comes from.
#[tokio::test]
async fn every_node_and_relation_has_a_source() {
    let t = TestApp::seeded();
    let graph = t.app.snapshot();
    for node in graph.all_nodes() {
        assert!(
            !node.node().sources.is_empty(),
            "{} has no source",
            node.id()
        );
    }
    for relation in graph.all_relations() {
        assert!(
            !relation.sources.is_empty(),
            "{} has no source",
            relation.id()
        );
    }
    assert!(t.dir.path().exists());
}
