//! Crash safety, tested the way databases test it: the real binary on one data directory, concurrent
//! writers that record which mutations were acknowledged, SIGKILL at random moments (during start-up
//! too), and after every kill a check of what the store holds.
//!
//! Each cycle: start `stdgraph serve` (sometimes kill it while it is still starting), check that the
//! graph it serves is exactly what the previous offline check read from sled, run four writers, kill
//! the server with SIGKILL after a random delay, then open the store offline (`stdgraph export`) and
//! verify:
//! - the store opens and rebuilds (no dangling edge or broken record, or the rebuild would fail); the
//!   graph image is set aside for this, so the next start's image-plus-replay is checked against a
//!   rebuild from the records;
//! - every acknowledged write is there: created nodes present, deleted nodes absent, and each writer's
//!   counter at least the last acknowledged value;
//! - every unacknowledged change is all or nothing: a node created with its link in one `applyChanges`
//!   is never present without its link (nor the link without the node), and a counter is never beyond
//!   the last value attempted.
//!
//! `STDGRAPH_CRASH_CYCLES` (default 20) and `STDGRAPH_CRASH_SEED` (default 1) control the run;
//! `scripts/crash-soak` runs the long version.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{ADMIN_KEY, Binary, EDITOR_KEY, Rng, test_keys};

const WRITERS: usize = 4;
const SRC: &str = "src:sesec-2019-a01";
const PARENT: &str = "topic:big-data";

/// `stdgraph serve` on `dir` with the writers' keys.
fn spawn(dir: &Path) -> Binary {
    Binary::serve(dir, |command| {
        command
            .env("STDGRAPH_KEYS", test_keys())
            .env("STDGRAPH_LOG", "warn")
            .stderr(Stdio::inherit());
    })
}

/// The store as sled holds it, read by a separate process with the server down.
struct Stored {
    export: Value,
    nodes: BTreeMap<String, Value>,
    links: BTreeSet<(String, String, String)>,
}

fn read_store(dir: &Path) -> Stored {
    // The graph image is set aside, so that the export rebuilds the graph from sled's records: the
    // server's next start reads the image and replays the history after it, and the two must agree.
    let image = dir.join(stdgraph::app::image::FILE_NAME);
    let aside = dir.join("image-set-aside-by-the-crash-test");
    let had_image = std::fs::rename(&image, &aside).is_ok();
    let out = Command::new(env!("CARGO_BIN_EXE_stdgraph"))
        .args(["export", "--format", "json", "-", "--data"])
        .arg(dir)
        .env("STDGRAPH_LOG", "warn")
        .output()
        .expect("the export runs");
    if had_image {
        std::fs::rename(&aside, &image).unwrap();
    }
    assert!(
        out.status.success(),
        "the store did not open after a crash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export: Value = serde_json::from_slice(&out.stdout).expect("node-link JSON");
    parse(export)
}

fn parse(export: Value) -> Stored {
    let nodes: BTreeMap<String, Value> = export["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| (n["id"].as_str().unwrap().to_owned(), n.clone()))
        .collect();
    let links: BTreeSet<(String, String, String)> = export["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap().to_owned();
            (s("source"), s("kind"), s("target"))
        })
        .collect();
    for (from, _, to) in &links {
        assert!(
            nodes.contains_key(from) && nodes.contains_key(to),
            "dangling edge {from} -> {to}"
        );
    }
    Stored {
        export,
        nodes,
        links,
    }
}

/// What the writers did in one cycle.
#[derive(Default)]
struct Log {
    /// Topics created together with their `part_of` link: (id, acknowledged).
    created: Vec<(String, bool)>,
    /// Topics deleted: (id, acknowledged).
    deleted: Vec<(String, bool)>,
    /// Per writer: the highest counter value acknowledged, and the highest attempted.
    counter_acked: [u64; WRITERS],
    counter_tried: [u64; WRITERS],
}

async fn mutate(client: &reqwest::Client, url: &str, key: &str, query: &str, vars: Value) -> bool {
    let response = client
        .post(format!("{url}/graphql"))
        .bearer_auth(key)
        .json(&json!({"query": query, "variables": vars}))
        .send()
        .await;
    match response {
        Ok(r) if r.status() == 200 => match r.json::<Value>().await {
            Ok(body) => {
                let ok = body.get("errors").is_none();
                if !ok {
                    let code = &body["errors"][0]["extensions"]["code"];
                    // Only a refusal the harness provoked on purpose is expected here.
                    assert_eq!(code, "NOT_FOUND", "unexpected error: {body}");
                }
                ok
            }
            Err(_) => false,
        },
        _ => false,
    }
}

/// One writer: a loop of (mostly) node+link batches, counter updates and deletes, until killed.
async fn writer(
    url: String,
    w: usize,
    cycle: u64,
    counter_start: u64,
    log: Arc<Mutex<Log>>,
    mut rng: Rng,
) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let counter_id = format!("topic:crash-counter-{w}");
    let mut counter = counter_start;
    let mut mine: Vec<String> = Vec::new();
    for i in 0.. {
        let choice = rng.below(10);
        let ok = if choice < 6 {
            let id = format!("topic:crash-c{cycle}-w{w}-{i}");
            let changes = json!([
                {"create": {"topic": {"id": id, "name": format!("Crash {cycle} {w} {i}"), "sources": [SRC]}}},
                {"link": {"kind": "PART_OF", "from": id, "to": PARENT, "sources": [SRC]}}
            ]);
            let q = "mutation($c: [ChangeInput!]!) { applyChanges(changes: $c) { lastSeq } }";
            let ok = mutate(&client, &url, EDITOR_KEY, q, json!({"c": changes})).await;
            log.lock().unwrap().created.push((id.clone(), ok));
            if ok {
                mine.push(id);
            }
            ok
        } else if choice < 9 || mine.is_empty() {
            counter += 1;
            log.lock().unwrap().counter_tried[w] = counter;
            let q = "mutation($id: ID!, $d: String!) { updateTopic(id: $id, patch: {description: $d}) { version } }";
            let ok = mutate(
                &client,
                &url,
                EDITOR_KEY,
                q,
                json!({"id": counter_id, "d": counter.to_string()}),
            )
            .await;
            if ok {
                log.lock().unwrap().counter_acked[w] = counter;
            }
            ok
        } else {
            let id = mine.swap_remove(rng.below(mine.len() as u64) as usize);
            let q = "mutation($id: ID!) { deleteNode(id: $id) { removedRelations { id } } }";
            let ok = mutate(&client, &url, ADMIN_KEY, q, json!({"id": id})).await;
            log.lock().unwrap().deleted.push((id, ok));
            ok
        };
        if !ok {
            // The server is gone (or going); stop like a client would.
            return;
        }
    }
}

fn counter_value(stored: &Stored, w: usize) -> u64 {
    let id = format!("topic:crash-counter-{w}");
    let node = stored
        .nodes
        .get(&id)
        .unwrap_or_else(|| panic!("the acknowledged creation of `{id}` was lost"));
    node["description"]
        .as_str()
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// Checks one cycle's log against the store; panics with the first violation.
fn verify(cycle: u64, log: &Log, stored: &Stored) {
    let link_of = |id: &str| (id.to_owned(), "part_of".to_owned(), PARENT.to_owned());
    let deleted_acked: BTreeSet<&str> = log
        .deleted
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(id, _)| id.as_str())
        .collect();
    let deleted_tried: BTreeSet<&str> = log.deleted.iter().map(|(id, _)| id.as_str()).collect();
    for (id, acked) in &log.created {
        let node = stored.nodes.contains_key(id);
        let link = stored.links.contains(&link_of(id));
        assert_eq!(
            node, link,
            "cycle {cycle}: `{id}` was half applied (node {node}, link {link})"
        );
        if *acked && !deleted_tried.contains(id.as_str()) {
            assert!(
                node,
                "cycle {cycle}: acknowledged create of `{id}` was lost"
            );
        }
    }
    for id in &deleted_acked {
        assert!(
            !stored.nodes.contains_key(*id),
            "cycle {cycle}: acknowledged delete of `{id}` was lost"
        );
    }
    for w in 0..WRITERS {
        let value = counter_value(stored, w);
        assert!(
            value >= log.counter_acked[w],
            "cycle {cycle}: writer {w}'s counter is {value}, but {} was acknowledged",
            log.counter_acked[w]
        );
        assert!(
            value <= log.counter_tried[w].max(log.counter_acked[w]),
            "cycle {cycle}: writer {w}'s counter is {value}, beyond anything attempted"
        );
    }
}

/// Creates the writers' counter nodes once, through a clean start and stop.
async fn prepare(dir: &Path) {
    let mut child = spawn(dir);
    let url = child.listening();
    let client = reqwest::Client::new();
    for w in 0..WRITERS {
        let q = "mutation($i: TopicInput!) { upsertTopic(input: $i) { id } }";
        let input = json!({"id": format!("topic:crash-counter-{w}"), "name": format!("Crash counter {w}"),
                           "description": "0", "sources": [SRC]});
        assert!(mutate(&client, &url, EDITOR_KEY, q, json!({"i": input})).await);
    }
    child.kill();
}

pub async fn run_cycles(cycles: u64, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    prepare(dir.path()).await;
    let mut stored = read_store(dir.path());
    let (mut acked_total, mut startup_kills, mut image_starts) = (0usize, 0u64, 0u64);
    let started = Instant::now();
    for cycle in 0..cycles {
        // An image on disk is read at this start (same store, same binary), with the history after
        // it replayed.
        image_starts += u64::from(dir.path().join(stdgraph::app::image::FILE_NAME).exists());
        let mut child = spawn(dir.path());
        if rng.below(8) == 0 {
            // Killed while opening the store and rebuilding the graph.
            std::thread::sleep(Duration::from_millis(rng.below(40)));
            child.kill();
            startup_kills += 1;
            stored = read_store(dir.path());
            continue;
        }
        let url = child.listening();
        // The graph the server loaded (from its image and the history after it, or rebuilt from
        // sled) is exactly what sled holds.
        let served: Value = reqwest::get(format!("{url}/export/graph.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            served, stored.export,
            "cycle {cycle}: the served graph differs from the store"
        );
        let log = Arc::new(Mutex::new(Log::default()));
        {
            let mut l = log.lock().unwrap();
            for w in 0..WRITERS {
                l.counter_acked[w] = counter_value(&stored, w);
            }
        }
        let tasks: Vec<_> = (0..WRITERS)
            .map(|w| {
                let start = counter_value(&stored, w);
                let rng = Rng(rng.next() | 1);
                tokio::spawn(writer(url.clone(), w, cycle, start, log.clone(), rng))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(50 + rng.below(400))).await;
        child.kill();
        for t in tasks {
            t.await.unwrap();
        }
        stored = read_store(dir.path());
        let log = log.lock().unwrap();
        verify(cycle, &log, &stored);
        acked_total += log.created.iter().filter(|(_, ok)| *ok).count()
            + log.deleted.iter().filter(|(_, ok)| *ok).count();
    }
    eprintln!(
        "crash harness: {cycles} cycles ({startup_kills} killed during start-up, {image_starts} \
         started from a graph image), seed {seed}, {acked_total} acknowledged creates/deletes \
         checked, 0 lost, in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        cycles < 5 || image_starts > 0,
        "no start read a graph image: the image path went unchecked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let var = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    run_cycles(
        var("STDGRAPH_CRASH_CYCLES", 20),
        var("STDGRAPH_CRASH_SEED", 1),
    )
    .await;
}

/// SIGTERM while writers are busy: requests in flight finish, the store is flushed, the process exits
/// cleanly within 10 s, and every acknowledged write is there afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_under_write_load() {
    let dir = tempfile::tempdir().unwrap();
    prepare(dir.path()).await;
    let before = read_store(dir.path());
    let mut child = spawn(dir.path());
    let url = child.listening();
    let log = Arc::new(Mutex::new(Log::default()));
    {
        let mut l = log.lock().unwrap();
        for w in 0..WRITERS {
            l.counter_acked[w] = counter_value(&before, w);
        }
    }
    let tasks: Vec<_> = (0..WRITERS)
        .map(|w| {
            let start = counter_value(&before, w);
            tokio::spawn(writer(
                url.clone(),
                w,
                0,
                start,
                log.clone(),
                Rng(w as u64 + 7),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let signalled = Instant::now();
    child.terminate();
    let status = child.wait();
    let took = signalled.elapsed();
    eprintln!("graceful shutdown under write load took {took:?}");
    for t in tasks {
        t.await.unwrap();
    }
    assert!(status.success(), "exit status {status}");
    assert!(took < Duration::from_secs(10), "shutdown took {took:?}");
    let stored = read_store(dir.path());
    let log = log.lock().unwrap();
    let acked = log.created.iter().filter(|(_, ok)| *ok).count();
    assert!(acked > 0, "the writers got nothing done before the signal");
    verify(0, &log, &stored);
}
