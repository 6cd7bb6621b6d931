//! The change feed over a real WebSocket (tokio-tungstenite speaking graphql-transport-ws), and
//! authenticated writes over real HTTP.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::support::{EDITOR_KEY, READER_KEY, TestServer, keyed_config, post_query, spawn_server};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(addr: SocketAddr) -> Socket {
    let (socket, protocol) = upgrade(addr, Some("graphql-transport-ws"), None)
        .await
        .unwrap();
    assert_eq!(protocol.as_deref(), Some("graphql-transport-ws"));
    socket
}

/// Opens a WebSocket to `/graphql` offering `protocols` (a `Sec-WebSocket-Protocol` value), with an
/// `Authorization` header when `key` is given: the socket and the subprotocol the server chose.
async fn upgrade(
    addr: SocketAddr,
    protocols: Option<&str>,
    key: Option<&str>,
) -> Result<(Socket, Option<String>), tokio_tungstenite::tungstenite::Error> {
    let mut request = format!("ws://{addr}/graphql")
        .into_client_request()
        .unwrap();
    if let Some(protocols) = protocols {
        request
            .headers_mut()
            .insert("sec-websocket-protocol", protocols.parse().unwrap());
    }
    if let Some(key) = key {
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {key}").parse().unwrap());
    }
    let (socket, response) = tokio_tungstenite::connect_async(request).await?;
    let protocol = response
        .headers()
        .get("sec-websocket-protocol")
        .map(|v| v.to_str().unwrap().to_owned());
    Ok((socket, protocol))
}

/// A connection initialised without credentials and acknowledged.
async fn acknowledged(addr: SocketAddr) -> Socket {
    let mut socket = connect(addr).await;
    send(
        &mut socket,
        json!({"type": "connection_init", "payload": {}}),
    )
    .await;
    assert_eq!(next(&mut socket).await["type"], "connection_ack");
    socket
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next message, as JSON text or as a close frame (`{"close": code}`).
async fn next(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
            .expect("the connection stays open")
            .unwrap();
        match message {
            Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            Message::Close(frame) => {
                return json!({"close": frame.map(|f| u16::from(f.code))});
            }
            _ => {}
        }
    }
}

/// Runs a mutation with the editor's key; it must succeed.
async fn write(s: &TestServer, mutation: &str) {
    let r: Value = post_query(&s.graphql(), Some(EDITOR_KEY), mutation)
        .await
        .json()
        .await
        .unwrap();
    assert!(r.get("errors").is_none(), "{r:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribers_receive_committed_changes_they_asked_for() {
    let s = spawn_server(keyed_config(false)).await;
    let mut socket = connect(s.addr).await;
    send(&mut socket, json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {READER_KEY}")}})).await;
    assert_eq!(next(&mut socket).await["type"], "connection_ack");
    send(
        &mut socket,
        json!({"id": "1", "type": "subscribe", "payload": {
            "query": "subscription { graphChanged(kinds: [STANDARD]) { seq actor op target after } }"}}),
    )
    .await;
    // The subscription is registered once the server has read the message; give it a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;

    // A topic change is filtered out; the standard's creation and its link come through, in order.
    let topic = r#"mutation { createTopic(input: {id: "topic:feed", name: "Feed", sources: ["src:sesec-2019-a01"]}) { id } }"#;
    write(&s, topic).await;
    let batch = r#"mutation { applyChanges(changes: [
        {create: {standard: {id: "std:gb-t-77777-2021", name: "Feed test", code: "GB/T 77777-2021", sources: ["src:sesec-2019-a01"]}}},
        {link: {kind: COVERS_TOPIC, from: "std:gb-t-77777-2021", to: "topic:feed", sources: ["src:sesec-2019-a01"]}}
    ]) { lastSeq } }"#;
    let r: Value = post_query(&s.graphql(), Some(EDITOR_KEY), batch)
        .await
        .json()
        .await
        .unwrap();
    let last_seq = r["data"]["applyChanges"]["lastSeq"]
        .as_u64()
        .unwrap_or_else(|| panic!("{r:#}"));

    let first = next(&mut socket).await;
    assert_eq!(first["type"], "next", "{first:#}");
    assert_eq!(first["id"], "1");
    let change = &first["payload"]["data"]["graphChanged"];
    assert_eq!(change["op"], "CREATE_NODE");
    assert_eq!(change["target"], "std:gb-t-77777-2021");
    assert_eq!(change["actor"], "ed");
    assert_eq!(change["after"]["node"]["code"], "GB/T 77777-2021");
    let second = next(&mut socket).await;
    let change = &second["payload"]["data"]["graphChanged"];
    assert_eq!(change["op"], "LINK");
    assert_eq!(change["seq"], last_seq);

    // Shutting down completes the subscription rather than leaving it hanging.
    s.app().close_feed();
    let done = next(&mut socket).await;
    assert_eq!(done, json!({"id": "1", "type": "complete"}));
    s.stop().await;
}

#[tokio::test]
async fn subscriptions_filter_by_id_and_refuse_bad_keys() {
    let s = spawn_server(keyed_config(true)).await;
    // Reads need a key on this server: no key, or a wrong one, closes the connection with 4403.
    for payload in [json!({}), json!({"Authorization": "Bearer sgk_wrong"})] {
        let mut socket = connect(s.addr).await;
        send(
            &mut socket,
            json!({"type": "connection_init", "payload": payload}),
        )
        .await;
        assert_eq!(next(&mut socket).await, json!({"close": 4403}));
    }
    let mut socket = connect(s.addr).await;
    send(&mut socket, json!({"type": "connection_init", "payload": {"authorization": format!("Bearer {READER_KEY}")}})).await;
    assert_eq!(next(&mut socket).await["type"], "connection_ack");
    send(
        &mut socket,
        json!({"id": "a", "type": "subscribe", "payload": {
            "query": r#"subscription { graphChanged(ids: ["person:zhao-bo"]) { op target } }"#}}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let other = r#"mutation { updatePerson(id: "person:li-guanyu", patch: {title: "x"}) { id } }"#;
    let watched = r#"mutation { updatePerson(id: "person:zhao-bo", patch: {title: "y"}) { id } }"#;
    assert_eq!(
        post_query(&s.graphql(), Some(EDITOR_KEY), other)
            .await
            .status(),
        200
    );
    assert_eq!(
        post_query(&s.graphql(), Some(EDITOR_KEY), watched)
            .await
            .status(),
        200
    );
    let message = next(&mut socket).await;
    assert_eq!(
        message["payload"]["data"]["graphChanged"],
        json!({"op": "UPDATE_NODE", "target": "person:zhao-bo"})
    );
    s.stop().await;
}

#[tokio::test]
async fn authenticated_writes_over_http() {
    let s = spawn_server(keyed_config(false)).await;
    let create = r#"mutation { createTopic(input: {id: "topic:http", name: "HTTP", sources: ["src:sesec-2019-a01"]}) { id version } }"#;
    // No key: the mutation field fails with UNAUTHENTICATED (the request itself was fine).
    let r = post_query(&s.graphql(), None, create).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    // A key that is not configured: 401 with a Bearer challenge, and nothing runs.
    let r = post_query(&s.graphql(), Some("sgk_wrong"), create).await;
    assert_eq!(r.status(), 401);
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let body: Value = r.json().await.unwrap();
    assert!(body.get("data").is_none());
    // The editor's key works.
    let body: Value = post_query(&s.graphql(), Some(EDITOR_KEY), create)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["createTopic"],
        json!({"id": "topic:http", "version": 1})
    );
    s.stop().await;
}

/// The document limits (aliases, page size) hold over WebSockets too, for subscriptions and queries.
#[tokio::test]
async fn document_limits_hold_over_websockets() {
    let s = spawn_server(keyed_config(false)).await;
    let mut socket = acknowledged(s.addr).await;
    let aliases: String = (0..2000)
        .map(|i| format!("a{i}: graphChanged {{ seq }} "))
        .collect();
    let page = r#"{ standards(first: 100000) { nodes { id } } }"#;
    for (id, query, limit) in [
        ("s", format!("subscription {{ {aliases} }}"), "aliases"),
        ("q", page.to_owned(), "page_size"),
    ] {
        send(
            &mut socket,
            json!({"id": id, "type": "subscribe", "payload": {"query": query}}),
        )
        .await;
        // (A refused stream may be followed by its `complete`.)
        let mut answer = next(&mut socket).await;
        while answer["type"] == "complete" {
            answer = next(&mut socket).await;
        }
        assert_eq!(answer["id"], id, "{answer:#}");
        // graphql-transport-ws reports a request error as `error` with the errors as payload.
        let errors = match answer["type"].as_str() {
            Some("error") => answer["payload"].clone(),
            _ => answer["payload"]["errors"].clone(),
        };
        assert_eq!(errors[0]["extensions"]["limit"], limit, "{answer:#}");
        assert_eq!(
            errors[0]["extensions"]["code"], "INVALID_INPUT",
            "{answer:#}"
        );
    }
    s.stop().await;
}

/// Analytics and path searches answer over WebSockets as over HTTP (they run on the long-read pool,
/// which WebSocket operations reach too).
#[tokio::test]
async fn long_reads_answer_over_websockets() {
    let s = spawn_server(keyed_config(false)).await;
    let mut socket = acknowledged(s.addr).await;
    let query = r#"{ centrality(measure: BETWEENNESS, first: 1) { rank }
                     paths(from: "ETSI", to: "TC260", maxLength: 3, limit: 1) { truncated } }"#;
    send(
        &mut socket,
        json!({"id": "q", "type": "subscribe", "payload": {"query": query}}),
    )
    .await;
    let answer = next(&mut socket).await;
    assert_eq!(answer["type"], "next", "{answer:#}");
    assert_eq!(answer["payload"]["errors"], Value::Null, "{answer:#}");
    assert_eq!(
        answer["payload"]["data"]["centrality"][0]["rank"], 1,
        "{answer:#}"
    );
    s.stop().await;
}

/// An import committed in chunks is announced on the feed like any other write: every record, in
/// history order, with the kinds of the nodes it concerns, once the whole import is in.
#[tokio::test]
async fn a_chunked_import_is_announced_on_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(stdgraph::app::App::open(dir.path(), Vec::new).unwrap());
    let mut feed = app.subscribe().unwrap();
    let document = json!({"directed": true, "multigraph": true,
        "nodes": [
            {"id": "src:x", "kind": "Source", "name": "X", "publication": "P"},
            {"id": "agency:a0", "kind": "Agency", "name": "Agency 0", "sources": ["src:x"]},
            {"id": "agency:a1", "kind": "Agency", "name": "Agency 1", "sources": ["src:x"]},
            {"id": "agency:a2", "kind": "Agency", "name": "Agency 2", "sources": ["src:x"]}],
        "links": [{"source": "agency:a1", "target": "agency:a0", "kind": "part_of", "sources": ["src:x"]}]});
    let (nodes, relations) =
        stdgraph::interchange::nodelink::import(&document.to_string()).unwrap();
    let changes = stdgraph::app::creation_order(nodes, relations);
    let options = stdgraph::app::WriteOptions::in_chunks(2);
    let committed = app.write(changes, "import", options).await.unwrap();
    assert_eq!(
        (committed.outcome.first_seq, committed.outcome.last_seq),
        (1, 5)
    );
    let mut announced = Vec::new();
    while let Ok(event) = feed.try_recv() {
        announced.push(event);
    }
    let seqs: Vec<u64> = announced.iter().map(|e| e.record.seq).collect();
    assert_eq!(
        seqs,
        [1, 2, 3, 4, 5],
        "every record of the import, in order"
    );
    assert!(announced.iter().all(|e| e.record.actor == "import"));
    let link = &announced[4];
    assert_eq!(link.record.target, "agency:a1|part_of|agency:a0");
    assert_eq!(
        link.nodes,
        [
            ("agency:a1".to_owned(), stdgraph::model::NodeKind::Agency),
            ("agency:a0".to_owned(), stdgraph::model::NodeKind::Agency)
        ],
        "a relation's event names both ends with their kinds"
    );
}

/// Every operation on a socket reads the graph as it is when the operation starts: a query sent after
/// a write sees it, though the socket was opened (and acknowledged) before the write.
#[tokio::test]
async fn websocket_queries_see_writes_committed_after_the_socket_opened() {
    let s = spawn_server(keyed_config(false)).await;
    let mut socket = acknowledged(s.addr).await;
    let query = r#"{ node(id: "topic:late") { id } }"#;
    let ask = async |socket: &mut Socket, id: &str| {
        send(
            socket,
            json!({"id": id, "type": "subscribe", "payload": {"query": query}}),
        )
        .await;
        let answer = next(socket).await;
        assert_eq!(answer["type"], "next", "{answer:#}");
        answer["payload"]["data"]["node"].clone()
    };
    assert_eq!(ask(&mut socket, "before").await, Value::Null);
    let create = r#"mutation { createTopic(input: {id: "topic:late", name: "Late", sources: ["src:sesec-2019-a01"]}) { id } }"#;
    write(&s, create).await;
    assert_eq!(next(&mut socket).await["type"], "complete");
    assert_eq!(ask(&mut socket, "after").await, json!({"id": "topic:late"}));
    s.stop().await;
}

/// A key on the upgrade request's `Authorization` header opens the connection when `connection_init`
/// names none; a wrong one there is refused with 4403 like a wrong one in the payload.
#[tokio::test]
async fn websocket_keys_may_come_from_the_upgrade_request() {
    let s = spawn_server(keyed_config(true)).await;
    for (key, first) in [
        (READER_KEY, json!("connection_ack")),
        ("sgk_wrong", json!({"close": 4403})),
    ] {
        let (mut socket, _) = upgrade(s.addr, Some("graphql-transport-ws"), Some(key))
            .await
            .unwrap();
        send(
            &mut socket,
            json!({"type": "connection_init", "payload": {}}),
        )
        .await;
        let answer = next(&mut socket).await;
        let seen = answer.get("type").cloned().unwrap_or(answer);
        assert_eq!(seen, first, "key {key}");
    }
    s.stop().await;
}

/// The subprotocol: a client must offer one of ours (400 naming it otherwise); offered both, the
/// server speaks and answers `graphql-transport-ws`; offered only the legacy `graphql-ws`, it speaks
/// that (`start` and `data` instead of `subscribe` and `next`).
#[tokio::test]
async fn websocket_subprotocols_are_negotiated() {
    let s = spawn_server(keyed_config(false)).await;
    for offer in [None, Some("chat")] {
        match upgrade(s.addr, offer, None).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), 400);
                let body: Value =
                    serde_json::from_slice(response.body().as_ref().unwrap()).unwrap();
                assert_eq!(
                    body["errors"][0]["message"],
                    "WebSocket clients must offer the graphql-transport-ws subprotocol"
                );
            }
            other => panic!(
                "offering {offer:?} was not refused: {:?}",
                other.map(|r| r.1)
            ),
        }
    }
    let query = json!({"query": "{ node(id: \"agency:sac\") { id } }"});
    for (offer, chosen, start, data) in [
        (
            "graphql-ws, graphql-transport-ws",
            "graphql-transport-ws",
            "subscribe",
            "next",
        ),
        ("graphql-ws", "graphql-ws", "start", "data"),
    ] {
        let (mut socket, protocol) = upgrade(s.addr, Some(offer), None).await.unwrap();
        assert_eq!(protocol.as_deref(), Some(chosen));
        send(
            &mut socket,
            json!({"type": "connection_init", "payload": {}}),
        )
        .await;
        assert_eq!(next(&mut socket).await["type"], "connection_ack");
        send(
            &mut socket,
            json!({"id": "1", "type": start, "payload": query}),
        )
        .await;
        let answer = next(&mut socket).await;
        assert_eq!(answer["type"], data, "{offer}: {answer:#}");
        assert_eq!(
            answer["payload"]["data"]["node"]["id"], "agency:sac",
            "{offer}: {answer:#}"
        );
    }
    s.stop().await;
}
