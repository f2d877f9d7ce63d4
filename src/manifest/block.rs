//! A scanner for the YAML that Kubernetes manifests are written in: block mappings and
//! sequences, one-line plain and quoted scalars, literal and folded block scalars, one-line flow
//! collections, comments and `---` markers. It emits, document by document, exactly the events
//! and spans granit-parser emits for the same text (`tests/cli/events.rs` and the `events` fuzz
//! target hold it to that), at a fraction of the cost: granit-parser moves every token through
//! a queue, which made it most of `validate`'s time.
//!
//! Anything else (anchors, aliases, tags, directives, multi-line plain or quoted scalars, flow
//! collections over several lines, `?` keys, tabs, any error) makes it give up on that document
//! with [`Unsupported`]; [`super::events::Events`] then reads the document with granit-parser.
//! Giving up is always safe, so every rule here errs on the side of giving up.

use std::borrow::Cow;

/// The scanner does not read this document (or it is not valid YAML); granit-parser will.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

type Scan<T> = Result<T, Unsupported>;

/// A position: byte offset, 1-based line, 0-based column in characters (granit's `Marker`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    pub offset: usize,
    pub line: u32,
    pub col: u32,
}

/// What an [`Ev`] is; scalars carry their text and style in the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EvKind {
    DocumentStart {
        explicit: bool,
    },
    #[default]
    DocumentEnd,
    Scalar(Style),
    SequenceStart {
        flow: bool,
    },
    SequenceEnd,
    MappingStart {
        flow: bool,
    },
    MappingEnd,
    StreamEnd,
}

/// The scalar styles the scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// One event with its span (`end` is exclusive).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ev<'a> {
    pub kind: EvKind,
    pub value: Cow<'a, str>,
    pub start: Mark,
    pub end: Mark,
}

/// Longest implicit key YAML allows (1024 characters); longer ones are granit's to refuse.
const MAX_KEY: usize = 1024;

/// Where the scanner stands after skipping blank and comment lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// The first non-space byte of a line, with the line's indentation.
    Content(usize),
    /// A `---` line (its first byte).
    DocumentMarker,
    End,
}

/// The scanner over one text. [`Block::document`] reads one document at a time.
pub struct Block<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
    pub(super) out: Vec<Ev<'a>>,
    depth: usize,
    /// Where the document being read started (a line start) and its line.
    doc_start: (usize, u32),
    /// The last column computed: (line start, offset, column). Marks mostly move forward on
    /// a line, so a column is counted from the last one, not from the line start: counting
    /// from there made a megabyte flow line quadratic.
    last_col: std::cell::Cell<(usize, usize, usize)>,
}

/// How deep collections may nest before the scanner leaves the document to granit-parser (which
/// refuses past its own limit with the message users see).
const MAX_DEPTH: usize = 200;

/// Whether every character of a document's text is one the scanner reads as granit-parser
/// does: YAML's printable set without the ones granit-parser treats specially (NEL, line and
/// paragraph separators, BOM, a carriage return not before a line feed). A document with any
/// other is read by granit-parser, which reports what is wrong with it.
fn readable(text: &str) -> bool {
    let b = text.as_bytes();
    let ascii_ok = |c: u8| (0x20..0x7f).contains(&c) || matches!(c, b'\t' | b'\n' | b'\r');
    if b.contains(&b'\r')
        && b.iter()
            .enumerate()
            .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
    {
        return false;
    }
    if b.iter().all(|&c| ascii_ok(c)) {
        return true;
    }
    text.chars().all(|c| {
        if c.is_ascii() {
            ascii_ok(c as u8)
        } else {
            matches!(c, '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
                && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
        }
    })
}

/// Bytes that end a line's content.
fn is_break(c: u8) -> bool {
    c == b'\n' || c == b'\r'
}

impl<'a> Block<'a> {
    /// A scanner at the start of `text` (which [`readable`] accepted).
    pub fn new(text: &'a str) -> Self {
        Block {
            text,
            b: text.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
            out: Vec::new(),
            depth: 0,
            doc_start: (0, 1),
            last_col: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// Where the document the last [`Self::document`] call read (or gave up on) starts: its
    /// byte offset, at a line start, and 1-based line.
    pub fn document_start(&self) -> (usize, u32) {
        self.doc_start
    }

    /// Continues at `offset`, on line `line` (after another reader took a document): a line
    /// start, or the end of a text whose last line has no line break.
    pub fn resume(&mut self, offset: usize, line: u32) {
        self.pos = offset;
        self.line = line;
        self.line_start = memchr::memrchr(b'\n', &self.b[..offset]).map_or(0, |i| i + 1);
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn mark(&self, offset: usize) -> Mark {
        // Columns count characters.
        let (cached_line, cached_at, cached_col) = self.last_col.get();
        let (from, base) = if cached_line == self.line_start && cached_at <= offset {
            (cached_at, cached_col)
        } else {
            (self.line_start, 0)
        };
        let prefix = &self.b[from..offset];
        let col = base
            + if prefix.is_ascii() {
                prefix.len()
            } else {
                prefix.iter().filter(|&&c| (c & 0xC0) != 0x80).count()
            };
        self.last_col.set((self.line_start, offset, col));
        Mark {
            offset,
            line: self.line,
            col: col as u32,
        }
    }

    fn here(&self) -> Mark {
        self.mark(self.pos)
    }

    fn emit(&mut self, kind: EvKind, value: Cow<'a, str>, start: Mark, end: Mark) {
        self.out.push(Ev {
            kind,
            value,
            start,
            end,
        });
    }

    fn point(&mut self, kind: EvKind, at: Mark) {
        self.emit(kind, Cow::Borrowed(""), at, at);
    }

    fn null(&mut self, at: Mark) {
        self.emit(EvKind::Scalar(Style::Plain), Cow::Borrowed("~"), at, at);
    }

    /// Moves to the start of the next line (past `\n` or `\r\n`); a lone `\r` is not read.
    fn next_line(&mut self) -> Scan<()> {
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.pos += 1;
                self.start_line();
                Ok(())
            }
            Some(b'\r') if self.at(self.pos + 1) == Some(b'\n') => {
                self.pos += 2;
                self.start_line();
                Ok(())
            }
            _ => Err(Unsupported),
        }
    }

    fn start_line(&mut self) {
        self.line += 1;
        self.line_start = self.pos;
    }

    fn skip_spaces(&mut self) -> Scan<()> {
        while let Some(c) = self.peek() {
            match c {
                b' ' => self.pos += 1,
                b'\t' => return Err(Unsupported),
                _ => break,
            }
        }
        Ok(())
    }

    /// After a node: spaces, an optional comment, then the line break (or the end).
    fn end_line(&mut self) -> Scan<()> {
        let before = self.pos;
        self.skip_spaces()?;
        match self.peek() {
            None => Ok(()),
            Some(b'#')
                if self.pos > before || self.b.get(self.pos.wrapping_sub(1)) == Some(&b' ') =>
            {
                self.skip_comment();
                self.next_line()
            }
            Some(c) if is_break(c) => self.next_line(),
            _ => Err(Unsupported),
        }
    }

    fn skip_comment(&mut self) {
        self.pos = memchr_newline(self.b, self.pos).unwrap_or(self.b.len());
        if self.pos > 0 && self.b[self.pos - 1] == b'\r' && self.pos < self.b.len() {
            self.pos -= 1;
        }
    }

    /// Skips blank and comment lines, stopping at the next content (its first non-space byte),
    /// a `---` line or the end. Tabs, `...`, directives: [`Unsupported`]. Asked again where it
    /// stopped, it answers the same.
    fn next_content(&mut self) -> Scan<Next> {
        loop {
            if self.pos == self.line_start
                && let Some(c @ (b'-' | b'.' | b'%')) = self.peek()
            {
                let rest = &self.b[self.pos..];
                let marker = (rest.starts_with(b"---") || rest.starts_with(b"..."))
                    && matches!(
                        self.at(self.pos + 3),
                        None | Some(b' ' | b'\t' | b'\r' | b'\n')
                    );
                if marker && c == b'-' {
                    return Ok(Next::DocumentMarker);
                }
                if marker || c == b'%' {
                    return Err(Unsupported);
                }
            }
            self.skip_spaces()?;
            match self.peek() {
                None => return Ok(Next::End),
                Some(b'#') => {
                    self.skip_comment();
                    self.next_line()?;
                }
                Some(c) if is_break(c) => self.next_line()?,
                Some(_) => return Ok(Next::Content(self.pos - self.line_start)),
            }
        }
    }

    /// Whether a `-` at `i` starts a block sequence entry.
    fn is_entry(&self, i: usize) -> bool {
        self.at(i) == Some(b'-') && matches!(self.at(i + 1), None | Some(b' ' | b'\r' | b'\n'))
    }

    /// Reads the next document's events into `out` (`true`), or the stream's end event at the
    /// end of the stream (`false`). The scanner must stand at a line start.
    pub fn document(&mut self) -> Scan<bool> {
        self.out.clear();
        self.depth = 0;
        self.doc_start = (self.pos, self.line);
        match self.next_content()? {
            Next::End => {
                // Trailing comments are read too: they must be readable like the rest.
                if !readable(&self.text[self.doc_start.0..self.pos]) {
                    return Err(Unsupported);
                }
                let end = self.here();
                self.point(EvKind::StreamEnd, end);
                return Ok(false);
            }
            Next::DocumentMarker => {
                let start = self.here();
                self.pos += 3;
                let end = self.here();
                self.emit(
                    EvKind::DocumentStart { explicit: true },
                    Cow::Borrowed(""),
                    start,
                    end,
                );
                self.end_line()?;
                match self.next_content()? {
                    Next::End | Next::DocumentMarker => {
                        self.null(end);
                        self.point(EvKind::DocumentEnd, end);
                        if !readable(&self.text[self.doc_start.0..self.pos]) {
                            return Err(Unsupported);
                        }
                        return Ok(true);
                    }
                    Next::Content(_) => {}
                }
            }
            Next::Content(_) => {
                // An implicit start spans the first token: a flow collection's bracket, or
                // nothing for a block collection (its start token is empty).
                let at = self.here();
                let end = match self.peek() {
                    Some(b'{' | b'[') => self.mark(self.pos + 1),
                    _ => at,
                };
                self.emit(
                    EvKind::DocumentStart { explicit: false },
                    Cow::Borrowed(""),
                    at,
                    end,
                );
            }
        }
        let flow_end = self.root()?;
        let end = flow_end.unwrap_or_else(|| self.here());
        self.point(EvKind::DocumentEnd, end);
        if !readable(&self.text[self.doc_start.0..self.pos]) {
            return Err(Unsupported);
        }
        Ok(true)
    }

    /// The document's root, then its end: the stream's end or a `---` line. For a flow root,
    /// returns where it ends (granit-parser ends such a document there).
    fn root(&mut self) -> Scan<Option<Mark>> {
        let col = self.pos - self.line_start;
        let mut flow_end = None;
        match self.peek() {
            Some(b'{' | b'[') => {
                self.flow_node()?;
                flow_end = Some(self.here());
                self.end_line()?;
            }
            _ if self.is_entry(self.pos) => self.sequence(col, false)?,
            _ => {
                if !self.starts_key()? {
                    return Err(Unsupported);
                }
                self.mapping(col)?;
            }
        }
        match self.next_content()? {
            Next::Content(_) => Err(Unsupported),
            _ => Ok(flow_end),
        }
    }

    /// Checks what follows a complete node: the next content must not be indented past
    /// `parent` (that would be a continuation line or an error).
    fn after(&mut self, parent: usize) -> Scan<()> {
        match self.next_content()? {
            Next::Content(indent) if indent > parent => Err(Unsupported),
            _ => Ok(()),
        }
    }

    fn enter(&mut self) -> Scan<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unsupported);
        }
        Ok(())
    }

    /// A block mapping whose first key is at `pos`, in column `col`.
    fn mapping(&mut self, col: usize) -> Scan<()> {
        self.enter()?;
        let start = self.here();
        self.point(EvKind::MappingStart { flow: false }, start);
        loop {
            self.key()?;
            let colon = self.here();
            self.pos += 1;
            self.skip_spaces()?;
            match self.peek() {
                None => {
                    self.null(colon);
                }
                Some(b'#') | Some(b'\r' | b'\n') => {
                    self.end_line()?;
                    match self.next_content()? {
                        Next::Content(indent) if indent > col => self.nested(col)?,
                        Next::Content(indent) if indent == col && self.is_entry(self.pos) => {
                            self.sequence(col, true)?
                        }
                        _ => self.null(colon),
                    }
                }
                Some(_) => self.inline_value(col)?,
            }
            match self.next_content()? {
                Next::Content(indent) if indent == col => {
                    if self.is_entry(self.pos) {
                        return Err(Unsupported);
                    }
                }
                Next::Content(indent) if indent > col => return Err(Unsupported),
                _ => break,
            }
        }
        let end = self.here();
        self.point(EvKind::MappingEnd, end);
        self.depth -= 1;
        Ok(())
    }

    /// A block sequence whose first `-` is at `pos`, in column `col`. An indentless one (the
    /// value of a key in the same column) ends at the next line in that column without `-`.
    fn sequence(&mut self, col: usize, indentless: bool) -> Scan<()> {
        self.enter()?;
        if indentless {
            // granit-parser starts an indentless sequence at its first item's content; read only
            // the common case, an item on the `-` line that is not a block scalar.
            let mut i = self.pos + 1;
            while self.at(i) == Some(b' ') {
                i += 1;
            }
            match self.at(i) {
                None | Some(b'#' | b'\r' | b'\n' | b'|' | b'>' | b'\t') => {
                    return Err(Unsupported);
                }
                _ => {}
            }
            let at = self.mark(i);
            self.point(EvKind::SequenceStart { flow: false }, at);
        } else {
            let at = self.here();
            self.point(EvKind::SequenceStart { flow: false }, at);
        }
        loop {
            self.pos += 1;
            self.skip_spaces()?;
            match self.peek() {
                None | Some(b'#' | b'\r' | b'\n') => {
                    if self.peek() == Some(b'#') && self.b[self.pos - 1] != b' ' {
                        return Err(Unsupported);
                    }
                    self.skip_comment();
                    let eol = self.here();
                    self.next_line()?;
                    match self.next_content()? {
                        Next::Content(indent) if indent > col => self.nested(col)?,
                        _ => self.null(eol),
                    }
                }
                Some(_) if self.is_entry(self.pos) => return Err(Unsupported),
                Some(_) => {
                    let item_col = self.pos - self.line_start;
                    if self.starts_key()? {
                        self.mapping(item_col)?;
                    } else {
                        self.inline_value(col)?;
                    }
                }
            }
            match self.next_content()? {
                Next::Content(indent) if indent == col => {
                    if !self.is_entry(self.pos) {
                        if indentless {
                            break;
                        }
                        return Err(Unsupported);
                    }
                }
                Next::Content(indent) if indent > col => return Err(Unsupported),
                _ => break,
            }
        }
        let end = self.here();
        self.point(EvKind::SequenceEnd, end);
        self.depth -= 1;
        Ok(())
    }

    /// A node that starts a line, indented past `parent`: a mapping, a sequence or a one-line
    /// scalar or flow collection.
    fn nested(&mut self, parent: usize) -> Scan<()> {
        let col = self.pos - self.line_start;
        if self.is_entry(self.pos) {
            return self.sequence(col, false);
        }
        if self.starts_key()? {
            return self.mapping(col);
        }
        match self.peek() {
            Some(b'|' | b'>') => Err(Unsupported),
            _ => self.inline_value(parent),
        }
    }

    /// A value on the line of its key or `-` (not a mapping): a scalar, a one-line flow
    /// collection or a block scalar. `parent` is the column of the enclosing collection.
    fn inline_value(&mut self, parent: usize) -> Scan<()> {
        match self.peek() {
            Some(b'|' | b'>') => return self.block_scalar(parent),
            Some(b'{' | b'[') => self.flow_node()?,
            Some(b'"' | b'\'') => self.quoted()?,
            _ => {
                let (value, start, end, ends_key) = self.plain(false)?;
                if ends_key {
                    return Err(Unsupported);
                }
                self.emit(EvKind::Scalar(Style::Plain), value, start, end);
            }
        }
        // A quoted scalar or flow collection followed by `:` is a key: not read here.
        let before = self.pos;
        self.skip_spaces()?;
        if self.peek() == Some(b':') {
            return Err(Unsupported);
        }
        self.pos = before;
        self.end_line()?;
        self.after(parent)
    }

    /// Whether the node at `pos` is a mapping key (a one-line plain or quoted scalar followed
    /// by `:` and a space or the line end). Reads nothing.
    fn starts_key(&mut self) -> Scan<bool> {
        let save = (self.pos, self.out.len());
        let r = match self.peek() {
            Some(b'"' | b'\'') => self.quoted(),
            Some(b'{' | b'[' | b'|' | b'>') => return Ok(false),
            _ => {
                let r = self.plain(false);
                self.pos = save.0;
                return r.map(|(_, _, _, key)| key);
            }
        };
        let key = r.is_ok() && {
            // `"a" : b` is a key too, but rare: only an adjacent colon is read.
            self.peek() == Some(b':')
                && matches!(self.at(self.pos + 1), None | Some(b' ' | b'\r' | b'\n'))
        };
        self.pos = save.0;
        self.out.truncate(save.1);
        Ok(key)
    }

    /// A mapping key at `pos`; leaves `pos` at its `:`.
    fn key(&mut self) -> Scan<()> {
        match self.peek() {
            Some(b'"' | b'\'') => self.quoted()?,
            _ => {
                let (value, start, end, ends_key) = self.plain(false)?;
                if !ends_key {
                    return Err(Unsupported);
                }
                self.emit(EvKind::Scalar(Style::Plain), value, start, end);
                // `plain` stops at the key's last character; the colon may follow spaces.
                self.skip_spaces()?;
            }
        }
        let last = &self.out[self.out.len() - 1];
        if last.end.offset - last.start.offset > MAX_KEY
            || self.peek() != Some(b':')
            || !matches!(self.at(self.pos + 1), None | Some(b' ' | b'\r' | b'\n'))
        {
            return Err(Unsupported);
        }
        Ok(())
    }

    /// A plain scalar at `pos` on one line. Returns its text and span, and whether a `:` ends
    /// it (a key). In flow context it also ends at `,[]{}` and may not hold a `:`.
    #[allow(clippy::type_complexity)]
    fn plain(&mut self, flow: bool) -> Scan<(Cow<'a, str>, Mark, Mark, bool)> {
        let first = self.peek().ok_or(Unsupported)?;
        let next_blank = matches!(
            self.at(self.pos + 1),
            None | Some(b' ' | b'\r' | b'\n' | b'\t')
        );
        match first {
            b'-' | b'?' | b':' if next_blank => return Err(Unsupported),
            b'-' | b'?' | b':' if flow => return Err(Unsupported),
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' | b' ' | b'\t' | b'\r' | b'\n' => return Err(Unsupported),
            _ => {}
        }
        let start_pos = self.pos;
        let mut end = self.pos; // past the last non-space byte
        let mut i = self.pos;
        let mut key = false;
        while let Some(c) = self.at(i) {
            match c {
                b'\r' | b'\n' => break,
                b'\t' => return Err(Unsupported),
                b' ' => {
                    if self.at(i + 1) == Some(b'#') {
                        break;
                    }
                }
                b':' => {
                    let next = self.at(i + 1);
                    if matches!(next, None | Some(b' ' | b'\r' | b'\n')) {
                        key = true;
                        break;
                    }
                    if flow {
                        return Err(Unsupported);
                    }
                    end = i + 1;
                }
                b',' | b'[' | b']' | b'{' | b'}' if flow => break,
                _ => end = i + 1,
            }
            i += 1;
        }
        let start = self.mark(start_pos);
        let stop = self.mark(end);
        self.pos = end;
        Ok((Cow::Borrowed(&self.text[start_pos..end]), start, stop, key))
    }

    /// A one-line quoted scalar at `pos`: `'...'` (where `''` is one quote) or `"..."` (with
    /// backslash escapes). Borrowed from the text unless it has an escape.
    fn quoted(&mut self) -> Scan<()> {
        let double = self.peek() == Some(b'"');
        let quote = if double { b'"' } else { b'\'' };
        let start = self.here();
        let open = self.pos + 1;
        let (mut i, mut from) = (open, open);
        let mut owned: Option<String> = None;
        loop {
            match self.at(i) {
                None | Some(b'\r' | b'\n') => return Err(Unsupported),
                Some(b'\'') if !double && self.at(i + 1) == Some(b'\'') => {
                    owned
                        .get_or_insert_with(String::new)
                        .push_str(&self.text[from..=i]);
                    i += 2;
                    from = i;
                }
                Some(b'\\') if double => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[from..i]);
                    let (c, len) = self.escape(i + 1)?;
                    s.push(c);
                    i += 1 + len;
                    from = i;
                }
                Some(c) if c == quote => break,
                Some(_) => i += 1,
            }
        }
        let value = match owned {
            Some(mut s) => {
                s.push_str(&self.text[from..i]);
                Cow::Owned(s)
            }
            None => Cow::Borrowed(&self.text[open..i]),
        };
        self.pos = i + 1;
        let end = self.here();
        let style = if double {
            Style::DoubleQuoted
        } else {
            Style::SingleQuoted
        };
        self.emit(EvKind::Scalar(style), value, start, end);
        Ok(())
    }

    /// The escape after a backslash at `i - 1`: the character and how many bytes it took.
    fn escape(&self, i: usize) -> Scan<(char, usize)> {
        let c = self.at(i).ok_or(Unsupported)?;
        let simple = match c {
            b'0' => '\0',
            b'a' => '\u{7}',
            b'b' => '\u{8}',
            b't' | b'\t' => '\t',
            b'n' => '\n',
            b'v' => '\u{B}',
            b'f' => '\u{C}',
            b'r' => '\r',
            b'e' => '\u{1B}',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{A0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' | b'u' | b'U' => {
                let len = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = self.text.get(i + 1..i + 1 + len).ok_or(Unsupported)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return Err(Unsupported);
                }
                let code = u32::from_str_radix(hex, 16).map_err(|_| Unsupported)?;
                return char::from_u32(code)
                    .map(|ch| (ch, 1 + len))
                    .ok_or(Unsupported);
            }
            _ => return Err(Unsupported),
        };
        Ok((simple, 1))
    }

    /// A flow collection or scalar inside a flow collection, all on this line.
    fn flow_node(&mut self) -> Scan<()> {
        match self.peek() {
            Some(b'[') => self.flow_collection(false),
            Some(b'{') => self.flow_collection(true),
            Some(b'"' | b'\'') => self.quoted(),
            _ => {
                let (value, start, end, key) = self.plain(true)?;
                if key {
                    return Err(Unsupported);
                }
                self.emit(EvKind::Scalar(Style::Plain), value, start, end);
                Ok(())
            }
        }
    }

    /// `[...]` or `{...}` on one line: plain or quoted scalars and nested flow collections.
    fn flow_collection(&mut self, map: bool) -> Scan<()> {
        self.enter()?;
        let start = self.here();
        self.pos += 1;
        let end = self.here();
        let (open, close) = if map {
            (EvKind::MappingStart { flow: true }, EvKind::MappingEnd)
        } else {
            (EvKind::SequenceStart { flow: true }, EvKind::SequenceEnd)
        };
        let closer = if map { b'}' } else { b']' };
        self.emit(open, Cow::Borrowed(""), start, end);
        loop {
            self.skip_spaces()?;
            if self.peek() == Some(closer) {
                break;
            }
            if map {
                match self.peek() {
                    Some(b'"' | b'\'') => self.quoted()?,
                    _ => {
                        let (value, s, e, key) = self.plain(true)?;
                        if !key {
                            return Err(Unsupported);
                        }
                        self.emit(EvKind::Scalar(Style::Plain), value, s, e);
                    }
                }
                if self.peek() != Some(b':') {
                    return Err(Unsupported);
                }
                self.pos += 1;
                // After a plain key the colon needs a space; `{"a":1}` (JSON) needs none.
                self.skip_spaces()?;
                if matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b'#' | b'\r' | b'\n')
                ) {
                    return Err(Unsupported);
                }
            }
            self.flow_node()?;
            self.skip_spaces()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == closer => break,
                _ => return Err(Unsupported),
            }
        }
        let start = self.here();
        self.pos += 1;
        let end = self.here();
        self.emit(close, Cow::Borrowed(""), start, end);
        self.depth -= 1;
        Ok(())
    }

    /// A literal (`|`) or folded (`>`) scalar whose header is at `pos`, in a collection at
    /// column `parent`. Ends at the first line start after it (the next node's line).
    fn block_scalar(&mut self, parent: usize) -> Scan<()> {
        let literal = self.peek() == Some(b'|');
        self.pos += 1;
        // Chomping: `-` strips the final line break, `+` keeps trailing empty lines.
        let chomp = match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                Some(false)
            }
            Some(b'+') => {
                self.pos += 1;
                Some(true)
            }
            _ => None,
        };
        if matches!(self.peek(), Some(b'0'..=b'9' | b'-' | b'+')) {
            return Err(Unsupported);
        }
        self.end_line()?;
        if self.pos >= self.b.len() {
            return Err(Unsupported);
        }
        // Leading empty lines, then the first content line fixes the indentation.
        let mut leading = 0usize;
        let mut widest = 0usize;
        let indent = loop {
            let (spaces, rest) = self.indentation(self.pos)?;
            match self.at(rest) {
                None => return Err(Unsupported),
                Some(c) if is_break(c) => {
                    widest = widest.max(spaces);
                    leading += 1;
                    self.pos = rest;
                    self.next_line()?;
                }
                Some(_) => break spaces,
            }
        };
        // An empty scalar, or leading empty lines indented past the content (an error).
        if indent <= parent || widest > indent {
            return Err(Unsupported);
        }
        let start = self.mark(self.pos + indent);
        let mut value = String::new();
        for _ in 0..leading {
            value.push('\n');
        }
        // Content lines; `empties` counts empty lines since the last content line.
        let mut empties = 0usize;
        let mut last_spaced = false;
        let mut first = true;
        loop {
            if self.pos >= self.b.len() {
                break;
            }
            let (spaces, rest) = self.indentation(self.pos)?;
            match self.at(rest) {
                None => return Err(Unsupported),
                Some(c) if is_break(c) => {
                    if spaces > indent {
                        return Err(Unsupported);
                    }
                    empties += 1;
                    self.pos = rest;
                    self.next_line()?;
                    continue;
                }
                Some(_) if spaces < indent => {
                    // granit-parser ends the scalar past the next line's indentation.
                    self.pos = rest;
                    break;
                }
                Some(_) => {}
            }
            let content_start = self.pos + indent;
            let eol = memchr_newline(self.b, content_start).ok_or(Unsupported)?;
            let line_end = if eol > content_start && self.b[eol - 1] == b'\r' {
                eol - 1
            } else {
                eol
            };
            let text = &self.text[content_start..line_end];
            let spaced = matches!(text.as_bytes().first(), Some(b' ' | b'\t'));
            if !first {
                if literal || spaced || last_spaced {
                    value.push('\n');
                    for _ in 0..empties {
                        value.push('\n');
                    }
                } else if empties == 0 {
                    value.push(' ');
                } else {
                    for _ in 0..empties {
                        value.push('\n');
                    }
                }
            }
            value.push_str(text);
            first = false;
            last_spaced = spaced;
            empties = 0;
            self.pos = eol;
            self.next_line()?;
        }
        match chomp {
            Some(false) => {}
            None => value.push('\n'),
            Some(true) => {
                for _ in 0..=empties {
                    value.push('\n');
                }
            }
        }
        let end = self.here();
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        self.emit(EvKind::Scalar(style), Cow::Owned(value), start, end);
        // The line after the scalar must not be indented past the collection.
        self.after(parent)
    }

    /// The spaces at the start of the line at `from` and where they end; a tab there is
    /// [`Unsupported`].
    fn indentation(&self, from: usize) -> Scan<(usize, usize)> {
        let mut i = from;
        while self.at(i) == Some(b' ') {
            i += 1;
        }
        if self.at(i) == Some(b'\t') {
            return Err(Unsupported);
        }
        Ok((i - from, i))
    }
}

/// The offset of the next `\n` at or after `from`.
fn memchr_newline(b: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', b.get(from..)?).map(|i| from + i)
}
