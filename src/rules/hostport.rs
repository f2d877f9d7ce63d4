//! DS307, host ports two DaemonSets both claim: a check over all of `dsctl validate`'s inputs,
//! from the scheduler's facts in [`crate::k8s::hostport`].

use super::{Emitter, Rule};
use crate::finding::Severity;

/// DS307: emitted by `dsctl validate` over all its inputs, not per object.
pub const HOST_PORT_CONFLICT: Rule = Rule {
    code: "DS307",
    name: "host-port-conflict",
    severity: Severity::Warning,
    summary: "Two DaemonSets claim the same hostPort/protocol/hostIP: they never both run on a node",
    doc: r#"## What it does
Reports a host port of a DaemonSet's Pod that an earlier DaemonSet of the same input already
claims: same `hostPort` and `protocol`, and the same `hostIP` - where an empty `hostIP` and
`0.0.0.0` conflict with every address. With `hostNetwork: true` every `containerPort` is a host
port. DaemonSets that can never share a node (a `nodeSelector` key with different values) are
not compared. The finding sits on the second DaemonSet's port and names the first.

## Why is this bad?
Both objects are accepted, but a node port can be bound once: on every node both DaemonSets
target, the scheduler leaves the later Pod Pending ("node(s) didn't have free ports for the
requested pod ports"), and the DaemonSet never becomes ready.

## Example
```yaml
# node-exporter.yaml
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
        ports:
        - containerPort: 9100
---
# agent.yaml
spec:
  template:
    spec:
      containers:
      - name: agent
        image: example/agent:1.0
        ports:
        - containerPort: 9100
          hostPort: 9100
```

## Fix
Give one of them another port (or bind each to a distinct `hostIP`):
```yaml
        ports:
        - containerPort: 9100
          hostPort: 9101
```

## Upstream
`pkg/scheduler/framework/plugins/nodeports` (`fitsPorts`) and
`pkg/scheduler/framework/types.go` (`HostPortInfo.CheckConflict`, which reads `""` as
`0.0.0.0`); `SetDefaults_Pod` (`pkg/apis/core/v1/defaults.go`) copies `containerPort` into
`hostPort` under `hostNetwork`.
"#,
    emitter: Emitter::Inputs,
};
