//! `dsctl preview --rollout` end to end: the real binary on corpus DaemonSets and inventories and
//! on the hand-written strategies and inventories in `fixtures/rollout/`.

use crate::common;
use crate::common::{dsctl, fixture};
use serde_json::Value;

const ASSUMED: &str = "note: assumed: every node that gets a Pod runs an old Pod now (available unless the node is NotReady), and each wave's new Pods become available (Ready) before the next wave, except on NotReady nodes and on nodes that cannot fit the Pod\n";
const ORDER: &str = "note: the controller walks a map of nodes to Pods, which Go iterates in random order: the number of Pods per wave holds, but which nodes share a wave varies; dsctl lists them in inventory order\n";

/// `preview DS --nodes NODES --rollout EXTRA...`; paths are relative to `fixtures/`.
fn rollout(ds: &str, nodes: &str, extra: &[&str]) -> common::Run {
    let mut a = vec![
        "preview".to_string(),
        fixture(ds),
        "--nodes".to_string(),
        fixture(nodes),
        "--rollout".to_string(),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    let run = dsctl(&a, None);
    assert!(
        run.code == 0 || run.code == 2,
        "{a:?}: exit {}\n{}",
        run.code,
        run.stderr
    );
    run
}

fn ok(ds: &str, nodes: &str) -> String {
    let run = rollout(ds, nodes, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    run.stdout
}

fn json(ds: &str, nodes: &str) -> Value {
    let run = rollout(ds, nodes, &["-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout))
}

fn wave_sizes(v: &Value) -> Vec<usize> {
    v["daemonSets"][0]["rollout"]["waves"]
        .as_array()
        .map(|w| {
            w.iter()
                .map(|w| w["nodes"].as_array().map_or(0, Vec::len))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ten_percent_of_37_nodes_rounds_up_to_4_in_10_waves() {
    let out = ok(
        "corpus/daemonsets/datadog-agent--daemonset.yaml",
        "rollout/nodes-37.yaml",
    );
    let expected_head = "\
DaemonSet datadog: RollingUpdate over 37 nodes that get a Pod
  maxUnavailable: 10% of 37 nodes = 3.7, rounded up to 4
  maxSurge: 0 (default)
  minReadySeconds: 0
10 waves; each deletes up to 4 old Pods, then creates the replacements; at most 4 Pods down at once
WAVE  DOWN    NODES
1     4       worker-01, worker-02, worker-03, worker-04
";
    assert!(out.starts_with(expected_head), "{out}");
    assert!(
        out.ends_with(&format!("10    1       worker-37\n{ASSUMED}{ORDER}")),
        "{out}"
    );
}

#[test]
fn percentages_of_1_3_and_10_nodes() {
    let line = |ds: &str, nodes: &str| ok(ds, nodes).lines().nth(1).unwrap_or_default().to_string();
    let datadog = "corpus/daemonsets/datadog-agent--daemonset.yaml";
    assert_eq!(
        line(datadog, "rollout/nodes-1.yaml"),
        "  maxUnavailable: 10% of 1 node = 0.1, rounded up to 1"
    );
    assert_eq!(
        line(datadog, "rollout/nodes-3.yaml"),
        "  maxUnavailable: 10% of 3 nodes = 0.3, rounded up to 1"
    );
    assert_eq!(
        line(datadog, "rollout/nodes-10.yaml"),
        "  maxUnavailable: 10% of 10 nodes = 1"
    );
    assert_eq!(
        line("rollout/percent-33.ds.yaml", "rollout/nodes-3.yaml"),
        "  maxUnavailable: 33% of 3 nodes = 0.99, rounded up to 1"
    );
    let v = json("rollout/percent-33.ds.yaml", "rollout/nodes-10.yaml");
    let r = &v["daemonSets"][0]["rollout"];
    assert_eq!(r["maxUnavailable"]["value"], 4);
    assert_eq!(r["maxUnavailable"]["written"], "33%");
    assert_eq!(
        r["maxUnavailable"]["computed"],
        "33% of 10 nodes = 3.3, rounded up to 4"
    );
    assert_eq!(wave_sizes(&v), [4, 4, 2]);
}

#[test]
fn defaults_replace_one_node_at_a_time() {
    let v = json("rollout/default.ds.yaml", "rollout/nodes-3.yaml");
    let r = &v["daemonSets"][0]["rollout"];
    assert_eq!(r["maxUnavailable"]["computed"], "1 (default)");
    assert_eq!(r["maxUnavailable"]["defaulted"], true);
    assert_eq!(r["maxSurge"]["value"], 0);
    assert_eq!(r["method"], "delete-then-create");
    assert_eq!(r["complete"], true);
    assert_eq!(r["stall"], Value::Null);
    assert_eq!(wave_sizes(&v), [1, 1, 1]);
    // The placement contract is unchanged beside the new object.
    assert_eq!(v["version"], 1);
    assert_eq!(v["daemonSets"][0]["summary"]["shouldRun"], 3);
}

#[test]
fn zero_and_zero_percent_fall_back_to_one_unavailable() {
    let out = ok("rollout/zero-zero.ds.yaml", "rollout/nodes-10.yaml");
    assert!(
        out.contains("  maxUnavailable: 0% of 10 nodes = 0, and 0 with maxSurge 0 falls back to 1\n  maxSurge: 0\n"),
        "{out}"
    );
    assert!(
        out.contains("\n10 waves; each deletes up to 1 old Pod"),
        "{out}"
    );
    assert!(out.contains("note: maxUnavailable and maxSurge are both 0: the API server rejects this (dsctl validate: DS109); a controller given it anyway uses maxUnavailable 1\n"), "{out}");
}

#[test]
fn surge_only_creates_beside_the_old_pods() {
    let v = json("rollout/surge-only.ds.yaml", "rollout/nodes-3.yaml");
    let r = &v["daemonSets"][0]["rollout"];
    assert_eq!(r["method"], "surge");
    assert_eq!(r["maxUnavailable"]["value"], 0);
    assert_eq!(r["waves"][0]["surged"], 1);
    assert_eq!(r["waves"][0]["unavailable"], 0);
    assert_eq!(wave_sizes(&v), [1, 1, 1]);

    let out = ok("rollout/surge-percent.ds.yaml", "rollout/nodes-10.yaml");
    let expected_head = "\
DaemonSet monitoring/surge-percent: RollingUpdate over 10 nodes that get a Pod
  maxUnavailable: 0
  maxSurge: 25% of 10 nodes = 2.5, rounded up to 3
  minReadySeconds: 30
4 waves; each creates up to 3 new Pods beside the old ones, and an old Pod is deleted once the new one beside it is available; at most 3 nodes with two Pods at once
At least 4 x minReadySeconds (30s) = 120s, plus the time each wave's Pods take to become Ready
WAVE  SURGED  NODES
1     3       worker-01, worker-02, worker-03
";
    assert!(out.starts_with(expected_head), "{out}");
    assert!(out.contains("\n4     1       worker-10\n"), "{out}");
}

#[test]
fn surge_with_default_max_unavailable_is_rejected_but_simulated() {
    let out = ok(
        "rollout/surge-unset-unavailable.ds.yaml",
        "rollout/nodes-3.yaml",
    );
    assert!(
        out.contains("  maxUnavailable: 1 (default)\n  maxSurge: 1\n"),
        "{out}"
    );
    assert!(out.contains("note: maxUnavailable and maxSurge are both non-zero: the API server rejects this (dsctl validate: DS109; maxUnavailable defaults to 1, so a surge needs maxUnavailable: 0 written out); a controller given it anyway surges and ignores maxUnavailable\n"), "{out}");
}

#[test]
fn a_not_ready_node_uses_up_max_unavailable_and_stalls_the_rollout() {
    // Real inventory: n4 is NotReady, n5 cannot fit node-exporter's requests.
    let out = ok(
        "corpus/daemonsets/kube-prometheus--node-exporter-daemonset.yaml",
        "corpus/nodes/popeye-node--1.yaml",
    );
    assert!(out.contains("WAVE  DOWN    NODES\n1     1       n4\nSTALLS after wave 1: the new Pod on n4 (node-not-ready) never becomes available and uses up maxUnavailable (1); 3 nodes keep the old Pod: n2, n3, n5\n"), "{out}");

    let v = json("rollout/percent-33.ds.yaml", "rollout/troubled.nodes.yaml");
    let r = &v["daemonSets"][0]["rollout"];
    assert_eq!(r["complete"], false);
    assert_eq!(r["stall"]["waiting"], serde_json::json!(["worker-4"]));
    assert_eq!(
        r["stall"]["neverAvailable"],
        serde_json::json!([
            {"node": "worker-2", "code": "node-not-ready"},
            {"node": "tiny-1", "code": "insufficient-resources"}
        ])
    );
    // worker-2's unavailable old Pod is replaced at once, on top of the budget's one.
    assert_eq!(
        r["waves"][0]["nodes"],
        serde_json::json!(["worker-1", "worker-2"])
    );
    assert_eq!(
        r["waves"][1]["unavailable"], 2,
        "worker-2's new Pod still counts"
    );
    assert!(
        r["notes"][0]
            .as_str()
            .is_some_and(|n| n.starts_with("1 node would keep a running Pod but not get a new one")),
        "{r}"
    );
}

#[test]
fn surge_stalls_on_a_pod_that_never_becomes_available() {
    let out = ok("rollout/surge-only.ds.yaml", "rollout/troubled.nodes.yaml");
    assert!(out.contains("WAVE  SURGED  NODES\n1     2       worker-1, worker-2\nSTALLS after wave 1: the new Pod on worker-2 (node-not-ready) never becomes available and uses up maxSurge (1); 3 nodes keep the old Pod: worker-3, tiny-1, worker-4\n"), "{out}");
}

#[test]
fn on_delete_lists_the_pods_to_delete() {
    let out = ok(
        "corpus/daemonsets/gitops-engine--daemonset-ondelete.yaml",
        "rollout/nodes-3.yaml",
    );
    assert_eq!(
        out,
        "DaemonSet kube-system/fluentd-elasticsearch: OnDelete over 3 nodes that get a Pod\n\
         Nothing rolls out by itself: the controller creates a new Pod only where an old one is deleted. Delete the Pods on these 3 nodes (`kubectl delete pod -n kube-system POD`):\n  worker-1, worker-2, worker-3\n"
    );
    let v = json("rollout/on-delete.ds.yaml", "rollout/troubled.nodes.yaml");
    let r = &v["daemonSets"][0]["rollout"];
    assert_eq!(r["method"], "on-delete");
    assert_eq!(r["complete"], false);
    assert_eq!(r["waves"], serde_json::json!([]));
    assert_eq!(
        r["toDelete"],
        serde_json::json!(["worker-1", "worker-2", "worker-3", "tiny-1", "worker-4"])
    );
}

#[test]
fn corpus_strategies_resolve() {
    // cilium: maxUnavailable 2 on 3 nodes.
    let v = json(
        "corpus/daemonsets/cilium--cilium-ds.yaml",
        "rollout/nodes-3.yaml",
    );
    assert_eq!(v["daemonSets"][0]["rollout"]["maxUnavailable"]["value"], 2);
    assert_eq!(wave_sizes(&v), [2, 1]);
    // A Deployment is simulated with the DaemonSet defaults, and says so.
    let out = ok(
        "corpus/deployments/falcosidekick--deployment.yaml",
        "rollout/nodes-3.yaml",
    );
    assert!(
        out.contains("note: a Deployment's spec.strategy is not a DaemonSet update strategy"),
        "{out}"
    );
}

#[test]
fn unusable_strategies_exit_2_at_their_line() {
    let run = rollout("rollout/bad-string.ds.yaml", "rollout/nodes-3.yaml", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr,
        "fixtures/rollout/bad-string.ds.yaml:9:23: error: DaemonSet/monitoring/bad-string: spec.updateStrategy.rollingUpdate.maxUnavailable: invalid value \"1\": a string must be a percentage such as \"10%\" (the controller refuses it: string is not a percentage)\n"
    );
    let run = rollout("rollout/bad-type.ds.yaml", "rollout/nodes-3.yaml", &[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fixtures/rollout/bad-type.ds.yaml:8:11: error: DaemonSet/monitoring/bad-type: spec.updateStrategy.type: Unsupported value: \"Rolling\": supported values: \"OnDelete\", \"RollingUpdate\"\n"
    );
    // Without --rollout the strategy is not read, so placement still answers.
    let run = dsctl(
        &[
            "preview",
            &fixture("rollout/bad-type.ds.yaml"),
            "--nodes",
            &fixture("rollout/nodes-3.yaml"),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // --rollout answers a different question than a baseline comparison.
    let run = rollout(
        "rollout/default.ds.yaml",
        "rollout/nodes-3.yaml",
        &["--baseline", "fixtures/rollout/default.ds.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn nothing_to_roll_out_on_no_node_and_one_node_grammar() {
    let out = ok(
        "corpus/daemonsets/k8s-device-plugin--gpu-feature-discovery-daemonset.yaml",
        "whatif/cluster.nodes.yaml",
    );
    assert_eq!(
        out,
        "DaemonSet gpu-feature-discovery: RollingUpdate over 0 nodes that get a Pod
  maxUnavailable: 1 (default)
  maxSurge: 0 (default)
  minReadySeconds: 0
No node runs a Pod: nothing to roll out.
note: 1 node would keep a running Pod but not get a new one (NoSchedule taint not tolerated): an old Pod there is not in these waves, and the controller may delete it during the rollout without recreating it (gpu-1)
"
    );
    let out = ok("rollout/default.ds.yaml", "rollout/nodes-1.yaml");
    assert!(
        out.starts_with(
            "DaemonSet monitoring/default: RollingUpdate over 1 node that gets a Pod\n"
        ),
        "{out}"
    );
}
