//! `dsctl convert`.

use anyhow::{Result, bail};

pub fn run(_args: crate::cli::ConvertArgs) -> Result<u8> {
    bail!("`dsctl convert` is not built yet")
}
