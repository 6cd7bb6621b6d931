//! Sentences of an article, for evidence and for the rules that read one sentence at a time.
//! (Used until `find::sentences` lands; the same contract: byte ranges into the text, in order,
//! covering every word.)

use std::ops::Range;

/// Words after which a full stop does not end a sentence.
const NO_BREAK_AFTER: [&str; 12] = [
    "mr", "mrs", "ms", "dr", "prof", "no", "vs", "e.g", "i.e", "etc", "st", "art",
];

/// The sentences of `text` as byte ranges, trimmed: a sentence ends at `.`, `!`, `?`, `;` or `。`
/// followed by white space (not after a title such as `Mr.` or a single capital), and at every
/// blank line (a paragraph or the title).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let push = |out: &mut Vec<Range<usize>>, s: usize, e: usize| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if s + lead < e - trail {
            out.push(s + lead..e - trail);
        }
    };
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let next = text[end..].chars().next();
        let breaks = match c {
            '。' | '！' | '？' | '；' => true,
            '.' | '!' | '?' | ';' => {
                next.is_none_or(char::is_whitespace) && (c != '.' || !abbreviation(&text[start..i]))
            }
            '\n' => next == Some('\n') || bytes.get(end..end + 2) == Some(b"\r\n"),
            _ => false,
        };
        if breaks {
            push(&mut out, start, end);
            start = end;
        }
    }
    push(&mut out, start, text.len());
    out
}

/// True when the text before a full stop ends with a title or an initial.
fn abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    NO_BREAK_AFTER.contains(&lower.as_str())
        || (word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_not_after_titles() {
        let text = "Title line\n\nMr. Xu spoke. It ended; all left.\nNext";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "Title line",
                "Mr. Xu spoke.",
                "It ended;",
                "all left.",
                "Next"
            ]
        );
    }
}
