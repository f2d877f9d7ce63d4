//! The one place dsctl reads YAML: granit-parser events → positioned [`Node`] trees.
//!
//! Everything YAML-specific (anchors and aliases, `<<` merge keys, YAML 1.1 scalars, duplicate
//! keys, alias-bomb budgets, nesting limits) is decided here, so the parser can be swapped
//! without touching rules, conversion or placement.

use super::events::Events;
use super::node::{Entry, Kind, Node, Pos, Style};
use super::scalar::{key_string, resolve_plain};
use granit_parser::{Event, Marker, ScalarStyle, Span};
use serde_json::Value;
use std::collections::HashMap;

/// A YAML document that could not be read, with a 1-based position.
pub use super::LoadError as SyntaxError;

/// One document of a stream: its root (`None` for an empty or comment-only document).
#[derive(Debug, Clone)]
pub struct RawDocument<T = Node> {
    pub root: Option<T>,
    /// Byte offset where the document's content (or its `---`) starts.
    pub start: usize,
    /// 1-based line of `start` (with the caller's line offset added).
    pub start_line: u32,
}

/// How many bytes aliases may add to one stream (as [`Tree::size_up_to`] counts them): 64 MiB
/// plus 16 times the input, generous for real manifests and fatal both to billion-laughs bombs
/// (many small nodes) and to one large scalar aliased many times (a 1.25 MB file that repeats a
/// 1 MB string 20,000 times would otherwise expand to 20 GB).
fn alias_budget(input_len: usize) -> usize {
    (64usize << 20).saturating_add(input_len.saturating_mul(16))
}

/// What one node costs in [`Tree::size_up_to`] besides its text: the in-memory overhead of a
/// node, so that a bomb of empty scalars is counted too.
pub(crate) const NODE_COST: usize = 32;

fn pos(m: &Marker, line_offset: u32) -> Pos {
    Pos {
        line: m.line() as u32 + line_offset,
        column: m.col() as u32 + 1,
        offset: m.byte_offset().unwrap_or(0),
    }
}

/// What the builder makes from parser events: the positioned [`Node`] tree, or a bare
/// `serde_json::Value` when positions are not needed (the fast path of `validate`, which
/// re-reads a document with positions only when it has findings). One builder serves both, so
/// anchors, merge keys, duplicate keys and budgets are decided in one place.
pub trait Tree: Clone + Sized {
    /// A finished mapping entry.
    type Entry;
    fn scalar(kind: Kind, start: Pos, end: usize) -> Self;
    fn seq(items: Vec<Self>, start: Pos, end: usize) -> Self;
    fn map(entries: Vec<Self::Entry>, start: Pos, end: usize) -> Self;
    fn entry(key: String, key_pos: Pos, key_end: usize, value: Self) -> Self::Entry;
    fn entry_key(entry: &Self::Entry) -> &str;
    /// The anchored node copied to an alias (a positioned tree points findings at the alias).
    fn at_alias(&self, start: Pos, end: usize) -> Self;
    /// The key an alias stands for when it is used as a mapping key; `None` when it cannot be
    /// one (a collection, or a tree that does not keep enough to tell).
    fn alias_key(&self) -> Option<String>;
    /// About how many bytes a copy of this subtree holds ([`NODE_COST`] per node plus its
    /// strings and keys), counting at most `limit` (for alias budgets).
    fn size_up_to(&self, limit: usize) -> usize;
    /// Where the node starts, for error messages (a bare value does not know: `None`).
    fn start(&self) -> Option<Pos>;
    /// The entries of a mapping, or the node back (for `<<` merges).
    fn into_entries(self) -> Result<Vec<Self::Entry>, Self>;
    /// The items of a sequence, or the node back.
    fn into_items(self) -> Result<Vec<Self>, Self>;
}

impl Tree for Node {
    type Entry = Entry;
    fn scalar(kind: Kind, start: Pos, end: usize) -> Self {
        Node { start, end, kind }
    }
    fn seq(items: Vec<Self>, start: Pos, end: usize) -> Self {
        Node {
            start,
            end,
            kind: Kind::Seq(items),
        }
    }
    fn map(entries: Vec<Entry>, start: Pos, end: usize) -> Self {
        Node {
            start,
            end,
            kind: Kind::Map(entries),
        }
    }
    fn entry(key: String, key_pos: Pos, key_end: usize, value: Self) -> Entry {
        Entry {
            key,
            key_pos,
            key_end,
            value,
        }
    }
    fn entry_key(entry: &Entry) -> &str {
        &entry.key
    }
    fn at_alias(&self, start: Pos, end: usize) -> Self {
        let mut node = self.clone();
        node.start = start;
        node.end = end;
        node
    }
    fn alias_key(&self) -> Option<String> {
        key_string(&self.kind, "")
    }
    fn size_up_to(&self, limit: usize) -> usize {
        Node::size_up_to(self, limit)
    }
    fn start(&self) -> Option<Pos> {
        Some(self.start)
    }
    fn into_entries(self) -> Result<Vec<Entry>, Self> {
        match self.kind {
            Kind::Map(entries) => Ok(entries),
            _ => Err(self),
        }
    }
    fn into_items(self) -> Result<Vec<Self>, Self> {
        match self.kind {
            Kind::Seq(items) => Ok(items),
            _ => Err(self),
        }
    }
}

impl Tree for Value {
    type Entry = (String, Value);
    fn scalar(kind: Kind, _: Pos, _: usize) -> Self {
        kind.into_value()
    }
    fn seq(items: Vec<Self>, _: Pos, _: usize) -> Self {
        Value::Array(items)
    }
    fn map(entries: Vec<(String, Value)>, _: Pos, _: usize) -> Self {
        // Keys are unique already (duplicates are refused), so this keeps every entry in order.
        Value::Object(entries.into_iter().collect())
    }
    fn entry(key: String, _: Pos, _: usize, value: Self) -> (String, Value) {
        (key, value)
    }
    fn entry_key(entry: &(String, Value)) -> &str {
        &entry.0
    }
    fn at_alias(&self, _: Pos, _: usize) -> Self {
        self.clone()
    }
    fn alias_key(&self) -> Option<String> {
        // A float and an integer look alike here; the positioned tree decides (see
        // `for_each_value`, which falls back to it on any error).
        None
    }
    fn size_up_to(&self, limit: usize) -> usize {
        let mut n = NODE_COST;
        match self {
            Value::Array(items) => {
                for c in items {
                    if n >= limit {
                        break;
                    }
                    n += c.size_up_to(limit - n);
                }
            }
            Value::Object(m) => {
                for (k, c) in m {
                    if n >= limit {
                        break;
                    }
                    n += k.len() + c.size_up_to(limit - n);
                }
            }
            Value::String(s) => n += s.len(),
            _ => {}
        }
        n
    }
    fn start(&self) -> Option<Pos> {
        None
    }
    fn into_entries(self) -> Result<Vec<(String, Value)>, Self> {
        match self {
            Value::Object(m) => Ok(m.into_iter().collect()),
            other => Err(other),
        }
    }
    fn into_items(self) -> Result<Vec<Self>, Self> {
        match self {
            Value::Array(items) => Ok(items),
            other => Err(other),
        }
    }
}

/// Past this many entries a mapping's keys are also kept in a hash set, so duplicate-key checks
/// stay linear on huge mappings while small ones (nearly all) do a short scan.
const KEY_INDEX_FROM: usize = 16;

/// The keys of a mapping being built, for duplicate and merge checks.
#[derive(Default)]
struct Keys {
    index: Option<std::collections::HashSet<String>>,
}

impl Keys {
    fn contains<T: Tree>(&self, entries: &[T::Entry], key: &str) -> bool {
        match &self.index {
            Some(set) => set.contains(key),
            None => entries.iter().any(|e| T::entry_key(e) == key),
        }
    }
    /// Records a key just pushed to `entries`.
    fn added<T: Tree>(&mut self, entries: &[T::Entry]) {
        match &mut self.index {
            Some(set) => {
                if let Some(e) = entries.last() {
                    set.insert(T::entry_key(e).to_string());
                }
            }
            None if entries.len() > KEY_INDEX_FROM => {
                self.index = Some(
                    entries
                        .iter()
                        .map(|e| T::entry_key(e).to_string())
                        .collect(),
                );
            }
            None => {}
        }
    }
}

enum Frame<T: Tree> {
    Seq {
        start: Pos,
        anchor: usize,
        items: Vec<T>,
    },
    Map {
        start: Pos,
        anchor: usize,
        entries: Vec<T::Entry>,
        keys: Keys,
        /// Key waiting for its value: (key text, position, end offset, is a merge key).
        key: Option<(String, Pos, usize, bool)>,
        /// Entries of mappings pulled in by `<<`, applied at the end (explicit keys win).
        merges: Vec<Vec<T::Entry>>,
    },
}

/// Parses a whole YAML (or JSON) stream into documents. `line_offset` is added to every line
/// (for callers that parse a slice of a larger file).
pub fn parse_stream(text: &str, line_offset: u32) -> Result<Vec<RawDocument>, SyntaxError> {
    let mut docs = Vec::new();
    for_each_document(text, line_offset, |d| {
        docs.push(d);
        Ok(())
    })?;
    Ok(docs)
}

/// Parses a stream and hands over each document as soon as it is complete, so callers can
/// process a large stream without holding all of its trees. An error from `f` stops parsing.
pub fn for_each_document(
    text: &str,
    line_offset: u32,
    f: impl FnMut(RawDocument) -> Result<(), SyntaxError>,
) -> Result<(), SyntaxError> {
    for_each_tree(text, line_offset, f)
}

/// [`for_each_document`] for any [`Tree`]: with `T = Value` no positions are kept.
pub fn for_each_tree<T: Tree>(
    text: &str,
    line_offset: u32,
    mut f: impl FnMut(RawDocument<T>) -> Result<(), SyntaxError>,
) -> Result<(), SyntaxError> {
    let mut b = Builder {
        done: None,
        stack: Vec::new(),
        anchors: HashMap::new(),
        budget: alias_budget(text.len()),
        line_offset,
        doc_start: Pos::default(),
        root: None,
    };
    for ev in Events::new(text) {
        let (event, span) = ev.map_err(|e| SyntaxError {
            line: e.marker().line() as u32 + line_offset,
            column: e.marker().col() as u32 + 1,
            message: explain_scan_error(&e.info()),
            not_an_object: false,
        })?;
        b.event(event, span)?;
        if let Some(d) = b.done.take() {
            f(d)?;
        }
    }
    Ok(())
}

/// Says parser errors in a manifest author's terms.
fn explain_scan_error(info: &str) -> String {
    if info.contains("recursion limit") || info.contains("nesting limit") {
        format!("nested too deeply (more than 255 levels): {info}")
    } else if info.contains("tab") {
        format!("{info} (YAML indentation must use spaces, not tabs)")
    } else {
        info.to_string()
    }
}

struct Builder<T: Tree> {
    done: Option<RawDocument<T>>,
    stack: Vec<Frame<T>>,
    anchors: HashMap<usize, T>,
    budget: usize,
    line_offset: u32,
    doc_start: Pos,
    root: Option<T>,
}

const NOT_SCALAR_KEY: &str = "mapping keys must be scalars (Kubernetes objects are JSON objects)";
const BAD_MERGE: &str = "a merge key (<<) takes a mapping or a list of mappings";

impl<T: Tree> Builder<T> {
    fn err(&self, at: Pos, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            line: at.line,
            column: at.column,
            message: message.into(),
            not_an_object: false,
        }
    }

    /// Whether the innermost open collection is a mapping waiting for a key.
    fn wants_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let start = pos(&span.start, self.line_offset);
        let end = span.end.byte_offset().unwrap_or(start.offset);
        match event {
            Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(..) => {
                self.doc_start = start;
                self.anchors.clear();
                self.root = None;
            }
            Event::DocumentEnd => {
                self.done = Some(RawDocument {
                    root: self.root.take(),
                    start: self.doc_start.offset,
                    start_line: self.doc_start.line,
                });
            }
            Event::Scalar(value, style, anchor, tag) => {
                let kind =
                    scalar_kind(&value, style, tag.as_deref()).map_err(|m| self.err(start, m))?;
                if self.wants_key() {
                    let is_merge = value == "<<" && matches!(kind, Kind::Str(_, Style::Plain));
                    // Scalars always have a key string.
                    let text = key_string(&kind, &value).unwrap_or_default();
                    if anchor != 0 {
                        self.anchors.insert(anchor, T::scalar(kind, start, end));
                    }
                    self.key(text, start, end, is_merge)?;
                } else {
                    let node = T::scalar(kind, start, end);
                    if anchor != 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    self.push(node, start)?;
                }
            }
            Event::SequenceStart(_, anchor, _) => self.stack.push(Frame::Seq {
                start,
                anchor,
                items: Vec::new(),
            }),
            Event::MappingStart(_, anchor, _) => self.stack.push(Frame::Map {
                start,
                anchor,
                entries: Vec::new(),
                keys: Keys::default(),
                key: None,
                merges: Vec::new(),
            }),
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    start,
                    anchor,
                    items,
                }) = self.stack.pop()
                {
                    self.finish(T::seq(items, start, end), anchor, start)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    start,
                    anchor,
                    mut entries,
                    mut keys,
                    merges,
                    ..
                }) = self.stack.pop()
                {
                    // YAML merge: keys of merged mappings are added where the mapping does not
                    // set them itself; of several merged mappings, the first to set a key wins.
                    for merged in merges {
                        for e in merged {
                            if !keys.contains::<T>(&entries, T::entry_key(&e)) {
                                entries.push(e);
                                keys.added::<T>(&entries);
                            }
                        }
                    }
                    self.finish(T::map(entries, start, end), anchor, start)?;
                }
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(self.err(start, "alias refers to an unknown anchor"));
                };
                let cost = target.size_up_to(self.budget.saturating_add(1));
                if cost > self.budget {
                    return Err(self.err(
                        start,
                        "aliases expand beyond the size budget (an alias bomb?); refusing to expand",
                    ));
                }
                self.budget -= cost;
                let node = target.at_alias(start, end);
                if self.wants_key() {
                    let Some(text) = node.alias_key() else {
                        return Err(self.err(start, NOT_SCALAR_KEY));
                    };
                    self.key(text, start, end, false)?;
                } else {
                    self.push(node, start)?;
                }
            }
            Event::UnresolvedAlias(name) => {
                return Err(self.err(start, format!("alias *{name} has no anchor")));
            }
            Event::Anchor(..) => {}
            #[allow(unreachable_patterns)]
            _ => {}
        }
        Ok(())
    }

    /// A collection is complete: remember its anchor and hand it to its parent.
    fn finish(&mut self, node: T, anchor: usize, start: Pos) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        if self.wants_key() {
            return Err(self.err(start, NOT_SCALAR_KEY));
        }
        self.push(node, start)
    }

    /// A mapping key was read: refuse a duplicate, then wait for its value.
    fn key(
        &mut self,
        text: String,
        at: Pos,
        end: usize,
        is_merge: bool,
    ) -> Result<(), SyntaxError> {
        let duplicate = match self.stack.last() {
            Some(Frame::Map { entries, keys, .. }) => {
                !is_merge && keys.contains::<T>(entries, &text)
            }
            _ => false,
        };
        if duplicate {
            return Err(self.err(at, format!("duplicate key {text:?}")));
        }
        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
            *key = Some((text, at, end, is_merge));
        }
        Ok(())
    }

    /// Hands a finished value to its parent (or makes it the document root). `start` is where
    /// the value starts, for errors.
    fn push(&mut self, node: T, start: Pos) -> Result<(), SyntaxError> {
        let bad_merge = match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                return Ok(());
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                return Ok(());
            }
            Some(Frame::Map {
                entries,
                keys,
                key,
                merges,
                ..
            }) => {
                let Some((k, key_pos, key_end, is_merge)) = key.take() else {
                    // Keys go through `key`; a value here means the caller did not check.
                    return Err(SyntaxError {
                        line: start.line,
                        column: start.column,
                        message: NOT_SCALAR_KEY.to_string(),
                        not_an_object: false,
                    });
                };
                if !is_merge {
                    entries.push(T::entry(k, key_pos, key_end, node));
                    keys.added::<T>(entries);
                    return Ok(());
                }
                match node.into_entries().map_err(T::into_items) {
                    Ok(m) => {
                        merges.push(m);
                        None
                    }
                    Err(Ok(items)) => {
                        let mut bad = None;
                        for item in items {
                            match item.into_entries() {
                                Ok(m) => merges.push(m),
                                Err(n) => {
                                    bad = Some(n.start().unwrap_or(start));
                                    break;
                                }
                            }
                        }
                        bad
                    }
                    Err(Err(_)) => Some(start),
                }
            }
        };
        match bad_merge {
            Some(at) => Err(self.err(at, BAD_MERGE)),
            None => Ok(()),
        }
    }
}

fn scalar_kind(
    value: &str,
    style: ScalarStyle,
    tag: Option<&granit_parser::Tag>,
) -> Result<Kind, String> {
    if let Some(tag) = tag
        && tag.is_yaml_core_schema()
    {
        let resolved = resolve_plain(value);
        return match tag.suffix() {
            "str" => Ok(Kind::Str(value.to_string(), Style::Quoted)),
            "null" => Ok(Kind::Null),
            "bool" => match resolved {
                Kind::Bool(_) => Ok(resolved),
                _ => Err(format!("cannot read {value:?} as !!bool")),
            },
            "int" => match resolved {
                Kind::Int(_) | Kind::UInt(_) => Ok(resolved),
                _ => Err(format!("cannot read {value:?} as !!int")),
            },
            "float" => match resolved {
                Kind::Int(i) => Ok(Kind::Float(i as f64)),
                Kind::Float(_) => Ok(resolved),
                _ => Err(format!("cannot read {value:?} as !!float")),
            },
            "binary" | "timestamp" => Ok(Kind::Str(value.to_string(), Style::Quoted)),
            other => Err(format!("unsupported tag !!{other}")),
        };
    }
    Ok(match style {
        ScalarStyle::Plain => resolve_plain(value),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            Kind::Str(value.to_string(), Style::Quoted)
        }
        _ => Kind::Str(value.to_string(), Style::Block),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let docs = parse_stream(text, 0).unwrap();
        docs.into_iter().next().unwrap().root.unwrap()
    }

    #[test]
    fn positions_of_keys_and_values() {
        let n = one("a:\n  b: [1, 2]\n  c: x\n");
        let loc = n.locate("a.c");
        assert_eq!(loc.key.map(|p| (p.line, p.column)), Some((3, 3)));
        assert_eq!((loc.value.line, loc.value.column), (3, 6));
        let missing = n.locate("a.d.e");
        assert!(!missing.exact);
        assert_eq!((missing.value.line, missing.value.column), (2, 3));
        let idx = n.locate("a.b[1]");
        assert_eq!((idx.value.line, idx.value.column), (2, 10));
    }

    #[test]
    fn anchors_merges_and_duplicates() {
        let n = one("base: &b {x: 1, z: 2}\nuse:\n  <<: *b\n  z: 3\n");
        let v = n.to_value();
        assert_eq!(v["use"], serde_json::json!({"z": 3, "x": 1}));
        // As in go-yaml v2, a plain `y` key is the boolean true, which JSON spells "true".
        assert_eq!(one("y: 1\n").to_value(), serde_json::json!({"true": 1}));
        let e = parse_stream("a: 1\na: 2\n", 0).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("duplicate key"));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            s.push_str(&format!(
                "{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = n;
        }
        let e = parse_stream(&s, 0).unwrap_err();
        assert!(e.message.contains("alias"), "{e}");
    }

    #[test]
    fn tags_and_quoting() {
        let v = one("a: !!str 0644\nb: '0644'\nc: 0644\nd: !!int \"12\"\n").to_value();
        assert_eq!(
            v,
            serde_json::json!({"a": "0644", "b": "0644", "c": 420, "d": 12})
        );
    }

    #[test]
    fn multi_documents_and_empty_ones() {
        let docs = parse_stream("---\n# only a comment\n---\na: 1\n---\n", 0).unwrap();
        let roots: Vec<_> = docs.iter().map(|d| d.root.is_some()).collect();
        assert!(roots.contains(&true));
    }
}
