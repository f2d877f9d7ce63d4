//! Taints and tolerations (`k8s.io/api/core/v1` `taint.go`, `toleration.go`).

use serde::Deserialize;
use std::fmt;

use super::lenient::lenient_string;

/// `v1.Taint` (timeAdded is irrelevant to placement and dropped).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(default)]
pub struct Taint {
    pub key: String,
    #[serde(deserialize_with = "lenient_string")]
    pub value: String,
    pub effect: String,
}

impl fmt::Display for Taint {
    /// `Taint.ToString`: `key=value:effect`, `key:effect`, `key=value:` or `key`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.value.is_empty(), self.effect.is_empty()) {
            (true, true) => write!(f, "{}", self.key),
            (true, false) => write!(f, "{}:{}", self.key, self.effect),
            (false, _) => write!(f, "{}={}:{}", self.key, self.value, self.effect),
        }
    }
}

/// `v1.Toleration`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Toleration {
    pub key: String,
    pub operator: String,
    #[serde(deserialize_with = "lenient_string")]
    pub value: String,
    pub effect: String,
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// `Toleration.ToleratesTaint`: empty effect matches all effects; empty key (with Exists)
    /// matches all keys; empty operator means Equal; Lt/Gt compare as int64 (taint value
    /// `<`/`>` toleration value); unknown operators tolerate nothing.
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if !self.effect.is_empty() && self.effect != taint.effect {
            return false;
        }
        if !self.key.is_empty() && self.key != taint.key {
            return false;
        }
        match self.operator.as_str() {
            "" | "Equal" => self.value == taint.value,
            "Exists" => true,
            "Lt" | "Gt" => match (self.value.parse::<i64>(), taint.value.parse::<i64>()) {
                (Ok(tol), Ok(tnt)) if self.operator == "Lt" => tnt < tol,
                (Ok(tol), Ok(tnt)) => tnt > tol,
                _ => false,
            },
            _ => false,
        }
    }

    /// `Toleration.MatchToleration`: same key, effect, operator and value.
    pub fn same_identity(&self, other: &Toleration) -> bool {
        self.key == other.key
            && self.effect == other.effect
            && self.operator == other.operator
            && self.value == other.value
    }

    fn exists(key: &str, effect: &str) -> Toleration {
        Toleration {
            key: key.into(),
            operator: "Exists".into(),
            effect: effect.into(),
            ..Toleration::default()
        }
    }
}

/// `v1helper.TolerationsTolerateTaint`.
pub fn tolerations_tolerate(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| t.tolerates(taint))
}

/// `v1helper.FindMatchingUntoleratedTaint`: the first taint passing `filter` that no
/// toleration tolerates.
pub fn find_untolerated<'t>(
    taints: &'t [Taint],
    tolerations: &[Toleration],
    filter: impl Fn(&Taint) -> bool,
) -> Option<&'t Taint> {
    taints
        .iter()
        .find(|t| filter(t) && !tolerations_tolerate(tolerations, t))
}

/// The tolerations `AddOrUpdateDaemonPodTolerations` (pkg/controller/daemon/util) adds to every
/// DaemonSet Pod; network-unavailable only with hostNetwork.
pub fn daemon_tolerations(host_network: bool) -> Vec<Toleration> {
    let mut out = vec![
        Toleration::exists("node.kubernetes.io/not-ready", "NoExecute"),
        Toleration::exists("node.kubernetes.io/unreachable", "NoExecute"),
        Toleration::exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
        Toleration::exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
        Toleration::exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
        Toleration::exists("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if host_network {
        out.push(Toleration::exists(
            "node.kubernetes.io/network-unavailable",
            "NoSchedule",
        ));
    }
    out
}

/// `v1helper.AddOrUpdateTolerationInPodSpec` applied for each daemon toleration: a template
/// toleration with the same identity is replaced in place (dropping e.g. its
/// tolerationSeconds), otherwise the toleration is appended.
pub fn with_daemon_tolerations(template: &[Toleration], host_network: bool) -> Vec<Toleration> {
    let mut out = template.to_vec();
    for add in daemon_tolerations(host_network) {
        let mut updated = false;
        for existing in out.iter_mut() {
            if add.same_identity(existing) {
                *existing = add.clone();
                updated = true;
            }
        }
        if !updated {
            out.push(add);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taint(key: &str, value: &str, effect: &str) -> Taint {
        Taint {
            key: key.into(),
            value: value.into(),
            effect: effect.into(),
        }
    }
    fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        Toleration {
            key: key.into(),
            operator: op.into(),
            value: value.into(),
            effect: effect.into(),
            toleration_seconds: None,
        }
    }

    #[test]
    fn tolerates_taint_rules() {
        let t = taint("gpu", "yes", "NoSchedule");
        assert!(tol("gpu", "Equal", "yes", "NoSchedule").tolerates(&t));
        assert!(
            tol("gpu", "", "yes", "").tolerates(&t),
            "empty operator is Equal, empty effect all"
        );
        assert!(!tol("gpu", "", "no", "").tolerates(&t));
        assert!(tol("gpu", "Exists", "", "").tolerates(&t));
        assert!(
            tol("", "Exists", "", "").tolerates(&t),
            "empty key with Exists tolerates all"
        );
        assert!(
            !tol("", "Equal", "", "").tolerates(&t),
            "empty key with Equal needs equal value"
        );
        assert!(!tol("gpu", "Exists", "", "NoExecute").tolerates(&t));
        assert!(!tol("gpu", "Bogus", "", "").tolerates(&t));
        let n = taint("level", "5", "NoSchedule");
        assert!(tol("level", "Lt", "6", "").tolerates(&n));
        assert!(!tol("level", "Lt", "5", "").tolerates(&n));
        assert!(tol("level", "Gt", "4", "").tolerates(&n));
        assert!(!tol("level", "Gt", "x", "").tolerates(&n));
    }

    #[test]
    fn daemon_tolerations_replace_same_identity() {
        let mut mine = tol("node.kubernetes.io/not-ready", "Exists", "", "NoExecute");
        mine.toleration_seconds = Some(300);
        let all = with_daemon_tolerations(&[mine], false);
        assert_eq!(all.len(), 6);
        assert_eq!(all[0].toleration_seconds, None);
        assert_eq!(with_daemon_tolerations(&[], true).len(), 7);
    }

    #[test]
    fn taint_strings() {
        assert_eq!(taint("a", "b", "NoSchedule").to_string(), "a=b:NoSchedule");
        assert_eq!(taint("a", "", "NoExecute").to_string(), "a:NoExecute");
    }
}
