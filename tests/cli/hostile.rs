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

/// Checks that `stderr` has a `FILE:LINE:COLUMN: ...` line (1-based) mentioning `needle`.
fn located_line(what: &str, file: &str, stderr: &str, needle: &str) {
    let prefix = format!("{file}:");
    let line = stderr
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{what}: no {prefix}LINE:COL line in {stderr}"));
    let mut parts = line[prefix.len()..].splitn(3, ':');
    let mut number = || -> u32 {
        parts
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no line:column in {line:?}"))
    };
    let (l, c) = (number(), number());
    assert!(l >= 1 && c >= 1, "{what}: {line}");
    assert!(
        line.to_lowercase().contains(&needle.to_lowercase()),
        "{what}: {line:?} should mention {needle:?}"
    );
}

/// The names in a directory, sorted (to see that nothing was added or left behind).
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A DaemonSet for `preview`, whose `--nodes` inventory is the hostile input.
fn preview_daemonset() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/preview/taints.ds.yaml")
        .display()
        .to_string()
}

/// YAML that is no Kubernetes object: `validate` skips the file with a note (exit 0);
/// `validate --strict-inputs`, `convert` and `convert --write` refuse it as [`refused`] does.
fn not_kubernetes(name: &str, bytes: &[u8], needle: &str) {
    let s = Scratch::new(&format!("{name}-skip"));
    let f = s.file(&format!("{name}.yaml"), bytes);
    let out = dsctl(&["validate", &f]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{name}: {err}");
    assert_eq!(
        err,
        format!("{f}: note: not Kubernetes YAML (no document has apiVersion or kind): skipped\n")
    );
    let out = dsctl(&["validate", "--strict-inputs", &f]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    located_line(
        &format!("{name}: validate --strict-inputs"),
        &f,
        &err,
        needle,
    );
    for args in [&["convert", &f][..], &["convert", "--write", &f][..]] {
        let out = dsctl(args);
        assert_eq!(out.status.code(), Some(2), "{name}: {args:?}");
        assert_eq!(
            std::fs::read(&f).unwrap(),
            bytes,
            "{name}: {args:?} touched the file"
        );
    }
}

/// Runs `validate`, `convert` and `convert --write` on one file: each exits 2 with a
/// `file:line:column: error:` line, and `--write` leaves the file and its directory as they were.
fn refused(name: &str, bytes: &[u8], needle: &str) {
    let s = Scratch::new(name);
    let f = s.file(&format!("{name}.yaml"), bytes);
    let before = listing(s.path());
    for args in [
        &["validate", &f][..],
        &["convert", &f][..],
        &["convert", "--write", &f][..],
    ] {
        let what = format!("{name}: dsctl {}", args[0..args.len() - 1].join(" "));
        let out = dsctl(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        located_line(&what, &f, &err, needle);
        assert_eq!(std::fs::read(&f).unwrap(), bytes, "{what} touched the file");
        assert_eq!(listing(s.path()), before, "{what} left files behind");
    }
}

/// Runs `preview DAEMONSET --nodes NODES -o FORMAT`.
fn preview(nodes: &str, format: &str) -> Output {
    dsctl(&[
        "preview",
        &preview_daemonset(),
        "--nodes",
        nodes,
        "-o",
        format,
    ])
}

/// Asserts the exit code, showing stderr when it differs.
fn exits(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `preview --nodes FILE` with a hostile inventory: exit 2 and a located error line.
fn inventory_refused(name: &str, bytes: &[u8], needle: &str) {
    let s = Scratch::new(&format!("inv-{name}"));
    let f = s.file(&format!("{name}.nodes.yaml"), bytes);
    let out = dsctl(&["preview", &preview_daemonset(), "--nodes", &f]);
    let err = String::from_utf8_lossy(&out.stderr);
    let what = format!("{name}: dsctl preview --nodes");
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    located_line(&what, &f, &err, needle);
}

/// The same hostile text as an inventory: the object is a Node instead of a ConfigMap.
fn as_node(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).replace("ConfigMap", "Node");
    text.into_bytes()
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
    inventory_refused("alias-bomb", &as_node(s.as_bytes()), "alias");
}

#[test]
fn deep_nesting() {
    let depth = 10_000;
    let mut s = String::from("apiVersion: v1\nkind: ConfigMap\ndata: ");
    s.push_str(&"[".repeat(depth));
    s.push_str(&"]".repeat(depth));
    s.push('\n');
    refused("deep-flow", s.as_bytes(), "nest");
    inventory_refused("deep-flow", &as_node(s.as_bytes()), "recursion limit");
    let mut b = String::from("apiVersion: v1\nkind: ConfigMap\n");
    for i in 0..10_000 {
        b.push_str(&" ".repeat(i));
        b.push_str("a:\n");
    }
    refused("deep-block", b.as_bytes(), "nest");
    inventory_refused("deep-block", &as_node(b.as_bytes()), "recursion limit");
}

#[test]
fn encodings_and_bytes() {
    let invalid_utf8 = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \xC3\x28\n";
    refused("invalid-utf8", invalid_utf8, "UTF-8");
    inventory_refused("invalid-utf8", &as_node_raw(invalid_utf8), "UTF-8");
    refused("nul", b"apiVersion: v1\nkind: ConfigMap\x00\n", "NUL");
    // The reader refuses a NUL as it reads, before any parser sees it.
    inventory_refused(
        "nul",
        b"apiVersion: v1\nkind: Node\x00\n",
        "2:11: error: NUL",
    );
    let utf16 = b"\xFF\xFEa\x00p\x00i\x00";
    refused("utf16", utf16, "UTF-16");
    inventory_refused("utf16", utf16, "UTF-8");
    let elf = [0x7F, 0x45, 0x4C, 0x46, 0, 1, 2, 3];
    refused("binary", &elf, "NUL");
    inventory_refused("binary", &elf, "");
}

/// `as_node` for bytes that are not UTF-8: the swap is done on bytes.
fn as_node_raw(bytes: &[u8]) -> Vec<u8> {
    let at = bytes
        .windows(9)
        .position(|w| w == b"ConfigMap")
        .expect("a ConfigMap");
    [&bytes[..at], b"Node", &bytes[at + 9..]].concat()
}

#[test]
fn structure() {
    let tabs = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n";
    refused("tabs", tabs, "tab");
    inventory_refused("tabs", &as_node(tabs), "tab");
    refused(
        "duplicate",
        b"apiVersion: v1\nkind: ConfigMap\nkind: Secret\n",
        "duplicate",
    );
    not_kubernetes("scalar-doc", b"just a string\n", "scalar");
    inventory_refused("scalar-doc", b"just a string\n", "scalar");
    not_kubernetes("sequence-doc", b"- a\n- b\n", "sequence");
    inventory_refused("sequence-doc", b"- a\n- b\n", "sequence");
    refused("no-kind", b"apiVersion: v1\nmetadata: {name: x}\n", "kind");
    not_kubernetes("values", b"replicaCount: 1\nimage: {tag: x}\n", "kind");
    refused("kind-not-string", b"apiVersion: v1\nkind: 42\n", "kind");
    inventory_refused("kind-not-string", b"apiVersion: v1\nkind: 42\n", "42");
    refused("kind-map", b"apiVersion: v1\nkind: {a: b}\n", "kind");
    inventory_refused("kind-map", b"apiVersion: v1\nkind: {a: b}\n", "kind");
    let unterminated = b"apiVersion: v1\nkind: \"ConfigMap\nmetadata: {}\n";
    refused("unterminated", unterminated, "");
    inventory_refused("unterminated", &as_node(unterminated), "");
}

#[test]
fn wrong_types_are_findings_not_crashes() {
    let s = Scratch::new("types");
    let f = s.file(
        "types.yaml",
        b"apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: 12345\n  labels: {app: yes}\nspec:\n  selector: {matchLabels: {app: x}}\n  minReadySeconds: \"5\"\n  revisionHistoryLimit: 99999999999999999999999\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c, image: i, ports: [{containerPort: 18446744073709551616}]}]\n",
    );
    let out = dsctl(&["validate", "-o", "json", &f]);
    exits(&out, 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["valid"], false);

    // As a Deployment: converted with warnings, and the odd values reach the output verbatim
    // (no 1e+23 for an integer beyond i64, no quotes added or removed).
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("DaemonSet", "Deployment");
    let d = s.file("types-deployment.yaml", text.as_bytes());
    let out = dsctl(&["convert", &d]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    located_line("types: convert", &d, &err, "warning");
    let yaml = String::from_utf8_lossy(&out.stdout);
    for verbatim in [
        "kind: DaemonSet",
        "name: 12345",
        "minReadySeconds: \"5\"",
        "revisionHistoryLimit: 99999999999999999999999",
        "containerPort: 18446744073709551616",
    ] {
        assert!(yaml.contains(verbatim), "{verbatim} not in {yaml}");
    }

    // Numbers where the inventory wants strings are read as their text.
    let nodes = s.file(
        "types.nodes.yaml",
        b"apiVersion: v1\nkind: Node\nmetadata: {name: 123, labels: {a: 99999999999999999999999}}\n",
    );
    let out = preview(&nodes, "json");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.to_string().contains("\"123\""), "{v}");
}

#[test]
fn crlf_and_bom_are_fine() {
    let s = Scratch::new("crlf");
    let f = s.file(
        "crlf.yaml",
        b"\xEF\xBB\xBFapiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: x\r\ndata:\r\n  a: b\r\n",
    );
    let out = dsctl(&["validate", &f]);
    exits(&out, 0);
    // Nothing to convert: the bytes come back as they were, BOM and CRLF included.
    let out = dsctl(&["convert", &f]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, std::fs::read(&f).unwrap());

    let nodes = s.file(
        "crlf.nodes.yaml",
        b"\xEF\xBB\xBFapiVersion: v1\r\nkind: Node\r\nmetadata:\r\n  name: n1\r\n",
    );
    let out = preview(&nodes, "name");
    exits(&out, 0);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "n1");
}

#[test]
fn huge_scalar_is_linear_and_bounded() {
    let s = Scratch::new("huge");
    let mut text =
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ".to_vec();
    text.extend(std::iter::repeat_n(b'a', 100 * 1024 * 1024));
    text.push(b'\n');
    let f = s.file("huge.yaml", &text);
    let out = dsctl(&["validate", &f]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing to change: `--check` answers 0 and prints nothing.
    let out = dsctl(&["convert", "--check", &f]);
    exits(&out, 0);
    drop(text);
    // The same scalar as a node annotation in the inventory.
    let mut nodes =
        b"apiVersion: v1\nkind: Node\nmetadata:\n  name: big\n  annotations:\n    blob: ".to_vec();
    nodes.extend(std::iter::repeat_n(b'a', 100 * 1024 * 1024));
    nodes.push(b'\n');
    let n = s.file("huge.nodes.yaml", &nodes);
    drop(nodes);
    let out = preview(&n, "name");
    exits(&out, 0);
}

#[test]
fn empty_inputs() {
    let s = Scratch::new("empty");
    let f = s.file("empty.yaml", b"");
    let out = dsctl(&["validate", &f]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("note: no Kubernetes objects"));
    let out = dsctl(&["validate", "--strict-inputs", &f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: no Kubernetes objects"));
    // convert: nothing to convert is not a failure; nothing printed, nothing written.
    let out = dsctl(&["convert", "--write", &f]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(listing(s.path()), ["empty.yaml"]);
    let out = dsctl(&["preview", &preview_daemonset(), "--nodes", &f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no nodes"));

    let dir = s.path().join("nothing-here");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    let d = dir.to_str().unwrap();
    for args in [
        &["validate", d][..],
        &["convert", d][..],
        &["convert", "--write", d][..],
    ] {
        let out = dsctl(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("no manifests"),
            "{args:?}"
        );
    }
    assert_eq!(listing(&dir), ["notes.txt"]);
    let out = dsctl(&["preview", &preview_daemonset(), "--nodes", d]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{d}: error: is a directory")),
        "{err}"
    );

    for args in [
        &["validate", "does/not/exist.yaml"][..],
        &["convert", "does/not/exist.yaml"][..],
        &[
            "preview",
            &preview_daemonset(),
            "--nodes",
            "does/not/exist.yaml",
        ][..],
    ] {
        let out = dsctl(args);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("does/not/exist.yaml"), "{args:?}: {err}");
        assert!(err.contains("no such file"), "{args:?}: {err}");
    }
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
        b"apiVersion: v1\nkind: Node\nmetadata: {name: b}\n",
    );
    std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root (CI), dsctl runs as an unprivileged user, for whom 0000 does stop reads.
    use crate::common::dsctl_unprivileged as run;
    let out = run(&["validate", "-o", "json", &good, &bad]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("permission denied"), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_slice(&out.raw_stdout).unwrap();
    assert_eq!(v["summary"]["documents"], 1);
    let out = run(&["convert", &good, &bad]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("permission denied"));
    assert!(out.stdout.contains("name: a"));
    let out = run(&["preview", &preview_daemonset(), "--nodes", &bad]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("permission denied"));
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
    let out = dsctl(&["convert", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("loop"), "{err}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("name: a"),
        "the rest of the tree is still converted"
    );
}

/// Runs dsctl, killing it (and failing) if it has not finished in a minute: a hang guard for
/// the FIFO cases, not a timing assertion.
#[cfg(unix)]
fn dsctl_or_hang(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsctl"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dsctl");
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("dsctl {args:?} hangs");
}

#[cfg(unix)]
#[test]
fn fifo_without_a_writer_does_not_hang() {
    let s = Scratch::new("fifo");
    let fifo = s.path().join("pipe.yaml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let f = fifo.to_str().unwrap();
    // Named explicitly: read as empty (no writer), so "no objects" / "no nodes".
    let out = dsctl_or_hang(&["validate", "--strict-inputs", f]);
    assert_eq!(out.status.code(), Some(2));
    let out = dsctl_or_hang(&["convert", f]);
    assert_eq!(out.status.code(), Some(0), "empty, nothing to convert");
    let out = dsctl_or_hang(&["preview", &preview_daemonset(), "--nodes", f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no nodes"));
    // In a directory walk: not a regular file, skipped.
    s.file(
        "cm.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    );
    let dir = s.path().to_str().unwrap();
    for args in [["validate", dir], ["convert", dir]] {
        let out = dsctl_or_hang(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = dsctl_or_hang(&["convert", "--write", dir]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(listing(s.path()), ["cm.yaml", "pipe.yaml"]);
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
    let out = dsctl(&["validate", "-o", "sarif", &f]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
}

/// convert's notes, warnings and refusals on stderr: a file name, an object name and a label
/// key (which ends up in a field path) with ESC and BEL in them reach the terminal escaped.
#[cfg(unix)]
#[test]
fn control_characters_in_convert_messages_are_escaped() {
    let s = Scratch::new("ansi-convert");
    let name = "evil\u{1b}]0;pwned\u{7}.yaml";
    let f = s.file(
        name,
        b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \"x\\e[31m\"\nspec:\n  selector: {matchLabels: {\"k\\e[2J\": a}}\n  template:\n    metadata: {labels: {\"k\\e[2J\": b}}\n    spec: {containers: [{name: c, image: i}]}\n",
    );
    for args in [&["convert", &f][..], &["convert", "--write", &f][..]] {
        let out = dsctl(args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "the selector mismatch refuses it"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.stderr.contains(&0x1b), "raw ESC on stderr: {err:?}");
        assert!(!out.stderr.contains(&0x07), "raw BEL on stderr: {err:?}");
        assert!(err.contains("evil\\u{1b}]0;pwned\\u{7}.yaml:"), "{err}");
        assert!(err.contains("error:"), "{err}");
    }
    // A load error with the same file name.
    let bad = s.file("bad\u{1b}[2J.yaml", b"kind: [\n");
    let out = dsctl(&["convert", &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !out.stderr.contains(&0x1b),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `dsctl ... | head -1`: a closed stdout ends the run quietly with exit 0.
#[cfg(unix)]
#[test]
fn broken_pipe_is_quiet_and_keeps_the_exit_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fx = |rel: &str| root.join("fixtures").join(rel).display().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec!["validate".into(), fx("corpus/daemonsets")],
        vec!["convert".into(), fx("corpus/deployments")],
        vec![
            "preview".into(),
            fx("preview/taints.ds.yaml"),
            "--nodes".into(),
            fx("preview/taints.nodes.yaml"),
        ],
    ];
    for args in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dsctl"))
            .arg("--color=never")
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close our end of stdout at once, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            !err.to_lowercase().contains("broken pipe"),
            "{args:?}: {err}"
        );
        // The exit code the findings earned, as without the closed pipe (it was 0, which
        // hid findings under `set -o pipefail`).
        let earned = dsctl(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(out.status.code(), earned.status.code(), "{args:?}: {err}");
    }
    // The corpus has findings: a closed pipe must not turn that 1 into 0.
    let out = dsctl(&["validate", &fx("corpus/daemonsets")]);
    assert_eq!(out.status.code(), Some(1));
}

/// Found by `cargo fuzz run inventory` (LeakSanitizer flagged the reader's worker threads, a
/// false positive of the in-process leak check): the inventory is refused at its NUL byte
/// (line 8), which the reader stops at before the parser sees the rest, the same on every run.
#[test]
fn fuzzed_inventory_is_refused_with_a_position() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hostile/fuzz-inventory-threads.nodes.yaml");
    let f = f.to_str().unwrap();
    for _ in 0..3 {
        let out = dsctl(&["preview", &preview_daemonset(), "--nodes", f]);
        exits(&out, 2);
        located_line(
            "fuzzed inventory",
            f,
            &String::from_utf8_lossy(&out.stderr),
            "8:31: error: NUL",
        );
    }
}

/// A 1 MB string aliased 200 times: few nodes (the old node-counting guard let it through and
/// built 200 MB; 20,000 aliases in a 1.25 MB file needed 20 GB), refused by the byte budget at
/// the alias that crosses it, by `validate`, `convert`, `convert --write`, `service` and as an
/// inventory.
#[test]
fn one_large_scalar_aliased_many_times_is_refused() {
    let big = "x".repeat(1 << 20);
    let aliases = 200;
    let mut s = format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\n  annotations:\n    a: &a {big}\n"
    );
    for i in 0..aliases {
        s.push_str(&format!("    k{i}: *a\n"));
    }
    s.push_str("spec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n");
    refused("alias-bytes", s.as_bytes(), "size budget");
    let sc = Scratch::new("alias-bytes-service");
    let f = sc.file("ds.yaml", s.as_bytes());
    let out = dsctl(&["service", &f]);
    exits(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    located_line("service", &f, &err, "size budget");
    // The alias that crossed the budget is one of the alias lines (7 .. 7 + aliases).
    let line: usize = err
        .split(':')
        .nth(1)
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    assert!((7..7 + aliases).contains(&line), "{err}");

    let mut inv = format!("nodes:\n  - name: n1\n    labels:\n      a: &a {big}\n");
    for i in 0..aliases {
        inv.push_str(&format!("      k{i}: *a\n"));
    }
    inventory_refused("alias-bytes", inv.as_bytes(), "size budget");
}

/// A repeated `name` or `ready` in an inventory is an error at the second key (it took the last
/// value), as the README promises for repeated keys.
#[test]
fn duplicate_inventory_keys_are_refused() {
    inventory_refused(
        "dup-ready",
        b"nodes:\n  - name: a\n    ready: true\n    ready: false\n",
        "4:5: error: nodes[0].ready: duplicate key",
    );
    inventory_refused(
        "dup-name",
        b"nodes:\n  - name: a\n    name: b\n",
        "3:5: error: nodes[0].name: duplicate key",
    );
    inventory_refused(
        "dup-metadata-name",
        b"apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n  name: b\n",
        "5:3: error: metadata.name: duplicate key",
    );
}

/// A node name past 65,535 characters (or one that escaping makes that long) panicked in
/// `std::fmt` ("Formatting argument out of range"): widths are bounded in every table.
#[test]
fn very_long_node_names_do_not_crash_the_tables() {
    let s = Scratch::new("long-names");
    let long = "n".repeat(70_000);
    let escaped = "\\x01".repeat(11_000); // `\u{1}` once escaped: 66,000 characters
    let f = s.file(
        "nodes.yaml",
        format!("nodes:\n  - name: {long}\n  - name: \"{escaped}\"\n  - name: short\n").as_bytes(),
    );
    for format in ["table", "wide", "name", "json"] {
        let out = preview(&f, format);
        exits(&out, 0);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(&long), "{format}");
    }
    let out = dsctl(&["preview", &preview_daemonset(), "--nodes", &f, "--rollout"]);
    exits(&out, 0);
    // The short name's row is not padded to the long name's width.
    let out = preview(&f, "table");
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text.lines().find(|l| l.starts_with("short")).unwrap_or("");
    assert!(row.len() < 200, "{row}");
}

/// `/dev/zero` and `/dev/urandom` were read until memory ran out: the reader stops at the first
/// NUL or invalid UTF-8 byte and names its position.
#[test]
fn devices_are_refused_at_their_first_bad_byte() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        for args in [
            &["validate", dev][..],
            &["convert", dev][..],
            &["service", dev][..],
            &["preview", dev, "--nodes", "fixtures/examples/cluster.yaml"][..],
        ] {
            let out = dsctl_or_hang(args);
            exits(&out, 2);
            located_line(
                &format!("{args:?}"),
                dev,
                &String::from_utf8_lossy(&out.stderr),
                "error",
            );
        }
        let ds = preview_daemonset();
        let out = dsctl_or_hang(&["preview", &ds, "--nodes", dev]);
        exits(&out, 2);
        located_line(
            "inventory",
            dev,
            &String::from_utf8_lossy(&out.stderr),
            "error",
        );
    }
}

/// Whether `text` holds a character that can drive a terminal or hide text (a control
/// character other than a line end, a bidi control, a zero-width character).
fn has_hidden(text: &str) -> bool {
    text.chars()
        .any(|c| c != '\n' && dsctl::display::hides_text(c))
}

/// An ESC sequence, a bidi override and a zero-width space in `metadata.name` and in a
/// `nodeSelector`: `service`, the static-Pod messages, `preview --explain`, `-o github` and
/// `-o junit` all show them escaped (the service and static-Pod messages printed the name raw,
/// the explain line printed the selector raw, github and junit passed them through).
#[test]
fn names_are_escaped_in_every_message() {
    let s = Scratch::new("inject");
    let f = s.file(
        "ds.yaml",
        b"apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: \"a\\e]0;t\\a\\e[2J\\u202Eb\\u200B\\uFEFF\"\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      nodeSelector: {\"z\\u202E\": \"v\\u200B\\e[31m\"}\n      containers: [{name: c, image: i, ports: [{containerPort: 80, hostPort: 80}]}]\n",
    );
    let runs = [
        dsctl(&["service", &f]),
        dsctl(&["convert", "--to", "static-pod", "--node", "n1", &f]),
        dsctl(&[
            "preview",
            &f,
            "--nodes",
            "fixtures/examples/cluster.yaml",
            "--explain",
            "cp-1",
        ]),
        dsctl(&["validate", "-o", "github", &f]),
        dsctl(&["validate", &f]),
    ];
    for (i, out) in runs.iter().enumerate() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!has_hidden(&err), "run {i}: {err:?}");
        assert!(matches!(out.status.code(), Some(0..=2)), "run {i}: {err}");
    }
    // Messages, not the YAML documents (whose quoting is YAML's), must be escaped.
    for i in [2, 3, 4] {
        let text = String::from_utf8_lossy(&runs[i].stdout);
        assert!(!has_hidden(&text), "run {i}: {text:?}");
    }
    assert!(String::from_utf8_lossy(&runs[0].stderr).contains("\\u{1b}]0;t"));
    assert!(String::from_utf8_lossy(&runs[1].stderr).contains("\\u{202e}"));
    assert!(String::from_utf8_lossy(&runs[2].stdout).contains("wants z\\u{202e}=v\\u{200b}"));
}

/// `-o junit` with U+FFFF, U+FFFE and C0 controls in a name parses with a real XML parser
/// (python3's xml.etree; it skips when python3 is missing).
#[test]
fn junit_is_well_formed_whatever_the_names() {
    let s = Scratch::new("junit");
    let f = s.file(
        "ds.yaml",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: \"a\\uFFFF\\uFFFE\\x01\\x1f\\e<&'\\\"b\\u202E\"\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: c, image: i}]}\n".as_bytes(),
    );
    let out = dsctl(&["validate", "-o", "junit", &f]);
    assert_eq!(out.status.code(), Some(1));
    let xml = s.file("report.xml", &out.stdout);
    let Ok(check) = Command::new("python3")
        .args([
            "-c",
            "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1]); print('ok')",
            &xml,
        ])
        .output()
    else {
        eprintln!("python3 not found: XML well-formedness not checked");
        return;
    };
    assert_eq!(
        String::from_utf8_lossy(&check.stdout).trim(),
        "ok",
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// 200 DaemonSets claiming one hostPort over 200 nodes wrote a warning for every pair on every
/// node (705 MB): now one warning per later DaemonSet, its nodes and rivals summarised.
#[test]
fn host_port_conflicts_do_not_amplify() {
    let s = Scratch::new("hostport-amp");
    let mut ds = String::new();
    for i in 0..200 {
        ds.push_str(&format!("---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: d{i}}}\nspec:\n  selector: {{matchLabels: {{app: d{i}}}}}\n  template:\n    metadata: {{labels: {{app: d{i}}}}}\n    spec: {{containers: [{{name: c, image: i, ports: [{{containerPort: 80, hostPort: 80}}]}}]}}\n"));
    }
    let mut nodes = String::from("nodes:\n");
    for i in 0..200 {
        nodes.push_str(&format!("  - name: node-{i}\n"));
    }
    let d = s.file("ds.yaml", ds.as_bytes());
    let n = s.file("nodes.yaml", nodes.as_bytes());
    for format in ["table", "json"] {
        let out = dsctl(&["preview", &d, "--nodes", &n, "-o", format]);
        exits(&out, 0);
        // About 200 warnings of a few hundred bytes, plus 200 x 200 node rows.
        assert!(
            out.stdout.len() < 8 << 20,
            "{format}: {} bytes",
            out.stdout.len()
        );
    }
    let out = dsctl(&["preview", &d, "--nodes", &n]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("host-port-conflict").count(), 199);
    assert!(
        text.contains("also claimed by 199 DaemonSets d0 (80/TCP on 0.0.0.0), d1 (80/TCP on 0.0.0.0), d2 (80/TCP on 0.0.0.0) and 196 more: only one Pod claiming it can run on each of 200 node(s): node-0, node-1, node-2 and 197 more"),
        "{}",
        text.lines().find(|l| l.contains("d199")).unwrap_or("")
    );
}

/// Every subcommand over every file of `fixtures/hostile/` (as a manifest and as an inventory):
/// exit 0, 1 or 2 only (never a panic's 101 or an abort), and no raw control, bidi or zero-width
/// character in any message (stderr) or report (stdout of validate and preview; convert,
/// service and static-Pod stdout is YAML, whose own quoting applies).
#[test]
fn every_subcommand_survives_every_hostile_fixture() {
    let cluster = "fixtures/examples/cluster.yaml";
    let ds = preview_daemonset();
    for path in crate::common::files_in("hostile") {
        let f = path.display().to_string();
        let head: String = String::from_utf8_lossy(&std::fs::read(&path).unwrap())
            .chars()
            .filter(|&c| c != '\0')
            .take(200)
            .collect();
        let runs: Vec<(Vec<&str>, bool)> = vec![
            (vec!["validate", &f], true),
            (vec!["validate", "-o", "github", &f], true),
            (vec!["validate", "-o", "json", &f], false),
            (vec!["convert", &f], false),
            (
                vec!["convert", "--to", "static-pod", "--node", "n1", &f],
                false,
            ),
            (vec!["preview", &f, "--nodes", cluster], true),
            (
                vec!["preview", &f, "--nodes", cluster, "--explain", "cp-1"],
                true,
            ),
            (vec!["preview", &f, "--nodes", cluster, "--rollout"], true),
            (vec!["preview", &ds, "--nodes", &f], true),
            (vec!["preview", &ds, "--nodes", &f, "-o", "wide"], true),
            (vec!["service", &f], false),
            (vec!["create", "daemonset", &head, "--image", &head], false),
            (vec!["explain", &head], true),
        ];
        for (args, report) in runs {
            let out = dsctl_or_hang(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            assert!(matches!(code, Some(0..=2)), "{args:?}: {code:?} {err}");
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert!(!has_hidden(&err), "{args:?}: stderr {err:?}");
            if report {
                let text = String::from_utf8_lossy(&out.stdout);
                assert!(!has_hidden(&text), "{args:?}: stdout {text:?}");
            }
        }
    }
}
