//! `stdgraph check`: everything that can be wrong with curated data, reported at once.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::seed::Seed;
use crate::graph::KnowledgeGraph;
use crate::model::{NodeKind, RelationKind};

/// The result of checking a seed: problems (empty when it passes) and counts.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<String>,
    pub nodes_by_kind: BTreeMap<NodeKind, usize>,
    pub relations_by_kind: BTreeMap<RelationKind, usize>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }

    /// The report as printed by `stdgraph check`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for p in &self.problems {
            let _ = writeln!(out, "error: {p}");
        }
        let total: usize = self.nodes_by_kind.values().sum();
        let _ = writeln!(out, "nodes: {total}");
        for (kind, n) in &self.nodes_by_kind {
            let _ = writeln!(out, "  {kind:<20} {n}");
        }
        let total: usize = self.relations_by_kind.values().sum();
        let _ = writeln!(out, "relations: {total}");
        for (kind, n) in self.relations_by_kind.iter().filter(|(_, n)| **n > 0) {
            let _ = writeln!(out, "  {kind:<20} {n}");
        }
        let verdict = if self.passed() {
            "ok".to_owned()
        } else {
            format!("{} problem(s)", self.problems.len())
        };
        let _ = writeln!(out, "check: {verdict}");
        out
    }
}

/// Builds the seed into a graph, collecting every problem instead of stopping at the first: invalid or
/// duplicate ids, dangling references, wrong endpoint kinds, missing sources, malformed dates and codes
/// (caught while parsing), ids that do not follow the conventions, and one entity under two ids.
pub fn check(seed: Seed) -> Report {
    let mut report = Report::default();
    let mut graph = KnowledgeGraph::new();
    let (sources, others): (Vec<_>, Vec<_>) = seed
        .nodes
        .into_iter()
        .partition(|n| n.kind() == NodeKind::Source);
    for node in sources.into_iter().chain(others) {
        let expected = node.kind().id_prefix();
        if node.id.prefix() != expected {
            report.problems.push(format!(
                "`{}`: a {} id must start with `{expected}:`",
                node.id,
                node.kind()
            ));
        }
        if let Some(code) = node.standard_code() {
            let want = code.node_id();
            if node.id.as_str() != want {
                report.problems.push(format!(
                    "`{}`: a standard with code `{code}` should have id `{want}`",
                    node.id
                ));
            }
        }
        if node.kind() != NodeKind::Source && node.description.trim().is_empty() {
            report
                .problems
                .push(format!("`{}` has no description", node.id));
        }
        if let Err(e) = graph.insert_node(node, 1) {
            report.problems.push(e.to_string());
        }
    }
    for relation in seed.relations {
        if let Err(e) = graph.insert_relation(relation) {
            report.problems.push(e.to_string());
        }
    }
    for (name, ids) in graph.name_collisions() {
        let ids: Vec<_> = ids.iter().map(|i| format!("`{i}`")).collect();
        report.problems.push(format!(
            "possible duplicate entity: \"{name}\" names {}",
            ids.join(" and ")
        ));
    }
    report.nodes_by_kind = graph.count_by_kind();
    report.relations_by_kind = graph.count_by_relation_kind();
    report
}
