//! The GraphQL API: the only module that names async-graphql.
//!
//! [`Api`] owns the schema and executes requests against the snapshot current when each request starts.
//! The HTTP layer hands it parsed requests and gets back bytes and a flag saying whether the request
//! itself was bad; it never sees async-graphql types.

mod analytics;
mod enums;
mod error;
mod explore;
mod filters;
mod history;
mod inputs;
mod mutation;
mod nodes;
mod page;
mod query;
mod scalars;
mod subscription;
mod websocket;

use std::sync::Arc;

use async_graphql::{Schema, ServerError};

use crate::app::App;
use crate::auth::{Keys, Principal};

pub use error::Code;
pub use websocket::{WsIncoming, WsOutgoing};

/// The schema type.
pub type StdSchema =
    Schema<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot>;

/// Limits on what one query may ask for.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Deepest nesting of selection sets.
    pub max_depth: usize,
    /// Most expensive query allowed (every field costs 1).
    pub max_complexity: usize,
    /// Answer `__schema` and `__type` queries (GraphiQL needs them).
    pub introspection: bool,
    /// Suggest field names in validation errors ("did you mean ...").
    pub suggestions: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 16,
            max_complexity: 20_000,
            introspection: true,
            suggestions: true,
        }
    }
}

/// Builds the schema with the given limits.
pub fn schema(limits: &Limits) -> StdSchema {
    let builder = Schema::build(
        query::QueryRoot::default(),
        mutation::MutationRoot::default(),
        subscription::SubscriptionRoot,
    )
    .limit_depth(limits.max_depth)
    .limit_complexity(limits.max_complexity);
    let builder = if limits.introspection {
        builder
    } else {
        builder.disable_introspection()
    };
    let builder = if limits.suggestions {
        builder
    } else {
        builder.disable_suggestions()
    };
    builder.finish()
}

/// The schema in GraphQL SDL; `schema.graphql` at the repository root is this text.
pub fn sdl() -> String {
    schema(&Limits::default()).sdl()
}

/// A GraphQL request parsed from HTTP, not yet executed.
pub struct GraphqlRequest(async_graphql::Request);

/// Why an HTTP body or query string is not a GraphQL request.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RequestError(pub String);

impl GraphqlRequest {
    /// Parses a JSON body `{"query": ..., "variables": ..., "operationName": ...}`.
    pub fn from_json(body: &[u8]) -> Result<Self, RequestError> {
        serde_json::from_slice::<async_graphql::Request>(body)
            .map(Self)
            .map_err(|e| RequestError(format!("the body is not a GraphQL request: {e}")))
    }

    /// Parses the query string of a GET request.
    pub fn from_query_string(query: &str) -> Result<Self, RequestError> {
        async_graphql::http::parse_query_string(query)
            .map(Self)
            .map_err(|e| RequestError(format!("the query string is not a GraphQL request: {e}")))
    }

    /// True when the operation to run is a mutation or subscription (not allowed over GET).
    pub fn is_write(&self) -> bool {
        let Ok(doc) = async_graphql::parser::parse_query(&self.0.query) else {
            return false;
        };
        let wanted = self.0.operation_name.as_deref();
        doc.operations.iter().any(|(name, op)| {
            let selected = wanted.is_none() || name.map(|n| n.as_str()) == wanted;
            selected && op.node.ty != async_graphql::parser::types::OperationType::Query
        })
    }

    pub fn operation_name(&self) -> Option<&str> {
        self.0.operation_name.as_deref()
    }
}

/// An executed request, serialized.
pub struct GraphqlResponse {
    /// The JSON body.
    pub body: Vec<u8>,
    /// True when the request failed before execution (parse or validation error): `data` is absent.
    pub request_failed: bool,
    /// True when the request was refused for its credentials (a wrong key, or none where one is
    /// required); HTTP answers 401.
    pub unauthenticated: bool,
}

/// Who may do what.
#[derive(Clone, Debug, Default)]
pub struct Access {
    pub keys: Keys,
    /// Queries and subscriptions need a key too (any role); by default they are open.
    pub reads_require_key: bool,
}

/// The API: the schema and the application it reads.
#[derive(Clone)]
pub struct Api {
    schema: StdSchema,
    app: Arc<App>,
    access: Arc<Access>,
}

/// Why credentials were refused.
const BAD_KEY: &str =
    "the API key is not valid: send `Authorization: Bearer <key>` with a configured key";
const KEY_REQUIRED: &str =
    "this server requires an API key for every request: send `Authorization: Bearer <key>`";

impl Api {
    pub fn new(app: Arc<App>, limits: &Limits, access: Access) -> Self {
        Self {
            schema: schema(limits),
            app,
            access: Arc::new(access),
        }
    }

    /// Who presents `authorization` (an `Authorization` header value, or the same in a WebSocket's
    /// connection parameters): `Ok(None)` for nobody, an error message for a key that is not valid
    /// or for nobody where reads require a key.
    fn caller(&self, authorization: Option<&str>) -> Result<Option<Principal>, &'static str> {
        let principal = match authorization {
            None => None,
            Some(header) => match crate::auth::bearer(header)
                .and_then(|key| self.access.keys.authenticate(key))
            {
                Some(p) => Some(p),
                None => return Err(BAD_KEY),
            },
        };
        if principal.is_none() && self.access.reads_require_key {
            return Err(KEY_REQUIRED);
        }
        Ok(principal)
    }

    /// Executes a request against the current snapshot, on behalf of whoever presents
    /// `authorization` (the `Authorization` header).
    pub async fn execute(
        &self,
        request: GraphqlRequest,
        authorization: Option<&str>,
    ) -> GraphqlResponse {
        let caller = match self.caller(authorization) {
            Ok(caller) => caller,
            Err(message) => return refused(message),
        };
        let request = request
            .0
            .data(self.app.snapshot())
            .data(self.app.clone())
            .data(mutation::Caller(caller));
        let mut response = self.schema.execute(request).await;
        // Parse and validation errors carry no path; errors raised while executing a field do.
        let request_failed = response.data == async_graphql::Value::Null
            && response.is_err()
            && response.errors.iter().all(|e| e.path.is_empty());
        for e in &mut response.errors {
            ensure_code(e);
        }
        let mut value =
            serde_json::to_value(&response).expect("GraphQL responses always serialize");
        if request_failed && let Some(obj) = value.as_object_mut() {
            // A request that never executed has no `data` entry at all (GraphQL over HTTP, 6.4.1).
            obj.remove("data");
        }
        let body = serde_json::to_vec(&value).expect("JSON values always serialize");
        GraphqlResponse {
            body,
            request_failed,
            unauthenticated: false,
        }
    }

    /// Executes a query given as text with JSON variables; for tests and the CLI.
    pub async fn execute_json(
        &self,
        query: &str,
        variables: serde_json::Value,
    ) -> serde_json::Value {
        self.execute_json_as(query, variables, None).await
    }

    /// Like [`Api::execute_json`], with an `Authorization` header value.
    pub async fn execute_json_as(
        &self,
        query: &str,
        variables: serde_json::Value,
        authorization: Option<&str>,
    ) -> serde_json::Value {
        let request = async_graphql::Request::new(query)
            .variables(async_graphql::Variables::from_json(variables));
        let response = self.execute(GraphqlRequest(request), authorization).await;
        serde_json::from_slice(&response.body).expect("the API writes JSON")
    }
}

/// The answer to a request refused for its credentials.
fn refused(message: &str) -> GraphqlResponse {
    let body = serde_json::json!({
        "errors": [{"message": message, "extensions": {"code": Code::Unauthenticated.as_str()}}]
    });
    GraphqlResponse {
        body: body.to_string().into_bytes(),
        request_failed: true,
        unauthenticated: true,
    }
}

/// Errors raised by async-graphql itself (syntax, validation, variable coercion, limits) carry no code;
/// they are all the client's to fix.
fn ensure_code(e: &mut ServerError) {
    let has_code = e
        .extensions
        .as_ref()
        .is_some_and(|x| x.get("code").is_some());
    if !has_code {
        e.extensions
            .get_or_insert_with(Default::default)
            .set("code", Code::InvalidInput.as_str());
    }
}

/// The GraphiQL page, pointed at `endpoint`.
pub fn graphiql_html(endpoint: &str) -> String {
    async_graphql::http::GraphiQLSource::build()
        .endpoint(endpoint)
        .subscription_endpoint(endpoint)
        .title("stdgraph GraphiQL")
        .finish()
}
