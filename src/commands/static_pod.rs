//! `dsctl convert --to static-pod --node NODE [--nodes INVENTORY]`: the converted DaemonSets as
//! the static Pods the kubelet of NODE would run from its manifest directory. Printed, never
//! written (a manifest directory is not the input file).

use super::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, Input};
use crate::cli::ConvertArgs;
use anyhow::Result;
use dsctl::convert::{FileConversion, Format};
use dsctl::inventory::{self, Node};
use dsctl::manifest::emit;
use dsctl::output::escape_control;
use dsctl::preview::codes;
use dsctl::service::{is_daemonset, objects_of};
use dsctl::static_pod::{StaticPodError, build, json_of, static_pod};

/// Prints the static Pods of every DaemonSet in `converted`; `code` is the exit code so far.
pub fn print(
    args: &ConvertArgs,
    converted: &[(Input, Vec<u8>, FileConversion)],
    forced: Option<Format>,
    code: u8,
) -> Result<u8> {
    let Some(node_name) = &args.node else {
        say!("dsctl: error: --to static-pod needs --node NODE");
        return Ok(EXIT_FAILURE);
    };
    let nodes_from_stdin = args.nodes.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if nodes_from_stdin && converted.iter().any(|(i, _, _)| *i == Input::Stdin) {
        say!("dsctl: error: the manifests and --nodes cannot both be stdin");
        return Ok(EXIT_FAILURE);
    }
    let (node, assumed) = match &args.nodes {
        Some(path) => match lookup(path, node_name) {
            Ok(n) => (n, false),
            Err(m) => {
                say!("{}", escape_control(&m));
                return Ok(EXIT_FAILURE);
            }
        },
        None => (
            Node {
                name: node_name.clone(),
                ..Default::default()
            },
            true,
        ),
    };
    if assumed {
        say!(
            "note: no --nodes inventory: node {:?} is assumed to have no labels and no taints",
            escape_control(node_name)
        );
    }
    let mut code = code;
    let mut pods = Vec::new();
    let mut any = false;
    for (input, _, c) in converted {
        let file = escape_control(&input.display()).into_owned();
        for ds in c
            .documents
            .iter()
            .flat_map(objects_of)
            .filter(|v| is_daemonset(v))
        {
            any = true;
            let who = dsctl::service::describe(ds);
            let made = match static_pod(ds, &node) {
                Ok(p) => Some(p),
                Err(StaticPodError::Workload(e)) => {
                    say!("{file}: error: DaemonSet {who}: {e}");
                    code = code.max(EXIT_FAILURE);
                    None
                }
                Err(StaticPodError::WouldNotRun(v)) => {
                    // An assumed node has no labels: only a nodeName mismatch is certain.
                    let certain = !assumed
                        || v.reasons
                            .iter()
                            .any(|r| r.code == codes::NODE_NAME_MISMATCH);
                    let level = if certain { "error" } else { "warning" };
                    for r in &v.reasons {
                        say!(
                            "{file}: {level}: DaemonSet {who}: no Pod on node {}: {}: {}",
                            escape_control(node_name),
                            r.code,
                            escape_control(&r.message)
                        );
                    }
                    if certain {
                        code = code.max(EXIT_FINDINGS);
                        None
                    } else {
                        dsctl::k8s::DaemonSet::from_value(ds)
                            .ok()
                            .map(|set| build(&set, &node))
                    }
                }
            };
            if let Some(p) = made {
                for (field, text) in &p.notes {
                    say!("{file}: note: DaemonSet {who}: {field}: {text}");
                }
                pods.push(p.pod);
            }
        }
    }
    if !any {
        say!("dsctl: error: no DaemonSet or Deployment to write a static Pod for");
        return Ok(EXIT_FAILURE);
    }
    if pods.len() > 1 {
        say!(
            "note: {} static Pods: the kubelet reads one Pod per file, so split them into its manifest directory",
            pods.len()
        );
    }
    if !pods.is_empty() {
        let text = match forced {
            Some(Format::Json) => emit::to_json(&json_of(&pods)),
            _ => emit::to_yaml_stream(&pods),
        };
        super::print(&text)?;
    }
    Ok(if pods.is_empty() && code == EXIT_CLEAN {
        EXIT_FINDINGS
    } else {
        code
    })
}

/// The node named `name` in the inventory file (or stdin), or an error line.
fn lookup(path: &std::path::Path, name: &str) -> Result<Node, String> {
    let input = if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    };
    let nodes = match &input {
        Input::Stdin => inventory::read_nodes(std::io::stdin().lock()),
        Input::File(p) => match std::fs::File::open(p) {
            Ok(f) => inventory::read_nodes(f),
            Err(e) => {
                return Err(format!(
                    "{}: error: {}",
                    input.display(),
                    super::io_reason(&e)
                ));
            }
        },
    }
    .map_err(|e| {
        if e.line == 0 {
            format!("{}: error: {}", input.display(), e.message)
        } else {
            format!(
                "{}:{}:{}: error: {}",
                input.display(),
                e.line,
                e.column,
                e.message
            )
        }
    })?;
    nodes.into_iter().find(|n| n.name == name).ok_or_else(|| {
        format!(
            "{}: error: no node {name:?} in the inventory",
            input.display()
        )
    })
}
