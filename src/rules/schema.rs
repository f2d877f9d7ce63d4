//! Registry entries for the schema layer's findings (emitted by `crate::schema`, not here).

use super::{Emitter, Rule};
use crate::finding::Severity;

/// DS001.
pub const SCHEMA_VIOLATION: Rule = Rule {
    code: "DS001",
    name: "schema-violation",
    severity: Severity::Error,
    summary: "A field has the wrong type or a required field is missing per the OpenAPI schema",
    doc: r#"## What it does
Checks the object against the Kubernetes OpenAPI schema of its apiVersion and kind: field types,
required fields, enum values the schema knows.

## Why is this bad?
The API server refuses to decode or store an object that does not fit its schema.

## Example
```yaml
spec:
  template:
    spec:
      containers: agent
```

## Fix
```yaml
spec:
  template:
    spec:
      containers:
      - name: agent
        image: example/agent:1.0
```

## Upstream
The OpenAPI v3 schema served at `/openapi/v3/apis/apps/v1` (generated from
`k8s.io/api/apps/v1/types.go`).
"#,
    emitter: Emitter::Schema,
};

/// DS002.
pub const UNKNOWN_FIELD: Rule = Rule {
    code: "DS002",
    name: "unknown-field",
    severity: Severity::Error,
    summary: "A field the schema does not know (strict field validation rejects it)",
    doc: r#"## What it does
Finds fields that do not exist in the schema of the object's kind, usually typos or fields of
another kind.

## Why is this bad?
With `kubectl` 1.27+ (`--validate=strict`, the default) the request fails with
`unknown field "spec.template.spec.containers[0].imagePullPolice"`; with lax validation the
field is silently dropped, so the setting you wrote has no effect.

## Example
```yaml
spec:
  template:
    spec:
      containers:
      - name: agent
        image: example/agent:1.0
        imagePullPolice: Always
```

## Fix
```yaml
spec:
  template:
    spec:
      containers:
      - name: agent
        image: example/agent:1.0
        imagePullPolicy: Always
```

## Upstream
Server-side field validation (`fieldValidation=Strict`), `k8s.io/apiserver/pkg/endpoints/handlers`
and the structured-merge-diff schema.
"#,
    emitter: Emitter::Schema,
};

/// DS006.
pub const API_VERSION_NOT_SERVED: Rule = Rule {
    code: "DS006",
    name: "api-version-not-served",
    severity: Severity::Error,
    summary: "The chosen Kubernetes version does not serve this apiVersion and kind",
    doc: r#"## What it does
Checks that the Kubernetes version you target (`--kubernetes-version`, default: the newest
bundled) serves the object's `apiVersion` and `kind`, and names the apiVersions that do.

## Why is this bad?
`kubectl apply` fails with `no matches for kind "DaemonSet" in version "extensions/v1beta1"`:
the API was removed (DaemonSets left `extensions/v1beta1` and `apps/v1beta2` in 1.16).

## Example
```yaml
apiVersion: extensions/v1beta1
kind: DaemonSet
```

## Fix
```yaml
apiVersion: apps/v1
kind: DaemonSet
spec:
  selector:
    matchLabels:
      app: agent
```
`dsctl convert` migrates an old DaemonSet to apps/v1 (and adds the selector apps/v1 requires).

## Upstream
The API discovery of the chosen version: the `x-kubernetes-group-version-kind` list of its
OpenAPI schema.
"#,
    emitter: Emitter::Schema,
};
