//! `dsctl service` and `dsctl convert --with-service` end to end, on corpus manifests.

use crate::common::{dsctl, fixture, values};
use serde_json::json;

const NODE_EXPORTER: &str = "corpus/daemonsets/kube-prometheus--nodeExporter-daemonset.yaml";

#[test]
fn service_copies_selector_namespace_and_named_port() {
    let run = dsctl(&["service", &fixture(NODE_EXPORTER)], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svc = values(&run.stdout);
    assert_eq!(svc.len(), 1);
    let s = &svc[0];
    assert_eq!(
        (&s["apiVersion"], &s["kind"]),
        (&json!("v1"), &json!("Service"))
    );
    assert_eq!(s["metadata"]["name"], "node-exporter");
    assert_eq!(s["metadata"]["namespace"], "monitoring");
    assert_eq!(
        s["spec"]["selector"],
        json!({"app.kubernetes.io/component": "exporter",
               "app.kubernetes.io/name": "node-exporter",
               "app.kubernetes.io/part-of": "kube-prometheus"})
    );
    assert_eq!(
        s["spec"]["ports"],
        json!([{"name": "https", "port": 9100, "targetPort": "https", "protocol": "TCP"}])
    );
    assert!(s["spec"].get("clusterIP").is_none());
    // What dsctl writes, dsctl accepts.
    let check = dsctl(&["validate", "-"], Some(run.stdout.as_bytes()));
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn headless_local_and_chosen_ports() {
    let run = dsctl(
        &[
            "service",
            &fixture(NODE_EXPORTER),
            "--headless",
            "--internal-traffic-policy",
            "Local",
            "--port",
            "443:https",
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(s["spec"]["clusterIP"], "None");
    assert_eq!(s["spec"]["internalTrafficPolicy"], "Local");
    assert_eq!(
        s["spec"]["ports"],
        json!([{"name": "https", "port": 443, "targetPort": "https", "protocol": "TCP"}])
    );
}

#[test]
fn several_daemonsets_give_several_services() {
    // A kubectl-get List of three DaemonSets (two named ds2).
    let run = dsctl(
        &["service", &fixture("corpus/daemonsets/popeye-ds--1.yaml")],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = values(&run.stdout)
        .iter()
        .map(|s| s["metadata"]["name"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(names, ["ds1", "ds2", "ds2"]);
}

#[test]
fn match_expressions_and_missing_ports_are_refused() {
    let run = dsctl(
        &["service", &fixture("service/match-expressions.yaml")],
        None,
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.starts_with("fixtures/service/match-expressions.yaml:16:5: error: DaemonSet/monitoring/node-exporter: spec.selector.matchExpressions: a Service selector is a plain label map"),
        "{}",
        run.stderr
    );
    let weave = fixture("corpus/daemonsets/weave--weave-daemonset-k8s-1.11.yaml");
    let run = dsctl(&["service", &weave], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no container declares a port"),
        "{}",
        run.stderr
    );
    let run = dsctl(&["service", &weave, "--headless"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(values(&run.stdout)[0]["spec"]["clusterIP"], "None");
}

#[test]
fn usage_errors_exit_2() {
    let run = dsctl(&["service", &fixture(NODE_EXPORTER), "--port", "80:"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
    let run = dsctl(
        &["service", &fixture("corpus/deployments/k9s--dp.json")],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no DaemonSet"), "{}", run.stderr);
}

#[test]
fn convert_with_service_follows_each_daemonset() {
    let file = fixture("corpus/deployments/kubernetes-examples--frontend-deployment.yaml");
    let run = dsctl(&["convert", "--with-service", &file], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = values(&run.stdout);
    let kinds: Vec<&str> = out
        .iter()
        .map(|v| v["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["DaemonSet", "Service"]);
    assert_eq!(
        out[1]["spec"]["selector"],
        out[0]["spec"]["selector"]["matchLabels"]
    );
    // The comments of the input survive.
    assert!(
        run.stdout
            .contains("# If your cluster config does not include a dns service")
    );

    let run = dsctl(
        &["convert", "--with-service=headless", "-o", "json", &file],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"][1]["spec"]["clusterIP"], "None");
}

#[test]
fn convert_with_service_keeps_a_service_already_there() {
    let file = fixture("corpus/deployments/kubernetes-examples--guestbook-all-in-one.yaml");
    let run = dsctl(&["convert", "--with-service", &file], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let services = values(&run.stdout)
        .iter()
        .filter(|v| v["kind"] == "Service")
        .count();
    assert_eq!(services, 3, "one per workload, none duplicated");
    assert!(
        run.stderr.contains(
            "note: DaemonSet frontend: the file already has a Service of that name; kept it"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn convert_with_service_refuses_what_a_service_cannot_select() {
    let run = dsctl(
        &[
            "convert",
            "--with-service",
            &fixture("service/match-expressions.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("error: no Service for DaemonSet monitoring/node-exporter: spec.selector.matchExpressions"), "{}", run.stderr);
}
