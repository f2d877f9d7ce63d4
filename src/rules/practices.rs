//! Warnings: removed API versions, Deployment fields in DaemonSets, and node-agent practices.

use super::defaults::image_tag_is_latest;
use super::object::{bool_at, get, items, str_at, string_or_empty};
use super::{Emitter, Kind, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::Value;

/// DS301.
pub const REMOVED_API_VERSION: Rule = Rule {
    code: "DS301",
    name: "removed-api-version",
    // Every Kubernetes dsctl checks for (1.25+) rejects these versions: an error, as the
    // schema's api-version-not-served (DS006) it stands in for.
    severity: Severity::Error,
    summary: "extensions/v1beta1, apps/v1beta1 and apps/v1beta2 workloads were removed in Kubernetes 1.16",
    doc: r#"## What it does
Reports DaemonSets, Deployments, ReplicaSets and StatefulSets written as `extensions/v1beta1`,
`apps/v1beta1` or `apps/v1beta2`. dsctl checks them as the `apps/v1` object they must become,
so the other findings say what `apps/v1` will reject (typically a missing `spec.selector`,
which the old versions defaulted from the template labels).

## Why is this bad?
Kubernetes 1.16 and later no longer serve these versions: `kubectl apply` fails with
`no matches for kind "DaemonSet" in version "extensions/v1beta1"`. Every version dsctl checks
for (1.25 to 1.37) is one of them, so this is an error (it replaces the schema's DS006 for
these workloads, with advice).

## Example
```yaml
apiVersion: extensions/v1beta1
kind: DaemonSet
```

## Fix
```yaml
apiVersion: apps/v1
kind: DaemonSet
spec:
  selector:
    matchLabels:
      app: node-exporter
```

## Upstream
Deprecated API migration guide, v1.16 removals; `k8s.io/kubernetes/pkg/apis/apps/v1`
(`SetDefaults_DaemonSet` no longer defaults the selector).
"#,
    emitter: Emitter::Rules,
};

/// DS302.
pub const DEPLOYMENT_FIELD_IN_DAEMONSET: Rule = Rule {
    code: "DS302",
    name: "deployment-field-in-daemonset",
    severity: Severity::Warning,
    summary: "A Deployment-only field (replicas, strategy, progressDeadlineSeconds, paused) in a DaemonSet",
    doc: r#"## What it does
Reports `spec.replicas`, `spec.strategy`, `spec.progressDeadlineSeconds` and `spec.paused` in a
DaemonSet, usually left over from converting a Deployment.

## Why is this bad?
DaemonSets have none of these fields: strict field validation rejects them and lax validation
drops them silently, so e.g. a `strategy` you meant as `updateStrategy` has no effect.

## Example
```yaml
kind: DaemonSet
spec:
  replicas: 3
  strategy:
    type: RollingUpdate
```

## Fix
```yaml
kind: DaemonSet
spec:
  updateStrategy:
    type: RollingUpdate
```

## Upstream
`k8s.io/api/apps/v1` `DaemonSetSpec` (no such fields); unknown fields are reported by
server-side field validation.
"#,
    emitter: Emitter::Rules,
};

/// DS303.
pub const MISSING_RESOURCE_REQUESTS: Rule = Rule {
    code: "DS303",
    name: "missing-resource-requests",
    severity: Severity::Warning,
    summary: "A DaemonSet container has no resource requests",
    doc: r#"## What it does
Reports DaemonSet containers without `resources.requests` (limits alone count: Pods get their
requests defaulted from limits).

## Why is this bad?
A DaemonSet runs on every node, next to workloads that reserved the node's capacity. Without
requests the agent is BestEffort: first to be evicted under pressure and invisible to the
scheduler's accounting.

## Example
```yaml
containers:
- name: agent
  image: example/agent:1.0
```

## Fix
```yaml
containers:
- name: agent
  image: example/agent:1.0
  resources:
    requests:
      cpu: 50m
      memory: 64Mi
```

## Upstream
Best practice (Kubernetes docs: "Resource Management for Pods and Containers", QoS classes);
no API rule.
"#,
    emitter: Emitter::Rules,
};

/// DS304.
pub const MUTABLE_IMAGE_TAG: Rule = Rule {
    code: "DS304",
    name: "mutable-image-tag",
    severity: Severity::Warning,
    summary: "A DaemonSet image uses :latest or no tag",
    doc: r#"## What it does
Reports images without a tag or digest, or with the tag `latest`.

## Why is this bad?
Each node pulls the image when its Pod starts, so nodes added later may run a different build
than older nodes, and a rollback cannot return to the previous build. Such images also get
`imagePullPolicy: Always`.

## Example
```yaml
image: prom/node-exporter
```

## Fix
```yaml
image: prom/node-exporter:v1.8.2
```

## Upstream
Best practice; `SetDefaults_Container` (pull policy `Always` for `:latest`).
"#,
    emitter: Emitter::Rules,
};

/// DS305.
pub const MISSING_PRIORITY_CLASS: Rule = Rule {
    code: "DS305",
    name: "missing-priority-class",
    severity: Severity::Warning,
    summary: "A DaemonSet (node agent) has no priorityClassName",
    doc: r#"## What it does
Reports DaemonSets whose pod template has no `priorityClassName`.

## Why is this bad?
Node agents (CNI, CSI, log shippers, monitoring) are needed on every node. Without a priority
they can be preempted by, or fail to fit next to, ordinary Pods on a full node.

## Example
```yaml
spec:
  template:
    spec:
      containers:
      - name: agent
        image: example/agent:1.0
```

## Fix
```yaml
spec:
  template:
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: agent
        image: example/agent:1.0
```

## Upstream
Best practice (Kubernetes docs: "Guaranteed Scheduling For Critical Add-On Pods", DaemonSet
"Scheduled by default scheduler"); no API rule.
"#,
    emitter: Emitter::Rules,
};

/// DS306.
pub const WRITABLE_SENSITIVE_HOST_PATH: Rule = Rule {
    code: "DS306",
    name: "writable-sensitive-host-path",
    severity: Severity::Warning,
    summary: "A container mounts a sensitive host path (/, /etc, docker.sock, /proc, ...) writable",
    doc: r#"## What it does
Reports `hostPath` volumes of sensitive host paths (`/`, `/etc`, `/proc`, `/sys`, `/boot`,
`/root`, `/var/lib/kubelet` and its `pods` directory, `/var/lib/docker`, container runtime
sockets, ...) that a container mounts without `readOnly: true`.

One writable mount is what it is for and is not reported: a CSI node plugin's mount of
`/var/lib/kubelet` or `/var/lib/kubelet/pods` with `mountPropagation: Bidirectional`. The
kubelet asks the plugin to mount volumes under `/var/lib/kubelet/pods/...`, and those mounts
reach the host only through a writable Bidirectional mount, which the API server accepts
only in privileged containers. The same directory mounted writable without Bidirectional
propagation has no such purpose and is reported. The kubelet's socket directories
(`plugins`, `plugins_registry`, `device-plugins`), where node-driver-registrar and device
plugins must create sockets, are not sensitive paths.

## Why is this bad?
A writable mount of these paths gives the Pod control of the node: one compromised agent on
every node is a compromised cluster.

## Example
```yaml
containers:
- name: agent
  image: example/agent:1.0
  volumeMounts:
  - name: etc
    mountPath: /host/etc
volumes:
- name: etc
  hostPath:
    path: /etc
```

## Fix
```yaml
containers:
- name: agent
  image: example/agent:1.0
  volumeMounts:
  - name: etc
    mountPath: /host/etc
    readOnly: true
volumes:
- name: etc
  hostPath:
    path: /etc
```

## Upstream
Best practice (Pod Security Standards, baseline: "HostPath Volumes"); no API rule.
"#,
    emitter: Emitter::Rules,
};

/// Host paths that give a writable mount control of the node.
const SENSITIVE_HOST_PATHS: &[&str] = &[
    "/",
    "/etc",
    "/etc/kubernetes",
    "/proc",
    "/sys",
    "/boot",
    "/root",
    "/var/lib/kubelet",
    "/var/lib/kubelet/pods",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/crio/crio.sock",
];

/// DS301, for any apps workload.
pub(crate) fn check_api_version(obj: &Value, kind: Kind, opts: &Options, report: &mut Report) {
    let api_version = str_at(obj, "apiVersion").unwrap_or("");
    if !matches!(
        api_version,
        "extensions/v1beta1" | "apps/v1beta1" | "apps/v1beta2"
    ) {
        return;
    }
    let when = if opts.kube_minor >= 16 {
        "was removed in Kubernetes 1.16"
    } else {
        "is deprecated and removed in Kubernetes 1.16"
    };
    report.advise(
        &REMOVED_API_VERSION,
        &FieldPath::new("apiVersion"),
        format!(
            "{api_version} {} {when}; use apps/v1 (checked here as apps/v1)",
            kind.as_str()
        ),
    );
}

/// DS302 on a DaemonSet as written: Deployment fields in its spec.
pub(crate) fn check_deployment_fields(written: &Value, report: &mut Report) {
    let spec_path = FieldPath::new("spec");
    if let Some(spec) = get(written, "spec") {
        for (field, hint) in [
            (
                "replicas",
                "a DaemonSet runs one Pod per eligible node; remove spec.replicas and use a nodeSelector or affinity to choose nodes",
            ),
            (
                "strategy",
                "did you mean updateStrategy? (types RollingUpdate or OnDelete)",
            ),
            (
                "progressDeadlineSeconds",
                "DaemonSets have no progress deadline; remove it",
            ),
            (
                "paused",
                "DaemonSets cannot be paused; remove it (use updateStrategy OnDelete to hold rollouts)",
            ),
        ] {
            if spec.get(field).is_some() {
                report.advise(
                    &DEPLOYMENT_FIELD_IN_DAEMONSET,
                    &spec_path.child(field),
                    format!("spec.{field} is a Deployment field, not a DaemonSet field: {hint}"),
                );
            }
        }
    }
}

/// DS303-DS306 on a defaulted DaemonSet.
pub(crate) fn check_daemonset(defaulted: &Value, report: &mut Report) {
    let spec_path = FieldPath::new("spec");
    let Some(pod) = get(defaulted, "spec")
        .and_then(|s| get(s, "template"))
        .and_then(|t| get(t, "spec"))
    else {
        return;
    };
    let pod_path = spec_path.child("template").child("spec");
    let containers = items(pod, "containers");
    for (i, c) in containers.iter().enumerate() {
        let name = string_or_empty(c, "name");
        let cp = pod_path.child("containers").index(i);
        // Limits alone count: Pods get their requests defaulted from limits (SetDefaults_Pod).
        let declared = |key: &str| {
            get(c, "resources")
                .and_then(|r| get(r, key))
                .and_then(Value::as_object)
                .is_some_and(|m| !m.is_empty())
        };
        if !declared("requests") && !declared("limits") {
            report.advise(
                &MISSING_RESOURCE_REQUESTS,
                &cp.child("resources"),
                format!("container \"{name}\" has no resource requests: it runs BestEffort on every node and is evicted first under pressure"),
            );
        }
    }
    for list in ["initContainers", "containers"] {
        for (i, c) in items(pod, list).iter().enumerate() {
            let image = string_or_empty(c, "image");
            if !image.is_empty() && !image.contains('@') && image_tag_is_latest(image) {
                let what = if image.ends_with(":latest") {
                    "the tag latest"
                } else {
                    "no tag"
                };
                report.advise(
                    &MUTABLE_IMAGE_TAG,
                    &pod_path.child(list).index(i).child("image"),
                    format!("image \"{image}\" has {what}: nodes may run different builds; pin a version tag or digest"),
                );
            }
        }
    }
    if str_at(pod, "priorityClassName").is_none_or(str::is_empty) {
        report.advise(
            &MISSING_PRIORITY_CLASS,
            &pod_path.child("priorityClassName"),
            "no priorityClassName: node agents can be preempted or fail to fit on full nodes; set one (e.g. system-node-critical)".to_string(),
        );
    }
    sensitive_host_paths(pod, &pod_path, report);
}

fn normalize(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    if t.is_empty() { "/" } else { t }
}

/// The kubelet directories a CSI node plugin mounts volumes into: the kubelet passes it target
/// paths under `pods/`, and the plugin's mounts must propagate back to the host.
const KUBELET_VOLUME_DIRS: &[&str] = &["/var/lib/kubelet", "/var/lib/kubelet/pods"];

/// A CSI node plugin's publishing mount: a kubelet volume directory with
/// `mountPropagation: Bidirectional`. It must be writable for the plugin to do its job, and
/// Bidirectional is only accepted in privileged containers (DS221), so it is never an
/// accident a `readOnly` would fix.
fn publishes_volumes(host: &str, mount: &Value) -> bool {
    KUBELET_VOLUME_DIRS.contains(&host)
        && str_at(mount, "mountPropagation") == Some("Bidirectional")
}

fn sensitive_host_paths(pod: &Value, pod_path: &FieldPath, report: &mut Report) {
    let sensitive: Vec<(&str, &str)> = items(pod, "volumes")
        .iter()
        .filter_map(|v| {
            let host = get(v, "hostPath").and_then(|h| str_at(h, "path"))?;
            let host = normalize(host);
            SENSITIVE_HOST_PATHS
                .contains(&host)
                .then(|| (string_or_empty(v, "name"), host))
        })
        .collect();
    if sensitive.is_empty() {
        return;
    }
    for list in ["initContainers", "containers"] {
        for (i, c) in items(pod, list).iter().enumerate() {
            for (j, m) in items(c, "volumeMounts").iter().enumerate() {
                let vol = string_or_empty(m, "name");
                let Some((_, host)) = sensitive.iter().find(|(n, _)| *n == vol) else {
                    continue;
                };
                if bool_at(m, "readOnly") || publishes_volumes(host, m) {
                    continue;
                }
                report.advise(
                    &WRITABLE_SENSITIVE_HOST_PATH,
                    &pod_path.child(list).index(i).child("volumeMounts").index(j),
                    format!(
                        "container \"{}\" mounts host path {host} (volume \"{vol}\") writable; add readOnly: true unless the agent must write there",
                        string_or_empty(c, "name")
                    ),
                );
            }
        }
    }
}
