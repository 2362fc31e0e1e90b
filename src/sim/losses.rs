//! Where the ledger learns that records are committed or lost. A new leader's log is the
//! partition's truth once it has taken over; what it lacks of the settled records is lost.

use super::event::{EventKind, LossReason};
use super::net::Pidx;
use super::types::{BrokerId, RecordId};
use super::Sim;

impl Sim {
    /// A COMMIT/ABORT marker decides the fate of the producer's open transaction on that
    /// partition: the markers, not the client's view, are the truth (a coordinator may abort a
    /// fenced zombie's transaction on its own).
    pub(crate) fn mark_txn_outcome(&mut self, pidx: Pidx, broker: BrokerId, marker_offset: u64, producer_id: u32, commit: bool) {
        let Some(log) = self.broker(broker).and_then(|b| b.replicas.get(&pidx)).map(|r| &r.log) else { return };
        let mut ids = Vec::new();
        let mut o = marker_offset;
        while o > log.start {
            o -= 1;
            let Some(e) = log.entry(o) else { break };
            if e.producer_id != producer_id {
                continue;
            }
            if e.is_control() {
                break;
            }
            if e.transactional {
                ids.push(e.record);
            }
        }
        for id in ids {
            self.ledger.set_txn_outcome(id, commit);
        }
    }

    /// Records at [from, to) of the leader's log are now committed.
    pub(crate) fn mark_committed(&mut self, pidx: Pidx, broker: BrokerId, from: u64, to: u64) {
        let Some(b) = self.broker(broker) else { return };
        let Some(r) = b.replicas.get(&pidx) else { return };
        if r.leader_state.is_none() {
            return;
        }
        let ids: Vec<RecordId> = (from..to).filter_map(|o| r.log.entry(o).map(|e| e.record)).collect();
        for id in ids {
            self.ledger.commit(id, self.now());
        }
    }

    /// A new leader's log is the partition's truth from now on: every record some earlier leader
    /// appended that it lacks is lost. "Acknowledged but lost" is this query, not a script.
    ///
    /// Only settled records count: acknowledged ones (or acks=0 sends). A record the producer is
    /// still retrying is not lost, and one it gave up on is "failed", not lost.
    pub(crate) fn check_losses(&mut self, pidx: Pidx, leader: BrokerId, epoch: u32, unclean: bool) -> Option<EventKind> {
        let mut candidates: Vec<RecordId> = self.ledger.leader_appends(pidx).into_iter().map(|(_, r)| r)
            // Retention's deletions and compaction are the policy at work, not a loss.
            .filter(|r| !self.ledger.is_lost(*r) && self.ledger.get(*r).is_some_and(|l| l.acked.is_some() && !l.removed_by_policy()))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let lost = self.missing_from(pidx, leader, &candidates, None);
        if lost.is_empty() {
            return None;
        }
        let reason = LossReason::LeaderWithoutRecord { new_leader: leader, epoch, unclean };
        let acknowledged = self.ledger.mark_lost(&lost, self.now(), &reason);
        Some(EventKind::RecordsLost { tp: self.topo.tp(pidx).clone(), records: lost, acknowledged, reason })
    }

    /// Which of `records` the broker's log of `pidx` does not hold (at any offset). `at` is where
    /// the batch was written: when the log still holds it there, the answer is known without
    /// indexing the whole log (every ack asks, so that must not be O(log size)).
    pub(crate) fn missing_from(&self, pidx: Pidx, broker: BrokerId, records: &[RecordId], at: Option<u64>) -> Vec<RecordId> {
        let Some(log) = self.broker(broker).and_then(|b| b.replicas.get(&pidx)).map(|r| &r.log) else {
            return Vec::new();
        };
        if let Some(base) = at {
            let in_place = records.iter().zip(base..).all(|(r, o)| log.entry(o).is_some_and(|e| e.record == *r));
            if in_place {
                return Vec::new();
            }
        }
        let held: std::collections::BTreeSet<RecordId> = log.entries.iter().map(|e| e.record).collect();
        records.iter().copied().filter(|r| !held.contains(r)).collect()
    }

}
