//! `dsctl explain`.

use anyhow::{Result, bail};

pub fn run(_args: crate::cli::ExplainArgs) -> Result<u8> {
    bail!("`dsctl explain` is not built yet")
}
