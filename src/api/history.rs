//! History: every recorded change, with who made it, when, and the item before and after.

use async_graphql::{Context, Enum, ErrorExtensions, ID, Json, Object, Result, SimpleObject};

use super::error::{Code, error, invalid};
use super::scope::scope;
use crate::app::AppError;
use crate::app::history::HistoryEntry;
use crate::model::{format_timestamp, parse_timestamp};

/// Most records one request may list.
const MAX_RECORDS: usize = 1000;

/// What a recorded change did.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::app::history::ChangeOp")]
pub enum ChangeOp {
    CreateNode,
    UpdateNode,
    DeleteNode,
    Link,
    Unlink,
    /// A relation's sources or properties changed (an ingested article corroborated it).
    UpdateRelation,
}

/// One recorded change.
#[derive(SimpleObject)]
pub struct Change {
    /// Position in the history, from 1, without gaps; pass it as `after` to read on.
    seq: u64,
    /// When it was committed (RFC 3339, UTC).
    at: String,
    /// Who made it (`seed`, `import`, a key's name).
    actor: String,
    op: ChangeOp,
    /// The node id or relation id changed.
    target: ID,
    /// The item before the change (a node with its version, or a relation); null on creation.
    before: Option<Json<serde_json::Value>>,
    /// The item after the change; null on deletion.
    after: Option<Json<serde_json::Value>>,
}

impl From<&HistoryEntry> for Change {
    fn from(r: &HistoryEntry) -> Self {
        Self::from(r.clone())
    }
}

impl From<HistoryEntry> for Change {
    fn from(r: HistoryEntry) -> Self {
        Self {
            seq: r.seq,
            at: format_timestamp(r.at_ms),
            actor: r.actor,
            op: r.op.into(),
            target: ID(r.target),
            before: r.before.map(Json),
            after: r.after.map(Json),
        }
    }
}

fn limit(first: i32) -> Result<usize> {
    if first < 0 || first as usize > MAX_RECORDS {
        return Err(invalid(format!(
            "`first` must be between 0 and {MAX_RECORDS}"
        )));
    }
    Ok(first as usize)
}

fn storage_error(e: AppError) -> async_graphql::Error {
    tracing::error!(error = %e, "reading history failed");
    error(
        Code::Internal,
        "the history could not be read; see the server log",
    )
}

#[derive(Default)]
pub struct HistoryQuery;

#[Object]
impl HistoryQuery {
    /// The changes of one node or relation (by id), oldest first, after sequence number `after`.
    async fn history(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = 0)] after: u64,
        #[graphql(default = 100)] first: i32,
    ) -> Result<Vec<Change>> {
        let app = &scope(ctx)?.app;
        let records = app
            .history_of(&id, after, limit(first)?)
            .map_err(storage_error)?;
        Ok(records.into_iter().map(Change::from).collect())
    }

    /// Every change after sequence number `after` (0: from the beginning) and, with `since`, committed
    /// at or after that time (RFC 3339, `2026-11-25T09:00:00Z`, or a day, `2026-11-25`); oldest
    /// first. To read on, pass the last `seq` you received as `after`.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        since: Option<String>,
        #[graphql(default = 0)] after: u64,
        #[graphql(default = 100)] first: i32,
    ) -> Result<Vec<Change>> {
        let app = &scope(ctx)?.app;
        let after = match since {
            Some(since) => {
                let at_ms = parse_timestamp(&since).map_err(|e| {
                    invalid(format!("`since`: {e}")).extend_with(|_, x| {
                        x.set("field", "since");
                        x.set("reason", e.to_string());
                    })
                })?;
                after.max(app.seq_before(at_ms).map_err(storage_error)?)
            }
            None => after,
        };
        let records = app.changes(after, limit(first)?).map_err(storage_error)?;
        Ok(records.into_iter().map(Change::from).collect())
    }
}
