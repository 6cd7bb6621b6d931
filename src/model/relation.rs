//! Relations: typed, directed edges with properties and sources.

use std::fmt;
use std::sync::Arc;

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
#[derive(Clone, Debug)]
pub struct Relation {
    pub kind: RelationKind,
    pub from: NodeId,
    pub to: NodeId,
    /// True when the source implies this relation without stating it.
    pub inferred: bool,
    pub sources: Sources,
    /// The properties most relations lack, behind one pointer: `None` when all are absent, so a
    /// million-relation graph does not carry six empty fields per relation. Shared: relations with
    /// equal properties (a role such as `joint issuer`, and nothing else) may point at one
    /// allocation, which a change copies first.
    props: Option<Arc<RelationProps>>,
}

/// A relation's optional properties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RelationProps {
    /// Tells apart two relations of one kind between the same nodes.
    pub key: Option<String>,
    /// How the `to` node took part (speaker, joint issuer, approved, ...).
    pub role: Option<String>,
    pub date: Option<PartialDate>,
    /// Correspondence degree (`corresponds_to` and `adopts` only).
    pub degree: Option<Degree>,
    pub note: Option<String>,
    /// A number the source gives for this relation.
    pub count: Option<i64>,
}

/// A relation without properties answers these.
static NO_PROPS: RelationProps = RelationProps {
    key: None,
    role: None,
    date: None,
    degree: None,
    note: None,
    count: None,
};

impl RelationProps {
    fn is_empty(&self) -> bool {
        *self == NO_PROPS
    }
}

impl PartialEq for Relation {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.from == other.from
            && self.to == other.to
            && self.inferred == other.inferred
            && self.sources == other.sources
            && self.props() == other.props()
    }
}

/// A relation as records, seeds and exports write it: every property a field of its own.
#[derive(Deserialize)]
struct RelationRecord {
    kind: RelationKind,
    from: NodeId,
    to: NodeId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    degree: Option<Degree>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    inferred: bool,
    #[serde(default)]
    sources: Sources,
}

/// The same shape, written from a relation without copying it.
#[derive(Serialize)]
struct RelationRecordRef<'a> {
    kind: RelationKind,
    from: &'a NodeId,
    to: &'a NodeId,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    degree: Option<Degree>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    inferred: bool,
    sources: &'a Sources,
}

impl Serialize for Relation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.props();
        RelationRecordRef {
            kind: self.kind,
            from: &self.from,
            to: &self.to,
            key: p.key.as_deref(),
            role: p.role.as_deref(),
            date: p.date,
            degree: p.degree,
            note: p.note.as_deref(),
            count: p.count,
            inferred: self.inferred,
            sources: &self.sources,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Relation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RelationRecord::deserialize(deserializer).map(Into::into)
    }
}

impl From<RelationRecord> for Relation {
    fn from(r: RelationRecord) -> Self {
        let mut relation = Relation::new(r.kind, r.from, r.to, r.sources);
        relation.inferred = r.inferred;
        relation.set_props(RelationProps {
            key: r.key,
            role: r.role,
            date: r.date,
            degree: r.degree,
            note: r.note,
            count: r.count,
        });
        relation
    }
}

impl Relation {
    pub fn new(kind: RelationKind, from: NodeId, to: NodeId, sources: impl Into<Sources>) -> Self {
        Self {
            kind,
            from,
            to,
            inferred: false,
            sources: sources.into(),
            props: None,
        }
    }

    /// The optional properties (all absent for most relations).
    pub fn props(&self) -> &RelationProps {
        self.props.as_deref().unwrap_or(&NO_PROPS)
    }

    /// The optional properties, to change some of them.
    pub fn props_mut(&mut self) -> &mut RelationProps {
        Arc::make_mut(self.props.get_or_insert_with(Arc::default))
    }

    /// Replaces the optional properties; none at all takes no allocation.
    pub fn set_props(&mut self, props: RelationProps) {
        self.props = (!props.is_empty()).then(|| Arc::new(props));
    }

    /// The allocation holding the properties, if any, for other relations with equal properties
    /// to share ([`Relation::share_props`]).
    pub fn props_allocation(&self) -> Option<&Arc<RelationProps>> {
        self.props.as_ref()
    }

    /// Points at `props` instead of this relation's own copy when the two are equal; returns
    /// whether it did.
    pub fn share_props(&mut self, props: &Arc<RelationProps>) -> bool {
        let equal = self.props.as_deref() == Some(&**props);
        if equal {
            self.props = Some(Arc::clone(props));
        }
        equal
    }

    /// Drops the allocation of properties that were all cleared through [`Relation::props_mut`].
    pub fn compact(&mut self) {
        if self.props.as_deref().is_some_and(RelationProps::is_empty) {
            self.props = None;
        }
    }

    pub fn key(&self) -> Option<&str> {
        self.props().key.as_deref()
    }

    pub fn role(&self) -> Option<&str> {
        self.props().role.as_deref()
    }

    pub fn id(&self) -> RelationId {
        let mut id = format!("{}|{}|{}", self.from, self.kind, self.to);
        if let Some(key) = self.key() {
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
        if self.props().degree.is_some() && !self.kind.has_degree() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> NodeId {
        NodeId::parse(s).unwrap()
    }

    fn plain() -> Relation {
        Relation::new(
            RelationKind::IssuedBy,
            id("std:a"),
            id("agency:b"),
            vec![id("src:c")],
        )
    }

    #[test]
    fn a_relation_without_properties_is_small_and_allocates_none() {
        // kind and flag, two ids, the source list and one pointer (issue #8: millions of these).
        // 56 bytes and the Arc's counts make a 72-byte allocation, which glibc serves from its
        // 80-byte chunks; 64 bytes took 96-byte chunks.
        assert!(std::mem::size_of::<Relation>() <= 56);
        let r: Relation = serde_json::from_value(serde_json::json!({
            "kind": "issued_by", "from": "std:a", "to": "agency:b", "sources": ["src:c"]
        }))
        .unwrap();
        assert!(r.props.is_none());
        assert_eq!(r, plain());
    }

    #[test]
    fn properties_keep_the_record_shape_in_json() {
        let mut r = plain();
        r.inferred = true;
        let p = r.props_mut();
        p.key = Some("k".into());
        p.role = Some("joint issuer".into());
        p.date = "2019-05".parse().ok();
        p.note = Some("n".into());
        p.count = Some(-3);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"issued_by","from":"std:a","to":"agency:b","key":"k","role":"joint issuer","date":"2019-05","note":"n","count":-3,"inferred":true,"sources":["src:c"]}"#
        );
        let back: Relation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.id().as_str(), "std:a|issued_by|agency:b#k");
        assert_eq!(
            serde_json::to_string(&plain()).unwrap(),
            r#"{"kind":"issued_by","from":"std:a","to":"agency:b","sources":["src:c"]}"#
        );
    }

    #[test]
    fn cleared_properties_compare_equal_and_compact_away() {
        let mut r = plain();
        r.props_mut().role = Some("x".into());
        assert_ne!(r, plain());
        r.props_mut().role = None;
        assert_eq!(r, plain());
        r.compact();
        assert!(r.props.is_none());
    }

    #[test]
    fn equal_properties_share_one_allocation_until_one_changes() {
        let mut a = plain();
        a.props_mut().role = Some("joint issuer".into());
        let mut b = plain();
        b.props_mut().role = Some("joint issuer".into());
        let shared = Arc::clone(a.props_allocation().unwrap());
        assert!(b.share_props(&shared));
        assert!(Arc::ptr_eq(b.props_allocation().unwrap(), &shared));
        let mut c = plain();
        c.props_mut().role = Some("speaker".into());
        assert!(!c.share_props(&shared), "unequal properties keep their own");
        assert!(!plain().share_props(&shared));
        // A change to one copies it first: the other keeps its value.
        b.props_mut().role = Some("lead".into());
        assert_eq!(a.role(), Some("joint issuer"));
        assert_eq!(b.role(), Some("lead"));
        assert!(!Arc::ptr_eq(b.props_allocation().unwrap(), &shared));
    }
}
