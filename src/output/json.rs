//! The JSON report: a versioned contract (`"version": 1`).
//!
//! `{"version":1,"summary":{...},"documents":[{"file","index","apiVersion","kind","namespace",
//! "name","valid","status","note"?,"findings":[{"code","rule","severity","field","type",
//! "message","line","column"}]}],"problems":[...],"notes":[...]}`. `status` is `valid`,
//! `invalid` or `skipped` (no schema or rules for the kind: never `valid`); `notes` are the
//! files skipped as not Kubernetes YAML. New fields may be added; none is renamed or removed
//! without a new version.

use crate::report::{DocumentReport, Problem, Report, Summary};
use serde::Serialize;

/// The report version this renderer writes.
pub const VERSION: u32 = 1;

/// Renders the report as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report) -> String {
    /// The report as written, field by field: serialized straight from the report, never
    /// through a `serde_json::Value` copy of it.
    #[derive(Serialize)]
    struct Versioned<'a> {
        version: u32,
        summary: Summary,
        documents: &'a [DocumentReport],
        problems: &'a [Problem],
        notes: &'a [Problem],
    }
    let v = Versioned {
        version: VERSION,
        summary: report.summary(),
        documents: &report.documents,
        problems: &report.problems,
        notes: &report.notes,
    };
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
