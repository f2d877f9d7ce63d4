#!/usr/bin/env bash
# Inventory + preview benchmark (numbers, not a test).
#
#   bench/preview.sh [N]          # N nodes, default 100000; files go to ${BENCH_DIR:-${TMPDIR:-/tmp}/dsctl-bench}
#
# Generates a kubectl-style List of N nodes as JSON and YAML (bench/gen_nodes.py, unique names),
# then times with /usr/bin/time -v (wall clock, CPU, peak RSS):
#   1. serde_json derive deserialization of the JSON into the kept fields (the yardstick);
#   2. dsctl's inventory reader + preview of a DaemonSet on the JSON;
#   3. the same on the YAML;
#   4. for N <= 20000, granit-parser alone on the YAML (one and two threads).
set -euo pipefail
N=${1:-100000}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/dsctl-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$DIR"
if [ ! -s "$DIR/nodes-$N.yaml" ]; then
  python3 "$ROOT/bench/gen_nodes.py" "$N" "$DIR/nodes-$N"
fi
cd "$ROOT"
cargo build --release --bench inventory >/dev/null 2>&1 || cargo build --release --bench inventory
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$(ls -t "$TARGET"/release/deps/inventory-* | grep -v '\.d$' | head -1)
DS="$ROOT/fixtures/preview/taints.ds.yaml"
run() {
  echo "== $*"
  /usr/bin/time -v "$BIN" "$@" 2>&1 | grep -E 'nodes,|get a Pod|Elapsed|Maximum resident|User time|System time|Percent of CPU'
}
uptime
run --baseline "$DIR/nodes-$N.json"
run --ds "$DS" "$DIR/nodes-$N.json"
run --ds "$DS" "$DIR/nodes-$N.yaml"
# The parser's own ceiling (loads the whole YAML in memory: skip for very large N).
if [ "$N" -le 20000 ]; then "$BIN" --yaml-raw "$DIR/nodes-$N.yaml"; fi
