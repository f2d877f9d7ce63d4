//! Object and template metadata: names, labels, annotations.

use super::names::{
    is_qualified_name, is_valid_label_value, name_is_dns_label, name_is_dns_subdomain,
};
use super::object::{NULL, get, map_at, str_at, string_map};
use super::{Emitter, Kind, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::Value;

/// DS102.
pub const INVALID_NAME: Rule = Rule {
    code: "DS102",
    name: "invalid-name",
    severity: Severity::Error,
    summary: "metadata.name/generateName/namespace is missing or not a valid DNS name",
    doc: r#"## What it does
Checks `metadata.name` (required unless `generateName` is set; a DNS-1123 subdomain, or a
DNS-1123 label for StatefulSets), `metadata.generateName` (same rule, a trailing `-` allowed)
and `metadata.namespace` (a DNS-1123 label).

## Why is this bad?
The API server rejects the object: names become DNS names and Pod name prefixes.

## Example
```yaml
metadata:
  name: Node_Exporter
```

## Fix
```yaml
metadata:
  name: node-exporter
```

## Upstream
`ValidateObjectMeta` / `ValidateObjectMetaAccessor` (`k8s.io/apimachinery/pkg/api/validation`),
`ValidateDaemonSetName = NameIsDNSSubdomain`, `ValidateStatefulSetName` (`NameIsDNSLabel`),
`ValidateNamespaceName`, `IsDNS1123Subdomain`, `IsDNS1123Label`.
"#,
    emitter: Emitter::Rules,
};

/// DS103.
pub const INVALID_LABELS: Rule = Rule {
    code: "DS103",
    name: "invalid-labels",
    severity: Severity::Error,
    summary: "A label key is not a qualified name or a label value is not a valid label value",
    doc: r#"## What it does
Checks `metadata.labels` and the pod template's labels: keys are qualified names
(`[prefix/]name`, name at most 63 characters), values at most 63 characters of
`[A-Za-z0-9_.-]` starting and ending alphanumeric (or empty). The server reports template label
errors at `spec.template.labels` (sic: without `metadata`).

## Why is this bad?
The API server rejects the object.

## Example
```yaml
metadata:
  labels:
    app: node exporter
```

## Fix
```yaml
metadata:
  labels:
    app: node-exporter
```

## Upstream
`ValidateLabels`, `ValidateLabelName` (`k8s.io/apimachinery/pkg/apis/meta/v1/validation`),
`IsQualifiedName`, `IsValidLabelValue`; `ValidatePodTemplateSpec` passes
`fldPath.Child("labels")`.
"#,
    emitter: Emitter::Rules,
};

/// DS104.
pub const INVALID_ANNOTATIONS: Rule = Rule {
    code: "DS104",
    name: "invalid-annotations",
    severity: Severity::Error,
    summary: "An annotation key is not a qualified name, or annotations exceed 256 KiB",
    doc: r#"## What it does
Checks annotation keys of the object and of the pod template (qualified names, case-insensitive)
and that all keys and values of one object together are at most 262144 bytes.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
metadata:
  annotations:
    "prometheus.io/scrape port": "9100"
```

## Fix
```yaml
metadata:
  annotations:
    prometheus.io/port: "9100"
```

## Upstream
`ValidateAnnotations`, `ValidateAnnotationsSize` (`k8s.io/apimachinery/pkg/api/validation`),
`TotalAnnotationSizeLimitB`.
"#,
    emitter: Emitter::Rules,
};

/// `ValidateObjectMeta(&obj.ObjectMeta, true, nameFn, field.NewPath("metadata"))`.
pub(crate) fn check_object_meta(obj: &Value, kind: Kind, report: &mut Report) {
    let path = FieldPath::new("metadata");
    let meta = get(obj, "metadata").unwrap_or(NULL);
    // StatefulSet names are DNS labels (ValidateStatefulSetName), everything else subdomains.
    let name_fn: fn(&str, bool) -> Vec<String> = if kind == Kind::StatefulSet {
        name_is_dns_label
    } else {
        name_is_dns_subdomain
    };
    let generate_name = str_at(meta, "generateName").unwrap_or("");
    if !generate_name.is_empty() {
        for msg in name_fn(generate_name, true) {
            report.invalid(
                &INVALID_NAME,
                &path.child("generateName"),
                &Value::from(generate_name),
                &msg,
            );
        }
    }
    let name = str_at(meta, "name").unwrap_or("");
    if name.is_empty() {
        // The server fills name from generateName before validating, so only both missing fails.
        if generate_name.is_empty() {
            report.required(
                &INVALID_NAME,
                &path.child("name"),
                "name or generateName is required",
            );
        }
    } else {
        for msg in name_fn(name, false) {
            report.invalid(&INVALID_NAME, &path.child("name"), &Value::from(name), &msg);
        }
    }
    // An absent namespace is filled from the request (kubectl -n / the context), so only a
    // written one is checked.
    if let Some(ns) = str_at(meta, "namespace").filter(|s| !s.is_empty()) {
        for msg in name_is_dns_label(ns, false) {
            report.invalid(
                &INVALID_NAME,
                &path.child("namespace"),
                &Value::from(ns),
                &msg,
            );
        }
    }
    labels_and_annotations(meta, &path, report);
}

/// The label and annotation part of `ValidatePodTemplateSpec(template, "spec.template")`: the
/// paths skip `metadata` (`spec.template.labels`), as upstream passes `fldPath.Child("labels")`.
pub(crate) fn check_template_meta(template: &Value, path: &FieldPath, report: &mut Report) {
    let meta = get(template, "metadata").unwrap_or(NULL);
    labels_and_annotations(meta, path, report);
}

/// `ValidateLabels` and `ValidateAnnotations` of one metadata block, under `path`.
fn labels_and_annotations(meta: &Value, path: &FieldPath, report: &mut Report) {
    validate_labels(
        meta,
        "labels",
        &path.child("labels"),
        &INVALID_LABELS,
        report,
    );
    validate_annotations(meta, &path.child("annotations"), report);
}

/// `ValidateLabels(labels, path)`: errors are reported at the map's path, not the key's.
pub(crate) fn validate_labels(
    parent: &Value,
    key: &str,
    path: &FieldPath,
    rule: &'static Rule,
    report: &mut Report,
) {
    for (k, v) in string_map(parent, key) {
        validate_label_name(k, path, rule, report);
        for msg in is_valid_label_value(v) {
            report.invalid(rule, path, &Value::from(v), &msg);
        }
    }
}

/// `ValidateLabelName`.
pub(crate) fn validate_label_name(
    name: &str,
    path: &FieldPath,
    rule: &'static Rule,
    report: &mut Report,
) {
    for msg in is_qualified_name(name) {
        report.invalid(rule, path, &Value::from(name), &msg);
    }
}

/// Annotations may hold at most this many bytes of keys and values together.
const TOTAL_ANNOTATION_SIZE_LIMIT_B: usize = 256 * (1 << 10);

/// `ValidateAnnotations`.
fn validate_annotations(meta: &Value, path: &FieldPath, report: &mut Report) {
    let Some(m) = map_at(meta, "annotations") else {
        return;
    };
    let mut total = 0usize;
    for (k, v) in m {
        // Annotation keys are qualified names, but case does not matter.
        for msg in is_qualified_name(&k.to_lowercase()) {
            report.invalid(&INVALID_ANNOTATIONS, path, &Value::from(k.as_str()), &msg);
        }
        total += k.len() + v.as_str().map(str::len).unwrap_or(0);
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B {
        report.too_long(&INVALID_ANNOTATIONS, path, TOTAL_ANNOTATION_SIZE_LIMIT_B);
    }
}
