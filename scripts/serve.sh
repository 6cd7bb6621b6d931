# Shared by scripts that test a running server: `serve DIR [FLAG...]` starts stdgraph on a free 127.0.0.1
# port with data dir DIR (and any further `stdgraph serve` flags) and prints its URL; every server started
# is stopped, and $work removed, on exit. The pids go to a file rather than a variable because callers run
# `serve` in a command substitution, a subshell whose variables the exit trap never sees.
BIN=${STDGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/debug/stdgraph}
[ -x "$BIN" ] || cargo build --locked --bin stdgraph
work=$(mktemp -d)
cleanup() {
  local p
  if [ -f "$work/pids" ]; then
    while read -r p; do kill "$p" 2>/dev/null || true; done < "$work/pids"
    # SIGTERM shuts down gracefully (the store is flushed): give each server 5 s before its data dir goes.
    while read -r p; do
      for _ in $(seq 1 50); do
        case "$(ps -o stat= -p "$p" 2>/dev/null)" in '' | Z*) break ;; esac
        sleep 0.1
      done
    done < "$work/pids"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

serve() {
  local dir=$1
  shift
  "$BIN" serve --addr 127.0.0.1:0 --data "$dir" "$@" > "$dir.out" 2> "$dir.log" &
  echo $! >> "$work/pids"
  for _ in $(seq 1 300); do
    if grep -q '^listening on ' "$dir.out" 2>/dev/null; then sed -n 's/^listening on //p' "$dir.out"; return; fi
    sleep 0.1
  done
  echo "server did not start; log:" >&2; cat "$dir.log" >&2; exit 1
}
