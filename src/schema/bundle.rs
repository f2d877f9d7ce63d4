//! The embedded schema data written by `schemas/build.py`: a text index and the zlib-compressed
//! per-kind schemas ("closures") it points into.
//!
//! Each closure is a self-contained JSON schema (`{"$ref": ..., "$defs": {...}}`) holding only the
//! definitions one kind reaches, so a check inflates a few kilobytes instead of a whole version.

use serde_json::Value;
use std::sync::OnceLock;

static INDEX_TEXT: &str = include_str!("../../schemas/index.txt");
static CLOSURES: &[u8] = include_bytes!("../../schemas/closures.bin");

/// The index, split into lines once per process and otherwise parsed only where a lookup
/// lands: a cold run pays for one line, not for the whole table.
#[derive(Debug)]
pub(crate) struct Index {
    /// Bundled minors of Kubernetes 1.x, ascending.
    pub(crate) minors: Vec<u32>,
    /// `blob OFFSET LEN` lines, by closure id: the closure's byte range in `CLOSURES`.
    blobs: Vec<&'static str>,
    /// `kind APIVERSION KIND MINOR:ID...` lines, sorted by (apiVersion, kind).
    kinds: Vec<KindLine>,
    /// Every API group any bundled version knows, including ones only named by `DeleteOptions`
    /// (e.g. `extensions`): a kind in such a group that has no schema is a built-in kind that is
    /// not served, not a custom resource.
    groups: Vec<&'static str>,
}

#[derive(Debug)]
struct KindLine {
    api_version: &'static str,
    kind: &'static str,
    /// `MINOR:ID` pairs, ascending by minor.
    served: &'static str,
}

impl KindLine {
    fn closure_in(&self, minor: u32) -> Option<usize> {
        self.served.split(' ').find_map(|pair| {
            let (m, id) = pair.split_once(':')?;
            (m.parse() == Ok(minor)).then(|| id.parse().ok())?
        })
    }
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
        let Some((tag, rest)) = line.split_once(' ') else {
            continue;
        };
        match tag {
            "minors" => index.minors = rest.split(' ').filter_map(|w| w.parse().ok()).collect(),
            // The core group is the empty string, so it is listed as an empty word.
            "groups" => index.groups = rest.split(' ').collect(),
            "blob" => index.blobs.push(rest),
            "kind" => {
                let mut words = rest.splitn(3, ' ');
                if let (Some(api_version), Some(kind), Some(served)) =
                    (words.next(), words.next(), words.next())
                {
                    index.kinds.push(KindLine {
                        api_version,
                        kind,
                        served,
                    });
                }
            }
            _ => {}
        }
    }
    // build.py writes them sorted; sorting again keeps the binary search right if it ever doesn't.
    index
        .kinds
        .sort_unstable_by(|a, b| (a.api_version, a.kind).cmp(&(b.api_version, b.kind)));
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
            .and_then(|i| self.kinds[i].closure_in(minor));
        if let Some(id) = found {
            return Lookup::Closure(id);
        }
        let served_api_versions: Vec<String> = self
            .kinds
            .iter()
            .filter(|e| e.kind == kind && e.closure_in(minor).is_some())
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
        let (offset, len) = self
            .blobs
            .get(id)
            .and_then(|line| line.split_once(' '))
            .and_then(|(o, l)| Some((o.parse::<usize>().ok()?, l.parse::<usize>().ok()?)))
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
        // Closures are contiguous and cover the data exactly.
        let mut end = 0;
        for line in &index.blobs {
            let (offset, len) = line.split_once(' ').expect("blob OFFSET LEN");
            assert_eq!(offset.parse::<usize>(), Ok(end), "{line}");
            end += len.parse::<usize>().expect("a length");
        }
        assert_eq!(end, CLOSURES.len());
        for entry in &index.kinds {
            for pair in entry.served.split(' ') {
                let (minor, id) = pair.split_once(':').expect("MINOR:ID");
                let minor: u32 = minor.parse().expect("a minor");
                assert!(index.minors.contains(&minor), "{pair}");
                assert!(
                    id.parse::<usize>().expect("an id") < index.blobs.len(),
                    "{pair}"
                );
                assert!(entry.closure_in(minor).is_some(), "{pair}");
            }
        }
        assert!(index.groups.contains(&"") && index.groups.contains(&"apps"));
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
