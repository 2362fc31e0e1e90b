//! A poison record: one the application's processing always throws on (`sim.poison.key`).
//! What its error handler does decides what the group sees (the seed notes' head-of-line problem):
//! - `retry`: seek back to it and try again, forever; everything behind it on the partition waits
//!   and the lag grows;
//! - `skip`: after `sim.poison.attempts` tries, log it and go on (the checker reports the skip);
//! - `dead-letter`: after those tries, write it to `<topic>-dlt` and go on (Spring Kafka's
//!   DeadLetterPublishingRecoverer; Kafka Connect's errors.deadletterqueue.topic.name).

use super::consumer::Consumer;
use super::consumer_config::PoisonHandling;
use super::share_consumer::ShareOutcome;
use super::net::Pidx;
use super::types::RecordId;
use super::{Ctx, EventKind};
use std::collections::BTreeMap;

/// The error handler waits this long before the next attempt (a FixedBackOff).
pub const RETRY_BACKOFF_MS: u64 = 1_000;

/// What became of a record whose processing threw.
pub(crate) enum Outcome {
    /// Processed (not a poison record).
    Processed,
    /// Seeked back: the rest of the poll is discarded and fetched again after the backoff.
    SeekBack,
    /// Given up on and logged: not processed, the loop goes on.
    Skipped,
    /// Handed to the dead-letter topic: handled, the loop goes on.
    DeadLettered,
    /// A share consumer gave it back (RELEASE) for another delivery; the loop goes on.
    Released,
}

/// The dead-letter topic of a topic.
pub fn dead_letter_topic(topic: &str) -> String {
    format!("{topic}-dlt")
}

impl Consumer {
    pub(crate) fn on_poison(&mut self, p: Pidx, o: u64, r: RecordId, ctx: &mut Ctx) -> Outcome {
        let attempt = {
            let a = self.failed_attempts.entry((p, o)).or_insert(0);
            *a += 1;
            *a
        };
        let tp = ctx.topo.tp(p).clone();
        let dlt = dead_letter_topic(&tp.topic);
        let handling = self.config.poison_handling;
        let gives_up = handling != PoisonHandling::Retry && attempt >= self.config.poison_attempts;
        let can_dead_letter = ctx.topo.topics.contains_key(&dlt);
        let next = match handling {
            _ if self.share => match self.share_poison(attempt, can_dead_letter) {
                ShareOutcome::Release => "release",
                ShareOutcome::Reject => "reject",
                ShareOutcome::DeadLetter => "dead-letter",
            },
            _ if !gives_up => "retry",
            PoisonHandling::Skip => "skip",
            PoisonHandling::DeadLetter if can_dead_letter => "dead-letter",
            _ => "retry", // the recoverer cannot publish (no such topic): the record is retried
        };
        ctx.out.event(EventKind::ProcessingFailed {
            consumer: self.id, group: self.group.clone(), tp: tp.clone(), offset: o, record: r, attempt, next: next.to_string(),
        });
        match next {
            "skip" | "reject" => Outcome::Skipped,
            "release" => Outcome::Released,
            "dead-letter" => {
                ctx.out.event(EventKind::DeadLettered { consumer: self.id, group: self.group.clone(), tp, offset: o, record: r, to_topic: dlt });
                Outcome::DeadLettered
            }
            _ => {
                self.seek_back(p, o, ctx);
                Outcome::SeekBack
            }
        }
    }

    /// DefaultErrorHandler (SeekUtils.doSeeks): every partition of the discarded poll goes back to
    /// its first unprocessed record, so the failed one comes first again.
    fn seek_back(&mut self, p: Pidx, o: u64, ctx: &mut Ctx) {
        let mut first: BTreeMap<Pidx, u64> = BTreeMap::from([(p, o)]);
        for (q, qo, _) in self.processing.drain(..).chain(self.buffer.drain(..)) {
            first.entry(q).and_modify(|x| *x = (*x).min(qo)).or_insert(qo);
        }
        for (q, qo) in first {
            self.positions.insert(q, Some(qo));
        }
        // Answers to fetches sent from the old positions would skip ahead: they are ignored.
        self.fetches.clear();
        self.poison_retry_at = ctx.now + RETRY_BACKOFF_MS;
    }
}
