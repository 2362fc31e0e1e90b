//! The checker per consumer group (`sim/checker.rs`) on real runs: each anomaly from a scripted
//! run, the checker travels in time with a checkpoint, and over random schedules of broker and
//! consumer faults it agrees with the ledger and finds no loss where Kafka promises none:
//! acks=all, min.insync.replicas=2, clean elections and a consumer that commits after processing
//! (at-least-once) lose nothing and skip nothing, whatever crashes.
//! Failures print the seed and the schedule, which replay exactly.

use kafka_playground::sim::{Action, CheckReport, ClusterConfig, GroupCheck, NodeId, Sim};
use proptest::prelude::*;

fn sim(configs: &[(&str, &str)], seed: u64) -> Sim {
    let mut c = ClusterConfig::default();
    c.set("offsets.topic.num.partitions", "3").unwrap();
    for (k, v) in configs {
        c.set(k, v).unwrap();
    }
    Sim::new(c, seed).unwrap()
}

fn produce(sim: &mut Sim, partition: u32, count: u32) {
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count, partition: Some(partition), producer: None }).unwrap();
}

fn add_consumer(sim: &mut Sim, group: &str) {
    sim.apply(Action::AddConsumer { group: group.into(), topics: vec!["orders".into()], instance_id: None }).unwrap();
}

fn group(r: &CheckReport, name: &str) -> GroupCheck {
    r.group(name).cloned().unwrap_or_else(|| panic!("no group {name} in {r:?}"))
}

/// Commit before processing, crash mid-batch: the restarted consumer resumes past records nobody
/// processed. The group lost them, and the consumer's own offsets jumped over them.
#[test]
fn commit_before_processing_and_a_crash_lose_and_skip_records() {
    let mut sim = sim(&[("auto.offset.reset", "earliest"), ("sim.commit.mode", "before-processing"), ("sim.processing.ms.per.record", "200")], 3);
    add_consumer(&mut sim, "refunds");
    sim.run_for(10_000);
    produce(&mut sim, 0, 10);
    let mut events = Vec::new();
    assert!(sim.run_until_pred(10_000, |s| s.ledger_summary().consumed == 4, &mut events));
    assert!(group(&sim.check(), "refunds").lost.is_empty(), "the rest of the batch is still being processed");
    sim.apply(Action::CrashConsumer { consumer: 1 }).unwrap();
    sim.run_for(1_000);
    let lost = group(&sim.check(), "refunds").lost;
    assert_eq!(lost.len(), 6, "offset 10 was committed before records 4..9 were processed: {lost:?}");
    sim.apply(Action::RestartConsumer { consumer: 1 }).unwrap();
    sim.run_for(60_000);
    produce(&mut sim, 0, 2);
    sim.run_for(5_000);
    let g = group(&sim.check(), "refunds");
    assert_eq!(g.lost, lost);
    assert_eq!(g.consumed, 6);
    assert_eq!(g.skipped.iter().map(|s| s.record).collect::<Vec<_>>(), lost, "consumer 1 went from offset 3 to 10");
    assert!(g.skipped.iter().all(|s| s.consumer == 1 && s.tp.partition == 0));
    assert!(g.duplicated.is_empty() && g.out_of_order.is_empty(), "{g:?}");
}

/// Commit after processing, crash mid-batch: the next owner processes part of the batch again.
#[test]
fn commit_after_processing_and_a_crash_duplicate_records() {
    let mut sim = sim(&[("auto.offset.reset", "earliest"), ("sim.commit.mode", "after-processing"), ("sim.processing.ms.per.record", "200")], 4);
    add_consumer(&mut sim, "shipping");
    add_consumer(&mut sim, "shipping");
    sim.run_for(10_000);
    for p in 0..3 {
        produce(&mut sim, p, 10);
    }
    sim.run_for(1_500);
    sim.apply(Action::CrashConsumer { consumer: 1 }).unwrap();
    sim.run_for(90_000);
    let r = sim.check();
    let g = group(&r, "shipping");
    assert!(!g.duplicated.is_empty(), "{g:?}");
    assert_eq!(g.redelivered, sim.ledger_summary().consumed_again);
    assert_eq!(g.consumed, 30);
    assert!(g.lost.is_empty() && g.skipped.is_empty() && g.out_of_order.is_empty(), "{g:?}");
}

/// A worker pool finishes records out of order; the checker names them as the ledger counts them.
#[test]
fn a_worker_pool_consumes_out_of_order() {
    let mut sim = sim(&[("auto.offset.reset", "earliest"), ("sim.worker.threads", "3"), ("sim.processing.ms.per.record", "50")], 5);
    add_consumer(&mut sim, "pool");
    sim.run_for(10_000);
    produce(&mut sim, 0, 12);
    sim.run_for(10_000);
    let g = group(&sim.check(), "pool");
    assert!(!g.out_of_order.is_empty(), "{g:?}");
    assert_eq!(g.out_of_order.len() as u64, sim.ledger_summary().consumed_out_of_order);
    assert_eq!(g.consumed, 12);
    assert!(g.lost.is_empty() && g.skipped.is_empty(), "the pool filled its own holes: {g:?}");
}

/// The checker is part of the world: a checkpoint (a clone) keeps its verdict while the original
/// runs on, and replaying the script to that point gives the same verdict.
#[test]
fn the_checker_travels_in_time_with_the_simulator() {
    let mut sim = sim(&[("auto.offset.reset", "earliest"), ("sim.commit.mode", "before-processing"), ("sim.processing.ms.per.record", "200")], 6);
    add_consumer(&mut sim, "g");
    sim.run_for(10_000);
    produce(&mut sim, 0, 10);
    sim.run_for(1_000);
    let checkpoint = sim.clone();
    let before = checkpoint.check();
    sim.apply(Action::CrashConsumer { consumer: 1 }).unwrap();
    sim.run_for(1_000);
    assert_ne!(sim.check(), before, "the crash loses records");
    assert_eq!(checkpoint.check(), before);
    let (replayed, _) = checkpoint.replayed().unwrap();
    assert_eq!(replayed.check(), before);
}

#[derive(Clone, Debug)]
enum Op {
    Produce { partition: u32, count: u32 },
    Crash(u32),
    Stop(u32),
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
        4 => (0u32..3, 1u32..6).prop_map(|(partition, count)| Op::Produce { partition, count }),
        1 => (1u32..=3).prop_map(Op::Crash),
        1 => (1u32..=3).prop_map(Op::Stop),
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
        Op::Produce { partition, count } => Action::Produce {
            topic: "orders".into(), key: None, value: None, count: *count, partition: Some(*partition), producer: None,
        },
        Op::Crash(b) => Action::CrashBroker { broker: *b },
        Op::Stop(b) => Action::StopBroker { broker: *b },
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

/// What holds for any configuration: the checker agrees with the ledger, record by record.
fn agrees_with_the_ledger(sim: &Sim, r: &CheckReport) -> Result<(), String> {
    let s = sim.ledger_summary();
    let redelivered: u64 = r.groups.iter().map(|g| g.redelivered).sum();
    let out_of_order: usize = r.groups.iter().map(|g| g.out_of_order.len()).sum();
    if redelivered != s.consumed_again || out_of_order as u64 != s.consumed_out_of_order {
        return Err(format!("checker {redelivered} redelivered / {out_of_order} out of order, ledger {s:?}"));
    }
    let ids: Vec<u64> = sim.ledger().acknowledged_lost().iter().map(|l| l.id).collect();
    if r.acknowledged_lost != ids {
        return Err(format!("acknowledged_lost {:?} vs ledger {ids:?}", r.acknowledged_lost));
    }
    for g in &r.groups {
        let times = |id: u64| sim.ledger().get(id).map_or(0, |l| l.consumed.iter().filter(|(x, _, _)| *x == g.group).count());
        let distinct = sim.ledger().records().iter().filter(|l| l.consumed.iter().any(|(x, _, _)| *x == g.group)).count();
        if g.consumed != distinct as u64 {
            return Err(format!("group {}: {} consumed, the ledger says {distinct}", g.group, g.consumed));
        }
        if let Some(id) = g.duplicated.iter().find(|id| times(**id) < 2) {
            return Err(format!("group {}: record {id} duplicated but consumed {} time(s)", g.group, times(*id)));
        }
        let never = g.lost.iter().copied().chain(g.skipped.iter().map(|s| s.record)).find(|id| times(*id) > 0);
        if let Some(id) = never {
            return Err(format!("group {}: record {id} reported missing but consumed", g.group));
        }
        if let Some(id) = g.lost.iter().find(|id| sim.ledger().get(**id).is_none_or(|l| l.acked.is_none() || l.lost.is_some())) {
            return Err(format!("group {}: record {id} lost but not an acknowledged record of the log", g.group));
        }
    }
    Ok(())
}

/// Runs the schedule on two groups (consumers 1 and 2 in `a`, 3 in `b`), checking after each op;
/// then heals everything, restarts every node and lets the groups catch up.
fn run_schedule(configs: &[(&str, &str)], seed: u64, ops: &[Op], at_least_once: bool) -> Result<CheckReport, String> {
    let mut sim = sim(configs, seed);
    for g in ["a", "a", "b"] {
        add_consumer(&mut sim, g);
    }
    let verify = |sim: &Sim| -> Result<CheckReport, String> {
        let r = sim.check();
        agrees_with_the_ledger(sim, &r)?;
        if at_least_once {
            if let Some(g) = r.groups.iter().find(|g| !g.lost.is_empty() || !g.skipped.is_empty()) {
                return Err(format!("at-least-once lost or skipped records at t={}: {g:?}", sim.now()));
            }
        }
        Ok(r)
    };
    for op in ops {
        if let Some(a) = action(op) {
            let _ = sim.apply(a); // invalid intents (restart a running broker, ...) are refused
        }
        sim.run_for(if let Op::Run(ms) = op { *ms } else { 5 });
        verify(&sim)?;
    }
    for n in 1..=3 {
        let _ = sim.apply(Action::Heal { node: NodeId::Broker(n) });
        let _ = sim.apply(Action::RestartBroker { broker: n });
        let _ = sim.apply(Action::RestartConsumer { consumer: n });
    }
    sim.run_for(90_000);
    verify(&sim)
}

const AT_LEAST_ONCE: &[(&str, &str)] = &[
    ("acks", "all"), ("min.insync.replicas", "2"), ("auto.offset.reset", "earliest"), ("sim.processing.ms.per.record", "300"), ("sim.commit.mode", "after-processing"),
];

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 100, .. ProptestConfig::default() })]

    /// Kafka's at-least-once promise: nothing acknowledged is lost or skipped by a group that
    /// commits after processing, with acks=all, min.insync.replicas=2 and clean elections.
    #[test]
    fn at_least_once_loses_nothing(seed in any::<u64>(), ops in prop::collection::vec(op(), 1..30)) {
        let r = run_schedule(AT_LEAST_ONCE, seed, &ops, true).map_err(|e| TestCaseError::fail(format!("seed {seed}: {e}")))?;
        prop_assert!(r.acknowledged_lost.is_empty(), "seed {}: {:?}", seed, r);
    }

    /// Any commit mode, acks=1, a worker pool: the checker still agrees with the ledger.
    #[test]
    fn the_checker_agrees_with_the_ledger(seed in any::<u64>(), ops in prop::collection::vec(op(), 1..30),
                                          mode in prop::sample::select(vec!["auto", "before-processing", "after-processing"]),
                                          workers in prop::sample::select(vec!["0", "2"])) {
        let configs = [("acks", "1"), ("auto.offset.reset", "earliest"), ("sim.commit.mode", mode), ("sim.worker.threads", workers)];
        run_schedule(&configs, seed, &ops, false).map_err(|e| TestCaseError::fail(format!("seed {seed}: {e}")))?;
    }
}

