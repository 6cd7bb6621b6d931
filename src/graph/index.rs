//! Precomputed, normalized text of a node, so lookups and search never normalize the same text twice.

use std::sync::Arc;

use std::hash::BuildHasher;

use foldhash::HashMap;
use petgraph::stable_graph::NodeIndex;

use crate::model::{Node, NodeData, normalize_text};

/// The normalized strings a node is found by: its standard code's key and series key, its
/// abbreviation, its description, and its names (name, Chinese name, aliases, title, committee
/// code, abbreviation; sorted, without duplicates).
///
/// All of them live in one string, joined by `\n`, which normalized text never holds (it turns
/// every run of white space into one space): one allocation per node instead of one per key, and
/// 16 bytes in the node instead of 120.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchKeys {
    text: Box<str>,
}

/// The parts of [`SearchKeys::text`] before the names.
const CODE_KEY: usize = 0;
const SERIES_KEY: usize = 1;
const ABBREVIATION: usize = 2;
const DESCRIPTION: usize = 3;
const NAMES: usize = 4;

impl SearchKeys {
    pub fn of(node: &Node) -> Self {
        let mut names = vec![normalize_text(&node.name)];
        names.extend(node.name_zh().map(normalize_text));
        names.extend(node.aliases().iter().map(|s| normalize_text(s)));
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
        Self::from_parts(
            code.as_ref().map(|c| c.key()).as_deref(),
            code.as_ref().map(|c| c.series_key()).as_deref(),
            abbreviation.as_deref(),
            names.iter().map(String::as_str),
            &normalize_text(&node.description),
        )
    }

    /// Keys computed before (the graph image keeps them). An empty key counts as none.
    pub fn from_parts<'a, I>(
        code_key: Option<&str>,
        series_key: Option<&str>,
        abbreviation: Option<&str>,
        names: I,
        description: &str,
    ) -> Self
    where
        I: IntoIterator<Item = &'a str>,
        I::IntoIter: Clone,
    {
        let fixed = [
            code_key.unwrap_or(""),
            series_key.unwrap_or(""),
            abbreviation.unwrap_or(""),
            description,
        ];
        let names = names.into_iter().filter(|n| !n.is_empty());
        // One allocation of the exact size: start-up builds a million of these.
        let len = fixed.iter().map(|p| p.len() + 1).sum::<usize>()
            + names.clone().map(|n| n.len() + 1).sum::<usize>();
        let mut text = String::with_capacity(len);
        for part in fixed {
            push_part(&mut text, part);
            text.push(SEPARATOR);
        }
        for (i, name) in names.enumerate() {
            if i > 0 {
                text.push(SEPARATOR);
            }
            push_part(&mut text, name);
        }
        Self {
            text: text.into_boxed_str(),
        }
    }

    fn part(&self, which: usize) -> &str {
        self.text
            .splitn(NAMES + 1, SEPARATOR)
            .nth(which)
            .unwrap_or("")
    }

    fn key(&self, which: usize) -> Option<&str> {
        Some(self.part(which)).filter(|k| !k.is_empty())
    }

    /// Normalized lookup key of the standard code (`GB/T22239-2019`).
    pub fn code_key(&self) -> Option<&str> {
        self.key(CODE_KEY)
    }

    /// Normalized key of the code's series (`GB/T22239`).
    pub fn series_key(&self) -> Option<&str> {
        self.key(SERIES_KEY)
    }

    /// Normalized abbreviation (`sac`).
    pub fn abbreviation(&self) -> Option<&str> {
        self.key(ABBREVIATION)
    }

    /// Normalized description.
    pub fn description(&self) -> &str {
        self.part(DESCRIPTION)
    }

    /// Normalized name, Chinese name, aliases, title, committee code: what an exact lookup matches.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.part(NAMES).split(SEPARATOR).filter(|n| !n.is_empty())
    }

    /// True when both hold the same names, abbreviation and code keys: everything but the
    /// description, which only the trigram index holds.
    pub fn same_names(&self, other: &SearchKeys) -> bool {
        (0..DESCRIPTION).all(|part| self.part(part) == other.part(part))
            && self.part(NAMES) == other.part(NAMES)
    }
}

/// Between the parts of [`SearchKeys::text`].
const SEPARATOR: char = '\n';

/// Appends a key, with any separator in it (there is none in normalized text) made a space.
fn push_part(text: &mut String, part: &str) {
    if part.contains(SEPARATOR) {
        text.extend(part.chars().map(|c| if c == SEPARATOR { ' ' } else { c }));
    } else {
        text.push_str(part);
    }
}

/// Nodes by an exact key (a node id, a normalized name, standard code or code series), filed under
/// 32 bits of the key's hash rather than the key itself: every node already holds its id and its
/// [`SearchKeys`], so the index does not keep a second copy of a million names. Lookups therefore
/// return candidates that the caller confirms against the candidates' own keys (keys whose hashes
/// collide share candidates).
///
/// One entry is 8 bytes, the hash and the node, in one open-addressing table for all keys (a key
/// filed for several nodes has one entry per node): a hash map of key hash to node list took 24
/// bytes per key, and at a million nodes the name index alone was 105 MB where this is 37 MB.
#[derive(Clone, Debug, Default)]
pub struct KeyIndex {
    hasher: foldhash::quality::RandomState,
    entries: hashbrown::HashTable<Filed>,
}

/// One node filed under one key.
#[derive(Clone, Copy, Debug)]
struct Filed {
    key_hash: u32,
    node: NodeIndex,
}

/// The table's hash of an entry: its 32 hash bits spread over 64 (the table takes its buckets from
/// the low bits and a tag from the top seven).
fn spread(key_hash: u32) -> u64 {
    u64::from(key_hash).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn rehash(filed: &Filed) -> u64 {
    spread(filed.key_hash)
}

impl KeyIndex {
    fn hash(&self, key: &str) -> u32 {
        // The low half of a 64-bit hash of good quality is itself a good 32-bit hash.
        self.hasher.hash_one(key) as u32
    }

    pub fn insert(&mut self, key: &str, ix: NodeIndex) {
        let key_hash = self.hash(key);
        self.entries
            .insert_unique(spread(key_hash), Filed { key_hash, node: ix }, rehash);
    }

    /// Takes `ix` off `key` (once: a node with a key twice was filed twice).
    pub fn remove(&mut self, key: &str, ix: NodeIndex) {
        let key_hash = self.hash(key);
        if let Ok(entry) = self
            .entries
            .find_entry(spread(key_hash), |f| f.key_hash == key_hash && f.node == ix)
        {
            entry.remove();
        }
    }

    /// The nodes filed under `key`'s hash: those with the key, and rarely others whose key's hash
    /// collides with it. In no particular order.
    pub fn candidates(&self, key: &str) -> impl Iterator<Item = NodeIndex> + '_ {
        let key_hash = self.hash(key);
        self.entries
            .iter_hash(spread(key_hash))
            .filter(move |f| f.key_hash == key_hash)
            .map(|f| f.node)
    }

    /// True when `key` is filed under `key_hash` (a hash from [`KeyIndex::shared`]).
    pub fn hashes_to(&self, key: &str, key_hash: u32) -> bool {
        self.hash(key) == key_hash
    }

    /// Every group of two or more entries under one hash, with the hash, each group once.
    pub fn shared(&self) -> Vec<(u32, Vec<NodeIndex>)> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for first in &self.entries {
            let group = || {
                self.entries
                    .iter_hash(spread(first.key_hash))
                    .filter(|f| f.key_hash == first.key_hash)
            };
            if group().nth(1).is_some() && seen.insert(first.key_hash) {
                out.push((first.key_hash, group().map(|f| f.node).collect()));
            }
        }
        out
    }

    pub fn with_capacity(keys: usize) -> Self {
        Self {
            entries: hashbrown::HashTable::with_capacity(keys),
            ..Self::default()
        }
    }
}

/// Trigram postings for substring search: every run of three characters (no spaces) in a node's
/// normalized names and description, mapped to the nodes whose text holds it, sorted by node index.
/// A query word of three or more characters can only match nodes in the intersection of its
/// trigrams' postings, so search checks those nodes instead of every node. Trigrams of lower-case
/// ASCII letters and digits (most of them) live in a table indexed by the trigram itself; the rest
/// in a hash map.
///
/// A posting list is a Roaring bitmap: per 65,536 node indexes, a sorted array of 16-bit offsets,
/// or a bitmap of 8 KB once more than 4,096 of them are in the list. At a million nodes, where the
/// common trigrams of names are in a good part of all nodes, this is ~2 bytes an entry or less
/// where a `Vec<u32>` took 4 (175 MB of postings).
#[derive(Clone, Debug)]
pub struct TrigramIndex {
    // Each posting list is shared between snapshots and copied only when a write changes it.
    dense: Vec<Arc<Postings>>,
    sparse: HashMap<u64, Arc<Postings>>,
    /// While a graph is built in bulk (start-up): each trigram's nodes as a plain list, turned into
    /// bitmaps all at once when the build is done ([`TrigramIndex::shrink_to_fit`]). Appending to a
    /// bitmap one value at a time first scans its last container for the largest value, which made
    /// start-up at 1M nodes 3 s slower.
    bulk: Option<Box<HashMap<u64, Vec<u32>>>>,
}

/// The nodes (by index) whose text holds one trigram.
pub type Postings = roaring::RoaringBitmap;

/// How many of a query's trigram lists (the shortest) are intersected.
const INTERSECTED_LISTS: usize = 3;

/// Letters and digits: the alphabet of the dense table.
const DENSE_SYMBOLS: usize = 36;

impl Default for TrigramIndex {
    fn default() -> Self {
        Self {
            dense: vec![Arc::default(); DENSE_SYMBOLS.pow(3)],
            sparse: HashMap::default(),
            bulk: None,
        }
    }
}

/// A trigram's slot in the dense table, if its three characters are ASCII letters or digits.
fn dense_slot(gram: u64) -> Option<usize> {
    let symbol = |c: u64| match c {
        0x61..=0x7a => Some((c - 0x61) as usize),
        0x30..=0x39 => Some((c - 0x30) as usize + 26),
        _ => None,
    };
    let (a, b, c) = (gram >> 42, (gram >> 21) & 0x1f_ffff, gram & 0x1f_ffff);
    Some((symbol(a)? * DENSE_SYMBOLS + symbol(b)?) * DENSE_SYMBOLS + symbol(c)?)
}

impl TrigramIndex {
    /// The distinct trigrams of a node's searchable text.
    fn of_keys(keys: &SearchKeys) -> Vec<u64> {
        let mut grams: Vec<u64> = Vec::new();
        for text in keys.names().chain(std::iter::once(keys.description())) {
            push_trigrams(text, &mut grams);
        }
        grams.sort_unstable();
        grams.dedup();
        grams
    }

    /// Collects inserted nodes in plain lists until [`TrigramIndex::shrink_to_fit`]; the index
    /// answers no query meanwhile (a graph being built in bulk is not read).
    pub fn begin_bulk(&mut self) {
        self.bulk.get_or_insert_with(Box::default);
    }

    /// Files what was collected since [`TrigramIndex::begin_bulk`] into the bitmaps.
    fn finish_bulk(&mut self) {
        let Some(bulk) = self.bulk.take() else {
            return;
        };
        for (gram, mut nodes) in *bulk {
            if !nodes.is_sorted_by(|a, b| a < b) {
                nodes.sort_unstable();
                nodes.dedup();
            }
            let list = Arc::make_mut(self.slot(gram));
            if list.is_empty() {
                *list = Postings::from_sorted_iter(nodes).expect("sorted without duplicates");
            } else {
                list.extend(nodes);
            }
        }
    }

    /// The list of a trigram, created empty if it has none.
    fn slot(&mut self, gram: u64) -> &mut Arc<Postings> {
        match dense_slot(gram) {
            Some(slot) => &mut self.dense[slot],
            None => self.sparse.entry(gram).or_default(),
        }
    }

    fn list(&self, gram: u64) -> Option<&Postings> {
        debug_assert!(self.bulk.is_none(), "a bulk build was not finished");
        match dense_slot(gram) {
            Some(slot) => Some(&*self.dense[slot]).filter(|l| !l.is_empty()),
            None => self.sparse.get(&gram).map(|l| &**l),
        }
    }

    pub fn insert(&mut self, node: u32, keys: &SearchKeys) {
        self.insert_grams(node, Self::of_keys(keys));
    }

    /// Gives back the room lists grew into: after a bulk load, a quarter of their memory on average.
    /// (Call only on a graph no other snapshot shares lists with, or they are copied.)
    pub fn shrink_to_fit(&mut self) {
        self.finish_bulk();
        let mut bytes = Vec::new();
        for list in self.dense.iter_mut().chain(self.sparse.values_mut()) {
            if list.is_empty() {
                continue;
            }
            // The bitmap's arrays grow by doubling and have no `shrink_to_fit`; read back from
            // its serialized form, each is allocated at its exact length.
            bytes.clear();
            list.serialize_into(&mut bytes)
                .expect("writing to a Vec cannot fail");
            let exact = Postings::deserialize_unchecked_from(&bytes[..])
                .expect("a bitmap reads back what it wrote");
            *Arc::make_mut(list) = exact;
        }
        self.sparse.shrink_to_fit();
    }

    /// Moves a node from the lists of its old text's trigrams to its new text's, touching only the
    /// lists of trigrams that differ (each touched list is copied if another snapshot shares it).
    pub fn replace(&mut self, node: u32, old: &SearchKeys, new: &SearchKeys) {
        let (old, new) = (Self::of_keys(old), Self::of_keys(new));
        let gone = old
            .iter()
            .filter(|g| new.binary_search(g).is_err())
            .copied();
        self.remove_grams(node, gone.collect());
        let added = new
            .iter()
            .filter(|g| old.binary_search(g).is_err())
            .copied();
        self.insert_grams(node, added.collect());
    }

    fn insert_grams(&mut self, node: u32, grams: Vec<u64>) {
        if let Some(bulk) = &mut self.bulk {
            for gram in grams {
                bulk.entry(gram).or_default().push(node);
            }
            return;
        }
        for gram in grams {
            Arc::make_mut(self.slot(gram)).insert(node);
        }
    }

    pub fn remove(&mut self, node: u32, keys: &SearchKeys) {
        self.remove_grams(node, Self::of_keys(keys));
    }

    fn remove_grams(&mut self, node: u32, grams: Vec<u64>) {
        self.finish_bulk();
        for gram in grams {
            let list = Arc::make_mut(match dense_slot(gram) {
                Some(slot) => &mut self.dense[slot],
                None => match self.sparse.get_mut(&gram) {
                    Some(list) => list,
                    None => continue,
                },
            });
            list.remove(node);
            if list.is_empty() && dense_slot(gram).is_none() {
                self.sparse.remove(&gram);
            }
        }
    }

    /// The (at most three) shortest posting lists of a query's trigrams: a node holding every word
    /// is in each of them. `None` when a word is shorter than three characters and the index cannot
    /// narrow the search; one empty list when some trigram occurs nowhere.
    pub fn narrowest_lists(&self, words: &[&str]) -> Option<Vec<&Postings>> {
        static NOWHERE: std::sync::LazyLock<Postings> = std::sync::LazyLock::new(Postings::new);
        let mut lists: Vec<&Postings> = Vec::new();
        for word in words {
            let grams: Vec<u64> = trigrams(word).collect();
            if grams.is_empty() {
                return None;
            }
            for gram in grams {
                match self.list(gram) {
                    Some(list) => lists.push(list),
                    None => return Some(vec![&*NOWHERE]),
                }
            }
        }
        // The rarest trigrams narrow the candidates enough; search checks every candidate's text
        // anyway, so the common ones would only cost time.
        lists.sort_by_key(|l| l.len());
        lists.truncate(INTERSECTED_LISTS);
        Some(lists)
    }

    /// Nodes whose text may hold `word` with one letter added, dropped or changed: those holding all
    /// but three of its trigrams (one edit changes at most three), at most `limit` of them, those
    /// holding the most first. A superset: callers check each one's text.
    pub fn near(&self, word: &str, limit: usize) -> Vec<u32> {
        let mut grams: Vec<u64> = trigrams(word).collect();
        grams.sort_unstable();
        grams.dedup();
        let need = grams.len().saturating_sub(3).max(1);
        let lists: Vec<&Postings> = grams.iter().filter_map(|&g| self.list(g)).collect();
        if lists.len() < need {
            return Vec::new();
        }
        let bound = lists
            .iter()
            .filter_map(|l| l.max())
            .max()
            .map_or(0, |m| m as usize + 1);
        let mut counts = vec![0u8; bound];
        for list in &lists {
            for i in list.iter() {
                counts[i as usize] = counts[i as usize].saturating_add(1);
            }
        }
        let mut out = Vec::new();
        for held in (need..=lists.len()).rev() {
            let held = u8::try_from(held).unwrap_or(u8::MAX);
            out.extend(
                counts
                    .iter()
                    .enumerate()
                    .filter(|&(_, &c)| c == held)
                    .map(|(i, _)| i as u32)
                    .take(limit - out.len()),
            );
            if out.len() == limit {
                break;
            }
        }
        out
    }

    /// Nodes that may contain every word (sorted; a superset: callers check each one's text), or
    /// `None` when a word is shorter than three characters and the index cannot narrow the search.
    pub fn candidates(&self, words: &[&str]) -> Option<Vec<u32>> {
        intersection(&self.narrowest_lists(words)?)
    }
}

/// The nodes in every one of `lists` (sorted); `None` for no lists.
pub fn intersection(lists: &[&Postings]) -> Option<Vec<u32>> {
    let (first, rest) = lists.split_first()?;
    let mut out: Postings = (*first).clone();
    for list in rest {
        out &= *list;
        if out.is_empty() {
            break;
        }
    }
    Some(out.into_iter().collect())
}

/// The trigrams of a text without spaces, each packed as three 21-bit code points.
fn trigrams(text: &str) -> impl Iterator<Item = u64> + '_ {
    let mut grams = Vec::new();
    push_trigrams(text, &mut grams);
    grams.into_iter()
}

/// Appends the trigrams of `text` to `out` (one pass over its characters, no allocation of its own:
/// start-up computes them for every name of a million nodes).
fn push_trigrams(text: &str, out: &mut Vec<u64>) {
    let mut window = [' '; 3];
    for (i, c) in text.chars().enumerate() {
        window = [window[1], window[2], c];
        if i >= 2 && !window.contains(&' ') {
            let [a, b, c] = window.map(u64::from);
            out.push((a << 42) | (b << 21) | c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{KeyIndex, Postings, SearchKeys, TrigramIndex, intersection, trigrams};
    use petgraph::stable_graph::NodeIndex;

    #[test]
    fn search_keys_keep_every_part_in_one_string() {
        assert_eq!(std::mem::size_of::<SearchKeys>(), 16);
        let keys = SearchKeys::from_parts(
            Some("GB/T22239-2019"),
            Some("GB/T22239"),
            None,
            ["gb/t 22239-2019", "信息安全技术", "odd\nname"],
            "baseline for classified protection",
        );
        assert_eq!(keys.code_key(), Some("GB/T22239-2019"));
        assert_eq!(keys.series_key(), Some("GB/T22239"));
        assert_eq!(keys.abbreviation(), None);
        assert_eq!(keys.description(), "baseline for classified protection");
        // A separator inside a key (normalized text never has one) becomes a space.
        assert_eq!(
            keys.names().collect::<Vec<_>>(),
            ["gb/t 22239-2019", "信息安全技术", "odd name"]
        );
        let bare = SearchKeys::from_parts(None, None, Some(""), [], "");
        assert_eq!(bare.abbreviation(), None);
        assert_eq!(bare.names().count(), 0);
        assert_eq!(bare.description(), "");
        assert!(!bare.same_names(&keys));
        let other_text = SearchKeys::from_parts(
            Some("GB/T22239-2019"),
            Some("GB/T22239"),
            None,
            ["gb/t 22239-2019", "信息安全技术", "odd name"],
            "another description",
        );
        assert!(keys.same_names(&other_text));
    }

    #[test]
    fn trigrams_are_every_three_characters_without_a_space() {
        let naive = |text: &str| -> Vec<u64> {
            let chars: Vec<char> = text.chars().collect();
            chars
                .windows(3)
                .filter(|w| !w.contains(&' '))
                .map(|w| (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2]))
                .collect()
        };
        for text in [
            "",
            "ab",
            "abc",
            "ab cd",
            "gb/t 22239-2019",
            "国家标准化 委员会",
            "a b c d",
        ] {
            assert_eq!(trigrams(text).collect::<Vec<_>>(), naive(text), "{text:?}");
        }
    }

    #[test]
    fn key_index_files_and_unfiles_nodes_by_key() {
        let (a, b, c) = (NodeIndex::new(1), NodeIndex::new(2), NodeIndex::new(3));
        let mut index = KeyIndex::default();
        let sorted = |index: &KeyIndex, key: &str| {
            let mut nodes: Vec<NodeIndex> = index.candidates(key).collect();
            nodes.sort();
            nodes
        };
        index.insert("sac", a);
        assert_eq!(sorted(&index, "sac"), [a]);
        assert!(index.shared().is_empty());
        index.insert("sac", b);
        index.insert("sac", c);
        index.insert("cesi", c);
        assert_eq!(sorted(&index, "sac"), [a, b, c]);
        let shared = index.shared();
        assert_eq!(shared.len(), 1, "one group, reported once");
        let (hash, mut nodes) = shared[0].clone();
        nodes.sort();
        assert_eq!(nodes, [a, b, c]);
        assert!(index.hashes_to("sac", hash) && !index.hashes_to("cesi", hash));
        index.remove("sac", b);
        assert_eq!(sorted(&index, "sac"), [a, c]);
        index.remove("sac", a);
        assert_eq!(sorted(&index, "sac"), [c]);
        assert!(index.shared().is_empty());
        index.remove("sac", a);
        index.remove("nothing", a);
        assert_eq!(sorted(&index, "sac"), [c]);
        // A node filed twice under one key is taken off once per removal.
        index.insert("sac", c);
        index.remove("sac", c);
        assert_eq!(sorted(&index, "sac"), [c]);
        index.remove("sac", c);
        assert!(sorted(&index, "sac").is_empty());
        assert_eq!(sorted(&index, "cesi"), [c]);
        assert_eq!(index.entries.len(), 1);
        // A copy is independent and finds the same keys (it keeps the hasher).
        let copy = index.clone();
        index.remove("cesi", c);
        assert_eq!(sorted(&copy, "cesi"), [c]);
        assert!(sorted(&index, "cesi").is_empty());
    }

    #[test]
    fn key_index_entries_take_eight_bytes() {
        assert_eq!(size_of::<super::Filed>(), 8);
        // Many keys: each still finds exactly its own nodes.
        let mut index = KeyIndex::with_capacity(16);
        for i in 0..10_000 {
            index.insert(&format!("name {i}"), NodeIndex::new(i));
            index.insert(&format!("alias {}", i / 2), NodeIndex::new(i));
        }
        for i in (0..10_000).step_by(97) {
            let found: Vec<NodeIndex> = index
                .candidates(&format!("name {i}"))
                .filter(|n| n.index() == i)
                .collect();
            assert_eq!(found, [NodeIndex::new(i)]);
            let mut pair: Vec<usize> = index
                .candidates(&format!("alias {}", i / 2))
                .map(|n| n.index())
                .filter(|n| n / 2 == i / 2)
                .collect();
            pair.sort();
            assert_eq!(pair, [i / 2 * 2, i / 2 * 2 + 1]);
        }
    }

    #[test]
    fn intersection_keeps_what_every_list_holds() {
        let list = |values: &[u32]| values.iter().copied().collect::<Postings>();
        let (odd, some) = (list(&[1, 3, 5, 7, 9]), list(&[2, 3, 4, 9, 10]));
        assert_eq!(intersection(&[&odd, &some]), Some(vec![3, 9]));
        assert_eq!(intersection(&[&list(&[]), &some]), Some(vec![]));
        assert_eq!(intersection(&[&list(&[4])]), Some(vec![4]));
        assert_eq!(intersection(&[]), None);
        // Across containers: arrays and 8 KB bitmaps (more than 4,096 of one 65,536 range).
        let evens: Postings = (0..200_000).map(|i| i * 2).collect();
        let threes: Postings = (0..140_000).map(|i| i * 3).collect();
        let sevens: Postings = (0..60_000).map(|i| i * 7).collect();
        let expected: Vec<u32> = (0..400_000).step_by(42).collect();
        let found = intersection(&[&sevens, &evens, &threes]).unwrap();
        assert!(found == expected, "{} multiples of 42", found.len());
    }

    #[test]
    fn trigram_lists_follow_inserts_removals_and_shrinking() {
        let keys = |name: &str| SearchKeys::from_parts(None, None, None, [name], "");
        let mut index = TrigramIndex::default();
        index.begin_bulk();
        for node in 0..70_000u32 {
            let name = if node % 2 == 0 {
                "even cipher"
            } else {
                "odd cipher"
            };
            index.insert(node, &keys(name));
        }
        index.remove(4, &keys("even cipher"));
        index.replace(6, &keys("even cipher"), &keys("odd cipher"));
        index.shrink_to_fit();
        let found = |words: &[&str]| index.candidates(words).unwrap();
        let odd: Vec<u32> = (0..70_000).filter(|n| n % 2 == 1 || *n == 6).collect();
        assert_eq!(found(&["odd", "cipher"]), odd);
        assert_eq!(found(&["even"]).len(), 35_000 - 2);
        assert_eq!(found(&["cipher"]).len(), 70_000 - 1);
        assert_eq!(found(&["nothing"]), Vec::<u32>::new());
        assert_eq!(index.candidates(&["od"]), None, "too short to narrow");
    }
}
