//! The embedded schema data written by `schemas/build.py`: a text index and the zlib-compressed
//! per-kind schemas ("closures") it points into.
//!
//! Each closure is a self-contained JSON schema (`{"$ref": ..., "$defs": {...}}`) holding only the
//! definitions one kind reaches, so a check inflates a few kilobytes instead of a whole version.

use serde_json::Value;
use std::sync::OnceLock;

static INDEX_TEXT: &str = include_str!("../../schemas/index.txt");
static CLOSURES: &[u8] = include_bytes!("../../schemas/closures.bin");

/// The parsed index: read once per process, borrowing from the embedded text.
#[derive(Debug)]
pub(crate) struct Index {
    /// Bundled minors of Kubernetes 1.x, ascending.
    pub(crate) minors: Vec<u32>,
    /// Byte range of each closure in `CLOSURES`, by closure id.
    blobs: Vec<(usize, usize)>,
    /// Sorted by (apiVersion, kind): which closure serves that kind in which minor.
    kinds: Vec<KindEntry>,
    /// Every API group any bundled version knows, including ones only named by `DeleteOptions`
    /// (e.g. `extensions`): a kind in such a group that has no schema is a built-in kind that is
    /// not served, not a custom resource.
    groups: Vec<&'static str>,
}

#[derive(Debug)]
struct KindEntry {
    api_version: &'static str,
    kind: &'static str,
    /// (minor, closure id), ascending by minor.
    served: Vec<(u32, usize)>,
}

/// What the index says about one apiVersion/kind in one minor.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    Closure(usize),
    /// A built-in kind or group, but not this apiVersion/kind in this minor.
    NotServed {
        served_api_versions: Vec<String>,
    },
    /// Nothing Kubernetes itself defines: a custom resource.
    Unknown,
}

pub(crate) fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| parse_index(INDEX_TEXT))
}

/// Malformed lines are skipped: the file is generated, and a test checks that every line parses.
fn parse_index(text: &'static str) -> Index {
    let mut index = Index {
        minors: Vec::new(),
        blobs: Vec::new(),
        kinds: Vec::new(),
        groups: Vec::new(),
    };
    for line in text.lines() {
        let mut words = line.split(' ');
        match words.next() {
            Some("minors") => index.minors = words.filter_map(|w| w.parse().ok()).collect(),
            Some("groups") => index.groups = words.collect(),
            Some("blob") => {
                if let (Some(Ok(offset)), Some(Ok(len))) = (
                    words.next().map(str::parse::<usize>),
                    words.next().map(str::parse::<usize>),
                ) {
                    index.blobs.push((offset, len));
                }
            }
            Some("kind") => {
                if let (Some(api_version), Some(kind)) = (words.next(), words.next()) {
                    let served = words
                        .filter_map(|w| {
                            let (minor, id) = w.split_once(':')?;
                            Some((minor.parse().ok()?, id.parse().ok()?))
                        })
                        .collect();
                    index.kinds.push(KindEntry {
                        api_version,
                        kind,
                        served,
                    });
                }
            }
            _ => {}
        }
    }
    index
        .kinds
        .sort_by(|a, b| (a.api_version, a.kind).cmp(&(b.api_version, b.kind)));
    index.groups.sort_unstable();
    index
}

fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

impl Index {
    pub(crate) fn lookup(&self, minor: u32, api_version: &str, kind: &str) -> Lookup {
        let found = self
            .kinds
            .binary_search_by(|e| (e.api_version, e.kind).cmp(&(api_version, kind)))
            .ok()
            .and_then(|i| self.kinds[i].served.iter().find(|(m, _)| *m == minor));
        if let Some(&(_, id)) = found {
            return Lookup::Closure(id);
        }
        let served_api_versions: Vec<String> = self
            .kinds
            .iter()
            .filter(|e| e.kind == kind && e.served.iter().any(|(m, _)| *m == minor))
            .map(|e| e.api_version.to_string())
            .collect();
        if served_api_versions.is_empty()
            && self.groups.binary_search(&group_of(api_version)).is_err()
        {
            Lookup::Unknown
        } else {
            Lookup::NotServed {
                served_api_versions,
            }
        }
    }

    /// Inflates and parses one closure.
    pub(crate) fn closure(&self, id: usize) -> Result<Value, String> {
        let &(offset, len) = self
            .blobs
            .get(id)
            .ok_or_else(|| format!("closure {id} is not in the index"))?;
        let compressed = CLOSURES
            .get(offset..offset + len)
            .ok_or_else(|| format!("closure {id} lies outside the embedded data"))?;
        let text = miniz_oxide::inflate::decompress_to_vec_zlib(compressed)
            .map_err(|e| format!("closure {id} does not inflate: {e:?}"))?;
        serde_json::from_slice(&text).map_err(|e| format!("closure {id} is not JSON: {e}"))
    }

    /// How many closures there are (ids run from 0 to this, exclusive).
    pub(crate) fn closure_slots(&self) -> usize {
        self.blobs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_index_line_parses() {
        let index = index();
        let lines = INDEX_TEXT
            .lines()
            .filter(|l| l.starts_with("kind "))
            .count();
        assert_eq!(index.kinds.len(), lines);
        let blobs = INDEX_TEXT
            .lines()
            .filter(|l| l.starts_with("blob "))
            .count();
        assert_eq!(index.blobs.len(), blobs);
        let end = index.blobs.last().map(|(o, l)| o + l);
        assert_eq!(end, Some(CLOSURES.len()));
        assert!(index.kinds.iter().all(|e| !e.served.is_empty()));
    }

    #[test]
    fn finds_served_kinds_and_explains_unserved_ones() {
        let index = index();
        assert!(matches!(
            index.lookup(34, "apps/v1", "DaemonSet"),
            Lookup::Closure(_)
        ));
        assert_eq!(
            index.lookup(34, "extensions/v1beta1", "DaemonSet"),
            Lookup::NotServed {
                served_api_versions: vec!["apps/v1".to_string()]
            }
        );
        assert_eq!(
            index.lookup(34, "apps/v1", "Frobnicator"),
            Lookup::NotServed {
                served_api_versions: vec![]
            }
        );
        assert_eq!(
            index.lookup(34, "cilium.io/v2", "CiliumNetworkPolicy"),
            Lookup::Unknown
        );
        assert_eq!(
            index.lookup(34, "gateway.networking.k8s.io/v1", "Gateway"),
            Lookup::Unknown
        );
    }

    #[test]
    fn a_kind_removed_in_a_later_minor_is_not_served_there() {
        let index = index();
        // policy/v1beta1 PodSecurityPolicy was removed in 1.25; flowcontrol v1beta2 in 1.29.
        assert!(matches!(
            index.lookup(28, "flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema"),
            Lookup::Closure(_)
        ));
        assert!(matches!(
            index.lookup(29, "flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema"),
            Lookup::NotServed { .. }
        ));
    }
}
