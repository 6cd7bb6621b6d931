//! Nodes: the fields every node has, and the fields of each kind.
//!
//! The serialized form (seed TOML, node-link JSON, sled records) is flat: common fields and kind fields
//! side by side, with `kind` naming the kind.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::code::{StandardCode, StandardType};
use super::date::PartialDate;
use super::error::ValidationError;
use super::kind::NodeKind;

/// A node's stable, human-readable id: `<prefix>:<slug>` (`agency:sac`, `std:gb-t-22239-2019`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct NodeId(Arc<str>);

/// Reads an id from a borrowed string where the input allows, so that reading one costs a single
/// allocation (start-up reads millions).
impl<'de> Deserialize<'de> for NodeId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = NodeId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a node id (`prefix:slug`)")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<NodeId, E> {
                NodeId::parse(s).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl NodeId {
    /// Checks the shape `<prefix>:<slug>`: a lower-case prefix, then letters, digits and `._-`.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bad = |reason: &str| ValidationError::InvalidId {
            id: s.to_owned(),
            reason: reason.to_owned(),
        };
        let (prefix, slug) = s
            .split_once(':')
            .ok_or_else(|| bad("it has no `prefix:` part"))?;
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(bad("the prefix must be lower-case letters"));
        }
        if slug.is_empty() || s.len() > 200 {
            return Err(bad("the part after `:` must have 1 to 200 characters"));
        }
        let slug_ok = slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !slug_ok {
            return Err(bad(
                "only lower-case letters, digits, `.`, `_` and `-` may follow the prefix",
            ));
        }
        Ok(Self(Arc::from(s)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn prefix(&self) -> &str {
        self.0.split_once(':').map_or("", |(p, _)| p)
    }
}

impl TryFrom<String> for NodeId {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<NodeId> for String {
    fn from(id: NodeId) -> String {
        id.0.as_ref().to_owned()
    }
}

impl std::borrow::Borrow<str> for NodeId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The sources an item cites. Shared rather than owned: most items of one article or import cite the
/// same list, and the graph gives them one copy of it (a million relations citing one source would
/// otherwise hold a million lists). An `Arc<Vec<_>>` rather than an `Arc<[_]>`: one pointer, not
/// two words, in each of millions of relations and nodes, for one more allocation per distinct list.
pub type Sources = Arc<Vec<NodeId>>;

/// A number the source gives about a node ("more than 150 representatives").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// What is counted, in snake_case (`attendees`, `key_tasks`).
    pub measure: String,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Qualifier::is_exact")]
    pub qualifier: Qualifier,
}

/// How exact a [`Figure`] is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    About,
    AtLeast,
    MoreThan,
    UpTo,
}

impl Qualifier {
    fn is_exact(&self) -> bool {
        *self == Qualifier::Exact
    }
}

/// A node of the knowledge graph.
#[derive(Clone, Debug)]
pub struct Node {
    pub id: NodeId,
    pub name: String,
    pub description: String,
    pub sources: Sources,
    pub data: NodeData,
    /// The fields most nodes leave empty (Chinese name, aliases, figures), behind one pointer:
    /// `None` when all are, so a million-node graph does not carry 72 bytes of empty fields per
    /// node. Read with [`Node::name_zh`], [`Node::aliases`], [`Node::figures`]; change with
    /// [`Node::extras_mut`].
    extras: Option<Box<NodeExtras>>,
}

/// A node's rarely given fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeExtras {
    pub name_zh: Option<String>,
    pub aliases: Vec<String>,
    pub figures: Vec<Figure>,
}

/// A node without extras answers these.
static NO_EXTRAS: NodeExtras = NodeExtras {
    name_zh: None,
    aliases: Vec::new(),
    figures: Vec::new(),
};

impl NodeExtras {
    fn is_empty(&self) -> bool {
        *self == NO_EXTRAS
    }
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.description == other.description
            && self.sources == other.sources
            && self.data == other.data
            && self.extras() == other.extras()
    }
}

/// A node as records, seeds and exports write it: every field of its own.
#[derive(Deserialize)]
struct NodeRecord {
    id: NodeId,
    name: String,
    #[serde(default)]
    name_zh: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    sources: Sources,
    #[serde(default)]
    figures: Vec<Figure>,
    #[serde(flatten)]
    data: NodeData,
}

/// The same shape, written from a node without copying it (fields in the order they always had).
#[derive(Serialize)]
struct NodeRecordRef<'a> {
    id: &'a NodeId,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_zh: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    description: &'a str,
    sources: &'a Sources,
    #[serde(skip_serializing_if = "<[Figure]>::is_empty")]
    figures: &'a [Figure],
    #[serde(flatten)]
    data: &'a NodeData,
}

impl Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        NodeRecordRef {
            id: &self.id,
            name: &self.name,
            name_zh: self.name_zh(),
            aliases: self.aliases(),
            description: &self.description,
            sources: &self.sources,
            figures: self.figures(),
            data: &self.data,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = NodeRecord::deserialize(deserializer)?;
        let mut node = Node::new(r.id, r.name, r.data);
        node.description = r.description;
        node.sources = r.sources;
        node.set_extras(NodeExtras {
            name_zh: r.name_zh,
            aliases: r.aliases,
            figures: r.figures,
        });
        Ok(node)
    }
}

/// The kind of a node and the fields only that kind has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum NodeData {
    Agency(AgencyData),
    TechnicalCommittee(CommitteeData),
    Standard(StandardData),
    Event(EventData),
    #[serde(alias = "MoU")]
    Mou(MouData),
    Document(DocumentData),
    Person(PersonData),
    Topic(TopicData),
    Source(SourceData),
}

impl Node {
    /// A node with a name and its kind's fields, no description, sources or extras.
    pub fn new(id: NodeId, name: impl Into<String>, data: NodeData) -> Self {
        Self {
            id,
            name: name.into(),
            description: String::new(),
            sources: Sources::default(),
            data,
            extras: None,
        }
    }

    /// The Chinese name, if any.
    pub fn name_zh(&self) -> Option<&str> {
        self.extras().name_zh.as_deref()
    }

    pub fn aliases(&self) -> &[String] {
        &self.extras().aliases
    }

    /// Numbers the sources give about this node.
    pub fn figures(&self) -> &[Figure] {
        &self.extras().figures
    }

    /// Chinese name, aliases and figures together (all empty for most nodes).
    pub fn extras(&self) -> &NodeExtras {
        self.extras.as_deref().unwrap_or(&NO_EXTRAS)
    }

    /// The extras, to change some of them; [`Node::compact`] drops them again once all are empty.
    pub fn extras_mut(&mut self) -> &mut NodeExtras {
        self.extras.get_or_insert_with(Box::default)
    }

    /// Replaces the extras; none at all takes no allocation.
    pub fn set_extras(&mut self, extras: NodeExtras) {
        self.extras = (!extras.is_empty()).then(|| Box::new(extras));
    }

    /// Drops the allocation of extras that were all cleared through [`Node::extras_mut`].
    pub fn compact(&mut self) {
        if self.extras.as_deref().is_some_and(NodeExtras::is_empty) {
            self.extras = None;
        }
    }

    pub fn kind(&self) -> NodeKind {
        match &self.data {
            NodeData::Agency(_) => NodeKind::Agency,
            NodeData::TechnicalCommittee(_) => NodeKind::TechnicalCommittee,
            NodeData::Standard(_) => NodeKind::Standard,
            NodeData::Event(_) => NodeKind::Event,
            NodeData::Mou(_) => NodeKind::Mou,
            NodeData::Document(_) => NodeKind::Document,
            NodeData::Person(_) => NodeKind::Person,
            NodeData::Topic(_) => NodeKind::Topic,
            NodeData::Source(_) => NodeKind::Source,
        }
    }

    /// The parsed code of a standard that has one.
    pub fn standard_code(&self) -> Option<StandardCode> {
        match &self.data {
            NodeData::Standard(s) => s.code.as_deref().and_then(|c| StandardCode::parse(c).ok()),
            _ => None,
        }
    }

    /// A standard's type: what its code's prefix says, or without a code the type its source states.
    pub fn standard_type(&self) -> Option<StandardType> {
        match &self.data {
            NodeData::Standard(s) => self
                .standard_code()
                .map(|c| c.standard_type())
                .or(s.standard_type),
            _ => None,
        }
    }

    /// The date that places this node in time when lists are ordered by date.
    pub fn principal_date(&self) -> Option<PartialDate> {
        match &self.data {
            NodeData::TechnicalCommittee(c) => c.established,
            NodeData::Standard(s) => s.published.or(s.proposed).or(s.in_force),
            NodeData::Event(e) => e.start,
            NodeData::Mou(m) => m.signed.or(m.renewed),
            NodeData::Document(d) => d.issued.or(d.in_force),
            NodeData::Source(s) => s.issued,
            NodeData::Agency(_) | NodeData::Person(_) | NodeData::Topic(_) => None,
        }
    }

    /// Checks what a node must satisfy on its own, whatever else is in the graph: a name, sources, a
    /// well-formed code, dates in order.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let id = &self.id;
        let missing = |field: &str| ValidationError::MissingField {
            id: id.to_string(),
            field: field.to_owned(),
        };
        if self.name.trim().is_empty() {
            return Err(missing("name"));
        }
        if self.kind() != NodeKind::Source && self.sources.is_empty() {
            return Err(ValidationError::NoSources {
                item: id.to_string(),
            });
        }
        let order = |field: &str, a: Option<PartialDate>, b: Option<PartialDate>| match (a, b) {
            (Some(a), Some(b)) if a.first_day() > b.last_day() => {
                Err(ValidationError::InvalidField {
                    id: id.to_string(),
                    field: field.to_owned(),
                    reason: format!("{a} is after {b}"),
                })
            }
            _ => Ok(()),
        };
        match &self.data {
            NodeData::Standard(s) => {
                if let Some(code) = &s.code {
                    let parsed =
                        StandardCode::parse(code).map_err(|e| ValidationError::InvalidField {
                            id: id.to_string(),
                            field: "code".to_owned(),
                            reason: e.to_string(),
                        })?;
                    if let Some(stated) = s.standard_type
                        && stated != parsed.standard_type()
                    {
                        return Err(ValidationError::InvalidField {
                            id: id.to_string(),
                            field: "type".to_owned(),
                            reason: format!(
                                "the code {code} says {:?}, not {stated:?}; state a type only for a standard without a code, or one that agrees",
                                parsed.standard_type()
                            ),
                        });
                    }
                }
                order("in_force", s.published, s.in_force)?;
                order("withdrawn", s.in_force, s.withdrawn)?;
            }
            NodeData::Event(e) => order("end", e.start, e.end)?,
            NodeData::Document(d) => order("in_force", d.issued, d.in_force)?,
            _ => {}
        }
        for figure in self.figures() {
            if !figure.value.is_finite() || figure.measure.trim().is_empty() {
                return Err(ValidationError::InvalidField {
                    id: id.to_string(),
                    field: "figures".to_owned(),
                    reason: "a figure needs a measure and a finite value".to_owned(),
                });
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgencyData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    #[serde(default)]
    pub category: AgencyCategory,
    /// ISO 3166 alpha-2, `EU` or `INT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyCategory {
    Government,
    StandardsBody,
    Association,
    ResearchInstitute,
    Company,
    University,
    Alliance,
    International,
    Project,
    #[default]
    Other,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CommitteeData {
    /// The code as written: `TC260`, `CCSA TC5`, `WG1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default)]
    pub level: CommitteeLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub established: Option<PartialDate>,
    #[serde(default)]
    pub status: CommitteeStatus,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeLevel {
    #[default]
    Tc,
    Sc,
    Wg,
    SpecialWg,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeStatus {
    #[default]
    Active,
    Planned,
    BeingEstablished,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StandardData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<StandardLevel>,
    /// The type its source states, for a standard known without a code (with a code, the code's
    /// prefix says it and a stated type must agree).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub standard_type: Option<StandardType>,
    #[serde(default)]
    pub status: StandardStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_deadline: Option<PartialDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardLevel {
    National,
    Industry,
    Association,
    International,
    Enterprise,
    Other,
}

/// Where a standard is in its lifecycle, in order.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum StandardStatus {
    Proposal,
    Drafting,
    DraftForComments,
    Approved,
    #[default]
    Published,
    InForce,
    Withdrawn,
    Superseded,
}

/// A standard's status on a day, and what it rests on besides the standard's own dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DatedStatus {
    pub status: StandardStatus,
    /// The year in the code was needed: an edition is published in the year its code carries.
    pub from_code_year: bool,
    /// The usual lead time was needed: a Chinese standard comes into force within about a year of
    /// being published.
    pub from_lead_time: bool,
    /// A newer edition superseded this one on a known later date, so it was current until then.
    pub from_succession: bool,
}

impl DatedStatus {
    fn stated(status: StandardStatus) -> Self {
        Self {
            status,
            from_code_year: false,
            from_lead_time: false,
            from_succession: false,
        }
    }

    /// True when the status is inferred rather than reported or reached by one of the standard's
    /// own dates.
    pub fn inferred(&self) -> bool {
        self.from_code_year || self.from_lead_time || self.from_succession
    }
}

impl StandardData {
    /// The status the standard had on `day` (days since 1970-01-01), from its own dates; `None` when its
    /// dates (or its code's year) say it did not exist yet. Without any date the reported status is the
    /// best answer there is. Supersession by a newer edition is a relation, so the graph adds it
    /// (`KnowledgeGraph::standard_status_on`).
    pub fn status_on(&self, day: i64) -> Option<StandardStatus> {
        self.status_explained(day, None).map(|s| s.status)
    }

    /// The status the standard had on `day`, and what it was inferred from. `superseded_on` is the
    /// first day a newer edition superseded this one, if the graph knows one.
    ///
    /// The standard's own dates (withdrawn, superseded, in force, published) decide first. Past them,
    /// an edition's code year says it was published by the end of that year, and a Chinese standard
    /// (national, industry or group) that was published and is not reported as a draft is taken to be
    /// in force from the start of the second year after the year it was published (implementation
    /// dates follow publication by months, rarely more than a year): `GB/T 22239-2008` on 2019-01-01,
    /// superseded only on 2019-12-01, was in force.
    pub fn status_explained(&self, day: i64, superseded_on: Option<i64>) -> Option<DatedStatus> {
        let reached = |d: Option<PartialDate>| d.is_some_and(|d| d.last_day() <= day);
        if reached(self.withdrawn) {
            return Some(DatedStatus::stated(
                if self.status == StandardStatus::Superseded {
                    StandardStatus::Superseded
                } else {
                    StandardStatus::Withdrawn
                },
            ));
        }
        if superseded_on.is_some_and(|d| d <= day) {
            return Some(DatedStatus::stated(StandardStatus::Superseded));
        }
        if reached(self.in_force) {
            return Some(DatedStatus::stated(StandardStatus::InForce));
        }
        // The code's year (GB 4943.1-2011) bounds an edition's existence when no other date is known.
        let code = self
            .code
            .as_deref()
            .and_then(|c| StandardCode::parse(c).ok());
        let code_year = code.as_ref().and_then(|c| c.year());
        let code_date = code_year.and_then(|y| format!("{y:04}").parse::<PartialDate>().ok());
        // A standard that is not reported as a draft or earlier, and has no in-force date of its own.
        let publishes = self.status >= StandardStatus::Published && self.in_force.is_none();
        let chinese = code.as_ref().is_some_and(|c| {
            matches!(
                c.standard_type(),
                StandardType::NationalMandatory
                    | StandardType::NationalRecommended
                    | StandardType::NationalGuidance
                    | StandardType::Industry
                    | StandardType::Group
            )
        });
        let published_year = self
            .published
            .map(|d| d.year())
            .or(code_date.map(|d| d.year()));
        let in_force_by = published_year
            .filter(|_| publishes && chinese)
            .and_then(|y| PartialDate::ymd(y + 2, 1, 1))
            .map(|d| d.first_day());
        if in_force_by.is_some_and(|d| d <= day) {
            return Some(DatedStatus {
                status: StandardStatus::InForce,
                from_code_year: self.published.is_none(),
                from_lead_time: true,
                from_succession: superseded_on.is_some(),
            });
        }
        if reached(self.published) {
            return Some(DatedStatus::stated(StandardStatus::Published));
        }
        if publishes && reached(code_date) {
            return Some(DatedStatus {
                from_code_year: true,
                ..DatedStatus::stated(StandardStatus::Published)
            });
        }
        let dated = [self.proposed, self.published, self.in_force, self.withdrawn];
        let first_stated = dated.iter().flatten().map(PartialDate::first_day).min();
        match first_stated.or(code_date.map(|d| d.first_day())) {
            Some(first) if first > day => None,
            Some(_) => {
                let status = self.status.min(StandardStatus::Approved);
                Some(DatedStatus {
                    from_code_year: first_stated.is_none(),
                    ..DatedStatus::stated(status)
                })
            }
            None => Some(DatedStatus::stated(self.status)),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventData {
    #[serde(default)]
    pub event_kind: EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    #[default]
    Meeting,
    Plenary,
    Seminar,
    Forum,
    Conference,
    Summit,
    Workshop,
    Visit,
    PressConference,
    StakeholderEvent,
    Launch,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MouData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewed: Option<PartialDate>,
    #[serde(default)]
    pub status: MouStatus,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MouStatus {
    #[default]
    Signed,
    RenewalAgreed,
    Renewed,
    Expired,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentData {
    #[serde(default)]
    pub doc_kind: DocumentKind,
    /// An official number (a project number, a notice number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default)]
    pub status: DocumentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_deadline: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<PartialDate>,
    /// Where the text (or a translation) is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Catalogue,
    Guidelines,
    Measures,
    Regulation,
    Law,
    WorkPlan,
    Notice,
    WhitePaper,
    ResearchReport,
    ResearchProject,
    KeyPoints,
    Plan,
    Opinion,
    Agreement,
    Certificate,
    #[default]
    Other,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Planned,
    Drafting,
    DraftForComments,
    #[default]
    Issued,
    InForce,
    Completed,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonData {
    /// Role or job title as the source states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// Topics have no fields of their own; a sub-topic is `part_of` its parent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TopicData {}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceData {
    #[serde(default)]
    pub publication: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard(published: &str, in_force: &str, withdrawn: Option<&str>) -> StandardData {
        StandardData {
            published: Some(published.parse().unwrap()),
            in_force: Some(in_force.parse().unwrap()),
            withdrawn: withdrawn.map(|w| w.parse().unwrap()),
            ..StandardData::default()
        }
    }

    #[test]
    fn status_follows_the_dates() {
        let s = standard("2019-05-13", "2019-12-01", None);
        let day = |d: &str| d.parse::<PartialDate>().unwrap().first_day();
        assert_eq!(s.status_on(day("2019-01-01")), None);
        assert_eq!(
            s.status_on(day("2019-06-01")),
            Some(StandardStatus::Published)
        );
        assert_eq!(
            s.status_on(day("2019-12-01")),
            Some(StandardStatus::InForce)
        );
        let old = standard("2008-06-19", "2008-11-01", Some("2019-12-01"));
        assert_eq!(
            old.status_on(day("2019-11-30")),
            Some(StandardStatus::InForce)
        );
        assert_eq!(
            old.status_on(day("2019-12-01")),
            Some(StandardStatus::Withdrawn)
        );
    }

    #[test]
    fn ids_have_a_prefix_and_a_clean_slug() {
        assert!(NodeId::parse("agency:sac").is_ok());
        assert!(NodeId::parse("std:gb-t-22239-2019").is_ok());
        for bad in ["sac", "Agency:sac", "agency:", "agency:S A C", ":x"] {
            assert!(NodeId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn flat_serialized_form_round_trips() {
        let json = serde_json::json!({
            "id": "agency:sac", "kind": "Agency", "name": "Standardization Administration of China",
            "name_zh": "国家标准化管理委员会", "aliases": ["SAC"], "description": "d",
            "sources": ["src:x"], "abbreviation": "SAC", "category": "government", "country": "CN"
        });
        let node: Node = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(node.kind(), NodeKind::Agency);
        assert_eq!(serde_json::to_value(&node).unwrap(), json);
    }

    #[test]
    fn extras_keep_the_record_shape_and_take_no_room_when_empty() {
        // Issue #8: a million of these; the rarely given fields sit behind one pointer.
        assert!(std::mem::size_of::<Node>() <= 224);
        let json = serde_json::json!({
            "id": "ag:sac", "name": "Standardization Administration",
            "name_zh": "国家标准化管理委员会", "aliases": ["SAC"], "description": "d",
            "sources": ["src:a"], "figures": [{"measure": "staff", "value": 3.0}],
            "kind": "Agency", "category": "government"
        });
        let full: Node = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(full.name_zh(), Some("国家标准化管理委员会"));
        assert_eq!(full.aliases(), ["SAC"]);
        assert_eq!(full.figures().len(), 1);
        assert_eq!(serde_json::to_value(&full).unwrap(), json);
        // Fields are written in the order records always had.
        let text = serde_json::to_string(&full).unwrap();
        let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
        let keys = [
            "id",
            "name",
            "name_zh",
            "aliases",
            "description",
            "sources",
            "figures",
            "kind",
        ];
        assert!(keys.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");

        let bare: Node = serde_json::from_value(serde_json::json!({
            "id": "ag:x", "name": "X", "kind": "Agency"
        }))
        .unwrap();
        assert!(bare.extras.is_none());
        assert_eq!(
            serde_json::to_string(&bare).unwrap(),
            r#"{"id":"ag:x","name":"X","description":"","sources":[],"kind":"Agency","category":"other"}"#
        );
        // Extras cleared one by one compare equal to none and compact away.
        let mut cleared = full.clone();
        cleared.extras_mut().name_zh = None;
        cleared.extras_mut().aliases.clear();
        cleared.extras_mut().figures.clear();
        cleared.compact();
        assert!(cleared.extras.is_none());
        let mut expected = full;
        expected.set_extras(NodeExtras::default());
        assert_eq!(cleared, expected);
    }
}
