//! Titles of standards and documents: quoted (“...”, "...", ''...'', ‘...’, 《...》, 「...」, in any
//! mix of opening and closing marks the texts use) and code-led (`GB/T 22239-2019 Information
//! security technology — Baseline for ...`, up to the end of the clause or the next code).
//!
//! A quoted phrase is a title when it starts with a capital, a digit or a Chinese character, has at
//! least two words and does not read as a sentence (`“The state shall implement ...”`). The role is
//! `standard` after a code or in a sentence (or, for `These include ...`, the sentence before) that
//! speaks of standards, else `document`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::sentences::around;
use super::{clean, is_cjk, mention};
use crate::ingest::{Mention, MentionKind};

/// A quotation mark and which way it may face.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Open,
    Close,
    /// `"` and `''`: opens after a space, closes after a word.
    Either,
}

/// Where the sentence says it speaks of standards.
static STANDARDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)standards?(?-u:\b)|标准").expect("the standards pattern is valid")
});

/// Words that make a quoted phrase a sentence, not a title.
static SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:is|are|shall|should|must|will|was|were|has|have)(?-u:\b)")
        .expect("the sentence pattern is valid")
});

/// Marks where the text beside them is a list's bullet or a new clause.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '\u{f000}'..='\u{f8ff}' | '•' | '▪' | '·' | '●' | '■' | '◆' | '★'
    )
}

pub(super) fn find(text: &str, sentences: &[Range<usize>], out: &mut Vec<Mention>) {
    let mut codes: Vec<Range<usize>> = out
        .iter()
        .filter(|m| m.kind == MentionKind::Code)
        .map(|m| m.start..m.end)
        .collect();
    codes.sort_by_key(|c| c.start);
    let mut titles = Vec::new();
    quoted(text, &mut titles);
    for code in &codes {
        if let Some(title) = code_led(text, code.end, &codes) {
            titles.push((title, true));
        }
    }
    let mut spans: Vec<Range<usize>> = titles.iter().map(|(r, _)| r.clone()).collect();
    spans.sort_by_key(|r| r.start);
    for (range, code_led) in titles {
        let content = clean(&text[range.clone()]);
        if !is_title(&content, code_led) {
            continue;
        }
        let after_code = code_led;
        let after_code = after_code || {
            let before = text[..range.start]
                .trim_end_matches(|c: char| c.is_whitespace() || "“\"'‘《「".contains(c));
            codes.iter().any(|c| c.end == before.len())
        };
        let role = if after_code || speaks_of_standards(text, sentences, &range, &spans) {
            "standard"
        } else {
            "document"
        };
        out.push(mention(
            text,
            range,
            MentionKind::Title,
            Some(content),
            Some(role),
        ));
    }
}

/// The quoted spans of `text` (the content between the marks), innermost first.
fn quoted(text: &str, titles: &mut Vec<(Range<usize>, bool)>) {
    // Open marks not yet closed: where their content starts.
    let mut open: Vec<usize> = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let (mark, len) = match c {
            '“' | '《' | '「' => (Mark::Open, c.len_utf8()),
            '”' | '》' | '」' => (Mark::Close, c.len_utf8()),
            '"' => (Mark::Either, 1),
            '\'' if text[i + 1..].starts_with('\'') => {
                iter.next();
                (Mark::Either, 2)
            }
            '‘' if text[..i]
                .chars()
                .next_back()
                .is_none_or(|p| !p.is_alphanumeric()) =>
            {
                (Mark::Open, c.len_utf8())
            }
            '’' if text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(|n| !n.is_alphanumeric()) =>
            {
                (Mark::Close, c.len_utf8())
            }
            '\n' => {
                open.clear();
                continue;
            }
            _ => continue,
        };
        let prev = text[..i].chars().next_back();
        let next = text[i + len..].chars().next();
        let closes = match mark {
            Mark::Close => true,
            Mark::Open => false,
            Mark::Either => {
                !open.is_empty()
                    && prev.is_some_and(|p| !p.is_whitespace())
                    && next.is_none_or(|n| !n.is_alphanumeric())
            }
        };
        if closes {
            if let Some(start) = open.pop()
                && i - start <= 400
            {
                titles.push((start..i, false));
            }
        } else if mark == Mark::Open || next.is_some_and(|n| !n.is_whitespace()) {
            open.push(i + len);
        }
    }
}

/// The title after a code ending at `at`, up to the end of its clause or the next code.
fn code_led(text: &str, at: usize, codes: &[Range<usize>]) -> Option<Range<usize>> {
    let rest = &text[at..];
    let start = at + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let first = text[start..].chars().next()?;
    if !first.is_alphabetic() {
        return None;
    }
    // Codes are in the order they start.
    let next_code = codes
        .get(codes.partition_point(|c| c.start <= start))
        .map(|c| c.start);
    let mut end = next_code
        .unwrap_or(text.len())
        .min(start + 300)
        .min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let span = &text[start..end];
    let mut cut = span.len();
    for (i, c) in span.char_indices() {
        let after = &span[i + c.len_utf8()..];
        let stop = match c {
            ';' | '；' | '\n' | '“' | '"' | '《' | '。' => true,
            '.' => after.is_empty() || after.starts_with(char::is_whitespace),
            ',' | '，' => {
                let next = after.trim_start();
                let word = next.split_whitespace().next().unwrap_or_default();
                next.is_empty()
                    || next.starts_with(|c: char| !c.is_alphanumeric())
                    || matches!(
                        word,
                        "and"
                            | "or"
                            | "which"
                            | "while"
                            | "the"
                            | "etc"
                            | "including"
                            | "were"
                            | "was"
                            | "is"
                            | "are"
                            | "as"
                    )
                    || {
                        let next_at = start + i + c.len_utf8() + (after.len() - next.len());
                        codes
                            .binary_search_by(|code| code.start.cmp(&next_at))
                            .is_ok()
                    }
            }
            c if is_bullet(c) => true,
            _ => false,
        };
        if stop {
            cut = i;
            break;
        }
    }
    let title = span[..cut].trim_end();
    let lower_start = first.is_lowercase();
    let has_dash = title.contains(['—', '–']) || title.contains(" - ");
    (title.split_whitespace().count() >= 2 && (!lower_start || has_dash))
        .then(|| start..start + title.len())
}

/// True when `content` (cleaned) reads as a title. A code-led title may start in lower case
/// (`information security technology—Baseline ...`); the code-led finder checked it.
fn is_title(content: &str, code_led: bool) -> bool {
    let Some(first) = content.chars().next() else {
        return false;
    };
    if is_cjk(first) {
        return content.chars().count() >= 2;
    }
    let last = content.rsplit(' ').next().unwrap_or_default();
    (first.is_uppercase() || first.is_ascii_digit() || code_led)
        && content.split_whitespace().count() >= 2
        && !BODIES.contains(&last)
        && !SENTENCE.is_match(content)
        && !is_definition(content)
}

/// Last words of a body's name: a quoted name ending with one is the body, not a document
/// (`"National Quality Supervision and Inspection Center for Big Data Systems"` ends otherwise, and
/// stays a title).
const BODIES: &[&str] = &[
    "Center",
    "Centre",
    "Institute",
    "Association",
    "Alliance",
    "Administration",
    "Ministry",
    "Commission",
    "Office",
    "Bureau",
    "Agency",
    "Laboratory",
    "University",
];

/// A quoted name with its abbreviation or code (`"Space Communications Technical Committee
/// (TC12)"`) is a definition, which the definitions finder reads, not a title.
fn is_definition(content: &str) -> bool {
    let Some(inner) = content
        .strip_suffix([')', '）'])
        .and_then(|s| s.rsplit_once(['(', '（']))
        .map(|(_, inner)| inner.trim())
    else {
        return false;
    };
    !inner.is_empty()
        && !inner.contains(char::is_whitespace)
        && inner.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// True when the sentence of `range` (outside the title) speaks of standards, or, for a sentence
/// listing what the one before introduced (`These include ...`), the sentence before does.
fn speaks_of_standards(
    text: &str,
    sentences: &[Range<usize>],
    range: &Range<usize>,
    titles: &[Range<usize>],
) -> bool {
    let Some(sentence) = around(sentences, range.start) else {
        return false;
    };
    // `standard` said outside every title of the sentence.
    let outside = |s: &Range<usize>| {
        STANDARDS
            .find_iter(&text[s.clone()])
            .any(|m| !in_any(titles, s.start + m.start()))
    };
    if outside(&sentence) {
        return true;
    }
    let opening = text[sentence.clone()]
        .split_whitespace()
        .next()
        .unwrap_or_default();
    if matches!(opening, "These" | "This" | "It" | "They" | "Including") {
        let i = sentences.partition_point(|s| s.start < sentence.start);
        if let Some(previous) = i.checked_sub(1).map(|i| &sentences[i]) {
            return STANDARDS.is_match(&text[previous.clone()]);
        }
    }
    false
}

/// True when `at` lies in one of `spans` (sorted by start; nested spans allowed, so the few that
/// start before `at` within a title's length are looked at).
fn in_any(spans: &[Range<usize>], at: usize) -> bool {
    let i = spans.partition_point(|s| s.start <= at);
    spans[..i]
        .iter()
        .rev()
        .take_while(|s| at - s.start <= 400)
        .any(|s| s.contains(&at))
}
