//! Environment variables of a container: `env` and `envFrom`.

use super::downward::{ENV_FIELD_PATHS, object_field_selector, resource_field_selector};
use super::names::{
    is_config_map_key, is_dns1123_label, is_env_var_name, is_relaxed_env_var_name,
    name_is_dns_subdomain,
};
use super::object::{get, items, str_at, string_or_empty};
use super::{Emitter, LazyPath, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS222.
pub const INVALID_ENV_VAR: Rule = Rule {
    code: "DS222",
    name: "invalid-env-var",
    severity: Severity::Error,
    summary: "An env var has a bad name, or a valueFrom without exactly one source",
    doc: r#"## What it does
Checks every `env` entry of containers and init containers: `name` is required and must be a
valid environment variable name; `valueFrom` needs exactly one of `fieldRef`,
`resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` and no non-empty `value` beside it; a
`fieldRef.fieldPath` must be one the downward API offers to env vars (`metadata.name`,
`metadata.namespace`, `metadata.uid`, `spec.nodeName`, `spec.serviceAccountName`,
`status.hostIP`, `status.hostIPs`, `status.podIP`, `status.podIPs`, or a label/annotation
subscript such as `metadata.labels['app']`); a `resourceFieldRef.resource` one of
`limits.cpu`, `limits.memory`, `limits.ephemeral-storage`, the `requests.` ones or huge pages,
with a divisor that fits the resource; `configMapKeyRef`/`secretKeyRef` name a valid object and
key.

Names follow `--kubernetes-version`: from 1.32 (`RelaxedEnvironmentVariableValidation`, beta
then GA in 1.34) any printable ASCII character but `=` is allowed; before, only letters, digits,
`_`, `-` and `.`, not starting with a digit. `status.hostIPs` exists from 1.28 and needs the
`PodHostIPs` gate (on by default from 1.29).

## Why is this bad?
The API server rejects the object.

## Example
```yaml
env:
- name: NODE_NAME
  value: worker
  valueFrom:
    fieldRef:
      fieldPath: spec.node
```

## Fix
```yaml
env:
- name: NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
```

## Upstream
`ValidateEnv`, `validateEnvVarValueFrom`, `validateObjectFieldSelector` (with
`validEnvDownwardAPIFieldPathExpressions`), `validateContainerResourceFieldSelector`,
`validateContainerResourceDivisor`, `validateConfigMapKeySelector`, `validateSecretKeySelector`,
`validateFileKeySelector` and `validateFileKeyRefVolumes` (a `fileKeyRef` names an `emptyDir`
volume of the pod; from 1.35, where the `EnvFiles` gate is on by default)
(`pkg/apis/core/validation/validation.go`); `IsEnvVarName`, `IsRelaxedEnvVarName`,
`IsConfigMapKey` (`k8s.io/apimachinery/pkg/util/validation`).
"#,
    emitter: Emitter::Rules,
};

/// DS223.
pub const INVALID_ENV_FROM: Rule = Rule {
    code: "DS223",
    name: "invalid-env-from",
    severity: Severity::Error,
    summary: "An envFrom entry has a bad prefix or not exactly one of configMapRef/secretRef",
    doc: r#"## What it does
Checks every `envFrom` entry of containers and init containers: exactly one of `configMapRef`
and `secretRef`, whose `name` is required and a DNS-1123 subdomain, and a `prefix` that is a
valid environment variable name (relaxed from 1.32, as for `env` names).

## Why is this bad?
The API server rejects the object.

## Example
```yaml
envFrom:
- prefix: "1_"
  configMapRef:
    name: agent-config
  secretRef:
    name: agent-secrets
```

## Fix
```yaml
envFrom:
- prefix: AGENT_
  configMapRef:
    name: agent-config
- secretRef:
    name: agent-secrets
```

## Upstream
`ValidateEnvFrom`, `validateConfigMapEnvSource`, `validateSecretEnvSource`
(`pkg/apis/core/validation/validation.go`). The "exactly one" errors name the `envFrom` list,
not the entry, as upstream does.
"#,
    emitter: Emitter::Rules,
};

/// `ValidateEnv` and `ValidateEnvFrom` for one container at `path`.
pub(crate) fn check(c: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    let vars = items(c, "env");
    if !vars.is_empty() {
        env(vars, &|| path.child("env"), opts, report);
    }
    let sources = items(c, "envFrom");
    if !sources.is_empty() {
        env_from(sources, &|| path.child("envFrom"), opts, report);
    }
}

/// Upstream's `AllowRelaxedEnvironmentVariableValidation` (the gate is on by default from 1.32).
fn name_errors(name: &str, opts: &Options) -> Vec<String> {
    if opts.kube_minor >= 32 {
        is_relaxed_env_var_name(name)
    } else {
        is_env_var_name(name)
    }
}

/// `ValidateEnv`.
fn env(vars: &[Value], path: LazyPath<'_>, opts: &Options, report: &mut Report) {
    for (i, ev) in vars.iter().enumerate() {
        let name = string_or_empty(ev, "name");
        if get(ev, "name").is_some_and(|n| !n.is_string()) {
            // A decode error, reported as DS003: not also a missing name.
        } else if name.is_empty() {
            report.required(&INVALID_ENV_VAR, &path().index(i).child("name"), "");
        } else {
            let errs = name_errors(name, opts);
            if !errs.is_empty() {
                let p = path().index(i).child("name");
                for msg in errs {
                    report.invalid(&INVALID_ENV_VAR, &p, &json!(name), &msg);
                }
            }
        }
        if let Some(vf) = get(ev, "valueFrom") {
            value_from(ev, vf, &|| path().index(i).child("valueFrom"), opts, report);
        }
    }
}

/// `validateEnvVarValueFrom`.
fn value_from(ev: &Value, vf: &Value, path: LazyPath<'_>, opts: &Options, report: &mut Report) {
    let rule = &INVALID_ENV_VAR;
    let mut sources = 0;
    if let Some(fr) = get(vf, "fieldRef") {
        sources += 1;
        let fpath = || path().child("fieldRef");
        let before_host_ips: Vec<&str>;
        let expressions = if opts.kube_minor >= 28 {
            ENV_FIELD_PATHS
        } else {
            before_host_ips = ENV_FIELD_PATHS
                .iter()
                .copied()
                .filter(|p| *p != "status.hostIPs")
                .collect();
            &before_host_ips
        };
        object_field_selector(rule, fr, expressions, &fpath, report);
        // validateDownwardAPIHostIPs: the PodHostIPs gate was alpha (off) in 1.28.
        if opts.kube_minor == 28 && str_at(fr, "fieldPath") == Some("status.hostIPs") {
            report.forbidden(
                rule,
                &fpath(),
                "may not be set when feature gate 'PodHostIPs' is not enabled",
            );
        }
    }
    if let Some(rf) = get(vf, "resourceFieldRef") {
        sources += 1;
        resource_field_selector(
            rule,
            rf,
            false,
            &|| path().child("resourceFieldRef"),
            report,
        );
    }
    for key in ["configMapKeyRef", "secretKeyRef"] {
        if let Some(sel) = get(vf, key) {
            sources += 1;
            key_selector(sel, &|| path().child(key), report);
        }
    }
    // `fileKeyRef` (EnvFiles: alpha, off, in 1.34; beta, on, from 1.35). Before 1.35 it is
    // not validated, but counting it keeps the entry from being reported as having no source.
    if let Some(fk) = get(vf, "fileKeyRef") {
        sources += 1;
        if opts.kube_minor >= 35 {
            file_key_selector(fk, &|| path().child("fileKeyRef"), report);
        }
    }
    let detail = if sources == 0 {
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
    } else if !string_or_empty(ev, "value").is_empty() {
        "may not be specified when `value` is not empty"
    } else if sources > 1 {
        "may not have more than one field specified at a time"
    } else {
        return;
    };
    report.invalid(rule, &path(), &json!(""), detail);
}

/// `validateFileKeySelector`.
fn file_key_selector(fk: &Value, path: LazyPath<'_>, report: &mut Report) {
    let rule = &INVALID_ENV_VAR;
    let key = string_or_empty(fk, "key");
    if key.is_empty() {
        report.required(rule, &path().child("key"), "");
    } else {
        for msg in is_relaxed_env_var_name(key) {
            report.invalid(rule, &path().child("key"), &json!(key), &msg);
        }
    }
    let volume = string_or_empty(fk, "volumeName");
    if volume.is_empty() {
        report.required(rule, &path().child("volumeName"), "");
    } else {
        for msg in is_dns1123_label(volume) {
            report.invalid(rule, &path().child("volumeName"), &json!(volume), &msg);
        }
    }
    let file = string_or_empty(fk, "path");
    if file.is_empty() {
        report.required(rule, &path().child("path"), "");
    } else {
        super::volumes::no_backsteps(rule, file, &|| path().child("path"), report);
    }
}

/// `validateFileKeyRefVolumes`: every `fileKeyRef` of every container (init, regular,
/// ephemeral, in that order) names a volume of the pod, and that volume is an `emptyDir` (a
/// volume without a source is one, by `SetDefaults_Volume`). Only from 1.35: before, the
/// EnvFiles gate is off and `dropFileKeyRefInUse` removes the references.
pub(crate) fn check_file_key_ref_volumes(
    pod: &Value,
    path: &FieldPath,
    opts: &Options,
    report: &mut Report,
) {
    if opts.kube_minor < 35 {
        return;
    }
    let volumes = items(pod, "volumes");
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for (i, c) in items(pod, list).iter().enumerate() {
            for (j, ev) in items(c, "env").iter().enumerate() {
                let Some(fk) = get(ev, "valueFrom").and_then(|vf| get(vf, "fileKeyRef")) else {
                    continue;
                };
                let name = string_or_empty(fk, "volumeName");
                let vpath = || {
                    path.child(list)
                        .index(i)
                        .child("env")
                        .index(j)
                        .child("valueFrom")
                        .child("fileKeyRef")
                        .child("volumeName")
                };
                match volumes
                    .iter()
                    .rev()
                    .find(|v| string_or_empty(v, "name") == name)
                {
                    None => report.not_found(&INVALID_ENV_VAR, &vpath(), &json!(name)),
                    Some(v) if !is_empty_dir(v) => report.invalid(
                        &INVALID_ENV_VAR,
                        &vpath(),
                        &json!(name),
                        "referenced volume must be of type emptyDir",
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

/// The volume is an `emptyDir`, written or defaulted (no source at all).
fn is_empty_dir(v: &Value) -> bool {
    if get(v, "emptyDir").is_some_and(Value::is_object) {
        return true;
    }
    let Some(m) = v.as_object() else {
        return false;
    };
    // SetDefaults_Volume: every source pointer nil means emptyDir.
    !m.iter().any(|(k, x)| k != "name" && x.is_object())
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`: the name is checked with
/// `ValidateSecretName`, so an empty name is an invalid subdomain rather than a missing value.
fn key_selector(sel: &Value, path: LazyPath<'_>, report: &mut Report) {
    let name = string_or_empty(sel, "name");
    for msg in name_is_dns_subdomain(name, false) {
        report.invalid(&INVALID_ENV_VAR, &path().child("name"), &json!(name), &msg);
    }
    let key = string_or_empty(sel, "key");
    if key.is_empty() {
        report.required(&INVALID_ENV_VAR, &path().child("key"), "");
    } else {
        for msg in is_config_map_key(key) {
            report.invalid(&INVALID_ENV_VAR, &path().child("key"), &json!(key), &msg);
        }
    }
}

/// `ValidateEnvFrom`.
fn env_from(sources: &[Value], path: LazyPath<'_>, opts: &Options, report: &mut Report) {
    let rule = &INVALID_ENV_FROM;
    for (i, ev) in sources.iter().enumerate() {
        let prefix = string_or_empty(ev, "prefix");
        if !prefix.is_empty() {
            for msg in name_errors(prefix, opts) {
                report.invalid(rule, &path().index(i).child("prefix"), &json!(prefix), &msg);
            }
        }
        let mut count = 0;
        for key in ["configMapRef", "secretRef"] {
            let Some(src) = get(ev, key) else {
                continue;
            };
            count += 1;
            let name_path = || path().index(i).child(key).child("name");
            let name = string_or_empty(src, "name");
            if name.is_empty() {
                report.required(rule, &name_path(), "");
            } else {
                // ValidateConfigMapName / ValidateSecretName with prefix = true.
                for msg in name_is_dns_subdomain(name, true) {
                    report.invalid(rule, &name_path(), &json!(name), &msg);
                }
            }
        }
        match count {
            0 => report.invalid(
                rule,
                &path(),
                &json!(""),
                "must specify one of: `configMapRef` or `secretRef`",
            ),
            1 => {}
            _ => report.invalid(
                rule,
                &path(),
                &json!(""),
                "may not have more than one field specified at a time",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pod_findings;
    use serde_json::{Value, json};

    fn container(extra: Value) -> Value {
        let mut c = json!({"name": "a", "image": "example.com/a:1"});
        if let (Some(m), Value::Object(e)) = (c.as_object_mut(), extra) {
            m.extend(e);
        }
        json!({"containers": [c]})
    }

    fn at(s: &str) -> String {
        format!("spec.template.spec.containers[0].{s}")
    }

    #[test]
    fn file_key_refs_name_an_empty_dir_from_1_35() {
        let fk = |vol: &str| json!({"name": "V", "valueFrom": {"fileKeyRef": {"volumeName": vol, "path": "env", "key": "K"}}});
        let mut pod =
            container(json!({"env": [fk("missing"), fk("conf"), fk("scratch"), fk("Bad_Vol")]}));
        pod["volumes"] = json!([{"name": "conf", "configMap": {"name": "c"}}, {"name": "scratch"}]);
        let found: Vec<String> = pod_findings(pod.clone(), 36, "DS222")
            .into_iter()
            .map(|(f, m)| format!("{f}: {m}"))
            .collect();
        let v = |i: usize| at(&format!("env[{i}].valueFrom.fileKeyRef.volumeName"));
        assert_eq!(
            found,
            vec![
                format!(
                    "{}: Invalid value: \"Bad_Vol\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                    v(3)
                ),
                format!("{}: Not found: \"missing\"", v(0)),
                format!(
                    "{}: Invalid value: \"conf\": referenced volume must be of type emptyDir",
                    v(1)
                ),
                format!("{}: Not found: \"Bad_Vol\"", v(3)),
            ]
        );
        let empty = container(json!({"env": [{"name": "V", "valueFrom": {"fileKeyRef": {}}}]}));
        let fields: Vec<String> = pod_findings(empty, 36, "DS222")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            vec![
                at("env[0].valueFrom.fileKeyRef.key"),
                at("env[0].valueFrom.fileKeyRef.volumeName"),
                at("env[0].valueFrom.fileKeyRef.path"),
                at("env[0].valueFrom.fileKeyRef.volumeName"),
            ]
        );
        // EnvFiles is off in 1.34: not validated.
        assert!(pod_findings(pod, 34, "DS222").is_empty());
    }

    #[test]
    fn names_are_relaxed_from_1_32() {
        let pod = container(
            json!({"env": [{"name": "1ST", "value": "x"}, {"name": "A=B"}, {"name": ""}]}),
        );
        assert_eq!(
            pod_findings(pod.clone(), 32, "DS222"),
            vec![
                (at("env[1].name"), "Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='".to_string()),
                (at("env[2].name"), "Required value".to_string()),
            ]
        );
        let strict = pod_findings(pod, 31, "DS222");
        assert_eq!(strict[0].0, at("env[0].name"));
        assert!(strict[0].1.starts_with("Invalid value: \"1ST\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"), "{}", strict[0].1);
    }

    #[test]
    fn value_from_needs_exactly_one_source() {
        let pod = container(json!({"env": [
            {"name": "A", "valueFrom": {}},
            {"name": "B", "value": "x", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "C", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}, "secretKeyRef": {"name": "s", "key": "k"}}},
            {"name": "D", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}}},
            {"name": "E", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['Bad Key']"}}},
            {"name": "F", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "2"}}},
            {"name": "G", "valueFrom": {"configMapKeyRef": {"name": "", "key": "a/b"}}}
        ]}));
        let found = pod_findings(pod, 34, "DS222");
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|(f, m)| (f.as_str(), m.as_str()))
            .collect();
        let one_of = "Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`";
        let (a, b, c, d, e, f) = (
            at("env[0].valueFrom"),
            at("env[1].valueFrom"),
            at("env[2].valueFrom"),
            at("env[3].valueFrom.fieldRef.fieldPath"),
            at("env[4].valueFrom.fieldRef"),
            at("env[5].valueFrom.resourceFieldRef.divisor"),
        );
        assert_eq!(got[0], (a.as_str(), one_of));
        assert_eq!(
            got[1],
            (
                b.as_str(),
                "Invalid value: \"\": may not be specified when `value` is not empty"
            )
        );
        assert_eq!(
            got[2],
            (
                c.as_str(),
                "Invalid value: \"\": may not have more than one field specified at a time"
            )
        );
        assert_eq!(
            got[3],
            (
                d.as_str(),
                "Unsupported value: \"metadata.labels\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\""
            )
        );
        assert_eq!(got[4].0, e.as_str());
        assert!(
            got[4]
                .1
                .starts_with("Invalid value: \"bad key\": name part "),
            "{}",
            got[4].1
        );
        assert_eq!(
            got[5],
            (
                f.as_str(),
                "Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource"
            )
        );
        let rest: Vec<&str> = got[6..].iter().map(|(f, _)| *f).collect();
        assert_eq!(
            rest,
            vec![
                at("env[6].valueFrom.configMapKeyRef.name"),
                at("env[6].valueFrom.configMapKeyRef.key")
            ]
        );
    }

    #[test]
    fn host_ips_follow_the_kube_minor() {
        let pod = container(
            json!({"env": [{"name": "IPS", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIPs"}}}]}),
        );
        assert!(pod_findings(pod.clone(), 29, "DS222").is_empty());
        assert_eq!(
            pod_findings(pod.clone(), 28, "DS222"),
            vec![(
                at("env[0].valueFrom.fieldRef"),
                "Forbidden: may not be set when feature gate 'PodHostIPs' is not enabled"
                    .to_string()
            )]
        );
        assert_eq!(
            pod_findings(pod, 27, "DS222")[0].0,
            at("env[0].valueFrom.fieldRef.fieldPath")
        );
    }

    #[test]
    fn env_from_needs_one_source_per_entry() {
        let pod = container(json!({"envFrom": [
            {"prefix": "A=", "configMapRef": {"name": "c"}, "secretRef": {"name": ""}},
            {"prefix": "OK_"}
        ]}));
        assert_eq!(
            pod_findings(pod, 34, "DS223"),
            vec![
                (at("envFrom[0].prefix"), "Invalid value: \"A=\": a valid environment variable name must consist only of printable ASCII characters other than '='".to_string()),
                (at("envFrom[0].secretRef.name"), "Required value".to_string()),
                (at("envFrom"), "Invalid value: \"\": may not have more than one field specified at a time".to_string()),
                (at("envFrom"), "Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`".to_string()),
            ]
        );
    }
}
