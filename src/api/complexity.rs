//! Why a query is too complex: the cost async-graphql computed, recomputed field by field so that a
//! refusal can say what the query costs, what the limit is and which field multiplied the cost.
//!
//! async-graphql enforces the limit (`limit_complexity` in [`super::schema`]) but only answers
//! "Query is too complex.", and its calculation is private to its validator. This module repeats the
//! same rule on the parsed document, only for a query that was already refused, so it costs nothing on
//! the normal path:
//!
//! - every selected field costs 1 plus the cost of its selections (`__typename` costs nothing);
//! - a field of an object type that returns a page (a `...Connection`) costs 1 plus its selections
//!   times the items it may hold ([`super::page::page_cost`]: the larger of `first` and `last`, else
//!   the default page size), which is what its `#[graphql(complexity)]` attribute says;
//! - the same field reached through an interface costs 1 plus its selections (async-graphql applies a
//!   field's complexity function only when the enclosing type is an object);
//! - fragment spreads count where they are spread, and every operation of the document counts.
//!
//! `tests/http.rs` checks the recomputation against async-graphql at the limit's boundary: a query
//! that costs exactly the limit runs, one that costs one more is refused with that cost.

use std::collections::HashMap;

use async_graphql::parser::types::{
    ExecutableDocument, Selection, SelectionSet, TypeKind, TypeSystemDefinition,
};
use async_graphql::{Value, Variables};

use super::page;

/// The schema as the complexity rule sees it: which types are objects, and the named type each
/// field returns.
#[derive(Debug, Default)]
pub struct SchemaShape {
    types: HashMap<String, TypeShape>,
    query: String,
    mutation: String,
    subscription: String,
}

#[derive(Debug, Default)]
struct TypeShape {
    object: bool,
    /// Each field's named return type (lists and non-null stripped).
    fields: HashMap<String, String>,
}

impl SchemaShape {
    /// Reads the shape from the schema's SDL. An SDL that does not parse (it always does: async-graphql
    /// writes it) gives an empty shape, whose explanations count every field as costing 1 plus its
    /// selections.
    pub fn from_sdl(sdl: &str) -> Self {
        let mut shape = SchemaShape {
            query: "Query".into(),
            mutation: "Mutation".into(),
            subscription: "Subscription".into(),
            ..Default::default()
        };
        let Ok(doc) = async_graphql::parser::parse_schema(sdl) else {
            return shape;
        };
        for definition in doc.definitions {
            match definition {
                TypeSystemDefinition::Schema(schema) => {
                    let schema = schema.node;
                    let name = |n: Option<async_graphql::Positioned<async_graphql::Name>>| {
                        n.map(|n| n.node.to_string())
                    };
                    if let Some(q) = name(schema.query) {
                        shape.query = q;
                    }
                    if let Some(m) = name(schema.mutation) {
                        shape.mutation = m;
                    }
                    if let Some(s) = name(schema.subscription) {
                        shape.subscription = s;
                    }
                }
                TypeSystemDefinition::Type(ty) => {
                    let ty = ty.node;
                    let (object, fields) = match ty.kind {
                        TypeKind::Object(o) => (true, o.fields),
                        TypeKind::Interface(i) => (false, i.fields),
                        _ => continue,
                    };
                    let fields = fields
                        .into_iter()
                        .map(|f| {
                            let f = f.node;
                            let named =
                                f.ty.node
                                    .to_string()
                                    .trim_matches(|c| matches!(c, '[' | ']' | '!'))
                                    .to_string();
                            (f.name.node.to_string(), named)
                        })
                        .collect();
                    shape
                        .types
                        .insert(ty.name.node.to_string(), TypeShape { object, fields });
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        shape
    }
}

/// What a refused query costs and where the cost comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The query's cost by async-graphql's rule.
    pub cost: usize,
    /// The page field that may hold the most items, the one whose `first` to lower (its path of
    /// response keys, e.g. `standards.edges.node.relations`), with its own cost; `None` when the query
    /// selects no page of more than one item.
    pub multiplier: Option<Multiplier>,
}

/// A page field and what it contributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multiplier {
    pub path: String,
    /// The items the page may hold (the larger of `first` and `last`, else the default page size).
    pub items: usize,
    /// Whether the item count was given (`first`/`last`) or is the default.
    pub given: bool,
    /// The field's cost: 1 plus its selections' cost times `items`.
    pub cost: usize,
}

impl Explanation {
    /// The refusal's message for an analyst: the cost, the limit, and what to change.
    pub fn message(&self, limit: usize) -> String {
        let mut message = format!(
            "the query is too complex: it costs {} and at most {limit} is allowed (every field costs 1; a page costs its \
             fields times the items it may hold)",
            self.cost
        );
        if let Some(m) = &self.multiplier {
            let how = if m.given {
                format!("it asks for {} items", m.items)
            } else {
                format!(
                    "without `first` it may hold {} items (the default page size)",
                    m.items
                )
            };
            message.push_str(&format!(
                "; `{}` multiplies it most: {how}, costing {}. Set a smaller `first` (or `last`) there",
                m.path, m.cost
            ));
        }
        message
    }
}

/// Recomputes the cost of every operation in `doc`, and finds the page field that contributes most.
pub fn explain(
    shape: &SchemaShape,
    doc: &ExecutableDocument,
    variables: &Variables,
) -> Explanation {
    let mut walk = Walk {
        shape,
        doc,
        variables,
        best: None,
        path: Vec::new(),
    };
    let mut cost = 0usize;
    for (_, operation) in doc.operations.iter() {
        let operation = &operation.node;
        let root = match operation.ty {
            async_graphql::parser::types::OperationType::Query => &shape.query,
            async_graphql::parser::types::OperationType::Mutation => &shape.mutation,
            async_graphql::parser::types::OperationType::Subscription => &shape.subscription,
        };
        cost = cost.saturating_add(walk.set(&operation.selection_set.node, Some(root), 0));
    }
    Explanation {
        cost,
        multiplier: walk.best,
    }
}

/// Fragments nested deeper than this are not followed (validation refuses cycles; this bounds the
/// walk of a document that was refused before validation finished).
const MAX_DEPTH: usize = 64;

struct Walk<'a> {
    shape: &'a SchemaShape,
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    best: Option<Multiplier>,
    path: Vec<&'a str>,
}

impl<'a> Walk<'a> {
    fn set(&mut self, set: &'a SelectionSet, parent: Option<&'a str>, depth: usize) -> usize {
        if depth > MAX_DEPTH {
            return 0;
        }
        let mut cost = 0usize;
        for item in &set.items {
            let item_cost = match &item.node {
                Selection::Field(field) => self.field(&field.node, parent, depth),
                Selection::InlineFragment(fragment) => {
                    let fragment = &fragment.node;
                    let ty = fragment
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.as_str())
                        .or(parent);
                    self.set(&fragment.selection_set.node, ty, depth + 1)
                }
                Selection::FragmentSpread(spread) => {
                    match self.doc.fragments.get(&spread.node.fragment_name.node) {
                        Some(fragment) => {
                            let fragment = &fragment.node;
                            let ty = fragment.type_condition.node.on.node.as_str();
                            self.set(&fragment.selection_set.node, Some(ty), depth + 1)
                        }
                        None => 0,
                    }
                }
            };
            cost = cost.saturating_add(item_cost);
        }
        cost
    }

    fn field(
        &mut self,
        field: &'a async_graphql::parser::types::Field,
        parent: Option<&'a str>,
        depth: usize,
    ) -> usize {
        let name = field.name.node.as_str();
        if name == "__typename" {
            return 0;
        }
        let parent_shape = parent.and_then(|p| self.shape.types.get(p));
        let returns = parent_shape.and_then(|p| p.fields.get(name));
        self.path.push(field.response_key().node.as_str());
        let children = self.set(
            &field.selection_set.node,
            returns.map(String::as_str),
            depth + 1,
        );
        let paged = parent_shape.is_some_and(|p| p.object)
            && returns.is_some_and(|r| r.ends_with("Connection"));
        let cost = if paged {
            let as_i32 = |n: i64| i32::try_from(n).unwrap_or(if n < 0 { 0 } else { i32::MAX });
            let first = self.argument(field, "first").map(as_i32);
            let last = self.argument(field, "last").map(as_i32);
            let cost = page::page_cost(first, last, children);
            let items = page::page_items(first, last);
            let asked = first.or(last);
            let candidate = Multiplier {
                path: self.path.join("."),
                items,
                given: asked.is_some(),
                cost,
            };
            // The page that may hold the most items is the one to make smaller; between equals, one
            // whose size was not asked for (the default) is the likelier surprise.
            let rank = |m: &Multiplier| (m.items, !m.given);
            if candidate.items > 1
                && self
                    .best
                    .as_ref()
                    .is_none_or(|b| rank(&candidate) > rank(b))
            {
                self.best = Some(candidate);
            }
            cost
        } else {
            1usize.saturating_add(children)
        };
        self.path.pop();
        cost
    }

    /// An integer argument of `field`, given literally or through a variable.
    fn argument(&self, field: &async_graphql::parser::types::Field, name: &str) -> Option<i64> {
        let value = field.get_argument(name)?;
        let value = value
            .node
            .clone()
            .into_const_with(|var| self.variables.get(&var).cloned().ok_or(()))
            .ok()?;
        match value {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape() -> SchemaShape {
        SchemaShape::from_sdl(&super::super::schema(&super::super::Limits::default()).sdl())
    }

    fn explain_text(query: &str) -> Explanation {
        let doc = async_graphql::parser::parse_query(query).expect("test queries parse");
        explain(&shape(), &doc, &Variables::default())
    }

    #[test]
    fn a_page_costs_its_fields_times_its_items() {
        // standards (1 + 10 * (edges 1 + node 1 + code 1 = 3)) = 31.
        let e = explain_text("{ standards(first: 10) { edges { node { code } } } }");
        assert_eq!(e.cost, 31);
        let m = e.multiplier.expect("a page was selected");
        assert_eq!((m.path.as_str(), m.items, m.given), ("standards", 10, true));
    }

    #[test]
    fn the_default_page_size_applies_without_first_and_typename_is_free() {
        let e = explain_text("{ __typename agencies { totalCount } }");
        assert_eq!(e.cost, 1 + page::DEFAULT_PAGE_SIZE);
        assert!(!e.multiplier.expect("a page").given);
    }

    #[test]
    fn the_nested_page_that_multiplies_most_is_named_by_its_path() {
        let e = explain_text(
            "{ s: standards(first: 2) { edges { node { relations(first: 500) { edges { kind } } } } } }",
        );
        let m = e.multiplier.expect("pages were selected");
        assert_eq!(m.path, "s.edges.node.relations");
        assert_eq!(m.items, 500);
        // relations: 1 + 500 * 2; standards: 1 + 2 * (1 + 1 + 1001).
        assert_eq!(e.cost, 1 + 2 * (1 + 1 + 1001));
    }

    #[test]
    fn fragments_count_where_they_are_spread() {
        let e = explain_text(
            "query { standards(first: 3) { ...E } } fragment E on StandardConnection { totalCount }",
        );
        assert_eq!(e.cost, 1 + 3);
    }
}
