#!/usr/bin/env python3
"""Reads under writes: does a writer applying mutations change what readers see in latency?

    bench/mixed.py --bin target/release/stdgraph --db DIR [--query FILE] [--duration 10]
                   [--writers 1] [--write-pause-ms 0]

Starts `stdgraph serve` on the store in DIR (pinned to CPU 1 when the machine has two or more CPUs,
the load generator and the writer on CPU 0, as in bench/peers), then measures the read query with oha
twice, each time for `--duration` seconds with 32 connections:

1. reads alone;
2. the same reads while `--writers` writers send `updateStandard` mutations back to back (each
   changes one standard's description, a different standard each time, waiting for the answer).

Prints one Markdown table row per phase (req/s, p50, p99, p99.9 of the reads; writes committed per
second and their median latency). Only 127.0.0.1 is contacted. Needs oha on PATH.
"""
import argparse
import hashlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

PORT = 55436
# Each run writes descriptions no earlier run wrote, so every mutation really changes its node.
RUN = secrets.token_hex(4)
URL = f"http://127.0.0.1:{PORT}/graphql"
DEFAULT_QUERY = """query Q1 { node(id: "std:000123") { id kind name
  out: relations(direction: OUTGOING, orderBy: RECORDED, first: 1000) { edges { kind node { id kind name } } }
  in: relations(direction: INCOMING, orderBy: RECORDED, first: 1000) { edges { kind node { id kind name } } } } }"""
MUTATION = """mutation($id: ID!, $text: String!) {
  updateStandard(id: $id, patch: { description: $text }) { id version } }"""


def pinned(cpu):
    return ["taskset", "-c", str(cpu)] if (os.cpu_count() or 1) >= 2 else []


def post(body, key=None, timeout=60):
    headers = {"content-type": "application/json"}
    if key:
        headers["authorization"] = f"Bearer {key}"
    req = urllib.request.Request(URL, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def wait_ready(proc, timeout=300):
    start = time.time()
    while time.time() - start < timeout:
        if proc.poll() is not None:
            sys.exit(f"mixed: the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/ready", timeout=1) as r:
                if r.status == 200:
                    return time.time() - start
        except OSError:
            time.sleep(0.1)
    sys.exit("mixed: the server did not get ready")


def oha(query_file, duration):
    cmd = pinned(0) + ["oha", "-z", f"{duration}s", "-c", "32", "-m", "POST", "-H",
                       "content-type: application/json", "-D", query_file, "--no-tui",
                       "--output-format", "json", URL]
    j = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    p = j["latencyPercentiles"]
    codes = j.get("statusCodeDistribution", {})
    errors = sum(v for k, v in codes.items() if not k.startswith("2"))
    return j["summary"]["requestsPerSec"], p["p50"] * 1000, p["p99"] * 1000, p["p99.9"] * 1000, errors


class Writer(threading.Thread):
    def __init__(self, key, ids, pause):
        super().__init__(daemon=True)
        self.key, self.ids, self.pause = key, ids, pause
        self.latencies, self.errors, self.stop = [], 0, threading.Event()

    def run(self):
        i = 0
        while not self.stop.is_set():
            sid = self.ids[i % len(self.ids)]
            i += 1
            start = time.perf_counter()
            text = f"revision {i} of run {RUN}"
            answer = post({"query": MUTATION, "variables": {"id": sid, "text": text}}, self.key)
            if answer.get("errors"):
                self.errors += 1
            else:
                self.latencies.append(time.perf_counter() - start)
            if self.pause:
                time.sleep(self.pause / 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--query", help="file with the read query (default: Q1 point query)")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--writers", type=int, default=1)
    ap.add_argument("--write-pause-ms", type=float, default=0)
    a = ap.parse_args()

    key = "sgk_" + secrets.token_hex(16)
    digest = hashlib.sha256(key.encode()).hexdigest()
    env = dict(os.environ, STDGRAPH_KEYS=f"bench:editor:{digest}")
    server = subprocess.Popen(
        pinned(1) + [a.bin, "serve", "--db", a.db, "--listen", f"127.0.0.1:{PORT}",
                     "--rate-limit-queries", "0", "--rate-limit-mutations", "0", "--rate-limit-exports", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = wait_ready(server)
        query = open(a.query).read() if a.query else DEFAULT_QUERY
        body = f"/tmp/stdgraph-mixed-{os.getpid()}.json"
        with open(body, "w") as f:
            json.dump({"query": query}, f)
        ids = [n["id"] for n in post({"query": "{ standards(first: 1000, orderBy: {field: ID}) { nodes { id } } }"})
               ["data"]["standards"]["nodes"]]
        nodes = post({"query": "{ stats { nodes relations } }"})["data"]["stats"]
        oha(body, 2)  # warm-up
        print(f"graph: {nodes['nodes']} nodes, {nodes['relations']} relations; ready after {ready:.1f} s")
        print("| phase | read req/s | p50 ms | p99 ms | p99.9 ms | read errors | writes/s | write p50 ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        rps, p50, p99, p999, errors = oha(body, a.duration)
        print(f"| reads alone | {rps:.0f} | {p50:.2f} | {p99:.2f} | {p999:.2f} | {errors} | - | - |")
        writers = [Writer(key, ids[i::a.writers], a.write_pause_ms) for i in range(a.writers)]
        for w in writers:
            w.start()
        time.sleep(1)
        before = sum(len(w.latencies) for w in writers)
        start = time.time()
        rps, p50, p99, p999, errors = oha(body, a.duration)
        elapsed = time.time() - start
        committed = sum(len(w.latencies) for w in writers) - before
        for w in writers:
            w.stop.set()
        for w in writers:
            w.join()
        lat = [x for w in writers for x in w.latencies]
        write_errors = sum(w.errors for w in writers)
        wp50 = statistics.median(lat) * 1000 if lat else float("nan")
        print(f"| reads + {a.writers} writer(s) | {rps:.0f} | {p50:.2f} | {p99:.2f} | {p999:.2f} | {errors} "
              f"| {committed / elapsed:.1f} | {wp50:.1f} |")
        if write_errors:
            print(f"mixed: {write_errors} mutations answered with errors", file=sys.stderr)
        os.unlink(body)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
