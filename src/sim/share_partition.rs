//! A share-partition (KIP-932, queues for Kafka): the state a share group keeps for one
//! topic-partition. Unlike a consumer group's single committed offset, every record in the
//! in-flight window between the share-partition start offset (SPSO) and end offset (SPEO) has
//! its own state and delivery count, so several consumers read one partition at once and a
//! record that fails is redelivered on its own, without holding up the ones behind it.
//!
//! Kafka keeps this on the partition leader and persists it through the share coordinator
//! (`__share_group_state`); the playground keeps the persisted copy outside the brokers
//! (`Sim::share_partitions`), written at once, so a new leader carries on where the old one was.

use super::types::{KafkaError, Millis};
use serde::Serialize;
use std::collections::BTreeMap;

/// RecordState in SharePartition.java.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ShareRecordState {
    Available,
    Acquired,
    Acknowledged,
    Archived,
}

/// AcknowledgeType (ShareAcknowledge / ShareFetch acknowledgement batches): 1, 2, 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AcknowledgeType {
    /// Processed: never delivered again.
    Accept,
    /// Give it back: available to any member again (unless its delivery count is used up).
    Release,
    /// Unprocessable: archived, never delivered again.
    Reject,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InFlightRecord {
    pub state: ShareRecordState,
    pub delivery_count: u32,
    /// The member holding the acquisition lock, while Acquired.
    pub member: Option<String>,
    pub lock_until: Millis,
}

/// What happened to one record, for the event stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub offset: u64,
    pub to: ShareRecordState,
    pub delivery_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SharePartition {
    /// SPSO: every record below it is Acknowledged or Archived and forgotten.
    pub start: u64,
    /// SPEO: one past the last record ever acquired; records from here on are not in flight yet.
    pub end: u64,
    /// The in-flight window [start, end): offsets without an entry were never data (control
    /// records, compacted away) and count as archived.
    pub records: BTreeMap<u64, InFlightRecord>,
}

impl SharePartition {
    /// share.auto.offset.reset: `latest` starts at the high watermark, `earliest` at the log start.
    pub fn new(start: u64) -> Self {
        SharePartition { start, end: start, records: BTreeMap::new() }
    }

    pub fn count(&self, state: ShareRecordState) -> usize {
        self.records.values().filter(|r| r.state == state).count()
    }

    /// Acquires up to `max` records for `member`: first the available ones inside the window,
    /// then new ones from `candidates` (data offsets at or past SPEO, below the HW). The window
    /// never holds more than `max_locks` offsets (group.share.partition.max.record.locks).
    /// Each acquisition adds one to the record's delivery count (SharePartition.acquire).
    pub fn acquire(&mut self, member: &str, now: Millis, lock_ms: u64, max: usize, max_locks: u64,
        candidates: impl Iterator<Item = u64>) -> Vec<(u64, u32)> {
        let mut got = Vec::new();
        for (&o, r) in self.records.iter_mut() {
            if got.len() >= max {
                break;
            }
            if r.state == ShareRecordState::Available {
                r.state = ShareRecordState::Acquired;
                r.delivery_count += 1;
                r.member = Some(member.to_string());
                r.lock_until = now + lock_ms;
                got.push((o, r.delivery_count));
            }
        }
        for o in candidates {
            if got.len() >= max || o + 1 - self.start > max_locks {
                break;
            }
            if o < self.end {
                continue;
            }
            self.records.insert(o, InFlightRecord { state: ShareRecordState::Acquired, delivery_count: 1, member: Some(member.to_string()), lock_until: now + lock_ms });
            self.end = o + 1;
            got.push((o, 1));
        }
        got
    }

    /// An acknowledgement from `member`: only the member holding the lock may acknowledge
    /// (INVALID_RECORD_STATE otherwise, e.g. after its lock expired).
    pub fn acknowledge(&mut self, member: &str, offset: u64, ack: AcknowledgeType, limit: u32) -> Result<Transition, KafkaError> {
        let r = self.records.get_mut(&offset).filter(|r| r.state == ShareRecordState::Acquired && r.member.as_deref() == Some(member))
            .ok_or(KafkaError::InvalidRecordState)?;
        r.state = match ack {
            AcknowledgeType::Accept => ShareRecordState::Acknowledged,
            AcknowledgeType::Reject => ShareRecordState::Archived,
            AcknowledgeType::Release => released_state(r.delivery_count, limit),
        };
        r.member = None;
        Ok(Transition { offset, to: r.state, delivery_count: r.delivery_count })
    }

    /// Acquisition locks that ran out (group.share.record.lock.duration.ms): the records go back,
    /// or are archived if their delivery count reached group.share.delivery.count.limit.
    pub fn expire_locks(&mut self, now: Millis, limit: u32) -> Vec<Transition> {
        let mut out = Vec::new();
        for (&o, r) in self.records.iter_mut() {
            if r.state == ShareRecordState::Acquired && r.lock_until <= now {
                r.state = released_state(r.delivery_count, limit);
                r.member = None;
                out.push(Transition { offset: o, to: r.state, delivery_count: r.delivery_count });
            }
        }
        out
    }

    /// A member left its share session: everything it held goes back, and the delivery it did
    /// not finish is not counted, so nothing is archived for it (releaseAcquiredRecords,
    /// DeliveryCountOps.DECREASE).
    pub fn release_member(&mut self, member: &str) -> Vec<Transition> {
        let mut out = Vec::new();
        for (&o, r) in self.records.iter_mut() {
            if r.state == ShareRecordState::Acquired && r.member.as_deref() == Some(member) {
                r.state = ShareRecordState::Available;
                r.delivery_count = r.delivery_count.saturating_sub(1);
                r.member = None;
                out.push(Transition { offset: o, to: r.state, delivery_count: r.delivery_count });
            }
        }
        out
    }

    /// The SPSO moves past every leading record that is done with (acknowledged or archived),
    /// and the window forgets them (SharePartition.maybeUpdateCachedStateAndOffsets).
    pub fn advance_start(&mut self) {
        while self.start < self.end {
            match self.records.get(&self.start).map(|r| r.state) {
                Some(ShareRecordState::Acknowledged | ShareRecordState::Archived) => {
                    self.records.remove(&self.start);
                }
                None => {}
                Some(_) => break,
            }
            self.start += 1;
        }
    }

    /// Retention deleted records below `log_start`: the SPSO moves up to it and what was
    /// waiting below is archived (SharePartition.updateCacheAndOffsets).
    pub fn truncate_to(&mut self, log_start: u64) {
        if log_start > self.start {
            self.records.retain(|o, _| *o >= log_start);
            self.start = log_start;
            self.end = self.end.max(log_start);
        }
    }

    /// Records inside the window that are done with (acknowledged or archived).
    pub fn done(&self) -> usize {
        self.records.values().filter(|r| matches!(r.state, ShareRecordState::Acknowledged | ShareRecordState::Archived)).count()
    }

    /// Records not yet done: the share group's lag on this partition counts these plus what is
    /// past SPEO.
    pub fn in_flight(&self) -> usize {
        self.records.values().filter(|r| matches!(r.state, ShareRecordState::Available | ShareRecordState::Acquired)).count()
    }
}

/// Released with delivery attempts left: Available; otherwise Archived (InFlightState
/// tryUpdateState: AVAILABLE with deliveryCount >= maxDeliveryCount becomes ARCHIVED).
fn released_state(delivery_count: u32, limit: u32) -> ShareRecordState {
    if delivery_count >= limit { ShareRecordState::Archived } else { ShareRecordState::Available }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_members_share_one_partition_and_the_start_moves_past_done_records() {
        let mut sp = SharePartition::new(0);
        let a = sp.acquire("a", 0, 30_000, 2, 200, 0..10);
        let b = sp.acquire("b", 0, 30_000, 2, 200, 0..10);
        assert_eq!(a, vec![(0, 1), (1, 1)]);
        assert_eq!(b, vec![(2, 1), (3, 1)]);
        assert_eq!(sp.end, 4);
        sp.acknowledge("b", 2, AcknowledgeType::Accept, 5).unwrap();
        sp.advance_start();
        assert_eq!(sp.start, 0, "offset 0 is still acquired");
        sp.acknowledge("a", 0, AcknowledgeType::Accept, 5).unwrap();
        sp.acknowledge("a", 1, AcknowledgeType::Reject, 5).unwrap();
        sp.advance_start();
        assert_eq!(sp.start, 3);
        assert_eq!(sp.acknowledge("a", 3, AcknowledgeType::Accept, 5), Err(KafkaError::InvalidRecordState));
    }

    #[test]
    fn a_released_record_is_redelivered_until_the_delivery_count_limit_archives_it() {
        let mut sp = SharePartition::new(0);
        for round in 1..=3 {
            let got = sp.acquire("a", 0, 30_000, 1, 200, 0..1);
            assert_eq!(got, vec![(0, round)]);
            let t = sp.acknowledge("a", 0, AcknowledgeType::Release, 3).unwrap();
            let want = if round < 3 { ShareRecordState::Available } else { ShareRecordState::Archived };
            assert_eq!(t.to, want);
        }
        sp.advance_start();
        assert_eq!(sp.start, 1);
        assert!(sp.acquire("a", 0, 30_000, 1, 200, 0..1).is_empty());
    }

    #[test]
    fn an_expired_lock_makes_the_record_available_to_another_member() {
        let mut sp = SharePartition::new(5);
        sp.acquire("a", 100, 30_000, 10, 200, 5..8);
        assert!(sp.expire_locks(30_099, 5).is_empty());
        let t = sp.expire_locks(30_100, 5);
        assert_eq!(t.len(), 3);
        assert_eq!(sp.acquire("b", 30_100, 30_000, 10, 200, 5..8), vec![(5, 2), (6, 2), (7, 2)]);
        assert_eq!(sp.acknowledge("a", 5, AcknowledgeType::Accept, 5), Err(KafkaError::InvalidRecordState));
        let back = sp.release_member("b");
        assert_eq!(back.len(), 3);
        assert!(back.iter().all(|t| t.to == ShareRecordState::Available && t.delivery_count == 1), "a member that left does not use up a delivery");
    }

    #[test]
    fn the_window_holds_at_most_max_locks_offsets() {
        let mut sp = SharePartition::new(0);
        assert_eq!(sp.acquire("a", 0, 30_000, 500, 3, 0..100).len(), 3);
        assert!(sp.acquire("b", 0, 30_000, 500, 3, 0..100).is_empty());
    }
}
