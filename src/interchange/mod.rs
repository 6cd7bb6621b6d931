//! Reading and writing the graph in exchange formats: the curated TOML seed and networkx node-link JSON.
//!
//! Readers turn text into nodes and relations and report problems with the file and entry they come
//! from; they never touch the store. Writing goes through [`crate::app`] like every other change.

pub mod check;
pub mod csv;
pub mod export;
pub mod graphml;
pub mod nodelink;
pub mod seed;
pub mod tabular;

/// A problem reading an exchange file.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {message}")]
pub struct FormatError {
    /// File name and, where known, the entry (`articles/a14.toml, node 3 (std:gb-t-22239-2019)`).
    pub location: String,
    pub message: String,
}

impl FormatError {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            message: message.into(),
        }
    }
}
