//! Conversion of workloads into apps/v1 DaemonSets, as pure functions over documents.

mod create;

pub use create::{CreateSpec, container_name, create_daemonset};
