//! What-if edits: the `kubectl label` / `kubectl taint` / `kubectl cordon` a user is about to
//! run, applied to an inventory before previewing, so the preview says which nodes gain or lose
//! a Pod as a result.

use crate::inventory::{Node, parse_taint};
use crate::k8s::Taint;
use crate::k8s::selector::{check_label_value, check_qualified_name};

/// The taint the node lifecycle controller keeps in step with `spec.unschedulable`
/// (`TaintNodesByCondition`); every DaemonSet Pod tolerates it (`AddOrUpdateDaemonPodTolerations`).
pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

/// Which nodes an edit applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every node of the inventory (`all`, like `kubectl label nodes --all`).
    All,
    Node(String),
}

impl Target {
    fn parse(s: &str) -> Target {
        if s == "all" {
            Target::All
        } else {
            Target::Node(s.to_string())
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::All => f.write_str("all nodes"),
            Target::Node(n) => f.write_str(n),
        }
    }
}

/// One change to the inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// `kubectl label nodes NODE KEY=VALUE --overwrite`.
    Label {
        target: Target,
        key: String,
        value: String,
    },
    /// `kubectl label nodes NODE KEY-`.
    Unlabel { target: Target, key: String },
    /// `kubectl taint nodes NODE KEY[=VALUE]:EFFECT --overwrite`: replaces a taint with the same
    /// key and effect.
    Taint { target: Target, taint: Taint },
    /// `kubectl taint nodes NODE KEY[:EFFECT]-`: removes the taints with this key (and effect,
    /// when given).
    Untaint {
        target: Target,
        key: String,
        effect: String,
    },
    /// `kubectl cordon NODE`: `spec.unschedulable` and the unschedulable NoSchedule taint.
    Cordon { target: Target },
    /// `kubectl uncordon NODE`.
    Uncordon { target: Target },
}

impl Edit {
    /// `--label NODE KEY=VALUE`, key and value checked as the API server checks labels.
    pub fn label(node: &str, kv: &str) -> Result<Edit, String> {
        let (key, value) = kv
            .split_once('=')
            .ok_or_else(|| format!("--label {node} {kv}: expected KEY=VALUE"))?;
        check_qualified_name(key).map_err(|e| format!("--label: invalid key {key:?}: {e}"))?;
        check_label_value(value).map_err(|e| format!("--label: invalid value {value:?}: {e}"))?;
        Ok(Edit::Label {
            target: Target::parse(node),
            key: key.into(),
            value: value.into(),
        })
    }

    /// `--unlabel NODE KEY`.
    pub fn unlabel(node: &str, key: &str) -> Result<Edit, String> {
        check_qualified_name(key).map_err(|e| format!("--unlabel: invalid key {key:?}: {e}"))?;
        Ok(Edit::Unlabel {
            target: Target::parse(node),
            key: key.into(),
        })
    }

    /// `--taint NODE KEY[=VALUE]:EFFECT` adds; a trailing `-` removes, as `kubectl taint` does:
    /// `KEY-` (every effect), `KEY:EFFECT-`; a `=VALUE` in a removal is ignored, since kubectl
    /// removes by key and effect.
    pub fn taint(node: &str, spec: &str) -> Result<Edit, String> {
        let target = Target::parse(node);
        if let Some(removal) = spec.strip_suffix('-') {
            let (kv, effect) = removal.split_once(':').unwrap_or((removal, ""));
            let key = kv.split_once('=').map_or(kv, |(k, _)| k);
            if !matches!(effect, "" | "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
                return Err(format!(
                    "--taint: invalid taint effect {effect:?}: must be NoSchedule, PreferNoSchedule or NoExecute"
                ));
            }
            check_qualified_name(key)
                .map_err(|e| format!("--taint: invalid taint key {key:?}: {e}"))?;
            return Ok(Edit::Untaint {
                target,
                key: key.into(),
                effect: effect.into(),
            });
        }
        let taint = parse_taint(spec).map_err(|e| format!("--taint: {e}"))?;
        Ok(Edit::Taint { target, taint })
    }

    /// `--cordon NODE`.
    pub fn cordon(node: &str) -> Edit {
        Edit::Cordon {
            target: Target::parse(node),
        }
    }

    /// `--uncordon NODE`.
    pub fn uncordon(node: &str) -> Edit {
        Edit::Uncordon {
            target: Target::parse(node),
        }
    }

    fn target(&self) -> &Target {
        match self {
            Edit::Label { target, .. }
            | Edit::Unlabel { target, .. }
            | Edit::Taint { target, .. }
            | Edit::Untaint { target, .. }
            | Edit::Cordon { target }
            | Edit::Uncordon { target } => target,
        }
    }

    /// Cordoning or uncordoning, which never moves a DaemonSet Pod.
    pub fn is_cordon(&self) -> bool {
        matches!(self, Edit::Cordon { .. } | Edit::Uncordon { .. })
    }

    fn apply(&self, node: &mut Node) {
        match self {
            Edit::Label { key, value, .. } => {
                node.labels.insert(key.clone(), value.clone());
            }
            Edit::Unlabel { key, .. } => {
                node.labels.remove(key);
            }
            Edit::Taint { taint, .. } => {
                node.taints
                    .retain(|t| !(t.key == taint.key && t.effect == taint.effect));
                node.taints.push(taint.clone());
            }
            Edit::Untaint { key, effect, .. } => node
                .taints
                .retain(|t| !(t.key == *key && (effect.is_empty() || t.effect == *effect))),
            Edit::Cordon { .. } => {
                node.unschedulable = true;
                if !node
                    .taints
                    .iter()
                    .any(|t| t.key == UNSCHEDULABLE_TAINT && t.effect == "NoSchedule")
                {
                    node.taints.push(Taint {
                        key: UNSCHEDULABLE_TAINT.into(),
                        value: String::new(),
                        effect: "NoSchedule".into(),
                    });
                }
            }
            Edit::Uncordon { .. } => {
                node.unschedulable = false;
                node.taints
                    .retain(|t| !(t.key == UNSCHEDULABLE_TAINT && t.effect == "NoSchedule"));
            }
        }
    }
}

impl std::fmt::Display for Edit {
    /// The kubectl command the edit stands for.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Edit::Label { target, key, value } => write!(f, "label {target} {key}={value}"),
            Edit::Unlabel { target, key } => write!(f, "label {target} {key}-"),
            Edit::Taint { target, taint } => write!(f, "taint {target} {taint}"),
            Edit::Untaint {
                target,
                key,
                effect,
            } if effect.is_empty() => write!(f, "taint {target} {key}-"),
            Edit::Untaint {
                target,
                key,
                effect,
            } => write!(f, "taint {target} {key}:{effect}-"),
            Edit::Cordon { target } => write!(f, "cordon {target}"),
            Edit::Uncordon { target } => write!(f, "uncordon {target}"),
        }
    }
}

/// Why the edits cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatIfError {
    /// The edit names a node the inventory does not have.
    UnknownNode(String),
    /// A taint removal found nothing to remove (kubectl: `taint ... not found`).
    TaintNotFound { edit: String },
}

impl std::fmt::Display for WhatIfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WhatIfError::UnknownNode(n) => write!(f, "no node {n:?} in the inventory"),
            WhatIfError::TaintNotFound { edit } => {
                write!(f, "{edit}: no such taint on the node(s)")
            }
        }
    }
}

impl std::error::Error for WhatIfError {}

/// Applies the edits in order to a copy of the inventory.
pub fn apply(nodes: &[Node], edits: &[Edit]) -> Result<Vec<Node>, WhatIfError> {
    let mut out = nodes.to_vec();
    for edit in edits {
        let before: usize = out.iter().map(|n| n.taints.len()).sum();
        match edit.target() {
            Target::All => out.iter_mut().for_each(|n| edit.apply(n)),
            Target::Node(name) => {
                let node = out
                    .iter_mut()
                    .find(|n| n.name == *name)
                    .ok_or_else(|| WhatIfError::UnknownNode(name.clone()))?;
                edit.apply(node);
            }
        }
        let after: usize = out.iter().map(|n| n.taints.len()).sum();
        if matches!(edit, Edit::Untaint { .. }) && after == before {
            return Err(WhatIfError::TaintNotFound {
                edit: edit.to_string(),
            });
        }
    }
    Ok(out)
}

/// What to tell a user whose edits include a cordon: DaemonSets ignore it.
pub fn cordon_note(edits: &[Edit]) -> Option<String> {
    if !edits.iter().any(Edit::is_cordon) {
        return None;
    }
    let only = edits.iter().all(Edit::is_cordon);
    Some(format!(
        "{}cordoning does not move DaemonSet Pods: the DaemonSet controller gives every DaemonSet Pod a toleration for {UNSCHEDULABLE_TAINT}:NoSchedule and ignores spec.unschedulable; drain with `kubectl drain --ignore-daemonsets` leaves them running too",
        if only { "nothing changes: " } else { "" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes() -> Vec<Node> {
        ["a", "b"]
            .iter()
            .map(|n| Node {
                name: n.to_string(),
                ..Node::default()
            })
            .collect()
    }

    fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
        r.unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn edits_apply_in_order() {
        let edits = [
            ok(Edit::label("all", "zone=a")),
            ok(Edit::unlabel("b", "zone")),
            ok(Edit::taint("a", "gpu=yes:NoSchedule")),
            ok(Edit::taint("a", "gpu=no:NoSchedule")),
            Edit::cordon("b"),
        ];
        let out = ok(apply(&nodes(), &edits));
        assert_eq!(out[0].labels.get("zone").map(String::as_str), Some("a"));
        assert!(out[1].labels.is_empty());
        assert_eq!(out[0].taints.len(), 1, "same key and effect is replaced");
        assert_eq!(out[0].taints[0].value, "no");
        assert!(out[1].unschedulable);
        assert_eq!(out[1].taints[0].key, UNSCHEDULABLE_TAINT);
        let out = ok(apply(
            &out,
            &[Edit::uncordon("b"), ok(Edit::taint("a", "gpu-"))],
        ));
        assert!(!out[1].unschedulable && out[1].taints.is_empty());
        assert!(out[0].taints.is_empty());
    }

    #[test]
    fn bad_edits_are_errors() {
        assert!(Edit::label("a", "novalue").is_err());
        assert!(Edit::label("a", "bad key=x").is_err());
        assert!(Edit::label("a", "k=bad value").is_err());
        assert!(Edit::taint("a", "k:Sometimes").is_err());
        assert!(Edit::taint("a", "k:Sometimes-").is_err());
        assert!(Edit::taint("a", "k").is_err());
        assert_eq!(
            apply(&nodes(), &[Edit::cordon("zz")]),
            Err(WhatIfError::UnknownNode("zz".into()))
        );
        assert!(matches!(
            apply(&nodes(), &[ok(Edit::taint("a", "k:NoSchedule-"))]),
            Err(WhatIfError::TaintNotFound { .. })
        ));
    }

    #[test]
    fn cordon_note_says_nothing_changes_when_alone() {
        assert!(
            cordon_note(&[Edit::cordon("a")]).is_some_and(|n| n.starts_with("nothing changes"))
        );
        assert!(cordon_note(&[ok(Edit::label("a", "k=v"))]).is_none());
    }
}
