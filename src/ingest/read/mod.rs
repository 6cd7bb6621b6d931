//! Reading a text: check its size, decode its bytes, detect and read its format, split it into
//! articles. One file per concern: [`decode`] (bytes to normalized text), [`newsletter`] (plain text
//! in a newsletter's layout, or one pasted news item), [`markdown`], [`html`] (one news web page) and
//! [`pdf`] (text extracted, cleaned, then read as the newsletter's layout).

pub mod decode;
pub mod html;
pub mod markdown;
pub mod newsletter;
pub mod pdf;

use super::{DEFAULT_MAX_BYTES, Document, Format, IngestError, IngestOptions};
use crate::model::PartialDate;

/// Reads `bytes` into a [`Document`] of at least one article, or says why it cannot. The size is
/// checked before any other work; an explicit `options.format` is obeyed, except that PDF bytes are
/// never read as text and text is never read as a PDF.
pub fn read(bytes: &[u8], options: &IngestOptions) -> Result<Document, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let limit = if options.max_bytes == 0 {
        DEFAULT_MAX_BYTES
    } else {
        options.max_bytes
    };
    if bytes.len() > limit {
        return Err(IngestError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let issued = match &options.issue {
        Some(issue) => issue_date(issue),
        None => None,
    };
    let is_pdf = looks_like_pdf(bytes);
    let format = match options.format {
        Some(Format::Pdf) if !is_pdf => {
            return Err(IngestError::InvalidOption(
                "the format PDF was given, but the file is not a PDF (it does not start with %PDF-)"
                    .into(),
            ));
        }
        Some(format) if is_pdf && format != Format::Pdf => {
            return Err(IngestError::InvalidOption(format!(
                "the format {format} was given, but the file is a PDF; ingest it as PDF"
            )));
        }
        Some(format) => format,
        None if is_pdf => Format::Pdf,
        None => Format::Text,
    };
    let mut document = if format == Format::Pdf {
        pdf::read(bytes)?
    } else {
        decode::refuse_binary(bytes)?;
        let text = decode::decode(bytes)?;
        if text.trim().is_empty() {
            return Err(IngestError::Empty);
        }
        match options.format.unwrap_or_else(|| detect(&text)) {
            Format::Html => html::read(&text)?,
            Format::Markdown => markdown::read(&text)?,
            _ => newsletter::read(&text)?,
        }
    };
    // The caller's word wins over what the text seems to say.
    if options.publication.is_some() {
        document.publication = options.publication.clone();
    }
    if options.issue.is_some() {
        document.issue = options.issue.clone();
        if issued.is_some() {
            document.issued = issued;
        }
    }
    Ok(document)
}

/// A PDF starts with `%PDF-`, possibly after a little junk (the specification allows 1024 bytes).
fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// The format of decoded text: HTML by its markup, Markdown by its structure, else plain text.
pub fn detect(text: &str) -> Format {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || ["<html", "<body", "<head>", "</p>", "<meta "]
            .iter()
            .filter(|t| head.contains(*t))
            .count()
            >= 2
    {
        return Format::Html;
    }
    if markdown::looks_like_markdown(text) {
        return Format::Markdown;
    }
    Format::Text
}

/// The date an issue names: `2019`, `2019-05`, `2019-05-13`, also `2019/5` or `2019.05`; `None` for
/// issues that are not dates (`No. 3`).
pub fn issue_date(issue: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = issue.trim().split(['-', '/', '.']).collect();
    let canonical = match parts.as_slice() {
        [y] => (*y).to_owned(),
        [y, m] => format!("{y}-{:0>2}", m),
        [y, m, d] => format!("{y}-{:0>2}-{:0>2}", m, d),
        _ => return None,
    };
    canonical.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each article's number, section and title.
    pub(crate) fn outline(doc: &Document) -> Vec<(Option<u32>, Option<&str>, &str)> {
        doc.articles
            .iter()
            .map(|a| (a.number, a.section.as_deref(), a.title.as_str()))
            .collect()
    }

    fn options() -> IngestOptions {
        IngestOptions::default()
    }

    #[test]
    fn empty_and_whitespace_only_files_are_empty() {
        assert_eq!(read(b"", &options()), Err(IngestError::Empty));
        assert_eq!(read(b" \r\n\t\n  \n", &options()), Err(IngestError::Empty));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_decoding() {
        let options = IngestOptions {
            max_bytes: 10,
            ..options()
        };
        // Not even decodable: the size is checked first.
        assert_eq!(
            read(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", &options),
            Err(IngestError::TooLarge {
                size: 11,
                limit: 10
            })
        );
        let big = vec![b'a'; DEFAULT_MAX_BYTES + 1];
        assert_eq!(
            read(&big, &IngestOptions::default()),
            Err(IngestError::TooLarge {
                size: DEFAULT_MAX_BYTES + 1,
                limit: DEFAULT_MAX_BYTES
            })
        );
    }

    #[test]
    fn binary_and_undecodable_files_are_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert!(matches!(read(png, &options()), Err(IngestError::Binary(w)) if w.contains("PNG")));
        let zip = b"PK\x03\x04\x14\0\x06\0\x08\0word/document.xml";
        assert!(matches!(read(zip, &options()), Err(IngestError::Binary(w)) if w.contains("ZIP")));
        assert_eq!(
            read(b"Standards news caf\xe9 \xff\xfe", &options()),
            Err(IngestError::Undecodable)
        );
    }

    #[test]
    fn an_explicit_format_that_contradicts_the_bytes_is_an_invalid_option() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n";
        let as_text = IngestOptions {
            format: Some(Format::Text),
            ..options()
        };
        assert!(
            matches!(read(pdf, &as_text), Err(IngestError::InvalidOption(m)) if m.contains("is a PDF"))
        );
        let as_pdf = IngestOptions {
            format: Some(Format::Pdf),
            ..options()
        };
        assert!(matches!(
            read(b"Just a text about GB/T 22239.", &as_pdf),
            Err(IngestError::InvalidOption(m)) if m.contains("not a PDF")
        ));
    }

    #[test]
    fn formats_are_detected_by_their_markup() {
        assert_eq!(
            detect("<!DOCTYPE html><html><body><p>x</p></body></html>"),
            Format::Html
        );
        assert_eq!(detect("  <html lang=\"zh\"><head>"), Format::Html);
        assert_eq!(
            detect("# Newsletter\n\n## Cybersecurity\n\n### 1. Title\n\nText."),
            Format::Markdown
        );
        assert_eq!(
            detect("1. Title\n\nRecently, CESI issued a standard."),
            Format::Text
        );
    }

    #[test]
    fn the_callers_issue_sets_the_issue_date() {
        let options = IngestOptions {
            issue: Some("2019-05".into()),
            publication: Some("Standards Weekly".into()),
            ..options()
        };
        let doc = read(
            "CESI news\n\nCESI issued two new standards today.".as_bytes(),
            &options,
        )
        .unwrap();
        assert_eq!(doc.issue.as_deref(), Some("2019-05"));
        assert_eq!(doc.issued, "2019-05".parse().ok());
        assert_eq!(doc.publication.as_deref(), Some("Standards Weekly"));
        assert_eq!(issue_date("2019/5"), "2019-05".parse().ok());
        assert_eq!(issue_date("No. 3"), None);
    }
}
