//! One input file in, its converted text out: the pure core of `dsctl convert`.
//!
//! YAML stays YAML with its comments, layout, document separators, CRLF line ends and BOM:
//! the converted values are spliced into the original text ([`super::splice`]), the result is
//! parsed again and compared with the values, and a document the splicer could not reproduce
//! is re-emitted from its value (with a note). JSON is re-serialized with the input's indent.

use super::options::Options;
use super::splice::{self, Edit};
use super::workload::{Converted, Source, convert_object};
use crate::finding::{Finding, Severity};
use crate::manifest::{self, Document, LoadError, Location, Object, emit, is_list};
use serde_json::{Value, json};

/// Checks a produced DaemonSet; error findings refuse it.
pub type Checker<'a> = &'a dyn Fn(&Value) -> Vec<Finding>;

/// A manifest format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// JSON when the text is JSON (one value or a stream of them); a YAML flow mapping with
    /// comments or unquoted keys also starts with `{` but is YAML.
    pub fn detect(text: &str) -> Format {
        if !matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[')) {
            return Format::Yaml;
        }
        let mut values =
            serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
        if values.all(|v| v.is_ok()) {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// How bad a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Note,
    Warning,
    Error,
}

/// Something to tell the user about a file, at a 1-based line and column of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub line: u32,
    pub column: u32,
    /// Field path (in the input object), empty for a whole document.
    pub field: String,
    pub text: String,
}

/// The result of converting one file.
#[derive(Debug, Clone)]
pub struct FileConversion {
    pub input_format: Format,
    /// The converted text (what `--write` puts in the file); `None` when an object was refused.
    pub output: Option<String>,
    /// The output documents as values, when asked for ([`convert_file_keeping`]) or when the
    /// output is JSON or re-emitted from them; empty otherwise, so a large YAML stream is
    /// never held as values.
    pub documents: Vec<Value>,
    /// Notes, warnings and refusals, in input order.
    pub messages: Vec<Message>,
    /// Whether the output differs from the input bytes.
    pub changed: bool,
    /// How many objects `--only`/`-l` chose (every object when there is no selection).
    pub selected: usize,
    /// How many DaemonSets the output holds.
    pub daemonsets: usize,
    /// Whether the output holds an object a conversion can break
    /// ([`super::consequences::may_depend`]).
    pub dependents: bool,
}

impl FileConversion {
    /// Whether an object of the file was refused.
    pub fn refused(&self) -> bool {
        self.messages.iter().any(|m| m.level == Level::Error)
    }
}

const BOM: &str = "\u{FEFF}";

/// Converts one file. `format` is the output format (default: the input's).
///
/// A YAML stream is read, converted and spliced one document at a time: what stays in memory
/// is the text, the edits and a fingerprint of each converted document (to check the spliced
/// text reads back as the converted values), never the documents' trees or values.
pub fn convert_file(
    bytes: &[u8],
    format: Option<Format>,
    opts: &Options,
    checker: Checker<'_>,
) -> Result<FileConversion, LoadError> {
    convert_file_keeping(bytes, format, opts, checker, false)
}

/// [`convert_file`], keeping the output documents as values in
/// [`FileConversion::documents`] when `keep` (for callers that build on them).
pub fn convert_file_keeping(
    bytes: &[u8],
    format: Option<Format>,
    opts: &Options,
    checker: Checker<'_>,
    keep: bool,
) -> Result<FileConversion, LoadError> {
    let text = manifest::decode(bytes)?;
    let bom = bytes.starts_with(BOM.as_bytes());
    let input_format = Format::detect(text);
    let format = format.unwrap_or(input_format);
    // JSON output and JSON input are built from the values; a YAML stream is spliced.
    let splicing = format == Format::Yaml && input_format == Format::Yaml;
    let keep = keep || !splicing;
    let crlf = text.contains("\r\n");
    let mut result = FileConversion {
        input_format,
        output: None,
        documents: Vec::new(),
        messages: Vec::new(),
        changed: false,
        selected: 0,
        daemonsets: 0,
        dependents: false,
    };
    let mut pass = Pass::default();
    manifest::for_each_document(text, 0, |doc| {
        let target = convert_document(
            &doc,
            opts,
            checker,
            &mut result.messages,
            &mut result.selected,
        );
        for (_, obj) in manifest::value_objects(&target) {
            result.daemonsets +=
                usize::from(obj.get("kind").and_then(Value::as_str) == Some("DaemonSet"));
            result.dependents |= super::consequences::may_depend(obj);
        }
        if splicing {
            pass.add(text, crlf, &doc, &target);
        } else {
            pass.changed |= doc.value != target;
        }
        if keep {
            result.documents.push(target);
        }
        Ok(())
    })?;
    // In reading order: a file's messages then read top to bottom like compiler output.
    result.messages.sort_by_key(|m| (m.line, m.column));
    if result.refused() {
        result.documents.clear();
        return Ok(result);
    }
    let mut out = if format == input_format && !pass.changed {
        text.to_string()
    } else {
        match (format, input_format) {
            (Format::Yaml, Format::Yaml) => {
                let convert =
                    |doc: &Document| convert_document(doc, opts, checker, &mut Vec::new(), &mut 0);
                pass.splice(text, crlf, &convert, &mut result.messages)
            }
            (Format::Yaml, Format::Json) => {
                with_crlf(emit::to_yaml_stream(&result.documents), crlf)
            }
            (Format::Json, _) => {
                let indent = match input_format {
                    Format::Json => json_indent(text),
                    Format::Yaml => "  ".to_string(),
                };
                with_crlf(json_text(&list_of(result.documents.clone()), &indent), crlf)
            }
        }
    };
    if bom {
        out.insert_str(0, BOM);
    }
    result.changed = out.as_bytes() != bytes;
    result.output = Some(out);
    Ok(result)
}

/// What splicing a YAML stream keeps of each document while the stream is read once: its
/// edits, whether it is re-emitted whole, and a fingerprint of its converted value.
#[derive(Default)]
struct Pass {
    edits: Vec<Vec<Edit>>,
    rewrite: Vec<bool>,
    /// Whether each document's value changed.
    touched: Vec<bool>,
    fingerprints: Vec<Fingerprint>,
    /// Where each document starts (for its re-emission note).
    starts: Vec<(u32, u32, usize)>,
    /// Whether any document's value changed.
    changed: bool,
}

impl Pass {
    fn add(&mut self, text: &str, crlf: bool, doc: &Document, target: &Value) {
        self.fingerprints.push(fingerprint(target));
        self.starts
            .push((doc.root.start.line, doc.root.start.column, doc.index));
        let mut rewrite = false;
        let touched = doc.value != *target;
        let edits = if !touched {
            Vec::new()
        } else {
            self.changed = true;
            splice::document_edits(text, crlf, &doc.root, target).unwrap_or_else(|| {
                rewrite = true;
                vec![splice::replace_document(text, crlf, &doc.root, target)]
            })
        };
        self.edits.push(edits);
        self.rewrite.push(rewrite);
        self.touched.push(touched);
    }

    /// Splices the edits into the text and checks that the result reads back as the converted
    /// values, document by document; the documents that do not are re-emitted from their
    /// values (converted again: `convert`), and when even that fails the whole stream is.
    fn splice(
        &mut self,
        text: &str,
        crlf: bool,
        convert: &dyn Fn(&Document) -> Value,
        messages: &mut Vec<Message>,
    ) -> String {
        // Two rounds: the splice, then the splice with the failing documents re-emitted.
        for _ in 0..2 {
            let Some(edits) = splice::sorted_without_overlaps(self.edits.concat()) else {
                break;
            };
            let Some(out) = splice::apply(text, &edits) else {
                break;
            };
            let mut again = 0;
            let mut differ = Vec::new();
            let reread = manifest::for_each_document(&out, 0, |d| {
                if self.fingerprints.get(again) != Some(&fingerprint(&d.value)) {
                    differ.push(again);
                }
                again += 1;
                Ok(())
            });
            let bad: Vec<usize> = match reread {
                Ok(_) if again == self.edits.len() => differ,
                // The text no longer reads as as many documents: every changed one is suspect.
                _ => (0..self.edits.len()).filter(|&i| self.touched[i]).collect(),
            };
            if bad.is_empty() {
                for (i, &(line, column, index)) in self.starts.iter().enumerate() {
                    if self.rewrite[i] {
                        messages.push(rewritten(line, column, index));
                    }
                }
                return out;
            }
            if bad.iter().all(|&i| self.rewrite[i]) {
                break;
            }
            let mut redo = vec![false; self.edits.len()];
            for i in bad {
                self.rewrite[i] = true;
                redo[i] = true;
            }
            // The documents to re-emit, read and converted again: their trees were not kept.
            let mut k = 0;
            let again = manifest::for_each_document(text, 0, |doc| {
                if redo[k] {
                    let target = convert(&doc);
                    self.edits[k] = vec![splice::replace_document(text, crlf, &doc.root, &target)];
                }
                k += 1;
                Ok(())
            });
            if again.is_err() {
                break;
            }
        }
        let (line, column) = manifest::line_col(text, 0);
        messages.push(Message {
            level: Level::Note,
            line,
            column,
            field: String::new(),
            text: "the file was re-emitted from the converted values; its comments were not kept"
                .to_string(),
        });
        let mut out = String::new();
        let mut first = true;
        let _ = manifest::for_each_document(text, 0, |doc| {
            if !first {
                out.push_str("---\n");
            }
            first = false;
            out.push_str(&emit::to_yaml(&convert(&doc)));
            Ok(())
        });
        with_crlf(out, crlf)
    }
}

/// A fingerprint of a value that two equal values share: mappings are compared without regard
/// to key order, as `Value`'s equality does. Two independent 64-bit hashes, so a splice that
/// went wrong cannot pass for right by chance.
type Fingerprint = (u64, u64);

fn fingerprint(v: &Value) -> Fingerprint {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let hash = |f: &dyn Fn(&mut DefaultHasher)| {
        let mut a = DefaultHasher::new();
        let mut b = DefaultHasher::new();
        1u8.hash(&mut b);
        f(&mut a);
        f(&mut b);
        (a.finish(), b.finish())
    };
    match v {
        Value::Null => hash(&|h| 0u8.hash(h)),
        Value::Bool(x) => hash(&|h| (1u8, *x).hash(h)),
        Value::Number(n) => hash(&|h| (2u8, n.to_string()).hash(h)),
        Value::String(s) => hash(&|h| (3u8, s).hash(h)),
        Value::Array(items) => {
            let parts: Vec<Fingerprint> = items.iter().map(fingerprint).collect();
            hash(&|h| (4u8, &parts).hash(h))
        }
        Value::Object(map) => {
            // Order-free: the entries' fingerprints summed.
            let (mut x, mut y) = (0u64, 0u64);
            for (k, v) in map {
                let fv = fingerprint(v);
                let (a, b) = hash(&|h| (5u8, k, fv).hash(h));
                x = x.wrapping_add(a);
                y = y.wrapping_add(b);
            }
            hash(&|h| (6u8, x, y, map.len()).hash(h))
        }
    }
}

fn with_crlf(s: String, crlf: bool) -> String {
    if crlf { s.replace('\n', "\r\n") } else { s }
}

/// Several documents as one value: the document itself, or a `List` of all their objects.
pub fn list_of(docs: Vec<Value>) -> Value {
    if docs.len() == 1 {
        let mut docs = docs;
        if let Some(one) = docs.pop() {
            return one;
        }
        return Value::Null;
    }
    let mut items = Vec::new();
    for d in docs {
        if is_list(&d) {
            if let Some(Value::Array(list)) = d.get("items") {
                items.extend(list.iter().cloned());
            }
        } else {
            items.push(d);
        }
    }
    json!({"apiVersion": "v1", "kind": "List", "items": items})
}

/// A value as indented JSON ending with a newline.
pub fn json_text(v: &Value, indent: &str) -> String {
    use serde::Serialize;
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if v.serialize(&mut ser).is_err() {
        return emit::to_json(v);
    }
    let mut s = String::from_utf8(buf).unwrap_or_default();
    s.push('\n');
    s
}

/// The indentation unit of a JSON text (its first indented line), two spaces when flat.
fn json_indent(text: &str) -> String {
    for line in text.lines().skip(1) {
        let ws: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if ws.starts_with('\t') {
            return "\t".to_string();
        }
        if !ws.is_empty() {
            return ws;
        }
    }
    "  ".to_string()
}

/// Where a message about a field of an object points: its key, or its value.
fn position(loc: Location) -> (u32, u32) {
    let p = loc.key.unwrap_or(loc.value);
    (p.line, p.column)
}

fn message(obj: &Object<'_>, level: Level, field: &str, text: String) -> Message {
    let (line, column) = position(obj.locate(field));
    Message {
        level,
        line,
        column,
        field: field.to_string(),
        text,
    }
}

/// A produced DaemonSet's field path as the input object spells it.
fn input_path(path: &str, source: Source) -> String {
    if source == Source::Deployment
        && let Some(rest) = path.strip_prefix("spec.updateStrategy")
    {
        return format!("spec.strategy{rest}");
    }
    path.to_string()
}

fn convert_document(
    doc: &Document,
    opts: &Options,
    checker: Checker<'_>,
    messages: &mut Vec<Message>,
    selected: &mut usize,
) -> Value {
    let mut target = doc.value.clone();
    for obj in doc.objects() {
        if !opts.select.selects(obj.value) {
            continue;
        }
        *selected += 1;
        if opts.select.is_empty()
            && let Some(why) = looks_like_a_singleton(obj.value)
        {
            messages.push(message(
                &obj,
                Level::Warning,
                "spec.strategy.type",
                format!(
                    "{} looks like a singleton ({why}): as a DaemonSet it runs on every node; `--only KIND/NAME` or `-l` converts only what should",
                    obj.describe()
                ),
            ));
        }
        let Converted {
            value,
            source,
            notes,
        } = convert_object(obj.value, opts);
        for n in notes {
            messages.push(message(&obj, Level::Note, &n.path, n.message));
        }
        if source.yields_daemonset() && &value != obj.value {
            for f in checker(&value) {
                // Convert answers for what makes a DaemonSet differ from its source (selector,
                // update strategy, restart policy): those errors refuse the object. Any other
                // error was in the input already; it is said, and the object still converted.
                let level = match f.severity {
                    Severity::Error if is_daemonset_rule(f.code) => Level::Error,
                    _ => Level::Warning,
                };
                let text = format!("{} [{}]", f.message, f.code);
                messages.push(message(&obj, level, &input_path(&f.field, source), text));
            }
        }
        match obj.item {
            Some(i) => {
                if let Some(slot) = target.get_mut("items").and_then(|v| v.get_mut(i)) {
                    *slot = value;
                }
            }
            None => target = value,
        }
    }
    target
}

/// Why a Deployment seems meant to run once (one replica, replaced with `Recreate` so two never
/// run together), when it does.
fn looks_like_a_singleton(obj: &Value) -> Option<&'static str> {
    let spec = obj.get("spec")?;
    // Unset replicas default to 1.
    let one = spec.get("replicas").map_or(Some(1), Value::as_i64) == Some(1);
    let recreate = spec
        .get("strategy")
        .and_then(|s| s.get("type"))
        .and_then(Value::as_str)
        == Some("Recreate");
    (obj.get("kind").and_then(Value::as_str) == Some("Deployment") && one && recreate)
        .then_some("replicas: 1 with strategy Recreate")
}

fn rewritten(line: u32, column: u32, index: usize) -> Message {
    // The parser's position, not a count of the lines before: once per document, that count
    // would be quadratic in a file of many re-emitted documents.
    Message {
        level: Level::Note,
        line,
        column,
        field: String::new(),
        text: format!(
            "document {index} was re-emitted from the converted value; its comments were not kept"
        ),
    }
}

/// Rules whose verdict depends on the object being a DaemonSet rather than a Deployment:
/// selector presence and match, update strategy, restart policy, activeDeadlineSeconds.
fn is_daemonset_rule(code: &str) -> bool {
    matches!(
        code,
        "DS101" | "DS105" | "DS106" | "DS107" | "DS108" | "DS109" | "DS201" | "DS202"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_check(_: &Value) -> Vec<Finding> {
        Vec::new()
    }

    fn run(text: &str) -> FileConversion {
        convert_file(text.as_bytes(), None, &Options::default(), &no_check).unwrap()
    }

    const DEPLOY: &str = "# top\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web # the name\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - {name: c, image: nginx}\n";

    #[test]
    fn yaml_keeps_comments_and_notes_point_at_fields() {
        let r = run(DEPLOY);
        let out = r.output.unwrap();
        assert!(
            out.starts_with("# top\napiVersion: apps/v1\nkind: DaemonSet\n"),
            "{out}"
        );
        assert!(out.contains("name: web # the name"));
        assert!(!out.contains("replicas"));
        let n = r
            .messages
            .iter()
            .find(|m| m.field == "spec.replicas")
            .unwrap();
        assert_eq!((n.line, n.column), (7, 3));
        assert!(r.changed);
    }

    #[test]
    fn bom_crlf_and_json() {
        let crlf = format!("{BOM}{}", DEPLOY.replace('\n', "\r\n"));
        let out = run(&crlf).output.unwrap();
        assert!(out.starts_with(BOM));
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        let json = "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"ReplicationController\",\n    \"spec\": {\"replicas\": 1, \"selector\": {\"a\": \"b\"}, \"template\": {\"metadata\": {\"labels\": {\"a\": \"b\"}}}}\n}";
        let out = run(json).output.unwrap();
        assert!(out.contains("\n    \"kind\": \"DaemonSet\""), "{out}");
        assert!(out.contains("\"matchLabels\""));
    }

    #[test]
    fn formats() {
        assert_eq!(Format::detect(" {\"kind\": \"A\"}\n"), Format::Json);
        assert_eq!(Format::detect("{kind: A} # flow YAML\n"), Format::Yaml);
        assert_eq!(Format::detect("kind: A\n"), Format::Yaml);
        let r = run("{kind: Deployment, apiVersion: apps/v1, spec: {replicas: 1}} # c\n");
        let out = r.output.unwrap();
        assert!(out.contains("kind: DaemonSet"), "{out}");
        assert!(r.messages.iter().any(|m| m.text.contains("re-emitted")));
    }

    #[test]
    fn unchanged_files_stay_byte_identical() {
        let text = "kind: Service # svc\nmetadata: {name: s}\n";
        let r = run(text);
        assert!(!r.changed);
        assert_eq!(r.output.unwrap(), text);
    }

    #[test]
    fn refusals_write_nothing() {
        let refuse = |_: &Value| {
            vec![Finding {
                code: "DS101",
                rule: "selector-mismatch",
                severity: Severity::Error,
                field: "spec.template.metadata.labels".into(),
                error_type: None,
                message: "no".into(),
                at: None,
            }]
        };
        let r = convert_file(DEPLOY.as_bytes(), None, &Options::default(), &refuse).unwrap();
        assert!(r.refused());
        assert!(r.output.is_none());
        let m = r.messages.iter().find(|m| m.level == Level::Error).unwrap();
        assert_eq!((m.line, m.column), (12, 7));
    }
}
