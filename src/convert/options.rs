//! What `dsctl convert` is asked to set on every DaemonSet, checked before any file is read.

use serde_json::Value;
use std::fmt;

/// An `IntOrString` field of a rolling update: `3` or `25%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(u64),
    Percent(u64),
}

impl IntOrPercent {
    /// Parses `N` or `N%` (non-negative, as `ValidateNonnegativeIntOrPercent` requires;
    /// a percentage above 100 is refused as `IsNotMoreThan100Percent` does).
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not an integer or a percentage (like 1 or 10%)");
        if let Some(n) = s.strip_suffix('%') {
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let n: u64 = n.parse().map_err(|_| bad())?;
            if n > 100 {
                return Err(format!("{s:?} is more than 100%"));
            }
            return Ok(IntOrPercent::Percent(n));
        }
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map(IntOrPercent::Int).map_err(|_| bad())
    }

    pub fn is_zero(self) -> bool {
        matches!(self, IntOrPercent::Int(0) | IntOrPercent::Percent(0))
    }

    /// The JSON form: a number, or a string with `%`.
    pub fn to_value(self) -> Value {
        match self {
            IntOrPercent::Int(n) => Value::from(n),
            IntOrPercent::Percent(n) => Value::from(format!("{n}%")),
        }
    }
}

impl fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrPercent::Int(n) => write!(f, "{n}"),
            IntOrPercent::Percent(n) => write!(f, "{n}%"),
        }
    }
}

/// Whether an `IntOrString` value in a manifest is zero (`0`, `0%`). Anything unreadable
/// counts as non-zero, which is what the API server's `getIntOrPercentValue` error path leaves.
pub fn is_zero_value(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => IntOrPercent::parse(s).is_ok_and(IntOrPercent::is_zero),
        _ => false,
    }
}

/// `--update-strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrategyType {
    RollingUpdate,
    OnDelete,
}

/// Everything the flags of `dsctl convert` set on the DaemonSets it writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `--node-selector KEY=VALUE`, in order.
    pub node_selector: Vec<(String, String)>,
    pub tolerate_control_plane: bool,
    pub tolerate_all: bool,
    pub priority_class: Option<String>,
    pub max_unavailable: Option<IntOrPercent>,
    pub max_surge: Option<IntOrPercent>,
    pub update_strategy: Option<StrategyType>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// `--only`, `-l`: which objects are converted.
    pub select: Selection,
}

impl Options {
    /// Refuses flag combinations no DaemonSet can have (`ValidateRollingUpdateDaemonSet`:
    /// maxSurge and maxUnavailable may not both be zero, nor both non-zero).
    pub fn check(&self) -> Result<(), String> {
        if self.update_strategy == Some(StrategyType::OnDelete)
            && (self.max_unavailable.is_some() || self.max_surge.is_some())
        {
            return Err(
                "--max-unavailable and --max-surge configure a RollingUpdate; they cannot be \
                 combined with --update-strategy OnDelete"
                    .to_string(),
            );
        }
        match (self.max_unavailable, self.max_surge) {
            (Some(u), Some(s)) if u.is_zero() && s.is_zero() => Err(format!(
                "--max-unavailable {u} and --max-surge {s} are both zero: a rolling update \
                 could never replace a Pod"
            )),
            (Some(u), Some(s)) if !u.is_zero() && !s.is_zero() => Err(format!(
                "--max-unavailable {u} and --max-surge {s} are both non-zero: a DaemonSet \
                 either surges (--max-unavailable 0 --max-surge N) or takes Pods down \
                 (--max-unavailable N), not both"
            )),
            (Some(u), None) if u.is_zero() => Err(
                "--max-unavailable 0 needs --max-surge N (a DaemonSet defaults maxSurge to 0, \
                 and both cannot be zero)"
                    .to_string(),
            ),
            _ => Ok(()),
        }
    }
}

/// Parses `--node-selector KEY=VALUE`, checking the label key and value syntax
/// (`IsQualifiedName`, `IsValidLabelValue` in apimachinery `util/validation`).
pub fn parse_node_selector(s: &str) -> Result<(String, String), String> {
    let Some((key, value)) = s.split_once('=') else {
        return Err(format!("--node-selector {s:?}: expected KEY=VALUE"));
    };
    check_label_key(key).map_err(|m| format!("--node-selector {s:?}: key {key:?} {m}"))?;
    check_label_value(value).map_err(|m| format!("--node-selector {s:?}: value {value:?} {m}"))?;
    Ok((key.to_string(), value.to_string()))
}

/// At most 63 bytes of `allowed`, starting and ending with an alphanumeric (the shape of
/// label names, label values and DNS labels).
fn is_short_token(s: &str, allowed: fn(u8) -> bool) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            b.len() <= 63
                && f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter().all(|&c| allowed(c))
        }
        _ => false,
    }
}

fn is_name_part(s: &str) -> bool {
    is_short_token(s, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')
    })
}

fn check_label_key(key: &str) -> Result<(), &'static str> {
    let (prefix, name) = match key.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if let Some(p) = prefix {
        let dns = p.len() <= 253
            && p.split('.').all(|l| {
                is_short_token(l, |c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'
                })
            });
        if !dns {
            return Err("has a prefix that is not a DNS subdomain (like example.com)");
        }
    }
    if !is_name_part(name) {
        return Err(
            "is not a label key: at most 63 characters, alphanumerics, `-`, `_` or `.`, \
             starting and ending with an alphanumeric",
        );
    }
    Ok(())
}

fn check_label_value(value: &str) -> Result<(), &'static str> {
    if value.is_empty() || is_name_part(value) {
        Ok(())
    } else {
        Err(
            "is not a label value: at most 63 characters, alphanumerics, `-`, `_` or `.`, \
             starting and ending with an alphanumeric",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_or_percent_forms() {
        assert_eq!(IntOrPercent::parse("3"), Ok(IntOrPercent::Int(3)));
        assert_eq!(IntOrPercent::parse("10%"), Ok(IntOrPercent::Percent(10)));
        for bad in ["", "%", "-1", "1.5", "ten", "101%", "1 %", "0x1"] {
            assert!(IntOrPercent::parse(bad).is_err(), "{bad}");
        }
        assert!(is_zero_value(&Value::from("0%")));
        assert!(is_zero_value(&Value::from(0)));
        assert!(!is_zero_value(&Value::from("25%")));
    }

    #[test]
    fn strategy_combinations() {
        let o = |u: &str, s: &str| Options {
            max_unavailable: (!u.is_empty()).then(|| IntOrPercent::parse(u).unwrap()),
            max_surge: (!s.is_empty()).then(|| IntOrPercent::parse(s).unwrap()),
            ..Default::default()
        };
        assert!(o("1", "1").check().is_err());
        assert!(o("0", "0%").check().is_err());
        assert!(o("0", "").check().is_err());
        assert!(o("0", "1").check().is_ok());
        assert!(o("", "10%").check().is_ok());
        assert!(o("2", "").check().is_ok());
        let mut on_delete = o("1", "");
        on_delete.update_strategy = Some(StrategyType::OnDelete);
        assert!(on_delete.check().is_err());
    }

    #[test]
    fn node_selector_syntax() {
        assert_eq!(
            parse_node_selector("kubernetes.io/os=linux"),
            Ok(("kubernetes.io/os".into(), "linux".into()))
        );
        assert!(parse_node_selector("disk=").is_ok());
        for bad in [
            "novalue",
            "=x",
            "a b=c",
            "Example.com/x=y",
            "k=-bad",
            "k=a=b",
        ] {
            assert!(parse_node_selector(bad).is_err(), "{bad}");
        }
    }
}

/// Which objects of the input are converted (`--only KIND/NAME`, `-l/--selector`); the others
/// are copied unchanged. Empty: every convertible object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `KIND/NAME` pairs; the kind in any case, as kubectl takes it (`deployment/web`).
    pub only: Vec<(String, String)>,
    /// Label selectors, each a list of requirements that must all hold.
    pub selectors: Vec<Vec<Requirement>>,
}

/// One requirement of an equality-based label selector, as `kubectl -l` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// `key=value`, `key==value`.
    Equals(String, String),
    /// `key!=value` (also true when the label is absent).
    NotEquals(String, String),
    /// `key`.
    Exists(String),
    /// `!key`.
    NotExists(String),
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.only.is_empty() && self.selectors.is_empty()
    }

    /// `KIND/NAME`, for `--only`.
    pub fn parse_only(s: &str) -> Result<(String, String), String> {
        match s.split_once('/') {
            Some((kind, name)) if !kind.is_empty() && !name.is_empty() && !name.contains('/') => {
                Ok((kind.to_string(), name.to_string()))
            }
            _ => Err(format!(
                "--only {s:?}: expected KIND/NAME (e.g. deployment/web)"
            )),
        }
    }

    /// An equality-based selector (`app=web,tier!=db,canary,!legacy`), for `-l/--selector`.
    pub fn parse_selector(s: &str) -> Result<Vec<Requirement>, String> {
        let bad = |why: &str| format!("--selector {s:?}: {why}");
        if s.contains('(') {
            return Err(bad(
                "set-based requirements (in, notin) are not supported; use key=value, key!=value, key or !key",
            ));
        }
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim) {
            let req = if let Some((k, v)) = part.split_once("!=") {
                Requirement::NotEquals(k.trim().to_string(), v.trim().to_string())
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                Requirement::Equals(k.trim().to_string(), v.trim().to_string())
            } else if let Some(k) = part.strip_prefix('!') {
                Requirement::NotExists(k.trim().to_string())
            } else {
                Requirement::Exists(part.to_string())
            };
            let key = match &req {
                Requirement::Equals(k, _)
                | Requirement::NotEquals(k, _)
                | Requirement::Exists(k)
                | Requirement::NotExists(k) => k,
            };
            if key.is_empty() || key.contains(char::is_whitespace) {
                return Err(bad("expected key=value, key!=value, key or !key"));
            }
            out.push(req);
        }
        Ok(out)
    }

    /// Whether `obj` is to be converted: when a selection is given, it is named by `--only`
    /// or its labels match one `--selector`.
    pub fn selects(&self, obj: &Value) -> bool {
        if self.is_empty() {
            return true;
        }
        let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
        let meta = obj.get("metadata");
        let name = meta
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let labels = meta.and_then(|m| m.get("labels"));
        let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
        self.only
            .iter()
            .any(|(k, n)| kind_named(k).eq_ignore_ascii_case(kind) && n == name)
            || self.selectors.iter().any(|reqs| {
                reqs.iter().all(|r| match r {
                    Requirement::Equals(k, v) => label(k) == Some(v.as_str()),
                    Requirement::NotEquals(k, v) => label(k) != Some(v.as_str()),
                    Requirement::Exists(k) => label(k).is_some(),
                    Requirement::NotExists(k) => label(k).is_none(),
                })
            })
    }
}

/// The kind a kubectl resource name stands for: the kind itself in any case, or one of the
/// plural and short names of the kinds `convert` reads (`deploy`, `deployments`, `rs`, `rc`,
/// `ds`).
fn kind_named(resource: &str) -> &str {
    match resource.to_ascii_lowercase().as_str() {
        "deploy" | "deployments" => "Deployment",
        "rs" | "replicasets" => "ReplicaSet",
        "rc" | "replicationcontrollers" => "ReplicationController",
        "ds" | "daemonsets" => "DaemonSet",
        _ => resource,
    }
}
