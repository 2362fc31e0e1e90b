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
        Ok(Runner { lesson, sim, counts: EventCounts::default(), report, halted: false })
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
        let mut events = Vec::new();
        let mut error = None;
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
        self.report.steps.push(StepReport { index, say: step.say, events, claims, error });
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
                    if self.sim.now() >= deadline {
                        return Err(format!(
                            "`wait_until {}` did not come true within {max_ms} ms (from t={start}ms to t={}ms): {} is {}",
                            claim, self.sim.now(), claim.path, o.actual));
                    }
                    // Exactly one queue item (or the jump to the deadline if none is due by then):
                    // the predicate says "no" before the item and "yes" after it. Claims on
                    // `events.*` need the events, which the simulator's predicate cannot see.
                    let mut calls = 0;
                    let mut new = Vec::new();
                    self.sim.run_until_pred(deadline - self.sim.now(), |_| {
                        calls += 1;
                        calls > 1
                    }, &mut new);
                    self.take(new, events);
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
mod tests {
    use super::*;
    use crate::lesson::expr::EVENT_KINDS;
    use crate::lesson::parse;

    const SMALL: &str = r#"
id = "small"
chapter = 0
title = { en = "Small", ko = "작은 예" }
summary = { en = "A test.", ko = "테스트." }
seed = 3

[cluster]
brokers = [{ id = 1, rack = "a" }, { id = 2, rack = "b" }, { id = 3, rack = "c" }]
configs = { acks = "all" }

[[cluster.topics]]
name = "orders"
partitions = 2
replication_factor = 3
configs = { "min.insync.replicas" = 2 }

[[step]]
say = { en = "Boot.", ko = "부팅." }
do = ["run 1s"]
expect = ["orders-0.isr.size == 3", "orders-1.isr.size == 3", "now == 1000"]

[[step]]
say = { en = "Produce.", ko = "프로듀스." }
do = ["produce orders-1 count=4 key=k", "wait_until events.Acknowledged >= 1 within 2s", "step 3"]
expect = ["ledger.acknowledged == 4", "ledger.produced == 4", "events.RecordsSent == 1"]

[[step]]
say = { en = "Isolate broker 3 for a while.", ko = "브로커 3을 잠시 고립시킵니다." }
do = ["isolate 3", "wait_until events.IsrShrink >= 1 within 60s", "heal broker 3", "set linger.ms=0"]
expect = ["events.NodeIsolated == 1", "events.ConfigChanged == 1", "producer.pending == 0"]
"#;

    fn small() -> Lesson {
        parse(SMALL, "small.toml").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn runs_steps_and_reports_claims() {
        let lesson = small();
        assert_eq!(lesson.cluster.brokers[1].rack.as_deref(), Some("b"));
        assert_eq!(lesson.cluster.topics[0].configs.get("min.insync.replicas").map(String::as_str), Some("2"));
        let report = check(&lesson).unwrap_or_else(|f| panic!("{f}"));
        assert_eq!(report.steps.len(), 3);
        assert_eq!(report.claim_count(), 9);
        assert!(report.steps[1].events.iter().any(|e| matches!(e.kind, crate::sim::EventKind::Acknowledged { .. })));
        assert_eq!(report.ledger.acknowledged, 4);
    }

    #[test]
    fn runs_are_deterministic() {
        let a = run(&small()).unwrap();
        let b = run(&small()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn a_wrong_claim_names_lesson_step_claim_and_actual() {
        let src = SMALL.replace("\"ledger.acknowledged == 4\"", "\"ledger.acknowledged == 5\"");
        let f = check(&parse(&src, "small.toml").unwrap()).unwrap_err();
        assert_eq!(f.step, 2);
        assert_eq!(f.say, "Produce.");
        assert_eq!(f.claim.as_deref(), Some("ledger.acknowledged == 5"));
        assert_eq!(f.actual, Some(Value::Num(4)));
        let line = SMALL.lines().position(|l| l.contains("ledger.acknowledged == 4")).unwrap() + 1;
        let msg = f.to_string();
        assert!(msg.starts_with(&format!("small.toml:{line}:")), "{msg}");
        assert!(msg.contains("lesson `small`, step 2 (\"Produce.\")"), "{msg}");
        assert!(msg.contains("but ledger.acknowledged is 4"), "{msg}");
    }

    #[test]
    fn a_wait_that_never_comes_true_stops_the_run() {
        let src = SMALL.replace("events.IsrShrink >= 1 within 60s", "events.Truncated >= 1 within 5s");
        let lesson = parse(&src, "small.toml").unwrap();
        let report = run(&lesson).unwrap();
        assert_eq!(report.steps.len(), 3);
        let err = report.steps[2].error.as_ref().expect("wait_until failure");
        assert!(err.message.contains("did not come true within 5000 ms"), "{}", err.message);
        assert!(!report.passed());
        let f = check(&lesson).unwrap_err();
        assert_eq!(f.step, 3);
        assert!(f.to_string().contains("events.Truncated is 0"), "{f}");
    }

    #[test]
    fn stepping_one_at_a_time_matches_a_whole_run() {
        let lesson = small();
        let mut r = Runner::new(lesson.clone()).unwrap();
        assert_eq!(r.next_step(), Some(0));
        assert!(r.run_step().unwrap().passed());
        assert_eq!(r.next_step(), Some(1));
        r.run_all();
        assert_eq!(r.next_step(), None);
        assert!(r.run_step().is_none());
        assert_eq!(r.report(), &run(&lesson).unwrap());
    }

    #[test]
    fn every_event_a_run_emits_has_a_known_name() {
        let report = run(&small()).unwrap();
        let mut seen = 0;
        for s in &report.steps {
            for e in &s.events {
                let name = crate::lesson::expr::event_name(&e.kind);
                assert!(EVENT_KINDS.contains(&name.as_str()), "event kind {name} is missing from EVENT_KINDS");
                seen += 1;
            }
        }
        assert!(seen > 10);
    }
}
