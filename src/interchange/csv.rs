//! CSV tables of nodes and relations (RFC 4180), for pandas and BI tools. The node table has one column
//! per field of any kind (empty where a kind lacks it); lists are joined with `; `.

use super::tabular::{
    NODE_COLUMNS, RELATION_COLUMNS, Record, View, columns, node_record, relation_record,
};

fn table(records: &[Record], first: &[&str]) -> String {
    let cols = columns(records, first);
    // RFC 4180: CRLF line ends, fields quoted only when they hold a comma, quote or line break.
    let mut out = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let write = |out: &mut ::csv::Writer<Vec<u8>>, row: Vec<String>| {
        out.write_record(&row)
            .expect("writing CSV to memory cannot fail");
    };
    write(&mut out, cols.iter().map(|(c, _)| c.to_string()).collect());
    for r in records {
        let row = cols
            .iter()
            .map(|(c, _)| r.get(c).map(|v| v.render()).unwrap_or_default())
            .collect();
        write(&mut out, row);
    }
    let bytes = out
        .into_inner()
        .expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
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

    fn record(fields: &[(&str, &str)]) -> Record {
        fields
            .iter()
            .map(|(k, v)| {
                (
                    (*k).to_owned(),
                    super::super::tabular::Cell::Text((*v).to_owned()),
                )
            })
            .collect()
    }

    #[test]
    fn quotes_only_what_needs_it_and_ends_lines_with_crlf() {
        let records = [record(&[
            ("id", "plain"),
            ("name", "a, b"),
            ("note", "say \"hi\"\ntwo lines"),
        ])];
        assert_eq!(
            table(&records, &["id", "name", "note"]),
            "id,name,note\r\nplain,\"a, b\",\"say \"\"hi\"\"\ntwo lines\"\r\n"
        );
    }
}
