//! Dates, ranges of dates, and what each dates.
//!
//! Forms: `13 May 2019`, `May 13, 2019`, `May 13th`, `2019-05-13`, `2019/5/13`, `May 2019`,
//! `2019年5月13日`, `2019年5月`, `5月13日`, ranges (`26 April - 7 May`, `April 26-28, 2019`,
//! `from 10 to 12 June`, `April 16 and 17`, `2019年5月13日至15日`, `(2006-2009)`), a year after a cue
//! word (`in 2007`, `since 2006`, `by 2020`, `at the end of 2018`) and a day after a date with its
//! month (`on the 22nd`). A bare number is never a date, so versions, counts, `5G` and codes' years
//! are not. A date without a year takes the issue's year.
//!
//! What a date dates comes from the cue words of its clause: the nearest cue before it in its
//! sentence, or, for a date that opens its sentence (`On May 21, 2019, CAC issued ...`), the first cue
//! after it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::sentences::around;
use super::{boundary_after, boundary_before, mention};
use crate::ingest::{Mention, MentionKind};
use crate::model::PartialDate;

/// A month's name, or its abbreviation with an optional period.
const MONTH: &str = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?-u:\b)\.?)";
const DAY: &str = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?-u:\b)";
const YEAR: &str = r"(?:19[5-9]\d|20\d\d)";
/// Between the two ends of a range.
const TO: &str = r"\s*(?:[-‐‑–—~～]|to|until|till|through|and)\s*";

/// Every form, most specific first: at one position the first alternative that matches wins.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let forms = [
        // 26 April - 7 May 2019
        format!(
            r"(?P<a_d1>{DAY})\s+(?P<a_m1>{MONTH}){TO}(?P<a_d2>{DAY})\s+(?P<a_m2>{MONTH})(?:,?\s*(?P<a_y>{YEAR}))?"
        ),
        // April 26 to May 7, 2019
        format!(
            r"(?P<b_m1>{MONTH})\s+(?P<b_d1>{DAY}){TO}(?P<b_m2>{MONTH})\s+(?P<b_d2>{DAY})(?:,?\s*(?P<b_y>{YEAR}))?"
        ),
        // April 26-28, 2019; May 19 to 22, 2019; April 16 and 17
        format!(r"(?P<c_m>{MONTH})\s+(?P<c_d1>{DAY}){TO}(?P<c_d2>{DAY})(?:,?\s*(?P<c_y>{YEAR}))?"),
        // 10 to 12 June 2019
        format!(r"(?P<d_d1>{DAY}){TO}(?P<d_d2>{DAY})\s+(?P<d_m>{MONTH})(?:,?\s*(?P<d_y>{YEAR}))?"),
        // 2019年5月13日至15日, 2019年5月13日至6月2日
        format!(
            r"(?P<e_y>{YEAR})\s*年\s*(?P<e_m1>\d{{1,2}})\s*月\s*(?P<e_d1>\d{{1,2}})\s*[日号]?\s*(?:至|到|[-‐–—~～])\s*(?:(?P<e_m2>\d{{1,2}})\s*月\s*)?(?P<e_d2>\d{{1,2}})\s*[日号]"
        ),
        // May 2019
        format!(r"(?P<f_m>{MONTH}),?\s+(?P<f_y>{YEAR})(?-u:\b)"),
        // 13 May 2019, 13 May
        format!(r"(?P<g_d>{DAY})\s+(?P<g_m>{MONTH})(?:,?\s*(?P<g_y>{YEAR}))?"),
        // May 13, 2019; May 13th
        format!(r"(?P<h_m>{MONTH})\s+(?P<h_d>{DAY})(?:,?\s*(?P<h_y>{YEAR}))?"),
        // 2019-05-13, 2019/5/13, 2019.5.13
        format!(r"(?P<i_y>{YEAR})(?P<i_sep>[-/.])(?P<i_m>\d{{1,2}})(?:[-/.])(?P<i_d>\d{{1,2}})"),
        // 2019年5月13日, 2019年5月, 2019年
        format!(
            r"(?P<j_y>{YEAR})\s*年(?:\s*(?P<j_m>\d{{1,2}})\s*月(?:\s*(?P<j_d>\d{{1,2}})\s*[日号])?)?"
        ),
        // 5月13日
        r"(?P<k_m>\d{1,2})\s*月\s*(?P<k_d>\d{1,2})\s*[日号]".to_owned(),
        // (2006-2009)
        format!(r"\(\s*(?P<l_y1>{YEAR})\s*[-‐–—]\s*(?P<l_y2>{YEAR})\s*\)"),
        // in 2007, since 2006, by 2020, at the end of 2018
        format!(
            r"(?i:in|since|by|before|after|until|from|beyond|during|for|of|year|early|late|mid-?)\s+(?P<m_y>{YEAR})(?-u:\b)"
        ),
        // on the 22nd (the month of the date before)
        r"(?i:on\s+the)\s+(?P<n_d>(?:[12]\d|3[01]|0?[1-9]))(?:st|nd|rd|th)(?-u:\b)".to_owned(),
    ];
    Regex::new(&forms.join("|")).expect("the date pattern is valid")
});

/// Cue words, one group per role. Latin cues are whole words; Chinese ones stand anywhere.
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    let role = |name: &str, latin: &str, chinese: &str| {
        format!(r"(?P<{name}>(?-u:\b)(?:{latin})(?-u:\b)|{chinese})")
    };
    let cues = [
        role(
            "in_force",
            r"com(?:e|es|ing)\s+into\s+(?:force|effect)|came\s+into\s+(?:force|effect)|(?:take|takes|took|taking)\s+effect|in\s+force|effective\s+(?:from|on|as\s+of)|implemented|implementation\s+date|date\s+of\s+implementation",
            "实施|生效|施行",
        ),
        role(
            "deadline",
            r"deadline|due|comments?\s+(?:\w+\s+)?(?:by|before|until|no\s+later\s+than)|(?:submit|send)\w*\s+(?:\w+\s+){0,3}(?:by|before|until)|no\s+later\s+than|closes?\s+on",
            "截止|截至",
        ),
        role(
            "held",
            r"held|convened|took\s+place|takes?\s+place|taking\s+place|attended|hosted|visit(?:ed|s)?",
            "举行|召开|举办",
        ),
        // An event's noun dates a day or a month (`the meeting on May 2`), not a year (`the work
        // summary of 2018 at the meeting`).
        role(
            "held_noun",
            r"meetings?|forums?|conferences?|seminars?|summits?|workshops?|symposium|plenary|events?",
            "会议|论坛",
        ),
        role(
            "signed",
            r"signed|signing|renew(?:ed|s|al)?|memorandum|MoUs?",
            "签署|签订",
        ),
        role(
            "established",
            r"established|founded|was\s+found|set\s+up|launched",
            "成立|启动",
        ),
        role("issued", r"issued", "印发|颁布"),
        role("published", r"published|released|announced", "发布|公布"),
    ];
    Regex::new(&format!("(?i){}", cues.join("|"))).expect("the cue pattern is valid")
});

const ROLES: [&str; 8] = [
    "in_force",
    "deadline",
    "held",
    "held_noun",
    "signed",
    "established",
    "issued",
    "published",
];

/// A date found, before its role is read.
struct Found {
    range: Range<usize>,
    value: String,
}

pub(super) fn find(
    text: &str,
    sentences: &[Range<usize>],
    year: Option<i32>,
    out: &mut Vec<Mention>,
) {
    let mut found: Vec<Found> = Vec::new();
    // The year and month of the last date with a month, for `on the 22nd`; the last explicit year,
    // for dates without one when the issue's year is unknown.
    let mut last_month: Option<(i32, u8)> = None;
    let mut last_year: Option<i32> = None;
    let mut at = 0;
    while let Some(caps) = DATE.captures_at(text, at) {
        let whole = caps.get(0).expect("group 0 is the match");
        at = whole.end().max(at + 1);
        if let Some(y) = caps.name("m_y") {
            // `by 2019-06-30`: the year opens a full date; read it from the year on.
            let rest = &text[y.end()..];
            let mut chars = rest.chars();
            if (matches!(chars.next(), Some('-' | '/' | '.' | '年'))
                && chars.next().is_some_and(|c| c.is_ascii_digit()))
                || rest.starts_with('年')
            {
                at = y.start();
                continue;
            }
        }
        let mut range = whole.range();
        // The cue word of `in 2007` and the parentheses of `(2006-2009)` are not part of the date.
        for group in ["m_y", "n_d"] {
            if let Some(g) = caps.name(group) {
                range.start = g.start();
            }
        }
        if let (Some(a), Some(b)) = (caps.name("l_y1"), caps.name("l_y2")) {
            range = a.start()..b.end();
        }
        if !boundary_before(text, whole.start()) || !boundary_after(text, whole.end()) {
            continue;
        }
        if caps.name("n_d").is_some()
            && text[whole.end()..]
                .trim_start()
                .starts_with(char::is_lowercase)
        {
            // `on the 31st category`: an ordinal, not a day.
            continue;
        }
        let default_year = year.or(last_year);
        let Some((start, end)) = read(&caps, default_year, last_month) else {
            continue;
        };
        if let Some(y) = explicit_year(&caps) {
            last_year = Some(y);
        }
        let last = end.unwrap_or(start);
        if let Some(m) = last.month() {
            last_month = Some((last.year(), m));
        }
        let value = match end {
            Some(end) => format!("{start}/{end}"),
            None => start.to_string(),
        };
        found.push(Found { range, value });
    }
    for (i, date) in found.iter().enumerate() {
        let before_limit = i.checked_sub(1).map_or(0, |j| found[j].range.end);
        let after_limit = found.get(i + 1).map_or(text.len(), |n| n.range.start);
        let role = role(text, sentences, &date.range, before_limit, after_limit);
        let year_only = !date.value.contains('-');
        let role = match role {
            Some("held_noun") if year_only => None,
            Some("held_noun") => Some("held"),
            other => other,
        };
        out.push(mention(
            text,
            date.range.clone(),
            MentionKind::Date,
            Some(date.value.clone()),
            role,
        ));
    }
}

/// The year the text writes in a match, if any.
fn explicit_year(caps: &Captures) -> Option<i32> {
    [
        "a_y", "b_y", "c_y", "d_y", "e_y", "f_y", "g_y", "h_y", "i_y", "j_y", "l_y2", "m_y",
    ]
    .iter()
    .find_map(|g| caps.name(g))
    .and_then(|m| m.as_str().parse().ok())
}

fn month_number(name: &str) -> Option<u8> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let i = months.iter().position(|m| lower.starts_with(m))?;
    u8::try_from(i + 1).ok()
}

fn number(s: &str) -> Option<u8> {
    s.trim_end_matches(char::is_alphabetic).parse().ok()
}

/// The date (and the end of a range) a match names; `None` when a day does not exist or no year is
/// known.
fn read(
    caps: &Captures,
    default_year: Option<i32>,
    last_month: Option<(i32, u8)>,
) -> Option<(PartialDate, Option<PartialDate>)> {
    let g = |name: &str| caps.name(name).map(|m| m.as_str());
    let year_of = |name: &str| match g(name) {
        Some(y) => y.parse().ok(),
        None => default_year,
    };
    let day = |y: i32, m: u8, d: u8| PartialDate::ymd(y, m, d);
    let range = |start: PartialDate, end: PartialDate| {
        // `December 28 - January 3`: the end is in the next year.
        let end = if end < start {
            PartialDate::ymd(end.year() + 1, end.month()?, end.day()?)?
        } else {
            end
        };
        Some((start, Some(end)))
    };
    if let Some(m1) = g("a_m1") {
        let y = year_of("a_y")?;
        let start = day(y, month_number(m1)?, number(g("a_d1")?)?)?;
        let end = day(y, month_number(g("a_m2")?)?, number(g("a_d2")?)?)?;
        return range(start, end);
    }
    if let Some(m1) = g("b_m1") {
        let y = year_of("b_y")?;
        let start = day(y, month_number(m1)?, number(g("b_d1")?)?)?;
        let end = day(y, month_number(g("b_m2")?)?, number(g("b_d2")?)?)?;
        return range(start, end);
    }
    // April 26-28 and 26-28 April: one month, two days.
    for [m, y, d1, d2] in [
        ["c_m", "c_y", "c_d1", "c_d2"],
        ["d_m", "d_y", "d_d1", "d_d2"],
    ] {
        if let Some(m) = g(m) {
            let (y, m) = (year_of(y)?, month_number(m)?);
            let (d1, d2) = (number(g(d1)?)?, number(g(d2)?)?);
            if d2 <= d1 {
                return None;
            }
            return range(day(y, m, d1)?, day(y, m, d2)?);
        }
    }
    if let Some(y) = g("e_y") {
        let y = y.parse().ok()?;
        let m1 = number(g("e_m1")?)?;
        let m2 = g("e_m2").map_or(Some(m1), number)?;
        let start = day(y, m1, number(g("e_d1")?)?)?;
        return range(start, day(y, m2, number(g("e_d2")?)?)?);
    }
    if let Some(m) = g("f_m") {
        let y: i32 = g("f_y")?.parse().ok()?;
        return Some((format!("{y}-{:02}", month_number(m)?).parse().ok()?, None));
    }
    if let Some(m) = g("g_m") {
        return Some((
            day(year_of("g_y")?, month_number(m)?, number(g("g_d")?)?)?,
            None,
        ));
    }
    if let Some(m) = g("h_m") {
        return Some((
            day(year_of("h_y")?, month_number(m)?, number(g("h_d")?)?)?,
            None,
        ));
    }
    if let Some(y) = g("i_y") {
        let y = y.parse().ok()?;
        let (m, d) = (number(g("i_m")?)?, number(g("i_d")?)?);
        return Some((day(y, m, d)?, None));
    }
    if let Some(y) = g("j_y") {
        let y: i32 = y.parse().ok()?;
        let date = match (g("j_m"), g("j_d")) {
            (Some(m), Some(d)) => day(y, number(m)?, number(d)?)?,
            (Some(m), None) => format!("{y}-{:02}", number(m)?).parse().ok()?,
            _ => format!("{y}").parse().ok()?,
        };
        return Some((date, None));
    }
    if let Some(m) = g("k_m") {
        return Some((day(default_year?, number(m)?, number(g("k_d")?)?)?, None));
    }
    if let (Some(y1), Some(y2)) = (g("l_y1"), g("l_y2")) {
        let (start, end): (PartialDate, PartialDate) = (y1.parse().ok()?, y2.parse().ok()?);
        return (start < end).then_some((start, Some(end)));
    }
    if let Some(y) = g("m_y") {
        return Some((y.parse().ok()?, None));
    }
    if let Some(d) = g("n_d") {
        let (y, m) = last_month?;
        return Some((day(y, m, number(d)?)?, None));
    }
    None
}

/// What the date at `range` dates: the nearest cue before it in its sentence (not before the previous
/// date), or, when the date opens its sentence, the first cue after it (not after the next date).
fn role(
    text: &str,
    sentences: &[Range<usize>],
    range: &Range<usize>,
    before_limit: usize,
    after_limit: usize,
) -> Option<&'static str> {
    let sentence = around(sentences, range.start).unwrap_or(0..text.len());
    // Chinese puts the verb right after the date (`2019年12月1日起实施`).
    if text[..range.end].ends_with(['日', '月', '年']) {
        let mut to = (range.end + 12).min(after_limit).min(text.len());
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        if let Some(caps) = CUE.captures(&text[range.end..to]) {
            return role_of(&caps);
        }
    }
    let mut from = sentence
        .start
        .max(before_limit)
        .max(range.start.saturating_sub(120));
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..range.start];
    if let Some(caps) = CUE.captures_iter(before).last() {
        return role_of(&caps);
    }
    let opening = text[sentence.start..range.start].split_whitespace().count() <= 5;
    if !opening {
        return None;
    }
    let to = sentence.end.min(after_limit).max(range.end);
    CUE.captures(&text[range.end..to]).and_then(|c| role_of(&c))
}

fn role_of(caps: &Captures) -> Option<&'static str> {
    ROLES.iter().copied().find(|r| caps.name(r).is_some())
}
