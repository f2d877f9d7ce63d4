//! Object and template metadata: names, labels, annotations.

use super::names::{
    is_path_segment_name, is_qualified_name, is_valid_label_value, name_is_dns_label,
    name_is_dns_subdomain, name_is_dns1035_label,
};
use super::object::{NULL, get, items, map_at, str_at, string_map};
use super::{Emitter, Kind, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::Value;

/// DS102.
pub const INVALID_NAME: Rule = Rule {
    code: "DS102",
    name: "invalid-name",
    severity: Severity::Error,
    summary: "metadata.name/generateName/namespace is missing or not a valid DNS name",
    doc: r#"## What it does
Checks `metadata.name` (required unless `generateName` is set), `metadata.generateName` (the
same rule, a trailing `-` allowed) and, for namespaced kinds, `metadata.namespace` (a DNS-1123
label), by the name rule of the object's kind: a DNS-1123 subdomain for most (DaemonSet,
Deployment, ConfigMap, Pod, Job, ...), a DNS-1123 label for StatefulSets and Namespaces, a
DNS-1035 label for Services (a DNS-1123 label from 1.36, `RelaxedServiceNameValidation`), a
path segment (no `/` or `%`, not `.` or `..`) for RBAC objects; CronJob names have at most 52
characters. Every apps workload and the built-in kinds dsctl knows are checked (see
`dsctl validate`'s documentation).

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

/// DS230.
pub const INVALID_FINALIZER: Rule = Rule {
    code: "DS230",
    name: "invalid-finalizer",
    severity: Severity::Error,
    summary: "A metadata.finalizers entry is not a qualified name or not a known finalizer",
    doc: r#"## What it does
Checks `metadata.finalizers`: each entry is a qualified name (`[prefix/]name`); one without a
`/` prefix must be a standard finalizer (`kubernetes`, `orphan`, `foregroundDeletion`); `orphan`
and `foregroundDeletion` cannot both be set.

## Why is this bad?
The API server rejects the object. A finalizer nobody removes would also block deletion.

## Example
```yaml
metadata:
  finalizers:
  - cleanup
```

## Fix
```yaml
metadata:
  finalizers:
  - example.com/cleanup
```

## Upstream
`ValidateFinalizers`, `ValidateFinalizerName` (`k8s.io/apimachinery/pkg/api/validation/objectmeta.go`);
core's `ValidateObjectMeta` wrapper with `validateKubeFinalizerName` and
`helper.IsStandardFinalizerName` (`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// The `nameFn` a kind's validation passes to `ValidateObjectMeta`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameRule {
    /// `NameIsDNSSubdomain`: most kinds.
    Subdomain,
    /// `NameIsDNSLabel`: Namespace, StatefulSet.
    Label,
    /// Service: `NameIsDNS1035Label`, and `NameIsDNSLabel` from 1.36
    /// (`RelaxedServiceNameValidation`, beta and on).
    Service,
    /// `ValidateRBACName`: a path segment.
    PathSegment,
}

impl NameRule {
    fn check(self, name: &str, prefix: bool, opts: &Options) -> Vec<String> {
        match self {
            NameRule::Subdomain => name_is_dns_subdomain(name, prefix),
            NameRule::Label => name_is_dns_label(name, prefix),
            NameRule::Service if opts.kube_minor >= 36 => name_is_dns_label(name, prefix),
            NameRule::Service => name_is_dns1035_label(name, prefix),
            NameRule::PathSegment => is_path_segment_name(name, prefix),
        }
    }
}

/// `ValidateObjectMeta(&obj.ObjectMeta, true, nameFn, field.NewPath("metadata"))` of an apps
/// workload.
pub(crate) fn check_object_meta(obj: &Value, kind: Kind, opts: &Options, report: &mut Report) {
    // StatefulSet names are DNS labels (ValidateStatefulSetName), everything else subdomains.
    let rule = if kind == Kind::StatefulSet {
        NameRule::Label
    } else {
        NameRule::Subdomain
    };
    check_meta(obj, rule, true, opts, report);
}

/// `ValidateObjectMeta(&obj.ObjectMeta, namespaced, nameFn, field.NewPath("metadata"))`. A
/// cluster-scoped object's namespace is not checked: the server clears it before validating
/// (`EnsureObjectNamespaceMatchesRequestNamespace`).
pub(crate) fn check_meta(
    obj: &Value,
    rule: NameRule,
    namespaced: bool,
    opts: &Options,
    report: &mut Report,
) {
    let path = FieldPath::new("metadata");
    let meta = get(obj, "metadata").unwrap_or(NULL);
    let name_fn = |name: &str, prefix: bool| rule.check(name, prefix, opts);
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
        // The registry fills name from generateName before validating, so only both missing
        // fails, and the generated name is validated as a name.
        if generate_name.is_empty() {
            report.required(
                &INVALID_NAME,
                &path.child("name"),
                "name or generateName is required",
            );
        } else {
            let generated = generated_name(generate_name);
            for msg in name_fn(&generated, false) {
                report.invalid(
                    &INVALID_NAME,
                    &path.child("name"),
                    &Value::from(generated.as_str()),
                    &msg,
                );
            }
        }
    } else {
        for msg in name_fn(name, false) {
            report.invalid(&INVALID_NAME, &path.child("name"), &Value::from(name), &msg);
        }
    }
    // An absent namespace is filled from the request (kubectl -n / the context), so only a
    // written one is checked.
    if let Some(ns) = str_at(meta, "namespace").filter(|s| namespaced && !s.is_empty()) {
        for msg in name_is_dns_label(ns, false) {
            report.invalid(
                &INVALID_NAME,
                &path.child("namespace"),
                &Value::from(ns),
                &msg,
            );
        }
    }
    labels_and_annotations(meta, &path, &path, report);
    finalizers(meta, &path, report);
}

/// `names.SimpleNameGenerator.GenerateName`: the base cut to 58 bytes plus 5 random characters
/// of `bcdfghjklmnpqrstvwxz2456789`. Those characters are valid in any name, so a fixed suffix
/// gives the same verdict; only the quoted value differs from the server's.
fn generated_name(base: &str) -> String {
    const MAX_GENERATED_NAME_LENGTH: usize = 63 - 5;
    let bytes = base.as_bytes();
    let cut = &bytes[..bytes.len().min(MAX_GENERATED_NAME_LENGTH)];
    let mut name = String::from_utf8_lossy(cut).into_owned();
    name.push_str("xxxxx");
    name
}

/// The finalizers the API knows without a domain prefix (`helper.IsStandardFinalizerName`).
const STANDARD_FINALIZERS: &[&str] = &["kubernetes", "orphan", "foregroundDeletion"];

/// `ValidateFinalizers` (apimachinery: qualified names, not both `orphan` and
/// `foregroundDeletion`, reported at `metadata.finalizers`) and core's `validateKubeFinalizerName`
/// (`metadata.finalizers[i]`: a name without `/` must be a standard one).
fn finalizers(meta: &Value, path: &FieldPath, report: &mut Report) {
    let list = items(meta, "finalizers");
    if list.is_empty() {
        return;
    }
    let fpath = path.child("finalizers");
    let (mut orphan, mut foreground) = (false, false);
    for f in list.iter().filter_map(Value::as_str) {
        for msg in is_qualified_name(f) {
            report.invalid(&INVALID_FINALIZER, &fpath, &Value::from(f), &msg);
        }
        orphan |= f == "orphan";
        foreground |= f == "foregroundDeletion";
    }
    if orphan && foreground {
        report.invalid(
            &INVALID_FINALIZER,
            &fpath,
            &Value::Array(list.to_vec()),
            "finalizer orphan and foregroundDeletion cannot be both set",
        );
    }
    for (i, f) in list.iter().enumerate() {
        let Some(f) = f.as_str() else { continue };
        if !f.contains('/') && !STANDARD_FINALIZERS.contains(&f) {
            report.invalid(
                &INVALID_FINALIZER,
                &fpath.index(i),
                &Value::from(f),
                "name is neither a standard finalizer name nor is it fully qualified",
            );
        }
    }
}

/// The label and annotation part of `ValidatePodTemplateSpec(template, "spec.template")`: the
/// paths skip `metadata` (`spec.template.labels`), as upstream passes `fldPath.Child("labels")`;
/// the findings are placed at the keys as written, under `spec.template.metadata`.
pub(crate) fn check_template_meta(template: &Value, path: &FieldPath, report: &mut Report) {
    let meta = get(template, "metadata").unwrap_or(NULL);
    labels_and_annotations(meta, path, &path.child("metadata"), report);
}

/// `ValidateLabels` and `ValidateAnnotations` of one metadata block, under `path`; `written` is
/// where the block is in the manifest.
fn labels_and_annotations(
    meta: &Value,
    path: &FieldPath,
    written: &FieldPath,
    report: &mut Report,
) {
    validate_labels_at(
        meta,
        "labels",
        &path.child("labels"),
        &written.child("labels"),
        &INVALID_LABELS,
        report,
    );
    validate_annotations(
        meta,
        &path.child("annotations"),
        &written.child("annotations"),
        report,
    );
}

/// `ValidateLabels(labels, path)`: errors are reported at the map's path, not the key's.
pub(crate) fn validate_labels(
    parent: &Value,
    key: &str,
    path: &FieldPath,
    rule: &'static Rule,
    report: &mut Report,
) {
    validate_labels_at(parent, key, path, path, rule, report);
}

/// [`validate_labels`], each finding placed at its label's key under `written` (the map as the
/// manifest has it) and naming the key when the value is what is wrong.
fn validate_labels_at(
    parent: &Value,
    key: &str,
    path: &FieldPath,
    written: &FieldPath,
    rule: &'static Rule,
    report: &mut Report,
) {
    for (k, v) in string_map(parent, key) {
        let (key_errors, value_errors) = (is_qualified_name(k), is_valid_label_value(v));
        if key_errors.is_empty() && value_errors.is_empty() {
            continue;
        }
        // Built for a bad label only: almost every label is valid.
        let at = written.key(k);
        for msg in key_errors {
            report.invalid_at(rule, path, &at, true, &Value::from(k), &msg);
        }
        for msg in value_errors {
            report.invalid_at(
                rule,
                path,
                &at,
                false,
                &Value::from(v),
                &format!("label {k:?}: {msg}"),
            );
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

/// `ValidateAnnotations`; a bad key is placed at that key under `written`.
fn validate_annotations(meta: &Value, path: &FieldPath, written: &FieldPath, report: &mut Report) {
    let Some(m) = map_at(meta, "annotations") else {
        return;
    };
    let mut total = 0usize;
    for (k, v) in m {
        // Annotation keys are qualified names, but case does not matter.
        for msg in is_qualified_name(&k.to_lowercase()) {
            let at = written.key(k);
            report.invalid_at(
                &INVALID_ANNOTATIONS,
                path,
                &at,
                true,
                &Value::from(k.as_str()),
                &msg,
            );
        }
        total += k.len() + v.as_str().map(str::len).unwrap_or(0);
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B {
        report.too_long(&INVALID_ANNOTATIONS, path, TOTAL_ANNOTATION_SIZE_LIMIT_B);
        report.place_last(written, true);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Options, check, check_update};
    use serde_json::{Value, json};

    fn ds(meta: Value) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta,
            "spec": {"selector": {"matchLabels": {"app": "a"}}, "template": {
                "metadata": {"labels": {"app": "a"}},
                "spec": {"containers": [{"name": "a", "image": "example.com/a:1"}]}}}})
    }

    fn errors(obj: &Value) -> Vec<String> {
        check(obj, &Options { kube_minor: 36 })
            .into_iter()
            .filter(|f| f.code == "DS102" || f.code == "DS230")
            .map(|f| format!("{} {}", f.code, f.field))
            .collect()
    }

    #[test]
    fn a_generated_name_is_validated_as_a_name() {
        assert_eq!(
            errors(&ds(json!({"generateName": "Agent_"}))),
            vec!["DS102 metadata.generateName", "DS102 metadata.name"]
        );
        assert!(errors(&ds(json!({"generateName": "agent-"}))).is_empty());
        // The base is cut to 58 bytes, so a long prefix still makes a valid name.
        let long = format!("{}-", "a".repeat(70));
        assert_eq!(
            errors(&ds(json!({"generateName": long}))),
            Vec::<String>::new()
        );
        assert_eq!(super::generated_name(&"a".repeat(70)).len(), 63);
    }

    #[test]
    fn finalizers_are_qualified_or_standard() {
        assert_eq!(
            errors(&ds(
                json!({"name": "a", "finalizers": ["cleanup", "a b/c"]})
            )),
            vec!["DS230 metadata.finalizers", "DS230 metadata.finalizers[0]"]
        );
        assert_eq!(
            errors(&ds(
                json!({"name": "a", "finalizers": ["orphan", "foregroundDeletion"]})
            )),
            vec!["DS230 metadata.finalizers"]
        );
        assert!(
            errors(&ds(
                json!({"name": "a", "finalizers": ["kubernetes", "example.com/x", 3]})
            ))
            .is_empty()
        );
    }

    #[test]
    fn an_absent_namespace_is_the_request_namespace_default() {
        let update = |old: Value, new: Value| -> Vec<String> {
            check_update(&ds(old), &ds(new), &Options { kube_minor: 36 })
                .into_iter()
                .filter(|f| f.code == "DS402")
                .map(|f| format!("{} {}", f.code, f.field))
                .collect()
        };
        assert_eq!(
            update(
                json!({"name": "a", "namespace": "kube-system"}),
                json!({"name": "a"})
            ),
            vec!["DS402 metadata.namespace"]
        );
        assert!(
            update(
                json!({"name": "a", "namespace": "default"}),
                json!({"name": "a"})
            )
            .is_empty()
        );
        assert!(
            update(
                json!({"name": "a"}),
                json!({"name": "a", "namespace": "kube-system"})
            )
            .is_empty()
        );
    }
}
