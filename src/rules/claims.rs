//! Pod-level resource claims (dynamic resource allocation): `spec.resourceClaims`.

use super::names::{is_dns1123_label, name_is_dns_subdomain};
use super::object::{get, items, string_or_empty};
use super::{Emitter, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS231.
pub const INVALID_RESOURCE_CLAIM: Rule = Rule {
    code: "DS231",
    name: "invalid-resource-claim",
    severity: Severity::Error,
    summary: "A spec.resourceClaims entry has a bad or repeated name, or not exactly one source",
    doc: r#"## What it does
Checks each entry of the pod template's `resourceClaims` (Kubernetes 1.34+, where dynamic
resource allocation is on by default): `name` is required, unique and a DNS-1123 label; exactly
one of `resourceClaimName` and `resourceClaimTemplateName` is set, and it is a DNS-1123
subdomain. Before 1.34 the server drops the field (the `DynamicResourceAllocation` gate is off).

## Why is this bad?
The API server rejects the DaemonSet; containers refer to these entries by name in
`resources.claims`.

## Example
```yaml
resourceClaims:
- name: GPU
  resourceClaimName: gpu-claim
  resourceClaimTemplateName: gpu-template
```

## Fix
```yaml
resourceClaims:
- name: gpu
  resourceClaimTemplateName: gpu-template
```

## Upstream
`validatePodResourceClaims`, `validatePodResourceClaim`, `ValidateResourceClaimName`,
`ValidateResourceClaimTemplateName` (`pkg/apis/core/validation/validation.go`);
`DynamicResourceAllocation` in `pkg/features/kube_features.go` (GA, default on, in 1.34).
"#,
    emitter: Emitter::Rules,
};

/// `validatePodResourceClaims(podMeta, spec.ResourceClaims, "spec.template.spec.resourceClaims")`.
pub(crate) fn check(pod: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    if opts.kube_minor < 34 {
        return;
    }
    let claims = items(pod, "resourceClaims");
    let rule = &INVALID_RESOURCE_CLAIM;
    let mut seen: Vec<&str> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let cp = || path.child("resourceClaims").index(i);
        let name = string_or_empty(claim, "name");
        if name.is_empty() {
            report.required(rule, &cp().child("name"), "");
        } else if seen.contains(&name) {
            report.duplicate(rule, &cp().child("name"), &json!(name));
        } else {
            for msg in is_dns1123_label(name) {
                report.invalid(rule, &cp().child("name"), &json!(name), &msg);
            }
            seen.push(name);
        }
        // Pointers in Go: a written value, even "", is set; null is not.
        let set = |k: &str| get(claim, k).filter(|v| !v.is_null());
        let by_name = set("resourceClaimName");
        let by_template = set("resourceClaimTemplateName");
        match (by_name, by_template) {
            (Some(_), Some(_)) => report.invalid(
                rule,
                &cp(),
                claim,
                "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified",
            ),
            (None, None) => report.invalid(
                rule,
                &cp(),
                claim,
                "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`",
            ),
            _ => {}
        }
        for (key, v) in [
            ("resourceClaimName", by_name),
            ("resourceClaimTemplateName", by_template),
        ] {
            let Some(s) = v.and_then(Value::as_str) else {
                continue;
            };
            for msg in name_is_dns_subdomain(s, false) {
                report.invalid(rule, &cp().child(key), &json!(s), &msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pod_findings;
    use serde_json::json;

    #[test]
    fn names_are_unique_labels_and_one_source_is_set() {
        let pod = json!({"containers": [{"name": "a", "image": "example.com/a:1"}],
        "resourceClaims": [
            {"name": "GPU", "resourceClaimName": "gpu"},
            {"name": "x", "resourceClaimName": "a", "resourceClaimTemplateName": "b"},
            {"name": "x"},
            {"name": "y", "resourceClaimTemplateName": "Bad_Name"},
            {"name": "z", "resourceClaimName": "ok-claim"}
        ]});
        let fields: Vec<String> = pod_findings(pod.clone(), 36, "DS231")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        let p = "spec.template.spec.resourceClaims";
        assert_eq!(
            fields,
            vec![
                format!("{p}[0].name"),
                format!("{p}[1]"),
                format!("{p}[2].name"),
                format!("{p}[2]"),
                format!("{p}[3].resourceClaimTemplateName"),
            ]
        );
        // Dropped with the DynamicResourceAllocation gate before 1.34.
        assert!(pod_findings(pod, 33, "DS231").is_empty());
    }
}
