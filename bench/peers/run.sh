#!/usr/bin/env bash
# Side-by-side peer benchmark for the standardization knowledge-graph GraphQL server.
#
#   ./run.sh --nodes 100000            # generate data, load every peer, load-test Q1..Q4, print tables
#   ./run.sh --help                    # all options
#
# Peers (each gets the same node-link JSON and answers the same four query shapes,
# written in its own dialect under queries/<peer>/):
#   postgraphile  PostgreSQL (private cluster under $WORK, 127.0.0.1 only) + PostGraphile v5
#   node          hand-written graphql-yoga server, graph in memory
#   ours          SLOT for our Rust server (see peer_ours below); skipped until OURS_BIN is set
# Plus, unless --no-algos: networkx / igraph graph algorithms and pyoxigraph SPARQL timings.
#
# Everything runtime (data, PostgreSQL cluster, logs, results) lives under $WORK
# (default /tmp/kg-peers). Every process this script starts is stopped on exit,
# including on errors and Ctrl-C. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# ---- options ------------------------------------------------------------------
NODES=100000
SEED=42
DURATION=10          # seconds of measured load per (peer, shape)
WARMUP=3             # seconds of unmeasured load before each measurement
CONNECTIONS=32
PEERS="postgraphile node ours"
SHAPES="Q1_point Q2_list Q3_two_hop Q4_search"
ALGOS=1
ALGO_NODES=""        # default: same as --nodes
SPARQL=1
PIN=1                # server(s) on CPU 1, load generator on CPU 0
LOADGEN=auto         # oha if installed, else wrk
SETUP=0
WORK=${KG_PEERS_WORK:-/tmp/kg-peers}
PG_PORT=55432 PGL_PORT=55433 NODE_PORT=55434 OURS_PORT=55435

usage() {
  cat <<EOF
usage: $0 [options]
  --nodes N            graph size (default $NODES)
  --seed S             generator seed (default $SEED)
  --duration S         measured seconds per peer x shape (default $DURATION)
  --warmup S           warm-up seconds before each measurement (default $WARMUP)
  --connections C      concurrent connections (default $CONNECTIONS)
  --peers "A B"        subset of: postgraphile node ours (default "$PEERS")
  --shapes "Q1_point"  subset of: $SHAPES
  --algo-nodes "N M"   graph sizes for the Python algorithm peers (default: --nodes)
  --no-algos           skip networkx/igraph;   --no-sparql  skip pyoxigraph
  --no-pin             do not pin server/load generator to separate CPUs
  --loadgen oha|wrk    load generator (default: oha if found, else wrk)
  --setup              install missing dependencies (npm ci, venv + pip, apt: postgresql wrk)
  env KG_PEERS_WORK    runtime folder (default /tmp/kg-peers)
  env OURS_BIN         our server's binary, enables the "ours" peer (see peer_ours)
EOF
}
while [[ $# -gt 0 ]]; do
  case $1 in
    --nodes) NODES=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    --shapes) SHAPES=$2; shift 2 ;;
    --algo-nodes) ALGO_NODES=$2; shift 2 ;;
    --no-algos) ALGOS=0; shift ;;
    --no-sparql) SPARQL=0; shift ;;
    --no-pin) PIN=0; shift ;;
    --loadgen) LOADGEN=$2; shift 2 ;;
    --setup) SETUP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
ALGO_NODES=${ALGO_NODES:-$NODES}

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

NODE_BIN=node_modules/.bin/node      # Node.js 22 from the npm package "node" (PostGraphile 5 needs >= 22)
PY=.venv/bin/python
BENCH="python3 tools/bench.py"
RUN=$WORK/run-$NODES
RESULTS=$RUN/results.tsv
if [[ $PIN == 1 && $(nproc) -ge 2 ]]; then SRV_CPUS=1; LG_CPUS=0; else SRV_CPUS=""; LG_CPUS=""; fi
srv_taskset() { if [[ -n $SRV_CPUS ]]; then echo "taskset -c $SRV_CPUS"; fi; }

# ---- process bookkeeping: everything we start is recorded and stopped ---------
STARTED_PIDS=()
PG_DATA=$WORK/pg/data
PG_STARTED=0
stop_pid() {  # stop one process we started: TERM, wait up to 10 s, then KILL
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
}
pg_as() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_stop() {
  if [[ -f $PG_DATA/postmaster.pid ]]; then
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
cleanup() {
  local rc=$? pid
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid"; done
  STARTED_PIDS=()
  if [[ $PG_STARTED == 1 ]]; then pg_stop; PG_STARTED=0; fi
  rm -f "$WORK"/*.pid
  return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
BG_PID=""
start_bg() {  # start_bg NAME LOGFILE CMD...  -> sets BG_PID, records it in STARTED_PIDS and $WORK/NAME.pid
  local name=$1 logf=$2; shift 2
  "$@" >"$logf" 2>&1 &
  BG_PID=$!
  STARTED_PIDS+=("$BG_PID")
  echo "$BG_PID" >"$WORK/$name.pid"
}
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }
stop_bg() {  # stop_bg PID
  local pid=$1 keep=() p
  stop_pid "$pid"
  for p in "${STARTED_PIDS[@]}"; do [[ $p == "$pid" ]] || keep+=("$p"); done
  STARTED_PIDS=("${keep[@]}")
}
reap_stale() {  # a previous run killed with -9 may have left its own processes: stop those only
  local f pid
  for f in "$WORK"/*.pid; do
    [[ -f $f ]] || continue
    pid=$(cat "$f")
    if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -e 'server.mjs' -e "$WORK"; then
      log "stopping stale process $pid from a previous run ($f)"; stop_pid "$pid"
    fi
    rm -f "$f"
  done
  if [[ -n ${PG_BIN:-} && -f $PG_DATA/postmaster.pid ]]; then log "stopping stale PostgreSQL cluster"; pg_stop; fi
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- dependencies ---------------------------------------------------------------
find_pg_bin() {
  local d
  for d in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
    [[ -n $d && -x $d/pg_ctl && -x $d/initdb ]] && { echo "$d"; return; }
  done
}
setup() {
  if [[ $SETUP == 1 ]]; then
    command -v apt-get >/dev/null && [[ $EUID -eq 0 ]] && {
      [[ -n $(find_pg_bin) ]] && command -v wrk >/dev/null ||
        { apt-get update -qq && apt-get install -y -qq postgresql wrk >/dev/null; }
    }
    [[ -x $NODE_BIN ]] || npm ci --no-audit --no-fund
    [[ -x $PY ]] || { python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt; }
  fi
  [[ -x $NODE_BIN ]] || die "node_modules missing: run 'npm ci' in peers/ (or ./run.sh --setup)"
  [[ -x $PY ]] || die ".venv missing: python3 -m venv .venv && .venv/bin/pip install -r requirements.txt (or --setup)"
  PG_BIN=$(find_pg_bin)
  if [[ $PEERS == *postgraphile* ]]; then
    [[ -n $PG_BIN ]] || die "PostgreSQL server binaries not found (apt-get install postgresql, or --setup)"
    if [[ $EUID -eq 0 ]]; then id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user for the cluster"; fi
  fi
  OHA_BIN=$(command -v oha || { [[ -x $HOME/.cargo/bin/oha ]] && echo "$HOME/.cargo/bin/oha"; } || true)
  if [[ $LOADGEN == auto ]]; then
    if [[ -n $OHA_BIN ]]; then LOADGEN=oha; elif command -v wrk >/dev/null; then LOADGEN=wrk; else
      die "no load generator: cargo install oha, or apt-get install wrk"; fi
  fi
  [[ $LOADGEN != oha || -n $OHA_BIN ]] || die "oha not found (cargo install oha)"
}

# ---- data -----------------------------------------------------------------------
graph_file() { echo "$WORK/data/graph-$1-s$SEED.json"; }
gen_data() {  # deterministic, so a cached file is reused as is
  local n=$1 f
  f=$(graph_file "$n")
  if [[ ! -s $f ]]; then
    mkdir -p "$WORK/data"
    log "generating $n-node graph -> $f"
    $PY gen_graph.py --nodes "$n" --seed "$SEED" --out "$f.tmp" && mv "$f.tmp" "$f"
  fi
}

# ---- measuring one server -----------------------------------------------------
# bench_peer PEER URL MEM_PIDS...: check each shape once (fingerprint), warm up, measure.
bench_peer() {
  local peer=$1 url=$2; shift 2
  local shape q body fp r mem
  for shape in $SHAPES; do
    q=queries/$peer/$shape.graphql
    [[ -f $q ]] || { log "$peer: $q missing - skipped"; continue; }
    body=$RUN/bodies/$peer-$shape.json
    mkdir -p "$RUN/bodies"
    $BENCH body "$q" "$body"
    fp=$($BENCH check "$url" "$body") || { log "$peer $shape: check FAILED"; printf '%s\t%s\tFAILED\t-\t-\t-\t-\t-\n' "$peer" "$shape" >>"$RESULTS"; continue; }
    log "$peer $shape: result $fp; warm-up ${WARMUP}s, measure ${DURATION}s x $CONNECTIONS conns ($LOADGEN)"
    if [[ $WARMUP -gt 0 ]]; then
      $BENCH load "$url" "$body" --tool "$LOADGEN" --oha "${OHA_BIN:-oha}" \
        --duration "$WARMUP" --connections "$CONNECTIONS" --cpus "$LG_CPUS" >/dev/null
    fi
    r=$($BENCH load "$url" "$body" --tool "$LOADGEN" --oha "${OHA_BIN:-oha}" \
      --duration "$DURATION" --connections "$CONNECTIONS" --cpus "$LG_CPUS")
    mem=$($BENCH mem "$@")
    read -r rps p50 p99 n bad <<<"$r"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$peer" "$shape" "$rps" "$p50" "$p99" "$mem" "$bad" "$fp" >>"$RESULTS"
    log "$peer $shape: $rps req/s  p50 ${p50} ms  p99 ${p99} ms  mem ${mem} MiB  errors $bad"
  done
}
record_load() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RUN/load_times.tsv"; }
# wait_ready PEER URL TIMEOUT LOG: 0 when the server answers; else log, mark the peer FAILED, 1.
wait_ready() {
  $BENCH wait "$2" --timeout "$3" && return 0
  log "$1 did not start within $3 s; last lines of $4:"; tail -20 "$4" >&2
  printf '%s\t%s\tFAILED(start)\t-\t-\t-\t-\t-\n' "$1" "all" >>"$RESULTS"
  return 1
}

# ---- peer A: PostgreSQL + PostGraphile v5 -------------------------------------------
peer_postgraphile() {
  local graph t0 pgl_pid pg_pid db=postgres://postgres@127.0.0.1:$PG_PORT/kg
  graph=$(graph_file "$NODES")
  port_free "$PG_PORT" && port_free "$PGL_PORT" || die "port $PG_PORT or $PGL_PORT busy"
  t0=$EPOCHREALTIME
  rm -rf "$WORK/pg" && mkdir -p "$WORK/pg"
  [[ $EUID -eq 0 ]] && chown postgres: "$WORK/pg"
  pg_as "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$RUN/initdb.log" 2>&1
  PG_STARTED=1
  # shellcheck disable=SC2046
  pg_as $(srv_taskset) "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/postgres.log" -w -o \
    "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK/pg -c shared_buffers=512MB -c max_connections=100" \
    start >/dev/null
  pg_pid=$(head -1 "$PG_DATA/postmaster.pid")
  psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE kg" >/dev/null
  $PY tools/to_tsv.py "$graph" "$RUN/tsv"
  psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d kg \
    -f postgraphile/schema.sql \
    -c "\\copy entity FROM '$RUN/tsv/entity.tsv'" \
    -c "\\copy relation FROM '$RUN/tsv/relation.tsv'" \
    -f postgraphile/indexes.sql 2>&1 | grep -v NOTICE >&2 || true
  record_load postgraphile "PostgreSQL: initdb + COPY + indexes + ANALYZE" "$(elapsed "$t0")"
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2046
  start_bg postgraphile "$RUN/postgraphile.log" $(srv_taskset) "$NODE_BIN" postgraphile/server.mjs \
    --db "$db" --port "$PGL_PORT"
  pgl_pid=$BG_PID
  if ! wait_ready postgraphile "http://127.0.0.1:$PGL_PORT/graphql" 120 "$RUN/postgraphile.log"; then
    stop_bg "$pgl_pid"; pg_stop; PG_STARTED=0; return 0
  fi
  record_load postgraphile "PostGraphile: start to first answer" "$(elapsed "$t0")"
  bench_peer postgraphile "http://127.0.0.1:$PGL_PORT/graphql" "$pgl_pid" "$pg_pid"
  stop_bg "$pgl_pid"
  pg_stop; PG_STARTED=0
}

# ---- peer B: hand-written graphql-yoga server, in memory ---------------------------
peer_node() {
  local t0 pid
  port_free "$NODE_PORT" || die "port $NODE_PORT busy"
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2046
  start_bg node "$RUN/node.log" $(srv_taskset) "$NODE_BIN" --max-old-space-size=8192 node/server.mjs \
    --data "$(graph_file "$NODES")" --port "$NODE_PORT"
  pid=$BG_PID
  if ! wait_ready node "http://127.0.0.1:$NODE_PORT/graphql" 300 "$RUN/node.log"; then stop_bg "$pid"; return 0; fi
  record_load node "JSON.parse + Maps/adjacency + indexes (start to first answer)" "$(elapsed "$t0")"
  bench_peer node "http://127.0.0.1:$NODE_PORT/graphql" "$pid"
  stop_bg "$pid"
}

# ---- SLOT: our own server ------------------------------------------------------------
# Plug our Rust server (async-graphql + axum + tokio, petgraph persisted to sled) in here.
# Contract assumed below (edit this function if the real CLI differs):
#   $OURS_BIN import --input GRAPH.json --db DIR          node-link JSON -> sled store
#   $OURS_BIN serve  --db DIR --listen 127.0.0.1:PORT     GraphQL over HTTP POST at /graphql
# and queries/ours/<shape>.graphql hold the four shapes in our dialect; bench.py's
# fingerprint check then proves that we return the same entities in the same order.
peer_ours() {
  local t0 pid db=$RUN/ours-db converted=$RUN/ours-graph.json
  if [[ -z ${OURS_BIN:-} ]]; then log "ours: OURS_BIN not set - slot skipped"; return 0; fi
  [[ -x $OURS_BIN ]] || die "OURS_BIN=$OURS_BIN is not executable"
  port_free "$OURS_PORT" || die "port $OURS_PORT busy"
  rm -rf "$db" "$converted"
  # The synthetic graph's free-form attributes become stdgraph's typed fields, and one Source node is
  # cited by everything (tools/to_stdgraph.py says how each attribute maps).
  t0=$EPOCHREALTIME
  $PY tools/to_stdgraph.py "$(graph_file "$NODES")" "$converted" >"$RUN/ours-import.log" 2>&1
  record_load ours "convert to stdgraph's node-link JSON (Python)" "$(elapsed "$t0")"
  t0=$EPOCHREALTIME
  "$OURS_BIN" import --input "$converted" --db "$db" >>"$RUN/ours-import.log" 2>&1
  record_load ours "import (node-link JSON -> sled)" "$(elapsed "$t0")"
  rm -f "$converted"
  t0=$EPOCHREALTIME
  # Rate limits off (one client sends everything); Q3 asks for the hub's ~1,500 committees at 1M
  # nodes in one page, beyond the default page size and query cost limits.
  # shellcheck disable=SC2046
  start_bg ours "$RUN/ours.log" $(srv_taskset) "$OURS_BIN" serve --db "$db" --listen "127.0.0.1:$OURS_PORT" \
    --rate-limit-queries 0 --rate-limit-mutations 0 --rate-limit-exports 0 \
    --max-page-size 5000 --max-complexity 1000000
  pid=$BG_PID
  if ! wait_ready ours "http://127.0.0.1:$OURS_PORT/graphql" 300 "$RUN/ours.log"; then stop_bg "$pid"; return 0; fi
  record_load ours "serve: start to first answer" "$(elapsed "$t0")"
  bench_peer ours "http://127.0.0.1:$OURS_PORT/graphql" "$pid"
  stop_bg "$pid"
}

# ---- peers C/D: Python graph algorithms and SPARQL ------------------------------------
run_algos() {
  local n
  for n in $ALGO_NODES; do
    gen_data "$n"
    if [[ $ALGOS == 1 ]]; then
      log "graph algorithms (networkx, igraph) on $n nodes"
      $PY algos/graph_algos.py --data "$(graph_file "$n")" --tsv "$RUN/algos.tsv"
    fi
    if [[ $SPARQL == 1 ]]; then
      log "SPARQL (pyoxigraph) on $n nodes"
      $PY algos/sparql_oxigraph.py --data "$(graph_file "$n")" --tsv "$RUN/algos.tsv"
    fi
  done
}

# ---- main ------------------------------------------------------------------------------
mkdir -p "$WORK"
setup
reap_stale
rm -rf "$RUN" && mkdir -p "$RUN"
printf 'peer\tshape\treq/s\tp50_ms\tp99_ms\tmem_MiB\terrors\tresult(ids:sha1:bytes)\n' >"$RESULTS"
printf 'peer\tstep\tseconds\n' >"$RUN/load_times.tsv"
printf 'tool\tnodes\ttask\tseconds\tresult\n' >"$RUN/algos.tsv"
log "work dir $RUN; peers: $PEERS; shapes: $SHAPES; loadgen: $LOADGEN; server CPUs: ${SRV_CPUS:-any}, loadgen CPUs: ${LG_CPUS:-any}"
gen_data "$NODES"
for peer in $PEERS; do
  case $peer in
    postgraphile) peer_postgraphile ;;
    node) peer_node ;;
    ours) peer_ours ;;
    *) die "unknown peer: $peer" ;;
  esac
done
if [[ $ALGOS == 1 || $SPARQL == 1 ]]; then run_algos; fi
trap - EXIT
cleanup   # everything is stopped before the tables are printed

echo
echo "== GraphQL over HTTP: $NODES nodes, ${DURATION}s x $CONNECTIONS connections, $LOADGEN (mem = PSS of the server process tree after the run)"
$BENCH table "$RESULTS"
echo
echo "== Load / start-up times"
$BENCH table "$RUN/load_times.tsv"
if [[ $(wc -l <"$RUN/algos.tsv") -gt 1 ]]; then
  echo
  echo "== Graph algorithms / SPARQL"
  $BENCH table "$RUN/algos.tsv"
fi
echo
echo "raw results: $RUN"
