//! The HTTP server: the only module that names axum, tower or hyper.
//!
//! `/graphql` speaks GraphQL over HTTP (POST with a JSON body; GET for queries only) and over WebSocket;
//! `/graphiql` serves GraphiQL and `/explore` the graph explorer (both built from `web/`, see `web.rs`);
//! `/export/*` writes the graph for analytics tools; `/health`, `/ready` and `/metrics` are for
//! operators. The GraphQL handler is written here rather than taken from async-graphql-axum so that it
//! refuses what it must: non-JSON POST bodies (415, which also closes the CSRF path of form posts),
//! mutations over GET (405), oversized bodies (413). Around it: a limit on requests in flight that
//! sheds load with 503 (`shed_load`), per-client rate limits with 429 (`ratelimit`), and an accept loop
//! with header timeouts and a connection cap (`serve`).

mod metrics;
pub mod ratelimit;
mod serve;
mod web;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::Bytes;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::ws::{CloseFrame, Message, WebSocketUpgrade};
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path as UrlPath, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get};
use axum::{Extension, Router};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use futures_util::{SinkExt, StreamExt};

use self::metrics::RequestMetrics;
use self::ratelimit::{Class, Quotas, RateLimiter};
use crate::api::{Access, Api, Code, GraphqlRequest, GraphqlResponse, Limits, WEBSOCKET_PROTOCOLS};
use crate::app::App;
use crate::app::long_reads::{LongReadLimits, Refused};
use crate::auth::Keys;
use crate::config::Config;
use crate::interchange::export::{self, Format};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// What every handler can reach.
#[derive(Clone)]
struct AppState {
    api: Api,
    app: Arc<App>,
    metrics: Arc<RequestMetrics>,
    limiter: Arc<RateLimiter>,
    in_flight: Arc<Semaphore>,
}

/// The peer address, when the request came through [`serve::serve`].
type Peer = Option<Extension<ConnectInfo<SocketAddr>>>;

impl AppState {
    /// Who a request counts against: the holder of a valid key, or else the IP address.
    fn client(holder: Option<&str>, peer: &Peer) -> String {
        match holder {
            Some(name) => format!("key:{name}"),
            None => match peer {
                Some(Extension(ConnectInfo(addr))) => format!("ip:{}", addr.ip()),
                None => "ip:unknown".to_owned(),
            },
        }
    }

    /// Takes a token from the client's bucket, or answers 429.
    fn rate_limit(
        &self,
        class: Class,
        headers: &HeaderMap,
        holder: Option<&str>,
        peer: &Peer,
    ) -> Result<(), Box<Response>> {
        let client = Self::client(holder, peer);
        self.limiter.check(class, &client).map_err(|wait| {
            self.metrics.rejected("rate_limited");
            let secs = wait.as_secs().max(1);
            let message = format!(
                "too many {} requests from this client; retry in {secs} s",
                class.as_str()
            );
            let mut response = coded_error(
                headers,
                StatusCode::TOO_MANY_REQUESTS,
                Code::RateLimited,
                &message,
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            Box::new(response)
        })
    }
}

/// Answers 503 at once when `max_concurrent_requests` requests are already executing, rather than
/// queueing without bound.
async fn shed_load(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let Ok(_permit) = state.in_flight.clone().try_acquire_owned() else {
        state.metrics.rejected("overloaded");
        let mut response = coded_error(
            request.headers(),
            StatusCode::SERVICE_UNAVAILABLE,
            Code::Unavailable,
            "the server is at its limit of requests in flight; retry shortly",
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    next.run(request).await
}

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteAccess {
    /// Open to anyone, always: pages and files without graph data, `/health`, `/ready` and
    /// `/metrics` (counts, not data; see README, "Operating it").
    Public,
    /// Returns graph data: when reads require a key (`--reads-require-key`), a request without a
    /// valid key gets 401 with a Bearer challenge, as GraphQL reads do.
    Reads,
}

/// A route of the router: [`router`] is built from [`ROUTES`] and nothing else, so every route
/// states who may call it, and tests walk them all.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    /// The path pattern, as axum matches it.
    pub path: &'static str,
    pub access: RouteAccess,
    /// Requests (path and query) this route answers, for tests to try; a `Reads` route answers
    /// each with 200 when the caller may read.
    pub examples: &'static [&'static str],
    endpoint: Endpoint,
}

/// What answers a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    Graphql,
    Export,
    Graphiql,
    Explore,
    Asset,
    Root,
    Health,
    Ready,
    Metrics,
}

/// Every route the server answers.
pub const ROUTES: &[Route] = &[
    Route {
        path: "/graphql",
        access: RouteAccess::Reads,
        examples: &["/graphql?query=%7Bstats%7Bnodes%7D%7D"],
        endpoint: Endpoint::Graphql,
    },
    Route {
        path: "/export/{file}",
        access: RouteAccess::Reads,
        examples: &[
            "/export/graph.json",
            "/export/graph.graphml",
            "/export/nodes.csv",
            "/export/edges.csv",
        ],
        endpoint: Endpoint::Export,
    },
    Route {
        path: "/graphiql",
        access: RouteAccess::Public,
        examples: &["/graphiql"],
        endpoint: Endpoint::Graphiql,
    },
    Route {
        path: "/explore",
        access: RouteAccess::Public,
        examples: &["/explore"],
        endpoint: Endpoint::Explore,
    },
    Route {
        path: "/assets/{*path}",
        access: RouteAccess::Public,
        // Asset names carry a content hash; a missing one is answered 404 like any other.
        examples: &["/assets/no-such-asset.js"],
        endpoint: Endpoint::Asset,
    },
    Route {
        path: "/",
        access: RouteAccess::Public,
        examples: &["/"],
        endpoint: Endpoint::Root,
    },
    Route {
        path: "/health",
        access: RouteAccess::Public,
        examples: &["/health"],
        endpoint: Endpoint::Health,
    },
    Route {
        path: "/ready",
        access: RouteAccess::Public,
        examples: &["/ready"],
        endpoint: Endpoint::Ready,
    },
    Route {
        path: "/metrics",
        access: RouteAccess::Public,
        examples: &["/metrics"],
        endpoint: Endpoint::Metrics,
    },
];

impl Endpoint {
    fn method_router(self) -> MethodRouter<AppState> {
        match self {
            Endpoint::Graphql => get(graphql_get).post(graphql_post),
            Endpoint::Export => get(export),
            Endpoint::Graphiql => get(graphiql),
            Endpoint::Explore => get(explore),
            Endpoint::Asset => get(web::asset),
            Endpoint::Root => get(|| async { Redirect::temporary("/graphiql") }),
            Endpoint::Health => get(|| async { "ok" }),
            Endpoint::Ready => get(ready),
            Endpoint::Metrics => get(metrics_text),
        }
    }

    /// GraphQL checks credentials itself, per operation, so that metrics and logs name the
    /// operation refused (and WebSocket clients may send their key in `connection_init`).
    fn checks_credentials_itself(self) -> bool {
        self == Endpoint::Graphql
    }

    /// Executes work that counts against `max_concurrent_requests`.
    fn sheds_load(self) -> bool {
        matches!(self, Endpoint::Graphql | Endpoint::Export)
    }
}

/// Refuses a request for graph data without a valid key when reads require one: 401 with a Bearer
/// challenge, counted as `unauthenticated` in `/metrics` and logged like a refused GraphQL read.
async fn require_read_key(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let credentials = state.api.credentials(authorization(request.headers()));
    let Some(message) = credentials.refusal() else {
        return next.run(request).await;
    };
    state.metrics.rejected("unauthenticated");
    tracing::info!(
        path = request.uri().path(),
        outcome = "unauthenticated",
        "refused a read without a valid key"
    );
    let mut response = coded_error(
        request.headers(),
        StatusCode::UNAUTHORIZED,
        Code::Unauthenticated,
        message,
    );
    challenge(&mut response);
    response
}

/// Adds the Bearer challenge a 401 carries.
fn challenge(response: &mut Response) {
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"stdgraph\""),
    );
}

/// The router with every route of [`ROUTES`] and every layer, for `config` and the API keys `keys`.
pub fn router(app: Arc<App>, config: &Config, keys: Keys) -> Router {
    build(app, config, keys).0
}

/// The router, and the API behind it (which a shutdown tells to stop its long reads).
fn build(app: Arc<App>, config: &Config, keys: Keys) -> (Router, Api) {
    let access = Access {
        keys,
        reads_require_key: config.reads_require_key,
    };
    let api = Api::new(app.clone(), &Limits::from(config), access)
        .with_plans(!config.disable_query_plans)
        .with_long_reads(LongReadLimits::from(config));
    let state = AppState {
        api: api.clone(),
        app,
        metrics: Arc::new(RequestMetrics::default()),
        limiter: Arc::new(RateLimiter::new(Quotas::from(config))),
        in_flight: Arc::new(Semaphore::new(config.max_concurrent_requests.max(1))),
    };
    let mut routes = Router::new();
    for route in ROUTES {
        let mut handler = route.endpoint.method_router();
        if route.endpoint.sheds_load() {
            handler = handler.route_layer(middleware::from_fn_with_state(state.clone(), shed_load));
        }
        if route.access == RouteAccess::Reads && !route.endpoint.checks_credentials_itself() {
            handler = handler.route_layer(middleware::from_fn_with_state(
                state.clone(),
                require_read_key,
            ));
        }
        routes = routes.route(route.path, handler);
    }
    let router = routes
        .with_state(state)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout(),
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        );
    if config.cors_origins.is_empty() {
        return (router, api);
    }
    let origins: Vec<HeaderValue> = config
        .cors_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let router = router.layer(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION]),
    );
    (router, api)
}

async fn graphql_post(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if let Some(message) = unreadable_body_type(content_type) {
        state.metrics.rejected("content_type");
        return protocol_error(&headers, StatusCode::UNSUPPORTED_MEDIA_TYPE, &message);
    }
    match GraphqlRequest::from_json(&body) {
        Ok(request) => execute(&state, &headers, &peer, request).await,
        Err(e) => {
            state.metrics.rejected("body");
            protocol_error(&headers, StatusCode::BAD_REQUEST, &e.to_string())
        }
    }
}

async fn graphql_get(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let (parts, _) = request.into_parts();
    let peer: Peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .cloned()
        .map(Extension);
    let headers = parts.headers.clone();
    let wants_upgrade = headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if wants_upgrade {
        return websocket(&state.api, parts).await;
    }
    let query = parts.uri.query().map(str::to_owned);
    let mut request = match GraphqlRequest::from_query_string(query.as_deref().unwrap_or("")) {
        Ok(r) => r,
        Err(e) => {
            state.metrics.rejected("body");
            return protocol_error(&headers, StatusCode::BAD_REQUEST, &e.to_string());
        }
    };
    // A bare hash stands for its query: resolve it first, or a mutation could hide behind one.
    if let Err(refusal) = state.api.resolve_persisted(&mut request) {
        return refuse(&state, &headers, refusal);
    }
    if request.is_write() {
        state.metrics.rejected("method");
        let mut response = protocol_error(
            &headers,
            StatusCode::METHOD_NOT_ALLOWED,
            "mutations and subscriptions need POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    execute(&state, &headers, &peer, request).await
}

/// A WebSocket upgrade of `/graphql`: GraphQL over `graphql-transport-ws` (or the legacy
/// `graphql-ws`), carried by async-graphql-axum with a [`WsConnection`] as its executor.
async fn websocket(api: &Api, mut parts: Parts) -> Response {
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    // Ours, not async-graphql-axum's, for two cases: a client that offers none of our subprotocols
    // gets a 400 that says what to offer (`GraphQLProtocol` refuses with an empty body), and one that
    // offers both gets the one we prefer, in the answer header and in what we speak
    // (`GraphQLProtocol` takes the client's first, and the upgrade answers in the server's order).
    let chosen = WEBSOCKET_PROTOCOLS
        .into_iter()
        .find(|p| upgrade.requested_protocols().any(|offered| offered == p));
    // The offer narrowed to our choice, which `GraphQLProtocol` then reads.
    let offer = chosen.map_or(HeaderValue::from_static(""), HeaderValue::from_static);
    parts.headers.insert(header::SEC_WEBSOCKET_PROTOCOL, offer);
    let protocol = GraphQLProtocol::from_request_parts(&mut parts, &()).await;
    let (Some(name), Ok(protocol)) = (chosen, protocol) else {
        let message = "WebSocket clients must offer the graphql-transport-ws subprotocol";
        return protocol_error(&parts.headers, StatusCode::BAD_REQUEST, message);
    };
    let connection = api.websocket_connection(authorization(&parts.headers).map(str::to_owned));
    upgrade.protocols([name]).on_upgrade(move |socket| {
        let (sink, stream) = socket.split();
        // graphql-transport-ws reserves 4403 for refused credentials; async-graphql closes such a
        // connection with 1002, so its close frame is renumbered on the way out.
        let refused = connection.clone();
        let sink = sink.with(move |frame| {
            std::future::ready(Ok::<_, axum::Error>(match frame {
                Message::Close(Some(close)) if refused.refused() => {
                    Message::Close(Some(CloseFrame {
                        code: 4403,
                        ..close
                    }))
                }
                frame => frame,
            }))
        });
        let init = connection.on_connection_init();
        GraphQLWebSocket::new_with_pair(sink, stream, connection, protocol)
            .on_connection_init(init)
            .serve()
    })
}

async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    peer: &Peer,
    mut request: GraphqlRequest,
) -> Response {
    if let Err(refusal) = state.api.resolve_persisted(&mut request) {
        return refuse(state, headers, refusal);
    }
    if !request.has_query() {
        // GraphQL over HTTP: a request without `query` is not a GraphQL request at all (4xx), not
        // a document that fails to parse.
        state.metrics.rejected("body");
        return protocol_error(
            headers,
            StatusCode::BAD_REQUEST,
            "the request has no `query`",
        );
    }
    state.api.reuse_parsed(&mut request);
    let (op_type, operation) = request.describe();
    let operation = operation.unwrap_or_default();
    let class = if op_type == "mutation" {
        Class::Mutation
    } else {
        Class::Query
    };
    let credentials = state.api.credentials(authorization(headers));
    if let Err(refused) = state.rate_limit(class, headers, credentials.holder(), peer) {
        return *refused;
    }
    let started = std::time::Instant::now();
    let response = state.api.execute(request, credentials).await;
    let took = started.elapsed();
    let outcome = if response.unauthenticated || response.needs_key {
        "unauthenticated"
    } else if response.request_failed {
        "rejected"
    } else if response.has_errors {
        "error"
    } else {
        "ok"
    };
    if let Some(reason) = response.rejection {
        state.metrics.rejected(reason);
    }
    if response.busy {
        state.metrics.rejected("overloaded");
    }
    state.metrics.request(&operation, op_type, outcome, took);
    tracing::info!(
        operation,
        r#type = op_type,
        outcome,
        elapsed_ms = took.as_secs_f64() * 1000.0,
        "graphql"
    );
    answer(headers, response)
}

/// The answer to a request refused before it could be described or executed.
fn refuse(state: &AppState, headers: &HeaderMap, response: GraphqlResponse) -> Response {
    if let Some(reason) = response.rejection {
        state.metrics.rejected(reason);
    }
    answer(headers, response)
}

/// The HTTP response for an executed (or refused) request: 401 for credentials, 400 for a request
/// that never ran when the client accepts `application/graphql-response+json`, else 200.
fn answer(headers: &HeaderMap, response: GraphqlResponse) -> Response {
    let new_media = accepts_graphql_response(headers);
    let status = if response.unauthenticated {
        StatusCode::UNAUTHORIZED
    } else if response.busy {
        StatusCode::SERVICE_UNAVAILABLE
    } else if new_media && response.request_failed {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let content_type = if new_media {
        GRAPHQL_RESPONSE_JSON
    } else {
        "application/json"
    };
    let mut answer = (
        status,
        [(header::CONTENT_TYPE, content_type)],
        response.body,
    )
        .into_response();
    if response.unauthenticated {
        challenge(&mut answer);
    }
    if response.busy {
        answer
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    answer
}

/// Why a POST body of this `Content-Type` cannot be read as a GraphQL request (415), if it cannot:
/// it must be `application/json`, in UTF-8 (RFC 8259; `charset` is not even a parameter of
/// `application/json`, but clients send `utf-8` often enough that it is accepted, in any case and
/// quoted or not).
fn unreadable_body_type(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    let media_type = parts.next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Some(format!(
            "POST bodies must be application/json, not `{content_type}`"
        ));
    }
    parts.find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        let value = value.trim().trim_matches('"');
        let utf8 = value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8");
        (name.trim().eq_ignore_ascii_case("charset") && !utf8)
            .then(|| format!("POST bodies must be UTF-8 JSON; `charset={value}` is not supported"))
    })
}

/// The `Authorization` header; one that is not text counts as a wrong key, not as none.
fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("(not text)"))
}

fn accepts_graphql_response(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(GRAPHQL_RESPONSE_JSON))
}

/// An error about the HTTP request itself, in the GraphQL error shape.
fn protocol_error(headers: &HeaderMap, status: StatusCode, message: &str) -> Response {
    coded_error(headers, status, Code::InvalidInput, message)
}

/// A response with one GraphQL-shaped error and no `data`.
fn coded_error(headers: &HeaderMap, status: StatusCode, code: Code, message: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{"message": message, "extensions": {"code": code.as_str()}}]
    });
    let content_type = if accepts_graphql_response(headers) {
        GRAPHQL_RESPONSE_JSON
    } else {
        "application/json"
    };
    (
        status,
        [(header::CONTENT_TYPE, content_type)],
        body.to_string(),
    )
        .into_response()
}

/// `/export/graph.json`, `/export/graph.graphml`, `/export/nodes.csv`, `/export/edges.csv`, with the
/// query parameters `center`, `depth`, `kinds`, `relationKinds`, `topic`, `topicVia` and `limit`.
async fn export(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    UrlPath(file): UrlPath<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let credentials = state.api.credentials(authorization(&headers));
    if let Err(refused) = state.rate_limit(Class::Export, &headers, credentials.holder(), &peer) {
        return *refused;
    }
    let app = state.app.clone();
    let plain_error = |status: StatusCode, message: String| (status, message).into_response();
    let format = match file.as_str() {
        "graph.json" => Format::NodeLink,
        "graph.graphml" => Format::GraphMl,
        "nodes.csv" => Format::NodesCsv,
        "edges.csv" => Format::EdgesCsv,
        _ => {
            let known = "graph.json, graph.graphml, nodes.csv, edges.csv";
            return plain_error(
                StatusCode::NOT_FOUND,
                format!("no export named `{file}` (known: {known})"),
            );
        }
    };
    let spec = match export_spec(&params) {
        Ok(spec) => spec,
        Err(e) => return plain_error(StatusCode::BAD_REQUEST, e),
    };
    let graph = app.snapshot();
    match state
        .api
        .long_read(move |_| export::render(&graph, &spec, format))
        .await
    {
        Ok(Ok(body)) => ([(header::CONTENT_TYPE, format.content_type())], body).into_response(),
        Ok(Err(e)) => plain_error(StatusCode::BAD_REQUEST, e),
        Err(Refused::Panicked) => {
            tracing::error!("an export failed");
            plain_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the export failed; see the server log".to_owned(),
            )
        }
        Err(refused) => {
            if refused == Refused::Busy {
                state.metrics.rejected("overloaded");
            }
            let mut response = plain_error(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{refused}; retry shortly"),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
    }
}

fn export_spec(params: &HashMap<String, String>) -> Result<export::Spec, String> {
    let number = |name: &str| -> Result<Option<usize>, String> {
        params
            .get(name)
            .map(|v| v.parse().map_err(|_| format!("`{name}` must be a number")))
            .transpose()
    };
    for key in params.keys() {
        if ![
            "center",
            "depth",
            "kinds",
            "relationKinds",
            "topic",
            "topicVia",
            "limit",
        ]
        .contains(&key.as_str())
        {
            return Err(format!("unknown parameter `{key}`"));
        }
    }
    Ok(export::Spec {
        center: params.get("center").cloned(),
        depth: number("depth")?,
        kinds: params
            .get("kinds")
            .map(|k| export::Spec::parse_kinds(k))
            .transpose()?
            .unwrap_or_default(),
        relation_kinds: params
            .get("relationKinds")
            .map(|k| export::Spec::parse_relation_kinds(k))
            .transpose()?
            .unwrap_or_default(),
        topic: params.get("topic").cloned(),
        topic_via: params
            .get("topicVia")
            .map(|v| export::Spec::parse_topic_via(v))
            .transpose()?
            .unwrap_or_default(),
        limit: number("limit")?,
    })
}

/// 200 once the store is open and the graph loaded (the server listens only then) and while it
/// accepts writes; 503 with the reason after a storage failure or once shutdown has begun.
async fn ready(State(state): State<AppState>) -> Response {
    if !state.app.is_open() {
        (StatusCode::SERVICE_UNAVAILABLE, "shutting down").into_response()
    } else if !state.app.is_writable() {
        let reason = "the store refuses writes after a failed write; restart the server";
        (StatusCode::SERVICE_UNAVAILABLE, reason).into_response()
    } else {
        "ready".into_response()
    }
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    let text = state.metrics.render(&state.app, state.api.plan_counts());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

async fn graphiql(headers: HeaderMap) -> Response {
    web::page("graphiql.html", web::Styles::Inline, &headers)
}

async fn explore(headers: HeaderMap) -> Response {
    web::page("explore.html", web::Styles::Files, &headers)
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    api: Api,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting connections, stops long reads (their requests answer `UNAVAILABLE` at
    /// once), lets other in-flight requests finish, and waits.
    pub async fn stop(self) -> std::io::Result<()> {
        self.api.cancel_long_reads();
        let _ = self.shutdown.send(());
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Binds `config.addr` (port 0 picks a free port) and serves in the background until stopped.
pub async fn start(app: Arc<App>, config: &Config, keys: Keys) -> std::io::Result<Running> {
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let (router, api) = build(app, config, keys);
    let (shutdown, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve::serve(listener, router, config.into(), async {
        let _ = rx.await;
    }));
    Ok(Running {
        addr,
        api,
        shutdown,
        task,
    })
}
