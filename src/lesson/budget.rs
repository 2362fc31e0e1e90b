//! A whole lesson's cost: each action is bounded on its own ([`super::commands`]), and this adds
//! them up so that `repeat` and many steps cannot ask for days of simulation.

use super::commands::{Scene, MAX_LESSON_MS, MAX_LESSON_PARTITION_HOURS, MAX_STEPS};
use super::{Command, Located, LessonError, Step};

/// What a lesson asks the simulator to do in all: each action is bounded, but `repeat` and many
/// steps multiply them (fuzzing: `repeat 2000: run 1440m` asked for 2000 virtual days, hours of
/// work). The cost of a virtual hour grows with the partitions, so those are counted too.
#[derive(Default)]
pub(super) struct Budget {
    ms: u64,
    /// Virtual ms × partitions, the simulator's work.
    partition_ms: u128,
    steps: u64,
}

impl Budget {
    pub(super) fn add(&mut self, file: &str, step: &Step, scene: &Scene) -> Result<(), LessonError> {
        // The partitions as the step leaves them (they only grow), internal topics included.
        let partitions: u64 = scene.cluster.topics.iter().map(|t| t.partitions as u64).sum::<u64>().max(1);
        for a in &step.actions {
            let ms = match &a.item {
                Command::Run(ms) => *ms,
                Command::WaitUntil { max_ms, .. } => *max_ms,
                Command::Step(n) => {
                    self.steps += *n as u64;
                    if self.steps > MAX_STEPS as u64 {
                        return Err(self.err(file, a, format!("the lesson's `step` actions add up to {} simulator steps; a lesson may take at most {MAX_STEPS}", self.steps)));
                    }
                    continue;
                }
                _ => continue,
            };
            self.ms = self.ms.saturating_add(ms);
            self.partition_ms += ms as u128 * partitions as u128;
            if self.ms > MAX_LESSON_MS {
                return Err(self.err(file, a, format!(
                    "the lesson's runs and wait_until limits add up to {} of virtual time; a lesson may simulate at most {} in all",
                    hours(self.ms as u128), hours(MAX_LESSON_MS as u128))));
            }
            let hours_used = self.partition_ms / 3_600_000;
            if hours_used > MAX_LESSON_PARTITION_HOURS as u128 {
                return Err(self.err(file, a, format!(
                    "the lesson's runs and wait_until limits add up to {} of virtual time on {partitions} partitions, {hours_used} partition-hours; \
                     a lesson may simulate at most {MAX_LESSON_PARTITION_HOURS} partition-hours (use fewer partitions or shorter runs)",
                    hours(self.ms as u128))));
            }
        }
        Ok(())
    }

    fn err(&self, file: &str, a: &Located<Command>, why: String) -> LessonError {
        LessonError { file: file.to_string(), pos: a.pos, message: format!("in `{}`: {why}", a.text.trim()) }
    }
}

/// `26h 40m 0s`.
fn hours(ms: u128) -> String {
    let s = ms.div_ceil(1000);
    format!("{}h {}m {}s", s / 3600, s % 3600 / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::super::parse::tests::lesson;

    #[test]
    fn a_lesson_may_not_ask_for_days_of_simulation() {
        // Each action is bounded, but `repeat` multiplied them into days of virtual time.
        let e = parse(&lesson("brokers = 1", "\"run 1s\", \"repeat 2000: run 1440m\""), "f.toml").unwrap_err();
        assert_eq!(e.to_string(), "f.toml:14:17: in `run 1440m (repeat 1/2000)`: the lesson's runs and wait_until limits add up to \
            24h 0m 1s of virtual time; a lesson may simulate at most 24h 0m 0s in all");
        let e = parse(&lesson("brokers = 1", "\"repeat 2: step 100000\""), "f.toml").unwrap_err();
        assert!(e.message.contains("200000 simulator steps"), "{e}");
        // A day is fine on 3 partitions, not on 3000.
        assert!(parse(&lesson("brokers = 1", "\"run 1440m\""), "f.toml").is_ok());
        let e = parse(&lesson("brokers = 1", "\"add_partitions orders 3000\", \"run 1440m\""), "f.toml").unwrap_err();
        assert!(e.message.contains("partition-hours"), "{e}");
    }
}
