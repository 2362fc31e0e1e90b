//! The runner: builds the simulator from a lesson, plays its steps in order, collects each step's
//! events and evaluates its claims. `check` is a run in which every claim must hold.
//!
//! The UI drives a [`Runner`] one step at a time; the CLI and the tests use [`run`] and [`check`].

use super::expr::{Assertion, EventCounts, Value};
use super::{Command, Lesson, LessonError, Located, Pos, Text};
use crate::sim::{Event, LedgerSummary, Millis, Sim};
use std::fmt;

/// Where a claim came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimSource {
    Expect,
    /// A predict question's `check`, which proves its answer.
    PredictCheck,
}

/// One evaluated claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimResult {
    /// The claim as the author wrote it.
    pub claim: String,
    pub pos: Pos,
    pub source: ClaimSource,
    pub holds: bool,
    /// What the claim's path really was.
    pub actual: Value,
    /// The claim's path, e.g. `ledger.acknowledged_lost`, for messages.
    pub path: String,
}

/// An action the simulator refused, or a `wait_until` that never came true: the run stops there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepError {
    pub pos: Pos,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    /// 0-based; messages print it 1-based.
    pub index: usize,
    pub say: Text,
    /// Every event of the step, in order (including plain sends and deliveries).
    pub events: Vec<Event>,
    pub claims: Vec<ClaimResult>,
    pub error: Option<StepError>,
    /// What the step's `term` commands printed: (command line, stdout).
    pub terminal: Vec<(String, String)>,
}

impl StepReport {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.claims.iter().all(|c| c.holds)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub lesson: String,
    pub file: String,
    pub seed: u64,
    pub steps: Vec<StepReport>,
    /// The simulator's ledger counts after the last step that ran.
    pub ledger: LedgerSummary,
    /// Virtual time after the last step that ran.
    pub now: Millis,
    /// How many steps the lesson has (a failed action or wait stops the run early).
    pub total_steps: usize,
}

impl Report {
    /// Every broken claim, refused action or failed wait, in order.
    pub fn failures(&self) -> Vec<CheckFailure> {
        let mut out = Vec::new();
        for s in &self.steps {
            let base = |pos: Pos, message: String, claim: Option<String>, actual: Option<Value>| CheckFailure {
                lesson: self.lesson.clone(),
                file: self.file.clone(),
                step: s.index + 1,
                say: s.say.en.clone(),
                pos,
                claim,
                actual,
                message,
            };
            for c in s.claims.iter().filter(|c| !c.holds) {
                let what = match c.source {
                    ClaimSource::Expect => "expected",
                    ClaimSource::PredictCheck => "the predict answer's check",
                };
                out.push(base(c.pos, format!("{what} `{}`, but {} is {}", c.claim, c.path, c.actual),
                    Some(c.claim.clone()), Some(c.actual.clone())));
            }
            if let Some(e) = &s.error {
                out.push(base(e.pos, e.message.clone(), None, None));
            }
        }
        if out.is_empty() && self.steps.len() < self.total_steps {
            out.push(CheckFailure {
                lesson: self.lesson.clone(),
                file: self.file.clone(),
                step: self.steps.len() + 1,
                say: String::new(),
                pos: Pos::default(),
                claim: None,
                actual: None,
                message: "the run stopped before this step".into(),
            });
        }
        out
    }

    pub fn passed(&self) -> bool {
        self.steps.len() == self.total_steps && self.steps.iter().all(|s| s.passed())
    }

    pub fn claim_count(&self) -> usize {
        self.steps.iter().map(|s| s.claims.len()).sum()
    }
}

/// Why `lesson check` failed: the lesson, the step (number and English narration) and the claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckFailure {
    pub lesson: String,
    pub file: String,
    /// 1-based step number.
    pub step: usize,
    pub say: String,
    pub pos: Pos,
    /// The claim as written, when a claim failed.
    pub claim: Option<String>,
    pub actual: Option<Value>,
    pub message: String,
}

impl fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: lesson `{}`, step {} (\"{}\"): {}",
            self.file, self.pos.line, self.pos.column, self.lesson, self.step, self.say, self.message)
    }
}

impl std::error::Error for CheckFailure {}

/// Plays a lesson on a simulator, one step at a time.
#[derive(Clone, Debug)]
pub struct Runner {
    lesson: Lesson,
    sim: Sim,
    counts: EventCounts,
    report: Report,
    halted: bool,
    /// The current step's `term` transcripts, moved into its report.
    terminal: Vec<(String, String)>,
}

impl Runner {
    /// A runner at the start of the lesson, with the lesson's own seed.
    pub fn new(lesson: Lesson) -> Result<Runner, LessonError> {
        let seed = lesson.seed;
        Runner::with_seed(lesson, seed)
    }

    /// A runner with another seed (claims written for the lesson's seed may then fail).
    pub fn with_seed(lesson: Lesson, seed: u64) -> Result<Runner, LessonError> {
        let sim = Sim::new(lesson.cluster.clone(), seed).map_err(|e| LessonError {
            file: lesson.file.clone(),
            pos: Pos { line: 1, column: 1 },
            message: format!("the cluster cannot start: {}", e.message),
        })?;
        let report = Report {
            lesson: lesson.id.clone(),
            file: lesson.file.clone(),
            seed,
            steps: Vec::new(),
            ledger: sim.ledger_summary(),
            now: sim.now(),
            total_steps: lesson.steps.len(),
        };
        Ok(Runner { lesson, sim, counts: EventCounts::default(), report, halted: false, terminal: Vec::new() })
    }

    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }
    pub fn sim(&self) -> &Sim {
        &self.sim
    }
    pub fn counts(&self) -> &EventCounts {
        &self.counts
    }
    pub fn report(&self) -> &Report {
        &self.report
    }
    pub fn into_parts(self) -> (Report, Sim) {
        (self.report, self.sim)
    }

    /// The index of the step `run_step` would play next, if any.
    pub fn next_step(&self) -> Option<usize> {
        let i = self.report.steps.len();
        (!self.halted && i < self.lesson.steps.len()).then_some(i)
    }

    /// Evaluates a claim now (for the UI: e.g. to reveal a predict answer).
    pub fn eval(&self, claim: &Assertion) -> super::Outcome {
        claim.eval(&self.sim, &self.counts)
    }

    /// Plays the next step: its actions, then its `expect` claims and predict check.
    pub fn run_step(&mut self) -> Option<&StepReport> {
        let index = self.next_step()?;
        let step = self.lesson.steps[index].clone();
        self.counts.start_step(self.sim.now());
        let mut events = Vec::new();
        let mut error = None;
        self.terminal.clear();
        for a in &step.actions {
            if let Err(message) = self.command(a, &mut events) {
                error = Some(StepError { pos: a.pos, message });
                break;
            }
        }
        let mut claims = Vec::new();
        if error.is_none() {
            for c in &step.expect {
                claims.push(self.claim(c, ClaimSource::Expect));
            }
            if let Some(p) = &step.predict {
                for c in &p.check {
                    claims.push(self.claim(c, ClaimSource::PredictCheck));
                }
            }
        } else {
            self.halted = true;
        }
        self.report.ledger = self.sim.ledger_summary();
        self.report.now = self.sim.now();
        let terminal = std::mem::take(&mut self.terminal);
        self.report.steps.push(StepReport { index, say: step.say, events, claims, error, terminal });
        self.report.steps.last()
    }

    /// Plays every remaining step.
    pub fn run_all(&mut self) -> &Report {
        while self.run_step().is_some() {}
        &self.report
    }

    fn claim(&self, c: &Located<Assertion>, source: ClaimSource) -> ClaimResult {
        let o = c.item.eval(&self.sim, &self.counts);
        ClaimResult {
            claim: c.text.trim().to_string(),
            pos: c.pos,
            source,
            holds: o.holds,
            actual: o.actual,
            path: c.item.path.to_string(),
        }
    }

    fn take(&mut self, new: Vec<Event>, events: &mut Vec<Event>) {
        self.counts.observe_all(&new);
        events.extend(new);
    }

    fn command(&mut self, a: &Located<Command>, events: &mut Vec<Event>) -> Result<(), String> {
        match &a.item {
            Command::Apply(action) => {
                let new = self.sim.apply(action.clone())
                    .map_err(|e| format!("action `{}` was refused: {}", a.text.trim(), e.message))?;
                self.take(new, events);
            }
            Command::Run(ms) => {
                let new = self.sim.run_for(*ms);
                self.take(new, events);
            }
            Command::Term(line) => {
                let (out, replayed) = crate::terminal::Terminal::default().run_on_copy(self.sim.clone(), line);
                if let Some((sim, new)) = replayed.map_err(|e| format!("internal: `{line}` could not be replayed: {}", e.message))? {
                    self.sim = sim;
                    self.take(new, events);
                }
                self.terminal.push((line.clone(), out.stdout.clone()));
                if out.exit_code != 0 {
                    let why = out.stderr.lines().chain(out.stdout.lines()).find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
                    return Err(format!("`{line}` exited with {}: {why}", out.exit_code));
                }
            }
            Command::Step(n) => {
                for _ in 0..*n {
                    let new = self.sim.step();
                    if new.is_empty() {
                        break;
                    }
                    self.take(new, events);
                }
            }
            Command::WaitUntil { claim, max_ms } => {
                let start = self.sim.now();
                let deadline = start.saturating_add(*max_ms);
                loop {
                    let o = claim.eval(&self.sim, &self.counts);
                    if o.holds {
                        return Ok(());
                    }
                    // One queue item at a time, so the wait stops right after the item that makes
                    // the claim true (claims on `events.*` need each item's events). Items due
                    // exactly at the deadline still run.
                    match self.sim.next_due() {
                        Some(t) if t <= deadline => {
                            let new = self.sim.step_item();
                            self.take(new, events);
                        }
                        _ => {
                            let new = self.sim.run_until(deadline);
                            self.take(new, events);
                            let o = claim.eval(&self.sim, &self.counts);
                            if o.holds {
                                return Ok(());
                            }
                            return Err(format!(
                                "`wait_until {}` did not come true within {max_ms} ms (from t={start}ms to t={}ms): {} is {}",
                                claim, self.sim.now(), claim.path, o.actual));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Runs a lesson to the end (or until an action is refused) and reports every claim.
pub fn run(lesson: &Lesson) -> Result<Report, LessonError> {
    let mut r = Runner::new(lesson.clone())?;
    r.run_all();
    Ok(r.into_parts().0)
}

/// Runs a lesson and requires every claim to hold; the error names the lesson, the step and the
/// claim with its actual value.
#[allow(clippy::result_large_err)] // returned once per lesson; boxing buys nothing
pub fn check(lesson: &Lesson) -> Result<Report, CheckFailure> {
    let report = run(lesson).map_err(|e| CheckFailure {
        lesson: lesson.id.clone(),
        file: e.file.clone(),
        step: 0,
        say: String::new(),
        pos: e.pos,
        claim: None,
        actual: None,
        message: e.message,
    })?;
    match report.failures().into_iter().next() {
        Some(f) => Err(f),
        None => Ok(report),
    }
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
