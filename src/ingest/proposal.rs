//! What ingesting proposes: a [`Proposal`] of reviewable [`Item`]s, each with its evidence, and the
//! articles with their [`Mention`]s for a reviewer to read. Stored as JSON by the app; the serde
//! shape is the stored one, so change it only with a migration.

use serde::{Deserialize, Serialize};

use super::document::Format;
use crate::model::{Node, NodeId, PartialDate, Relation, RelationId};

/// A proposal: what one ingested text adds to the graph, waiting for review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// `proposal:` and a digest of the text read, so the same text has the same id.
    pub id: String,
    pub publication: Option<String>,
    pub issue: Option<String>,
    pub issued: Option<PartialDate>,
    pub format: Option<Format>,
    pub articles: Vec<ArticleView>,
    pub items: Vec<Item>,
}

/// An article as a reviewer sees it: its text, the Source node it becomes, and what was found in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleView {
    /// The id of the Source node this article is (proposed by an item, or already in the graph).
    pub source: NodeId,
    pub number: Option<u32>,
    pub section: Option<String>,
    pub title: String,
    pub text: String,
    pub url: Option<String>,
    /// In the order they start.
    pub mentions: Vec<Mention>,
}

/// A span of an article's text that names something.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Byte offsets into the article's text, `start..end`.
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
    /// The text of the span.
    pub text: String,
    /// The normalized value where the kind has one: a code (`GB/T 22239-2019`), a date
    /// (`2019-05-13`), a date's role (`in_force`), a committee code (`SAC/TC 260`).
    pub value: Option<String>,
    /// What the mention is in its sentence, where a pattern says it: a date's role (`published`,
    /// `in_force`, `deadline`, `held`, `signed`, `issued`, `established`), a lifecycle verb's step, a
    /// person's title (`chairman`), an event's kind (`meeting`), a title's kind (`standard`,
    /// `document`).
    pub role: Option<String>,
    /// What the mention was linked to, if anything.
    pub link: Option<Link>,
}

/// What a pattern found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A standard code (`GB/T 22239-2019`, `ISO/IEC 27001`, `ITU-T Y.3172`).
    Code,
    /// A standardization plan number (`20190xxx-T-469`).
    PlanNumber,
    /// A date or a range of dates; `value` holds `start` or `start/end`.
    Date,
    /// An organization, by name, alias, abbreviation, Chinese name or definition.
    Organization,
    /// A technical committee, subcommittee or working group.
    Committee,
    Person,
    /// A quoted or code-led title of a standard or document.
    Title,
    Event,
    Mou,
    /// A call for comments (its deadline is a `Date` mention).
    CommentCall,
    /// A lifecycle verb (issued, released, approved, comes into force, replaces, withdrawn); `value`
    /// holds the lifecycle step.
    Lifecycle,
    Topic,
}

/// A mention's link to a node: an existing one, or one an item of the proposal creates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub node: NodeId,
    /// The name, alias, abbreviation or code that matched.
    pub matched: String,
    /// How sure the link is, 0 to 1.
    pub score: f32,
    /// True when the node is proposed by this proposal, not in the graph.
    pub proposed: bool,
}

/// One reviewable change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// `item:` and a digest of what the item changes (not of its evidence), so the same fact found
    /// again has the same id and is not proposed twice.
    pub id: String,
    pub change: ItemChange,
    /// The rule that produced it (`definition`, `code_led_title`, `date_in_force`, ...).
    pub rule: String,
    /// How sure the rule is, 0 to 1.
    pub confidence: f32,
    /// Where the text says it; at least one.
    pub evidence: Vec<Evidence>,
    /// Items this one needs (the Source node of its evidence, a node it links), accepted with it.
    pub requires: Vec<String>,
    /// The version of the existing node the item changes, when it was proposed: a later write to the
    /// node makes accepting it a conflict.
    pub base_version: Option<u64>,
    pub status: ItemStatus,
}

/// What an item does to the graph when accepted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ItemChange {
    /// Creates a node (a Source for each article, a new standard, committee, organization, ...).
    CreateNode { node: Node },
    /// Sets one field of an existing node (its name in the seed format: `in_force`, `status`, ...).
    SetField {
        node: NodeId,
        field: String,
        value: serde_json::Value,
        /// The value before, as the graph held it when proposed.
        previous: Option<serde_json::Value>,
    },
    /// Adds a relation.
    Link { relation: Relation },
    /// Adds the article to the sources of a node the graph holds (corroboration).
    CorroborateNode { node: NodeId, source: NodeId },
    /// Adds the article to the sources of a relation the graph holds (corroboration).
    CorroborateRelation {
        relation: RelationId,
        source: NodeId,
    },
}

/// Where an item's fact is stated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The article's Source node.
    pub source: NodeId,
    /// Byte offsets of the span into the article's text.
    pub start: usize,
    pub end: usize,
    /// The sentence the span stands in.
    pub sentence: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    #[default]
    Pending,
    Accepted,
    Rejected,
}
