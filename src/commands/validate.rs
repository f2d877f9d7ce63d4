//! `dsctl validate`.

use anyhow::{Result, bail};

pub fn run(_args: crate::cli::ValidateArgs) -> Result<u8> {
    bail!("`dsctl validate` is not built yet")
}
