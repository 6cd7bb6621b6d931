use super::*;
use crate::model::{AgencyData, NodeData, SourceData, StandardData};

pub(super) fn id(s: &str) -> NodeId {
    NodeId::parse(s).unwrap()
}

fn source() -> Node {
    node(
        "src:a1",
        "Article 1",
        NodeData::Source(SourceData::default()),
        &[],
    )
}

pub(super) fn node(i: &str, name: &str, data: NodeData, sources: &[&str]) -> Node {
    let mut node = Node::new(id(i), name, data);
    node.sources = Sources::new(sources.iter().map(|s| id(s)).collect());
    node
}

fn agency(i: &str, name: &str, abbreviation: &str) -> Node {
    let data = AgencyData {
        abbreviation: Some(abbreviation.to_owned()),
        ..AgencyData::default()
    };
    node(i, name, NodeData::Agency(data), &["src:a1"])
}

fn standard(code: &str) -> Node {
    let data = StandardData {
        code: Some(code.to_owned()),
        ..StandardData::default()
    };
    let c = StandardCode::parse(code).unwrap();
    node(&c.node_id(), code, NodeData::Standard(data), &["src:a1"])
}

fn sample() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    g.insert_node(source(), 1).unwrap();
    g.insert_node(
        agency(
            "agency:sac",
            "Standardization Administration of China",
            "SAC",
        ),
        1,
    )
    .unwrap();
    g.insert_node(standard("GB/T 22239-2019"), 1).unwrap();
    g.insert_node(standard("GB/T 22239-2008"), 1).unwrap();
    let r = Relation::new(
        RelationKind::IssuedBy,
        id("std:gb-t-22239-2019"),
        id("agency:sac"),
        vec![id("src:a1")],
    );
    g.insert_relation(r).unwrap();
    g
}

#[test]
fn rejects_wrong_kinds_dangling_endpoints_and_duplicates() {
    let mut g = sample();
    let backwards = Relation::new(
        RelationKind::IssuedBy,
        id("agency:sac"),
        id("std:gb-t-22239-2019"),
        vec![id("src:a1")],
    );
    let err = g.insert_relation(backwards).unwrap_err().to_string();
    assert!(err.contains("cannot go from Agency to Standard"), "{err}");
    let dangling = Relation::new(
        RelationKind::IssuedBy,
        id("std:gb-t-22239-2019"),
        id("agency:nope"),
        vec![id("src:a1")],
    );
    assert!(matches!(
        g.insert_relation(dangling),
        Err(ValidationError::DanglingEndpoint { .. })
    ));
    let dup = Relation::new(
        RelationKind::IssuedBy,
        id("std:gb-t-22239-2019"),
        id("agency:sac"),
        vec![id("src:a1")],
    );
    assert!(matches!(
        g.insert_relation(dup),
        Err(ValidationError::DuplicateRelation(_))
    ));
    let twin = agency("agency:sac", "Other", "X");
    assert!(matches!(
        g.insert_node(twin, 1),
        Err(ValidationError::DuplicateNode(_))
    ));
    let unsourced = Relation::new(
        RelationKind::IssuedBy,
        id("std:gb-t-22239-2008"),
        id("agency:sac"),
        vec![id("src:nope")],
    );
    assert!(matches!(
        g.insert_relation(unsourced),
        Err(ValidationError::UnknownSource { .. })
    ));
    assert_eq!(g.relation_count(), 1);
}

#[test]
fn finds_standards_by_any_spelling_and_the_newest_edition_without_a_year() {
    let g = sample();
    for spelling in [
        "GB/T 22239-2019",
        "gb/t22239—2019",
        "ＧＢ／Ｔ　２２２３９－２０１９",
    ] {
        assert_eq!(
            g.find_standard(spelling).unwrap().id().as_str(),
            "std:gb-t-22239-2019"
        );
    }
    assert_eq!(
        g.find_standard("GB/T 22239").unwrap().id().as_str(),
        "std:gb-t-22239-2019"
    );
    assert!(g.find_standard("GB/T 22239-2017").is_none());
    assert_eq!(g.editions("GB/T22239").len(), 2);
}

#[test]
fn removing_a_node_takes_its_relations_and_sources_in_use_stay() {
    let mut g = sample();
    assert!(matches!(
        g.remove_node(&id("src:a1")),
        Err(ValidationError::SourceInUse { .. })
    ));
    let (_, removed) = g.remove_node(&id("agency:sac")).unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!(g.relation_count(), 0);
    assert!(g.find_by_name("SAC").is_empty());
    assert!(g.get("agency:sac").is_none());
}

#[test]
fn search_ranks_code_and_abbreviation_first() {
    let g = sample();
    let hits = g.search("sac", &[]);
    assert_eq!(hits[0].node.id().as_str(), "agency:sac");
    assert_eq!(hits[0].matched, SearchMatch::Abbreviation);
    let hits = g.search("GB/T 22239", &[]);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h.matched == SearchMatch::CodeSeries));
    let hits = g.search("standardization china", &[]);
    assert_eq!(hits[0].node.id().as_str(), "agency:sac");
}

#[test]
fn relations_are_seen_from_both_ends() {
    let g = sample();
    let sac = g.get("agency:sac").unwrap();
    let issued = sac.relations(Way::Incoming, &[RelationKind::IssuedBy]);
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].other.id().as_str(), "std:gb-t-22239-2019");
    assert_eq!(issued[0].way, Way::Incoming);
    assert!(sac.relations(Way::Outgoing, &[]).is_empty());
}

#[test]
fn one_name_under_two_ids_is_a_collision_but_editions_are_not() {
    let mut g = sample();
    assert!(g.name_collisions().is_empty());
    g.insert_node(
        agency("agency:sac2", "Standardisation Administration", "SAC"),
        1,
    )
    .unwrap();
    let collisions = g.name_collisions();
    assert_eq!(
        collisions,
        vec![("sac".to_owned(), vec![id("agency:sac"), id("agency:sac2")])]
    );
    // Two nodes sharing two names: one collision per name, each reported once.
    g.insert_node(
        agency("agency:sac3", "Standardisation Administration", "SAC"),
        1,
    )
    .unwrap();
    assert_eq!(
        g.name_collisions(),
        vec![
            (
                "sac".to_owned(),
                vec![id("agency:sac"), id("agency:sac2"), id("agency:sac3")]
            ),
            (
                "standardisation administration".to_owned(),
                vec![id("agency:sac2"), id("agency:sac3")]
            ),
        ]
    );
}

#[test]
fn the_trigram_index_finds_what_a_scan_finds() {
    let mut g = KnowledgeGraph::new();
    g.insert_node(source(), 1).unwrap();
    let names = [
        (
            "agency:sac",
            "Standardization Administration of China",
            Some("国家标准化管理委员会"),
            "SAC",
        ),
        (
            "agency:cesi",
            "China Electronics Standardization Institute",
            Some("中国电子技术标准化研究院"),
            "CESI",
        ),
        (
            "agency:etsi",
            "European Telecommunications Standards Institute",
            None,
            "ETSI",
        ),
        (
            "agency:tc260",
            "National Information Security Standardization TC",
            None,
            "TC260",
        ),
        (
            "agency:crypto",
            "Cryptographic Module Testing Lab",
            None,
            "CMTL",
        ),
        ("agency:x5g", "5G Alliance", Some("5G联盟"), "5GA"),
    ];
    for (i, name, zh, abbreviation) in names {
        let mut n = node(
            i,
            name,
            NodeData::Agency(AgencyData {
                abbreviation: Some(abbreviation.to_owned()),
                ..AgencyData::default()
            }),
            &["src:a1"],
        );
        n.extras_mut().name_zh = zh.map(str::to_owned);
        n.description = format!("Works on cryptography and {name}");
        g.insert_node(n, 1).unwrap();
    }
    let code = |i: &str, c: &str, title: &str| {
        node(
            i,
            &format!("{c} {title}"),
            NodeData::Standard(StandardData {
                code: Some(c.to_owned()),
                ..StandardData::default()
            }),
            &["src:a1"],
        )
    };
    g.insert_node(
        code(
            "std:gb-t-22239-2019",
            "GB/T 22239-2019",
            "Baseline for classified protection",
        ),
        1,
    )
    .unwrap();
    g.insert_node(
        code("std:gb-t-22239-2008", "GB/T 22239-2008", "Baseline (old)"),
        1,
    )
    .unwrap();
    let queries = [
        "standard",
        "Standardization",
        "标准化",
        "标准",
        "sac",
        "5g",
        "5G联盟",
        "cryptographic",
        "crypto",
        "gb/t 22239-2019",
        "GB/T 22239",
        "gbt22239",
        "agency:cesi",
        "institute china",
        "works on",
        "baseline",
        "xyz",
        "ＥＴＳＩ",
        "tc260",
        "tc 260",
        "crytographic",
        "institue china",
        "a",
    ];
    for q in queries {
        let show = |hits: Vec<SearchHit<'_>>| -> Vec<(String, SearchMatch)> {
            hits.iter()
                .map(|h| (h.node.id().to_string(), h.matched))
                .collect()
        };
        assert_eq!(
            show(g.search_with(q, &[], true)),
            show(g.search_with(q, &[], false)),
            "query {q:?}"
        );
    }
    // Removing a node removes it from the index.
    g.remove_node(&id("agency:crypto")).unwrap();
    assert!(g.search("Cryptographic Module", &[]).is_empty());
}

#[test]
fn recorded_order_lists_are_kept_per_snapshot() {
    let mut g = sample();
    let issued = |g: &KnowledgeGraph| -> Vec<String> {
        g.get("agency:sac")
            .unwrap()
            .relations_recorded(Way::Incoming, &[RelationKind::IssuedBy])
            .iter()
            .map(|r| r.other.id().to_string())
            .collect()
    };
    assert_eq!(issued(&g), ["std:gb-t-22239-2019"]);
    // A later snapshot does not see the earlier one's kept list, and the earlier one is unchanged.
    let before = g.clone();
    g.insert_relation(Relation::new(
        RelationKind::IssuedBy,
        id("std:gb-t-22239-2008"),
        id("agency:sac"),
        vec![id("src:a1")],
    ))
    .unwrap();
    assert_eq!(
        issued(&g),
        ["std:gb-t-22239-2019", "std:gb-t-22239-2008"],
        "recorded order, not id order"
    );
    assert_eq!(issued(&before), ["std:gb-t-22239-2019"]);
    let relation = RelationId::new("std:gb-t-22239-2019|issued_by|agency:sac");
    assert!(g.relation(&relation).is_some());
    g.remove_relation(&relation).unwrap();
    assert!(g.relation(&relation).is_none());
}

/// A page of search results by id is the ranked result set sorted by id, whichever way it is found
/// (walking the id order for common words, intersecting trigram lists for rare ones), from any
/// cursor, for any page size and kind filter. Ids are inserted out of order, so id order is not
/// the graph's insertion order.
#[test]
fn search_pages_by_id_equal_the_sorted_matches() {
    let mut g = KnowledgeGraph::new();
    g.insert_node(source(), 1).unwrap();
    for i in 0..2000 {
        let n = (i * 7919) % 2000;
        let mut name = format!("Common widget {n}");
        if n % 10 == 0 {
            name.push_str(" cryptographic");
        }
        if n % 500 == 0 {
            name.push_str(" zebra");
        }
        let data = if n % 3 == 0 {
            NodeData::Standard(StandardData::default())
        } else {
            NodeData::Agency(AgencyData::default())
        };
        g.insert_node(node(&format!("node:{n:04}"), &name, data, &["src:a1"]), 1)
            .unwrap();
    }
    for q in [
        "widget",
        "cryptographic",
        "zebra",
        "common widget 1",
        "cryptographic zebra",
    ] {
        for kinds in [vec![], vec![NodeKind::Standard]] {
            let mut all: Vec<String> = g
                .search(q, &kinds)
                .iter()
                .map(|h| h.node.id().to_string())
                .collect();
            all.sort();
            for after in [None, Some("node:0500"), Some("node:1990"), Some("src:z")] {
                for limit in [1, 3, 20, 500] {
                    let expected: Vec<&String> = all
                        .iter()
                        .filter(|id| after.is_none_or(|a| id.as_str() > a))
                        .take(limit)
                        .collect();
                    let page: Vec<String> = g
                        .search_by_id(q, &kinds, after, limit)
                        .iter()
                        .map(|h| h.node.id().to_string())
                        .collect();
                    assert_eq!(
                        page.iter().collect::<Vec<_>>(),
                        expected,
                        "{q:?} {kinds:?} after {after:?} limit {limit}"
                    );
                }
            }
        }
    }
}

#[test]
fn items_citing_the_same_sources_share_one_list_in_the_graph_and_its_image() {
    let mut g = sample();
    let mut relation = Relation::new(
        RelationKind::IssuedBy,
        id("std:gb-t-22239-2008"),
        id("agency:sac"),
        vec![id("src:a1")],
    );
    let props = relation.props_mut();
    props.role = Some("joint issuer".into());
    props.date = "2008-06".parse().ok();
    props.count = Some(-3);
    relation.inferred = true;
    g.insert_relation(relation).unwrap();
    let shared = |g: &KnowledgeGraph| {
        let lists: Vec<&Sources> = g.all_relations().iter().map(|r| &r.sources).collect();
        lists.windows(2).all(|w| Arc::ptr_eq(w[0], w[1]))
            && Arc::ptr_eq(lists[0], &g.get("agency:sac").unwrap().node().sources)
    };
    assert!(shared(&g));

    let mut image = Vec::new();
    g.write_image(&mut image).unwrap();
    let read = KnowledgeGraph::read_image(&image).unwrap();
    assert!(shared(&read));
    // The same items, versions, positions and index answers.
    let items = |g: &KnowledgeGraph| {
        let nodes: Vec<_> = g
            .all_nodes()
            .map(|n| {
                (
                    n.node().clone(),
                    n.version(),
                    n.search_keys()
                        .names()
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let relations: Vec<_> = g
            .all_relations()
            .into_iter()
            .map(|r| (r.clone(), g.recorded(g.relation_handle(&r.id()).unwrap())))
            .collect();
        (
            nodes,
            relations,
            g.find_standard("GB/T 22239").map(|n| n.id().clone()),
        )
    };
    assert_eq!(items(&read), items(&g));
    assert_eq!(read.search("sac", &[]).len(), g.search("sac", &[]).len());

    // Every proper prefix of the image is refused, not misread.
    for len in 0..image.len() {
        assert!(KnowledgeGraph::read_image(&image[..len]).is_err(), "{len}");
    }
}
