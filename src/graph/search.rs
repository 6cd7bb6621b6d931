//! Ranked search across names, Chinese names, aliases, abbreviations, codes and descriptions.
//!
//! Ranking puts what an analyst most likely meant first: the exact standard code, then the exact
//! abbreviation, an exact name or alias (also when typed with other spaces or punctuation: `tc 260`,
//! `sac tc 260`), a name that starts with the query, a name that contains it, names that hold every
//! word of it, and last a text (names and description) that holds every word of it, more words in
//! the names first. Matching is case- and width-insensitive and works on Chinese text, which has no
//! spaces, by substring. A query that matches nothing is tried once more allowing a one-letter typo
//! in each word of six letters or more. Sources (the articles facts come from) rank after the
//! entities unless the search asks for sources.

use petgraph::stable_graph::NodeIndex;

use crate::model::{NodeKind, StandardCode, normalize_text};

use super::{KnowledgeGraph, NodeRef};

/// Why a node matched a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SearchMatch {
    Code,
    Abbreviation,
    ExactName,
    CodeSeries,
    NamePrefix,
    NameContains,
    NameWords,
    Description,
    Similar,
}

impl SearchMatch {
    /// Higher is better.
    pub fn score(self) -> u32 {
        match self {
            SearchMatch::Code => 100,
            SearchMatch::Abbreviation => 95,
            SearchMatch::ExactName => 90,
            SearchMatch::CodeSeries => 80,
            SearchMatch::NamePrefix => 70,
            SearchMatch::NameContains => 50,
            SearchMatch::NameWords => 40,
            SearchMatch::Description => 20,
            SearchMatch::Similar => 10,
        }
    }
}

/// One search result.
#[derive(Clone, Copy, Debug)]
pub struct SearchHit<'g> {
    pub node: NodeRef<'g>,
    pub matched: SearchMatch,
    /// How many of the query's words the node's names hold: ranks hits of one tier.
    pub name_words: u16,
    /// A source in a search that did not ask for sources: ranked after the entities.
    pub demoted: bool,
}

/// Words this long or longer may carry a one-letter typo (`clasified`).
const TYPO_MIN_CHARS: usize = 6;

/// Most candidates a typo-tolerant search checks, those sharing the most trigrams with the query
/// first: it runs only when nothing matched, and must stay cheap however the query is made up.
const SIMILAR_CANDIDATES: usize = 10_000;

impl SearchHit<'_> {
    /// Where the hit ranks, lower first (see [`SearchRank`]). Hits with equal ranks go by id.
    /// Cursors of ranked results carry it.
    pub fn rank(&self) -> SearchRank {
        SearchRank {
            demoted: self.demoted,
            score: std::cmp::Reverse(self.matched.score()),
            name_words: std::cmp::Reverse(self.name_words),
            name_len: self.node.node().name.len(),
        }
    }
}

/// Where a search hit ranks, compared field by field, lower first: entities before sources (unless
/// the search asks for sources), the better match (the higher score), the names holding more of
/// the query's words, the shorter name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SearchRank {
    pub demoted: bool,
    pub score: std::cmp::Reverse<u32>,
    pub name_words: std::cmp::Reverse<u16>,
    pub name_len: usize,
}

/// How many entries of the narrowest lists one step of [`KnowledgeGraph::walk_id_order`] costs as
/// much as, when the intersection reads them instead: a step tests membership in three Roaring
/// bitmaps, and the intersection visits every entry it keeps through the bitmaps' iterators, which
/// cost several times a sorted array's. (It was 16 with sorted arrays; at 100k nodes that sent Q4
/// to the intersection: 7,400-10,900 req/s against 12,600 with the walk.)
const WALK_STEP_COST: usize = 4;

impl KnowledgeGraph {
    /// All nodes matching `query`, best first (ties: shorter name, then id). Empty for a blank query.
    pub fn search(&self, query: &str, kinds: &[NodeKind]) -> Vec<SearchHit<'_>> {
        self.search_with(query, kinds, true)
    }

    /// The first `limit` nodes matching `query` in id order, after the id `after`: what a page of
    /// search results by id needs, without classifying every match. Candidates from the trigram index
    /// (or every node, for words shorter than three characters) are visited in id order until the page
    /// is full.
    pub fn search_by_id(
        &self,
        query: &str,
        kinds: &[NodeKind],
        after: Option<&str>,
        limit: usize,
    ) -> Vec<SearchHit<'_>> {
        let q = normalize_text(query);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let query = Query::new(query, &q);
        let order = self.id_order();
        let lists = self.trigrams.narrowest_lists(&query.words);
        if let Some(lists) = &lists
            && let Some(hits) =
                self.walk_id_order(&order.by_rank, lists, &query, kinds, after, limit)
        {
            return hits;
        }
        let mut candidates: Vec<u32> = match lists.as_deref().and_then(super::index::intersection) {
            Some(mut c) => {
                c.extend(self.key_matches(&query, &q).map(|ix| ix.index() as u32));
                c.iter().map(|&i| order.rank[i as usize]).collect()
            }
            None => (0..order.by_rank.len() as u32).collect(),
        };
        // Visit candidates in rank (id) order without sorting them all: take the smallest ranks a
        // batch at a time (a partial selection), and stop once the page is full.
        let mut hits = Vec::new();
        let mut rest: &mut [u32] = &mut candidates;
        let mut batch = (limit * 2).max(64);
        let mut last = None;
        while !rest.is_empty() {
            let k = batch.min(rest.len());
            if k < rest.len() {
                rest.select_nth_unstable(k - 1);
            }
            let (head, tail) = rest.split_at_mut(k);
            head.sort_unstable();
            for &rank in head.iter() {
                if last == Some(rank) {
                    continue;
                }
                last = Some(rank);
                let node = NodeRef {
                    graph: self,
                    ix: order.by_rank[rank as usize],
                };
                if after.is_some_and(|a| node.id().as_str() <= a)
                    || !(kinds.is_empty() || kinds.contains(&node.kind()))
                {
                    continue;
                }
                if let Some(hit) = classify(node, &query) {
                    hits.push(hit);
                    if hits.len() == limit {
                        return hits;
                    }
                }
            }
            rest = tail;
            batch = batch.saturating_mul(2);
        }
        hits
    }

    /// [`KnowledgeGraph::search_by_id`] by walking the nodes in id order (`by_rank`) and checking
    /// each against the query's narrowest trigram lists, for queries whose matches are common: a
    /// word in 5% of a million names fills a page of 20 after ~400 nodes, where intersecting its
    /// lists visits ~150,000 entries. `None` (the caller intersects) when the lists' lengths say the
    /// walk would be long, or it turns out so.
    fn walk_id_order(
        &self,
        by_rank: &[NodeIndex],
        lists: &[&super::index::Postings],
        query: &Query<'_>,
        kinds: &[NodeKind],
        after: Option<&str>,
        limit: usize,
    ) -> Option<Vec<SearchHit<'_>>> {
        let shortest = lists.first()?.len() as usize;
        if shortest == 0 {
            return None;
        }
        let start = after.map_or(0, |a| {
            by_rank.partition_point(|&ix| self.graph[ix].node.id.as_str() <= a)
        });
        let remaining = by_rank.len() - start;
        // A step of the walk costs a few binary searches, a step of the intersection one comparison.
        let budget = lists.iter().map(|l| l.len() as usize).sum::<usize>() / WALK_STEP_COST;
        let expected = limit.saturating_mul(remaining) / shortest;
        if expected.saturating_mul(2) > budget {
            return None;
        }
        let by_key: Vec<NodeIndex> = self.key_matches(query, query.text).collect();
        let mut hits = Vec::new();
        for (step, &ix) in by_rank[start..].iter().enumerate() {
            if step == budget {
                return None;
            }
            let i = ix.index() as u32;
            if !by_key.contains(&ix) && !lists.iter().all(|l| l.contains(i)) {
                continue;
            }
            let node = NodeRef { graph: self, ix };
            if !(kinds.is_empty() || kinds.contains(&node.kind())) {
                continue;
            }
            if let Some(hit) = classify(node, query) {
                hits.push(hit);
                if hits.len() == limit {
                    break;
                }
            }
        }
        Some(hits)
    }

    /// Nodes a query names by key rather than by text: its standard code, its code series, its id,
    /// a name it spells without spaces (`tc 260`).
    fn key_matches<'a>(
        &'a self,
        query: &'a Query<'_>,
        text: &'a str,
    ) -> impl Iterator<Item = NodeIndex> + 'a {
        query
            .code_key
            .iter()
            .filter_map(|k| self.with_code(k))
            .chain(query.series_key.iter().flat_map(|k| self.in_series(k)))
            .chain(self.index_of(text))
            .chain(query.compact.iter().flat_map(|k| self.named(k)))
    }

    /// [`KnowledgeGraph::search`], narrowing the candidates with the trigram index or not (tests
    /// compare the two).
    pub(super) fn search_with(
        &self,
        query: &str,
        kinds: &[NodeKind],
        use_index: bool,
    ) -> Vec<SearchHit<'_>> {
        let q = normalize_text(query);
        if q.is_empty() {
            return Vec::new();
        }
        let query = Query::new(query, &q);
        let wanted = |n: &NodeRef<'_>| kinds.is_empty() || kinds.contains(&n.kind());
        let hit = |node| classify(node, &query);
        let candidates = if use_index {
            self.trigrams.candidates(&query.words)
        } else {
            None
        };
        let mut hits: Vec<SearchHit<'_>> = match candidates {
            // Every text match holds each query word, hence its trigrams; codes, series and ids
            // match by key, so their nodes are added to the candidates.
            Some(mut candidates) => {
                candidates.extend(self.key_matches(&query, &q).map(|ix| ix.index() as u32));
                candidates.sort_unstable();
                candidates.dedup();
                candidates
                    .into_iter()
                    .map(|i| NodeRef {
                        graph: self,
                        ix: NodeIndex::new(i as usize),
                    })
                    .filter(wanted)
                    .filter_map(hit)
                    .collect()
            }
            None => self.all_nodes().filter(wanted).filter_map(hit).collect(),
        };
        if hits.is_empty() {
            hits = self.similar(&query, kinds, use_index);
        }
        // Sources name the articles that report on entities, often in the entities' words: they
        // come after the entities unless the search asks for them.
        let sources_last = !kinds.contains(&NodeKind::Source);
        for h in &mut hits {
            h.demoted = sources_last && h.node.kind() == NodeKind::Source;
        }
        hits.sort_by(|a, b| {
            a.rank()
                .cmp(&b.rank())
                .then_with(|| a.node.id().cmp(b.node.id()))
        });
        hits
    }

    /// The nodes whose text holds every word of the query, a word of [`TYPO_MIN_CHARS`] or more
    /// allowing one letter added, dropped or changed (`clasified`; `classifeid` is two): what a
    /// search that found nothing tries next.
    fn similar(
        &self,
        query: &Query<'_>,
        kinds: &[NodeKind],
        use_index: bool,
    ) -> Vec<SearchHit<'_>> {
        let Some(longest) = query
            .words
            .iter()
            .filter(|w| w.chars().count() >= TYPO_MIN_CHARS)
            .max_by_key(|w| w.len())
        else {
            return Vec::new();
        };
        let candidates: Vec<NodeIndex> = if use_index {
            self.trigrams
                .near(longest, SIMILAR_CANDIDATES)
                .into_iter()
                .map(|i| NodeIndex::new(i as usize))
                .collect()
        } else {
            self.all_nodes().map(|n| n.ix).collect()
        };
        let mut hits = Vec::new();
        for ix in candidates {
            let node = NodeRef { graph: self, ix };
            if !(kinds.is_empty() || kinds.contains(&node.kind())) {
                continue;
            }
            let keys = node.search_keys();
            let texts = || keys.names().chain(std::iter::once(keys.description()));
            let found = |w: &str, mut texts: Box<dyn Iterator<Item = &str> + '_>| {
                let long = w.chars().count() >= TYPO_MIN_CHARS;
                texts.any(|t| {
                    t.contains(w)
                        || (long
                            && t.split(|c: char| !c.is_alphanumeric())
                                .any(|token| one_edit_apart(w, token)))
                })
            };
            if !query.words.iter().all(|w| found(w, Box::new(texts()))) {
                continue;
            }
            let name_words = query
                .words
                .iter()
                .filter(|w| found(w, Box::new(keys.names())))
                .count();
            hits.push(SearchHit {
                node,
                matched: SearchMatch::Similar,
                name_words: name_words as u16,
                demoted: false,
            });
        }
        hits
    }
}

/// True when `b` is `a` with one character added, dropped or changed.
fn one_edit_apart(a: &str, b: &str) -> bool {
    // A character takes at most four bytes: words further apart than that in bytes are further
    // apart than one edit (most tokens end here, without collecting their characters).
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        // One change: everything after the first difference agrees.
        prefix < short.len() && short[prefix + 1..] == long[prefix + 1..]
    } else {
        // One insertion: skipping a character of the longer word makes them agree.
        short[prefix..] == long[prefix + 1..]
    }
}

/// A query, normalized once.
struct Query<'q> {
    text: &'q str,
    code_key: Option<String>,
    /// Set only when the query is a code without a year, which names every edition.
    series_key: Option<String>,
    /// The query's letters and digits alone, when it holds anything else (`tc 260` -> `tc260`):
    /// codes and abbreviations are typed with spaces and slashes or without.
    compact: Option<String>,
    words: Vec<&'q str>,
}

impl<'q> Query<'q> {
    /// `raw` as typed, `normalized` its [`normalize_text`].
    fn new(raw: &str, normalized: &'q str) -> Self {
        let code = StandardCode::parse(raw).ok();
        Self {
            code_key: code.as_ref().map(StandardCode::key),
            series_key: code
                .as_ref()
                .filter(|c| c.year().is_none())
                .map(StandardCode::series_key),
            compact: Some(compact(normalized))
                .filter(|c| c.chars().count() >= 3 && c.len() < normalized.len()),
            words: normalized.split(' ').collect(),
            text: normalized,
        }
    }
}

/// The letters and digits of normalized text.
fn compact(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// True when `text` without its spaces and punctuation is `compact`.
fn compacts_to(text: &str, compact: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .eq(compact.chars())
}

fn classify<'g>(node: NodeRef<'g>, query: &Query<'_>) -> Option<SearchHit<'g>> {
    let keys = node.search_keys();
    let q = query.text;
    let all = query.words.len() as u16;
    let hit = |matched, name_words| {
        Some(SearchHit {
            node,
            matched,
            name_words,
            demoted: false,
        })
    };
    if query.code_key.is_some() && keys.code_key() == query.code_key.as_deref() {
        return hit(SearchMatch::Code, all);
    }
    if keys.abbreviation() == Some(q) || node.id().as_str() == q {
        return hit(SearchMatch::Abbreviation, all);
    }
    if keys.names().any(|n| n == q) {
        return hit(SearchMatch::ExactName, all);
    }
    if let Some(c) = &query.compact {
        if keys.abbreviation().is_some_and(|a| compacts_to(a, c)) {
            return hit(SearchMatch::Abbreviation, all);
        }
        if keys.names().any(|n| compacts_to(n, c)) {
            return hit(SearchMatch::ExactName, all);
        }
    }
    if query.series_key.is_some() && keys.series_key() == query.series_key.as_deref() {
        return hit(SearchMatch::CodeSeries, all);
    }
    if keys.names().any(|n| n.starts_with(q)) {
        return hit(SearchMatch::NamePrefix, all);
    }
    if keys.names().any(|n| n.contains(q)) {
        return hit(SearchMatch::NameContains, all);
    }
    let mut name_words = 0;
    for w in &query.words {
        if keys.names().any(|n| n.contains(*w)) {
            name_words += 1;
        } else if !keys.description().contains(*w) {
            return None;
        }
    }
    if name_words == all {
        return hit(SearchMatch::NameWords, all);
    }
    hit(SearchMatch::Description, name_words)
}

#[cfg(test)]
mod tests {
    use super::one_edit_apart;

    #[test]
    fn one_edit_is_one_letter_added_dropped_or_changed() {
        for (a, b) in [
            ("clasified", "classified"),
            ("classifed", "classified"),
            ("clessified", "classified"),
            ("classifiedx", "classified"),
            ("xclassified", "classified"),
        ] {
            assert!(one_edit_apart(a, b), "{a} {b}");
            assert!(one_edit_apart(b, a), "{b} {a}");
        }
        for (a, b) in [
            ("classifeid", "classified"),
            ("clasifed", "classified"),
            ("classified", "classified"),
            ("security", "secure"),
        ] {
            assert!(!one_edit_apart(a, b), "{a} {b}");
        }
    }
}
