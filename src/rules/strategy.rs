//! Update strategies and the counters around them (minReadySeconds, revisionHistoryLimit, ...).

use super::names::is_valid_percent;
use super::object::{get, get_or_empty, int_at, str_at};
use super::{Emitter, Kind, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Value, json};

/// DS108.
pub const INVALID_UPDATE_STRATEGY: Rule = Rule {
    code: "DS108",
    name: "invalid-update-strategy",
    severity: Severity::Error,
    summary: "updateStrategy/strategy type is unsupported or inconsistent with rollingUpdate",
    doc: r#"## What it does
DaemonSet: `spec.updateStrategy.type` must be `RollingUpdate` or `OnDelete` (unset means
`RollingUpdate`). Deployment: `spec.strategy.type` must be `Recreate` or `RollingUpdate`, and
`Recreate` forbids `rollingUpdate`. StatefulSet: `updateStrategy.type` `RollingUpdate` or
`OnDelete` (`rollingUpdate` only with `RollingUpdate`), `podManagementPolicy` `OrderedReady` or
`Parallel`, PVC retention policies `Retain` or `Delete`.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
spec:
  updateStrategy:
    type: Rolling
```

## Fix
```yaml
spec:
  updateStrategy:
    type: RollingUpdate
```

## Upstream
`ValidateDaemonSetUpdateStrategy`, `ValidateDeploymentStrategy`, `ValidateStatefulSetSpec`,
`ValidatePersistentVolumeClaimRetentionPolicyType` (`pkg/apis/apps/validation/validation.go`);
defaults from `SetDefaults_DaemonSet` / `SetDefaults_Deployment` / `SetDefaults_StatefulSet`.
"#,
    emitter: Emitter::Rules,
};

/// DS109.
pub const INVALID_ROLLING_UPDATE: Rule = Rule {
    code: "DS109",
    name: "invalid-rolling-update",
    severity: Severity::Error,
    summary: "maxUnavailable/maxSurge is malformed, over 100%, or both zero/both non-zero",
    doc: r#"## What it does
For a DaemonSet `rollingUpdate`: `maxUnavailable` and `maxSurge` are non-negative integers or
percentages (`"10%"`), at most 100%, and exactly one of them is non-zero (unset `maxUnavailable`
defaults to 1, unset `maxSurge` to 0). Both zero: `Required value: cannot be 0 when maxSurge is
0` at `maxUnavailable`; both non-zero: `may not be set when maxUnavailable is non-zero` at
`maxSurge`. Before Kubernetes 1.22 (`kube_minor < 22`) `maxSurge` is not part of the API and
`maxUnavailable` alone must not be 0. Deployments: both may not be 0, `maxUnavailable` at most
100%. StatefulSets: `partition` >= 0, `maxUnavailable` not 0.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
spec:
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
```

## Fix
```yaml
spec:
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
```

## Upstream
`ValidateRollingUpdateDaemonSet`, `ValidatePositiveIntOrPercent`, `IsNotMoreThan100Percent`,
`ValidateRollingUpdateDeployment`, `validateRollingUpdateStatefulSet`
(`pkg/apis/apps/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS110.
pub const INVALID_COUNT: Rule = Rule {
    code: "DS110",
    name: "invalid-count",
    severity: Severity::Error,
    summary: "minReadySeconds, revisionHistoryLimit, replicas or similar is negative",
    doc: r#"## What it does
Checks that `minReadySeconds`, `revisionHistoryLimit`, `replicas`, `progressDeadlineSeconds`
and a legacy DaemonSet's `templateGeneration` are >= 0, and that a Deployment's `progressDeadlineSeconds` is greater
than its `minReadySeconds`.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
spec:
  revisionHistoryLimit: -1
```

## Fix
```yaml
spec:
  revisionHistoryLimit: 10
```

## Upstream
`ValidateNonnegativeField` as called from `ValidateDaemonSetSpec`, `ValidateDeploymentSpec`,
`ValidateReplicaSetSpec`, `ValidateStatefulSetSpec`.
"#,
    emitter: Emitter::Rules,
};

/// An `intstr.IntOrString` as written.
#[derive(Debug, Clone, PartialEq)]
enum IntOrString<'a> {
    Int(i64),
    Str(&'a str),
}

impl<'a> IntOrString<'a> {
    fn of(v: &'a Value) -> Option<Self> {
        match v {
            Value::String(s) => Some(IntOrString::Str(s)),
            _ => super::object::as_int(v).map(IntOrString::Int),
        }
    }

    /// `IntOrString.String()`: the server prints these bare (`10%`, `1`) through
    /// `fmt.Stringer`.
    fn rendered(&self) -> String {
        match self {
            IntOrString::Int(i) => i.to_string(),
            IntOrString::Str(s) => s.to_string(),
        }
    }

    /// `getPercentValue`.
    fn percent(&self) -> Option<i64> {
        match self {
            IntOrString::Str(s) if is_valid_percent(s).is_empty() => {
                s.trim_end_matches('%').parse().ok()
            }
            _ => None,
        }
    }

    /// `getIntOrPercentValue`: a string that is not a percentage counts as `strconv.Atoi` of it.
    fn int_or_percent(&self) -> i64 {
        match self {
            IntOrString::Int(i) => *i,
            IntOrString::Str(s) => self.percent().unwrap_or_else(|| s.parse().unwrap_or(0)),
        }
    }
}

fn int_or_string<'a>(parent: &'a Value, key: &str) -> Option<IntOrString<'a>> {
    get(parent, key).and_then(IntOrString::of)
}

/// `ValidatePositiveIntOrPercent`.
fn positive_int_or_percent(v: &IntOrString, path: &FieldPath, report: &mut Report) {
    match v {
        IntOrString::Str(s) => {
            for msg in is_valid_percent(s) {
                report.invalid_rendered(&INVALID_ROLLING_UPDATE, path, &v.rendered(), &msg);
            }
        }
        IntOrString::Int(i) if *i < 0 => {
            report.invalid_rendered(&INVALID_ROLLING_UPDATE, path, &v.rendered(), NONNEGATIVE)
        }
        IntOrString::Int(_) => {}
    }
}

/// `IsNotMoreThan100Percent`.
fn not_more_than_100_percent(v: &IntOrString, path: &FieldPath, report: &mut Report) {
    if v.percent().is_some_and(|p| p > 100) {
        report.invalid_rendered(
            &INVALID_ROLLING_UPDATE,
            path,
            &v.rendered(),
            "must not be greater than 100%",
        );
    }
}

const NONNEGATIVE: &str = "must be greater than or equal to 0";

/// `ValidateNonnegativeField` for an optional integer field.
fn nonnegative(parent: &Value, key: &str, path: &FieldPath, report: &mut Report) {
    if let Some(v) = int_at(parent, key).filter(|v| *v < 0) {
        report.invalid(&INVALID_COUNT, &path.child(key), &json!(v), NONNEGATIVE);
    }
}

/// The strategy and counter checks of the workload spec validators.
pub(crate) fn check(
    spec: &Value,
    kind: Kind,
    opts: &Options,
    spec_path: &FieldPath,
    report: &mut Report,
) {
    match kind {
        Kind::DaemonSet => {
            nonnegative(spec, "minReadySeconds", spec_path, report);
            // templateGeneration exists only in extensions/v1beta1; the registry strategy sets
            // it on updates, so only its sign can be wrong in what a user writes.
            nonnegative(spec, "templateGeneration", spec_path, report);
            daemonset_strategy(spec, opts, &spec_path.child("updateStrategy"), report);
            nonnegative(spec, "revisionHistoryLimit", spec_path, report);
        }
        Kind::Deployment => {
            nonnegative(spec, "replicas", spec_path, report);
            deployment_strategy(spec, &spec_path.child("strategy"), report);
            nonnegative(spec, "minReadySeconds", spec_path, report);
            nonnegative(spec, "revisionHistoryLimit", spec_path, report);
            nonnegative(spec, "progressDeadlineSeconds", spec_path, report);
            if let Some(pds) = int_at(spec, "progressDeadlineSeconds")
                && pds <= int_at(spec, "minReadySeconds").unwrap_or(0)
            {
                report.invalid(
                    &INVALID_COUNT,
                    &spec_path.child("progressDeadlineSeconds"),
                    &json!(pds),
                    "must be greater than minReadySeconds",
                );
            }
        }
        Kind::ReplicaSet => {
            nonnegative(spec, "replicas", spec_path, report);
            nonnegative(spec, "minReadySeconds", spec_path, report);
        }
        Kind::StatefulSet => statefulset(spec, spec_path, report),
    }
}

/// `ValidateDaemonSetUpdateStrategy` and `ValidateRollingUpdateDaemonSet`.
fn daemonset_strategy(spec: &Value, opts: &Options, path: &FieldPath, report: &mut Report) {
    let strategy = get_or_empty(spec, "updateStrategy");
    match str_at(strategy, "type").unwrap_or("") {
        "OnDelete" => {}
        "RollingUpdate" => {
            let Some(ru) = get(strategy, "rollingUpdate") else {
                report.required(&INVALID_UPDATE_STRATEGY, &path.child("rollingUpdate"), "");
                return;
            };
            let ru_path = path.child("rollingUpdate");
            let unavailable = int_or_string(ru, "maxUnavailable");
            let surge = int_or_string(ru, "maxSurge");
            let un_path = ru_path.child("maxUnavailable");
            let surge_path = ru_path.child("maxSurge");
            if opts.kube_minor < 22 {
                // Before DaemonSetUpdateSurge (1.22 beta) maxSurge is not in the API and
                // maxUnavailable alone must be non-zero.
                if let Some(u) = &unavailable {
                    positive_int_or_percent(u, &un_path, report);
                    if u.int_or_percent() == 0 {
                        report.invalid_rendered(
                            &INVALID_ROLLING_UPDATE,
                            &un_path,
                            &u.rendered(),
                            "cannot be 0",
                        );
                    }
                    not_more_than_100_percent(u, &un_path, report);
                }
                return;
            }
            let zero = IntOrString::Int(0);
            let u = unavailable.unwrap_or(zero.clone());
            let s = surge.unwrap_or(zero);
            positive_int_or_percent(&u, &un_path, report);
            positive_int_or_percent(&s, &surge_path, report);
            not_more_than_100_percent(&u, &un_path, report);
            not_more_than_100_percent(&s, &surge_path, report);
            let has_unavailable = u.int_or_percent() != 0;
            let has_surge = s.int_or_percent() != 0;
            if has_unavailable && has_surge {
                report.invalid_rendered(
                    &INVALID_ROLLING_UPDATE,
                    &surge_path,
                    &s.rendered(),
                    "may not be set when maxUnavailable is non-zero",
                );
            } else if !has_unavailable && !has_surge {
                report.required(
                    &INVALID_ROLLING_UPDATE,
                    &un_path,
                    "cannot be 0 when maxSurge is 0",
                );
            }
        }
        _ => report.not_supported(
            &INVALID_UPDATE_STRATEGY,
            path,
            strategy,
            &["RollingUpdate", "OnDelete"],
        ),
    }
}

/// `ValidateDeploymentStrategy` and `ValidateRollingUpdateDeployment`.
fn deployment_strategy(spec: &Value, path: &FieldPath, report: &mut Report) {
    let strategy = get_or_empty(spec, "strategy");
    let ru = get(strategy, "rollingUpdate");
    match str_at(strategy, "type").unwrap_or("") {
        "Recreate" => {
            if ru.is_some() {
                report.forbidden(
                    &INVALID_UPDATE_STRATEGY,
                    &path.child("rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'",
                );
            }
        }
        "RollingUpdate" => {
            let Some(ru) = ru else {
                report.required(
                    &INVALID_UPDATE_STRATEGY,
                    &path.child("rollingUpdate"),
                    "this should be defaulted and never be nil",
                );
                return;
            };
            let ru_path = path.child("rollingUpdate");
            let u = int_or_string(ru, "maxUnavailable").unwrap_or(IntOrString::Int(0));
            let s = int_or_string(ru, "maxSurge").unwrap_or(IntOrString::Int(0));
            positive_int_or_percent(&u, &ru_path.child("maxUnavailable"), report);
            positive_int_or_percent(&s, &ru_path.child("maxSurge"), report);
            if u.int_or_percent() == 0 && s.int_or_percent() == 0 {
                report.invalid_rendered(
                    &INVALID_ROLLING_UPDATE,
                    &ru_path.child("maxUnavailable"),
                    &u.rendered(),
                    "may not be 0 when `maxSurge` is 0",
                );
            }
            not_more_than_100_percent(&u, &ru_path.child("maxUnavailable"), report);
        }
        _ => report.not_supported(
            &INVALID_UPDATE_STRATEGY,
            path,
            strategy,
            &["Recreate", "RollingUpdate"],
        ),
    }
}

/// The strategy part of `ValidateStatefulSetSpec`.
fn statefulset(spec: &Value, spec_path: &FieldPath, report: &mut Report) {
    let pmp = str_at(spec, "podManagementPolicy").unwrap_or("");
    match pmp {
        "OrderedReady" | "Parallel" => {}
        "" => report.required(
            &INVALID_UPDATE_STRATEGY,
            &spec_path.child("podManagementPolicy"),
            "",
        ),
        other => report.invalid(
            &INVALID_UPDATE_STRATEGY,
            &spec_path.child("podManagementPolicy"),
            &json!(other),
            "must be 'OrderedReady' or 'Parallel'",
        ),
    }
    let us_path = spec_path.child("updateStrategy");
    let strategy = get_or_empty(spec, "updateStrategy");
    let ru = get(strategy, "rollingUpdate");
    match str_at(strategy, "type").unwrap_or("") {
        "" => report.required(&INVALID_UPDATE_STRATEGY, &us_path, ""),
        "OnDelete" => {
            if let Some(ru) = ru {
                report.invalid(
                    &INVALID_UPDATE_STRATEGY,
                    &us_path.child("rollingUpdate"),
                    ru,
                    "only allowed for updateStrategy 'RollingUpdate'",
                );
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = ru {
                let ru_path = us_path.child("rollingUpdate");
                if let Some(p) = int_at(ru, "partition").filter(|p| *p < 0) {
                    report.invalid(
                        &INVALID_ROLLING_UPDATE,
                        &ru_path.child("partition"),
                        &json!(p),
                        NONNEGATIVE,
                    );
                }
                if let Some(u) = int_or_string(ru, "maxUnavailable") {
                    let up = ru_path.child("maxUnavailable");
                    positive_int_or_percent(&u, &up, report);
                    if u.int_or_percent() == 0 {
                        report.invalid_rendered(
                            &INVALID_ROLLING_UPDATE,
                            &up,
                            &u.rendered(),
                            "cannot be 0",
                        );
                    }
                    not_more_than_100_percent(&u, &up, report);
                }
            }
        }
        _ => report.invalid(
            &INVALID_UPDATE_STRATEGY,
            &us_path,
            strategy,
            "must be 'RollingUpdate' or 'OnDelete'",
        ),
    }
    if let Some(policy) = get(spec, "persistentVolumeClaimRetentionPolicy") {
        let pp = spec_path.child("persistentVolumeClaimRetentionPolicy");
        for key in ["whenDeleted", "whenScaled"] {
            let v = str_at(policy, key).unwrap_or("");
            if v != "Retain" && v != "Delete" {
                report.not_supported(
                    &INVALID_UPDATE_STRATEGY,
                    &pp.child(key),
                    &json!(v),
                    &["Retain", "Delete"],
                );
            }
        }
    }
    nonnegative(spec, "replicas", spec_path, report);
    nonnegative(spec, "minReadySeconds", spec_path, report);
}
