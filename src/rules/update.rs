//! Update-only rules (`dsctl validate --previous`): what may not change between two versions.

use super::object::{get, str_at};
use super::{Emitter, Kind, Report, Rule};
use crate::finding::{FieldPath, Severity};
use crate::manifest::is_empty_value;
use serde_json::{Map, Value};

/// DS401.
pub const IMMUTABLE_SELECTOR: Rule = Rule {
    code: "DS401",
    name: "immutable-selector",
    severity: Severity::Error,
    summary: "spec.selector changed: it is immutable in apps/v1",
    doc: r#"## What it does
Compares `spec.selector` of the previous and the new object (DaemonSet, Deployment, ReplicaSet).
An empty `matchLabels` equals an absent one, as in the server's semantic comparison, and a
previous `extensions/v1beta1` object without a selector counts with the selector the server
defaulted from its template labels.

## Why is this bad?
The API server rejects the update (`field is immutable`). To change a selector, delete the
workload (optionally with `--cascade=orphan`) and create it again.

## Example
```yaml
# previous
spec:
  selector:
    matchLabels:
      app: agent
---
# new
spec:
  selector:
    matchLabels:
      app: node-agent
```

## Fix
```yaml
# new: keep the selector, change only the template labels you need
spec:
  selector:
    matchLabels:
      app: agent
```

## Upstream
`daemonSetStrategy.ValidateUpdate` (`pkg/registry/apps/daemonset/strategy.go`):
`apivalidation.ValidateImmutableField(newDaemonSet.Spec.Selector, oldDaemonSet.Spec.Selector, field.NewPath("spec").Child("selector"))`;
the same in the Deployment and ReplicaSet strategies.
"#,
    emitter: Emitter::Rules,
};

/// DS402.
pub const IMMUTABLE_NAME: Rule = Rule {
    code: "DS402",
    name: "immutable-name",
    severity: Severity::Error,
    summary: "metadata.name or metadata.namespace changed between versions",
    doc: r#"## What it does
Compares `metadata.name` and `metadata.namespace` of the previous and the new object.

## Why is this bad?
An update cannot rename or move an object (`field is immutable`); `kubectl apply` would instead
create a second object and leave the first running, which for a DaemonSet means two agents per
node.

## Example
```yaml
# previous
metadata:
  name: node-exporter
---
# new
metadata:
  name: prometheus-node-exporter
```

## Fix
```yaml
metadata:
  name: node-exporter
```

## Upstream
`ValidateObjectMetaUpdate` (`k8s.io/apimachinery/pkg/api/validation/objectmeta.go`):
`ValidateImmutableField(newMeta.GetName(), oldMeta.GetName(), fldPath.Child("name"))`.
"#,
    emitter: Emitter::Rules,
};

/// DS403.
pub const STATEFULSET_SPEC_FORBIDDEN: Rule = Rule {
    code: "DS403",
    name: "statefulset-spec-forbidden",
    severity: Severity::Error,
    summary: "A StatefulSet update changes a spec field other than the updatable ones",
    doc: r#"## What it does
Compares two versions of a StatefulSet spec, ignoring `replicas`, `ordinals`, `template`,
`updateStrategy`, `persistentVolumeClaimRetentionPolicy` and `minReadySeconds`.

## Why is this bad?
The API server rejects the update; fields such as `serviceName`, `selector` or
`volumeClaimTemplates` cannot change in place.

## Example
```yaml
# previous
spec:
  serviceName: db
---
# new
spec:
  serviceName: database
```

## Fix
```yaml
spec:
  serviceName: db
```

## Upstream
`ValidateStatefulSetUpdate` (`pkg/apis/apps/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// Drops empty maps, lists and nulls, as `apiequality.Semantic.DeepEqual` treats empty and nil
/// collections alike.
fn semantic(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), semantic(x)))
                .filter(|(_, x)| !is_empty_value(x))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(semantic).collect()),
        other => other.clone(),
    }
}

/// The previous object's spec as the server stored it: `extensions/v1beta1` (and `apps/v1beta1`
/// Deployments) defaulted a missing selector to the template labels, so an upgrade that writes
/// that selector out does not change it.
fn legacy_selector_default(old: &Value) -> Value {
    let mut spec = get(old, "spec").cloned().unwrap_or(Value::Null);
    let legacy = matches!(
        (str_at(old, "apiVersion"), str_at(old, "kind")),
        (Some("extensions/v1beta1"), _) | (Some("apps/v1beta1"), Some("Deployment"))
    );
    if legacy
        && get(&spec, "selector").is_none()
        && let Some(labels) = spec
            .get("template")
            .and_then(|t| t.get("metadata"))
            .and_then(|m| m.get("labels"))
            .cloned()
        && let Some(m) = spec.as_object_mut()
    {
        m.insert(
            "selector".to_string(),
            serde_json::json!({"matchLabels": labels}),
        );
    }
    spec
}

pub(crate) fn check(old: &Value, new: &Value, kind: Kind, report: &mut Report) {
    let meta = FieldPath::new("metadata");
    for key in ["name", "namespace"] {
        let mut o = get(old, "metadata")
            .and_then(|m| str_at(m, key))
            .unwrap_or("");
        let mut n = get(new, "metadata")
            .and_then(|m| str_at(m, key))
            .unwrap_or("");
        if key == "namespace" {
            // The request's namespace is the new object's, `default` when it has none; a
            // previous object without one was stored in the request's.
            if n.is_empty() {
                n = "default";
            }
            if o.is_empty() {
                o = n;
            }
        }
        if o != n {
            report.invalid(
                &IMMUTABLE_NAME,
                &meta.child(key),
                &Value::from(n),
                "field is immutable",
            );
        }
    }
    let old_spec = legacy_selector_default(old);
    let new_spec = get(new, "spec").cloned().unwrap_or(Value::Null);
    match kind {
        Kind::DaemonSet | Kind::Deployment | Kind::ReplicaSet => {
            let o = get(&old_spec, "selector")
                .map(semantic)
                .unwrap_or(Value::Null);
            let n = get(&new_spec, "selector")
                .map(semantic)
                .unwrap_or(Value::Null);
            if o != n {
                report.invalid(
                    &IMMUTABLE_SELECTOR,
                    &FieldPath::new("spec").child("selector"),
                    &n,
                    "field is immutable",
                );
            }
        }
        Kind::StatefulSet => {
            let strip = |s: &Value| {
                let mut s = semantic(s);
                if let Some(m) = s.as_object_mut() {
                    for k in [
                        "replicas",
                        "ordinals",
                        "template",
                        "updateStrategy",
                        "persistentVolumeClaimRetentionPolicy",
                        "minReadySeconds",
                    ] {
                        m.remove(k);
                    }
                }
                s
            };
            if strip(&old_spec) != strip(&new_spec) {
                report.forbidden(
                    &STATEFULSET_SPEC_FORBIDDEN,
                    &FieldPath::new("spec"),
                    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
                );
            }
        }
    }
}
