//! Server-side defaulting for apps/v1 workloads and their pod templates, applied before
//! validation as the API server does.
//!
//! Mirrors `SetDefaults_DaemonSet`, `SetDefaults_Deployment`, `SetDefaults_ReplicaSet`,
//! `SetDefaults_StatefulSet` (`pkg/apis/apps/v1/defaults.go`) and `SetDefaults_PodSpec`,
//! `SetDefaults_Container`, `SetDefaults_ContainerPort` (`pkg/apis/core/v1/defaults.go`).
//! Objects of the legacy groups (`extensions/v1beta1`, `apps/v1beta2`) get the apps/v1 defaults:
//! dsctl checks them as the apps/v1 object they must become.

use super::Kind;
use serde_json::{Map, Value, json};

/// The object with the server's defaults filled in; fields already set (even to a wrong type)
/// are left alone. Objects that are not apps workloads come back unchanged.
pub fn apply_defaults(obj: &Value) -> Value {
    let mut out = obj.clone();
    default_in_place(&mut out);
    out
}

/// [`apply_defaults`] on the object itself, for a caller that no longer needs it as written.
pub fn default_in_place(out: &mut Value) {
    let Some(kind) = Kind::of(out) else {
        return;
    };
    // `Spec` is an embedded struct in Go: an absent (or null) `spec` decodes as an empty one and
    // gets every default an empty one gets.
    let Some(spec) = out.as_object_mut().and_then(|m| child(m, "spec")) else {
        return;
    };
    match kind {
        Kind::DaemonSet => daemonset(spec),
        Kind::Deployment => deployment(spec),
        Kind::ReplicaSet => {
            set(spec, "replicas", json!(1));
        }
        Kind::StatefulSet => statefulset(spec),
    }
    // The template and its pod spec are embedded structs in Go, so their defaults apply even
    // when they are not written.
    if let Some(pod) = child(spec, "template").and_then(|t| child(t, "spec")) {
        pod_spec(pod);
    }
}

/// Sets `key` when it is absent, null or an empty string (Go defaulting tests `== ""` for
/// string fields and `== nil` for pointers, so a written `""` is defaulted too).
fn set(m: &mut Map<String, Value>, key: &str, v: Value) {
    if m.get(key)
        .is_none_or(|x| x.is_null() || x.as_str() == Some(""))
    {
        m.insert(key.to_string(), v);
    }
}

/// The object at `key`, created empty when absent or null; `None` when it has another type.
fn child<'a>(m: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    set(m, key, json!({}));
    m.get_mut(key).and_then(Value::as_object_mut)
}

/// `SetDefaults_DaemonSet`.
fn daemonset(spec: &mut Map<String, Value>) {
    if let Some(us) = child(spec, "updateStrategy") {
        set(us, "type", json!("RollingUpdate"));
        if us.get("type").and_then(Value::as_str) == Some("RollingUpdate")
            && let Some(ru) = child(us, "rollingUpdate")
        {
            set(ru, "maxUnavailable", json!(1));
            set(ru, "maxSurge", json!(0));
        }
    }
    set(spec, "revisionHistoryLimit", json!(10));
}

/// `SetDefaults_Deployment`.
fn deployment(spec: &mut Map<String, Value>) {
    set(spec, "replicas", json!(1));
    if let Some(st) = child(spec, "strategy") {
        set(st, "type", json!("RollingUpdate"));
        if st.get("type").and_then(Value::as_str) == Some("RollingUpdate")
            && let Some(ru) = child(st, "rollingUpdate")
        {
            set(ru, "maxUnavailable", json!("25%"));
            set(ru, "maxSurge", json!("25%"));
        }
    }
    set(spec, "revisionHistoryLimit", json!(10));
    set(spec, "progressDeadlineSeconds", json!(600));
}

/// `SetDefaults_StatefulSet`: unlike DaemonSets, `rollingUpdate` is only created when the type
/// itself was defaulted; a written `rollingUpdate` gets `partition: 0`.
fn statefulset(spec: &mut Map<String, Value>) {
    set(spec, "podManagementPolicy", json!("OrderedReady"));
    if let Some(us) = child(spec, "updateStrategy") {
        if us
            .get("type")
            .is_none_or(|t| t.is_null() || t.as_str() == Some(""))
        {
            us.insert("type".to_string(), json!("RollingUpdate"));
            set(us, "rollingUpdate", json!({}));
        }
        if us.get("type").and_then(Value::as_str) == Some("RollingUpdate")
            && let Some(ru) = us.get_mut("rollingUpdate").and_then(Value::as_object_mut)
        {
            set(ru, "partition", json!(0));
        }
    }
    if let Some(p) = child(spec, "persistentVolumeClaimRetentionPolicy") {
        set(p, "whenDeleted", json!("Retain"));
        set(p, "whenScaled", json!("Retain"));
    }
    set(spec, "replicas", json!(1));
    set(spec, "revisionHistoryLimit", json!(10));
}

/// `SetDefaults_PodSpec` and the container/port defaults. Host ports are not defaulted from
/// container ports in templates since Kubernetes 1.28 (`DefaultHostNetworkHostPortsInPodTemplates`
/// off); validation accepts `hostPort: 0` there, so both behaviours give the same verdict.
pub(crate) fn pod_spec(pod: &mut Map<String, Value>) {
    set(pod, "dnsPolicy", json!("ClusterFirst"));
    set(pod, "restartPolicy", json!("Always"));
    set(pod, "terminationGracePeriodSeconds", json!(30));
    set(pod, "schedulerName", json!("default-scheduler"));
    set(pod, "securityContext", json!({}));
    // `SetDefaults_EphemeralContainer` is `SetDefaults_Container` on the common fields.
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        let Some(cs) = pod.get_mut(list).and_then(Value::as_array_mut) else {
            continue;
        };
        for c in cs.iter_mut().filter_map(Value::as_object_mut) {
            container(c);
        }
    }
}

/// `SetDefaults_Container` and `SetDefaults_ContainerPort`.
fn container(c: &mut Map<String, Value>) {
    set(c, "terminationMessagePath", json!("/dev/termination-log"));
    set(c, "terminationMessagePolicy", json!("File"));
    if let Some(image) = c.get("image").and_then(Value::as_str) {
        let policy = if image_tag_is_latest(image) {
            "Always"
        } else {
            "IfNotPresent"
        };
        set(c, "imagePullPolicy", json!(policy));
    }
    if let Some(ports) = c.get_mut("ports").and_then(Value::as_array_mut) {
        for p in ports.iter_mut().filter_map(Value::as_object_mut) {
            set(p, "protocol", json!("TCP"));
        }
    }
}

/// The image reference has no tag (and no digest) or the tag `latest`, as `SetDefaults_Container`
/// decides the pull policy (`parsers.ParseImageName`).
pub(crate) fn image_tag_is_latest(image: &str) -> bool {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    match last.split_once(':') {
        Some((_, tag)) => tag == "latest",
        // An untagged reference means `latest`, unless a digest pins it.
        None => digest.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daemonset_gets_rolling_update_one_unavailable_no_surge() {
        let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 80}]}]}}}});
        let d = apply_defaults(&ds);
        assert_eq!(
            d["spec"]["updateStrategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}})
        );
        assert_eq!(d["spec"]["revisionHistoryLimit"], json!(10));
        let pod = &d["spec"]["template"]["spec"];
        assert_eq!(pod["restartPolicy"], json!("Always"));
        assert_eq!(pod["dnsPolicy"], json!("ClusterFirst"));
        assert_eq!(pod["containers"][0]["ports"][0]["protocol"], json!("TCP"));
        assert_eq!(pod["containers"][0]["imagePullPolicy"], json!("Always"));
    }

    #[test]
    fn an_absent_or_null_spec_is_defaulted_like_an_empty_one() {
        let empty =
            apply_defaults(&json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {}}));
        for ds in [
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet"}),
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": null}),
        ] {
            let d = apply_defaults(&ds);
            assert_eq!(d["spec"], empty["spec"], "{ds}");
        }
        assert_eq!(
            empty["spec"]["template"]["spec"]["restartPolicy"],
            json!("Always")
        );
        assert_eq!(
            empty["spec"]["updateStrategy"]["type"],
            json!("RollingUpdate")
        );
        // A spec of another type is the decoder's error: left alone.
        let odd = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": [1]});
        assert_eq!(apply_defaults(&odd), odd);
    }

    #[test]
    fn on_delete_gets_no_rolling_update() {
        let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {"updateStrategy": {"type": "OnDelete"}}});
        assert_eq!(
            apply_defaults(&ds)["spec"]["updateStrategy"],
            json!({"type": "OnDelete"})
        );
    }

    #[test]
    fn set_fields_and_other_kinds_are_left_alone() {
        let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {"revisionHistoryLimit": -1, "updateStrategy": {"rollingUpdate": {"maxUnavailable": "10%"}}}});
        let d = apply_defaults(&ds);
        assert_eq!(d["spec"]["revisionHistoryLimit"], json!(-1));
        assert_eq!(
            d["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"],
            json!("10%")
        );
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "data": {}});
        assert_eq!(apply_defaults(&cm), cm);
    }

    #[test]
    fn latest_tag_detection() {
        assert!(image_tag_is_latest("nginx"));
        assert!(image_tag_is_latest("nginx:latest"));
        assert!(image_tag_is_latest("localhost:5000/nginx"));
        assert!(!image_tag_is_latest("localhost:5000/nginx:1.2"));
        assert!(!image_tag_is_latest("nginx@sha256:abc"));
        assert!(image_tag_is_latest("nginx:latest@sha256:abc"));
    }
}
