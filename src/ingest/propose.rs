//! From linked mentions to reviewable items: nodes to create, fields to set, relations and
//! corroborations, each with its evidence, rule and confidence; what the graph holds is left out.
//!
//! (Skeleton: proposes the articles' Source nodes only.)

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::{ArticleView, Document, Evidence, Item, ItemChange, ItemStatus, Proposal};
use crate::graph::KnowledgeGraph;
use crate::model::{Node, NodeData, NodeId, SourceData};

/// Proposes what `document` adds to `graph`, leaving out items for which `known_items` is true.
pub fn propose(
    graph: &KnowledgeGraph,
    document: &Document,
    known_items: &dyn Fn(&str) -> bool,
) -> Proposal {
    let mut digest = Sha256::new();
    for article in &document.articles {
        digest.update(article.text.as_bytes());
    }
    let id = format!("proposal:{}", hex(&digest.finalize()[..8]));
    let issue_slug = slug(document.issue.as_deref().unwrap_or("undated"));
    let mut articles = Vec::new();
    let mut items = Vec::new();
    for (i, article) in document.articles.iter().enumerate() {
        let number = article.number.unwrap_or(i as u32 + 1);
        let source = NodeId::parse(&format!(
            "src:{issue_slug}-a{number:02}-{}",
            short_digest(&article.text)
        ))
        .expect("a slug and digits make a valid id");
        if graph.get(source.as_str()).is_none() {
            let mut node = Node::new(
                source.clone(),
                article.title.clone(),
                NodeData::Source(SourceData {
                    publication: document.publication.clone().unwrap_or_default(),
                    issue: document.issue.clone(),
                    issued: document.issued,
                    article: article.number,
                    section: article.section.clone(),
                    title: Some(article.title.clone()),
                    url: article.url.clone(),
                }),
            );
            node.sources = Arc::new(vec![source.clone()]);
            let change = ItemChange::CreateNode { node };
            let item_id = item_id(&change);
            if !known_items(&item_id) {
                items.push(Item {
                    id: item_id,
                    change,
                    rule: "article".into(),
                    confidence: 1.0,
                    evidence: vec![Evidence {
                        source: source.clone(),
                        start: 0,
                        end: article.title.len().min(article.text.len()),
                        sentence: article.title.clone(),
                    }],
                    requires: Vec::new(),
                    base_version: None,
                    status: ItemStatus::Pending,
                });
            }
        }
        articles.push(ArticleView {
            source,
            number: article.number,
            section: article.section.clone(),
            title: article.title.clone(),
            text: article.text.clone(),
            url: article.url.clone(),
            mentions: Vec::new(),
        });
    }
    Proposal {
        id,
        publication: document.publication.clone(),
        issue: document.issue.clone(),
        issued: document.issued,
        format: document.format,
        articles,
        items,
    }
}

/// The id of an item: a digest of what it changes.
pub fn item_id(change: &ItemChange) -> String {
    let json = serde_json::to_vec(change).expect("item changes serialize to JSON");
    format!("item:{}", hex(&Sha256::digest(&json)[..8]))
}

fn short_digest(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes())[..3])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case letters, digits and dashes.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "x".into() } else { out }
}
