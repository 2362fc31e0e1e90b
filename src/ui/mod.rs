//! The Leptos UI: intents in, snapshots drawn. One concern per file.
//!
//! Data flow is one-way: a click calls an intent on [`state::Store`], which applies it to the
//! `Sim`, appends the events to the log and takes a fresh `Snapshot` into a signal that every
//! view reads.

pub mod app;
pub mod board;
pub mod brokers;
pub mod controls;
pub mod events;
pub mod format;
pub mod i18n;
pub mod inflight;
pub mod ledger;
pub mod network;
pub mod partitions;
pub mod producer;
pub mod state;
pub mod url;

pub use app::App;
