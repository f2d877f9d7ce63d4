//! A Service's ports: the part of `ValidateService` a Service beside a DaemonSet most often
//! gets wrong.

use super::names::{is_dns1123_label, is_qualified_name, is_valid_port_name, is_valid_port_num};
use super::object::{as_int, get, items, str_at};
use super::{Emitter, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS233.
pub const INVALID_SERVICE_PORT: Rule = Rule {
    code: "DS233",
    name: "invalid-service-port",
    severity: Severity::Error,
    summary: "A Service port has a bad or repeated name, port, protocol, targetPort or appProtocol",
    doc: r#"## What it does
Checks each `spec.ports` entry of a Service: a name is required when there are several ports,
is a DNS-1123 label and is not repeated; `port` is 1-65535; `protocol` (default `TCP`) is
`TCP`, `UDP` or `SCTP`; `targetPort` (default: `port`) is a port number or a port name (an
IANA_SVC_NAME: at most 15 characters, lowercase letters, digits and `-`, at least one letter);
`appProtocol` is a qualified name.

## Why is this bad?
The API server rejects the Service, and the DaemonSet's Pods are not reachable through it.

## Example
```yaml
kind: Service
spec:
  ports:
  - port: 70000
  - name: metrics
    port: 9100
```

## Fix
```yaml
kind: Service
spec:
  ports:
  - name: http
    port: 7000
  - name: metrics
    port: 9100
```

## Upstream
`ValidateService`, `validateServicePort`, `ValidatePortNumOrName`
(`pkg/apis/core/validation/validation.go`); the defaults from `SetDefaults_Service`
(`pkg/apis/core/v1/defaults.go`).
"#,
    emitter: Emitter::Rules,
};

/// `validateServicePort` for every port of a Service, after `SetDefaults_Service`.
pub(crate) fn check(obj: &Value, report: &mut Report) {
    let rule = &INVALID_SERVICE_PORT;
    let spec = get(obj, "spec").unwrap_or(&Value::Null);
    let ports = items(spec, "ports");
    let path = FieldPath::new("spec").child("ports");
    let mut names = std::collections::HashSet::new();
    for (i, p) in ports.iter().enumerate() {
        let pp = path.index(i);
        let name = str_at(p, "name").unwrap_or("");
        if ports.len() > 1 && name.is_empty() {
            report.required(rule, &pp.child("name"), "");
        } else if !name.is_empty() {
            for msg in is_dns1123_label(name) {
                report.invalid(rule, &pp.child("name"), &json!(name), &msg);
            }
            if !names.insert(name) {
                report.duplicate(rule, &pp.child("name"), &json!(name));
            }
        }
        // Unset is 0; a value of another type is the decoder's error (DS001), not this one.
        let port = match get(p, "port") {
            None | Some(Value::Null) => Some(0),
            Some(v) => as_int(v),
        };
        for msg in port.map(is_valid_port_num).unwrap_or_default() {
            report.invalid(rule, &pp.child("port"), &json!(port), &msg);
        }
        let protocol = str_at(p, "protocol")
            .filter(|s| !s.is_empty())
            .unwrap_or("TCP");
        if !matches!(protocol, "TCP" | "UDP" | "SCTP") {
            report.not_supported(
                rule,
                &pp.child("protocol"),
                &json!(protocol),
                &["SCTP", "TCP", "UDP"],
            );
        }
        // An unset, 0 or "" targetPort is defaulted to the port.
        match get(p, "targetPort") {
            Some(Value::String(s)) if !s.is_empty() => {
                for msg in is_valid_port_name(s) {
                    report.invalid(rule, &pp.child("targetPort"), &json!(s), &msg);
                }
            }
            Some(v) if as_int(v).is_some_and(|n| n != 0) => {
                let n = as_int(v).unwrap_or(0);
                for msg in is_valid_port_num(n) {
                    report.invalid(rule, &pp.child("targetPort"), &json!(n), &msg);
                }
            }
            _ => {}
        }
        if let Some(app) = str_at(p, "appProtocol") {
            for msg in is_qualified_name(app) {
                report.invalid(rule, &pp.child("appProtocol"), &json!(app), &msg);
            }
        }
    }
}
