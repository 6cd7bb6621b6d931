//! GraphQL over WebSocket: `graphql-transport-ws` (the protocol of graphql-ws, Apollo Client and urql)
//! and the legacy `graphql-ws` (subscriptions-transport-ws).
//!
//! The HTTP layer hands over the connection's incoming frames and sends back what this returns, so it
//! stays free of async-graphql and this module stays free of axum. Credentials come from the
//! `connection_init` payload (`{"Authorization": "Bearer <key>"}`) or, for clients that can set
//! headers on the upgrade request, from its `Authorization` header; the same rules as over HTTP apply.

use std::sync::Arc;

use async_graphql::http::{WebSocket, WebSocketProtocols as Protocols, WsMessage};
use async_graphql::{Data, Executor, Request, Response};
use futures_util::stream::{BoxStream, Stream, StreamExt};

use super::error::ensure_code;
use super::{Api, BAD_KEY, KEY_REQUIRED};
use crate::auth::Principal;

/// The subprotocols we speak, preferred first.
pub const SUBPROTOCOLS: [&str; 2] = ["graphql-transport-ws", "graphql-ws"];

/// A frame from the client.
pub type WsIncoming = Vec<u8>;

/// A frame to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WsOutgoing {
    Text(String),
    /// Close the connection with this code and reason.
    Close(u16, String),
}

/// Executes each operation of a connection in its own scope (`Api::with_scope`): the snapshot
/// current when it starts, on behalf of the caller `connection_init` identified.
#[derive(Clone)]
struct Live {
    api: Api,
    caller: Arc<std::sync::OnceLock<Option<Principal>>>,
}

impl Live {
    fn with_data(&self, request: Request) -> Request {
        let caller = self.caller.get().cloned().flatten();
        self.api.with_scope(request, caller)
    }
}

impl Executor for Live {
    async fn execute(&self, request: Request) -> Response {
        self.api.schema.execute(self.with_data(request)).await.0
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let request = self.with_data(request);
        self.api
            .schema
            .execute_stream_with_session_data(request, session_data.unwrap_or_default())
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

impl Api {
    /// The subprotocol to answer a client offering `offered` (the `Sec-WebSocket-Protocol` values);
    /// `None` when we speak none of them.
    pub fn websocket_protocol<'a>(
        offered: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'static str> {
        let offered: Vec<&str> = offered.into_iter().map(str::trim).collect();
        SUBPROTOCOLS.into_iter().find(|p| offered.contains(p))
    }

    /// Serves one WebSocket connection that agreed on `protocol` (one of [`SUBPROTOCOLS`]).
    /// `header_authorization` is the upgrade request's `Authorization` header, if any.
    pub fn websocket(
        &self,
        protocol: &str,
        incoming: impl Stream<Item = WsIncoming> + Send + Unpin + 'static,
        header_authorization: Option<String>,
    ) -> impl Stream<Item = WsOutgoing> + Send + 'static {
        let protocol: Protocols = protocol.parse().unwrap_or(Protocols::GraphQLWS);
        let live = Live {
            api: self.clone(),
            caller: Arc::default(),
        };
        let api = self.clone();
        let identified = live.caller.clone();
        let on_init = move |payload: serde_json::Value| async move {
            let authorization = payload_authorization(&payload).or(header_authorization);
            let caller = api
                .credentials(authorization.as_deref())
                .map_err(async_graphql::Error::new)?;
            let _ = identified.set(caller);
            Ok(Data::default())
        };
        WebSocket::new(live, incoming, protocol)
            .on_connection_init(on_init)
            .map(|message| match message {
                WsMessage::Text(text) => WsOutgoing::Text(text),
                // graphql-transport-ws reserves 4403 for a refused connection_init.
                WsMessage::Close(_, reason) if reason == BAD_KEY || reason == KEY_REQUIRED => {
                    WsOutgoing::Close(4403, reason)
                }
                WsMessage::Close(code, reason) => WsOutgoing::Close(code, reason),
            })
    }
}
