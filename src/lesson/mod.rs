//! Lessons: parse, validate, run and check lesson files (TOML; the format is in `lessons/README.md`).
//!
//! Pure Rust with no web dependency and no file system in the core: [`parse`] takes the text and
//! the file name (for error messages), so the browser UI loads lessons through the same code.
//! [`files`] (native only) reads files and directories for the CLI and the tests.
//!
//! - [`expr`]: the `<path> <op> <value>` claims (`expect`, `predict.check`, `wait_until`);
//!   [`path`]: what their paths name and how they are read from the simulator.
//! - `commands`: the `do` actions (`produce orders-0 count=3`, `add_partitions orders 6`, ...);
//!   `group_commands`: the consumer ones (`add_consumer group=billing`, `crash_consumer 2`, ...);
//!   `scene`: what earlier actions set up, which names are checked against.
//! - [`group_path`]: claim paths about consumer groups and consumers (`group.billing.lag`).
//! - [`parse()`]: TOML → [`Lesson`], with `file:line:col:` errors.
//! - [`run`]: [`Runner`] plays a lesson step by step on a [`Sim`](crate::sim::Sim) and reports.

mod budget;
pub mod catalog;
mod commands;
pub mod expr;
#[cfg(not(target_arch = "wasm32"))]
pub mod files;
mod group_commands;
pub mod log_path;
mod metadata_path;
pub mod group_path;
mod parse;
pub mod path;
pub mod run;
mod scene;
pub mod topic_path;

pub use expr::{Assertion, EventCounts, Outcome, Path, Value};
pub use commands::{DEFAULT_WAIT_MS, MAX_DURATION_MS, MAX_LESSON_MS, MAX_LESSON_PARTITION_HOURS, MAX_STEPS};
pub use parse::parse;
pub use run::{check, run, CheckFailure, ClaimResult, Report, Runner, StepReport};

use crate::sim::{Action, ClusterConfig, Lang, Millis};
use std::fmt;

/// A text in every language a lesson is written in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub ko: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ko => &self.ko,
        }
    }
}

/// Where something is in the lesson file (1-based line and column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A parsed item together with its source text and position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub item: T,
    /// The string as the author wrote it.
    pub text: String,
    pub pos: Pos,
}

/// What one entry of a step's `do` list does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// An intent for the simulator (produce, crash, isolate, drop_next, set, ...).
    Apply(Action),
    /// Advance virtual time by this many ms.
    Run(Millis),
    /// Advance until the claim holds; failing within `max_ms` is an error naming the step.
    WaitUntil { claim: Assertion, max_ms: Millis },
    /// Advance by this many (non-silent) simulator steps.
    Step(u32),
    /// A Kafka CLI command line run by the terminal engine (`crate::terminal`), e.g.
    /// `kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing`.
    /// A non-zero exit code fails the step.
    Term(String),
}

/// A predict-then-reveal question: asked before the step's actions, revealed after them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predict {
    pub question: Text,
    pub choices: Vec<Text>,
    /// 0-based index into `choices` (the file writes it 1-based: `answer = 1` is the first choice).
    pub answer_index: usize,
    pub explain: Text,
    /// Claims that must hold after the step's actions; they prove the answer.
    pub check: Vec<Located<Assertion>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub pos: Pos,
    pub say: Text,
    pub actions: Vec<Located<Command>>,
    pub expect: Vec<Located<Assertion>>,
    pub predict: Option<Predict>,
    /// A split-screen comparison offered after this step (a `player::split::Comparison` code).
    pub compare: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The file name it was parsed from (for messages).
    pub file: String,
    pub id: String,
    pub chapter: u32,
    pub title: Text,
    pub summary: Text,
    pub seed: u64,
    pub cluster: ClusterConfig,
    pub steps: Vec<Step>,
}

/// A lesson file that cannot be used, with where and why: `file:line:col: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pos.line == 0 {
            // Not about a place in the file (e.g. it cannot be read).
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.file, self.pos.line, self.pos.column, self.message)
        }
    }
}

impl std::error::Error for LessonError {}
