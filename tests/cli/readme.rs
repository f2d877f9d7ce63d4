//! Drift guard: the README's generated sections are what the code says today.
//! Regenerate with `DSCTL_BLESS=1 cargo test --test cli readme`.

use std::path::Path;

/// The rules table, from the registry.
fn rules_table() -> String {
    let mut out = String::from("| code | name | severity | what it finds |\n|---|---|---|---|\n");
    for r in dsctl::rules::registry() {
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            r.code,
            r.name,
            r.severity,
            r.summary.replace('|', "\\|")
        ));
    }
    out.push_str("\n`dsctl explain CODE` prints the full documentation of a rule.\n");
    out
}

fn replace_section(text: &str, name: &str, body: &str) -> Option<String> {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let a = text.find(&start)? + start.len();
    let b = text[a..].find(&end)? + a;
    Some(format!("{}{}{}", &text[..a], body, &text[b..]))
}

#[test]
fn generated_sections_match_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).expect("README.md");
    let want = replace_section(&text, "rules", &rules_table()).expect("rules markers in README");
    if want != text {
        if std::env::var_os("DSCTL_BLESS").is_some() {
            std::fs::write(&path, want).expect("write README.md");
        } else {
            panic!(
                "README's rules table drifted from the registry; run `DSCTL_BLESS=1 cargo test --test cli readme`"
            );
        }
    }
}

#[test]
fn the_first_lines_give_the_two_setup_commands() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let head: Vec<&str> = text.lines().take(6).collect();
    let example = head
        .iter()
        .find(|l| l.starts_with("cargo run --release -- "))
        .expect("a `cargo run` line on a bundled example");
    let test = head
        .iter()
        .find(|l| l.starts_with("cargo test"))
        .expect("a test line");
    assert!(test.starts_with("cargo test --release"), "{test}");
    // The bundled example exists and the command works.
    let args: Vec<&str> = example["cargo run --release -- ".len()..]
        .split('#')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    for a in &args[1..] {
        if a.starts_with("fixtures/") {
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(a).exists(),
                "{a}"
            );
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dsctl"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
