//! Reading one input (a file, stdin, a FIFO, a device) with its bytes checked as they arrive: a
//! manifest or inventory is UTF-8 text without NUL bytes, and no larger than [`MAX_INPUT`].
//!
//! The check runs on each chunk as it is read, so `/dev/zero` stops at its first byte and
//! `/dev/urandom` within a few bytes, instead of being read until memory runs out; a text file
//! larger than the cap stops at the cap.

use std::fmt;
use std::io::{self, Read};

/// The most one input may hold: 2 GiB. Byte offsets and positions stay far inside `u32`, and
/// the largest inventories measured (100,000 nodes) are well below it.
pub const MAX_INPUT: u64 = 2 << 30;

/// Why an input was refused while it was read, with the 1-based line and column (in
/// characters) of the offending byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadInput {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for BadInput {}

impl BadInput {
    /// The [`BadInput`] behind an I/O error, if the checked reader raised it (directly, or
    /// wrapped by a parser that reports its reader's errors as its source).
    pub fn of<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a BadInput> {
        let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(e);
        while let Some(err) = cur {
            if let Some(b) = err.downcast_ref::<BadInput>() {
                return Some(b);
            }
            if let Some(io) = err.downcast_ref::<io::Error>()
                && let Some(inner) = io.get_ref()
                && let Some(b) = inner.downcast_ref::<BadInput>()
            {
                return Some(b);
            }
            cur = err.source();
        }
        None
    }
}

/// A reader that refuses NUL bytes, invalid UTF-8 and more than `limit` bytes as it reads, with
/// an `InvalidData` error carrying a [`BadInput`].
pub struct Checked<R> {
    inner: R,
    limit: u64,
    read: u64,
    /// 1-based line and column (characters) of the next byte.
    line: u32,
    column: u32,
    /// The start of a UTF-8 sequence the last chunk ended in the middle of.
    pending: [u8; 4],
    pending_len: usize,
    failed: Option<BadInput>,
}

impl<R: Read> Checked<R> {
    /// Checks `inner` against [`MAX_INPUT`].
    pub fn new(inner: R) -> Self {
        Self::with_limit(inner, MAX_INPUT)
    }

    /// Checks `inner` against another cap (tests).
    pub fn with_limit(inner: R, limit: u64) -> Self {
        Checked {
            inner,
            limit,
            read: 0,
            line: 1,
            column: 1,
            pending: [0; 4],
            pending_len: 0,
            failed: None,
        }
    }

    fn fail(&mut self, message: String) -> io::Error {
        let bad = BadInput {
            line: self.line,
            column: self.column,
            message,
        };
        self.failed = Some(bad.clone());
        io::Error::new(io::ErrorKind::InvalidData, bad)
    }

    /// Moves the position over `text` (valid UTF-8).
    fn advance(&mut self, text: &[u8]) {
        match memchr::memrchr(b'\n', text) {
            Some(last) => {
                let lines = memchr::memchr_iter(b'\n', text).count();
                self.line = self.line.saturating_add(lines as u32);
                self.column = 1u32.saturating_add(chars(&text[last + 1..]));
            }
            None => self.column = self.column.saturating_add(chars(text)),
        }
    }

    /// Checks one chunk; `at_end` when no more bytes follow.
    fn check(&mut self, buf: &[u8], at_end: bool) -> io::Result<()> {
        // Complete a sequence the previous chunk cut, byte by byte.
        let mut rest = buf;
        while self.pending_len > 0 {
            let Some((&b, tail)) = rest.split_first() else {
                if at_end {
                    return Err(self.fail(
                        "invalid UTF-8 (the input ends inside a character; dsctl reads UTF-8 only)"
                            .into(),
                    ));
                }
                return Ok(());
            };
            self.pending[self.pending_len] = b;
            self.pending_len += 1;
            rest = tail;
            match std::str::from_utf8(&self.pending[..self.pending_len]) {
                Ok(_) => {
                    self.column = self.column.saturating_add(1);
                    self.pending_len = 0;
                }
                Err(e) if e.error_len().is_some() => {
                    return Err(self.fail(
                        "invalid UTF-8 (dsctl reads UTF-8 only; convert UTF-16 or Latin-1 first)"
                            .into(),
                    ));
                }
                Err(_) => {}
            }
        }
        let nul = memchr::memchr(0, rest);
        let text = &rest[..nul.unwrap_or(rest.len())];
        match std::str::from_utf8(text) {
            Ok(_) => self.advance(text),
            Err(e) => {
                let good = e.valid_up_to();
                self.advance(&text[..good]);
                if e.error_len().is_some() || nul.is_some() || at_end {
                    return Err(self.fail(
                        "invalid UTF-8 (dsctl reads UTF-8 only; convert UTF-16 or Latin-1 first)"
                            .into(),
                    ));
                }
                // A character cut by the chunk's end: keep its first bytes for the next chunk.
                let tail = &text[good..];
                self.pending[..tail.len()].copy_from_slice(tail);
                self.pending_len = tail.len();
            }
        }
        if nul.is_some() {
            return Err(self.fail(
                "NUL byte: not a text file (a binary file, or a device such as /dev/zero?)".into(),
            ));
        }
        Ok(())
    }
}

/// The characters of valid UTF-8 (bytes that are not continuation bytes).
fn chars(text: &[u8]) -> u32 {
    text.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(bad) = &self.failed {
            return Err(io::Error::new(io::ErrorKind::InvalidData, bad.clone()));
        }
        if buf.is_empty() {
            return Ok(0);
        }
        // One byte past the cap is read, so that an input of exactly the cap is accepted.
        let room = (self.limit + 1 - self.read).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(self.fail(format!(
                "the input is larger than {} MiB, the most dsctl reads from one input",
                self.limit >> 20
            )));
        }
        self.check(&buf[..n], n == 0)?;
        Ok(n)
    }
}

/// Reads all of `r` through [`Checked`].
pub fn read_all(r: impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    Checked::new(r).read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(bytes: &[u8], chunk: usize) -> Option<BadInput> {
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        match Checked::with_limit(Chunks(bytes, chunk), 64).read_to_end(&mut out) {
            Ok(_) => {
                assert_eq!(out, bytes);
                None
            }
            Err(e) => BadInput::of(&e).cloned(),
        }
    }

    #[test]
    fn text_passes_in_any_chunking() {
        let text = "a: é\nb: ノード 😀\n".as_bytes();
        for chunk in 1..8 {
            assert_eq!(bad(text, chunk), None, "chunk {chunk}");
        }
    }

    #[test]
    fn nul_and_invalid_utf8_are_placed() {
        for chunk in [1, 2, 3, 100] {
            let e = bad(b"a: b\ncd\0", chunk).expect("refused");
            assert_eq!((e.line, e.column), (2, 3), "chunk {chunk}");
            assert!(e.message.contains("NUL"), "{e}");
            let e = bad(b"a: \xc3\xa9\nxy\xff", chunk).expect("refused");
            assert_eq!((e.line, e.column), (2, 3), "chunk {chunk}");
            assert!(e.message.contains("UTF-8"), "{e}");
            let e = bad(b"ab\xc3", chunk).expect("refused");
            assert_eq!((e.line, e.column), (1, 3), "chunk {chunk}");
        }
    }

    #[test]
    fn the_cap_is_enforced() {
        assert_eq!(bad(&[b'a'; 64], 7), None);
        let e = bad(&[b'a'; 65], 7).expect("refused");
        assert!(e.message.contains("larger than"), "{e}");
    }
}
