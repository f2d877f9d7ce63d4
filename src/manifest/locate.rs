//! Finding positions without building a tree: one pass over the parser events of a single
//! document, remembering only where the requested field paths (or their nearest existing
//! parents) start. `validate` reads documents as bare values and needs positions only for the
//! few documents with findings; this costs about a third of building the positioned tree.

use super::events::Events;
use super::node::{Location, Pos};
use super::scalar::{key_string, resolve_plain};
use crate::finding::PathSegment;
use granit_parser::{Event, Marker, ScalarStyle};

fn pos(m: &Marker, line_offset: u32) -> Pos {
    Pos {
        line: m.line() as u32 + line_offset,
        column: m.col() as u32 + 1,
        offset: m.byte_offset().unwrap_or(0),
    }
}

/// One step from a node to a child.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

fn step_of(seg: &PathSegment) -> Step {
    match seg {
        PathSegment::Field(f) | PathSegment::Key(f) => Step::Key(f.clone()),
        PathSegment::Index(i) => Step::Index(*i),
    }
}

enum Frame {
    /// A mapping: the key waiting for its value, if one was read.
    Map {
        key: Option<(String, Pos)>,
    },
    Seq {
        next: usize,
    },
}

/// The requested paths as a tree of their prefixes, so each node of the document is matched
/// against them in one hash lookup, not compared with every path (which made a document with
/// many findings quadratic: 20,000 findings, 20,000 paths compared at each of its nodes).
struct Prefixes {
    /// (prefix, next step) → the longer prefix; prefix 0 is the empty one (the root).
    children: std::collections::HashMap<(usize, Step), usize>,
    /// Per prefix: where the first node at it was seen (key position, node start).
    seen: Vec<Option<(Option<Pos>, Pos)>>,
    /// Per prefix: how many requested paths are exactly it.
    ends: Vec<usize>,
}

impl Prefixes {
    fn new(paths: &[Vec<PathSegment>]) -> Self {
        let mut t = Prefixes {
            children: std::collections::HashMap::new(),
            seen: vec![None],
            ends: vec![0],
        };
        for p in paths {
            let mut at = 0;
            for seg in p {
                let next = t.seen.len();
                at = *t.children.entry((at, step_of(seg))).or_insert(next);
                if at == next {
                    t.seen.push(None);
                    t.ends.push(0);
                }
            }
            t.ends[at] += 1;
        }
        t
    }

    /// The prefix one step below `parent`, if any path goes that way.
    fn child(&self, parent: Option<usize>, step: Step) -> (Option<usize>, Step) {
        match parent {
            None => (None, step),
            Some(p) => {
                let probe = (p, step);
                let found = self.children.get(&probe).copied();
                (found, probe.1)
            }
        }
    }

    /// Notes the first node seen at a prefix; returns how many paths it answers exactly.
    fn visit(&mut self, at: usize, key: Option<Pos>, start: Pos) -> usize {
        if self.seen[at].is_some() {
            // A repeated key: the first one answers (as the positioned tree's lookup does).
            return 0;
        }
        self.seen[at] = Some((key, start));
        self.ends[at]
    }

    /// Each path's answer: the deepest of its prefixes that was seen.
    fn finish(&self, paths: &[Vec<PathSegment>]) -> Vec<Location> {
        paths
            .iter()
            .map(|p| {
                let mut best = self.seen[0].map(|s| (0, s));
                let mut at = 0;
                for (depth, seg) in p.iter().enumerate() {
                    match self.children.get(&(at, step_of(seg))) {
                        Some(&next) => at = next,
                        None => break,
                    }
                    if let Some(s) = self.seen[at] {
                        best = Some((depth + 1, s));
                    }
                }
                match best {
                    Some((depth, (key, value))) => Location {
                        key,
                        value,
                        exact: depth == p.len(),
                    },
                    None => Location {
                        key: None,
                        value: Pos {
                            line: 1,
                            column: 1,
                            offset: 0,
                        },
                        exact: false,
                    },
                }
            })
            .collect()
    }
}

/// Where each of `paths` is in the first document of `text`, with [`super::Node::locate`]'s
/// answers (the key and value of the deepest existing step). `None` when this pass cannot be
/// sure to agree with the positioned tree: the document uses aliases or merge keys, a key is
/// tagged or not a scalar, or the text does not parse; the caller builds the tree then.
/// Linear in the document and the paths' total length.
pub fn locate_paths(
    text: &str,
    line_offset: u32,
    paths: &[Vec<PathSegment>],
) -> Option<Vec<Location>> {
    let mut parser = Events::new(text);
    let mut prefixes = Prefixes::new(paths);
    let mut exact = 0;
    let mut stack: Vec<Frame> = Vec::new();
    // The prefix (if a path goes there) of each node from the root to the node being read.
    let mut route: Vec<Option<usize>> = Vec::new();
    let mut started = false;
    loop {
        let (event, span) = parser.next()?.ok()?;
        let start = pos(&span.start, line_offset);
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(..)
        );
        if matches!(event, Event::Alias(..) | Event::UnresolvedAlias(..)) {
            return None;
        }
        if is_node {
            // A scalar where a mapping waits for a key is that key.
            if let Some(Frame::Map { key }) = stack.last_mut()
                && key.is_none()
            {
                let Event::Scalar(value, style, _, tag) = &event else {
                    return None;
                };
                if tag.is_some() {
                    return None;
                }
                let text = if *style == ScalarStyle::Plain {
                    if value.as_ref() == "<<" {
                        return None;
                    }
                    key_string(&resolve_plain(value), value)?
                } else {
                    value.to_string()
                };
                *key = Some((text, start));
                continue;
            }
            // The node's prefix and key position.
            let parent = route.last().copied().flatten();
            let (at, key_pos) = match stack.last_mut() {
                None => {
                    if started {
                        return Some(prefixes.finish(paths));
                    }
                    started = true;
                    (Some(0), None)
                }
                Some(Frame::Map { key }) => match key.take() {
                    Some((k, p)) => (prefixes.child(parent, Step::Key(k)).0, Some(p)),
                    None => (None, None),
                },
                Some(Frame::Seq { next }) => {
                    *next += 1;
                    (prefixes.child(parent, Step::Index(*next - 1)).0, None)
                }
            };
            // Once every path is found exactly, nothing later in the document can change the
            // answers (keys are unique, and merged keys never override written ones).
            if let Some(at) = at {
                let ends = prefixes.visit(at, key_pos, start);
                exact += ends;
                if ends > 0 && exact >= paths.len() {
                    return Some(prefixes.finish(paths));
                }
            }
            match event {
                Event::MappingStart(..) => stack.push(Frame::Map { key: None }),
                Event::SequenceStart(..) => stack.push(Frame::Seq { next: 0 }),
                _ => continue,
            }
            route.push(at);
            continue;
        }
        match event {
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                route.pop();
            }
            Event::DocumentEnd | Event::StreamEnd if started => {
                return Some(prefixes.finish(paths));
            }
            Event::StreamEnd => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::parse_path;
    use crate::manifest::parse;

    /// Every path answers exactly as the positioned tree's `locate` does.
    #[test]
    fn agrees_with_the_tree() {
        let texts = [
            "kind: K\na:\n  b: [1, 2]\n  c: x\n",
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\n  labels: {app: a, 'y': q}\nspec:\n  selector:\n    matchLabels:\n      app: b\n  template:\n    metadata:\n      labels:\n        app: a\n    spec:\n      containers:\n      - name: c\n        image: i\n        ports:\n        - containerPort: 80\n      - {name: d, image: j}\n",
            "kind: List\nitems:\n- kind: A\n  metadata: {name: x}\n- kind: B\n  spec:\n    y: 1\n    z: [[1], {q: 2}]\n",
            "---\n# c\nkind: X\nempty:\nnull: ~\ny: 1\n\"quoted\": 2\n",
        ];
        let paths = [
            "a.c",
            "a.b[1]",
            "a.d.e",
            "metadata.labels[app]",
            "metadata.labels[y]",
            "spec.selector",
            "spec.template.metadata.labels",
            "spec.template.spec.containers[1].image",
            "spec.template.spec.containers[0].ports[0].containerPort",
            "spec.template.spec.containers[2]",
            "spec.missing.deeper",
            "items[1].spec.z[1].q",
            "items[1].spec.z[0][0]",
            "items[0].metadata.name",
            "empty",
            "null",
            "true",
            "quoted",
            "kind",
            "nothing",
        ];
        for text in texts {
            let docs = parse(text).unwrap();
            let root = &docs[0].root;
            let segs: Vec<_> = paths.iter().map(|p| parse_path(p)).collect();
            let got = locate_paths(text, 0, &segs).expect("no alias here");
            for (p, g) in paths.iter().zip(got) {
                assert_eq!(g, root.locate(p), "{p} in {text:?}");
            }
        }
    }

    #[test]
    fn aliases_and_merges_leave_it_to_the_tree() {
        let segs = vec![parse_path("a")];
        assert!(locate_paths("x: &x 1\na: *x\n", 0, &segs).is_none());
        let merged = vec![parse_path("a.q")];
        assert!(locate_paths("x: &x {q: 1}\na:\n  <<: *x\n", 0, &merged).is_none());
        // A text that does not parse (never the case for a document validate has read).
        assert!(locate_paths("a: [\n", 0, &[parse_path("b")]).is_none());
    }

    #[test]
    fn stops_once_every_path_is_found() {
        // Everything after `b` is never read: not even the alias that would need the tree.
        let segs = vec![parse_path("a"), parse_path("b.c")];
        let got = locate_paths("a: 1\nb:\n  c: 2\nz: *nowhere\n", 0, &segs).unwrap();
        assert!(got.iter().all(|l| l.exact));
        assert_eq!(got[1].value.line, 3);
    }

    #[test]
    fn only_the_first_document_is_read() {
        let segs = vec![parse_path("b")];
        let got = locate_paths("a: 1\n---\nb: 2\n", 4, &segs).unwrap();
        assert!(!got[0].exact);
        assert_eq!(got[0].value.line, 5);
    }
}
