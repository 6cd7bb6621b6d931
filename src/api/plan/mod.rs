//! Compiled plans for the queries clients send again and again.
//!
//! For a small query, async-graphql's fixed costs outweigh the graph work: it validates the
//! document on every request, resolves every field through a boxed future, builds the answer as a
//! tree of `IndexMap`s and then serializes that tree. A [`Plan`] is one query operation compiled
//! once: fragments and `@skip`/`@include` applied for each concrete type, fields resolved to what
//! they read, response keys escaped in advance. Running it reads the snapshot through the same
//! functions the resolvers call (`lookup_node`, `search_page`, `list_page`,
//! `NodeObj::relation_page`) and writes the JSON answer straight into one buffer.
//!
//! A plan never changes an answer:
//! - A document gets a plan only after async-graphql has validated and run it without an error,
//!   and only when its one operation is a query. Without variables, validation (limits and
//!   complexity included) depends on the text and the schema alone, so it holds for every later
//!   request with the same text. With variables, what validation checks of their values is
//!   checked again on every request: each argument given by a variable is parsed by the
//!   resolver's own input type (a value it refuses sends the request to async-graphql, which
//!   reports it), and a page size given by a variable may not exceed the one validated first (the
//!   query's cost grows with it). Variables inside lists, input objects or directives keep the
//!   general path.
//! - Plans cover a subset of the schema (below). A document that reaches outside it keeps the
//!   general path for good.
//! - Any error while running (a malformed id, a node not found, a bad cursor or filter) makes the
//!   plan decline, and the request runs through async-graphql, which reports it as it always does.
//!
//! `tests/plans.rs` runs every covered field and shape both ways and compares the bytes.
//!
//! Covered:
//! - root fields `node`, `search` (every argument, the topic scope included), `standards` and
//!   `__typename`;
//! - on every node type: `__typename`, `id`, `kind`, `name`, `nameZh`, `aliases`, `description`,
//!   `version` and `relations`;
//! - on standards: `code`, `title`, `titleZh`, `level`, `type`, `status` and their dates; on
//!   agencies `abbreviation`, on committees `code` (what the explorer labels nodes with);
//! - on connections: `edges`, `nodes`, `pageInfo`, `totalCount` and cursors, with the edge fields
//!   `kind` and `direction` (relations), `score` and `matchedOn` (search).

mod compile;
mod run;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};

use async_graphql::{InputType, Name, Value as ConstValue, Variables};

pub use compile::compile;
pub use run::Declined;

use super::request::{Known, Prepared};
use crate::graph::KnowledgeGraph;
use crate::model::NodeKind;

/// Compiled plans as the request path sees them: a cache that answers a request or declines, and
/// learns from a clean run. With plans off it declines everything and learns nothing, so
/// `Api::run` reads the same either way.
#[derive(Default)]
pub struct Plans {
    off: bool,
    answered: AtomicU64,
    declined: AtomicU64,
}

/// A query text without a decision yet, and the variables of its run: what its plan is compiled
/// from if that run is clean (the variables set the plan's page-size budgets).
pub struct Lesson {
    known: Arc<Known>,
    variables: Variables,
}

impl Plans {
    /// Plans on, or off (to compare answers, or to rule plans out when something looks wrong).
    pub fn new(on: bool) -> Self {
        Self {
            off: !on,
            ..Self::default()
        }
    }

    /// The answer of the request's plan, if it has one and the plan runs without error (else the
    /// request goes to async-graphql, which reports the error as it always does).
    pub fn answer(&self, prepared: &Prepared, snapshot: &Arc<KnowledgeGraph>) -> Option<Vec<u8>> {
        if self.off {
            return None;
        }
        let plan = prepared.plan()?;
        match plan.run(snapshot, &prepared.request.variables) {
            Ok(body) => {
                self.answered.fetch_add(1, Relaxed);
                Some(body)
            }
            Err(Declined) => {
                self.declined.fetch_add(1, Relaxed);
                None
            }
        }
    }

    /// What to learn from this run, for a kept text whose plan is not decided yet.
    pub fn lesson(&self, known: Option<Arc<Known>>, variables: &Variables) -> Option<Lesson> {
        let known = known.filter(|known| !self.off && known.plan.get().is_none())?;
        Some(Lesson {
            known,
            variables: variables.clone(),
        })
    }

    /// After a run without errors (validated, then run cleanly): from now on the text's plan, if
    /// plans cover it, answers.
    pub fn learn(&self, lesson: Lesson) {
        let Lesson { known, variables } = lesson;
        known
            .plan
            .get_or_init(|| compile(&known.doc, &variables).ok().map(Arc::new));
    }

    /// How many requests plans answered, and how many they declined to answer.
    pub fn counts(&self) -> (u64, u64) {
        (self.answered.load(Relaxed), self.declined.load(Relaxed))
    }
}

/// One query operation, compiled.
pub struct Plan {
    /// The operation's name; `None` for an anonymous one.
    operation_name: Option<String>,
    /// The operation's variables, with their default values.
    variables: Vec<(Name, Option<ConstValue>)>,
    /// Page sizes given by variables, as validated (see `PageBudget`).
    budgets: Vec<PageBudget>,
    fields: Vec<Keyed<RootField>>,
    /// The length of the last answer, so the next one is allocated at once.
    last_len: AtomicUsize,
}

impl Plan {
    fn new(
        operation_name: Option<String>,
        variables: Vec<(Name, Option<ConstValue>)>,
        budgets: Vec<PageBudget>,
        fields: Vec<Keyed<RootField>>,
    ) -> Self {
        Self {
            operation_name,
            variables,
            budgets,
            fields,
            last_len: AtomicUsize::new(0),
        }
    }

    /// The operation's name, as the request would report it.
    pub fn operation_name(&self) -> Option<&str> {
        self.operation_name.as_deref()
    }

    /// Whether a request naming `wanted` as its operation runs this plan's operation. As in
    /// async-graphql, an anonymous operation cannot be asked for by name.
    pub fn serves(&self, wanted: Option<&str>) -> bool {
        wanted.is_none() || (wanted == self.operation_name())
    }
}

/// A field with its response key, written as the JSON object key it becomes (`"alias":`).
struct Keyed<T> {
    key: Box<[u8]>,
    field: T,
}

impl<T> Keyed<T> {
    fn new(key: &str, field: T) -> Self {
        let mut json = serde_json::to_vec(key).expect("a string always serializes");
        json.push(b':');
        Self {
            key: json.into_boxed_slice(),
            field,
        }
    }
}

/// A field's arguments as the document gives them. Each is parsed when the plan runs, by the same
/// `InputType` the resolver's argument uses.
struct Args(Vec<(Name, ArgValue)>);

/// An argument's value: a constant, or one of the operation's variables.
enum ArgValue {
    Const(ConstValue),
    Var(Name),
}

impl Args {
    fn get<T: InputType>(&self, name: &str, vars: &Vars<'_>) -> Result<T, Declined> {
        let value = match self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v) {
            None => None,
            Some(ArgValue::Const(value)) => Some(value.clone()),
            Some(ArgValue::Var(var)) => Some(vars.value(var)?),
        };
        T::parse(value).map_err(|_| Declined)
    }

    /// An argument with a default (`#[graphql(default)]`): the default when the document leaves it
    /// out; a `null` sent for it is declined, leaving async-graphql to answer it.
    fn get_or_default<T: InputType + Default>(
        &self,
        name: &str,
        vars: &Vars<'_>,
    ) -> Result<T, Declined> {
        if self.0.iter().any(|(n, _)| n == name) {
            self.get(name, vars)
        } else {
            Ok(T::default())
        }
    }
}

/// The variables of one request as a plan reads them: the value sent, else the operation's
/// default; a variable with neither is an error that async-graphql reports.
struct Vars<'r> {
    sent: &'r Variables,
    defaults: &'r [(Name, Option<ConstValue>)],
}

impl Vars<'_> {
    fn value(&self, var: &Name) -> Result<ConstValue, Declined> {
        self.sent
            .get(var)
            .or_else(|| {
                self.defaults
                    .iter()
                    .find(|(name, _)| name == var)
                    .and_then(|(_, default)| default.as_ref())
            })
            .cloned()
            .ok_or(Declined)
    }
}

/// A page size (`first` or `last`) given by a variable. The query's cost, which validation limits, grows with
/// it, so a later request may ask for at most the size the validated request asked for, and must
/// send the variable or leave it out as that request did.
struct PageBudget {
    var: Name,
    sent: bool,
    size: usize,
}

impl PageBudget {
    /// The items a page of `first` may hold, as the query's cost counts them
    /// (`api::page::page_cost`); `None` for a value that is no page size.
    fn size_of(first: Option<&ConstValue>) -> Option<usize> {
        match first {
            None | Some(ConstValue::Null) => Some(crate::api::page::DEFAULT_PAGE_SIZE),
            Some(ConstValue::Number(n)) => {
                Some(n.as_i64().map_or(0, |n| usize::try_from(n).unwrap_or(0)))
            }
            Some(_) => None,
        }
    }
}

enum RootField {
    Typename,
    Node { args: Args, node: NodeSel },
    Search { args: Args, conn: ConnSel },
    Standards { args: Args, conn: ConnSel },
}

/// A selection on a node, one list of fields for each kind (in `NodeKind::ALL` order), since
/// fragments on a type apply to its kind only. Kinds the field cannot return have no fields.
struct NodeSel(Box<[Vec<Keyed<NodeField>>; 9]>);

impl NodeSel {
    fn fields(&self, kind: NodeKind) -> &[Keyed<NodeField>] {
        let slot = NodeKind::ALL
            .iter()
            .position(|k| *k == kind)
            .expect("ALL holds every kind");
        &self.0[slot]
    }
}

enum NodeField {
    Typename,
    Id,
    Kind,
    Name,
    NameZh,
    Aliases,
    Description,
    Version,
    Relations { args: Args, conn: ConnSel },
    Standard(StandardField),
    AgencyAbbreviation,
    CommitteeCode,
}

#[derive(Clone, Copy)]
enum StandardField {
    Code,
    Title,
    TitleZh,
    Level,
    Type,
    Status,
    Proposed,
    Published,
    InForce,
    Withdrawn,
    CommentDeadline,
}

/// Which connection type a selection is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ConnKind {
    Relation,
    Search,
    Standard,
}

impl ConnKind {
    /// The names of the connection type and of its edge type.
    fn type_names(self) -> (&'static str, &'static str) {
        match self {
            ConnKind::Relation => ("RelationConnection", "RelationConnectionEdge"),
            ConnKind::Search => ("SearchConnection", "SearchEdge"),
            ConnKind::Standard => ("StandardConnection", "StandardEdge"),
        }
    }

    /// The kinds of node its edges lead to.
    fn node_kinds(self) -> &'static [NodeKind] {
        match self {
            ConnKind::Relation | ConnKind::Search => &NodeKind::ALL,
            ConnKind::Standard => &[NodeKind::Standard],
        }
    }
}

struct ConnSel {
    kind: ConnKind,
    fields: Vec<Keyed<ConnField>>,
}

impl ConnSel {
    /// Whether `totalCount` is asked for, which makes a list count every match instead of stopping
    /// after the page (what the resolvers learn from their look-ahead).
    fn wants_total(&self) -> bool {
        self.fields
            .iter()
            .any(|f| matches!(f.field, ConnField::TotalCount))
    }
}

enum ConnField {
    Typename,
    TotalCount,
    PageInfo(Vec<Keyed<PageInfoField>>),
    Edges(Vec<Keyed<EdgeField>>),
    Nodes(NodeSel),
}

enum PageInfoField {
    Typename,
    HasPreviousPage,
    HasNextPage,
    StartCursor,
    EndCursor,
}

enum EdgeField {
    Typename,
    Cursor,
    Node(NodeSel),
    Kind,
    Direction,
    Score,
    MatchedOn,
}
