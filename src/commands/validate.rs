//! `dsctl validate`: read files, run the pure pipeline, print a report, pick the exit code.

use super::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, Input, cross_object};
use crate::cli::{FailOn, ReportFormat, ValidateArgs};
use anyhow::Result;
use dsctl::report::{DocumentReport, Problem, Report};
use dsctl::schema::{self, KubeVersion};
use dsctl::validate::{Config, ObjectKey, object_key, validate_text_visiting};
use dsctl::{manifest, output};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn run(args: ValidateArgs) -> Result<u8> {
    let version = match &args.kubernetes_version {
        None => schema::latest(),
        Some(v) => match KubeVersion::parse(v) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("dsctl: error: --kubernetes-version: {e}");
                return Ok(EXIT_FAILURE);
            }
        },
    };
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
    let (inputs, problems) = super::collect_inputs(&args.inputs.paths);
    let sole_previous = sole_pair(&previous, &inputs);
    let config = Config {
        version,
        strict: !args.no_strict,
        ignore,
        previous,
        sole_previous,
    };

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
    let results = check_all(&inputs, &config, &collected);
    for r in results {
        match r {
            Ok(docs) => report.documents.extend(docs),
            Err(p) => report.problems.push(p),
        }
    }
    if report.documents.is_empty() && report.problems.is_empty() {
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
        &config.ignore,
        adopting.as_ref().map(|(f, d)| (f.as_str(), d.as_slice())),
    );

    let text = match args.output {
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
        || (args.fail_on == FailOn::Warning && s.warnings > 0)
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
    let prefix = match (p.file.is_empty(), p.line, p.column) {
        (true, _, _) => "dsctl".to_string(),
        (false, Some(l), Some(c)) => format!("{}:{l}:{c}", p.file),
        (false, _, _) => p.file.clone(),
    };
    format!("{prefix}: error: {}", output::escape_control(&p.message))
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

/// What checking one input gives.
type Checked = Result<Vec<DocumentReport>, Problem>;

/// Checks every input, files in parallel on all cores, results in input order.
fn check_all(
    inputs: &[Input],
    config: &Config,
    collected: &cross_object::Collected,
) -> Vec<Checked> {
    let one = |input: &Input| {
        let text = read_text(input)?;
        let file = input.display();
        validate_text_visiting(&file, &text, config, collected).map_err(|e| located(input, e))
    };
    let threads = dsctl::validate::cores().min(inputs.len());
    if threads <= 1 {
        return inputs.iter().map(one).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Checked>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let r = one(input);
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
