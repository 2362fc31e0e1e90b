//! The replay script: every applied action with the position (queue items processed) and the
//! virtual time at which it was applied. The seed, the initial configuration and this script
//! reproduce a run exactly, including clock advances that processed no item (Run 1 s on an idle
//! cluster). Shared sessions, "replay my actions" and time travel are built on [`Sim::replay`].

use super::action::{Action, ActionError};
use super::event::Event;
use super::types::Millis;
use super::{ClusterConfig, Sim};

/// The longest run a replay rebuilds (a bad shared link must not hang the page).
pub const MAX_REPLAY_ITEMS: u64 = 20_000_000;

/// One applied action of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// Queue items processed before it was applied.
    pub position: u64,
    /// Virtual time when it was applied.
    pub time: Millis,
    pub action: Action,
}

/// A point of a run: queue items processed, the virtual time, and how many actions had been
/// applied (several actions can share one position and time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub position: u64,
    pub time: Millis,
    pub actions: usize,
}

impl Sim {
    /// The actions applied so far, in order (the replay script).
    pub fn actions(&self) -> &[Applied] {
        &self.actions
    }

    /// The configuration this run started with (later `set` actions are in the script).
    pub fn initial_config(&self) -> &ClusterConfig {
        &self.initial_config
    }

    /// Where the run is now.
    pub fn mark(&self) -> Mark {
        Mark { position: self.items, time: self.now, actions: self.actions.len() }
    }

    /// Rebuilds a run from its seed, initial configuration and script, up to `to` (which may be
    /// earlier than the script's end: the actions from `to.actions` on are left out). Returns the simulator and
    /// every event of the replayed run. A script that does not fit the run (an action refused, a
    /// position the queue never reaches) is an error naming the action.
    pub fn replay(config: &ClusterConfig, seed: u64, script: &[Applied], to: Mark) -> Result<(Sim, Vec<Event>), ActionError> {
        if let Some(far) = script.iter().map(|a| a.position).chain([to.position]).find(|p| *p > MAX_REPLAY_ITEMS) {
            return Err(ActionError::new(format!("a replay is limited to {MAX_REPLAY_ITEMS} queue items, not {far}")));
        }
        let sim = Sim::new(config.clone(), seed).map_err(|e| ActionError::new(format!("{}: {}", e.key, e.message)))?;
        sim.continue_to(script, to)
    }

    /// Continues this run (a checkpoint of the run `script` belongs to) up to `to`, applying
    /// the script's actions from the ones it has already applied.
    pub fn continue_to(mut self, script: &[Applied], to: Mark) -> Result<(Sim, Vec<Event>), ActionError> {
        if to.position > MAX_REPLAY_ITEMS {
            return Err(ActionError::new(format!("a replay is limited to {MAX_REPLAY_ITEMS} queue items, not {}", to.position)));
        }
        let here = self.mark();
        if here.position > to.position || here.time > to.time || here.actions > to.actions || script.get(..self.actions.len()) != Some(&self.actions[..]) {
            return Err(ActionError::new("this checkpoint is not on the way to that point of the run"));
        }
        let mut events = Vec::new();
        for (i, a) in script.iter().enumerate().skip(self.actions.len()) {
            if i >= to.actions {
                break;
            }
            self.advance_to(Mark { position: a.position, time: a.time, actions: i }, &mut events);
            if self.items != a.position {
                return Err(ActionError::new(format!(
                    "action {} ({:?}) was applied after {} queue items, but the replayed run stops at {}",
                    i + 1, a.action, a.position, self.items)));
            }
            let evs = self.apply(a.action.clone()).map_err(|e| ActionError::new(format!("action {}: {}", i + 1, e.message)))?;
            events.extend(evs);
        }
        self.advance_to(to, &mut events);
        Ok((self, events))
    }

    /// Processes queue items up to `to.position`, then moves the clock to `to.time` without
    /// processing anything due later than the original run did.
    pub(crate) fn advance_to(&mut self, to: Mark, events: &mut Vec<Event>) {
        // The original run applied at `to.time`, so it processed nothing due later than that.
        while self.items < to.position && self.next_due().is_some_and(|d| d <= to.time) {
            events.extend(self.step_item());
        }
        if self.items == to.position && self.now < to.time && self.next_due().is_none_or(|d| d > to.time) {
            self.now = to.time;
        }
    }

    /// This run rebuilt from its own seed and script, to where it is now (determinism, shown).
    pub fn replayed(&self) -> Result<(Sim, Vec<Event>), ActionError> {
        Sim::replay(&self.initial_config, self.seed, &self.actions, self.mark())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::snapshot::Snapshot;

    fn busy_run() -> Sim {
        let mut sim = Sim::new(ClusterConfig::default(), 9).unwrap();
        sim.run_for(700);
        sim.apply(Action::Produce { topic: "orders".into(), key: Some("k".into()), value: None, count: 4, partition: None, producer: None }).unwrap();
        for _ in 0..25 {
            sim.step_item();
        }
        sim.apply(Action::CrashBroker { broker: 1 }).unwrap();
        sim.run_for(12_000);
        sim.apply(Action::RestartBroker { broker: 1 }).unwrap();
        sim.run_for(3_000);
        sim
    }

    fn same(a: &Sim, b: &Sim) -> bool {
        let (x, y): (Snapshot, Snapshot) = (a.snapshot(), b.snapshot());
        x == y && a.mark() == b.mark() && a.ledger().records() == b.ledger().records()
    }

    #[test]
    fn replay_reproduces_the_run_exactly() {
        let sim = busy_run();
        let (again, _) = sim.replayed().unwrap();
        assert!(same(&sim, &again));
        assert_eq!(again.actions(), sim.actions());
    }

    #[test]
    fn replay_to_an_earlier_mark_equals_a_checkpoint_taken_there() {
        let mut sim = Sim::new(ClusterConfig::default(), 3).unwrap();
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 3, partition: None, producer: None }).unwrap();
        sim.run_for(40);
        let checkpoint = sim.clone();
        sim.apply(Action::CrashBroker { broker: 2 }).unwrap();
        sim.run_for(5_000);
        let (back, _) = Sim::replay(sim.initial_config(), sim.seed(), sim.actions(), checkpoint.mark()).unwrap();
        assert!(same(&back, &checkpoint));
        assert_eq!(back.actions().len(), 1, "the crash came later and is left out");
    }

    #[test]
    fn a_clock_advance_on_an_idle_run_is_reproduced() {
        let mut sim = Sim::new(ClusterConfig::default(), 1).unwrap();
        let t0 = sim.mark();
        sim.run_for(1); // may process nothing
        let (again, _) = sim.replayed().unwrap();
        assert_eq!(again.mark(), sim.mark());
        assert!(sim.mark() >= t0);
    }

    #[test]
    fn a_script_that_does_not_fit_is_an_error_not_a_panic() {
        let sim = busy_run();
        let mut script = sim.actions().to_vec();
        script[0].position = 5_000_000;
        let end = Mark { position: 6_000_000, time: 60_000, actions: 9 };
        let err = Sim::replay(sim.initial_config(), sim.seed(), &script, end).unwrap_err();
        assert!(err.message.contains("action 1"), "{}", err.message);
        let bad = vec![Applied { position: 0, time: 0, action: Action::CrashBroker { broker: 99 } }];
        let err = Sim::replay(sim.initial_config(), sim.seed(), &bad, end).unwrap_err();
        assert!(err.message.starts_with("action 1:"), "{}", err.message);
        let huge = Mark { position: u64::MAX, time: u64::MAX, actions: 0 };
        let err = Sim::replay(sim.initial_config(), sim.seed(), &[], huge).unwrap_err();
        assert!(err.message.contains("limited"), "{}", err.message);
    }
}
