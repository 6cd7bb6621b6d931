//! Query limits checked on the parsed document, before validation and execution: aliases, field
//! selections, and the page size a query may ask of a connection with `first`.
//!
//! They are checked by [`GuardedSchema`] around the schema rather than by an async-graphql extension:
//! a schema with any extension sends every field of every answer through the extension chain (a
//! registry lookup and a boxed future per field), which cost a third of a list query's time.
//!
//! Depth, complexity (list fields cost by `first`), recursion depth and directives per field are
//! async-graphql's own limits, set in [`super::schema`]. It refuses with a message only, so when it
//! refuses a document without running it, [`GuardedSchema::execute`] measures the document the way
//! async-graphql does (in the order it checks) to know which limit was passed: the reason is a typed
//! [`Rejection`], never read from the message. That costs nothing on the normal path. Fragments are
//! walked once each when counting, never through their spreads, so a circular fragment cannot loop
//! here (validation rejects it right after); measures through spreads stop past their limit.

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{
    Data, ErrorExtensionValues, Name, Request, Response, ServerError, Value, Variables,
};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use super::StdSchema;
use super::complexity::SchemaShape;
use super::error::Code;
use super::request::{Refused, Rejection};

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
    /// async-graphql's depth limit, to tell its refusals apart.
    pub max_depth: usize,
    /// async-graphql's limit of directives on one field, to tell its refusals apart.
    pub max_directives: usize,
}

impl GuardedSchema {
    /// Runs a request: the response, and why it was refused when it never ran.
    pub async fn execute(&self, mut request: Request) -> (Response, Option<Rejection>) {
        if let Err(refused) = self.limits.check_request(&mut request) {
            let (reason, refused) = *refused;
            return (Response::from_errors(vec![refused]), Some(reason));
        }
        let descriptions = request
            .parsed_query()
            .map(schema_description_keys)
            .unwrap_or_default();
        let (text, variables) = keep_for_explaining(&mut request);
        let mut response = self.schema.execute(request).await;
        let rejection = never_ran(&response)
            .then(|| self.rejection(&mut response.errors, text.as_deref(), &variables));
        describe_schema(&mut response.data, &descriptions);
        (response, rejection)
    }

    /// Why async-graphql refused a document without running it: the limit the document passes, in
    /// the order async-graphql checks them (recursion and directives while parsing, then
    /// complexity, then depth), else a validation error. A refusal for complexity gets its
    /// explanation (see [`Self::explain_complexity`]).
    fn rejection(
        &self,
        errors: &mut [ServerError],
        text: Option<&str>,
        variables: &Variables,
    ) -> Rejection {
        let Some(doc) = text.and_then(|text| async_graphql::parser::parse_query(text).ok()) else {
            return Rejection::Parse;
        };
        let measures = Measures::of(&doc, self.limits.max_recursive_depth);
        if measures.recursion > self.limits.max_recursive_depth {
            Rejection::Recursion
        } else if measures.directives > self.max_directives {
            Rejection::Directives
        } else if self.explain_complexity(errors, &doc, variables) {
            Rejection::Complexity
        } else if measures.depth > self.max_depth {
            Rejection::Depth
        } else {
            Rejection::Validation
        }
    }

    /// Replaces async-graphql's bare "Query is too complex." with what the query costs, the limit,
    /// and the field that multiplied the cost, with `extensions.limit = "complexity"`, `cost` and
    /// `maxCost`; true when the document costs more than the limit. async-graphql's complexity
    /// refusal is its only error, with no location.
    fn explain_complexity(
        &self,
        errors: &mut [ServerError],
        doc: &ExecutableDocument,
        variables: &Variables,
    ) -> bool {
        let [only] = errors else { return false };
        if !only.locations.is_empty() {
            return false;
        }
        let shape = self
            .shape
            .get_or_init(|| SchemaShape::from_sdl(&self.schema.sdl()));
        let explanation = super::complexity::explain(shape, doc, variables);
        if explanation.cost <= self.max_complexity {
            return false;
        }
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
        true
    }

    pub fn execute_stream_with_session_data(
        &self,
        mut request: Request,
        session_data: std::sync::Arc<Data>,
    ) -> BoxStream<'static, Response> {
        if let Err(refused) = self.limits.check_request(&mut request) {
            let (_, refused) = *refused;
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
                if never_ran(&response) {
                    explainer.rejection(&mut response.errors, text.as_deref(), &variables);
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

/// True when async-graphql refused the request without running it: no `data`, and only errors
/// that belong to no field (parse, validation and limit errors carry no path; field errors do).
fn never_ran(response: &Response) -> bool {
    response.data == Value::Null
        && response.is_err()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// A document measured as async-graphql measures it for its limits.
#[derive(Default)]
struct Measures {
    /// Nesting of selection sets, through fragment spreads and inline fragments.
    recursion: usize,
    /// Nesting of fields other than `__typename`, through fragments.
    depth: usize,
    /// The most directives on one field.
    directives: usize,
}

impl Measures {
    /// Measures the operations of `doc`, walking no deeper than one past `cap` selection sets (so
    /// circular fragments end).
    fn of(doc: &ExecutableDocument, cap: usize) -> Self {
        let mut m = Measures::default();
        for (_, operation) in doc.operations.iter() {
            m.walk(doc, &operation.node.selection_set.node, 0, 0, cap + 1);
        }
        m
    }

    fn walk(
        &mut self,
        doc: &ExecutableDocument,
        set: &SelectionSet,
        level: usize,
        depth: usize,
        cap: usize,
    ) {
        self.recursion = self.recursion.max(level);
        if level >= cap {
            return;
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    self.directives = self.directives.max(field.directives.len());
                    let depth = if field.name.node == "__typename" {
                        depth
                    } else {
                        depth + 1
                    };
                    self.depth = self.depth.max(depth);
                    if !field.selection_set.node.items.is_empty() {
                        self.walk(doc, &field.selection_set.node, level + 1, depth, cap);
                    }
                }
                Selection::InlineFragment(f) => {
                    self.walk(doc, &f.node.selection_set.node, level + 1, depth, cap)
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(f) = doc.fragments.get(&spread.node.fragment_name.node) {
                        self.walk(doc, &f.node.selection_set.node, level + 1, depth, cap);
                    }
                }
            }
        }
    }
}

fn refuse_with(reason: Rejection, message: String) -> Refused {
    Box::new((reason, refuse(reason, message)))
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
    fn check_request(&self, request: &mut Request) -> Result<(), Refused> {
        let variables = std::mem::take(&mut request.variables);
        let checked = match request.parsed_query() {
            Ok(doc) => self.check(doc, &variables),
            Err(_) => Ok(()),
        };
        request.variables = variables;
        checked
    }

    fn check(&self, doc: &ExecutableDocument, variables: &Variables) -> Result<(), Refused> {
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
            return Err(refuse_with(
                Rejection::Aliases,
                format!(
                    "the query uses {} aliases; at most {} are allowed",
                    counts.aliases, self.max_aliases
                ),
            ));
        }
        if counts.selections > self.max_selections {
            return Err(refuse_with(
                Rejection::Selections,
                format!(
                    "the query selects {} fields; at most {} are allowed",
                    counts.selections, self.max_selections
                ),
            ));
        }
        if counts.largest_first > self.max_page_size as i64 {
            return Err(refuse_with(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Limits, guarded_schema};

    /// Why the guarded schema refuses `query`, run without a scope (a refused query never needs one).
    async fn refusal(query: &str) -> Option<Rejection> {
        guarded_schema(&Limits::default())
            .execute(Request::new(query))
            .await
            .1
    }

    /// `relations { edges { node { ... } } }` nested `levels` times under `node`.
    fn nested(levels: usize) -> String {
        let mut inner = "id".to_owned();
        for _ in 0..levels {
            inner = format!("relations {{ edges {{ node {{ {inner} }} }} }}");
        }
        format!(r#"{{ node(id: "agency:sac") {{ {inner} }} }}"#)
    }

    #[tokio::test]
    async fn each_refusal_of_async_graphql_is_known_by_what_the_document_passes() {
        assert_eq!(refusal(&nested(6)).await, Some(Rejection::Depth));
        assert_eq!(refusal(&nested(12)).await, Some(Rejection::Recursion));
        let directives = format!(
            "{{ stats {} {{ nodes }} }}",
            "@include(if: true) ".repeat(6)
        );
        assert_eq!(refusal(&directives).await, Some(Rejection::Directives));
        let expensive = "{ agencies(first: 1000) { edges { node { relations(first: 1000) { edges { node { id } } } } } } }";
        assert_eq!(refusal(expensive).await, Some(Rejection::Complexity));
        assert_eq!(
            refusal("{ noSuchField }").await,
            Some(Rejection::Validation)
        );
        let aliases = format!(
            "{{ {} }}",
            (0..31)
                .map(|i| format!("a{i}: __typename"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert_eq!(refusal(&aliases).await, Some(Rejection::Aliases));
    }
}
