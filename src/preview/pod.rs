//! The Pod the DaemonSet controller would create for a node.

use serde_json::{Map, Value, json};

use crate::inventory::Node;
use crate::k8s::DaemonSet;
use crate::k8s::taint::daemon_tolerations;

/// The Pod as `syncNodes` builds it: the template with the daemon tolerations
/// (`CreatePodTemplate` -> `AddOrUpdateDaemonPodTolerations`), its required node affinity
/// replaced by a `matchFields` `metadata.name In [node]` term
/// (`ReplaceDaemonSetPodNodeNameNodeAffinity`), and the metadata `GetPodFromTemplate` copies
/// (labels, annotations, finalizers, `generateName: <name>-`) plus the namespace. Not rendered:
/// ownerReferences and the `controller-revision-hash` label, which depend on the live object.
pub fn render_pod(ds: &DaemonSet, node: &Node) -> Value {
    let template = &ds.template;
    let mut spec = match template.get("spec") {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    replace_node_affinity(&mut spec, &node.name);
    add_daemon_tolerations(&mut spec, ds.pod.host_network);

    let mut metadata = Map::new();
    metadata.insert(
        "generateName".into(),
        Value::String(format!("{}-", ds.name)),
    );
    if !ds.namespace.is_empty() {
        metadata.insert("namespace".into(), Value::String(ds.namespace.clone()));
    }
    if let Some(Value::Object(tm)) = template.get("metadata") {
        for key in ["labels", "annotations", "finalizers"] {
            if let Some(v) = tm.get(key).filter(|v| !v.is_null()) {
                metadata.insert(key.into(), v.clone());
            }
        }
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec})
}

/// `ReplaceDaemonSetPodNodeNameNodeAffinity` on the JSON form: other affinity parts (preferred
/// terms, pod affinity) are kept; the required node selector terms are replaced. Missing (or
/// mistyped) levels are created, as the Go function allocates nil structs.
fn replace_node_affinity(spec: &mut Map<String, Value>, node_name: &str) -> Option<()> {
    let terms = json!([{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}]);
    let affinity = child(spec, "affinity")?;
    let node_affinity = child(affinity, "nodeAffinity")?;
    let required = child(
        node_affinity,
        "requiredDuringSchedulingIgnoredDuringExecution",
    )?;
    required.insert("nodeSelectorTerms".into(), terms);
    Some(())
}

/// The object under `key`, created when missing or not an object.
fn child<'m>(map: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Map<String, Value>> {
    let slot = map.entry(key).or_insert(Value::Null);
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

/// `AddOrUpdateTolerationInPodSpec` for each daemon toleration: entries with the same key,
/// operator, value and effect are replaced, otherwise the toleration is appended.
fn add_daemon_tolerations(spec: &mut Map<String, Value>, host_network: bool) {
    let mut list = match spec.remove("tolerations") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let field = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    for t in daemon_tolerations(host_network) {
        let rendered = json!({"key": t.key, "operator": t.operator, "effect": t.effect});
        let mut updated = false;
        for existing in list.iter_mut() {
            if field(existing, "key") == t.key
                && field(existing, "operator") == t.operator
                && field(existing, "value") == t.value
                && field(existing, "effect") == t.effect
            {
                *existing = rendered.clone();
                updated = true;
            }
        }
        if !updated {
            list.push(rendered);
        }
    }
    spec.insert("tolerations".into(), Value::Array(list));
}
