//! What one request reads, built once per request by [`Api::with_scope`] (for HTTP and for every
//! WebSocket operation alike) and read in resolvers through [`scope`]: the snapshot every field of
//! the request sees, the application, the caller, and the long-read pool with the request's
//! deadline. One typed value instead of loose context entries: a resolver that finds no scope
//! answers `INTERNAL` rather than panicking.

use std::sync::Arc;

use async_graphql::{Context, Request, Result};

use super::Api;
use super::error::{Code, error};
use crate::app::App;
use crate::app::long_reads::LongReads;
use crate::auth::Principal;
use crate::graph::{Deadline, KnowledgeGraph};

/// What one request reads.
pub(crate) struct Scope {
    /// The snapshot current when the request started; every field of it reads this one.
    pub snapshot: Arc<KnowledgeGraph>,
    pub app: Arc<App>,
    /// The holder of the valid key the request presented; `None` without a key.
    pub caller: Option<Principal>,
    /// Where long reads run (see `app::long_reads`).
    pub long_reads: Arc<LongReads>,
    /// When the request's long reads are stopped.
    pub deadline: Deadline,
}

/// The request's scope; `INTERNAL` (and a log line) if the request was run without one.
pub(crate) fn scope<'a>(ctx: &Context<'a>) -> Result<&'a Scope> {
    ctx.data_opt::<Scope>().ok_or_else(|| {
        tracing::error!("a request ran without its scope (Api::with_scope)");
        error(Code::Internal, "the request failed; see the server log")
    })
}

impl Api {
    /// `request`, with the scope it runs in: the current snapshot, on behalf of `caller`.
    pub fn with_scope(&self, request: Request, caller: Option<Principal>) -> Request {
        self.scoped(request, self.app.snapshot(), caller)
    }

    /// [`Api::with_scope`] on a snapshot already taken.
    pub(super) fn scoped(
        &self,
        request: Request,
        snapshot: Arc<KnowledgeGraph>,
        caller: Option<Principal>,
    ) -> Request {
        request.data(Scope {
            snapshot,
            app: self.app.clone(),
            caller,
            long_reads: self.long_reads.clone(),
            deadline: self.long_reads.deadline(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::api::{Limits, schema};

    /// A request run without `Api::with_scope` is a bug of ours: it is answered `INTERNAL`, and
    /// the server goes on (it used to panic in `data_unchecked`).
    #[tokio::test]
    async fn a_request_without_its_scope_is_answered_internal_not_a_panic() {
        let response = schema(&Limits::default())
            .execute("{ stats { nodes } }")
            .await;
        let e = &response.errors[0];
        let code = e.extensions.as_ref().and_then(|x| x.get("code"));
        assert_eq!(
            code,
            Some(&async_graphql::Value::from("INTERNAL")),
            "{:?}",
            response.errors
        );
    }
}
