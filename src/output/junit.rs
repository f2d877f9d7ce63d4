//! JUnit XML: one test case per object, a failure per error finding, so CI systems that
//! show test reports show manifest problems too.

use crate::finding::Severity;
use crate::report::{DocumentReport, Located, Report, Status};
use std::fmt::Write;

/// Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            // Not an XML 1.0 `Char` (C0 controls, U+FFFE, U+FFFF): shown as a `\u{..}` escape.
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// One line per finding: `file:line:column: severity CODE rule: field: message`.
fn listing(d: &DocumentReport, findings: &[&Located]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {} {} {}: {}: {}",
                d.file,
                f.line,
                f.column,
                f.finding.severity,
                f.finding.code,
                f.finding.rule,
                f.finding.field,
                f.finding.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn render(report: &Report) -> String {
    let s = report.summary();
    let failures = report
        .documents
        .iter()
        .filter(|d| {
            d.findings
                .iter()
                .any(|f| f.finding.severity == Severity::Error)
        })
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"dsctl validate\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        s.documents,
        failures,
        report.problems.len(),
        s.skipped
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"dsctl validate\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        s.documents,
        failures,
        report.problems.len(),
        s.skipped
    );
    for d in &report.documents {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(&d.file),
            xml(&format!("document {}: {}", d.index, d.object()))
        );
        let errors: Vec<_> = d
            .findings
            .iter()
            .filter(|f| f.finding.severity == Severity::Error)
            .collect();
        let warnings: Vec<_> = d
            .findings
            .iter()
            .filter(|f| f.finding.severity == Severity::Warning)
            .collect();
        if d.status == Status::Skipped {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                xml(d.note.as_deref().unwrap_or("not checked"))
            );
            continue;
        }
        if errors.is_empty() && warnings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        if let Some(first) = errors.first() {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                xml(first.finding.code),
                xml(&format!(
                    "{}: {}",
                    first.finding.field, first.finding.message
                )),
                xml(&listing(d, &errors))
            );
        }
        if !warnings.is_empty() {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml(&listing(d, &warnings))
            );
        }
        out.push_str("    </testcase>\n");
    }
    for p in &report.problems {
        let _ = writeln!(
            out,
            "    <testcase classname=\"{}\" name=\"read\">\n      <error message=\"{}\"/>\n    </testcase>",
            xml(&p.file),
            xml(&p.message)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
