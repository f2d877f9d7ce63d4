//! Renderers: one per format, each a pure function from a [`Report`](crate::report::Report)
//! to text. They hold no logic of their own beyond presentation.

pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use std::borrow::Cow;

/// Makes text safe to print on a terminal: control characters (ANSI escapes included) are
/// shown as `\u{1b}`-style escapes, so a hostile object name cannot drive the terminal.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_escapes_are_neutralised() {
        assert_eq!(escape_control("plain"), "plain");
        assert_eq!(escape_control("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_control("x\ny"), "x\\u{a}y");
    }
}
