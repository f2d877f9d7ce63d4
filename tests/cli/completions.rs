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
