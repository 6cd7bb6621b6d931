//! Reading a text: decode its bytes, detect and read its format, split it into articles.
//!
//! (Skeleton: UTF-8 plain text, one article. The decoders and format readers replace it.)

use super::{Article, Document, IngestError, IngestOptions};

/// Reads `bytes` into a [`Document`] of at least one article, or says why it cannot.
pub fn read(bytes: &[u8], options: &IngestOptions) -> Result<Document, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if options.max_bytes > 0 && bytes.len() > options.max_bytes {
        return Err(IngestError::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| IngestError::Undecodable)?;
    let title = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if title.is_empty() {
        return Err(IngestError::NoArticles("the text has no words".into()));
    }
    Ok(Document {
        publication: options.publication.clone(),
        issue: options.issue.clone(),
        issued: None,
        format: options.format,
        articles: vec![Article {
            number: None,
            section: None,
            title: title.to_owned(),
            text: text.to_owned(),
            url: None,
        }],
    })
}
