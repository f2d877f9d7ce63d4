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
            matches!(
                d.get("kind").and_then(Value::as_str),
                Some("DaemonSet" | "Deployment")
            )
        })
        .map(|d| DaemonSet::from_value(d).unwrap_or_else(|e| panic!("{rel}: {e}")))
        .collect()
}

fn nodes(rel: &str) -> Vec<Node> {
    inventory::parse_nodes(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_real_node_object_loads() {
    let dir = fixture("nodes");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 14);
    for path in entries {
        let rel = format!(
            "nodes/{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        let list = nodes(&rel);
        assert!(!list.is_empty(), "{rel}: no nodes");
        assert!(list.iter().all(|n| !n.name.is_empty()), "{rel}");
    }
}
