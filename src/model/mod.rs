//! The domain model: node kinds, relation kinds and the rules that connect them, standard codes, partial
//! dates and text normalization. Everything here is pure data and pure functions: no IO, no storage, no
//! GraphQL. Every other layer depends on this one and it depends on none of them.

mod code;
mod date;
mod error;
mod kind;
mod node;
mod relation;
mod text;

pub use code::{CodeError, StandardCode, StandardType};
pub use date::{DateError, PartialDate, format_timestamp, parse_timestamp};
pub use error::ValidationError;
pub use kind::{NodeKind, RelationKind};
pub use node::{
    AgencyCategory, AgencyData, CommitteeData, CommitteeLevel, CommitteeStatus, DatedStatus,
    DocumentData, DocumentKind, DocumentStatus, EventData, EventKind, Figure, MouData, MouStatus,
    Node, NodeData, NodeExtras, NodeId, PersonData, Qualifier, SourceData, Sources, StandardData,
    StandardLevel, StandardStatus, TopicData,
};
pub use relation::{Degree, Relation, RelationId, RelationProps};
pub use text::{fold_dashes, normalize_text};
