//! Drift guard: the committed completion scripts are what the CLI generates today.
//! Regenerate with `DSCTL_BLESS=1 cargo test --test cli completions`.

use std::path::Path;
use std::process::Command;

#[test]
fn committed_completions_match_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("DSCTL_BLESS").is_some();
    let mut stale = Vec::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Command::new(env!("CARGO_BIN_EXE_dsctl"))
            .args(["completions", shell])
            .output()
            .expect("run dsctl");
        assert!(out.status.success(), "completions {shell} failed");
        assert!(!out.stdout.is_empty());
        let path = root.join("completions").join(format!("dsctl.{shell}"));
        let committed = std::fs::read(&path).unwrap_or_default();
        if committed != out.stdout {
            if bless {
                std::fs::write(&path, &out.stdout).expect("write completions");
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "completions drifted from the CLI: {stale:?}; run `DSCTL_BLESS=1 cargo test --test cli completions`"
    );
}

#[test]
fn completions_offer_versions_and_rule_codes_not_file_names() {
    let bash = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/dsctl.bash"),
    )
    .expect("bash completions");
    let versions: Vec<String> = dsctl::schema::bundled_versions()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        bash.contains(&versions.join(" ")),
        "--kubernetes-version completes versions"
    );
    let codes: Vec<&str> = dsctl::rules::registry().iter().map(|r| r.code).collect();
    assert!(
        bash.contains(&codes.join(" ")),
        "explain completes rule codes"
    );
    let fish = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/dsctl.fish"),
    )
    .expect("fish completions");
    assert!(
        fish.contains("kubernetes-version") && fish.contains("1.37"),
        "{fish}"
    );
}
