//! Finding `dsctl.toml` and `dsctl config`: the settings in effect for a path, and where each
//! comes from. The file for an input is the first one found walking up from the input's
//! directory (as ruff finds `ruff.toml`); run-wide settings (`output`, `fail-on`) come from the
//! one found from the current directory. `--config PATH` names one file for everything and
//! `--no-config` reads none.

use super::{EXIT_CLEAN, EXIT_FAILURE, Input};
use crate::cli::ConfigArgs;
use anyhow::Result;
use dsctl::config::{self, FILE_NAMES, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How the configuration is chosen (`--config`, `--no-config`, or a search).
#[derive(Debug, Clone)]
pub enum Choice {
    Search,
    File(PathBuf),
    Nothing,
}

/// A configuration file read and checked.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    /// The directory relative paths in it are relative to.
    pub dir: PathBuf,
    pub settings: Settings,
}

impl Found {
    /// `input`'s path relative to the file's directory, `/`-separated, for `per-file-ignores`.
    pub fn relative(&self, input: &Path) -> Option<String> {
        let abs = std::path::absolute(input).ok()?;
        let rel = abs.strip_prefix(&self.dir).ok()?;
        Some(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    /// `file:line`, for messages and `dsctl config`.
    pub fn at(&self, line: usize) -> String {
        format!("{}:{line}", self.path.display())
    }
}

/// Configuration files by directory, each read once.
pub struct Configs {
    choice: Choice,
    by_dir: HashMap<PathBuf, Option<Arc<Found>>>,
    named: Option<Option<Arc<Found>>>,
}

impl Configs {
    pub fn new(choice: Choice) -> Self {
        Configs {
            choice,
            by_dir: HashMap::new(),
            named: None,
        }
    }

    /// The file for `input` (stdin: the current directory's). The error is a whole
    /// `file:line:column: error: ...` line.
    pub fn for_input(&mut self, input: &Input) -> Result<Option<Arc<Found>>, String> {
        match input {
            Input::Stdin => self.for_dir(Path::new(".")),
            Input::File(p) => {
                let dir = if p.is_dir() {
                    p.as_path()
                } else {
                    p.parent().unwrap_or(Path::new("."))
                };
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                self.for_dir(dir)
            }
        }
    }

    /// The file found from `dir` upward.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Found>>, String> {
        match &self.choice {
            Choice::Nothing => Ok(None),
            Choice::File(path) => {
                if let Some(found) = &self.named {
                    return Ok(found.clone());
                }
                let found = read(path)?.map(Arc::new);
                if found.is_none() {
                    return Err(format!("{}: error: --config: no such file", path.display()));
                }
                self.named = Some(found.clone());
                Ok(found)
            }
            Choice::Search => {
                let start = std::path::absolute(dir)
                    .map_err(|e| format!("{}: error: {e}", dir.display()))?;
                let mut visited = Vec::new();
                let mut found = None;
                for d in start.ancestors() {
                    if let Some(known) = self.by_dir.get(d) {
                        found = known.clone();
                        break;
                    }
                    visited.push(d.to_path_buf());
                    if let Some(f) = FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
                        found = read(&f)?.map(Arc::new);
                        break;
                    }
                }
                for d in visited {
                    self.by_dir.insert(d, found.clone());
                }
                Ok(found)
            }
        }
    }
}

/// Reads and checks one file; `None` when it does not exist.
fn read(path: &Path) -> Result<Option<Found>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "{}: error: {}",
                path.display(),
                super::io_reason(&e)
            ));
        }
    };
    let settings = config::parse(&text).map_err(|e| {
        format!(
            "{}:{}:{}: error: {}",
            path.display(),
            e.line,
            e.column,
            dsctl::output::escape_control(&e.message)
        )
    })?;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Some(Found {
        path: path.to_path_buf(),
        dir,
        settings,
    }))
}

/// `dsctl config [PATH]`: the settings in effect for PATH and where each comes from.
pub fn run(args: ConfigArgs, choice: Choice) -> Result<u8> {
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    let mut configs = Configs::new(choice);
    let found = match configs.for_input(&Input::File(path.clone())) {
        Ok(f) => f,
        Err(line) => {
            say!("{line}");
            return Ok(EXIT_FAILURE);
        }
    };
    let text = describe(&path, found.as_deref());
    super::print_then(&text, EXIT_CLEAN)
}

/// The settings for `path` as TOML, each with its origin in a comment.
fn describe(path: &Path, found: Option<&Found>) -> String {
    let mut out = String::new();
    let origin = |line: Option<usize>| match (found, line) {
        (Some(f), Some(l)) => f.at(l),
        _ => "default".to_string(),
    };
    match found {
        Some(f) => out.push_str(&format!(
            "# settings for {}, from {}\n",
            path.display(),
            f.path.display()
        )),
        None => out.push_str(&format!(
            "# settings for {}: no {} found, defaults\n",
            path.display(),
            FILE_NAMES[0]
        )),
    }
    let s = found.map(|f| &f.settings);
    let mut row = |key: &str, value: String, line: Option<usize>| {
        let text = format!("{key} = {value}");
        out.push_str(&format!("{text:<40} # {}\n", origin(line)));
    };
    let version = s.and_then(|s| s.kubernetes_version.as_ref());
    row(
        "kubernetes-version",
        format!(
            "\"{}\"",
            version.map_or_else(
                || dsctl::schema::latest().to_string(),
                |v| v.value.to_string()
            )
        ),
        version.map(|v| v.line),
    );
    let strict = s.and_then(|s| s.strict.as_ref());
    row(
        "strict",
        strict.is_none_or(|v| v.value).to_string(),
        strict.map(|v| v.line),
    );
    let fail_on = s.and_then(|s| s.fail_on.as_ref());
    row(
        "fail-on",
        format!("\"{}\"", fail_on.map_or("error", |v| v.value.as_str())),
        fail_on.map(|v| v.line),
    );
    let ignore = s.and_then(|s| s.ignore.as_ref());
    row(
        "ignore",
        toml_list(ignore.map_or(&[][..], |v| v.value.as_slice())),
        ignore.map(|v| v.line),
    );
    let output = s.and_then(|s| s.output.as_ref());
    row(
        "output",
        format!("\"{}\"", output.map_or("text", |v| v.value.as_str())),
        output.map(|v| v.line),
    );
    if let Some((f, nodes)) = found.zip(s.and_then(|s| s.nodes.as_ref())) {
        let p = f.dir.join(&nodes.value);
        row("nodes", format!("\"{}\"", p.display()), Some(nodes.line));
    } else {
        out.push_str(&format!(
            "{:<40} # default: --nodes is required\n",
            "# nodes"
        ));
    }
    if let Some(f) = found
        && !f.settings.per_file_ignores.is_empty()
    {
        out.push_str("\n[per-file-ignores]\n");
        let relative = f.relative(path);
        for p in &f.settings.per_file_ignores {
            let applies = relative.as_deref().is_some_and(|r| p.glob.is_match(r));
            let text = format!("{:?} = {}", p.pattern, toml_list(&p.codes));
            out.push_str(&format!(
                "{text:<40} # {}{}\n",
                f.at(p.line),
                if applies { ", applies here" } else { "" }
            ));
        }
    }
    out
}

fn toml_list(codes: &[String]) -> String {
    let quoted: Vec<String> = codes.iter().map(|c| format!("{c:?}")).collect();
    format!("[{}]", quoted.join(", "))
}
