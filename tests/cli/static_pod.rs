//! `dsctl convert --to static-pod` end to end, on corpus DaemonSets and nodes.

use crate::common::{dsctl, fixture, values};

const NODE_EXPORTER: &str = "corpus/daemonsets/kube-prometheus--nodeExporter-daemonset.yaml";

#[test]
fn pod_for_an_inventory_node() {
    let run = dsctl(
        &[
            "convert",
            "--to",
            "static-pod",
            "--node",
            "kwok-node-0",
            "--nodes",
            &fixture("corpus/nodes/kwok--node.yaml"),
            &fixture(NODE_EXPORTER),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pods = values(&run.stdout);
    assert_eq!(pods.len(), 1);
    let p = &pods[0];
    assert_eq!(
        (p["apiVersion"].as_str(), p["kind"].as_str()),
        (Some("v1"), Some("Pod"))
    );
    assert_eq!(p["metadata"]["name"], "node-exporter-kwok-node-0");
    assert_eq!(p["metadata"]["namespace"], "monitoring");
    assert_eq!(
        p["metadata"]["labels"]["app.kubernetes.io/name"],
        "node-exporter"
    );
    assert!(p["metadata"].get("generateName").is_none());
    assert_eq!(p["spec"]["nodeName"], "kwok-node-0");
    assert!(
        p["spec"].get("affinity").is_none(),
        "no controller node-affinity term"
    );
    assert!(p.get("updateStrategy").is_none() && p["spec"].get("selector").is_none());
    let tolerations = p["spec"]["tolerations"].as_array().expect("tolerations");
    assert!(
        tolerations
            .iter()
            .any(|t| t["key"] == "node.kubernetes.io/unschedulable")
    );
    // The service account is reported: a static Pod cannot reference it.
    assert!(
        run.stderr.contains("spec.template.spec.serviceAccountName: a static Pod cannot reference a service account (\"node-exporter\")"),
        "{}",
        run.stderr
    );
    // The Pod is one the API server accepts.
    let check = dsctl(&["validate", "-"], Some(run.stdout.as_bytes()));
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn refused_where_no_pod_would_run() {
    // fluentd-es tolerates nothing of kwok's NoSchedule provider taint.
    let run = dsctl(
        &[
            "convert",
            "--to",
            "static-pod",
            "--node",
            "fake-node",
            "--nodes",
            &fixture("corpus/nodes/kwok--fake-node.yaml"),
            &fixture("corpus/daemonsets/kubernetes--fluentd-es-ds.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("error: DaemonSet kube-system/fluentd-es-v2.2.0: no Pod on node fake-node: taint-not-tolerated: taint kwok-controller/provider=fake:NoSchedule is not tolerated"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_inventory_the_node_is_assumed_bare() {
    let run = dsctl(
        &[
            "convert",
            "--to",
            "static-pod",
            "--node",
            "cp-1",
            "-o",
            "json",
            &fixture("corpus/daemonsets/fluent-bit-kubernetes-logging--fluent-bit-ds.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON Pod");
    assert_eq!(p["spec"]["nodeName"], "cp-1");
    assert!(
        run.stderr
            .contains("node \"cp-1\" is assumed to have no labels and no taints")
    );
    // Its ConfigMap volume is reported.
    assert!(
        run.stderr
            .contains("configMap: a static Pod cannot reference ConfigMap"),
        "{}",
        run.stderr
    );
}

#[test]
fn deployments_are_converted_first() {
    let run = dsctl(
        &[
            "convert",
            "--to",
            "static-pod",
            "--node",
            "n1",
            "--tolerate-control-plane",
            &fixture("corpus/deployments/kubernetes-examples--frontend-deployment.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p = &values(&run.stdout)[0];
    assert_eq!(p["metadata"]["name"], "frontend-n1");
    let tolerations = p["spec"]["tolerations"].as_array().expect("tolerations");
    assert!(
        tolerations
            .iter()
            .any(|t| t["key"] == "node-role.kubernetes.io/control-plane")
    );
}

#[test]
fn usage() {
    let ds = fixture(NODE_EXPORTER);
    let run = dsctl(&["convert", "--to", "static-pod", &ds], None);
    assert_eq!(run.code, 2, "--node is required");
    let run = dsctl(
        &[
            "convert",
            "--to",
            "static-pod",
            "--node",
            "n",
            "--write",
            &ds,
        ],
        None,
    );
    assert_eq!(run.code, 2, "--write does not apply");
    let run = dsctl(
        &[
            "convert",
            "--to",
            "static-pod",
            "--node",
            "nope",
            "--nodes",
            &fixture("corpus/nodes/kwok--node.yaml"),
            &ds,
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no node \"nope\" in the inventory"),
        "{}",
        run.stderr
    );
}
