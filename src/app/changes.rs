//! What a write is made of ([`Change`]), what it did ([`Outcome`], [`Committed`]), and what each change
//! does to the staged copy of the graph and to the store (`stage`).

use std::sync::Arc;

use super::AppError;
use super::history::History;
use crate::graph::KnowledgeGraph;
use crate::model::{Node, NodeId, NodeKind, Relation, RelationId, ValidationError};
use crate::store::{ChangeOp, StoredNode, Write};

/// One logical change to the graph.
#[derive(Clone, Debug)]
pub enum Change {
    /// Adds a node; fails when the id exists.
    Create(Node),
    /// Adds the node or replaces the node with that id (same kind), keeping its relations.
    Upsert {
        node: Node,
        expected_version: Option<u64>,
    },
    /// Changes some fields of an existing node: `patch` is applied to the node as it is when the change
    /// is staged (under the writer lock, so no concurrent update is lost). Id and kind cannot change.
    Update {
        id: NodeId,
        expected_version: Option<u64>,
        patch: Patch,
    },
    /// Removes a node and every relation at it.
    Delete {
        id: NodeId,
        expected_version: Option<u64>,
    },
    /// Adds a relation.
    Link(Relation),
    /// Removes a relation.
    Unlink(RelationId),
    /// Adds `source` to the sources of an existing relation (an ingested article corroborates it);
    /// the relation keeps its id and its recorded position. Recorded as `update_relation`.
    AddRelationSource { id: RelationId, source: NodeId },
}

/// Edits a node in place; fails with the field at fault.
type EditFn = dyn Fn(&mut Node) -> Result<(), ValidationError> + Send + Sync;

/// A function that edits a node in place, as an [`Change::Update`] carries it.
#[derive(Clone)]
pub struct Patch(Arc<EditFn>);

impl Patch {
    pub fn new(
        f: impl Fn(&mut Node) -> Result<(), ValidationError> + Send + Sync + 'static,
    ) -> Self {
        Self(Arc::new(f))
    }
}

impl std::fmt::Debug for Patch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Patch(..)")
    }
}

/// What a committed change did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Nodes created or updated, with their new versions.
    pub written: Vec<(NodeId, u64)>,
    /// Nodes deleted, as they were, with their last versions.
    pub deleted: Vec<(Node, u64)>,
    pub linked: Vec<RelationId>,
    /// Relations removed, including those that went with a deleted node, as they were.
    pub unlinked: Vec<Relation>,
    /// The history sequence numbers the change set was recorded under (`first..=last`); both 0 when
    /// it recorded nothing.
    pub first_seq: u64,
    pub last_seq: u64,
}

/// A committed write: what it did, and the snapshot it published (later writes may already have
/// replaced it as the current one).
#[derive(Clone)]
pub struct Committed {
    pub outcome: Outcome,
    pub snapshot: Arc<KnowledgeGraph>,
}

impl std::fmt::Debug for Committed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A snapshot's own Debug would print the whole graph.
        f.debug_struct("Committed")
            .field("outcome", &self.outcome)
            .field("snapshot_nodes", &self.snapshot.node_count())
            .finish()
    }
}

/// Orders nodes and relations into the changes that create them: sources first, then other nodes, then
/// relations. Seeds and imports use it.
pub fn creation_order(nodes: Vec<Node>, relations: Vec<Relation>) -> Vec<Change> {
    let (sources, others): (Vec<_>, Vec<_>) = nodes
        .into_iter()
        .partition(|n| n.kind() == NodeKind::Source);
    sources
        .into_iter()
        .chain(others)
        .map(Change::Create)
        .chain(relations.into_iter().map(Change::Link))
        .collect()
}

fn json<T: serde::Serialize>(value: &T) -> Option<serde_json::Value> {
    Some(serde_json::to_value(value).expect("nodes and relations serialize to JSON"))
}

/// Applies `changes` to `graph`, adds the writes that make them durable (each followed by its history
/// record) to `history`, and adds what they did to `outcome`. `first_index` is the position of the
/// first of `changes` in the whole write, which a rejection names.
pub(super) fn stage(
    graph: &mut KnowledgeGraph,
    changes: Vec<Change>,
    first_index: usize,
    history: &mut History<'_>,
    outcome: &mut Outcome,
) -> Result<(), AppError> {
    for (index, change) in changes.into_iter().enumerate() {
        let index = first_index + index;
        let invalid = |error| AppError::Invalid { index, error };
        match change {
            Change::Create(node) => {
                graph.insert_node(node.clone(), 1).map_err(invalid)?;
                outcome.written.push((node.id.clone(), 1));
                let stored = StoredNode { version: 1, node };
                history.push(Write::PutNode(stored.clone()));
                history.record(
                    ChangeOp::CreateNode,
                    stored.node.id.to_string(),
                    None,
                    json(&stored),
                );
            }
            Change::Upsert {
                node,
                expected_version,
            } => {
                let current = graph.get(node.id.as_str()).map(|n| n.version());
                check_version(&node.id, expected_version, current).map_err(invalid)?;
                let version = current.map_or(1, |v| v + 1);
                let before = match current {
                    Some(old_version) => {
                        let old = graph.replace_node(node.clone(), version).map_err(invalid)?;
                        json(&StoredNode {
                            version: old_version,
                            node: old,
                        })
                    }
                    None => {
                        graph.insert_node(node.clone(), version).map_err(invalid)?;
                        None
                    }
                };
                outcome.written.push((node.id.clone(), version));
                let op = if before.is_some() {
                    ChangeOp::UpdateNode
                } else {
                    ChangeOp::CreateNode
                };
                let stored = StoredNode { version, node };
                history.push(Write::PutNode(stored.clone()));
                history.record(op, stored.node.id.to_string(), before, json(&stored));
            }
            Change::Update {
                id,
                expected_version,
                patch,
            } => {
                let current = graph.get(id.as_str()).map(|n| n.version());
                check_version(&id, expected_version, current).map_err(invalid)?;
                let (old, old_version) = match graph.get(id.as_str()) {
                    Some(n) => (n.node().clone(), n.version()),
                    None => return Err(invalid(ValidationError::UnknownNode(id.to_string()))),
                };
                let mut node = old.clone();
                (patch.0)(&mut node).map_err(invalid)?;
                if node.id != old.id {
                    return Err(invalid(ValidationError::InvalidField {
                        id: id.to_string(),
                        field: "id".to_owned(),
                        reason: "a node's id cannot change; create a new node instead".to_owned(),
                    }));
                }
                let version = old_version + 1;
                graph.replace_node(node.clone(), version).map_err(invalid)?;
                outcome.written.push((id.clone(), version));
                let before = json(&StoredNode {
                    version: old_version,
                    node: old,
                });
                let stored = StoredNode { version, node };
                history.push(Write::PutNode(stored.clone()));
                history.record(ChangeOp::UpdateNode, id.to_string(), before, json(&stored));
            }
            Change::Delete {
                id,
                expected_version,
            } => {
                let current = graph.get(id.as_str()).map(|n| n.version());
                check_version(&id, expected_version, current).map_err(invalid)?;
                let (entry, relations) = graph.remove_node(&id).map_err(invalid)?;
                for r in relations {
                    history.push(Write::DeleteRelation(r.id()));
                    history.record(ChangeOp::Unlink, r.id().to_string(), json(&r), None);
                    outcome.unlinked.push(r);
                }
                history.push(Write::DeleteNode(id.clone()));
                let stored = StoredNode {
                    version: entry.version,
                    node: entry.node,
                };
                history.record(ChangeOp::DeleteNode, id.to_string(), json(&stored), None);
                outcome.deleted.push((stored.node, stored.version));
            }
            Change::Link(relation) => {
                let recorded = graph.insert_relation(relation.clone()).map_err(invalid)?;
                outcome.linked.push(relation.id());
                history.record(
                    ChangeOp::Link,
                    relation.id().to_string(),
                    None,
                    json(&relation),
                );
                history.push(Write::PutRelation(relation, recorded));
            }
            Change::AddRelationSource { id, source } => {
                let handle = graph
                    .relation_handle(&id)
                    .ok_or_else(|| invalid(ValidationError::UnknownRelation(id.to_string())))?;
                let position = graph.recorded(handle);
                let old = graph.remove_relation(&id).map_err(invalid)?;
                let mut new = old.clone();
                if !new.sources.contains(&source) {
                    Arc::make_mut(&mut new.sources).push(source);
                }
                let recorded = graph
                    .restore_relation(new.clone(), position)
                    .map_err(invalid)?;
                history.record(
                    ChangeOp::UpdateRelation,
                    id.to_string(),
                    json(&old),
                    json(&new),
                );
                history.push(Write::PutRelation(new, recorded));
            }
            Change::Unlink(id) => {
                let removed = graph.remove_relation(&id).map_err(invalid)?;
                history.push(Write::DeleteRelation(id.clone()));
                history.record(ChangeOp::Unlink, id.to_string(), json(&removed), None);
                outcome.unlinked.push(removed);
            }
        }
    }
    Ok(())
}

fn check_version(
    id: &NodeId,
    expected: Option<u64>,
    current: Option<u64>,
) -> Result<(), ValidationError> {
    match (expected, current) {
        (Some(expected), Some(actual)) if expected != actual => {
            Err(ValidationError::VersionConflict {
                id: id.to_string(),
                expected,
                actual,
            })
        }
        (Some(_), None) => Err(ValidationError::UnknownNode(id.to_string())),
        _ => Ok(()),
    }
}
