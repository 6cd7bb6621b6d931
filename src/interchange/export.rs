//! What to export and in which format: the whole graph, a node's neighbourhood, or the nodes of some
//! kinds or a topic. Shared by `/export/*` over HTTP and `stdgraph export`.

use std::str::FromStr;

use crate::graph::{KnowledgeGraph, Subgraph, TopicVia, Walk};
use crate::model::{NodeKind, RelationKind};

use super::tabular::View;
use super::{csv, graphml, nodelink};

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// networkx node-link JSON.
    NodeLink,
    GraphMl,
    NodesCsv,
    EdgesCsv,
}

impl Format {
    /// The format a file name implies (`graph.json`, `graph.graphml`, `nodes.csv`, `edges.csv`).
    pub fn from_file_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".graphml") {
            Some(Format::GraphMl)
        } else if lower.ends_with("edges.csv") {
            Some(Format::EdgesCsv)
        } else if lower.ends_with(".csv") {
            Some(Format::NodesCsv)
        } else if lower.ends_with(".json") || lower == "-" {
            Some(Format::NodeLink)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::NodeLink => "application/json",
            Format::GraphMl => "application/graphml+xml; charset=utf-8",
            Format::NodesCsv | Format::EdgesCsv => "text/csv; charset=utf-8",
        }
    }
}

/// Which part of the graph to export. Everything is optional: the default is the whole graph.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    /// Export the neighbourhood of this node (id, name or abbreviation).
    pub center: Option<String>,
    /// Steps from `center` (default 1).
    pub depth: Option<usize>,
    /// Only nodes of these kinds.
    pub kinds: Vec<NodeKind>,
    /// Only relations of these kinds.
    pub relation_kinds: Vec<RelationKind>,
    /// Only nodes tied to this topic (id or name) or one of its sub-topics, by the relations
    /// `topic_via` names.
    pub topic: Option<String>,
    /// Which relations tie a node to `topic`: `covers_topic` only (the default) or every topical
    /// relation (also `discussed` and `part_of`).
    pub topic_via: TopicVia,
    /// Most nodes of a neighbourhood (default 10,000).
    pub limit: Option<usize>,
}

/// Most nodes a neighbourhood export may hold.
pub const MAX_EXPORT_NEIGHBORHOOD: usize = 100_000;

impl Spec {
    /// Parses comma-separated kind lists as used in query strings and flags.
    pub fn parse_kinds(list: &str) -> Result<Vec<NodeKind>, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                NodeKind::ALL
                    .into_iter()
                    .find(|k| k.as_str().eq_ignore_ascii_case(s))
                    .ok_or_else(|| format!("unknown node kind `{s}`"))
            })
            .collect()
    }

    pub fn parse_relation_kinds(list: &str) -> Result<Vec<RelationKind>, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                RelationKind::parse(&s.to_ascii_lowercase())
                    .ok_or_else(|| format!("unknown relation kind `{s}`"))
            })
            .collect()
    }

    /// Parses `covers` or `all` (any case), as used in query strings and flags.
    pub fn parse_topic_via(value: &str) -> Result<TopicVia, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "covers" => Ok(TopicVia::Covers),
            "all" => Ok(TopicVia::All),
            _ => Err(format!(
                "unknown topic relation choice `{}` (known: covers, all)",
                value.trim()
            )),
        }
    }

    /// The subgraph this spec selects, or why it selects nothing sensible.
    pub fn select(&self, graph: &KnowledgeGraph) -> Result<Option<Subgraph>, String> {
        let walk = Walk {
            relation_kinds: self.relation_kinds.clone(),
            node_kinds: self.kinds.clone(),
            ..Walk::default()
        };
        let topic = match &self.topic {
            Some(t) => Some(
                graph
                    .lookup(t, Some(NodeKind::Topic))
                    .map_err(|e| e.to_string())?
                    .id()
                    .clone(),
            ),
            None => None,
        };
        if let Some(center) = &self.center {
            let node = graph.lookup(center, None).map_err(|e| e.to_string())?;
            let limit = self.limit.unwrap_or(10_000).min(MAX_EXPORT_NEIGHBORHOOD);
            let mut sub = graph.neighborhood(node, self.depth.unwrap_or(1).min(6), &walk, limit);
            if let Some(t) = &topic {
                let inside = graph.selection(&[], Some(t), self.topic_via, &walk);
                sub.nodes
                    .retain(|(h, _)| inside.contains(*h) || *h == node.handle());
                sub.relations = graph.relations_among(&sub.nodes, &walk);
            }
            return Ok(Some(sub));
        }
        if self.kinds.is_empty() && topic.is_none() && self.relation_kinds.is_empty() {
            return Ok(None);
        }
        Ok(Some(graph.selection(
            &self.kinds,
            topic.as_ref(),
            self.topic_via,
            &walk,
        )))
    }
}

/// Renders the selected part of the graph in a format.
pub fn render(graph: &KnowledgeGraph, spec: &Spec, format: Format) -> Result<String, String> {
    let sub = spec.select(graph)?;
    let view = match &sub {
        Some(s) => View::of(graph, s),
        None => View::whole(graph),
    };
    Ok(match format {
        Format::NodeLink => {
            serde_json::to_string_pretty(&nodelink::write(&view)).expect("JSON values serialize")
        }
        Format::GraphMl => graphml::write(&view),
        Format::NodesCsv => csv::nodes(&view),
        Format::EdgesCsv => csv::edges(&view),
    })
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "json" | "node-link" | "nodelink" => Ok(Format::NodeLink),
            "graphml" => Ok(Format::GraphMl),
            "nodes-csv" | "nodes" => Ok(Format::NodesCsv),
            "edges-csv" | "edges" => Ok(Format::EdgesCsv),
            other => Err(format!(
                "unknown format `{other}` (json, graphml, nodes-csv, edges-csv)"
            )),
        }
    }
}
