//! YAML 1.1 scalar resolution for the fields dsctl keeps, as kubectl reads them.
//!
//! kubectl decodes YAML with `sigs.k8s.io/yaml`, which resolves plain scalars with go-yaml v2's
//! YAML 1.1 rules and then, when the Go target is a `string` (label values, taint values,
//! quantities), converts a resolved bool or number back to text (`convertToJSONableObject`):
//! `true`/`yes`/`on` become `"true"`, `0x1F` becomes `"31"`, `1.50` becomes `"1.5"`. dsctl does
//! the same, so an unquoted `gpu: yes` label reads as the value the API server would store.
//! `null`/`~`/empty become the empty string, as JSON `null` leaves a Go string empty.

/// The value of a YAML 1.1 plain scalar after resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str,
}

/// go-yaml v2 `resolve` for a plain scalar.
pub fn resolve_plain(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Resolved::Str;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if let Some(i) = parse_int(&plain) {
        return Resolved::Int(i);
    }
    let float_shape = plain
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && plain.bytes().any(|b| b.is_ascii_digit());
    if float_shape && let Ok(f) = plain.parse::<f64>() {
        return Resolved::Float(f);
    }
    Resolved::Str
}

fn parse_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(b) = body.strip_prefix("0b") {
        (2, b)
    } else if let Some(h) = body.strip_prefix("0x") {
        (16, h)
    } else if let Some(o) = body.strip_prefix("0o") {
        (8, o)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    Some(if neg { -v } else { v })
}

/// The string kubectl stores for a plain scalar decoded into a Go string field.
pub fn plain_as_string(s: &str) -> String {
    match resolve_plain(s) {
        Resolved::Null => String::new(),
        Resolved::Bool(b) => b.to_string(),
        Resolved::Int(i) => i.to_string(),
        Resolved::Float(f) => go_float(f),
        Resolved::Str => s.to_string(),
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 32)` as `sigs.k8s.io/yaml` calls it: shortest digits of the
/// 32-bit value, exponent form below 1e-4 or from 1e6 (`%e` style, two-digit exponent: `1e+06`).
fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    #[allow(clippy::cast_possible_truncation)]
    let f = f as f32;
    let sci = format!("{f:e}"); // shortest round-trip digits, e.g. 1.5e0
    let Some((mant, exp)) = sci.split_once('e') else {
        return sci;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        format!("{f}")
    }
}

/// go-yaml v2 bool resolution for a Go `bool` target; `None` when the scalar is not a bool.
pub fn plain_as_bool(s: &str) -> Option<bool> {
    match resolve_plain(s) {
        Resolved::Bool(b) => Some(b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml11_scalars_become_kubectl_strings() {
        assert_eq!(plain_as_string("true"), "true");
        assert_eq!(plain_as_string("yes"), "true");
        assert_eq!(plain_as_string("Off"), "false");
        assert_eq!(plain_as_string("0x1F"), "31");
        assert_eq!(plain_as_string("010"), "8");
        assert_eq!(plain_as_string("1_000"), "1000");
        assert_eq!(plain_as_string("1.50"), "1.5");
        assert_eq!(plain_as_string("1e21"), "1e+21");
        assert_eq!(plain_as_string("1e6"), "1e+06");
        assert_eq!(plain_as_string("100000.0"), "100000");
        assert_eq!(plain_as_string("~"), "");
        assert_eq!(plain_as_string("32Gi"), "32Gi");
        assert_eq!(plain_as_string("us-east-1a"), "us-east-1a");
        assert_eq!(plain_as_string("1.2.3"), "1.2.3");
        assert_eq!(plain_as_string("-"), "-");
    }
}
