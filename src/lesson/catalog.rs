//! The built-in course: every lesson file of `lessons/`, compiled into the binary so the browser
//! build can play them without a file system. `tests/lessons.rs` checks this list against the
//! directory, so a lesson added there and forgotten here fails the tests.

use super::{parse, Lesson, LessonError, Text};
use crate::player::course::Outline;

/// One built-in lesson: its file name (as in `lessons/`) and its text.
#[derive(Clone, Copy, Debug)]
pub struct Builtin {
    pub file: &'static str,
    pub source: &'static str,
}

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(Builtin { file: $name, source: include_str!(concat!("../../lessons/", $name)) }),*]
    };
}

/// In course order (the file names sort by their number).
pub const BUILTIN: &[Builtin] = builtin![
    "00-topics-partitions-offsets.toml",
    "01-acks1-loses-acknowledged-records.toml",
    "02-acks-all-min-isr.toml",
    "03-keys-ordering-partitions.toml",
    "04-retries-duplicate-and-reorder.toml",
    "05-idempotent-producer.toml",
    "06-transactions-read-committed.toml",
    "07-one-partition-one-consumer.toml",
    "08-rebalances-eager-cooperative-static.toml",
    "09-lag-and-burrow.toml",
    "10-commit-timing.toml",
    "11-deployments.toml",
    "12-replication-isr-shrink.toml",
    "13-acks0-vs-safest.toml",
    "14-unclean-leader-election.toml",
    "15-leader-election-cost.toml",
    "16-racks-replica-placement.toml",
    "17-partition-count-throughput.toml",
    "18-rolling-broker-restart.toml",
    "19-several-consumer-groups.toml",
    "20-partition-planning.toml",
    "21-retention-deletes-unread-records.toml",
    "22-blue-green-reassignment.toml",
    "23-log-compaction.toml",
    "24-zookeeper-vs-kraft.toml",
    "25-broker-addresses-changed.toml",
    "26-poison-record-dead-letter.toml",
    "27-share-groups-queue.toml",
];

/// Parses every built-in lesson (each parse error names `lessons/<file>:line:col`).
pub fn all() -> Vec<Result<Lesson, LessonError>> {
    BUILTIN.iter().map(|b| parse(b.source, &format!("lessons/{}", b.file))).collect()
}

/// Every built-in lesson's outline, from its header alone (no steps parsed or checked): what the
/// chapter list shows before any lesson is opened. `player::course` tests that it agrees with
/// [`all`]; a lesson whose header does not read is left out (the same tests fail on it).
pub fn outlines() -> Vec<Outline> {
    #[derive(serde::Deserialize)]
    struct Pair {
        en: String,
        ko: String,
    }
    #[derive(serde::Deserialize)]
    struct Header {
        id: String,
        chapter: u32,
        title: Pair,
        summary: Pair,
        #[serde(default)]
        step: Vec<serde::de::IgnoredAny>,
    }
    let text = |p: Pair| Text { en: p.en, ko: p.ko };
    BUILTIN
        .iter()
        .filter_map(|b| toml::from_str::<Header>(b.source).ok())
        .map(|h| Outline { id: h.id, chapter: h.chapter, title: text(h.title), summary: text(h.summary), steps: h.step.len() })
        .collect()
}

/// Built-in lesson `index` (in [`BUILTIN`] order), parsed.
pub fn builtin(index: usize) -> Option<Result<Lesson, LessonError>> {
    BUILTIN.get(index).map(|b| parse(b.source, &format!("lessons/{}", b.file)))
}

/// The built-in lesson with this id, parsed.
pub fn by_id(id: &str) -> Option<Lesson> {
    all().into_iter().flatten().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_lesson_parses_and_ids_are_unique() {
        let mut ids = std::collections::BTreeSet::new();
        for l in all() {
            let l = l.unwrap_or_else(|e| panic!("{e}"));
            assert!(ids.insert(l.id.clone()), "duplicate lesson id {}", l.id);
        }
        assert_eq!(ids.len(), BUILTIN.len());
        assert!(by_id("acks1-loses-acknowledged-records").is_some());
        assert!(by_id("no-such-lesson").is_none());
    }
}
