//! Automatic persisted queries, as Apollo clients speak them: a client sends only the SHA-256 of a
//! query it sent before (`extensions.persistedQuery.sha256Hash`); the server answers from the query
//! it kept, or with `PERSISTED_QUERY_NOT_FOUND`, after which the client sends hash and query together
//! and the server keeps the query for next time. Saves clients sending long queries again and again
//! (and lets them use GET for queries, which caches and CDNs can keep).
//!
//! Kept queries live in memory, within a byte budget; when it is spent, all are dropped and clients
//! register them again on their next miss, as the protocol expects.

use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};

use super::error::Code;

/// The `extensions` entry that carries a persisted-query hash.
const EXTENSION: &str = "persistedQuery";

/// The only protocol version there is.
const VERSION: i64 = 1;

/// Bytes of query text kept before all kept queries are dropped.
const BUDGET_BYTES: usize = 16 * 1024 * 1024;

/// Why a request's persisted-query extension was refused: a message and code for the client.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub code: Code,
}

impl Refusal {
    fn invalid(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: Code::InvalidInput,
        }
    }
}

/// Queries kept by their SHA-256.
#[derive(Default)]
pub struct PersistedQueries(Mutex<Kept>);

#[derive(Default)]
struct Kept {
    by_hash: foldhash::HashMap<[u8; 32], Arc<str>>,
    bytes: usize,
}

impl PersistedQueries {
    /// Resolves the persisted-query extension of `request`, if it has one: fills in the query a bare
    /// hash stands for, or checks and keeps a query sent with its hash. The extension is removed once
    /// handled, so resolving a request twice does the work once.
    pub fn resolve(&self, request: &mut async_graphql::Request) -> Result<(), Refusal> {
        let Some(extension) = request.extensions.remove(EXTENSION) else {
            return Ok(());
        };
        let hash = parse(extension)?;
        if request.query.is_empty() {
            let kept = self
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .by_hash
                .get(&hash)
                .cloned();
            return match kept {
                Some(query) => {
                    request.query = query.to_string();
                    Ok(())
                }
                // Apollo clients recognise the miss by this message or code and send the query.
                None => Err(Refusal {
                    message: "PersistedQueryNotFound".to_owned(),
                    code: Code::PersistedQueryNotFound,
                }),
            };
        }
        if Sha256::digest(request.query.as_bytes()).as_slice() != hash {
            return Err(Refusal::invalid(
                "`extensions.persistedQuery.sha256Hash` is not the SHA-256 of the query sent with it",
            ));
        }
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !kept.by_hash.contains_key(&hash) {
            if kept.bytes + request.query.len() > BUDGET_BYTES {
                *kept = Kept::default();
            }
            kept.bytes += request.query.len();
            kept.by_hash.insert(hash, Arc::from(request.query.as_str()));
        }
        Ok(())
    }
}

/// The hash a `persistedQuery` extension gives: `{"version": 1, "sha256Hash": "<64 hex digits>"}`.
fn parse(extension: async_graphql::Value) -> Result<[u8; 32], Refusal> {
    use async_graphql::Value;
    let Value::Object(fields) = extension else {
        return Err(Refusal::invalid(
            "`extensions.persistedQuery` must be an object with `version` and `sha256Hash`",
        ));
    };
    match fields.get("version") {
        Some(Value::Number(n)) if n.as_i64() == Some(VERSION) => {}
        _ => {
            return Err(Refusal {
                message: format!(
                    "`extensions.persistedQuery.version` must be {VERSION}, the only version this server knows"
                ),
                code: Code::PersistedQueryNotSupported,
            });
        }
    }
    match fields.get("sha256Hash") {
        Some(Value::String(hex)) => crate::auth::parse_hex_digest(hex).ok_or_else(|| {
            Refusal::invalid("`extensions.persistedQuery.sha256Hash` must be 64 hex digits")
        }),
        _ => Err(Refusal::invalid(
            "`extensions.persistedQuery.sha256Hash` must be 64 hex digits",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: &str, extension: serde_json::Value) -> async_graphql::Request {
        let mut r = async_graphql::Request::new(query);
        r.extensions.insert(
            EXTENSION.to_owned(),
            async_graphql::Value::from_json(extension).unwrap(),
        );
        r
    }

    fn hash_of(query: &str) -> String {
        Sha256::digest(query.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn a_hash_finds_the_query_kept_with_it() {
        let kept = PersistedQueries::default();
        let q = "{ stats { nodes } }";
        let ext = serde_json::json!({"version": 1, "sha256Hash": hash_of(q)});
        let mut bare = request("", ext.clone());
        assert_eq!(
            kept.resolve(&mut bare).unwrap_err().code,
            Code::PersistedQueryNotFound
        );
        let mut full = request(q, ext.clone());
        kept.resolve(&mut full).unwrap();
        assert!(full.extensions.is_empty(), "the extension is handled once");
        let mut bare = request("", ext);
        kept.resolve(&mut bare).unwrap();
        assert_eq!(bare.query, q);
    }

    #[test]
    fn refuses_a_wrong_hash_version_or_shape_and_keeps_nothing() {
        let kept = PersistedQueries::default();
        let q = "{ stats { nodes } }";
        let other = hash_of("{ stats { relations } }");
        let mut wrong = request(q, serde_json::json!({"version": 1, "sha256Hash": other}));
        assert_eq!(
            kept.resolve(&mut wrong).unwrap_err().code,
            Code::InvalidInput
        );
        let mut bare = request("", serde_json::json!({"version": 1, "sha256Hash": other}));
        assert_eq!(
            kept.resolve(&mut bare).unwrap_err().code,
            Code::PersistedQueryNotFound
        );
        for ext in [
            serde_json::json!({"version": 2, "sha256Hash": hash_of(q)}),
            serde_json::json!({"sha256Hash": hash_of(q)}),
        ] {
            let code = kept.resolve(&mut request(q, ext)).unwrap_err().code;
            assert_eq!(code, Code::PersistedQueryNotSupported);
        }
        for ext in [
            serde_json::json!({"version": 1, "sha256Hash": "abc"}),
            serde_json::json!({"version": 1}),
            serde_json::json!("yes"),
        ] {
            let code = kept.resolve(&mut request(q, ext)).unwrap_err().code;
            assert_eq!(code, Code::InvalidInput);
        }
    }

    #[test]
    fn without_the_extension_nothing_changes() {
        let kept = PersistedQueries::default();
        let mut r = async_graphql::Request::new("{ stats { nodes } }");
        kept.resolve(&mut r).unwrap();
        assert_eq!(r.query, "{ stats { nodes } }");
    }
}
