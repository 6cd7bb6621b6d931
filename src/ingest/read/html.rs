//! HTML of a news web page (not yet read).
use crate::ingest::{Document, Format, IngestError};
pub fn read(_text: &str) -> Result<Document, IngestError> {
    Err(IngestError::Unreadable {
        format: Format::Html,
        reason: "HTML is not read yet".into(),
    })
}
