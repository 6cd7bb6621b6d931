//! Precomputed, normalized text of a node, so lookups and search never normalize the same text twice.

use crate::model::{Node, NodeData, normalize_text};

/// The normalized strings a node is found by.
#[derive(Clone, Debug, Default)]
pub struct SearchKeys {
    /// Normalized lookup key of the standard code (`GB/T22239-2019`) and its series (`GB/T22239`).
    pub code_key: Option<String>,
    pub series_key: Option<String>,
    /// Normalized abbreviation (`sac`).
    pub abbreviation: Option<String>,
    /// Normalized name, Chinese name, aliases, title, committee code: what an exact lookup matches.
    pub names: Vec<String>,
    /// Normalized description.
    pub description: String,
}

impl SearchKeys {
    pub fn of(node: &Node) -> Self {
        let mut names = vec![normalize_text(&node.name)];
        names.extend(node.name_zh.iter().map(|s| normalize_text(s)));
        names.extend(node.aliases.iter().map(|s| normalize_text(s)));
        let mut abbreviation = None;
        match &node.data {
            NodeData::Agency(a) => abbreviation = a.abbreviation.as_deref().map(normalize_text),
            NodeData::TechnicalCommittee(c) => names.extend(c.code.as_deref().map(normalize_text)),
            NodeData::Standard(s) => {
                names.extend(s.title.as_deref().map(normalize_text));
                names.extend(s.title_zh.as_deref().map(normalize_text));
                names.extend(s.code.as_deref().map(normalize_text));
            }
            NodeData::Source(s) => names.extend(s.title.as_deref().map(normalize_text)),
            _ => {}
        }
        names.extend(abbreviation.clone());
        names.retain(|n| !n.is_empty());
        names.sort();
        names.dedup();
        let code = node.standard_code();
        Self {
            code_key: code.as_ref().map(|c| c.key()),
            series_key: code.as_ref().map(|c| c.series_key()),
            abbreviation,
            names,
            description: normalize_text(&node.description),
        }
    }

    /// The keys under which an exact name lookup finds the node.
    pub fn exact_keys(&self) -> impl Iterator<Item = &String> {
        self.names.iter()
    }
}
