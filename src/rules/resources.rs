//! Resource requirements of containers, the pod and its overhead: quantity syntax, resource
//! names, requests against limits, claims, resize policies.

use super::object::{get, items, map_at, str_at};
use super::{Emitter, LazyPath, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Map, Value, json};

/// DS004.
pub const INVALID_QUANTITY: Rule = Rule {
    code: "DS004",
    name: "invalid-quantity",
    severity: Severity::Error,
    summary: "A resource quantity is not valid Kubernetes quantity syntax (e.g. 100MB, 1.5 cores)",
    doc: r#"## What it does
Parses every `resources.requests` and `resources.limits` value as a Kubernetes quantity: a
number with an optional suffix `n u m k M G T P E`, `Ki Mi Gi Ti Pi Ei` or an exponent `e3`.

## Why is this bad?
The API server cannot decode the request (`quantities must match the regular expression
'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`). `MB`, `GB` and `1 Gi` are common mistakes.

## Example
```yaml
resources:
  requests:
    memory: 200MB
```

## Fix
```yaml
resources:
  requests:
    memory: 200M
```

## Upstream
`resource.ParseQuantity` / `Quantity.UnmarshalJSON` (`k8s.io/apimachinery/pkg/api/resource`).
"#,
    emitter: Emitter::Rules,
};

/// DS215.
pub const INVALID_RESOURCES: Rule = Rule {
    code: "DS215",
    name: "invalid-resources",
    severity: Severity::Error,
    summary: "Resource requests, limits, claims, overhead or resizePolicy are not valid",
    doc: r#"## What it does
For each container and init container, for the pod-level `resources` and for `overhead`:

- resource names are qualified names; names without a domain are standard ones (`cpu`,
  `memory`, `ephemeral-storage`, `hugepages-<size>` for containers and overhead; `cpu`,
  `memory`, `hugepages-<size>` at pod level), names with a domain outside `kubernetes.io/` are
  valid extended resource names;
- quantities are >= 0; extended resources (`nvidia.com/gpu`) are whole numbers and set a limit
  equal to the request; hugepages are whole multiples of their page size, request exactly their
  limit, and come with a `cpu` or `memory` request or limit; other requests are at most their
  limit (reported at `resources.requests`);
- `resources.claims` entries name a claim of `spec.resourceClaims`, once each, with a DNS-1123
  label as `request` (claims exist from 1.34, when DynamicResourceAllocation is on by default);
- pod-level `resources` (1.34+, PodLevelResources): no `claims`, requests at least the sum of the
  containers' requests (sidecars and init containers counted as the scheduler does), limits at
  least each container's limit; refused as a whole for a Windows pod;
- `resizePolicy` (1.33+, InPlacePodVerticalScaling): `resourceName` `cpu` or `memory`, once
  each, `restartPolicy` `NotRequired` or `RestartContainer` (only `NotRequired` when the pod's
  restartPolicy is `Never`, and never `RestartContainer` on an init container that is not a
  sidecar).

## Why is this bad?
The API server rejects the object.

## Example
```yaml
resources:
  requests:
    memory: 512Mi
    nvidia.com/gpu: 1
  limits:
    memory: 256Mi
```

## Fix
```yaml
resources:
  requests:
    memory: 256Mi
    nvidia.com/gpu: 1
  limits:
    memory: 256Mi
    nvidia.com/gpu: 1
```

## Upstream
`ValidateContainerResourceRequirements`, `validatePodResourceRequirements`,
`validateResourceRequirements`, `validateResourceName`, `validateContainerResourceName`,
`validatePodResourceName`, `ValidateResourceQuantityValue`,
`validateResourceQuantityHugePageValue`, `validateResourceClaimNames`, `validatePodResources`,
`validatePodResourceConsistency`, `validateOverhead`, `validateResizePolicy`,
`validateInitContainers` (`pkg/apis/core/validation/validation.go`); `IsStandardResourceName`,
`IsExtendedResourceName`, `IsOvercommitAllowed`, `IsIntegerResourceName`
(`pkg/apis/core/helper/helpers.go`); `AggregateContainerRequests`, `AggregateContainerLimits`
(`k8s.io/component-helpers/resource`); `SetDefaults_ResourceList` rounds every quantity up to
milli-units first.
"#,
    emitter: Emitter::Rules,
};

const QUANTITY_REGEX_MSG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// A quantity's value as validation compares it: `SetDefaults_ResourceList` rounds every
/// quantity up to milli-units. `None` when it does not parse (a decode error, DS004).
fn milli_value(v: &Value) -> Option<i128> {
    let nanos = match v {
        // A JSON null decodes into a zero Quantity that stays in the map.
        Value::Null => 0,
        Value::String(s) => crate::k8s::Quantity::parse(s).ok()?.nanos(),
        Value::Number(n) => crate::k8s::Quantity::parse(&n.to_string()).ok()?.nanos(),
        _ => return None,
    };
    const M: i128 = 1_000_000;
    // Rounding up goes away from zero, as `Quantity.RoundUp` does.
    Some(if nanos >= 0 {
        (nanos + M - 1) / M
    } else {
        -((-nanos + M - 1) / M)
    })
}

/// A milli-unit value the way `Quantity.String` prints a decimal quantity.
fn render_milli(m: i128) -> String {
    if m % 1000 == 0 {
        (m / 1000).to_string()
    } else {
        format!("{m}m")
    }
}

/// The quantity as written, for messages.
fn written(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.to_string()),
        other => other.clone(),
    }
}

/// Reports DS004 for a quantity that does not parse; its value otherwise.
fn quantity(v: &Value, path: LazyPath<'_>, report: &mut Report) -> Option<i128> {
    let q = milli_value(v);
    if q.is_none() {
        let shown = match v {
            Value::String(s) => super::object::quote(s),
            Value::Number(n) => super::object::quote(&n.to_string()),
            other => super::object::render(other),
        };
        report.wrong_type(
            &INVALID_QUANTITY,
            &path(),
            format!("{shown}: {QUANTITY_REGEX_MSG}"),
        );
    }
    q
}

/// `IsStandardResourceName`.
fn is_standard_resource_name(name: &str) -> bool {
    matches!(
        name,
        "cpu"
            | "memory"
            | "ephemeral-storage"
            | "requests.cpu"
            | "requests.memory"
            | "requests.ephemeral-storage"
            | "limits.cpu"
            | "limits.memory"
            | "limits.ephemeral-storage"
            | "pods"
            | "resourcequotas"
            | "services"
            | "replicationcontrollers"
            | "secrets"
            | "configmaps"
            | "persistentvolumeclaims"
            | "storage"
            | "requests.storage"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || name.starts_with("hugepages-")
        || name.starts_with("requests.hugepages-")
}

/// `IsStandardContainerResourceName`.
fn is_standard_container_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage") || is_hugepages(name)
}

/// `IsHugePageResourceName`.
fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// `IsNativeResource`: unprefixed names and names in `kubernetes.io/`.
fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `IsExtendedResourceName`.
fn is_extended(name: &str) -> bool {
    if is_native(name) || name.starts_with("requests.") {
        return false;
    }
    super::names::is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// `IsOvercommitAllowed`: native resources except hugepages may request less than the limit.
fn overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_hugepages(name)
}

/// `IsIntegerResourceName`.
fn is_integer_resource(name: &str) -> bool {
    matches!(
        name,
        "pods"
            | "resourcequotas"
            | "services"
            | "replicationcontrollers"
            | "secrets"
            | "configmaps"
            | "persistentvolumeclaims"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || is_extended(name)
}

/// Which resource names a requirements block accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Names {
    /// `validateContainerResourceName` (containers and `overhead`).
    Container,
    /// `validatePodResourceName` (pod-level `resources`).
    Pod,
}

/// `validateResourceName`: `false` when it reported an error.
fn resource_name(name: &str, path: LazyPath<'_>, report: &mut Report) -> bool {
    let errs = super::names::is_qualified_name(name);
    if !errs.is_empty() {
        for msg in errs {
            report.invalid(&INVALID_RESOURCES, &path(), &json!(name), &msg);
        }
        return false;
    }
    if !name.contains('/') && !is_standard_resource_name(name) {
        report.invalid(
            &INVALID_RESOURCES,
            &path(),
            &json!(name),
            "must be a standard resource type or fully qualified",
        );
        return false;
    }
    true
}

fn check_name(names: Names, name: &str, path: LazyPath<'_>, report: &mut Report) {
    let ok = resource_name(name, path, report);
    match names {
        Names::Container => {
            if !name.contains('/') {
                if !is_standard_container_resource(name) {
                    report.invalid(
                        &INVALID_RESOURCES,
                        &path(),
                        &json!(name),
                        "must be a standard resource for containers",
                    );
                }
            } else if !is_native(name) && !is_extended(name) {
                report.invalid(
                    &INVALID_RESOURCES,
                    &path(),
                    &json!(name),
                    "doesn't follow extended resource name standard",
                );
            }
        }
        Names::Pod => {
            if ok && !matches!(name, "cpu" | "memory") && !is_hugepages(name) {
                report.not_supported(
                    &INVALID_RESOURCES,
                    &path(),
                    &json!(name),
                    &["cpu", "hugepages-", "memory"],
                );
            }
        }
    }
}

/// `ValidateResourceQuantityValue` and `validateResourceQuantityHugePageValue` for one entry.
fn check_value(name: &str, v: &Value, milli: i128, path: LazyPath<'_>, report: &mut Report) {
    if milli < 0 {
        report.invalid(
            &INVALID_RESOURCES,
            &path(),
            &written(v),
            "must be greater than or equal to 0",
        );
    }
    if is_integer_resource(name) && milli % 1000 != 0 {
        report.invalid(
            &INVALID_RESOURCES,
            &path(),
            &written(v),
            "must be an integer",
        );
    }
    if is_hugepages(name) && !hugepages_divisible(name, milli) {
        report.invalid(
            &INVALID_RESOURCES,
            &path(),
            &written(v),
            &format!(
                "{} is not positive integer multiple of {name}",
                super::object::render(&written(v)).trim_matches('"')
            ),
        );
    }
}

/// `IsHugePageResourceValueDivisible`: the page size is the name's suffix, a whole positive
/// quantity, and the value (rounded up to units) is a multiple of it.
fn hugepages_divisible(name: &str, milli: i128) -> bool {
    let Some(page) = milli_value(&json!(name.trim_start_matches("hugepages-"))) else {
        return false;
    };
    if page <= 0 || page % 1000 != 0 {
        return false;
    }
    let units = if milli >= 0 {
        (milli + 999) / 1000
    } else {
        -((-milli + 999) / 1000)
    };
    units % (page / 1000) == 0
}

/// `validateResourceRequirements` over `limits` / `requests` / `claims` at `path`.
fn requirements(
    limits: Option<&Map<String, Value>>,
    requests: Option<&Map<String, Value>>,
    claims: &[Value],
    names: Names,
    pod_claims: &[&str],
    path: LazyPath<'_>,
    report: &mut Report,
) {
    let lim_path = || path().child("limits");
    let req_path = || path().child("requests");
    let (mut cpu_or_memory, mut hugepages) = (false, false);
    for (name, v) in limits.into_iter().flatten() {
        let p = || lim_path().key(name);
        check_name(names, name, &p, report);
        if let Some(q) = quantity(v, &p, report) {
            check_value(name, v, q, &p, report);
        }
        hugepages |= is_hugepages(name);
        cpu_or_memory |= matches!(name.as_str(), "cpu" | "memory");
    }
    for (name, v) in requests.into_iter().flatten() {
        let p = || req_path().key(name);
        check_name(names, name, &p, report);
        hugepages |= is_hugepages(name);
        cpu_or_memory |= matches!(name.as_str(), "cpu" | "memory");
        let Some(q) = quantity(v, &p, report) else {
            continue;
        };
        check_value(name, v, q, &p, report);
        match limits.and_then(|l| l.get(name)) {
            Some(lv) => {
                let Some(l) = milli_value(lv) else {
                    continue;
                };
                let shown = super::object::render(&written(lv));
                let shown = shown.trim_matches('"');
                if q != l && !overcommit_allowed(name) {
                    report.invalid(
                        &INVALID_RESOURCES,
                        &req_path(),
                        &written(v),
                        &format!("must be equal to {name} limit of {shown}"),
                    );
                } else if q > l {
                    report.invalid(
                        &INVALID_RESOURCES,
                        &req_path(),
                        &written(v),
                        &format!("must be less than or equal to {name} limit of {shown}"),
                    );
                }
            }
            None if !overcommit_allowed(name) => report.required(
                &INVALID_RESOURCES,
                &lim_path(),
                "Limit must be set for non overcommitable resources",
            ),
            None => {}
        }
    }
    if hugepages && !cpu_or_memory {
        report.forbidden(
            &INVALID_RESOURCES,
            &path(),
            "HugePages require cpu or memory",
        );
    }
    claim_names(claims, pod_claims, &|| path().child("claims"), report);
}

/// `validateResourceClaimNames`: each entry names a pod claim, once (a whole claim or one of
/// its requests, not both).
fn claim_names(claims: &[Value], pod_claims: &[&str], path: LazyPath<'_>, report: &mut Report) {
    if claims.is_empty() {
        return;
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let p = || path().index(i);
        let name = super::object::string_or_empty(claim, "name");
        if name.is_empty() {
            report.required(&INVALID_RESOURCES, &p(), "");
            continue;
        }
        if seen.iter().any(|k| k == name) {
            report.duplicate(&INVALID_RESOURCES, &p(), &json!(name));
        } else {
            let request = super::object::string_or_empty(claim, "request");
            let mut key = name.to_string();
            if !request.is_empty() {
                for msg in super::names::is_dns1123_label(request) {
                    report.invalid(
                        &INVALID_RESOURCES,
                        &p().child("request"),
                        &json!(request),
                        &msg,
                    );
                }
                key = format!("{name}/{request}");
            }
            if seen.contains(&key) {
                report.duplicate(&INVALID_RESOURCES, &p(), &json!(key));
            } else if request.is_empty() {
                for k in &seen {
                    if k.split_once('/').is_some_and(|(n, _)| n == name) {
                        report.duplicate(&INVALID_RESOURCES, &p(), &json!(name));
                    }
                }
            }
            seen.push(key);
        }
        if !pod_claims.contains(&name) {
            let mut detail = "must be one of the names in pod.spec.resourceClaims".to_string();
            if pod_claims.is_empty() {
                detail.push_str(" which is empty");
            } else {
                let mut sorted = pod_claims.to_vec();
                sorted.sort_unstable();
                sorted.dedup();
                detail.push_str(": ");
                detail.push_str(&sorted.join(", "));
            }
            report.not_found_detail(&INVALID_RESOURCES, &p(), &json!(name), &detail);
        }
    }
}

/// The names of `spec.resourceClaims` (`gatherPodResourceClaimNames`); empty before 1.34, when
/// DynamicResourceAllocation was off by default and the server dropped claims.
fn pod_claim_names<'a>(pod: &'a Value, opts: &Options) -> Vec<&'a str> {
    if opts.kube_minor < 34 {
        return Vec::new();
    }
    items(pod, "resourceClaims")
        .iter()
        .filter_map(|c| str_at(c, "name"))
        .filter(|n| !n.is_empty())
        .collect()
}

/// The resource checks of `validateContainerCommon` for one container-like value at `path`:
/// `ValidateContainerResourceRequirements` and `validateResizePolicy`, with the pod's claims
/// and restart policy taken from `pod`.
pub(crate) fn check_container(
    c: &Value,
    pod: &Value,
    path: LazyPath<'_>,
    opts: &Options,
    report: &mut Report,
) {
    if let Some(res) = get(c, "resources") {
        // Container claims are dropped with DynamicResourceAllocation off (before 1.34).
        let claims = if opts.kube_minor >= 34 {
            items(res, "claims")
        } else {
            &[]
        };
        let pod_claims = if claims.is_empty() {
            Vec::new()
        } else {
            pod_claim_names(pod, opts)
        };
        requirements(
            map_at(res, "limits"),
            map_at(res, "requests"),
            claims,
            Names::Container,
            &pod_claims,
            &|| path().child("resources"),
            report,
        );
    }
    // resizePolicy is dropped before 1.33 (InPlacePodVerticalScaling off by default).
    if opts.kube_minor >= 33 {
        let restart = str_at(pod, "restartPolicy").unwrap_or("");
        resize_policy(
            items(c, "resizePolicy"),
            restart,
            &|| path().child("resizePolicy"),
            report,
        );
    }
}

/// `validateResizePolicy`; values are reported at the list, duplicates at the entry.
fn resize_policy(list: &[Value], pod_restart: &str, path: LazyPath<'_>, report: &mut Report) {
    for (i, p) in list.iter().enumerate() {
        let name = super::object::string_or_empty(p, "resourceName");
        if list[..i]
            .iter()
            .any(|q| super::object::string_or_empty(q, "resourceName") == name)
        {
            report.duplicate(&INVALID_RESOURCES, &path().index(i), &json!(name));
        }
        match name {
            "cpu" | "memory" => {}
            "" => report.required(&INVALID_RESOURCES, &path(), ""),
            other => report.not_supported(
                &INVALID_RESOURCES,
                &path(),
                &json!(other),
                &["cpu", "memory"],
            ),
        }
        let policy = super::object::string_or_empty(p, "restartPolicy");
        match policy {
            "NotRequired" | "RestartContainer" => {}
            "" => report.required(&INVALID_RESOURCES, &path(), ""),
            other => report.not_supported(
                &INVALID_RESOURCES,
                &path(),
                &json!(other),
                &["NotRequired", "RestartContainer"],
            ),
        }
        if pod_restart == "Never" && policy != "NotRequired" {
            report.invalid(
                &INVALID_RESOURCES,
                &path(),
                &json!(policy),
                "must be 'NotRequired' when pod `restartPolicy` is 'Never'",
            );
        }
    }
}

/// `validateInitContainers`: an init container that is not a sidecar may not restart on
/// resize (1.33+, with resizePolicy itself).
pub(crate) fn check_init_resize_restart(
    c: &Value,
    sidecar: bool,
    path: LazyPath<'_>,
    opts: &Options,
    report: &mut Report,
) {
    if sidecar || opts.kube_minor < 33 {
        return;
    }
    for (j, p) in items(c, "resizePolicy").iter().enumerate() {
        if str_at(p, "restartPolicy") == Some("RestartContainer") {
            report.invalid(
                &INVALID_RESOURCES,
                &path().child("resizePolicy").index(j).child("restartPolicy"),
                &json!("RestartContainer"),
                "must not be set to 'RestartContainer' for non-sidecar initContainers",
            );
        }
    }
}

/// The resource checks of `ValidatePodSpec`: every container's and init container's
/// requirements and resize policy, the pod-level `resources` (`validatePodResources`, 1.34+)
/// and `overhead` (`validateOverhead`).
pub(crate) fn check(pod: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        for (i, c) in items(pod, list).iter().enumerate() {
            check_container(c, pod, &|| path.child(list).index(i), opts, report);
        }
    }
    if opts.kube_minor >= 34
        && let Some(res) = get(pod, "resources")
    {
        pod_resources(pod, res, &|| path.child("resources"), opts, report);
    }
    if let Some(overhead) = get(pod, "overhead") {
        requirements(
            overhead.as_object(),
            None,
            &[],
            Names::Container,
            &[],
            &|| path.child("overhead"),
            report,
        );
    }
}

/// `validatePodResources` and `validatePodResourceConsistency`.
fn pod_resources(
    pod: &Value,
    res: &Value,
    path: LazyPath<'_>,
    opts: &Options,
    report: &mut Report,
) {
    let os = get(pod, "os").and_then(|o| str_at(o, "name"));
    if os == Some("windows") {
        report.forbidden(
            &INVALID_RESOURCES,
            &path(),
            "may not be set for a windows pod",
        );
        return;
    }
    if get(res, "claims").is_some() {
        report.forbidden(
            &INVALID_RESOURCES,
            &path().child("claims"),
            "claims may not be set for Resources at pod-level",
        );
    }
    let pod_claims = pod_claim_names(pod, opts);
    let limits = map_at(res, "limits");
    let requests = map_at(res, "requests");
    requirements(
        limits,
        requests,
        items(res, "claims"),
        Names::Pod,
        &pod_claims,
        path,
        report,
    );
    // Pod-level requests cover the containers' aggregate requests.
    for (name, v) in requests.into_iter().flatten() {
        let Some(pod_req) = milli_value(v) else {
            continue;
        };
        if let Some(total) = aggregate(pod, "requests", name)
            && total > pod_req
        {
            report.invalid(
                &INVALID_RESOURCES,
                &path().child("requests").key(name),
                &written(v),
                &format!(
                    "must be greater than or equal to aggregate container requests of {}",
                    render_milli(total)
                ),
            );
        }
    }
    for (name, v) in limits.into_iter().flatten() {
        let Some(pod_lim) = milli_value(v) else {
            continue;
        };
        if is_hugepages(name)
            && let Some(total) = aggregate(pod, "limits", name)
            && total > pod_lim
        {
            report.invalid(
                &INVALID_RESOURCES,
                &path().child("limits").key(name),
                &written(v),
                &format!(
                    "must be greater than or equal to aggregate container limits of {}",
                    render_milli(total)
                ),
            );
        }
        // Each container's limit stays within the pod's.
        for (i, c) in items(pod, "containers").iter().enumerate() {
            let Some(cl) = get(c, "resources")
                .and_then(|r| map_at(r, "limits"))
                .and_then(|l| l.get(name))
            else {
                continue;
            };
            if let Some(q) = milli_value(cl)
                && q > pod_lim
            {
                report.invalid(
                    &INVALID_RESOURCES,
                    &path()
                        .child("containers")
                        .index(i)
                        .key(name)
                        .child("limits"),
                    &written(cl),
                    &format!(
                        "must be less than or equal to pod limits of {}",
                        super::object::render(&written(v)).trim_matches('"')
                    ),
                );
            }
        }
    }
}

/// `AggregateContainerRequests` / `AggregateContainerLimits` for one resource: the sum over
/// containers and sidecars, or the largest init-container step (an init container plus the
/// sidecars started before it) when that is more. `None` when no container sets it.
fn aggregate(pod: &Value, section: &str, name: &str) -> Option<i128> {
    let value = |c: &Value| -> Option<i128> {
        get(c, "resources")
            .and_then(|r| map_at(r, section))
            .and_then(|m| m.get(name))
            .and_then(milli_value)
    };
    let mut sum: Option<i128> = None;
    for c in items(pod, "containers") {
        if let Some(q) = value(c) {
            sum = Some(sum.unwrap_or(0) + q);
        }
    }
    let mut sidecars: Option<i128> = None;
    let mut init_max: Option<i128> = None;
    for c in items(pod, "initContainers") {
        let q = value(c);
        let step = if str_at(c, "restartPolicy") == Some("Always") {
            if let Some(q) = q {
                sum = Some(sum.unwrap_or(0) + q);
                sidecars = Some(sidecars.unwrap_or(0) + q);
            }
            sidecars
        } else {
            match (q, sidecars) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
            }
        };
        if let Some(s) = step
            && init_max.is_none_or(|m| s > m)
        {
            init_max = Some(s);
        }
    }
    match (sum, init_max) {
        (Some(s), Some(m)) => Some(s.max(m)),
        (s, m) => s.or(m),
    }
}

#[cfg(test)]
mod tests {
    use super::milli_value;
    use crate::rules::pod_findings;
    use serde_json::{Value, json};

    #[test]
    fn quantities_round_up_to_milli_units() {
        assert_eq!(milli_value(&json!("100m")), Some(100));
        assert_eq!(milli_value(&json!("1Gi")), Some(1073741824000));
        assert_eq!(milli_value(&json!(1e3)), Some(1_000_000));
        assert_eq!(milli_value(&json!("0.5")), Some(500));
        assert_eq!(milli_value(&json!("1.0001")), Some(1001));
        assert_eq!(milli_value(&json!("-1")), Some(-1000));
        for bad in ["", "200MB", "1 Gi", "1.2.3", "Gi", ".", "1K", "1e", "abc"] {
            assert_eq!(milli_value(&json!(bad)), None, "{bad:?}");
        }
    }

    fn fields(pod: Value, minor: u32) -> Vec<String> {
        pod_findings(pod, minor, "DS215")
            .into_iter()
            .map(|(f, _)| f.replace("spec.template.spec.", ""))
            .collect()
    }

    fn container(resources: Value) -> Value {
        json!({"containers": [{"name": "a", "image": "example.com/a:1", "resources": resources}]})
    }

    #[test]
    fn extended_resources_are_whole_and_limited() {
        assert_eq!(
            fields(
                container(json!({"requests": {"nvidia.com/gpu": "0.5"}})),
                36
            ),
            vec![
                "containers[0].resources.requests[nvidia.com/gpu]",
                "containers[0].resources.limits"
            ]
        );
        assert_eq!(
            fields(
                container(
                    json!({"requests": {"example.com/gpu": 1}, "limits": {"example.com/gpu": 2}})
                ),
                36
            ),
            vec!["containers[0].resources.requests"]
        );
        assert!(
            fields(
                container(json!({"requests": {"example.com/gpu": 1, "cpu": "1"}, "limits": {"example.com/gpu": "1", "cpu": "2"}})),
                36
            )
            .is_empty()
        );
    }

    #[test]
    fn resource_names_and_hugepages() {
        assert_eq!(
            fields(
                container(json!({"limits": {"foo": "1", "Example.com/x": "1"}})),
                36
            ),
            vec![
                "containers[0].resources.limits[foo]",
                "containers[0].resources.limits[foo]",
                "containers[0].resources.limits[Example.com/x]",
                "containers[0].resources.limits[Example.com/x]",
            ]
        );
        // Hugepages need cpu or memory and a multiple of their page size.
        assert_eq!(
            fields(
                container(
                    json!({"limits": {"hugepages-2Mi": "3Mi"}, "requests": {"hugepages-2Mi": "3Mi"}})
                ),
                36
            ),
            vec![
                "containers[0].resources.limits[hugepages-2Mi]",
                "containers[0].resources.requests[hugepages-2Mi]",
                "containers[0].resources",
            ]
        );
        assert!(
            fields(container(json!({"limits": {"hugepages-2Mi": "4Mi", "memory": "1Gi"}, "requests": {"hugepages-2Mi": "4Mi"}})), 36)
                .is_empty()
        );
    }

    #[test]
    fn claims_name_pod_claims() {
        let pod = json!({"resourceClaims": [{"name": "gpu", "resourceClaimTemplateName": "t"}],
            "containers": [{"name": "a", "image": "example.com/a:1", "resources": {"claims": [
                {"name": "gpu"}, {"name": "gpu", "request": "one"}, {"name": ""}, {"name": "other", "request": "Bad_1"}]}}]});
        assert_eq!(
            fields(pod.clone(), 36),
            vec![
                "containers[0].resources.claims[1]",
                "containers[0].resources.claims[2]",
                "containers[0].resources.claims[3].request",
                "containers[0].resources.claims[3]",
            ]
        );
        // Before 1.34 the server drops claims.
        assert!(fields(pod, 33).is_empty());
    }

    #[test]
    fn pod_level_resources_and_overhead() {
        let pod = json!({"resources": {"requests": {"cpu": "1", "ephemeral-storage": "1Gi"}, "limits": {"cpu": "2"}, "claims": []},
            "overhead": {"cpu": "-1", "pods": "1"},
            "initContainers": [{"name": "s", "image": "example.com/s:1", "restartPolicy": "Always", "resources": {"requests": {"cpu": "500m"}}}],
            "containers": [{"name": "a", "image": "example.com/a:1", "resources": {"requests": {"cpu": "600m"}, "limits": {"cpu": "3"}}}]});
        assert_eq!(
            fields(pod.clone(), 36),
            vec![
                "resources.claims",
                "resources.requests[ephemeral-storage]",
                "resources.requests[cpu]",
                "resources.containers[0][cpu].limits",
                "overhead.limits[cpu]",
                "overhead.limits[pods]",
            ]
        );
        // PodLevelResources is on from 1.34.
        assert_eq!(
            fields(pod, 33),
            vec!["overhead.limits[cpu]", "overhead.limits[pods]"]
        );
        let windows = json!({"os": {"name": "windows"}, "resources": {"limits": {"foo": "1"}},
            "containers": [{"name": "a", "image": "example.com/a:1"}]});
        assert_eq!(fields(windows, 36), vec!["resources"]);
    }

    #[test]
    fn resize_policies() {
        let pod = json!({"containers": [{"name": "a", "image": "example.com/a:1", "resizePolicy": [
            {"resourceName": "cpu", "restartPolicy": "NotRequired"},
            {"resourceName": "cpu", "restartPolicy": "Sometimes"},
            {"resourceName": "gpu"}]}],
            "initContainers": [{"name": "i", "image": "example.com/i:1", "resizePolicy": [
                {"resourceName": "memory", "restartPolicy": "RestartContainer"}]}]});
        assert_eq!(
            fields(pod.clone(), 36),
            vec![
                "initContainers[0].resizePolicy[0].restartPolicy",
                "containers[0].resizePolicy[1]",
                "containers[0].resizePolicy",
                "containers[0].resizePolicy",
                "containers[0].resizePolicy",
            ]
        );
        assert!(fields(pod, 32).is_empty());
    }
}
