#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target under fuzz/corpus/<target>/ from fixtures/ (the
# corpus directories are gitignored: libFuzzer adds what it finds there).
set -euo pipefail
cd "$(dirname "$0")/.."
fx=fixtures
seed() { # target, then files
    local target=$1
    shift
    mkdir -p "fuzz/corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        # Flatten the path into the name so seeds from different folders never collide.
        cp "$f" "fuzz/corpus/$target/seed-$(echo "${f#"$fx"/}" | tr '/' '_')"
    done
}
manifests=(
    "$fx"/corpus/daemonsets/* "$fx"/corpus/deployments/* "$fx"/convert/* "$fx"/rules/*
    "$fx"/schema/* "$fx"/examples/* "$fx"/hostile/*
)
seed load "${manifests[@]}"
seed validate "${manifests[@]}"
seed events "${manifests[@]}" "$fx"/corpus/nodes/*
seed convert "$fx"/convert/* "$fx"/corpus/deployments/* "$fx"/corpus/daemonsets/* "$fx"/examples/* "$fx"/hostile/*
seed inventory "$fx"/corpus/nodes/* "$fx"/preview/*.nodes.yaml "$fx"/preview/*inventory* "$fx"/hostile/*
for t in load validate convert inventory events; do
    echo "fuzz/corpus/$t: $(find "fuzz/corpus/$t" -type f | wc -l) files"
done
