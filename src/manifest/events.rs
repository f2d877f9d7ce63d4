//! The one event source of dsctl's YAML readers: granit-parser's events and spans, produced by
//! the [`block`](super::block) scanner for each document it reads and by granit-parser itself
//! for the rest. Callers cannot tell which read a document; only the time differs.
//!
//! A document the scanner gives up on is read by granit-parser from its first line to the next
//! `---` line (a document start in column 1 always ends the document before it). Should that
//! slice not parse, or hold directives, granit-parser reads the whole stream again, and the
//! events already handed out are skipped: its errors are then exactly granit-parser's own.

use super::block::{Block, Ev, EvKind, Mark, Style};
use granit_parser::{
    Event, Marker, Options, Parser, ScalarStyle, ScanError, Span, StrInput, StructureStyle,
};
use std::collections::VecDeque;

type Item<'a> = Result<(Event<'a>, Span), ScanError>;

/// Moves granit-parser's positions in a slice to positions in the whole text. Slices start at
/// line starts, so columns stay.
#[derive(Debug, Clone, Copy, Default)]
struct Shift {
    offset: usize,
    /// Lines before the slice.
    lines: usize,
}

impl Shift {
    fn marker(self, m: Marker) -> Marker {
        Marker::new(m.index() + self.offset, m.line() + self.lines, m.col())
            .with_byte_offset(m.byte_offset().map(|b| b + self.offset))
    }
    fn span(self, s: Span) -> Span {
        if self.offset == 0 && self.lines == 0 {
            return s;
        }
        Span::new(self.marker(s.start), self.marker(s.end))
    }
}

enum State<'a> {
    /// The scanner reads the next document.
    Scanning,
    /// granit-parser reads the whole stream, skipping the first `usize` events (handed out
    /// already).
    Granit(Box<Parser<'a, StrInput<'a>>>, usize),
    Done,
}

/// Events of a YAML stream, as [`granit_parser::Parser`] yields them (comments not emitted).
pub struct Events<'a> {
    text: &'a str,
    block: Block<'a>,
    state: State<'a>,
    /// Events granit-parser read from a slice, yielded before anything else.
    queue: VecDeque<Item<'a>>,
    /// The scanner's events of the current document and the next one to yield: converted one
    /// at a time, as granit-parser's are larger.
    scanned_events: Vec<Ev<'a>>,
    next_scanned: usize,
    /// How many documents the scanner read (for tests and benchmarks).
    scanned: usize,
    /// How many events were handed out.
    delivered: usize,
    /// The next anchor ID: granit-parser numbers anchors across the stream, and each
    /// granit-parser run over a slice continues the count.
    anchors: usize,
}

/// granit-parser over `text`, numbering anchors from `anchors` on.
fn parser(text: &str, anchors: usize) -> Parser<'_, StrInput<'_>> {
    let mut opts = Options::default();
    opts.emit_comments = false;
    let mut p = Parser::new_from_str_with_options(text, opts);
    p.set_anchor_offset(anchors);
    p
}

fn marker(m: Mark) -> Marker {
    Marker::new(m.offset, m.line as usize, m.col as usize).with_byte_offset(Some(m.offset))
}

fn structure(flow: bool) -> StructureStyle {
    if flow {
        StructureStyle::Flow
    } else {
        StructureStyle::Block
    }
}

/// The scanner's event as granit-parser's. `Marker::index` is the byte offset here (granit
/// counts characters); dsctl reads only lines, columns and byte offsets.
fn convert<'a>(ev: Ev<'a>) -> (Event<'a>, Span) {
    let span = Span::new(marker(ev.start), marker(ev.end));
    let event = match ev.kind {
        EvKind::DocumentStart { explicit } => Event::DocumentStart(explicit, None),
        EvKind::DocumentEnd => Event::DocumentEnd,
        EvKind::Scalar(style) => {
            let style = match style {
                Style::Plain => ScalarStyle::Plain,
                Style::SingleQuoted => ScalarStyle::SingleQuoted,
                Style::DoubleQuoted => ScalarStyle::DoubleQuoted,
                Style::Literal => ScalarStyle::Literal,
                Style::Folded => ScalarStyle::Folded,
            };
            Event::Scalar(ev.value, style, 0, None)
        }
        EvKind::SequenceStart { flow } => Event::SequenceStart(structure(flow), 0, None),
        EvKind::SequenceEnd => Event::SequenceEnd,
        EvKind::MappingStart { flow } => Event::MappingStart(structure(flow), 0, None),
        EvKind::MappingEnd => Event::MappingEnd,
        EvKind::StreamEnd => Event::StreamEnd,
    };
    (event, span)
}

impl<'a> Events<'a> {
    /// Events of `text`. Costs nothing until the first event: callers that want one document
    /// of a long text read only that one.
    pub fn new(text: &'a str) -> Self {
        Events {
            text,
            block: Block::new(text),
            state: State::Scanning,
            queue: VecDeque::new(),
            scanned_events: Vec::new(),
            next_scanned: 0,
            scanned: 0,
            delivered: 0,
            anchors: 1,
        }
    }

    /// How many documents the scanner read so far (the others went to granit-parser).
    pub fn scanned(&self) -> usize {
        self.scanned
    }

    /// Fills the queue with the next document's events.
    fn refill(&mut self) {
        match self.block.document() {
            Ok(more) => {
                if more {
                    self.scanned += 1;
                } else {
                    self.state = State::Done;
                }
                // Swap buffers, so documents reuse their allocations.
                self.scanned_events.clear();
                std::mem::swap(&mut self.scanned_events, &mut self.block.out);
                self.next_scanned = 0;
            }
            Err(_) => self.slice(),
        }
    }

    /// granit-parser reads the document the scanner gave up on, alone; if that slice does not
    /// parse, or holds directives (`%YAML`, `%TAG`: they bind to the document after them), it
    /// reads the rest of the stream.
    fn slice(&mut self) {
        let (from, line) = self.block.document_start();
        // A `---` line in column 1 always ends the document before it.
        let to = super::next_document_marker(self.text, from).unwrap_or(self.text.len());
        let shift = Shift {
            offset: from,
            lines: line as usize - 1,
        };
        let own = &self.text[from..to];
        if super::has_directives(own) {
            self.state = State::Granit(Box::new(parser(self.text, 1)), self.delivered);
            return;
        }
        let mut events = VecDeque::new();
        // granit-parser's own count of the slice's lines (it also breaks lines at a lone `\r`).
        let mut end_line = line;
        let last = to == self.text.len();
        // The slice keeps the `---` that ends it: what follows a document changes some spans
        // (an empty block scalar before a marker starts at the marker, at the end of the text
        // at its indicator). Its events stop at the document the marker starts, whose line is
        // where the scanner resumes.
        let marked = if last { to } else { to + 3 };
        let mut slice = parser(&self.text[from..marked], self.anchors);
        for item in slice.by_ref() {
            match item {
                Ok((Event::StreamStart, _)) => {}
                // At the end of the text the slice's end is the stream's.
                Ok((Event::StreamEnd, span)) if last => {
                    events.push_back(Ok((Event::StreamEnd, shift.span(span))));
                }
                Ok((Event::DocumentStart(..), span))
                    if !last && span.start.byte_offset() == Some(to - from) =>
                {
                    end_line = shift.marker(span.start).line() as u32;
                    break;
                }
                // Not seen: the marker did not start a document, so granit-parser reads it all.
                Ok((Event::StreamEnd, _)) => {
                    self.state = State::Granit(Box::new(parser(self.text, 1)), self.delivered);
                    return;
                }
                Ok((event, span)) => events.push_back(Ok((event, shift.span(span)))),
                Err(_) => {
                    self.state = State::Granit(Box::new(parser(self.text, 1)), self.delivered);
                    return;
                }
            }
        }
        self.anchors = slice.anchor_offset();
        self.queue = events;
        if last {
            self.state = State::Done;
        } else {
            self.block.resume(to, end_line);
        }
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let item = self.produce();
        if item.is_some() {
            self.delivered += 1;
        }
        item
    }
}

impl<'a> Events<'a> {
    fn produce(&mut self) -> Option<Item<'a>> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if let Some(ev) = self.scanned_events.get_mut(self.next_scanned) {
                self.next_scanned += 1;
                let ev = Ev {
                    value: std::mem::take(&mut ev.value),
                    ..*ev
                };
                return Some(Ok(convert(ev)));
            }
            match &mut self.state {
                State::Done => return None,
                State::Granit(parser, skip) => {
                    let item = parser.next()?;
                    if *skip == 0 {
                        return Some(item);
                    }
                    *skip -= 1;
                }
                // Nothing handed out yet: the stream starts.
                State::Scanning if self.delivered == 0 => {
                    let at = marker(Mark {
                        offset: 0,
                        line: 1,
                        col: 0,
                    });
                    return Some(Ok((Event::StreamStart, Span::new(at, at))));
                }
                State::Scanning => self.refill(),
            }
        }
    }
}
