//! Compiled plans for the queries clients send again and again.
//!
//! For a small query, async-graphql's fixed costs outweigh the graph work: it validates the
//! document on every request, resolves every field through a boxed future, builds the answer as a
//! tree of `IndexMap`s and then serializes that tree. A [`Plan`] is one query operation compiled
//! once: fragments and `@skip`/`@include` applied for each concrete type, fields resolved to what
//! they read, response keys escaped in advance. Running it reads the snapshot through the same
//! functions the resolvers call (`lookup_node`, `search`, `list`, `relation_connection`) and writes
//! the JSON answer straight into one buffer.
//!
//! A plan never changes an answer:
//! - A document gets a plan only after async-graphql has validated and run it without an error,
//!   and only when its one operation is a query that declares no variables. Validation (limits and
//!   complexity included) then depends on the text and the schema alone, so it holds for every
//!   later request with the same text.
//! - Plans cover a subset of the schema (below). A document that reaches outside it keeps the
//!   general path for good.
//! - Any error while running (a malformed id, a node not found, a bad cursor or filter) makes the
//!   plan decline, and the request runs through async-graphql, which reports it as it always does.
//!
//! `tests/plans.rs` runs every covered field and shape both ways and compares the bytes.
//!
//! Covered:
//! - root fields `node`, `search`, `standards` and `__typename`;
//! - on every node type: `__typename`, `id`, `kind`, `name`, `nameZh`, `aliases`, `description`,
//!   `version` and `relations`;
//! - on standards: `code`, `title`, `titleZh`, `level`, `type`, `status` and their dates;
//! - on connections: `edges`, `nodes`, `pageInfo`, `totalCount` and cursors, with the edge fields
//!   `kind` and `direction` (relations), `score` and `matchedOn` (search).

mod compile;
mod run;

use std::sync::atomic::AtomicUsize;

use async_graphql::{InputType, Name, Value as ConstValue};

pub use compile::compile;
pub use run::Declined;

use crate::model::NodeKind;

/// One query operation, compiled.
pub struct Plan {
    /// The operation's name; `None` for an anonymous one.
    operation_name: Option<String>,
    fields: Vec<Keyed<RootField>>,
    /// The length of the last answer, so the next one is allocated at once.
    last_len: AtomicUsize,
}

impl Plan {
    fn new(operation_name: Option<String>, fields: Vec<Keyed<RootField>>) -> Self {
        Self {
            operation_name,
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

/// A field's arguments as the document gives them: constants, since plans take no variables.
/// Each is parsed when the plan runs, by the same `InputType` the resolver's argument uses.
struct Args(Vec<(Name, ConstValue)>);

impl Args {
    fn get<T: InputType>(&self, name: &str) -> Result<T, Declined> {
        let value = self
            .0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone());
        T::parse(value).map_err(|_| Declined)
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
