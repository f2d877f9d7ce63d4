//! JSON inventories on every core. A structural reader walks the top-level object itself,
//! from a window of the input that grows only to the largest single value, and cuts the
//! `items` (or `nodes`) array at element boundaries; worker threads parse batches of elements
//! from slices with the typed visitors of [`super::json`], and the main thread validates the
//! results in input order, so memory stays bounded by the batches in flight.
//!
//! Every key, value and element is parsed by serde_json from the bytes that follow it in the
//! input, so its errors are serde_json's own, placed where a slice places them; the errors
//! between values are the ones serde_json gives at the same place. The tests hold the result
//! to serde_json's streaming reader ([`super::json::read`]) on every prefix of a real
//! inventory and on thousands of mutations of it: the same nodes, or the same error at the
//! same line and column (or one byte earlier, where the streaming reader has already peeked
//! at the next byte).

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::io::Read;
use std::marker::PhantomData;
use std::sync::mpsc;

use super::json::{self, Element, Entries, List, Metadata, Spec, Status, TopFields};
use super::{Collector, Draft, InventoryError, Node};

/// How the reader splits its work (tests make everything small).
#[derive(Clone, Copy)]
struct Tuning {
    /// Bytes read at a time.
    block: usize,
    /// Element bytes per batch handed to a worker.
    batch: usize,
    /// Worker threads; below two, batches are parsed on the reading thread.
    workers: usize,
}

impl Tuning {
    fn for_this_machine() -> Self {
        Tuning {
            block: 1 << 20,
            batch: 1 << 20,
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Nesting beyond which a value is parsed inside as many brackets as enclose it in the input,
/// so serde_json's recursion limit falls where it falls for the streaming reader.
const DEEP: usize = 100;

/// The input, read in blocks; `buf[pos..]` is not consumed yet.
struct Source<R> {
    reader: R,
    block: usize,
    buf: Vec<u8>,
    pos: usize,
    /// No more bytes: the end of the input, or a read error (kept in `failed`).
    done: bool,
    failed: Option<std::io::Error>,
    /// Lines are counted up to `buf[counted]`: `line` (1-based) is its line, and `line_start`
    /// the absolute offset where that line starts (it may lie before `buf` after compaction).
    line: usize,
    line_start: usize,
    counted: usize,
    /// Absolute offset of `buf[0]`.
    base: usize,
}

/// A position as serde_json reports it: 1-based line, column = bytes before it on its line
/// (for the byte at the position, serde_json's `peek` position is that plus one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    line: usize,
    column: usize,
}

impl<R: Read> Source<R> {
    fn new(reader: R, block: usize) -> Self {
        Source {
            reader,
            block,
            buf: Vec::with_capacity(block),
            pos: 0,
            done: false,
            failed: None,
            line: 1,
            line_start: 0,
            counted: 0,
            base: 0,
        }
    }

    /// Reads another block; false when there is none. Drops what is consumed first.
    fn fill(&mut self) -> bool {
        if self.done {
            return false;
        }
        if self.pos > 0 && self.pos >= self.buf.len() / 2 {
            self.count_to(self.pos);
            self.buf.drain(..self.pos);
            self.base += self.pos;
            self.counted -= self.pos;
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + self.block, 0);
        loop {
            match self.reader.read(&mut self.buf[old..]) {
                Ok(0) => {
                    self.buf.truncate(old);
                    self.done = true;
                    return false;
                }
                Ok(n) => {
                    self.buf.truncate(old + n);
                    return true;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(old);
                    self.failed = Some(e);
                    self.done = true;
                    return false;
                }
            }
        }
    }

    /// Counts lines up to `buf[i]` (`i` never goes backwards).
    fn count_to(&mut self, i: usize) {
        if i <= self.counted {
            return;
        }
        let part = &self.buf[self.counted..i];
        if let Some(last) = memchr::memrchr(b'\n', part) {
            self.line += memchr::memchr_iter(b'\n', part).count();
            self.line_start = self.base + self.counted + last + 1;
        }
        self.counted = i;
    }

    /// serde_json's position of `buf[i]` when it has just been consumed (`position()` after
    /// reading it is `at(i + 1)`).
    fn at(&mut self, i: usize) -> At {
        self.count_to(i);
        At {
            line: self.line,
            column: self.base + i - self.line_start,
        }
    }

    /// The next byte that is not JSON whitespace, not consumed; `None` at the end.
    fn peek(&mut self) -> Option<u8> {
        loop {
            while let Some(&b) = self.buf.get(self.pos) {
                if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                    return Some(b);
                }
                self.pos += 1;
            }
            if !self.fill() {
                return None;
            }
        }
    }

    /// Makes sure the value at `pos` is buffered whole, with the byte after it (or the end of
    /// the input). Returns where a string, object or array ends (after its last byte) when it
    /// is whole, and how deeply the value nests. Malformed values stop wherever the bytes give
    /// out; serde_json, parsing them, finds the fault.
    fn buffer_value(&mut self) -> Extent {
        let (mut depth, mut deepest) = (0usize, 0usize);
        // Offsets from `pos`: `fill` may move the buffer.
        let mut i = 0usize;
        if !matches!(self.buf.get(self.pos), Some(b'"' | b'{' | b'[')) {
            // A number or literal (or garbage): up to the next delimiter.
            loop {
                match self.buf.get(self.pos + i).copied() {
                    Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\t' | b'\r') => break,
                    Some(_) => i += 1,
                    None if self.fill() => {}
                    None => break,
                }
            }
            return Extent { end: None, deepest };
        }
        let mut in_string = false;
        loop {
            let Some(&b) = self.buf.get(self.pos + i) else {
                if !self.fill() {
                    return Extent { end: None, deepest };
                }
                continue;
            };
            if in_string {
                match memchr::memchr2(b'"', b'\\', &self.buf[self.pos + i..]) {
                    None => i = self.buf.len() - self.pos,
                    Some(j) if self.buf[self.pos + i + j] == b'\\' => i += j + 2,
                    Some(j) => {
                        i += j + 1;
                        in_string = false;
                        if depth == 0 {
                            return self.whole(i, deepest);
                        }
                    }
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        return self.whole(i + 1, deepest);
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// The value ends `len` bytes after `pos`; the byte after it is buffered too (a number or
    /// literal ends where the next byte says, and serde_json peeks it).
    fn whole(&mut self, len: usize, deepest: usize) -> Extent {
        while self.buf.len() <= self.pos + len && self.fill() {}
        Extent {
            end: Some(len),
            deepest,
        }
    }

    /// serde_json's peek position of `buf[i]`: the column of that byte.
    fn peek_at(&mut self, i: usize) -> At {
        let at = self.at(i);
        At {
            column: at.column + 1,
            ..at
        }
    }

    /// The position of the end of the input (what serde_json reports for an early end).
    fn end_at(&mut self) -> At {
        self.at(self.buf.len())
    }

    /// A structural error: the read error when the input ended early because of it.
    fn error(&mut self, at: At, message: &str, at_end: bool) -> InventoryError {
        if at_end && let Some(e) = self.failed.take() {
            return super::io_error(&e);
        }
        InventoryError {
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }
}

/// How much of the value at the reader's position is buffered.
struct Extent {
    /// Its length, when it is a whole string, object or array.
    end: Option<usize>,
    deepest: usize,
}

/// serde_json's error from parsing a slice that starts at `start` in the input, inside `wrap`
/// added brackets.
fn shifted(e: serde_json::Error, start: At, wrap: usize) -> InventoryError {
    let mut err = json::to_inventory_error(e);
    if err.line == 1 {
        err.column = (err.column + start.column).saturating_sub(wrap);
    }
    if err.line > 0 {
        err.line += start.line - 1;
    }
    err
}

/// Parses the value at the start of `bytes` with `seed` as if `enclosing` arrays or objects
/// held it (they count toward serde_json's recursion limit). Returns the value and how many
/// bytes it took, or the error and how many bytes were added in front.
fn parse<S, V>(
    bytes: &[u8],
    extent: &Extent,
    enclosing: usize,
    seed: S,
) -> Result<(V, usize), (serde_json::Error, usize)>
where
    S: for<'x> DeserializeSeed<'x, Value = V>,
{
    match extent.end {
        // Deep enough to meet the limit: rebuild the nesting around the value.
        Some(end) if extent.deepest + enclosing >= DEEP => {
            let mut wrapped = vec![b'['; enclosing];
            wrapped.extend_from_slice(&bytes[..end]);
            wrapped.extend(std::iter::repeat_n(b']', enclosing));
            let mut de = serde_json::Deserializer::from_slice(&wrapped);
            match (Nested {
                depth: enclosing,
                seed,
            })
            .deserialize(&mut de)
            {
                Ok(v) => Ok((v, end)),
                Err(e) => Err((e, enclosing)),
            }
        }
        _ => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            match seed.deserialize(&mut de) {
                Ok(v) => Ok((v, extent.end.unwrap_or_else(|| scalar_len(bytes)))),
                Err(e) => Err((e, 0)),
            }
        }
    }
}

/// The length of the number or literal serde_json has just read at the start of `bytes`:
/// `true`, `false`, `null`, or the longest prefix in JSON's number grammar.
fn scalar_len(bytes: &[u8]) -> usize {
    match bytes.first() {
        Some(b't' | b'n') => return 4,
        Some(b'f') => return 5,
        _ => {}
    }
    let digits = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    i = if bytes.get(i) == Some(&b'0') {
        i + 1
    } else {
        digits(i)
    };
    if bytes.get(i) == Some(&b'.') {
        i = digits(i + 1);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits(i);
    }
    i
}

/// `seed`'s value as the one element of `depth` nested arrays.
struct Nested<S> {
    depth: usize,
    seed: S,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Nested<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        if self.depth == 0 {
            return self.seed.deserialize(d);
        }
        d.deserialize_seq(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Nested<S> {
    type Value = S::Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<S::Value, A::Error> {
        let inner = Nested {
            depth: self.depth - 1,
            seed: self.seed,
        };
        seq.next_element_seed(inner)?
            .ok_or_else(|| serde::de::Error::custom("a value"))
    }
}

/// One element to parse: where it is in its batch's bytes and in the input.
struct Job {
    range: std::ops::Range<usize>,
    start: At,
    extent: Extent,
    index: usize,
}

struct Batch {
    bytes: Vec<u8>,
    jobs: Vec<Job>,
    list: List,
}

type Parsed = Vec<Result<Draft, InventoryError>>;

fn parse_batch(batch: &Batch) -> Parsed {
    batch
        .jobs
        .iter()
        .map(|job| {
            let seed = Element {
                index: job.index,
                list: batch.list,
            };
            // Elements sit two levels deep: the top-level object and the list.
            parse(&batch.bytes[job.range.clone()], &job.extent, 2, seed)
                .map(|(draft, _)| draft)
                .map_err(|(e, wrap)| shifted(e, job.start, wrap))
        })
        .collect()
}

pub(super) fn read<R: Read, F: FnMut(Node)>(
    reader: R,
    collector: &mut Collector<F>,
) -> Result<(), InventoryError> {
    read_tuned(reader, collector, Tuning::for_this_machine())
}

fn read_tuned<R: Read, F: FnMut(Node)>(
    reader: R,
    collector: &mut Collector<F>,
    tuning: Tuning,
) -> Result<(), InventoryError> {
    let mut source = Source::new(reader, tuning.block);
    let first = source.peek();
    if let Some(e) = source.failed.take() {
        return Err(super::io_error(&e));
    }
    if first != Some(b'{') {
        // Not an object (a sniffed `[`): the streaming reader says what it is not.
        let head = std::io::Cursor::new(std::mem::take(&mut source.buf));
        return json::read(head.chain(source.reader), collector);
    }
    let workers = tuning.workers;
    let mut run = Run {
        collector,
        batch: tuning.batch,
        pending: BTreeMap::new(),
        ends: BTreeMap::new(),
        sent: 0,
        next: 0,
        send: None,
        results: None,
    };
    if workers < 2 {
        return top(&mut source, &mut run);
    }
    std::thread::scope(|scope| {
        let (job_tx, res_rx) = super::workers(scope, workers, |batch: Batch| parse_batch(&batch));
        run.send = Some(job_tx);
        run.results = Some(res_rx);
        let outcome = top(&mut source, &mut run);
        // Dropping the sender stops the workers.
        run.send = None;
        outcome
    })
}

/// The batches in flight, and the order their nodes are validated in.
struct Run<'c, F: FnMut(Node)> {
    collector: &'c mut Collector<F>,
    /// Element bytes per batch.
    batch: usize,
    /// Parsed batches waiting for the ones before them.
    pending: BTreeMap<usize, Parsed>,
    /// Where each sent batch's elements end, and their labels, for the collector's errors
    /// (placed after the element's `}`, as serde_json places errors raised inside it).
    ends: BTreeMap<usize, Vec<(At, String)>>,
    sent: usize,
    next: usize,
    /// Without workers (one core), batches are parsed where they are submitted.
    send: Option<mpsc::SyncSender<(usize, Batch)>>,
    results: Option<mpsc::Receiver<(usize, Parsed)>>,
}

impl<F: FnMut(Node)> Run<'_, F> {
    fn submit(&mut self, batch: Batch, ends: Vec<(At, String)>) -> Result<(), InventoryError> {
        if batch.jobs.is_empty() {
            return Ok(());
        }
        let n = self.sent;
        self.sent += 1;
        self.ends.insert(n, ends);
        let Some(tx) = &self.send else {
            let parsed = parse_batch(&batch);
            return self.accept(n, parsed);
        };
        tx.send((n, batch)).map_err(|_| stopped())?;
        // Take what is ready, so results do not pile up.
        while let Some(Ok((n, parsed))) = self.results.as_ref().map(mpsc::Receiver::try_recv) {
            self.accept(n, parsed)?;
        }
        Ok(())
    }

    /// Waits for every batch sent so far, validating their nodes.
    fn drain(&mut self) -> Result<(), InventoryError> {
        while self.next < self.sent {
            let Some(Ok((n, parsed))) = self.results.as_ref().map(mpsc::Receiver::recv) else {
                return Err(stopped());
            };
            self.accept(n, parsed)?;
        }
        Ok(())
    }

    fn accept(&mut self, n: usize, parsed: Parsed) -> Result<(), InventoryError> {
        self.pending.insert(n, parsed);
        while let Some(parsed) = self.pending.remove(&self.next) {
            let ends = self.ends.remove(&self.next).unwrap_or_default();
            self.next += 1;
            for (result, (end, label)) in parsed.into_iter().zip(ends) {
                self.collector.push(result?).map_err(|m| InventoryError {
                    line: end.line,
                    column: end.column,
                    message: format!("{label}{m}"),
                })?;
            }
        }
        Ok(())
    }
}

fn stopped() -> InventoryError {
    InventoryError {
        line: 0,
        column: 0,
        message: "JSON worker stopped".into(),
    }
}

/// Parses the value at the reader's position with `seed` and consumes it. An error comes
/// after the nodes before it; an early end caused by a read error is that read error.
fn value<F: FnMut(Node), R: Read, S, V>(
    source: &mut Source<R>,
    run: &mut Run<'_, F>,
    seed: S,
) -> Result<V, InventoryError>
where
    S: for<'x> DeserializeSeed<'x, Value = V>,
{
    let extent = source.buffer_value();
    let start = source.pos;
    let at = source.at(start);
    let parsed = parse(&source.buf[start..], &extent, 1, seed);
    match parsed {
        Ok((v, used)) => {
            source.pos = start + used;
            Ok(v)
        }
        Err((e, wrap)) => {
            run.drain()?;
            let eof = e.is_eof();
            let err = shifted(e, at, wrap);
            Err(match source.failed.take() {
                Some(read) if eof => super::io_error(&read),
                _ => err,
            })
        }
    }
}

/// A structural error at `at`, after the nodes before it.
fn fail<F: FnMut(Node), R: Read>(
    source: &mut Source<R>,
    run: &mut Run<'_, F>,
    at: At,
    message: &str,
    at_end: bool,
) -> InventoryError {
    match run.drain() {
        Err(e) => e,
        Ok(()) => source.error(at, message, at_end),
    }
}

/// The top-level object: the same fields and decisions as the streaming reader's.
fn top<F: FnMut(Node), R: Read>(
    source: &mut Source<R>,
    run: &mut Run<'_, F>,
) -> Result<(), InventoryError> {
    let mut fields = TopFields::default();
    source.pos += 1;
    let mut first = true;
    loop {
        let Some(b) = source.peek() else {
            let at = source.end_at();
            return Err(fail(source, run, at, "EOF while parsing an object", true));
        };
        if b == b'}' {
            source.pos += 1;
            break;
        }
        if first {
            first = false;
            if b != b'"' {
                let at = source.peek_at(source.pos);
                return Err(fail(source, run, at, "key must be a string", false));
            }
        } else if b == b',' {
            source.pos += 1;
            match source.peek() {
                Some(b'"') => {}
                Some(b) => {
                    let at = source.peek_at(source.pos);
                    let message = if b == b'}' {
                        "trailing comma"
                    } else {
                        "key must be a string"
                    };
                    return Err(fail(source, run, at, message, false));
                }
                None => {
                    let at = source.end_at();
                    return Err(fail(source, run, at, "EOF while parsing a value", true));
                }
            }
        } else {
            let at = source.peek_at(source.pos);
            return Err(fail(source, run, at, "expected `,` or `}`", false));
        }
        let key: String = value(source, run, PhantomData)?;
        match source.peek() {
            Some(b':') => source.pos += 1,
            Some(_) => {
                let at = source.peek_at(source.pos);
                return Err(fail(source, run, at, "expected `:`", false));
            }
            None => {
                let at = source.end_at();
                return Err(fail(source, run, at, "EOF while parsing an object", true));
            }
        }
        if source.peek().is_none() {
            let at = source.end_at();
            return Err(fail(source, run, at, "EOF while parsing a value", true));
        }
        match key.as_str() {
            "kind" => fields.kind = value(source, run, PhantomData)?,
            "items" | "nodes" => {
                fields.listish = true;
                let list = if key == "items" {
                    List::Items
                } else {
                    List::Plan
                };
                if source.peek() == Some(b'[') {
                    elements(source, run, list)?;
                } else {
                    // `null` is an empty list; anything else is serde_json's type error.
                    let mut none = Collector::new(|_: Node| {});
                    value(source, run, Entries::new(&mut none, list))?;
                }
            }
            "metadata" => fields.metadata = Some(value(source, run, PhantomData::<Metadata>)?),
            "spec" => fields.spec = Some(value(source, run, PhantomData::<Spec>)?),
            "status" => fields.status = Some(value(source, run, PhantomData::<Status>)?),
            _ => {
                value(source, run, PhantomData::<IgnoredAny>)?;
            }
        }
    }
    // Errors about the whole object are placed after its `}`, as serde_json places them.
    let end = source.at(source.pos);
    run.drain()?;
    let placed = |message: String| InventoryError {
        line: end.line,
        column: end.column,
        message,
    };
    if let Some(draft) = json::finish_top(fields).map_err(placed)? {
        run.collector.push(draft).map_err(placed)?;
    }
    match source.peek() {
        None => source
            .failed
            .take()
            .map_or(Ok(()), |e| Err(super::io_error(&e))),
        Some(_) => {
            let at = source.peek_at(source.pos);
            Err(source.error(at, "trailing characters", false))
        }
    }
}

/// The elements of `items` (or `nodes`), from its `[` to its `]`, handed out in batches.
fn elements<F: FnMut(Node), R: Read>(
    source: &mut Source<R>,
    run: &mut Run<'_, F>,
    list: List,
) -> Result<(), InventoryError> {
    source.pos += 1;
    let mut batch = Batch {
        bytes: Vec::new(),
        jobs: Vec::new(),
        list,
    };
    let mut ends = Vec::new();
    let mut index = 0usize;
    // Hands the batch so far to the workers.
    let flush = |batch: &mut Batch, ends: &mut Vec<(At, String)>, run: &mut Run<'_, F>| {
        let full = Batch {
            bytes: std::mem::take(&mut batch.bytes),
            jobs: std::mem::take(&mut batch.jobs),
            list,
        };
        run.submit(full, std::mem::take(ends))
    };
    loop {
        let Some(b) = source.peek() else {
            flush(&mut batch, &mut ends, run)?;
            let at = source.end_at();
            return Err(fail(source, run, at, "EOF while parsing a list", true));
        };
        if b == b']' {
            source.pos += 1;
            break;
        }
        if index > 0 {
            if b != b',' {
                flush(&mut batch, &mut ends, run)?;
                let at = source.peek_at(source.pos);
                return Err(fail(source, run, at, "expected `,` or `]`", false));
            }
            source.pos += 1;
            match source.peek() {
                Some(b']') => {
                    flush(&mut batch, &mut ends, run)?;
                    let at = source.peek_at(source.pos);
                    return Err(fail(source, run, at, "trailing comma", false));
                }
                Some(_) => {}
                None => {
                    flush(&mut batch, &mut ends, run)?;
                    let at = source.end_at();
                    return Err(fail(source, run, at, "EOF while parsing a value", true));
                }
            }
        }
        let extent = source.buffer_value();
        let start = source.pos;
        let at = source.at(start);
        let whole = match extent.end {
            Some(len) if source.buf[start] == b'{' => Some(start + len),
            _ => None,
        };
        let Some(end) = whole else {
            // Not an object, or cut short: serde_json says what is wrong with it, after the
            // nodes before it (or the read error that cut it short).
            flush(&mut batch, &mut ends, run)?;
            run.drain()?;
            let one = Batch {
                bytes: source.buf[start..].to_vec(),
                jobs: vec![Job {
                    range: 0..source.buf.len() - start,
                    start: at,
                    extent,
                    index,
                }],
                list,
            };
            let got = parse_batch(&one).pop();
            return Err(match (got, source.failed.take()) {
                (Some(Err(e)), Some(read)) if e.message.starts_with("EOF") => {
                    super::io_error(&read)
                }
                (Some(Err(e)), _) => e,
                // A value that is not an object never parses as a node.
                (_, read) => read.map_or_else(
                    || source.error(at, "expected a node", false),
                    |r| super::io_error(&r),
                ),
            });
        };
        let offset = batch.bytes.len();
        batch.bytes.extend_from_slice(&source.buf[start..end]);
        batch.jobs.push(Job {
            range: offset..batch.bytes.len(),
            start: at,
            extent: Extent {
                end: Some(end - start),
                deepest: extent.deepest,
            },
            index,
        });
        source.pos = end;
        ends.push((source.at(end), json::label(list, index)));
        index += 1;
        if batch.bytes.len() >= run.batch {
            flush(&mut batch, &mut ends, run)?;
        }
    }
    flush(&mut batch, &mut ends, run)
}

#[cfg(test)]
mod tests {
    //! The split reader must be invisible: on any text, the same nodes (in the same order) or
    //! the same error, at the same line and column, as serde_json's streaming reader.
    use super::*;
    use crate::input::Checked;

    type Outcome = Result<Vec<Node>, InventoryError>;

    fn streaming(text: &[u8]) -> Outcome {
        let mut nodes = Vec::new();
        let mut collector = Collector::new(|n| nodes.push(n));
        json::read(Checked::new(text), &mut collector).map(|()| nodes)
    }

    fn split(text: &[u8], tuning: Tuning) -> Outcome {
        let mut nodes = Vec::new();
        let mut collector = Collector::new(|n| nodes.push(n));
        read_tuned(Checked::new(text), &mut collector, tuning).map(|()| nodes)
    }

    const TUNINGS: [Tuning; 4] = [
        Tuning {
            block: 1 << 20,
            batch: 1 << 20,
            workers: 1,
        },
        Tuning {
            block: 1,
            batch: 1,
            workers: 1,
        },
        Tuning {
            block: 7,
            batch: 300,
            workers: 2,
        },
        Tuning {
            block: 64,
            batch: 1,
            workers: 3,
        },
    ];

    /// Byte offset of a serde_json position (column = bytes before it on its line).
    fn offset(text: &[u8], e: &InventoryError) -> usize {
        let line_start = text
            .split_inclusive(|&b| b == b'\n')
            .take(e.line.saturating_sub(1))
            .map(<[u8]>::len)
            .sum::<usize>();
        line_start + e.column
    }

    /// The same nodes, or the same error at the same place. The streaming reader's position
    /// counts the byte it has peeked at (after a number, say) when the error is raised, where
    /// a slice's position does not: the split reader may be one byte earlier.
    fn same(name: &str, text: &[u8], tunings: &[Tuning]) {
        let want = streaming(text);
        for t in tunings {
            let got = split(text, *t);
            let agree = match (&got, &want) {
                (Err(g), Err(w)) if g != w && g.line > 0 && w.line > 0 => {
                    g.message == w.message && offset(text, g) + 1 == offset(text, w)
                }
                _ => got == want,
            };
            assert!(
                agree,
                "{name} (block {}, batch {}, {} workers): {:?}\n split: {got:?}\n streaming: {want:?}",
                t.block,
                t.batch,
                t.workers,
                String::from_utf8_lossy(text)
            );
        }
    }

    /// A List of real Node objects (fixtures/corpus/nodes, see its PROVENANCE.md), renamed
    /// so that names are unique.
    fn real_list(indent: bool) -> Vec<u8> {
        list_of(indent, usize::MAX)
    }

    /// The list, with only `keep` nodes and without their long image lists: every prefix and
    /// mutation of it is read, so it is kept small.
    fn small_list(indent: bool) -> Vec<u8> {
        list_of(indent, 2)
    }

    fn list_of(indent: bool, keep: usize) -> Vec<u8> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/nodes");
        let mut items = Vec::new();
        for (i, f) in [
            "k9s--no.json",
            "k9s--n1.json",
            "kubernetes-api--core.v1.Node.json",
        ]
        .iter()
        .enumerate()
        {
            let text = std::fs::read_to_string(dir.join(f)).expect("fixture");
            let mut v: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
            v["metadata"]["name"] = format!("node-{i}").into();
            if keep < usize::MAX {
                v["status"]["images"] = serde_json::Value::Null;
            }
            items.push(v);
        }
        items.truncate(keep);
        let list = serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List",
            "metadata": {"resourceVersion": ""}});
        if indent {
            serde_json::to_vec_pretty(&list).expect("JSON")
        } else {
            serde_json::to_vec(&list).expect("JSON")
        }
    }

    #[test]
    fn real_inventories_read_the_same() {
        for indent in [true, false] {
            let text = real_list(indent);
            let nodes = split(&text, Tuning::for_this_machine()).expect("reads");
            assert_eq!(nodes.len(), 3);
            same("real list", &text, &TUNINGS);
        }
    }

    #[test]
    fn every_prefix_fails_the_same() {
        let text = small_list(true);
        for cut in 0..text.len() {
            same("prefix", &text[..cut], &TUNINGS[1..3]);
        }
    }

    #[test]
    fn every_byte_replaced_fails_the_same() {
        let text = small_list(false);
        let bytes = [
            b',', b'}', b']', b'"', b'x', b'1', b' ', b'\\', b'{', b'[', 0,
        ];
        for at in 0..text.len() {
            // Three of them at each offset, a different three at the next.
            for k in 0..3 {
                let mut bad = text.clone();
                bad[at] = bytes[(at * 3 + k) % bytes.len()];
                same("replaced", &bad, &TUNINGS[2..3]);
            }
        }
    }

    #[test]
    fn shapes_read_the_same() {
        let shapes: &[&str] = &[
            "{}",
            "{\"items\": null}",
            "{\"items\": []}",
            "{\"items\": {}}",
            "{\"items\": [1]}",
            "{\"items\": [null]}",
            "{\"items\": [{}]}",
            "{\"items\": [{\"metadata\": {\"name\": \"a\"}}, {\"metadata\": {\"name\": \"a\"}}]}",
            "{\"items\": [{\"metadata\": {\"name\": \"a\"}}], \"kind\": \"PodList\"}",
            "{\"items\": [{\"metadata\": {\"name\": \"a\"}},]}",
            "{\"items\": [{\"metadata\": {\"name\": \"a\"}} {}]}",
            "{\"items\": [{\"metadata\": {\"name\": \"a\"}}]} x",
            "{\"items\": [{\"metadata\": {\"name\": \"a\"}}]}\n\n  ",
            "{\"kind\": 5}",
            "{\"kind\": 1x}",
            "{\"kind\": -0.5e+3, \"items\": []}",
            "{\"kind\": tru}",
            "{\"kind\": \"Node\", \"metadata\": {\"name\": \"n\"}}",
            "{\"metadata\": {\"name\": \"n\"}, \"spec\": {\"taints\": [{\"key\": \"a b\"}]}}",
            "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"n\"}}",
            "{\"nodes\": [{\"name\": \"a\", \"taints\": [\"k:NoSchedule\"]}, {\"name\": \"b\", \"x\": 1}]}",
            "{\"nodes\": [{\"name\": \"a\"}], \"items\": [{\"metadata\": {\"name\": \"a\"}}]}",
            "{\"a\" 1}",
            "{1: 2}",
            "{\"a\": 1,}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": \"\\u00e9\\n\", \"items\": [{\"metadata\": {\"name\": \"\\u0061\"}}]}",
            "{\"a\": \"bad \\q escape\"}",
            "{\"items\": [{\"metadata\": {\"name\": \"a\\\"b\"}}]}",
            "[]",
            "[{\"metadata\": {\"name\": \"a\"}}]",
            "  \n {\"items\": []}",
        ];
        for s in shapes {
            same("shape", s.as_bytes(), &TUNINGS);
        }
    }

    #[test]
    fn deep_values_meet_the_recursion_limit_where_the_streaming_reader_does() {
        for depth in [90, 120, 125, 126, 127, 128, 200] {
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let in_item =
                format!("{{\"items\": [{{\"metadata\": {{\"name\": \"a\"}}, \"x\": {deep}}}]}}");
            same("deep in an item", in_item.as_bytes(), &TUNINGS);
            let at_top = format!("{{\"x\": {deep}, \"items\": []}}");
            same("deep at the top", at_top.as_bytes(), &TUNINGS);
        }
    }
}
