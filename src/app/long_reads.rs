//! Long reads (whole-graph analytics, path searches, exports) run on a small pool of threads of their
//! own, at a lower CPU priority, never on the async workers that answer every other request: one
//! expensive query cannot stall `/health` or point lookups, a request timeout can answer while the
//! computation is still running, and a shutdown does not wait on the runtime for it.
//!
//! The pool is bounded twice: `workers` threads compute, and at most `queue` more jobs wait; one job
//! more is refused at once ([`Busy`]), so a flood of expensive queries is answered 503 instead of
//! queueing without end. Every job gets a [`Deadline`]: the request's timeout, and a flag that
//! [`LongReads::cancel_all`] raises when the server shuts down. The graph's algorithms check it
//! inside their loops.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use crate::graph::Deadline;

type Job = Box<dyn FnOnce() + Send>;

/// How long reads are run: how many at once, how many may wait, and for how long each may run.
#[derive(Clone, Copy, Debug)]
pub struct LongReadLimits {
    /// Threads computing long reads at once.
    pub workers: usize,
    /// Long reads waiting for a thread; one more is refused with [`Busy`].
    pub queue: usize,
    /// How long one may run before its deadline stops it (the request timeout).
    pub timeout: Duration,
}

impl Default for LongReadLimits {
    fn default() -> Self {
        Self {
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue: 64,
            timeout: Duration::from_secs(30),
        }
    }
}

/// Every worker is busy and the queue is full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the server is busy with long computations")]
pub struct Busy;

/// The pool; its threads end when it is dropped.
pub struct LongReads {
    jobs: mpsc::SyncSender<Job>,
    timeout: Duration,
    cancel: Arc<AtomicBool>,
}

impl LongReads {
    /// Starts `limits.workers` threads at the writer's lower priority (see `app::writer`).
    pub fn start(limits: LongReadLimits) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::sync_channel::<Job>(limits.queue);
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..limits.workers.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("stdgraph-long-read-{i}"))
                .spawn(move || {
                    super::writer::lower_priority(super::writer::WRITER_NICE);
                    loop {
                        let job = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        let Ok(job) = job else { return };
                        // A job that panics answers nothing (its caller sees it) and the thread
                        // goes on with the next.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(Self {
            jobs,
            timeout: limits.timeout,
            cancel: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The deadline of a long read that starts now: the timeout, or the shutdown.
    pub fn deadline(&self) -> Deadline {
        Deadline::at(Instant::now() + self.timeout).or_when(self.cancel.clone())
    }

    /// Runs `work` on the pool with `deadline` and waits for it without blocking the async runtime:
    /// `Err(Busy)` at once when the queue is full, `Ok(None)` if `work` panicked. A job whose
    /// caller has stopped waiting (a request that timed out) is skipped when its turn comes.
    pub async fn run<T: Send + 'static>(
        &self,
        deadline: Deadline,
        work: impl FnOnce(&Deadline) -> T + Send + 'static,
    ) -> Result<Option<T>, Busy> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            if !done.is_closed() {
                let _ = done.send(work(&deadline));
            }
        });
        self.jobs.try_send(job).map_err(|_| Busy)?;
        Ok(result.await.ok())
    }

    /// Stops every long read, running or waiting, at its next check (the server is shutting down).
    pub fn cancel_all(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_refuses_and_cancel_stops_what_runs() {
        let pool = LongReads::start(LongReadLimits {
            workers: 1,
            queue: 1,
            timeout: Duration::from_secs(60),
        })
        .unwrap();
        // A job that runs until its deadline says stop.
        let spin = |deadline: &Deadline| {
            while deadline.check().is_ok() {
                std::thread::sleep(Duration::from_millis(1));
            }
            deadline.check()
        };
        let running = pool.run(pool.deadline(), spin);
        let waiting = pool.run(pool.deadline(), spin);
        let mut running = Box::pin(running);
        let mut waiting = Box::pin(waiting);
        // Poll each once to hand it to the pool: the first to the worker, the second to the queue.
        assert!(futures_util::poll!(&mut running).is_pending());
        std::thread::sleep(Duration::from_millis(50));
        assert!(futures_util::poll!(&mut waiting).is_pending());
        assert_eq!(pool.run(pool.deadline(), |_| ()).await, Err(Busy));
        pool.cancel_all();
        let stopped = Err(crate::graph::Interrupted::Cancelled);
        assert_eq!(running.await, Ok(Some(stopped)));
        assert_eq!(waiting.await, Ok(Some(stopped)));
    }
}
