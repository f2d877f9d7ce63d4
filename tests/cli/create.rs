//! `dsctl create daemonset` and its kubectl-plugin name, on the real binary.

use serde_json::Value;
use std::process::{Command, Output};

fn dsctl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsctl"))
        .args(args)
        .output()
        .expect("run dsctl")
}

#[test]
fn creates_a_daemonset_like_kubectl_creates_a_deployment() {
    let out = dsctl(&[
        "create",
        "daemonset",
        "node-agent",
        "--image=fluent/fluent-bit:2.2",
        "--port=2020",
        "-n",
        "logging",
        "--",
        "/fluent-bit",
        "-c",
        "/etc/fluent-bit.conf",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let docs = dsctl::manifest::load(text.as_bytes()).unwrap();
    let v = &docs[0].value;
    assert_eq!(v["apiVersion"], "apps/v1");
    assert_eq!(v["kind"], "DaemonSet");
    assert_eq!(v["metadata"]["namespace"], "logging");
    assert_eq!(v["spec"]["selector"]["matchLabels"]["app"], "node-agent");
    assert_eq!(
        v["spec"]["template"]["metadata"]["labels"]["app"],
        "node-agent"
    );
    let c = &v["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["name"], "fluent-bit");
    assert_eq!(c["ports"][0]["containerPort"], 2020);
    assert_eq!(c["command"][2], "/etc/fluent-bit.conf");
    assert!(v["spec"].get("replicas").is_none());
}

#[test]
fn yaml_1_1_words_stay_strings() {
    let out = dsctl(&["create", "daemonset", "yes", "--image=on", "-o", "yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("name: \"yes\""), "{text}");
    let docs = dsctl::manifest::load(text.as_bytes()).unwrap();
    assert_eq!(docs[0].value["metadata"]["name"], "yes");
    assert_eq!(
        docs[0].value["spec"]["template"]["spec"]["containers"][0]["image"],
        "on"
    );
}

#[test]
fn json_output_and_errors() {
    let out = dsctl(&["create", "ds", "a", "--image=busybox", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "DaemonSet");

    let out = dsctl(&["create", "daemonset", "a"]);
    assert_eq!(out.status.code(), Some(2), "--image is required");
    let out = dsctl(&["create", "daemonset", "a", "--image="]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--image"));
}

#[cfg(unix)]
#[test]
fn answers_as_the_kubectl_plugin() {
    let dir = std::env::temp_dir().join(format!("dsctl-plugin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("kubectl-create-daemonset");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_dsctl"), &link).unwrap();
    let out = Command::new(&link)
        .args(["agent", "--image=busybox", "--dry-run=client", "-o", "json"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["metadata"]["name"], "agent");
}

#[test]
fn create_prints_only_what_the_api_server_accepts() {
    // kubectl would print `Bad_Name` and the apply would fail; dsctl refuses it with the
    // server's words (DS102, as `validate` reports it) and prints nothing.
    let out = dsctl(&["create", "daemonset", "Bad_Name", "--image=nginx:1.27"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[DS102] invalid-name: metadata.name: Invalid value: \"Bad_Name\""),
        "{err}"
    );
    let out = dsctl(&[
        "create",
        "daemonset",
        "agent",
        "-n",
        "Bad_NS",
        "--image=nginx:1.27",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("metadata.namespace"));
}

#[test]
fn kubectl_flags_are_honoured_or_refused_by_name() {
    let run = |extra: &[&str]| {
        let mut args = vec!["create", "daemonset", "agent", "--image=nginx:1.27"];
        args.extend_from_slice(extra);
        dsctl(&args)
    };
    let out = run(&["-o", "name"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "daemonset.apps/agent\n"
    );
    for ok in [&["--dry-run=client"][..], &["--dry-run"][..]] {
        let out = run(ok);
        assert_eq!(out.status.code(), Some(0), "{ok:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("kind: DaemonSet"));
    }
    for (flags, says) in [
        (
            &["--dry-run=server"][..],
            "dsctl only prints the DaemonSet and never creates it",
        ),
        (
            &["--dry-run=none"][..],
            "dsctl only prints the DaemonSet and never creates it",
        ),
        (
            &["--replicas=3"][..],
            "--replicas is a kubectl flag dsctl cannot honour",
        ),
        (
            &["--save-config"][..],
            "--save-config is a kubectl flag dsctl cannot honour",
        ),
        (&["--dry-run=maybe"][..], "invalid value 'maybe'"),
    ] {
        let out = run(flags);
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        assert!(out.stdout.is_empty(), "{flags:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{flags:?}: {err}");
    }
}
