//! Pod-spec level rules of workload templates: restart policy, deadlines, names, DNS and hosts.

use super::names::{
    is_dns1123_label, is_dns1123_subdomain, is_dns1123_subdomain_with_underscore,
    name_is_dns_subdomain,
};
use super::object::{get, get_or_empty, int_at, items, str_at, string_or_empty, strings};
use super::{
    Emitter, Kind, Options, Report, Rule, containers, resources, scheduling, security, volumes,
};
use crate::finding::{FieldPath, Severity};
use crate::k8s::ip::legacy_ip_errors;
use serde_json::{Value, json};

/// DS201.
pub const UNSUPPORTED_RESTART_POLICY: Rule = Rule {
    code: "DS201",
    name: "unsupported-restart-policy",
    severity: Severity::Error,
    summary: "A pod template's restartPolicy is not one its kind allows (Always for workloads, OnFailure/Never for Jobs)",
    doc: r#"## What it does
Checks `spec.template.spec.restartPolicy`: unset means `Always`; the pod-level enum is `Always`,
`OnFailure`, `Never`, and DaemonSets, Deployments, ReplicaSets, StatefulSets and
ReplicationControllers accept only `Always`. A Job's (and a CronJob's job template's) must be
`OnFailure` or `Never`, and `Never` with a `podFailurePolicy`.

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
`ValidatePodTemplateSpecForReplicaSet`, `ValidateStatefulSetSpec` and
`ValidatePodTemplateSpecForRC`; `validateJobSpec` (`pkg/apis/batch/validation/validation.go`).
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
    summary: "dnsPolicy is unsupported, None without a usable dnsConfig, or dnsConfig is not valid",
    doc: r#"## What it does
Checks `dnsPolicy` (`ClusterFirstWithHostNet`, `ClusterFirst`, `Default`, `None`; unset means
`ClusterFirst`), that `None` comes with `dnsConfig` and at least one nameserver, and
`dnsConfig` itself: at most 3 `nameservers`, each an IP address (leading zeros and
IPv4-mapped IPv6 addresses are refused from 1.36, where `StrictIPCIDRValidation` is on); at
most 32 `searches` of at most 2048 characters together, each a DNS subdomain once a trailing
`.` is dropped (from 1.33, `RelaxedDNSSearchValidation`: underscores allowed, and `.` alone);
every `options` entry has a `name`.

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
`validateDNSPolicy`, `validatePodDNSConfig`, `IsValidIPForLegacyField`
(`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS218.
pub const INVALID_REFERENCE_NAME: Rule = Rule {
    code: "DS218",
    name: "invalid-reference-name",
    severity: Severity::Error,
    summary: "serviceAccountName, priorityClassName, runtimeClassName, nodeName, hostname, subdomain or hostnameOverride is not a valid name",
    doc: r#"## What it does
Checks the names a pod template refers to or sets: `serviceAccountName` (or the deprecated
`serviceAccount` it falls back to), `priorityClassName`, `runtimeClassName` (even when empty)
and `nodeName` are DNS-1123 subdomains; `hostname` and `subdomain` are DNS-1123 labels.
`hostnameOverride` (read from Kubernetes 1.35, where the `HostnameOverride` gate is on) is a
DNS-1123 subdomain of at most 64 characters, and may not be set with `setHostnameAsFQDN: true`
or `hostNetwork: true`.

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
`ValidatePodSpec`: `ValidateServiceAccountName`, `ValidatePriorityClassName`, `ValidateNodeName`,
`ValidateRuntimeClassName` (all `NameIsDNSSubdomain`), `ValidateDNS1123Label` for hostname and
subdomain, `validatePodHostName` (`pkg/apis/core/validation/validation.go`); the
`serviceAccount` alias: `Convert_v1_PodSpec_To_core_PodSpec` (`pkg/apis/core/v1/conversion.go`).
"#,
    emitter: Emitter::Rules,
};

/// The name fields `ValidatePodSpec` checks.
fn reference_names(pod: &Value, path: &FieldPath, report: &mut Report) {
    // The deprecated `serviceAccount` is an alias the v1 conversion copies into an empty
    // `serviceAccountName`; its errors are placed where it is written.
    let account = str_at(pod, "serviceAccountName").filter(|v| !v.is_empty());
    let alias = str_at(pod, "serviceAccount").filter(|v| !v.is_empty() && account.is_none());
    if let Some(v) = alias {
        for msg in name_is_dns_subdomain(v, false) {
            let (p, at) = (
                path.child("serviceAccountName"),
                path.child("serviceAccount"),
            );
            report.invalid_at(&INVALID_REFERENCE_NAME, &p, &at, false, &json!(v), &msg);
        }
    }
    for key in ["serviceAccountName", "nodeName", "priorityClassName"] {
        if let Some(v) = str_at(pod, key).filter(|v| !v.is_empty()) {
            for msg in name_is_dns_subdomain(v, false) {
                report.invalid(&INVALID_REFERENCE_NAME, &path.child(key), &json!(v), &msg);
            }
        }
    }
    // ValidateRuntimeClassName: set means checked, even when empty.
    if let Some(v) = get(pod, "runtimeClassName").filter(|v| !v.is_null()) {
        let v = v.as_str().unwrap_or("");
        for msg in name_is_dns_subdomain(v, false) {
            let p = path.child("runtimeClassName");
            report.invalid(&INVALID_REFERENCE_NAME, &p, &json!(v), &msg);
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
    dns_policy(pod, path, opts, report);
    host_aliases(pod, path, opts, report);
    hostname_override(pod, path, opts, report);
    super::gates::check(pod, path, report);
    scheduling::check(pod, path, opts, report);
    super::topology::check(pod, path, opts, report);
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
fn dns_policy(pod: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    let rule = &INVALID_DNS_POLICY;
    let policy = str_at(pod, "dnsPolicy").unwrap_or("");
    match policy {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => report.required(rule, &path.child("dnsPolicy"), ""),
        other => report.not_supported(
            rule,
            &path.child("dnsPolicy"),
            &json!(other),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        ),
    }
    let cfg_path = path.child("dnsConfig");
    let config = get(pod, "dnsConfig").filter(|c| !c.is_null());
    if policy == "None" {
        match config {
            None => {
                return report.required(
                    rule,
                    &cfg_path,
                    "must provide `dnsConfig` when `dnsPolicy` is None",
                );
            }
            Some(c) if items(c, "nameservers").is_empty() => {
                return report.required(
                    rule,
                    &cfg_path.child("nameservers"),
                    "must provide at least one DNS nameserver when `dnsPolicy` is None",
                );
            }
            Some(_) => {}
        }
    }
    let Some(c) = config else {
        return;
    };
    let ns = items(c, "nameservers");
    if ns.len() > 3 {
        report.invalid(
            rule,
            &cfg_path.child("nameservers"),
            &Value::Array(ns.to_vec()),
            "must not have more than 3 nameservers",
        );
    }
    for (i, n) in ns.iter().enumerate() {
        let n = n.as_str().unwrap_or("");
        for msg in legacy_ip_errors(n, opts.kube_minor >= STRICT_IP_MINOR) {
            report.invalid(
                rule,
                &cfg_path.child("nameservers").index(i),
                &json!(n),
                msg,
            );
        }
    }
    let searches = strings(c, "searches");
    if searches.len() > MAX_DNS_SEARCH_PATHS {
        report.invalid(
            rule,
            &cfg_path.child("searches"),
            &json!(searches),
            &format!("must not have more than {MAX_DNS_SEARCH_PATHS} search paths"),
        );
    }
    // The length counts the spaces between the paths.
    let chars = searches.iter().map(|s| s.len()).sum::<usize>() + searches.len().saturating_sub(1);
    if chars > MAX_DNS_SEARCH_LIST_CHARS {
        report.invalid(
            rule,
            &cfg_path.child("searches"),
            &json!(searches),
            &format!(
                "must not have more than {MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list"
            ),
        );
    }
    for (i, search) in searches.iter().enumerate() {
        let bare = search.strip_suffix('.').unwrap_or(search);
        // RelaxedDNSSearchValidation (on from 1.33): "." and underscores are allowed.
        let errs = if opts.kube_minor >= 33 {
            if *search == "." {
                continue;
            }
            is_dns1123_subdomain_with_underscore(bare)
        } else {
            is_dns1123_subdomain(bare)
        };
        for msg in errs {
            report.invalid(
                rule,
                &cfg_path.child("searches").index(i),
                &json!(bare),
                &msg,
            );
        }
    }
    for (i, option) in items(c, "options").iter().enumerate() {
        if string_or_empty(option, "name").is_empty() {
            report.required(
                rule,
                &cfg_path.child("options").index(i),
                "must not be empty",
            );
        }
    }
}

/// `MaxDNSSearchPaths`, `MaxDNSSearchListChars`.
const MAX_DNS_SEARCH_PATHS: usize = 32;
const MAX_DNS_SEARCH_LIST_CHARS: usize = 2048;

/// The first minor where `StrictIPCIDRValidation` is on by default (beta in 1.36).
const STRICT_IP_MINOR: u32 = 36;

/// DS228.
pub const INVALID_HOST_ALIASES: Rule = Rule {
    code: "DS228",
    name: "invalid-host-aliases",
    severity: Severity::Error,
    summary: "A hostAliases entry has a bad IP address or hostname",
    doc: r#"## What it does
Checks each `hostAliases` entry (the lines the kubelet adds to the Pod's `/etc/hosts`): `ip`
is an IP address (leading zeros and IPv4-mapped IPv6 addresses are refused from Kubernetes
1.36, where `StrictIPCIDRValidation` is on), and every `hostnames` entry is a DNS-1123
subdomain.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
hostAliases:
- ip: 10.0.0.300
  hostnames: ["Metrics_Backend"]
```

## Fix
```yaml
hostAliases:
- ip: 10.0.0.30
  hostnames: ["metrics-backend"]
```

## Upstream
`ValidateHostAliases`, `IsValidIPForLegacyField` (`pkg/apis/core/validation/validation.go`,
`k8s.io/apimachinery/pkg/util/validation/ip.go`).
"#,
    emitter: Emitter::Rules,
};

/// `ValidateHostAliases`.
fn host_aliases(pod: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    let rule = &INVALID_HOST_ALIASES;
    for (i, alias) in items(pod, "hostAliases").iter().enumerate() {
        let p = path.child("hostAliases").index(i);
        let ip = string_or_empty(alias, "ip");
        for msg in legacy_ip_errors(ip, opts.kube_minor >= STRICT_IP_MINOR) {
            report.invalid(rule, &p.child("ip"), &json!(ip), msg);
        }
        for (j, h) in items(alias, "hostnames").iter().enumerate() {
            let h = h.as_str().unwrap_or("");
            for msg in is_dns1123_subdomain(h) {
                report.invalid(rule, &p.child("hostnames").index(j), &json!(h), &msg);
            }
        }
    }
}

/// `validatePodHostName`: `hostnameOverride` (read from Kubernetes 1.35, where the
/// `HostnameOverride` gate is on; before, the server drops the field).
fn hostname_override(pod: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    let Some(name) = get(pod, "hostnameOverride").filter(|v| !v.is_null() && opts.kube_minor >= 35)
    else {
        return;
    };
    let name = name.as_str().unwrap_or("");
    let p = path.child("hostnameOverride");
    let rule = &INVALID_REFERENCE_NAME;
    if super::object::bool_at(pod, "setHostnameAsFQDN") {
        report.forbidden(
            rule,
            &p,
            "may not be specified when setHostnameAsFQDN is true",
        );
    }
    if super::object::bool_at(pod, "hostNetwork") {
        report.forbidden(rule, &p, "may not be specified when hostNetwork is true");
    }
    if name.len() > 64 {
        report.too_long(rule, &p, 64);
    }
    for msg in is_dns1123_subdomain(name) {
        report.invalid(rule, &p, &json!(name), &msg);
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
