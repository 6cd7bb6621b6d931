//! Traversals: neighbourhoods, shortest paths, all simple paths up to a length, and timelines of dated
//! facts. All are deterministic: neighbours are visited in (relation kind, node id) order.

use std::collections::HashSet;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use petgraph::stable_graph::NodeIndex;

use super::{
    Deadline, Interrupted, KnowledgeGraph, NodeHandle, NodeRef, RelationHandle, RelationRef,
    Selection, TraversalIndex, Way,
};
use crate::model::{NodeData, NodeKind, PartialDate, Relation, RelationKind};

/// Which relations and nodes a traversal may use.
#[derive(Clone, Debug)]
pub struct Walk {
    /// Relation kinds to follow; empty follows all.
    pub relation_kinds: Vec<RelationKind>,
    /// Node kinds to enter; empty enters all. The start node is always included.
    pub node_kinds: Vec<NodeKind>,
    /// Which way to follow relations.
    pub way: Way,
}

impl Default for Walk {
    fn default() -> Self {
        Self {
            relation_kinds: Vec::new(),
            node_kinds: Vec::new(),
            way: Way::Both,
        }
    }
}

impl Walk {
    /// The relations this walk may follow from `node`, in storage order (for level-by-level traversals
    /// that sort each level themselves).
    fn steps_unordered<'g, 'w>(
        &'w self,
        node: NodeRef<'g>,
    ) -> impl Iterator<Item = RelationRef<'g>> + 'w
    where
        'g: 'w,
    {
        node.relations_unordered(self.way, &self.relation_kinds)
            .filter(|r| self.node_kinds.is_empty() || self.node_kinds.contains(&r.other.kind()))
    }

    /// The relations this walk may follow from `node`, in (kind, other id) order.
    fn steps<'g>(&self, node: NodeRef<'g>) -> Vec<RelationRef<'g>> {
        let mut steps = node.relations(self.way, &self.relation_kinds);
        steps.retain(|r| self.node_kinds.is_empty() || self.node_kinds.contains(&r.other.kind()));
        steps
    }
}

/// A set of nodes and the relations among them.
#[derive(Clone, Debug, Default)]
pub struct Subgraph {
    /// Nodes with their distance from the start (0 for the start; 0 for every node of a non-traversal
    /// selection).
    pub nodes: Vec<(NodeHandle, usize)>,
    pub relations: Vec<RelationHandle>,
    /// True when a limit cut the subgraph short.
    pub truncated: bool,
}

impl Subgraph {
    pub fn contains(&self, node: NodeHandle) -> bool {
        self.nodes.iter().any(|(n, _)| *n == node)
    }
}

/// One step of a path: the relation followed, which way, and the node reached.
#[derive(Clone, Copy, Debug)]
pub struct Step<'g> {
    pub relation: &'g Relation,
    pub relation_handle: RelationHandle,
    /// `Outgoing` when the step goes from the relation's `from` to its `to`.
    pub way: Way,
    pub node: NodeRef<'g>,
}

/// A path: the start node, then one step per relation.
#[derive(Clone, Debug)]
pub struct Path<'g> {
    pub start: NodeRef<'g>,
    pub steps: Vec<Step<'g>>,
}

/// All simple paths found, and whether the search stopped early.
#[derive(Clone, Debug)]
pub struct Paths<'g> {
    pub paths: Vec<Path<'g>>,
    pub truncated: bool,
}

/// How many partial paths `all_paths` may expand before it reports truncation.
const PATH_SEARCH_BUDGET: usize = 200_000;

impl KnowledgeGraph {
    /// The nodes within `depth` steps of `center` (breadth first, at most `limit` nodes) and every
    /// relation among them that the walk allows.
    pub fn neighborhood(
        &self,
        center: NodeRef<'_>,
        depth: usize,
        walk: &Walk,
        limit: usize,
    ) -> Subgraph {
        let (nodes, truncated) = self.neighborhood_nodes(center, depth, walk, limit);
        let relations = self.relations_among(&nodes, walk);
        Subgraph {
            nodes,
            relations,
            truncated,
        }
    }

    /// The nodes within `depth` steps of `center` with their distance, in (distance, id) order, at most
    /// `limit` of them, and whether the limit cut the traversal short. When a level does not fit, the
    /// nodes of that level with the smallest ids are kept, so the answer does not depend on storage order.
    pub fn neighborhood_nodes(
        &self,
        center: NodeRef<'_>,
        depth: usize,
        walk: &Walk,
        limit: usize,
    ) -> (Vec<(NodeHandle, usize)>, bool) {
        if let Some((index, ends)) = self.index_for(walk, &[center]) {
            return neighborhood_indexed(&index, ends[0], depth, walk.way, limit);
        }
        let mut seen: FxHashSet<NodeIndex> = FxHashSet::default();
        seen.insert(center.ix);
        let mut order = vec![(center, 0)];
        let mut level = vec![center];
        let mut truncated = false;
        for d in 1..=depth {
            let mut next: Vec<NodeRef<'_>> = Vec::new();
            for node in &level {
                for step in walk.steps_unordered(*node) {
                    if seen.insert(step.other.ix) {
                        next.push(step.other);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            let room = limit.saturating_sub(order.len());
            if next.len() > room {
                truncated = true;
                next.sort_unstable_by(|a, b| a.id().cmp(b.id()));
                next.truncate(room);
            }
            order.extend(next.iter().map(|n| (*n, d)));
            if truncated {
                break;
            }
            level = next;
        }
        order.sort_unstable_by(|a, b| (a.1, a.0.id()).cmp(&(b.1, b.0.id())));
        (
            order.into_iter().map(|(n, d)| (n.handle(), d)).collect(),
            truncated,
        )
    }

    /// The relations the walk allows between nodes of `nodes`, in relation-id order.
    pub fn relations_among(
        &self,
        nodes: &[(NodeHandle, usize)],
        walk: &Walk,
    ) -> Vec<RelationHandle> {
        let members: HashSet<NodeHandle> = nodes.iter().map(|(n, _)| *n).collect();
        let mut relations: Vec<(&Relation, RelationHandle)> = Vec::new();
        for (n, _) in nodes {
            let Some(node) = self.resolve(*n) else {
                continue;
            };
            for r in node.relations_unordered(Way::Outgoing, &walk.relation_kinds) {
                if members.contains(&r.other.handle()) {
                    relations.push((r.relation, r.handle()));
                }
            }
        }
        relations.sort_unstable_by(|(a, _), (b, _)| {
            (&a.from, a.kind, &a.to, a.key()).cmp(&(&b.from, b.kind, &b.to, b.key()))
        });
        relations.into_iter().map(|(_, h)| h).collect()
    }

    /// Every node of the given kinds (all kinds when empty) that is tied to `topic` (or one of its
    /// sub-topics) by a relation of `topic_via` when a topic is given (the topics themselves
    /// included), with the relations among them.
    pub fn selection(
        &self,
        node_kinds: &[NodeKind],
        topic: Option<&crate::model::NodeId>,
        topic_via: super::TopicVia,
        walk: &Walk,
    ) -> Subgraph {
        let topics = topic.map(|t| self.topic_with_subtopics(t));
        let nodes: Vec<(NodeHandle, usize)> = self
            .all_nodes()
            .filter(|n| node_kinds.is_empty() || node_kinds.contains(&n.kind()))
            .filter(|n| {
                topics.as_ref().is_none_or(|ts| {
                    ts.contains(&n.handle())
                        || n.relations_unordered(Way::Outgoing, topic_via.relation_kinds())
                            .any(|r| ts.contains(&r.other.handle()))
                })
            })
            .map(|n| (n.handle(), 0))
            .collect();
        let relations = self.relations_among(&nodes, walk);
        Subgraph {
            nodes,
            relations,
            truncated: false,
        }
    }

    /// A shortest path from `from` to `to` of at most `max_length` steps, or `None` when there is none.
    /// Bidirectional breadth-first search, one whole level at a time from the smaller side. Among equally
    /// short paths it returns the same one whatever the storage order: each node's parent is the
    /// smallest-id node of the previous level that reaches it (then the smallest relation), and the
    /// two searches meet at the smallest-id meeting node.
    pub fn shortest_path<'g>(
        &'g self,
        from: NodeRef<'g>,
        to: NodeRef<'g>,
        walk: &Walk,
        max_length: usize,
    ) -> Option<Path<'g>> {
        if from.ix == to.ix {
            return Some(Path {
                start: from,
                steps: Vec::new(),
            });
        }
        if let Some((index, ends)) = self.index_for(walk, &[from, to]) {
            let nodes = shortest_indexed(&index, ends[0], ends[1], walk.way, max_length)?;
            return Some(self.path_through(from, &nodes, walk));
        }
        let backward = Walk {
            way: reverse(walk.way),
            ..walk.clone()
        };
        let mut fwd: Parents<'g> = FxHashMap::default();
        let mut bwd: Parents<'g> = FxHashMap::default();
        fwd.insert(from.ix, None);
        bwd.insert(to.ix, None);
        let (mut fwd_level, mut bwd_level) = (vec![from], vec![to]);
        let mut length = 0;
        while length < max_length && !fwd_level.is_empty() && !bwd_level.is_empty() {
            let forward_side = fwd_level.len() <= bwd_level.len();
            let (level, seen, other, w) = if forward_side {
                (&mut fwd_level, &mut fwd, &bwd, walk)
            } else {
                (&mut bwd_level, &mut bwd, &fwd, &backward)
            };
            let mut next: Vec<NodeRef<'g>> = Vec::new();
            let mut in_next: FxHashSet<NodeIndex> = FxHashSet::default();
            for node in level.iter() {
                for r in w.steps_unordered(*node) {
                    let v = r.other.ix;
                    match seen.get(&v) {
                        None => {
                            seen.insert(v, Some((*node, r)));
                            in_next.insert(v);
                            next.push(r.other);
                        }
                        Some(Some((parent, old)))
                            if in_next.contains(&v) && better_parent(*node, r, *parent, *old) =>
                        {
                            seen.insert(v, Some((*node, r)));
                        }
                        Some(_) => {}
                    }
                }
            }
            length += 1;
            let meet = next
                .iter()
                .filter(|n| other.contains_key(&n.ix))
                .min_by(|a, b| a.id().cmp(b.id()));
            if let Some(meet) = meet {
                return Some(join(from, *meet, &fwd, &bwd));
            }
            *level = next;
        }
        None
    }

    /// The cached traversal index for a walk, with the local indices of `ends`; `None` when an end lies
    /// outside the walk's node kinds (the walk may still start there, which the index cannot express).
    fn index_for(
        &self,
        walk: &Walk,
        ends: &[NodeRef<'_>],
    ) -> Option<(Arc<TraversalIndex>, Vec<u32>)> {
        let index = self.traversal_index(&Selection::new(
            walk.node_kinds.clone(),
            walk.relation_kinds.clone(),
        ));
        let locals = ends
            .iter()
            .map(|n| index.local(n.ix))
            .collect::<Option<Vec<u32>>>()?;
        Some((index, locals))
    }

    /// The steps along a node sequence (starting at `from`): between consecutive nodes, the relation the
    /// walk allows with the smallest (kind, key), outgoing before incoming.
    fn path_through<'g>(&'g self, from: NodeRef<'g>, nodes: &[NodeIndex], walk: &Walk) -> Path<'g> {
        let mut steps = Vec::with_capacity(nodes.len());
        let mut at = from;
        for &next in nodes {
            let best = at
                .relations_unordered(walk.way, &walk.relation_kinds)
                .filter(|r| r.other.ix == next)
                .min_by(|a, b| {
                    (a.relation.kind, a.relation.key(), a.way == Way::Incoming).cmp(&(
                        b.relation.kind,
                        b.relation.key(),
                        b.way == Way::Incoming,
                    ))
                })
                .expect("consecutive nodes of an indexed path are related");
            steps.push(Step {
                relation: best.relation,
                relation_handle: best.handle(),
                way: best.way,
                node: best.other,
            });
            at = best.other;
        }
        Path { start: from, steps }
    }

    /// Lengths of shortest paths from `from` to every node reachable within the walk, by handle.
    pub fn path_lengths(&self, from: NodeRef<'_>, walk: &Walk) -> Vec<(NodeHandle, usize)> {
        if let Some((index, ends)) = self.index_for(walk, &[from]) {
            return neighborhood_indexed(&index, ends[0], usize::MAX, walk.way, usize::MAX).0;
        }
        let mut dist = vec![(from.id(), from.handle(), 0)];
        let mut seen = HashSet::from([from.ix]);
        let mut level = vec![from];
        let mut d = 0;
        while !level.is_empty() {
            d += 1;
            let mut next = Vec::new();
            for node in &level {
                for r in walk.steps_unordered(*node) {
                    if seen.insert(r.other.ix) {
                        dist.push((r.other.id(), r.other.handle(), d));
                        next.push(r.other);
                    }
                }
            }
            level = next;
        }
        dist.sort_unstable_by(|a, b| (a.2, a.0).cmp(&(b.2, b.0)));
        dist.into_iter().map(|(_, h, d)| (h, d)).collect()
    }

    /// All simple paths from `from` to `to` with at most `max_length` steps, shortest first (ties in
    /// visiting order), at most `limit` of them.
    pub fn all_paths<'g>(
        &'g self,
        from: NodeRef<'g>,
        to: NodeRef<'g>,
        walk: &Walk,
        max_length: usize,
        limit: usize,
    ) -> Paths<'g> {
        self.all_paths_within(from, to, walk, max_length, limit, &Deadline::none())
            .expect("without a deadline nothing interrupts it")
    }

    /// [`all_paths`](Self::all_paths), giving up at `deadline`.
    pub fn all_paths_within<'g>(
        &'g self,
        from: NodeRef<'g>,
        to: NodeRef<'g>,
        walk: &Walk,
        max_length: usize,
        limit: usize,
        deadline: &Deadline,
    ) -> Result<Paths<'g>, Interrupted> {
        let mut found: Vec<Path<'g>> = Vec::new();
        let mut budget = PATH_SEARCH_BUDGET;
        let mut truncated = false;
        // Iterative deepening yields shorter paths first without holding every partial path in memory.
        for length in 1..=max_length {
            let mut stack: Vec<Step<'g>> = Vec::new();
            let mut on_path = HashSet::from([from.ix]);
            self.extend_paths(
                from,
                to,
                walk,
                length,
                &mut stack,
                &mut on_path,
                &mut found,
                limit,
                &mut budget,
                deadline,
            )?;
            if found.len() >= limit {
                truncated = true;
                found.truncate(limit);
                break;
            }
            if budget == 0 {
                truncated = true;
                break;
            }
        }
        Ok(Paths {
            paths: found,
            truncated,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn extend_paths<'g>(
        &'g self,
        start: NodeRef<'g>,
        to: NodeRef<'g>,
        walk: &Walk,
        length: usize,
        stack: &mut Vec<Step<'g>>,
        on_path: &mut HashSet<NodeIndex>,
        found: &mut Vec<Path<'g>>,
        limit: usize,
        budget: &mut usize,
        deadline: &Deadline,
    ) -> Result<(), Interrupted> {
        let here = stack.last().map_or(start, |s| s.node);
        for r in walk.steps(here) {
            if found.len() >= limit || *budget == 0 {
                return Ok(());
            }
            *budget -= 1;
            if budget.is_multiple_of(1024) {
                deadline.check()?;
            }
            let step = Step {
                relation: r.relation,
                relation_handle: r.handle(),
                way: r.way,
                node: r.other,
            };
            if r.other.ix == to.ix {
                if stack.len() + 1 == length {
                    let mut steps = stack.clone();
                    steps.push(step);
                    found.push(Path { start, steps });
                }
                continue;
            }
            if stack.len() + 1 >= length || !on_path.insert(r.other.ix) {
                continue;
            }
            stack.push(step);
            self.extend_paths(
                start, to, walk, length, stack, on_path, found, limit, budget, deadline,
            )?;
            stack.pop();
            on_path.remove(&r.other.ix);
        }
        Ok(())
    }

    /// Dated facts in date order (ties: kind of fact, then node id) that overlap `[from, to]` (days
    /// since 1970-01-01). A fact known less precisely than the range is long (a year-only date in a
    /// month's timeline) is left out: it cannot be placed in the range.
    pub fn timeline(&self, from: i64, to: i64, kinds: &[FactKind]) -> Vec<Fact<'_>> {
        let mut facts = Vec::new();
        let span = to.saturating_sub(from);
        for node in self.all_nodes() {
            for (kind, date, end) in dated_fields(node) {
                let last = end.map_or(date.last_day(), |e| e.last_day());
                let first = date.first_day();
                let precise_enough = last - first <= span;
                if first <= to
                    && last >= from
                    && precise_enough
                    && (kinds.is_empty() || kinds.contains(&kind))
                {
                    facts.push(Fact {
                        kind,
                        date,
                        end,
                        node,
                    });
                }
            }
        }
        facts.sort_by(|a, b| {
            (a.date.first_day(), a.kind, a.node.id()).cmp(&(
                b.date.first_day(),
                b.kind,
                b.node.id(),
            ))
        });
        facts
    }
}

fn reverse(way: Way) -> Way {
    match way {
        Way::Outgoing => Way::Incoming,
        Way::Incoming => Way::Outgoing,
        Way::Both => Way::Both,
    }
}

/// Reached node -> the node it was reached from and the relation followed (`None` for the start).
type Parents<'g> = FxHashMap<NodeIndex, Option<(NodeRef<'g>, RelationRef<'g>)>>;

/// True when reaching a node from `u` over `r` should replace reaching it from `p` over `q`.
fn better_parent(u: NodeRef<'_>, r: RelationRef<'_>, p: NodeRef<'_>, q: RelationRef<'_>) -> bool {
    (
        u.id(),
        r.relation.kind,
        r.relation.key(),
        r.way == Way::Incoming,
    ) < (
        p.id(),
        q.relation.kind,
        q.relation.key(),
        q.way == Way::Incoming,
    )
}

/// The path through `meet`: forward parents from `from` to `meet`, then backward parents to the target.
fn join<'g>(
    from: NodeRef<'g>,
    meet: NodeRef<'g>,
    fwd: &Parents<'g>,
    bwd: &Parents<'g>,
) -> Path<'g> {
    let mut steps = Vec::new();
    let mut at = meet.ix;
    while let Some(Some((previous, r))) = fwd.get(&at) {
        steps.push(Step {
            relation: r.relation,
            relation_handle: r.handle(),
            way: r.way,
            node: NodeRef {
                graph: from.graph,
                ix: at,
            },
        });
        at = previous.ix;
    }
    steps.reverse();
    let mut at = meet.ix;
    while let Some(Some((next, r))) = bwd.get(&at) {
        let next = &next.ix;
        // Found walking backwards, so the step from `at` to `next` follows the relation the other way.
        let way = match r.way {
            Way::Outgoing => Way::Incoming,
            _ => Way::Outgoing,
        };
        steps.push(Step {
            relation: r.relation,
            relation_handle: r.handle(),
            way,
            node: NodeRef {
                graph: from.graph,
                ix: *next,
            },
        });
        at = *next;
    }
    Path { start: from, steps }
}

/// What a dated fact says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKind {
    EventHeld,
    CommitteeEstablished,
    StandardProposed,
    StandardPublished,
    StandardInForce,
    StandardWithdrawn,
    DocumentIssued,
    CommentDeadline,
    DocumentInForce,
    MouSigned,
    MouRenewed,
}

/// A dated fact about a node.
#[derive(Clone, Copy, Debug)]
pub struct Fact<'g> {
    pub kind: FactKind,
    pub date: PartialDate,
    /// The last day, for facts that last (events spanning several days).
    pub end: Option<PartialDate>,
    pub node: NodeRef<'g>,
}

fn dated_fields(node: NodeRef<'_>) -> Vec<(FactKind, PartialDate, Option<PartialDate>)> {
    let mut out = Vec::new();
    let mut push = |kind, date: Option<PartialDate>, end: Option<PartialDate>| {
        if let Some(d) = date {
            out.push((kind, d, end));
        }
    };
    match &node.node().data {
        NodeData::Event(e) => push(FactKind::EventHeld, e.start, e.end),
        NodeData::TechnicalCommittee(c) => {
            push(FactKind::CommitteeEstablished, c.established, None)
        }
        NodeData::Standard(s) => {
            push(FactKind::StandardProposed, s.proposed, None);
            push(FactKind::StandardPublished, s.published, None);
            push(FactKind::StandardInForce, s.in_force, None);
            push(FactKind::StandardWithdrawn, s.withdrawn, None);
            push(FactKind::CommentDeadline, s.comment_deadline, None);
        }
        NodeData::Document(d) => {
            push(FactKind::DocumentIssued, d.issued, None);
            push(FactKind::CommentDeadline, d.comment_deadline, None);
            push(FactKind::DocumentInForce, d.in_force, None);
        }
        NodeData::Mou(m) => {
            push(FactKind::MouSigned, m.signed, None);
            push(FactKind::MouRenewed, m.renewed, None);
        }
        NodeData::Agency(_) | NodeData::Person(_) | NodeData::Topic(_) | NodeData::Source(_) => {}
    }
    out
}

/// Breadth first over the traversal index from `start`: nodes with their distance in (distance, id)
/// order, at most `limit`, and whether the limit cut it short (the smallest ids of a cut level are kept).
fn neighborhood_indexed(
    index: &TraversalIndex,
    start: u32,
    depth: usize,
    way: Way,
    limit: usize,
) -> (Vec<(NodeHandle, usize)>, bool) {
    let (out, inc) = (way != Way::Incoming, way != Way::Outgoing);
    let mut seen = vec![false; index.len()];
    seen[start as usize] = true;
    let mut order: Vec<(u32, usize)> = vec![(start, 0)];
    let mut level = vec![start];
    let mut truncated = false;
    let mut d = 0;
    while d < depth && !level.is_empty() {
        d += 1;
        let mut next = Vec::new();
        for &u in &level {
            for v in index.neighbours(u, out, inc) {
                if !seen[v as usize] {
                    seen[v as usize] = true;
                    next.push(v);
                }
            }
        }
        let room = limit.saturating_sub(order.len());
        if next.len() > room {
            truncated = true;
            next.sort_unstable();
            next.truncate(room);
        }
        order.extend(next.iter().map(|&v| (v, d)));
        if truncated {
            break;
        }
        level = next;
    }
    // Local indices follow node-id order, so this is (distance, id) order.
    order.sort_unstable_by_key(|&(v, d)| (d, v));
    (
        order
            .into_iter()
            .map(|(v, d)| (NodeHandle(index.node(v)), d))
            .collect(),
        truncated,
    )
}

/// Bidirectional breadth first over the traversal index: the nodes after `from` on a shortest path to
/// `to`, or `None`. Levels are expanded in ascending local index, so every node's parent is the
/// smallest-id node of the previous level, and the searches meet at the smallest-id meeting node.
fn shortest_indexed(
    index: &TraversalIndex,
    from: u32,
    to: u32,
    way: Way,
    max_length: usize,
) -> Option<Vec<NodeIndex>> {
    const UNSEEN: u32 = u32::MAX;
    const ROOT: u32 = u32::MAX - 1;
    if from == to {
        return Some(Vec::new());
    }
    let (out, inc) = (way != Way::Incoming, way != Way::Outgoing);
    let mut parent_fwd = vec![UNSEEN; index.len()];
    let mut parent_bwd = vec![UNSEEN; index.len()];
    parent_fwd[from as usize] = ROOT;
    parent_bwd[to as usize] = ROOT;
    let (mut fwd_level, mut bwd_level) = (vec![from], vec![to]);
    let mut length = 0;
    while length < max_length && !fwd_level.is_empty() && !bwd_level.is_empty() {
        let forward = fwd_level.len() <= bwd_level.len();
        let (level, parent, other, (o, i)) = if forward {
            (&mut fwd_level, &mut parent_fwd, &parent_bwd, (out, inc))
        } else {
            (&mut bwd_level, &mut parent_bwd, &parent_fwd, (inc, out))
        };
        let mut next = Vec::new();
        for &u in level.iter() {
            for v in index.neighbours(u, o, i) {
                if parent[v as usize] == UNSEEN {
                    parent[v as usize] = u;
                    next.push(v);
                }
            }
        }
        length += 1;
        if let Some(&meet) = next.iter().filter(|&&v| other[v as usize] != UNSEEN).min() {
            let mut path = Vec::new();
            let mut at = meet;
            while at != from {
                path.push(at);
                at = parent_fwd[at as usize];
            }
            path.reverse();
            let mut at = meet;
            while at != to {
                at = parent_bwd[at as usize];
                path.push(at);
            }
            return Some(path.into_iter().map(|v| index.node(v)).collect());
        }
        next.sort_unstable();
        *level = next;
    }
    None
}
