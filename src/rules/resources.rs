//! Container resource requirements: quantity syntax, resource names, requests <= limits.

use super::object::{get, items, map_at};
use super::{Emitter, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS004.
pub const INVALID_QUANTITY: Rule = Rule {
    code: "DS004",
    name: "invalid-quantity",
    severity: Severity::Error,
    summary: "A resource quantity is not valid Kubernetes quantity syntax (e.g. 100MB, 1.5 cores)",
    doc: r#"## What it does
Parses every `resources.requests` and `resources.limits` value as a Kubernetes quantity: a
number with an optional suffix `n u m k M G T P E`, `Ki Mi Gi Ti Pi Ei` or an exponent `e3`.

## Why is this bad?
The API server cannot decode the request (`quantities must match the regular expression
'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`). `MB`, `GB` and `1 Gi` are common mistakes.

## Example
```yaml
resources:
  requests:
    memory: 200MB
```

## Fix
```yaml
resources:
  requests:
    memory: 200M
```

## Upstream
`resource.ParseQuantity` / `Quantity.UnmarshalJSON` (`k8s.io/apimachinery/pkg/api/resource`).
"#,
    emitter: Emitter::Rules,
};

/// DS215.
pub const INVALID_RESOURCES: Rule = Rule {
    code: "DS215",
    name: "invalid-resources",
    severity: Severity::Error,
    summary: "A resource request exceeds its limit, is negative, or names a non-standard resource",
    doc: r#"## What it does
For each container: quantities are >= 0, resource names are `cpu`, `memory`,
`ephemeral-storage`, `hugepages-*` or a domain-prefixed extended resource, each request is at
most the limit of the same resource, and hugepages and extended resources (`nvidia.com/gpu`)
request exactly their limit. The server reports request/limit errors at `resources.requests`.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
resources:
  requests:
    memory: 512Mi
  limits:
    memory: 256Mi
```

## Fix
```yaml
resources:
  requests:
    memory: 256Mi
  limits:
    memory: 256Mi
```

## Upstream
`ValidateResourceRequirements`, `validateContainerResourceName`, `ValidateResourceQuantityValue`
(`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

const QUANTITY_REGEX_MSG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// A quantity's value in base units, or `None` when the syntax is invalid (`ParseQuantity`,
/// through the exact parser preview uses).
pub(crate) fn parse_quantity(s: &str) -> Option<f64> {
    crate::k8s::Quantity::parse(s)
        .ok()
        .map(|q| q.nanos() as f64 / 1e9)
}

/// The quantity as written and its value; reports DS004 when it does not parse.
fn quantity(v: &Value, path: &FieldPath, report: &mut Report) -> Option<(String, f64)> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => {
            report.wrong_type(
                &INVALID_QUANTITY,
                path,
                format!("{}: {QUANTITY_REGEX_MSG}", super::object::render(v)),
            );
            return None;
        }
    };
    match parse_quantity(&text) {
        Some(q) => Some((text, q)),
        None => {
            report.wrong_type(
                &INVALID_QUANTITY,
                path,
                format!("{}: {QUANTITY_REGEX_MSG}", super::object::quote(&text)),
            );
            None
        }
    }
}

fn is_standard_container_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-")
}

/// `ValidateResourceRequirements` for each container and init container.
pub(crate) fn check(pod: &Value, path: &FieldPath, report: &mut Report) {
    for list in ["containers", "initContainers"] {
        for (i, c) in items(pod, list).iter().enumerate() {
            let Some(res) = get(c, "resources") else {
                continue;
            };
            let rpath = path.child(list).index(i).child("resources");
            let limits = section(res, "limits", &rpath, report);
            let requests = section(res, "requests", &rpath, report);
            for (name, (text, q)) in &requests {
                let Some((ltext, l)) = limits.iter().find(|(n, _)| n == name).map(|(_, v)| v)
                else {
                    continue;
                };
                // Upstream reports both at `requests`, not at the key.
                let req_path = rpath.child("requests");
                if q != l && !overcommit_allowed(name) {
                    report.invalid(
                        &INVALID_RESOURCES,
                        &req_path,
                        &json!(text),
                        &format!("must be equal to {name} limit"),
                    );
                } else if q > l {
                    report.invalid(
                        &INVALID_RESOURCES,
                        &req_path,
                        &json!(text),
                        &format!("must be less than or equal to {name} limit of {ltext}"),
                    );
                }
            }
        }
    }
}

/// `IsOvercommitAllowed`: native resources except hugepages may request less than the limit.
fn overcommit_allowed(name: &str) -> bool {
    let native = !name.contains('/') || name.contains("kubernetes.io/");
    native && !name.starts_with("hugepages-")
}

type Quantities = Vec<(String, (String, f64))>;

/// One of `limits` / `requests`: names, syntax, sign.
fn section(res: &Value, key: &str, rpath: &FieldPath, report: &mut Report) -> Quantities {
    let mut out = Vec::new();
    let Some(m) = map_at(res, key) else {
        return out;
    };
    for (name, v) in m {
        let p = rpath.child(key).key(name);
        for msg in super::names::is_qualified_name(name) {
            report.invalid(&INVALID_RESOURCES, &p, &json!(name), &msg);
        }
        if !name.contains('/') && !is_standard_container_resource(name) {
            report.invalid(
                &INVALID_RESOURCES,
                &p,
                &json!(name),
                "must be a standard resource for containers",
            );
        }
        if v.is_null() {
            continue;
        }
        if let Some((text, q)) = quantity(v, &p, report) {
            if q < 0.0 {
                report.invalid(
                    &INVALID_RESOURCES,
                    &p,
                    &json!(text),
                    "must be greater than or equal to 0",
                );
            }
            out.push((name.clone(), (text, q)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse_quantity;

    #[test]
    fn quantities_parse_like_parse_quantity() {
        assert_eq!(parse_quantity("100m"), Some(0.1));
        assert_eq!(parse_quantity("1Gi"), Some(1073741824.0));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        assert_eq!(parse_quantity("0.5"), Some(0.5));
        assert_eq!(parse_quantity("-1"), Some(-1.0));
        for bad in ["", "200MB", "1 Gi", "1.2.3", "Gi", ".", "1K", "1e", "abc"] {
            assert_eq!(parse_quantity(bad), None, "{bad:?}");
        }
    }
}
