//! Validation errors: each names the item and the problem, so a curator or an API client can fix it.

use super::kind::{NodeKind, RelationKind};

/// Why a node, a relation or a change was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidationError {
    #[error("invalid id `{id}`: {reason}")]
    InvalidId { id: String, reason: String },
    #[error("`{id}` is missing the required field `{field}`")]
    MissingField { id: String, field: String },
    #[error("`{id}`: field `{field}` is invalid: {reason}")]
    InvalidField {
        id: String,
        field: String,
        reason: String,
    },
    #[error("`{item}` has no sources: every node and relation must name the article it comes from")]
    NoSources { item: String },
    #[error("`{item}` cites `{source_id}`, which is not a Source node")]
    UnknownSource { item: String, source_id: String },
    #[error("a node with id `{0}` already exists")]
    DuplicateNode(String),
    #[error("no node has id `{0}`")]
    UnknownNode(String),
    #[error("node `{id}` is a {actual}, not a {expected}")]
    KindChanged {
        id: String,
        expected: NodeKind,
        actual: NodeKind,
    },
    #[error("relation `{relation}` points at `{endpoint}`, which does not exist")]
    DanglingEndpoint { relation: String, endpoint: String },
    #[error("a `{kind}` relation cannot go from {from} to {to} (allowed: {allowed})")]
    WrongEndpointKinds {
        kind: RelationKind,
        from: NodeKind,
        to: NodeKind,
        allowed: String,
    },
    #[error("relation `{0}` already exists")]
    DuplicateRelation(String),
    #[error("no relation has id `{0}`")]
    UnknownRelation(String),
    #[error(
        "source `{source_id}` is still cited by {count} nodes or relations; remove those citations first"
    )]
    SourceInUse { source_id: String, count: usize },
    #[error("`{id}` has version {actual}, but the change expected version {expected}")]
    VersionConflict {
        id: String,
        expected: u64,
        actual: u64,
    },
}

impl ValidationError {
    /// The wrong-kinds error for `kind`, listing what the rule allows.
    pub fn wrong_kinds(kind: RelationKind, from: NodeKind, to: NodeKind) -> Self {
        let (froms, tos) = kind.endpoints();
        let list = |ks: &[NodeKind]| ks.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("|");
        ValidationError::WrongEndpointKinds {
            kind,
            from,
            to,
            allowed: format!("{} -> {}", list(froms), list(tos)),
        }
    }
}

impl ValidationError {
    /// The field of the item that is at fault (snake_case, as in the seed), for clients that highlight it.
    pub fn field(&self) -> &str {
        match self {
            ValidationError::InvalidId { .. }
            | ValidationError::DuplicateNode(_)
            | ValidationError::UnknownNode(_)
            | ValidationError::KindChanged { .. }
            | ValidationError::UnknownRelation(_)
            | ValidationError::SourceInUse { .. } => "id",
            ValidationError::MissingField { field, .. }
            | ValidationError::InvalidField { field, .. } => field,
            ValidationError::NoSources { .. } | ValidationError::UnknownSource { .. } => "sources",
            ValidationError::DanglingEndpoint { relation, endpoint } => {
                if relation.starts_with(&format!("{endpoint}|")) {
                    "from"
                } else {
                    "to"
                }
            }
            ValidationError::WrongEndpointKinds { .. } => "kind",
            ValidationError::DuplicateRelation(_) => "key",
            ValidationError::VersionConflict { .. } => "expected_version",
        }
    }
}
