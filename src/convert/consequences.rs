//! What converting a workload breaks in the other objects of the same run: a
//! HorizontalPodAutoscaler that scaled it, a PodDisruptionBudget that needs its scale
//! subresource, a ReadWriteOnce claim its Pods now mount on every node. Warnings at the
//! object that breaks, never refusals: the DaemonSet itself is fine.

use super::file::{Level, Message};
use crate::k8s::{LabelSelector, Labels};
use crate::manifest::{Document, Object, value_objects};
use serde_json::Value;
use std::collections::HashMap;

/// One input file of a `convert` run: its display name, its documents as read, and the
/// documents as converted (in the same order).
pub struct Run<'a> {
    pub docs: &'a [Document],
    pub converted: &'a [Value],
}

/// A workload of the run that became a DaemonSet.
struct Became {
    kind: String,
    namespace: String,
    name: String,
    labels: Labels,
    claims: Vec<String>,
}

fn namespace_of(v: &Value) -> String {
    let ns = v
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .and_then(Value::as_str)
        .unwrap_or("");
    crate::validate::namespace_or_default(ns).to_string()
}

/// The kinds a conversion can break.
const DEPENDENT_KINDS: &[&str] = &[
    "HorizontalPodAutoscaler",
    "PersistentVolumeClaim",
    "PodDisruptionBudget",
];

/// Whether `obj` is of a kind [`consequences`] looks at: without one in the run there is
/// nothing to warn about.
pub fn may_depend(obj: &Value) -> bool {
    obj.get("kind")
        .and_then(Value::as_str)
        .is_some_and(|k| DEPENDENT_KINDS.contains(&k))
}

/// The warnings, as `(file index, message)`, in file and reading order.
pub fn consequences(files: &[Run<'_>]) -> Vec<(usize, Message)> {
    let mut became: Vec<Became> = Vec::new();
    for f in files {
        for (doc, out) in f.docs.iter().zip(f.converted) {
            for (obj, (_, new)) in doc.objects().iter().zip(value_objects(out)) {
                let was = obj.kind();
                if was == "DaemonSet"
                    || new.get("kind").and_then(Value::as_str) != Some("DaemonSet")
                {
                    continue;
                }
                let template = obj.value.get("spec").and_then(|s| s.get("template"));
                let labels: Labels = template
                    .and_then(|t| t.get("metadata"))
                    .and_then(|m| m.get("labels"))
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.iter()
                            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                            .collect()
                    })
                    .unwrap_or_default();
                let claims = template
                    .and_then(|t| t.get("spec"))
                    .and_then(|s| s.get("volumes"))
                    .and_then(Value::as_array)
                    .map(|vs| {
                        vs.iter()
                            .filter_map(|v| {
                                v.get("persistentVolumeClaim")?
                                    .get("claimName")?
                                    .as_str()
                                    .map(str::to_string)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                became.push(Became {
                    kind: was.to_string(),
                    namespace: namespace_of(obj.value),
                    name: obj.name().to_string(),
                    labels,
                    claims,
                });
            }
        }
    }
    if became.is_empty() {
        return Vec::new();
    }
    let by_name: HashMap<(&str, &str, &str), &Became> = became
        .iter()
        .map(|b| ((b.namespace.as_str(), b.kind.as_str(), b.name.as_str()), b))
        .collect();
    let mut claimed: HashMap<(&str, &str), &Became> = HashMap::new();
    for b in &became {
        for c in &b.claims {
            claimed
                .entry((b.namespace.as_str(), c.as_str()))
                .or_insert(b);
        }
    }
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        for doc in f.docs {
            for obj in doc.objects() {
                let ns = namespace_of(obj.value);
                let spec = obj.value.get("spec");
                let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
                match obj.kind() {
                    "HorizontalPodAutoscaler" => {
                        let target = spec.and_then(|s| s.get("scaleTargetRef"));
                        let (kind, name) = (
                            s(target.and_then(|t| t.get("kind"))),
                            s(target.and_then(|t| t.get("name"))),
                        );
                        if let Some(b) = by_name.get(&(ns.as_str(), kind.as_str(), name.as_str())) {
                            out.push((
                                i,
                                warn(
                                    &obj,
                                    "spec.scaleTargetRef.name",
                                    format!(
                                        "{} scales {}/{}/{}, which this run converts to a DaemonSet: a DaemonSet has no replicas to scale, so the autoscaler finds nothing; delete it (or keep the Deployment)",
                                        obj.describe(),
                                        b.kind,
                                        b.namespace,
                                        b.name
                                    ),
                                ),
                            ));
                        }
                    }
                    "PersistentVolumeClaim" => {
                        let modes: Vec<String> = spec
                            .and_then(|s| s.get("accessModes"))
                            .and_then(Value::as_array)
                            .map(|m| {
                                m.iter()
                                    .filter_map(|x| x.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                        let single = modes
                            .iter()
                            .find(|m| matches!(m.as_str(), "ReadWriteOnce" | "ReadWriteOncePod"));
                        if let (Some(mode), Some(b)) =
                            (single, claimed.get(&(ns.as_str(), obj.name())))
                        {
                            out.push((
                                i,
                                warn(
                                    &obj,
                                    "spec.accessModes",
                                    format!(
                                        "{} is {mode} and mounted by {}/{}/{}, which this run converts to a DaemonSet: the claim can be mounted on one node only, so the Pods on every other node will not start",
                                        obj.describe(),
                                        b.kind,
                                        b.namespace,
                                        b.name
                                    ),
                                ),
                            ));
                        }
                    }
                    "PodDisruptionBudget" => {
                        let needs_scale = spec.is_some_and(|s| {
                            s.get("maxUnavailable").is_some_and(|v| !v.is_null())
                                || s.get("minAvailable")
                                    .and_then(Value::as_str)
                                    .is_some_and(|v| v.ends_with('%'))
                        });
                        let selector: Option<LabelSelector> = spec
                            .and_then(|s| s.get("selector"))
                            .and_then(|s| serde_json::from_value(s.clone()).ok());
                        let hit = selector.and_then(|sel| {
                            became
                                .iter()
                                .find(|b| b.namespace == ns && sel.matches(&b.labels))
                        });
                        if let (true, Some(b)) = (needs_scale, hit) {
                            let field = if spec.and_then(|s| s.get("maxUnavailable")).is_some() {
                                "spec.maxUnavailable"
                            } else {
                                "spec.minAvailable"
                            };
                            out.push((
                                i,
                                warn(
                                    &obj,
                                    field,
                                    format!(
                                        "{} selects the Pods of {}/{}/{}, which this run converts to a DaemonSet: a maxUnavailable or a percentage needs the owner's scale subresource, which DaemonSets lack, so evictions of these Pods are refused; use an integer minAvailable",
                                        obj.describe(),
                                        b.kind,
                                        b.namespace,
                                        b.name
                                    ),
                                ),
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

fn warn(obj: &Object<'_>, field: &str, text: String) -> Message {
    let loc = obj.locate(field);
    let p = loc.key.unwrap_or(loc.value);
    Message {
        level: Level::Warning,
        line: p.line,
        column: p.column,
        field: field.to_string(),
        text,
    }
}
