#!/usr/bin/env python3
"""Builds dsctl's bundled Kubernetes schemas from the kubernetes-validate wheel.

Usage (from the repository root, standard library only):

    python3 schemas/build.py                 # downloads the pinned wheel with pip
    python3 schemas/build.py --wheel FILE    # uses a wheel already on disk

Writes `schemas/index.txt`, `schemas/closures.bin` and `schemas/README.md`; the first two `src/schema/` embeds with
`include_bytes!`. For every Kubernetes minor in the wheel it reads the non-strict
`_definitions.json`, drops what validation never reads (descriptions, patch strategies),
replaces the `oneOf` of IntOrString and Quantity by a plain type list, and stores, per
(apiVersion, kind), the self-contained schema holding only the definitions reachable from that
kind ("closure"). Closures are zlib-compressed one by one and deduplicated by content hash, so a
check inflates a few kilobytes, not a whole version.

The strict variant is not stored: the build checks that it is exactly the non-strict one with
`additionalProperties: false` added to every object schema that declares `properties`, and the
Rust side applies that same rewrite at run time.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import zlib

PACKAGE = "kubernetes-validate"
VERSION = "1.37.0"
WHEEL = "kubernetes_validate-1.37.0-py3-none-any.whl"
WHEEL_SHA256 = "85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9"
SCHEMA_DIR = "kubernetes_validate/kubernetes-json-schema/"
HERE = os.path.dirname(os.path.abspath(__file__))

# Keywords validation never reads; stripping them shrinks the data by ~75%.
DROPPED = {
    "description",
    "x-kubernetes-patch-strategy",
    "x-kubernetes-patch-merge-key",
    "x-kubernetes-unions",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-list-type",
    "x-kubernetes-map-type",
}
# Containers of named subschemas: their keys are names, not keywords (a property may be
# called `description` or `$ref`).
NAMED = {"properties", "$defs", "patternProperties"}


def fetch_wheel(dest):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "-d", dest, f"{PACKAGE}=={VERSION}"],
        check=True,
    )
    return os.path.join(dest, WHEEL)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def walk(schema, fn):
    """Applies fn to every subschema (dicts only), bottom-up, respecting NAMED containers."""
    if isinstance(schema, list):
        return [walk(s, fn) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for k, v in schema.items():
        if k in NAMED and isinstance(v, dict):
            out[k] = {name: walk(sub, fn) for name, sub in v.items()}
        elif k in ("enum", "const", "default", "example", "required",
                   "x-kubernetes-group-version-kind"):
            out[k] = v
        else:
            out[k] = walk(v, fn)
    return fn(out)


def strictify(schema):
    """What kubernetes-json-schema's -strict variants do."""
    if "properties" in schema and "additionalProperties" not in schema:
        schema = dict(schema)
        schema["additionalProperties"] = False
    return schema


def slim(schema):
    schema = {k: v for k, v in schema.items() if k not in DROPPED}
    one_of = schema.get("oneOf")
    # IntOrString and Quantity are `oneOf: [{type: [string, null]}, {type: [integer, null]}]`.
    # A null matches both branches, so oneOf would reject `maxUnavailable: null`, which the API
    # server accepts as unset; a type list says the same thing without that trap and yields one
    # readable type error instead of a oneOf failure.
    if one_of and all(set(b) == {"type"} for b in one_of):
        types = []
        for branch in one_of:
            for t in branch["type"] if isinstance(branch["type"], list) else [branch["type"]]:
                if t not in types:
                    types.append(t)
        del schema["oneOf"]
        # null last, so messages read "expected integer or string".
        schema["type"] = sorted(types, key=lambda t: t == "null")
    return schema


def refs(schema, out):
    if isinstance(schema, list):
        for s in schema:
            refs(s, out)
    elif isinstance(schema, dict):
        for k, v in schema.items():
            if k == "$ref" and isinstance(v, str):
                out.add(v.rsplit("/", 1)[-1])
            elif k in NAMED and isinstance(v, dict):
                for sub in v.values():
                    refs(sub, out)
            else:
                refs(v, out)


def closure(defs, root):
    seen, stack = set(), [root]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        found = set()
        refs(defs[name], found)
        stack.extend(found)
    return seen


def check_refs_alone(schema, where):
    """dsctl compiles closures as draft 7, where keywords beside `$ref` are ignored."""
    if isinstance(schema, list):
        for s in schema:
            check_refs_alone(s, where)
    elif isinstance(schema, dict):
        if "$ref" in schema and isinstance(schema["$ref"], str) and len(schema) > 1:
            sys.exit(f"{where}: $ref with sibling keywords {sorted(schema)}")
        for k, v in schema.items():
            if k in NAMED and isinstance(v, dict):
                for sub in v.values():
                    check_refs_alone(sub, where)
            elif k not in ("enum", "const", "required"):
                check_refs_alone(v, where)


def short_names(names):
    """Definition names inside one closure: the type name (`PodSpec`), suffixed when two
    packages define the same type name. Shorter text parses and compiles faster."""
    out, taken = {}, set()
    for name in sorted(names):
        short = name.rsplit(".", 1)[-1]
        candidate, n = short, 1
        while candidate in taken:
            n += 1
            candidate = f"{short}{n}"
        taken.add(candidate)
        out[name] = candidate
    return out


def rename_refs(schema, names):
    if isinstance(schema, list):
        return [rename_refs(s, names) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for k, v in schema.items():
        if k == "$ref" and isinstance(v, str):
            out[k] = "#/$defs/" + names[v.rsplit("/", 1)[-1]]
        elif k in NAMED and isinstance(v, dict):
            out[k] = {n: rename_refs(sub, names) for n, sub in v.items()}
        elif k in ("enum", "const", "required"):
            out[k] = v
        else:
            out[k] = rename_refs(v, names)
    return out


def api_version(gvk):
    return gvk["version"] if gvk["group"] == "" else f"{gvk['group']}/{gvk['version']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", help=f"path to {WHEEL} (downloaded with pip if absent)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(tmp)
        digest = sha256(wheel)
        if digest != WHEEL_SHA256:
            sys.exit(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256}")
        with zipfile.ZipFile(wheel) as zf:
            names = zf.namelist()
            minors = sorted(
                {int(m.group(1)) for n in names
                 if (m := re.match(re.escape(SCHEMA_DIR) + r"v1\.(\d+)\.0-local/_definitions\.json$", n))}
            )
            loose = {m: json.loads(zf.read(f"{SCHEMA_DIR}v1.{m}.0-local/_definitions.json")) for m in minors}
            strict = {m: json.loads(zf.read(f"{SCHEMA_DIR}v1.{m}.0-local-strict/_definitions.json")) for m in minors}

    blobs = []          # compressed closures, in id order
    blob_ids = {}       # sha256 of the uncompressed closure -> id
    raw_bytes = 0
    entries = {}        # (apiVersion, kind) -> [(minor, blob id)]
    groups = set()      # every API group any version names, even only through DeleteOptions
    for m in minors:
        defs = loose[m]["$defs"]
        if walk(defs, strictify) != strict[m]["$defs"]:
            sys.exit(f"1.{m}: the -strict variant is not additionalProperties:false on objects with properties")
        defs = {name: walk(schema, slim) for name, schema in defs.items()}
        for name, schema in defs.items():
            check_refs_alone(schema, f"1.{m} {name}")
        for name, schema in defs.items():
            gvks = schema.get("x-kubernetes-group-version-kind", [])
            groups.update(g["group"] for g in gvks)
            if len(gvks) > 1:
                # DeleteOptions and WatchEvent claim every group; only the core one is a kind
                # anybody writes, and listing the rest would swamp "served by" messages.
                gvks = [g for g in gvks if g["group"] == ""]
            if not gvks:
                continue
            reach = closure(defs, name)
            short = short_names(reach)
            # The kind's own GVK list is in the index; inside the closure it is dead weight.
            own = {short[n]: rename_refs({k: v for k, v in defs[n].items()
                                          if k != "x-kubernetes-group-version-kind"}, short)
                   for n in reach}
            doc = {"$ref": f"#/$defs/{short[name]}", "$defs": own}
            text = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
            key = hashlib.sha256(text).hexdigest()
            if key not in blob_ids:
                blob_ids[key] = len(blobs)
                blobs.append(zlib.compress(text, 9))
                raw_bytes += len(text)
            for gvk in gvks:
                entries.setdefault((api_version(gvk), gvk["kind"]), []).append((m, blob_ids[key]))

    lines = [
        "# dsctl bundled Kubernetes schemas: generated by schemas/build.py, do not edit.",
        f"source {PACKAGE} {VERSION} {WHEEL} sha256:{digest}",
        "minors " + " ".join(str(m) for m in minors),
        "groups " + " ".join(sorted(groups)),
    ]
    offset = 0
    for blob in blobs:
        lines.append(f"blob {offset} {len(blob)}")
        offset += len(blob)
    for (av, kind), per in sorted(entries.items()):
        lines.append(f"kind {av} {kind} " + " ".join(f"{m}:{b}" for m, b in per))
    with open(os.path.join(HERE, "index.txt"), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(HERE, "closures.bin"), "wb") as f:
        for blob in blobs:
            f.write(blob)
    per_minor = {m: sorted({b for per in entries.values() for (mm, b) in per if mm == m}) for m in minors}
    kinds_per_minor = {m: sum(1 for per in entries.values() if any(mm == m for mm, _ in per)) for m in minors}
    write_readme(minors, kinds_per_minor, per_minor, digest, len(entries), len(blobs), raw_bytes, offset)
    print(f"{len(minors)} minors (1.{minors[0]}..1.{minors[-1]}), {len(entries)} apiVersion/kind pairs, "
          f"{len(blobs)} distinct closures, {raw_bytes} bytes raw, {offset} bytes compressed")


def write_readme(minors, kinds, closures, digest, pairs, nblobs, raw, packed):
    rows = "\n".join(
        f"| 1.{m} | `v1.{m}.0-local/_definitions.json` | {kinds[m]} | {len(closures[m])} |" for m in minors
    )
    text = f"""# Bundled Kubernetes schemas

Generated by `schemas/build.py`; do not edit by hand (this file included). `src/schema/` embeds
`index.txt` and `closures.bin` with `include_str!`/`include_bytes!`, so `dsctl` validates offline.

## Source

| | |
|---|---|
| package | [`{PACKAGE}`](https://pypi.org/project/{PACKAGE}/) {VERSION} (PyPI), by Will Thames |
| file | `{WHEEL}` |
| sha256 | `{digest}` |
| license | Apache-2.0 (the wheel's `LICENSE`); the schemas are generated from the Kubernetes OpenAPI specification, also Apache-2.0 |
| upstream | <https://github.com/willthames/kubernetes-validate>, schemas under `kubernetes_validate/kubernetes-json-schema/` |

## Rebuild

```sh
python3 schemas/build.py                 # pip-downloads the pinned wheel (checks its sha256)
python3 schemas/build.py --wheel FILE    # or use a wheel already on disk
```

Standard library only. The build:

1. reads, per Kubernetes minor, the non-strict `_definitions.json` and checks that the `-strict`
   variant is exactly it with `additionalProperties: false` on every object schema that declares
   `properties` (the rewrite `dsctl` applies at run time in strict mode, so strict files are not stored);
2. drops keywords validation never reads (`description`, `x-kubernetes-patch-*`,
   `x-kubernetes-list-*`, `x-kubernetes-map-type`, `x-kubernetes-unions`);
3. replaces the type-only `oneOf` of `IntOrString` (string | integer) and `Quantity`
   (string | number) by one type list: `oneOf` rejects `null`, which matches both branches,
   while the API server reads a null as unset;
4. for every (apiVersion, kind) in `x-kubernetes-group-version-kind` writes the self-contained
   schema (`{{"$ref": ..., "$defs": {{only the reachable definitions}}}}`), with definitions
   renamed to their type name (`io.k8s.api.core.v1.PodSpec` -> `PodSpec`, numbered on a clash)
   and the GVK lists left to the index, since smaller text parses and compiles faster;
   it checks that no `$ref` has sibling keywords (dsctl compiles as draft 7); zlib level 9,
   deduplicated across kinds and minors by SHA-256 of the uncompressed text.
   `DeleteOptions` and `WatchEvent` claim every API group; only their core-group entry is kept,
   but all groups are listed in `index.txt` so that a removed built-in group (`extensions`) is
   recognised as such.

Totals: {pairs} apiVersion/kind pairs, {nblobs} distinct closures, {raw} bytes uncompressed,
{packed} bytes in `closures.bin`.

## Bundled versions

| Kubernetes | source file | apiVersion/kind pairs | distinct closures used |
|---|---|---|---|
{rows}
"""
    with open(os.path.join(HERE, "README.md"), "w", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
