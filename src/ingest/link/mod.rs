//! Linking: the graph's known entities found in a text by name, alias, abbreviation, Chinese name
//! and code ([`gazetteer`]), and every mention the patterns found linked to an existing node where
//! its code or name matches one.
//!
//! Scores: a name that stands for one node links with 0.9 (an abbreviation or code 0.95); a name
//! that stands for several is resolved by context (the candidate with most relations to the
//! unambiguous entities of the same text, then one of the kind the mention's pattern wants) and
//! scores 0.6; a name whose candidates the context cannot tell apart is not linked.

pub mod gazetteer;

pub use gazetteer::{Gazetteer, Target};

use std::collections::HashSet;

use super::{Link, Mention, MentionKind};
use crate::graph::{CodeMatch, KnowledgeGraph, Way};
use crate::model::{NodeId, NodeKind, StandardCode};

/// The mentions of known nodes in `text`, each linked, in the order they start.
pub fn find_known(graph: &KnowledgeGraph, text: &str) -> Vec<Mention> {
    known_mentions(graph, &Gazetteer::build(graph), text)
}

/// [`find_known`] with a gazetteer built once for many texts.
pub fn known_mentions(graph: &KnowledgeGraph, gazetteer: &Gazetteer, text: &str) -> Vec<Mention> {
    let found = gazetteer.find(text);
    let context: HashSet<NodeId> = found
        .iter()
        .filter(|f| f.targets.len() == 1)
        .map(|f| f.targets[0].node.clone())
        .collect();
    found
        .into_iter()
        .filter_map(|f| {
            let (target, score) = resolve(graph, &f.targets, &context, None)?;
            Some(Mention {
                start: f.start,
                end: f.end,
                kind: mention_kind(target.kind),
                text: text[f.start..f.end].to_owned(),
                value: None,
                role: None,
                link: Some(Link {
                    node: target.node.clone(),
                    matched: target.matched.clone(),
                    score,
                    proposed: false,
                }),
            })
        })
        .collect()
}

/// The mention kind a node of `kind` is found as.
pub fn mention_kind(kind: NodeKind) -> MentionKind {
    match kind {
        NodeKind::Agency | NodeKind::Source => MentionKind::Organization,
        NodeKind::TechnicalCommittee => MentionKind::Committee,
        NodeKind::Person => MentionKind::Person,
        NodeKind::Standard => MentionKind::Code,
        NodeKind::Document => MentionKind::Title,
        NodeKind::Event => MentionKind::Event,
        NodeKind::Mou => MentionKind::Mou,
        NodeKind::Topic => MentionKind::Topic,
    }
}

/// The node kinds a mention of `kind` may stand for.
fn wanted_kinds(kind: MentionKind) -> &'static [NodeKind] {
    match kind {
        MentionKind::Organization => &[NodeKind::Agency, NodeKind::TechnicalCommittee],
        MentionKind::Committee => &[NodeKind::TechnicalCommittee, NodeKind::Agency],
        MentionKind::Person => &[NodeKind::Person],
        MentionKind::Code | MentionKind::PlanNumber => &[NodeKind::Standard],
        MentionKind::Title => &[NodeKind::Standard, NodeKind::Document],
        MentionKind::Event => &[NodeKind::Event],
        MentionKind::Mou => &[NodeKind::Mou],
        MentionKind::Topic => &[NodeKind::Topic],
        MentionKind::Date | MentionKind::CommentCall | MentionKind::Lifecycle => &[],
    }
}

/// The candidate a name stands for, and the link's score; `None` when the context cannot choose.
fn resolve<'t>(
    graph: &KnowledgeGraph,
    targets: &'t [Target],
    context: &HashSet<NodeId>,
    wanted: Option<&[NodeKind]>,
) -> Option<(&'t Target, f32)> {
    let fits = |t: &&Target| wanted.is_none_or(|w| w.contains(&t.kind));
    let candidates: Vec<&Target> = targets.iter().filter(fits).collect();
    match candidates.as_slice() {
        [] => None,
        [one] => Some((one, if one.exact_case { 0.95 } else { 0.9 })),
        many => {
            let related = |t: &Target| {
                graph.get(t.node.as_str()).map_or(0, |n| {
                    n.relations(Way::Both, &[])
                        .iter()
                        .filter(|r| context.contains(r.other.id()))
                        .count()
                })
            };
            let scored: Vec<(usize, &Target)> = many.iter().map(|t| (related(t), *t)).collect();
            let best = scored.iter().map(|(s, _)| *s).max().unwrap_or(0);
            let top: Vec<&Target> = scored
                .iter()
                .filter(|(s, _)| *s == best && best > 0)
                .map(|(_, t)| *t)
                .collect();
            (top.len() == 1).then(|| (top[0], 0.6))
        }
    }
}

/// Links the pattern mentions of one text: a code to the standard the graph holds for that edition,
/// a committee code, a definition, a person, a title to the node of that name. `known` are the
/// gazetteer's mentions of the same text, the context for ambiguous names. Mentions that match no
/// node keep no link (the proposal may create their node).
pub fn link_mentions(
    graph: &KnowledgeGraph,
    gazetteer: &Gazetteer,
    mentions: &mut [Mention],
    known: &[Mention],
) {
    let context: HashSet<NodeId> = known
        .iter()
        .filter_map(|m| m.link.as_ref().map(|l| l.node.clone()))
        .collect();
    for mention in mentions.iter_mut().filter(|m| m.link.is_none()) {
        mention.link = match mention.kind {
            MentionKind::Code => link_code(graph, mention),
            MentionKind::Date
            | MentionKind::CommentCall
            | MentionKind::Lifecycle
            | MentionKind::PlanNumber => None,
            kind => {
                let wanted = wanted_kinds(kind);
                let names = mention_names(mention);
                names.iter().find_map(|name| {
                    let targets = gazetteer.lookup(name);
                    resolve(graph, targets, &context, Some(wanted)).map(|(t, score)| Link {
                        node: t.node.clone(),
                        matched: t.matched.clone(),
                        score,
                        proposed: false,
                    })
                })
            }
        };
    }
}

/// The names a pattern mention may be looked up by: its value (a committee code), its text without
/// quotes, and for a definition `Full Name (ABBR)` the full name and the abbreviation.
pub fn mention_names(mention: &Mention) -> Vec<String> {
    let mut names = Vec::new();
    // A person's value is the organization after `of`, not a name of the person.
    if let Some(value) = mention
        .value
        .as_ref()
        .filter(|_| mention.kind != MentionKind::Person)
    {
        names.push(value.clone());
    }
    let text = mention
        .text
        .trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    if let Some((full, abbreviation)) = split_definition(text) {
        names.push(full.to_owned());
        names.push(abbreviation.to_owned());
    }
    names.push(text.trim_end_matches(')').to_owned());
    names.retain(|n| !n.trim().is_empty());
    names
}

/// `China Electronics Standardization Institute (CESI)` as its full name and abbreviation.
pub fn split_definition(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let (full, abbreviation) = (inner[..open].trim(), inner[open + 1..].trim());
    (!full.is_empty() && !abbreviation.is_empty()).then_some((full, abbreviation))
}

/// A code links to the edition it names, or for a code without a year to its series' newest edition.
fn link_code(graph: &KnowledgeGraph, mention: &Mention) -> Option<Link> {
    let code = mention.value.as_deref().unwrap_or(&mention.text);
    let (node, how) = graph.find_standard_match(code)?;
    let exact = StandardCode::parse(code).ok()?;
    let score = match how {
        CodeMatch::Edition | CodeMatch::DottedYear => 1.0,
        CodeMatch::Series if exact.year().is_none() => 0.9,
        _ => return None,
    };
    Some(Link {
        node: node.id().clone(),
        matched: node.node().name.clone(),
        score,
        proposed: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgencyData, Node, NodeData};

    fn graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let src = NodeId::parse("src:a").unwrap();
        let mut source = Node::new(src.clone(), "a", NodeData::Source(Default::default()));
        source.sources = std::sync::Arc::new(vec![src.clone()]);
        g.insert_node(source, 1).unwrap();
        for (id, name, abbreviation) in [
            (
                "agency:cesi",
                "China Electronics Standardization Institute",
                "CESI",
            ),
            ("agency:cas", "China Standardization Association", "CAS"),
        ] {
            let mut n = Node::new(
                NodeId::parse(id).unwrap(),
                name,
                NodeData::Agency(AgencyData {
                    abbreviation: Some(abbreviation.into()),
                    ..Default::default()
                }),
            );
            n.sources = std::sync::Arc::new(vec![src.clone()]);
            g.insert_node(n, 1).unwrap();
        }
        g
    }

    #[test]
    fn names_match_in_any_case_abbreviations_only_in_theirs() {
        let g = graph();
        let text = "The china electronics standardization institute (CESI) met; cas and CAS.";
        let found = find_known(&g, text);
        let spans: Vec<(&str, &str)> = found
            .iter()
            .map(|m| (m.text.as_str(), m.link.as_ref().unwrap().node.as_str()))
            .collect();
        assert_eq!(
            spans,
            [
                ("china electronics standardization institute", "agency:cesi"),
                ("CESI", "agency:cesi"),
                ("CAS", "agency:cas"),
            ]
        );
    }

    #[test]
    fn words_inside_longer_words_are_not_names() {
        let g = graph();
        assert!(find_known(&g, "CESIX and XCAS").is_empty());
    }

    #[test]
    fn definitions_split_into_name_and_abbreviation() {
        assert_eq!(
            split_definition("National Energy Administration (NEA)"),
            Some(("National Energy Administration", "NEA"))
        );
        assert_eq!(split_definition("no definition"), None);
    }
}
