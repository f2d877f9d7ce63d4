//! Loading manifests: multi-document YAML, JSON, `List` kinds, with a source map.
//!
//! Input is decoded with Kubernetes' own YAML rules (see [`scalar`]) into positioned trees
//! ([`Node`]) and JSON values. Anything that is not a stream of Kubernetes objects is refused
//! with a [`LoadError`] carrying a 1-based line and column.

mod block;
pub mod emit;
pub mod events;
pub mod locate;
pub mod node;
pub mod scalar;
pub mod yaml;

pub use node::{Entry, Kind, Location, Node, Pos, Style};

use serde_json::Value;
use std::fmt;

/// Why a file could not be read as Kubernetes manifests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadError {
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The document is YAML but no Kubernetes object at all: a sequence, a scalar, or a
    /// mapping with neither `apiVersion` nor `kind` (`values.yaml`, a CI workflow).
    pub not_an_object: bool,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for LoadError {}

/// One non-empty document of a file.
#[derive(Debug, Clone)]
pub struct Document {
    /// 0-based index among the file's documents, empty ones included.
    pub index: usize,
    pub root: Node,
    pub value: Value,
    /// Byte offset where the document starts in the (BOM-stripped) text.
    pub start: usize,
}

/// A Kubernetes object: a document, or one item of a `List` document.
#[derive(Debug, Clone, Copy)]
pub struct Object<'a> {
    /// Index of the document it comes from.
    pub document: usize,
    /// Index in the document's `items` when the document is a list.
    pub item: Option<usize>,
    pub node: &'a Node,
    pub value: &'a Value,
}

impl Object<'_> {
    pub fn api_version(&self) -> &str {
        str_at(self.value, &["apiVersion"])
    }
    pub fn kind(&self) -> &str {
        str_at(self.value, &["kind"])
    }
    pub fn name(&self) -> &str {
        let n = str_at(self.value, &["metadata", "name"]);
        if n.is_empty() {
            str_at(self.value, &["metadata", "generateName"])
        } else {
            n
        }
    }
    pub fn namespace(&self) -> &str {
        str_at(self.value, &["metadata", "namespace"])
    }
    /// Where a field path of this object is in the file.
    pub fn locate(&self, path: &str) -> Location {
        self.node.locate(path)
    }
    /// `Kind/namespace/name` for messages.
    pub fn describe(&self) -> String {
        let mut s = self.kind().to_string();
        if !self.namespace().is_empty() {
            s.push('/');
            s.push_str(self.namespace());
        }
        s.push('/');
        s.push_str(if self.name().is_empty() {
            "<unnamed>"
        } else {
            self.name()
        });
        s
    }
}

/// The string at a key path (`&["metadata", "name"]`), or `""` when it is missing or not a
/// string.
pub fn str_at<'v>(v: &'v Value, path: &[&str]) -> &'v str {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(n) => cur = n,
            None => return "",
        }
    }
    cur.as_str().unwrap_or("")
}

/// Whether a value is empty as Go's `omitempty` sees a field: null, `{}` or `[]`.
pub fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Whether a document is a list of objects (`kind: List`, `NodeList`, `DaemonSetList`...).
pub fn is_list(value: &Value) -> bool {
    value
        .get("kind")
        .and_then(Value::as_str)
        .is_some_and(|k| k.ends_with("List"))
        && value
            .get("items")
            .is_some_and(|i| i.is_array() || i.is_null())
}

impl Document {
    /// The objects of this document: itself, or its items when it is a list.
    pub fn objects(&self) -> Vec<Object<'_>> {
        objects(self.index, &self.root, &self.value)
    }
}

/// The objects of a document given its positioned root and its value.
pub fn objects<'a>(document: usize, root: &'a Node, value: &'a Value) -> Vec<Object<'a>> {
    if !is_list(value) {
        return vec![Object {
            document,
            item: None,
            node: root,
            value,
        }];
    }
    let items = root.get("items").and_then(|n| match &n.kind {
        Kind::Seq(items) => Some(items),
        _ => None,
    });
    match (items, value.get("items").and_then(Value::as_array)) {
        (Some(nodes), Some(values)) => nodes
            .iter()
            .zip(values)
            .enumerate()
            .map(|(i, (node, value))| Object {
                document,
                item: Some(i),
                node,
                value,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The objects of a document by value alone: `(item index, value)`, the item index set when
/// the document is a list. Same objects, same order as [`objects`].
pub fn value_objects(value: &Value) -> Vec<(Option<usize>, &Value)> {
    if !is_list(value) {
        return vec![(None, value)];
    }
    value
        .get("items")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (Some(i), v))
                .collect()
        })
        .unwrap_or_default()
}

/// A document read as a value only ([`for_each_value`]); positions are found on demand.
#[derive(Debug, Clone)]
pub struct LazyDocument {
    /// 0-based index among the file's documents, empty ones included.
    pub index: usize,
    pub value: Value,
    /// Byte offset where the document starts in the text it was read from.
    pub start: usize,
    /// 1-based line of `start`, line offset included.
    pub start_line: u32,
    /// The positioned tree, when it was built anyway (the fallback path).
    root: Option<Node>,
}

impl LazyDocument {
    /// Where each of `paths` is in this document (as [`Node::locate_segments`] would say), read
    /// from `text` (the same text given to [`for_each_value`]) in one pass that builds no tree,
    /// or from the positioned tree when that pass cannot be sure (aliases, merge keys). `None`
    /// only if the text is not the one the document came from.
    pub fn locate(
        &self,
        text: &str,
        paths: &[Vec<crate::finding::PathSegment>],
    ) -> Option<Vec<Location>> {
        if let Some(root) = &self.root {
            return Some(paths.iter().map(|p| root.locate_segments(p)).collect());
        }
        let (own, line_offset) = self.own_text(text)?;
        if let Some(found) = locate::locate_paths(own, line_offset, paths) {
            return Some(found);
        }
        let root = self.positions(text)?;
        Some(paths.iter().map(|p| root.locate_segments(p)).collect())
    }

    /// This document's text in `text`, from the start of its first line to the end (so columns
    /// stay right), and the line offset to parse it with.
    fn own_text<'t>(&self, text: &'t str) -> Option<(&'t str, u32)> {
        let before = text.get(..self.start)?;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Some((&text[line_start..], self.start_line.saturating_sub(1)))
    }

    /// The positioned tree of this document, read again from `text` (the same text given to
    /// [`for_each_value`]) starting at its own line, so only this document is parsed.
    /// `None` only if the text is not the one the document came from.
    pub fn positions(&self, text: &str) -> Option<std::borrow::Cow<'_, Node>> {
        if let Some(root) = &self.root {
            return Some(std::borrow::Cow::Borrowed(root));
        }
        let (own, line_offset) = self.own_text(text)?;
        let mut first = None;
        // Stop after the first document: returning an error ends the parse.
        let _ = yaml::for_each_document(own, line_offset, |d| {
            first = Some(d.root);
            Err(LoadError::default())
        });
        first.flatten().map(std::borrow::Cow::Owned)
    }
}

/// Whether a value passes [`check_object`] for sure. A float `kind` reads as the string
/// `"NaN"`/`"inf"` here, so those (and anything else) go to the positioned path to decide.
fn plainly_object(value: &Value) -> bool {
    let ok = |v: &Value| {
        v.get("kind")
            .and_then(Value::as_str)
            .is_some_and(|k| !k.is_empty() && !matches!(k, "NaN" | "inf" | "-inf"))
    };
    ok(value)
        && (!is_list(value)
            || value
                .get("items")
                .and_then(Value::as_array)
                .is_none_or(|items| items.iter().all(ok)))
}

/// Like [`for_each_document`], but builds only each document's JSON value, not its positioned
/// tree: about half the work, for callers that need positions for few documents
/// ([`LazyDocument::positions`]). Errors are the ones [`for_each_document`] gives: whenever the
/// value path cannot decide (a builder error, an odd `kind`, aliases used as keys), the rest
/// of the text is read by the positioned path. Streams with directives (`%TAG`) always are,
/// since one document's text cannot be re-read without them.
pub fn for_each_value(
    text: &str,
    line_offset: u32,
    mut f: impl FnMut(LazyDocument) -> Result<(), LoadError>,
) -> Result<usize, LoadError> {
    let mut handled = 0;
    if !has_directives(text) {
        let mut caller_error = None;
        let fast = yaml::for_each_tree::<Value>(text, line_offset, |d| {
            let index = handled;
            let value = match d.root {
                None | Some(Value::Null) => {
                    handled += 1;
                    return Ok(());
                }
                Some(v) if plainly_object(&v) => v,
                Some(_) => return Err(fallback()),
            };
            let r = f(LazyDocument {
                index,
                value,
                start: d.start,
                start_line: d.start_line,
                root: None,
            });
            handled += 1;
            r.map_err(|e| {
                caller_error = Some(e);
                fallback()
            })
        });
        match (fast, caller_error) {
            (Ok(()), _) => return Ok(handled),
            (Err(_), Some(e)) => return Err(e),
            (Err(_), None) => {}
        }
    }
    // The positioned path decides, from the first document not yet handed over.
    for_each_document(text, line_offset, |d| {
        if d.index < handled {
            return Ok(());
        }
        f(LazyDocument {
            index: d.index,
            value: d.value,
            start: d.start,
            start_line: d.root.start.line,
            root: Some(d.root),
        })
    })
}

fn fallback() -> LoadError {
    LoadError {
        message: "read this document with positions".to_string(),
        ..LoadError::default()
    }
}

/// Turns raw bytes into text: strips a UTF-8 BOM, refuses UTF-16/32, invalid UTF-8 and NUL
/// bytes with their position.
pub fn decode(bytes: &[u8]) -> Result<&str, LoadError> {
    let at = |line, column, message: &str| LoadError {
        line,
        column,
        message: message.to_string(),
        ..LoadError::default()
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(at(
            1,
            1,
            "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8",
        ));
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(at(1, 1, "the file is UTF-32; save it as UTF-8"));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.valid_up_to();
            let (line, column) = line_col(
                // Safe: the prefix up to valid_up_to is valid UTF-8.
                std::str::from_utf8(&bytes[..good]).unwrap_or(""),
                good,
            );
            return Err(at(
                line,
                column,
                &format!("invalid UTF-8 (byte 0x{:02X})", bytes[good]),
            ));
        }
    };
    if let Some(nul) = text.find('\0') {
        let (line, column) = line_col(text, nul);
        return Err(at(line, column, "NUL byte: this is not a text manifest"));
    }
    Ok(text)
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u32 + 1;
    (line, column)
}

/// Parses text into its non-empty documents, each checked to be a Kubernetes object
/// (a mapping with a string `kind`).
pub fn parse(text: &str) -> Result<Vec<Document>, LoadError> {
    let mut docs = Vec::new();
    for_each_document(text, 0, |d| {
        docs.push(d);
        Ok(())
    })?;
    Ok(docs)
}

/// Like [`parse`], but hands each document to `f` as soon as it is read, so a large stream is
/// never held whole. `line_offset` is added to every line (for a slice of a larger file).
/// Returns how many documents the text holds, empty ones included.
pub fn for_each_document(
    text: &str,
    line_offset: u32,
    mut f: impl FnMut(Document) -> Result<(), LoadError>,
) -> Result<usize, LoadError> {
    let mut index = 0;
    yaml::for_each_document(text, line_offset, |d| {
        let this = index;
        index += 1;
        let Some(root) = d.root else { return Ok(()) };
        if matches!(root.kind, Kind::Null) {
            return Ok(());
        }
        check_object(&root, this)?;
        let value = root.to_value();
        if is_list(&value)
            && let Some(Kind::Seq(items)) = root.get("items").map(|n| &n.kind)
        {
            for (i, item) in items.iter().enumerate() {
                check_object(item, this).map_err(|mut e| {
                    e.message = format!("items[{i}]: {}", e.message);
                    e.not_an_object = false;
                    e
                })?;
            }
        }
        f(Document {
            index: this,
            root,
            value,
            start: d.start,
        })
    })?;
    Ok(index)
}

/// Whether a stream has directives (`%YAML`, `%TAG`): they bind to the next document, so such a
/// stream is never cut into pieces or re-read one document at a time.
pub(crate) fn has_directives(text: &str) -> bool {
    text.starts_with('%') || text.contains("\n%")
}

/// The start of the first `---` line (a document start in column 1) after byte `from`.
pub(crate) fn next_document_marker(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    memchr::memmem::find_iter(b.get(from..)?, b"\n---")
        .map(|i| from + i + 1)
        .find(|&i| matches!(b.get(i + 3), None | Some(b' ' | b'\t' | b'\r' | b'\n')))
}

/// Splits a stream into at most `parts` slices at document-start lines (`---` in column 1),
/// so the slices can be parsed in parallel. Returns (byte offset, line offset) of each slice.
/// A stream with directives (`%YAML`, `%TAG`) is not split: they bind to the next document.
pub fn split_points(text: &str, parts: usize) -> Vec<(usize, u32)> {
    let mut points = vec![(0usize, 0u32)];
    if parts <= 1 || text.len() < 64 * 1024 || has_directives(text) {
        return points;
    }
    let b = text.as_bytes();
    let target = text.len() / parts;
    let (mut counted, mut lines) = (0usize, 0u32);
    // The first `---` line at or after each share of the text: found from the share's offset,
    // not by walking every line before it.
    for part in 1..parts {
        let from = (part * target).max(points[points.len() - 1].0 + 1);
        let Some(start) = next_document_marker(text, from) else {
            break;
        };
        lines += memchr::memchr_iter(b'\n', &b[counted..start]).count() as u32;
        counted = start;
        points.push((start, lines));
    }
    points
}

/// Reads bytes into documents: [`decode`] then [`parse`].
pub fn load(bytes: &[u8]) -> Result<Vec<Document>, LoadError> {
    parse(decode(bytes)?)
}

fn check_object(root: &Node, index: usize) -> Result<(), LoadError> {
    let err = |p: Pos, message: String, not_an_object: bool| LoadError {
        line: p.line,
        column: p.column,
        message,
        not_an_object,
    };
    let what = match &root.kind {
        Kind::Map(_) => None,
        Kind::Seq(_) => Some("a sequence"),
        _ => Some("a scalar"),
    };
    if let Some(what) = what {
        return Err(err(
            root.start,
            format!(
                "document {index} is {what}, not a Kubernetes object (a mapping with apiVersion and kind)"
            ),
            true,
        ));
    }
    match root.entry("kind") {
        None => Err(err(
            root.start,
            format!("document {index} has no `kind`; every Kubernetes object needs one"),
            root.entry("apiVersion").is_none(),
        )),
        Some(e) => match &e.value.kind {
            Kind::Str(s, _) if !s.is_empty() => Ok(()),
            _ => Err(err(
                e.value.start,
                format!("document {index}: `kind` must be a non-empty string"),
                false,
            )),
        },
    }
}

/// Whether any document of `text` looks like a Kubernetes object (a mapping with `apiVersion`
/// or `kind`): a file where none does is other YAML (`values.yaml`, `Chart.yaml`, a CI
/// workflow) that happens to sit beside the manifests. Unreadable text counts as objects, so
/// that its error is reported.
pub fn holds_objects(text: &str) -> bool {
    let mut any = false;
    let read = yaml::for_each_tree::<Value>(text, 0, |d| {
        if let Some(Value::Object(m)) = &d.root
            && (m.contains_key("apiVersion") || m.contains_key("kind"))
        {
            any = true;
        }
        Ok(())
    });
    any || read.is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_points_are_document_starts_with_their_line_numbers() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!("---\n# doc {i}\na: {i}\nb: \"---\"\n"));
        }
        for parts in [2, 3, 7] {
            let points = split_points(&text, parts);
            assert_eq!(points.len(), parts, "{parts} parts");
            assert_eq!(points[0], (0, 0));
            for w in points.windows(2) {
                assert!(w[0].0 < w[1].0);
            }
            for &(offset, line) in &points[1..] {
                assert!(text[offset..].starts_with("---\n"), "{offset}");
                assert_eq!(line as usize, text[..offset].matches('\n').count());
            }
        }
        assert_eq!(split_points("a: 1\n---\nb: 2\n", 2), vec![(0, 0)]);
    }

    #[test]
    fn bom_crlf_and_lists() {
        let text = b"\xEF\xBB\xBFapiVersion: v1\r\nkind: List\r\nitems:\r\n- kind: Node\r\n  metadata: {name: a}\r\n";
        let docs = load(text).unwrap();
        let objs = docs[0].objects();
        assert_eq!(objs.len(), 1);
        assert_eq!(objs[0].name(), "a");
        assert_eq!(objs[0].locate("metadata.name").value.line, 5);
    }

    #[test]
    fn bad_inputs_have_positions() {
        let e = load(b"kind: A\nx: \xFF\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 4));
        let e = load(b"- a\n- b\n").unwrap_err();
        assert!(e.message.contains("sequence"), "{e}");
        let e = load(b"apiVersion: v1\n").unwrap_err();
        assert!(e.message.contains("kind"), "{e}");
        let e = load(b"kind: [a]\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
        let e = load(b"\xFF\xFEk\x00").unwrap_err();
        assert!(e.message.contains("UTF-16"));
        assert!(load(b"---\n# nothing\n---\n").unwrap().is_empty());
    }

    /// What the value path gives for a text: (index, value, located path → line) per document,
    /// or the error.
    fn by_value(text: &str) -> Result<Vec<(usize, Value, u32)>, LoadError> {
        let mut out = Vec::new();
        for_each_value(text, 3, |d| {
            let root = d.positions(text).expect("positions");
            let line = root.locate("metadata.name").value.line;
            out.push((d.index, d.value, line));
            Ok(())
        })?;
        Ok(out)
    }

    fn by_tree(text: &str) -> Result<Vec<(usize, Value, u32)>, LoadError> {
        let mut out = Vec::new();
        for_each_document(text, 3, |d| {
            let line = d.root.locate("metadata.name").value.line;
            out.push((d.index, d.value, line));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn the_value_path_reads_what_the_positioned_path_reads() {
        let wide: String = (0..40).map(|i| format!("  k{i}: {i}\n")).collect();
        let texts = [
            "kind: A\nmetadata:\n  name: a\n".to_string(),
            "# lead\n---\nkind: A\nmetadata: {name: a}\n---\n---\n# empty\n---\nkind: B\nmetadata:\n  name: b\n".to_string(),
            "kind: A\nbase: &b {x: 1, z: 2}\nmetadata:\n  <<: *b\n  name: c\n  z: 3\n".to_string(),
            "kind: A\nl: &l [{p: 1}, {q: 2}]\nmetadata:\n  <<: [{name: m}, {name: n, o: 1}]\n".to_string(),
            "kind: List\nitems:\n- kind: A\n  metadata: {name: x}\n- kind: B\n".to_string(),
            format!("kind: A\nmetadata:\n  name: w\nwide:\n{wide}"),
            // A float `kind` is not a string to the API server.
            "kind: A\n---\nkind: .nan\n".to_string(),
            "kind: A\n---\nkind: 1e3\n".to_string(),
            // An alias as a key: the positioned path decides, and the rest follows it.
            "kind: A\nmetadata: {name: a}\n---\nk: &k name\nkind: A\nmetadata: {*k : b}\n---\nkind: C\nmetadata: {name: c}\n".to_string(),
            "kind: A\n---\nkind: A\nx: 1\nx: 2\n".to_string(),
            format!("kind: A\nbig:\n{wide}  k7: again\n"),
            "kind: A\nm:\n  <<: [{a: 1}, 3]\n".to_string(),
            "kind: A\nm:\n  <<: 3\n".to_string(),
            "kind: A\n? [a]\n: 1\n".to_string(),
            "%YAML 1.1\n---\nkind: A\nmetadata: {name: a}\n".to_string(),
            "- a\n".to_string(),
            "kind: A\nx: *nope\n".to_string(),
            "kind: A\nx: [\n".to_string(),
        ];
        for t in &texts {
            assert_eq!(by_value(t), by_tree(t), "{t}");
        }
    }
}
