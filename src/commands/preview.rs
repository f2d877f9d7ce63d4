//! `dsctl preview`: read a DaemonSet (or Deployment) file and a node inventory, print which
//! nodes get a Pod. Exit 0 when answered, 1 with `--fail-if-none` when a DaemonSet lands on no
//! node, 2 when an input cannot be read (with `file:line:column`).

use super::config::{Choice, Configs};
use super::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, Input};
use crate::cli::{PreviewArgs, PreviewFormat};
use anyhow::Result;
use dsctl::input::Checked;
use dsctl::inventory::{self, Node};
use dsctl::k8s::DaemonSet;
use dsctl::manifest::{self, emit};
use dsctl::output::escape_control;
use dsctl::preview::{self, ChangeKind, DaemonSetPreview, Edit, UpdateStrategy, whatif};
use serde_json::{Value, json};
use std::path::Path;

pub fn run(mut args: PreviewArgs, choice: Choice) -> Result<u8> {
    if args.nodes.is_none() {
        // The inventory named by the DaemonSet file's dsctl.toml, relative to that file.
        match Configs::new(choice).for_input(&input_of(&args.file)) {
            Ok(found) => {
                args.nodes = found.and_then(|f| {
                    let nodes = f.settings.nodes.as_ref()?;
                    Some(f.dir.join(&nodes.value))
                });
            }
            Err(line) => {
                eprintln!("{}", escape_control(&line));
                return Ok(EXIT_FAILURE);
            }
        }
    }
    let Some(nodes) = &args.nodes else {
        eprintln!("dsctl: error: --nodes INVENTORY is required (or `nodes` in dsctl.toml)");
        return Ok(EXIT_FAILURE);
    };
    let nodes = nodes.clone();
    match answer(&args, &nodes) {
        Ok((text, code)) => super::print_then(&text, code),
        Err(Failure::Input(message)) => {
            eprintln!("{}", escape_control(&message));
            Ok(EXIT_FAILURE)
        }
    }
}

/// Why no answer was printed.
enum Failure {
    /// An input could not be read: `file:line:column: error: ...`, exit 2.
    Input(String),
}

fn input_of(path: &Path) -> Input {
    if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    }
}

fn answer(args: &PreviewArgs, nodes: &Path) -> Result<(String, u8), Failure> {
    let ds_input = input_of(&args.file);
    let nodes_input = input_of(nodes);
    if ds_input == Input::Stdin && nodes_input == Input::Stdin {
        return Err(Failure::Input(
            "dsctl: error: the DaemonSet file and --nodes cannot both be stdin".into(),
        ));
    }
    let edits = edits(args).map_err(|e| Failure::Input(format!("dsctl: error: {e}")))?;
    let (sets, strategies) = workloads_with(&ds_input, args.rollout)?;
    let mut nodes = inventory_of(&nodes_input)?;
    // What-if edits change the inventory everything below reads; the unedited one is the
    // baseline the changes are reported against.
    let mut unedited = None;
    if !edits.is_empty() {
        let edited = whatif::apply(&nodes, &edits)
            .map_err(|e| Failure::Input(format!("{}: error: {e}", nodes_input.display())))?;
        unedited = Some(std::mem::replace(&mut nodes, edited));
    }

    if let Some(name) = &args.explain {
        let node = find(&nodes, name, &nodes_input)?;
        let text: Vec<String> = sets.iter().map(|ds| preview::explain(ds, node)).collect();
        return Ok((text.join("\n"), EXIT_CLEAN));
    }
    if let Some(name) = &args.render_pod {
        let node = find(&nodes, name, &nodes_input)?;
        // The Pod is printed either way (to see what it would be), but not without a word
        // when the controller would not create it there.
        for ds in &sets {
            let verdict = preview::preview(ds, std::slice::from_ref(node));
            if let Some(v) = verdict.first().filter(|v| !v.should_run) {
                eprintln!(
                    "dsctl: warning: {} creates no Pod on {} ({}); this is the Pod it would create if it did",
                    escape_control(&preview::title(&ds.kind, &ds.namespace, &ds.name)),
                    escape_control(&node.name),
                    escape_control(&preview::reason_text(&v.reasons))
                );
            }
        }
        let pods: Vec<Value> = sets
            .iter()
            .map(|ds| preview::render_pod(ds, node))
            .collect();
        let text = match args.output {
            PreviewFormat::Json if pods.len() == 1 => emit::to_json(&pods[0]),
            PreviewFormat::Json => {
                emit::to_json(&json!({"apiVersion": "v1", "kind": "List", "items": pods}))
            }
            _ => emit::to_yaml_stream(&pods),
        };
        return Ok((text, EXIT_CLEAN));
    }

    let mut results: Vec<DaemonSetPreview> = sets
        .iter()
        .map(|ds| DaemonSetPreview {
            kind: ds.kind.clone(),
            name: ds.name.clone(),
            namespace: ds.namespace.clone(),
            nodes: preview::preview(ds, &nodes),
            warnings: Vec::new(),
        })
        .collect();
    preview::mark_host_port_conflicts(&sets, &mut results);
    let none = results
        .iter()
        .any(|r| !r.nodes.iter().any(|v| v.should_run));
    let code = if args.fail_if_none && none {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };

    if args.rollout {
        let rollouts: Vec<preview::Rollout> = results
            .iter()
            .zip(&strategies)
            .map(|(r, s)| preview::plan_rollout(r, s))
            .collect();
        let text = match args.output {
            PreviewFormat::Json => {
                let mut doc = preview::render_json(&results);
                if let Some(list) = doc["daemonSets"].as_array_mut() {
                    for (set, r) in list.iter_mut().zip(&rollouts) {
                        set["rollout"] = preview::rollout_json(r);
                    }
                }
                if !edits.is_empty() {
                    doc["whatIf"] = what_if_json(&edits);
                }
                emit::to_json(&doc)
            }
            _ => format!(
                "{}{}",
                what_if_header(&edits),
                preview::render_rollout(&rollouts)
            ),
        };
        return Ok((text, code));
    }

    if args.baseline.is_some() || args.baseline_nodes.is_some() || unedited.is_some() {
        let old_sets = match &args.baseline {
            Some(p) => workloads(&input_of(p))?,
            None => sets.clone(),
        };
        let old_nodes = match (&args.baseline_nodes, unedited) {
            (Some(p), _) => inventory_of(&input_of(p))?,
            (None, Some(original)) => original,
            (None, None) => nodes.clone(),
        };
        return Ok((
            compare(args.output, &results, &old_sets, &old_nodes, &edits),
            code,
        ));
    }

    let text = match args.output {
        PreviewFormat::Table => preview::render_table(&results, false, super::color_enabled()),
        PreviewFormat::Wide => preview::render_table(&results, true, super::color_enabled()),
        PreviewFormat::Name => preview::render_names(&results),
        PreviewFormat::Json => emit::to_json(&preview::render_json(&results)),
    };
    Ok((text, code))
}

/// Gains and losses against the old DaemonSet(s) and/or inventory. Old DaemonSets pair with new
/// ones by namespace and name, or by position when names differ.
fn compare(
    format: PreviewFormat,
    results: &[DaemonSetPreview],
    old_sets: &[DaemonSet],
    old_nodes: &[Node],
    edits: &[Edit],
) -> String {
    let mut text = what_if_header(edits);
    let mut sets = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let old = old_sets
            .iter()
            .find(|o| o.name == r.name && o.namespace == r.namespace)
            .or_else(|| old_sets.get(i));
        let before = old
            .map(|o| preview::preview(o, old_nodes))
            .unwrap_or_default();
        let changes = preview::baseline(&before, &r.nodes);
        if results.len() > 1 {
            text.push_str(&format!(
                "{}\n",
                escape_control(&preview::title(&r.kind, &r.namespace, &r.name))
            ));
        }
        text.push_str(&preview::render_changes(&changes));
        let list: Vec<Value> = changes
            .iter()
            .map(|c| {
                let change = match c.change {
                    ChangeKind::Gains => "gains",
                    ChangeKind::Loses => "loses",
                    ChangeKind::Evicts => "evicts",
                };
                json!({"node": c.node, "change": change})
            })
            .collect();
        sets.push(json!({"name": r.name, "namespace": r.namespace, "changes": list}));
    }
    let note = whatif::cordon_note(edits);
    match format {
        PreviewFormat::Json => {
            let mut doc = json!({"version": 1, "daemonSets": sets});
            if !edits.is_empty() {
                doc["whatIf"] = what_if_json(edits);
                doc["notes"] = json!(note.into_iter().collect::<Vec<_>>());
            }
            emit::to_json(&doc)
        }
        _ => {
            if let Some(n) = note {
                text.push_str(&format!("note: {n}\n"));
            }
            text
        }
    }
}

/// The what-if flags as edits, in the documented order: labels, unlabels, taints, cordons,
/// uncordons (clap gives each flag's values apart, so the command-line interleaving is lost).
fn edits(args: &PreviewArgs) -> Result<Vec<Edit>, String> {
    let mut out = Vec::new();
    for pair in args.label.chunks_exact(2) {
        out.push(Edit::label(&pair[0], &pair[1])?);
    }
    for pair in args.unlabel.chunks_exact(2) {
        out.push(Edit::unlabel(&pair[0], &pair[1])?);
    }
    for pair in args.taint.chunks_exact(2) {
        out.push(Edit::taint(&pair[0], &pair[1])?);
    }
    out.extend(args.cordon.iter().map(|n| Edit::cordon(n)));
    out.extend(args.uncordon.iter().map(|n| Edit::uncordon(n)));
    Ok(out)
}

/// `What if: label n1 gpu=true; cordon all nodes` (empty without edits).
fn what_if_header(edits: &[Edit]) -> String {
    if edits.is_empty() {
        return String::new();
    }
    let list: Vec<String> = edits.iter().map(ToString::to_string).collect();
    format!("What if: {}\n", escape_control(&list.join("; ")))
}

fn what_if_json(edits: &[Edit]) -> Value {
    json!(edits.iter().map(ToString::to_string).collect::<Vec<_>>())
}

fn find<'n>(nodes: &'n [Node], name: &str, input: &Input) -> Result<&'n Node, Failure> {
    nodes.iter().find(|n| n.name == name).ok_or_else(|| {
        Failure::Input(format!(
            "{}: error: no node {name:?} in the inventory",
            input.display()
        ))
    })
}

fn read(input: &Input) -> Result<Vec<u8>, Failure> {
    input
        .read()
        .map_err(|e| Failure::Input(super::read_failure_line(input, &e)))
}

/// Every DaemonSet and Deployment of a manifest file (Lists included), in file order.
fn workloads(input: &Input) -> Result<Vec<DaemonSet>, Failure> {
    Ok(workloads_with(input, false)?.0)
}

/// [`workloads`], plus each one's update strategy when `strategies` is set (a malformed
/// strategy is then an error at its line and column).
fn workloads_with(
    input: &Input,
    strategies: bool,
) -> Result<(Vec<DaemonSet>, Vec<UpdateStrategy>), Failure> {
    let bytes = read(input)?;
    let docs = manifest::load(&bytes)
        .map_err(|e| Failure::Input(super::load_problem(input, e.line, e.column, &e.message)))?;
    let mut out = Vec::new();
    let mut updates = Vec::new();
    for doc in &docs {
        for obj in doc.objects() {
            if !dsctl::k8s::workload::PREVIEWED_KINDS.contains(&obj.kind()) {
                continue;
            }
            let located = |e: dsctl::k8s::WorkloadError| {
                let at = obj.locate(&e.path).value;
                Failure::Input(super::load_problem(
                    input,
                    at.line,
                    at.column,
                    &format!("{}: {e}", obj.describe()),
                ))
            };
            let ds = DaemonSet::from_value(obj.value).map_err(located)?;
            if strategies {
                updates.push(UpdateStrategy::from_object(obj.value).map_err(located)?);
            }
            out.push(ds);
        }
    }
    if out.is_empty() {
        return Err(Failure::Input(format!(
            "{}: error: no DaemonSet (or Deployment, ReplicaSet, ReplicationController) in this file",
            input.display()
        )));
    }
    Ok((out, updates))
}

/// The inventory, streamed from the file or stdin.
fn inventory_of(input: &Input) -> Result<Vec<Node>, Failure> {
    let located = |e: inventory::InventoryError| {
        if e.line == 0 {
            Failure::Input(format!("{}: error: {}", input.display(), e.message))
        } else {
            Failure::Input(format!(
                "{}:{}:{}: error: {}",
                input.display(),
                e.line,
                e.column,
                e.message
            ))
        }
    };
    let nodes = match input {
        Input::Stdin => {
            inventory::read_nodes(Checked::new(std::io::stdin().lock())).map_err(located)?
        }
        Input::File(p) => {
            let file = super::open_input(p).map_err(|e| {
                Failure::Input(format!(
                    "{}: error: {}",
                    input.display(),
                    super::io_reason(&e)
                ))
            })?;
            inventory::read_nodes(Checked::new(file)).map_err(located)?
        }
    };
    if nodes.is_empty() {
        return Err(Failure::Input(format!(
            "{}: error: no nodes in the inventory",
            input.display()
        )));
    }
    Ok(nodes)
}
