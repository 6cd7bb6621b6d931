//! GraphML with typed attributes (Gephi, yEd, `networkx.read_graphml`): one `<key>` per field with its
//! type (`boolean`, `long`, `double`, `string`), a directed graph, and each relation's id as the edge id
//! so networkx reads parallel relations as a multigraph with those keys.

use std::fmt::Write as _;

use super::tabular::{
    ColumnType, NODE_COLUMNS, RELATION_COLUMNS, Record, View, columns, node_record, relation_record,
};

fn attr_type(t: ColumnType) -> &'static str {
    match t {
        ColumnType::Bool => "boolean",
        ColumnType::Int => "long",
        ColumnType::Float => "double",
        ColumnType::Text => "string",
    }
}

/// Escapes text for XML attribute values and content, and drops characters XML 1.0 forbids.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// The view as a GraphML document.
pub fn write(view: &View<'_>) -> String {
    let nodes: Vec<Record> = view.nodes.iter().map(|n| node_record(*n)).collect();
    let edges: Vec<Record> = view.relations.iter().map(|r| relation_record(r)).collect();
    // `id` is the GraphML id itself; `source`/`target` are the edge's ends.
    let node_cols: Vec<_> = columns(&nodes, NODE_COLUMNS)
        .into_iter()
        .filter(|(c, _)| c != "id")
        .collect();
    let edge_cols: Vec<_> = columns(&edges, RELATION_COLUMNS)
        .into_iter()
        .filter(|(c, _)| !matches!(c.as_str(), "id" | "source" | "target"))
        .collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (name, t) in &node_cols {
        let _ = writeln!(
            out,
            "  <key id=\"n_{0}\" for=\"node\" attr.name=\"{0}\" attr.type=\"{1}\"/>",
            escape(name),
            attr_type(*t)
        );
    }
    for (name, t) in &edge_cols {
        let _ = writeln!(
            out,
            "  <key id=\"e_{0}\" for=\"edge\" attr.name=\"{0}\" attr.type=\"{1}\"/>",
            escape(name),
            attr_type(*t)
        );
    }
    out.push_str("  <graph id=\"stdgraph\" edgedefault=\"directed\">\n");
    for record in &nodes {
        let id = record.get("id").map(|c| c.render()).unwrap_or_default();
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&id));
        for (name, _) in &node_cols {
            if let Some(cell) = record.get(name) {
                let _ = writeln!(
                    out,
                    "      <data key=\"n_{}\">{}</data>",
                    escape(name),
                    escape(&cell.render())
                );
            }
        }
        out.push_str("    </node>\n");
    }
    for record in &edges {
        let get = |k: &str| record.get(k).map(|c| c.render()).unwrap_or_default();
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(&get("id")),
            escape(&get("source")),
            escape(&get("target"))
        );
        for (name, _) in &edge_cols {
            if let Some(cell) = record.get(name) {
                let _ = writeln!(
                    out,
                    "      <data key=\"e_{}\">{}</data>",
                    escape(name),
                    escape(&cell.render())
                );
            }
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
