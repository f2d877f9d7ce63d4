//! `dsctl create daemonset NAME --image=IMG`: the missing `kubectl create daemonset`.
//!
//! Also answers as the kubectl plugin `kubectl-create-daemonset`: kubectl (>= 1.31, with
//! `KUBECTL_ENABLE_CMD_SHADOW=true`) runs that executable for `kubectl create daemonset`.

use crate::cli::{CreateCommand, CreateDaemonSetArgs, CreateFormat, DryRun};
use anyhow::Result;
use dsctl::convert::{create_daemonset, create_errors};
use dsctl::manifest::emit;
use dsctl::output::escape_control;
use std::ffi::{OsStr, OsString};
use std::path::Path;

/// When the binary is invoked as `kubectl-create-daemonset`, the arguments it would get as
/// `dsctl create daemonset ...`.
pub fn shadow_args(argv0: Option<&OsStr>) -> Option<Vec<OsString>> {
    let name = Path::new(argv0?).file_stem()?.to_str()?;
    if name != "kubectl-create-daemonset" {
        return None;
    }
    let mut args: Vec<OsString> = vec!["dsctl".into(), "create".into(), "daemonset".into()];
    args.extend(std::env::args_os().skip(1));
    Some(args)
}

pub fn run(cmd: CreateCommand) -> Result<u8> {
    match cmd {
        CreateCommand::DaemonSet(args) => daemonset(args),
    }
}

fn daemonset(args: CreateDaemonSetArgs) -> Result<u8> {
    if let Some((flag, why)) = args.kubectl_only.refused() {
        eprintln!("dsctl: error: {flag} is a kubectl flag dsctl cannot honour: {why}");
        return Ok(super::EXIT_FAILURE);
    }
    if let Some(mode @ (DryRun::None | DryRun::Server)) = args.dry_run {
        let mode = if mode == DryRun::None {
            "none"
        } else {
            "server"
        };
        eprintln!(
            "dsctl: error: --dry-run={mode}: dsctl only prints the DaemonSet and never creates \
             it; pipe the output to `kubectl apply -f -` (or use --dry-run=client)"
        );
        return Ok(super::EXIT_FAILURE);
    }
    let spec = dsctl::convert::CreateSpec {
        name: args.name,
        namespace: args.namespace,
        images: args.image,
        port: args.port,
        command: args.command,
    };
    let ds = match create_daemonset(&spec) {
        Ok(ds) => ds,
        Err(msg) => {
            eprintln!("dsctl: error: {msg}");
            return Ok(super::EXIT_FAILURE);
        }
    };
    // What is printed is what `validate` accepts: a name or image the API server would reject
    // is refused here, with the server's words, and nothing reaches stdout.
    let errors = create_errors(&ds);
    if !errors.is_empty() {
        for f in &errors {
            eprintln!(
                "dsctl: error[{}] {}: {}: {}",
                f.code,
                f.rule,
                f.field,
                escape_control(&f.message)
            );
        }
        return Ok(super::EXIT_FINDINGS);
    }
    let text = match args.output {
        CreateFormat::Yaml => emit::to_yaml(&ds),
        CreateFormat::Json => emit::to_json(&ds),
        CreateFormat::Name => format!("daemonset.apps/{}\n", spec.name),
    };
    super::print(&text)?;
    Ok(super::EXIT_CLEAN)
}
