//! A positioned YAML/JSON tree: every node knows where it starts, every mapping key too.
//!
//! The tree is what rules are located against: a finding names a field path and
//! [`Node::locate`] turns it into a line and column, falling back to the nearest existing
//! parent when the field is missing.

use crate::finding::{PathSegment, parse_path};
use serde_json::{Map, Number, Value};

/// A 1-based line and column (in characters) and a byte offset into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

/// How a string scalar was written; lets callers tell `"yes"` from a plain `yes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

/// The value of a node, with scalars already resolved by Kubernetes' YAML rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String, Style),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

impl Kind {
    /// A non-string scalar as JSON (strings and collections are handled by the caller).
    fn scalar_value(&self) -> Value {
        match self {
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::Number((*i).into()),
            Kind::UInt(u) => Value::Number((*u).into()),
            Kind::Float(f) => float_value(*f),
            _ => Value::Null,
        }
    }

    /// The value as JSON, moving strings instead of copying them.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Kind::Str(s, _) => Value::String(s),
            Kind::Seq(items) => {
                Value::Array(items.into_iter().map(|n| n.kind.into_value()).collect())
            }
            Kind::Map(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|e| (e.key, e.value.kind.into_value()))
                    .collect(),
            ),
            scalar => scalar.scalar_value(),
        }
    }
}

/// One node of the tree: where it starts and ends (byte offset, exclusive) and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub start: Pos,
    pub end: usize,
    pub kind: Kind,
}

/// A mapping entry: the key (always a string, as in Kubernetes JSON), where the key is, the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    /// Byte offset just past the key.
    pub key_end: usize,
    pub value: Node,
}

/// Where a field path points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The key that names the field, when the last segment is a mapping entry.
    pub key: Option<Pos>,
    /// The start of the value (or of the nearest existing parent when `exact` is false).
    pub value: Pos,
    /// False when the path does not exist and this is the nearest existing parent.
    pub exact: bool,
}

impl Node {
    /// The entries of a mapping node.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            Kind::Map(e) => Some(e),
            _ => None,
        }
    }

    /// The entry named `key` in a mapping node.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|e| e.key == key)
    }

    /// The value under `key` in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The string value of a scalar node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// Finds the position of an API-style field path below this node.
    pub fn locate(&self, path: &str) -> Location {
        self.locate_segments(&parse_path(path))
    }

    /// [`Node::locate`] over already parsed segments.
    pub fn locate_segments(&self, segments: &[PathSegment]) -> Location {
        let mut node = self;
        let mut key = None;
        for seg in segments {
            let next = match (seg, &node.kind) {
                (PathSegment::Field(k) | PathSegment::Key(k), Kind::Map(entries)) => entries
                    .iter()
                    .find(|e| &e.key == k)
                    .map(|e| (Some(e.key_pos), &e.value)),
                (PathSegment::Index(i), Kind::Seq(items)) => items.get(*i).map(|n| (None, n)),
                _ => None,
            };
            match next {
                Some((k, n)) => {
                    key = k;
                    node = n;
                }
                None => {
                    return Location {
                        key,
                        value: node.start,
                        exact: false,
                    };
                }
            }
        }
        Location {
            key,
            value: node.start,
            exact: true,
        }
    }

    /// The node as JSON, the way Kubernetes' YAML decoder hands it to the API server.
    pub fn to_value(&self) -> Value {
        match &self.kind {
            Kind::Str(s, _) => Value::String(s.clone()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Kind::Map(entries) => {
                let mut m = Map::with_capacity(entries.len());
                for e in entries {
                    m.insert(e.key.clone(), e.value.to_value());
                }
                Value::Object(m)
            }
            scalar => scalar.scalar_value(),
        }
    }

    /// About how many bytes a copy of this subtree holds, counting at most `limit` (for alias
    /// budgets; see `Tree::size_up_to`).
    pub(crate) fn size_up_to(&self, limit: usize) -> usize {
        let mut n = super::yaml::NODE_COST;
        match &self.kind {
            Kind::Seq(items) => {
                for i in items {
                    if n >= limit {
                        break;
                    }
                    n += i.size_up_to(limit - n);
                }
            }
            Kind::Map(entries) => {
                for e in entries {
                    if n >= limit {
                        break;
                    }
                    n += e.key.len() + e.value.size_up_to(limit - n);
                }
            }
            Kind::Str(s, _) => n += s.len(),
            _ => {}
        }
        n
    }
}

/// Go's `encoding/json` prints an integral float without a fraction, so `1e3` reaches the API
/// server as `1000` and decodes into an integer field; mirror that.
fn float_value(f: f64) -> Value {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::Number(Number::from(f as i64))
    } else {
        Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string()))
    }
}
