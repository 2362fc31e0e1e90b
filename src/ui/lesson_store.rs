//! The lesson player's ties to the rest of the app and the browser: putting a lesson's simulator
//! on the board (so the board, event log, ledger and group panel draw the lesson's cluster),
//! localStorage for progress, and the page URL for deep links.

use super::derived::{LagHistory, Side};
use super::state::{EventLog, Store};
use crate::player::progress::{Progress, STORAGE_KEY};
use crate::sim::{Event, Sim};
use leptos::prelude::*;

impl Store {
    /// Replaces the running simulator with `sim` (a copy of a lesson's) and rebuilds the event
    /// log from `events`, as if this run had been watched from its start.
    pub(super) fn install(&self, sim: Sim, events: Vec<Event>) {
        self.playing.set(false);
        self.sim.set_value(sim);
        self.log.set(EventLog::default());
        self.side.set(Side::default());
        self.lag_history.set(LagHistory::default());
        self.metrics.set(crate::player::metrics::MetricsHistory::default());
        self.error.set(None);
        self.restart_timeline();
        self.push(events);
        self.refresh();
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Both calls can fail (storage disabled, sandboxed iframe): then progress is not kept.
    web_sys::window()?.local_storage().ok()?
}

/// The saved progress; missing or corrupt storage reads as nothing done.
pub fn load_progress() -> Progress {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    Progress::parse(stored.as_deref())
}

pub fn save_progress(p: &Progress) {
    if let Some(s) = storage() {
        // A full or refused storage only means progress is not remembered.
        let _ = s.set_item(STORAGE_KEY, &p.to_json());
    }
}

/// A query parameter of the page URL.
pub fn url_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// In a lesson, the side controls are hidden (they would change the lesson's simulator behind
/// the narration's back); "Now try it yourself" brings them back on a copy.
pub fn set_lesson_mode(on: bool) {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.class_list().toggle_with_force("lesson-mode", on);
    }
}
