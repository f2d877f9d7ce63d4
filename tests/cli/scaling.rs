//! Shapes that were quadratic: many documents, many findings in one document, one very long
//! flow line. Each runs at a size that took minutes (or tens of seconds) when quadratic and
//! takes well under a second when linear; the tests assert behaviour only, never a time.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn dsctl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsctl"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dsctl")
}

/// A scratch file removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, text: &str) -> Self {
        let p = std::env::temp_dir().join(format!("dsctl-scaling-{}-{name}", std::process::id()));
        std::fs::write(&p, text).unwrap();
        Scratch(p)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const HEAD: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\nspec:\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers:\n";

#[test]
fn convert_many_documents() {
    let n = 12_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d{i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: d{i}}}\n  template:\n    metadata:\n      labels: {{app: d{i}}}\n    spec:\n      containers:\n      - {{name: c, image: 'nginx:1.27'}}\n"
        ));
    }
    let f = Scratch::new("docs.yaml", &text);
    let out = dsctl(&["convert", f.path()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("kind: DaemonSet\n").count(), n);
    assert!(!stdout.contains("replicas"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("spec.replicas: dropped").count(), n);
    // The last document's note points at its own line.
    let last = stderr
        .lines()
        .rfind(|l| l.contains("spec.replicas"))
        .unwrap();
    let line = 15 * (n - 1) + 7;
    assert!(last.contains(&format!(":{line}:3: note")), "{last}");
}

#[test]
fn validate_many_findings_in_one_document() {
    let n = 20_000;
    let mut text = HEAD.to_string();
    for _ in 0..n {
        text.push_str("      - name: c\n        image: busybox:1.36\n");
    }
    let f = Scratch::new("findings.yaml", &text);
    let out = dsctl(&["validate", "-o", "json", f.path()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Every container after the first repeats the name; the last one is on its own line.
    let last = format!("containers[{}].name", n - 1);
    assert!(stdout.contains(&last), "no finding for {last}");
    let line = 13 + 2 * (n - 1);
    assert!(
        stdout.contains(&format!("\"line\": {line}"))
            || stdout.contains(&format!("\"line\":{line}"))
    );
}

#[test]
fn validate_one_long_flow_line() {
    let n = 32_000;
    let env: Vec<String> = (0..n)
        .map(|i| format!("{{name: 'a={i}', value: v}}"))
        .collect();
    let text = format!(
        "{HEAD}      - name: c\n        image: busybox:1.36\n        env: [{}]\n",
        env.join(", ")
    );
    let f = Scratch::new("line.yaml", &text);
    let out = dsctl(&["validate", f.path()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("invalid-env-var").count(), n);
    // The excerpt of the megabyte line is bounded, and the column counts characters.
    assert!(
        stdout.lines().all(|l| l.len() < 400),
        "an excerpt is unbounded"
    );
    // The last entry's name, found by its column on the line (ASCII: bytes are characters).
    let line = text.lines().nth(14).unwrap();
    let col = line.find(&format!("'a={}'", n - 1)).unwrap() + 1;
    assert!(
        stdout.contains(&format!(":15:{col}: error[DS222]")),
        "no finding at column {col}"
    );
}

#[test]
fn preview_a_node_with_a_long_flow_line_of_taints() {
    let n = 32_000;
    let taints: Vec<String> = (0..n)
        .map(|i| format!("{{key: k{i}, value: v, effect: NoSchedule}}"))
        .collect();
    let nodes = format!(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  taints: [{}]\n",
        taints.join(", ")
    );
    let f = Scratch::new("taints.yaml", &nodes);
    let ds = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/preview/taints.ds.yaml"
    );
    let out = dsctl(&["preview", ds, "--nodes", f.path()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("n1"), "{stdout}");
    assert!(stdout.contains("taint-not-tolerated"), "{stdout}");
}

/// Runs dsctl with its address space limited to `bytes` (`RLIMIT_AS`).
fn dsctl_within(bytes: u64, args: &[&str]) -> Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsctl"));
    cmd.args(args).stdin(Stdio::null());
    // SAFETY: only setrlimit, async-signal-safe, between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    };
    cmd.output().expect("run dsctl")
}

/// `convert` held every document's tree and value at once, about 30 times the input: an 11 MB
/// stream of 4,000 Deployments aborted (exit 134) within 200 MB, and a 1 GB stream needed
/// more memory than the machine had. Read, converted and spliced one document at a time, it
/// needs a few times the input, and fits in 160 MB.
#[test]
fn convert_a_large_stream_in_bounded_memory() {
    let n = 4_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "---\n# deployment {i}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d{i}\n  labels: {{app: d{i}, team: platform, tier: node}}\n  annotations:\n    description: \"{}\"\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: d{i}}}\n  template:\n    metadata:\n      labels: {{app: d{i}}}\n    spec:\n      containers:\n      - name: c\n        image: 'nginx:1.27'\n        env: [{{name: A, value: a}}, {{name: B, value: b}}, {{name: C, value: c}}]\n        resources: {{limits: {{cpu: 100m, memory: 64Mi}}}}\n",
            "x".repeat(2_500)
        ));
    }
    let f = Scratch::new("bounded.yaml", &text);
    let out = dsctl_within(160 << 20, &["convert", f.path()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        stderr.lines().last().unwrap_or("")
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("\nkind: DaemonSet\n").count(), n);
    assert_eq!(stdout.matches("# deployment ").count(), n, "comments kept");
    assert!(!stdout.contains("replicas"));
}

/// Running out of memory ends the run as any failure to do the job does: exit 2 and a
/// message, not an abort (exit 134) without a word. One document of 128 MB cannot be read
/// within 96 MB.
#[test]
fn out_of_memory_is_exit_2_with_a_message() {
    let text = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: \"{}\"\n",
        "x".repeat(128 << 20)
    );
    let f = Scratch::new("oom.yaml", &text);
    for command in ["validate", "convert"] {
        let out = dsctl_within(96 << 20, &[command, f.path()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("dsctl: error: out of memory"),
            "{command}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{command}");
    }
}
