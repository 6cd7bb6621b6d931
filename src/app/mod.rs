//! The application core: the one place that changes the knowledge graph.
//!
//! A change is validated against a copy of the current graph, committed to sled as one atomic, flushed
//! batch, and only then published as the new snapshot. Readers hold an `Arc` of the snapshot they started
//! with and never wait for a writer; writers are serialized by one mutex. Seeding and imports use the same
//! path as every other change. Every committed change is then announced on a broadcast feed, in
//! history order, for subscribers such as the GraphQL `graphChanged` subscription.

pub mod image;
pub mod long_reads;
pub mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use tokio::sync::broadcast;

use crate::graph::KnowledgeGraph;
use crate::model::{Node, NodeId, NodeKind, Relation, RelationId, ValidationError};
use crate::store::{ChangeOp, ChangeRecord, Store, StoreError, StoredNode, Write};

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

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The change at `index` (0-based) of the list was rejected; nothing was written.
    #[error("change {index}: {error}")]
    Invalid {
        index: usize,
        error: ValidationError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// What sled holds does not form a valid graph (edited by hand, or written by a buggy version).
    #[error("the stored graph is inconsistent: {0}")]
    Inconsistent(ValidationError),
}

/// The running application: the durable store and the current snapshot of the graph.
pub struct App {
    store: Store,
    /// The store's directory, where the graph image lives.
    dir: PathBuf,
    /// The last history record the image on disk includes (`None`: no usable image). Held while an
    /// image is written, so one is written at a time.
    image: Mutex<Option<u64>>,
    /// Where [`App::open`] got the graph from.
    loaded: Loaded,
    snapshot: ArcSwap<KnowledgeGraph>,
    /// Replaced snapshots that readers may still hold. Freeing a large snapshot takes a while, so
    /// the writer frees the ones nobody holds any more at its next write, instead of letting the
    /// last reader free it while a client waits.
    retired: Mutex<Vec<Arc<KnowledgeGraph>>>,
    /// Serializes writers; knows where the history ends.
    writer: Mutex<HistoryEnd>,
    /// Announces committed changes; `None` once the feed is closed for shutdown.
    feed: Mutex<Option<broadcast::Sender<Arc<FeedEvent>>>>,
    /// How long committed change sets took, from taking the writer lock to publishing.
    write_latency: crate::metrics::Histogram,
}

/// A committed change as the feed announces it: the history record, and the nodes it concerns (the
/// node itself, or both ends of a relation) with their kinds, so subscribers can filter.
#[derive(Clone, Debug)]
pub struct FeedEvent {
    pub record: ChangeRecord,
    pub nodes: Vec<(String, NodeKind)>,
}

/// Where [`App::open`] got the graph from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// The graph image, brought up to date by replaying this many history records.
    Image { replayed: usize },
    /// Every record in the store (no image, or one that could not be used).
    Store,
}

/// The last recorded change: its sequence number and time (history times never decrease).
#[derive(Clone, Copy, Debug, Default)]
struct HistoryEnd {
    seq: u64,
    at_ms: i64,
}

/// How many committed changes a slow subscriber may fall behind before it is told it missed some.
pub const FEED_CAPACITY: usize = 4096;

/// What a feed subscriber receives.
pub type FeedReceiver = broadcast::Receiver<Arc<FeedEvent>>;

impl App {
    /// Opens the store in `dir`, loads the graph (from its image, brought up to date with the history
    /// after it, or rebuilt from every record) and, when the store has never been seeded, commits
    /// `seed` through the normal write path.
    pub fn open(dir: &Path, seed: impl FnOnce() -> Vec<Change>) -> Result<Self, AppError> {
        let started = std::time::Instant::now();
        let store = Store::open(dir)?;
        tracing::info!(open_s = started.elapsed().as_secs_f64(), "opened the store");
        let undone = store.roll_back_pending()?;
        if undone > 0 {
            tracing::warn!(
                changes = undone,
                "undid an import that was interrupted before it completed"
            );
        }
        let end = store
            .last_record()?
            .map_or_else(HistoryEnd::default, |r| HistoryEnd {
                seq: r.seq,
                at_ms: r.at_ms,
            });
        // A roll-back rewrote records without history of its own: only the records are sure.
        let (graph, image_seq, loaded) = if undone > 0 {
            (rebuild(&store)?, None, Loaded::Store)
        } else {
            load(&store, dir, end.seq)?
        };
        release_freed_memory();
        let (feed, _) = broadcast::channel(FEED_CAPACITY);
        let app = Self {
            store,
            dir: dir.to_owned(),
            image: Mutex::new(image_seq),
            loaded,
            snapshot: ArcSwap::from_pointee(graph),
            retired: Mutex::new(Vec::new()),
            writer: Mutex::new(end),
            feed: Mutex::new(Some(feed)),
            write_latency: crate::metrics::Histogram::latency(),
        };
        if !app.store.is_seeded()? {
            let changes = seed();
            let count = changes.len();
            app.commit(changes, SEED_ACTOR, true)?;
            if count > 0 {
                tracing::info!(changes = count, "seeded an empty store");
            }
        }
        Ok(app)
    }

    /// Opens a new store in `dir` and serves `graph` without recording it: for load tests and
    /// benchmarks on generated graphs, where writing 100,000 generated nodes to the store first would
    /// take minutes. Later changes are recorded as usual, but the store does not hold `graph`, so a
    /// restart forgets it; never use it for data that matters.
    pub fn open_unrecorded(dir: &Path, graph: KnowledgeGraph) -> Result<Self, AppError> {
        let app = Self::open(dir, Vec::new)?;
        app.snapshot.store(Arc::new(graph));
        Ok(app)
    }

    /// Writes the graph image of the current snapshot unless the one on disk already shows it, so
    /// the next start reads it instead of rebuilding the graph from every record. Returns whether it
    /// wrote one. Call it after a large change (an import), when the image falls behind (`serve` does
    /// so on a thread of its own), and on shutdown. Readers and writers go on meanwhile.
    pub fn save_image(&self) -> std::io::Result<bool> {
        let mut saved = self
            .image
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // The snapshot and the history's end, read together under the writer lock.
        let (graph, seq) = {
            let end = self
                .writer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            (self.snapshot(), end.seq)
        };
        if *saved == Some(seq) {
            return Ok(false);
        }
        let started = std::time::Instant::now();
        let stamp = image::Stamp {
            store: self.store.id(),
            seq,
            build: image::build_id(),
        };
        let bytes = image::write(&self.dir, &graph, stamp)?;
        *saved = Some(seq);
        tracing::info!(
            seq,
            bytes,
            write_s = started.elapsed().as_secs_f64(),
            "wrote the graph image"
        );
        Ok(true)
    }

    /// Closes the store after a large change (an import) so that the next start opens it quickly:
    /// sled's recovery snapshot is brought up to date now rather than when the store is next opened
    /// (see `Store::refresh_recovery_snapshot`).
    pub fn close_after_bulk_write(self) -> Result<(), AppError> {
        let dir = self.dir.clone();
        drop(self);
        Ok(Store::refresh_recovery_snapshot(&dir)?)
    }

    /// Where the graph came from when the store was opened.
    pub fn loaded(&self) -> Loaded {
        self.loaded
    }

    /// How many history records the image on disk is behind the current snapshot (`None`: there is no
    /// usable image). Waits while an image is being written.
    pub fn image_lag(&self) -> Option<u64> {
        let saved = *self
            .image
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let end = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        saved.map(|seq| end.seq.saturating_sub(seq))
    }

    /// The current snapshot. It never changes; a later write publishes a new one.
    pub fn snapshot(&self) -> Arc<KnowledgeGraph> {
        self.snapshot.load_full()
    }

    /// Applies all changes or none, on behalf of `actor`: validated in order against a copy of the
    /// graph, committed to sled in one flushed batch together with their history records, then published.
    pub fn apply(&self, changes: Vec<Change>, actor: &str) -> Result<Outcome, AppError> {
        self.commit(changes, actor, false)
            .map(|(outcome, _)| outcome)
    }

    /// Like [`App::apply`], and also returns the snapshot this change published (later writes may
    /// already have replaced it as the current one).
    pub fn apply_published(
        &self,
        changes: Vec<Change>,
        actor: &str,
    ) -> Result<(Outcome, Arc<KnowledgeGraph>), AppError> {
        self.commit(changes, actor, false)
    }

    /// Takes the writer lock and a copy of the current graph to stage changes on.
    fn begin_write(
        &self,
    ) -> (
        std::sync::MutexGuard<'_, HistoryEnd>,
        std::time::Instant,
        KnowledgeGraph,
    ) {
        let end = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let started = std::time::Instant::now();
        let staged = KnowledgeGraph::clone(&self.snapshot.load());
        (end, started, staged)
    }

    /// Applies a large change set (an import) all or nothing like [`App::apply`], but validated and
    /// written `chunk` changes at a time, so that memory holds one chunk's writes rather than the whole
    /// set's. A pending marker committed with the first chunk makes the set all or nothing across the
    /// batches: a rejected change undoes the chunks already written, and a crash leaves the marker,
    /// which the next [`App::open`] finds and undoes. Readers see the graph only when all of it is in.
    pub fn apply_in_chunks(
        &self,
        changes: Vec<Change>,
        actor: &str,
        chunk: usize,
    ) -> Result<Outcome, AppError> {
        let (mut end, started, mut staged) = self.begin_write();
        let at_ms = now_ms().max(end.at_ms);
        let first_seq = end.seq + 1;
        let mut next_seq = first_seq;
        let mut outcome = Outcome::default();
        let mut changes = changes.into_iter();
        let mut offset = 0;
        loop {
            let part: Vec<Change> = changes.by_ref().take(chunk.max(1)).collect();
            let last = part.is_empty();
            let mut history = History {
                actor,
                at_ms,
                next_seq,
                writes: Vec::new(),
            };
            if offset == 0 {
                history.writes.push(Write::BeginPending(first_seq));
            }
            let count = part.len();
            let staged_part = stage(&mut staged, part, &mut history).map_err(|e| match e {
                AppError::Invalid { index, error } => AppError::Invalid {
                    index: index + offset,
                    error,
                },
                other => other,
            });
            let part_outcome = match staged_part {
                Ok(o) => o,
                Err(e) => {
                    if offset > 0 {
                        self.store.roll_back_pending()?;
                    }
                    return Err(e);
                }
            };
            next_seq = history.next_seq;
            outcome.written.extend(part_outcome.written);
            outcome.linked.extend(part_outcome.linked);
            outcome.deleted.extend(part_outcome.deleted);
            outcome.unlinked.extend(part_outcome.unlinked);
            if last {
                history.writes.push(Write::EndPending);
                self.store.commit(&history.writes)?;
                break;
            }
            self.store.commit_unflushed(&history.writes)?;
            offset += count;
        }
        if next_seq > first_seq {
            outcome.first_seq = first_seq;
            outcome.last_seq = next_seq - 1;
        }
        *end = HistoryEnd {
            seq: next_seq - 1,
            at_ms,
        };
        self.publish(Arc::new(staged));
        self.write_latency.observe(started.elapsed());
        Ok(outcome)
    }

    fn commit(
        &self,
        changes: Vec<Change>,
        actor: &str,
        mark_seeded: bool,
    ) -> Result<(Outcome, Arc<KnowledgeGraph>), AppError> {
        let (mut end, started, mut staged) = self.begin_write();
        let mut history = History {
            actor,
            // A clock that steps back must not make history times decrease (`changes(since:)`
            // searches by time).
            at_ms: now_ms().max(end.at_ms),
            next_seq: end.seq + 1,
            writes: Vec::new(),
        };
        let mut outcome = stage(&mut staged, changes, &mut history)?;
        let at_ms = history.at_ms;
        let next_seq = history.next_seq;
        let mut writes = history.writes;
        if mark_seeded {
            writes.push(Write::MarkSeeded);
        }
        self.store.commit(&writes)?;
        if next_seq > end.seq + 1 {
            outcome.first_seq = end.seq + 1;
            outcome.last_seq = next_seq - 1;
        }
        *end = HistoryEnd {
            seq: next_seq - 1,
            at_ms,
        };
        let published = Arc::new(staged);
        self.publish(published.clone());
        self.announce(writes, &published);
        self.write_latency.observe(started.elapsed());
        Ok((outcome, published))
    }

    /// Makes `graph` the current snapshot; the one it replaces is retired (see `retired`), and
    /// retired snapshots no reader holds any more are freed here, on the writing thread.
    fn publish(&self, graph: Arc<KnowledgeGraph>) {
        let old = self.snapshot.swap(graph);
        let mut retired = self
            .retired
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        retired.retain(|g| Arc::strong_count(g) > 1);
        retired.push(old);
    }

    /// Sends the history records of a committed change set to the feed's subscribers, in order. Called
    /// with the writer lock held, so the feed's order is the history's order.
    fn announce(&self, writes: Vec<Write>, graph: &KnowledgeGraph) {
        let feed = self
            .feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(feed) = feed.as_ref() else { return };
        if feed.receiver_count() == 0 {
            return;
        }
        let records: Vec<ChangeRecord> = writes
            .into_iter()
            .filter_map(|w| match w {
                Write::Record(r) => Some(r),
                _ => None,
            })
            .collect();
        // Kinds of nodes this batch deleted, which the published graph no longer knows.
        let deleted: std::collections::HashMap<&str, NodeKind> = records
            .iter()
            .filter(|r| r.op == ChangeOp::DeleteNode)
            .filter_map(|r| Some((r.target.as_str(), node_kind_of(r.before.as_ref()?)?)))
            .collect();
        let kind_of = |id: &str| {
            graph
                .get(id)
                .map(|n| n.kind())
                .or_else(|| deleted.get(id).copied())
        };
        let events: Vec<FeedEvent> = records
            .iter()
            .map(|r| {
                let item = r.after.as_ref().or(r.before.as_ref());
                let nodes = match r.op {
                    ChangeOp::CreateNode | ChangeOp::UpdateNode | ChangeOp::DeleteNode => item
                        .and_then(node_kind_of)
                        .map(|k| vec![(r.target.clone(), k)])
                        .unwrap_or_default(),
                    ChangeOp::Link | ChangeOp::Unlink => ["from", "to"]
                        .iter()
                        .filter_map(|end| item?.get(end)?.as_str())
                        .filter_map(|id| Some((id.to_owned(), kind_of(id)?)))
                        .collect(),
                };
                FeedEvent {
                    record: r.clone(),
                    nodes,
                }
            })
            .collect();
        for event in events {
            // Sending fails only when nobody listens, which is fine.
            let _ = feed.send(Arc::new(event));
        }
    }

    /// Subscribes to committed changes from now on; `None` after [`App::close_feed`].
    pub fn subscribe(&self) -> Option<FeedReceiver> {
        let feed = self
            .feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        feed.as_ref().map(broadcast::Sender::subscribe)
    }

    /// Ends every subscription (their streams finish); called when the server shuts down so that open
    /// WebSocket connections do not hold the shutdown up.
    pub fn close_feed(&self) {
        self.feed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
    }

    /// The sequence number before the first change committed at or after `at_ms` (Unix ms).
    pub fn seq_before(&self, at_ms: i64) -> Result<u64, StoreError> {
        self.store.seq_before(at_ms)
    }

    /// Recorded changes after sequence number `after`, oldest first, at most `limit`.
    pub fn changes(&self, after: u64, limit: usize) -> Result<Vec<ChangeRecord>, StoreError> {
        self.store.changes(after, limit)
    }

    /// The recorded changes of one node or relation after sequence number `after`, oldest first.
    pub fn history_of(
        &self,
        target: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<ChangeRecord>, StoreError> {
        self.store.history_of(target, after, limit)
    }

    /// Makes every later write fail as after a storage failure (see [`Store::simulate_write_failure`]);
    /// for tests of that path.
    pub fn simulate_write_failure(&self) {
        self.store.simulate_write_failure();
    }

    /// How long committed writes took (validation, commit, flush and publication).
    pub fn write_latency(&self) -> &crate::metrics::Histogram {
        &self.write_latency
    }

    /// How long the store's flushes took.
    pub fn flush_latency(&self) -> &crate::metrics::Histogram {
        self.store.flush_latency()
    }

    /// False once a write has failed (writes stay refused until a restart).
    pub fn is_writable(&self) -> bool {
        self.store.is_writable()
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

    /// Flushes the store; called on shutdown.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.store.flush()
    }

    pub fn store_size(&self) -> Result<u64, StoreError> {
        self.store.size_on_disk()
    }
}

/// The kind of the node in a history record's `before` or `after` (`{"version": .., "node": {..}}`).
fn node_kind_of(item: &serde_json::Value) -> Option<NodeKind> {
    serde_json::from_value(item.get("node")?.get("kind")?.clone()).ok()
}

/// Who the seed's changes are recorded as.
pub const SEED_ACTOR: &str = "seed";

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The writes of one commit, each change followed by its history record.
struct History<'a> {
    actor: &'a str,
    at_ms: i64,
    next_seq: u64,
    writes: Vec<Write>,
}

impl History<'_> {
    fn record(
        &mut self,
        op: ChangeOp,
        target: String,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let record = ChangeRecord {
            seq,
            at_ms: self.at_ms,
            actor: self.actor.to_owned(),
            op,
            target,
            before,
            after,
        };
        self.writes.push(Write::Record(record));
    }
}

fn json<T: serde::Serialize>(value: &T) -> Option<serde_json::Value> {
    Some(serde_json::to_value(value).expect("nodes and relations serialize to JSON"))
}

/// Applies `changes` to `graph`, adding the writes that make them durable (and their history) to
/// `history`, and returns what happened.
fn stage(
    graph: &mut KnowledgeGraph,
    changes: Vec<Change>,
    history: &mut History<'_>,
) -> Result<Outcome, AppError> {
    let mut outcome = Outcome::default();
    for (index, change) in changes.into_iter().enumerate() {
        let invalid = |error| AppError::Invalid { index, error };
        match change {
            Change::Create(node) => {
                graph.insert_node(node.clone(), 1).map_err(invalid)?;
                outcome.written.push((node.id.clone(), 1));
                let stored = StoredNode { version: 1, node };
                history.writes.push(Write::PutNode(stored.clone()));
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
                history.writes.push(Write::PutNode(stored.clone()));
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
                history.writes.push(Write::PutNode(stored.clone()));
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
                    history.writes.push(Write::DeleteRelation(r.id()));
                    history.record(ChangeOp::Unlink, r.id().to_string(), json(&r), None);
                    outcome.unlinked.push(r);
                }
                history.writes.push(Write::DeleteNode(id.clone()));
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
                history.writes.push(Write::PutRelation(relation, recorded));
            }
            Change::Unlink(id) => {
                let removed = graph.remove_relation(&id).map_err(invalid)?;
                history.writes.push(Write::DeleteRelation(id.clone()));
                history.record(ChangeOp::Unlink, id.to_string(), json(&removed), None);
                outcome.unlinked.push(removed);
            }
        }
    }
    Ok(outcome)
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

/// The most changes a start replays after an image. Further behind, it rebuilds from the store:
/// replaying reads each touched item on its own, a rebuild reads every record in one scan.
const REPLAY_LIMIT: u64 = 100_000;

/// The graph as the store holds it, from the image when there is a usable one (brought up to date
/// by replaying the history after it), else rebuilt from the records. Also returns the last history
/// record the image on disk includes, when it is usable, and which way the graph was loaded.
fn load(
    store: &Store,
    dir: &Path,
    last_seq: u64,
) -> Result<(KnowledgeGraph, Option<u64>, Loaded), AppError> {
    let started = std::time::Instant::now();
    let usable = |seq: u64| match last_seq.checked_sub(seq) {
        None => Err(format!(
            "at history record {seq}, ahead of the store's {last_seq}"
        )),
        Some(behind) if behind > REPLAY_LIMIT => Err(format!(
            "{behind} changes behind the store, more than the {REPLAY_LIMIT} a start replays"
        )),
        Some(_) => Ok(()),
    };
    match image::read(dir, store.id(), image::build_id(), usable) {
        Ok((mut graph, seq)) => {
            let read = started.elapsed();
            match replay(store, &mut graph, seq) {
                Ok(replayed) => {
                    tracing::info!(
                        read_s = read.as_secs_f64(),
                        replayed,
                        replay_s = (started.elapsed() - read).as_secs_f64(),
                        "loaded the graph image"
                    );
                    return Ok((graph, Some(seq), Loaded::Image { replayed }));
                }
                Err(ReplayError::Store(e)) => return Err(e.into()),
                Err(ReplayError::Invalid(e)) => tracing::warn!(
                    error = %e,
                    "the history after the graph image does not apply to it; rebuilding the graph from the store"
                ),
            }
        }
        Err(image::Unusable::Missing) => {}
        Err(e) => {
            tracing::info!(reason = %e, "the graph image is not used; rebuilding the graph from the store")
        }
    }
    Ok((rebuild(store)?, None, Loaded::Store))
}

#[derive(Debug, thiserror::Error)]
enum ReplayError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

/// Brings a graph taken at history record `after` up to date with the store: every node and relation
/// a later record touched is made what the store holds now. Returns how many records it read.
///
/// The order keeps each step valid: relations that changed go first, then nodes that are gone
/// (other than sources, which nodes may still cite), then nodes that are new or changed (sources
/// first), then sources that are gone, and last the relations that are new or changed, in recorded
/// order.
fn replay(store: &Store, graph: &mut KnowledgeGraph, after: u64) -> Result<usize, ReplayError> {
    use std::collections::BTreeSet;
    let mut nodes = BTreeSet::new();
    let mut relations = BTreeSet::new();
    let mut read = 0;
    let mut from = after;
    loop {
        let page = store.changes(from, 10_000)?;
        let Some(last) = page.last() else { break };
        from = last.seq;
        read += page.len();
        for record in page {
            match record.op {
                ChangeOp::CreateNode | ChangeOp::UpdateNode | ChangeOp::DeleteNode => {
                    nodes.insert(record.target)
                }
                ChangeOp::Link | ChangeOp::Unlink => relations.insert(record.target),
            };
        }
    }
    for id in &relations {
        let id = RelationId::new(id.as_str());
        if graph.relation(&id).is_some() {
            graph.remove_relation(&id)?;
        }
    }
    let mut present = Vec::new();
    let mut gone = Vec::new();
    for id in &nodes {
        match store.node(id)? {
            Some(stored) => present.push(stored),
            None => gone.push(id),
        }
    }
    let is_source = |graph: &KnowledgeGraph, id: &str| {
        graph.get(id).is_some_and(|n| n.kind() == NodeKind::Source)
    };
    let (gone_sources, gone_others): (Vec<&String>, Vec<&String>) =
        gone.into_iter().partition(|id| is_source(graph, id));
    let remove = |graph: &mut KnowledgeGraph, id: &str| -> Result<(), ReplayError> {
        if let Some(n) = graph.get(id) {
            let id = n.id().clone();
            graph.remove_node(&id)?;
        }
        Ok(())
    };
    for id in gone_others {
        remove(graph, id)?;
    }
    present.sort_by_key(|n| n.node.kind() != NodeKind::Source);
    for StoredNode { node, version } in present {
        let kind = graph.get(node.id.as_str()).map(|n| n.kind());
        if kind == Some(node.kind()) {
            graph.replace_node(node, version)?;
        } else {
            // Deleted and created again with another kind, or new.
            remove(graph, node.id.as_str())?;
            graph.insert_node(node, version)?;
        }
    }
    for id in gone_sources {
        remove(graph, id)?;
    }
    let mut linked = Vec::new();
    for id in &relations {
        if let Some(stored) = store.relation(id)? {
            linked.push(stored);
        }
    }
    linked.sort_by_key(|(_, recorded)| *recorded);
    for (relation, recorded) in linked {
        graph.restore_relation(relation, recorded)?;
    }
    Ok(read)
}
/// Hands the memory that loading freed back to the operating system. Building a graph in bulk
/// allocates and frees hundreds of megabytes of scratch lists (the search index's, the image's)
/// between its long-lived allocations, and glibc keeps freed pages inside its heap: at a million
/// nodes that was ~125 MB of resident memory the server never used again.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's own heap to the kernel; it
    // neither moves nor frees memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Rebuilds the graph from the store: sources first (everything cites them), then the other nodes, then
/// relations.
fn rebuild(store: &Store) -> Result<KnowledgeGraph, AppError> {
    let started = std::time::Instant::now();
    let contents = store.load()?;
    let read = started.elapsed();
    let mut graph = KnowledgeGraph::with_capacity(contents.nodes.len(), contents.relations.len());
    let (sources, others): (Vec<_>, Vec<_>) = contents
        .nodes
        .into_iter()
        .partition(|n| n.node.kind() == NodeKind::Source);
    for StoredNode { version, node } in sources.into_iter().chain(others) {
        graph
            .insert_node(node, version)
            .map_err(AppError::Inconsistent)?;
    }
    for (relation, recorded) in contents.relations {
        graph
            .restore_relation(relation, recorded)
            .map_err(AppError::Inconsistent)?;
    }
    graph.shrink_to_fit();
    tracing::info!(
        read_s = read.as_secs_f64(),
        built_s = (started.elapsed() - read).as_secs_f64(),
        "rebuilt the graph from the store"
    );
    Ok(graph)
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
