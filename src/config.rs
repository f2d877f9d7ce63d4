//! The project configuration file, `dsctl.toml`: what a repository checks in so that the shell,
//! CI, the pre-commit hook and the editor lint the same way without repeating flags.
//!
//! ```toml
//! kubernetes-version = "1.33"      # --kubernetes-version
//! strict = true                    # false is --no-strict
//! fail-on = "warning"              # --fail-on
//! ignore = ["DS301", "host-port-conflict"]   # --ignore (codes or names)
//! output = "github"                # validate's default -o
//! nodes = "cluster/nodes.yaml"     # preview's default --nodes (relative to this file)
//!
//! [per-file-ignores]               # glob (relative to this file) → codes or names
//! "legacy/**" = ["DS301"]
//! ```
//!
//! This module only reads the text: finding the file and applying it is the command layer's.
//! Every key and value is checked, and a bad one is an error at its line and column: an unknown
//! key (a typo) would otherwise silently change nothing.

use crate::schema::KubeVersion;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// The file names looked for, in each directory from an input's up to the root.
pub const FILE_NAMES: [&str; 2] = ["dsctl.toml", ".dsctl.toml"];

/// Report formats `output` may name (validate's `-o`).
pub const OUTPUTS: [&str; 5] = ["text", "json", "sarif", "github", "junit"];

/// A setting's value and the line it was set on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set<T> {
    pub value: T,
    pub line: usize,
}

/// One `[per-file-ignores]` entry.
#[derive(Debug, Clone)]
pub struct PerFile {
    pub pattern: String,
    pub glob: globset::GlobMatcher,
    /// Rule codes.
    pub codes: Vec<String>,
    pub line: usize,
}

/// A checked configuration file.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub kubernetes_version: Option<Set<KubeVersion>>,
    pub strict: Option<Set<bool>>,
    /// `"error"` or `"warning"`.
    pub fail_on: Option<Set<String>>,
    /// Rule codes.
    pub ignore: Option<Set<Vec<String>>>,
    /// One of [`OUTPUTS`].
    pub output: Option<Set<String>>,
    /// As written: relative paths are relative to the file's directory.
    pub nodes: Option<Set<String>>,
    pub per_file_ignores: Vec<PerFile>,
}

impl Settings {
    /// Codes `per-file-ignores` switches off for `path`, written relative to the file's
    /// directory with `/` separators.
    pub fn ignored_for(&self, relative: &str) -> Vec<String> {
        self.per_file_ignores
            .iter()
            .filter(|p| p.glob.is_match(relative))
            .flat_map(|p| p.codes.iter().cloned())
            .collect()
    }
}

/// What is wrong with a configuration file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    kubernetes_version: Option<Spanned<String>>,
    strict: Option<Spanned<bool>>,
    fail_on: Option<Spanned<String>>,
    ignore: Option<Spanned<Vec<Spanned<String>>>>,
    output: Option<Spanned<String>>,
    nodes: Option<Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>,
}

/// 1-based line and column of byte `at`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text.as_bytes()[..at];
    let line = 1 + memchr::memchr_iter(b'\n', before).count();
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = 1 + text[start..at].chars().count();
    (line, column)
}

/// Parses and checks the text of a configuration file.
pub fn parse(text: &str) -> Result<Settings, ConfigError> {
    let at = |offset: usize, message: String| {
        let (line, column) = position(text, offset);
        ConfigError {
            line,
            column,
            message,
        }
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at(offset, e.message().trim_end().to_string())
    })?;
    let line = |span: std::ops::Range<usize>| position(text, span.start).0;
    let codes = |list: &[Spanned<String>], key: &str| -> Result<Vec<String>, ConfigError> {
        list.iter()
            .map(|c| match crate::rules::lookup(c.get_ref().trim()) {
                Some(rule) => Ok(rule.code.to_string()),
                None => Err(at(
                    c.span().start,
                    format!(
                        "{key}: no rule {:?}; `dsctl explain --list` lists them all",
                        c.get_ref()
                    ),
                )),
            })
            .collect()
    };
    let one_of = |v: &Spanned<String>, key: &str, allowed: &[&str]| {
        if allowed.contains(&v.get_ref().as_str()) {
            Ok(Set {
                value: v.get_ref().clone(),
                line: line(v.span()),
            })
        } else {
            Err(at(
                v.span().start,
                format!(
                    "{key}: {:?} is not one of {}",
                    v.get_ref(),
                    allowed.join(", ")
                ),
            ))
        }
    };
    let mut settings = Settings::default();
    if let Some(v) = &raw.kubernetes_version {
        let version = KubeVersion::parse(v.get_ref())
            .map_err(|e| at(v.span().start, format!("kubernetes-version: {e}")))?;
        settings.kubernetes_version = Some(Set {
            value: version,
            line: line(v.span()),
        });
    }
    settings.strict = raw.strict.as_ref().map(|v| Set {
        value: *v.get_ref(),
        line: line(v.span()),
    });
    if let Some(v) = &raw.fail_on {
        settings.fail_on = Some(one_of(v, "fail-on", &["error", "warning"])?);
    }
    if let Some(v) = &raw.output {
        settings.output = Some(one_of(v, "output", &OUTPUTS)?);
    }
    if let Some(v) = &raw.ignore {
        settings.ignore = Some(Set {
            value: codes(v.get_ref(), "ignore")?,
            line: line(v.span()),
        });
    }
    if let Some(v) = &raw.nodes {
        if v.get_ref().is_empty() {
            return Err(at(v.span().start, "nodes: an empty path".into()));
        }
        settings.nodes = Some(Set {
            value: v.get_ref().clone(),
            line: line(v.span()),
        });
    }
    for (pattern, list) in &raw.per_file_ignores {
        let glob = globset::GlobBuilder::new(pattern.get_ref())
            .literal_separator(true)
            .build()
            .map_err(|e| {
                at(
                    pattern.span().start,
                    format!("per-file-ignores: {:?}: {}", pattern.get_ref(), e.kind()),
                )
            })?;
        settings.per_file_ignores.push(PerFile {
            pattern: pattern.get_ref().clone(),
            glob: glob.compile_matcher(),
            codes: codes(list.get_ref(), "per-file-ignores")?,
            line: line(pattern.span()),
        });
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read() {
        let s = parse(
            "kubernetes-version = \"v1.33\"\nstrict = false\nfail-on = \"warning\"\n\
             ignore = [\"ds301\", \"selector-mismatch\"]\noutput = \"github\"\n\
             nodes = \"nodes.yaml\"\n[per-file-ignores]\n\"legacy/**\" = [\"DS204\"]\n",
        )
        .expect("valid");
        assert_eq!(s.kubernetes_version.as_ref().map(|v| v.line), Some(1));
        assert_eq!(s.strict.as_ref().map(|v| v.value), Some(false));
        assert_eq!(
            s.fail_on.as_ref().map(|v| v.value.as_str()),
            Some("warning")
        );
        let ignore = s.ignore.clone().expect("ignore").value;
        assert_eq!(ignore[0], "DS301");
        assert!(ignore[1].starts_with("DS"));
        assert_eq!(
            s.output.as_ref().map(|v| (v.value.as_str(), v.line)),
            Some(("github", 5))
        );
        assert_eq!(s.per_file_ignores.len(), 1);
        assert_eq!(s.ignored_for("legacy/a/b.yaml"), vec!["DS204".to_string()]);
        assert!(s.ignored_for("new/legacy/b.yaml").is_empty());
    }

    #[test]
    fn bad_keys_and_values_are_placed() {
        let cases = [
            (
                "strict = true\nstirct = false\n",
                (2, 1),
                "unknown field `stirct`",
            ),
            ("strict = \"yes\"\n", (1, 10), "invalid type"),
            ("fail-on = \"never\"\n", (1, 11), "fail-on: \"never\""),
            ("output = \"xml\"\n", (1, 10), "output: \"xml\""),
            (
                "ignore = [\"DS001\", \"DS10\"]\n",
                (1, 20),
                "no rule \"DS10\"",
            ),
            (
                "kubernetes-version = \"1.x\"\n",
                (1, 22),
                "kubernetes-version",
            ),
            (
                "[per-file-ignores]\n\"a/[\" = [\"DS301\"]\n",
                (2, 1),
                "per-file-ignores",
            ),
            (
                "[per-file-ignores]\n\"a/**\" = [\"nope\"]\n",
                (2, 11),
                "no rule",
            ),
            ("strict = \n", (1, 10), ""),
            ("nodes = \"\"\n", (1, 9), "empty"),
        ];
        for (text, (line, column), message) in cases {
            let e = parse(text).expect_err(text);
            assert_eq!((e.line, e.column), (line, column), "{text:?}: {e}");
            assert!(e.message.contains(message), "{text:?}: {e}");
        }
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        let s = parse("# nothing yet\n").expect("valid");
        assert!(s.kubernetes_version.is_none() && s.ignore.is_none() && s.nodes.is_none());
    }
}
