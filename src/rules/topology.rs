//! Topology spread constraints of a pod template.

use super::metadata::validate_label_name;
use super::object::{get, int_at, items, str_at, string_map, string_or_empty, strings};
use super::selector::validate_label_selector_as;
use super::{Emitter, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS226.
pub const INVALID_TOPOLOGY_SPREAD: Rule = Rule {
    code: "DS226",
    name: "invalid-topology-spread",
    severity: Severity::Error,
    summary: "A topologySpreadConstraints entry has a bad maxSkew, topologyKey, whenUnsatisfiable, minDomains, policy, selector or matchLabelKeys",
    doc: r#"## What it does
Checks each `topologySpreadConstraints` entry: `maxSkew` is positive; `topologyKey` is set;
`whenUnsatisfiable` is `DoNotSchedule` or `ScheduleAnyway`; no two entries share a
`{topologyKey, whenUnsatisfiable}` pair (reported at the path
`topologySpreadConstraints[i].{topologyKey, whenUnsatisfiable}`, as the server writes it);
`minDomains`, when set, is positive and comes with `whenUnsatisfiable: DoNotSchedule`;
`nodeAffinityPolicy` and `nodeTaintsPolicy` are `Honor` or `Ignore`; the `labelSelector` is
valid (label values included); `matchLabelKeys` need a `labelSelector` and are label keys. A
key in both `matchLabelKeys` and the selector is refused when the selector already has it
twice (the server checks the selector it merged the keys into, which a template never has).

## Why is this bad?
The API server rejects the object. For a DaemonSet, spreading is rarely what you want at all:
the controller places one Pod per node by itself, and a `DoNotSchedule` constraint can leave
Pods Pending on nodes the controller picked.

## Example
```yaml
topologySpreadConstraints:
- maxSkew: 0
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: DoNotSchedule
```

## Fix
```yaml
topologySpreadConstraints:
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: DoNotSchedule
```

## Upstream
`validateTopologySpreadConstraints`, `ValidatePositiveField`, `ValidateTopologyKey`,
`ValidateWhenUnsatisfiable`, `ValidateSpreadConstraintNotRepeat`, `validateMinDomains`,
`validateNodeInclusionPolicy`, `ValidateMatchLabelKeysAndMismatchLabelKeys` (with
`MatchLabelKeysInPodTopologySpreadSelectorMerge`, on from 1.34) or
`ValidateMatchLabelKeysInTopologySpread` (before) (`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// `isNotPositiveErrorMsg`.
const NOT_POSITIVE: &str = "must be greater than zero";

/// `validateTopologySpreadConstraints` for a pod being created.
pub(crate) fn check(pod: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    let rule = &INVALID_TOPOLOGY_SPREAD;
    let constraints = items(pod, "topologySpreadConstraints");
    let pair = |c| {
        (
            string_or_empty(c, "topologyKey"),
            string_or_empty(c, "whenUnsatisfiable"),
        )
    };
    // Where each {topologyKey, whenUnsatisfiable} pair is last listed: an entry repeats when a
    // later one has its pair (upstream compares each with the rest of the list).
    let mut last = std::collections::HashMap::new();
    for (i, c) in constraints.iter().enumerate() {
        last.insert(pair(c), i);
    }
    for (i, c) in constraints.iter().enumerate() {
        let p = path.child("topologySpreadConstraints").index(i);
        let max_skew = int_at(c, "maxSkew").unwrap_or(0);
        if max_skew <= 0 {
            report.invalid(rule, &p.child("maxSkew"), &json!(max_skew), NOT_POSITIVE);
        }
        if string_or_empty(c, "topologyKey").is_empty() {
            report.required(rule, &p.child("topologyKey"), "can not be empty");
        }
        let action = string_or_empty(c, "whenUnsatisfiable");
        if !matches!(action, "DoNotSchedule" | "ScheduleAnyway") {
            report.not_supported(
                rule,
                &p.child("whenUnsatisfiable"),
                &json!(action),
                &["DoNotSchedule", "ScheduleAnyway"],
            );
        }
        let (key, when) = pair(c);
        if last.get(&(key, when)) != Some(&i) {
            report.duplicate(
                rule,
                &p.child("{topologyKey, whenUnsatisfiable}"),
                &json!(format!("{{{key}, {when}}}")),
            );
        }
        if let Some(min) = get(c, "minDomains").filter(|v| !v.is_null()) {
            let min = min.as_i64().unwrap_or(0);
            if min <= 0 {
                report.invalid(rule, &p.child("minDomains"), &json!(min), NOT_POSITIVE);
            }
            if action != "DoNotSchedule" {
                report.invalid(
                    rule,
                    &p.child("minDomains"),
                    &json!(min),
                    &format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                    ),
                );
            }
        }
        for key in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(policy) = get(c, key).filter(|v| !v.is_null()) {
                let policy = policy.as_str().unwrap_or("");
                if !matches!(policy, "Honor" | "Ignore") {
                    report.not_supported(rule, &p.child(key), &json!(policy), &["Honor", "Ignore"]);
                }
            }
        }
        let selector = get(c, "labelSelector").filter(|v| !v.is_null());
        let keys = strings(c, "matchLabelKeys");
        if opts.kube_minor >= 34 {
            match_label_keys(&p, &keys, &[], selector, rule, report);
        } else {
            legacy_match_label_keys(&p.child("matchLabelKeys"), &keys, selector, rule, report);
        }
        if let Some(sel) = selector {
            validate_label_selector_as(sel, &p.child("labelSelector"), true, rule, report);
        }
    }
}

/// `ValidateMatchLabelKeysAndMismatchLabelKeys`: shared by pod affinity terms and (from 1.34)
/// topology spread constraints, under the term's path `p`.
pub(crate) fn match_label_keys(
    p: &FieldPath,
    match_keys: &[&str],
    mismatch_keys: &[&str],
    selector: Option<&Value>,
    rule: &'static Rule,
    report: &mut Report,
) {
    for (field, keys) in [
        ("matchLabelKeys", match_keys),
        ("mismatchLabelKeys", mismatch_keys),
    ] {
        if keys.is_empty() {
            continue;
        }
        let kp = p.child(field);
        if selector.is_none() {
            report.forbidden(
                rule,
                &kp,
                "must not be specified when labelSelector is not set",
            );
            continue;
        }
        for (i, key) in keys.iter().enumerate() {
            validate_label_name(key, &kp.index(i), rule, report);
        }
    }
    if let Some(sel) = selector {
        // A matchLabelKeys key the selector has twice (the server merges the keys into the
        // selector before it validates a Pod; a template is checked as written). Upstream
        // reports it at the term's path indexed by the key's position.
        let index: std::collections::HashMap<&str, usize> = match_keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i))
            .collect();
        let mut seen: std::collections::HashSet<&str> = string_map(sel, "matchLabels")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        for expr in items(sel, "matchExpressions") {
            let key = str_at(expr, "key").unwrap_or("");
            if let Some(&i) = index.get(key)
                && seen.contains(key)
            {
                report.invalid(
                    rule,
                    &p.index(i),
                    &json!(key),
                    "exists in both matchLabelKeys and labelSelector",
                );
            }
            seen.insert(key);
        }
    }
    let mismatch: std::collections::HashSet<&str> = mismatch_keys.iter().copied().collect();
    for (i, key) in match_keys.iter().enumerate() {
        if mismatch.contains(key) {
            report.invalid(
                rule,
                &p.child("matchLabelKeys").index(i),
                &json!(key),
                "exists in both matchLabelKeys and mismatchLabelKeys",
            );
        }
    }
}

/// `ValidateMatchLabelKeysInTopologySpread` (before 1.34).
fn legacy_match_label_keys(
    p: &FieldPath,
    keys: &[&str],
    selector: Option<&Value>,
    rule: &'static Rule,
    report: &mut Report,
) {
    if keys.is_empty() {
        return;
    }
    let mut in_selector = std::collections::HashSet::new();
    match selector {
        Some(sel) => {
            in_selector.extend(string_map(sel, "matchLabels").into_iter().map(|(k, _)| k));
            in_selector.extend(
                items(sel, "matchExpressions")
                    .iter()
                    .map(|e| string_or_empty(e, "key")),
            );
        }
        None => report.forbidden(
            rule,
            p,
            "must not be specified when labelSelector is not set",
        ),
    }
    for (i, key) in keys.iter().enumerate() {
        validate_label_name(key, &p.index(i), rule, report);
        if in_selector.contains(key) {
            report.invalid(
                rule,
                &p.index(i),
                &json!(key),
                "exists in both matchLabelKeys and labelSelector",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pod_findings;
    use serde_json::json;

    fn fields(pod: serde_json::Value, minor: u32) -> Vec<String> {
        pod_findings(pod, minor, "DS226")
            .into_iter()
            .map(|(f, _)| f.replace("spec.template.spec.topologySpreadConstraints", "t"))
            .collect()
    }

    #[test]
    fn each_constraint_field_is_checked() {
        let pod = json!({"containers": [{"name": "a", "image": "example.com/a:1"}],
        "topologySpreadConstraints": [
            {"maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "Sometimes",
             "minDomains": 0, "nodeAffinityPolicy": "Maybe", "nodeTaintsPolicy": "Honor"},
            {"maxSkew": 1, "topologyKey": "", "whenUnsatisfiable": "DoNotSchedule",
             "labelSelector": {"matchExpressions": [{"key": "app", "operator": "Has"}]}},
            {"maxSkew": 1, "topologyKey": "", "whenUnsatisfiable": "DoNotSchedule",
             "matchLabelKeys": ["pod-template-hash"]}
        ]});
        assert_eq!(
            fields(pod, 36),
            vec![
                "t[0].maxSkew",
                "t[0].whenUnsatisfiable",
                "t[0].minDomains",
                "t[0].minDomains",
                "t[0].nodeAffinityPolicy",
                "t[1].topologyKey",
                "t[1].{topologyKey, whenUnsatisfiable}",
                "t[1].labelSelector.matchExpressions[0].operator",
                "t[2].topologyKey",
                "t[2].matchLabelKeys",
            ]
        );
    }

    #[test]
    fn match_label_keys_against_the_selector_by_version() {
        let pod = json!({"containers": [{"name": "a", "image": "example.com/a:1"}],
        "topologySpreadConstraints": [
            {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
             "labelSelector": {"matchLabels": {"app": "x"}},
             "matchLabelKeys": ["app"]}
        ]});
        // Before 1.34 a key in both is refused; from 1.34 only one the selector repeats.
        assert_eq!(fields(pod.clone(), 33), vec!["t[0].matchLabelKeys[0]"]);
        assert!(fields(pod, 34).is_empty());
        let twice = json!({"containers": [{"name": "a", "image": "example.com/a:1"}],
        "topologySpreadConstraints": [
            {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
             "labelSelector": {"matchLabels": {"app": "x"},
               "matchExpressions": [{"key": "app", "operator": "Exists"}]},
             "matchLabelKeys": ["app"]}
        ]});
        assert_eq!(fields(twice, 36), vec!["t[0][0]"]);
    }
}
