//! PDF (not yet read).
use crate::ingest::{Document, Format, IngestError};
pub fn read(_bytes: &[u8]) -> Result<Document, IngestError> {
    Err(IngestError::Unreadable {
        format: Format::Pdf,
        reason: "PDF is not read yet".into(),
    })
}
