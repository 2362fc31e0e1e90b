//! The checker panel's pure logic: the anomalies `Sim::check()` reports per group, as badges
//! that name their records, and the ledger selection a badge opens ("the 3 records group
//! `billing` lost"). The selection keeps the group and the anomaly, not the ids, so that it
//! follows the run when the learner scrubs or steps.

use crate::sim::{CheckReport, GroupCheck, RecordId};

/// One kind of anomaly the checker looks for (Maelstrom's kafka workload, `checker.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anomaly {
    /// Acknowledged, in the log, below where the group read or committed, never consumed.
    Lost,
    /// Consumed more than once by the group.
    Duplicated,
    /// Consumed for the first time after a higher offset of its partition.
    OutOfOrder,
    /// An offset a consumer jumped over.
    Skipped,
    /// Acknowledged but lost by the cluster, so no group could read it (not per group).
    AckedLost,
}

impl Anomaly {
    /// The per-group anomalies, in the order the panel shows them.
    pub const PER_GROUP: [Anomaly; 4] = [Anomaly::Lost, Anomaly::Duplicated, Anomaly::OutOfOrder, Anomaly::Skipped];

    /// A stable name (test ids, data attributes).
    pub fn code(self) -> &'static str {
        match self {
            Anomaly::Lost => "lost",
            Anomaly::Duplicated => "duplicated",
            Anomaly::OutOfOrder => "out-of-order",
            Anomaly::Skipped => "skipped",
            Anomaly::AckedLost => "acked-lost",
        }
    }

    /// The records this anomaly names in one group's verdict (or the cluster's, for `AckedLost`).
    pub fn records(self, g: Option<&GroupCheck>, report: &CheckReport) -> Vec<RecordId> {
        let mut ids: Vec<RecordId> = match (self, g) {
            (Anomaly::AckedLost, _) => report.acknowledged_lost.clone(),
            (_, None) => Vec::new(),
            (Anomaly::Lost, Some(g)) => g.lost.clone(),
            (Anomaly::Duplicated, Some(g)) => g.duplicated.clone(),
            (Anomaly::OutOfOrder, Some(g)) => g.out_of_order.clone(),
            (Anomaly::Skipped, Some(g)) => g.skipped.iter().map(|s| s.record).collect(),
        };
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// A badge: one anomaly of one group and how many records it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    pub anomaly: Anomaly,
    pub count: usize,
}

/// One group's row in the panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRow {
    pub group: String,
    pub consumed: u64,
    pub redelivered: u64,
    pub badges: Vec<Badge>,
}

/// What a group's deliveries add up to, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every record once, each partition in offset order.
    ExactlyOnceInOrder,
    /// Nothing lost or skipped, but some records twice or out of order: at-least-once held.
    AtLeastOnce,
    /// Records lost or skipped: the group is not at-least-once.
    Broken,
}

impl GroupRow {
    pub fn clean(&self) -> bool {
        self.badges.iter().all(|b| b.count == 0)
    }

    fn count(&self, a: Anomaly) -> usize {
        self.badges.iter().filter(|b| b.anomaly == a).map(|b| b.count).sum()
    }

    pub fn verdict(&self) -> Verdict {
        if self.count(Anomaly::Lost) + self.count(Anomaly::Skipped) > 0 {
            Verdict::Broken
        } else if self.clean() {
            Verdict::ExactlyOnceInOrder
        } else {
            Verdict::AtLeastOnce
        }
    }
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::ExactlyOnceInOrder => "exactly-once",
            Verdict::AtLeastOnce => "at-least-once",
            Verdict::Broken => "broken",
        }
    }
}

/// The panel's rows: every group the checker saw, internal groups left out.
pub fn rows(report: &CheckReport) -> Vec<GroupRow> {
    report.groups.iter().map(|g| GroupRow {
        group: g.group.clone(),
        consumed: g.consumed,
        redelivered: g.redelivered,
        badges: Anomaly::PER_GROUP.into_iter().map(|a| Badge { anomaly: a, count: a.records(Some(g), report).len() }).collect(),
    }).collect()
}

/// What the ledger table shows when a badge was opened: the records of one anomaly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pick {
    /// `None` for the cluster-wide `AckedLost`.
    pub group: Option<String>,
    pub anomaly: Anomaly,
}

impl Pick {
    /// The picked records in the verdict now.
    pub fn records(&self, report: &CheckReport) -> Vec<RecordId> {
        let g = self.group.as_deref().and_then(|name| report.group(name));
        self.anomaly.records(g, report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{SkippedOffset, TopicPartition};

    fn report() -> CheckReport {
        let tp = TopicPartition { topic: "orders".into(), partition: 0 };
        CheckReport {
            groups: vec![
                GroupCheck { group: "billing".into(), consumed: 5, redelivered: 2, lost: vec![7, 3], duplicated: vec![1], out_of_order: vec![],
                    skipped: vec![SkippedOffset { consumer: 1, tp: tp.clone(), offset: 3, record: 3 }, SkippedOffset { consumer: 2, tp, offset: 3, record: 3 }] },
                GroupCheck { group: "audit".into(), consumed: 9, ..GroupCheck::default() },
            ],
            acknowledged_lost: vec![11, 12],
        }
    }

    #[test]
    fn badges_count_the_records_each_anomaly_names() {
        let rows = rows(&report());
        let counts: Vec<(&str, usize)> = rows[0].badges.iter().map(|b| (b.anomaly.code(), b.count)).collect();
        assert_eq!(counts, [("lost", 2), ("duplicated", 1), ("out-of-order", 0), ("skipped", 1)], "record 3 skipped by two consumers counts once");
        assert!(!rows[0].clean());
        assert_eq!(rows[0].verdict(), Verdict::Broken);
        assert!(rows[1].clean());
        assert_eq!(rows[1].verdict(), Verdict::ExactlyOnceInOrder);
        let dup_only = GroupRow { badges: vec![Badge { anomaly: Anomaly::Duplicated, count: 2 }, Badge { anomaly: Anomaly::Lost, count: 0 }], ..rows[1].clone() };
        assert_eq!(dup_only.verdict(), Verdict::AtLeastOnce, "duplicates do not break at-least-once");
        assert_eq!((rows[1].group.as_str(), rows[1].consumed), ("audit", 9));
    }

    #[test]
    fn a_pick_names_its_records_in_the_verdict_it_is_given() {
        let r = report();
        assert_eq!(Pick { group: Some("billing".into()), anomaly: Anomaly::Lost }.records(&r), [3, 7]);
        assert_eq!(Pick { group: None, anomaly: Anomaly::AckedLost }.records(&r), [11, 12]);
        assert!(Pick { group: Some("gone".into()), anomaly: Anomaly::Lost }.records(&r).is_empty(), "a group the run (scrubbed back) has not seen yet");
        let earlier = CheckReport { groups: vec![GroupCheck { group: "billing".into(), lost: vec![3], ..GroupCheck::default() }], acknowledged_lost: vec![] };
        assert_eq!(Pick { group: Some("billing".into()), anomaly: Anomaly::Lost }.records(&earlier), [3]);
    }
}
