//! What `/metrics` reports: requests by operation and outcome, latency by operation type, rejected
//! requests by reason, the graph's size, the store's size and health, and write and flush latency.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use crate::app::App;
use crate::metrics::{
    Counter, EncodeLabelSet, Family, Gauge, HistogramFamily, Registry, Unit, encode,
    latency_family, observe,
};

/// Distinct operation names reported before the rest are counted as `other` (clients choose the
/// names, so their number must be bounded).
const MAX_OPERATION_NAMES: usize = 200;

const TYPES: [&str; 4] = ["query", "mutation", "subscription", "unknown"];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    operation: String,
    r#type: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TypeLabel {
    r#type: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabel {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

pub struct RequestMetrics {
    requests: Family<RequestLabels, Counter>,
    latency: HistogramFamily<TypeLabel>,
    rejections: Family<ReasonLabel, Counter>,
    names: Mutex<HashSet<String>>,
}

impl Default for RequestMetrics {
    fn default() -> Self {
        let latency = latency_family();
        // Every type's histogram is reported from the start, observed or not.
        for r#type in TYPES {
            drop(latency.get_or_create(&TypeLabel { r#type }));
        }
        Self {
            requests: Family::default(),
            latency,
            rejections: Family::default(),
            names: Mutex::new(HashSet::new()),
        }
    }
}

impl RequestMetrics {
    /// Records a GraphQL request: its operation name (`anonymous` when none), type, outcome
    /// (`ok`, `error`, `rejected`, `unauthenticated`) and how long it took.
    pub fn request(
        &self,
        name: &str,
        op_type: &'static str,
        outcome: &'static str,
        took: Duration,
    ) {
        let operation = if name.is_empty() {
            "anonymous".to_owned()
        } else {
            let mut names = self
                .names
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if names.contains(name) || names.len() < MAX_OPERATION_NAMES {
                names.insert(name.to_owned());
                name.to_owned()
            } else {
                "other".to_owned()
            }
        };
        let r#type = TYPES
            .into_iter()
            .find(|t| *t == op_type)
            .unwrap_or("unknown");
        self.requests
            .get_or_create(&RequestLabels {
                operation,
                r#type,
                outcome,
            })
            .inc();
        observe(&self.latency, &TypeLabel { r#type }, took);
    }

    /// Records a request refused before or instead of execution.
    pub fn rejected(&self, reason: &'static str) {
        self.rejections.get_or_create(&ReasonLabel { reason }).inc();
    }

    /// The Prometheus text exposition; `plans` are the requests compiled query plans answered and
    /// declined (`Api::plan_counts`).
    pub fn render(&self, app: &App, plans: (u64, u64)) -> String {
        let mut registry = Registry::with_prefix("stdgraph");
        registry.register(
            "graphql_requests",
            "GraphQL requests by operation name, operation type and outcome",
            self.requests.clone(),
        );
        registry.register_with_unit(
            "graphql_request_duration",
            "GraphQL request latency by operation type",
            Unit::Seconds,
            self.latency.clone(),
        );
        registry.register(
            "rejected_requests",
            "Requests refused before execution, by reason",
            self.rejections.clone(),
        );
        let plan_requests = Family::<OutcomeLabel, Counter>::default();
        for (outcome, n) in [("answered", plans.0), ("declined", plans.1)] {
            plan_requests
                .get_or_create(&OutcomeLabel { outcome })
                .inc_by(n);
        }
        registry.register(
            "query_plan_requests",
            "Requests a compiled query plan answered, or declined (async-graphql answered them)",
            plan_requests,
        );
        let graph = app.snapshot();
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let gauges = [
            (
                "graph_nodes",
                "Nodes in the current graph",
                count(graph.node_count()),
            ),
            (
                "graph_relations",
                "Relations in the current graph",
                count(graph.relation_count()),
            ),
            (
                "store_writable",
                "1 while the store accepts writes; 0 after a failed write",
                i64::from(app.is_writable()),
            ),
            (
                "feed_subscribers",
                "Open graphChanged subscriptions",
                count(app.subscribers()),
            ),
        ];
        for (name, help, value) in gauges {
            let gauge = Gauge::<i64>::default();
            gauge.set(value);
            registry.register(name, help, gauge);
        }
        // NaN when the size cannot be read.
        let store_bytes = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        store_bytes.set(app.store_size().map_or(f64::NAN, |b| b as f64));
        registry.register_with_unit(
            "store",
            "Size of the sled store on disk",
            Unit::Bytes,
            store_bytes,
        );
        app.write_latency().register(
            &mut registry,
            "write_duration",
            "Committed change sets, from taking the writer lock to publishing the new graph",
        );
        app.flush_latency().register(
            &mut registry,
            "store_flush_duration",
            "Flushes of the sled store to disk, one per commit",
        );
        encode(&registry)
    }
}
