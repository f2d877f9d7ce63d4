//! Human output: `file:line:column: severity[CODE] rule: field: message`, the source line
//! with a caret under the column, and a summary line.

use super::escape_control;
use crate::finding::Severity;
use crate::report::{Report, Status};
use colored::Colorize;
use std::fmt::Write;

/// Renders a report for a terminal; colors follow `colored`'s switch, which the command
/// layer sets from `--color`, `NO_COLOR` and the terminal.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for (doc, f) in report.findings() {
        let sev = match f.finding.severity {
            Severity::Error => "error".red().bold(),
            Severity::Warning => "warning".yellow().bold(),
        };
        let code = format!("[{}]", f.finding.code);
        let _ = writeln!(
            out,
            "{}: {}{} {}: {}: {}",
            format!("{}:{}:{}", escape_control(&doc.file), f.line, f.column).bold(),
            sev,
            code.bold(),
            f.finding.rule,
            escape_control(&f.finding.field).cyan(),
            escape_control(&f.finding.message),
        );
        if let Some(src) = &f.source_line {
            let src = escape_control(src.trim_end_matches(['\r', '\n']));
            let width = f.line.to_string().len();
            let _ = writeln!(
                out,
                "{:>width$} {} {}",
                f.line.to_string().blue(),
                "|".blue(),
                src
            );
            let pad: String = src
                .chars()
                .take(f.source_column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let caret = match f.finding.severity {
                Severity::Error => "^".red().bold(),
                Severity::Warning => "^".yellow().bold(),
            };
            let _ = writeln!(
                out,
                "{:>width$} {} {}{} {}",
                "",
                "|".blue(),
                pad,
                caret,
                format!("in {}", escape_control(&doc.object())).dimmed()
            );
        }
    }
    for d in report
        .documents
        .iter()
        .filter(|d| d.status == Status::Skipped)
    {
        let _ = writeln!(
            out,
            "{}: {}: {}",
            format!("{}:{}:1", escape_control(&d.file), d.start_line).bold(),
            "note".blue().bold(),
            escape_control(&format!(
                "{} {}",
                d.object(),
                d.note.as_deref().unwrap_or("not checked")
            )),
        );
    }
    let s = report.summary();
    let checked = s.documents - s.skipped;
    let mut line = format!(
        "{} {} checked in {} {}: {} {}, {} {}",
        checked,
        plural(checked, "object", "objects"),
        s.files,
        plural(s.files, "file", "files"),
        s.errors,
        plural(s.errors, "error", "errors"),
        s.warnings,
        plural(s.warnings, "warning", "warnings"),
    );
    if s.skipped > 0 {
        line.push_str(&format!(
            "; {} {} skipped (no schema or rules)",
            s.skipped,
            plural(s.skipped, "object", "objects")
        ));
    }
    if s.skipped_files > 0 {
        line.push_str(&format!(
            "; {} {} skipped (no Kubernetes objects)",
            s.skipped_files,
            plural(s.skipped_files, "file", "files")
        ));
    }
    let unread = report.problems.len();
    if unread > 0 {
        line.push_str(&format!(
            "; {unread} {} (see above)",
            plural(
                unread,
                "input could not be checked",
                "inputs could not be checked"
            )
        ));
    }
    let line = if s.errors > 0 || unread > 0 {
        line.red().bold()
    } else if s.warnings > 0 {
        line.yellow()
    } else {
        line.green()
    };
    let _ = writeln!(out, "{line}");
    out
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
