//! Share groups (KIP-932, queues for Kafka) as a contrast to a consumer group: several members
//! read one partition, each record is locked for one member and acknowledged on its own, so a
//! poison record is redelivered up to group.share.delivery.count.limit times and then archived
//! while the records behind it flow; a crashed member's records come back when their
//! acquisition locks run out. Lesson 27 teaches the same run.

use kafka_playground::sim::event::EventKind;
use kafka_playground::sim::{Action, ClusterConfig, Sim, TopicSpec};

fn cluster(partitions: u32) -> ClusterConfig {
    let mut c = ClusterConfig::with_brokers(3, vec![TopicSpec::new("orders", partitions, 3)]);
    c.set("share.auto.offset.reset", "earliest").unwrap();
    c.set("offsets.topic.num.partitions", "3").unwrap();
    c.set("max.poll.records", "2").unwrap();
    c.set("sim.processing.ms.per.record", "100").unwrap();
    c
}

fn share(group: &str) -> Action {
    Action::AddShareConsumer { group: group.into(), topics: vec![] }
}

fn produce(s: &mut Sim, key: Option<&str>, events: &mut Vec<EventKind>) {
    let a = Action::Produce { topic: "orders".into(), key: key.map(str::to_string), value: None, count: 1, partition: Some(0), producer: None };
    events.extend(s.apply(a).unwrap().into_iter().map(|e| e.kind));
    events.extend(s.run_for(50).into_iter().map(|e| e.kind));
}

fn count(events: &[EventKind], name: &str) -> usize {
    events.iter().filter(|e| e.name() == name).count()
}

fn consumed_by(events: &[EventKind], consumer: u32) -> usize {
    events.iter().map(|e| match e {
        EventKind::RecordsConsumed { consumer: c, records, .. } if *c == consumer => records.len(),
        _ => 0,
    }).sum()
}

#[test]
fn three_members_share_one_partition() {
    let mut s = Sim::new(cluster(1), 27).unwrap();
    let mut ev = Vec::new();
    for _ in 0..3 {
        ev.extend(s.apply(share("jobs")).unwrap().into_iter().map(|e| e.kind));
    }
    ev.extend(s.run_for(8_000).into_iter().map(|e| e.kind));
    for _ in 0..30 {
        produce(&mut s, None, &mut ev);
    }
    ev.extend(s.run_for(10_000).into_iter().map(|e| e.kind));
    for c in 1..=3 {
        assert!(consumed_by(&ev, c) > 0, "consumer {c} got work from the single partition");
    }
    assert_eq!(s.ledger_summary().consumed, 30);
    let sp = s.share_partition("jobs", s.topology().topics["orders"][0]).expect("share-partition");
    assert_eq!((sp.start, sp.in_flight()), (30, 0), "the SPSO moved past every acknowledged record");
    let report = s.check();
    let g = report.group("jobs").expect("checked");
    assert!(g.is_clean(), "no order is promised, so nothing is out of order: {g:?}");
}

/// Seven records with a poison one (key "bad") in the middle, read by three share consumers
/// that RELEASE what they cannot process (`sim.poison.handling=retry`).
fn poison_run() -> (Sim, Vec<EventKind>) {
    let mut c = cluster(1);
    c.set("sim.poison.key", "bad").unwrap();
    let mut s = Sim::new(c, 27).unwrap();
    let mut ev = Vec::new();
    for _ in 0..3 {
        ev.extend(s.apply(share("jobs")).unwrap().into_iter().map(|e| e.kind));
    }
    ev.extend(s.run_for(8_000).into_iter().map(|e| e.kind));
    for key in [None, None, None, Some("bad"), None, None, None] {
        produce(&mut s, key, &mut ev);
    }
    ev.extend(s.run_for(20_000).into_iter().map(|e| e.kind));
    (s, ev)
}

#[test]
fn a_poison_record_is_redelivered_five_times_then_archived_and_nothing_waits_behind_it() {
    let (s, ev) = poison_run();
    let pidx = s.topology().topics["orders"][0];
    assert_eq!(count(&ev, "ProcessingFailed"), 5, "group.share.delivery.count.limit=5 deliveries");
    let archived: Vec<u64> = ev.iter().flat_map(|e| match e {
        EventKind::ShareRecordsChanged { changes, .. } => changes.iter().filter(|c| c.1 == "Archived").map(|c| c.0).collect(),
        _ => Vec::new(),
    }).collect();
    assert_eq!(archived, vec![3], "the poison record's fifth RELEASE archives it");
    assert_eq!(s.ledger_summary().consumed, 6, "every other record was processed");
    let sp = s.share_partition("jobs", pidx).unwrap();
    assert_eq!(sp.start, 7, "the SPSO moved past the archived record");
    assert_eq!(s.group_lag("jobs").iter().map(|r| r.lag).sum::<u64>(), 0);
    let report = s.check();
    let g = report.group("jobs").unwrap();
    assert_eq!(g.lost.len(), 1, "the checker names the archived, never processed record: {g:?}");
    assert!(g.out_of_order.is_empty() && g.skipped.is_empty());
}

#[test]
fn the_records_behind_the_poison_one_are_processed_before_it_gives_up() {
    let (_, ev) = poison_run();
    let pos = |pred: &dyn Fn(&EventKind) -> bool| ev.iter().position(|e| pred(e)).expect("happened");
    let last_record_done = pos(&|e| matches!(e, EventKind::RecordsConsumed { records, .. } if records.iter().any(|r| r.1 == 6)));
    let archived = pos(&|e| matches!(e, EventKind::ShareRecordsChanged { changes, .. } if changes.iter().any(|c| c.1 == "Archived")));
    assert!(last_record_done < archived, "no head-of-line blocking: offset 6 was processed while offset 3 was still being retried");
}

#[test]
fn a_crashed_members_records_come_back_when_their_locks_run_out() {
    let mut c = cluster(1);
    c.set("sim.processing.ms.per.record", "2000").unwrap();
    let mut s = Sim::new(c, 27).unwrap();
    let mut ev = Vec::new();
    for _ in 0..2 {
        ev.extend(s.apply(share("jobs")).unwrap().into_iter().map(|e| e.kind));
    }
    ev.extend(s.run_for(8_000).into_iter().map(|e| e.kind));
    for _ in 0..6 {
        produce(&mut s, None, &mut ev);
    }
    ev.extend(s.run_for(1_000).into_iter().map(|e| e.kind));
    let held: Vec<u64> = s.consumers()[0].buffer.iter().chain(&s.consumers()[0].processing).map(|r| r.1).collect();
    assert!(!held.is_empty(), "consumer 1 holds records when it crashes");
    ev.extend(s.apply(Action::CrashConsumer { consumer: 1 }).unwrap().into_iter().map(|e| e.kind));
    ev.extend(s.run_for(20_000).into_iter().map(|e| e.kind));
    assert!(count(&ev, "ShareRecordsChanged") > 0);
    let before_timeout = s.ledger_summary().consumed;
    assert!(before_timeout < 6, "20 s after the crash its records are still locked");
    ev.extend(s.run_for(30_000).into_iter().map(|e| e.kind));
    let timed_out = ev.iter().any(|e| matches!(e, EventKind::ShareRecordsChanged { cause, .. } if cause == "lock timeout"));
    assert!(timed_out, "group.share.record.lock.duration.ms ran out");
    assert_eq!(s.ledger_summary().consumed, 6, "consumer 2 processed what consumer 1 held");
    assert!(consumed_by(&ev, 2) >= held.len());
}

#[test]
fn a_group_is_either_a_share_group_or_a_consumer_group() {
    let mut s = Sim::new(cluster(1), 27).unwrap();
    s.apply(share("jobs")).unwrap();
    let e = s.apply(Action::AddConsumer { group: "jobs".into(), topics: vec![], instance_id: None }).unwrap_err();
    assert!(e.to_string().contains("INCONSISTENT_GROUP_PROTOCOL") && e.to_string().contains("share group"), "{e}");
}

#[test]
fn share_settings_are_checked_against_kafkas_ranges() {
    let mut c = ClusterConfig::default();
    assert_eq!(c.share.delivery_count_limit, 5);
    assert_eq!(c.share.record_lock_duration_ms, 30_000);
    let e = c.set("group.share.delivery.count.limit", "1").unwrap_err();
    assert!(e.key == "group.share.delivery.count.limit" && e.message.contains("at least 2"), "{e:?}");
    assert!(c.set("group.share.record.lock.duration.ms", "5000").is_err());
    assert!(c.set("share.auto.offset.reset", "none").unwrap_err().message.contains("earliest, latest"));
    c.set("group.share.delivery.count.limit", "3").unwrap();
    assert_eq!(c.share.delivery_count_limit, 3);
}

mod schedules {
    //! Random schedules of broker and consumer faults against a share group: whatever crashes,
    //! every acknowledged record is processed, except one the group archived because its
    //! delivery count ran out (which the checker then names as lost, and nothing else).
    use super::*;
    use kafka_playground::sim::NodeId;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[derive(Clone, Debug)]
    enum Op {
        Produce(u32),
        Crash(u32),
        Restart(u32),
        Isolate(u32),
        Heal(u32),
        CrashConsumer(u32),
        StopConsumer(u32),
        RestartConsumer(u32),
        StallConsumer(u32, u64),
        Run(u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (1u32..6).prop_map(Op::Produce),
            1 => (1u32..=3).prop_map(Op::Crash),
            2 => (1u32..=3).prop_map(Op::Restart),
            1 => (1u32..=3).prop_map(Op::Isolate),
            1 => (1u32..=3).prop_map(Op::Heal),
            1 => (1u32..=3).prop_map(Op::CrashConsumer),
            1 => (1u32..=3).prop_map(Op::StopConsumer),
            2 => (1u32..=3).prop_map(Op::RestartConsumer),
            1 => ((1u32..=3), 1_000u64..60_000).prop_map(|(c, ms)| Op::StallConsumer(c, ms)),
            4 => (1u64..3_000).prop_map(Op::Run),
            2 => (1u64..20_000).prop_map(Op::Run),
        ]
    }

    fn action(op: &Op) -> Option<Action> {
        Some(match op {
            Op::Produce(count) => Action::Produce { topic: "orders".into(), key: None, value: None, count: *count, partition: None, producer: None },
            Op::Crash(b) => Action::CrashBroker { broker: *b },
            Op::Restart(b) => Action::RestartBroker { broker: *b },
            Op::Isolate(b) => Action::Isolate { node: NodeId::Broker(*b) },
            Op::Heal(b) => Action::Heal { node: NodeId::Broker(*b) },
            Op::CrashConsumer(c) => Action::CrashConsumer { consumer: *c },
            Op::StopConsumer(c) => Action::StopConsumer { consumer: *c },
            Op::RestartConsumer(c) => Action::RestartConsumer { consumer: *c },
            Op::StallConsumer(c, ms) => Action::StallConsumer { consumer: *c, ms: *ms },
            Op::Run(_) => return None,
        })
    }

    fn run(seed: u64, ops: &[Op]) -> Result<(), String> {
        let mut c = ClusterConfig::default();
        for (k, v) in [("acks", "all"), ("min.insync.replicas", "2"), ("share.auto.offset.reset", "earliest"),
            ("offsets.topic.num.partitions", "3"), ("sim.processing.ms.per.record", "300"), ("max.poll.records", "5")] {
            c.set(k, v).unwrap();
        }
        let mut s = Sim::new(c, seed).unwrap();
        let mut ev: Vec<EventKind> = Vec::new();
        for _ in 0..3 {
            ev.extend(s.apply(share("jobs")).unwrap().into_iter().map(|e| e.kind));
        }
        for op in ops {
            if let Some(a) = action(op) {
                if let Ok(e) = s.apply(a) {
                    ev.extend(e.into_iter().map(|e| e.kind));
                }
            }
            ev.extend(s.run_for(if let Op::Run(ms) = op { *ms } else { 5 }).into_iter().map(|e| e.kind));
        }
        for n in 1..=3 {
            for a in [Action::Heal { node: NodeId::Broker(n) }, Action::RestartBroker { broker: n }, Action::RestartConsumer { consumer: n }] {
                if let Ok(e) = s.apply(a) {
                    ev.extend(e.into_iter().map(|e| e.kind));
                }
            }
        }
        ev.extend(s.run_for(120_000).into_iter().map(|e| e.kind));
        let report = s.check();
        if !report.acknowledged_lost.is_empty() {
            return Err(format!("the cluster lost acknowledged records: {:?}", report.acknowledged_lost));
        }
        let archived: BTreeSet<(String, u64)> = ev.iter().flat_map(|e| match e {
            EventKind::ShareRecordsChanged { tp, changes, .. } => changes.iter().filter(|c| c.1 == "Archived").map(|c| (tp.to_string(), c.0)).collect(),
            _ => Vec::new(),
        }).collect();
        let Some(g) = report.group("jobs") else { return Ok(()) };
        if g.lost.len() > archived.len() {
            return Err(format!("lost {:?} but only {archived:?} were archived", g.lost));
        }
        if !g.out_of_order.is_empty() || !g.skipped.is_empty() {
            return Err(format!("a share group has no order to break: {g:?}"));
        }
        for (p, sp) in (0..3).filter_map(|p| s.share_partition("jobs", s.topology().topics["orders"][p]).map(|sp| (p, sp))) {
            if sp.in_flight() != 0 {
                return Err(format!("orders-{p} still has {} records in flight after catching up: {sp:?}", sp.in_flight()));
            }
        }
        Ok(())
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 100, .. ProptestConfig::default() })]

        #[test]
        fn a_share_group_processes_every_acknowledged_record(seed in any::<u64>(), ops in prop::collection::vec(op(), 1..30)) {
            run(seed, &ops).map_err(|e| TestCaseError::fail(format!("seed {seed}: {e}")))?;
        }
    }
}
