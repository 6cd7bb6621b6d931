//! What `/metrics` reports: requests by operation and outcome, latency by operation type, rejected
//! requests by reason, the graph's size, the store's size and health, and write and flush latency.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

use crate::app::App;
use crate::metrics::{CounterFamily, Histogram, header, label};

/// Distinct operation names reported before the rest are counted as `other` (clients choose the
/// names, so their number must be bounded).
const MAX_OPERATION_NAMES: usize = 200;

const TYPES: [&str; 4] = ["query", "mutation", "subscription", "unknown"];

pub struct RequestMetrics {
    requests: CounterFamily<(String, &'static str, &'static str)>,
    latency: [Histogram; 4],
    rejections: CounterFamily<&'static str>,
    names: Mutex<HashSet<String>>,
}

impl Default for RequestMetrics {
    fn default() -> Self {
        Self {
            requests: CounterFamily::default(),
            latency: std::array::from_fn(|_| Histogram::latency()),
            rejections: CounterFamily::default(),
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
        let name = if name.is_empty() {
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
        self.requests.inc((name, op_type, outcome));
        let slot = TYPES.iter().position(|t| *t == op_type).unwrap_or(3);
        self.latency[slot].observe(took);
    }

    /// Records a request refused before or instead of execution.
    pub fn rejected(&self, reason: &'static str) {
        self.rejections.inc(reason);
    }

    /// The Prometheus text exposition; `plans` are the requests compiled query plans answered and
    /// declined (`Api::plan_counts`).
    pub fn render(&self, app: &App, plans: (u64, u64)) -> String {
        let mut out = String::new();
        header(
            &mut out,
            "stdgraph_graphql_requests_total",
            "counter",
            "GraphQL requests by operation name, operation type and outcome.",
        );
        for ((name, ty, outcome), n) in self.requests.snapshot() {
            let _ = writeln!(
                out,
                "stdgraph_graphql_requests_total{{operation=\"{}\",type=\"{ty}\",outcome=\"{outcome}\"}} {n}",
                label(&name)
            );
        }
        header(
            &mut out,
            "stdgraph_graphql_request_duration_seconds",
            "histogram",
            "GraphQL request latency by operation type.",
        );
        for (ty, h) in TYPES.iter().zip(&self.latency) {
            h.render(
                "stdgraph_graphql_request_duration_seconds",
                &format!("type=\"{ty}\""),
                &mut out,
            );
        }
        header(
            &mut out,
            "stdgraph_rejected_requests_total",
            "counter",
            "Requests refused before execution, by reason.",
        );
        for (reason, n) in self.rejections.snapshot() {
            let _ = writeln!(
                out,
                "stdgraph_rejected_requests_total{{reason=\"{reason}\"}} {n}"
            );
        }
        header(
            &mut out,
            "stdgraph_query_plan_requests_total",
            "counter",
            "Requests a compiled query plan answered, or declined (async-graphql answered them).",
        );
        for (outcome, n) in [("answered", plans.0), ("declined", plans.1)] {
            let _ = writeln!(
                out,
                "stdgraph_query_plan_requests_total{{outcome=\"{outcome}\"}} {n}"
            );
        }
        let graph = app.snapshot();
        let gauges = [
            (
                "stdgraph_graph_nodes",
                "Nodes in the current graph.",
                graph.node_count() as f64,
            ),
            (
                "stdgraph_graph_relations",
                "Relations in the current graph.",
                graph.relation_count() as f64,
            ),
            (
                "stdgraph_store_bytes",
                "Size of the sled store on disk.",
                app.store_size().map_or(f64::NAN, |b| b as f64),
            ),
            (
                "stdgraph_store_writable",
                "1 while the store accepts writes; 0 after a failed write.",
                f64::from(u8::from(app.is_writable())),
            ),
            (
                "stdgraph_feed_subscribers",
                "Open graphChanged subscriptions.",
                app.subscribers() as f64,
            ),
        ];
        for (name, help, value) in gauges {
            header(&mut out, name, "gauge", help);
            let _ = writeln!(out, "{name} {value}");
        }
        header(
            &mut out,
            "stdgraph_write_duration_seconds",
            "histogram",
            "Committed change sets, from taking the writer lock to publishing the new graph.",
        );
        app.write_latency()
            .render("stdgraph_write_duration_seconds", "", &mut out);
        header(
            &mut out,
            "stdgraph_store_flush_duration_seconds",
            "histogram",
            "Flushes of the sled store to disk, one per commit.",
        );
        app.flush_latency()
            .render("stdgraph_store_flush_duration_seconds", "", &mut out);
        out
    }
}
