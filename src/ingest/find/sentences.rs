//! Sentence boundaries, for the finders that read a mention's clause (what a date dates, whether a
//! title is a standard's) and for the evidence a proposal quotes.
//!
//! A sentence ends at a line break, at `。！？`, or at `.!?` (with closing quotes and brackets after it)
//! followed by white space, unless the word before the period is an abbreviation (`Mr.`, `No.`, `e.g.`,
//! `Dec.`) or a single capital (`J. Smith`). A period inside a token (`Y.3172`, `4.0`, `e.g`) never
//! ends one.

use std::ops::Range;

/// Words that end with a period without ending a sentence (compared without the period, case
/// ignored).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "no", "nos", "vol", "fig", "art", "st", "jr", "sr", "vs",
    "e.g", "i.e", "cf", "approx", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "para", "sec", "ch", "p", "pp",
];

/// The byte ranges of the sentences of `text`, trimmed of white space, in order; empty ones left out.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let end = match c {
            '\n' => Some(i),
            '。' | '！' | '？' => Some(i + c.len_utf8()),
            '.' | '!' | '?' => {
                let mut after = i + 1;
                while after < bytes.len()
                    && matches!(
                        text[after..].chars().next(),
                        Some('"' | '”' | '’' | ')' | '\'')
                    )
                {
                    after += text[after..].chars().next().map_or(1, char::len_utf8);
                }
                let next = text[after..].chars().next();
                let ends = next.is_none_or(char::is_whitespace)
                    && !(c == '.' && is_abbreviation(&text[start..i]));
                ends.then_some(after)
            }
            _ => None,
        };
        if let Some(end) = end {
            push(text, start..end, &mut out);
            start = end;
            while iter.peek().is_some_and(|&(j, _)| j < end) {
                iter.next();
            }
        }
    }
    push(text, start..text.len(), &mut out);
    out
}

/// True when `before` (the text before a period) ends with an abbreviation or a single capital.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    let single_capital = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
    single_capital || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

fn push(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let trimmed = slice.trim_start();
    let start = range.start + (slice.len() - trimmed.len());
    let end = start + trimmed.trim_end().len();
    if end > start {
        out.push(start..end);
    }
}

/// The sentence containing byte `at`, or the nearest one before it.
pub(super) fn around(sentences: &[Range<usize>], at: usize) -> Option<Range<usize>> {
    let i = sentences.partition_point(|s| s.start <= at);
    i.checked_sub(1).map(|i| sentences[i].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn abbreviations_codes_and_decimals_do_not_end_a_sentence() {
        check(
            "Mr. XU Hanliang met Dr. Betty XU. They discussed ITU-T Y.3172 and GB/T 22239-2019. \
             Industry 4.0 is e.g. a topic, i.e. a theme. See No. 5 on Dec. 1. Done",
            &[
                "Mr. XU Hanliang met Dr. Betty XU.",
                "They discussed ITU-T Y.3172 and GB/T 22239-2019.",
                "Industry 4.0 is e.g. a topic, i.e. a theme.",
                "See No. 5 on Dec. 1.",
                "Done",
            ],
        );
    }

    #[test]
    fn chinese_full_stops_quotes_and_lines() {
        check(
            "标准发布。2019年5月13日实施！He said \"it is done.\" Next one?\nTitle line\n\nBody",
            &[
                "标准发布。",
                "2019年5月13日实施！",
                "He said \"it is done.\"",
                "Next one?",
                "Title line",
                "Body",
            ],
        );
    }
}
