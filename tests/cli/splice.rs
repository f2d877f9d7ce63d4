//! The YAML splicer on real files: every edit it makes must read back as the value it was
//! asked for, and it should rarely have to give up (a give-up costs the document's comments).

use crate::common;
use dsctl::convert::splice::{apply, document_edits, sorted_without_overlaps};
use serde_json::{Value, json};

/// Variations of a document: each top-level and `spec` key removed, a key added, a scalar
/// changed to a YAML 1.1 trap.
fn variations(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let Some(obj) = v.as_object() else {
        return out;
    };
    for k in obj.keys().filter(|k| *k != "kind") {
        let mut t = obj.clone();
        t.shift_remove(k);
        out.push(Value::Object(t));
    }
    if let Some(spec) = obj.get("spec").and_then(Value::as_object) {
        for k in spec.keys() {
            let mut t = v.clone();
            t["spec"].as_object_mut().unwrap().shift_remove(k);
            out.push(t);
        }
    }
    // What convert itself asks for, with every flag.
    let opts = dsctl::convert::Options {
        node_selector: vec![("kubernetes.io/os".into(), "linux".into())],
        tolerate_control_plane: true,
        tolerate_all: true,
        priority_class: Some("system-node-critical".into()),
        max_surge: dsctl::convert::IntOrPercent::parse("10%").ok(),
        name: Some("yes".into()),
        namespace: Some("0777".into()),
        ..Default::default()
    };
    for o in [dsctl::convert::Options::default(), opts] {
        out.push(dsctl::convert::convert_object(v, &o).value);
    }
    if obj.get("metadata").is_some_and(Value::is_object) {
        let mut t = v.clone();
        t["metadata"]["name"] = json!("on");
        t["metadata"]["zz-added"] = json!({"a": "yes", "list": ["0777", {"b": ""}]});
        out.push(t);
    }
    out
}

#[test]
fn splices_read_back_as_their_target() {
    let (mut tried, mut gave_up) = (0, 0);
    for dir in ["corpus/deployments", "corpus/daemonsets", "convert"] {
        for path in common::files_in(dir) {
            let name = path.display().to_string();
            if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(docs) = dsctl::manifest::load(&bytes) else {
                continue;
            };
            let text = dsctl::manifest::decode(&bytes).unwrap();
            for doc in &docs {
                for target in variations(&doc.value) {
                    if target == doc.value {
                        continue;
                    }
                    tried += 1;
                    let Some(edits) =
                        document_edits(text, text.contains("\r\n"), &doc.root, &target)
                    else {
                        gave_up += 1;
                        continue;
                    };
                    let out = apply(text, &sorted_without_overlaps(edits).unwrap())
                        .expect("edits on character boundaries");
                    // Removing an anchor that an alias uses breaks the text; the converter's
                    // verification catches that and re-emits the document.
                    let Ok(again) = dsctl::manifest::parse(&out) else {
                        assert!(
                            text.contains('&'),
                            "{name}: spliced text does not parse:\n{out}"
                        );
                        gave_up += 1;
                        continue;
                    };
                    let back = again.iter().find(|d| d.index == doc.index);
                    assert_eq!(
                        back.map(|d| &d.value),
                        Some(&target),
                        "{name} document {}",
                        doc.index
                    );
                }
            }
        }
    }
    assert!(tried > 1000, "{tried}");
    // Only anchors, aliases and merge keys are expected to be beyond the splicer.
    assert!(gave_up * 100 < tried, "gave up {gave_up} of {tried}");
    eprintln!("spliced {} of {tried} variations", tried - gave_up);
}
