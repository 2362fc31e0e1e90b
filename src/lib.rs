//! Kafka Playground: a deterministic Apache Kafka simulator, lessons over it, and a Leptos UI.
//!
//! - [`sim`]: the Kafka model. Pure Rust, no web crates, deterministic.
//! - [`lesson`]: lesson/scenario files: parse, validate, run, check. Also pure.
//! - `ui` (feature `ui`): Leptos components that send intents and draw snapshots.

pub mod lesson;
pub mod sim;

#[cfg(feature = "ui")]
pub mod ui;
