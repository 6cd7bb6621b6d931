//! Plain text in a newsletter's layout, as copied out of a PDF or typed: front matter, an
//! abbreviation table, a table of contents, section headings and numbered articles whose titles may
//! wrap over several lines; or, without numbered articles, one news item pasted from the web.
//!
//! Reading goes in three passes. [`lines`] turns the raw text into logical lines and marks where a
//! paragraph starts: in a "double-spaced" copy (every line followed by an empty line, as the seed
//! issue is) empty lines separate lines, not paragraphs, so paragraph ends are inferred from
//! sentence ends and from lines that stop short. [`headings`] finds the numbered articles as the
//! longest run of consecutive numbers at paragraph starts, so numbered lists inside articles, a
//! table of contents and a year at the start of a wrapped line are not taken for articles. Then each
//! article's title is followed over its wrapped lines and its body is joined into paragraphs.

use std::sync::LazyLock;

use regex::Regex;

use super::decode::is_cjk;
use crate::ingest::{Article, Document, Format, IngestError};
use crate::model::PartialDate;

/// One logical line of the text.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    /// The line, trimmed, runs of spaces collapsed, a bullet glyph removed.
    pub text: String,
    /// A paragraph starts here (after a blank line, a spacer line, at a bullet, or inferred).
    pub brk: bool,
    /// The break is certain (blank or spacer line, bullet), not inferred from punctuation.
    pub hard: bool,
    /// The line was a bullet item.
    pub bullet: bool,
}

/// Reads plain text into a document: the numbered articles, or the whole text as one article.
pub fn read(text: &str) -> Result<Document, IngestError> {
    read_lines(lines(text), Format::Text)
}

/// Reads logical lines (from plain text or a cleaned PDF) into a document.
pub(super) fn read_lines(mut lines: Vec<Line>, format: Format) -> Result<Document, IngestError> {
    // The publication may be on a running header, so it is looked for before those go.
    let first = headings(&lines).first().map_or(lines.len(), |h| h.at);
    let publication = publication_in(&lines[..first]);
    drop_running_lines(&mut lines);
    let width = wrap_width(&lines);
    let heads = headings(&lines);
    let front = &lines[..front_end(&lines, &heads)];
    let (issue, issued) = match publication
        .as_ref()
        .and_then(|(_, issue)| issue.clone())
        .or_else(|| issue_in(front))
    {
        Some((issue, issued)) => (Some(issue), issued),
        None => (None, None),
    };
    let mut document = Document {
        publication: publication.map(|(name, _)| name),
        issue,
        issued,
        format: Some(format),
        articles: Vec::new(),
    };
    if heads.is_empty() {
        document.articles.push(single_article(&lines)?);
        return Ok(document);
    }
    let mut section: Option<String> = None;
    for (k, head) in heads.iter().enumerate() {
        if let Some(at) = head.section_at {
            section = Some(section_name(&lines[at].text));
        }
        let end = heads
            .get(k + 1)
            .map_or(lines.len(), |next| next.section_at.unwrap_or(next.at));
        let (title, body_start) = title_of(&lines, head, end, width);
        let paragraphs = paragraphs(&lines[body_start..end]);
        let mut text = title.clone();
        for paragraph in &paragraphs {
            text.push_str("\n\n");
            text.push_str(paragraph);
        }
        document.articles.push(Article {
            number: Some(head.number),
            section: section.clone(),
            title,
            text,
            url: None,
        });
    }
    Ok(document)
}

// ---------------------------------------------------------------------------------------------
// Logical lines

/// Lines ending a sentence (or a list's introduction) end with one of these.
fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '”', '’', '\'', ')', '）', '」', '』']);
    s.ends_with(['!', '?', ':', ';', '。', '！', '？', '：', '；'])
        || s.ends_with('.') && !abbreviation_at_end(s)
}

/// `Mr.`, `No.`, `e.g.` and the like end the line: the sentence goes on.
fn abbreviation_at_end(s: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "no", "nos", "vol", "art", "fig", "approx", "vs", "st",
        "jr", "e.g", "i.e",
    ];
    let word = s
        .rsplit(' ')
        .next()
        .unwrap_or(s)
        .trim_end_matches('.')
        .to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
}

/// Bullet glyphs that open a list item (followed by a space).
const BULLETS: &[char] = &[
    '•', '●', '○', '▪', '■', '□', '◆', '◇', '►', '▶', '✓', '✔', '·', '-', '–', '*', '➢', '❖',
];

/// Strips a bullet glyph, saying whether there was one.
fn strip_bullet(s: &str) -> (&str, bool) {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), Some(' ')) if BULLETS.contains(&c) => (chars.as_str().trim_start(), true),
        _ => (s, false),
    }
}

/// Collapses runs of spaces.
fn collapse(s: &str) -> String {
    if !s.contains("  ") {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The text's logical lines, with paragraph starts marked.
pub(super) fn lines(text: &str) -> Vec<Line> {
    // A form feed (a page break in `pdftotext` output) ends a line like a line feed.
    let unfed;
    let text = if text.contains('\x0c') {
        unfed = text.replace('\x0c', "\n");
        unfed.as_str()
    } else {
        text
    };
    let raw: Vec<&str> = text.split('\n').collect();
    // Double-spaced: most lines with text are followed by exactly one empty line.
    let mut followed_by_one = 0usize;
    let mut with_text = 0usize;
    for (i, line) in raw.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        with_text += 1;
        if raw.get(i + 1).is_some_and(|l| l.is_empty())
            && raw.get(i + 2).is_some_and(|l| !l.is_empty())
        {
            followed_by_one += 1;
        }
    }
    let double = with_text >= 4 && followed_by_one * 10 >= with_text * 7;
    let mut out: Vec<Line> = Vec::new();
    // Quotes opened in the current paragraph and not closed: no paragraph ends inside a quotation
    // (`"... equipment-Part 1:` / `Safety requirements"` is one title).
    let mut open_quotes = Quotes::default();
    let mut pending_break = true;
    let mut empties = 0usize;
    let mut previous_empty = true;
    for line in raw {
        if line.is_empty() {
            empties += 1;
            if !double || empties >= 2 {
                pending_break = true;
            }
            previous_empty = true;
            continue;
        }
        if line.trim().is_empty() {
            // A spacer line (spaces only): an empty paragraph in the original.
            pending_break = true;
            empties = 0;
            previous_empty = true;
            continue;
        }
        // In a double-spaced copy, a line right after another line (no empty line between) starts a
        // new page, and the copy put a space before it; an indented line after an empty line is a
        // list item whose bullet glyph the copy dropped.
        let mut content = line.trim_end();
        let mut bullet = false;
        if double {
            if !previous_empty {
                content = content.strip_prefix(' ').unwrap_or(content);
            }
            if content.starts_with(' ') && previous_empty && !out.is_empty() {
                bullet = true;
            }
        }
        let (content, glyph) = strip_bullet(content.trim_start());
        bullet |= glyph;
        let text = collapse(content);
        let hard = pending_break || bullet;
        let brk = hard
            || (double
                && open_quotes.closed()
                && out.last().is_some_and(|prev: &Line| {
                    ends_sentence(&prev.text) && starts_sentence(&text)
                }));
        if brk {
            open_quotes = Quotes::default();
        }
        open_quotes.count(&text);
        out.push(Line {
            text,
            brk,
            hard,
            bullet,
        });
        pending_break = false;
        empties = 0;
        previous_empty = false;
    }
    if double {
        infer_short_line_breaks(&mut out);
    }
    out
}

/// Quotation marks counted over a paragraph.
#[derive(Default)]
struct Quotes {
    straight: usize,
    opening: usize,
    closing: usize,
}

impl Quotes {
    fn count(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '"' => self.straight += 1,
                '“' => self.opening += 1,
                '”' => self.closing += 1,
                _ => {}
            }
        }
    }

    /// No quotation is open (a curly closing mark may close a straight opening one, as in the seed).
    fn closed(&self) -> bool {
        (self.straight + self.opening + self.closing).is_multiple_of(2)
    }
}

/// A sentence may start here: an upper-case letter, a digit, a quote or an ideograph.
fn starts_sentence(s: &str) -> bool {
    s.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || is_cjk(c) || "\"“'‘(（《【".contains(c)
    })
}

/// In a double-spaced copy, a line that stops well short of the wrap width although the next word
/// would have fitted ends its paragraph (a heading, a short last line).
fn infer_short_line_breaks(lines: &mut [Line]) {
    let width = wrap_width(lines);
    for i in 1..lines.len() {
        if lines[i].brk {
            continue;
        }
        let prev = &lines[i - 1].text;
        let next_word = lines[i].text.split(' ').next().unwrap_or("");
        let fits = display_width(prev) + 1 + display_width(next_word) < width * 6 / 10;
        if fits
            && !prev.ends_with(['-', ',', '，', '、', '(', '/'])
            && starts_sentence(&lines[i].text)
        {
            lines[i].brk = true;
        }
    }
}

/// Display width: ideographs and full-width forms count two.
fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars()
        .map(|c| {
            if is_cjk(c) || ('\u{ff00}'..='\u{ffef}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// The width the text wraps at: the 90th percentile of line widths.
fn wrap_width(lines: &[Line]) -> usize {
    let mut widths: Vec<usize> = lines.iter().map(|l| display_width(&l.text)).collect();
    if widths.is_empty() {
        return 80;
    }
    widths.sort_unstable();
    widths[(widths.len() * 9 / 10).min(widths.len() - 1)].max(20)
}

/// Drops running headers and footers (short lines repeated on many pages, page numbers masked) and
/// bare page numbers.
fn drop_running_lines(lines: &mut Vec<Line>) {
    static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,3})?$|^第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?$")
            .expect("a valid pattern")
    });
    let key = |s: &str| -> Vec<u8> {
        s.bytes()
            .map(|b| {
                if b.is_ascii_digit() {
                    b'#'
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect()
    };
    let mut counts: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
    for line in lines.iter() {
        if line.text.len() <= 100 && !ends_sentence(&line.text) {
            *counts.entry(key(&line.text)).or_default() += 1;
        }
    }
    lines.retain(|line| {
        let running = counts.get(&key(&line.text)).is_some_and(|&n| n >= 3)
            && line.text.split(' ').count() >= 2;
        let short_number = line.text.len() <= 24 && line.text.bytes().any(|b| b.is_ascii_digit());
        let page_number = short_number && PAGE_NUMBER.is_match(&line.text);
        !(running || page_number)
    });
}

// ---------------------------------------------------------------------------------------------
// Articles

/// Where the front matter ends: at the first article's section heading, or its heading.
fn front_end(lines: &[Line], heads: &[Heading]) -> usize {
    heads
        .first()
        .map_or(lines.len(), |h| h.section_at.unwrap_or(h.at))
}

/// A numbered article's heading.
#[derive(Clone, Debug)]
struct Heading {
    /// Index of the heading's line.
    at: usize,
    number: u32,
    /// The title's first line (after the number), or `None` when the number stands alone.
    first: Option<String>,
    /// Index of the section heading right before it, if any.
    section_at: Option<usize>,
}

/// `1. Title`, `1) Title`, `1、Title`, `Article 1: Title`, `No. 1 Title`.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
            (?P<n>\d{1,3})\s?[.)．、]\s*(?P<t>\D.*)?
          | (?:article|item|news|no\.)\s*(?P<m>\d{1,3})\s*[.:：)\-–—]?\s*(?P<u>.*)
        )$",
    )
    .expect("a valid pattern")
});

/// The parts of a heading line; a cheap test first, as most lines are not headings.
fn heading(line: &str) -> Option<regex::Captures<'_>> {
    let first = line.chars().next()?;
    if first.is_ascii_digit() || matches!(first, 'A' | 'a' | 'I' | 'i' | 'N' | 'n') {
        HEADING.captures(line)
    } else {
        None
    }
}

/// The numbered articles: among lines that look like `N. Title` at a paragraph start, the longest
/// run of consecutive numbers (a table of contents loses to the articles, which come later).
fn headings(lines: &[Line]) -> Vec<Heading> {
    let mut candidates: Vec<Heading> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(caps) = heading(&line.text) else {
            continue;
        };
        let number = caps
            .name("n")
            .or_else(|| caps.name("m"))
            .and_then(|m| m.as_str().parse().ok());
        let first = caps
            .name("t")
            .or_else(|| caps.name("u"))
            .map(|m| m.as_str().trim().to_owned());
        let Some(number) = number else { continue };
        let first = first.filter(|t| !t.is_empty());
        let at_start =
            i == 0 || line.brk || ends_sentence(&lines[i - 1].text) || is_section(lines, i - 1);
        let plausible = match &first {
            // A list item or a sentence ends with punctuation; a title does not.
            Some(t) => {
                t.chars().any(char::is_alphabetic) && t.chars().count() <= 200 && !ends_item(t)
            }
            None => lines.get(i + 1).is_some_and(|n| !ends_item(&n.text)),
        };
        if at_start && plausible && !line.bullet {
            candidates.push(Heading {
                at: i,
                number,
                first,
                section_at: None,
            });
        }
    }
    // Longest chain of consecutive numbers; among equals, the latest predecessor.
    let mut length = vec![1usize; candidates.len()];
    let mut before: Vec<Option<usize>> = vec![None; candidates.len()];
    for i in 0..candidates.len() {
        for j in (0..i).rev() {
            if candidates[j].number + 1 == candidates[i].number && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                before[i] = Some(j);
            }
        }
    }
    let Some(mut end) = (0..candidates.len()).max_by_key(|&i| (length[i], i)) else {
        return Vec::new();
    };
    let mut chain = vec![end];
    while let Some(j) = before[end] {
        chain.push(j);
        end = j;
    }
    chain.reverse();
    let mut heads: Vec<Heading> = chain.into_iter().map(|i| candidates[i].clone()).collect();
    let mut floor = 0;
    for head in &mut heads {
        if head.at > floor && is_section(lines, head.at - 1) {
            head.section_at = Some(head.at - 1);
        }
        floor = head.at + 1;
    }
    heads
}

/// A list item or a sentence: ends with `.`, `;` or `,` (but not `etc.`-like title ends).
fn ends_item(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', ')'])
        .ends_with(['.', ';', ',', '。', '；', '，'])
}

/// A section heading: a short line at a paragraph start, no sentence punctuation, not a list item,
/// starting with a capital, a digit or an ideograph.
fn is_section(lines: &[Line], i: usize) -> bool {
    let line = &lines[i];
    let words = line.text.split(' ').count();
    let at_start = i == 0 || line.hard || ends_sentence(&lines[i - 1].text);
    at_start
        && !line.bullet
        && words <= 6
        && line.text.chars().count() <= 60
        && !line.text.contains([':', '：', ',', '，'])
        && !ends_item(&line.text)
        && heading(&line.text).is_none()
        && line
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || is_cjk(c))
}

/// A section's name without a numbering (`I.`, `Part 2:`, `Section 3 -`).
fn section_name(s: &str) -> String {
    static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:part|section|chapter)\s+\w+\s*[.:\-–—]?\s*|[IVX]{1,4}\.\s+|[一二三四五六七八九十]+、\s*)")
            .expect("a valid pattern")
    });
    NUMBERING.replace(s, "").trim().to_owned()
}

/// Words that, capitalized at the start of a line, open a sentence rather than continue a title
/// (title case writes them in lower case).
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "By",
    "During",
    "Since",
    "From",
    "Recently",
    "Upon",
    "Under",
    "As",
    "After",
    "Before",
    "According",
    "With",
    "This",
    "These",
    "That",
    "It",
    "Its",
    "Last",
    "Earlier",
    "Today",
    "Yesterday",
    "Following",
    "Over",
    "Between",
    "Following",
    "Within",
    "When",
    "While",
    "Currently",
    "Lately",
    "Meanwhile",
];

/// The article's title (wrapped lines joined, hyphenation undone, the number dropped) and the index
/// of the first body line.
fn title_of(lines: &[Line], head: &Heading, end: usize, width: usize) -> (String, usize) {
    let mut parts: Vec<&str> = Vec::new();
    let mut next = head.at + 1;
    match &head.first {
        Some(first) => parts.push(first),
        None => {
            if next < end {
                parts.push(&lines[next].text);
                next += 1;
            }
        }
    }
    let mut last_line: &str = if head.first.is_some() {
        &lines[head.at].text
    } else {
        parts.first().copied().unwrap_or("")
    };
    while next < end && parts.len() < 5 {
        let line = &lines[next];
        let title = join(&parts);
        let hyphenated = hyphen_at_end(last_line);
        if !hyphenated && !unbalanced(&title) {
            let first_word = line.text.split(' ').next().unwrap_or("");
            let opener = OPENERS.contains(&first_word.trim_end_matches(','));
            let fits = display_width(last_line) + 1 + display_width(first_word) <= width * 3 / 4;
            let sentence = line.text.split(' ').count() >= 4
                && (ends_sentence(&line.text) || SENTENCE_BOUNDARY.is_match(&line.text));
            if line.hard
                || ends_sentence(last_line)
                || opener
                || first_word.ends_with([',', '，'])
                || fits
                || sentence
                || title.chars().count() > 250
            {
                break;
            }
        }
        parts.push(&line.text);
        last_line = &line.text;
        next += 1;
    }
    (join(&parts), next)
}

/// A sentence ends and another starts within a line.
static SENTENCE_BOUNDARY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-z]{2}[.!?] +[A-Z]").expect("a valid pattern"));

/// The line ends with a word broken by a hyphen (`In-`), not a dash or a range (`2009-`).
fn hyphen_at_end(s: &str) -> bool {
    let mut rev = s.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// Quotes or brackets opened and not closed.
fn unbalanced(s: &str) -> bool {
    let count = |c: char| s.chars().filter(|&x| x == c).count();
    count('(') > count(')')
        || count('（') > count('）')
        || count('“') > count('”')
        || count('《') > count('》')
        || count('"') % 2 == 1
        || s.matches("''").count() % 2 == 1
}

/// Joins wrapped lines: a hyphen broken word is mended (`In-` + `ternet`), ideographs join without a
/// space, other lines with one.
pub(super) fn join<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.as_ref().trim();
        if part.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(part);
            continue;
        }
        let next = part.chars().next().unwrap_or(' ');
        let last = out.chars().next_back().unwrap_or(' ');
        if hyphen_at_end(&out) && next.is_lowercase() {
            out.pop();
        } else if hyphen_at_end(&out) || (last == '-' && next.is_ascii_digit()) {
            // A compound or a range broken at its hyphen: keep the hyphen, no space.
        } else if !(is_cjk(last) && is_cjk(next) || is_cjk_punct(last) || is_cjk_punct(next)) {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Full-width punctuation, after or before which no space goes.
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}')
}

/// The body's paragraphs, each joined into one line.
fn paragraphs(lines: &[Line]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if line.brk && !current.is_empty() {
            out.push(join(&current));
            current.clear();
        }
        current.push(&line.text);
    }
    if !current.is_empty() {
        out.push(join(&current));
    }
    out
}

/// A text without numbered articles: one article, its first line the title.
fn single_article(lines: &[Line]) -> Result<Article, IngestError> {
    let Some(first) = lines.first() else {
        return Err(IngestError::NoArticles("the text has no lines".into()));
    };
    let has_sentence = lines.iter().any(|l| {
        let words = l
            .text
            .split(' ')
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        let ideographs = l.text.chars().filter(|&c| is_cjk(c)).count();
        words >= 3 || ideographs >= 6
    });
    if !has_sentence {
        return Err(IngestError::NoArticles(
            "no numbered article and no sentence of three words or more".into(),
        ));
    }
    let title = first.text.clone();
    let mut text = title.clone();
    for paragraph in paragraphs(&lines[1..]) {
        text.push_str("\n\n");
        text.push_str(&paragraph);
    }
    Ok(Article {
        number: None,
        section: None,
        title,
        text,
        url: None,
    })
}

// ---------------------------------------------------------------------------------------------
// Front matter

/// An issue as the text states it (`May 2019`), and its date when it has one.
type Issue = (String, Option<PartialDate>);

/// The publication a front matter names on a line of its own (`... Newsletter`), with the issue the
/// same line may carry after a dash (`Standards Newsletter – May 2019`).
fn publication_in(front: &[Line]) -> Option<(String, Option<Issue>)> {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:newsletter|bulletin|digest|briefing|weekly|monthly|gazette|observer|review)\b|通讯|简报|快讯|周报|月报")
            .expect("a valid pattern")
    });
    front.iter().take(300).find_map(|line| {
        let text = line.text.as_str();
        let lower = text.to_lowercase();
        if text.split(' ').count() > 14
            || ends_item(text)
            || lower.starts_with("in this")
            || lower.starts_with("about ")
        {
            return None;
        }
        let m = NAME.find(text)?;
        let tail = text[m.end()..].trim_start_matches([' ', '-', '–', '—', '|', ',', ':']);
        match issue_in_line(tail) {
            Some(issue) => Some((text[..m.end()].trim().to_owned(), Some(issue))),
            None => Some((text.to_owned(), None)),
        }
    })
}

/// The issue a front matter states on a short line of its own (`May 2019`, `Issue 3, 2019`,
/// `2019年5月`), with its date when it has one.
fn issue_in(front: &[Line]) -> Option<Issue> {
    front
        .iter()
        .take(300)
        .filter(|l| l.text.split(' ').count() <= 8 && !ends_item(&l.text))
        .find_map(|l| issue_in_line(&l.text))
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// An issue stated in `s` and its date.
fn issue_in_line(s: &str) -> Option<Issue> {
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    static ISSUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?xi)
            (?P<numbered>(?:issue|no\.|number|vol\.?|volume)\s*\d{1,3}(?:\s*[,/(]?\s*(?P<ny>(?:19|20)\d\d)\)?)?)
          | (?P<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+(?P<my>(?:19|20)\d\d)
          | (?P<iso>(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2]))\b
          | (?P<cy>(?:19|20)\d\d)\s*年\s*(?:(?P<cm>\d{1,2})\s*月|第\s*\d{1,3}\s*期)",
        )
        .expect("a valid pattern")
    });
    let caps = ISSUE.captures(s)?;
    let whole = caps.get(0)?.as_str().trim().to_owned();
    let date = if let Some(y) = caps.name("ny") {
        y.as_str().parse().ok()
    } else if let (Some(m), Some(y)) = (caps.name("month"), caps.name("my")) {
        let m = m.as_str().to_lowercase();
        let month = MONTHS.iter().position(|name| name.starts_with(&m[..3]))? + 1;
        format!("{}-{month:02}", y.as_str()).parse().ok()
    } else if let Some(iso) = caps.name("iso") {
        super::issue_date(iso.as_str())
    } else if let Some(y) = caps.name("cy") {
        match caps.name("cm") {
            Some(m) => super::issue_date(&format!("{}-{}", y.as_str(), m.as_str())),
            None => y.as_str().parse().ok(),
        }
    } else {
        None
    };
    Some((whole, date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read::tests::outline;

    const FIXTURE: &str =
        include_str!("../../../tests/fixtures/newsletter/sesec-it-ict-newsletter-2019.txt");

    /// Case, whitespace, quotes and dashes folded, so titles compare by their words.
    pub(crate) fn fold(s: &str) -> String {
        let mapped: String = s
            .chars()
            .map(|c| match c {
                '“' | '”' | '„' | '‘' | '’' | '\'' | '"' => '"',
                '–' | '—' | '‐' | '‑' => '-',
                '：' => ':',
                c => c.to_lowercase().next().unwrap_or(c),
            })
            .collect::<String>()
            .replace("\"\"", "\"");
        collapse(&mapped)
    }

    /// The seed's 21 articles: (number, section, title).
    pub(crate) fn seed_articles() -> Vec<(u32, String, String)> {
        let seed: toml::Value =
            toml::from_str(include_str!("../../../seed/sources.toml")).expect("the seed parses");
        let mut out: Vec<(u32, String, String)> = seed["node"]
            .as_array()
            .expect("nodes")
            .iter()
            .filter(|n| {
                n["id"].as_str().is_some_and(|id| {
                    id.starts_with("src:sesec-2019-a") && id != "src:sesec-2019-abbr"
                })
            })
            .map(|n| {
                (
                    n["article"].as_integer().expect("a number") as u32,
                    n["section"].as_str().expect("a section").to_owned(),
                    n["title"].as_str().expect("a title").to_owned(),
                )
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_seed_issue_gives_its_21_articles_with_numbers_sections_and_titles() {
        let doc = read(FIXTURE).unwrap();
        let seed = seed_articles();
        assert_eq!(seed.len(), 21);
        let got: Vec<(u32, String, String)> = doc
            .articles
            .iter()
            .map(|a| {
                (
                    a.number.unwrap_or(0),
                    a.section.clone().unwrap_or_default(),
                    fold(&a.title),
                )
            })
            .collect();
        let want: Vec<(u32, String, String)> = seed
            .iter()
            .map(|(n, s, t)| (*n, s.clone(), fold(t)))
            .collect();
        assert_eq!(got, want);
        // Exactly equal, not only folded, but for the two quote styles the seed normalized.
        let exact = doc
            .articles
            .iter()
            .zip(&seed)
            .filter(|(a, (_, _, t))| &a.title == t)
            .count();
        assert_eq!(
            exact,
            21,
            "titles differing from the seed: {:#?}",
            doc.articles
                .iter()
                .zip(&seed)
                .filter(|(a, (_, _, t))| &a.title != t)
                .map(|(a, (_, _, t))| (&a.title, t))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            doc.publication.as_deref(),
            Some("SESEC IV China IT/ICT Standardization Newsletter")
        );
    }

    #[test]
    fn article_text_is_title_then_clean_paragraphs() {
        let doc = read(FIXTURE).unwrap();
        let a8 = &doc.articles[7];
        assert!(a8.text.starts_with(
            "SAC and NEA: Guidelines for Strengthening the Standardization of Energy Internet\n\nOn May 15, the National Energy Administration (NEA) and SAC jointly released the “Guidelines for Strengthening the Standardization of Energy Internet”."
        ), "{}", a8.text);
        // A sentence broken by a page break is whole again.
        assert!(
            a8.text
                .contains("energy storage, electric vehicle, etc., and supporting"),
            "{}",
            a8.text
        );
        let a1 = &doc.articles[0].text;
        assert!(a1.contains("economic and social development, meet people's needs"));
        assert!(
            a1.contains("regulations, and policies")
                || a1.contains("laws, regulations and policies")
        );
        // A paragraph break where the sentence and the line end together.
        assert!(a1.contains("for the first time.\n\nThe Catalogue is divided"));
        // No paragraph ends inside a quoted title.
        assert!(
            doc.articles[9]
                .text
                .contains("equipment-Part 1: Safety requirements\" which IEC 62368-1")
        );
        // Real hyphens stay; broken words are mended.
        let a3 = &doc.articles[2].text;
        assert!(a3.contains("Intelligent Manufacturing/Industry 4.0"));
        assert!(a3.contains("China-Germany Standardization Cooperation Committee"));
        // Bullet items are paragraphs of their own.
        let a5 = &doc.articles[4].text;
        assert!(a5.contains("The key messages cover:\n\nChina’s standardization system and the implications of its reform for the competitiveness of the European industry.\n\nStandardization actions"), "{a5}");
        // Ideographs wrapped over lines join without a space.
        assert!(doc.articles[17].text.contains("(制造强国建设领导小组)"));
        // The URL broken at its hyphen is mended.
        assert!(doc.articles[12].text.contains(
            "https://www.tc260.org.cn/front/postDetail.html?id=20190524130906&from=timeline"
        ));
        // No front matter or abbreviation table in any article; no article ends with a section name.
        assert!(
            doc.articles
                .iter()
                .all(|a| !a.text.contains("中国电子标准化研究所"))
        );
        assert!(
            doc.articles[4].text.ends_with("in Paris."),
            "{}",
            doc.articles[4].text
        );
        assert!(!doc.articles[20].text.contains("\n\n\n"));
    }

    #[test]
    fn reading_the_whole_issue_takes_milliseconds() {
        read(FIXTURE).unwrap(); // compiles the patterns once
        let start = std::time::Instant::now();
        for _ in 0..10 {
            read(FIXTURE).unwrap();
        }
        let per_read = start.elapsed() / 10;
        // Unoptimized test builds run the patterns and char loops 10-30 times slower than release,
        // and the build machines are shared; the bound catches anything quadratic.
        let bound = if cfg!(debug_assertions) { 150 } else { 10 };
        assert!(
            per_read < std::time::Duration::from_millis(bound),
            "{per_read:?} per read"
        );
    }

    #[test]
    fn a_made_up_single_spaced_issue_with_parenthesized_numbers_and_a_table_of_contents() {
        let text = "\
Standards Observer – March 2024

Contents
1) New committee on quantum computing
2) Call for comments on smart meter standards

Quantum

1) New committee on quantum computing
The Example Standardization Administration set up a technical committee on quantum
computing on 4 March 2024. It will draft twelve standards in three years.

The secretariat is held by the Example Institute.

Smart Energy

2) Call for comments on smart meter standards
Comments on three draft standards for smart meters are invited until 30 April 2024.
";
        let doc = read(text).unwrap();
        assert_eq!(doc.publication.as_deref(), Some("Standards Observer"));
        assert_eq!(doc.issue.as_deref(), Some("March 2024"));
        assert_eq!(doc.issued, "2024-03".parse().ok());
        assert_eq!(
            outline(&doc),
            vec![
                (
                    Some(1),
                    Some("Quantum"),
                    "New committee on quantum computing"
                ),
                (
                    Some(2),
                    Some("Smart Energy"),
                    "Call for comments on smart meter standards"
                ),
            ]
        );
        assert_eq!(
            doc.articles[0].text,
            "New committee on quantum computing\n\nThe Example Standardization Administration set up a technical committee on quantum computing on 4 March 2024. It will draft twelve standards in three years.\n\nThe secretariat is held by the Example Institute."
        );
    }

    #[test]
    fn article_keyword_numbering_without_sections_and_lists_inside_articles() {
        let text = "\
Article 1: Regional forum on data standards held in Example City
More than 100 experts attended the forum. Its conclusions:
1. Data labelling standards are needed first;
2. Testing should follow.

Article 2 - Two Standards on Electric Bikes Are Drafted
Drafting began in May.
";
        let doc = read(text).unwrap();
        assert_eq!(
            outline(&doc),
            vec![
                (
                    Some(1),
                    None,
                    "Regional forum on data standards held in Example City"
                ),
                (Some(2), None, "Two Standards on Electric Bikes Are Drafted"),
            ]
        );
        assert!(
            doc.articles[0]
                .text
                .contains("1. Data labelling standards are needed first;")
        );
    }

    #[test]
    fn a_wrapped_title_in_a_double_spaced_copy_ends_where_the_body_starts() {
        let text = "\
Digital Affairs \n\n \n\n1. The Example Committee approved a roadmap for the standardization of in-\n\ndustrial robots and collaborative machines \n\nThe Example Committee met in Example City on 3 June 2024 and approved a roadmap \n\nfor the standardization of industrial robots, with forty standards in five years. \n\n \n\n2. New Members Join the Example Alliance \n\nFollowing the call of March, twelve companies joined the alliance, which now counts \n\nsixty members from industry and academia in ten provinces and two regions. \n";
        let doc = read(text).unwrap();
        assert_eq!(
            outline(&doc),
            vec![
                (
                    Some(1),
                    Some("Digital Affairs"),
                    "The Example Committee approved a roadmap for the standardization of industrial robots and collaborative machines"
                ),
                (
                    Some(2),
                    Some("Digital Affairs"),
                    "New Members Join the Example Alliance"
                ),
            ]
        );
        assert!(doc.articles[1].text.ends_with(
            "sixty members from industry and academia in ten provinces and two regions."
        ));
    }

    #[test]
    fn a_pasted_news_item_is_one_article() {
        let text = "CESI releases a white paper on edge computing\n\nBeijing, 12 May 2024 - CESI released a white paper on edge\ncomputing standardization today.\n";
        let doc = read(text).unwrap();
        assert_eq!(doc.articles.len(), 1);
        let a = &doc.articles[0];
        assert_eq!(
            (a.number, a.title.as_str()),
            (None, "CESI releases a white paper on edge computing")
        );
        assert_eq!(
            a.text,
            "CESI releases a white paper on edge computing\n\nBeijing, 12 May 2024 - CESI released a white paper on edge computing standardization today."
        );
    }

    #[test]
    fn a_text_without_a_sentence_has_no_articles() {
        assert!(
            matches!(read("Contents\n\nIoT\nAI\n"), Err(IngestError::NoArticles(r)) if r.contains("three words"))
        );
    }

    #[test]
    fn running_headers_and_page_numbers_are_dropped() {
        let page = |n: u32, body: &str| {
            format!("Example Standards Digest   Issue 4\n\n{body}\n\n- {n} -\n")
        };
        let text = [
            page(
                1,
                "1. First title here\n\nThe first article says something useful about GB/T 1234.",
            ),
            page(
                2,
                "2. Second title here\n\nThe second article says something else.",
            ),
            page(
                3,
                "3. Third title here\n\nThe third article ends the issue.",
            ),
        ]
        .concat();
        let doc = read(&text).unwrap();
        assert_eq!(doc.articles.len(), 3);
        assert_eq!(
            doc.articles[0].text,
            "First title here\n\nThe first article says something useful about GB/T 1234."
        );
        assert_eq!(doc.publication.as_deref(), Some("Example Standards Digest"));
    }

    #[test]
    fn joining_mends_broken_words_and_keeps_real_hyphens() {
        assert_eq!(join(&["Energy In-", "ternet"]), "Energy Internet");
        assert_eq!(join(&["SESEC II (2009-", "2012)"]), "SESEC II (2009-2012)");
        assert_eq!(
            join(&["Guidelines –", "Specifications"]),
            "Guidelines – Specifications"
        );
        assert_eq!(join(&["Multi-", "Access"]), "Multi-Access");
        assert_eq!(join(&["国家互联网", "信息办公室"]), "国家互联网信息办公室");
    }
}
