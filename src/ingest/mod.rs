//! Ingest: from an issue's text to proposed, sourced changes of the graph. Pure: no IO, no clock, no
//! network; everything here reads bytes and a snapshot of the graph and returns values, so the same
//! input and graph always give the same proposal.
//!
//! The pipeline, one module per step:
//! 1. [`read`]: decode the bytes (UTF-8, GB18030/GBK) and read the format (plain text in the
//!    newsletter's layout, Markdown, HTML, PDF) into a [`Document`] of [`Article`]s.
//! 2. [`find`]: find mentions in each article by pattern (codes, plan numbers, dates and what they
//!    date, committee patterns, definitions, titles, people, events, MoUs, calls for comments, lifecycle
//!    verbs).
//! 3. [`link`]: find the graph's known organizations, committees, people, standards and documents by
//!    name, alias, abbreviation and Chinese name, and link every mention to a node or to a proposed one.
//! 4. [`propose`]: turn the linked mentions into [`Item`]s (nodes to create, fields to set, relations,
//!    corroborations), each with its evidence, rule and confidence, leaving out what the graph holds.
//!
//! Storing a proposal, reviewing it and applying the accepted items is the app's work
//! (`app::review`), through the one write path.

pub mod document;
pub mod evaluate;
pub mod find;
pub mod link;
pub mod proposal;
pub mod propose;
pub mod read;

pub use document::{Article, Document, Format};
pub use proposal::{
    ArticleView, Evidence, Item, ItemChange, ItemStatus, Link, Mention, MentionKind, Proposal,
};

use crate::graph::KnowledgeGraph;

/// Why a text could not be ingested. Nothing is stored for any of these.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum IngestError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is binary, not text ({0})")]
    Binary(String),
    #[error("the text is neither UTF-8 nor GB18030/GBK")]
    Undecodable,
    #[error("the {format} could not be read: {reason}")]
    Unreadable { format: Format, reason: String },
    #[error("no article was recognized in the text ({0})")]
    NoArticles(String),
    #[error("invalid ingest option: {0}")]
    InvalidOption(String),
}

/// What a caller says about the text beside its bytes.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// The format, or `None` to detect it (PDF by its header, HTML by its markup, Markdown by its
    /// headings, else plain text).
    pub format: Option<Format>,
    /// The issue the text is (e.g. `2019-05`), when the text does not say it.
    pub issue: Option<String>,
    /// The publication, when the text does not say it.
    pub publication: Option<String>,
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
}

/// Default of [`IngestOptions::max_bytes`]: 20 MiB.
pub const DEFAULT_MAX_BYTES: usize = 20 * 1024 * 1024;

/// Reads `bytes` and proposes what they add to `graph`. `known_items` are the ids of items already
/// proposed (in any stored proposal, whatever their review status), which are not proposed again.
pub fn ingest(
    graph: &KnowledgeGraph,
    bytes: &[u8],
    options: &IngestOptions,
    known_items: &dyn Fn(&str) -> bool,
) -> Result<Proposal, IngestError> {
    let document = read::read(bytes, options)?;
    Ok(propose::propose(graph, &document, known_items))
}
