//! A step-by-step account of the controller's decision for one node.

use std::fmt::Write;

use super::Plan;
use crate::display::escape_control;
use crate::inventory::Node;
use crate::k8s::{DaemonSet, TermOutcome};

/// Walks `NodeShouldRunDaemonPod` for one node: every check, what it compared and its outcome,
/// then the two verdicts and the warnings.
pub fn explain(ds: &DaemonSet, node: &Node) -> String {
    let plan = Plan::new(ds);
    let verdict = plan.evaluate(node);
    let pod = &ds.pod;
    let mut out = String::new();
    let ns = if ds.namespace.is_empty() {
        String::new()
    } else {
        format!("{}/", ds.namespace)
    };
    let _ = writeln!(
        out,
        "{} {}{} on node {}",
        ds.kind,
        escape_control(&ns),
        escape_control(&ds.name),
        escape_control(&node.name)
    );

    let _ = write!(out, "1. spec.template.spec.nodeName: ");
    if pod.node_name.is_empty() {
        let _ = writeln!(out, "not set - passes");
    } else if pod.node_name == node.name {
        let _ = writeln!(out, "{:?} - equals the node name, passes", pod.node_name);
    } else {
        let _ = writeln!(
            out,
            "{:?} - not this node: shouldRun=false, shouldContinueRunning=false",
            pod.node_name
        );
    }

    let _ = write!(out, "2. nodeSelector: ");
    if pod.node_selector.is_empty() {
        let _ = writeln!(out, "not set - passes");
    } else {
        let _ = writeln!(out);
        for (k, want) in &pod.node_selector {
            let status = match node.labels.get(k) {
                Some(v) if v == want => format!("node has {k}={v} - passes"),
                Some(v) => format!("node has {k}={v} - FAILS"),
                None => format!("node has no label {k} - FAILS"),
            };
            let line = format!("wants {k}={want}: {status}");
            let _ = writeln!(out, "   - {}", escape_control(&line));
        }
    }

    let _ = write!(out, "3. required node affinity: ");
    match &pod
        .affinity
        .node_affinity
        .required_during_scheduling_ignored_during_execution
    {
        None => {
            let _ = writeln!(out, "not set - passes");
        }
        Some(sel) => {
            let (matched, outcomes) = sel.evaluate(&node.labels, &node.name);
            let _ = writeln!(
                out,
                "{} term(s), ORed - {}",
                outcomes.len(),
                if matched { "passes" } else { "FAILS" }
            );
            for (i, o) in outcomes.iter().enumerate() {
                let text = match o {
                    TermOutcome::Match => "matches".to_string(),
                    TermOutcome::Empty => "empty: matches nothing".to_string(),
                    TermOutcome::Invalid(e) => format!("invalid, matches nothing: {e}"),
                    TermOutcome::Mismatch(m) => format!("does not match: {m}"),
                };
                let _ = writeln!(out, "   - term {i}: {}", escape_control(&text));
            }
        }
    }

    let template_count = pod.tolerations.len();
    let _ = writeln!(
        out,
        "4. taints (NoSchedule and NoExecute) against {} toleration(s): {} from the template, {} added by the controller",
        plan.tolerations.len(),
        template_count,
        plan.tolerations.len().saturating_sub(template_count)
    );
    if node.taints.is_empty() {
        let _ = writeln!(out, "   - node has no taints - passes");
    }
    for taint in &node.taints {
        let line = if taint.effect != "NoSchedule" && taint.effect != "NoExecute" {
            format!(
                "{taint}: ignored ({} does not block DaemonSet Pods)",
                if taint.effect.is_empty() {
                    "no effect"
                } else {
                    &taint.effect
                }
            )
        } else if let Some(t) = plan.tolerations.iter().find(|t| t.tolerates(taint)) {
            let key = if t.key.is_empty() {
                "<any key>"
            } else {
                &t.key
            };
            let op = if t.operator.is_empty() {
                "Equal"
            } else {
                &t.operator
            };
            let effect = if t.effect.is_empty() {
                "<any effect>"
            } else {
                &t.effect
            };
            format!("{taint}: tolerated by {key} {op} {:?} {effect}", t.value)
        } else if taint.effect == "NoExecute" {
            format!("{taint}: NOT tolerated - shouldRun=false, shouldContinueRunning=false")
        } else {
            format!("{taint}: NOT tolerated - shouldRun=false (a running Pod may stay)")
        };
        let _ = writeln!(out, "   - {}", escape_control(&line));
    }
    if node.unschedulable {
        let _ = writeln!(
            out,
            "   (spec.unschedulable is set: the controller ignores it; DaemonSet Pods tolerate node.kubernetes.io/unschedulable)"
        );
    }
    let _ = writeln!(
        out,
        "Verdict: shouldRun={}, shouldContinueRunning={}",
        verdict.should_run, verdict.should_continue_running
    );
    for w in &verdict.warnings {
        let _ = writeln!(out, "Warning [{}]: {}", w.code, escape_control(&w.message));
    }
    out
}
