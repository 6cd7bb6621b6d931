//! The HTTP server: the only module that names axum or tower.
//!
//! `/graphql` speaks GraphQL over HTTP (POST with a JSON body; GET for queries only), `/graphiql` serves
//! GraphiQL, `/health` says the process is alive. The GraphQL handler is written here rather than taken
//! from async-graphql-axum so that it refuses what it must: non-JSON POST bodies (415, which also closes
//! the CSRF path of form posts), mutations over GET (405), oversized bodies (413).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::api::{Api, Code, GraphqlRequest, Limits};
use crate::app::App;

/// How the HTTP server behaves.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// A request that takes longer is answered with 408.
    pub request_timeout: Duration,
    pub limits: Limits,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 1 << 20,
            request_timeout: Duration::from_secs(30),
            limits: Limits::default(),
        }
    }
}

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// The router with every route and layer; tests call it directly.
pub fn router(app: Arc<App>, config: &ServerConfig) -> Router {
    let api = Api::new(app, &config.limits);
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphiql", get(graphiql))
        .route("/", get(|| async { Redirect::temporary("/graphiql") }))
        .route("/health", get(|| async { "ok" }))
        .with_state(api)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(TraceLayer::new_for_http())
}

async fn graphql_post(State(api): State<Api>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media_type != "application/json" {
        let message = format!("POST bodies must be application/json, not `{content_type}`");
        return protocol_error(&headers, StatusCode::UNSUPPORTED_MEDIA_TYPE, &message);
    }
    match GraphqlRequest::from_json(&body) {
        Ok(request) => execute(&api, &headers, request).await,
        Err(e) => protocol_error(&headers, StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

async fn graphql_get(
    State(api): State<Api>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = match GraphqlRequest::from_query_string(query.as_deref().unwrap_or("")) {
        Ok(r) => r,
        Err(e) => return protocol_error(&headers, StatusCode::BAD_REQUEST, &e.to_string()),
    };
    if request.is_write() {
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
    execute(&api, &headers, request).await
}

async fn execute(api: &Api, headers: &HeaderMap, request: GraphqlRequest) -> Response {
    let operation = request.operation_name().unwrap_or("").to_owned();
    let started = std::time::Instant::now();
    let response = api.execute(request).await;
    tracing::debug!(
        operation,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "graphql"
    );
    let new_media = accepts_graphql_response(headers);
    let status = if new_media && response.request_failed {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let content_type = if new_media {
        GRAPHQL_RESPONSE_JSON
    } else {
        "application/json"
    };
    (
        status,
        [(header::CONTENT_TYPE, content_type)],
        response.body,
    )
        .into_response()
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
    let body = serde_json::json!({
        "errors": [{"message": message, "extensions": {"code": Code::InvalidInput.as_str()}}]
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

async fn graphiql() -> Html<String> {
    Html(crate::api::graphiql_html("/graphql"))
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting connections, lets in-flight requests finish, and waits.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.shutdown.send(());
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Binds `addr` (port 0 picks a free port) and serves in the background until stopped.
pub async fn start(
    app: Arc<App>,
    addr: SocketAddr,
    config: &ServerConfig,
) -> std::io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let router = router(app, config);
    let (shutdown, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    Ok(Running {
        addr,
        shutdown,
        task,
    })
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
