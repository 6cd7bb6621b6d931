//! Text normalization shared by lookups, search and duplicate detection.
//!
//! Analysts type codes and names in many ways: full-width characters from Chinese input methods, em dashes
//! copied from PDFs, mixed case. Everything that compares text compares the normalized form.

use unicode_normalization::UnicodeNormalization;

/// Replaces every dash-like character (hyphen, en dash, em dash, minus sign, ...) with ASCII `-`.
pub fn fold_dashes(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        other => other,
    }
}

/// NFKC (full-width to ASCII), dashes folded, lower case, runs of whitespace collapsed to one space, trimmed.
pub fn normalize_text(s: &str) -> String {
    if s.is_ascii() {
        return normalize_ascii(s);
    }
    normalize_unicode(s)
}

/// [`normalize_text`] the long way, for any text.
fn normalize_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfkc().map(fold_dashes) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// [`normalize_text`] for ASCII text, which NFKC and dash folding leave as it is.
fn normalize_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_fast_path_agrees_with_the_long_way() {
        let samples = [
            "",
            " ",
            "GB/T 22239-2019",
            "  Mixed\tCase\x0bWith\x0cControls\r\n ",
            "a",
            "A  B",
            "Cryptographic Module -- Part 2",
            "\x00\x1f~!@#$%^&*()_+{}|:\"<>?",
        ];
        for s in samples {
            assert_eq!(normalize_ascii(s), normalize_unicode(s), "{s:?}");
        }
        for b in 0u8..128 {
            let s = format!("x{}Y{}", b as char, b as char);
            assert_eq!(normalize_ascii(&s), normalize_unicode(&s), "{b}");
        }
    }

    #[test]
    fn folds_width_case_dashes_and_spaces() {
        assert_eq!(normalize_text("  ＧＢ／Ｔ 22239—2019 "), "gb/t 22239-2019");
        assert_eq!(
            normalize_text("China\n  Electronic\tStandardization"),
            "china electronic standardization"
        );
        assert_eq!(
            normalize_text("中国电子标准化研究所"),
            "中国电子标准化研究所"
        );
    }
}
