//! DS307 host-port-conflict end to end: `dsctl validate` over several DaemonSets.

use crate::common;
use crate::common::{dsctl, fixture};

#[test]
fn trigger_and_near_miss() {
    let run = dsctl(&["validate", &fixture("rules/DS307.yaml")], None);
    assert_eq!(run.code, 0, "a warning: {}", run.stdout);
    assert!(run.stdout.contains("fixtures/rules/DS307.yaml:52:21: warning[DS307] host-port-conflict: spec.template.spec.containers[0].ports[0].hostPort: hostPort 9100/TCP on 0.0.0.0 is also claimed by DaemonSet/monitoring/node-exporter (fixtures/rules/DS307.yaml:26:26)"), "{}", run.stdout);
    let run = dsctl(
        &[
            "validate",
            "--fail-on",
            "warning",
            &fixture("rules/DS307.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 1);
    let run = dsctl(
        &[
            "validate",
            "--fail-on",
            "warning",
            &fixture("rules/DS307-ok.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = dsctl(
        &[
            "validate",
            "--ignore",
            "host-port-conflict",
            &fixture("rules/DS307.yaml"),
        ],
        None,
    );
    assert!(!run.stdout.contains("DS307"), "{}", run.stdout);
}

#[test]
fn across_files_of_the_corpus() {
    // Two releases of kube-prometheus' node-exporter (one in no namespace) and popeye's List.
    let d = |f: &str| fixture(&format!("corpus/daemonsets/{f}"));
    let run = dsctl(
        &[
            "validate",
            "-o",
            "json",
            &d("kube-prometheus--node-exporter-daemonset.yaml"),
            &d("kube-prometheus--node-exporter-ds.yaml"),
            &d("flannel--kube-flannel-old.yaml"),
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let hits: Vec<(String, String)> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .flat_map(|d| {
            d["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|f| f["code"] == "DS307")
                .map(|f| {
                    (
                        d["file"].as_str().unwrap_or("").to_string(),
                        f["field"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // flannel's per-architecture DaemonSets share host ports but never a node (nodeSelector).
    assert_eq!(
        hits,
        [(
            d("kube-prometheus--node-exporter-ds.yaml"),
            "spec.template.spec.containers[0].ports[0].hostPort".to_string()
        )]
    );
}

#[test]
fn explained() {
    let run = dsctl(&["explain", "DS307"], None);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("HostPortInfo.CheckConflict"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_large_stream_checked_in_parallel_slices() {
    // Over 64 KiB, validate splits the stream and checks slices on several threads; every
    // DS307 must still land on its own DaemonSet, at its own line.
    let one =
        std::fs::read_to_string(common::root().join(fixture("rules/DS307.yaml"))).expect("fixture");
    let docs: Vec<String> = (0..300)
        .map(|i| {
            one.replace(
                "name: node-exporter\n",
                &format!("name: node-exporter-{i}\n"),
            )
            .replace(
                "name: metrics-agent\n",
                &format!("name: metrics-agent-{i}\n"),
            )
        })
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.yaml");
    std::fs::write(&path, docs.join("---\n")).expect("write");
    let run = dsctl(
        &["validate", "-o", "json", path.to_str().expect("utf-8 path")],
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let mut hits = 0;
    for d in report["documents"].as_array().expect("documents") {
        let name = d["name"].as_str().unwrap_or("");
        for f in d["findings"].as_array().into_iter().flatten() {
            if f["code"] == "DS307" {
                hits += 1;
                assert_ne!(name, "node-exporter-0", "the first claim is not a conflict");
                let line = f["line"].as_u64().unwrap_or(0) as usize;
                let text = docs.join("---\n");
                let source = text.lines().nth(line - 1).unwrap_or("");
                assert!(
                    source.contains("Port: 9100"),
                    "line {line} of {name}: {source}"
                );
            }
        }
    }
    assert_eq!(hits, 599);
}

#[test]
fn a_conflict_lands_on_its_own_daemonset_when_one_without_ports_comes_first() {
    // `a` claims no port, `b` and `c` both claim 9100: the finding belongs to `c`, the later
    // claim, even though `c` is only the second DaemonSet with a port in its file.
    let run = dsctl(
        &[
            "validate",
            "-o",
            "json",
            &fixture("validate/host-port-after-portless.yaml"),
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let with_ds307: Vec<&str> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter(|d| {
            d["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|f| f["code"] == "DS307")
        })
        .map(|d| d["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(with_ds307, ["c"], "{}", run.stdout);
}

#[test]
fn the_ignore_annotation_takes_codes_in_any_case_for_every_check() {
    // One suppression rule for every check: the cross-object DS307 reads the annotation as the
    // per-object rules do (codes in any case, rule names, spaces around commas).
    let text =
        std::fs::read_to_string(common::root().join(fixture("rules/DS307.yaml"))).expect("fixture");
    let annotated = text.replace(
        "  name: metrics-agent\n",
        "  name: metrics-agent\n  annotations:\n    dsctl.io/ignore: \"ds307 , ds304\"\n",
    );
    assert_ne!(annotated, text, "the fixture names metrics-agent");
    let run = dsctl(&["validate", "-"], Some(annotated.as_bytes()));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("DS307"), "{}", run.stdout);
    let by_name = text.replace(
        "  name: metrics-agent\n",
        "  name: metrics-agent\n  annotations:\n    dsctl.io/ignore: host-port-conflict\n",
    );
    let run = dsctl(&["validate", "-"], Some(by_name.as_bytes()));
    assert!(!run.stdout.contains("DS307"), "{}", run.stdout);
}
