//! dsctl: convert, validate and preview Kubernetes DaemonSet manifests.
//!
//! The library is the pure core: loading, rules, conversion and placement are functions over
//! data. Only the binary's command layer touches files, stdout and exit codes.

pub mod adoption;
pub mod config;
pub mod convert;
pub mod display;
pub mod finding;
pub mod input;
pub mod inventory;
pub mod k8s;
pub mod manifest;
pub mod output;
pub mod preview;
pub mod report;
pub mod rules;
pub mod schema;
pub mod service;
pub mod static_pod;
pub mod validate;
