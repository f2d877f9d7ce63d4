//! Reading a decoded object (`serde_json::Value`) the way the API server's Go decoder does:
//! `null` is the same as absent, and a value of the wrong JSON type is treated as absent here
//! (the decode-type rules report it separately, so other rules do not pile up on it).

use serde_json::{Map, Value};

/// A field of an object, with JSON `null` read as absent.
pub(crate) fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|x| !x.is_null())
}

/// JSON `null`, to borrow where a field is absent.
pub(crate) const NULL: &Value = &Value::Null;

/// An empty JSON object, to borrow where an absent field reads as `{}` (a Go struct's zero value).
pub(crate) fn empty_object() -> &'static Value {
    static EMPTY: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Value::Object(Map::new()))
}

/// A field, or `{}` when it is absent or null.
pub(crate) fn get_or_empty<'a>(v: &'a Value, key: &str) -> &'a Value {
    get(v, key).unwrap_or_else(|| empty_object())
}

/// A path of fields: `at(obj, &["spec", "template", "spec"])`.
pub(crate) fn at<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(v, |cur, k| get(cur, k))
}

/// A string field; other JSON types read as absent.
pub(crate) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(Value::as_str)
}

/// A string field, empty when absent (Go's zero value).
pub(crate) fn string_or_empty<'a>(v: &'a Value, key: &str) -> &'a str {
    str_at(v, key).unwrap_or("")
}

/// The items of an array field; empty when absent or not an array.
pub(crate) fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    get(v, key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The entries of a list-of-strings field; one of another type reads as `""` (its type is the
/// decoder's finding).
pub(crate) fn strings<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    items(v, key)
        .iter()
        .map(|s| s.as_str().unwrap_or(""))
        .collect()
}

/// The map of an object field, when it is one.
pub(crate) fn map_at<'a>(v: &'a Value, key: &str) -> Option<&'a Map<String, Value>> {
    get(v, key).and_then(Value::as_object)
}

/// String entries of a `map[string]string` field (non-string values are skipped).
pub(crate) fn string_map<'a>(v: &'a Value, key: &str) -> Vec<(&'a str, &'a str)> {
    map_at(v, key)
        .map(|m| {
            m.iter()
                .filter_map(|(k, x)| x.as_str().map(|s| (k.as_str(), s)))
                .collect()
        })
        .unwrap_or_default()
}

/// An integer field (JSON number without a fraction).
pub(crate) fn int_at(v: &Value, key: &str) -> Option<i64> {
    get(v, key).and_then(as_int)
}

/// An integer value: Go decodes `5.0` into an int32 field, but not `5.5`.
pub(crate) fn as_int(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    })
}

/// A boolean field, false when absent.
pub(crate) fn bool_at(v: &Value, key: &str) -> bool {
    get(v, key).and_then(Value::as_bool).unwrap_or(false)
}

/// The value rendered the way `field.Error.ErrorBody` prints a bad value: strings quoted,
/// numbers and booleans bare. Go prints other structs with `%#v`
/// (`apps.DaemonSetUpdateStrategy{Type:"x", ...}`); dsctl prints them as compact JSON of the
/// object as written, which names the same fields and values.
pub(crate) fn render(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::String(s) => quote(s),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// A `map[string]string` printed like Go's `%#v` (what the server prints for a labels map):
/// `map[string]string{"app":"agent"}`, keys sorted, `map[string]string(nil)` when absent.
pub(crate) fn render_string_map(v: Option<&Value>) -> String {
    match v.and_then(Value::as_object) {
        None => "map[string]string(nil)".to_string(),
        Some(m) => {
            let mut pairs: Vec<(&String, &Value)> = m.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(b.0));
            let body: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}:{}", quote(k), render(v)))
                .collect();
            format!("map[string]string{{{}}}", body.join(", "))
        }
    }
}

/// A string quoted like Go's `%q` (close enough: JSON escaping).
pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}
