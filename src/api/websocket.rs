//! GraphQL over WebSocket, the API's side of it: who a connection is for, and how each of its
//! operations runs. The transport (`graphql-transport-ws` and the legacy `graphql-ws`, their frames
//! and their handshake) is async-graphql-axum's, driven from `http`; what it needs from here is a
//! [`WsConnection`], which is both its executor and the check of the `connection_init` credentials.
//!
//! Credentials come from the `connection_init` payload (`{"Authorization": "Bearer <key>"}`) or, for
//! clients that can set headers on the upgrade request, from its `Authorization` header; the same
//! rules as over HTTP apply.

use std::sync::{Arc, OnceLock};

use async_graphql::{Data, Executor, Request, Response};
use futures_util::future::BoxFuture;
use futures_util::stream::{BoxStream, StreamExt};

use super::Api;
use super::error::ensure_code;
use crate::auth::Principal;

/// The subprotocols we speak, preferred first (`graphql-transport-ws`, then the legacy `graphql-ws`).
pub const WEBSOCKET_PROTOCOLS: [&str; 2] = async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;

/// One WebSocket connection: the credentials its `connection_init` presented, once checked, and the
/// executor of its operations. Each operation reads the snapshot current when it starts (not the one
/// current when the connection opened), under the connection's caller.
#[derive(Clone)]
pub struct WsConnection {
    api: Api,
    /// The upgrade request's `Authorization` header, used when `connection_init` names no key.
    header_authorization: Option<String>,
    /// Who the connection is for, or why its credentials were refused; set by `connection_init`.
    caller: Arc<OnceLock<Result<Option<Principal>, &'static str>>>,
}

impl Api {
    /// A new WebSocket connection whose upgrade request carried `header_authorization`.
    pub fn websocket_connection(&self, header_authorization: Option<String>) -> WsConnection {
        WsConnection {
            api: self.clone(),
            header_authorization,
            caller: Arc::default(),
        }
    }
}

impl WsConnection {
    /// The `connection_init` handler: checks the payload's credentials (or the upgrade request's),
    /// and refuses the connection when they are refused.
    pub fn on_connection_init(
        &self,
    ) -> impl FnOnce(serde_json::Value) -> BoxFuture<'static, async_graphql::Result<Data>>
    + Send
    + 'static
    + use<> {
        let connection = self.clone();
        move |payload| {
            let authorization =
                payload_authorization(&payload).or(connection.header_authorization.clone());
            let credentials = connection.api.credentials(authorization.as_deref());
            let answer = match &credentials {
                Ok(_) => Ok(Data::default()),
                Err(message) => Err(async_graphql::Error::new(*message)),
            };
            // `connection_init` comes once: async-graphql closes a connection that sends another.
            let _ = connection.caller.set(credentials);
            Box::pin(std::future::ready(answer))
        }
    }

    /// True once the connection's credentials were refused (a wrong key, or none where reads need
    /// one).
    pub fn refused(&self) -> bool {
        matches!(self.caller.get(), Some(Err(_)))
    }

    /// The request with what one operation reads (see [`Api::with_scope`]).
    fn scoped(&self, request: Request) -> Request {
        // async-graphql runs no operation before `connection_init` was accepted.
        let caller = self.caller.get().cloned().and_then(Result::ok).flatten();
        self.api.with_scope(request, caller)
    }
}

impl Executor for WsConnection {
    async fn execute(&self, request: Request) -> Response {
        self.api.schema.execute(self.scoped(request)).await.0
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        self.api
            .schema
            .execute_stream_with_session_data(
                self.scoped(request),
                session_data.unwrap_or_default(),
            )
            .map(|mut response| {
                for e in &mut response.errors {
                    ensure_code(e);
                }
                response
            })
            .boxed()
    }
}

/// The credentials in a `connection_init` payload: `Authorization` or `authorization`, at the top
/// or under `headers`.
fn payload_authorization(payload: &serde_json::Value) -> Option<String> {
    let find = |v: &serde_json::Value| {
        ["Authorization", "authorization"]
            .iter()
            .find_map(|k| v.get(k)?.as_str().map(str::to_owned))
    };
    find(payload).or_else(|| find(payload.get("headers")?))
}
