//! Metrics on the `prometheus-client` crate: the latency histogram that `store`, `app` and `http`
//! observe, and the encoding of a registry in Prometheus's text format (version 0.0.4). No IO, and
//! nothing of ours: any layer may use it.

use std::time::Duration;

pub use prometheus_client::encoding::EncodeLabelSet;
pub use prometheus_client::metrics::counter::Counter;
pub use prometheus_client::metrics::family::Family;
pub use prometheus_client::metrics::gauge::Gauge;
pub use prometheus_client::registry::{Registry, Unit};

/// Latency buckets in seconds, from 100 µs to 10 s.
pub const LATENCY_BUCKETS: [f64; 16] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0,
];

/// A histogram of durations, in seconds, over [`LATENCY_BUCKETS`]. Clones share their counts, so
/// the histogram a registry encodes is the one the code observes.
#[derive(Clone, Debug)]
pub struct Histogram(prometheus_client::metrics::histogram::Histogram);

impl Histogram {
    pub fn latency() -> Self {
        Self(prometheus_client::metrics::histogram::Histogram::new(
            LATENCY_BUCKETS,
        ))
    }

    pub fn observe(&self, duration: Duration) {
        self.0.observe(duration.as_secs_f64());
    }

    /// Registers this histogram as `name` (in seconds) with `help`.
    pub fn register(&self, registry: &mut Registry, name: &str, help: &str) {
        registry.register_with_unit(name, help, Unit::Seconds, self.0.clone());
    }
}

/// A family of latency histograms, one per label set.
pub type HistogramFamily<L> = Family<
    L,
    prometheus_client::metrics::histogram::Histogram,
    fn() -> prometheus_client::metrics::histogram::Histogram,
>;

/// A new family of latency histograms over [`LATENCY_BUCKETS`].
pub fn latency_family<L: EncodeLabelSet + Clone + Eq + std::hash::Hash>() -> HistogramFamily<L> {
    Family::new_with_constructor(|| {
        prometheus_client::metrics::histogram::Histogram::new(LATENCY_BUCKETS)
    })
}

/// Observes `duration` in `family`'s histogram for `labels`.
pub fn observe<L: EncodeLabelSet + Clone + Eq + std::hash::Hash>(
    family: &HistogramFamily<L>,
    labels: &L,
    duration: Duration,
) {
    family.get_or_create(labels).observe(duration.as_secs_f64());
}

/// `registry` in Prometheus's text exposition format (version 0.0.4, what `/metrics` serves).
pub fn encode(registry: &Registry) -> String {
    let mut out = String::new();
    prometheus_client::encoding::prometheus_text::encode(&mut out, registry)
        .expect("writing to a String does not fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_encode_cumulative_buckets_in_seconds() {
        let h = Histogram::latency();
        h.observe(Duration::from_millis(5));
        h.observe(Duration::from_millis(50));
        h.observe(Duration::from_secs(20));
        let mut registry = Registry::with_prefix("x");
        h.register(&mut registry, "took", "How long it took");
        let out = encode(&registry);
        assert!(out.contains("# TYPE x_took_seconds histogram\n"), "{out}");
        assert!(
            out.contains("x_took_seconds_bucket{le=\"0.005\"} 1\n"),
            "{out}"
        );
        assert!(
            out.contains("x_took_seconds_bucket{le=\"0.05\"} 2\n"),
            "{out}"
        );
        assert!(
            out.contains("x_took_seconds_bucket{le=\"10\"} 2\n"),
            "{out}"
        );
        assert!(
            out.contains("x_took_seconds_bucket{le=\"+Inf\"} 3\n"),
            "{out}"
        );
        assert!(out.contains("x_took_seconds_count 3\n"), "{out}");
    }

    #[test]
    fn counters_are_named_total_and_escape_label_values() {
        #[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
        struct Labels {
            operation: String,
        }
        let family = Family::<Labels, Counter>::default();
        family
            .get_or_create(&Labels {
                operation: "a\"b\nc".to_owned(),
            })
            .inc();
        let mut registry = Registry::with_prefix("x");
        registry.register("requests", "Requests", family);
        let out = encode(&registry);
        assert!(out.contains("# TYPE x_requests_total counter\n"), "{out}");
        assert!(
            out.contains("x_requests_total{operation=\"a\\\"b\\nc\"} 1\n"),
            "{out}"
        );
    }
}
