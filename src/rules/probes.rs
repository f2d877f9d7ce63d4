//! Probes and lifecycle hooks of a container: one handler each, valid ports, schemes and
//! header names, non-negative timings, sleep within the grace period.

use super::names::{is_valid_port_name, is_valid_port_num, regex_error};
use super::object::{as_int, get, int_at, items, str_at};
use super::{Emitter, LazyPath, Options, Report, Rule};
use crate::finding::Severity;
use serde_json::{Value, json};

/// DS225.
pub const INVALID_PROBE: Rule = Rule {
    code: "DS225",
    name: "invalid-probe",
    severity: Severity::Error,
    summary: "A probe or lifecycle hook has no handler or several, a bad port, scheme or header, or bad timings",
    doc: r#"## What it does
Checks `livenessProbe`, `readinessProbe`, `startupProbe` and the `lifecycle` hooks
(`postStart`, `preStop`) of every container and sidecar (an init container with
`restartPolicy: Always`):

- exactly one handler: `exec`, `httpGet`, `tcpSocket` or `grpc` for probes, `exec`, `httpGet`,
  `tcpSocket` or `sleep` for hooks; every handler after the first is reported where it is
  written ("may not specify more than 1 handler type"), none at all is `Required`;
- `exec.command` is not empty; `httpGet`, `tcpSocket` and `grpc` ports are 1-65535 or an IANA
  port name; `httpGet.scheme` is `HTTP` or `HTTPS` (unset means `HTTP`); `httpGet.httpHeaders`
  names are HTTP header names;
- `initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`, `successThreshold` and
  `failureThreshold` are not negative (0 or unset take the defaults 1, 10, 1 and 3);
  `successThreshold` is 1 for liveness and startup probes; a probe's
  `terminationGracePeriodSeconds` is greater than 0 and not set at all on readiness probes;
- `sleep.seconds` is at most the pod's `terminationGracePeriodSeconds` (30 when unset) and not
  negative. Before Kubernetes 1.33 (PodLifecycleSleepActionAllowZero) it must also be greater
  than 0; before 1.30 (PodLifecycleSleepAction) the server drops `sleep` silently.

`lifecycle.stopSignal` is dropped by the server (ContainerStopSignals is off by default), so it
is not checked. Probes and hooks on init containers that are not sidecars are DS219.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
containers:
- name: agent
  image: example/agent:1.0
  livenessProbe:
    httpGet:
      path: /healthz
      port: 8080
    tcpSocket:
      port: 8080
    successThreshold: 2
```

## Fix
```yaml
containers:
- name: agent
  image: example/agent:1.0
  livenessProbe:
    httpGet:
      path: /healthz
      port: 8080
```

## Upstream
`validateLivenessProbe`, `validateReadinessProbe`, `validateStartupProbe`, `validateProbe`,
`validateHandler`, `validateExecAction`, `validateHTTPGetAction`, `ValidatePortNumOrName`,
`validateTCPSocketAction`, `validateGRPCAction`, `validateLifecycle`, `validateSleepAction`
(`pkg/apis/core/validation/validation.go`); `SetDefaults_Probe`, `SetDefaults_HTTPGetAction`
(`pkg/apis/core/v1/defaults.go`); `dropPodLifecycleSleepAction`, `dropContainerStopSignals`
(`pkg/api/pod/util.go`).
"#,
    emitter: Emitter::Rules,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

/// The lifecycle hooks and probes of one container at `path` (a regular container, a sidecar,
/// or any container-like value whose probes the server validates). `grace` is the pod's
/// `terminationGracePeriodSeconds` after defaulting.
pub(crate) fn check_container(
    c: &Value,
    grace: Option<i64>,
    path: LazyPath<'_>,
    opts: &Options,
    report: &mut Report,
) {
    if let Some(lc) = get(c, "lifecycle") {
        let lp = || path().child("lifecycle");
        for key in ["postStart", "preStop"] {
            if let Some(h) = hook(lc, key, opts) {
                handler(h, HOOK_HANDLERS, grace, &|| lp().child(key), opts, report);
            }
        }
    }
    for (key, kind) in [
        ("livenessProbe", ProbeKind::Liveness),
        ("readinessProbe", ProbeKind::Readiness),
        ("startupProbe", ProbeKind::Startup),
    ] {
        if let Some(p) = get(c, key) {
            probe(p, kind, grace, &|| path().child(key), opts, report);
        }
    }
}

/// Whether the container's `lifecycle` survives the server's field dropping: a lifecycle that
/// held only a `stopSignal` (ContainerStopSignals off), or before 1.30 only `sleep` hooks, is
/// removed before validation.
pub(crate) fn lifecycle_present(c: &Value, opts: &Options) -> bool {
    let Some(lc) = get(c, "lifecycle") else {
        return false;
    };
    let hooks = hook(lc, "postStart", opts).is_some() || hook(lc, "preStop", opts).is_some();
    if opts.kube_minor < 30 {
        // dropPodLifecycleSleepAction empties a lifecycle without hooks left.
        return hooks;
    }
    hooks || get(lc, "stopSignal").is_none()
}

/// A lifecycle hook as validation sees it: before 1.30 `sleep` is dropped, and a hook left with
/// no other handler is dropped with it.
fn hook<'a>(lc: &'a Value, key: &str, opts: &Options) -> Option<&'a Value> {
    let h = get(lc, key)?;
    if opts.kube_minor < 30
        && get(h, "sleep").is_some()
        && ["exec", "httpGet", "tcpSocket"]
            .iter()
            .all(|k| get(h, k).is_none())
    {
        return None;
    }
    Some(h)
}

const PROBE_HANDLERS: &[&str] = &["exec", "httpGet", "tcpSocket", "grpc"];
const HOOK_HANDLERS: &[&str] = &["exec", "httpGet", "tcpSocket", "sleep"];

/// `validateLivenessProbe` / `validateReadinessProbe` / `validateStartupProbe` and
/// `validateProbe`, on the defaulted probe.
fn probe(
    p: &Value,
    kind: ProbeKind,
    grace: Option<i64>,
    path: LazyPath<'_>,
    opts: &Options,
    report: &mut Report,
) {
    handler(p, PROBE_HANDLERS, grace, path, opts, report);
    // SetDefaults_Probe replaces 0 with these; validation sees the defaulted values.
    for (key, default) in [
        ("initialDelaySeconds", 0),
        ("timeoutSeconds", 1),
        ("periodSeconds", 10),
        ("successThreshold", 1),
        ("failureThreshold", 3),
    ] {
        let v = defaulted(p, key, default);
        if v < 0 {
            report.invalid(
                &INVALID_PROBE,
                &path().child(key),
                &json!(v),
                "must be greater than or equal to 0",
            );
        }
    }
    let tgps = get(p, "terminationGracePeriodSeconds").and_then(as_int);
    if let Some(t) = tgps
        && t <= 0
    {
        report.invalid(
            &INVALID_PROBE,
            &path().child("terminationGracePeriodSeconds"),
            &json!(t),
            "must be greater than 0",
        );
    }
    match kind {
        ProbeKind::Liveness | ProbeKind::Startup => {
            let st = defaulted(p, "successThreshold", 1);
            if st != 1 {
                report.invalid(
                    &INVALID_PROBE,
                    &path().child("successThreshold"),
                    &json!(st),
                    "must be 1",
                );
            }
        }
        ProbeKind::Readiness => {
            if let Some(t) = tgps {
                report.invalid(
                    &INVALID_PROBE,
                    &path().child("terminationGracePeriodSeconds"),
                    &json!(t),
                    "must not be set for readinessProbes",
                );
            }
        }
    }
}

/// An int32 field after `SetDefaults_Probe`: unset or 0 reads as `default`.
fn defaulted(p: &Value, key: &str, default: i64) -> i64 {
    match int_at(p, key) {
        None | Some(0) => default,
        Some(v) => v,
    }
}

/// `validateHandler`: the first handler set (in upstream's order) is validated, every later
/// one is refused where it is written.
fn handler(
    h: &Value,
    kinds: &[&str],
    grace: Option<i64>,
    path: LazyPath<'_>,
    opts: &Options,
    report: &mut Report,
) {
    let mut found = false;
    for &kind in kinds {
        let Some(action) = get(h, kind) else {
            continue;
        };
        // dropPodLifecycleSleepAction: before 1.30 the server removes `sleep` first.
        if kind == "sleep" && opts.kube_minor < 30 {
            continue;
        }
        let ap = || path().child(kind);
        if found {
            report.forbidden(
                &INVALID_PROBE,
                &ap(),
                "may not specify more than 1 handler type",
            );
            continue;
        }
        found = true;
        match kind {
            "exec" => {
                if items(action, "command").is_empty() {
                    report.required(&INVALID_PROBE, &ap().child("command"), "");
                }
            }
            "httpGet" => http_get(action, &ap, report),
            "tcpSocket" => port_num_or_name(get(action, "port"), &|| ap().child("port"), report),
            "grpc" => {
                let port = int_at(action, "port").unwrap_or(0);
                for msg in is_valid_port_num(port) {
                    report.invalid(&INVALID_PROBE, &ap().child("port"), &json!(port), &msg);
                }
            }
            _ => sleep(action, grace, &ap, opts, report),
        }
    }
    if !found {
        report.required(&INVALID_PROBE, &path(), "must specify a handler type");
    }
}

/// `validateHTTPGetAction` after `SetDefaults_HTTPGetAction` (an empty path is `/`, an empty
/// scheme `HTTP`).
fn http_get(h: &Value, path: LazyPath<'_>, report: &mut Report) {
    port_num_or_name(get(h, "port"), &|| path().child("port"), report);
    let scheme = str_at(h, "scheme").unwrap_or("");
    if !matches!(scheme, "" | "HTTP" | "HTTPS") {
        report.not_supported(
            &INVALID_PROBE,
            &path().child("scheme"),
            &json!(scheme),
            &["HTTP", "HTTPS"],
        );
    }
    for header in items(h, "httpHeaders") {
        let name = str_at(header, "name").unwrap_or("");
        if !is_http_header_name(name) {
            report.invalid(
                &INVALID_PROBE,
                &path().child("httpHeaders"),
                &json!(name),
                &regex_error(
                    "a valid HTTP header must consist of alphanumeric characters or '-'",
                    "[-A-Za-z0-9]+",
                    &["X-Header-Name"],
                ),
            );
        }
    }
}

/// `IsHTTPHeaderName`: `^[-A-Za-z0-9]+$`.
fn is_http_header_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `ValidatePortNumOrName` on an `intstr.IntOrString`: a number is a port number (unset is 0),
/// a string a port name, whatever its text.
fn port_num_or_name(port: Option<&Value>, path: LazyPath<'_>, report: &mut Report) {
    match port {
        Some(Value::String(name)) => {
            for msg in is_valid_port_name(name) {
                report.invalid(&INVALID_PROBE, &path(), &json!(name), &msg);
            }
        }
        other => {
            // A fraction or another JSON type is a decode error; do not pile on.
            let n = match other {
                None => 0,
                Some(v) => match as_int(v) {
                    Some(n) => n,
                    None => return,
                },
            };
            for msg in is_valid_port_num(n) {
                report.invalid(&INVALID_PROBE, &path(), &json!(n), &msg);
            }
        }
    }
}

/// `validateSleepAction`: from 1.33 (PodLifecycleSleepActionAllowZero) zero is allowed.
/// Without a usable grace period the pod's own error is the one that matters.
fn sleep(s: &Value, grace: Option<i64>, path: LazyPath<'_>, opts: &Options, report: &mut Report) {
    let Some(grace) = grace else {
        return;
    };
    let seconds = int_at(s, "seconds").unwrap_or(0);
    if opts.kube_minor >= 33 {
        if seconds < 0 || seconds > grace {
            report.invalid(
                &INVALID_PROBE,
                &path(),
                &json!(seconds),
                &format!(
                    "must be non-negative and less than terminationGracePeriodSeconds ({grace})"
                ),
            );
        }
    } else if seconds <= 0 || seconds > grace {
        report.invalid(
            &INVALID_PROBE,
            &path(),
            &json!(seconds),
            &format!(
                "must be greater than 0 and less than terminationGracePeriodSeconds ({grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::pod_findings;
    use serde_json::{Value, json};

    fn found(c: Value, minor: u32) -> Vec<(String, String)> {
        let mut c = c;
        c["name"] = json!("a");
        c["image"] = json!("example.com/a:1");
        pod_findings(json!({"containers": [c]}), minor, "DS225")
            .into_iter()
            .map(|(f, m)| (f.replace("spec.template.spec.containers[0].", ""), m))
            .collect()
    }

    fn fields(c: Value, minor: u32) -> Vec<String> {
        found(c, minor).into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn a_probe_needs_exactly_one_handler() {
        assert_eq!(
            found(json!({"livenessProbe": {"periodSeconds": 5}}), 36),
            vec![(
                "livenessProbe".to_string(),
                "Required value: must specify a handler type".to_string()
            )]
        );
        assert_eq!(
            fields(
                json!({"readinessProbe": {"exec": {"command": ["true"]}, "httpGet": {"port": 80}, "grpc": {"port": 9000}}}),
                36
            ),
            vec!["readinessProbe.httpGet", "readinessProbe.grpc"]
        );
        assert!(
            fields(
                json!({"readinessProbe": {"tcpSocket": {"port": "http"}}}),
                36
            )
            .is_empty()
        );
    }

    #[test]
    fn handlers_check_their_own_fields() {
        assert_eq!(
            fields(
                json!({"livenessProbe": {"exec": {"command": []}},
                       "readinessProbe": {"httpGet": {"port": 0, "scheme": "http", "httpHeaders": [{"name": "X Bad", "value": "1"}]}},
                       "startupProbe": {"grpc": {"port": 70000}}}),
                36
            ),
            vec![
                "livenessProbe.exec.command",
                "readinessProbe.httpGet.port",
                "readinessProbe.httpGet.scheme",
                "readinessProbe.httpGet.httpHeaders",
                "startupProbe.grpc.port",
            ]
        );
        // A port written as a string is a port name, even when it looks like a number.
        assert_eq!(
            fields(
                json!({"livenessProbe": {"tcpSocket": {"port": "8080"}}}),
                36
            ),
            vec!["livenessProbe.tcpSocket.port"]
        );
        assert!(
            fields(
                json!({"livenessProbe": {"httpGet": {"port": 8080, "scheme": "HTTPS", "httpHeaders": [{"name": "X-Ok", "value": "1"}]}}}),
                36
            )
            .is_empty()
        );
    }

    #[test]
    fn timings_follow_the_defaults() {
        let p = json!({"exec": {"command": ["true"]}, "successThreshold": 3, "timeoutSeconds": -1, "terminationGracePeriodSeconds": 0});
        assert_eq!(
            fields(
                json!({"livenessProbe": p.clone(), "readinessProbe": p.clone()}),
                36
            ),
            vec![
                "livenessProbe.timeoutSeconds",
                "livenessProbe.terminationGracePeriodSeconds",
                "livenessProbe.successThreshold",
                "readinessProbe.timeoutSeconds",
                "readinessProbe.terminationGracePeriodSeconds",
                "readinessProbe.terminationGracePeriodSeconds",
            ]
        );
        // 0 means the default (successThreshold 1), and a positive grace period is fine on
        // liveness probes.
        let ok = json!({"exec": {"command": ["true"]}, "successThreshold": 0, "terminationGracePeriodSeconds": 5});
        assert!(fields(json!({"livenessProbe": ok.clone(), "startupProbe": ok}), 36).is_empty());
    }

    #[test]
    fn lifecycle_hooks_and_sleep_follow_the_kube_minor() {
        let zero = json!({"lifecycle": {"preStop": {"sleep": {"seconds": 0}}}});
        assert!(fields(zero.clone(), 36).is_empty());
        assert_eq!(fields(zero.clone(), 32), vec!["lifecycle.preStop.sleep"]);
        // Before 1.30 sleep is dropped: nothing left to validate, nor a second handler.
        assert!(fields(zero, 29).is_empty());
        let both = json!({"lifecycle": {"preStop": {"exec": {"command": ["x"]}, "sleep": {"seconds": 1}}}});
        assert!(fields(both.clone(), 29).is_empty());
        assert_eq!(fields(both, 30), vec!["lifecycle.preStop.sleep"]);
        let long = json!({"lifecycle": {"postStart": {"sleep": {"seconds": 31}}}});
        assert_eq!(
            found(long, 36),
            vec![(
                "lifecycle.postStart.sleep".to_string(),
                "Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)".to_string()
            )]
        );
        assert_eq!(
            fields(
                json!({"lifecycle": {"preStop": {"exec": {"command": ["x"]}, "tcpSocket": {"port": 1}, "sleep": {"seconds": 1}}, "postStart": {}}}),
                36
            ),
            vec![
                "lifecycle.postStart",
                "lifecycle.preStop.tcpSocket",
                "lifecycle.preStop.sleep"
            ]
        );
    }

    #[test]
    fn a_lifecycle_with_only_a_stop_signal_is_dropped() {
        let opts = crate::rules::Options { kube_minor: 36 };
        assert!(!super::lifecycle_present(
            &json!({"lifecycle": {"stopSignal": "SIGTERM"}}),
            &opts
        ));
        assert!(super::lifecycle_present(&json!({"lifecycle": {}}), &opts));
        let old = crate::rules::Options { kube_minor: 29 };
        assert!(!super::lifecycle_present(
            &json!({"lifecycle": {"preStop": {"sleep": {"seconds": 1}}}}),
            &old
        ));
    }
}
