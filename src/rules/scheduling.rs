//! Scheduling constraints of a pod template: tolerations, nodeSelector, node and pod affinity.

use super::metadata::{validate_label_name, validate_labels};
use super::names::{is_valid_label_value, name_is_dns_label, name_is_dns_subdomain};
use super::object::{get, get_or_empty, int_at, items, str_at, string_or_empty, strings};
use super::selector::{validate_label_selector_as, validate_requirement};
use super::topology::match_label_keys;
use super::{Emitter, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS211.
pub const INVALID_TOLERATION: Rule = Rule {
    code: "DS211",
    name: "invalid-toleration",
    severity: Severity::Error,
    summary: "A toleration has a bad key, operator, value, effect or tolerationSeconds",
    doc: r#"## What it does
Checks each toleration: the key is a qualified name; an empty key needs `operator: Exists`;
`operator` is `Equal` (default) or `Exists`; `Exists` forbids a value; an `Equal` value is a
valid label value; `effect` is `NoSchedule`, `PreferNoSchedule` or `NoExecute` (empty matches
all); `tolerationSeconds` only with `effect: NoExecute`.

## Why is this bad?
The API server rejects the object. For DaemonSets a broken toleration also means the Pods never
reach the tainted nodes (control plane, GPU, dedicated pools) they exist for.

## Example
```yaml
tolerations:
- key: node-role.kubernetes.io/control-plane
  operator: Exists
  value: "true"
  effect: NoSchedule
```

## Fix
```yaml
tolerations:
- key: node-role.kubernetes.io/control-plane
  operator: Exists
  effect: NoSchedule
```

## Upstream
`ValidateTolerations`, `validateTaintEffect` (`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS212.
pub const INVALID_NODE_SELECTOR: Rule = Rule {
    code: "DS212",
    name: "invalid-node-selector",
    severity: Severity::Error,
    summary: "A nodeSelector key or value is not a valid label",
    doc: r#"## What it does
Checks `spec.template.spec.nodeSelector` keys (qualified names) and values (label values).
Errors are reported at the `nodeSelector` map, as the server does.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
nodeSelector:
  kubernetes.io/os: linux amd64
```

## Fix
```yaml
nodeSelector:
  kubernetes.io/os: linux
```

## Upstream
`ValidatePodSpec`: `unversionedvalidation.ValidateLabels(spec.NodeSelector, fldPath.Child("nodeSelector"))`.
"#,
    emitter: Emitter::Rules,
};

/// DS213.
pub const INVALID_NODE_AFFINITY: Rule = Rule {
    code: "DS213",
    name: "invalid-node-affinity",
    severity: Severity::Error,
    summary: "A node affinity term has a bad operator, key, values or weight",
    doc: r#"## What it does
Checks node affinity: required terms exist; `matchExpressions` operators `In`/`NotIn` (values
required), `Exists`/`DoesNotExist` (values forbidden), `Gt`/`Lt` (exactly one value); keys are
qualified names and values label values (in required terms, from Kubernetes 1.33; the server
always allows invalid values in preferred terms); `matchFields` only `metadata.name` with `In`/`NotIn`
and exactly one value; preferred terms have a weight of 1-100.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions:
        - key: kubernetes.io/arch
          operator: Exists
          values: [amd64]
```

## Fix
```yaml
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions:
        - key: kubernetes.io/arch
          operator: In
          values: [amd64]
```

## Upstream
`validateNodeAffinity`, `ValidateNodeSelector`, `ValidateNodeSelectorTerm`,
`ValidateNodeSelectorRequirement`, `ValidateNodeFieldSelectorRequirement`,
`ValidatePreferredSchedulingTerms` (`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS227.
pub const INVALID_POD_AFFINITY: Rule = Rule {
    code: "DS227",
    name: "invalid-pod-affinity",
    severity: Severity::Error,
    summary: "A pod (anti-)affinity term has a bad selector, namespace, topologyKey, weight or matchLabelKeys",
    doc: r#"## What it does
Checks each term of `podAffinity` and `podAntiAffinity`, required and preferred: the
`labelSelector` and `namespaceSelector` are valid selectors (operators, keys, and label values);
each `namespaces` entry is a namespace name (reported at `namespace`, as the server does);
`topologyKey` is set and a qualified name; `matchLabelKeys` and `mismatchLabelKeys` need a
`labelSelector`, are label keys and share no key; preferred terms have a weight of 1-100.

## Why is this bad?
The API server rejects the object. An anti-affinity term that cannot be satisfied also leaves
DaemonSet Pods Pending on nodes the controller chose for them.

## Example
```yaml
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector:
        matchLabels:
          app: ingress-proxy
      topologyKey: ""
```

## Fix
```yaml
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector:
        matchLabels:
          app: ingress-proxy
      topologyKey: kubernetes.io/hostname
```

## Upstream
`validateAffinity`, `validatePodAffinity`, `validatePodAntiAffinity`,
`validatePodAffinityTerms`, `validateWeightedPodAffinityTerms`, `validatePodAffinityTerm`,
`ValidatePodAffinityTermSelector`, `ValidateMatchLabelKeysAndMismatchLabelKeys`
(`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

pub(crate) fn check(pod: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    validate_labels(
        pod,
        "nodeSelector",
        &path.child("nodeSelector"),
        &INVALID_NODE_SELECTOR,
        report,
    );
    if let Some(na) = get(pod, "affinity").and_then(|a| get(a, "nodeAffinity")) {
        node_affinity(
            na,
            &path.child("affinity").child("nodeAffinity"),
            opts,
            report,
        );
    }
    for kind in ["podAffinity", "podAntiAffinity"] {
        if let Some(pa) = get(pod, "affinity").and_then(|a| get(a, kind)) {
            pod_affinity(pa, &path.child("affinity").child(kind), report);
        }
    }
    tolerations(pod, &path.child("tolerations"), report);
}

/// `validatePodAffinity` / `validatePodAntiAffinity` (the same checks) for a pod being created.
fn pod_affinity(pa: &Value, path: &FieldPath, report: &mut Report) {
    let rp = path.child("requiredDuringSchedulingIgnoredDuringExecution");
    for (i, term) in items(pa, "requiredDuringSchedulingIgnoredDuringExecution")
        .iter()
        .enumerate()
    {
        pod_affinity_term(term, &rp.index(i), report);
    }
    let pp = path.child("preferredDuringSchedulingIgnoredDuringExecution");
    for (i, weighted) in items(pa, "preferredDuringSchedulingIgnoredDuringExecution")
        .iter()
        .enumerate()
    {
        check_weight(weighted, &pp.index(i), &INVALID_POD_AFFINITY, report);
        let term = get_or_empty(weighted, "podAffinityTerm");
        pod_affinity_term(term, &pp.index(i).child("podAffinityTerm"), report);
    }
}

/// The weight of a preferred (node or pod) affinity term, `ValidatePreferredSchedulingTerms` and
/// `validateWeightedPodAffinityTerms`: 1 to 100.
fn check_weight(term: &Value, path: &FieldPath, rule: &'static Rule, report: &mut Report) {
    let weight = int_at(term, "weight").unwrap_or(0);
    if !(1..=100).contains(&weight) {
        report.invalid(
            rule,
            &path.child("weight"),
            &json!(weight),
            "must be in the range 1-100",
        );
    }
}

/// `validatePodAffinityTerm`.
fn pod_affinity_term(term: &Value, p: &FieldPath, report: &mut Report) {
    let rule = &INVALID_POD_AFFINITY;
    let selector = get(term, "labelSelector").filter(|v| !v.is_null());
    for key in ["labelSelector", "namespaceSelector"] {
        if let Some(sel) = get(term, key).filter(|v| !v.is_null()) {
            validate_label_selector_as(sel, &p.child(key), true, rule, report);
        }
    }
    for ns in items(term, "namespaces") {
        let ns = ns.as_str().unwrap_or("");
        for msg in name_is_dns_label(ns, false) {
            report.invalid(rule, &p.child("namespace"), &json!(ns), &msg);
        }
    }
    let (m, mm) = (
        strings(term, "matchLabelKeys"),
        strings(term, "mismatchLabelKeys"),
    );
    match_label_keys(p, &m, &mm, selector, rule, report);
    let key = string_or_empty(term, "topologyKey");
    if key.is_empty() {
        report.required(rule, &p.child("topologyKey"), "can not be empty");
    }
    validate_label_name(key, &p.child("topologyKey"), rule, report);
}

/// `ValidateTolerations`.
fn tolerations(pod: &Value, path: &FieldPath, report: &mut Report) {
    for (i, t) in items(pod, "tolerations").iter().enumerate() {
        let p = path.index(i);
        let key = string_or_empty(t, "key");
        let op = string_or_empty(t, "operator");
        let value = string_or_empty(t, "value");
        let effect = string_or_empty(t, "effect");
        if !key.is_empty() {
            validate_label_name(key, &p.child("key"), &INVALID_TOLERATION, report);
        }
        if key.is_empty() && op != "Exists" {
            report.invalid(
                &INVALID_TOLERATION,
                &p.child("operator"),
                &json!(op),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if get(t, "tolerationSeconds").is_some() && effect != "NoExecute" {
            report.invalid(
                &INVALID_TOLERATION,
                &p.child("effect"),
                &json!(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match op {
            "Equal" | "" => {
                let errs = is_valid_label_value(value);
                if !errs.is_empty() {
                    report.invalid(
                        &INVALID_TOLERATION,
                        &p.child("operator"),
                        &json!(value),
                        &errs.join(";"),
                    );
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    report.invalid(
                        &INVALID_TOLERATION,
                        &p.child("operator"),
                        &json!(value),
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            other => report.not_supported(
                &INVALID_TOLERATION,
                &p.child("operator"),
                &json!(other),
                &["Equal", "Exists"],
            ),
        }
        if !effect.is_empty() && !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute")
        {
            report.not_supported(
                &INVALID_TOLERATION,
                &p.child("effect"),
                &json!(effect),
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            );
        }
    }
}

/// `validateNodeAffinity`.
fn node_affinity(na: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    if let Some(req) = get(na, "requiredDuringSchedulingIgnoredDuringExecution") {
        let rp = path.child("requiredDuringSchedulingIgnoredDuringExecution");
        let terms = items(req, "nodeSelectorTerms");
        let tp = rp.child("nodeSelectorTerms");
        if terms.is_empty() {
            report.required(
                &INVALID_NODE_AFFINITY,
                &tp,
                "must have at least one node selector term",
            );
        }
        for (i, term) in terms.iter().enumerate() {
            // Required terms validate label values since 1.33 (kubernetes#128212).
            node_selector_term(term, &tp.index(i), opts.kube_minor >= 33, report);
        }
    }
    let pp = path.child("preferredDuringSchedulingIgnoredDuringExecution");
    for (i, pref) in items(na, "preferredDuringSchedulingIgnoredDuringExecution")
        .iter()
        .enumerate()
    {
        check_weight(pref, &pp.index(i), &INVALID_NODE_AFFINITY, report);
        let term = get_or_empty(pref, "preference");
        // "we always allow invalid label-value for preferred affinity" (upstream).
        node_selector_term(term, &pp.index(i).child("preference"), false, report);
    }
}

/// `ValidateNodeSelectorTerm`.
fn node_selector_term(term: &Value, path: &FieldPath, check_values: bool, report: &mut Report) {
    for (j, req) in items(term, "matchExpressions").iter().enumerate() {
        let p = path.child("matchExpressions").index(j);
        validate_requirement(req, &p, &INVALID_NODE_AFFINITY, true, check_values, report);
    }
    for (j, req) in items(term, "matchFields").iter().enumerate() {
        let p = path.child("matchFields").index(j);
        let values = items(req, "values");
        match string_or_empty(req, "operator") {
            "In" | "NotIn" => {
                if values.len() != 1 {
                    report.required(
                        &INVALID_NODE_AFFINITY,
                        &p.child("values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                    );
                }
            }
            other => report.invalid(
                &INVALID_NODE_AFFINITY,
                &p.child("operator"),
                &json!(other),
                "not a valid selector operator",
            ),
        }
        let key = str_at(req, "key").unwrap_or("");
        if key != "metadata.name" {
            report.invalid(
                &INVALID_NODE_AFFINITY,
                &p.child("key"),
                &json!(key),
                "not a valid field selector key",
            );
        } else {
            // ValidateNodeName = NameIsDNSSubdomain.
            for (k, v) in values.iter().enumerate() {
                if let Some(v) = v.as_str() {
                    for msg in name_is_dns_subdomain(v, false) {
                        report.invalid(
                            &INVALID_NODE_AFFINITY,
                            &p.child("values").index(k),
                            &json!(v),
                            &msg,
                        );
                    }
                }
            }
        }
    }
}
