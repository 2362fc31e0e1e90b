//! The consumer's offset commits. commitAsync (auto-commit, and `sim.commit.api=async`) sends
//! and goes on; a failure only reaches the callback and is not retried. commitSync blocks the
//! poll loop until the coordinator answers, retrying retriable errors with backoff until
//! default.api.timeout.ms (ConsumerCoordinator.commitOffsetsSync), so a slow or moving
//! coordinator stalls processing instead of losing the commit.

use super::config::CommitApi;
use super::consumer::Consumer;
use super::net::{Msg, Pidx};
use super::types::{KafkaError, Millis, NodeId, RecordId};
use super::{Ctx, EventKind, Timer};

/// What the poll loop does once a blocking commitSync returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterCommit {
    /// commitSync before processing: then process this batch.
    Process(Vec<(Pidx, u64, RecordId)>),
    /// commitSync after processing: then poll again.
    Poll,
}

/// A commitSync in progress: the poll loop waits for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncCommit {
    /// The OffsetCommit request in flight (None while waiting to retry or for a coordinator).
    pub req: Option<u64>,
    pub offsets: Vec<(Pidx, u64)>,
    pub started: Millis,
    pub attempts: u32,
    pub then: AfterCommit,
}

/// CommonClientConfigs: retry.backoff.ms (100) doubling up to retry.backoff.max.ms (1000), KIP-580.
fn backoff(attempts: u32, base: u64, max: u64) -> u64 {
    base.saturating_mul(1u64 << attempts.saturating_sub(1).min(16)).min(max.max(base))
}

/// Errors commitSync retries (RetriableCommitFailedException's causes); the rest end it.
fn retriable(e: KafkaError) -> bool {
    matches!(e, KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable | KafkaError::RequestTimedOut | KafkaError::NetworkException)
}

impl Consumer {
    /// The offsets a commit would send: the position of every assigned partition that moved.
    fn offsets_to_commit(&self) -> Vec<(Pidx, u64)> {
        self.positions.iter()
            .filter_map(|(p, o)| o.map(|o| (*p, o)))
            .filter(|(p, o)| self.committed.get(p) != Some(o))
            .collect()
    }

    fn send_commit(&mut self, offsets: Vec<(Pidx, u64)>, ctx: &mut Ctx) -> Option<u64> {
        let c = self.coordinator?;
        let req = self.req();
        for (p, o) in &offsets {
            // Optimistic; a failed commit takes these back (see CommitFailed).
            self.committed.insert(*p, *o);
        }
        self.commits_in_flight.insert(req, offsets.clone());
        ctx.out.send(NodeId::Broker(c), Msg::OffsetCommit {
            req, group: self.group.clone(), generation: self.generation, member_id: self.member_id.clone(), offsets,
        });
        Some(req)
    }

    /// A failed commit takes back the offsets it optimistically marked committed.
    fn uncommit(&mut self, offsets: &[(Pidx, u64)]) {
        for (p, o) in offsets {
            if self.committed.get(p) == Some(o) {
                self.committed.remove(p);
            }
        }
    }

    /// commitAsync: send and go on.
    pub(crate) fn commit(&mut self, ctx: &mut Ctx) {
        let offsets = self.offsets_to_commit();
        if !offsets.is_empty() {
            self.send_commit(offsets, ctx);
        }
    }

    /// The application's own commit (before or after processing), by `sim.commit.api`.
    /// Returns true if the poll loop now waits for a commitSync.
    pub(crate) fn app_commit(&mut self, then: AfterCommit, ctx: &mut Ctx) -> bool {
        if self.config.commit_api == CommitApi::Async {
            self.commit(ctx);
            return false;
        }
        let offsets = self.offsets_to_commit();
        if offsets.is_empty() {
            return false;
        }
        let req = self.send_commit(offsets.clone(), ctx);
        if let Some(req) = req {
            ctx.out.timer(self.config.request_timeout_ms, Timer::ConsumerRequestTimeout { req });
        } else {
            ctx.out.timer(backoff(1, self.config.retry_backoff_ms, self.config.retry_backoff_max_ms), Timer::CommitRetry);
        }
        self.sync_commit = Some(SyncCommit { req, offsets, started: ctx.now, attempts: 1, then });
        true
    }

    /// The answer to a commitSync (or its timeout, as RequestTimedOut).
    pub(crate) fn sync_commit_answered(&mut self, error: Option<KafkaError>, ctx: &mut Ctx) {
        let Some(mut sc) = self.sync_commit.take() else { return };
        if let Some(req) = sc.req.take() {
            self.commits_in_flight.remove(&req);
        }
        let Some(e) = error else { return self.sync_commit_done(sc.then, ctx) };
        self.uncommit(&sc.offsets);
        if matches!(e, KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable | KafkaError::NetworkException) {
            self.coordinator = None;
            if self.pending.is_none() {
                self.find_coordinator(ctx);
            }
        }
        let wait = backoff(sc.attempts, self.config.retry_backoff_ms, self.config.retry_backoff_max_ms);
        if retriable(e) && ctx.now + wait < sc.started + self.config.default_api_timeout_ms {
            ctx.out.event(EventKind::CommitRetried { consumer: self.id, group: self.group.clone(), error: e, backoff_ms: wait });
            ctx.out.timer(wait, Timer::CommitRetry);
            self.sync_commit = Some(sc);
            return;
        }
        // CommitFailedException, or TimeoutException after default.api.timeout.ms: the app
        // logs it and goes on; the records stay uncommitted.
        ctx.out.event(EventKind::CommitFailed { consumer: self.id, group: self.group.clone(), error: e });
        self.sync_commit_done(sc.then, ctx);
    }

    /// Timer: retry the waiting commitSync (with a fresh position snapshot: the same offsets).
    pub(crate) fn retry_sync_commit(&mut self, ctx: &mut Ctx) {
        let Some(mut sc) = self.sync_commit.take() else { return };
        if sc.req.is_some() {
            self.sync_commit = Some(sc);
            return;
        }
        sc.attempts += 1;
        sc.req = self.send_commit(sc.offsets.clone(), ctx);
        match sc.req {
            Some(req) => ctx.out.timer(self.config.request_timeout_ms, Timer::ConsumerRequestTimeout { req }),
            None if ctx.now < sc.started + self.config.default_api_timeout_ms => {
                let wait = backoff(sc.attempts, self.config.retry_backoff_ms, self.config.retry_backoff_max_ms);
                ctx.out.timer(wait, Timer::CommitRetry);
            }
            None => {
                ctx.out.event(EventKind::CommitFailed { consumer: self.id, group: self.group.clone(), error: KafkaError::CoordinatorNotAvailable });
                return self.sync_commit_done(sc.then, ctx);
            }
        }
        self.sync_commit = Some(sc);
    }

    fn sync_commit_done(&mut self, then: AfterCommit, ctx: &mut Ctx) {
        match then {
            AfterCommit::Process(batch) => self.process(batch, ctx),
            AfterCommit::Poll => self.poll(ctx),
        }
    }

    /// An OffsetCommitResponse: a commitSync's answer, or an async commit's (failures only reported).
    pub(crate) fn on_commit_response(&mut self, req: u64, error: Option<KafkaError>, ctx: &mut Ctx) {
        if self.sync_commit.as_ref().is_some_and(|s| s.req == Some(req)) {
            return self.sync_commit_answered(error, ctx);
        }
        let offsets = self.commits_in_flight.remove(&req).unwrap_or_default();
        if let Some(e) = error {
            self.uncommit(&offsets);
            ctx.out.event(EventKind::CommitFailed { consumer: self.id, group: self.group.clone(), error: e });
        }
    }

    /// A request of ours timed out or its broker went away: true if it was the waiting commitSync.
    pub(crate) fn sync_commit_lost(&mut self, req: u64, error: KafkaError, ctx: &mut Ctx) -> bool {
        if self.sync_commit.as_ref().is_some_and(|s| s.req == Some(req)) {
            self.sync_commit_answered(Some(error), ctx);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_max() {
        assert_eq!(backoff(1, 100, 1000), 100);
        assert_eq!(backoff(2, 100, 1000), 200);
        assert_eq!(backoff(4, 100, 1000), 800);
        assert_eq!(backoff(5, 100, 1000), 1000);
        assert_eq!(backoff(60, 100, 1000), 1000);
    }

    #[test]
    fn only_coordinator_and_transport_errors_are_retried() {
        assert!(retriable(KafkaError::NotCoordinator));
        assert!(retriable(KafkaError::RequestTimedOut));
        assert!(!retriable(KafkaError::IllegalGeneration));
        assert!(!retriable(KafkaError::RebalanceInProgress));
        assert!(!retriable(KafkaError::UnknownMemberId));
    }
}
