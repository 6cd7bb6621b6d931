//! The properties the cargo-fuzz targets (`fuzz/`) check, run on stable over a fixed set of random
//! inputs so every test run covers them: the standard-code parser and the node-link importer never
//! panic, and a parsed code prints to a canonical form that parses back to itself.

use stdgraph::graph::KnowledgeGraph;
use stdgraph::interchange::nodelink;
use stdgraph::model::{NodeKind, StandardCode};

use crate::support::Rng;

#[test]
fn standard_codes_never_panic_and_round_trip() {
    let pieces = [
        "GB",
        "GB/T",
        "GB/Z",
        "YD/T",
        "SJ/T",
        "T/",
        "ISO",
        "IEC",
        "ISO/IEC",
        "ITU-T",
        "EN",
        " ",
        "/",
        "-",
        "—",
        "–",
        ":",
        ".",
        "1",
        "22239",
        "2019",
        "4943",
        "3",
        "0",
        "99999999999999999999",
        "Ｇ",
        "Ｂ",
        "／",
        "Ｔ",
        "２",
        "x",
        "é",
        "\u{0}",
        "\u{200b}",
        "TC",
        "Part",
        "-1",
        "..",
        "::",
    ];
    let mut rng = Rng(0x5eed);
    let mut accepted = 0;
    for _ in 0..50_000 {
        let n = 1 + rng.next() % 8;
        let input: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
        if let Ok(code) = StandardCode::parse(&input) {
            accepted += 1;
            let printed = code.to_string();
            let again = StandardCode::parse(&printed)
                .unwrap_or_else(|e| panic!("`{input}` printed as `{printed}`: {e}"));
            assert_eq!(again.key(), code.key(), "`{input}` -> `{printed}`");
            assert_eq!(again.to_string(), printed, "`{input}`");
        }
    }
    assert!(
        accepted > 1000,
        "the generator should reach valid codes too ({accepted})"
    );
}

#[test]
fn node_link_import_never_panics() {
    let base = include_str!("../fuzz/corpus/nodelink_import/small.json");
    let mut rng = Rng(0xfeed);
    let tokens = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "null",
        "true",
        "1e999",
        "-0",
        "\"kind\"",
        "\"Topic\"",
        "\"source\"",
        "\"target\"",
        "\"links\"",
        "\"edges\"",
        "\"nodes\"",
        "\"id\"",
        "\"src:a\"",
        "\"part_of\"",
        "\\u0000",
        "\u{fffd}",
    ];
    for round in 0..5_000 {
        let mut text = base.to_owned();
        for _ in 0..(1 + rng.next() % 4) {
            let mut at = (rng.next() % (text.len() as u64 + 1)) as usize;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match rng.next() % 3 {
                0 => {
                    let token: &&str = rng.pick(&tokens[..]);
                    text.insert_str(at, token);
                }
                1 => text.truncate(at),
                _ => {
                    let mut end = (at + (rng.next() % 20) as usize).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
            }
        }
        if let Ok((nodes, relations)) = nodelink::import(&text) {
            let mut graph = KnowledgeGraph::new();
            let (sources, others): (Vec<_>, Vec<_>) = nodes
                .into_iter()
                .partition(|n| n.kind() == NodeKind::Source);
            for node in sources.into_iter().chain(others) {
                let _ = graph.insert_node(node, 1);
            }
            for relation in relations {
                let _ = graph.insert_relation(relation);
            }
        }
        let _ = round;
    }
}
