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

#[cfg(test)]
mod tests {
    use super::*;

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
