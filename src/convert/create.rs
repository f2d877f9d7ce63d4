//! Building a new DaemonSet from `create daemonset` flags, the way `kubectl create deployment`
//! builds a Deployment (`staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go`
//! `buildPodSpec`), minus the Deployment-only and server-populated fields.

use serde_json::{Value, json};

/// What `dsctl create daemonset` was asked for.
#[derive(Debug, Clone, Default)]
pub struct CreateSpec {
    pub name: String,
    pub namespace: Option<String>,
    pub images: Vec<String>,
    pub port: Option<u16>,
    pub command: Vec<String>,
}

/// A container name from an image, as kubectl derives it: the last path segment without tag
/// or digest, `_` and `.` turned into `-` (`registry.k8s.io/pause:3.9` → `pause`).
pub fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split('@').next().unwrap_or(last);
    let last = last.split(':').next().unwrap_or(last);
    last.to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '.' { '-' } else { c })
        .collect()
}

/// The DaemonSet for a [`CreateSpec`]; an error message for a spec no API server would take.
pub fn create_daemonset(spec: &CreateSpec) -> Result<Value, String> {
    if spec.images.iter().any(|i| i.trim().is_empty()) {
        return Err("--image must not be empty".to_string());
    }
    let mut names: Vec<String> = Vec::new();
    let mut containers = Vec::new();
    for image in &spec.images {
        let base = container_name(image);
        // kubectl appends a random suffix to repeated names; a counter keeps output reproducible.
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        names.push(name.clone());
        let mut c = json!({"name": name, "image": image});
        if !spec.command.is_empty() {
            c["command"] = json!(spec.command);
        }
        if let Some(p) = spec.port {
            c["ports"] = json!([{"containerPort": p}]);
        }
        c["resources"] = json!({});
        containers.push(c);
    }
    let labels = json!({"app": spec.name});
    let mut metadata = json!({"name": spec.name});
    if let Some(ns) = &spec.namespace {
        metadata["namespace"] = json!(ns);
    }
    metadata["labels"] = labels.clone();
    Ok(json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": metadata,
        "spec": {
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": containers}
            }
        }
    }))
}

/// The API server's errors for a created DaemonSet (a bad name, namespace or image), at the
/// newest bundled Kubernetes: `create` prints nothing the server would reject.
pub fn create_errors(ds: &Value) -> Vec<crate::finding::Finding> {
    let opts = crate::rules::Options {
        kube_minor: crate::schema::latest().minor,
    };
    crate::rules::check(ds, &opts)
        .into_iter()
        .filter(|f| f.severity == crate::finding::Severity::Error)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names_follow_kubectl() {
        assert_eq!(container_name("nginx"), "nginx");
        assert_eq!(container_name("registry.k8s.io/pause:3.9"), "pause");
        assert_eq!(container_name("ghcr.io/a/b_c@sha256:abc"), "b-c");
        assert_eq!(container_name("fluent/fluent-bit:2.2"), "fluent-bit");
    }

    #[test]
    fn repeated_images_get_distinct_names() {
        let ds = create_daemonset(&CreateSpec {
            name: "agent".into(),
            images: vec!["busybox".into(), "busybox:1.36".into()],
            ..Default::default()
        })
        .unwrap();
        let c = &ds["spec"]["template"]["spec"]["containers"];
        assert_eq!(c[0]["name"], "busybox");
        assert_eq!(c[1]["name"], "busybox-2");
        assert_eq!(ds["spec"]["selector"]["matchLabels"]["app"], "agent");
    }
}
