//! `dsctl validate` and `dsctl explain` on the real binary: every output format with exact
//! positions, the JSON and SARIF contracts, exit codes, suppressions, update rules, Kubernetes
//! versions, strictness, colors, inputs, and pinned verdicts for the whole DaemonSet corpus.

use crate::common::{Run, dsctl, files_in, fixture, root};
use serde_json::Value;
use std::process::{Command, Stdio};

/// `dsctl validate ARGS` in the crate root (colors off: `NO_COLOR=1`).
fn validate(args: &[&str]) -> Run {
    let mut all = vec!["validate"];
    all.extend_from_slice(args);
    dsctl(&all, None)
}

/// The JSON report of a run, which must be on stdout whatever the exit code.
fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// `code@field` of every finding of a report's document, sorted.
fn verdict(doc: &Value) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{}@{}", str_of(&f["code"]), str_of(&f["field"])))
        .collect();
    v.sort();
    v
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn documents(report: &Value) -> &Vec<Value> {
    report["documents"].as_array().expect("documents")
}

/// Exit code, with both streams shown when it is not the one expected.
fn assert_code(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "exit code\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

const ERROR_AND_WARNING: &str = "fixtures/validate/error-and-warning.yaml";
const CLEAN: &str = "fixtures/validate/clean.yaml";

// ---------------------------------------------------------------------------------------------
// Output formats
// ---------------------------------------------------------------------------------------------

#[test]
fn text_shows_position_rule_field_message_source_line_and_caret() {
    let run = validate(&[ERROR_AND_WARNING]);
    assert_code(&run, 1);
    let expected = "\
fixtures/validate/error-and-warning.yaml:22:7: error[DS101] selector-mismatch: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"agent\"}: `selector` does not match template `labels`
22 |       labels:
   |       ^ in DaemonSet/monitoring/node-agent
fixtures/validate/error-and-warning.yaml:28:9: warning[DS304] mutable-image-tag: spec.template.spec.containers[0].image: image \"example.com/node-agent:latest\" has the tag latest: nodes may run different builds; pin a version tag or digest
28 |         image: example.com/node-agent:latest
   |         ^ in DaemonSet/monitoring/node-agent
2 objects checked in 1 file: 1 error, 1 warning
";
    assert_eq!(run.stdout, expected);
    assert_eq!(run.stderr, "");
    // The text format is the default and has a name.
    assert_eq!(
        validate(&["-o", "text", ERROR_AND_WARNING]).stdout,
        expected
    );
}

#[test]
fn json_report_field_by_field() {
    let run = validate(&["-o", "json", ERROR_AND_WARNING]);
    assert_code(&run, 1);
    assert_eq!(run.stderr, "");
    let r = json(&run);
    assert_eq!(r["version"], 1);
    assert_eq!(
        r["summary"],
        serde_json::json!({"files": 1, "documents": 2, "errors": 1, "warnings": 1,
            "skipped": 0, "skippedFiles": 0})
    );
    assert_eq!(r["problems"], serde_json::json!([]));
    let docs = documents(&r);
    assert_eq!(docs.len(), 2);

    let cm = &docs[0];
    assert_eq!(cm["file"], ERROR_AND_WARNING);
    assert_eq!(cm["index"], 0);
    assert_eq!(cm["apiVersion"], "v1");
    assert_eq!(cm["kind"], "ConfigMap");
    assert_eq!(cm["namespace"], "monitoring");
    assert_eq!(cm["name"], "agent-config");
    assert_eq!(cm["valid"], true);
    assert_eq!(cm["findings"], serde_json::json!([]));
    assert!(cm.get("item").is_none(), "`item` only for items of a List");

    let ds = &docs[1];
    assert_eq!(ds["file"], ERROR_AND_WARNING);
    assert_eq!(ds["index"], 1);
    assert_eq!(ds["apiVersion"], "apps/v1");
    assert_eq!(ds["kind"], "DaemonSet");
    assert_eq!(ds["namespace"], "monitoring");
    assert_eq!(ds["name"], "node-agent");
    assert_eq!(ds["valid"], false);
    let f = ds["findings"].as_array().expect("findings");
    assert_eq!(f.len(), 2);
    let error = &f[0];
    assert_eq!(error["code"], "DS101");
    assert_eq!(error["rule"], "selector-mismatch");
    assert_eq!(error["severity"], "error");
    assert_eq!(error["field"], "spec.template.metadata.labels");
    assert_eq!(error["type"], "Invalid");
    assert_eq!(
        error["message"],
        "Invalid value: map[string]string{\"app\":\"agent\"}: `selector` does not match template `labels`"
    );
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(22), Some(7))
    );
    let warning = &f[1];
    assert_eq!(warning["code"], "DS304");
    assert_eq!(warning["rule"], "mutable-image-tag");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["field"], "spec.template.spec.containers[0].image");
    // A dsctl practice mirrors no API-server error type: the key is left out.
    assert!(warning.get("type").is_none(), "{warning}");
    assert!(
        str_of(&warning["message"]).contains("\"example.com/node-agent:latest\""),
        "the message names the actual value: {warning}"
    );
    assert_eq!(
        (warning["line"].as_u64(), warning["column"].as_u64()),
        (Some(28), Some(9))
    );
    // Exactly these keys: the versioned contract.
    let keys: Vec<&str> = error
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "code", "rule", "severity", "field", "type", "message", "line", "column"
        ]
    );
}

/// The SARIF 2.1.0 schema (see `fixtures/PROVENANCE.md`).
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("fixtures/sarif-schema-2.1.0.json"))
        .expect("SARIF schema fixture");
    let mut schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    // The rtm.5 schema's `language` patterns have a stray `]` that jsonschema's meta-schema
    // check refuses as a regex. dsctl never writes `language`; the intended pattern is put back.
    fix_language_patterns(&mut schema);
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn fix_language_patterns(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k == "pattern" && child == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                    *child = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                } else {
                    fix_language_patterns(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(fix_language_patterns),
        _ => {}
    }
}

fn assert_valid_sarif(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_rules_and_regions() {
    let validator = sarif_validator();
    let run = validate(&["-o", "sarif", ERROR_AND_WARNING]);
    assert_code(&run, 1);
    let log = json(&run);
    assert_valid_sarif(&validator, &log);
    assert_eq!(log["version"], "2.1.0");
    // The schema has teeth: a result without a message, or a column 0, is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Value::from(0);
    assert!(!validator.is_valid(&broken));
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["tool"]["driver"]["name"], "dsctl");
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints");
    let rules = sarif_run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), dsctl::rules::registry().len());
    for r in rules {
        assert!(
            str_of(&r["help"]["text"]).contains("## What it does"),
            "rule without help text: {r}"
        );
    }
    let results = sarif_run["results"].as_array().unwrap();
    let got: Vec<(&str, &str, u64, u64, &str)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            let idx = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                rules[idx]["id"], r["ruleId"],
                "ruleIndex points at its rule"
            );
            (
                str_of(&r["ruleId"]),
                str_of(&r["level"]),
                loc["region"]["startLine"].as_u64().unwrap(),
                loc["region"]["startColumn"].as_u64().unwrap(),
                str_of(&loc["artifactLocation"]["uri"]),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("DS101", "error", 22, 7, ERROR_AND_WARNING),
            ("DS304", "warning", 28, 9, ERROR_AND_WARNING),
        ]
    );
    assert_eq!(sarif_run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_without_results_and_with_a_problem_is_still_valid() {
    let validator = sarif_validator();
    let run = validate(&["-o", "sarif", CLEAN]);
    assert_code(&run, 0);
    let log = json(&run);
    assert_valid_sarif(&validator, &log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));

    // A file that does not parse: a tool execution notification, the run still a valid log.
    let run = validate(&["-o", "sarif", CLEAN, "fixtures/validate/garbage.yaml"]);
    assert_code(&run, 2);
    let log = json(&run);
    assert_valid_sarif(&validator, &log);
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/validate/garbage.yaml"
    );
    assert_eq!(
        note["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
}

/// One GitHub workflow command: `::LEVEL key=value,...::message`.
#[derive(Debug, PartialEq, Eq)]
struct Annotation {
    level: String,
    props: Vec<(String, String)>,
    message: String,
}

fn parse_annotation(line: &str) -> Annotation {
    let rest = line
        .strip_prefix("::")
        .unwrap_or_else(|| panic!("not a workflow command: {line}"));
    let (head, message) = rest
        .split_once("::")
        .unwrap_or_else(|| panic!("no message: {line}"));
    let (level, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .unwrap_or_else(|| panic!("bad property {p:?}"));
            // Property values escape `:` and `,`, so neither may appear raw.
            assert!(!v.contains(':'), "unescaped ':' in {line}");
            (k.to_string(), v.to_string())
        })
        .collect();
    Annotation {
        level: level.to_string(),
        props,
        message: message.to_string(),
    }
}

fn props(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn github_annotations_parse_with_positions() {
    let run = validate(&["-o", "github", ERROR_AND_WARNING]);
    assert_code(&run, 1);
    let got: Vec<Annotation> = run.stdout.lines().map(parse_annotation).collect();
    assert_eq!(got.len(), 2, "{}", run.stdout);
    assert_eq!(got[0].level, "error");
    assert_eq!(
        got[0].props,
        props(&[
            ("file", ERROR_AND_WARNING),
            ("line", "22"),
            ("col", "7"),
            ("title", "DS101 selector-mismatch"),
        ])
    );
    assert!(
        got[0]
            .message
            .starts_with("spec.template.metadata.labels: Invalid value: "),
        "{}",
        got[0].message
    );
    assert!(
        got[0]
            .message
            .ends_with("(DaemonSet/monitoring/node-agent)")
    );
    assert_eq!(got[1].level, "warning");
    assert_eq!(
        got[1].props,
        props(&[
            ("file", ERROR_AND_WARNING),
            ("line", "28"),
            ("col", "9"),
            ("title", "DS304 mutable-image-tag"),
        ])
    );

    // Problems are annotations too: at the file when there is one, without `file=` otherwise.
    let run = validate(&[
        "-o",
        "github",
        "fixtures/validate/garbage.yaml",
        "fixtures/validate/does-not-exist.yaml",
    ]);
    assert_code(&run, 2);
    let got: Vec<Annotation> = run.stdout.lines().map(parse_annotation).collect();
    assert_eq!(got.len(), 2, "{}", run.stdout);
    assert!(got.iter().all(|a| a.level == "error"));
    let garbage = got
        .iter()
        .find(|a| a.props.iter().any(|(k, _)| k == "file"))
        .expect("an annotation on garbage.yaml");
    assert_eq!(
        garbage.props,
        props(&[
            ("file", "fixtures/validate/garbage.yaml"),
            ("line", "6"),
            ("col", "8"),
            ("title", "dsctl"),
        ])
    );
    let missing = got
        .iter()
        .find(|a| a.message.contains("does-not-exist.yaml"))
        .expect("an annotation for the missing file");
    assert_eq!(missing.props, props(&[("title", "dsctl")]));
}

#[test]
fn junit_counts_objects_and_failures() {
    // clean.yaml is the same DaemonSet as error-and-warning.yaml without its mistakes: one
    // object in two files, which DS008 warns about unless it is switched off.
    let run = validate(&["-o", "junit", ERROR_AND_WARNING, CLEAN]);
    assert!(
        run.stdout
            .contains("<system-out>fixtures/validate/clean.yaml:2:1: warning DS008"),
        "{}",
        run.stdout
    );
    let run = validate(&["-o", "junit", "--ignore", "DS008", ERROR_AND_WARNING, CLEAN]);
    assert_code(&run, 1);
    let xml = &run.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert!(xml.contains(
        "<testsuites name=\"dsctl validate\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\">"
    ));
    assert_eq!(xml.matches("<testcase ").count(), 3);
    assert_eq!(xml.matches("<failure ").count(), 1);
    assert_eq!(xml.matches("</failure>").count(), 1);
    assert!(xml.contains("<failure type=\"DS101\""), "{xml}");
    assert!(
        xml.contains(
            "fixtures/validate/error-and-warning.yaml:22:7: error DS101 selector-mismatch"
        ),
        "{xml}"
    );
    // The warning is reported, but is not a failure.
    assert!(
        xml.contains("<system-out>fixtures/validate/error-and-warning.yaml:28:9: warning DS304")
    );
    // Quotes in messages are escaped: the attribute stays well-formed.
    assert!(xml.contains("map[string]string{&quot;app&quot;:&quot;agent&quot;}"));
    assert!(xml.trim_end().ends_with("</testsuites>"));

    let run = validate(&["-o", "junit", CLEAN, "fixtures/validate/garbage.yaml"]);
    assert_code(&run, 2);
    assert!(
        run.stdout
            .contains("tests=\"1\" failures=\"0\" errors=\"1\""),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("<error ").count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

/// `(code, field, type, line, column)` of each finding of a run's documents.
fn positions(report: &Value) -> Vec<(String, String, String, u64, u64)> {
    documents(report)
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap().iter())
        .map(|f| {
            (
                str_of(&f["code"]).to_string(),
                str_of(&f["field"]).to_string(),
                f["type"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn p(code: &str, field: &str, ty: &str, line: u64, col: u64) -> (String, String, String, u64, u64) {
    (code.into(), field.into(), ty.into(), line, col)
}

#[test]
fn missing_fields_are_shown_at_the_nearest_parent_and_schema_errors_are_positioned() {
    let run = validate(&["-o", "json", "fixtures/validate/missing-fields.yaml"]);
    assert_code(&run, 1);
    assert_eq!(
        positions(&json(&run)),
        [
            // No `image`: at the container (`- name: agent`).
            p(
                "DS206",
                "spec.template.spec.containers[0].image",
                "Required",
                19,
                9
            ),
            // No `port` in the Service port: decoded as 0, which validateServicePort refuses
            // (the schema's Required gives way to the server's error); at the port entry.
            p("DS233", "spec.ports[0].port", "Invalid", 34, 5),
        ]
    );
    let run = validate(&["-o", "json", "fixtures/validate/workload-kinds.yaml"]);
    // Schema type error: at the value.
    assert!(positions(&json(&run)).contains(&p("DS001", "spec.ports[0].port", "Type", 61, 11)));
}

// ---------------------------------------------------------------------------------------------
// Every corpus DaemonSet file: the whole pipeline's verdict (rules, schema, de-duplication)
// ---------------------------------------------------------------------------------------------

/// Per object of a file, in report order: `index[.item] Kind/name`, `valid`, sorted
/// `code@field`. Entries without a comment hold only dsctl's practice warnings (DS303 no
/// resource requests, DS304 mutable image tag, DS305 no priority class, DS306 writable
/// sensitive host path), which never make an object invalid. The rules' own verdicts are pinned
/// in `tests/rules.rs`; this pins what the command reports, schema findings included.
type Verdicts = &'static [(&'static str, bool, &'static [&'static str])];

#[rustfmt::skip]
const CORPUS: &[(&str, Verdicts)] = &[
    (
        "amazon-vpc-cni-k8s--aws-k8s-cni.yaml",
        &[
            ("0 CustomResourceDefinition/eniconfigs.crd.k8s.amazonaws.com", true, &[]),
            ("1 ServiceAccount/aws-node", true, &[]),
            ("2 ConfigMap/amazon-vpc-cni", true, &[]),
            ("3 ClusterRole/aws-node", true, &[]),
            ("4 ClusterRoleBinding/aws-node", true, &[]),
            ("5 DaemonSet/aws-node", true, &[]),
        ],
    ),
    // extensions/v1beta1 DaemonSet/Deployment: removed in 1.16, checked as apps/v1 (DS301). The
    // Deployments have no selector: ValidateDeploymentSpec's field.Required (DS105) and
    // LabelSelectorAsSelector(nil) = labels.Nothing() matching no template (DS101). CRDs
    // (apiextensions v1beta1) and RBAC v1beta1 are gone since 1.22, policy/v1beta1 since 1.25: the
    // RESTMapper has no match (DS006).
    (
        "amazon-vpc-cni-k8s-v1.3--calico.yaml",
        &[
            ("0 DaemonSet/calico-node", false, &["DS301@apiVersion", "DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
            ("1 CustomResourceDefinition/felixconfigurations.crd.projectcalico.org", false, &["DS006@apiVersion"]),
            ("2 CustomResourceDefinition/bgpconfigurations.crd.projectcalico.org", false, &["DS006@apiVersion"]),
            ("3 CustomResourceDefinition/ippools.crd.projectcalico.org", false, &["DS006@apiVersion"]),
            ("4 CustomResourceDefinition/hostendpoints.crd.projectcalico.org", false, &["DS006@apiVersion"]),
            ("5 CustomResourceDefinition/clusterinformations.crd.projectcalico.org", false, &["DS006@apiVersion"]),
            ("6 CustomResourceDefinition/globalnetworkpolicies.crd.projectcalico.org", false, &["DS006@apiVersion"]),
            ("7 CustomResourceDefinition/globalnetworksets.crd.projectcalico.org", false, &["DS006@apiVersion"]),
            ("8 CustomResourceDefinition/networkpolicies.crd.projectcalico.org", false, &["DS006@apiVersion"]),
            ("9 ServiceAccount/calico-node", true, &[]),
            ("10 ClusterRole/calico-node", false, &["DS006@apiVersion"]),
            ("11 ClusterRoleBinding/calico-node", false, &["DS006@apiVersion"]),
            ("12 Deployment/calico-typha", false, &["DS101@spec.template.metadata.labels", "DS105@spec.selector", "DS301@apiVersion"]),
            ("13 PodDisruptionBudget/calico-typha", false, &["DS006@apiVersion"]),
            ("14 ClusterRoleBinding/typha-cpha", false, &["DS006@apiVersion"]),
            ("15 ClusterRole/typha-cpha", false, &["DS006@apiVersion"]),
            ("16 ConfigMap/calico-typha-horizontal-autoscaler", true, &[]),
            ("17 Deployment/calico-typha-horizontal-autoscaler", false, &["DS101@spec.template.metadata.labels", "DS105@spec.selector", "DS301@apiVersion"]),
            ("18 Role/typha-cpha", false, &["DS006@apiVersion"]),
            ("19 ServiceAccount/typha-cpha", true, &[]),
            ("20 RoleBinding/typha-cpha", false, &["DS006@apiVersion"]),
            ("21 Service/calico-typha", true, &[]),
        ],
    ),
    (
        "aws-ebs-csi-driver--node-windows.yaml",
        &[
            ("0 DaemonSet/ebs-csi-node-windows", true, &[]),
        ],
    ),
    (
        "aws-ebs-csi-driver--node.yaml",
        &[
            // A CSI node plugin's Bidirectional /var/lib/kubelet mount is not DS306.
            ("0 DaemonSet/ebs-csi-node", true, &[]),
        ],
    ),
    (
        "beats--filebeat-kubernetes.yaml",
        &[
            ("0 ServiceAccount/filebeat", true, &[]),
            ("1 ClusterRole/filebeat", true, &[]),
            ("2 Role/filebeat", true, &[]),
            ("3 Role/filebeat-kubeadm-config", true, &[]),
            ("4 ClusterRoleBinding/filebeat", true, &[]),
            ("5 RoleBinding/filebeat", true, &[]),
            ("6 RoleBinding/filebeat-kubeadm-config", true, &[]),
            ("7 ConfigMap/filebeat-config", true, &[]),
            ("8 DaemonSet/filebeat", true, &["DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "cilium--cilium-ds.yaml",
        &[
            ("0 DaemonSet/cilium", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "contour--03-envoy.yaml",
        &[
            ("0 DaemonSet/envoy", true, &["DS303@spec.template.spec.containers[0].resources", "DS303@spec.template.spec.containers[1].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "datadog-agent--daemonset.yaml",
        &[
            ("0 DaemonSet/datadog", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "falco--daemonset.yaml",
        &[
            ("0 DaemonSet/falco", true, &["DS303@spec.template.spec.containers[1].resources", "DS305@spec.template.spec.priorityClassName", "DS306@spec.template.spec.containers[0].volumeMounts[0]", "DS306@spec.template.spec.containers[0].volumeMounts[10]", "DS306@spec.template.spec.containers[0].volumeMounts[3]", "DS306@spec.template.spec.containers[0].volumeMounts[4]"]),
        ],
    ),
    (
        "falco-exporter--daemonset.yaml",
        &[
            ("0 DaemonSet/falco-exporter", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    // extensions/v1beta1 (DS301) without a selector: ValidateDaemonSetSpec's selector/labels
    // mismatch against labels.Nothing() (DS101); no field.Required for a DaemonSet's selector.
    (
        "flannel--kube-flannel-legacy.yml",
        &[
            ("0 ServiceAccount/flannel", true, &[]),
            ("1 ConfigMap/kube-flannel-cfg", true, &[]),
            ("2 DaemonSet/kube-flannel-ds", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS303@spec.template.spec.containers[1].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    // RBAC v1beta1 not served since 1.22 (DS006); extensions/v1beta1 DaemonSets without selectors
    // (DS301, DS101 as in flannel--kube-flannel-legacy.yml).
    (
        "flannel--kube-flannel-old.yaml",
        &[
            ("0 ClusterRole/flannel", false, &["DS006@apiVersion"]),
            ("1 ClusterRoleBinding/flannel", false, &["DS006@apiVersion"]),
            ("2 ServiceAccount/flannel", true, &[]),
            ("3 ConfigMap/kube-flannel-cfg", true, &[]),
            ("4 DaemonSet/kube-flannel-ds-amd64", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
            ("5 DaemonSet/kube-flannel-ds-arm64", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
            ("6 DaemonSet/kube-flannel-ds-arm", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
            ("7 DaemonSet/kube-flannel-ds-ppc64le", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
            ("8 DaemonSet/kube-flannel-ds-s390x", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "flannel--kube-flannel.yml",
        &[
            ("0 Namespace/kube-flannel", true, &[]),
            ("1 ClusterRole/flannel", true, &[]),
            ("2 ClusterRoleBinding/flannel", true, &[]),
            ("3 ServiceAccount/flannel", true, &[]),
            ("4 ConfigMap/kube-flannel-cfg", true, &[]),
            ("5 DaemonSet/kube-flannel-ds", true, &[]),
        ],
    ),
    (
        "fluent-bit-kubernetes-logging--fluent-bit-daemonset-kafka-rest.yml",
        &[
            ("0 DaemonSet/fluent-bit", true, &["DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    // extensions/v1beta1 without a selector: DS301 + DS101 (ValidateDaemonSetSpec).
    (
        "fluent-bit-kubernetes-logging--fluent-bit-ds-minikube.yaml",
        &[
            ("0 DaemonSet/fluent-bit", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "fluent-bit-kubernetes-logging--fluent-bit-ds.yaml",
        &[
            ("0 DaemonSet/fluent-bit", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "gcp-compute-persistent-disk-csi-driver--node.yaml",
        &[
            ("0 DaemonSet/csi-gce-pd-node", true, &["DS303@spec.template.spec.containers[0].resources", "DS303@spec.template.spec.containers[1].resources", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.containers[1].image", "DS306@spec.template.spec.containers[1].volumeMounts[7]"]),
        ],
    ),
    (
        "gcp-compute-persistent-disk-csi-driver-windows--node.yaml",
        &[
            ("0 DaemonSet/csi-gce-pd-node-win", true, &["DS303@spec.template.spec.containers[0].resources", "DS303@spec.template.spec.containers[1].resources", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.containers[1].image"]),
        ],
    ),
    (
        "gitops-engine--daemonset-ondelete.yaml",
        &[
            ("0 DaemonSet/fluentd-elasticsearch", true, &["DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    // namespace `${NAMESPACE}` (an unrendered template): ValidateObjectMeta's
    // ValidateNamespaceName, a DNS-1123 label (DS102).
    (
        "grafana-agent--agent-loki.yaml",
        &[
            // The ServiceAccount has the same unrendered namespace (ValidateServiceAccount).
            ("0 ServiceAccount/grafana-agent-logs", false, &["DS102@metadata.namespace"]),
            ("1 ClusterRole/grafana-agent-logs", true, &[]),
            ("2 ClusterRoleBinding/grafana-agent-logs", true, &[]),
            ("3 DaemonSet/grafana-agent-logs", false, &["DS102@metadata.namespace", "DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "k8s-device-plugin--gpu-feature-discovery-daemonset.yaml",
        &[
            ("0 DaemonSet/gpu-feature-discovery", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName", "DS306@spec.template.spec.containers[0].volumeMounts[1]"]),
        ],
    ),
    (
        "k8s-device-plugin--nvidia-device-plugin-compat-with-cpumanager.yml",
        &[
            ("0 DaemonSet/nvidia-device-plugin-daemonset", true, &["DS303@spec.template.spec.containers[0].resources"]),
        ],
    ),
    (
        "k8s-device-plugin--nvidia-device-plugin.yml",
        &[
            ("0 DaemonSet/nvidia-device-plugin-daemonset", true, &["DS303@spec.template.spec.containers[0].resources"]),
        ],
    ),
    // extensions/v1beta1 without a selector: DS301 + DS101 (ValidateDaemonSetSpec).
    (
        "k8s-device-plugin-2019--nvidia-device-plugin.yml",
        &[
            ("0 DaemonSet/nvidia-device-plugin-daemonset", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS303@spec.template.spec.containers[0].resources"]),
        ],
    ),
    // `spec.templateGeneration` existed only in extensions/v1beta1: strict field validation
    // rejects it in apps/v1 (DS002, schema).
    (
        "k9s--ds.json",
        &[
            ("0 DaemonSet/fluentd-gcp-v3.2.0", false, &["DS002@spec.templateGeneration", "DS303@spec.template.spec.containers[1].resources"]),
        ],
    ),
    (
        "k9s-xray--ds.json",
        &[
            ("0 DaemonSet/fluentd-elasticsearch", true, &["DS304@spec.template.spec.containers[0].image", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "kube-prometheus--cAdvisor-daemonset.yaml",
        &[
            ("0 DaemonSet/cadvisor", true, &[]),
        ],
    ),
    // apps/v1beta2 removed in 1.16 (DS301); it has a selector, so nothing else is an error.
    (
        "kube-prometheus--node-exporter-daemonset.yaml",
        &[
            ("0 DaemonSet/node-exporter", false, &["DS301@apiVersion", "DS305@spec.template.spec.priorityClassName", "DS306@spec.template.spec.containers[0].volumeMounts[0]", "DS306@spec.template.spec.containers[0].volumeMounts[1]"]),
        ],
    ),
    // extensions/v1beta1 without a selector: DS301 + DS101 (ValidateDaemonSetSpec).
    (
        "kube-prometheus--node-exporter-ds.yaml",
        &[
            ("0 DaemonSet/node-exporter", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "kube-prometheus--nodeExporter-daemonset.yaml",
        &[
            ("0 DaemonSet/node-exporter", true, &[]),
        ],
    ),
    (
        "kube-router--kube-router-proxy-daemonset.yaml",
        &[
            ("0 ConfigMap/kube-router-cfg", true, &[]),
            ("1 DaemonSet/kube-router", true, &["DS303@spec.template.spec.containers[0].resources", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.initContainers[0].image"]),
        ],
    ),
    (
        "kube-router--kubeadm-kuberouter.yaml",
        &[
            ("0 ConfigMap/kube-router-cfg", true, &[]),
            ("1 DaemonSet/kube-router", true, &["DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.initContainers[0].image"]),
            ("2 ServiceAccount/kube-router", true, &[]),
            ("3 ClusterRole/kube-router", true, &[]),
            ("4 ClusterRoleBinding/kube-router", true, &[]),
        ],
    ),
    // extensions/v1beta1 without a selector (DS301, DS101); RBAC v1beta1 not served since 1.22 (DS006).
    (
        "kube-router-2019--kubeadm-kuberouter.yaml",
        &[
            ("0 ConfigMap/kube-router-cfg", true, &[]),
            ("1 DaemonSet/kube-router", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.initContainers[0].image", "DS305@spec.template.spec.priorityClassName"]),
            ("2 ServiceAccount/kube-router", true, &[]),
            ("3 ClusterRole/kube-router", false, &["DS006@apiVersion"]),
            ("4 ClusterRoleBinding/kube-router", false, &["DS006@apiVersion"]),
        ],
    ),
    (
        "kubernetes--calico-node-daemonset.yaml",
        &[
            ("0 DaemonSet/calico-node", true, &["DS303@spec.template.spec.containers[0].resources"]),
        ],
    ),
    (
        "kubernetes--fluentd-es-ds.yaml",
        &[
            ("0 ServiceAccount/fluentd-es", true, &[]),
            ("1 ClusterRole/fluentd-es", true, &[]),
            ("2 ClusterRoleBinding/fluentd-es", true, &[]),
            ("3 DaemonSet/fluentd-es-v2.2.0", true, &[]),
        ],
    ),
    (
        "kubernetes--ip-masq-agent.yaml",
        &[
            ("0 ServiceAccount/ip-masq-agent", true, &[]),
            ("1 DaemonSet/ip-masq-agent", true, &[]),
        ],
    ),
    // The API reference's example object: every field holds a placeholder (`nameValue`,
    // `restartPolicyValue`, ...). Each is rejected by the upstream function named in its rule's doc
    // (ValidateObjectMeta, ValidateDaemonSetUpdateStrategy, validateRestartPolicy and
    // ValidatePodTemplateSpec's Always-only check, validateTolerations, validateNodeAffinity,
    // validateDNSPolicy, ValidateResourceRequirements, validateContainers...). Two findings at one
    // field are two upstream errors (restartPolicy: the pod spec's and the DaemonSet's list of
    // supported values; a toleration effect: the tolerationSeconds check and the enum). At the
    // newest bundled version (ImageVolume on, 1.35+) the one volume sets every source:
    // validateVolumeSource forbids each after emptyDir, and its name is not a DNS label, so the
    // volume is rejected and ValidateVolumeMounts/ValidateVolumeDevices find no `nameValue`
    // (DS220, DS221); validateEnvVarValueFrom and ValidateEnvFrom reject the env placeholders
    // (DS222, DS223). tests/rules.rs pins 1.34, where dropImageVolumes removes the volume.
    // Container-level restartPolicy values are not refused from 1.34 (dropContainerRestartRules
    // drops them while ContainerRestartRules is off in 1.34; 1.35+ allows them): no DS219 for
    // containers[0].restartPolicy or initContainers[0].restartPolicy. DS230: core's
    // ValidateObjectMeta rejects the unprefixed, non-standard finalizer `finalizersValue`; DS231:
    // validatePodResourceClaim rejects its placeholder claim (both sources, bad names); DS222:
    // validateFileKeySelector and validateFileKeyRefVolumes (no such volume) on `volumeNameValue`;
    // validateEphemeralContainers' own checks (DS205 name reuse, DS216 fields and sub-paths).
    // Container-level restartPolicy values: 1.34 drops them (dropContainerRestartRules while
    // ContainerRestartRules is off); from 1.35 validateContainerRestartPolicy refuses both
    // restartPolicyValue placeholders and the rules' action and operator (DS219); validateHandler forbids every
    // probe and hook handler after the first, successThreshold 5 and the readiness probe's
    // grace period (DS225); validateContainerResourceName, validateResourceClaimNames,
    // validateResizePolicy, validatePodResources and validateOverhead reject the resource
    // placeholders (DS215). validateEphemeralContainers runs validateContainerCommon on the
    // ephemeral container too (its name, ports, env, mounts, policies and resources); the
    // pod-level placeholders fail validatePodDNSConfig (searches), ValidateHostAliases,
    // validatePodHostName (hostnameOverride, read from 1.35: not a subdomain, and forbidden with
    // setHostnameAsFQDN and with hostNetwork), ValidateRuntimeClassName, ValidatePreemptionPolicy, the pod
    // (anti-)affinity terms (DS227) and validateTopologySpreadConstraints (DS226).
    (
        "kubernetes-api--apps.v1.DaemonSet.yaml",
        &[
            ("0 DaemonSet/nameValue", false, &["DS102@metadata.generateName", "DS102@metadata.name", "DS102@metadata.namespace", "DS107@spec.selector.matchExpressions[0].operator", "DS108@spec.updateStrategy", "DS201@spec.template.spec.restartPolicy", "DS201@spec.template.spec.restartPolicy", "DS202@spec.template.spec.activeDeadlineSeconds", "DS204@spec.template.spec.containers[0].name", "DS204@spec.template.spec.ephemeralContainers[0].name", "DS204@spec.template.spec.initContainers[0].name", "DS205@spec.template.spec.ephemeralContainers[0].name", "DS205@spec.template.spec.initContainers[0].name", "DS207@spec.template.spec.containers[0].ports[0].name", "DS207@spec.template.spec.containers[0].ports[0].protocol", "DS207@spec.template.spec.ephemeralContainers[0].ports[0].name", "DS207@spec.template.spec.ephemeralContainers[0].ports[0].protocol", "DS207@spec.template.spec.initContainers[0].ports[0].name", "DS207@spec.template.spec.initContainers[0].ports[0].protocol", "DS209@spec.template.spec.containers[0].ports[0].hostPort", "DS211@spec.template.spec.tolerations[0].effect", "DS211@spec.template.spec.tolerations[0].effect", "DS211@spec.template.spec.tolerations[0].operator", "DS213@spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator", "DS213@spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].key", "DS213@spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].operator", "DS213@spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator", "DS213@spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key", "DS213@spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].operator", "DS214@spec.template.spec.dnsConfig.nameservers[0]", "DS214@spec.template.spec.dnsConfig.searches[0]", "DS214@spec.template.spec.dnsPolicy", "DS215@spec.template.spec.containers[0].resizePolicy", "DS215@spec.template.spec.containers[0].resizePolicy", "DS215@spec.template.spec.containers[0].resources.claims[0].request", "DS215@spec.template.spec.containers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.containers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.containers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.containers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.ephemeralContainers[0].resizePolicy", "DS215@spec.template.spec.ephemeralContainers[0].resizePolicy", "DS215@spec.template.spec.ephemeralContainers[0].resources.claims[0].request", "DS215@spec.template.spec.ephemeralContainers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.ephemeralContainers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.ephemeralContainers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.ephemeralContainers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.initContainers[0].resizePolicy", "DS215@spec.template.spec.initContainers[0].resizePolicy", "DS215@spec.template.spec.initContainers[0].resources.claims[0].request", "DS215@spec.template.spec.initContainers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.initContainers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.initContainers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.initContainers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.overhead.limits[overheadKey]", "DS215@spec.template.spec.overhead.limits[overheadKey]", "DS215@spec.template.spec.resources.claims", "DS215@spec.template.spec.resources.claims[0].request", "DS215@spec.template.spec.resources.limits[limitsKey]", "DS215@spec.template.spec.resources.requests[requestsKey]", "DS216@spec.template.spec.ephemeralContainers", "DS216@spec.template.spec.ephemeralContainers[0].lifecycle", "DS216@spec.template.spec.ephemeralContainers[0].livenessProbe", "DS216@spec.template.spec.ephemeralContainers[0].ports", "DS216@spec.template.spec.ephemeralContainers[0].readinessProbe", "DS216@spec.template.spec.ephemeralContainers[0].resizePolicy", "DS216@spec.template.spec.ephemeralContainers[0].resources", "DS216@spec.template.spec.ephemeralContainers[0].restartPolicy", "DS216@spec.template.spec.ephemeralContainers[0].restartPolicyRules", "DS216@spec.template.spec.ephemeralContainers[0].startupProbe", "DS216@spec.template.spec.ephemeralContainers[0].targetContainerName", "DS216@spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPath", "DS216@spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPathExpr", "DS217@spec.template.spec.containers[0].imagePullPolicy", "DS217@spec.template.spec.containers[0].terminationMessagePolicy", "DS217@spec.template.spec.ephemeralContainers[0].imagePullPolicy", "DS217@spec.template.spec.ephemeralContainers[0].terminationMessagePolicy", "DS217@spec.template.spec.initContainers[0].imagePullPolicy", "DS217@spec.template.spec.initContainers[0].terminationMessagePolicy", "DS218@spec.template.spec.hostname", "DS218@spec.template.spec.hostnameOverride", "DS218@spec.template.spec.hostnameOverride", "DS218@spec.template.spec.hostnameOverride", "DS218@spec.template.spec.nodeName", "DS218@spec.template.spec.priorityClassName", "DS218@spec.template.spec.runtimeClassName", "DS218@spec.template.spec.serviceAccountName", "DS218@spec.template.spec.subdomain", "DS219@spec.template.spec.containers[0].restartPolicy", "DS219@spec.template.spec.containers[0].restartPolicyRules[0].action", "DS219@spec.template.spec.containers[0].restartPolicyRules[0].exitCodes.operator", "DS219@spec.template.spec.initContainers[0].lifecycle", "DS219@spec.template.spec.initContainers[0].livenessProbe", "DS219@spec.template.spec.initContainers[0].readinessProbe", "DS219@spec.template.spec.initContainers[0].restartPolicy", "DS219@spec.template.spec.initContainers[0].restartPolicyRules[0].action", "DS219@spec.template.spec.initContainers[0].restartPolicyRules[0].exitCodes.operator", "DS219@spec.template.spec.initContainers[0].startupProbe", "DS220@spec.template.spec.volumes[0].awsElasticBlockStore", "DS220@spec.template.spec.volumes[0].azureDisk", "DS220@spec.template.spec.volumes[0].azureFile", "DS220@spec.template.spec.volumes[0].cephFS", "DS220@spec.template.spec.volumes[0].cinder", "DS220@spec.template.spec.volumes[0].configMap", "DS220@spec.template.spec.volumes[0].csi", "DS220@spec.template.spec.volumes[0].downwarAPI", "DS220@spec.template.spec.volumes[0].ephemeral", "DS220@spec.template.spec.volumes[0].fc", "DS220@spec.template.spec.volumes[0].flexVolume", "DS220@spec.template.spec.volumes[0].flocker", "DS220@spec.template.spec.volumes[0].gcePersistentDisk", "DS220@spec.template.spec.volumes[0].gitRepo", "DS220@spec.template.spec.volumes[0].glusterfs", "DS220@spec.template.spec.volumes[0].hostPath", "DS220@spec.template.spec.volumes[0].image", "DS220@spec.template.spec.volumes[0].iscsi", "DS220@spec.template.spec.volumes[0].name", "DS220@spec.template.spec.volumes[0].nfs", "DS220@spec.template.spec.volumes[0].persistentVolumeClaim", "DS220@spec.template.spec.volumes[0].photonPersistentDisk", "DS220@spec.template.spec.volumes[0].portworxVolume", "DS220@spec.template.spec.volumes[0].projected", "DS220@spec.template.spec.volumes[0].quobyte", "DS220@spec.template.spec.volumes[0].rbd", "DS220@spec.template.spec.volumes[0].scaleIO", "DS220@spec.template.spec.volumes[0].secret", "DS220@spec.template.spec.volumes[0].storageos", "DS220@spec.template.spec.volumes[0].vsphereVolume", "DS221@spec.template.spec.containers[0].volumeDevices[0].name", "DS221@spec.template.spec.containers[0].volumeDevices[0].name", "DS221@spec.template.spec.containers[0].volumeMounts.mountPropagation", "DS221@spec.template.spec.containers[0].volumeMounts.recursiveReadOnly", "DS221@spec.template.spec.containers[0].volumeMounts[0].name", "DS221@spec.template.spec.containers[0].volumeMounts[0].name", "DS221@spec.template.spec.containers[0].volumeMounts[0].subPathExpr", "DS221@spec.template.spec.ephemeralContainers[0].volumeDevices[0].name", "DS221@spec.template.spec.ephemeralContainers[0].volumeDevices[0].name", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts.mountPropagation", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts.recursiveReadOnly", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts[0].name", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts[0].name", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPathExpr", "DS221@spec.template.spec.initContainers[0].volumeDevices[0].name", "DS221@spec.template.spec.initContainers[0].volumeDevices[0].name", "DS221@spec.template.spec.initContainers[0].volumeMounts.mountPropagation", "DS221@spec.template.spec.initContainers[0].volumeMounts.recursiveReadOnly", "DS221@spec.template.spec.initContainers[0].volumeMounts[0].name", "DS221@spec.template.spec.initContainers[0].volumeMounts[0].name", "DS221@spec.template.spec.initContainers[0].volumeMounts[0].subPathExpr", "DS222@spec.template.spec.containers[0].env[0].valueFrom", "DS222@spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name", "DS222@spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath", "DS222@spec.template.spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.containers[0].env[0].valueFrom.resourceFieldRef.resource", "DS222@spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.configMapKeyRef.name", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.fieldRef.fieldPath", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.resourceFieldRef.resource", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.secretKeyRef.name", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.configMapKeyRef.name", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.fieldRef.fieldPath", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.resourceFieldRef.resource", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.secretKeyRef.name", "DS223@spec.template.spec.containers[0].envFrom", "DS223@spec.template.spec.containers[0].envFrom[0].configMapRef.name", "DS223@spec.template.spec.containers[0].envFrom[0].secretRef.name", "DS223@spec.template.spec.ephemeralContainers[0].envFrom", "DS223@spec.template.spec.ephemeralContainers[0].envFrom[0].configMapRef.name", "DS223@spec.template.spec.ephemeralContainers[0].envFrom[0].secretRef.name", "DS223@spec.template.spec.initContainers[0].envFrom", "DS223@spec.template.spec.initContainers[0].envFrom[0].configMapRef.name", "DS223@spec.template.spec.initContainers[0].envFrom[0].secretRef.name", "DS224@spec.template.spec.containers[0].securityContext.appArmorProfile.type", "DS224@spec.template.spec.containers[0].securityContext.procMount", "DS224@spec.template.spec.containers[0].securityContext.seccompProfile.localhostProfile", "DS224@spec.template.spec.containers[0].securityContext.seccompProfile.type", "DS224@spec.template.spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpecName", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.appArmorProfile.type", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.procMount", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.seccompProfile.localhostProfile", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.seccompProfile.type", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.windowsOptions.gmsaCredentialSpecName", "DS224@spec.template.spec.initContainers[0].securityContext.appArmorProfile.type", "DS224@spec.template.spec.initContainers[0].securityContext.procMount", "DS224@spec.template.spec.initContainers[0].securityContext.seccompProfile.localhostProfile", "DS224@spec.template.spec.initContainers[0].securityContext.seccompProfile.type", "DS224@spec.template.spec.initContainers[0].securityContext.windowsOptions.gmsaCredentialSpecName", "DS224@spec.template.spec.os", "DS224@spec.template.spec.securityContext.appArmorProfile.type", "DS224@spec.template.spec.securityContext.fsGroupChangePolicy", "DS224@spec.template.spec.securityContext.seLinuxChangePolicy", "DS224@spec.template.spec.securityContext.seccompProfile.localhostProfile", "DS224@spec.template.spec.securityContext.seccompProfile.type", "DS224@spec.template.spec.securityContext.shareProcessNamespace", "DS224@spec.template.spec.securityContext.supplementalGroupsPolicy", "DS224@spec.template.spec.securityContext.sysctls[0].name", "DS224@spec.template.spec.securityContext.windowsOptions.gmsaCredentialSpecName", "DS225@spec.template.spec.containers[0].lifecycle.postStart.httpGet", "DS225@spec.template.spec.containers[0].lifecycle.postStart.sleep", "DS225@spec.template.spec.containers[0].lifecycle.postStart.tcpSocket", "DS225@spec.template.spec.containers[0].lifecycle.preStop.httpGet", "DS225@spec.template.spec.containers[0].lifecycle.preStop.sleep", "DS225@spec.template.spec.containers[0].lifecycle.preStop.tcpSocket", "DS225@spec.template.spec.containers[0].livenessProbe.grpc", "DS225@spec.template.spec.containers[0].livenessProbe.httpGet", "DS225@spec.template.spec.containers[0].livenessProbe.successThreshold", "DS225@spec.template.spec.containers[0].livenessProbe.tcpSocket", "DS225@spec.template.spec.containers[0].readinessProbe.grpc", "DS225@spec.template.spec.containers[0].readinessProbe.httpGet", "DS225@spec.template.spec.containers[0].readinessProbe.tcpSocket", "DS225@spec.template.spec.containers[0].readinessProbe.terminationGracePeriodSeconds", "DS225@spec.template.spec.containers[0].startupProbe.grpc", "DS225@spec.template.spec.containers[0].startupProbe.httpGet", "DS225@spec.template.spec.containers[0].startupProbe.successThreshold", "DS225@spec.template.spec.containers[0].startupProbe.tcpSocket", "DS226@spec.template.spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator", "DS226@spec.template.spec.topologySpreadConstraints[0].minDomains", "DS226@spec.template.spec.topologySpreadConstraints[0].nodeAffinityPolicy", "DS226@spec.template.spec.topologySpreadConstraints[0].nodeTaintsPolicy", "DS226@spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable", "DS227@spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace", "DS227@spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace", "DS227@spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace", "DS227@spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace", "DS227@spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchExpressions[0].operator", "DS228@spec.template.spec.hostAliases[0].hostnames[0]", "DS228@spec.template.spec.hostAliases[0].ip", "DS230@metadata.finalizers[0]", "DS231@spec.template.spec.resourceClaims[0]", "DS231@spec.template.spec.resourceClaims[0].name", "DS231@spec.template.spec.resourceClaims[0].resourceClaimName", "DS231@spec.template.spec.resourceClaims[0].resourceClaimTemplateName", "DS232@spec.template.spec.preemptionPolicy", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.initContainers[0].image"]),
        ],
    ),
    // The same example as apps/v1beta2 (removed in 1.16, DS301) and otherwise the same verdict.
    (
        "kubernetes-api--apps.v1beta2.DaemonSet.yaml",
        &[
            ("0 DaemonSet/nameValue", false, &["DS102@metadata.generateName", "DS102@metadata.name", "DS102@metadata.namespace", "DS107@spec.selector.matchExpressions[0].operator", "DS108@spec.updateStrategy", "DS201@spec.template.spec.restartPolicy", "DS201@spec.template.spec.restartPolicy", "DS202@spec.template.spec.activeDeadlineSeconds", "DS204@spec.template.spec.containers[0].name", "DS204@spec.template.spec.ephemeralContainers[0].name", "DS204@spec.template.spec.initContainers[0].name", "DS205@spec.template.spec.ephemeralContainers[0].name", "DS205@spec.template.spec.initContainers[0].name", "DS207@spec.template.spec.containers[0].ports[0].name", "DS207@spec.template.spec.containers[0].ports[0].protocol", "DS207@spec.template.spec.ephemeralContainers[0].ports[0].name", "DS207@spec.template.spec.ephemeralContainers[0].ports[0].protocol", "DS207@spec.template.spec.initContainers[0].ports[0].name", "DS207@spec.template.spec.initContainers[0].ports[0].protocol", "DS209@spec.template.spec.containers[0].ports[0].hostPort", "DS211@spec.template.spec.tolerations[0].effect", "DS211@spec.template.spec.tolerations[0].effect", "DS211@spec.template.spec.tolerations[0].operator", "DS213@spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator", "DS213@spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].key", "DS213@spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].operator", "DS213@spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator", "DS213@spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key", "DS213@spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].operator", "DS214@spec.template.spec.dnsConfig.nameservers[0]", "DS214@spec.template.spec.dnsConfig.searches[0]", "DS214@spec.template.spec.dnsPolicy", "DS215@spec.template.spec.containers[0].resizePolicy", "DS215@spec.template.spec.containers[0].resizePolicy", "DS215@spec.template.spec.containers[0].resources.claims[0].request", "DS215@spec.template.spec.containers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.containers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.containers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.containers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.ephemeralContainers[0].resizePolicy", "DS215@spec.template.spec.ephemeralContainers[0].resizePolicy", "DS215@spec.template.spec.ephemeralContainers[0].resources.claims[0].request", "DS215@spec.template.spec.ephemeralContainers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.ephemeralContainers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.ephemeralContainers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.ephemeralContainers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.initContainers[0].resizePolicy", "DS215@spec.template.spec.initContainers[0].resizePolicy", "DS215@spec.template.spec.initContainers[0].resources.claims[0].request", "DS215@spec.template.spec.initContainers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.initContainers[0].resources.limits[limitsKey]", "DS215@spec.template.spec.initContainers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.initContainers[0].resources.requests[requestsKey]", "DS215@spec.template.spec.overhead.limits[overheadKey]", "DS215@spec.template.spec.overhead.limits[overheadKey]", "DS215@spec.template.spec.resources.claims", "DS215@spec.template.spec.resources.claims[0].request", "DS215@spec.template.spec.resources.limits[limitsKey]", "DS215@spec.template.spec.resources.requests[requestsKey]", "DS216@spec.template.spec.ephemeralContainers", "DS216@spec.template.spec.ephemeralContainers[0].lifecycle", "DS216@spec.template.spec.ephemeralContainers[0].livenessProbe", "DS216@spec.template.spec.ephemeralContainers[0].ports", "DS216@spec.template.spec.ephemeralContainers[0].readinessProbe", "DS216@spec.template.spec.ephemeralContainers[0].resizePolicy", "DS216@spec.template.spec.ephemeralContainers[0].resources", "DS216@spec.template.spec.ephemeralContainers[0].restartPolicy", "DS216@spec.template.spec.ephemeralContainers[0].restartPolicyRules", "DS216@spec.template.spec.ephemeralContainers[0].startupProbe", "DS216@spec.template.spec.ephemeralContainers[0].targetContainerName", "DS216@spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPath", "DS216@spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPathExpr", "DS217@spec.template.spec.containers[0].imagePullPolicy", "DS217@spec.template.spec.containers[0].terminationMessagePolicy", "DS217@spec.template.spec.ephemeralContainers[0].imagePullPolicy", "DS217@spec.template.spec.ephemeralContainers[0].terminationMessagePolicy", "DS217@spec.template.spec.initContainers[0].imagePullPolicy", "DS217@spec.template.spec.initContainers[0].terminationMessagePolicy", "DS218@spec.template.spec.hostname", "DS218@spec.template.spec.hostnameOverride", "DS218@spec.template.spec.hostnameOverride", "DS218@spec.template.spec.hostnameOverride", "DS218@spec.template.spec.nodeName", "DS218@spec.template.spec.priorityClassName", "DS218@spec.template.spec.runtimeClassName", "DS218@spec.template.spec.serviceAccountName", "DS218@spec.template.spec.subdomain", "DS219@spec.template.spec.containers[0].restartPolicy", "DS219@spec.template.spec.containers[0].restartPolicyRules[0].action", "DS219@spec.template.spec.containers[0].restartPolicyRules[0].exitCodes.operator", "DS219@spec.template.spec.initContainers[0].lifecycle", "DS219@spec.template.spec.initContainers[0].livenessProbe", "DS219@spec.template.spec.initContainers[0].readinessProbe", "DS219@spec.template.spec.initContainers[0].restartPolicy", "DS219@spec.template.spec.initContainers[0].restartPolicyRules[0].action", "DS219@spec.template.spec.initContainers[0].restartPolicyRules[0].exitCodes.operator", "DS219@spec.template.spec.initContainers[0].startupProbe", "DS220@spec.template.spec.volumes[0].awsElasticBlockStore", "DS220@spec.template.spec.volumes[0].azureDisk", "DS220@spec.template.spec.volumes[0].azureFile", "DS220@spec.template.spec.volumes[0].cephFS", "DS220@spec.template.spec.volumes[0].cinder", "DS220@spec.template.spec.volumes[0].configMap", "DS220@spec.template.spec.volumes[0].csi", "DS220@spec.template.spec.volumes[0].downwarAPI", "DS220@spec.template.spec.volumes[0].ephemeral", "DS220@spec.template.spec.volumes[0].fc", "DS220@spec.template.spec.volumes[0].flexVolume", "DS220@spec.template.spec.volumes[0].flocker", "DS220@spec.template.spec.volumes[0].gcePersistentDisk", "DS220@spec.template.spec.volumes[0].gitRepo", "DS220@spec.template.spec.volumes[0].glusterfs", "DS220@spec.template.spec.volumes[0].hostPath", "DS220@spec.template.spec.volumes[0].image", "DS220@spec.template.spec.volumes[0].iscsi", "DS220@spec.template.spec.volumes[0].name", "DS220@spec.template.spec.volumes[0].nfs", "DS220@spec.template.spec.volumes[0].persistentVolumeClaim", "DS220@spec.template.spec.volumes[0].photonPersistentDisk", "DS220@spec.template.spec.volumes[0].portworxVolume", "DS220@spec.template.spec.volumes[0].projected", "DS220@spec.template.spec.volumes[0].quobyte", "DS220@spec.template.spec.volumes[0].rbd", "DS220@spec.template.spec.volumes[0].scaleIO", "DS220@spec.template.spec.volumes[0].secret", "DS220@spec.template.spec.volumes[0].storageos", "DS220@spec.template.spec.volumes[0].vsphereVolume", "DS221@spec.template.spec.containers[0].volumeDevices[0].name", "DS221@spec.template.spec.containers[0].volumeDevices[0].name", "DS221@spec.template.spec.containers[0].volumeMounts.mountPropagation", "DS221@spec.template.spec.containers[0].volumeMounts.recursiveReadOnly", "DS221@spec.template.spec.containers[0].volumeMounts[0].name", "DS221@spec.template.spec.containers[0].volumeMounts[0].name", "DS221@spec.template.spec.containers[0].volumeMounts[0].subPathExpr", "DS221@spec.template.spec.ephemeralContainers[0].volumeDevices[0].name", "DS221@spec.template.spec.ephemeralContainers[0].volumeDevices[0].name", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts.mountPropagation", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts.recursiveReadOnly", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts[0].name", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts[0].name", "DS221@spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPathExpr", "DS221@spec.template.spec.initContainers[0].volumeDevices[0].name", "DS221@spec.template.spec.initContainers[0].volumeDevices[0].name", "DS221@spec.template.spec.initContainers[0].volumeMounts.mountPropagation", "DS221@spec.template.spec.initContainers[0].volumeMounts.recursiveReadOnly", "DS221@spec.template.spec.initContainers[0].volumeMounts[0].name", "DS221@spec.template.spec.initContainers[0].volumeMounts[0].name", "DS221@spec.template.spec.initContainers[0].volumeMounts[0].subPathExpr", "DS222@spec.template.spec.containers[0].env[0].valueFrom", "DS222@spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name", "DS222@spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath", "DS222@spec.template.spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.containers[0].env[0].valueFrom.resourceFieldRef.resource", "DS222@spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.configMapKeyRef.name", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.fieldRef.fieldPath", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.resourceFieldRef.resource", "DS222@spec.template.spec.ephemeralContainers[0].env[0].valueFrom.secretKeyRef.name", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.configMapKeyRef.name", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.fieldRef.fieldPath", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.fileKeyRef.volumeName", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.resourceFieldRef.resource", "DS222@spec.template.spec.initContainers[0].env[0].valueFrom.secretKeyRef.name", "DS223@spec.template.spec.containers[0].envFrom", "DS223@spec.template.spec.containers[0].envFrom[0].configMapRef.name", "DS223@spec.template.spec.containers[0].envFrom[0].secretRef.name", "DS223@spec.template.spec.ephemeralContainers[0].envFrom", "DS223@spec.template.spec.ephemeralContainers[0].envFrom[0].configMapRef.name", "DS223@spec.template.spec.ephemeralContainers[0].envFrom[0].secretRef.name", "DS223@spec.template.spec.initContainers[0].envFrom", "DS223@spec.template.spec.initContainers[0].envFrom[0].configMapRef.name", "DS223@spec.template.spec.initContainers[0].envFrom[0].secretRef.name", "DS224@spec.template.spec.containers[0].securityContext.appArmorProfile.type", "DS224@spec.template.spec.containers[0].securityContext.procMount", "DS224@spec.template.spec.containers[0].securityContext.seccompProfile.localhostProfile", "DS224@spec.template.spec.containers[0].securityContext.seccompProfile.type", "DS224@spec.template.spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpecName", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.appArmorProfile.type", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.procMount", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.seccompProfile.localhostProfile", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.seccompProfile.type", "DS224@spec.template.spec.ephemeralContainers[0].securityContext.windowsOptions.gmsaCredentialSpecName", "DS224@spec.template.spec.initContainers[0].securityContext.appArmorProfile.type", "DS224@spec.template.spec.initContainers[0].securityContext.procMount", "DS224@spec.template.spec.initContainers[0].securityContext.seccompProfile.localhostProfile", "DS224@spec.template.spec.initContainers[0].securityContext.seccompProfile.type", "DS224@spec.template.spec.initContainers[0].securityContext.windowsOptions.gmsaCredentialSpecName", "DS224@spec.template.spec.os", "DS224@spec.template.spec.securityContext.appArmorProfile.type", "DS224@spec.template.spec.securityContext.fsGroupChangePolicy", "DS224@spec.template.spec.securityContext.seLinuxChangePolicy", "DS224@spec.template.spec.securityContext.seccompProfile.localhostProfile", "DS224@spec.template.spec.securityContext.seccompProfile.type", "DS224@spec.template.spec.securityContext.shareProcessNamespace", "DS224@spec.template.spec.securityContext.supplementalGroupsPolicy", "DS224@spec.template.spec.securityContext.sysctls[0].name", "DS224@spec.template.spec.securityContext.windowsOptions.gmsaCredentialSpecName", "DS225@spec.template.spec.containers[0].lifecycle.postStart.httpGet", "DS225@spec.template.spec.containers[0].lifecycle.postStart.sleep", "DS225@spec.template.spec.containers[0].lifecycle.postStart.tcpSocket", "DS225@spec.template.spec.containers[0].lifecycle.preStop.httpGet", "DS225@spec.template.spec.containers[0].lifecycle.preStop.sleep", "DS225@spec.template.spec.containers[0].lifecycle.preStop.tcpSocket", "DS225@spec.template.spec.containers[0].livenessProbe.grpc", "DS225@spec.template.spec.containers[0].livenessProbe.httpGet", "DS225@spec.template.spec.containers[0].livenessProbe.successThreshold", "DS225@spec.template.spec.containers[0].livenessProbe.tcpSocket", "DS225@spec.template.spec.containers[0].readinessProbe.grpc", "DS225@spec.template.spec.containers[0].readinessProbe.httpGet", "DS225@spec.template.spec.containers[0].readinessProbe.tcpSocket", "DS225@spec.template.spec.containers[0].readinessProbe.terminationGracePeriodSeconds", "DS225@spec.template.spec.containers[0].startupProbe.grpc", "DS225@spec.template.spec.containers[0].startupProbe.httpGet", "DS225@spec.template.spec.containers[0].startupProbe.successThreshold", "DS225@spec.template.spec.containers[0].startupProbe.tcpSocket", "DS226@spec.template.spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator", "DS226@spec.template.spec.topologySpreadConstraints[0].minDomains", "DS226@spec.template.spec.topologySpreadConstraints[0].nodeAffinityPolicy", "DS226@spec.template.spec.topologySpreadConstraints[0].nodeTaintsPolicy", "DS226@spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable", "DS227@spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace", "DS227@spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace", "DS227@spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace", "DS227@spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator", "DS227@spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace", "DS227@spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchExpressions[0].operator", "DS228@spec.template.spec.hostAliases[0].hostnames[0]", "DS228@spec.template.spec.hostAliases[0].ip", "DS230@metadata.finalizers[0]", "DS231@spec.template.spec.resourceClaims[0]", "DS231@spec.template.spec.resourceClaims[0].name", "DS231@spec.template.spec.resourceClaims[0].resourceClaimName", "DS231@spec.template.spec.resourceClaims[0].resourceClaimTemplateName", "DS232@spec.template.spec.preemptionPolicy", "DS301@apiVersion", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.initContainers[0].image"]),
        ],
    ),
    (
        "kubernetes-examples--newrelic-daemonset.yaml",
        &[
            ("0 DaemonSet/newrelic-agent", true, &["DS304@spec.template.spec.containers[0].image", "DS305@spec.template.spec.priorityClassName", "DS306@spec.template.spec.containers[0].volumeMounts[2]", "DS306@spec.template.spec.containers[0].volumeMounts[3]"]),
        ],
    ),
    // extensions/v1beta1 without a selector: DS301 + DS101 (ValidateDaemonSetSpec).
    (
        "kubernetes-examples--newrelic-infra-daemonset.yaml",
        &[
            ("0 DaemonSet/newrelic-infra-agent", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS304@spec.template.spec.containers[0].image", "DS305@spec.template.spec.priorityClassName", "DS306@spec.template.spec.containers[0].volumeMounts[2]"]),
        ],
    ),
    (
        "kubernetes-examples--sysdig-daemonset.yaml",
        &[
            ("0 DaemonSet/sysdig-agent", true, &["DS303@spec.template.spec.containers[0].resources", "DS304@spec.template.spec.containers[0].image", "DS305@spec.template.spec.priorityClassName", "DS306@spec.template.spec.containers[0].volumeMounts[0]"]),
        ],
    ),
    (
        "kubernetes-nvidia-gpu--daemonset.yaml",
        &[
            ("0 DaemonSet/nvidia-gpu-device-plugin", true, &[]),
        ],
    ),
    (
        "kured--kured-ds-signal.yaml",
        &[
            ("0 ServiceAccount/kured", true, &[]),
            ("1 DaemonSet/kured", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "kured--kured-ds.yaml",
        &[
            ("0 ServiceAccount/kured", true, &[]),
            ("1 DaemonSet/kured", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "metallb--metallb-native.yaml",
        &[
            ("0 Namespace/metallb-system", true, &[]),
            ("1 CustomResourceDefinition/bfdprofiles.metallb.io", true, &[]),
            ("2 CustomResourceDefinition/bgpadvertisements.metallb.io", true, &[]),
            ("3 CustomResourceDefinition/bgppeers.metallb.io", true, &[]),
            ("4 CustomResourceDefinition/communities.metallb.io", true, &[]),
            ("5 CustomResourceDefinition/configurationstates.metallb.io", true, &[]),
            ("6 CustomResourceDefinition/ipaddresspools.metallb.io", true, &[]),
            ("7 CustomResourceDefinition/l2advertisements.metallb.io", true, &[]),
            ("8 CustomResourceDefinition/servicebgpstatuses.metallb.io", true, &[]),
            ("9 CustomResourceDefinition/servicel2statuses.metallb.io", true, &[]),
            ("10 ServiceAccount/controller", true, &[]),
            ("11 ServiceAccount/speaker", true, &[]),
            ("12 Role/controller", true, &[]),
            ("13 Role/pod-lister", true, &[]),
            ("14 ClusterRole/metallb-system:controller", true, &[]),
            ("15 ClusterRole/metallb-system:speaker", true, &[]),
            ("16 RoleBinding/controller", true, &[]),
            ("17 RoleBinding/pod-lister", true, &[]),
            ("18 ClusterRoleBinding/metallb-system:controller", true, &[]),
            ("19 ClusterRoleBinding/metallb-system:speaker", true, &[]),
            ("20 ConfigMap/metallb-excludel2", true, &[]),
            ("21 Secret/metallb-webhook-cert", true, &[]),
            ("22 Service/metallb-webhook-service", true, &[]),
            ("23 Deployment/controller", true, &[]),
            ("24 DaemonSet/speaker", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
            ("25 ValidatingWebhookConfiguration/metallb-webhook-configuration", true, &[]),
        ],
    ),
    // apps/v1beta2 DaemonSet and Deployment, removed in 1.16 (DS301).
    (
        "metallb--metallb.yaml",
        &[
            ("0 Namespace/metallb-system", true, &[]),
            ("1 ServiceAccount/controller", true, &[]),
            ("2 ServiceAccount/speaker", true, &[]),
            ("3 ClusterRole/metallb-system:controller", true, &[]),
            ("4 ClusterRole/metallb-system:speaker", true, &[]),
            ("5 Role/config-watcher", true, &[]),
            ("6 ClusterRoleBinding/metallb-system:controller", true, &[]),
            ("7 ClusterRoleBinding/metallb-system:speaker", true, &[]),
            ("8 RoleBinding/config-watcher", true, &[]),
            ("9 DaemonSet/speaker", false, &["DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
            ("10 Deployment/controller", false, &["DS301@apiVersion"]),
        ],
    ),
    (
        "multus-cni--multus-daemonset-thick.yml",
        &[
            ("0 CustomResourceDefinition/network-attachment-definitions.k8s.cni.cncf.io", true, &[]),
            ("1 ClusterRole/multus", true, &[]),
            ("2 ClusterRoleBinding/multus", true, &[]),
            ("3 ServiceAccount/multus", true, &[]),
            ("4 ConfigMap/multus-daemon-config", true, &[]),
            ("5 DaemonSet/kube-multus-ds", true, &["DS305@spec.template.spec.priorityClassName", "DS306@spec.template.spec.containers[0].volumeMounts[4]", "DS306@spec.template.spec.containers[0].volumeMounts[8]"]),
        ],
    ),
    (
        "multus-cni--multus-daemonset.yml",
        &[
            ("0 CustomResourceDefinition/network-attachment-definitions.k8s.cni.cncf.io", true, &[]),
            ("1 ClusterRole/multus", true, &[]),
            ("2 ClusterRoleBinding/multus", true, &[]),
            ("3 ServiceAccount/multus", true, &[]),
            ("4 ConfigMap/multus-cni-config", true, &[]),
            ("5 DaemonSet/kube-multus-ds", true, &["DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    // CRD v1beta1 and RBAC v1beta1 not served since 1.22 (DS006); extensions/v1beta1 DaemonSets
    // without selectors (DS301, DS101).
    (
        "multus-cni-2019--multus-daemonset.yml",
        &[
            ("0 CustomResourceDefinition/network-attachment-definitions.k8s.cni.cncf.io", false, &["DS006@apiVersion"]),
            ("1 ClusterRole/multus", false, &["DS006@apiVersion"]),
            ("2 ClusterRoleBinding/multus", false, &["DS006@apiVersion"]),
            ("3 ServiceAccount/multus", true, &[]),
            ("4 ConfigMap/multus-cni-config", true, &[]),
            ("5 DaemonSet/kube-multus-ds-amd64", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
            ("6 DaemonSet/kube-multus-ds-ppc64le", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "node-problem-detector--node-problem-detector-healthchecker.yaml",
        &[
            ("0 DaemonSet/node-problem-detector", true, &["DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "node-problem-detector--node-problem-detector.yaml",
        &[
            ("0 DaemonSet/node-problem-detector", true, &["DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "opentelemetry-collector--otel-config.yaml",
        &[
            ("0 ConfigMap/otel-agent-conf", true, &[]),
            ("1 DaemonSet/otel-agent", true, &["DS304@spec.template.spec.containers[0].image", "DS305@spec.template.spec.priorityClassName"]),
            ("2 ConfigMap/otel-collector-conf", true, &[]),
            ("3 Service/otel-collector", true, &[]),
            ("4 Deployment/otel-collector", true, &[]),
        ],
    ),
    // A `kind: List`: every item is reported with its item index.
    (
        "popeye-ds--1.yaml",
        &[
            ("0.0 DaemonSet/ds1", true, &["DS305@spec.template.spec.priorityClassName"]),
            // DS307: both ds2 claim hostPort 9100 like ds1 (one name twice is one DaemonSet).
            ("0.1 DaemonSet/ds2", true, &["DS303@spec.template.spec.containers[0].resources", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.initContainers[0].image", "DS305@spec.template.spec.priorityClassName", "DS307@spec.template.spec.containers[0].ports[0].hostPort"]),
            // DS007: the second ds2 of the list replaces the first on apply.
            ("0.2 DaemonSet/ds2", false, &["DS007@metadata.name", "DS303@spec.template.spec.containers[0].resources", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.initContainers[0].image", "DS305@spec.template.spec.priorityClassName", "DS307@spec.template.spec.containers[0].ports[0].hostPort"]),
        ],
    ),
    (
        "secrets-store-csi-driver--secrets-store-csi-driver-windows.yaml",
        &[
            ("0 DaemonSet/csi-secrets-store-windows", true, &["DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "secrets-store-csi-driver--secrets-store-csi-driver.yaml",
        &[
            ("0 DaemonSet/csi-secrets-store", true, &["DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "sig-storage-local-static-provisioner--baremetal-tolerations.yaml",
        &[
            ("0 ServiceAccount/local-static-provisioner", true, &[]),
            ("1 ConfigMap/local-static-provisioner-config", true, &[]),
            ("2 StorageClass/local-storage", true, &[]),
            ("3 ClusterRole/local-static-provisioner-node-clusterrole", true, &[]),
            ("4 ClusterRoleBinding/local-static-provisioner-node-binding", true, &[]),
            ("5 DaemonSet/local-static-provisioner", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    (
        "sig-storage-local-static-provisioner--default_example_provisioner_generated.yaml",
        &[
            ("0 ConfigMap/local-provisioner-config", true, &[]),
            ("1 DaemonSet/local-volume-provisioner", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
            ("2 ServiceAccount/local-storage-admin", true, &[]),
            ("3 ClusterRoleBinding/local-storage-provisioner-pv-binding", true, &[]),
            ("4 ClusterRole/local-storage-provisioner-node-clusterrole", true, &[]),
            ("5 ClusterRoleBinding/local-storage-provisioner-node-binding", true, &[]),
        ],
    ),
    (
        "sig-storage-local-static-provisioner--gke-daemonset-raid-disks.yaml",
        &[
            ("0 DaemonSet/gke-raid-disks", true, &["DS303@spec.template.spec.containers[0].resources", "DS305@spec.template.spec.priorityClassName"]),
        ],
    ),
    // A `kind: List`: every item is reported with its item index.
    (
        "weave--weave-daemonset-k8s-1.11.yaml",
        &[
            ("0.0 ServiceAccount/weave-net", true, &[]),
            ("0.1 ClusterRole/weave-net", true, &[]),
            ("0.2 ClusterRoleBinding/weave-net", true, &[]),
            ("0.3 Role/weave-net", true, &[]),
            ("0.4 RoleBinding/weave-net", true, &[]),
            ("0.5 DaemonSet/weave-net", true, &["DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.containers[1].image", "DS304@spec.template.spec.initContainers[0].image", "DS306@spec.template.spec.initContainers[0].volumeMounts[2]"]),
        ],
    ),
    // A `kind: List`; its extensions/v1beta1 DaemonSet has no selector (DS301, DS101).
    (
        "weave--weave-daemonset-k8s-1.8.yaml",
        &[
            ("0.0 ServiceAccount/weave-net", true, &[]),
            ("0.1 ClusterRole/weave-net", true, &[]),
            ("0.2 ClusterRoleBinding/weave-net", true, &[]),
            ("0.3 Role/weave-net", true, &[]),
            ("0.4 RoleBinding/weave-net", true, &[]),
            ("0.5 DaemonSet/weave-net", false, &["DS101@spec.template.metadata.labels", "DS301@apiVersion", "DS304@spec.template.spec.containers[0].image", "DS304@spec.template.spec.containers[1].image", "DS304@spec.template.spec.initContainers[0].image", "DS305@spec.template.spec.priorityClassName", "DS306@spec.template.spec.initContainers[0].volumeMounts[2]"]),
        ],
    ),
];

#[test]
fn corpus_daemonset_verdicts_are_pinned() {
    let files: Vec<String> = files_in("corpus/daemonsets")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let pinned: Vec<&str> = CORPUS.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        files, pinned,
        "every corpus DaemonSet file is pinned, in name order"
    );
    let mut wrong = Vec::new();
    for (name, want) in CORPUS {
        let path = fixture(&format!("corpus/daemonsets/{name}"));
        let run = validate(&["-o", "json", &path]);
        let r = json(&run);
        assert_eq!(r["problems"], serde_json::json!([]), "{name}");
        let mut any_invalid = false;
        let got: Vec<(String, bool, Vec<String>)> = documents(&r)
            .iter()
            .map(|d| {
                let item = d["item"]
                    .as_u64()
                    .map(|i| format!(".{i}"))
                    .unwrap_or_default();
                let label = format!(
                    "{}{item} {}/{}",
                    d["index"],
                    str_of(&d["kind"]),
                    str_of(&d["name"])
                );
                let valid = d["valid"].as_bool().unwrap();
                let has_error = d["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["severity"] == "error");
                assert_eq!(
                    valid, !has_error,
                    "{name} {label}: valid is false exactly with an error"
                );
                any_invalid |= !valid;
                (label, valid, verdict(d))
            })
            .collect();
        assert_code(&run, i32::from(any_invalid));
        let want: Vec<(String, bool, Vec<String>)> = want
            .iter()
            .map(|(l, v, f)| (l.to_string(), *v, f.iter().map(|s| s.to_string()).collect()))
            .collect();
        if got != want {
            wrong.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "verdicts changed:\n{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// convert | validate
// ---------------------------------------------------------------------------------------------

/// Deployments `convert` does not turn into valid DaemonSets on purpose: the API reference's
/// placeholder objects and metrics-server's (which are invalid as Deployments already), and the
/// two the converter refuses.
const NOT_CONVERTIBLE: &[&str] = &[
    "metrics-server--deployment.yaml",
    "kube-linter--container-with-merge.yaml",
    "popeye-dp--1.yaml",
];

#[test]
fn converted_corpus_deployments_validate_without_errors() {
    let mut checked = 0;
    for path in files_in("corpus/deployments") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("kubernetes-api--") || NOT_CONVERTIBLE.contains(&name.as_str()) {
            continue;
        }
        let rel = fixture(&format!("corpus/deployments/{name}"));
        let converted = dsctl(&["convert", &rel], None);
        assert_code(&converted, 0);
        for version in ["1.34", "1.37"] {
            let run = dsctl(
                &[
                    "validate",
                    "-o",
                    "json",
                    "--kubernetes-version",
                    version,
                    "-",
                ],
                Some(converted.stdout.as_bytes()),
            );
            check_converted(&name, version, &run);
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} Deployments checked");
}

/// No error (strict schema of `version` and the API rules) in a converted file's verdict.
fn check_converted(name: &str, version: &str, run: &Run) {
    {
        let r = json(run);
        let errors: Vec<String> = documents(&r)
            .iter()
            .flat_map(|d| {
                d["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|f| f["severity"] == "error")
                    .map(|f| format!("{} {}: {} {}", d["kind"], d["name"], f["code"], f["field"]))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(
            errors.is_empty(),
            "{name}: converted output is rejected by {version}: {errors:?}"
        );
        assert_code(run, 0);
        assert!(
            documents(&r).iter().any(|d| d["kind"] == "DaemonSet"),
            "{name}: no DaemonSet in the converted output"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Exit codes and flags
// ---------------------------------------------------------------------------------------------

#[test]
fn exit_codes() {
    let run = validate(&[CLEAN]);
    assert_code(&run, 0);
    assert_eq!(
        run.stdout,
        "1 object checked in 1 file: 0 errors, 0 warnings\n"
    );
    assert_code(&validate(&[ERROR_AND_WARNING]), 1);
    // Could not run: usage, a missing file, nothing to check.
    let run = validate(&["--output", "yaml", CLEAN]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    let run = validate(&["fixtures/validate/does-not-exist.yaml"]);
    assert_code(&run, 2);
    assert!(
        run.stderr
            .contains("does-not-exist.yaml: no such file or directory"),
        "{}",
        run.stderr
    );
    // Nothing to check is a note, not a failure; --strict-inputs makes a named input without
    // objects (stdin is named) an error.
    let run = dsctl(&["validate", "-"], Some(b"# only a comment\n"));
    assert_code(&run, 0);
    assert_eq!(
        run.stderr,
        "<stdin>: note: no Kubernetes objects (empty, or comments only): skipped\n"
    );
    let run = dsctl(
        &["validate", "--strict-inputs", "-"],
        Some(b"# only a comment\n"),
    );
    assert_code(&run, 2);
    assert!(
        run.stderr
            .contains("<stdin>: error: no Kubernetes objects (empty, or comments only)"),
        "{}",
        run.stderr
    );
}

#[test]
fn fail_on_warning() {
    // Without the error, one warning is left: exit 0, unless warnings fail the run.
    let run = validate(&["--ignore", "DS101", ERROR_AND_WARNING]);
    assert_code(&run, 0);
    assert!(
        run.stdout.ends_with("0 errors, 1 warning\n"),
        "{}",
        run.stdout
    );
    assert_code(
        &validate(&[
            "--ignore",
            "DS101",
            "--fail-on",
            "warning",
            ERROR_AND_WARNING,
        ]),
        1,
    );
    assert_code(
        &validate(&["--ignore", "DS101", "--fail-on", "error", ERROR_AND_WARNING]),
        0,
    );
    assert_code(&validate(&["--fail-on", "warning", CLEAN]), 0);
}

/// The codes a run reports, in order.
fn codes(run: &Run) -> Vec<String> {
    documents(&json(run))
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap().iter())
        .map(|f| str_of(&f["code"]).to_string())
        .collect()
}

#[test]
fn ignore_by_code_and_name() {
    let both = ["DS101", "DS304"];
    assert_eq!(codes(&validate(&["-o", "json", ERROR_AND_WARNING])), both);
    for ignore in [
        &["--ignore", "DS101"][..],
        &["--ignore", "selector-mismatch"],
        &["--ignore", "ds101"],
    ] {
        let mut args = vec!["-o", "json"];
        args.extend_from_slice(ignore);
        args.push(ERROR_AND_WARNING);
        let run = validate(&args);
        assert_eq!(codes(&run), ["DS304"], "{ignore:?}");
        assert_code(&run, 0);
    }
    for ignore in [
        &["--ignore", "DS101,mutable-image-tag"][..],
        &["--ignore", "selector-mismatch", "--ignore", "DS304"],
    ] {
        let mut args = vec!["-o", "json"];
        args.extend_from_slice(ignore);
        args.push(ERROR_AND_WARNING);
        assert!(codes(&validate(&args)).is_empty(), "{ignore:?}");
    }
    // A code or name that is no rule is a usage error, not a silent no-op.
    for typo in ["DS10", "selector-missmatch"] {
        let run = validate(&["--ignore", typo, ERROR_AND_WARNING]);
        assert_code(&run, 2);
        assert!(
            run.stderr.contains(typo) && run.stderr.contains("dsctl explain --list"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn ignore_annotation() {
    // The same DaemonSet as error-and-warning.yaml, annotated `dsctl.io/ignore: "DS101, mutable-image-tag"`.
    let run = validate(&["-o", "json", "fixtures/validate/ignore-annotation.yaml"]);
    assert_code(&run, 0);
    let r = json(&run);
    assert_eq!(documents(&r)[0]["valid"], true);
    assert_eq!(documents(&r)[0]["findings"], serde_json::json!([]));
}

#[test]
fn previous_checks_update_rules() {
    let new = "fixtures/validate/previous-selector-changed.yaml";
    // Created from scratch, the new object is fine.
    assert_code(&validate(&[new]), 0);
    // As an update of clean.yaml: the selector is immutable.
    let run = validate(&["-o", "json", "--previous", CLEAN, new]);
    assert_code(&run, 1);
    let r = json(&run);
    assert_eq!(
        positions(&r),
        [p("DS401", "spec.selector", "Invalid", 9, 3)]
    );
    let f = &documents(&r)[0]["findings"][0];
    assert_eq!(f["rule"], "immutable-selector");
    assert!(str_of(&f["message"]).ends_with("field is immutable"), "{f}");
    // No change, no finding.
    assert_code(&validate(&["--previous", CLEAN, CLEAN]), 0);
    // An object's own findings are reported once, with or without --previous.
    let ew = "fixtures/validate/error-and-warning.yaml";
    let alone = json(&validate(&["-o", "json", ew]));
    let updated = json(&validate(&["-o", "json", "--previous", ew, ew]));
    assert!(!positions(&alone).is_empty());
    assert_eq!(positions(&updated), positions(&alone));
    // One object on each side: the same object, so a rename and a move are updates of it.
    let renamed = "fixtures/validate/previous-renamed.yaml";
    assert_code(&validate(&[renamed]), 0);
    let r = json(&validate(&["-o", "json", "--previous", CLEAN, renamed]));
    assert_eq!(
        positions(&r),
        [
            p("DS402", "metadata.name", "Invalid", 5, 9),
            p("DS402", "metadata.namespace", "Invalid", 6, 14)
        ]
    );
    // An unreadable previous file: dsctl cannot do its job.
    let run = validate(&["--previous", "fixtures/validate/garbage.yaml", new]);
    assert_code(&run, 2);
    assert!(
        run.stderr
            .contains("fixtures/validate/garbage.yaml:6:8: error:"),
        "{}",
        run.stderr
    );
}

#[test]
fn kubernetes_version_forms_and_garbage() {
    let host_port = "fixtures/validate/host-network-port.yaml";
    let reference = validate(&["-o", "json", "--kubernetes-version", "1.34", host_port]);
    assert_code(&reference, 1);
    for form in ["v1.34", "1.34.2", "v1.34.0"] {
        let run = validate(&["-o", "json", "--kubernetes-version", form, host_port]);
        assert_eq!(run.stdout, reference.stdout, "{form} is 1.34");
    }
    let supported: Vec<String> = dsctl::schema::bundled_versions()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(supported.len() >= 2);
    for garbage in ["latest", "1", "1.x", "2.0", "1.24", "", "v1.34.2.1"] {
        let run = validate(&["--kubernetes-version", garbage, CLEAN]);
        assert_code(&run, 2);
        assert!(
            run.stderr.contains("--kubernetes-version"),
            "{garbage:?}: {}",
            run.stderr
        );
        for v in &supported {
            assert!(
                run.stderr.contains(v.as_str()),
                "{garbage:?}: {v} not listed: {}",
                run.stderr
            );
        }
        assert_eq!(run.stdout, "");
    }
}

/// `(code, field, line, column)` of a run's findings at one Kubernetes version.
fn findings_at(version: &str, file: &str) -> Vec<(String, String, u64, u64)> {
    let run = validate(&["-o", "json", "--kubernetes-version", version, file]);
    positions(&json(&run))
        .into_iter()
        .map(|(c, f, _, l, col)| (c, f, l, col))
        .collect()
}

fn at(code: &str, field: &str, line: u64, col: u64) -> (String, String, u64, u64) {
    (code.into(), field.into(), line, col)
}

#[test]
fn kubernetes_version_changes_the_verdict_where_the_server_changed() {
    // validatePodHostNetworkDeps (1.28+) names hostPort; validateHostNetwork before named containerPort.
    let file = "fixtures/validate/host-network-port.yaml";
    let port = "spec.template.spec.containers[0].ports[0]";
    assert_eq!(
        findings_at("1.27", file),
        [at("DS209", &format!("{port}.containerPort"), 23, 26)]
    );
    assert_eq!(
        findings_at("1.28", file),
        [at("DS209", &format!("{port}.hostPort"), 24, 21)]
    );

    // Selector label values are validated from 1.26, required node affinity values from 1.33.
    let file = "fixtures/validate/label-values-by-version.yaml";
    let selector = at(
        "DS107",
        "spec.selector.matchExpressions[0].values[0]",
        15,
        16,
    );
    let affinity = at(
        "DS213",
        "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]",
        28,
        26,
    );
    assert_eq!(findings_at("1.25", file), []);
    assert_eq!(findings_at("1.26", file), std::slice::from_ref(&selector));
    assert_eq!(findings_at("1.32", file), std::slice::from_ref(&selector));
    assert_eq!(findings_at("1.33", file), [selector, affinity]);

    // autoscaling/v2beta2 is served up to 1.25.
    let file = "fixtures/validate/hpa-v2beta2.yaml";
    assert_eq!(findings_at("1.25", file), []);
    assert_eq!(findings_at("1.26", file), [at("DS006", "apiVersion", 2, 1)]);
}

#[test]
fn strict_by_default_lenient_with_no_strict() {
    let file = "fixtures/validate/unknown-fields.yaml";
    let run = validate(&["-o", "json", file]);
    assert_code(&run, 1);
    let r = json(&run);
    let sev: Vec<(String, String, String)> = documents(&r)[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                str_of(&f["code"]).into(),
                str_of(&f["field"]).into(),
                str_of(&f["severity"]).into(),
            )
        })
        .collect();
    let s = |c: &str, f: &str, sev: &str| (c.to_string(), f.to_string(), sev.to_string());
    assert_eq!(
        sev,
        [
            // DS302's advice, raised to an error by the schema's unknown field at the same path.
            s("DS302", "spec.replicas", "error"),
            s(
                "DS002",
                "spec.template.spec.containers[0].imagePullPolicyy",
                "error"
            ),
        ]
    );
    let run = validate(&["-o", "json", "--no-strict", file]);
    assert_code(&run, 0);
    let r = json(&run);
    let f = &documents(&r)[0]["findings"];
    assert_eq!(f.as_array().unwrap().len(), 1, "{f}");
    assert_eq!(
        (f[0]["code"].as_str(), f[0]["severity"].as_str()),
        (Some("DS302"), Some("warning"))
    );
}

#[test]
fn other_workload_kinds_other_kinds_and_custom_resources() {
    let run = validate(&["-o", "json", "fixtures/validate/workload-kinds.yaml"]);
    assert_code(&run, 1);
    let r = json(&run);
    let got: Vec<(String, bool, Vec<String>)> = documents(&r)
        .iter()
        .map(|d| {
            (
                str_of(&d["kind"]).to_string(),
                d["valid"].as_bool().unwrap(),
                verdict(d),
            )
        })
        .collect();
    let rules = || {
        vec![
            "DS101@spec.template.metadata.labels".to_string(),
            "DS201@spec.template.spec.restartPolicy".to_string(),
        ]
    };
    assert_eq!(
        got,
        [
            ("Deployment".to_string(), false, rules()),
            ("ReplicaSet".to_string(), false, rules()),
            ("StatefulSet".to_string(), false, rules()),
            (
                "Service".to_string(),
                false,
                vec!["DS001@spec.ports[0].port".to_string()]
            ),
            // A kind without a bundled schema is not checked: skipped, never valid, no error.
            ("Widget".to_string(), false, vec![]),
        ]
    );
    let status: Vec<&str> = documents(&r).iter().map(|d| str_of(&d["status"])).collect();
    assert_eq!(
        status,
        ["invalid", "invalid", "invalid", "invalid", "skipped"]
    );
    assert_eq!(r["summary"]["skipped"], 1);
    let widget = &documents(&r)[4];
    assert!(
        str_of(&widget["note"]).contains("no schema and no rules for example.com/v1 Widget"),
        "{widget}"
    );
    let text = validate(&["fixtures/validate/workload-kinds.yaml"]);
    assert!(
        text.stdout
            .contains("; 1 object skipped (no schema or rules)")
            && text.stdout.contains(": note: Widget/"),
        "{}",
        text.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Colors
// ---------------------------------------------------------------------------------------------

const ESC: u8 = 0x1b;

/// Runs `dsctl ARGS` with stdout piped and `NO_COLOR` as given (`None`: unset).
fn piped(args: &[&str], no_color: Option<&str>) -> Vec<u8> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsctl"));
    cmd.args(args).current_dir(root()).env_remove("NO_COLOR");
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    cmd.stdin(Stdio::null())
        .output()
        .expect("dsctl runs")
        .stdout
}

#[test]
fn colors_follow_the_flag_on_a_pipe() {
    let plain = piped(&["validate", ERROR_AND_WARNING], None);
    assert!(!plain.contains(&ESC), "auto on a pipe: no color");
    assert!(plain.starts_with(b"fixtures/validate/error-and-warning.yaml:22:7: error[DS101]"));
    let colored = piped(
        &["validate", "--color=always", ERROR_AND_WARNING],
        Some("1"),
    );
    assert!(colored.contains(&ESC), "--color=always wins over NO_COLOR");
    assert!(!piped(&["validate", "--color=never", ERROR_AND_WARNING], None).contains(&ESC));
    // Machine formats never carry colors.
    for format in ["json", "sarif", "github", "junit"] {
        let out = piped(
            &[
                "validate",
                "--color=always",
                "-o",
                format,
                ERROR_AND_WARNING,
            ],
            None,
        );
        assert!(!out.contains(&ESC), "{format} has ANSI escapes");
    }
}

/// Runs `dsctl ARGS` with stdout on a pseudo-terminal and returns what it printed there.
#[cfg(target_os = "linux")]
fn on_a_terminal(args: &[&str], no_color: Option<&str>) -> Vec<u8> {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::fs::OpenOptionsExt;
    // SAFETY: posix_openpt/grantpt/unlockpt/ptsname_r on a descriptor we own; the name buffer
    // is NUL-terminated by ptsname_r on success.
    let (master, slave_name) = unsafe {
        let fd = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(
            fd >= 0,
            "no pseudo-terminal: {}",
            std::io::Error::last_os_error()
        );
        let master = OwnedFd::from_raw_fd(fd);
        assert_eq!(libc::grantpt(fd), 0);
        assert_eq!(libc::unlockpt(fd), 0);
        let mut buf = [0 as libc::c_char; 256];
        assert_eq!(libc::ptsname_r(fd, buf.as_mut_ptr(), buf.len()), 0);
        let name = std::ffi::CStr::from_ptr(buf.as_ptr())
            .to_string_lossy()
            .into_owned();
        (std::fs::File::from(master), name)
    };
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(&slave_name)
        .expect("open the terminal's slave side");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsctl"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::null());
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let mut child = cmd.spawn().expect("dsctl runs");
    // Our copy of the slave side must be closed, or reading never ends.
    drop(cmd);
    let mut out = Vec::new();
    let mut master = master;
    let mut buf = [0u8; 4096];
    loop {
        match master.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            // EIO: every slave descriptor is closed (the child exited).
            Err(_) => break,
        }
    }
    child.wait().expect("dsctl exits");
    out
}

#[cfg(target_os = "linux")]
#[test]
fn colors_on_a_terminal_honour_no_color() {
    let args = ["validate", ERROR_AND_WARNING];
    let tty = on_a_terminal(&args, None);
    assert!(
        tty.windows(5).any(|w| w == b"DS101"),
        "{}",
        String::from_utf8_lossy(&tty)
    );
    assert!(tty.contains(&ESC), "auto on a terminal: colored");
    assert!(
        !on_a_terminal(&args, Some("1")).contains(&ESC),
        "NO_COLOR=1 turns colors off"
    );
    // no-color.org: an empty NO_COLOR is as if it were unset.
    assert!(on_a_terminal(&args, Some("")).contains(&ESC));
    assert!(!on_a_terminal(&["validate", "--color=never", ERROR_AND_WARNING], None).contains(&ESC));
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

#[test]
fn stdin_with_dash_and_without_a_path() {
    let text = std::fs::read(root().join(ERROR_AND_WARNING)).unwrap();
    let from_file = json(&validate(&["-o", "json", ERROR_AND_WARNING]));
    for args in [
        &["validate", "-o", "json", "-"][..],
        &["validate", "-o", "json"],
    ] {
        let run = dsctl(args, Some(&text));
        assert_code(&run, 1);
        let r = json(&run);
        assert_eq!(documents(&r)[1]["file"], "<stdin>", "{args:?}");
        assert_eq!(
            positions(&r),
            positions(&from_file),
            "{args:?}: same positions as the file"
        );
    }
    let run = dsctl(&["validate", "-"], Some(&text));
    assert!(
        run.stdout.starts_with("<stdin>:22:7: error[DS101]"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_directory_is_walked_in_name_order() {
    let run = validate(&["-o", "json", "fixtures/validate/dir"]);
    assert_code(&run, 1);
    let r = json(&run);
    assert_eq!(r["summary"]["files"], 2, "README.txt is skipped");
    let files: Vec<&str> = documents(&r).iter().map(|d| str_of(&d["file"])).collect();
    assert_eq!(
        files,
        [
            "fixtures/validate/dir/clean.yaml",
            "fixtures/validate/dir/nested/selector-mismatch.yml"
        ]
    );
    assert_eq!(
        verdict(&documents(&r)[1]),
        ["DS101@spec.template.metadata.labels"]
    );
}

#[test]
fn one_bad_file_among_many_exits_2_and_the_rest_is_reported() {
    let garbage = "fixtures/validate/garbage.yaml";
    let missing = "fixtures/validate/does-not-exist.yaml";
    let run = validate(&["-o", "json", CLEAN, garbage, ERROR_AND_WARNING, missing]);
    assert_code(&run, 2);
    let r = json(&run);
    assert_eq!(r["summary"]["documents"], 3);
    let files: Vec<&str> = documents(&r).iter().map(|d| str_of(&d["file"])).collect();
    assert_eq!(files, [CLEAN, ERROR_AND_WARNING, ERROR_AND_WARNING]);
    let problems = r["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    let parse = problems
        .iter()
        .find(|p| p["file"] == garbage)
        .expect("garbage.yaml reported");
    assert_eq!(
        (parse["line"].as_u64(), parse["column"].as_u64()),
        (Some(6), Some(8))
    );
    assert!(
        problems
            .iter()
            .any(|p| str_of(&p["message"]).contains("does-not-exist.yaml"))
    );
    assert!(
        run.stderr
            .contains("fixtures/validate/garbage.yaml:6:8: error: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("does-not-exist.yaml: no such file or directory"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------------------------

const SECTIONS: [&str; 5] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Fix",
    "## Upstream",
];

#[test]
fn explain_every_rule() {
    for rule in dsctl::rules::registry() {
        for key in [rule.code, rule.name, &rule.code.to_lowercase()] {
            let run = dsctl(&["explain", key], None);
            assert_code(&run, 0);
            assert!(
                run.stdout
                    .starts_with(&format!("# {} {}\n", rule.code, rule.name)),
                "{key}: {}",
                run.stdout
            );
            assert!(run.stdout.contains(&format!("Severity: {}", rule.severity)));
            for s in SECTIONS {
                assert!(run.stdout.contains(s), "{key}: no {s:?} section");
            }
            // The bad example and its fix are YAML blocks.
            assert!(
                run.stdout.matches("```yaml").count() >= 2,
                "{key}: example and fix"
            );
        }
    }
}

#[test]
fn explain_list_and_unknown() {
    let run = dsctl(&["explain", "--list"], None);
    assert_code(&run, 0);
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let codes: Vec<&str> = dsctl::rules::registry().iter().map(|r| r.code).collect();
    assert_eq!(listed, codes);
    for r in dsctl::rules::registry() {
        assert!(run.stdout.contains(r.name), "{} not listed by name", r.name);
    }
    let run = dsctl(&["explain", "DS999"], None);
    assert_code(&run, 2);
    assert!(
        run.stderr.contains("DS999") && run.stderr.contains("--list"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn every_rule_prints_with_its_documented_severity() {
    // The severity a finding is printed with is the one the registry, the README table,
    // `explain` and SARIF's defaultConfiguration give (DS301 was printed as an error while
    // documented as a warning).
    let file = fixture("corpus/daemonsets/kube-prometheus--node-exporter-ds.yaml");
    let run = dsctl(&["validate", "-o", "sarif", &file], None);
    let sarif: Value = serde_json::from_str(&run.stdout).expect("SARIF");
    let run0 = &sarif["runs"][0];
    let level_of = |id: &str| {
        run0["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["defaultConfiguration"]["level"].clone())
    };
    let results = run0["results"].as_array().expect("results");
    assert!(
        results.iter().any(|r| r["ruleId"] == "DS301"),
        "{results:?}"
    );
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        let rule = dsctl::rules::lookup(id).expect("a registered rule");
        assert_eq!(Some(r["level"].clone()), level_of(id), "{id}");
        assert_eq!(r["level"], rule.severity.to_string(), "{id}");
        let explain = dsctl(&["explain", id], None);
        assert!(
            explain
                .stdout
                .contains(&format!("Severity: {}", rule.severity)),
            "{id}: {}",
            explain.stdout
        );
    }
}

// ---------------------------------------------------------------------------------------------
// upstream-computed cases
// ---------------------------------------------------------------------------------------------

/// Cases from `shared/upstream/validate.jsonl` (see fixtures/PROVENANCE.md): the `(field, type)`
/// set of dsctl's errors at 1.36 is the set the API server's own code reported.
const UPSTREAM: &[(&str, &[(&str, &str)])] = &[
    // validateLivenessProbe: successThreshold 2.
    (
        "v00294.yaml",
        &[(
            "spec.template.spec.containers[0].livenessProbe.successThreshold",
            "Invalid",
        )],
    ),
    // An extended resource requested without a limit, and 0.5 of it.
    (
        "v00152.yaml",
        &[
            ("metadata.name", "Required"),
            (
                "spec.template.spec.containers[0].resources.limits",
                "Required",
            ),
            (
                "spec.template.spec.containers[0].resources.requests[nvidia.com/gpu]",
                "Invalid",
            ),
        ],
    ),
    // validateHandler: a preStop hook without a handler.
    (
        "v00499.yaml",
        &[(
            "spec.template.spec.containers[0].lifecycle.preStop",
            "Required",
        )],
    ),
    // validateSleepAction: longer than the pod's grace period.
    (
        "v00359.yaml",
        &[(
            "spec.template.spec.containers[0].lifecycle.postStart.sleep",
            "Invalid",
        )],
    ),
    // validateResizePolicy and validateInitContainers on a plain init container.
    (
        "v02061.yaml",
        &[
            ("spec.template.spec.containers[0].name", "Required"),
            (
                "spec.template.spec.initContainers[0].resizePolicy",
                "Unsupported value",
            ),
            (
                "spec.template.spec.initContainers[0].resizePolicy[0].restartPolicy",
                "Invalid",
            ),
        ],
    ),
    // validateContainerRestartPolicy on an init container (1.35+ values).
    (
        "v00029.yaml",
        &[
            (
                "spec.template.spec.initContainers[0].restartPolicy",
                "Unsupported value",
            ),
            (
                "spec.template.spec.initContainers[0].volumeMounts[0].name",
                "Not found",
            ),
            ("spec.template.spec.volumes[0].hostPath.path", "Required"),
            ("spec.template.spec.volumes[0].name", "Invalid"),
            ("spec.template.spec.volumes[1].hostPath.path", "Required"),
            ("spec.template.spec.volumes[1].name", "Invalid"),
        ],
    ),
    // validateTopologySpreadConstraints: maxSkew 0 and no topologyKey.
    (
        "v00041.yaml",
        &[
            (
                "spec.template.spec.topologySpreadConstraints[0].maxSkew",
                "Invalid",
            ),
            (
                "spec.template.spec.topologySpreadConstraints[0].topologyKey",
                "Required",
            ),
        ],
    ),
    // validateTopologySpreadConstraints: unknown whenUnsatisfiable and nodeAffinityPolicy, a repeated {topologyKey, whenUnsatisfiable}.
    (
        "v01025.yaml",
        &[
            (
                "spec.template.spec.topologySpreadConstraints[0].nodeAffinityPolicy",
                "Unsupported value",
            ),
            (
                "spec.template.spec.topologySpreadConstraints[0].topologyKey",
                "Required",
            ),
            (
                "spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable",
                "Unsupported value",
            ),
            (
                "spec.template.spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}",
                "Duplicate",
            ),
            (
                "spec.template.spec.topologySpreadConstraints[1].nodeAffinityPolicy",
                "Unsupported value",
            ),
            (
                "spec.template.spec.topologySpreadConstraints[1].topologyKey",
                "Required",
            ),
            (
                "spec.template.spec.topologySpreadConstraints[1].whenUnsatisfiable",
                "Unsupported value",
            ),
        ],
    ),
    // validatePodAffinityTerm and validateWeightedPodAffinityTerms: no topologyKey, weight out of range.
    (
        "v00114.yaml",
        &[
            (
                "spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey",
                "Invalid",
            ),
            (
                "spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey",
                "Required",
            ),
            (
                "spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
                "Invalid",
            ),
        ],
    ),
    // ValidateHostAliases: an IP the legacy parser refuses (JSON input).
    (
        "v02239.json",
        &[("spec.template.spec.hostAliases[0].ip", "Invalid")],
    ),
    // validatePodDNSConfig: more search paths than allowed.
    (
        "v00672.yaml",
        &[("spec.template.spec.dnsConfig.searches", "Invalid")],
    ),
    // ValidatePreemptionPolicy: an unknown policy.
    (
        "v00421.yaml",
        &[("spec.template.spec.preemptionPolicy", "Unsupported value")],
    ),
    // validateSchedulingGates: a gate that is not a qualified name.
    (
        "v01046.yaml",
        &[("spec.template.spec.schedulingGates[0]", "Invalid")],
    ),
    // validateReadinessGates: a conditionType that is not a qualified name.
    (
        "v00578.yaml",
        &[(
            "spec.template.spec.readinessGates[0].conditionType",
            "Invalid",
        )],
    ),
    // The deprecated serviceAccount, copied into serviceAccountName by the v1 conversion.
    (
        "v00297.yaml",
        &[
            ("metadata.name", "Invalid"),
            ("spec.template.spec.serviceAccountName", "Invalid"),
        ],
    ),
];

#[test]
fn upstream_cases_get_the_servers_error_sets() {
    for (file, want) in UPSTREAM {
        let path = fixture(&format!("upstream/{file}"));
        let run = validate(&["-o", "json", "--kubernetes-version", "1.36", &path]);
        let r = json(&run);
        let mut got: Vec<(String, String)> = documents(&r)
            .iter()
            .flat_map(|d| d["findings"].as_array().unwrap().iter())
            // Unknown fields are compared with the strict decoder's, not with validation.
            .filter(|f| f["severity"] == "error" && f["code"] != "DS002" && f["code"] != "DS302")
            .map(|f| {
                (
                    str_of(&f["field"]).to_string(),
                    str_of(&f["type"]).to_string(),
                )
            })
            .collect();
        got.sort();
        got.dedup();
        let mut want: Vec<(String, String)> = want
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect();
        want.sort();
        assert_eq!(got, want, "{file}");
    }
}

/// The API server names template label errors `spec.template.labels` (upstream passes
/// `fldPath.Child("labels")`), but the finding points at the label as written, under
/// `spec.template.metadata.labels` (the key, or the value when that is what is wrong, naming
/// the key).
#[test]
fn template_label_findings_point_at_the_label_key() {
    let manifest = b"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
        tier: -bad-
        bad/key/x: ok
      annotations:
        ok.example.com/a: b
        \"not valid!\": c
    spec:
      containers:
      - name: agent
        image: agent:1
";
    let run = dsctl(&["validate", "-o", "json", "-"], Some(manifest));
    assert_code(&run, 1);
    let report = json(&run);
    let findings = documents(&report)[0]["findings"]
        .as_array()
        .expect("findings");
    let at = |field: &str, needle: &str| {
        let f = findings
            .iter()
            .find(|f| f["field"] == field && str_of(&f["message"]).contains(needle))
            .unwrap_or_else(|| panic!("no {field} finding with {needle:?}: {findings:?}"));
        (f["line"].as_u64(), f["column"].as_u64())
    };
    assert_eq!(
        at("spec.template.labels", "label \"tier\""),
        (Some(13), Some(15))
    );
    assert_eq!(at("spec.template.labels", "bad/key/x"), (Some(14), Some(9)));
    assert_eq!(
        at("spec.template.annotations", "not valid!"),
        (Some(17), Some(9))
    );
}

#[test]
fn pod_level_fields_follow_the_target_versions_feature_gates() {
    // hostnameOverride is read from 1.35 (HostnameOverride gate); leading zeros in an IP are
    // refused from 1.36 (StrictIPCIDRValidation); underscores in DNS searches are allowed from
    // 1.33 (RelaxedDNSSearchValidation).
    let manifest = b"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      hostnameOverride: Agent_Host
      hostAliases:
      - ip: 010.0.0.1
        hostnames: [backend]
      dnsConfig:
        searches: [_tcp.example.com]
      serviceAccount: Agent
      containers:
      - name: agent
        image: agent:1
";
    let fields_at = |version: &str| -> Vec<String> {
        let run = dsctl(
            &[
                "validate",
                "--kubernetes-version",
                version,
                "-o",
                "json",
                "-",
            ],
            Some(manifest),
        );
        let report = json(&run);
        documents(&report)[0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| format!("{}@{}:{}", str_of(&f["field"]), f["line"], f["column"]))
            .collect()
    };
    let p = "spec.template.spec";
    let account = format!("{p}.serviceAccountName@20:23");
    // 1.32's schema has no hostnameOverride at all (DS002, at the key).
    assert_eq!(
        fields_at("1.32"),
        vec![
            format!("{p}.hostnameOverride@14:7"),
            format!("{p}.dnsConfig.searches[0]@19:20"),
            account.clone()
        ]
    );
    assert_eq!(fields_at("1.34"), vec![account.clone()]);
    assert_eq!(
        fields_at("1.35"),
        vec![format!("{p}.hostnameOverride@14:25"), account.clone()]
    );
    assert_eq!(
        fields_at("1.36"),
        vec![
            format!("{p}.hostnameOverride@14:25"),
            format!("{p}.hostAliases[0].ip@16:13"),
            account,
        ]
    );
}

#[test]
fn kubelet_directory_mounts_are_judged_by_what_they_are_for() {
    // A CSI node plugin's Bidirectional mount publishes volumes and must be writable; the same
    // directories mounted writable for anything else are DS306.
    let manifest = b"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: csi-node
spec:
  selector:
    matchLabels:
      app: csi-node
  template:
    metadata:
      labels:
        app: csi-node
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: plugin
        image: example.com/csi:1.0.0
        securityContext:
          privileged: true
        resources:
          requests:
            cpu: 10m
        volumeMounts:
        - name: kubelet
          mountPath: /var/lib/kubelet
          mountPropagation: Bidirectional
        - name: pods
          mountPath: /var/lib/kubelet/pods
          mountPropagation: HostToContainer
        - name: registration
          mountPath: /registration
      volumes:
      - name: kubelet
        hostPath:
          path: /var/lib/kubelet
      - name: pods
        hostPath:
          path: /var/lib/kubelet/pods/
      - name: registration
        hostPath:
          path: /var/lib/kubelet/plugins_registry
";
    let run = dsctl(&["validate", "-o", "json", "-"], Some(manifest));
    assert_code(&run, 0);
    let report = json(&run);
    let ds306: Vec<String> = documents(&report)[0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "DS306")
        .map(|f| format!("{} {}", str_of(&f["field"]), str_of(&f["message"])))
        .collect();
    assert_eq!(ds306.len(), 1, "{ds306:?}");
    assert!(
        ds306[0].starts_with("spec.template.spec.containers[0].volumeMounts[1] ")
            && ds306[0].contains("/var/lib/kubelet/pods"),
        "{ds306:?}"
    );
}

#[test]
fn exclude_leaves_files_and_directories_out_of_a_walk() {
    let walk = "fixtures/walk";
    let errors_in = |run: &Run| -> Vec<String> {
        let mut files: Vec<String> = documents(&json(run))
            .iter()
            .filter(|d| d["status"] == "invalid")
            .map(|d| str_of(&d["file"]).to_string())
            .collect();
        files.dedup();
        files
    };
    let run = validate(&["-o", "json", walk]);
    assert_code(&run, 1);
    assert_eq!(
        errors_in(&run),
        [
            "fixtures/walk/app/agent.tmpl.yaml",
            "fixtures/walk/charts/agent/templates/daemonset.yaml"
        ]
    );
    assert_eq!(
        run.stderr,
        "fixtures/walk/app/values.yaml: note: not Kubernetes YAML (no document has apiVersion or kind): skipped\n"
    );
    // A name at any depth, and a path below the walked directory.
    let run = validate(&[
        "-o",
        "json",
        "--exclude",
        "charts",
        "--exclude",
        "*.tmpl.yaml",
        "--exclude",
        "app/values.yaml",
        walk,
    ]);
    assert_code(&run, 0);
    assert_eq!(run.stderr, "");
    assert_eq!(json(&run)["summary"]["files"], 1);
    // A file named on the command line is read whatever --exclude says.
    let run = validate(&[
        "--exclude",
        "*.tmpl.yaml",
        "fixtures/walk/app/agent.tmpl.yaml",
    ]);
    assert_code(&run, 1);
    let run = validate(&["--exclude", "[", walk]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("--exclude \"[\""), "{}", run.stderr);
}

#[test]
fn an_object_defined_twice_is_an_error_on_the_later_one() {
    // Same group, kind, namespace (unset is `default`) and name, across documents and versions
    // of one group; another namespace, another kind or a generateName is another object.
    let manifest = b"apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: staging
data: {}
---
apiVersion: v1
kind: Secret
metadata:
  name: settings
---
apiVersion: v1
kind: ConfigMap
metadata:
  generateName: settings-
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data: {}
";
    let run = dsctl(&["validate", "-"], Some(manifest));
    assert_code(&run, 1);
    assert!(
        run.stdout.starts_with(
            "<stdin>:23:1: error[DS007] duplicate-object: metadata.name: ConfigMap/default/settings is also defined at <stdin>:1 (document 0): applied together, the later one replaces the earlier\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("DS007").count(), 1, "{}", run.stdout);
    assert_code(
        &dsctl(
            &["validate", "--ignore", "duplicate-object", "-"],
            Some(manifest),
        ),
        0,
    );
    // In two files it is a warning (DS008): directories often hold one file per environment.
    let run = validate(&[ERROR_AND_WARNING, CLEAN]);
    assert!(
        run.stdout.contains(
            "fixtures/validate/clean.yaml:2:1: warning[DS008] duplicate-object-across-files: metadata.name: DaemonSet/monitoring/node-agent is also defined at fixtures/validate/error-and-warning.yaml:10 (document 1)"
        ),
        "{}",
        run.stdout
    );
    // A warning: exit 0 unless --fail-on warning.
    let (a, b) = (
        "fixtures/walk/app/agent.yaml",
        "fixtures/rules/DS218-ok.yaml",
    );
    assert_code(&validate(&[a, b]), 0);
    assert_code(&validate(&["--fail-on", "warning", a, b]), 1);
}

#[test]
fn every_built_in_kind_is_checked_custom_resources_and_other_yaml_are_skipped() {
    let run = validate(&["-o", "json", "fixtures/kinds"]);
    assert_code(&run, 1);
    let r = json(&run);
    let got: Vec<String> = documents(&r)
        .iter()
        .map(|d| {
            let findings: Vec<String> = d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| format!("{}@{}:{}", str_of(&f["code"]), f["line"], f["column"]))
                .collect();
            format!(
                "{} {} {}",
                str_of(&d["kind"]),
                str_of(&d["status"]),
                findings.join(",")
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // imagePullPolicy: always (validateContainerCommon on a Pod's spec).
            "Pod invalid DS217@11:22",
            // No restartPolicy: defaulted to Always, which a Job may not use.
            "Job invalid DS201@19:5",
            // A name over 52 characters, and restartPolicy: Always.
            "CronJob invalid DS102@27:9,DS201@34:11",
            // The selector does not match the template's labels.
            "ReplicationController invalid DS101@48:7",
            // RBAC names are path segments: no `/`; the namespace of a cluster-scoped object
            // is cleared by the server, not checked.
            "ClusterRole invalid DS102@58:9",
            "Namespace invalid DS102@65:9",
            "Service invalid DS102@70:9",
            "ConfigMap invalid DS102@78:9",
            "Widget skipped ",
        ]
    );
    assert_eq!(
        r["summary"],
        serde_json::json!({"files": 4, "documents": 9, "errors": 9, "warnings": 0,
            "skipped": 1, "skippedFiles": 2})
    );
    assert_eq!(
        run.stderr,
        "fixtures/kinds/empty.yaml: note: no Kubernetes objects (empty, or comments only): skipped\n\
         fixtures/kinds/values.yaml: note: not Kubernetes YAML (no document has apiVersion or kind): skipped\n"
    );
    // Only the skipped files: nothing checked, nothing wrong.
    let run = validate(&["fixtures/kinds/values.yaml", "fixtures/kinds/widget.yaml"]);
    assert_code(&run, 0);
    assert!(
        run.stdout.ends_with(
            "0 objects checked in 2 files: 0 errors, 0 warnings; 1 object skipped (no schema or rules); 1 file skipped (no Kubernetes objects)\n"
        ),
        "{}",
        run.stdout
    );
    let run = validate(&["--strict-inputs", "fixtures/kinds/values.yaml"]);
    assert_code(&run, 2);
    assert!(
        run.stderr
            .starts_with("fixtures/kinds/values.yaml:2:1: error: document 0 has no `kind`"),
        "{}",
        run.stderr
    );
}
