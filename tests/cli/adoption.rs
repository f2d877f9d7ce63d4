//! `dsctl validate --adopting OLD` end to end: a DaemonSet deleted with `--cascade=orphan`
//! (fixtures derived from the corpus node-exporter, see `fixtures/PROVENANCE.md`).

use crate::common;
use crate::common::{dsctl, fixture};

const CORPUS: &str = "corpus/daemonsets/kube-prometheus--nodeExporter-daemonset.yaml";

fn adopting(old: &str, new: &str) -> common::Run {
    dsctl(
        &[
            "validate",
            "--adopting",
            &fixture(&format!("adoption/{old}")),
            &fixture(new),
        ],
        None,
    )
}

#[test]
fn identical_template_keeps_the_pods() {
    let run = adopting("node-exporter.live.yaml", CORPUS);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("fixtures/{CORPUS}:12:3: note: DaemonSet monitoring/node-exporter adopts the Pods orphaned by DaemonSet monitoring/node-exporter")), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the templates are identical after defaults, so the Pods are kept")
    );
}

#[test]
fn changed_template_rolls() {
    let run = adopting(
        "node-exporter.live.yaml",
        "adoption/node-exporter.new-version.yaml",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("the template changed (spec.template.metadata.labels[app.kubernetes.io/version], spec.template.spec.containers[0].image): RollingUpdate replaces the Pods"), "{}", run.stderr);
}

#[test]
fn template_generation_one_keeps_old_pods() {
    let run = adopting(
        "node-exporter.live-gen1.yaml",
        "adoption/node-exporter.new-version.yaml",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "IsPodUpdated counts them as current and RollingUpdate will not replace them"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn on_delete_leaves_them() {
    let run = adopting(
        "node-exporter.live.yaml",
        "adoption/node-exporter.new-on-delete.yaml",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("updateStrategy is OnDelete: the Pods keep the old template until deleted"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_selector_that_misses_the_orphans_fails() {
    let run = adopting(
        "node-exporter.live.yaml",
        "adoption/node-exporter.new-selector.yaml",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("fixtures/adoption/node-exporter.new-selector.yaml:13:3: error: DaemonSet monitoring/node-exporter does not adopt"), "{}", run.stderr);
    assert!(run.stderr.contains("app.kubernetes.io/version=1.13.0"));
    assert!(run.stderr.contains("two Pods per node"));
    // The report itself is unchanged: the object is valid.
    assert!(run.stdout.contains("0 errors"), "{}", run.stdout);
}

#[test]
fn nothing_in_the_namespace_adopts() {
    let run = adopting(
        "node-exporter.live.yaml",
        "corpus/daemonsets/popeye-ds--1.yaml",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fixtures/adoption/node-exporter.live.yaml:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "no DaemonSet of the input adopts the Pods orphaned by DaemonSet monitoring/node-exporter"
    ));
}

#[test]
fn unreadable_old_file_exits_2() {
    let run = dsctl(
        &[
            "validate",
            "--adopting",
            "no/such/file.yaml",
            &fixture(CORPUS),
        ],
        None,
    );
    assert_eq!(run.code, 2);
}
