//! The change feed: every committed change is announced, in history order, to subscribers such as
//! the GraphQL `graphChanged` subscription. A write announces its records after it has published
//! the graph, with the writer lock still held, so the feed's order is the history's.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::broadcast;

use super::App;
use super::history::HistoryEntry;
use crate::graph::KnowledgeGraph;
use crate::model::{Node, NodeKind};
use crate::store::{ChangeRecord, Write};

/// A committed change as the feed announces it: the history entry, and the nodes it concerns (the
/// node itself, or both ends of a relation) with their kinds, so subscribers can filter.
#[derive(Clone, Debug)]
pub struct FeedEvent {
    pub record: HistoryEntry,
    pub nodes: Vec<(String, NodeKind)>,
}

/// How many committed changes a slow subscriber may fall behind before it is told it missed some.
pub const FEED_CAPACITY: usize = 4096;

/// What a feed subscriber receives.
pub type FeedReceiver = broadcast::Receiver<Arc<FeedEvent>>;

/// How many records a write of several batches reads back from the store at a time to announce them.
const ANNOUNCE_PAGE: usize = 10_000;

/// The history records of a committed write, as the feed gets them.
pub(super) enum Recorded {
    /// Among the writes of its one batch, still in memory.
    Kept(Vec<Write>),
    /// Only in the store, `first..=last` (0 and 0: none): a write of several batches does not keep
    /// its records in memory, which would defeat writing it in batches.
    Stored { first: u64, last: u64 },
}

impl App {
    /// Subscribes to committed changes from now on; `None` after [`App::close_feed`].
    pub fn subscribe(&self) -> Option<FeedReceiver> {
        self.feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .map(broadcast::Sender::subscribe)
    }

    /// Ends every subscription (their streams finish); called when the server shuts down so that open
    /// WebSocket connections do not hold the shutdown up.
    pub fn close_feed(&self) {
        self.feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
    }

    /// True until shutdown begins (the feed closes).
    pub fn is_open(&self) -> bool {
        self.feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_some()
    }

    /// How many subscribers listen to the feed.
    pub fn subscribers(&self) -> usize {
        self.feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .map_or(0, broadcast::Sender::receiver_count)
    }

    /// Sends the records of a committed write to the feed's subscribers, in order. `graph` is the
    /// snapshot the write published and `deleted` the nodes it deleted, whose kinds that snapshot no
    /// longer knows. Called with the writer lock held.
    pub(super) fn announce(
        &self,
        recorded: Recorded,
        graph: &KnowledgeGraph,
        deleted: &[(Node, u64)],
    ) {
        let feed = self
            .feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(feed) = feed.as_ref() else { return };
        if feed.receiver_count() == 0 {
            return;
        }
        let deleted: HashMap<&str, NodeKind> = deleted
            .iter()
            .map(|(node, _)| (node.id.as_str(), node.kind()))
            .collect();
        let kind_of = |id: &str| {
            graph
                .get(id)
                .map(|n| n.kind())
                .or_else(|| deleted.get(id).copied())
        };
        let send = |record: ChangeRecord| {
            let entry = HistoryEntry::from(record);
            let nodes = match (entry.node_kind, &entry.ends) {
                (Some(kind), _) => vec![(entry.target.clone(), kind)],
                (None, Some(ends)) => ends
                    .iter()
                    .filter_map(|id| Some((id.clone(), kind_of(id)?)))
                    .collect(),
                (None, None) => Vec::new(),
            };
            // Sending fails only when nobody listens, which is fine.
            let _ = feed.send(Arc::new(FeedEvent {
                record: entry,
                nodes,
            }));
        };
        match recorded {
            Recorded::Kept(writes) => writes
                .into_iter()
                .filter_map(|w| match w {
                    Write::Record(r) => Some(r),
                    _ => None,
                })
                .for_each(&send),
            Recorded::Stored { first, last } => {
                // No later record exists: the writer lock is held.
                let mut after = first.saturating_sub(1);
                while after < last {
                    let page = match self.store.changes(after, ANNOUNCE_PAGE) {
                        Ok(page) => page,
                        Err(e) => {
                            tracing::error!(error = %e, after, "cannot read back committed records to announce them; subscribers miss them");
                            return;
                        }
                    };
                    let Some(end) = page.last().map(|r| r.seq) else {
                        return;
                    };
                    after = end;
                    page.into_iter().for_each(&send);
                }
            }
        }
    }
}
