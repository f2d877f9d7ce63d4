//! `dsctl validate`: read files, run the pure pipeline, print a report, pick the exit code.

use super::config::{Choice, Configs};
use super::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, Input, cross_object};
use crate::cli::{FailOn, ReportFormat, ValidateArgs};
use anyhow::Result;
use clap::ValueEnum;
use dsctl::report::{DocumentReport, Problem, Report};
use dsctl::schema::{self, KubeVersion};
use dsctl::validate::{Config, ObjectKey, object_key, validate_text_visiting};
use dsctl::{manifest, output};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn run(args: ValidateArgs, choice: Choice) -> Result<u8> {
    let cli_version = match &args.kubernetes_version {
        None => None,
        Some(v) => match KubeVersion::parse(v) {
            Ok(v) => Some(v),
            Err(e) => {
                eprintln!("dsctl: error: --kubernetes-version: {e}");
                return Ok(EXIT_FAILURE);
            }
        },
    };
    // Run-wide settings come from the current directory's configuration file.
    let mut configs = Configs::new(choice);
    let root = match configs.for_dir(Path::new(".")) {
        Ok(found) => found,
        Err(line) => {
            say!("{line}");
            return Ok(EXIT_FAILURE);
        }
    };
    let root_settings = root.as_ref().map(|f| &f.settings);
    let format = args
        .output
        .or_else(|| {
            let o = root_settings?.output.as_ref()?;
            ReportFormat::from_str(&o.value, true).ok()
        })
        .unwrap_or(ReportFormat::Text);
    let fail_on = args
        .fail_on
        .or_else(|| {
            let f = root_settings?.fail_on.as_ref()?;
            FailOn::from_str(&f.value, true).ok()
        })
        .unwrap_or(FailOn::Error);
    let mut report = Report::default();
    let mut previous = HashMap::new();
    if let Some(p) = &args.previous {
        let input = Input::File(p.clone());
        match read_documents(&input) {
            Ok(docs) => {
                for d in &docs {
                    for o in d.objects() {
                        previous.insert(object_key(o.value), o.value.clone());
                    }
                }
            }
            Err(problem) => {
                eprintln!("{}", problem_line(&problem));
                return Ok(EXIT_FAILURE);
            }
        }
    }
    let adopting = match &args.adopting {
        None => None,
        Some(p) => match read_documents(&Input::File(p.clone())) {
            Ok(docs) => Some((p.display().to_string(), docs)),
            Err(problem) => {
                eprintln!("{}", problem_line(&problem));
                return Ok(EXIT_FAILURE);
            }
        },
    };
    // A code or name that is no rule would silently ignore nothing (a typo like DS10): refuse
    // it. Rules are stored by their code, so `ds101` and `selector-mismatch` work too.
    let mut ignore = Vec::with_capacity(args.ignore.len());
    for wanted in &args.ignore {
        match dsctl::rules::lookup(wanted.trim()) {
            Some(rule) => ignore.push(rule.code.to_string()),
            None => {
                eprintln!(
                    "dsctl: error: --ignore: no rule {wanted:?}; `dsctl explain --list` lists them all"
                );
                return Ok(EXIT_FAILURE);
            }
        }
    }
    let (inputs, problems) = super::collect_inputs(&args.inputs);
    let sole_previous = sole_pair(&previous, &inputs);
    // Each input's settings: its own configuration file's, under the command line's. Inputs
    // with the same settings share one `Config`.
    let mut settings: Vec<Config> = Vec::new();
    let mut of_input = Vec::with_capacity(inputs.len());
    let mut known: HashMap<(KubeVersion, bool, Vec<String>), usize> = HashMap::new();
    for input in &inputs {
        let found = match configs.for_input(input) {
            Ok(found) => found,
            Err(line) => {
                say!("{line}");
                return Ok(EXIT_FAILURE);
            }
        };
        let file = found.as_ref().map(|f| &f.settings);
        let version = cli_version
            .or_else(|| Some(file?.kubernetes_version.as_ref()?.value))
            .unwrap_or_else(schema::latest);
        let strict = if args.no_strict {
            false
        } else {
            args.strict || file.and_then(|f| f.strict.as_ref()).is_none_or(|s| s.value)
        };
        let mut codes = ignore.clone();
        if let Some(f) = &found {
            codes.extend(
                f.settings
                    .ignore
                    .iter()
                    .flat_map(|i| i.value.iter().cloned()),
            );
            if let Input::File(p) = input
                && let Some(relative) = f.relative(p)
            {
                codes.extend(f.settings.ignored_for(&relative));
            }
        }
        codes.sort();
        codes.dedup();
        let key = (version, strict, codes);
        let n = match known.get(&key) {
            Some(&n) => n,
            None => {
                settings.push(Config {
                    version,
                    strict,
                    ignore: key.2.clone(),
                    previous: previous.clone(),
                    sole_previous: sole_previous.clone(),
                });
                known.insert(key, settings.len() - 1);
                settings.len() - 1
            }
        };
        of_input.push(n);
    }
    // The cross-object checks span files: the command line's and the run-wide file's ignores.
    let mut run_ignore = ignore;
    run_ignore.extend(
        root_settings
            .and_then(|s| s.ignore.as_ref())
            .into_iter()
            .flat_map(|i| i.value.iter().cloned()),
    );

    for p in problems {
        report.problems.push(Problem {
            file: String::new(),
            line: None,
            column: None,
            message: p,
        });
    }
    report.files = inputs.len();
    let collected = cross_object::Collected::new(args.adopting.is_some());
    // Files named on the command line (and stdin) were asked for: with --strict-inputs, one
    // that is not Kubernetes YAML is an error, not a note.
    let strict: Vec<bool> = inputs
        .iter()
        .map(|input| {
            args.strict_inputs
                && match input {
                    Input::Stdin => true,
                    Input::File(p) => args.inputs.paths.iter().any(|a| a == p),
                }
        })
        .collect();
    let results = check_all(&inputs, &settings, &of_input, &strict, &collected);
    for r in results {
        match r {
            Ok((docs, None)) => report.documents.extend(docs),
            Ok((_, Some(note))) => report.notes.push(note),
            Err(p) => report.problems.push(p),
        }
    }
    for n in &report.notes {
        eprintln!("{}", note_line(n));
    }
    dsctl::validate::duplicate_objects(&mut report, &run_ignore);
    if report.documents.is_empty() && report.problems.is_empty() && report.notes.is_empty() {
        report.problems.push(Problem {
            file: String::new(),
            line: None,
            column: None,
            message: "no Kubernetes objects found in the input".to_string(),
        });
    }
    for p in &report.problems {
        eprintln!("{}", problem_line(p));
    }
    let adoption = cross_object::check(
        collected,
        &mut report,
        &run_ignore,
        adopting.as_ref().map(|(f, d)| (f.as_str(), d.as_slice())),
    );

    let text = match format {
        ReportFormat::Text => output::text::render(&report),
        ReportFormat::Json => output::json::render(&report),
        ReportFormat::Sarif => output::sarif::render(
            &report,
            &super::explain::rule_infos(),
            env!("CARGO_PKG_VERSION"),
        ),
        ReportFormat::Github => output::github::render(&report),
        ReportFormat::Junit => output::junit::render(&report),
    };
    let s = report.summary();
    let failed = !report.problems.is_empty();
    // The report of a large stream is ~100,000 small allocations; the process ends now, so
    // leave them to the OS instead of spending tens of milliseconds freeing them one by one.
    std::mem::forget(report);
    let code = if failed {
        EXIT_FAILURE
    } else if s.errors > 0
        || (fail_on == FailOn::Warning && s.warnings > 0)
        || adoption != EXIT_CLEAN
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    super::print_then(&text, code)
}

/// The previous object when it is the only one and the input files hold exactly one object of
/// its group and kind: those two are the same object, renamed or moved. Standard input cannot
/// be read twice, so it never pairs this way.
fn sole_pair(
    previous: &HashMap<ObjectKey, serde_json::Value>,
    inputs: &[Input],
) -> Option<serde_json::Value> {
    if previous.len() != 1 {
        return None;
    }
    let (key, old) = previous.iter().next()?;
    let mut same = 0usize;
    for input in inputs {
        if matches!(input, Input::Stdin) {
            return None;
        }
        let docs = read_documents(input).ok()?;
        for d in &docs {
            for o in d.objects() {
                let k = object_key(o.value);
                if (&k.0, &k.1) == (&key.0, &key.1) {
                    same += 1;
                }
            }
        }
    }
    (same == 1).then(|| old.clone())
}

fn problem_line(p: &Problem) -> String {
    format!(
        "{}: error: {}",
        place(p),
        output::escape_control(&p.message)
    )
}

fn note_line(p: &Problem) -> String {
    format!("{}: note: {}", place(p), output::escape_control(&p.message))
}

fn place(p: &Problem) -> String {
    match (p.file.is_empty(), p.line, p.column) {
        (true, _, _) => "dsctl".to_string(),
        (false, Some(l), Some(c)) => format!("{}:{l}:{c}", p.file),
        (false, _, _) => p.file.clone(),
    }
}

fn read_text(input: &Input) -> Result<String, Problem> {
    let bytes = input.read().map_err(|e| {
        let (at, message) = super::read_failure(&e);
        Problem {
            file: input.display(),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
            message,
        }
    })?;
    manifest::decode(&bytes).map_err(|e| located(input, e))?;
    // Valid UTF-8 now (a BOM is too): reuse the buffer instead of copying a large file.
    let mut text = String::from_utf8(bytes).unwrap_or_default();
    if text.starts_with('\u{FEFF}') {
        text.drain(..3);
    }
    Ok(text)
}

fn located(input: &Input, e: manifest::LoadError) -> Problem {
    Problem {
        file: input.display(),
        line: Some(e.line),
        column: Some(e.column),
        message: e.message,
    }
}

fn read_documents(input: &Input) -> Result<Vec<manifest::Document>, Problem> {
    let text = read_text(input)?;
    manifest::parse(&text).map_err(|e| located(input, e))
}

/// What checking one input gives: its objects, or a note when it holds no Kubernetes object.
type Checked = Result<(Vec<DocumentReport>, Option<Problem>), Problem>;

/// Checks every input, files in parallel on all cores, results in input order.
/// `settings[of_input[i]]` is input `i`'s; `strict[i]` refuses input `i` when it holds no
/// Kubernetes object, instead of skipping it with a note.
fn check_all(
    inputs: &[Input],
    settings: &[Config],
    of_input: &[usize],
    strict: &[bool],
    collected: &cross_object::Collected,
) -> Vec<Checked> {
    let one = |i: usize| {
        let input = &inputs[i];
        let text = read_text(input)?;
        let file = input.display();
        let note = |message: &str| Problem {
            file: file.clone(),
            line: None,
            column: None,
            message: message.to_string(),
        };
        match validate_text_visiting(&file, &text, &settings[of_input[i]], collected) {
            Ok(docs) if docs.is_empty() && !manifest::holds_objects(&text) => {
                if strict[i] {
                    Err(note("no Kubernetes objects (empty, or comments only)"))
                } else {
                    Ok((
                        docs,
                        Some(note(
                            "no Kubernetes objects (empty, or comments only): skipped",
                        )),
                    ))
                }
            }
            Ok(docs) => Ok((docs, None)),
            Err(e) if e.not_an_object && !strict[i] && !manifest::holds_objects(&text) => Ok((
                Vec::new(),
                Some(note(
                    "not Kubernetes YAML (no document has apiVersion or kind): skipped",
                )),
            )),
            Err(e) => Err(located(input, e)),
        }
    };
    let threads = dsctl::validate::cores().min(inputs.len());
    if threads <= 1 {
        return (0..inputs.len()).map(one).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Checked>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= inputs.len() {
                        break;
                    }
                    let r = one(i);
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(r);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .zip(inputs)
        .map(|(m, input)| {
            m.into_inner().ok().flatten().unwrap_or_else(|| {
                Err(Problem {
                    file: input.display(),
                    line: None,
                    column: None,
                    message: "internal error while checking this file".to_string(),
                })
            })
        })
        .collect()
}
