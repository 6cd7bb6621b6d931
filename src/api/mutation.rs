//! The mutation root: create, update, upsert and delete nodes, link and unlink relations, and apply a
//! list of changes all or nothing.
//!
//! Every mutation needs a key (`Authorization: Bearer <key>`): editors may create, change and link;
//! deleting a node takes an admin. A mutation is answered only after the App has committed and flushed
//! it; the answer is resolved against the snapshot that change published.

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, ID, MergedObject, Object, Result, SimpleObject};

use super::enums::{NodeKind, RelationKind};
use super::error::{Code, error};
use super::inputs::*;
use super::nodes::*;
use super::scope::scope;
use crate::app::{AppError, Change, Committed, Outcome, WriteOptions};
use crate::auth::{Principal, Role};
use crate::graph::KnowledgeGraph;
use crate::model::{self, ValidationError};

/// The caller, if their key's role allows `needed`.
pub fn authorize(ctx: &Context<'_>, needed: Role) -> Result<Principal> {
    match &scope(ctx)?.caller {
        None => Err(error(
            Code::Unauthenticated,
            "this operation needs an API key: send `Authorization: Bearer <key>`",
        )),
        Some(p) if p.role < needed => Err(error(
            Code::Forbidden,
            format!(
                "key `{}` has the role {}; this operation needs {needed}",
                p.name, p.role
            ),
        )),
        Some(p) => Ok(p.clone()),
    }
}

/// Applies `changes` on behalf of `caller` (already authorized) through the App's one write path,
/// which runs it on the App's writer thread and answers once it is flushed.
async fn commit(
    ctx: &Context<'_>,
    caller: Principal,
    changes: Vec<Change>,
    batch: bool,
) -> Result<Committed> {
    let app = &scope(ctx)?.app;
    app.write(changes, &caller.name, WriteOptions::default())
        .await
        .map_err(|e| app_error(e, batch))
}

/// The field of an input at fault, in the API's spelling (`in_force` -> `inForce`).
fn camel(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A rejected change as a GraphQL error: code, message, and `field` and `reason` in `extensions`
/// (plus `index`, the position in an `applyChanges` list).
fn validation_error(e: &ValidationError, index: Option<usize>) -> async_graphql::Error {
    let message = match index {
        Some(i) => format!("change {i}: {e}"),
        None => e.to_string(),
    };
    let field = camel(e.field());
    let reason = e.to_string();
    error(Code::of_validation(e), message).extend_with(move |_, x| {
        x.set("field", field.as_str());
        x.set("reason", reason.as_str());
        if let Some(i) = index {
            x.set("index", i as u64);
        }
    })
}

pub(super) fn app_error(e: AppError, batch: bool) -> async_graphql::Error {
    match e {
        AppError::Invalid { index, error } => validation_error(&error, batch.then_some(index)),
        AppError::Store(e) => {
            tracing::error!(error = %e, "a write failed; the store refuses further writes");
            error(
                Code::Unavailable,
                "the store could not write this change, and refuses writes until the server is \
                 restarted; nothing of this change was applied (see the server log)",
            )
        }
        AppError::Inconsistent(e) => {
            tracing::error!(error = %e, "the store is inconsistent");
            error(
                Code::Internal,
                "the stored graph is inconsistent; see the server log",
            )
        }
        e @ (AppError::StartWriter(_) | AppError::WriterPanicked) => {
            tracing::error!(error = %e, "a write failed on the writer thread");
            error(Code::Internal, "the write failed; see the server log")
        }
    }
}

/// Converts an input, or reports the field at fault.
fn convert<T>(result: Result<T, ValidationError>, index: Option<usize>) -> Result<T> {
    result.map_err(|e| validation_error(&e, index))
}

/// The node `id` of `graph` as the object type `T`.
fn node_of<T: From<NodeObj>>(graph: &Arc<KnowledgeGraph>, id: &model::NodeId) -> Result<T> {
    graph
        .get(id.as_str())
        .map(|n| T::from(NodeObj::new(graph, n)))
        .ok_or_else(|| {
            error(
                Code::Conflict,
                format!("`{id}` was deleted by a later change before it could be read back"),
            )
        })
}

/// A relation that was removed.
#[derive(SimpleObject)]
pub struct RemovedRelation {
    id: ID,
    kind: RelationKind,
    from: ID,
    to: ID,
}

impl RemovedRelation {
    fn of(r: &model::Relation) -> Self {
        Self {
            id: ID(r.id().to_string()),
            kind: r.kind.into(),
            from: ID(r.from.to_string()),
            to: ID(r.to.to_string()),
        }
    }
}

/// A node that was deleted, and the relations that went with it.
#[derive(SimpleObject)]
pub struct DeletedNode {
    id: ID,
    kind: NodeKind,
    name: String,
    /// The version it had when it was deleted.
    version: u64,
    removed_relations: Vec<RemovedRelation>,
}

impl DeletedNode {
    fn new(node: &model::Node, version: u64, outcome: &Outcome) -> Self {
        let removed_relations = outcome
            .unlinked
            .iter()
            .filter(|r| r.from == node.id || r.to == node.id)
            .map(RemovedRelation::of)
            .collect();
        Self {
            id: ID(node.id.to_string()),
            kind: node.kind().into(),
            name: node.name.clone(),
            version,
            removed_relations,
        }
    }
}

/// What an `applyChanges` list did, read from the snapshot it published.
pub struct ChangeSetResult {
    graph: Arc<KnowledgeGraph>,
    outcome: Outcome,
}

#[Object]
impl ChangeSetResult {
    /// The history sequence numbers of this change set (`firstSeq..=lastSeq`); pass `firstSeq - 1` as
    /// `after` to `changes` to read them.
    async fn first_seq(&self) -> u64 {
        self.outcome.first_seq
    }

    async fn last_seq(&self) -> u64 {
        self.outcome.last_seq
    }

    /// Nodes created or changed (and not deleted later in the list), with their new versions.
    async fn written(&self) -> Vec<NodeInterface> {
        let mut seen = std::collections::HashSet::new();
        self.outcome
            .written
            .iter()
            .filter(|(id, _)| seen.insert(id.clone()))
            .filter_map(|(id, _)| self.graph.get(id.as_str()))
            .map(|n| NodeObj::wrap(&self.graph, n))
            .collect()
    }

    async fn deleted(&self) -> Vec<DeletedNode> {
        self.outcome
            .deleted
            .iter()
            .map(|(node, version)| DeletedNode::new(node, *version, &self.outcome))
            .collect()
    }

    /// Relations added (and not removed later in the list).
    async fn linked(&self) -> Vec<Relation> {
        self.outcome
            .linked
            .iter()
            .filter_map(|id| Relation::lookup(&self.graph, id))
            .collect()
    }

    /// Relations removed, including those that went with deleted nodes.
    async fn unlinked(&self) -> Vec<RemovedRelation> {
        self.outcome
            .unlinked
            .iter()
            .map(RemovedRelation::of)
            .collect()
    }
}

/// Declares the create, update and upsert mutations of one kind.
macro_rules! kind_mutations {
    ($root:ident, $obj:ident, $input:ident, $patch:ident, $create:ident, $update:ident, $upsert:ident) => {
        #[derive(Default)]
        pub struct $root;

        #[Object]
        impl $root {
            /// Creates a node; fails with `CONFLICT` when the id is taken. Needs the editor role.
            async fn $create(&self, ctx: &Context<'_>, input: $input) -> Result<$obj> {
                let caller = authorize(ctx, Role::Editor)?;
                let node = convert(input.into_node(), None)?;
                let id = node.id.clone();
                let graph = commit(ctx, caller, vec![Change::Create(node)], false)
                    .await?
                    .snapshot;
                node_of(&graph, &id)
            }

            /// Changes the fields given in `patch`; the others stay. With `expectedVersion`, fails
            /// with `CONFLICT` when the node has changed since. Needs the editor role.
            async fn $update(
                &self,
                ctx: &Context<'_>,
                id: ID,
                patch: $patch,
                expected_version: Option<u64>,
            ) -> Result<$obj> {
                let caller = authorize(ctx, Role::Editor)?;
                let id = convert(node_id(&id), None)?;
                let change = Change::Update {
                    id: id.clone(),
                    expected_version,
                    patch: patch.into_patch(),
                };
                let graph = commit(ctx, caller, vec![change], false).await?.snapshot;
                node_of(&graph, &id)
            }

            /// Creates the node, or replaces every field of the node with this id (its relations
            /// stay). With `expectedVersion`, fails with `CONFLICT` unless the node exists with that
            /// version. Needs the editor role.
            async fn $upsert(
                &self,
                ctx: &Context<'_>,
                input: $input,
                expected_version: Option<u64>,
            ) -> Result<$obj> {
                let caller = authorize(ctx, Role::Editor)?;
                let node = convert(input.into_node(), None)?;
                let id = node.id.clone();
                let change = Change::Upsert {
                    node,
                    expected_version,
                };
                let graph = commit(ctx, caller, vec![change], false).await?.snapshot;
                node_of(&graph, &id)
            }
        }
    };
}

kind_mutations!(
    AgencyMutation,
    Agency,
    AgencyInput,
    AgencyPatch,
    create_agency,
    update_agency,
    upsert_agency
);
kind_mutations!(
    TechnicalCommitteeMutation,
    TechnicalCommittee,
    TechnicalCommitteeInput,
    TechnicalCommitteePatch,
    create_technical_committee,
    update_technical_committee,
    upsert_technical_committee
);
kind_mutations!(
    StandardMutation,
    Standard,
    StandardInput,
    StandardPatch,
    create_standard,
    update_standard,
    upsert_standard
);
kind_mutations!(
    EventMutation,
    Event,
    EventInput,
    EventPatch,
    create_event,
    update_event,
    upsert_event
);
kind_mutations!(
    MouMutation,
    Mou,
    MouInput,
    MouPatch,
    create_mou,
    update_mou,
    upsert_mou
);
kind_mutations!(
    DocumentMutation,
    Document,
    DocumentInput,
    DocumentPatch,
    create_document,
    update_document,
    upsert_document
);
kind_mutations!(
    PersonMutation,
    Person,
    PersonInput,
    PersonPatch,
    create_person,
    update_person,
    upsert_person
);
kind_mutations!(
    TopicMutation,
    Topic,
    TopicInput,
    TopicPatch,
    create_topic,
    update_topic,
    upsert_topic
);
kind_mutations!(
    SourceMutation,
    Source,
    SourceInput,
    SourcePatch,
    create_source,
    update_source,
    upsert_source
);

/// Mutations on any node, on relations, and lists of changes.
#[derive(Default)]
pub struct GraphMutation;

#[Object]
impl GraphMutation {
    /// Deletes a node; its relations go with it and are listed in the answer. A source that is still
    /// cited cannot be deleted (`CONFLICT`). Needs the admin role.
    async fn delete_node(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: Option<u64>,
    ) -> Result<DeletedNode> {
        let caller = authorize(ctx, Role::Admin)?;
        let id = convert(node_id(&id), None)?;
        let change = Change::Delete {
            id,
            expected_version,
        };
        let outcome = commit(ctx, caller, vec![change], false).await?.outcome;
        let (node, version) = outcome
            .deleted
            .first()
            .expect("a committed delete reports its node");
        Ok(DeletedNode::new(node, *version, &outcome))
    }

    /// Adds a relation; its endpoints must exist and have the kinds the relation kind allows, and it
    /// must cite a source. Needs the editor role.
    async fn link(&self, ctx: &Context<'_>, input: RelationInput) -> Result<Relation> {
        let caller = authorize(ctx, Role::Editor)?;
        let relation = convert(input.into_relation(), None)?;
        let id = relation.id();
        let graph = commit(ctx, caller, vec![Change::Link(relation)], false)
            .await?
            .snapshot;
        Relation::lookup(&graph, &id)
            .ok_or_else(|| error(Code::Internal, "the new relation is missing"))
    }

    /// Removes a relation by id (`from|kind|to`, plus `#key`). Needs the editor role.
    async fn unlink(&self, ctx: &Context<'_>, id: ID) -> Result<RemovedRelation> {
        let caller = authorize(ctx, Role::Editor)?;
        let change = Change::Unlink(model::RelationId::new(id.to_string()));
        let outcome = commit(ctx, caller, vec![change], false).await?.outcome;
        let removed = outcome
            .unlinked
            .first()
            .expect("a committed unlink reports its relation");
        Ok(RemovedRelation::of(removed))
    }

    /// Applies the changes in order, all or nothing: when one fails, none is written and the error's
    /// `extensions.index` says which. Needs the editor role, or admin when the list deletes nodes.
    async fn apply_changes(
        &self,
        ctx: &Context<'_>,
        changes: Vec<ChangeInput>,
    ) -> Result<ChangeSetResult> {
        let needed = if changes.iter().any(ChangeInput::is_delete) {
            Role::Admin
        } else {
            Role::Editor
        };
        // Credentials first: callers who may not write learn nothing about their input.
        let caller = authorize(ctx, needed)?;
        let changes = changes
            .into_iter()
            .enumerate()
            .map(|(i, c)| convert(c.into_change(), Some(i)))
            .collect::<Result<Vec<_>>>()?;
        let Committed { outcome, snapshot } = commit(ctx, caller, changes, true).await?;
        Ok(ChangeSetResult {
            graph: snapshot,
            outcome,
        })
    }
}

/// The mutation root.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    AgencyMutation,
    TechnicalCommitteeMutation,
    StandardMutation,
    EventMutation,
    MouMutation,
    DocumentMutation,
    PersonMutation,
    TopicMutation,
    SourceMutation,
    GraphMutation,
    super::ingest::IngestMutation,
);
