//! Ingest's proposals on the seed's newsletter: QUALITY.md holds the figures the leave-one-out
//! evaluation computes; the whole newsletter's proposal applies cleanly to the seed graph; the same
//! text gives the same proposal, and nothing new once its items are known.

use std::collections::HashSet;
use std::sync::Arc;

use stdgraph::graph::KnowledgeGraph;
use stdgraph::ingest::evaluate::{self, NEWSLETTER};
use stdgraph::ingest::{Document, ItemChange, Proposal, propose};
use stdgraph::interchange::seed;
use stdgraph::model::{Node, NodeKind};

fn newsletter() -> String {
    std::fs::read_to_string(format!("{}/{NEWSLETTER}", env!("CARGO_MANIFEST_DIR")))
        .expect("the newsletter fixture")
}

fn seed_graph() -> (KnowledgeGraph, seed::Seed) {
    let seed = seed::embedded().expect("the embedded seed");
    let mut graph = KnowledgeGraph::new();
    let mut nodes = seed.nodes.clone();
    nodes.sort_by_key(|n| n.kind() != NodeKind::Source);
    for n in nodes {
        graph.insert_node(n, 1).expect("seed nodes insert");
    }
    for r in seed.relations.clone() {
        graph.insert_relation(r).expect("seed relations insert");
    }
    (graph, seed)
}

/// The newsletter's 21 articles as the issue of another year, so each is a new Source.
fn next_issue(seed: &seed::Seed) -> Document {
    let cases = evaluate::cases_from_text(&newsletter(), &seed.nodes);
    assert_eq!(cases.len(), 21, "the newsletter has 21 numbered articles");
    Document {
        publication: Some("SESEC IV China IT/ICT Standardization Newsletter".into()),
        issue: Some("2020".into()),
        issued: None,
        format: None,
        articles: cases.into_iter().map(|c| c.article).collect(),
    }
}

#[test]
fn quality_md_holds_the_figures_the_evaluation_computes() {
    let seed = seed::embedded().expect("the embedded seed");
    let evaluation = evaluate::newsletter(&seed.nodes, &seed.relations, &newsletter());
    assert_eq!(evaluation.articles.len(), 21);
    let page = std::fs::read_to_string(format!("{}/QUALITY.md", env!("CARGO_MANIFEST_DIR")))
        .expect("QUALITY.md");
    let tables = evaluation.tables();
    assert!(
        page.contains(&tables),
        "QUALITY.md's tables differ from the evaluation; run scripts/quality. Computed:\n{tables}"
    );
}

/// Applies every item of `proposal` to `graph` in order, as accepting all of them would.
fn apply(graph: &mut KnowledgeGraph, proposal: &Proposal) {
    for item in &proposal.items {
        let result = match &item.change {
            ItemChange::CreateNode { node } => graph.insert_node(node.clone(), 1),
            ItemChange::SetField {
                node, field, value, ..
            } => {
                let current = graph.get(node.as_str()).expect("a set field's node exists");
                let mut json = serde_json::to_value(current.node()).unwrap();
                json[field.as_str()] = value.clone();
                let changed: Node = serde_json::from_value(json).expect("the field fits the node");
                graph.replace_node(changed, 2).map(|_| ())
            }
            ItemChange::Link { relation } => graph.insert_relation(relation.clone()).map(|_| ()),
            ItemChange::CorroborateNode { node, source } => {
                let mut changed = graph.get(node.as_str()).expect("node").node().clone();
                assert!(
                    !changed.sources.contains(source),
                    "{} already cites it",
                    node
                );
                let mut sources = (*changed.sources).clone();
                sources.push(source.clone());
                changed.sources = Arc::new(sources);
                graph.replace_node(changed, 2).map(|_| ())
            }
            ItemChange::CorroborateRelation { relation, source } => {
                let mut changed = graph.remove_relation(relation).expect("relation");
                assert!(!changed.sources.contains(source));
                let mut sources = (*changed.sources).clone();
                sources.push(source.clone());
                changed.sources = Arc::new(sources);
                graph.insert_relation(changed).map(|_| ())
            }
        };
        if let Err(e) = result {
            panic!("item {} ({}) does not apply: {e}", item.id, item.rule);
        }
    }
}

#[test]
fn the_whole_newsletter_proposal_applies_to_the_seed_graph() {
    let (graph, seed) = seed_graph();
    let document = next_issue(&seed);
    let proposal = propose::propose(&graph, &document, &|_| false);
    let count = |f: fn(&ItemChange) -> bool| proposal.items.iter().filter(|i| f(&i.change)).count();
    // An analyst sees a Source per article and the articles' known entities corroborated.
    assert_eq!(
        count(|c| matches!(c, ItemChange::CreateNode { node } if node.kind() == NodeKind::Source)),
        21
    );
    assert!(count(|c| matches!(c, ItemChange::CorroborateNode { .. })) > 50);
    for item in &proposal.items {
        assert!(!item.evidence.is_empty(), "{} has evidence", item.id);
        assert!((0.0..=1.0).contains(&item.confidence));
        for e in &item.evidence {
            let article = proposal
                .articles
                .iter()
                .find(|a| a.source == e.source)
                .expect("evidence names an article");
            assert!(
                article.text.get(e.start..e.end).is_some(),
                "a span in the text"
            );
        }
    }
    let ids: HashSet<&str> = proposal.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), proposal.items.len(), "item ids are unique");
    for item in &proposal.items {
        for r in &item.requires {
            assert!(
                ids.contains(r.as_str()),
                "{} requires a proposed item",
                item.id
            );
        }
    }
    let mut staged = graph.clone();
    apply(&mut staged, &proposal);
}

#[test]
fn the_same_text_gives_the_same_proposal_and_nothing_new_once_known() {
    let (graph, seed) = seed_graph();
    let document = next_issue(&seed);
    let first = propose::propose(&graph, &document, &|_| false);
    let second = propose::propose(&graph, &document, &|_| false);
    assert_eq!(first, second);
    assert!(!first.items.is_empty());
    let known: HashSet<String> = first.items.iter().map(|i| i.id.clone()).collect();
    let again = propose::propose(&graph, &document, &|id| known.contains(id));
    assert_eq!(again.items, []);
    assert_eq!(
        again.articles, first.articles,
        "the articles are still shown"
    );
}
