//! Decode-time type errors: values whose JSON type cannot go into the Go field at all.
//!
//! The API server rejects these before any validation runs (`json: cannot unmarshal bool into
//! Go struct field ObjectMeta.metadata.labels of type string`). The usual cause is YAML 1.1:
//! `yes`, `on`, `true` are booleans and `0644` or `1e3` are numbers unless quoted.

use super::object::{get, items, map_at, quote};
use super::{Emitter, LazyPath, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::Value;

/// DS003.
pub const NON_STRING_VALUE: Rule = Rule {
    code: "DS003",
    name: "non-string-value",
    severity: Severity::Error,
    summary: "A boolean or number where Kubernetes needs a string (YAML 1.1 yes/no/on/off, 0644)",
    doc: r#"## What it does
Finds booleans, numbers, objects or lists where the API needs a string: label, annotation and
nodeSelector values, selector values, `env[].value`, `command`/`args` items, `image`, toleration
keys and values.

## Why is this bad?
The API server cannot decode the request (`cannot unmarshal bool into Go struct field ... of type
string`), so nothing is created. YAML 1.1 reads unquoted `yes`, `no`, `on`, `off`, `true`,
`false` as booleans and `0644`, `1e3`, `12` as numbers.

## Example
```yaml
metadata:
  labels:
    enabled: yes
spec:
  template:
    spec:
      containers:
      - name: agent
        env:
        - name: PORT
          value: 8080
```

## Fix
```yaml
metadata:
  labels:
    enabled: "yes"
spec:
  template:
    spec:
      containers:
      - name: agent
        env:
        - name: PORT
          value: "8080"
```

## Upstream
Go's `encoding/json` (and `sigs.k8s.io/json`) decoding into `map[string]string` / `string`
fields of `metav1.ObjectMeta`, `core.EnvVar`, `core.Container`, `core.Toleration`.
"#,
    emitter: Emitter::Rules,
};

/// DS005.
pub const NON_INTEGER_VALUE: Rule = Rule {
    code: "DS005",
    name: "non-integer-value",
    severity: Severity::Error,
    summary: "A string or fraction where Kubernetes needs an integer (containerPort: \"80\")",
    doc: r#"## What it does
Finds quoted numbers or fractions in integer fields: ports, `replicas`, `minReadySeconds`,
`revisionHistoryLimit`, `terminationGracePeriodSeconds`, `tolerationSeconds`, and fractions in
int-or-string fields (`maxUnavailable`, `maxSurge`).

## Why is this bad?
The API server cannot decode the request (`cannot unmarshal string into Go struct field
ContainerPort.containerPort of type int32`).

## Example
```yaml
ports:
- containerPort: "9100"
```

## Fix
```yaml
ports:
- containerPort: 9100
```

## Upstream
Go's `encoding/json` decoding into `int32`/`int64` fields and `intstr.IntOrString.UnmarshalJSON`.
"#,
    emitter: Emitter::Rules,
};

/// Reports every decode-time type error in the fields the rules know.
///
/// Paths are closures: almost every value has the right type, so a path is only built (a few
/// string allocations) when a finding is pushed.
pub(crate) fn check(obj: &Value, report: &mut Report) {
    let meta = || FieldPath::new("metadata");
    if let Some(m) = get(obj, "metadata") {
        string_map_values(m, "labels", &|| meta().child("labels"), report);
        string_map_values(m, "annotations", &|| meta().child("annotations"), report);
    }
    let Some(spec) = get(obj, "spec") else {
        return;
    };
    let spec_path = || FieldPath::new("spec");
    for key in [
        "replicas",
        "minReadySeconds",
        "revisionHistoryLimit",
        "progressDeadlineSeconds",
    ] {
        integer(spec, key, &|| spec_path().child(key), report);
    }
    if let Some(sel) = get(spec, "selector") {
        selector_values(sel, &|| spec_path().child("selector"), report);
    }
    for (strategy_key, ru_key) in [
        ("updateStrategy", "rollingUpdate"),
        ("strategy", "rollingUpdate"),
    ] {
        if let Some(ru) = get(spec, strategy_key).and_then(|s| get(s, ru_key)) {
            let p = || spec_path().child(strategy_key).child(ru_key);
            for key in ["maxUnavailable", "maxSurge"] {
                int_or_string(ru, key, &|| p().child(key), report);
            }
        }
    }
    let Some(template) = get(spec, "template") else {
        return;
    };
    let tpath = || spec_path().child("template");
    if let Some(m) = get(template, "metadata") {
        let mp = || tpath().child("metadata");
        string_map_values(m, "labels", &|| mp().child("labels"), report);
        string_map_values(m, "annotations", &|| mp().child("annotations"), report);
    }
    if let Some(pod) = get(template, "spec") {
        pod_spec(pod, &|| tpath().child("spec"), report);
    }
}

fn pod_spec(pod: &Value, path: LazyPath<'_>, report: &mut Report) {
    string_map_values(
        pod,
        "nodeSelector",
        &|| path().child("nodeSelector"),
        report,
    );
    for key in ["terminationGracePeriodSeconds", "activeDeadlineSeconds"] {
        integer(pod, key, &|| path().child(key), report);
    }
    for list in ["initContainers", "containers"] {
        for (i, c) in items(pod, list).iter().enumerate() {
            let cp = || path().child(list).index(i);
            string_field(c, "name", &|| cp().child("name"), report);
            string_field(c, "image", &|| cp().child("image"), report);
            for key in ["command", "args"] {
                for (j, a) in items(c, key).iter().enumerate() {
                    string_value(a, &|| cp().child(key).index(j), report);
                }
            }
            for (j, e) in items(c, "env").iter().enumerate() {
                let ep = || cp().child("env").index(j);
                string_field(e, "name", &|| ep().child("name"), report);
                string_field(e, "value", &|| ep().child("value"), report);
            }
            for (j, p) in items(c, "ports").iter().enumerate() {
                let pp = || cp().child("ports").index(j);
                integer(p, "containerPort", &|| pp().child("containerPort"), report);
                integer(p, "hostPort", &|| pp().child("hostPort"), report);
            }
        }
    }
    for (i, t) in items(pod, "tolerations").iter().enumerate() {
        let tp = || path().child("tolerations").index(i);
        string_field(t, "key", &|| tp().child("key"), report);
        string_field(t, "value", &|| tp().child("value"), report);
        integer(
            t,
            "tolerationSeconds",
            &|| tp().child("tolerationSeconds"),
            report,
        );
    }
    let na = get(pod, "affinity").and_then(|a| get(a, "nodeAffinity"));
    if let Some(req) = na.and_then(|n| get(n, "requiredDuringSchedulingIgnoredDuringExecution")) {
        let rp = || {
            path()
                .child("affinity")
                .child("nodeAffinity")
                .child("requiredDuringSchedulingIgnoredDuringExecution")
                .child("nodeSelectorTerms")
        };
        for (i, term) in items(req, "nodeSelectorTerms").iter().enumerate() {
            for list in ["matchExpressions", "matchFields"] {
                for (j, e) in items(term, list).iter().enumerate() {
                    let vp = || rp().index(i).child(list).index(j).child("values");
                    for (k, v) in items(e, "values").iter().enumerate() {
                        string_value(v, &|| vp().index(k), report);
                    }
                }
            }
        }
    }
}

fn selector_values(sel: &Value, path: LazyPath<'_>, report: &mut Report) {
    string_map_values(sel, "matchLabels", &|| path().child("matchLabels"), report);
    for (i, e) in items(sel, "matchExpressions").iter().enumerate() {
        let ep = || path().child("matchExpressions").index(i);
        for (j, v) in items(e, "values").iter().enumerate() {
            string_value(v, &|| ep().child("values").index(j), report);
        }
    }
}

fn string_map_values(parent: &Value, key: &str, path: LazyPath<'_>, report: &mut Report) {
    if let Some(m) = map_at(parent, key) {
        for (k, v) in m {
            if !v.is_null() {
                string_value(v, &|| path().key(k), report);
            }
        }
    }
}

fn string_field(parent: &Value, key: &str, path: LazyPath<'_>, report: &mut Report) {
    if let Some(v) = get(parent, key) {
        string_value(v, path, report);
    }
}

fn string_value(v: &Value, path: LazyPath<'_>, report: &mut Report) {
    let msg = match v {
        Value::String(_) | Value::Null => return,
        Value::Bool(b) => format!(
            "boolean {b} where a string is required: unquoted yes/no/on/off/true/false is read as a boolean; quote it: \"{b}\""
        ),
        Value::Number(n) => format!(
            "number {n} where a string is required: unquoted numbers (12, 1e3, 0644 octal) are read as numbers; quote it: {}",
            quote(&n.to_string())
        ),
        Value::Array(_) => "list where a string is required".to_string(),
        Value::Object(_) => "object where a string is required".to_string(),
    };
    report.wrong_type(&NON_STRING_VALUE, &path(), msg);
}

fn integer(parent: &Value, key: &str, path: LazyPath<'_>, report: &mut Report) {
    let Some(v) = get(parent, key) else {
        return;
    };
    let msg = match v {
        Value::Number(_) if super::object::as_int(v).is_some() => return,
        Value::Number(n) => format!("number {n} where an integer is required"),
        Value::String(s) if s.trim().parse::<i64>().is_ok() => format!(
            "string {} where an integer is required: write {} without quotes",
            quote(s),
            s.trim()
        ),
        Value::String(s) => format!("string {} where an integer is required", quote(s)),
        Value::Bool(b) => format!("boolean {b} where an integer is required"),
        _ => "a list or object where an integer is required".to_string(),
    };
    report.wrong_type(&NON_INTEGER_VALUE, &path(), msg);
}

fn int_or_string(parent: &Value, key: &str, path: LazyPath<'_>, report: &mut Report) {
    let Some(v) = get(parent, key) else {
        return;
    };
    let msg = match v {
        Value::String(_) => return,
        Value::Number(_) if super::object::as_int(v).is_some() => return,
        Value::Number(n) => {
            format!("number {n} where an integer or a percentage is required (e.g. 1 or \"10%\")")
        }
        _ => format!(
            "{} where an integer or a percentage is required (e.g. 1 or \"10%\")",
            super::object::render(v)
        ),
    };
    report.wrong_type(&NON_INTEGER_VALUE, &path(), msg);
}
