//! Placement against hand-written fixtures (one per rule, with the expected verdicts and
//! reasons) and against real nodes and DaemonSets from other projects.

use std::path::{Path, PathBuf};

use dsctl::inventory::{self, Node};
use dsctl::k8s::DaemonSet;
use dsctl::preview::{
    self, ChangeKind, DaemonSetPreview, NodeVerdict, baseline, explain, render_json, render_names,
    render_pod, render_table,
};
use serde_json::Value;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every DaemonSet or Deployment in a YAML/JSON file, Lists flattened.
fn workloads(rel: &str) -> Vec<DaemonSet> {
    let text = read(rel);
    let docs: Vec<Value> = if rel.ends_with(".json") {
        vec![serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))]
    } else {
        serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let mut flat = Vec::new();
    for d in docs {
        match d.get("items").and_then(Value::as_array) {
            Some(items) if d.get("kind").and_then(Value::as_str) == Some("List") => {
                flat.extend(items.iter().cloned())
            }
            _ => flat.push(d),
        }
    }
    flat.iter()
        .filter(|d| {
            d.get("kind")
                .and_then(Value::as_str)
                .is_some_and(|k| dsctl::k8s::workload::PREVIEWED_KINDS.contains(&k))
        })
        .map(|d| DaemonSet::from_value(d).unwrap_or_else(|e| panic!("{rel}: {e}")))
        .collect()
}

fn nodes(rel: &str) -> Vec<Node> {
    inventory::parse_nodes(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_real_node_object_loads() {
    let dir = fixture("corpus/nodes");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 14);
    for path in entries {
        let rel = format!(
            "corpus/nodes/{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        let list = nodes(&rel);
        assert!(!list.is_empty(), "{rel}: no nodes");
        assert!(list.iter().all(|n| !n.name.is_empty()), "{rel}");
    }
}

/// Each `fixtures/preview/<rule>.ds.yaml` runs against `<rule>.nodes.yaml`; `<rule>.expected.tsv`
/// lists node, shouldRun, shouldContinueRunning, reason codes and warning codes.
#[test]
fn rule_fixtures_give_the_expected_verdicts() {
    let dir = fixture("preview");
    let mut rules: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".ds.yaml")
                .map(str::to_string)
        })
        .collect();
    rules.sort();
    assert!(rules.len() >= 12, "{rules:?}");
    for rule in rules {
        let ds = workloads(&format!("preview/{rule}.ds.yaml"));
        assert_eq!(ds.len(), 1, "{rule}");
        let verdicts = preview::preview(&ds[0], &nodes(&format!("preview/{rule}.nodes.yaml")));
        let expected = read(&format!("preview/{rule}.expected.tsv"));
        let lines: Vec<&str> = expected.lines().collect();
        assert_eq!(lines.len(), verdicts.len(), "{rule}: node count");
        for (line, v) in lines.iter().zip(&verdicts) {
            let f: Vec<&str> = line.split('\t').collect();
            let codes =
                |rs: &[preview::Reason]| rs.iter().map(|r| r.code).collect::<Vec<_>>().join(",");
            let got = format!(
                "{}\t{}\t{}\t{}\t{}",
                v.name,
                v.should_run,
                v.should_continue_running,
                codes(&v.reasons),
                codes(&v.warnings)
            );
            assert_eq!(got, f.join("\t"), "{rule}: {:?}", v.reasons);
        }
    }
}

fn verdict<'a>(vs: &'a [NodeVerdict], name: &str) -> &'a NodeVerdict {
    vs.iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no verdict for {name}"))
}

fn run_rule(rule: &str) -> (DaemonSet, Vec<Node>, Vec<NodeVerdict>) {
    let ds = workloads(&format!("preview/{rule}.ds.yaml")).remove(0);
    let ns = nodes(&format!("preview/{rule}.nodes.yaml"));
    let vs = preview::preview(&ds, &ns);
    (ds, ns, vs)
}

#[test]
fn reasons_carry_the_values() {
    let (_, _, vs) = run_rule("node-selector");
    let m = &verdict(&vs, "wrong-value").reasons[0].message;
    assert_eq!(m, "nodeSelector wants disktype=ssd, node has disktype=hdd");
    let m = &verdict(&vs, "missing").reasons[0].message;
    assert!(
        m.contains("node has no label feature.node.kubernetes.io/gpu"),
        "{m}"
    );

    let (_, _, vs) = run_rule("taints");
    let m = &verdict(&vs, "noexecute").reasons[0].message;
    assert!(
        m.contains("gpu=true:NoExecute") && m.contains("evicted"),
        "{m}"
    );

    let (_, _, vs) = run_rule("affinity-operators");
    let m = &verdict(&vs, "term0-batch").reasons[0].message;
    assert!(
        m.contains("term 0: matchExpressions[1] pool NotIn [\"batch\"]: node has pool=\"batch\""),
        "{m}"
    );
    let (_, _, vs) = run_rule("affinity-invalid");
    let m = &verdict(&vs, "a").reasons[0].message;
    assert!(
        m.contains("term 0 is invalid") && m.contains("must be an integer"),
        "{m}"
    );

    let (_, _, vs) = run_rule("resources");
    let m = &verdict(&vs, "small-cpu").warnings[0].message;
    assert!(m.contains("cpu: requests 4, allocatable 3500m"), "{m}");
}

#[test]
fn real_daemonsets_preview_against_real_nodes() {
    let mut all_nodes = Vec::new();
    for f in [
        "corpus/nodes/kwok--node.yaml",
        "corpus/nodes/kwok--virtual-gpu-node.yaml",
        "corpus/nodes/k9s--n1.json",
        "corpus/nodes/popeye-node--1.yaml",
        "corpus/nodes/kube-router--nodes.yaml",
        "corpus/nodes/kubernetes-apimachinery--node.yaml",
    ] {
        all_nodes.extend(nodes(f));
    }
    let mut files = Vec::new();
    for sub in ["corpus/daemonsets", "corpus/deployments"] {
        let dir = fixture(sub);
        let mut found: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .filter_map(|e| Some(format!("{sub}/{}", e.file_name().to_str()?)))
            .collect();
        found.sort();
        files.extend(found);
    }
    let mut total = 0;
    for f in &files {
        for ds in workloads(f) {
            let vs = preview::preview(&ds, &all_nodes);
            assert_eq!(vs.len(), all_nodes.len());
            for v in &vs {
                assert!(
                    v.should_run || !v.reasons.is_empty(),
                    "{f}: {} has no reason",
                    v.name
                );
            }
            total += 1;
        }
    }
    assert!(total >= 80, "{total}");

    // Spot checks where the real manifests decide.
    let windows = workloads(
        "corpus/daemonsets/secrets-store-csi-driver--secrets-store-csi-driver-windows.yaml",
    );
    let vs = preview::preview(&windows[0], &all_nodes);
    assert!(
        vs.iter().all(|v| !v.should_run),
        "no windows node in the set"
    );
    let gpu = workloads("corpus/daemonsets/kubernetes-nvidia-gpu--daemonset.yaml");
    let vs = preview::preview(&gpu[0], &all_nodes);
    assert!(
        vs.iter()
            .all(|v| v.reasons.iter().any(|r| r.code == "affinity-mismatch"))
    );
    let exporter = workloads("corpus/daemonsets/kube-prometheus--nodeExporter-daemonset.yaml");
    let vs = preview::preview(&exporter[0], &all_nodes);
    for (v, n) in vs.iter().zip(&all_nodes) {
        let linux = n.labels.get("kubernetes.io/os").map(String::as_str) == Some("linux");
        assert_eq!(
            v.should_run, linux,
            "node-exporter tolerates everything and selects linux: {v:?}"
        );
    }
}

#[test]
fn explain_walks_every_step() {
    let (ds, ns, _) = run_rule("taints");
    let node = ns
        .iter()
        .find(|n| n.name == "wrong-value")
        .cloned()
        .unwrap_or_default();
    let text = explain(&ds, &node);
    assert!(
        text.starts_with("DaemonSet kube-system/taints on node wrong-value\n"),
        "{text}"
    );
    assert!(text.contains("1. spec.template.spec.nodeName: not set - passes"));
    assert!(text.contains("4. taints (NoSchedule and NoExecute) against 9 toleration(s): 3 from the template, 6 added by the controller"), "{text}");
    assert!(
        text.contains(
            "dedicated=db:NoSchedule: NOT tolerated - shouldRun=false (a running Pod may stay)"
        ),
        "{text}"
    );
    assert!(text.contains("Verdict: shouldRun=false, shouldContinueRunning=true"));

    let (ds, ns, _) = run_rule("affinity-operators");
    let text = explain(&ds, &ns[2]);
    assert!(
        text.contains("3. required node affinity: 2 term(s), ORed - FAILS"),
        "{text}"
    );
    assert!(
        text.contains("term 0: does not match: matchExpressions[0] zone In [\"a\", \"b\"]"),
        "{text}"
    );

    let (ds, ns, _) = run_rule("controller-tolerations");
    let text = explain(&ds, &ns[4]);
    assert!(
        text.contains("spec.unschedulable is set: the controller ignores it"),
        "{text}"
    );
}

#[test]
fn render_pod_pins_node_affinity_and_daemon_tolerations() {
    let (ds, ns, _) = run_rule("taints");
    let pod = render_pod(&ds, &ns[0]);
    assert_eq!(pod["kind"], "Pod");
    assert_eq!(pod["metadata"]["generateName"], "taints-");
    assert_eq!(pod["metadata"]["namespace"], "kube-system");
    assert_eq!(pod["metadata"]["labels"]["app"], "taints");
    assert_eq!(
        pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"],
        serde_json::json!({"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["clean"]}]}]})
    );
    let tolerations = pod["spec"]["tolerations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let keys: Vec<&str> = tolerations
        .iter()
        .filter_map(|t| t["key"].as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "dedicated",
            "spot",
            "maintenance",
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
            "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/memory-pressure",
            "node.kubernetes.io/pid-pressure",
            "node.kubernetes.io/unschedulable",
        ]
    );
    assert_eq!(
        tolerations[3],
        serde_json::json!({"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"})
    );
    assert_eq!(
        tolerations[2]["tolerationSeconds"], 60,
        "template tolerations are kept as written"
    );

    // An existing required affinity is replaced, preferred terms kept; hostNetwork adds one more.
    let (ds, ns, _) = run_rule("affinity-operators");
    let pod = render_pod(&ds, &ns[0]);
    let terms = &pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
        ["nodeSelectorTerms"];
    assert_eq!(terms.as_array().map(Vec::len), Some(1));
    assert_eq!(terms[0]["matchFields"][0]["values"][0], "term0-all");
    assert!(pod["spec"]["affinity"]["podAntiAffinity"].is_object());
    let (ds, ns, _) = run_rule("host-network");
    let pod = render_pod(&ds, &ns[0]);
    assert_eq!(pod["spec"]["tolerations"].as_array().map(Vec::len), Some(7));
    assert_eq!(
        pod["spec"]["tolerations"][6]["key"],
        "node.kubernetes.io/network-unavailable"
    );
}

#[test]
fn baseline_reports_gains_and_losses() {
    let (_, _, old) = run_rule("controller-tolerations");
    let (_, _, new) = run_rule("host-network");
    let changes = baseline(&old, &new);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].node, "network-unavailable");
    assert_eq!(changes[0].change, ChangeKind::Gains);
    assert_eq!(
        preview::render_changes(&changes),
        "+ network-unavailable gains a Pod\n1 node gains a Pod, 0 lose one\n"
    );
    let changes = baseline(&new, &old);
    assert_eq!(changes[0].change, ChangeKind::Loses);
    let fewer = &new[..2];
    let changes = baseline(&new, fewer);
    assert!(changes.iter().all(|c| c.change == ChangeKind::Loses));
    assert_eq!(
        changes.len(),
        new.iter().skip(2).filter(|v| v.should_run).count()
    );
}

fn sample() -> Vec<DaemonSetPreview> {
    let (ds, _, mut vs) = run_rule("taints");
    vs.truncate(6);
    vs[0].name = "clean\u{1b}[31m".into();
    vec![DaemonSetPreview {
        kind: "DaemonSet".to_string(),
        name: ds.name,
        namespace: ds.namespace,
        nodes: vs,
        warnings: Vec::new(),
    }]
}

#[test]
fn table_renders_rows_reasons_and_summary() {
    let text = render_table(&sample(), false, false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["NODE", "RUN", "REASON"]
    );
    assert!(
        lines[1].starts_with("clean\\u{1b}[31m ") && lines[1].ends_with(" yes"),
        "control characters are escaped: {text}"
    );
    assert!(text.contains("wrong-value                  no (keeps)  taint-not-tolerated: taint dedicated=db:NoSchedule is not tolerated"), "{text}");
    assert_eq!(
        lines.last().copied(),
        Some("4 of 6 nodes get a Pod; 1 more keeps a running Pod (NoSchedule taint not tolerated)")
    );
    let wide = render_table(&sample(), true, false);
    assert!(wide.lines().next().is_some_and(|l| l.contains("MATTERED")));
    assert!(wide.contains("gpu=true:NoExecute"), "{wide}");
    let colored = render_table(&sample(), false, true);
    assert!(colored.contains("\u{1b}[32myes"), "{colored}");
}

#[test]
fn names_and_json_renderers() {
    let names = render_names(&sample());
    assert_eq!(names.lines().count(), 4);
    assert!(names.starts_with("clean\\u{1b}[31m\n"));
    let json = render_json(&sample());
    assert_eq!(json["version"], 1);
    let ds = &json["daemonSets"][0];
    assert_eq!(ds["name"], "taints");
    assert_eq!(ds["namespace"], "kube-system");
    assert_eq!(
        ds["summary"],
        serde_json::json!({"nodes": 6, "shouldRun": 4, "shouldContinueRunning": 5})
    );
    let node = &ds["nodes"][4];
    assert_eq!(node["name"], "wrong-value");
    assert_eq!(node["shouldRun"], false);
    assert_eq!(node["shouldContinueRunning"], true);
    assert_eq!(node["reasons"][0]["code"], "taint-not-tolerated");
    assert!(node["warnings"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn codes_are_unique_kebab_case() {
    let mut seen = std::collections::HashSet::new();
    for c in preview::codes::ALL {
        assert!(seen.insert(c), "{c} twice");
        assert!(
            c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{c}"
        );
    }
}

/// Bad inventories fail with a 1-based line and column.
#[test]
fn bad_inventories_report_line_and_column() {
    let cases: &[(&str, &str, (usize, usize), &str)] = &[
        (
            "yaml syntax",
            "nodes:\n  - name: a\n   bad: [\n",
            (0, 0),
            "",
        ),
        (
            "kind",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n",
            (2, 7),
            "expected a Node, found a Pod",
        ),
        (
            "list item kind",
            "apiVersion: v1\nitems:\n- kind: Node\n  metadata: {name: a}\n- kind: Service\n  metadata: {name: s}\nkind: List\n",
            (5, 9),
            "items[1]: expected a Node, found a Service",
        ),
        (
            "list kind",
            "kind: ConfigMapList\nitems: []\n",
            (1, 7),
            "expected a List or NodeList of Nodes, found a ConfigMapList",
        ),
        (
            "missing name",
            "nodes:\n  - labels: {a: b}\n",
            (2, 5),
            "nodes[0]: node without a name",
        ),
        (
            "bad taint",
            "nodes:\n  - name: a\n    taints: [\"gpu=yes\"]\n",
            (3, 14),
            "invalid taint \"gpu=yes\"",
        ),
        (
            "duplicate label key",
            "nodes:\n  - name: a\n    labels: {x: \"1\", x: \"2\"}\n",
            (3, 22),
            "nodes[0].labels: duplicate key \"x\"",
        ),
        (
            "bad effect",
            "nodes:\n  - name: a\n    taints:\n      - gpu:Sometimes\n",
            (4, 9),
            "effect must be NoSchedule",
        ),
        (
            "duplicate",
            "nodes:\n  - name: a\n  - name: b\n  - name: a\n",
            (4, 11),
            "nodes[2]: duplicate node name \"a\"",
        ),
        (
            "duplicate across docs",
            "kind: Node\nmetadata: {name: a}\n---\nkind: Node\nmetadata: {name: a}\n",
            (4, 1),
            "duplicate node name \"a\"",
        ),
        (
            "bad quantity",
            "nodes:\n  - name: a\n    allocatable: {cpu: lots}\n",
            (3, 24),
            "allocatable[cpu]",
        ),
        ("not a mapping", "- a\n- b\n", (1, 1), "expected a Node"),
        (
            "json syntax",
            "{\"items\": [\n  {\"kind\": \"Node\",}\n]}",
            (2, 19),
            "trailing comma",
        ),
        (
            "json kind",
            "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}}",
            (1, 42),
            "expected a Node, found a Pod",
        ),
        (
            "json duplicate",
            "{\"kind\":\"List\",\"items\":[\n{\"kind\":\"Node\",\"metadata\":{\"name\":\"a\"}},\n{\"kind\":\"Node\",\"metadata\":{\"name\":\"a\"}}\n]}",
            (3, 39),
            "items[1]: duplicate node name \"a\"",
        ),
        (
            "json bad taint",
            "{\"nodes\":[{\"name\":\"a\",\"taints\":[\"x\"]}]}",
            (1, 37),
            "nodes[0]: invalid taint",
        ),
        (
            "json wrong type",
            "{\"kind\":\"Node\",\"metadata\":{\"name\":\"a\",\"labels\":[1]}}",
            // At the `[` of the value that is not a map.
            (1, 48),
            "invalid type",
        ),
        (
            "label alias to mapping",
            "a: &m {x: y}\nnodes:\n  - name: n\n    labels: *m\n",
            (4, 13),
            "aliases to mappings",
        ),
    ];
    for (what, text, (line, column), message) in cases {
        let err = inventory::parse_nodes(text)
            .err()
            .unwrap_or_else(|| panic!("{what}: accepted"));
        if *line > 0 {
            assert_eq!((err.line, err.column), (*line, *column), "{what}: {err}");
        } else {
            assert!(err.line > 0 && err.column > 0, "{what}: {err}");
        }
        assert!(err.message.contains(message), "{what}: {err}");
    }
}

#[test]
fn split_lists_keep_positions_and_indexes() {
    // kubectl's layout (column-0 items) takes the parallel path; positions must be absolute.
    let mut text = String::from("apiVersion: v1\nitems:\n");
    for i in 0..3000 {
        text.push_str(&format!("- apiVersion: v1\n  kind: Node\n  metadata:\n    name: n{i}\n    labels:\n      pad: \"{}\"\n", "x".repeat(50)));
    }
    text.push_str("- apiVersion: v1\n  kind: Node\n  metadata:\n    name: n7\nkind: List\nmetadata:\n  resourceVersion: \"\"\n");
    let err = inventory::parse_nodes(&text).err();
    let err = err.unwrap_or_else(|| panic!("duplicate accepted"));
    assert_eq!((err.line, err.column), (3 + 3000 * 6 + 3, 11), "{err}");
    assert_eq!(err.message, "items[3000]: duplicate node name \"n7\"");
    let ok = text.replace("name: n7\nkind", "name: last\nkind");
    assert_eq!(inventory::parse_nodes(&ok).map(|n| n.len()), Ok(3001));
}

#[test]
fn json_and_yaml_inventories_agree() {
    let from_yaml = nodes("corpus/nodes/kube-router--nodes.yaml");
    let json = serde_json::to_string(
        &serde_saphyr::from_str::<Value>(&read("corpus/nodes/kube-router--nodes.yaml"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    let from_json = inventory::parse_nodes(&json).unwrap_or_default();
    assert_eq!(from_yaml, from_json);
    assert!(from_yaml.len() >= 2);
}

/// Truncated and corrupted inventories are errors, never panics.
#[test]
fn damaged_inventories_never_panic() {
    for rel in [
        "corpus/nodes/kwok--node.yaml",
        "corpus/nodes/k9s--n1.json",
        "corpus/nodes/popeye-node--1.yaml",
    ] {
        let bytes = read(rel).into_bytes();
        let step = (bytes.len() / 200).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = inventory::read_nodes(&bytes[..cut]);
            let mut flipped = bytes.clone();
            flipped[cut] = match flipped[cut] {
                b':' => b'[',
                b' ' => b'\t',
                b'"' => b'{',
                _ => 0xFF,
            };
            let _ = inventory::read_nodes(&flipped[..]);
        }
    }
    let err = inventory::read_nodes(&b"nodes:\n  - name: a\xff\n"[..]).err();
    assert_eq!(err.map(|e| (e.line, e.column)), Some((2, 12)));
}

/// Layouts the splitter must keep whole or cut correctly all read the same nodes.
#[test]
fn yaml_layouts_read_alike() {
    let names = |text: &str| -> Vec<String> {
        inventory::parse_nodes(text)
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
            .into_iter()
            .map(|n| n.name)
            .collect()
    };
    let kubectl = "apiVersion: v1\nitems:\n# first\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: a\n\n- kind: Node\n  metadata: {name: b}\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
    let indented = "kind: List\nitems:\n  - kind: Node\n    metadata: {name: a}\n  - kind: Node\n    metadata: {name: b}\n";
    let flow = "{kind: NodeList, items: [{kind: Node, metadata: {name: a}}, {kind: Node, metadata: {name: b}}]}\n";
    let docs = "---\nkind: Node\nmetadata: {name: a}\n...\n---\nkind: Node\nmetadata:\n  name: b\n";
    let mixed = "kind: List\nitems:\n- kind: Node\n  metadata: {name: a}\n---\nkind: Node\nmetadata: {name: b}\n";
    let plan = "# planned\nnodes:\n- name: a\n- name: b\n";
    for text in [kubectl, indented, flow, docs, mixed, plan] {
        assert_eq!(names(text), ["a", "b"], "{text}");
    }
    // The list's kind may come after its items and still be checked.
    let err =
        inventory::parse_nodes("items:\n- kind: Node\n  metadata: {name: a}\nkind: PodList\n")
            .err();
    assert_eq!(
        err.map(|e| (e.line, e.message)),
        Some((
            4,
            "expected a List or NodeList of Nodes, found a PodList".into()
        ))
    );
}

#[test]
fn leading_blank_lines_keep_line_numbers() {
    let err = inventory::parse_nodes("\n\n\nkind: Pod\n").err();
    assert_eq!(err.map(|e| (e.line, e.column)), Some((4, 7)));
    let err = inventory::parse_nodes("\n\n{\"kind\": \"Pod\"}").err();
    assert_eq!(err.map(|e| e.line), Some(3));
}

#[test]
fn the_summary_verb_agrees_with_its_count() {
    // "1 of 1 node get a Pod" read wrong: the verb follows the count of nodes it speaks of.
    let run = |ds: &str, nodes: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dsctl"))
            .args(["preview", ds, "--nodes", nodes])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .output()
            .expect("dsctl runs")
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let ds = dir.path().join("ds.yaml");
    std::fs::write(
        &ds,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: a, image: a:1}]}\n",
    )
    .expect("write");
    let nodes = dir.path().join("nodes.yaml");
    std::fs::write(&nodes, "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n").expect("write");
    let out = run(ds.to_str().unwrap(), nodes.to_str().unwrap());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 of 1 node gets a Pod"), "{text}");
}
