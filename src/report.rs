//! A validation report as data: documents with their located findings. Renderers in
//! [`crate::output`] turn it into text, JSON, SARIF, GitHub annotations or JUnit.

use crate::finding::{Finding, Severity};
use serde::Serialize;

/// A finding with its place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    #[serde(flatten)]
    pub finding: Finding,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// The source line the finding points into (for carets in text output).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The 1-based character column of the caret in `source_line` (an excerpt of a long line
    /// does not start at the line's start).
    #[serde(skip)]
    pub source_column: u32,
}

/// The findings of one object (a document, or one item of a `List`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentReport {
    pub file: String,
    /// 0-based document index in the file.
    pub index: usize,
    /// Index in the document's `items` when the object is an item of a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    /// 1-based line where the document starts in the file: with `file` and `item`, what
    /// checks across objects join their findings on (a large stream's slices count `index`
    /// from zero each until they are put together).
    #[serde(skip)]
    pub start_line: u32,
    pub api_version: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    /// True exactly when the object was checked and no error-severity finding is present: a
    /// skipped object is never valid.
    pub valid: bool,
    pub status: Status,
    /// Why the object was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub findings: Vec<Located>,
}

/// What became of one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Checked, no error.
    Valid,
    /// Checked, at least one error.
    Invalid,
    /// Not checked: dsctl has neither a schema nor rules for its kind (a custom resource).
    Skipped,
}

impl DocumentReport {
    /// Sets the status, and `valid` with it (true exactly for `Valid`).
    pub fn set_status(&mut self, status: Status) {
        self.status = status;
        self.valid = status == Status::Valid;
    }

    /// `Kind/namespace/name` of the object.
    pub fn object(&self) -> String {
        let mut s = self.kind.clone();
        if !self.namespace.is_empty() {
            s.push('/');
            s.push_str(&self.namespace);
        }
        s.push('/');
        s.push_str(if self.name.is_empty() {
            "<unnamed>"
        } else {
            &self.name
        });
        s
    }
}

/// A file dsctl could not read, with where it stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub message: String,
}

/// Everything one `validate` run found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// How many files were read.
    pub files: usize,
    pub documents: Vec<DocumentReport>,
    pub problems: Vec<Problem>,
    /// Files read and skipped, with why: YAML that holds no Kubernetes object.
    pub notes: Vec<Problem>,
}

/// Counts of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Objects of `documents` that were not checked.
    pub skipped: usize,
    /// Files of `files` that hold no Kubernetes object.
    #[serde(rename = "skippedFiles")]
    pub skipped_files: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.files,
            documents: self.documents.len(),
            skipped: self
                .documents
                .iter()
                .filter(|d| d.status == Status::Skipped)
                .count(),
            skipped_files: self.notes.len(),
            ..Summary::default()
        };
        for f in self.documents.iter().flat_map(|d| &d.findings) {
            match f.finding.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
            }
        }
        s
    }

    /// Every finding with its document, in report order.
    pub fn findings(&self) -> impl Iterator<Item = (&DocumentReport, &Located)> {
        self.documents
            .iter()
            .flat_map(|d| d.findings.iter().map(move |f| (d, f)))
    }
}

/// What renderers need to know about a rule (kept apart from the rule registry so renderers
/// depend on data only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// Markdown documentation.
    pub doc: &'static str,
}
