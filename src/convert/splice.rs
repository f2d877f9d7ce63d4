//! Editing YAML text in place, so comments and layout outside the changed lines survive.
//!
//! The splicer compares a document's positioned tree with the value it should have and turns
//! the differences into text edits at the byte offsets the tree records: a removed entry
//! takes its lines (and inline comment) with it, a renamed key has its span replaced, a new
//! entry is inserted at its mapping's indentation, a changed value is re-emitted with
//! [`emit`] (which quotes what YAML 1.1 would misread). Whatever it cannot do faithfully
//! (flow collections that change shape, merge keys, aliases) is re-emitted one level up; the
//! caller re-parses the result and falls back to re-emitting a whole document when the
//! values still differ.

use crate::manifest::{Entry, Kind, Node, Style, emit};
use serde_json::{Map, Value};

/// One replacement of `text[start..end]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The splicer could not express a change as edits at this level.
#[derive(Debug)]
struct Unfaithful;

type Step = Result<(), Unfaithful>;

/// Keys renamed by the conversion: the entry keeps its place and its comments.
const RENAMES: &[(&str, &str)] = &[("strategy", "updateStrategy")];

/// Computes the edits that turn `root` (a document of `text`) into `target`, or `None` when
/// the document has to be re-emitted as a whole. `crlf`: whether the text's lines end in CRLF
/// (decided once per file by the caller: scanning the whole text per document is quadratic).
pub fn document_edits(text: &str, crlf: bool, root: &Node, target: &Value) -> Option<Vec<Edit>> {
    let mut s = Splicer {
        text,
        crlf,
        edits: Vec::new(),
    };
    match (&root.kind, target) {
        (Kind::Map(_), Value::Object(t)) if !s.is_flow(root) => s.map(root, t).ok()?,
        _ => return None,
    }
    // Checked here, sorted once by the caller with the other documents' edits (sorting
    // twice would reverse insertions made at one offset).
    sorted_without_overlaps(s.edits.clone())?;
    Some(s.edits)
}

/// The edit that replaces a whole document's content with `target` emitted from scratch
/// (comments before and after it, and its `---`, stay). `crlf` as for [`document_edits`].
pub fn replace_document(text: &str, crlf: bool, root: &Node, target: &Value) -> Edit {
    let s = Splicer {
        text,
        crlf,
        edits: Vec::new(),
    };
    let yaml = emit::to_yaml(target);
    Edit {
        start: root.start.offset,
        end: s.content_end(root),
        text: s.newlines(yaml.trim_end_matches('\n')),
    }
}

/// Applies edits (sorted back to front, not overlapping) to a text; `None` when an edit
/// does not fall on character boundaries of the text (or edits overlap).
///
/// Built front to back in one pass (the edits reversed): replacing ranges in place, back to
/// front, would move the rest of the text once per edit, quadratic in a many-document file.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let grow: usize = edits.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(text.len() + grow);
    let mut done = 0;
    for e in edits.iter().rev() {
        if e.start > e.end
            || e.start < done
            || !text.is_char_boundary(e.start)
            || !text.is_char_boundary(e.end)
        {
            return None;
        }
        out.push_str(&text[done..e.start]);
        out.push_str(&e.text);
        done = e.end;
    }
    out.push_str(&text[done..]);
    Some(out)
}

/// Sorts edits back to front; insertions at one offset keep the order they were made in and
/// come after a removal starting there (applied first, so the removal cannot eat them).
pub fn sorted_without_overlaps(edits: Vec<Edit>) -> Option<Vec<Edit>> {
    let mut indexed: Vec<(usize, Edit)> = edits.into_iter().enumerate().collect();
    indexed.sort_by(|(ia, a), (ib, b)| {
        b.start
            .cmp(&a.start)
            .then(b.end.cmp(&a.end))
            .then(ib.cmp(ia))
    });
    let edits: Vec<Edit> = indexed.into_iter().map(|(_, e)| e).collect();
    for w in edits.windows(2) {
        // w[0] is later in the text than w[1].
        if w[1].end > w[0].start {
            return None;
        }
    }
    Some(edits)
}

struct Splicer<'t> {
    text: &'t str,
    crlf: bool,
    edits: Vec<Edit>,
}

impl Splicer<'_> {
    /// `text[a..b]`, or "" for a range that is not in the text (offsets come from the
    /// parser; a wrong one must make the splice fail verification, never panic).
    fn slice(&self, a: usize, b: usize) -> &str {
        self.text.get(a..b).unwrap_or("")
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// A flow collection (`{...}`, `[...]`). A block sequence starts where its first item
    /// does (`- {a: 1}` starts at `{`) but ends at the next token, not at a bracket.
    fn is_flow(&self, n: &Node) -> bool {
        let brackets = match n.kind {
            Kind::Map(_) => (b'{', b'}'),
            Kind::Seq(_) => (b'[', b']'),
            _ => return false,
        };
        let last = n.end.checked_sub(1).and_then(|i| self.byte(i));
        self.byte(n.start.offset) == Some(brackets.0) && last == Some(brackets.1)
    }

    /// An alias (`*name`): its node is a copy of the anchored one, positioned at the alias.
    fn is_alias(&self, n: &Node) -> bool {
        !matches!(n.kind, Kind::Str(_, Style::Block)) && self.byte(n.start.offset) == Some(b'*')
    }

    fn line_start(&self, at: usize) -> usize {
        self.slice(0, at).rfind('\n').map_or(0, |i| i + 1)
    }

    /// The offset just past the newline ending the line that holds `at`.
    fn line_end(&self, at: usize) -> usize {
        self.slice(at, self.text.len())
            .find('\n')
            .map_or(self.text.len(), |i| at + i + 1)
    }

    /// Where the text of a node ends: block collections and block scalars report the start
    /// of the next token as their end, so look at their last content instead.
    fn content_end(&self, n: &Node) -> usize {
        if self.is_alias(n) || self.is_flow(n) {
            return n.end;
        }
        let last = match &n.kind {
            Kind::Map(entries) => entries.iter().map(|e| self.entry_end(e)).max(),
            Kind::Seq(items) => items.iter().map(|i| self.content_end(i)).max(),
            Kind::Str(_, Style::Block) => Some(self.block_scalar_end(n.start.offset)),
            _ => None,
        };
        last.unwrap_or(n.end).max(n.start.offset)
    }

    /// The end of a block scalar's last non-blank line: its lines are the blank ones and those
    /// indented at least as deep as its first content line (where its node starts).
    fn block_scalar_end(&self, start: usize) -> usize {
        let mut pos = self.line_start(start);
        let indent = start - pos;
        let mut end = start;
        while pos < self.text.len() {
            let next = self.line_end(pos);
            let line = self.slice(pos, next).trim_end_matches(['\n', '\r']);
            if !line.trim().is_empty() {
                let depth = line.len() - line.trim_start_matches(' ').len();
                if depth < indent {
                    break;
                }
                end = pos + line.trim_end().len();
            }
            pos = next;
        }
        end
    }

    /// Just past the colon after an entry's key.
    fn colon_end(&self, e: &Entry) -> Option<usize> {
        let rest = self.slice(e.key_end, self.text.len());
        let skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        (rest[skip..].starts_with(':')).then_some(e.key_end + skip + 1)
    }

    fn entry_end(&self, e: &Entry) -> usize {
        let v = &e.value;
        // An empty value (`key:`) has no text; its span may point at the next token.
        let empty = v.end <= v.start.offset || v.start.offset < e.key_end;
        if empty {
            return self.colon_end(e).unwrap_or(e.key_end);
        }
        self.content_end(v).max(e.key_end)
    }

    fn newlines(&self, s: &str) -> String {
        if self.crlf {
            s.replace('\n', "\r\n")
        } else {
            s.to_string()
        }
    }

    fn push(&mut self, start: usize, end: usize, text: &str) {
        let text = self.newlines(text);
        self.edits.push(Edit { start, end, text });
    }

    fn only_spaces_before(&self, at: usize) -> bool {
        self.slice(self.line_start(at), at)
            .bytes()
            .all(|b| b == b' ')
    }

    /// Edits a block mapping into `target`.
    fn map(&mut self, node: &Node, target: &Map<String, Value>) -> Step {
        let Kind::Map(entries) = &node.kind else {
            return Err(Unfaithful);
        };
        let span = node.start.offset..=self.content_end(node);
        // Entries pulled in by a merge key live elsewhere in the text.
        if entries.is_empty() || entries.iter().any(|e| !span.contains(&e.key_pos.offset)) {
            return Err(Unfaithful);
        }
        let renamed = |key: &str| {
            RENAMES.iter().find_map(|&(old, new)| {
                (key == old
                    && !target.contains_key(old)
                    && target.contains_key(new)
                    && !entries.iter().any(|e| e.key == new))
                .then_some(new)
            })
        };
        for e in entries {
            if let Some(new) = renamed(&e.key) {
                if self.slice(e.key_pos.offset, e.key_end) != e.key.as_str() {
                    return Err(Unfaithful);
                }
                self.push(e.key_pos.offset, e.key_end, new);
                self.value(e, &target[new])?;
            } else if let Some(t) = target.get(&e.key) {
                self.value(e, t)?;
            } else {
                self.remove(e)?;
            }
        }
        let mut prev: Option<&Entry> = None;
        for (k, v) in target {
            let existing = entries
                .iter()
                .find(|e| &e.key == k || renamed(&e.key) == Some(k.as_str()));
            match existing {
                Some(e) => prev = Some(e),
                None => self.insert(entries, prev, k, v)?,
            }
        }
        Ok(())
    }

    fn value(&mut self, e: &Entry, target: &Value) -> Step {
        let node = &e.value;
        if node.to_value() == *target {
            return Ok(());
        }
        let mark = self.edits.len();
        let block = !self.is_flow(node) && !self.is_alias(node);
        let done = match (&node.kind, target) {
            (Kind::Map(_), Value::Object(t)) if block && !t.is_empty() => self.map(node, t),
            (Kind::Seq(items), Value::Array(t)) if block && !t.is_empty() => self.seq(items, t),
            _ => Err(Unfaithful),
        };
        if done.is_err() {
            self.edits.truncate(mark);
            self.replace_value(e, target)?;
        }
        Ok(())
    }

    fn seq(&mut self, items: &[Node], target: &[Value]) -> Step {
        if items.len() == target.len() {
            for (n, t) in items.iter().zip(target) {
                if n.to_value() == *t {
                    continue;
                }
                match (&n.kind, t) {
                    (Kind::Map(_), Value::Object(tm))
                        if !tm.is_empty() && !self.is_flow(n) && !self.is_alias(n) =>
                    {
                        self.map(n, tm)?
                    }
                    _ => return Err(Unfaithful),
                }
            }
            return Ok(());
        }
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return Err(Unfaithful);
        };
        if target.len() < items.len() || items.iter().zip(target).any(|(n, t)| n.to_value() != *t) {
            return Err(Unfaithful);
        }
        // Append the new items at the column of the existing dashes.
        let ls = self.line_start(first.start.offset);
        let prefix = self.slice(ls, first.start.offset);
        let Some(dash) = prefix.rfind('-') else {
            return Err(Unfaithful);
        };
        if !prefix[..dash].bytes().all(|b| b == b' ') {
            return Err(Unfaithful);
        }
        let mut text = String::new();
        for t in &target[items.len()..] {
            let yaml = emit::to_yaml(t);
            for (i, line) in yaml.lines().enumerate() {
                text.push_str(&" ".repeat(dash));
                text.push_str(if i == 0 { "- " } else { "  " });
                text.push_str(line);
                text.push('\n');
            }
        }
        self.insert_text(self.line_end(self.content_end(last)), text);
        Ok(())
    }

    fn insert_text(&mut self, at: usize, mut text: String) {
        if at == self.text.len() && !self.text.is_empty() && !self.text.ends_with('\n') {
            text.insert(0, '\n');
            text.pop();
        }
        self.push(at, at, &text);
    }

    fn remove(&mut self, e: &Entry) -> Step {
        if !self.only_spaces_before(e.key_pos.offset) {
            return Err(Unfaithful);
        }
        let start = self.attached_start(e);
        let end = self.line_end(self.entry_end(e));
        self.push(start, end, "");
        Ok(())
    }

    /// The start of an entry's first line, or of the comment lines right above it at its
    /// indentation: those are about the entry and go (or stay) with it.
    fn attached_start(&self, e: &Entry) -> usize {
        let mut start = self.line_start(e.key_pos.offset);
        let indent = e.key_pos.offset - start;
        while start > 0 {
            let above = self.line_start(start - 1);
            let line = self.slice(above, start).trim_end();
            let body = line.trim_start_matches(' ');
            if !body.starts_with('#') || line.len() - body.len() != indent {
                break;
            }
            start = above;
        }
        start
    }

    fn indent_of(&self, e: &Entry) -> usize {
        e.key_pos.offset - self.line_start(e.key_pos.offset)
    }

    fn insert(&mut self, entries: &[Entry], prev: Option<&Entry>, key: &str, v: &Value) -> Step {
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            return Err(Unfaithful);
        };
        let indent = " ".repeat(self.indent_of(first));
        let at = match prev {
            Some(p) => self.line_end(self.entry_end(p)),
            None if self.only_spaces_before(first.key_pos.offset) => self.attached_start(first),
            None => self.line_end(self.entry_end(last)),
        };
        let mut one = Map::new();
        one.insert(key.to_string(), v.clone());
        let mut text = String::new();
        for line in emit::to_yaml(&Value::Object(one)).lines() {
            if !line.is_empty() {
                text.push_str(&indent);
            }
            text.push_str(line);
            text.push('\n');
        }
        self.insert_text(at, text);
        Ok(())
    }

    /// Replaces an entry's whole value (everything after the colon up to its last content).
    fn replace_value(&mut self, e: &Entry, target: &Value) -> Step {
        let start = self.colon_end(e).ok_or(Unfaithful)?;
        let end = self.entry_end(e).max(start);
        let text = match target {
            Value::Object(m) if !m.is_empty() => self.block(target, self.indent_of(e) + 2),
            Value::Array(a) if !a.is_empty() => self.block(target, self.indent_of(e) + 2),
            _ => format!(" {}", inline(target)),
        };
        self.push(start, end, &text);
        Ok(())
    }

    fn block(&self, v: &Value, indent: usize) -> String {
        let pad = " ".repeat(indent);
        let mut text = String::new();
        for line in emit::to_yaml(v).lines() {
            text.push('\n');
            if !line.is_empty() {
                text.push_str(&pad);
            }
            text.push_str(line);
        }
        text
    }
}

/// A value on one line: a scalar as [`emit`] writes it, or JSON (which YAML reads alike).
fn inline(v: &Value) -> String {
    match v {
        Value::Object(m) if m.is_empty() => "{}".to_string(),
        Value::Array(a) if a.is_empty() => "[]".to_string(),
        Value::Object(_) | Value::Array(_) => serde_json::to_string(v).unwrap_or_default(),
        _ => {
            let y = emit::to_yaml(v);
            let y = y.trim_end_matches('\n');
            if y.contains('\n') {
                serde_json::to_string(v).unwrap_or_default()
            } else {
                y.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse;
    use serde_json::json;

    fn edit(text: &str, target: Value) -> String {
        let docs = parse(text).unwrap();
        let edits =
            document_edits(text, text.contains("\r\n"), &docs[0].root, &target).expect("edits");
        let out = apply(text, &sorted_without_overlaps(edits).unwrap()).unwrap();
        assert_eq!(parse(&out).unwrap()[0].value, target, "{out}");
        out
    }

    #[test]
    fn removes_renames_inserts_and_keeps_comments() {
        let text = "# head\nkind: Deployment # k\nspec:\n  # about replicas\n  replicas: 3 # gone\n  strategy:\n    type: Recreate # why\n  # tmpl\n  template:\n    spec: {}\n";
        let out = edit(
            text,
            json!({"kind": "DaemonSet", "spec": {
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "100%"}},
                "template": {"spec": {}}}}),
        );
        assert_eq!(
            out,
            "# head\nkind: DaemonSet # k\nspec:\n  updateStrategy:\n    type: RollingUpdate # why\n    rollingUpdate:\n      maxUnavailable: 100%\n  # tmpl\n  template:\n    spec: {}\n"
        );
    }

    #[test]
    fn flow_values_and_appends() {
        let text = "kind: K\na:\n  b: {x: 1}\n  c:\n  - p\n  - q\n  d: 1\n";
        let out = edit(
            text,
            json!({"kind": "K", "a": {"b": {"x": 1, "y": "yes"}, "c": ["p", "q", "on"], "d": 1}}),
        );
        assert!(out.contains("  - \"on\"\n"), "{out}");
        assert!(out.contains("\"yes\""), "{out}");
        let text = "kind: K\r\na:\r\n  b: 1\r\n";
        let out = edit(
            text,
            json!({"kind": "K", "a": {"b": 1, "c": {"d": "0777"}}}),
        );
        assert_eq!(
            out,
            "kind: K\r\na:\r\n  b: 1\r\n  c:\r\n    d: \"0777\"\r\n"
        );
    }

    #[test]
    fn empty_values_and_missing_final_newline() {
        let out = edit("kind: K\na:\nb: 1", json!({"kind": "K", "b": 1, "c": 2}));
        assert_eq!(out, "kind: K\nb: 1\nc: 2");
        let out = edit(
            "kind: K\nx:\n  s:\n  t: 2\n",
            json!({"kind": "K", "x": {"t": 2}}),
        );
        assert_eq!(out, "kind: K\nx:\n  t: 2\n");
    }

    #[test]
    fn merge_keys_are_not_spliced() {
        let text = "kind: K\nbase: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n";
        let docs = parse(text).unwrap();
        let t = json!({"kind": "K", "base": {"x": 1}, "m": {"y": 2}});
        let edits = document_edits(text, text.contains("\r\n"), &docs[0].root, &t).unwrap();
        // m is replaced as a whole, since the merged key lives elsewhere.
        let out = apply(text, &sorted_without_overlaps(edits).unwrap()).unwrap();
        assert_eq!(parse(&out).unwrap()[0].value, t);
    }
}
