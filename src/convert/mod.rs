//! Conversion of workloads into apps/v1 DaemonSets, as pure functions over documents.

pub mod consequences;
mod create;
pub mod file;
pub mod options;
pub mod splice;
pub mod workload;

pub use create::{CreateSpec, container_name, create_daemonset, create_errors};
pub use file::{
    Checker, FileConversion, Format, Level, Message, convert_file, convert_file_keeping, json_text,
    list_of,
};
pub use options::{
    IntOrPercent, Options, Requirement, Selection, StrategyType, parse_node_selector,
};
pub use workload::{Converted, Note, Source, convert_object};
