//! `dsctl create daemonset NAME --image=IMG`: the missing `kubectl create daemonset`.
//!
//! Also answers as the kubectl plugin `kubectl-create-daemonset`: kubectl (>= 1.31, with
//! `KUBECTL_ENABLE_CMD_SHADOW=true`) runs that executable for `kubectl create daemonset`.

use crate::cli::{CreateCommand, CreateDaemonSetArgs, ManifestFormat};
use anyhow::Result;
use dsctl::convert::create_daemonset;
use dsctl::manifest::emit;
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
    let text = match args.output {
        ManifestFormat::Yaml => emit::to_yaml(&ds),
        ManifestFormat::Json => emit::to_json(&ds),
    };
    super::print(&text)?;
    Ok(super::EXIT_CLEAN)
}
