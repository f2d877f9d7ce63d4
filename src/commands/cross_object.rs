//! The checks of `dsctl validate` that look across all its inputs instead of one object at a
//! time: host ports two DaemonSets claim ([`dsctl::k8s::hostport`], finding DS307) and, with
//! `--adopting OLD`, whether the new DaemonSets adopt the Pods an orphaning delete left
//! ([`dsctl::adoption`]).
//!
//! The per-object pipeline drops documents once checked; these checks need the DaemonSets of
//! every file at once, so the pipeline hands each document to [`Collected::visit`], which keeps
//! a copy of each DaemonSet with the few positions the checks may report at. Nothing is parsed
//! twice; other objects cost one `kind` comparison.

use super::{EXIT_CLEAN, EXIT_FINDINGS};
use dsctl::adoption::{self, Assessment};
use dsctl::finding::{Finding, PathSegment, parse_path};
use dsctl::k8s::hostport::{self, Claim};
use dsctl::manifest::{self, Document, LazyDocument, Location, Pos};
use dsctl::output::escape_control;
use dsctl::report::{Located, Report};
use dsctl::rules::hostport::HOST_PORT_CONFLICT;
use dsctl::validate::{self, IGNORE_ANNOTATION, Lines, Visitor};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;

/// A DaemonSet of the inputs, with where it came from.
struct Record {
    file: String,
    /// Where its document starts and its index in a `List`: the key of its report.
    start_line: u32,
    item: Option<usize>,
    /// Line of the object in its file: orders the records of a file as its documents are.
    line: u32,
    /// Its host-port claims, read once by the thread that checked it.
    claims: Vec<Claim>,
    value: Value,
    /// Position and source excerpt (with its caret column) of each field path a finding or
    /// verdict may point at.
    at: HashMap<String, (Pos, Option<(String, u32)>)>,
}

impl Record {
    fn describe(&self) -> String {
        format!("DaemonSet/{}", dsctl::service::describe(&self.value))
    }

    fn pos(&self, path: &str) -> Pos {
        self.at.get(path).map(|(p, _)| *p).unwrap_or(Pos {
            line: self.line,
            column: 1,
            offset: 0,
        })
    }
}

/// The DaemonSets seen while checking, from every thread.
pub struct Collected {
    records: Mutex<Vec<Record>>,
    /// Whether `--adopting` needs each DaemonSet's selector position.
    selectors: bool,
}

impl Collected {
    pub fn new(selectors: bool) -> Self {
        Collected {
            records: Mutex::new(Vec::new()),
            selectors,
        }
    }
}

/// The DaemonSets of one document that `visit` keeps, and which located path is whose.
pub struct Plan {
    /// Each kept DaemonSet: its item index, claims and the value to record.
    wanted: Vec<(Option<usize>, Vec<Claim>, Value)>,
    /// For each located path: the DaemonSet (index in `wanted`), the path ("" for the object
    /// itself) and whether its key is the position to keep.
    asked: Vec<(usize, String, bool)>,
}

impl Visitor for Collected {
    type Plan = Plan;

    /// Asks for the positions a DaemonSet's findings may point at: the object itself, each
    /// host-port claim and, for --adopting, the selector. A DaemonSet without claims is not
    /// kept without --adopting, so a large stream is not held in memory.
    fn plan(&self, doc: &LazyDocument) -> (Plan, Vec<Vec<PathSegment>>) {
        let wanted: Vec<(Option<usize>, Vec<Claim>, Value)> = manifest::value_objects(&doc.value)
            .into_iter()
            .filter(|(_, v)| v.get("kind").and_then(Value::as_str) == Some("DaemonSet"))
            .map(|(item, v)| (item, hostport::claims(0, v), v))
            .filter(|(_, claims, _)| self.selectors || !claims.is_empty())
            .map(|(item, claims, v)| {
                let kept = if self.selectors {
                    v.clone()
                } else {
                    hostport_view(v)
                };
                (item, claims, kept)
            })
            .collect();
        let mut asked: Vec<(usize, String, bool)> = Vec::new();
        let mut segments: Vec<Vec<PathSegment>> = Vec::new();
        for (n, (item, claims, _)) in wanted.iter().enumerate() {
            let prefix: Vec<PathSegment> = match item {
                Some(i) => vec![
                    PathSegment::Field("items".to_string()),
                    PathSegment::Index(*i),
                ],
                None => Vec::new(),
            };
            let mut ask = |path: &str, prefer_key: bool| {
                let mut p = prefix.clone();
                p.extend(parse_path(path));
                segments.push(p);
                asked.push((n, path.to_string(), prefer_key));
            };
            ask("", false);
            for claim in claims {
                ask(&claim.path, false);
            }
            if self.selectors {
                ask("spec.selector", true);
            }
        }
        (Plan { wanted, asked }, segments)
    }

    /// Keeps the planned DaemonSets of a checked document of `file` (whose text `lines`
    /// indexes), with the positions found for them.
    fn visit(
        &self,
        file: &str,
        doc: &LazyDocument,
        plan: Plan,
        found: &[Location],
        lines: &Lines<'_>,
    ) {
        let Plan { wanted, asked } = plan;
        for (n, (item, claims, value)) in wanted.into_iter().enumerate() {
            let mut line = doc.start_line;
            let mut at = HashMap::new();
            for ((_, path, prefer_key), loc) in asked
                .iter()
                .zip(found)
                .filter(|((owner, ..), _)| *owner == n)
            {
                if path.is_empty() {
                    line = loc.value.line;
                    continue;
                }
                let p = match (prefer_key, loc.key) {
                    (true, Some(k)) => k,
                    _ => loc.value,
                };
                at.insert(path.clone(), (p, lines.excerpt(p.line, p.column)));
            }
            let record = Record {
                file: file.to_string(),
                start_line: doc.start_line,
                item,
                line,
                value,
                claims,
                at,
            };
            if let Ok(mut r) = self.records.lock() {
                r.push(record);
            }
        }
    }
}

impl Collected {
    /// The records in input order: files as the report lists them, then by line.
    fn sorted(self, order: &[String]) -> Vec<Record> {
        let mut records = self.records.into_inner().unwrap_or_default();
        let rank: HashMap<&str, usize> = order
            .iter()
            .enumerate()
            .map(|(i, f)| (f.as_str(), i))
            .collect();
        records.sort_by_cached_key(|r| (rank.get(r.file.as_str()).copied(), r.line));
        // Claims name their object by its place in this list.
        for (i, r) in records.iter_mut().enumerate() {
            for c in &mut r.claims {
                c.object = i;
            }
        }
        records
    }
}

/// The part of a DaemonSet the host-port check reads: identity, the ignore annotation, and
/// the pod spec's host network, node selector and container ports.
fn hostport_view(ds: &Value) -> Value {
    let pick = |v: &Value, keys: &[&str]| -> Value {
        let mut m = serde_json::Map::new();
        for k in keys {
            if let Some(x) = v.get(k) {
                m.insert((*k).to_string(), x.clone());
            }
        }
        Value::Object(m)
    };
    let containers = |key: &str| -> Option<Value> {
        let list = ds.pointer("/spec/template/spec")?.get(key)?.as_array()?;
        Some(Value::Array(
            list.iter()
                .map(|c| pick(c, &["name", "ports", "restartPolicy"]))
                .collect(),
        ))
    };
    let mut pod = pick(
        ds.pointer("/spec/template/spec").unwrap_or(&Value::Null),
        &["hostNetwork", "nodeSelector"],
    );
    for key in ["containers", "initContainers"] {
        if let (Some(list), Some(m)) = (containers(key), pod.as_object_mut()) {
            m.insert(key.to_string(), list);
        }
    }
    let mut out = pick(ds, &["apiVersion", "kind"]);
    let mut meta = pick(
        ds.get("metadata").unwrap_or(&Value::Null),
        &["name", "namespace"],
    );
    if let (Some(ignore), Some(m)) = (
        ds.pointer("/metadata/annotations")
            .and_then(|a| a.get(IGNORE_ANNOTATION)),
        meta.as_object_mut(),
    ) {
        m.insert(
            "annotations".to_string(),
            serde_json::json!({ IGNORE_ANNOTATION: ignore }),
        );
    }
    if let Some(o) = out.as_object_mut() {
        o.insert("metadata".to_string(), meta);
        o.insert(
            "spec".to_string(),
            serde_json::json!({"template": {"spec": pod}}),
        );
    }
    out
}

/// Runs the cross-object checks: DS307 findings go into `report`; the adoption verdicts are
/// printed to stderr. Returns the exit code adoption asks for (1 when orphans would be left).
pub fn check(
    collected: Collected,
    report: &mut Report,
    ignore: &[String],
    old: Option<(&str, &[Document])>,
) -> u8 {
    let mut order: Vec<String> = Vec::new();
    for d in &report.documents {
        if order.last() != Some(&d.file) {
            order.push(d.file.clone());
        }
    }
    let found = collected.sorted(&order);
    let ignored = |codes: &[String]| {
        validate::suppressed(HOST_PORT_CONFLICT.code, HOST_PORT_CONFLICT.name, codes)
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

fn host_ports(found: &[Record], report: &mut Report, ignored: &dyn Fn(&[String]) -> bool) {
    let values: Vec<&Value> = found.iter().map(|f| &f.value).collect();
    let reports: HashMap<(&str, u32, Option<usize>), usize> = report
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.file.as_str(), d.start_line, d.item), i))
        .collect();
    let report_of = |r: &Record| {
        reports
            .get(&(r.file.as_str(), r.start_line, r.item))
            .copied()
    };
    let mut additions: Vec<(usize, Located)> = Vec::new();
    let claimed: Vec<&[Claim]> = found.iter().map(|f| f.claims.as_slice()).collect();
    for c in hostport::conflicts_among(&values, &claimed) {
        let (first, second) = (&found[c.first.object], &found[c.second.object]);
        if ignored(&validate::ignored_by_annotation(&second.value)) {
            continue;
        }
        let first_at = first.pos(&c.first.path);
        let message = format!(
            "hostPort {} is also claimed by {} ({}:{}:{}): their Pods can never run on the same \
             node; the scheduler leaves the later one Pending",
            c.second.describe(),
            first.describe(),
            first.file,
            first_at.line,
            first_at.column
        );
        let at = second.pos(&c.second.path);
        let excerpt = second.at.get(&c.second.path).and_then(|(_, l)| l.clone());
        let located = Located {
            finding: Finding {
                code: HOST_PORT_CONFLICT.code,
                rule: HOST_PORT_CONFLICT.name,
                severity: HOST_PORT_CONFLICT.severity,
                field: c.second.path.clone(),
                error_type: None,
                message,
                at: None,
            },
            line: at.line,
            column: at.column,
            source_line: excerpt.as_ref().map(|(l, _)| l.clone()),
            source_column: excerpt.map_or(at.column, |(_, c)| c),
        };
        if let Some(i) = report_of(second) {
            additions.push((i, located));
        }
    }
    drop(reports);
    let mut touched: Vec<usize> = additions.iter().map(|(i, _)| *i).collect();
    for (i, located) in additions {
        report.documents[i].findings.push(located);
    }
    touched.sort_unstable();
    touched.dedup();
    for i in touched {
        report.documents[i].findings.sort_by(|a, b| {
            (a.line, a.column, a.finding.code).cmp(&(b.line, b.column, b.finding.code))
        });
    }
}

/// Prints one line per old DaemonSet: `FILE:LINE:COL: note|error: message`, at the new
/// DaemonSet's selector (or at the old object when no new DaemonSet is in its namespace).
fn adopting(found: &[Record], old_file: &str, old_docs: &[Document]) -> u8 {
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
    let new_values: Vec<&Value> = found.iter().map(|f| &f.value).collect();
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

fn place(a: &Assessment, found: &[Record], old: &manifest::Object<'_>, old_file: &str) -> String {
    match a.new.and_then(|i| found.get(i)) {
        Some(f) => {
            let at = f.pos("spec.selector");
            format!("{}:{}:{}", f.file, at.line, at.column)
        }
        None => {
            let at = old.locate("metadata.name").value;
            format!("{old_file}:{}:{}", at.line, at.column)
        }
    }
}
