//! Rollouts: how a RollingUpdate of a DaemonSet walks over the nodes that run its Pods, in waves,
//! with `maxUnavailable` / `maxSurge` resolved and rounded as the controller does.
//!
//! Upstream, per sync of a DaemonSet (`pkg/controller/daemon/update.go`):
//! - `updatedDesiredNodeCounts` counts the nodes where `nodeShouldRunDaemonPod` says shouldRun
//!   (`desiredNumberScheduled`), scales both values against it with
//!   `util.UnavailableCount` / `util.SurgeCount` (`pkg/controller/daemon/util/daemonset_util.go`,
//!   both `intstr.GetScaledValueFromIntOrPercent(v, desired, roundUp=true)`: percentages round
//!   up), and when both come out 0 on a non-empty DaemonSet falls back to `maxUnavailable = 1`.
//! - `rollingUpdate` with `maxSurge == 0` deletes every unavailable old Pod at once (each counts
//!   against `maxUnavailable`), counts unavailable new Pods against it too, and deletes available
//!   old Pods while the count stays under `maxUnavailable`; the manage loop then creates the
//!   replacements. With `maxSurge > 0` it creates a new Pod beside every unavailable old Pod, and
//!   beside up to `maxSurge` minus the new Pods not yet available of the available ones, and
//!   deletes an old Pod once the new Pod beside it is available.
//!
//! Both loops range over a Go map (node name to Pods), whose order Go randomises: the number of
//! Pods per wave is what the controller guarantees, not which nodes share a wave. dsctl walks the
//! nodes in inventory order and says so.

use std::fmt::Write;

use serde_json::{Value, json};

use super::{DaemonSetPreview, NodeVerdict, codes};
use crate::display::escape_control;
use crate::k8s::WorkloadError;

/// An `intstr.IntOrString` value of `maxUnavailable` / `maxSurge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i64),
    Percent(i64),
}

impl std::fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrPercent::Int(i) => write!(f, "{i}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}

/// `spec.updateStrategy.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrategyType {
    RollingUpdate,
    OnDelete,
}

impl StrategyType {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyType::RollingUpdate => "RollingUpdate",
            StrategyType::OnDelete => "OnDelete",
        }
    }
}

/// A DaemonSet's update strategy after apps/v1 defaulting (`SetDefaults_DaemonSet`: type
/// RollingUpdate, maxUnavailable 1, maxSurge 0), plus `minReadySeconds`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateStrategy {
    pub kind: StrategyType,
    pub max_unavailable: IntOrPercent,
    pub max_surge: IntOrPercent,
    /// `maxUnavailable` was not written and took the default.
    pub unavailable_defaulted: bool,
    /// `maxSurge` was not written and took the default.
    pub surge_defaulted: bool,
    pub min_ready_seconds: i64,
    /// The workload is a Deployment: its `spec.strategy` is not read.
    pub from_deployment: bool,
}

fn invalid(path: &str, message: impl Into<String>) -> WorkloadError {
    WorkloadError {
        path: path.into(),
        message: message.into(),
    }
}

/// Reads one `maxUnavailable` / `maxSurge`: `None` when unset (absent or null). Values the
/// controller cannot scale (`getIntOrPercentValueSafely` errors) and values the API server
/// rejects (`ValidatePositiveIntOrPercent`, `IsNotMoreThan100Percent`) are errors.
fn int_or_percent(v: Option<&Value>, path: &str) -> Result<Option<IntOrPercent>, WorkloadError> {
    let value = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => {
            let digits = s.strip_suffix('%').ok_or_else(|| {
                invalid(
                    path,
                    format!("invalid value {s:?}: a string must be a percentage such as \"10%\" (the controller refuses it: string is not a percentage)"),
                )
            })?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(
                    path,
                    format!("invalid value {s:?}: a percentage is digits then '%', e.g. \"10%\""),
                ));
            }
            let p: i64 = digits
                .parse()
                .map_err(|_| invalid(path, format!("invalid value {s:?}: too large")))?;
            if p > 100 {
                return Err(invalid(
                    path,
                    format!("invalid value {s:?}: must not be greater than 100%"),
                ));
            }
            IntOrPercent::Percent(p)
        }
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) if i < 0 => {
                return Err(invalid(
                    path,
                    format!("invalid value {i}: must be greater than or equal to 0"),
                ));
            }
            Some(i) => IntOrPercent::Int(i),
            None => {
                return Err(invalid(
                    path,
                    format!("invalid value {n}: expected an integer or a percentage"),
                ));
            }
        },
        Some(_) => {
            return Err(invalid(path, "expected an integer or a percentage string"));
        }
    };
    Ok(Some(value))
}

impl UpdateStrategy {
    /// Reads `spec.updateStrategy` and `spec.minReadySeconds` of a DaemonSet (or Deployment,
    /// whose `spec.strategy` is a Deployment strategy: it gets the DaemonSet defaults, as a
    /// converted object without an update strategy would), applying `SetDefaults_DaemonSet`.
    /// A type other than RollingUpdate/OnDelete or a malformed value is an error naming the path.
    pub fn from_object(obj: &Value) -> Result<UpdateStrategy, WorkloadError> {
        let spec = obj.get("spec");
        let from_deployment = obj.get("kind").and_then(Value::as_str) == Some("Deployment");
        let min_ready_seconds = match spec.and_then(|s| s.get("minReadySeconds")) {
            None | Some(Value::Null) => 0,
            Some(v) => v
                .as_i64()
                .filter(|s| *s >= 0)
                .ok_or_else(|| invalid("spec.minReadySeconds", "expected an integer >= 0"))?,
        };
        let mut out = UpdateStrategy {
            kind: StrategyType::RollingUpdate,
            max_unavailable: IntOrPercent::Int(1),
            max_surge: IntOrPercent::Int(0),
            unavailable_defaulted: true,
            surge_defaulted: true,
            min_ready_seconds,
            from_deployment,
        };
        if from_deployment {
            return Ok(out);
        }
        let strategy = match spec.and_then(|s| s.get("updateStrategy")) {
            None | Some(Value::Null) => return Ok(out),
            Some(s @ Value::Object(_)) => s,
            Some(_) => return Err(invalid("spec.updateStrategy", "expected an object")),
        };
        out.kind = match strategy.get("type") {
            None | Some(Value::Null) => StrategyType::RollingUpdate,
            Some(Value::String(t)) if t.is_empty() || t == "RollingUpdate" => {
                StrategyType::RollingUpdate
            }
            Some(Value::String(t)) if t == "OnDelete" => StrategyType::OnDelete,
            Some(t) => {
                return Err(invalid(
                    "spec.updateStrategy.type",
                    format!(
                        "Unsupported value: {t}: supported values: \"OnDelete\", \"RollingUpdate\""
                    ),
                ));
            }
        };
        if out.kind == StrategyType::OnDelete {
            return Ok(out);
        }
        let ru = match strategy.get("rollingUpdate") {
            None | Some(Value::Null) => return Ok(out),
            Some(ru @ Value::Object(_)) => ru,
            Some(_) => {
                return Err(invalid(
                    "spec.updateStrategy.rollingUpdate",
                    "expected an object",
                ));
            }
        };
        if let Some(v) = int_or_percent(
            ru.get("maxUnavailable"),
            "spec.updateStrategy.rollingUpdate.maxUnavailable",
        )? {
            out.max_unavailable = v;
            out.unavailable_defaulted = false;
        }
        if let Some(v) = int_or_percent(
            ru.get("maxSurge"),
            "spec.updateStrategy.rollingUpdate.maxSurge",
        )? {
            out.max_surge = v;
            out.surge_defaulted = false;
        }
        Ok(out)
    }
}

/// A `maxUnavailable` / `maxSurge` scaled against the number of nodes that get a Pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub value: usize,
    pub written: IntOrPercent,
    pub defaulted: bool,
    /// How the value came about, e.g. `10% of 37 nodes = 3.7, rounded up to 4`.
    pub how: String,
}

fn nodes_noun(n: usize) -> &'static str {
    if n == 1 { "node" } else { "nodes" }
}

/// `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)`: an integer as is, a
/// percentage as `ceil(p * total / 100)` (computed on integers: the float version Go uses gives
/// the same result, since `p * total` is exact and a non-integer quotient is never within
/// rounding error of an integer).
pub fn resolve(written: IntOrPercent, total: usize, defaulted: bool) -> Resolved {
    let suffix = if defaulted { " (default)" } else { "" };
    match written {
        IntOrPercent::Int(i) => Resolved {
            value: usize::try_from(i).unwrap_or(0),
            written,
            defaulted,
            how: format!("{i}{suffix}"),
        },
        IntOrPercent::Percent(p) => {
            let p = u128::try_from(p).unwrap_or(0);
            let q = p * total as u128;
            let up = q.div_ceil(100);
            let exact = if q.is_multiple_of(100) {
                (q / 100).to_string()
            } else {
                let frac = format!("{:02}", q % 100);
                format!("{}.{}", q / 100, frac.trim_end_matches('0'))
            };
            let mut how = format!("{p}% of {total} {} = {exact}", nodes_noun(total));
            if !q.is_multiple_of(100) {
                let _ = write!(how, ", rounded up to {up}");
            }
            how.push_str(suffix);
            Resolved {
                value: usize::try_from(up).unwrap_or(usize::MAX),
                written,
                defaulted,
                how,
            }
        }
    }
}

/// How the controller replaces Pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `maxSurge` 0: delete old Pods, then create their replacements.
    DeleteThenCreate,
    /// `maxSurge` > 0: create the new Pod beside the old one, delete the old one once the new
    /// one is available.
    Surge,
    /// OnDelete: a new Pod is created only where an old one was deleted by hand.
    OnDelete,
}

/// One sync of the controller that replaces Pods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wave {
    /// The nodes whose Pod is replaced in this wave.
    pub nodes: Vec<String>,
    /// Pods unavailable at most during the wave (delete-then-create).
    pub unavailable: usize,
    /// Nodes running two Pods at most during the wave (surge).
    pub surged: usize,
}

/// A node whose new Pod never becomes available, and why (a warning code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuck {
    pub node: String,
    pub code: &'static str,
}

/// Why a rollout stops before every node runs an available new Pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stall {
    /// New Pods that never become available; they keep counting against the budget.
    pub never_available: Vec<Stuck>,
    /// Nodes still running only the old Pod.
    pub waiting: Vec<String>,
}

/// A simulated rollout of one DaemonSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollout {
    /// `kind` as written (see [`DaemonSetPreview::kind`]).
    pub kind: String,
    pub name: String,
    pub namespace: String,
    pub strategy: UpdateStrategy,
    /// Nodes that get a Pod (`desiredNumberScheduled`).
    pub nodes: usize,
    pub max_unavailable: Resolved,
    pub max_surge: Resolved,
    pub method: Method,
    pub waves: Vec<Wave>,
    pub stall: Option<Stall>,
    /// OnDelete: the nodes whose Pod must be deleted for the new template to roll out.
    pub to_delete: Vec<String>,
    /// Caveats, each a sentence.
    pub notes: Vec<String>,
}

/// What the simulation knows about one node that gets a Pod.
struct SimNode<'a> {
    name: &'a str,
    /// The old Pod is available now (not on a NotReady node).
    old_available: bool,
    /// Why a new Pod there never becomes available, if it does not.
    blocked: Option<&'static str>,
}

fn blocked_by(v: &NodeVerdict) -> Option<&'static str> {
    [codes::NODE_NOT_READY, codes::INSUFFICIENT_RESOURCES]
        .into_iter()
        .find(|code| v.warnings.iter().any(|w| w.code == *code))
}

/// Simulates the rollout of `preview`'s DaemonSet with `strategy`, from a state where every node
/// that gets a Pod runs an old Pod, available unless the node is NotReady, and each wave's new
/// Pods become available (Ready for `minReadySeconds`) before the next sync, except on NotReady
/// nodes and on nodes that cannot fit the Pod.
pub fn plan_rollout(preview: &DaemonSetPreview, strategy: &UpdateStrategy) -> Rollout {
    let eligible: Vec<&NodeVerdict> = preview.nodes.iter().filter(|v| v.should_run).collect();
    let desired = eligible.len();
    let mut max_unavailable = resolve(
        strategy.max_unavailable,
        desired,
        strategy.unavailable_defaulted,
    );
    let max_surge = resolve(strategy.max_surge, desired, strategy.surge_defaulted);
    let mut notes = Vec::new();
    if strategy.from_deployment {
        notes.push("a Deployment's spec.strategy is not a DaemonSet update strategy: simulated with the DaemonSet defaults (maxUnavailable 1, maxSurge 0); `dsctl convert` translates it".to_string());
    }
    let keeps: Vec<&str> = preview
        .nodes
        .iter()
        .filter(|v| !v.should_run && v.should_continue_running)
        .map(|v| v.name.as_str())
        .collect();
    if !keeps.is_empty() {
        notes.push(format!(
            "{} {} would keep a running Pod but not get a new one (NoSchedule taint not tolerated): an old Pod there is not in these waves, and the controller may delete it during the rollout without recreating it ({})",
            keeps.len(),
            nodes_noun(keeps.len()),
            keeps.join(", ")
        ));
    }
    let mut rollout = Rollout {
        kind: preview.kind.clone(),
        name: preview.name.clone(),
        namespace: preview.namespace.clone(),
        strategy: strategy.clone(),
        nodes: desired,
        max_unavailable: max_unavailable.clone(),
        max_surge: max_surge.clone(),
        method: Method::OnDelete,
        waves: Vec::new(),
        stall: None,
        to_delete: Vec::new(),
        notes,
    };
    if strategy.kind == StrategyType::OnDelete {
        rollout.to_delete = eligible.iter().map(|v| v.name.clone()).collect();
        return rollout;
    }
    let written_zero =
        |v: IntOrPercent| matches!(v, IntOrPercent::Int(0) | IntOrPercent::Percent(0));
    match (
        written_zero(strategy.max_unavailable),
        written_zero(strategy.max_surge),
    ) {
        (true, true) => rollout.notes.push("maxUnavailable and maxSurge are both 0: the API server rejects this (dsctl validate: DS109); a controller given it anyway uses maxUnavailable 1".into()),
        (false, false) => rollout.notes.push(format!(
            "maxUnavailable and maxSurge are both non-zero: the API server rejects this (dsctl validate: DS109{}); a controller given it anyway surges and ignores maxUnavailable",
            if strategy.unavailable_defaulted { "; maxUnavailable defaults to 1, so a surge needs maxUnavailable: 0 written out" } else { "" }
        )),
        _ => {}
    }
    // `updatedDesiredNodeCounts`: an impossible configuration falls back to unavailability 1.
    if desired > 0 && max_unavailable.value == 0 && max_surge.value == 0 {
        max_unavailable.value = 1;
        max_unavailable
            .how
            .push_str(", and 0 with maxSurge 0 falls back to 1");
        rollout.max_unavailable = max_unavailable.clone();
    }
    let sim: Vec<SimNode> = eligible
        .iter()
        .map(|v| SimNode {
            name: &v.name,
            old_available: !v.warnings.iter().any(|w| w.code == codes::NODE_NOT_READY),
            blocked: blocked_by(v),
        })
        .collect();
    let surge = max_surge.value > 0;
    let budget = if surge {
        rollout.method = Method::Surge;
        max_surge.value
    } else {
        rollout.method = Method::DeleteThenCreate;
        max_unavailable.value
    };
    let (waves, reached) = waves(&sim, budget, surge);
    rollout.waves = waves;
    let never_available: Vec<Stuck> = sim
        .iter()
        .zip(&reached)
        .filter(|(_, r)| **r)
        .filter_map(|(n, _)| {
            n.blocked.map(|code| Stuck {
                node: n.name.to_string(),
                code,
            })
        })
        .collect();
    let waiting: Vec<String> = sim
        .iter()
        .zip(&reached)
        .filter(|(_, r)| !**r)
        .map(|(n, _)| n.name.to_string())
        .collect();
    if !waiting.is_empty() {
        rollout.stall = Some(Stall {
            never_available,
            waiting,
        });
    } else if !never_available.is_empty() {
        // Every node was reached, but some new Pods never become available: the rollout never
        // reports complete (updatedNumberScheduled is reached, numberAvailable is not).
        rollout.stall = Some(Stall {
            never_available,
            waiting,
        });
    }
    rollout
}

/// The waves of `rollingUpdate`, one sync each, and which nodes were reached, in O(nodes).
///
/// Replaying the controller's loop sync by sync shows a pattern this follows directly: every
/// unavailable old Pod (NotReady node) is taken in the first sync whatever the budget; each sync
/// then takes the next available old Pods in order, as many as `budget` minus the new Pods that
/// never become available (`stuck`), minus (delete-then-create only) the unavailable old Pods
/// taken in the same sync. Candidates are collected in order and trimmed to the remaining
/// budget, so the ones taken are always the first ones left. The unit tests check this against
/// a literal replay of both loops.
fn waves(sim: &[SimNode], budget: usize, surge: bool) -> (Vec<Wave>, Vec<bool>) {
    let mut first: Vec<usize> = (0..sim.len()).filter(|&i| !sim[i].old_available).collect();
    let queue: Vec<usize> = (0..sim.len()).filter(|&i| sim[i].old_available).collect();
    let mut reached = vec![false; sim.len()];
    let mut waves = Vec::new();
    let mut stuck = 0usize;
    let mut next = 0usize;
    loop {
        let mut chosen = std::mem::take(&mut first);
        // With a surge, an unavailable old Pod's replacement is created beyond the budget and
        // counts against it only from the next sync on.
        let counted = if surge { stuck } else { stuck + chosen.len() };
        let take = budget.saturating_sub(counted).min(queue.len() - next);
        chosen.extend_from_slice(&queue[next..next + take]);
        next += take;
        if chosen.is_empty() {
            return (waves, reached);
        }
        // A wave's Pods are deleted or created at once: list them in inventory order.
        chosen.sort_unstable();
        let busy = stuck + chosen.len();
        stuck += chosen.iter().filter(|&&i| sim[i].blocked.is_some()).count();
        for &i in &chosen {
            reached[i] = true;
        }
        waves.push(Wave {
            nodes: chosen.iter().map(|&i| sim[i].name.to_string()).collect(),
            unavailable: if surge { 0 } else { busy },
            surged: if surge { busy } else { 0 },
        });
    }
}

const ORDER_NOTE: &str = "the controller walks a map of nodes to Pods, which Go iterates in random order: the number of Pods per wave holds, but which nodes share a wave varies; dsctl lists them in inventory order";

fn assumption(r: &Rollout) -> String {
    format!(
        "assumed: every node that gets a Pod runs an old Pod now (available unless the node is NotReady), and each wave's new Pods become available ({}) before the next wave, except on NotReady nodes and on nodes that cannot fit the Pod",
        if r.strategy.min_ready_seconds == 0 {
            "Ready".to_string()
        } else {
            format!(
                "Ready for minReadySeconds, {}s",
                r.strategy.min_ready_seconds
            )
        }
    )
}

fn waves_noun(n: usize) -> &'static str {
    if n == 1 { "wave" } else { "waves" }
}

/// The rollout plan as text: the resolved values and how they were computed, the waves as
/// `WAVE DOWN|SURGED NODES` rows, a stall if any, then notes.
pub fn render_rollout(rollouts: &[Rollout]) -> String {
    let mut out = String::new();
    for (i, r) in rollouts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let kind = r.strategy.kind.as_str();
        let _ = writeln!(
            out,
            "{}: {kind} over {} {} a Pod",
            escape_control(&super::title(&r.kind, &r.namespace, &r.name)),
            r.nodes,
            if r.nodes == 1 {
                "node that gets"
            } else {
                "nodes that get"
            }
        );
        let mut notes: Vec<String> = r.notes.clone();
        if r.method == Method::OnDelete {
            if r.to_delete.is_empty() {
                let _ = writeln!(out, "No node runs a Pod: nothing to roll out.");
            } else {
                let _ = writeln!(
                    out,
                    "Nothing rolls out by itself: the controller creates a new Pod only where an old one is deleted. Delete the Pods on these {} {} (`kubectl delete pod -n {} POD`):",
                    r.to_delete.len(),
                    nodes_noun(r.to_delete.len()),
                    if r.namespace.is_empty() {
                        "NAMESPACE".to_string()
                    } else {
                        escape_control(&r.namespace).into_owned()
                    }
                );
                let names: Vec<String> = r
                    .to_delete
                    .iter()
                    .map(|n| escape_control(n).into_owned())
                    .collect();
                let _ = writeln!(out, "  {}", names.join(", "));
            }
        } else {
            let _ = writeln!(out, "  maxUnavailable: {}", r.max_unavailable.how);
            let _ = writeln!(out, "  maxSurge: {}", r.max_surge.how);
            let _ = writeln!(out, "  minReadySeconds: {}", r.strategy.min_ready_seconds);
            if r.nodes == 0 {
                let _ = writeln!(out, "No node runs a Pod: nothing to roll out.");
            } else {
                let n = r.waves.len();
                let (column, per_wave) = if r.method == Method::Surge {
                    (
                        "SURGED",
                        format!(
                            "each creates up to {} new {} beside the old ones, and an old Pod is deleted once the new one beside it is available",
                            r.max_surge.value,
                            if r.max_surge.value == 1 {
                                "Pod"
                            } else {
                                "Pods"
                            }
                        ),
                    )
                } else {
                    (
                        "DOWN",
                        format!(
                            "each deletes up to {} old {}, then creates the replacements",
                            r.max_unavailable.value,
                            if r.max_unavailable.value == 1 {
                                "Pod"
                            } else {
                                "Pods"
                            }
                        ),
                    )
                };
                let most = r
                    .waves
                    .iter()
                    .map(|w| w.unavailable.max(w.surged))
                    .max()
                    .unwrap_or(0);
                let at_most = if r.method == Method::Surge {
                    format!("at most {most} {} with two Pods at once", nodes_noun(most))
                } else {
                    format!(
                        "at most {most} {} down at once",
                        if most == 1 { "Pod" } else { "Pods" }
                    )
                };
                let _ = writeln!(out, "{n} {}; {per_wave}; {at_most}", waves_noun(n));
                if r.strategy.min_ready_seconds > 0 && n > 0 {
                    let secs = r.strategy.min_ready_seconds.saturating_mul(n as i64);
                    let _ = writeln!(
                        out,
                        "At least {n} x minReadySeconds ({}s) = {secs}s, plus the time each wave's Pods take to become Ready",
                        r.strategy.min_ready_seconds
                    );
                }
                let _ = writeln!(out, "WAVE  {column:<6}  NODES");
                for (w, wave) in r.waves.iter().enumerate() {
                    let count = wave.unavailable.max(wave.surged);
                    let names: Vec<String> = wave
                        .nodes
                        .iter()
                        .map(|n| escape_control(n).into_owned())
                        .collect();
                    let _ = writeln!(out, "{:<4}  {count:<6}  {}", w + 1, names.join(", "));
                }
                if let Some(stall) = &r.stall {
                    render_stall(&mut out, r, stall);
                }
                notes.push(assumption(r));
                notes.push(ORDER_NOTE.into());
            }
        }
        for n in notes {
            let _ = writeln!(out, "note: {}", escape_control(&n));
        }
    }
    out
}

fn render_stall(out: &mut String, r: &Rollout, stall: &Stall) {
    let stuck: Vec<String> = stall
        .never_available
        .iter()
        .map(|s| format!("{} ({})", escape_control(&s.node), s.code))
        .collect();
    let budget = if r.method == Method::Surge {
        format!("maxSurge ({})", r.max_surge.value)
    } else {
        format!("maxUnavailable ({})", r.max_unavailable.value)
    };
    let pods = if stuck.len() == 1 {
        "the new Pod on"
    } else {
        "the new Pods on"
    };
    let verb = if stuck.len() == 1 {
        "becomes"
    } else {
        "become"
    };
    if stall.waiting.is_empty() {
        let _ = writeln!(
            out,
            "NEVER COMPLETES: {pods} {} never {verb} available",
            stuck.join(", ")
        );
    } else {
        let _ = writeln!(
            out,
            "STALLS after wave {}: {pods} {} never {verb} available and {} {budget}; {} {} the old Pod: {}",
            r.waves.len(),
            stuck.join(", "),
            if stuck.len() == 1 {
                "uses up"
            } else {
                "use up"
            },
            stall.waiting.len(),
            if stall.waiting.len() == 1 {
                "node keeps"
            } else {
                "nodes keep"
            },
            stall
                .waiting
                .iter()
                .map(|n| escape_control(n))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

/// The `rollout` object added to a DaemonSet in the preview JSON (version 1, additive):
/// `{"strategy","nodes","minReadySeconds","maxUnavailable":{"value","written","defaulted",
/// "computed"},"maxSurge":{...},"method","waves":[{"nodes","unavailable","surged"}],
/// "complete","stall":null|{"neverAvailable":[{"node","code"}],"waiting"},"toDelete","notes"}`.
pub fn rollout_json(r: &Rollout) -> Value {
    let resolved = |v: &Resolved| {
        json!({
            "value": v.value,
            "written": v.written.to_string(),
            "defaulted": v.defaulted,
            "computed": v.how,
        })
    };
    let method = match r.method {
        Method::DeleteThenCreate => "delete-then-create",
        Method::Surge => "surge",
        Method::OnDelete => "on-delete",
    };
    let waves: Vec<Value> = r
        .waves
        .iter()
        .map(|w| json!({"nodes": w.nodes, "unavailable": w.unavailable, "surged": w.surged}))
        .collect();
    let stall = r.stall.as_ref().map(|s| {
        json!({
            "neverAvailable": s.never_available.iter().map(|n| json!({"node": n.node, "code": n.code})).collect::<Vec<_>>(),
            "waiting": s.waiting,
        })
    });
    let mut notes = r.notes.clone();
    if r.method != Method::OnDelete && r.nodes > 0 {
        notes.push(assumption(r));
        notes.push(ORDER_NOTE.into());
    }
    json!({
        "strategy": r.strategy.kind.as_str(),
        "nodes": r.nodes,
        "minReadySeconds": r.strategy.min_ready_seconds,
        "maxUnavailable": resolved(&r.max_unavailable),
        "maxSurge": resolved(&r.max_surge),
        "method": method,
        "waves": waves,
        "complete": r.method != Method::OnDelete && r.stall.is_none(),
        "stall": stall,
        "toDelete": r.to_delete,
        "notes": notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preview::Reason;

    fn verdict(name: &str, warning: Option<&'static str>) -> NodeVerdict {
        NodeVerdict {
            name: name.into(),
            should_run: true,
            should_continue_running: true,
            reasons: Vec::new(),
            warnings: warning
                .map(|code| Reason {
                    code,
                    message: String::new(),
                })
                .into_iter()
                .collect(),
            mattered: Vec::new(),
        }
    }

    fn preview(n: usize, warned: &[(usize, &'static str)]) -> DaemonSetPreview {
        DaemonSetPreview {
            kind: "DaemonSet".to_string(),
            name: "d".into(),
            namespace: String::new(),
            nodes: (0..n)
                .map(|i| {
                    let w = warned.iter().find(|(j, _)| *j == i).map(|(_, c)| *c);
                    verdict(&format!("n{i}"), w)
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    fn strategy(spec: Value) -> UpdateStrategy {
        UpdateStrategy::from_object(&json!({"kind": "DaemonSet", "spec": spec}))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn sizes(r: &Rollout) -> Vec<usize> {
        r.waves.iter().map(|w| w.nodes.len()).collect()
    }

    #[test]
    fn percentages_round_up_like_get_scaled_value() {
        let p = IntOrPercent::Percent(10);
        assert_eq!(resolve(p, 37, false).value, 4);
        assert_eq!(
            resolve(p, 37, false).how,
            "10% of 37 nodes = 3.7, rounded up to 4"
        );
        assert_eq!(
            resolve(p, 1, false).how,
            "10% of 1 node = 0.1, rounded up to 1"
        );
        assert_eq!(resolve(p, 3, false).value, 1);
        assert_eq!(resolve(p, 10, false).how, "10% of 10 nodes = 1");
        assert_eq!(
            resolve(IntOrPercent::Percent(33), 3, false).how,
            "33% of 3 nodes = 0.99, rounded up to 1"
        );
        assert_eq!(resolve(IntOrPercent::Percent(0), 37, false).value, 0);
        assert_eq!(resolve(IntOrPercent::Percent(25), 0, false).value, 0);
        assert_eq!(resolve(IntOrPercent::Int(1), 37, true).how, "1 (default)");
    }

    #[test]
    fn defaults_and_errors() {
        let d = strategy(json!({}));
        assert_eq!(d.kind, StrategyType::RollingUpdate);
        assert_eq!(
            (d.max_unavailable, d.max_surge),
            (IntOrPercent::Int(1), IntOrPercent::Int(0))
        );
        let s = strategy(
            json!({"updateStrategy": {"rollingUpdate": {"maxSurge": "20%", "maxUnavailable": 0}}, "minReadySeconds": 5}),
        );
        assert_eq!(s.max_surge, IntOrPercent::Percent(20));
        assert_eq!(s.min_ready_seconds, 5);
        for bad in [
            json!("1"),
            json!("abc%"),
            json!(-1),
            json!("101%"),
            json!([1]),
            json!(1.5),
        ] {
            let e = UpdateStrategy::from_object(
                &json!({"kind": "DaemonSet", "spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": bad}}}}),
            );
            assert_eq!(
                e.err().map(|e| e.path),
                Some("spec.updateStrategy.rollingUpdate.maxUnavailable".to_string())
            );
        }
        let e = UpdateStrategy::from_object(
            &json!({"kind": "DaemonSet", "spec": {"updateStrategy": {"type": "Rolling"}}}),
        );
        assert!(e.is_err());
    }

    #[test]
    fn waves_of_max_unavailable() {
        let s = strategy(json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "10%"}}}));
        let r = plan_rollout(&preview(37, &[]), &s);
        assert_eq!(r.waves.len(), 10);
        assert_eq!(sizes(&r)[9], 1);
        assert!(r.stall.is_none());
        assert_eq!(r.waves[0].nodes, ["n0", "n1", "n2", "n3"]);
    }

    #[test]
    fn both_zero_falls_back_to_one() {
        let s = strategy(
            json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "0%", "maxSurge": 0}}}),
        );
        let r = plan_rollout(&preview(3, &[]), &s);
        assert_eq!(r.max_unavailable.value, 1);
        assert_eq!(sizes(&r), [1, 1, 1]);
        assert!(r.notes.iter().any(|n| n.contains("DS109")));
    }

    #[test]
    fn unavailable_old_pods_go_first_and_blocked_new_pods_stall() {
        let s = strategy(json!({}));
        // n2 NotReady: its old Pod is replaced at once, the new one never becomes available and
        // uses up maxUnavailable 1 for good.
        let r = plan_rollout(&preview(4, &[(2, codes::NODE_NOT_READY)]), &s);
        assert_eq!(r.waves.len(), 1);
        assert_eq!(r.waves[0].nodes, ["n2"]);
        let stall = r.stall.unwrap_or_else(|| unreachable!());
        assert_eq!(stall.waiting, ["n0", "n1", "n3"]);
        assert_eq!(stall.never_available[0].code, codes::NODE_NOT_READY);
    }

    #[test]
    fn surge_waits_for_the_new_pod_and_stalls_on_one_that_never_fits() {
        let s = strategy(
            json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 2}}}),
        );
        let r = plan_rollout(&preview(5, &[]), &s);
        assert_eq!(r.method, Method::Surge);
        assert_eq!(sizes(&r), [2, 2, 1]);
        assert_eq!(r.waves[0].surged, 2);
        let r = plan_rollout(&preview(5, &[(0, codes::INSUFFICIENT_RESOURCES)]), &s);
        // n0 keeps one of the two surge slots forever
        assert_eq!(sizes(&r), [2, 1, 1, 1]);
        assert!(r.stall.as_ref().is_some_and(|s| s.waiting.is_empty()));
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        Old,
        /// Surge only: the new Pod beside the old one.
        Both,
        New,
    }

    /// A literal replay of `rollingUpdate`'s two loops, one sync at a time, to check `waves`.
    fn replay(sim: &[SimNode], budget: usize, surge: bool) -> (Vec<Vec<String>>, Vec<bool>) {
        let mut state = vec![State::Old; sim.len()];
        let mut out = Vec::new();
        loop {
            let mut count = 0;
            let mut allowed = Vec::new();
            let mut candidates = Vec::new();
            let mut deleted = false;
            for (i, n) in sim.iter().enumerate() {
                match state[i] {
                    State::New if !surge => count += usize::from(n.blocked.is_some()),
                    State::New => {}
                    State::Both if n.blocked.is_some() => count += 1,
                    State::Both => {
                        state[i] = State::New;
                        deleted = true;
                    }
                    State::Old if !n.old_available => {
                        allowed.push(i);
                        count += usize::from(!surge);
                    }
                    State::Old if count >= budget => {}
                    State::Old => candidates.push(i),
                }
            }
            let remaining = budget.saturating_sub(count).min(candidates.len());
            allowed.extend_from_slice(&candidates[..remaining]);
            if allowed.is_empty() {
                if deleted {
                    continue;
                }
                let reached = state.iter().map(|s| *s != State::Old).collect();
                return (out, reached);
            }
            allowed.sort_unstable();
            for &i in &allowed {
                state[i] = if surge { State::Both } else { State::New };
            }
            out.push(allowed.iter().map(|&i| sim[i].name.to_string()).collect());
        }
    }

    #[test]
    fn waves_match_a_literal_replay_of_the_controller() {
        let names: Vec<String> = (0..7).map(|i| format!("n{i}")).collect();
        for n in 1..=7usize {
            for pattern in 0..3usize.pow(n as u32) {
                let sim: Vec<SimNode> = (0..n)
                    .map(|i| {
                        let kind = pattern / 3usize.pow(i as u32) % 3;
                        SimNode {
                            name: &names[i],
                            old_available: kind != 1,
                            blocked: match kind {
                                1 => Some(codes::NODE_NOT_READY),
                                2 => Some(codes::INSUFFICIENT_RESOURCES),
                                _ => None,
                            },
                        }
                    })
                    .collect();
                for budget in 1..=4 {
                    for surge in [false, true] {
                        let (fast, reached) = waves(&sim, budget, surge);
                        let fast: Vec<Vec<String>> = fast.into_iter().map(|w| w.nodes).collect();
                        let (slow, slow_reached) = replay(&sim, budget, surge);
                        assert_eq!(
                            fast, slow,
                            "n={n} pattern={pattern} budget={budget} surge={surge}"
                        );
                        assert_eq!(reached, slow_reached);
                    }
                }
            }
        }
    }

    #[test]
    fn on_delete_lists_the_nodes() {
        let s = strategy(json!({"updateStrategy": {"type": "OnDelete"}}));
        let r = plan_rollout(&preview(2, &[]), &s);
        assert_eq!(r.method, Method::OnDelete);
        assert_eq!(r.to_delete, ["n0", "n1"]);
        assert!(r.waves.is_empty());
    }
}
