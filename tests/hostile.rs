//! Hostile input: every case ends with a clear `file:line:column` message (or a finding) and
//! the right exit code; never a panic (exit 101), a hang, or an unbounded allocation.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dsctl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsctl"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dsctl")
}

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("dsctl-hostile-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `validate` on one file and checks exit code 2 with a `file:line:column: error:` line.
fn refused(name: &str, bytes: &[u8], needle: &str) {
    let s = Scratch::new(name);
    let f = s.file(&format!("{name}.yaml"), bytes);
    let out = dsctl(&["validate", &f]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    let prefix = format!("{f}:");
    let line = err
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{name}: no {prefix}LINE:COL line in {err}"));
    let rest = &line[prefix.len()..];
    let mut parts = rest.splitn(3, ':');
    let l: u32 = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{name}: {line}"));
    let c: u32 = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{name}: {line}"));
    assert!(l >= 1 && c >= 1, "{line}");
    assert!(
        line.to_lowercase().contains(&needle.to_lowercase()),
        "{name}: {line:?} should mention {needle:?}"
    );
}

#[test]
fn alias_bomb() {
    let mut s = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        let items = vec![format!("*{prev}"); 9].join(",");
        s.push_str(&format!("  {n}: &{n} [{items}]\n"));
        prev = n.to_string();
    }
    refused("alias-bomb", s.as_bytes(), "alias");
}

#[test]
fn deep_nesting() {
    let depth = 10_000;
    let mut s = String::from("apiVersion: v1\nkind: ConfigMap\ndata: ");
    s.push_str(&"[".repeat(depth));
    s.push_str(&"]".repeat(depth));
    s.push('\n');
    refused("deep-flow", s.as_bytes(), "nest");
    let mut b = String::from("apiVersion: v1\nkind: ConfigMap\n");
    for i in 0..10_000 {
        b.push_str(&" ".repeat(i));
        b.push_str("a:\n");
    }
    refused("deep-block", b.as_bytes(), "nest");
}

#[test]
fn encodings_and_bytes() {
    refused(
        "invalid-utf8",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \xC3\x28\n",
        "UTF-8",
    );
    refused("nul", b"apiVersion: v1\nkind: ConfigMap\x00\n", "NUL");
    refused("utf16", b"\xFF\xFEa\x00p\x00i\x00", "UTF-16");
    refused("binary", &[0x7F, 0x45, 0x4C, 0x46, 0, 1, 2, 3], "NUL");
}

#[test]
fn structure() {
    refused(
        "tabs",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n",
        "tab",
    );
    refused(
        "duplicate",
        b"apiVersion: v1\nkind: ConfigMap\nkind: Secret\n",
        "duplicate",
    );
    refused("scalar-doc", b"just a string\n", "scalar");
    refused("sequence-doc", b"- a\n- b\n", "sequence");
    refused("no-kind", b"apiVersion: v1\nmetadata: {name: x}\n", "kind");
    refused("kind-not-string", b"apiVersion: v1\nkind: 42\n", "kind");
    refused("kind-map", b"apiVersion: v1\nkind: {a: b}\n", "kind");
    refused(
        "unterminated",
        b"apiVersion: v1\nkind: \"ConfigMap\nmetadata: {}\n",
        "",
    );
}

#[test]
fn wrong_types_are_findings_not_crashes() {
    let s = Scratch::new("types");
    let f = s.file(
        "types.yaml",
        b"apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: 12345\n  labels: {app: yes}\nspec:\n  selector: {matchLabels: {app: x}}\n  minReadySeconds: \"5\"\n  revisionHistoryLimit: 99999999999999999999999\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c, image: i, ports: [{containerPort: 18446744073709551616}]}]\n",
    );
    let out = dsctl(&["validate", "-o", "json", &f]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["valid"], false);
}

#[test]
fn crlf_and_bom_are_fine() {
    let s = Scratch::new("crlf");
    let f = s.file(
        "crlf.yaml",
        b"\xEF\xBB\xBFapiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: x\r\ndata:\r\n  a: b\r\n",
    );
    let out = dsctl(&["validate", &f]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn huge_scalar_is_linear_and_bounded() {
    let s = Scratch::new("huge");
    let mut text =
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ".to_vec();
    text.extend(std::iter::repeat_n(b'a', 100 * 1024 * 1024));
    text.push(b'\n');
    let f = s.file("huge.yaml", &text);
    drop(text);
    let out = dsctl(&["validate", &f]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn empty_inputs() {
    let s = Scratch::new("empty");
    let f = s.file("empty.yaml", b"");
    let out = dsctl(&["validate", &f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no Kubernetes objects"));

    let dir = s.path().join("nothing-here");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    let out = dsctl(&["validate", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no manifests"));

    let out = dsctl(&["validate", "does/not/exist.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist.yaml"));
}

#[cfg(unix)]
#[test]
fn unreadable_file_keeps_going() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new("unreadable");
    let good = s.file(
        "good.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    );
    let bad = s.file(
        "secret.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n",
    );
    std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&bad).is_ok() {
        // Running as root: permissions do not stop reads, so there is nothing to test.
        return;
    }
    let out = dsctl(&["validate", "-o", "json", &good, &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("permission denied"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["documents"], 1);
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_a_directory_walk() {
    let s = Scratch::new("loop");
    let dir = s.path().join("tree");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("sub/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub/back")).unwrap();
    let out = dsctl(&["validate", "-o", "json", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("loop"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["summary"]["documents"], 1,
        "the rest of the tree is still checked"
    );
}

#[cfg(unix)]
#[test]
fn fifo_without_a_writer_does_not_hang() {
    let s = Scratch::new("fifo");
    let fifo = s.path().join("pipe.yaml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    // Named explicitly: read as empty (no writer), so "no objects".
    let out = dsctl(&["validate", fifo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // In a directory walk: not a regular file, skipped.
    s.file(
        "cm.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    );
    let out = dsctl(&["validate", s.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn control_characters_in_names_are_escaped() {
    let s = Scratch::new("ansi");
    let f = s.file(
        "ansi.yaml",
        b"apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: \"evil\\e[2J\\e[31m\"\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: b}}\n    spec: {containers: [{name: c, image: i}]}\n",
    );
    let out = dsctl(&["validate", "--color=never", &f]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.contains(&0x1b), "raw ESC reached the terminal");
    let out = dsctl(&["validate", "-o", "json", &f]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["name"], "evil\u{1b}[2J\u{1b}[31m");
}

#[cfg(unix)]
#[test]
fn broken_pipe_is_quiet() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/daemonsets");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsctl"))
        .args(["validate", "--color=never", corpus.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end of stdout at once, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101));
}
