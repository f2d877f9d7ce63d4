//! `dsctl preview` what-if flags end to end: `--label`, `--unlabel`, `--taint`, `--cordon`,
//! `--uncordon` on corpus DaemonSets and inventories and on `fixtures/whatif/`.

use crate::common;
use crate::common::{dsctl, fixture};
use serde_json::{Value, json};

const GFD: &str = "corpus/daemonsets/k8s-device-plugin--gpu-feature-discovery-daemonset.yaml";
const NDP: &str = "corpus/daemonsets/k8s-device-plugin--nvidia-device-plugin.yml";
const EXPORTER: &str = "corpus/daemonsets/kube-prometheus--node-exporter-daemonset.yaml";
const CLUSTER: &str = "whatif/cluster.nodes.yaml";

/// `preview DS --nodes NODES EXTRA...`; paths are relative to `fixtures/`.
fn preview(ds: &str, nodes: &str, extra: &[&str]) -> common::Run {
    let mut a = vec![
        "preview".to_string(),
        fixture(ds),
        "--nodes".to_string(),
        fixture(nodes),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    dsctl(&a, None)
}

fn answer(ds: &str, nodes: &str, extra: &[&str]) -> String {
    let run = preview(ds, nodes, extra);
    assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    run.stdout
}

fn refused(ds: &str, nodes: &str, extra: &[&str]) -> String {
    let run = preview(ds, nodes, extra);
    assert_eq!(run.code, 2, "{extra:?}: {}", run.stdout);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    run.stderr
}

#[test]
fn label_a_node_and_it_gains_a_pod() {
    assert_eq!(
        answer(
            GFD,
            CLUSTER,
            &["--label", "cpu-1", "nvidia.com/gpu.present=true"]
        ),
        "What if: label cpu-1 nvidia.com/gpu.present=true\n+ cpu-1 gains a Pod\n1 node gains a Pod, 0 lose one\n"
    );
    // `all` labels every node of a real inventory.
    assert_eq!(
        answer(
            EXPORTER,
            "corpus/nodes/kube-router--nodes.yaml",
            &["--label", "all", "beta.kubernetes.io/os=linux"]
        ),
        "What if: label all nodes beta.kubernetes.io/os=linux\n+ kube-router-vm1 gains a Pod\n+ kube-router-vm2 gains a Pod\n2 nodes gain a Pod, 0 lose one\n"
    );
}

#[test]
fn unlabel_a_node_and_it_loses_its_pod() {
    assert_eq!(
        answer(
            EXPORTER,
            "corpus/nodes/popeye-node--1.yaml",
            &["--unlabel", "n2", "beta.kubernetes.io/os"]
        ),
        "What if: label n2 beta.kubernetes.io/os-\n- n2 loses a Pod\n0 nodes gain a Pod, 1 loses one\n"
    );
}

#[test]
fn taint_and_untaint_like_kubectl_taint() {
    // A NoExecute taint the device plugin does not tolerate, on every node; the gpu taint it
    // does tolerate removed from gpu-1 (every effect, `KEY-`) changes nothing there. The
    // control plane got no new Pod (its NoSchedule taint) but kept a running one: NoExecute
    // evicts that one too.
    assert_eq!(
        answer(
            NDP,
            CLUSTER,
            &[
                "--taint",
                "all",
                "dedicated=infra:NoExecute",
                "--taint",
                "gpu-1",
                "nvidia.com/gpu-"
            ]
        ),
        "What if: taint all nodes dedicated=infra:NoExecute; taint gpu-1 nvidia.com/gpu-\n- control-plane-1 loses its running Pod (evicted: it no longer tolerates the node's taints)\n- cpu-1 loses a Pod\n- cpu-2 loses a Pod\n- gpu-1 loses a Pod\n0 nodes gain a Pod, 4 lose one\n"
    );
    // Removing the control-plane taint by key and effect (a value is ignored, as kubectl does).
    for spec in [
        "node-role.kubernetes.io/control-plane:NoSchedule-",
        "node-role.kubernetes.io/control-plane=x:NoSchedule-",
    ] {
        assert_eq!(
            answer(NDP, CLUSTER, &["--taint", "control-plane-1", spec]),
            "What if: taint control-plane-1 node-role.kubernetes.io/control-plane:NoSchedule-\n+ control-plane-1 gains a Pod\n1 node gains a Pod, 0 lose one\n"
        );
    }
    // A PreferNoSchedule taint never keeps a DaemonSet Pod away.
    assert!(
        answer(NDP, CLUSTER, &["--taint", "cpu-1", "spot:PreferNoSchedule"])
            .ends_with("\n0 nodes gain a Pod, 0 lose one\n")
    );
}

#[test]
fn cordon_alone_changes_nothing_and_says_why() {
    let out = answer(NDP, CLUSTER, &["--cordon", "cpu-1", "--cordon", "all"]);
    assert_eq!(
        out,
        "What if: cordon cpu-1; cordon all nodes\n0 nodes gain a Pod, 0 lose one\n\
         note: nothing changes: cordoning does not move DaemonSet Pods: the DaemonSet controller gives every DaemonSet Pod a toleration for node.kubernetes.io/unschedulable:NoSchedule and ignores spec.unschedulable; drain with `kubectl drain --ignore-daemonsets` leaves them running too\n"
    );
    let out = answer(NDP, CLUSTER, &["--uncordon", "gpu-1"]);
    assert!(out.contains("note: nothing changes: cordoning"), "{out}");
}

#[test]
fn combined_flags_apply_in_order_and_json_lists_them() {
    let run = preview(
        GFD,
        CLUSTER,
        &[
            "-o",
            "json",
            "--cordon",
            "cpu-2",
            "--label",
            "cpu-2",
            "nvidia.com/gpu.present=true",
            "--label",
            "cpu-1",
            "nvidia.com/gpu.present=true",
            "--unlabel",
            "cpu-1",
            "nvidia.com/gpu.present",
            "--taint",
            "gpu-1",
            "nvidia.com/gpu:NoSchedule-",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    assert_eq!(
        v["whatIf"],
        json!([
            "label cpu-2 nvidia.com/gpu.present=true",
            "label cpu-1 nvidia.com/gpu.present=true",
            "label cpu-1 nvidia.com/gpu.present-",
            "taint gpu-1 nvidia.com/gpu:NoSchedule-",
            "cordon cpu-2"
        ])
    );
    // cpu-1 is labelled then unlabelled; gpu-1 loses the taint the discovery Pod did not
    // tolerate; cpu-2 gains despite the cordon.
    assert_eq!(
        v["daemonSets"][0]["changes"],
        json!([{"node": "cpu-2", "change": "gains"}, {"node": "gpu-1", "change": "gains"}])
    );
    assert_eq!(
        v["notes"][0]
            .as_str()
            .map(|n| n.starts_with("cordoning does not move")),
        Some(true)
    );
}

#[test]
fn what_if_feeds_rollout_and_explain() {
    let out = answer(
        EXPORTER,
        "corpus/nodes/popeye-node--1.yaml",
        &["--rollout", "--label", "n1", "beta.kubernetes.io/os=linux"],
    );
    assert!(
        out.starts_with("What if: label n1 beta.kubernetes.io/os=linux\nDaemonSet monitoring/node-exporter: RollingUpdate over 5 nodes that get a Pod\n"),
        "{out}"
    );
    let out = answer(
        EXPORTER,
        "corpus/nodes/popeye-node--1.yaml",
        &[
            "--explain",
            "n1",
            "--label",
            "n1",
            "beta.kubernetes.io/os=linux",
        ],
    );
    assert!(out.contains("Verdict: shouldRun=true"), "{out}");
}

#[test]
fn bad_what_if_values_exit_2() {
    assert_eq!(
        refused(NDP, CLUSTER, &["--cordon", "nope"]),
        "fixtures/whatif/cluster.nodes.yaml: error: no node \"nope\" in the inventory\n"
    );
    assert_eq!(
        refused(NDP, CLUSTER, &["--label", "cpu-1", "novalue"]),
        "dsctl: error: --label cpu-1 novalue: expected KEY=VALUE\n"
    );
    assert!(
        refused(NDP, CLUSTER, &["--label", "cpu-1", "k=bad value"])
            .starts_with("dsctl: error: --label: invalid value \"bad value\": ")
    );
    assert!(
        refused(NDP, CLUSTER, &["--unlabel", "cpu-1", "bad key"])
            .starts_with("dsctl: error: --unlabel: invalid key \"bad key\": ")
    );
    assert_eq!(
        refused(NDP, CLUSTER, &["--taint", "cpu-1", "k=v:Sometimes"]),
        "dsctl: error: --taint: invalid taint \"k=v:Sometimes\": effect must be NoSchedule, PreferNoSchedule or NoExecute, got \"Sometimes\"\n"
    );
    assert_eq!(
        refused(NDP, CLUSTER, &["--taint", "cpu-1", "gone:NoSchedule-"]),
        "fixtures/whatif/cluster.nodes.yaml: error: taint cpu-1 gone:NoSchedule-: no such taint on the node(s)\n"
    );
    assert!(
        refused(NDP, CLUSTER, &["--label", "cpu-1"])
            .contains("2 values required for '--label <NODE> <KEY=VALUE>'")
    );
}
