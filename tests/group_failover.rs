//! Committed offsets are records of `__consumer_offsets`: they survive the coordinator's failure,
//! and a coordinator that hands its partition over unloads its groups (Dead).

use kafka_playground::sim::{Action, ClusterConfig, EventKind, Sim};

fn consuming_group(seed: u64) -> (Sim, u32) {
    let mut c = ClusterConfig::default();
    c.set("offsets.topic.num.partitions", "5").unwrap();
    for (k, v) in [("auto.offset.reset", "earliest"), ("sim.commit.mode", "after-processing"), ("sim.processing.ms.per.record", "10")] {
        c.set(k, v).unwrap();
    }
    let mut sim = Sim::new(c, seed).unwrap();
    sim.run_for(200);
    sim.apply(Action::AddConsumer { group: "billing".into(), topics: vec![], instance_id: None }).unwrap();
    sim.run_for(8_000);
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 30, partition: None, producer: None }).unwrap();
    sim.run_for(5_000);
    assert_eq!(sim.ledger_summary().consumed, 30);
    let coordinator = sim.consumers()[0].coordinator.unwrap();
    (sim, coordinator)
}

#[test]
fn offsets_survive_a_coordinator_crash() {
    let (mut sim, coordinator) = consuming_group(21);
    let committed_before: u64 = sim.group_lag("billing").iter().filter_map(|r| r.current_offset).sum();
    assert_eq!(committed_before, 30, "every record committed before the crash");
    sim.apply(Action::CrashBroker { broker: coordinator }).unwrap();
    let events = sim.run_for(60_000);
    let loaded = events.iter().find_map(|e| match &e.kind {
        EventKind::GroupLoaded { group, broker, offsets } if group == "billing" => Some((*broker, *offsets)),
        _ => None,
    });
    let (new_coordinator, n) = loaded.expect("a new coordinator loads the group");
    assert_ne!(new_coordinator, coordinator);
    assert!(n >= 1, "it loads the committed offsets from its replica of __consumer_offsets");
    let committed_after: u64 = sim.group_lag("billing").iter().filter_map(|r| r.current_offset).sum();
    assert_eq!(committed_after, 30);
    let s = sim.ledger_summary();
    assert_eq!((s.consumed, s.consumed_again), (30, 0), "no record is read again after the failover: {s:?}");
}

#[test]
fn a_coordinator_that_hands_over_its_partition_marks_the_group_dead() {
    let (mut sim, coordinator) = consuming_group(22);
    sim.apply(Action::StopBroker { broker: coordinator }).unwrap();
    let events = sim.run_for(30_000);
    let dead = events.iter().position(|e| matches!(&e.kind, EventKind::GroupStateChanged { group, state } if group == "billing" && state == "Dead"));
    let loaded = events.iter().position(|e| matches!(&e.kind, EventKind::GroupLoaded { group, .. } if group == "billing"));
    assert!(dead.is_some(), "the old coordinator unloads the group: Dead");
    assert!(loaded.is_some(), "the new one loads it");
    let s = sim.ledger_summary();
    assert_eq!(s.consumed_again, 0, "{s:?}");
    assert_ne!(sim.consumers()[0].coordinator, Some(coordinator));
}
