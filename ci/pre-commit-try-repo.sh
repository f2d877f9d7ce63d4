#!/usr/bin/env bash
# Checks the hooks in .pre-commit-hooks.yaml the way users run them: `pre-commit try-repo`
# installs dsctl from this repository (`language: rust` means `cargo install`, which takes
# minutes) and runs each hook on a throwaway git repository holding one good and one bad
# manifest. Uncommitted changes to tracked files are included (a snapshot commit in a clone).
# Exits non-zero when a hook does not behave as expected.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/dsctl-pre-commit.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say() { printf '== %s\n' "$*"; }
fail() { printf 'pre-commit-try-repo: FAILED: %s\n' "$*" >&2; exit 1; }

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

# try-repo installs the hooks into a temporary store on every call, so each call runs
# `cargo install` again. With a shared target directory only dsctl itself is rebuilt, and the
# release build of the tests (`cargo test --release` in .ci/run) is reused.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

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
# The selector does not match the template labels: the API server rejects it.
sed 's/^        app: node-agent$/        app: agent/' "$repo/deploy/good.yaml" >"$repo/deploy/bad.yaml"

commit() {
    git -C "$repo" add -A
    git -C "$repo" -c user.name=dsctl-ci -c user.email=ci@dsctl.invalid \
        commit -q --allow-empty -m "$1"
}

# One fixed revision for every try-repo call: left alone, try-repo takes HEAD at each call (or
# makes a new shadow commit of uncommitted changes), so the calls could test different code.
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

# try-repo HOOK: runs one hook of this repository on every file of the manifests repository.
try_repo() {
    (cd "$repo" && "${pre_commit[@]}" try-repo "$source_repo" "$1" --ref "$ref" \
        --all-files --color never)
}

expect() {
    local want="$1" hook="$2" what="$3" rc=0
    local log="$work/$hook.log"
    say "pre-commit try-repo $hook --all-files ($what): expecting $want"
    try_repo "$hook" >"$log" 2>&1 || rc=$?
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

commit "a good and a bad DaemonSet"
expect failure dsctl-validate "a good and a bad DaemonSet"
grep -q 'deploy/bad.yaml:12:7: error\[DS101\]' "$work/dsctl-validate.log" \
    || fail "dsctl-validate did not report the bad file at deploy/bad.yaml:12:7"
if grep -q 'deploy/good.yaml:' "$work/dsctl-validate.log"; then
    fail "dsctl-validate reported the good file"
fi

git -C "$repo" rm -q deploy/bad.yaml
commit "only the good DaemonSet"
expect success dsctl-validate "only the good DaemonSet"
expect success dsctl-convert-check "only a DaemonSet"

# The same workload as a Deployment: `dsctl convert --check` fails on it (it would become a
# DaemonSet).
sed 's/^kind: DaemonSet$/kind: Deployment/' "$repo/deploy/good.yaml" >"$repo/deploy/deployment.yaml"
commit "a Deployment beside the DaemonSet"
expect failure dsctl-convert-check "a Deployment"
grep -q 'deploy/deployment.yaml' "$work/dsctl-convert-check.log" \
    || fail "dsctl-convert-check did not name deploy/deployment.yaml"

say "pre-commit hooks behave as documented"
