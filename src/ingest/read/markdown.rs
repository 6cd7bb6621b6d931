//! Markdown, read with a real CommonMark parser (`pulldown-cmark`): `#` names the issue or the
//! publication, `##` the sections, `###` or numbered headings (`## 3. Title`) the articles. Without
//! article headings the whole text is one article. Text comes out as plain prose: no markup, a
//! link's text kept and its address dropped, images dropped.

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::ingest::{Article, Document, Format, IngestError};

/// Markdown rather than plain text: an ATX heading (`# Title`), or links and emphasis in Markdown's
/// syntax.
pub fn looks_like_markdown(text: &str) -> bool {
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^#{1,6}[ \t]+\S").expect("a valid pattern"));
    static INLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\]\([^)\s]+\)|\*\*[^*\n]+\*\*|(?m)^```").expect("a valid pattern")
    });
    HEADING.is_match(text) || INLINE.find_iter(text).take(2).count() >= 2
}

/// A block of the parsed text.
#[derive(Debug)]
enum Block {
    Heading(u8, String),
    Paragraph(String),
}

/// The text's blocks, inline markup flattened to prose.
fn blocks(text: &str) -> Vec<Block> {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut heading: Option<u8> = None;
    let mut in_image = 0usize;
    let flush = |current: &mut String, heading: Option<u8>, blocks: &mut Vec<Block>| {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        current.clear();
        if !text.is_empty() {
            blocks.push(match heading {
                Some(level) => Block::Heading(level, text),
                None => Block::Paragraph(text),
            });
        }
    };
    for event in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, None, &mut blocks);
                heading = Some(level_number(level));
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut current, heading, &mut blocks);
                heading = None;
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::TableRow
                | Tag::TableHead,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            )
            | Event::Rule => flush(&mut current, heading, &mut blocks),
            Event::End(TagEnd::TableCell) => current.push_str("; "),
            Event::Text(t) | Event::Code(t) if in_image == 0 => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, heading, &mut blocks);
    for block in &mut blocks {
        if let Block::Paragraph(p) = block {
            *p = p.trim_end_matches([';', ' ']).to_owned();
        }
    }
    blocks
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `3. Title`, `3) Title`: the number and the title.
fn numbered(s: &str) -> Option<(u32, String)> {
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,3})\s?[.)．、]\s+(\S.*)$").expect("a valid pattern"));
    let caps = NUMBERED.captures(s)?;
    Some((caps[1].parse().ok()?, caps[2].to_owned()))
}

/// Reads Markdown into a document.
pub fn read(text: &str) -> Result<Document, IngestError> {
    let blocks = blocks(text);
    let is_article = |level: u8, text: &str| level >= 3 || (level >= 2 && numbered(text).is_some());
    let has_articles = blocks
        .iter()
        .any(|b| matches!(b, Block::Heading(l, t) if is_article(*l, t)));
    let mut document = Document {
        format: Some(Format::Markdown),
        ..Document::default()
    };
    if !has_articles {
        let mut parts = blocks.iter().map(|b| match b {
            Block::Heading(_, t) | Block::Paragraph(t) => t.as_str(),
        });
        let Some(title) = parts.next() else {
            return Err(IngestError::NoArticles("the Markdown has no text".into()));
        };
        let body: Vec<&str> = parts.collect();
        if title.split(' ').count() + body.iter().map(|p| p.split(' ').count()).sum::<usize>() < 3 {
            return Err(IngestError::NoArticles(
                "the Markdown has no sentence of three words or more".into(),
            ));
        }
        let mut text = title.to_owned();
        for paragraph in body {
            text.push_str("\n\n");
            text.push_str(paragraph);
        }
        document.articles.push(Article {
            title: title.to_owned(),
            text,
            ..Article::default()
        });
        return Ok(document);
    }
    // The article level: the shallowest level an article heading has.
    let article_level = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, t) if is_article(*l, t) => Some(*l),
            _ => None,
        })
        .min()
        .unwrap_or(3);
    let mut section: Option<String> = None;
    let mut current: Option<Article> = None;
    let finish = |current: &mut Option<Article>, articles: &mut Vec<Article>| {
        if let Some(article) = current.take() {
            articles.push(article);
        }
    };
    for block in blocks {
        match block {
            Block::Heading(level, text) if level == article_level && is_article(level, &text) => {
                finish(&mut current, &mut document.articles);
                let (number, title) = match numbered(&text) {
                    Some((n, t)) => (Some(n), t),
                    None => (None, text),
                };
                current = Some(Article {
                    number,
                    section: section.clone(),
                    text: title.clone(),
                    title,
                    url: None,
                });
            }
            Block::Heading(level, text) if level < article_level => {
                finish(&mut current, &mut document.articles);
                if level == 1 && document.publication.is_none() {
                    document.publication = Some(text);
                } else {
                    section = Some(text);
                }
            }
            Block::Heading(_, text) | Block::Paragraph(text) => {
                if let Some(article) = current.as_mut() {
                    article.text.push_str("\n\n");
                    article.text.push_str(&text);
                }
            }
        }
    }
    finish(&mut current, &mut document.articles);
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read::tests::outline;

    #[test]
    fn headings_give_publication_sections_and_articles_in_plain_prose() {
        let text = "\
# Example Standards Digest

## Cybersecurity

### 1. TC 99 publishes a *guide* on cloud security

On 3 May 2024 the [Example Committee](https://example.org/tc99) published
**GB/T 99999-2024**, a guide on `cloud` security.

- It covers audits.
- It covers logs.

![logo](logo.png)

### 2. Call for comments

Comments are due by 30 June 2024.

## IoT

### 3. New sensor standards

Three standards were approved.
";
        assert!(looks_like_markdown(text));
        let doc = read(text).unwrap();
        assert_eq!(doc.publication.as_deref(), Some("Example Standards Digest"));
        assert_eq!(
            outline(&doc),
            vec![
                (
                    Some(1),
                    Some("Cybersecurity"),
                    "TC 99 publishes a guide on cloud security"
                ),
                (Some(2), Some("Cybersecurity"), "Call for comments"),
                (Some(3), Some("IoT"), "New sensor standards"),
            ]
        );
        assert_eq!(
            doc.articles[0].text,
            "TC 99 publishes a guide on cloud security\n\nOn 3 May 2024 the Example Committee published GB/T 99999-2024, a guide on cloud security.\n\nIt covers audits.\n\nIt covers logs."
        );
    }

    #[test]
    fn markdown_without_article_headings_is_one_article() {
        let doc = read("## CESI opens a lab\n\nCESI opened a *test* lab in [Beijing](https://x.cn).\n\n## Details\n\nIt tests robots.").unwrap();
        assert_eq!(doc.articles.len(), 1);
        assert_eq!(doc.articles[0].title, "CESI opens a lab");
        assert_eq!(
            doc.articles[0].text,
            "CESI opens a lab\n\nCESI opened a test lab in Beijing.\n\nDetails\n\nIt tests robots."
        );
        assert!(matches!(read("# Hi"), Err(IngestError::NoArticles(_))));
    }

    #[test]
    fn numbered_second_level_headings_are_articles() {
        let doc = read(
            "# News\n\n## 1. First item\n\nText one here.\n\n## 2. Second item\n\nText two here.",
        )
        .unwrap();
        let got: Vec<_> = doc
            .articles
            .iter()
            .map(|a| (a.number, a.title.as_str()))
            .collect();
        assert_eq!(got, vec![(Some(1), "First item"), (Some(2), "Second item")]);
    }
}
