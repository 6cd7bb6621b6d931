//! Per-client rate limits: a token bucket per client and class of request.
//!
//! A client is the holder of a valid API key (by key name) or else an IP address, so rotating made-up
//! keys does not escape the per-IP quota. Mutations and exports have their own, stricter quotas.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

impl Default for Quotas {
    fn default() -> Self {
        Self {
            queries_per_minute: 1200,
            mutations_per_minute: 120,
            exports_per_minute: 60,
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

struct Bucket {
    tokens: f64,
    refilled: Instant,
}

/// Buckets beyond this many are swept of full ones, so memory stays bounded.
const SWEEP_AT: usize = 10_000;

pub struct RateLimiter {
    quotas: Quotas,
    buckets: Mutex<HashMap<(Class, String), Bucket>>,
}

impl RateLimiter {
    pub fn new(quotas: Quotas) -> Self {
        Self {
            quotas,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `client`, or says how long to wait for one. A bucket holds ten seconds' worth
    /// of requests (at least five), so short bursts pass.
    pub fn check(&self, class: Class, client: &str) -> Result<(), Duration> {
        let per_minute = self.quotas.per_minute(class);
        if per_minute == 0 {
            return Ok(());
        }
        let rate = f64::from(per_minute) / 60.0;
        let capacity = (rate * 10.0).max(5.0);
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= SWEEP_AT {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.refilled).as_secs_f64() * rate < capacity
            });
        }
        let bucket = buckets.entry((class, client.to_owned())).or_insert(Bucket {
            tokens: capacity,
            refilled: now,
        });
        let elapsed = now.duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.refilled = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
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
