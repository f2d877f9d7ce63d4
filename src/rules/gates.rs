//! What holds a Pod back or lets it push others out: readiness gates, scheduling gates and the
//! preemption policy.

use super::names::is_qualified_name;
use super::object::{get, items, string_or_empty};
use super::{Emitter, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS229.
pub const INVALID_POD_GATE: Rule = Rule {
    code: "DS229",
    name: "invalid-pod-gate",
    severity: Severity::Error,
    summary: "A readinessGates conditionType or a schedulingGates name is not a qualified name, or a scheduling gate repeats",
    doc: r#"## What it does
Checks `readinessGates[].conditionType` and `schedulingGates[].name`: each is a qualified name
(`example.com/ready`, at most 63 characters after an optional DNS subdomain prefix), and no
scheduling gate is listed twice.

## Why is this bad?
The API server rejects the object. A scheduling gate in a DaemonSet template also keeps every
Pod Pending until something removes the gate from each Pod.

## Example
```yaml
readinessGates:
- conditionType: "example.com/Network Ready"
```

## Fix
```yaml
readinessGates:
- conditionType: example.com/network-ready
```

## Upstream
`validateReadinessGates`, `validateSchedulingGates` (`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS232.
pub const INVALID_PREEMPTION_POLICY: Rule = Rule {
    code: "DS232",
    name: "invalid-preemption-policy",
    severity: Severity::Error,
    summary: "preemptionPolicy is empty or not PreemptLowerPriority or Never",
    doc: r#"## What it does
Checks `spec.template.spec.preemptionPolicy`, when it is set: `PreemptLowerPriority` or
`Never`. An empty string is refused as missing.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
spec:
  template:
    spec:
      priorityClassName: system-node-critical
      preemptionPolicy: Always
```

## Fix
```yaml
spec:
  template:
    spec:
      priorityClassName: system-node-critical
      preemptionPolicy: PreemptLowerPriority
```

## Upstream
`ValidatePreemptionPolicy` (`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// `validateReadinessGates`, `validateSchedulingGates` and `ValidatePreemptionPolicy`.
pub(crate) fn check(pod: &Value, path: &FieldPath, report: &mut Report) {
    let rule = &INVALID_POD_GATE;
    for (i, gate) in items(pod, "readinessGates").iter().enumerate() {
        let t = string_or_empty(gate, "conditionType");
        let p = path.child("readinessGates").index(i).child("conditionType");
        for msg in is_qualified_name(t) {
            report.invalid(rule, &p, &json!(t), &msg);
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, gate) in items(pod, "schedulingGates").iter().enumerate() {
        let name = string_or_empty(gate, "name");
        let p = path.child("schedulingGates").index(i);
        for msg in is_qualified_name(name) {
            report.invalid(rule, &p, &json!(name), &msg);
        }
        if !seen.insert(name) {
            report.duplicate(rule, &p, &json!(name));
        }
    }
    if let Some(policy) = get(pod, "preemptionPolicy").filter(|v| !v.is_null()) {
        let p = path.child("preemptionPolicy");
        match policy.as_str().unwrap_or("") {
            "PreemptLowerPriority" | "Never" => {}
            "" => report.required(&INVALID_PREEMPTION_POLICY, &p, ""),
            other => report.not_supported(
                &INVALID_PREEMPTION_POLICY,
                &p,
                &json!(other),
                &["PreemptLowerPriority", "Never"],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pod_findings;
    use serde_json::json;

    #[test]
    fn gates_and_preemption_policy() {
        let pod = json!({
            "containers": [{"name": "a", "image": "example.com/a:1"}],
            "readinessGates": [{"conditionType": "example.com/ok"}, {"conditionType": "bad gate"}],
            "schedulingGates": [{"name": "example.com/wait"}, {"name": "example.com/wait"}, {"name": ""}],
            "preemptionPolicy": "Always"
        });
        let p = "spec.template.spec";
        let fields: Vec<String> = pod_findings(pod.clone(), 36, "DS229")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            vec![
                format!("{p}.readinessGates[1].conditionType"),
                format!("{p}.schedulingGates[1]"),
                format!("{p}.schedulingGates[2]"),
                format!("{p}.schedulingGates[2]"),
            ]
        );
        let preempt = pod_findings(pod, 36, "DS232");
        assert_eq!(preempt.len(), 1);
        assert!(preempt[0].1.contains("\"Always\""), "{preempt:?}");
        let empty = json!({"containers": [{"name": "a", "image": "example.com/a:1"}],
            "preemptionPolicy": ""});
        assert_eq!(pod_findings(empty, 36, "DS232").len(), 1);
    }
}
