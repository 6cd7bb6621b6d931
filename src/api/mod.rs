//! The GraphQL API: the only module that names async-graphql.
//!
//! [`Api`] owns the schema and answers requests against the snapshot current when each request
//! starts. A transport hands it a request and gets back, from [`Api::prepare`] and [`Api::run`]
//! (`request.rs`), an [`Outcome`]: how the request ended, with its body. Transports never see
//! async-graphql types, except that `http` extracts request bodies with async-graphql-axum and
//! hands the result here.

mod analytics;
mod complexity;
mod enums;
mod error;
mod explore;
mod export;
mod filters;
mod guard;
mod history;
mod ingest;
mod inputs;
mod mutation;
mod nodes;
mod page;
mod persisted;
mod plan;
mod query;
mod request;
mod scalars;
mod scope;
mod subscription;
mod websocket;

use std::sync::Arc;

use async_graphql::Schema;

use crate::app::App;
use crate::app::long_reads::{LongReadLimits, LongReads, Refused};
use crate::auth::{Keys, Principal};

pub use error::{Code, error_body};
pub use export::Export;
pub use request::{
    GraphqlRequest, Method, OperationKind, Outcome, Prepared, Rejection, RequestError,
};
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
    /// Largest text `ingest` reads, in bytes (after base64 decoding).
    pub ingest_max_bytes: usize,
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
            ingest_max_bytes: config.ingest_max_bytes,
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
    .limit_recursive_depth(limits.max_recursive_depth)
    .data(ingest::IngestLimit(limits.ingest_max_bytes));
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
        max_depth: limits.max_depth,
        max_directives: limits.max_directives,
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

/// Runs `work` (a whole-graph computation or another long read) on the long-read pool, with the
/// request's deadline, without holding an async worker.
pub(crate) async fn long_read<T: Send + 'static>(
    ctx: &async_graphql::Context<'_>,
    work: impl FnOnce(&crate::graph::Deadline) -> async_graphql::Result<T> + Send + 'static,
) -> async_graphql::Result<T> {
    let scope = scope::scope(ctx)?;
    match scope.long_reads.run(scope.deadline.clone(), work).await {
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
    known: Arc<request::KnownQueries>,
    /// Compiled plans answer the queries they cover (on unless turned off; see `plan`).
    plans: Arc<plan::Plans>,
    persisted: Arc<persisted::PersistedQueries>,
    /// Where analytics, path searches and other long reads run (see `app::long_reads`).
    long_reads: Arc<LongReads>,
}

/// Why credentials were refused.
const BAD_KEY: &str =
    "the API key is not valid: send `Authorization: Bearer <key>` with a configured key";
const KEY_REQUIRED: &str =
    "this server requires an API key for every request: send `Authorization: Bearer <key>`";

impl Api {
    /// The API over `app`, with the default long-read pool (tests, benchmarks, tools).
    pub fn new(app: Arc<App>, limits: &Limits, access: Access) -> Self {
        Self::with_long_reads(app, limits, access, LongReadLimits::default())
    }

    /// [`Api::new`], with long reads run under `long_reads` (threads, queue, timeout).
    pub fn with_long_reads(
        app: Arc<App>,
        limits: &Limits,
        access: Access,
        long_reads: LongReadLimits,
    ) -> Self {
        Self {
            schema: guarded_schema(limits),
            app,
            access: Arc::new(access),
            known: Arc::default(),
            plans: Arc::new(plan::Plans::new(true)),
            persisted: Arc::default(),
            long_reads: Arc::new(
                LongReads::start(long_reads).expect("the system can start the long-read threads"),
            ),
        }
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

    /// The same API, with compiled plans turned on or off. Answers are the same either way; off is
    /// for comparing the two and for ruling plans out when something looks wrong.
    pub fn with_plans(mut self, on: bool) -> Self {
        self.plans = Arc::new(plan::Plans::new(on));
        self
    }

    /// How many requests compiled plans answered, and how many they declined to answer.
    pub fn plan_counts(&self) -> (u64, u64) {
        self.plans.counts()
    }

    /// Who presents `authorization` (an `Authorization` header value, or the same in a WebSocket's
    /// connection parameters), or why they are refused (a wrong key, or none where reads require
    /// one). The key is hashed and looked up once; the answer serves both the rate limits (by key
    /// holder) and execution.
    pub(crate) fn credentials(
        &self,
        authorization: Option<&str>,
    ) -> Result<Option<Principal>, &'static str> {
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

    /// The name of the valid key `authorization` presents (`None` without one), or why it is
    /// refused; for routes other than GraphQL.
    pub fn key_holder(&self, authorization: Option<&str>) -> Result<Option<String>, &'static str> {
        self.credentials(authorization)
            .map(|caller| caller.map(|p| p.name))
    }

    /// Whether the server should get traffic: `Err` with the reason once shutdown has begun or
    /// after a storage failure (the store then refuses writes until a restart).
    pub fn readiness(&self) -> Result<(), &'static str> {
        if !self.app.is_open() {
            Err("shutting down")
        } else if !self.app.is_writable() {
            Err("the store refuses writes after a failed write; restart the server")
        } else {
            Ok(())
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
        let body = self
            .execute(request.into(), authorization)
            .await
            .into_body();
        serde_json::from_slice(&body).expect("the API writes JSON")
    }
}
