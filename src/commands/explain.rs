//! `dsctl explain CODE` and `dsctl explain --list`: the rules' documentation.

use crate::cli::ExplainArgs;
use anyhow::Result;
use dsctl::report::RuleInfo;
use dsctl::rules;
use std::fmt::Write;

/// Every rule as renderers see it, in registry order.
pub fn rule_infos() -> Vec<RuleInfo> {
    rules::registry()
        .iter()
        .map(|r| RuleInfo {
            code: r.code,
            name: r.name,
            severity: r.severity,
            summary: r.summary,
            doc: r.doc,
        })
        .collect()
}

pub fn run(args: ExplainArgs) -> Result<u8> {
    if args.list {
        let mut out = String::new();
        for r in rules::registry() {
            let _ = writeln!(
                out,
                "{}  {:<34} {:<7}  {}",
                r.code, r.name, r.severity, r.summary
            );
        }
        super::print(&out)?;
        return Ok(super::EXIT_CLEAN);
    }
    let wanted = args.rule.unwrap_or_default();
    match rules::lookup(&wanted) {
        Some(r) => {
            super::print(&format!(
                "# {} {}\n\nSeverity: {}\n\n{}\n\n{}",
                r.code,
                r.name,
                r.severity,
                r.summary,
                r.doc.trim_end().to_string() + "\n"
            ))?;
            Ok(super::EXIT_CLEAN)
        }
        None => {
            eprintln!("dsctl: error: no rule {wanted:?}; `dsctl explain --list` lists them all");
            Ok(super::EXIT_FAILURE)
        }
    }
}
