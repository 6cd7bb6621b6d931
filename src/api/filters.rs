//! List filters and ordering: the input types of the per-kind connections and how they select nodes.
//!
//! References to other nodes in filters (`topic`, `relatedTo`, `issuedBy`, ...) accept an id or, where
//! it is unambiguous, a name or abbreviation (`topic: "Cybersecurity"`, `issuedBy: "SAC"`), and are
//! resolved once per request before the list is scanned.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use async_graphql::{InputObject, Result};

use super::enums::*;
use super::error::{invalid, not_found};
use super::scalars::Date;
use crate::graph::{KnowledgeGraph, LookupError, NodeHandle, NodeRef, Way};
use crate::model::{self, NodeData, PartialDate, RelationKind as RK};

/// An inclusive date range; each bound stands for the whole interval it names (`to: "2019-06"` ends on
/// 30 June). By default (`precision: PLACED`) a node matches when its date can be placed in the range:
/// it overlaps the range and is not less precise than the range is long (a date known only as "2019"
/// is not in April 2019). With `precision: POSSIBLY` a node matches when its date may fall in the
/// range: it overlaps it, however imprecise (a standard "published 2018" is listed for November to
/// December 2018).
#[derive(InputObject, Clone, Copy)]
pub struct DateRange {
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// How a date known less precisely than the range is judged (default `PLACED`).
    #[graphql(default)]
    pub precision: DatePrecision,
}

impl DateRange {
    fn matches(&self, date: Option<PartialDate>, end: Option<PartialDate>) -> bool {
        let Some(date) = date else { return false };
        let from = self.from.map_or(i64::MIN, |d| d.0.first_day());
        let to = self.to.map_or(i64::MAX, |d| d.0.last_day());
        match self.precision {
            DatePrecision::Placed => date.placed_in(end, from, to),
            DatePrecision::Possibly => date.may_fall_in(end, from, to),
        }
    }
}

fn range_ok(range: &Option<DateRange>, date: Option<PartialDate>) -> bool {
    range.as_ref().is_none_or(|r| r.matches(date, None))
}

/// True when no values are wanted, or `actual` is one of them.
fn one_of<G, M>(wanted: &Option<Vec<G>>, actual: M) -> bool
where
    G: Copy + PartialEq + From<M>,
{
    wanted
        .as_ref()
        .is_none_or(|w| w.is_empty() || w.contains(&G::from(actual)))
}

/// The role of the `covers_topic` relation to the topic a node is chiefly about.
pub const MAIN_ROLE: &str = "main";

/// Filters every kind's list accepts.
#[derive(InputObject, Default, Clone)]
pub struct CommonFilter {
    /// Covers this topic or one of its sub-topics (topic id or name); `topicVia` says which
    /// relations count.
    pub topic: Option<String>,
    /// Which relations tie a node to `topic`: `covers_topic` only (the default) or every topical
    /// relation (`ALL`: also an event that `discussed` it, a committee `part_of` it).
    #[graphql(default)]
    pub topic_via: TopicVia,
    /// Is chiefly about this topic: its `covers_topic` relation to it has the role `main` (topic id
    /// or name; sub-topics are not included).
    pub main_topic: Option<String>,
    /// Directly related to this node, in either direction (id, name or abbreviation).
    pub related_to: Option<String>,
    /// Stated by this source: its id, its name or title, or its article number (`13`, `article 13`).
    pub source: Option<String>,
    /// The name, Chinese name or an alias contains this text (case- and width-insensitive).
    pub name_contains: Option<String>,
}

/// A [`CommonFilter`] with its references resolved.
pub struct Prepared {
    topic: Option<HashSet<NodeHandle>>,
    topic_via: &'static [RK],
    main_topic: Option<NodeHandle>,
    related: Option<HashSet<NodeHandle>>,
    source: Option<model::NodeId>,
    name: Option<String>,
}

/// Resolves a node reference (id, name or abbreviation) or explains why it cannot.
pub fn resolve<'g>(
    graph: &'g KnowledgeGraph,
    reference: &str,
    kind: Option<model::NodeKind>,
) -> Result<NodeRef<'g>> {
    graph.lookup(reference, kind).map_err(|e| match e {
        LookupError::NotFound(r) => not_found(format!("`{r}`")),
        ambiguous @ LookupError::Ambiguous { .. } => invalid(ambiguous.to_string()),
    })
}

/// A source by id, name or title, or by article number (`13`, `article 13`, `a13`).
fn resolve_source<'g>(graph: &'g KnowledgeGraph, reference: &str) -> Result<NodeRef<'g>> {
    let number = model::normalize_text(reference);
    let number = number
        .strip_prefix("article")
        .or_else(|| number.strip_prefix('a'))
        .unwrap_or(&number)
        .trim()
        .parse::<u32>();
    let Ok(number) = number else {
        return resolve(graph, reference, Some(model::NodeKind::Source));
    };
    let found: Vec<NodeRef<'g>> = graph
        .nodes_of_kind(model::NodeKind::Source)
        .filter(|n| matches!(&n.node().data, NodeData::Source(s) if s.article == Some(number)))
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(not_found(format!("a source with article number {number}"))),
        _ => Err(invalid(format!(
            "article number {number} is ambiguous: {}; give a source id",
            found
                .iter()
                .map(|n| n.id().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

impl CommonFilter {
    pub fn prepare(&self, graph: &KnowledgeGraph) -> Result<Prepared> {
        let topic = match &self.topic {
            Some(t) => Some(
                graph.topic_with_subtopics(resolve(graph, t, Some(model::NodeKind::Topic))?.id()),
            ),
            None => None,
        };
        let main_topic = match &self.main_topic {
            Some(t) => Some(resolve(graph, t, Some(model::NodeKind::Topic))?.handle()),
            None => None,
        };
        let related = match &self.related_to {
            Some(r) => {
                let node = resolve(graph, r, None)?;
                Some(
                    node.relations(Way::Both, &[])
                        .into_iter()
                        .map(|r| r.other.handle())
                        .collect(),
                )
            }
            None => None,
        };
        let source = match &self.source {
            Some(s) => Some(resolve_source(graph, s)?.id().clone()),
            None => None,
        };
        Ok(Prepared {
            topic,
            topic_via: self.topic_via.relation_kinds(),
            main_topic,
            related,
            source,
            name: self.name_contains.as_deref().map(model::normalize_text),
        })
    }
}

impl Prepared {
    pub fn matches(&self, node: NodeRef<'_>) -> bool {
        if let Some(topics) = &self.topic {
            let covers = node
                .relations_unordered(Way::Outgoing, self.topic_via)
                .any(|r| topics.contains(&r.other.handle()));
            let is_topic = topics.contains(&node.handle());
            if !covers && !is_topic {
                return false;
            }
        }
        if let Some(topic) = self.main_topic {
            let main = node
                .relations_unordered(Way::Outgoing, &[RK::CoversTopic])
                .any(|r| r.other.handle() == topic && r.relation.role() == Some(MAIN_ROLE));
            if !main {
                return false;
            }
        }
        if let Some(related) = &self.related
            && !related.contains(&node.handle())
        {
            return false;
        }
        if let Some(source) = &self.source
            && !node.node().sources.contains(source)
        {
            return false;
        }
        if let Some(name) = &self.name {
            let n = node.node();
            let hit = std::iter::once(n.name.as_str())
                .chain(n.name_zh())
                .chain(n.aliases().iter().map(String::as_str))
                .any(|s| model::normalize_text(s).contains(name.as_str()));
            if !hit {
                return false;
            }
        }
        true
    }
}

/// The snapshot a list is filtered on, with the node references of its filters resolved once per
/// request rather than once per node scanned.
pub struct Refs<'g> {
    graph: &'g KnowledgeGraph,
    resolved: RefCell<HashMap<String, NodeHandle>>,
}

impl<'g> Refs<'g> {
    pub fn new(graph: &'g KnowledgeGraph) -> Self {
        Self {
            graph,
            resolved: RefCell::new(HashMap::new()),
        }
    }

    /// The node a reference (id, name or abbreviation, or a standard's code in any spelling) names.
    fn handle(&self, reference: &str) -> Result<NodeHandle> {
        if let Some(h) = self.resolved.borrow().get(reference) {
            return Ok(*h);
        }
        let h = match resolve(self.graph, reference, None) {
            Ok(node) => node.handle(),
            Err(e) => match self.graph.find_standard(reference) {
                Some(node) => node.handle(),
                None => return Err(e),
            },
        };
        self.resolved.borrow_mut().insert(reference.to_owned(), h);
        Ok(h)
    }
}

impl std::ops::Deref for Refs<'_> {
    type Target = KnowledgeGraph;
    fn deref(&self) -> &KnowledgeGraph {
        self.graph
    }
}

/// True when `node` has a relation of `kind` in direction `way` to the node `target` names.
fn related_to(
    refs: &Refs<'_>,
    node: NodeRef<'_>,
    way: Way,
    kind: RK,
    target: &Option<String>,
) -> Result<bool> {
    let Some(target) = target else {
        return Ok(true);
    };
    let target = refs.handle(target)?;
    Ok(node
        .relations_unordered(way, &[kind])
        .any(|r| r.other.handle() == target))
}

/// True when `node` has an outgoing relation of `kind` to the node `target` names.
fn points_to(
    refs: &Refs<'_>,
    node: NodeRef<'_>,
    kind: RK,
    target: &Option<String>,
) -> Result<bool> {
    related_to(refs, node, Way::Outgoing, kind, target)
}

/// Kind-specific filtering.
pub trait KindFilter {
    fn common(&self) -> &CommonFilter;
    /// True when the node passes the kind's own filters.
    fn matches(&self, graph: &Refs<'_>, node: NodeRef<'_>) -> Result<bool>;
}

#[derive(InputObject, Default)]
pub struct AgencyFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    pub category: Option<Vec<AgencyCategory>>,
    /// ISO 3166 alpha-2 code, `EU` or `INT`.
    pub country: Option<String>,
}

impl KindFilter for AgencyFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, _: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        let NodeData::Agency(a) = &node.node().data else {
            return Ok(false);
        };
        Ok(one_of(&self.category, a.category)
            && self.country.as_ref().is_none_or(|c| {
                a.country
                    .as_ref()
                    .is_some_and(|ac| ac.eq_ignore_ascii_case(c))
            }))
    }
}

#[derive(InputObject, Default)]
pub struct TechnicalCommitteeFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    pub level: Option<Vec<CommitteeLevel>>,
    pub status: Option<Vec<CommitteeStatus>>,
    /// Directly part of this organization or committee.
    pub parent: Option<String>,
    pub established: Option<DateRange>,
}

impl KindFilter for TechnicalCommitteeFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, graph: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        let NodeData::TechnicalCommittee(c) = &node.node().data else {
            return Ok(false);
        };
        Ok(one_of(&self.level, c.level)
            && one_of(&self.status, c.status)
            && range_ok(&self.established, c.established)
            && points_to(graph, node, RK::PartOf, &self.parent)?)
    }
}

#[derive(InputObject, Default)]
pub struct StandardFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    /// Reported status.
    pub status: Option<Vec<StandardStatus>>,
    #[graphql(name = "type")]
    pub standard_type: Option<Vec<StandardType>>,
    pub level: Option<Vec<StandardLevel>>,
    /// Code prefix, any spelling (`GB/T`, `gbt`).
    pub prefix: Option<String>,
    pub issued_by: Option<String>,
    pub drafted_by: Option<String>,
    pub managed_by: Option<String>,
    pub published: Option<DateRange>,
    /// The implementation (in-force) date falls in this range: "comes into force in December 2019".
    pub in_force: Option<DateRange>,
    pub comment_deadline: Option<DateRange>,
    /// In force on this date, judged from the standard's dates, newer editions and, where they do not
    /// say, what its code's year implies (as `statusAsOf` answers; inferred statuses included).
    pub in_force_on: Option<Date>,
    /// Had one of these statuses on a date, judged as `statusAsOf` judges (inferred statuses included).
    pub status_as_of: Option<StatusAsOf>,
    /// Adopts this standard (id, code or name): "which national standards adopt ISO/IEC 27001:2013".
    /// With `adoptionDegree`, only adoptions of it with one of those degrees count.
    pub adopts: Option<String>,
    /// Is adopted by this standard (id, code or name).
    pub adopted_by: Option<String>,
    /// Adopts some standard (or the one `adopts` names) with one of these degrees: `[IDT]` lists
    /// identical adoptions.
    pub adoption_degree: Option<Vec<Degree>>,
}

impl StandardFilter {
    /// True when the adoption filters (`adopts`, `adoptedBy`, `adoptionDegree`) let `node` through.
    fn adoption_matches(&self, refs: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        if self.adopts.is_none() && self.adoption_degree.is_none() {
            return related_to(refs, node, Way::Incoming, RK::Adopts, &self.adopted_by);
        }
        let target = match &self.adopts {
            Some(t) => Some(refs.handle(t)?),
            None => None,
        };
        let adopts = node
            .relations_unordered(Way::Outgoing, &[RK::Adopts])
            .any(|r| {
                target.is_none_or(|t| r.other.handle() == t)
                    && self.adoption_degree.as_ref().is_none_or(|degrees| {
                        r.relation
                            .props()
                            .degree
                            .is_some_and(|d| degrees.contains(&d.into()))
                    })
            });
        Ok(adopts && related_to(refs, node, Way::Incoming, RK::Adopts, &self.adopted_by)?)
    }
}

/// A status filter evaluated on a given date.
#[derive(InputObject, Clone)]
pub struct StatusAsOf {
    pub date: Date,
    pub status: Vec<StandardStatus>,
}

impl KindFilter for StandardFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, graph: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        let NodeData::Standard(s) = &node.node().data else {
            return Ok(false);
        };
        // Parsing a code normalizes it: only when a filter asks about the code.
        let code = if self.prefix.is_some() {
            node.node().standard_code()
        } else {
            None
        };
        let type_ok = match &self.standard_type {
            None => true,
            Some(t) => node
                .node()
                .standard_type()
                .is_some_and(|found| t.is_empty() || t.contains(&found.into())),
        };
        let prefix_ok = match &self.prefix {
            None => true,
            Some(p) => {
                let wanted =
                    model::StandardCode::parse(&format!("{p} 1")).map(|c| c.prefix().to_owned());
                code.as_ref()
                    .is_some_and(|c| wanted.as_deref().is_ok_and(|w| w == c.prefix()))
            }
        };
        let level_ok = match &self.level {
            None => true,
            Some(l) => s
                .level
                .is_some_and(|sl| l.is_empty() || l.contains(&sl.into())),
        };
        Ok(one_of(&self.status, s.status)
            && type_ok
            && prefix_ok
            && level_ok
            && range_ok(&self.published, s.published)
            && range_ok(&self.in_force, s.in_force)
            && range_ok(&self.comment_deadline, s.comment_deadline)
            && self.in_force_on.is_none_or(|d| {
                graph.standard_status_on(node, d.0.last_day())
                    == Some(model::StandardStatus::InForce)
            })
            && self.status_as_of.as_ref().is_none_or(|f| {
                graph
                    .standard_status_on(node, f.date.0.last_day())
                    .is_some_and(|st| f.status.contains(&st.into()))
            })
            && points_to(graph, node, RK::IssuedBy, &self.issued_by)?
            && points_to(graph, node, RK::DraftedBy, &self.drafted_by)?
            && points_to(graph, node, RK::ManagedBy, &self.managed_by)?
            && self.adoption_matches(graph, node)?)
    }
}

#[derive(InputObject, Default)]
pub struct EventFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    pub kind: Option<Vec<EventKind>>,
    /// The event (start to end) can be placed in this range (it overlaps it).
    pub date: Option<DateRange>,
    /// The event starts in this range: "meetings that began in April", not those still running then.
    pub starts: Option<DateRange>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub organized_by: Option<String>,
    pub attended_by: Option<String>,
}

impl KindFilter for EventFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, graph: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        let NodeData::Event(e) = &node.node().data else {
            return Ok(false);
        };
        let date_ok = self.date.as_ref().is_none_or(|r| r.matches(e.start, e.end))
            && range_ok(&self.starts, e.start);
        let text_eq = |want: &Option<String>, have: &Option<String>| {
            want.as_ref().is_none_or(|w| {
                have.as_ref()
                    .is_some_and(|h| model::normalize_text(h) == model::normalize_text(w))
            })
        };
        Ok(one_of(&self.kind, e.event_kind)
            && date_ok
            && text_eq(&self.city, &e.city)
            && text_eq(&self.country, &e.country)
            && points_to(graph, node, RK::OrganizedBy, &self.organized_by)?
            && points_to(graph, node, RK::AttendedBy, &self.attended_by)?)
    }
}

#[derive(InputObject, Default)]
pub struct MouFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    pub status: Option<Vec<MouStatus>>,
    pub signed: Option<DateRange>,
    /// Has this organization or committee as a party.
    pub party: Option<String>,
}

impl KindFilter for MouFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, graph: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        let NodeData::Mou(m) = &node.node().data else {
            return Ok(false);
        };
        Ok(one_of(&self.status, m.status)
            && range_ok(&self.signed, m.signed)
            && related_to(graph, node, Way::Incoming, RK::PartyTo, &self.party)?)
    }
}

#[derive(InputObject, Default)]
pub struct DocumentFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    pub kind: Option<Vec<DocumentKind>>,
    pub status: Option<Vec<DocumentStatus>>,
    pub issued_by: Option<String>,
    pub issued: Option<DateRange>,
    /// "Comment deadline in June 2019": `{from: "2019-06", to: "2019-06"}`.
    pub comment_deadline: Option<DateRange>,
    pub in_force: Option<DateRange>,
}

impl KindFilter for DocumentFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, graph: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        let NodeData::Document(d) = &node.node().data else {
            return Ok(false);
        };
        Ok(one_of(&self.kind, d.doc_kind)
            && one_of(&self.status, d.status)
            && range_ok(&self.issued, d.issued)
            && range_ok(&self.comment_deadline, d.comment_deadline)
            && range_ok(&self.in_force, d.in_force)
            && points_to(graph, node, RK::IssuedBy, &self.issued_by)?)
    }
}

#[derive(InputObject, Default)]
pub struct PersonFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    /// Works for this organization or committee.
    pub affiliation: Option<String>,
}

impl KindFilter for PersonFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, graph: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        points_to(graph, node, RK::AffiliatedWith, &self.affiliation)
    }
}

#[derive(InputObject, Default)]
pub struct TopicFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    /// Direct sub-topics of this topic.
    pub parent: Option<String>,
}

impl KindFilter for TopicFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, graph: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        points_to(graph, node, RK::PartOf, &self.parent)
    }
}

#[derive(InputObject, Default)]
pub struct SourceFilter {
    #[graphql(flatten)]
    pub common: CommonFilter,
    pub article: Option<u32>,
    pub section: Option<String>,
}

impl KindFilter for SourceFilter {
    fn common(&self) -> &CommonFilter {
        &self.common
    }

    fn matches(&self, _: &Refs<'_>, node: NodeRef<'_>) -> Result<bool> {
        let NodeData::Source(s) = &node.node().data else {
            return Ok(false);
        };
        Ok(self.article.is_none_or(|a| s.article == Some(a))
            && self.section.as_ref().is_none_or(|w| {
                s.section
                    .as_ref()
                    .is_some_and(|h| h.eq_ignore_ascii_case(w))
            }))
    }
}

/// How to order a list.
#[derive(InputObject, Clone, Copy, Default)]
pub struct Order {
    #[graphql(default)]
    pub field: OrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// A node's place in an order besides its id: what the list is sorted by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The id order: the id is the whole key.
    Id,
    /// A normalized name or code.
    Text(String),
    /// A principal date; nodes without one go last in either direction.
    Date(Option<PartialDate>),
}

/// Orders nodes by `order`; ties (and nodes without the field, which go last) by id ascending.
impl Order {
    /// A number that tells orders apart (for caching a sorted list per order).
    pub fn key(&self) -> u8 {
        let field = match self.field {
            OrderField::Id => 0,
            OrderField::Name => 1,
            OrderField::Date => 2,
            OrderField::Code => 3,
        };
        field * 2 + u8::from(self.direction == OrderDirection::Desc)
    }

    /// The order's name in cursors (`name-asc`), so a cursor is not used in another order.
    pub fn tag(&self) -> String {
        let field = match self.field {
            OrderField::Id => "id",
            OrderField::Name => "name",
            OrderField::Date => "date",
            OrderField::Code => "code",
        };
        let direction = match self.direction {
            OrderDirection::Asc => "asc",
            OrderDirection::Desc => "desc",
        };
        format!("{field}-{direction}")
    }

    /// What `node` is sorted by in this order.
    pub fn sort_key(&self, node: NodeRef<'_>) -> SortKey {
        let n = node.node();
        match self.field {
            OrderField::Id => SortKey::Id,
            OrderField::Name => SortKey::Text(model::normalize_text(&n.name)),
            OrderField::Code => SortKey::Text(
                n.standard_code()
                    .map(|c| c.key())
                    .unwrap_or_else(|| model::normalize_text(&n.name)),
            ),
            OrderField::Date => SortKey::Date(n.principal_date()),
        }
    }

    /// A sort key as a cursor carries it.
    pub fn key_parts(key: &SortKey) -> Vec<String> {
        match key {
            SortKey::Id | SortKey::Date(None) => Vec::new(),
            SortKey::Text(t) => vec![t.clone()],
            SortKey::Date(Some(d)) => vec![d.to_string()],
        }
    }

    /// The sort key a cursor of this order carries; `None` when it is not one this order writes.
    pub fn key_from_parts(&self, parts: &[String]) -> Option<SortKey> {
        match (self.field, parts) {
            (OrderField::Id, []) => Some(SortKey::Id),
            (OrderField::Name | OrderField::Code, [t]) => Some(SortKey::Text(t.clone())),
            (OrderField::Date, []) => Some(SortKey::Date(None)),
            (OrderField::Date, [d]) => d.parse().ok().map(|d| SortKey::Date(Some(d))),
            _ => None,
        }
    }

    /// How two nodes, given by sort key and id, compare in this order.
    pub fn compare(&self, a: (&SortKey, &str), b: (&SortKey, &str)) -> Ordering {
        let flip = |o: Ordering| {
            if self.direction == OrderDirection::Desc {
                o.reverse()
            } else {
                o
            }
        };
        match (a.0, b.0) {
            (SortKey::Text(x), SortKey::Text(y)) => flip(x.cmp(y)).then_with(|| a.1.cmp(b.1)),
            (SortKey::Date(x), SortKey::Date(y)) => match (x, y) {
                (Some(x), Some(y)) => flip(x.cmp(y)).then_with(|| a.1.cmp(b.1)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => a.1.cmp(b.1),
            },
            // The id order, and keys of two orders, which a checked cursor never compares.
            _ => flip(a.1.cmp(b.1)),
        }
    }
}

pub fn sort(nodes: &mut Vec<NodeRef<'_>>, order: Order) {
    let mut keyed: Vec<(SortKey, NodeRef<'_>)> =
        nodes.iter().map(|n| (order.sort_key(*n), *n)).collect();
    keyed.sort_by(|a, b| order.compare((&a.0, a.1.id().as_str()), (&b.0, b.1.id().as_str())));
    *nodes = keyed.into_iter().map(|(_, n)| n).collect();
}
