//! Pod-spec level rules of workload templates: restart policy, deadlines, DNS.

use super::names::{is_dns1123_label, name_is_dns_subdomain};
use super::object::{get, get_or_empty, int_at, items, str_at, string_or_empty};
use super::{
    Emitter, Kind, Options, Report, Rule, containers, resources, scheduling, security, volumes,
};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS201.
pub const UNSUPPORTED_RESTART_POLICY: Rule = Rule {
    code: "DS201",
    name: "unsupported-restart-policy",
    severity: Severity::Error,
    summary: "Workload templates must use restartPolicy Always",
    doc: r#"## What it does
Checks `spec.template.spec.restartPolicy`: unset means `Always`; the pod-level enum is `Always`,
`OnFailure`, `Never`, and DaemonSets, Deployments, ReplicaSets and StatefulSets accept only
`Always`.

## Why is this bad?
The API server rejects the object: a controller that keeps a Pod per node (or N replicas)
cannot use Pods that stop for good.

## Example
```yaml
spec:
  template:
    spec:
      restartPolicy: OnFailure
```

## Fix
```yaml
spec:
  template:
    spec:
      restartPolicy: Always
```

## Upstream
`ValidateDaemonSetSpec`: `field.NotSupported(fldPath.Child("template", "spec", "restartPolicy"), ..., []string{"Always"})`;
`validateRestartPolicy` (`pkg/apis/core/validation/validation.go`); the same check in
`ValidatePodTemplateSpecForReplicaSet` and `ValidateStatefulSetSpec`.
"#,
    emitter: Emitter::Rules,
};

/// DS202.
pub const ACTIVE_DEADLINE_FORBIDDEN: Rule = Rule {
    code: "DS202",
    name: "active-deadline-forbidden",
    severity: Severity::Error,
    summary: "activeDeadlineSeconds is not supported in workload templates",
    doc: r#"## What it does
Reports `spec.template.spec.activeDeadlineSeconds` in DaemonSets, Deployments, ReplicaSets and
StatefulSets (and a value outside 1..2147483647 anywhere).

## Why is this bad?
The API server rejects the object: a deadline would kill Pods that the controller must keep
running.

## Example
```yaml
spec:
  template:
    spec:
      activeDeadlineSeconds: 3600
```

## Fix
```yaml
spec:
  template:
    spec: {}
```

## Upstream
`ValidateDaemonSetSpec`: `field.Forbidden(..., "activeDeadlineSeconds in DaemonSet is not Supported")`;
`ValidatePodTemplateSpecForReplicaSet` ("in ReplicaSet", also for Deployments),
`ValidateStatefulSetSpec`; range check in `ValidatePodSpec`.
"#,
    emitter: Emitter::Rules,
};

/// DS214.
pub const INVALID_DNS_POLICY: Rule = Rule {
    code: "DS214",
    name: "invalid-dns-policy",
    severity: Severity::Error,
    summary: "dnsPolicy is unsupported, or None without a usable dnsConfig",
    doc: r#"## What it does
Checks `dnsPolicy` (`ClusterFirstWithHostNet`, `ClusterFirst`, `Default`, `None`; unset means
`ClusterFirst`), that `None` comes with `dnsConfig` and at least one nameserver, and that
`dnsConfig.nameservers` has at most 3 entries, each an IP address.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
spec:
  template:
    spec:
      dnsPolicy: None
```

## Fix
```yaml
spec:
  template:
    spec:
      dnsPolicy: None
      dnsConfig:
        nameservers: ["169.254.20.10"]
```

## Upstream
`validateDNSPolicy`, `validatePodDNSConfig` (`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS218.
pub const INVALID_REFERENCE_NAME: Rule = Rule {
    code: "DS218",
    name: "invalid-reference-name",
    severity: Severity::Error,
    summary: "serviceAccountName, priorityClassName, nodeName, hostname or subdomain is not a valid name",
    doc: r#"## What it does
Checks the names a pod template refers to or sets: `serviceAccountName`, `priorityClassName`
and `nodeName` are DNS-1123 subdomains; `hostname` and `subdomain` are DNS-1123 labels.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
spec:
  template:
    spec:
      serviceAccountName: Node_Exporter
```

## Fix
```yaml
spec:
  template:
    spec:
      serviceAccountName: node-exporter
```

## Upstream
`ValidatePodSpec`: `ValidateServiceAccountName`, `ValidatePriorityClassName`, `ValidateNodeName`
(all `NameIsDNSSubdomain`), `ValidateDNS1123Label` for hostname and subdomain.
"#,
    emitter: Emitter::Rules,
};

/// The name fields `ValidatePodSpec` checks.
fn reference_names(pod: &Value, path: &FieldPath, report: &mut Report) {
    for key in ["serviceAccountName", "nodeName", "priorityClassName"] {
        if let Some(v) = str_at(pod, key).filter(|v| !v.is_empty()) {
            for msg in name_is_dns_subdomain(v, false) {
                report.invalid(&INVALID_REFERENCE_NAME, &path.child(key), &json!(v), &msg);
            }
        }
    }
    for key in ["hostname", "subdomain"] {
        if let Some(v) = str_at(pod, key).filter(|v| !v.is_empty()) {
            for msg in is_dns1123_label(v) {
                report.invalid(&INVALID_REFERENCE_NAME, &path.child(key), &json!(v), &msg);
            }
        }
    }
}

/// DS216.
pub const EPHEMERAL_CONTAINERS_FORBIDDEN: Rule = Rule {
    code: "DS216",
    name: "ephemeral-containers-forbidden",
    severity: Severity::Error,
    summary: "Pod templates may not contain ephemeralContainers",
    doc: r#"## What it does
Reports `ephemeralContainers` in a pod template, and what the server's pod spec validation
says about each of them as well: fields an ephemeral container may not have (`ports`,
`resources`, `resizePolicy`, `restartPolicy`, `restartPolicyRules`, probes, `lifecycle`,
volume mount `subPath`/`subPathExpr`) and a `targetContainerName` that names no container. A
name already used by another container is DS205.

## Why is this bad?
The API server rejects the object: ephemeral containers are added to running Pods with
`kubectl debug`, never through a template.

## Example
```yaml
spec:
  template:
    spec:
      ephemeralContainers:
      - name: debug
        image: busybox:1.36
```

## Fix
```yaml
spec:
  template:
    spec:
      containers:
      - name: agent
        image: example/agent:1.0
```

## Upstream
`ValidatePodTemplateSpec`: `field.Forbidden(fldPath.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template")`;
`validateEphemeralContainers` with `validateFieldAllowList(.., allowedEphemeralContainerFields, ..)`
(`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// The parts of `ValidatePodSpec(&template.Spec, "spec.template.spec")` dsctl checks.
pub(crate) fn check(template: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    let pod = get_or_empty(template, "spec");
    // Volumes come first: containers may mount only the volumes without errors.
    let accepted = volumes::check(pod, path, opts, report);
    super::claims::check(pod, path, opts, report);
    containers::check(pod, path, &accepted, opts, report);
    // validateRestartPolicy: the pod-level enum (the workload check adds "Always" only).
    let restart = str_at(pod, "restartPolicy").unwrap_or("");
    match restart {
        "Always" | "OnFailure" | "Never" => {}
        "" => report.required(
            &UNSUPPORTED_RESTART_POLICY,
            &path.child("restartPolicy"),
            "",
        ),
        other => report.not_supported(
            &UNSUPPORTED_RESTART_POLICY,
            &path.child("restartPolicy"),
            &json!(other),
            &["Always", "OnFailure", "Never"],
        ),
    }
    dns_policy(pod, path, report);
    scheduling::check(pod, path, opts, report);
    reference_names(pod, path, report);
    // Last in ValidatePodSpec: validateFileKeyRefVolumes.
    super::env::check_file_key_ref_volumes(pod, path, opts, report);
    if let Some(ads) = int_at(pod, "activeDeadlineSeconds")
        && !(1..=i64::from(i32::MAX)).contains(&ads)
    {
        report.invalid(
            &ACTIVE_DEADLINE_FORBIDDEN,
            &path.child("activeDeadlineSeconds"),
            &json!(ads),
            "must be between 1 and 2147483647, inclusive",
        );
    }
    resources::check(pod, path, opts, report);
    security::check(template, path, opts, report);
    if !items(pod, "ephemeralContainers").is_empty() {
        ephemeral_only(pod, path, report);
        report.forbidden(
            &EPHEMERAL_CONTAINERS_FORBIDDEN,
            &path.child("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        );
    }
}

/// `EphemeralContainerCommon` fields outside `allowedEphemeralContainerFields`, in struct order.
const EPHEMERAL_FORBIDDEN_FIELDS: &[&str] = &[
    "ports",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
];

/// The ephemeral-only part of `validateEphemeralContainers`: names unique across all
/// containers (DS205), `targetContainerName` naming a regular or init container, the fields
/// `validateFieldAllowList` refuses, and volume mount sub-paths (DS216).
fn ephemeral_only(pod: &Value, path: &FieldPath, report: &mut Report) {
    let names = |list: &str| {
        items(pod, list)
            .iter()
            .map(|c| string_or_empty(c, "name"))
            .collect::<Vec<&str>>()
    };
    let others: Vec<&str> = [names("containers"), names("initContainers")].concat();
    let mut all = others.clone();
    let rule = &EPHEMERAL_CONTAINERS_FORBIDDEN;
    const MSG: &str = "cannot be set for an Ephemeral Container";
    for (i, ec) in items(pod, "ephemeralContainers").iter().enumerate() {
        let ip = || path.child("ephemeralContainers").index(i);
        let name = string_or_empty(ec, "name");
        if all.contains(&name) {
            report.duplicate(
                &containers::DUPLICATE_CONTAINER_NAME,
                &ip().child("name"),
                &json!(name),
            );
        } else {
            all.push(name);
        }
        let target = string_or_empty(ec, "targetContainerName");
        if !target.is_empty() && !others.contains(&target) {
            report.not_found(rule, &ip().child("targetContainerName"), &json!(target));
        }
        for key in EPHEMERAL_FORBIDDEN_FIELDS {
            // A zero value is not "set": `resources` is a struct (zero when all its maps and
            // lists are absent); the others are pointers or slices (set unless null).
            let set = match get(ec, key) {
                None | Some(Value::Null) => false,
                Some(Value::Object(m)) if *key == "resources" => m.values().any(|v| !v.is_null()),
                Some(_) => true,
            };
            if set {
                report.forbidden(rule, &ip().child(key), MSG);
            }
        }
        for (j, vm) in items(ec, "volumeMounts").iter().enumerate() {
            for key in ["subPath", "subPathExpr"] {
                if !string_or_empty(vm, key).is_empty() {
                    report.forbidden(rule, &ip().child("volumeMounts").index(j).child(key), MSG);
                }
            }
        }
    }
}

/// The template checks every apps workload adds after `ValidatePodTemplateSpec`.
pub(crate) fn check_workload_template(
    template: &Value,
    kind: Kind,
    path: &FieldPath,
    report: &mut Report,
) {
    let pod = get_or_empty(template, "spec");
    let restart = str_at(pod, "restartPolicy").unwrap_or("");
    if restart != "Always" {
        report.not_supported(
            &UNSUPPORTED_RESTART_POLICY,
            &path.child("restartPolicy"),
            &json!(restart),
            &["Always"],
        );
    }
    if get(pod, "activeDeadlineSeconds").is_some() {
        // Deployments validate their template with the ReplicaSet function, wording included.
        let owner = match kind {
            Kind::Deployment => "ReplicaSet",
            other => other.as_str(),
        };
        report.forbidden(
            &ACTIVE_DEADLINE_FORBIDDEN,
            &path.child("activeDeadlineSeconds"),
            &format!("activeDeadlineSeconds in {owner} is not Supported"),
        );
    }
}

/// `validateDNSPolicy` and `validatePodDNSConfig`.
fn dns_policy(pod: &Value, path: &FieldPath, report: &mut Report) {
    let policy = str_at(pod, "dnsPolicy").unwrap_or("");
    match policy {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => report.required(&INVALID_DNS_POLICY, &path.child("dnsPolicy"), ""),
        other => report.not_supported(
            &INVALID_DNS_POLICY,
            &path.child("dnsPolicy"),
            &json!(other),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        ),
    }
    let cfg_path = path.child("dnsConfig");
    let config = get(pod, "dnsConfig");
    if policy == "None" {
        match config {
            None => report.required(
                &INVALID_DNS_POLICY,
                &cfg_path,
                "must provide `dnsConfig` when `dnsPolicy` is None",
            ),
            Some(c) if items(c, "nameservers").is_empty() => report.required(
                &INVALID_DNS_POLICY,
                &cfg_path.child("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            ),
            Some(_) => {}
        }
    }
    if let Some(c) = config {
        let ns = items(c, "nameservers");
        for (i, n) in ns.iter().enumerate() {
            if let Some(n) = n.as_str()
                && n.parse::<std::net::IpAddr>().is_err()
            {
                report.invalid(
                    &INVALID_DNS_POLICY,
                    &cfg_path.child("nameservers").index(i),
                    &json!(n),
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                );
            }
        }
        if ns.len() > 3 {
            report.invalid(
                &INVALID_DNS_POLICY,
                &cfg_path.child("nameservers"),
                &Value::Array(ns.to_vec()),
                "must not have more than 3 nameservers",
            );
        }
    }
}

#[cfg(test)]
mod ephemeral_tests {
    use super::super::pod_findings;
    use serde_json::json;

    #[test]
    fn ephemeral_only_fields_targets_and_names() {
        let pod = json!({"containers": [{"name": "a", "image": "example.com/a:1"}],
        "ephemeralContainers": [
            {"name": "a", "image": "busybox:1", "targetContainerName": "nope",
             "ports": [], "resources": {}, "lifecycle": {},
             "volumeMounts": [{"name": "v", "mountPath": "/v", "subPath": "x"}]},
            {"name": "d", "image": "busybox:1", "targetContainerName": "a", "resources": {"limits": null}}
        ]});
        let e = "spec.template.spec.ephemeralContainers";
        let fields: Vec<String> = pod_findings(pod.clone(), 36, "DS216")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            vec![
                format!("{e}[0].targetContainerName"),
                format!("{e}[0].ports"),
                format!("{e}[0].lifecycle"),
                format!("{e}[0].volumeMounts[0].subPath"),
                e.to_string(),
            ]
        );
        let dup: Vec<String> = pod_findings(pod, 36, "DS205")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(dup, vec![format!("{e}[0].name")]);
    }
}
