//! Host ports two DaemonSets both claim: their Pods can never run on the same node.
//!
//! The scheduler's NodePorts filter (`pkg/scheduler/framework/plugins/nodeports`
//! `fitsPorts`) refuses a Pod when a port it wants is already in the node's `HostPortInfo`
//! (`pkg/scheduler/framework/types.go` `HostPortInfo.CheckConflict`): same protocol and port,
//! and the same host IP - where `""` is read as `0.0.0.0` and `0.0.0.0` conflicts with every
//! IP on that port and protocol. Two DaemonSets that claim the same port therefore leave one
//! Pod Pending on every node both target. With `hostNetwork: true` every container port is a
//! host port (`SetDefaults_Pod` copies `containerPort` into an unset `hostPort`).
//!
//! The facts only: the finding is [`crate::rules::hostport::HOST_PORT_CONFLICT`] (DS307).

use crate::manifest::str_at;
use serde_json::Value;
use std::collections::HashMap;

/// One host port a DaemonSet's Pod takes on its node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Index of the object in the list given to [`conflicts`].
    pub object: usize,
    /// Field path of the port's `hostPort` (its `containerPort` when the host network makes it
    /// the host port).
    pub path: String,
    /// Host IP as the scheduler reads it (`""` becomes `0.0.0.0`).
    pub host_ip: String,
    pub host_port: u16,
    pub protocol: String,
}

impl Claim {
    /// `HostPortInfo.CheckConflict` between two claims.
    pub fn conflicts_with(&self, other: &Claim) -> bool {
        const ANY: &str = "0.0.0.0";
        self.host_port == other.host_port
            && self.protocol == other.protocol
            && (self.host_ip == other.host_ip || self.host_ip == ANY || other.host_ip == ANY)
    }

    /// `9100/TCP on 0.0.0.0`.
    pub fn describe(&self) -> String {
        format!("{}/{} on {}", self.host_port, self.protocol, self.host_ip)
    }
}

/// Two DaemonSets whose Pods want the same node port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The earlier claim (first in the list).
    pub first: Claim,
    /// The later claim: the finding is reported at its path.
    pub second: Claim,
}

/// The host ports a DaemonSet's Pod takes: ports of the containers and of the restartable init
/// containers (sidecars keep running beside them), with a `hostPort` > 0, or every container
/// port when the Pod uses the host network.
pub fn claims(object: usize, ds: &Value) -> Vec<Claim> {
    let Some(spec) = ds.pointer("/spec/template/spec") else {
        return Vec::new();
    };
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    let mut out = Vec::new();
    for list in ["containers", "initContainers"] {
        let containers = spec.get(list).and_then(Value::as_array);
        for (ci, c) in containers.into_iter().flatten().enumerate() {
            if list == "initContainers"
                && c.get("restartPolicy").and_then(Value::as_str) != Some("Always")
            {
                continue;
            }
            let ports = c.get("ports").and_then(Value::as_array);
            for (pi, p) in ports.into_iter().flatten().enumerate() {
                let number = |k: &str| {
                    p.get(k)
                        .and_then(Value::as_u64)
                        .and_then(|n| u16::try_from(n).ok())
                        .filter(|&n| n > 0)
                };
                let written = number("hostPort").is_some();
                let host_port = match (number("hostPort"), host_network) {
                    (Some(h), _) => h,
                    (None, true) => match number("containerPort") {
                        Some(c) => c,
                        None => continue,
                    },
                    (None, false) => continue,
                };
                let host_ip = match p.get("hostIP").and_then(Value::as_str) {
                    None | Some("") => "0.0.0.0",
                    Some(ip) => ip,
                };
                let protocol = p
                    .get("protocol")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .unwrap_or("TCP");
                out.push(Claim {
                    object,
                    path: format!(
                        "spec.template.spec.{list}[{ci}].ports[{pi}].{}",
                        if written { "hostPort" } else { "containerPort" }
                    ),
                    host_ip: host_ip.to_string(),
                    host_port,
                    protocol: protocol.to_string(),
                });
            }
        }
    }
    out
}

/// Every pair of DaemonSets in `objects` (other kinds are skipped) that claim a conflicting host
/// port, one conflict per later port, naming the first earlier DaemonSet it collides with.
/// DaemonSets that can never share a node (a `nodeSelector` key with different values) and
/// two copies of the same namespace/name (one object, twice in the input) are not compared.
pub fn conflicts(objects: &[&Value]) -> Vec<Conflict> {
    let claimed = objects
        .iter()
        .enumerate()
        .map(|(i, obj)| {
            if obj.get("kind").and_then(Value::as_str) == Some("DaemonSet") {
                claims(i, obj)
            } else {
                Vec::new()
            }
        })
        .collect::<Vec<_>>();
    let claimed: Vec<&[Claim]> = claimed.iter().map(Vec::as_slice).collect();
    conflicts_among(objects, &claimed)
}

/// [`conflicts`] for callers that have each object's [`claims`] already (`claimed[i]` for
/// `objects[i]`, with `object` set to `i`).
pub fn conflicts_among(objects: &[&Value], claimed: &[&[Claim]]) -> Vec<Conflict> {
    let mut out = Vec::new();
    let facts: Vec<Placement<'_>> = objects.iter().map(|o| Placement::of(o)).collect();
    // Earlier claims by (port, protocol): only those can conflict, so thousands of DaemonSets
    // are not compared pairwise.
    let mut earlier: HashMap<(u16, &str), Vec<&Claim>> = HashMap::new();
    for (i, &mine) in claimed.iter().enumerate().take(objects.len()) {
        for c in mine {
            let same_port = earlier.get(&(c.host_port, c.protocol.as_str()));
            if let Some(first) = same_port
                .into_iter()
                .flatten()
                .find(|e| e.conflicts_with(c) && facts[e.object].may_share_a_node(&facts[i]))
            {
                out.push(Conflict {
                    first: (*first).clone(),
                    second: c.clone(),
                });
            }
        }
        for c in mine {
            earlier
                .entry((c.host_port, c.protocol.as_str()))
                .or_default()
                .push(c);
        }
    }
    out
}

/// What decides whether two DaemonSets' Pods may land on one node, read once per object.
struct Placement<'a> {
    id: (&'a str, &'a str),
    node_selector: Option<&'a serde_json::Map<String, Value>>,
}

impl<'a> Placement<'a> {
    fn of(v: &'a Value) -> Self {
        Placement {
            id: (
                str_at(v, &["metadata", "namespace"]),
                str_at(v, &["metadata", "name"]),
            ),
            node_selector: v
                .get("spec")
                .and_then(|s| s.get("template"))
                .and_then(|t| t.get("spec"))
                .and_then(|p| p.get("nodeSelector"))
                .and_then(Value::as_object),
        }
    }

    /// Two copies of one object (same namespace/name) are one DaemonSet, not two; two
    /// DaemonSets whose nodeSelectors want different values of one key never share a node.
    fn may_share_a_node(&self, other: &Placement<'_>) -> bool {
        if self.id == other.id {
            return false;
        }
        let (Some(a), Some(b)) = (self.node_selector, other.node_selector) else {
            return true;
        };
        !a.iter().any(|(k, va)| b.get(k).is_some_and(|vb| vb != va))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ds(name: &str, ports: Value, host_network: bool) -> Value {
        json!({"kind": "DaemonSet", "metadata": {"name": name},
            "spec": {"template": {"spec": {"hostNetwork": host_network,
                "containers": [{"name": "c", "ports": ports}]}}}})
    }

    #[test]
    fn any_address_conflicts_with_every_address() {
        let a = ds("a", json!([{"containerPort": 80, "hostPort": 8080}]), false);
        let b = ds(
            "b",
            json!([{"containerPort": 81, "hostPort": 8080, "hostIP": "10.0.0.1"}]),
            false,
        );
        let found = conflicts(&[&a, &b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].first.object, 0);
        assert_eq!(
            found[0].second.path,
            "spec.template.spec.containers[0].ports[0].hostPort"
        );
        assert_eq!(found[0].first.describe(), "8080/TCP on 0.0.0.0");
    }

    #[test]
    fn distinct_ips_protocols_and_nodes_do_not_conflict() {
        let a = ds(
            "a",
            json!([{"containerPort": 53, "hostPort": 53, "hostIP": "10.0.0.1"}]),
            false,
        );
        let b = ds(
            "b",
            json!([{"containerPort": 53, "hostPort": 53, "hostIP": "10.0.0.2"}]),
            false,
        );
        let c = ds(
            "c",
            json!([{"containerPort": 53, "hostPort": 53, "protocol": "UDP"}]),
            false,
        );
        assert!(conflicts(&[&a, &b, &c]).is_empty());
        let mut d = ds("d", json!([{"containerPort": 1, "hostPort": 1}]), false);
        let mut e = ds("e", json!([{"containerPort": 1, "hostPort": 1}]), false);
        d["spec"]["template"]["spec"]["nodeSelector"] = json!({"role": "x"});
        e["spec"]["template"]["spec"]["nodeSelector"] = json!({"role": "y"});
        assert!(conflicts(&[&d, &e]).is_empty());
        let same = d.clone();
        assert!(conflicts(&[&d, &same]).is_empty());
    }

    #[test]
    fn host_network_makes_container_ports_host_ports() {
        let a = ds("a", json!([{"containerPort": 9100}]), true);
        let b = ds(
            "b",
            json!([{"containerPort": 9100, "hostPort": 9100}]),
            false,
        );
        assert_eq!(conflicts(&[&a, &b]).len(), 1);
        let c = ds("c", json!([{"containerPort": 9100}]), false);
        assert!(conflicts(&[&a, &c]).is_empty());
    }
}
