//! Security settings of a pod template: the pod and container security contexts, the OS they
//! are written for, user namespaces, Windows host-process Pods, and the deprecated seccomp and
//! AppArmor annotations next to their fields.

use super::names::is_dns1123_subdomain;
use super::object::{get, get_or_empty, int_at, items, map_at, str_at};
use super::{Emitter, LazyPath, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// DS224.
pub const INVALID_SECURITY_CONTEXT: Rule = Rule {
    code: "DS224",
    name: "invalid-security-context",
    severity: Severity::Error,
    summary: "A pod or container securityContext, os, hostUsers or seccomp/AppArmor setting is invalid",
    doc: r#"## What it does
Checks what the API server checks about the security of a pod template:

- the pod `securityContext`: `runAsUser`, `runAsGroup`, `fsGroup` and `supplementalGroups` in
  0..2147483647; `shareProcessNamespace` not with `hostPID`; `sysctls` names (format, repeats,
  and from 1.28 no `net.*` sysctl with `hostNetwork` and no IPC sysctl with `hostIPC`);
  `fsGroupChangePolicy` (`Always`, `OnRootMismatch`); `supplementalGroupsPolicy` (`Merge`,
  `Strict`); `seLinuxChangePolicy` (only `Recursive` while the SELinuxMount feature gate is off,
  as it is by default up to 1.36); `seccompProfile`, `appArmorProfile` and `windowsOptions`;
- every container's, init container's and ephemeral container's `securityContext`: user and group
  ranges, `procMount` (`Default`, `Unmasked`; `Unmasked` needs `hostUsers: false`),
  `allowPrivilegeEscalation: false` together with `privileged: true` or the `CAP_SYS_ADMIN`
  capability, `seccompProfile`, `appArmorProfile`, `windowsOptions`;
- `os.name` (`linux`, `windows`): a Linux Pod may not set `windowsOptions`, a Windows Pod may not
  set the Linux-only fields (`seLinuxOptions`, `seccompProfile`, `appArmorProfile`, `fsGroup`,
  `runAsUser`, `capabilities`, `privileged`, `procMount`, `hostPID`, `hostIPC`, `hostUsers`...);
- `hostUsers: false` (a user namespace) forbids `hostNetwork`, `hostPID`, `hostIPC` and, from
  1.34, `volumeDevices`;
- Windows host-process Pods: every container a host-process container, `hostNetwork: true`;
- the deprecated annotations: `seccomp.security.alpha.kubernetes.io/pod`,
  `container.seccomp.security.alpha.kubernetes.io/<name>` and
  `container.apparmor.security.beta.kubernetes.io/<name>` must name a valid profile and a
  container of the Pod, and must agree with the `seccompProfile` / `appArmorProfile` fields.

The cluster is assumed to run with `--allow-privileged=true` (kubeadm's and the managed
offerings' setting), so privileged and host-process containers are not refused as such.

Version gates (`--kubernetes-version`), following the feature gates' defaults: `hostUsers`,
`procMount`, `supplementalGroupsPolicy` and `seLinuxChangePolicy` are honoured from 1.33 (before,
their gates are off and the server drops the fields, or forces `procMount` to `Default`);
`appArmorProfile` exists from 1.30.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
spec:
  template:
    spec:
      hostPID: true
      shareProcessNamespace: true
      containers:
      - name: agent
        image: example/agent:1.0
        securityContext:
          privileged: true
          allowPrivilegeEscalation: false
```

## Fix
```yaml
spec:
  template:
    spec:
      hostPID: true
      containers:
      - name: agent
        image: example/agent:1.0
        securityContext:
          privileged: true
```

## Upstream
`validatePodSpecSecurityContext`, `validateSysctls`, `ValidateHostSysctl`,
`validateFSGroupChangePolicy`, `validateSupplementalGroupsPolicy`, `validateSELinuxChangePolicy`,
`validateSeccompProfileField`, `ValidateAppArmorProfileField`,
`validateWindowsSecurityContextOptions`, `ValidateSecurityContext`, `ValidateProcMountType`,
`validateOS`, `validateLinux`, `validateWindows`, `validateHostUsers`,
`validateWindowsHostProcessPod`, `ValidateSeccompPodAnnotations`, `ValidateAppArmorPodAnnotations`,
`validateSeccompAnnotationsAndFields`, `validateAppArmorAnnotationsAndFieldsMatchOnCreate`
(`pkg/apis/core/validation/validation.go`); options from `GetValidationOptionsFromPodSpecAndMeta`
and `dropDisabledFields` (`pkg/api/pod/util.go`); `GetNamespace`
(`k8s.io/component-helpers/node/util/sysctl`).
"#,
    emitter: Emitter::Rules,
};

const R: &Rule = &INVALID_SECURITY_CONTEXT;

/// The container lists in `VisitContainersWithPath` order.
const CONTAINER_LISTS: [&str; 3] = ["initContainers", "containers", "ephemeralContainers"];

/// Every container of the pod spec with its list and index.
fn all_containers(pod: &Value) -> impl Iterator<Item = (&'static str, usize, &Value)> {
    CONTAINER_LISTS.into_iter().flat_map(move |list| {
        items(pod, list)
            .iter()
            .enumerate()
            .map(move |(i, c)| (list, i, c))
    })
}

/// The gated fields as the server sees them after `dropDisabledFields`.
#[derive(Clone, Copy)]
struct Gates {
    /// UserNamespacesSupport, SupplementalGroupsPolicy, ProcMountType, SELinuxChangePolicy: on
    /// by default from 1.33.
    from_133: bool,
    /// The appArmorProfile fields (1.30).
    app_armor_fields: bool,
    /// Namespaced sysctls refused with host namespaces (kubernetes#118705, 1.28).
    host_sysctls: bool,
    /// volumeDevices refused with user namespaces (kubernetes#132868, 1.34).
    userns_volume_devices: bool,
}

impl Gates {
    fn new(opts: &Options) -> Self {
        Gates {
            from_133: opts.kube_minor >= 33,
            app_armor_fields: opts.kube_minor >= 30,
            host_sysctls: opts.kube_minor >= 28,
            userns_volume_devices: opts.kube_minor >= 34,
        }
    }
}

/// Everything DS224 checks for one pod template (`template` holds `metadata` and `spec`;
/// `path` is the pod spec's path, `spec.template.spec`).
pub(crate) fn check(template: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    let pod = get_or_empty(template, "spec");
    let gates = Gates::new(opts);
    // An absent hostUsers means true; the field is dropped while its gate is off.
    let host_users_field = if gates.from_133 {
        get(pod, "hostUsers").and_then(Value::as_bool)
    } else {
        None
    };
    let host_users = host_users_field.unwrap_or(true);
    let annotations = map_at(get_or_empty(template, "metadata"), "annotations");
    let meta_path = || {
        let spec = path.as_str();
        FieldPath::new(spec.strip_suffix(".spec").unwrap_or(spec))
            .child("metadata")
            .child("annotations")
    };
    if let Some(a) = annotations {
        pod_annotations(a, pod, &meta_path, report);
    }
    for (list, i, c) in all_containers(pod) {
        if let Some(sc) = get(c, "securityContext") {
            let cpath = || path.child(list).index(i).child("securityContext");
            container_security_context(sc, &cpath, host_users, gates, report);
        }
    }
    let sc = get_or_empty(pod, "securityContext");
    pod_security_context(pod, sc, path, gates, report);
    windows_host_process(pod, sc, path, report);
    if host_users_field == Some(false) {
        user_namespace(pod, path, gates, report);
    }
    if let Some(os) = get(pod, "os") {
        let name = str_at(os, "name").unwrap_or("");
        match name {
            "" => report.required(R, &path.child("os").child("name"), ""),
            "linux" => linux_only(pod, sc, path, report),
            "windows" => windows_only(pod, sc, path, host_users_field, gates, report),
            other => {
                report.not_supported(R, &path.child("os"), &json!(other), &["linux", "windows"])
            }
        }
    }
    if let Some(a) = annotations {
        seccomp_annotations_match(a, pod, sc, path, report);
        if gates.app_armor_fields {
            app_armor_annotations_match(a, pod, sc, path, report);
        }
    }
}

/// `validatePodSpecSecurityContext` (with `validateSysctls`).
fn pod_security_context(
    pod: &Value,
    sc: &Value,
    path: &FieldPath,
    gates: Gates,
    report: &mut Report,
) {
    let sp = || path.child("securityContext");
    for key in ["fsGroup", "runAsUser", "runAsGroup"] {
        id_range(sc, key, &|| sp().child(key), report);
    }
    for (g, gid) in items(sc, "supplementalGroups").iter().enumerate() {
        if let Some(gid) = super::object::as_int(gid)
            && !(0..=MAX_ID).contains(&gid)
        {
            let p = sp().child("supplementalGroups").index(g);
            report.invalid(R, &p, &json!(gid), &id_range_error());
        }
    }
    if get(pod, "shareProcessNamespace").and_then(Value::as_bool) == Some(true)
        && bool_field(pod, "hostPID")
    {
        report.invalid(
            R,
            &sp().child("shareProcessNamespace"),
            &json!(true),
            "ShareProcessNamespace and HostPID cannot both be enabled",
        );
    }
    sysctls(pod, sc, &sp, gates, report);
    if let Some(v) = get(sc, "fsGroupChangePolicy").and_then(Value::as_str)
        && !matches!(v, "Always" | "OnRootMismatch")
    {
        let p = sp().child("fsGroupChangePolicy");
        report.not_supported(R, &p, &json!(v), &["Always", "OnRootMismatch"]);
    }
    if let Some(p) = get(sc, "seccompProfile") {
        seccomp_profile(p, &|| sp().child("seccompProfile"), report);
    }
    if let Some(w) = get(sc, "windowsOptions") {
        windows_options(w, &|| sp().child("windowsOptions"), report);
    }
    if gates.app_armor_fields
        && let Some(p) = get(sc, "appArmorProfile")
    {
        app_armor_profile(p, &|| sp().child("appArmorProfile"), report);
    }
    if gates.from_133 {
        if let Some(v) = get(sc, "supplementalGroupsPolicy").and_then(Value::as_str)
            && !matches!(v, "Merge" | "Strict")
        {
            let p = sp().child("supplementalGroupsPolicy");
            report.not_supported(R, &p, &json!(v), &["Merge", "Strict"]);
        }
        // SELinuxMount is off by default up to 1.36, so only Recursive is allowed on create.
        if let Some(v) = get(sc, "seLinuxChangePolicy").and_then(Value::as_str)
            && v != "Recursive"
        {
            let p = sp().child("seLinuxChangePolicy");
            report.not_supported(R, &p, &json!(v), &["Recursive"]);
        }
    }
}

/// A boolean field of the pod spec (the host namespaces live in the internal security context).
fn bool_field(v: &Value, key: &str) -> bool {
    get(v, key).and_then(Value::as_bool).unwrap_or(false)
}

const MAX_ID: i64 = 2_147_483_647;

fn id_range_error() -> String {
    format!("must be between 0 and {MAX_ID}, inclusive")
}

/// `IsValidUserID` / `IsValidGroupID` on an optional int64 field.
fn id_range(v: &Value, key: &str, path: LazyPath<'_>, report: &mut Report) {
    if let Some(id) = int_at(v, key)
        && !(0..=MAX_ID).contains(&id)
    {
        report.invalid(R, &path(), &json!(id), &id_range_error());
    }
}

const SYSCTL_MAX_LENGTH: usize = 253;
const SYSCTL_REGEX: &str =
    r"^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

/// `IsValidSysctlName`: segments `[a-z0-9]([-_a-z0-9]*[a-z0-9])?` joined by `.` or `/`.
fn is_valid_sysctl_name(name: &str) -> bool {
    name.len() <= SYSCTL_MAX_LENGTH
        && name.split(['.', '/']).all(|seg| {
            let b = seg.as_bytes();
            let edge = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
            match (b.first(), b.last()) {
                (Some(f), Some(l)) => {
                    edge(f) && edge(l) && b.iter().all(|c| edge(c) || *c == b'-' || *c == b'_')
                }
                _ => false,
            }
        })
}

/// The kernel namespace of a sysctl (`sysctl.GetNamespace`).
#[derive(PartialEq, Eq)]
enum SysctlNamespace {
    Ipc,
    Net,
    Unknown,
}

fn sysctl_namespace(name: &str) -> SysctlNamespace {
    // NormalizeName: a name whose first separator is '/' has '.' and '/' swapped.
    let swapped: String;
    let mut normalized = name;
    if let Some(i) = name.find(['.', '/'])
        && name.as_bytes()[i] == b'/'
    {
        swapped = name
            .chars()
            .map(|c| match c {
                '.' => '/',
                '/' => '.',
                c => c,
            })
            .collect();
        normalized = &swapped;
    }
    let prefix = normalized.split('*').next().unwrap_or("");
    match prefix {
        "kernel.sem"
        | "kernel.shmall"
        | "kernel.shmmax"
        | "kernel.shmmni"
        | "kernel.shm_rmid_forced"
        | "kernel.shm"
        | "kernel.msgmax"
        | "kernel.msgmnb"
        | "kernel.msgmni"
        | "kernel.msg" => SysctlNamespace::Ipc,
        p if p.starts_with("net.") => SysctlNamespace::Net,
        p if p.starts_with("fs.mqueue.") => SysctlNamespace::Ipc,
        _ => SysctlNamespace::Unknown,
    }
}

/// `validateSysctls` and `ValidateHostSysctl`.
fn sysctls(pod: &Value, sc: &Value, sp: LazyPath<'_>, gates: Gates, report: &mut Report) {
    let list = items(sc, "sysctls");
    let mut names: HashSet<&str> = HashSet::new();
    let host_network = bool_field(pod, "hostNetwork");
    let host_ipc = bool_field(pod, "hostIPC");
    for (i, s) in list.iter().enumerate() {
        let name = str_at(s, "name").unwrap_or("");
        let np = || sp().child("sysctls").index(i).child("name");
        if name.is_empty() {
            report.required(R, &np(), "");
        } else if !is_valid_sysctl_name(name) {
            let msg = format!(
                "must have at most {SYSCTL_MAX_LENGTH} characters and match regex {SYSCTL_REGEX}"
            );
            report.invalid(R, &np(), &json!(name), &msg);
        } else if names.contains(name) {
            report.duplicate(R, &np(), &json!(name));
        }
        names.insert(name);
        if gates.host_sysctls && (host_network || host_ipc) {
            let ns = sysctl_namespace(name);
            if host_network && ns == SysctlNamespace::Net {
                report.invalid(
                    R,
                    &np(),
                    &json!(name),
                    "may not be specified when 'hostNetwork' is true",
                );
            } else if host_ipc && ns == SysctlNamespace::Ipc {
                report.invalid(
                    R,
                    &np(),
                    &json!(name),
                    "may not be specified when 'hostIPC' is true",
                );
            }
        }
    }
}

/// An optional string field rendered as Go marshals a `*string`.
fn opt(v: &Value, key: &str) -> Value {
    get(v, key).cloned().unwrap_or(Value::Null)
}

/// A string field rendered as Go marshals a `string` (empty when absent).
fn plain(v: &Value, key: &str) -> Value {
    json!(str_at(v, key).unwrap_or(""))
}

/// A seccomp or AppArmor profile as the server prints the internal struct.
fn profile_json(p: &Value) -> String {
    let mut m = Map::new();
    m.insert("Type".into(), plain(p, "type"));
    m.insert("LocalhostProfile".into(), opt(p, "localhostProfile"));
    Value::Object(m).to_string()
}

/// `validateSeccompProfileField`.
fn seccomp_profile(p: &Value, path: LazyPath<'_>, report: &mut Report) {
    let ty = str_at(p, "type").unwrap_or("");
    const TYPES: [&str; 3] = ["Localhost", "RuntimeDefault", "Unconfined"];
    match ty {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => report.required(
            R,
            &path().child("type"),
            "type is required when seccompProfile is set",
        ),
        other => report.not_supported(R, &path().child("type"), &json!(other), &TYPES),
    }
    let local = get(p, "localhostProfile");
    if ty == "Localhost" {
        match local.and_then(Value::as_str) {
            None => report.required(
                R,
                &path().child("localhostProfile"),
                "must be set when seccomp type is Localhost",
            ),
            Some(l) => local_descending_path(l, &|| path().child("localhostProfile"), report),
        }
    } else if local.is_some() {
        report.invalid_rendered(
            R,
            &path().child("localhostProfile"),
            &profile_json(p),
            "can only be set when seccomp type is Localhost",
        );
    }
}

/// `validateLocalDescendingPath`: relative, without a `..` element.
fn local_descending_path(target: &str, path: LazyPath<'_>, report: &mut Report) {
    if target.starts_with('/') {
        report.invalid(R, &path(), &json!(target), "must be a relative path");
    }
    if target.split('/').any(|part| part == "..") {
        report.invalid(R, &path(), &json!(target), "must not contain '..'");
    }
}

/// `ValidateAppArmorProfileField`.
fn app_armor_profile(p: &Value, path: LazyPath<'_>, report: &mut Report) {
    let local = get(p, "localhostProfile");
    match str_at(p, "type").unwrap_or("") {
        "Localhost" => match local.and_then(Value::as_str) {
            None => report.required(
                R,
                &path().child("localhostProfile"),
                "must be set when AppArmor type is Localhost",
            ),
            Some(l) => {
                let lp = || path().child("localhostProfile");
                let trimmed = l.trim();
                if trimmed != l {
                    report.invalid(R, &lp(), &json!(l), "must not be padded with whitespace");
                } else if trimmed.is_empty() {
                    report.required(R, &lp(), "must be set when AppArmor type is Localhost");
                }
                const MAX: usize = 4095;
                if l.len() > MAX {
                    report.too_long(R, &lp(), MAX);
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(l) = local {
                report.invalid(
                    R,
                    &path().child("localhostProfile"),
                    l,
                    "can only be set when AppArmor type is Localhost",
                );
            }
        }
        "" => report.required(
            R,
            &path().child("type"),
            "type is required when appArmorProfile is set",
        ),
        other => report.not_supported(
            R,
            &path().child("type"),
            &json!(other),
            &["Localhost", "RuntimeDefault", "Unconfined"],
        ),
    }
}

const MAX_GMSA_SPEC_KIB: usize = 64;
const MAX_RUN_AS_DOMAIN: usize = 256;
const MAX_RUN_AS_USER: usize = 104;

/// `validateWindowsSecurityContextOptions`.
fn windows_options(w: &Value, path: LazyPath<'_>, report: &mut Report) {
    if let Some(name) = str_at(w, "gmsaCredentialSpecName") {
        for msg in is_dns1123_subdomain(name) {
            let p = path().child("gmsaCredentialSpecName");
            report.invalid(R, &p, &json!(name), &msg);
        }
    }
    if let Some(spec) = str_at(w, "gmsaCredentialSpec") {
        let p = || path().child("gmsaCredentialSpec");
        if spec.is_empty() {
            let msg = "gmsaCredentialSpec cannot be an empty string";
            report.invalid(R, &p(), &json!(spec), msg);
        } else if spec.len() > MAX_GMSA_SPEC_KIB * 1024 {
            let msg = format!("gmsaCredentialSpec size must be under {MAX_GMSA_SPEC_KIB} KiB");
            report.invalid(R, &p(), &json!(spec), &msg);
        }
    }
    if let Some(name) = str_at(w, "runAsUserName") {
        for msg in run_as_user_name_errors(name) {
            report.invalid(R, &path().child("runAsUserName"), &json!(name), &msg);
        }
    }
}

/// The `runAsUserName` checks of `validateWindowsSecurityContextOptions`, in upstream order.
fn run_as_user_name_errors(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.is_empty() {
        errs.push("runAsUserName cannot be an empty string".to_string());
        return errs;
    }
    // [[:cntrl:]] is ASCII: 0x00-0x1F and 0x7F.
    if name.chars().any(|c| c.is_ascii_control()) {
        errs.push("runAsUserName cannot contain control characters".to_string());
        return errs;
    }
    let parts: Vec<&str> = name.split('\\').collect();
    if parts.len() > 2 {
        errs.push("runAsUserName cannot contain more than one backslash".to_string());
        return errs;
    }
    let (domain, user, has_domain) = match parts.as_slice() {
        [user] => ("", *user, false),
        [domain, user] => (*domain, *user, true),
        _ => ("", "", false),
    };
    if domain.len() >= MAX_RUN_AS_DOMAIN {
        errs.push(format!(
            "runAsUserName's Domain length must be under {MAX_RUN_AS_DOMAIN} characters"
        ));
    }
    if has_domain && !(is_netbios_domain(domain) || is_dns_domain(domain)) {
        errs.push(
            "runAsUserName's Domain doesn't match the NetBios nor the DNS format".to_string(),
        );
    }
    if user.is_empty() {
        errs.push("runAsUserName's User cannot be empty".to_string());
    } else if user.len() > MAX_RUN_AS_USER {
        errs.push(format!(
            "runAsUserName's User length must not be longer than {MAX_RUN_AS_USER} characters"
        ));
    }
    if !user.is_empty() && user.chars().all(|c| c == '.' || c == ' ') {
        errs.push("runAsUserName's User cannot contain only periods or spaces".to_string());
    }
    if user.chars().any(|c| "\"/\\:;|=,+*?<>@[]".contains(c)) {
        errs.push(
            r#"runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]"#
                .to_string(),
        );
    }
    errs
}

/// `^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$` (counted in characters, as Go's regexp does).
fn is_netbios_domain(d: &str) -> bool {
    let bad = |c: char| "\\/:*?\"<>|".contains(c);
    let mut chars = d.chars();
    match chars.next() {
        Some(f) if !bad(f) && f != '.' => {
            let rest: Vec<char> = chars.collect();
            rest.len() <= 14 && !rest.iter().any(|&c| bad(c))
        }
        _ => false,
    }
}

/// `^label(\.label)*$` with label `[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?`.
fn is_dns_domain(d: &str) -> bool {
    d.split('.').all(|label| {
        let b = label.as_bytes();
        match (b.first(), b.last()) {
            (Some(f), Some(l)) => {
                b.len() <= 63
                    && f.is_ascii_alphanumeric()
                    && l.is_ascii_alphanumeric()
                    && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            }
            _ => false,
        }
    })
}

/// `ValidateSecurityContext` for one container (the cluster allows privileged containers).
fn container_security_context(
    sc: &Value,
    path: LazyPath<'_>,
    host_users: bool,
    gates: Gates,
    report: &mut Report,
) {
    id_range(sc, "runAsUser", &|| path().child("runAsUser"), report);
    id_range(sc, "runAsGroup", &|| path().child("runAsGroup"), report);
    // Before 1.33 the ProcMountType gate is off and the server forces the value to Default.
    if gates.from_133
        && let Some(pm) = get(sc, "procMount").and_then(Value::as_str)
    {
        let pp = || path().child("procMount");
        if !matches!(pm, "Default" | "Unmasked") {
            report.not_supported(R, &pp(), &json!(pm), &["Default", "Unmasked"]);
        }
        if host_users && pm == "Unmasked" {
            let msg = "`hostUsers` must be false to use `Unmasked`";
            report.invalid(R, &pp(), &json!(pm), msg);
        }
    }
    if let Some(p) = get(sc, "seccompProfile") {
        seccomp_profile(p, &|| path().child("seccompProfile"), report);
    }
    if get(sc, "allowPrivilegeEscalation").and_then(Value::as_bool) == Some(false) {
        if get(sc, "privileged").and_then(Value::as_bool) == Some(true) {
            report.invalid_rendered(
                R,
                &path(),
                &security_context_json(sc, gates),
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            );
        }
        let caps = get_or_empty(sc, "capabilities");
        for cap in items(caps, "add") {
            if cap.as_str() == Some("CAP_SYS_ADMIN") {
                report.invalid_rendered(
                    R,
                    &path(),
                    &security_context_json(sc, gates),
                    "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
                );
            }
        }
    }
    if let Some(w) = get(sc, "windowsOptions") {
        windows_options(w, &|| path().child("windowsOptions"), report);
    }
    if gates.app_armor_fields
        && let Some(p) = get(sc, "appArmorProfile")
    {
        app_armor_profile(p, &|| path().child("appArmorProfile"), report);
    }
}

/// A container security context as the server prints the internal `core.SecurityContext`.
fn security_context_json(sc: &Value, gates: Gates) -> String {
    let nested = |key: &str, fields: &[(&str, &str, bool)]| -> Value {
        match get(sc, key) {
            None => Value::Null,
            Some(v) => {
                let mut m = Map::new();
                for (go, json_key, pointer) in fields {
                    let x = if *pointer {
                        opt(v, json_key)
                    } else {
                        plain(v, json_key)
                    };
                    m.insert((*go).into(), x);
                }
                Value::Object(m)
            }
        }
    };
    let mut m = Map::new();
    m.insert(
        "Capabilities".into(),
        nested(
            "capabilities",
            &[("Add", "add", true), ("Drop", "drop", true)],
        ),
    );
    m.insert("Privileged".into(), opt(sc, "privileged"));
    m.insert(
        "SELinuxOptions".into(),
        nested(
            "seLinuxOptions",
            &[
                ("User", "user", false),
                ("Role", "role", false),
                ("Type", "type", false),
                ("Level", "level", false),
            ],
        ),
    );
    m.insert(
        "WindowsOptions".into(),
        nested(
            "windowsOptions",
            &[
                ("GMSACredentialSpecName", "gmsaCredentialSpecName", true),
                ("GMSACredentialSpec", "gmsaCredentialSpec", true),
                ("RunAsUserName", "runAsUserName", true),
                ("HostProcess", "hostProcess", true),
            ],
        ),
    );
    for (go, key) in [
        ("RunAsUser", "runAsUser"),
        ("RunAsGroup", "runAsGroup"),
        ("RunAsNonRoot", "runAsNonRoot"),
        ("ReadOnlyRootFilesystem", "readOnlyRootFilesystem"),
        ("AllowPrivilegeEscalation", "allowPrivilegeEscalation"),
    ] {
        m.insert(go.into(), opt(sc, key));
    }
    let proc_mount = match get(sc, "procMount") {
        Some(_) if !gates.from_133 => json!("Default"),
        other => other.cloned().unwrap_or(Value::Null),
    };
    m.insert("ProcMount".into(), proc_mount);
    let profile = |key: &str| -> Value {
        get(sc, key).map_or(
            Value::Null,
            |p| json!({"Type": plain(p, "type"), "LocalhostProfile": opt(p, "localhostProfile")}),
        )
    };
    m.insert("SeccompProfile".into(), profile("seccompProfile"));
    let app_armor = if gates.app_armor_fields {
        profile("appArmorProfile")
    } else {
        Value::Null
    };
    m.insert("AppArmorProfile".into(), app_armor);
    Value::Object(m).to_string()
}

/// `validateWindowsHostProcessPod` (the cluster allows host-process containers).
fn windows_host_process(pod: &Value, sc: &Value, path: &FieldPath, report: &mut Report) {
    let host_process = |v: &Value| -> Option<bool> {
        get(v, "windowsOptions")
            .and_then(|w| get(w, "hostProcess"))
            .and_then(Value::as_bool)
    };
    let pod_hp = host_process(sc);
    let mut count = 0usize;
    let mut hp_count = 0usize;
    for (list, i, c) in all_containers(pod) {
        count += 1;
        let c_hp = host_process(get_or_empty(c, "securityContext"));
        if let (Some(p), Some(h)) = (pod_hp, c_hp)
            && p != h
        {
            let at = path
                .child(list)
                .index(i)
                .child("securityContext")
                .child("windowsOptions")
                .child("hostProcess");
            let msg =
                format!("pod hostProcess value must be identical if both are specified, was {p}");
            report.invalid(R, &at, &json!(h), &msg);
        }
        if c_hp == Some(true) || (c_hp.is_none() && pod_hp == Some(true)) {
            hp_count += 1;
        }
    }
    if hp_count > 0 {
        if hp_count != count {
            report.invalid(
                R,
                path,
                &json!(""),
                "If pod contains any hostProcess containers then all containers must be HostProcess containers",
            );
        }
        if !bool_field(pod, "hostNetwork") {
            report.invalid(
                R,
                &path.child("hostNetwork"),
                &json!(false),
                "hostNetwork must be true if pod contains any hostProcess containers",
            );
        }
    }
}

/// `validateHostUsers` for `hostUsers: false` (UserNamespacesHostNetworkSupport is off).
fn user_namespace(pod: &Value, path: &FieldPath, gates: Gates, report: &mut Report) {
    const WHY: &str = "when `hostUsers` is false";
    if bool_field(pod, "hostNetwork") {
        report.forbidden(R, &path.child("hostNetwork"), WHY);
    }
    if bool_field(pod, "hostPID") {
        report.forbidden(R, &path.child("HostPID"), WHY);
    }
    if bool_field(pod, "hostIPC") {
        report.forbidden(R, &path.child("HostIPC"), WHY);
    }
    if gates.userns_volume_devices {
        for (list, i, c) in all_containers(pod) {
            if !items(c, "volumeDevices").is_empty() {
                report.forbidden(R, &path.child(list).index(i).child("volumeDevices"), WHY);
            }
        }
    }
}

/// `validateLinux`.
fn linux_only(pod: &Value, sc: &Value, path: &FieldPath, report: &mut Report) {
    const WHY: &str = "windows options cannot be set for a linux pod";
    if get(sc, "windowsOptions").is_some() {
        let p = path.child("securityContext").child("windowsOptions");
        report.forbidden(R, &p, WHY);
    }
    for (list, i, c) in all_containers(pod) {
        if let Some(csc) = get(c, "securityContext")
            && get(csc, "windowsOptions").is_some()
        {
            let p = path.child(list).index(i).child("securityContext");
            report.forbidden(R, &p.child("windowsOptions"), WHY);
        }
    }
}

/// `validateWindows`: the Linux-only fields of a Windows Pod.
fn windows_only(
    pod: &Value,
    sc: &Value,
    path: &FieldPath,
    host_users: Option<bool>,
    gates: Gates,
    report: &mut Report,
) {
    const WHY: &str = "cannot be set for a windows pod";
    let sp = || path.child("securityContext");
    let set = |v: &Value, key: &str| get(v, key).is_some();
    if gates.app_armor_fields && set(sc, "appArmorProfile") {
        report.forbidden(R, &sp().child("appArmorProfile"), WHY);
    }
    if set(sc, "seLinuxOptions") {
        report.forbidden(R, &sp().child("seLinuxOptions"), WHY);
    }
    if host_users.is_some() {
        report.forbidden(R, &path.child("hostUsers"), WHY);
    }
    if bool_field(pod, "hostPID") {
        report.forbidden(R, &path.child("hostPID"), WHY);
    }
    if bool_field(pod, "hostIPC") {
        report.forbidden(R, &path.child("hostIPC"), WHY);
    }
    for key in ["seccompProfile", "fsGroup", "fsGroupChangePolicy"] {
        if set(sc, key) {
            report.forbidden(R, &sp().child(key), WHY);
        }
    }
    if !items(sc, "sysctls").is_empty() {
        report.forbidden(R, &sp().child("sysctls"), WHY);
    }
    if set(pod, "shareProcessNamespace") {
        report.forbidden(R, &path.child("shareProcessNamespace"), WHY);
    }
    for key in ["runAsUser", "runAsGroup", "supplementalGroups"] {
        if set(sc, key) {
            report.forbidden(R, &sp().child(key), WHY);
        }
    }
    if gates.from_133 {
        for key in ["supplementalGroupsPolicy", "seLinuxChangePolicy"] {
            if set(sc, key) {
                report.forbidden(R, &sp().child(key), WHY);
            }
        }
    }
    for (list, i, c) in all_containers(pod) {
        let Some(csc) = get(c, "securityContext") else {
            continue;
        };
        let cp = || path.child(list).index(i).child("securityContext");
        for key in [
            "appArmorProfile",
            "seLinuxOptions",
            "seccompProfile",
            "capabilities",
            "readOnlyRootFilesystem",
            "privileged",
            "allowPrivilegeEscalation",
            "procMount",
            "runAsUser",
            "runAsGroup",
        ] {
            if key == "appArmorProfile" && !gates.app_armor_fields {
                continue;
            }
            if set(csc, key) {
                report.forbidden(R, &cp().child(key), WHY);
            }
        }
    }
}

const SECCOMP_POD_KEY: &str = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";
const APPARMOR_CONTAINER_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

/// The seccomp and AppArmor parts of `ValidatePodSpecificAnnotations`:
/// `ValidateSeccompPodAnnotations` and `ValidateAppArmorPodAnnotations`.
fn pod_annotations(
    annotations: &Map<String, Value>,
    pod: &Value,
    path: LazyPath<'_>,
    report: &mut Report,
) {
    if let Some(p) = annotations.get(SECCOMP_POD_KEY).and_then(Value::as_str) {
        seccomp_annotation(p, &|| path().child(SECCOMP_POD_KEY), report);
    }
    for (k, v) in annotations {
        let Some(v) = v.as_str() else { continue };
        if k.starts_with(SECCOMP_CONTAINER_PREFIX) {
            seccomp_annotation(v, &|| path().child(k), report);
        }
        if let Some(container) = k.strip_prefix(APPARMOR_CONTAINER_PREFIX) {
            let known =
                all_containers(pod).any(|(_, _, c)| str_at(c, "name").unwrap_or("") == container);
            if !known {
                report.invalid(R, &path().key(k), &json!(container), "container not found");
            }
            if !(v.is_empty()
                || v == "runtime/default"
                || v == "unconfined"
                || v.starts_with("localhost/"))
            {
                let msg = format!("invalid AppArmor profile name: {}", super::object::quote(v));
                report.invalid(R, &path().key(k), &json!(v), &msg);
            }
        }
    }
}

/// `ValidateSeccompProfile`: an annotation's profile name.
fn seccomp_annotation(p: &str, path: LazyPath<'_>, report: &mut Report) {
    match p {
        "runtime/default" | "docker/default" | "unconfined" => {}
        _ => match p.strip_prefix("localhost/") {
            Some(local) => local_descending_path(local, path, report),
            None => report.invalid(R, &path(), &json!(p), "must be a valid seccomp profile"),
        },
    }
}

/// `validateSeccompAnnotationsAndFields`: where both an annotation and a field are set, they
/// must agree.
fn seccomp_annotations_match(
    annotations: &Map<String, Value>,
    pod: &Value,
    sc: &Value,
    path: &FieldPath,
    report: &mut Report,
) {
    if let Some(field) = get(sc, "seccompProfile")
        && let Some(a) = annotations.get(SECCOMP_POD_KEY).and_then(Value::as_str)
    {
        let p = || path.child("securityContext").child("seccompProfile");
        seccomp_match(a, field, &p, report);
    }
    for (list, i, c) in all_containers(pod) {
        let Some(field) = get(get_or_empty(c, "securityContext"), "seccompProfile") else {
            continue;
        };
        let name = str_at(c, "name").unwrap_or("");
        let key_matches = |k: &String| k.strip_prefix(SECCOMP_CONTAINER_PREFIX) == Some(name);
        if let Some(a) = annotations
            .iter()
            .find(|(k, _)| key_matches(k))
            .and_then(|(_, v)| v.as_str())
        {
            let p = || {
                path.child(list)
                    .index(i)
                    .child("securityContext")
                    .child("seccompProfile")
            };
            seccomp_match(a, field, &p, report);
        }
    }
}

/// `validateSeccompAnnotationsAndFieldsMatch`.
fn seccomp_match(annotation: &str, field: &Value, path: LazyPath<'_>, report: &mut Report) {
    const TYPE: &str = "seccomp type in annotation and field must match";
    match str_at(field, "type").unwrap_or("") {
        "Unconfined" if annotation != "unconfined" => {
            report.forbidden(R, &path().child("type"), TYPE)
        }
        "RuntimeDefault" if annotation != "runtime/default" && annotation != "docker/default" => {
            report.forbidden(R, &path().child("type"), TYPE)
        }
        "Localhost" => match annotation.strip_prefix("localhost/") {
            None => report.forbidden(R, &path().child("type"), TYPE),
            Some(a) if str_at(field, "localhostProfile") != Some(a) => report.forbidden(
                R,
                &path().child("localhostProfile"),
                "seccomp profile in annotation and field must match",
            ),
            Some(_) => {}
        },
        _ => {}
    }
}

/// `validateAppArmorAnnotationsAndFieldsMatchOnCreate` (Windows Pods are skipped).
fn app_armor_annotations_match(
    annotations: &Map<String, Value>,
    pod: &Value,
    sc: &Value,
    path: &FieldPath,
    report: &mut Report,
) {
    if get(pod, "os").and_then(|o| str_at(o, "name")) == Some("windows") {
        return;
    }
    let pod_profile = get(sc, "appArmorProfile");
    for (list, i, c) in all_containers(pod) {
        let Some(profile) =
            get(get_or_empty(c, "securityContext"), "appArmorProfile").or(pod_profile)
        else {
            continue;
        };
        let name = str_at(c, "name").unwrap_or("");
        let Some(a) = annotations
            .iter()
            .find(|(k, _)| k.strip_prefix(APPARMOR_CONTAINER_PREFIX) == Some(name))
            .and_then(|(_, v)| v.as_str())
        else {
            continue;
        };
        let p = || {
            path.child(list)
                .index(i)
                .child("securityContext")
                .child("appArmorProfile")
        };
        const TYPE: &str = "apparmor type in annotation and field must match";
        match str_at(profile, "type").unwrap_or("") {
            "Unconfined" if a != "unconfined" => report.forbidden(R, &p().child("type"), TYPE),
            "RuntimeDefault" if a != "runtime/default" => {
                report.forbidden(R, &p().child("type"), TYPE)
            }
            "Localhost" => match a.strip_prefix("localhost/") {
                None => report.forbidden(R, &p().child("type"), TYPE),
                Some(x) if str_at(profile, "localhostProfile") != Some(x) => report.forbidden(
                    R,
                    &p().child("localhostProfile"),
                    "apparmor profile in annotation and field must match",
                ),
                Some(_) => {}
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Options, check as check_object, pod_findings};
    use serde_json::{Value, json};

    const C: &str = "spec.template.spec.containers[0].securityContext";
    const P: &str = "spec.template.spec.securityContext";

    fn ctr(sc: Value) -> Value {
        json!({"name": "agent", "image": "example.com/agent:1", "securityContext": sc})
    }

    /// DS224 `(field, message)` at 1.36 for a pod spec.
    fn at36(pod: Value) -> Vec<(String, String)> {
        pod_findings(pod, 36, "DS224")
    }

    fn fields(found: &[(String, String)]) -> Vec<&str> {
        found.iter().map(|(f, _)| f.as_str()).collect()
    }

    fn pod_with(sc: Value) -> Value {
        json!({"securityContext": sc, "containers": [ctr(json!({}))]})
    }

    /// DS224 `(field, message)` for a template with annotations.
    fn annotated(annotations: Value, pod: Value, minor: u32) -> Vec<(String, String)> {
        let obj = json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
            "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": {
                "metadata": {"labels": {"app": "agent"}, "annotations": annotations}, "spec": pod}}
        });
        check_object(&obj, &Options { kube_minor: minor })
            .into_iter()
            .filter(|f| f.code == "DS224")
            .map(|f| (f.field, f.message))
            .collect()
    }

    #[test]
    fn user_and_group_ids_are_in_range() {
        let found = at36(pod_with(json!({
            "runAsUser": -1, "runAsGroup": 2147483648_i64, "fsGroup": -5,
            "supplementalGroups": [1, -2]})));
        assert_eq!(
            fields(&found),
            vec![
                "spec.template.spec.securityContext.fsGroup",
                "spec.template.spec.securityContext.runAsUser",
                "spec.template.spec.securityContext.runAsGroup",
                "spec.template.spec.securityContext.supplementalGroups[1]",
            ]
        );
        assert_eq!(
            found[1].1,
            "Invalid value: -1: must be between 0 and 2147483647, inclusive"
        );
        let edge = pod_with(json!({"runAsUser": 0, "runAsGroup": 2147483647, "fsGroup": 0}));
        assert!(at36(edge).is_empty());
        let c = json!({"containers": [ctr(json!({"runAsUser": -1, "runAsGroup": -1}))]});
        assert_eq!(
            fields(&at36(c)),
            vec![format!("{C}.runAsUser"), format!("{C}.runAsGroup")]
        );
    }

    #[test]
    fn share_process_namespace_and_host_pid_exclude_each_other() {
        let both =
            json!({"hostPID": true, "shareProcessNamespace": true, "containers": [ctr(json!({}))]});
        assert_eq!(
            at36(both),
            vec![(
                format!("{P}.shareProcessNamespace"),
                "Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled"
                    .to_string()
            )]
        );
        let off = json!({"hostPID": true, "shareProcessNamespace": false, "containers": [ctr(json!({}))]});
        assert!(at36(off).is_empty());
    }

    #[test]
    fn sysctl_names_repeats_and_host_namespaces() {
        let pod = json!({"hostNetwork": true, "hostIPC": true, "securityContext": {"sysctls": [
            {"name": "Bad Name"}, {"name": ""}, {"name": "kernel.shm_rmid_forced"},
            {"name": "kernel.shm_rmid_forced"}, {"name": "net/ipv4/ip_unprivileged_port_start"},
            {"name": "fs.mqueue.msg_max"}, {"name": "kernel.pid_max"}]},
            "containers": [ctr(json!({}))]});
        let found = at36(pod.clone());
        let s = |i: usize| format!("{P}.sysctls[{i}].name");
        assert_eq!(
            fields(&found),
            vec![s(0), s(1), s(2), s(3), s(3), s(4), s(5)]
        );
        assert!(found[0].1.ends_with(
            r"must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"
        ));
        assert_eq!(found[1].1, "Required value");
        assert_eq!(
            found[2].1,
            "Invalid value: \"kernel.shm_rmid_forced\": may not be specified when 'hostIPC' is true"
        );
        assert_eq!(found[3].1, "Duplicate value: \"kernel.shm_rmid_forced\"");
        assert!(
            found[5]
                .1
                .ends_with("may not be specified when 'hostNetwork' is true")
        );
        // Before 1.28 namespaced sysctls were not checked against the host namespaces.
        assert_eq!(pod_findings(pod, 27, "DS224").len(), 3);
        let host_net_only = json!({"hostNetwork": true, "securityContext": {"sysctls": [
            {"name": "kernel.shm_rmid_forced"}, {"name": "kernel.msgmax"}]}, "containers": [ctr(json!({}))]});
        assert!(at36(host_net_only).is_empty());
    }

    #[test]
    fn policy_enums_follow_their_gates() {
        let pod = pod_with(json!({"fsGroupChangePolicy": "Bogus",
            "supplementalGroupsPolicy": "Loose", "seLinuxChangePolicy": "MountOption"}));
        let found = at36(pod.clone());
        assert_eq!(
            found,
            vec![
                (
                    format!("{P}.fsGroupChangePolicy"),
                    "Unsupported value: \"Bogus\": supported values: \"Always\", \"OnRootMismatch\""
                        .to_string()
                ),
                (
                    format!("{P}.supplementalGroupsPolicy"),
                    "Unsupported value: \"Loose\": supported values: \"Merge\", \"Strict\""
                        .to_string()
                ),
                (
                    format!("{P}.seLinuxChangePolicy"),
                    "Unsupported value: \"MountOption\": supported values: \"Recursive\""
                        .to_string()
                ),
            ]
        );
        // 1.32: both gates off, the fields are dropped before validation.
        assert_eq!(
            fields(&pod_findings(pod, 32, "DS224")),
            vec![format!("{P}.fsGroupChangePolicy")]
        );
        let ok = pod_with(json!({"fsGroupChangePolicy": "OnRootMismatch",
            "supplementalGroupsPolicy": "Strict", "seLinuxChangePolicy": "Recursive"}));
        assert!(at36(ok).is_empty());
    }

    #[test]
    fn seccomp_profiles() {
        let cases = [
            (
                json!({}),
                "seccompProfile.type",
                "Required value: type is required when seccompProfile is set",
            ),
            (
                json!({"type": "Bogus"}),
                "seccompProfile.type",
                "Unsupported value: \"Bogus\": supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"",
            ),
            (
                json!({"type": "Localhost"}),
                "seccompProfile.localhostProfile",
                "Required value: must be set when seccomp type is Localhost",
            ),
            (
                json!({"type": "Localhost", "localhostProfile": "/abs.json"}),
                "seccompProfile.localhostProfile",
                "Invalid value: \"/abs.json\": must be a relative path",
            ),
            (
                json!({"type": "Localhost", "localhostProfile": "a/../../b"}),
                "seccompProfile.localhostProfile",
                "Invalid value: \"a/../../b\": must not contain '..'",
            ),
            (
                json!({"type": "RuntimeDefault", "localhostProfile": "p.json"}),
                "seccompProfile.localhostProfile",
                "Invalid value: {\"Type\":\"RuntimeDefault\",\"LocalhostProfile\":\"p.json\"}: can only be set when seccomp type is Localhost",
            ),
        ];
        for (profile, field, msg) in cases {
            let found = at36(pod_with(json!({"seccompProfile": profile})));
            assert_eq!(
                found,
                vec![(format!("{P}.{field}"), msg.to_string())],
                "{profile}"
            );
            let found = at36(json!({"containers": [ctr(json!({"seccompProfile": profile}))]}));
            assert_eq!(
                found,
                vec![(format!("{C}.{field}"), msg.to_string())],
                "{profile}"
            );
        }
        let ok = json!({"type": "Localhost", "localhostProfile": "profiles/audit.json"});
        assert!(at36(pod_with(json!({"seccompProfile": ok}))).is_empty());
    }

    #[test]
    fn app_armor_profiles_exist_from_1_30() {
        let long = "p".repeat(4096);
        let cases = [
            (json!({}), "appArmorProfile.type", "Required value: type is required when appArmorProfile is set".to_string()),
            (json!({"type": "Bogus"}), "appArmorProfile.type", "Unsupported value: \"Bogus\": supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"".to_string()),
            (json!({"type": "Localhost"}), "appArmorProfile.localhostProfile", "Required value: must be set when AppArmor type is Localhost".to_string()),
            (json!({"type": "Localhost", "localhostProfile": "   "}), "appArmorProfile.localhostProfile", "Invalid value: \"   \": must not be padded with whitespace".to_string()),
            (json!({"type": "Localhost", "localhostProfile": ""}), "appArmorProfile.localhostProfile", "Required value: must be set when AppArmor type is Localhost".to_string()),
            (json!({"type": "Localhost", "localhostProfile": long}), "appArmorProfile.localhostProfile", "Too long: must have at most 4095 bytes".to_string()),
            (json!({"type": "Unconfined", "localhostProfile": "x"}), "appArmorProfile.localhostProfile", "Invalid value: \"x\": can only be set when AppArmor type is Localhost".to_string()),
        ];
        for (profile, field, msg) in cases {
            let found = at36(pod_with(json!({"appArmorProfile": profile})));
            assert_eq!(
                found,
                vec![(format!("{P}.{field}"), msg.clone())],
                "{profile}"
            );
            let pod = json!({"containers": [ctr(json!({"appArmorProfile": profile}))]});
            assert_eq!(at36(pod.clone()), vec![(format!("{C}.{field}"), msg)]);
            assert!(pod_findings(pod, 29, "DS224").is_empty());
        }
        let ok = json!({"type": "Localhost", "localhostProfile": "k8s-agent"});
        assert!(at36(pod_with(json!({"appArmorProfile": ok}))).is_empty());
    }

    #[test]
    fn windows_options() {
        let wo = |w: Value| at36(pod_with(json!({"windowsOptions": w})));
        let found = wo(json!({"gmsaCredentialSpecName": "Bad_Name", "gmsaCredentialSpec": ""}));
        assert_eq!(
            fields(&found),
            vec![
                format!("{P}.windowsOptions.gmsaCredentialSpecName"),
                format!("{P}.windowsOptions.gmsaCredentialSpec")
            ]
        );
        assert_eq!(
            found[1].1,
            "Invalid value: \"\": gmsaCredentialSpec cannot be an empty string"
        );
        let user = |name: &str| -> Vec<String> {
            wo(json!({"runAsUserName": name}))
                .into_iter()
                .map(|(_, m)| m.split_once(": ").map(|(_, d)| d.to_string()).unwrap_or(m))
                .map(|m| m.split_once(": ").map(|(_, d)| d.to_string()).unwrap_or(m))
                .collect()
        };
        assert_eq!(user(""), vec!["runAsUserName cannot be an empty string"]);
        assert_eq!(
            user("a\tb"),
            vec!["runAsUserName cannot contain control characters"]
        );
        assert_eq!(
            user("a\\b\\c"),
            vec!["runAsUserName cannot contain more than one backslash"]
        );
        assert_eq!(
            user(".corp\\user"),
            vec!["runAsUserName's Domain doesn't match the NetBios nor the DNS format"]
        );
        assert_eq!(user("dom\\"), vec!["runAsUserName's User cannot be empty"]);
        assert_eq!(
            user(&"u".repeat(105)),
            vec!["runAsUserName's User length must not be longer than 104 characters"]
        );
        assert_eq!(
            user(". ."),
            vec!["runAsUserName's User cannot contain only periods or spaces"]
        );
        assert_eq!(
            user("a@b"),
            vec![
                r#"runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]"#
            ]
        );
        assert!(user("NT AUTHORITY\\NETWORK SERVICE").is_empty());
        assert!(user("corp.example.com\\svc-agent").is_empty());
        assert!(user("ContainerAdministrator").is_empty());
    }

    #[test]
    fn privilege_escalation_with_privileged_or_sys_admin() {
        let found = at36(
            json!({"containers": [ctr(json!({"privileged": true, "allowPrivilegeEscalation": false}))]}),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, C);
        assert_eq!(
            found[0].1,
            "Invalid value: {\"Capabilities\":null,\"Privileged\":true,\"SELinuxOptions\":null,\"WindowsOptions\":null,\"RunAsUser\":null,\"RunAsGroup\":null,\"RunAsNonRoot\":null,\"ReadOnlyRootFilesystem\":null,\"AllowPrivilegeEscalation\":false,\"ProcMount\":null,\"SeccompProfile\":null,\"AppArmorProfile\":null}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true"
        );
        let cap = at36(
            json!({"containers": [ctr(json!({"allowPrivilegeEscalation": false,
            "capabilities": {"add": ["NET_ADMIN", "CAP_SYS_ADMIN"]}}))]}),
        );
        assert_eq!(cap.len(), 1);
        assert!(cap[0].1.ends_with(
            "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"
        ));
        // --allow-privileged=true: a privileged container that may escalate is fine, and so is
        // SYS_ADMIN without the CAP_ prefix.
        let ok = json!({"containers": [ctr(json!({"privileged": true, "allowPrivilegeEscalation": true})),
            {"name": "b", "image": "b:1", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"add": ["SYS_ADMIN"]}}}]});
        assert!(at36(ok).is_empty());
    }

    #[test]
    fn proc_mount_values_and_user_namespaces() {
        let bogus = json!({"initContainers": [ctr(json!({"procMount": "Bogus"}))], "containers": [ctr(json!({"procMount": "Unmasked"}))]});
        let found = at36(bogus.clone());
        assert_eq!(
            found,
            vec![
                (
                    "spec.template.spec.initContainers[0].securityContext.procMount".to_string(),
                    "Unsupported value: \"Bogus\": supported values: \"Default\", \"Unmasked\""
                        .to_string()
                ),
                (
                    format!("{C}.procMount"),
                    "Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`"
                        .to_string()
                ),
            ]
        );
        // 1.32: ProcMountType is off and the server forces the value to Default.
        assert!(pod_findings(bogus, 32, "DS224").is_empty());
        let userns =
            json!({"hostUsers": false, "containers": [ctr(json!({"procMount": "Unmasked"}))]});
        assert!(at36(userns).is_empty());
    }

    #[test]
    fn user_namespaces_refuse_host_namespaces() {
        let pod = json!({"hostUsers": false, "hostNetwork": true, "hostPID": true, "hostIPC": true,
            "containers": [{"name": "a", "image": "a:1", "volumeDevices": [{"name": "d", "devicePath": "/dev/x"}]}],
            "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "c"}}]});
        let found = at36(pod.clone());
        assert_eq!(
            fields(&found),
            vec![
                "spec.template.spec.hostNetwork",
                "spec.template.spec.HostPID",
                "spec.template.spec.HostIPC",
                "spec.template.spec.containers[0].volumeDevices",
            ]
        );
        assert_eq!(found[0].1, "Forbidden: when `hostUsers` is false");
        assert_eq!(pod_findings(pod.clone(), 33, "DS224").len(), 3);
        // Before 1.33 UserNamespacesSupport is off and hostUsers is dropped.
        assert!(pod_findings(pod, 32, "DS224").is_empty());
        let host = json!({"hostUsers": true, "hostNetwork": true, "containers": [ctr(json!({}))]});
        assert!(at36(host).is_empty());
    }

    #[test]
    fn the_pod_os() {
        let os = |name: Value| at36(json!({"os": {"name": name}, "containers": [ctr(json!({}))]}));
        assert_eq!(
            os(json!("")),
            vec![(
                "spec.template.spec.os.name".to_string(),
                "Required value".to_string()
            )]
        );
        assert_eq!(
            os(json!("plan9")),
            vec![(
                "spec.template.spec.os".to_string(),
                "Unsupported value: \"plan9\": supported values: \"linux\", \"windows\""
                    .to_string()
            )]
        );
        assert!(os(json!("linux")).is_empty());
        assert!(os(json!("windows")).is_empty());
        let linux = json!({"os": {"name": "linux"}, "securityContext": {"windowsOptions": {}},
            "containers": [ctr(json!({"windowsOptions": {"runAsUserName": "x"}}))]});
        let found = at36(linux);
        assert_eq!(
            fields(&found),
            vec![format!("{P}.windowsOptions"), format!("{C}.windowsOptions")]
        );
        assert_eq!(
            found[0].1,
            "Forbidden: windows options cannot be set for a linux pod"
        );
    }

    #[test]
    fn windows_pods_refuse_linux_only_fields() {
        let pod = json!({"os": {"name": "windows"}, "hostPID": true, "hostIPC": true, "hostUsers": true,
            "shareProcessNamespace": false,
            "securityContext": {"seLinuxOptions": {}, "seccompProfile": {"type": "RuntimeDefault"},
                "appArmorProfile": {"type": "RuntimeDefault"}, "fsGroup": 1, "fsGroupChangePolicy": "Always",
                "sysctls": [{"name": "kernel.pid_max"}], "runAsUser": 1, "runAsGroup": 1,
                "supplementalGroups": [], "supplementalGroupsPolicy": "Merge", "seLinuxChangePolicy": "Recursive"},
            "containers": [ctr(json!({"privileged": false, "capabilities": {}, "readOnlyRootFilesystem": true,
                "allowPrivilegeEscalation": true, "procMount": "Default", "runAsUser": 1, "runAsGroup": 1,
                "seLinuxOptions": {}, "seccompProfile": {"type": "RuntimeDefault"}, "appArmorProfile": {"type": "RuntimeDefault"}}))]});
        let found = at36(pod);
        assert_eq!(found.len(), 25, "{found:#?}");
        assert!(
            found
                .iter()
                .all(|(_, m)| m == "Forbidden: cannot be set for a windows pod")
        );
        for f in [
            "spec.template.spec.hostUsers",
            "spec.template.spec.hostPID",
            "spec.template.spec.shareProcessNamespace",
            &format!("{P}.sysctls"),
            &format!("{C}.procMount"),
        ] {
            assert!(fields(&found).contains(&f), "{f}");
        }
        let ok = json!({"os": {"name": "windows"}, "securityContext": {"windowsOptions": {"runAsUserName": "ContainerUser"}},
            "containers": [ctr(json!({"runAsNonRoot": true}))]});
        assert!(at36(ok).is_empty());
    }

    #[test]
    fn windows_host_process_pods() {
        let hp = |v: bool| json!({"windowsOptions": {"hostProcess": v}});
        let pod = json!({"securityContext": hp(true), "containers": [ctr(hp(false)),
            {"name": "b", "image": "b:1"}]});
        let found = at36(pod);
        assert_eq!(
            found,
            vec![
                (
                    format!("{C}.windowsOptions.hostProcess"),
                    "Invalid value: false: pod hostProcess value must be identical if both are specified, was true".to_string()
                ),
                (
                    "spec.template.spec".to_string(),
                    "Invalid value: \"\": If pod contains any hostProcess containers then all containers must be HostProcess containers".to_string()
                ),
                (
                    "spec.template.spec.hostNetwork".to_string(),
                    "Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers".to_string()
                ),
            ]
        );
        let ok = json!({"hostNetwork": true, "securityContext": hp(true), "containers": [ctr(json!({})), ctr(hp(true))]});
        assert!(at36(ok).is_empty());
    }

    #[test]
    fn ephemeral_containers_are_checked_too() {
        let pod = json!({"containers": [ctr(json!({}))],
            "ephemeralContainers": [{"name": "debug", "image": "busybox", "securityContext": {"procMount": "x"}}]});
        assert_eq!(
            fields(&at36(pod)),
            vec!["spec.template.spec.ephemeralContainers[0].securityContext.procMount"]
        );
    }

    #[test]
    fn deprecated_annotations() {
        let pod = json!({"containers": [ctr(json!({}))]});
        let found = annotated(
            json!({"seccomp.security.alpha.kubernetes.io/pod": "bogus",
                "container.seccomp.security.alpha.kubernetes.io/agent": "localhost/../x",
                "container.apparmor.security.beta.kubernetes.io/ghost": "enforce"}),
            pod.clone(),
            36,
        );
        let a = "spec.template.metadata.annotations";
        assert_eq!(
            found,
            vec![
                (
                    format!("{a}.seccomp.security.alpha.kubernetes.io/pod"),
                    "Invalid value: \"bogus\": must be a valid seccomp profile".to_string()
                ),
                (
                    format!("{a}.container.seccomp.security.alpha.kubernetes.io/agent"),
                    "Invalid value: \"../x\": must not contain '..'".to_string()
                ),
                (
                    format!("{a}[container.apparmor.security.beta.kubernetes.io/ghost]"),
                    "Invalid value: \"ghost\": container not found".to_string()
                ),
                (
                    format!("{a}[container.apparmor.security.beta.kubernetes.io/ghost]"),
                    "Invalid value: \"enforce\": invalid AppArmor profile name: \"enforce\""
                        .to_string()
                ),
            ]
        );
        let ok = annotated(
            json!({"seccomp.security.alpha.kubernetes.io/pod": "docker/default",
                "container.apparmor.security.beta.kubernetes.io/agent": "localhost/k8s-agent"}),
            pod,
            36,
        );
        assert!(ok.is_empty());
    }

    #[test]
    fn annotations_must_agree_with_fields() {
        let pod = json!({"securityContext": {"seccompProfile": {"type": "Unconfined"},
                "appArmorProfile": {"type": "Localhost", "localhostProfile": "a"}},
            "containers": [ctr(json!({"seccompProfile": {"type": "Localhost", "localhostProfile": "x.json"}})),
                {"name": "b", "image": "b:1", "securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}}]});
        let ann = json!({"seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
            "container.seccomp.security.alpha.kubernetes.io/agent": "localhost/y.json",
            "container.apparmor.security.beta.kubernetes.io/agent": "localhost/b",
            "container.apparmor.security.beta.kubernetes.io/b": "unconfined"});
        let found = annotated(ann.clone(), pod.clone(), 36);
        assert_eq!(
            fields(&found),
            vec![
                "spec.template.spec.securityContext.seccompProfile.type",
                "spec.template.spec.containers[0].securityContext.seccompProfile.localhostProfile",
                "spec.template.spec.containers[0].securityContext.appArmorProfile.localhostProfile",
                "spec.template.spec.containers[1].securityContext.appArmorProfile.type",
            ]
        );
        assert_eq!(
            found[0].1,
            "Forbidden: seccomp type in annotation and field must match"
        );
        assert_eq!(
            found[3].1,
            "Forbidden: apparmor type in annotation and field must match"
        );
        // Windows Pods skip the AppArmor comparison (and refuse the fields instead).
        let mut windows = pod;
        windows["os"] = json!({"name": "windows"});
        let found = annotated(ann, windows, 36);
        assert!(
            !found.iter().any(|(_, m)| m.contains("apparmor")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|(_, m)| m.contains("seccomp type in annotation"))
        );
    }

    #[test]
    fn odd_shapes_never_panic() {
        for pod in [
            json!({"securityContext": "x", "hostUsers": "no", "os": "linux", "containers": "x"}),
            json!({"securityContext": {"sysctls": [1, {"name": 5}, null], "supplementalGroups": "x",
                "windowsOptions": [], "seccompProfile": 3, "appArmorProfile": {"type": 1}},
                "containers": [1, {"securityContext": {"capabilities": {"add": "x"}, "procMount": 4,
                    "windowsOptions": {"runAsUserName": 7, "hostProcess": "yes"}}}]}),
            json!({"os": {"name": "windows"}, "securityContext": null, "ephemeralContainers": {},
                "initContainers": [{"securityContext": []}]}),
            json!({"securityContext": {"windowsOptions": {"runAsUserName": "é\\ü"}}, "containers": []}),
        ] {
            let _ = at36(pod.clone());
            let _ = annotated(
                json!({"container.apparmor.security.beta.kubernetes.io/": 1}),
                pod,
                25,
            );
        }
    }
}
