//! Running a [`Plan`] against a snapshot: the resolvers' functions read the graph, and the answer is
//! written as JSON the way async-graphql would serialize it (same key order, same escaping).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use async_graphql::{EnumType, ID, ScalarType, Variables};

use super::{
    Args, ConnField, ConnSel, EdgeField, Keyed, NodeField, NodeSel, PageBudget, PageInfoField,
    Plan, RootField, StandardField, Vars,
};
use crate::api::enums::{
    NodeKind, RelationKind, SearchMatch, StandardLevel, StandardStatus, StandardType,
};
use crate::api::filters::StandardFilter;
use crate::api::nodes::{NodeObj, direction_of, relation_cursor};
use crate::api::page::Paged;
use crate::api::query::{self, Listed, PageArgs};
use crate::api::scalars::Date;
use crate::graph::{KnowledgeGraph, NodeRef, RelationRef, SearchHit};
use crate::model::{self, NodeData, PartialDate};

/// The plan cannot answer this request by itself (the general path would report an error, or
/// decide something plans do not); the request goes to async-graphql instead.
#[derive(Debug)]
pub struct Declined;

type Run<T = ()> = Result<T, Declined>;

impl Plan {
    /// The JSON answer (`{"data":{...}}`) on `graph` for a request that sent `variables`, or
    /// `Declined`.
    pub fn run(&self, graph: &Arc<KnowledgeGraph>, variables: &Variables) -> Run<Vec<u8>> {
        let vars = Vars {
            sent: variables,
            defaults: &self.variables,
        };
        for budget in &self.budgets {
            let sent = variables.get(&budget.var);
            let value = vars.value(&budget.var).ok();
            let size = PageBudget::size_of(value.as_ref()).ok_or(Declined)?;
            if sent.is_some() != budget.sent || size > budget.size {
                return Err(Declined);
            }
        }
        let mut w = Writer {
            graph,
            vars,
            out: Vec::with_capacity(self.last_len.load(Ordering::Relaxed).max(64)),
        };
        w.out.extend_from_slice(b"{\"data\":");
        w.object(&self.fields, |w, field| w.root_field(field))?;
        w.out.push(b'}');
        self.last_len.store(w.out.len(), Ordering::Relaxed);
        Ok(w.out)
    }
}

struct Writer<'g> {
    graph: &'g Arc<KnowledgeGraph>,
    vars: Vars<'g>,
    out: Vec<u8>,
}

impl Writer<'_> {
    fn object<T>(
        &mut self,
        fields: &[Keyed<T>],
        mut each: impl FnMut(&mut Self, &T) -> Run,
    ) -> Run {
        self.out.push(b'{');
        for (i, keyed) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.out.extend_from_slice(&keyed.key);
            each(self, &keyed.field)?;
        }
        self.out.push(b'}');
        Ok(())
    }

    fn list<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Self, T) -> Run,
    ) -> Run {
        self.out.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            each(self, item)?;
        }
        self.out.push(b']');
        Ok(())
    }

    fn str(&mut self, s: &str) -> Run {
        serde_json::to_writer(&mut self.out, s).map_err(|_| Declined)
    }

    fn opt_str(&mut self, s: Option<&str>) -> Run {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    fn null(&mut self) -> Run {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn bool(&mut self, b: bool) -> Run {
        self.out
            .extend_from_slice(if b { b"true" } else { b"false" });
        Ok(())
    }

    /// An integer, as serde_json writes one.
    fn number(&mut self, n: impl Into<u64>) -> Run {
        use std::io::Write;
        write!(self.out, "{}", n.into()).map_err(|_| Declined)
    }

    /// An enum value by its GraphQL name, as async-graphql writes it.
    fn enum_value<E: EnumType>(&mut self, value: E) -> Run {
        let item = E::items()
            .iter()
            .find(|item| item.value == value)
            .ok_or(Declined)?;
        self.str(item.name)
    }

    fn opt_enum<E: EnumType>(&mut self, value: Option<E>) -> Run {
        match value {
            Some(value) => self.enum_value(value),
            None => self.null(),
        }
    }

    fn opt_date(&mut self, date: Option<PartialDate>) -> Run {
        match date.map(|d| Date(d).to_value()) {
            Some(value) => serde_json::to_writer(&mut self.out, &value).map_err(|_| Declined),
            None => self.null(),
        }
    }

    fn root_field(&mut self, field: &RootField) -> Run {
        let graph = self.graph;
        match field {
            RootField::Typename => self.str("QueryRoot"),
            RootField::Node { args, node } => {
                let id: ID = args.get("id", &self.vars)?;
                let found = query::lookup_node(graph, &id).map_err(|_| Declined)?;
                self.node(found.obj(), node)
            }
            RootField::Search { args, conn } => {
                let page = page_args(args, conn, &self.vars)?;
                let query: String = args.get("query", &self.vars)?;
                let scope = query::SearchScope {
                    topic: args.get("topic", &self.vars)?,
                    topic_via: args.get_or_default("topicVia", &self.vars)?,
                };
                let found = query::search_page(
                    graph,
                    &query,
                    args.get("kinds", &self.vars)?,
                    scope,
                    args.get("orderBy", &self.vars)?,
                    page,
                )
                .map_err(|_| Declined)?;
                self.connection(&found, conn, None)
            }
            RootField::Standards { args, conn } => {
                let page = page_args(args, conn, &self.vars)?;
                let as_of: Option<Date> = args.get("asOf", &self.vars)?;
                let found = query::list_page::<StandardFilter>(
                    graph,
                    model::NodeKind::Standard,
                    args.get("filter", &self.vars)?,
                    args.get("orderBy", &self.vars)?,
                    page,
                )
                .map_err(|_| Declined)?;
                self.connection(&found, conn, as_of)
            }
        }
    }

    fn node(&mut self, obj: &NodeObj, sel: &NodeSel) -> Run {
        let kind = obj.node().kind();
        self.object(sel.fields(kind), |w, field| w.node_field(obj, kind, field))
    }

    fn node_field(&mut self, obj: &NodeObj, kind: model::NodeKind, field: &NodeField) -> Run {
        let node = obj.node();
        match field {
            NodeField::Typename => self.str(kind.as_str()),
            NodeField::Id => self.str(node.id.as_str()),
            NodeField::Kind => self.enum_value(NodeKind::from(kind)),
            NodeField::Name => self.str(&node.name),
            NodeField::NameZh => self.opt_str(node.name_zh()),
            NodeField::Aliases => self.list(node.aliases(), |w, alias| w.str(alias)),
            NodeField::Description => self.str(&node.description),
            NodeField::Version => self.number(obj.at().version()),
            NodeField::Relations { args, conn } => {
                let found = obj
                    .relation_page(
                        args.get("kinds", &self.vars)?,
                        args.get("direction", &self.vars)?,
                        args.get("orderBy", &self.vars)?,
                        page_args(args, conn, &self.vars)?,
                    )
                    .map_err(|_| Declined)?;
                self.connection(&found, conn, None)
            }
            NodeField::Standard(field) => self.standard_field(obj, *field),
            NodeField::AgencyAbbreviation => match &node.data {
                NodeData::Agency(a) => self.opt_str(a.abbreviation.as_deref()),
                _ => Err(Declined),
            },
            NodeField::CommitteeCode => match &node.data {
                NodeData::TechnicalCommittee(c) => self.opt_str(c.code.as_deref()),
                _ => Err(Declined),
            },
        }
    }

    fn standard_field(&mut self, obj: &NodeObj, field: StandardField) -> Run {
        let node = obj.node();
        let NodeData::Standard(data) = &node.data else {
            return Err(Declined);
        };
        match field {
            StandardField::Code => self.opt_str(data.code.as_deref()),
            StandardField::Title => self.opt_str(data.title.as_deref()),
            StandardField::TitleZh => self.opt_str(data.title_zh.as_deref()),
            StandardField::Level => self.opt_enum(data.level.map(StandardLevel::from)),
            StandardField::Type => self.opt_enum(node.standard_type().map(StandardType::from)),
            StandardField::Status => self.opt_enum(obj.standard_status().map(StandardStatus::from)),
            StandardField::Proposed => self.opt_date(data.proposed),
            StandardField::Published => self.opt_date(data.published),
            StandardField::InForce => self.opt_date(data.in_force),
            StandardField::Withdrawn => self.opt_date(data.withdrawn),
            StandardField::CommentDeadline => self.opt_date(data.comment_deadline),
        }
    }

    /// A page as a connection; its nodes answer date-dependent fields for `as_of`.
    fn connection<T: Item>(&mut self, page: &Paged<T>, sel: &ConnSel, as_of: Option<Date>) -> Run {
        let (conn_type, edge_type) = sel.kind.type_names();
        let graph = self.graph;
        let node_at = |i: usize| NodeObj::new(graph, page.items[i].node()).dated(as_of);
        self.object(&sel.fields, |w, field| match field {
            ConnField::Typename => w.str(conn_type),
            ConnField::TotalCount => w.number(page.total as u64),
            ConnField::PageInfo(fields) => w.object(fields, |w, field| match field {
                PageInfoField::Typename => w.str("PageInfo"),
                PageInfoField::HasPreviousPage => w.bool(page.has_previous_page),
                PageInfoField::HasNextPage => w.bool(page.has_next_page),
                PageInfoField::StartCursor => match page.items.first() {
                    None => w.null(),
                    Some(item) => w.str(&item.cursor()),
                },
                PageInfoField::EndCursor => match page.items.last() {
                    None => w.null(),
                    Some(item) => w.str(&item.cursor()),
                },
            }),
            ConnField::Nodes(sel) => w.list(0..page.items.len(), |w, i| w.node(&node_at(i), sel)),
            ConnField::Edges(fields) => w.list(0..page.items.len(), |w, i| {
                w.object(fields, |w, field| match field {
                    EdgeField::Typename => w.str(edge_type),
                    EdgeField::Cursor => w.str(&page.items[i].cursor()),
                    EdgeField::Node(sel) => w.node(&node_at(i), sel),
                    other => page.items[i].edge_field(other, w),
                })
            }),
        })
    }
}

/// Which page a list asks for, read from its arguments.
fn page_args(args: &Args, conn: &ConnSel, vars: &Vars<'_>) -> Run<PageArgs> {
    Ok(PageArgs {
        first: args.get("first", vars)?,
        after: args.get("after", vars)?,
        last: args.get("last", vars)?,
        before: args.get("before", vars)?,
        need_total: conn.wants_total(),
    })
}

/// An item of a page: a relation seen from a node, a search hit, or a node of a list.
trait Item {
    /// The node the item leads to.
    fn node(&self) -> NodeRef<'_>;
    fn cursor(&self) -> String;
    /// An edge field particular to this connection type (compilation allows only those).
    fn edge_field(&self, field: &EdgeField, w: &mut Writer<'_>) -> Run;
}

impl Item for RelationRef<'_> {
    fn node(&self) -> NodeRef<'_> {
        self.other
    }

    fn cursor(&self) -> String {
        relation_cursor(*self)
    }

    fn edge_field(&self, field: &EdgeField, w: &mut Writer<'_>) -> Run {
        match field {
            EdgeField::Kind => w.enum_value(RelationKind::from(self.relation.kind)),
            EdgeField::Direction => w.enum_value(direction_of(*self)),
            _ => Err(Declined),
        }
    }
}

impl Item for SearchHit<'_> {
    fn node(&self) -> NodeRef<'_> {
        self.node
    }

    fn cursor(&self) -> String {
        query::search_cursor(self)
    }

    fn edge_field(&self, field: &EdgeField, w: &mut Writer<'_>) -> Run {
        match field {
            EdgeField::Score => w.number(self.matched.score()),
            EdgeField::MatchedOn => w.enum_value(SearchMatch::from(self.matched)),
            _ => Err(Declined),
        }
    }
}

impl Item for Listed<'_> {
    fn node(&self) -> NodeRef<'_> {
        self.node
    }

    fn cursor(&self) -> String {
        Listed::cursor(self)
    }

    fn edge_field(&self, _: &EdgeField, _: &mut Writer<'_>) -> Run {
        Err(Declined)
    }
}
