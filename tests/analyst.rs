//! Questions an analyst asks of the newsletter, each answered through GraphQL. Every test names the
//! article it checks (`a14` = article 14 of the SESEC IV China IT/ICT Standardization Newsletter, 2019;
//! `front` = the project introduction, `abbr` = the abbreviation table).
//!
//! Dates in the newsletter often lack a day or a month; a date filter lists a node only when its date
//! can be placed in the range, so an event dated only "2019" is listed for 2019 but not for May 2019
//! (unless the range asks for dates that may fall in it, `precision: POSSIBLY`).

use serde_json::{Value, json};

use crate::support::{TestApp, edge_ids, ids};

/// A list of ids in sorted order, for lists whose order the API does not promise.
fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list
}

/// `"<node id> <relation field>"` for each relation edge (`{ node { id } relation { <field> } }`),
/// sorted; a missing value shows as `-`.
fn with_relation(edges: &Value, field: &str) -> Vec<String> {
    let mut out: Vec<String> = edges
        .as_array()
        .unwrap_or_else(|| panic!("not a list of relation edges: {edges}"))
        .iter()
        .map(|e| {
            let shown = match &e["relation"][field] {
                Value::String(s) => s.clone(),
                Value::Null => "-".to_owned(),
                other => other.to_string(),
            };
            let id = e["node"]["id"].as_str().expect("an edge names its node");
            format!("{id} {shown}")
        })
        .collect();
    out.sort();
    out
}

/// `"<measure> <value> <QUALIFIER>"` for each of a node's `figures { measure value qualifier }`.
fn figures(node: &Value) -> Vec<String> {
    node["figures"]
        .as_array()
        .unwrap_or_else(|| panic!("no figures on {node}"))
        .iter()
        .map(|f| {
            let value = f["value"].as_f64().expect("a figure has a numeric value");
            format!(
                "{} {value} {}",
                f["measure"].as_str().expect("a figure has a measure"),
                f["qualifier"].as_str().expect("a figure has a qualifier")
            )
        })
        .collect()
}

/// The articles (`sources { article }`) of a relation edge, sorted.
fn articles(edge: &Value) -> Vec<u64> {
    let mut out: Vec<u64> = edge["relation"]["sources"]
        .as_array()
        .unwrap_or_else(|| panic!("no sources on {edge}"))
        .iter()
        .map(|s| {
            s["article"]
                .as_u64()
                .expect("an article source has a number")
        })
        .collect();
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------------
// Front matter and abbreviation table
// ---------------------------------------------------------------------------------------------------

/// front: who co-finances the SESEC project, and does ETSI see SESEC among what it funds?
#[tokio::test]
async fn front_sesec_co_financers_both_directions() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ sesec: agency(ref: "SESEC") { id fundedBy { id }
                   relations(kinds: [FUNDED_BY]) { edges { node { id } relation { role sources { id } } } } }
                 etsi: agency(ref: "ETSI") {
                   relations(kinds: [FUNDED_BY], direction: INCOMING) { edges { node { id } } } } }"#,
        )
        .await;
    assert_eq!(d["sesec"]["id"], "agency:sesec");
    assert_eq!(
        sorted(ids(&d["sesec"]["fundedBy"])),
        [
            "agency:cen",
            "agency:cenelec",
            "agency:ec",
            "agency:efta",
            "agency:etsi"
        ]
    );
    let edges = &d["sesec"]["relations"]["edges"];
    assert_eq!(
        with_relation(edges, "role"),
        [
            "agency:cen co-financer",
            "agency:cenelec co-financer",
            "agency:ec co-financer",
            "agency:efta co-financer (EFTA secretariat)",
            "agency:etsi co-financer"
        ]
    );
    for edge in edges.as_array().expect("funding edges") {
        assert_eq!(ids(&edge["relation"]["sources"]), ["src:sesec-2019-front"]);
    }
    assert_eq!(edge_ids(&d["etsi"]["relations"]), ["agency:sesec"]);
}

/// front: which phases has SESEC had, and when was SESEC IV launched and for how long?
#[tokio::test]
async fn front_sesec_phases_and_sesec_iv_launch() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ sesec: agency(ref: "agency:sesec") { units { id } }
                 iv: agency(ref: "SESEC IV") { parents { id } figures { measure value qualifier }
                   relations(kinds: [PART_OF], direction: OUTGOING) { edges { node { id } relation { date } } } }
                 launch: node(id: "event:sesec-iv-launch") { ... on Event {
                   start city outcomes { node { id } relation { role } } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(ids(&d["sesec"]["units"])),
        [
            "agency:sesec-i",
            "agency:sesec-ii",
            "agency:sesec-iii",
            "agency:sesec-iv"
        ]
    );
    assert_eq!(ids(&d["iv"]["parents"]), ["agency:sesec"]);
    assert_eq!(
        with_relation(&d["iv"]["relations"]["edges"], "date"),
        ["agency:sesec 2018-04"]
    );
    assert_eq!(figures(&d["iv"]), ["duration_months 36 EXACT"]);
    assert_eq!(d["launch"]["start"], "2018-04");
    assert_eq!(d["launch"]["city"], "Beijing");
    assert_eq!(
        with_relation(&d["launch"]["outcomes"], "role"),
        ["agency:sesec-iv launched"]
    );
}

/// front: who is the SESEC IV expert, and for how many months is she seconded?
#[tokio::test]
async fn front_betty_xu_is_the_sesec_iv_expert() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ people(filter: {affiliation: "SESEC IV"}) { edges { node {
                   id title figures { measure value qualifier }
                   affiliations { node { id } relation { role } } } } } }"#,
        )
        .await;
    assert_eq!(edge_ids(&d["people"]), ["person:betty-xu"]);
    let betty = &d["people"]["edges"][0]["node"];
    assert_eq!(betty["title"], "SESEC expert");
    assert_eq!(figures(betty), ["term_months 36 EXACT"]);
    assert_eq!(
        with_relation(&betty["affiliations"], "role"),
        ["agency:sesec-iv SESEC expert"]
    );
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

/// abbreviation table: is every organization found by abbreviation, English and Chinese name?
#[tokio::test]
async fn abbr_every_row_by_abbreviation_english_and_chinese_name() {
    let t = TestApp::seeded();
    let rows = [
        (
            "CAC",
            "agency:cac",
            "Cyberspace Administration of China & Office of the Central Cyberspace Affairs Commission",
            "国家互联网信息办公室&中共中央网络安全和信息化委员会办公室",
        ),
        (
            "CAS",
            "agency:cas",
            "China Standardization Association",
            "中国标准化协会",
        ),
        (
            "CCSA",
            "agency:ccsa",
            "China Communication Standardization Association",
            "中国通信标准化协会",
        ),
        (
            "CERT",
            "agency:cncert",
            "National Computer Network Emergency Response Technical Team/Coordination Centre of China",
            "国家互联网应急中心",
        ),
        (
            "CESI",
            "agency:cesi",
            "China Electronic Standardization Institute",
            "中国电子标准化研究所",
        ),
        (
            "CNCA",
            "agency:cnca",
            "Certification and Accreditation Administration of China",
            "中国国家认证认可监督管理委员会",
        ),
        (
            "CNIS",
            "agency:cnis",
            "China National Institute of Standardization",
            "中国国家标准化研究院",
        ),
        (
            "MIIT",
            "agency:miit",
            "Ministry of Industry and Information Technology of People’s Republic of China",
            "中国工业和信息化部",
        ),
        (
            "MOHRSS",
            "agency:mohrss",
            "Ministry of Human Resources and Social Security of China",
            "人社部",
        ),
        (
            "MoHURD",
            "agency:mohurd",
            "Ministry of Housing and Urban-Rural Development",
            "住房与建设部",
        ),
        ("MOR", "agency:mor", "Ministry of Railway", "中国铁道部"),
        (
            "MOT",
            "agency:mot",
            "Ministry of Transport",
            "中国交通运输部",
        ),
        (
            "MOST",
            "agency:most",
            "Ministry of Science and Technology",
            "中国科学技术部",
        ),
        ("MPS", "agency:mps", "Ministry of public security", "公安部"),
        (
            "NDRC",
            "agency:ndrc",
            "National development and reform commission",
            "中国国家发改委",
        ),
        (
            "NHFPC",
            "agency:nhfpc",
            "National health commission",
            "国家卫生健康委员会",
        ),
        (
            "OSCCA",
            "agency:oscca",
            "State Cryptography Administration Office of Security Commercial Code Administration",
            "国家商用密码管理办公室",
        ),
        (
            "SAC",
            "agency:sac",
            "Standardization Administration of China",
            "国家标准化管理委员",
        ),
        (
            "SAMR",
            "agency:samr",
            "State Administration on Market Regulation",
            "国家市场监督管理总局",
        ),
    ];
    let query = "query($r: String!) { agency(ref: $r) { id abbreviation nameZh } }";
    for (abbreviation, id, english, chinese) in rows {
        let by_abbreviation = t.run(query, json!({"r": abbreviation})).await;
        let agency = &by_abbreviation["data"]["agency"];
        assert_eq!(agency["id"], id, "{abbreviation}: {by_abbreviation}");
        assert_eq!(agency["abbreviation"], abbreviation, "{abbreviation}");
        assert_eq!(agency["nameZh"], chinese, "{abbreviation}");
        for reference in [english, chinese] {
            let d = t.run(query, json!({"r": reference})).await;
            assert_eq!(d["data"]["agency"]["id"], id, "{reference}: {d}");
        }
    }
}

/// abbreviation table: is CCC an organization, or the certification system it names?
#[tokio::test]
async fn abbr_ccc_is_a_certification_system_not_an_agency() {
    let t = TestApp::seeded();
    let code = t
        .error_code(
            "query($r: String!) { agency(ref: $r) { id } }",
            json!({"r": "CCC"}),
        )
        .await;
    assert_eq!(code, "NOT_FOUND");
    let d = t
        .data(
            r#"{ search(query: "中国强制认证") { edges { matchedOn node { id kind
                   ... on Document { docKind discussedAt { id } } } } } }"#,
        )
        .await;
    let first = &d["search"]["edges"][0];
    assert_eq!(first["node"]["id"], "doc:ccc");
    assert_eq!(first["matchedOn"], "EXACT_NAME");
    assert_eq!(first["node"]["kind"], "DOCUMENT");
    assert_eq!(
        ids(&first["node"]["discussedAt"]),
        ["event:sesec-stakeholder-events-2019"]
    );
}

/// abbreviation table: which organizations have 标准化 in their Chinese name, page by page?
#[tokio::test]
async fn abbr_chinese_search_pages_through_all_matches() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ search(query: "标准化", first: 2) { totalCount pageInfo { hasNextPage endCursor }
                   edges { matchedOn node { id } } } }"#,
        )
        .await;
    assert_eq!(d["search"]["totalCount"], 5);
    assert_eq!(d["search"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(edge_ids(&d["search"]), ["agency:cas", "agency:sac"]);
    let cursor = d["search"]["pageInfo"]["endCursor"]
        .as_str()
        .expect("a cursor for the next page");
    let next = t
        .run(
            r#"query($after: String!) { search(query: "标准化", first: 10, after: $after) {
                   pageInfo { hasNextPage } edges { matchedOn node { id } } } }"#,
            json!({"after": cursor}),
        )
        .await;
    assert_eq!(
        edge_ids(&next["data"]["search"]),
        ["agency:cesi", "agency:cnis", "agency:ccsa"]
    );
    assert_eq!(next["data"]["search"]["pageInfo"]["hasNextPage"], false);
    for edge in next["data"]["search"]["edges"]
        .as_array()
        .expect("search hits")
    {
        assert_eq!(edge["matchedOn"], "NAME_CONTAINS");
    }
}

// ---------------------------------------------------------------------------------------------------
// Horizontal issues (articles 1-5)
// ---------------------------------------------------------------------------------------------------

/// a01: what has NDRC issued, and what does its draft Catalogue say about standardization services?
#[tokio::test]
async fn a01_ndrc_catalogue_lists_standardization_services() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ agency(ref: "National Development and Reform Commission") { id issued { id } }
                 node(id: "doc:catalogue-guiding-industrial-restructuring-2019") { ... on Document {
                   docKind status figures { measure value qualifier } topics { id }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role } } } } } }"#,
        )
        .await;
    assert_eq!(d["agency"]["id"], "agency:ndrc");
    assert_eq!(
        sorted(ids(&d["agency"]["issued"])),
        [
            "doc:catalogue-guiding-industrial-restructuring-2019",
            "doc:measures-for-cybersecurity-review-draft-2019"
        ]
    );
    let catalogue = &d["node"];
    assert_eq!(catalogue["docKind"], "CATALOGUE");
    assert_eq!(catalogue["status"], "DRAFT_FOR_COMMENTS");
    assert_eq!(
        figures(catalogue),
        [
            "classes 3 EXACT",
            "category_listing_standardization_services 31 EXACT"
        ]
    );
    assert_eq!(
        sorted(ids(&catalogue["topics"])),
        ["topic:horizontal-issues", "topic:standardization-services"]
    );
    assert_eq!(
        with_relation(&catalogue["relations"]["edges"], "role"),
        ["agency:ndrc issued the call for comments"]
    );
}

/// a02: what are the working groups of CCSA's new space communications committee TC12?
#[tokio::test]
async fn a02_ccsa_tc12_and_its_three_working_groups() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ technicalCommittees(filter: {parent: "CCSA TC12"}) { edges { node { id code level status } } }
                 node(id: "tc:ccsa-tc12") { ... on TechnicalCommittee {
                   code status parent { id } children { id } establishedBy { id } topics { id } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["technicalCommittees"])),
        ["tc:ccsa-tc12-wg1", "tc:ccsa-tc12-wg2", "tc:ccsa-tc12-wg3"]
    );
    let codes: Vec<String> = d["technicalCommittees"]["edges"]
        .as_array()
        .expect("TC12 working groups")
        .iter()
        .map(|e| format!("{} {}", e["node"]["id"], e["node"]["code"]))
        .collect();
    assert_eq!(
        sorted(codes),
        [
            r#""tc:ccsa-tc12-wg1" "WG1""#,
            r#""tc:ccsa-tc12-wg2" "WG2""#,
            r#""tc:ccsa-tc12-wg3" "WG3""#
        ]
    );
    for edge in d["technicalCommittees"]["edges"]
        .as_array()
        .expect("TC12 working groups")
    {
        assert_eq!(edge["node"]["level"], "WG");
        assert_eq!(edge["node"]["status"], "BEING_ESTABLISHED");
    }
    let tc12 = &d["node"];
    assert_eq!(tc12["code"], "CCSA TC12");
    assert_eq!(tc12["status"], "BEING_ESTABLISHED");
    assert_eq!(tc12["parent"]["id"], "agency:ccsa");
    assert_eq!(ids(&tc12["establishedBy"]), ["agency:ccsa"]);
    assert_eq!(
        sorted(ids(&tc12["children"])),
        ["tc:ccsa-tc12-wg1", "tc:ccsa-tc12-wg2", "tc:ccsa-tc12-wg3"]
    );
    assert_eq!(ids(&tc12["topics"]), ["topic:satellite-communication"]);
}

/// a02: which committees does 中国通信标准化协会 (CCSA) have, and is CCSA each one's parent?
#[tokio::test]
async fn a02_ccsa_committees_and_parent_both_directions() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ agency(ref: "中国通信标准化协会") { id committees { id code parent { id } } } }"#,
        )
        .await;
    assert_eq!(d["agency"]["id"], "agency:ccsa");
    let committees = &d["agency"]["committees"];
    assert_eq!(
        sorted(ids(committees)),
        ["tc:ccsa-tc1", "tc:ccsa-tc12", "tc:ccsa-tc5"]
    );
    let mut codes = Vec::new();
    for committee in committees.as_array().expect("CCSA committees") {
        assert_eq!(committee["parent"]["id"], "agency:ccsa", "{committee}");
        codes.push(
            committee["code"]
                .as_str()
                .expect("a committee code")
                .to_owned(),
        );
    }
    assert_eq!(sorted(codes), ["CCSA TC1", "CCSA TC12", "CCSA TC5"]);
}

/// a03: which meetings were held in Xiamen, in date order, and what were they part of?
#[tokio::test]
async fn a03_xiamen_sessions_in_date_order() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ events(filter: {city: "Xiamen"}, orderBy: {field: DATE}) {
                   edges { node { id start end partOf { id } sessions { id } } } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["events"]),
        [
            "event:cn-de-im-i40-wg-8th-meeting",
            "event:cn-de-standardization-conference-2019",
            "event:cn-de-it-security-seminar-2019",
            "event:cn-de-scc-plenary-2019"
        ]
    );
    let edges = d["events"]["edges"].as_array().expect("Xiamen events");
    let dates: Vec<String> = edges
        .iter()
        .map(|e| format!("{} {}", e["node"]["start"], e["node"]["end"]))
        .collect();
    assert_eq!(
        dates,
        [
            r#""2019-05-19" "2019-05-22""#,
            r#""2019-05-19" "2019-05-22""#,
            r#""2019-05-20" "2019-05-20""#,
            r#""2019-05-22" "2019-05-22""#
        ]
    );
    let conference = &edges[1]["node"];
    assert_eq!(
        sorted(ids(&conference["sessions"])),
        [
            "event:cn-de-im-i40-wg-8th-meeting",
            "event:cn-de-it-security-seminar-2019",
            "event:cn-de-scc-plenary-2019"
        ]
    );
    for session in [&edges[0], &edges[2], &edges[3]] {
        assert_eq!(
            ids(&session["node"]["partOf"]),
            ["event:cn-de-standardization-conference-2019"]
        );
    }
}

/// a03: what did the plenary of 22 May release, how many results were there, and who guided them?
#[tokio::test]
async fn a03_plenary_released_working_group_results() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "event:cn-de-scc-plenary-2019") { ... on Event {
                   organizers { id } figures { measure value qualifier }
                   outcomes { node { id ... on Document { draftedBy { id } issued } }
                              relation { role count } } } } }"#,
        )
        .await;
    let plenary = &d["node"];
    assert_eq!(
        ids(&plenary["organizers"]),
        ["agency:cn-de-standardization-cooperation-committee"]
    );
    assert_eq!(figures(plenary), ["results_released 3 EXACT"]);
    let outcomes = &plenary["outcomes"];
    assert_eq!(
        with_relation(outcomes, "role"),
        [
            "doc:equipment-lifecycle-management-use-cases released",
            "doc:guide-application-cn-de-im-i40-wg released"
        ]
    );
    assert_eq!(
        with_relation(outcomes, "count"),
        [
            "doc:equipment-lifecycle-management-use-cases 3",
            "doc:guide-application-cn-de-im-i40-wg 3"
        ]
    );
    for outcome in outcomes.as_array().expect("plenary outcomes") {
        assert_eq!(outcome["node"]["issued"], "2019-05-22");
        assert_eq!(
            sorted(ids(&outcome["node"]["draftedBy"])),
            ["agency:cesi", "tc:cn-de-im-i40-wg"]
        );
    }
}

/// a03: what did the eighth working group meeting discuss, and how many consensuses did it reach?
#[tokio::test]
async fn a03_working_group_meeting_topics_and_consensuses() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "event:cn-de-im-i40-wg-8th-meeting") { ... on Event {
                   organizers { id } discussed { id } figures { measure value qualifier }
                   outcomes { node { id } relation { role count } } } } }"#,
        )
        .await;
    let meeting = &d["node"];
    assert_eq!(ids(&meeting["organizers"]), ["tc:cn-de-im-i40-wg"]);
    assert_eq!(figures(meeting), ["consensuses_reached 10 EXACT"]);
    assert_eq!(
        with_relation(&meeting["outcomes"], "count"),
        ["doc:cn-de-im-i40-wg-consensuses-2019 10"]
    );
    assert_eq!(
        sorted(ids(&meeting["discussed"])),
        [
            "doc:cn-de-im-i40-wg-research-reports",
            "topic:ai",
            "topic:cybersecurity",
            "topic:digital-twins",
            "topic:edge-computing",
            "topic:functional-safety",
            "topic:industrial-network",
            "topic:intelligent-manufacturing",
            "topic:predictive-maintenance"
        ]
    );
}

/// a03: who are the parties to the TC260-DIN/NIA MoU of February 2019, and what did it agree?
#[tokio::test]
async fn a03_tc260_din_nia_mou_both_directions() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ mous(filter: {signed: {from: "2019-02", to: "2019-02"}}) { edges { node {
                   id signed status parties { node { id } relation { date } }
                   outcomes { node { id } relation { role } } } } }
                 nia: agency(ref: "DIN/NIA") { id mous { id } parents { id } }
                 tc260: node(id: "tc:tc260") { ... on TechnicalCommittee { mous { id } } } }"#,
        )
        .await;
    assert_eq!(edge_ids(&d["mous"]), ["mou:tc260-din-nia-2019"]);
    let mou = &d["mous"]["edges"][0]["node"];
    assert_eq!(mou["signed"], "2019-02");
    assert_eq!(mou["status"], "SIGNED");
    assert_eq!(
        with_relation(&mou["parties"], "date"),
        ["agency:din-nia 2019-02", "tc:tc260 2019-02"]
    );
    assert_eq!(
        with_relation(&mou["outcomes"], "role"),
        [
            "doc:wp-identity-security-of-machine-communication agreed",
            "doc:wp-security-of-ai-application-data agreed"
        ]
    );
    assert_eq!(d["nia"]["id"], "agency:din-nia");
    assert_eq!(ids(&d["nia"]["mous"]), ["mou:tc260-din-nia-2019"]);
    assert_eq!(ids(&d["nia"]["parents"]), ["agency:din"]);
    assert_eq!(ids(&d["tc260"]["mous"]), ["mou:tc260-din-nia-2019"]);
}

/// a03: which articles say that TC260 works on cybersecurity (sources on a relation)?
#[tokio::test]
async fn a03_tc260_cybersecurity_relation_cites_three_articles() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "tc:tc260") { name ... on TechnicalCommittee { code }
                   relations(kinds: [COVERS_TOPIC]) { edges { node { id } relation { sources { article } } } } } }"#,
        )
        .await;
    assert_eq!(
        d["node"]["name"],
        "National Information Security Standardization Technical Committee"
    );
    assert_eq!(d["node"]["code"], "TC260");
    let edges = &d["node"]["relations"]["edges"];
    assert_eq!(edge_ids(&d["node"]["relations"]), ["topic:cybersecurity"]);
    assert_eq!(articles(&edges[0]), [3, 13, 16]);
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
    assert_eq!(ids(&d["agency"]["mous"]), ["mou:etsi-cesi"]);
    assert_eq!(
        sorted(ids(&mous[0]["parties"])),
        ["agency:cesi", "agency:etsi"]
    );
}

/// a04: which MoU is awaiting renewal, who agreed to renew it, and at which event?
#[tokio::test]
async fn a04_mou_renewal_agreed_during_the_etsi_visit() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ mous(filter: {status: [RENEWAL_AGREED], party: "CESI"}) { edges { node {
                   id parties { node { id } relation { role } }
                   producedBy { node { id } relation { role date } } } } } }"#,
        )
        .await;
    assert_eq!(edge_ids(&d["mous"]), ["mou:etsi-cesi"]);
    let mou = &d["mous"]["edges"][0]["node"];
    assert_eq!(
        with_relation(&mou["parties"], "role"),
        ["agency:cesi agreed to renew", "agency:etsi agreed to renew"]
    );
    assert_eq!(
        with_relation(&mou["producedBy"], "role"),
        ["event:etsi-delegation-visit-beijing-2019 agreed"]
    );
    assert_eq!(
        with_relation(&mou["producedBy"], "date"),
        ["event:etsi-delegation-visit-beijing-2019 2019-04"]
    );
}

/// a04: who was in the ETSI delegation of 15 April, and which events did each person join?
#[tokio::test]
async fn a04_etsi_delegation_participants_and_their_participations() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "event:etsi-delegation-visit-beijing-2019") { ... on Event {
                   start city organizers { id }
                   participants { node { id } relation { role inferred } } } }
                 people(filter: {affiliation: "ETSI"}) { edges { node {
                   id title leads { id }
                   participations { node { id } relation { role } } } } } }"#,
        )
        .await;
    let visit = &d["node"];
    assert_eq!(visit["start"], "2019-04-15");
    assert_eq!(visit["city"], "Beijing");
    assert_eq!(ids(&visit["organizers"]), ["agency:etsi"]);
    assert_eq!(
        with_relation(&visit["participants"], "role"),
        [
            "agency:cesi Chinese counterpart",
            "agency:etsi delegation",
            "agency:sesec supporting team",
            "person:luis-jorge-romero delegation (Director General)",
            "person:margot-dor delegation (Director of Strategy & Development)"
        ]
    );
    assert_eq!(
        with_relation(&visit["participants"], "inferred"),
        [
            "agency:cesi true",
            "agency:etsi false",
            "agency:sesec false",
            "person:luis-jorge-romero false",
            "person:margot-dor false"
        ]
    );
    assert_eq!(
        edge_ids(&d["people"]),
        ["person:luis-jorge-romero", "person:margot-dor"]
    );
    let romero = &d["people"]["edges"][0]["node"];
    assert_eq!(romero["title"], "Director General");
    assert_eq!(ids(&romero["leads"]), ["agency:etsi"]);
    assert_eq!(
        with_relation(&romero["participations"], "role"),
        ["event:etsi-delegation-visit-beijing-2019 delegation (Director General)"]
    );
    let dor = &d["people"]["edges"][1]["node"];
    assert_eq!(dor["title"], "Director of Strategy & Development");
    assert_eq!(
        ids(&dor["participations"]),
        ["event:etsi-delegation-visit-beijing-2019"]
    );
}

/// a04: which events were going on in Beijing on 16 April 2019, and which did CESI attend?
#[tokio::test]
async fn a04_events_in_beijing_on_16_april_2019() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ beijing: events(filter: {city: "Beijing", date: {from: "2019-04-16", to: "2019-04-16"}}) {
                   edges { node { id start end } } }
                 cesi: events(filter: {attendedBy: "CESI"}) { edges { node { id } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["beijing"])),
        [
            "event:ccsa-tc1-33rd-meeting",
            "event:etsi-delegation-visit-beijing-2019"
        ]
    );
    let visit = d["beijing"]["edges"]
        .as_array()
        .expect("Beijing events")
        .iter()
        .find(|e| e["node"]["id"] == "event:etsi-delegation-visit-beijing-2019")
        .expect("the ETSI visit");
    assert_eq!(visit["node"]["start"], "2019-04-15");
    assert_eq!(visit["node"]["end"], "2019-04-21", "the week of April 15");
    assert_eq!(
        sorted(edge_ids(&d["cesi"])),
        [
            "event:big-data-standardization-forum-2019",
            "event:etsi-delegation-visit-beijing-2019"
        ]
    );
}

/// a05: at which events did Dr. Betty Xu speak, and which SDO hosted each?
#[tokio::test]
async fn a05_betty_xu_spoke_at_three_hosted_stakeholder_events() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ people(filter: {nameContains: "Betty XU"}) { edges { node {
                   id participations { node { id ... on Event { hosts { id } } } relation { role } } } } } }"#,
        )
        .await;
    assert_eq!(edge_ids(&d["people"]), ["person:betty-xu"]);
    let participations = &d["people"]["edges"][0]["node"]["participations"];
    assert_eq!(
        with_relation(participations, "role"),
        [
            "event:sesec-stakeholder-event-afnor-2019 speaker",
            "event:sesec-stakeholder-event-austrian-standards-2019 speaker",
            "event:sesec-stakeholder-event-sis-2019 speaker",
            "event:sesec-stakeholder-events-2019 speaker"
        ]
    );
    let mut hosts: Vec<String> = participations
        .as_array()
        .expect("participations")
        .iter()
        .map(|p| format!("{} {:?}", p["node"]["id"], ids(&p["node"]["hosts"])))
        .collect();
    hosts.sort();
    assert_eq!(
        hosts,
        [
            r#""event:sesec-stakeholder-event-afnor-2019" ["agency:afnor"]"#,
            r#""event:sesec-stakeholder-event-austrian-standards-2019" ["agency:austrian-standards"]"#,
            r#""event:sesec-stakeholder-event-sis-2019" ["agency:sis"]"#,
            r#""event:sesec-stakeholder-events-2019" []"#
        ]
    );
}

/// a05: how many people attended each of the three stakeholder events, and when and where?
#[tokio::test]
async fn a05_stakeholder_event_attendance_figures() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ series: node(id: "event:sesec-stakeholder-events-2019") { ... on Event {
                   start end figures { measure value qualifier } } }
                 events(filter: {relatedTo: "event:sesec-stakeholder-events-2019", kind: [STAKEHOLDER_EVENT]}) {
                   edges { node { id start city country figures { measure value qualifier }
                     participants { node { id } relation { role } } } } } }"#,
        )
        .await;
    assert_eq!(d["series"]["start"], "2019-04-26");
    assert_eq!(d["series"]["end"], "2019-05-07");
    assert_eq!(figures(&d["series"]), ["stakeholder_events 3 EXACT"]);
    assert_eq!(
        edge_ids(&d["events"]),
        [
            "event:sesec-stakeholder-event-afnor-2019",
            "event:sesec-stakeholder-event-austrian-standards-2019",
            "event:sesec-stakeholder-event-sis-2019"
        ]
    );
    let events = d["events"]["edges"].as_array().expect("three events");
    let (afnor, austria, sis) = (&events[0]["node"], &events[1]["node"], &events[2]["node"]);
    assert_eq!(figures(afnor), ["attendees 30 ABOUT"]);
    assert_eq!(afnor["start"], "2019-05-06");
    assert_eq!(afnor["city"], "Paris");
    assert_eq!(figures(austria), ["participants 50 EXACT"]);
    assert_eq!(austria["start"], "2019-05-02");
    assert_eq!(austria["country"], "AT");
    assert_eq!(figures(sis), ["attendees 20 ABOUT"]);
    assert_eq!(
        with_relation(&sis["participants"], "role"),
        ["agency:ikea stakeholder", "person:betty-xu speaker"]
    );
}

// ---------------------------------------------------------------------------------------------------
// IoT (articles 6-8)
// ---------------------------------------------------------------------------------------------------

/// a06: who published the 2019 ICV key points, and which documents do they implement?
#[tokio::test]
async fn a06_tc114_key_points_and_what_they_implement() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "doc:icv-standardization-key-points-2019") { ... on Document {
                   docKind issuedBy { id }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role note } } }
                   references { node { id } relation { role } } } }
                 tc114: technicalCommittees(filter: {nameContains: "TC114"}) { edges { node {
                   id code name issued { id } } } } }"#,
        )
        .await;
    let key_points = &d["node"];
    assert_eq!(key_points["docKind"], "KEY_POINTS");
    assert_eq!(ids(&key_points["issuedBy"]), ["tc:tc114"]);
    let issued_by = &key_points["relations"]["edges"];
    assert_eq!(with_relation(issued_by, "role"), ["tc:tc114 publisher"]);
    assert_eq!(
        with_relation(issued_by, "note"),
        ["tc:tc114 Published under the guidance of MIIT."]
    );
    assert_eq!(
        with_relation(&key_points["references"], "role"),
        [
            "doc:c-v2x-standard-cooperation-framework-agreement implements",
            "doc:guidelines-national-standard-system-iov implements"
        ]
    );
    assert_eq!(edge_ids(&d["tc114"]), ["tc:tc114"]);
    let tc114 = &d["tc114"]["edges"][0]["node"];
    assert_eq!(tc114["code"], "TC114");
    assert_eq!(tc114["name"], "National Automobile Standard Committee");
    assert_eq!(
        ids(&tc114["issued"]),
        ["doc:icv-standardization-key-points-2019"]
    );
}

/// a06: which documents are about intelligent connected vehicles (asked as "ICV")?
#[tokio::test]
async fn a06_documents_on_icv_topic_include_sub_topics() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ documents(filter: {topic: "ICV"}) { edges { node { id } } }
                 topics(filter: {parent: "topic:intelligent-connected-vehicles"}) { edges { node { id parent { id } } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["documents"])),
        [
            "doc:guidelines-national-standard-system-iov",
            "doc:icv-standardization-key-points-2019"
        ]
    );
    assert_eq!(
        sorted(edge_ids(&d["topics"])),
        ["topic:adas", "topic:automated-driving"]
    );
}

/// a07: who spoke at CCSA TC5's Internet of Vehicles seminar, and what did Geely take part in?
#[tokio::test]
async fn a07_iov_seminar_speakers_both_directions() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ events(filter: {organizedBy: "CCSA TC5"}) { edges { node { id } } }
                 node(id: "event:ccsa-tc5-iov-seminar-2019") { ... on Event {
                   organizers { id } discussed { id }
                   participants { node { id } relation { role } } } }
                 geely: agency(ref: "Geely") { category participations { node { id } relation { role } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["events"])),
        [
            "event:ccsa-tc5-48th-meeting",
            "event:ccsa-tc5-iov-seminar-2019"
        ]
    );
    let seminar = &d["node"];
    assert_eq!(ids(&seminar["organizers"]), ["tc:ccsa-tc5"]);
    assert_eq!(
        with_relation(&seminar["participants"], "role"),
        [
            "agency:geely speaker (self-driving cars)",
            "agency:mot speaker (vehicle-road collaboration standardization)",
            "agency:mps speaker (vehicle-road collaboration standardization)"
        ]
    );
    assert_eq!(
        sorted(ids(&seminar["discussed"])),
        [
            "std:5g-v2x-series",
            "std:lte-v2x-series",
            "topic:automated-driving",
            "topic:internet-of-vehicles",
            "topic:vehicle-road-collaboration"
        ]
    );
    assert_eq!(d["geely"]["category"], "COMPANY");
    assert_eq!(
        with_relation(&d["geely"]["participations"], "role"),
        ["event:ccsa-tc5-iov-seminar-2019 speaker (self-driving cars)"]
    );
}

/// a07: which standards concern the Internet of Vehicles (V2X included); which does CCSA draft?
#[tokio::test]
async fn a07_iov_standards_by_topic_and_drafter() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ all: standards(filter: {topic: "Internet of Vehicles"}) { edges { node { id } } }
                 ccsa: standards(filter: {topic: "IoV", draftedBy: "CCSA"}) { edges { node { id
                   relations(kinds: [DRAFTED_BY]) { edges { node { id } relation { role } } } } } }
                 v2x: topics(filter: {nameContains: "V2X"}) { edges { node { id parent { id parent { id } } } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["all"])),
        [
            "std:5g-v2x-series",
            "std:lte-v2x-series",
            "std:wireless-communication-technology-of-iov-based-on-lte-technical-requirements-of-core-network-equipment"
        ]
    );
    assert_eq!(
        sorted(edge_ids(&d["ccsa"])),
        ["std:5g-v2x-series", "std:lte-v2x-series"]
    );
    let mut roles: Vec<String> = d["ccsa"]["edges"]
        .as_array()
        .expect("CCSA standards")
        .iter()
        .map(|e| {
            format!(
                "{} {:?}",
                e["node"]["id"].as_str().expect("an id"),
                with_relation(&e["node"]["relations"]["edges"], "role")
            )
        })
        .collect();
    roles.sort();
    assert_eq!(
        roles,
        [
            r#"std:5g-v2x-series ["agency:ccsa planned developer"]"#,
            r#"std:lte-v2x-series ["agency:ccsa organizes and promotes the drafting"]"#
        ]
    );
    assert_eq!(edge_ids(&d["v2x"]), ["topic:v2x"]);
    let v2x = &d["v2x"]["edges"][0]["node"];
    assert_eq!(v2x["parent"]["id"], "topic:internet-of-vehicles");
    assert_eq!(v2x["parent"]["parent"]["id"], "topic:iot");
}

/// a08: who released the energy internet guidelines on 15 May, and what are their targets?
#[tokio::test]
async fn a08_energy_internet_guidelines_issuers_and_targets() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ documents(filter: {issued: {from: "2019-05-15", to: "2019-05-15"}}) { edges { node { id issued } } }
                 node(id: "doc:energy-internet-standardization-guidelines") { ... on Document {
                   figures { measure value qualifier }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role date } } }
                   references { node { id } relation { role } } } }
                 nea: agency(ref: "NEA") { name issued { id } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["documents"]),
        ["doc:energy-internet-standardization-guidelines"],
        "documents dated only 2019 or May 2019 cannot be placed on 15 May"
    );
    let guidelines = &d["node"];
    assert_eq!(
        figures(guidelines),
        [
            "basic_and_general_standards_target_2020 30 MORE_THAN",
            "energy_internet_standards_target_2025 50 MORE_THAN"
        ]
    );
    let issuers = &guidelines["relations"]["edges"];
    assert_eq!(
        with_relation(issuers, "role"),
        ["agency:nea joint issuer", "agency:sac joint issuer"]
    );
    assert_eq!(
        with_relation(issuers, "date"),
        ["agency:nea 2019-05-15", "agency:sac 2019-05-15"]
    );
    assert_eq!(
        with_relation(&guidelines["references"], "role"),
        [
            "doc:energy-internet-standard-system-framework sets the goal to complete by 2020",
            "doc:energy-internet-standardization-roadmap sets the goal to complete by 2020"
        ]
    );
    assert_eq!(d["nea"]["name"], "National Energy Administration");
    assert_eq!(
        ids(&d["nea"]["issued"]),
        ["doc:energy-internet-standardization-guidelines"]
    );
}

// ---------------------------------------------------------------------------------------------------
// AI (articles 9-11)
// ---------------------------------------------------------------------------------------------------

/// a09: when and by whom was AIGWG set up, and what has SAMR established?
#[tokio::test]
async fn a09_aigwg_established_by_samr_both_directions() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ technicalCommittees(filter: {nameContains: "AIGWG"}) { edges { node {
                   id name level established establishedBy { id }
                   relations(kinds: [ESTABLISHED_BY]) { edges { node { id } relation { date } } } } } }
                 samr: agency(ref: "State Administration of Market Supervision and Administration") {
                   id established { id } } }"#,
        )
        .await;
    assert_eq!(edge_ids(&d["technicalCommittees"]), ["tc:aigwg"]);
    let aigwg = &d["technicalCommittees"]["edges"][0]["node"];
    assert_eq!(aigwg["name"], "AI Standardization General Working Group");
    assert_eq!(aigwg["level"], "WG");
    assert_eq!(aigwg["established"], "2018-01");
    assert_eq!(ids(&aigwg["establishedBy"]), ["agency:samr"]);
    assert_eq!(
        with_relation(&aigwg["relations"]["edges"], "date"),
        ["agency:samr 2018-01"]
    );
    assert_eq!(d["samr"]["id"], "agency:samr");
    assert_eq!(ids(&d["samr"]["established"]), ["tc:aigwg"]);
}

/// a09: what did the AIGWG group leaders discuss on 19 March, and what will the plenary release?
#[tokio::test]
async fn a09_group_leaders_meeting_and_second_plenary() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ events(filter: {organizedBy: "AIGWG"}) { edges { node {
                   id start city discussed { id } outcomes { node { id } relation { role } } } } }
                 node(id: "doc:ai-ethics-and-social-impact-research") { ... on Document {
                   discussedAt { id } topics { id } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["events"])),
        [
            "event:aigwg-first-group-leaders-meeting-2019",
            "event:aigwg-second-plenary-2019"
        ]
    );
    let events = d["events"]["edges"].as_array().expect("AIGWG events");
    let first = events
        .iter()
        .find(|e| e["node"]["id"] == "event:aigwg-first-group-leaders-meeting-2019")
        .expect("the first group leaders meeting");
    assert_eq!(first["node"]["start"], "2019-03-19");
    assert_eq!(first["node"]["city"], "Beijing");
    assert_eq!(
        sorted(ids(&first["node"]["discussed"])),
        [
            "doc:ai-ethics-and-social-impact-research",
            "doc:ai-standardization-and-open-source-study",
            "doc:aigwg-work-plan-2019",
            "doc:aigwg-work-summary-2018",
            "doc:guidelines-national-new-generation-ai-standards-system",
            "std:ai-national-standards-project-proposal-2019"
        ]
    );
    let second = events
        .iter()
        .find(|e| e["node"]["id"] == "event:aigwg-second-plenary-2019")
        .expect("the second plenary");
    assert_eq!(
        with_relation(&second["node"]["outcomes"], "role"),
        [
            "doc:ai-ethics-and-social-impact-research released",
            "doc:ai-standardization-and-open-source-study released"
        ]
    );
    assert_eq!(
        ids(&d["node"]["discussedAt"]),
        ["event:aigwg-first-group-leaders-meeting-2019"]
    );
    assert_eq!(ids(&d["node"]["topics"]), ["topic:ai-ethics"]);
}

/// a09: which events took place in March 2019, and which AIGWG events are dated only by year?
#[tokio::test]
async fn a09_events_in_march_2019() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ march: events(filter: {date: {from: "2019-03", to: "2019-03"}}) { edges { node { id start city } } }
                 year: events(filter: {organizedBy: "AIGWG", date: {from: "2019", to: "2019"}}) {
                   edges { node { id start } } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["march"]),
        ["event:aigwg-first-group-leaders-meeting-2019"]
    );
    let meeting = &d["march"]["edges"][0]["node"];
    assert_eq!(meeting["start"], "2019-03-19");
    assert_eq!(meeting["city"], "Beijing");
    let year: Vec<String> = d["year"]["edges"]
        .as_array()
        .expect("AIGWG events of 2019")
        .iter()
        .map(|e| format!("{} {}", e["node"]["id"], e["node"]["start"]))
        .collect();
    assert_eq!(
        sorted(year),
        [
            r#""event:aigwg-first-group-leaders-meeting-2019" "2019-03-19""#,
            r#""event:aigwg-second-plenary-2019" "2019""#
        ],
        "the second plenary is dated only 2019, so it is not placed in March"
    );
}

/// a10: which standards is CESI the manager of, asked from the standards and from CESI?
#[tokio::test]
async fn a10_standards_cesi_manages_both_directions() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ standards(filter: {managedBy: "CESI"}) { edges { node { id managedBy { id } } } }
                 agency(ref: "CESI") { manages { id } } }"#,
        )
        .await;
    let expected = [
        "std:audio-and-video-information-technology-and-communication-technology-equipment-part-1-safety-requirements",
        "std:gb-4943.1-2011",
        "std:general-specifications-for-lithium-ion-batteries-and-battery-packs-of-service-robots",
        "std:safety-requirements-for-lithium-ion-batteries-and-batteries-of-service-robots",
    ];
    assert_eq!(sorted(edge_ids(&d["standards"])), expected);
    for edge in d["standards"]["edges"].as_array().expect("standards") {
        assert_eq!(ids(&edge["node"]["managedBy"]), ["agency:cesi"]);
    }
    assert_eq!(sorted(ids(&d["agency"]["manages"])), expected);
}

/// a10: which standards build on GB 4943.1, and which standard corresponds to IEC 62368-1?
#[tokio::test]
async fn a10_gb_4943_1_and_iec_62368_1_correspondence() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ gb: standard(code: "GB 4943.1") { id type title
                   referencedBy { node { id } relation { role } } }
                 iec: standard(code: "IEC 62368-1") { id type level
                   correspondsTo { direction node { id ... on Standard { managedBy { id } } } relation { degree } } } }"#,
        )
        .await;
    let gb = &d["gb"];
    assert_eq!(gb["id"], "std:gb-4943.1-2011");
    assert_eq!(gb["type"], "NATIONAL_MANDATORY");
    assert_eq!(
        gb["title"],
        "Information technology equipment security Part 1: general requirements"
    );
    assert_eq!(
        with_relation(&gb["referencedBy"], "role"),
        [
            "std:electrical-safety-testing-method-for-service-robots drafted with consideration of",
            "std:mechanical-safety-assessment-and-testing-method-for-service-robots drafted with consideration of"
        ]
    );
    let iec = &d["iec"];
    assert_eq!(iec["id"], "std:iec-62368-1");
    assert_eq!(iec["type"], "INTERNATIONAL");
    assert_eq!(iec["level"], "INTERNATIONAL");
    let correspondence = iec["correspondsTo"].as_array().expect("correspondences");
    assert_eq!(correspondence.len(), 1);
    assert_eq!(correspondence[0]["direction"], "INCOMING");
    assert_eq!(
        correspondence[0]["node"]["id"],
        "std:audio-and-video-information-technology-and-communication-technology-equipment-part-1-safety-requirements"
    );
    assert_eq!(
        ids(&correspondence[0]["node"]["managedBy"]),
        ["agency:cesi"]
    );
    assert_eq!(correspondence[0]["relation"]["degree"], Value::Null);
}

/// a10: what did the robot standardization group's first meeting launch, and who organized it?
#[tokio::test]
async fn a10_robot_group_meeting_launched_two_standards() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ events(filter: {city: "Shanghai"}) { edges { node {
                   id start organizers { id } figures { measure value qualifier }
                   participants { node { id } relation { role } }
                   outcomes { node { id ... on Standard { proposed draftedBy { id } } } relation { role count } } } } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["events"]),
        ["event:national-robot-standardization-group-first-meeting-2019"]
    );
    let meeting = &d["events"]["edges"][0]["node"];
    assert_eq!(meeting["start"], "2019-05-25");
    assert_eq!(ids(&meeting["organizers"]), ["agency:ieas"]);
    assert_eq!(figures(meeting), ["standards_launched 2 EXACT"]);
    assert_eq!(
        with_relation(&meeting["participants"], "role"),
        ["tc:national-robot-standardization-group convening group"]
    );
    let outcomes = &meeting["outcomes"];
    assert_eq!(
        with_relation(outcomes, "role"),
        [
            "std:electrical-safety-testing-method-for-service-robots launched",
            "std:mechanical-safety-assessment-and-testing-method-for-service-robots launched"
        ]
    );
    assert_eq!(
        with_relation(outcomes, "count"),
        [
            "std:electrical-safety-testing-method-for-service-robots 2",
            "std:mechanical-safety-assessment-and-testing-method-for-service-robots 2"
        ]
    );
    for outcome in outcomes.as_array().expect("outcomes") {
        assert_eq!(outcome["node"]["proposed"], "2019-05-25");
        assert_eq!(ids(&outcome["node"]["draftedBy"]), ["agency:cesi"]);
    }
}

/// a11: what did the 33rd CCSA TC1 meeting adopt or publish, and how large was each batch?
#[tokio::test]
async fn a11_tc1_meeting_outcomes_with_batch_counts() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "event:ccsa-tc1-33rd-meeting") { ... on Event {
                   start end city organizers { id } figures { measure value qualifier }
                   outcomes { node { id } relation { role count } } } } }"#,
        )
        .await;
    let meeting = &d["node"];
    assert_eq!(meeting["start"], "2019-04-16");
    assert_eq!(meeting["end"], "2019-04-17");
    assert_eq!(meeting["city"], "Beijing");
    assert_eq!(ids(&meeting["organizers"]), ["tc:ccsa-tc1"]);
    assert_eq!(
        figures(meeting),
        [
            "proposals_adopted 27 EXACT",
            "national_standard_project_proposals_adopted 1 EXACT",
            "industry_standard_project_proposals_adopted 23 EXACT",
            "association_standard_proposals_adopted 1 EXACT",
            "standards_research_projects_adopted 2 EXACT",
            "industry_standard_drafts_published 4 EXACT"
        ]
    );
    let outcomes = meeting["outcomes"].as_array().expect("outcomes");
    let described = sorted(
        outcomes
            .iter()
            .map(|o| {
                format!(
                    "{} {} {}",
                    o["node"]["id"].as_str().expect("an id"),
                    o["relation"]["role"].as_str().expect("a role"),
                    o["relation"]["count"]
                )
            })
            .collect(),
    );
    assert_eq!(
        described,
        [
            "doc:research-on-key-standardization-direction-of-intelligent-integration-with-real-economy adopted 2",
            "std:evaluation-standards-of-intelligent-image-recognition-algorithm-and-tests-based-on-public-communication-networks-face-recognition released 4",
            "std:function-and-performance-evaluation-methods-of-deep-learning-platform released 4",
            "std:general-technical-requirements-for-evaluation-standards-of-intelligent-image-recognition-algorithms-and-test-based-on-public-communication-networks released 4",
            "std:index-requirements-and-evaluation-methods-for-content-detection-service-systems-based-on-image-recognition adopted 23",
            "std:requirements-for-block-chain-application-technology-supply-chain-finance adopted 23",
            "std:requirements-for-content-distribution-network-technology-content-center released 4",
            "std:solutions-for-cloud-computing-security-problem-part-one-situation-awareness-platform adopted 23",
            "std:technical-requirements-and-test-specifications-for-data-center-infrastructure-efficiency adopted 23",
            "std:technical-requirements-for-distributed-block-storage adopted 1",
            "std:trusted-financial-cloud-services-internet-finance-solution-evaluation-method adopted 1"
        ]
    );
}

/// a11: which article 11 standards are about AI, and which standards are association ones?
#[tokio::test]
async fn a11_ai_standards_by_topic_and_association_level() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ ai: standards(filter: {topic: "AI", source: "src:sesec-2019-a11"}) { totalCount edges { node { id level } } }
                 association: standards(filter: {level: [ASSOCIATION]}) { edges { node { id } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["ai"])),
        [
            "std:evaluation-standards-of-intelligent-image-recognition-algorithm-and-tests-based-on-public-communication-networks-face-recognition",
            "std:function-and-performance-evaluation-methods-of-deep-learning-platform",
            "std:general-technical-requirements-for-evaluation-standards-of-intelligent-image-recognition-algorithms-and-test-based-on-public-communication-networks",
            "std:index-requirements-and-evaluation-methods-for-content-detection-service-systems-based-on-image-recognition"
        ]
    );
    assert_eq!(d["ai"]["totalCount"], 4);
    for edge in d["ai"]["edges"].as_array().expect("AI standards") {
        assert_eq!(edge["node"]["level"], "INDUSTRY");
    }
    assert_eq!(
        sorted(edge_ids(&d["association"])),
        [
            "std:measurement-of-smart-home-evaluation-indicators",
            "std:smart-home-evaluation-indicator-system",
            "std:trusted-financial-cloud-services-internet-finance-solution-evaluation-method"
        ]
    );
}

// ---------------------------------------------------------------------------------------------------
// 5G (article 12)
// ---------------------------------------------------------------------------------------------------

/// a12: what happened at CCSA TC5's 48th meeting in Wuxi: the batch sizes and the approved 5G plan.
#[tokio::test]
async fn a12_tc5_meeting_in_wuxi_figures_and_plan() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ events(filter: {city: "Wuxi"}) { edges { node {
                   id start end organizers { id } figures { measure value qualifier }
                   outcomes { node { id ... on Document { issuedBy { id } } } relation { role count } } } } } }"#,
        )
        .await;
    assert_eq!(edge_ids(&d["events"]), ["event:ccsa-tc5-48th-meeting"]);
    let meeting = &d["events"]["edges"][0]["node"];
    assert_eq!(meeting["start"], "2019-04-16");
    assert_eq!(meeting["end"], "2019-04-18");
    assert_eq!(ids(&meeting["organizers"]), ["tc:ccsa-tc5"]);
    assert_eq!(
        figures(meeting),
        [
            "proposals_5g_standards_projects_passed 11 EXACT",
            "national_standards_proposals_among_5g_proposals 5 EXACT",
            "communication_standards_project_proposals_passed 11 EXACT",
            "standards_research_projects_launched 11 EXACT",
            "communications_industry_standards_drafts_passed 9 EXACT"
        ]
    );
    let outcomes = meeting["outcomes"].as_array().expect("outcomes");
    let plan = outcomes
        .iter()
        .find(|o| o["node"]["id"] == "doc:ccsa-tc5-5g-series-standards-development-plan")
        .expect("the 5G plan is an outcome");
    assert_eq!(plan["relation"]["role"], "approved");
    assert_eq!(ids(&plan["node"]["issuedBy"]), ["tc:ccsa-tc5"]);
    let drafts: Vec<String> = sorted(
        outcomes
            .iter()
            .filter(|o| o["relation"]["count"] == 9)
            .map(|o| o["node"]["id"].as_str().expect("an id").to_owned())
            .collect(),
    );
    assert_eq!(
        drafts,
        [
            "std:requirements-for-electromagnetic-environmental-protection-of-satellite-tracking-stations",
            "std:test-methods-for-home-base-station-gateway-equipment-of-td-lte-digital-cellular-mobile-communication-networks",
            "std:wireless-communication-technology-of-iov-based-on-lte-technical-requirements-of-core-network-equipment"
        ]
    );
}

/// a12: which national standard proposals are about 5G (the 5G Security sub-topic included)?
#[tokio::test]
async fn a12_national_5g_proposals_via_sub_topic() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ g5: standards(filter: {topic: "5G", level: [NATIONAL], status: [PROPOSAL]}) { edges { node { id proposed } } }
                 security: standards(filter: {topic: "5G Security", level: [NATIONAL]}) { edges { node { id } } }
                 sub: topics(filter: {parent: "5G"}) { edges { node { id } } } }"#,
        )
        .await;
    let expected = [
        "std:requirements-for-5g-mobile-communication-network-equipment-safety",
        "std:security-requirements-for-5g-mobile-communication-network-equipment-base-station-equipment",
        "std:technical-requirements-for-communication-security-in-5g-mobile-communication-network",
        "std:technical-security-requirements-for-5g-mobile-communication-network",
    ];
    assert_eq!(sorted(edge_ids(&d["g5"])), expected);
    for edge in d["g5"]["edges"].as_array().expect("5G standards") {
        assert_eq!(edge["node"]["proposed"], "2019-04");
    }
    assert_eq!(sorted(edge_ids(&d["security"])), expected);
    assert_eq!(
        sorted(edge_ids(&d["sub"])),
        ["topic:5g-security", "topic:mobile-communication"]
    );
}

// ---------------------------------------------------------------------------------------------------
// Cybersecurity (articles 13-16)
// ---------------------------------------------------------------------------------------------------

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

/// a13: who are the twelve issuers of the draft Measures for Cybersecurity Review, and who led?
#[tokio::test]
async fn a13_cybersecurity_review_twelve_issuers() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "doc:measures-for-cybersecurity-review-draft-2019") { ... on Document {
                   issued commentDeadline figures { measure value qualifier } issuedBy { id }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role date } } }
                   referencedBy { node { id ... on Document { url issuedBy { id } } } relation { role } } } } }"#,
        )
        .await;
    let review = &d["node"];
    assert_eq!(review["issued"], "2019-05-21");
    assert_eq!(review["commentDeadline"], "2019-06-18");
    assert_eq!(figures(review), ["joint_issuers 12 EXACT"]);
    assert_eq!(
        sorted(ids(&review["issuedBy"])),
        [
            "agency:cac",
            "agency:miit",
            "agency:mof",
            "agency:mofcom",
            "agency:mps",
            "agency:mss",
            "agency:nassp",
            "agency:ndrc",
            "agency:oscca",
            "agency:pboc",
            "agency:samr",
            "agency:sart"
        ]
    );
    let edges = &review["relations"]["edges"];
    let leads: Vec<&Value> = edges
        .as_array()
        .expect("issuer edges")
        .iter()
        .filter(|e| e["relation"]["role"] == "lead issuer")
        .collect();
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0]["node"]["id"], "agency:cac");
    for edge in edges.as_array().expect("issuer edges") {
        assert_eq!(edge["relation"]["date"], "2019-05-21", "{edge}");
    }
    assert_eq!(
        with_relation(&review["referencedBy"], "role"),
        ["doc:measures-for-cybersecurity-review-tc260-translation translation of"]
    );
    let translation = &review["referencedBy"][0]["node"];
    assert_eq!(
        translation["url"],
        "https://www.tc260.org.cn/front/postDetail.html?id=20190524130906&from=timeline"
    );
    assert_eq!(ids(&translation["issuedBy"]), ["tc:tc260"]);
}

/// a13: what has CAC (looked up by its Chinese name) issued, and which draft is due on 19 June?
#[tokio::test]
async fn a13_cac_drafts_and_the_data_security_deadline() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ agency(ref: "国家互联网信息办公室") { id
                   relations(kinds: [ISSUED_BY], direction: INCOMING) { edges { node { id } relation { role date } } } }
                 documents(filter: {issuedBy: "CAC", commentDeadline: {from: "2019-06-19", to: "2019-06-19"}}) {
                   edges { node { id issued commentDeadline topics { id } } } } }"#,
        )
        .await;
    assert_eq!(d["agency"]["id"], "agency:cac");
    let issued = &d["agency"]["relations"]["edges"];
    assert_eq!(
        with_relation(issued, "role"),
        [
            "doc:administrative-measures-for-data-security-draft-2019 issuer",
            "doc:measures-for-cybersecurity-review-draft-2019 lead issuer"
        ]
    );
    assert_eq!(
        with_relation(issued, "date"),
        [
            "doc:administrative-measures-for-data-security-draft-2019 2019-05-28",
            "doc:measures-for-cybersecurity-review-draft-2019 2019-05-21"
        ]
    );
    assert_eq!(
        edge_ids(&d["documents"]),
        ["doc:administrative-measures-for-data-security-draft-2019"]
    );
    let data_security = &d["documents"]["edges"][0]["node"];
    assert_eq!(data_security["issued"], "2019-05-28");
    assert_eq!(data_security["commentDeadline"], "2019-06-19");
    assert_eq!(ids(&data_security["topics"]), ["topic:data-security"]);
}

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

/// a14: who issued GB/T 28448-2019, and what has SAC issued (the same relation from the other end)?
#[tokio::test]
async fn a14_issued_by_samr_sac_both_directions() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ standard(code: "GB/T 28448-2019") { id title published issuedBy { id }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role date } } } }
                 agency(ref: "SAC") { issued { id } } }"#,
        )
        .await;
    let standard = &d["standard"];
    assert_eq!(standard["id"], "std:gb-t-28448-2019");
    assert_eq!(
        standard["title"],
        "Information security technology—Evaluation requirements for classified protection of cybersecurity"
    );
    assert_eq!(standard["published"], "2019-05-13");
    assert_eq!(
        sorted(ids(&standard["issuedBy"])),
        ["agency:sac", "agency:samr"]
    );
    assert_eq!(
        with_relation(&standard["relations"]["edges"], "date"),
        ["agency:sac 2019-05-13", "agency:samr 2019-05-13"]
    );
    assert_eq!(
        sorted(ids(&d["agency"]["issued"])),
        [
            "doc:energy-internet-standardization-guidelines",
            "doc:guidelines-integrated-standardization-system-industrial-internet",
            "std:gb-t-22239-2019",
            "std:gb-t-25070-2019",
            "std:gb-t-28448-2019"
        ]
    );
}

/// a14: which standards are in force just before and on 1 December 2019, and in which status?
#[tokio::test]
async fn a14_in_force_on_either_side_of_1_december() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ before: standards(filter: {inForceOn: "2019-11-30", topic: "Classified Protection"}) { edges { node { id } } }
                 after: standards(filter: {inForceOn: "2019-12-01", topic: "Classified Protection"}) { edges { node { id } } }
                 standard(code: "GB/T 22239-2019") {
                   april: statusAsOf(date: "2019-04-30") may: statusAsOf(date: "2019-05-13")
                   november: statusAsOf(date: "2019-11-30") december: statusAsOf(date: "2019-12-01") } }"#,
        )
        .await;
    // Only the 2008 edition, until the 2019 one replaced it (inferred from its code's year and the
    // succession: issue 17, point 4).
    assert_eq!(edge_ids(&d["before"]), ["std:gb-t-22239-2008"]);
    assert_eq!(
        edge_ids(&d["after"]),
        [
            "std:gb-t-22239-2019",
            "std:gb-t-25070-2019",
            "std:gb-t-28448-2019"
        ]
    );
    let status = &d["standard"];
    assert_eq!(status["april"], Value::Null, "not yet published");
    assert_eq!(status["may"], "PUBLISHED");
    assert_eq!(status["november"], "PUBLISHED");
    assert_eq!(status["december"], "IN_FORCE");
}

/// a14: which four Classified Protection 2.0 standards were published in 2018?
#[tokio::test]
async fn a14_four_standards_published_in_2018() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ standards(filter: {published: {from: "2018", to: "2018"}}) { edges { node {
                   id type referencedBy { node { id } relation { role } } } } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["standards"]),
        [
            "std:gb-t-28449-2018",
            "std:gb-t-36958-2018",
            "std:gb-t-36959-2018",
            "std:gb-t-37138-2018"
        ]
    );
    for edge in d["standards"]["edges"].as_array().expect("standards") {
        assert_eq!(edge["node"]["type"], "NATIONAL_RECOMMENDED");
        assert_eq!(
            with_relation(&edge["node"]["referencedBy"], "role"),
            ["doc:cybersecurity-classified-protection-system-v2 V2.0 standard"]
        );
    }
}

/// a14: which editions of GB/T 22239 exist, and which one supersedes the other?
#[tokio::test]
async fn a14_gb_t_22239_editions_and_supersession() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ standard(code: "GB/T 22239") { id codeParts { prefix number year seriesKey }
                   editions { id } supersedes { id }
                   relations(kinds: [SUPERSEDES]) { edges { node { id } relation { date inferred sources { article } } } } }
                 old: standard(code: "GB/T 22239-2008") { supersededBy { id } } }"#,
        )
        .await;
    let standard = &d["standard"];
    assert_eq!(standard["id"], "std:gb-t-22239-2019", "the newest edition");
    assert_eq!(standard["codeParts"]["prefix"], "GB/T");
    assert_eq!(standard["codeParts"]["number"], "22239");
    assert_eq!(standard["codeParts"]["year"], 2019);
    assert_eq!(standard["codeParts"]["seriesKey"], "GB/T22239");
    assert_eq!(
        ids(&standard["editions"]),
        ["std:gb-t-22239-2008", "std:gb-t-22239-2019"]
    );
    assert_eq!(ids(&standard["supersedes"]), ["std:gb-t-22239-2008"]);
    let edge = &standard["relations"]["edges"][0];
    assert_eq!(edge["relation"]["date"], "2019-12-01");
    assert_eq!(edge["relation"]["inferred"], true);
    assert_eq!(articles(edge), [14, 15]);
    assert_eq!(ids(&d["old"]["supersededBy"]), ["std:gb-t-22239-2019"]);
}

/// a14: who implemented the classified protection system V1.0 in 2007, and what does V2.0 rest on?
#[tokio::test]
async fn a14_classified_protection_v1_and_v2() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ v1: node(id: "doc:cybersecurity-classified-protection-system-v1") { ... on Document {
                   issued relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role date } } } } }
                 v2: node(id: "doc:cybersecurity-classified-protection-system-v2") { ... on Document {
                   supersedes { id } references { node { id } relation { role } } } } }"#,
        )
        .await;
    assert_eq!(d["v1"]["issued"], "2007");
    let implementers = &d["v1"]["relations"]["edges"];
    assert_eq!(
        with_relation(implementers, "role"),
        [
            "agency:mps lead implementer",
            "agency:nassp joint implementer",
            "agency:oscca joint implementer (as State Cryptographic Administration)"
        ]
    );
    assert_eq!(
        with_relation(implementers, "date"),
        ["agency:mps 2007", "agency:nassp 2007", "agency:oscca 2007"]
    );
    assert_eq!(
        ids(&d["v2"]["supersedes"]),
        ["doc:cybersecurity-classified-protection-system-v1"]
    );
    assert_eq!(
        with_relation(&d["v2"]["references"], "role"),
        [
            "doc:regulations-on-classified-protection-of-cybersecurity-draft-2018 core regulation",
            "std:gb-t-22239-2019 V2.0 standard",
            "std:gb-t-25070-2019 V2.0 standard",
            "std:gb-t-28448-2019 V2.0 standard",
            "std:gb-t-28449-2018 V2.0 standard",
            "std:gb-t-36958-2018 V2.0 standard",
            "std:gb-t-36959-2018 V2.0 standard",
            "std:gb-t-37138-2018 V2.0 standard"
        ]
    );
}

/// a14: which GB/T and mandatory GB standards are named, and what is the 22239 relation by id?
#[tokio::test]
async fn a14_standards_by_code_prefix_and_type_and_relation_by_id() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ gbt: standards(filter: {prefix: "gbt"}) { totalCount edges { node { id type } } }
                 gb: standards(filter: {type: [NATIONAL_MANDATORY]}) { edges { node { id code } } }
                 relation(id: "std:gb-t-22239-2019|supersedes|std:gb-t-22239-2008") {
                   kind from { id } to { id } inferred sources { id } } }"#,
        )
        .await;
    assert_eq!(d["gbt"]["totalCount"], 9);
    assert_eq!(
        edge_ids(&d["gbt"]),
        [
            "std:gb-t-22239-2008",
            "std:gb-t-22239-2019",
            "std:gb-t-25070-2019",
            "std:gb-t-28448-2019",
            "std:gb-t-28449-2018",
            "std:gb-t-35273-2017",
            "std:gb-t-36958-2018",
            "std:gb-t-36959-2018",
            "std:gb-t-37138-2018"
        ],
        "ordered by code"
    );
    for edge in d["gbt"]["edges"].as_array().expect("GB/T standards") {
        assert_eq!(edge["node"]["type"], "NATIONAL_RECOMMENDED");
    }
    // The compulsory standard that corresponds to IEC 62368-1 has no code; article 10 says it is
    // compulsory, and it is listed with the GB standard (after it: ordered by code).
    assert_eq!(
        edge_ids(&d["gb"]),
        [
            "std:gb-4943.1-2011",
            "std:audio-and-video-information-technology-and-communication-technology-equipment-part-1-safety-requirements"
        ]
    );
    assert_eq!(d["gb"]["edges"][0]["node"]["code"], "GB 4943.1-2011");
    let relation = &d["relation"];
    assert_eq!(relation["kind"], "SUPERSEDES");
    assert_eq!(relation["from"]["id"], "std:gb-t-22239-2019");
    assert_eq!(relation["to"]["id"], "std:gb-t-22239-2008");
    assert_eq!(relation["inferred"], true);
    assert_eq!(
        sorted(ids(&relation["sources"])),
        ["src:sesec-2019-a14", "src:sesec-2019-a15"]
    );
}

/// a14: who held the press conference of 13 May (the text implies it), and what did it issue?
#[tokio::test]
async fn a14_press_conference_inferred_organizers_and_outcomes() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ events(filter: {kind: [PRESS_CONFERENCE]}) { edges { node { id start figures { measure value qualifier }
                   relations(kinds: [ORGANIZED_BY]) { edges { node { id } relation { inferred sources { article } } } }
                   outcomes { node { id } relation { role date count } } } } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["events"]),
        ["event:national-standardization-press-conference-2019-05-13"]
    );
    let conference = &d["events"]["edges"][0]["node"];
    assert_eq!(conference["start"], "2019-05-13");
    assert_eq!(figures(conference), ["standards_issued 3 EXACT"]);
    let organizers = &conference["relations"]["edges"];
    assert_eq!(
        with_relation(organizers, "inferred"),
        ["agency:sac true", "agency:samr true"]
    );
    for edge in organizers.as_array().expect("organizers") {
        assert_eq!(articles(edge), [14]);
    }
    let outcomes = &conference["outcomes"];
    assert_eq!(
        with_relation(outcomes, "count"),
        [
            "std:gb-t-22239-2019 3",
            "std:gb-t-25070-2019 3",
            "std:gb-t-28448-2019 3"
        ]
    );
    for outcome in outcomes.as_array().expect("outcomes") {
        assert_eq!(outcome["relation"]["role"], "issued");
        assert_eq!(outcome["relation"]["date"], "2019-05-13");
    }
}

/// a15: who released the draft guide of 10 April, and which standards does it adopt?
#[tokio::test]
async fn a15_personal_information_guide_issuers_and_adopted_standards() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ documents(filter: {topic: "Personal Information Protection", issuedBy: "MPS/Cybersecurity Bureau"}) {
                   edges { node { id issued status issuedBy { id } references { node { id } relation { role } } } } }
                 standard(code: "GB/T 35273-2017") { title referencedBy { node { id } } }
                 mps: agency(ref: "公安部") { units { id } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["documents"]),
        ["doc:guide-on-internet-personal-information-protection-draft-2019"]
    );
    let guide = &d["documents"]["edges"][0]["node"];
    assert_eq!(guide["issued"], "2019-04-10");
    assert_eq!(guide["status"], "DRAFT_FOR_COMMENTS");
    assert_eq!(
        sorted(ids(&guide["issuedBy"])),
        [
            "agency:beijing-network-industry-association",
            "agency:mps-cybersecurity-bureau",
            "agency:mps-third-research-institute"
        ]
    );
    assert_eq!(
        with_relation(&guide["references"], "role"),
        ["std:gb-t-22239-2008 adopts", "std:gb-t-35273-2017 adopts"]
    );
    assert_eq!(
        d["standard"]["title"],
        "Information security technology—Personal information security specifications"
    );
    assert_eq!(
        ids(&d["standard"]["referencedBy"]),
        ["doc:guide-on-internet-personal-information-protection-draft-2019"]
    );
    assert_eq!(
        sorted(ids(&d["mps"]["units"])),
        [
            "agency:mps-cybersecurity-bureau",
            "agency:mps-third-research-institute"
        ]
    );
}

/// a16: what did TC260 publish on 1 June 2019, and which law do the guidelines implement?
#[tokio::test]
async fn a16_tc260_mobile_app_guidelines_of_1_june() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ documents(filter: {issuedBy: "TC260", issued: {from: "2019-06-01", to: "2019-06-01"}}) {
                   edges { node { id docKind references { node { id } relation { role } } } } }
                 tc260: node(id: "tc:tc260") { ... on TechnicalCommittee { issued { id } } }
                 law: node(id: "doc:cybersecurity-law") { ... on Document { docKind referencedBy { node { id } relation { role } } } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["documents"])),
        [
            "doc:practical-guidelines-necessary-information-mobile-apps",
            "doc:tc260-notice-mobile-app-necessary-information"
        ]
    );
    let docs = d["documents"]["edges"].as_array().expect("documents");
    let notice = docs
        .iter()
        .find(|e| e["node"]["id"] == "doc:tc260-notice-mobile-app-necessary-information")
        .expect("the notice");
    assert_eq!(notice["node"]["docKind"], "NOTICE");
    assert_eq!(
        with_relation(&notice["node"]["references"], "role"),
        ["doc:practical-guidelines-necessary-information-mobile-apps publishes"]
    );
    assert_eq!(
        sorted(ids(&d["tc260"]["issued"])),
        [
            "doc:measures-for-cybersecurity-review-tc260-translation",
            "doc:practical-guidelines-necessary-information-mobile-apps",
            "doc:tc260-notice-mobile-app-necessary-information"
        ]
    );
    assert_eq!(d["law"]["docKind"], "LAW");
    assert_eq!(
        with_relation(&d["law"]["referencedBy"], "role"),
        [
            "doc:practical-guidelines-necessary-information-mobile-apps implements",
            "doc:regulations-on-classified-protection-of-cybersecurity-draft-2018 implements"
        ]
    );
}

// ---------------------------------------------------------------------------------------------------
// Industrial Internet (articles 17-18)
// ---------------------------------------------------------------------------------------------------

/// a17: who issued the industrial internet guidelines, and how many identification standards exist?
#[tokio::test]
async fn a17_industrial_internet_guidelines_issuers_and_figures() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ documents(filter: {topic: "Industrial Internet", issuedBy: "MIIT"}) { edges { node {
                   id docKind issuedBy { id } figures { measure value qualifier } } } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["documents"]),
        ["doc:guidelines-integrated-standardization-system-industrial-internet"]
    );
    let guidelines = &d["documents"]["edges"][0]["node"];
    assert_eq!(guidelines["docKind"], "GUIDELINES");
    assert_eq!(
        sorted(ids(&guidelines["issuedBy"])),
        ["agency:miit", "agency:sac"]
    );
    assert_eq!(
        figures(guidelines),
        [
            "identification_analysis_general_standards 48 EXACT",
            "identification_analysis_standards_issued 6 EXACT",
            "identification_analysis_standards_being_drafted 9 EXACT",
            "identification_analysis_standards_to_be_developed 33 EXACT"
        ]
    );
}

/// a18: what does the 2019 work plan commit to, with its qualifiers (27 tasks, 5+, 3+, 1~2)?
#[tokio::test]
async fn a18_work_plan_key_tasks_and_qualified_targets() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ documents(filter: {kind: [WORK_PLAN], issued: {from: "2019-06-20", to: "2019-06-20"}}) {
                   edges { node { id issued issuedBy { id } figures { measure value qualifier }
                     references { node { id } relation { role } } } } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["documents"]),
        ["doc:miit-industrial-internet-swg-work-plan-2019"]
    );
    let plan = &d["documents"]["edges"][0]["node"];
    assert_eq!(plan["issued"], "2019-06-20");
    assert_eq!(ids(&plan["issuedBy"]), ["tc:miit-industrial-internet-swg"]);
    assert_eq!(
        figures(plan),
        [
            "key_tasks 27 EXACT",
            "general_and_fundamental_standards 5 AT_LEAST",
            "key_sectoral_standards 5 AT_LEAST",
            "security_standards 3 AT_LEAST",
            "test_and_verification_systems 1 AT_LEAST",
            "test_and_verification_systems 2 UP_TO"
        ]
    );
    assert_eq!(
        with_relation(&plan["references"], "role"),
        ["doc:administrative-measures-for-industrial-internet-labelling plans to develop"]
    );
}

/// a18: where does the special working group sit, when was it founded, and what does it run?
#[tokio::test]
async fn a18_special_working_group_under_the_leading_group() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ search(query: "领导小组", first: 1) { edges { matchedOn node { id } } }
                 agency(ref: "制造强国建设领导小组") { id committees { id established level parent { id } manages { id } } }
                 institute: agency(ref: "China Industrial Internet Institute") { establishedBy { id } }
                 opinions: node(id: "doc:guiding-opinions-internet-plus-advanced-manufacturing-industrial-internet") {
                   ... on Document { issued issuedBy { id } } } }"#,
        )
        .await;
    assert_eq!(
        edge_ids(&d["search"]),
        ["agency:leading-group-manufacturing-upgrade"]
    );
    assert_eq!(d["search"]["edges"][0]["matchedOn"], "NAME_CONTAINS");
    assert_eq!(
        d["agency"]["id"],
        "agency:leading-group-manufacturing-upgrade"
    );
    assert_eq!(
        ids(&d["agency"]["committees"]),
        ["tc:miit-industrial-internet-swg"]
    );
    let swg = &d["agency"]["committees"][0];
    assert_eq!(swg["established"], "2018-02");
    assert_eq!(swg["level"], "SPECIAL_WG");
    assert_eq!(
        swg["parent"]["id"],
        "agency:leading-group-manufacturing-upgrade"
    );
    assert_eq!(
        ids(&swg["manages"]),
        ["doc:guiding-opinions-internet-plus-advanced-manufacturing-industrial-internet"]
    );
    assert_eq!(
        ids(&d["institute"]["establishedBy"]),
        ["tc:miit-industrial-internet-swg"]
    );
    assert_eq!(d["opinions"]["issued"], "2017-11");
    assert_eq!(ids(&d["opinions"]["issuedBy"]), ["agency:state-council"]);
}

// ---------------------------------------------------------------------------------------------------
// Smart issues (articles 19-20)
// ---------------------------------------------------------------------------------------------------

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

/// a19: which event did CESI sponsor, how many attended, and what was founded there?
#[tokio::test]
async fn a19_smart_home_summit_forum_founded_the_alliance() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ agency(ref: "CESI") { organizedEvents { id } hostedEvents { id } }
                 events(filter: {organizedBy: "CESI"}) { edges { node { id start city figures { measure value qualifier }
                   relations(kinds: [ORGANIZED_BY, HOSTED_BY]) { edges { kind node { id } relation { role } } }
                   outcomes { node { id } relation { role date } } } } } }"#,
        )
        .await;
    let forum_id = "event:china-smart-home-summit-forum-2019";
    assert_eq!(ids(&d["agency"]["organizedEvents"]), [forum_id]);
    assert_eq!(ids(&d["agency"]["hostedEvents"]), [forum_id]);
    assert_eq!(edge_ids(&d["events"]), [forum_id]);
    let forum = &d["events"]["edges"][0]["node"];
    assert_eq!(forum["start"], "2019-04-09");
    assert_eq!(forum["city"], "Shenzhen");
    assert_eq!(figures(forum), ["representatives 150 MORE_THAN"]);
    let mut roles: Vec<String> = forum["relations"]["edges"]
        .as_array()
        .expect("organizer and host edges")
        .iter()
        .map(|e| format!("{} {}", e["kind"], e["relation"]["role"]))
        .collect();
    roles.sort();
    assert_eq!(
        roles,
        [r#""HOSTED_BY" "host""#, r#""ORGANIZED_BY" "sponsor""#]
    );
    assert_eq!(
        with_relation(&forum["outcomes"], "role"),
        ["agency:china-smart-home-ecological-alliance established"]
    );
    assert_eq!(
        with_relation(&forum["outcomes"], "date"),
        ["agency:china-smart-home-ecological-alliance 2019-04-09"]
    );
}

/// a19: which are the alliance's first two standards, and who drafted and issued them?
#[tokio::test]
async fn a19_alliance_standards_search_and_issuers() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ search(query: "Smart Home Evaluation", kinds: [STANDARD]) { totalCount edges { matchedOn node { id } } }
                 standards(filter: {issuedBy: "China Smart Home Ecological Alliance"}) { edges { node { id
                   relations(kinds: [ISSUED_BY, DRAFTED_BY]) { edges { kind node { id } relation { role inferred } } } } } } }"#,
        )
        .await;
    assert_eq!(d["search"]["totalCount"], 2);
    let hits: Vec<String> = d["search"]["edges"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|e| format!("{} {}", e["node"]["id"], e["matchedOn"]))
        .collect();
    assert_eq!(
        hits,
        [
            r#""std:smart-home-evaluation-indicator-system" "NAME_PREFIX""#,
            r#""std:measurement-of-smart-home-evaluation-indicators" "NAME_CONTAINS""#
        ]
    );
    assert_eq!(
        sorted(edge_ids(&d["standards"])),
        [
            "std:measurement-of-smart-home-evaluation-indicators",
            "std:smart-home-evaluation-indicator-system"
        ]
    );
    for standard in d["standards"]["edges"].as_array().expect("standards") {
        let mut relations: Vec<String> = standard["node"]["relations"]["edges"]
            .as_array()
            .expect("relations")
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} {}",
                    e["kind"], e["node"]["id"], e["relation"]["role"], e["relation"]["inferred"]
                )
            })
            .collect();
        relations.sort();
        assert_eq!(
            relations,
            [
                r#""DRAFTED_BY" "agency:cesi" "lead" false"#,
                r#""ISSUED_BY" "agency:cesi" "lead in issuing" false"#,
                r#""ISSUED_BY" "agency:china-smart-home-ecological-alliance" "alliance standard" true"#
            ]
        );
    }
}

/// a20: which project has number 201510209, who ran it, and how do its 29 standards split?
#[tokio::test]
async fn a20_smart_city_project_by_number() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ search(query: "201510209") { edges { node { id ... on Document {
                   number status figures { measure value qualifier }
                   relations(kinds: [DRAFTED_BY]) { edges { node { id } relation { role } } }
                   references { node { id ... on Document { issuedBy { id ... on Agency { parents { id } } } } } } } } } }
                 documents(filter: {topic: "Smart Issues", kind: [RESEARCH_PROJECT]}) { edges { node { id } } } }"#,
        )
        .await;
    let project = &d["search"]["edges"][0]["node"];
    assert_eq!(
        project["id"],
        "doc:research-29-national-standards-smart-cities"
    );
    assert_eq!(project["number"], "201510209");
    assert_eq!(project["status"], "COMPLETED");
    assert_eq!(
        figures(project),
        [
            "national_standards 29 EXACT",
            "basic_national_standards 8 EXACT",
            "key_technical_standards 15 EXACT",
            "management_and_application_standards 6 EXACT"
        ]
    );
    assert_eq!(
        with_relation(&project["relations"]["edges"], "role"),
        [
            "agency:beihang-university joint launcher",
            "agency:cesi joint launcher"
        ]
    );
    let notice = &project["references"][0]["node"];
    assert_eq!(
        notice["id"],
        "doc:notice-acceptance-scientific-research-projects-public-welfare-industries"
    );
    assert_eq!(
        ids(&notice["issuedBy"]),
        ["agency:samr-dept-science-technology-finance"]
    );
    assert_eq!(ids(&notice["issuedBy"][0]["parents"]), ["agency:samr"]);
    assert_eq!(
        edge_ids(&d["documents"]),
        ["doc:research-29-national-standards-smart-cities"],
        "Smart Issues includes its sub-topic Smart City"
    );
}

/// a20: what does article 20 mention, and which relations does it state?
#[tokio::test]
async fn a20_what_article_20_mentions_and_states() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ sources(filter: {article: 20}) { edges { node { id section title
                   mentions { id } relationsStated { id } } } } }"#,
        )
        .await;
    assert_eq!(edge_ids(&d["sources"]), ["src:sesec-2019-a20"]);
    let source = &d["sources"]["edges"][0]["node"];
    assert_eq!(source["section"], "Smart Issues");
    assert_eq!(
        source["title"],
        "\"Research on 29 National Standards for Smart Cities\" Has Been Completed"
    );
    assert_eq!(
        sorted(ids(&source["mentions"])),
        [
            "agency:beihang-university",
            "agency:cesi",
            "agency:samr",
            "agency:samr-dept-science-technology-finance",
            "doc:notice-acceptance-scientific-research-projects-public-welfare-industries",
            "doc:research-29-national-standards-smart-cities",
            "topic:horizontal-issues",
            "topic:smart-city",
            "topic:smart-issues"
        ]
    );
    assert_eq!(
        sorted(ids(&source["relationsStated"])),
        [
            "agency:samr-dept-science-technology-finance|part_of|agency:samr",
            "doc:notice-acceptance-scientific-research-projects-public-welfare-industries|covers_topic|topic:horizontal-issues",
            "doc:notice-acceptance-scientific-research-projects-public-welfare-industries|issued_by|agency:samr-dept-science-technology-finance",
            "doc:research-29-national-standards-smart-cities|covers_topic|topic:smart-city",
            "doc:research-29-national-standards-smart-cities|drafted_by|agency:beihang-university",
            "doc:research-29-national-standards-smart-cities|drafted_by|agency:cesi",
            "doc:research-29-national-standards-smart-cities|references|doc:notice-acceptance-scientific-research-projects-public-welfare-industries",
            "topic:smart-city|part_of|topic:smart-issues"
        ]
    );
}

// ---------------------------------------------------------------------------------------------------
// Big data (article 21)
// ---------------------------------------------------------------------------------------------------

/// a21: who spoke at the Guiyang big data forum, for whom, and what did Liu Dashan attend?
#[tokio::test]
async fn a21_forum_speakers_and_their_participations() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "event:big-data-standardization-forum-2019") { ... on Event {
                   start city organizers { id } figures { measure value qualifier }
                   participants { node { id kind } relation { role } } } }
                 people(filter: {relatedTo: "event:big-data-standardization-forum-2019"}) { edges { node {
                   id title affiliations { node { id } relation { role } } leads { id } } } }
                 liu: people(filter: {nameContains: "Liu Dashan"}) { edges { node {
                   participations { node { id } relation { role } } } } } }"#,
        )
        .await;
    let forum = &d["node"];
    assert_eq!(forum["start"], "2019-05-25");
    assert_eq!(forum["city"], "Guiyang");
    assert_eq!(figures(forum), ["attendees 200 MORE_THAN"]);
    assert_eq!(
        forum["organizers"],
        json!([]),
        "the text names no organizer"
    );
    assert_eq!(
        with_relation(&forum["participants"], "role"),
        [
            "agency:cesi speaker's organization",
            "agency:miit speaker's organization",
            "agency:sac speaker's organization",
            "person:li-guanyu speaker",
            "person:liu-dashan speaker",
            "person:zhao-bo speaker"
        ]
    );
    let people: Vec<String> = d["people"]["edges"]
        .as_array()
        .expect("people")
        .iter()
        .map(|e| {
            let p = &e["node"];
            format!(
                "{} | {} | {:?} | {:?}",
                p["id"].as_str().expect("an id"),
                p["title"].as_str().expect("a title"),
                with_relation(&p["affiliations"], "role"),
                ids(&p["leads"])
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            r#"person:li-guanyu | deputy director of MIIT | ["agency:miit deputy director"] | []"#,
            r#"person:liu-dashan | director of SAC | ["agency:sac director"] | ["agency:sac"]"#,
            r#"person:zhao-bo | director of CESI | ["agency:cesi director"] | ["agency:cesi"]"#
        ]
    );
    assert_eq!(
        with_relation(&d["liu"]["edges"][0]["node"]["participations"], "role"),
        ["event:big-data-standardization-forum-2019 speaker"]
    );
}

/// a21 (with a05, a10, a14): which people work for an agency that organized an event in May 2019?
#[tokio::test]
async fn a21_people_of_agencies_that_organized_events_in_may_2019() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ events(filter: {date: {from: "2019-05", to: "2019-05"}}) { edges { node { id
                   organizers { id ... on Agency { people { node { id } relation { role } } } } } } } }"#,
        )
        .await;
    let mut agencies = Vec::new();
    let mut people = Vec::new();
    for event in d["events"]["edges"].as_array().expect("events") {
        for organizer in event["node"]["organizers"].as_array().expect("organizers") {
            if organizer["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("agency:"))
            {
                agencies.push(organizer["id"].as_str().expect("an id").to_owned());
                people.extend(with_relation(&organizer["people"], "role"));
            }
        }
    }
    agencies.sort();
    agencies.dedup();
    people.sort();
    people.dedup();
    assert_eq!(
        agencies,
        [
            "agency:cn-de-standardization-cooperation-committee",
            "agency:ieas",
            "agency:sac",
            "agency:samr",
            "agency:sesec-iv"
        ]
    );
    assert_eq!(
        people,
        ["person:betty-xu SESEC expert", "person:liu-dashan director"]
    );
}

/// a21: which events took place on 25 May 2019, and where?
#[tokio::test]
async fn a21_events_on_25_may_2019() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ events(filter: {date: {from: "2019-05-25", to: "2019-05-25"}}) { edges { node { id city } } } }"#,
        )
        .await;
    let events: Vec<String> = d["events"]["edges"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| format!("{} {}", e["node"]["id"], e["node"]["city"]))
        .collect();
    assert_eq!(
        sorted(events),
        [
            r#""event:big-data-standardization-forum-2019" "Guiyang""#,
            r#""event:national-robot-standardization-group-first-meeting-2019" "Shanghai""#
        ]
    );
}

/// a21: which certificates were issued at the forum, and what do they certify or who issues them?
#[tokio::test]
async fn a21_certificates_issued_at_the_forum() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ documents(filter: {kind: [CERTIFICATE]}) { edges { node { id issued
                   producedBy { node { id } relation { role } } issuedBy { id }
                   references { node { id } relation { role } } } } }
                 search(query: "DCMM", first: 1) { edges { node { id } } }
                 cesi: agency(ref: "CESI") { established { id } figures { measure value qualifier } } }"#,
        )
        .await;
    assert_eq!(
        sorted(edge_ids(&d["documents"])),
        [
            "doc:assessment-certificate-dcmm-national-standard-compliance",
            "doc:certificate-winners-third-evaluation-data-standardization-governance",
            "doc:compliance-certificate-big-data-system-standard"
        ]
    );
    for edge in d["documents"]["edges"].as_array().expect("certificates") {
        let certificate = &edge["node"];
        assert_eq!(certificate["issued"], "2019-05-25");
        assert_eq!(
            with_relation(&certificate["producedBy"], "role"),
            ["event:big-data-standardization-forum-2019 issued"]
        );
        match certificate["id"].as_str().expect("an id") {
            "doc:assessment-certificate-dcmm-national-standard-compliance" => assert_eq!(
                with_relation(&certificate["references"], "role"),
                [
                    "std:data-management-capability-maturity-assessment-model certifies compliance with"
                ]
            ),
            "doc:compliance-certificate-big-data-system-standard" => assert_eq!(
                ids(&certificate["issuedBy"]),
                ["agency:big-data-system-quality-inspection-center"]
            ),
            _ => {}
        }
    }
    assert_eq!(
        edge_ids(&d["search"]),
        ["std:data-management-capability-maturity-assessment-model"]
    );
    assert_eq!(
        ids(&d["cesi"]["established"]),
        ["agency:big-data-system-quality-inspection-center"]
    );
    assert_eq!(
        figures(&d["cesi"]),
        ["big_data_national_standards_developed 32 EXACT"]
    );
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

// ---------------------------------------------------------------------------------------------------
// Search as analysts type it (issue 17, point 11)
// ---------------------------------------------------------------------------------------------------

/// `(id, matchedOn)` of each search result, in order.
async fn search_hits(t: &TestApp, query: &str, kinds: &str, first: usize) -> Vec<(String, String)> {
    let d = t
        .run(
            &format!(
                r#"query($q: String!) {{ search(query: $q, first: {first}{kinds}) {{
                     edges {{ matchedOn node {{ id }} }} }} }}"#
            ),
            json!({ "q": query }),
        )
        .await;
    d["data"]["search"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{query}: {d}"))
        .iter()
        .map(|e| {
            (
                e["node"]["id"].as_str().unwrap().to_owned(),
                e["matchedOn"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// a13: the words of a title in another order find the document first, not the four ministries whose
/// descriptions mention "the draft cybersecurity review measures".
#[tokio::test]
async fn a13_search_ranks_names_holding_every_word_first() {
    let t = TestApp::seeded();
    let hits = search_hits(&t, "Cybersecurity Review Measures", "", 3).await;
    assert_eq!(
        hits[0],
        (
            "doc:measures-for-cybersecurity-review-draft-2019".to_owned(),
            "NAME_WORDS".to_owned()
        ),
        "{hits:?}"
    );
    assert_eq!(
        hits[1].0, "doc:measures-for-cybersecurity-review-tc260-translation",
        "{hits:?}"
    );
    // Two of three words in the name rank before none: the TC260 translation's name holds
    // "review" and "measures", a ministry's only its description does.
    let hits = search_hits(&t, "review measures english", "", 3).await;
    assert_eq!(
        hits[0].0, "doc:measures-for-cybersecurity-review-tc260-translation",
        "{hits:?}"
    );
}

/// a03: committee codes typed with spaces (`tc 260`, `sac tc 260`) find the committee first.
#[tokio::test]
async fn a03_search_finds_committee_codes_typed_with_spaces() {
    let t = TestApp::seeded();
    for q in ["tc 260", "TC 260", "sac tc 260", "SAC/TC 260", "tc260"] {
        let hits = search_hits(&t, q, "", 3).await;
        assert_eq!(
            hits.first().map(|h| h.0.as_str()),
            Some("tc:tc260"),
            "{q}: {hits:?}"
        );
    }
}

/// a14: a one-letter typo in a long word (`clasified`) still finds Classified Protection.
#[tokio::test]
async fn a14_search_forgives_a_typo_in_a_long_word() {
    let t = TestApp::seeded();
    for q in ["clasified", "protection classifed", "clasified protection"] {
        let hits = search_hits(&t, q, "", 20).await;
        assert!(
            hits.iter()
                .any(|(id, _)| id == "topic:classified-protection"),
            "{q}: {hits:?}"
        );
        assert!(hits.iter().all(|(_, m)| m == "SIMILAR"), "{q}: {hits:?}");
    }
    // Short words must be typed right: a typo there would match too much.
    assert!(search_hits(&t, "robat", "", 5).await.is_empty());
}

/// Sources (the newsletter's articles) come after entities unless asked for.
#[tokio::test]
async fn search_ranks_sources_after_entities_unless_asked_for() {
    let t = TestApp::seeded();
    for q in [
        "5G Series Standards Development Plan",
        "Cybersecurity",
        "standardization",
    ] {
        let hits = search_hits(&t, q, "", 100).await;
        let first_source = hits.iter().position(|(id, _)| id.starts_with("src:"));
        let last_entity = hits.iter().rposition(|(id, _)| !id.starts_with("src:"));
        assert!(
            first_source.is_some(),
            "{q}: sources are still found: {hits:?}"
        );
        assert!(first_source > last_entity, "{q}: {hits:?}");
    }
    let hits = search_hits(
        &t,
        "5G Series Standards Development Plan",
        ", kinds: [SOURCE]",
        3,
    )
    .await;
    assert_eq!(
        hits[0],
        ("src:sesec-2019-a12".to_owned(), "EXACT_NAME".to_owned())
    );
}

// ---------------------------------------------------------------------------------------------------
// Imprecise dates, topic membership, lookups, types of code-less standards (issue 17, points 13-16)
// ---------------------------------------------------------------------------------------------------

/// a14: four standards "released at the end of 2018" are known only as `2018`: a range of November
/// to December lists them only when asked for dates that may fall in it.
#[tokio::test]
async fn a14_imprecise_dates_may_fall_in_a_narrower_range() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ placed: standards(filter: {published: {from: "2018-11", to: "2018-12"}}) {
                   edges { node { id } } }
                 possibly: standards(filter: {published: {from: "2018-11", to: "2018-12", precision: POSSIBLY}}) {
                   edges { node { id } } }
                 outside: standards(filter: {published: {from: "2017-11", to: "2017-12", precision: POSSIBLY}}) {
                   edges { node { id } } } }"#,
        )
        .await;
    assert!(edge_ids(&d["placed"]).is_empty(), "{d}");
    assert_eq!(
        sorted(edge_ids(&d["possibly"])),
        [
            "std:gb-t-28449-2018",
            "std:gb-t-36958-2018",
            "std:gb-t-36959-2018",
            "std:gb-t-37138-2018"
        ]
    );
    assert!(edge_ids(&d["outside"]).is_empty(), "{d}");
}

/// a03, a04, a12: "everything about 5G" in one query: the ETSI delegation discussed 5G (`discussed`,
/// not `covers_topic`), a 5G security standard covers the sub-topic 5G Security, and the IT security
/// seminar discussed that sub-topic.
#[tokio::test]
async fn a04_topic_membership_through_every_topical_relation_and_sub_topics() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ node(id: "topic:5g") { ... on Topic {
                   covers: items { id }
                   all: items(via: ALL, subtopics: true) { id }
                   events: items(via: ALL, kinds: [EVENT]) { id } } }
                 covering: events(filter: {topic: "5G"}) { edges { node { id } } }
                 related: events(filter: {topic: "5G", topicVia: ALL}) { edges { node { id } } } }"#,
        )
        .await;
    let etsi = "event:etsi-delegation-visit-beijing-2019".to_owned();
    let security =
        "std:technical-requirements-for-communication-security-in-5g-mobile-communication-network"
            .to_owned();
    // The China-Germany IT security seminar discussed the sub-topic 5G Security.
    let seminar = "event:cn-de-it-security-seminar-2019".to_owned();
    let covers = ids(&d["node"]["covers"]);
    assert!(
        !covers.contains(&etsi) && !covers.contains(&security),
        "{covers:?}"
    );
    let all = ids(&d["node"]["all"]);
    assert!(all.contains(&etsi) && all.contains(&security), "{all:?}");
    assert!(
        all.contains(&seminar) && !covers.contains(&seminar),
        "{all:?}"
    );
    assert!(all.iter().all(|id| id != "topic:5g"), "{all:?}");
    assert!(ids(&d["node"]["events"]).contains(&etsi));
    assert!(!edge_ids(&d["covering"]).contains(&etsi));
    assert!(edge_ids(&d["related"]).contains(&etsi), "{d}");
}

/// a03, a13, a11: committees by code or name, sources by article number, events by start date.
#[tokio::test]
async fn a03_lookups_by_committee_code_article_number_and_start_date() {
    let t = TestApp::seeded();
    for reference in [
        "TC260",
        "SAC/TC260",
        "National Information Security Standardization Technical Committee",
        "tc:tc260",
    ] {
        let d = t
            .run(
                "query($r: String!) { technicalCommittee(ref: $r) { id } }",
                json!({ "r": reference }),
            )
            .await;
        assert_eq!(
            d["data"]["technicalCommittee"]["id"], "tc:tc260",
            "{reference}: {d}"
        );
    }
    let d = t
        .data(
            r#"{ byNumber: documents(filter: {source: "13"}) { edges { node { id } } }
                 byArticle: documents(filter: {source: "article 13"}) { edges { node { id } } }
                 byName: documents(filter: {source: "SESEC newsletter 2019, article 13"}) { edges { node { id } } }
                 byId: documents(filter: {source: "src:sesec-2019-a13"}) { edges { node { id } } } }"#,
        )
        .await;
    let by_id = edge_ids(&d["byId"]);
    assert!(by_id.contains(&"doc:measures-for-cybersecurity-review-draft-2019".to_owned()));
    for k in ["byNumber", "byArticle", "byName"] {
        assert_eq!(edge_ids(&d[k]), by_id, "{k}");
    }
    let e = t
        .run(
            r#"{ documents(filter: {source: "99"}) { edges { node { id } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(e["errors"][0]["extensions"]["code"], "NOT_FOUND", "{e}");
    let d = t
        .data(
            r#"{ overlap: events(filter: {date: {from: "2019-04-16", to: "2019-04-16"}}) { edges { node { id } } }
                 starting: events(filter: {starts: {from: "2019-04-16", to: "2019-04-16"}}) { edges { node { id } } } }"#,
        )
        .await;
    assert!(
        edge_ids(&d["overlap"]).contains(&"event:etsi-delegation-visit-beijing-2019".to_owned())
    );
    assert_eq!(
        sorted(edge_ids(&d["starting"])),
        ["event:ccsa-tc1-33rd-meeting", "event:ccsa-tc5-48th-meeting"]
    );
}

/// a10: the compulsory national standard that IEC 62368-1 corresponds to has no code in the article,
/// but the article says it is compulsory: it is listed among mandatory national standards.
#[tokio::test]
async fn a10_code_less_compulsory_standard_has_its_stated_type() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ standards(filter: {type: [NATIONAL_MANDATORY]}) { edges { node { id ... on Standard { code type } } } } }"#,
        )
        .await;
    let mandatory = edge_ids(&d["standards"]);
    assert!(
        mandatory.contains(&"std:audio-and-video-information-technology-and-communication-technology-equipment-part-1-safety-requirements".to_owned()),
        "{mandatory:?}"
    );
    assert!(mandatory.contains(&"std:gb-4943.1-2011".to_owned()));
    // A mutation states the type of a standard without a code; a code that says otherwise wins
    // over nothing: stating a type the code contradicts is refused.
    let created = t
        .write(
            r#"mutation { createStandard(input: {id: "std:unnamed-mandatory", name: "An unnamed compulsory standard",
                 sources: ["src:sesec-2019-a10"], type: NATIONAL_MANDATORY}) { id type } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        created["createStandard"]["type"], "NATIONAL_MANDATORY",
        "{created}"
    );
    let refused = t
        .error_as(
            Some(crate::support::EDITOR_KEY),
            r#"mutation { createStandard(input: {id: "std:contradiction", name: "GB/T 1-2019",
                 sources: ["src:sesec-2019-a10"], code: "GB/T 1-2019", type: NATIONAL_MANDATORY}) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(refused["extensions"]["code"], "INVALID_INPUT", "{refused}");
    assert_eq!(refused["extensions"]["field"], "type", "{refused}");
}

/// a03, a04, a12: search scoped to a topic counts the same members as the list filters: `topic`
/// includes sub-topics, `topicVia: ALL` adds an event that only `discussed` the topic, and pages
/// walked with cursors give the same hits as one page.
#[tokio::test]
async fn a04_search_scoped_to_a_topic_through_every_topical_relation() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ covers: search(query: "security", topic: "5G Security") { nodes { id } }
                 all: search(query: "security", topic: "5G Security", topicVia: ALL) { totalCount nodes { id } }
                 parent: search(query: "security", topic: "topic:5g", topicVia: ALL) { nodes { id } }
                 byId: search(query: "security", topic: "5G", topicVia: ALL, orderBy: ID) { nodes { id } }
                 unscoped: search(query: "security", first: 200) { nodes { id } } }"#,
        )
        .await;
    // The China-Germany IT security seminar discussed 5G Security; it covers other topics.
    let seminar = "event:cn-de-it-security-seminar-2019".to_owned();
    let standard =
        "std:technical-security-requirements-for-5g-mobile-communication-network".to_owned();
    let covers = ids(&d["covers"]["nodes"]);
    assert!(
        covers.contains(&standard) && !covers.contains(&seminar),
        "{covers:?}"
    );
    let all = ids(&d["all"]["nodes"]);
    assert!(all.contains(&standard) && all.contains(&seminar), "{all:?}");
    // A search for "security" in the whole graph finds far more than 5G security.
    let unscoped = ids(&d["unscoped"]["nodes"]);
    assert!(
        unscoped.len() > all.len() + 10,
        "{} vs {}",
        unscoped.len(),
        all.len()
    );
    assert!(all.iter().all(|id| unscoped.contains(id)), "{all:?}");
    // Sub-topics count, as in `filter: {topic}`.
    let parent = ids(&d["parent"]["nodes"]);
    assert!(
        parent.contains(&seminar) && parent.contains(&standard),
        "{parent:?}"
    );
    assert_eq!(sorted(parent.clone()), ids(&d["byId"]["nodes"]));
    // The same hits a page at a time.
    let total = d["all"]["totalCount"].as_u64().unwrap();
    assert_eq!(total as usize, all.len());
    let mut walked = Vec::new();
    let mut after = Value::Null;
    loop {
        let p = t
            .run(
                r#"query($after: String) { search(query: "security", topic: "5G Security", topicVia: ALL, first: 2, after: $after) {
                       totalCount pageInfo { hasNextPage endCursor } nodes { id } } }"#,
                json!({ "after": after }),
            )
            .await;
        let s = &p["data"]["search"];
        assert_eq!(s["totalCount"], total, "{p}");
        walked.extend(ids(&s["nodes"]));
        if s["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = s["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(walked, all);
    assert_eq!(
        t.error_code(
            r#"{ search(query: "security", topic: "No Such Topic") { totalCount } }"#,
            json!({})
        )
        .await,
        "NOT_FOUND"
    );
}

/// a03, a04: the timeline of a topic follows `covers_topic` by default; `topicVia: ALL` adds the
/// events that discussed it or a sub-topic.
#[tokio::test]
async fn a04_timeline_of_a_topic_through_every_topical_relation() {
    let t = TestApp::seeded();
    let d = t
        .data(
            r#"{ covers: timeline(topic: "5G") { node { id } }
                 all: timeline(topic: "5G", topicVia: ALL) { node { id } } }"#,
        )
        .await;
    let on = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (covers, all) = (on(&d["covers"]), on(&d["all"]));
    for event in [
        "event:etsi-delegation-visit-beijing-2019",
        "event:cn-de-it-security-seminar-2019",
    ] {
        assert!(!covers.iter().any(|id| id == event), "{covers:?}");
        assert!(all.iter().any(|id| id == event), "{all:?}");
    }
    assert!(covers.iter().all(|id| all.contains(id)), "{all:?}");
}
