//! Workload selectors: presence, emptiness, well-formedness and agreement with template labels.

use super::metadata::{validate_label_name, validate_labels};
use super::names::is_valid_label_value;
use super::object::{NULL, at, get, items, map_at, render_string_map, str_at, string_map};
use super::{Emitter, Kind, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS101.
pub const SELECTOR_MISMATCH: Rule = Rule {
    code: "DS101",
    name: "selector-mismatch",
    severity: Severity::Error,
    summary: "spec.selector does not match the pod template's labels",
    doc: r#"## What it does
Evaluates `spec.selector` (matchLabels and matchExpressions) against
`spec.template.metadata.labels`. The server reports the error at the template labels, not at
the selector. A DaemonSet without any selector gets this error too: a missing selector matches
nothing.

## Why is this bad?
The API server rejects the object: the controller would not recognise its own Pods.

## Example
```yaml
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: exporter
```

## Fix
```yaml
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
```

## Upstream
`ValidateDaemonSetSpec` (`pkg/apis/apps/validation/validation.go`):
``field.Invalid(fldPath.Child("template", "metadata", "labels"), ..., "`selector` does not match template `labels`")``;
`ValidatePodTemplateSpecForReplicaSet`, `ValidatePodTemplateSpecForStatefulSet`;
`metav1.LabelSelectorAsSelector` (nil selector = `labels.Nothing()`).
"#,
    emitter: Emitter::Rules,
};

/// DS105.
pub const MISSING_SELECTOR: Rule = Rule {
    code: "DS105",
    name: "missing-selector",
    severity: Severity::Error,
    summary: "spec.selector is required for Deployments, ReplicaSets and StatefulSets",
    doc: r#"## What it does
Reports a Deployment, ReplicaSet or StatefulSet without `spec.selector`. (A DaemonSet without a
selector is reported by `selector-mismatch`, where the server reports it.)

## Why is this bad?
apps/v1 no longer defaults the selector from the template labels as `extensions/v1beta1` did;
the API server rejects the object.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    metadata:
      labels:
        app: web
```

## Fix
```yaml
apiVersion: apps/v1
kind: Deployment
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
```

## Upstream
`ValidateDeploymentSpec`, `ValidateReplicaSetSpec`, `ValidateStatefulSetSpec`:
`field.Required(fldPath.Child("selector"), "")`.
"#,
    emitter: Emitter::Rules,
};

/// DS106.
pub const EMPTY_SELECTOR: Rule = Rule {
    code: "DS106",
    name: "empty-selector",
    severity: Severity::Error,
    summary: "spec.selector has neither matchLabels nor matchExpressions",
    doc: r#"## What it does
Reports `selector: {}` (or with empty `matchLabels`/`matchExpressions`).

## Why is this bad?
An empty selector selects every Pod in the namespace; the API server rejects it for workloads.

## Example
```yaml
spec:
  selector: {}
```

## Fix
```yaml
spec:
  selector:
    matchLabels:
      app: node-exporter
```

## Upstream
`ValidateDaemonSetSpec`: `field.Invalid(fldPath.Child("selector"), spec.Selector, "empty selector is invalid for daemonset")`;
the same in `ValidateDeploymentSpec`, `ValidateReplicaSetSpec` ("for deployment") and
`ValidateStatefulSetSpec`.
"#,
    emitter: Emitter::Rules,
};

/// DS107.
pub const INVALID_SELECTOR: Rule = Rule {
    code: "DS107",
    name: "invalid-selector",
    severity: Severity::Error,
    summary: "A selector key, value or operator is malformed",
    doc: r#"## What it does
Checks `spec.selector`: matchLabels as labels; each matchExpression has operator `In`, `NotIn`
(values required), `Exists` or `DoesNotExist` (values forbidden), a qualified-name key and valid
label values (reported since Kubernetes 1.26; before, a bad value only made the selector fail
to parse, which Deployments report as "invalid label selector" and DaemonSets not at all).

## Why is this bad?
The API server rejects the object.

## Example
```yaml
selector:
  matchExpressions:
  - key: app
    operator: Exists
    values: [node-exporter]
```

## Fix
```yaml
selector:
  matchExpressions:
  - key: app
    operator: In
    values: [node-exporter]
```

## Upstream
`ValidateLabelSelector`, `ValidateLabelSelectorRequirement`
(`k8s.io/apimachinery/pkg/apis/meta/v1/validation`); `LabelSelectorAsSelector` errors
("invalid label selector" for Deployments and ReplicaSets).
"#,
    emitter: Emitter::Rules,
};

/// The selector checks of `ValidateDaemonSetSpec` / `ValidateDeploymentSpec` /
/// `ValidateReplicaSetSpec` / `ValidateStatefulSetSpec`.
pub(crate) fn check(
    spec: &Value,
    kind: Kind,
    opts: &Options,
    spec_path: &FieldPath,
    report: &mut Report,
) {
    let sel_path = spec_path.child("selector");
    let selector = get(spec, "selector").filter(|s| s.is_object());
    if let Some(sel) = selector {
        // Selector label values are validated since 1.26 (kubernetes#113699); before, a bad
        // value only made LabelSelectorAsSelector fail below.
        validate_label_selector(sel, &sel_path, opts.kube_minor >= 26, report);
    }
    let well_formed = selector.is_none_or(parses);
    let empty = selector.is_some_and(|s| {
        map_at(s, "matchLabels").is_none_or(|m| m.is_empty())
            && items(s, "matchExpressions").is_empty()
    });
    let labels_path = spec_path
        .child("template")
        .child("metadata")
        .child("labels");
    let labels_value = render_string_map(at(spec, &["template", "metadata", "labels"]));
    let labels: Vec<(&str, &str)> = at(spec, &["template", "metadata"])
        .map(|m| string_map(m, "labels"))
        .unwrap_or_default();
    let mismatch = |report: &mut Report| {
        let detail = if selector.is_none() {
            "`selector` does not match template `labels` (spec.selector is missing; apps/v1 requires one)"
        } else {
            "`selector` does not match template `labels`"
        };
        report.invalid_rendered(&SELECTOR_MISMATCH, &labels_path, &labels_value, detail);
    };
    let empty_msg = match kind {
        Kind::DaemonSet => "empty selector is invalid for daemonset",
        Kind::Deployment | Kind::ReplicaSet => "empty selector is invalid for deployment",
        Kind::StatefulSet => "empty selector is invalid for statefulset",
    };
    let sel_value = selector.unwrap_or(NULL);
    match kind {
        Kind::DaemonSet => {
            if well_formed && !selector.is_some_and(|s| matches(s, &labels)) {
                // A nil selector is labels.Nothing(): it matches no labels at all.
                mismatch(report);
            }
            if selector.is_some() && empty {
                report.invalid(&EMPTY_SELECTOR, &sel_path, sel_value, empty_msg);
            }
        }
        Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet => {
            match selector {
                None => report.required(&MISSING_SELECTOR, &sel_path, ""),
                Some(_) if empty => {
                    report.invalid(&EMPTY_SELECTOR, &sel_path, sel_value, empty_msg)
                }
                Some(_) => {}
            }
            if !well_formed {
                let detail = if kind == Kind::StatefulSet {
                    ""
                } else {
                    "invalid label selector"
                };
                report.invalid(&INVALID_SELECTOR, &sel_path, sel_value, detail);
            } else if !empty && !selector.is_some_and(|s| matches(s, &labels)) {
                // `if !selector.Empty()`: Everything() (empty selector) skips the check, but
                // Nothing() (nil selector) is not Empty and matches nothing.
                mismatch(report);
            }
        }
    }
}

/// Whether `metav1.LabelSelectorAsSelector` accepts the selector: exactly when the full
/// `ValidateLabelSelector` (values included) finds nothing.
fn parses(sel: &Value) -> bool {
    let mut scratch = Report::default();
    validate_label_selector(sel, &FieldPath::new("selector"), true, &mut scratch);
    scratch.len() == 0
}

/// `ValidateLabelSelector` of a workload's own selector (DS105); `check_values` is
/// `!AllowInvalidLabelValueInSelector` (creates).
pub(crate) fn validate_label_selector(
    sel: &Value,
    path: &FieldPath,
    check_values: bool,
    report: &mut Report,
) {
    validate_label_selector_as(sel, path, check_values, &INVALID_SELECTOR, report);
}

/// `ValidateLabelSelector` of any selector, its findings under `rule`.
pub(crate) fn validate_label_selector_as(
    sel: &Value,
    path: &FieldPath,
    check_values: bool,
    rule: &'static Rule,
    report: &mut Report,
) {
    validate_labels(sel, "matchLabels", &path.child("matchLabels"), rule, report);
    for (i, expr) in items(sel, "matchExpressions").iter().enumerate() {
        let p = path.child("matchExpressions").index(i);
        validate_requirement(expr, &p, rule, false, check_values, report);
    }
}

/// `ValidateLabelSelectorRequirement`, and with `gt_lt` `ValidateNodeSelectorRequirement`
/// (node affinity adds the `Gt`/`Lt` operators, each with exactly one value). Without
/// `check_values` label values are not validated (preferred node affinity terms).
pub(crate) fn validate_requirement(
    expr: &Value,
    p: &FieldPath,
    rule: &'static Rule,
    gt_lt: bool,
    check_values: bool,
    report: &mut Report,
) {
    let op = str_at(expr, "operator").unwrap_or("");
    let values = items(expr, "values");
    match op {
        "In" | "NotIn" => {
            if values.is_empty() {
                report.required(
                    rule,
                    &p.child("values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                );
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                report.forbidden(
                    rule,
                    &p.child("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                );
            }
        }
        "Gt" | "Lt" if gt_lt => {
            if values.len() != 1 {
                report.required(
                    rule,
                    &p.child("values"),
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                );
            }
        }
        _ => report.invalid(
            rule,
            &p.child("operator"),
            &json!(op),
            "not a valid selector operator",
        ),
    }
    validate_label_name(
        str_at(expr, "key").unwrap_or(""),
        &p.child("key"),
        rule,
        report,
    );
    for (j, v) in values.iter().enumerate().filter(|_| check_values) {
        if let Some(v) = v.as_str() {
            for msg in is_valid_label_value(v) {
                report.invalid(rule, &p.child("values").index(j), &json!(v), &msg);
            }
        }
    }
}

/// `labels.Selector.Matches` for a well-formed `metav1.LabelSelector`.
pub(crate) fn matches(sel: &Value, labels: &[(&str, &str)]) -> bool {
    let get_label = |k: &str| labels.iter().find(|(lk, _)| *lk == k).map(|(_, v)| *v);
    let labels_ok = string_map(sel, "matchLabels")
        .iter()
        .all(|(k, v)| get_label(k) == Some(*v));
    labels_ok
        && items(sel, "matchExpressions").iter().all(|e| {
            let key = str_at(e, "key").unwrap_or("");
            let values: Vec<&str> = items(e, "values")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let have = get_label(key);
            match str_at(e, "operator").unwrap_or("") {
                "In" => have.is_some_and(|v| values.contains(&v)),
                "NotIn" => have.is_none_or(|v| !values.contains(&v)),
                "Exists" => have.is_some(),
                "DoesNotExist" => have.is_none(),
                _ => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selector_semantics_follow_labels_requirement() {
        let sel = json!({"matchLabels": {"app": "x"}, "matchExpressions": [
            {"key": "tier", "operator": "NotIn", "values": ["db"]},
            {"key": "app", "operator": "Exists"}
        ]});
        assert!(matches(&sel, &[("app", "x")]));
        assert!(matches(&sel, &[("app", "x"), ("tier", "web")]));
        assert!(!matches(&sel, &[("app", "x"), ("tier", "db")]));
        assert!(!matches(&sel, &[("app", "y")]));
        let dne = json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]});
        assert!(matches(&dne, &[]));
        assert!(!matches(&dne, &[("a", "")]));
    }

    // Cases modelled on apimachinery `TestValidateLabelSelector`.
    #[test]
    fn selector_requirements_report_upstream_paths() {
        let p = FieldPath::new("spec").child("selector");
        let mut r = Report::default();
        validate_label_selector(
            &json!({"matchExpressions": [
                {"key": "a", "operator": "In"},
                {"key": "b", "operator": "Exists", "values": ["x"]},
                {"key": "c", "operator": "Equals", "values": ["x"]},
                {"key": "-d", "operator": "In", "values": ["-bad"]}
            ]}),
            &p,
            true,
            &mut r,
        );
        let fields: Vec<String> = r.into_findings().into_iter().map(|f| f.field).collect();
        assert_eq!(
            fields,
            vec![
                "spec.selector.matchExpressions[0].values",
                "spec.selector.matchExpressions[1].values",
                "spec.selector.matchExpressions[2].operator",
                "spec.selector.matchExpressions[3].key",
                "spec.selector.matchExpressions[3].values[0]",
            ]
        );
    }
}
