//! Schema violations in the API server's terms: a field path (`spec.template.spec.containers[0]`,
//! `metadata.labels[app]`), what kind of rule failed, and a short message with the actual value.

use crate::finding::FieldPath;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

/// One way an object breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Field path in the API server's style; for a missing or unknown field, that field.
    pub path: String,
    pub kind: ViolationKind,
    /// Short and human: `unknown field "replicas"`, `expected string, got boolean true`.
    pub message: String,
}

/// Which schema rule a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    /// A field the schema does not declare (strict mode only).
    UnknownField,
    /// A value of the wrong JSON type.
    Type,
    /// A value outside the listed ones.
    Enum,
    /// A required field is missing.
    Required,
    /// A string that does not match its `format` (`date-time`, `byte`).
    Format,
    /// Anything else the schema language can say.
    Other,
}

/// Turns one validator error into violations (an `additionalProperties` error names several
/// fields at once), with paths resolved against `schema`, the closure the validator was built from.
pub(crate) fn from_error(error: &ValidationError<'_>, schema: &Value, out: &mut Vec<Violation>) {
    let path = api_path(schema, error.instance_path().segments());
    let instance = error.instance();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                out.push(Violation {
                    path: path.child(name).to_string(),
                    kind: ViolationKind::UnknownField,
                    message: format!("unknown field {}", quote(name)),
                });
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string);
            out.push(Violation {
                path: path.child(&name).to_string(),
                kind: ViolationKind::Required,
                message: format!("missing required field {}", quote(&name)),
            });
        }
        ValidationErrorKind::Type { kind } => {
            let expected: Vec<JsonType> = match kind {
                TypeKind::Single(t) => vec![*t],
                TypeKind::Multiple(set) => set.iter().collect(),
            };
            let named: Vec<&str> = expected
                .iter()
                .filter(|t| expected.len() == 1 || **t != JsonType::Null)
                .map(|t| t.as_str())
                .collect();
            out.push(Violation {
                path: path.to_string(),
                kind: ViolationKind::Type,
                message: format!(
                    "expected {}, got {}",
                    named.join(" or "),
                    describe(instance)
                ),
            });
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = match options.as_ref() {
                Value::Array(values) => values.iter().map(short).collect(),
                other => vec![short(other)],
            };
            out.push(Violation {
                path: path.to_string(),
                kind: ViolationKind::Enum,
                message: format!(
                    "unsupported value {}: supported values: {}",
                    short(instance),
                    allowed.join(", ")
                ),
            });
        }
        ValidationErrorKind::Maximum { limit } | ValidationErrorKind::Minimum { limit } => {
            // The only bounds in the bundled schemas are the ones `prepare` adds for int32/int64.
            let width = match limit.as_i64() {
                Some(l) if l == i64::from(i32::MAX) || l == i64::from(i32::MIN) => "int32",
                _ => "int64",
            };
            out.push(Violation {
                path: path.to_string(),
                kind: ViolationKind::Format,
                message: format!("{} is out of the {width} range", short(instance)),
            });
        }
        ValidationErrorKind::Format { format } => out.push(Violation {
            path: path.to_string(),
            kind: ViolationKind::Format,
            message: format!("invalid {format}: {}", short(instance)),
        }),
        _ => out.push(Violation {
            path: path.to_string(),
            kind: ViolationKind::Other,
            message: error.to_string(),
        }),
    }
}

/// Follows a JSON pointer through the schema so that each step is named the way the API server
/// names it: a declared property is `.field`, an array item `[N]`, and an entry of a map-typed
/// field (an object whose schema has `additionalProperties` and no `properties`: labels,
/// annotations, nodeSelector, resource limits) is `[key]`.
fn api_path<'a>(schema: &Value, segments: impl Iterator<Item = LocationSegment<'a>>) -> FieldPath {
    let mut path = FieldPath::default();
    let mut node = Some(resolve(schema, schema));
    for segment in segments {
        match segment {
            LocationSegment::Index(i) => {
                path = path.index(i);
                node = node
                    .and_then(|n| n.get("items"))
                    .map(|n| resolve(schema, n));
            }
            LocationSegment::Property(name) => {
                let declared = node
                    .and_then(|n| n.get("properties"))
                    .and_then(|p| p.get(name.as_ref()));
                let map_value = node
                    .and_then(|n| n.get("additionalProperties"))
                    .filter(|a| a.is_object());
                if let Some(sub) = declared {
                    path = path.child(&name);
                    node = Some(resolve(schema, sub));
                } else if let Some(sub) = map_value {
                    path = path.key(&name);
                    node = Some(resolve(schema, sub));
                } else {
                    path = path.child(&name);
                    node = None;
                }
            }
        }
    }
    path
}

/// Follows `$ref: "#/$defs/NAME"` chains inside one closure (bounded, in case of a cycle).
fn resolve<'s>(root: &'s Value, mut node: &'s Value) -> &'s Value {
    for _ in 0..16 {
        let Some(target) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| root.get("$defs")?.get(name))
        else {
            break;
        };
        node = target;
    }
    node
}

fn quote(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// A value as a message shows it: scalars in full (long strings cut), containers by type.
fn short(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 60 => {
            let head: String = s.chars().take(57).collect();
            format!("{}...", quote(&head).trim_end_matches('"'))
        }
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
        other => other.to_string(),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) if n.is_f64() => format!("number {n}"),
        Value::Number(n) => format!("integer {n}"),
        Value::String(_) => format!("string {}", short(value)),
        Value::Array(_) => "array".to_string(),
        Value::Object(_) => "object".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path_of(schema: &Value, pointer: &[&str]) -> String {
        let segments = pointer.iter().map(|s| match s.parse::<usize>() {
            Ok(i) => LocationSegment::Index(i),
            Err(_) => LocationSegment::Property((*s).into()),
        });
        api_path(schema, segments).to_string()
    }

    #[test]
    fn names_map_entries_as_keys_and_properties_as_fields() {
        let schema = json!({
            "$ref": "#/$defs/Obj",
            "$defs": {
                "Obj": {"properties": {
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
                }},
                "Item": {"properties": {"port": {"type": "integer"}}},
            }
        });
        assert_eq!(
            path_of(&schema, &["labels", "app.kubernetes.io/name"]),
            "labels[app.kubernetes.io/name]"
        );
        assert_eq!(path_of(&schema, &["items", "0", "port"]), "items[0].port");
        assert_eq!(path_of(&schema, &["unknown", "deeper"]), "unknown.deeper");
        assert_eq!(path_of(&schema, &[]), "");
    }

    #[test]
    fn describes_values_briefly() {
        assert_eq!(describe(&json!(true)), "boolean true");
        assert_eq!(describe(&json!(3)), "integer 3");
        assert_eq!(describe(&json!(1.5)), "number 1.5");
        assert_eq!(describe(&json!("x")), "string \"x\"");
        let long = "a".repeat(100);
        assert_eq!(short(&json!(long)), format!("\"{}...", "a".repeat(57)));
    }

    #[test]
    fn a_ref_cycle_does_not_hang() {
        let schema = json!({"$ref": "#/$defs/A", "$defs": {"A": {"$ref": "#/$defs/A"}}});
        assert_eq!(path_of(&schema, &["x"]), "x");
    }
}
