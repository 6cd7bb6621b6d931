#!/usr/bin/env bash
# Times networkx and igraph on the same generated graphs the criterion benchmarks use
# (`stdgraph-generate --nodes N --seed 42`): load, 2-hop neighbourhood of the biggest hub, shortest
# paths, PageRank. The script is the peer harness's own (bench/peers/algos/graph_algos.py).
#
#   bench/algos.sh 10000 100000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p stdgraph-generate
if ! bench/.venv/bin/python -c 'import networkx, igraph, scipy, orjson' 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
for n in "${@:-10000 100000}"; do
  file=/tmp/stdgraph-bench-$n.json
  [ -s "$file" ] || target/release/stdgraph-generate --nodes "$n" --seed 42 --out "$file"
  bench/.venv/bin/python bench/peers/algos/graph_algos.py --data "$file"
done
