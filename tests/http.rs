//! End to end over HTTP: the real router on 127.0.0.1:0, and the real binary.

use std::process::{Command, Stdio};

use serde_json::{Value, json};
use stdgraph::config::Config;

use crate::support::{Binary, TestServer, client, post, post_json, spawn_server};

/// A server with `config`, without rate limits: these tests are about the protocol, not quotas
/// (tests/attacks.rs covers those).
async fn serve(config: Config) -> TestServer {
    spawn_server(Config {
        rate_limit_queries: 0,
        rate_limit_mutations: 0,
        rate_limit_exports: 0,
        ..config
    })
    .await
}

#[tokio::test]
async fn post_and_get_answer_queries() {
    let s = serve(Config::default()).await;
    let q = r#"{ agency(ref: "CESI") { id nameZh } }"#;
    let r = client()
        .post(format!("{}/graphql", s.url))
        .json(&json!({"query": q}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["data"]["agency"]["id"], "agency:cesi");

    let r = client()
        .get(format!("{}/graphql", s.url))
        .query(&[("query", q)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["data"]["agency"]["nameZh"], "中国电子标准化研究所");
    s.stop().await;
}

#[tokio::test]
async fn refuses_what_graphql_over_http_forbids() {
    let s = serve(Config::default()).await;
    let c = client();
    let gql = format!("{}/graphql", s.url);

    let r = c
        .get(&gql)
        .query(&[("query", "mutation { x }")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "POST");

    let form = c
        .post(&gql)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("query={__typename}");
    let r = form.send().await.unwrap();
    assert_eq!(r.status(), 415);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "INVALID_INPUT");

    let r = c
        .post(&gql)
        .header("content-type", "text/plain")
        .body(r#"{"query":"{__typename}"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);

    let r = c
        .post(&gql)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    let big = "x".repeat(2 << 20);
    let r = c
        .post(&gql)
        .json(&json!({"query": big}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);

    // With the GraphQL-over-HTTP media type, a request that fails validation is a 400.
    let r = c
        .post(&gql)
        .header("accept", "application/graphql-response+json")
        .json(&json!({"query": "{ noSuchField }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.headers()["content-type"],
        "application/graphql-response+json"
    );
    let body: Value = r.json().await.unwrap();
    assert!(
        body.get("data").is_none(),
        "a request that never ran has no data entry: {body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["code"], "INVALID_INPUT");
    // A field error during execution is still a 200 with the error in the body.
    let r = c
        .post(&gql)
        .header("accept", "application/graphql-response+json")
        .json(&json!({"query": r#"{ node(id: "agency:nope") { id } }"#}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
    s.stop().await;
}

#[tokio::test]
async fn graphiql_health_and_root() {
    let s = serve(Config::default()).await;
    let c = client();
    // Both pages come from the binary, with a policy that keeps them on this origin, and every file
    // they reference is served from /assets.
    for page in ["graphiql", "explore"] {
        let r = c.get(format!("{}/{page}", s.url)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("script-src 'self';"),
            "{csp}"
        );
        if page == "explore" {
            assert!(!csp.contains("unsafe-inline"), "{csp}");
        }
        let html = r.text().await.unwrap();
        let references: Vec<&str> = html
            .split(['"', '\''])
            .filter(|part| part.starts_with("/assets/") || part.contains("://"))
            .collect();
        assert!(!references.is_empty(), "{page} references no assets");
        for reference in references {
            assert!(
                reference.starts_with("/assets/"),
                "{page} loads {reference}"
            );
            let asset = c.get(format!("{}{reference}", s.url)).send().await.unwrap();
            assert_eq!(asset.status(), 200, "{reference}");
        }
    }
    let r = c
        .get(format!("{}/assets/../Cargo.toml", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = c.get(format!("{}/health", s.url)).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "ok");
    let r = c.get(format!("{}/", s.url)).send().await.unwrap();
    assert_eq!(r.status(), 307);
    assert_eq!(r.headers()["location"], "/graphiql");
    s.stop().await;
}

/// Under `--reads-require-key`, every route the router serves either is public on purpose (the list
/// below) or refuses a request without a valid key exactly as GraphQL reads do: 401, a Bearer
/// challenge, `UNAUTHENTICATED`, no data, and `unauthenticated` in `/metrics`. The routes come from
/// the table the router is built from, so a route added later is walked too.
#[tokio::test]
async fn every_route_with_graph_data_needs_a_key_when_reads_do() {
    use crate::support::READER_KEY;
    use stdgraph::http::{ROUTES, RouteAccess};
    const PUBLIC: [&str; 7] = [
        "/",
        "/graphiql",
        "/explore",
        "/assets/{*path}",
        "/health",
        "/ready",
        "/metrics",
    ];
    let s = serve(crate::support::keyed_config(true)).await;
    let c = client();
    let mut refusals = 0;
    for route in ROUTES {
        let public = PUBLIC.contains(&route.path);
        assert_eq!(
            route.access == RouteAccess::Public,
            public,
            "{}: public routes are the listed ones only",
            route.path
        );
        assert!(!route.examples.is_empty(), "{} has no example", route.path);
        for example in route.examples {
            for key in [None, Some("sgk_made-up-key"), Some(READER_KEY)] {
                let mut request = c.get(format!("{}{example}", s.url));
                if let Some(key) = key {
                    request = request.bearer_auth(key);
                }
                let r = request.send().await.unwrap();
                let status = r.status().as_u16();
                let challenge = r.headers().get("www-authenticate").cloned();
                let body = r.text().await.unwrap();
                let who = key.unwrap_or("no key");
                if public || key == Some(READER_KEY) {
                    assert_ne!(status, 401, "{example} with {who}: {body}");
                    assert!(challenge.is_none(), "{example} with {who}");
                    if !public {
                        assert_eq!(status, 200, "{example} with {who}: {body}");
                    }
                    continue;
                }
                refusals += 1;
                assert_eq!(status, 401, "{example} with {who} answered: {body:.200}");
                assert_eq!(
                    challenge.as_ref().and_then(|v| v.to_str().ok()),
                    Some("Bearer realm=\"stdgraph\""),
                    "{example} with {who}"
                );
                let error: Value = serde_json::from_str(&body).unwrap();
                assert_eq!(error["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
                assert!(error.get("data").is_none(), "{example} with {who}: {body}");
            }
        }
    }
    assert_eq!(
        refusals, 10,
        "two refusals for /graphql and each of the four exports"
    );
    let metrics = metrics(&s.url).await;
    let line = format!("stdgraph_rejected_requests_total{{reason=\"unauthenticated\"}} {refusals}");
    assert!(metrics.contains(&line), "missing `{line}` in:\n{metrics}");
    s.stop().await;
}

#[tokio::test]
async fn exports_for_analytics_tools() {
    let s = serve(Config::default()).await;
    let c = client();
    let get = |path: &str| c.get(format!("{}{path}", s.url)).send();

    let r = get("/export/graph.json").await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    let whole: Value = r.json().await.unwrap();
    assert_eq!(whole["directed"], true);
    let node_count = whole["nodes"].as_array().unwrap().len();

    let r = get("/export/graph.json?center=CESI&depth=1").await.unwrap();
    let part: Value = r.json().await.unwrap();
    let part_nodes = part["nodes"].as_array().unwrap();
    assert!(part_nodes.len() < node_count && part_nodes.iter().any(|n| n["id"] == "agency:cesi"));

    let r = get("/export/graph.graphml?kinds=Agency,TechnicalCommittee")
        .await
        .unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/graphml+xml")
    );
    let xml = r.text().await.unwrap();
    assert!(xml.contains("<node id=\"tc:tc260\">") && !xml.contains("kind\">Standard<"));
    assert!(xml.contains("attr.name=\"version\" attr.type=\"long\""));

    let text = |path: &'static str| async move { get(path).await.unwrap().text().await.unwrap() };
    let nodes_csv = text("/export/nodes.csv?topic=Cybersecurity").await;
    assert!(nodes_csv.starts_with("id,kind,name,"));
    assert!(nodes_csv.contains("std:gb-t-22239-2019"));
    // An event that only discussed 5G is exported with `topicVia=all`, not by default.
    let etsi = "event:etsi-delegation-visit-beijing-2019";
    assert!(!text("/export/nodes.csv?topic=5G").await.contains(etsi));
    assert!(
        text("/export/nodes.csv?topic=5G&topicVia=all")
            .await
            .contains(etsi)
    );
    let edges_csv = text("/export/edges.csv?relationKinds=issued_by").await;
    assert!(edges_csv.starts_with("id,source,target,kind,"));
    assert!(edges_csv.lines().skip(1).all(|l| l.contains(",issued_by,")));

    let refused = [
        ("/export/graph.xlsx", 404),
        ("/export/graph.json?depht=2", 400),
        ("/export/graph.json?center=Nobody", 400),
        ("/export/graph.json?kinds=Spaceship", 400),
        ("/export/graph.json?topic=5G&topicVia=discussed", 400),
    ];
    for (path, status) in refused {
        assert_eq!(get(path).await.unwrap().status(), status, "{path}");
    }
    s.stop().await;
}

/// The real binary: prints its address once it accepts connections, serves, and exits cleanly on SIGTERM
/// with the store flushed and the graph image written (a second start finds the seeded store, does not
/// seed again, and reads the graph from the image).
#[tokio::test]
async fn the_binary_serves_and_shuts_down_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    for round in 0..2 {
        let log = logs.path().join(format!("round-{round}.log"));
        let mut server = Binary::serve(dir.path(), |command| {
            command
                .env("NO_COLOR", "1")
                .stderr(std::fs::File::create(&log).unwrap());
        });
        let url = server.listening();
        let body: Value = client()
            .post(format!("{url}/graphql"))
            .json(&json!({"query": "{ stats { nodes } }"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            body["data"]["stats"]["nodes"].as_u64().unwrap() > 200,
            "round {round}: {body}"
        );
        server.terminate();
        let status = server.wait();
        assert!(status.success(), "round {round}: exit status {status}");
        assert!(
            dir.path().join(stdgraph::app::image::FILE_NAME).exists(),
            "round {round}: no graph image after a clean shutdown"
        );
        let log = std::fs::read_to_string(&log).unwrap();
        let from_image = log.contains("loaded the graph image");
        assert_eq!(from_image, round == 1, "round {round}: {log}");
    }
}

/// SIGTERM while a long read runs: the real binary answers it `UNAVAILABLE` and exits cleanly at once,
/// well within its grace period (8 s), instead of waiting for the computation (or, with the work on
/// an async worker, for ever: the runtime cannot stop a worker that never yields).
#[tokio::test]
async fn the_binary_stops_a_long_read_on_sigterm() {
    use crate::support::READER_KEY;
    use stdgraph::app::{WriteOptions, creation_order};
    let dir = tempfile::tempdir().unwrap();
    {
        let app = stdgraph::server::open_app(dir.path()).unwrap();
        let (nodes, relations) = stdgraph_generate::generate(5_000, 42);
        app.write_blocking(
            creation_order(nodes, relations),
            "import",
            WriteOptions::in_chunks(10_000),
        )
        .unwrap();
        app.close_after_bulk_write().unwrap();
    }
    let mut server = Binary::serve(dir.path(), |command| {
        command
            .args(["--request-timeout-secs", "300"])
            .env(
                "STDGRAPH_KEYS",
                format!("rita:reader:{}", stdgraph::auth::digest_hex(READER_KEY)),
            )
            .stderr(Stdio::null());
    });
    let url = server.listening();
    let heavy = tokio::spawn(async move {
        client()
            .post(format!("{url}/graphql"))
            .bearer_auth(READER_KEY)
            .json(&json!({"query": "{ centrality(measure: BETWEENNESS, directed: false, first: 3) { rank } }"}))
            .send()
            .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(
        !heavy.is_finished(),
        "betweenness on 5,000 nodes ended too soon to test anything"
    );
    let stopping = std::time::Instant::now();
    server.terminate();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        if stopping.elapsed() > std::time::Duration::from_secs(20) {
            panic!("the server still ran 20 s after SIGTERM");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let took = stopping.elapsed();
    assert!(status.success(), "exit status {status}");
    assert!(
        took < std::time::Duration::from_secs(4),
        "exited {took:?} after SIGTERM"
    );
    let answer: Value = heavy.await.unwrap().unwrap().json().await.unwrap();
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{answer}"
    );
}

/// Without a command the binary serves, configured by `STDGRAPH_*` variables alone.
#[test]
fn the_default_command_is_serve_configured_by_environment() {
    let dir = tempfile::tempdir().unwrap();
    let url = Binary::start(
        Command::new(env!("CARGO_BIN_EXE_stdgraph"))
            .env("STDGRAPH_ADDR", "127.0.0.1:0")
            .env("STDGRAPH_DATA", dir.path())
            .stderr(Stdio::null()),
    )
    .listening();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(!url.ends_with(":8080"), "STDGRAPH_ADDR was ignored: {url}");
    assert!(
        dir.path().join("db").exists() || std::fs::read_dir(dir.path()).unwrap().next().is_some()
    );
}

/// CORS answers only the configured origins; introspection and suggestions can be switched off.
#[tokio::test]
async fn cors_allow_list_and_introspection_switch() {
    let s = spawn_server(Config {
        cors_origins: vec!["https://app.example.org".to_owned()],
        disable_introspection: true,
        disable_suggestions: true,
        ..Config::default()
    })
    .await;
    let url = s.graphql();
    let c = client();
    let preflight = |origin: &'static str| {
        c.request(reqwest::Method::OPTIONS, &url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("https://app.example.org").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example.org"
    );
    let refused = preflight("https://evil.example.com").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let body: Value = c
        .post(&url)
        .json(&json!({"query": "{ __schema { queryType { name } } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["__schema"],
        Value::Null,
        "introspection answered although disabled: {body}"
    );
    let body: Value = c
        .post(&url)
        .json(&json!({"query": "{ agencie { totalCount } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        !body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean"),
        "{body}"
    );
    s.stop().await;
}

/// A server started in-process runs the same lifecycle as `stdgraph serve`: stopping it flushes the
/// store and writes the graph image, so the next start reads the image and finds the write.
#[tokio::test]
async fn a_stopped_server_leaves_its_store_flushed_and_its_image_written() {
    let s = spawn_server(crate::support::keyed_config(false)).await;
    let rename = r#"mutation { updateTopic(id: "topic:big-data", patch: {description: "kept"}) { version } }"#;
    let r =
        crate::support::post_query(&s.graphql(), Some(crate::support::EDITOR_KEY), rename).await;
    assert_eq!(r.status(), 200);
    let data = s.stop().await;
    let app = stdgraph::server::open_app(data.path()).unwrap();
    assert!(
        matches!(app.loaded(), stdgraph::app::Loaded::Image { replayed: 0 }),
        "{:?}",
        app.loaded()
    );
    let topic = app
        .snapshot()
        .get("topic:big-data")
        .map(|n| format!("{n:?}"));
    assert!(
        topic.is_some_and(|t| t.contains("\"kept\"")),
        "the write is lost"
    );
}

/// GET requests pick the operation named by `operationName` and read `variables` as JSON.
#[tokio::test]
async fn get_honours_operation_name_and_variables() {
    let s = serve(Config::default()).await;
    let doc = "query Q { stats { nodes } } query R($id: ID!) { node(id: $id) { id } }";
    for _ in 0..5 {
        let body: Value = client()
            .get(format!("{}/graphql", s.url))
            .query(&[
                ("query", doc),
                ("operationName", "R"),
                ("variables", r#"{"id": "agency:sac"}"#),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body, json!({"data": {"node": {"id": "agency:sac"}}}));
    }
    let r = client()
        .get(format!("{}/graphql", s.url))
        .query(&[("query", "{ stats { nodes } }"), ("variables", "not json")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // The query string is read by hand (async-graphql-axum's GET parser reads `operation_name`, not
    // `operationName`); a parameter given twice is refused, so a second `query` cannot slip past
    // what a proxy or log saw in the first.
    let r = client()
        .get(format!("{}/graphql", s.url))
        .query(&[
            ("query", "{ stats { nodes } }"),
            ("query", "{ __typename }"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("`query` is given twice"), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "INVALID_INPUT");
    s.stop().await;
}

/// `/metrics` in Prometheus's text format and `/ready` reflect what the server did and its state.
#[tokio::test]
async fn metrics_and_readiness() {
    let s = spawn_server(Config::default()).await;
    let base = s.url.clone();
    let c = client();
    let post = |query: String| {
        c.post(format!("{base}/graphql"))
            .json(&json!({"query": query, "operationName": "Count"}))
            .send()
    };
    post("query Count { stats { nodes } }".to_owned())
        .await
        .unwrap();
    let aliases = (0..40)
        .map(|i| format!("a{i}: stats {{ nodes }}"))
        .collect::<Vec<_>>();
    post(format!("query Count {{ {} }}", aliases.join(" ")))
        .await
        .unwrap();
    // A write without a key is refused for want of one: counted `unauthenticated`, not `error`.
    let keyless = c
        .post(format!("{base}/graphql"))
        .json(&json!({"query": "mutation Rename { updateTopic(id: \"topic:big-data\", patch: {description: \"x\"}) { version } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(keyless.status(), 200);
    // The second time, the query's compiled plan answers.
    for _ in 0..2 {
        c.post(format!("{base}/graphql"))
            .json(&json!({"query": "{ node(id: \"agency:sac\") { id name } }"}))
            .send()
            .await
            .unwrap();
    }
    assert_eq!(
        c.get(format!("{base}/ready"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let text = metrics(&base).await;
    for line in [
        "stdgraph_graphql_requests_total{operation=\"Count\",type=\"query\",outcome=\"ok\"} 1",
        "stdgraph_graphql_requests_total{operation=\"Count\",type=\"query\",outcome=\"rejected\"} 1",
        "stdgraph_rejected_requests_total{reason=\"aliases\"} 1",
        "stdgraph_graphql_requests_total{operation=\"Rename\",type=\"mutation\",outcome=\"unauthenticated\"} 1",
        "stdgraph_query_plan_requests_total{outcome=\"answered\"} 1",
        "stdgraph_query_plan_requests_total{outcome=\"declined\"} 0",
        "stdgraph_graph_nodes 260",
        "stdgraph_store_writable 1",
        "stdgraph_write_duration_seconds_count 1",
        "stdgraph_store_flush_duration_seconds_count 1",
        "# TYPE stdgraph_graphql_request_duration_seconds histogram",
        "stdgraph_graphql_request_duration_seconds_bucket{type=\"query\",le=\"+Inf\"} 4",
        "stdgraph_graphql_request_duration_seconds_count{type=\"subscription\"} 0",
        "stdgraph_store_flush_duration_seconds_bucket{le=\"10\"} 1",
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
    assert!(text.contains("stdgraph_store_bytes "));
    // A failed write, or the start of shutdown, makes the server not ready.
    s.app().simulate_write_failure();
    let r = c.get(format!("{base}/ready")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.text().await.unwrap().contains("refuses writes"));
    s.stop().await;
}

/// Logs name each request's operation and duration, as text or JSON, and never contain a key.
#[test]
fn logs_carry_operations_and_never_keys() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let key = "sgk_secret-value-that-must-not-be-logged";
    let digest = stdgraph::auth::digest_hex(key);
    let mut server = Binary::serve(&dir.path().join("data"), |command| {
        command
            .args(["--log-format", "json"])
            .env("STDGRAPH_KEYS", format!("ed:editor:{digest}"))
            .env("STDGRAPH_LOG", "debug")
            .stderr(std::fs::File::create(&log).unwrap());
    });
    let url = server.listening();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let r = client()
            .post(format!("{url}/graphql"))
            .bearer_auth(key)
            .json(&json!({"query": "mutation Rename { updateTopic(id: \"topic:big-data\", patch: {description: \"x\"}) { version } }"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let r = client()
            .post(format!("{url}/graphql"))
            .json(&json!({"query": "mutation Keyless { updateTopic(id: \"topic:big-data\", patch: {description: \"y\"}) { version } }"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    });
    server.terminate();
    assert!(server.wait().success());
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(!logs.contains(key), "a key reached the logs");
    assert!(!logs.contains(&digest), "a key digest reached the logs");
    let request = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["message"] == "graphql")
        .unwrap_or_else(|| panic!("no request log line in:\n{logs}"));
    assert_eq!(request["operation"], "Rename");
    assert_eq!(request["type"], "mutation");
    assert_eq!(request["outcome"], "ok");
    assert!(request["elapsed_ms"].as_f64().is_some());
    let keyless = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["message"] == "graphql" && l["operation"] == "Keyless")
        .unwrap_or_else(|| panic!("no log line for the keyless write in:\n{logs}"));
    assert_eq!(keyless["outcome"], "unauthenticated");
}

#[tokio::test]
async fn a_query_sent_again_is_answered_from_its_kept_parse() {
    let s = serve(Config::default()).await;
    // Two operations in one document: the kept parse must still run the operation each request
    // names, with each request's own variables, and keep fields in the order selected.
    let q = r#"query A($ref: String!) { agency(ref: $ref) { nameZh id } }
               query B { stats { nodes } }"#;
    let ask = |op: &str, reference: &str| {
        client()
            .post(format!("{}/graphql", s.url))
            .json(&json!({"query": q, "operationName": op, "variables": {"ref": reference}}))
            .send()
    };
    for _ in 0..3 {
        let a: Value = ask("A", "CESI").await.unwrap().json().await.unwrap();
        assert_eq!(a["data"]["agency"]["id"], "agency:cesi");
        let keys: Vec<&String> = a["data"]["agency"].as_object().unwrap().keys().collect();
        let text = ask("A", "SAC").await.unwrap().text().await.unwrap();
        assert!(
            text.contains(r#"{"nameZh":"#),
            "fields out of order: {text}"
        );
        assert!(text.contains("agency:sac"), "{text}");
        let b: Value = ask("B", "CESI").await.unwrap().json().await.unwrap();
        assert!(b["data"]["stats"]["nodes"].as_u64().unwrap() > 100);
        assert_eq!(keys.len(), 2);
    }
    s.stop().await;
}

/// Automatic persisted queries as Apollo clients send them: a bare hash misses with
/// `PERSISTED_QUERY_NOT_FOUND`, hash and query together register it, then the hash alone is enough,
/// over POST and GET; a wrong hash is refused, and a mutation cannot hide behind a hash in a GET.
#[tokio::test]
async fn persisted_queries_answer_a_hash_sent_alone() {
    use sha2::{Digest, Sha256};
    let s = serve(Config::default()).await;
    let url = format!("{}/graphql", s.url);
    let hash = |q: &str| -> String {
        Sha256::digest(q.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let q = r#"query Cesi { agency(ref: "CESI") { id } }"#;
    let ext = json!({"persistedQuery": {"version": 1, "sha256Hash": hash(q)}});
    let expected = json!({"data": {"agency": {"id": "agency:cesi"}}});

    let miss = post(&url, None, &json!({"extensions": ext})).await;
    assert_eq!(miss.status(), 200);
    let miss: Value = miss.json().await.unwrap();
    assert_eq!(miss["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(
        miss["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    assert!(miss.get("data").is_none(), "{miss}");

    assert_eq!(
        post_json(&url, None, &json!({"query": q, "extensions": ext}))
            .await
            .1,
        expected
    );
    for _ in 0..2 {
        assert_eq!(
            post_json(&url, None, &json!({"extensions": ext})).await.1,
            expected
        );
        let by_get: Value = get_extensions(&url, &ext).await.json().await.unwrap();
        assert_eq!(by_get, expected);
    }

    // A hash that is not the query's is refused (a 400 under the GraphQL-over-HTTP media type) and
    // registers nothing.
    let wrong =
        json!({"persistedQuery": {"version": 1, "sha256Hash": hash("{ stats { nodes } }")}});
    let r = client()
        .post(&url)
        .header("accept", "application/graphql-response+json")
        .json(&json!({"query": q, "extensions": wrong}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "INVALID_INPUT");
    let after = post_json(&url, None, &json!({"extensions": wrong})).await.1;
    assert_eq!(
        after["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );

    // A registered mutation's hash over GET is still a mutation over GET.
    let m = r#"mutation { createTopic(input: {id: "topic:apq", name: "APQ", sources: ["src:sesec-2019-a01"]}) { id } }"#;
    let mext = json!({"persistedQuery": {"version": 1, "sha256Hash": hash(m)}});
    post(&url, None, &json!({"query": m, "extensions": mext})).await;
    assert_eq!(get_extensions(&url, &mext).await.status(), 405);
    s.stop().await;
}

/// The text of `/metrics` of the server at `base`.
async fn metrics(base: &str) -> String {
    let r = client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap();
    r.text().await.unwrap()
}

/// GETs `url` with only an `extensions` parameter.
async fn get_extensions(url: &str, extensions: &Value) -> reqwest::Response {
    let params = [("extensions", extensions.to_string())];
    client().get(url).query(&params).send().await.unwrap()
}

/// While the server runs, the graph image is written again once it falls `--image-refresh` changes
/// behind, so a start after a crash replays few changes.
#[test]
fn the_server_rewrites_the_graph_image_as_changes_accumulate() {
    let dir = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("serve.log");
    let key = "sgk_image-refresh-test-key";
    let digest = stdgraph::auth::digest_hex(key);
    let mut server = Binary::serve(dir.path(), |command| {
        command
            .args(["--image-refresh", "3"])
            .env("STDGRAPH_KEYS", format!("ed:editor:{digest}"))
            .env("NO_COLOR", "1")
            .stderr(std::fs::File::create(&log).unwrap());
    });
    let url = server.listening();
    let writes = |log: &str| log.matches("wrote the graph image").count();
    let wait_for = |count: usize| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let text = std::fs::read_to_string(&log).unwrap();
            if writes(&text) >= count {
                return text;
            }
            assert!(std::time::Instant::now() < deadline, "{text}");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    // A new store has no image: the server writes one at once.
    wait_for(1);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let update = |n: usize| {
        let query = format!(
            r#"mutation {{ updateTopic(id: "topic:big-data", patch: {{description: "edit {n}"}}) {{ version }} }}"#
        );
        runtime.block_on(async {
            let r = client()
                .post(format!("{url}/graphql"))
                .bearer_auth(key)
                .json(&json!({ "query": query }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
        });
    };
    update(1);
    update(2);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        writes(&std::fs::read_to_string(&log).unwrap()),
        1,
        "two changes are fewer than --image-refresh 3"
    );
    update(3);
    wait_for(2);
    server.terminate();
    assert!(server.wait().success());
}

/// Issue 17, points 2c and 7: a JSON body in another charset is refused with 415 (UTF-8 in any
/// spelling is accepted), and a body without `query` is a 400 that says so, not a parse error.
#[tokio::test]
async fn refuses_other_charsets_and_bodies_without_a_query() {
    let s = serve(Config::default()).await;
    let c = client();
    let gql = format!("{}/graphql", s.url);
    let post = |content_type: &'static str, body: &'static str| {
        c.post(&gql)
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    for refused in [
        "application/json; charset=bogus",
        "application/json; charset=latin1",
        "application/json;charset=\"utf-16\"",
    ] {
        let r = post(refused, r#"{"query":"{__typename}"}"#).await.unwrap();
        assert_eq!(r.status(), 415, "{refused}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "INVALID_INPUT");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("charset"),
            "{body}"
        );
    }
    for accepted in [
        "application/json; charset=utf-8",
        "application/json; charset=UTF-8",
        "application/json;charset=\"utf-8\"",
    ] {
        let r = post(accepted, r#"{"query":"{__typename}"}"#).await.unwrap();
        assert_eq!(r.status(), 200, "{accepted}");
    }

    for body in ["{}", r#"{"qeury":"{__typename}"}"#, r#"{"query":"  "}"#] {
        let r = post("application/json", body).await.unwrap();
        assert_eq!(r.status(), 400, "{body}");
        let answer: Value = r.json().await.unwrap();
        assert_eq!(answer["errors"][0]["message"], "the request has no `query`");
        assert_eq!(answer["errors"][0]["extensions"]["code"], "INVALID_INPUT");
    }
    let r = c.get(&gql).query(&[("qeury", "{__typename}")]).send().await;
    assert_eq!(r.unwrap().status(), 400);
    s.stop().await;
}
