//! From linked mentions to reviewable items: nodes to create, fields to set, relations and
//! corroborations, each with its evidence, rule and confidence; what the graph holds is left out.
//!
//! The work is done in two passes. Reading ([`rules`]) walks each article sentence by sentence and
//! collects facts into a [`Collector`]: new entities (merged across articles by code, normalized
//! name and abbreviation), fields of existing nodes, relations and corroborations, each with the
//! evidence that states it. Emitting ([`Collector::finish`]) turns the facts into [`Item`]s in a
//! fixed order (sources, new nodes, fields, relations, corroborations), so the same input always
//! gives the same proposal.
//!
//! Confidences: a rule's confidence is fixed by how often its kind of sentence says what the rule
//! reads into it: 1.0 for an article's Source; 0.95 for a standard from its code; a corroboration
//! takes the link's score; 0.9 for a field from a date whose role the sentence names, 0.7 for one
//! read from a lifecycle verb; 0.85 for structure read from a committee code; 0.8 for entities
//! from definitions and titles; 0.75 for relations read from verbs (issued by, drafted by, hosted
//! by, signed); 0.6 for topics and for attendance. A fact found in several places keeps the
//! highest.

mod rules;

use super::find::sentences::sentences;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::link::{self, Gazetteer};
use super::{ArticleView, Document, Evidence, Item, ItemChange, ItemStatus, Proposal};
use crate::graph::KnowledgeGraph;
use crate::model::{Node, NodeData, NodeId, NodeKind, Relation, RelationKind, SourceData};

/// Proposes what `document` adds to `graph`, leaving out items for which `known_items` is true.
pub fn propose(
    graph: &KnowledgeGraph,
    document: &Document,
    known_items: &dyn Fn(&str) -> bool,
) -> Proposal {
    let mut digest = Sha256::new();
    for article in &document.articles {
        digest.update(article.text.as_bytes());
    }
    let id = format!("proposal:{}", hex(&digest.finalize()[..8]));
    let year = document.issued.map(|d| d.year()).or_else(|| {
        document
            .issue
            .as_deref()
            .and_then(|i| i.get(..4))
            .and_then(|y| y.parse().ok())
    });
    let mut collector = Collector::new(graph);
    let mut articles = Vec::new();
    for (i, article) in document.articles.iter().enumerate() {
        let source = source_id(graph, document, article, i);
        if graph.get(source.as_str()).is_none() {
            let mut node = Node::new(
                source.clone(),
                article.title.clone(),
                NodeData::Source(SourceData {
                    publication: document.publication.clone().unwrap_or_default(),
                    issue: document.issue.clone(),
                    issued: document.issued,
                    article: article.number,
                    section: article.section.clone(),
                    title: Some(article.title.clone()),
                    url: article.url.clone(),
                }),
            );
            node.sources = Arc::new(vec![source.clone()]);
            collector.sources.push((
                node,
                Evidence {
                    source: source.clone(),
                    start: 0,
                    end: article.title.len().min(article.text.len()),
                    sentence: article.title.clone(),
                },
            ));
        }
        let mentions = rules::read_article(&mut collector, &source, article, year);
        articles.push(ArticleView {
            source,
            number: article.number,
            section: article.section.clone(),
            title: article.title.clone(),
            text: article.text.clone(),
            url: article.url.clone(),
            mentions,
        });
    }
    let mut items = collector.finish();
    items.retain(|item| !known_items(&item.id));
    Proposal {
        id,
        publication: document.publication.clone(),
        issue: document.issue.clone(),
        issued: document.issued,
        format: document.format,
        articles,
        items,
    }
}

/// The Source id of an article: `src:<publication>-<issue>-aNN` when the article has a number
/// (the publication's first word), else a digest of its text. An id the graph already gives a
/// different article falls back to the digest, so two texts never share a source.
fn source_id(
    graph: &KnowledgeGraph,
    document: &Document,
    article: &super::Article,
    index: usize,
) -> NodeId {
    let publication = document
        .publication
        .as_deref()
        .and_then(|p| p.split_whitespace().next())
        .map(slug);
    let issue = document.issue.as_deref().map(slug);
    let stem: Vec<String> = publication.into_iter().chain(issue).collect();
    let stem = if stem.is_empty() {
        "article".to_owned()
    } else {
        stem.join("-")
    };
    let digest_id = || {
        NodeId::parse(&format!(
            "src:{stem}-{}-{}",
            index + 1,
            short_digest(&article.text)
        ))
        .expect("a slug and hex digits make a valid id")
    };
    let Some(number) = article.number else {
        return digest_id();
    };
    let id = NodeId::parse(&format!("src:{stem}-a{number:02}"))
        .expect("a slug and digits make a valid id");
    match graph.get(id.as_str()).map(|n| n.node().data.clone()) {
        Some(NodeData::Source(s)) if s.title.as_deref() != Some(article.title.as_str()) => {
            digest_id()
        }
        _ => id,
    }
}

/// Where a fact is stated, and how sure the rule that read it is.
#[derive(Clone, Debug)]
struct Fact {
    rule: &'static str,
    confidence: f32,
    evidence: Vec<Evidence>,
}

impl Fact {
    fn new(rule: &'static str, confidence: f32, evidence: Evidence) -> Self {
        Self {
            rule,
            confidence,
            evidence: vec![evidence],
        }
    }

    /// Adds another statement of the same fact.
    fn absorb(&mut self, other: Fact) {
        if other.confidence > self.confidence {
            self.confidence = other.confidence;
            self.rule = other.rule;
        }
        for e in other.evidence {
            if !self.evidence.contains(&e) {
                self.evidence.push(e);
            }
        }
    }

    fn sources(&self) -> Vec<NodeId> {
        let set: BTreeSet<&NodeId> = self.evidence.iter().map(|e| &e.source).collect();
        set.into_iter().cloned().collect()
    }
}

/// A node the proposal creates.
#[derive(Debug)]
struct NewNode {
    node: Node,
    fact: Fact,
}

/// An entity a mention stands for: a node the graph holds, or one the proposal creates.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entity {
    pub id: NodeId,
    pub kind: NodeKind,
    pub new: bool,
}

/// What the rules found, merged across articles, before it becomes items.
pub(crate) struct Collector<'g> {
    graph: &'g KnowledgeGraph,
    gazetteer: Gazetteer,
    sources: Vec<(Node, Evidence)>,
    new_nodes: Vec<NewNode>,
    /// Merge keys (`code:`, `name:`, `abbr:`) of new nodes, to their index in `new_nodes`.
    new_keys: HashMap<String, usize>,
    fields: Vec<(NodeId, String, serde_json::Value, Fact)>,
    relations: Vec<(Relation, Fact)>,
    relation_index: HashMap<(NodeId, RelationKind, NodeId), usize>,
    corroborated: Vec<(NodeId, NodeId, Fact)>,
    corroborated_relations: Vec<(Relation, NodeId, Fact)>,
    seen_corroborations: HashSet<(String, NodeId)>,
}

impl<'g> Collector<'g> {
    fn new(graph: &'g KnowledgeGraph) -> Self {
        Self {
            graph,
            gazetteer: Gazetteer::build(graph),
            sources: Vec::new(),
            new_nodes: Vec::new(),
            new_keys: HashMap::new(),
            fields: Vec::new(),
            relations: Vec::new(),
            relation_index: HashMap::new(),
            corroborated: Vec::new(),
            corroborated_relations: Vec::new(),
            seen_corroborations: HashSet::new(),
        }
    }

    /// The new node merged under one of `keys`, if any.
    fn find_new(&self, keys: &[String]) -> Option<Entity> {
        keys.iter().find_map(|k| self.new_keys.get(k)).map(|&i| {
            let n = &self.new_nodes[i].node;
            Entity {
                id: n.id.clone(),
                kind: n.kind(),
                new: true,
            }
        })
    }

    /// Proposes `node` (or merges this statement into the new node one of `keys` already names);
    /// returns the entity. A node whose id the graph holds is that node.
    fn create(&mut self, node: Node, keys: Vec<String>, fact: Fact) -> Entity {
        if let Some(existing) = self.graph.get(node.id.as_str()) {
            return Entity {
                id: existing.id().clone(),
                kind: existing.kind(),
                new: false,
            };
        }
        let index = keys
            .iter()
            .find_map(|k| self.new_keys.get(k).copied())
            .or_else(|| self.new_nodes.iter().position(|n| n.node.id == node.id));
        let index = match index {
            Some(i) => {
                let merged = &mut self.new_nodes[i];
                merge_fields(&mut merged.node, &node);
                merged.fact.absorb(fact);
                i
            }
            None => {
                self.new_nodes.push(NewNode { node, fact });
                self.new_nodes.len() - 1
            }
        };
        for k in keys {
            self.new_keys.entry(k).or_insert(index);
        }
        let n = &self.new_nodes[index].node;
        Entity {
            id: n.id.clone(),
            kind: n.kind(),
            new: true,
        }
    }

    /// The new node `id`, to set its fields.
    fn new_node_mut(&mut self, id: &NodeId) -> Option<&mut Node> {
        self.new_nodes
            .iter_mut()
            .find(|n| &n.node.id == id)
            .map(|n| &mut n.node)
    }

    /// Proposes a field of an existing node, unless it already holds that value.
    fn set_field(&mut self, node: &NodeId, field: &str, value: serde_json::Value, fact: Fact) {
        let Some(current) = self.graph.get(node.as_str()) else {
            return;
        };
        let mut json = serde_json::to_value(current.node()).unwrap_or_default();
        if json.get(field) == Some(&value) {
            return;
        }
        // Only a value the node stays valid with (an in-force date before publication is not).
        json[field] = value.clone();
        let valid = serde_json::from_value::<Node>(json).is_ok_and(|n| n.validate().is_ok());
        if !valid {
            return;
        }
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| &f.0 == node && f.1 == field && f.2 == value)
        {
            f.3.absorb(fact);
            return;
        }
        self.fields
            .push((node.clone(), field.to_owned(), value, fact));
    }

    /// Proposes a relation if the model allows its endpoints; one the graph holds is corroborated.
    fn relate(&mut self, kind: RelationKind, from: &Entity, to: &Entity, fact: Fact) {
        self.relate_with(kind, from, to, fact, |_| {});
    }

    fn relate_with(
        &mut self,
        kind: RelationKind,
        from: &Entity,
        to: &Entity,
        fact: Fact,
        props: impl FnOnce(&mut Relation),
    ) {
        if from.id == to.id || !kind.allows(from.kind, to.kind) {
            return;
        }
        let mut relation = Relation::new(kind, from.id.clone(), to.id.clone(), Vec::new());
        props(&mut relation);
        if !from.new && !to.new {
            let held = self.graph.get(from.id.as_str()).and_then(|n| {
                n.relations(crate::graph::Way::Outgoing, &[kind])
                    .into_iter()
                    .find(|r| r.relation.to == to.id)
                    .map(|r| r.relation.clone())
            });
            if let Some(held) = held {
                let source = fact.evidence[0].source.clone();
                if !held.sources.contains(&source)
                    && self
                        .seen_corroborations
                        .insert((held.id().to_string(), source.clone()))
                {
                    self.corroborated_relations.push((held, source, fact));
                }
                return;
            }
        }
        let key = (from.id.clone(), kind, to.id.clone());
        match self.relation_index.get(&key) {
            Some(&i) => {
                let (existing, known) = &mut self.relations[i];
                if existing.props().date.is_none() {
                    existing.props_mut().date = relation.props().date;
                }
                known.absorb(fact);
            }
            None => {
                self.relation_index.insert(key, self.relations.len());
                self.relations.push((relation, fact));
            }
        }
    }

    /// Adds the article to the sources of a node the graph holds, once.
    fn corroborate(&mut self, node: &NodeId, fact: Fact) {
        let source = fact.evidence[0].source.clone();
        let Some(n) = self.graph.get(node.as_str()) else {
            return;
        };
        if n.kind() == NodeKind::Source || n.node().sources.contains(&source) {
            return;
        }
        if self
            .seen_corroborations
            .insert((node.to_string(), source.clone()))
        {
            self.corroborated.push((node.clone(), source, fact));
        } else if let Some(c) = self
            .corroborated
            .iter_mut()
            .find(|c| &c.0 == node && c.1 == source)
        {
            c.2.absorb(fact);
        }
    }

    /// The items, in a fixed order, each requiring the Source items of its evidence and the
    /// CreateNode items of the new nodes it names.
    fn finish(self) -> Vec<Item> {
        let mut items = Vec::new();
        let mut created: HashMap<NodeId, String> = HashMap::new();
        let mut source_items: HashMap<NodeId, String> = HashMap::new();
        for (node, evidence) in self.sources {
            let id = node.id.clone();
            let item = item(
                ItemChange::CreateNode { node },
                Fact::new("article", 1.0, evidence),
                Vec::new(),
                None,
            );
            source_items.insert(id.clone(), item.id.clone());
            created.insert(id, item.id.clone());
            items.push(item);
        }
        let requires_sources = |fact: &Fact| -> Vec<String> {
            fact.sources()
                .iter()
                .filter_map(|s| source_items.get(s).cloned())
                .collect()
        };
        let mut node_items = Vec::new();
        for NewNode { mut node, fact } in self.new_nodes {
            node.sources = Arc::new(fact.sources());
            let requires = requires_sources(&fact);
            let id = node.id.clone();
            let item = item(ItemChange::CreateNode { node }, fact, requires, None);
            created.insert(id, item.id.clone());
            node_items.push(item);
        }
        items.extend(node_items);
        for (node, field, value, fact) in self.fields {
            let current = self.graph.get(node.as_str());
            let previous = current.and_then(|n| {
                serde_json::to_value(n.node())
                    .ok()
                    .and_then(|j| j.get(&field).cloned())
            });
            let base = current.map(|n| n.version());
            let requires = requires_sources(&fact);
            items.push(item(
                ItemChange::SetField {
                    node,
                    field,
                    value,
                    previous,
                },
                fact,
                requires,
                base,
            ));
        }
        for (mut relation, fact) in self.relations {
            relation.sources = Arc::new(fact.sources());
            let mut requires = requires_sources(&fact);
            for end in [&relation.from, &relation.to] {
                if let Some(i) = created.get(end)
                    && !requires.contains(i)
                {
                    requires.push(i.clone());
                }
            }
            items.push(item(ItemChange::Link { relation }, fact, requires, None));
        }
        for (node, source, fact) in self.corroborated {
            let base = self.graph.get(node.as_str()).map(|n| n.version());
            let requires = requires_sources(&fact);
            items.push(item(
                ItemChange::CorroborateNode { node, source },
                fact,
                requires,
                base,
            ));
        }
        for (relation, source, fact) in self.corroborated_relations {
            let requires = requires_sources(&fact);
            items.push(item(
                ItemChange::CorroborateRelation {
                    relation: relation.id(),
                    source,
                },
                fact,
                requires,
                None,
            ));
        }
        items
    }
}

/// Fills the fields `into` lacks from `from` (same kind), and adds `from`'s names as aliases.
fn merge_fields(into: &mut Node, from: &Node) {
    let mut a = serde_json::to_value(&*into).unwrap_or_default();
    let b = serde_json::to_value(from).unwrap_or_default();
    if let (Some(a), Some(b)) = (a.as_object_mut(), b.as_object()) {
        for (k, v) in b {
            if !a.contains_key(k) {
                a.insert(k.clone(), v.clone());
            }
        }
    }
    if let Ok(mut merged) = serde_json::from_value::<Node>(a)
        && merged.kind() == into.kind()
    {
        if from.name != merged.name
            && !merged.aliases().contains(&from.name)
            && link::gazetteer::key(&from.name) != link::gazetteer::key(&merged.name)
        {
            merged.extras_mut().aliases.push(from.name.clone());
        }
        *into = merged;
    }
}

fn item(change: ItemChange, fact: Fact, requires: Vec<String>, base_version: Option<u64>) -> Item {
    Item {
        id: item_id(&change),
        change,
        rule: fact.rule.to_owned(),
        confidence: fact.confidence,
        evidence: fact.evidence,
        requires,
        base_version,
        status: ItemStatus::Pending,
    }
}

/// The id of an item: a digest of what it changes.
pub fn item_id(change: &ItemChange) -> String {
    let json = serde_json::to_vec(change).expect("item changes serialize to JSON");
    format!("item:{}", hex(&Sha256::digest(&json)[..8]))
}

fn short_digest(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes())[..3])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case letters, digits and dashes.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "x".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Article;
    use crate::model::AgencyData;

    fn id(s: &str) -> NodeId {
        NodeId::parse(s).unwrap()
    }

    fn graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let mut source = Node::new(
            id("src:old"),
            "old",
            NodeData::Source(SourceData::default()),
        );
        source.sources = Arc::new(vec![id("src:old")]);
        g.insert_node(source, 1).unwrap();
        let mut cesi = Node::new(
            id("agency:cesi"),
            "China Electronics Standardization Institute",
            NodeData::Agency(AgencyData {
                abbreviation: Some("CESI".into()),
                ..AgencyData::default()
            }),
        );
        cesi.sources = Arc::new(vec![id("src:old")]);
        g.insert_node(cesi, 3).unwrap();
        g
    }

    fn document() -> Document {
        let text = "CESI hosts a forum\n\nOn 5 May, CESI hosted a forum in Beijing.";
        Document {
            publication: Some("Example Newsletter".into()),
            issue: Some("2020".into()),
            articles: vec![Article {
                number: Some(3),
                title: "CESI hosts a forum".into(),
                text: text.into(),
                ..Article::default()
            }],
            ..Document::default()
        }
    }

    #[test]
    fn an_article_is_a_source_and_corroborates_the_known_entities_it_names() {
        let g = graph();
        let proposal = propose(&g, &document(), &|_| false);
        let source = id("src:example-2020-a03");
        assert_eq!(proposal.articles[0].source, source);
        let [create, corroborate] = proposal.items.as_slice() else {
            panic!("two items: {:#?}", proposal.items);
        };
        assert!(matches!(&create.change, ItemChange::CreateNode { node } if node.id == source));
        assert_eq!(
            corroborate.change,
            ItemChange::CorroborateNode {
                node: id("agency:cesi"),
                source: source.clone()
            }
        );
        assert_eq!(corroborate.requires, std::slice::from_ref(&create.id));
        assert_eq!(corroborate.base_version, Some(3));
        let e = &corroborate.evidence[0];
        let text = &proposal.articles[0].text;
        assert_eq!(&text[e.start..e.end], "CESI");
        assert_eq!(e.sentence, "CESI hosts a forum");
        // Every mention of CESI is linked, in order.
        let linked: Vec<_> = proposal.articles[0]
            .mentions
            .iter()
            .filter_map(|m| m.link.as_ref().map(|l| l.node.as_str()))
            .collect();
        assert_eq!(linked, ["agency:cesi", "agency:cesi"]);
    }

    #[test]
    fn the_same_text_twice_proposes_nothing_new() {
        let g = graph();
        let first = propose(&g, &document(), &|_| false);
        assert_eq!(first, propose(&g, &document(), &|_| false));
        let known: Vec<String> = first.items.iter().map(|i| i.id.clone()).collect();
        let again = propose(&g, &document(), &|i| known.iter().any(|k| k == i));
        assert!(again.items.is_empty());
    }

    #[test]
    fn a_source_id_another_article_holds_falls_back_to_a_digest() {
        let mut g = graph();
        let mut other = Node::new(
            id("src:example-2020-a03"),
            "x",
            NodeData::Source(SourceData {
                title: Some("Another title".into()),
                ..SourceData::default()
            }),
        );
        other.sources = Arc::new(vec![id("src:example-2020-a03")]);
        g.insert_node(other, 1).unwrap();
        let proposal = propose(&g, &document(), &|_| false);
        let source = proposal.articles[0].source.as_str();
        assert!(source.starts_with("src:example-2020-1-"), "{source}");
    }
}
