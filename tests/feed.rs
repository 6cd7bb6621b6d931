//! The change feed over a real WebSocket (tokio-tungstenite speaking graphql-transport-ws), and
//! authenticated writes over real HTTP.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::support::{EDITOR_KEY, READER_KEY, keyed_config, post_query, spawn_server};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(addr: SocketAddr) -> Socket {
    let mut request = format!("ws://{addr}/graphql")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (socket, response) = tokio_tungstenite::connect_async(request).await.unwrap();
    assert_eq!(
        response.headers()["sec-websocket-protocol"],
        "graphql-transport-ws"
    );
    socket
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
    let r: Value = post_query(&s.graphql(), Some(EDITOR_KEY), topic)
        .await
        .json()
        .await
        .unwrap();
    assert!(r.get("errors").is_none(), "{r:#}");
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
