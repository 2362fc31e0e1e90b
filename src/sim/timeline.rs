//! Time travel: a run's checkpoints (`Sim` is Clone) plus its replay script, so any earlier point
//! can be rebuilt quickly: clone the nearest checkpoint at or before it and replay forward
//! (deterministic, so the result equals the state the run had there). Acting at a past point
//! forks: the old future (later actions and checkpoints) is discarded.

use super::action::ActionError;
use super::event::Event;
use super::replay::{Applied, Mark, MAX_REPLAY_ITEMS};
use super::ClusterConfig;
use super::types::Millis;
use super::Sim;

/// Checkpoint spacing in queue items: seek replays at most this many items.
pub const DEFAULT_EVERY: u64 = 2_000;
/// The most checkpoints kept; beyond it every other one is dropped (spacing doubles).
pub const MAX_CHECKPOINTS: usize = 256;

#[derive(Clone, Debug)]
pub struct Timeline {
    /// The run's start (position 0, no actions).
    origin: Sim,
    checkpoints: Vec<Sim>,
    every: u64,
    /// The whole run's actions, as far as it has gone.
    script: Vec<Applied>,
    /// The furthest point of the run seen.
    end: Mark,
    /// After each observed batch: the next event's sequence number and the point reached. An
    /// event `seq` was emitted inside the first batch whose `next_seq` exceeds it.
    stops: Vec<Stop>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stop {
    next_seq: u64,
    mark: Mark,
}

/// Where one event happened: the point just before the item (or action) that emitted it, and
/// the point just after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventSpot {
    pub before: Mark,
    pub after: Mark,
}

impl Timeline {
    /// Starts recording `sim` (normally a fresh run).
    pub fn new(sim: &Sim) -> Timeline {
        Timeline::with_spacing(sim, DEFAULT_EVERY)
    }

    pub fn with_spacing(sim: &Sim, every: u64) -> Timeline {
        Timeline {
            origin: sim.clone(), checkpoints: Vec::new(), every: every.max(1), script: sim.actions().to_vec(),
            end: sim.mark(), stops: vec![Stop { next_seq: sim.next_event_seq(), mark: sim.mark() }],
        }
    }

    /// Rebuilds a run from its seed, settings and script up to `to` (a shared link, "replay my
    /// actions") and records it on the way, checkpoints included, so it can be scrubbed at once.
    /// Returns the timeline, the run at `to` and every event.
    pub fn rebuild(config: &ClusterConfig, seed: u64, script: &[Applied], to: Mark) -> Result<(Timeline, Sim, Vec<Event>), ActionError> {
        if let Some(far) = script.iter().map(|a| a.position).chain([to.position]).find(|p| *p > MAX_REPLAY_ITEMS) {
            return Err(ActionError::new(format!("a replay is limited to {MAX_REPLAY_ITEMS} queue items, not {far}")));
        }
        let mut sim = Sim::new(config.clone(), seed).map_err(|e| ActionError::new(format!("{}: {}", e.key, e.message)))?;
        let mut tl = Timeline::new(&sim);
        let mut all = Vec::new();
        for (i, a) in script.iter().enumerate().take(to.actions) {
            tl.walk(&mut sim, Mark { position: a.position, time: a.time, actions: i }, &mut all);
            if sim.position() != a.position {
                return Err(ActionError::new(format!(
                    "action {} ({:?}) was applied after {} queue items, but the replayed run stops at {}", i + 1, a.action, a.position, sim.position())));
            }
            let evs = sim.apply(a.action.clone()).map_err(|e| ActionError::new(format!("action {}: {}", i + 1, e.message)))?;
            tl.observe(&sim, &evs);
            all.extend(evs);
        }
        tl.walk(&mut sim, to, &mut all);
        Ok((tl, sim, all))
    }

    /// Advances `sim` to `to` in stretches of at most `every` items, observing each.
    fn walk(&mut self, sim: &mut Sim, to: Mark, all: &mut Vec<Event>) {
        loop {
            let at = sim.position();
            let stop = Mark { position: to.position.min(at + self.every), ..to };
            let mut evs = Vec::new();
            sim.advance_to(stop, &mut evs);
            self.observe(sim, &evs);
            all.extend(evs);
            if sim.position() >= to.position || sim.position() == at {
                break;
            }
        }
    }

    /// Records where the live run is now (call after every apply/step) and the events it just
    /// produced; takes a checkpoint when the run has moved `every` items past the last one.
    pub fn observe(&mut self, sim: &Sim, events: &[Event]) {
        let mark = sim.mark();
        if mark.actions > self.script.len() {
            self.script.extend_from_slice(&sim.actions()[self.script.len()..]);
        }
        self.end = self.end.max(mark);
        let next_seq = events.last().map_or(sim.next_event_seq(), |e| e.seq + 1).max(sim.next_event_seq());
        if self.stops.last().is_none_or(|s| s.mark != mark || s.next_seq != next_seq) {
            self.stops.push(Stop { next_seq, mark });
        }
        let last = self.checkpoints.last().map_or(0, |c| c.position());
        if mark.position >= last + self.every {
            self.checkpoints.push(sim.clone());
            if self.checkpoints.len() > MAX_CHECKPOINTS {
                let mut i = 0;
                self.checkpoints.retain(|_| { i += 1; i % 2 == 0 });
                self.every *= 2;
            }
        }
    }

    pub fn end(&self) -> Mark {
        self.end
    }
    pub fn script(&self) -> &[Applied] {
        &self.script
    }
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }
    /// The sequence number of the last event recorded (None before the first one).
    pub fn last_seq(&self) -> Option<u64> {
        self.stops.last().and_then(|s| s.next_seq.checked_sub(1))
    }
    /// The first sequence number this timeline can seek to (earlier events predate its origin).
    pub fn first_seq(&self) -> u64 {
        self.origin.next_event_seq()
    }

    /// Finds where event `seq` happened: from the point before the batch that emitted it, steps
    /// item by item (applying the script's actions at their positions) until it is emitted.
    pub fn locate(&self, seq: u64) -> Result<EventSpot, ActionError> {
        let Some(i) = self.stops.iter().position(|s| s.next_seq > seq) else {
            return Err(ActionError::new(format!("event {seq} is not part of this run (it has {} events)", self.last_seq().map_or(0, |l| l + 1))));
        };
        if seq < self.first_seq() || i == 0 {
            return Err(ActionError::new(format!("event {seq} happened before this run's timeline began")));
        }
        let batch_end = self.stops[i].mark;
        let (mut sim, _) = self.seek(self.stops[i - 1].mark)?;
        while sim.next_event_seq() <= seq && sim.mark() < batch_end {
            let before = sim.mark();
            let next_action = self.script.get(before.actions).filter(|a| before.actions < batch_end.actions && a.position == before.position);
            if let Some(a) = next_action {
                let to = Mark { position: a.position, time: a.time, actions: before.actions + 1 };
                sim = sim.continue_to(&self.script, to)?.0;
            } else if sim.step_item().is_empty() && sim.position() == before.position {
                break; // nothing left to process: the batch only moved the clock
            }
            if sim.next_event_seq() > seq {
                return Ok(EventSpot { before, after: sim.mark() });
            }
        }
        Err(ActionError::new(format!("event {seq} could not be found again in the replay")))
    }

    /// Continues `sim` (a point of this run) along the recorded run until virtual time `until`,
    /// applying the script's actions on the way: Play while looking at the past.
    pub fn follow(&self, sim: Sim, until: Millis) -> Result<(Sim, Vec<Event>), ActionError> {
        if until >= self.end.time {
            return self.seek(self.end);
        }
        let mut sim = sim;
        let mut events = Vec::new();
        while let Some(a) = self.script.get(sim.actions().len()).filter(|a| a.time <= until) {
            let to = Mark { position: a.position, time: a.time, actions: sim.actions().len() + 1 };
            let (next, evs) = sim.continue_to(&self.script, to)?;
            sim = next;
            events.extend(evs);
        }
        events.extend(sim.run_until(until));
        Ok((sim, events))
    }

    /// The run's state at `to` (any point up to the end): the nearest checkpoint at or before it,
    /// replayed forward. Returns the events of the replayed stretch too.
    pub fn seek(&self, to: Mark) -> Result<(Sim, Vec<Event>), ActionError> {
        if to.position > self.end.position || to.actions > self.script.len() {
            return Err(ActionError::new(format!("the run has only reached position {}, not {}", self.end.position, to.position)));
        }
        let start = self.checkpoints.iter().rev()
            .find(|c| { let m = c.mark(); m.position <= to.position && m.time <= to.time && m.actions <= to.actions })
            .unwrap_or(&self.origin);
        start.clone().continue_to(&self.script, to)
    }

    /// Acting at a past point: the run continues from `at`, so everything recorded after it
    /// (later actions, checkpoints, events) is discarded. Returns how many actions were dropped.
    pub fn fork_at(&mut self, at: Mark) -> usize {
        let dropped = self.script.len().saturating_sub(at.actions);
        self.script.truncate(at.actions);
        self.checkpoints.retain(|c| { let m = c.mark(); m.position <= at.position && m.actions <= at.actions });
        self.stops.retain(|s| s.mark <= at);
        self.end = at;
        dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Action, ClusterConfig};

    fn produce(n: u32) -> Action {
        Action::Produce { topic: "orders".into(), key: None, value: None, count: n, partition: None, producer: None }
    }

    #[test]
    fn seeking_back_gives_the_state_the_run_had_there() {
        let mut sim = Sim::new(ClusterConfig::default(), 4).unwrap();
        let mut tl = Timeline::with_spacing(&sim, 50);
        let mut marks = Vec::new();
        for i in 0..30 {
            let evs = if i % 7 == 3 { sim.apply(produce(3)).unwrap() } else { sim.run_for(300) };
            tl.observe(&sim, &evs);
            marks.push((sim.mark(), sim.snapshot(), sim.ledger().records().to_vec()));
        }
        assert!(tl.checkpoint_count() > 2, "checkpoints were taken");
        for (mark, snap, records) in marks {
            let (back, _) = tl.seek(mark).unwrap();
            assert_eq!(back.snapshot(), snap, "at {mark:?}");
            assert_eq!(back.ledger().records(), &records[..]);
        }
        assert!(tl.seek(Mark { position: tl.end().position + 1, ..tl.end() }).is_err());
    }

    #[test]
    fn acting_in_the_past_forks_the_run() {
        let mut sim = Sim::new(ClusterConfig::default(), 5).unwrap();
        let mut tl = Timeline::with_spacing(&sim, 20);
        let evs = sim.run_for(500);
        tl.observe(&sim, &evs);
        let fork_point = sim.mark();
        for a in [produce(2), Action::CrashBroker { broker: 2 }] {
            let evs = sim.apply(a).unwrap();
            tl.observe(&sim, &evs);
            let evs = sim.run_for(2_000);
            tl.observe(&sim, &evs);
        }
        let (mut past, _) = tl.seek(fork_point).unwrap();
        assert_eq!(tl.fork_at(fork_point), 2, "the produce and the crash are the discarded future");
        let evs = past.apply(Action::CrashBroker { broker: 3 }).unwrap();
        tl.observe(&past, &evs);
        assert_eq!(tl.script().len(), 1);
        assert_eq!(tl.script()[0].action, Action::CrashBroker { broker: 3 });
        let (again, _) = tl.seek(past.mark()).unwrap();
        assert_eq!(again.snapshot(), past.snapshot());
    }
}
