//! Renderers over previews: pure functions returning what the command layer prints.

use serde_json::{Value, json};
use std::fmt::Write;

use crate::display::{column_width, escape_control};

use super::{Change, ChangeKind, DaemonSetPreview, NodeVerdict, Reason};

fn run_label(v: &NodeVerdict) -> &'static str {
    match (v.should_run, v.should_continue_running) {
        (true, _) => "yes",
        (false, true) => "no (keeps)",
        (false, false) => "no",
    }
}

fn paint(text: &str, width: usize, code: &str, color: bool) -> String {
    let padded = format!("{text:<width$}");
    if color {
        format!("\x1b[{code}m{padded}\x1b[0m")
    } else {
        padded
    }
}

/// Reasons as one line: `code: message; code: message`.
pub fn reason_text(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| format!("{}: {}", r.code, r.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `NODE RUN REASON` rows (plus `MATTERED` - the labels and taints the decision read - when
/// `wide`), warnings as `warning` rows, and a summary line such as `12 of 15 nodes get a Pod`.
/// One section per DaemonSet, headed by its name when there are several or it is another kind.
pub fn render_table(results: &[DaemonSetPreview], wide: bool, color: bool) -> String {
    let mut out = String::new();
    for (i, r) in results.iter().enumerate() {
        // A heading when there are several, or when the object is not a DaemonSet (it is
        // previewed as the DaemonSet `convert` makes of it).
        if results.len() > 1 || !super::is_daemonset(&r.kind) {
            if i > 0 {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{}",
                escape_control(&super::title(&r.kind, &r.namespace, &r.name))
            );
        }
        let names: Vec<_> = r.nodes.iter().map(|v| escape_control(&v.name)).collect();
        // Bounded: one very long name overflows its cell instead of widening every row (or
        // panicking in `std::fmt` past a width of 65,535).
        let width = column_width(names.iter().map(|n| n.as_ref()), 4);
        let run_width = 10;
        let mattered: Vec<String> = r
            .nodes
            .iter()
            .map(|v| escape_control(&v.mattered.join(",")).into_owned())
            .collect();
        // As wide as its longest cell (bounded like the names), so REASON stays aligned.
        let mattered_width = column_width(mattered.iter().map(String::as_str), 8);
        if wide {
            let _ = writeln!(
                out,
                "{:<width$}  {:<run_width$}  {:<mattered_width$}  REASON",
                "NODE", "RUN", "MATTERED"
            );
        } else {
            let _ = writeln!(out, "{:<width$}  {:<run_width$}  REASON", "NODE", "RUN");
        }
        for ((v, name), mattered) in r.nodes.iter().zip(&names).zip(&mattered) {
            let label = run_label(v);
            let code = if v.should_run {
                "32"
            } else if v.should_continue_running {
                "33"
            } else {
                "31"
            };
            let run = paint(label, run_width, code, color);
            let reason = escape_control(&reason_text(&v.reasons)).into_owned();
            if wide {
                let line = format!("{name:<width$}  {run}  {mattered:<mattered_width$}  {reason}");
                let _ = writeln!(out, "{}", line.trim_end());
            } else {
                let line = format!("{name:<width$}  {run}  {reason}");
                let _ = writeln!(out, "{}", line.trim_end());
            }
            for w in &v.warnings {
                let tag = paint("warning", 0, "33", color);
                let _ = writeln!(
                    out,
                    "{:<width$}  {tag} {}: {}",
                    "",
                    w.code,
                    escape_control(&w.message)
                );
            }
        }
        for w in &r.warnings {
            let tag = paint("warning", 0, "33", color);
            let _ = writeln!(out, "{tag} {}: {}", w.code, escape_control(&w.message));
        }
        let _ = writeln!(out, "{}", summary(&r.nodes));
    }
    out
}

fn summary(nodes: &[NodeVerdict]) -> String {
    let run = nodes.iter().filter(|v| v.should_run).count();
    let keep = nodes
        .iter()
        .filter(|v| !v.should_run && v.should_continue_running)
        .count();
    let noun = if nodes.len() == 1 { "node" } else { "nodes" };
    // The verb agrees with the count that is its subject: "1 of 3 nodes gets a Pod".
    let verb = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    let mut s = format!(
        "{run} of {} {noun} {} a Pod",
        nodes.len(),
        verb(run, "gets", "get")
    );
    if keep > 0 {
        let _ = write!(
            s,
            "; {keep} more {} a running Pod (NoSchedule taint not tolerated)",
            verb(keep, "keeps", "keep")
        );
    }
    let warned = nodes.iter().filter(|v| !v.warnings.is_empty()).count();
    if warned > 0 {
        let _ = write!(s, "; {warned} with warnings");
    }
    s
}

/// The names of the nodes that get a Pod, one per line (all DaemonSets, in order).
pub fn render_names(results: &[DaemonSetPreview]) -> String {
    let mut out = String::new();
    for r in results {
        for v in r.nodes.iter().filter(|v| v.should_run) {
            out.push_str(&escape_control(&v.name));
            out.push('\n');
        }
    }
    out
}

/// The versioned JSON contract:
/// `{"version":1,"daemonSets":[{"name","namespace","summary":{"nodes","shouldRun",
/// "shouldContinueRunning"},"nodes":[{"name","shouldRun","shouldContinueRunning",
/// "reasons":[{"code","message"}],"warnings":[...]}],"warnings":[{"code","message"}]}]}`
/// (the DaemonSet-level `warnings`, host-port conflicts, are additive to version 1).
pub fn render_json(results: &[DaemonSetPreview]) -> Value {
    let sets: Vec<Value> = results
        .iter()
        .map(|r| {
            let nodes: Vec<Value> = r
                .nodes
                .iter()
                .map(|v| {
                    json!({
                        "name": v.name,
                        "shouldRun": v.should_run,
                        "shouldContinueRunning": v.should_continue_running,
                        "reasons": v.reasons,
                        "warnings": v.warnings,
                    })
                })
                .collect();
            json!({
                "name": r.name,
                "namespace": r.namespace,
                "summary": {
                    "nodes": r.nodes.len(),
                    "shouldRun": r.nodes.iter().filter(|v| v.should_run).count(),
                    "shouldContinueRunning": r.nodes.iter().filter(|v| v.should_continue_running).count(),
                },
                "nodes": nodes,
                "warnings": r.warnings,
            })
        })
        .collect();
    json!({"version": 1, "daemonSets": sets})
}

/// A baseline comparison: `+ NODE gains a Pod` / `- NODE loses a Pod` lines and a count line.
pub fn render_changes(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let (sign, what) = match c.change {
            ChangeKind::Gains => ('+', "gains a Pod"),
            ChangeKind::Loses => ('-', "loses a Pod"),
            ChangeKind::Evicts => (
                '-',
                "loses its running Pod (evicted: it no longer tolerates the node's taints)",
            ),
        };
        let _ = writeln!(out, "{sign} {} {what}", escape_control(&c.node));
    }
    let gains = changes
        .iter()
        .filter(|c| c.change == ChangeKind::Gains)
        .count();
    let losses = changes.len() - gains;
    let _ = writeln!(
        out,
        "{gains} {} a Pod, {losses} {} one",
        if gains == 1 {
            "node gains"
        } else {
            "nodes gain"
        },
        if losses == 1 { "loses" } else { "lose" }
    );
    out
}
