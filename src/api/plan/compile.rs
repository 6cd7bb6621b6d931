//! From a validated document to a [`Plan`]: fragments and `@skip`/`@include` applied, fields
//! collected per concrete type in response order, arguments kept as literals.
//!
//! Anything outside the covered subset makes compilation give up (`Err(Outside)`); the document
//! then keeps the general path. Field collection follows the GraphQL spec's CollectFields, which is
//! what async-graphql does for the documents accepted here. Where async-graphql's merge of repeated
//! response keys could differ from a simple "first one wins" (a repeated key with a selection set),
//! compilation gives up too.

use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, Field, OperationType, Selection,
    SelectionSet,
};
use async_graphql::{Name, Positioned, Value as ConstValue, Variables};
use async_graphql_value::Value as InputValue;

use super::{
    ArgValue, Args, ConnField, ConnKind, ConnSel, EdgeField, Keyed, NodeField, NodeSel, PageBudget,
    PageInfoField, Plan, RootField, StandardField, Vars,
};
use crate::model::NodeKind;

/// The document reaches outside what plans cover (or is not one they can take).
#[derive(Debug)]
pub struct Outside;

type Compiled<T> = Result<T, Outside>;

/// The most fields a plan may hold, counted per concrete type: a node selection is compiled once for
/// each of the nine kinds, so nested fragments could otherwise grow a plan without bound.
const MAX_FIELDS: usize = 4_096;

/// Compiles the document's only operation, when it is a query. `variables` are those of the
/// request that validated it: page sizes they give become the plan's budgets.
pub fn compile(doc: &ExecutableDocument, variables: &Variables) -> Compiled<Plan> {
    let (name, op) = match &doc.operations {
        DocumentOperations::Single(op) => (None, op),
        DocumentOperations::Multiple(ops) if ops.len() == 1 => {
            let (name, op) = ops.iter().next().ok_or(Outside)?;
            (Some(name.to_string()), op)
        }
        DocumentOperations::Multiple(_) => return Err(Outside),
    };
    let op = &op.node;
    if op.ty != OperationType::Query || !op.directives.is_empty() {
        return Err(Outside);
    }
    let definitions: Vec<(Name, Option<ConstValue>)> = op
        .variable_definitions
        .iter()
        .map(|def| {
            (
                def.node.name.node.clone(),
                def.node.default_value().cloned(),
            )
        })
        .collect();
    let mut compiler = Compiler {
        doc,
        fields_left: MAX_FIELDS,
        budgets: Vec::new(),
    };
    let fields = compiler.root(&op.selection_set.node)?;
    // What the validated request asked for through each page-size variable.
    let vars = Vars {
        sent: variables,
        defaults: &definitions,
    };
    let budgets = compiler
        .budgets
        .into_iter()
        .map(|var| {
            let value = vars.value(&var).ok();
            Ok(PageBudget {
                sent: variables.get(&var).is_some(),
                size: PageBudget::size_of(value.as_ref()).ok_or(Outside)?,
                var,
            })
        })
        .collect::<Compiled<Vec<_>>>()?;
    Ok(Plan::new(name, definitions, budgets, fields))
}

struct Compiler<'d> {
    doc: &'d ExecutableDocument,
    fields_left: usize,
    /// The variables that give a page size (`first` or `last`).
    budgets: Vec<Name>,
}

impl<'d> Compiler<'d> {
    /// The fields of `set` that apply to an object whose type `applies` names (its own name or an
    /// interface it implements), each response key once, in response order.
    fn collect(
        &mut self,
        set: &'d SelectionSet,
        applies: &dyn Fn(&str) -> bool,
    ) -> Compiled<Vec<(&'d str, &'d Field)>> {
        let mut all = Vec::new();
        self.collect_into(set, applies, &mut all)?;
        let mut unique: Vec<(&str, &Field)> = Vec::with_capacity(all.len());
        for field in all {
            let key = field.response_key().node.as_str();
            match unique.iter().find(|(k, _)| *k == key) {
                None => unique.push((key, field)),
                // Validation made both the same field with the same arguments; a leaf answers the
                // same value twice, but sub-selections would have to be merged.
                Some((_, first)) => {
                    if !first.selection_set.node.items.is_empty()
                        || !field.selection_set.node.items.is_empty()
                    {
                        return Err(Outside);
                    }
                }
            }
        }
        self.fields_left = self.fields_left.checked_sub(unique.len()).ok_or(Outside)?;
        Ok(unique)
    }

    fn collect_into(
        &self,
        set: &'d SelectionSet,
        applies: &dyn Fn(&str) -> bool,
        out: &mut Vec<&'d Field>,
    ) -> Compiled<()> {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    if included(&field.node.directives)? {
                        out.push(&field.node);
                    }
                }
                Selection::InlineFragment(fragment) => {
                    let fragment = &fragment.node;
                    let matches = fragment
                        .type_condition
                        .as_ref()
                        .is_none_or(|c| applies(c.node.on.node.as_str()));
                    if matches && included(&fragment.directives)? {
                        self.collect_into(&fragment.selection_set.node, applies, out)?;
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let spread = &spread.node;
                    let def = self
                        .doc
                        .fragments
                        .get(&spread.fragment_name.node)
                        .ok_or(Outside)?;
                    if !def.node.directives.is_empty() {
                        return Err(Outside);
                    }
                    if applies(def.node.type_condition.node.on.node.as_str())
                        && included(&spread.directives)?
                    {
                        self.collect_into(&def.node.selection_set.node, applies, out)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn root(&mut self, set: &'d SelectionSet) -> Compiled<Vec<Keyed<RootField>>> {
        let fields = self.collect(set, &|t| t == "QueryRoot")?;
        let mut out = Vec::with_capacity(fields.len());
        for (key, field) in fields {
            let sub = &field.selection_set.node;
            let compiled = match field.name.node.as_str() {
                "__typename" => RootField::Typename,
                "node" => RootField::Node {
                    args: self.args(field)?,
                    node: self.node(sub, &NodeKind::ALL)?,
                },
                "search" => RootField::Search {
                    args: self.args(field)?,
                    conn: self.connection(sub, ConnKind::Search)?,
                },
                "standards" => RootField::Standards {
                    args: self.args(field)?,
                    conn: self.connection(sub, ConnKind::Standard)?,
                },
                _ => return Err(Outside),
            };
            out.push(Keyed::new(key, compiled));
        }
        Ok(out)
    }

    /// A selection on a node that may be of the `possible` kinds (all nine where the field's
    /// type is the `Node` interface, one where it is an object type), compiled for each of them.
    fn node(&mut self, set: &'d SelectionSet, possible: &[NodeKind]) -> Compiled<NodeSel> {
        let mut by_kind: [Vec<Keyed<NodeField>>; 9] = Default::default();
        for (slot, kind) in by_kind.iter_mut().zip(NodeKind::ALL) {
            if !possible.contains(&kind) {
                continue;
            }
            let type_name = kind.as_str();
            let fields = self.collect(set, &|t| t == "Node" || t == type_name)?;
            for (key, field) in fields {
                let compiled = self.node_field(kind, field)?;
                slot.push(Keyed::new(key, compiled));
            }
        }
        Ok(NodeSel(Box::new(by_kind)))
    }

    fn node_field(&mut self, kind: NodeKind, field: &'d Field) -> Compiled<NodeField> {
        let name = field.name.node.as_str();
        let common = match name {
            "__typename" => Some(NodeField::Typename),
            "id" => Some(NodeField::Id),
            "kind" => Some(NodeField::Kind),
            "name" => Some(NodeField::Name),
            "nameZh" => Some(NodeField::NameZh),
            "aliases" => Some(NodeField::Aliases),
            "description" => Some(NodeField::Description),
            "version" => Some(NodeField::Version),
            "relations" => Some(NodeField::Relations {
                args: self.args(field)?,
                conn: self.connection(&field.selection_set.node, ConnKind::Relation)?,
            }),
            _ => None,
        };
        if let Some(compiled) = common {
            return Ok(compiled);
        }
        match (kind, name) {
            (NodeKind::Agency, "abbreviation") => return Ok(NodeField::AgencyAbbreviation),
            (NodeKind::TechnicalCommittee, "code") => return Ok(NodeField::CommitteeCode),
            (NodeKind::Standard, _) => {}
            _ => return Err(Outside),
        }
        let standard = match name {
            "code" => StandardField::Code,
            "title" => StandardField::Title,
            "titleZh" => StandardField::TitleZh,
            "level" => StandardField::Level,
            "type" => StandardField::Type,
            "status" => StandardField::Status,
            "proposed" => StandardField::Proposed,
            "published" => StandardField::Published,
            "inForce" => StandardField::InForce,
            "withdrawn" => StandardField::Withdrawn,
            "commentDeadline" => StandardField::CommentDeadline,
            _ => return Err(Outside),
        };
        Ok(NodeField::Standard(standard))
    }

    fn connection(&mut self, set: &'d SelectionSet, kind: ConnKind) -> Compiled<ConnSel> {
        let (conn_type, edge_type) = kind.type_names();
        let possible = kind.node_kinds();
        let fields = self.collect(set, &|t| t == conn_type)?;
        let mut out = Vec::with_capacity(fields.len());
        for (key, field) in fields {
            let sub = &field.selection_set.node;
            let compiled = match field.name.node.as_str() {
                "__typename" => ConnField::Typename,
                "totalCount" => ConnField::TotalCount,
                "pageInfo" => ConnField::PageInfo(self.page_info(sub)?),
                "nodes" => ConnField::Nodes(self.node(sub, possible)?),
                "edges" => {
                    let mut edge_fields = Vec::new();
                    for (key, field) in self.collect(sub, &|t| t == edge_type)? {
                        let compiled = match (field.name.node.as_str(), kind) {
                            ("__typename", _) => EdgeField::Typename,
                            ("cursor", _) => EdgeField::Cursor,
                            ("node", _) => {
                                EdgeField::Node(self.node(&field.selection_set.node, possible)?)
                            }
                            ("kind", ConnKind::Relation) => EdgeField::Kind,
                            ("direction", ConnKind::Relation) => EdgeField::Direction,
                            ("score", ConnKind::Search) => EdgeField::Score,
                            ("matchedOn", ConnKind::Search) => EdgeField::MatchedOn,
                            _ => return Err(Outside),
                        };
                        edge_fields.push(Keyed::new(key, compiled));
                    }
                    ConnField::Edges(edge_fields)
                }
                _ => return Err(Outside),
            };
            out.push(Keyed::new(key, compiled));
        }
        Ok(ConnSel { kind, fields: out })
    }

    fn page_info(&mut self, set: &'d SelectionSet) -> Compiled<Vec<Keyed<PageInfoField>>> {
        let mut out = Vec::new();
        for (key, field) in self.collect(set, &|t| t == "PageInfo")? {
            let compiled = match field.name.node.as_str() {
                "__typename" => PageInfoField::Typename,
                "hasPreviousPage" => PageInfoField::HasPreviousPage,
                "hasNextPage" => PageInfoField::HasNextPage,
                "startCursor" => PageInfoField::StartCursor,
                "endCursor" => PageInfoField::EndCursor,
                _ => return Err(Outside),
            };
            out.push(Keyed::new(key, compiled));
        }
        Ok(out)
    }
}

impl Compiler<'_> {
    /// The field's arguments: constants, or a variable as the whole value (a variable inside a
    /// list or an input object is not covered). A variable that gives a page size is noted.
    fn args(&mut self, field: &Field) -> Compiled<Args> {
        let mut args = Vec::with_capacity(field.arguments.len());
        for (name, value) in &field.arguments {
            let value = match &value.node {
                InputValue::Variable(var) => {
                    if (name.node == "first" || name.node == "last") && !self.budgets.contains(var)
                    {
                        self.budgets.push(var.clone());
                    }
                    ArgValue::Var(var.clone())
                }
                other => ArgValue::Const(other.clone().into_const().ok_or(Outside)?),
            };
            args.push((name.node.clone(), value));
        }
        Ok(Args(args))
    }
}

/// Whether `@skip` and `@include` keep a selection; other directives are not covered.
fn included(directives: &[Positioned<Directive>]) -> Compiled<bool> {
    let mut keep = true;
    for directive in directives {
        let directive = &directive.node;
        let condition = match directive
            .get_argument("if")
            .and_then(|v| v.node.clone().into_const())
        {
            Some(ConstValue::Boolean(b)) => b,
            _ => return Err(Outside),
        };
        match directive.name.node.as_str() {
            "skip" => keep &= !condition,
            "include" => keep &= condition,
            _ => return Err(Outside),
        }
    }
    Ok(keep)
}
