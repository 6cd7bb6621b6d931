//! Input types of the mutations, and their conversion into model nodes, relations and patches.
//!
//! Every kind has one `<Kind>Input` (a whole new node: the common fields plus the kind's fields) and one
//! `<Kind>Patch` (the fields to change: an absent field stays as it is, `null` clears it). The kind's
//! fields are declared once, in `<Kind>Fields`, and flattened into both.

use async_graphql::{ID, InputObject, MaybeUndefined, OneofObject};

use super::enums::*;
use super::scalars::Date;
use crate::app::Patch;
use crate::model::{self, Node, NodeData, NodeExtras, NodeId, ValidationError};

/// A number the source gives about a node ("more than 150 attendees").
#[derive(InputObject, Clone)]
pub struct FigureInput {
    /// What is counted, in snake_case (`attendees`, `key_tasks`).
    measure: String,
    value: f64,
    #[graphql(default_with = "Qualifier::Exact")]
    qualifier: Qualifier,
}

impl From<FigureInput> for model::Figure {
    fn from(f: FigureInput) -> Self {
        model::Figure {
            measure: f.measure,
            value: f.value,
            qualifier: f.qualifier.into(),
        }
    }
}

/// The fields every new node has.
#[derive(InputObject, Clone)]
pub struct NewNodeFields {
    /// `<prefix>:<slug>` (`std:gb-t-43697-2024`, `agency:sac`): lower-case, stable, never reused.
    id: ID,
    /// English name (the title of a standard or document).
    name: String,
    /// Chinese name, if there is one.
    name_zh: Option<String>,
    /// Other names and abbreviations it is known by.
    #[graphql(default)]
    aliases: Vec<String>,
    /// A short description in your own words.
    #[graphql(default)]
    description: String,
    /// Ids of the Source nodes (newsletter articles) the facts come from; required except on sources.
    #[graphql(default)]
    sources: Vec<ID>,
    #[graphql(default)]
    figures: Vec<FigureInput>,
}

/// The common fields to change on an existing node; absent fields stay as they are.
#[derive(InputObject, Clone, Default)]
pub struct NodePatchFields {
    name: Option<String>,
    /// `null` removes the Chinese name.
    name_zh: MaybeUndefined<String>,
    /// Replaces the whole list.
    aliases: Option<Vec<String>>,
    description: Option<String>,
    /// Replaces the whole list; it may not become empty (except on sources).
    sources: Option<Vec<ID>>,
    /// Replaces the whole list.
    figures: Option<Vec<FigureInput>>,
}

/// Parses a node id given in `field`.
pub fn node_id(id: &str) -> Result<NodeId, ValidationError> {
    NodeId::parse(id)
}

/// Parses the source ids of a node or relation.
fn ids(list: Vec<ID>) -> Result<Vec<NodeId>, ValidationError> {
    list.iter()
        .map(|i| {
            NodeId::parse(i).map_err(|e| ValidationError::InvalidField {
                id: i.to_string(),
                field: "sources".to_owned(),
                reason: e.to_string(),
            })
        })
        .collect()
}

impl NewNodeFields {
    fn into_node(self, data: NodeData) -> Result<Node, ValidationError> {
        let mut node = Node::new(node_id(&self.id)?, self.name, data);
        node.description = self.description;
        node.sources = ids(self.sources)?.into();
        node.set_extras(NodeExtras {
            name_zh: self.name_zh,
            aliases: self.aliases,
            figures: self.figures.into_iter().map(Into::into).collect(),
        });
        Ok(node)
    }
}

impl NodePatchFields {
    fn apply(self, node: &mut Node) -> Result<(), ValidationError> {
        if let Some(name) = self.name {
            node.name = name;
        }
        set(self.name_zh, &mut node.extras_mut().name_zh);
        if let Some(aliases) = self.aliases {
            node.extras_mut().aliases = aliases;
        }
        if let Some(description) = self.description {
            node.description = description;
        }
        if let Some(sources) = self.sources {
            node.sources = ids(sources)?.into();
        }
        if let Some(figures) = self.figures {
            node.extras_mut().figures = figures.into_iter().map(Into::into).collect();
        }
        Ok(())
    }
}

/// Applies a patch field to an optional model field: absent keeps, `null` clears, a value sets.
fn set<G: Into<T>, T>(field: MaybeUndefined<G>, target: &mut Option<T>) {
    match field {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *target = None,
        MaybeUndefined::Value(v) => *target = Some(v.into()),
    }
}

/// Applies a patch field to a model field with a default: `null` resets it to the default.
fn set_or_default<G: Into<T>, T: Default>(field: MaybeUndefined<G>, target: &mut T) {
    match field {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *target = T::default(),
        MaybeUndefined::Value(v) => *target = v.into(),
    }
}

impl From<Date> for model::PartialDate {
    fn from(d: Date) -> Self {
        d.0
    }
}

/// Declares a kind's field struct and how it applies to the kind's model data. `opt` fields are
/// optional in the model, `def` fields have a default.
macro_rules! kind_fields {
    ($(#[$meta:meta])* $name:ident => $data:ty { $($how:ident $field:ident : $ty:ty $(, #[$fmeta:meta])*;)* }) => {
        $(#[$meta])*
        #[derive(InputObject, Clone, Default)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: MaybeUndefined<$ty>,)*
        }

        impl $name {
            fn apply(self, data: &mut $data) {
                $(kind_fields!(@apply $how, self.$field, data.$field);)*
            }
        }
    };
    (@apply opt, $value:expr, $target:expr) => { set($value, &mut $target) };
    (@apply def, $value:expr, $target:expr) => { set_or_default($value, &mut $target) };
}

kind_fields!(
    /// Fields of an agency or other organization.
    AgencyFields => model::AgencyData {
        opt abbreviation: String;
        def category: AgencyCategory;
        opt country: String, #[doc = "ISO 3166 alpha-2 code, `EU` or `INT`."];
    }
);

kind_fields!(
    /// Fields of a technical committee, subcommittee or working group.
    TechnicalCommitteeFields => model::CommitteeData {
        opt code: String, #[doc = "The code as written: `TC260`, `CCSA TC5`, `WG1`."];
        def level: CommitteeLevel;
        opt scope: String;
        opt established: Date;
        def status: CommitteeStatus;
    }
);

kind_fields!(
    /// Fields of a standard (one edition).
    StandardFields => model::StandardData {
        opt code: String, #[doc = "The code with its year, in any spelling: `GB/T 22239-2019`."];
        opt title: String;
        opt title_zh: String;
        opt level: StandardLevel;
        opt standard_type: StandardType,
            #[doc = "For a standard without a code, the type its source states (\"a compulsory national standard\"); with a code, the code's prefix gives it and a type stated too must agree."],
            #[graphql(name = "type")];
        def status: StandardStatus;
        opt proposed: Date;
        opt published: Date;
        opt in_force: Date;
        opt withdrawn: Date;
        opt comment_deadline: Date;
    }
);

kind_fields!(
    /// Fields of an event.
    EventFields => model::EventData {
        def event_kind: EventKind;
        opt start: Date;
        opt end: Date;
        opt city: String;
        opt country: String;
    }
);

kind_fields!(
    /// Fields of a memorandum of understanding.
    MouFields => model::MouData {
        opt subject: String;
        opt signed: Date;
        opt renewed: Date;
        def status: MouStatus;
    }
);

kind_fields!(
    /// Fields of a policy document, plan, notice or report.
    DocumentFields => model::DocumentData {
        def doc_kind: DocumentKind;
        opt number: String, #[doc = "An official number (a project or notice number)."];
        def status: DocumentStatus;
        opt issued: Date;
        opt comment_deadline: Date;
        opt in_force: Date;
        opt url: String;
    }
);

kind_fields!(
    /// Fields of a person.
    PersonFields => model::PersonData {
        opt title: String, #[doc = "Role or job title as the source states it."];
    }
);

kind_fields!(
    /// Fields of a source (a newsletter issue or article).
    SourceFields => model::SourceData {
        def publication: String;
        opt issue: String;
        opt issued: Date;
        opt article: u32;
        opt section: String;
        opt title: String;
        opt url: String;
    }
);

/// Declares `<Kind>Input` and `<Kind>Patch` for a kind with fields of its own.
macro_rules! kind_inputs {
    ($variant:ident, $data:ty, $fields:ident, $input:ident, $patch:ident, $what:literal) => {
        #[doc = concat!("A new ", $what, ".")]
        #[derive(InputObject, Clone)]
        pub struct $input {
            #[graphql(flatten)]
            pub common: NewNodeFields,
            #[graphql(flatten)]
            pub fields: $fields,
        }

        impl $input {
            pub fn into_node(self) -> Result<Node, ValidationError> {
                let mut data = <$data>::default();
                self.fields.apply(&mut data);
                self.common.into_node(NodeData::$variant(data))
            }
        }

        #[doc = concat!("Changes to a ", $what, ": absent fields stay, `null` clears a field.")]
        #[derive(InputObject, Clone)]
        pub struct $patch {
            #[graphql(flatten)]
            pub common: NodePatchFields,
            #[graphql(flatten)]
            pub fields: $fields,
        }

        impl $patch {
            pub fn into_patch(self) -> Patch {
                Patch::new(move |node: &mut Node| {
                    self.clone().common.apply(node)?;
                    match &mut node.data {
                        NodeData::$variant(data) => {
                            self.fields.clone().apply(data);
                            Ok(())
                        }
                        _ => Err(ValidationError::KindChanged {
                            id: node.id.to_string(),
                            expected: model::NodeKind::$variant,
                            actual: node.kind(),
                        }),
                    }
                })
            }
        }
    };
}

kind_inputs!(
    Agency,
    model::AgencyData,
    AgencyFields,
    AgencyInput,
    AgencyPatch,
    "agency or organization"
);
kind_inputs!(
    TechnicalCommittee,
    model::CommitteeData,
    TechnicalCommitteeFields,
    TechnicalCommitteeInput,
    TechnicalCommitteePatch,
    "technical committee or working group"
);
kind_inputs!(
    Standard,
    model::StandardData,
    StandardFields,
    StandardInput,
    StandardPatch,
    "standard"
);
kind_inputs!(
    Event,
    model::EventData,
    EventFields,
    EventInput,
    EventPatch,
    "event"
);
kind_inputs!(
    Mou,
    model::MouData,
    MouFields,
    MouInput,
    MouPatch,
    "memorandum of understanding"
);
kind_inputs!(
    Document,
    model::DocumentData,
    DocumentFields,
    DocumentInput,
    DocumentPatch,
    "document"
);
kind_inputs!(
    Person,
    model::PersonData,
    PersonFields,
    PersonInput,
    PersonPatch,
    "person"
);
kind_inputs!(
    Source,
    model::SourceData,
    SourceFields,
    SourceInput,
    SourcePatch,
    "source"
);

/// A new topic (topics have only the common fields).
#[derive(InputObject, Clone)]
pub struct TopicInput {
    #[graphql(flatten)]
    pub common: NewNodeFields,
}

impl TopicInput {
    pub fn into_node(self) -> Result<Node, ValidationError> {
        self.common
            .into_node(NodeData::Topic(model::TopicData::default()))
    }
}

/// Changes to a topic: absent fields stay, `null` clears a field.
#[derive(InputObject, Clone)]
pub struct TopicPatch {
    #[graphql(flatten)]
    pub common: NodePatchFields,
}

impl TopicPatch {
    pub fn into_patch(self) -> Patch {
        Patch::new(move |node: &mut Node| {
            if node.kind() != model::NodeKind::Topic {
                return Err(ValidationError::KindChanged {
                    id: node.id.to_string(),
                    expected: model::NodeKind::Topic,
                    actual: node.kind(),
                });
            }
            self.clone().common.apply(node)
        })
    }
}

/// A new node of any kind: set exactly one field, named after the kind.
#[derive(OneofObject, Clone)]
pub enum NodeInput {
    Agency(AgencyInput),
    TechnicalCommittee(TechnicalCommitteeInput),
    Standard(StandardInput),
    Event(EventInput),
    Mou(MouInput),
    Document(DocumentInput),
    Person(PersonInput),
    Topic(TopicInput),
    Source(SourceInput),
}

impl NodeInput {
    pub fn into_node(self) -> Result<Node, ValidationError> {
        match self {
            NodeInput::Agency(i) => i.into_node(),
            NodeInput::TechnicalCommittee(i) => i.into_node(),
            NodeInput::Standard(i) => i.into_node(),
            NodeInput::Event(i) => i.into_node(),
            NodeInput::Mou(i) => i.into_node(),
            NodeInput::Document(i) => i.into_node(),
            NodeInput::Person(i) => i.into_node(),
            NodeInput::Topic(i) => i.into_node(),
            NodeInput::Source(i) => i.into_node(),
        }
    }
}

/// Changes to a node of any kind: set exactly one field, named after the node's kind.
#[derive(OneofObject, Clone)]
pub enum NodePatchInput {
    Agency(AgencyPatch),
    TechnicalCommittee(TechnicalCommitteePatch),
    Standard(StandardPatch),
    Event(EventPatch),
    Mou(MouPatch),
    Document(DocumentPatch),
    Person(PersonPatch),
    Topic(TopicPatch),
    Source(SourcePatch),
}

impl NodePatchInput {
    pub fn into_patch(self) -> Patch {
        match self {
            NodePatchInput::Agency(p) => p.into_patch(),
            NodePatchInput::TechnicalCommittee(p) => p.into_patch(),
            NodePatchInput::Standard(p) => p.into_patch(),
            NodePatchInput::Event(p) => p.into_patch(),
            NodePatchInput::Mou(p) => p.into_patch(),
            NodePatchInput::Document(p) => p.into_patch(),
            NodePatchInput::Person(p) => p.into_patch(),
            NodePatchInput::Topic(p) => p.into_patch(),
            NodePatchInput::Source(p) => p.into_patch(),
        }
    }
}

/// A new relation.
#[derive(InputObject, Clone)]
pub struct RelationInput {
    kind: RelationKind,
    /// The subject (`standard` in `standard issued_by agency`).
    from: ID,
    /// The object.
    to: ID,
    /// Tells apart two relations of one kind between the same nodes.
    key: Option<String>,
    /// How the `to` node took part (speaker, joint issuer, approved, ...).
    role: Option<String>,
    date: Option<Date>,
    /// Correspondence degree (corresponds_to and adopts only).
    degree: Option<Degree>,
    note: Option<String>,
    count: Option<i64>,
    /// The source implies the relation without stating it.
    #[graphql(default)]
    inferred: bool,
    /// Ids of the Source nodes that state it.
    sources: Vec<ID>,
}

impl RelationInput {
    pub fn into_relation(self) -> Result<model::Relation, ValidationError> {
        let endpoint = |id: &str, field: &str| {
            NodeId::parse(id).map_err(|e| ValidationError::InvalidField {
                id: id.to_owned(),
                field: field.to_owned(),
                reason: e.to_string(),
            })
        };
        let mut relation = model::Relation::new(
            self.kind.into(),
            endpoint(&self.from, "from")?,
            endpoint(&self.to, "to")?,
            ids(self.sources)?,
        );
        relation.inferred = self.inferred;
        relation.set_props(model::RelationProps {
            key: self.key,
            role: self.role,
            date: self.date.map(|d| d.0),
            degree: self.degree.map(Into::into),
            note: self.note,
            count: self.count,
        });
        Ok(relation)
    }
}

/// Replace a node wholesale, creating it when the id is new.
#[derive(InputObject, Clone)]
pub struct UpsertInput {
    node: NodeInput,
    /// Fails with `CONFLICT` unless the node exists with this version.
    expected_version: Option<u64>,
}

/// Change some fields of a node.
#[derive(InputObject, Clone)]
pub struct UpdateInput {
    id: ID,
    patch: NodePatchInput,
    /// Fails with `CONFLICT` unless the node has this version.
    expected_version: Option<u64>,
}

/// Delete a node and its relations.
#[derive(InputObject, Clone)]
pub struct DeleteInput {
    id: ID,
    /// Fails with `CONFLICT` unless the node has this version.
    expected_version: Option<u64>,
}

/// Remove a relation.
#[derive(InputObject, Clone)]
pub struct UnlinkInput {
    /// The relation's id: `from|kind|to`, plus `#key` when it has one.
    id: ID,
}

/// One change of an `applyChanges` list: set exactly one field.
#[derive(OneofObject, Clone)]
pub enum ChangeInput {
    Create(NodeInput),
    Upsert(UpsertInput),
    Update(UpdateInput),
    Delete(DeleteInput),
    Link(RelationInput),
    Unlink(UnlinkInput),
}

impl ChangeInput {
    /// True for changes only admins may make.
    pub fn is_delete(&self) -> bool {
        matches!(self, ChangeInput::Delete(_))
    }

    pub fn into_change(self) -> Result<crate::app::Change, ValidationError> {
        use crate::app::Change;
        Ok(match self {
            ChangeInput::Create(input) => Change::Create(input.into_node()?),
            ChangeInput::Upsert(u) => Change::Upsert {
                node: u.node.into_node()?,
                expected_version: u.expected_version,
            },
            ChangeInput::Update(u) => Change::Update {
                id: node_id(&u.id)?,
                expected_version: u.expected_version,
                patch: u.patch.into_patch(),
            },
            ChangeInput::Delete(d) => Change::Delete {
                id: node_id(&d.id)?,
                expected_version: d.expected_version,
            },
            ChangeInput::Link(r) => Change::Link(r.into_relation()?),
            ChangeInput::Unlink(u) => Change::Unlink(model::RelationId::new(u.id.to_string())),
        })
    }
}
