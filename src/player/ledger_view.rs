//! The ledger view's pure logic: which records a state filter keeps, and each record's lane
//! (the moments of its life, in order) for the per-record timeline.

use crate::sim::ledger::RecordState;
use crate::sim::{Millis, RecordLife};

/// A filter of the ledger table, by what happened to a record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RecordFilter {
    #[default]
    All,
    Sent,
    Appended,
    Acknowledged,
    Committed,
    Consumed,
    Failed,
    Lost,
    AckedLost,
    Truncated,
    Duplicated,
}

impl RecordFilter {
    pub const ALL: [RecordFilter; 11] = [
        RecordFilter::All, RecordFilter::Sent, RecordFilter::Appended, RecordFilter::Acknowledged, RecordFilter::Committed,
        RecordFilter::Consumed, RecordFilter::Failed, RecordFilter::Lost, RecordFilter::AckedLost, RecordFilter::Truncated,
        RecordFilter::Duplicated,
    ];

    /// A stable name (select values, test ids).
    pub fn code(self) -> &'static str {
        match self {
            RecordFilter::All => "all",
            RecordFilter::Sent => "sent",
            RecordFilter::Appended => "appended",
            RecordFilter::Acknowledged => "acknowledged",
            RecordFilter::Committed => "committed",
            RecordFilter::Consumed => "consumed",
            RecordFilter::Failed => "failed",
            RecordFilter::Lost => "lost",
            RecordFilter::AckedLost => "acked-lost",
            RecordFilter::Truncated => "truncated",
            RecordFilter::Duplicated => "duplicated",
        }
    }

    pub fn from_code(code: &str) -> Option<RecordFilter> {
        RecordFilter::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The lifecycle filters match a record's current state; the others what ever happened to it.
    pub fn matches(self, r: &RecordLife) -> bool {
        match self {
            RecordFilter::All => true,
            RecordFilter::Sent => r.state() == RecordState::Sent,
            RecordFilter::Appended => r.state() == RecordState::Appended,
            RecordFilter::Acknowledged => r.state() == RecordState::Acknowledged,
            RecordFilter::Committed => r.state() == RecordState::Committed,
            RecordFilter::Consumed => !r.consumed.is_empty(),
            RecordFilter::Failed => r.state() == RecordState::Failed,
            RecordFilter::Lost => r.lost.is_some(),
            RecordFilter::AckedLost => r.lost.is_some() && r.acked.is_some(),
            RecordFilter::Truncated => !r.truncated.is_empty(),
            RecordFilter::Duplicated => leader_copies(r) > 1 || consumed_again(r),
        }
    }
}

/// How many times leaders stored the record (more than once: a retry without idempotence).
pub fn leader_copies(r: &RecordLife) -> usize {
    let mut offsets: Vec<(u32, u64)> = r.appends.iter().filter(|a| a.as_leader).map(|a| (a.broker, a.offset)).collect();
    offsets.sort_unstable();
    offsets.dedup();
    offsets.len()
}

/// Whether some group processed the record more than once (at-least-once redelivery).
pub fn consumed_again(r: &RecordLife) -> bool {
    r.consumed.iter().enumerate().any(|(i, (g, _, _))| r.consumed[..i].iter().any(|(h, _, _)| h == g))
}

/// One moment of a record's life, for its lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Produced,
    Appended,
    Duplicated,
    Acknowledged,
    Committed,
    Consumed,
    Truncated,
    /// Retention deleted its segment (cleanup.policy=delete).
    Deleted,
    /// The log cleaner removed it (cleanup.policy=compact).
    Compacted,
    Lost,
    Failed,
}

impl Stage {
    /// A one-letter mark drawn in the lane, so stages are told apart by more than colour.
    pub fn letter(self) -> &'static str {
        match self {
            Stage::Produced => "P",
            Stage::Appended => "A",
            Stage::Duplicated => "D",
            Stage::Acknowledged => "K",
            Stage::Committed => "C",
            Stage::Consumed => "R",
            Stage::Truncated => "T",
            Stage::Deleted => "E",
            Stage::Compacted => "Z",
            Stage::Lost => "✕",
            Stage::Failed => "F",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Stage::Produced => "produced",
            Stage::Appended => "appended",
            Stage::Duplicated => "duplicated",
            Stage::Acknowledged => "acknowledged",
            Stage::Committed => "committed",
            Stage::Consumed => "consumed",
            Stage::Truncated => "truncated",
            Stage::Deleted => "deleted",
            Stage::Compacted => "compacted",
            Stage::Lost => "lost",
            Stage::Failed => "failed",
        }
    }
}

/// The record's moments in time order: produced → appended (first leader copy) → acknowledged →
/// committed → consumed (each time), with a second leader copy, truncations, the loss or the
/// failure where they happened.
pub fn lane(r: &RecordLife) -> Vec<(Stage, Millis)> {
    let mut out = vec![(Stage::Produced, r.produced_at)];
    let mut leader = r.appends.iter().filter(|a| a.as_leader);
    if let Some(a) = leader.next() {
        out.push((Stage::Appended, a.at));
    }
    if let Some(a) = leader.find(|a| r.appends.iter().filter(|b| b.as_leader).any(|b| b.offset != a.offset || b.broker != a.broker)) {
        out.push((Stage::Duplicated, a.at));
    }
    if let Some((at, _)) = r.acked {
        out.push((Stage::Acknowledged, at));
    }
    if let Some(at) = r.committed_at {
        out.push((Stage::Committed, at));
    }
    out.extend(r.consumed.iter().map(|(_, _, at)| (Stage::Consumed, *at)));
    out.extend(r.truncated.iter().map(|(_, at)| (Stage::Truncated, *at)));
    out.extend(r.deleted.map(|at| (Stage::Deleted, at)));
    out.extend(r.compacted.map(|at| (Stage::Compacted, at)));
    if let Some(l) = &r.lost {
        out.push((Stage::Lost, l.at));
    }
    if let Some((at, _)) = r.failed {
        out.push((Stage::Failed, at));
    }
    out.sort_by_key(|(_, at)| *at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ledger::{AppendFact, LossFact};
    use crate::sim::event::LossReason;
    use crate::sim::Acks;

    fn record() -> RecordLife {
        RecordLife {
            id: 1, key: None, value: "v".into(), pidx: 0, acks: Acks::Leader, produced_at: 10, appends: Vec::new(), acked: None,
            failed: None, committed_at: None, truncated: Vec::new(), lost: None, txn_committed: None, consumed: Vec::new(), deleted: None, compacted: None, tombstone: false,
        }
    }
    fn append(broker: u32, offset: u64, at: Millis, as_leader: bool) -> AppendFact {
        AppendFact { broker, offset, epoch: 0, at, as_leader }
    }

    #[test]
    fn an_acknowledged_then_lost_record_is_kept_by_the_loss_filters_only() {
        let mut r = record();
        r.appends.push(append(1, 0, 12, true));
        r.acked = Some((14, Some(0)));
        r.truncated.push((1, 40));
        r.lost = Some(LossFact { at: 30, reason: LossReason::LeaderWithoutRecord { new_leader: 2, epoch: 1, unclean: false }, event: Some(9) });
        let kept: Vec<_> = RecordFilter::ALL.into_iter().filter(|f| f.matches(&r)).map(|f| f.code()).collect();
        assert_eq!(kept, ["all", "lost", "acked-lost", "truncated"]);
        let stages: Vec<_> = lane(&r).into_iter().map(|(s, at)| (s.code(), at)).collect();
        assert_eq!(stages, [("produced", 10), ("appended", 12), ("acknowledged", 14), ("lost", 30), ("truncated", 40)]);
    }

    #[test]
    fn a_second_leader_copy_and_a_second_delivery_are_duplicates() {
        let mut r = record();
        r.appends.extend([append(1, 0, 12, true), append(2, 0, 13, false), append(1, 3, 20, true)]);
        assert_eq!(leader_copies(&r), 2);
        assert!(RecordFilter::Duplicated.matches(&r));
        assert!(lane(&r).iter().any(|(s, at)| *s == Stage::Duplicated && *at == 20));
        let mut once = record();
        once.consumed = vec![("g".into(), 1, 50), ("h".into(), 2, 51)];
        assert!(!RecordFilter::Duplicated.matches(&once), "two groups reading it once each is not a duplicate");
        once.consumed.push(("g".into(), 2, 70));
        assert!(RecordFilter::Duplicated.matches(&once) && RecordFilter::Consumed.matches(&once));
    }

    #[test]
    fn codes_round_trip() {
        for f in RecordFilter::ALL {
            assert_eq!(RecordFilter::from_code(f.code()), Some(f));
        }
        assert_eq!(RecordFilter::from_code("nope"), None);
    }
}
