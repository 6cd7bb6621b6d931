//! Linking: the graph's known entities found in a text by name, alias, abbreviation and Chinese name,
//! and every mention linked to an existing node or to a proposed one.
//!
//! (Skeleton: links nothing yet.)

use super::Mention;
use crate::graph::KnowledgeGraph;

/// The mentions of known nodes in `text`, each linked, in the order they start.
pub fn find_known(graph: &KnowledgeGraph, text: &str) -> Vec<Mention> {
    let _ = (graph, text);
    Vec::new()
}
