//! `dsctl preview`.

use anyhow::{Result, bail};

pub fn run(_args: crate::cli::PreviewArgs) -> Result<u8> {
    bail!("`dsctl preview` is not built yet")
}
