//! Query limits checked on the parsed document, before validation and execution: aliases, field
//! selections, and the page size a query may ask of a connection with `first`.
//!
//! Depth, complexity (list fields cost by `first`), recursion depth and directives per field are
//! async-graphql's own limits, set in [`super::schema`]. Fragments are walked once each, never through
//! their spreads, so a circular fragment cannot loop here (validation rejects it right after).

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensionValues, ServerError, ServerResult, Value, Variables};

use super::error::Code;

/// The limits this extension enforces.
#[derive(Clone, Copy, Debug)]
pub struct DocumentLimits {
    pub max_aliases: usize,
    pub max_selections: usize,
    pub max_page_size: usize,
}

impl ExtensionFactory for DocumentLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(*self)
    }
}

/// Why a query was refused before it ran; also the label of the rejection metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    Aliases,
    Selections,
    PageSize,
}

impl Rejection {
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::Aliases => "aliases",
            Rejection::Selections => "selections",
            Rejection::PageSize => "page_size",
        }
    }
}

fn refuse(reason: Rejection, message: String) -> ServerError {
    let mut e = ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", Code::InvalidInput.as_str());
    ext.set("limit", reason.as_str());
    e.extensions = Some(ext);
    e
}

/// The fields that return pages (Relay connections), whose `first` the page-size cap bounds. Other
/// fields with a `first` (top-N analytics, neighbourhood limits) have their own bounds.
const PAGED_FIELDS: &[&str] = &[
    "agencies",
    "technicalCommittees",
    "standards",
    "events",
    "mous",
    "documents",
    "people",
    "topics",
    "sources",
    "search",
    "relations",
];

#[derive(Default)]
struct Counts {
    aliases: usize,
    selections: usize,
    /// The largest `first` asked for, literal or through a variable.
    largest_first: i64,
}

fn count(set: &SelectionSet, variables: &Variables, counts: &mut Counts) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                let field = &field.node;
                counts.selections += 1;
                if field.alias.is_some() {
                    counts.aliases += 1;
                }
                let paged = PAGED_FIELDS.contains(&field.name.node.as_str());
                for (name, value) in &field.arguments {
                    if !paged || name.node.as_str() != "first" {
                        continue;
                    }
                    let asked = value
                        .node
                        .clone()
                        .into_const_with(|var| variables.get(&var).cloned().ok_or(()))
                        .ok()
                        .and_then(|v| match v {
                            Value::Number(n) => n.as_i64(),
                            _ => None,
                        });
                    counts.largest_first = counts.largest_first.max(asked.unwrap_or(0));
                }
                count(&field.selection_set.node, variables, counts);
            }
            Selection::InlineFragment(fragment) => {
                count(&fragment.node.selection_set.node, variables, counts);
            }
            Selection::FragmentSpread(_) => counts.selections += 1,
        }
    }
}

impl DocumentLimits {
    fn check(&self, doc: &ExecutableDocument, variables: &Variables) -> ServerResult<()> {
        let mut counts = Counts::default();
        for (_, operation) in doc.operations.iter() {
            count(&operation.node.selection_set.node, variables, &mut counts);
        }
        for fragment in doc.fragments.values() {
            count(&fragment.node.selection_set.node, variables, &mut counts);
        }
        if counts.aliases > self.max_aliases {
            return Err(refuse(
                Rejection::Aliases,
                format!(
                    "the query uses {} aliases; at most {} are allowed",
                    counts.aliases, self.max_aliases
                ),
            ));
        }
        if counts.selections > self.max_selections {
            return Err(refuse(
                Rejection::Selections,
                format!(
                    "the query selects {} fields; at most {} are allowed",
                    counts.selections, self.max_selections
                ),
            ));
        }
        if counts.largest_first > self.max_page_size as i64 {
            return Err(refuse(
                Rejection::PageSize,
                format!(
                    "`first` may be at most {} (asked: {})",
                    self.max_page_size, counts.largest_first
                ),
            ));
        }
        Ok(())
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for DocumentLimits {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        self.check(&doc, variables)?;
        Ok(doc)
    }
}
