//! Plain-scalar resolution with the rules Kubernetes reads YAML by.
//!
//! `kubectl` and the API server decode YAML with `sigs.k8s.io/yaml`, which runs go-yaml v2
//! (YAML 1.1 resolution, `resolve.go` `resolve`) and then converts to JSON. So a plain `yes`
//! is the boolean `true`, `0644` is the octal integer 420, `1_000` is 1000, and timestamps stay
//! strings. Quoted and block scalars are always strings.

use super::node::Kind;

/// Resolves a plain (unquoted) scalar.
pub fn resolve_plain(s: &str) -> Kind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Kind::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Kind::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Kind::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Kind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Kind::Float(f64::NAN),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Kind::Str(s.to_string(), super::node::Style::Plain);
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if let Some(k) = parse_int(&plain) {
        return k;
    }
    if is_yaml_float(&plain)
        && let Ok(f) = plain.parse::<f64>()
    {
        return Kind::Float(f);
    }
    Kind::Str(s.to_string(), super::node::Style::Plain)
}

/// `strconv.ParseInt(plain, 0, 64)` then `ParseUint`, plus go-yaml's `0b` binary form.
fn parse_int(plain: &str) -> Option<Kind> {
    let (neg, body) = match plain.as_bytes().first()? {
        b'-' => (true, &plain[1..]),
        b'+' => (false, &plain[1..]),
        _ => (false, plain),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (2, d)
    } else if let Some(d) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (8, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mag = u128::from_str_radix(digits, radix).ok()?;
    if neg {
        if mag <= i64::MAX as u128 + 1 {
            return Some(Kind::Int((-(mag as i128)) as i64));
        }
        None
    } else if mag <= i64::MAX as u128 {
        Some(Kind::Int(mag as i64))
    } else if mag <= u64::MAX as u128 {
        Some(Kind::UInt(mag as u64))
    } else {
        None
    }
}

/// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// The string a resolved scalar becomes when it is used as a mapping key (sigs.k8s.io/yaml
/// turns non-string keys into their Go formatting).
pub fn key_string(kind: &Kind, raw: &str) -> Option<String> {
    Some(match kind {
        Kind::Str(s, _) => s.clone(),
        Kind::Null => "null".to_string(),
        Kind::Bool(b) => b.to_string(),
        Kind::Int(i) => i.to_string(),
        Kind::UInt(u) => u.to_string(),
        Kind::Float(_) => raw.to_string(),
        Kind::Seq(_) | Kind::Map(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::node::Style;

    fn s(x: &str) -> Kind {
        Kind::Str(x.to_string(), Style::Plain)
    }

    #[test]
    fn yaml_1_1_booleans_and_nulls() {
        for t in ["y", "Y", "yes", "on", "ON", "true", "True"] {
            assert_eq!(resolve_plain(t), Kind::Bool(true), "{t}");
        }
        for f in ["n", "no", "off", "Off", "false", "FALSE"] {
            assert_eq!(resolve_plain(f), Kind::Bool(false), "{f}");
        }
        for n in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(resolve_plain(n), Kind::Null, "{n}");
        }
        assert_eq!(resolve_plain("nULL"), s("nULL"));
        assert_eq!(resolve_plain("yES"), s("yES"));
    }

    #[test]
    fn go_integers() {
        assert_eq!(resolve_plain("0644"), Kind::Int(420));
        assert_eq!(resolve_plain("0777"), Kind::Int(511));
        assert_eq!(resolve_plain("1_000"), Kind::Int(1000));
        assert_eq!(resolve_plain("0x1F"), Kind::Int(31));
        assert_eq!(resolve_plain("0b101"), Kind::Int(5));
        assert_eq!(resolve_plain("-12"), Kind::Int(-12));
        assert_eq!(resolve_plain("+12"), Kind::Int(12));
        assert_eq!(resolve_plain("0"), Kind::Int(0));
        assert_eq!(resolve_plain("18446744073709551615"), Kind::UInt(u64::MAX));
        // Beyond u64: a float, as strconv.ParseFloat would give.
        assert!(matches!(
            resolve_plain("99999999999999999999999"),
            Kind::Float(_)
        ));
        // 08 is not octal and not a yamlStyleFloat match failure: it is the float 8.
        assert_eq!(resolve_plain("08"), Kind::Float(8.0));
    }

    #[test]
    fn floats_and_strings() {
        assert_eq!(resolve_plain("1e3"), Kind::Float(1000.0));
        assert_eq!(resolve_plain("1.5"), Kind::Float(1.5));
        assert_eq!(resolve_plain(".5"), Kind::Float(0.5));
        assert_eq!(resolve_plain("10%"), s("10%"));
        assert_eq!(resolve_plain("1.2.3"), s("1.2.3"));
        assert_eq!(resolve_plain("2001-12-14"), s("2001-12-14"));
        assert_eq!(resolve_plain("-"), s("-"));
        assert_eq!(resolve_plain("100Mi"), s("100Mi"));
        assert_eq!(resolve_plain("e3"), s("e3"));
    }
}
