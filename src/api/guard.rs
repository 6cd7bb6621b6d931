//! Query limits checked on the parsed document, before validation and execution: aliases, field
//! selections, and the page size a query may ask of a connection with `first`.
//!
//! They are checked by [`GuardedSchema`] around the schema rather than by an async-graphql extension:
//! a schema with any extension sends every field of every answer through the extension chain (a
//! registry lookup and a boxed future per field), which cost a third of a list query's time.
//!
//! Depth, complexity (list fields cost by `first`), recursion depth and directives per field are
//! async-graphql's own limits, set in [`super::schema`]. Fragments are walked once each, never through
//! their spreads, so a circular fragment cannot loop here (validation rejects it right after).

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{
    Data, ErrorExtensionValues, Request, Response, ServerError, ServerResult, Value, Variables,
};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use super::StdSchema;
use super::error::Code;

/// The limits checked on a document before the schema runs it.
#[derive(Clone, Copy, Debug)]
pub struct DocumentLimits {
    pub max_aliases: usize,
    pub max_selections: usize,
    pub max_page_size: usize,
    /// Selection sets nested deeper than this are not walked (async-graphql refuses the document
    /// for its recursion depth anyway).
    pub max_recursive_depth: usize,
}

/// The schema, and the document limits every request passes before it runs.
#[derive(Clone)]
pub struct GuardedSchema {
    pub schema: StdSchema,
    pub limits: DocumentLimits,
}

impl GuardedSchema {
    pub async fn execute(&self, mut request: Request) -> Response {
        match self.limits.check_request(&mut request) {
            Ok(()) => self.schema.execute(request).await,
            Err(refused) => Response::from_errors(vec![refused]),
        }
    }

    pub fn execute_stream_with_session_data(
        &self,
        mut request: Request,
        session_data: std::sync::Arc<Data>,
    ) -> BoxStream<'static, Response> {
        match self.limits.check_request(&mut request) {
            Ok(()) => self
                .schema
                .execute_stream_with_session_data(request, session_data)
                .boxed(),
            Err(refused) => {
                futures_util::stream::once(async move { Response::from_errors(vec![refused]) })
                    .boxed()
            }
        }
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
    /// The largest `first` or `last` asked for, literal or through a variable.
    largest_first: i64,
}

fn count(set: &SelectionSet, variables: &Variables, counts: &mut Counts, depth_left: usize) {
    let Some(depth_left) = depth_left.checked_sub(1) else {
        return;
    };
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
                    if !paged || !matches!(name.node.as_str(), "first" | "last") {
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
                count(&field.selection_set.node, variables, counts, depth_left);
            }
            Selection::InlineFragment(fragment) => {
                count(
                    &fragment.node.selection_set.node,
                    variables,
                    counts,
                    depth_left,
                );
            }
            Selection::FragmentSpread(_) => counts.selections += 1,
        }
    }
}

impl DocumentLimits {
    /// Checks a request's document, parsing it if it has not been (the parse is kept for
    /// execution). A document that does not parse passes: execution reports the syntax error.
    fn check_request(&self, request: &mut Request) -> ServerResult<()> {
        let variables = std::mem::take(&mut request.variables);
        let checked = match request.parsed_query() {
            Ok(doc) => self.check(doc, &variables),
            Err(_) => Ok(()),
        };
        request.variables = variables;
        checked
    }

    fn check(&self, doc: &ExecutableDocument, variables: &Variables) -> ServerResult<()> {
        let mut counts = Counts::default();
        for (_, operation) in doc.operations.iter() {
            let set = &operation.node.selection_set.node;
            count(set, variables, &mut counts, self.max_recursive_depth);
        }
        for fragment in doc.fragments.values() {
            let set = &fragment.node.selection_set.node;
            count(set, variables, &mut counts, self.max_recursive_depth);
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
                    "`first` and `last` may be at most {} (asked: {})",
                    self.max_page_size, counts.largest_first
                ),
            ));
        }
        Ok(())
    }
}
