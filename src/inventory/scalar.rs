//! Strings out of YAML 1.1 plain scalars for the fields dsctl keeps, as kubectl reads them.
//!
//! Resolution itself is the manifest loader's ([`crate::manifest::scalar::resolve_plain`]).
//!
//! kubectl decodes YAML with `sigs.k8s.io/yaml`, which resolves plain scalars with go-yaml v2's
//! YAML 1.1 rules and then, when the Go target is a `string` (label values, taint values,
//! quantities), converts a resolved bool or number back to text (`convertToJSONableObject`):
//! `true`/`yes`/`on` become `"true"`, `0x1F` becomes `"31"`, `1.50` becomes `"1.5"`. dsctl does
//! the same, so an unquoted `gpu: yes` label reads as the value the API server would store.
//! `null`/`~`/empty become the empty string, as JSON `null` leaves a Go string empty.

use crate::manifest::node::Kind;
use crate::manifest::scalar::resolve_plain;

/// Whether a plain scalar may resolve to something other than a string. Every YAML 1.1 null,
/// bool, number or special float starts with a digit, a sign, `.`, `~`, or one of the letters
/// of `y`/`n`/`true`/`false`/`on`/`off`/`null` (or is empty); everything else is a string
/// without asking the resolver (which allocates), the common case for keys.
pub fn may_resolve(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b) => !b.is_ascii_alphabetic() || b"yYnNtTfFoO".contains(b),
    }
}

/// The string kubectl stores for a plain scalar decoded into a Go string field.
pub fn plain_as_string(s: &str) -> String {
    if !may_resolve(s) {
        return s.to_string();
    }
    match resolve_plain(s) {
        Kind::Null => String::new(),
        Kind::Bool(b) => b.to_string(),
        Kind::Int(i) => i.to_string(),
        Kind::UInt(u) => u.to_string(),
        Kind::Float(f) => go_float(f),
        Kind::Str(..) | Kind::Seq(_) | Kind::Map(_) => s.to_string(),
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
        Kind::Bool(b) => Some(b),
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
        assert_eq!(plain_as_string("08"), "8");
        assert_eq!(
            plain_as_string("18446744073709551615"),
            "18446744073709551615"
        );
        assert!(
            !may_resolve("kind") && may_resolve("true") && may_resolve("0x1") && may_resolve("")
        );
    }
}
