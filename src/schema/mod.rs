//! Offline JSON-schema checks of Kubernetes objects against the OpenAPI schema of one
//! Kubernetes minor, embedded in the binary (see `schemas/README.md` for the data's origin).
//!
//! The schemas are those `kubectl`-adjacent tools publish as kubernetes-json-schema: what the
//! API server's decoder would reject (unknown fields in strict mode, wrong types, missing
//! required fields, unsupported enum values), not the semantic rules of
//! `pkg/apis/*/validation` (those live in `rules`).
//!
//! A check compiles one validator per (closure, strictness) the first time it is needed and
//! keeps it for the life of the process, shared by all threads.

mod bundle;
mod version;
mod violation;

pub use version::{KubeVersion, VersionError, bundled_versions, latest};
pub use violation::{Violation, ViolationKind};

use bundle::Lookup;
use jsonschema::{Draft, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// What checking one object against the schema found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaOutcome {
    /// The object was checked; an empty list means it conforms.
    Checked(Vec<Violation>),
    /// A built-in API group or kind, but this apiVersion/kind is not served by that version
    /// (e.g. `extensions/v1beta1` DaemonSet in 1.34). Lists the apiVersions that do serve the
    /// kind there, for a helpful message; empty when none does.
    UnknownKind { served_api_versions: Vec<String> },
    /// Not a kind Kubernetes defines (a custom resource), a `v1 List` (a client-side wrapper:
    /// check its items), an empty document, or a version without a bundled schema: nothing to
    /// check against.
    NoSchema,
}

/// Checks `obj` against the schema of its apiVersion/kind in `version`. With `strict`, a field
/// the schema does not declare on an object with declared properties is a violation (what
/// kubernetes-json-schema's `-strict` variants and `kubectl --validate=strict` do).
pub fn check(obj: &Value, version: KubeVersion, strict: bool) -> SchemaOutcome {
    let map = match obj {
        Value::Object(map) => map,
        Value::Null => return SchemaOutcome::NoSchema,
        other => {
            let got = match other {
                Value::Array(_) => "array",
                Value::String(_) => "string",
                Value::Number(_) => "number",
                _ => "boolean",
            };
            return SchemaOutcome::Checked(vec![Violation {
                path: String::new(),
                kind: ViolationKind::Type,
                message: format!("expected a Kubernetes object, got {got}"),
            }]);
        }
    };
    let api_version = map.get("apiVersion").and_then(Value::as_str);
    let kind = map.get("kind").and_then(Value::as_str);
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        return SchemaOutcome::Checked(missing_type_meta(map));
    };
    if api_version == "v1" && kind == "List" {
        return SchemaOutcome::NoSchema;
    }
    let index = bundle::index();
    if version.major != 1 || !index.minors.contains(&version.minor) {
        return SchemaOutcome::NoSchema;
    }
    let id = match index.lookup(version.minor, api_version, kind) {
        Lookup::Closure(id) => id,
        Lookup::NotServed {
            served_api_versions,
        } => {
            return SchemaOutcome::UnknownKind {
                served_api_versions,
            };
        }
        Lookup::Unknown => return SchemaOutcome::NoSchema,
    };
    let compiled = match compiled(id, strict) {
        Ok(compiled) => compiled,
        Err(message) => {
            // Cannot happen with the shipped data (a test compiles every closure), but a broken
            // build must say so rather than pass everything.
            return SchemaOutcome::Checked(vec![Violation {
                path: String::new(),
                kind: ViolationKind::Other,
                message: format!("bundled schema for {api_version} {kind} is unusable: {message}"),
            }]);
        }
    };
    if compiled.validator.is_valid(obj) {
        return SchemaOutcome::Checked(Vec::new());
    }
    let mut violations = Vec::new();
    for error in compiled.validator.iter_errors(obj) {
        violation::from_error(&error, &compiled.schema, &mut violations);
    }
    SchemaOutcome::Checked(violations)
}

/// `apiVersion` or `kind` missing or not a string: the API server's "Object 'Kind' is missing".
fn missing_type_meta(map: &serde_json::Map<String, Value>) -> Vec<Violation> {
    ["apiVersion", "kind"]
        .into_iter()
        .filter_map(|field| match map.get(field) {
            Some(Value::String(_)) => None,
            None | Some(Value::Null) => Some(Violation {
                path: field.to_string(),
                kind: ViolationKind::Required,
                message: format!("missing required field \"{field}\""),
            }),
            Some(other) => Some(Violation {
                path: field.to_string(),
                kind: ViolationKind::Type,
                message: format!("expected string, got {}", json_type(other)),
            }),
        })
        .collect()
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A validator and the closure it was built from (needed to name paths in errors).
struct Compiled {
    validator: Validator,
    schema: Value,
}

/// One slot per (closure, strict): filled once, then read without locking. `OnceLock` blocks
/// only threads that want the same slot while it is being compiled.
fn compiled(id: usize, strict: bool) -> Result<&'static Compiled, String> {
    type Slot = OnceLock<Result<Compiled, String>>;
    static SLOTS: OnceLock<Vec<[Slot; 2]>> = OnceLock::new();
    let slots = SLOTS.get_or_init(|| {
        (0..bundle::index().closure_slots())
            .map(|_| [OnceLock::new(), OnceLock::new()])
            .collect()
    });
    let slot = slots
        .get(id)
        .map(|pair| &pair[usize::from(strict)])
        .ok_or_else(|| format!("closure {id} is not in the index"))?;
    slot.get_or_init(|| compile(id, strict))
        .as_ref()
        .map_err(Clone::clone)
}

fn compile(id: usize, strict: bool) -> Result<Compiled, String> {
    let mut schema = bundle::index().closure(id)?;
    prepare(&mut schema, strict);
    // Draft 7, not the 2020-12 the source files declare: the closures use nothing that differs
    // (no `$ref` has siblings, which build.py checks; `$defs` is only reached through JSON
    // pointers), and jsonschema's one-off setup of the 2020-12 meta-schema costs ~1.3 ms of a
    // cold run, a quarter of the pre-commit budget.
    let validator = jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true)
        .with_format("byte", is_base64)
        .build(&schema)
        .map_err(|e| e.to_string())?;
    Ok(Compiled { validator, schema })
}

/// Rewrites a closure before compiling it:
/// - with `strict`, what turns kubernetes-json-schema's schemas into their `-strict` variants:
///   `additionalProperties: false` on every object schema that declares `properties`
///   (`schemas/build.py` checks that this reproduces the published strict files exactly);
/// - `format: int32`/`int64` become bounds, because JSON Schema formats only constrain strings
///   while the API server's decoder rejects an integer that overflows its Go field.
fn prepare(schema: &mut Value, strict: bool) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match key.as_str() {
                    // Names, not subschemas: recurse into each named schema.
                    "properties" | "$defs" | "patternProperties" => {
                        if let Value::Object(named) = value {
                            named.values_mut().for_each(|s| prepare(s, strict));
                        }
                    }
                    "enum" | "const" | "required" | "x-kubernetes-group-version-kind" => {}
                    _ => prepare(value, strict),
                }
            }
            if strict && map.contains_key("properties") && !map.contains_key("additionalProperties")
            {
                map.insert("additionalProperties".to_string(), Value::Bool(false));
            }
            let bounds = match map.get("format").and_then(Value::as_str) {
                Some("int32") => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
                Some("int64") => Some((i64::MIN, i64::MAX)),
                _ => None,
            };
            if let Some((min, max)) = bounds {
                map.entry("minimum").or_insert(Value::from(min));
                map.entry("maximum").or_insert(Value::from(max));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|s| prepare(s, strict)),
        _ => {}
    }
}

/// The `byte` format: standard base64 with padding, as Go's `encoding/base64.StdEncoding`
/// decodes `[]byte` fields (it skips `\r` and `\n`).
fn is_base64(s: &str) -> bool {
    let mut len = 0usize;
    let mut padding = 0usize;
    for b in s.bytes().filter(|b| !matches!(b, b'\r' | b'\n')) {
        let ok = match b {
            b'=' => {
                padding += 1;
                true
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => padding == 0,
            _ => false,
        };
        if !ok || padding > 2 {
            return false;
        }
        len += 1;
    }
    len.is_multiple_of(4)
}

#[cfg(test)]
mod tests;
