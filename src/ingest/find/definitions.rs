//! Definitions of new organizations and committees: a name and its abbreviation or code in
//! parentheses, either way round, with Latin or Chinese parentheses:
//! `China Electronics Standardization Institute (CESI)`, `CESI (China Electronics Standardization
//! Institute)`, `National Information Security Standardization Technical Committee (TC260)`,
//! `全国信息安全标准化技术委员会（TC260）`.
//!
//! The name must end with a word that names a body (Institute, Association, Ministry, Committee, ...,
//! or 研究院, 协会, 委员会, ...); parentheses holding codes, dates or plain words are not
//! definitions. A name saying Committee or Working Group is a committee, any other an organization.
//! Later uses of a defined abbreviation in the same text are mentions too.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{boundary_after, boundary_before, chinese_run_before, committees, is_cjk, mention};
use crate::ingest::{Mention, MentionKind};

/// Parentheses and what they hold (no nested parentheses, at most 150 bytes).
static PARENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*([^()（）\n]{1,150}?)\s*[)）]").expect("the parentheses pattern is valid")
});

/// An abbreviation: two to twelve letters, digits, `&`, `/` or `-`, with at least two capitals, and
/// an optional plural `s` (`ESOs`).
static ABBREVIATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][A-Za-z0-9&/\-]{1,11}$").expect("the abbreviation pattern is valid")
});

/// Last words of a body's English name.
const BODY_WORDS: &[&str] = &[
    "institute",
    "institution",
    "association",
    "administration",
    "commission",
    "ministry",
    "organization",
    "organizations",
    "organisation",
    "committee",
    "subcommittee",
    "council",
    "bureau",
    "office",
    "agency",
    "alliance",
    "center",
    "centre",
    "department",
    "group",
    "union",
    "federation",
    "society",
    "academy",
    "university",
    "secretariat",
    "team",
    "authority",
    "consortium",
    "corporation",
    "company",
    "forum",
    "board",
    "network",
    "laboratory",
];

/// Words that make a name a committee's.
const COMMITTEE_WORDS: &[&str] = &[
    "committee",
    "subcommittee",
    "working group",
    "study group",
    "task force",
    "working party",
    "leading group",
    "expert group",
];

/// Last characters of a body's Chinese name.
const CHINESE_BODIES: &[&str] = &[
    "委员会",
    "工作组",
    "研究院",
    "研究所",
    "协会",
    "学会",
    "联盟",
    "中心",
    "办公室",
    "公司",
    "集团",
    "大学",
    "总局",
    "局",
    "部",
    "署",
    "院",
];

/// Words that end a name when walking back from its end: what stands before them is not the name
/// (`The First Group Leaders Meeting of AI Standardization General Working Group (AIGWG)`).
const STOPS: &[&str] = &[
    "The",
    "A",
    "An",
    "Meeting",
    "Meetings",
    "Forum",
    "Conference",
    "Session",
    "Seminar",
    "Summit",
    "Workshop",
    "Plenary",
    "Director",
    "Chairman",
    "Secretary",
    "President",
    "Minister",
    "Recently",
    "On",
    "In",
    "At",
    "By",
    "From",
    "During",
    "With",
    "Under",
];

/// Lower-case words that may stand inside an English name.
const CONNECTORS: &[&str] = &["of", "and", "for", "on", "the", "in", "&", "to", "de", "du"];

pub(super) fn find(text: &str, out: &mut Vec<Mention>) {
    let mut defined: Vec<(String, MentionKind, usize)> = Vec::new();
    for caps in PARENS.captures_iter(text) {
        let (whole, inner) = (
            caps.get(0).expect("group 0 is the match"),
            caps.get(1).expect("group 1 is the content"),
        );
        let inside = inner.as_str();
        // Name (ABBR) or name (TC260).
        let code = committees::code(inside);
        if (code.is_some() || is_abbreviation(inside))
            && let Some(name) = name_before(text, whole.start(), code.is_some())
        {
            let kind = kind_of(&text[name.clone()], code.is_some());
            let value = code.unwrap_or_else(|| inside.to_owned());
            // `OSCCA State Cryptography Administration ... (OSCCA)`: the name follows the
            // abbreviation.
            let name = match text[name.clone()].strip_prefix(value.as_str()) {
                Some(rest) if rest.starts_with(' ') => name.end - rest.trim_start().len()..name.end,
                _ => name,
            };
            out.push(mention(text, name, kind, Some(value.clone()), None));
            defined.push((value, kind, whole.end()));
            continue;
        }
        // ABBR (Name).
        if let Some(abbreviation) = abbreviation_before(text, whole.start())
            && is_name(inside)
        {
            let kind = kind_of(inside, false);
            let value = text[abbreviation].to_owned();
            out.push(mention(
                text,
                inner.range(),
                kind,
                Some(value.clone()),
                None,
            ));
            defined.push((value, kind, whole.end()));
        }
    }
    // Later uses of the abbreviations, found in one pass; each counts after its first definition.
    defined.retain(|(abbreviation, _, _)| committees::code(abbreviation).is_none());
    defined.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
    defined.dedup_by(|later, first| later.0 == first.0);
    if defined.is_empty() {
        return;
    }
    // Longer abbreviations first, so `CESI` is not read as `CES` and a letter.
    let mut alternatives: Vec<&str> = defined.iter().map(|(a, _, _)| a.as_str()).collect();
    alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let pattern: Vec<String> = alternatives.iter().map(|a| regex::escape(a)).collect();
    let Ok(uses) = Regex::new(&pattern.join("|")) else {
        return;
    };
    let by_name: HashMap<&str, (MentionKind, usize)> = defined
        .iter()
        .map(|(a, kind, after)| (a.as_str(), (*kind, *after)))
        .collect();
    for m in uses.find_iter(text) {
        let Some(&(kind, after)) = by_name.get(m.as_str()) else {
            continue;
        };
        let abbreviation = m.as_str();
        if m.start() >= after && boundary_before(text, m.start()) && boundary_after(text, m.end()) {
            out.push(mention(
                text,
                m.range(),
                kind,
                Some(abbreviation.to_owned()),
                None,
            ));
        }
    }
}

fn is_abbreviation(s: &str) -> bool {
    ABBREVIATION.is_match(s) && s.chars().filter(char::is_ascii_uppercase).count() >= 2
}

fn kind_of(name: &str, has_code: bool) -> MentionKind {
    let lower = name.to_lowercase();
    let committee = has_code
        || COMMITTEE_WORDS.iter().any(|w| lower.contains(w))
        || name.ends_with("委员会") && name.contains("技术")
        || name.ends_with("工作组");
    if committee {
        MentionKind::Committee
    } else {
        MentionKind::Organization
    }
}

/// True when `name` has a word that names a body (`Ministry of Industry and Information
/// Technology`, `China Electronics Standardization Institute`), or, in Chinese, ends with one.
fn has_body_word(name: &str) -> bool {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .any(|w| BODY_WORDS.contains(&w.to_lowercase().as_str()))
        || CHINESE_BODIES.iter().any(|b| name.ends_with(b))
}

/// True when all of `s` reads as a body's name: capitalized words and connectors ending with a body
/// word, or Chinese ending with a body's character.
fn is_name(s: &str) -> bool {
    if !has_body_word(s) {
        return false;
    }
    if s.chars().any(is_cjk) {
        return s.chars().all(is_cjk);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 2
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || CONNECTORS.contains(w))
}

/// The name that ends right before `paren` (white space between allowed): a run of capitalized words
/// and connectors, starting with a capitalized word, ending with a body word; or a run of Chinese.
/// A name before a committee code needs only say Committee or Working Group somewhere
/// (`Working Committee on Wireless Communications Technology (TC5)`).
fn name_before(text: &str, paren: usize, has_code: bool) -> Option<Range<usize>> {
    let end = paren - (text[..paren].len() - text[..paren].trim_end().len());
    let head = &text[..end];
    if head.ends_with(is_cjk) {
        let start = chinese_run_before(text, end, "在由与及和是于将对向从为", 30);
        let name = &text[start..end];
        let named = if has_code {
            name.ends_with("委员会") || name.ends_with("工作组")
        } else {
            has_body_word(name)
        };
        return (name.chars().count() >= 3 && named).then_some(start..end);
    }
    // Walk back over words.
    let mut start = end;
    let mut first_capital = None;
    let mut count = 0;
    let mut previous: Option<&str> = None;
    for (i, word) in words_back(head) {
        if STOPS.contains(&word) {
            break;
        }
        // `the` stands inside a name only after `of`, `for`, `on`, `to` or `in` (`Ministry of the
        // Interior`); `EFTA and the European Standardization Organizations` is two names.
        if previous == Some("the") && !matches!(word, "of" | "for" | "on" | "to" | "in") {
            break;
        }
        previous = Some(word);
        let capital = word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        // The body word may be written in lower case (`Standards institute`).
        if capital || (count == 0 && has_body_word(word)) {
            first_capital = Some(i);
        } else if !CONNECTORS.contains(&word) {
            break;
        }
        start = i;
        count += 1;
        if count > 14 {
            break;
        }
    }
    let start = first_capital?.max(start);
    let name = &text[start..end];
    let lower = name.to_lowercase();
    let named = if has_code {
        COMMITTEE_WORDS.iter().any(|w| lower.contains(w))
    } else {
        has_body_word(name)
    };
    (name.split_whitespace().count() >= 2 && named).then_some(start..end)
}

/// The words of `head` from its end back, with their starts; stops at punctuation other than `-`,
/// `&`, `’`, `'` and `/`, and at a line break.
fn words_back(head: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut end = head.len();
    std::iter::from_fn(move || {
        // A line break or punctuation stops the words.
        let trimmed = head[..end].trim_end_matches([' ', '\t']);
        if trimmed.is_empty() {
            return None;
        }
        let start = trimmed
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || "-&’'/".contains(c))
            .last()
            .map(|(i, _)| i)?;
        end = start;
        Some((start, &trimmed[start..]))
    })
}

/// The abbreviation that ends right before `paren`.
fn abbreviation_before(text: &str, paren: usize) -> Option<Range<usize>> {
    let head = text[..paren].trim_end();
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || c == '&' || c == '-')
        .last()
        .map(|(i, _)| i)?;
    (is_abbreviation(&head[start..]) && boundary_before(text, start)).then_some(start..head.len())
}
