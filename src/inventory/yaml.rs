//! YAML inventories through granit-parser's event stream, read from any `Read` without loading
//! the whole input: a splitter cuts the text at column-0 boundaries it can prove safe (document
//! markers, and the `- ` entries of a top-level `items:` list as kubectl writes it) into
//! segments of a few MB, worker threads parse segments with a hand-written typed extractor that
//! keeps the fields placement needs and skips every other subtree by depth counting, and the
//! results are validated in input order. Positions are mapped back to the whole input.
//!
//! Limitation: an alias in one list item cannot refer to an anchor defined in another item
//! (kubectl never writes anchors); it is reported as an unknown anchor.

use granit_parser::{Event, ScalarStyle, Span};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use super::scalar::{may_resolve, plain_as_bool, plain_as_string};
use super::{Collector, Draft, InventoryError, Node, parse_allocatable, parse_taint};
use crate::k8s::Taint;

/// Where an event sits, 1-based, relative to the segment until [`Recorded`] is placed.
#[derive(Debug, Clone, Copy)]
struct Pos {
    line: usize,
    column: usize,
}

impl Pos {
    fn of(span: &Span) -> Pos {
        Pos {
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }
    fn error(self, message: impl Into<String>) -> InventoryError {
        InventoryError {
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

type Ev<'a> = (Event<'a>, Span);

/// The event stream of one segment with comments dropped and aliases to scalars resolved.
struct Events<'a> {
    parser: crate::manifest::events::Events<'a>,
    anchors: HashMap<usize, (String, ScalarStyle, bool)>,
    /// Bytes aliases may still add to this segment (see [`alias_budget`]).
    budget: usize,
}

/// Bytes aliases may add to a segment of `len` bytes: 64 MiB plus 16 times the segment, as the
/// manifest loader allows; an inventory that repeats a 1 MB label value 3,000 times would
/// otherwise hold 3 GB.
fn alias_budget(len: usize) -> usize {
    (64usize << 20).saturating_add(len.saturating_mul(16))
}

/// What one alias costs besides its text.
const ALIAS_COST: usize = 32;

impl<'a> Events<'a> {
    fn next(&mut self) -> Result<Ev<'a>, InventoryError> {
        loop {
            let (event, span) = match self.parser.next() {
                None => {
                    return Err(InventoryError {
                        line: 0,
                        column: 0,
                        message: "unexpected end of YAML input".into(),
                    });
                }
                Some(Err(e)) => {
                    let m = e.marker();
                    return Err(InventoryError {
                        line: m.line(),
                        column: m.col() + 1,
                        message: e.kind().to_string(),
                    });
                }
                Some(Ok(ev)) => ev,
            };
            match event {
                Event::Scalar(ref value, style, anchor, ref tag) if anchor != 0 => {
                    let is_str = tag
                        .as_ref()
                        .is_some_and(|t| t.is_yaml_core_schema_tag("str"));
                    self.anchors
                        .insert(anchor, (value.to_string(), style, is_str));
                    return Ok((event, span));
                }
                Event::Alias(id) => {
                    let Some((value, style, is_str)) = self.anchors.get(&id) else {
                        return Err(Pos::of(&span).error(
                            "aliases to mappings or sequences are not supported in inventories",
                        ));
                    };
                    let cost = value.len().saturating_add(ALIAS_COST);
                    if cost > self.budget {
                        return Err(Pos::of(&span).error(
                            "aliases expand beyond the size budget (an alias bomb?); refusing to expand",
                        ));
                    }
                    self.budget -= cost;
                    let (value, style, is_str) = (value.clone(), *style, *is_str);
                    let tag = is_str
                        .then(|| Cow::Owned(granit_parser::Tag::new("tag:yaml.org,2002:", "str")));
                    return Ok((Event::Scalar(Cow::Owned(value), style, 0, tag), span));
                }
                Event::Comment(..) | Event::Anchor(..) => {}
                _ => return Ok((event, span)),
            }
        }
    }

    /// Skips the rest of a node whose first event was `first`.
    fn skip(&mut self, first: &Event) -> Result<(), InventoryError> {
        let mut depth = match first {
            Event::MappingStart(..) | Event::SequenceStart(..) => 1usize,
            _ => return Ok(()),
        };
        while depth > 0 {
            match self.next()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
                Event::MappingEnd | Event::SequenceEnd => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads a mapping key (a scalar); `None` at the end of the mapping.
    fn key(&mut self) -> Result<Option<(Cow<'a, str>, Pos)>, InventoryError> {
        let (ev, span) = self.next()?;
        match ev {
            Event::MappingEnd => Ok(None),
            Event::Scalar(v, style, _, tag) => {
                Ok(Some((scalar_cow(v, style, tag.is_some()), Pos::of(&span))))
            }
            other => {
                self.skip(&other)?;
                Err(Pos::of(&span).error("mapping keys must be scalars"))
            }
        }
    }

    /// Reads a value that must be a string (YAML 1.1 scalars converted as kubectl does).
    fn string(&mut self, what: &str) -> Result<(String, Pos), InventoryError> {
        let (ev, span) = self.next()?;
        let pos = Pos::of(&span);
        match ev {
            Event::Scalar(v, style, _, tag) => Ok((scalar_text(&v, style, tag.is_some()), pos)),
            other => {
                self.skip(&other)?;
                Err(pos.error(format!(
                    "{what}: expected a string, found {}",
                    describe(&other)
                )))
            }
        }
    }

    /// Reads a value that must be a YAML 1.1 bool (null is false).
    fn boolean(&mut self, what: &str) -> Result<Option<bool>, InventoryError> {
        let (ev, span) = self.next()?;
        let pos = Pos::of(&span);
        match ev {
            Event::Scalar(v, ScalarStyle::Plain, _, _) if is_null(&v) => Ok(None),
            Event::Scalar(v, ScalarStyle::Plain, _, _) if plain_as_bool(&v).is_some() => {
                Ok(plain_as_bool(&v))
            }
            other => {
                self.skip(&other)?;
                Err(pos.error(format!(
                    "{what}: expected a boolean, found {}",
                    describe(&other)
                )))
            }
        }
    }

    /// Starts a mapping value: `Ok(true)` when a mapping follows, `Ok(false)` for null.
    fn open_mapping(&mut self, what: &str) -> Result<bool, InventoryError> {
        self.open(what, true)
    }

    /// Starts a sequence value: `Ok(true)` when a sequence follows, `Ok(false)` for null.
    fn open_sequence(&mut self, what: &str) -> Result<bool, InventoryError> {
        self.open(what, false)
    }

    fn open(&mut self, what: &str, mapping: bool) -> Result<bool, InventoryError> {
        let (ev, span) = self.next()?;
        match ev {
            Event::MappingStart(..) if mapping => Ok(true),
            Event::SequenceStart(..) if !mapping => Ok(true),
            Event::Scalar(ref v, ScalarStyle::Plain, _, _) if is_null(v) => Ok(false),
            other => {
                self.skip(&other)?;
                let expected = if mapping { "a mapping" } else { "a sequence" };
                Err(Pos::of(&span).error(format!(
                    "{what}: expected {expected}, found {}",
                    describe(&other)
                )))
            }
        }
    }

    /// Next sequence element's first event; `None` at the end of the sequence.
    fn element(&mut self) -> Result<Option<Ev<'a>>, InventoryError> {
        let ev = self.next()?;
        Ok(if matches!(ev.0, Event::SequenceEnd) {
            None
        } else {
            Some(ev)
        })
    }

    /// A string-to-string mapping (labels, allocatable), with each value's position.
    fn string_map(&mut self, what: &str) -> Result<Vec<(String, String, Pos)>, InventoryError> {
        let mut out = Vec::new();
        if !self.open_mapping(what)? {
            return Ok(out);
        }
        let mut seen = std::collections::HashSet::new();
        while let Some((k, key_pos)) = self.key()? {
            // As the manifest loader and kubectl do: a repeated key is an error, not "last wins".
            if !seen.insert(k.clone().into_owned()) {
                return Err(key_pos.error(format!("{what}: duplicate key {k:?}")));
            }
            let (v, pos) = self.string(&format!("{what}[{k}]"))?;
            out.push((k.into_owned(), v, pos));
        }
        Ok(out)
    }
}

fn is_null(v: &str) -> bool {
    matches!(v, "" | "~" | "null" | "Null" | "NULL")
}

/// Like [`scalar_text`], borrowing when the scalar needs no conversion (most keys).
fn scalar_cow(v: Cow<'_, str>, style: ScalarStyle, tagged: bool) -> Cow<'_, str> {
    if style == ScalarStyle::Plain && !tagged && may_resolve(&v) {
        Cow::Owned(plain_as_string(&v))
    } else {
        v
    }
}

fn scalar_text(v: &str, style: ScalarStyle, tagged: bool) -> String {
    if style == ScalarStyle::Plain && !tagged {
        plain_as_string(v)
    } else {
        v.to_string()
    }
}

fn describe(ev: &Event) -> &'static str {
    match ev {
        Event::MappingStart(..) => "a mapping",
        Event::SequenceStart(..) => "a sequence",
        Event::Scalar(..) => "a scalar",
        _ => "something else",
    }
}

/// A node found in a segment, validated later in input order.
struct Recorded {
    draft: Draft,
    at: Pos,
    /// `items` or `nodes` with the index within the segment, for messages.
    list: Option<(&'static str, usize)>,
}

/// How a segment is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Whole documents.
    Stream,
    /// A run of top-level `items` entries of a split List: the text is a block sequence.
    Items,
    /// The rest of a split List document (keys before or after `items`).
    ListPart,
}

/// A piece of the input to parse on its own.
struct Segment {
    text: Vec<u8>,
    first_line: usize,
    mode: Mode,
}

/// Parses one segment; positions are relative to the whole input.
fn parse_segment(seg: &Segment) -> Result<Vec<Recorded>, InventoryError> {
    let shift = |mut e: InventoryError| {
        if e.line > 0 {
            e.line += seg.first_line - 1;
        }
        e
    };
    let text = std::str::from_utf8(&seg.text).map_err(|err| {
        let before = &seg.text[..err.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + seg.first_line;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        InventoryError {
            line,
            column,
            message: "input is not valid UTF-8".into(),
        }
    })?;
    let mut events = Events {
        parser: crate::manifest::events::Events::new(text),
        anchors: HashMap::new(),
        budget: alias_budget(text.len()),
    };
    let mut out = Vec::new();
    let result = (|| {
        loop {
            let (ev, _) = events.next()?;
            match ev {
                Event::StreamStart => {}
                Event::StreamEnd => return Ok(()),
                Event::DocumentStart(..) => {
                    events.anchors.clear();
                    document(&mut events, &mut out, seg.mode)?;
                }
                _ => {}
            }
        }
    })();
    let mut out = result.map(|()| out).map_err(shift)?;
    for r in &mut out {
        r.at.line += seg.first_line - 1;
    }
    Ok(out)
}

/// Target size of a segment: large enough to amortize the hand-off, small enough to keep
/// both cores busy and memory flat.
const SEGMENT_BYTES: usize = 2 << 20;

/// Cuts the input into segments (see the module doc) and hands them to `emit` in order.
struct Splitter<E: FnMut(Segment) -> Result<(), InventoryError>> {
    emit: E,
    /// Current document text before `items:` entries (or the whole document when not split).
    head: Vec<u8>,
    head_line: usize,
    /// Pending batch of whole documents, flushed together.
    docs: Vec<u8>,
    docs_line: usize,
    /// Current batch of `items` entries.
    batch: Vec<u8>,
    batch_line: usize,
    /// Text after the `items` entries.
    tail: Vec<u8>,
    tail_line: usize,
    state: State,
    line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before a column-0 `items:` line.
    Head,
    /// Right after `items:`: a column-0 `-` starts the split list; anything else means the
    /// document is kept whole.
    AfterItemsKey,
    /// Inside the column-0 entries.
    Items,
    /// After the entries, until the document ends.
    Tail,
    /// The document is kept whole.
    Whole,
}

fn is_marker(line: &[u8], marker: &[u8]) -> bool {
    line.starts_with(marker) && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    t.is_empty() || t[0] == b'#'
}

fn is_entry(line: &[u8]) -> bool {
    line.first() == Some(&b'-') && matches!(line.get(1), None | Some(b' ' | b'\n' | b'\r' | b'\t'))
}

impl<E: FnMut(Segment) -> Result<(), InventoryError>> Splitter<E> {
    fn new(emit: E) -> Self {
        Splitter {
            emit,
            head: Vec::new(),
            head_line: 1,
            docs: Vec::new(),
            docs_line: 1,
            batch: Vec::new(),
            batch_line: 1,
            tail: Vec::new(),
            tail_line: 1,
            state: State::Head,
            line: 0,
        }
    }

    fn send(&mut self, text: Vec<u8>, first_line: usize, mode: Mode) -> Result<(), InventoryError> {
        if text.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        (self.emit)(Segment {
            text,
            first_line,
            mode,
        })
    }

    fn flush_docs(&mut self) -> Result<(), InventoryError> {
        let docs = std::mem::take(&mut self.docs);
        self.send(docs, self.docs_line, Mode::Stream)
    }

    fn flush_batch(&mut self) -> Result<(), InventoryError> {
        let batch = std::mem::take(&mut self.batch);
        self.send(batch, self.batch_line, Mode::Items)
    }

    /// Ends the current document.
    fn end_document(&mut self) -> Result<(), InventoryError> {
        let head = std::mem::take(&mut self.head);
        match self.state {
            State::Head | State::AfterItemsKey | State::Whole => {
                if self.docs.is_empty() {
                    self.docs_line = self.head_line;
                }
                self.docs.extend_from_slice(&head);
                if self.docs.len() >= SEGMENT_BYTES {
                    self.flush_docs()?;
                }
            }
            State::Items | State::Tail => {
                self.flush_batch()?;
                let tail = std::mem::take(&mut self.tail);
                self.send(tail, self.tail_line, Mode::ListPart)?;
            }
        }
        self.state = State::Head;
        self.head_line = self.line + 1;
        Ok(())
    }

    fn line(&mut self, line: &[u8]) -> Result<(), InventoryError> {
        self.line += 1;
        let boundary = is_marker(line, b"---") || line.first() == Some(&b'%');
        if boundary && !(self.state == State::Head && self.head.iter().all(u8::is_ascii_whitespace))
        {
            self.end_document()?;
        }
        match self.state {
            State::Head => {
                let trimmed = line.trim_ascii_end();
                if trimmed == b"items:" {
                    self.state = State::AfterItemsKey;
                }
                self.head.extend_from_slice(line);
            }
            State::AfterItemsKey if is_entry(line) => {
                // The document is split: what came before is a list part of its own.
                self.flush_docs()?;
                let head = std::mem::take(&mut self.head);
                self.send(head, self.head_line, Mode::ListPart)?;
                self.state = State::Items;
                self.batch_line = self.line;
                self.batch.extend_from_slice(line);
            }
            State::AfterItemsKey if is_blank_or_comment(line) => self.head.extend_from_slice(line),
            State::AfterItemsKey | State::Whole => {
                self.state = State::Whole;
                self.head.extend_from_slice(line);
            }
            State::Items if is_entry(line) => {
                if self.batch.len() >= SEGMENT_BYTES {
                    self.flush_batch()?;
                    self.batch_line = self.line;
                }
                self.batch.extend_from_slice(line);
            }
            State::Items
                if line
                    .first()
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'#') =>
            {
                self.batch.extend_from_slice(line);
            }
            State::Items => {
                self.flush_batch()?;
                self.state = State::Tail;
                self.tail_line = self.line;
                self.tail.extend_from_slice(line);
            }
            State::Tail => self.tail.extend_from_slice(line),
        }
        if is_marker(line, b"...") {
            self.end_document()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), InventoryError> {
        self.end_document()?;
        self.flush_docs()
    }
}

pub(super) fn read<R: BufRead, F: FnMut(Node)>(
    mut reader: R,
    collector: &mut Collector<F>,
) -> Result<(), InventoryError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .max(1);
    std::thread::scope(|scope| {
        let (seg_tx, res_rx) = super::workers(scope, workers, |seg: Segment| {
            (seg.mode, parse_segment(&seg))
        });

        let mut order = Ordered::default();
        let mut sent = 0usize;
        let outcome = (|| {
            let mut splitter = Splitter::new(|seg: Segment| {
                seg_tx.send((sent, seg)).map_err(|_| InventoryError {
                    line: 0,
                    column: 0,
                    message: "YAML worker stopped".into(),
                })?;
                sent += 1;
                while let Ok((n, (mode, r))) = res_rx.try_recv() {
                    order.accept(n, mode, r, collector)?;
                }
                Ok(())
            });
            let mut line = Vec::with_capacity(256);
            loop {
                line.clear();
                let n = reader
                    .read_until(b'\n', &mut line)
                    .map_err(|e| super::io_error(&e))?;
                if n == 0 {
                    break;
                }
                splitter.line(&line)?;
            }
            splitter.finish()
        })();
        drop(seg_tx);
        outcome?;
        for (n, (mode, r)) in res_rx.iter() {
            order.accept(n, mode, r, collector)?;
        }
        Ok(())
    })
}

/// Re-orders segment results and validates their nodes in input order.
#[derive(Default)]
struct Ordered {
    next: usize,
    waiting: BTreeMap<usize, (Mode, Result<Vec<Recorded>, InventoryError>)>,
    /// Entries of the current split `items` list seen so far, for global indexes.
    items_seen: usize,
}

impl Ordered {
    fn accept<F: FnMut(Node)>(
        &mut self,
        n: usize,
        mode: Mode,
        result: Result<Vec<Recorded>, InventoryError>,
        collector: &mut Collector<F>,
    ) -> Result<(), InventoryError> {
        self.waiting.insert(n, (mode, result));
        while let Some((mode, result)) = self.waiting.remove(&self.next) {
            self.next += 1;
            // Entries of a split list are numbered across its segments.
            let base = if mode == Mode::Items {
                self.items_seen
            } else {
                0
            };
            let records = result?;
            for r in records {
                let label = match r.list {
                    Some((list, i)) => format!("{list}[{}]: ", base + i),
                    None => String::new(),
                };
                if mode == Mode::Items {
                    self.items_seen += 1;
                }
                collector
                    .push(r.draft)
                    .map_err(|m| r.at.error(format!("{label}{m}")))?;
            }
            if mode == Mode::ListPart {
                self.items_seen = 0;
            }
        }
        Ok(())
    }
}

fn document(e: &mut Events, out: &mut Vec<Recorded>, mode: Mode) -> Result<(), InventoryError> {
    let (ev, span) = e.next()?;
    let start = Pos::of(&span);
    match ev {
        Event::Scalar(ref v, ScalarStyle::Plain, _, _) if is_null(v) => {}
        Event::SequenceStart(..) if mode == Mode::Items => items_body(e, out)?,
        Event::MappingStart(..) if mode != Mode::Items => {
            top_mapping(e, out, start, mode == Mode::ListPart)?
        }
        other => {
            e.skip(&other)?;
            return Err(start.error(format!(
                "expected a Node, a List of Nodes or a planning inventory (nodes:), found {}",
                describe(&other)
            )));
        }
    }
    match e.next()? {
        (Event::DocumentEnd, _) => Ok(()),
        (_, span) => Err(Pos::of(&span).error("expected the end of the document")),
    }
}

fn top_mapping(
    e: &mut Events,
    out: &mut Vec<Recorded>,
    start: Pos,
    part_of_list: bool,
) -> Result<(), InventoryError> {
    let mut kind: Option<(String, Pos)> = None;
    let mut listish = part_of_list;
    let mut object = false;
    let mut draft = Draft::default();
    while let Some((key, _)) = e.key()? {
        match &*key {
            "kind" => kind = Some(e.string("kind")?),
            "items" => {
                listish = true;
                if e.open_sequence("items")? {
                    items_body(e, out)?;
                }
            }
            "nodes" => {
                listish = true;
                plan(e, out)?;
            }
            "metadata" => {
                object = true;
                metadata(e, &mut draft)?;
            }
            "spec" => {
                object = true;
                spec(e, &mut draft)?;
            }
            "status" => {
                object = true;
                status(e, &mut draft)?;
            }
            _ => {
                let (ev, _) = e.next()?;
                e.skip(&ev)?;
            }
        }
    }
    if listish {
        return match &kind {
            None => Ok(()),
            Some((k, _)) if k == "List" || k == "NodeList" => Ok(()),
            Some((k, pos)) => {
                Err(pos.error(format!("expected a List or NodeList of Nodes, found a {k}")))
            }
        };
    }
    let (kind, kind_pos) = match kind {
        Some(k) => k,
        // A kindless object with node parts is read as a Node (node templates omit kind).
        None if object => ("Node".to_string(), start),
        None => return Err(start.error("not a node inventory: no kind, items or nodes")),
    };
    let at = if kind == "Node" { start } else { kind_pos };
    draft.kind = Some(kind);
    out.push(Recorded {
        draft,
        at,
        list: None,
    });
    Ok(())
}

/// The entries of an `items` sequence whose start event has been read.
fn items_body(e: &mut Events, out: &mut Vec<Recorded>) -> Result<(), InventoryError> {
    let mut index = 0usize;
    while let Some((ev, span)) = e.element()? {
        let pos = Pos::of(&span);
        if !matches!(ev, Event::MappingStart(..)) {
            e.skip(&ev)?;
            return Err(pos.error(format!("expected a Node, found {}", describe(&ev))));
        }
        let mut draft = Draft::default();
        let mut kind_pos = pos;
        let mut name_pos = pos;
        while let Some((key, _)) = e.key()? {
            match &*key {
                "kind" => {
                    let (k, p) = e.string("kind")?;
                    draft.kind = Some(k);
                    kind_pos = p;
                }
                "metadata" => name_pos = metadata(e, &mut draft)?.unwrap_or(pos),
                "spec" => spec(e, &mut draft)?,
                "status" => status(e, &mut draft)?,
                _ => {
                    let (ev, _) = e.next()?;
                    e.skip(&ev)?;
                }
            }
        }
        let at = match draft.kind.as_deref() {
            Some(k) if k != "Node" => kind_pos,
            _ if draft.name.as_deref().is_none_or(str::is_empty) => pos,
            _ => name_pos,
        };
        out.push(Recorded {
            draft,
            at,
            list: Some(("items", index)),
        });
        index += 1;
    }
    Ok(())
}

/// `metadata`: name and labels; returns the name's position.
fn metadata(e: &mut Events, draft: &mut Draft) -> Result<Option<Pos>, InventoryError> {
    let mut name_pos = None;
    if !e.open_mapping("metadata")? {
        return Ok(None);
    }
    let mut seen_name = false;
    while let Some((key, key_pos)) = e.key()? {
        match &*key {
            "name" => {
                if std::mem::replace(&mut seen_name, true) {
                    return Err(key_pos.error("metadata.name: duplicate key \"name\""));
                }
                let (n, p) = e.string("metadata.name")?;
                draft.name = Some(n);
                name_pos = Some(p);
            }
            "generateName" => draft.generate_name = Some(e.string("metadata.generateName")?.0),
            "labels" => {
                draft.node.labels = e
                    .string_map("metadata.labels")?
                    .into_iter()
                    .map(|(k, v, _)| (k, v))
                    .collect();
            }
            _ => {
                let (ev, _) = e.next()?;
                e.skip(&ev)?;
            }
        }
    }
    Ok(name_pos)
}

fn spec(e: &mut Events, draft: &mut Draft) -> Result<(), InventoryError> {
    if !e.open_mapping("spec")? {
        return Ok(());
    }
    while let Some((key, _)) = e.key()? {
        match &*key {
            "unschedulable" => {
                draft.node.unschedulable = e.boolean("spec.unschedulable")?.unwrap_or(false);
            }
            "taints" => {
                if !e.open_sequence("spec.taints")? {
                    continue;
                }
                let mut i = 0;
                while let Some((ev, span)) = e.element()? {
                    if !matches!(ev, Event::MappingStart(..)) {
                        e.skip(&ev)?;
                        return Err(
                            Pos::of(&span).error(format!("spec.taints[{i}]: expected a mapping"))
                        );
                    }
                    let mut taint = Taint::default();
                    while let Some((k, _)) = e.key()? {
                        let what = format!("spec.taints[{i}].{k}");
                        match &*k {
                            "key" => taint.key = e.string(&what)?.0,
                            "value" => taint.value = e.string(&what)?.0,
                            "effect" => taint.effect = e.string(&what)?.0,
                            _ => {
                                let (ev, _) = e.next()?;
                                e.skip(&ev)?;
                            }
                        }
                    }
                    draft.node.taints.push(taint);
                    i += 1;
                }
            }
            _ => {
                let (ev, _) = e.next()?;
                e.skip(&ev)?;
            }
        }
    }
    Ok(())
}

fn status(e: &mut Events, draft: &mut Draft) -> Result<(), InventoryError> {
    if !e.open_mapping("status")? {
        return Ok(());
    }
    while let Some((key, _)) = e.key()? {
        match &*key {
            "allocatable" => allocatable(e, "status.allocatable", &mut draft.node)?,
            "conditions" => {
                if !e.open_sequence("status.conditions")? {
                    continue;
                }
                while let Some((ev, _)) = e.element()? {
                    if !matches!(ev, Event::MappingStart(..)) {
                        e.skip(&ev)?;
                        continue;
                    }
                    let (mut kind, mut state) = (String::new(), String::new());
                    while let Some((k, _)) = e.key()? {
                        match &*k {
                            "type" => kind = e.string("status.conditions.type")?.0,
                            "status" => state = e.string("status.conditions.status")?.0,
                            _ => {
                                let (ev, _) = e.next()?;
                                e.skip(&ev)?;
                            }
                        }
                    }
                    if kind == "Ready" {
                        draft.node.ready = Some(state == "True");
                    }
                }
            }
            _ => {
                let (ev, _) = e.next()?;
                e.skip(&ev)?;
            }
        }
    }
    Ok(())
}

fn allocatable(e: &mut Events, what: &str, node: &mut Node) -> Result<(), InventoryError> {
    for (k, v, pos) in e.string_map(what)? {
        let q = parse_allocatable(&k, &v).map_err(|m| pos.error(m))?;
        node.allocatable.insert(k, q);
    }
    Ok(())
}

/// The planning format's `nodes:` list.
fn plan(e: &mut Events, out: &mut Vec<Recorded>) -> Result<(), InventoryError> {
    if !e.open_sequence("nodes")? {
        return Ok(());
    }
    let mut index = 0usize;
    while let Some((ev, span)) = e.element()? {
        let pos = Pos::of(&span);
        if !matches!(ev, Event::MappingStart(..)) {
            e.skip(&ev)?;
            return Err(pos.error(format!("nodes[{index}]: expected a mapping with a name")));
        }
        let mut draft = Draft::default();
        let mut name_pos = pos;
        let mut seen: Vec<String> = Vec::new();
        while let Some((key, key_pos)) = e.key()? {
            let what = format!("nodes[{index}].{key}");
            // A repeated key is an error (as in manifests), never "the last one wins".
            if seen.iter().any(|k| *k == *key) {
                return Err(key_pos.error(format!("{what}: duplicate key {key:?}")));
            }
            seen.push(key.to_string());
            match &*key {
                "name" => {
                    let (n, p) = e.string(&what)?;
                    draft.name = Some(n);
                    name_pos = p;
                }
                "labels" => {
                    draft.node.labels = e
                        .string_map(&what)?
                        .into_iter()
                        .map(|(k, v, _)| (k, v))
                        .collect();
                }
                "taints" => {
                    if !e.open_sequence(&what)? {
                        continue;
                    }
                    while let Some((ev, span)) = e.element()? {
                        let p = Pos::of(&span);
                        let Event::Scalar(v, style, _, tag) = ev else {
                            e.skip(&ev)?;
                            return Err(p.error(format!(
                                "{what}: expected taint strings like key=value:NoSchedule"
                            )));
                        };
                        let taint = parse_taint(&scalar_text(&v, style, tag.is_some()))
                            .map_err(|m| p.error(format!("{what}: {m}")))?;
                        draft.node.taints.push(taint);
                    }
                }
                "unschedulable" => draft.node.unschedulable = e.boolean(&what)?.unwrap_or(false),
                "ready" => draft.node.ready = e.boolean(&what)?,
                "allocatable" => allocatable(e, &what, &mut draft.node)?,
                _ => {
                    let (ev, _) = e.next()?;
                    e.skip(&ev)?;
                    return Err(key_pos.error(format!(
                        "{what}: unknown field (expected name, labels, taints, unschedulable, allocatable, ready)"
                    )));
                }
            }
        }
        let at = if draft.name.as_deref().is_none_or(str::is_empty) {
            pos
        } else {
            name_pos
        };
        out.push(Recorded {
            draft,
            at,
            list: Some(("nodes", index)),
        });
        index += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::inventory::parse_nodes;

    #[test]
    fn planning_format_reads_every_field() {
        let text = "nodes:\n  - name: gpu-1\n    labels: {nvidia.com/gpu.present: true, zone: 0x10}\n    taints: [\"nvidia.com/gpu=present:NoSchedule\", \"dedicated:NoExecute\"]\n    unschedulable: yes\n    allocatable: {cpu: 8, memory: 32Gi, nvidia.com/gpu: \"4\"}\n    ready: false\n";
        let nodes = parse_nodes(text).unwrap_or_default();
        assert_eq!(nodes.len(), 1);
        let n = &nodes[0];
        assert_eq!(
            n.labels.get("nvidia.com/gpu.present").map(String::as_str),
            Some("true")
        );
        assert_eq!(n.labels.get("zone").map(String::as_str), Some("16"));
        assert_eq!(n.taints.len(), 2);
        assert!(n.unschedulable);
        assert_eq!(n.ready, Some(false));
        assert_eq!(
            n.allocatable
                .get("memory")
                .map(|q| q.to_string())
                .as_deref(),
            Some("32Gi")
        );
    }
}
