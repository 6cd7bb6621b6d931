//! Node-link JSON round trips, and import validates everything before it writes anything.

use stdgraph::app::{App, creation_order};
use stdgraph::interchange::{check, nodelink, seed};

#[test]
fn export_then_import_gives_the_same_graph() {
    let a = tempfile::tempdir().unwrap();
    let app = stdgraph::cli::open_app(a.path()).unwrap();
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
        .apply(creation_order(nodes, relations), "test")
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
        .apply(creation_order(nodes, relations), "test")
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
        let (nodes, relations) = stdgraph::interchange::generate::generate(600, 5);
        app.apply_in_chunks(creation_order(nodes, relations), "import", 100)
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
