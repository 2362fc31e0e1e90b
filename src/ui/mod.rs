//! The Leptos UI: intents in, snapshots drawn. One concern per file.
//!
//! Data flow is one-way: a click calls an intent on [`state::Store`], which applies it to the
//! `Sim`, appends the events to the log and takes a fresh `Snapshot` into a signal that every
//! view reads.

pub mod app;
pub mod batches;
pub mod board;
pub mod brokers;
pub mod charts;
pub mod checker;
pub mod controls;
pub mod derived;
pub mod embed;
pub mod embed_code;
pub mod events;
pub mod format;
pub mod group_views;
pub mod i18n_share;
pub mod share_views;
pub mod groups;
pub mod i18n;
pub mod i18n_more;
pub mod i18n_board;
pub mod i18n_lesson;
pub mod inflight;
pub mod ledger;
pub mod lesson_file;
pub mod lesson_keys;
pub mod lesson_player;
pub mod lesson_store;
pub mod lesson_toc;
pub mod lesson_view;
pub mod network;
pub mod panic_banner;
pub mod partitions;
pub mod board_summary;
pub mod producer;
pub mod share;
pub mod split_view;
pub mod stage_text;
pub mod state;
pub mod scrubber;
pub mod sequence;
pub mod travel;
pub mod i18n_travel;
pub mod i18n_ledger;
pub mod terminal;
pub mod i18n_terminal;
pub mod planner;
pub mod i18n_planner;
pub mod presenter;
pub mod broker_menu;
pub mod lesson_link;
pub mod i18n_presenter;
pub mod txn_panel;
pub mod url;

pub use app::App;
pub mod zookeeper;
