//! The command layer: the only code that reads files, writes stdout/stderr and picks exit codes.

/// `eprintln!` for messages that quote input: the whole line goes through
/// [`dsctl::output::escape_control`], so no name, value or path can reach the terminal raw.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::commands::report_problem(&format!($($arg)*))
    };
}

pub mod completions;
pub mod config;
pub mod convert;
pub mod create;
pub mod cross_object;
pub mod explain;
pub mod preview;
pub mod service;
pub mod static_pod;
pub mod validate;

use crate::cli::{Cli, ColorChoice, Command};
use anyhow::{Context, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code: dsctl did its job and found nothing.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings (or `--check` would change a file).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: dsctl could not do its job (usage, I/O, unparsable input).
pub const EXIT_FAILURE: u8 = 2;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    set_color(cli.color);
    let choice = match (cli.config, cli.no_config) {
        (_, true) => config::Choice::Nothing,
        (Some(path), false) => config::Choice::File(path),
        (None, false) => config::Choice::Search,
    };
    let code = match cli.command {
        Command::Convert(args) => convert::run(args)?,
        Command::Create(cmd) => create::run(cmd)?,
        Command::Validate(args) => validate::run(args, choice)?,
        Command::Preview(args) => preview::run(args, choice)?,
        Command::Service(args) => service::run(args)?,
        Command::Explain(args) => explain::run(args)?,
        Command::Completions(args) => completions::run(args)?,
        Command::Config(args) => config::run(args, choice)?,
    };
    Ok(ExitCode::from(code))
}

/// Whether an error is a closed stdout (`dsctl ... | head -1`): that ends quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn set_color(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    colored::control::set_override(on);
}

/// Whether colored output is on (decided once from `--color`, NO_COLOR and the terminal).
pub fn color_enabled() -> bool {
    colored::control::SHOULD_COLORIZE.should_colorize()
}

/// One input: a file, or stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in messages (`-` shows as `<stdin>`).
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// Reads the whole input.
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                dsctl::input::read_all(std::io::stdin().lock()).context("reading stdin")
            }
            Input::File(p) => read_file(p).with_context(|| format!("reading {}", p.display())),
        }
    }
}

/// Opens a file for reading without ever hanging on a FIFO that nobody writes to: it is opened
/// non-blocking (an open for reading would otherwise wait for a writer), then switched back to
/// blocking mode, where a FIFO without a writer reads as end-of-file. Process substitution
/// (`dsctl validate <(helm template ...)`) still works: its writer is there.
#[cfg(unix)]
pub fn open_input(p: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(p)?;
    // SAFETY: fcntl on a descriptor we own, with flags read from it first.
    unsafe {
        let fd = f.as_raw_fd();
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    not_a_directory(f)
}

/// Opening a directory for reading succeeds on Unix; say "is a directory" now rather than let
/// the first read fail with a raw `EISDIR` deep inside a reader.
fn not_a_directory(f: std::fs::File) -> std::io::Result<std::fs::File> {
    if f.metadata()?.is_dir() {
        return Err(std::io::ErrorKind::IsADirectory.into());
    }
    Ok(f)
}

#[cfg(not(unix))]
pub fn open_input(p: &Path) -> std::io::Result<std::fs::File> {
    not_a_directory(std::fs::File::open(p)?)
}

/// Reads a whole file through [`open_input`], checked as it is read ([`dsctl::input`]).
fn read_file(p: &Path) -> std::io::Result<Vec<u8>> {
    dsctl::input::read_all(open_input(p)?)
}

/// Why an input could not be read: `(line, column, reason)`, with a position when the checked
/// reader refused a byte (a NUL, invalid UTF-8, past the size cap).
pub fn read_failure(e: &anyhow::Error) -> (Option<(u32, u32)>, String) {
    if let Some(bad) = e.chain().find_map(dsctl::input::BadInput::of) {
        return (Some((bad.line, bad.column)), bad.message.clone());
    }
    let reason = e
        .chain()
        .last()
        .and_then(|c| c.downcast_ref::<std::io::Error>())
        .map_or_else(|| format!("{e:#}"), io_reason);
    (None, reason)
}

/// [`read_failure`] as a message line: `file:line:column: error: reason` or `file: error: reason`.
pub fn read_failure_line(input: &Input, e: &anyhow::Error) -> String {
    match read_failure(e) {
        (Some((line, column)), reason) => load_problem(input, line, column, &reason),
        (None, reason) => format!("{}: error: {reason}", input.display()),
    }
}

fn is_manifest_name(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// Expands the command line's paths into inputs: directories are walked (sorted, links
/// followed, loops reported), `-` is stdin, no path at all is stdin when it is not a terminal.
/// Problems are returned beside the inputs so the other files are still processed.
pub fn collect_inputs(args: &crate::cli::Inputs) -> (Vec<Input>, Vec<String>) {
    let paths = &args.paths;
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let exclude = match Exclude::new(&args.exclude) {
        Ok(e) => e,
        Err(p) => return (inputs, vec![p]),
    };
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            problems.push("no input: give a file, a directory or `-` for stdin".to_string());
        } else {
            inputs.push(Input::Stdin);
        }
        return (inputs, problems);
    }
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => problems.push(format!("{}: {}", p.display(), io_reason(&e))),
            Ok(m) if m.is_dir() => {
                let before = inputs.len();
                let walk = walkdir::WalkDir::new(p)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| e.depth() == 0 || !exclude.excludes(p, e.path()));
                for entry in walk {
                    match entry {
                        Ok(e) if e.file_type().is_file() && is_manifest_name(e.path()) => {
                            inputs.push(Input::File(e.into_path()))
                        }
                        Ok(_) => {}
                        Err(e) => problems.push(walk_problem(&e)),
                    }
                }
                if inputs.len() == before {
                    problems.push(format!(
                        "{}: no manifests (*.yaml, *.yml, *.json) in this directory",
                        p.display()
                    ));
                }
            }
            Ok(_) => inputs.push(Input::File(p.clone())),
        }
    }
    (inputs, problems)
}

/// The `--exclude` patterns of a directory walk.
struct Exclude {
    /// Patterns without `/`: matched against an entry's name.
    names: globset::GlobSet,
    /// Patterns with `/`: matched against the path below the walked directory.
    paths: globset::GlobSet,
}

impl Exclude {
    fn new(patterns: &[String]) -> Result<Exclude, String> {
        let mut names = globset::GlobSetBuilder::new();
        let mut paths = globset::GlobSetBuilder::new();
        for p in patterns {
            let glob = globset::GlobBuilder::new(p.trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map_err(|e| format!("--exclude {p:?}: {}", e.kind()))?;
            if p.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let built = |b: globset::GlobSetBuilder| b.build().map_err(|e| format!("--exclude: {e}"));
        Ok(Exclude {
            names: built(names)?,
            paths: built(paths)?,
        })
    }

    /// Whether `path`, found walking `root`, is left out.
    fn excludes(&self, root: &Path, path: &Path) -> bool {
        path.file_name().is_some_and(|n| self.names.is_match(n))
            || path
                .strip_prefix(root)
                .is_ok_and(|rel| self.paths.is_match(rel))
    }
}

fn walk_problem(e: &walkdir::Error) -> String {
    let path = e
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if let Some(anc) = e.loop_ancestor() {
        return format!(
            "{path}: symbolic link loop (back to {}); skipped",
            anc.display()
        );
    }
    match e.io_error() {
        Some(io) => format!("{path}: {}", io_reason(io)),
        None => format!("{path}: {e}"),
    }
}

/// A short reason for an I/O error, without Rust's `(os error N)` noise.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".to_string(),
        PermissionDenied => "permission denied".to_string(),
        IsADirectory => "is a directory".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Prints a problem with an input as `file:line:column: error: message` (or `file: error: ...`),
/// control characters (from a file name or the input's text) escaped for the terminal.
pub fn report_problem(msg: &str) {
    eprintln!("{}", dsctl::output::escape_control(msg));
}

/// Formats a load failure of one input.
pub fn load_problem(input: &Input, line: u32, column: u32, message: &str) -> String {
    format!("{}:{line}:{column}: error: {message}", input.display())
}

/// Stdout, locked and buffered; errors propagate so a closed pipe ends the run quietly.
pub fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

/// [`print`], then `code`; a closed stdout (`| head -1`) still ends with `code`, so a pipeline
/// under `set -o pipefail` sees the findings the output would have shown.
pub fn print_then(text: &str, code: u8) -> Result<u8> {
    match print(text) {
        Err(e) if !is_broken_pipe(&e) => Err(e),
        _ => Ok(code),
    }
}

/// [`print_then`] for text in pieces, written one after the other.
pub fn print_pieces_then(pieces: &[std::borrow::Cow<'_, str>], code: u8) -> Result<u8> {
    let mut out = stdout();
    let written = pieces
        .iter()
        .try_for_each(|p| out.write_all(p.as_bytes()))
        .and_then(|()| out.flush());
    match written.map_err(anyhow::Error::from) {
        Err(e) if !is_broken_pipe(&e) => Err(e),
        _ => Ok(code),
    }
}

/// Writes text to stdout and flushes it.
pub fn print(text: &str) -> Result<()> {
    let mut out = stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
