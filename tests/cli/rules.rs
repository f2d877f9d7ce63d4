//! Registry-driven tests for `dsctl::rules`: every rule has a triggering fixture and a near miss,
//! codes/names/docs are well-formed, and real DaemonSets from the corpus get pinned verdicts.

use dsctl::finding::{Finding, Severity};
use dsctl::rules::{self, Emitter, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("rules")
}

/// The shared corpus copy (see `fixtures/corpus/PROVENANCE.md`).
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("corpus")
        .join("daemonsets")
}

/// All documents of a YAML (or JSON) file, decoded with Kubernetes' YAML 1.1 scalar rules
/// (`yes` is a boolean, `0644` is 420).
fn load(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let opts = serde_saphyr::options! { legacy_octal_numbers: true };
    let docs: Vec<Value> = serde_saphyr::from_multiple_with_options(&text, opts)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // `kind: List` (kubectl get -o yaml) holds its objects in `items`.
    docs.into_iter()
        .filter(|d| !d.is_null())
        .flat_map(
            |d| match (d.get("kind").and_then(Value::as_str), d.get("items")) {
                (Some("List"), Some(Value::Array(items))) => items.clone(),
                _ => vec![d],
            },
        )
        .collect()
}

fn opts() -> Options {
    Options { kube_minor: 34 }
}

/// Findings of a fixture: update fixtures (DS4xx) hold the previous and the new object.
fn findings_of(code: &str, path: &Path) -> Vec<Finding> {
    let docs = load(path);
    if code.starts_with("DS4") {
        assert_eq!(
            docs.len(),
            2,
            "{}: update fixtures hold old and new",
            path.display()
        );
        rules::check_update(&docs[0], &docs[1], &opts())
    } else {
        docs.iter().flat_map(|d| rules::check(d, &opts())).collect()
    }
}

#[test]
fn registry_codes_names_and_docs_are_well_formed() {
    let reg = rules::registry();
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    let mut prev = "";
    for r in reg {
        assert!(
            r.code.len() == 5
                && r.code.starts_with("DS")
                && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "bad code {}",
            r.code
        );
        assert!(r.code > prev, "registry not in code order at {}", r.code);
        prev = r.code;
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(
            !r.name.is_empty()
                && !r.name.starts_with('-')
                && !r.name.ends_with('-')
                && !r.name.contains("--")
                && r.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "name not kebab-case: {}",
            r.name
        );
        assert!(
            !r.summary.is_empty() && !r.summary.contains('\n'),
            "{}: summary",
            r.code
        );
        let mut last = 0;
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix",
            "## Upstream",
        ] {
            let at = r
                .doc
                .find(section)
                .unwrap_or_else(|| panic!("{}: doc lacks {section}", r.code));
            assert!(at >= last, "{}: {section} out of order", r.code);
            last = at;
        }
        assert_eq!(rules::lookup(r.code).map(|x| x.name), Some(r.name));
        assert_eq!(
            rules::lookup(&r.code.to_lowercase()).map(|x| x.code),
            Some(r.code)
        );
        assert_eq!(rules::lookup(r.name).map(|x| x.code), Some(r.code));
    }
    assert!(rules::lookup("DS999").is_none());
}

#[test]
fn every_rule_has_a_trigger_and_a_near_miss() {
    for r in rules::registry()
        .iter()
        .filter(|r| r.emitter == Emitter::Rules)
    {
        let bad = fixtures().join(format!("{}.yaml", r.code));
        let found = findings_of(r.code, &bad);
        let hits: Vec<&Finding> = found.iter().filter(|f| f.code == r.code).collect();
        assert!(
            !hits.is_empty(),
            "{} does not trigger {}: {found:#?}",
            bad.display(),
            r.code
        );
        for f in &hits {
            assert_eq!((f.rule, f.severity), (r.name, r.severity), "{}", r.code);
        }
        let ok = fixtures().join(format!("{}-ok.yaml", r.code));
        let found = findings_of(r.code, &ok);
        let errors: Vec<&Finding> = found
            .iter()
            .filter(|f| f.code == r.code || f.severity == Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "{} should be clean of {} and errors: {errors:#?}",
            ok.display(),
            r.code
        );
    }
}

/// `code field` for every finding of every DaemonSet document in a corpus file.
fn verdict(file: &str) -> Vec<String> {
    load(&corpus().join(file))
        .iter()
        .filter(|d| d.get("kind").and_then(Value::as_str) == Some("DaemonSet"))
        .flat_map(|d| rules::check(d, &opts()))
        .map(|f| format!("{} {}", f.code, f.field))
        .collect()
}

/// The verdict (`code field`, in report order) for every DaemonSet of every corpus file, with
/// kube_minor 34. Warnings are pinned too: DS303 (no requests), DS304 (untagged/latest image),
/// DS305 (no priorityClassName), DS306 (writable sensitive hostPath) are advice only.
const CORPUS_VERDICTS: &[(&str, &[&str])] = &[
    ("amazon-vpc-cni-k8s--aws-k8s-cni.yaml", &[]),
    (
        // extensions/v1beta1, but with an explicit selector: only the removal warning.
        "amazon-vpc-cni-k8s-v1.3--calico.yaml",
        &[
            "DS301 apiVersion",
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    ("aws-ebs-csi-driver--node-windows.yaml", &[]),
    // The node plugin's Bidirectional /var/lib/kubelet mount publishes volumes: no DS306.
    ("aws-ebs-csi-driver--node.yaml", &[]),
    (
        "beats--filebeat-kubernetes.yaml",
        &["DS305 spec.template.spec.priorityClassName"],
    ),
    (
        "cilium--cilium-ds.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "contour--03-envoy.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS303 spec.template.spec.containers[1].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "datadog-agent--daemonset.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "falco--daemonset.yaml",
        &[
            "DS303 spec.template.spec.containers[1].resources",
            "DS305 spec.template.spec.priorityClassName",
            "DS306 spec.template.spec.containers[0].volumeMounts[0]",
            "DS306 spec.template.spec.containers[0].volumeMounts[3]",
            "DS306 spec.template.spec.containers[0].volumeMounts[4]",
            "DS306 spec.template.spec.containers[0].volumeMounts[10]",
        ],
    ),
    (
        "falco-exporter--daemonset.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        // extensions/v1beta1 without spec.selector: checked as apps/v1, where SetDefaults_DaemonSet
        // no longer copies the template labels into the selector; ValidateDaemonSetSpec turns the
        // nil selector into labels.Nothing() and reports the mismatch at the template labels.
        "flannel--kube-flannel-legacy.yml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS303 spec.template.spec.containers[1].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        // extensions/v1beta1 without spec.selector: checked as apps/v1, where SetDefaults_DaemonSet
        // no longer copies the template labels into the selector; ValidateDaemonSetSpec turns the
        // nil selector into labels.Nothing() and reports the mismatch at the template labels.
        // Five DaemonSets (one per architecture), all alike.
        "flannel--kube-flannel-old.yaml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS305 spec.template.spec.priorityClassName",
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS305 spec.template.spec.priorityClassName",
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS305 spec.template.spec.priorityClassName",
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS305 spec.template.spec.priorityClassName",
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    ("flannel--kube-flannel.yml", &[]),
    (
        "fluent-bit-kubernetes-logging--fluent-bit-daemonset-kafka-rest.yml",
        &["DS305 spec.template.spec.priorityClassName"],
    ),
    (
        // extensions/v1beta1 without spec.selector: checked as apps/v1, where SetDefaults_DaemonSet
        // no longer copies the template labels into the selector; ValidateDaemonSetSpec turns the
        // nil selector into labels.Nothing() and reports the mismatch at the template labels.
        "fluent-bit-kubernetes-logging--fluent-bit-ds-minikube.yaml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "fluent-bit-kubernetes-logging--fluent-bit-ds.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "gcp-compute-persistent-disk-csi-driver--node.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS303 spec.template.spec.containers[1].resources",
            "DS304 spec.template.spec.containers[0].image",
            "DS304 spec.template.spec.containers[1].image",
            "DS306 spec.template.spec.containers[1].volumeMounts[7]",
        ],
    ),
    (
        "gcp-compute-persistent-disk-csi-driver-windows--node.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS303 spec.template.spec.containers[1].resources",
            "DS304 spec.template.spec.containers[0].image",
            "DS304 spec.template.spec.containers[1].image",
        ],
    ),
    (
        "gitops-engine--daemonset-ondelete.yaml",
        &["DS305 spec.template.spec.priorityClassName"],
    ),
    (
        // An envsubst template: namespace `${NAMESPACE}` is not a DNS-1123 label
        // (ValidateObjectMeta -> ValidateNamespaceName).
        "grafana-agent--agent-loki.yaml",
        &[
            "DS102 metadata.namespace",
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "k8s-device-plugin--gpu-feature-discovery-daemonset.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
            "DS306 spec.template.spec.containers[0].volumeMounts[1]",
        ],
    ),
    (
        "k8s-device-plugin--nvidia-device-plugin-compat-with-cpumanager.yml",
        &["DS303 spec.template.spec.containers[0].resources"],
    ),
    (
        "k8s-device-plugin--nvidia-device-plugin.yml",
        &["DS303 spec.template.spec.containers[0].resources"],
    ),
    (
        // extensions/v1beta1 without spec.selector: checked as apps/v1, where SetDefaults_DaemonSet
        // no longer copies the template labels into the selector; ValidateDaemonSetSpec turns the
        // nil selector into labels.Nothing() and reports the mismatch at the template labels.
        "k8s-device-plugin-2019--nvidia-device-plugin.yml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS303 spec.template.spec.containers[0].resources",
        ],
    ),
    (
        "k9s--ds.json",
        &["DS303 spec.template.spec.containers[1].resources"],
    ),
    (
        "k9s-xray--ds.json",
        &[
            "DS304 spec.template.spec.containers[0].image",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    ("kube-prometheus--cAdvisor-daemonset.yaml", &[]),
    (
        "kube-prometheus--node-exporter-daemonset.yaml",
        &[
            "DS301 apiVersion",
            "DS305 spec.template.spec.priorityClassName",
            "DS306 spec.template.spec.containers[0].volumeMounts[0]",
            "DS306 spec.template.spec.containers[0].volumeMounts[1]",
        ],
    ),
    (
        // extensions/v1beta1 without spec.selector: checked as apps/v1, where SetDefaults_DaemonSet
        // no longer copies the template labels into the selector; ValidateDaemonSetSpec turns the
        // nil selector into labels.Nothing() and reports the mismatch at the template labels.
        "kube-prometheus--node-exporter-ds.yaml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    ("kube-prometheus--nodeExporter-daemonset.yaml", &[]),
    (
        "kube-router--kube-router-proxy-daemonset.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS304 spec.template.spec.initContainers[0].image",
            "DS304 spec.template.spec.containers[0].image",
        ],
    ),
    (
        "kube-router--kubeadm-kuberouter.yaml",
        &[
            "DS304 spec.template.spec.initContainers[0].image",
            "DS304 spec.template.spec.containers[0].image",
        ],
    ),
    (
        // extensions/v1beta1 without spec.selector: checked as apps/v1, where SetDefaults_DaemonSet
        // no longer copies the template labels into the selector; ValidateDaemonSetSpec turns the
        // nil selector into labels.Nothing() and reports the mismatch at the template labels.
        "kube-router-2019--kubeadm-kuberouter.yaml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS304 spec.template.spec.initContainers[0].image",
            "DS304 spec.template.spec.containers[0].image",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "kubernetes--calico-node-daemonset.yaml",
        &["DS303 spec.template.spec.containers[0].resources"],
    ),
    ("kubernetes--fluentd-es-ds.yaml", &[]),
    ("kubernetes--ip-masq-agent.yaml", &[]),
    (
        // API round-trip fixture with placeholder values everywhere. Errors, by upstream function:
        // ValidateObjectMeta: generateName/name `...Value` (capitals) are not DNS-1123 subdomains,
        //   namespace not a DNS-1123 label. ValidateLabelSelectorRequirement: operatorValue; the
        //   selector does not parse, so no mismatch check. validateContainerCommon: names not
        //   DNS-1123 labels, terminationMessagePolicy/imagePullPolicy unsupported, port names not
        //   IANA names, protocolValue unsupported. validateContainers: restartPolicy forbidden on a
        //   regular container. validateInitContainers: restartPolicyValue unsupported, the name
        //   repeats the container's, lifecycle and probes forbidden without restartPolicy=Always.
        //   validatePodHostNetworkDeps: hostPort 2 != containerPort 3. validateRestartPolicy then
        //   ValidateDaemonSetSpec: restartPolicyValue twice (pod enum, then Always only).
        //   validateDNSPolicy, validatePodDNSConfig (nameserver not an IP).
        //   ValidateNodeSelectorRequirement/ValidateNodeFieldSelectorRequirement: operators, field key.
        //   ValidateTolerations: tolerationSeconds without NoExecute, operator, effect.
        //   ValidatePodSpec: serviceAccountName, nodeName, priorityClassName, hostname, subdomain.
        //   validateContainerResourceName: limitsKey/requestsKey. ValidatePodTemplateSpec:
        //   ephemeralContainers. ValidateDaemonSetSpec: activeDeadlineSeconds forbidden.
        //   ValidateDaemonSetUpdateStrategy: typeValue unsupported. Warnings: untagged images.
        //   No DS219 for the containers' own restartPolicy at 1.34: dropContainerRestartRules
        //   (pkg/api/pod/util.go) drops it while the ContainerRestartRules gate is off.
        //   dropImageVolumes (ImageVolume gate off before 1.35): the placeholder volume sets
        //   `image`, so the server drops it and its volumeMounts before validation (no DS220 and
        //   no mount findings at 1.34); ValidateVolumeDevices then finds no `nameValue`.
        //   validateEnvVarValueFrom: apiVersionValue cannot convert, resourceValue unsupported,
        //   nameValue not a subdomain (configMapKeyRef, secretKeyRef), valueFrom beside a value.
        //   ValidateEnvFrom: names not subdomains, both configMapRef and secretRef (reported at
        //   envFrom).
        //   validateHandler: every probe and hook sets all its handlers, so each one after the
        //   first is forbidden; successThreshold 5 on liveness/startup probes, a grace period on
        //   the readiness probe. validateContainerResourceName reports limitsKey/requestsKey
        //   twice (not a standard resource type, not one for containers);
        //   validateResourceClaimNames: requestValue not a label; validateResizePolicy: both
        //   values unsupported; validatePodResources (PodLevelResources on from 1.34): claims
        //   forbidden, the keys; validateOverhead: overheadKey.
        //   ValidateSecurityContext (every container kind, ephemeral included): procMountValue,
        //   typeValue, localhostProfile without Localhost, gmsaCredentialSpecName not a subdomain.
        //   validatePodSpecSecurityContext: shareProcessNamespace with hostPID, sysctl nameValue,
        //   the policy enums (seLinuxChangePolicy: only Recursive while SELinuxMount is off).
        //   validateOS: nameValue unsupported, so validateLinux/validateWindows do not run.
        //   validateEphemeralContainers: validateContainerCommon on the ephemeral container too.
        //   validatePodDNSConfig: searchesValue is not a subdomain; ValidateHostAliases: ipValue,
        //   hostnamesValue; ValidatePreemptionPolicy: preemptionPolicyValue;
        //   ValidateRuntimeClassName: runtimeClassNameValue. validatePodAffinityTerm: operators
        //   of both selectors, namespacesValue (reported at `namespace`).
        //   validateTopologySpreadConstraints: whenUnsatisfiableValue, so minDomains is refused;
        //   both node policies unsupported; the selector operator. No hostnameOverride finding:
        //   the HostnameOverride gate is off at 1.34.
        "kubernetes-api--apps.v1.DaemonSet.yaml",
        &[
            "DS102 metadata.generateName",
            "DS102 metadata.name",
            "DS102 metadata.namespace",
            // core's ValidateObjectMeta: a finalizer without a prefix must be a standard one.
            "DS230 metadata.finalizers[0]",
            "DS107 spec.selector.matchExpressions[0].operator",
            // validatePodResourceClaim: placeholder names, and both sources set.
            "DS231 spec.template.spec.resourceClaims[0].name",
            "DS231 spec.template.spec.resourceClaims[0]",
            "DS231 spec.template.spec.resourceClaims[0].resourceClaimName",
            "DS231 spec.template.spec.resourceClaims[0].resourceClaimTemplateName",
            "DS204 spec.template.spec.containers[0].name",
            "DS217 spec.template.spec.containers[0].terminationMessagePolicy",
            "DS207 spec.template.spec.containers[0].ports[0].name",
            "DS207 spec.template.spec.containers[0].ports[0].protocol",
            "DS222 spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath",
            "DS222 spec.template.spec.containers[0].env[0].valueFrom.resourceFieldRef.resource",
            "DS222 spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name",
            "DS222 spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name",
            "DS222 spec.template.spec.containers[0].env[0].valueFrom",
            "DS223 spec.template.spec.containers[0].envFrom[0].configMapRef.name",
            "DS223 spec.template.spec.containers[0].envFrom[0].secretRef.name",
            "DS223 spec.template.spec.containers[0].envFrom",
            "DS221 spec.template.spec.containers[0].volumeDevices[0].name",
            "DS217 spec.template.spec.containers[0].imagePullPolicy",
            "DS225 spec.template.spec.containers[0].lifecycle.postStart.httpGet",
            "DS225 spec.template.spec.containers[0].lifecycle.postStart.tcpSocket",
            "DS225 spec.template.spec.containers[0].lifecycle.postStart.sleep",
            "DS225 spec.template.spec.containers[0].lifecycle.preStop.httpGet",
            "DS225 spec.template.spec.containers[0].lifecycle.preStop.tcpSocket",
            "DS225 spec.template.spec.containers[0].lifecycle.preStop.sleep",
            "DS225 spec.template.spec.containers[0].livenessProbe.httpGet",
            "DS225 spec.template.spec.containers[0].livenessProbe.tcpSocket",
            "DS225 spec.template.spec.containers[0].livenessProbe.grpc",
            "DS225 spec.template.spec.containers[0].livenessProbe.successThreshold",
            "DS225 spec.template.spec.containers[0].readinessProbe.httpGet",
            "DS225 spec.template.spec.containers[0].readinessProbe.tcpSocket",
            "DS225 spec.template.spec.containers[0].readinessProbe.grpc",
            "DS225 spec.template.spec.containers[0].readinessProbe.terminationGracePeriodSeconds",
            "DS225 spec.template.spec.containers[0].startupProbe.httpGet",
            "DS225 spec.template.spec.containers[0].startupProbe.tcpSocket",
            "DS225 spec.template.spec.containers[0].startupProbe.grpc",
            "DS225 spec.template.spec.containers[0].startupProbe.successThreshold",
            "DS204 spec.template.spec.initContainers[0].name",
            "DS217 spec.template.spec.initContainers[0].terminationMessagePolicy",
            "DS207 spec.template.spec.initContainers[0].ports[0].name",
            "DS207 spec.template.spec.initContainers[0].ports[0].protocol",
            "DS222 spec.template.spec.initContainers[0].env[0].valueFrom.fieldRef.fieldPath",
            "DS222 spec.template.spec.initContainers[0].env[0].valueFrom.resourceFieldRef.resource",
            "DS222 spec.template.spec.initContainers[0].env[0].valueFrom.configMapKeyRef.name",
            "DS222 spec.template.spec.initContainers[0].env[0].valueFrom.secretKeyRef.name",
            "DS222 spec.template.spec.initContainers[0].env[0].valueFrom",
            "DS223 spec.template.spec.initContainers[0].envFrom[0].configMapRef.name",
            "DS223 spec.template.spec.initContainers[0].envFrom[0].secretRef.name",
            "DS223 spec.template.spec.initContainers[0].envFrom",
            "DS221 spec.template.spec.initContainers[0].volumeDevices[0].name",
            "DS217 spec.template.spec.initContainers[0].imagePullPolicy",
            "DS205 spec.template.spec.initContainers[0].name",
            "DS219 spec.template.spec.initContainers[0].lifecycle",
            "DS219 spec.template.spec.initContainers[0].livenessProbe",
            "DS219 spec.template.spec.initContainers[0].readinessProbe",
            "DS219 spec.template.spec.initContainers[0].startupProbe",
            "DS204 spec.template.spec.ephemeralContainers[0].name",
            "DS217 spec.template.spec.ephemeralContainers[0].terminationMessagePolicy",
            "DS207 spec.template.spec.ephemeralContainers[0].ports[0].name",
            "DS207 spec.template.spec.ephemeralContainers[0].ports[0].protocol",
            "DS222 spec.template.spec.ephemeralContainers[0].env[0].valueFrom.fieldRef.fieldPath",
            "DS222 spec.template.spec.ephemeralContainers[0].env[0].valueFrom.resourceFieldRef.resource",
            "DS222 spec.template.spec.ephemeralContainers[0].env[0].valueFrom.configMapKeyRef.name",
            "DS222 spec.template.spec.ephemeralContainers[0].env[0].valueFrom.secretKeyRef.name",
            "DS222 spec.template.spec.ephemeralContainers[0].env[0].valueFrom",
            "DS223 spec.template.spec.ephemeralContainers[0].envFrom[0].configMapRef.name",
            "DS223 spec.template.spec.ephemeralContainers[0].envFrom[0].secretRef.name",
            "DS223 spec.template.spec.ephemeralContainers[0].envFrom",
            "DS221 spec.template.spec.ephemeralContainers[0].volumeDevices[0].name",
            "DS217 spec.template.spec.ephemeralContainers[0].imagePullPolicy",
            "DS209 spec.template.spec.containers[0].ports[0].hostPort",
            "DS201 spec.template.spec.restartPolicy",
            "DS214 spec.template.spec.dnsPolicy",
            "DS214 spec.template.spec.dnsConfig.nameservers[0]",
            "DS214 spec.template.spec.dnsConfig.searches[0]",
            "DS228 spec.template.spec.hostAliases[0].ip",
            "DS228 spec.template.spec.hostAliases[0].hostnames[0]",
            "DS232 spec.template.spec.preemptionPolicy",
            "DS213 spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator",
            "DS213 spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].operator",
            "DS213 spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key",
            "DS213 spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator",
            "DS213 spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].operator",
            "DS213 spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].key",
            "DS227 spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator",
            "DS227 spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchExpressions[0].operator",
            "DS227 spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace",
            "DS227 spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].operator",
            "DS227 spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].operator",
            "DS227 spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace",
            "DS227 spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator",
            "DS227 spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchExpressions[0].operator",
            "DS227 spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace",
            "DS227 spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].operator",
            "DS227 spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].operator",
            "DS227 spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace",
            "DS211 spec.template.spec.tolerations[0].effect",
            "DS211 spec.template.spec.tolerations[0].operator",
            "DS211 spec.template.spec.tolerations[0].effect",
            "DS226 spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable",
            "DS226 spec.template.spec.topologySpreadConstraints[0].minDomains",
            "DS226 spec.template.spec.topologySpreadConstraints[0].nodeAffinityPolicy",
            "DS226 spec.template.spec.topologySpreadConstraints[0].nodeTaintsPolicy",
            "DS226 spec.template.spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator",
            "DS218 spec.template.spec.serviceAccountName",
            "DS218 spec.template.spec.nodeName",
            "DS218 spec.template.spec.priorityClassName",
            "DS218 spec.template.spec.runtimeClassName",
            "DS218 spec.template.spec.hostname",
            "DS218 spec.template.spec.subdomain",
            "DS215 spec.template.spec.containers[0].resources.limits[limitsKey]",
            "DS215 spec.template.spec.containers[0].resources.limits[limitsKey]",
            "DS215 spec.template.spec.containers[0].resources.requests[requestsKey]",
            "DS215 spec.template.spec.containers[0].resources.requests[requestsKey]",
            "DS215 spec.template.spec.containers[0].resources.claims[0].request",
            "DS215 spec.template.spec.containers[0].resizePolicy",
            "DS215 spec.template.spec.containers[0].resizePolicy",
            "DS215 spec.template.spec.initContainers[0].resources.limits[limitsKey]",
            "DS215 spec.template.spec.initContainers[0].resources.limits[limitsKey]",
            "DS215 spec.template.spec.initContainers[0].resources.requests[requestsKey]",
            "DS215 spec.template.spec.initContainers[0].resources.requests[requestsKey]",
            "DS215 spec.template.spec.initContainers[0].resources.claims[0].request",
            "DS215 spec.template.spec.initContainers[0].resizePolicy",
            "DS215 spec.template.spec.initContainers[0].resizePolicy",
            "DS215 spec.template.spec.ephemeralContainers[0].resources.limits[limitsKey]",
            "DS215 spec.template.spec.ephemeralContainers[0].resources.limits[limitsKey]",
            "DS215 spec.template.spec.ephemeralContainers[0].resources.requests[requestsKey]",
            "DS215 spec.template.spec.ephemeralContainers[0].resources.requests[requestsKey]",
            "DS215 spec.template.spec.ephemeralContainers[0].resources.claims[0].request",
            "DS215 spec.template.spec.ephemeralContainers[0].resizePolicy",
            "DS215 spec.template.spec.ephemeralContainers[0].resizePolicy",
            "DS215 spec.template.spec.resources.claims",
            "DS215 spec.template.spec.resources.limits[limitsKey]",
            "DS215 spec.template.spec.resources.requests[requestsKey]",
            "DS215 spec.template.spec.resources.claims[0].request",
            "DS215 spec.template.spec.overhead.limits[overheadKey]",
            "DS215 spec.template.spec.overhead.limits[overheadKey]",
            "DS224 spec.template.spec.initContainers[0].securityContext.procMount",
            "DS224 spec.template.spec.initContainers[0].securityContext.seccompProfile.type",
            "DS224 spec.template.spec.initContainers[0].securityContext.seccompProfile.localhostProfile",
            "DS224 spec.template.spec.initContainers[0].securityContext.windowsOptions.gmsaCredentialSpecName",
            "DS224 spec.template.spec.initContainers[0].securityContext.appArmorProfile.type",
            "DS224 spec.template.spec.containers[0].securityContext.procMount",
            "DS224 spec.template.spec.containers[0].securityContext.seccompProfile.type",
            "DS224 spec.template.spec.containers[0].securityContext.seccompProfile.localhostProfile",
            "DS224 spec.template.spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpecName",
            "DS224 spec.template.spec.containers[0].securityContext.appArmorProfile.type",
            "DS224 spec.template.spec.ephemeralContainers[0].securityContext.procMount",
            "DS224 spec.template.spec.ephemeralContainers[0].securityContext.seccompProfile.type",
            "DS224 spec.template.spec.ephemeralContainers[0].securityContext.seccompProfile.localhostProfile",
            "DS224 spec.template.spec.ephemeralContainers[0].securityContext.windowsOptions.gmsaCredentialSpecName",
            "DS224 spec.template.spec.ephemeralContainers[0].securityContext.appArmorProfile.type",
            "DS224 spec.template.spec.securityContext.shareProcessNamespace",
            "DS224 spec.template.spec.securityContext.sysctls[0].name",
            "DS224 spec.template.spec.securityContext.fsGroupChangePolicy",
            "DS224 spec.template.spec.securityContext.seccompProfile.type",
            "DS224 spec.template.spec.securityContext.seccompProfile.localhostProfile",
            "DS224 spec.template.spec.securityContext.windowsOptions.gmsaCredentialSpecName",
            "DS224 spec.template.spec.securityContext.appArmorProfile.type",
            "DS224 spec.template.spec.securityContext.supplementalGroupsPolicy",
            "DS224 spec.template.spec.securityContext.seLinuxChangePolicy",
            "DS224 spec.template.spec.os",
            // validateEphemeralContainers: the name is reused, the target does not exist, and
            // every field outside allowedEphemeralContainerFields is set.
            "DS205 spec.template.spec.ephemeralContainers[0].name",
            "DS216 spec.template.spec.ephemeralContainers[0].targetContainerName",
            "DS216 spec.template.spec.ephemeralContainers[0].ports",
            "DS216 spec.template.spec.ephemeralContainers[0].resources",
            "DS216 spec.template.spec.ephemeralContainers[0].resizePolicy",
            "DS216 spec.template.spec.ephemeralContainers[0].restartPolicy",
            "DS216 spec.template.spec.ephemeralContainers[0].restartPolicyRules",
            "DS216 spec.template.spec.ephemeralContainers[0].livenessProbe",
            "DS216 spec.template.spec.ephemeralContainers[0].readinessProbe",
            "DS216 spec.template.spec.ephemeralContainers[0].startupProbe",
            "DS216 spec.template.spec.ephemeralContainers[0].lifecycle",
            "DS216 spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPath",
            "DS216 spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPathExpr",
            "DS216 spec.template.spec.ephemeralContainers",
            "DS201 spec.template.spec.restartPolicy",
            "DS202 spec.template.spec.activeDeadlineSeconds",
            "DS108 spec.updateStrategy",
            "DS304 spec.template.spec.initContainers[0].image",
            "DS304 spec.template.spec.containers[0].image",
        ],
    ),
    (
        "kubernetes-examples--newrelic-daemonset.yaml",
        &[
            "DS304 spec.template.spec.containers[0].image",
            "DS305 spec.template.spec.priorityClassName",
            "DS306 spec.template.spec.containers[0].volumeMounts[2]",
            "DS306 spec.template.spec.containers[0].volumeMounts[3]",
        ],
    ),
    (
        // extensions/v1beta1 without spec.selector: checked as apps/v1, where SetDefaults_DaemonSet
        // no longer copies the template labels into the selector; ValidateDaemonSetSpec turns the
        // nil selector into labels.Nothing() and reports the mismatch at the template labels.
        "kubernetes-examples--newrelic-infra-daemonset.yaml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS304 spec.template.spec.containers[0].image",
            "DS305 spec.template.spec.priorityClassName",
            "DS306 spec.template.spec.containers[0].volumeMounts[2]",
        ],
    ),
    (
        "kubernetes-examples--sysdig-daemonset.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS304 spec.template.spec.containers[0].image",
            "DS305 spec.template.spec.priorityClassName",
            "DS306 spec.template.spec.containers[0].volumeMounts[0]",
        ],
    ),
    ("kubernetes-nvidia-gpu--daemonset.yaml", &[]),
    (
        "kured--kured-ds-signal.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "kured--kured-ds.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "metallb--metallb-native.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "metallb--metallb.yaml",
        &[
            "DS301 apiVersion",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "multus-cni--multus-daemonset-thick.yml",
        &[
            "DS305 spec.template.spec.priorityClassName",
            "DS306 spec.template.spec.containers[0].volumeMounts[4]",
            "DS306 spec.template.spec.containers[0].volumeMounts[8]",
        ],
    ),
    (
        "multus-cni--multus-daemonset.yml",
        &["DS305 spec.template.spec.priorityClassName"],
    ),
    (
        // extensions/v1beta1 without spec.selector: checked as apps/v1, where SetDefaults_DaemonSet
        // no longer copies the template labels into the selector; ValidateDaemonSetSpec turns the
        // nil selector into labels.Nothing() and reports the mismatch at the template labels. Two DaemonSets (amd64, ppc64le).
        "multus-cni-2019--multus-daemonset.yml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS305 spec.template.spec.priorityClassName",
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "node-problem-detector--node-problem-detector-healthchecker.yaml",
        &["DS305 spec.template.spec.priorityClassName"],
    ),
    (
        "node-problem-detector--node-problem-detector.yaml",
        &["DS305 spec.template.spec.priorityClassName"],
    ),
    (
        "opentelemetry-collector--otel-config.yaml",
        &[
            "DS304 spec.template.spec.containers[0].image",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "popeye-ds--1.yaml",
        &[
            "DS305 spec.template.spec.priorityClassName",
            "DS303 spec.template.spec.containers[0].resources",
            "DS304 spec.template.spec.initContainers[0].image",
            "DS304 spec.template.spec.containers[0].image",
            "DS305 spec.template.spec.priorityClassName",
            "DS303 spec.template.spec.containers[0].resources",
            "DS304 spec.template.spec.initContainers[0].image",
            "DS304 spec.template.spec.containers[0].image",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "secrets-store-csi-driver--secrets-store-csi-driver-windows.yaml",
        &["DS305 spec.template.spec.priorityClassName"],
    ),
    (
        "secrets-store-csi-driver--secrets-store-csi-driver.yaml",
        &["DS305 spec.template.spec.priorityClassName"],
    ),
    (
        "sig-storage-local-static-provisioner--baremetal-tolerations.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "sig-storage-local-static-provisioner--default_example_provisioner_generated.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "sig-storage-local-static-provisioner--gke-daemonset-raid-disks.yaml",
        &[
            "DS303 spec.template.spec.containers[0].resources",
            "DS305 spec.template.spec.priorityClassName",
        ],
    ),
    (
        "weave--weave-daemonset-k8s-1.11.yaml",
        &[
            "DS304 spec.template.spec.initContainers[0].image",
            "DS304 spec.template.spec.containers[0].image",
            "DS304 spec.template.spec.containers[1].image",
            "DS306 spec.template.spec.initContainers[0].volumeMounts[2]",
        ],
    ),
    (
        "weave--weave-daemonset-k8s-1.8.yaml",
        &[
            "DS301 apiVersion",
            "DS101 spec.template.metadata.labels",
            "DS304 spec.template.spec.initContainers[0].image",
            "DS304 spec.template.spec.containers[0].image",
            "DS304 spec.template.spec.containers[1].image",
            "DS305 spec.template.spec.priorityClassName",
            "DS306 spec.template.spec.initContainers[0].volumeMounts[2]",
        ],
    ),
];

#[test]
fn corpus_daemonsets_get_their_pinned_verdicts() {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut pinned: Vec<&str> = CORPUS_VERDICTS.iter().map(|(f, _)| *f).collect();
    pinned.push(V1BETA2_PLACEHOLDERS);
    pinned.sort();
    assert_eq!(files, pinned, "every corpus file has a pinned verdict");
    for (file, expected) in CORPUS_VERDICTS {
        assert_eq!(verdict(file), *expected, "{file}");
    }
}

/// The apps/v1beta2 placeholder file holds the same object as the apps/v1 one: the same
/// verdict (it is checked as apps/v1) after the removed-version warning.
const V1BETA2_PLACEHOLDERS: &str = "kubernetes-api--apps.v1beta2.DaemonSet.yaml";

#[test]
fn removed_api_versions_are_checked_as_apps_v1() {
    let v1 = verdict("kubernetes-api--apps.v1.DaemonSet.yaml");
    let mut expected = vec!["DS301 apiVersion".to_string()];
    expected.extend(v1);
    assert_eq!(verdict(V1BETA2_PLACEHOLDERS), expected);
}

/// The placeholder volume sets every source. Before 1.31 `image` is unknown and the volume is
/// validated: emptyDir (first in validateVolumeSource's order) counts and the 28 other
/// sources are forbidden, and `nameValue` is not a DNS label. From 1.35 `image` is the 29th
/// forbidden source; in between the volume is dropped (see the pinned verdict above).
#[test]
fn placeholder_volume_follows_the_image_volume_gate() {
    let doc = load(&corpus().join("kubernetes-api--apps.v1.DaemonSet.yaml"));
    let count = |minor: u32| {
        rules::check(&doc[0], &Options { kube_minor: minor })
            .iter()
            .filter(|f| f.code == "DS220")
            .count()
    };
    assert_eq!((count(30), count(34), count(35)), (29, 0, 30));
}

#[test]
fn daemonset_advice_never_fires_on_other_workloads() {
    let dir = corpus()
        .parent()
        .map(|p| p.join("deployments"))
        .unwrap_or_default();
    let files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(files.len() > 20, "corpus deployments present");
    let mut checked = 0;
    for file in files {
        for d in load(&file)
            .iter()
            .filter(|d| d.get("kind").and_then(Value::as_str) != Some("DaemonSet"))
        {
            let findings = rules::check(d, &opts());
            checked += 1;
            let advice: Vec<_> = findings
                .iter()
                .filter(|f| ["DS302", "DS303", "DS304", "DS305", "DS306"].contains(&f.code))
                .collect();
            assert!(advice.is_empty(), "{}: {advice:#?}", file.display());
        }
    }
    assert!(checked > 50);
}

/// DS219 for container-level restartPolicy follows the ContainerRestartRules gate: refused up
/// to 1.33, dropped silently in 1.34 (gate off), allowed from 1.35 (gate on). Probes on an init
/// container that is not a sidecar are refused in every version.
#[test]
fn container_restart_policy_follows_the_feature_gate() {
    let ds: Value = serde_json::json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "a", "namespace": "b"},
        "spec": {"selector": {"matchLabels": {"app": "a"}}, "template": {
            "metadata": {"labels": {"app": "a"}},
            "spec": {
                "containers": [{"name": "c", "image": "x:1", "restartPolicy": "Always"}],
                "initContainers": [{"name": "i", "image": "x:1", "restartPolicy": "OnFailure",
                    "readinessProbe": {"exec": {"command": ["true"]}}}]
            }}}
    });
    let ds219 = |minor: u32| -> Vec<String> {
        rules::check(&ds, &Options { kube_minor: minor })
            .into_iter()
            .filter(|f| f.code == "DS219")
            .map(|f| f.field)
            .collect()
    };
    let probe = "spec.template.spec.initContainers[0].readinessProbe".to_string();
    assert_eq!(
        ds219(33),
        [
            "spec.template.spec.containers[0].restartPolicy".to_string(),
            "spec.template.spec.initContainers[0].restartPolicy".to_string(),
            probe.clone(),
        ]
    );
    for minor in [34, 35, 37] {
        assert_eq!(ds219(minor), std::slice::from_ref(&probe), "1.{minor}");
    }
}

/// Security-context cases whose errors Kubernetes v1.36.2 computed (`shared/upstream`, see
/// `fixtures/PROVENANCE.md`): DS224's `(field, type)` pairs are the server's.
#[test]
fn security_context_cases_match_the_server() {
    let cases: &[(&str, &[&str])] = &[
        (
            "v00093",
            &["spec.template.spec.containers[1].securityContext.appArmorProfile.type Forbidden"],
        ),
        (
            "v00306",
            &[
                "spec.template.spec.initContainers[0].securityContext.privileged Forbidden",
                "spec.template.spec.containers[0].securityContext.privileged Forbidden",
            ],
        ),
        (
            "v01801",
            &[
                "spec.template.spec.securityContext.sysctls[0].name Invalid value",
                "spec.template.spec.securityContext.sysctls[1].name Invalid value",
            ],
        ),
        (
            "v02354",
            &[
                "spec.template.spec.hostNetwork Forbidden",
                "spec.template.spec.HostPID Forbidden",
            ],
        ),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("upstream");
    for (id, want) in cases {
        let got: Vec<String> = load(&dir.join(format!("{id}.yaml")))
            .iter()
            .flat_map(|d| rules::check(d, &Options { kube_minor: 36 }))
            .filter(|f| f.code == "DS224")
            .map(|f| {
                let et = f.error_type.map(|t| t.as_str()).unwrap_or("");
                format!("{} {et}", f.field)
            })
            .collect();
        assert_eq!(got, *want, "{id}");
    }
}
