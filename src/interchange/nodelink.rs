//! networkx node-link JSON, the format `networkx.node_link_data` writes and `node_link_graph` reads:
//! `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [...], "links": [...]}`.
//!
//! Nodes carry their fields flat (`id`, `kind`, `name`, ..., `version`); links carry `source`, `target`,
//! `kind`, `key` (the relation id, which networkx uses as the multigraph edge key) and their properties.

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
        "graph": {"name": "stdgraph", "nodes": nodes.len(), "links": links.len()},
        "nodes": nodes,
        "links": links,
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
    Value::Object(link)
}

/// Reads node-link JSON into nodes and relations. Nothing is validated against a graph here; the
/// caller applies them through the write path, which validates everything before writing anything.
pub fn import(text: &str) -> Result<(Vec<Node>, Vec<Relation>), FormatError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| FormatError::new("node-link JSON", e.to_string()))?;
    let array = |field: &str| -> Result<Vec<Value>, FormatError> {
        match doc.get(field) {
            Some(Value::Array(a)) => Ok(a.clone()),
            None if field == "links" => match doc.get("edges") {
                Some(Value::Array(a)) => Ok(a.clone()),
                _ => Ok(Vec::new()),
            },
            _ => Err(FormatError::new(
                "node-link JSON",
                format!("`{field}` must be an array"),
            )),
        }
    };
    if doc.get("directed") == Some(&Value::Bool(false)) {
        return Err(FormatError::new(
            "node-link JSON",
            "the graph must be directed",
        ));
    }
    let mut nodes = Vec::new();
    for (i, mut v) in array("nodes")?.into_iter().enumerate() {
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
    let mut relations = Vec::new();
    for (i, v) in array("links")?.into_iter().enumerate() {
        let Value::Object(mut obj) = v else {
            return Err(FormatError::new(
                format!("links[{i}]"),
                "a link must be an object",
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
            .map_err(|e| FormatError::new(format!("links[{i}]"), e.to_string()))?;
        relations.push(relation);
    }
    Ok((nodes, relations))
}
