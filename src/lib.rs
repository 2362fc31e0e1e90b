//! Kafka Playground: a deterministic Apache Kafka simulator, lessons over it, and a Leptos UI.
//!
//! - [`sim`]: the Kafka model. Pure Rust, no web crates, deterministic.
//! - [`lesson`]: lesson/scenario files: parse, validate, run, check. Also pure.
//! - [`stage`]: shareable session links, embed options and the embed's message protocol. Pure.
//! - `ui` (feature `ui`): Leptos components that send intents and draw snapshots.

pub mod lesson;
pub mod sim;
pub mod stage;

#[cfg(feature = "ui")]
pub mod ui;
