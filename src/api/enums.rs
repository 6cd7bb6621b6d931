//! GraphQL mirrors of the model's enums; `remote` generates the conversions both ways.

use async_graphql::Enum;

use crate::model;

/// What a node is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::NodeKind")]
pub enum NodeKind {
    Agency,
    TechnicalCommittee,
    Standard,
    Event,
    Mou,
    Document,
    Person,
    Topic,
    Source,
}

/// What a relation says; see `seed/README.md` for the endpoint kinds each allows.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::RelationKind")]
pub enum RelationKind {
    /// A WG in its TC, a TC under its body, a sub-topic, a session of a larger event.
    PartOf,
    /// Who set the body up.
    EstablishedBy,
    /// Who issued or published a standard or document (one relation per joint issuer).
    IssuedBy,
    /// Who drafts or drafted it.
    DraftedBy,
    /// Who is responsible for maintaining it.
    ManagedBy,
    /// Organizer or sponsor of an event.
    OrganizedBy,
    /// Host of an event.
    HostedBy,
    /// Participant of an event, with a role.
    AttendedBy,
    /// Party to an MoU.
    PartyTo,
    /// An outcome of an event, MoU or committee (role: approved, released, launched, ...).
    Produced,
    /// Reviewed or discussed without a stated outcome.
    Discussed,
    /// A newer edition replaces an older one.
    Supersedes,
    /// Technical correspondence between standards, with a degree.
    CorrespondsTo,
    /// Adoption of an international standard, with a degree.
    Adopts,
    /// Cites, adopts, implements or builds on.
    References,
    /// What an item is about.
    CoversTopic,
    /// A person works for an organization.
    AffiliatedWith,
    /// A person heads or leads something.
    Leads,
    /// Co-financed by.
    FundedBy,
    /// Renamed or merged into.
    SucceededBy,
    /// Works or was written under the guidance or leadership of.
    GuidedBy,
}

/// Which way to follow relations from a node.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Relations that start at the node.
    Outgoing,
    /// Relations that end at the node.
    Incoming,
    /// Both.
    Both,
}

/// The order of a node's relations.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum RelationOrder {
    /// By relation kind, then the other end's id.
    #[default]
    Kind,
    /// In the order the relations were recorded (for an imported file: the order of its links).
    Recorded,
}

/// The order of search results.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchOrder {
    /// Best match first (exact code, abbreviation, name, prefix, ...); ties by shorter name, then id.
    #[default]
    Relevance,
    /// By node id.
    Id,
}

impl From<Direction> for crate::graph::Way {
    fn from(d: Direction) -> Self {
        match d {
            Direction::Outgoing => crate::graph::Way::Outgoing,
            Direction::Incoming => crate::graph::Way::Incoming,
            Direction::Both => crate::graph::Way::Both,
        }
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::AgencyCategory")]
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
    Other,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::CommitteeLevel")]
pub enum CommitteeLevel {
    /// Technical committee.
    Tc,
    /// Subcommittee.
    Sc,
    /// Working group.
    Wg,
    /// Special working group.
    SpecialWg,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::CommitteeStatus")]
pub enum CommitteeStatus {
    Active,
    Planned,
    BeingEstablished,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::StandardLevel")]
pub enum StandardLevel {
    National,
    Industry,
    Association,
    International,
    Enterprise,
    Other,
}

/// Lifecycle status of a standard, in lifecycle order.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::StandardStatus")]
pub enum StandardStatus {
    Proposal,
    Drafting,
    DraftForComments,
    Approved,
    Published,
    InForce,
    Withdrawn,
    Superseded,
}

/// What a standard's code prefix says about it.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::StandardType")]
pub enum StandardType {
    /// GB: mandatory national standard.
    NationalMandatory,
    /// GB/T: recommended national standard.
    NationalRecommended,
    /// GB/Z: national guidance document.
    NationalGuidance,
    /// YD/T, SJ/T, ...: industry standard.
    Industry,
    /// T/...: group (association) standard.
    Group,
    International,
    European,
    Other,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::EventKind")]
pub enum EventKind {
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

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::MouStatus")]
pub enum MouStatus {
    Signed,
    RenewalAgreed,
    Renewed,
    Expired,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::DocumentKind")]
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
    Other,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::DocumentStatus")]
pub enum DocumentStatus {
    Planned,
    Drafting,
    DraftForComments,
    Issued,
    InForce,
    Completed,
}

/// Correspondence degree between standards.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::Degree")]
pub enum Degree {
    /// Identical.
    Idt,
    /// Modified.
    Mod,
    /// Not equivalent.
    Neq,
}

/// How exact a figure is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::Qualifier")]
pub enum Qualifier {
    Exact,
    About,
    AtLeast,
    MoreThan,
    UpTo,
}

/// Why a search result matched, best first.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::graph::SearchMatch")]
pub enum SearchMatch {
    Code,
    Abbreviation,
    ExactName,
    CodeSeries,
    NamePrefix,
    NameContains,
    /// Every word of the query appears in the names.
    NameWords,
    /// Every word of the query appears in the names or the description; results that hold more of
    /// the words in their names come first.
    Description,
    /// Nothing matched exactly; every word matches allowing a one-letter typo in words of six letters
    /// or more (`clasified`).
    Similar,
}

/// How a date range judges a date known less precisely than the range is long ("2018" against
/// November to December 2018).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum DatePrecision {
    /// The date can be placed in the range: it overlaps the range and is known at least as precisely
    /// as the range is long. The default.
    #[default]
    Placed,
    /// The date may fall in the range: it overlaps the range, however imprecise it is.
    Possibly,
}

/// Which relations make a node a member of a topic.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(remote = "crate::graph::TopicVia")]
pub enum TopicVia {
    /// `covers_topic` only: what a node is about. The default.
    #[default]
    Covers,
    /// Every relation that ties a node to a topic: `covers_topic`, `discussed` (an event that
    /// discussed it) and `part_of`.
    All,
}

impl TopicVia {
    /// The relation kinds that lead from a member to its topic.
    pub fn relation_kinds(self) -> &'static [model::RelationKind] {
        crate::graph::TopicVia::from(self).relation_kinds()
    }
}

/// How `standard(code:)` found the standard it returned.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::graph::CodeMatch")]
pub enum CodeMatch {
    /// The code names this edition.
    Edition,
    /// The code has no year; this is the newest edition of its series the graph holds.
    Series,
    /// The code's `.YYYY` was read as its year: `GB/T 22239.2019` found `GB/T 22239-2019`.
    DottedYear,
    /// The graph does not hold the edition the code names, only its series without a year, which
    /// may be that edition: `IEC 62368-1:2014` found `IEC 62368-1`.
    Yearless,
}

/// What an as-of status was inferred from, when the standard's own dates do not settle it.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum StatusEvidence {
    /// The year in the code: an edition is published in the year its code carries
    /// (`GB/T 22239-2008` was published by the end of 2008).
    CodeYear,
    /// The usual lead time: a Chinese (national, industry or group) standard comes into force within
    /// about a year of being published, so one published in year Y is taken as in force from 1 January
    /// of Y+2, unless its own dates say otherwise.
    LeadTime,
    /// A newer edition superseded it on a known later date, so it was still current before then.
    Succession,
}

/// Sort direction.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    #[default]
    Asc,
    Desc,
}

/// What to order a list by. Ties are always broken by id, ascending.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderField {
    /// The node id.
    Id,
    /// The English name.
    #[default]
    Name,
    /// The kind's principal date (standard: published, event: start, MoU: signed, document: issued,
    /// committee: established). Nodes without it come last in either direction.
    Date,
    /// The standard code (other kinds: the name).
    Code,
}

/// What a dated fact says happened.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::graph::FactKind")]
pub enum FactKind {
    /// An event took place (from its start to its end).
    EventHeld,
    CommitteeEstablished,
    StandardProposed,
    StandardPublished,
    /// A standard's implementation date.
    StandardInForce,
    StandardWithdrawn,
    DocumentIssued,
    /// The deadline for comments on a draft standard or document.
    CommentDeadline,
    DocumentInForce,
    MouSigned,
    MouRenewed,
}

/// What to count nodes by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// Node kind.
    Kind,
    /// Each topic a node covers (a node covering two topics counts in both).
    Topic,
    /// Lifecycle or document status, committee status, MoU status.
    Status,
    /// Agency category.
    Category,
    /// Year of the kind's principal date (see `OrderField.DATE`).
    Year,
    /// Each issuer (`issued_by`) of a standard or document.
    Issuer,
    /// Standard type from the code prefix.
    StandardType,
    /// Standard level, committee level.
    Level,
    /// Event kind or document kind.
    Subkind,
    /// Country of an agency or event.
    Country,
}

/// A centrality measure.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum Centrality {
    /// Relations in plus out (parallel relations count separately).
    Degree,
    InDegree,
    OutDegree,
    /// PageRank (networkx `pagerank`, damping `damping`).
    Pagerank,
    /// Betweenness (networkx `betweenness_centrality`; `directed` and `normalized` as asked).
    Betweenness,
}
