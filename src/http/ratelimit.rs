//! Per-client rate limits: a token bucket per client and class of request.
//!
//! The buckets are governor's (its keyed rate limiter: GCRA, the token bucket's equivalent, over a
//! sharded map), one limiter per class of request.
//!
//! A client is the holder of a valid API key (by key name) or else an IP address, so rotating made-up
//! keys does not escape the per-IP quota. Mutations and exports have their own, stricter quotas.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::Quota;
use governor::clock::Clock;

/// What a request does, for quotas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    Query,
    Mutation,
    Export,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Query => "query",
            Class::Mutation => "mutation",
            Class::Export => "export",
        }
    }
}

/// Requests per minute each client may make, by class; 0 turns a limit off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotas {
    pub queries_per_minute: u32,
    pub mutations_per_minute: u32,
    pub exports_per_minute: u32,
}

impl From<&crate::config::Config> for Quotas {
    fn from(config: &crate::config::Config) -> Self {
        Self {
            queries_per_minute: config.rate_limit_queries,
            mutations_per_minute: config.rate_limit_mutations,
            exports_per_minute: config.rate_limit_exports,
        }
    }
}

impl Quotas {
    fn per_minute(&self, class: Class) -> u32 {
        match class {
            Class::Query => self.queries_per_minute,
            Class::Mutation => self.mutations_per_minute,
            Class::Export => self.exports_per_minute,
        }
    }
}

/// One class's limiter: a GCRA token bucket per client, in governor's sharded map.
type Limiter = governor::DefaultKeyedRateLimiter<String>;

/// When this many clients have buckets, those idle long enough to be full again are dropped (at most
/// once per [`SWEEP_EVERY`]), so memory stays bounded without a sweep on every request.
const SWEEP_AT: usize = 10_000;
const SWEEP_EVERY: Duration = Duration::from_secs(10);

pub struct RateLimiter {
    /// By class; `None` where the quota is 0 (no limit).
    query: Option<Limiter>,
    mutation: Option<Limiter>,
    export: Option<Limiter>,
    /// When the buckets were last swept.
    swept: Mutex<Instant>,
}

impl RateLimiter {
    pub fn new(quotas: Quotas) -> Self {
        let limiter = |class| {
            let per_minute = NonZeroU32::new(quotas.per_minute(class))?;
            Some(Limiter::keyed(quota(per_minute)))
        };
        Self {
            query: limiter(Class::Query),
            mutation: limiter(Class::Mutation),
            export: limiter(Class::Export),
            swept: Mutex::new(Instant::now()),
        }
    }

    /// Takes a token for `client`, or says how long to wait for one. A bucket holds ten seconds' worth
    /// of requests (at least five), so short bursts pass.
    pub fn check(&self, class: Class, client: &str) -> Result<(), Duration> {
        let limiter = match class {
            Class::Query => &self.query,
            Class::Mutation => &self.mutation,
            Class::Export => &self.export,
        };
        let Some(limiter) = limiter else {
            return Ok(());
        };
        if limiter.len() >= SWEEP_AT {
            self.sweep(limiter);
        }
        let client = client.to_owned();
        limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(limiter.clock().now()))
    }

    /// Drops the buckets that are full again (governor's `retain_recent`), unless that was done
    /// within [`SWEEP_EVERY`]; the map's shards are locked one at a time, not all at once.
    fn sweep(&self, limiter: &Limiter) {
        let mut swept = self
            .swept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if swept.elapsed() < SWEEP_EVERY {
            return;
        }
        *swept = Instant::now();
        drop(swept);
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
}

/// `per_minute` requests a minute, with a burst of ten seconds' worth (at least five).
fn quota(per_minute: NonZeroU32) -> Quota {
    let burst = (per_minute.get() / 6).max(5);
    Quota::with_period(Duration::from_secs(60) / per_minute.get())
        .expect("a minute divided by a non-zero count is a non-zero period")
        .allow_burst(NonZeroU32::new(burst).expect("at least five"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_rate_holds() {
        let limiter = RateLimiter::new(Quotas {
            queries_per_minute: 60,
            mutations_per_minute: 0,
            exports_per_minute: 6,
        });
        for _ in 0..10 {
            assert!(limiter.check(Class::Query, "ip:1").is_ok());
        }
        let wait = limiter.check(Class::Query, "ip:1").unwrap_err();
        assert!(wait <= Duration::from_secs(1));
        // Another client and another class have their own buckets; 0 means no limit.
        assert!(limiter.check(Class::Query, "ip:2").is_ok());
        for _ in 0..100 {
            assert!(limiter.check(Class::Mutation, "ip:1").is_ok());
        }
        for _ in 0..5 {
            assert!(limiter.check(Class::Export, "ip:1").is_ok());
        }
        assert!(limiter.check(Class::Export, "ip:1").is_err());
    }
}
