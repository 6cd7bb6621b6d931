//! Ingest and review: `ingest` reads a newsletter issue or a web page into a proposal; `proposals`
//! and `proposal` list and show proposals; `reviewProposal`, `editProposalItem` and
//! `mergeProposalItem` act on their items. The shapes are the contract the explorer's Ingest page
//! is built on (`/work/notes/ingest-api.graphql` at the time of issue #19).
//!
//! Offsets (`start`, `end`) are in UTF-16 code units of the article's text, as JavaScript counts
//! them, so a page can slice `text` with them directly; the proposal keeps byte offsets.

use std::sync::Arc;

use async_graphql::{Context, Enum, ErrorExtensions, ID, Json, Object, Result, SimpleObject};
use base64::Engine;

use super::error::{Code, error};
use super::mutation::{app_error, authorize};
use super::scalars::Date;
use super::scope::scope;
use crate::app::{App, ProposalSummary as Summary, ReviewError, StoredProposal};
use crate::auth::Role;
use crate::graph::KnowledgeGraph;
use crate::ingest::{self, IngestError, IngestOptions, Item, ItemChange};
use crate::model::{NodeId, NodeKind, format_timestamp};

/// The largest text `ingest` reads, in bytes (after base64 decoding); schema data.
#[derive(Clone, Copy, Debug)]
pub struct IngestLimit(pub usize);

/// The format of an ingested text.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::ingest::Format")]
pub enum IngestFormat {
    /// Plain text in a newsletter's layout: front matter, table of contents, sections, numbered
    /// articles.
    Text,
    Markdown,
    /// A news web page: one article.
    Html,
    /// A PDF (send it with `encoding: BASE64`).
    Pdf,
}

/// How `ingest`'s `text` carries the file.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum IngestEncoding {
    /// `text` is the text itself.
    #[default]
    Plain,
    /// `text` is the file's bytes in base64 (standard alphabet): for PDF and for text in GB18030/GBK.
    #[graphql(name = "BASE64")]
    Base64,
}

/// Whether a proposal waits for review.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ProposalStatus {
    /// At least one item is pending.
    Open,
    /// No item is pending.
    Done,
}

/// Where an item stands in review.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::ingest::ItemStatus")]
pub enum ProposalItemStatus {
    /// Not reviewed yet; changes nothing.
    Pending,
    /// Applied to the graph.
    Accepted,
    /// Left out (also: a proposed node merged into an existing one).
    Rejected,
}

/// What an item does to the graph when accepted.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ProposalItemOp {
    /// Creates a node: an article's Source, or a standard, committee, organization, ... it names.
    CreateNode,
    /// Sets one field of an existing node (a standard's in-force date, a status, aliases).
    SetField,
    /// Adds a relation.
    Link,
    /// Adds the article to the sources of a node the graph holds.
    CorroborateNode,
    /// Adds the article to the sources of a relation the graph holds.
    CorroborateRelation,
}

/// What a mention names.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::ingest::MentionKind")]
pub enum MentionKind {
    /// A standard code (`GB/T 22239-2019`, `ISO/IEC 27001`).
    Code,
    /// A standardization plan number (`20190xxx-T-469`).
    PlanNumber,
    /// A date or a range of dates.
    Date,
    Organization,
    /// A technical committee, subcommittee or working group.
    Committee,
    Person,
    /// A quoted or code-led title of a standard or document.
    Title,
    Event,
    Mou,
    /// A call for comments.
    CommentCall,
    /// A lifecycle verb (issued, released, approved, comes into force, replaces, withdrawn).
    Lifecycle,
    Topic,
}

/// A stored proposal in a list: who proposed it, when, and how far its review is.
pub struct ProposalSummary(Summary);

#[Object]
impl ProposalSummary {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// When the text was ingested (RFC 3339, UTC), as history times are written.
    async fn created_at(&self) -> String {
        format_timestamp(self.0.created_at_ms)
    }
    /// The name of the key that ingested it; null for a text ingested into a stopped store.
    async fn created_by(&self) -> Option<&str> {
        self.0.created_by.as_deref()
    }
    async fn publication(&self) -> Option<&str> {
        self.0.publication.as_deref()
    }
    async fn issue(&self) -> Option<&str> {
        self.0.issue.as_deref()
    }
    async fn status(&self) -> ProposalStatus {
        status_of(self.0.pending)
    }
    async fn article_count(&self) -> usize {
        self.0.article_count
    }
    async fn pending(&self) -> usize {
        self.0.pending
    }
    async fn accepted(&self) -> usize {
        self.0.accepted
    }
    async fn rejected(&self) -> usize {
        self.0.rejected
    }
}

fn status_of(pending: usize) -> ProposalStatus {
    if pending == 0 {
        ProposalStatus::Done
    } else {
        ProposalStatus::Open
    }
}

/// What one ingested text proposes to add to the graph: its articles with what was found in
/// them, and the items (nodes, fields, relations, corroborations) waiting for review. Nothing of
/// it is in the graph until an item is accepted.
#[derive(Clone)]
pub struct Proposal {
    stored: Arc<StoredProposal>,
    /// The graph the items' summaries name nodes from.
    graph: Arc<KnowledgeGraph>,
}

impl Proposal {
    fn new(stored: StoredProposal, graph: Arc<KnowledgeGraph>) -> Self {
        Self {
            stored: Arc::new(stored),
            graph,
        }
    }

    fn item(&self, index: usize) -> ProposalItem {
        ProposalItem {
            proposal: self.clone(),
            index,
        }
    }

    /// The text of the article whose Source node is `source`.
    fn text_of(&self, source: &NodeId) -> Option<&str> {
        self.stored
            .proposal
            .articles
            .iter()
            .find(|a| &a.source == source)
            .map(|a| a.text.as_str())
    }
}

#[Object]
impl Proposal {
    /// `proposal:` and a digest of the text: the same text always gets the same id.
    async fn id(&self) -> ID {
        ID(self.stored.proposal.id.clone())
    }
    /// When the text was ingested (RFC 3339, UTC).
    async fn created_at(&self) -> String {
        format_timestamp(self.stored.created_at_ms)
    }
    /// The name of the key that ingested it; null for a text ingested into a stopped store.
    async fn created_by(&self) -> Option<&str> {
        self.stored.created_by.as_deref()
    }
    async fn publication(&self) -> Option<&str> {
        self.stored.proposal.publication.as_deref()
    }
    async fn issue(&self) -> Option<&str> {
        self.stored.proposal.issue.as_deref()
    }
    /// The issue's date, when the text or the caller gave it.
    async fn issued(&self) -> Option<Date> {
        self.stored.proposal.issued.map(Date)
    }
    /// The format the text was read as.
    async fn format(&self) -> Option<IngestFormat> {
        self.stored.proposal.format.map(Into::into)
    }
    async fn status(&self) -> ProposalStatus {
        status_of(self.stored.counts().0)
    }
    async fn pending(&self) -> usize {
        self.stored.counts().0
    }
    async fn accepted(&self) -> usize {
        self.stored.counts().1
    }
    async fn rejected(&self) -> usize {
        self.stored.counts().2
    }
    /// The articles, in the order of the text.
    async fn articles(&self) -> Vec<ProposalArticle> {
        (0..self.stored.proposal.articles.len())
            .map(|index| ProposalArticle {
                proposal: self.clone(),
                index,
            })
            .collect()
    }
    /// The items, in the order they were proposed; only those with `status`, and only those with
    /// evidence in the article whose Source node is `source`, when given.
    async fn items(
        &self,
        status: Option<ProposalItemStatus>,
        source: Option<ID>,
    ) -> Vec<ProposalItem> {
        let status = status.map(ingest::ItemStatus::from);
        self.stored
            .proposal
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| status.is_none_or(|s| i.status == s))
            .filter(|(_, i)| {
                source
                    .as_ref()
                    .is_none_or(|s| i.evidence.iter().any(|e| e.source.as_str() == s.as_str()))
            })
            .map(|(index, _)| self.item(index))
            .collect()
    }
}

/// One article of an ingested text, as a reviewer reads it.
pub struct ProposalArticle {
    proposal: Proposal,
    index: usize,
}

impl ProposalArticle {
    fn article(&self) -> &ingest::ArticleView {
        &self.proposal.stored.proposal.articles[self.index]
    }
}

#[Object]
impl ProposalArticle {
    /// The id of the Source node this article becomes (created by an item of the proposal, or
    /// already in the graph).
    async fn source(&self) -> ID {
        ID(self.article().source.to_string())
    }
    /// Its number in the issue.
    async fn number(&self) -> Option<u32> {
        self.article().number
    }
    /// The section it stands in.
    async fn section(&self) -> Option<&str> {
        self.article().section.as_deref()
    }
    async fn title(&self) -> &str {
        &self.article().title
    }
    /// The title, a blank line, then the body; mentions and evidence point into it.
    async fn text(&self) -> &str {
        &self.article().text
    }
    /// A web page's address.
    async fn url(&self) -> Option<&str> {
        self.article().url.as_deref()
    }
    /// What was found in the text, in the order it starts.
    async fn mentions(&self) -> Vec<Mention> {
        let article = self.article();
        article
            .mentions
            .iter()
            .map(|m| Mention {
                start: utf16(&article.text, m.start),
                end: utf16(&article.text, m.end),
                kind: m.kind.into(),
                text: m.text.clone(),
                value: m.value.clone(),
                role: m.role.clone(),
                link: m.link.as_ref().map(|l| MentionLink {
                    node: ID(l.node.to_string()),
                    matched: l.matched.clone(),
                    score: f64::from(l.score),
                    proposed: l.proposed,
                }),
            })
            .collect()
    }
}

/// A span of an article's text that names something.
#[derive(SimpleObject)]
pub struct Mention {
    /// Where it starts in the article's `text`, in UTF-16 code units (JavaScript's string indexes).
    start: usize,
    /// Where it ends (exclusive), in UTF-16 code units.
    end: usize,
    kind: MentionKind,
    /// The span's text.
    text: String,
    /// The normalized value, where the kind has one: a code, a date (`2019-05-13`, or
    /// `start/end`), a committee code, a lifecycle step.
    value: Option<String>,
    /// What the mention is in its sentence: a date's role (`published`, `in_force`, `deadline`,
    /// `held`, `signed`), a person's title, an event's kind.
    role: Option<String>,
    /// The node it was linked to, if any.
    link: Option<MentionLink>,
}

/// A mention's link to a node.
#[derive(SimpleObject)]
pub struct MentionLink {
    node: ID,
    /// The name, alias, abbreviation or code that matched.
    matched: String,
    /// How sure the link is, 0 to 1.
    score: f64,
    /// True when the node is one this proposal creates (not in the graph yet).
    proposed: bool,
}

/// One reviewable change of a proposal.
pub struct ProposalItem {
    proposal: Proposal,
    index: usize,
}

impl ProposalItem {
    fn get(&self) -> &Item {
        &self.proposal.stored.proposal.items[self.index]
    }
}

#[Object]
impl ProposalItem {
    /// `item:` and a digest of what the item changes: the same fact found again has the same id
    /// and is not proposed twice.
    async fn id(&self) -> ID {
        ID(self.get().id.clone())
    }
    async fn op(&self) -> ProposalItemOp {
        match self.get().change {
            ItemChange::CreateNode { .. } => ProposalItemOp::CreateNode,
            ItemChange::SetField { .. } => ProposalItemOp::SetField,
            ItemChange::Link { .. } => ProposalItemOp::Link,
            ItemChange::CorroborateNode { .. } => ProposalItemOp::CorroborateNode,
            ItemChange::CorroborateRelation { .. } => ProposalItemOp::CorroborateRelation,
        }
    }
    /// One line for a reviewer: `Create Standard GB/T 1-2020 “…”`, `Set in_force of GB/T
    /// 22239-2019: 2019-12-01 (was none)`, `Link GB/T 22239-2019 —issued_by→ SAMR`.
    async fn summary(&self) -> String {
        summary(&self.proposal, self.get())
    }
    /// The rule that proposed it (`article`, `definition`, `date_in_force`, ...).
    async fn rule(&self) -> &str {
        &self.get().rule
    }
    /// How sure the rule is, 0 to 1.
    async fn confidence(&self) -> f64 {
        f64::from(self.get().confidence)
    }
    async fn status(&self) -> ProposalItemStatus {
        self.get().status.into()
    }
    /// Where the articles say it.
    async fn evidence(&self) -> Vec<Evidence> {
        self.get()
            .evidence
            .iter()
            .map(|e| {
                let text = self.proposal.text_of(&e.source).unwrap_or("");
                Evidence {
                    source: ID(e.source.to_string()),
                    start: utf16(text, e.start),
                    end: utf16(text, e.end),
                    sentence: e.sentence.clone(),
                }
            })
            .collect()
    }
    /// Items accepted with this one (the article's Source, a node it links): accepting it applies
    /// them too.
    async fn requires(&self) -> Vec<ID> {
        self.get().requires.iter().cloned().map(ID).collect()
    }
    /// CREATE_NODE: the node, in the seed's format.
    async fn node(&self) -> Option<Json<serde_json::Value>> {
        match &self.get().change {
            ItemChange::CreateNode { node } => Some(Json(
                serde_json::to_value(node).expect("nodes serialize to JSON"),
            )),
            _ => None,
        }
    }
    /// SET_FIELD and CORROBORATE_NODE: the node changed; CORROBORATE_RELATION: the relation.
    async fn target(&self) -> Option<ID> {
        match &self.get().change {
            ItemChange::SetField { node, .. } | ItemChange::CorroborateNode { node, .. } => {
                Some(ID(node.to_string()))
            }
            ItemChange::CorroborateRelation { relation, .. } => Some(ID(relation.to_string())),
            _ => None,
        }
    }
    /// SET_FIELD: the field, as the seed spells it (`in_force`, `status`, `aliases`).
    async fn field(&self) -> Option<&str> {
        match &self.get().change {
            ItemChange::SetField { field, .. } => Some(field),
            _ => None,
        }
    }
    /// SET_FIELD: the new value.
    async fn value(&self) -> Option<Json<serde_json::Value>> {
        match &self.get().change {
            ItemChange::SetField { value, .. } => Some(Json(value.clone())),
            _ => None,
        }
    }
    /// SET_FIELD: the value when proposed; null when the field was empty.
    async fn previous(&self) -> Option<Json<serde_json::Value>> {
        match &self.get().change {
            ItemChange::SetField { previous, .. } => previous.clone().map(Json),
            _ => None,
        }
    }
    /// LINK: the relation, in the seed's format (`kind`, `from`, `to`, `role`, `date`, `sources`).
    async fn relation(&self) -> Option<Json<serde_json::Value>> {
        match &self.get().change {
            ItemChange::Link { relation } => Some(Json(
                serde_json::to_value(relation).expect("relations serialize to JSON"),
            )),
            _ => None,
        }
    }
}

/// Where an article states an item's fact.
#[derive(SimpleObject)]
pub struct Evidence {
    /// The article's Source node.
    source: ID,
    /// Where the span starts in the article's `text`, in UTF-16 code units.
    start: usize,
    /// Where it ends (exclusive), in UTF-16 code units.
    end: usize,
    /// The sentence the span stands in.
    sentence: String,
}

/// What a review did.
#[derive(SimpleObject)]
pub struct ReviewResult {
    /// The proposal with its items' new statuses.
    proposal: Proposal,
    /// The items applied to the graph: the accepted ones and the pending items they required.
    applied: Vec<ID>,
    /// The items rejected.
    rejected: Vec<ID>,
}

/// `byte` (an offset into `text`) in UTF-16 code units; an offset inside a character or past the
/// end counts up to the character boundary before it.
fn utf16(text: &str, byte: usize) -> usize {
    let mut end = byte.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].encode_utf16().count()
}

/// How a reviewer reads a node: a standard by its code, others by name; nodes the proposal
/// creates too.
fn label(proposal: &Proposal, id: &NodeId) -> String {
    let node = proposal.graph.get(id.as_str()).map(|n| n.node().clone());
    let node = node.or_else(|| {
        proposal
            .stored
            .proposal
            .items
            .iter()
            .find_map(|i| match &i.change {
                ItemChange::CreateNode { node } if &node.id == id => Some(node.clone()),
                _ => None,
            })
    });
    match node {
        Some(n) => match n.standard_code() {
            Some(code) => code.to_string(),
            None => n.name.clone(),
        },
        None => id.to_string(),
    }
}

fn shown(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "none".into(),
        other => other.to_string(),
    }
}

fn summary(proposal: &Proposal, item: &Item) -> String {
    match &item.change {
        ItemChange::CreateNode { node } => {
            let kind = node.kind();
            match (kind, node.standard_code()) {
                (NodeKind::Standard, Some(code)) => {
                    format!("Create Standard {code} “{}”", node.name)
                }
                _ => format!("Create {kind} “{}” ({})", node.name, node.id),
            }
        }
        ItemChange::SetField {
            node,
            field,
            value,
            previous,
        } => format!(
            "Set {field} of {}: {} (was {})",
            label(proposal, node),
            shown(value),
            previous.as_ref().map_or_else(|| "none".into(), shown)
        ),
        ItemChange::Link { relation } => {
            let mut line = format!(
                "Link {} —{}→ {}",
                label(proposal, &relation.from),
                relation.kind,
                label(proposal, &relation.to)
            );
            if let Some(role) = relation.role() {
                line.push_str(&format!(" (role: {role})"));
            }
            if let Some(date) = relation.props().date {
                line.push_str(&format!(" ({date})"));
            }
            line
        }
        ItemChange::CorroborateNode { node, source } => format!(
            "Add source {} to {}",
            label(proposal, source),
            label(proposal, node)
        ),
        ItemChange::CorroborateRelation { relation, source } => {
            let (from, rest) = relation.as_str().split_once('|').unwrap_or(("", ""));
            let (kind, to) = rest.split_once('|').unwrap_or((rest, ""));
            let to = to.split('#').next().unwrap_or(to);
            let name = |id: &str| match NodeId::parse(id) {
                Ok(id) => label(proposal, &id),
                Err(_) => id.to_owned(),
            };
            format!(
                "Add source {} to {} —{kind}→ {}",
                label(proposal, source),
                name(from),
                name(to)
            )
        }
    }
}

/// A refused ingest or review as a GraphQL error.
fn review_error(e: ReviewError) -> async_graphql::Error {
    match e {
        ReviewError::Ingest(e) => {
            let reason = match &e {
                IngestError::Empty => "EMPTY",
                IngestError::TooLarge { .. } => "TOO_LARGE",
                IngestError::Binary(_) => "BINARY",
                IngestError::Undecodable => "UNDECODABLE",
                IngestError::Unreadable { .. } => "UNREADABLE",
                IngestError::NoArticles(_) => "NO_ARTICLES",
                IngestError::InvalidOption(_) => "INVALID_OPTION",
            };
            ingest_refused(reason, e.to_string())
        }
        ReviewError::NotFound(message) => error(Code::NotFound, message),
        ReviewError::Invalid {
            item,
            field,
            reason,
        } => error(Code::InvalidInput, reason.clone()).extend_with(move |_, x| {
            x.set("field", field.as_str());
            x.set("reason", reason.as_str());
            if let Some(item) = &item {
                x.set("item", item.as_str());
            }
        }),
        ReviewError::Conflict(conflicts) => {
            let message = ReviewError::Conflict(conflicts.clone()).to_string();
            error(Code::Conflict, message).extend_with(move |_, x| {
                let items: Vec<async_graphql::Value> = conflicts
                    .iter()
                    .map(|c| {
                        let mut map = async_graphql::indexmap::IndexMap::new();
                        map.insert(
                            async_graphql::Name::new("item"),
                            async_graphql::Value::from(c.item.as_str()),
                        );
                        map.insert(
                            async_graphql::Name::new("reason"),
                            async_graphql::Value::from(c.reason.as_str()),
                        );
                        async_graphql::Value::Object(map)
                    })
                    .collect();
                x.set("items", async_graphql::Value::List(items));
            })
        }
        ReviewError::App(e) => app_error(e, false),
    }
}

/// An ingest refused for its input: `INVALID_INPUT`, with the `reason` a client can act on.
fn ingest_refused(reason: &'static str, message: String) -> async_graphql::Error {
    error(Code::InvalidInput, message).extend_with(move |_, x| {
        x.set("field", "text");
        x.set("reason", reason);
    })
}

/// The proposal `stored` as the API shows it, naming nodes from the current graph.
fn shown_proposal(app: &App, stored: StoredProposal) -> Proposal {
    Proposal::new(stored, app.snapshot())
}

/// Proposals from ingested texts.
#[derive(Default)]
pub struct IngestQuery;

#[Object]
impl IngestQuery {
    /// Ingested texts waiting for review or reviewed, newest first: only those with `status` when
    /// given, at most `first` (up to 1000).
    async fn proposals(
        &self,
        ctx: &Context<'_>,
        status: Option<ProposalStatus>,
        #[graphql(default_with = "Some(20)")] first: Option<i32>,
    ) -> Result<Vec<ProposalSummary>> {
        let first = usize::try_from(first.unwrap_or(20))
            .ok()
            .filter(|f| *f <= 1000)
            .ok_or_else(|| {
                error(Code::InvalidInput, "`first` must be between 0 and 1000").extend_with(
                    |_, x| {
                        x.set("field", "first");
                    },
                )
            })?;
        let done = status.map(|s| s == ProposalStatus::Done);
        let list = scope(ctx)?
            .app
            .proposals(done, first)
            .map_err(review_error)?;
        Ok(list.into_iter().map(ProposalSummary).collect())
    }

    /// One proposal with its articles and items; null when no proposal has this id.
    async fn proposal(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Proposal>> {
        let scope = scope(ctx)?;
        let stored = scope.app.proposal(id.as_str()).map_err(review_error)?;
        Ok(stored.map(|s| Proposal::new(s, scope.snapshot.clone())))
    }
}

/// Ingesting texts and reviewing what they propose.
#[derive(Default)]
pub struct IngestMutation;

#[Object]
impl IngestMutation {
    /// Reads a newsletter issue or a web page and stores what it proposes to add to the graph,
    /// for review; changes nothing in the graph. `format` is detected when omitted; `issue` and
    /// `publication` name the issue when the text does not. A text ingested before gives its
    /// stored proposal back, and facts already proposed are not proposed again. Refused with
    /// `INVALID_INPUT` and `extensions.reason` (`EMPTY`, `TOO_LARGE`, `BINARY`, `UNDECODABLE`,
    /// `UNREADABLE`, `NO_ARTICLES`) when the text cannot be read; nothing is stored then. Needs
    /// the editor role.
    async fn ingest(
        &self,
        ctx: &Context<'_>,
        text: String,
        format: Option<IngestFormat>,
        #[graphql(default_with = "Some(IngestEncoding::Plain)")] encoding: Option<IngestEncoding>,
        issue: Option<String>,
        publication: Option<String>,
    ) -> Result<Proposal> {
        let caller = authorize(ctx, Role::Editor)?;
        let max_bytes = ctx
            .data_opt::<IngestLimit>()
            .map_or(ingest::DEFAULT_MAX_BYTES, |l| l.0);
        let bytes = match encoding.unwrap_or_default() {
            IngestEncoding::Plain => text.into_bytes(),
            IngestEncoding::Base64 => {
                let compact: String = text.split_ascii_whitespace().collect();
                // Refused before decoding: base64 holds 3 bytes in 4 characters.
                if compact.len() / 4 * 3 > max_bytes.saturating_add(3) {
                    let e = IngestError::TooLarge {
                        size: compact.len() / 4 * 3,
                        limit: max_bytes,
                    };
                    return Err(ingest_refused("TOO_LARGE", e.to_string()));
                }
                base64::engine::general_purpose::STANDARD
                    .decode(compact.as_bytes())
                    .map_err(|e| {
                        ingest_refused(
                            "UNDECODABLE",
                            format!("`text` is not valid base64 ({e}); send the file's bytes in the standard base64 alphabet"),
                        )
                    })?
            }
        };
        let options = IngestOptions {
            format: format.map(Into::into),
            issue,
            publication,
            max_bytes,
        };
        let app = scope(ctx)?.app.clone();
        let reader = app.clone();
        let proposal = super::long_read(ctx, move |_| {
            reader.propose(&bytes, &options).map_err(review_error)
        })
        .await?;
        let stored = app
            .store_proposal(proposal, Some(&caller.name))
            .await
            .map_err(review_error)?;
        Ok(shown_proposal(&app, stored))
    }

    /// Applies the `accept`ed items (and the pending items they require) as one all-or-nothing
    /// write through the normal write path (history, change feed), and marks the `reject`ed ones;
    /// either list may be empty. When the graph has changed since the proposal in a way that
    /// contradicts an item (its node changed or is gone, its node or relation exists now), the
    /// whole call is refused with `CONFLICT`, naming every such item in the message and in
    /// `extensions.items` (`[{item, reason}]`), and nothing is applied. Needs the editor role.
    async fn review_proposal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default)] accept: Vec<ID>,
        #[graphql(default)] reject: Vec<ID>,
    ) -> Result<ReviewResult> {
        let caller = authorize(ctx, Role::Editor)?;
        let app = scope(ctx)?.app.clone();
        let ids = |list: Vec<ID>| list.into_iter().map(|i| i.0).collect::<Vec<_>>();
        let reviewed = app
            .review(id.as_str(), ids(accept), ids(reject), &caller.name)
            .await
            .map_err(review_error)?;
        let graph = match &reviewed.committed {
            Some(c) => c.snapshot.clone(),
            None => app.snapshot(),
        };
        Ok(ReviewResult {
            proposal: Proposal::new(reviewed.proposal, graph),
            applied: reviewed.applied.into_iter().map(ID).collect(),
            rejected: reviewed.rejected.into_iter().map(ID).collect(),
        })
    }

    /// Changes a pending item before it is accepted. For CREATE_NODE, `fields` is a JSON object of
    /// node fields in the seed's format (`name`, `aliases`, `code`, `title`, `in_force`, ...; null
    /// clears one); for SET_FIELD, `{"value": ...}`; for LINK, the relation's properties
    /// (`role`, `date`, `kind`, `note`). Checked as a write would check it: `INVALID_INPUT` with
    /// the `field` at fault otherwise. Needs the editor role.
    async fn edit_proposal_item(
        &self,
        ctx: &Context<'_>,
        proposal: ID,
        item: ID,
        fields: Json<serde_json::Value>,
    ) -> Result<ProposalItem> {
        authorize(ctx, Role::Editor)?;
        let app = scope(ctx)?.app.clone();
        let stored = app
            .edit_item(proposal.as_str(), item.as_str(), fields.0)
            .await
            .map_err(review_error)?;
        let index = stored
            .proposal
            .items
            .iter()
            .position(|i| i.id == item.as_str())
            .ok_or_else(|| error(Code::Internal, "the edited item is missing"))?;
        Ok(shown_proposal(&app, stored).item(index))
    }

    /// Replaces the node a pending CREATE_NODE item proposes by the existing node `into` (of the
    /// same kind): the items that pointed at the proposed node point at `into`, the proposed name
    /// becomes a proposal to add it to `into`'s aliases (SET_FIELD `aliases`), and the item is
    /// marked REJECTED. Needs the editor role.
    async fn merge_proposal_item(
        &self,
        ctx: &Context<'_>,
        proposal: ID,
        item: ID,
        into: ID,
    ) -> Result<Proposal> {
        authorize(ctx, Role::Editor)?;
        let app = scope(ctx)?.app.clone();
        let stored = app
            .merge_item(proposal.as_str(), item.as_str(), into.as_str())
            .await
            .map_err(review_error)?;
        Ok(shown_proposal(&app, stored))
    }
}

#[cfg(test)]
mod tests {
    use super::utf16;

    #[test]
    fn offsets_count_utf16_code_units() {
        let text = "标准 GB/T 1 😀 end";
        let at = text.find("GB/T").unwrap();
        assert_eq!(utf16(text, at), 3, "two CJK characters and a space");
        let after = text.find("end").unwrap();
        assert_eq!(
            utf16(text, after),
            3 + 7 + 2 + 1,
            "the emoji counts two units"
        );
        assert_eq!(utf16(text, text.len() + 5), text.encode_utf16().count());
        assert_eq!(utf16(text, 1), 0, "inside a character: its start");
    }
}
