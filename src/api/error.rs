//! The one place where errors become GraphQL errors with `extensions.code`.
//!
//! Codes are a small closed set; clients switch on them. Internal errors are logged with their details
//! and reach the client only as `INTERNAL` with a generic message.

use async_graphql::{Error, ErrorExtensions};

use crate::model::ValidationError;

/// The error codes a client can see in `extensions.code`.
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
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NotFound => "NOT_FOUND",
            Code::InvalidInput => "INVALID_INPUT",
            Code::Conflict => "CONFLICT",
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::Forbidden => "FORBIDDEN",
            Code::Unavailable => "UNAVAILABLE",
            Code::RateLimited => "RATE_LIMITED",
            Code::Internal => "INTERNAL",
        }
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
