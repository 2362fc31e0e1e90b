//! Consumer groups: the coordinator, rebalances, one partition per consumer, commits and lag.

use kafka_playground::sim::{Action, ClusterConfig, Sim};

fn cluster(seed: u64, configs: &[(&str, &str)]) -> Sim {
    let mut c = ClusterConfig::default();
    c.set("offsets.topic.num.partitions", "5").unwrap();
    for (k, v) in configs {
        c.set(k, v).unwrap();
    }
    let mut sim = Sim::new(c, seed).unwrap();
    sim.run_for(200);
    sim
}

fn add(sim: &mut Sim, group: &str) -> u32 {
    sim.apply(Action::AddConsumer { group: group.into(), topics: vec![], instance_id: None }).unwrap();
    sim.consumers().last().unwrap().id
}

fn produce(sim: &mut Sim, n: u32) {
    for p in 0..3 {
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: n, partition: Some(p), producer: None }).unwrap();
    }
}

fn owned(sim: &Sim, c: u32) -> usize {
    sim.consumers().iter().find(|x| x.id == c).unwrap().assignment.len()
}

#[test]
fn one_partition_one_consumer_and_idle_extras() {
    let mut sim = cluster(1, &[("auto.offset.reset", "earliest")]);
    let ids: Vec<u32> = (0..4).map(|_| add(&mut sim, "billing")).collect();
    sim.run_for(10_000);
    let counts: Vec<usize> = ids.iter().map(|c| owned(&sim, *c)).collect();
    assert_eq!(counts.iter().sum::<usize>(), 3, "every partition owned once: {counts:?}");
    assert_eq!(counts.iter().filter(|n| **n == 0).count(), 1, "the 4th consumer idles: {counts:?}");
    produce(&mut sim, 5);
    sim.run_for(10_000);
    let s = sim.ledger_summary();
    assert_eq!((s.consumed, s.consumed_again), (15, 0), "{s:?}");
    // A second group reads the same records independently.
    add(&mut sim, "analytics");
    sim.run_for(10_000);
    let s = sim.ledger_summary();
    assert_eq!(s.consumed, 15);
    let twice = sim.ledger().records().iter().filter(|r| r.consumed.len() == 2).count();
    assert_eq!(twice, 15, "each record once per group");
}

#[test]
fn killing_a_consumer_rebalances_after_the_session_timeout() {
    let mut sim = cluster(2, &[("auto.offset.reset", "earliest")]);
    let a = add(&mut sim, "g");
    let b = add(&mut sim, "g");
    sim.run_for(10_000);
    assert!(owned(&sim, a) > 0 && owned(&sim, b) > 0);
    let gen_before = sim.group_state("g").unwrap().1;
    sim.apply(Action::CrashConsumer { consumer: b }).unwrap();
    sim.run_for(30_000);
    assert_eq!(owned(&sim, a), 2, "not yet: session.timeout.ms is 45 s");
    sim.run_for(30_000);
    assert_eq!(owned(&sim, a), 3, "after the session timeout the survivor owns everything");
    assert!(sim.group_state("g").unwrap().1 > gen_before);
}

#[test]
fn crash_before_commit_redelivers_and_commit_before_processing_loses() {
    for (mode, again, lost_to_group) in [("after-processing", true, false), ("before-processing", false, true)] {
        let mut sim = cluster(3, &[("auto.offset.reset", "earliest"), ("sim.commit.mode", mode), ("sim.processing.ms.per.record", "200")]);
        let a = add(&mut sim, "g");
        sim.run_for(5_000);
        produce(&mut sim, 10);
        sim.run_for(1_500);
        // Crash in the middle of processing a poll's records.
        sim.apply(Action::CrashConsumer { consumer: a }).unwrap();
        add(&mut sim, "g");
        sim.run_for(120_000);
        let s = sim.ledger_summary();
        assert_eq!(s.consumed_again > 0, again, "{mode}: {s:?}");
        assert_eq!(s.consumed < 30, lost_to_group, "{mode}: {s:?}");
    }
}

#[test]
fn lag_is_log_end_minus_committed() {
    let mut sim = cluster(4, &[("auto.offset.reset", "earliest"), ("sim.processing.ms.per.record", "1000")]);
    add(&mut sim, "slow");
    sim.run_for(5_000);
    produce(&mut sim, 20);
    sim.run_for(8_000);
    let lag: u64 = sim.group_lag("slow").iter().map(|r| r.lag).sum();
    assert_eq!(lag, 60, "nothing committed yet while the first poll is processed: {lag}");
    let rows = sim.group_lag("slow");
    assert!(rows.iter().all(|r| r.log_end_offset == 20));
    // One poll takes all 60 records (max.poll.records=500) and 60 s to process; the commit
    // after it (auto commit at the next poll) brings the lag down.
    sim.run_for(70_000);
    let lag: u64 = sim.group_lag("slow").iter().map(|r| r.lag).sum();
    assert_eq!(lag, 0, "{:?}", sim.group_lag("slow"));
}

#[test]
fn static_member_restart_within_session_timeout_causes_no_rebalance() {
    let mut sim = cluster(5, &[("auto.offset.reset", "earliest")]);
    sim.apply(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: Some("host-a".into()) }).unwrap();
    sim.apply(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: Some("host-b".into()) }).unwrap();
    sim.run_for(10_000);
    let generation = sim.group_state("g").unwrap().1;
    sim.apply(Action::CrashConsumer { consumer: 2 }).unwrap();
    sim.run_for(10_000);
    sim.apply(Action::RestartConsumer { consumer: 2 }).unwrap();
    sim.run_for(10_000);
    assert_eq!(sim.group_state("g").unwrap().1, generation, "same generation: no rebalance");
    assert!(owned(&sim, 2) > 0, "it got its partitions back");
}

mod property {
    use super::*;
    use kafka_playground::sim::group::GroupState;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op { Add(bool), Crash(u32), Stop(u32), Restart(u32), Run(u64) }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => any::<bool>().prop_map(Op::Add),
            1 => (1u32..6).prop_map(Op::Crash),
            1 => (1u32..6).prop_map(Op::Stop),
            1 => (1u32..6).prop_map(Op::Restart),
            4 => (100u64..60_000).prop_map(Op::Run),
        ]
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 100, .. ProptestConfig::default() })]
        /// In a stable generation no partition has two owners, and when members exist every
        /// subscribed partition has one.
        #[test]
        fn stable_generations_own_each_partition_exactly_once(seed in any::<u64>(), cooperative in any::<bool>(),
                                                              ops in prop::collection::vec(op(), 1..16)) {
            let strategy = if cooperative { "cooperative-sticky" } else { "range" };
            let mut sim = cluster(seed, &[("partition.assignment.strategy", strategy)]);
            let mut n = 0u32;
            for op in &ops {
                let _ = match op {
                    Op::Add(static_member) => {
                        n += 1;
                        let instance_id = static_member.then(|| format!("host-{n}"));
                        sim.apply(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id })
                    }
                    Op::Crash(c) => sim.apply(Action::CrashConsumer { consumer: *c }),
                    Op::Stop(c) => sim.apply(Action::StopConsumer { consumer: *c }),
                    Op::Restart(c) => sim.apply(Action::RestartConsumer { consumer: *c }),
                    Op::Run(_) => Ok(Vec::new()),
                };
                let ms = if let Op::Run(ms) = op { *ms } else { 50 };
                for _ in 0..ms.div_ceil(500) {
                    sim.run_for(500);
                    if let Some((GroupState::Stable, generation, _)) = sim.group_state("g") {
                        let mut owned: Vec<usize> = sim.group_assignment("g").into_iter().flat_map(|(_, a)| a).collect();
                        let total = owned.len();
                        owned.sort_unstable();
                        owned.dedup();
                        prop_assert_eq!(owned.len(), total, "seed {} generation {}: a partition has two owners", seed, generation);
                        if !cooperative {
                            prop_assert_eq!(total, 3, "seed {} generation {}: every partition owned", seed, generation);
                        }
                    }
                }
            }
            // Settled: every partition is owned (cooperative may need its second round first).
            sim.run_for(120_000);
            if let Some((GroupState::Stable, _, _)) = sim.group_state("g") {
                let owned: usize = sim.group_assignment("g").iter().map(|(_, a)| a.len()).sum();
                prop_assert_eq!(owned, 3, "seed {}: settled group owns everything", seed);
            }
        }
    }
}

/// Burrow: a healthy consumer is OK, one that falls behind is WARNING, one that stops
/// committing is ERROR (partition STOPPED).
#[test]
fn burrow_verdicts_follow_the_consumer() {
    use kafka_playground::sim::burrow::{ConsumerStatus, PartitionStatus};
    let mut sim = cluster(6, &[("auto.offset.reset", "earliest"), ("auto.commit.interval.ms", "1000"),
        ("sim.processing.ms.per.record", "100"), ("max.poll.records", "10")]);
    let c = add(&mut sim, "g");
    sim.run_for(5_000);
    // Healthy: a few records now and then; the consumer catches up between them (lag 0 at times).
    for _ in 0..12 {
        produce(&mut sim, 2);
        sim.run_for(2_500);
    }
    assert_eq!(sim.burrow_status("g").0, ConsumerStatus::Ok, "{:?}", sim.burrow_status("g").1);
    // Overloaded: far more produced than the consumer can process.
    for _ in 0..45 {
        produce(&mut sim, 10);
        sim.run_for(1_000);
    }
    assert_eq!(sim.burrow_status("g").0, ConsumerStatus::Warning, "{:?}", sim.burrow_status("g").1);
    // Stopped: the consumer dies; no more commits while lag remains.
    sim.apply(Action::CrashConsumer { consumer: c }).unwrap();
    sim.run_for(40_000);
    let (status, parts) = sim.burrow_status("g");
    assert_eq!(status, ConsumerStatus::Error);
    assert!(parts.iter().any(|p| p.status == PartitionStatus::Stopped), "{parts:?}");
}

/// A worker pool behind poll(): records finish out of order, and commits run ahead of the
/// workers, so a crash loses records that were committed but never processed.
#[test]
fn worker_pool_reorders_and_commits_ahead() {
    let mut sim = cluster(7, &[("auto.offset.reset", "earliest"), ("sim.worker.threads", "4"),
        ("sim.processing.ms.per.record", "300"), ("auto.commit.interval.ms", "200")]);
    let c = add(&mut sim, "g");
    sim.run_for(5_000);
    produce(&mut sim, 20);
    sim.run_for(3_000);
    let s = sim.ledger_summary();
    assert!(s.consumed_out_of_order > 0, "workers finish out of order: {s:?}");
    let committed: u64 = sim.group_state("g").unwrap().2.iter().map(|(_, o)| *o).sum();
    assert!(committed > s.consumed, "commits ran ahead of processing: committed {committed} vs processed {}", s.consumed);
    sim.apply(Action::CrashConsumer { consumer: c }).unwrap();
    add(&mut sim, "g");
    sim.run_for(120_000);
    let s = sim.ledger_summary();
    assert!(s.consumed < 60, "records committed but never processed are lost to the group: {s:?}");
}

#[test]
fn auto_offset_reset_none_refuses_to_guess() {
    let mut sim = cluster(8, &[("auto.offset.reset", "none")]);
    produce(&mut sim, 3);
    add(&mut sim, "g");
    let events = sim.run_for(10_000);
    assert_eq!(sim.ledger_summary().consumed, 0, "nothing is read without a committed offset");
    let refused = events.iter().filter(|e| e.kind.name() == "NoOffsetForPartition").count();
    assert_eq!(refused, 3, "one NoOffsetForPartitionException per partition");
    assert!(sim.consumers()[0].positions.values().all(|p| p.is_none()), "positions stay unset");
}
