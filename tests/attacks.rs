//! One test per known GraphQL attack, against the real server on 127.0.0.1: each is refused quickly,
//! with a clear error, while a normal query sent at the same time still succeeds.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stdgraph::app::{App, Change, creation_order};
use stdgraph::config::Config;
use stdgraph::graph::KnowledgeGraph;
use stdgraph::http;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{TestServer, post_json, post_query, spawn_server};

/// How long a refusal may take.
const QUICK: Duration = Duration::from_secs(2);

/// A server whose request and header timeouts are 1 s, so slow attacks end quickly.
async fn server() -> TestServer {
    spawn_server(Config {
        request_timeout_secs: 1,
        header_read_timeout_secs: 1,
        ..Config::default()
    })
    .await
}

fn url(addr: SocketAddr) -> String {
    format!("http://{addr}/graphql")
}

/// A normal analyst query that must keep working during every attack.
async fn normal_query(addr: SocketAddr) {
    let (status, body) = post_json(
        &url(addr),
        None,
        &json!({"query": r#"{ standard(code: "GB/T 22239-2019") { code issuedBy { id } } }"#}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["standard"]["code"], "GB/T 22239-2019",
        "{body}"
    );
}

/// Runs `attack` next to a normal query; the attack must end within [`QUICK`].
async fn during<F, T>(addr: SocketAddr, attack: F) -> T
where
    F: std::future::Future<Output = T>,
{
    let started = Instant::now();
    let (result, ()) = tokio::join!(
        async {
            let r = attack.await;
            let took = started.elapsed();
            assert!(took < QUICK, "the attack took {took:?} to refuse");
            r
        },
        normal_query(addr)
    );
    result
}

/// True for the refusals of over-deep documents: the depth limit, or the parser's and validator's
/// recursion limits for documents deeper still.
fn too_deep(e: &Value) -> bool {
    let m = e["message"].as_str().unwrap_or("");
    m.contains("nested too deep") || m.contains("recursion") || m.contains("stack limit")
}

/// Posts `query` as an attack and returns the first error's code and `limit` (or message).
async fn refused(addr: SocketAddr, query: String) -> (u16, Value) {
    let (status, body) = during(addr, post_json(&url(addr), None, &json!({"query": query}))).await;
    assert!(
        body.get("data").is_none() || body["data"].is_null(),
        "{body}"
    );
    assert!(
        body["errors"][0]["extensions"]["code"].is_string(),
        "{body}"
    );
    (status, body["errors"][0].clone())
}

#[tokio::test]
async fn alias_overloading() {
    let s = server().await;
    let query = format!(
        "{{ {} }}",
        (0..200)
            .map(|i| format!("a{i}: stats {{ nodes }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let (_, e) = refused(s.addr, query).await;
    assert_eq!(e["extensions"]["limit"], "aliases", "{e}");
    assert_eq!(e["extensions"]["code"], "INVALID_INPUT");
    s.stop().await;
}

#[tokio::test]
async fn field_duplication() {
    let s = server().await;
    let query = format!("{{ stats {{ {} }} }}", "nodes ".repeat(20_000));
    let (_, e) = refused(s.addr, query).await;
    assert_eq!(e["extensions"]["limit"], "selections", "{e}");
    s.stop().await;
}

#[tokio::test]
async fn directive_overloading() {
    let s = server().await;
    let query = format!(
        "{{ stats {} {{ nodes }} }}",
        "@include(if: true) ".repeat(500)
    );
    let (_, e) = refused(s.addr, query).await;
    assert!(e["message"].as_str().unwrap().contains("directives"), "{e}");
    s.stop().await;
}

#[tokio::test]
async fn deep_nesting() {
    let s = server().await;
    // Just over the depth limit (16), and far beyond it.
    for levels in [6, 400] {
        let mut inner = "id".to_owned();
        for _ in 0..levels {
            inner = format!("relations {{ edges {{ node {{ {inner} }} }} }}");
        }
        let query = format!(r#"{{ node(id: "agency:sac") {{ {inner} }} }}"#);
        let (_, e) = refused(s.addr, query).await;
        assert!(too_deep(&e), "{e}");
        if levels == 6 {
            assert!(
                e["message"].as_str().unwrap().contains("nested too deep"),
                "{e}"
            );
        }
    }
    s.stop().await;
}

#[tokio::test]
async fn expensive_pages() {
    let s = server().await;
    let query = r#"{ agencies(first: 1000) { edges { node { relations(first: 1000) { edges { node { id } } } } } } }"#;
    let (_, e) = refused(s.addr, query.to_owned()).await;
    assert!(
        e["message"].as_str().unwrap().contains("too complex"),
        "{e}"
    );
    assert_eq!(e["extensions"]["limit"], "complexity", "{e}");
    let (_, e) = refused(
        s.addr,
        "{ agencies(first: 100000) { totalCount } }".to_owned(),
    )
    .await;
    assert_eq!(e["extensions"]["limit"], "page_size", "{e}");
    s.stop().await;
}

#[tokio::test]
async fn circular_fragments() {
    let s = server().await;
    let query = "query { ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { ...A }";
    let (_, e) = refused(s.addr, query.to_owned()).await;
    let m = e["message"].as_str().unwrap();
    assert!(m.contains("cycle") || too_deep(&e), "{e}");
    s.stop().await;
}

#[tokio::test]
async fn circular_introspection() {
    let s = server().await;
    for levels in [5, 50] {
        let mut inner = "name".to_owned();
        for _ in 0..levels {
            inner = format!("fields {{ type {{ ofType {{ {inner} }} }} }}");
        }
        let query = format!("{{ __schema {{ types {{ {inner} }} }} }}");
        let (_, e) = refused(s.addr, query).await;
        assert!(too_deep(&e), "{e}");
    }
    s.stop().await;
}

#[tokio::test]
async fn batching() {
    let s = server().await;
    let batch = Value::Array(vec![json!({"query": "{ stats { nodes } }"}); 100]);
    let (status, body) = during(s.addr, post_json(&url(s.addr), None, &batch)).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a GraphQL request")
    );
    s.stop().await;
}

const CREATE: &str = r#"mutation { createTopic(input: {id: "topic:csrf", name: "CSRF", sources: ["src:sesec-2019-a01"]}) { id } }"#;

#[tokio::test]
async fn get_csrf_and_mutation_over_get() {
    let s = server().await;
    // An <img src> or link can make a browser send this GET with the victim's cookies.
    let response = during(s.addr, async {
        reqwest::Client::new()
            .get(url(s.addr))
            .query(&[("query", CREATE)])
            .header("authorization", "Bearer sgk_whatever")
            .send()
            .await
            .unwrap()
    })
    .await;
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    // The same with an operation name picking the mutation out of a document with a query.
    let doc = format!(
        "query Q {{ stats {{ nodes }} }} {}",
        CREATE.replacen("mutation", "mutation M", 1)
    );
    let response = reqwest::Client::new()
        .get(url(s.addr))
        .query(&[("query", doc.as_str()), ("operationName", "M")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405, "{doc}: {:?}", response.text().await);
    let (_, body) = post_json(
        &url(s.addr),
        None,
        &json!({"query": r#"{ nodes(ids: ["topic:csrf"]) { id } }"#}),
    )
    .await;
    assert_eq!(body["data"]["nodes"], json!([null]));
    s.stop().await;
}

#[tokio::test]
async fn form_and_text_csrf() {
    let s = server().await;
    // What an HTML form can send cross-site without a CORS preflight.
    for content_type in [
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
    ] {
        let response = during(s.addr, async {
            reqwest::Client::new()
                .post(url(s.addr))
                .header("content-type", content_type)
                .body(json!({"query": CREATE}).to_string())
                .send()
                .await
                .unwrap()
        })
        .await;
        assert_eq!(response.status(), 415, "{content_type}");
    }
    s.stop().await;
}

#[tokio::test]
async fn oversized_body() {
    let s = server().await;
    let huge = json!({"query": format!("{{ stats {{ nodes }} }} # {}", "x".repeat(2 << 20))});
    let response = during(s.addr, async {
        reqwest::Client::new()
            .post(url(s.addr))
            .json(&huge)
            .send()
            .await
            .unwrap()
    })
    .await;
    assert_eq!(response.status(), 413);
    // The same body sent in chunks, with no Content-Length to refuse it by: async-graphql-axum
    // reads it through the body limit, and a read stopped by the limit is a 413 too.
    let answer = during(s.addr, async {
        let mut socket = tokio::net::TcpStream::connect(s.addr).await.unwrap();
        let body = huge.to_string();
        let head = "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                    Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        for chunk in body.as_bytes().chunks(64 * 1024) {
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
            if socket.write_all(&framed).await.is_err() {
                break; // the server answered and closed before the whole body was sent
            }
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        let mut answer = Vec::new();
        let _ = socket.read_to_end(&mut answer).await;
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("INVALID_INPUT"), "{answer}");
    s.stop().await;
}

#[tokio::test]
async fn slow_clients() {
    let s = server().await;
    // Slow headers (slowloris): the connection is closed once the header timeout (1 s) passes.
    let slow_headers = async {
        let mut socket = tokio::net::TcpStream::connect(s.addr).await.unwrap();
        socket
            .write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let mut buf = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "the server kept a half-sent request open");
        String::from_utf8_lossy(&buf).into_owned()
    };
    // A slow body: headers arrive, the body never does; the request timeout (1 s) answers 408.
    let slow_body = async {
        let mut socket = tokio::net::TcpStream::connect(s.addr).await.unwrap();
        socket
            .write_all(
                b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"qu",
            )
            .await
            .unwrap();
        let mut buf = vec![0; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buf))
            .await
            .expect("an answer within 5 s")
            .unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    let started = Instant::now();
    let (headers_answer, body_answer, ()) =
        tokio::join!(slow_headers, slow_body, normal_query(s.addr));
    assert!(started.elapsed() < Duration::from_secs(4));
    assert!(
        headers_answer.is_empty() || headers_answer.starts_with("HTTP/1.1 408"),
        "{headers_answer}"
    );
    assert!(body_answer.starts_with("HTTP/1.1 408"), "{body_answer}");
    s.stop().await;
}

/// Raises the soft limit on open files of this process to the hard limit (at most `wanted`): the
/// silent-connection test holds over a thousand sockets at once, both ends in this process.
fn raise_open_file_limit(wanted: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write only the struct passed to them.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
        }
    }
}

/// 1,100 connections that never send a byte, more than `--max-connections`, from one address: the
/// client address's cap closes most of them at once, the rest are closed once the header timeout
/// passes (counted from accept), and meanwhile a client from another address is answered at once.
/// (Every test connection comes from loopback; the normal client binds 127.0.0.2, which Linux
/// routes to loopback too, so it counts as another address.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_connections_are_closed_and_leave_room_for_others() {
    raise_open_file_limit(4096);
    let s = server().await;
    let opened = Instant::now();
    let mut silent = Vec::new();
    for _ in 0..1_100 {
        silent.push(tokio::net::TcpStream::connect(s.addr).await.unwrap());
    }
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    for _ in 0..3 {
        let started = Instant::now();
        let r = other
            .post(url(s.addr))
            .json(&json!({"query": "{ stats { nodes } }"}))
            .send()
            .await
            .expect("a client from another address gets through");
        assert_eq!(r.status(), 200);
        assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
    }
    // Every silent connection is closed by the server: the read ends (EOF or reset) by the header
    // timeout (1 s) and some slack, not when the test gives up.
    let closed = futures_util::future::join_all(silent.into_iter().map(|mut socket| async move {
        let mut buf = [0u8; 16];
        tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buf))
            .await
            .is_ok_and(|read| read.map_or(true, |n| n == 0))
    }))
    .await;
    assert!(
        closed.iter().all(|&c| c),
        "{} left open",
        closed.iter().filter(|&&c| !c).count()
    );
    assert!(
        opened.elapsed() < Duration::from_secs(4),
        "closed only after {:?}",
        opened.elapsed()
    );
    // The address's places are free again.
    normal_query(s.addr).await;
    s.stop().await;
}

/// Posts `body` to `/graphql` `times` times, one after another, from one client; the answers in order.
async fn flood(addr: SocketAddr, body: &Value, times: usize) -> Vec<reqwest::Response> {
    let client = reqwest::Client::new();
    let mut answers = Vec::new();
    for _ in 0..times {
        answers.push(client.post(url(addr)).json(body).send().await.unwrap());
    }
    answers
}

#[tokio::test]
async fn floods_are_rate_limited_per_client() {
    let s = spawn_server(Config {
        rate_limit_queries: 60,
        rate_limit_mutations: 6,
        rate_limit_exports: 6,
        ..Config::default()
    })
    .await;
    let answers = flood(s.addr, &json!({"query": "{ stats { nodes } }"}), 15).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    for r in answers.into_iter().filter(|r| r.status() == 429) {
        assert!(r.headers().contains_key("retry-after"));
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    }
    // A bucket holds ten seconds' worth (here 10 queries); the rest are refused.
    assert_eq!(
        statuses.iter().filter(|&&s| s == 200).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 5);
    // Exports have their own, stricter quota.
    let client = reqwest::Client::new();
    let mut export_statuses = Vec::new();
    for _ in 0..7 {
        let r = client
            .get(format!("http://{}/export/nodes.csv", s.addr))
            .send()
            .await
            .unwrap();
        export_statuses.push(r.status().as_u16());
    }
    assert_eq!(export_statuses, [200, 200, 200, 200, 200, 429, 429]);
    s.stop().await;
}

/// Requests refused before they run (here documents that do not parse) take tokens from the
/// client's query quota too: a client cannot make the server parse without limit by sending garbage.
#[tokio::test]
async fn refused_documents_count_against_the_rate_limit() {
    let s = spawn_server(Config {
        rate_limit_queries: 60,
        ..Config::default()
    })
    .await;
    let answers = flood(s.addr, &json!({"query": "{ stats { nodes "}), 15).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    // A bucket holds ten seconds' worth (here 10 requests); the rest are refused with 429.
    assert_eq!(
        statuses.iter().filter(|&&s| s == 429).count(),
        5,
        "{statuses:?}"
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_is_shed_with_503() {
    let s = spawn_server(Config {
        max_concurrent_requests: 1,
        rate_limit_queries: 0,
        rate_limit_mutations: 0,
        rate_limit_exports: 0,
        ..Config::default()
    })
    .await;
    // A request whose body is still arriving holds the only slot...
    let mut holder = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let body = json!({"query": "{ stats { nodes } }"}).to_string();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    holder.write_all(head.as_bytes()).await.unwrap();
    holder.write_all(&body.as_bytes()[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // ...so another request is turned away at once instead of waiting in a queue.
    let started = Instant::now();
    let (status, shed) =
        post_json(&url(s.addr), None, &json!({"query": "{ stats { nodes } }"})).await;
    assert_eq!(status, 503, "{shed}");
    assert!(started.elapsed() < QUICK);
    assert_eq!(shed["errors"][0]["extensions"]["code"], "UNAVAILABLE");
    // Once the slow request completes, the slot is free again.
    holder.write_all(&body.as_bytes()[5..]).await.unwrap();
    let mut answer = vec![0; 4096];
    let n = holder.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
    drop(holder);
    normal_query(s.addr).await;
    s.stop().await;
}

/// An app serving a generated graph of `nodes` nodes, built in memory: recording 100,000 nodes in a
/// store first would take minutes in a debug build.
fn generated_app(nodes: usize) -> (tempfile::TempDir, Arc<App>) {
    let (nodes, relations) = stdgraph_generate::generate(nodes, 42);
    let mut graph = KnowledgeGraph::with_capacity(nodes.len(), relations.len());
    for change in creation_order(nodes, relations) {
        match change {
            Change::Create(node) => graph.insert_node(node, 1).unwrap(),
            Change::Link(relation) => {
                graph.insert_relation(relation).unwrap();
            }
            _ => unreachable!("creation_order only creates and links"),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let app = App::open_unrecorded(dir.path(), graph).unwrap();
    (dir, Arc::new(app))
}

/// Posts `query` with `key` and returns the status, the body and how long the answer took.
async fn timed_post(addr: SocketAddr, key: Option<&str>, query: &str) -> (u16, Value, Duration) {
    let started = Instant::now();
    let r = post_query(&url(addr), key, query).await;
    let status = r.status().as_u16();
    let body = r.json().await.unwrap_or(Value::Null);
    (status, body, started.elapsed())
}

/// The 99th percentile of `times`.
fn p99(times: &mut [Duration]) -> Duration {
    times.sort();
    times[(times.len() * 99 / 100).min(times.len() - 1)]
}

/// Betweenness on a generated graph of 100,000 nodes (hours of work): without a key it is refused
/// at once; with one it runs on a long-read thread while `/health` and a point query keep answering
/// within 100 ms (p99) and another long read finds the pool full (503), the request timeout ends
/// it, and a shutdown stops it at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expensive_read_does_not_stall_the_server() {
    use crate::support::{READER_KEY, keyed_config};
    let (_dir, app) = generated_app(100_000);
    // The generated graph is not in the store (`App::open_unrecorded`), so this test serves it through
    // `http::start` alone: the lifecycle would write it to the graph image.
    let config = |timeout: u64| Config {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        request_timeout_secs: timeout,
        rate_limit_queries: 0,
        rate_limit_mutations: 0,
        rate_limit_exports: 0,
        long_read_workers: 1,
        long_read_queue: 0,
        ..keyed_config(false)
    };
    let start = |timeout: u64| {
        let (config, app) = (config(timeout), app.clone());
        async move { http::start(app, &config, config.keys().unwrap()).await }
    };
    let timeout = Duration::from_secs(3);
    let running = start(3).await.unwrap();
    let addr = running.addr;
    let heavy = "{ centrality(measure: BETWEENNESS, directed: false, first: 3) { rank score } }";
    let (_, refused, took) = timed_post(addr, None, heavy).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{refused}"
    );
    assert!(took < QUICK, "{took:?}");
    let heavy_request =
        tokio::spawn(async move { timed_post(addr, Some(READER_KEY), heavy).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The only long-read thread is busy and no queue is allowed: another long read is refused at
    // once with 503.
    let components = "{ components(first: 1) { size } }";
    let (status, body, took) = timed_post(addr, Some(READER_KEY), components).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    assert!(took < QUICK, "{took:?}");
    let point = r#"{ node(id: "agency:000000") { id name } }"#;
    let health = reqwest::Client::new();
    let mut times = Vec::new();
    while !heavy_request.is_finished() {
        let started = Instant::now();
        let r = health
            .get(format!("http://{addr}/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        times.push(started.elapsed());
        let (status, body, took) = timed_post(addr, None, point).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["node"]["id"], "agency:000000");
        times.push(took);
    }
    let (status, body, took) = heavy_request.await.unwrap();
    assert!(
        status == 408 || body["errors"][0]["extensions"]["code"] == "UNAVAILABLE",
        "{status} {body}"
    );
    assert!(
        took < timeout + Duration::from_secs(1),
        "the heavy query took {took:?}"
    );
    assert!(
        times.len() >= 20,
        "only {} requests while it ran",
        times.len()
    );
    let p99 = p99(&mut times);
    assert!(
        p99 < Duration::from_millis(100),
        "p99 {p99:?} over {} requests",
        times.len()
    );
    running.stop().await.unwrap();

    // With a long timeout, a shutdown (what `serve` does on SIGTERM) stops the running computation:
    // its request answers UNAVAILABLE and the server stops well within the grace period (8 s).
    let running = start(60).await.unwrap();
    let addr = running.addr;
    let heavy_request =
        tokio::spawn(async move { timed_post(addr, Some(READER_KEY), heavy).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stopping = Instant::now();
    tokio::time::timeout(Duration::from_secs(8), running.stop())
        .await
        .expect("the server stops within the grace period")
        .unwrap();
    assert!(
        stopping.elapsed() < Duration::from_secs(2),
        "{:?}",
        stopping.elapsed()
    );
    let (_, body, _) = heavy_request.await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
}
