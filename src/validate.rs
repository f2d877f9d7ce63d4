//! `validate` as a pure pipeline: documents → API-server rules + JSON schema → located,
//! suppressed, de-duplicated findings. The command layer only reads files and prints.

use crate::finding::{ErrorType, Finding, PathSegment, Severity, parse_path};
use crate::manifest::{self, LazyDocument, LoadError, Node, Object, Pos};
use crate::report::{DocumentReport, Located, Status};
use crate::rules;
use crate::schema::{self, KubeVersion, SchemaOutcome, ViolationKind};
use serde_json::Value;
use std::collections::HashMap;

/// Code of a JSON-schema violation (type, enum, required, format).
pub const SCHEMA_VIOLATION: (&str, &str) = ("DS001", "schema-violation");
/// Code of a field the schema does not know (strict mode).
pub const UNKNOWN_FIELD: (&str, &str) = ("DS002", "unknown-field");
/// Code of an apiVersion/kind the chosen Kubernetes version does not serve.
pub const NOT_SERVED: (&str, &str) = ("DS006", "api-version-not-served");

/// The annotation that switches rules off for one object: `dsctl.io/ignore: "DS101,DS204"`.
pub const IGNORE_ANNOTATION: &str = "dsctl.io/ignore";

/// Identity of an object across two versions of a manifest (for `--previous`).
pub type ObjectKey = (String, String, String, String);

/// What to check and how.
#[derive(Debug, Clone)]
pub struct Config {
    pub version: KubeVersion,
    /// Unknown fields are errors (as with `kubectl apply`'s default strict field validation).
    pub strict: bool,
    /// Codes or names of rules to skip.
    pub ignore: Vec<String>,
    /// Objects as they are now, for the update rules.
    pub previous: HashMap<ObjectKey, Value>,
    /// When the previous file and the new input each hold exactly one object of one group and
    /// kind, they are the same object whatever their names say (a rename is then DS402).
    pub sole_previous: Option<Value>,
}

/// The previous version of `value`: by key, else the sole previous object of its group and kind.
fn previous_of<'c>(value: &Value, config: &'c Config) -> Option<&'c Value> {
    let key = object_key(value);
    config.previous.get(&key).or_else(|| {
        config.sole_previous.as_ref().filter(|old| {
            let k = object_key(old);
            (k.0, k.1) == (key.0, key.1)
        })
    })
}

/// The key of an object: API group, kind, namespace, name.
pub fn object_key(value: &Value) -> ObjectKey {
    fn s(v: Option<&Value>) -> &str {
        v.and_then(Value::as_str).unwrap_or("")
    }
    let meta = value.get("metadata");
    key_of(
        s(value.get("apiVersion")),
        s(value.get("kind")),
        s(meta.and_then(|m| m.get("namespace"))),
        s(meta.and_then(|m| m.get("name"))),
    )
}

/// [`object_key`] from an object's apiVersion, kind, namespace and name as written.
pub fn key_of(api_version: &str, kind: &str, namespace: &str, name: &str) -> ObjectKey {
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    (
        group.to_string(),
        kind.to_string(),
        namespace_or_default(namespace).to_string(),
        name.to_string(),
    )
}

/// The namespace an object is created in: as written, else the request's, `default` unless
/// kubectl is told otherwise.
pub fn namespace_or_default(namespace: &str) -> &str {
    if namespace.is_empty() {
        "default"
    } else {
        namespace
    }
}

/// The codes or rule names an object's `dsctl.io/ignore` annotation switches off.
pub fn ignored_by_annotation(value: &Value) -> Vec<String> {
    value
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get(IGNORE_ANNOTATION))
        .and_then(Value::as_str)
        .map(|s| {
            s.split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The schema's findings for one object; `None` when no schema applies to it.
fn schema_findings(value: &Value, config: &Config) -> Option<Vec<Finding>> {
    Some(match schema::check(value, config.version, config.strict) {
        SchemaOutcome::Checked(violations) => violations
            .into_iter()
            .map(|v| {
                let ((code, rule), error_type) = match v.kind {
                    ViolationKind::UnknownField => (UNKNOWN_FIELD, None),
                    ViolationKind::Required => (SCHEMA_VIOLATION, Some(ErrorType::Required)),
                    ViolationKind::Enum => (SCHEMA_VIOLATION, Some(ErrorType::NotSupported)),
                    ViolationKind::Type => (SCHEMA_VIOLATION, Some(ErrorType::Type)),
                    _ => (SCHEMA_VIOLATION, Some(ErrorType::Invalid)),
                };
                Finding {
                    code,
                    rule,
                    severity: Severity::Error,
                    field: v.path,
                    error_type,
                    message: v.message,
                    at: None,
                }
            })
            .collect(),
        SchemaOutcome::UnknownKind {
            served_api_versions,
        } => {
            let api = value
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or("");
            let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
            let hint = if served_api_versions.is_empty() {
                String::new()
            } else {
                format!("; it serves {kind} as {}", served_api_versions.join(", "))
            };
            vec![Finding {
                code: NOT_SERVED.0,
                rule: NOT_SERVED.1,
                severity: Severity::Error,
                field: "apiVersion".to_string(),
                error_type: None,
                message: format!(
                    "Kubernetes {} does not serve {kind} in {api:?} (no matches for kind {kind:?}){hint}",
                    config.version
                ),
                at: None,
            }]
        }
        SchemaOutcome::NoSchema => return None,
    })
}

/// All findings for one object, before positions: rules, update rules, schema; suppressed
/// and de-duplicated (a rule's tailored finding replaces the schema's at the same field,
/// keeping the higher severity). The rules' defaults are applied to `value` itself, not to a
/// copy, after the schema and the update rules have read it as written.
pub fn check_object(value: &mut Value, config: &Config) -> Checked {
    let opts = rules::Options {
        kube_minor: config.version.minor,
    };
    let schema = schema_findings(value, config);
    if schema.is_none() && !rules::has_rules(value) {
        let s = |k: &str| {
            value
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        return Checked {
            findings: Vec::new(),
            skipped: Some(format!(
                "not checked: dsctl has no schema and no rules for {} {} (a custom resource?)",
                s("apiVersion"),
                s("kind")
            )),
        };
    }
    let schema = schema.unwrap_or_default();
    // The update rules alone: the checks of the new object itself run below, once.
    let update = previous_of(value, config).map(|old| rules::update_only(old, value));
    let mut ignore = ignored_by_annotation(value);
    // For the workloads the rules cover, required fields are the Go validation's business
    // (the API server does not enforce the OpenAPI `required` lists of built-in types), and the
    // rules report them at the server's paths: a schema `Required` would say it twice.
    let covered = rules::Kind::of(value).is_some();
    let mut found = rules::check_in_place(value, &opts);
    found.extend(update.into_iter().flatten());
    for s in schema {
        if covered && s.error_type == Some(ErrorType::Required) {
            continue;
        }
        if let Some(r) = found.iter_mut().find(|r| r.field == s.field) {
            r.severity = r.severity.max(s.severity);
        } else {
            found.push(s);
        }
    }
    ignore.extend(config.ignore.iter().cloned());
    found.retain(|f| !suppressed(f.code, f.rule, &ignore));
    Checked {
        findings: found,
        skipped: None,
    }
}

/// What [`check_object`] found: the findings, or why the object was not checked at all.
#[derive(Debug, Default)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub skipped: Option<String>,
}

/// Whether `ignore` (from `--ignore` or the annotation) switches off the rule `code`/`name`:
/// codes in any case, as `dsctl explain` takes them, or the rule's name. The one suppression
/// test of every check, per object or across objects.
pub fn suppressed(code: &str, name: &str, ignore: &[String]) -> bool {
    ignore
        .iter()
        .any(|i| i.eq_ignore_ascii_case(code) || i == name)
}

/// The position a finding is shown at, from where its field is: the value for a bad value
/// (unless the finding is placed at a key, see [`Finding::at`]),
/// the key otherwise.
fn position_at(loc: manifest::Location, f: &Finding) -> Pos {
    let at_value = !f.at.as_ref().is_some_and(|w| w.key)
        && matches!(
            f.error_type,
            Some(
                ErrorType::Invalid | ErrorType::NotSupported | ErrorType::Type | ErrorType::TooLong
            )
        );
    match (loc.exact, at_value, loc.key) {
        // A block collection starts on a line below its key: point at the key the message
        // names (`selector:`), not at the collection's first entry (`matchLabels:`).
        (true, true, Some(k)) if loc.value.line > k.line => k,
        (true, true, _) | (_, _, None) => loc.value,
        (_, _, Some(k)) => k,
    }
}

/// The lines of a text, to show the source line of a finding. Keeps no index (a 28 MB stream
/// has a million lines; findings want a few): a cursor walks to the asked line with `memchr`,
/// and findings come nearly in order, so the walks add up to about one pass over the text.
pub struct Lines<'a> {
    text: &'a str,
    /// Lines before `text` in its file (a slice of a large stream is read by its own thread).
    before: u32,
    /// A 1-based line of `text`, the offset where it starts and where it ends (`usize::MAX`
    /// before the first walk).
    cursor: std::cell::Cell<(u32, usize, usize)>,
    /// On the cursor's line: a 1-based character column and its byte offset in `text`.
    column: std::cell::Cell<(u32, u32, usize)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::after(text, 0)
    }
    /// The lines of `text`, a slice of a file that starts after line `before`.
    pub fn after(text: &'a str, before: u32) -> Self {
        Lines {
            text,
            before,
            cursor: std::cell::Cell::new((1, 0, usize::MAX)),
            column: std::cell::Cell::new((0, 1, 0)),
        }
    }
    /// The 1-based line `n` of the file, without its line break (`None` outside this text).
    pub fn get(&self, n: u32) -> Option<&'a str> {
        let want = n.checked_sub(self.before).filter(|&w| w >= 1)?;
        let b = self.text.as_bytes();
        let (line, mut start, end) = self.cursor.get();
        if want == line && end != usize::MAX {
            // The same line again (many findings on one long line): no walk at all.
            return Some(self.text[start..end].trim_end_matches(['\n', '\r']));
        }
        if want > line {
            // Forward: the start of line `want` is just past the (want - line)-th line feed.
            let skip = (want - line) as usize;
            let lf = memchr::memchr_iter(b'\n', &b[start..]).nth(skip - 1)?;
            start += lf + 1;
        } else if want < line {
            // Backward: past the (line - want + 1)-th line feed before `start`, or the text start.
            let skip = (line - want) as usize;
            start = memchr::memrchr_iter(b'\n', &b[..start])
                .nth(skip)
                .map_or(0, |i| i + 1);
        }
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |i| start + i);
        self.cursor.set((want, start, end));
        self.column.set((want, 1, start));
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// A bounded excerpt of line `n` around 1-based character `column`, and the caret's
    /// column in it: the whole line when it is short, else [`EXCERPT`] characters either side
    /// of the column (a megabyte flow line must not be copied once per finding on it). Findings
    /// on one line come in column order, so the column is found from the last one.
    pub fn excerpt(&self, n: u32, column: u32) -> Option<(String, u32)> {
        let line = self.get(n)?;
        if line.len() <= 4 * EXCERPT {
            return Some((line.to_string(), column));
        }
        let want = n - self.before;
        let (_, line_start, _) = self.cursor.get();
        let (cached_line, mut col, mut at) = self.column.get();
        if cached_line != want || col > column {
            (col, at) = (1, line_start);
        }
        // `at` is the byte offset of character `col` (1-based) of the line.
        let rel = |at: usize| at - line_start;
        let mut chars = line[rel(at)..].char_indices();
        while col < column {
            match chars.next() {
                Some((_, c)) => {
                    at += c.len_utf8();
                    col += 1;
                }
                None => break,
            }
        }
        self.column.set((want, col, at));
        let here = rel(at).min(line.len());
        let from = line[..here]
            .char_indices()
            .rev()
            .take(EXCERPT)
            .last()
            .map_or(here, |(i, _)| i);
        let to = line[here..]
            .char_indices()
            .nth(EXCERPT)
            .map_or(line.len(), |(i, _)| here + i);
        let before = line[from..here].chars().count() as u32;
        let mut text = String::new();
        let mut caret = before + 1;
        if from > 0 {
            text.push_str("...");
            caret += 3;
        }
        text.push_str(&line[from..to]);
        if to < line.len() {
            text.push_str("...");
        }
        Some((text, caret))
    }
}

/// How many characters of a long source line a finding's excerpt shows either side of its
/// column.
pub const EXCERPT: usize = 60;

/// Checks a document's objects by value; only a document with findings is read again with
/// positions (most have none), from `text`, the text it was read from.
/// `extra` are paths a [`Visitor`] wants located: they share the findings' pass, and their
/// positions are returned beside the reports (empty if the text could not be read again).
fn report_document(
    file: &str,
    doc: &mut LazyDocument,
    text: &str,
    config: &Config,
    lines: &Lines<'_>,
    extra: Vec<Vec<PathSegment>>,
) -> (Vec<DocumentReport>, Vec<manifest::Location>) {
    // Each object is checked in place: the rules default it instead of a copy of it.
    let items: Vec<Option<usize>> = manifest::value_objects(&doc.value)
        .into_iter()
        .map(|(item, _)| item)
        .collect();
    let (checked, skipped): (Vec<Vec<Finding>>, Vec<Option<String>>) = items
        .iter()
        .map(|item| {
            let value = match item {
                Some(i) => doc.value.get_mut("items").and_then(|a| a.get_mut(*i)),
                None => Some(&mut doc.value),
            };
            let c = value.map_or_else(Checked::default, |v| check_object(v, config));
            (c.findings, c.skipped)
        })
        .unzip();
    let doc = &*doc;
    let objects = manifest::value_objects(&doc.value);
    // Positions for the findings (and the visitor's paths), preferably from one pass that
    // builds no tree.
    let mut extra_at = Vec::new();
    let fast: Option<Vec<Vec<Pos>>> = if checked.iter().all(Vec::is_empty) && extra.is_empty() {
        Some(checked.iter().map(|_| Vec::new()).collect())
    } else {
        let mut paths: Vec<Vec<PathSegment>> = objects
            .iter()
            .zip(&checked)
            .flat_map(|((item, _), found)| {
                found.iter().map(move |f| {
                    let mut p = match item {
                        Some(i) => vec![
                            PathSegment::Field("items".to_string()),
                            PathSegment::Index(*i),
                        ],
                        None => Vec::new(),
                    };
                    match &f.at {
                        Some(at) => p.extend(at.path.iter().cloned()),
                        None => p.extend(parse_path(&f.field)),
                    }
                    p
                })
            })
            .collect();
        let own = paths.len();
        paths.extend(extra);
        doc.locate(text, &paths).map(|mut locs| {
            extra_at = locs.split_off(own);
            let mut locs = locs.into_iter();
            checked
                .iter()
                .map(|found| {
                    found
                        .iter()
                        .zip(locs.by_ref())
                        .map(|(f, l)| position_at(l, f))
                        .collect()
                })
                .collect()
        })
    };
    let reports = objects
        .iter()
        .zip(checked.into_iter().zip(skipped))
        .enumerate()
        .map(|(i, ((item, value), (found, skipped)))| {
            let fast = fast.as_ref().and_then(|f| f.get(i));
            let obj = Object {
                document: doc.index,
                item: *item,
                node: &NO_POSITION,
                value,
            };
            let mut findings: Vec<Located> = found
                .into_iter()
                .enumerate()
                .map(|(n, f)| {
                    // `locate` falls back to the positioned tree itself; without positions
                    // the text was not the document's: point at the document.
                    let p = fast.and_then(|v| v.get(n)).copied().unwrap_or(Pos {
                        line: doc.start_line,
                        column: 1,
                        offset: doc.start,
                    });
                    Located {
                        line: p.line,
                        column: p.column,
                        source_line: None,
                        source_column: p.column,
                        finding: f,
                    }
                })
                .collect();
            findings.sort_by(|a, b| {
                (a.line, a.column, a.finding.code).cmp(&(b.line, b.column, b.finding.code))
            });
            // In reading order, so the line cursor walks forward.
            for f in &mut findings {
                if let Some((text, caret)) = lines.excerpt(f.line, f.column) {
                    f.source_line = Some(text);
                    f.source_column = caret;
                }
            }
            let status = match (
                &skipped,
                findings
                    .iter()
                    .any(|f| f.finding.severity == Severity::Error),
            ) {
                (Some(_), _) => Status::Skipped,
                (None, true) => Status::Invalid,
                (None, false) => Status::Valid,
            };
            DocumentReport {
                file: file.to_string(),
                index: doc.index,
                item: obj.item,
                start_line: doc.start_line,
                api_version: obj.api_version().to_string(),
                kind: obj.kind().to_string(),
                namespace: obj.namespace().to_string(),
                name: obj.name().to_string(),
                valid: status == Status::Valid,
                status,
                note: skipped,
                findings,
            }
        })
        .collect();
    (reports, extra_at)
}

/// Stands in for the node of an object whose positions come from `LazyDocument::locate`.
static NO_POSITION: Node = Node {
    start: Pos {
        line: 0,
        column: 0,
        offset: 0,
    },
    end: 0,
    kind: manifest::Kind::Null,
};

/// How many threads a large stream is split over. Asked once per process: the standard library
/// reads cgroup files to answer, which cost three `open`s per call when it was asked per file.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A check across objects (host ports, `--adopting`): sees every document once it is checked,
/// with the positions it asked for read in the same pass as the findings' positions.
pub trait Visitor: Sync {
    /// What [`Visitor::visit`] needs of a document, worked out once.
    type Plan;
    /// The plan for `doc`, and the paths (from the document's root, `items[i]` first for an
    /// item of a List) whose positions `visit` wants.
    fn plan(&self, doc: &LazyDocument) -> (Self::Plan, Vec<Vec<PathSegment>>);
    /// Called once `doc` of `file` is checked (its objects now carry the server's defaults:
    /// what the visitor needs as written belongs in the plan), with the positions of the
    /// planned paths (none if the text could not be read again) and the line index of the
    /// text it came from. A
    /// large stream's slices call it from several threads, in no fixed order; document lines
    /// are absolute, `doc.index` is counted within the slice.
    fn visit(
        &self,
        file: &str,
        doc: &LazyDocument,
        plan: Self::Plan,
        at: &[manifest::Location],
        lines: &Lines<'_>,
    );
}

/// Looks at nothing.
pub struct NoVisitor;

impl Visitor for NoVisitor {
    type Plan = ();
    fn plan(&self, _: &LazyDocument) -> ((), Vec<Vec<PathSegment>>) {
        ((), Vec::new())
    }
    fn visit(&self, _: &str, _: &LazyDocument, _: (), _: &[manifest::Location], _: &Lines<'_>) {}
}

/// Validates every object of a text. Large streams are split at `---` lines and checked on
/// all cores; documents are dropped as soon as they are checked.
pub fn validate_text(
    file: &str,
    text: &str,
    config: &Config,
) -> Result<Vec<DocumentReport>, LoadError> {
    validate_text_visiting(file, text, config, &NoVisitor)
}

/// [`validate_text`], handing every document to `visitor` once checked.
pub fn validate_text_visiting<V: Visitor>(
    file: &str,
    text: &str,
    config: &Config,
    visitor: &V,
) -> Result<Vec<DocumentReport>, LoadError> {
    let points = manifest::split_points(text, cores());
    let run = |from: usize, to: usize, line_offset: u32| {
        let mut out = Vec::new();
        let chunk = &text[from..to];
        let lines = Lines::after(chunk, line_offset);
        manifest::for_each_value(chunk, line_offset, |mut doc| {
            // The visitor plans on the objects as written: checking defaults them in place.
            let (plan, wanted) = visitor.plan(&doc);
            let (reports, at) = report_document(file, &mut doc, chunk, config, &lines, wanted);
            out.extend(reports);
            visitor.visit(file, &doc, plan, &at, &lines);
            Ok(())
        })
        .map(|count| (out, count))
    };
    if points.len() == 1 {
        return run(0, text.len(), 0).map(|(r, _)| r);
    }
    let bounds: Vec<(usize, usize, u32)> = points
        .iter()
        .enumerate()
        .map(|(i, &(from, line))| (from, points.get(i + 1).map_or(text.len(), |p| p.0), line))
        .collect();
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = bounds
            .iter()
            .map(|&(from, to, line)| s.spawn(move || run(from, to, line)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(LoadError {
                        line: 1,
                        column: 1,
                        message: "internal error while checking this file".to_string(),
                        ..LoadError::default()
                    })
                })
            })
            .collect()
    });
    // Document indices restart in each slice; shift them by the documents before it. A slice
    // starts at a `---` line, so its parser sees an explicit first document.
    let mut out = Vec::new();
    let mut base = 0;
    for r in results {
        let (mut reports, count) = r?;
        for d in &mut reports {
            d.index += base;
        }
        base += count;
        out.extend(reports);
    }
    Ok(out)
}

/// DS007 and DS008 over a run's reports: each object with the API group, kind, namespace
/// (`default` when unset) and name of an earlier one gets a finding naming that one, placed at
/// its document: an error when both are in one file (DS007), a warning across files (DS008).
/// Objects without a name and skipped ones are not compared. `ignore` is the run's suppressions
/// (the command line's and the configuration's).
pub fn duplicate_objects(report: &mut crate::report::Report, ignore: &[String]) {
    use crate::rules::duplicate::{DUPLICATE_OBJECT, DUPLICATE_OBJECT_ACROSS_FILES};
    let mut first: HashMap<ObjectKey, usize> = HashMap::new();
    let mut found: Vec<(usize, Located)> = Vec::new();
    for (i, d) in report.documents.iter().enumerate() {
        if d.name.is_empty() || d.status == Status::Skipped {
            continue;
        }
        let key = key_of(&d.api_version, &d.kind, &d.namespace, &d.name);
        let Some(&earlier) = first.get(&key) else {
            first.insert(key, i);
            continue;
        };
        let e = &report.documents[earlier];
        let rule = if e.file == d.file {
            &DUPLICATE_OBJECT
        } else {
            &DUPLICATE_OBJECT_ACROSS_FILES
        };
        if suppressed(rule.code, rule.name, ignore) {
            continue;
        }
        let message = format!(
            "{} is also defined at {}:{} (document {}): applied together, the later one replaces the earlier",
            d.object(),
            e.file,
            e.start_line,
            e.index
        );
        found.push((
            i,
            Located {
                finding: Finding {
                    code: rule.code,
                    rule: rule.name,
                    severity: rule.severity,
                    field: "metadata.name".to_string(),
                    error_type: Some(ErrorType::Duplicate),
                    message,
                    at: None,
                },
                line: d.start_line,
                column: 1,
                source_line: None,
                source_column: 1,
            },
        ));
    }
    for (i, located) in found {
        let d = &mut report.documents[i];
        if located.finding.severity == Severity::Error {
            d.set_status(Status::Invalid);
        }
        d.findings.insert(0, located);
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn lines_answer_in_any_order_as_an_index_would() {
        let text = "a: 1\r\nb: 2\n\n# c\nd: 4\n";
        let want: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        let lines = Lines::after(text, 10);
        for n in [11, 15, 12, 16, 13, 11, 14, 16, 15] {
            assert_eq!(lines.get(n), Some(want[(n - 11) as usize]), "line {n}");
        }
        assert_eq!(lines.get(10), None);
        assert_eq!(lines.get(17), None);
        assert_eq!(Lines::new("x").get(1), Some("x"));
        assert_eq!(Lines::new("x").get(2), None);
    }
}
