//! The subscription root: the change feed.

use async_graphql::{Context, ID, Result, Subscription};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::enums::NodeKind;
use super::error::{Code, error};
use super::history::Change;
use super::scope::scope;
use crate::app::{FeedEvent, FeedReceiver};
use crate::model;

#[derive(Default)]
pub struct SubscriptionRoot;

/// Which changes a subscriber wants.
struct Interest {
    kinds: Vec<model::NodeKind>,
    ids: Vec<String>,
}

impl Interest {
    fn wants(&self, event: &FeedEvent) -> bool {
        let kind_ok =
            self.kinds.is_empty() || event.nodes.iter().any(|(_, k)| self.kinds.contains(k));
        let id_ok = self.ids.is_empty()
            || self.ids.contains(&event.record.target)
            || event.nodes.iter().any(|(id, _)| self.ids.contains(id));
        kind_ok && id_ok
    }
}

#[Subscription]
impl SubscriptionRoot {
    /// Each change as soon as it is committed, in history order: node changes of the given `kinds`
    /// and relation changes with an end of those kinds; with `ids`, only changes of those nodes (or
    /// relation ids) and of relations at those nodes. The stream ends when the server shuts down. A
    /// subscriber that falls more than 4096 changes behind gets an error item saying how many it
    /// missed, and can catch up with `changes(after:)` from the last `seq` it saw.
    async fn graph_changed(
        &self,
        ctx: &Context<'_>,
        kinds: Option<Vec<NodeKind>>,
        ids: Option<Vec<ID>>,
    ) -> Result<impl Stream<Item = Result<Change>> + use<>> {
        let app = &scope(ctx)?.app;
        let receiver = app
            .subscribe()
            .ok_or_else(|| error(Code::Unavailable, "the server is shutting down"))?;
        let interest = Interest {
            kinds: kinds
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            ids: ids.unwrap_or_default().into_iter().map(|i| i.0).collect(),
        };
        Ok(feed(receiver, interest))
    }
}

fn feed(receiver: FeedReceiver, interest: Interest) -> impl Stream<Item = Result<Change>> {
    futures_util::stream::unfold(
        (receiver, interest),
        |(mut receiver, interest)| async move {
            loop {
                match receiver.recv().await {
                    Ok(event) if interest.wants(&event) => {
                        let change = Change::from(&event.record);
                        return Some((Ok(change), (receiver, interest)));
                    }
                    Ok(_) => {}
                    Err(RecvError::Lagged(missed)) => {
                        let e = error(
                            Code::Unavailable,
                            format!(
                                "this subscriber fell behind and missed {missed} changes; read them \
                                 with `changes(after:)` from the last seq received"
                            ),
                        );
                        return Some((Err(e), (receiver, interest)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        },
    )
}
