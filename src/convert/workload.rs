//! One object in, one object out: workloads become apps/v1 DaemonSets, everything else passes.
//!
//! The rules follow what the API server would do with the fields: the Deployment-only fields
//! have no DaemonSet meaning and go, the selector and pod template stay as they are, and the
//! rollout strategy is translated into the nearest DaemonSet update strategy
//! (`pkg/apis/apps/validation/validation.go` `ValidateRollingUpdateDaemonSet`).

use super::options::{IntOrPercent, Options, StrategyType, is_zero_value};
use crate::manifest::is_empty_value;
use serde_json::{Map, Value, json};

/// A lossy or surprising decision, named by the field path in the INPUT object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub path: String,
    pub message: String,
}

fn note(notes: &mut Vec<Note>, path: &str, message: impl Into<String>) {
    notes.push(Note {
        path: path.to_string(),
        message: message.into(),
    });
}

/// What an object is to `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Deployment,
    ReplicaSet,
    ReplicationController,
    /// A DaemonSet of an older group version, migrated to apps/v1.
    OldDaemonSet {
        extensions: bool,
    },
    /// An apps/v1 DaemonSet: only the flags apply.
    DaemonSet,
    /// Anything else: passes through untouched.
    Other,
}

impl Source {
    /// Classifies an object by `apiVersion` and `kind`.
    pub fn of(value: &Value) -> Source {
        let api = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        match (kind, api) {
            ("Deployment", "apps/v1" | "apps/v1beta1" | "apps/v1beta2" | "extensions/v1beta1") => {
                Source::Deployment
            }
            ("ReplicaSet", "apps/v1" | "apps/v1beta2" | "extensions/v1beta1") => Source::ReplicaSet,
            ("ReplicationController", "v1") => Source::ReplicationController,
            ("DaemonSet", "apps/v1") => Source::DaemonSet,
            ("DaemonSet", "extensions/v1beta1") => Source::OldDaemonSet { extensions: true },
            ("DaemonSet", "apps/v1beta2") => Source::OldDaemonSet { extensions: false },
            _ => Source::Other,
        }
    }

    /// Whether the output of this object is a DaemonSet.
    pub fn yields_daemonset(self) -> bool {
        !matches!(self, Source::Other)
    }

    /// Whether the group version defaulted a missing selector from the template labels
    /// (`SetDefaults_Deployment` etc. in extensions/v1beta1 and apps/v1beta1,
    /// `SetDefaults_ReplicationController` in core/v1); apps/v1 and apps/v1beta2 require one.
    fn defaulted_selector(self, api: &str) -> bool {
        self == Source::ReplicationController
            || matches!(api, "extensions/v1beta1" | "apps/v1beta1")
    }
}

/// The converted object and the notes about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub value: Value,
    pub source: Source,
    pub notes: Vec<Note>,
}

/// Server-populated metadata: meaningless (or harmful) in a manifest that is applied anew.
const SERVER_METADATA: &[&str] = &[
    "creationTimestamp",
    "resourceVersion",
    "uid",
    "generation",
    "managedFields",
    "selfLink",
];
const SERVER_ANNOTATIONS: &[&str] = &[
    "deployment.kubernetes.io/revision",
    "kubectl.kubernetes.io/last-applied-configuration",
];

/// Converts one object and applies the flags to it when the result is a DaemonSet.
pub fn convert_object(value: &Value, opts: &Options) -> Converted {
    let source = Source::of(value);
    let mut notes = Vec::new();
    let Some(obj) = value.as_object() else {
        return Converted {
            value: value.clone(),
            source: Source::Other,
            notes,
        };
    };
    let mut out = match source {
        Source::Other => {
            return Converted {
                value: value.clone(),
                source,
                notes,
            };
        }
        Source::DaemonSet => obj.clone(),
        _ => to_daemonset(obj, source, &mut notes),
    };
    apply_options(&mut out, source, opts, &mut notes);
    Converted {
        value: Value::Object(out),
        source,
        notes,
    }
}

fn to_daemonset(
    obj: &Map<String, Value>,
    source: Source,
    notes: &mut Vec<Note>,
) -> Map<String, Value> {
    let api = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let mut out = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "apiVersion" => {
                out.insert(k.clone(), json!("apps/v1"));
            }
            "kind" => {
                out.insert(k.clone(), json!("DaemonSet"));
            }
            "metadata" => {
                out.insert(k.clone(), clean_metadata(v, notes));
            }
            "spec" => {
                out.insert(k.clone(), convert_spec(v, source, api, notes));
            }
            "status" => {
                if !is_empty_value(v) {
                    note(notes, "status", "dropped (the controller writes status)");
                }
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

fn clean_metadata(v: &Value, notes: &mut Vec<Note>) -> Value {
    let Some(m) = v.as_object() else {
        return v.clone();
    };
    let mut out = Map::new();
    for (k, v) in m {
        if SERVER_METADATA.contains(&k.as_str()) {
            if !v.is_null() {
                note(
                    notes,
                    &format!("metadata.{k}"),
                    "dropped (server-populated; the API server sets it anew)",
                );
            }
            continue;
        }
        if k == "annotations"
            && let Some(a) = v.as_object()
        {
            let mut kept = Map::new();
            for (ak, av) in a {
                if SERVER_ANNOTATIONS.contains(&ak.as_str()) {
                    note(
                        notes,
                        &format!("metadata.annotations[{ak}]"),
                        "dropped (written by the server or kubectl for the old object)",
                    );
                } else {
                    kept.insert(ak.clone(), av.clone());
                }
            }
            if kept.is_empty() && !a.is_empty() {
                continue;
            }
            out.insert(k.clone(), Value::Object(kept));
            continue;
        }
        out.insert(k.clone(), v.clone());
    }
    Value::Object(out)
}

fn convert_spec(v: &Value, source: Source, api: &str, notes: &mut Vec<Note>) -> Value {
    let Some(spec) = v.as_object() else {
        return v.clone();
    };
    let derived_selector = match spec.get("selector") {
        Some(s) if !s.is_null() => None,
        // Every workload gets the old defaulting: the labels are the only sensible selector.
        _ => spec
            .get("template")
            .and_then(|t| t.pointer("/metadata/labels"))
            .and_then(Value::as_object)
            .filter(|l| !l.is_empty())
            .map(|l| json!({"matchLabels": l})),
    };
    let mut out = Map::new();
    let mut saw_strategy = false;
    for (k, v) in spec {
        match (k.as_str(), source) {
            ("replicas", _) => note(
                notes,
                "spec.replicas",
                "dropped (a DaemonSet runs one Pod per eligible node)",
            ),
            ("strategy", Source::Deployment) => {
                saw_strategy = true;
                if let Some(us) = convert_strategy(Some(v), api, notes) {
                    out.insert("updateStrategy".to_string(), us);
                }
            }
            ("progressDeadlineSeconds" | "paused" | "rollbackTo", Source::Deployment) => note(
                notes,
                &format!("spec.{k}"),
                "dropped (a Deployment-only field; DaemonSets have no equivalent)",
            ),
            ("templateGeneration", Source::OldDaemonSet { .. }) => note(
                notes,
                "spec.templateGeneration",
                "dropped (apps/v1 DaemonSets track revisions with ControllerRevisions)",
            ),
            ("selector", _) if v.is_null() => {}
            ("selector", Source::ReplicationController) => {
                out.insert(k.clone(), json!({"matchLabels": v}));
            }
            ("template", _) => {
                if let Some(sel) = &derived_selector {
                    note(
                        notes,
                        "spec.selector",
                        if source.defaulted_selector(api) {
                            format!(
                                "missing: derived from the template labels, as {api} defaulted it"
                            )
                        } else {
                            format!(
                                "missing ({api} requires one): derived from the template labels, \
                                 as extensions/v1beta1 defaulted it"
                            )
                        },
                    );
                    out.insert("selector".to_string(), sel.clone());
                }
                out.insert(k.clone(), v.clone());
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    if source == Source::Deployment
        && !saw_strategy
        && let Some(us) = convert_strategy(None, api, notes)
    {
        out.insert("updateStrategy".to_string(), us);
    }
    if source == (Source::OldDaemonSet { extensions: true }) {
        default_on_delete(&mut out, notes);
    }
    Value::Object(out)
}

/// extensions/v1beta1 defaulted a DaemonSet's update strategy to OnDelete
/// (`pkg/apis/extensions/v1beta1/defaults.go` `SetDefaults_DaemonSet`); apps/v1 defaults to
/// RollingUpdate. Writing OnDelete keeps the old behaviour.
fn default_on_delete(spec: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    let msg = "type OnDelete written explicitly: extensions/v1beta1 defaulted it to OnDelete, \
               apps/v1 would default to RollingUpdate";
    match spec.get_mut("updateStrategy") {
        Some(Value::Object(us)) => {
            if us.get("type").is_none_or(Value::is_null) {
                let mut with_type = Map::new();
                with_type.insert("type".to_string(), json!("OnDelete"));
                with_type.extend(std::mem::take(us));
                *us = with_type;
                note(notes, "spec.updateStrategy", msg);
            }
        }
        Some(_) => {}
        None => {
            spec.insert("updateStrategy".to_string(), json!({"type": "OnDelete"}));
            note(notes, "spec.updateStrategy", msg);
        }
    }
}

/// A Deployment strategy as a DaemonSet update strategy; `None` leaves the DaemonSet default.
/// Unset fields take the Deployment defaults of the input's group version: 25%/25%, but
/// 1/1 in extensions/v1beta1 (`SetDefaults_Deployment` in each group version's defaults.go).
fn convert_strategy(strategy: Option<&Value>, api: &str, notes: &mut Vec<Note>) -> Option<Value> {
    let path = "spec.strategy";
    let empty = Map::new();
    let s = strategy.and_then(Value::as_object).unwrap_or(&empty);
    let ty = s
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("RollingUpdate");
    if ty == "Recreate" {
        note(
            notes,
            path,
            "Recreate becomes RollingUpdate with maxUnavailable 100%: all old Pods go before \
             new ones come, automatically, like Recreate (OnDelete would never roll)",
        );
        return Some(json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "100%"}}));
    }
    if ty != "RollingUpdate" {
        // An unknown type: pass it on for the validator to name.
        return strategy.cloned();
    }
    let ru = s.get("rollingUpdate").and_then(Value::as_object);
    let get = |k: &str| ru.and_then(|r| r.get(k)).filter(|v| !v.is_null());
    let default = if api == "extensions/v1beta1" {
        json!(1)
    } else {
        json!("25%")
    };
    let mu = get("maxUnavailable").unwrap_or(&default);
    let ms = get("maxSurge").unwrap_or(&default);
    if *mu == default && *ms == default {
        note(
            notes,
            path,
            format!(
                "the Deployment's default rolling update (maxUnavailable {d}, maxSurge {d}) \
                 cannot be kept (a DaemonSet cannot have both non-zero): the DaemonSet default \
                 applies (maxUnavailable 1, maxSurge 0)",
                d = plain(&default)
            ),
        );
        return None;
    }
    let (mu_out, ms_out) = match (is_zero_value(mu), is_zero_value(ms)) {
        (true, _) => {
            if get("maxSurge").is_none() {
                note(
                    notes,
                    path,
                    format!(
                        "maxSurge {} written explicitly (the Deployment default; a DaemonSet \
                         defaults to 0)",
                        plain(ms)
                    ),
                );
            }
            (mu.clone(), Some(ms.clone()))
        }
        (false, true) => (mu.clone(), get("maxSurge").cloned()),
        (false, false) => {
            note(
                notes,
                &format!("{path}.rollingUpdate.maxSurge"),
                format!(
                    "dropped: a DaemonSet cannot surge while Pods are unavailable; \
                     maxUnavailable {} kept",
                    plain(mu)
                ),
            );
            (mu.clone(), None)
        }
    };
    // Keep the input's key order where it had the keys.
    let mut new_ru = Map::new();
    for k in ru.into_iter().flat_map(|r| r.keys()) {
        match k.as_str() {
            "maxUnavailable" => {
                new_ru.insert(k.clone(), mu_out.clone());
            }
            "maxSurge" => {
                if let Some(ms) = &ms_out {
                    new_ru.insert(k.clone(), ms.clone());
                }
            }
            _ => {
                if let Some(v) = ru.and_then(|r| r.get(k)) {
                    new_ru.insert(k.clone(), v.clone());
                }
            }
        }
    }
    if !new_ru.contains_key("maxUnavailable") {
        new_ru.insert("maxUnavailable".to_string(), mu_out);
    }
    if let Some(ms) = ms_out
        && !new_ru.contains_key("maxSurge")
    {
        new_ru.insert("maxSurge".to_string(), ms);
    }
    let mut us = Map::new();
    for (k, v) in s {
        if k == "rollingUpdate" {
            us.insert(k.clone(), Value::Object(std::mem::take(&mut new_ru)));
        } else {
            us.insert(k.clone(), v.clone());
        }
    }
    if !new_ru.is_empty() {
        us.insert("rollingUpdate".to_string(), Value::Object(new_ru));
    }
    Some(Value::Object(us))
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Gets (creating when missing or not a mapping) the object under `key`.
fn object_at<'m>(m: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let slot = m.entry(key.to_string()).or_insert_with(|| json!({}));
    if !slot.is_object() {
        *slot = json!({});
    }
    match slot {
        Value::Object(o) => o,
        _ => unreachable!("just made an object"),
    }
}

/// The control-plane taint kubeadm sets (`node-role.kubernetes.io/control-plane:NoSchedule`).
const CONTROL_PLANE: &str = "node-role.kubernetes.io/control-plane";

/// Whether a toleration tolerates a taint with this key, no value and effect NoSchedule
/// (`core/v1/toleration.go` `ToleratesTaint`).
fn tolerates(t: &Value, key: &str) -> bool {
    let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("");
    let effect_ok = matches!(s("effect"), "" | "NoSchedule");
    let key_ok = s("key").is_empty() || s("key") == key;
    let op_ok = match s("operator") {
        "Exists" => true,
        "" | "Equal" => !s("key").is_empty() && s("value").is_empty(),
        _ => false,
    };
    effect_ok && key_ok && op_ok && (s("operator") == "Exists" || !s("key").is_empty())
}

fn apply_options(
    ds: &mut Map<String, Value>,
    source: Source,
    opts: &Options,
    notes: &mut Vec<Note>,
) {
    if let Some(name) = &opts.name {
        object_at(ds, "metadata").insert("name".to_string(), json!(name));
    }
    if let Some(ns) = &opts.namespace {
        object_at(ds, "metadata").insert("namespace".to_string(), json!(ns));
    }
    let touches_pod = !opts.node_selector.is_empty()
        || opts.tolerate_control_plane
        || opts.tolerate_all
        || opts.priority_class.is_some();
    let touches_strategy = opts.update_strategy.is_some()
        || opts.max_unavailable.is_some()
        || opts.max_surge.is_some();
    if !touches_pod && !touches_strategy {
        return;
    }
    let spec = object_at(ds, "spec");
    if touches_strategy {
        apply_strategy_options(spec, source, opts, notes);
    }
    if !touches_pod {
        return;
    }
    let pod = object_at(object_at(spec, "template"), "spec");
    if !opts.node_selector.is_empty() {
        let sel = object_at(pod, "nodeSelector");
        for (k, v) in &opts.node_selector {
            if let Some(old) = sel.get(k).and_then(Value::as_str)
                && old != v
            {
                note(
                    notes,
                    &format!("spec.template.spec.nodeSelector[{k}]"),
                    format!("{old:?} replaced by {v:?} (--node-selector)"),
                );
            }
            sel.insert(k.clone(), json!(v));
        }
    }
    let add_toleration =
        |pod: &mut Map<String, Value>, t: Value, covered: &dyn Fn(&Value) -> bool| {
            let slot = pod.entry("tolerations").or_insert_with(|| json!([]));
            if !slot.is_array() {
                *slot = json!([]);
            }
            if let Value::Array(list) = slot
                && !list.iter().any(covered)
            {
                list.push(t);
            }
        };
    if opts.tolerate_control_plane {
        add_toleration(
            pod,
            json!({"key": CONTROL_PLANE, "operator": "Exists", "effect": "NoSchedule"}),
            &|t| tolerates(t, CONTROL_PLANE),
        );
    }
    if opts.tolerate_all {
        add_toleration(pod, json!({"operator": "Exists"}), &|t| {
            t.get("operator").and_then(Value::as_str) == Some("Exists")
                && t.get("key")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .is_empty()
                && t.get("effect")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .is_empty()
        });
    }
    if let Some(pc) = &opts.priority_class {
        pod.insert("priorityClassName".to_string(), json!(pc));
    }
}

fn apply_strategy_options(
    spec: &mut Map<String, Value>,
    source: Source,
    opts: &Options,
    notes: &mut Vec<Note>,
) {
    // Notes name the field as the input has it, so they point at the right line.
    let path = if source == Source::Deployment {
        "spec.strategy"
    } else {
        "spec.updateStrategy"
    };
    if opts.update_strategy == Some(StrategyType::OnDelete) {
        let us = object_at(spec, "updateStrategy");
        if us.shift_remove("rollingUpdate").is_some() {
            note(
                notes,
                path,
                "rollingUpdate dropped (--update-strategy OnDelete)",
            );
        }
        us.insert("type".to_string(), json!("OnDelete"));
        return;
    }
    if opts.update_strategy.is_none() && opts.max_unavailable.is_none() && opts.max_surge.is_none()
    {
        return;
    }
    let us = object_at(spec, "updateStrategy");
    if us.get("type").and_then(Value::as_str) == Some("OnDelete") {
        note(
            notes,
            path,
            "OnDelete replaced by RollingUpdate (--max-unavailable/--max-surge/--update-strategy)",
        );
    }
    if us.contains_key("type") || opts.update_strategy.is_some() {
        us.insert("type".to_string(), json!("RollingUpdate"));
    }
    if opts.max_unavailable.is_none() && opts.max_surge.is_none() {
        return;
    }
    let ru = object_at(us, "rollingUpdate");
    let set = |ru: &mut Map<String, Value>, k: &str, v: IntOrPercent| {
        ru.insert(k.to_string(), v.to_value());
    };
    match (opts.max_unavailable, opts.max_surge) {
        (Some(u), Some(s)) => {
            set(ru, "maxUnavailable", u);
            set(ru, "maxSurge", s);
        }
        (Some(u), None) => {
            set(ru, "maxUnavailable", u);
            if ru
                .get("maxSurge")
                .is_some_and(|v| !is_zero_value(v) && !v.is_null())
            {
                ru.shift_remove("maxSurge");
                note(
                    notes,
                    path,
                    "maxSurge dropped: --max-unavailable is non-zero and a DaemonSet cannot \
                     have both",
                );
            }
        }
        (None, Some(s)) => {
            let mu_zero = ru.get("maxUnavailable").is_some_and(is_zero_value);
            if !s.is_zero() && !mu_zero {
                set(ru, "maxUnavailable", IntOrPercent::Int(0));
                set(ru, "maxSurge", s);
                note(
                    notes,
                    path,
                    "maxUnavailable set to 0: --max-surge is non-zero and a DaemonSet cannot \
                     have both",
                );
            } else if s.is_zero() && mu_zero {
                set(ru, "maxSurge", s);
                ru.shift_remove("maxUnavailable");
                note(
                    notes,
                    path,
                    "maxUnavailable 0 dropped (default 1): --max-surge is 0 and both cannot be 0",
                );
            } else {
                set(ru, "maxSurge", s);
            }
        }
        (None, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment(strategy: Value) -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "creationTimestamp": null,
                         "annotations": {"deployment.kubernetes.io/revision": "3"}},
            "spec": {
                "replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                "strategy": strategy, "minReadySeconds": 5,
                "template": {"metadata": {"labels": {"app": "web"}},
                             "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
            },
            "status": {"replicas": 3}
        })
    }

    fn strategy_of(strategy: Value) -> (Option<Value>, Vec<Note>) {
        let c = convert_object(&deployment(strategy), &Options::default());
        (c.value["spec"].get("updateStrategy").cloned(), c.notes)
    }

    #[test]
    fn deployment_becomes_daemonset() {
        let c = convert_object(&deployment(json!({})), &Options::default());
        let v = &c.value;
        assert_eq!(v["kind"], "DaemonSet");
        assert_eq!(v["apiVersion"], "apps/v1");
        assert_eq!(v["metadata"], json!({"name": "web"}));
        assert!(v.get("status").is_none());
        assert!(v["spec"].get("replicas").is_none());
        assert_eq!(v["spec"]["minReadySeconds"], 5);
        let keys: Vec<_> = v["spec"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["selector", "minReadySeconds", "template"]);
        let paths: Vec<_> = c.notes.iter().map(|n| n.path.as_str()).collect();
        assert!(paths.contains(&"spec.replicas"), "{paths:?}");
        assert!(paths.contains(&"status"));
        assert!(paths.contains(&"metadata.annotations[deployment.kubernetes.io/revision]"));
    }

    #[test]
    fn strategies() {
        assert_eq!(strategy_of(json!({})).0, None);
        assert_eq!(strategy_of(json!({"type": "RollingUpdate"})).0, None);
        assert_eq!(
            strategy_of(json!({"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})).0,
            None
        );
        assert_eq!(
            strategy_of(json!({"type": "Recreate"})).0,
            Some(json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "100%"}}))
        );
        assert_eq!(
            strategy_of(json!({"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}})).0,
            Some(json!({"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}))
        );
        let (s, notes) =
            strategy_of(json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "10%"}}));
        assert_eq!(
            s,
            Some(json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%"}}))
        );
        assert!(
            notes
                .iter()
                .any(|n| n.path == "spec.strategy.rollingUpdate.maxSurge")
        );
        assert_eq!(
            strategy_of(json!({"rollingUpdate": {"maxUnavailable": "0%"}})).0,
            Some(json!({"rollingUpdate": {"maxUnavailable": "0%", "maxSurge": "25%"}}))
        );
    }

    #[test]
    fn extensions_deployments_default_to_one_and_one() {
        let mut d = deployment(json!({"rollingUpdate": {"maxUnavailable": 0}}));
        d["apiVersion"] = json!("extensions/v1beta1");
        let c = convert_object(&d, &Options::default());
        assert_eq!(
            c.value["spec"]["updateStrategy"],
            json!({"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}})
        );
        d["spec"]["strategy"] = json!({"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}});
        let c = convert_object(&d, &Options::default());
        assert!(c.value["spec"].get("updateStrategy").is_none());
    }

    #[test]
    fn replication_controller_and_old_daemonset() {
        let rc = json!({"apiVersion": "v1", "kind": "ReplicationController",
            "metadata": {"name": "rc"},
            "spec": {"replicas": 2, "selector": {"app": "rc"},
                     "template": {"metadata": {"labels": {"app": "rc"}}, "spec": {}}}});
        let c = convert_object(&rc, &Options::default());
        assert_eq!(
            c.value["spec"]["selector"],
            json!({"matchLabels": {"app": "rc"}})
        );

        let old = json!({"apiVersion": "extensions/v1beta1", "kind": "DaemonSet",
            "metadata": {"name": "ds"},
            "spec": {"templateGeneration": 4,
                     "template": {"metadata": {"labels": {"app": "ds"}}, "spec": {}}}});
        let c = convert_object(&old, &Options::default());
        assert_eq!(c.value["apiVersion"], "apps/v1");
        assert_eq!(
            c.value["spec"]["selector"],
            json!({"matchLabels": {"app": "ds"}})
        );
        assert_eq!(
            c.value["spec"]["updateStrategy"],
            json!({"type": "OnDelete"})
        );
        assert!(c.value["spec"].get("templateGeneration").is_none());
        assert!(c.notes.iter().any(|n| n.path == "spec.templateGeneration"));
    }

    #[test]
    fn a_missing_selector_comes_from_the_template_labels() {
        let mut d = deployment(json!({}));
        d["spec"].as_object_mut().unwrap().shift_remove("selector");
        let c = convert_object(&d, &Options::default());
        assert_eq!(
            c.value["spec"]["selector"],
            json!({"matchLabels": {"app": "web"}})
        );
        let n = c.notes.iter().find(|n| n.path == "spec.selector").unwrap();
        assert!(n.message.contains("apps/v1 requires one"), "{}", n.message);
    }

    #[test]
    fn flags_apply_to_existing_daemonsets_too() {
        let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "a"},
            "spec": {"template": {"spec": {"tolerations": [{"operator": "Exists"}]}},
                     "updateStrategy": {"rollingUpdate": {"maxUnavailable": 2}}}});
        let opts = Options {
            tolerate_control_plane: true,
            tolerate_all: true,
            node_selector: vec![("kubernetes.io/os".into(), "linux".into())],
            max_surge: Some(IntOrPercent::Int(1)),
            name: Some("b".into()),
            ..Default::default()
        };
        let c = convert_object(&ds, &opts);
        let pod = &c.value["spec"]["template"]["spec"];
        assert_eq!(pod["tolerations"], json!([{"operator": "Exists"}]));
        assert_eq!(pod["nodeSelector"]["kubernetes.io/os"], "linux");
        assert_eq!(c.value["metadata"]["name"], "b");
        assert_eq!(
            c.value["spec"]["updateStrategy"]["rollingUpdate"],
            json!({"maxUnavailable": 0, "maxSurge": 1})
        );
        let other = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}});
        assert_eq!(convert_object(&other, &opts).value, other);
    }

    #[test]
    fn control_plane_toleration_equivalents() {
        let cp = |t: Value| tolerates(&t, CONTROL_PLANE);
        assert!(cp(json!({"operator": "Exists"})));
        assert!(cp(json!({"key": CONTROL_PLANE, "effect": "NoSchedule"})));
        assert!(cp(json!({"key": CONTROL_PLANE, "operator": "Exists"})));
        assert!(!cp(json!({"key": CONTROL_PLANE, "effect": "NoExecute"})));
        assert!(!cp(json!({"key": "other", "operator": "Exists"})));
        assert!(!cp(json!({"effect": "NoSchedule"})));
    }
}
