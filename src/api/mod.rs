//! The GraphQL API: the only module that names async-graphql.
//!
//! [`Api`] owns the schema and executes requests against the snapshot current when each request starts.
//! The HTTP layer hands it parsed requests and gets back bytes and a flag saying whether the request
//! itself was bad; it never sees async-graphql types.

mod analytics;
mod complexity;
mod enums;
mod error;
mod explore;
mod filters;
mod guard;
mod history;
mod inputs;
mod mutation;
mod nodes;
mod page;
mod persisted;
mod plan;
mod query;
mod scalars;
mod subscription;
mod websocket;

use std::sync::{Arc, OnceLock};

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Schema, ServerError};

use crate::app::App;
use crate::app::long_reads::{LongReadLimits, LongReads, Refused};
use crate::auth::{Keys, Principal};

pub use error::Code;
pub use websocket::{WEBSOCKET_PROTOCOLS, WsConnection};

/// The schema type.
pub type StdSchema =
    Schema<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot>;

/// Limits on what one query may ask for.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Deepest nesting of selection sets.
    pub max_depth: usize,
    /// Most expensive query allowed: every field costs 1, and a page costs its fields times `first`
    /// (50 when not given).
    pub max_complexity: usize,
    /// Most aliases in one document (alias overloading).
    pub max_aliases: usize,
    /// Most field selections in one document, fragments included (field duplication).
    pub max_selections: usize,
    /// Largest `first` a query may ask for.
    pub max_page_size: usize,
    /// Most directives on one field (directive overloading).
    pub max_directives: usize,
    /// Deepest recursion of the parser and validator over nested values and selections.
    pub max_recursive_depth: usize,
    /// Answer `__schema` and `__type` queries (GraphiQL needs them).
    pub introspection: bool,
    /// Suggest field names in validation errors ("did you mean ...").
    pub suggestions: bool,
}

impl From<&crate::config::Config> for Limits {
    fn from(config: &crate::config::Config) -> Self {
        Self {
            max_depth: config.max_depth,
            max_complexity: config.max_complexity,
            max_aliases: config.max_aliases,
            max_selections: config.max_selections,
            max_page_size: config.max_page_size,
            max_directives: config.max_directives,
            max_recursive_depth: config.max_recursive_depth,
            introspection: !config.disable_introspection,
            suggestions: !config.disable_suggestions,
        }
    }
}

impl Default for Limits {
    /// The limits of [`Config::default`](crate::config::Config).
    fn default() -> Self {
        Self::from(&crate::config::Config::default())
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
    .limit_complexity(limits.max_complexity)
    .limit_directives(limits.max_directives)
    .limit_recursive_depth(limits.max_recursive_depth);
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

/// The schema and the document limits checked before it runs anything.
fn guarded_schema(limits: &Limits) -> guard::GuardedSchema {
    let schema = schema(limits);
    guard::GuardedSchema {
        shape: Arc::default(),
        max_complexity: limits.max_complexity,
        schema,
        limits: guard::DocumentLimits {
            max_aliases: limits.max_aliases,
            max_selections: limits.max_selections,
            max_page_size: limits.max_page_size.min(page::HARD_MAX_PAGE_SIZE),
            max_recursive_depth: limits.max_recursive_depth,
        },
    }
}

/// The schema's description: the first thing GraphiQL's documentation shows, and what
/// `{ __schema { description } }` answers.
pub const SCHEMA_DESCRIPTION: &str = "stdgraph: what standardization newsletters report (agencies, \
technical committees, standards, events, MoUs, policy documents, people and topics, and how they \
relate) as a typed graph, every fact with the newsletter article it comes from. Start with `search`, \
a lookup such as `standard(code:)` or `agency(ref:)`, or a list such as `standards(filter:)`.";

/// The schema in GraphQL SDL; `schema.graphql` at the repository root is this text. async-graphql
/// writes no schema description, so it is added before the `schema` definition.
pub fn sdl() -> String {
    with_schema_description(&schema(&Limits::default()).sdl())
}

fn with_schema_description(sdl: &str) -> String {
    match sdl.rfind("\nschema {") {
        Some(at) => format!(
            "{}\n\"\"\"\n{SCHEMA_DESCRIPTION}\n\"\"\"{}",
            &sdl[..at],
            &sdl[at..]
        ),
        None => sdl.to_owned(),
    }
}

/// A GraphQL request parsed from HTTP, not yet executed.
pub struct GraphqlRequest {
    request: async_graphql::Request,
    /// What the server knows about this query text, once [`Api::reuse_parsed`] looked it up.
    known: Option<Arc<Known>>,
}

/// Why an HTTP body or query string is not a GraphQL request.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RequestError(pub String);

impl GraphqlRequest {
    /// Parses a JSON body `{"query": ..., "variables": ..., "operationName": ...}`.
    pub fn from_json(body: &[u8]) -> Result<Self, RequestError> {
        serde_json::from_slice::<async_graphql::Request>(body)
            .map(Self::new)
            .map_err(|e| RequestError(format!("the body is not a GraphQL request: {e}")))
    }

    /// Parses the query string of a GET request: `query`, `operationName`, and `variables` and
    /// `extensions` as JSON. (async-graphql's own parser reads `operation_name` instead of
    /// `operationName`, so it is not used.)
    pub fn from_query_string(query: &str) -> Result<Self, RequestError> {
        let bad =
            |e: String| RequestError(format!("the query string is not a GraphQL request: {e}"));
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|e| bad(e.to_string()))?;
        let mut request = async_graphql::Request::new("");
        let mut seen = std::collections::HashSet::new();
        for (name, value) in pairs {
            if !seen.insert(name.clone()) {
                return Err(bad(format!("`{name}` is given twice")));
            }
            let json = |what: &str| {
                serde_json::from_str::<serde_json::Value>(&value)
                    .map_err(|e| bad(format!("`{what}` is not JSON: {e}")))
            };
            match name.as_str() {
                "query" => request.query = value.clone(),
                "operationName" => request.operation_name = Some(value.clone()),
                "variables" => {
                    request.variables = async_graphql::Variables::from_json(json("variables")?)
                }
                "extensions" => {
                    request.extensions = serde_json::from_value(json("extensions")?)
                        .map_err(|e| bad(format!("`extensions` must be an object: {e}")))?
                }
                _ => {}
            }
        }
        Ok(Self::new(request))
    }

    fn new(request: async_graphql::Request) -> Self {
        Self {
            request,
            known: None,
        }
    }

    /// The compiled plan that answers this request, if its text has one and it asks for the plan's
    /// operation.
    fn plan(&self) -> Option<&Arc<plan::Plan>> {
        let plan = self.known.as_ref()?.plan.get()?.as_ref()?;
        plan.serves(self.request.operation_name.as_deref())
            .then_some(plan)
    }

    /// What the selected operation is: `query`, `mutation` or `subscription`; `unknown` when the
    /// document does not parse or names no such operation (execution then reports why).
    pub fn operation_type(&mut self) -> &'static str {
        self.describe().0
    }

    /// The operation's type and name: the `operationName` given, or else the name the document gives
    /// its only operation. The parsed document stays in the request, so execution does not parse it
    /// again.
    pub fn describe(&mut self) -> (&'static str, Option<String>) {
        use async_graphql::parser::types::OperationType;
        if let Some(plan) = self.plan() {
            return ("query", plan.operation_name().map(str::to_owned));
        }
        let given = self.request.operation_name.clone();
        let Ok(doc) = self.request.parsed_query() else {
            return ("unknown", given);
        };
        let wanted = given.as_deref();
        // Without an operation name, a document with several operations fails at execution; until
        // then it counts as the most dangerous thing it could be.
        let candidates: Vec<(Option<String>, OperationType)> = doc
            .operations
            .iter()
            .filter(|(name, _)| wanted.is_none() || name.map(|n| n.as_str()) == wanted)
            .map(|(name, op)| (name.map(|n| n.to_string()), op.node.ty))
            .collect();
        let has = |ty| candidates.iter().any(|(_, t)| *t == ty);
        let ty = if has(OperationType::Subscription) {
            "subscription"
        } else if has(OperationType::Mutation) {
            "mutation"
        } else if has(OperationType::Query) {
            "query"
        } else {
            "unknown"
        };
        let name = match (given, candidates.as_slice()) {
            (Some(name), _) => Some(name),
            (None, [(name, _)]) => name.clone(),
            (None, _) => None,
        };
        (ty, name)
    }

    /// False when the request names no query text: none was sent (a body of `{}`, a misspelt key)
    /// and no persisted query stood for one.
    pub fn has_query(&self) -> bool {
        !self.request.query.trim().is_empty()
    }

    /// True when the operation to run is a mutation or subscription (not allowed over GET).
    pub fn is_write(&mut self) -> bool {
        matches!(self.operation_type(), "mutation" | "subscription")
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
    /// Why a request that failed before execution was refused (`parse`, `validation`, `depth`,
    /// `complexity`, `aliases`, ...), for metrics.
    pub rejection: Option<&'static str>,
    /// True when the response carries errors.
    pub has_errors: bool,
    /// True when a field was refused for want of a key (a mutation sent without one): HTTP still
    /// answers 200, since the request itself was fine, but metrics and logs count it as
    /// `unauthenticated`, not as an error.
    pub needs_key: bool,
    /// True when a long read was refused because every worker was busy and the queue full; HTTP
    /// answers 503 with `Retry-After`.
    pub busy: bool,
}

/// Runs `work` (a whole-graph computation or another long read) on the long-read pool, with the
/// request's deadline, without holding an async worker.
pub(crate) async fn long_read<T: Send + 'static>(
    ctx: &async_graphql::Context<'_>,
    work: impl FnOnce(&crate::graph::Deadline) -> async_graphql::Result<T> + Send + 'static,
) -> async_graphql::Result<T> {
    let Some(pool) = ctx.data_opt::<Arc<LongReads>>() else {
        tracing::error!("a long read was asked for where no long-read pool is set up");
        return Err(error::error(
            Code::Internal,
            "the computation failed; see the server log",
        ));
    };
    let deadline = ctx
        .data_opt::<crate::graph::Deadline>()
        .cloned()
        .unwrap_or_else(|| pool.deadline());
    match pool.run(deadline, work).await {
        Ok(answer) => answer,
        Err(Refused::Busy) => Err(error::busy()),
        Err(Refused::Cancelled) => Err(error::interrupted(crate::graph::Interrupted::Cancelled)),
        Err(Refused::Panicked) => {
            tracing::error!("a long read panicked");
            Err(error::error(
                Code::Internal,
                "the computation failed; see the server log",
            ))
        }
    }
}

/// The outcome of checking a request's credentials: who it comes from (nobody, or a key holder), or
/// why it is refused.
pub struct Credentials(Result<Option<Principal>, &'static str>);

impl Credentials {
    /// The name of the valid key presented, if any.
    pub fn holder(&self) -> Option<&str> {
        match &self.0 {
            Ok(Some(p)) => Some(&p.name),
            _ => None,
        }
    }

    /// Why the credentials are refused (a wrong key, or none where reads require one), if they are.
    pub fn refusal(&self) -> Option<&'static str> {
        self.0.as_ref().err().copied()
    }
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
    schema: guard::GuardedSchema,
    app: Arc<App>,
    access: Arc<Access>,
    known: Arc<KnownQueries>,
    /// Compiled plans answer the queries they cover (on unless turned off; see `plan`).
    plans: bool,
    plan_counts: Arc<PlanCounts>,
    persisted: Arc<persisted::PersistedQueries>,
    /// Where analytics, path searches and other long reads run (see `app::long_reads`).
    long_reads: Arc<LongReads>,
}

/// Query texts seen recently, by text: clients send the same few queries again and again, and
/// parsing is a fifth of a small query's cost. Bounded; emptied when full.
#[derive(Default)]
pub struct KnownQueries(std::sync::Mutex<foldhash::HashMap<String, Arc<Known>>>);

/// A query text seen before: its parsed document and, once it has run without errors, its plan.
pub struct Known {
    doc: ExecutableDocument,
    /// Decided after the first run without errors: the compiled plan, or `None` when plans do not
    /// cover the document (see `plan`).
    plan: OnceLock<Option<Arc<plan::Plan>>>,
}

/// How many query texts are kept.
const KNOWN_QUERIES: usize = 512;
/// Longer queries are not kept (and are rarely sent twice).
const MAX_KEPT_QUERY_BYTES: usize = 4 * 1024;

impl KnownQueries {
    /// What is known about `request`'s text: looked up, or parsed and kept. A text that does not
    /// parse is left for execution to report.
    fn lookup(&self, request: &mut async_graphql::Request) -> Option<Arc<Known>> {
        if request.query.len() > MAX_KEPT_QUERY_BYTES {
            return None;
        }
        let kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&request.query)
            .cloned();
        if kept.is_some() {
            return kept;
        }
        let doc = request.parsed_query().ok()?.clone();
        let known = Arc::new(Known {
            doc,
            plan: OnceLock::new(),
        });
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= KNOWN_QUERIES {
            map.clear();
        }
        map.insert(request.query.clone(), known.clone());
        Some(known)
    }
}

/// How often compiled plans answered, and how often one declined to.
#[derive(Default)]
struct PlanCounts {
    answered: std::sync::atomic::AtomicU64,
    declined: std::sync::atomic::AtomicU64,
}

/// Why credentials were refused.
const BAD_KEY: &str =
    "the API key is not valid: send `Authorization: Bearer <key>` with a configured key";
const KEY_REQUIRED: &str =
    "this server requires an API key for every request: send `Authorization: Bearer <key>`";

impl Api {
    pub fn new(app: Arc<App>, limits: &Limits, access: Access) -> Self {
        Self {
            schema: guarded_schema(limits),
            app,
            access: Arc::new(access),
            known: Arc::default(),
            plans: true,
            plan_counts: Arc::default(),
            persisted: Arc::default(),
            long_reads: Arc::new(
                LongReads::start(LongReadLimits::default())
                    .expect("the system can start the long-read threads"),
            ),
        }
    }

    /// The same API, with long reads run under `limits` (threads, queue, timeout).
    pub fn with_long_reads(mut self, limits: LongReadLimits) -> Self {
        self.long_reads =
            Arc::new(LongReads::start(limits).expect("the system can start the long-read threads"));
        self
    }

    /// Runs `work` on the long-read pool with a request's deadline (for long reads outside GraphQL,
    /// such as exports).
    pub async fn long_read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&crate::graph::Deadline) -> T + Send + 'static,
    ) -> Result<T, Refused> {
        self.long_reads.run(self.long_reads.deadline(), work).await
    }

    /// Stops every long read, running or waiting (the server is shutting down): each answers
    /// `UNAVAILABLE` at once instead of holding the shutdown up.
    pub fn cancel_long_reads(&self) {
        self.long_reads.cancel_all();
    }

    /// Resolves an automatic persisted query (`extensions.persistedQuery`): a bare hash gets the
    /// query kept for it, a query sent with its hash is checked and kept. Call before anything reads
    /// the query. A refusal is the whole answer to the request.
    pub fn resolve_persisted(&self, request: &mut GraphqlRequest) -> Result<(), GraphqlResponse> {
        self.persisted
            .resolve(&mut request.request)
            .map_err(|refusal| request_error(&refusal.message, refusal.code, "persisted_query"))
    }

    /// The same API, with compiled plans turned on or off. Answers are the same either way; off is
    /// for comparing the two and for ruling plans out when something looks wrong.
    pub fn with_plans(mut self, on: bool) -> Self {
        self.plans = on;
        self
    }

    /// How many requests compiled plans answered, and how many they declined to answer.
    pub fn plan_counts(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (
            self.plan_counts.answered.load(Relaxed),
            self.plan_counts.declined.load(Relaxed),
        )
    }

    /// Looks the request's text up among recent queries (parsing and keeping it when new), so
    /// neither `describe` nor execution parses it again, and a compiled plan can answer it.
    pub fn reuse_parsed(&self, request: &mut GraphqlRequest) {
        if request.known.is_some() {
            return;
        }
        request.known = self.known.lookup(&mut request.request);
        if request.plan().is_none()
            && let Some(known) = &request.known
        {
            request.request.set_parsed_query(known.doc.clone());
        }
    }

    /// Who presents `authorization` (an `Authorization` header value, or the same in a WebSocket's
    /// connection parameters). The key is hashed and looked up once; the answer serves both the
    /// rate limits (by key holder) and execution.
    pub fn credentials(&self, authorization: Option<&str>) -> Credentials {
        let principal = match authorization {
            None => None,
            Some(header) => match crate::auth::bearer(header)
                .and_then(|key| self.access.keys.authenticate(key))
            {
                Some(p) => Some(p),
                None => return Credentials(Err(BAD_KEY)),
            },
        };
        if principal.is_none() && self.access.reads_require_key {
            return Credentials(Err(KEY_REQUIRED));
        }
        Credentials(Ok(principal))
    }

    /// Executes a request against the current snapshot, on behalf of whoever `credentials` name.
    pub async fn execute(
        &self,
        mut request: GraphqlRequest,
        credentials: Credentials,
    ) -> GraphqlResponse {
        let caller = match credentials.0 {
            Ok(caller) => caller,
            Err(message) => return refused(message),
        };
        self.reuse_parsed(&mut request);
        let snapshot = self.app.snapshot();
        if let Some(plan) = request.plan().cloned() {
            if self.plans {
                use std::sync::atomic::Ordering::Relaxed;
                match plan.run(&snapshot, &request.request.variables) {
                    Ok(body) => {
                        self.plan_counts.answered.fetch_add(1, Relaxed);
                        return GraphqlResponse {
                            body,
                            request_failed: false,
                            unauthenticated: false,
                            rejection: None,
                            has_errors: false,
                            needs_key: false,
                            busy: false,
                        };
                    }
                    Err(plan::Declined) => {
                        self.plan_counts.declined.fetch_add(1, Relaxed);
                    }
                }
            }
            // async-graphql answers instead, from the document `reuse_parsed` left out of the
            // request while a plan was to answer.
            if let Some(known) = &request.known {
                request.request.set_parsed_query(known.doc.clone());
            }
        }
        let known = request.known.take();
        // A text without a decision yet gets one after this run; its variables set the plan's
        // page-size budgets.
        let undecided = known
            .as_ref()
            .filter(|known| self.plans && known.plan.get().is_none());
        let variables = undecided.map(|_| request.request.variables.clone());
        let request = request
            .request
            .data(snapshot)
            .data(self.app.clone())
            .data(self.long_reads.clone())
            .data(self.long_reads.deadline())
            .data(mutation::Caller(caller));
        let mut response = self.schema.execute(request).await;
        // Parse and validation errors carry no path; errors raised while executing a field do.
        let request_failed = response.data == async_graphql::Value::Null
            && response.is_err()
            && response.errors.iter().all(|e| e.path.is_empty());
        for e in &mut response.errors {
            ensure_code(e);
        }
        let rejection = request_failed.then(|| rejection_reason(&response.errors));
        let has_errors = !response.errors.is_empty();
        let extension = |e: &ServerError, name: &str, value: &str| {
            e.extensions.as_ref().and_then(|x| x.get(name))
                == Some(&async_graphql::Value::from(value))
        };
        let needs_key = response
            .errors
            .iter()
            .any(|e| extension(e, "code", Code::Unauthenticated.as_str()));
        let busy = response
            .errors
            .iter()
            .any(|e| extension(e, "reason", error::BUSY_REASON));
        if let (Some(known), Some(variables)) = (&known, &variables)
            && !has_errors
        {
            // Validated and run cleanly: from now on the text's plan (if plans cover it) answers.
            known
                .plan
                .get_or_init(|| plan::compile(&known.doc, variables).ok().map(Arc::new));
        }
        let body = if request_failed {
            // A request that never executed has no `data` entry at all (GraphQL over HTTP, 6.4.1).
            let mut value =
                serde_json::to_value(&response).expect("GraphQL responses always serialize");
            if let Some(obj) = value.as_object_mut() {
                obj.remove("data");
            }
            serde_json::to_vec(&value).expect("JSON values always serialize")
        } else {
            serde_json::to_vec(&response).expect("GraphQL responses always serialize")
        };
        GraphqlResponse {
            body,
            request_failed,
            unauthenticated: false,
            rejection,
            has_errors,
            needs_key,
            busy,
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
        let credentials = self.credentials(authorization);
        let response = self
            .execute(GraphqlRequest::new(request), credentials)
            .await;
        serde_json::from_slice(&response.body).expect("the API writes JSON")
    }

    // --- provisional (WebSocket branch): engineer B's `Api::with_scope` replaces this body. ---
    /// The request with what one operation reads: the snapshot current now, the app,
    /// the long-read pool with a deadline that starts now, and who `caller` is.
    pub fn with_scope(
        &self,
        request: async_graphql::Request,
        caller: Option<Principal>,
    ) -> async_graphql::Request {
        request
            .data(self.app.snapshot())
            .data(self.app.clone())
            .data(self.long_reads.clone())
            .data(self.long_reads.deadline())
            .data(mutation::Caller(caller))
    }
    // --- end provisional ---
}

/// The answer to a request refused for its credentials.
fn refused(message: &str) -> GraphqlResponse {
    GraphqlResponse {
        unauthenticated: true,
        ..request_error(message, Code::Unauthenticated.as_str(), "unauthenticated")
    }
}

/// The answer to a request refused before execution: one error with its code, and no `data`.
fn request_error(message: &str, code: &str, rejection: &'static str) -> GraphqlResponse {
    let body = serde_json::json!({
        "errors": [{"message": message, "extensions": {"code": code}}]
    });
    GraphqlResponse {
        body: body.to_string().into_bytes(),
        request_failed: true,
        unauthenticated: false,
        rejection: Some(rejection),
        has_errors: true,
        needs_key: false,
        busy: false,
    }
}

/// Why a request failed before execution, from its first error.
fn rejection_reason(errors: &[ServerError]) -> &'static str {
    let Some(e) = errors.first() else {
        return "validation";
    };
    let limit = e
        .extensions
        .as_ref()
        .and_then(|x| x.get("limit"))
        .and_then(|v| match v {
            async_graphql::Value::String(s) => Some(s.clone()),
            _ => None,
        });
    match limit.as_deref() {
        Some("aliases") => return "aliases",
        Some("selections") => return "selections",
        Some("page_size") => return "page_size",
        Some("complexity") => return "complexity",
        _ => {}
    }
    let m = e.message.as_str();
    if m.contains("nested too deep") {
        "depth"
    } else if m.contains("too complex") {
        "complexity"
    } else if m.contains("directives") {
        "directives"
    } else if m.contains("recursive depth") || m.contains("recursion") {
        "recursion"
    } else if m.starts_with(" --> ") {
        "parse"
    } else {
        "validation"
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
