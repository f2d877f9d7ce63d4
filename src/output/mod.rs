//! Renderers: one per format, each a pure function from a [`Report`](crate::report::Report)
//! to text. They hold no logic of their own beyond presentation.

pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

/// The one escaping function for messages that quote input (see [`crate::display`]).
pub use crate::display::escape_control;
