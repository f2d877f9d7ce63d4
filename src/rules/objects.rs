//! The built-in kinds besides the apps workloads: each one's `ValidateObjectMeta` (name rule,
//! namespace scope, labels, annotations, finalizers), and for the kinds that carry a pod (Pod,
//! Job, CronJob, ReplicationController) the pod rules a DaemonSet's template gets, with the
//! kind's own restartPolicy rule.

use super::metadata::{NameRule, check_meta, check_template_meta};
use super::object::{get, get_or_empty, str_at, string_map};
use super::pod_spec::{ACTIVE_DEADLINE_FORBIDDEN, UNSUPPORTED_RESTART_POLICY};
use super::{Options, Report, defaults, pod_spec, selector};
use crate::finding::FieldPath;
use serde_json::{Value, json};

/// What carries the pod of a kind, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pods {
    None,
    /// The object is the Pod (`spec`).
    Pod,
    /// A Job's `spec.template`.
    Job,
    /// A CronJob's `spec.jobTemplate.spec.template`.
    CronJob,
    /// A ReplicationController's `spec.template`.
    ReplicationController,
}

/// One built-in kind: its API group, whether it is namespaced, its name rule (the `nameFn` its
/// `ValidateX` passes to `ValidateObjectMeta`) and its pods.
struct Known {
    group: &'static str,
    kind: &'static str,
    namespaced: bool,
    name: NameRule,
    pods: Pods,
}

const fn k(group: &'static str, kind: &'static str, namespaced: bool, name: NameRule) -> Known {
    Known {
        group,
        kind,
        namespaced,
        name,
        pods: Pods::None,
    }
}

/// The kinds whose create validation dsctl mirrors, from each group's `validation.go`
/// (`pkg/apis/<group>/validation`): `ValidatePod`, `ValidateService(Create)`,
/// `ValidateConfigMap`, `ValidateSecret`, `ValidateServiceAccount`, `ValidateNamespace`,
/// `ValidateNode`, `ValidatePersistentVolume(Claim)`, `ValidateEndpoints`, `ValidateLimitRange`,
/// `ValidateResourceQuota`, `ValidateReplicationController`, `ValidatePodTemplate`, batch
/// `ValidateJob`/`ValidateCronJobCreate`, rbac `ValidateRole(Binding)`/`ValidateClusterRole(Binding)`
/// (`ValidateRBACName`: a path segment), networking `ValidateIngress`/`ValidateIngressClass`/
/// `ValidateNetworkPolicy`, autoscaling `ValidateHorizontalPodAutoscaler`, scheduling
/// `ValidatePriorityClass`, storage `ValidateStorageClass`.
const KNOWN: &[Known] = &[
    Known {
        pods: Pods::Pod,
        ..k("", "Pod", true, NameRule::Subdomain)
    },
    Known {
        pods: Pods::ReplicationController,
        ..k("", "ReplicationController", true, NameRule::Subdomain)
    },
    k("", "PodTemplate", true, NameRule::Subdomain),
    k("", "Service", true, NameRule::Service),
    k("", "ConfigMap", true, NameRule::Subdomain),
    k("", "Secret", true, NameRule::Subdomain),
    k("", "ServiceAccount", true, NameRule::Subdomain),
    k("", "Namespace", false, NameRule::Label),
    k("", "Node", false, NameRule::Subdomain),
    k("", "PersistentVolume", false, NameRule::Subdomain),
    k("", "PersistentVolumeClaim", true, NameRule::Subdomain),
    k("", "Endpoints", true, NameRule::Subdomain),
    k("", "LimitRange", true, NameRule::Subdomain),
    k("", "ResourceQuota", true, NameRule::Subdomain),
    Known {
        pods: Pods::Job,
        ..k("batch", "Job", true, NameRule::Subdomain)
    },
    Known {
        pods: Pods::CronJob,
        ..k("batch", "CronJob", true, NameRule::Subdomain)
    },
    k(
        "rbac.authorization.k8s.io",
        "Role",
        true,
        NameRule::PathSegment,
    ),
    k(
        "rbac.authorization.k8s.io",
        "RoleBinding",
        true,
        NameRule::PathSegment,
    ),
    k(
        "rbac.authorization.k8s.io",
        "ClusterRole",
        false,
        NameRule::PathSegment,
    ),
    k(
        "rbac.authorization.k8s.io",
        "ClusterRoleBinding",
        false,
        NameRule::PathSegment,
    ),
    k("networking.k8s.io", "Ingress", true, NameRule::Subdomain),
    k(
        "networking.k8s.io",
        "IngressClass",
        false,
        NameRule::Subdomain,
    ),
    k(
        "networking.k8s.io",
        "NetworkPolicy",
        true,
        NameRule::Subdomain,
    ),
    k(
        "autoscaling",
        "HorizontalPodAutoscaler",
        true,
        NameRule::Subdomain,
    ),
    k(
        "scheduling.k8s.io",
        "PriorityClass",
        false,
        NameRule::Subdomain,
    ),
    k("storage.k8s.io", "StorageClass", false, NameRule::Subdomain),
];

fn known(obj: &Value) -> Option<&'static Known> {
    let api_version = str_at(obj, "apiVersion")?;
    // `v1` is the core group; other groups are `group/version`.
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    let kind = str_at(obj, "kind")?;
    KNOWN.iter().find(|k| k.group == group && k.kind == kind)
}

/// Whether these rules know `obj`'s kind.
pub(crate) fn knows(obj: &Value) -> bool {
    known(obj).is_some()
}

/// The rules of a known kind, on `obj` itself (defaulted in place where it carries a pod).
pub(crate) fn check(obj: &mut Value, opts: &Options, report: &mut Report) {
    let Some(k) = known(obj) else {
        return;
    };
    if k.pods != Pods::None {
        default_pods(obj, k.pods);
    }
    let obj: &Value = obj;
    check_meta(obj, k.name, k.namespaced, opts, report);
    if k.kind == "CronJob" {
        // ValidateCronJobCreate: the controller appends an 11-character suffix to Job names.
        let name = get(obj, "metadata")
            .and_then(|m| str_at(m, "name"))
            .unwrap_or("");
        if name.len() > 52 {
            report.invalid(
                &super::metadata::INVALID_NAME,
                &FieldPath::new("metadata").child("name"),
                &json!(name),
                "must be no more than 52 characters",
            );
        }
    }
    if k.kind == "Service" {
        super::service::check(obj, report);
    }
    let spec = get(obj, "spec").unwrap_or(&Value::Null);
    let spec_path = FieldPath::new("spec");
    match k.pods {
        Pods::None => {}
        Pods::Pod => pod_spec::check(obj, &spec_path, opts, report),
        Pods::ReplicationController => {
            let template = get_or_empty(spec, "template");
            let tp = spec_path.child("template");
            // ValidatePodTemplateSpecForRC; the selector (a plain label map) defaults to the
            // template's labels, so only a written one can miss them.
            let meta = get(template, "metadata").unwrap_or(&Value::Null);
            let labels = string_map(meta, "labels");
            let sel = string_map(spec, "selector");
            if !sel.iter().all(|pair| labels.contains(pair)) {
                report.invalid_rendered(
                    &selector::SELECTOR_MISMATCH,
                    &tp.child("metadata").child("labels"),
                    &super::object::render_string_map(get(meta, "labels")),
                    "`selector` does not match template `labels`",
                );
            }
            template_pod(template, &tp, opts, report);
            let restart = str_at(get_or_empty(template, "spec"), "restartPolicy").unwrap_or("");
            if restart != "Always" {
                report.not_supported(
                    &UNSUPPORTED_RESTART_POLICY,
                    &tp.child("spec").child("restartPolicy"),
                    &json!(restart),
                    &["Always"],
                );
            }
            if get(get_or_empty(template, "spec"), "activeDeadlineSeconds").is_some() {
                report.forbidden(
                    &ACTIVE_DEADLINE_FORBIDDEN,
                    &tp.child("spec").child("activeDeadlineSeconds"),
                    "activeDeadlineSeconds in ReplicationController is not Supported",
                );
            }
        }
        Pods::Job => job_spec(spec, &spec_path, opts, report),
        Pods::CronJob => {
            let jt = get_or_empty(spec, "jobTemplate");
            let jp = spec_path.child("jobTemplate").child("spec");
            job_spec(get_or_empty(jt, "spec"), &jp, opts, report);
        }
    }
}

/// `ValidatePodTemplateSpec`: the template's labels and annotations, then its pod spec.
fn template_pod(template: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    check_template_meta(template, path, report);
    pod_spec::check(template, &path.child("spec"), opts, report);
}

/// The pod part of `validateJobSpec` at `path` (a Job's `spec`, a CronJob's
/// `spec.jobTemplate.spec`): the template, and a restartPolicy of `OnFailure` or `Never`.
fn job_spec(spec: &Value, path: &FieldPath, opts: &Options, report: &mut Report) {
    let template = get_or_empty(spec, "template");
    let tp = path.child("template");
    template_pod(template, &tp, opts, report);
    let rp = tp.child("spec").child("restartPolicy");
    // Defaulting fills `Always`, so unset and `Always` are the same mistake.
    match str_at(get_or_empty(template, "spec"), "restartPolicy").unwrap_or("") {
        "OnFailure" | "Never" => {
            if get(spec, "podFailurePolicy").is_some_and(|p| !p.is_null())
                && str_at(get_or_empty(template, "spec"), "restartPolicy") != Some("Never")
            {
                report.invalid(
                    &UNSUPPORTED_RESTART_POLICY,
                    &rp,
                    &json!("OnFailure"),
                    "only \"Never\" is supported when podFailurePolicy is specified",
                );
            }
        }
        "Always" | "" => report.required(
            &UNSUPPORTED_RESTART_POLICY,
            &rp,
            "valid values: \"OnFailure\", \"Never\"",
        ),
        other => report.not_supported(
            &UNSUPPORTED_RESTART_POLICY,
            &rp,
            &json!(other),
            &["OnFailure", "Never"],
        ),
    }
}

/// `SetDefaults_PodSpec` (and the container defaults) on the pod a kind carries.
fn default_pods(obj: &mut Value, pods: Pods) {
    let keys: &[&str] = match pods {
        Pods::None => return,
        Pods::Pod => &["spec"],
        Pods::Job | Pods::ReplicationController => &["spec", "template", "spec"],
        Pods::CronJob => &["spec", "jobTemplate", "spec", "template", "spec"],
    };
    let mut at = obj;
    for key in keys {
        let Some(m) = at.as_object_mut() else {
            return;
        };
        let child = m.entry(key.to_string()).or_insert_with(|| json!({}));
        if child.is_null() {
            *child = json!({});
        }
        at = child;
    }
    if let Some(pod) = at.as_object_mut() {
        defaults::pod_spec(pod);
    }
}
