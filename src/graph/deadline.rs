//! When a long computation must stop: a point in time and a cancel flag, both plain values, that the
//! whole-graph algorithms check inside their loops. The caller (a request with a timeout, a server
//! shutting down) sets them; the graph layer knows nothing of the runtime behind them.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// When a computation must give up: at an instant, when a flag is raised, both, or never.
#[derive(Clone, Debug, Default)]
pub struct Deadline {
    at: Option<Instant>,
    cancel: Option<Arc<AtomicBool>>,
}

/// Why a computation stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Interrupted {
    #[error("the computation ran past its deadline")]
    TimedOut,
    #[error("the computation was cancelled")]
    Cancelled,
}

impl Deadline {
    /// No deadline: the computation runs to its end.
    pub fn none() -> Self {
        Self::default()
    }

    /// Give up at `at`.
    pub fn at(at: Instant) -> Self {
        Self {
            at: Some(at),
            cancel: None,
        }
    }

    /// Also give up once `flag` is raised.
    pub fn or_when(mut self, flag: Arc<AtomicBool>) -> Self {
        self.cancel = Some(flag);
        self
    }

    /// `Err` once the computation should stop. Costs a clock read; loops call it every so many
    /// steps.
    pub fn check(&self) -> Result<(), Interrupted> {
        if self
            .cancel
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
        {
            return Err(Interrupted::Cancelled);
        }
        if self.at.is_some_and(|at| Instant::now() >= at) {
            return Err(Interrupted::TimedOut);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_stops_at_its_time_or_its_flag() {
        assert_eq!(Deadline::none().check(), Ok(()));
        let past = Deadline::at(Instant::now());
        assert_eq!(past.check(), Err(Interrupted::TimedOut));
        let flag = Arc::new(AtomicBool::new(false));
        let later =
            Deadline::at(Instant::now() + std::time::Duration::from_secs(60)).or_when(flag.clone());
        assert_eq!(later.check(), Ok(()));
        flag.store(true, Ordering::Relaxed);
        assert_eq!(later.check(), Err(Interrupted::Cancelled));
    }
}
