//! Server-side rules for apps/v1 workloads, checked offline.
//!
//! `check` answers "what would the API server reject (or warn about) if this object were
//! created?" for DaemonSets first, and for Deployments, ReplicaSets and StatefulSets where they
//! share the code (selector, template, pod spec). Defaults are applied first, as the server does
//! (`apply_defaults`), then each rule group runs over the defaulted object. Every rule mirrors a
//! named upstream function, cited in its doc; paths and messages follow the server's.

mod claims;
mod containers;
mod decode;
mod defaults;
mod downward;
pub mod duplicate;
mod env;
mod gates;
pub mod hostport;
mod metadata;
use crate::k8s::names;
mod object;
mod objects;
mod pod_spec;
mod practices;
mod probes;
mod resources;
mod scheduling;
mod schema;
mod security;
mod selector;
mod service;
mod strategy;
mod topology;
mod update;
mod volumes;

use crate::finding::{ErrorType, FieldPath, Finding, Severity};
use serde_json::Value;

pub use defaults::apply_defaults;
pub use names::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_valid_label_value,
    is_valid_port_name,
};

/// Which Kubernetes the verdict is for. Where behaviour changed between minors the rule says so
/// in its doc (`maxSurge` for DaemonSets from 1.22, API removals in 1.16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Minor version of the target API server, e.g. `34` for 1.34.
    pub kube_minor: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options { kube_minor: 34 }
    }
}

/// Who emits a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emitter {
    /// `rules::check` / `rules::check_update`.
    Rules,
    /// The schema layer (`crate::schema`); the entry exists here for its code and doc.
    Schema,
    /// A check across all objects of a `validate` run (`rules::hostport`), not per object.
    Inputs,
}

/// One rule: a stable code, a kebab-case name, its default severity and its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `DS` + three digits; never reused.
    pub code: &'static str,
    /// Kebab-case, unique.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown with `## What it does`, `## Why is this bad?`, `## Example`, `## Fix`, `## Upstream`.
    pub doc: &'static str,
    /// Who emits it.
    pub emitter: Emitter,
}

static REGISTRY: &[Rule] = &[
    schema::SCHEMA_VIOLATION,
    schema::UNKNOWN_FIELD,
    decode::NON_STRING_VALUE,
    resources::INVALID_QUANTITY,
    decode::NON_INTEGER_VALUE,
    schema::API_VERSION_NOT_SERVED,
    duplicate::DUPLICATE_OBJECT,
    duplicate::DUPLICATE_OBJECT_ACROSS_FILES,
    selector::SELECTOR_MISMATCH,
    metadata::INVALID_NAME,
    metadata::INVALID_LABELS,
    metadata::INVALID_ANNOTATIONS,
    selector::MISSING_SELECTOR,
    selector::EMPTY_SELECTOR,
    selector::INVALID_SELECTOR,
    strategy::INVALID_UPDATE_STRATEGY,
    strategy::INVALID_ROLLING_UPDATE,
    strategy::INVALID_COUNT,
    pod_spec::UNSUPPORTED_RESTART_POLICY,
    pod_spec::ACTIVE_DEADLINE_FORBIDDEN,
    containers::MISSING_CONTAINERS,
    containers::INVALID_CONTAINER_NAME,
    containers::DUPLICATE_CONTAINER_NAME,
    containers::MISSING_IMAGE,
    containers::INVALID_CONTAINER_PORT,
    containers::DUPLICATE_PORT_NAME,
    containers::HOST_NETWORK_PORT_MISMATCH,
    containers::DUPLICATE_HOST_PORT,
    scheduling::INVALID_TOLERATION,
    scheduling::INVALID_NODE_SELECTOR,
    scheduling::INVALID_NODE_AFFINITY,
    pod_spec::INVALID_DNS_POLICY,
    resources::INVALID_RESOURCES,
    pod_spec::EPHEMERAL_CONTAINERS_FORBIDDEN,
    containers::UNSUPPORTED_CONTAINER_POLICY,
    pod_spec::INVALID_REFERENCE_NAME,
    containers::CONTAINER_RESTART_POLICY,
    volumes::INVALID_VOLUME,
    volumes::INVALID_VOLUME_MOUNT,
    env::INVALID_ENV_VAR,
    env::INVALID_ENV_FROM,
    security::INVALID_SECURITY_CONTEXT,
    probes::INVALID_PROBE,
    topology::INVALID_TOPOLOGY_SPREAD,
    scheduling::INVALID_POD_AFFINITY,
    pod_spec::INVALID_HOST_ALIASES,
    gates::INVALID_POD_GATE,
    metadata::INVALID_FINALIZER,
    claims::INVALID_RESOURCE_CLAIM,
    gates::INVALID_PREEMPTION_POLICY,
    service::INVALID_SERVICE_PORT,
    practices::REMOVED_API_VERSION,
    practices::DEPLOYMENT_FIELD_IN_DAEMONSET,
    practices::MISSING_RESOURCE_REQUESTS,
    practices::MUTABLE_IMAGE_TAG,
    practices::MISSING_PRIORITY_CLASS,
    practices::WRITABLE_SENSITIVE_HOST_PATH,
    hostport::HOST_PORT_CONFLICT,
    update::IMMUTABLE_SELECTOR,
    update::IMMUTABLE_NAME,
    update::STATEFULSET_SPEC_FORBIDDEN,
];

/// Every rule, in code order.
pub fn registry() -> &'static [Rule] {
    REGISTRY
}

/// A rule by code (`DS101`, any case) or name (`selector-mismatch`).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    REGISTRY
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The workload kinds the rules know, as the server's validation distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    DaemonSet,
    Deployment,
    ReplicaSet,
    StatefulSet,
}

impl Kind {
    /// The kind of an object in the `apps` (or legacy `extensions`) group, if it is a workload.
    pub(crate) fn of(obj: &Value) -> Option<Kind> {
        let api_version = object::str_at(obj, "apiVersion")?;
        let group = api_version.split_once('/').map(|(g, _)| g).unwrap_or("");
        if group != "apps" && group != "extensions" {
            return None;
        }
        match object::str_at(obj, "kind")? {
            "DaemonSet" => Some(Kind::DaemonSet),
            "Deployment" => Some(Kind::Deployment),
            "ReplicaSet" => Some(Kind::ReplicaSet),
            "StatefulSet" if group == "apps" => Some(Kind::StatefulSet),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::DaemonSet => "DaemonSet",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::StatefulSet => "StatefulSet",
        }
    }
}

/// A field path built only when a finding needs it: almost every value is valid, so the
/// allocations of a path are spent on errors only.
pub(crate) type LazyPath<'a> = &'a dyn Fn() -> FieldPath;

/// Collects findings with the server's message shapes (`field.Required`, `field.Invalid`, ...).
#[derive(Debug, Default)]
pub(crate) struct Report {
    findings: Vec<Finding>,
}

impl Report {
    fn push(
        &mut self,
        rule: &'static Rule,
        path: &FieldPath,
        et: Option<ErrorType>,
        message: String,
    ) {
        self.findings.push(Finding {
            code: rule.code,
            rule: rule.name,
            severity: rule.severity,
            field: path.as_str().to_string(),
            error_type: et,
            message,
            at: None,
        });
    }

    /// `field.Required(path, detail)`.
    pub(crate) fn required(&mut self, rule: &'static Rule, path: &FieldPath, detail: &str) {
        let msg = with_detail(ErrorType::Required.as_str().to_string(), detail);
        self.push(rule, path, Some(ErrorType::Required), msg);
    }

    /// `field.Invalid(path, value, detail)`.
    pub(crate) fn invalid(
        &mut self,
        rule: &'static Rule,
        path: &FieldPath,
        value: &Value,
        detail: &str,
    ) {
        self.invalid_rendered(rule, path, &object::render(value), detail);
    }

    /// `field.Invalid(path, value, detail)` for a finding written at `at` in the manifest
    /// (see [`Finding::at`]); `key` when `value` is the key `at` names, not what it holds.
    pub(crate) fn invalid_at(
        &mut self,
        rule: &'static Rule,
        path: &FieldPath,
        at: &FieldPath,
        key: bool,
        value: &Value,
        detail: &str,
    ) {
        self.invalid(rule, path, value, detail);
        self.place_last(at, key);
    }

    /// Places the finding pushed last at `at` in the manifest (see [`Finding::at`]).
    pub(crate) fn place_last(&mut self, at: &FieldPath, key: bool) {
        if let Some(f) = self.findings.last_mut() {
            f.at = Some(crate::finding::Written {
                path: crate::finding::parse_path(at.as_str()),
                key,
            });
        }
    }

    /// `field.Invalid` for a value already rendered the way Go prints it (`fmt.Stringer`
    /// values such as `intstr.IntOrString`, `%#v` of a `map[string]string`).
    pub(crate) fn invalid_rendered(
        &mut self,
        rule: &'static Rule,
        path: &FieldPath,
        rendered: &str,
        detail: &str,
    ) {
        let msg = with_detail(
            format!("{}: {rendered}", ErrorType::Invalid.as_str()),
            detail,
        );
        self.push(rule, path, Some(ErrorType::Invalid), msg);
    }

    /// `field.NotSupported(path, value, supported)`.
    pub(crate) fn not_supported(
        &mut self,
        rule: &'static Rule,
        path: &FieldPath,
        value: &Value,
        supported: &[&str],
    ) {
        let list: Vec<String> = supported.iter().map(|s| object::quote(s)).collect();
        let msg = format!(
            "{}: {}: supported values: {}",
            ErrorType::NotSupported.as_str(),
            object::render(value),
            list.join(", ")
        );
        self.push(rule, path, Some(ErrorType::NotSupported), msg);
    }

    /// `field.Forbidden(path, detail)`.
    pub(crate) fn forbidden(&mut self, rule: &'static Rule, path: &FieldPath, detail: &str) {
        let msg = with_detail(ErrorType::Forbidden.as_str().to_string(), detail);
        self.push(rule, path, Some(ErrorType::Forbidden), msg);
    }

    /// `field.Duplicate(path, value)`.
    pub(crate) fn duplicate(&mut self, rule: &'static Rule, path: &FieldPath, value: &Value) {
        self.typed_value(rule, path, ErrorType::Duplicate, value);
    }

    /// `field.NotFound(path, value)`.
    pub(crate) fn not_found(&mut self, rule: &'static Rule, path: &FieldPath, value: &Value) {
        self.typed_value(rule, path, ErrorType::NotFound, value);
    }

    /// `field.NotFound(path, value)` with a detail added after it.
    pub(crate) fn not_found_detail(
        &mut self,
        rule: &'static Rule,
        path: &FieldPath,
        value: &Value,
        detail: &str,
    ) {
        let msg = with_detail(
            format!(
                "{}: {}",
                ErrorType::NotFound.as_str(),
                object::render(value)
            ),
            detail,
        );
        self.push(rule, path, Some(ErrorType::NotFound), msg);
    }

    /// `field.TooMany(path, actual, max)`.
    pub(crate) fn too_many(
        &mut self,
        rule: &'static Rule,
        path: &FieldPath,
        actual: usize,
        max: usize,
    ) {
        let msg = format!(
            "{}: {actual}: must have at most {max} items",
            ErrorType::TooMany.as_str()
        );
        self.push(rule, path, Some(ErrorType::TooMany), msg);
    }

    /// The errors whose message is their type and the value, nothing more.
    fn typed_value(&mut self, rule: &'static Rule, path: &FieldPath, et: ErrorType, value: &Value) {
        let msg = format!("{}: {}", et.as_str(), object::render(value));
        self.push(rule, path, Some(et), msg);
    }

    /// `field.TooLong(path, "", max)`.
    pub(crate) fn too_long(&mut self, rule: &'static Rule, path: &FieldPath, max_bytes: usize) {
        let msg = format!(
            "{}: must have at most {max_bytes} bytes",
            ErrorType::TooLong.as_str()
        );
        self.push(rule, path, Some(ErrorType::TooLong), msg);
    }

    /// A decode-time type error (the server rejects the request body before validation).
    pub(crate) fn wrong_type(&mut self, rule: &'static Rule, path: &FieldPath, message: String) {
        self.push(rule, path, Some(ErrorType::Type), message);
    }

    /// Advice that mirrors no API rule.
    pub(crate) fn advise(&mut self, rule: &'static Rule, path: &FieldPath, message: String) {
        self.push(rule, path, None, message);
    }

    /// How many findings so far.
    pub(crate) fn len(&self) -> usize {
        self.findings.len()
    }

    /// The findings without repeats: `ErrorList.ToAggregate` drops an error whose text (field
    /// and message) was already reported.
    pub(crate) fn into_findings(self) -> Vec<Finding> {
        let mut seen = std::collections::HashSet::new();
        self.findings
            .into_iter()
            .filter(|f| seen.insert((f.field.clone(), f.message.clone())))
            .collect()
    }
}

fn with_detail(mut head: String, detail: &str) -> String {
    if !detail.is_empty() {
        head.push_str(": ");
        head.push_str(detail);
    }
    head
}

/// All findings for one object as written (defaults are applied internally, as the server
/// does). Objects that are not apps workloads get no findings.
///
/// Mirrors `ValidateDaemonSet`, `ValidateDeployment`, `ValidateReplicaSet` and
/// `ValidateStatefulSet` (`pkg/apis/apps/validation/validation.go`), plus decode-time type errors
/// and DaemonSet practice warnings.
/// Whether any rule applies to `obj` (its kind is one the rules know).
pub fn has_rules(obj: &Value) -> bool {
    Kind::of(obj).is_some() || objects::knows(obj)
}

pub fn check(obj: &Value, opts: &Options) -> Vec<Finding> {
    check_in_place(&mut obj.clone(), opts)
}

/// [`check`] without copying the object: its defaults are applied to `obj` itself, which is
/// left defaulted. For callers done with the object as written (`validate`, which reads the
/// written object's schema and cross-object facts first).
pub fn check_in_place(obj: &mut Value, opts: &Options) -> Vec<Finding> {
    let Some(kind) = Kind::of(obj) else {
        let mut report = Report::default();
        objects::check(obj, opts, &mut report);
        return report.into_findings();
    };
    let mut report = Report::default();
    decode::check(obj, &mut report);
    practices::check_api_version(obj, kind, opts, &mut report);
    // Deployment fields are looked for as written; they are reported where the DaemonSet
    // practices are.
    let mut written = Report::default();
    if kind == Kind::DaemonSet {
        practices::check_deployment_fields(obj, &mut written);
    }
    defaults::default_in_place(obj);
    let defaulted: &Value = obj;
    metadata::check_object_meta(defaulted, kind, opts, &mut report);
    const NULL: &Value = &Value::Null;
    let spec = object::get(defaulted, "spec").unwrap_or(NULL);
    let spec_path = FieldPath::new("spec");
    selector::check(spec, kind, opts, &spec_path, &mut report);
    let template = object::get(spec, "template").unwrap_or(NULL);
    let template_path = spec_path.child("template");
    metadata::check_template_meta(template, &template_path, &mut report);
    // ValidatePodTemplateSpecForStatefulSet validates only the template's labels and
    // annotations; a StatefulSet's pod spec is left to Pod creation (upstream TODO).
    if kind != Kind::StatefulSet {
        pod_spec::check(template, &template_path.child("spec"), opts, &mut report);
    }
    pod_spec::check_workload_template(template, kind, &template_path.child("spec"), &mut report);
    strategy::check(spec, kind, opts, &spec_path, &mut report);
    if kind == Kind::DaemonSet {
        report.findings.extend(written.findings);
        practices::check_daemonset(defaulted, &mut report);
    }
    report.into_findings()
}

/// Findings for an update from `old` to `new` (both as written): everything `check(new)`
/// reports plus the update-only rules (`ValidateDaemonSetUpdate` and the registry strategies'
/// immutability checks).
pub fn check_update(old: &Value, new: &Value, opts: &Options) -> Vec<Finding> {
    let mut findings = check(new, opts);
    findings.extend(update_only(old, new));
    findings
}

/// Only the update rules of [`check_update`], for callers that run [`check`] on `new` anyway.
pub fn update_only(old: &Value, new: &Value) -> Vec<Finding> {
    let Some(kind) = Kind::of(new) else {
        return Vec::new();
    };
    let mut report = Report::default();
    update::check(
        &apply_defaults(old),
        &apply_defaults(new),
        kind,
        &mut report,
    );
    report.into_findings()
}

/// For unit tests of one rule group: `(field, message)` of the findings with `code` for a
/// DaemonSet whose pod spec is `pod`.
#[cfg(test)]
pub(crate) fn pod_findings(pod: Value, kube_minor: u32, code: &str) -> Vec<(String, String)> {
    let obj = serde_json::json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {"metadata": {"labels": {"app": "agent"}}, "spec": pod}
        }
    });
    check(&obj, &Options { kube_minor })
        .into_iter()
        .filter(|f| f.code == code)
        .map(|f| (f.field, f.message))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ds(spec_extra: Value, pod_extra: Value) -> Value {
        let mut obj = json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "agent"},
            "spec": {
                "selector": {"matchLabels": {"app": "agent"}},
                "template": {
                    "metadata": {"labels": {"app": "agent"}},
                    "spec": {"priorityClassName": "p", "containers": [
                        {"name": "agent", "image": "example.com/agent:1.0", "resources": {"requests": {"cpu": "10m"}}}
                    ]}
                }
            }
        });
        merge(&mut obj["spec"], spec_extra);
        merge(&mut obj["spec"]["template"]["spec"], pod_extra);
        obj
    }

    fn merge(into: &mut Value, extra: Value) {
        if let (Some(m), Value::Object(e)) = (into.as_object_mut(), extra) {
            m.extend(e);
        }
    }

    fn at(opts: Options, obj: &Value) -> Vec<(String, String)> {
        check(obj, &opts)
            .into_iter()
            .map(|f| (format!("{} {}", f.code, f.field), f.message))
            .collect()
    }

    #[test]
    fn a_clean_daemonset_has_no_findings() {
        assert_eq!(at(Options::default(), &ds(json!({}), json!({}))), vec![]);
    }

    #[test]
    fn built_in_kinds_get_their_own_rules() {
        let codes = |obj: serde_json::Value| -> Vec<String> {
            check(&obj, &Options::default())
                .into_iter()
                .map(|f| format!("{} {}", f.code, f.field))
                .collect()
        };
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "Bad_Name"}});
        assert_eq!(codes(cm), ["DS102 metadata.name"]);
        let job =
            json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {}});
        assert_eq!(
            codes(job),
            [
                "DS203 spec.template.spec.containers",
                "DS201 spec.template.spec.restartPolicy"
            ]
        );
        // A cluster-scoped object's namespace is cleared by the server, not checked.
        let ns = json!({"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": "ok", "namespace": "Not_A_Label"}});
        assert!(codes(ns).is_empty());
        // Service names: DNS-1035 labels before 1.36, DNS-1123 labels from 1.36.
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1st"}});
        assert_eq!(
            check(&svc, &Options { kube_minor: 35 }).len(),
            1,
            "a DNS-1035 label starts with a letter"
        );
        assert!(check(&svc, &Options { kube_minor: 36 }).is_empty());
        let role = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": "system:controller:x"}});
        assert!(codes(role).is_empty(), "RBAC names are path segments");
    }

    #[test]
    fn other_kinds_and_groups_get_nothing() {
        for obj in [
            json!({"apiVersion": "example.com/v1", "kind": "DaemonSet", "spec": {}}),
            json!({"apiVersion": "example.com/v1", "kind": "Job", "spec": {}}),
            json!("not an object"),
            json!(null),
        ] {
            assert!(check(&obj, &Options::default()).is_empty(), "{obj}");
        }
    }

    #[test]
    fn odd_shapes_never_panic() {
        let shapes = [
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet"}),
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": "x"}),
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": [], "spec": {"template": []}}),
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {"selector": [], "updateStrategy": {"type": 3, "rollingUpdate": {"maxUnavailable": [1]}},
                "template": {"metadata": {"labels": "x"}, "spec": {"containers": [1, "a", {"ports": [null, {"containerPort": -1}]}], "tolerations": {}}}}}),
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "1000000000000000000000%"}}}}),
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "spec": {"updateStrategy": "x"}}),
        ];
        for obj in &shapes {
            let _ = check(obj, &Options::default());
            let _ = check_update(obj, obj, &Options::default());
            let _ = check(obj, &Options { kube_minor: 0 });
        }
    }

    #[test]
    fn missing_daemonset_selector_is_reported_at_the_template_labels() {
        let mut obj = ds(json!({}), json!({}));
        obj["spec"].as_object_mut().map(|m| m.remove("selector"));
        let found = at(Options::default(), &obj);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "DS101 spec.template.metadata.labels");
        assert!(found[0].1.starts_with(
            "Invalid value: map[string]string{\"app\":\"agent\"}: `selector` does not match template `labels`"
        ));
    }

    #[test]
    fn rolling_update_rules_follow_the_kube_minor() {
        let zero = ds(
            json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0}}}),
            json!({}),
        );
        assert_eq!(
            at(Options::default(), &zero),
            vec![(
                "DS109 spec.updateStrategy.rollingUpdate.maxUnavailable".to_string(),
                "Required value: cannot be 0 when maxSurge is 0".to_string()
            )]
        );
        assert_eq!(
            at(Options { kube_minor: 21 }, &zero),
            vec![(
                "DS109 spec.updateStrategy.rollingUpdate.maxUnavailable".to_string(),
                "Invalid value: 0: cannot be 0".to_string()
            )]
        );
        let both = ds(
            json!({"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "10%", "maxSurge": "200%"}}}),
            json!({}),
        );
        assert_eq!(
            at(Options::default(), &both),
            vec![
                (
                    "DS109 spec.updateStrategy.rollingUpdate.maxSurge".to_string(),
                    "Invalid value: 200%: must not be greater than 100%".to_string()
                ),
                (
                    "DS109 spec.updateStrategy.rollingUpdate.maxSurge".to_string(),
                    "Invalid value: 200%: may not be set when maxUnavailable is non-zero"
                        .to_string()
                ),
            ]
        );
        // maxSurge did not exist before 1.22: surge alone is not an error there.
        assert!(at(Options { kube_minor: 21 }, &both).is_empty());
        let bad_percent = ds(
            json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "50"}}}),
            json!({}),
        );
        assert_eq!(
            at(Options::default(), &bad_percent)[0].0,
            "DS109 spec.updateStrategy.rollingUpdate.maxUnavailable"
        );
    }

    #[test]
    fn host_network_port_errors_follow_the_kube_minor() {
        let obj = ds(
            json!({}),
            json!({"hostNetwork": true, "containers": [
                {"name": "p", "image": "example.com/p:1", "resources": {"requests": {"cpu": "1m"}},
                 "ports": [{"containerPort": 8080, "hostPort": 80}, {"containerPort": 9100}]}
            ]}),
        );
        assert_eq!(
            at(Options::default(), &obj),
            vec![(
                "DS209 spec.template.spec.containers[0].ports[0].hostPort".to_string(),
                "Invalid value: 80: must match `containerPort` when `hostNetwork` is true"
                    .to_string()
            )]
        );
        assert_eq!(
            at(Options { kube_minor: 27 }, &obj),
            vec![(
                "DS209 spec.template.spec.containers[0].ports[0].containerPort".to_string(),
                "Invalid value: 8080: must match `hostPort` when `hostNetwork` is true".to_string()
            )]
        );
    }

    #[test]
    fn deployment_statefulset_and_replicaset_share_the_template_rules() {
        let template = json!({"metadata": {"labels": {"app": "web"}}, "spec": {
            "restartPolicy": "Never", "activeDeadlineSeconds": 10,
            "containers": [{"name": "web", "image": "example.com/web:1"}]}});
        let dep = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
            "spec": {"template": template.clone()}});
        let codes: Vec<String> = at(Options::default(), &dep)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(
            codes,
            vec![
                "DS105 spec.selector",
                "DS101 spec.template.metadata.labels",
                "DS201 spec.template.spec.restartPolicy",
                "DS202 spec.template.spec.activeDeadlineSeconds",
            ]
        );
        let msgs = at(Options::default(), &dep);
        assert_eq!(
            msgs[3].1,
            "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"
        );
        let sts = json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web.v1"},
            "spec": {"selector": {}, "template": template.clone()}});
        let found = at(Options::default(), &sts);
        let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        // StatefulSet names are DNS labels; an empty selector skips the label match.
        assert_eq!(
            codes,
            vec![
                "DS102 metadata.name",
                "DS106 spec.selector",
                "DS201 spec.template.spec.restartPolicy",
                "DS202 spec.template.spec.activeDeadlineSeconds",
            ]
        );
        assert_eq!(
            found[1].1,
            "Invalid value: {}: empty selector is invalid for statefulset"
        );
        assert_eq!(
            found[0].1,
            "Invalid value: \"web.v1\": must not contain dots"
        );
        let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web"},
            "spec": {"replicas": -1, "selector": {"matchLabels": {"app": "api"}}, "template": template}});
        let codes: Vec<String> = at(Options::default(), &rs)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(codes[0], "DS101 spec.template.metadata.labels");
        assert!(codes.contains(&"DS110 spec.replicas".to_string()));
    }

    #[test]
    fn updates_report_immutable_fields_after_create_findings() {
        let old = ds(json!({}), json!({}));
        let mut new = old.clone();
        new["spec"]["selector"] = json!({"matchLabels": {"app": "agent", "tier": "node"}});
        new["spec"]["template"]["metadata"]["labels"]["tier"] = json!("node");
        let codes: Vec<&str> = check_update(&old, &new, &Options::default())
            .iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(codes, vec!["DS401"]);
        // An empty matchLabels equals an absent one (apiequality.Semantic).
        let mut same = old.clone();
        same["spec"]["selector"]["matchExpressions"] = json!([]);
        assert!(check_update(&old, &same, &Options::default()).is_empty());
        let mut renamed = old.clone();
        renamed["metadata"]["name"] = json!("agent-2");
        let f = check_update(&old, &renamed, &Options::default());
        assert_eq!(f[0].field, "metadata.name");
        assert_eq!(
            f[0].message,
            "Invalid value: \"agent-2\": field is immutable"
        );
    }

    #[test]
    fn decode_errors_do_not_cascade() {
        let obj = ds(
            json!({"revisionHistoryLimit": "10"}),
            json!({"nodeSelector": {"gpu": true}}),
        );
        let found = at(Options::default(), &obj);
        let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            codes,
            vec![
                "DS005 spec.revisionHistoryLimit",
                "DS003 spec.template.spec.nodeSelector[gpu]"
            ]
        );
    }

    #[test]
    fn value_validation_in_selectors_follows_the_kube_minor() {
        let bad = ds(
            json!({"selector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["agent", "bad value"]}]}}),
            json!({"affinity": {"nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "zone", "operator": "In", "values": ["a b"]}]}]},
                "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference": {"matchExpressions": [
                    {"key": "zone", "operator": "In", "values": ["c d"]}]}}]
            }}}),
        );
        let codes = |minor| -> Vec<String> {
            at(Options { kube_minor: minor }, &bad)
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        };
        assert_eq!(
            codes(34),
            vec![
                "DS107 spec.selector.matchExpressions[0].values[1]",
                "DS213 spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]",
            ]
        );
        // 1.26-1.32: node affinity values are not validated yet.
        assert_eq!(
            codes(30),
            vec!["DS107 spec.selector.matchExpressions[0].values[1]"]
        );
        // Before 1.26 the selector fails to parse, which a DaemonSet does not report at all.
        assert!(codes(25).is_empty());
    }

    #[test]
    fn a_legacy_previous_object_keeps_its_defaulted_selector() {
        let mut old = ds(json!({}), json!({}));
        old["apiVersion"] = json!("extensions/v1beta1");
        old["spec"].as_object_mut().map(|m| m.remove("selector"));
        let new = ds(json!({}), json!({}));
        assert!(check_update(&old, &new, &Options::default()).is_empty());
        let mut changed = new.clone();
        changed["spec"]["selector"]["matchLabels"]["tier"] = json!("node");
        changed["spec"]["template"]["metadata"]["labels"]["tier"] = json!("node");
        let codes: Vec<&str> = check_update(&old, &changed, &Options::default())
            .iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(codes, vec!["DS401"]);
    }

    #[test]
    fn lookup_finds_codes_and_names() {
        assert_eq!(lookup("ds101").map(|r| r.name), Some("selector-mismatch"));
        assert_eq!(lookup("selector-mismatch").map(|r| r.code), Some("DS101"));
        assert!(lookup("nope").is_none());
    }
}
