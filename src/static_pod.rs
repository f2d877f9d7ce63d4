//! The static Pod a kubelet would run from its manifest directory in place of a DaemonSet, for
//! bootstrapping a node before any API server runs.
//!
//! The Pod is the one the DaemonSet controller would create for the node
//! ([`crate::preview::render_pod`]: template labels and annotations, the daemon tolerations
//! `AddOrUpdateDaemonPodTolerations` adds), with a fixed name `<daemonset>-<node>` in place of
//! `generateName`, `spec.nodeName` set, and the template's own affinity instead of the
//! controller's `metadata.name` node-affinity term (the kubelet runs what is in its directory;
//! a `matchFields` term on a name the kubelet may register differently would only make it
//! reject the Pod).
//!
//! The kubelet publishes a mirror Pod of each static Pod to the API server once one runs, and
//! the NodeRestriction admission plugin (`plugin/pkg/admission/noderestriction` `admitPodCreate`)
//! forbids mirror Pods that reference a service account, Secrets, ConfigMaps,
//! ClusterTrustBundles or PersistentVolumeClaims; the Kubernetes documentation on static Pods
//! says the same: "The spec of a static Pod cannot refer to other API objects". Such
//! references get a note.

use serde_json::{Value, json};

use crate::inventory::Node;
use crate::k8s::{DaemonSet, WorkloadError};
use crate::preview::{self, NodeVerdict, render_pod};

/// A static Pod and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticPod {
    pub pod: Value,
    /// (field path in the DaemonSet, text) of each reference a static Pod cannot have.
    pub notes: Vec<(String, String)>,
}

/// Why no static Pod was written for a node.
#[derive(Debug, Clone, PartialEq)]
pub enum StaticPodError {
    /// The object is not a readable DaemonSet.
    Workload(WorkloadError),
    /// The DaemonSet controller would not run a Pod on the node (its verdict, with reasons).
    WouldNotRun(Box<NodeVerdict>),
}

/// The static Pod of `ds` for `node`, refused when [`preview::preview`] says the controller
/// would not run a Pod there (`shouldRun` false).
pub fn static_pod(ds: &Value, node: &Node) -> Result<StaticPod, StaticPodError> {
    let set = DaemonSet::from_value(ds).map_err(StaticPodError::Workload)?;
    let verdict = preview::preview_on(&set, std::slice::from_ref(node), 1)
        .pop()
        .ok_or_else(|| {
            StaticPodError::Workload(WorkloadError {
                path: String::new(),
                message: "no verdict for the node".into(),
            })
        })?;
    if !verdict.should_run {
        return Err(StaticPodError::WouldNotRun(Box::new(verdict)));
    }
    Ok(build(&set, node))
}

/// The static Pod without asking whether the controller would run it.
pub fn build(set: &DaemonSet, node: &Node) -> StaticPod {
    let mut pod = render_pod(set, node);
    if let Some(meta) = pod.get_mut("metadata").and_then(Value::as_object_mut) {
        // name and namespace first, as kubectl prints them.
        let mut ordered = serde_json::Map::new();
        ordered.insert(
            "name".into(),
            Value::String(format!("{}-{}", set.name, node.name)),
        );
        if let Some(ns) = meta.remove("namespace") {
            ordered.insert("namespace".into(), ns);
        }
        meta.remove("generateName");
        ordered.append(meta);
        *meta = ordered;
    }
    if let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) {
        match set.template.pointer("/spec/affinity") {
            Some(a) if !a.is_null() => {
                spec.insert("affinity".into(), a.clone());
            }
            _ => {
                spec.remove("affinity");
            }
        }
        spec.insert("nodeName".into(), Value::String(node.name.clone()));
    }
    let notes = forbidden_references(&set.template);
    StaticPod { pod, notes }
}

/// The references NodeRestriction refuses in a mirror Pod, as (path, text), paths in the
/// DaemonSet (`spec.template.spec...`), in the order `admitPodCreate` checks them.
pub fn forbidden_references(template: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let base = "spec.template.spec";
    let Some(spec) = template.get("spec") else {
        return out;
    };
    let note = |out: &mut Vec<(String, String)>, path: String, what: &str| {
        out.push((
            path,
            format!(
                "a static Pod cannot reference {what}: the API server refuses its mirror Pod \
                 (NodeRestriction) and, without an API server, the kubelet cannot fetch it"
            ),
        ));
    };
    if let Some(sa) = spec
        .get("serviceAccountName")
        .or_else(|| spec.get("serviceAccount"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        note(
            &mut out,
            format!("{base}.serviceAccountName"),
            &format!("a service account ({sa:?})"),
        );
    }
    for (i, s) in array(spec, "imagePullSecrets").iter().enumerate() {
        let name = s
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        note(
            &mut out,
            format!("{base}.imagePullSecrets[{i}]"),
            &format!("Secret {name:?}"),
        );
    }
    let name_of =
        |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    for (i, v) in array(spec, "volumes").iter().enumerate() {
        let at = format!("{base}.volumes[{i}]");
        for (source, name_key, kind) in [
            ("secret", "secretName", "Secret"),
            ("configMap", "name", "ConfigMap"),
            (
                "persistentVolumeClaim",
                "claimName",
                "PersistentVolumeClaim",
            ),
        ] {
            if let Some(src) = v.get(source) {
                let name = name_of(src, name_key);
                note(
                    &mut out,
                    format!("{at}.{source}"),
                    &format!("{kind} {name:?}"),
                );
            }
        }
        for (j, src) in v
            .pointer("/projected/sources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let src_at = format!("{at}.projected.sources[{j}]");
            for (key, what) in [
                ("secret", "a Secret"),
                ("configMap", "a ConfigMap"),
                ("clusterTrustBundle", "a ClusterTrustBundle"),
                ("serviceAccountToken", "a service account token"),
            ] {
                if src.get(key).is_some() {
                    note(&mut out, format!("{src_at}.{key}"), what);
                }
            }
        }
    }
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for (i, c) in array(spec, list).iter().enumerate() {
            let at = format!("{base}.{list}[{i}]");
            for (j, e) in array(c, "envFrom").iter().enumerate() {
                for (key, kind) in [("secretRef", "Secret"), ("configMapRef", "ConfigMap")] {
                    if let Some(r) = e.get(key) {
                        let name = name_of(r, "name");
                        note(
                            &mut out,
                            format!("{at}.envFrom[{j}].{key}"),
                            &format!("{kind} {name:?}"),
                        );
                    }
                }
            }
            for (j, e) in array(c, "env").iter().enumerate() {
                for (key, what) in [("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")] {
                    if let Some(r) = e.get("valueFrom").and_then(|v| v.get(key)) {
                        let name = name_of(r, "name");
                        note(
                            &mut out,
                            format!("{at}.env[{j}].valueFrom.{key}"),
                            &format!("{what} {name:?}"),
                        );
                    }
                }
            }
        }
    }
    out
}

fn array<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Several static Pods as one JSON value: the Pod itself, or a `v1` `List`.
pub fn json_of(pods: &[Value]) -> Value {
    match pods {
        [one] => one.clone(),
        _ => json!({"apiVersion": "v1", "kind": "List", "items": pods}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "agent", "namespace": "kube-system"},
            "spec": {"selector": {"matchLabels": {"app": "agent"}},
                "updateStrategy": {"type": "OnDelete"},
                "template": {"metadata": {"labels": {"app": "agent"}},
                    "spec": {"serviceAccountName": "agent", "nodeSelector": {"role": "edge"},
                        "containers": [{"name": "a", "image": "x",
                            "env": [{"name": "T", "valueFrom": {"secretKeyRef": {"name": "tok", "key": "t"}}}]}],
                        "volumes": [{"name": "c", "configMap": {"name": "cfg"}}, {"name": "h", "hostPath": {"path": "/"}}]}}}})
    }

    fn node(labels: &[(&str, &str)]) -> Node {
        Node {
            name: "n1".into(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn pod_is_named_bound_and_tolerant() {
        let p = static_pod(&ds(), &node(&[("role", "edge")])).unwrap();
        assert_eq!(p.pod["kind"], "Pod");
        assert_eq!(p.pod["metadata"]["name"], "agent-n1");
        assert_eq!(p.pod["metadata"]["namespace"], "kube-system");
        assert!(p.pod["metadata"].get("generateName").is_none());
        assert_eq!(p.pod["spec"]["nodeName"], "n1");
        assert!(p.pod["spec"].get("affinity").is_none());
        assert!(p.pod.get("updateStrategy").is_none());
        let tolerations = p.pod["spec"]["tolerations"].as_array().unwrap();
        assert!(
            tolerations
                .iter()
                .any(|t| t["key"] == "node.kubernetes.io/not-ready")
        );
        let paths: Vec<&str> = p.notes.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "spec.template.spec.serviceAccountName",
                "spec.template.spec.volumes[0].configMap",
                "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef"
            ]
        );
    }

    #[test]
    fn refused_where_the_controller_would_not_run() {
        match static_pod(&ds(), &node(&[])) {
            Err(StaticPodError::WouldNotRun(v)) => {
                assert_eq!(v.reasons[0].code, "node-selector-mismatch")
            }
            other => panic!("{other:?}"),
        }
    }
}
