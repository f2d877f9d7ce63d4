//! Schema checks of real manifests from `fixtures/schema/` (provenance in `fixtures/PROVENANCE.md`).

use dsctl::schema::{
    KubeVersion, SchemaOutcome, Violation, ViolationKind, bundled_versions, check, latest,
};
use serde_json::Value;

fn documents(name: &str) -> Vec<Value> {
    let path = format!("{}/fixtures/schema/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let docs: Vec<Value> =
        serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    docs.into_iter().filter(|d| !d.is_null()).collect()
}

fn kind_of(doc: &Value) -> (&str, &str) {
    let s = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or("");
    (s("apiVersion"), s("kind"))
}

/// The DaemonSets and Deployments of one fixture file, each with its outcome.
fn workloads(name: &str, version: KubeVersion, strict: bool) -> Vec<SchemaOutcome> {
    documents(name)
        .iter()
        .filter(|d| matches!(kind_of(d).1, "DaemonSet" | "Deployment"))
        .map(|d| check(d, version, strict))
        .collect()
}

fn v1_34() -> KubeVersion {
    KubeVersion::parse("1.34").expect("1.34 is bundled")
}

#[test]
fn valid_apps_v1_workloads_pass_strict_in_the_newest_version() {
    for name in [
        "fluent-bit-kubernetes-logging--fluent-bit-ds.yaml",
        "datadog-agent--daemonset.yaml",
        "cilium--cilium-ds.yaml",
        "beats--filebeat-kubernetes.yaml",
        "kubernetes-api--apps.v1.DaemonSet.yaml",
        "kubernetes-examples--frontend-deployment.yaml",
        "daemonset-max-unavailable.yaml",
    ] {
        let outcomes = workloads(name, latest(), true);
        assert!(!outcomes.is_empty(), "{name} holds a workload");
        for outcome in outcomes {
            assert_eq!(outcome, SchemaOutcome::Checked(vec![]), "{name}");
        }
    }
}

#[test]
fn every_document_of_a_valid_multi_document_file_passes() {
    // ServiceAccount, ClusterRole, ConfigMap, ... next to the DaemonSet.
    for doc in documents("beats--filebeat-kubernetes.yaml") {
        assert_eq!(
            check(&doc, latest(), true),
            SchemaOutcome::Checked(vec![]),
            "{:?}",
            kind_of(&doc)
        );
    }
}

#[test]
fn removed_apiversions_are_unknown_kinds_that_name_the_served_one() {
    let served = SchemaOutcome::UnknownKind {
        served_api_versions: vec!["apps/v1".to_string()],
    };
    for name in [
        "flannel--kube-flannel-legacy.yml",
        "kubernetes-api--apps.v1beta2.DaemonSet.yaml",
        "gitops-engine--extensionsdeployment.yaml",
    ] {
        let outcomes = workloads(name, v1_34(), true);
        assert!(!outcomes.is_empty(), "{name} holds a workload");
        for outcome in outcomes {
            assert_eq!(outcome, served, "{name}");
        }
    }
}

#[test]
fn a_leftover_replicas_field_is_unknown_only_when_strict() {
    let strict = workloads("daemonset-spec-replicas.yaml", latest(), true);
    assert_eq!(
        strict,
        vec![SchemaOutcome::Checked(vec![Violation {
            path: "spec.replicas".to_string(),
            kind: ViolationKind::UnknownField,
            message: "unknown field \"replicas\"".to_string(),
        }])]
    );
    let loose = workloads("daemonset-spec-replicas.yaml", latest(), false);
    assert_eq!(loose, vec![SchemaOutcome::Checked(vec![])]);
}

#[test]
fn kubectl_output_with_a_removed_field_fails_strict_only() {
    // `kubectl get -o json` from an old cluster: `spec.templateGeneration` left apps/v1.
    let strict = workloads("k9s--ds.json", latest(), true);
    assert_eq!(
        strict,
        vec![SchemaOutcome::Checked(vec![Violation {
            path: "spec.templateGeneration".to_string(),
            kind: ViolationKind::UnknownField,
            message: "unknown field \"templateGeneration\"".to_string(),
        }])]
    );
    assert_eq!(
        workloads("k9s--ds.json", latest(), false),
        vec![SchemaOutcome::Checked(vec![])]
    );
}

#[test]
fn a_boolean_label_value_is_a_type_error_at_the_label_key() {
    assert_eq!(
        workloads("daemonset-label-boolean.yaml", latest(), true),
        vec![SchemaOutcome::Checked(vec![Violation {
            path: "metadata.labels[app]".to_string(),
            kind: ViolationKind::Type,
            message: "expected string, got boolean true".to_string(),
        }])]
    );
}

#[test]
fn a_deployment_without_selector_misses_a_required_field() {
    assert_eq!(
        workloads("metrics-server--deployment.yaml", latest(), true),
        vec![SchemaOutcome::Checked(vec![Violation {
            path: "spec.selector".to_string(),
            kind: ViolationKind::Required,
            message: "missing required field \"selector\"".to_string(),
        }])]
    );
}

#[test]
fn outcomes_hold_in_every_bundled_version() {
    for version in bundled_versions() {
        for outcome in workloads("cilium--cilium-ds.yaml", version, true) {
            assert_eq!(outcome, SchemaOutcome::Checked(vec![]), "{version}");
        }
        for outcome in workloads("flannel--kube-flannel-legacy.yml", version, true) {
            assert!(
                matches!(outcome, SchemaOutcome::UnknownKind { .. }),
                "{version}"
            );
        }
    }
}
