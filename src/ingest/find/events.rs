//! Events, MoUs and calls for comments.
//!
//! An event is named around its kind's noun (meeting, forum, conference, seminar, plenary session,
//! summit, workshop, symposium, press conference, stakeholder event): capitalized words and an
//! ordinal before it (`the 33rd meeting`, `The Eighth Working Group Meeting`, `China Smart Home Summit
//! Forum`), and `of`/`on`/`for` and a name after it (`of CCSA TC1`, `on Internet of Vehicles`). A bare
//! `the meeting` names no event. A delegation's visit (`ETSI Delegation visited Beijing`) is an event
//! of kind `visit`.
//!
//! An MoU is `MoU`, `Memorandum of Understanding` or a cooperation or framework agreement, with
//! `between A and B` when the text says it; `renewed` when the clause says renew, else `signed`.
//! A call for comments is `call for comments`, `solicit comments`, `draft for comments` or
//! `征求意见`; role `draft` for a draft for comments, else `call`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::sentences::around;
use super::{chinese_run_before, mention};
use crate::ingest::{Mention, MentionKind};

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?P<press_conference>press\s+conference)|(?P<plenary>plenary\s+(?:session|meeting)|plenary)|(?P<stakeholder_event>stakeholder\s+event)|(?P<meeting>meeting)|(?P<forum>forum)|(?P<conference>conference)|(?P<seminar>seminar)|(?P<summit>summit)|(?P<workshop>workshop)|(?P<symposium>symposium)|(?P<event>event)|(?P<visit>visit))(?-u:\b)|会议|论坛|研讨会|峰会|座谈会|发布会",
    )
    .expect("the event pattern is valid")
});

const KINDS: &[&str] = &[
    "press_conference",
    "plenary",
    "stakeholder_event",
    "meeting",
    "forum",
    "conference",
    "seminar",
    "summit",
    "workshop",
    "symposium",
    "event",
    "visit",
];

static VISIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[A-Z][\w\-]*\s+){1,4}[Dd]elegation\s+visit(?:ed|s)?\s+[A-Z][\w\-]*")
        .expect("the visit pattern is valid")
});

static MOU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:memorand(?:um|a)\s+of\s+understanding|mous?|(?:strategic\s+)?(?:cooperation|co-operation|framework|partnership|collaboration)\s+agreements?)(?-u:\b)|合作备忘录|谅解备忘录|合作协议")
        .expect("the MoU pattern is valid")
});

static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    let party = r"[A-Z][\w/\-’']*(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w/\-’']*){0,5}";
    Regex::new(&format!(
        r"^\s+between\s+(?:the\s+)?{party}\s+and\s+(?:the\s+)?{party}"
    ))
    .expect("the between pattern is valid")
});

static RENEW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)renew|续签").expect("the renew pattern is valid"));

static COMMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?P<draft>drafts?\s+for\s+(?:public\s+)?comments?)|call(?:s|ing|ed)?\s+for\s+(?:public\s+)?comments?|solicit(?:s|ed|ing)?\s+(?:public\s+)?(?:comments?|opinions?|views)|public\s+consultation|open\s+for\s+(?:public\s+)?comments?|seek(?:s|ing)?\s+(?:public\s+)?comments?)(?-u:\b)|(?P<zh_draft>征求意见稿)|公开征求意见|征求意见")
        .expect("the comments pattern is valid")
});

/// Ordinals before an event's noun.
const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// Lower-case words that may stand in an event's name before its noun.
const MODIFIERS: &[&str] = &[
    "internal",
    "plenary",
    "annual",
    "working",
    "group",
    "leaders",
    "general",
    "joint",
    "expert",
    "technical",
    "high-level",
    "international",
    "national",
    "stakeholder",
    "kick-off",
    "regular",
    "special",
    "closing",
    "opening",
    "summit",
    "standardization",
    "press",
];

/// Capitalized words that open a sentence and are not part of a name.
const STARTERS: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "At", "In", "On", "During", "After", "Before",
];

const CONNECTORS: &[&str] = &["of", "on", "for", "and", "the", "to"];

pub(super) fn find(text: &str, sentences: &[Range<usize>], out: &mut Vec<Mention>) {
    for caps in NOUN.captures_iter(text) {
        let noun = caps.get(0).expect("group 0 is the match");
        let kind = KINDS.iter().copied().find(|k| caps.name(k).is_some());
        let Some(kind) = kind else {
            // A Chinese noun: the name is the run of Chinese before it.
            let start = chinese_run_before(text, noun.start(), "在于了和与的", 20);
            if start < noun.start() {
                out.push(mention(
                    text,
                    start..noun.end(),
                    MentionKind::Event,
                    None,
                    Some(chinese_kind(noun.as_str())),
                ));
            }
            continue;
        };
        if kind == "visit" {
            continue;
        }
        let (start, named_left, ordinal) = left(text, noun.start());
        let (end, named_right) = right(text, noun.end());
        let capital_noun = noun.as_str().starts_with(char::is_uppercase);
        if !(ordinal || named_left || named_right || capital_noun && start < noun.start()) {
            continue;
        }
        if kind == "event" && !named_left {
            continue;
        }
        out.push(mention(
            text,
            start..end,
            MentionKind::Event,
            None,
            Some(kind),
        ));
    }
    for m in VISIT.find_iter(text) {
        let start = m.start() + skip_starter(m.as_str());
        out.push(mention(
            text,
            start..m.end(),
            MentionKind::Event,
            None,
            Some("visit"),
        ));
    }
    for m in MOU.find_iter(text) {
        let end = BETWEEN
            .find(&text[m.end()..])
            .map_or(m.end(), |b| m.end() + b.end());
        let sentence = around(sentences, m.start()).unwrap_or(0..text.len());
        let clause = &text[sentence.start.min(m.start())..sentence.end.max(end)];
        let role = if RENEW.is_match(clause) {
            "renewed"
        } else {
            "signed"
        };
        out.push(mention(
            text,
            m.start()..end,
            MentionKind::Mou,
            None,
            Some(role),
        ));
    }
    for caps in COMMENTS.captures_iter(text) {
        let m = caps.get(0).expect("group 0 is the match");
        let draft = caps.name("draft").is_some() || caps.name("zh_draft").is_some();
        let role = if draft { "draft" } else { "call" };
        out.push(mention(
            text,
            m.range(),
            MentionKind::CommentCall,
            None,
            Some(role),
        ));
    }
}

fn chinese_kind(noun: &str) -> &'static str {
    match noun {
        "论坛" => "forum",
        "研讨会" | "座谈会" => "seminar",
        "峰会" => "summit",
        "发布会" => "press_conference",
        _ => "meeting",
    }
}

/// The length of a sentence opener (`The `) at the start of `s`, to leave out of a name.
fn skip_starter(s: &str) -> usize {
    let first = s.split_whitespace().next().unwrap_or_default();
    if STARTERS.contains(&first) {
        s.len() - s[first.len()..].trim_start().len()
    } else {
        0
    }
}

/// Where an event's name starts before its noun at `at`: over capitalized words, ordinals and
/// modifiers. Also whether a capitalized word and whether an ordinal was taken.
fn left(text: &str, at: usize) -> (usize, bool, bool) {
    let mut start = at;
    let (mut named, mut ordinal) = (false, false);
    let mut taken = 0;
    loop {
        let head = &text[..start];
        let trimmed = head.trim_end_matches([' ', '\t']);
        if trimmed.len() == head.len() && start != at {
            break;
        }
        let word_start = trimmed
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || "-’'/.".contains(c))
            .last()
            .map(|(i, _)| i);
        let Some(word_start) = word_start else { break };
        let word = &trimmed[word_start..];
        let lower = word.to_lowercase();
        let is_ordinal = is_ordinal(word);
        if STARTERS.contains(&word) && !is_ordinal {
            break;
        }
        if is_ordinal {
            ordinal = true;
        } else if word.starts_with(char::is_uppercase) {
            named = true;
        } else if !MODIFIERS.contains(&lower.as_str()) {
            break;
        }
        start = word_start;
        taken += 1;
        if taken >= 10 {
            break;
        }
    }
    (start, named, ordinal)
}

/// Where an event's name ends after its noun at `at`: `of`, `on` or `for` and a name (capitalized
/// words, codes, connectors, a parenthesized abbreviation). Also whether a name was taken.
fn right(text: &str, at: usize) -> (usize, bool) {
    let mut end = at;
    let mut named = false;
    let mut pos = at;
    let mut first = true;
    let mut last_named_end = at;
    for _ in 0..16 {
        let rest = &text[pos..];
        let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if ws == 0 {
            break;
        }
        let word_start = pos + ws;
        let raw = text[word_start..]
            .split([' ', '\t', '\n'])
            .next()
            .unwrap_or_default();
        if raw.is_empty() {
            break;
        }
        let word = raw.trim_end_matches([',', '.', ';', ':', '”', '"', '’', '!', '?']);
        let stops_after = word.len() < raw.len();
        let word_end = word_start + word.len();
        if first {
            if !matches!(word, "of" | "on" | "for") {
                break;
            }
            first = false;
        } else if STARTERS.contains(&word) {
            // A new sentence (a heading runs into its body).
            break;
        } else if word == "and" && next_is_article(text, word_end) {
            // `... Meeting of X and the Plenary Session of Y`: two events.
            break;
        } else if CONNECTORS.contains(&word) {
            // Taken only if a name follows.
        } else if is_month(word)
            || (!named && word.starts_with(|c: char| c.is_ascii_digit()))
            || is_ordinal(word)
            || NOUN.is_match(word)
        {
            // A date (`on April 26`, `on the 22nd`) or another event is not a name.
            break;
        } else if word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            || (word.starts_with('(') && word.ends_with(')') && word.len() > 3)
        {
            named = true;
            last_named_end = word_end;
        } else {
            break;
        }
        pos = word_end;
        if stops_after {
            break;
        }
    }
    if named {
        end = last_named_end;
    }
    (end, named)
}

/// `first`, `Eighth`, `33rd`.
fn is_ordinal(word: &str) -> bool {
    ORDINALS.contains(&word.to_lowercase().as_str())
        || (word.len() >= 3
            && word.starts_with(|c: char| c.is_ascii_digit())
            && ["st", "nd", "rd", "th"].iter().any(|s| word.ends_with(s)))
}

/// True for an English month's full name, capitalized (`March`).
pub(crate) fn is_month(word: &str) -> bool {
    const MONTHS: &[&str] = &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS.contains(&word)
}

/// True when the word after `at` is `the`, `a` or `an`.
fn next_is_article(text: &str, at: usize) -> bool {
    matches!(
        text[at..].split_whitespace().next(),
        Some("the" | "a" | "an")
    )
}
