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

/// Asserts that the file's one workload breaks exactly one rule, at `path`.
fn assert_one_violation(name: &str, strict: bool, path: &str, kind: ViolationKind, message: &str) {
    let expected = Violation {
        path: path.to_string(),
        kind,
        message: message.to_string(),
    };
    assert_eq!(
        workloads(name, latest(), strict),
        vec![SchemaOutcome::Checked(vec![expected])],
        "{name}"
    );
}

fn assert_clean(name: &str, strict: bool) {
    assert_eq!(
        workloads(name, latest(), strict),
        vec![SchemaOutcome::Checked(vec![])],
        "{name}"
    );
}

#[test]
fn a_leftover_replicas_field_is_unknown_only_when_strict() {
    let name = "daemonset-spec-replicas.yaml";
    let message = "unknown field \"replicas\"";
    assert_one_violation(
        name,
        true,
        "spec.replicas",
        ViolationKind::UnknownField,
        message,
    );
    assert_clean(name, false);
}

#[test]
fn kubectl_output_with_a_removed_field_fails_strict_only() {
    // `kubectl get -o json` from an old cluster: `spec.templateGeneration` left apps/v1.
    let name = "k9s--ds.json";
    let message = "unknown field \"templateGeneration\"";
    let path = "spec.templateGeneration";
    assert_one_violation(name, true, path, ViolationKind::UnknownField, message);
    assert_clean(name, false);
}

#[test]
fn a_boolean_label_value_is_a_type_error_at_the_label_key() {
    let name = "daemonset-label-boolean.yaml";
    let message = "expected string, got boolean true";
    assert_one_violation(
        name,
        true,
        "metadata.labels[app]",
        ViolationKind::Type,
        message,
    );
}

#[test]
fn a_deployment_without_selector_misses_a_required_field() {
    let name = "metrics-server--deployment.yaml";
    let message = "missing required field \"selector\"";
    assert_one_violation(
        name,
        true,
        "spec.selector",
        ViolationKind::Required,
        message,
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

/// The whole shared corpus, which is not copied into this repository. Run with
/// `DSCTL_CORPUS=../shared/corpus cargo test --test schema -- --ignored`.
#[test]
#[ignore = "needs DSCTL_CORPUS pointing at the shared corpus"]
fn every_corpus_workload_gets_its_expected_outcome() {
    let root = std::env::var("DSCTL_CORPUS").expect("DSCTL_CORPUS names the corpus directory");
    // The apps/v1 workloads that fail strict, with the violation paths; every other one passes,
    // and every other apiVersion is UnknownKind naming apps/v1.
    let failing: &[(&str, &[&str])] = &[
        ("k9s--ds.json", &["spec.templateGeneration"]),
        ("kube-linter--container-with-merge.yaml", &["spec.selector"]),
        ("metrics-server--deployment.yaml", &["spec.selector"]),
    ];
    let mut seen = 0;
    for dir in ["daemonsets", "deployments"] {
        let mut files: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .expect("corpus directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            let text = std::fs::read_to_string(&path).expect("readable corpus file");
            let docs: Vec<Value> =
                serde_saphyr::from_multiple(&text).expect("parsable corpus file");
            for doc in docs
                .iter()
                .filter(|d| matches!(kind_of(d).1, "DaemonSet" | "Deployment"))
            {
                seen += 1;
                let outcome = check(doc, latest(), true);
                if kind_of(doc).0 != "apps/v1" {
                    let served = vec!["apps/v1".to_string()];
                    let expected = SchemaOutcome::UnknownKind {
                        served_api_versions: served,
                    };
                    assert_eq!(outcome, expected, "{name}");
                    continue;
                }
                let paths: Vec<String> = match outcome {
                    SchemaOutcome::Checked(found) => found.into_iter().map(|v| v.path).collect(),
                    other => panic!("{name}: {other:?}"),
                };
                let expected = failing
                    .iter()
                    .find(|(f, _)| *f == name)
                    .map_or(&[][..], |(_, p)| p);
                assert_eq!(paths, expected, "{name}");
                // Loose mode passes exactly the files whose only fault is an unknown field.
                let loose_clean = check(doc, latest(), false) == SchemaOutcome::Checked(vec![]);
                let unknown_only = expected.iter().all(|p| *p == "spec.templateGeneration");
                assert_eq!(loose_clean, unknown_only, "{name} loose");
            }
        }
    }
    assert!(seen > 60, "only {seen} workloads found under {root}");
}
