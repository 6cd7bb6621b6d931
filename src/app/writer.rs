//! Writes run on a thread of their own at a lower CPU priority than the threads that answer reads.
//!
//! A write copies the graph before changing it (copy-on-write snapshots), which costs CPU in
//! proportion to the graph's size. Readers never wait for a write, but on a machine with few cores
//! they share the CPU with it; at a lower priority the copy takes the CPU readers leave idle, so
//! reads keep their latency and writes take longer while reads are busy (see BENCHMARKS.md,
//! "Reads under writes").

use std::sync::mpsc;

/// How much lower the writer thread's priority is (a nice value, 0..=19; Linux only).
pub const WRITER_NICE: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// The writer thread; it ends when the last handle is dropped.
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread at `nice` (see [`WRITER_NICE`]).
    pub fn start(nice: i32) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("stdgraph-writer".to_owned())
            .spawn(move || {
                lower_priority(nice);
                for job in queue {
                    job();
                }
            })?;
        Ok(Self { jobs })
    }

    /// Runs `work` on the writer thread and waits for its result without blocking the async
    /// runtime; `None` if the thread is gone or `work` panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
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
