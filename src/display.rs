//! Showing input on a terminal or in a log: the one escaping function every message that quotes
//! a name, a value or a path goes through.
//!
//! A hostile manifest or inventory can carry ANSI escapes (`\x1b]0;title\x07`, `\x1b[2J`) that
//! drive the terminal, and bidirectional overrides or zero-width characters (U+202E, U+200B,
//! U+FEFF) that make a message read differently from what it says ("Trojan Source"). Both kinds
//! are shown as `\u{..}` escapes, so what is printed is what the input holds.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or log as is: every control character (C0, DEL, C1 -
/// tab and line ends included, since a message is one line), every format character (Unicode
/// general category Cf: bidi embeddings, overrides and isolates, zero-width spaces and joiners,
/// the byte-order mark, invisible operators, tag characters), the line and paragraph separators,
/// and the noncharacters U+FFFE and U+FFFF.
pub fn hides_text(c: char) -> bool {
    if c.is_control() {
        return true;
    }
    let u = c as u32;
    if u < 0xAD {
        return false;
    }
    matches!(
        u,
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xFFFE..=0xFFFF
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// Makes text safe to print on a terminal or in a log line: every character [`hides_text`]
/// reports is shown as a `\u{1b}`-style escape. Borrows when nothing needs escaping (nearly
/// always), so the happy path does not allocate.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(hides_text) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hides_text(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most this many characters of one value set a table column's width; a longer value
/// overflows its column instead of widening every row (and a width past `u16::MAX` panics in
/// `std::fmt`).
pub const MAX_COLUMN_WIDTH: usize = 64;

/// The width of a column holding `values` (characters), at least `min`, at most
/// [`MAX_COLUMN_WIDTH`].
pub fn column_width<'a>(values: impl IntoIterator<Item = &'a str>, min: usize) -> usize {
    values
        .into_iter()
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(min, MAX_COLUMN_WIDTH.max(min))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_escapes_are_neutralised() {
        assert_eq!(escape_control("plain"), "plain");
        assert!(matches!(escape_control("plain"), Cow::Borrowed(_)));
        assert_eq!(escape_control("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_control("x\ny\tz"), "x\\u{a}y\\u{9}z");
        assert_eq!(escape_control("\u{85}"), "\\u{85}");
    }

    #[test]
    fn bidi_and_invisible_characters_are_shown() {
        assert_eq!(escape_control("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(escape_control("\u{200b}\u{feff}"), "\\u{200b}\\u{feff}");
        assert_eq!(escape_control("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(escape_control("\u{e0041}"), "\\u{e0041}");
        assert_eq!(escape_control("\u{ffff}"), "\\u{ffff}");
        // Letters of any script, combining marks and emoji stay as they are.
        assert_eq!(escape_control("nœud-é-ノード-😀"), "nœud-é-ノード-😀");
    }

    #[test]
    fn column_widths_are_bounded() {
        assert_eq!(column_width(["ab"], 4), 4);
        assert_eq!(column_width(["abcdef"], 4), 6);
        let long = "x".repeat(70_000);
        assert_eq!(column_width([long.as_str()], 4), MAX_COLUMN_WIDTH);
    }
}
