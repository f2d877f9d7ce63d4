//! Containers of a pod template: names, images, ports, host ports.

use super::names::{is_dns1123_label, is_valid_port_name, is_valid_port_num};
use super::object::{bool_at, get, int_at, items, str_at, string_or_empty};
use super::{Emitter, Options, Report, Rule, env, probes, resources, volumes};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};
use std::collections::HashSet;

/// DS203.
pub const MISSING_CONTAINERS: Rule = Rule {
    code: "DS203",
    name: "missing-containers",
    severity: Severity::Error,
    summary: "The pod template has no containers",
    doc: r#"## What it does
Reports a pod template whose `containers` list is missing or empty.

## Why is this bad?
The API server rejects the object: a Pod needs at least one container.

## Example
```yaml
spec:
  template:
    spec:
      initContainers:
      - name: setup
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
`validateContainers`: `field.Required(fldPath, "")` (`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS204.
pub const INVALID_CONTAINER_NAME: Rule = Rule {
    code: "DS204",
    name: "invalid-container-name",
    severity: Severity::Error,
    summary: "A container name is missing or not a DNS-1123 label",
    doc: r#"## What it does
Checks that every container and init container has a name that is a DNS-1123 label (lower case
alphanumerics and `-`, at most 63 characters).

## Why is this bad?
The API server rejects the object.

## Example
```yaml
containers:
- name: node_exporter
  image: prom/node-exporter:v1.8.2
```

## Fix
```yaml
containers:
- name: node-exporter
  image: prom/node-exporter:v1.8.2
```

## Upstream
`validateContainerCommon` / `validateContainers`: `field.Required(namePath, "")`,
`ValidateDNS1123Label(ctr.Name, namePath)`.
"#,
    emitter: Emitter::Rules,
};

/// DS205.
pub const DUPLICATE_CONTAINER_NAME: Rule = Rule {
    code: "DS205",
    name: "duplicate-container-name",
    severity: Severity::Error,
    summary: "Two containers (or an init container and a container) share a name",
    doc: r#"## What it does
Reports container names that repeat within `containers`, or an init container named like a
container or another init container.

## Why is this bad?
The API server rejects the object: container names identify containers for logs, exec and
status.

## Example
```yaml
initContainers:
- name: agent
  image: busybox:1.36
containers:
- name: agent
  image: example/agent:1.0
```

## Fix
```yaml
initContainers:
- name: agent-init
  image: busybox:1.36
containers:
- name: agent
  image: example/agent:1.0
```

## Upstream
`validateContainers` and `validateInitContainers`: `field.Duplicate(path.Child("name"), ctr.Name)`.
"#,
    emitter: Emitter::Rules,
};

/// DS206.
pub const MISSING_IMAGE: Rule = Rule {
    code: "DS206",
    name: "missing-image",
    severity: Severity::Error,
    summary: "A container has no image",
    doc: r#"## What it does
Reports containers and init containers without `image`.

## Why is this bad?
The API server rejects workload templates whose containers have no image.

## Example
```yaml
containers:
- name: agent
```

## Fix
```yaml
containers:
- name: agent
  image: example/agent:1.0
```

## Upstream
`validateContainerCommon`: `field.Required(path.Child("image"), "")`.
"#,
    emitter: Emitter::Rules,
};

/// DS207.
pub const INVALID_CONTAINER_PORT: Rule = Rule {
    code: "DS207",
    name: "invalid-container-port",
    severity: Severity::Error,
    summary: "A container port is missing, out of range, has a bad name or protocol",
    doc: r#"## What it does
Checks each `ports` entry: `containerPort` required and 1-65535, `hostPort` 1-65535 when set,
`protocol` `TCP` (default), `UDP` or `SCTP`, and `name` an IANA service name (at most 15
characters of `a-z0-9-`, at least one letter, no `--`, no leading or trailing `-`).

## Why is this bad?
The API server rejects the object.

## Example
```yaml
ports:
- name: metrics_http
  containerPort: 91000
  protocol: tcp
```

## Fix
```yaml
ports:
- name: metrics
  containerPort: 9100
  protocol: TCP
```

## Upstream
`validateContainerPorts`, `IsValidPortName`, `IsValidPortNum` (`pkg/apis/core/validation`,
`k8s.io/apimachinery/pkg/util/validation`); protocol default from `SetDefaults_ContainerPort`.
"#,
    emitter: Emitter::Rules,
};

/// DS208.
pub const DUPLICATE_PORT_NAME: Rule = Rule {
    code: "DS208",
    name: "duplicate-port-name",
    severity: Severity::Error,
    summary: "Two ports of one container share a name",
    doc: r#"## What it does
Reports a port name used twice in one container's `ports`.

## Why is this bad?
The API server rejects the object; Services refer to ports by name.

## Example
```yaml
ports:
- name: metrics
  containerPort: 9100
- name: metrics
  containerPort: 9101
```

## Fix
```yaml
ports:
- name: metrics
  containerPort: 9100
- name: metrics-tls
  containerPort: 9101
```

## Upstream
`validateContainerPorts`: `field.Duplicate(idxPath.Child("name"), port.Name)`.
"#,
    emitter: Emitter::Rules,
};

/// DS209.
pub const HOST_NETWORK_PORT_MISMATCH: Rule = Rule {
    code: "DS209",
    name: "host-network-port-mismatch",
    severity: Severity::Error,
    summary: "With hostNetwork, a hostPort differs from its containerPort",
    doc: r#"## What it does
With `hostNetwork: true`, reports ports whose `hostPort` is set and differs from `containerPort`.
An unset `hostPort` is fine in templates: since Kubernetes 1.28 it is defaulted to the
container port only in Pods, and before that it was defaulted in templates too. From 1.28 the
server reports `ports[j].hostPort` ("must match `containerPort` when `hostNetwork` is true");
before, `ports[j].containerPort` ("must match `hostPort` ..."); dsctl follows `kube_minor`.

## Why is this bad?
The API server rejects the object: on the host network there is no port mapping.

## Example
```yaml
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: proxy
        image: example/proxy:1.0
        ports:
        - containerPort: 8080
          hostPort: 80
```

## Fix
```yaml
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: proxy
        image: example/proxy:1.0
        ports:
        - containerPort: 80
          hostPort: 80
```

## Upstream
`validatePodHostNetworkDeps` (1.28+, `pkg/apis/core/validation/validation.go`), formerly
`validateHostNetwork`; `SetDefaults_Pod` / feature gate `DefaultHostNetworkHostPortsInPodTemplates`.
"#,
    emitter: Emitter::Rules,
};

/// DS210.
pub const DUPLICATE_HOST_PORT: Rule = Rule {
    code: "DS210",
    name: "duplicate-host-port",
    severity: Severity::Error,
    summary: "Two ports claim the same protocol/hostIP/hostPort",
    doc: r#"## What it does
Reports a `hostPort` that another port of the same Pod (any container) already claims with the
same protocol and `hostIP`.

## Why is this bad?
The API server rejects the object: one node port can be bound once.

## Example
```yaml
containers:
- name: a
  image: example/a:1.0
  ports:
  - containerPort: 80
    hostPort: 8080
- name: b
  image: example/b:1.0
  ports:
  - containerPort: 81
    hostPort: 8080
```

## Fix
```yaml
containers:
- name: a
  image: example/a:1.0
  ports:
  - containerPort: 80
    hostPort: 8080
- name: b
  image: example/b:1.0
  ports:
  - containerPort: 81
    hostPort: 8081
```

## Upstream
`AccumulateUniqueHostPorts` / `checkHostPortConflicts`:
`field.Duplicate(idxPath.Child("hostPort"), "TCP//8080")`.
"#,
    emitter: Emitter::Rules,
};

/// `validateContainers`, `validateInitContainers`, `validatePodHostNetworkDeps` and the
/// host-port conflict checks of `ValidatePodSpec`.
pub(crate) fn check(
    pod: &Value,
    path: &FieldPath,
    volumes: &[volumes::Accepted<'_>],
    opts: &Options,
    report: &mut Report,
) {
    let containers = items(pod, "containers");
    let cpath = path.child("containers");
    let mut names: HashSet<&str> = HashSet::new();
    // The pod's grace period bounds sleep hooks (`validateSleepAction`).
    let grace = int_at(pod, "terminationGracePeriodSeconds");
    if containers.is_empty() {
        report.required(&MISSING_CONTAINERS, &cpath, "");
    }
    for (i, c) in containers.iter().enumerate() {
        let p = cpath.index(i);
        common(c, &p, volumes, opts, report);
        let name = string_or_empty(c, "name");
        if !names.insert(name) {
            report.duplicate(&DUPLICATE_CONTAINER_NAME, &p.child("name"), &json!(name));
        }
        probes::check_container(c, grace, &|| p.clone(), opts, report);
        regular_restart_policy(c, &p, opts, report);
    }
    host_port_conflicts(containers, &cpath, report);
    let ipath = path.child("initContainers");
    for (i, c) in items(pod, "initContainers").iter().enumerate() {
        let p = ipath.index(i);
        common(c, &p, volumes, opts, report);
        let sidecar = init_restart_policy(c, &p, opts, report);
        // Init container names must differ from each other and from every regular container;
        // upstream remembers only non-empty init names.
        let name = string_or_empty(c, "name");
        if names.contains(name) {
            report.duplicate(&DUPLICATE_CONTAINER_NAME, &p.child("name"), &json!(name));
        } else if !name.is_empty() {
            names.insert(name);
        }
        // Init containers run one by one, so each is checked alone; upstream passes a
        // one-element list with the list's path, so the reported index is always 0.
        host_port_conflicts(std::slice::from_ref(c), &ipath, report);
        if sidecar {
            probes::check_container(c, grace, &|| p.clone(), opts, report);
        } else {
            for key in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                let present = if key == "lifecycle" {
                    probes::lifecycle_present(c, opts)
                } else {
                    get(c, key).is_some()
                };
                if present {
                    report.forbidden(
                        &CONTAINER_RESTART_POLICY,
                        &p.child(key),
                        "may not be set for init containers without restartPolicy=Always",
                    );
                }
            }
        }
        resources::check_init_resize_restart(c, sidecar, &|| p.clone(), opts, report);
    }
    // validateEphemeralContainers: the common checks and validateContainerOnlyForPod; what
    // only ephemeral containers are refused is DS216's (`pod_spec::ephemeral_only`).
    let epath = path.child("ephemeralContainers");
    for (i, c) in items(pod, "ephemeralContainers").iter().enumerate() {
        let p = epath.index(i);
        common(c, &p, volumes, opts, report);
        let image = string_or_empty(c, "image");
        if image.trim() != image {
            report.invalid(
                &MISSING_IMAGE,
                &p.child("image"),
                &json!(image),
                "must not have leading or trailing whitespace",
            );
        }
    }
    if bool_at(pod, "hostNetwork") {
        host_network_ports(containers, &cpath, opts, report);
    }
}

/// The container-level `restartPolicy` of a regular container (`validateContainers`). It exists
/// from 1.28; up to 1.33 it is refused; in 1.34 ContainerRestartRules is off by default and
/// `dropContainerRestartRules` drops it silently; from 1.35 `validateContainerRestartPolicy`
/// checks it with its rules.
fn regular_restart_policy(c: &Value, p: &FieldPath, opts: &Options, report: &mut Report) {
    match opts.kube_minor {
        ..=27 | 34 => {}
        28..=33 => {
            if get(c, "restartPolicy").is_some() {
                report.forbidden(
                    &CONTAINER_RESTART_POLICY,
                    &p.child("restartPolicy"),
                    "may not be set for non-init containers",
                );
            }
        }
        _ => restart_policy_rules(c, p, opts, report),
    }
}

/// `validateInitContainerRestartPolicy`; whether the init container is a sidecar
/// (`restartPolicy: Always`). The field is dropped up to 1.28 (SidecarContainers off), allows
/// only `Always` up to 1.33, loses other values in 1.34 (`dropContainerRestartRules`), and from
/// 1.35 takes the container restart rules; sidecars get rules from 1.36
/// (RestartAllContainersOnContainerExits, `AllowRestartAllContainers`).
fn init_restart_policy(c: &Value, p: &FieldPath, opts: &Options, report: &mut Report) -> bool {
    let policy = str_at(c, "restartPolicy");
    let sidecar = policy == Some("Always");
    match opts.kube_minor {
        ..=28 => return false,
        29..=33 => {
            if let Some(r) = policy
                && r != "Always"
            {
                report.not_supported(
                    &CONTAINER_RESTART_POLICY,
                    &p.child("restartPolicy"),
                    &json!(r),
                    &["Always"],
                );
            }
        }
        34 => {}
        minor => match policy {
            None => {
                if !items(c, "restartPolicyRules").is_empty() {
                    report.required(
                        &CONTAINER_RESTART_POLICY,
                        &p.child("restartPolicy"),
                        "must specify restartPolicy when restart rules are used",
                    );
                }
            }
            Some("Always") if minor < 36 => {
                if !items(c, "restartPolicyRules").is_empty() {
                    report.forbidden(
                        &CONTAINER_RESTART_POLICY,
                        &p.child("restartPolicyRules"),
                        "restartPolicyRules are not allowed for init containers with restart policy Always",
                    );
                }
            }
            Some(_) => restart_policy_rules(c, p, opts, report),
        },
    }
    sidecar
}

/// `validateContainerRestartPolicy` (1.35+): the policy's values and each restart rule's action
/// and exit codes. `RestartAllContainers` is an action from 1.36.
fn restart_policy_rules(c: &Value, p: &FieldPath, opts: &Options, report: &mut Report) {
    let rules = items(c, "restartPolicyRules");
    match str_at(c, "restartPolicy") {
        None if rules.is_empty() => return,
        None => report.required(
            &CONTAINER_RESTART_POLICY,
            &p.child("restartPolicy"),
            "must specify restartPolicy when restart rules are used",
        ),
        Some("Always" | "Never" | "OnFailure") => {}
        Some(other) => report.not_supported(
            &CONTAINER_RESTART_POLICY,
            &p.child("restartPolicy"),
            &json!(other),
            &["Always", "Never", "OnFailure"],
        ),
    }
    if rules.len() > 20 {
        report.too_many(
            &CONTAINER_RESTART_POLICY,
            &p.child("restartPolicyRules"),
            rules.len(),
            20,
        );
    }
    let actions: &[&str] = if opts.kube_minor >= 36 {
        &["Restart", "RestartAllContainers"]
    } else {
        &["Restart"]
    };
    for (i, rule) in rules.iter().enumerate() {
        let rp = || p.child("restartPolicyRules").index(i);
        let action = string_or_empty(rule, "action");
        if !actions.contains(&action) {
            report.not_supported(
                &CONTAINER_RESTART_POLICY,
                &rp().child("action"),
                &json!(action),
                actions,
            );
        }
        match get(rule, "exitCodes") {
            Some(ec) => {
                let op = string_or_empty(ec, "operator");
                if !matches!(op, "In" | "NotIn") {
                    report.not_supported(
                        &CONTAINER_RESTART_POLICY,
                        &rp().child("exitCodes").child("operator"),
                        &json!(op),
                        &["In", "NotIn"],
                    );
                }
                let n = items(ec, "values").len();
                if n > 255 {
                    report.too_many(
                        &CONTAINER_RESTART_POLICY,
                        &rp().child("exitCodes").child("values"),
                        n,
                        255,
                    );
                }
            }
            None => report.required(
                &CONTAINER_RESTART_POLICY,
                &rp().child("exitCodes"),
                "must be specified",
            ),
        }
    }
}

/// `validatePodHostNetworkDeps` (1.28+) / `validateHostNetwork` (before): with the host
/// network a port cannot be remapped. Since 1.28 an unset hostPort is allowed in templates (it
/// is defaulted only in Pods) and the error names `hostPort`; before, templates got
/// hostPort = containerPort by defaulting and the error named `containerPort`.
fn host_network_ports(
    containers: &[Value],
    cpath: &FieldPath,
    opts: &Options,
    report: &mut Report,
) {
    for (i, c) in containers.iter().enumerate() {
        for (j, port) in items(c, "ports").iter().enumerate() {
            let cp = int_at(port, "containerPort").unwrap_or(0);
            let hp = int_at(port, "hostPort").unwrap_or(0);
            if hp == 0 || hp == cp {
                continue;
            }
            let pp = cpath.index(i).child("ports").index(j);
            if opts.kube_minor >= 28 {
                report.invalid(
                    &HOST_NETWORK_PORT_MISMATCH,
                    &pp.child("hostPort"),
                    &json!(hp),
                    "must match `containerPort` when `hostNetwork` is true",
                );
            } else {
                report.invalid(
                    &HOST_NETWORK_PORT_MISMATCH,
                    &pp.child("containerPort"),
                    &json!(cp),
                    "must match `hostPort` when `hostNetwork` is true",
                );
            }
        }
    }
}

/// `validateContainerCommon`: name, image, ports, env, volume mounts and policies, the checks
/// shared by containers and init containers, in upstream's order.
fn common(
    c: &Value,
    path: &FieldPath,
    volumes: &[volumes::Accepted<'_>],
    opts: &Options,
    report: &mut Report,
) {
    let name = string_or_empty(c, "name");
    let name_path = path.child("name");
    if name.is_empty() {
        report.required(&INVALID_CONTAINER_NAME, &name_path, "");
    } else {
        for msg in is_dns1123_label(name) {
            report.invalid(&INVALID_CONTAINER_NAME, &name_path, &json!(name), &msg);
        }
    }
    if string_or_empty(c, "image").is_empty() {
        report.required(&MISSING_IMAGE, &path.child("image"), "");
    }
    match string_or_empty(c, "terminationMessagePolicy") {
        "File" | "FallbackToLogsOnError" => {}
        "" => report.required(
            &UNSUPPORTED_CONTAINER_POLICY,
            &path.child("terminationMessagePolicy"),
            "",
        ),
        other => report.not_supported(
            &UNSUPPORTED_CONTAINER_POLICY,
            &path.child("terminationMessagePolicy"),
            &json!(other),
            &["File", "FallbackToLogsOnError"],
        ),
    }
    ports(items(c, "ports"), &path.child("ports"), report);
    env::check(c, path, opts, report);
    volumes::check_mounts(c, volumes, path, opts, report);
    match string_or_empty(c, "imagePullPolicy") {
        "Always" | "IfNotPresent" | "Never" => {}
        // Defaulting fills the policy whenever an image is set; without an image the missing
        // image is the error that matters.
        "" if string_or_empty(c, "image").is_empty() => {}
        "" => report.required(
            &UNSUPPORTED_CONTAINER_POLICY,
            &path.child("imagePullPolicy"),
            "",
        ),
        other => report.not_supported(
            &UNSUPPORTED_CONTAINER_POLICY,
            &path.child("imagePullPolicy"),
            &json!(other),
            &["Always", "IfNotPresent", "Never"],
        ),
    }
}

/// DS217.
pub const UNSUPPORTED_CONTAINER_POLICY: Rule = Rule {
    code: "DS217",
    name: "unsupported-container-policy",
    severity: Severity::Error,
    summary: "imagePullPolicy or terminationMessagePolicy has an unsupported value",
    doc: r#"## What it does
Checks `imagePullPolicy` (`Always`, `IfNotPresent`, `Never`; unset is defaulted from the image
tag) and `terminationMessagePolicy` (`File`, `FallbackToLogsOnError`; unset means `File`) of
every container and init container. Values are case-sensitive.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
containers:
- name: agent
  image: example/agent:1.0
  imagePullPolicy: ifNotPresent
```

## Fix
```yaml
containers:
- name: agent
  image: example/agent:1.0
  imagePullPolicy: IfNotPresent
```

## Upstream
`validatePullPolicy` and the `TerminationMessagePolicy` switch in `validateContainerCommon`
(`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS219.
pub const CONTAINER_RESTART_POLICY: Rule = Rule {
    code: "DS219",
    name: "container-restart-policy",
    severity: Severity::Error,
    summary: "A container restartPolicy or restart rule is not allowed, or an init container's probes/lifecycle",
    doc: r#"## What it does
Checks container-level `restartPolicy` and `restartPolicyRules`, and refuses `lifecycle` and
probes on init containers that are not sidecars (`restartPolicy: Always`).

What is allowed depends on `--kubernetes-version`:

- up to 1.33: regular containers may not set `restartPolicy` (the field exists from 1.28);
  init containers may set only `Always` (from 1.29, SidecarContainers);
- 1.34: ContainerRestartRules is off by default, so the server drops both fields and the rules
  silently (`dropContainerRestartRules` in `pkg/api/pod/util.go`), an init container's
  `Always` excepted;
- from 1.35 (ContainerRestartRules on): `restartPolicy` is `Always`, `Never` or `OnFailure`,
  rules need a `restartPolicy`, at most 20 rules, each with the action `Restart` and
  `exitCodes` whose operator is `In` or `NotIn` with at most 255 values. Sidecars may not have
  rules in 1.35; from 1.36 (RestartAllContainersOnContainerExits) they may, and
  `RestartAllContainers` is an action too.

Probes and hooks that the server drops first do not count: a `lifecycle` holding only a
`stopSignal` (ContainerStopSignals is off) or, before 1.30, only `sleep` hooks.

## Why is this bad?
The API server rejects the object: only sidecar init containers keep running, so only they can
be probed, and restart rules have a fixed vocabulary.

## Example
```yaml
initContainers:
- name: wait
  image: busybox:1.36
  readinessProbe:
    exec:
      command: ["true"]
containers:
- name: agent
  image: example/agent:1.0
  restartPolicy: Never
  restartPolicyRules:
  - action: Restart
```

## Fix
```yaml
initContainers:
- name: wait
  image: busybox:1.36
  restartPolicy: Always
  readinessProbe:
    exec:
      command: ["true"]
containers:
- name: agent
  image: example/agent:1.0
  restartPolicy: Never
  restartPolicyRules:
  - action: Restart
    exitCodes:
      operator: In
      values: [42]
```

## Upstream
`validateContainers` ("may not be set for non-init containers"), `validateInitContainers`,
`validateInitContainerRestartPolicy`, `validateContainerRestartPolicy`
(`pkg/apis/core/validation/validation.go`); `GetValidationOptionsFromPodSpecAndMeta`
(`AllowContainerRestartPolicyRules`, `AllowRestartAllContainers`) and
`dropContainerRestartRules` (`pkg/api/pod/util.go`).
"#,
    emitter: Emitter::Rules,
};

/// `validateContainerPorts`.
fn ports(ports: &[Value], path: &FieldPath, report: &mut Report) {
    let mut names: HashSet<&str> = HashSet::new();
    for (i, port) in ports.iter().enumerate() {
        let p = path.index(i);
        let name = string_or_empty(port, "name");
        if !name.is_empty() {
            let errs = is_valid_port_name(name);
            if !errs.is_empty() {
                for msg in errs {
                    report.invalid(
                        &INVALID_CONTAINER_PORT,
                        &p.child("name"),
                        &json!(name),
                        &msg,
                    );
                }
            } else if !names.insert(name) {
                report.duplicate(&DUPLICATE_PORT_NAME, &p.child("name"), &json!(name));
            }
        }
        // A containerPort of the wrong JSON type is a decode error (DS005), not a missing one.
        let written = get(port, "containerPort").is_some();
        match int_at(port, "containerPort").unwrap_or(0) {
            0 if written && int_at(port, "containerPort").is_none() => {}
            0 => report.required(&INVALID_CONTAINER_PORT, &p.child("containerPort"), ""),
            cp => {
                for msg in is_valid_port_num(cp) {
                    report.invalid(
                        &INVALID_CONTAINER_PORT,
                        &p.child("containerPort"),
                        &json!(cp),
                        &msg,
                    );
                }
            }
        }
        let hp = int_at(port, "hostPort").unwrap_or(0);
        if hp != 0 {
            for msg in is_valid_port_num(hp) {
                report.invalid(
                    &INVALID_CONTAINER_PORT,
                    &p.child("hostPort"),
                    &json!(hp),
                    &msg,
                );
            }
        }
        match string_or_empty(port, "protocol") {
            "TCP" | "UDP" | "SCTP" => {}
            "" => report.required(&INVALID_CONTAINER_PORT, &p.child("protocol"), ""),
            other => report.not_supported(
                &INVALID_CONTAINER_PORT,
                &p.child("protocol"),
                &json!(other),
                &["SCTP", "TCP", "UDP"],
            ),
        }
    }
}

/// `AccumulateUniqueHostPorts`: `protocol/hostIP/hostPort` must be unique across containers.
fn host_port_conflicts(containers: &[Value], path: &FieldPath, report: &mut Report) {
    let mut seen: HashSet<String> = HashSet::new();
    for (ci, c) in containers.iter().enumerate() {
        for (pi, port) in items(c, "ports").iter().enumerate() {
            let hp = int_at(port, "hostPort").unwrap_or(0);
            if hp == 0 {
                continue;
            }
            let key = format!(
                "{}/{}/{}",
                string_or_empty(port, "protocol"),
                string_or_empty(port, "hostIP"),
                hp
            );
            if seen.contains(&key) {
                report.duplicate(
                    &DUPLICATE_HOST_PORT,
                    &path.index(ci).child("ports").index(pi).child("hostPort"),
                    &json!(key),
                );
            } else {
                seen.insert(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::pod_findings;
    use serde_json::{Value, json};

    fn ds219(pod: Value, minor: u32) -> Vec<String> {
        pod_findings(pod, minor, "DS219")
            .into_iter()
            .map(|(f, _)| f.replace("spec.template.spec.", ""))
            .collect()
    }

    fn with(container: Value, init: Value) -> Value {
        let mut c = container;
        c["name"] = json!("a");
        c["image"] = json!("example.com/a:1");
        let mut i = init;
        i["name"] = json!("i");
        i["image"] = json!("example.com/i:1");
        json!({"containers": [c], "initContainers": [i]})
    }

    #[test]
    fn container_restart_policies_follow_the_kube_minor() {
        let pod = with(
            json!({"restartPolicy": "Sometimes", "restartPolicyRules": [
                {"action": "Restart", "exitCodes": {"operator": "In", "values": [1]}},
                {"action": "Stop", "exitCodes": {"operator": "Is"}},
                {"action": "RestartAllContainers"}]}),
            json!({"restartPolicy": "Never"}),
        );
        assert_eq!(
            ds219(pod.clone(), 36),
            vec![
                "containers[0].restartPolicy",
                "containers[0].restartPolicyRules[1].action",
                "containers[0].restartPolicyRules[1].exitCodes.operator",
                "containers[0].restartPolicyRules[2].exitCodes",
            ]
        );
        // RestartAllContainers is an action from 1.36.
        assert!(
            ds219(pod.clone(), 35)
                .contains(&"containers[0].restartPolicyRules[2].action".to_string())
        );
        // 1.34 drops both silently; before, both policies are refused.
        assert!(ds219(pod.clone(), 34).is_empty());
        assert_eq!(
            ds219(pod, 33),
            vec![
                "containers[0].restartPolicy",
                "initContainers[0].restartPolicy"
            ]
        );
        let ok = with(
            json!({"restartPolicy": "Never", "restartPolicyRules": [{"action": "Restart", "exitCodes": {"operator": "NotIn", "values": [0]}}]}),
            json!({"restartPolicy": "OnFailure"}),
        );
        assert!(ds219(ok, 36).is_empty());
    }

    #[test]
    fn init_container_rules_need_a_policy_and_sidecars_take_them_from_1_36() {
        let rules = json!([{"action": "Restart", "exitCodes": {"operator": "In", "values": [42]}}]);
        let missing = with(json!({}), json!({"restartPolicyRules": rules.clone()}));
        assert_eq!(ds219(missing, 36), vec!["initContainers[0].restartPolicy"]);
        let sidecar = with(
            json!({}),
            json!({"restartPolicy": "Always", "restartPolicyRules": rules}),
        );
        assert!(ds219(sidecar.clone(), 36).is_empty());
        assert_eq!(
            ds219(sidecar, 35),
            vec!["initContainers[0].restartPolicyRules"]
        );
    }

    #[test]
    fn probes_on_plain_init_containers_are_refused_and_sidecars_are_validated() {
        let probe = json!({"tcpSocket": {"port": 0}});
        let plain = with(
            json!({}),
            json!({"readinessProbe": probe.clone(), "lifecycle": {"stopSignal": "SIGTERM"}}),
        );
        // A lifecycle holding only a stop signal is dropped by the server.
        assert_eq!(
            ds219(plain.clone(), 36),
            vec!["initContainers[0].readinessProbe"]
        );
        assert!(pod_findings(plain, 36, "DS225").is_empty());
        let sidecar = with(
            json!({}),
            json!({"restartPolicy": "Always", "readinessProbe": probe}),
        );
        assert!(ds219(sidecar.clone(), 36).is_empty());
        assert_eq!(
            pod_findings(sidecar, 36, "DS225")[0].0,
            "spec.template.spec.initContainers[0].readinessProbe.tcpSocket.port"
        );
    }
}
