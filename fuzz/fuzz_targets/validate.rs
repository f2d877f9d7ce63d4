//! The whole `validate` pipeline on any bytes: a load error or reports, never a panic.
//! The body is shared with the stable mutation loop of `tests/cli/fuzz.rs`: see `fuzz/targets.rs`.
#![no_main]

#[path = "../targets.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::validate(data));
