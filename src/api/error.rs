//! The one place where errors become GraphQL errors with `extensions.code`.
//!
//! Codes are a small closed set; clients switch on them. Internal errors are logged with their details
//! and reach the client only as `INTERNAL` with a generic message.

use async_graphql::{Error, ErrorExtensions, ServerError};

use crate::model::ValidationError;

/// The error codes a client can see in `extensions.code`, each with the HTTP status of a request
/// refused with it (a request that ran answers 200 whatever its field errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    NotFound,
    InvalidInput,
    Conflict,
    Unauthenticated,
    Forbidden,
    /// The server cannot do this now (writes stopped after a storage failure, overloaded, shutting
    /// down).
    Unavailable,
    /// The client sent more requests than its quota allows; retry after `Retry-After` seconds.
    RateLimited,
    Internal,
    /// Apollo's automatic persisted queries: no query is kept for the hash sent alone (the client
    /// then sends the query with its hash). Apollo clients recognise it by this name.
    PersistedQueryNotFound,
    /// Apollo's automatic persisted queries: a protocol version this server does not speak.
    PersistedQueryNotSupported,
}

/// The one table of codes: the name clients see and the HTTP status of a request refused with it.
const CODES: [(Code, &str, u16); 10] = [
    (Code::NotFound, "NOT_FOUND", 404),
    (Code::InvalidInput, "INVALID_INPUT", 400),
    (Code::Conflict, "CONFLICT", 409),
    (Code::Unauthenticated, "UNAUTHENTICATED", 401),
    (Code::Forbidden, "FORBIDDEN", 403),
    (Code::Unavailable, "UNAVAILABLE", 503),
    (Code::RateLimited, "RATE_LIMITED", 429),
    (Code::Internal, "INTERNAL", 500),
    (
        Code::PersistedQueryNotFound,
        "PERSISTED_QUERY_NOT_FOUND",
        400,
    ),
    (
        Code::PersistedQueryNotSupported,
        "PERSISTED_QUERY_NOT_SUPPORTED",
        400,
    ),
];

impl Code {
    fn row(self) -> &'static (Code, &'static str, u16) {
        CODES
            .iter()
            .find(|(code, _, _)| *code == self)
            .expect("every code has a row in CODES")
    }

    /// The name clients see in `extensions.code`.
    pub fn as_str(self) -> &'static str {
        self.row().1
    }

    /// The HTTP status of a request refused with this code.
    pub fn status(self) -> u16 {
        self.row().2
    }
}

/// The body of every answer that is errors only: `{"errors": [...]}`, with no `data` (GraphQL over
/// HTTP: a request that never ran has none), each error with its `extensions.code`. Requests refused
/// by `api` and by `http` (bad media types, rate limits, overload) are all answered through here.
pub fn errors_body(errors: &mut [ServerError]) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        errors: &'a [ServerError],
    }
    for e in errors.iter_mut() {
        ensure_code(e);
    }
    serde_json::to_vec(&Body { errors }).expect("GraphQL errors always serialize")
}

/// [`errors_body`] for one error with a code and a message.
pub fn error_body(code: Code, message: &str) -> Vec<u8> {
    let mut e = ServerError::new(message, None);
    e.extensions
        .get_or_insert_with(Default::default)
        .set("code", code.as_str());
    errors_body(&mut [e])
}

/// Errors raised by async-graphql itself (syntax, validation, variable coercion, limits) carry no
/// code; they are all the client's to fix.
pub fn ensure_code(e: &mut ServerError) {
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

/// A GraphQL error with a code and a message for the client.
pub fn error(code: Code, message: impl Into<String>) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", code.as_str()))
}

/// A long read stopped by its deadline: the request timeout, or the server shutting down.
pub fn interrupted(e: crate::graph::Interrupted) -> Error {
    use crate::graph::Interrupted;
    let message = match e {
        Interrupted::TimedOut => {
            "this computation ran past the request timeout and was stopped; narrow it (nodeKinds, \
             relationKinds, a smaller maxLength) or ask the operator for a longer \
             --request-timeout-secs"
        }
        Interrupted::Cancelled => "the server is shutting down; retry once it is back",
    };
    error(Code::Unavailable, message)
}

/// The extension that marks a request refused because every long-read worker was busy and the
/// queue full; HTTP answers such a request 503 with `Retry-After`.
pub const BUSY_REASON: &str = "long_reads_busy";

/// Every long-read worker is busy and the queue is full.
pub fn busy() -> Error {
    error(
        Code::Unavailable,
        "the server is busy with long computations (analytics, paths); retry shortly",
    )
    .extend_with(|_, e| e.set("reason", BUSY_REASON))
}

pub fn not_found(what: impl std::fmt::Display) -> Error {
    error(Code::NotFound, format!("{what} was not found"))
}

pub fn invalid(message: impl Into<String>) -> Error {
    error(Code::InvalidInput, message)
}

impl Code {
    /// The code of a validation failure.
    pub fn of_validation(e: &ValidationError) -> Code {
        match e {
            ValidationError::UnknownNode(_) | ValidationError::UnknownRelation(_) => Code::NotFound,
            ValidationError::DuplicateNode(_)
            | ValidationError::DuplicateRelation(_)
            | ValidationError::VersionConflict { .. }
            | ValidationError::SourceInUse { .. } => Code::Conflict,
            _ => Code::InvalidInput,
        }
    }
}
