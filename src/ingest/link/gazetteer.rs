//! The gazetteer: every name the graph knows (names, aliases, abbreviations, Chinese names,
//! committee and standard codes), compiled into two Aho-Corasick automata and matched over a
//! normalized copy of the text whose bytes map back to the text's own byte offsets.
//!
//! Normalization ([`Normalized::of`]) keeps letters and digits, turns every other character into one
//! space, applies NFKC and folds dashes, and puts a space where a letter meets a digit (`TC260` and
//! `TC 260`, `GB/T22239-2019` and `GB/T 22239-2019` read alike). Names match ASCII case-insensitively;
//! abbreviations and codes (no lower-case letter, two capitals or more) match only in their case, so
//! `CAS` is not found in "cas".
//!
//! Cost: building is linear in the total length of the names (one pass over the nodes of the linked
//! kinds, one automaton build); for the seed (~400 nodes) well under a millisecond, for 100k nodes
//! (~300k names) a few hundred milliseconds. It is built once per ingested text.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use unicode_normalization::UnicodeNormalization;

use crate::graph::KnowledgeGraph;
use crate::model::{NodeData, NodeId, NodeKind, fold_dashes};

/// The node kinds whose names are looked for in texts (not sources).
pub const LINKED_KINDS: [NodeKind; 8] = [
    NodeKind::Agency,
    NodeKind::TechnicalCommittee,
    NodeKind::Person,
    NodeKind::Standard,
    NodeKind::Document,
    NodeKind::Event,
    NodeKind::Mou,
    NodeKind::Topic,
];

/// A node a name may stand for.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub node: NodeId,
    pub kind: NodeKind,
    /// The name as the graph spells it.
    pub matched: String,
    /// True when the name is an abbreviation or code (matched case-sensitively).
    pub exact_case: bool,
}

/// A text with letters and digits kept, everything else one space, and for each byte of it the span
/// of the original character it came from.
pub struct Normalized {
    pub text: String,
    spans: Vec<(usize, usize)>,
}

impl Normalized {
    pub fn of(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut spans = Vec::with_capacity(original.len());
        let mut last: Option<char> = None;
        for (at, c) in original.char_indices() {
            let end = at + c.len_utf8();
            let push = |text: &mut String, spans: &mut Vec<(usize, usize)>, d: char| {
                let before = text.len();
                text.push(d);
                spans.extend(std::iter::repeat_n((at, end), text.len() - before));
            };
            let folded: Vec<char> = if c.is_ascii() {
                vec![c]
            } else {
                c.to_string().nfkc().map(fold_dashes).collect()
            };
            for d in folded {
                if d.is_alphanumeric() {
                    if last.is_some_and(|l| l.is_ascii_alphabetic()) && d.is_ascii_digit() {
                        push(&mut text, &mut spans, ' ');
                    }
                    push(&mut text, &mut spans, d);
                    last = Some(d);
                } else if last.is_some_and(|l| l != ' ') {
                    push(&mut text, &mut spans, ' ');
                    last = Some(' ');
                }
            }
        }
        if text.ends_with(' ') {
            text.pop();
            spans.pop();
        }
        Self { text, spans }
    }

    /// The original byte span of the normalized span `start..end` (`end > start`).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.spans[start].0, self.spans[end - 1].1)
    }

    /// True when `start..end` of the normalized text stands between word boundaries: a space, the
    /// text's edge, or a non-ASCII character on either side (Chinese has no spaces).
    fn bounded(&self, start: usize, end: usize) -> bool {
        let before = self.text[..start].chars().next_back();
        let first = self.text[start..end].chars().next();
        let last = self.text[start..end].chars().next_back();
        let after = self.text[end..].chars().next();
        let edge = |outer: Option<char>, inner: Option<char>| {
            outer.is_none_or(|o| o == ' ' || !o.is_ascii() || inner.is_some_and(|i| !i.is_ascii()))
        };
        edge(before, first) && edge(after, last)
    }
}

/// True when a name is written as an abbreviation or code: no lower-case letter and at least two
/// capitals (`CCSA`, `TC260`, `GB/T 22239-2019`).
pub fn is_abbreviation(name: &str) -> bool {
    !name.chars().any(char::is_lowercase)
        && name.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// A key for exact lookups: the normalized text in lower case.
pub fn key(name: &str) -> String {
    Normalized::of(name).text.to_lowercase()
}

/// A match of a known name in a text.
#[derive(Clone, Debug)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub targets: Vec<Target>,
}

pub struct Gazetteer {
    names: Option<AhoCorasick>,
    name_targets: Vec<Vec<Target>>,
    abbreviations: Option<AhoCorasick>,
    abbreviation_targets: Vec<Vec<Target>>,
    by_key: HashMap<String, Vec<Target>>,
}

impl Gazetteer {
    /// Collects the names of every node of [`LINKED_KINDS`] in `graph`.
    pub fn build(graph: &KnowledgeGraph) -> Self {
        let mut names: HashMap<String, Vec<Target>> = HashMap::new();
        let mut abbreviations: HashMap<String, Vec<Target>> = HashMap::new();
        let mut by_key: HashMap<String, Vec<Target>> = HashMap::new();
        for kind in LINKED_KINDS {
            for node in graph.nodes_of_kind(kind) {
                let n = node.node();
                let mut spellings: Vec<(&str, bool)> = vec![(n.name.as_str(), false)];
                spellings.extend(n.aliases().iter().map(|a| (a.as_str(), false)));
                spellings.extend(n.name_zh().map(|z| (z, false)));
                match &n.data {
                    NodeData::Agency(a) => {
                        spellings.extend(a.abbreviation.as_deref().map(|a| (a, true)));
                    }
                    NodeData::TechnicalCommittee(c) => {
                        spellings.extend(c.code.as_deref().map(|c| (c, true)));
                    }
                    NodeData::Standard(s) => {
                        spellings.extend(s.code.as_deref().map(|c| (c, true)));
                        spellings.extend(s.title.as_deref().map(|t| (t, false)));
                    }
                    _ => {}
                }
                for (spelling, abbreviation) in spellings {
                    let normalized = Normalized::of(spelling).text;
                    if normalized.chars().count() < 2 {
                        continue;
                    }
                    let exact_case = abbreviation || is_abbreviation(spelling);
                    let target = Target {
                        node: n.id.clone(),
                        kind,
                        matched: spelling.to_owned(),
                        exact_case,
                    };
                    let add = |list: &mut Vec<Target>| {
                        if !list.iter().any(|t| t.node == target.node) {
                            list.push(target.clone());
                        }
                    };
                    add(by_key.entry(normalized.to_lowercase()).or_default());
                    if exact_case {
                        add(abbreviations.entry(normalized).or_default());
                    } else {
                        add(names.entry(normalized.to_lowercase()).or_default());
                    }
                }
            }
        }
        let (names, name_targets) = automaton(names, true);
        let (abbreviations, abbreviation_targets) = automaton(abbreviations, false);
        Self {
            names,
            name_targets,
            abbreviations,
            abbreviation_targets,
            by_key,
        }
    }

    /// The nodes a whole name stands for (normalized, any case).
    pub fn lookup(&self, name: &str) -> &[Target] {
        self.by_key.get(&key(name)).map_or(&[], Vec::as_slice)
    }

    /// Every known name in `text`, between word boundaries, the longest where matches overlap, in
    /// the order they start.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let normalized = Normalized::of(text);
        let mut all: Vec<(usize, usize, &Vec<Target>)> = Vec::new();
        for (automaton, targets) in [
            (&self.names, &self.name_targets),
            (&self.abbreviations, &self.abbreviation_targets),
        ] {
            let Some(automaton) = automaton else { continue };
            for m in automaton.find_overlapping_iter(&normalized.text) {
                if normalized.bounded(m.start(), m.end()) {
                    all.push((m.start(), m.end(), &targets[m.pattern().as_usize()]));
                }
            }
        }
        // Longest first, then leftmost; a match overlapping a taken one is dropped.
        all.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
        // An organization's abbreviation that starts a committee's code (`SAC` in `SAC/TC 260`)
        // names the organization too, and is kept inside it.
        let starts_committee = |m: &(usize, usize, &Vec<Target>),
                                t: &(usize, usize, &Vec<Target>)| {
            m.0 == t.0
                && m.2
                    .iter()
                    .all(|x| x.exact_case && x.kind == NodeKind::Agency)
                && t.2.iter().all(|x| x.kind == NodeKind::TechnicalCommittee)
        };
        let mut taken: Vec<(usize, usize, &Vec<Target>)> = Vec::new();
        for m in all {
            if !taken
                .iter()
                .any(|t| m.0 < t.1 && t.0 < m.1 && !starts_committee(&m, t))
            {
                taken.push(m);
            }
        }
        taken.sort_by_key(|&(s, e, _)| (s, e));
        taken
            .into_iter()
            .map(|(s, e, targets)| {
                let (start, end) = normalized.original(s, e);
                Found {
                    start,
                    end,
                    targets: targets.clone(),
                }
            })
            .collect()
    }
}

/// An automaton over the patterns (in a fixed order, so matching is deterministic) and the targets
/// of each pattern by its index.
fn automaton(
    patterns: HashMap<String, Vec<Target>>,
    fold_case: bool,
) -> (Option<AhoCorasick>, Vec<Vec<Target>>) {
    let mut patterns: Vec<(String, Vec<Target>)> = patterns.into_iter().collect();
    patterns.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, targets) in &mut patterns {
        targets.sort_by(|a, b| a.node.cmp(&b.node));
    }
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(fold_case)
        .match_kind(MatchKind::Standard)
        // The contiguous NFA: small and fast to build for large pattern sets; a DFA would take
        // minutes and gigabytes at 100k nodes.
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns.iter().map(|(p, _)| p.as_str()))
        .ok();
    (automaton, patterns.into_iter().map(|(_, t)| t).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_text_maps_back_to_the_original_bytes() {
        let text = "The SAC/TC260 and “TC 260” — ＧＢ／Ｔ22239-2019.";
        let n = Normalized::of(text);
        assert_eq!(n.text, "The SAC TC 260 and TC 260 GB T 22239 2019");
        let at = n.text.find("GB T").unwrap();
        let (s, e) = n.original(at, n.text.len());
        assert_eq!(&text[s..e], "ＧＢ／Ｔ22239-2019");
    }

    #[test]
    fn abbreviations_are_capitals_and_codes() {
        assert!(is_abbreviation("CCSA"));
        assert!(is_abbreviation("TC260"));
        assert!(!is_abbreviation("IoT"));
        assert!(!is_abbreviation("5G"));
        assert!(!is_abbreviation("China Electronics"));
    }
}
