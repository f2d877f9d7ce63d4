//! `dsctl.toml`: found from each input up, applied under the command line, checked key by key,
//! shown by `dsctl config`. Real manifests from fixtures/corpus (see its PROVENANCE.md).

use crate::common::{Run, dsctl_in, root};
use std::path::Path;

/// A repository: `legacy/old.yaml` is kube-prometheus's extensions/v1beta1 node-exporter
/// (DS301, DS101 errors and a DS305 warning), `nodes.yaml` a kwok Node.
fn repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = root().join("fixtures/corpus");
    std::fs::create_dir_all(dir.path().join("legacy/deep")).expect("mkdir");
    std::fs::copy(
        corpus.join("daemonsets/kube-prometheus--node-exporter-ds.yaml"),
        dir.path().join("legacy/old.yaml"),
    )
    .expect("copy");
    std::fs::copy(
        corpus.join("nodes/kwok--node.yaml"),
        dir.path().join("nodes.yaml"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("dsctl.toml"), config).expect("write");
    dir
}

fn codes(run: &Run) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    v["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn run(dir: &Path, args: &[&str]) -> Run {
    dsctl_in(dir, args, None)
}

#[test]
fn without_a_file_everything_is_default() {
    let dir = repo("");
    let r = run(dir.path(), &["validate", "-o", "json", "legacy"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(codes(&r), ["DS301", "DS101", "DS305"]);
}

#[test]
fn ignore_per_file_ignores_and_fail_on_apply_and_the_command_line_adds_to_them() {
    let dir = repo(
        "fail-on = \"warning\"\nignore = [\"removed-api-version\"]\n\
         [per-file-ignores]\n\"legacy/*.yaml\" = [\"DS101\"]\n\"other/**\" = [\"DS305\"]\n",
    );
    let r = run(dir.path(), &["validate", "-o", "json", "legacy"]);
    assert_eq!(codes(&r), ["DS305"]);
    // fail-on = "warning": the warning alone fails the run.
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = run(
        dir.path(),
        &["validate", "-o", "json", "--ignore", "DS305", "legacy"],
    );
    assert_eq!(codes(&r), Vec::<String>::new());
    assert_eq!(r.code, 0, "{}", r.stderr);
    // --fail-on error overrides the file.
    let r = run(
        dir.path(),
        &["validate", "-o", "json", "--fail-on", "error", "legacy"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_file_is_found_from_each_input_up_and_paths_are_relative_to_it() {
    let dir = repo("[per-file-ignores]\n\"legacy/**\" = [\"DS301\", \"DS101\", \"DS305\"]\n");
    // Run from a directory below, naming the file through `..`.
    let r = run(
        &dir.path().join("legacy/deep"),
        &["validate", "-o", "json", "../old.yaml"],
    );
    assert_eq!(codes(&r), Vec::<String>::new(), "{}", r.stderr);
    assert_eq!(r.code, 0);
    // A nearer file wins for the inputs below it.
    std::fs::write(
        dir.path().join("legacy/dsctl.toml"),
        "ignore = [\"DS305\"]\n",
    )
    .expect("w");
    let r = run(dir.path(), &["validate", "-o", "json", "legacy/old.yaml"]);
    assert_eq!(codes(&r), ["DS301", "DS101"]);
    // --no-config reads none; --config names one for everything.
    let r = run(
        dir.path(),
        &["--no-config", "validate", "-o", "json", "legacy"],
    );
    assert_eq!(codes(&r), ["DS301", "DS101", "DS305"]);
    let r = run(
        dir.path(),
        &[
            "validate",
            "--config",
            "legacy/dsctl.toml",
            "-o",
            "json",
            "legacy",
        ],
    );
    assert_eq!(codes(&r), ["DS301", "DS101"]);
    let r = run(dir.path(), &["validate", "--config", "nope.toml", "legacy"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.toml: error"), "{}", r.stderr);
}

#[test]
fn output_version_and_strict_come_from_the_file_under_the_flags() {
    let dir = repo("output = \"github\"\nkubernetes-version = \"1.30\"\nstrict = false\n");
    let with_typo = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n  \
        selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    \
        spec:\n      priorityClassName: system-node-critical\n      containers:\n      - \
        {name: a, image: a:1, imagePullPolicy: Always, resourcez: {}, resources: {requests: {cpu: 1m}}}\n";
    std::fs::write(dir.path().join("typo.yaml"), with_typo).expect("write");
    let r = run(dir.path(), &["validate", "typo.yaml"]);
    assert_eq!(r.code, 0, "strict = false: {}{}", r.stdout, r.stderr);
    let r = run(dir.path(), &["validate", "--strict", "typo.yaml"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.starts_with("::error file=typo.yaml"),
        "github: {}",
        r.stdout
    );
    let r = run(
        dir.path(),
        &["validate", "--strict", "-o", "text", "typo.yaml"],
    );
    assert!(r.stdout.contains("error[DS002]"), "{}", r.stdout);
    let shown = run(dir.path(), &["config", "typo.yaml"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(
        shown.stdout.contains("kubernetes-version = \"1.30\"")
            && shown.stdout.contains("dsctl.toml:2"),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_bad_key_or_value_is_exit_2_at_its_line_and_column() {
    for (config, at) in [
        (
            "strict = true\nstirct = false\n",
            "dsctl.toml:2:1: error: unknown field `stirct`",
        ),
        (
            "ignore = [\"DS10\"]\n",
            "dsctl.toml:1:11: error: ignore: no rule \"DS10\"",
        ),
        (
            "output = \"xml\"\n",
            "dsctl.toml:1:10: error: output: \"xml\"",
        ),
    ] {
        let dir = repo(config);
        for args in [&["validate", "legacy"][..], &["config"][..]] {
            let r = run(dir.path(), args);
            assert_eq!(r.code, 2, "{config}: {args:?}: {}", r.stderr);
            assert!(r.stderr.contains(at), "{config}: {args:?}: {}", r.stderr);
            assert!(r.stdout.is_empty(), "{}", r.stdout);
        }
    }
}

#[test]
fn preview_takes_its_inventory_from_the_file() {
    let dir = repo("nodes = \"nodes.yaml\"\n");
    let r = run(&dir.path().join("legacy"), &["preview", "old.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("kwok-node-0"), "{}", r.stdout);
    let r = run(
        &dir.path().join("legacy"),
        &["--no-config", "preview", "old.yaml"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--nodes INVENTORY is required"),
        "{}",
        r.stderr
    );
}

#[test]
fn config_shows_each_setting_and_where_it_comes_from() {
    let dir = repo("ignore = [\"DS305\"]\n\n[per-file-ignores]\n\"legacy/**\" = [\"DS101\"]\n");
    let r = run(dir.path(), &["config", "legacy/old.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = |key: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key}: {}", r.stdout))
            .to_string()
    };
    assert!(
        line("ignore = [\"DS305\"]").ends_with("dsctl.toml:1"),
        "{}",
        r.stdout
    );
    assert!(line("strict = true").ends_with("# default"), "{}", r.stdout);
    assert!(
        line("\"legacy/**\"").ends_with("dsctl.toml:4, applies here"),
        "{}",
        r.stdout
    );
    let elsewhere = run(dir.path(), &["config", "nodes.yaml"]);
    assert!(
        !elsewhere.stdout.contains("applies here"),
        "{}",
        elsewhere.stdout
    );
    let none = run(dir.path(), &["--no-config", "config"]);
    assert!(
        none.stdout.contains("no dsctl.toml found"),
        "{}",
        none.stdout
    );
}
