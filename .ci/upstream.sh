#!/usr/bin/env bash
# Compares dsctl with the verdicts Kubernetes' own code computed (../shared/upstream, see its
# README) and fails when agreement falls below the floor in .ci/upstream-floor. The floor only
# ever rises: raise it in the commit that makes more cases agree. `preview` must agree on every
# node. Skipped, saying so, when ../shared/upstream is not beside the project.
set -euo pipefail
cd "$(dirname "$0")/.."
check=../shared/upstream/check.py
bin="${DSCTL_BIN:-target/release/dsctl}"
if [ ! -f "$check" ]; then
    echo "upstream check: skipped ($check not found)"
    exit 0
fi
floor() { awk -v k="$1" '$1 == k { print $2 }' .ci/upstream-floor; }
status=0

line=$( (python3 "$check" validate "$bin" || true) | tail -n 1)  # exit 1 below 100%
echo "$line"
# upstream validate: X/3000 verdicts, A/3000 exact error sets
verdicts=$(sed -E 's#.*: ([0-9]+)/[0-9]+ verdicts.*#\1#' <<<"$line")
exact=$(sed -E 's#.* ([0-9]+)/[0-9]+ exact error sets.*#\1#' <<<"$line")
if [ "$verdicts" -lt "$(floor validate-verdicts)" ] || [ "$exact" -lt "$(floor validate-exact)" ]; then
    echo "upstream validate fell below the floor in .ci/upstream-floor:" \
        "$(floor validate-verdicts) verdicts, $(floor validate-exact) exact error sets" >&2
    status=1
fi

if ! python3 "$check" preview "$bin" >"${TMPDIR:-/tmp}/dsctl-upstream-preview.log"; then
    tail -n 30 "${TMPDIR:-/tmp}/dsctl-upstream-preview.log" >&2
    echo "upstream preview: a node verdict disagrees with the DaemonSet controller" >&2
    status=1
fi
tail -n 1 "${TMPDIR:-/tmp}/dsctl-upstream-preview.log"
exit "$status"
