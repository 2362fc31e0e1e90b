//! The checker's rules, one anomaly at a time, on events fed by hand and logs built by hand.

use super::*;
use crate::sim::log::{Control, LogEntry};
use crate::sim::types::Acks;
use crate::sim::{ClusterConfig, PartInfo};

/// A hand-built world: the ledger, one log per partition of `orders` (2 partitions).
struct World {
    topo: Topology,
    ledger: Ledger,
    logs: Vec<Log>,
    pending: BTreeSet<RecordId>,
    from_start: bool,
    checker: Checker,
    now: Millis,
}

impl CheckView for World {
    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
    fn truth_log(&self, pidx: Pidx) -> Option<&Log> {
        self.logs.get(pidx)
    }
    fn tp(&self, pidx: Pidx) -> TopicPartition {
        self.topo.tp(pidx).clone()
    }
    fn pending(&self, _group: &str) -> BTreeSet<RecordId> {
        self.pending.clone()
    }
    fn reads_from_start(&self, _group: &str) -> bool {
        self.from_start
    }
    fn share_start(&self, _group: &str, _pidx: Pidx) -> Option<u64> {
        None
    }
}

impl World {
    fn new() -> World {
        let partitions = (0..2).map(|p| PartInfo { tp: TopicPartition::new("orders", p), min_isr: 1, unclean: false, compact: false }).collect();
        let topics = BTreeMap::from([("orders".to_string(), vec![0, 1])]);
        let topo = Topology { partitions, topics, config: ClusterConfig::default(), groups: Vec::new(), addresses: Default::default() };
        World { topo, ledger: Ledger::default(), logs: vec![Log::default(); 2], pending: BTreeSet::new(), from_start: false,
                checker: Checker::default(), now: 100 }
    }

    fn event(&mut self, e: EventKind) {
        self.now += 10;
        self.ledger.observe(&e, self.now);
        self.checker.observe(&e, self.now, &self.topo);
    }

    /// Appends `n` records to partition `pidx`; `acked` ones are acknowledged now.
    fn write(&mut self, pidx: Pidx, n: u32, acked: bool) -> Vec<RecordId> {
        let ids: Vec<RecordId> = (0..n).map(|_| {
            let id = self.ledger.next_id();
            self.ledger.produced(id, None, format!("v{id}"), pidx, Acks::All, self.now);
            self.logs[pidx].append(LogEntry::data(id, 0));
            id
        }).collect();
        if acked {
            let tp = self.topo.tp(pidx).clone();
            self.event(EventKind::Acknowledged { producer: 1, tp, records: ids.clone(), base_offset: None, acks: Acks::All });
        }
        ids
    }

    fn consume(&mut self, consumer: u32, group: &str, pidx: Pidx, offsets: &[u64]) {
        let tp = self.topo.tp(pidx).clone();
        let records = offsets.iter().map(|o| (tp.clone(), *o, self.logs[pidx].entry(*o).expect("offset in the log").record)).collect();
        self.event(EventKind::RecordsConsumed { consumer, group: group.into(), records });
    }

    fn commit(&mut self, group: &str, pidx: Pidx, offset: u64) {
        let tp = self.topo.tp(pidx).clone();
        self.event(EventKind::OffsetsCommitted { group: group.into(), offsets: vec![(tp, offset)] });
    }

    fn assign(&mut self, consumer: u32, group: &str, pidx: Pidx) {
        let tp = self.topo.tp(pidx).clone();
        self.event(EventKind::PartitionsAssigned { consumer, group: group.into(), partitions: vec![tp] });
    }

    fn check(&self, group: &str) -> GroupCheck {
        self.checker.report(self).group(group).cloned().expect("the group is reported")
    }
}

#[test]
fn a_group_that_reads_everything_once_in_order_is_clean() {
    let mut w = World::new();
    w.event(EventKind::ConsumerStarted { consumer: 1, group: "idle".into() });
    w.assign(1, "g", 0);
    w.write(0, 5, true);
    w.consume(1, "g", 0, &[0, 1, 2]);
    w.consume(1, "g", 0, &[3, 4]);
    w.commit("g", 0, 5);
    let g = w.check("g");
    assert!(g.is_clean(), "{g:?}");
    assert_eq!((g.consumed, g.redelivered), (5, 0));
    // A group that only started is reported too, with nothing consumed.
    assert_eq!(w.check("idle"), GroupCheck { group: "idle".into(), ..Default::default() });
}

#[test]
fn records_consumed_again_by_the_same_group_are_duplicated() {
    let mut w = World::new();
    let ids = w.write(0, 5, true);
    w.consume(1, "g", 0, &[0, 1, 2, 3, 4]);
    w.consume(2, "g", 0, &[2, 3, 4]);
    w.consume(2, "g", 0, &[3]);
    w.consume(1, "other", 0, &[0, 1, 2, 3, 4]);
    let g = w.check("g");
    assert_eq!(g.duplicated, ids[2..].to_vec());
    assert_eq!(g.redelivered, 4, "record 4 came three times");
    assert!(g.out_of_order.is_empty() && g.lost.is_empty() && g.skipped.is_empty(), "{g:?}");
    assert!(w.check("other").is_clean(), "another group's first read is no duplicate");
    let summary = w.ledger.summary(0, 0);
    assert_eq!(summary.consumed_again, g.redelivered);
}

#[test]
fn a_first_read_below_a_higher_offset_is_out_of_order() {
    let mut w = World::new();
    let ids = w.write(0, 4, true);
    w.consume(1, "g", 0, &[0, 2]);
    w.consume(1, "g", 0, &[1, 3]);
    // A redelivery of a lower offset is a duplicate, not out of order.
    w.consume(1, "g", 0, &[2]);
    let g = w.check("g");
    assert_eq!(g.out_of_order, vec![ids[1]]);
    assert_eq!(g.duplicated, vec![ids[2]]);
    assert_eq!(w.ledger.summary(0, 0).consumed_out_of_order, 1);
    // The jump 0 -> 2 was filled in by the same group later: nothing is skipped or lost.
    assert!(g.skipped.is_empty() && g.lost.is_empty(), "{g:?}");
}

#[test]
fn acknowledged_records_below_a_higher_read_that_the_group_never_read_are_lost() {
    let mut w = World::new();
    w.assign(1, "g", 0);
    let ids = w.write(0, 3, true);
    let unacked = w.write(0, 1, false);
    let more = w.write(0, 2, true);
    w.consume(1, "g", 0, &[0, 1]);
    w.consume(2, "g", 0, &[5]);
    let g = w.check("g");
    assert_eq!(g.lost, vec![ids[2], more[0]], "offsets 2 and 4; offset 3 was never acknowledged");
    assert!(!g.lost.contains(&unacked[0]));
    // Two consumers: neither of them jumped, so nothing is skipped.
    assert!(g.skipped.is_empty(), "{g:?}");
    // The other partition and another group are unaffected.
    w.consume(1, "h", 0, &[0, 1, 2, 3, 4, 5]);
    assert!(w.check("h").is_clean());
}

#[test]
fn a_commit_claims_everything_below_it() {
    let mut w = World::new();
    w.assign(1, "g", 0);
    let ids = w.write(0, 6, true);
    w.consume(1, "g", 0, &[0, 1]);
    w.commit("g", 0, 5);
    assert_eq!(w.check("g").lost, ids[2..5].to_vec(), "offset 5 is not below the commit");
    // Records a running member still holds are not lost yet.
    w.pending = ids[2..5].iter().copied().collect();
    assert!(w.check("g").lost.is_empty());
}

#[test]
fn a_group_starting_at_latest_owes_nothing_written_before_it_arrived() {
    let mut w = World::new();
    let old = w.write(0, 3, true);
    w.assign(1, "g", 0);
    let new = w.write(0, 3, true);
    // auto.offset.reset=latest put the group at offset 4: it never read 0..3.
    w.consume(1, "g", 0, &[4, 5]);
    assert_eq!(w.check("g").lost, vec![new[0]], "only the record acknowledged after the assignment");
    w.from_start = true;
    let mut all = old.clone();
    all.push(new[0]);
    assert_eq!(w.check("g").lost, all, "with auto.offset.reset=earliest the group owes the whole log");
}

#[test]
fn a_consumer_that_jumps_over_records_nobody_in_the_group_read_skips_them() {
    let mut w = World::new();
    let ids = w.write(0, 6, false);
    w.consume(1, "g", 0, &[0, 1]);
    w.consume(2, "g", 0, &[2]);
    w.consume(1, "g", 0, &[5]);
    let g = w.check("g");
    let tp = TopicPartition::new("orders", 0);
    assert_eq!(g.skipped, vec![
        SkippedOffset { consumer: 1, tp: tp.clone(), offset: 3, record: ids[3] },
        SkippedOffset { consumer: 1, tp, offset: 4, record: ids[4] },
    ]);
    assert!(g.lost.is_empty(), "never acknowledged, so not lost: {g:?}");
}

#[test]
fn markers_and_records_of_uncommitted_transactions_are_neither_skipped_nor_lost() {
    let mut w = World::new();
    w.assign(1, "g", 0);
    w.write(0, 1, true);
    // A transaction that aborted: two records and the ABORT marker, then a COMMIT marker alone.
    let aborted = w.write(0, 2, true);
    for id in &aborted {
        w.ledger.set_txn_outcome(*id, false);
    }
    let log = &mut w.logs[0];
    for e in log.entries.iter_mut().skip(1) {
        e.transactional = true;
    }
    for control in [Control::Abort, Control::Commit] {
        log.append(LogEntry { control, ..LogEntry::data(0, 0) });
    }
    w.write(0, 1, true);
    w.consume(1, "g", 0, &[0, 5]);
    let g = w.check("g");
    assert!(g.is_clean(), "{g:?}");
    // The same jump over a plain record is a skip (and, acknowledged, a loss).
    w.logs[0].entries[1].transactional = false;
    w.consume(1, "h", 0, &[0, 5]);
    let h = w.check("h");
    assert_eq!(h.skipped.iter().map(|s| s.record).collect::<Vec<_>>(), vec![aborted[0]]);
    assert_eq!(h.lost, vec![aborted[0]]);
}

#[test]
fn records_the_cluster_lost_are_reported_once_not_per_group() {
    let mut w = World::new();
    w.assign(1, "g", 0);
    let ids = w.write(0, 3, true);
    // The new leader's log lacks offset 1 onwards; a new record took offset 1.
    w.logs[0].truncate_to(1);
    w.ledger.mark_lost(&ids[1..], w.now, &crate::sim::event::LossReason::LeaderWithoutRecord { new_leader: 2, epoch: 1, unclean: true });
    let later = w.write(0, 1, true);
    w.consume(1, "g", 0, &[0]);
    w.commit("g", 0, 2);
    let r = w.checker.report(&w);
    assert_eq!(r.acknowledged_lost, ids[1..].to_vec());
    assert_eq!(r.group("g").unwrap().lost, later, "the group owes only what the log holds");
}
