//! The history: every committed change with who made it, when, and the item before and after. It is
//! the undo log of chunked imports, the feed's content and the API's wire format.
//!
//! The store keeps history records as JSON; the App hands them out as [`HistoryEntry`], its own type,
//! with the node kind (or the ends of a relation) already read out of the item once, here, so that
//! no reader parses the JSON again. `History` collects the records a commit adds.

use serde::Serialize;

use super::{App, AppError};
use crate::model::NodeKind;
use crate::store::{self, ChangeRecord, Write};

/// What a recorded change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    CreateNode,
    UpdateNode,
    DeleteNode,
    Link,
    Unlink,
    /// A relation's sources or properties changed (an ingested article corroborated it).
    UpdateRelation,
}

/// One recorded change. It serializes as the store keeps it (`stdgraph export --history`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Position in the history, from 1, without gaps.
    pub seq: u64,
    /// Unix time in milliseconds.
    pub at_ms: i64,
    /// Who made the change (`seed`, `import`, a key's name).
    pub actor: String,
    pub op: ChangeOp,
    /// The node id or relation id changed.
    pub target: String,
    /// For a node change, the node's kind.
    #[serde(skip)]
    pub node_kind: Option<NodeKind>,
    /// For a relation change, the ids of its two ends (from, to).
    #[serde(skip)]
    pub ends: Option<[String; 2]>,
    /// The item before the change (a node with its version, or a relation); absent on creation.
    pub before: Option<serde_json::Value>,
    /// The item after the change; absent on deletion.
    pub after: Option<serde_json::Value>,
}

impl From<store::ChangeOp> for ChangeOp {
    fn from(op: store::ChangeOp) -> Self {
        match op {
            store::ChangeOp::CreateNode => Self::CreateNode,
            store::ChangeOp::UpdateNode => Self::UpdateNode,
            store::ChangeOp::DeleteNode => Self::DeleteNode,
            store::ChangeOp::Link => Self::Link,
            store::ChangeOp::Unlink => Self::Unlink,
            store::ChangeOp::UpdateRelation => Self::UpdateRelation,
        }
    }
}

impl From<ChangeRecord> for HistoryEntry {
    /// The one place a record's item is read for its node kind or its relation's ends: the item
    /// after the change, or before it for a deletion (`{"version": .., "node": {"kind": ..}}` for a
    /// node, `{"from": .., "to": ..}` for a relation).
    fn from(r: ChangeRecord) -> Self {
        let item = r.after.as_ref().or(r.before.as_ref());
        let op = ChangeOp::from(r.op);
        let (node_kind, ends) = match op {
            ChangeOp::CreateNode | ChangeOp::UpdateNode | ChangeOp::DeleteNode => {
                let kind = item
                    .and_then(|i| i.get("node")?.get("kind"))
                    .and_then(|k| serde_json::from_value(k.clone()).ok());
                (kind, None)
            }
            ChangeOp::Link | ChangeOp::Unlink | ChangeOp::UpdateRelation => {
                let end = |name: &str| Some(item?.get(name)?.as_str()?.to_owned());
                (None, end("from").zip(end("to")).map(|(f, t)| [f, t]))
            }
        };
        Self {
            seq: r.seq,
            at_ms: r.at_ms,
            actor: r.actor,
            op,
            target: r.target,
            node_kind,
            ends,
            before: r.before,
            after: r.after,
        }
    }
}

/// Where the history ends: the last record's sequence number and time (history times never
/// decrease). The writer lock guards it.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct HistoryEnd {
    pub(super) seq: u64,
    pub(super) at_ms: i64,
}

/// The writes of a commit as it is staged, each change followed by its history record.
pub(super) struct History<'a> {
    actor: &'a str,
    at_ms: i64,
    first_seq: u64,
    next_seq: u64,
    writes: Vec<Write>,
}

impl<'a> History<'a> {
    /// Records by `actor` that continue the history after `end`. A clock that steps back must not
    /// make history times decrease (`changes(since:)` searches by time).
    pub(super) fn after(end: HistoryEnd, actor: &'a str) -> Self {
        Self {
            actor,
            at_ms: now_ms().max(end.at_ms),
            first_seq: end.seq + 1,
            next_seq: end.seq + 1,
            writes: Vec::new(),
        }
    }

    /// Adds a write that is not a history record.
    pub(super) fn push(&mut self, write: Write) {
        self.writes.push(write);
    }

    /// Adds the history record of a change.
    pub(super) fn record(
        &mut self,
        op: store::ChangeOp,
        target: String,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) {
        let record = ChangeRecord {
            seq: self.next_seq,
            at_ms: self.at_ms,
            actor: self.actor.to_owned(),
            op,
            target,
            before,
            after,
        };
        self.next_seq += 1;
        self.writes.push(Write::Record(record));
    }

    /// The writes added since the last call, to commit as one batch.
    pub(super) fn take_writes(&mut self) -> Vec<Write> {
        std::mem::take(&mut self.writes)
    }

    /// The sequence number of this commit's first record.
    pub(super) fn first_seq(&self) -> u64 {
        self.first_seq
    }

    /// The sequence numbers recorded so far (`first..=last`); both 0 when nothing was recorded.
    pub(super) fn recorded(&self) -> (u64, u64) {
        if self.next_seq > self.first_seq {
            (self.first_seq, self.next_seq - 1)
        } else {
            (0, 0)
        }
    }

    /// Where the history ends once these records are committed.
    pub(super) fn end(&self) -> HistoryEnd {
        HistoryEnd {
            seq: self.next_seq - 1,
            at_ms: self.at_ms,
        }
    }
}

pub(super) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Reads of the history.
impl App {
    /// The sequence number before the first change committed at or after `at_ms` (Unix ms).
    pub fn seq_before(&self, at_ms: i64) -> Result<u64, AppError> {
        Ok(self.store.seq_before(at_ms)?)
    }

    /// Recorded changes after sequence number `after`, oldest first, at most `limit`.
    pub fn changes(&self, after: u64, limit: usize) -> Result<Vec<HistoryEntry>, AppError> {
        let records = self.store.changes(after, limit)?;
        Ok(records.into_iter().map(HistoryEntry::from).collect())
    }

    /// The recorded changes of one node or relation after sequence number `after`, oldest first.
    pub fn history_of(
        &self,
        target: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<HistoryEntry>, AppError> {
        let records = self.store.history_of(target, after, limit)?;
        Ok(records.into_iter().map(HistoryEntry::from).collect())
    }
}
