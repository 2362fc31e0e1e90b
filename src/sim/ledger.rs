//! The ledger: each record's life, observed from events. It is the truth that lessons quote:
//! produced → appended (broker, offset, epoch) → acknowledged (acks) → committed (below the HW)
//! → and perhaps truncated, lost or duplicated. "Acknowledged but lost" is a query here.

use super::event::{EventKind, LossReason};
use super::net::Pidx;
use super::types::{Acks, BrokerId, KafkaError, Millis, RecordId};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppendFact {
    pub broker: BrokerId,
    pub offset: u64,
    pub epoch: u32,
    pub at: Millis,
    pub as_leader: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LossFact {
    pub at: Millis,
    pub reason: LossReason,
    /// The `RecordsLost` event that reported it (its sequence number), for jumping there.
    pub event: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordLife {
    pub id: RecordId,
    pub key: Option<String>,
    pub value: String,
    pub pidx: Pidx,
    pub acks: Acks,
    pub produced_at: Millis,
    pub appends: Vec<AppendFact>,
    /// When the producer was told it succeeded, and at which offset (none for acks=0).
    pub acked: Option<(Millis, Option<u64>)>,
    pub failed: Option<(Millis, KafkaError)>,
    pub committed_at: Option<Millis>,
    pub truncated: Vec<(BrokerId, Millis)>,
    pub lost: Option<LossFact>,
    /// For records sent in a transaction: Some(true) once committed, Some(false) once aborted.
    pub txn_committed: Option<bool>,
    /// Every time a consumer processed it: (group, consumer, when).
    pub consumed: Vec<(String, u32, Millis)>,
    /// When retention first deleted it from a replica (its segment passed retention.ms/bytes).
    pub deleted: Option<Millis>,
    /// When the log cleaner first removed it from a replica: a newer record with the same key
    /// replaced it, or it was a tombstone past delete.retention.ms (`cleanup.policy=compact`).
    pub compacted: Option<Millis>,
    /// Sent with a null value: a delete marker for its key on a compacted topic.
    pub tombstone: bool,
}

/// The lifecycle stage a record is in now, for filters and badges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RecordState {
    Sent,
    Appended,
    Acknowledged,
    Committed,
    Failed,
    Lost,
}

impl RecordLife {
    /// Removed on purpose by the topic's cleanup.policy: retention deleted it or the log cleaner
    /// compacted it away. Neither is a loss.
    pub fn removed_by_policy(&self) -> bool {
        self.deleted.is_some() || self.compacted.is_some()
    }

    pub fn state(&self) -> RecordState {
        if self.lost.is_some() {
            RecordState::Lost
        } else if self.failed.is_some() {
            RecordState::Failed
        } else if self.committed_at.is_some() {
            RecordState::Committed
        } else if self.acked.is_some() {
            RecordState::Acknowledged
        } else if !self.appends.is_empty() {
            RecordState::Appended
        } else {
            RecordState::Sent
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LedgerSummary {
    pub produced: u64,
    pub acknowledged: u64,
    pub committed: u64,
    pub acknowledged_lost: u64,
    pub lost: u64,
    pub failed: u64,
    pub duplicated: u64,
    /// Records stored after a record the producer sent later (retries with max.in.flight > 1
    /// and no idempotence), counted per partition in the leader's log.
    pub reordered: u64,
    pub truncated: u64,
    /// Records whose transaction was aborted.
    pub txn_aborted: u64,
    /// Records processed by at least one consumer.
    pub consumed: u64,
    /// Extra deliveries: a record processed again by the same group (at-least-once duplicates).
    pub consumed_again: u64,
    /// First-time processings that came after a later offset of the same partition was already
    /// processed by the group (a worker pool reorders).
    pub consumed_out_of_order: u64,
    /// Records retention deleted, and those of them no consumer group had processed by then.
    pub deleted: u64,
    pub deleted_unread: u64,
    /// Records the log cleaner removed, and those of them no consumer group had processed by then.
    pub compacted: u64,
    pub compacted_unread: u64,
    pub tombstones: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Ledger {
    records: Vec<RecordLife>,
    /// (group, partition) → highest offset processed so far, and the out-of-order count.
    processed_max: BTreeMap<(String, Pidx), u64>,
    out_of_order: u64,
    /// Per partition: (offset, record) of every append made by a leader, in order.
    leader_appends: BTreeMap<Pidx, Vec<(u64, RecordId)>>,
}

impl Ledger {
    pub fn next_id(&self) -> RecordId {
        self.records.len() as RecordId + 1
    }

    pub fn get(&self, id: RecordId) -> Option<&RecordLife> {
        id.checked_sub(1).and_then(|i| self.records.get(i as usize))
    }

    fn get_mut(&mut self, id: RecordId) -> Option<&mut RecordLife> {
        id.checked_sub(1).and_then(move |i| self.records.get_mut(i as usize))
    }

    pub fn records(&self) -> &[RecordLife] {
        &self.records
    }

    pub fn produced(&mut self, id: RecordId, key: Option<String>, value: String, pidx: Pidx, acks: Acks, at: Millis) {
        debug_assert_eq!(id, self.next_id());
        self.records.push(RecordLife {
            id, key, value, pidx, acks, produced_at: at, appends: Vec::new(), acked: None, failed: None,
            committed_at: None, truncated: Vec::new(), lost: None, txn_committed: None, consumed: Vec::new(), deleted: None, compacted: None, tombstone: false,
        });
    }

    pub fn mark_tombstone(&mut self, id: RecordId) {
        if let Some(r) = self.get_mut(id) {
            r.tombstone = true;
        }
    }

    /// Learns what it can from one event.
    pub fn observe(&mut self, e: &EventKind, at: Millis) {
        match e {
            EventKind::Appended { broker, first_offset, epoch, leader, records, .. } => {
                for (i, id) in records.iter().enumerate() {
                    let offset = first_offset + i as u64;
                    let Some(r) = self.get_mut(*id) else { continue };
                    r.appends.push(AppendFact { broker: *broker, offset, epoch: *epoch, at, as_leader: *leader });
                    let pidx = r.pidx;
                    if *leader {
                        self.leader_appends.entry(pidx).or_default().push((offset, *id));
                    }
                }
            }
            EventKind::Acknowledged { records, base_offset, .. } => {
                for (i, id) in records.iter().enumerate() {
                    if let Some(r) = self.get_mut(*id) {
                        r.acked.get_or_insert((at, base_offset.map(|o| o + i as u64)));
                    }
                }
            }
            EventKind::DeliveryFailed { records, error, .. } => {
                for id in records {
                    if let Some(r) = self.get_mut(*id) {
                        r.failed.get_or_insert((at, *error));
                    }
                }
            }
            EventKind::RecordsConsumed { consumer, group, records } => {
                for (_, offset, id) in records {
                    let Some(r) = self.get_mut(*id) else { continue };
                    let first_time = !r.consumed.iter().any(|(g, _, _)| g == group);
                    r.consumed.push((group.clone(), *consumer, at));
                    let key = (group.clone(), r.pidx);
                    let max = self.processed_max.entry(key).or_insert(0);
                    if first_time && *offset < *max {
                        self.out_of_order += 1;
                    }
                    *max = (*max).max(*offset);
                }
            }
            EventKind::TxnEnded { commit, records, .. } => {
                for id in records {
                    if let Some(r) = self.get_mut(*id) {
                        r.txn_committed.get_or_insert(*commit);
                    }
                }
            }
            EventKind::SegmentsDeleted { records, .. } => {
                for id in records {
                    if let Some(r) = self.get_mut(*id) {
                        r.deleted.get_or_insert(at);
                    }
                }
            }
            EventKind::LogCleaned { records, .. } => {
                for id in records {
                    if let Some(r) = self.get_mut(*id) {
                        r.compacted.get_or_insert(at);
                    }
                }
            }
            EventKind::Truncated { broker, records, .. } => {
                for id in records {
                    if let Some(r) = self.get_mut(*id) {
                        r.truncated.push((*broker, at));
                    }
                }
            }
            _ => {}
        }
    }

    pub fn set_txn_outcome(&mut self, id: RecordId, committed: bool) {
        if let Some(r) = self.get_mut(id) {
            r.txn_committed.get_or_insert(committed);
        }
    }

    pub fn commit(&mut self, id: RecordId, at: Millis) {
        if let Some(r) = self.get_mut(id) {
            if r.lost.is_none() {
                r.committed_at.get_or_insert(at);
            }
        }
    }

    pub fn leader_appends(&self, pidx: Pidx) -> Vec<(u64, RecordId)> {
        self.leader_appends.get(&pidx).cloned().unwrap_or_default()
    }

    pub fn is_lost(&self, id: RecordId) -> bool {
        self.get(id).is_some_and(|r| r.lost.is_some())
    }

    /// Marks records lost; returns how many of them had been acknowledged.
    pub fn mark_lost(&mut self, ids: &[RecordId], at: Millis, reason: &LossReason) -> u64 {
        let mut acked = 0;
        for id in ids {
            if let Some(r) = self.get_mut(*id) {
                if r.lost.is_none() {
                    r.lost = Some(LossFact { at, reason: reason.clone(), event: None });
                    if r.acked.is_some() {
                        acked += 1;
                    }
                }
            }
        }
        acked
    }

    /// Ties records to the `RecordsLost` event (sequence number `seq`) that reported them.
    pub fn note_loss_event(&mut self, ids: &[RecordId], seq: u64) {
        for id in ids {
            if let Some(l) = self.get_mut(*id).and_then(|r| r.lost.as_mut()) {
                l.event.get_or_insert(seq);
            }
        }
    }

    /// Acknowledged records that are gone: the headline number of every loss lesson.
    pub fn acknowledged_lost(&self) -> Vec<&RecordLife> {
        self.records.iter().filter(|r| r.acked.is_some() && r.lost.is_some()).collect()
    }

    /// Counts; `duplicated` and `reordered` are measured on the leaders' logs by the caller.
    pub fn summary(&self, duplicated: u64, reordered: u64) -> LedgerSummary {
        let mut s = LedgerSummary { produced: self.records.len() as u64, duplicated, reordered, ..Default::default() };
        for r in &self.records {
            s.acknowledged += r.acked.is_some() as u64;
            s.committed += (r.committed_at.is_some() && r.lost.is_none()) as u64;
            s.lost += r.lost.is_some() as u64;
            s.acknowledged_lost += (r.acked.is_some() && r.lost.is_some()) as u64;
            s.failed += r.failed.is_some() as u64;
            s.truncated += !r.truncated.is_empty() as u64;
            s.txn_aborted += (r.txn_committed == Some(false)) as u64;
            s.consumed += !r.consumed.is_empty() as u64;
            // Removed before any group had processed it?
            let unread_at = |at: Millis| !r.consumed.iter().any(|(_, _, t)| *t <= at) as u64;
            if let Some(at) = r.deleted {
                s.deleted += 1;
                s.deleted_unread += unread_at(at);
            }
            if let Some(at) = r.compacted {
                s.compacted += 1;
                s.compacted_unread += unread_at(at);
            }
            s.tombstones += r.tombstone as u64;
            let mut groups: Vec<&String> = r.consumed.iter().map(|(g, _, _)| g).collect();
            let total = groups.len();
            groups.sort_unstable();
            groups.dedup();
            s.consumed_again += (total - groups.len()) as u64;
        }
        s.consumed_out_of_order = self.out_of_order;
        s
    }
}
