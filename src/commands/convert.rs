//! `dsctl convert`: reads the inputs, converts them with [`dsctl::convert`], prints or writes
//! the results, reports notes and refusals on stderr and picks the exit code.

use super::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, Input};
use crate::cli::{ConvertArgs, ConvertTarget, ManifestFormat, UpdateStrategyType};
use anyhow::{Context, Result, anyhow};
use colored::Colorize;
use dsctl::convert::{
    FileConversion, Format, IntOrPercent, Level, Message, Options, Selection, StrategyType,
    convert_file_keeping, json_text, list_of, parse_node_selector,
};
use dsctl::finding::{Finding, Severity};
use dsctl::output::escape_control;
use serde_json::Value;
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

pub fn run(args: ConvertArgs) -> Result<u8> {
    let opts = match options(&args) {
        Ok(o) => o,
        Err(msg) => {
            say!("dsctl: error: {msg}");
            return Ok(EXIT_FAILURE);
        }
    };
    if args.write {
        // Before any file is read, so an interrupt always ends the same way (exit 130).
        clean_up_on_interrupt()?;
    }
    let (inputs, problems) = super::collect_inputs(&args.inputs);
    let mut code = EXIT_CLEAN;
    for p in &problems {
        super::report_problem(&format!("dsctl: error: {p}"));
        code = EXIT_FAILURE;
    }
    if args.write && inputs.contains(&Input::Stdin) {
        say!("dsctl: error: --write rewrites files in place; it cannot take stdin");
        return Ok(EXIT_FAILURE);
    }
    let forced = args.output.map(|f| match f {
        ManifestFormat::Yaml => Format::Yaml,
        ManifestFormat::Json => Format::Json,
    });
    let mut converted: Vec<(Input, Vec<u8>, FileConversion)> = Vec::new();
    // Size and modification time of each file before it is read, to notice a change made
    // while dsctl ran before `--write` replaces the file.
    let mut stamps = std::collections::HashMap::new();
    for input in inputs {
        if let Input::File(p) = &input
            && args.write
        {
            stamps.insert(p.clone(), stamp(p));
        }
        let bytes = match input.read() {
            Ok(b) => b,
            Err(e) => {
                super::report_problem(&super::read_failure_line(&input, &e));
                code = EXIT_FAILURE;
                continue;
            }
        };
        // The Service and static-Pod targets build on the converted values.
        let keep = args.with_service.is_some() || args.to == Some(ConvertTarget::StaticPod);
        match convert_file_keeping(&bytes, forced, &opts, &check_daemonset, keep) {
            Ok(mut c) => {
                let format = forced.unwrap_or(c.input_format);
                if let Some(kind) = args.with_service
                    && !c.refused()
                    && !super::service::add_to(&mut c, format, kind, &input.display())
                {
                    code = code.max(EXIT_FINDINGS);
                    continue;
                }
                // `--check` alone prints nothing but refusals: its answer is the exit code.
                let quiet = args.check && !args.diff;
                report(&input, &c.messages, quiet);
                if c.refused() {
                    code = code.max(EXIT_FINDINGS);
                } else {
                    converted.push((input, bytes, c));
                }
            }
            Err(e) => {
                super::report_problem(&super::load_problem(&input, e.line, e.column, &e.message));
                code = EXIT_FAILURE;
            }
        }
    }
    // What the conversions break in the run's other objects (autoscalers, disruption budgets,
    // single-node claims): warnings at those objects. Their positions need the files read
    // again, so only when the output holds such an object.
    let quiet = args.check && !args.diff;
    if !quiet && converted.iter().any(|(_, _, c)| c.dependents) {
        // Converted again keeping the values, and read again with positions: only a run
        // that holds such an object pays for it.
        let mut parsed = Vec::with_capacity(converted.len());
        let mut values = Vec::with_capacity(converted.len());
        for (_, bytes, _) in &converted {
            parsed.push(
                dsctl::manifest::decode(bytes)
                    .ok()
                    .and_then(|t| dsctl::manifest::parse(t).ok())
                    .unwrap_or_default(),
            );
            values.push(
                convert_file_keeping(bytes, forced, &opts, &check_daemonset, true)
                    .map(|c| c.documents)
                    .unwrap_or_default(),
            );
        }
        let runs: Vec<dsctl::convert::consequences::Run<'_>> = parsed
            .iter()
            .zip(&values)
            .map(|(docs, converted)| dsctl::convert::consequences::Run { docs, converted })
            .collect();
        for (i, m) in dsctl::convert::consequences::consequences(&runs) {
            report(&converted[i].0, std::slice::from_ref(&m), false);
        }
    }
    if !quiet && !opts.select.is_empty() && converted.iter().all(|(_, _, c)| c.selected == 0) {
        say!(
            "dsctl: warning: --only/--selector matches no object of the input: nothing was converted"
        );
    }
    // One name for every DaemonSet of the output: with two or more that is a name clash the
    // API server would settle by keeping only the last one. Checked before anything is written.
    if args.name.is_some() {
        let daemonsets: usize = converted.iter().map(|(_, _, c)| c.daemonsets).sum();
        if daemonsets > 1 {
            eprintln!(
                "dsctl: error: --name would give all {daemonsets} DaemonSets of the output the \
                 same name; convert one object at a time"
            );
            return Ok(EXIT_FAILURE);
        }
    }
    if args.to == Some(ConvertTarget::StaticPod) {
        return super::static_pod::print(&args, &converted, forced, code);
    }
    if args.write {
        for (input, _, c) in &converted {
            if let (Input::File(path), Some(text), true) = (input, &c.output, c.changed)
                && let Err(e) =
                    write_atomically(path, text.as_bytes(), stamps.get(path).copied().flatten())
            {
                say!(
                    "{}: error: {}",
                    shown(input),
                    escape_control(&format!("{e:#}"))
                );
                code = EXIT_FAILURE;
            }
        }
        return Ok(code);
    }
    if args.diff || args.check {
        let mut any_change = false;
        for (input, bytes, c) in &converted {
            let (Some(text), true) = (&c.output, c.changed) else {
                continue;
            };
            any_change = true;
            if args.diff {
                let patch = diff(&input.display(), &String::from_utf8_lossy(bytes), text);
                if let Err(e) = super::print(&patch) {
                    if super::is_broken_pipe(&e) {
                        // A change was found: `--check` fails whether or not it was shown.
                        return Ok(code.max(EXIT_FINDINGS));
                    }
                    return Err(e);
                }
            }
        }
        if args.check && any_change {
            code = code.max(EXIT_FINDINGS);
        }
        return Ok(code);
    }
    super::print_pieces_then(&stdout_text(&converted, forced), code)
}

/// Turns the flags into checked [`Options`]; a message for a usage error.
fn options(args: &ConvertArgs) -> Result<Options, String> {
    let int_or_percent = |flag: &str, v: &Option<String>| {
        v.as_deref()
            .map(|s| IntOrPercent::parse(s).map_err(|m| format!("--{flag}: {m}")))
            .transpose()
    };
    let opts = Options {
        node_selector: args
            .node_selector
            .iter()
            .map(|s| parse_node_selector(s))
            .collect::<Result<_, _>>()?,
        tolerate_control_plane: args.tolerate_control_plane,
        tolerate_all: args.tolerate_all,
        priority_class: args.priority_class.clone(),
        max_unavailable: int_or_percent("max-unavailable", &args.max_unavailable)?,
        max_surge: int_or_percent("max-surge", &args.max_surge)?,
        update_strategy: args.update_strategy.map(|t| match t {
            UpdateStrategyType::RollingUpdate => StrategyType::RollingUpdate,
            UpdateStrategyType::OnDelete => StrategyType::OnDelete,
        }),
        name: args.name.clone(),
        namespace: args.namespace.clone(),
        select: Selection {
            only: args
                .only
                .iter()
                .map(|s| Selection::parse_only(s))
                .collect::<Result<_, _>>()?,
            selectors: args
                .selector
                .iter()
                .map(|s| Selection::parse_selector(s))
                .collect::<Result<_, _>>()?,
        },
    };
    for (flag, v) in [("name", &opts.name), ("namespace", &opts.namespace)] {
        if v.as_deref().is_some_and(str::is_empty) {
            return Err(format!("--{flag} must not be empty"));
        }
    }
    opts.check()?;
    Ok(opts)
}

/// A file name as it may go to a terminal: control characters (an ESC in a name) escaped.
fn shown(input: &Input) -> String {
    escape_control(&input.display()).into_owned()
}

/// Prints notes, warnings and refusals as `FILE:LINE:COL: level: field: text`.
///
/// Through one buffer, flushed at the end: stderr is unbuffered, and `eprintln!` wrote each
/// piece of each line with its own system call (220,001 writes for 10,000 documents).
fn report(input: &Input, messages: &[Message], errors_only: bool) {
    let file = shown(input);
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for m in messages {
        if errors_only && m.level != Level::Error {
            continue;
        }
        let level = match m.level {
            Level::Note => "note".cyan().bold(),
            Level::Warning => "warning".yellow().bold(),
            Level::Error => "error".red().bold(),
        };
        let field = if m.field.is_empty() {
            String::new()
        } else {
            format!("{}: ", escape_control(&m.field))
        };
        let text = escape_control(&m.text);
        // A closed stderr is no reason to stop converting (as with `eprintln!`, minus the panic).
        let _ = writeln!(
            err,
            "{file}:{}:{}: {level}: {field}{text}",
            m.line, m.column
        );
    }
    let _ = err.flush();
}

/// What goes to stdout: one YAML stream, or one JSON document (a `List` when there are
/// several objects). Without `-o`, JSON only when every input was JSON.
/// What `convert` prints, in pieces: each file's output is borrowed, not copied into one
/// string (a large stream would be held twice more).
fn stdout_text(
    converted: &[(Input, Vec<u8>, FileConversion)],
    forced: Option<Format>,
) -> Vec<Cow<'_, str>> {
    let all_json = !converted.is_empty()
        && converted
            .iter()
            .all(|(_, _, c)| c.input_format == Format::Json);
    let format = forced.unwrap_or(if all_json { Format::Json } else { Format::Yaml });
    if format == Format::Json {
        if let [(_, _, one)] = converted
            && let Some(text) = &one.output
        {
            return vec![Cow::Borrowed(text)];
        }
        let docs: Vec<Value> = converted
            .iter()
            .flat_map(|(_, _, c)| c.documents.iter().cloned())
            .collect();
        return vec![Cow::Owned(json_text(&list_of(docs), "  "))];
    }
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    let mut ends_with_newline = true;
    for (_, _, c) in converted {
        let Some(text) = &c.output else { continue };
        let text: Cow<'_, str> = if c.input_format == Format::Json && forced.is_none() {
            // A JSON file in a YAML stream: re-emit it as YAML so the stream reads as one.
            Cow::Owned(dsctl::manifest::emit::to_yaml_stream(&c.documents))
        } else {
            Cow::Borrowed(text)
        };
        let piece = if out.is_empty() {
            text
        } else {
            if !ends_with_newline {
                out.push(Cow::Borrowed("\n"));
            }
            let body = match text {
                Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{FEFF}').unwrap_or(t)),
                Cow::Owned(t) => Cow::Owned(t.strip_prefix('\u{FEFF}').unwrap_or(&t).to_string()),
            };
            if !body.starts_with("---") {
                out.push(Cow::Borrowed("---\n"));
            }
            ends_with_newline = true;
            body
        };
        if !piece.is_empty() {
            ends_with_newline = piece.ends_with('\n');
            out.push(piece);
        }
    }
    out
}

/// A unified diff of one file, colored when color is on.
fn diff(name: &str, old: &str, new: &str) -> String {
    let old = old.strip_prefix('\u{FEFF}').unwrap_or(old);
    let new = new.strip_prefix('\u{FEFF}').unwrap_or(new);
    let text = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string();
    if !super::color_enabled() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let colored = if body.starts_with("+++") || body.starts_with("---") {
            body.bold().to_string()
        } else if body.starts_with('+') {
            body.green().to_string()
        } else if body.starts_with('-') {
            body.red().to_string()
        } else if body.starts_with("@@") {
            body.cyan().to_string()
        } else {
            body.to_string()
        };
        out.push_str(&colored);
        out.push_str(nl);
    }
    out
}

/// Temporary files being written right now. The interrupt handler removes them before it
/// exits; [`write_atomically`] holds the lock while it creates one and while it renames one, so
/// the handler never races a creation or removes a file that has become the user's.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere must not stop the cleanup: the list itself is always consistent.
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// On SIGINT, SIGTERM or SIGHUP during `--write`: remove the temporary files of writes in
/// progress and exit with 128 + the signal (130 for Ctrl-C). Every original is then either
/// untouched or completely replaced. A dedicated thread (signal-hook's iterator) does the work,
/// so it may lock, allocate and touch files, which a signal handler proper may not.
#[cfg(unix)]
fn clean_up_on_interrupt() -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // A signal ignored when dsctl started stays ignored: `nohup dsctl convert --write` must
    // survive a hangup, and a shell's background job ignores Ctrl-C.
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&s| !ignored_at_start(s))
        .collect();
    let mut signals =
        signal_hook::iterator::Signals::new(wanted).context("installing the interrupt handler")?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let tmp = in_flight();
            for p in tmp.iter() {
                let _ = std::fs::remove_file(p);
            }
            say!("dsctl: interrupted; files not yet written are unchanged");
            // _exit: no atexit handlers or stdout flush that could wait on a lock held by the
            // main thread; the lock on IN_FLIGHT is held until the process is gone.
            // SAFETY: _exit only ends the process.
            unsafe { libc::_exit(128 + signal) };
        }
    });
    Ok(())
}

/// Whether a signal's disposition is "ignore" (inherited from the parent).
#[cfg(unix)]
fn ignored_at_start(signal: i32) -> bool {
    // SAFETY: sigaction with a null new action only reads the current one into `old`.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    }
}

#[cfg(not(unix))]
fn clean_up_on_interrupt() -> Result<()> {
    Ok(())
}

/// Why a write failed, for `FILE: error: cannot write: ...; the file is unchanged`.
fn write_failure(what: String, e: &std::io::Error) -> anyhow::Error {
    anyhow!(
        "cannot write: {what}: {}; the file is unchanged",
        super::io_reason(e)
    )
}

/// Replaces a file's content atomically: a temporary file in the same directory gets the
/// bytes and the old file's permissions, is synced, renamed over the old file, and the
/// directory is synced so the rename survives a crash. On any failure the temporary file is
/// removed and the original is untouched; after SIGKILL a `.NAME.dsctl-PID-N.tmp` file may
/// remain (nothing can run then), but the original is still whole, and the next write in the
/// directory removes it ([`remove_stale_temporaries`]).
/// A file's size and modification time, `None` when they cannot be read.
fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

fn write_atomically(
    path: &Path,
    bytes: &[u8],
    read_as: Option<(u64, std::time::SystemTime)>,
) -> Result<()> {
    // Write through a symbolic link, not over it.
    let path = &std::fs::canonicalize(path)
        .map_err(|e| write_failure(format!("resolving {}", path.display()), &e))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let meta = std::fs::metadata(path)
        .map_err(|e| write_failure(format!("reading the permissions of {}", path.display()), &e))?;
    let perms = meta.permissions();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temporaries(dir);
    let (tmp_path, mut tmp) = {
        let mut registry = in_flight();
        let mut n = 0u32;
        loop {
            let candidate = dir.join(format!(".{name}.dsctl-{}-{n}.tmp", std::process::id()));
            let mut open = std::fs::OpenOptions::new();
            open.write(true).create_new(true);
            // Never wider than the original, from the first byte: a 0600 file's secrets are
            // never in a world-readable temporary file (the umask can only narrow it further;
            // the exact mode is set once the content is written).
            #[cfg(unix)]
            {
                use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
                open.mode(perms.mode() & 0o7777);
            }
            match open.open(&candidate) {
                Ok(f) => {
                    registry.push(candidate.clone());
                    break (candidate, f);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => {
                    let what = format!("creating a temporary file in {}", dir.display());
                    return Err(write_failure(what, &e));
                }
            }
        }
    };
    let forget = |tmp_path: &Path| in_flight().retain(|p| p != tmp_path);
    let filled = (|| -> std::io::Result<()> {
        // Owner and group first (a chown may clear set-id bits), when the process may.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = std::os::unix::fs::fchown(&tmp, Some(meta.uid()), Some(meta.gid()));
        }
        tmp.write_all(bytes)?;
        tmp.set_permissions(perms)?;
        tmp.sync_all()
    })();
    if let Err(e) = filled {
        let _ = std::fs::remove_file(&tmp_path);
        forget(&tmp_path);
        return Err(write_failure(format!("writing {}", tmp_path.display()), &e));
    }
    drop(tmp);
    if read_as.is_some() && stamp(path) != read_as {
        let _ = std::fs::remove_file(&tmp_path);
        forget(&tmp_path);
        anyhow::bail!(
            "{} changed while dsctl ran (size or modification time differ); not written, run again",
            path.display()
        );
    }
    {
        let mut registry = in_flight();
        if let Err(e) = std::fs::rename(&tmp_path, path) {
            let _ = std::fs::remove_file(&tmp_path);
            registry.retain(|p| p != &tmp_path);
            let what = format!("renaming {} over it", tmp_path.display());
            return Err(write_failure(what, &e));
        }
        registry.retain(|p| p != &tmp_path);
    }
    // Make the rename itself durable; the new content is in place either way.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes, once per directory and run, the temporary files a killed `dsctl convert --write`
/// left behind (`.NAME.dsctl-PID-N.tmp` whose process no longer exists: SIGKILL and power loss
/// leave no chance to clean up). Only that exact pattern, only a dead PID: a write in progress
/// in another dsctl is never touched. Each removal is said on stderr.
fn remove_stale_temporaries(dir: &Path) {
    static SCANNED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    {
        let mut scanned = SCANNED.lock().unwrap_or_else(|e| e.into_inner());
        if scanned.iter().any(|d| d == dir) {
            return;
        }
        scanned.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(stale_pid) else {
            continue;
        };
        if pid != std::process::id() && !process_exists(pid) {
            let path = entry.path();
            if std::fs::remove_file(&path).is_ok() {
                say!(
                    "dsctl: note: removed {}, left by an interrupted dsctl (process {pid})",
                    path.display()
                );
            }
        }
    }
}

/// The PID in a temporary file name of [`write_atomically`]'s, `.NAME.dsctl-PID-N.tmp`.
fn stale_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(".dsctl-")?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u32>().ok()?;
    pid.parse().ok()
}

#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    true
}

/// The checks `convert` runs on every DaemonSet it writes: the full validator's errors
/// (warnings are advice for `dsctl validate`, not reasons to refuse a conversion).
fn check_daemonset(ds: &Value) -> Vec<Finding> {
    dsctl::rules::check(ds, &dsctl::rules::Options::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}
