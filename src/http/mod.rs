//! The HTTP server: the only module that names axum, tower or hyper.
//!
//! `/graphql` speaks GraphQL over HTTP (POST with a JSON body; GET for queries only) and over WebSocket;
//! `/graphiql` serves GraphiQL and `/explore` the graph explorer (both built from `web/`, see `web.rs`);
//! `/export/*` writes the graph for analytics tools; `/health`, `/ready` and `/metrics` are for
//! operators. The GraphQL handler (`graphql.rs`) extracts bodies with async-graphql-axum and adds the
//! policy it lacks. Around it: a limit on requests in flight that sheds load with 503 (`shed_load`),
//! per-client rate limits with 429 (`ratelimit`), and an accept loop with header timeouts and a
//! connection cap (`serve`). `http` reaches the graph only through `api` (`/metrics` excepted, which
//! reads the application's gauges).

mod graphql;
mod metrics;
pub mod ratelimit;
mod serve;
mod web;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
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

use self::graphql::{accepts_graphql_response, graphql_get, graphql_post};
use self::metrics::RequestMetrics;
use self::ratelimit::{Class, Quotas, RateLimiter};
use crate::api::{Access, Api, Code, Export, Limits, WEBSOCKET_PROTOCOLS, error_body};
use crate::app::App;
use crate::app::long_reads::LongReadLimits;
use crate::auth::Keys;
use crate::config::Config;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// What every handler can reach.
#[derive(Clone)]
struct AppState {
    api: Api,
    app: Arc<App>,
    metrics: Arc<RequestMetrics>,
    limiter: Arc<RateLimiter>,
    in_flight: Arc<Semaphore>,
    /// The largest GraphQL body: for everyone, and for holders of an editor's or admin's key.
    body_limits: BodyLimits,
}

/// The largest GraphQL body a caller may send.
#[derive(Clone, Copy, Debug)]
struct BodyLimits {
    anyone: usize,
    writers: usize,
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
            let mut response = coded_error(headers, Code::RateLimited, &message);
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
    let Err(message) = state.api.key_holder(authorization(request.headers())) else {
        return next.run(request).await;
    };
    state.metrics.rejected("unauthenticated");
    tracing::info!(
        path = request.uri().path(),
        outcome = "unauthenticated",
        "refused a read without a valid key"
    );
    let mut response = coded_error(request.headers(), Code::Unauthenticated, message);
    challenge(&mut response);
    response
}

/// Adds the Bearer challenge a 401 carries.
pub(super) fn challenge(response: &mut Response) {
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
    let long_reads = LongReadLimits::from(config);
    let api = Api::with_long_reads(app.clone(), &Limits::from(config), access, long_reads)
        .with_plans(!config.disable_query_plans);
    let state = AppState {
        api: api.clone(),
        app,
        metrics: Arc::new(RequestMetrics::default()),
        limiter: Arc::new(RateLimiter::new(Quotas::from(config))),
        in_flight: Arc::new(Semaphore::new(config.max_concurrent_requests.max(1))),
        body_limits: BodyLimits {
            anyone: config.max_body_bytes,
            writers: config.body_limit_for_writers(),
        },
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

/// A WebSocket upgrade of `/graphql`: GraphQL over `graphql-transport-ws` (or the legacy
/// `graphql-ws`), carried by async-graphql-axum with a [`WsConnection`] as its executor.
pub(super) async fn websocket(api: &Api, mut parts: Parts) -> Response {
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

/// The `Authorization` header; one that is not text counts as a wrong key, not as none.
pub(super) fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("(not text)"))
}

/// An error about the HTTP request itself, in the GraphQL error shape.
pub(super) fn protocol_error(headers: &HeaderMap, status: StatusCode, message: &str) -> Response {
    json_response(
        headers,
        status.as_u16(),
        error_body(Code::InvalidInput, message),
    )
}

/// A response with one GraphQL-shaped error and no `data`, with the code's status.
fn coded_error(headers: &HeaderMap, code: Code, message: &str) -> Response {
    json_response(headers, code.status(), error_body(code, message))
}

/// A JSON answer (`application/graphql-response+json` when the client accepts it) with `status`,
/// a status of `api`'s table of codes.
pub(super) fn json_response(headers: &HeaderMap, status: u16, body: Vec<u8>) -> Response {
    let content_type = if accepts_graphql_response(headers) {
        GRAPHQL_RESPONSE_JSON
    } else {
        "application/json"
    };
    let status = StatusCode::from_u16(status).expect("api's table holds valid HTTP statuses");
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
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
    let holder = state
        .api
        .key_holder(authorization(&headers))
        .unwrap_or_default();
    if let Err(refused) = state.rate_limit(Class::Export, &headers, holder.as_deref(), &peer) {
        return *refused;
    }
    let plain_error = |status: StatusCode, message: String| (status, message).into_response();
    match state.api.export(&file, &params).await {
        Export::File { content_type, body } => {
            ([(header::CONTENT_TYPE, content_type)], body).into_response()
        }
        Export::Unknown(message) => plain_error(StatusCode::NOT_FOUND, message),
        Export::Invalid(message) => plain_error(StatusCode::BAD_REQUEST, message),
        Export::Failed => plain_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the export failed; see the server log".to_owned(),
        ),
        Export::Unavailable { message, busy } => {
            if busy {
                state.metrics.rejected("overloaded");
            }
            let mut response = plain_error(StatusCode::SERVICE_UNAVAILABLE, message);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
    }
}

/// 200 once the store is open and the graph loaded (the server listens only then) and while it
/// accepts writes; 503 with the reason after a storage failure or once shutdown has begun.
async fn ready(State(state): State<AppState>) -> Response {
    match state.api.readiness() {
        Ok(()) => "ready".into_response(),
        Err(reason) => (StatusCode::SERVICE_UNAVAILABLE, reason).into_response(),
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
