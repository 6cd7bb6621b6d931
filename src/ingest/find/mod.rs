//! Finding mentions by pattern, without the graph: codes, plan numbers, dates and what they date,
//! committee patterns, definitions, titles, people, events, MoUs, calls for comments, lifecycle verbs.
//!
//! Each family has its own file and pushes [`Mention`]s into one list; [`find`] then resolves
//! overlaps and sorts. Every pattern is compiled once (`LazyLock`), so finding is a few linear scans of
//! the text. The finders work on one article's text: its title, a blank line, and its paragraphs
//! separated by blank lines, wrapped lines already joined.
//!
//! What `value` and `role` hold, per kind (the linker and the proposer build on this):
//! - `Code`: value = the code as [`StandardCode`](crate::model::StandardCode) displays it
//!   (`GB/T 22239-2019`, `IEC 62368-1`, `ISO/IEC 27001:2013`); role none.
//! - `PlanNumber`: value = the plan number, dashes folded, letters upper case except the `x`
//!   placeholders (`20190xxx-T-469`); role none.
//! - `Date`: value = `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a range as `start/end`; role = what the date
//!   dates from the cue words of its clause: `published`, `issued`, `in_force`, `deadline`, `held`,
//!   `signed`, `established`, or none.
//! - `Committee`: value = the committee's code: `SAC/TC 260`, `TC260`, `TC260/SC1`, `CCSA TC5 WG6`,
//!   `ISO/IEC JTC 1/SC 27`, `ISO/TC 215`, `IEC TC 100`, `ITU-T SG17`, `WG1`; for a defined name
//!   (`National Information Security Standardization Technical Committee (TC260)`) text is the name
//!   and value its code or abbreviation. Compare codes with spaces removed.
//! - `Organization`: from definitions only; text = the full name, value = the abbreviation. Later
//!   uses of a defined abbreviation in the same text are mentions of the same kind and value.
//! - `Person`: text = the name; role = the title in lower case, acronyms kept (`chairman`,
//!   `deputy director`, `SESEC expert`); value = the organization phrase after `of`, when given.
//! - `Title`: text = the title as written (without quotes); value = the clean title (whitespace
//!   collapsed, line-break hyphens removed); role = `standard` (after a code, or the sentence speaks
//!   of standards) or `document`.
//! - `Event`: text = the event's name phrase; role = its kind (`meeting`, `forum`, `conference`,
//!   `seminar`, `plenary`, `summit`, `workshop`, `symposium`, `visit`, `press_conference`,
//!   `stakeholder_event`).
//! - `Mou`: text = the phrase (`Memorandum of Understanding between TC260 and DIN/NIA`); role =
//!   `signed` or `renewed`.
//! - `CommentCall`: role = `call` (a call for or solicitation of comments) or `draft` (a draft for
//!   comments).
//! - `Lifecycle`: role = the step: `issued`, `released`, `published`, `approved`, `in_force`,
//!   `replaces`, `withdrawn`, `adopted`, `launched`, `established`.

mod codes;
mod committees;
mod dates;
mod definitions;
mod events;
mod lifecycle;
pub(crate) use events::is_month;
mod people;
pub mod sentences;
mod titles;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::{Mention, MentionKind};

/// The mentions patterns find in `text`, in the order they start. `year` is the year, given to
/// dates that omit theirs.
pub fn find(text: &str, year: Option<i32>) -> Vec<Mention> {
    let sentences = sentences::sentences(text);
    let mut found = Vec::new();
    codes::find(text, &mut found);
    committees::find(text, &mut found);
    definitions::find(text, &mut found);
    dates::find(text, &sentences, year, &mut found);
    people::find(text, &mut found);
    titles::find(text, &sentences, &mut found);
    events::find(text, &sentences, &mut found);
    lifecycle::find(text, &mut found);
    resolve(found)
}

/// A mention of `text[range]`.
fn mention(
    text: &str,
    range: Range<usize>,
    kind: MentionKind,
    value: Option<String>,
    role: Option<&str>,
) -> Mention {
    Mention {
        start: range.start,
        end: range.end,
        kind,
        text: text[range].to_owned(),
        value,
        role: role.map(str::to_owned),
        link: None,
    }
}

/// Kinds that name one thing. Two of them may not overlap: the longer wins (a code's year is not a
/// date, a date inside a quoted title is part of the title). The other kinds are phrases (an event's
/// name, an MoU, a lifecycle verb) that may contain things, but not lie inside a title.
fn is_entity(kind: MentionKind) -> bool {
    !matches!(
        kind,
        MentionKind::Event | MentionKind::Mou | MentionKind::CommentCall | MentionKind::Lifecycle
    )
}

/// Which of two entities of the same span wins: the more specific kind.
fn specificity(kind: MentionKind) -> u8 {
    match kind {
        MentionKind::Code | MentionKind::PlanNumber => 6,
        MentionKind::Committee => 5,
        MentionKind::Person => 4,
        MentionKind::Organization => 3,
        MentionKind::Title => 2,
        MentionKind::Date => 1,
        _ => 0,
    }
}

/// Drops entities overlapping a longer (or equally long, more specific) entity, drops phrases inside
/// titles and phrases overlapping a longer one of their kind, and sorts by start (longer first on a
/// tie). Kept spans of one class never overlap, so one look at the kept span starting last before a
/// candidate's end tells whether it overlaps any: O(n log n), for texts of any size.
fn resolve(mut found: Vec<Mention>) -> Vec<Mention> {
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(specificity(b.kind).cmp(&specificity(a.kind)))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans, start to end: entities, titles, and phrases of each kind.
    let mut entities = BTreeMap::<usize, usize>::new();
    let mut titles = BTreeMap::<usize, usize>::new();
    let mut phrases = HashMap::<MentionKind, BTreeMap<usize, usize>>::new();
    let overlaps = |spans: &BTreeMap<usize, usize>, m: &Mention| {
        spans
            .range(..m.end)
            .next_back()
            .is_some_and(|(_, &end)| end > m.start)
    };
    let mut kept: Vec<Mention> = Vec::with_capacity(found.len());
    for m in found {
        if is_entity(m.kind) {
            if overlaps(&entities, &m) {
                continue;
            }
            entities.insert(m.start, m.end);
            if m.kind == MentionKind::Title {
                titles.insert(m.start, m.end);
            }
        } else {
            let in_title = m.kind != MentionKind::CommentCall
                && titles
                    .range(..=m.start)
                    .next_back()
                    .is_some_and(|(_, &end)| m.end <= end);
            let same = phrases.entry(m.kind).or_default();
            if in_title || overlaps(same, &m) {
                continue;
            }
            same.insert(m.start, m.end);
        }
        kept.push(m);
    }
    kept.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    kept
}

/// True when `text[..at]` does not end with a letter or digit (ASCII; CJK characters may touch a code).
fn boundary_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// True when `text[at..]` does not start with an ASCII letter or digit.
fn boundary_after(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// A CJK unified ideograph.
fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Where the run of at most `max` Chinese characters ending at `end` starts; a character of
/// `stops` (a preposition, a conjunction) ends the run. `end` when there is none.
fn chinese_run_before(text: &str, end: usize, stops: &str, max: usize) -> usize {
    text[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_cjk(c) && !stops.contains(c))
        .take(max)
        .last()
        .map_or(end, |(i, _)| i)
}

/// Collapses whitespace runs to one space and removes line-break hyphens (`Stand- ardization`).
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            if out.ends_with('-')
                && out[..out.len() - 1].ends_with(|c: char| c.is_lowercase())
                && chars.peek().is_some_and(|c| c.is_lowercase())
            {
                out.pop();
            } else {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}
