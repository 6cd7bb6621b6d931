//! What reading a text gives: a [`Document`] (the issue) of [`Article`]s, whatever the format was.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::PartialDate;

/// The formats a text may come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text in a newsletter's layout: front matter, table of contents, sections, numbered
    /// articles.
    Text,
    Markdown,
    /// A news web page: one article.
    Html,
    Pdf,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Pdf => "PDF",
        })
    }
}

/// One issue of a publication (or one web page), split into articles.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The publication's name, when the text or the caller gives it.
    pub publication: Option<String>,
    /// The issue (`2019`, `2019-05`, `No. 3 2019`), when the text or the caller gives it.
    pub issue: Option<String>,
    /// The issue's date, when known; dates without a year in the articles take this year.
    pub issued: Option<PartialDate>,
    pub format: Option<Format>,
    pub articles: Vec<Article>,
}

/// One article: a numbered news item of an issue, or a whole web page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The article's number in the issue, when it has one.
    pub number: Option<u32>,
    /// The section it stands in (`Cybersecurity`), when the issue has sections.
    pub section: Option<String>,
    /// The title, on one line (wrapped title lines joined, hyphenation undone).
    pub title: String,
    /// The article's text: the title, a blank line, then the body with paragraphs separated by blank
    /// lines and wrapped lines joined. Mention spans are byte offsets into this text.
    pub text: String,
    /// A web page's address, when the article is one.
    pub url: Option<String>,
}
