//! Quality, measured by leaving one article out: for each article of a labelled graph (the seed),
//! take the graph without the facts only that article states, ingest the article, and compare what
//! is proposed with what was removed. Pure: the caller gives the nodes, relations and article texts
//! and gets counts; `examples/ingest_quality.rs` writes them into QUALITY.md.
//!
//! Alignment: a proposed new node stands for a removed node when they have the same id, the same
//! standard code, or share a normalized name, alias, title or abbreviation; each removed node is
//! taken by one proposed node at most (the first in the proposal's order). Relations and dates of
//! proposed nodes are compared after replacing aligned ids by the removed nodes' ids.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

use super::link::gazetteer::key;
use super::{Article, Document, Format, IngestOptions, ItemChange, Proposal, propose, read};
use crate::graph::KnowledgeGraph;
use crate::model::{Node, NodeData, NodeId, NodeKind, Relation};

/// Proposed and expected counts of one measure, and how many proposed were right.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub proposed: usize,
    pub expected: usize,
    pub correct: usize,
}

/// The differences of one measure, for [`Score::misses`].
fn differences<T: Ord + std::fmt::Display>(
    measure: &str,
    proposed: &BTreeSet<T>,
    expected: &BTreeSet<T>,
    out: &mut Vec<String>,
) {
    out.extend(
        expected
            .difference(proposed)
            .map(|x| format!("missed {measure}: {x}")),
    );
    out.extend(
        proposed
            .difference(expected)
            .map(|x| format!("wrong {measure}: {x}")),
    );
}

impl Counts {
    fn of<T: Ord>(proposed: &BTreeSet<T>, expected: &BTreeSet<T>) -> Self {
        Self {
            proposed: proposed.len(),
            expected: expected.len(),
            correct: proposed.intersection(expected).count(),
        }
    }

    fn add(&mut self, other: Counts) {
        self.proposed += other.proposed;
        self.expected += other.expected;
        self.correct += other.correct;
    }

    /// Correct among proposed (1 when nothing was proposed).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.proposed)
    }

    /// Correct among expected (1 when nothing was expected).
    pub fn recall(&self) -> f64 {
        ratio(self.correct.min(self.expected), self.expected)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The measures of one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    pub source: String,
    pub codes: Counts,
    pub dates: Counts,
    pub links: Counts,
    pub entities: Counts,
    pub relations: Counts,
    /// Relations the reduced graph kept that the proposal corroborates, and how many kept relations
    /// cite the article.
    pub corroborated: Counts,
    /// What was expected and not proposed (`missed <measure>: ...`) and proposed and not expected
    /// (`wrong <measure>: ...`), for reading why a figure is what it is.
    pub misses: Vec<String>,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.misses.extend(o.misses.iter().cloned());
        self.codes.add(o.codes);
        self.dates.add(o.dates);
        self.links.add(o.links);
        self.entities.add(o.entities);
        self.relations.add(o.relations);
        self.corroborated.add(o.corroborated);
    }
}

/// Scores per article and over all of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    pub articles: Vec<Score>,
    pub overall: Score,
}

/// One article to evaluate: its Source id in the labelled graph and its text.
pub struct Case {
    pub source: NodeId,
    pub article: Article,
}

const DATE_FIELDS: [&str; 11] = [
    "published",
    "in_force",
    "withdrawn",
    "proposed",
    "comment_deadline",
    "issued",
    "start",
    "end",
    "signed",
    "renewed",
    "established",
];

/// Leaves each case's article out of the graph of `nodes` and `relations`, ingests it, and scores
/// the proposal. `publication` and `issue` are what the ingested document says of itself.
pub fn evaluate(
    nodes: &[Node],
    relations: &[Relation],
    cases: &[Case],
    publication: &str,
    issue: &str,
) -> Evaluation {
    let mut out = Evaluation::default();
    for case in cases {
        let score = evaluate_one(nodes, relations, case, publication, issue);
        out.overall.add(&score);
        out.articles.push(score);
    }
    out.overall.source = "overall".into();
    out
}

fn only(sources: &[NodeId], source: &NodeId) -> bool {
    sources.len() == 1 && sources[0] == *source
}

fn without(sources: &[NodeId], source: &NodeId) -> Arc<Vec<NodeId>> {
    Arc::new(sources.iter().filter(|s| *s != source).cloned().collect())
}

/// The graph without what only `source` states, and the removed nodes and relations.
fn reduced(
    nodes: &[Node],
    relations: &[Relation],
    source: &NodeId,
) -> (KnowledgeGraph, Vec<Node>, Vec<Relation>) {
    let mut graph = KnowledgeGraph::new();
    let mut removed_nodes = Vec::new();
    let mut removed_ids = BTreeSet::new();
    let mut kept = Vec::new();
    for n in nodes {
        if n.id == *source || (n.kind() != NodeKind::Source && only(&n.sources, source)) {
            removed_ids.insert(n.id.clone());
            if n.id != *source {
                removed_nodes.push(n.clone());
            }
        } else {
            let mut n = n.clone();
            n.sources = without(&n.sources, source);
            kept.push(n);
        }
    }
    kept.sort_by_key(|n| n.kind() != NodeKind::Source);
    for n in kept {
        let _ = graph.insert_node(n, 1);
    }
    let mut removed_relations = Vec::new();
    for r in relations {
        if only(&r.sources, source) || removed_ids.contains(&r.from) || removed_ids.contains(&r.to)
        {
            if r.sources.contains(source) {
                removed_relations.push(r.clone());
            }
        } else {
            let mut r = r.clone();
            r.sources = without(&r.sources, source);
            let _ = graph.insert_relation(r);
        }
    }
    (graph, removed_nodes, removed_relations)
}

/// Every name a node goes by, normalized.
fn names(node: &Node) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = std::iter::once(node.name.as_str())
        .chain(node.aliases().iter().map(String::as_str))
        .chain(node.name_zh())
        .map(key)
        .collect();
    match &node.data {
        NodeData::Agency(a) => out.extend(a.abbreviation.as_deref().map(key)),
        NodeData::TechnicalCommittee(c) => out.extend(c.code.as_deref().map(key)),
        NodeData::Standard(s) => out.extend(s.title.as_deref().map(key)),
        _ => {}
    }
    out.retain(|n| !n.is_empty());
    out
}

fn code_key(node: &Node) -> Option<String> {
    node.standard_code().map(|c| c.key())
}

/// The date fields of a node, as (field, date).
fn date_fields(node: &Node) -> Vec<(String, String)> {
    let json = serde_json::to_value(node).unwrap_or_default();
    DATE_FIELDS
        .iter()
        .filter_map(|f| {
            json.get(*f)
                .and_then(|v| v.as_str())
                .map(|d| ((*f).to_owned(), d.to_owned()))
        })
        .collect()
}

fn evaluate_one(
    nodes: &[Node],
    relations: &[Relation],
    case: &Case,
    publication: &str,
    issue: &str,
) -> Score {
    let source = &case.source;
    let (graph, removed, removed_relations) = reduced(nodes, relations, source);
    let document = Document {
        publication: Some(publication.to_owned()),
        issue: Some(issue.to_owned()),
        issued: None,
        format: None,
        articles: vec![case.article.clone()],
    };
    let proposal = propose::propose(&graph, &document, &|_| false);
    score(
        &graph,
        nodes,
        relations,
        &removed,
        &removed_relations,
        source,
        &proposal,
    )
}

fn score(
    graph: &KnowledgeGraph,
    nodes: &[Node],
    relations: &[Relation],
    removed: &[Node],
    removed_relations: &[Relation],
    source: &NodeId,
    proposal: &Proposal,
) -> Score {
    let created: Vec<&Node> = proposal
        .items
        .iter()
        .filter_map(|i| match &i.change {
            ItemChange::CreateNode { node } if node.kind() != NodeKind::Source => Some(node),
            _ => None,
        })
        .collect();
    // Alignment of proposed new nodes to removed ones.
    let mut aligned: HashMap<NodeId, NodeId> = HashMap::new();
    let mut taken: BTreeSet<NodeId> = BTreeSet::new();
    let start = |n: &Node| match &n.data {
        NodeData::Event(e) => e.start,
        NodeData::Mou(m) => m.signed,
        _ => None,
    };
    for p in &created {
        let p_names = names(p);
        let found = removed.iter().find(|r| {
            !taken.contains(&r.id)
                && r.kind() == p.kind()
                && (r.id == p.id
                    || (code_key(r).is_some() && code_key(r) == code_key(p))
                    || (code_key(p).is_none() && !names(r).is_disjoint(&p_names)))
        });
        // An event or MoU of the same day is the same one, whatever its name.
        let found = found.or_else(|| {
            removed.iter().find(|r| {
                !taken.contains(&r.id)
                    && r.kind() == p.kind()
                    && start(r).is_some()
                    && start(r) == start(p)
            })
        });
        if let Some(r) = found {
            taken.insert(r.id.clone());
            aligned.insert(p.id.clone(), r.id.clone());
        }
    }
    let align = |id: &NodeId| aligned.get(id).cloned().unwrap_or_else(|| id.clone());
    let cites = |n: &Node| n.sources.contains(source);
    // (a) codes.
    let expected_codes: BTreeSet<String> = nodes
        .iter()
        .filter(|n| cites(n))
        .filter_map(code_key)
        .collect();
    let mut proposed_codes: BTreeSet<String> = created.iter().filter_map(|n| code_key(n)).collect();
    for m in proposal.articles.iter().flat_map(|a| &a.mentions) {
        if let Some(l) = &m.link
            && !l.proposed
            && let Some(n) = graph.get(l.node.as_str())
        {
            proposed_codes.extend(code_key(n.node()));
        }
    }
    // (b) dates on the right fact.
    let mut expected_dates: BTreeSet<String> = BTreeSet::new();
    for n in removed {
        for (f, d) in date_fields(n) {
            expected_dates.insert(format!("{} {f} {d}", n.id));
        }
    }
    for r in removed_relations {
        if let Some(d) = r.props().date {
            expected_dates.insert(format!("{} {} {} {d}", r.from, r.kind, r.to));
        }
    }
    let mut proposed_dates: BTreeSet<String> = BTreeSet::new();
    for item in &proposal.items {
        match &item.change {
            ItemChange::CreateNode { node } if node.kind() != NodeKind::Source => {
                for (f, d) in date_fields(node) {
                    proposed_dates.insert(format!("{} {f} {d}", align(&node.id)));
                }
            }
            ItemChange::SetField {
                node, field, value, ..
            } if DATE_FIELDS.contains(&field.as_str()) => {
                // A field of a kept node: right when the full graph holds that value.
                let right = nodes.iter().find(|n| n.id == *node).is_some_and(|n| {
                    serde_json::to_value(n)
                        .ok()
                        .and_then(|j| j.get(field).cloned())
                        == Some(value.clone())
                });
                let fact = format!("{node} {field} {}", value.as_str().unwrap_or(""));
                if right {
                    expected_dates.insert(fact.clone());
                }
                proposed_dates.insert(fact);
            }
            ItemChange::Link { relation } => {
                if let Some(d) = relation.props().date {
                    proposed_dates.insert(format!(
                        "{} {} {} {d}",
                        align(&relation.from),
                        relation.kind,
                        align(&relation.to)
                    ));
                }
            }
            _ => {}
        }
    }
    // (c) links to known entities.
    let expected_links: BTreeSet<NodeId> = graph
        .all_nodes()
        .filter(|n| n.kind() != NodeKind::Source)
        .filter(|n| nodes.iter().find(|o| o.id == *n.id()).is_some_and(&cites))
        .map(|n| n.id().clone())
        .collect();
    let mut proposed_links: BTreeSet<NodeId> = proposal
        .articles
        .iter()
        .flat_map(|a| &a.mentions)
        .filter_map(|m| m.link.as_ref())
        .filter(|l| !l.proposed && graph.get(l.node.as_str()).is_some())
        .map(|l| l.node.clone())
        .collect();
    // A known node the article is added to the sources of is linked to it (a section's topic).
    proposal.items.iter().for_each(|i| {
        if let ItemChange::CorroborateNode { node, .. } = &i.change {
            proposed_links.insert(node.clone());
        }
    });
    // (d) new entities.
    let expected_entities: BTreeSet<NodeId> = removed.iter().map(|n| n.id.clone()).collect();
    let proposed_entities: BTreeSet<NodeId> = created.iter().map(|n| align(&n.id)).collect();
    // (e) relations.
    let triple = |r: &Relation| format!("{} {} {}", r.from, r.kind, r.to);
    let expected_relations: BTreeSet<String> = removed_relations.iter().map(triple).collect();
    let proposed_relations: BTreeSet<String> = proposal
        .items
        .iter()
        .filter_map(|i| match &i.change {
            ItemChange::Link { relation } => Some(format!(
                "{} {} {}",
                align(&relation.from),
                relation.kind,
                align(&relation.to)
            )),
            _ => None,
        })
        .collect();
    let kept_citing: BTreeSet<String> = relations
        .iter()
        .filter(|r| r.sources.contains(source) && !only(&r.sources, source))
        .filter(|r| graph.relation(&r.id()).is_some())
        .map(|r| r.id().to_string())
        .collect();
    let corroborated: BTreeSet<String> = proposal
        .items
        .iter()
        .filter_map(|i| match &i.change {
            ItemChange::CorroborateRelation { relation, .. } => Some(relation.to_string()),
            _ => None,
        })
        .collect();
    let mut misses = Vec::new();
    differences("code", &proposed_codes, &expected_codes, &mut misses);
    differences("date", &proposed_dates, &expected_dates, &mut misses);
    differences("link", &proposed_links, &expected_links, &mut misses);
    differences(
        "entity",
        &proposed_entities,
        &expected_entities,
        &mut misses,
    );
    differences(
        "relation",
        &proposed_relations,
        &expected_relations,
        &mut misses,
    );
    Score {
        misses,
        source: source.to_string(),
        codes: Counts::of(&proposed_codes, &expected_codes),
        dates: Counts::of(&proposed_dates, &expected_dates),
        links: Counts::of(&proposed_links, &expected_links),
        entities: Counts::of(&proposed_entities, &expected_entities),
        relations: Counts::of(&proposed_relations, &expected_relations),
        corroborated: Counts::of(&corroborated, &kept_citing),
    }
}

/// The seed's newsletter, relative to the repository's root.
pub const NEWSLETTER: &str = "tests/fixtures/newsletter/sesec-it-ict-newsletter-2019.txt";

/// Evaluates every numbered article of the seed's newsletter `text` against the seed's `nodes` and
/// `relations`, as the newsletter's own issue (`SESEC ... 2019`).
pub fn newsletter(nodes: &[Node], relations: &[Relation], text: &str) -> Evaluation {
    let cases = cases_from_text(text, nodes);
    evaluate(
        nodes,
        relations,
        &cases,
        "SESEC IV China IT/ICT Standardization Newsletter",
        "2019",
    )
}

/// `page` with the text between its `<!-- tables -->` and `<!-- /tables -->` markers replaced by
/// `tables`; `None` without the markers.
pub fn with_tables(page: &str, tables: &str) -> Option<String> {
    let (open, close) = ("<!-- tables -->\n", "<!-- /tables -->");
    let start = page.find(open)? + open.len();
    let end = start + page[start..].find(close)?;
    Some(format!("{}{tables}{}", &page[..start], &page[end..]))
}

/// The targets of issue #19: (measure, precision, recall).
pub const TARGETS: [(&str, f64, f64); 5] = [
    ("standard codes", 0.98, 0.98),
    ("dates on the right fact", 0.85, 0.85),
    ("links to known entities", 0.95, 0.90),
    ("new entities", 0.70, 0.80),
    ("relations", 0.75, 0.70),
];

fn pr(c: Counts) -> String {
    format!(
        "{}/{}/{} | {:.0}% | {:.0}%",
        c.correct,
        c.proposed,
        c.expected,
        c.precision() * 100.0,
        c.recall() * 100.0
    )
}

impl Evaluation {
    /// The Markdown tables QUALITY.md shows: per article (correct/proposed/expected, precision,
    /// recall for each measure), then overall against the targets.
    pub fn tables(&self) -> String {
        let mut out = String::new();
        out.push_str("| article | codes c/p/e | P | R | dates c/p/e | P | R | links c/p/e | P | R | new entities c/p/e | P | R | relations c/p/e | P | R | corroborated relations c/p/e | P | R |\n");
        out.push_str(
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
        );
        for s in self.articles.iter().chain(std::iter::once(&self.overall)) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                s.source,
                pr(s.codes),
                pr(s.dates),
                pr(s.links),
                pr(s.entities),
                pr(s.relations),
                pr(s.corroborated)
            );
        }
        out.push_str("\n| measure | precision | target | recall | target | met |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        let o = &self.overall;
        let measures = [o.codes, o.dates, o.links, o.entities, o.relations];
        for ((name, tp, tr), c) in TARGETS.iter().zip(measures) {
            let met = c.precision() >= *tp && c.recall() >= *tr;
            let _ = writeln!(
                out,
                "| {name} | {:.1}% | {:.0}% | {:.1}% | {:.0}% | {} |",
                c.precision() * 100.0,
                tp * 100.0,
                c.recall() * 100.0,
                tr * 100.0,
                if met { "yes" } else { "no" }
            );
        }
        out
    }
}

/// The numbered articles of a newsletter in the seed's layout, as the reader splits its plain text
/// (the same `read::read` an ingest runs), each paired with the labelled Source node of its number.
pub fn cases_from_text(text: &str, sources: &[Node]) -> Vec<Case> {
    let numbered: BTreeMap<u32, &Node> = sources
        .iter()
        .filter_map(|n| match &n.data {
            NodeData::Source(s) => s.article.map(|a| (a, n)),
            _ => None,
        })
        .collect();
    let options = IngestOptions {
        format: Some(Format::Text),
        ..IngestOptions::default()
    };
    let Ok(document) = read::read(text.as_bytes(), &options) else {
        return Vec::new();
    };
    document
        .articles
        .into_iter()
        .filter_map(|article| {
            let node = numbered.get(&article.number?)?;
            Some(Case {
                source: node.id.clone(),
                article,
            })
        })
        .collect()
}
