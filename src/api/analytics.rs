//! Analytics as GraphQL fields: centrality rankings, connected components and communities, over the whole
//! graph or the subgraph induced by some node and relation kinds. Results are computed on the snapshot
//! and cached in it, so they are computed once per version of the graph.
//!
//! They run on the long-read pool (`app::long_reads`) under the request's deadline, and the largest
//! of them need a key: betweenness over more than [`OPEN_BETWEENNESS_NODES`] nodes, any analysis
//! over more than [`OPEN_ANALYTICS_NODES`].

use std::sync::Arc;

use async_graphql::{Context, Object, Result, SimpleObject};

use super::enums::{Centrality, Direction, NodeKind, RelationKind};
use super::error::{Code, error, interrupted, invalid};
use super::explore::walk;
use super::filters::resolve;
use super::long_read;
use super::nodes::{NodeInterface, NodeObj};
use super::query::snapshot;
use crate::graph::{KnowledgeGraph, NodeHandle, Selection};

/// Most items an analytics list may return.
const MAX_ITEMS: usize = 10_000;

/// Betweenness over more nodes than this needs a key. It costs a breadth-first search of the
/// subgraph per node (about 1.5 s at this size in a release build, 6.6 s at 10,000 nodes).
pub const OPEN_BETWEENNESS_NODES: usize = 5_000;
/// Any analysis (centrality, components, communities) over more nodes than this needs a key.
pub const OPEN_ANALYTICS_NODES: usize = 200_000;

/// Refuses, without a key, an analysis of `sel` larger than the open limits.
fn open_to_caller(
    ctx: &Context<'_>,
    graph: &KnowledgeGraph,
    sel: &Selection,
    betweenness: bool,
) -> Result<()> {
    if super::scope::scope(ctx)?.caller.is_some() {
        return Ok(());
    }
    let nodes = graph.selection_size(sel);
    let (limit, what) = if betweenness {
        (OPEN_BETWEENNESS_NODES, "betweenness")
    } else {
        (OPEN_ANALYTICS_NODES, "this analysis")
    };
    if nodes <= limit {
        return Ok(());
    }
    Err(error(
        Code::Unauthenticated,
        format!(
            "{what} over {nodes} nodes (more than {limit}) needs an API key: send \
             `Authorization: Bearer <key>`, or narrow it with nodeKinds"
        ),
    ))
}

fn selection(
    node_kinds: Option<Vec<NodeKind>>,
    relation_kinds: Option<Vec<RelationKind>>,
) -> Selection {
    Selection::new(
        node_kinds.unwrap_or_default().into_iter().map(Into::into),
        relation_kinds
            .unwrap_or_default()
            .into_iter()
            .map(Into::into),
    )
}

fn count(name: &str, n: i32) -> Result<usize> {
    if n < 0 || n as usize > MAX_ITEMS {
        return Err(invalid(format!(
            "`{name}` must be between 0 and {MAX_ITEMS}"
        )));
    }
    Ok(n as usize)
}

fn wrap(graph: &Arc<KnowledgeGraph>, handle: NodeHandle) -> NodeInterface {
    NodeObj::wrap(graph, NodeObj::from_handle(graph, handle).at())
}

/// A node's score under a centrality measure and its rank (1 = most central).
#[derive(SimpleObject)]
pub struct Score {
    rank: usize,
    score: f64,
    node: NodeInterface,
}

/// A group of nodes: a connected component or a community.
pub struct GroupObj {
    graph: Arc<KnowledgeGraph>,
    members: Vec<NodeHandle>,
}

#[Object(name = "NodeGroup")]
impl GroupObj {
    async fn size(&self) -> usize {
        self.members.len()
    }

    /// The members in id order, at most `first`.
    async fn nodes(&self, #[graphql(default = 100)] first: i32) -> Result<Vec<NodeInterface>> {
        let first = count("first", first)?;
        Ok(self
            .members
            .iter()
            .take(first)
            .map(|h| wrap(&self.graph, *h))
            .collect())
    }
}

/// A partition of the selected nodes into communities (Louvain, deterministic).
#[derive(SimpleObject)]
pub struct CommunityPartition {
    /// Modularity of the partition on the undirected graph (networkx `community.modularity`).
    modularity: f64,
    /// Number of communities.
    count: usize,
    /// The largest communities first, at most `first`.
    groups: Vec<GroupObj>,
}

/// A node and its distance in steps.
#[derive(SimpleObject)]
pub struct Distance {
    node: NodeInterface,
    distance: usize,
}

#[derive(Default)]
pub struct AnalyticsQuery;

#[Object]
impl AnalyticsQuery {
    /// The most central nodes under a measure, highest first (ties by id), over the whole graph or the
    /// subgraph induced by `nodeKinds` and `relationKinds`; `onlyKinds` filters the ranking without
    /// changing the graph it is computed on.
    ///
    /// Without an API key, `BETWEENNESS` is computed on subgraphs of at most 5,000 nodes and the other
    /// measures on at most 200,000 (`UNAUTHENTICATED` beyond: narrow it with `nodeKinds`). A
    /// computation still running at the request timeout, or when the server shuts down, stops with
    /// `UNAVAILABLE`.
    #[allow(clippy::too_many_arguments)]
    async fn centrality(
        &self,
        ctx: &Context<'_>,
        measure: Centrality,
        node_kinds: Option<Vec<NodeKind>>,
        relation_kinds: Option<Vec<RelationKind>>,
        only_kinds: Option<Vec<NodeKind>>,
        #[graphql(default = 0.85)] damping: f64,
        #[graphql(default = true)] directed: bool,
        #[graphql(default = true)] normalized: bool,
        #[graphql(default = 20)] first: i32,
    ) -> Result<Vec<Score>> {
        let graph = snapshot(ctx)?.clone();
        let first = count("first", first)?;
        if !(0.0..1.0).contains(&damping) {
            return Err(invalid("`damping` must be at least 0 and below 1"));
        }
        let sel = selection(node_kinds, relation_kinds);
        open_to_caller(ctx, &graph, &sel, measure == Centrality::Betweenness)?;
        long_read(ctx, move |deadline| {
            rank(
                &graph, &sel, measure, damping, directed, normalized, only_kinds, first, deadline,
            )
        })
        .await
    }

    /// Weakly connected components, largest first. Without an API key, on subgraphs of at most
    /// 200,000 nodes (`UNAUTHENTICATED` beyond).
    async fn components(
        &self,
        ctx: &Context<'_>,
        node_kinds: Option<Vec<NodeKind>>,
        relation_kinds: Option<Vec<RelationKind>>,
        #[graphql(default = 20)] first: i32,
    ) -> Result<Vec<GroupObj>> {
        let graph = snapshot(ctx)?.clone();
        let first = count("first", first)?;
        let sel = selection(node_kinds, relation_kinds);
        open_to_caller(ctx, &graph, &sel, false)?;
        long_read(ctx, move |deadline| {
            let groups = graph
                .components_cached_within(&sel, deadline)
                .map_err(interrupted)?;
            Ok(groups
                .iter()
                .take(first)
                .map(|g| GroupObj {
                    graph: graph.clone(),
                    members: g.clone(),
                })
                .collect())
        })
        .await
    }

    /// Communities by Louvain modularity optimisation (deterministic), largest first. Without an API
    /// key, on subgraphs of at most 200,000 nodes (`UNAUTHENTICATED` beyond); a computation still
    /// running at the request timeout stops with `UNAVAILABLE`.
    async fn communities(
        &self,
        ctx: &Context<'_>,
        node_kinds: Option<Vec<NodeKind>>,
        relation_kinds: Option<Vec<RelationKind>>,
        #[graphql(default = 20)] first: i32,
    ) -> Result<CommunityPartition> {
        let graph = snapshot(ctx)?.clone();
        let first = count("first", first)?;
        let sel = selection(node_kinds, relation_kinds);
        open_to_caller(ctx, &graph, &sel, false)?;
        long_read(ctx, move |deadline| {
            let partition = graph
                .communities_cached_within(&sel, deadline)
                .map_err(interrupted)?;
            Ok(CommunityPartition {
                modularity: partition.modularity,
                count: partition.groups.len(),
                groups: partition
                    .groups
                    .iter()
                    .take(first)
                    .map(|g| GroupObj {
                        graph: graph.clone(),
                        members: g.clone(),
                    })
                    .collect(),
            })
        })
        .await
    }

    /// Shortest-path distances (in steps) from a node to every node it reaches, nearest first.
    async fn distances(
        &self,
        ctx: &Context<'_>,
        from: String,
        relation_kinds: Option<Vec<RelationKind>>,
        node_kinds: Option<Vec<NodeKind>>,
        direction: Option<Direction>,
        #[graphql(default = 1000)] first: i32,
    ) -> Result<Vec<Distance>> {
        let graph = snapshot(ctx)?.clone();
        let first = count("first", first)?;
        let walk = walk(relation_kinds, node_kinds, direction);
        long_read(ctx, move |_| {
            let start = resolve(&graph, &from, None)?;
            Ok(graph
                .path_lengths(start, &walk)
                .into_iter()
                .take(first)
                .map(|(h, distance)| Distance {
                    node: wrap(&graph, h),
                    distance,
                })
                .collect())
        })
        .await
    }
}

/// The centrality ranking behind `centrality`, computed on a long-read thread.
#[allow(clippy::too_many_arguments)]
fn rank(
    graph: &Arc<KnowledgeGraph>,
    sel: &Selection,
    measure: Centrality,
    damping: f64,
    directed: bool,
    normalized: bool,
    only_kinds: Option<Vec<NodeKind>>,
    first: usize,
    deadline: &crate::graph::Deadline,
) -> Result<Vec<Score>> {
    let mut scores: Vec<(NodeHandle, f64)> = match measure {
        Centrality::Pagerank => graph
            .pagerank_cached_within(sel, damping, deadline)
            .map_err(interrupted)?
            .as_ref()
            .clone(),
        Centrality::Betweenness => graph
            .betweenness_cached_within(sel, directed, normalized, deadline)
            .map_err(interrupted)?
            .as_ref()
            .clone(),
        Centrality::Degree | Centrality::InDegree | Centrality::OutDegree => graph
            .degree_cached(sel)
            .iter()
            .map(|d| {
                let value = match measure {
                    Centrality::InDegree => d.in_degree,
                    Centrality::OutDegree => d.out_degree,
                    _ => d.degree(),
                };
                (d.node, value as f64)
            })
            .collect(),
    };
    let only: Vec<crate::model::NodeKind> = only_kinds
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect();
    if !only.is_empty() {
        scores.retain(|(h, _)| graph.resolve(*h).is_some_and(|n| only.contains(&n.kind())));
    }
    let id = |h: &NodeHandle| graph.resolve(*h).map(|n| n.id().clone());
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| id(&a.0).cmp(&id(&b.0))));
    Ok(scores
        .into_iter()
        .take(first)
        .enumerate()
        .map(|(i, (h, score))| Score {
            rank: i + 1,
            score,
            node: wrap(graph, h),
        })
        .collect())
}
