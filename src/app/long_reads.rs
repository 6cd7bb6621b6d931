//! Long reads (whole-graph analytics, path searches, exports) run on a small pool of threads of their
//! own, at a lower CPU priority, never on the async workers that answer every other request: one
//! expensive query cannot stall `/health` or point lookups, a request timeout can answer while the
//! computation is still running, and a shutdown does not wait on the runtime for it.
//!
//! The pool is bounded twice: `workers` threads compute, and at most `queue` more jobs wait; one
//! job more is refused at once ([`Refused::Busy`]), so a flood of expensive queries is answered 503
//! instead of queueing without end. Every job gets a [`Deadline`]: the request's timeout, and a flag
//! that [`LongReads::cancel_all`] raises when the server shuts down. The graph's algorithms check it
//! inside their loops; a shutdown also answers the waiting callers at once.

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
    /// Long reads waiting for a thread; one more is refused with [`Refused::Busy`].
    pub queue: usize,
    /// How long one may run before its deadline stops it (the request timeout).
    pub timeout: Duration,
}

impl From<&crate::config::Config> for LongReadLimits {
    fn from(config: &crate::config::Config) -> Self {
        Self {
            workers: config.long_read_workers,
            queue: config.long_read_queue,
            timeout: config.request_timeout(),
        }
    }
}

impl Default for LongReadLimits {
    /// The limits of [`Config::default`](crate::config::Config).
    fn default() -> Self {
        Self::from(&crate::config::Config::default())
    }
}

/// Why a long read gave no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Every worker is busy and the queue is full.
    #[error("the server is busy with long computations")]
    Busy,
    /// The server is shutting down (see [`LongReads::cancel_all`]).
    #[error("the server is shutting down")]
    Cancelled,
    /// The work panicked.
    #[error("the computation failed")]
    Panicked,
}

/// The pool; its threads end when it is dropped.
pub struct LongReads {
    jobs: mpsc::SyncSender<Job>,
    timeout: Duration,
    cancel: Arc<AtomicBool>,
    /// Wakes the callers still waiting when [`LongReads::cancel_all`] is called.
    cancelled: tokio::sync::Notify,
}

impl LongReads {
    /// Starts `limits.workers` threads at the writer's lower priority (see `app::write`).
    pub fn start(limits: LongReadLimits) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::sync_channel::<Job>(limits.queue);
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..limits.workers.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("stdgraph-long-read-{i}"))
                .spawn(move || {
                    super::write::lower_priority(super::write::WRITER_NICE);
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
            cancelled: tokio::sync::Notify::new(),
        })
    }

    /// The deadline of a long read that starts now: the timeout, or the shutdown.
    pub fn deadline(&self) -> Deadline {
        Deadline::at(Instant::now() + self.timeout).or_when(self.cancel.clone())
    }

    /// Runs `work` on the pool with `deadline` and waits for it without blocking the async runtime.
    /// Refused at once with `Busy` when the queue is full, and with `Cancelled` as soon as the
    /// server shuts down (the work itself stops at its next check of the deadline). A job whose caller has
    /// stopped waiting (a request that timed out) is skipped when its turn comes.
    pub async fn run<T: Send + 'static>(
        &self,
        deadline: Deadline,
        work: impl FnOnce(&Deadline) -> T + Send + 'static,
    ) -> Result<T, Refused> {
        let cancelled = self.cancelled.notified();
        let mut cancelled = std::pin::pin!(cancelled);
        // Registered before the flag is read, so a cancellation in between is not missed.
        cancelled.as_mut().enable();
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Refused::Cancelled);
        }
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            if !done.is_closed() {
                let _ = done.send(work(&deadline));
            }
        });
        self.jobs.try_send(job).map_err(|_| Refused::Busy)?;
        tokio::select! {
            answer = result => answer.map_err(|_| Refused::Panicked),
            () = cancelled => Err(Refused::Cancelled),
        }
    }

    /// Stops every long read, running or waiting: their callers get `Cancelled` at once, and the
    /// work stops at its next check (the server is shutting down).
    pub fn cancel_all(&self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.cancelled.notify_waiters();
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
        assert_eq!(pool.run(pool.deadline(), |_| ()).await, Err(Refused::Busy));
        // A shutdown answers the callers at once, and stops the work at its next check.
        pool.cancel_all();
        assert_eq!(running.await, Err(Refused::Cancelled));
        assert_eq!(waiting.await, Err(Refused::Cancelled));
        let (done, stopped) = std::sync::mpsc::channel();
        let late = pool.run(Deadline::none(), move |_| done.send(()));
        assert_eq!(late.await, Err(Refused::Cancelled));
        drop(pool);
        assert!(
            stopped.recv_timeout(Duration::from_secs(5)).is_err(),
            "work ran after the shutdown"
        );
    }
}
