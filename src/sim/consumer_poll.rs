//! The consumer's poll loop: fetch from partition leaders, hand out up to max.poll.records,
//! "process" each record for a configurable time (in the poll thread, or in a worker pool), and
//! commit automatically or around processing.

use super::config::CommitMode;
use super::consumer::{Consumer, MemberState};
use super::consumer_commit::AfterCommit;
use super::consumer_poison::Outcome;
use super::net::{ConsumerFetchData, Msg, Pidx};
use super::share_partition::AcknowledgeType;
use super::types::{BrokerId, KafkaError, NodeId, RecordId};
use super::{Ctx, EventKind, Timer};
use std::collections::BTreeMap;

impl Consumer {
    /// A worker pool: records go round-robin to the workers and poll() returns at once, so the
    /// next poll's auto-commit covers records no worker has finished yet.
    fn hand_to_workers(&mut self, batch: Vec<(Pidx, u64, RecordId)>, ctx: &mut Ctx) {
        let n = self.config.worker_threads as usize;
        self.workers.resize(n, Default::default());
        self.worker_busy.resize(n, false);
        for (i, r) in batch.into_iter().enumerate() {
            self.workers[i % n].push_back(r);
        }
        for w in 0..n {
            self.start_worker(w, ctx);
        }
    }

    /// Records are uneven: some take two or three times the base processing time, which is what
    /// makes a pool finish them out of order.
    fn start_worker(&mut self, w: usize, ctx: &mut Ctx) {
        if self.worker_busy[w] {
            return;
        }
        if let Some(&(_, _, rid)) = self.workers[w].front() {
            self.worker_busy[w] = true;
            let ms = self.config.processing_ms_per_record.max(1) * (1 + rid % 3);
            ctx.out.timer(ms, Timer::WorkerDone { worker: w });
        }
    }

    pub(crate) fn worker_done(&mut self, w: usize, ctx: &mut Ctx) {
        let Some((p, o, r)) = self.workers.get_mut(w).and_then(|q| q.pop_front()) else { return };
        self.worker_busy[w] = false;
        if self.share {
            self.share_ack(p, o, AcknowledgeType::Accept);
        }
        ctx.out.event(EventKind::RecordsConsumed { consumer: self.id, group: self.group.clone(), records: vec![(ctx.topo.tp(p).clone(), o, r)] });
        self.start_worker(w, ctx);
    }

    pub(crate) fn send_fetches(&mut self, ctx: &mut Ctx) {
        if self.share {
            return self.send_share_fetches(ctx);
        }
        let mut by_leader: BTreeMap<BrokerId, Vec<(Pidx, u64)>> = BTreeMap::new();
        for p in &self.assignment {
            if self.buffer.iter().any(|(bp, _, _)| bp == p) {
                continue;
            }
            let Some(l) = self.leaders.get(p) else { continue };
            let offset = self.positions.get(p).copied().flatten().unwrap_or(0);
            by_leader.entry(*l).or_default().push((*p, offset));
        }
        for (l, parts) in by_leader {
            if self.fetches.contains_key(&l) {
                continue;
            }
            let req = self.req();
            self.fetches.insert(l, req);
            ctx.out.timer(self.config.request_timeout_ms, Timer::ConsumerRequestTimeout { req });
            ctx.out.send(NodeId::Broker(l), Msg::ConsumerFetch { req, partitions: parts, read_committed: self.config.read_committed });
        }
    }

    /// OFFSET_OUT_OF_RANGE (retention deleted what the position points at): auto.offset.reset
    /// picks the new position (Fetcher.handleOffsetOutOfRange -> SubscriptionState.requestOffsetReset);
    /// with `none` poll() throws OffsetOutOfRangeException and the partition is not read.
    fn reset_out_of_range(&mut self, d: &ConsumerFetchData, ctx: &mut Ctx) {
        let from = self.positions.get(&d.pidx).copied().flatten().unwrap_or(0);
        let policy = self.config.auto_offset_reset.clone();
        let to = match policy.as_str() {
            "earliest" => Some(d.log_start),
            "none" => None,
            _ => Some(if self.config.read_committed { d.last_stable_offset } else { d.high_watermark }),
        };
        let tp = ctx.topo.tp(d.pidx).clone();
        match to {
            Some(to) => {
                self.positions.insert(d.pidx, Some(to));
                ctx.out.event(EventKind::OffsetReset { consumer: self.id, tp, from, to: Some(to), policy });
            }
            None => {
                if self.no_offset_reported.insert(d.pidx) {
                    ctx.out.event(EventKind::OffsetReset { consumer: self.id, tp, from, to: None, policy });
                }
            }
        }
    }

    pub(crate) fn on_fetch(&mut self, from: BrokerId, req: u64, data: Vec<ConsumerFetchData>, ctx: &mut Ctx) {
        if self.fetches.get(&from) != Some(&req) {
            return;
        }
        self.fetches.remove(&from);
        for d in data {
            if !self.assignment.contains(&d.pidx) {
                continue;
            }
            if d.error == Some(KafkaError::OffsetOutOfRange) {
                self.reset_out_of_range(&d, ctx);
                continue;
            }
            if d.error.is_some() {
                self.leaders.remove(&d.pidx);
                ctx.out.send(NodeId::Broker(from), Msg::Metadata);
                continue;
            }
            let pos = match self.positions.get(&d.pidx).copied().flatten() {
                Some(p) => p,
                None => {
                    // No committed offset: auto.offset.reset decides where to start; with `none`
                    // poll() throws NoOffsetForPartitionException and the partition is not read.
                    let start = match self.config.auto_offset_reset.as_str() {
                        "earliest" => d.log_start,
                        "none" => {
                            if self.no_offset_reported.insert(d.pidx) {
                                ctx.out.event(EventKind::NoOffsetForPartition { consumer: self.id, tp: ctx.topo.tp(d.pidx).clone() });
                            }
                            continue;
                        }
                        _ => if self.config.read_committed { d.last_stable_offset } else { d.high_watermark },
                    };
                    self.positions.insert(d.pidx, Some(start));
                    continue;
                }
            };
            let poison = self.config.poison_key.as_deref().map(|k| super::log::RecordKey::of(Some(k), false).hash);
            for (o, r, key) in d.records.into_iter().filter(|(o, _, _)| *o >= pos) {
                if poison.is_some_and(|h| h == key) {
                    self.poison.insert((d.pidx, o));
                }
                self.buffer.push_back((d.pidx, o, r));
            }
        }
    }

    /// KafkaConsumer.poll: auto-commit if due, hand out up to max.poll.records, "process" them.
    pub(crate) fn poll(&mut self, ctx: &mut Ctx) {
        if self.state != MemberState::Stable || !self.processing.is_empty() || self.sync_commit.is_some() || ctx.now < self.stalled_until
            || ctx.now < self.poison_retry_at {
            return;
        }
        if let Some(e) = self.rejoin_pending.take() {
            return self.rejoin_after(e, ctx);
        }
        if self.share {
            return self.share_poll(ctx);
        }
        self.last_poll = ctx.now;
        if self.config.commit_mode == CommitMode::Auto && ctx.now >= self.last_auto_commit + self.config.auto_commit_interval_ms {
            self.last_auto_commit = ctx.now;
            self.commit(ctx);
        }
        let n = (self.config.max_poll_records as usize).min(self.buffer.len());
        let batch: Vec<(Pidx, u64, RecordId)> = self.buffer.drain(..n).collect();
        for (p, o, _) in &batch {
            self.positions.insert(*p, Some(o + 1));
        }
        self.send_fetches(ctx);
        if batch.is_empty() {
            return;
        }
        if self.config.commit_mode == CommitMode::BeforeProcessing && self.app_commit(AfterCommit::Process(batch.clone()), ctx) {
            return; // commitSync: processing starts when the commit returns
        }
        self.process(batch, ctx);
    }

    /// Starts processing a poll's records: in the poll thread, or handed to the worker pool.
    pub(crate) fn process(&mut self, batch: Vec<(Pidx, u64, RecordId)>, ctx: &mut Ctx) {
        if batch.is_empty() {
            return self.poll(ctx);
        }
        if self.config.worker_threads > 0 {
            return self.hand_to_workers(batch, ctx);
        }
        self.processing = batch.into();
        ctx.out.timer(self.config.processing_ms_per_record.max(1), Timer::ConsumerProcessed);
    }

    /// One record's processing is done (its side effects happened); then the next one, and after
    /// the last one the commit (if committing after processing) and the next poll.
    pub(crate) fn processed(&mut self, ctx: &mut Ctx) {
        // A VecDeque: taking the head of a 500-record poll must not shift the rest (P1).
        let Some((p, o, r)) = self.processing.pop_front() else { return };
        let outcome = if self.poison.contains(&(p, o)) { self.on_poison(p, o, r, ctx) } else { Outcome::Processed };
        if self.share {
            let ack = match outcome {
                Outcome::Released => AcknowledgeType::Release,
                Outcome::Skipped => AcknowledgeType::Reject,
                _ => AcknowledgeType::Accept,
            };
            self.share_ack(p, o, ack);
        }
        match outcome {
            Outcome::SeekBack => return,
            Outcome::Skipped | Outcome::Released => {}
            Outcome::Processed | Outcome::DeadLettered => {
                ctx.out.event(EventKind::RecordsConsumed { consumer: self.id, group: self.group.clone(), records: vec![(ctx.topo.tp(p).clone(), o, r)] });
            }
        }
        if !self.processing.is_empty() {
            ctx.out.timer(self.config.processing_ms_per_record.max(1), Timer::ConsumerProcessed);
            return;
        }
        if !self.share && self.config.commit_mode == CommitMode::AfterProcessing && self.app_commit(AfterCommit::Poll, ctx) {
            return; // commitSync: the next poll waits for the commit
        }
        self.poll(ctx);
    }

}
