//! Relations: typed, directed edges with properties and sources.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::date::PartialDate;
use super::error::ValidationError;
use super::kind::RelationKind;
use super::node::{NodeId, Sources};

/// How closely one standard corresponds to another (GB/T 20000.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Degree {
    /// Identical.
    #[serde(rename = "IDT")]
    Idt,
    /// Modified.
    #[serde(rename = "MOD")]
    Mod,
    /// Not equivalent.
    #[serde(rename = "NEQ")]
    Neq,
}

/// A relation's identity: `from|kind|to`, plus `#key` when two relations of one kind join the same nodes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RelationId(String);

impl RelationId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
}

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A directed, typed relation between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub kind: RelationKind,
    pub from: NodeId,
    pub to: NodeId,
    /// Tells apart two relations of the same kind between the same nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// How the `to` node took part (speaker, joint issuer, approved, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<Degree>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A number the source gives for this relation (27 proposals adopted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// The source implies this relation but does not state it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    #[serde(default)]
    pub sources: Sources,
}

impl Relation {
    /// A relation with no properties; tests and importers fill in the rest.
    pub fn new(kind: RelationKind, from: NodeId, to: NodeId, sources: impl Into<Sources>) -> Self {
        Self {
            kind,
            from,
            to,
            key: None,
            role: None,
            date: None,
            degree: None,
            note: None,
            count: None,
            inferred: false,
            sources: sources.into(),
        }
    }

    pub fn id(&self) -> RelationId {
        let mut id = format!("{}|{}|{}", self.from, self.kind, self.to);
        if let Some(key) = &self.key {
            id.push('#');
            id.push_str(key);
        }
        RelationId(id)
    }

    /// Checks what a relation must satisfy on its own: sources, a degree only where it means something.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.sources.is_empty() {
            return Err(ValidationError::NoSources {
                item: self.id().to_string(),
            });
        }
        if self.degree.is_some() && !self.kind.has_degree() {
            return Err(ValidationError::InvalidField {
                id: self.id().to_string(),
                field: "degree".to_owned(),
                reason: format!("`{}` relations have no correspondence degree", self.kind),
            });
        }
        if self.from == self.to {
            return Err(ValidationError::InvalidField {
                id: self.id().to_string(),
                field: "to".to_owned(),
                reason: "a relation cannot connect a node to itself".to_owned(),
            });
        }
        Ok(())
    }
}
