//! commitSync vs commitAsync: a blocking commit stalls the poll loop and retries; an async one
//! does neither (ConsumerCoordinator.commitOffsetsSync / commitOffsetsAsync).

use kafka_playground::sim::{Action, ClusterConfig, EventKind, MsgKind, Sim};

fn cluster(seed: u64, api: &str) -> Sim {
    let mut c = ClusterConfig::default();
    c.set("offsets.topic.num.partitions", "5").unwrap();
    for (k, v) in [("auto.offset.reset", "earliest"), ("sim.commit.mode", "after-processing"),
                   ("sim.commit.api", api), ("sim.processing.ms.per.record", "20")] {
        c.set(k, v).unwrap();
    }
    let mut sim = Sim::new(c, seed).unwrap();
    sim.run_for(200);
    sim
}

fn consumed_between(sim: &Sim, from: u64, to: u64) -> usize {
    sim.ledger().records().iter().flat_map(|r| r.consumed.iter()).filter(|(_, _, t)| *t >= from && *t < to).count()
}

/// Drops the next OffsetCommit and keeps records flowing for 40 s; returns the records consumed
/// during the first 25 s after the drop and whether a retry happened.
fn drop_a_commit(api: &str) -> (usize, usize, bool) {
    let mut sim = cluster(11, api);
    sim.apply(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: None }).unwrap();
    sim.run_for(8_000);
    sim.apply(Action::DropNext { kind: MsgKind::OffsetCommit, from: None, to: None }).unwrap();
    let start = sim.now();
    let mut events = Vec::new();
    for _ in 0..40 {
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 3, partition: None, producer: None }).unwrap();
        events.extend(sim.run_for(1_000));
    }
    let retried = events.iter().any(|e| matches!(&e.kind, EventKind::CommitRetried { error, .. } if error.to_string().contains("REQUEST_TIMED_OUT")));
    let c = sim.consumers()[0].clone();
    assert!(c.sync_commit.is_none(), "the commit finished in the end");
    (consumed_between(&sim, start + 2_000, start + 25_000), sim.ledger_summary().consumed as usize, retried)
}

#[test]
fn a_lost_commit_blocks_commit_sync_until_request_timeout_then_it_retries() {
    let (during, total, retried) = drop_a_commit("sync");
    assert!(retried, "commitSync retries after request.timeout.ms (30 s)");
    assert_eq!(during, 0, "the poll loop waits for commitSync: nothing is consumed while it hangs");
    assert_eq!(total, 120, "after the retry it catches up");
}

#[test]
fn a_lost_commit_does_not_stop_commit_async() {
    let (during, total, retried) = drop_a_commit("async");
    assert!(!retried, "commitAsync never retries");
    assert!(during > 0, "commitAsync does not block the poll loop");
    assert_eq!(total, 120);
}

#[test]
fn commit_sync_rides_out_a_coordinator_failover() {
    // The group's coordinator dies; commitSync gets NOT_COORDINATOR / a disconnect, finds the new
    // coordinator and commits there (within default.api.timeout.ms).
    let mut sim = cluster(12, "sync");
    sim.apply(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: None }).unwrap();
    sim.run_for(8_000);
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 30, partition: None, producer: None }).unwrap();
    sim.run_for(2_000);
    let coordinator = sim.consumers()[0].coordinator.expect("a coordinator");
    sim.apply(Action::CrashBroker { broker: coordinator }).unwrap();
    let mut events = Vec::new();
    for _ in 0..30 {
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 2, partition: None, producer: None }).unwrap();
        events.extend(sim.run_for(1_000));
    }
    let c = &sim.consumers()[0];
    assert_ne!(c.coordinator, Some(coordinator), "found the new coordinator");
    assert!(!events.iter().any(|e| matches!(e.kind, EventKind::CommitFailed { .. })), "commitSync retried instead of failing");
    let lag: u64 = sim.group_lag("g").iter().map(|r| r.lag).sum();
    assert!(lag <= 6, "commits reach the new coordinator: lag {lag}");
}

#[test]
fn a_slowed_consumer_falls_behind_while_its_peer_keeps_up() {
    let mut sim = cluster(13, "sync");
    let ids: Vec<u32> = (0..3).map(|_| {
        sim.apply(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: None }).unwrap();
        sim.consumers().last().unwrap().id
    }).collect();
    sim.run_for(10_000);
    sim.apply(Action::SlowConsumer { consumer: ids[0], ms_per_record: 2_000 }).unwrap();
    for _ in 0..20 {
        for p in 0..3 {
            sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 2, partition: Some(p), producer: None }).unwrap();
        }
        sim.run_for(1_000);
    }
    let rows = sim.group_lag("g");
    let lag_of = |c: u32| rows.iter().filter(|r| r.consumer == Some(c)).map(|r| r.lag).sum::<u64>();
    assert!(lag_of(ids[0]) >= 20, "the slow consumer's partition lags: {}", lag_of(ids[0]));
    assert!(lag_of(ids[1]) <= 4 && lag_of(ids[2]) <= 4, "the others keep up: {} {}", lag_of(ids[1]), lag_of(ids[2]));
    assert!(sim.apply(Action::SlowConsumer { consumer: ids[0], ms_per_record: 700_000 }).is_err());
    assert!(sim.apply(Action::SlowConsumer { consumer: 99, ms_per_record: 5 }).is_err());
}
