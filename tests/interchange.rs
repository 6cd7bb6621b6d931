//! Node-link JSON round trips, and import validates everything before it writes anything.

use stdgraph::app::{App, WriteOptions, creation_order};
use stdgraph::interchange::{check, nodelink, seed};

#[test]
fn export_then_import_gives_the_same_graph() {
    let a = tempfile::tempdir().unwrap();
    let app = stdgraph::server::open_app(a.path()).unwrap();
    let exported = nodelink::export(&app.snapshot());
    assert_eq!(exported["directed"], true);
    assert_eq!(exported["multigraph"], true);
    let (nodes, relations) = nodelink::import(&exported.to_string()).unwrap();

    let b = tempfile::tempdir().unwrap();
    let fresh = App::open(b.path(), Vec::new).unwrap();
    assert_eq!(
        fresh.snapshot().node_count(),
        0,
        "a store opened without a seed starts empty"
    );
    fresh
        .write_blocking(
            creation_order(nodes, relations),
            "test",
            WriteOptions::default(),
        )
        .unwrap();
    assert_eq!(nodelink::export(&fresh.snapshot()), exported);
}

#[test]
fn a_broken_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path(), Vec::new).unwrap();
    let text = serde_json::json!({
        "directed": true, "multigraph": true,
        "nodes": [
            {"id": "src:x", "kind": "Source", "name": "X", "publication": "P"},
            {"id": "agency:a", "kind": "Agency", "name": "A", "sources": ["src:x"]}
        ],
        "links": [{"source": "agency:a", "target": "agency:missing", "kind": "part_of", "sources": ["src:x"]}]
    })
    .to_string();
    let (nodes, relations) = nodelink::import(&text).unwrap();
    let err = app
        .write_blocking(
            creation_order(nodes, relations),
            "test",
            WriteOptions::default(),
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("agency:missing"), "{err}");
    assert_eq!(app.snapshot().node_count(), 0);
}

#[test]
fn the_seed_passes_check() {
    let report = check::check(seed::embedded().unwrap());
    assert!(report.passed(), "{}", report.render());
    assert!(
        report.nodes_by_kind.values().all(|&n| n > 0),
        "every node kind is represented: {}",
        report.render()
    );
}

#[test]
fn check_finds_every_kind_of_problem() {
    let text = r#"
        [[node]]
        id = "src:a"
        kind = "Source"
        name = "Article"
        publication = "P"

        [[node]]
        id = "agency:sac"
        kind = "Agency"
        name = "Standardization Administration of China"
        aliases = ["SAC"]
        description = "d"
        sources = ["src:a"]

        [[node]]
        id = "agency:sac-again"
        kind = "Agency"
        name = "SAC"
        description = "d"
        sources = ["src:a"]

        [[node]]
        id = "org:unsourced"
        kind = "Agency"
        name = "Unsourced"
        description = "d"

        [[node]]
        id = "std:bad"
        kind = "Standard"
        name = "Bad"
        code = "GB/T"
        description = "d"
        sources = ["src:a"]

        [[relation]]
        kind = "issued_by"
        from = "agency:sac"
        to = "agency:sac-again"
        sources = ["src:a"]

        [[relation]]
        kind = "part_of"
        from = "agency:sac"
        to = "agency:ghost"
        sources = ["src:a"]
    "#;
    let seed = seed::parse_files(vec![("t.toml".into(), text.into())]).unwrap();
    let report = check::check(seed);
    let all = report.problems.join("\n");
    for expected in [
        "a Agency id must start with `agency:`",
        "`org:unsourced` has no sources",
        "`std:bad`: field `code` is invalid",
        "cannot go from Agency to Agency",
        "points at `agency:ghost`, which does not exist",
        "possible duplicate entity: \"sac\"",
    ] {
        assert!(all.contains(expected), "missing `{expected}` in:\n{all}");
    }
    let bad_date =
        "[[node]]\nid = \"src:a\"\nkind = \"Source\"\nname = \"A\"\nissued = \"2019-02-30\"\n";
    let err = seed::parse_files(vec![("d.toml".into(), bad_date.into())])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("d.toml") && err.contains("2019-02-30"),
        "{err}"
    );
}

/// `stdgraph import` leaves the graph's image, and the next command that opens the store reads the
/// graph from it: the same graph the import wrote.
#[test]
fn the_import_command_leaves_an_image_that_the_next_start_reads() {
    let work = tempfile::tempdir().unwrap();
    let source = {
        let app = App::open(&work.path().join("source"), Vec::new).unwrap();
        let (nodes, relations) = stdgraph_generate::generate(600, 5);
        app.write_blocking(
            creation_order(nodes, relations),
            "import",
            WriteOptions::in_chunks(100),
        )
        .unwrap();
        nodelink::export(&app.snapshot())
    };
    let input = work.path().join("graph.json");
    std::fs::write(&input, source.to_string()).unwrap();
    let data = work.path().join("data");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stdgraph"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    run(&[
        "--data".as_ref(),
        data.as_ref(),
        "import".as_ref(),
        input.as_ref(),
    ]);
    assert!(data.join(stdgraph::app::image::FILE_NAME).exists());

    let output = work.path().join("out.json");
    let log = run(&[
        "--data".as_ref(),
        data.as_ref(),
        "export".as_ref(),
        output.as_ref(),
    ]);
    assert!(log.contains("loaded the graph image"), "{log}");
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(exported, source);
}

/// The attribute names of each node and each edge, by id, as one export format carries them.
type Attributes = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

/// Node-link JSON: the keys of each item. `key` is left out: it is networkx's multigraph edge key,
/// a copy of the relation id, which GraphML writes as the edge id.
fn json_attributes(items: &serde_json::Value) -> Attributes {
    items
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|item| {
            let obj = item.as_object().expect("an item is an object");
            let names = obj
                .iter()
                .filter(|(k, v)| !v.is_null() && k.as_str() != "key")
                .map(|(k, _)| k.clone())
                .collect();
            (obj["id"].as_str().expect("an id").to_owned(), names)
        })
        .collect()
}

/// GraphML (as our writer lays it out, one element a line): the `id`, `source` and `target` of each
/// element, and the `attr.name` of each `<data>` it holds.
fn graphml_attributes(text: &str, element: &str) -> Attributes {
    let attr = |line: &str, name: &str| -> Option<String> {
        let start = line.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = line[start..].find('"')? + start;
        Some(line[start..end].to_owned())
    };
    let mut names_of_keys = std::collections::BTreeMap::new();
    let mut out = Attributes::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if line.starts_with("<key ") {
            names_of_keys.insert(attr(line, "id").unwrap(), attr(line, "attr.name").unwrap());
        } else if line.starts_with(&format!("<{element} ")) {
            let id = attr(line, "id").unwrap();
            let mut names: std::collections::BTreeSet<String> = ["id".to_owned()].into();
            for end in ["source", "target"] {
                if attr(line, end).is_some() {
                    names.insert(end.to_owned());
                }
            }
            out.insert(id.clone(), names);
            current = Some(id);
        } else if line.starts_with("<data ")
            && let Some(id) = &current
        {
            let name = &names_of_keys[&attr(line, "key").unwrap()];
            out.get_mut(id).unwrap().insert(name.clone());
        } else if line.starts_with(&format!("</{element}>")) {
            current = None;
        }
    }
    out
}

/// The fields of one CSV line (RFC 4180 quoting; our exports hold no line breaks in fields).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// CSV: the columns of the header, and of each row the columns whose cell is not empty.
fn csv_attributes(text: &str) -> (Vec<String>, Attributes) {
    let mut lines = text.lines();
    let header = csv_fields(lines.next().expect("a header"));
    let rows = lines
        .map(|line| {
            let cells = csv_fields(line);
            assert_eq!(cells.len(), header.len(), "{line}");
            let names = header
                .iter()
                .zip(&cells)
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, _)| k.clone())
                .collect();
            (cells[0].clone(), names)
        })
        .collect();
    (header, rows)
}

#[test]
fn every_export_format_carries_the_same_attributes() {
    use stdgraph::interchange::export::{Format, Spec, render};
    let dir = tempfile::tempdir().unwrap();
    let app = stdgraph::server::open_app(dir.path()).unwrap();
    let graph = app.snapshot();
    let export = |format| render(&graph, &Spec::default(), format).unwrap();
    let json: serde_json::Value = serde_json::from_str(&export(Format::NodeLink)).unwrap();
    // networkx 3.4+ reads `edges` by default (`links` raises KeyError: 'edges').
    assert!(json.get("links").is_none(), "the pre-3.4 `links` key");
    let graphml = export(Format::GraphMl);
    for (items, element, csv) in [
        ("nodes", "node", export(Format::NodesCsv)),
        ("edges", "edge", export(Format::EdgesCsv)),
    ] {
        let from_json = json_attributes(&json[items]);
        let from_graphml = graphml_attributes(&graphml, element);
        let (header, from_csv) = csv_attributes(&csv);
        assert!(from_json.len() > 100, "{items}: {}", from_json.len());
        for (id, names) in &from_json {
            assert_eq!(
                Some(names),
                from_graphml.get(id),
                "{items}: `{id}` in node-link JSON and GraphML"
            );
            // CSV cannot tell an empty text from none: every attribute of the row is a JSON one,
            // and every JSON attribute is a column.
            let row = &from_csv[id];
            assert!(
                row.is_subset(names),
                "{items}: `{id}`: CSV {row:?}, JSON {names:?}"
            );
            assert!(
                names.iter().all(|n| header.contains(n)),
                "{items}: `{id}`: JSON {names:?}, CSV columns {header:?}"
            );
        }
        assert_eq!(from_json.len(), from_graphml.len(), "{items}");
        assert_eq!(from_json.len(), from_csv.len(), "{items}");
        let union: std::collections::BTreeSet<&String> = from_json.values().flatten().collect();
        let columns: std::collections::BTreeSet<&String> = header.iter().collect();
        assert_eq!(union, columns, "{items}: JSON attributes and CSV columns");
    }
    // `inferred` is on every edge, false or true.
    let edges = json["edges"].as_array().unwrap();
    assert!(edges.iter().all(|e| e["inferred"].is_boolean()));
    assert!(edges.iter().any(|e| e["inferred"] == false));
}

/// The export of a topic follows `covers_topic` by default; `topic_via: All` (`?topicVia=all`) adds
/// what discussed the topic or one of its sub-topics.
#[test]
fn a_topic_export_follows_every_topical_relation_when_asked() {
    use stdgraph::graph::TopicVia;
    use stdgraph::interchange::export::{Format, Spec, render};
    let dir = tempfile::tempdir().unwrap();
    let app = stdgraph::server::open_app(dir.path()).unwrap();
    let graph = app.snapshot();
    let export = |topic_via| {
        let spec = Spec {
            topic: Some("5G".to_owned()),
            topic_via,
            ..Spec::default()
        };
        render(&graph, &spec, Format::NodesCsv).unwrap()
    };
    let (covers, all) = (export(TopicVia::Covers), export(TopicVia::All));
    for event in [
        "event:etsi-delegation-visit-beijing-2019",
        "event:cn-de-it-security-seminar-2019",
    ] {
        assert!(!covers.contains(event) && all.contains(event), "{event}");
    }
    assert!(
        covers.contains("std:technical-security-requirements-for-5g-mobile-communication-network")
    );
    assert!(all.lines().count() > covers.lines().count());
    let spec = |via: &str| stdgraph::interchange::export::Spec::parse_topic_via(via);
    assert_eq!(spec("ALL"), Ok(TopicVia::All));
    assert_eq!(spec("covers"), Ok(TopicVia::Covers));
    assert!(spec("discussed").unwrap_err().contains("`discussed`"));
}
