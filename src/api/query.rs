//! The query root: lookups, one Relay connection per kind, search and graph statistics.

use std::cmp::Ordering;
use std::sync::Arc;

use async_graphql::connection::{Connection, ConnectionNameType, Edge, EdgeNameType};
use async_graphql::{Context, ID, MergedObject, Object, OutputType, Result, SimpleObject};

use super::enums::{NodeKind, OrderField, RelationKind, SearchMatch, SearchOrder, TopicVia};
use super::error::{invalid, not_found};
use super::filters::*;
use super::nodes::*;
use super::page::{
    Cursor, Decoded, PageSize, Paged, TotalCount, decode_cursor, keyset_page, legacy_cursor_gone,
    page_cost,
};
use super::scalars::Date;
use crate::graph::{KnowledgeGraph, NodeRef, SearchHit, SearchRank};
use crate::model::{self, StandardCode};

/// The snapshot this request reads; every resolver of one request sees the same one.
pub fn snapshot<'a>(ctx: &Context<'a>) -> Result<&'a Arc<KnowledgeGraph>> {
    Ok(&super::scope::scope(ctx)?.snapshot)
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
    super::ingest::IngestQuery,
);

/// Which page of a list is asked for.
pub(super) struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
    /// The query asks for the list's `totalCount`, which needs the whole list rather than one page.
    pub need_total: bool,
}

impl PageArgs {
    fn new(
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Self {
        Self {
            first,
            after,
            last,
            before,
            need_total: ctx.look_ahead().field("totalCount").exists(),
        }
    }
}

/// A page of one kind's nodes.
pub type KindConnection<T> = Connection<String, T, TotalCount>;

/// A node of a list, with the order it was listed in (which its cursor needs).
#[derive(Clone, Copy)]
pub(super) struct Listed<'g> {
    pub node: NodeRef<'g>,
    pub order: Order,
}

impl Listed<'_> {
    /// The node's cursor: its place in the list's order.
    pub fn cursor(&self) -> String {
        let key = Order::key_parts(&self.order.sort_key(self.node));
        Cursor::new(self.order.tag(), key, self.node.id().as_str()).encode()
    }
}

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
            n.cursor(),
            T::from(NodeObj::new(graph, n.node).dated(as_of)),
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
) -> Result<Paged<Listed<'g>>>
where
    F: KindFilter + Default,
{
    let size = PageSize::new(page.first, page.last)?;
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
    // Where a cursor's position falls in the list as it is now: keyset cursors carry their node's
    // sort key; older ones are placed by their node as it is now.
    let tag = order.tag();
    let position = |raw: &str| -> Result<(SortKey, String)> {
        match decode_cursor(raw)? {
            Decoded::Keyset(c) => {
                let c = c.in_order(&tag, raw)?;
                let key = order.key_from_parts(&c.key).ok_or_else(|| {
                    invalid(format!("`{raw}` is not a cursor this server issued"))
                })?;
                Ok((key, c.id))
            }
            Decoded::Legacy(id) => {
                let node = graph.get(&id).ok_or_else(|| legacy_cursor_gone(raw, &id))?;
                Ok((order.sort_key(node), id))
            }
        }
    };
    // Whether the node at a position sorts before (or at) a cursor's position.
    let sorts = |pos: usize, at: &(SortKey, String)| {
        graph.resolve(ordered[pos]).map_or(Ordering::Less, |n| {
            order.compare((&order.sort_key(n), n.id().as_str()), (&at.0, &at.1))
        })
    };
    let len = ordered.len();
    let lo = match page.after.as_deref() {
        None => 0,
        Some(raw) => {
            let at = position(raw)?;
            partition(len, |pos| sorts(pos, &at) != Ordering::Greater)
        }
    };
    let hi = match page.before.as_deref() {
        None => len,
        Some(raw) => {
            let at = position(raw)?;
            partition(len, |pos| sorts(pos, &at) == Ordering::Less)
        }
    };
    keyset_page(len, lo, hi, size, page.need_total, |pos| {
        let Some(n) = graph.resolve(ordered[pos]) else {
            return Ok(None);
        };
        Ok((common.matches(n) && filter.matches(&refs, n)?).then_some(Listed { node: n, order }))
    })
}

/// The first position in `0..len` for which `before` is false, `before` being true for a prefix.
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The node with this id; `NOT_FOUND` when there is none (the `node` field).
pub(super) fn lookup_node(graph: &Arc<KnowledgeGraph>, id: &str) -> Result<NodeInterface> {
    model::NodeId::parse(id).map_err(|e| invalid(e.to_string()))?;
    let node = graph
        .get(id)
        .ok_or_else(|| not_found(format!("node `{id}`")))?;
    Ok(NodeObj::wrap(graph, node))
}

/// The cursor of a search hit: its rank and id, which place it in a ranked list and in the id order.
pub(super) fn search_cursor(hit: &SearchHit<'_>) -> String {
    let rank = hit.rank();
    Cursor::new(
        "search",
        vec![
            u8::from(rank.demoted).to_string(),
            rank.score.0.to_string(),
            rank.name_words.0.to_string(),
            rank.name_len.to_string(),
        ],
        hit.node.id().as_str(),
    )
    .encode()
}

/// A hit's rank ([`SearchHit::rank`]).
type Rank = SearchRank;

/// Where a search cursor falls: the rank of its hit and its id.
fn search_position(
    graph: &KnowledgeGraph,
    query: &str,
    kinds: &[model::NodeKind],
    raw: &str,
) -> Result<(Rank, String)> {
    match decode_cursor(raw)? {
        Decoded::Keyset(c) => {
            let c = c.in_order("search", raw)?;
            let rank = match c.key.as_slice() {
                [demoted, score, name_words, name_len] => (|| {
                    Some(SearchRank {
                        demoted: demoted.parse::<u8>().ok()? == 1,
                        score: std::cmp::Reverse(score.parse().ok()?),
                        name_words: std::cmp::Reverse(name_words.parse().ok()?),
                        name_len: name_len.parse().ok()?,
                    })
                })(),
                _ => None,
            }
            .ok_or_else(|| invalid(format!("`{raw}` is not a cursor this server issued")))?;
            Ok((rank, c.id))
        }
        // An older cursor: the hit's rank as it is now, which needs it to be still a hit.
        Decoded::Legacy(id) => {
            let node = graph.get(&id).ok_or_else(|| legacy_cursor_gone(raw, &id))?;
            let rank = graph
                .search(query, kinds)
                .into_iter()
                .find(|h| h.node.handle() == node.handle())
                .map(|h| h.rank())
                .ok_or_else(|| legacy_cursor_gone(raw, &id))?;
            Ok((rank, id))
        }
    }
}

/// What a search is limited to besides kinds: the members of a topic (with its sub-topics), tied
/// to it by the relations `topic_via` names, as in the list filters' `topic` and `topicVia`.
#[derive(Default)]
pub(super) struct SearchScope {
    pub topic: Option<String>,
    pub topic_via: TopicVia,
}

/// One page of search results (the `search` field).
fn search(
    graph: &Arc<KnowledgeGraph>,
    query: &str,
    kinds: Option<Vec<NodeKind>>,
    scope: SearchScope,
    order_by: Option<SearchOrder>,
    page: PageArgs,
) -> Result<SearchConnection> {
    let page = search_page(graph, query, kinds, scope, order_by, page)?;
    let mut conn = page.connection();
    for hit in &page.items {
        let fields = SearchEdgeFields {
            score: hit.matched.score(),
            matched_on: hit.matched.into(),
        };
        conn.edges.push(Edge::with_additional_fields(
            search_cursor(hit),
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
    scope: SearchScope,
    order_by: Option<SearchOrder>,
    page: PageArgs,
) -> Result<Paged<SearchHit<'g>>> {
    if query.trim().is_empty() {
        return Err(invalid("`query` must not be blank"));
    }
    let size = PageSize::new(page.first, page.last)?;
    let kinds: Vec<model::NodeKind> = kinds
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect();
    let members = match scope.topic {
        Some(topic) => Some(
            CommonFilter {
                topic: Some(topic),
                topic_via: scope.topic_via,
                ..CommonFilter::default()
            }
            .prepare(graph)?,
        ),
        None => None,
    };
    let by_id = order_by == Some(SearchOrder::Id);
    if by_id
        && members.is_none()
        && !page.need_total
        && page.last.is_none()
        && page.before.is_none()
    {
        return search_page_by_id(graph, query, &kinds, size, page.after.as_deref());
    }
    let mut hits = graph.search(query, &kinds);
    if let Some(members) = &members {
        hits.retain(|h| members.matches(h.node));
    }
    if by_id {
        hits.sort_unstable_by(|a, b| a.node.id().cmp(b.node.id()));
    }
    // Where a cursor falls: by id in the id order; by rank, then id, in relevance order.
    let sorts = |h: &SearchHit<'_>, at: &(Rank, String)| {
        let by_rank = if by_id {
            Ordering::Equal
        } else {
            h.rank().cmp(&at.0)
        };
        by_rank.then_with(|| h.node.id().as_str().cmp(at.1.as_str()))
    };
    let lo = match page.after.as_deref() {
        None => 0,
        Some(raw) => {
            let at = search_position(graph, query, &kinds, raw)?;
            hits.partition_point(|h| sorts(h, &at) != Ordering::Greater)
        }
    };
    let hi = match page.before.as_deref() {
        None => hits.len(),
        Some(raw) => {
            let at = search_position(graph, query, &kinds, raw)?;
            hits.partition_point(|h| sorts(h, &at) == Ordering::Less)
        }
    };
    let mut found = keyset_page(hits.len(), lo, hi, size, false, |i| Ok(Some(hits[i])))?;
    found.total = hits.len();
    Ok(found)
}

/// A page of search results in id order, found without ranking every match (`totalCount` is not
/// asked for, and is left at 0).
fn search_page_by_id<'g>(
    graph: &'g Arc<KnowledgeGraph>,
    query: &str,
    kinds: &[model::NodeKind],
    size: PageSize,
    after: Option<&str>,
) -> Result<Paged<SearchHit<'g>>> {
    let size = size.first.unwrap_or(super::page::DEFAULT_PAGE_SIZE);
    let after = match after {
        None => None,
        Some(raw) => Some(match decode_cursor(raw)? {
            Decoded::Keyset(c) => c.in_order("search", raw)?.id,
            Decoded::Legacy(id) => id,
        }),
    };
    let mut hits = graph.search_by_id(query, kinds, after.as_deref(), size.saturating_add(1));
    let has_next = hits.len() > size;
    hits.truncate(size);
    // Results before the page: the first result in id order is not after the cursor.
    let has_previous = after.as_deref().is_some_and(|after| {
        graph
            .search_by_id(query, kinds, None, 1)
            .first()
            .is_some_and(|h| h.node.id().as_str() <= after)
    });
    Ok(Paged {
        items: hits,
        has_previous_page: has_previous,
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

// A list field's arguments are its filter, order and Relay's four page arguments.
#[allow(clippy::too_many_arguments)]
#[Object]
impl LookupQuery {
    /// A node by id; `NOT_FOUND` when there is none.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<NodeInterface>> {
        lookup_node(snapshot(ctx)?, &id).map(Some)
    }

    /// Nodes by id, in the order asked; null where an id names no node.
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<NodeInterface>>> {
        let graph = snapshot(ctx)?;
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
    /// without a year gives the newest edition known; `GB/T 22239.2019` is read as `GB/T 22239-2019`;
    /// an edition the graph does not hold gives the series' entry without a year, if there is one
    /// (`IEC 62368-1:2014` gives `IEC 62368-1`). The standard's `codeMatch` says which of these
    /// happened.
    async fn standard(
        &self,
        ctx: &Context<'_>,
        code: String,
        #[graphql(desc = "Answer `status` as of this date.")] as_of: Option<Date>,
    ) -> Result<Option<Standard>> {
        let graph = snapshot(ctx)?;
        let parsed = StandardCode::parse(&code).map_err(|e| invalid(e.to_string()))?;
        let Some((node, how)) = graph.find_standard_match(&code) else {
            let known: Vec<String> = graph
                .editions(&parsed.series_key())
                .iter()
                .filter_map(|n| n.node().standard_code().map(|c| c.to_string()))
                .collect();
            let hint = if known.is_empty() {
                String::new()
            } else {
                format!(
                    "; editions of its series in the graph: {}",
                    known.join(", ")
                )
            };
            return Err(not_found(format!("a standard with code `{code}`{hint}")));
        };
        Ok(Some(Standard::from(
            NodeObj::new(graph, node).dated(as_of).matched_by(how),
        )))
    }

    /// An organization by id, abbreviation, English or Chinese name or alias (`SAC`, `国家标准化管理委员会`).
    async fn agency(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "ref")] reference: String,
    ) -> Result<Option<Agency>> {
        let graph = snapshot(ctx)?;
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
        let graph = snapshot(ctx)?;
        let node = resolve(graph, &reference, Some(model::NodeKind::TechnicalCommittee))?;
        Ok(Some(TechnicalCommittee::from(NodeObj::new(graph, node))))
    }

    /// A relation by id (`from|kind|to`).
    async fn relation(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Relation>> {
        let graph = snapshot(ctx)?;
        Relation::lookup(graph, &model::RelationId::new(id.as_str()))
            .map(Some)
            .ok_or_else(|| not_found(format!("relation `{}`", id.as_str())))
    }

    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn agencies(
        &self,
        ctx: &Context<'_>,
        filter: Option<AgencyFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<KindConnection<Agency>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::Agency,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn technical_committees(
        &self,
        ctx: &Context<'_>,
        filter: Option<TechnicalCommitteeFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<KindConnection<TechnicalCommittee>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::TechnicalCommittee,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            None,
        )
    }

    /// Standards, ordered by code unless `orderBy` says otherwise.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn standards(
        &self,
        ctx: &Context<'_>,
        filter: Option<StandardFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
        #[graphql(desc = "Answer each standard's `status` as of this date.")] as_of: Option<Date>,
    ) -> Result<KindConnection<Standard>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::Standard,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            as_of,
        )
    }

    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn events(
        &self,
        ctx: &Context<'_>,
        filter: Option<EventFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<KindConnection<Event>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::Event,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn mous(
        &self,
        ctx: &Context<'_>,
        filter: Option<MouFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<KindConnection<Mou>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::Mou,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        filter: Option<DocumentFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<KindConnection<Document>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::Document,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        filter: Option<PersonFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<KindConnection<Person>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::Person,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            None,
        )
    }

    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn topics(
        &self,
        ctx: &Context<'_>,
        filter: Option<TopicFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<KindConnection<Topic>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::Topic,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            None,
        )
    }

    /// The articles facts come from.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        filter: Option<SourceFilter>,
        order_by: Option<Order>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<KindConnection<Source>> {
        list(
            snapshot(ctx)?,
            model::NodeKind::Source,
            filter,
            order_by,
            PageArgs::new(ctx, first, after, last, before),
            None,
        )
    }

    /// Ranked search across names, Chinese names, aliases, abbreviations, codes and descriptions:
    /// exact code or abbreviation first. Case- and width-insensitive; Chinese text matches by substring.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        kinds: Option<Vec<NodeKind>>,
        #[graphql(
            desc = "Only what belongs to this topic or one of its sub-topics (topic id or name), as the list filter `topic`; `topicVia` says which relations count."
        )]
        topic: Option<String>,
        #[graphql(
            default,
            desc = "Which relations tie a result to `topic`: `covers_topic` only (`COVERS`, the default) or every topical relation (`ALL`: also an event that `discussed` it, a committee `part_of` it)."
        )]
        topic_via: TopicVia,
        #[graphql(desc = "`RELEVANCE` (the default) or `ID`.")] order_by: Option<SearchOrder>,
        #[graphql(
            desc = "The first items of the list (after `after`, if given); 50 when neither `first` nor `last` is given."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "A cursor: the page starts after the item it was taken at, where that item sorts now or sorted then (it may have changed or gone since)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "The last items of the list (before `before`, if given): pages backward."
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor: the page ends before the item it was taken at.")]
        before: Option<String>,
    ) -> Result<SearchConnection> {
        search(
            snapshot(ctx)?,
            &query,
            kinds,
            SearchScope { topic, topic_via },
            order_by,
            PageArgs::new(ctx, first, after, last, before),
        )
    }

    /// How many nodes and relations of each kind the graph holds.
    async fn stats(&self, ctx: &Context<'_>) -> Result<GraphStats> {
        let graph = snapshot(ctx)?;
        Ok(GraphStats {
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
        })
    }
}
