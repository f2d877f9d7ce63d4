//! Placement: which nodes get a Pod of a DaemonSet, decided exactly as the DaemonSet controller
//! decides (`pkg/controller/daemon/daemon_controller.go` `NodeShouldRunDaemonPod` and
//! `predicates`), with a reason carrying the values behind every "no", and warnings for what
//! the controller does not check but the scheduler or the node will (resources, readiness).
//!
//! The controller's decision for a node, in order:
//! 1. `spec.template.spec.nodeName`, when set, must equal the node's name, else (false, false).
//! 2. `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`: every `nodeSelector` entry must be
//!    a node label with that value, and when required node affinity is set one of its terms must
//!    match (terms ORed, expressions ANDed, an empty or unparsable term matches nothing);
//!    a mismatch is (false, false).
//! 3. `FindMatchingUntoleratedTaint` over NoSchedule and NoExecute taints against the template's
//!    tolerations plus those `AddOrUpdateDaemonPodTolerations` adds: an untolerated NoExecute
//!    taint gives (false, false), an untolerated NoSchedule taint only (false, true) - a Pod
//!    already there keeps running. PreferNoSchedule taints are ignored, and so is
//!    `spec.unschedulable` (the controller reads taints only; the matching
//!    `node.kubernetes.io/unschedulable` taint is tolerated by every DaemonSet Pod).

mod explain;
mod pod;
mod render;
pub mod rollout;
pub mod whatif;

pub use explain::explain;
pub use pod::render_pod;
pub use render::{reason_text, render_changes, render_json, render_names, render_table};
pub use rollout::{Rollout, UpdateStrategy, plan_rollout, render_rollout, rollout_json};
pub use whatif::Edit;

use std::collections::BTreeMap;

use crate::inventory::Node;
use crate::k8s::taint::{find_untolerated, with_daemon_tolerations};
use crate::k8s::{DaemonSet, Quantity, TermOutcome, Toleration};

/// Stable reason and warning codes.
pub mod codes {
    /// `spec.template.spec.nodeName` names another node.
    pub const NODE_NAME_MISMATCH: &str = "node-name-mismatch";
    /// A `nodeSelector` entry is missing from the node's labels or has another value.
    pub const NODE_SELECTOR_MISMATCH: &str = "node-selector-mismatch";
    /// No term of the required node affinity matches.
    pub const AFFINITY_MISMATCH: &str = "affinity-mismatch";
    /// A NoSchedule or NoExecute taint is not tolerated.
    pub const TAINT_NOT_TOLERATED: &str = "taint-not-tolerated";
    /// Warning: the Pod's requests exceed the node's allocatable resources.
    pub const INSUFFICIENT_RESOURCES: &str = "insufficient-resources";
    /// Warning: the node's Ready condition is not True.
    pub const NODE_NOT_READY: &str = "node-not-ready";
    /// Warning: another previewed DaemonSet's Pod wants the same host port on this node.
    pub const HOST_PORT_CONFLICT: &str = "host-port-conflict";
    /// Every code, for uniqueness checks and documentation.
    pub const ALL: [&str; 7] = [
        NODE_NAME_MISMATCH,
        NODE_SELECTOR_MISMATCH,
        AFFINITY_MISMATCH,
        TAINT_NOT_TOLERATED,
        INSUFFICIENT_RESOURCES,
        NODE_NOT_READY,
        HOST_PORT_CONFLICT,
    ];
}

/// How many names a summary lists before "and N more".
const SHOWN: usize = 3;

/// `a, b, c and 7 more`: the first few names of a list and how many others.
fn summarised(names: &[String]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|n| crate::display::escape_control(n).into_owned())
        .collect();
    match names.len().saturating_sub(SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Finds the host ports two previewed DaemonSets both claim on nodes where both would run a
/// Pod (`HostPortInfo.CheckConflict` in the scheduler's NodePorts plugin): only one of the Pods
/// can run there. Each later DaemonSet gets one `host-port-conflict` warning per port it
/// claims, naming the earlier DaemonSets and the nodes (counted, the first few named), so the
/// report grows with the DaemonSets, not with DaemonSets squared times nodes. `sets[i]` and
/// `results[i]` belong together; every result lists the same nodes in the same order.
pub fn mark_host_port_conflicts(sets: &[DaemonSet], results: &mut [DaemonSetPreview]) {
    let claims: Vec<Vec<crate::k8s::hostport::Claim>> = sets
        .iter()
        .enumerate()
        .map(|(i, ds)| {
            let obj = serde_json::json!({"spec": {"template": ds.template}});
            crate::k8s::hostport::claims(i, &obj)
        })
        .collect();
    for j in 0..claims.len() {
        // Per port of the later DaemonSet: the earlier claimants and the nodes in question.
        let mut groups: Vec<(usize, Vec<String>, Vec<bool>)> = Vec::new();
        for i in 0..j {
            let Some((first, second)) = claims[i].iter().find_map(|a| {
                claims[j]
                    .iter()
                    .position(|b| a.conflicts_with(b))
                    .map(|b| (a, b))
            }) else {
                continue;
            };
            let both: Vec<bool> = results[i]
                .nodes
                .iter()
                .zip(&results[j].nodes)
                .map(|(a, b)| a.should_run && b.should_run)
                .collect();
            if !both.contains(&true) {
                continue;
            }
            let other = match sets[i].namespace.as_str() {
                "" => sets[i].name.clone(),
                ns => format!("{ns}/{}", sets[i].name),
            };
            let who = format!("{other} ({})", first.describe());
            match groups.iter_mut().find(|g| g.0 == second) {
                Some(g) => {
                    g.1.push(who);
                    for (seen, now) in g.2.iter_mut().zip(&both) {
                        *seen |= now;
                    }
                }
                None => groups.push((second, vec![who], both)),
            }
        }
        for (second, others, on) in groups {
            let nodes: Vec<String> = results[j]
                .nodes
                .iter()
                .zip(&on)
                .filter(|(_, on)| **on)
                .map(|(v, _)| v.name.clone())
                .collect();
            let noun = if others.len() == 1 {
                "DaemonSet"
            } else {
                "DaemonSets"
            };
            let message = format!(
                "hostPort {} is also claimed by {} {noun} {}: only one Pod claiming it can run on each of {} node(s): {}",
                claims[j][second].describe(),
                others.len(),
                summarised(&others),
                nodes.len(),
                summarised(&nodes),
            );
            results[j].warnings.push(Reason {
                code: codes::HOST_PORT_CONFLICT,
                message,
            });
        }
    }
}

/// A reason (or warning) with a stable kebab-case code and a message with the values.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub message: String,
}

/// The controller's two verdicts for one node, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeVerdict {
    pub name: String,
    /// A Pod is created when the node has none.
    pub should_run: bool,
    /// A Pod already on the node is kept.
    pub should_continue_running: bool,
    /// Why not, one entry per failed check (empty when `should_run`).
    pub reasons: Vec<Reason>,
    /// What the controller does not check but will matter.
    pub warnings: Vec<Reason>,
    /// Node labels and taints that took part in the decision, as `key=value` / taint strings,
    /// for the wide table.
    pub mattered: Vec<String>,
}

/// One DaemonSet's placement over an inventory, for the renderers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaemonSetPreview {
    /// `kind` as written: a Deployment, ReplicaSet or ReplicationController is previewed as
    /// the DaemonSet `convert` makes of it.
    pub kind: String,
    pub name: String,
    pub namespace: String,
    pub nodes: Vec<NodeVerdict>,
    /// Warnings about the DaemonSet as a whole (host ports other previewed DaemonSets claim).
    pub warnings: Vec<Reason>,
}

/// What placement needs from a DaemonSet, computed once for all nodes.
pub(crate) struct Plan<'a> {
    pub ds: &'a DaemonSet,
    pub tolerations: Vec<Toleration>,
    pub requests: BTreeMap<String, Quantity>,
}

impl<'a> Plan<'a> {
    pub fn new(ds: &'a DaemonSet) -> Self {
        Plan {
            ds,
            tolerations: with_daemon_tolerations(&ds.pod.tolerations, ds.pod.host_network),
            requests: ds.pod_requests(),
        }
    }

    /// `NodeShouldRunDaemonPod` plus the reasons and warnings.
    pub fn evaluate(&self, node: &Node) -> NodeVerdict {
        let pod = &self.ds.pod;
        let mut reasons = Vec::new();
        let mut mattered = Vec::new();
        let mut fits_name_and_affinity = true;
        if !pod.node_name.is_empty() && pod.node_name != node.name {
            fits_name_and_affinity = false;
            reasons.push(Reason {
                code: codes::NODE_NAME_MISMATCH,
                message: format!(
                    "spec.template.spec.nodeName is {:?}, not this node",
                    pod.node_name
                ),
            });
        }
        for (key, want) in &pod.node_selector {
            let has = node.labels.get(key);
            if let Some(v) = has {
                mattered.push(format!("{key}={v}"));
            }
            if has != Some(want) {
                fits_name_and_affinity = false;
                reasons.push(Reason {
                    code: codes::NODE_SELECTOR_MISMATCH,
                    message: match has {
                        Some(v) => format!("nodeSelector wants {key}={want}, node has {key}={v}"),
                        None => format!("nodeSelector wants {key}={want}, node has no label {key}"),
                    },
                });
            }
        }
        if let Some(required) = &pod
            .affinity
            .node_affinity
            .required_during_scheduling_ignored_during_execution
        {
            for term in &required.node_selector_terms {
                for e in &term.match_expressions {
                    if let Some(v) = node.labels.get(&e.key) {
                        let label = format!("{}={v}", e.key);
                        // A label read by several expressions is listed once.
                        if !mattered.contains(&label) {
                            mattered.push(label);
                        }
                    }
                }
            }
            let (matched, outcomes) = required.evaluate(&node.labels, &node.name);
            if !matched {
                fits_name_and_affinity = false;
                reasons.push(Reason {
                    code: codes::AFFINITY_MISMATCH,
                    message: affinity_message(&outcomes),
                });
            }
        }
        let scheduling =
            |t: &crate::k8s::Taint| t.effect == "NoSchedule" || t.effect == "NoExecute";
        let mut untolerated_no_execute = false;
        let mut untolerated_any = false;
        for taint in node.taints.iter().filter(|t| scheduling(t)) {
            mattered.push(taint.to_string());
            if find_untolerated(std::slice::from_ref(taint), &self.tolerations, |_| true).is_some()
            {
                untolerated_any = true;
                untolerated_no_execute |= taint.effect == "NoExecute";
                let consequence = if taint.effect == "NoExecute" {
                    "a running Pod would be evicted"
                } else {
                    "a running Pod may stay"
                };
                reasons.push(Reason {
                    code: codes::TAINT_NOT_TOLERATED,
                    message: format!("taint {taint} is not tolerated ({consequence})"),
                });
            }
        }
        let (should_run, should_continue_running) = if !fits_name_and_affinity {
            (false, false)
        } else if untolerated_any {
            (false, !untolerated_no_execute)
        } else {
            (true, true)
        };
        NodeVerdict {
            name: node.name.clone(),
            should_run,
            should_continue_running,
            reasons,
            // A node that neither gets nor keeps a Pod has nothing to warn about.
            warnings: if should_run || should_continue_running {
                self.warnings(node, should_run)
            } else {
                Vec::new()
            },
            mattered,
        }
    }

    /// What the controller does not check but will matter, worded for what it does: a node
    /// that gets no new Pod (it only keeps a running one) has no Pod being created.
    fn warnings(&self, node: &Node, should_run: bool) -> Vec<Reason> {
        let mut out = Vec::new();
        if node.ready == Some(false) {
            let message = if should_run {
                "the node's Ready condition is not True: the Pod is created but will not start until the node is Ready"
            } else {
                "the node's Ready condition is not True: a Pod running there stays, but is not Ready until the node is"
            };
            out.push(Reason {
                code: codes::NODE_NOT_READY,
                message: message.into(),
            });
        }
        // A node that reports no allocatable at all (hand-written objects) is not checked.
        if !node.allocatable.is_empty() {
            let short: Vec<String> = self
                .requests
                .iter()
                .filter(|(_, want)| !want.is_zero())
                .filter_map(|(res, want)| {
                    let have = node.allocatable.get(res).copied().unwrap_or_default();
                    (*want > have).then(|| format!("{res}: requests {want}, allocatable {have}"))
                })
                .collect();
            if !short.is_empty() {
                out.push(Reason {
                    code: codes::INSUFFICIENT_RESOURCES,
                    message: format!("the scheduler will not fit the Pod: {}", short.join("; ")),
                });
            }
        }
        out
    }
}

fn affinity_message(outcomes: &[TermOutcome]) -> String {
    if outcomes.is_empty() {
        return "required node affinity has no terms, so it matches no node".into();
    }
    let parts: Vec<String> = outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| match o {
            TermOutcome::Match => format!("term {i} matches"),
            TermOutcome::Empty => format!("term {i} is empty and matches nothing"),
            TermOutcome::Invalid(e) => format!("term {i} is invalid and matches nothing ({e})"),
            TermOutcome::Mismatch(m) => format!("term {i}: {m}"),
        })
        .collect();
    format!(
        "no required node affinity term matches: {}",
        parts.join("; ")
    )
}

/// Below this many nodes one thread evaluates everything (spawning costs more than it saves).
const PARALLEL_FROM: usize = 20_000;

/// The controller's verdict for every node, in inventory order. Large inventories are split
/// across the available cores.
pub fn preview(ds: &DaemonSet, nodes: &[Node]) -> Vec<NodeVerdict> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    preview_on(ds, nodes, threads)
}

/// [`preview`] with an explicit thread count (1 evaluates serially).
pub fn preview_on(ds: &DaemonSet, nodes: &[Node], threads: usize) -> Vec<NodeVerdict> {
    let plan = Plan::new(ds);
    if threads < 2 || nodes.len() < PARALLEL_FROM {
        return nodes.iter().map(|n| plan.evaluate(n)).collect();
    }
    let chunk = nodes.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = nodes
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(|n| plan.evaluate(n)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// A node that gains or loses a Pod between two previews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub node: String,
    pub change: ChangeKind,
}

/// Direction of a [`Change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The node gets a Pod it did not get before (or is new and gets one).
    Gains,
    /// The node had a Pod and no longer gets one (or left the inventory).
    Loses,
    /// The node got no new Pod but kept a running one (a NoSchedule taint it does not
    /// tolerate), and now the running one is evicted too (`shouldContinueRunning` false: a
    /// NoExecute taint, or it no longer fits at all).
    Evicts,
}

/// Compares two previews by node name (`shouldRun`, and `shouldContinueRunning` for a node
/// that only kept a running Pod), in the new preview's order, then nodes only in the old one.
pub fn baseline(old: &[NodeVerdict], new: &[NodeVerdict]) -> Vec<Change> {
    let before: BTreeMap<&str, (bool, bool)> = old
        .iter()
        .map(|v| (v.name.as_str(), (v.should_run, v.should_continue_running)))
        .collect();
    let after: BTreeMap<&str, bool> = new
        .iter()
        .map(|v| (v.name.as_str(), v.should_run))
        .collect();
    let mut out = Vec::new();
    for v in new {
        let (was, kept) = before
            .get(v.name.as_str())
            .copied()
            .unwrap_or((false, false));
        let change = match (was, v.should_run) {
            (false, true) => Some(ChangeKind::Gains),
            (true, false) => Some(ChangeKind::Loses),
            (false, false) if kept && !v.should_continue_running => Some(ChangeKind::Evicts),
            _ => None,
        };
        if let Some(change) = change {
            out.push(Change {
                node: v.name.clone(),
                change,
            });
        }
    }
    for v in old {
        if v.should_run && !after.contains_key(v.name.as_str()) {
            out.push(Change {
                node: v.name.clone(),
                change: ChangeKind::Loses,
            });
        }
    }
    out
}

/// The heading of one previewed object: `DaemonSet ns/name`, or `Deployment ns/name (as a
/// DaemonSet)` for the other kinds preview takes.
pub fn title(kind: &str, namespace: &str, name: &str) -> String {
    let who = if namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}/{name}")
    };
    if is_daemonset(kind) {
        format!("DaemonSet {who}")
    } else {
        format!("{kind} {who} (as a DaemonSet)")
    }
}

/// Whether a previewed object is a DaemonSet itself, not another kind read as one.
pub fn is_daemonset(kind: &str) -> bool {
    matches!(kind, "" | "DaemonSet")
}
