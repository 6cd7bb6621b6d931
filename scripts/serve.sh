# Shared by scripts that test a running server: `serve DIR` starts stdgraph on a free 127.0.0.1 port with
# data dir DIR and prints its URL; every server started is stopped, and $work removed, on exit.
BIN=${STDGRAPH_BIN:-target/debug/stdgraph}
[ -x "$BIN" ] || cargo build --locked --bin stdgraph
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

serve() {
  "$BIN" serve --addr 127.0.0.1:0 --data "$1" > "$1.out" 2> "$1.log" &
  pids+=($!)
  for _ in $(seq 1 300); do
    if grep -q '^listening on ' "$1.out" 2>/dev/null; then sed -n 's/^listening on //p' "$1.out"; return; fi
    sleep 0.1
  done
  echo "server did not start; log:" >&2; cat "$1.log" >&2; exit 1
}
