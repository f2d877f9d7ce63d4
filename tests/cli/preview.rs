//! `dsctl preview` end to end: the real binary on the files in `fixtures/preview/`.

use crate::common;
use crate::common::{dsctl, fixture};
use serde_json::Value;

fn args(rule: &str, extra: &[&str]) -> Vec<String> {
    let mut a = vec![
        "preview".to_string(),
        fixture(&format!("preview/{rule}.ds.yaml")),
        "--nodes".to_string(),
        fixture(&format!("preview/{rule}.nodes.yaml")),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

#[test]
fn table_answers_with_exit_0() {
    let run = dsctl(&args("taints", &[]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("NODE "), "{}", run.stdout);
    assert!(run.stdout.contains("wrong-value                  no (keeps)  taint-not-tolerated: taint dedicated=db:NoSchedule is not tolerated"));
    assert!(run.stdout.ends_with(
        "5 of 9 nodes get a Pod; 2 more keep a running Pod (NoSchedule taint not tolerated)\n"
    ));
    assert!(run.stderr.is_empty());
}

#[test]
fn json_name_and_wide_outputs() {
    let run = dsctl(&args("node-selector", &["-o", "json"]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    assert_eq!(v["version"], 1);
    assert_eq!(v["daemonSets"][0]["summary"]["shouldRun"], 2);
    assert_eq!(
        v["daemonSets"][0]["nodes"][2]["reasons"][0]["code"],
        "node-selector-mismatch"
    );

    let run = dsctl(&args("node-selector", &["-o", "name"]), None);
    assert_eq!(run.stdout, "both\nunquoted-true\n");

    let run = dsctl(&args("node-selector", &["-o", "wide"]), None);
    assert!(
        run.stdout
            .lines()
            .next()
            .is_some_and(|l| l.contains("MATTERED"))
    );
    assert!(run.stdout.contains("disktype=hdd"), "{}", run.stdout);
    // Every REASON starts in the header's REASON column, however long MATTERED is.
    let run = dsctl(&args("taints", &["-o", "wide"]), None);
    let header = run.stdout.lines().next().unwrap_or_default();
    let col = header.find("REASON").expect("a REASON column");
    for line in run
        .stdout
        .lines()
        .filter(|l| l.contains("taint-not-tolerated"))
    {
        assert_eq!(
            line.find("taint-not-tolerated"),
            Some(col),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn fail_if_none_exits_1_only_when_no_node_gets_a_pod() {
    let run = dsctl(&args("affinity-empty-term", &["--fail-if-none"]), None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("0 of 1 node get a Pod"),
        "{}",
        run.stdout
    );
    assert_eq!(dsctl(&args("affinity-empty-term", &[]), None).code, 0);
    assert_eq!(dsctl(&args("taints", &["--fail-if-none"]), None).code, 0);
}

#[test]
fn explain_and_render_pod() {
    let run = dsctl(&args("affinity-fields", &["--explain", "excluded"]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("term 1: does not match: matchFields[0] metadata.name NotIn [\"excluded\"]"),
        "{}",
        run.stdout
    );

    let run = dsctl(
        &args("host-network", &["--render-pod", "cordoned", "-o", "json"]),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pod: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    assert_eq!(
        pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
            [0]["matchFields"][0]["values"][0],
        "cordoned"
    );
    assert_eq!(pod["spec"]["tolerations"].as_array().map(Vec::len), Some(7));

    let run = dsctl(&args("host-network", &["--render-pod", "cordoned"]), None);
    let pods = common::values(&run.stdout);
    assert_eq!(pods[0]["kind"], "Pod");

    let run = dsctl(&args("taints", &["--explain", "nope"]), None);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fixtures/preview/taints.nodes.yaml: error: no node \"nope\" in the inventory\n"
    );
}

#[test]
fn baseline_lists_gains_and_losses() {
    let mut a = args("host-network", &["--baseline"]);
    a.push(fixture("preview/controller-tolerations.ds.yaml"));
    let run = dsctl(&a, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "+ network-unavailable gains a Pod\n1 node gains a Pod, 0 lose one\n"
    );

    let mut a = args("taints", &["-o", "json", "--baseline-nodes"]);
    a.push(fixture("preview/node-name.nodes.yaml"));
    let run = dsctl(&a, None);
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    assert_eq!(
        v["daemonSets"][0]["changes"].as_array().map(Vec::len),
        Some(5 + 2),
        "{}",
        run.stdout
    );
}

#[test]
fn inventory_from_stdin() {
    let text = std::fs::read(common::root().join(fixture("preview/deployment.nodes.yaml")))
        .unwrap_or_default();
    let run = dsctl(
        &[
            "preview",
            &fixture("preview/deployment.ds.yaml"),
            "--nodes",
            "-",
            "-o",
            "name",
        ],
        Some(&text),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "linux-1\n");
    let run = dsctl(&["preview", "-", "--nodes", "-"], Some(b""));
    assert_eq!(run.code, 2);
}

#[test]
fn bad_inputs_exit_2_with_file_line_column() {
    let run = dsctl(
        &[
            "preview",
            &fixture("preview/taints.ds.yaml"),
            "--nodes",
            &fixture("preview/bad-taint.inventory.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr,
        "fixtures/preview/bad-taint.inventory.yaml:4:14: error: nodes[1].taints: invalid taint \"gpu\": expected key[=value]:effect\n"
    );

    let run = dsctl(
        &[
            "preview",
            &fixture("preview/bad-type.daemonset.yaml"),
            "--nodes",
            &fixture("preview/taints.nodes.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("fixtures/preview/bad-type.daemonset.yaml:13:16: error: DaemonSet/bad-type: spec.template.spec.tolerations[0].key: invalid type"), "{}", run.stderr);

    let run = dsctl(
        &[
            "preview",
            &fixture("preview/deployment.nodes.yaml"),
            "--nodes",
            &fixture("preview/taints.nodes.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fixtures/preview/deployment.nodes.yaml: error: no DaemonSet (or Deployment, ReplicaSet, ReplicationController) in this file\n"
    );

    let run = dsctl(
        &[
            "preview",
            &fixture("preview/taints.ds.yaml"),
            "--nodes",
            "fixtures/preview/missing.yaml",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fixtures/preview/missing.yaml: error: no such file or directory\n"
    );
}

#[test]
fn host_port_conflicts_between_previewed_daemonsets_are_reported_once_with_the_nodes() {
    // popeye's ds1 and ds2 both claim hostPort 9100/TCP; win-1 and edge-1 run neither.
    let run = dsctl(
        &[
            "preview",
            &fixture("corpus/daemonsets/popeye-ds--1.yaml"),
            "--nodes",
            &fixture("examples/cluster.yaml"),
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    let warnings = |ds: usize| {
        v["daemonSets"][ds]["warnings"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    assert!(warnings(0).is_empty(), "the first claimant is not warned");
    let w = warnings(1);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0]["code"], "host-port-conflict");
    let msg = w[0]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("9100/TCP")
            && msg.contains("default/ds1")
            && msg.contains("5 node(s): cp-1, worker-1, worker-2 and 2 more"),
        "{msg}"
    );
    // No node carries the conflict itself any more.
    for n in v["daemonSets"][1]["nodes"].as_array().unwrap() {
        assert!(
            n["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["code"] != "host-port-conflict")
        );
    }
}

#[test]
fn other_kinds_are_previewed_as_the_daemonset_they_become_and_say_so() {
    let nodes = fixture("preview/deployment.nodes.yaml");
    let heading = |file: &str| {
        let run = dsctl(&["preview", &fixture(file), "--nodes", &nodes], None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(
        heading("preview/deployment.ds.yaml"),
        "Deployment shop/web (as a DaemonSet)"
    );
    assert_eq!(
        heading("preview/replication-controller.ds.yaml"),
        "ReplicationController shop/legacy (as a DaemonSet)"
    );
    // A DaemonSet alone has no heading.
    assert!(heading("preview/node-selector.ds.yaml").starts_with("NODE "));
    // The RC's selector is a plain label map.
    let run = dsctl(
        &[
            "preview",
            &fixture("preview/replication-controller.ds.yaml"),
            "--nodes",
            &nodes,
            "-o",
            "name",
        ],
        None,
    );
    assert_eq!(run.stdout, "linux-1\n", "{}", run.stderr);
}

#[test]
fn render_pod_says_when_the_node_gets_no_pod() {
    let run = dsctl(&args("deployment", &["--render-pod", "windows-1"]), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("apiVersion: v1\nkind: Pod\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "dsctl: warning: Deployment shop/web (as a DaemonSet) creates no Pod on windows-1 (node-selector-mismatch: nodeSelector wants kubernetes.io/os=linux, node has kubernetes.io/os=windows); this is the Pod it would create if it did\n"
    );
    let run = dsctl(&args("deployment", &["--render-pod", "linux-1"]), None);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn a_not_ready_node_that_only_keeps_a_pod_creates_none() {
    // A node that keeps a running Pod (a NoSchedule taint not tolerated) but gets no new one:
    // NotReady, its warning says so instead of "the Pod is created".
    let dir = std::env::temp_dir().join(format!("dsctl-notready-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let nodes = std::fs::read_to_string(fixture("preview/taints.nodes.yaml")).unwrap();
    let with_status = format!(
        "{nodes}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: not-ready-keeper\nspec:\n  taints:\n  - {{key: dedicated, value: db, effect: NoSchedule}}\nstatus:\n  conditions:\n  - {{type: Ready, status: \"False\"}}\n"
    );
    let f = dir.join("nodes.yaml");
    std::fs::write(&f, with_status).unwrap();
    let run = dsctl(
        &[
            "preview",
            &fixture("preview/taints.ds.yaml"),
            "--nodes",
            f.to_str().unwrap(),
            "-o",
            "json",
        ],
        None,
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let node = v["daemonSets"][0]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "not-ready-keeper")
        .expect("the added node")
        .clone();
    assert_eq!(node["shouldRun"], false, "{node}");
    assert_eq!(node["shouldContinueRunning"], true, "{node}");
    let warning = node["warnings"][0]["message"].as_str().unwrap_or_default();
    assert!(
        warning.contains("a Pod running there stays") && !warning.contains("is created"),
        "{node}"
    );
}
