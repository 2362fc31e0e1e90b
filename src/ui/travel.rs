//! Time travel in the store: the run's `Timeline` (checkpoints + replay script), the point on
//! view, and what Step / Play / an action mean while looking at the past. Stepping or playing
//! in the past follows the recorded run (its later actions included); acting there forks: the
//! old future is discarded and the learner is told so.

use super::state::Store;
use crate::player::metrics::count_shrinks;
use crate::sim::timeline::Timeline;
use crate::sim::{Event, Sim, TopicPartition};
use leptos::prelude::*;

/// Where the view is on the run's timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Travel {
    /// Events `0..next_seq` have happened at the point on view.
    pub next_seq: u64,
    /// The earliest event the timeline can go back to.
    pub first_seq: u64,
    /// Events recorded in the whole run (`0..end_seq`).
    pub end_seq: u64,
    /// The view is earlier than the run's end.
    pub in_past: bool,
    /// The last fork: how many actions and events of the old future were discarded.
    pub fork: Option<Fork>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fork {
    pub actions: usize,
    pub events: u64,
}

impl Travel {
    /// The event on view (the last one that has happened), if any.
    pub fn at(&self) -> Option<u64> {
        self.next_seq.checked_sub(1).filter(|s| *s >= self.first_seq)
    }
}

/// What the board highlights after a jump to an event (a lost record's loss).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Highlight {
    pub event: Option<u64>,
    pub tp: Option<TopicPartition>,
}

impl Store {
    /// A new timeline starting at the simulator now in the store (reset, lesson install, replay).
    pub(super) fn restart_timeline(&self) {
        let Some(tl) = self.sim.try_with_value(Timeline::new) else { return };
        self.timeline.set_value(tl);
        self.highlight.set(Highlight::default());
        self.sync_travel(None);
    }

    /// A timeline for a rebuilt run (a shared link, "replay my actions"): recorded from its
    /// start, so the whole run can be scrubbed. Falls back to starting here if that fails.
    pub(super) fn rebuild_timeline(&self) {
        let rebuilt = self.sim.try_with_value(|s| Timeline::rebuild(s.initial_config(), s.seed(), s.actions(), s.mark()));
        match rebuilt {
            Some(Ok((tl, _, _))) => {
                self.timeline.set_value(tl);
                self.highlight.set(Highlight::default());
                self.sync_travel(None);
            }
            _ => self.restart_timeline(),
        }
    }

    /// Records the live run's progress (after every apply / step / run).
    pub(super) fn record(&self, events: &[Event]) {
        self.sim.with_value(|sim| self.timeline.update_value(|tl| tl.observe(sim, events)));
        self.sync_travel(None);
    }

    fn sync_travel(&self, fork: Option<Fork>) {
        let Some((next_seq, mark)) = self.sim.try_with_value(|s| (s.next_event_seq(), s.mark())) else { return };
        let (first_seq, end_seq, end) = self.timeline.with_value(|tl| (tl.first_seq(), tl.last_seq().map_or(tl.first_seq(), |l| l + 1), tl.end()));
        let old = self.travel.get_untracked().fork;
        let travel = Travel { next_seq, first_seq, end_seq: end_seq.max(next_seq), in_past: mark < end, fork: fork.or(old) };
        if self.travel.with_untracked(|t| *t != travel) {
            self.travel.set(travel);
        }
    }

    pub fn in_past(&self) -> bool {
        self.travel.with_untracked(|t| t.in_past)
    }

    /// Puts a point of the run on view; the log keeps the whole run, the view filters it.
    fn show_point(&self, result: Result<(Sim, Vec<Event>), crate::sim::ActionError>) {
        match result {
            Ok((sim, events)) => {
                let (next_seq, now) = (sim.next_event_seq(), sim.now());
                let was = self.travel.with_untracked(|t| t.next_seq);
                self.sim.set_value(sim);
                if next_seq < was {
                    self.metrics.update(|m| m.rewind(now));
                } else {
                    let shrinks = count_shrinks(events.iter().filter(|e| e.seq >= was));
                    self.metrics.update(|m| m.shrinks += shrinks);
                }
                self.log.update(|l| l.extend_new(events));
                self.side.update(|s| s.rewind(next_seq));
                self.lag_history.update(|h| h.rewind(now));
                self.error.set(None);
                self.sync_travel(None);
                self.refresh();
            }
            Err(e) => self.error.set(Some(e.message)),
        }
    }

    /// Shows the run just after event `seq` happened (the scrubber, a click in the log).
    pub fn seek_event(&self, seq: u64) {
        self.playing.set(false);
        let result = self.timeline.with_value(|tl| tl.locate(seq).and_then(|spot| tl.seek(spot.after)));
        self.show_point(result);
    }

    /// One event back: the point just before the last event on view happened.
    pub fn step_back(&self) {
        self.playing.set(false);
        let Some(at) = self.travel.with_untracked(Travel::at) else { return };
        let result = self.timeline.with_value(|tl| tl.locate(at).and_then(|spot| tl.seek(spot.before)));
        self.show_point(result);
    }

    /// Back to the end of the run (the present).
    pub fn go_live(&self) {
        let result = self.timeline.with_value(|tl| tl.seek(tl.end()));
        self.show_point(result);
    }

    /// Jumps to a lost record's loss and highlights its partition on the board.
    pub fn jump_to_event(&self, seq: u64, tp: Option<TopicPartition>) {
        self.seek_event(seq);
        self.highlight.set(Highlight { event: Some(seq), tp });
    }

    /// Before an action in the past: the old future is discarded (the timeline forks).
    pub(super) fn fork_if_past(&self) {
        if !self.in_past() {
            return;
        }
        let (mark, next_seq) = self.sim.with_value(|s| (s.mark(), s.next_event_seq()));
        let end_seq = self.travel.with_untracked(|t| t.end_seq);
        let actions = self.timeline.try_update_value(|tl| tl.fork_at(mark)).unwrap_or(0);
        self.log.update(|l| l.truncate_from(next_seq));
        let fork = Fork { actions, events: end_seq.saturating_sub(next_seq) };
        self.announce.set(super::i18n_travel::fork_notice(self.lang.get_untracked(), fork));
        self.sync_travel(Some(fork));
    }

    /// Step while in the past: the recorded run's next event. False when at the end already.
    pub(super) fn step_in_past(&self) -> bool {
        if !self.in_past() {
            return false;
        }
        let next = self.travel.with_untracked(|t| t.next_seq);
        if next >= self.travel.with_untracked(|t| t.end_seq) {
            self.go_live();
            return self.in_past();
        }
        self.seek_event(next);
        true
    }

    /// Step-to-notable while in the past: the next notable event the log holds.
    pub(super) fn step_notable_in_past(&self) -> bool {
        if !self.in_past() {
            return false;
        }
        let next = self.travel.with_untracked(|t| t.next_seq);
        match self.log.with_untracked(|l| l.next_notable(next)) {
            Some(seq) => self.seek_event(seq),
            None => self.go_live(),
        }
        true
    }

    /// Play / Run while in the past: follow the recorded run for `ms` of virtual time.
    pub(super) fn run_in_past(&self, ms: u64) -> bool {
        if !self.in_past() {
            return false;
        }
        let Some(sim) = self.sim.try_with_value(Sim::clone) else { return false };
        let until = sim.now().saturating_add(ms);
        let result = self.timeline.with_value(|tl| tl.follow(sim, until));
        self.show_point(result);
        true
    }

    pub fn dismiss_fork(&self) {
        self.travel.update(|t| t.fork = None);
    }
}
