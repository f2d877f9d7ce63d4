//! DS007, an object defined twice among `dsctl validate`'s inputs: a check over all of them
//! (`crate::validate::duplicate_objects`), not per object.

use super::{Emitter, Rule};
use crate::finding::Severity;

/// DS007.
pub const DUPLICATE_OBJECT: Rule = Rule {
    code: "DS007",
    name: "duplicate-object",
    severity: Severity::Error,
    summary: "Two inputs define the same object (API group, kind, namespace and name)",
    doc: r#"## What it does
Reports an object whose API group, kind, namespace (`default` when unset) and name an earlier
object of the same run already has, in the same file or another. The finding sits on the later
object and names the earlier one. Objects with only a `generateName` are not compared; neither
are skipped ones (custom resources). Versions of one group count as the same object
(`apps/v1` and `apps/v1beta2` DaemonSets of one name are one object to the API server).

## Why is this bad?
`kubectl apply -f` of both sends the object twice: the later silently replaces the earlier, and
what runs in the cluster is not what one of the files says. It is usually a copy-paste left
over, or two overlays rendering the same object.

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
