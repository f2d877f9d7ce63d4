//! Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource` `ParseQuantity`).

use std::fmt;

/// A parsed quantity, held exactly in nano-units (10^-9) so `1Gi`, `1073741824` and `1.0737e9`
/// compare equal. Values below one nano-unit round up, as `Quantity.RoundUp` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Quantity {
    nanos: i128,
}

/// Why a quantity string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityError(pub String);

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got {:?}",
            self.0
        )
    }
}

impl std::error::Error for QuantityError {}

const NANO: i128 = 1_000_000_000;

impl Quantity {
    /// Parses `100m`, `1.5Gi`, `2k`, `1e3`, `+5`, `.5` the way `resource.ParseQuantity` does.
    pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
        let err = || QuantityError(s.to_string());
        let bytes = s.as_bytes();
        let mut i = 0;
        let negative = match bytes.first() {
            Some(b'-') => {
                i = 1;
                true
            }
            Some(b'+') => {
                i = 1;
                false
            }
            _ => false,
        };
        // Mantissa: digits with at most one dot, at least one digit.
        let mut mantissa: i128 = 0;
        let mut scale: i32 = 0; // digits after the dot
        let mut seen_dot = false;
        let mut digits = 0;
        let mut overflow_digits: i32 = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'0'..=b'9' => {
                    digits += 1;
                    if mantissa < i128::MAX / 100 {
                        mantissa = mantissa * 10 + i128::from(bytes[i] - b'0');
                        if seen_dot {
                            scale += 1;
                        }
                    } else if !seen_dot {
                        // Too many significant digits: keep magnitude, drop precision.
                        overflow_digits += 1;
                    }
                }
                b'.' if !seen_dot => seen_dot = true,
                _ => break,
            }
            i += 1;
        }
        if digits == 0 {
            return Err(err());
        }
        let suffix = &s[i..];
        // (power of ten, power of 1024)
        let (exp10, exp1024): (i32, u32) = match suffix {
            "" => (0, 0),
            "n" => (-9, 0),
            "u" => (-6, 0),
            "m" => (-3, 0),
            "k" => (3, 0),
            "M" => (6, 0),
            "G" => (9, 0),
            "T" => (12, 0),
            "P" => (15, 0),
            "E" => (18, 0),
            "Ki" => (0, 1),
            "Mi" => (0, 2),
            "Gi" => (0, 3),
            "Ti" => (0, 4),
            "Pi" => (0, 5),
            "Ei" => (0, 6),
            _ => {
                let rest = suffix
                    .strip_prefix('e')
                    .or_else(|| suffix.strip_prefix('E'))
                    .ok_or_else(err)?;
                let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(err());
                }
                // `suffixHandler.interpret`: `strconv.ParseInt(.., 10, 64)` (an exponent beyond
                // int64 is a bad suffix), then `int32(parsed)`, which keeps the low 32 bits.
                let e: i64 = rest.parse().map_err(|_| err())?;
                (e as i32, 0)
            }
        };
        let mut value = mantissa;
        // In i64: an exponent near i32::MAX plus the nano shift must not wrap around.
        let mut exp = i64::from(exp10) + 9 - i64::from(scale) + i64::from(overflow_digits);
        for _ in 0..exp1024 {
            value = value.saturating_mul(1024);
        }
        while exp > 0 && value != 0 {
            value = value.saturating_mul(10);
            exp -= 1;
            if value == i128::MAX {
                break;
            }
        }
        if exp < 0 {
            let mut divisor: i128 = 1;
            while exp < 0 && divisor < i128::MAX / 10 {
                divisor *= 10;
                exp += 1;
            }
            // Round up (away from zero) like Quantity.RoundUp.
            value = if exp < 0 {
                i128::from(value != 0)
            } else {
                (value + divisor - 1) / divisor
            };
        }
        Ok(Quantity {
            nanos: if negative { -value } else { value },
        })
    }

    /// A whole number of units (`pods: 3`).
    pub fn from_units(units: i64) -> Quantity {
        Quantity {
            nanos: i128::from(units).saturating_mul(NANO),
        }
    }

    /// The value in nano-units.
    pub fn nanos(self) -> i128 {
        self.nanos
    }

    /// Sum, saturating.
    pub fn saturating_add(self, other: Quantity) -> Quantity {
        Quantity {
            nanos: self.nanos.saturating_add(other.nanos),
        }
    }

    /// Whether this is zero.
    pub fn is_zero(self) -> bool {
        self.nanos == 0
    }
}

impl fmt::Display for Quantity {
    /// A readable form for messages: whole units when exact, else milli-units, else nanos.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.nanos;
        if n % NANO == 0 {
            let units = n / NANO;
            for (suffix, size) in [("Gi", 1i128 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
                if units != 0 && units % size == 0 && units.abs() >= size {
                    return write!(f, "{}{suffix}", units / size);
                }
            }
            write!(f, "{units}")
        } else if n % 1_000_000 == 0 {
            write!(f, "{}m", n / 1_000_000)
        } else {
            write!(f, "{n}n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> i128 {
        Quantity::parse(s).map(Quantity::nanos).unwrap_or(-1)
    }

    #[test]
    fn parses_suffixes_and_exponents() {
        assert_eq!(q("1"), NANO);
        assert_eq!(q("100m"), NANO / 10);
        assert_eq!(q("1Ki"), 1024 * NANO);
        assert_eq!(q("1.5Gi"), 3 * (1 << 29) * NANO);
        assert_eq!(q("2k"), 2000 * NANO);
        assert_eq!(q("1e3"), 1000 * NANO);
        assert_eq!(q("1E-3"), NANO / 1000);
        assert_eq!(q(".5"), NANO / 2);
        assert_eq!(q("+5"), 5 * NANO);
        assert_eq!(q("-5m"), -5_000_000);
        assert_eq!(q("1n"), 1);
        assert_eq!(q("0.1n"), 1, "rounds up");
        assert_eq!(
            q("32Gi"),
            Quantity::parse("34359738368")
                .map(Quantity::nanos)
                .unwrap_or(0)
        );
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "", "abc", "1x", "1Kib", "1e", "m", ".", "1..2", "1 Gi", "--1",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn huge_values_saturate_instead_of_panicking() {
        assert!(q("1e1000000") > 0);
        assert_eq!(q("1e-1000000"), 1);
        assert!(q("99999999999999999999999999999999999999999999Ei") > 0);
        // Exponents at the int32 limits are huge or tiny, never wrapped by the nano shift.
        assert_eq!(q("1e2147483647"), q("1e999999999"));
        assert_eq!(q("1e-2147483648"), 1);
        // An int64 exponent keeps its low 32 bits (`int32(parsed)`): 2^32 is 0.
        assert_eq!(q("1e4294967296"), NANO);
        // Beyond int64 the suffix does not parse.
        assert!(Quantity::parse("1e9223372036854775808").is_err());
        assert!(q("1e+3") == 1000 * NANO);
    }

    #[test]
    fn displays_readably() {
        assert_eq!(
            Quantity::parse("32Gi")
                .map(|q| q.to_string())
                .ok()
                .as_deref(),
            Some("32Gi")
        );
        assert_eq!(
            Quantity::parse("250m")
                .map(|q| q.to_string())
                .ok()
                .as_deref(),
            Some("250m")
        );
        assert_eq!(
            Quantity::parse("4").map(|q| q.to_string()).ok().as_deref(),
            Some("4")
        );
    }
}
