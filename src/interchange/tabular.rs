//! Flat records of nodes and relations, shared by the GraphML and CSV writers: every field becomes a
//! typed scalar column, lists are joined with `; `, nested values are written as JSON.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::graph::{KnowledgeGraph, NodeRef, Subgraph};
use crate::model::Relation;

/// A typed cell value.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// The column type of a set of cells: the narrowest type every cell fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnType {
    Bool,
    Int,
    Float,
    Text,
}

impl Cell {
    fn column_type(&self) -> ColumnType {
        match self {
            Cell::Bool(_) => ColumnType::Bool,
            Cell::Int(_) => ColumnType::Int,
            Cell::Float(_) => ColumnType::Float,
            Cell::Text(_) => ColumnType::Text,
        }
    }

    /// The cell as text, for CSV and GraphML.
    pub fn render(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// One row: column name -> cell.
pub type Record = BTreeMap<String, Cell>;

/// The nodes and relations an export writes: the whole graph or a subgraph.
pub struct View<'g> {
    pub nodes: Vec<NodeRef<'g>>,
    pub relations: Vec<&'g Relation>,
}

impl<'g> View<'g> {
    pub fn whole(graph: &'g KnowledgeGraph) -> Self {
        Self {
            nodes: graph.all_nodes().collect(),
            relations: graph.all_relations(),
        }
    }

    pub fn of(graph: &'g KnowledgeGraph, sub: &Subgraph) -> Self {
        Self {
            nodes: sub
                .nodes
                .iter()
                .filter_map(|(h, _)| graph.resolve(*h))
                .collect(),
            relations: sub
                .relations
                .iter()
                .filter_map(|h| graph.relation_by_handle(*h))
                .collect(),
        }
    }
}

fn cells(value: Value) -> Record {
    let mut record = Record::new();
    let Value::Object(map) = value else {
        return record;
    };
    for (key, v) in map {
        let cell = match v {
            Value::Null => continue,
            Value::Bool(b) => Cell::Bool(b),
            Value::Number(n) => n
                .as_i64()
                .map_or_else(|| Cell::Float(n.as_f64().unwrap_or(f64::NAN)), Cell::Int),
            Value::String(s) => Cell::Text(s),
            Value::Array(items) if items.iter().all(Value::is_string) => Cell::Text(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            other => Cell::Text(other.to_string()),
        };
        record.insert(key, cell);
    }
    record
}

/// A node as a record, with its version.
pub fn node_record(node: NodeRef<'_>) -> Record {
    let mut record = cells(serde_json::to_value(node.node()).expect("nodes serialize to JSON"));
    record.insert("version".to_owned(), Cell::Int(node.version() as i64));
    record
}

/// A relation as a record: `id`, `source`, `target`, `kind`, `edge_key` (its own key), `inferred` and
/// its other properties.
pub fn relation_record(relation: &Relation) -> Record {
    let mut record = cells(serde_json::to_value(relation).expect("relations serialize to JSON"));
    if let Some(from) = record.remove("from") {
        record.insert("source".to_owned(), from);
    }
    if let Some(to) = record.remove("to") {
        record.insert("target".to_owned(), to);
    }
    // The relation's own key is `edge_key` in every format: in node-link JSON `key` is the edge key
    // networkx uses, the relation id.
    if let Some(key) = record.remove("key") {
        record.insert("edge_key".to_owned(), key);
    }
    record.insert("id".to_owned(), Cell::Text(relation.id().to_string()));
    record.insert("inferred".to_owned(), Cell::Bool(relation.inferred));
    record
}

/// Column names and types over all records, `first` columns leading in the given order.
pub fn columns(records: &[Record], first: &[&str]) -> Vec<(String, ColumnType)> {
    let mut types: BTreeMap<&str, ColumnType> = BTreeMap::new();
    for r in records {
        for (k, c) in r {
            let t = types.entry(k).or_insert(c.column_type());
            *t = widen(*t, c.column_type());
        }
    }
    let mut out: Vec<(String, ColumnType)> = first
        .iter()
        .filter_map(|k| types.get(k).map(|t| ((*k).to_owned(), *t)))
        .collect();
    out.extend(
        types
            .iter()
            .filter(|(k, _)| !first.contains(k))
            .map(|(k, t)| ((*k).to_owned(), *t)),
    );
    out
}

fn widen(a: ColumnType, b: ColumnType) -> ColumnType {
    match (a, b) {
        (x, y) if x == y => x,
        (ColumnType::Int, ColumnType::Float) | (ColumnType::Float, ColumnType::Int) => {
            ColumnType::Float
        }
        _ => ColumnType::Text,
    }
}

/// Leading node columns.
pub const NODE_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "name",
    "name_zh",
    "aliases",
    "description",
    "sources",
    "version",
];
/// Leading relation columns.
pub const RELATION_COLUMNS: &[&str] = &[
    "id", "source", "target", "kind", "edge_key", "role", "date", "degree", "count", "inferred",
    "note", "sources",
];
