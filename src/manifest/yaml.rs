//! The one place dsctl reads YAML: granit-parser events → positioned [`Node`] trees.
//!
//! Everything YAML-specific (anchors and aliases, `<<` merge keys, YAML 1.1 scalars, duplicate
//! keys, alias-bomb budgets, nesting limits) is decided here, so the parser can be swapped
//! without touching rules, conversion or placement.

use super::node::{Entry, Kind, Node, Pos, Style};
use super::scalar::{key_string, resolve_plain};
use granit_parser::{Event, Marker, Options, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// A YAML document that could not be read, with a 1-based position.
pub use super::LoadError as SyntaxError;

/// One document of a stream: its root node (`None` for an empty or comment-only document).
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub root: Option<Node>,
    /// Byte offset where the document's content (or its `---`) starts.
    pub start: usize,
}

/// How many nodes aliases may add to one stream: generous for real manifests, fatal to
/// billion-laughs bombs. Scales with the input so large honest files are not refused.
fn alias_budget(input_len: usize) -> usize {
    100_000usize.saturating_add(input_len.saturating_mul(4))
}

fn pos(m: &Marker, line_offset: u32) -> Pos {
    Pos {
        line: m.line() as u32 + line_offset,
        column: m.col() as u32 + 1,
        offset: m.byte_offset().unwrap_or(0),
    }
}

enum Frame {
    Seq {
        start: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: Pos,
        anchor: usize,
        entries: Vec<Entry>,
        /// Key waiting for its value: (key text, position, end offset, is a merge key).
        key: Option<(String, Pos, usize, bool)>,
        /// Mappings pulled in by `<<`, applied at the end (explicit keys win).
        merges: Vec<Node>,
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
    mut f: impl FnMut(RawDocument) -> Result<(), SyntaxError>,
) -> Result<(), SyntaxError> {
    let mut opts = Options::default();
    opts.emit_comments = false;
    let parser = Parser::new_from_str_with_options(text, opts);
    let mut b = Builder {
        docs: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        budget: alias_budget(text.len()),
        line_offset,
        doc_start: 0,
        root: None,
    };
    for ev in parser {
        let (event, span) = ev.map_err(|e| SyntaxError {
            line: e.marker().line() as u32 + line_offset,
            column: e.marker().col() as u32 + 1,
            message: explain_scan_error(&e.info()),
        })?;
        b.event(event, span)?;
        if let Some(d) = b.docs.pop() {
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

struct Builder {
    docs: Vec<RawDocument>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    budget: usize,
    line_offset: u32,
    doc_start: usize,
    root: Option<Node>,
}

impl Builder {
    fn err(&self, at: Pos, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let start = pos(&span.start, self.line_offset);
        let end = span.end.byte_offset().unwrap_or(start.offset);
        match event {
            Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(..) => {
                self.doc_start = start.offset;
                self.anchors.clear();
                self.root = None;
            }
            Event::DocumentEnd => {
                self.docs.push(RawDocument {
                    root: self.root.take(),
                    start: self.doc_start,
                });
            }
            Event::Scalar(value, style, anchor, tag) => {
                let kind =
                    scalar_kind(&value, style, tag.as_deref()).map_err(|m| self.err(start, m))?;
                let node = Node { start, end, kind };
                if anchor != 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node, &value)?;
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
                    let node = Node {
                        start,
                        end,
                        kind: Kind::Seq(items),
                    };
                    if anchor != 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    self.push(node, "")?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    start,
                    anchor,
                    mut entries,
                    merges,
                    ..
                }) = self.stack.pop()
                {
                    apply_merges(&mut entries, merges);
                    let node = Node {
                        start,
                        end,
                        kind: Kind::Map(entries),
                    };
                    if anchor != 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    self.push(node, "")?;
                }
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(self.err(start, "alias refers to an unknown anchor"));
                };
                let cost = target.count_up_to(self.budget.saturating_add(1));
                if cost > self.budget {
                    return Err(self.err(
                        start,
                        "aliases expand beyond the size budget (an alias bomb?); refusing to expand",
                    ));
                }
                self.budget -= cost;
                let mut node = target.clone();
                // Findings about an aliased value point at the alias.
                node.start = start;
                node.end = end;
                self.push(node, "")?;
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

    /// Hands a finished node to its parent (or makes it the document root).
    fn push(&mut self, node: Node, raw: &str) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                key,
                merges,
                ..
            }) => match key.take() {
                None => {
                    let is_merge = raw == "<<" && matches!(node.kind, Kind::Str(_, Style::Plain));
                    let Some(text) = key_string(&node.kind, raw) else {
                        let at = node.start;
                        return Err(self.err(
                            at,
                            "mapping keys must be scalars (Kubernetes objects are JSON objects)",
                        ));
                    };
                    if !is_merge && entries.iter().any(|e| e.key == text) {
                        let at = node.start;
                        return Err(self.err(at, format!("duplicate key {text:?}")));
                    }
                    *key = Some((text, node.start, node.end, is_merge));
                }
                Some((k, key_pos, key_end, is_merge)) => {
                    if is_merge {
                        match node.kind {
                            Kind::Map(_) => merges.push(node),
                            Kind::Seq(items) => {
                                for item in items {
                                    if !matches!(item.kind, Kind::Map(_)) {
                                        let at = item.start;
                                        return Err(self.err(
                                            at,
                                            "a merge key (<<) takes a mapping or a list of mappings",
                                        ));
                                    }
                                    merges.push(item);
                                }
                            }
                            _ => {
                                let at = node.start;
                                return Err(self.err(
                                    at,
                                    "a merge key (<<) takes a mapping or a list of mappings",
                                ));
                            }
                        }
                    } else {
                        entries.push(Entry {
                            key: k,
                            key_pos,
                            key_end,
                            value: node,
                        });
                    }
                }
            },
        }
        Ok(())
    }
}

/// YAML merge: keys of merged mappings are added where the mapping does not set them itself;
/// of several merged mappings, the first one to set a key wins.
fn apply_merges(entries: &mut Vec<Entry>, merges: Vec<Node>) {
    for m in merges {
        if let Kind::Map(merged) = m.kind {
            for e in merged {
                if !entries.iter().any(|x| x.key == e.key) {
                    entries.push(e);
                }
            }
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
