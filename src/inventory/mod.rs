//! Node inventories: what placement needs to know about each node, read as a stream.
//!
//! Accepted inputs (JSON when the text opens with `[`, or `{` then `"`; anything else is YAML):
//! - `kubectl get nodes -o json` / `-o yaml`: a `v1` `List` (or `NodeList`) with `items`;
//! - one `Node` object, or a multi-document YAML stream of `Node`s (and lists);
//! - the planning format, for clusters that do not exist yet:
//!
//! ```yaml
//! nodes:
//!   - name: gpu-1                       # required, unique
//!     labels: {nvidia.com/gpu.present: "true"}
//!     taints: ["nvidia.com/gpu=present:NoSchedule", "dedicated:NoExecute"]  # key[=value]:effect
//!     unschedulable: true               # default false (the DaemonSet controller ignores it)
//!     allocatable: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "4"}
//!     ready: false                      # default true
//! ```
//!
//! A single object may omit `kind` (node templates do); a node with only
//! `metadata.generateName` is named `<generateName>#N`, standing in for the server's suffix.
//!
//! Only name, labels, taints, `spec.unschedulable`, `status.allocatable` and the `Ready`
//! condition are kept; everything else is skipped without being built in memory, so a 1 GB
//! inventory costs memory in proportion to the kept fields only.
//!
//! YAML scalars follow kubectl's YAML 1.1 reading (see [`scalar`]): an unquoted `true` label
//! value is the string `"true"`, `yes` is `"true"` too, `0x1F` is `"31"`.
//!
//! Errors carry a 1-based line and column: YAML errors point at the offending node; JSON errors
//! point where serde_json stood when the problem was found (for a bad item, the end of the item).

mod json;
mod json_split;
pub mod scalar;
mod yaml;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::sync::{Arc, Mutex, mpsc};

use crate::k8s::selector::{check_label_value, check_qualified_name};
use crate::k8s::{Labels, Quantity, Taint};

/// One node, reduced to what placement reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub labels: Labels,
    pub taints: Vec<Taint>,
    /// `spec.unschedulable`: kept for display; the DaemonSet controller ignores it (only the
    /// `node.kubernetes.io/unschedulable` taint matters, and DaemonSet Pods tolerate it).
    pub unschedulable: bool,
    pub allocatable: BTreeMap<String, Quantity>,
    /// Status of the `Ready` condition: `Some(true)` when `True`, `Some(false)` otherwise,
    /// `None` when the node reports no `Ready` condition (or the planning format omits `ready`).
    pub ready: Option<bool>,
}

/// Why an inventory could not be read. `line` and `column` are 1-based (0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for InventoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for InventoryError {}

/// Reads a whole inventory from a stream (a file, or stdin).
pub fn read_nodes(reader: impl Read) -> Result<Vec<Node>, InventoryError> {
    let mut nodes = Vec::new();
    for_each_node(reader, |n| nodes.push(n))?;
    Ok(nodes)
}

/// Reads an inventory from a string (tests, small inputs).
pub fn parse_nodes(text: &str) -> Result<Vec<Node>, InventoryError> {
    read_nodes(text.as_bytes())
}

/// Streams the nodes of an inventory to `sink` in input order, stopping at the first error.
/// Duplicate names are an error at the second occurrence.
pub fn for_each_node(reader: impl Read, sink: impl FnMut(Node)) -> Result<(), InventoryError> {
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let format = sniff(&mut reader).map_err(|e| io_error(&e))?;
    let mut collector = Collector::new(sink);
    match format {
        Format::Json => json_split::read(reader, &mut collector),
        Format::Yaml => yaml::read(reader, &mut collector),
        Format::Empty => Ok(()),
    }
}

fn io_error(e: &std::io::Error) -> InventoryError {
    // A byte the checked reader refused (NUL, invalid UTF-8, past the cap): keep its position.
    if let Some(bad) = crate::input::BadInput::of(e) {
        return InventoryError {
            line: bad.line as usize,
            column: bad.column as usize,
            message: bad.message.clone(),
        };
    }
    InventoryError {
        line: 0,
        column: 0,
        message: format!("reading the inventory: {e}"),
    }
}

/// How an inventory is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
    Empty,
}

/// Decides JSON or YAML from the first buffered bytes without consuming any (line numbers stay
/// true). `{` followed by `"` or `}` is JSON, as is `[`; a YAML flow mapping (`{kind: Node}`)
/// and everything else is YAML, which also covers a BOM and leading comments.
fn sniff<R: Read>(r: &mut BufReader<R>) -> std::io::Result<Format> {
    let buf = r.fill_buf()?;
    if buf.is_empty() {
        return Ok(Format::Empty);
    }
    let mut rest = buf.iter().copied().filter(|b| !b.is_ascii_whitespace());
    Ok(match (rest.next(), rest.next()) {
        (Some(b'['), _) | (Some(b'{'), Some(b'"' | b'}') | None) => Format::Json,
        _ => Format::Yaml,
    })
}

/// One node as it is being read, before validation.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub generate_name: Option<String>,
    pub node: Node,
}

/// Validates drafts and hands finished nodes to the sink.
pub(crate) struct Collector<F: FnMut(Node)> {
    sink: F,
    seen: HashSet<String>,
    generated: usize,
}

impl<F: FnMut(Node)> Collector<F> {
    fn new(sink: F) -> Self {
        Collector {
            sink,
            seen: HashSet::new(),
            generated: 0,
        }
    }

    /// Checks kind, name and uniqueness; the message says what is wrong.
    pub fn push(&mut self, draft: Draft) -> Result<(), String> {
        if let Some(kind) = &draft.kind
            && kind != "Node"
        {
            return Err(format!("expected a Node, found a {kind}"));
        }
        let name = match (draft.name, draft.generate_name) {
            (Some(n), _) if !n.is_empty() => n,
            // A template (metadata.generateName only): the API server would append a random
            // suffix; `#N` (never valid in a real name) stands in for it.
            (_, Some(g)) if !g.is_empty() => {
                self.generated += 1;
                format!("{g}#{}", self.generated)
            }
            _ => return Err("node without a name (metadata.name)".into()),
        };
        if !self.seen.insert(name.clone()) {
            return Err(format!("duplicate node name {name:?}"));
        }
        let mut node = draft.node;
        node.name = name;
        (self.sink)(node);
        Ok(())
    }
}

/// Numbered jobs for [`workers`], and their numbered results.
type Jobs<J> = mpsc::SyncSender<(usize, J)>;
type Results<R> = mpsc::Receiver<(usize, R)>;

/// Worker threads in `scope` that apply `work` to numbered jobs: jobs go in through the
/// returned sender (bounded, so a fast reader waits for the workers), results come out
/// numbered, in whatever order they finish. Dropping the sender stops the workers.
fn workers<'scope, J, R, W>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    count: usize,
    work: W,
) -> (Jobs<J>, Results<R>)
where
    J: Send + 'scope,
    R: Send + 'scope,
    W: Fn(J) -> R + Send + Sync + 'scope,
{
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, J)>(count * 2);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (res_tx, res_rx) = mpsc::channel::<(usize, R)>();
    let work = Arc::new(work);
    for _ in 0..count {
        let rx = Arc::clone(&job_rx);
        let tx = res_tx.clone();
        let work = Arc::clone(&work);
        scope.spawn(move || {
            loop {
                let next = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok((n, job)) = next else { return };
                if tx.send((n, work(job))).is_err() {
                    return;
                }
            }
        });
    }
    (job_tx, res_rx)
}

/// Parses a planning-format taint, `key[=value]:effect` (the `kubectl taint` syntax), checking
/// the key, value and effect as `ParseTaints` does.
pub fn parse_taint(s: &str) -> Result<Taint, String> {
    let (kv, effect) = s
        .rsplit_once(':')
        .ok_or_else(|| format!("invalid taint {s:?}: expected key[=value]:effect"))?;
    let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        return Err(format!(
            "invalid taint {s:?}: effect must be NoSchedule, PreferNoSchedule or NoExecute, got {effect:?}"
        ));
    }
    check_qualified_name(key).map_err(|e| format!("invalid taint key {key:?}: {e}"))?;
    check_label_value(value).map_err(|e| format!("invalid taint value {value:?}: {e}"))?;
    Ok(Taint {
        key: key.into(),
        value: value.into(),
        effect: effect.into(),
    })
}

/// Parses one allocatable entry.
pub(crate) fn parse_allocatable(name: &str, value: &str) -> Result<Quantity, String> {
    Quantity::parse(value).map_err(|e| format!("allocatable[{name}]: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taint_strings_parse_like_kubectl_taint() {
        let t = parse_taint("nvidia.com/gpu=present:NoSchedule");
        assert_eq!(
            t.map(|t| t.to_string()),
            Ok("nvidia.com/gpu=present:NoSchedule".into())
        );
        assert_eq!(
            parse_taint("dedicated:NoExecute").map(|t| t.value),
            Ok(String::new())
        );
        assert!(parse_taint("dedicated").is_err());
        assert!(parse_taint("dedicated:Sometimes").is_err());
        assert!(parse_taint("bad key:NoSchedule").is_err());
        assert!(parse_taint("k=bad value:NoSchedule").is_err());
    }
}
