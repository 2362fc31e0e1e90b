//! Where a learner is in one lesson, and how Back and Continue move.
//!
//! The simulator only moves forward, so going back restores a checkpoint: `after[k]` is the
//! [`Runner`] after `k` steps ran (a `Runner` is `Clone`, and so is its `Sim`). Continue always
//! runs the next step on a clone of the newest checkpoint, so Back then Continue rebuilds the
//! very same state (same seed, same actions: the simulator is deterministic).

use crate::lesson::{Lesson, LessonError, Predict, Runner, StepReport};
use crate::sim::Event;

/// What the player shows now. Step indexes are 0-based (the UI prints them 1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The lesson's title and summary; nothing has run yet.
    Title,
    /// Step `i`'s predict question, asked *before* its actions run.
    Asking(usize),
    /// Step `i` ran: its narration, claims (and a predict reveal) are shown.
    Shown(usize),
    /// Past the last step (or past a step whose action failed).
    End,
}

#[derive(Clone, Debug)]
pub struct Session {
    after: Vec<Runner>,
    stage: Stage,
    /// The learner's choice for each predict step, by step index (kept for the reveal).
    answers: Vec<Option<usize>>,
}

impl Session {
    /// A session on the title card.
    pub fn new(lesson: Lesson) -> Result<Session, LessonError> {
        let n = lesson.steps.len();
        Ok(Session { after: vec![Runner::new(lesson)?], stage: Stage::Title, answers: vec![None; n] })
    }

    pub fn lesson(&self) -> &Lesson {
        self.runner().lesson()
    }
    pub fn stage(&self) -> Stage {
        self.stage
    }
    /// The runner as the learner sees it now (its `sim()` is what the board draws).
    pub fn runner(&self) -> &Runner {
        self.after.last().expect("a session always has its starting checkpoint")
    }
    pub fn total(&self) -> usize {
        self.lesson().steps.len()
    }

    /// The report of step `i`, once it ran.
    pub fn report(&self, i: usize) -> Option<&StepReport> {
        self.runner().report().steps.get(i)
    }

    /// Step `i`'s predict question, if it has one.
    pub fn predict(&self, i: usize) -> Option<&Predict> {
        self.lesson().steps.get(i).and_then(|s| s.predict.as_ref())
    }

    /// The learner's answer to step `i`'s question and whether it was right (the lesson's
    /// `answer_index` decides; `kplay lesson check` proves that index with `predict.check`).
    pub fn answer(&self, i: usize) -> Option<(usize, bool)> {
        let chosen = (*self.answers.get(i)?)?;
        Some((chosen, self.predict(i)?.answer_index == chosen))
    }

    /// Every event of the steps that ran, in order (for the event log).
    pub fn events(&self) -> Vec<Event> {
        self.runner().report().steps.iter().flat_map(|s| s.events.iter().cloned()).collect()
    }

    /// Continue: title → step 1, a shown step → the next one (asked first if it has a
    /// question), the last step → the end card. Does nothing while a question waits for its
    /// answer or on the end card. Returns whether anything changed.
    pub fn forward(&mut self) -> bool {
        match self.stage {
            Stage::Asking(_) | Stage::End => false,
            Stage::Title | Stage::Shown(_) => {
                match self.runner().next_step() {
                    Some(i) => self.enter(i),
                    None => self.stage = Stage::End,
                }
                true
            }
        }
    }

    /// Answers the waiting question with choice `choice` (0-based), then runs the step.
    /// Returns whether the answer was right, or `None` if no question is waiting or the choice
    /// does not exist.
    pub fn choose(&mut self, choice: usize) -> Option<bool> {
        let Stage::Asking(i) = self.stage else { return None };
        let predict = self.predict(i)?;
        if choice >= predict.choices.len() {
            return None;
        }
        let right = predict.answer_index == choice;
        self.answers[i] = Some(choice);
        self.run_next();
        self.stage = Stage::Shown(i);
        Some(right)
    }

    /// Back: a step (asked or shown) → the step before it as it was, step 1 → the title card,
    /// the end card → the last step shown. Returns whether anything changed.
    pub fn back(&mut self) -> bool {
        let i = match self.stage {
            Stage::Title => return false,
            Stage::End => {
                self.stage = match self.runner().report().steps.len() {
                    0 => Stage::Title,
                    n => Stage::Shown(n - 1),
                };
                return true;
            }
            Stage::Asking(i) | Stage::Shown(i) => i,
        };
        // Keep the checkpoint after `i` steps: steps 0..i-1 ran.
        self.after.truncate(i + 1);
        self.stage = if i == 0 { Stage::Title } else { Stage::Shown(i - 1) };
        true
    }

    /// Jumps to step `i` (0-based) as if the learner had pressed Continue from step `i - 1`:
    /// earlier steps run without their questions; step `i` is asked if it has a question.
    /// Stops early on a step whose action fails (it is shown with its error).
    pub fn goto(&mut self, i: usize) {
        self.after.truncate(1);
        self.stage = Stage::Title;
        let target = i.min(self.total().saturating_sub(1));
        while self.runner().report().steps.len() < target && self.runner().next_step().is_some() {
            let k = self.run_next();
            self.stage = Stage::Shown(k);
            if self.report(k).is_some_and(|r| r.error.is_some()) {
                return;
            }
        }
        self.forward();
    }

    /// Shows step `i`: ask first if it has a question, else run it.
    fn enter(&mut self, i: usize) {
        if self.predict(i).is_some() {
            self.stage = Stage::Asking(i);
        } else {
            self.run_next();
            self.stage = Stage::Shown(i);
        }
    }

    /// Runs the next step on a new checkpoint; returns its index.
    fn run_next(&mut self) -> usize {
        let mut r = self.runner().clone();
        let i = r.report().steps.len();
        r.run_step();
        self.after.push(r);
        i
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
