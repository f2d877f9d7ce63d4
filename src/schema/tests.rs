use super::*;
use serde_json::json;

fn v(minor: u32) -> KubeVersion {
    KubeVersion { major: 1, minor }
}

fn daemonset() -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "agent", "labels": {"app": "agent"}},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
            "template": {
                "metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{
                    "name": "agent",
                    "image": "agent:1",
                    "ports": [{"containerPort": 8080}],
                    "resources": {"limits": {"cpu": "100m", "memory": 64}}
                }]}
            }
        }
    })
}

fn violations(obj: &Value, strict: bool) -> Vec<Violation> {
    match check(obj, latest(), strict) {
        SchemaOutcome::Checked(v) => v,
        other => panic!("expected Checked, got {other:?}"),
    }
}

fn set(obj: &mut Value, pointer: &str, value: Value) {
    *obj.pointer_mut(pointer)
        .expect("pointer exists in the fixture") = value;
}

#[test]
fn a_valid_daemonset_passes_in_every_bundled_version() {
    for version in bundled_versions() {
        assert_eq!(
            check(&daemonset(), version, true),
            SchemaOutcome::Checked(vec![]),
            "{version}"
        );
    }
}

#[test]
fn an_unknown_field_is_named_by_its_own_path_only_when_strict() {
    let mut ds = daemonset();
    ds["spec"]["replicas"] = json!(3);
    assert_eq!(
        violations(&ds, true),
        vec![Violation {
            path: "spec.replicas".into(),
            kind: ViolationKind::UnknownField,
            message: "unknown field \"replicas\"".into(),
        }]
    );
    assert_eq!(violations(&ds, false), vec![]);
}

#[test]
fn a_boolean_label_value_is_a_type_error_at_the_map_key() {
    let mut ds = daemonset();
    ds["metadata"]["labels"]["app"] = json!(true);
    assert_eq!(
        violations(&ds, true),
        vec![Violation {
            path: "metadata.labels[app]".into(),
            kind: ViolationKind::Type,
            message: "expected string, got boolean true".into(),
        }]
    );
}

#[test]
fn int_or_string_takes_both_and_nothing_else() {
    let pointer = "/spec/updateStrategy/rollingUpdate/maxUnavailable";
    for ok in [json!("10%"), json!(1), json!(null)] {
        let mut ds = daemonset();
        set(&mut ds, pointer, ok.clone());
        assert_eq!(violations(&ds, true), vec![], "{ok}");
    }
    let mut ds = daemonset();
    set(&mut ds, pointer, json!(true));
    assert_eq!(
        violations(&ds, true),
        vec![Violation {
            path: "spec.updateStrategy.rollingUpdate.maxUnavailable".into(),
            kind: ViolationKind::Type,
            message: "expected integer or string, got boolean true".into(),
        }]
    );
}

#[test]
fn quantities_take_strings_and_numbers() {
    let mut ds = daemonset();
    let limits = "/spec/template/spec/containers/0/resources/limits";
    set(&mut ds, limits, json!({"cpu": 0.5, "memory": "1Gi"}));
    assert_eq!(violations(&ds, true), vec![]);
    set(&mut ds, limits, json!({"cpu": ["1"]}));
    let found = violations(&ds, true);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].path,
        "spec.template.spec.containers[0].resources.limits[cpu]"
    );
    assert_eq!(found[0].message, "expected number or string, got array");
}

#[test]
fn a_missing_required_field_names_that_field() {
    let mut ds = daemonset();
    ds["spec"]["template"]["spec"]["containers"][0]["ports"][0] = json!({"name": "http"});
    assert_eq!(
        violations(&ds, true),
        vec![Violation {
            path: "spec.template.spec.containers[0].ports[0].containerPort".into(),
            kind: ViolationKind::Required,
            message: "missing required field \"containerPort\"".into(),
        }]
    );
}

#[test]
fn a_wrong_scalar_type_says_expected_and_actual() {
    let mut ds = daemonset();
    set(
        &mut ds,
        "/spec/template/spec/containers/0/ports/0/containerPort",
        json!("8080"),
    );
    assert_eq!(
        violations(&ds, true),
        vec![Violation {
            path: "spec.template.spec.containers[0].ports[0].containerPort".into(),
            kind: ViolationKind::Type,
            message: "expected integer, got string \"8080\"".into(),
        }]
    );
}

#[test]
fn enum_violations_list_the_allowed_values() {
    // The published schemas carry enums only on apiVersion/kind, which matter where one kind
    // embeds another: an Eviction's deleteOptions.
    let eviction = json!({
        "apiVersion": "policy/v1",
        "kind": "Eviction",
        "deleteOptions": {"kind": "Options"}
    });
    assert_eq!(
        violations(&eviction, true),
        vec![Violation {
            path: "deleteOptions.kind".into(),
            kind: ViolationKind::Enum,
            message: "unsupported value \"Options\": supported values: \"DeleteOptions\"".into(),
        }]
    );
}

#[test]
fn byte_fields_must_be_base64() {
    let secret = |data: &str| json!({"apiVersion": "v1", "kind": "Secret", "data": {"k": data}});
    assert_eq!(
        check(&secret("aGVsbG8="), latest(), true),
        SchemaOutcome::Checked(vec![])
    );
    let SchemaOutcome::Checked(found) = check(&secret("hello!"), latest(), true) else {
        panic!("Secret has a schema");
    };
    assert_eq!(
        found,
        vec![Violation {
            path: "data[k]".into(),
            kind: ViolationKind::Format,
            message: "invalid byte: \"hello!\"".into(),
        }]
    );
    assert!(is_base64("aGVs\nbG8="));
    assert!(!is_base64("aGVsbG8"));
    assert!(!is_base64("aG=sbG8="));
}

#[test]
fn an_apiversion_the_version_does_not_serve_is_unknown_kind() {
    let mut ds = daemonset();
    ds["apiVersion"] = json!("extensions/v1beta1");
    assert_eq!(
        check(&ds, v(34), true),
        SchemaOutcome::UnknownKind {
            served_api_versions: vec!["apps/v1".into()]
        }
    );
    ds["apiVersion"] = json!("apps/v1beta2");
    assert_eq!(
        check(&ds, v(34), false),
        SchemaOutcome::UnknownKind {
            served_api_versions: vec!["apps/v1".into()]
        }
    );
}

#[test]
fn custom_resources_have_no_schema() {
    let cr =
        json!({"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "spec": {}});
    assert_eq!(check(&cr, latest(), true), SchemaOutcome::NoSchema);
}

#[test]
fn odd_documents_do_not_panic() {
    assert_eq!(check(&Value::Null, latest(), true), SchemaOutcome::NoSchema);
    let SchemaOutcome::Checked(found) = check(&json!([1, 2]), latest(), true) else {
        panic!("an array is checked");
    };
    assert_eq!(found[0].kind, ViolationKind::Type);
    let SchemaOutcome::Checked(found) = check(&json!({"kind": 3}), latest(), true) else {
        panic!("a typeless object is checked");
    };
    assert_eq!(
        found.iter().map(|v| v.path.as_str()).collect::<Vec<_>>(),
        ["apiVersion", "kind"]
    );
    let mut ds = daemonset();
    ds["spec"]["minReadySeconds"] = json!(u64::MAX);
    ds["spec"]["revisionHistoryLimit"] = json!(1e300);
    ds["metadata"]["annotations"] = json!({"": null, "a": {"deep": [[[]]]}});
    let found = violations(&ds, true);
    assert!(
        found.contains(&Violation {
            path: "spec.revisionHistoryLimit".into(),
            kind: ViolationKind::Format,
            message: "1e+300 is out of the int32 range".into(),
        }),
        "{found:?}"
    );
    assert!(
        found.iter().any(|v| v.path == "spec.minReadySeconds"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|v| v.path == "metadata.annotations[a]"),
        "{found:?}"
    );
    assert_eq!(
        check(&ds, KubeVersion { major: 2, minor: 0 }, true),
        SchemaOutcome::NoSchema
    );
}

#[test]
fn checks_from_several_threads_share_one_validator() {
    let handles: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(|| check(&daemonset(), v(30), true)))
        .collect();
    for handle in handles {
        assert_eq!(handle.join().ok(), Some(SchemaOutcome::Checked(vec![])));
    }
}

#[test]
fn strict_rewrite_leaves_maps_and_named_schemas_alone() {
    let mut schema = json!({
        "properties": {"properties": {"type": "string"}, "m": {"additionalProperties": {"type": "string"}}},
        "$defs": {"X": {"properties": {"a": {}}}},
    });
    prepare(&mut schema, true);
    assert_eq!(schema["additionalProperties"], json!(false));
    assert_eq!(schema["$defs"]["X"]["additionalProperties"], json!(false));
    assert_eq!(
        schema["properties"]["properties"],
        json!({"type": "string"})
    );
    assert_eq!(
        schema["properties"]["m"]["additionalProperties"],
        json!({"type": "string"})
    );
}

#[test]
fn every_bundled_closure_compiles_loose_and_strict() {
    for id in 0..bundle::index().closure_slots() {
        for strict in [false, true] {
            if let Err(e) = compile(id, strict) {
                panic!("closure {id} strict={strict}: {e}");
            }
        }
    }
}

#[test]
fn a_v1_list_is_left_to_its_items() {
    let list = json!({"apiVersion": "v1", "kind": "List", "items": [daemonset()]});
    assert_eq!(check(&list, latest(), true), SchemaOutcome::NoSchema);
}

#[test]
fn the_data_readme_lists_exactly_the_bundled_versions() {
    let readme = include_str!("../../schemas/README.md");
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| 1."))
        .filter_map(|rest| rest.split(' ').next())
        .collect();
    let bundled: Vec<String> = bundled_versions()
        .iter()
        .map(|v| v.minor.to_string())
        .collect();
    assert_eq!(listed, bundled);
}
