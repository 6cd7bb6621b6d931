//! The closed lists of node kinds and relation kinds, and which kinds each relation may connect.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NodeKind {
    Agency,
    TechnicalCommittee,
    Standard,
    Event,
    #[serde(alias = "MoU")]
    Mou,
    Document,
    Person,
    Topic,
    Source,
}

impl NodeKind {
    pub const ALL: [NodeKind; 9] = [
        NodeKind::Agency,
        NodeKind::TechnicalCommittee,
        NodeKind::Standard,
        NodeKind::Event,
        NodeKind::Mou,
        NodeKind::Document,
        NodeKind::Person,
        NodeKind::Topic,
        NodeKind::Source,
    ];

    /// The id prefix of this kind's nodes in curated data (`agency:sac`).
    pub fn id_prefix(self) -> &'static str {
        match self {
            NodeKind::Agency => "agency",
            NodeKind::TechnicalCommittee => "tc",
            NodeKind::Standard => "std",
            NodeKind::Event => "event",
            NodeKind::Mou => "mou",
            NodeKind::Document => "doc",
            NodeKind::Person => "person",
            NodeKind::Topic => "topic",
            NodeKind::Source => "src",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Agency => "Agency",
            NodeKind::TechnicalCommittee => "TechnicalCommittee",
            NodeKind::Standard => "Standard",
            NodeKind::Event => "Event",
            NodeKind::Mou => "Mou",
            NodeKind::Document => "Document",
            NodeKind::Person => "Person",
            NodeKind::Topic => "Topic",
            NodeKind::Source => "Source",
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a relation says. Directed: `from` is the subject, `to` the object (`standard issued_by agency`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    PartOf,
    EstablishedBy,
    IssuedBy,
    DraftedBy,
    ManagedBy,
    OrganizedBy,
    HostedBy,
    AttendedBy,
    PartyTo,
    Produced,
    Discussed,
    Supersedes,
    CorrespondsTo,
    Adopts,
    References,
    CoversTopic,
    AffiliatedWith,
    Leads,
    FundedBy,
    SucceededBy,
    GuidedBy,
}

use NodeKind::{Agency, Document, Event, Mou, Person, Source, Standard, TechnicalCommittee, Topic};

impl RelationKind {
    pub const ALL: [RelationKind; 21] = [
        RelationKind::PartOf,
        RelationKind::EstablishedBy,
        RelationKind::IssuedBy,
        RelationKind::DraftedBy,
        RelationKind::ManagedBy,
        RelationKind::OrganizedBy,
        RelationKind::HostedBy,
        RelationKind::AttendedBy,
        RelationKind::PartyTo,
        RelationKind::Produced,
        RelationKind::Discussed,
        RelationKind::Supersedes,
        RelationKind::CorrespondsTo,
        RelationKind::Adopts,
        RelationKind::References,
        RelationKind::CoversTopic,
        RelationKind::AffiliatedWith,
        RelationKind::Leads,
        RelationKind::FundedBy,
        RelationKind::SucceededBy,
        RelationKind::GuidedBy,
    ];

    /// The node kinds this relation may start from and end at. `seed/README.md` documents the same table.
    pub fn endpoints(self) -> (&'static [NodeKind], &'static [NodeKind]) {
        const ORGS: &[NodeKind] = &[Agency, TechnicalCommittee];
        const ORGS_AND_PEOPLE: &[NodeKind] = &[Agency, TechnicalCommittee, Person];
        const TEXTS: &[NodeKind] = &[Standard, Document];
        match self {
            RelationKind::PartOf => (
                &[TechnicalCommittee, Agency, Topic, Event, Document],
                &[Agency, TechnicalCommittee, Topic, Event],
            ),
            RelationKind::EstablishedBy => (ORGS, ORGS_AND_PEOPLE),
            RelationKind::IssuedBy => (TEXTS, ORGS),
            RelationKind::DraftedBy | RelationKind::ManagedBy => (TEXTS, ORGS_AND_PEOPLE),
            RelationKind::OrganizedBy | RelationKind::AttendedBy => (&[Event], ORGS_AND_PEOPLE),
            RelationKind::HostedBy => (&[Event], ORGS),
            RelationKind::PartyTo => (ORGS, &[Mou]),
            RelationKind::Produced => (
                &[Event, Mou, TechnicalCommittee],
                &[Document, Standard, Agency, TechnicalCommittee, Mou],
            ),
            RelationKind::Discussed => (&[Event], &[Document, Standard, Mou, Topic]),
            RelationKind::Supersedes => (TEXTS, TEXTS),
            RelationKind::CorrespondsTo | RelationKind::Adopts => (&[Standard], &[Standard]),
            RelationKind::References => (TEXTS, TEXTS),
            RelationKind::CoversTopic => (
                &[Agency, TechnicalCommittee, Standard, Event, Mou, Document],
                &[Topic],
            ),
            RelationKind::AffiliatedWith => (&[Person], ORGS),
            RelationKind::Leads => (&[Person], &[Agency, TechnicalCommittee, Event, Document]),
            RelationKind::FundedBy => (&[Agency, Document], &[Agency]),
            RelationKind::SucceededBy => (&[Agency], &[Agency]),
            RelationKind::GuidedBy => (
                &[TechnicalCommittee, Document, Event, Agency],
                ORGS_AND_PEOPLE,
            ),
        }
    }

    /// True when a relation of this kind may connect a `from` node to a `to` node.
    pub fn allows(self, from: NodeKind, to: NodeKind) -> bool {
        let (froms, tos) = self.endpoints();
        from != Source && to != Source && froms.contains(&from) && tos.contains(&to)
    }

    /// True when the relation may carry a correspondence degree (IDT, MOD, NEQ).
    pub fn has_degree(self) -> bool {
        matches!(self, RelationKind::CorrespondsTo | RelationKind::Adopts)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::PartOf => "part_of",
            RelationKind::EstablishedBy => "established_by",
            RelationKind::IssuedBy => "issued_by",
            RelationKind::DraftedBy => "drafted_by",
            RelationKind::ManagedBy => "managed_by",
            RelationKind::OrganizedBy => "organized_by",
            RelationKind::HostedBy => "hosted_by",
            RelationKind::AttendedBy => "attended_by",
            RelationKind::PartyTo => "party_to",
            RelationKind::Produced => "produced",
            RelationKind::Discussed => "discussed",
            RelationKind::Supersedes => "supersedes",
            RelationKind::CorrespondsTo => "corresponds_to",
            RelationKind::Adopts => "adopts",
            RelationKind::References => "references",
            RelationKind::CoversTopic => "covers_topic",
            RelationKind::AffiliatedWith => "affiliated_with",
            RelationKind::Leads => "leads",
            RelationKind::FundedBy => "funded_by",
            RelationKind::SucceededBy => "succeeded_by",
            RelationKind::GuidedBy => "guided_by",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_accept_the_domain_and_refuse_nonsense() {
        assert!(RelationKind::IssuedBy.allows(Standard, Agency));
        assert!(RelationKind::PartOf.allows(TechnicalCommittee, TechnicalCommittee));
        assert!(!RelationKind::IssuedBy.allows(Agency, Standard));
        assert!(!RelationKind::PartyTo.allows(Person, Mou));
        assert!(!RelationKind::CoversTopic.allows(Source, Topic));
    }

    #[test]
    fn names_round_trip() {
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
