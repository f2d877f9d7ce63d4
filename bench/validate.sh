#!/usr/bin/env bash
# `dsctl validate` benchmark (numbers, not a test).
#
#   bench/validate.sh CORPUS_DIR [DSCTL]
#
# CORPUS_DIR holds ds-files/ (1,000 one-DaemonSet files) and ds-multi.yaml (10,000 documents),
# as written by a corpus generator (one DaemonSet per document, ~25% with requests > limits).
# DSCTL defaults to the release binary of this checkout. Prints the load average, then for
# each case wall clock, CPU and peak RSS from /usr/bin/time (best of RUNS, default 5), and, when
# valgrind is installed and INSTR=1, instruction counts (stable under load, unlike wall clock).
set -euo pipefail
CORPUS=${1:?usage: bench/validate.sh CORPUS_DIR [DSCTL]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [ -n "${2:-}" ]; then
  BIN=$2
else
  (cd "$ROOT" && cargo build --release --bin dsctl >/dev/null 2>&1) || (cd "$ROOT" && cargo build --release --bin dsctl)
  BIN=$TARGET/release/dsctl
fi
RUNS=${RUNS:-5}
FILES=("$CORPUS"/ds-files/*.yaml)
ONE=${FILES[0]}

# best-of-RUNS wall clock, with the CPU and peak RSS of that run
best() {
  local label=$1; shift
  local best_line="" best_wall=999999
  for _ in $(seq "$RUNS"); do
    local line tf
    tf=$(mktemp)
    # Exit status 1 means findings (a quarter of the corpus has some): not a failure here.
    /usr/bin/time -o "$tf" -f '%e %U %S %M' "$BIN" validate -o json "$@" >/dev/null 2>&1 || true
    line=$(tail -1 "$tf")
    rm -f "$tf"
    local wall=${line%% *}
    if awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; best_line=$line; fi
  done
  read -r wall user sys rss <<<"$best_line"
  printf '%-28s wall %6.3f s  user %6.2f s  sys %5.2f s  peak %6.1f MiB\n' \
    "$label" "$wall" "$user" "$sys" "$(awk "BEGIN{print $rss/1024}")"
}

echo "load: $(uptime | sed 's/.*load average: //')  cores: $(nproc)"
best "one file" "$ONE"
best "1,000 files" "$CORPUS/ds-files"
best "10,000-document file" "$CORPUS/ds-multi.yaml"

if [ "${INSTR:-0}" = 1 ] && command -v valgrind >/dev/null; then
  instr() {
    local label=$1; shift
    local out
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$BIN" validate -o json "$@" >/dev/null 2>"$out.log" || true
    printf '%-28s %s instructions (all threads)\n' "$label" \
      "$(grep -h 'Collected' "$out.log" | awk '{s+=$4} END{print s}')"
    rm -f "$out"*
  }
  instr "one file" "$ONE"
  instr "1,000 files" "$CORPUS/ds-files"
  instr "10,000-document file" "$CORPUS/ds-multi.yaml"
fi
