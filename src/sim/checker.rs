//! A live checker per consumer group, after Maelstrom's / Jepsen's kafka workload
//! (`jepsen.tests.kafka`): fed every event like the ledger, so it lives inside `Sim`, is cloned
//! with it and travels back in time with a checkpoint. `Sim::check()` reports, per group:
//!
//! - **lost**: an acknowledged record in the partition's log (the log of the leader that has
//!   taken over) that the group never consumed, although the group went past it: it consumed a
//!   higher or equal offset of that partition, or committed an offset above it. Only records the
//!   group was due to read count: those at or above the lowest offset it consumed there, those
//!   acknowledged after the group was first assigned the partition, and every one when the group
//!   starts from the beginning (`auto.offset.reset=earliest`). Not lost (yet): records a running
//!   member holds (fetched, polled, being processed), transactional records whose transaction did
//!   not commit, and records the cluster lost: those are `acknowledged_lost`, reported once for
//!   the whole run, because no group could have read them.
//! - **duplicated**: a record the group consumed more than once (at-least-once redelivery, or a
//!   producer retry that stored it twice). `redelivered` counts the extra deliveries.
//! - **out_of_order**: a record the group consumed for the first time after it had already
//!   consumed a higher offset of the same partition (a worker pool finishing out of order). This
//!   is the ledger's `consumed_out_of_order`, record by record.
//! - **skipped**: offsets one consumer jumped over: it consumed offset `a` and then, as its next
//!   offset above everything it had consumed in that partition, `b > a + 1`, and an offset in
//!   between holds a data record the group never consumed. Transaction markers and records of
//!   transactions that did not commit occupy offsets without being records, so they are never
//!   skipped. A rebalance or restart in between does not reset this: a consumer that resumes
//!   past a hole (because someone committed too far) is the one that skipped it. Records that
//!   retention deleted before the group read them count too, when the consumer's
//!   OFFSET_OUT_OF_RANGE reset jumped over them.
//!
//! A **share group** (KIP-932) promises no order and hands records to several members at once,
//! so out_of_order and skipped do not apply to it; its lost records are those below its
//! share-partition start offset (SPSO) that it never consumed: archived unprocessed (rejected, or
//! out of delivery attempts).
//!
//! The event side is O(records) per event; `report` walks the logs of the partitions the groups
//! read, on demand.

use super::ledger::{Ledger, RecordLife};
use super::log::Log;
use super::net::Pidx;
use super::types::{Millis, RecordId, TopicPartition};
use super::{EventKind, Sim, Topology};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One offset a consumer jumped over, and the record stored there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedOffset {
    pub consumer: u32,
    pub tp: TopicPartition,
    pub offset: u64,
    pub record: RecordId,
}

/// What the checker found for one consumer group; every list names records (by `RecordId`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GroupCheck {
    pub group: String,
    /// Distinct records the group consumed.
    pub consumed: u64,
    /// Extra deliveries (a record consumed three times counts 2).
    pub redelivered: u64,
    /// In log order, partition by partition.
    pub lost: Vec<RecordId>,
    /// In the order of their first redelivery.
    pub duplicated: Vec<RecordId>,
    /// In the order they were consumed.
    pub out_of_order: Vec<RecordId>,
    pub skipped: Vec<SkippedOffset>,
}

impl GroupCheck {
    /// No anomaly at all.
    pub fn is_clean(&self) -> bool {
        self.lost.is_empty() && self.duplicated.is_empty() && self.out_of_order.is_empty() && self.skipped.is_empty()
    }
}

/// The checker's verdict on the run so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Every group seen (started, assigned, consumed or committed), by name.
    pub groups: Vec<GroupCheck>,
    /// Acknowledged records the cluster lost (the ledger's `acknowledged_lost`), for all groups.
    pub acknowledged_lost: Vec<RecordId>,
}

impl CheckReport {
    pub fn group(&self, name: &str) -> Option<&GroupCheck> {
        self.groups.iter().find(|g| g.group == name)
    }
}

/// What the report reads besides the events: the records' lives and the partitions' logs.
pub trait CheckView {
    fn ledger(&self) -> &Ledger;
    /// The partition's truth: the log of the leader that has taken over.
    fn truth_log(&self, pidx: Pidx) -> Option<&Log>;
    fn tp(&self, pidx: Pidx) -> TopicPartition;
    /// Records a running member of the group holds (fetched, polled or being processed).
    fn pending(&self, group: &str) -> BTreeSet<RecordId>;
    /// Whether the group's consumers start at the log start when there is no committed offset.
    fn reads_from_start(&self, group: &str) -> bool;
    /// A share group's SPSO on the partition (None: not a share group, or not read yet).
    fn share_start(&self, group: &str, pidx: Pidx) -> Option<u64>;
}

#[derive(Clone, Debug, Default)]
struct PartTrack {
    /// Lowest and highest offset the group consumed.
    low: Option<u64>,
    high: Option<u64>,
    /// Highest offset the group committed.
    committed: Option<u64>,
    /// When the group was first assigned the partition.
    assigned_at: Option<Millis>,
}

/// A jump in one consumer's offsets: [from, to) were not consumed by it.
#[derive(Clone, Debug)]
struct Gap {
    consumer: u32,
    pidx: Pidx,
    from: u64,
    to: u64,
}

#[derive(Clone, Debug, Default)]
struct GroupTrack {
    /// Deliveries per record.
    seen: BTreeMap<RecordId, u32>,
    redelivered: u64,
    duplicated: Vec<RecordId>,
    out_of_order: Vec<RecordId>,
    parts: BTreeMap<Pidx, PartTrack>,
    /// (consumer, partition) → the highest offset that consumer consumed there.
    consumer_high: BTreeMap<(u32, Pidx), u64>,
    gaps: Vec<Gap>,
    /// A share group: no order to check.
    share: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Checker {
    groups: BTreeMap<String, GroupTrack>,
}

impl Checker {
    fn group(&mut self, name: &str) -> &mut GroupTrack {
        if !self.groups.contains_key(name) {
            self.groups.insert(name.to_string(), GroupTrack::default());
        }
        self.groups.get_mut(name).expect("inserted")
    }

    /// Learns what it can from one event (called for every event, after the ledger).
    pub fn observe(&mut self, e: &EventKind, at: Millis, topo: &Topology) {
        match e {
            EventKind::RecordsConsumed { consumer, group, records } => {
                let g = self.group(group);
                for (tp, offset, id) in records {
                    let Some(pidx) = topo.pidx(tp) else { continue };
                    g.consumed(*consumer, pidx, *offset, *id);
                }
            }
            EventKind::OffsetsCommitted { group, offsets } => {
                let g = self.group(group);
                for (tp, offset) in offsets {
                    if let Some(pidx) = topo.pidx(tp) {
                        let p = g.parts.entry(pidx).or_default();
                        p.committed = p.committed.max(Some(*offset));
                    }
                }
            }
            EventKind::PartitionsAssigned { group, partitions, .. } => {
                let g = self.group(group);
                for tp in partitions {
                    if let Some(pidx) = topo.pidx(tp) {
                        g.parts.entry(pidx).or_default().assigned_at.get_or_insert(at);
                    }
                }
            }
            EventKind::ConsumerStarted { group, .. } => {
                self.group(group);
            }
            EventKind::ShareMemberJoined { group, .. } => self.group(group).share = true,
            _ => {}
        }
    }

    /// The verdict now, reading the logs and the ledger through `view`.
    pub fn report(&self, view: &impl CheckView) -> CheckReport {
        let groups = self.groups.iter().map(|(name, g)| g.report(name, view)).collect();
        let acknowledged_lost = view.ledger().acknowledged_lost().iter().map(|r| r.id).collect();
        CheckReport { groups, acknowledged_lost }
    }
}

/// A record that occupies its offset as data a consumer must read: not a marker, and not part
/// of a transaction that has not committed.
fn data_record<'a>(log: &Log, offset: u64, ledger: &'a Ledger) -> Option<&'a RecordLife> {
    let e = log.entry(offset)?;
    if e.is_control() {
        return None;
    }
    let r = ledger.get(e.record)?;
    (!e.transactional || r.txn_committed == Some(true)).then_some(r)
}

impl GroupTrack {
    fn consumed(&mut self, consumer: u32, pidx: Pidx, offset: u64, id: RecordId) {
        let n = self.seen.entry(id).or_insert(0);
        *n += 1;
        let first_time = *n == 1;
        if *n == 2 {
            self.duplicated.push(id);
        }
        if !first_time {
            self.redelivered += 1;
        }
        let p = self.parts.entry(pidx).or_default();
        if self.share {
            p.high = p.high.max(Some(offset));
            p.low = Some(p.low.map_or(offset, |l| l.min(offset)));
            return;
        }
        // Counted as the ledger counts consumed_out_of_order.
        if first_time && p.high.is_some_and(|h| offset < h) {
            self.out_of_order.push(id);
        }
        p.high = p.high.max(Some(offset));
        p.low = Some(p.low.map_or(offset, |l| l.min(offset)));
        // Jepsen's poll-skip: successive reads of one process must not jump over log entries.
        match self.consumer_high.get_mut(&(consumer, pidx)) {
            Some(h) if offset > *h => {
                if offset > *h + 1 {
                    self.gaps.push(Gap { consumer, pidx, from: *h + 1, to: offset });
                }
                *h = offset;
            }
            Some(_) => {}
            None => {
                self.consumer_high.insert((consumer, pidx), offset);
            }
        }
    }

    fn report(&self, name: &str, view: &impl CheckView) -> GroupCheck {
        let ledger = view.ledger();
        let pending = view.pending(name);
        let from_start = view.reads_from_start(name);
        let unread = |id: RecordId| !self.seen.contains_key(&id) && !pending.contains(&id);
        let mut lost = Vec::new();
        let mut lost_set = BTreeSet::new();
        for (&pidx, p) in &self.parts {
            // Maelstrom kafka workload, lost-write: every acknowledged write at or below the
            // highest offset read must have been read. A commit claims everything below it.
            let bound = match self.share {
                true => view.share_start(name, pidx).and_then(|s| s.checked_sub(1)),
                false => p.high.max(p.committed.and_then(|c| c.checked_sub(1))),
            };
            let (Some(bound), Some(log)) = (bound, view.truth_log(pidx)) else { continue };
            for offset in log.start..=bound.min(log.leo().saturating_sub(1)) {
                let Some(r) = data_record(log, offset, ledger) else { continue };
                let Some((acked_at, _)) = r.acked else { continue };
                let due = from_start || p.low.is_some_and(|l| offset >= l) || p.assigned_at.is_some_and(|t| acked_at >= t);
                if due && r.lost.is_none() && unread(r.id) && lost_set.insert(r.id) {
                    lost.push(r.id);
                }
            }
        }
        let mut skipped = Vec::new();
        let mut skipped_at = BTreeSet::new();
        for gap in &self.gaps {
            let Some(log) = view.truth_log(gap.pidx) else { continue };
            // A gap below the log start: retention deleted those records before the group read
            // them, and the consumer's OFFSET_OUT_OF_RANGE reset jumped over them.
            let deleted: BTreeMap<u64, RecordId> = if gap.from < log.start {
                ledger.leader_appends(gap.pidx).into_iter()
                    .filter(|(o, id)| (gap.from..gap.to.min(log.start)).contains(o)
                        && ledger.get(*id).is_some_and(|r| r.deleted.is_some() && r.txn_committed != Some(false)))
                    .collect()
            } else {
                BTreeMap::new()
            };
            for offset in gap.from..gap.to {
                let stored = data_record(log, offset, ledger);
                let Some(r) = stored.or_else(|| deleted.get(&offset).and_then(|id| ledger.get(*id))) else { continue };
                if unread(r.id) && skipped_at.insert((gap.pidx, offset)) {
                    skipped.push(SkippedOffset { consumer: gap.consumer, tp: view.tp(gap.pidx), offset, record: r.id });
                }
            }
        }
        GroupCheck {
            group: name.to_string(),
            consumed: self.seen.len() as u64,
            redelivered: self.redelivered,
            lost,
            duplicated: self.duplicated.clone(),
            out_of_order: self.out_of_order.clone(),
            skipped,
        }
    }
}

impl CheckView for Sim {
    fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    fn truth_log(&self, pidx: Pidx) -> Option<&Log> {
        let leader = self.active_leader.get(pidx).copied().flatten().map(|(b, _)| b)
            .or_else(|| self.controller.partitions.get(pidx).and_then(|p| p.leader))?;
        self.broker(leader)?.replicas.get(&pidx).map(|r| &r.log)
    }

    fn tp(&self, pidx: Pidx) -> TopicPartition {
        self.topo.tp(pidx).clone()
    }

    fn pending(&self, group: &str) -> BTreeSet<RecordId> {
        use super::consumer_commit::AfterCommit;
        let mut held = BTreeSet::new();
        for c in self.consumers.iter().filter(|c| c.group == group && c.is_up()) {
            let waiting = match c.sync_commit.as_ref().map(|s| &s.then) {
                Some(AfterCommit::Process(batch)) => batch.as_slice(),
                _ => &[],
            };
            let queued = c.workers.iter().flatten();
            held.extend(c.buffer.iter().chain(&c.processing).chain(waiting).chain(queued).map(|(_, _, id)| *id));
        }
        held
    }

    fn reads_from_start(&self, group: &str) -> bool {
        match self.is_share_group(group) {
            true => self.topo.config.share.auto_offset_reset_earliest,
            false => self.consumers.iter().any(|c| c.group == group && c.config.auto_offset_reset == "earliest"),
        }
    }

    fn share_start(&self, group: &str, pidx: Pidx) -> Option<u64> {
        self.share_partition(group, pidx).map(|sp| sp.start)
    }
}

impl Sim {
    /// The checker's verdict per consumer group (`checker.rs`): lost, duplicated,
    /// out-of-order and skipped records, and the acknowledged records the cluster lost.
    pub fn check(&self) -> CheckReport {
        self.checker.report(self)
    }
}

#[cfg(test)]
#[path = "checker_tests.rs"]
mod tests;
