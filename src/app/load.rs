//! Opening a store: undoing an interrupted import, loading the graph (from its image brought up to
//! date by replaying the history after it, or rebuilt from every record), seeding a new store; and
//! keeping the graph image that makes the next start quick.

use std::path::Path;
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use tokio::sync::broadcast;

use super::history::HistoryEnd;
use super::write::{WriteOptions, WriterThread};
use super::{App, AppError, Change, FEED_CAPACITY, SEED_ACTOR, image};
use crate::graph::KnowledgeGraph;
use crate::model::{NodeKind, RelationId, ValidationError};
use crate::store::{ChangeOp, Store, StoreError, StoredNode};

/// Where [`App::open`] got the graph from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// The graph image, brought up to date by replaying this many history records.
    Image { replayed: usize },
    /// Every record in the store (no image, or one that could not be used).
    Store,
}

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
            write_lock: Mutex::new(end),
            writer: WriterThread::start().map_err(AppError::StartWriter)?,
            feed: Mutex::new(Some(feed)),
            write_latency: crate::metrics::Histogram::latency(),
        };
        if !app.store.is_seeded()? {
            let changes = seed();
            let count = changes.len();
            app.commit(changes, SEED_ACTOR, WriteOptions::seeding(), Vec::new())?;
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
                .write_lock
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
            .write_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        saved.map(|seq| end.seq.saturating_sub(seq))
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
                ChangeOp::Link | ChangeOp::Unlink | ChangeOp::UpdateRelation => {
                    relations.insert(record.target)
                }
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
