//! The exported SDL stays in step with the code.

#[test]
fn schema_graphql_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql exists at the repository root");
    let current = stdgraph::api::sdl();
    assert!(
        committed == current,
        "schema.graphql is out of date: run `cargo run -- schema > schema.graphql` and commit it"
    );
}

/// Issue 17, point 8: `__schema { description }` answers the schema's own description, the one
/// `schema.graphql` carries above `schema { ... }`, not async-graphql's text about schemas in general;
/// also under an alias and through a fragment.
#[tokio::test]
async fn the_schema_describes_itself_as_schema_graphql_does() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql exists at the repository root");
    let before_schema = &committed[..committed.rfind("\nschema {").expect("a schema definition")];
    let description = before_schema
        .trim_end()
        .strip_suffix("\"\"\"")
        .and_then(|s| s.rsplit_once("\"\"\"\n"))
        .map(|(_, d)| d.trim())
        .expect("schema.graphql describes the schema");
    assert!(description.starts_with("stdgraph"), "{description}");

    let t = crate::support::TestApp::seeded();
    let data = t
        .data(
            "{ __schema { description } s: __schema { d: description queryType { name } }
               ...F }
             fragment F on QueryRoot { f: __schema { description } }",
        )
        .await;
    assert_eq!(data["__schema"]["description"], description);
    assert_eq!(data["s"]["d"], description);
    assert_eq!(data["s"]["queryType"]["name"], "QueryRoot");
    assert_eq!(data["f"]["description"], description);
}
