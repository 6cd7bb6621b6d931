//! The in-memory knowledge graph: a petgraph `StableGraph` of nodes and relations, with the indexes that
//! answer lookups (by id, standard code, name and alias, kind, cited source).
//!
//! This module does no IO and knows nothing of sled or GraphQL. `NodeIndex` and `EdgeIndex` never leave
//! it: callers hold ids, or the opaque [`NodeHandle`] that is only meaningful for the snapshot that gave
//! it out. Every mutation validates first and changes nothing when it fails, so a rejected change leaves
//! the graph exactly as it was.

mod analytics;
mod deadline;
mod image;
mod index;
mod search;
mod traverse;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use foldhash::HashMap;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use crate::model::{
    DatedStatus, Node, NodeData, NodeId, NodeKind, Relation, RelationId, RelationKind,
    RelationProps, Sources, StandardCode, StandardStatus, ValidationError,
};

pub use analytics::{AnalyticsCache, Communities, DegreeScore, Selection, TraversalIndex};
pub use deadline::{Deadline, Interrupted};
pub use image::ImageError;
pub use index::SearchKeys;
use index::{KeyIndex, TrigramIndex};
pub use search::{SearchHit, SearchMatch, SearchRank};

/// How a code lookup ([`KnowledgeGraph::find_standard_match`]) found its standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeMatch {
    /// The code names this edition.
    Edition,
    /// The code has no year; this is the newest edition of its series.
    Series,
    /// The code's `.YYYY` was read as its year (`GB/T 22239.2019` as `GB/T 22239-2019`).
    DottedYear,
    /// The graph does not hold the edition the code names, but holds its series without a year
    /// (`IEC 62368-1:2014` found `IEC 62368-1`), which may be that edition.
    Yearless,
}
pub use traverse::{Fact, FactKind, Path, Paths, Step, Subgraph, Walk};

/// Which relations make a node a member of a topic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TopicVia {
    /// `covers_topic` only: what a node is about.
    #[default]
    Covers,
    /// Every relation that ties a node to a topic: `covers_topic`, `discussed` and `part_of`.
    All,
}

impl TopicVia {
    /// The relation kinds that lead from a member to its topic.
    pub fn relation_kinds(self) -> &'static [RelationKind] {
        match self {
            TopicVia::Covers => &[RelationKind::CoversTopic],
            TopicVia::All => &[
                RelationKind::CoversTopic,
                RelationKind::Discussed,
                RelationKind::PartOf,
            ],
        }
    }
}

/// Which way a relation is followed from a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Way {
    /// Relations that start at the node.
    Outgoing,
    /// Relations that end at the node.
    Incoming,
    /// Both.
    Both,
}

/// A node as stored in the graph: the node, its version and its precomputed search keys.
#[derive(Clone, Debug)]
pub struct NodeEntry {
    pub node: Node,
    pub version: u64,
    search: SearchKeys,
}

/// An opaque reference to a node in one snapshot of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NodeHandle(NodeIndex);

/// An opaque reference to a relation in one snapshot of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RelationHandle(EdgeIndex);

/// The knowledge graph with its indexes. Cloning it gives an independent copy (copy-on-write snapshots).
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    /// Nodes and relations are shared between snapshots: copying the graph for a write copies
    /// pointers, not every node's strings.
    graph: StableDiGraph<Arc<NodeEntry>, Arc<Relation>>,
    // The indexes are shared between snapshots too, each behind its own `Arc`: a write copies only
    // the indexes it changes (`Arc::make_mut`), so an update that keeps a node's names copies none.
    /// Node id -> node (filed by the id's hash; the node holds the id).
    by_id: Arc<KeyIndex>,
    by_kind: HashMap<NodeKind, Arc<BTreeMap<NodeId, NodeIndex>>>,
    /// Normalized edition key (`GB/T22239-2019`) -> standard.
    by_code: Arc<KeyIndex>,
    /// Normalized series key (`GB/T22239`) -> every edition.
    by_series: Arc<KeyIndex>,
    /// Normalized name, Chinese name, alias or abbreviation -> nodes.
    by_name: Arc<KeyIndex>,
    /// Substring search over names and descriptions (its posting lists are shared one by one).
    trigrams: TrigramIndex,
    /// Source id -> number of nodes and relations that cite it.
    citations: Arc<HashMap<NodeId, Citations>>,
    /// When each relation was added, by edge index: its position in the order relations were recorded
    /// (`0` for a free slot). Persisted with the relation, so the order survives restarts.
    recorded: Arc<Vec<u64>>,
    /// The position the next added relation gets.
    next_recorded: u64,
    /// The source list the last inserted item got (see `intern_sources`).
    recent_sources: Sources,
    /// Relation properties recently added, in slots by their hash (see `share_props`).
    recent_props: Vec<Option<Arc<RelationProps>>>,
    /// Analytics computed on this snapshot; a clone starts empty.
    analytics: AnalyticsCache,
    /// Nodes' relations of some kinds in recorded order, sorted once per snapshot; a clone starts
    /// empty.
    recorded_lists: RecordedLists,
}

/// A node's relations in one direction, of some kinds (a bit set of [`RelationKind`]s; 0 = all).
type RecordedKey = (NodeIndex, bool, u32);

/// See [`KnowledgeGraph::recorded_lists`].
#[derive(Debug, Default)]
struct RecordedLists(std::sync::Mutex<HashMap<RecordedKey, Arc<Vec<EdgeIndex>>>>);

/// How many lists a snapshot keeps before it starts over.
const RECORDED_LISTS: usize = 100_000;

impl Clone for RecordedLists {
    /// An empty cache: the clone belongs to a graph that is about to change.
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// Why a reference to a node could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("`{0}` was not found")]
    NotFound(String),
    #[error("`{reference}` is ambiguous: it names {}; use an id", candidates.join(", "))]
    Ambiguous {
        reference: String,
        candidates: Vec<String>,
    },
}

/// How many nodes and relations cite a source (which ones is found by a scan when asked).
#[derive(Clone, Copy, Debug, Default)]
struct Citations {
    nodes: usize,
    relations: usize,
}

/// A node together with the snapshot it lives in.
#[derive(Clone, Copy, Debug)]
pub struct NodeRef<'g> {
    graph: &'g KnowledgeGraph,
    ix: NodeIndex,
}

/// A relation seen from one of its ends.
#[derive(Clone, Copy, Debug)]
pub struct RelationRef<'g> {
    pub relation: &'g Relation,
    /// `Outgoing` when the node it was reached from is the relation's `from`.
    pub way: Way,
    /// The node at the other end.
    pub other: NodeRef<'g>,
    handle: RelationHandle,
}

impl<'g> NodeRef<'g> {
    pub fn node(&self) -> &'g Node {
        &self.graph.graph[self.ix].node
    }

    pub fn id(&self) -> &'g NodeId {
        &self.node().id
    }

    pub fn kind(&self) -> NodeKind {
        self.node().kind()
    }

    pub fn version(&self) -> u64 {
        self.graph.graph[self.ix].version
    }

    pub fn handle(&self) -> NodeHandle {
        NodeHandle(self.ix)
    }

    pub(crate) fn search_keys(&self) -> &'g SearchKeys {
        &self.graph.graph[self.ix].search
    }

    /// Relations at this node, in a stable order (by relation id), optionally of some kinds only.
    pub fn relations(&self, way: Way, kinds: &[RelationKind]) -> Vec<RelationRef<'g>> {
        let mut out = Vec::new();
        let mut collect = |dir: Direction, way: Way| {
            for e in self.graph.graph.edges_directed(self.ix, dir) {
                let relation = e.weight();
                if !kinds.is_empty() && !kinds.contains(&relation.kind) {
                    continue;
                }
                let other_ix = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                out.push(RelationRef {
                    relation,
                    way,
                    other: NodeRef {
                        graph: self.graph,
                        ix: other_ix,
                    },
                    handle: RelationHandle(e.id()),
                });
            }
        };
        if way != Way::Incoming {
            collect(Direction::Outgoing, Way::Outgoing);
        }
        if way != Way::Outgoing {
            collect(Direction::Incoming, Way::Incoming);
        }
        out.sort_by(|a, b| {
            (a.relation.kind, a.other.id(), a.relation.key()).cmp(&(
                b.relation.kind,
                b.other.id(),
                b.relation.key(),
            ))
        });
        out
    }

    /// Relations at this node in the order they were recorded (for an import: the file's order),
    /// optionally of some kinds only.
    pub fn relations_recorded(&self, way: Way, kinds: &[RelationKind]) -> Vec<RelationRef<'g>> {
        let mut out = Vec::new();
        for (dir, outgoing) in [(Way::Outgoing, true), (Way::Incoming, false)] {
            if way != Way::Both && way != dir {
                continue;
            }
            let list = self.graph.recorded_list(self.ix, outgoing, kinds);
            out.extend(list.iter().map(|&e| self.recorded_ref(e, outgoing)));
        }
        if way == Way::Both {
            out.sort_by_key(|r| self.graph.recorded(r.handle));
        }
        out
    }

    /// Part of [`NodeRef::relations_recorded`]: `part` picks a range of the list once it knows the
    /// list's length (and may say more about it, `T`), and only the relations in that range are
    /// built: a page of a hub's relations costs the page, not the hub. Both directions at once are
    /// merged by position, which needs the whole list. Returns the part and what `part` said.
    pub fn relations_recorded_part<T, E>(
        &self,
        way: Way,
        kinds: &[RelationKind],
        part: impl FnOnce(usize) -> Result<(std::ops::Range<usize>, T), E>,
    ) -> Result<(Vec<RelationRef<'g>>, T), E> {
        let outgoing = match way {
            Way::Outgoing => true,
            Way::Incoming => false,
            Way::Both => {
                let mut all = self.relations_recorded(way, kinds);
                let (range, said) = part(all.len())?;
                all.truncate(range.end);
                all.drain(..range.start.min(all.len()));
                return Ok((all, said));
            }
        };
        let list = self.graph.recorded_list(self.ix, outgoing, kinds);
        let (range, said) = part(list.len())?;
        let items = list
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|&e| self.recorded_ref(e, outgoing))
            .collect();
        Ok((items, said))
    }

    /// The relation behind an edge of one of this node's recorded lists.
    fn recorded_ref(&self, e: EdgeIndex, outgoing: bool) -> RelationRef<'g> {
        let (from, to) = self
            .graph
            .graph
            .edge_endpoints(e)
            .expect("cached lists hold live edges");
        RelationRef {
            relation: &self.graph.graph[e],
            way: if outgoing {
                Way::Outgoing
            } else {
                Way::Incoming
            },
            other: NodeRef {
                graph: self.graph,
                ix: if outgoing { to } else { from },
            },
            handle: RelationHandle(e),
        }
    }

    /// Relations at this node in storage order (cheap; no allocation, no sorting). For traversals that
    /// impose their own order.
    pub(crate) fn relations_unordered<'k>(
        self,
        way: Way,
        kinds: &'k [RelationKind],
    ) -> impl Iterator<Item = RelationRef<'g>> + 'k
    where
        'g: 'k,
    {
        let graph = self.graph;
        let ix = self.ix;
        let out =
            (way != Way::Incoming).then(|| graph.graph.edges_directed(ix, Direction::Outgoing));
        let inc =
            (way != Way::Outgoing).then(|| graph.graph.edges_directed(ix, Direction::Incoming));
        let tag = move |dir: Direction| {
            move |e: petgraph::stable_graph::EdgeReference<'g, Arc<Relation>>| {
                let (way, other) = if dir == Direction::Outgoing {
                    (Way::Outgoing, e.target())
                } else {
                    (Way::Incoming, e.source())
                };
                RelationRef {
                    relation: e.weight(),
                    way,
                    other: NodeRef { graph, ix: other },
                    handle: RelationHandle(e.id()),
                }
            }
        };
        out.into_iter()
            .flatten()
            .map(tag(Direction::Outgoing))
            .chain(inc.into_iter().flatten().map(tag(Direction::Incoming)))
            .filter(move |r| kinds.is_empty() || kinds.contains(&r.relation.kind))
    }

    /// The nodes at the other end of this node's relations of one kind, in id order, without repeats.
    pub fn neighbours(&self, way: Way, kind: RelationKind) -> Vec<NodeRef<'g>> {
        let mut seen = HashSet::new();
        let mut out: Vec<_> = self
            .relations(way, &[kind])
            .into_iter()
            .map(|r| r.other)
            .filter(|n| seen.insert(n.ix))
            .collect();
        out.sort_by(|a, b| a.id().cmp(b.id()));
        out
    }
}

impl RelationRef<'_> {
    pub fn handle(&self) -> RelationHandle {
        self.handle
    }

    /// The position the relation was recorded at ([`KnowledgeGraph::recorded`]).
    pub fn recorded(&self) -> u64 {
        self.other.graph.recorded(self.handle)
    }
}

impl KnowledgeGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty graph with room for `nodes` nodes and `relations` relations, so that loading a
    /// graph of known size does not over-allocate by growing its tables step by step (a table that
    /// doubles can end up almost twice as large as needed).
    ///
    /// Its search index collects nodes in bulk until [`KnowledgeGraph::shrink_to_fit`], which
    /// must come before the graph is read.
    pub fn with_capacity(nodes: usize, relations: usize) -> Self {
        let mut graph = Self {
            graph: StableDiGraph::with_capacity(nodes, relations),
            by_id: Arc::new(KeyIndex::with_capacity(nodes)),
            recorded: Arc::new(Vec::with_capacity(relations)),
            by_name: Arc::new(KeyIndex::with_capacity(nodes)),
            ..Self::default()
        };
        graph.trigrams.begin_bulk();
        graph
    }

    /// Ends a bulk build (see [`KnowledgeGraph::with_capacity`]) and gives back the room indexes
    /// grew into meanwhile (start-up).
    pub fn shrink_to_fit(&mut self) {
        self.trigrams.shrink_to_fit();
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn relation_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub fn get(&self, id: &str) -> Option<NodeRef<'_>> {
        self.index_of(id).map(|ix| NodeRef { graph: self, ix })
    }

    /// The node behind a handle from this snapshot.
    pub fn resolve(&self, handle: NodeHandle) -> Option<NodeRef<'_>> {
        self.graph.contains_node(handle.0).then_some(NodeRef {
            graph: self,
            ix: handle.0,
        })
    }

    pub fn relation(&self, id: &RelationId) -> Option<&Relation> {
        self.find_edge(id).map(|e| &*self.graph[e])
    }

    pub fn relation_handle(&self, id: &RelationId) -> Option<RelationHandle> {
        self.find_edge(id).map(RelationHandle)
    }

    /// The edge a relation id names, found among its `from` node's outgoing relations (ids are
    /// `from|kind|to`, plus `#key`; node ids hold neither `|` nor `#`).
    fn find_edge(&self, id: &RelationId) -> Option<EdgeIndex> {
        let (from, rest) = id.as_str().split_once('|')?;
        let (kind, rest) = rest.split_once('|')?;
        let (to, key) = match rest.split_once('#') {
            Some((to, key)) => (to, Some(key)),
            None => (rest, None),
        };
        let kind = RelationKind::parse(kind)?;
        let ix = self.index_of(from)?;
        self.graph
            .edges_directed(ix, Direction::Outgoing)
            .find(|e| {
                let r = e.weight();
                r.kind == kind && r.to.as_str() == to && r.key() == key
            })
            .map(|e| e.id())
    }

    pub fn relation_by_handle(&self, handle: RelationHandle) -> Option<&Relation> {
        self.graph.edge_weight(handle.0).map(|r| &**r)
    }

    /// Every node of a kind, in id order.
    pub fn nodes_of_kind(&self, kind: NodeKind) -> impl Iterator<Item = NodeRef<'_>> + '_ {
        self.by_kind
            .get(&kind)
            .into_iter()
            .flat_map(|m| m.values())
            .map(|&ix| NodeRef { graph: self, ix })
    }

    /// Every node, in kind order then id order.
    pub fn all_nodes(&self) -> impl Iterator<Item = NodeRef<'_>> + '_ {
        NodeKind::ALL
            .into_iter()
            .flat_map(|k| self.nodes_of_kind(k))
    }

    /// Every relation, in relation-id order.
    pub fn all_relations(&self) -> Vec<&Relation> {
        let mut all: Vec<&Relation> = self.graph.edge_weights().map(|r| &**r).collect();
        all.sort_by_cached_key(|r| r.id());
        all
    }

    pub fn count_by_kind(&self) -> BTreeMap<NodeKind, usize> {
        NodeKind::ALL
            .into_iter()
            .map(|k| (k, self.by_kind.get(&k).map_or(0, |m| m.len())))
            .collect()
    }

    pub fn count_by_relation_kind(&self) -> BTreeMap<RelationKind, usize> {
        let mut counts: BTreeMap<_, _> = RelationKind::ALL.into_iter().map(|k| (k, 0)).collect();
        for r in self.graph.edge_weights() {
            *counts.entry(r.kind).or_default() += 1;
        }
        counts
    }

    /// Finds a standard by any spelling of its code. A code without a year names the standard across its
    /// editions and resolves to the newest edition known.
    pub fn find_standard(&self, code: &str) -> Option<NodeRef<'_>> {
        self.find_standard_match(code).map(|(node, _)| node)
    }

    /// Finds a standard by any spelling of its code, and says how the code matched it. In order: the
    /// edition the code names; for a code without a year, the newest edition of its series; the code
    /// read with its `.YYYY` as the year (`GB/T 22239.2019`); and for an edition the graph does not
    /// hold (`IEC 62368-1:2014`), the series' entry without a year (`IEC 62368-1`), if there is one.
    pub fn find_standard_match(&self, code: &str) -> Option<(NodeRef<'_>, CodeMatch)> {
        let parsed = StandardCode::parse(code).ok()?;
        let newest_in_series = |series: &str| {
            self.in_series(series)
                .map(|ix| NodeRef { graph: self, ix })
                .max_by_key(|n| {
                    (
                        n.node().standard_code().and_then(|c| c.year()),
                        n.id().clone(),
                    )
                })
        };
        if let Some(ix) = self.with_code(&parsed.key()) {
            return Some((NodeRef { graph: self, ix }, CodeMatch::Edition));
        }
        if parsed.year().is_none()
            && let Some(node) = newest_in_series(&parsed.series_key())
        {
            return Some((node, CodeMatch::Series));
        }
        let reading = parsed.dotted_year_reading();
        if let Some(ix) = reading.as_ref().and_then(|r| self.with_code(&r.key())) {
            return Some((NodeRef { graph: self, ix }, CodeMatch::DottedYear));
        }
        // An entry without a year may be the edition asked for; another dated edition is not.
        let series = reading.as_ref().unwrap_or(&parsed).series_key();
        self.in_series(&series)
            .map(|ix| NodeRef { graph: self, ix })
            .find(|n| n.node().standard_code().is_some_and(|c| c.year().is_none()))
            .map(|node| (node, CodeMatch::Yearless))
    }

    /// Every edition of the standard series a code names, oldest first.
    pub fn editions(&self, series_key: &str) -> Vec<NodeRef<'_>> {
        let mut out: Vec<_> = self
            .in_series(series_key)
            .map(|ix| NodeRef { graph: self, ix })
            .collect();
        out.sort_by_key(|n| {
            (
                n.node().standard_code().and_then(|c| c.year()),
                n.id().clone(),
            )
        });
        out
    }

    /// Nodes whose name, Chinese name, alias or abbreviation equals `text` after normalization.
    pub fn find_by_name(&self, text: &str) -> Vec<NodeRef<'_>> {
        let key = crate::model::normalize_text(text);
        let mut out: Vec<_> = self
            .named(&key)
            .map(|ix| NodeRef { graph: self, ix })
            .collect();
        out.sort_by(|a, b| a.id().cmp(b.id()));
        out.dedup_by(|a, b| a.ix == b.ix);
        out
    }

    /// Resolves what a user typed to name a node: an id, else an exact name, Chinese name, alias or
    /// abbreviation, optionally of one kind only.
    pub fn lookup(
        &self,
        reference: &str,
        kind: Option<NodeKind>,
    ) -> Result<NodeRef<'_>, LookupError> {
        if let Some(n) = self
            .get(reference)
            .filter(|n| kind.is_none_or(|k| n.kind() == k))
        {
            return Ok(n);
        }
        let mut found = self.find_by_name(reference);
        found.retain(|n| kind.is_none_or(|k| n.kind() == k));
        match found.len() {
            0 => Err(LookupError::NotFound(reference.to_owned())),
            1 => Ok(found[0]),
            _ => Err(LookupError::Ambiguous {
                reference: reference.to_owned(),
                candidates: found.iter().map(|n| n.id().to_string()).collect(),
            }),
        }
    }

    /// Groups of distinct nodes that share a normalized name, Chinese name, alias or abbreviation: likely
    /// one entity under two ids. Editions of one standard series may share a title, and a source may carry
    /// the name of what it reports on; neither is reported.
    pub fn name_collisions(&self) -> Vec<(String, Vec<NodeId>)> {
        let mut out = Vec::new();
        // A shared list holds the nodes of one key (or, rarely, of keys whose hashes collide): group
        // them by the names they actually share.
        let mut groups: BTreeMap<&str, Vec<NodeIndex>> = BTreeMap::new();
        for (hash, nodes) in self.by_name.shared() {
            groups.clear();
            for &ix in &nodes {
                for name in self.graph[ix].search.names() {
                    if self.by_name.hashes_to(name, hash) {
                        groups.entry(name).or_default().push(ix);
                    }
                }
            }
            for (key, ids) in &mut groups {
                // A source's title often names what it reports on; that is not a duplicate.
                ids.retain(|&ix| self.graph[ix].node.kind() != NodeKind::Source);
                ids.sort();
                ids.dedup();
                if ids.len() < 2 {
                    continue;
                }
                let series: HashSet<Option<&str>> = ids
                    .iter()
                    .map(|&ix| self.graph[ix].search.series_key())
                    .collect();
                if series.len() == 1 && !series.contains(&None) {
                    continue;
                }
                let mut names: Vec<NodeId> = ids
                    .iter()
                    .map(|&ix| self.graph[ix].node.id.clone())
                    .collect();
                names.sort();
                out.push(((*key).to_owned(), names));
            }
        }
        out.sort();
        out
    }

    /// The status a standard had on `day` (days since 1970-01-01): its own dates, and `Superseded` once
    /// a newer standard that supersedes it took effect (the relation's date, else the newer standard's
    /// in-force date, else its publication date). `None` for other kinds and before the standard existed.
    pub fn standard_status_on(&self, node: NodeRef<'_>, day: i64) -> Option<StandardStatus> {
        self.standard_status_explained(node, day).map(|s| s.status)
    }

    /// [`KnowledgeGraph::standard_status_on`], with what the status was inferred from
    /// ([`crate::model::StandardData::status_explained`]).
    pub fn standard_status_explained(&self, node: NodeRef<'_>, day: i64) -> Option<DatedStatus> {
        let NodeData::Standard(data) = &node.node().data else {
            return None;
        };
        let superseded_on = node
            .relations_unordered(Way::Incoming, &[RelationKind::Supersedes])
            .filter_map(|r| {
                let newer = match &r.other.node().data {
                    NodeData::Standard(n) => n.in_force.or(n.published),
                    _ => None,
                };
                r.relation.props().date.or(newer).map(|d| d.last_day())
            })
            .min();
        data.status_explained(day, superseded_on)
    }

    /// The nodes tied to a topic (and, with `subtopics`, to its sub-topics) by a relation of one of
    /// `kinds` pointing at it, in id order; sub-topics themselves (`part_of` between topics) are not
    /// among them.
    pub fn topic_members(
        &self,
        topic: NodeRef<'_>,
        kinds: &[RelationKind],
        subtopics: bool,
    ) -> Vec<NodeRef<'_>> {
        let topics = if subtopics {
            self.topic_with_subtopics(topic.id())
        } else {
            HashSet::from([topic.handle()])
        };
        let mut seen = HashSet::new();
        let mut out: Vec<NodeRef<'_>> = Vec::new();
        for t in topics.iter().filter_map(|h| self.resolve(*h)) {
            for r in t.relations_unordered(Way::Incoming, kinds) {
                let other = r.other;
                let subtopic =
                    r.relation.kind == RelationKind::PartOf && other.kind() == NodeKind::Topic;
                if !subtopic && seen.insert(other.ix) {
                    out.push(other);
                }
            }
        }
        out.sort_by(|a, b| a.id().cmp(b.id()));
        out
    }

    /// A topic and all its sub-topics (transitively, through incoming `part_of`).
    pub fn topic_with_subtopics(&self, topic: &NodeId) -> HashSet<NodeHandle> {
        let mut out = HashSet::new();
        let Some(start) = self.index_of(topic) else {
            return out;
        };
        let mut stack = vec![start];
        while let Some(ix) = stack.pop() {
            if !out.insert(NodeHandle(ix)) {
                continue;
            }
            for e in self.graph.edges_directed(ix, Direction::Incoming) {
                if e.weight().kind == RelationKind::PartOf
                    && self.graph[e.source()].node.kind() == NodeKind::Topic
                {
                    stack.push(e.source());
                }
            }
        }
        out
    }

    /// Ids of the nodes and relations that cite a source, sorted (a scan of the graph; the graph
    /// keeps only the counts).
    pub fn citing(&self, source: &NodeId) -> (Vec<NodeId>, Vec<RelationId>) {
        if !self.citations.contains_key(source) {
            return Default::default();
        }
        let mut nodes: Vec<NodeId> = self
            .graph
            .node_weights()
            .filter(|e| e.node.id != *source && e.node.sources.contains(source))
            .map(|e| e.node.id.clone())
            .collect();
        let mut relations: Vec<RelationId> = self
            .graph
            .edge_weights()
            .filter(|r| r.sources.contains(source))
            .map(|r| r.id())
            .collect();
        nodes.sort();
        relations.sort();
        (nodes, relations)
    }

    // ---- mutations: each validates completely before it changes anything ----

    /// Adds a node. Fails on a duplicate id, a duplicate standard code or an unknown source.
    pub fn insert_node(&mut self, mut node: Node, version: u64) -> Result<(), ValidationError> {
        node.validate()?;
        node.compact();
        self.forget_derived();
        self.intern_sources(&mut node.sources);
        if self.index_of(&node.id).is_some() {
            return Err(ValidationError::DuplicateNode(node.id.to_string()));
        }
        self.check_sources(Some(&node.id), &node.sources, || node.id.to_string())?;
        let search = SearchKeys::of(&node);
        self.check_code_free(&node, &search, None)?;
        let (id, kind) = (node.id.clone(), node.kind());
        let ix = self.add_entry(NodeEntry {
            node,
            version,
            search,
        });
        Arc::make_mut(self.by_kind.entry(kind).or_default()).insert(id, ix);
        Ok(())
    }

    /// Adds a checked node to the graph, its citations, the id index and the name, code, series and
    /// trigram indexes: everything but the per-kind maps, which callers fill one by one or in bulk.
    fn add_entry(&mut self, entry: NodeEntry) -> NodeIndex {
        let id = entry.node.id.clone();
        self.cite(&entry.node.sources, Cited::Node(&id));
        let ix = self.graph.add_node(Arc::new(entry));
        Arc::make_mut(&mut self.by_id).insert(id.as_str(), ix);
        self.index_names(ix);
        ix
    }

    /// Replaces a node's fields, keeping its relations. The kind cannot change.
    pub fn replace_node(&mut self, mut node: Node, version: u64) -> Result<Node, ValidationError> {
        node.validate()?;
        node.compact();
        self.forget_derived();
        self.intern_sources(&mut node.sources);
        let ix = self
            .index_of(&node.id)
            .ok_or_else(|| ValidationError::UnknownNode(node.id.to_string()))?;
        let old_kind = self.graph[ix].node.kind();
        if old_kind != node.kind() {
            return Err(ValidationError::KindChanged {
                id: node.id.to_string(),
                expected: old_kind,
                actual: node.kind(),
            });
        }
        self.check_sources(Some(&node.id), &node.sources, || node.id.to_string())?;
        let search = SearchKeys::of(&node);
        self.check_code_free(&node, &search, Some(ix))?;
        // Indexes change only when what they hold changed (an edit of a description leaves the
        // name and code indexes, shared with the previous snapshot, alone, and touches only the
        // trigram lists of words that came or went).
        let old_search = &self.graph[ix].search;
        let renamed = !old_search.same_names(&search);
        if renamed {
            self.unindex_names(ix);
        } else if old_search.description() != search.description() {
            self.trigrams
                .replace(ix.index() as u32, old_search, &search);
        }
        let old_sources = self.graph[ix].node.sources.clone();
        if old_sources != node.sources {
            self.uncite(&old_sources, Cited::Node(&node.id));
            self.cite(&node.sources, Cited::Node(&node.id));
        }
        let old = std::mem::replace(
            &mut self.graph[ix],
            Arc::new(NodeEntry {
                node,
                version,
                search,
            }),
        );
        if renamed {
            self.index_names(ix);
        }
        Ok(Arc::unwrap_or_clone(old).node)
    }

    /// Removes a node and every relation at it; returns both. A source that is still cited stays.
    pub fn remove_node(
        &mut self,
        id: &NodeId,
    ) -> Result<(NodeEntry, Vec<Relation>), ValidationError> {
        self.forget_derived();
        let ix = self
            .index_of(id)
            .ok_or_else(|| ValidationError::UnknownNode(id.to_string()))?;
        if let Some(c) = self.citations.get(id) {
            let count = c.nodes + c.relations;
            if count > 0 {
                return Err(ValidationError::SourceInUse {
                    source_id: id.to_string(),
                    count,
                });
            }
        }
        let edges: Vec<_> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .chain(self.graph.edges_directed(ix, Direction::Incoming))
            .map(|e| e.id())
            .collect();
        let mut removed = Vec::with_capacity(edges.len());
        for e in edges {
            if let Some(r) = self.graph.remove_edge(e) {
                self.uncite(&r.sources, Cited::Relation);
                removed.push(Arc::unwrap_or_clone(r));
            }
        }
        removed.sort_by_cached_key(Relation::id);
        self.unindex_names(ix);
        let entry = self
            .graph
            .remove_node(ix)
            .expect("the index maps only live nodes");
        Arc::make_mut(&mut self.by_id).remove(id.as_str(), ix);
        if let Some(m) = self.by_kind.get_mut(&entry.node.kind()) {
            Arc::make_mut(m).remove(id);
        }
        self.uncite(&entry.node.sources, Cited::Node(id));
        Ok((Arc::unwrap_or_clone(entry), removed))
    }

    /// Adds a relation. Fails on a dangling endpoint, endpoints of the wrong kinds, a duplicate or an
    /// unknown source.
    /// Returns the relation's position in the order relations were recorded.
    pub fn insert_relation(&mut self, relation: Relation) -> Result<u64, ValidationError> {
        self.insert_relation_recorded(relation, None)
    }

    /// Adds a relation that was recorded at position `recorded` (from the store; `None` or `Some(0)`
    /// takes the next position). Relations must be restored in their recorded order.
    pub fn restore_relation(
        &mut self,
        relation: Relation,
        recorded: u64,
    ) -> Result<u64, ValidationError> {
        self.insert_relation_recorded(relation, (recorded > 0).then_some(recorded))
    }

    fn insert_relation_recorded(
        &mut self,
        relation: Relation,
        recorded: Option<u64>,
    ) -> Result<u64, ValidationError> {
        relation.validate()?;
        self.forget_derived();
        let mut relation = relation;
        let endpoint = |node: &NodeId| {
            self.index_of(node)
                .map(|ix| (self.graph[ix].node.id.clone(), ix))
                .ok_or_else(|| ValidationError::DanglingEndpoint {
                    relation: relation.id().to_string(),
                    endpoint: node.to_string(),
                })
        };
        let ((from_id, from), (to_id, to)) = (endpoint(&relation.from)?, endpoint(&relation.to)?);
        let (from_kind, to_kind) = (self.graph[from].node.kind(), self.graph[to].node.kind());
        if !relation.kind.allows(from_kind, to_kind) {
            return Err(ValidationError::wrong_kinds(
                relation.kind,
                from_kind,
                to_kind,
            ));
        }
        let duplicate = self.graph.edges_connecting(from, to).any(|e| {
            let r = e.weight();
            r.kind == relation.kind && r.key() == relation.key()
        });
        if duplicate {
            return Err(ValidationError::DuplicateRelation(
                relation.id().to_string(),
            ));
        }
        self.check_sources(None, &relation.sources, || relation.id().to_string())?;
        // Ids are shared with the nodes they name rather than held once per relation.
        relation.from = from_id;
        relation.to = to_id;
        self.intern_sources(&mut relation.sources);
        let position = recorded.unwrap_or(self.next_recorded.max(1));
        self.next_recorded = self.next_recorded.max(position + 1);
        self.add_edge(from, to, relation, position);
        Ok(position)
    }

    /// Adds a checked relation to the graph and its citations, at `position` in the recorded order.
    fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, mut relation: Relation, position: u64) {
        relation.compact();
        self.share_props(&mut relation);
        self.cite(&relation.sources, Cited::Relation);
        let e = self.graph.add_edge(from, to, Arc::new(relation));
        let recorded = Arc::make_mut(&mut self.recorded);
        if recorded.len() <= e.index() {
            recorded.resize(e.index() + 1, 0);
        }
        recorded[e.index()] = position;
    }

    /// A node's relations one way, of some kinds, in recorded order: sorted on first use and kept for
    /// this snapshot (hubs have hundreds of thousands of relations, and pages of them are asked for
    /// again and again).
    fn recorded_list(
        &self,
        ix: NodeIndex,
        outgoing: bool,
        kinds: &[RelationKind],
    ) -> Arc<Vec<EdgeIndex>> {
        let mask = kinds.iter().fold(0u32, |m, k| m | 1 << (*k as u32));
        let key = (ix, outgoing, mask);
        let lock = || {
            self.recorded_lists
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(list) = lock().get(&key) {
            return list.clone();
        }
        let dir = if outgoing {
            Direction::Outgoing
        } else {
            Direction::Incoming
        };
        let mut edges: Vec<EdgeIndex> = self
            .graph
            .edges_directed(ix, dir)
            .filter(|e| mask == 0 || kinds.contains(&e.weight().kind))
            .map(|e| e.id())
            .collect();
        edges.sort_by_key(|e| self.recorded.get(e.index()).copied().unwrap_or(0));
        let list = Arc::new(edges);
        let mut cache = lock();
        if cache.len() >= RECORDED_LISTS {
            cache.clear();
        }
        cache.insert(key, list.clone());
        list
    }

    /// A relation's position in the order relations were recorded.
    pub fn recorded(&self, handle: RelationHandle) -> u64 {
        self.recorded.get(handle.0.index()).copied().unwrap_or(0)
    }

    /// Removes a relation and returns it.
    pub fn remove_relation(&mut self, id: &RelationId) -> Result<Relation, ValidationError> {
        self.forget_derived();
        let e = self
            .find_edge(id)
            .ok_or_else(|| ValidationError::UnknownRelation(id.to_string()))?;
        let relation = self
            .graph
            .remove_edge(e)
            .expect("find_edge finds only live edges");
        self.uncite(&relation.sources, Cited::Relation);
        Ok(Arc::unwrap_or_clone(relation))
    }

    /// Drops what was computed from the graph as it was (analytics, sorted lists): the graph is about
    /// to change. Cheap when nothing was computed, as on a fresh copy.
    fn forget_derived(&mut self) {
        self.analytics.clear();
        if let Ok(lists) = self.recorded_lists.0.get_mut() {
            lists.clear();
        }
    }

    /// Gives an item's source list the copy the previous item got when the lists are equal (items of
    /// one article or import come together), else a copy whose ids share the graph's allocations.
    fn intern_sources(&mut self, sources: &mut Sources) {
        if *self.recent_sources == **sources {
            *sources = self.recent_sources.clone();
            return;
        }
        let interned = Sources::new(
            sources
                .iter()
                .map(|s| {
                    self.index_of(s)
                        .map_or_else(|| s.clone(), |ix| self.graph[ix].node.id.clone())
                })
                .collect(),
        );
        self.recent_sources = interned.clone();
        *sources = interned;
    }

    /// Gives a relation the properties of an earlier relation when they are equal: most relations
    /// with properties have only a role, from a short list (`joint issuer`, `speaker`, ...), and a
    /// million of them need not each hold a copy. A small table, one slot per hash, remembers
    /// the properties last seen in each slot.
    fn share_props(&mut self, relation: &mut Relation) {
        const SLOTS: usize = 64;
        let Some(props) = relation.props_allocation().cloned() else {
            return;
        };
        let slot =
            (std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), &*props)
                % SLOTS as u64) as usize;
        if self.recent_props.is_empty() {
            self.recent_props.resize(SLOTS, None);
        }
        match &self.recent_props[slot] {
            Some(recent) if relation.share_props(recent) => {}
            _ => self.recent_props[slot] = Some(props),
        }
    }

    /// Every cited source must be a Source node; a Source may cite itself (`own`: the citing node's
    /// id). `item` names the citing node or relation in the error.
    fn check_sources(
        &self,
        own: Option<&NodeId>,
        sources: &[NodeId],
        item: impl FnOnce() -> String,
    ) -> Result<(), ValidationError> {
        for source in sources.iter().filter(|s| Some(*s) != own) {
            let is_source = self
                .index_of(source)
                .is_some_and(|ix| self.graph[ix].node.kind() == NodeKind::Source);
            if !is_source {
                return Err(ValidationError::UnknownSource {
                    item: item(),
                    source_id: source.to_string(),
                });
            }
        }
        Ok(())
    }

    /// The node's standard code (its key in `keys`, already parsed once) is no other node's.
    fn check_code_free(
        &self,
        node: &Node,
        keys: &SearchKeys,
        own: Option<NodeIndex>,
    ) -> Result<(), ValidationError> {
        if let Some(key) = keys.code_key()
            && let Some(other) = self.with_code(key)
            && Some(other) != own
        {
            let code = node
                .standard_code()
                .map_or_else(|| key.to_owned(), |c| c.to_string());
            return Err(ValidationError::InvalidField {
                id: node.id.to_string(),
                field: "code".to_owned(),
                reason: format!(
                    "`{code}` is already the code of `{}`",
                    self.graph[other].node.id
                ),
            });
        }
        Ok(())
    }

    fn cite(&mut self, sources: &[NodeId], item: Cited<'_>) {
        for s in sources.iter().filter(|s| !item.is(s)) {
            let c = Arc::make_mut(&mut self.citations)
                .entry(s.clone())
                .or_default();
            match item {
                Cited::Node(_) => c.nodes += 1,
                Cited::Relation => c.relations += 1,
            };
        }
    }

    fn uncite(&mut self, sources: &[NodeId], item: Cited<'_>) {
        for s in sources.iter().filter(|s| !item.is(s)) {
            if let Some(c) = Arc::make_mut(&mut self.citations).get_mut(s) {
                match item {
                    Cited::Node(_) => c.nodes -= 1,
                    Cited::Relation => c.relations -= 1,
                };
                if c.nodes == 0 && c.relations == 0 {
                    Arc::make_mut(&mut self.citations).remove(s);
                }
            }
        }
    }

    fn index_names(&mut self, ix: NodeIndex) {
        self.trigrams
            .insert(ix.index() as u32, &self.graph[ix].search);
        self.file_keys(ix, KeyIndex::insert);
    }

    fn unindex_names(&mut self, ix: NodeIndex) {
        self.trigrams
            .remove(ix.index() as u32, &self.graph[ix].search);
        self.file_keys(ix, KeyIndex::remove);
    }

    /// Files a node under its names, code and series (`KeyIndex::insert`), or takes it off them
    /// (`KeyIndex::remove`).
    fn file_keys(&mut self, ix: NodeIndex, file: fn(&mut KeyIndex, &str, NodeIndex)) {
        let keys = &self.graph[ix].search;
        if keys.names().next().is_some() {
            let by_name = Arc::make_mut(&mut self.by_name);
            for key in keys.names() {
                file(by_name, key, ix);
            }
        }
        if let Some(code) = keys.code_key() {
            file(Arc::make_mut(&mut self.by_code), code, ix);
        }
        if let Some(series) = keys.series_key() {
            file(Arc::make_mut(&mut self.by_series), series, ix);
        }
    }

    /// The node with id `id`.
    fn index_of<Q: std::borrow::Borrow<str> + ?Sized>(&self, id: &Q) -> Option<NodeIndex> {
        let id = id.borrow();
        self.by_id
            .candidates(id)
            .find(|&ix| self.graph[ix].node.id.as_str() == id)
    }

    /// Nodes with `key` (normalized) among their names.
    fn named<'a>(&'a self, key: &'a str) -> impl Iterator<Item = NodeIndex> + 'a {
        self.by_name
            .candidates(key)
            .filter(move |&ix| self.graph[ix].search.names().any(|n| n == key))
    }

    /// The standard whose normalized code is `key`.
    fn with_code(&self, key: &str) -> Option<NodeIndex> {
        self.by_code
            .candidates(key)
            .find(|&ix| self.graph[ix].search.code_key() == Some(key))
    }

    /// The editions of the standard series whose normalized key is `key`.
    fn in_series<'a>(&'a self, key: &'a str) -> impl Iterator<Item = NodeIndex> + 'a {
        self.by_series
            .candidates(key)
            .filter(move |&ix| self.graph[ix].search.series_key() == Some(key))
    }
}

#[derive(Clone, Copy)]
enum Cited<'a> {
    Node(&'a NodeId),
    Relation,
}

impl Cited<'_> {
    /// True when the citing item is the source itself (a Source node citing itself is not recorded).
    fn is(&self, source: &NodeId) -> bool {
        matches!(self, Cited::Node(id) if *id == source)
    }
}

#[cfg(test)]
mod tests;
