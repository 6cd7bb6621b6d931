//! Ingest proposals, from the text read to the graph changed: [`App::propose`] reads a text into a
//! proposal against the current snapshot (CPU work, run off the async workers by the caller),
//! [`App::store_proposal`] keeps it durably, and [`App::review`], [`App::edit_item`] and
//! [`App::merge_item`] act on its items.
//!
//! A proposal changes nothing in the graph until items are accepted. Accepting applies the accepted
//! items and the items they require as one [`Change`] list through `App::commit`, the one write
//! path (history, feed, all or nothing), and the proposal with its items' new statuses goes into
//! the same sled batch as that change (the `also` writes of `commit`): a crash can never leave items
//! applied but still pending, nor marked accepted but not applied. Every change to a stored
//! proposal runs on the writer thread ([`App::on_writer`]), after the writes before it, so two
//! reviews of one proposal never both read it before either stores it, and the conflict check
//! sees the graph the write will be staged on.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::history::now_ms;
use super::{App, AppError, Change, Committed, Patch, WriteOptions};
use crate::graph::KnowledgeGraph;
use crate::ingest::{IngestError, IngestOptions, Item, ItemChange, ItemStatus, Proposal};
use crate::model::{Node, NodeId, NodeKind, Relation, ValidationError};
use crate::store::{ProposalRecord, Write};

/// A proposal as the store keeps it: what ingesting proposed, with when and by whom; each item
/// carries its review status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredProposal {
    /// When it was proposed, Unix milliseconds.
    pub created_at_ms: i64,
    /// The key that ingested the text (`None`: a tool on a stopped store).
    pub created_by: Option<String>,
    pub proposal: Proposal,
}

/// What a list of proposals shows of one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalSummary {
    pub id: String,
    pub created_at_ms: i64,
    pub created_by: Option<String>,
    pub publication: Option<String>,
    pub issue: Option<String>,
    pub article_count: usize,
    pub pending: usize,
    pub accepted: usize,
    pub rejected: usize,
}

impl ProposalSummary {
    /// True once no item is pending.
    pub fn is_done(&self) -> bool {
        self.pending == 0
    }
}

impl StoredProposal {
    /// How many items are pending, accepted and rejected.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |s| self.proposal.items.iter().filter(|i| i.status == s).count();
        (
            count(ItemStatus::Pending),
            count(ItemStatus::Accepted),
            count(ItemStatus::Rejected),
        )
    }

    pub fn summary(&self) -> ProposalSummary {
        let (pending, accepted, rejected) = self.counts();
        ProposalSummary {
            id: self.proposal.id.clone(),
            created_at_ms: self.created_at_ms,
            created_by: self.created_by.clone(),
            publication: self.proposal.publication.clone(),
            issue: self.proposal.issue.clone(),
            article_count: self.proposal.articles.len(),
            pending,
            accepted,
            rejected,
        }
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.proposal.items.iter().find(|i| i.id == id)
    }

    /// The store's write of this proposal; `new_items` when its items are to be remembered as
    /// proposed (when it is first stored).
    fn write(&self, new_items: bool) -> Write {
        Write::PutProposal(Box::new(ProposalRecord {
            id: self.proposal.id.clone(),
            created_at_ms: self.created_at_ms,
            body: to_json(self),
            summary: to_json(&self.summary()),
            items: if new_items {
                self.proposal.items.iter().map(|i| i.id.clone()).collect()
            } else {
                Vec::new()
            },
        }))
    }
}

/// JSON of a record the App writes (plain data, always serializable).
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("proposals serialize to JSON")
}

/// Why an ingest or a review was refused. Nothing was stored or changed for any of these.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The text could not be read (see [`IngestError`]).
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// No proposal, item or node with that id.
    #[error("{0}")]
    NotFound(String),
    /// The request cannot be done as asked: `item` (when one is at fault) and the `field` of it.
    #[error("{reason}")]
    Invalid {
        item: Option<String>,
        field: String,
        reason: String,
    },
    /// The graph changed since the proposal in ways that contradict these items; nothing applied.
    #[error("{}", conflict_message(.0))]
    Conflict(Vec<ItemConflict>),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<crate::store::StoreError> for ReviewError {
    fn from(e: crate::store::StoreError) -> Self {
        Self::App(AppError::Store(e))
    }
}

/// One item that cannot be applied to the graph as it is now, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemConflict {
    pub item: String,
    pub reason: String,
}

fn conflict_message(conflicts: &[ItemConflict]) -> String {
    let list: Vec<String> = conflicts
        .iter()
        .map(|c| format!("{}: {}", c.item, c.reason))
        .collect();
    format!(
        "the graph changed since this proposal; nothing was applied. Conflicting items: {}",
        list.join("; ")
    )
}

fn invalid(item: Option<&str>, field: &str, reason: impl Into<String>) -> ReviewError {
    ReviewError::Invalid {
        item: item.map(str::to_owned),
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// What a review did.
#[derive(Clone, Debug)]
pub struct Reviewed {
    pub proposal: StoredProposal,
    /// Items applied: the accepted ones and the pending items they required.
    pub applied: Vec<String>,
    pub rejected: Vec<String>,
    /// The graph write, when items were applied.
    pub committed: Option<Committed>,
}

impl App {
    /// Reads `bytes` and proposes what they add to the current graph, leaving out every item a
    /// stored proposal already holds. CPU work (up to about a second for a whole issue): servers
    /// run it on the long-read pool. Stores nothing.
    pub fn propose(&self, bytes: &[u8], options: &IngestOptions) -> Result<Proposal, ReviewError> {
        let graph = self.snapshot();
        // A store that cannot be read answers "not known": at worst an item is proposed again.
        let known = |item: &str| self.store.is_proposed_item(item).unwrap_or(false);
        Ok(crate::ingest::ingest(&graph, bytes, options, &known)?)
    }

    /// Stores `proposal` as proposed by `actor`. A proposal with the same id (the same text) that
    /// is already stored is answered instead, unchanged. Runs on the writer thread.
    pub async fn store_proposal(
        self: &Arc<Self>,
        proposal: Proposal,
        actor: Option<&str>,
    ) -> Result<StoredProposal, ReviewError> {
        let actor = actor.map(str::to_owned);
        self.on_writer(move |app| app.keep_proposal(proposal, actor))
            .await
    }

    /// [`App::propose`] then [`App::store_proposal`], on the calling thread: for tools that open a
    /// stopped store (`stdgraph ingest --data`).
    pub fn ingest_blocking(
        &self,
        bytes: &[u8],
        options: &IngestOptions,
        actor: Option<&str>,
    ) -> Result<StoredProposal, ReviewError> {
        let proposal = self.propose(bytes, options)?;
        self.keep_proposal(proposal, actor.map(str::to_owned))
    }

    fn keep_proposal(
        &self,
        mut proposal: Proposal,
        created_by: Option<String>,
    ) -> Result<StoredProposal, ReviewError> {
        if let Some(stored) = self.proposal(&proposal.id)? {
            return Ok(stored);
        }
        // Items another proposal stored since this one was read are not proposed twice.
        let mut known = HashSet::new();
        for item in &proposal.items {
            if self.store.is_proposed_item(&item.id)? {
                known.insert(item.id.clone());
            }
        }
        proposal.items.retain(|i| !known.contains(&i.id));
        let stored = StoredProposal {
            created_at_ms: now_ms(),
            created_by,
            proposal,
        };
        self.store.commit(&[stored.write(true)])?;
        Ok(stored)
    }

    /// The stored proposal `id`, if any.
    pub fn proposal(&self, id: &str) -> Result<Option<StoredProposal>, ReviewError> {
        let Some(body) = self.store.proposal(id)? else {
            return Ok(None);
        };
        serde_json::from_slice(&body)
            .map(Some)
            .map_err(|e| corrupt(format!("p/{id}"), e))
    }

    /// Summaries of stored proposals, newest first: at most `first`, only open ones (`Some(false)`)
    /// or only done ones (`Some(true)`), or all.
    pub fn proposals(
        &self,
        done: Option<bool>,
        first: usize,
    ) -> Result<Vec<ProposalSummary>, ReviewError> {
        let mut out = Vec::new();
        let mut bad = None;
        self.store.proposal_summaries(|json| {
            if out.len() >= first {
                return false;
            }
            match serde_json::from_slice::<ProposalSummary>(json) {
                Ok(s) if done.is_none_or(|d| s.is_done() == d) => out.push(s),
                Ok(_) => {}
                Err(e) => {
                    bad = Some(corrupt("a proposal summary".into(), e));
                    return false;
                }
            }
            true
        })?;
        match bad {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// Accepts and rejects items of proposal `id` on behalf of `actor`: the accepted items and the
    /// pending items they require are applied as one write, and the proposal's statuses are
    /// stored with it. Refused whole with [`ReviewError::Conflict`] naming every item the graph as
    /// it is now contradicts.
    pub async fn review(
        self: &Arc<Self>,
        id: &str,
        accept: Vec<String>,
        reject: Vec<String>,
        actor: &str,
    ) -> Result<Reviewed, ReviewError> {
        let (id, actor) = (id.to_owned(), actor.to_owned());
        self.on_writer(move |app| app.review_now(&id, &accept, &reject, &actor))
            .await
    }

    /// Changes a pending item's fields (see `editProposalItem`), checked as a write would check them.
    pub async fn edit_item(
        self: &Arc<Self>,
        proposal: &str,
        item: &str,
        fields: serde_json::Value,
    ) -> Result<StoredProposal, ReviewError> {
        let (proposal, item) = (proposal.to_owned(), item.to_owned());
        self.on_writer(move |app| app.edit_now(&proposal, &item, &fields))
            .await
    }

    /// Replaces the node a pending create item proposes by the existing node `into` (see
    /// `mergeProposalItem`).
    pub async fn merge_item(
        self: &Arc<Self>,
        proposal: &str,
        item: &str,
        into: &str,
    ) -> Result<StoredProposal, ReviewError> {
        let (proposal, item, into) = (proposal.to_owned(), item.to_owned(), into.to_owned());
        self.on_writer(move |app| app.merge_now(&proposal, &item, &into))
            .await
    }

    fn stored(&self, id: &str) -> Result<StoredProposal, ReviewError> {
        self.proposal(id)?
            .ok_or_else(|| ReviewError::NotFound(format!("no proposal has id `{id}`")))
    }

    fn review_now(
        &self,
        id: &str,
        accept: &[String],
        reject: &[String],
        actor: &str,
    ) -> Result<Reviewed, ReviewError> {
        let mut stored = self.stored(id)?;
        let items = &stored.proposal.items;
        let position: HashMap<&str, usize> = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.as_str(), i))
            .collect();
        let find = |item: &str| {
            position.get(item).copied().ok_or_else(|| {
                ReviewError::NotFound(format!("proposal `{id}` has no item `{item}`"))
            })
        };
        let rejecting: HashSet<&str> = reject.iter().map(String::as_str).collect();
        for item in accept.iter().chain(reject) {
            let at = find(item)?;
            if items[at].status != ItemStatus::Pending {
                let status = status_name(items[at].status);
                return Err(invalid(
                    Some(item),
                    "status",
                    format!("item `{item}` is already {status}; only pending items are reviewed"),
                ));
            }
        }
        if let Some(both) = accept.iter().find(|a| rejecting.contains(a.as_str())) {
            return Err(invalid(
                Some(both),
                "accept",
                format!("item `{both}` is both accepted and rejected"),
            ));
        }
        // The accepted items and, transitively, the pending items they require.
        let mut applying = vec![false; items.len()];
        let mut todo: Vec<usize> = accept.iter().map(|a| position[a.as_str()]).collect();
        while let Some(at) = todo.pop() {
            if std::mem::replace(&mut applying[at], true) {
                continue;
            }
            for needed in &items[at].requires {
                // An item of another proposal: the conflict check finds what is missing.
                let Some(&n) = position.get(needed.as_str()) else {
                    continue;
                };
                let who = &items[at].id;
                match items[n].status {
                    ItemStatus::Accepted => {}
                    ItemStatus::Rejected => {
                        return Err(invalid(
                            Some(needed),
                            "accept",
                            format!(
                                "item `{who}` requires item `{needed}`, which was rejected; it cannot be accepted"
                            ),
                        ));
                    }
                    ItemStatus::Pending if rejecting.contains(needed.as_str()) => {
                        return Err(invalid(
                            Some(needed),
                            "reject",
                            format!(
                                "item `{who}` requires item `{needed}`, which this call rejects; accept both or neither"
                            ),
                        ));
                    }
                    ItemStatus::Pending => todo.push(n),
                }
            }
        }
        let graph = self.snapshot();
        let chosen: Vec<&Item> = items
            .iter()
            .zip(&applying)
            .filter_map(|(item, &a)| a.then_some(item))
            .collect();
        let conflicts = conflicts(&graph, &chosen);
        if !conflicts.is_empty() {
            return Err(ReviewError::Conflict(conflicts));
        }
        let (changes, owners) = changes_of(&chosen);
        let applied: Vec<String> = chosen.iter().map(|i| i.id.clone()).collect();
        for (item, a) in stored.proposal.items.iter_mut().zip(&applying) {
            if *a {
                item.status = ItemStatus::Accepted;
            } else if rejecting.contains(item.id.as_str()) {
                item.status = ItemStatus::Rejected;
            }
        }
        let write = stored.write(false);
        let committed = if changes.is_empty() {
            self.store.commit(&[write])?;
            None
        } else {
            let committed = self
                .commit(changes, actor, WriteOptions::default(), vec![write])
                .map_err(|e| writer_error(e, &owners))?;
            Some(committed)
        };
        Ok(Reviewed {
            proposal: stored,
            applied,
            rejected: reject.to_vec(),
            committed,
        })
    }

    fn edit_now(
        &self,
        id: &str,
        item_id: &str,
        fields: &serde_json::Value,
    ) -> Result<StoredProposal, ReviewError> {
        let mut stored = self.stored(id)?;
        let graph = self.snapshot();
        let proposed = proposed_kinds(&stored.proposal);
        let item = pending_item(&mut stored, item_id)?;
        let at = Some(item_id);
        let Some(object) = fields.as_object() else {
            return Err(invalid(at, "fields", "`fields` must be a JSON object"));
        };
        match &mut item.change {
            ItemChange::CreateNode { node } => {
                let mut json = serde_json::to_value(&*node).expect("nodes serialize to JSON");
                let map = json
                    .as_object_mut()
                    .expect("a node serializes to an object");
                for (field, value) in object {
                    if (field == "id" || field == "kind") && map.get(field) != Some(value) {
                        return Err(invalid(
                            at,
                            field,
                            format!(
                                "a proposed node's `{field}` cannot change; reject the item and create the node instead"
                            ),
                        ));
                    }
                    set(map, field, value);
                }
                let edited: Node = serde_json::from_value(json).map_err(|e| {
                    let field = object.keys().next().map_or("fields", String::as_str);
                    invalid(at, field, format!("not a valid {}: {e}", node.kind()))
                })?;
                edited.validate().map_err(|e| from_validation(at, &e))?;
                *node = edited;
            }
            ItemChange::SetField {
                node, field, value, ..
            } => {
                let Some(new) = object.get("value") else {
                    return Err(invalid(
                        at,
                        "value",
                        "give the field's new value as {\"value\": ...}",
                    ));
                };
                let current = graph.get(node.as_str()).ok_or_else(|| {
                    ReviewError::Conflict(vec![ItemConflict {
                        item: item_id.to_owned(),
                        reason: format!("node `{node}` no longer exists"),
                    }])
                })?;
                with_field(current.node(), field, new).map_err(|e| from_validation(at, &e))?;
                *value = new.clone();
            }
            ItemChange::Link { relation } => {
                let mut json =
                    serde_json::to_value(&*relation).expect("relations serialize to JSON");
                let map = json
                    .as_object_mut()
                    .expect("a relation serializes to an object");
                for (field, value) in object {
                    if !["role", "date", "kind", "note", "degree", "count"]
                        .contains(&field.as_str())
                    {
                        return Err(invalid(
                            at,
                            field,
                            format!(
                                "a proposed relation's `{field}` cannot be edited (only role, date, kind, note, degree, count)"
                            ),
                        ));
                    }
                    set(map, field, value);
                }
                let edited: Relation = serde_json::from_value(json).map_err(|e| {
                    let field = object.keys().next().map_or("fields", String::as_str);
                    invalid(at, field, format!("not a valid relation: {e}"))
                })?;
                edited.validate().map_err(|e| from_validation(at, &e))?;
                let kind_of = |id: &NodeId| {
                    graph
                        .get(id.as_str())
                        .map(|n| n.kind())
                        .or_else(|| proposed.get(id).copied())
                };
                if let (Some(from), Some(to)) = (kind_of(&edited.from), kind_of(&edited.to))
                    && !edited.kind.allows(from, to)
                {
                    let e = ValidationError::wrong_kinds(edited.kind, from, to);
                    return Err(invalid(at, "kind", e.to_string()));
                }
                *relation = edited;
            }
            ItemChange::CorroborateNode { .. } | ItemChange::CorroborateRelation { .. } => {
                return Err(invalid(
                    at,
                    "op",
                    "a corroboration has no fields to edit; accept or reject it",
                ));
            }
        }
        self.store.commit(&[stored.write(false)])?;
        Ok(stored)
    }

    fn merge_now(
        &self,
        id: &str,
        item_id: &str,
        into: &str,
    ) -> Result<StoredProposal, ReviewError> {
        let mut stored = self.stored(id)?;
        let graph = self.snapshot();
        let target = graph
            .get(into)
            .ok_or_else(|| ReviewError::NotFound(format!("no node has id `{into}`")))?;
        let item = pending_item(&mut stored, item_id)?;
        let ItemChange::CreateNode { node } = &item.change else {
            return Err(invalid(
                Some(item_id),
                "op",
                "only an item that creates a node can be merged into an existing node",
            ));
        };
        if node.kind() != target.kind() {
            return Err(invalid(
                Some(item_id),
                "into",
                format!(
                    "`{into}` is a {}, the proposed node a {}; merge into a node of the same kind",
                    target.kind(),
                    node.kind()
                ),
            ));
        }
        let (merged, name) = (node.id.clone(), node.name.clone());
        let (evidence, rule, confidence) =
            (item.evidence.clone(), item.rule.clone(), item.confidence);
        item.status = ItemStatus::Rejected;
        let into_id = target.id().clone();
        for item in stored.proposal.items.iter_mut() {
            if item.status == ItemStatus::Pending {
                point_at(item, &merged, &into_id, &graph);
                item.requires.retain(|r| r != item_id);
            }
        }
        for article in stored.proposal.articles.iter_mut() {
            if article.source == merged {
                article.source = into_id.clone();
            }
            for link in article.mentions.iter_mut().filter_map(|m| m.link.as_mut()) {
                if link.node == merged {
                    link.node = into_id.clone();
                    link.proposed = false;
                }
            }
        }
        let existing = target.node();
        let known_name = existing.name == name || existing.aliases().contains(&name);
        if !known_name {
            let previous = serde_json::to_value(existing.aliases()).expect("strings serialize");
            let mut aliases = existing.aliases().to_vec();
            aliases.push(name);
            let change = ItemChange::SetField {
                node: into_id.clone(),
                field: "aliases".into(),
                value: serde_json::to_value(aliases).expect("strings serialize"),
                previous: Some(previous),
            };
            let alias = Item {
                id: item_digest(&change),
                change,
                rule: format!("merge ({rule})"),
                confidence,
                evidence,
                requires: Vec::new(),
                base_version: Some(target.version()),
                status: ItemStatus::Pending,
            };
            if stored.item(&alias.id).is_none() {
                stored.proposal.items.push(alias);
            }
        }
        self.store.commit(&[stored.write(false)])?;
        Ok(stored)
    }
}

/// The pending item `item` of `stored`, or why it cannot be changed.
fn pending_item<'a>(
    stored: &'a mut StoredProposal,
    item: &str,
) -> Result<&'a mut Item, ReviewError> {
    let id = stored.proposal.id.clone();
    let found = stored
        .proposal
        .items
        .iter_mut()
        .find(|i| i.id == item)
        .ok_or_else(|| ReviewError::NotFound(format!("proposal `{id}` has no item `{item}`")))?;
    if found.status != ItemStatus::Pending {
        let status = status_name(found.status);
        return Err(invalid(
            Some(item),
            "status",
            format!("item `{item}` is already {status}; only pending items can change"),
        ));
    }
    Ok(found)
}

/// Makes `item` refer to `to` wherever it referred to the proposed node `from` (merged into `to`).
fn point_at(item: &mut Item, from: &NodeId, to: &NodeId, graph: &KnowledgeGraph) {
    let swap = |id: &mut NodeId| {
        if id == from {
            *id = to.clone();
        }
    };
    let swap_sources = |sources: &mut crate::model::Sources| {
        if sources.contains(from) {
            for s in Arc::make_mut(sources).iter_mut() {
                swap(s);
            }
        }
    };
    match &mut item.change {
        ItemChange::CreateNode { node } => swap_sources(&mut node.sources),
        ItemChange::SetField { node, .. } | ItemChange::CorroborateNode { node, .. } => {
            if node == from {
                *node = to.clone();
                item.base_version = graph.get(to.as_str()).map(|n| n.version());
            }
            if let ItemChange::CorroborateNode { source, .. } = &mut item.change {
                swap(source);
            }
        }
        ItemChange::Link { relation } => {
            swap(&mut relation.from);
            swap(&mut relation.to);
            swap_sources(&mut relation.sources);
        }
        ItemChange::CorroborateRelation { source, .. } => swap(source),
    }
    for evidence in item.evidence.iter_mut() {
        swap(&mut evidence.source);
    }
}

/// The kinds of the nodes a proposal's items create.
fn proposed_kinds(proposal: &Proposal) -> HashMap<NodeId, NodeKind> {
    proposal
        .items
        .iter()
        .filter_map(|i| match &i.change {
            ItemChange::CreateNode { node } => Some((node.id.clone(), node.kind())),
            _ => None,
        })
        .collect()
}

/// Every item of `chosen` that the graph as it is now contradicts, and why.
fn conflicts(graph: &KnowledgeGraph, chosen: &[&Item]) -> Vec<ItemConflict> {
    let created: HashSet<&NodeId> = chosen
        .iter()
        .filter_map(|i| match &i.change {
            ItemChange::CreateNode { node } => Some(&node.id),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for item in chosen {
        let mut conflict = |reason: String| {
            out.push(ItemConflict {
                item: item.id.clone(),
                reason,
            })
        };
        let changed = |node: &NodeId| match graph.get(node.as_str()) {
            None => Some(format!("node `{node}` no longer exists")),
            Some(n) => match item.base_version {
                Some(v) if v != n.version() => Some(format!(
                    "node `{node}` changed since it was proposed (version {v}, now {})",
                    n.version()
                )),
                _ => None,
            },
        };
        match &item.change {
            ItemChange::CreateNode { node } => {
                if graph.get(node.id.as_str()).is_some() {
                    conflict(format!("a node with id `{}` exists now", node.id));
                }
            }
            ItemChange::SetField { node, .. } | ItemChange::CorroborateNode { node, .. } => {
                if let Some(reason) = changed(node) {
                    conflict(reason);
                }
            }
            ItemChange::Link { relation } => {
                for end in [&relation.from, &relation.to] {
                    if graph.get(end.as_str()).is_none() && !created.contains(end) {
                        conflict(format!(
                            "node `{end}` does not exist (deleted, or proposed by an item that is not accepted)"
                        ));
                    }
                }
                if graph.relation(&relation.id()).is_some() {
                    conflict(format!("relation `{}` exists now", relation.id()));
                }
            }
            ItemChange::CorroborateRelation { relation, .. } => {
                if graph.relation(relation).is_none() {
                    conflict(format!("relation `{relation}` no longer exists"));
                }
            }
        }
    }
    out
}

/// The changes that apply `chosen`, in an order that keeps each valid (sources, other nodes, node
/// updates, relations, relation corroborations), and the item each change comes from.
fn changes_of(chosen: &[&Item]) -> (Vec<Change>, Vec<String>) {
    let rank = |item: &Item| match &item.change {
        ItemChange::CreateNode { node } if node.kind() == NodeKind::Source => 0,
        ItemChange::CreateNode { .. } => 1,
        ItemChange::SetField { .. } | ItemChange::CorroborateNode { .. } => 2,
        ItemChange::Link { .. } => 3,
        ItemChange::CorroborateRelation { .. } => 4,
    };
    let mut ordered: Vec<&Item> = chosen.to_vec();
    ordered.sort_by_key(|i| rank(i));
    // Several items may change one node (a field from one article, a corroboration from another).
    // The first change of a node checks the version the items were proposed on; the later ones
    // follow it inside the same write, so they expect no version of their own.
    let mut updated = HashSet::new();
    let mut expected = |node: &NodeId, base: Option<u64>| {
        if updated.insert(node.clone()) {
            base
        } else {
            None
        }
    };
    let changes = ordered
        .iter()
        .map(|item| match &item.change {
            ItemChange::CreateNode { node } => Change::Create(node.clone()),
            ItemChange::SetField {
                node, field, value, ..
            } => {
                let (field, value) = (field.clone(), value.clone());
                Change::Update {
                    id: node.clone(),
                    expected_version: expected(node, item.base_version),
                    patch: Patch::new(move |n| {
                        *n = with_field(n, &field, &value)?;
                        Ok(())
                    }),
                }
            }
            ItemChange::Link { relation } => Change::Link(relation.clone()),
            ItemChange::CorroborateNode { node, source } => {
                let source = source.clone();
                Change::Update {
                    id: node.clone(),
                    expected_version: expected(node, item.base_version),
                    patch: Patch::new(move |n| {
                        if !n.sources.contains(&source) {
                            Arc::make_mut(&mut n.sources).push(source.clone());
                        }
                        Ok(())
                    }),
                }
            }
            ItemChange::CorroborateRelation { relation, source } => Change::AddRelationSource {
                id: relation.clone(),
                source: source.clone(),
            },
        })
        .collect();
    (changes, ordered.iter().map(|i| i.id.clone()).collect())
}

/// `node` with its field `field` (as the seed spells it) set to `value` (`null` clears it): the
/// node is written as JSON, changed and read back, so a field means what it means in the seed.
pub fn with_field(
    node: &Node,
    field: &str,
    value: &serde_json::Value,
) -> Result<Node, ValidationError> {
    let bad = |reason: String| ValidationError::InvalidField {
        id: node.id.to_string(),
        field: field.to_owned(),
        reason,
    };
    if field == "id" || field == "kind" {
        return Err(bad("a node's id and kind cannot change".into()));
    }
    let mut json = serde_json::to_value(node).expect("nodes serialize to JSON");
    let map = json
        .as_object_mut()
        .expect("a node serializes to an object");
    set(map, field, value);
    let changed: Node = serde_json::from_value(json).map_err(|e| bad(e.to_string()))?;
    let back = serde_json::to_value(&changed).expect("nodes serialize to JSON");
    if !value.is_null() && back.get(field).is_none() {
        return Err(bad(format!("a {} has no field `{field}`", node.kind())));
    }
    changed.validate()?;
    Ok(changed)
}

/// Sets `field` of a record in the seed's JSON format to `value`; `null` removes it.
fn set(
    map: &mut serde_json::Map<String, serde_json::Value>,
    field: &str,
    value: &serde_json::Value,
) {
    if value.is_null() {
        map.remove(field);
    } else {
        map.insert(field.to_owned(), value.clone());
    }
}

/// A writer's refusal, named by the item whose change it refused.
fn writer_error(e: AppError, owners: &[String]) -> ReviewError {
    match e {
        AppError::Invalid { index, error } => {
            let item = owners.get(index).cloned().unwrap_or_default();
            match error {
                ValidationError::VersionConflict { .. }
                | ValidationError::DuplicateNode(_)
                | ValidationError::DuplicateRelation(_)
                | ValidationError::UnknownNode(_)
                | ValidationError::UnknownRelation(_)
                | ValidationError::UnknownSource { .. }
                | ValidationError::DanglingEndpoint { .. } => {
                    ReviewError::Conflict(vec![ItemConflict {
                        item,
                        reason: error.to_string(),
                    }])
                }
                other => from_validation(Some(&item), &other),
            }
        }
        other => ReviewError::App(other),
    }
}

fn from_validation(item: Option<&str>, e: &ValidationError) -> ReviewError {
    let reason = match item {
        Some(item) => format!("item `{item}`: {e}"),
        None => e.to_string(),
    };
    invalid(item, e.field(), reason)
}

fn status_name(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Pending => "pending",
        ItemStatus::Accepted => "accepted",
        ItemStatus::Rejected => "rejected",
    }
}

/// The id of an item a review adds (a merge's alias): `item:` and a digest of its change, as
/// ingesting names items.
fn item_digest(change: &ItemChange) -> String {
    let json = serde_json::to_vec(change).expect("item changes serialize to JSON");
    let digest = Sha256::digest(&json);
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("item:{hex}")
}

fn corrupt(key: String, e: serde_json::Error) -> ReviewError {
    ReviewError::App(AppError::Store(crate::store::StoreError::Corrupt {
        key,
        reason: e.to_string(),
    }))
}
