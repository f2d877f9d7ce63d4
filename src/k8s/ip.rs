//! IP addresses in the fields the API server has always parsed "sloppily": `hostAliases[].ip`,
//! `dnsConfig.nameservers[]`.
//!
//! Upstream: `IsValidIPForLegacyField` and `parseIP` (`k8s.io/apimachinery/pkg/util/validation/ip.go`)
//! over `netutils.ParseIPSloppy`, the Go 1.16 `net.ParseIP` that still takes leading zeros
//! (`k8s.io/utils/internal/third_party/forked/golang/net/ip.go`). With `StrictIPCIDRValidation`
//! (beta and on from Kubernetes 1.36) what the sloppy parser accepts must also parse as
//! `netip.ParseAddr` does, and may not be an IPv4-mapped IPv6 address.

use std::net::IpAddr;

/// `parseIP`'s messages for `value` (empty when it is a valid address); `strict` is the
/// `StrictIPCIDRValidation` gate.
pub fn legacy_ip_errors(value: &str, strict: bool) -> Vec<&'static str> {
    if parse_ip_sloppy(value).is_none() {
        return vec!["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"];
    }
    let mut errors = Vec::new();
    if strict {
        // What the sloppy parser takes and the strict one refuses has leading zeros.
        match value.parse::<IpAddr>() {
            Err(_) => errors.push("must not have leading 0s"),
            Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some() => {
                errors.push("must not be an IPv4-mapped IPv6 address")
            }
            Ok(_) => {}
        }
    }
    errors
}

/// The 16 bytes `ParseIPSloppy` returns, or `None` where it returns nil. The parser picks the
/// family by whichever of `.` or `:` comes first.
fn parse_ip_sloppy(s: &str) -> Option<[u8; 16]> {
    match s.bytes().find(|b| matches!(b, b'.' | b':'))? {
        b'.' => parse_v4(s).map(|[a, b, c, d]| {
            let mut ip = [0u8; 16];
            ip[10] = 0xff;
            ip[11] = 0xff;
            ip[12..].copy_from_slice(&[a, b, c, d]);
            ip
        }),
        _ => parse_v6(s),
    }
}

/// Values at or above this overflow `dtoi`/`xtoi`.
const BIG: u32 = 0xFF_FFFF;

/// `dtoi`: a decimal number at the start of `s` and how many bytes it took.
fn dtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        n = n * 10 + u32::from(s[i] - b'0');
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

/// `xtoi`: a hexadecimal number at the start of `s` and how many bytes it took.
fn xtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut i = 0;
    while i < s.len() {
        let Some(d) = char::from(s[i]).to_digit(16) else {
            break;
        };
        n = n * 16 + d;
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

/// `parseIPv4`: four decimal octets, leading zeros allowed.
fn parse_v4(s: &str) -> Option<[u8; 4]> {
    let mut s = s.as_bytes();
    let mut p = [0u8; 4];
    for (i, octet) in p.iter_mut().enumerate() {
        if s.is_empty() {
            return None;
        }
        if i > 0 {
            if s[0] != b'.' {
                return None;
            }
            s = &s[1..];
        }
        let (n, c) = dtoi(s)?;
        *octet = u8::try_from(n).ok()?;
        s = &s[c..];
    }
    s.is_empty().then_some(p)
}

/// `parseIPv6`: hex groups with one optional `::`, and an optional trailing IPv4 part.
fn parse_v6(s: &str) -> Option<[u8; 16]> {
    let mut ip = [0u8; 16];
    let mut rest = s.as_bytes();
    let mut ellipsis: Option<usize> = None;
    if rest.starts_with(b"::") {
        ellipsis = Some(0);
        rest = &rest[2..];
        if rest.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0;
    while i < 16 {
        let (n, c) = xtoi(rest)?;
        if n > 0xFFFF {
            return None;
        }
        if rest.get(c) == Some(&b'.') {
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 {
                return None;
            }
            let v4 = parse_v4(std::str::from_utf8(rest).ok()?)?;
            ip[i..i + 4].copy_from_slice(&v4);
            rest = &[];
            i += 4;
            break;
        }
        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;
        rest = &rest[c..];
        if rest.is_empty() {
            break;
        }
        if rest[0] != b':' || rest.len() == 1 {
            return None;
        }
        rest = &rest[1..];
        if rest[0] == b':' {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            rest = &rest[1..];
            if rest.is_empty() {
                break;
            }
        }
    }
    if !rest.is_empty() {
        return None;
    }
    if i < 16 {
        let e = ellipsis?;
        let n = 16 - i;
        ip.copy_within(e..i, e + n);
        ip[e..e + n].fill(0);
    } else if ellipsis.is_some() {
        // The ellipsis must stand for at least one group of zeros.
        return None;
    }
    Some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVALID: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

    #[test]
    fn sloppy_parse_takes_what_go_1_16_took() {
        for ok in [
            "10.9.8.7",
            "010.009.008.007",
            "0.0.0.0",
            "::",
            "::1",
            "2001:db8::ffff",
            "fe80::1:2:3:4",
            "1:2:3:4:5:6:7:8",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "::00001",
        ] {
            assert!(parse_ip_sloppy(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "1.2.3.4 ",
            "a.b.c.d",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::8",
            "1::2::3",
            "1:2:3:4:5:1.2.3.4",
            "fe80::1%eth0",
            "10000::",
            "localhost",
            ":1",
            "1:",
        ] {
            assert!(parse_ip_sloppy(bad).is_none(), "{bad}");
        }
        assert_eq!(
            parse_ip_sloppy("1::2"),
            Some([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        );
    }

    #[test]
    fn strict_validation_refuses_leading_zeros_and_mapped_addresses() {
        assert!(legacy_ip_errors("10.9.8.7", true).is_empty());
        assert!(legacy_ip_errors("2001:db8::ffff", true).is_empty());
        assert_eq!(legacy_ip_errors("nope", true), vec![INVALID]);
        assert_eq!(legacy_ip_errors("nope", false), vec![INVALID]);
        assert_eq!(
            legacy_ip_errors("010.9.8.7", true),
            vec!["must not have leading 0s"]
        );
        assert!(legacy_ip_errors("010.9.8.7", false).is_empty());
        assert_eq!(
            legacy_ip_errors("::ffff:1.2.3.4", true),
            vec!["must not be an IPv4-mapped IPv6 address"]
        );
        assert!(legacy_ip_errors("::ffff:1.2.3.4", false).is_empty());
    }
}
