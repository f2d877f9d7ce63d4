//! The one integration-test binary: every CLI and library test, one module a concern.
//! One binary links the library once, instead of once per file.

mod adoption;
#[allow(dead_code)]
mod common;
mod completions;
mod config;
mod convert;
mod create;
mod events;
mod fuzz;
mod hostile;
mod hostport;
mod preview;
mod preview_core;
mod readme;
mod rollout;
mod rules;
mod scaling;
mod schema;
mod service;
mod splice;
mod static_pod;
mod validate;
mod whatif;
#[cfg(unix)]
mod write_safety;
