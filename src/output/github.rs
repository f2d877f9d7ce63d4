//! GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::message`, which
//! GitHub shows as annotations on the pull request's lines.

use crate::finding::Severity;
use crate::report::Report;
use std::fmt::Write;

/// Escapes a command's message: control and invisible characters as `\u{..}` (the runner's log
/// would show them raw), then `%`, CR and LF as the workflow-command syntax requires.
fn data(s: &str) -> String {
    super::escape_control(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for (doc, f) in report.findings() {
        let level = match f.finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            property(&doc.file),
            f.line,
            f.column,
            property(&format!("{} {}", f.finding.code, f.finding.rule)),
            data(&format!(
                "{}: {} ({})",
                f.finding.field,
                f.finding.message,
                doc.object()
            )),
        );
    }
    for p in &report.problems {
        // A problem with no file (no input at all, a path that does not exist: the message
        // names it) gets no `file=`: an empty one is an annotation on no file.
        let place = if p.file.is_empty() {
            String::new()
        } else {
            format!(
                "file={},line={},col={},",
                property(&p.file),
                p.line.unwrap_or(1),
                p.column.unwrap_or(1)
            )
        };
        let _ = writeln!(out, "::error {place}title=dsctl::{}", data(&p.message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(data("100%"), "100%25");
        assert_eq!(data("a\x1b[2Jb\u{202e}"), "a\\u{1b}[2Jb\\u{202e}");
        assert_eq!(property("x\r\ny:1,2"), "x\\u{d}\\u{a}y%3A1%2C2");
    }
}
