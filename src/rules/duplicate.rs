//! DS007 and DS008, an object defined twice among `dsctl validate`'s inputs: a check over all
//! of them (`crate::validate::duplicate_objects`), not per object.

use super::{Emitter, Rule};
use crate::finding::Severity;

/// DS007.
pub const DUPLICATE_OBJECT: Rule = Rule {
    code: "DS007",
    name: "duplicate-object",
    severity: Severity::Error,
    summary: "One file defines the same object twice (API group, kind, namespace and name)",
    doc: r#"## What it does
Reports an object whose API group, kind, namespace (`default` when unset) and name an earlier
object of the same file (another document, or another item of a `List`) already has. The
finding sits on the later object and names the earlier one. The same object in two files is
DS008, a warning: directories often hold one file per cluster or environment. Objects with only a `generateName` are not compared; neither
are skipped ones (custom resources). Versions of one group count as the same object
(`apps/v1` and `apps/v1beta2` DaemonSets of one name are one object to the API server).

## Why is this bad?
`kubectl apply -f` of the file sends the object twice: the later silently replaces the earlier,
and what runs in the cluster is not what the first says. It is usually a copy-paste left over.

## Example
```yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
```

## Fix
```yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent-gpu
  namespace: monitoring
```

## Upstream
`kubectl apply` (`staging/src/k8s.io/kubectl/pkg/cmd/apply`): each object is created or patched
by its group, kind, namespace and name, one after the other; no API rule.
"#,
    emitter: Emitter::Inputs,
};

/// DS008.
pub const DUPLICATE_OBJECT_ACROSS_FILES: Rule = Rule {
    code: "DS008",
    name: "duplicate-object-across-files",
    severity: Severity::Warning,
    summary: "Two files of one run define the same object (API group, kind, namespace and name)",
    doc: r#"## What it does
Reports an object whose API group, kind, namespace (`default` when unset) and name an object
of an earlier input file already has; the finding sits on the later one and names the earlier.
It is a warning: a directory often holds one file per cluster or environment, which are never
applied together. In one file the same duplicate is DS007, an error.

## Why is this bad?
`kubectl apply -f DIR` (or `-f a.yaml -f b.yaml`) sends the object twice: the later file
silently replaces the earlier's object. It is often two overlays or charts rendering the same
object.

## Example
```yaml
# agent.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
---
# agent-gpu.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
```

## Fix
Rename one, or validate the files of each environment in their own run:
```yaml
# agent-gpu.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent-gpu
  namespace: monitoring
```

## Upstream
`kubectl apply` (`staging/src/k8s.io/kubectl/pkg/cmd/apply`): each object is created or patched
by its group, kind, namespace and name, one after the other; no API rule.
"#,
    emitter: Emitter::Inputs,
};
