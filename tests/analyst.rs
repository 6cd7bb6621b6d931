//! Questions an analyst asks of the newsletter, each answered through GraphQL. Every test names the
//! article it checks (`a14` = article 14 of the SESEC IV China IT/ICT Standardization Newsletter, 2019;
//! `front` = the project introduction, `abbr` = the abbreviation table).
//!
//! Dates in the newsletter often lack a day or a month; a date filter lists a node only when its date
//! can be placed in the range, so an event dated only "2019" is listed for 2019 but not for May 2019
//! (unless the range asks for dates that may fall in it, `precision: POSSIBLY`).

//!
//! Most questions are cases (`case!`, tests/cases.rs): the query and its whole expected answer, to
//! which a new question adds three lines. Written as code are only the tests whose point a single
//! answer cannot state: that every spelling of a reference finds the same node (abbreviations,
//! English and Chinese names, codes in any spelling, committee codes typed with spaces, a typo, a
//! source by number, article or name: `abbr_agency_by_abbreviation_english_or_chinese_name`,
//! `abbr_every_row_by_abbreviation_english_and_chinese_name`, `a14_standard_codes_in_any_spelling`,
//! `a03_search_finds_committee_codes_typed_with_spaces`, `a14_search_forgives_a_typo_in_a_long_word`,
//! `a03_lookups_by_committee_code_article_number_and_start_date`); refusals and writes, which have
//! no answer to compare (`abbr_ccc_is_a_certification_system_not_an_agency`: CCC is not an agency,
//! `a10_code_less_compulsory_standard_has_its_stated_type`: a stated type, and a contradictory one
//! refused); a second page read with the first page's cursor
//! (`abbr_chinese_search_pages_through_all_matches`); rankings, where what matters is
//! which hit comes first, not every hit of a search that grows with the seed
//! (`a19_search_in_chinese_and_by_abbreviation`, `a13_search_ranks_names_holding_every_word_first`,
//! `search_ranks_sources_after_entities_unless_asked_for`); a topic-scoped search that equals the
//! unscoped one filtered, page after page (`a04_search_scoped_to_a_topic_through_every_topical_relation`);
//! and an invariant of the whole graph (`every_node_and_relation_has_a_source`).

use expect_test::expect;
use serde_json::{Value, json};

use crate::cases::case;
use crate::support::{TestApp, edge_ids, ids};

/// A list of ids in sorted order, for lists whose order the API does not promise.
fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list
}

// ---------------------------------------------------------------------------------------------------
// Front matter and abbreviation table
// ---------------------------------------------------------------------------------------------------

case!(
    /// front: who co-finances the SESEC project, and does ETSI see SESEC among what it funds?
    front_sesec_co_financers_both_directions,
    r#"{ sesec: agency(ref: "SESEC") { id fundedBy { id }
                   relations(kinds: [FUNDED_BY]) { edges { node { id } relation { role sources { id } } } } }
                 etsi: agency(ref: "ETSI") {
                   relations(kinds: [FUNDED_BY], direction: INCOMING) { edges { node { id } } } } }"#,
    expect![[r#"
        {
          "etsi": {"relations": {"edges": [{"node": {"id": "agency:sesec"}}]}},
          "sesec": {
            "fundedBy": [
              {"id": "agency:cen"},
              {"id": "agency:cenelec"},
              {"id": "agency:ec"},
              {"id": "agency:efta"},
              {"id": "agency:etsi"}
            ],
            "id": "agency:sesec",
            "relations": {
              "edges": [
                {
                  "node": {"id": "agency:cen"},
                  "relation": {"role": "co-financer", "sources": [{"id": "src:sesec-2019-front"}]}
                },
                {
                  "node": {"id": "agency:cenelec"},
                  "relation": {"role": "co-financer", "sources": [{"id": "src:sesec-2019-front"}]}
                },
                {
                  "node": {"id": "agency:ec"},
                  "relation": {"role": "co-financer", "sources": [{"id": "src:sesec-2019-front"}]}
                },
                {
                  "node": {"id": "agency:efta"},
                  "relation": {
                    "role": "co-financer (EFTA secretariat)",
                    "sources": [{"id": "src:sesec-2019-front"}]
                  }
                },
                {
                  "node": {"id": "agency:etsi"},
                  "relation": {"role": "co-financer", "sources": [{"id": "src:sesec-2019-front"}]}
                }
              ]
            }
          }
        }"#]]
);

case!(
    /// front: which phases has SESEC had, and when was SESEC IV launched and for how long?
    front_sesec_phases_and_sesec_iv_launch,
    r#"{ sesec: agency(ref: "agency:sesec") { units { id } }
                 iv: agency(ref: "SESEC IV") { parents { id } figures { measure value qualifier }
                   relations(kinds: [PART_OF], direction: OUTGOING) { edges { node { id } relation { date } } } }
                 launch: node(id: "event:sesec-iv-launch") { ... on Event {
                   start city outcomes { node { id } relation { role } } } } }"#,
    expect![[r#"
        {
          "iv": {
            "figures": [{"measure": "duration_months", "qualifier": "EXACT", "value": 36.0}],
            "parents": [{"id": "agency:sesec"}],
            "relations": {"edges": [{"node": {"id": "agency:sesec"}, "relation": {"date": "2018-04"}}]}
          },
          "launch": {
            "city": "Beijing",
            "outcomes": [{"node": {"id": "agency:sesec-iv"}, "relation": {"role": "launched"}}],
            "start": "2018-04"
          },
          "sesec": {
            "units": [
              {"id": "agency:sesec-i"},
              {"id": "agency:sesec-ii"},
              {"id": "agency:sesec-iii"},
              {"id": "agency:sesec-iv"}
            ]
          }
        }"#]]
);

case!(
    /// front: who is the SESEC IV expert, and for how many months is she seconded?
    front_betty_xu_is_the_sesec_iv_expert,
    r#"{ people(filter: {affiliation: "SESEC IV"}) { edges { node {
                   id title figures { measure value qualifier }
                   affiliations { node { id } relation { role } } } } } }"#,
    expect![[r#"
        {
          "people": {
            "edges": [
              {
                "node": {
                  "affiliations": [{"node": {"id": "agency:sesec-iv"}, "relation": {"role": "SESEC expert"}}],
                  "figures": [{"measure": "term_months", "qualifier": "EXACT", "value": 36.0}],
                  "id": "person:betty-xu",
                  "title": "SESEC expert"
                }
              }
            ]
          }
        }"#]]
);

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

case!(
    /// a01: what has NDRC issued, and what does its draft Catalogue say about standardization services?
    a01_ndrc_catalogue_lists_standardization_services,
    r#"{ agency(ref: "National Development and Reform Commission") { id issued { id } }
                 node(id: "doc:catalogue-guiding-industrial-restructuring-2019") { ... on Document {
                   docKind status figures { measure value qualifier } topics { id }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role } } } } } }"#,
    expect![[r#"
        {
          "agency": {
            "id": "agency:ndrc",
            "issued": [
              {"id": "doc:catalogue-guiding-industrial-restructuring-2019"},
              {"id": "doc:measures-for-cybersecurity-review-draft-2019"}
            ]
          },
          "node": {
            "docKind": "CATALOGUE",
            "figures": [
              {
                "measure": "category_listing_standardization_services",
                "qualifier": "EXACT",
                "value": 31.0
              },
              {"measure": "classes", "qualifier": "EXACT", "value": 3.0}
            ],
            "relations": {
              "edges": [
                {
                  "node": {"id": "agency:ndrc"},
                  "relation": {"role": "issued the call for comments"}
                }
              ]
            },
            "status": "DRAFT_FOR_COMMENTS",
            "topics": [{"id": "topic:horizontal-issues"}, {"id": "topic:standardization-services"}]
          }
        }"#]]
);

case!(
    /// a02: what are the working groups of CCSA's new space communications committee TC12?
    a02_ccsa_tc12_and_its_three_working_groups,
    r#"{ technicalCommittees(filter: {parent: "CCSA TC12"}) { edges { node { id code level status } } }
                 node(id: "tc:ccsa-tc12") { ... on TechnicalCommittee {
                   code status parent { id } children { id } establishedBy { id } topics { id } } } }"#,
    expect![[r#"
        {
          "node": {
            "children": [{"id": "tc:ccsa-tc12-wg1"}, {"id": "tc:ccsa-tc12-wg2"}, {"id": "tc:ccsa-tc12-wg3"}],
            "code": "CCSA TC12",
            "establishedBy": [{"id": "agency:ccsa"}],
            "parent": {"id": "agency:ccsa"},
            "status": "BEING_ESTABLISHED",
            "topics": [{"id": "topic:satellite-communication"}]
          },
          "technicalCommittees": {
            "edges": [
              {
                "node": {
                  "code": "WG2",
                  "id": "tc:ccsa-tc12-wg2",
                  "level": "WG",
                  "status": "BEING_ESTABLISHED"
                }
              },
              {
                "node": {
                  "code": "WG1",
                  "id": "tc:ccsa-tc12-wg1",
                  "level": "WG",
                  "status": "BEING_ESTABLISHED"
                }
              },
              {
                "node": {
                  "code": "WG3",
                  "id": "tc:ccsa-tc12-wg3",
                  "level": "WG",
                  "status": "BEING_ESTABLISHED"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a02: which committees does 中国通信标准化协会 (CCSA) have, and is CCSA each one's parent?
    a02_ccsa_committees_and_parent_both_directions,
    r#"{ agency(ref: "中国通信标准化协会") { id committees { id code parent { id } } } }"#,
    expect![[r#"
        {
          "agency": {
            "committees": [
              {"code": "CCSA TC1", "id": "tc:ccsa-tc1", "parent": {"id": "agency:ccsa"}},
              {"code": "CCSA TC12", "id": "tc:ccsa-tc12", "parent": {"id": "agency:ccsa"}},
              {"code": "CCSA TC5", "id": "tc:ccsa-tc5", "parent": {"id": "agency:ccsa"}}
            ],
            "id": "agency:ccsa"
          }
        }"#]]
);

case!(
    /// a03: which meetings were held in Xiamen, in date order, and what were they part of?
    a03_xiamen_sessions_in_date_order,
    r#"{ events(filter: {city: "Xiamen"}, orderBy: {field: DATE}) {
                   edges { node { id start end partOf { id } sessions { id } } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {
                "node": {
                  "end": "2019-05-22",
                  "id": "event:cn-de-im-i40-wg-8th-meeting",
                  "partOf": [{"id": "event:cn-de-standardization-conference-2019"}],
                  "sessions": [],
                  "start": "2019-05-19"
                }
              },
              {
                "node": {
                  "end": "2019-05-22",
                  "id": "event:cn-de-standardization-conference-2019",
                  "partOf": [],
                  "sessions": [
                    {"id": "event:cn-de-im-i40-wg-8th-meeting"},
                    {"id": "event:cn-de-it-security-seminar-2019"},
                    {"id": "event:cn-de-scc-plenary-2019"}
                  ],
                  "start": "2019-05-19"
                }
              },
              {
                "node": {
                  "end": "2019-05-20",
                  "id": "event:cn-de-it-security-seminar-2019",
                  "partOf": [{"id": "event:cn-de-standardization-conference-2019"}],
                  "sessions": [],
                  "start": "2019-05-20"
                }
              },
              {
                "node": {
                  "end": "2019-05-22",
                  "id": "event:cn-de-scc-plenary-2019",
                  "partOf": [{"id": "event:cn-de-standardization-conference-2019"}],
                  "sessions": [],
                  "start": "2019-05-22"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a03: what did the plenary of 22 May release, how many results were there, and who guided them?
    a03_plenary_released_working_group_results,
    r#"{ node(id: "event:cn-de-scc-plenary-2019") { ... on Event {
                   organizers { id } figures { measure value qualifier }
                   outcomes { node { id ... on Document { draftedBy { id } issued } }
                              relation { role count } } } } }"#,
    expect![[r#"
        {
          "node": {
            "figures": [{"measure": "results_released", "qualifier": "EXACT", "value": 3.0}],
            "organizers": [{"id": "agency:cn-de-standardization-cooperation-committee"}],
            "outcomes": [
              {
                "node": {
                  "draftedBy": [{"id": "agency:cesi"}, {"id": "tc:cn-de-im-i40-wg"}],
                  "id": "doc:equipment-lifecycle-management-use-cases",
                  "issued": "2019-05-22"
                },
                "relation": {"count": 3, "role": "released"}
              },
              {
                "node": {
                  "draftedBy": [{"id": "agency:cesi"}, {"id": "tc:cn-de-im-i40-wg"}],
                  "id": "doc:guide-application-cn-de-im-i40-wg",
                  "issued": "2019-05-22"
                },
                "relation": {"count": 3, "role": "released"}
              }
            ]
          }
        }"#]]
);

case!(
    /// a03: what did the eighth working group meeting discuss, and how many consensuses did it reach?
    a03_working_group_meeting_topics_and_consensuses,
    r#"{ node(id: "event:cn-de-im-i40-wg-8th-meeting") { ... on Event {
                   organizers { id } discussed { id } figures { measure value qualifier }
                   outcomes { node { id } relation { role count } } } } }"#,
    expect![[r#"
        {
          "node": {
            "discussed": [
              {"id": "doc:cn-de-im-i40-wg-research-reports"},
              {"id": "topic:ai"},
              {"id": "topic:cybersecurity"},
              {"id": "topic:digital-twins"},
              {"id": "topic:edge-computing"},
              {"id": "topic:functional-safety"},
              {"id": "topic:industrial-network"},
              {"id": "topic:intelligent-manufacturing"},
              {"id": "topic:predictive-maintenance"}
            ],
            "figures": [{"measure": "consensuses_reached", "qualifier": "EXACT", "value": 10.0}],
            "organizers": [{"id": "tc:cn-de-im-i40-wg"}],
            "outcomes": [
              {
                "node": {"id": "doc:cn-de-im-i40-wg-consensuses-2019"},
                "relation": {"count": 10, "role": "agreed"}
              }
            ]
          }
        }"#]]
);

case!(
    /// a03: who are the parties to the TC260-DIN/NIA MoU of February 2019, and what did it agree?
    a03_tc260_din_nia_mou_both_directions,
    r#"{ mous(filter: {signed: {from: "2019-02", to: "2019-02"}}) { edges { node {
                   id signed status parties { node { id } relation { date } }
                   outcomes { node { id } relation { role } } } } }
                 nia: agency(ref: "DIN/NIA") { id mous { id } parents { id } }
                 tc260: node(id: "tc:tc260") { ... on TechnicalCommittee { mous { id } } } }"#,
    expect![[r#"
        {
          "mous": {
            "edges": [
              {
                "node": {
                  "id": "mou:tc260-din-nia-2019",
                  "outcomes": [
                    {
                      "node": {"id": "doc:wp-identity-security-of-machine-communication"},
                      "relation": {"role": "agreed"}
                    },
                    {
                      "node": {"id": "doc:wp-security-of-ai-application-data"},
                      "relation": {"role": "agreed"}
                    }
                  ],
                  "parties": [
                    {"node": {"id": "agency:din-nia"}, "relation": {"date": "2019-02"}},
                    {"node": {"id": "tc:tc260"}, "relation": {"date": "2019-02"}}
                  ],
                  "signed": "2019-02",
                  "status": "SIGNED"
                }
              }
            ]
          },
          "nia": {
            "id": "agency:din-nia",
            "mous": [{"id": "mou:tc260-din-nia-2019"}],
            "parents": [{"id": "agency:din"}]
          },
          "tc260": {"mous": [{"id": "mou:tc260-din-nia-2019"}]}
        }"#]]
);

case!(
    /// a03: which articles say that TC260 works on cybersecurity (sources on a relation)?
    a03_tc260_cybersecurity_relation_cites_three_articles,
    r#"{ node(id: "tc:tc260") { name ... on TechnicalCommittee { code }
                   relations(kinds: [COVERS_TOPIC]) { edges { node { id } relation { sources { article } } } } } }"#,
    expect![[r#"
        {
          "node": {
            "code": "TC260",
            "name": "National Information Security Standardization Technical Committee",
            "relations": {
              "edges": [
                {
                  "node": {"id": "topic:cybersecurity"},
                  "relation": {"sources": [{"article": 13}, {"article": 16}, {"article": 3}]}
                }
              ]
            }
          }
        }"#]]
);

case!(
    /// a04: ETSI and CESI agreed to renew their MoU; the parties are reachable from the MoU and from ETSI.
    a04_etsi_cesi_mou_both_directions,
    r#"{ agency(ref: "ETSI") { mous { id parties { node { id } } } } }"#,
    expect![[r#"
        {
          "agency": {
            "mous": [
              {
                "id": "mou:etsi-cesi",
                "parties": [{"node": {"id": "agency:cesi"}}, {"node": {"id": "agency:etsi"}}]
              }
            ]
          }
        }"#]]
);

case!(
    /// a04: which MoU is awaiting renewal, who agreed to renew it, and at which event?
    a04_mou_renewal_agreed_during_the_etsi_visit,
    r#"{ mous(filter: {status: [RENEWAL_AGREED], party: "CESI"}) { edges { node {
                   id parties { node { id } relation { role } }
                   producedBy { node { id } relation { role date } } } } } }"#,
    expect![[r#"
        {
          "mous": {
            "edges": [
              {
                "node": {
                  "id": "mou:etsi-cesi",
                  "parties": [
                    {"node": {"id": "agency:cesi"}, "relation": {"role": "agreed to renew"}},
                    {"node": {"id": "agency:etsi"}, "relation": {"role": "agreed to renew"}}
                  ],
                  "producedBy": [
                    {
                      "node": {"id": "event:etsi-delegation-visit-beijing-2019"},
                      "relation": {"date": "2019-04", "role": "agreed"}
                    }
                  ]
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a04: who was in the ETSI delegation of 15 April, and which events did each person join?
    a04_etsi_delegation_participants_and_their_participations,
    r#"{ node(id: "event:etsi-delegation-visit-beijing-2019") { ... on Event {
                   start city organizers { id }
                   participants { node { id } relation { role inferred } } } }
                 people(filter: {affiliation: "ETSI"}) { edges { node {
                   id title leads { id }
                   participations { node { id } relation { role } } } } } }"#,
    expect![[r#"
        {
          "node": {
            "city": "Beijing",
            "organizers": [{"id": "agency:etsi"}],
            "participants": [
              {
                "node": {"id": "agency:cesi"},
                "relation": {"inferred": true, "role": "Chinese counterpart"}
              },
              {"node": {"id": "agency:etsi"}, "relation": {"inferred": false, "role": "delegation"}},
              {
                "node": {"id": "agency:sesec"},
                "relation": {"inferred": false, "role": "supporting team"}
              },
              {
                "node": {"id": "person:luis-jorge-romero"},
                "relation": {"inferred": false, "role": "delegation (Director General)"}
              },
              {
                "node": {"id": "person:margot-dor"},
                "relation": {"inferred": false, "role": "delegation (Director of Strategy & Development)"}
              }
            ],
            "start": "2019-04-15"
          },
          "people": {
            "edges": [
              {
                "node": {
                  "id": "person:luis-jorge-romero",
                  "leads": [{"id": "agency:etsi"}],
                  "participations": [
                    {
                      "node": {"id": "event:etsi-delegation-visit-beijing-2019"},
                      "relation": {"role": "delegation (Director General)"}
                    }
                  ],
                  "title": "Director General"
                }
              },
              {
                "node": {
                  "id": "person:margot-dor",
                  "leads": [],
                  "participations": [
                    {
                      "node": {"id": "event:etsi-delegation-visit-beijing-2019"},
                      "relation": {"role": "delegation (Director of Strategy & Development)"}
                    }
                  ],
                  "title": "Director of Strategy & Development"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a04: which events were going on in Beijing on 16 April 2019, and which did CESI attend?
    a04_events_in_beijing_on_16_april_2019,
    r#"{ beijing: events(filter: {city: "Beijing", date: {from: "2019-04-16", to: "2019-04-16"}}) {
                   edges { node { id start end } } }
                 cesi: events(filter: {attendedBy: "CESI"}) { edges { node { id } } } }"#,
    expect![[r#"
        {
          "beijing": {
            "edges": [
              {
                "node": {"end": "2019-04-17", "id": "event:ccsa-tc1-33rd-meeting", "start": "2019-04-16"}
              },
              {
                "node": {
                  "end": "2019-04-21",
                  "id": "event:etsi-delegation-visit-beijing-2019",
                  "start": "2019-04-15"
                }
              }
            ]
          },
          "cesi": {
            "edges": [
              {"node": {"id": "event:big-data-standardization-forum-2019"}},
              {"node": {"id": "event:etsi-delegation-visit-beijing-2019"}}
            ]
          }
        }"#]]
);

case!(
    /// a05: at which events did Dr. Betty Xu speak, and which SDO hosted each?
    a05_betty_xu_spoke_at_three_hosted_stakeholder_events,
    r#"{ people(filter: {nameContains: "Betty XU"}) { edges { node {
                   id participations { node { id ... on Event { hosts { id } } } relation { role } } } } } }"#,
    expect![[r#"
        {
          "people": {
            "edges": [
              {
                "node": {
                  "id": "person:betty-xu",
                  "participations": [
                    {
                      "node": {"hosts": [], "id": "event:sesec-stakeholder-events-2019"},
                      "relation": {"role": "speaker"}
                    },
                    {
                      "node": {
                        "hosts": [{"id": "agency:afnor"}],
                        "id": "event:sesec-stakeholder-event-afnor-2019"
                      },
                      "relation": {"role": "speaker"}
                    },
                    {
                      "node": {
                        "hosts": [{"id": "agency:austrian-standards"}],
                        "id": "event:sesec-stakeholder-event-austrian-standards-2019"
                      },
                      "relation": {"role": "speaker"}
                    },
                    {
                      "node": {
                        "hosts": [{"id": "agency:sis"}],
                        "id": "event:sesec-stakeholder-event-sis-2019"
                      },
                      "relation": {"role": "speaker"}
                    }
                  ]
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a05: how many people attended each of the three stakeholder events, and when and where?
    a05_stakeholder_event_attendance_figures,
    r#"{ series: node(id: "event:sesec-stakeholder-events-2019") { ... on Event {
                   start end figures { measure value qualifier } } }
                 events(filter: {relatedTo: "event:sesec-stakeholder-events-2019", kind: [STAKEHOLDER_EVENT]}) {
                   edges { node { id start city country figures { measure value qualifier }
                     participants { node { id } relation { role } } } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {
                "node": {
                  "city": "Paris",
                  "country": "FR",
                  "figures": [{"measure": "attendees", "qualifier": "ABOUT", "value": 30.0}],
                  "id": "event:sesec-stakeholder-event-afnor-2019",
                  "participants": [{"node": {"id": "person:betty-xu"}, "relation": {"role": "speaker"}}],
                  "start": "2019-05-06"
                }
              },
              {
                "node": {
                  "city": null,
                  "country": "AT",
                  "figures": [{"measure": "participants", "qualifier": "EXACT", "value": 50.0}],
                  "id": "event:sesec-stakeholder-event-austrian-standards-2019",
                  "participants": [{"node": {"id": "person:betty-xu"}, "relation": {"role": "speaker"}}],
                  "start": "2019-05-02"
                }
              },
              {
                "node": {
                  "city": null,
                  "country": "SE",
                  "figures": [{"measure": "attendees", "qualifier": "ABOUT", "value": 20.0}],
                  "id": "event:sesec-stakeholder-event-sis-2019",
                  "participants": [
                    {"node": {"id": "agency:ikea"}, "relation": {"role": "stakeholder"}},
                    {"node": {"id": "person:betty-xu"}, "relation": {"role": "speaker"}}
                  ],
                  "start": "2019"
                }
              }
            ]
          },
          "series": {
            "end": "2019-05-07",
            "figures": [{"measure": "stakeholder_events", "qualifier": "EXACT", "value": 3.0}],
            "start": "2019-04-26"
          }
        }"#]]
);

// ---------------------------------------------------------------------------------------------------
// IoT (articles 6-8)
// ---------------------------------------------------------------------------------------------------

case!(
    /// a06: who published the 2019 ICV key points, and which documents do they implement?
    a06_tc114_key_points_and_what_they_implement,
    r#"{ node(id: "doc:icv-standardization-key-points-2019") { ... on Document {
                   docKind issuedBy { id }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role note } } }
                   references { node { id } relation { role } } } }
                 tc114: technicalCommittees(filter: {nameContains: "TC114"}) { edges { node {
                   id code name issued { id } } } } }"#,
    expect![[r#"
        {
          "node": {
            "docKind": "KEY_POINTS",
            "issuedBy": [{"id": "tc:tc114"}],
            "references": [
              {
                "node": {"id": "doc:c-v2x-standard-cooperation-framework-agreement"},
                "relation": {"role": "implements"}
              },
              {
                "node": {"id": "doc:guidelines-national-standard-system-iov"},
                "relation": {"role": "implements"}
              }
            ],
            "relations": {
              "edges": [
                {
                  "node": {"id": "tc:tc114"},
                  "relation": {"note": "Published under the guidance of MIIT.", "role": "publisher"}
                }
              ]
            }
          },
          "tc114": {
            "edges": [
              {
                "node": {
                  "code": "TC114",
                  "id": "tc:tc114",
                  "issued": [{"id": "doc:icv-standardization-key-points-2019"}],
                  "name": "National Automobile Standard Committee"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a06: which documents are about intelligent connected vehicles (asked as "ICV")?
    a06_documents_on_icv_topic_include_sub_topics,
    r#"{ documents(filter: {topic: "ICV"}) { edges { node { id } } }
                 topics(filter: {parent: "topic:intelligent-connected-vehicles"}) { edges { node { id parent { id } } } } }"#,
    expect![[r#"
        {
          "documents": {
            "edges": [
              {"node": {"id": "doc:guidelines-national-standard-system-iov"}},
              {"node": {"id": "doc:icv-standardization-key-points-2019"}}
            ]
          },
          "topics": {
            "edges": [
              {
                "node": {"id": "topic:adas", "parent": {"id": "topic:intelligent-connected-vehicles"}}
              },
              {
                "node": {
                  "id": "topic:automated-driving",
                  "parent": {"id": "topic:intelligent-connected-vehicles"}
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a07: who spoke at CCSA TC5's Internet of Vehicles seminar, and what did Geely take part in?
    a07_iov_seminar_speakers_both_directions,
    r#"{ events(filter: {organizedBy: "CCSA TC5"}) { edges { node { id } } }
                 node(id: "event:ccsa-tc5-iov-seminar-2019") { ... on Event {
                   organizers { id } discussed { id }
                   participants { node { id } relation { role } } } }
                 geely: agency(ref: "Geely") { category participations { node { id } relation { role } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {"node": {"id": "event:ccsa-tc5-48th-meeting"}},
              {"node": {"id": "event:ccsa-tc5-iov-seminar-2019"}}
            ]
          },
          "geely": {
            "category": "COMPANY",
            "participations": [
              {
                "node": {"id": "event:ccsa-tc5-iov-seminar-2019"},
                "relation": {"role": "speaker (self-driving cars)"}
              }
            ]
          },
          "node": {
            "discussed": [
              {"id": "std:5g-v2x-series"},
              {"id": "std:lte-v2x-series"},
              {"id": "topic:automated-driving"},
              {"id": "topic:internet-of-vehicles"},
              {"id": "topic:vehicle-road-collaboration"}
            ],
            "organizers": [{"id": "tc:ccsa-tc5"}],
            "participants": [
              {"node": {"id": "agency:geely"}, "relation": {"role": "speaker (self-driving cars)"}},
              {
                "node": {"id": "agency:mot"},
                "relation": {"role": "speaker (vehicle-road collaboration standardization)"}
              },
              {
                "node": {"id": "agency:mps"},
                "relation": {"role": "speaker (vehicle-road collaboration standardization)"}
              }
            ]
          }
        }"#]]
);

case!(
    /// a07: which standards concern the Internet of Vehicles (V2X included); which does CCSA draft?
    a07_iov_standards_by_topic_and_drafter,
    r#"{ all: standards(filter: {topic: "Internet of Vehicles"}) { edges { node { id } } }
                 ccsa: standards(filter: {topic: "IoV", draftedBy: "CCSA"}) { edges { node { id
                   relations(kinds: [DRAFTED_BY]) { edges { node { id } relation { role } } } } } }
                 v2x: topics(filter: {nameContains: "V2X"}) { edges { node { id parent { id parent { id } } } } } }"#,
    expect![[r#"
        {
          "all": {
            "edges": [
              {"node": {"id": "std:5g-v2x-series"}},
              {"node": {"id": "std:lte-v2x-series"}},
              {
                "node": {
                  "id": "std:wireless-communication-technology-of-iov-based-on-lte-technical-requirements-of-core-network-equipment"
                }
              }
            ]
          },
          "ccsa": {
            "edges": [
              {
                "node": {
                  "id": "std:5g-v2x-series",
                  "relations": {
                    "edges": [{"node": {"id": "agency:ccsa"}, "relation": {"role": "planned developer"}}]
                  }
                }
              },
              {
                "node": {
                  "id": "std:lte-v2x-series",
                  "relations": {
                    "edges": [
                      {
                        "node": {"id": "agency:ccsa"},
                        "relation": {"role": "organizes and promotes the drafting"}
                      }
                    ]
                  }
                }
              }
            ]
          },
          "v2x": {
            "edges": [
              {
                "node": {
                  "id": "topic:v2x",
                  "parent": {"id": "topic:internet-of-vehicles", "parent": {"id": "topic:iot"}}
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a08: who released the energy internet guidelines on 15 May, and what are their targets?
    a08_energy_internet_guidelines_issuers_and_targets,
    r#"{ documents(filter: {issued: {from: "2019-05-15", to: "2019-05-15"}}) { edges { node { id issued } } }
                 node(id: "doc:energy-internet-standardization-guidelines") { ... on Document {
                   figures { measure value qualifier }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role date } } }
                   references { node { id } relation { role } } } }
                 nea: agency(ref: "NEA") { name issued { id } } }"#,
    expect![[r#"
        {
          "documents": {
            "edges": [
              {
                "node": {"id": "doc:energy-internet-standardization-guidelines", "issued": "2019-05-15"}
              }
            ]
          },
          "nea": {
            "issued": [{"id": "doc:energy-internet-standardization-guidelines"}],
            "name": "National Energy Administration"
          },
          "node": {
            "figures": [
              {
                "measure": "basic_and_general_standards_target_2020",
                "qualifier": "MORE_THAN",
                "value": 30.0
              },
              {
                "measure": "energy_internet_standards_target_2025",
                "qualifier": "MORE_THAN",
                "value": 50.0
              }
            ],
            "references": [
              {
                "node": {"id": "doc:energy-internet-standard-system-framework"},
                "relation": {"role": "sets the goal to complete by 2020"}
              },
              {
                "node": {"id": "doc:energy-internet-standardization-roadmap"},
                "relation": {"role": "sets the goal to complete by 2020"}
              }
            ],
            "relations": {
              "edges": [
                {
                  "node": {"id": "agency:nea"},
                  "relation": {"date": "2019-05-15", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:sac"},
                  "relation": {"date": "2019-05-15", "role": "joint issuer"}
                }
              ]
            }
          }
        }"#]]
);

// ---------------------------------------------------------------------------------------------------
// AI (articles 9-11)
// ---------------------------------------------------------------------------------------------------

case!(
    /// a09: when and by whom was AIGWG set up, and what has SAMR established?
    a09_aigwg_established_by_samr_both_directions,
    r#"{ technicalCommittees(filter: {nameContains: "AIGWG"}) { edges { node {
                   id name level established establishedBy { id }
                   relations(kinds: [ESTABLISHED_BY]) { edges { node { id } relation { date } } } } } }
                 samr: agency(ref: "State Administration of Market Supervision and Administration") {
                   id established { id } } }"#,
    expect![[r#"
        {
          "samr": {"established": [{"id": "tc:aigwg"}], "id": "agency:samr"},
          "technicalCommittees": {
            "edges": [
              {
                "node": {
                  "established": "2018-01",
                  "establishedBy": [{"id": "agency:samr"}],
                  "id": "tc:aigwg",
                  "level": "WG",
                  "name": "AI Standardization General Working Group",
                  "relations": {"edges": [{"node": {"id": "agency:samr"}, "relation": {"date": "2018-01"}}]}
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a09: what did the AIGWG group leaders discuss on 19 March, and what will the plenary release?
    a09_group_leaders_meeting_and_second_plenary,
    r#"{ events(filter: {organizedBy: "AIGWG"}) { edges { node {
                   id start city discussed { id } outcomes { node { id } relation { role } } } } }
                 node(id: "doc:ai-ethics-and-social-impact-research") { ... on Document {
                   discussedAt { id } topics { id } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {
                "node": {
                  "city": "Beijing",
                  "discussed": [
                    {"id": "doc:ai-ethics-and-social-impact-research"},
                    {"id": "doc:ai-standardization-and-open-source-study"},
                    {"id": "doc:aigwg-work-plan-2019"},
                    {"id": "doc:aigwg-work-summary-2018"},
                    {"id": "doc:guidelines-national-new-generation-ai-standards-system"},
                    {"id": "std:ai-national-standards-project-proposal-2019"}
                  ],
                  "id": "event:aigwg-first-group-leaders-meeting-2019",
                  "outcomes": [],
                  "start": "2019-03-19"
                }
              },
              {
                "node": {
                  "city": null,
                  "discussed": [],
                  "id": "event:aigwg-second-plenary-2019",
                  "outcomes": [
                    {
                      "node": {"id": "doc:ai-ethics-and-social-impact-research"},
                      "relation": {"role": "released"}
                    },
                    {
                      "node": {"id": "doc:ai-standardization-and-open-source-study"},
                      "relation": {"role": "released"}
                    }
                  ],
                  "start": "2019"
                }
              }
            ]
          },
          "node": {
            "discussedAt": [{"id": "event:aigwg-first-group-leaders-meeting-2019"}],
            "topics": [{"id": "topic:ai-ethics"}]
          }
        }"#]]
);

case!(
    /// a09: which events took place in March 2019, and which AIGWG events are dated only by year?
    a09_events_in_march_2019,
    r#"{ march: events(filter: {date: {from: "2019-03", to: "2019-03"}}) { edges { node { id start city } } }
                 year: events(filter: {organizedBy: "AIGWG", date: {from: "2019", to: "2019"}}) {
                   edges { node { id start } } } }"#,
    expect![[r#"
        {
          "march": {
            "edges": [
              {
                "node": {
                  "city": "Beijing",
                  "id": "event:aigwg-first-group-leaders-meeting-2019",
                  "start": "2019-03-19"
                }
              }
            ]
          },
          "year": {
            "edges": [
              {
                "node": {"id": "event:aigwg-first-group-leaders-meeting-2019", "start": "2019-03-19"}
              },
              {"node": {"id": "event:aigwg-second-plenary-2019", "start": "2019"}}
            ]
          }
        }"#]]
);

case!(
    /// a10: which standards is CESI the manager of, asked from the standards and from CESI?
    a10_standards_cesi_manages_both_directions,
    r#"{ standards(filter: {managedBy: "CESI"}) { edges { node { id managedBy { id } } } }
                 agency(ref: "CESI") { manages { id } } }"#,
    expect![[r#"
        {
          "agency": {
            "manages": [
              {
                "id": "std:audio-and-video-information-technology-and-communication-technology-equipment-part-1-safety-requirements"
              },
              {"id": "std:gb-4943.1-2011"},
              {
                "id": "std:general-specifications-for-lithium-ion-batteries-and-battery-packs-of-service-robots"
              },
              {
                "id": "std:safety-requirements-for-lithium-ion-batteries-and-batteries-of-service-robots"
              }
            ]
          },
          "standards": {
            "edges": [
              {"node": {"id": "std:gb-4943.1-2011", "managedBy": [{"id": "agency:cesi"}]}},
              {
                "node": {
                  "id": "std:audio-and-video-information-technology-and-communication-technology-equipment-part-1-safety-requirements",
                  "managedBy": [{"id": "agency:cesi"}]
                }
              },
              {
                "node": {
                  "id": "std:general-specifications-for-lithium-ion-batteries-and-battery-packs-of-service-robots",
                  "managedBy": [{"id": "agency:cesi"}]
                }
              },
              {
                "node": {
                  "id": "std:safety-requirements-for-lithium-ion-batteries-and-batteries-of-service-robots",
                  "managedBy": [{"id": "agency:cesi"}]
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a10: which standards build on GB 4943.1, and which standard corresponds to IEC 62368-1?
    a10_gb_4943_1_and_iec_62368_1_correspondence,
    r#"{ gb: standard(code: "GB 4943.1") { id type title
                   referencedBy { node { id } relation { role } } }
                 iec: standard(code: "IEC 62368-1") { id type level
                   correspondsTo { direction node { id ... on Standard { managedBy { id } } } relation { degree } } } }"#,
    expect![[r#"
        {
          "gb": {
            "id": "std:gb-4943.1-2011",
            "referencedBy": [
              {
                "node": {"id": "std:electrical-safety-testing-method-for-service-robots"},
                "relation": {"role": "drafted with consideration of"}
              },
              {
                "node": {"id": "std:mechanical-safety-assessment-and-testing-method-for-service-robots"},
                "relation": {"role": "drafted with consideration of"}
              }
            ],
            "title": "Information technology equipment security Part 1: general requirements",
            "type": "NATIONAL_MANDATORY"
          },
          "iec": {
            "correspondsTo": [
              {
                "direction": "INCOMING",
                "node": {
                  "id": "std:audio-and-video-information-technology-and-communication-technology-equipment-part-1-safety-requirements",
                  "managedBy": [{"id": "agency:cesi"}]
                },
                "relation": {"degree": null}
              }
            ],
            "id": "std:iec-62368-1",
            "level": "INTERNATIONAL",
            "type": "INTERNATIONAL"
          }
        }"#]]
);

case!(
    /// a10: what did the robot standardization group's first meeting launch, and who organized it?
    a10_robot_group_meeting_launched_two_standards,
    r#"{ events(filter: {city: "Shanghai"}) { edges { node {
                   id start organizers { id } figures { measure value qualifier }
                   participants { node { id } relation { role } }
                   outcomes { node { id ... on Standard { proposed draftedBy { id } } } relation { role count } } } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {
                "node": {
                  "figures": [{"measure": "standards_launched", "qualifier": "EXACT", "value": 2.0}],
                  "id": "event:national-robot-standardization-group-first-meeting-2019",
                  "organizers": [{"id": "agency:ieas"}],
                  "outcomes": [
                    {
                      "node": {
                        "draftedBy": [{"id": "agency:cesi"}],
                        "id": "std:electrical-safety-testing-method-for-service-robots",
                        "proposed": "2019-05-25"
                      },
                      "relation": {"count": 2, "role": "launched"}
                    },
                    {
                      "node": {
                        "draftedBy": [{"id": "agency:cesi"}],
                        "id": "std:mechanical-safety-assessment-and-testing-method-for-service-robots",
                        "proposed": "2019-05-25"
                      },
                      "relation": {"count": 2, "role": "launched"}
                    }
                  ],
                  "participants": [
                    {
                      "node": {"id": "tc:national-robot-standardization-group"},
                      "relation": {"role": "convening group"}
                    }
                  ],
                  "start": "2019-05-25"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a11: what did the 33rd CCSA TC1 meeting adopt or publish, and how large was each batch?
    a11_tc1_meeting_outcomes_with_batch_counts,
    r#"{ node(id: "event:ccsa-tc1-33rd-meeting") { ... on Event {
                   start end city organizers { id } figures { measure value qualifier }
                   outcomes { node { id } relation { role count } } } } }"#,
    expect![[r#"
        {
          "node": {
            "city": "Beijing",
            "end": "2019-04-17",
            "figures": [
              {
                "measure": "association_standard_proposals_adopted",
                "qualifier": "EXACT",
                "value": 1.0
              },
              {"measure": "industry_standard_drafts_published", "qualifier": "EXACT", "value": 4.0},
              {
                "measure": "industry_standard_project_proposals_adopted",
                "qualifier": "EXACT",
                "value": 23.0
              },
              {
                "measure": "national_standard_project_proposals_adopted",
                "qualifier": "EXACT",
                "value": 1.0
              },
              {"measure": "proposals_adopted", "qualifier": "EXACT", "value": 27.0},
              {"measure": "standards_research_projects_adopted", "qualifier": "EXACT", "value": 2.0}
            ],
            "organizers": [{"id": "tc:ccsa-tc1"}],
            "outcomes": [
              {
                "node": {
                  "id": "doc:research-on-key-standardization-direction-of-intelligent-integration-with-real-economy"
                },
                "relation": {"count": 2, "role": "adopted"}
              },
              {
                "node": {
                  "id": "std:evaluation-standards-of-intelligent-image-recognition-algorithm-and-tests-based-on-public-communication-networks-face-recognition"
                },
                "relation": {"count": 4, "role": "released"}
              },
              {
                "node": {"id": "std:function-and-performance-evaluation-methods-of-deep-learning-platform"},
                "relation": {"count": 4, "role": "released"}
              },
              {
                "node": {
                  "id": "std:general-technical-requirements-for-evaluation-standards-of-intelligent-image-recognition-algorithms-and-test-based-on-public-communication-networks"
                },
                "relation": {"count": 4, "role": "released"}
              },
              {
                "node": {
                  "id": "std:index-requirements-and-evaluation-methods-for-content-detection-service-systems-based-on-image-recognition"
                },
                "relation": {"count": 23, "role": "adopted"}
              },
              {
                "node": {
                  "id": "std:requirements-for-block-chain-application-technology-supply-chain-finance"
                },
                "relation": {"count": 23, "role": "adopted"}
              },
              {
                "node": {
                  "id": "std:requirements-for-content-distribution-network-technology-content-center"
                },
                "relation": {"count": 4, "role": "released"}
              },
              {
                "node": {
                  "id": "std:solutions-for-cloud-computing-security-problem-part-one-situation-awareness-platform"
                },
                "relation": {"count": 23, "role": "adopted"}
              },
              {
                "node": {
                  "id": "std:technical-requirements-and-test-specifications-for-data-center-infrastructure-efficiency"
                },
                "relation": {"count": 23, "role": "adopted"}
              },
              {
                "node": {"id": "std:technical-requirements-for-distributed-block-storage"},
                "relation": {"count": 1, "role": "adopted"}
              },
              {
                "node": {
                  "id": "std:trusted-financial-cloud-services-internet-finance-solution-evaluation-method"
                },
                "relation": {"count": 1, "role": "adopted"}
              }
            ],
            "start": "2019-04-16"
          }
        }"#]]
);

case!(
    /// a11: which article 11 standards are about AI, and which standards are association ones?
    a11_ai_standards_by_topic_and_association_level,
    r#"{ ai: standards(filter: {topic: "AI", source: "src:sesec-2019-a11"}) { totalCount edges { node { id level } } }
                 association: standards(filter: {level: [ASSOCIATION]}) { edges { node { id } } } }"#,
    expect![[r#"
        {
          "ai": {
            "edges": [
              {
                "node": {
                  "id": "std:evaluation-standards-of-intelligent-image-recognition-algorithm-and-tests-based-on-public-communication-networks-face-recognition",
                  "level": "INDUSTRY"
                }
              },
              {
                "node": {
                  "id": "std:function-and-performance-evaluation-methods-of-deep-learning-platform",
                  "level": "INDUSTRY"
                }
              },
              {
                "node": {
                  "id": "std:general-technical-requirements-for-evaluation-standards-of-intelligent-image-recognition-algorithms-and-test-based-on-public-communication-networks",
                  "level": "INDUSTRY"
                }
              },
              {
                "node": {
                  "id": "std:index-requirements-and-evaluation-methods-for-content-detection-service-systems-based-on-image-recognition",
                  "level": "INDUSTRY"
                }
              }
            ],
            "totalCount": 4
          },
          "association": {
            "edges": [
              {"node": {"id": "std:measurement-of-smart-home-evaluation-indicators"}},
              {"node": {"id": "std:smart-home-evaluation-indicator-system"}},
              {
                "node": {
                  "id": "std:trusted-financial-cloud-services-internet-finance-solution-evaluation-method"
                }
              }
            ]
          }
        }"#]]
);

// ---------------------------------------------------------------------------------------------------
// 5G (article 12)
// ---------------------------------------------------------------------------------------------------

case!(
    /// a12: what happened at CCSA TC5's 48th meeting in Wuxi: the batch sizes and the approved 5G plan.
    a12_tc5_meeting_in_wuxi_figures_and_plan,
    r#"{ events(filter: {city: "Wuxi"}) { edges { node {
                   id start end organizers { id } figures { measure value qualifier }
                   outcomes { node { id ... on Document { issuedBy { id } } } relation { role count } } } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {
                "node": {
                  "end": "2019-04-18",
                  "figures": [
                    {
                      "measure": "communication_standards_project_proposals_passed",
                      "qualifier": "EXACT",
                      "value": 11.0
                    },
                    {
                      "measure": "communications_industry_standards_drafts_passed",
                      "qualifier": "EXACT",
                      "value": 9.0
                    },
                    {
                      "measure": "national_standards_proposals_among_5g_proposals",
                      "qualifier": "EXACT",
                      "value": 5.0
                    },
                    {
                      "measure": "proposals_5g_standards_projects_passed",
                      "qualifier": "EXACT",
                      "value": 11.0
                    },
                    {
                      "measure": "standards_research_projects_launched",
                      "qualifier": "EXACT",
                      "value": 11.0
                    }
                  ],
                  "id": "event:ccsa-tc5-48th-meeting",
                  "organizers": [{"id": "tc:ccsa-tc5"}],
                  "outcomes": [
                    {
                      "node": {
                        "id": "doc:5g-multi-mode-dual-card-dual-standby-terminal-research",
                        "issuedBy": []
                      },
                      "relation": {"count": 11, "role": "launched"}
                    },
                    {
                      "node": {
                        "id": "doc:ccsa-tc5-5g-series-standards-development-plan",
                        "issuedBy": [{"id": "tc:ccsa-tc5"}]
                      },
                      "relation": {"count": null, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "doc:enhancement-technology-research-for-multi-access-edge-computing-oriented-5g-core-networks",
                        "issuedBy": []
                      },
                      "relation": {"count": 11, "role": "launched"}
                    },
                    {
                      "node": {
                        "id": "doc:research-for-security-methodology-and-security-requirements-of-mobile-communication-virtualization-network-equipment",
                        "issuedBy": []
                      },
                      "relation": {"count": 11, "role": "launched"}
                    },
                    {
                      "node": {
                        "id": "doc:research-on-solutions-for-non-credit-wireless-local-area-network-accessing-epc",
                        "issuedBy": []
                      },
                      "relation": {"count": null, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:requirements-for-5g-mobile-communication-network-equipment-safety"
                      },
                      "relation": {"count": null, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:requirements-for-electromagnetic-environmental-protection-of-satellite-tracking-stations"
                      },
                      "relation": {"count": 9, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:security-requirements-for-5g-mobile-communication-network-equipment-base-station-equipment"
                      },
                      "relation": {"count": 11, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:technical-requirements-and-test-methods-for-service-interfaces-5g-mobile-communication-network-first-stage"
                      },
                      "relation": {"count": 11, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:technical-requirements-for-5g-multi-mode-single-card-terminal-equipment"
                      },
                      "relation": {"count": 11, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:technical-requirements-for-communication-security-in-5g-mobile-communication-network"
                      },
                      "relation": {"count": 1, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:technical-requirements-for-non-handheld-terminals-of-tiantong-1-satellite-mobile-communication-system"
                      },
                      "relation": {"count": 11, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:technical-security-requirements-for-5g-mobile-communication-network"
                      },
                      "relation": {"count": 11, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:test-method-of-mobile-broadband-service-communication-quality-in-digital-cellular-mobile-communication-networks"
                      },
                      "relation": {"count": null, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:test-methods-for-home-base-station-gateway-equipment-of-td-lte-digital-cellular-mobile-communication-networks"
                      },
                      "relation": {"count": 9, "role": "approved"}
                    },
                    {
                      "node": {
                        "id": "std:wireless-communication-technology-of-iov-based-on-lte-technical-requirements-of-core-network-equipment"
                      },
                      "relation": {"count": 9, "role": "approved"}
                    }
                  ],
                  "start": "2019-04-16"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a12: which national standard proposals are about 5G (the 5G Security sub-topic included)?
    a12_national_5g_proposals_via_sub_topic,
    r#"{ g5: standards(filter: {topic: "5G", level: [NATIONAL], status: [PROPOSAL]}) { edges { node { id proposed } } }
                 security: standards(filter: {topic: "5G Security", level: [NATIONAL]}) { edges { node { id } } }
                 sub: topics(filter: {parent: "5G"}) { edges { node { id } } } }"#,
    expect![[r#"
        {
          "g5": {
            "edges": [
              {
                "node": {
                  "id": "std:requirements-for-5g-mobile-communication-network-equipment-safety",
                  "proposed": "2019-04"
                }
              },
              {
                "node": {
                  "id": "std:security-requirements-for-5g-mobile-communication-network-equipment-base-station-equipment",
                  "proposed": "2019-04"
                }
              },
              {
                "node": {
                  "id": "std:technical-requirements-for-communication-security-in-5g-mobile-communication-network",
                  "proposed": "2019-04"
                }
              },
              {
                "node": {
                  "id": "std:technical-security-requirements-for-5g-mobile-communication-network",
                  "proposed": "2019-04"
                }
              }
            ]
          },
          "security": {
            "edges": [
              {
                "node": {"id": "std:requirements-for-5g-mobile-communication-network-equipment-safety"}
              },
              {
                "node": {
                  "id": "std:security-requirements-for-5g-mobile-communication-network-equipment-base-station-equipment"
                }
              },
              {
                "node": {
                  "id": "std:technical-requirements-for-communication-security-in-5g-mobile-communication-network"
                }
              },
              {
                "node": {"id": "std:technical-security-requirements-for-5g-mobile-communication-network"}
              }
            ]
          },
          "sub": {
            "edges": [{"node": {"id": "topic:5g-security"}}, {"node": {"id": "topic:mobile-communication"}}]
          }
        }"#]]
);

// ---------------------------------------------------------------------------------------------------
// Cybersecurity (articles 13-16)
// ---------------------------------------------------------------------------------------------------

case!(
    /// a13: documents whose comment deadline falls in June 2019, and the twelve joint issuers of one.
    a13_comment_deadlines_in_june_2019,
    r#"{ documents(filter: {commentDeadline: {from: "2019-06", to: "2019-06"}}) {
            edges { node { id commentDeadline issuedBy { id } } } } }"#,
    expect![[r#"
        {
          "documents": {
            "edges": [
              {
                "node": {
                  "commentDeadline": "2019-06-19",
                  "id": "doc:administrative-measures-for-data-security-draft-2019",
                  "issuedBy": [{"id": "agency:cac"}]
                }
              },
              {
                "node": {
                  "commentDeadline": "2019-06-18",
                  "id": "doc:measures-for-cybersecurity-review-draft-2019",
                  "issuedBy": [
                    {"id": "agency:cac"},
                    {"id": "agency:miit"},
                    {"id": "agency:mof"},
                    {"id": "agency:mofcom"},
                    {"id": "agency:mps"},
                    {"id": "agency:mss"},
                    {"id": "agency:nassp"},
                    {"id": "agency:ndrc"},
                    {"id": "agency:oscca"},
                    {"id": "agency:pboc"},
                    {"id": "agency:samr"},
                    {"id": "agency:sart"}
                  ]
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a13: who are the twelve issuers of the draft Measures for Cybersecurity Review, and who led?
    a13_cybersecurity_review_twelve_issuers,
    r#"{ node(id: "doc:measures-for-cybersecurity-review-draft-2019") { ... on Document {
                   issued commentDeadline figures { measure value qualifier } issuedBy { id }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role date } } }
                   referencedBy { node { id ... on Document { url issuedBy { id } } } relation { role } } } } }"#,
    expect![[r#"
        {
          "node": {
            "commentDeadline": "2019-06-18",
            "figures": [{"measure": "joint_issuers", "qualifier": "EXACT", "value": 12.0}],
            "issued": "2019-05-21",
            "issuedBy": [
              {"id": "agency:cac"},
              {"id": "agency:miit"},
              {"id": "agency:mof"},
              {"id": "agency:mofcom"},
              {"id": "agency:mps"},
              {"id": "agency:mss"},
              {"id": "agency:nassp"},
              {"id": "agency:ndrc"},
              {"id": "agency:oscca"},
              {"id": "agency:pboc"},
              {"id": "agency:samr"},
              {"id": "agency:sart"}
            ],
            "referencedBy": [
              {
                "node": {
                  "id": "doc:measures-for-cybersecurity-review-tc260-translation",
                  "issuedBy": [{"id": "tc:tc260"}],
                  "url": "https://www.tc260.org.cn/front/postDetail.html?id=20190524130906&from=timeline"
                },
                "relation": {"role": "translation of"}
              }
            ],
            "relations": {
              "edges": [
                {
                  "node": {"id": "agency:cac"},
                  "relation": {"date": "2019-05-21", "role": "lead issuer"}
                },
                {
                  "node": {"id": "agency:miit"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:mof"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:mofcom"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:mps"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:mss"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:nassp"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:ndrc"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:oscca"},
                  "relation": {
                    "date": "2019-05-21",
                    "role": "joint issuer (as State Cryptography Administration)"
                  }
                },
                {
                  "node": {"id": "agency:pboc"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:samr"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                },
                {
                  "node": {"id": "agency:sart"},
                  "relation": {"date": "2019-05-21", "role": "joint issuer"}
                }
              ]
            }
          }
        }"#]]
);

case!(
    /// a13: what has CAC (looked up by its Chinese name) issued, and which draft is due on 19 June?
    a13_cac_drafts_and_the_data_security_deadline,
    r#"{ agency(ref: "国家互联网信息办公室") { id
                   relations(kinds: [ISSUED_BY], direction: INCOMING) { edges { node { id } relation { role date } } } }
                 documents(filter: {issuedBy: "CAC", commentDeadline: {from: "2019-06-19", to: "2019-06-19"}}) {
                   edges { node { id issued commentDeadline topics { id } } } } }"#,
    expect![[r#"
        {
          "agency": {
            "id": "agency:cac",
            "relations": {
              "edges": [
                {
                  "node": {"id": "doc:administrative-measures-for-data-security-draft-2019"},
                  "relation": {"date": "2019-05-28", "role": "issuer"}
                },
                {
                  "node": {"id": "doc:measures-for-cybersecurity-review-draft-2019"},
                  "relation": {"date": "2019-05-21", "role": "lead issuer"}
                }
              ]
            }
          },
          "documents": {
            "edges": [
              {
                "node": {
                  "commentDeadline": "2019-06-19",
                  "id": "doc:administrative-measures-for-data-security-draft-2019",
                  "issued": "2019-05-28",
                  "topics": [{"id": "topic:data-security"}]
                }
              }
            ]
          }
        }"#]]
);

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

case!(
    /// a14: which standards come into force on 2019-12-01, and who issued them.
    a14_standards_in_force_on_2019_12_01,
    r#"{ standards(filter: {inForce: {from: "2019-12-01", to: "2019-12-01"}}) {
            totalCount edges { node { id issuedBy { id } } } } }"#,
    expect![[r#"
        {
          "standards": {
            "edges": [
              {
                "node": {
                  "id": "std:gb-t-22239-2019",
                  "issuedBy": [{"id": "agency:sac"}, {"id": "agency:samr"}]
                }
              },
              {
                "node": {
                  "id": "std:gb-t-25070-2019",
                  "issuedBy": [{"id": "agency:sac"}, {"id": "agency:samr"}]
                }
              },
              {
                "node": {
                  "id": "std:gb-t-28448-2019",
                  "issuedBy": [{"id": "agency:sac"}, {"id": "agency:samr"}]
                }
              }
            ],
            "totalCount": 3
          }
        }"#]]
);

case!(
    /// a14: who issued GB/T 28448-2019, and what has SAC issued (the same relation from the other end)?
    a14_issued_by_samr_sac_both_directions,
    r#"{ standard(code: "GB/T 28448-2019") { id title published issuedBy { id }
                   relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role date } } } }
                 agency(ref: "SAC") { issued { id } } }"#,
    expect![[r#"
        {
          "agency": {
            "issued": [
              {"id": "doc:energy-internet-standardization-guidelines"},
              {"id": "doc:guidelines-integrated-standardization-system-industrial-internet"},
              {"id": "std:gb-t-22239-2019"},
              {"id": "std:gb-t-25070-2019"},
              {"id": "std:gb-t-28448-2019"}
            ]
          },
          "standard": {
            "id": "std:gb-t-28448-2019",
            "issuedBy": [{"id": "agency:sac"}, {"id": "agency:samr"}],
            "published": "2019-05-13",
            "relations": {
              "edges": [
                {
                  "node": {"id": "agency:sac"},
                  "relation": {"date": "2019-05-13", "role": "joint issuer (SAMR/SAC)"}
                },
                {
                  "node": {"id": "agency:samr"},
                  "relation": {"date": "2019-05-13", "role": "joint issuer (SAMR/SAC)"}
                }
              ]
            },
            "title": "Information security technology—Evaluation requirements for classified protection of cybersecurity"
          }
        }"#]]
);

case!(
    /// a14: which standards are in force just before and on 1 December 2019, and in which status?
    a14_in_force_on_either_side_of_1_december,
    r#"{ before: standards(filter: {inForceOn: "2019-11-30", topic: "Classified Protection"}) { edges { node { id } } }
                 after: standards(filter: {inForceOn: "2019-12-01", topic: "Classified Protection"}) { edges { node { id } } }
                 standard(code: "GB/T 22239-2019") {
                   april: statusAsOf(date: "2019-04-30") may: statusAsOf(date: "2019-05-13")
                   november: statusAsOf(date: "2019-11-30") december: statusAsOf(date: "2019-12-01") } }"#,
    expect![[r#"
        {
          "after": {
            "edges": [
              {"node": {"id": "std:gb-t-22239-2019"}},
              {"node": {"id": "std:gb-t-25070-2019"}},
              {"node": {"id": "std:gb-t-28448-2019"}}
            ]
          },
          "before": {"edges": [{"node": {"id": "std:gb-t-22239-2008"}}]},
          "standard": {"april": null, "december": "IN_FORCE", "may": "PUBLISHED", "november": "PUBLISHED"}
        }"#]]
);

case!(
    /// a14: which four Classified Protection 2.0 standards were published in 2018?
    a14_four_standards_published_in_2018,
    r#"{ standards(filter: {published: {from: "2018", to: "2018"}}) { edges { node {
                   id type referencedBy { node { id } relation { role } } } } } }"#,
    expect![[r#"
        {
          "standards": {
            "edges": [
              {
                "node": {
                  "id": "std:gb-t-28449-2018",
                  "referencedBy": [
                    {
                      "node": {"id": "doc:cybersecurity-classified-protection-system-v2"},
                      "relation": {"role": "V2.0 standard"}
                    }
                  ],
                  "type": "NATIONAL_RECOMMENDED"
                }
              },
              {
                "node": {
                  "id": "std:gb-t-36958-2018",
                  "referencedBy": [
                    {
                      "node": {"id": "doc:cybersecurity-classified-protection-system-v2"},
                      "relation": {"role": "V2.0 standard"}
                    }
                  ],
                  "type": "NATIONAL_RECOMMENDED"
                }
              },
              {
                "node": {
                  "id": "std:gb-t-36959-2018",
                  "referencedBy": [
                    {
                      "node": {"id": "doc:cybersecurity-classified-protection-system-v2"},
                      "relation": {"role": "V2.0 standard"}
                    }
                  ],
                  "type": "NATIONAL_RECOMMENDED"
                }
              },
              {
                "node": {
                  "id": "std:gb-t-37138-2018",
                  "referencedBy": [
                    {
                      "node": {"id": "doc:cybersecurity-classified-protection-system-v2"},
                      "relation": {"role": "V2.0 standard"}
                    }
                  ],
                  "type": "NATIONAL_RECOMMENDED"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a14: which editions of GB/T 22239 exist, and which one supersedes the other?
    a14_gb_t_22239_editions_and_supersession,
    r#"{ standard(code: "GB/T 22239") { id codeParts { prefix number year seriesKey }
                   editions { id } supersedes { id }
                   relations(kinds: [SUPERSEDES]) { edges { node { id } relation { date inferred sources { article } } } } }
                 old: standard(code: "GB/T 22239-2008") { supersededBy { id } } }"#,
    expect![[r#"
        {
          "old": {"supersededBy": [{"id": "std:gb-t-22239-2019"}]},
          "standard": {
            "codeParts": {"number": "22239", "prefix": "GB/T", "seriesKey": "GB/T22239", "year": 2019},
            "editions": [{"id": "std:gb-t-22239-2008"}, {"id": "std:gb-t-22239-2019"}],
            "id": "std:gb-t-22239-2019",
            "relations": {
              "edges": [
                {
                  "node": {"id": "std:gb-t-22239-2008"},
                  "relation": {
                    "date": "2019-12-01",
                    "inferred": true,
                    "sources": [{"article": 14}, {"article": 15}]
                  }
                }
              ]
            },
            "supersedes": [{"id": "std:gb-t-22239-2008"}]
          }
        }"#]]
);

case!(
    /// a14: who implemented the classified protection system V1.0 in 2007, and what does V2.0 rest on?
    a14_classified_protection_v1_and_v2,
    r#"{ v1: node(id: "doc:cybersecurity-classified-protection-system-v1") { ... on Document {
                   issued relations(kinds: [ISSUED_BY]) { edges { node { id } relation { role date } } } } }
                 v2: node(id: "doc:cybersecurity-classified-protection-system-v2") { ... on Document {
                   supersedes { id } references { node { id } relation { role } } } } }"#,
    expect![[r#"
        {
          "v1": {
            "issued": "2007",
            "relations": {
              "edges": [
                {
                  "node": {"id": "agency:mps"},
                  "relation": {"date": "2007", "role": "lead implementer"}
                },
                {
                  "node": {"id": "agency:nassp"},
                  "relation": {"date": "2007", "role": "joint implementer"}
                },
                {
                  "node": {"id": "agency:oscca"},
                  "relation": {
                    "date": "2007",
                    "role": "joint implementer (as State Cryptographic Administration)"
                  }
                }
              ]
            }
          },
          "v2": {
            "references": [
              {
                "node": {"id": "doc:regulations-on-classified-protection-of-cybersecurity-draft-2018"},
                "relation": {"role": "core regulation"}
              },
              {"node": {"id": "std:gb-t-22239-2019"}, "relation": {"role": "V2.0 standard"}},
              {"node": {"id": "std:gb-t-25070-2019"}, "relation": {"role": "V2.0 standard"}},
              {"node": {"id": "std:gb-t-28448-2019"}, "relation": {"role": "V2.0 standard"}},
              {"node": {"id": "std:gb-t-28449-2018"}, "relation": {"role": "V2.0 standard"}},
              {"node": {"id": "std:gb-t-36958-2018"}, "relation": {"role": "V2.0 standard"}},
              {"node": {"id": "std:gb-t-36959-2018"}, "relation": {"role": "V2.0 standard"}},
              {"node": {"id": "std:gb-t-37138-2018"}, "relation": {"role": "V2.0 standard"}}
            ],
            "supersedes": [{"id": "doc:cybersecurity-classified-protection-system-v1"}]
          }
        }"#]]
);

case!(
    /// a14: which GB/T and mandatory GB standards are named, and what is the 22239 relation by id?
    a14_standards_by_code_prefix_and_type_and_relation_by_id,
    r#"{ gbt: standards(filter: {prefix: "gbt"}) { totalCount edges { node { id type } } }
                 gb: standards(filter: {type: [NATIONAL_MANDATORY]}) { edges { node { id code } } }
                 relation(id: "std:gb-t-22239-2019|supersedes|std:gb-t-22239-2008") {
                   kind from { id } to { id } inferred sources { id } } }"#,
    expect![[r#"
        {
          "gb": {
            "edges": [
              {"node": {"code": "GB 4943.1-2011", "id": "std:gb-4943.1-2011"}},
              {
                "node": {
                  "code": null,
                  "id": "std:audio-and-video-information-technology-and-communication-technology-equipment-part-1-safety-requirements"
                }
              }
            ]
          },
          "gbt": {
            "edges": [
              {"node": {"id": "std:gb-t-22239-2008", "type": "NATIONAL_RECOMMENDED"}},
              {"node": {"id": "std:gb-t-22239-2019", "type": "NATIONAL_RECOMMENDED"}},
              {"node": {"id": "std:gb-t-25070-2019", "type": "NATIONAL_RECOMMENDED"}},
              {"node": {"id": "std:gb-t-28448-2019", "type": "NATIONAL_RECOMMENDED"}},
              {"node": {"id": "std:gb-t-28449-2018", "type": "NATIONAL_RECOMMENDED"}},
              {"node": {"id": "std:gb-t-35273-2017", "type": "NATIONAL_RECOMMENDED"}},
              {"node": {"id": "std:gb-t-36958-2018", "type": "NATIONAL_RECOMMENDED"}},
              {"node": {"id": "std:gb-t-36959-2018", "type": "NATIONAL_RECOMMENDED"}},
              {"node": {"id": "std:gb-t-37138-2018", "type": "NATIONAL_RECOMMENDED"}}
            ],
            "totalCount": 9
          },
          "relation": {
            "from": {"id": "std:gb-t-22239-2019"},
            "inferred": true,
            "kind": "SUPERSEDES",
            "sources": [{"id": "src:sesec-2019-a14"}, {"id": "src:sesec-2019-a15"}],
            "to": {"id": "std:gb-t-22239-2008"}
          }
        }"#]]
);

case!(
    /// a14: who held the press conference of 13 May (the text implies it), and what did it issue?
    a14_press_conference_inferred_organizers_and_outcomes,
    r#"{ events(filter: {kind: [PRESS_CONFERENCE]}) { edges { node { id start figures { measure value qualifier }
                   relations(kinds: [ORGANIZED_BY]) { edges { node { id } relation { inferred sources { article } } } }
                   outcomes { node { id } relation { role date count } } } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {
                "node": {
                  "figures": [{"measure": "standards_issued", "qualifier": "EXACT", "value": 3.0}],
                  "id": "event:national-standardization-press-conference-2019-05-13",
                  "outcomes": [
                    {
                      "node": {"id": "std:gb-t-22239-2019"},
                      "relation": {"count": 3, "date": "2019-05-13", "role": "issued"}
                    },
                    {
                      "node": {"id": "std:gb-t-25070-2019"},
                      "relation": {"count": 3, "date": "2019-05-13", "role": "issued"}
                    },
                    {
                      "node": {"id": "std:gb-t-28448-2019"},
                      "relation": {"count": 3, "date": "2019-05-13", "role": "issued"}
                    }
                  ],
                  "relations": {
                    "edges": [
                      {
                        "node": {"id": "agency:sac"},
                        "relation": {"inferred": true, "sources": [{"article": 14}]}
                      },
                      {
                        "node": {"id": "agency:samr"},
                        "relation": {"inferred": true, "sources": [{"article": 14}]}
                      }
                    ]
                  },
                  "start": "2019-05-13"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a15: who released the draft guide of 10 April, and which standards does it adopt?
    a15_personal_information_guide_issuers_and_adopted_standards,
    r#"{ documents(filter: {topic: "Personal Information Protection", issuedBy: "MPS/Cybersecurity Bureau"}) {
                   edges { node { id issued status issuedBy { id } references { node { id } relation { role } } } } }
                 standard(code: "GB/T 35273-2017") { title referencedBy { node { id } } }
                 mps: agency(ref: "公安部") { units { id } } }"#,
    expect![[r#"
        {
          "documents": {
            "edges": [
              {
                "node": {
                  "id": "doc:guide-on-internet-personal-information-protection-draft-2019",
                  "issued": "2019-04-10",
                  "issuedBy": [
                    {"id": "agency:beijing-network-industry-association"},
                    {"id": "agency:mps-cybersecurity-bureau"},
                    {"id": "agency:mps-third-research-institute"}
                  ],
                  "references": [
                    {"node": {"id": "std:gb-t-22239-2008"}, "relation": {"role": "adopts"}},
                    {"node": {"id": "std:gb-t-35273-2017"}, "relation": {"role": "adopts"}}
                  ],
                  "status": "DRAFT_FOR_COMMENTS"
                }
              }
            ]
          },
          "mps": {
            "units": [
              {"id": "agency:mps-cybersecurity-bureau"},
              {"id": "agency:mps-third-research-institute"}
            ]
          },
          "standard": {
            "referencedBy": [{"node": {"id": "doc:guide-on-internet-personal-information-protection-draft-2019"}}],
            "title": "Information security technology—Personal information security specifications"
          }
        }"#]]
);

case!(
    /// a16: what did TC260 publish on 1 June 2019, and which law do the guidelines implement?
    a16_tc260_mobile_app_guidelines_of_1_june,
    r#"{ documents(filter: {issuedBy: "TC260", issued: {from: "2019-06-01", to: "2019-06-01"}}) {
                   edges { node { id docKind references { node { id } relation { role } } } } }
                 tc260: node(id: "tc:tc260") { ... on TechnicalCommittee { issued { id } } }
                 law: node(id: "doc:cybersecurity-law") { ... on Document { docKind referencedBy { node { id } relation { role } } } } }"#,
    expect![[r#"
        {
          "documents": {
            "edges": [
              {
                "node": {
                  "docKind": "NOTICE",
                  "id": "doc:tc260-notice-mobile-app-necessary-information",
                  "references": [
                    {
                      "node": {"id": "doc:practical-guidelines-necessary-information-mobile-apps"},
                      "relation": {"role": "publishes"}
                    }
                  ]
                }
              },
              {
                "node": {
                  "docKind": "GUIDELINES",
                  "id": "doc:practical-guidelines-necessary-information-mobile-apps",
                  "references": [{"node": {"id": "doc:cybersecurity-law"}, "relation": {"role": "implements"}}]
                }
              }
            ]
          },
          "law": {
            "docKind": "LAW",
            "referencedBy": [
              {
                "node": {"id": "doc:practical-guidelines-necessary-information-mobile-apps"},
                "relation": {"role": "implements"}
              },
              {
                "node": {"id": "doc:regulations-on-classified-protection-of-cybersecurity-draft-2018"},
                "relation": {"role": "implements"}
              }
            ]
          },
          "tc260": {
            "issued": [
              {"id": "doc:measures-for-cybersecurity-review-tc260-translation"},
              {"id": "doc:practical-guidelines-necessary-information-mobile-apps"},
              {"id": "doc:tc260-notice-mobile-app-necessary-information"}
            ]
          }
        }"#]]
);

// ---------------------------------------------------------------------------------------------------
// Industrial Internet (articles 17-18)
// ---------------------------------------------------------------------------------------------------

case!(
    /// a17: who issued the industrial internet guidelines, and how many identification standards exist?
    a17_industrial_internet_guidelines_issuers_and_figures,
    r#"{ documents(filter: {topic: "Industrial Internet", issuedBy: "MIIT"}) { edges { node {
                   id docKind issuedBy { id } figures { measure value qualifier } } } } }"#,
    expect![[r#"
        {
          "documents": {
            "edges": [
              {
                "node": {
                  "docKind": "GUIDELINES",
                  "figures": [
                    {
                      "measure": "identification_analysis_general_standards",
                      "qualifier": "EXACT",
                      "value": 48.0
                    },
                    {
                      "measure": "identification_analysis_standards_being_drafted",
                      "qualifier": "EXACT",
                      "value": 9.0
                    },
                    {
                      "measure": "identification_analysis_standards_issued",
                      "qualifier": "EXACT",
                      "value": 6.0
                    },
                    {
                      "measure": "identification_analysis_standards_to_be_developed",
                      "qualifier": "EXACT",
                      "value": 33.0
                    }
                  ],
                  "id": "doc:guidelines-integrated-standardization-system-industrial-internet",
                  "issuedBy": [{"id": "agency:miit"}, {"id": "agency:sac"}]
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a18: what does the 2019 work plan commit to, with its qualifiers (27 tasks, 5+, 3+, 1~2)?
    a18_work_plan_key_tasks_and_qualified_targets,
    r#"{ documents(filter: {kind: [WORK_PLAN], issued: {from: "2019-06-20", to: "2019-06-20"}}) {
                   edges { node { id issued issuedBy { id } figures { measure value qualifier }
                     references { node { id } relation { role } } } } } }"#,
    expect![[r#"
        {
          "documents": {
            "edges": [
              {
                "node": {
                  "figures": [
                    {
                      "measure": "general_and_fundamental_standards",
                      "qualifier": "AT_LEAST",
                      "value": 5.0
                    },
                    {"measure": "key_sectoral_standards", "qualifier": "AT_LEAST", "value": 5.0},
                    {"measure": "key_tasks", "qualifier": "EXACT", "value": 27.0},
                    {"measure": "security_standards", "qualifier": "AT_LEAST", "value": 3.0},
                    {
                      "measure": "test_and_verification_systems",
                      "qualifier": "AT_LEAST",
                      "value": 1.0
                    },
                    {"measure": "test_and_verification_systems", "qualifier": "UP_TO", "value": 2.0}
                  ],
                  "id": "doc:miit-industrial-internet-swg-work-plan-2019",
                  "issued": "2019-06-20",
                  "issuedBy": [{"id": "tc:miit-industrial-internet-swg"}],
                  "references": [
                    {
                      "node": {"id": "doc:administrative-measures-for-industrial-internet-labelling"},
                      "relation": {"role": "plans to develop"}
                    }
                  ]
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a18: where does the special working group sit, when was it founded, and what does it run?
    a18_special_working_group_under_the_leading_group,
    r#"{ search(query: "领导小组", first: 1) { edges { matchedOn node { id } } }
                 agency(ref: "制造强国建设领导小组") { id committees { id established level parent { id } manages { id } } }
                 institute: agency(ref: "China Industrial Internet Institute") { establishedBy { id } }
                 opinions: node(id: "doc:guiding-opinions-internet-plus-advanced-manufacturing-industrial-internet") {
                   ... on Document { issued issuedBy { id } } } }"#,
    expect![[r#"
        {
          "agency": {
            "committees": [
              {
                "established": "2018-02",
                "id": "tc:miit-industrial-internet-swg",
                "level": "SPECIAL_WG",
                "manages": [
                  {
                    "id": "doc:guiding-opinions-internet-plus-advanced-manufacturing-industrial-internet"
                  }
                ],
                "parent": {"id": "agency:leading-group-manufacturing-upgrade"}
              }
            ],
            "id": "agency:leading-group-manufacturing-upgrade"
          },
          "institute": {"establishedBy": [{"id": "tc:miit-industrial-internet-swg"}]},
          "opinions": {"issued": "2017-11", "issuedBy": [{"id": "agency:state-council"}]},
          "search": {
            "edges": [
              {
                "matchedOn": "NAME_CONTAINS",
                "node": {"id": "agency:leading-group-manufacturing-upgrade"}
              }
            ]
          }
        }"#]]
);

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

case!(
    /// a19: which event did CESI sponsor, how many attended, and what was founded there?
    a19_smart_home_summit_forum_founded_the_alliance,
    r#"{ agency(ref: "CESI") { organizedEvents { id } hostedEvents { id } }
                 events(filter: {organizedBy: "CESI"}) { edges { node { id start city figures { measure value qualifier }
                   relations(kinds: [ORGANIZED_BY, HOSTED_BY]) { edges { kind node { id } relation { role } } }
                   outcomes { node { id } relation { role date } } } } } }"#,
    expect![[r#"
        {
          "agency": {
            "hostedEvents": [{"id": "event:china-smart-home-summit-forum-2019"}],
            "organizedEvents": [{"id": "event:china-smart-home-summit-forum-2019"}]
          },
          "events": {
            "edges": [
              {
                "node": {
                  "city": "Shenzhen",
                  "figures": [{"measure": "representatives", "qualifier": "MORE_THAN", "value": 150.0}],
                  "id": "event:china-smart-home-summit-forum-2019",
                  "outcomes": [
                    {
                      "node": {"id": "agency:china-smart-home-ecological-alliance"},
                      "relation": {"date": "2019-04-09", "role": "established"}
                    }
                  ],
                  "relations": {
                    "edges": [
                      {
                        "kind": "ORGANIZED_BY",
                        "node": {"id": "agency:cesi"},
                        "relation": {"role": "sponsor"}
                      },
                      {
                        "kind": "HOSTED_BY",
                        "node": {"id": "agency:cesi"},
                        "relation": {"role": "host"}
                      }
                    ]
                  },
                  "start": "2019-04-09"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a19: which are the alliance's first two standards, and who drafted and issued them?
    a19_alliance_standards_search_and_issuers,
    r#"{ search(query: "Smart Home Evaluation", kinds: [STANDARD]) { totalCount edges { matchedOn node { id } } }
                 standards(filter: {issuedBy: "China Smart Home Ecological Alliance"}) { edges { node { id
                   relations(kinds: [ISSUED_BY, DRAFTED_BY]) { edges { kind node { id } relation { role inferred } } } } } } }"#,
    expect![[r#"
        {
          "search": {
            "edges": [
              {
                "matchedOn": "NAME_PREFIX",
                "node": {"id": "std:smart-home-evaluation-indicator-system"}
              },
              {
                "matchedOn": "NAME_CONTAINS",
                "node": {"id": "std:measurement-of-smart-home-evaluation-indicators"}
              }
            ],
            "totalCount": 2
          },
          "standards": {
            "edges": [
              {
                "node": {
                  "id": "std:measurement-of-smart-home-evaluation-indicators",
                  "relations": {
                    "edges": [
                      {
                        "kind": "ISSUED_BY",
                        "node": {"id": "agency:cesi"},
                        "relation": {"inferred": false, "role": "lead in issuing"}
                      },
                      {
                        "kind": "ISSUED_BY",
                        "node": {"id": "agency:china-smart-home-ecological-alliance"},
                        "relation": {"inferred": true, "role": "alliance standard"}
                      },
                      {
                        "kind": "DRAFTED_BY",
                        "node": {"id": "agency:cesi"},
                        "relation": {"inferred": false, "role": "lead"}
                      }
                    ]
                  }
                }
              },
              {
                "node": {
                  "id": "std:smart-home-evaluation-indicator-system",
                  "relations": {
                    "edges": [
                      {
                        "kind": "ISSUED_BY",
                        "node": {"id": "agency:cesi"},
                        "relation": {"inferred": false, "role": "lead in issuing"}
                      },
                      {
                        "kind": "ISSUED_BY",
                        "node": {"id": "agency:china-smart-home-ecological-alliance"},
                        "relation": {"inferred": true, "role": "alliance standard"}
                      },
                      {
                        "kind": "DRAFTED_BY",
                        "node": {"id": "agency:cesi"},
                        "relation": {"inferred": false, "role": "lead"}
                      }
                    ]
                  }
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a20: which project has number 201510209, who ran it, and how do its 29 standards split?
    a20_smart_city_project_by_number,
    r#"{ search(query: "201510209") { edges { node { id ... on Document {
                   number status figures { measure value qualifier }
                   relations(kinds: [DRAFTED_BY]) { edges { node { id } relation { role } } }
                   references { node { id ... on Document { issuedBy { id ... on Agency { parents { id } } } } } } } } } }
                 documents(filter: {topic: "Smart Issues", kind: [RESEARCH_PROJECT]}) { edges { node { id } } } }"#,
    expect![[r#"
        {
          "documents": {"edges": [{"node": {"id": "doc:research-29-national-standards-smart-cities"}}]},
          "search": {
            "edges": [
              {
                "node": {
                  "figures": [
                    {"measure": "basic_national_standards", "qualifier": "EXACT", "value": 8.0},
                    {"measure": "key_technical_standards", "qualifier": "EXACT", "value": 15.0},
                    {
                      "measure": "management_and_application_standards",
                      "qualifier": "EXACT",
                      "value": 6.0
                    },
                    {"measure": "national_standards", "qualifier": "EXACT", "value": 29.0}
                  ],
                  "id": "doc:research-29-national-standards-smart-cities",
                  "number": "201510209",
                  "references": [
                    {
                      "node": {
                        "id": "doc:notice-acceptance-scientific-research-projects-public-welfare-industries",
                        "issuedBy": [
                          {
                            "id": "agency:samr-dept-science-technology-finance",
                            "parents": [{"id": "agency:samr"}]
                          }
                        ]
                      }
                    }
                  ],
                  "relations": {
                    "edges": [
                      {
                        "node": {"id": "agency:beihang-university"},
                        "relation": {"role": "joint launcher"}
                      },
                      {"node": {"id": "agency:cesi"}, "relation": {"role": "joint launcher"}}
                    ]
                  },
                  "status": "COMPLETED"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a20: what does article 20 mention, and which relations does it state?
    a20_what_article_20_mentions_and_states,
    r#"{ sources(filter: {article: 20}) { edges { node { id section title
                   mentions { id } relationsStated { id } } } } }"#,
    expect![[r#"
        {
          "sources": {
            "edges": [
              {
                "node": {
                  "id": "src:sesec-2019-a20",
                  "mentions": [
                    {"id": "agency:beihang-university"},
                    {"id": "agency:cesi"},
                    {"id": "agency:samr"},
                    {"id": "agency:samr-dept-science-technology-finance"},
                    {
                      "id": "doc:notice-acceptance-scientific-research-projects-public-welfare-industries"
                    },
                    {"id": "doc:research-29-national-standards-smart-cities"},
                    {"id": "topic:horizontal-issues"},
                    {"id": "topic:smart-city"},
                    {"id": "topic:smart-issues"}
                  ],
                  "relationsStated": [
                    {"id": "agency:samr-dept-science-technology-finance|part_of|agency:samr"},
                    {
                      "id": "doc:notice-acceptance-scientific-research-projects-public-welfare-industries|covers_topic|topic:horizontal-issues"
                    },
                    {
                      "id": "doc:notice-acceptance-scientific-research-projects-public-welfare-industries|issued_by|agency:samr-dept-science-technology-finance"
                    },
                    {
                      "id": "doc:research-29-national-standards-smart-cities|covers_topic|topic:smart-city"
                    },
                    {
                      "id": "doc:research-29-national-standards-smart-cities|drafted_by|agency:beihang-university"
                    },
                    {"id": "doc:research-29-national-standards-smart-cities|drafted_by|agency:cesi"},
                    {
                      "id": "doc:research-29-national-standards-smart-cities|references|doc:notice-acceptance-scientific-research-projects-public-welfare-industries"
                    },
                    {"id": "topic:smart-city|part_of|topic:smart-issues"}
                  ],
                  "section": "Smart Issues",
                  "title": "\"Research on 29 National Standards for Smart Cities\" Has Been Completed"
                }
              }
            ]
          }
        }"#]]
);

// ---------------------------------------------------------------------------------------------------
// Big data (article 21)
// ---------------------------------------------------------------------------------------------------

case!(
    /// a21: who spoke at the Guiyang big data forum, for whom, and what did Liu Dashan attend?
    a21_forum_speakers_and_their_participations,
    r#"{ node(id: "event:big-data-standardization-forum-2019") { ... on Event {
                   start city organizers { id } figures { measure value qualifier }
                   participants { node { id kind } relation { role } } } }
                 people(filter: {relatedTo: "event:big-data-standardization-forum-2019"}) { edges { node {
                   id title affiliations { node { id } relation { role } } leads { id } } } }
                 liu: people(filter: {nameContains: "Liu Dashan"}) { edges { node {
                   participations { node { id } relation { role } } } } } }"#,
    expect![[r#"
        {
          "liu": {
            "edges": [
              {
                "node": {
                  "participations": [
                    {
                      "node": {"id": "event:big-data-standardization-forum-2019"},
                      "relation": {"role": "speaker"}
                    }
                  ]
                }
              }
            ]
          },
          "node": {
            "city": "Guiyang",
            "figures": [{"measure": "attendees", "qualifier": "MORE_THAN", "value": 200.0}],
            "organizers": [],
            "participants": [
              {
                "node": {"id": "agency:cesi", "kind": "AGENCY"},
                "relation": {"role": "speaker's organization"}
              },
              {
                "node": {"id": "agency:miit", "kind": "AGENCY"},
                "relation": {"role": "speaker's organization"}
              },
              {
                "node": {"id": "agency:sac", "kind": "AGENCY"},
                "relation": {"role": "speaker's organization"}
              },
              {
                "node": {"id": "person:li-guanyu", "kind": "PERSON"},
                "relation": {"role": "speaker"}
              },
              {
                "node": {"id": "person:liu-dashan", "kind": "PERSON"},
                "relation": {"role": "speaker"}
              },
              {"node": {"id": "person:zhao-bo", "kind": "PERSON"}, "relation": {"role": "speaker"}}
            ],
            "start": "2019-05-25"
          },
          "people": {
            "edges": [
              {
                "node": {
                  "affiliations": [{"node": {"id": "agency:miit"}, "relation": {"role": "deputy director"}}],
                  "id": "person:li-guanyu",
                  "leads": [],
                  "title": "deputy director of MIIT"
                }
              },
              {
                "node": {
                  "affiliations": [{"node": {"id": "agency:sac"}, "relation": {"role": "director"}}],
                  "id": "person:liu-dashan",
                  "leads": [{"id": "agency:sac"}],
                  "title": "director of SAC"
                }
              },
              {
                "node": {
                  "affiliations": [{"node": {"id": "agency:cesi"}, "relation": {"role": "director"}}],
                  "id": "person:zhao-bo",
                  "leads": [{"id": "agency:cesi"}],
                  "title": "director of CESI"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a21 (with a05, a10, a14): which people work for an agency that organized an event in May 2019?
    a21_people_of_agencies_that_organized_events_in_may_2019,
    r#"{ events(filter: {date: {from: "2019-05", to: "2019-05"}}) { edges { node { id
                   organizers { id ... on Agency { people { node { id } relation { role } } } } } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {"node": {"id": "event:cn-de-standardization-conference-2019", "organizers": []}},
              {"node": {"id": "event:cn-de-it-security-seminar-2019", "organizers": []}},
              {"node": {"id": "event:big-data-standardization-forum-2019", "organizers": []}},
              {
                "node": {
                  "id": "event:cn-de-im-i40-wg-8th-meeting",
                  "organizers": [{"id": "tc:cn-de-im-i40-wg"}]
                }
              },
              {
                "node": {
                  "id": "event:national-robot-standardization-group-first-meeting-2019",
                  "organizers": [{"id": "agency:ieas", "people": []}]
                }
              },
              {
                "node": {
                  "id": "event:national-standardization-press-conference-2019-05-13",
                  "organizers": [
                    {
                      "id": "agency:sac",
                      "people": [{"node": {"id": "person:liu-dashan"}, "relation": {"role": "director"}}]
                    },
                    {"id": "agency:samr", "people": []}
                  ]
                }
              },
              {
                "node": {
                  "id": "event:cn-de-scc-plenary-2019",
                  "organizers": [{"id": "agency:cn-de-standardization-cooperation-committee", "people": []}]
                }
              },
              {"node": {"id": "event:sesec-stakeholder-event-afnor-2019", "organizers": []}},
              {
                "node": {"id": "event:sesec-stakeholder-event-austrian-standards-2019", "organizers": []}
              },
              {
                "node": {
                  "id": "event:sesec-stakeholder-events-2019",
                  "organizers": [
                    {
                      "id": "agency:sesec-iv",
                      "people": [{"node": {"id": "person:betty-xu"}, "relation": {"role": "SESEC expert"}}]
                    }
                  ]
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a21: which events took place on 25 May 2019, and where?
    a21_events_on_25_may_2019,
    r#"{ events(filter: {date: {from: "2019-05-25", to: "2019-05-25"}}) { edges { node { id city } } } }"#,
    expect![[r#"
        {
          "events": {
            "edges": [
              {"node": {"city": "Guiyang", "id": "event:big-data-standardization-forum-2019"}},
              {
                "node": {
                  "city": "Shanghai",
                  "id": "event:national-robot-standardization-group-first-meeting-2019"
                }
              }
            ]
          }
        }"#]]
);

case!(
    /// a21: which certificates were issued at the forum, and what do they certify or who issues them?
    a21_certificates_issued_at_the_forum,
    r#"{ documents(filter: {kind: [CERTIFICATE]}) { edges { node { id issued
                   producedBy { node { id } relation { role } } issuedBy { id }
                   references { node { id } relation { role } } } } }
                 search(query: "DCMM", first: 1) { edges { node { id } } }
                 cesi: agency(ref: "CESI") { established { id } figures { measure value qualifier } } }"#,
    expect![[r#"
        {
          "cesi": {
            "established": [{"id": "agency:big-data-system-quality-inspection-center"}],
            "figures": [
              {
                "measure": "big_data_national_standards_developed",
                "qualifier": "EXACT",
                "value": 32.0
              }
            ]
          },
          "documents": {
            "edges": [
              {
                "node": {
                  "id": "doc:assessment-certificate-dcmm-national-standard-compliance",
                  "issued": "2019-05-25",
                  "issuedBy": [],
                  "producedBy": [
                    {
                      "node": {"id": "event:big-data-standardization-forum-2019"},
                      "relation": {"role": "issued"}
                    }
                  ],
                  "references": [
                    {
                      "node": {"id": "std:data-management-capability-maturity-assessment-model"},
                      "relation": {"role": "certifies compliance with"}
                    }
                  ]
                }
              },
              {
                "node": {
                  "id": "doc:compliance-certificate-big-data-system-standard",
                  "issued": "2019-05-25",
                  "issuedBy": [{"id": "agency:big-data-system-quality-inspection-center"}],
                  "producedBy": [
                    {
                      "node": {"id": "event:big-data-standardization-forum-2019"},
                      "relation": {"role": "issued"}
                    }
                  ],
                  "references": []
                }
              },
              {
                "node": {
                  "id": "doc:certificate-winners-third-evaluation-data-standardization-governance",
                  "issued": "2019-05-25",
                  "issuedBy": [],
                  "producedBy": [
                    {
                      "node": {"id": "event:big-data-standardization-forum-2019"},
                      "relation": {"role": "issued"}
                    }
                  ],
                  "references": []
                }
              }
            ]
          },
          "search": {"edges": [{"node": {"id": "std:data-management-capability-maturity-assessment-model"}}]}
        }"#]]
);

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

case!(
    /// a14: four standards "released at the end of 2018" are known only as `2018`: a range of November
    /// to December lists them only when asked for dates that may fall in it.
    a14_imprecise_dates_may_fall_in_a_narrower_range,
    r#"{ placed: standards(filter: {published: {from: "2018-11", to: "2018-12"}}) {
                   edges { node { id } } }
                 possibly: standards(filter: {published: {from: "2018-11", to: "2018-12", precision: POSSIBLY}}) {
                   edges { node { id } } }
                 outside: standards(filter: {published: {from: "2017-11", to: "2017-12", precision: POSSIBLY}}) {
                   edges { node { id } } } }"#,
    expect![[r#"
        {
          "outside": {"edges": []},
          "placed": {"edges": []},
          "possibly": {
            "edges": [
              {"node": {"id": "std:gb-t-28449-2018"}},
              {"node": {"id": "std:gb-t-36958-2018"}},
              {"node": {"id": "std:gb-t-36959-2018"}},
              {"node": {"id": "std:gb-t-37138-2018"}}
            ]
          }
        }"#]]
);

case!(
    /// a03, a04, a12: "everything about 5G" in one query: the ETSI delegation discussed 5G (`discussed`,
    /// not `covers_topic`), a 5G security standard covers the sub-topic 5G Security, and the IT security
    /// seminar discussed that sub-topic.
    a04_topic_membership_through_every_topical_relation_and_sub_topics,
    r#"{ node(id: "topic:5g") { ... on Topic {
                   covers: items { id }
                   all: items(via: ALL, subtopics: true) { id }
                   events: items(via: ALL, kinds: [EVENT]) { id } } }
                 covering: events(filter: {topic: "5G"}) { edges { node { id } } }
                 related: events(filter: {topic: "5G", topicVia: ALL}) { edges { node { id } } } }"#,
    expect![[r#"
        {
          "covering": {"edges": [{"node": {"id": "event:ccsa-tc5-48th-meeting"}}]},
          "node": {
            "all": [
              {"id": "doc:5g-multi-mode-dual-card-dual-standby-terminal-research"},
              {"id": "doc:ccsa-tc5-5g-series-standards-development-plan"},
              {
                "id": "doc:enhancement-technology-research-for-multi-access-edge-computing-oriented-5g-core-networks"
              },
              {
                "id": "doc:research-for-security-methodology-and-security-requirements-of-mobile-communication-virtualization-network-equipment"
              },
              {
                "id": "doc:research-on-solutions-for-non-credit-wireless-local-area-network-accessing-epc"
              },
              {"id": "event:ccsa-tc5-48th-meeting"},
              {"id": "event:cn-de-it-security-seminar-2019"},
              {"id": "event:etsi-delegation-visit-beijing-2019"},
              {"id": "std:5g-v2x-series"},
              {"id": "std:requirements-for-5g-mobile-communication-network-equipment-safety"},
              {
                "id": "std:security-requirements-for-5g-mobile-communication-network-equipment-base-station-equipment"
              },
              {
                "id": "std:technical-requirements-and-test-methods-for-service-interfaces-5g-mobile-communication-network-first-stage"
              },
              {"id": "std:technical-requirements-for-5g-multi-mode-single-card-terminal-equipment"},
              {
                "id": "std:technical-requirements-for-communication-security-in-5g-mobile-communication-network"
              },
              {
                "id": "std:technical-requirements-for-non-handheld-terminals-of-tiantong-1-satellite-mobile-communication-system"
              },
              {"id": "std:technical-security-requirements-for-5g-mobile-communication-network"},
              {
                "id": "std:test-method-of-mobile-broadband-service-communication-quality-in-digital-cellular-mobile-communication-networks"
              },
              {
                "id": "std:test-methods-for-home-base-station-gateway-equipment-of-td-lte-digital-cellular-mobile-communication-networks"
              },
              {"id": "tc:ccsa-tc5"}
            ],
            "covers": [
              {"id": "doc:5g-multi-mode-dual-card-dual-standby-terminal-research"},
              {"id": "doc:ccsa-tc5-5g-series-standards-development-plan"},
              {
                "id": "doc:enhancement-technology-research-for-multi-access-edge-computing-oriented-5g-core-networks"
              },
              {"id": "event:ccsa-tc5-48th-meeting"},
              {"id": "std:5g-v2x-series"},
              {
                "id": "std:security-requirements-for-5g-mobile-communication-network-equipment-base-station-equipment"
              },
              {
                "id": "std:technical-requirements-and-test-methods-for-service-interfaces-5g-mobile-communication-network-first-stage"
              },
              {"id": "std:technical-requirements-for-5g-multi-mode-single-card-terminal-equipment"},
              {"id": "std:technical-security-requirements-for-5g-mobile-communication-network"},
              {"id": "tc:ccsa-tc5"}
            ],
            "events": [
              {"id": "event:ccsa-tc5-48th-meeting"},
              {"id": "event:etsi-delegation-visit-beijing-2019"}
            ]
          },
          "related": {
            "edges": [
              {"node": {"id": "event:ccsa-tc5-48th-meeting"}},
              {"node": {"id": "event:cn-de-it-security-seminar-2019"}},
              {"node": {"id": "event:etsi-delegation-visit-beijing-2019"}}
            ]
          }
        }"#]]
);

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

case!(
    /// a03, a04: the timeline of a topic follows `covers_topic` by default; `topicVia: ALL` adds the
    /// events that discussed it or a sub-topic.
    a04_timeline_of_a_topic_through_every_topical_relation,
    r#"{ covers: timeline(topic: "5G") { node { id } }
                 all: timeline(topic: "5G", topicVia: ALL) { node { id } } }"#,
    expect![[r#"
        {
          "all": [
            {
              "node": {"id": "std:requirements-for-5g-mobile-communication-network-equipment-safety"}
            },
            {
              "node": {
                "id": "std:security-requirements-for-5g-mobile-communication-network-equipment-base-station-equipment"
              }
            },
            {
              "node": {
                "id": "std:technical-requirements-and-test-methods-for-service-interfaces-5g-mobile-communication-network-first-stage"
              }
            },
            {
              "node": {"id": "std:technical-requirements-for-5g-multi-mode-single-card-terminal-equipment"}
            },
            {
              "node": {
                "id": "std:technical-requirements-for-communication-security-in-5g-mobile-communication-network"
              }
            },
            {
              "node": {
                "id": "std:technical-requirements-for-non-handheld-terminals-of-tiantong-1-satellite-mobile-communication-system"
              }
            },
            {
              "node": {"id": "std:technical-security-requirements-for-5g-mobile-communication-network"}
            },
            {"node": {"id": "doc:ccsa-tc5-5g-series-standards-development-plan"}},
            {"node": {"id": "event:etsi-delegation-visit-beijing-2019"}},
            {"node": {"id": "event:ccsa-tc5-48th-meeting"}},
            {"node": {"id": "event:cn-de-it-security-seminar-2019"}}
          ],
          "covers": [
            {
              "node": {"id": "std:requirements-for-5g-mobile-communication-network-equipment-safety"}
            },
            {
              "node": {
                "id": "std:security-requirements-for-5g-mobile-communication-network-equipment-base-station-equipment"
              }
            },
            {
              "node": {
                "id": "std:technical-requirements-and-test-methods-for-service-interfaces-5g-mobile-communication-network-first-stage"
              }
            },
            {
              "node": {"id": "std:technical-requirements-for-5g-multi-mode-single-card-terminal-equipment"}
            },
            {
              "node": {
                "id": "std:technical-requirements-for-communication-security-in-5g-mobile-communication-network"
              }
            },
            {
              "node": {
                "id": "std:technical-requirements-for-non-handheld-terminals-of-tiantong-1-satellite-mobile-communication-system"
              }
            },
            {
              "node": {"id": "std:technical-security-requirements-for-5g-mobile-communication-network"}
            },
            {"node": {"id": "doc:ccsa-tc5-5g-series-standards-development-plan"}},
            {"node": {"id": "event:ccsa-tc5-48th-meeting"}}
          ]
        }"#]]
);
