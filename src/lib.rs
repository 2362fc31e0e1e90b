//! Kafka Playground: a deterministic Apache Kafka simulator, lessons over it, and a Leptos UI.
//!
//! - [`sim`]: the Kafka model. Pure Rust, no web crates, deterministic.
//! - [`lesson`]: lesson/scenario files: parse, validate, run, check. Also pure.
//! - [`terminal`]: Kafka's CLI tools (kafka-topics.sh, …) over the simulator. Also pure.
//! - [`player`]: the lesson player's pure logic (stages, deep links, progress, key terms).
//! - [`stage`]: shareable session links, embed options and the embed's message protocol. Pure.
//! - `ui` (feature `ui`): Leptos components that send intents and draw snapshots.

pub mod lesson;
pub mod player;
pub mod sim;
pub mod terminal;
pub mod stage;
pub mod workload;

#[cfg(feature = "ui")]
pub mod ui;
