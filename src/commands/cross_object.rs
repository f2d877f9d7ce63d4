//! The checks of `dsctl validate` that look across all its inputs instead of one object at a
//! time: host ports two DaemonSets claim ([`dsctl::hostport`], finding DS307) and, with
//! `--adopting OLD`, whether the new DaemonSets adopt the Pods an orphaning delete left
//! ([`dsctl::adoption`]).
//!
//! The per-object pipeline drops documents once checked; these checks need the DaemonSets of
//! every file at once, so the texts of the files that can matter are kept and parsed again
//! (only files that mention `DaemonSet` and, for host ports, `hostPort` or `hostNetwork`).

use super::{EXIT_CLEAN, EXIT_FINDINGS};
use dsctl::adoption::{self, Assessment};
use dsctl::finding::Finding;
use dsctl::hostport::{self, HOST_PORT_CONFLICT};
use dsctl::manifest::{self, Document};
use dsctl::output::escape_control;
use dsctl::report::{DocumentReport, Located, Report};
use dsctl::validate::{IGNORE_ANNOTATION, Lines};
use serde_json::Value;
use std::sync::Mutex;

/// Texts kept while checking, `(file, text)` in any order.
#[derive(Default)]
pub struct Kept {
    texts: Mutex<Vec<(String, String)>>,
    adopting: bool,
}

impl Kept {
    pub fn new(adopting: bool) -> Self {
        Kept {
            texts: Mutex::new(Vec::new()),
            adopting,
        }
    }

    /// Keeps a file's text when a cross-object check could use it.
    pub fn offer(&self, file: &str, text: &str) {
        let wanted = text.contains("DaemonSet")
            && (self.adopting || text.contains("hostPort") || text.contains("hostNetwork"));
        if wanted && let Ok(mut t) = self.texts.lock() {
            t.push((file.to_string(), text.to_string()));
        }
    }

    /// The kept files parsed again, in the report's file order.
    fn parsed(self, order: &[String]) -> Vec<(String, String, Vec<Document>)> {
        let mut texts = self.texts.into_inner().unwrap_or_default();
        texts.sort_by_key(|(f, _)| order.iter().position(|o| o == f));
        texts
            .into_iter()
            .filter_map(|(file, text)| {
                let docs = manifest::parse(&text).ok()?;
                Some((file, text, docs))
            })
            .collect()
    }
}

/// A DaemonSet of the inputs with where it came from.
struct Found<'a> {
    file: &'a str,
    lines: Lines<'a>,
    object: manifest::Object<'a>,
}

/// Runs the cross-object checks: DS307 findings go into `report`; the adoption verdicts are
/// printed to stderr. Returns the exit code adoption asks for (1 when orphans would be left).
pub fn check(
    kept: Kept,
    report: &mut Report,
    ignore: &[String],
    old: Option<(&str, &[Document])>,
) -> u8 {
    let order: Vec<String> = report.documents.iter().map(|d| d.file.clone()).collect();
    let files = kept.parsed(&order);
    let found: Vec<Found<'_>> = files
        .iter()
        .flat_map(|(file, text, docs)| {
            docs.iter().flat_map(move |d| {
                d.objects()
                    .into_iter()
                    .filter(|o| o.kind() == "DaemonSet")
                    .map(move |object| Found {
                        file,
                        lines: Lines::new(text),
                        object,
                    })
            })
        })
        .collect();
    let ignored = |codes: &[String]| {
        codes
            .iter()
            .any(|i| i == HOST_PORT_CONFLICT.code || i == HOST_PORT_CONFLICT.name)
    };
    if !ignored(ignore) {
        host_ports(&found, report, &ignored);
    }
    match old {
        // A file that could not be read may hold the adopting DaemonSet: no verdict then.
        Some(_) if !report.problems.is_empty() => {
            eprintln!("dsctl: warning: --adopting: no verdict, an input could not be read");
            EXIT_CLEAN
        }
        Some((old_file, docs)) => adopting(&found, old_file, docs),
        None => EXIT_CLEAN,
    }
}

fn host_ports(found: &[Found<'_>], report: &mut Report, ignored: &dyn Fn(&[String]) -> bool) {
    let values: Vec<&Value> = found.iter().map(|f| f.object.value).collect();
    for c in hostport::conflicts(&values) {
        let (first, second) = (&found[c.first.object], &found[c.second.object]);
        let annotation: Vec<String> = second
            .object
            .value
            .pointer(&format!(
                "/metadata/annotations/{}",
                IGNORE_ANNOTATION.replace('/', "~1")
            ))
            .and_then(Value::as_str)
            .map(|s| s.split(',').map(|x| x.trim().to_string()).collect())
            .unwrap_or_default();
        if ignored(&annotation) {
            continue;
        }
        let first_at = first.object.locate(&c.first.path).value;
        let message = format!(
            "hostPort {} is also claimed by {} ({}:{}:{}): their Pods can never run on the same \
             node; the scheduler leaves the later one Pending",
            c.second.describe(),
            first.object.describe(),
            first.file,
            first_at.line,
            first_at.column
        );
        let at = second.object.locate(&c.second.path).value;
        let located = Located {
            finding: Finding {
                code: HOST_PORT_CONFLICT.code,
                rule: HOST_PORT_CONFLICT.name,
                severity: HOST_PORT_CONFLICT.severity,
                field: c.second.path.clone(),
                error_type: None,
                message,
            },
            line: at.line,
            column: at.column,
            source_line: second.lines.get(at.line).map(str::to_string),
        };
        if let Some(doc) = report
            .documents
            .iter_mut()
            .find(|d| is_the_object(d, second))
        {
            doc.findings.push(located);
            doc.findings.sort_by(|a, b| {
                (a.line, a.column, a.finding.code).cmp(&(b.line, b.column, b.finding.code))
            });
        }
    }
}

fn is_the_object(d: &DocumentReport, f: &Found<'_>) -> bool {
    d.file == f.file && d.index == f.object.document && d.item == f.object.item
}

/// Prints one line per old DaemonSet: `FILE:LINE:COL: note|error: message`, at the new
/// DaemonSet's selector (or at the old object when no new DaemonSet is in its namespace).
fn adopting(found: &[Found<'_>], old_file: &str, old_docs: &[Document]) -> u8 {
    let old: Vec<manifest::Object<'_>> = old_docs
        .iter()
        .flat_map(|d| d.objects())
        .filter(|o| o.kind() == "DaemonSet")
        .collect();
    if old.is_empty() {
        eprintln!(
            "{}: warning: --adopting: no DaemonSet in this file",
            escape_control(old_file)
        );
        return EXIT_CLEAN;
    }
    let old_values: Vec<&Value> = old.iter().map(|o| o.value).collect();
    let new_values: Vec<&Value> = found.iter().map(|f| f.object.value).collect();
    let mut code = EXIT_CLEAN;
    for (a, o) in adoption::assess_all(&old_values, &new_values)
        .iter()
        .zip(&old)
    {
        let level = if a.orphans_left() {
            code = EXIT_FINDINGS;
            "error"
        } else {
            "note"
        };
        eprintln!(
            "{}: {level}: {}",
            place(a, found, o, old_file),
            escape_control(&a.message)
        );
    }
    code
}

fn place(
    a: &Assessment,
    found: &[Found<'_>],
    old: &manifest::Object<'_>,
    old_file: &str,
) -> String {
    match a.new.and_then(|i| found.get(i)) {
        Some(f) => {
            let loc = f.object.locate("spec.selector");
            let at = loc.key.unwrap_or(loc.value);
            format!("{}:{}:{}", f.file, at.line, at.column)
        }
        None => {
            let at = old.locate("metadata.name").value;
            format!("{old_file}:{}:{}", at.line, at.column)
        }
    }
}
