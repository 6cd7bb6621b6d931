//! Exploring the graph: neighbourhoods, paths ("why are these connected?"), timelines and group-by
//! aggregates.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_graphql::{Context, Object, Result, SimpleObject};

use super::enums::{Direction, FactKind, GroupBy, NodeKind, RelationKind, TopicVia};
use super::error::{interrupted, invalid};
use super::filters::{CommonFilter, resolve};
use super::long_read;
use super::nodes::{NodeInterface, NodeObj, Relation, Source};
use super::query::snapshot;
use super::scalars::Date;
use crate::graph::{self, KnowledgeGraph, NodeHandle, RelationHandle, Walk, Way};
use crate::model::{self, NodeData};

/// Most nodes a neighbourhood may return.
pub const MAX_NEIGHBORHOOD: usize = 5_000;
/// Longest path `shortestPath` and `paths` search for.
pub const MAX_PATH_LENGTH: usize = 8;

/// The walk that traversal arguments describe (both directions by default).
pub(super) fn walk(
    relation_kinds: Option<Vec<RelationKind>>,
    node_kinds: Option<Vec<NodeKind>>,
    direction: Option<Direction>,
) -> Walk {
    Walk {
        relation_kinds: relation_kinds
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect(),
        node_kinds: node_kinds
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect(),
        way: direction.unwrap_or(Direction::Both).into(),
    }
}

fn bounded(name: &str, value: i32, max: usize) -> Result<usize> {
    if value < 0 || value as usize > max {
        return Err(invalid(format!("`{name}` must be between 0 and {max}")));
    }
    Ok(value as usize)
}

/// A node of a subgraph and its distance from the centre.
#[derive(SimpleObject)]
pub struct SubgraphNode {
    node: NodeInterface,
    /// Steps from the centre (0 for the centre).
    depth: usize,
}

/// A subgraph: nodes with their distance from the centre, the relations among them, and whether a limit
/// cut it short.
pub struct SubgraphObj {
    graph: Arc<KnowledgeGraph>,
    sub: graph::Subgraph,
}

#[Object(name = "Subgraph")]
impl SubgraphObj {
    async fn nodes(&self) -> Vec<SubgraphNode> {
        self.sub
            .nodes
            .iter()
            .map(|(h, depth)| SubgraphNode {
                node: NodeObj::wrap(&self.graph, NodeObj::from_handle(&self.graph, *h).at()),
                depth: *depth,
            })
            .collect()
    }

    /// Relations among the nodes, with their properties and sources.
    async fn relations(&self) -> Vec<Relation> {
        self.sub
            .relations
            .iter()
            .map(|h| Relation::new(&self.graph, *h))
            .collect()
    }

    async fn node_count(&self) -> usize {
        self.sub.nodes.len()
    }

    async fn relation_count(&self) -> usize {
        self.sub.relations.len()
    }

    /// True when `limit` stopped the traversal before it reached `depth` everywhere.
    async fn truncated(&self) -> bool {
        self.sub.truncated
    }
}

/// One step of a path.
pub struct PathStep {
    graph: Arc<KnowledgeGraph>,
    relation: RelationHandle,
    way: Way,
    node: NodeHandle,
}

#[Object]
impl PathStep {
    /// The relation followed, with its properties and the sources that state it.
    async fn relation(&self) -> Relation {
        Relation::new(&self.graph, self.relation)
    }

    /// `OUTGOING` when the step follows the relation from its `from` to its `to`.
    async fn direction(&self) -> Direction {
        if self.way == Way::Outgoing {
            Direction::Outgoing
        } else {
            Direction::Incoming
        }
    }

    /// The node this step reaches.
    async fn node(&self) -> NodeInterface {
        NodeObj::wrap(
            &self.graph,
            NodeObj::from_handle(&self.graph, self.node).at(),
        )
    }
}

/// A path: where it starts and each step, so a client can render `ETSI -party_to-> MoU <-party_to- CESI`.
pub struct PathObj {
    graph: Arc<KnowledgeGraph>,
    start: NodeHandle,
    steps: Vec<(RelationHandle, Way, NodeHandle)>,
}

impl PathObj {
    fn new(graph: &Arc<KnowledgeGraph>, path: &graph::Path<'_>) -> Self {
        Self {
            graph: graph.clone(),
            start: path.start.handle(),
            steps: path
                .steps
                .iter()
                .map(|s| (s.relation_handle, s.way, s.node.handle()))
                .collect(),
        }
    }
}

#[Object(name = "Path")]
impl PathObj {
    /// Number of steps.
    async fn length(&self) -> usize {
        self.steps.len()
    }

    async fn start(&self) -> NodeInterface {
        NodeObj::wrap(
            &self.graph,
            NodeObj::from_handle(&self.graph, self.start).at(),
        )
    }

    async fn steps(&self) -> Vec<PathStep> {
        self.steps
            .iter()
            .map(|&(relation, way, node)| PathStep {
                graph: self.graph.clone(),
                relation,
                way,
                node,
            })
            .collect()
    }

    /// Every node on the path, start first.
    async fn nodes(&self) -> Vec<NodeInterface> {
        std::iter::once(self.start)
            .chain(self.steps.iter().map(|s| s.2))
            .map(|h| NodeObj::wrap(&self.graph, NodeObj::from_handle(&self.graph, h).at()))
            .collect()
    }

    /// Why the ends are connected: every source that states a step of the path, without repeats.
    async fn sources(&self) -> Vec<Source> {
        let mut ids: Vec<&model::NodeId> = Vec::new();
        for (h, _, _) in &self.steps {
            if let Some(r) = self.graph.relation_by_handle(*h) {
                for s in r.sources.iter() {
                    if !ids.contains(&s) {
                        ids.push(s);
                    }
                }
            }
        }
        ids.into_iter()
            .filter_map(|id| self.graph.get(id.as_str()))
            .map(|n| Source::from(NodeObj::new(&self.graph, n)))
            .collect()
    }
}

/// Simple paths between two nodes, shortest first.
#[derive(SimpleObject)]
pub struct PathList {
    paths: Vec<PathObj>,
    /// True when `limit` or the search budget stopped the search.
    truncated: bool,
}

/// A dated fact.
#[derive(SimpleObject)]
pub struct TimelineEntry {
    date: Date,
    /// The last day, for facts that last several days.
    end: Option<Date>,
    kind: FactKind,
    node: NodeInterface,
}

/// A group of an aggregate and how many nodes fall in it.
#[derive(SimpleObject)]
pub struct Group {
    /// The group's value (`GOVERNMENT`, `2019`, a topic id, an issuer id); `none` for nodes without one.
    key: String,
    /// A readable name for the key (the topic's or issuer's name).
    label: String,
    count: usize,
}

#[derive(Default)]
pub struct ExploreQuery;

#[Object]
impl ExploreQuery {
    /// The subgraph within `depth` steps of a node: nodes (with their distance) and the relations among
    /// them, bounded by `limit` nodes (truncation reported).
    #[allow(clippy::too_many_arguments)]
    async fn neighborhood(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Centre node: id, name or abbreviation.")] id: String,
        #[graphql(default = 1)] depth: i32,
        relation_kinds: Option<Vec<RelationKind>>,
        node_kinds: Option<Vec<NodeKind>>,
        direction: Option<Direction>,
        #[graphql(default = 200)] limit: i32,
    ) -> Result<SubgraphObj> {
        let graph = snapshot(ctx)?.clone();
        let depth = bounded("depth", depth, 6)?;
        let limit = bounded("limit", limit, MAX_NEIGHBORHOOD)?.max(1);
        let walk = walk(relation_kinds, node_kinds, direction);
        long_read(ctx, move |_| {
            let center = resolve(&graph, &id, None)?;
            let sub = graph.neighborhood(center, depth, &walk, limit);
            Ok(SubgraphObj { graph, sub })
        })
        .await
    }

    /// A shortest path between two nodes (breadth first), or null when none exists within `maxLength`.
    /// Each step carries the relation and its sources: the answer to "why are these connected?".
    #[allow(clippy::too_many_arguments)]
    async fn shortest_path(
        &self,
        ctx: &Context<'_>,
        from: String,
        to: String,
        relation_kinds: Option<Vec<RelationKind>>,
        node_kinds: Option<Vec<NodeKind>>,
        direction: Option<Direction>,
        #[graphql(default = 6)] max_length: i32,
    ) -> Result<Option<PathObj>> {
        let graph = snapshot(ctx)?.clone();
        let max = bounded("maxLength", max_length, MAX_PATH_LENGTH)?;
        let w = walk(relation_kinds, node_kinds, direction);
        long_read(ctx, move |_| {
            let (a, b) = (resolve(&graph, &from, None)?, resolve(&graph, &to, None)?);
            Ok(graph
                .shortest_path(a, b, &w, max)
                .map(|p| PathObj::new(&graph, &p)))
        })
        .await
    }

    /// All simple paths between two nodes up to `maxLength` steps, shortest first, at most `limit`. A
    /// search still running at the request timeout stops with `UNAVAILABLE`.
    #[allow(clippy::too_many_arguments)]
    async fn paths(
        &self,
        ctx: &Context<'_>,
        from: String,
        to: String,
        #[graphql(default = 4)] max_length: i32,
        #[graphql(default = 10)] limit: i32,
        relation_kinds: Option<Vec<RelationKind>>,
        node_kinds: Option<Vec<NodeKind>>,
        direction: Option<Direction>,
    ) -> Result<PathList> {
        let graph = snapshot(ctx)?.clone();
        let max = bounded("maxLength", max_length, MAX_PATH_LENGTH)?;
        let limit = bounded("limit", limit, 1000)?;
        let w = walk(relation_kinds, node_kinds, direction);
        long_read(ctx, move |deadline| {
            let (a, b) = (resolve(&graph, &from, None)?, resolve(&graph, &to, None)?);
            let found = graph
                .all_paths_within(a, b, &w, max, limit, deadline)
                .map_err(interrupted)?;
            Ok(PathList {
                paths: found
                    .paths
                    .iter()
                    .map(|p| PathObj::new(&graph, p))
                    .collect(),
                truncated: found.truncated,
            })
        })
        .await
    }

    /// Dated facts (events held, standards published or in force, comment deadlines, MoUs signed, ...)
    /// in date order, optionally within a date range, of some kinds, about a topic, or about a node and
    /// its direct neighbours.
    #[allow(clippy::too_many_arguments)]
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        from: Option<Date>,
        to: Option<Date>,
        kinds: Option<Vec<FactKind>>,
        #[graphql(
            desc = "Only facts about what belongs to this topic or one of its sub-topics (topic id or name); `topicVia` says which relations count."
        )]
        topic: Option<String>,
        #[graphql(
            default,
            desc = "Which relations tie a node to `topic`: `covers_topic` only (`COVERS`, the default) or every topical relation (`ALL`: also an event that `discussed` it, a committee `part_of` it)."
        )]
        topic_via: TopicVia,
        related_to: Option<String>,
        #[graphql(default = 200)] first: i32,
    ) -> Result<Vec<TimelineEntry>> {
        let graph = snapshot(ctx)?.clone();
        let first = bounded("first", first, super::page::MAX_PAGE_SIZE)?;
        let kinds: Vec<graph::FactKind> = kinds
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        let from = from.map_or(i64::MIN, |d| d.0.first_day());
        let to = to.map_or(i64::MAX, |d| d.0.last_day());
        // It reads every dated node: a long read.
        long_read(ctx, move |_| {
            let filter = CommonFilter {
                topic,
                topic_via,
                related_to: related_to.clone(),
                ..CommonFilter::default()
            }
            .prepare(&graph)?;
            let center = related_to
                .as_deref()
                .map(|r| resolve(&graph, r, None))
                .transpose()?
                .map(|n| n.handle());
            let facts = graph.timeline(from, to, &kinds);
            Ok(facts
                .into_iter()
                .filter(|f| Some(f.node.handle()) == center || filter.matches(f.node))
                .take(first)
                .map(|f| TimelineEntry {
                    date: Date(f.date),
                    end: f.end.map(Date),
                    kind: f.kind.into(),
                    node: NodeObj::wrap(&graph, f.node),
                })
                .collect())
        })
        .await
    }

    /// Counts of nodes grouped by a property (the `group by` of the graph), largest group first.
    async fn aggregate(
        &self,
        ctx: &Context<'_>,
        group_by: GroupBy,
        #[graphql(desc = "Only nodes of these kinds (all when absent).")] kinds: Option<
            Vec<NodeKind>,
        >,
        filter: Option<CommonFilter>,
    ) -> Result<Vec<Group>> {
        let graph = snapshot(ctx)?.clone();
        let kinds: Vec<model::NodeKind> = kinds
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        // It reads every node: a long read.
        long_read(ctx, move |_| {
            let prepared = filter.unwrap_or_default().prepare(&graph)?;
            let mut groups: BTreeMap<String, (String, usize)> = BTreeMap::new();
            for node in graph.all_nodes() {
                if (!kinds.is_empty() && !kinds.contains(&node.kind())) || !prepared.matches(node) {
                    continue;
                }
                for (key, label) in group_keys(node, group_by) {
                    groups.entry(key).or_insert((label, 0)).1 += 1;
                }
            }
            let mut out: Vec<Group> = groups
                .into_iter()
                .map(|(key, (label, count))| Group { key, label, count })
                .collect();
            out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
            Ok(out)
        })
        .await
    }
}

/// Serializes a model enum value the way GraphQL spells it (`StandardsBody` -> `STANDARDS_BODY`).
fn enum_key<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_uppercase))
        .unwrap_or_default()
}

/// `NationalRecommended` -> `NATIONAL_RECOMMENDED`, as GraphQL spells enum values.
fn screaming(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

fn group_keys(node: crate::graph::NodeRef<'_>, by: GroupBy) -> Vec<(String, String)> {
    let plain = |k: String| vec![(k.clone(), k)];
    let none = || vec![("none".to_owned(), "none".to_owned())];
    let related = |kind: model::RelationKind| {
        let others = node.neighbours(Way::Outgoing, kind);
        if others.is_empty() {
            none()
        } else {
            others
                .iter()
                .map(|o| (o.id().to_string(), o.node().name.clone()))
                .collect()
        }
    };
    let data = &node.node().data;
    match by {
        GroupBy::Kind => plain(node.kind().to_string()),
        GroupBy::Topic => related(model::RelationKind::CoversTopic),
        GroupBy::Issuer => related(model::RelationKind::IssuedBy),
        GroupBy::Year => node
            .node()
            .principal_date()
            .map_or_else(none, |d| plain(d.year().to_string())),
        GroupBy::Status => match data {
            NodeData::Standard(s) => plain(enum_key(&s.status)),
            NodeData::Document(d) => plain(enum_key(&d.status)),
            NodeData::TechnicalCommittee(c) => plain(enum_key(&c.status)),
            NodeData::Mou(m) => plain(enum_key(&m.status)),
            _ => none(),
        },
        GroupBy::Category => match data {
            NodeData::Agency(a) => plain(enum_key(&a.category)),
            _ => none(),
        },
        GroupBy::StandardType => node.node().standard_code().map_or_else(none, |c| {
            plain(screaming(&format!("{:?}", c.standard_type())))
        }),
        GroupBy::Level => match data {
            NodeData::Standard(s) => s.level.map_or_else(none, |l| plain(enum_key(&l))),
            NodeData::TechnicalCommittee(c) => plain(enum_key(&c.level)),
            _ => none(),
        },
        GroupBy::Subkind => match data {
            NodeData::Event(e) => plain(enum_key(&e.event_kind)),
            NodeData::Document(d) => plain(enum_key(&d.doc_kind)),
            _ => none(),
        },
        GroupBy::Country => match data {
            NodeData::Agency(a) => a.country.clone().map_or_else(none, plain),
            NodeData::Event(e) => e.country.clone().map_or_else(none, plain),
            _ => none(),
        },
    }
}
