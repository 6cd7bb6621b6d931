//! The query root: lookups, one Relay connection per kind, search and graph statistics.

use std::sync::Arc;

use async_graphql::connection::{Connection, ConnectionNameType, Edge, EdgeNameType};
use async_graphql::{Context, ID, MergedObject, Object, OutputType, Result, SimpleObject};

use super::enums::{NodeKind, OrderField, RelationKind, SearchMatch, SearchOrder};
use super::error::{invalid, not_found};
use super::filters::*;
use super::nodes::*;
use super::page::{Paged, TotalCount, encode_cursor, page_cost, window};
use super::scalars::Date;
use crate::graph::{KnowledgeGraph, NodeRef, SearchHit};
use crate::model::{self, StandardCode};

/// The snapshot this request reads; every resolver of one request sees the same one.
pub fn snapshot<'a>(ctx: &Context<'a>) -> &'a Arc<KnowledgeGraph> {
    ctx.data_unchecked::<Arc<KnowledgeGraph>>()
}

/// Lookups, lists and search.
#[derive(Default)]
pub struct LookupQuery;

/// The query root, merged from the parts of the API.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    LookupQuery,
    super::explore::ExploreQuery,
    super::analytics::AnalyticsQuery,
    super::history::HistoryQuery,
);

/// Which page of a list is asked for.
pub(super) struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    /// The query asks for the list's `totalCount`, which needs the whole list rather than one page.
    pub need_total: bool,
}

impl PageArgs {
    fn new(ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> Self {
        Self {
            first,
            after,
            need_total: ctx.look_ahead().field("totalCount").exists(),
        }
    }
}

/// A page of one kind's nodes.
pub type KindConnection<T> = Connection<String, T, TotalCount>;

fn list<T, F>(
    graph: &Arc<KnowledgeGraph>,
    kind: model::NodeKind,
    filter: Option<F>,
    order: Option<Order>,
    page: PageArgs,
    as_of: Option<Date>,
) -> Result<KindConnection<T>>
where
    T: From<NodeObj> + OutputType,
    F: KindFilter + Default,
{
    let page = list_page(graph, kind, filter, order, page)?;
    let mut conn = page.connection();
    conn.edges.extend(page.items.iter().map(|n| {
        Edge::new(
            encode_cursor(n.id().as_str()),
            T::from(NodeObj::new(graph, *n).dated(as_of)),
        )
    }));
    Ok(conn)
}

/// One page of one kind's nodes, filtered and ordered (the list fields: `standards`, ...).
pub(super) fn list_page<'g, F>(
    graph: &'g Arc<KnowledgeGraph>,
    kind: model::NodeKind,
    filter: Option<F>,
    order: Option<Order>,
    page: PageArgs,
) -> Result<Paged<NodeRef<'g>>>
where
    F: KindFilter + Default,
{
    let PageArgs {
        first,
        after,
        need_total,
    } = page;
    let filter = filter.unwrap_or_default();
    let common = filter.common().prepare(graph)?;
    let refs = Refs::new(graph);
    let default_field = if kind == model::NodeKind::Standard {
        OrderField::Code
    } else {
        OrderField::Name
    };
    let order = order.unwrap_or(Order {
        field: default_field,
        ..Order::default()
    });
    // The kind's nodes in this order, sorted once per snapshot; the page is filled by walking it.
    let ordered = graph.ordered(kind, order.key(), || {
        let mut all: Vec<_> = graph.nodes_of_kind(kind).collect();
        sort(&mut all, order);
        all.iter().map(|n| n.handle()).collect()
    });
    let size = first.map_or(super::page::DEFAULT_PAGE_SIZE, |n| {
        usize::try_from(n).unwrap_or(0)
    });
    let cursor = after
        .as_deref()
        .map(super::page::decode_cursor)
        .transpose()?;
    let mut nodes = Vec::new();
    // Where the page starts in `nodes` once the cursor's node has been seen.
    let mut page_start = cursor.is_none().then_some(0);
    let mut complete = true;
    for &handle in ordered.iter() {
        let Some(n) = graph.resolve(handle) else {
            continue;
        };
        if !(common.matches(n) && filter.matches(&refs, n)?) {
            continue;
        }
        nodes.push(n);
        if page_start.is_none() && cursor.as_deref() == Some(n.id().as_str()) {
            page_start = Some(nodes.len());
        }
        // One node past the page tells whether there is a next page.
        if !need_total && page_start.is_some_and(|start| nodes.len() > start + size) {
            complete = false;
            break;
        }
    }
    debug_assert!(complete || !need_total);
    let w = window(
        nodes.len(),
        |i| nodes[i].id().as_str(),
        first,
        after.as_deref(),
    )?;
    Ok(Paged::of(nodes, w))
}

/// The node with this id; `NOT_FOUND` when there is none (the `node` field).
pub(super) fn lookup_node(graph: &Arc<KnowledgeGraph>, id: &str) -> Result<NodeInterface> {
    model::NodeId::parse(id).map_err(|e| invalid(e.to_string()))?;
    let node = graph
        .get(id)
        .ok_or_else(|| not_found(format!("node `{id}`")))?;
    Ok(NodeObj::wrap(graph, node))
}

/// One page of search results (the `search` field).
fn search(
    graph: &Arc<KnowledgeGraph>,
    query: &str,
    kinds: Option<Vec<NodeKind>>,
    order_by: Option<SearchOrder>,
    page: PageArgs,
) -> Result<SearchConnection> {
    let page = search_page(graph, query, kinds, order_by, page)?;
    let mut conn = page.connection();
    for hit in &page.items {
        let fields = SearchEdgeFields {
            score: hit.matched.score(),
            matched_on: hit.matched.into(),
        };
        conn.edges.push(Edge::with_additional_fields(
            encode_cursor(hit.node.id().as_str()),
            NodeObj::wrap(graph, hit.node),
            fields,
        ));
    }
    Ok(conn)
}

/// One page of search results.
pub(super) fn search_page<'g>(
    graph: &'g Arc<KnowledgeGraph>,
    query: &str,
    kinds: Option<Vec<NodeKind>>,
    order_by: Option<SearchOrder>,
    page: PageArgs,
) -> Result<Paged<SearchHit<'g>>> {
    if query.trim().is_empty() {
        return Err(invalid("`query` must not be blank"));
    }
    let kinds: Vec<model::NodeKind> = kinds
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect();
    if order_by == Some(SearchOrder::Id) && !page.need_total {
        return search_page_by_id(graph, query, &kinds, page);
    }
    let PageArgs { first, after, .. } = page;
    let mut hits = graph.search(query, &kinds);
    if order_by == Some(SearchOrder::Id) {
        hits.sort_unstable_by(|a, b| a.node.id().cmp(b.node.id()));
    }
    let w = window(
        hits.len(),
        |i| hits[i].node.id().as_str(),
        first,
        after.as_deref(),
    )?;
    Ok(Paged::of(hits, w))
}

/// A page of search results in id order, found without ranking every match (`totalCount` is not
/// asked for, and is left at 0).
fn search_page_by_id<'g>(
    graph: &'g Arc<KnowledgeGraph>,
    query: &str,
    kinds: &[model::NodeKind],
    page: PageArgs,
) -> Result<Paged<SearchHit<'g>>> {
    let size = match page.first {
        None => super::page::DEFAULT_PAGE_SIZE,
        Some(n) => usize::try_from(n).map_err(|_| invalid("`first` must not be negative"))?,
    };
    let after = page
        .after
        .as_deref()
        .map(super::page::decode_cursor)
        .transpose()?;
    let mut hits = graph.search_by_id(query, kinds, after.as_deref(), size.saturating_add(1));
    let has_next = hits.len() > size;
    hits.truncate(size);
    Ok(Paged {
        items: hits,
        has_previous_page: after.is_some(),
        has_next_page: has_next,
        total: 0,
    })
}

/// Why a search result matched.
#[derive(SimpleObject)]
pub struct SearchEdgeFields {
    /// Higher is better: 100 exact code, 95 abbreviation, 90 exact name or alias (also typed with other
    /// spaces or punctuation), 80 code without year, 70 name prefix, 50 name substring, 40 every word in
    /// the names, 20 every word in the text, 10 every word allowing a typo.
    score: u32,
    matched_on: SearchMatch,
}

/// Names the search connection types `SearchConnection` and `SearchEdge`.
pub struct SearchName;

impl ConnectionNameType for SearchName {
    fn type_name<T: OutputType>() -> String {
        "SearchConnection".to_owned()
    }
}

impl EdgeNameType for SearchName {
    fn type_name<T: OutputType>() -> String {
        "SearchEdge".to_owned()
    }
}

pub type SearchConnection =
    Connection<String, NodeInterface, TotalCount, SearchEdgeFields, SearchName, SearchName>;

/// How many nodes or relations of one kind the graph holds.
#[derive(SimpleObject)]
pub struct KindCount {
    kind: NodeKind,
    count: usize,
}

#[derive(SimpleObject)]
pub struct RelationKindCount {
    kind: RelationKind,
    count: usize,
}

/// Size of the graph.
#[derive(SimpleObject)]
pub struct GraphStats {
    nodes: usize,
    relations: usize,
    nodes_by_kind: Vec<KindCount>,
    relations_by_kind: Vec<RelationKindCount>,
}

#[Object]
impl LookupQuery {
    /// A node by id; `NOT_FOUND` when there is none.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<NodeInterface>> {
        lookup_node(snapshot(ctx), &id).map(Some)
    }

    /// Nodes by id, in the order asked; null where an id names no node.
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<NodeInterface>>> {
        let graph = snapshot(ctx);
        if ids.len() > super::page::MAX_PAGE_SIZE {
            return Err(invalid(format!(
                "at most {} ids per request",
                super::page::MAX_PAGE_SIZE
            )));
        }
        Ok(ids
            .iter()
            .map(|id| graph.get(id).map(|n| NodeObj::wrap(graph, n)))
            .collect())
    }

    /// A standard by any spelling of its code (`GB/T 22239-2019`, `gb/t22239—2019`, full-width). A code
    /// without a year gives the newest edition known.
    async fn standard(
        &self,
        ctx: &Context<'_>,
        code: String,
        #[graphql(desc = "Answer `status` as of this date.")] as_of: Option<Date>,
    ) -> Result<Option<Standard>> {
        let graph = snapshot(ctx);
        StandardCode::parse(&code).map_err(|e| invalid(e.to_string()))?;
        let node = graph
            .find_standard(&code)
            .ok_or_else(|| not_found(format!("a standard with code `{code}`")))?;
        Ok(Some(Standard::from(NodeObj::new(graph, node).dated(as_of))))
    }

    /// An organization by id, abbreviation, English or Chinese name or alias (`SAC`, `国家标准化管理委员会`).
    async fn agency(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "ref")] reference: String,
    ) -> Result<Option<Agency>> {
        let graph = snapshot(ctx);
        let node = resolve(graph, &reference, Some(model::NodeKind::Agency))?;
        Ok(Some(Agency::from(NodeObj::new(graph, node))))
    }

    /// A technical committee, subcommittee or working group by id, code (`TC260`, `SAC/TC260`),
    /// English or Chinese name or alias.
    async fn technical_committee(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "ref")] reference: String,
    ) -> Result<Option<TechnicalCommittee>> {
        let graph = snapshot(ctx);
        let node = resolve(graph, &reference, Some(model::NodeKind::TechnicalCommittee))?;
        Ok(Some(TechnicalCommittee::from(NodeObj::new(graph, node))))
    }

    /// A relation by id (`from|kind|to`).
    async fn relation(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Relation>> {
        let graph = snapshot(ctx);
        Relation::lookup(graph, &model::RelationId::new(id.as_str()))
            .map(Some)
            .ok_or_else(|| not_found(format!("relation `{}`", id.as_str())))
    }

    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn agencies(
        &self,
        ctx: &Context<'_>,
        filter: Option<AgencyFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<KindConnection<Agency>> {
        list(
            snapshot(ctx),
            model::NodeKind::Agency,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn technical_committees(
        &self,
        ctx: &Context<'_>,
        filter: Option<TechnicalCommitteeFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<KindConnection<TechnicalCommittee>> {
        list(
            snapshot(ctx),
            model::NodeKind::TechnicalCommittee,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            None,
        )
    }

    /// Standards, ordered by code unless `orderBy` says otherwise.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn standards(
        &self,
        ctx: &Context<'_>,
        filter: Option<StandardFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(desc = "Answer each standard's `status` as of this date.")] as_of: Option<Date>,
    ) -> Result<KindConnection<Standard>> {
        list(
            snapshot(ctx),
            model::NodeKind::Standard,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            as_of,
        )
    }

    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn events(
        &self,
        ctx: &Context<'_>,
        filter: Option<EventFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<KindConnection<Event>> {
        list(
            snapshot(ctx),
            model::NodeKind::Event,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn mous(
        &self,
        ctx: &Context<'_>,
        filter: Option<MouFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<KindConnection<Mou>> {
        list(
            snapshot(ctx),
            model::NodeKind::Mou,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        filter: Option<DocumentFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<KindConnection<Document>> {
        list(
            snapshot(ctx),
            model::NodeKind::Document,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        filter: Option<PersonFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<KindConnection<Person>> {
        list(
            snapshot(ctx),
            model::NodeKind::Person,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn topics(
        &self,
        ctx: &Context<'_>,
        filter: Option<TopicFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<KindConnection<Topic>> {
        list(
            snapshot(ctx),
            model::NodeKind::Topic,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            None,
        )
    }

    /// The articles facts come from.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        filter: Option<SourceFilter>,
        order_by: Option<Order>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<KindConnection<Source>> {
        list(
            snapshot(ctx),
            model::NodeKind::Source,
            filter,
            order_by,
            PageArgs::new(ctx, first, after),
            None,
        )
    }

    /// Ranked search across names, Chinese names, aliases, abbreviations, codes and descriptions:
    /// exact code or abbreviation first. Case- and width-insensitive; Chinese text matches by substring.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        kinds: Option<Vec<NodeKind>>,
        #[graphql(desc = "`RELEVANCE` (the default) or `ID`.")] order_by: Option<SearchOrder>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<SearchConnection> {
        search(
            snapshot(ctx),
            &query,
            kinds,
            order_by,
            PageArgs::new(ctx, first, after),
        )
    }

    /// How many nodes and relations of each kind the graph holds.
    async fn stats(&self, ctx: &Context<'_>) -> GraphStats {
        let graph = snapshot(ctx);
        GraphStats {
            nodes: graph.node_count(),
            relations: graph.relation_count(),
            nodes_by_kind: graph
                .count_by_kind()
                .into_iter()
                .map(|(k, count)| KindCount {
                    kind: k.into(),
                    count,
                })
                .collect(),
            relations_by_kind: graph
                .count_by_relation_kind()
                .into_iter()
                .map(|(k, count)| RelationKindCount {
                    kind: k.into(),
                    count,
                })
                .collect(),
        }
    }
}
