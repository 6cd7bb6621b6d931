//! The application core: the one place that changes the knowledge graph.
//!
//! A change is validated against a copy of the current graph, committed to sled together with its
//! history records and flushed, and only then published as the new snapshot and announced on the
//! change feed. Readers hold an `Arc` of the snapshot they started with and never wait for a writer.
//! Mutations, imports and the seed all write through [`App::write`] (or its blocking twin for
//! synchronous programs), which runs one function on the App's own writer thread.
//!
//! To follow a write from start to end, read `App::commit` in `write.rs`, top to bottom. The rest:
//!
//! - `changes.rs`: what a write is made of ([`Change`], [`Patch`]), what it did ([`Outcome`],
//!   [`Committed`]), and what each change does to the staged graph and the store (`stage`);
//! - `write.rs`: [`App::write`], [`WriteOptions`], the commit, publication, and the writer thread;
//! - `history.rs`: the history as the App hands it out ([`history::HistoryEntry`]) and the records
//!   a commit adds to it;
//! - `feed.rs`: the broadcast feed of committed changes ([`FeedEvent`]);
//! - `load.rs`: opening a store, loading the graph (image and replay, or rebuild), seeding it;
//! - `image.rs`, `long_reads.rs`: the graph image file, and the pool long reads run on;
//! - `review.rs`: ingest proposals ([`StoredProposal`]): reading a text into one (`ingest`, which
//!   the app may use), storing it, and reviewing its items; accepted items are applied through
//!   `App::commit` like any write, with the proposal's new statuses in the same batch.

mod changes;
mod feed;
pub mod history;
pub mod image;
mod load;
pub mod long_reads;
mod review;
mod write;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use tokio::sync::broadcast;

use crate::graph::KnowledgeGraph;
use crate::model::ValidationError;
use crate::store::{Store, StoreError};

pub use changes::{Change, Committed, Outcome, Patch, creation_order};
pub use feed::{FEED_CAPACITY, FeedEvent, FeedReceiver};
pub use load::Loaded;
pub use review::{
    ItemConflict, ProposalSummary, ReviewError, Reviewed, StoredProposal, with_field,
};
pub use write::WriteOptions;

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
    /// The system refused to start the writer thread when the store was opened.
    #[error("cannot start the writer thread: {0}")]
    StartWriter(std::io::Error),
    /// A write panicked on the writer thread (a bug). Where it stopped is unknown, so the store
    /// refuses writes until the server restarts, as after a storage failure.
    #[error("a write failed unexpectedly; the store refuses writes until the server restarts")]
    WriterPanicked,
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
    /// The writer lock: serializes writes; knows where the history ends.
    write_lock: Mutex<history::HistoryEnd>,
    /// The thread [`App::write`] runs writes on, at a lower CPU priority than reads.
    writer: write::WriterThread,
    /// Announces committed changes; `None` once the feed is closed for shutdown.
    feed: Mutex<Option<broadcast::Sender<Arc<FeedEvent>>>>,
    /// How long committed change sets took, from taking the writer lock to publishing.
    write_latency: crate::metrics::Histogram,
}

/// Who the seed's changes are recorded as.
pub const SEED_ACTOR: &str = "seed";

impl App {
    /// The current snapshot. It never changes; a later write publishes a new one.
    pub fn snapshot(&self) -> Arc<KnowledgeGraph> {
        self.snapshot.load_full()
    }

    /// Makes every later write fail as after a storage failure (see [`Store::poison`]);
    /// for tests of that path.
    pub fn simulate_write_failure(&self) {
        self.store.poison();
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

    /// Flushes the store; called on shutdown.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.store.flush()
    }

    pub fn store_size(&self) -> Result<u64, StoreError> {
        self.store.size_on_disk()
    }
}
