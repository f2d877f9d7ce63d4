//! Fuzzing on the stable toolchain: the bodies of the cargo-fuzz targets (`fuzz/targets.rs`) run
//! on mutations of the fixtures. No coverage guidance (that is `cargo +nightly fuzz`, see
//! `fuzz/smoke.sh`), but it needs no other toolchain, so every CI run fuzzes something.
//!
//! - `mutated_fixtures_survive` runs a fixed number of mutations from a fixed seed in every
//!   `cargo test`: deterministic, so a failure reproduces.
//! - `mutation_loop_*` (ignored) run for `DSCTL_FUZZ_SECONDS` (default 10) per target from
//!   `DSCTL_FUZZ_SEED` (default: the clock, printed); `.ci/run` runs them. A failing input is
//!   written to `target/fuzz-failures/` and named in the panic message.

#[path = "../../fuzz/targets.rs"]
pub(crate) mod targets;

use crate::common::root;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The largest input a mutation may grow to.
const MAX_LEN: usize = 128 * 1024;

/// The fixture folders each target's seeds come from (as `fuzz/seeds.sh` takes them).
fn seed_dirs(target: &str) -> &'static [&'static str] {
    const MANIFESTS: &[&str] = &[
        "corpus/daemonsets",
        "corpus/deployments",
        "convert",
        "rules",
        "schema",
        "examples",
        "hostile",
    ];
    match target {
        "inventory" => &["corpus/nodes", "preview", "hostile"],
        "events" => &[
            "corpus/daemonsets",
            "corpus/deployments",
            "corpus/nodes",
            "convert",
            "rules",
            "hostile",
        ],
        _ => MANIFESTS,
    }
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in seed_dirs(target) {
        let Ok(entries) = std::fs::read_dir(root().join("fixtures").join(dir)) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && matches!(
                            p.extension().and_then(|e| e.to_str()),
                            Some("yaml" | "yml" | "json")
                        )
                }),
        );
    }
    files.sort();
    let seeds: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|d| d.len() <= MAX_LEN)
        .collect();
    assert!(
        seeds.len() >= 10,
        "{target}: only {} seed files",
        seeds.len()
    );
    seeds
}

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that mean something to a YAML or JSON reader.
const SPECIAL: &[u8] = b":-[]{},&*!|>'\"#%@`?\n\r\t \\0123456789.~\x00\xff";

/// Tokens worth splicing in whole.
const TOKENS: &[&str] = &[
    "<<: *a",
    "&a ",
    "*a",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "!!str ",
    "!!binary ",
    "? ",
    "- ",
    "{}",
    "[]",
    "null",
    "~",
    "yes",
    "on",
    "0x1F",
    "0o17",
    "1e3",
    ".inf",
    "\"\\u0000\"",
    "'it''s'",
    "|-\n  ",
    ">+\n  ",
    "\t",
    "\u{feff}",
    "\u{202e}",
    "kind: List\nitems:\n- ",
    "apiVersion: apps/v1\nkind: DaemonSet\n",
    "\r\n",
];

fn mutate(rng: &mut Rng, data: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
            1 => data.insert(at, SPECIAL[rng.below(SPECIAL.len())]),
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                data.drain(at.min(len - 1)..end);
            }
            4 if len > 0 => {
                // Repeat a range: deep nesting, long lines, many keys.
                let start = at.min(len - 1);
                let end = (start + 1 + rng.below(256)).min(len);
                let chunk = data[start..end].to_vec();
                for _ in 0..1 + rng.below(8) {
                    data.splice(start..start, chunk.iter().copied());
                }
            }
            5 => {
                // Splice a piece of another seed.
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let s = rng.below(other.len());
                    let e = (s + 1 + rng.below(512)).min(other.len());
                    data.splice(at..at, other[s..e].iter().copied());
                }
            }
            6 => data.truncate(at),
            7 => {
                // Change the indentation of the line `at` is on.
                let line_start = data[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                if rng.below(2) == 0 {
                    data.splice(line_start..line_start, b"  ".iter().copied());
                } else if data.get(line_start) == Some(&b' ') {
                    data.remove(line_start);
                }
            }
            _ => {
                // Swap two lines.
                let lines: Vec<usize> = std::iter::once(0)
                    .chain(
                        data.iter()
                            .enumerate()
                            .filter(|(_, b)| **b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .filter(|&i| i < data.len())
                    .collect();
                if lines.len() >= 2 {
                    let a = lines[rng.below(lines.len())];
                    let line = |s: usize, d: &[u8]| {
                        let e = d[s..]
                            .iter()
                            .position(|&b| b == b'\n')
                            .map_or(d.len(), |i| s + i + 1);
                        d[s..e].to_vec()
                    };
                    let taken = line(a, data);
                    data.drain(a..a + taken.len());
                    let to = rng.below(data.len() + 1);
                    let to = data[..to]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1);
                    data.splice(to..to, taken);
                }
            }
        }
    }
    data.truncate(MAX_LEN);
}

/// Runs `target` on mutations of its seeds until `budget` runs out; panics naming the saved
/// input on the first failure. Returns how many inputs ran.
fn run(target: &str, seed: u64, budget: Budget) -> u64 {
    let body = targets::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, f)| *f)
        .expect("a fuzz target");
    let seeds = seeds(target);
    let mut rng = Rng(seed | 1);
    let start = Instant::now();
    let mut runs = 0u64;
    while budget.more(runs, start) {
        let mut data = seeds[rng.below(seeds.len())].clone();
        // Now and then the seed itself: the fixtures must pass unmutated too.
        if !runs.is_multiple_of(16) {
            mutate(&mut rng, &mut data, &seeds);
        }
        if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
            let path = save(target, runs, &data);
            panic!(
                "fuzz target {target} failed on input {} (seed {seed}, run {runs}); \
                 replay it with `cargo +nightly fuzz run {target} {}`",
                path.display(),
                path.display()
            );
        }
        runs += 1;
    }
    runs
}

fn save(target: &str, run: u64, data: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{target}-{run}.bin"));
    let _ = std::fs::write(&path, data);
    path
}

#[derive(Clone, Copy)]
enum Budget {
    Runs(u64),
    Time(Duration),
}

impl Budget {
    fn more(self, runs: u64, start: Instant) -> bool {
        match self {
            Budget::Runs(n) => runs < n,
            Budget::Time(d) => start.elapsed() < d,
        }
    }
}

#[test]
fn mutated_fixtures_survive() {
    for (target, _) in targets::TARGETS {
        assert_eq!(run(target, 0x5eed_d5c7, Budget::Runs(300)), 300);
    }
}

fn loop_for(target: &str) {
    let seconds = std::env::var("DSCTL_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let seed = std::env::var("DSCTL_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let runs = run(target, seed, Budget::Time(Duration::from_secs(seconds)));
    // The figure CI prints: seed to replay, executions to compare runs.
    println!("fuzz {target}: {runs} inputs in {seconds} s, seed {seed}, no failure");
    assert!(runs > 0);
}

macro_rules! mutation_loops {
    ($($name:ident => $target:literal),* $(,)?) => {$(
        #[test]
        #[ignore = "time-budgeted (DSCTL_FUZZ_SECONDS); run by .ci/run's fuzz step"]
        fn $name() {
            loop_for($target);
        }
    )*};
}

mutation_loops! {
    mutation_loop_load => "load",
    mutation_loop_validate => "validate",
    mutation_loop_convert => "convert",
    mutation_loop_inventory => "inventory",
    mutation_loop_events => "events",
}
