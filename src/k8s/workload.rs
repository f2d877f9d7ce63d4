//! The typed subset of a DaemonSet (or Deployment) that placement needs.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

use super::lenient::{lenient_string_map, null_default};
use super::quantity::Quantity;
use super::selector::{LabelSelector, NodeSelector};
use super::taint::Toleration;

/// A workload whose pod template dsctl places: a DaemonSet, or a Deployment read as the
/// DaemonSet it would become (same pod template).
#[derive(Debug, Clone, PartialEq)]
pub struct DaemonSet {
    /// `kind` as written (`DaemonSet`, `Deployment`).
    pub kind: String,
    pub name: String,
    pub namespace: String,
    pub selector: Option<LabelSelector>,
    pub pod: PodSpec,
    /// The pod template as given, for rendering the Pod the controller would create.
    pub template: Value,
}

/// The pod spec fields the DaemonSet controller and the scheduler's fit check read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodSpec {
    #[serde(deserialize_with = "null_default")]
    pub node_name: String,
    #[serde(deserialize_with = "lenient_string_map")]
    pub node_selector: BTreeMap<String, String>,
    #[serde(deserialize_with = "null_default")]
    pub affinity: Affinity,
    #[serde(deserialize_with = "null_default")]
    pub tolerations: Vec<Toleration>,
    #[serde(deserialize_with = "null_default")]
    pub host_network: bool,
    #[serde(deserialize_with = "null_default")]
    pub containers: Vec<Container>,
    #[serde(deserialize_with = "null_default")]
    pub init_containers: Vec<Container>,
    #[serde(deserialize_with = "null_default")]
    pub overhead: BTreeMap<String, String>,
}

/// `v1.Affinity`, node part only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Affinity {
    #[serde(deserialize_with = "null_default")]
    pub node_affinity: NodeAffinity,
}

/// `v1.NodeAffinity`, required part only (preferred terms never change the controller's verdict).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeAffinity {
    pub required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
}

/// A container's name, requests and limits, and (for init containers) its restart policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Container {
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    #[serde(deserialize_with = "null_default")]
    pub resources: Resources,
    pub restart_policy: Option<String>,
}

/// `v1.ResourceRequirements` (requests and limits as written).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Resources {
    #[serde(deserialize_with = "quantity_map")]
    pub requests: BTreeMap<String, String>,
    #[serde(deserialize_with = "quantity_map")]
    pub limits: BTreeMap<String, String>,
}

/// Quantities may be written as numbers (`cpu: 2`); keep them as their string form.
fn quantity_map<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    lenient_string_map(d)
}

/// Why a document could not be read as a DaemonSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadError {
    /// API-style field path, empty for the whole object.
    pub path: String,
    pub message: String,
}

impl fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for WorkloadError {}

fn err(path: &str, message: impl Into<String>) -> WorkloadError {
    WorkloadError {
        path: path.into(),
        message: message.into(),
    }
}

/// The kinds read as a DaemonSet: a DaemonSet, and the kinds `convert` turns into one
/// (previewed as that DaemonSet).
pub const PREVIEWED_KINDS: &[&str] = &[
    "DaemonSet",
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
];

impl DaemonSet {
    /// Reads a DaemonSet or Deployment object. Unknown fields are ignored; a field of the wrong
    /// type, a missing pod template or an unparsable resource quantity is an error naming the path.
    pub fn from_value(v: &Value) -> Result<DaemonSet, WorkloadError> {
        let obj = v.as_object().ok_or_else(|| err("", "expected an object"))?;
        let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
        if !PREVIEWED_KINDS.contains(&kind) {
            return Err(err(
                "kind",
                format!(
                    "expected DaemonSet, Deployment, ReplicaSet or ReplicationController, got {kind:?}"
                ),
            ));
        }
        let meta = v.get("metadata");
        let text = |field: &str| -> Result<String, WorkloadError> {
            match meta.and_then(|m| m.get(field)) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(err(&format!("metadata.{field}"), "expected a string")),
            }
        };
        let name = text("name")?;
        let namespace = text("namespace")?;
        let spec = v.get("spec");
        // A ReplicationController's selector is a plain label map: its matchLabels.
        let rc_selector = (kind == "ReplicationController")
            .then(|| spec.and_then(|s| s.get("selector")))
            .flatten()
            .filter(|s| s.is_object())
            .map(|s| serde_json::json!({ "matchLabels": s }));
        let selector = match rc_selector
            .as_ref()
            .or(spec.and_then(|s| s.get("selector")))
        {
            None | Some(Value::Null) => None,
            Some(sel) => Some(serde_path_to_error::deserialize(sel).map_err(|e| {
                err(
                    &join("spec.selector", &e.path().to_string()),
                    e.inner().to_string(),
                )
            })?),
        };
        let template = spec
            .and_then(|s| s.get("template"))
            .filter(|t| t.is_object())
            .ok_or_else(|| err("spec.template", "Required value"))?
            .clone();
        let pod: PodSpec = match template.get("spec") {
            None | Some(Value::Null) => PodSpec::default(),
            Some(s) => serde_path_to_error::deserialize(s).map_err(|e| {
                err(
                    &join("spec.template.spec", &e.path().to_string()),
                    e.inner().to_string(),
                )
            })?,
        };
        for (field, list) in [
            ("containers", &pod.containers),
            ("initContainers", &pod.init_containers),
        ] {
            for (i, c) in list.iter().enumerate() {
                for (kind, map) in [
                    ("requests", &c.resources.requests),
                    ("limits", &c.resources.limits),
                ] {
                    for (res, q) in map {
                        Quantity::parse(q).map_err(|e| {
                            err(
                                &format!("spec.template.spec.{field}[{i}].resources.{kind}[{res}]"),
                                e.to_string(),
                            )
                        })?;
                    }
                }
            }
        }
        for (res, q) in &pod.overhead {
            Quantity::parse(q).map_err(|e| {
                err(
                    &format!("spec.template.spec.overhead[{res}]"),
                    e.to_string(),
                )
            })?;
        }
        Ok(DaemonSet {
            kind: kind.to_string(),
            name,
            namespace,
            selector,
            pod,
            template,
        })
    }

    /// The Pod's effective requests as the scheduler computes them
    /// (`k8s.io/component-helpers/resource` `PodRequests`): the sum over containers, raised to the
    /// largest init container (plus the restartable sidecars started before it), sidecars added
    /// to the sum, plus overhead. A limit without a request counts as the request, as API
    /// defaulting (`SetDefaults_Pod`) makes it. Every Pod also takes one `pods` slot.
    pub fn pod_requests(&self) -> BTreeMap<String, Quantity> {
        let container_requests = |c: &Container| -> BTreeMap<String, Quantity> {
            let mut out = BTreeMap::new();
            for (k, v) in c.resources.limits.iter().chain(&c.resources.requests) {
                // requests come second so they win over limits
                out.insert(k.clone(), Quantity::parse(v).unwrap_or_default());
            }
            out
        };
        let add = |into: &mut BTreeMap<String, Quantity>, from: &BTreeMap<String, Quantity>| {
            for (k, v) in from {
                let e = into.entry(k.clone()).or_default();
                *e = e.saturating_add(*v);
            }
        };
        let mut reqs = BTreeMap::new();
        for c in &self.pod.containers {
            add(&mut reqs, &container_requests(c));
        }
        let mut sidecars = BTreeMap::new();
        let mut init_max: BTreeMap<String, Quantity> = BTreeMap::new();
        for c in &self.pod.init_containers {
            let own = container_requests(c);
            let effective = if c.restart_policy.as_deref() == Some("Always") {
                add(&mut reqs, &own);
                add(&mut sidecars, &own);
                sidecars.clone()
            } else {
                let mut tmp = own;
                add(&mut tmp, &sidecars);
                tmp
            };
            for (k, v) in effective {
                let e = init_max.entry(k).or_default();
                *e = (*e).max(v);
            }
        }
        for (k, v) in init_max {
            let e = reqs.entry(k).or_default();
            *e = (*e).max(v);
        }
        let overhead: BTreeMap<String, Quantity> = self
            .pod
            .overhead
            .iter()
            .map(|(k, v)| (k.clone(), Quantity::parse(v).unwrap_or_default()))
            .collect();
        add(&mut reqs, &overhead);
        reqs.insert("pods".into(), Quantity::from_units(1));
        reqs
    }
}

fn join(base: &str, rest: &str) -> String {
    if rest == "." || rest.is_empty() {
        base.to_string()
    } else if rest.starts_with('[') {
        format!("{base}{rest}")
    } else {
        format!("{base}.{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ds(spec: Value) -> Result<DaemonSet, WorkloadError> {
        DaemonSet::from_value(
            &json!({"kind":"DaemonSet","metadata":{"name":"d"},"spec":{"template":{"spec":spec}}}),
        )
    }

    #[test]
    fn odd_but_valid_objects_load() {
        let d = ds(
            json!({"tolerations": null, "nodeSelector": {"a": true, "b": 1}, "unknown": [1], "containers": [{"name":"c","resources":{"requests":{"cpu": 2}}}]}),
        );
        let d = d.map_err(|e| e.to_string());
        assert!(d.is_ok(), "{d:?}");
        let d = d.unwrap_or_else(|_| unreachable!());
        assert_eq!(
            d.pod.node_selector.get("a").map(String::as_str),
            Some("true")
        );
        assert_eq!(d.pod.node_selector.get("b").map(String::as_str), Some("1"));
    }

    #[test]
    fn wrong_types_name_the_path() {
        let e = ds(json!({"tolerations": [{"key": ["x"]}]})).err();
        assert_eq!(
            e.as_ref().map(|e| e.path.as_str()),
            Some("spec.template.spec.tolerations[0].key")
        );
        let e = ds(json!({"containers": [{"resources": {"requests": {"cpu": "lots"}}}]})).err();
        assert_eq!(
            e.map(|e| e.path),
            Some("spec.template.spec.containers[0].resources.requests[cpu]".to_string())
        );
        assert!(DaemonSet::from_value(&json!({"kind":"Service"})).is_err());
        assert!(DaemonSet::from_value(&json!({"kind":"DaemonSet","spec":{}})).is_err());
    }

    #[test]
    fn requests_follow_pod_requests() {
        let d = ds(json!({
            "containers": [
                {"resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}},
                {"resources": {"limits": {"cpu": "200m", "nvidia.com/gpu": "1"}}}
            ],
            "initContainers": [
                {"resources": {"requests": {"cpu": "1"}}},
                {"restartPolicy": "Always", "resources": {"requests": {"memory": "10Mi"}}}
            ],
            "overhead": {"cpu": "10m"}
        }));
        let r = d.map(|d| d.pod_requests()).unwrap_or_default();
        let get = |k: &str| r.get(k).map(|q| q.to_string()).unwrap_or_default();
        assert_eq!(get("cpu"), "1010m", "max(300m, 1) + overhead");
        assert_eq!(get("memory"), "74Mi", "sidecar adds to the sum");
        assert_eq!(
            get("nvidia.com/gpu"),
            "1",
            "limit stands in for a missing request"
        );
        assert_eq!(get("pods"), "1");
    }
}
