//! `/graphql` over HTTP. async-graphql-axum extracts POST bodies (and refuses batches); around
//! it sits only the policy it lacks: 415 for bodies that are not UTF-8 JSON (which also closes the
//! CSRF path of form posts), 413 past the body limit, the media type of the answer. What a request
//! is and how it ends is `api`'s (`Api::prepare`, `Api::run`); [`graphql`] only translates.
//!
//! async-graphql-axum is named here and in the WebSocket upgrade (`mod.rs`) only: it names axum and
//! async-graphql both, and what it extracts goes straight to `api`.

use std::time::Instant;

use async_graphql_axum::GraphQLRequest;
use axum::Extension;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequest, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use super::ratelimit::Class;
use super::{AppState, Peer, authorization, challenge, json_response, protocol_error, websocket};
use crate::api::{GraphqlRequest, Method, OperationKind, Outcome, Rejection, RequestError};

/// A POST: a JSON body, read by async-graphql-axum through the body limit.
pub(super) async fn graphql_post(
    State(state): State<AppState>,
    peer: Peer,
    request: axum::extract::Request,
) -> Response {
    let headers = request.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if let Some(message) = unreadable_body_type(content_type) {
        state.metrics.rejected("content_type");
        return protocol_error(&headers, StatusCode::UNSUPPORTED_MEDIA_TYPE, &message);
    }
    // Writers may send an ingest's text, which is larger than any query: their key (checked
    // before the body is read) raises the limit (see `Config::body_limit_for_writers`).
    let writer = state
        .api
        .credentials(authorization(&headers))
        .ok()
        .flatten()
        .is_some_and(|p| p.role >= crate::auth::Role::Editor);
    let limit = if writer {
        state.body_limits.writers
    } else {
        state.body_limits.anyone
    };
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        // A read that fails is the limit passed (a client that went away hears no answer anyway).
        return unreadable(&state, &headers, RequestError::TooLarge);
    };
    let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(body));
    let request =
        match GraphQLRequest::<async_graphql_axum::rejection::GraphQLRejection>::from_request(
            request,
            &(),
        )
        .await
        {
            Ok(request) => GraphqlRequest::from(request.into_inner()),
            Err(rejection) => {
                return unreadable(&state, &headers, RequestError::from_body(rejection.0));
            }
        };
    graphql(&state, &headers, &peer, Method::Post, request).await
}

/// A GET: a query in the query string (see `GraphqlRequest::from_query_string` for why it is read
/// by hand), or a WebSocket upgrade.
pub(super) async fn graphql_get(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let peer: Peer = parts
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
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
    match GraphqlRequest::from_query_string(parts.uri.query().unwrap_or("")) {
        Ok(request) => graphql(&state, &headers, &peer, Method::Get, request).await,
        Err(e) => unreadable(&state, &headers, e),
    }
}

/// What happens to a GraphQL request over HTTP, top to bottom: `api` prepares it (its persisted
/// query, its parse, the kind of its operation, its caller) or refuses it; the client's rate limit
/// for that kind is taken; `api` runs it; the outcome is counted, logged and translated.
async fn graphql(
    state: &AppState,
    headers: &HeaderMap,
    peer: &Peer,
    method: Method,
    request: GraphqlRequest,
) -> Response {
    let prepared = match state.api.prepare(request, method, authorization(headers)) {
        Ok(prepared) => prepared,
        Err(refused) => {
            // A request refused before it could be described (a document that does not parse, a
            // persisted-query miss, no query) still takes a token from the client's query quota,
            // so refusals cannot be sent without limit.
            let holder = state.api.key_holder(authorization(headers)).ok().flatten();
            if let Err(limited) = state.rate_limit(Class::Query, headers, holder.as_deref(), peer) {
                return *limited;
            }
            return answer(state, headers, refused);
        }
    };
    let class = match prepared.kind() {
        OperationKind::Mutation => Class::Mutation,
        OperationKind::Query | OperationKind::Subscription => Class::Query,
    };
    if let Err(refused) = state.rate_limit(class, headers, prepared.holder(), peer) {
        return *refused;
    }
    let operation = prepared.operation_name().to_owned();
    let kind = prepared.kind().as_str();
    let started = Instant::now();
    let outcome = state.api.run(prepared).await;
    let took = started.elapsed();
    state
        .metrics
        .request(&operation, kind, outcome.label(), took);
    tracing::info!(
        operation,
        r#type = kind,
        outcome = outcome.label(),
        elapsed_ms = took.as_secs_f64() * 1000.0,
        "graphql"
    );
    answer(state, headers, outcome)
}

/// The HTTP response for an outcome: its status, in the media type the client accepts, with the
/// headers a refusal carries.
fn answer(state: &AppState, headers: &HeaderMap, outcome: Outcome) -> Response {
    if let Some(reason) = outcome.refusal() {
        state.metrics.rejected(reason);
    }
    let status = outcome.status(accepts_graphql_response(headers));
    let extra = match &outcome {
        Outcome::Busy(_) => Some((header::RETRY_AFTER, "1")),
        Outcome::Rejected(Rejection::Method, _) => Some((header::ALLOW, "POST")),
        _ => None,
    };
    let unauthenticated = matches!(outcome, Outcome::Unauthenticated(_));
    let mut response = json_response(headers, status, outcome.into_body());
    if unauthenticated {
        challenge(&mut response);
    }
    if let Some((name, value)) = extra {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A body or query string that is no GraphQL request: 400, or 413 past the body limit.
fn unreadable(state: &AppState, headers: &HeaderMap, e: RequestError) -> Response {
    state.metrics.rejected("body");
    json_response(headers, e.status(), e.body())
}

/// Why a POST body of this `Content-Type` cannot be read as a GraphQL request (415), if it cannot:
/// it must be `application/json`, in UTF-8 (RFC 8259; `charset` is not even a parameter of
/// `application/json`, but clients send `utf-8` often enough that it is accepted, in any case and
/// quoted or not). async-graphql-axum would read any other type as JSON, and multipart as uploads.
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

/// Whether the client accepts `application/graphql-response+json` (GraphQL over HTTP's own media
/// type), which changes the status of requests that never ran.
pub(super) fn accepts_graphql_response(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(super::GRAPHQL_RESPONSE_JSON))
}
