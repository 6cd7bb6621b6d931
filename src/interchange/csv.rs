//! CSV tables of nodes and relations (RFC 4180), for pandas and BI tools. The node table has one column
//! per field of any kind (empty where a kind lacks it); lists are joined with `; `.

use super::tabular::{
    NODE_COLUMNS, RELATION_COLUMNS, Record, View, columns, node_record, relation_record,
};

fn table(records: &[Record], first: &[&str]) -> String {
    let cols = columns(records, first);
    let mut out = String::new();
    out.push_str(
        &cols
            .iter()
            .map(|(c, _)| quote(c))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for r in records {
        let row: Vec<String> = cols
            .iter()
            .map(|(c, _)| r.get(c).map(|v| quote(&v.render())).unwrap_or_default())
            .collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Quotes a field when it contains a comma, quote or line break.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// `nodes.csv`.
pub fn nodes(view: &View<'_>) -> String {
    let records: Vec<Record> = view.nodes.iter().map(|n| node_record(*n)).collect();
    table(&records, NODE_COLUMNS)
}

/// `edges.csv`: one row per relation, `source` and `target` being node ids.
pub fn edges(view: &View<'_>) -> String {
    let records: Vec<Record> = view.relations.iter().map(|r| relation_record(r)).collect();
    table(&records, RELATION_COLUMNS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }
}
