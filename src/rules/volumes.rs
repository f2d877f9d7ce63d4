//! Volumes of a pod template and the volume mounts of its containers.

use super::downward::{VOLUME_FIELD_PATHS, object_field_selector, resource_field_selector};
use super::names::{is_dns1123_label, is_dns1123_subdomain, name_is_dns_subdomain};
use super::object::{bool_at, get, int_at, items, str_at, string_or_empty};
use super::{Emitter, LazyPath, Options, Report, Rule};
use crate::finding::{FieldPath, Severity};
use crate::k8s::Quantity;
use serde_json::{Value, json};

/// DS220.
pub const INVALID_VOLUME: Rule = Rule {
    code: "DS220",
    name: "invalid-volume",
    severity: Severity::Error,
    summary: "A volume has a bad or repeated name, more than one source, or a bad source",
    doc: r#"## What it does
Checks `spec.template.spec.volumes`: each `name` is required, a DNS-1123 label and unique; a
volume has one source (`hostPath`, `configMap`, `secret`, `emptyDir`, `projected`, ...); and
the source's own fields: `hostPath.path` required without `..` and a known `type`,
`configMap.name`, `secret.secretName` and `persistentVolumeClaim.claimName` required, file
modes within 0-0777, `items[].path` relative without `..`, `nfs` server and absolute path, the
`csi` driver name, `downwardAPI` and `projected` items.

A volume with no source at all is not an error: the API server defaults it to `emptyDir: {}`
(`SetDefaults_Volume`). The `image` source counts from 1.35, where its feature gate
(`ImageVolume`) is on by default; from 1.31 to 1.34 the server silently drops every volume
that sets `image`, and the mounts of it (`dropImageVolumes`), so dsctl checks neither.

## Why is this bad?
The API server rejects the object.

## Example
```yaml
volumes:
- name: config
  configMap:
    name: agent-config
  secret:
    secretName: agent-secrets
- name: host_root
  hostPath:
    path: /var/lib/../../etc
```

## Fix
```yaml
volumes:
- name: config
  configMap:
    name: agent-config
- name: secrets
  secret:
    secretName: agent-secrets
- name: host-etc
  hostPath:
    path: /etc
```

## Upstream
`ValidateVolumes`, `validateVolumeSource` ("may not specify more than 1 volume type", reported
at the extra source with upstream's spelling, e.g. `downwarAPI`), `validateHostPathVolumeSource`,
`validatePathNoBacksteps`, `validateHostPathType`, `validateSecretVolumeSource`,
`validateConfigMapVolumeSource`, `validateKeyToPath`, `ValidateLocalNonReservedPath`,
`validatePersistentClaimVolumeSource`, `validateNFSVolumeSource`, `validateCSIVolumeSource`,
`validateDownwardAPIVolumeSource`, `validateProjectionSources`, `validateISCSIVolumeSource`,
`validateImageVolumeSource` (`validatePullPolicy`), `validateEphemeralVolumeSource` with
`ValidatePersistentVolumeClaimTemplate` / `ValidatePersistentVolumeClaimSpec` (accessModes,
`resources[storage]`, volumeMode; metadata other than labels and annotations "cannot be set")
(`pkg/apis/core/validation/validation.go`); `SetDefaults_Volume` (`pkg/apis/core/v1/defaults.go`);
`dropImageVolumes` (`pkg/api/pod/util.go`).
"#,
    emitter: Emitter::Rules,
};

/// DS221.
pub const INVALID_VOLUME_MOUNT: Rule = Rule {
    code: "DS221",
    name: "invalid-volume-mount",
    severity: Severity::Error,
    summary: "A volume mount or device names no valid volume, repeats a path, or has a bad subPath or propagation",
    doc: r#"## What it does
Checks `volumeMounts` of every container and init container: `name` is required and must be a
volume of the pod (one without errors of its own), `mountPath` is required and unique within
the container, `subPath`/`subPathExpr` are relative paths without `..` and not both set,
`mountPropagation` is `None`, `HostToContainer` or `Bidirectional` (the latter only in a
privileged container), and `recursiveReadOnly` (from 1.31) needs `readOnly: true`. Block
devices (`volumeDevices`) get the same treatment: a name of a `persistentVolumeClaim` or
`ephemeral` volume, a unique `devicePath` without `..`, neither also used by a mount.

Like the API server, errors about `subPath`, `subPathExpr`, `mountPropagation` and
`recursiveReadOnly` name the `volumeMounts` list, not the entry
(`containers[0].volumeMounts.subPath`).

## Why is this bad?
The API server rejects the object.

## Example
```yaml
containers:
- name: agent
  image: example/agent:1.0
  volumeMounts:
  - name: config
    mountPath: /etc/agent
  - name: sys
    mountPath: /etc/agent
    mountPropagation: Bidirectional
volumes:
- name: sys
  hostPath:
    path: /sys
```

## Fix
```yaml
containers:
- name: agent
  image: example/agent:1.0
  securityContext:
    privileged: true
  volumeMounts:
  - name: config
    mountPath: /etc/agent
  - name: sys
    mountPath: /host/sys
    mountPropagation: Bidirectional
volumes:
- name: config
  configMap:
    name: agent-config
- name: sys
  hostPath:
    path: /sys
```

## Upstream
`ValidateVolumeMounts`, `ValidateVolumeDevices`, `validateLocalDescendingPath`,
`validateMountPropagation`, `validateMountRecursiveReadOnly`
(`pkg/apis/core/validation/validation.go`).
"#,
    emitter: Emitter::Rules,
};

/// The volume sources of `core.VolumeSource`, in the order `validateVolumeSource` checks them:
/// the JSON key and the name upstream uses in the "more than 1 volume type" error path.
const SOURCES: &[(&str, &str)] = &[
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

/// Fields the legacy in-tree sources require (`field.Required`): source key, the path name
/// upstream reports under (`validateGCEPersistentDiskVolumeSource` says `persistentDisk`), and
/// the fields in upstream's order.
const REQUIRED_FIELDS: &[(&str, &str, &[&str])] = &[
    ("gitRepo", "gitRepo", &["repository"]),
    ("gcePersistentDisk", "persistentDisk", &["pdName"]),
    (
        "awsElasticBlockStore",
        "awsElasticBlockStore",
        &["volumeID"],
    ),
    ("glusterfs", "glusterfs", &["endpoints", "path"]),
    ("rbd", "rbd", &["monitors", "image"]),
    ("cinder", "cinder", &["volumeID"]),
    ("cephfs", "cephfs", &["monitors"]),
    ("flexVolume", "flexVolume", &["driver"]),
    ("azureFile", "azureFile", &["secretName", "shareName"]),
    ("vsphereVolume", "vsphereVolume", &["volumePath"]),
    ("photonPersistentDisk", "photonPersistentDisk", &["pdID"]),
    ("portworxVolume", "portworxVolume", &["volumeID"]),
    ("azureDisk", "azureDisk", &["diskName", "diskURI"]),
    ("storageos", "storageos", &["volumeName"]),
    ("scaleIO", "scaleIO", &["gateway", "system", "volumeName"]),
];

/// `supportedHostPathTypes`, sorted (the empty string is "unset").
const HOST_PATH_TYPES: &[&str] = &[
    "",
    "BlockDevice",
    "CharDevice",
    "Directory",
    "DirectoryOrCreate",
    "File",
    "FileOrCreate",
    "Socket",
];

const FILE_MODE_ERR: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// A volume that passed `ValidateVolumes` (only these can be mounted or used as devices), or
/// one the server dropped before validation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Accepted<'a> {
    name: &'a str,
    /// Backed by a claim (`persistentVolumeClaim` or `ephemeral`), as block devices must be.
    claim: bool,
    /// An `image` volume while the `ImageVolume` gate is off (1.31-1.34): `dropImageVolumes`
    /// removes it and every mount of it before validation.
    dropped: bool,
}

/// The volume a mount or device names, unless it was dropped.
fn find<'v, 'a>(volumes: &'v [Accepted<'a>], name: &str) -> Option<&'v Accepted<'a>> {
    volumes.iter().find(|v| v.name == name && !v.dropped)
}

/// `ValidateVolumes`: reports bad volumes and returns the good ones (upstream keeps a volume
/// only when it has no error of its own). Dropped image volumes keep their original index
/// here, so findings point at the entries as written; the server counts without them.
pub(crate) fn check<'a>(
    pod: &'a Value,
    path: &FieldPath,
    opts: &Options,
    report: &mut Report,
) -> Vec<Accepted<'a>> {
    let volumes = items(pod, "volumes");
    let mut accepted: Vec<Accepted<'a>> = Vec::with_capacity(volumes.len());
    for (i, v) in volumes.iter().enumerate() {
        let name = string_or_empty(v, "name");
        if (31..35).contains(&opts.kube_minor) && get(v, "image").is_some_and(Value::is_object) {
            accepted.push(Accepted {
                name,
                claim: false,
                dropped: true,
            });
            continue;
        }
        let vpath = || path.child("volumes").index(i);
        let before = report.len();
        source(v, &vpath, opts, report);
        if name.is_empty() {
            report.required(&INVALID_VOLUME, &vpath().child("name"), "");
        } else {
            for msg in is_dns1123_label(name) {
                report.invalid(&INVALID_VOLUME, &vpath().child("name"), &json!(name), &msg);
            }
        }
        if find(&accepted, name).is_some() {
            report.duplicate(&INVALID_VOLUME, &vpath().child("name"), &json!(name));
        }
        if report.len() == before {
            let claim = ["persistentVolumeClaim", "ephemeral"]
                .iter()
                .any(|k| get(v, k).is_some());
            accepted.push(Accepted {
                name,
                claim,
                dropped: false,
            });
        }
    }
    accepted
}

/// `validateVolumeSource`: the first source is validated, every further one is forbidden. No
/// source at all cannot reach validation: `SetDefaults_Volume` turns it into an `emptyDir`.
fn source(v: &Value, vpath: LazyPath<'_>, opts: &Options, report: &mut Report) {
    let Some(fields) = v.as_object() else {
        return;
    };
    // The volume's own keys (usually a name and one source), as positions in `SOURCES`: a
    // bit set is upstream's order without looking up all thirty sources in every volume.
    let mut set: u32 = 0;
    for (key, value) in fields {
        if let Some(pos) = SOURCES.iter().position(|(k, _)| k == key)
            && value.is_object()
        {
            set |= 1 << pos;
        }
    }
    let mut counted = false;
    for (pos, &(key, error_name)) in SOURCES.iter().enumerate() {
        // Before 1.31 `image` is an unknown field (ignored); 1.31-1.34 drop the whole volume.
        if set & (1 << pos) == 0 || (key == "image" && opts.kube_minor < 35) {
            continue;
        }
        if counted {
            report.forbidden(
                &INVALID_VOLUME,
                &vpath().child(error_name),
                "may not specify more than 1 volume type",
            );
        } else if let Some(src) = fields.get(key) {
            counted = true;
            source_fields(key, src, vpath, report);
        }
    }
}

/// The per-source validation of the one source a volume (at `vp`) has.
fn source_fields(key: &str, src: &Value, vp: LazyPath<'_>, report: &mut Report) {
    let rule = &INVALID_VOLUME;
    let sp = &|| vp().child(key);
    match key {
        "emptyDir" => {
            let negative = str_at(src, "sizeLimit")
                .and_then(|s| Quantity::parse(s).ok())
                .is_some_and(|q| q.nanos() < 0);
            if negative {
                report.forbidden(
                    rule,
                    &sp().child("sizeLimit"),
                    "SizeLimit field must be a valid resource quantity",
                );
            }
        }
        "hostPath" => host_path(src, sp, report),
        "secret" | "configMap" => {
            let name_key = if key == "secret" {
                "secretName"
            } else {
                "name"
            };
            if string_or_empty(src, name_key).is_empty() {
                report.required(rule, &sp().child(name_key), "");
            }
            file_mode(src, "defaultMode", sp, report);
            for (j, kp) in items(src, "items").iter().enumerate() {
                key_to_path(kp, &|| sp().child("items").index(j), report);
            }
        }
        "persistentVolumeClaim" => {
            if string_or_empty(src, "claimName").is_empty() {
                report.required(rule, &sp().child("claimName"), "");
            }
        }
        "nfs" => {
            let nfs_path = string_or_empty(src, "path");
            if string_or_empty(src, "server").is_empty() {
                report.required(rule, &sp().child("server"), "");
            }
            if nfs_path.is_empty() {
                report.required(rule, &sp().child("path"), "");
            }
            if !nfs_path.starts_with('/') {
                report.invalid(
                    rule,
                    &sp().child("path"),
                    &json!(nfs_path),
                    "must be an absolute path",
                );
            }
        }
        "downwardAPI" => {
            file_mode(src, "defaultMode", sp, report);
            for file in items(src, "items") {
                downward_api_file(file, sp, report);
            }
        }
        "projected" => {
            file_mode(src, "defaultMode", sp, report);
            projection_sources(src, sp, report);
        }
        "csi" => csi(src, sp, report),
        "iscsi" => iscsi(src, sp, report),
        "image" => {
            // `validateImageVolumeSource`: the reference is required for Pods only. An empty
            // pull policy never reaches validation: `SetDefaults_Volume` fills it whenever the
            // ImageVolume gate lets the volume through.
            if let Some(policy) = str_at(src, "pullPolicy")
                && !policy.is_empty()
                && !PULL_POLICIES.contains(&policy)
            {
                report.not_supported(
                    rule,
                    &sp().child("pullPolicy"),
                    &json!(policy),
                    PULL_POLICIES,
                );
            }
        }
        "ephemeral" => match get(src, "volumeClaimTemplate") {
            Some(t) if !t.is_null() => {
                claim_template(t, &|| sp().child("volumeClaimTemplate"), report)
            }
            _ => report.required(rule, &sp().child("volumeClaimTemplate"), ""),
        },
        _ => {
            let Some((_, error_name, fields)) = REQUIRED_FIELDS.iter().find(|(k, ..)| *k == key)
            else {
                return;
            };
            for field in *fields {
                let missing = match get(src, field) {
                    None => true,
                    Some(Value::String(s)) => s.is_empty(),
                    Some(Value::Array(a)) => a.is_empty(),
                    Some(_) => false,
                };
                if missing {
                    // Upstream names some sources differently here (`persistentDisk`).
                    report.required(rule, &vp().child(error_name).child(field), "");
                }
            }
        }
    }
}

/// `validateHostPathVolumeSource` and `validateHostPathType`.
fn host_path(src: &Value, sp: LazyPath<'_>, report: &mut Report) {
    let host = string_or_empty(src, "path");
    if host.is_empty() {
        report.required(&INVALID_VOLUME, &sp().child("path"), "");
        return;
    }
    no_backsteps(&INVALID_VOLUME, host, &|| sp().child("path"), report);
    if let Some(t) = str_at(src, "type")
        && !HOST_PATH_TYPES.contains(&t)
    {
        report.not_supported(
            &INVALID_VOLUME,
            &sp().child("type"),
            &json!(t),
            HOST_PATH_TYPES,
        );
    }
}

/// `validateCSIVolumeSource` with `ValidateCSIDriverName`.
fn csi(src: &Value, sp: LazyPath<'_>, report: &mut Report) {
    let rule = &INVALID_VOLUME;
    let driver = string_or_empty(src, "driver");
    let dpath = || sp().child("driver");
    if driver.is_empty() {
        // `ValidateCSIDriverName` returns after Required: no format error for "".
        report.required(rule, &dpath(), "");
    } else if driver.len() > 63 {
        report.too_long(rule, &dpath(), 63);
    }
    if !driver.is_empty() {
        for msg in is_dns1123_subdomain(&driver.to_lowercase()) {
            report.invalid(rule, &dpath(), &json!(driver), &msg);
        }
    }
    if let Some(secret) = get(src, "nodePublishSecretRef") {
        let name = string_or_empty(secret, "name");
        if name.is_empty() {
            report.required(rule, &sp().child("nodePublishSecretRef").child("name"), "");
        } else {
            // Upstream reports a bad secret name at `csi.name`.
            for msg in name_is_dns_subdomain(name, false) {
                report.invalid(rule, &sp().child("name"), &json!(name), &msg);
            }
        }
    }
}

/// `supportedPullPolicies`, sorted.
const PULL_POLICIES: &[&str] = &["Always", "IfNotPresent", "Never"];

/// `validateISCSIVolumeSource`.
fn iscsi(src: &Value, sp: LazyPath<'_>, report: &mut Report) {
    let rule = &INVALID_VOLUME;
    if string_or_empty(src, "targetPortal").is_empty() {
        report.required(rule, &sp().child("targetPortal"), "");
    }
    let iqn = string_or_empty(src, "iqn");
    if iqn.is_empty() {
        report.required(rule, &sp().child("iqn"), "");
    } else if let Some(msg) = iscsi_name_error(iqn) {
        report.invalid(rule, &sp().child("iqn"), &json!(iqn), msg);
    }
    if let Some(lun) = int_at(src, "lun")
        && !(0..=255).contains(&lun)
    {
        report.invalid(
            rule,
            &sp().child("lun"),
            &json!(lun),
            "must be between 0 and 255, inclusive",
        );
    }
    if (bool_at(src, "chapAuthDiscovery") || bool_at(src, "chapAuthSession"))
        && get(src, "secretRef").is_none_or(Value::is_null)
    {
        report.required(rule, &sp().child("secretRef"), "");
    }
    if let Some(initiator) = str_at(src, "initiatorName")
        && let Some(msg) = iscsi_name_error(initiator)
    {
        report.invalid(rule, &sp().child("initiatorname"), &json!(initiator), msg);
    }
}

/// The format check of an iSCSI qualified name (`iscsiInitiatorIqnRegex`, `...EuiRegex`,
/// `...NaaRegex`), without compiling a regular expression.
fn iscsi_name_error(name: &str) -> Option<&'static str> {
    let alnum_run =
        |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_alphanumeric());
    let ok = if let Some(rest) = name.strip_prefix("eui") {
        after_any(rest).is_some_and(|r| alnum_run(r, 16))
    } else if let Some(rest) = name.strip_prefix("naa") {
        after_any(rest).is_some_and(|r| alnum_run(r, 32))
    } else if name.starts_with("iqn") {
        // Unanchored at the start: a match may begin at any `iqn.`.
        name.match_indices("iqn.")
            .any(|(i, _)| iqn_tail(&name[i + 4..]))
    } else {
        return Some("must be valid format starting with iqn, eui, or naa");
    };
    (!ok).then_some("must be valid format")
}

/// `^eui.` / `^naa.`: any one character (not a line break) after the prefix.
fn after_any(s: &str) -> Option<&str> {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c != '\n' => Some(chars.as_str()),
        _ => None,
    }
}

/// `\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$` after `iqn.`.
fn iqn_tail(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8
        || !b[..4].iter().all(u8::is_ascii_digit)
        || b[4] != b'-'
        || !b[5..7].iter().all(u8::is_ascii_digit)
        || b[7] != b'.'
    {
        return false;
    }
    let rest = &s[8..];
    let run = rest
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'.')
        .count();
    let Some(tail) = rest[run..].strip_prefix(':') else {
        return false;
    };
    run > 0 && !tail.is_empty() && !tail.bytes().any(|c| b",;*&$| \t\n\r\x0c".contains(&c))
}

/// `ValidatePersistentVolumeClaimTemplate` for an ephemeral volume (no old template: the
/// options come from the feature gates alone).
fn claim_template(t: &Value, tp: LazyPath<'_>, report: &mut Report) {
    let rule = &INVALID_VOLUME;
    // ValidateTemplateObjectMeta: only labels and annotations may be set.
    if let Some(meta) = get(t, "metadata").and_then(Value::as_object) {
        for (k, v) in meta {
            if k != "labels" && k != "annotations" && !crate::manifest::is_empty_value(v) {
                report.forbidden(rule, &tp().child("metadata").child(k), "cannot be set");
            }
        }
    }
    let spec = get(t, "spec").unwrap_or(&Value::Null);
    let sp = || tp().child("spec");
    let modes = items(spec, "accessModes");
    if modes.is_empty() {
        report.required(
            rule,
            &sp().child("accessModes"),
            "at least 1 access mode is required",
        );
    }
    const MODES: &[&str] = &[
        "ReadOnlyMany",
        "ReadWriteMany",
        "ReadWriteOnce",
        "ReadWriteOncePod",
    ];
    let (mut rwop, mut other) = (false, false);
    for m in modes {
        let mode = m.as_str().unwrap_or("");
        if !MODES.contains(&mode) {
            report.not_supported(rule, &sp().child("accessModes"), m, MODES);
        } else if mode == "ReadWriteOncePod" {
            rwop = true;
        } else {
            other = true;
        }
    }
    if rwop && other {
        report.forbidden(
            rule,
            &sp().child("accessModes"),
            "may not use ReadWriteOncePod with other access modes",
        );
    }
    let storage_path = || sp().child("resources").key("storage");
    match get(spec, "resources")
        .and_then(|r| get(r, "requests"))
        .and_then(|r| get(r, "storage"))
    {
        None => report.required(rule, &storage_path(), ""),
        Some(v) => {
            let text = match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            if let Some(q) = text.and_then(|t| Quantity::parse(&t).ok())
                && q.nanos() <= 0
            {
                report.invalid_rendered(
                    rule,
                    &storage_path(),
                    &q.to_string(),
                    "must be greater than zero",
                );
            }
        }
    }
    if let Some(mode) = str_at(spec, "volumeMode")
        && mode != "Block"
        && mode != "Filesystem"
    {
        report.not_supported(
            rule,
            &sp().child("volumeMode"),
            &json!(mode),
            &["Block", "Filesystem"],
        );
    }
}

/// `defaultMode` / `mode`: 0 to 0777.
fn file_mode(src: &Value, key: &str, sp: LazyPath<'_>, report: &mut Report) {
    if let Some(m) = int_at(src, key)
        && !(0..=0o777).contains(&m)
    {
        report.invalid(&INVALID_VOLUME, &sp().child(key), &json!(m), FILE_MODE_ERR);
    }
}

/// `validateKeyToPath`.
fn key_to_path(kp: &Value, path: LazyPath<'_>, report: &mut Report) {
    if string_or_empty(kp, "key").is_empty() {
        report.required(&INVALID_VOLUME, &path().child("key"), "");
    }
    let target = string_or_empty(kp, "path");
    if target.is_empty() {
        report.required(&INVALID_VOLUME, &path().child("path"), "");
    }
    local_non_reserved_path(target, &|| path().child("path"), report);
    file_mode(kp, "mode", path, report);
}

/// `validateDownwardAPIVolumeFile`; upstream reports at the source's path, not the item's.
fn downward_api_file(file: &Value, sp: LazyPath<'_>, report: &mut Report) {
    let rule = &INVALID_VOLUME;
    let target = string_or_empty(file, "path");
    if target.is_empty() {
        report.required(rule, &sp().child("path"), "");
    }
    local_non_reserved_path(target, &|| sp().child("path"), report);
    let resource = get(file, "resourceFieldRef");
    if let Some(fr) = get(file, "fieldRef") {
        object_field_selector(
            rule,
            fr,
            VOLUME_FIELD_PATHS,
            &|| sp().child("fieldRef"),
            report,
        );
        if resource.is_some() {
            report.invalid(
                rule,
                &sp(),
                &json!("resource"),
                "fieldRef and resourceFieldRef can not be specified simultaneously",
            );
        }
    } else if let Some(rf) = resource {
        resource_field_selector(rule, rf, true, &|| sp().child("resourceFieldRef"), report);
    } else {
        report.required(
            rule,
            &sp(),
            "one of fieldRef and resourceFieldRef is required",
        );
    }
    file_mode(file, "mode", sp, report);
}

/// `validateProjectionSources` (secret, configMap, downwardAPI, serviceAccountToken; the gated
/// clusterTrustBundle and podCertificate sources are not checked).
fn projection_sources(src: &Value, sp: LazyPath<'_>, report: &mut Report) {
    let rule = &INVALID_VOLUME;
    let mut all_paths: Vec<&str> = Vec::new();
    for (i, source) in items(src, "sources").iter().enumerate() {
        let src_path = || sp().child("sources").index(i);
        let mut count = 0;
        for key in ["secret", "configMap"] {
            let Some(obj) = get(source, key) else {
                continue;
            };
            count += 1;
            let pp = || src_path().child(key);
            let name = string_or_empty(obj, "name");
            if name.is_empty() {
                report.required(rule, &pp().child("name"), "");
            }
            for (j, kp) in items(obj, "items").iter().enumerate() {
                key_to_path(kp, &|| pp().child("items").index(j), report);
                let target = string_or_empty(kp, "path");
                if !target.is_empty() && !remember(&mut all_paths, target) {
                    report.invalid(rule, &sp(), &json!(name), "conflicting duplicate paths");
                }
            }
        }
        if let Some(obj) = get(source, "downwardAPI") {
            count += 1;
            let pp = || src_path().child("downwardAPI");
            for file in items(obj, "items") {
                downward_api_file(file, &pp, report);
                let target = string_or_empty(file, "path");
                if !target.is_empty() && !remember(&mut all_paths, target) {
                    report.invalid(rule, &sp(), &json!(target), "conflicting duplicate paths");
                }
            }
        }
        if let Some(obj) = get(source, "serviceAccountToken") {
            count += 1;
            // SetDefaults_ServiceAccountTokenProjection: one hour.
            let exp = int_at(obj, "expirationSeconds").unwrap_or(3600);
            let ep = || {
                src_path()
                    .child("serviceAccountToken")
                    .child("expirationSeconds")
            };
            if exp < 600 {
                report.invalid(
                    rule,
                    &ep(),
                    &json!(exp),
                    "may not specify a duration less than 10 minutes",
                );
            }
            if exp > 1 << 32 {
                report.invalid(
                    rule,
                    &ep(),
                    &json!(exp),
                    "may not specify a duration larger than 2^32 seconds",
                );
            }
            // Upstream reports the token path at the projected volume's `path`.
            let target = string_or_empty(obj, "path");
            if target.is_empty() {
                report.required(rule, &sp().child("path"), "");
            } else {
                local_non_reserved_path(target, &|| sp().child("path"), report);
            }
        }
        if count > 1 {
            report.forbidden(
                rule,
                &src_path(),
                "may not specify more than 1 volume type per source",
            );
        }
    }
}

/// Adds `p` to the seen paths; false when it was there already.
fn remember<'a>(seen: &mut Vec<&'a str>, p: &'a str) -> bool {
    if seen.contains(&p) {
        return false;
    }
    seen.push(p);
    true
}

/// `validatePathNoBacksteps`: no `..` element (one error even for `../../..`).
pub(crate) fn no_backsteps(
    rule: &'static Rule,
    target: &str,
    path: LazyPath<'_>,
    report: &mut Report,
) {
    if target.split('/').any(|part| part == "..") {
        report.invalid(rule, &path(), &json!(target), "must not contain '..'");
    }
}

/// `validateLocalDescendingPath`: relative, without `..`.
fn local_descending_path(
    rule: &'static Rule,
    target: &str,
    path: LazyPath<'_>,
    report: &mut Report,
) {
    if target.starts_with('/') {
        report.invalid(rule, &path(), &json!(target), "must be a relative path");
    }
    no_backsteps(rule, target, path, report);
}

/// `ValidateLocalNonReservedPath`: also no leading `..` (`..data` is the kubelet's).
fn local_non_reserved_path(target: &str, path: LazyPath<'_>, report: &mut Report) {
    local_descending_path(&INVALID_VOLUME, target, path, report);
    if target.starts_with("..") && !target.starts_with("../") {
        report.invalid(
            &INVALID_VOLUME,
            &path(),
            &json!(target),
            "must not start with '..'",
        );
    }
}

/// `ValidateVolumeMounts` and `ValidateVolumeDevices` for one container at `path`, against the
/// pod's accepted volumes.
pub(crate) fn check_mounts(
    c: &Value,
    volumes: &[Accepted<'_>],
    path: &FieldPath,
    opts: &Options,
    report: &mut Report,
) {
    let mounts = items(c, "volumeMounts");
    let devices = items(c, "volumeDevices");
    if !mounts.is_empty() {
        let privileged = get(c, "securityContext").is_some_and(|s| bool_at(s, "privileged"));
        let m = Mounts {
            volumes,
            devices,
            privileged,
            opts,
        };
        m.check(mounts, &|| path.child("volumeMounts"), report);
    }
    if !devices.is_empty() {
        // The mounts the server still has: dropImageVolumes removes mounts of image volumes.
        let kept = |m: &&Value| {
            let name = string_or_empty(m, "name");
            !volumes.iter().any(|v| v.dropped && v.name == name)
        };
        let mounts: Vec<&Value> = mounts.iter().filter(kept).collect();
        volume_devices(
            devices,
            &mounts,
            volumes,
            &|| path.child("volumeDevices"),
            report,
        );
    }
}

/// What `ValidateVolumeMounts` checks each mount against.
struct Mounts<'v, 'a> {
    volumes: &'v [Accepted<'a>],
    devices: &'v [Value],
    privileged: bool,
    opts: &'v Options,
}

impl Mounts<'_, '_> {
    fn check(&self, mounts: &[Value], mpath: LazyPath<'_>, report: &mut Report) {
        let rule = &INVALID_VOLUME_MOUNT;
        let mut mount_points: Vec<&str> = Vec::with_capacity(mounts.len());
        for (i, m) in mounts.iter().enumerate() {
            let name = string_or_empty(m, "name");
            if self.volumes.iter().any(|v| v.dropped && v.name == name) {
                continue;
            }
            let mount_path = string_or_empty(m, "mountPath");
            let name_path = || mpath().index(i).child("name");
            let mount_path_path = || mpath().index(i).child("mountPath");
            if name.is_empty() {
                report.required(rule, &name_path(), "");
            }
            if find(self.volumes, name).is_none() {
                report.not_found(rule, &name_path(), &json!(name));
            }
            if mount_path.is_empty() {
                report.required(rule, &mount_path_path(), "");
            }
            if mount_points.contains(&mount_path) {
                report.invalid(
                    rule,
                    &mount_path_path(),
                    &json!(mount_path),
                    "must be unique",
                );
            }
            mount_points.push(mount_path);
            if self
                .devices
                .iter()
                .any(|d| string_or_empty(d, "name") == name)
            {
                report.invalid(
                    rule,
                    &name_path(),
                    &json!(name),
                    "must not already exist in volumeDevices",
                );
            }
            if map_has_value(self.devices.iter(), "name", "devicePath", mount_path) {
                report.invalid(
                    rule,
                    &mount_path_path(),
                    &json!(mount_path),
                    "must not already exist as a path in volumeDevices",
                );
            }
            let sub_path = string_or_empty(m, "subPath");
            if !sub_path.is_empty() {
                local_descending_path(rule, sub_path, &|| mpath().child("subPath"), report);
            }
            let sub_path_expr = string_or_empty(m, "subPathExpr");
            if !sub_path_expr.is_empty() {
                if !sub_path.is_empty() {
                    report.invalid(
                        rule,
                        &mpath().index(i).child("subPathExpr"),
                        &json!(sub_path_expr),
                        "subPathExpr and subPath are mutually exclusive",
                    );
                }
                local_descending_path(
                    rule,
                    sub_path_expr,
                    &|| mpath().child("subPathExpr"),
                    report,
                );
            }
            let propagation = str_at(m, "mountPropagation");
            if let Some(p) = propagation {
                mount_propagation(p, self.privileged, mpath, report);
            }
            if self.opts.kube_minor >= 31
                && let Some(rro) = str_at(m, "recursiveReadOnly")
            {
                recursive_read_only(rro, bool_at(m, "readOnly"), propagation, mpath, report);
            }
        }
    }
}

/// `ValidateVolumeDevices`: block devices of claim-backed volumes, unique, not also mounted.
fn volume_devices(
    devices: &[Value],
    mounts: &[&Value],
    volumes: &[Accepted<'_>],
    dpath: LazyPath<'_>,
    report: &mut Report,
) {
    let rule = &INVALID_VOLUME_MOUNT;
    let mut names: Vec<&str> = Vec::with_capacity(devices.len());
    let mut paths: Vec<&str> = Vec::with_capacity(devices.len());
    for (i, d) in devices.iter().enumerate() {
        let name = string_or_empty(d, "name");
        let dev_path = string_or_empty(d, "devicePath");
        let name_path = || dpath().index(i).child("name");
        let dev_path_path = || dpath().index(i).child("devicePath");
        if name.is_empty() {
            report.required(rule, &name_path(), "");
        }
        if names.contains(&name) {
            report.invalid(rule, &name_path(), &json!(name), "must be unique");
        }
        match find(volumes, name) {
            Some(v) if !v.claim => report.invalid(
                rule,
                &name_path(),
                &json!(name),
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            ),
            Some(_) => {}
            None => report.not_found(rule, &name_path(), &json!(name)),
        }
        if dev_path.is_empty() {
            report.required(rule, &dev_path_path(), "");
        }
        if paths.contains(&dev_path) {
            report.invalid(rule, &dev_path_path(), &json!(dev_path), "must be unique");
        }
        if !dev_path.is_empty() && dev_path.split('/').any(|p| p == "..") {
            report.invalid(
                rule,
                &dev_path_path(),
                &json!(dev_path),
                "can not contain backsteps ('..')",
            );
        } else {
            paths.push(dev_path);
        }
        if mounts.iter().any(|m| string_or_empty(m, "name") == name) {
            report.invalid(
                rule,
                &name_path(),
                &json!(name),
                "must not already exist in volumeMounts",
            );
        }
        if map_has_value(mounts.iter().copied(), "name", "mountPath", dev_path) {
            report.invalid(
                rule,
                &dev_path_path(),
                &json!(dev_path),
                "must not already exist as a path in volumeMounts",
            );
        }
        if !name.is_empty() {
            names.push(name);
        }
    }
}

/// Whether `target` is a value of the Go map `{item[key]: item[value]}` that
/// `GetVolumeMountMap` / `GetVolumeDeviceMap` build from `list` (a later item with the same key
/// replaces an earlier one).
fn map_has_value<'v>(
    list: impl Iterator<Item = &'v Value> + Clone,
    key: &str,
    value: &str,
    target: &str,
) -> bool {
    let mut rest = list.clone();
    list.into_iter().any(|item| {
        rest.next();
        let k = string_or_empty(item, key);
        string_or_empty(item, value) == target
            && !rest.clone().any(|later| string_or_empty(later, key) == k)
    })
}

/// `validateMountPropagation`, at `volumeMounts.mountPropagation` as upstream reports it.
fn mount_propagation(p: &str, privileged: bool, mpath: LazyPath<'_>, report: &mut Report) {
    let path = || mpath().child("mountPropagation");
    const SUPPORTED: &[&str] = &["Bidirectional", "HostToContainer", "None"];
    if !SUPPORTED.contains(&p) {
        report.not_supported(&INVALID_VOLUME_MOUNT, &path(), &json!(p), SUPPORTED);
    }
    if p == "Bidirectional" && !privileged {
        report.forbidden(
            &INVALID_VOLUME_MOUNT,
            &path(),
            "Bidirectional mount propagation is available only to privileged containers",
        );
    }
}

/// `validateMountRecursiveReadOnly` (feature gate `RecursiveReadOnlyMounts`, on from 1.31).
fn recursive_read_only(
    rro: &str,
    read_only: bool,
    propagation: Option<&str>,
    mpath: LazyPath<'_>,
    report: &mut Report,
) {
    let path = || mpath().child("recursiveReadOnly");
    match rro {
        "Disabled" => {}
        "Enabled" | "IfPossible" => {
            if !read_only {
                report.forbidden(
                    &INVALID_VOLUME_MOUNT,
                    &path(),
                    "may only be specified when readOnly is true",
                );
            }
            if propagation.is_some_and(|p| p != "None") {
                report.forbidden(
                    &INVALID_VOLUME_MOUNT,
                    &path(),
                    "may only be specified when mountPropagation is None or not specified",
                );
            }
        }
        other => report.not_supported(
            &INVALID_VOLUME_MOUNT,
            &path(),
            &json!(other),
            &["Disabled", "Enabled", "IfPossible"],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::pod_findings;
    use serde_json::{Value, json};

    const P: &str = "spec.template.spec";

    fn pair(field: &str, message: &str) -> (String, String) {
        (format!("{P}.{field}"), message.to_string())
    }

    fn with(volumes: Value, mounts: Value) -> Value {
        json!({"containers": [{"name": "a", "image": "example.com/a:1", "volumeMounts": mounts}],
               "volumes": volumes})
    }

    #[test]
    fn volume_names_sources_and_defaulting() {
        let pod = with(
            json!([
                {"name": "config", "configMap": {"name": "c"}, "secret": {"secretName": "s"}, "downwardAPI": {}},
                {"name": "scratch"},
                {"name": "scratch", "emptyDir": {}},
                {"name": "Bad", "hostPath": {"path": "/a/../b", "type": "Dir"}},
                {"name": "", "nfs": {"server": "", "path": "relative"}}
            ]),
            json!([]),
        );
        assert_eq!(
            pod_findings(pod, 34, "DS220"),
            vec![
                // secret comes before downwardAPI and configMap in upstream's order.
                pair(
                    "volumes[0].downwarAPI",
                    "Forbidden: may not specify more than 1 volume type"
                ),
                pair(
                    "volumes[0].configMap",
                    "Forbidden: may not specify more than 1 volume type"
                ),
                pair("volumes[2].name", "Duplicate value: \"scratch\""),
                pair(
                    "volumes[3].hostPath.path",
                    "Invalid value: \"/a/../b\": must not contain '..'"
                ),
                pair(
                    "volumes[3].hostPath.type",
                    "Unsupported value: \"Dir\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\""
                ),
                pair(
                    "volumes[3].name",
                    "Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                ),
                pair("volumes[4].nfs.server", "Required value"),
                pair(
                    "volumes[4].nfs.path",
                    "Invalid value: \"relative\": must be an absolute path"
                ),
                pair("volumes[4].name", "Required value"),
            ]
        );
    }

    #[test]
    fn source_fields_items_and_modes() {
        let pod = with(
            json!([
                {"name": "a", "secret": {"defaultMode": 1000, "items": [{"key": "", "path": "/abs"}, {"key": "k", "path": "..data"}]}},
                {"name": "b", "csi": {"driver": "Bad_Driver", "nodePublishSecretRef": {"name": "S"}}},
                {"name": "c", "gcePersistentDisk": {}},
                {"name": "d", "projected": {"sources": [
                    {"configMap": {"name": "x", "items": [{"key": "k", "path": "p"}]}, "secret": {"name": "y", "items": [{"key": "k", "path": "p"}]}},
                    {"serviceAccountToken": {"expirationSeconds": 60}}
                ]}},
                {"name": "e", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "spec.nodeName"}}]}}
            ]),
            json!([]),
        );
        let found = pod_findings(pod, 34, "DS220");
        let fields: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        let at = |s: &str| format!("{P}.{s}");
        assert_eq!(
            fields,
            vec![
                at("volumes[0].secret.secretName"),
                at("volumes[0].secret.defaultMode"),
                at("volumes[0].secret.items[0].key"),
                at("volumes[0].secret.items[0].path"),
                at("volumes[0].secret.items[1].path"),
                at("volumes[1].csi.driver"),
                at("volumes[1].csi.name"),
                at("volumes[2].persistentDisk.pdName"),
                at("volumes[3].projected"),
                at("volumes[3].projected.sources[0]"),
                at("volumes[3].projected.sources[1].serviceAccountToken.expirationSeconds"),
                at("volumes[3].projected.path"),
                at("volumes[4].downwardAPI.fieldRef.fieldPath"),
            ]
        );
        assert_eq!(
            found[1].1,
            "Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive"
        );
        assert_eq!(
            found[4].1,
            "Invalid value: \"..data\": must not start with '..'"
        );
        assert_eq!(
            found[8].1,
            "Invalid value: \"x\": conflicting duplicate paths"
        );
    }

    #[test]
    fn odd_shapes_never_panic() {
        let pods = [
            json!({"volumes": "x", "containers": "y"}),
            json!({
                "volumes": [1, null, {"name": 3, "hostPath": "x", "secret": {"items": "z", "defaultMode": -1e40}},
                    {"projected": {"sources": [1, {"secret": 2}, {"serviceAccountToken": {"expirationSeconds": i64::MAX}}]}},
                    {"downwardAPI": {"items": [null, {"fieldRef": "x"}, {"resourceFieldRef": {"divisor": "1e999999"}}]}}],
                "containers": [{"name": "a", "image": "i",
                    "volumeMounts": [null, 1, {"name": ["x"], "mountPropagation": 7}],
                    "volumeDevices": "q",
                    "env": [1, {"valueFrom": "x"}, {"name": "\u{0}", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['"},
                        "resourceFieldRef": {"resource": "limits.memory", "divisor": []}}}],
                    "envFrom": [null, {"configMapRef": 1}]}]
            }),
        ];
        for pod in pods {
            for minor in [0, 27, 28, 31, 34, 35] {
                for code in ["DS220", "DS221", "DS222", "DS223"] {
                    let _ = pod_findings(pod.clone(), minor, code);
                }
            }
        }
    }

    #[test]
    fn an_empty_csi_driver_is_only_required() {
        let found = pod_findings(
            json!({"containers": [{"name": "a", "image": "example.com/a:1"}],
                "volumes": [{"name": "c", "csi": {"driver": ""}}]}),
            36,
            "DS220",
        );
        assert_eq!(found, vec![pair("volumes[0].csi.driver", "Required value")]);
    }

    #[test]
    fn iscsi_names_luns_and_claim_templates() {
        let found = |vol: Value| -> Vec<String> {
            pod_findings(
                json!({"containers": [{"name": "a", "image": "example.com/a:1"}], "volumes": [vol]}),
                36,
                "DS220",
            )
            .into_iter()
            .map(|(f, m)| format!("{f}: {m}"))
            .collect()
        };
        let p = "spec.template.spec.volumes[0]";
        assert_eq!(
            found(
                json!({"name": "v", "iscsi": {"targetPortal": "t:3260", "iqn": "iqn.2001-04.com.example", "lun": 256}})
            ),
            vec![
                format!(
                    "{p}.iscsi.iqn: Invalid value: \"iqn.2001-04.com.example\": must be valid format"
                ),
                format!("{p}.iscsi.lun: Invalid value: 256: must be between 0 and 255, inclusive"),
            ]
        );
        assert_eq!(
            found(json!({"name": "v", "iscsi": {"targetPortal": "t", "iqn": "disk0"}})),
            vec![format!(
                "{p}.iscsi.iqn: Invalid value: \"disk0\": must be valid format starting with iqn, eui, or naa"
            )]
        );
        for good in [
            "iqn.2001-04.com.example:storage.disk1",
            "eui.02004567A425678D",
            "naa.52004567BA64678D52004567BA64678D",
        ] {
            assert!(
                found(json!({"name": "v", "iscsi": {"targetPortal": "t", "iqn": good, "lun": 0}}))
                    .is_empty(),
                "{good}"
            );
        }
        assert_eq!(
            found(
                json!({"name": "v", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": [], "resources": {}}}}})
            ),
            vec![
                format!(
                    "{p}.ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required"
                ),
                format!(
                    "{p}.ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value"
                ),
            ]
        );
        assert!(found(json!({"name": "v", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}})).is_empty());
        assert_eq!(
            found(
                json!({"name": "v", "image": {"reference": "example.com/d:1", "pullPolicy": "Bogus"}})
            ),
            vec![format!(
                "{p}.image.pullPolicy: Unsupported value: \"Bogus\": supported values: \"Always\", \"IfNotPresent\", \"Never\""
            )]
        );
    }

    #[test]
    fn image_volumes_count_from_1_35() {
        let pod = with(
            json!([{"name": "a", "emptyDir": {}, "image": {"reference": "example.com/data:1"}}]),
            json!([]),
        );
        assert!(pod_findings(pod.clone(), 34, "DS220").is_empty());
        assert!(pod_findings(pod.clone(), 30, "DS220").is_empty());
        assert_eq!(
            pod_findings(pod, 35, "DS220"),
            vec![pair(
                "volumes[0].image",
                "Forbidden: may not specify more than 1 volume type"
            )]
        );
    }

    #[test]
    fn image_volumes_and_their_mounts_are_dropped_from_1_31_to_1_34() {
        let mut pod = with(
            json!([{"name": "Data", "image": {"reference": "example.com/data:1"}}]),
            json!([{"name": "Data", "mountPath": "/data", "subPath": "/abs"}]),
        );
        pod["containers"][0]["volumeDevices"] = json!([{"name": "Data", "devicePath": "/data"}]);
        for minor in [31, 34] {
            assert!(pod_findings(pod.clone(), minor, "DS220").is_empty());
            // The device stays and names a volume that is gone; the mount went with it.
            assert_eq!(
                pod_findings(pod.clone(), minor, "DS221"),
                vec![pair(
                    "containers[0].volumeDevices[0].name",
                    "Not found: \"Data\""
                )]
            );
        }
        // Before 1.31 `image` is unknown: the volume defaults to emptyDir and is checked.
        assert_eq!(pod_findings(pod.clone(), 30, "DS220").len(), 1);
        assert_eq!(pod_findings(pod, 35, "DS220").len(), 1);
    }

    #[test]
    fn mounts_need_a_good_volume_unique_paths_and_relative_sub_paths() {
        let pod = with(
            json!([{"name": "ok", "emptyDir": {}}, {"name": "Bad", "emptyDir": {}}]),
            json!([
                {"name": "ok", "mountPath": "/data", "subPath": "../x"},
                {"name": "Bad", "mountPath": "/data"},
                {"name": "", "mountPath": "", "subPath": "a", "subPathExpr": "/b"}
            ]),
        );
        let c = "containers[0].volumeMounts";
        assert_eq!(
            pod_findings(pod, 34, "DS221"),
            vec![
                pair(
                    &format!("{c}.subPath"),
                    "Invalid value: \"../x\": must not contain '..'"
                ),
                pair(&format!("{c}[1].name"), "Not found: \"Bad\""),
                pair(
                    &format!("{c}[1].mountPath"),
                    "Invalid value: \"/data\": must be unique"
                ),
                pair(&format!("{c}[2].name"), "Required value"),
                pair(&format!("{c}[2].name"), "Not found: \"\""),
                pair(&format!("{c}[2].mountPath"), "Required value"),
                pair(
                    &format!("{c}[2].subPathExpr"),
                    "Invalid value: \"/b\": subPathExpr and subPath are mutually exclusive"
                ),
                pair(
                    &format!("{c}.subPathExpr"),
                    "Invalid value: \"/b\": must be a relative path"
                ),
            ]
        );
    }

    #[test]
    fn block_devices_need_a_claim_and_must_not_be_mounted() {
        let pod = json!({
            "containers": [{"name": "a", "image": "example.com/a:1",
                "volumeMounts": [{"name": "data", "mountPath": "/dev/xvda"}],
                "volumeDevices": [
                    {"name": "data", "devicePath": "/dev/xvda"},
                    {"name": "scratch", "devicePath": "/dev/../xvdb"},
                    {"name": "gone", "devicePath": ""}
                ]}],
            "volumes": [
                {"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
                {"name": "scratch", "emptyDir": {}}
            ]
        });
        let c = "containers[0]";
        assert_eq!(
            pod_findings(pod, 34, "DS221"),
            vec![
                pair(
                    &format!("{c}.volumeMounts[0].name"),
                    "Invalid value: \"data\": must not already exist in volumeDevices"
                ),
                pair(
                    &format!("{c}.volumeMounts[0].mountPath"),
                    "Invalid value: \"/dev/xvda\": must not already exist as a path in volumeDevices"
                ),
                pair(
                    &format!("{c}.volumeDevices[0].name"),
                    "Invalid value: \"data\": must not already exist in volumeMounts"
                ),
                pair(
                    &format!("{c}.volumeDevices[0].devicePath"),
                    "Invalid value: \"/dev/xvda\": must not already exist as a path in volumeMounts"
                ),
                pair(
                    &format!("{c}.volumeDevices[1].name"),
                    "Invalid value: \"scratch\": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"
                ),
                pair(
                    &format!("{c}.volumeDevices[1].devicePath"),
                    "Invalid value: \"/dev/../xvdb\": can not contain backsteps ('..')"
                ),
                pair(&format!("{c}.volumeDevices[2].name"), "Not found: \"gone\""),
                pair(
                    &format!("{c}.volumeDevices[2].devicePath"),
                    "Required value"
                ),
            ]
        );
    }

    #[test]
    fn propagation_and_recursive_read_only() {
        let mounts = json!([
            {"name": "v", "mountPath": "/a", "mountPropagation": "Bidirectional"},
            {"name": "v", "mountPath": "/b", "mountPropagation": "Shared", "recursiveReadOnly": "Enabled"}
        ]);
        let volumes = json!([{"name": "v", "hostPath": {"path": "/mnt"}}]);
        let c = "containers[0].volumeMounts";
        assert_eq!(
            pod_findings(with(volumes.clone(), mounts.clone()), 34, "DS221"),
            vec![
                pair(
                    &format!("{c}.mountPropagation"),
                    "Forbidden: Bidirectional mount propagation is available only to privileged containers"
                ),
                pair(
                    &format!("{c}.mountPropagation"),
                    "Unsupported value: \"Shared\": supported values: \"Bidirectional\", \"HostToContainer\", \"None\""
                ),
                pair(
                    &format!("{c}.recursiveReadOnly"),
                    "Forbidden: may only be specified when readOnly is true"
                ),
                pair(
                    &format!("{c}.recursiveReadOnly"),
                    "Forbidden: may only be specified when mountPropagation is None or not specified"
                ),
            ]
        );
        // Before 1.31 the recursiveReadOnly field is dropped; privileged allows Bidirectional.
        let mut pod = with(volumes, mounts);
        pod["containers"][0]["securityContext"] = json!({"privileged": true});
        assert_eq!(pod_findings(pod, 30, "DS221").len(), 1);
    }
}
