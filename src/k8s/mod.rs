//! The few Kubernetes types dsctl reasons about, with upstream's matching rules.
//!
//! Each type mirrors the Go type of the same name and each predicate cites the upstream function
//! it reproduces. Deserialization ignores unknown fields and accepts the odd-but-valid shapes
//! real manifests contain (`tolerations: null`, an unquoted `true` selector value).

pub mod hostport;
pub mod ip;
pub(crate) mod lenient;
pub mod names;
pub mod quantity;
pub mod selector;
pub mod taint;
pub mod workload;

pub use quantity::{Quantity, QuantityError};
pub use selector::{
    LabelSelector, LabelSelectorRequirement, Labels, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, TermOutcome,
};
pub use taint::{Taint, Toleration};
pub use workload::{DaemonSet, PodSpec, WorkloadError};
