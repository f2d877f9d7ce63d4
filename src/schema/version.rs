//! Kubernetes versions: which minors dsctl carries schemas for, and parsing `--kube-version`.

use super::bundle;
use std::fmt;

/// A Kubernetes `major.minor`; the patch level never changes the API schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
}

/// Why a version string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionError {
    /// Not `1.34`, `v1.34` or `1.34.2`.
    Malformed { input: String },
    /// Well-formed, but no schema for it is bundled.
    Unsupported { version: KubeVersion },
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let supported = supported_list();
        match self {
            VersionError::Malformed { input } => write!(
                f,
                "invalid Kubernetes version {input:?}: expected MAJOR.MINOR such as 1.34 (supported: {supported})"
            ),
            VersionError::Unsupported { version } => write!(
                f,
                "Kubernetes {version} is not bundled (supported: {supported})"
            ),
        }
    }
}

impl std::error::Error for VersionError {}

fn supported_list() -> String {
    let versions: Vec<String> = bundled_versions().iter().map(|v| v.to_string()).collect();
    versions.join(", ")
}

impl KubeVersion {
    /// Parses `1.34`, `v1.34` or `1.34.2` (the patch is ignored) and refuses versions whose
    /// schema is not bundled.
    pub fn parse(s: &str) -> Result<Self, VersionError> {
        let malformed = || VersionError::Malformed {
            input: s.to_string(),
        };
        let trimmed = s.trim();
        let digits = trimmed.strip_prefix('v').unwrap_or(trimmed);
        let mut parts = digits.split('.');
        let number = |part: Option<&str>| -> Result<u32, VersionError> {
            match part {
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map_err(|_| malformed())
                }
                _ => Err(malformed()),
            }
        };
        let major = number(parts.next())?;
        let minor = number(parts.next())?;
        if let Some(patch) = parts.next() {
            number(Some(patch))?;
        }
        if parts.next().is_some() {
            return Err(malformed());
        }
        let version = KubeVersion { major, minor };
        if bundled_versions().contains(&version) {
            Ok(version)
        } else {
            Err(VersionError::Unsupported { version })
        }
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Every version whose schema is embedded, oldest first.
pub fn bundled_versions() -> Vec<KubeVersion> {
    bundle::index()
        .minors
        .iter()
        .map(|&minor| KubeVersion { major: 1, minor })
        .collect()
}

/// The newest bundled version: the default target.
pub fn latest() -> KubeVersion {
    let minor = bundle::index().minors.last().copied().unwrap_or(0);
    KubeVersion { major: 1, minor }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_spellings() {
        let v = KubeVersion {
            major: 1,
            minor: 34,
        };
        assert_eq!(KubeVersion::parse("1.34"), Ok(v));
        assert_eq!(KubeVersion::parse("v1.34"), Ok(v));
        assert_eq!(KubeVersion::parse("1.34.2"), Ok(v));
        assert_eq!(KubeVersion::parse(" v1.34.0 "), Ok(v));
    }

    #[test]
    fn refuses_garbage_and_names_the_supported_range() {
        for bad in [
            "",
            "1",
            "v",
            "1.",
            "1.x",
            "1.34.2.1",
            "one.two",
            "1.-3",
            "1.34-rc1",
            "99999999999.1",
        ] {
            let err = KubeVersion::parse(bad).unwrap_err();
            assert!(matches!(err, VersionError::Malformed { .. }), "{bad}");
            let text = err.to_string();
            assert!(text.contains("1.25, 1.26,"), "{text}");
            assert!(text.ends_with("1.36, 1.37)"), "{text}");
        }
    }

    #[test]
    fn refuses_versions_without_a_bundled_schema() {
        let err = KubeVersion::parse("1.16").unwrap_err();
        assert_eq!(
            err,
            VersionError::Unsupported {
                version: KubeVersion {
                    major: 1,
                    minor: 16
                }
            }
        );
        assert_eq!(
            err.to_string(),
            "Kubernetes 1.16 is not bundled (supported: 1.25, 1.26, 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37)"
        );
        assert!(KubeVersion::parse("2.34").is_err());
    }

    #[test]
    fn bundles_every_minor_from_1_25_to_1_37() {
        let minors: Vec<u32> = bundled_versions().iter().map(|v| v.minor).collect();
        assert_eq!(minors, (25..=37).collect::<Vec<_>>());
        assert_eq!(
            latest(),
            KubeVersion {
                major: 1,
                minor: 37
            }
        );
    }
}
