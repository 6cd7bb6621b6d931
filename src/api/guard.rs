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

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{
    Data, ErrorExtensionValues, Name, Request, Response, ServerError, ServerResult, Value,
    Variables,
};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use super::StdSchema;
use super::complexity::SchemaShape;
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
    /// The schema's shape, to explain a refusal for complexity (see [`super::complexity`]); read
    /// from the SDL at the first such refusal, so start-up does not pay for it.
    pub shape: std::sync::Arc<std::sync::OnceLock<SchemaShape>>,
    /// The complexity limit async-graphql enforces, named in that refusal.
    pub max_complexity: usize,
}

impl GuardedSchema {
    pub async fn execute(&self, mut request: Request) -> Response {
        if let Err(refused) = self.limits.check_request(&mut request) {
            return Response::from_errors(vec![refused]);
        }
        let descriptions = request
            .parsed_query()
            .map(schema_description_keys)
            .unwrap_or_default();
        let (text, variables) = keep_for_explaining(&mut request);
        let mut response = self.schema.execute(request).await;
        if let Some(text) = &text {
            self.explain_complexity(&mut response.errors, text, &variables);
        }
        describe_schema(&mut response.data, &descriptions);
        response
    }

    /// Replaces async-graphql's bare "Query is too complex." with what the query costs, the limit,
    /// and the field that multiplied the cost, with `extensions.limit = "complexity"`, `cost` and
    /// `maxCost`.
    fn explain_complexity(&self, errors: &mut [ServerError], text: &str, variables: &Variables) {
        let [only] = errors else { return };
        if only.message != TOO_COMPLEX {
            return;
        }
        let Ok(doc) = async_graphql::parser::parse_query(text) else {
            return;
        };
        let shape = self
            .shape
            .get_or_init(|| SchemaShape::from_sdl(&self.schema.sdl()));
        let explanation = super::complexity::explain(shape, &doc, variables);
        let mut refused = refuse(
            Rejection::Complexity,
            explanation.message(self.max_complexity),
        );
        let ext = refused.extensions.get_or_insert_with(Default::default);
        ext.set("cost", explanation.cost as u64);
        ext.set("maxCost", self.max_complexity as u64);
        if let Some(m) = &explanation.multiplier {
            ext.set("field", m.path.as_str());
        }
        *only = refused;
    }

    pub fn execute_stream_with_session_data(
        &self,
        mut request: Request,
        session_data: std::sync::Arc<Data>,
    ) -> BoxStream<'static, Response> {
        if let Err(refused) = self.limits.check_request(&mut request) {
            return futures_util::stream::once(async move { Response::from_errors(vec![refused]) })
                .boxed();
        }
        let descriptions = request
            .parsed_query()
            .map(schema_description_keys)
            .unwrap_or_default();
        let (text, variables) = keep_for_explaining(&mut request);
        let explainer = self.clone();
        self.schema
            .execute_stream_with_session_data(request, session_data)
            .map(move |mut response| {
                if let Some(text) = &text {
                    explainer.explain_complexity(&mut response.errors, text, &variables);
                }
                describe_schema(&mut response.data, &descriptions);
                response
            })
            .boxed()
    }
}

/// Where a response holds `__schema { description }`: the response keys of each `__schema` field at
/// the root and of the `description` fields under it. async-graphql answers a fixed text about
/// GraphQL schemas in general there; [`describe_schema`] puts this schema's own description
/// ([`super::SCHEMA_DESCRIPTION`], the one `schema.graphql` carries) in its place. Empty for every
/// query that does not introspect the schema, which is nearly all of them.
fn schema_description_keys(doc: &ExecutableDocument) -> Vec<(Name, Name)> {
    fn fields<'a>(
        doc: &'a ExecutableDocument,
        set: &'a SelectionSet,
        depth: usize,
        out: &mut Vec<&'a Field>,
    ) {
        if depth > 8 {
            return;
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => out.push(&field.node),
                Selection::InlineFragment(f) => {
                    fields(doc, &f.node.selection_set.node, depth + 1, out)
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(f) = doc.fragments.get(&spread.node.fragment_name.node) {
                        fields(doc, &f.node.selection_set.node, depth + 1, out);
                    }
                }
            }
        }
    }
    let mut keys = Vec::new();
    for (_, operation) in doc.operations.iter() {
        let mut root = Vec::new();
        fields(doc, &operation.node.selection_set.node, 0, &mut root);
        for schema_field in root.into_iter().filter(|f| f.name.node == "__schema") {
            let mut inner = Vec::new();
            fields(doc, &schema_field.selection_set.node, 0, &mut inner);
            for description in inner.into_iter().filter(|f| f.name.node == "description") {
                keys.push((
                    schema_field.response_key().node.clone(),
                    description.response_key().node.clone(),
                ));
            }
        }
    }
    keys
}

/// Puts the schema's description where [`schema_description_keys`] found `__schema { description }`.
fn describe_schema(data: &mut Value, keys: &[(Name, Name)]) {
    let Value::Object(data) = data else { return };
    for (schema_key, description_key) in keys {
        if let Some(Value::Object(schema)) = data.get_mut(schema_key)
            && let Some(description) = schema.get_mut(description_key)
        {
            *description = Value::String(super::SCHEMA_DESCRIPTION.to_owned());
        }
    }
}

/// The query text and variables of a parsed request, kept to explain a refusal for complexity. The
/// text is moved, not copied: once the document is parsed, async-graphql executes the parsed copy.
/// `None` when the text did not parse (async-graphql needs it to report the syntax error).
fn keep_for_explaining(request: &mut Request) -> (Option<String>, Variables) {
    let text = request
        .parsed_query()
        .is_ok()
        .then(|| std::mem::take(&mut request.query));
    (text, request.variables.clone())
}

/// async-graphql's message when a query exceeds `limit_complexity`.
const TOO_COMPLEX: &str = "Query is too complex.";

/// Why a query was refused before it ran; also the label of the rejection metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    Aliases,
    Selections,
    PageSize,
    /// Found by async-graphql's validation, explained here.
    Complexity,
}

impl Rejection {
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::Aliases => "aliases",
            Rejection::Selections => "selections",
            Rejection::PageSize => "page_size",
            Rejection::Complexity => "complexity",
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
