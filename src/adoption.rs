//! What happens to the Pods of a DaemonSet deleted with `kubectl delete --cascade=orphan` when
//! a new DaemonSet is created in its place.
//!
//! Orphaned Pods lose their controller reference and keep running. The DaemonSet controller
//! lists every Pod of the new DaemonSet's namespace and claims the orphans its selector matches
//! (`pkg/controller/daemon/daemon_controller.go` `getDaemonPods` ->
//! `pkg/controller/controller_ref_manager.go` `PodControllerRefManager.ClaimPods`: adopt when
//! `selector.Matches(pod.Labels)` and the Pod has no controller). Orphans it does not claim are
//! never deleted by it: the node then runs the old Pod beside the new one.
//!
//! An adopted Pod is current when `IsPodUpdated` (`pkg/controller/daemon/util`) says so: its
//! `controller-revision-hash` label equals the hash of the new template (identical templates
//! hash the same), or its `pod-template-generation` label equals the new DaemonSet's template
//! generation - which starts at 1 on create, so the Pods of an old DaemonSet whose template
//! never changed (annotation `deprecated.daemonset.template.generation: "1"`) count as current
//! even when the new template differs. A RollingUpdate DaemonSet replaces the Pods that are not
//! current; OnDelete leaves them until they are deleted.

use serde_json::Value;

use crate::k8s::LabelSelector;
use crate::rules::apply_defaults;

/// The annotation the API server keeps an apps/v1 DaemonSet's template generation in.
pub const TEMPLATE_GENERATION: &str = "deprecated.daemonset.template.generation";

/// What the new DaemonSet does with the orphaned Pods once adopted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Not adopted: the orphans keep running beside the new Pods.
    NotAdopted,
    /// Same template (after defaults): the Pods stay, nothing restarts.
    KeptIdentical,
    /// Template changed, OnDelete: the Pods stay until someone deletes them.
    KeptUntilDeleted,
    /// Template changed, but the orphans' `pod-template-generation` 1 matches the new
    /// DaemonSet's: counted as current, not replaced.
    KeptByTemplateGeneration,
    /// Template changed, RollingUpdate: the Pods are replaced. `generation_known` is false when
    /// the old object does not say its template generation (then the previous case may apply).
    Replaced { generation_known: bool },
}

/// The verdict for one old DaemonSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// `namespace/name` of the old DaemonSet.
    pub old: String,
    /// Index (in the `new` list) of the DaemonSet that adopts, or that was compared (same
    /// namespace/name) when none adopts; `None` when no new DaemonSet is in that namespace.
    pub new: Option<usize>,
    pub fate: Fate,
    /// Field paths of the template that differ (at most a few), for the message.
    pub changed: Vec<String>,
    /// One-line explanation with the values.
    pub message: String,
}

impl Assessment {
    /// Whether the orphans would be left unowned.
    pub fn orphans_left(&self) -> bool {
        self.fate == Fate::NotAdopted
    }
}

fn text<'v>(v: &'v Value, pointer: &str) -> &'v str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn id(v: &Value) -> String {
    let (ns, name) = (text(v, "/metadata/namespace"), text(v, "/metadata/name"));
    if ns.is_empty() {
        name.to_string()
    } else {
        format!("{ns}/{name}")
    }
}

fn is_daemonset(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("DaemonSet")
}

/// The labels the orphaned Pods carry that a user controls: the old template's.
fn pod_labels(old: &Value) -> std::collections::BTreeMap<String, String> {
    old.pointer("/spec/template/metadata/labels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn selector(new: &Value) -> Option<LabelSelector> {
    new.pointer("/spec/selector")
        .and_then(|s| serde_json::from_value(s.clone()).ok())
}

/// Whether `new` claims Pods with the old template's labels (same namespace; a missing or
/// unparsable selector claims nothing, as `LabelSelectorAsSelector` fails).
pub fn adopts(old: &Value, new: &Value) -> bool {
    text(old, "/metadata/namespace") == text(new, "/metadata/namespace")
        && selector(new).is_some_and(|s| s.matches(&pod_labels(old)))
}

/// Assesses every old DaemonSet against the new ones: paired by namespace/name, or else by the
/// first new DaemonSet of the namespace that adopts its Pods.
pub fn assess_all(old: &[&Value], new: &[&Value]) -> Vec<Assessment> {
    old.iter()
        .filter(|o| is_daemonset(o))
        .map(|o| {
            let same = new.iter().position(|n| is_daemonset(n) && id(n) == id(o));
            let adopter = match same {
                Some(i) if adopts(o, new[i]) => Some(i),
                _ => new.iter().position(|n| is_daemonset(n) && adopts(o, n)),
            };
            match adopter.or(same) {
                Some(i) => assess(o, new[i], i),
                None => Assessment {
                    old: id(o),
                    new: None,
                    fate: Fate::NotAdopted,
                    changed: Vec::new(),
                    message: format!(
                        "no DaemonSet of the input adopts the Pods orphaned by DaemonSet {}: \
                         they keep running unowned (labels {})",
                        id(o),
                        labels_text(&pod_labels(o))
                    ),
                },
            }
        })
        .collect()
}

/// The verdict for one pair; `index` is the new DaemonSet's index, kept in the result.
pub fn assess(old: &Value, new: &Value, index: usize) -> Assessment {
    let labels = pod_labels(old);
    let who = id(new);
    let base = Assessment {
        old: id(old),
        new: Some(index),
        fate: Fate::NotAdopted,
        changed: Vec::new(),
        message: String::new(),
    };
    if !adopts(old, new) {
        let sel = match selector(new) {
            Some(s) if s.match_expressions.is_empty() => labels_text(&s.match_labels),
            _ => new
                .pointer("/spec/selector")
                .map_or_else(|| "none".to_string(), |s| s.to_string()),
        };
        return Assessment {
            message: format!(
                "DaemonSet {who} does not adopt the Pods orphaned by DaemonSet {}: its selector \
                 {sel} does not match their labels {}; they keep running beside the new Pods \
                 (two Pods per node)",
                base.old,
                labels_text(&labels)
            ),
            ..base
        };
    }
    let changed = template_changes(old, new);
    let defaulted = apply_defaults(new);
    let strategy = text(&defaulted, "/spec/updateStrategy/type");
    let generation = old
        .pointer(&format!(
            "/metadata/annotations/{}",
            TEMPLATE_GENERATION.replace('/', "~1")
        ))
        .and_then(Value::as_str)
        .map(str::to_string);
    let adopted = format!(
        "DaemonSet {who} adopts the Pods orphaned by DaemonSet {} (its selector matches their labels {})",
        base.old,
        labels_text(&labels)
    );
    let (fate, tail) = if changed.is_empty() {
        (
            Fate::KeptIdentical,
            "the templates are identical after defaults, so the Pods are kept: nothing restarts"
                .to_string(),
        )
    } else if strategy == "OnDelete" {
        (
            Fate::KeptUntilDeleted,
            format!(
                "the template changed ({}) and updateStrategy is OnDelete: the Pods keep the old template until deleted",
                changed.join(", ")
            ),
        )
    } else if generation.as_deref() == Some("1") {
        (
            Fate::KeptByTemplateGeneration,
            format!(
                "the template changed ({}), but the Pods carry pod-template-generation 1 like every \
                 new DaemonSet, so IsPodUpdated counts them as current and RollingUpdate will not \
                 replace them: delete them to roll",
                changed.join(", ")
            ),
        )
    } else {
        let known = generation.is_some();
        let mut t = format!(
            "the template changed ({}): RollingUpdate replaces the Pods (their controller-revision-hash differs)",
            changed.join(", ")
        );
        if !known {
            t.push_str(&format!(
                "; unless the old DaemonSet's template never changed ({TEMPLATE_GENERATION}: \"1\", \
                 absent from this file): then they count as current and stay"
            ));
        }
        (
            Fate::Replaced {
                generation_known: known,
            },
            t,
        )
    };
    Assessment {
        fate,
        changed,
        message: format!("{adopted}; {tail}"),
        ..base
    }
}

fn labels_text(labels: &std::collections::BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return "{}".into();
    }
    let parts: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{{{}}}", parts.join(","))
}

/// Paths (under `spec.template`) where the two templates differ after defaults, ignoring the
/// labels the controller adds and empty values (the hash is over Go structs, where an absent
/// and an empty field are the same). At most three, then `...`.
pub fn template_changes(old: &Value, new: &Value) -> Vec<String> {
    let norm = |v: &Value| {
        let mut t = apply_defaults(v)
            .pointer("/spec/template")
            .cloned()
            .unwrap_or(Value::Null);
        if let Some(meta) = t.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.remove("creationTimestamp");
            if let Some(labels) = meta.get_mut("labels").and_then(Value::as_object_mut) {
                labels.remove("controller-revision-hash");
                labels.remove("pod-template-generation");
            }
        }
        prune(&mut t);
        t
    };
    let mut out = Vec::new();
    diff("spec.template", &norm(old), &norm(new), &mut out);
    if out.len() > 3 {
        out.truncate(3);
        out.push("...".into());
    }
    out
}

/// Drops nulls, empty objects and empty arrays, recursively.
fn prune(v: &mut Value) -> bool {
    match v {
        Value::Null => false,
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                let keep = m.get_mut(&k).is_some_and(prune);
                if !keep {
                    m.remove(&k);
                }
            }
            !m.is_empty()
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                prune(x);
            }
            !a.is_empty()
        }
        _ => true,
    }
}

fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    if a == b || out.len() > 3 {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let null = Value::Null;
                // API style: map keys that are not plain field names go in brackets.
                let child = if k.contains(['.', '/']) {
                    format!("{path}[{k}]")
                } else {
                    format!("{path}.{k}")
                };
                diff(
                    &child,
                    x.get(k).unwrap_or(&null),
                    y.get(k).unwrap_or(&null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), p, q, out);
            }
        }
        _ => out.push(path.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ds(selector: Value, labels: Value, image: &str) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "agent", "namespace": "ns"},
            "spec": {"selector": selector,
                "template": {"metadata": {"labels": labels},
                    "spec": {"containers": [{"name": "a", "image": image}]}}}})
    }

    #[test]
    fn same_template_keeps_the_pods() {
        let old = ds(
            json!({"matchLabels": {"app": "a"}}),
            json!({"app": "a"}),
            "x:1",
        );
        let mut live = old.clone();
        live["spec"]["template"]["metadata"]["creationTimestamp"] = Value::Null;
        live["spec"]["template"]["spec"]["containers"][0]["resources"] = json!({});
        let a = assess_all(&[&live], &[&old]);
        assert_eq!(a[0].fate, Fate::KeptIdentical, "{a:?}");
    }

    #[test]
    fn a_narrower_selector_leaves_orphans() {
        let old = ds(
            json!({"matchLabels": {"app": "a"}}),
            json!({"app": "a"}),
            "x:1",
        );
        let new = ds(
            json!({"matchLabels": {"app": "a", "v": "2"}}),
            json!({"app": "a", "v": "2"}),
            "x:1",
        );
        let a = assess_all(&[&old], &[&new]);
        assert!(a[0].orphans_left());
        assert!(
            a[0].message.contains("two Pods per node"),
            "{}",
            a[0].message
        );
    }

    #[test]
    fn changed_template_rolls_unless_on_delete_or_generation_one() {
        let old = ds(
            json!({"matchLabels": {"app": "a"}}),
            json!({"app": "a"}),
            "x:1",
        );
        let new = ds(
            json!({"matchLabels": {"app": "a"}}),
            json!({"app": "a"}),
            "x:2",
        );
        let a = assess(&old, &new, 0);
        assert_eq!(
            a.fate,
            Fate::Replaced {
                generation_known: false
            }
        );
        assert_eq!(a.changed, ["spec.template.spec.containers[0].image"]);
        let mut gen1 = old.clone();
        gen1["metadata"]["annotations"] = json!({TEMPLATE_GENERATION: "1"});
        assert_eq!(assess(&gen1, &new, 0).fate, Fate::KeptByTemplateGeneration);
        let mut gen3 = old.clone();
        gen3["metadata"]["annotations"] = json!({TEMPLATE_GENERATION: "3"});
        assert_eq!(
            assess(&gen3, &new, 0).fate,
            Fate::Replaced {
                generation_known: true
            }
        );
        let mut on_delete = new.clone();
        on_delete["spec"]["updateStrategy"] = json!({"type": "OnDelete"});
        assert_eq!(assess(&old, &on_delete, 0).fate, Fate::KeptUntilDeleted);
    }

    #[test]
    fn another_name_may_adopt() {
        let old = ds(
            json!({"matchLabels": {"app": "a"}}),
            json!({"app": "a"}),
            "x:1",
        );
        let mut new = old.clone();
        new["metadata"]["name"] = json!("agent-v2");
        let a = assess_all(&[&old], &[&new]);
        assert_eq!(a[0].new, Some(0));
        assert!(!a[0].orphans_left());
        let mut elsewhere = new.clone();
        elsewhere["metadata"]["namespace"] = json!("other");
        assert!(assess_all(&[&old], &[&elsewhere])[0].orphans_left());
    }
}
