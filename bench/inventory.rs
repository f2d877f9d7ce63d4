//! Inventory reading benchmark: `cargo bench --bench inventory -- [--baseline] FILE...`.
//!
//! For each FILE prints bytes, nodes, seconds and MB/s of `dsctl::inventory::read_nodes`
//! (and, with a DaemonSet via `--ds FILE`, of the preview too). `--baseline` instead times plain
//! serde_json derive deserialization of the same List into the kept fields: the yardstick for
//! the JSON reader. `--yaml-raw FILE` times granit-parser alone over the whole text on one and
//! two threads: the ceiling for the YAML reader.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

#[derive(Deserialize)]
#[allow(dead_code)]
struct List {
    items: Vec<Item>,
}
#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(dead_code)]
struct Item {
    kind: String,
    metadata: Meta,
    spec: Spec,
    status: Status,
}
#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(dead_code)]
struct Meta {
    name: String,
    labels: BTreeMap<String, String>,
}
#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(dead_code)]
struct Spec {
    taints: Vec<Taint>,
    unschedulable: bool,
}
#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(dead_code)]
struct Taint {
    key: String,
    value: String,
    effect: String,
}
#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(dead_code)]
struct Status {
    allocatable: BTreeMap<String, String>,
    conditions: Vec<Cond>,
}
#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(dead_code)]
struct Cond {
    #[serde(rename = "type")]
    kind: String,
    status: String,
}

fn main() {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let baseline = args.iter().any(|a| a == "--baseline");
    args.retain(|a| a != "--baseline");
    let mut ds = None;
    if let Some(i) = args.iter().position(|a| a == "--ds") {
        if i + 1 < args.len() {
            ds = Some(args.remove(i + 1));
        }
        args.remove(i);
    }
    let ds = ds.map(|p| {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap_or_default();
        dsctl::k8s::DaemonSet::from_value(&v).unwrap_or_else(|e| panic!("{p}: {e}"))
    });
    if args.first().map(String::as_str) == Some("--yaml-raw") {
        for path in &args[1..] {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let start = Instant::now();
            let n = granit_parser::Parser::new_from_str(&text).count();
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{path}: granit raw str: {n} events, {secs:.2} s, {:.1} MB/s",
                text.len() as f64 / secs / 1e6
            );
            let half = text.len() / 2;
            let cut = text[half..]
                .find("\n- ")
                .map_or(text.len(), |i| half + i + 1);
            let (a, b) = text.split_at(cut);
            let start = Instant::now();
            let n = std::thread::scope(|s| {
                let h = s.spawn(|| granit_parser::Parser::new_from_str(a).count());
                let m = granit_parser::Parser::new_from_str(b).count();
                h.join().unwrap_or(0) + m
            });
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{path}: granit raw str on 2 threads: {n} events, {secs:.2} s, {:.1} MB/s",
                text.len() as f64 / secs / 1e6
            );
            let start = Instant::now();
            let n = granit_parser::Parser::new_from_iter(text.chars()).count();
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{path}: granit raw chars: {n} events, {secs:.2} s, {:.1} MB/s",
                text.len() as f64 / secs / 1e6
            );
        }
        return;
    }
    for path in args {
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let file = File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let start = Instant::now();
        let (what, count) = if baseline {
            let list: List = serde_json::from_reader(BufReader::with_capacity(1 << 20, file))
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            ("serde_json derive baseline", list.items.len())
        } else {
            let nodes =
                dsctl::inventory::read_nodes(file).unwrap_or_else(|e| panic!("{path}: {e}"));
            if let Some(ds) = &ds {
                let t = Instant::now();
                let serial = dsctl::preview::preview_on(ds, &nodes, 1);
                let serial_secs = t.elapsed().as_secs_f64();
                let t = Instant::now();
                let v = dsctl::preview::preview(ds, &nodes);
                let run = v.iter().filter(|v| v.should_run).count();
                eprintln!(
                    "{run} of {} nodes get a Pod (preview {:.3} s on all cores, {serial_secs:.3} s on one)",
                    v.len(),
                    t.elapsed().as_secs_f64()
                );
                assert_eq!(serial, v);
            }
            ("dsctl inventory", nodes.len())
        };
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{path}: {what}: {count} nodes, {bytes} bytes, {secs:.2} s, {:.1} MB/s",
            bytes as f64 / secs / 1e6
        );
    }
}
