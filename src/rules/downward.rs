//! Downward API selectors, shared by env vars (`valueFrom`) and `downwardAPI` volumes:
//! `validateObjectFieldSelector` and `validateContainerResourceFieldSelector`
//! (`pkg/apis/core/validation/validation.go`).

use super::names::is_qualified_name;
use super::object::{get, str_at, string_or_empty};
use super::{LazyPath, Report, Rule};
use crate::k8s::Quantity;
use serde_json::{Value, json};

/// `validEnvDownwardAPIFieldPathExpressions`, sorted as `sets.List` prints them
/// (`status.hostIPs` since 1.28).
pub(super) const ENV_FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `validVolumeDownwardAPIFieldPathExpressions`.
pub(super) const VOLUME_FIELD_PATHS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
];

/// `validContainerResourceFieldPathExpressions`, sorted.
const RESOURCE_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['app']` is `("metadata.labels", "app")`.
fn split_subscript(field_path: &str) -> Option<(&str, &str)> {
    let (path, sub) = field_path.strip_suffix("']")?.split_once("['")?;
    (!path.is_empty()).then_some((path, sub))
}

/// `podshelper.ConvertDownwardAPIFieldLabel`: the internal field path, or the conversion error.
fn convert_field_label<'a>(version: &str, label: &'a str) -> Result<&'a str, String> {
    if version != "v1" {
        return Err(format!("unsupported pod version: {version}"));
    }
    if let Some((path, _)) = split_subscript(label) {
        return match path {
            "metadata.annotations" | "metadata.labels" => Ok(label),
            _ => Err(format!("field label does not support subscript: {label}")),
        };
    }
    match label {
        "metadata.annotations"
        | "metadata.labels"
        | "metadata.name"
        | "metadata.namespace"
        | "metadata.uid"
        | "spec.nodeName"
        | "spec.restartPolicy"
        | "spec.serviceAccountName"
        | "spec.schedulerName"
        | "status.phase"
        | "status.hostIP"
        | "status.hostIPs"
        | "status.podIP"
        | "status.podIPs" => Ok(label),
        // Old v1 clients send spec.host.
        "spec.host" => Ok("spec.nodeName"),
        _ => Err(format!("field label not supported: {label}")),
    }
}

/// `validateObjectFieldSelector` for a `fieldRef` at `path`. An empty `apiVersion` is `v1`
/// (`SetDefaults_ObjectFieldSelector`), so only `fieldPath` can be missing.
pub(super) fn object_field_selector(
    rule: &'static Rule,
    fs: &Value,
    expressions: &[&str],
    path: LazyPath<'_>,
    report: &mut Report,
) {
    let version = str_at(fs, "apiVersion")
        .filter(|v| !v.is_empty())
        .unwrap_or("v1");
    let field_path = string_or_empty(fs, "fieldPath");
    if field_path.is_empty() {
        report.required(rule, &path().child("fieldPath"), "");
        return;
    }
    let internal = match convert_field_label(version, field_path) {
        Ok(p) => p,
        Err(e) => {
            report.invalid(
                rule,
                &path().child("fieldPath"),
                &json!(field_path),
                &format!("error converting fieldPath: {e}"),
            );
            return;
        }
    };
    match split_subscript(internal) {
        Some(("metadata.annotations", sub)) => {
            let sub = sub.to_lowercase();
            for msg in is_qualified_name(&sub) {
                report.invalid(rule, &path(), &json!(sub), &msg);
            }
        }
        Some(("metadata.labels", sub)) => {
            for msg in is_qualified_name(sub) {
                report.invalid(rule, &path(), &json!(sub), &msg);
            }
        }
        Some((other, _)) => {
            report.invalid(rule, &path(), &json!(other), "does not support subscript")
        }
        None if !expressions.contains(&internal) => report.not_supported(
            rule,
            &path().child("fieldPath"),
            &json!(internal),
            expressions,
        ),
        None => {}
    }
}

/// `validateContainerResourceFieldSelector` for a `resourceFieldRef` at `path`; volumes must name
/// the container, env vars default to their own.
pub(super) fn resource_field_selector(
    rule: &'static Rule,
    rf: &Value,
    volume: bool,
    path: LazyPath<'_>,
    report: &mut Report,
) {
    let resource = string_or_empty(rf, "resource");
    if volume && string_or_empty(rf, "containerName").is_empty() {
        report.required(rule, &path().child("containerName"), "");
    } else if resource.is_empty() {
        report.required(rule, &path().child("resource"), "");
    } else if !RESOURCE_PATHS.contains(&resource) && !is_huge_pages(resource) {
        report.not_supported(
            rule,
            &path().child("resource"),
            &json!(resource),
            RESOURCE_PATHS,
        );
    }
    divisor(rule, resource, rf, path, report);
}

fn is_huge_pages(resource: &str) -> bool {
    resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-")
}

/// `validateContainerResourceDivisor`. Upstream compares the divisor's canonical string with a
/// list; dsctl compares values, which accepts the same divisors and, at worst, also a
/// non-canonical spelling such as `1024` for `1Ki` (never a false error).
fn divisor(
    rule: &'static Rule,
    resource: &str,
    rf: &Value,
    path: LazyPath<'_>,
    report: &mut Report,
) {
    let parsed = match get(rf, "divisor") {
        Some(Value::String(s)) => Quantity::parse(s).ok(),
        Some(Value::Number(n)) => Quantity::parse(&n.to_string()).ok(),
        _ => None,
    };
    let Some(q) = parsed.filter(|q| !q.is_zero()) else {
        return;
    };
    const NANO: i128 = 1_000_000_000;
    let n = q.nanos();
    let bytes_ok = || {
        n == NANO || (1..=6).any(|e| n == NANO * 1000_i128.pow(e) || n == NANO * 1024_i128.pow(e))
    };
    let (ok, what) = match resource {
        "limits.cpu" | "requests.cpu" => (n == NANO / 1000 || n == NANO, "cpu"),
        "limits.memory" | "requests.memory" => (bytes_ok(), "memory"),
        "limits.ephemeral-storage" | "requests.ephemeral-storage" => {
            (bytes_ok(), "local ephemeral storage")
        }
        r if is_huge_pages(r) => (bytes_ok(), "hugepages"),
        _ => (true, ""),
    };
    if !ok {
        let values = if what == "cpu" {
            "1m and 1"
        } else {
            "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"
        };
        report.invalid(
            rule,
            &path().child("divisor"),
            &json!(resource),
            &format!("only divisor's values {values} are supported with the {what} resource"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscripts_split_like_fieldpath() {
        assert_eq!(
            split_subscript("metadata.labels['app']"),
            Some(("metadata.labels", "app"))
        );
        assert_eq!(split_subscript("metadata.labels"), None);
        assert_eq!(split_subscript("['app']"), None);
    }

    #[test]
    fn field_labels_convert_like_the_pod_helper() {
        assert_eq!(convert_field_label("v1", "spec.host"), Ok("spec.nodeName"));
        assert_eq!(
            convert_field_label("v2", "metadata.name"),
            Err("unsupported pod version: v2".to_string())
        );
        assert_eq!(
            convert_field_label("v1", "spec.containers['a']"),
            Err("field label does not support subscript: spec.containers['a']".to_string())
        );
        assert_eq!(
            convert_field_label("v1", "status.reason"),
            Err("field label not supported: status.reason".to_string())
        );
    }
}
