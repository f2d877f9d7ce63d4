//! The dsctl binary: parse arguments, run the command, map the outcome to an exit code.

mod cli;
mod commands;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let argv0 = std::env::args_os().next();
    let cli = match commands::create::shadow_args(argv0.as_deref()) {
        Some(args) => cli::Cli::parse_from(args),
        None => cli::Cli::parse(),
    };
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if commands::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dsctl: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
