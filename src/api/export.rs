//! `/export/*`: the graph, or a part of it, in the formats analytics tools read (see
//! `interchange::export`), rendered on the long-read pool. Here rather than in `http` so that
//! `http` reaches the graph only through `api`.

use std::collections::HashMap;

use super::Api;
use crate::app::long_reads::Refused;
use crate::interchange::export::{self, Format};

/// The answer to an export request.
pub enum Export {
    /// The file, and its media type.
    File {
        content_type: &'static str,
        body: String,
    },
    /// No export has this name (404).
    Unknown(String),
    /// A parameter is wrong (400).
    Invalid(String),
    /// Every long-read worker is busy, or the server is shutting down (503, retry shortly);
    /// `busy` when it is the former.
    Unavailable { message: String, busy: bool },
    /// Rendering failed (500); the server log says why.
    Failed,
}

/// The query parameters an export takes.
const PARAMETERS: [&str; 7] = [
    "center",
    "depth",
    "kinds",
    "relationKinds",
    "topic",
    "topicVia",
    "limit",
];

impl Api {
    /// Renders `file` (`graph.json`, `graph.graphml`, `nodes.csv`, `edges.csv`) of the current
    /// snapshot, selected by `params` (`center`, `depth`, `kinds`, `relationKinds`, `topic`,
    /// `topicVia`, `limit`).
    pub async fn export(&self, file: &str, params: &HashMap<String, String>) -> Export {
        let format = match file {
            "graph.json" => Format::NodeLink,
            "graph.graphml" => Format::GraphMl,
            "nodes.csv" => Format::NodesCsv,
            "edges.csv" => Format::EdgesCsv,
            _ => {
                let known = "graph.json, graph.graphml, nodes.csv, edges.csv";
                return Export::Unknown(format!("no export named `{file}` (known: {known})"));
            }
        };
        let spec = match spec(params) {
            Ok(spec) => spec,
            Err(e) => return Export::Invalid(e),
        };
        let graph = self.app.snapshot();
        match self
            .long_read(move |_| export::render(&graph, &spec, format))
            .await
        {
            Ok(Ok(body)) => Export::File {
                content_type: format.content_type(),
                body,
            },
            Ok(Err(e)) => Export::Invalid(e),
            Err(Refused::Panicked) => {
                tracing::error!("an export failed");
                Export::Failed
            }
            Err(refused) => Export::Unavailable {
                message: format!("{refused}; retry shortly"),
                busy: refused == Refused::Busy,
            },
        }
    }
}

fn spec(params: &HashMap<String, String>) -> Result<export::Spec, String> {
    let number = |name: &str| -> Result<Option<usize>, String> {
        params
            .get(name)
            .map(|v| v.parse().map_err(|_| format!("`{name}` must be a number")))
            .transpose()
    };
    if let Some(key) = params.keys().find(|k| !PARAMETERS.contains(&k.as_str())) {
        return Err(format!("unknown parameter `{key}`"));
    }
    Ok(export::Spec {
        center: params.get("center").cloned(),
        depth: number("depth")?,
        kinds: params
            .get("kinds")
            .map(|k| export::Spec::parse_kinds(k))
            .transpose()?
            .unwrap_or_default(),
        relation_kinds: params
            .get("relationKinds")
            .map(|k| export::Spec::parse_relation_kinds(k))
            .transpose()?
            .unwrap_or_default(),
        topic: params.get("topic").cloned(),
        topic_via: params
            .get("topicVia")
            .map(|v| export::Spec::parse_topic_via(v))
            .transpose()?
            .unwrap_or_default(),
        limit: number("limit")?,
    })
}
