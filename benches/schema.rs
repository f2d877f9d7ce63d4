//! Schema-check timings, without a framework (`harness = false`):
//!
//! ```sh
//! cargo bench --bench schema                 # cold first check, then warm throughput
//! cargo bench --bench schema -- once FILE    # one process, one file: what pre-commit pays
//! ```
//!
//! The cold number is only meaningful once per process, so it is measured first; run the bench a
//! few times to see its spread.

use dsctl::schema::{KubeVersion, SchemaOutcome, check, latest};
use serde_json::Value;
use std::time::{Duration, Instant};

const FIXTURES: &[&str] = &[
    "fluent-bit-kubernetes-logging--fluent-bit-ds.yaml",
    "datadog-agent--daemonset.yaml",
    "cilium--cilium-ds.yaml",
    "kubernetes-examples--frontend-deployment.yaml",
    "k9s--ds.json",
    "daemonset-label-boolean.yaml",
];

fn load(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let docs: Vec<Value> =
        serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    docs.into_iter().filter(|d| !d.is_null()).collect()
}

fn fixture(name: &str) -> String {
    format!("{}/fixtures/schema/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn violations(outcome: &SchemaOutcome) -> usize {
    match outcome {
        SchemaOutcome::Checked(v) => v.len(),
        _ => 0,
    }
}

/// Read, parse and check one file, as a pre-commit hook run on one manifest does.
fn once(path: &str) {
    let start = Instant::now();
    let docs = load(path);
    let parsed = start.elapsed();
    let found: usize = docs
        .iter()
        .map(|d| violations(&check(d, latest(), true)))
        .sum();
    let total = start.elapsed();
    println!(
        "once: {} documents, {found} violations; parse {:?}, check {:?}, total {:?}",
        docs.len(),
        parsed,
        total - parsed,
        total
    );
}

fn per_doc(elapsed: Duration, n: usize) -> String {
    format!("{:.1} µs/doc", elapsed.as_secs_f64() * 1e6 / n as f64)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [mode, path] = args.as_slice()
        && mode == "once"
    {
        once(path);
        return;
    }

    let daemonset = load(&fixture(FIXTURES[0])).remove(0);
    let start = Instant::now();
    let first = check(&daemonset, latest(), true);
    println!(
        "cold first check of a DaemonSet (index, inflate, compile, validate): {:?} ({} violations)",
        start.elapsed(),
        violations(&first)
    );
    let start = Instant::now();
    check(&daemonset, latest(), true);
    println!("second check of the same DaemonSet: {:?}", start.elapsed());

    let pool: Vec<Value> = FIXTURES
        .iter()
        .flat_map(|name| load(&fixture(name)))
        .filter(|d| d.get("kind").and_then(Value::as_str).is_some())
        .collect();
    let n = 10_000;
    let docs: Vec<&Value> = pool.iter().cycle().take(n).collect();
    let version: KubeVersion = latest();
    for d in &pool {
        check(d, version, true);
    }

    let start = Instant::now();
    let found: usize = docs
        .iter()
        .map(|d| violations(&check(d, version, true)))
        .sum();
    let one = start.elapsed();
    println!(
        "warm, 1 thread: {n} documents in {one:?} ({}), {found} violations",
        per_doc(one, n)
    );

    let start = Instant::now();
    let found: usize = std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(n / 2)
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|d| violations(&check(d, version, true)))
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    let two = start.elapsed();
    println!(
        "warm, 2 threads: {n} documents in {two:?} ({}), {found} violations",
        per_doc(two, n)
    );
}
