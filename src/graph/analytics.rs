//! Whole-graph analytics: degree, PageRank, betweenness, components and communities.
//!
//! Every algorithm runs on the subgraph a [`Selection`] induces: the selected nodes, and the selected
//! relations whose two ends are both selected. The subgraph is indexed once, nodes `0..n` in node-id
//! order, into compact adjacency arrays, so the algorithms never touch petgraph's indexes or the
//! relations' properties. Results are pure functions of the snapshot and the parameters: no IO, no
//! randomness, and the same order on every run.
//!
//! The reference is networkx on the `nx.MultiDiGraph` that `node_link_graph` builds from our node-link
//! export (every relation one edge, keyed by its id, with no `weight` attribute). Where networkx is
//! itself random (Louvain) we follow its algorithm with the node order fixed instead of shuffled.
//!
//! A snapshot never changes, so results can be cached in it: [`AnalyticsCache`] keeps each result
//! behind an `Arc` until the snapshot is dropped.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use super::{Deadline, Interrupted, KnowledgeGraph, NodeHandle};
use crate::model::{NodeId, NodeKind, RelationKind};

/// PageRank stops when the L1 change of one iteration is below `n` times this.
const PAGERANK_TOLERANCE: f64 = 1e-13;
/// PageRank gives up after this many iterations and returns the last vector.
const PAGERANK_MAX_ITERATIONS: usize = 1000;
/// Louvain stops when a level improves modularity by no more than this (networkx's default threshold).
const LOUVAIN_THRESHOLD: f64 = 1e-7;
/// Louvain moves nodes at most this many sweeps per level; a guard against float ping-pong only.
const LOUVAIN_MAX_SWEEPS: usize = 1000;
/// Loops over nodes check their deadline once per this many nodes.
const CHECK_EVERY: usize = 1024;
/// A cache keeps at most this many results; past that it starts afresh.
const CACHE_CAPACITY: usize = 256;

/// Which part of the graph an analysis runs on: the subgraph induced by the selected node kinds and
/// relation kinds. An empty list selects every kind, so `Selection::default()` is the whole graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Selection {
    /// Node kinds to keep; empty keeps every kind.
    pub node_kinds: Vec<NodeKind>,
    /// Relation kinds to keep; empty keeps every kind. A relation is kept only when both its ends are.
    pub relation_kinds: Vec<RelationKind>,
}

impl Selection {
    /// The whole graph (the same as `Selection::default()`).
    pub fn all() -> Self {
        Self::default()
    }

    /// The subgraph induced by these node kinds and relation kinds (empty lists keep every kind).
    pub fn new(
        node_kinds: impl IntoIterator<Item = NodeKind>,
        relation_kinds: impl IntoIterator<Item = RelationKind>,
    ) -> Self {
        Self {
            node_kinds: node_kinds.into_iter().collect(),
            relation_kinds: relation_kinds.into_iter().collect(),
        }
    }

    /// The canonical form of this selection, for use as a cache key: kinds sorted and deduplicated, and a
    /// list naming every kind replaced by the empty list, so equal subgraphs get equal keys.
    pub fn key(&self) -> Selection {
        fn canonical<T: Ord + Copy>(kinds: &[T], all: usize) -> Vec<T> {
            let mut kinds = kinds.to_vec();
            kinds.sort_unstable();
            kinds.dedup();
            if kinds.len() == all {
                kinds.clear();
            }
            kinds
        }
        Selection {
            node_kinds: canonical(&self.node_kinds, NodeKind::ALL.len()),
            relation_kinds: canonical(&self.relation_kinds, RelationKind::ALL.len()),
        }
    }

    fn keeps_relation(&self, kind: RelationKind) -> bool {
        self.relation_kinds.is_empty() || self.relation_kinds.contains(&kind)
    }
}

/// The degree of one node in the selected subgraph, as networkx's `MultiDiGraph.in_degree` and
/// `out_degree` count it: every relation counts, parallel relations separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DegreeScore {
    pub node: NodeHandle,
    /// Selected relations that end at the node.
    pub in_degree: usize,
    /// Selected relations that start at the node.
    pub out_degree: usize,
}

impl DegreeScore {
    /// In-degree plus out-degree, as networkx's `MultiDiGraph.degree`.
    pub fn degree(&self) -> usize {
        self.in_degree + self.out_degree
    }
}

/// A partition of the selected nodes into communities and its modularity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Communities {
    /// The communities, largest first (ties: the one with the smallest node id first), each in node-id
    /// order. Every selected node is in exactly one, isolated nodes alone.
    pub groups: Vec<Vec<NodeHandle>>,
    /// `networkx.community.modularity(G.to_undirected(), groups)`; 0 when the subgraph has no relation.
    pub modularity: f64,
}

/// Results of analytics on one snapshot, kept until the snapshot is dropped. Cloning gives an empty
/// cache: a clone of the graph is about to change, and must not inherit results of the old version.
pub struct AnalyticsCache {
    /// `None` for a cache that keeps nothing (see `KnowledgeGraph::analytics_cache`).
    entries: Option<Mutex<HashMap<CacheKey, Arc<OnceLock<CachedValue>>>>>,
}

type CachedValue = Arc<dyn Any + Send + Sync>;

/// What was computed, with its parameters; the selection is in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CacheKey {
    algorithm: Algorithm,
    selection: Selection,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Algorithm {
    Degree,
    /// The damping factor's bits.
    PageRank(u64),
    Betweenness {
        directed: bool,
        normalized: bool,
    },
    Components,
    Communities,
    Traversal,
    /// Every node of a kind in one order (the order's key is the caller's).
    Ordering(NodeKind, u8),
    /// Every node in id order.
    IdOrder,
}

/// Every node in id order (`by_rank`), and each node's position in it by node index (`rank`).
pub(crate) struct IdOrder {
    pub by_rank: Vec<NodeIndex>,
    pub rank: Vec<u32>,
}

impl Default for AnalyticsCache {
    fn default() -> Self {
        Self {
            entries: Some(Mutex::new(HashMap::new())),
        }
    }
}

impl Clone for AnalyticsCache {
    /// An empty cache: the clone belongs to a graph that is about to change.
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl fmt::Debug for AnalyticsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnalyticsCache")
            .field("entries", &self.len())
            .finish()
    }
}

impl AnalyticsCache {
    /// How many results are cached.
    pub fn len(&self) -> usize {
        self.entries.as_ref().map_or(0, |m| {
            m.lock().unwrap_or_else(PoisonError::into_inner).len()
        })
    }

    /// True when no result is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every result; for code that changes a graph in place.
    pub fn clear(&mut self) {
        if let Some(m) = &mut self.entries {
            m.get_mut().unwrap_or_else(PoisonError::into_inner).clear();
        }
    }

    /// The cached result for `key`, computing it first if needed. Concurrent callers asking for the same
    /// key wait for one computation; the map's lock is not held while computing.
    fn get_or_compute<T: Any + Send + Sync>(
        &self,
        algorithm: Algorithm,
        selection: &Selection,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let Some(cell) = self.cell(algorithm, selection) else {
            return Arc::new(compute());
        };
        let value = cell.get_or_init(|| Arc::new(compute()) as CachedValue);
        Arc::clone(value)
            .downcast::<T>()
            .expect("each cache key holds one result type")
    }

    /// Like `get_or_compute` for a computation that may be interrupted: an interrupted one leaves
    /// nothing cached. Concurrent callers may compute the same result; the first one kept wins.
    fn try_get_or_compute<T: Any + Send + Sync>(
        &self,
        algorithm: Algorithm,
        selection: &Selection,
        compute: impl FnOnce() -> Result<T, Interrupted>,
    ) -> Result<Arc<T>, Interrupted> {
        let Some(cell) = self.cell(algorithm, selection) else {
            return compute().map(Arc::new);
        };
        let value = match cell.get() {
            Some(value) => value,
            None => {
                let computed = compute()?;
                cell.get_or_init(|| Arc::new(computed) as CachedValue)
            }
        };
        Ok(Arc::clone(value)
            .downcast::<T>()
            .expect("each cache key holds one result type"))
    }

    /// The cell that holds (or will hold) the result for a key; `None` for a cache that keeps nothing.
    fn cell(
        &self,
        algorithm: Algorithm,
        selection: &Selection,
    ) -> Option<Arc<OnceLock<CachedValue>>> {
        let entries = self.entries.as_ref()?;
        let key = CacheKey {
            algorithm,
            selection: selection.key(),
        };
        let mut map = entries.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= CACHE_CAPACITY && !map.contains_key(&key) {
            map.clear();
        }
        Some(Arc::clone(map.entry(key).or_default()))
    }
}

impl KnowledgeGraph {
    /// Every node of `kind` in the order `compute` sorts them, computed once per snapshot and order
    /// (`key` tells orders apart): lists walk it and stop once their page is full.
    pub fn ordered(
        &self,
        kind: NodeKind,
        key: u8,
        compute: impl FnOnce() -> Vec<NodeHandle>,
    ) -> Arc<Vec<NodeHandle>> {
        self.analytics.get_or_compute(
            Algorithm::Ordering(kind, key),
            &Selection::default(),
            compute,
        )
    }

    /// Every node in id order, and each node's position in it (computed once per snapshot).
    pub(crate) fn id_order(&self) -> Arc<IdOrder> {
        self.analytics
            .get_or_compute(Algorithm::IdOrder, &Selection::default(), || {
                let mut by_rank: Vec<NodeIndex> = self.graph.node_indices().collect();
                by_rank
                    .sort_unstable_by(|&a, &b| self.graph[a].node.id.cmp(&self.graph[b].node.id));
                let mut rank = vec![0u32; self.graph.node_bound()];
                for (r, ix) in by_rank.iter().enumerate() {
                    rank[ix.index()] = r as u32;
                }
                IdOrder { by_rank, rank }
            })
    }

    /// In- and out-degree of every selected node, in node-id order; matches networkx's
    /// `MultiDiGraph.in_degree()` and `out_degree()` (parallel relations count separately).
    pub fn degree(&self, sel: &Selection) -> Vec<DegreeScore> {
        let sub = self.subgraph(sel);
        let mut inn = vec![0usize; sub.len()];
        let mut out = vec![0usize; sub.len()];
        for &(u, v) in &sub.arcs {
            out[u as usize] += 1;
            inn[v as usize] += 1;
        }
        sub.nodes
            .iter()
            .enumerate()
            .map(|(i, &ix)| DegreeScore {
                node: NodeHandle(ix),
                in_degree: inn[i],
                out_degree: out[i],
            })
            .collect()
    }

    /// PageRank of every selected node, in node-id order; matches `networkx.pagerank(G, alpha=damping)`
    /// on the MultiDiGraph: parallel relations add weight, dangling nodes spread their rank uniformly,
    /// uniform personalization. Power iteration until the L1 change is below `1e-13 * n` (at most 1000
    /// iterations). `damping` should be in `[0, 1)`.
    pub fn pagerank(&self, sel: &Selection, damping: f64) -> Vec<(NodeHandle, f64)> {
        self.pagerank_within(sel, damping, &Deadline::none())
            .expect("without a deadline nothing interrupts it")
    }

    /// [`pagerank`](Self::pagerank), giving up at `deadline`.
    pub fn pagerank_within(
        &self,
        sel: &Selection,
        damping: f64,
        deadline: &Deadline,
    ) -> Result<Vec<(NodeHandle, f64)>, Interrupted> {
        let sub = self.subgraph(sel);
        deadline.check()?;
        let out = Adjacency::new(sub.len(), sub.arcs.clone());
        Ok(sub.with_handles(pagerank_scores(&out, damping, deadline)?))
    }

    /// Betweenness centrality of every selected node, in node-id order, by Brandes' algorithm; matches
    /// `networkx.betweenness_centrality(G, normalized=normalized)` on the MultiDiGraph when `directed`, on
    /// `G.to_undirected()` otherwise. Unweighted; parallel relations do not multiply shortest paths.
    pub fn betweenness(
        &self,
        sel: &Selection,
        directed: bool,
        normalized: bool,
    ) -> Vec<(NodeHandle, f64)> {
        self.betweenness_within(sel, directed, normalized, &Deadline::none())
            .expect("without a deadline nothing interrupts it")
    }

    /// [`betweenness`](Self::betweenness), giving up at `deadline`.
    pub fn betweenness_within(
        &self,
        sel: &Selection,
        directed: bool,
        normalized: bool,
        deadline: &Deadline,
    ) -> Result<Vec<(NodeHandle, f64)>, Interrupted> {
        let sub = self.subgraph(sel);
        deadline.check()?;
        let scores = if directed {
            let succ = Adjacency::new(sub.len(), sub.arcs.clone());
            deadline.check()?;
            let pred = Adjacency::new(sub.len(), sub.arcs.iter().map(|&(u, v)| (v, u)).collect());
            betweenness_scores(&succ, &pred, true, normalized, deadline)?
        } else {
            let both = sub.undirected();
            betweenness_scores(&both, &both, false, normalized, deadline)?
        };
        Ok(sub.with_handles(scores))
    }

    /// Weakly connected components of the selected subgraph, largest first (ties: the component with the
    /// smallest node id first), each in node-id order; the sets of
    /// `networkx.weakly_connected_components(G)`.
    pub fn components(&self, sel: &Selection) -> Vec<Vec<NodeHandle>> {
        self.components_within(sel, &Deadline::none())
            .expect("without a deadline nothing interrupts it")
    }

    /// [`components`](Self::components), giving up at `deadline`.
    pub fn components_within(
        &self,
        sel: &Selection,
        deadline: &Deadline,
    ) -> Result<Vec<Vec<NodeHandle>>, Interrupted> {
        let sub = self.subgraph(sel);
        deadline.check()?;
        let both = sub.undirected();
        let mut seen = vec![false; sub.len()];
        let mut groups = Vec::new();
        for start in 0..sub.len() {
            if start.is_multiple_of(CHECK_EVERY) {
                deadline.check()?;
            }
            if seen[start] {
                continue;
            }
            seen[start] = true;
            let mut group = vec![start];
            let mut head = 0;
            while head < group.len() {
                let u = group[head];
                head += 1;
                for &v in both.neighbours(u) {
                    let v = v as usize;
                    if !seen[v] {
                        seen[v] = true;
                        group.push(v);
                    }
                }
            }
            groups.push(group);
        }
        Ok(sub.groups_with_handles(sort_groups(groups)))
    }

    /// Communities of the selected subgraph by Louvain modularity optimisation on its undirected
    /// version (relations between two nodes, either way, add up to the edge weight), largest first.
    /// Follows `networkx.community.louvain_communities(G.to_undirected())` step for step, but visits nodes
    /// in node-id order instead of a random order, so the result is deterministic; the modularity is
    /// `networkx.community.modularity(G.to_undirected(), groups)`.
    pub fn communities(&self, sel: &Selection) -> Communities {
        self.communities_within(sel, &Deadline::none())
            .expect("without a deadline nothing interrupts it")
    }

    /// [`communities`](Self::communities), giving up at `deadline`.
    pub fn communities_within(
        &self,
        sel: &Selection,
        deadline: &Deadline,
    ) -> Result<Communities, Interrupted> {
        let sub = self.subgraph(sel);
        deadline.check()?;
        let both = sub.undirected();
        let groups = sort_groups(louvain(&both, deadline)?);
        let modularity = modularity(&both, &groups);
        Ok(Communities {
            groups: sub.groups_with_handles(groups),
            modularity,
        })
    }

    /// How many nodes a selection holds (the size of the subgraph an analysis of it runs on).
    pub fn selection_size(&self, sel: &Selection) -> usize {
        let sel = sel.key();
        if sel.node_kinds.is_empty() {
            return self.node_count();
        }
        sel.node_kinds
            .iter()
            .filter_map(|k| self.by_kind.get(k))
            .map(|m| m.len())
            .sum()
    }

    /// [`degree`](Self::degree), cached in this snapshot.
    pub fn degree_cached(&self, sel: &Selection) -> Arc<Vec<DegreeScore>> {
        self.degree_cached_in(self.analytics_cache(), sel)
    }

    /// [`pagerank`](Self::pagerank), cached in this snapshot.
    pub fn pagerank_cached(&self, sel: &Selection, damping: f64) -> Arc<Vec<(NodeHandle, f64)>> {
        self.pagerank_cached_in(self.analytics_cache(), sel, damping)
    }

    /// [`betweenness`](Self::betweenness), cached in this snapshot.
    pub fn betweenness_cached(
        &self,
        sel: &Selection,
        directed: bool,
        normalized: bool,
    ) -> Arc<Vec<(NodeHandle, f64)>> {
        self.betweenness_cached_in(self.analytics_cache(), sel, directed, normalized)
    }

    /// [`components`](Self::components), cached in this snapshot.
    pub fn components_cached(&self, sel: &Selection) -> Arc<Vec<Vec<NodeHandle>>> {
        self.components_cached_in(self.analytics_cache(), sel)
    }

    /// [`communities`](Self::communities), cached in this snapshot.
    pub fn communities_cached(&self, sel: &Selection) -> Arc<Communities> {
        self.communities_cached_in(self.analytics_cache(), sel)
    }

    /// [`pagerank_within`](Self::pagerank_within), cached in this snapshot (an interrupted run
    /// leaves nothing cached).
    pub fn pagerank_cached_within(
        &self,
        sel: &Selection,
        damping: f64,
        deadline: &Deadline,
    ) -> Result<Arc<Vec<(NodeHandle, f64)>>, Interrupted> {
        self.analytics_cache().try_get_or_compute(
            Algorithm::PageRank(damping.to_bits()),
            sel,
            || self.pagerank_within(sel, damping, deadline),
        )
    }

    /// [`betweenness_within`](Self::betweenness_within), cached in this snapshot.
    pub fn betweenness_cached_within(
        &self,
        sel: &Selection,
        directed: bool,
        normalized: bool,
        deadline: &Deadline,
    ) -> Result<Arc<Vec<(NodeHandle, f64)>>, Interrupted> {
        let algorithm = Algorithm::Betweenness {
            directed,
            normalized,
        };
        self.analytics_cache()
            .try_get_or_compute(algorithm, sel, || {
                self.betweenness_within(sel, directed, normalized, deadline)
            })
    }

    /// [`components_within`](Self::components_within), cached in this snapshot.
    pub fn components_cached_within(
        &self,
        sel: &Selection,
        deadline: &Deadline,
    ) -> Result<Arc<Vec<Vec<NodeHandle>>>, Interrupted> {
        self.analytics_cache()
            .try_get_or_compute(Algorithm::Components, sel, || {
                self.components_within(sel, deadline)
            })
    }

    /// [`communities_within`](Self::communities_within), cached in this snapshot.
    pub fn communities_cached_within(
        &self,
        sel: &Selection,
        deadline: &Deadline,
    ) -> Result<Arc<Communities>, Interrupted> {
        self.analytics_cache()
            .try_get_or_compute(Algorithm::Communities, sel, || {
                self.communities_within(sel, deadline)
            })
    }

    /// [`degree`](Self::degree), cached in `cache`, which must belong to this snapshot only.
    pub fn degree_cached_in(
        &self,
        cache: &AnalyticsCache,
        sel: &Selection,
    ) -> Arc<Vec<DegreeScore>> {
        cache.get_or_compute(Algorithm::Degree, sel, || self.degree(sel))
    }

    /// [`pagerank`](Self::pagerank), cached in `cache`, which must belong to this snapshot only.
    pub fn pagerank_cached_in(
        &self,
        cache: &AnalyticsCache,
        sel: &Selection,
        damping: f64,
    ) -> Arc<Vec<(NodeHandle, f64)>> {
        cache.get_or_compute(Algorithm::PageRank(damping.to_bits()), sel, || {
            self.pagerank(sel, damping)
        })
    }

    /// [`betweenness`](Self::betweenness), cached in `cache`, which must belong to this snapshot only.
    pub fn betweenness_cached_in(
        &self,
        cache: &AnalyticsCache,
        sel: &Selection,
        directed: bool,
        normalized: bool,
    ) -> Arc<Vec<(NodeHandle, f64)>> {
        let algorithm = Algorithm::Betweenness {
            directed,
            normalized,
        };
        cache.get_or_compute(algorithm, sel, || {
            self.betweenness(sel, directed, normalized)
        })
    }

    /// [`components`](Self::components), cached in `cache`, which must belong to this snapshot only.
    pub fn components_cached_in(
        &self,
        cache: &AnalyticsCache,
        sel: &Selection,
    ) -> Arc<Vec<Vec<NodeHandle>>> {
        cache.get_or_compute(Algorithm::Components, sel, || self.components(sel))
    }

    /// [`communities`](Self::communities), cached in `cache`, which must belong to this snapshot only.
    pub fn communities_cached_in(
        &self,
        cache: &AnalyticsCache,
        sel: &Selection,
    ) -> Arc<Communities> {
        cache.get_or_compute(Algorithm::Communities, sel, || self.communities(sel))
    }

    /// The cache of this snapshot. Until `KnowledgeGraph` has its `analytics: AnalyticsCache` field this
    /// is a cache that keeps nothing (every `*_cached` call recomputes); once the field exists, this
    /// returns `&self.analytics`.
    fn analytics_cache(&self) -> &AnalyticsCache {
        &self.analytics
    }

    /// The selected nodes in id order and the selected relations between them.
    fn subgraph(&self, sel: &Selection) -> Subgraph {
        let sel = sel.key();
        let kinds: &[NodeKind] = if sel.node_kinds.is_empty() {
            &NodeKind::ALL
        } else {
            &sel.node_kinds
        };
        // Each kind's map is already in id order, so this sort only merges a few sorted runs.
        let mut listed: Vec<(&NodeId, NodeIndex)> = kinds
            .iter()
            .filter_map(|k| self.by_kind.get(k))
            .flat_map(|m| m.iter().map(|(id, &ix)| (id, ix)))
            .collect();
        listed.sort_by(|a, b| a.0.cmp(b.0));
        let mut local = vec![u32::MAX; self.graph.node_bound()];
        for (i, &(_, ix)) in listed.iter().enumerate() {
            local[ix.index()] = u32::try_from(i).expect("fewer than 2^32 nodes");
        }
        let arcs = self
            .graph
            .edge_references()
            .filter(|e| sel.keeps_relation(e.weight().kind))
            .filter_map(|e| {
                let (u, v) = (local[e.source().index()], local[e.target().index()]);
                (u != u32::MAX && v != u32::MAX).then_some((u, v))
            })
            .collect();
        Subgraph {
            nodes: listed.into_iter().map(|(_, ix)| ix).collect(),
            arcs,
        }
    }
}

/// A compact adjacency of the selected subgraph for breadth-first traversals, cached per snapshot like
/// the analytics: nodes indexed `0..n` in node-id order (so comparing indices compares ids), with
/// neighbour lists both ways (parallel relations collapsed).
pub struct TraversalIndex {
    nodes: Vec<NodeIndex>,
    /// `NodeIndex::index()` -> local index, `u32::MAX` for nodes outside the selection.
    local: Vec<u32>,
    out: Adjacency,
    inc: Adjacency,
}

impl TraversalIndex {
    /// The local index of a node, when it is in the selection.
    pub(crate) fn local(&self, ix: NodeIndex) -> Option<u32> {
        self.local
            .get(ix.index())
            .copied()
            .filter(|&l| l != u32::MAX)
    }

    pub(crate) fn node(&self, local: u32) -> NodeIndex {
        self.nodes[local as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Neighbours of `u` following relations forward (`outgoing`), backward, or both.
    pub(crate) fn neighbours(
        &self,
        u: u32,
        outgoing: bool,
        incoming: bool,
    ) -> impl Iterator<Item = u32> + '_ {
        let out: &[u32] = if outgoing {
            self.out.neighbours(u as usize)
        } else {
            &[]
        };
        let inc: &[u32] = if incoming {
            self.inc.neighbours(u as usize)
        } else {
            &[]
        };
        out.iter().chain(inc).copied()
    }
}

impl KnowledgeGraph {
    /// The traversal index of a selection, built once per snapshot.
    pub(crate) fn traversal_index(&self, sel: &Selection) -> Arc<TraversalIndex> {
        self.analytics_cache()
            .get_or_compute(Algorithm::Traversal, sel, || {
                let sub = self.subgraph(sel);
                let mut local = vec![u32::MAX; self.graph.node_bound()];
                for (i, ix) in sub.nodes.iter().enumerate() {
                    local[ix.index()] = u32::try_from(i).expect("fewer than 2^32 nodes");
                }
                let out = Adjacency::new(sub.len(), sub.arcs.clone());
                let inc =
                    Adjacency::new(sub.len(), sub.arcs.iter().map(|&(u, v)| (v, u)).collect());
                TraversalIndex {
                    nodes: sub.nodes,
                    local,
                    out,
                    inc,
                }
            })
    }
}

/// The selected nodes, indexed `0..n` in node-id order, and one arc per selected relation.
struct Subgraph {
    nodes: Vec<NodeIndex>,
    arcs: Vec<(u32, u32)>,
}

impl Subgraph {
    fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Every relation both ways: the adjacency of `G.to_undirected()`, parallel relations as weight.
    fn undirected(&self) -> Adjacency {
        let pairs = self
            .arcs
            .iter()
            .flat_map(|&(u, v)| [(u, v), (v, u)])
            .collect();
        Adjacency::new(self.len(), pairs)
    }

    fn with_handles(&self, scores: Vec<f64>) -> Vec<(NodeHandle, f64)> {
        self.nodes
            .iter()
            .map(|&ix| NodeHandle(ix))
            .zip(scores)
            .collect()
    }

    fn groups_with_handles(&self, groups: Vec<Vec<usize>>) -> Vec<Vec<NodeHandle>> {
        groups
            .into_iter()
            .map(|g| g.into_iter().map(|i| NodeHandle(self.nodes[i])).collect())
            .collect()
    }
}

/// Compressed adjacency rows: for each node its distinct neighbours in ascending order, each with the
/// number of arcs to it.
struct Adjacency {
    start: Vec<usize>,
    neighbour: Vec<u32>,
    multiplicity: Vec<u32>,
}

impl Adjacency {
    fn new(n: usize, mut arcs: Vec<(u32, u32)>) -> Self {
        arcs.sort_unstable();
        let mut start = vec![0usize; n + 1];
        let mut neighbour = Vec::with_capacity(arcs.len());
        let mut multiplicity: Vec<u32> = Vec::with_capacity(arcs.len());
        let mut last = None;
        for (u, v) in arcs {
            if last == Some((u, v)) {
                *multiplicity
                    .last_mut()
                    .expect("a repeated arc follows its first") += 1;
                continue;
            }
            last = Some((u, v));
            start[u as usize + 1] += 1;
            neighbour.push(v);
            multiplicity.push(1);
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        Self {
            start,
            neighbour,
            multiplicity,
        }
    }

    fn len(&self) -> usize {
        self.start.len() - 1
    }

    fn neighbours(&self, u: usize) -> &[u32] {
        &self.neighbour[self.start[u]..self.start[u + 1]]
    }

    /// Neighbours with the number of arcs to each, as f64 weights.
    fn weighted(&self, u: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.start[u]..self.start[u + 1];
        self.neighbour[range.clone()]
            .iter()
            .zip(&self.multiplicity[range])
            .map(|(&v, &w)| (v as usize, f64::from(w)))
    }

    /// The weighted degree of every node (each arc counts its multiplicity).
    fn degrees(&self) -> Vec<f64> {
        (0..self.len())
            .map(|u| self.weighted(u).map(|(_, w)| w).sum())
            .collect()
    }
}

/// networkx's `_pagerank_scipy`: `x = alpha * (x @ A + sum(x[dangling]) * p) + (1 - alpha) * p`, with `A`
/// the row-normalized weighted adjacency and `p` uniform.
fn pagerank_scores(
    out: &Adjacency,
    damping: f64,
    deadline: &Deadline,
) -> Result<Vec<f64>, Interrupted> {
    let n = out.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let p = 1.0 / n as f64;
    let inverse_weight: Vec<f64> = out
        .degrees()
        .into_iter()
        .map(|s| if s != 0.0 { 1.0 / s } else { 0.0 })
        .collect();
    let dangling: Vec<usize> = (0..n).filter(|&u| inverse_weight[u] == 0.0).collect();
    let mut x = vec![p; n];
    let mut next = vec![0.0; n];
    for _ in 0..PAGERANK_MAX_ITERATIONS {
        deadline.check()?;
        next.fill(0.0);
        for (u, &xu) in x.iter().enumerate() {
            let inv = inverse_weight[u];
            for (v, w) in out.weighted(u) {
                next[v] += xu * (w * inv);
            }
        }
        let dangling_sum: f64 = dangling.iter().map(|&u| x[u]).sum();
        let mut change = 0.0;
        for (new, &old) in next.iter_mut().zip(&x) {
            *new = damping * (*new + dangling_sum * p) + (1.0 - damping) * p;
            change += (*new - old).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * PAGERANK_TOLERANCE {
            break;
        }
    }
    Ok(x)
}

/// Brandes' algorithm as networkx runs it (`_single_source_shortest_path_basic` and
/// `_accumulate_basic`, endpoints excluded), then networkx's `_rescale`. `succ` gives each node's
/// distinct successors, `pred` its distinct predecessors (the same rows for an undirected graph).
fn betweenness_scores(
    succ: &Adjacency,
    pred: &Adjacency,
    directed: bool,
    normalized: bool,
    deadline: &Deadline,
) -> Result<Vec<f64>, Interrupted> {
    const UNSEEN: u32 = u32::MAX;
    let n = succ.len();
    let mut betweenness = vec![0.0f64; n];
    let mut dist = vec![UNSEEN; n];
    let mut sigma = vec![0.0f64; n];
    let mut delta = vec![0.0f64; n];
    // Nodes in the order BFS reaches them: the queue while searching, the stack when accumulating.
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for s in 0..n {
        // One source costs a breadth-first search of the whole graph: check before each.
        deadline.check()?;
        for &v in &order {
            dist[v] = UNSEEN;
            sigma[v] = 0.0;
            delta[v] = 0.0;
        }
        order.clear();
        dist[s] = 0;
        sigma[s] = 1.0;
        order.push(s);
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            let next = dist[v] + 1;
            for &w in succ.neighbours(v) {
                let w = w as usize;
                if dist[w] == UNSEEN {
                    dist[w] = next;
                    order.push(w);
                }
                if dist[w] == next {
                    sigma[w] += sigma[v];
                }
            }
        }
        for &w in order.iter().rev() {
            let dw = dist[w];
            if dw > 0 {
                let coeff = (1.0 + delta[w]) / sigma[w];
                for &v in pred.neighbours(w) {
                    let v = v as usize;
                    if dist[v] == dw - 1 {
                        delta[v] += sigma[v] * coeff;
                    }
                }
                betweenness[w] += delta[w];
            }
        }
    }
    // networkx's `_rescale` with endpoints excluded: nothing to do below three nodes.
    if n >= 3 {
        let scale = if normalized {
            1.0 / ((n - 1) * (n - 2)) as f64
        } else if directed {
            1.0
        } else {
            0.5
        };
        if scale != 1.0 {
            for b in &mut betweenness {
                *b *= scale;
            }
        }
    }
    Ok(betweenness)
}

/// One level of a graph being coarsened by Louvain: weighted undirected adjacency, self-loops allowed,
/// each row in the order networkx's dict-of-dicts would hold it.
type LevelGraph = Vec<Vec<(usize, f64)>>;

/// networkx's `louvain_partitions` with resolution 1 and threshold 1e-7, nodes visited in index order
/// instead of shuffled. Returns the final partition as lists of node indices.
fn louvain(graph: &Adjacency, deadline: &Deadline) -> Result<Vec<Vec<usize>>, Interrupted> {
    let n = graph.len();
    let singletons: Vec<Vec<usize>> = (0..n).map(|u| vec![u]).collect();
    let m = graph.degrees().iter().sum::<f64>() / 2.0;
    if m == 0.0 {
        return Ok(singletons);
    }
    let mut level: LevelGraph = (0..n).map(|u| graph.weighted(u).collect()).collect();
    let mut best = modularity(graph, &singletons);
    // The original nodes each node of the current level stands for.
    let mut members = singletons;
    loop {
        let (community, moved) = louvain_level(&level, m, deadline)?;
        // Communities keep the index of the node they started from; drop the empty ones.
        let mut renumber = vec![usize::MAX; level.len()];
        for &c in &community {
            renumber[c] = 0;
        }
        let mut count = 0;
        for slot in renumber.iter_mut().filter(|slot| **slot != usize::MAX) {
            *slot = count;
            count += 1;
        }
        let mut next_members: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (u, &c) in community.iter().enumerate() {
            next_members[renumber[c]].append(&mut members[u]);
        }
        members = next_members;
        if !moved {
            break;
        }
        let gained = modularity(graph, &members);
        if gained - best <= LOUVAIN_THRESHOLD {
            break;
        }
        best = gained;
        let community: Vec<usize> = community.iter().map(|&c| renumber[c]).collect();
        level = coarsen(&level, &community, members.len());
    }
    Ok(members)
}

/// networkx's `_one_level` (undirected, resolution 1): sweeps the nodes in order, moving each to the
/// neighbouring community with the best positive modularity gain, until a sweep moves nothing. Returns
/// each node's community (the index of a node of this level) and whether any node moved.
///
/// A node that stayed put is skipped when nothing its decision reads has changed since: no neighbour
/// moved, and the total degree of its own and its neighbouring communities is the same. Its gains would
/// be computed from the same numbers and it would stay again, so the result is the one networkx gets;
/// only the long tail of sweeps that move a handful of nodes gets cheaper. (Weights are counts, so the
/// degree totals are exact integers and taking a node out and putting it back changes no bit.)
fn louvain_level(
    graph: &LevelGraph,
    m: f64,
    deadline: &Deadline,
) -> Result<(Vec<usize>, bool), Interrupted> {
    let n = graph.len();
    // networkx's weighted `Graph.degree`: a self-loop counts twice.
    let degrees: Vec<f64> = graph
        .iter()
        .enumerate()
        .map(|(u, row)| {
            let sum: f64 = row.iter().map(|&(_, w)| w).sum();
            sum + row.iter().find(|&&(v, _)| v == u).map_or(0.0, |&(_, w)| w)
        })
        .collect();
    let mut total = degrees.clone();
    let mut community: Vec<usize> = (0..n).collect();
    let mut weight_to = vec![0.0f64; n];
    let mut touched_flag = vec![false; n];
    let mut touched: Vec<usize> = Vec::new();
    let two_m_squared = 2.0 * (m * m);
    let mut moved = false;
    // A clock that ticks at every move; when each node was last decided (0: must decide), when each
    // node last saw a neighbour move, when each community's degree total last changed.
    let mut clock = 1u64;
    let mut decided = vec![0u64; n];
    let mut neighbour_moved = vec![0u64; n];
    let mut total_changed = vec![0u64; n];
    // The neighbouring communities each node saw when it last decided, as slices of `seen`; slices of
    // nodes decided again are left behind as garbage, and `seen` is compacted when it is mostly that.
    let mut seen: Vec<usize> = Vec::new();
    let mut seen_range = vec![(0usize, 0usize); n];
    let mut live = 0usize;
    for _ in 0..LOUVAIN_MAX_SWEEPS {
        let mut moves = 0usize;
        for u in 0..n {
            if u.is_multiple_of(CHECK_EVERY) {
                deadline.check()?;
            }
            let own = community[u];
            let (from, len) = seen_range[u];
            let at = decided[u];
            let unchanged = at != 0
                && neighbour_moved[u] <= at
                && total_changed[own] <= at
                && seen[from..from + len]
                    .iter()
                    .all(|&c| total_changed[c] <= at);
            if unchanged {
                continue;
            }
            // Weight from u to each neighbouring community, in order of first appearance.
            for &(v, w) in &graph[u] {
                if v == u {
                    continue;
                }
                let c = community[v];
                if !touched_flag[c] {
                    touched_flag[c] = true;
                    weight_to[c] = 0.0;
                    touched.push(c);
                }
                weight_to[c] += w;
            }
            let degree = degrees[u];
            total[own] -= degree;
            let to_own = if touched_flag[own] {
                weight_to[own]
            } else {
                0.0
            };
            let remove_cost = -to_own / m + (total[own] * degree) / two_m_squared;
            let mut best_gain = 0.0;
            let mut best = own;
            for &c in &touched {
                let gain = remove_cost + weight_to[c] / m - (total[c] * degree) / two_m_squared;
                if gain > best_gain {
                    best_gain = gain;
                    best = c;
                }
            }
            total[best] += degree;
            for &c in &touched {
                touched_flag[c] = false;
            }
            live = live + touched.len() - len;
            seen_range[u] = (seen.len(), touched.len());
            seen.append(&mut touched);
            if seen.len() > 2 * live + n {
                let mut compact = Vec::with_capacity(2 * live);
                for range in &mut seen_range {
                    let (from, len) = *range;
                    *range = (compact.len(), len);
                    compact.extend_from_slice(&seen[from..from + len]);
                }
                seen = compact;
            }
            if best == own {
                decided[u] = clock;
            } else {
                clock += 1;
                total_changed[own] = clock;
                total_changed[best] = clock;
                for &(v, _) in &graph[u] {
                    neighbour_moved[v] = clock;
                }
                decided[u] = 0;
                community[u] = best;
                moved = true;
                moves += 1;
            }
        }
        if moves == 0 {
            break;
        }
    }
    Ok((community, moved))
}

/// networkx's `_gen_graph`: one node per community, edge weights summed, edges inside a community as a
/// self-loop; rows filled in the order networkx's `Graph.edges()` and `add_edge` would fill them.
fn coarsen(graph: &LevelGraph, community: &[usize], count: usize) -> LevelGraph {
    let mut out: LevelGraph = vec![Vec::new(); count];
    // Keyed by pairs of our own small indices, not user input: rustc's fast hash is safe here.
    let mut position = rustc_hash::FxHashMap::<(usize, usize), usize>::default();
    let mut done = vec![false; graph.len()];
    for (u, row) in graph.iter().enumerate() {
        for &(v, w) in row {
            if done[v] {
                continue;
            }
            let (a, b) = (community[u], community[v]);
            match position.get(&(a, b)) {
                Some(&i) => {
                    let sum = w + out[a][i].1;
                    out[a][i].1 = sum;
                    if a != b {
                        let j = position[&(b, a)];
                        out[b][j].1 = sum;
                    }
                }
                None => {
                    position.insert((a, b), out[a].len());
                    out[a].push((b, w));
                    if a != b {
                        position.insert((b, a), out[b].len());
                        out[b].push((a, w));
                    }
                }
            }
        }
        done[u] = true;
    }
    out
}

/// `networkx.community.modularity(G, groups)` for the undirected weighted graph `graph` (resolution 1),
/// summed over the groups in the order given; 0 for a graph without edges.
fn modularity(graph: &Adjacency, groups: &[Vec<usize>]) -> f64 {
    let degrees = graph.degrees();
    let degree_sum: f64 = degrees.iter().sum();
    if degree_sum == 0.0 {
        return 0.0;
    }
    let m = degree_sum / 2.0;
    let norm = 1.0 / (degree_sum * degree_sum);
    let mut group_of = vec![usize::MAX; graph.len()];
    for (i, group) in groups.iter().enumerate() {
        for &u in group {
            group_of[u] = i;
        }
    }
    let mut q = 0.0;
    for (i, group) in groups.iter().enumerate() {
        let mut inside = 0.0;
        let mut degree = 0.0;
        for &u in group {
            degree += degrees[u];
            // Each edge once, from its smaller end.
            for (v, w) in graph.weighted(u) {
                if v >= u && group_of[v] == i {
                    inside += w;
                }
            }
        }
        q += inside / m - degree * degree * norm;
    }
    q
}

/// Members in index order, then groups largest first, ties by smallest member.
fn sort_groups(mut groups: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| a.first().cmp(&b.first()))
    });
    groups
}

#[cfg(test)]
mod tests {
    //! Expected numbers come from networkx 3.6 (`pagerank(G, alpha, tol=1e-12, max_iter=1000)`,
    //! `betweenness_centrality`, `louvain_communities` with the shuffle disabled, `modularity`) on the
    //! MultiDiGraph of the same nodes and relations, or from hand computation where noted.

    use super::*;
    use crate::model::{AgencyData, Node, NodeData, Relation, SourceData, TopicData};

    use crate::graph::tests::id;

    /// A node named by its id.
    fn node(i: &str, data: NodeData, sources: &[&str]) -> Node {
        crate::graph::tests::node(i, i, data, sources)
    }

    fn relation(kind: RelationKind, from: &str, to: &str, key: usize) -> Relation {
        let mut r = Relation::new(kind, id(from), id(to), vec![id("src:a1")]);
        r.props_mut().key = Some(format!("k{key}"));
        r
    }

    /// A source `src:a1`, agencies `agency:<slug>` and one `succeeded_by` relation per pair (parallel
    /// relations told apart by their key).
    fn graph(slugs: &[&str], edges: &[(&str, &str)]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let source = node("src:a1", NodeData::Source(SourceData::default()), &[]);
        g.insert_node(source, 1).unwrap();
        for slug in slugs {
            let agency = NodeData::Agency(AgencyData::default());
            g.insert_node(node(&format!("agency:{slug}"), agency, &["src:a1"]), 1)
                .unwrap();
        }
        for (i, (from, to)) in edges.iter().enumerate() {
            let (from, to) = (format!("agency:{from}"), format!("agency:{to}"));
            g.insert_relation(relation(RelationKind::SucceededBy, &from, &to, i))
                .unwrap();
        }
        g
    }

    fn agencies() -> Selection {
        Selection::new([NodeKind::Agency], [])
    }

    /// A node's id without the `agency:` prefix.
    fn name(g: &KnowledgeGraph, h: NodeHandle) -> String {
        let id = g.resolve(h).unwrap().id().as_str();
        id.strip_prefix("agency:").unwrap_or(id).to_owned()
    }

    fn names(g: &KnowledgeGraph, groups: &[Vec<NodeHandle>]) -> Vec<Vec<String>> {
        groups
            .iter()
            .map(|group| group.iter().map(|&h| name(g, h)).collect())
            .collect()
    }

    fn assert_scores(
        g: &KnowledgeGraph,
        actual: &[(NodeHandle, f64)],
        expected: &[(&str, f64)],
        tolerance: f64,
    ) {
        let actual: Vec<(String, f64)> = actual.iter().map(|&(h, s)| (name(g, h), s)).collect();
        assert_eq!(actual.len(), expected.len(), "{actual:?}");
        for ((a_name, a), (e_name, e)) in actual.iter().zip(expected) {
            assert_eq!(a_name, e_name, "{actual:?}");
            assert!((a - e).abs() <= tolerance, "{a_name}: {a} != {e}");
        }
    }

    fn star() -> KnowledgeGraph {
        graph(
            &["hub", "l1", "l2", "l3", "l4"],
            &[("l1", "hub"), ("l2", "hub"), ("l3", "hub"), ("l4", "hub")],
        )
    }

    #[test]
    fn star_centralities() {
        let g = star();
        let sel = agencies();
        let leaves = |hub: f64, leaf: f64| {
            vec![
                ("hub", hub),
                ("l1", leaf),
                ("l2", leaf),
                ("l3", leaf),
                ("l4", leaf),
            ]
        };
        // By hand: the hub is dangling, so a leaf gets 0.15/5 + 0.85 * hub/5 with hub = 1 - 4 * leaf.
        let leaf = 0.2 / 1.68;
        assert_scores(
            &g,
            &g.pagerank(&sel, 0.85),
            &leaves(1.0 - 4.0 * leaf, leaf),
            1e-9,
        );
        assert_scores(
            &g,
            &g.pagerank(&sel, 0.85),
            &leaves(0.5238095238104221, 0.1190476190473945),
            1e-9,
        );
        assert_scores(&g, &g.betweenness(&sel, true, true), &leaves(0.0, 0.0), 0.0);
        // Undirected: the hub is on the path between each of the C(4, 2) = 6 pairs of leaves.
        assert_scores(
            &g,
            &g.betweenness(&sel, false, false),
            &leaves(6.0, 0.0),
            1e-12,
        );
        assert_scores(
            &g,
            &g.betweenness(&sel, false, true),
            &leaves(1.0, 0.0),
            1e-12,
        );
        let degrees = g.degree(&sel);
        assert_eq!((degrees[0].in_degree, degrees[0].out_degree), (4, 0));
        assert!(
            degrees[1..]
                .iter()
                .all(|d| (d.in_degree, d.out_degree) == (0, 1))
        );
        assert_eq!(degrees[0].degree(), 4);
    }

    #[test]
    fn whole_graph_includes_isolated_sources() {
        let g = star();
        let all = Selection::default();
        let expected = [
            ("hub", 0.468085106383747),
            ("l1", 0.10638297872325056),
            ("l2", 0.10638297872325056),
            ("l3", 0.10638297872325056),
            ("l4", 0.10638297872325056),
            ("src:a1", 0.10638297872325056),
        ];
        assert_scores(&g, &g.pagerank(&all, 0.85), &expected, 1e-9);
        let bc = g.betweenness(&all, false, true);
        assert!((bc[0].1 - 0.6).abs() < 1e-12, "{bc:?}");
        assert_eq!(
            names(&g, &g.components(&all)),
            [vec!["hub", "l1", "l2", "l3", "l4"], vec!["src:a1"]]
        );
    }

    #[test]
    fn path_betweenness_and_pagerank() {
        let g = graph(&["a", "b", "c", "d"], &[("a", "b"), ("b", "c"), ("c", "d")]);
        let sel = agencies();
        let ends = |a: f64, b: f64| [("a", a), ("b", b), ("c", b), ("d", a)];
        // By hand: b lies on a->c and a->d, c on a->d and b->d; n = 4 gives 1 / (3 * 2).
        assert_scores(
            &g,
            &g.betweenness(&sel, true, false),
            &ends(0.0, 2.0),
            1e-12,
        );
        assert_scores(
            &g,
            &g.betweenness(&sel, true, true),
            &ends(0.0, 1.0 / 3.0),
            1e-12,
        );
        assert_scores(
            &g,
            &g.betweenness(&sel, false, false),
            &ends(0.0, 2.0),
            1e-12,
        );
        assert_scores(
            &g,
            &g.betweenness(&sel, false, true),
            &ends(0.0, 2.0 / 3.0),
            1e-12,
        );
        let expected = [
            ("a", 0.11615582303665445),
            ("b", 0.21488827261737348),
            ("c", 0.2988108547613768),
            ("d", 0.37014504958459526),
        ];
        assert_scores(&g, &g.pagerank(&sel, 0.85), &expected, 1e-9);
        let communities = g.communities(&sel);
        assert_eq!(names(&g, &communities.groups), [["a", "b"], ["c", "d"]]);
        assert!((communities.modularity - 1.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn dangling_nodes_spread_their_rank() {
        let g = graph(
            &["a", "b", "c", "d", "e"],
            &[("a", "b"), ("a", "c"), ("b", "c"), ("d", "a")],
        );
        let sel = agencies();
        let expected = [
            ("a", 0.20691631772868804),
            ("b", 0.1997860932657949),
            ("c", 0.36960427254187744),
            ("d", 0.11184665823181994),
            ("e", 0.11184665823181994),
        ];
        let ranks = g.pagerank(&sel, 0.85);
        assert_scores(&g, &ranks, &expected, 1e-9);
        assert!((ranks.iter().map(|r| r.1).sum::<f64>() - 1.0).abs() < 1e-12);
        let expected = [
            ("a", 0.2162162162163449),
            ("b", 0.19819819819819595),
            ("c", 0.29729729729717297),
            ("d", 0.14414414414414312),
            ("e", 0.14414414414414312),
        ];
        assert_scores(&g, &g.pagerank(&sel, 0.5), &expected, 1e-9);
        let bc = [("a", 2.0), ("b", 0.0), ("c", 0.0), ("d", 0.0), ("e", 0.0)];
        assert_scores(&g, &g.betweenness(&sel, true, false), &bc, 1e-12);
    }

    #[test]
    fn parallel_relations_add_weight_but_not_paths() {
        let g = graph(
            &["a", "b", "c"],
            &[
                ("a", "b"),
                ("a", "b"),
                ("a", "c"),
                ("b", "c"),
                ("c", "a"),
                ("c", "a"),
                ("c", "a"),
            ],
        );
        let sel = agencies();
        let degrees: Vec<_> = g
            .degree(&sel)
            .iter()
            .map(|d| (d.in_degree, d.out_degree))
            .collect();
        assert_eq!(degrees, [(3, 3), (2, 1), (2, 3)]);
        let expected = [
            ("a", 0.36776268763446396),
            ("b", 0.2583988563261228),
            ("c", 0.37383845603941296),
        ];
        assert_scores(&g, &g.pagerank(&sel, 0.85), &expected, 1e-9);
        assert_scores(
            &g,
            &g.betweenness(&sel, true, false),
            &[("a", 1.0), ("b", 0.0), ("c", 1.0)],
            1e-12,
        );

        // Two routes from s to t; the doubled s->x does not give x more of the pair (s, t).
        let g = graph(
            &["s", "t", "x", "y"],
            &[("s", "x"), ("s", "x"), ("x", "t"), ("s", "y"), ("y", "t")],
        );
        let bc = [("s", 0.0), ("t", 0.0), ("x", 0.5), ("y", 0.5)];
        assert_scores(&g, &g.betweenness(&sel, true, false), &bc, 1e-12);
        let bc = [("s", 0.5), ("t", 0.5), ("x", 0.5), ("y", 0.5)];
        assert_scores(&g, &g.betweenness(&sel, false, false), &bc, 1e-12);
        let expected = [
            ("s", 0.1375042970091751),
            ("t", 0.4706084565142804),
            ("x", 0.21542339864797125),
            ("y", 0.1764638478285732),
        ];
        assert_scores(&g, &g.pagerank(&sel, 0.85), &expected, 1e-9);
    }

    #[test]
    fn components_largest_first_then_by_smallest_id() {
        let g = graph(
            &["a", "b", "b0", "c", "d", "e", "f", "g", "x", "y"],
            &[("a", "b"), ("c", "b"), ("x", "y"), ("e", "d"), ("g", "f")],
        );
        let components = g.components(&agencies());
        assert_eq!(
            names(&g, &components),
            [
                vec!["a", "b", "c"],
                vec!["d", "e"],
                vec!["f", "g"],
                vec!["x", "y"],
                vec!["b0"],
            ]
        );
        let communities = g.communities(&agencies());
        assert_eq!(names(&g, &communities.groups), names(&g, &components));
        assert!((communities.modularity - 0.72).abs() < 1e-12);
        let whole = g.components(&Selection::all());
        assert_eq!(names(&g, &whole[4..]), [["b0"], ["src:a1"]]);
    }

    #[test]
    fn two_cliques_joined_by_one_relation_are_two_communities() {
        let mut edges = Vec::new();
        for clique in [["a", "b", "c", "d"], ["e", "f", "g", "h"]] {
            for (i, &u) in clique.iter().enumerate() {
                for &v in &clique[i + 1..] {
                    edges.push((u, v));
                }
            }
        }
        edges.push(("d", "e"));
        let g = graph(&["a", "b", "c", "d", "e", "f", "g", "h"], &edges);
        let communities = g.communities(&agencies());
        assert_eq!(
            names(&g, &communities.groups),
            [["a", "b", "c", "d"], ["e", "f", "g", "h"]]
        );
        // By hand: m = 13; each side has 6 edges inside and degree 13: 2 * (6/13 - (13/26)^2).
        assert!((communities.modularity - (12.0 / 13.0 - 0.5)).abs() < 1e-12);
        let bc = g.betweenness(&agencies(), true, false);
        assert_eq!(bc[3].1, 12.0);
        assert_eq!(bc[4].1, 12.0);
    }

    /// 14 agencies and 37 relations, with parallel and reciprocal ones and an isolated node.
    fn mixed() -> KnowledgeGraph {
        let edges = [
            (5, 2),
            (6, 10),
            (0, 1),
            (13, 8),
            (1, 5),
            (9, 0),
            (8, 3),
            (0, 1),
            (6, 13),
            (1, 3),
            (1, 8),
            (6, 0),
            (13, 9),
            (1, 3),
            (10, 13),
            (9, 0),
            (9, 13),
            (6, 0),
            (3, 0),
            (8, 2),
            (4, 6),
            (2, 8),
            (1, 9),
            (4, 8),
            (13, 10),
            (2, 1),
            (9, 13),
            (10, 3),
            (5, 1),
            (8, 11),
            (1, 9),
            (0, 9),
            (3, 7),
            (10, 8),
            (5, 2),
            (9, 0),
            (8, 13),
        ];
        let slugs: Vec<String> = (0..14).map(|i| format!("n{i:02}")).collect();
        let slug_refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
        let pairs: Vec<(&str, &str)> = edges
            .iter()
            .map(|&(u, v)| (slug_refs[u], slug_refs[v]))
            .collect();
        graph(&slug_refs, &pairs)
    }

    fn numbered(values: [f64; 14]) -> Vec<(String, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| (format!("n{i:02}"), v))
            .collect()
    }

    fn assert_numbered(
        g: &KnowledgeGraph,
        actual: &[(NodeHandle, f64)],
        values: [f64; 14],
        tolerance: f64,
    ) {
        let expected = numbered(values);
        let expected: Vec<(&str, f64)> = expected.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        assert_scores(g, actual, &expected, tolerance);
    }

    #[test]
    fn mixed_graph_matches_networkx() {
        let g = mixed();
        let sel = agencies();
        assert_numbered(
            &g,
            &g.pagerank(&sel, 0.85),
            [
                0.12951574969705404,
                0.1279981566278747,
                0.06251040983955006,
                0.0932621559910391,
                0.017845145842531995,
                0.03597821803103911,
                0.02542933282559066,
                0.05748156214003359,
                0.1142475628800352,
                0.1200523943250297,
                0.052493854092868004,
                0.04212275295460477,
                0.017845145842531995,
                0.10321755891021699,
            ],
            1e-9,
        );
        assert_numbered(
            &g,
            &g.betweenness(&sel, true, false),
            [
                16.5,
                26.666666666666668,
                6.666666666666666,
                14.666666666666666,
                0.0,
                1.5,
                4.166666666666666,
                0.0,
                29.666666666666664,
                9.0,
                5.166666666666667,
                0.0,
                0.0,
                16.0,
            ],
            1e-9,
        );
        assert_numbered(
            &g,
            &g.betweenness(&sel, true, true),
            [
                0.10576923076923077,
                0.17094017094017094,
                0.04273504273504273,
                0.09401709401709402,
                0.0,
                0.009615384615384616,
                0.026709401709401705,
                0.0,
                0.19017094017094016,
                0.05769230769230769,
                0.03311965811965812,
                0.0,
                0.0,
                0.10256410256410256,
            ],
            1e-12,
        );
        assert_numbered(
            &g,
            &g.betweenness(&sel, false, false),
            [
                5.0,
                14.333333333333334,
                2.1666666666666665,
                13.333333333333332,
                0.9166666666666665,
                0.0,
                3.5,
                0.0,
                24.583333333333332,
                1.3333333333333333,
                2.916666666666666,
                0.0,
                0.0,
                3.9166666666666665,
            ],
            1e-9,
        );
        assert_numbered(
            &g,
            &g.betweenness(&sel, false, true),
            [
                0.0641025641025641,
                0.18376068376068377,
                0.027777777777777776,
                0.17094017094017092,
                0.01175213675213675,
                0.0,
                0.04487179487179487,
                0.0,
                0.31517094017094016,
                0.017094017094017092,
                0.037393162393162385,
                0.0,
                0.0,
                0.05021367521367521,
            ],
            1e-12,
        );
        let components = g.components(&sel);
        assert_eq!(components.iter().map(Vec::len).collect::<Vec<_>>(), [13, 1]);
        assert_eq!(name(&g, components[1][0]), "n12");
        let communities = g.communities(&sel);
        assert_eq!(
            names(&g, &communities.groups),
            [
                vec!["n04", "n06", "n08", "n10", "n11", "n13"],
                vec!["n01", "n02", "n03", "n05", "n07"],
                vec!["n00", "n09"],
                vec!["n12"],
            ]
        );
        assert!((communities.modularity - 0.24762600438276117).abs() < 1e-12);
    }

    #[test]
    fn selection_induces_a_subgraph() {
        let mut g = graph(&["a", "b", "c"], &[("a", "b"), ("b", "c")]);
        let topic = node(
            "topic:t",
            NodeData::Topic(TopicData::default()),
            &["src:a1"],
        );
        g.insert_node(topic, 1).unwrap();
        for (i, from) in ["agency:a", "agency:b"].into_iter().enumerate() {
            g.insert_relation(relation(RelationKind::CoversTopic, from, "topic:t", i))
                .unwrap();
        }
        g.insert_relation(relation(RelationKind::FundedBy, "agency:c", "agency:a", 9))
            .unwrap();
        // Agencies only: the three agencies and the three relations between them.
        let cycle = graph(&["a", "b", "c"], &[("a", "b"), ("b", "c"), ("c", "a")]);
        assert_eq!(
            g.pagerank(&agencies(), 0.85)
                .iter()
                .map(|r| r.1)
                .collect::<Vec<_>>(),
            cycle
                .pagerank(&agencies(), 0.85)
                .iter()
                .map(|r| r.1)
                .collect::<Vec<_>>(),
        );
        // One relation kind over every node kind: the topic and the source stay, unconnected.
        let chain = Selection::new([], [RelationKind::SucceededBy]);
        assert_eq!(
            names(&g, &g.components(&chain)),
            [vec!["a", "b", "c"], vec!["src:a1"], vec!["topic:t"]]
        );
        let degrees = g.degree(&Selection::new([], [RelationKind::CoversTopic]));
        assert_eq!(degrees.len(), 5);
        assert_eq!(name(&g, degrees[4].node), "topic:t");
        assert_eq!(degrees[4].in_degree, 2);
        assert_eq!(g.degree(&Selection::all())[0].out_degree, 2);
    }

    #[test]
    fn selection_key_is_canonical() {
        let a = Selection::new(
            [NodeKind::Topic, NodeKind::Agency, NodeKind::Topic],
            [RelationKind::PartOf],
        );
        let b = Selection::new([NodeKind::Agency, NodeKind::Topic], [RelationKind::PartOf]);
        assert_eq!(a.key(), b.key());
        assert_eq!(
            Selection::new(NodeKind::ALL, RelationKind::ALL).key(),
            Selection::all()
        );
        assert_ne!(a.key(), Selection::all());
    }

    #[test]
    fn empty_graphs_and_selections() {
        let g = KnowledgeGraph::new();
        let all = Selection::all();
        assert!(g.degree(&all).is_empty());
        assert!(g.pagerank(&all, 0.85).is_empty());
        assert!(g.betweenness(&all, false, true).is_empty());
        assert!(g.components(&all).is_empty());
        assert_eq!(g.communities(&all), Communities::default());
        // Nodes but no relations: singletons with modularity 0, one node alone, two nodes.
        let g = graph(&["a", "b"], &[]);
        let communities = g.communities(&agencies());
        assert_eq!(names(&g, &communities.groups), [["a"], ["b"]]);
        assert_eq!(communities.modularity, 0.0);
        assert_scores(
            &g,
            &g.pagerank(&agencies(), 0.85),
            &[("a", 0.5), ("b", 0.5)],
            1e-12,
        );
        let one = graph(&["a"], &[]);
        assert_scores(
            &one,
            &one.betweenness(&agencies(), true, true),
            &[("a", 0.0)],
            0.0,
        );
    }

    #[test]
    fn cache_returns_the_same_result_until_the_graph_is_cloned() {
        let g = mixed();
        let cache = AnalyticsCache::default();
        let sel = Selection::new([NodeKind::Agency, NodeKind::Agency], []);
        let first = g.pagerank_cached_in(&cache, &sel, 0.85);
        let again = g.pagerank_cached_in(&cache, &agencies(), 0.85);
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(*first, g.pagerank(&agencies(), 0.85));
        let other = g.pagerank_cached_in(&cache, &agencies(), 0.5);
        assert!(!Arc::ptr_eq(&first, &other));
        let bc = g.betweenness_cached_in(&cache, &sel, true, true);
        assert!(Arc::ptr_eq(
            &bc,
            &g.betweenness_cached_in(&cache, &sel, true, true)
        ));
        assert!(!Arc::ptr_eq(
            &bc,
            &g.betweenness_cached_in(&cache, &sel, false, true)
        ));
        let components = g.components_cached_in(&cache, &sel);
        assert!(Arc::ptr_eq(
            &components,
            &g.components_cached_in(&cache, &sel)
        ));
        let communities = g.communities_cached_in(&cache, &sel);
        assert!(Arc::ptr_eq(
            &communities,
            &g.communities_cached_in(&cache, &sel)
        ));
        let degrees = g.degree_cached_in(&cache, &sel);
        assert!(Arc::ptr_eq(&degrees, &g.degree_cached_in(&cache, &sel)));
        assert_eq!(cache.len(), 7);
        assert!(cache.clone().is_empty());
        let mut cache = cache;
        cache.clear();
        assert!(cache.is_empty());
        // The snapshot's own entry points give the same answers.
        assert_eq!(*g.pagerank_cached(&sel, 0.85), *first);
        assert_eq!(*g.betweenness_cached(&sel, true, true), *bc);
        assert_eq!(*g.components_cached(&sel), *components);
        assert_eq!(*g.communities_cached(&sel), *communities);
        assert_eq!(*g.degree_cached(&sel), *degrees);
    }
}
