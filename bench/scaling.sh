#!/usr/bin/env bash
# Scaling benchmark (numbers, not a test): for each command and input shape, times dsctl at
# N and 2N and prints the ratio (about 2 when linear, 4 when quadratic).
#
#   bench/scaling.sh [DSCTL]      # SCALE=1 (default) multiplies every size; RUNS=3 (best of)
#
# Shapes (bench/gen_scaling.py): documents in one file, findings in one document, entries on
# one flow line, nodes in an inventory. Input bytes double with each.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [ -n "${1:-}" ]; then BIN=$1; else
  (cd "$ROOT" && cargo build --release --bin dsctl >/dev/null 2>&1) || (cd "$ROOT" && cargo build --release --bin dsctl)
  BIN=$TARGET/release/dsctl
fi
RUNS=${RUNS:-3}
SCALE=${SCALE:-1}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DS="$ROOT/fixtures/preview/taints.ds.yaml"

# Best-of-RUNS wall clock of a command (its exit code is ignored: findings exit 1).
best() {
  local best=999999 t
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$DIR/time" -f '%e' "$@" >/dev/null 2>&1 || true
    t=$(tail -1 "$DIR/time")
    awk "BEGIN{exit !($t < $best)}" && best=$t
  done
  echo "$best"
}

# row LABEL SHAPE N COMMAND... (INPUT in the command is replaced by the generated file)
row() {
  local label=$1 shape=$2 n=$(( $3 * SCALE )); shift 3
  local times=() sizes=()
  for m in "$n" $((2 * n)); do
    local f="$DIR/$shape-$m.yaml"
    [ -s "$f" ] || python3 "$ROOT/bench/gen_scaling.py" "$shape" "$m" "$f"
    local args=()
    for a in "$@"; do [ "$a" = INPUT ] && args+=("$f") || args+=("$a"); done
    times+=("$(best "$BIN" "${args[@]}")")
    sizes+=("$(( $(stat -c %s "$f") / 1024 ))")
  done
  printf '%-34s N=%-7s %6s KB %7.2f s  2N %7s KB %7.2f s  ratio %5.2f\n' "$label" "$n" \
    "${sizes[0]}" "${times[0]}" "${sizes[1]}" "${times[1]}" \
    "$(awk "BEGIN{a=${times[0]}; b=${times[1]}; print (a > 0 ? b / a : 0)}")"
}

echo "load: $(uptime | sed 's/.*load average: //')  cores: $(nproc)  runs: $RUNS"
row "validate: documents"             docs     8000  validate INPUT
row "validate: findings per document" findings 20000 validate INPUT
row "validate: line length (flow env)" line    32000 validate INPUT
row "convert: documents"              docs     8000  convert INPUT
row "convert: line length (flow env)" line     32000 convert INPUT
row "preview: nodes"                  nodes    20000 preview "$DS" --nodes INPUT
row "preview: line length (taints)"   taints   32000 preview "$DS" --nodes INPUT
