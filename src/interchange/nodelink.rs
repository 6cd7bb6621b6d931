//! networkx node-link JSON, the format `networkx.node_link_data` writes and `node_link_graph` reads
//! with their defaults (networkx 3.4 and later):
//! `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [...], "edges": [...]}`. Import also
//! reads the `links` key that networkx wrote before 3.4.
//!
//! Nodes carry their fields flat (`id`, `kind`, `name`, ..., `version`); edges carry `source`, `target`,
//! `id`, `key` (the relation id again, which networkx uses as the multigraph edge key), `kind`,
//! `edge_key` (the relation's own key, when it has one), `inferred` and their other properties: the
//! same attributes as the GraphML and CSV exports (`tabular.rs`), plus that `key`.

use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::FormatError;
use super::tabular::View;
use crate::graph::KnowledgeGraph;
use crate::model::{Node, Relation};

/// Writes the whole graph as node-link JSON, nodes in kind-then-id order and links in relation-id order.
pub fn export(graph: &KnowledgeGraph) -> Value {
    write(&View::whole(graph))
}

/// Writes a view (the whole graph or a subgraph) as node-link JSON.
pub fn write(view: &View<'_>) -> Value {
    let nodes: Vec<Value> = view
        .nodes
        .iter()
        .map(|n| {
            let mut v = serde_json::to_value(n.node()).expect("nodes serialize to JSON");
            v["version"] = json!(n.version());
            v
        })
        .collect();
    let links: Vec<Value> = view.relations.iter().map(|r| link_of(r)).collect();
    document(nodes, links)
}

/// Writes nodes and relations that are not in a graph yet (a generated graph) as node-link JSON, in the
/// order given.
pub fn write_parts(nodes: &[Node], relations: &[Relation]) -> Value {
    let nodes: Vec<Value> = nodes
        .iter()
        .map(|n| serde_json::to_value(n).expect("nodes serialize to JSON"))
        .collect();
    let links: Vec<Value> = relations.iter().map(link_of).collect();
    document(nodes, links)
}

/// The node-link document around its node and link lists.
fn document(nodes: Vec<Value>, links: Vec<Value>) -> Value {
    json!({
        "directed": true,
        "multigraph": true,
        "graph": {"name": "stdgraph", "nodes": nodes.len(), "edges": links.len()},
        "nodes": nodes,
        "edges": links,
    })
}

fn link_of(relation: &Relation) -> Value {
    let mut v = serde_json::to_value(relation).expect("relations serialize to JSON");
    let obj = v
        .as_object_mut()
        .expect("a relation serializes to an object");
    let from = obj.remove("from").unwrap_or(Value::Null);
    let to = obj.remove("to").unwrap_or(Value::Null);
    let mut link = Map::new();
    link.insert("source".into(), from);
    link.insert("target".into(), to);
    link.insert("id".into(), json!(relation.id().as_str()));
    if let Some(key) = obj.remove("key") {
        link.insert("edge_key".into(), key);
    }
    link.insert("key".into(), json!(relation.id().as_str()));
    link.extend(std::mem::take(obj));
    // The record leaves `inferred` out when it is false; GraphML and CSV write it on every edge.
    link.insert("inferred".into(), json!(relation.inferred));
    Value::Object(link)
}

/// Reads node-link JSON (with `edges`, or `links` as networkx wrote before 3.4) into nodes and relations. Nothing is validated against a graph here; the
/// caller applies them through the write path, which validates everything before writing anything.
pub fn import(text: &str) -> Result<(Vec<Node>, Vec<Relation>), FormatError> {
    // Items stay raw until each is read on its own: a whole document as `Value` takes several times
    // the file's size in memory.
    #[derive(serde::Deserialize)]
    struct Document<'a> {
        directed: Option<bool>,
        #[serde(borrow)]
        nodes: Option<Vec<&'a RawValue>>,
        #[serde(borrow)]
        links: Option<Vec<&'a RawValue>>,
        #[serde(borrow)]
        edges: Option<Vec<&'a RawValue>>,
    }
    let doc: Document<'_> = serde_json::from_str(text).map_err(|e| {
        let reason = if e.is_data() {
            format!("{e} (`nodes` and `edges` (or `links`) must be arrays)")
        } else {
            e.to_string()
        };
        FormatError::new("node-link JSON", reason)
    })?;
    if doc.directed == Some(false) {
        return Err(FormatError::new(
            "node-link JSON",
            "the graph must be directed",
        ));
    }
    let item = |raw: &RawValue| serde_json::from_str::<Value>(raw.get());
    let mut nodes = Vec::new();
    for (i, raw) in doc.nodes.unwrap_or_default().into_iter().enumerate() {
        let mut v =
            item(raw).map_err(|e| FormatError::new(format!("nodes[{i}]"), e.to_string()))?;
        if let Some(obj) = v.as_object_mut() {
            obj.remove("version");
        }
        let label = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        let node: Node = serde_json::from_value(v)
            .map_err(|e| FormatError::new(format!("nodes[{i}] ({label})"), e.to_string()))?;
        nodes.push(node);
    }
    let links = doc.edges.or(doc.links).unwrap_or_default();
    let mut relations = Vec::with_capacity(links.len());
    for (i, raw) in links.into_iter().enumerate() {
        let v = item(raw).map_err(|e| FormatError::new(format!("edges[{i}]"), e.to_string()))?;
        let Value::Object(mut obj) = v else {
            return Err(FormatError::new(
                format!("edges[{i}]"),
                "an edge must be an object",
            ));
        };
        let from = obj.remove("source").unwrap_or(Value::Null);
        let to = obj.remove("target").unwrap_or(Value::Null);
        obj.remove("id");
        obj.remove("key");
        if let Some(k) = obj.remove("edge_key") {
            obj.insert("key".into(), k);
        }
        obj.insert("from".into(), from);
        obj.insert("to".into(), to);
        let relation: Relation = serde_json::from_value(Value::Object(obj))
            .map_err(|e| FormatError::new(format!("edges[{i}]"), e.to_string()))?;
        relations.push(relation);
    }
    Ok((nodes, relations))
}
