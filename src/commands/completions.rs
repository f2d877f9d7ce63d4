//! `dsctl completions SHELL`: completion scripts generated from the clap definition.

use crate::cli::{Cli, CompletionsArgs};
use anyhow::Result;
use clap::CommandFactory;

pub fn run(args: CompletionsArgs) -> Result<u8> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "dsctl", &mut buf);
    super::print(&String::from_utf8_lossy(&buf))?;
    Ok(super::EXIT_CLEAN)
}
