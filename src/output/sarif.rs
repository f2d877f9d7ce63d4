//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Every rule is listed with its
//! help text, so viewers can explain a result; every result has a region with line and column.
//! A run with no results is still a valid log.

use crate::finding::Severity;
use crate::report::{Report, RuleInfo};
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A file path as a relative URI reference (forward slashes, unsafe bytes percent-encoded).
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Renders the report as a SARIF log; `rules` is the full registry (help texts).
pub fn render(report: &Report, rules: &[RuleInfo], tool_version: &str) -> String {
    let rule_objs: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings()
        .map(|(doc, f)| {
            let mut r = json!({
                "ruleId": f.finding.code,
                "level": level(f.finding.severity),
                "message": {"text": format!("{}: {}", f.finding.field, f.finding.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&doc.file)},
                        "region": {"startLine": f.line.max(1), "startColumn": f.column.max(1)}
                    },
                    "logicalLocations": [{
                        "fullyQualifiedName": format!("{}/{}", doc.object(), f.finding.field),
                        "kind": "object"
                    }]
                }],
            });
            if let Some(i) = rules.iter().position(|x| x.code == f.finding.code) {
                r["ruleIndex"] = json!(i);
            }
            r
        })
        .collect();
    let notifications: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            let mut n = json!({"level": "error", "message": {"text": p.message}});
            if let Some(line) = p.line {
                n["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&p.file)},
                        "region": {"startLine": line.max(1), "startColumn": p.column.unwrap_or(1).max(1)}
                    }
                }]);
            } else {
                n["locations"] = json!([{
                    "physicalLocation": {"artifactLocation": {"uri": uri(&p.file)}}
                }]);
            }
            n
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dsctl",
                "version": tool_version,
                "rules": rule_objs,
            }},
            // Columns count characters (Unicode code points), not SARIF's default UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": report.problems.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(uri("fixtures/a b.yaml"), "fixtures/a%20b.yaml");
        assert_eq!(uri("dir\\x.yml"), "dir/x.yml");
    }
}
