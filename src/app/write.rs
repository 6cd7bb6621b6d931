//! The write path: [`App::write`], and `App::commit`, the one function every write runs, whoever
//! calls it (mutations, imports, the seed). Read `commit` top to bottom to know what happens to a
//! write.
//!
//! Writes run on the App's own thread, at a lower CPU priority than the threads that answer reads.
//! A write copies the graph before changing it (copy-on-write snapshots), which costs CPU in
//! proportion to the graph's size. Readers never wait for a write, but on a machine with few cores
//! they share the CPU with it; at a lower priority the copy takes the CPU readers leave idle, so
//! reads keep their latency and writes take longer while reads are busy (see BENCHMARKS.md,
//! "Reads under writes").

use std::sync::{Arc, mpsc};
use std::time::Instant;

use super::changes::stage;
use super::feed::Recorded;
use super::history::History;
use super::{App, AppError, Change, Committed, Outcome};
use crate::graph::KnowledgeGraph;
use crate::store::Write;

/// How a write is committed. The default, one atomic batch, suits every write but imports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Changes per batch; `None`: all in one.
    chunk: Option<usize>,
    /// Marks the store as seeded, in the write's last batch.
    seeding: bool,
}

impl WriteOptions {
    /// For large change sets (imports): validated and written `chunk` changes at a time, so that memory
    /// holds one batch's writes rather than the whole set's. The set stays all or nothing: a pending
    /// marker written with the first batch and removed with the last makes a rejected change undo the
    /// batches already written, and makes the next [`App::open`] undo a set a crash interrupted.
    /// Readers see the graph only when all of it is in.
    pub fn in_chunks(chunk: usize) -> Self {
        Self {
            chunk: Some(chunk.max(1)),
            ..Self::default()
        }
    }

    /// The seed of a new store: the write also marks the store as seeded.
    pub(super) fn seeding() -> Self {
        Self {
            seeding: true,
            ..Self::default()
        }
    }
}

impl App {
    /// Applies all `changes` or none, on behalf of `actor`, on the App's writer thread: validated in
    /// order against a copy of the graph, committed to the store with their history records and
    /// flushed, then published and announced on the feed. Resolves once the write is durable.
    pub async fn write(
        self: &Arc<Self>,
        changes: Vec<Change>,
        actor: &str,
        options: WriteOptions,
    ) -> Result<Committed, AppError> {
        let actor = actor.to_owned();
        self.on_writer(move |app| app.commit(changes, &actor, options, Vec::new()))
            .await
    }

    /// Runs `work` on the writer thread, after the writes before it and before the ones after it,
    /// and waits for it without blocking the async runtime. Reviews of ingest proposals run here
    /// whole (read the proposal, check it against the current graph, commit), so two reviews of
    /// one proposal cannot both read it before either stores it.
    pub(super) async fn on_writer<T: Send + 'static, E: From<AppError> + Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&App) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        let app = Arc::clone(self);
        match self.writer.run(move || work(&app)).await {
            Some(result) => result,
            None => {
                // The work panicked somewhere between staging and announcing: the store may hold
                // what the graph does not. Refuse writes until a restart reloads the graph from it.
                self.store.poison();
                Err(AppError::WriterPanicked.into())
            }
        }
    }

    /// [`App::write`] for synchronous programs without an async runtime (benchmarks, tools, tests):
    /// the same commit, run on the calling thread, which waits for the disk. Servers use
    /// [`App::write`].
    pub fn write_blocking(
        &self,
        changes: Vec<Change>,
        actor: &str,
        options: WriteOptions,
    ) -> Result<Committed, AppError> {
        self.commit(changes, actor, options, Vec::new())
    }

    /// What happens to a write, from start to end. All or nothing: a rejected change leaves the
    /// store, the graph and the feed as they were. `also` are records that go into the write's
    /// last batch with the changes (a reviewed proposal's new statuses), so that neither is ever
    /// on disk without the other.
    pub(super) fn commit(
        &self,
        changes: Vec<Change>,
        actor: &str,
        options: WriteOptions,
        mut also: Vec<Write>,
    ) -> Result<Committed, AppError> {
        // 1. One write at a time. The lock is held until the feed has announced this write, so the
        //    history, the published snapshots and the feed see writes in one order.
        let mut end = self
            .write_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let started = Instant::now();

        // 2. Stage on a copy of the current graph: readers go on with the current snapshot.
        let mut staged = KnowledgeGraph::clone(&self.snapshot.load());
        let mut history = History::after(*end, actor);
        let mut outcome = Outcome::default();

        // 3. Validate the changes and store them with their history records, in one flushed batch
        //    or (`WriteOptions::in_chunks`) in several, which a pending marker makes all or nothing:
        //    the first batch writes it, the last removes it, and only the last is flushed.
        let chunk = options.chunk.unwrap_or(changes.len()).max(1);
        let batches = changes.len().div_ceil(chunk).max(1);
        let several = batches > 1;
        let mut changes = changes.into_iter();
        let mut kept = Vec::new();
        for batch in 0..batches {
            let (first, last) = (batch == 0, batch + 1 == batches);
            if several && first {
                history.push(Write::BeginPending(history.first_seq()));
            }
            let part: Vec<Change> = changes.by_ref().take(chunk).collect();
            if let Err(e) = stage(&mut staged, part, batch * chunk, &mut history, &mut outcome) {
                if !first {
                    // Undo the batches already written; after a crash, the pending marker would
                    // make the next open undo them.
                    self.store.roll_back_pending()?;
                }
                return Err(e);
            }
            if last && options.seeding {
                history.push(Write::MarkSeeded);
            }
            if last && several {
                history.push(Write::EndPending);
            }
            let mut writes = history.take_writes();
            if last {
                writes.append(&mut also);
            }
            if last {
                // Durable before anyone is told: a failure here poisons the store.
                self.store.commit(&writes)?;
            } else {
                self.store.commit_unflushed(&writes)?;
            }
            if !several {
                kept = writes;
            }
        }
        (outcome.first_seq, outcome.last_seq) = history.recorded();
        *end = history.end();

        // 4. Publish: new requests read the staged graph; requests in flight finish with theirs.
        let snapshot = Arc::new(staged);
        self.publish(snapshot.clone());

        // 5. Announce the records on the feed, in history order (the writer lock is still held). A
        //    write of several batches did not keep its records: the feed reads them back.
        let recorded = if several {
            Recorded::Stored {
                first: outcome.first_seq,
                last: outcome.last_seq,
            }
        } else {
            Recorded::Kept(kept)
        };
        self.announce(recorded, &snapshot, &outcome.deleted);
        self.write_latency.observe(started.elapsed());
        Ok(Committed { outcome, snapshot })
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
}

/// How much lower the writer thread's priority is (a nice value, 0..=19; Linux only).
pub(crate) const WRITER_NICE: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// The writer thread; it ends when the App, which holds the only handle, is dropped, and outlives
/// a write that panics.
pub(super) struct WriterThread {
    jobs: mpsc::Sender<Job>,
}

impl WriterThread {
    /// Starts the writer thread at [`WRITER_NICE`].
    pub(super) fn start() -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("stdgraph-writer".to_owned())
            .spawn(move || {
                lower_priority(WRITER_NICE);
                for job in queue {
                    // A panicking write drops its answer channel, which tells its caller (see
                    // `App::write`); the thread stays for the writes after it.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            })?;
        Ok(Self { jobs })
    }

    /// Runs `work` on the writer thread and waits for its result without blocking the async
    /// runtime; `None` if `work` panicked (or the thread is gone).
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs.send(job).ok()?;
        result.await.ok()
    }
}

/// Lowers the calling thread's CPU priority (Linux: a thread's nice value is its own); the writer
/// and the long-read threads (`app::long_reads`) call it.
pub(crate) fn lower_priority(nice: i32) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid and setpriority only read and set the calling thread's scheduling
        // priority; no memory is shared with the call.
        let result = unsafe {
            let tid = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, nice)
        };
        if result != 0 {
            tracing::warn!(
                error = %std::io::Error::last_os_error(),
                "could not lower a background thread's priority (writer or long reads); it competes with reads for the CPU"
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}
