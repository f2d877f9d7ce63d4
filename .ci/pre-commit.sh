#!/usr/bin/env bash
# Checks the hooks in .pre-commit-hooks.yaml the way users run them: a throwaway git repository
# whose .pre-commit-config.yaml names this repository, and `pre-commit run HOOK --all-files` on a
# good and a bad manifest.
# - The `-system` hooks run the dsctl on PATH: the release binary `cargo test --release` built
#   (DSCTL_BIN, default target/release/dsctl). No build of their own.
# - The `language: rust` hooks are installed once (`cargo install` of this repository into one
#   pre-commit store for every call, with the shared target directory: only dsctl itself is
#   rebuilt) and then run like the others.
# Uncommitted changes to tracked files are included (a snapshot commit in a clone).
# Exits non-zero when a hook does not behave as expected.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/dsctl-pre-commit.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say() { printf '== %s\n' "$*"; }
fail() { printf 'pre-commit check: FAILED: %s\n' "$*" >&2; exit 1; }

if ! command -v git >/dev/null 2>&1; then
    echo "git is required" >&2
    exit 2
fi
if ! git -C "$root" rev-parse --verify -q HEAD >/dev/null; then
    fail "$root is not a git repository with a commit: try-repo installs from git"
fi
if ! git -C "$root" ls-files --error-unmatch .pre-commit-hooks.yaml >/dev/null 2>&1; then
    fail ".pre-commit-hooks.yaml is not committed: try-repo only sees committed files"
fi

if command -v pre-commit >/dev/null 2>&1; then
    pre_commit=(pre-commit)
else
    # A private virtualenv: no system site-packages touched, no PEP 668 refusal.
    say "pre-commit not found: installing it with pip into $work/venv"
    python3 -m venv "$work/venv"
    "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit
    pre_commit=("$work/venv/bin/pre-commit")
fi
say "$("${pre_commit[@]}" --version)"

# One store for every call: the rust hooks' environment (a `cargo install`) is built once. With
# the shared target directory only dsctl itself is rebuilt for it; the dependencies of
# `cargo test --release` are reused.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export PRE_COMMIT_HOME="$work/store"
bin="${DSCTL_BIN:-$CARGO_TARGET_DIR/release/dsctl}"
[ -x "$bin" ] || fail "$bin does not exist: build it first (cargo build --release)"
# The system hooks find this dsctl first on PATH.
mkdir -p "$work/bin"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$work/bin/dsctl"
export PATH="$work/bin:$PATH"

repo="$work/manifests"
mkdir -p "$repo/deploy"
git -C "$repo" init -q
cat >"$repo/deploy/good.yaml" <<'YAML'
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: agent
        image: example.com/node-agent:1.4.2
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
YAML
# The selector does not match the template labels: the API server rejects it. Another name:
# the same object in two files would be a warning (DS008) on the good one.
sed -e 's/^        app: node-agent$/        app: agent/' -e 's/^  name: node-agent$/  name: node-agent-canary/' \
    "$repo/deploy/good.yaml" >"$repo/deploy/bad.yaml"

commit() {
    git -C "$repo" add -A
    git -C "$repo" -c user.name=dsctl-ci -c user.email=ci@dsctl.invalid \
        commit -q --allow-empty -m "$1"
}

# One fixed revision for every call, uncommitted changes included.
source_repo="$root"
ref="$(git -C "$root" rev-parse HEAD)"
if ! git -C "$root" diff --quiet HEAD --; then
    say "uncommitted changes to tracked files: testing a snapshot of them"
    source_repo="$work/snapshot"
    git clone -q --no-checkout "$root" "$source_repo"
    git -C "$source_repo" checkout -q "$ref"
    git -C "$root" diff --binary HEAD -- | git -C "$source_repo" apply --index
    git -C "$source_repo" -c user.name=dsctl-ci -c user.email=ci@dsctl.invalid \
        commit -q -m "uncommitted changes"
    ref="$(git -C "$source_repo" rev-parse HEAD)"
fi
say "hooks from $source_repo at $ref"

# Outside the manifests repository: the hooks would check it as a manifest.
cat >"$work/pre-commit-config.yaml" <<CONFIG
repos:
- repo: $source_repo
  rev: $ref
  hooks:
  - id: dsctl-validate
  - id: dsctl-convert-check
  - id: dsctl-validate-system
  - id: dsctl-convert-check-system
CONFIG

# run HOOK: runs one hook of this repository on every file of the manifests repository.
run_hook() {
    (cd "$repo" && "${pre_commit[@]}" run -c "$work/pre-commit-config.yaml" "$1" --all-files --color never)
}

expect() {
    local want="$1" hook="$2" what="$3" rc=0
    local log="$work/$hook.log"
    say "pre-commit run $hook --all-files ($what): expecting $want"
    run_hook "$hook" >"$log" 2>&1 || rc=$?
    cat "$log"
    case "$want" in
        success) [ "$rc" -eq 0 ] || fail "$hook on $what exited $rc" ;;
        failure) [ "$rc" -ne 0 ] || fail "$hook on $what passed" ;;
    esac
    # A hook that failed because dsctl could not be installed or run is not the failure we want.
    if grep -q -e 'An unexpected error has occurred' -e 'Executable .* not found' "$log"; then
        fail "$hook on $what: pre-commit could not run the hook"
    fi
}

# Each check runs for both variants of a hook: built for pre-commit, and the dsctl on PATH.
commit "a good and a bad DaemonSet"
for hook in dsctl-validate dsctl-validate-system; do
    expect failure "$hook" "a good and a bad DaemonSet"
    grep -q 'deploy/bad.yaml:12:7: error\[DS101\]' "$work/$hook.log" \
        || fail "$hook did not report the bad file at deploy/bad.yaml:12:7"
    if grep -q 'deploy/good.yaml:' "$work/$hook.log"; then
        fail "$hook reported the good file"
    fi
done

git -C "$repo" rm -q deploy/bad.yaml
commit "only the good DaemonSet"
for v in "" -system; do
    expect success "dsctl-validate$v" "only the good DaemonSet"
    expect success "dsctl-convert-check$v" "only a DaemonSet"
done

# The same workload as a Deployment: `dsctl convert --check` fails on it (it would become a
# DaemonSet).
sed 's/^kind: DaemonSet$/kind: Deployment/' "$repo/deploy/good.yaml" >"$repo/deploy/deployment.yaml"
commit "a Deployment beside the DaemonSet"
for hook in dsctl-convert-check dsctl-convert-check-system; do
    expect failure "$hook" "a Deployment"
    grep -q 'deploy/deployment.yaml' "$work/$hook.log" \
        || fail "$hook did not name deploy/deployment.yaml"
done

say "pre-commit hooks behave as documented"
