//! Findings: what a rule says about one object, as data.
//!
//! A finding names a field path in the API server's style (`spec.template.spec.containers[0].name`,
//! `metadata.labels[app]`); the command layer turns that path into a line and column with the
//! document's source map. Rules never count lines.

use serde::Serialize;
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice: the object is accepted, but something is likely wrong.
    Warning,
    /// The API server (or the schema) rejects the object.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The API server's error types (`k8s.io/apimachinery/pkg/util/validation/field` `ErrorType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ErrorType {
    #[serde(rename = "Required")]
    Required,
    #[serde(rename = "Invalid")]
    Invalid,
    #[serde(rename = "Unsupported value")]
    NotSupported,
    #[serde(rename = "Forbidden")]
    Forbidden,
    #[serde(rename = "Duplicate")]
    Duplicate,
    #[serde(rename = "Too long")]
    TooLong,
    #[serde(rename = "Too many")]
    TooMany,
    #[serde(rename = "Not found")]
    NotFound,
    #[serde(rename = "Internal error")]
    Internal,
    /// Not an API-server error: a type mismatch found while decoding (e.g. a boolean label value).
    #[serde(rename = "Type")]
    Type,
}

impl ErrorType {
    /// The text the API server prints for this type (`field.ErrorType.String()`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::Required => "Required value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::NotFound => "Not found",
            ErrorType::Internal => "Internal error",
            ErrorType::Type => "Invalid type",
        }
    }
}

/// One thing a rule found in one object. Positions are added by the caller from the field path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `DS101`. Never reused.
    pub code: &'static str,
    /// Stable kebab-case rule name, e.g. `selector-mismatch`.
    pub rule: &'static str,
    pub severity: Severity,
    /// Field path in the API server's style.
    pub field: String,
    /// The API server's error type, where the finding mirrors an API rule.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub error_type: Option<ErrorType>,
    /// Message with the actual values.
    pub message: String,
    /// Where the finding is written in the manifest, when that is not its field path: the API
    /// server reports a pod template's labels at `spec.template.labels` (upstream passes
    /// `fldPath.Child("labels")`), and a label's errors at the whole map; the manifest has
    /// them under `spec.template.metadata.labels`, at the label's key.
    #[serde(skip)]
    pub at: Option<Written>,
}

/// Where a finding is written in the manifest (see [`Finding::at`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: Vec<PathSegment>,
    /// Point at the key itself (a bad label name), not at its value.
    pub key: bool,
}

/// One segment of a field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// `.name` or a leading `name`.
    Field(String),
    /// `[3]`.
    Index(usize),
    /// `[key]`: a map key (labels, annotations, nodeSelector, resources...).
    Key(String),
}

/// Splits an API-style field path (`spec.containers[0].ports[1]`, `metadata.labels[a.b/c]`)
/// into segments. A bracket holding only digits is an index, anything else a map key.
pub fn parse_path(path: &str) -> Vec<PathSegment> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    out.push(PathSegment::Field(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    out.push(PathSegment::Field(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '[' => depth += 1,
                        ']' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    inner.push(c);
                }
                match inner.parse::<usize>() {
                    Ok(i) if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) => {
                        out.push(PathSegment::Index(i))
                    }
                    _ => out.push(PathSegment::Key(inner)),
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(PathSegment::Field(cur));
    }
    out
}

/// Builds API-style field paths the way `field.NewPath(..).Child(..).Index(..).Key(..)` does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(String);

impl FieldPath {
    /// `field.NewPath(name)`.
    pub fn new(name: &str) -> Self {
        FieldPath(name.to_string())
    }
    /// `.Child(name)`.
    pub fn child(&self, name: &str) -> Self {
        if self.0.is_empty() {
            FieldPath(name.to_string())
        } else {
            FieldPath(format!("{}.{}", self.0, name))
        }
    }
    /// `.Index(i)`.
    pub fn index(&self, i: usize) -> Self {
        FieldPath(format!("{}[{}]", self.0, i))
    }
    /// `.Key(k)`.
    pub fn key(&self, k: &str) -> Self {
        FieldPath(format!("{}[{}]", self.0, k))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_through_the_builder() {
        let p = FieldPath::new("spec")
            .child("template")
            .child("spec")
            .child("containers")
            .index(0)
            .child("name");
        assert_eq!(p.as_str(), "spec.template.spec.containers[0].name");
        assert_eq!(
            parse_path(p.as_str()),
            vec![
                PathSegment::Field("spec".into()),
                PathSegment::Field("template".into()),
                PathSegment::Field("spec".into()),
                PathSegment::Field("containers".into()),
                PathSegment::Index(0),
                PathSegment::Field("name".into()),
            ]
        );
    }

    #[test]
    fn keys_with_dots_and_slashes_stay_whole() {
        assert_eq!(
            parse_path("metadata.annotations[dsctl.io/ignore]"),
            vec![
                PathSegment::Field("metadata".into()),
                PathSegment::Field("annotations".into()),
                PathSegment::Key("dsctl.io/ignore".into()),
            ]
        );
    }
}
