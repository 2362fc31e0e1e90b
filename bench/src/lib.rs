//! Workloads shared by the benchmarks (`benches/sim.rs`) and the budget report (`scripts/bench.sh`).

use kafka_playground::sim::timeline::Timeline;
use kafka_playground::sim::{Action, ClusterConfig, EventKind, Sim};

/// P1: `records` produced with acks=all into RF 3, fully replicated, and consumed by a group.
/// Returns the simulator at the end (every record consumed) for checking.
pub fn produce_replicate_consume(records: u32, seed: u64) -> Sim {
    let mut c = ClusterConfig::default();
    for (k, v) in [("offsets.topic.num.partitions", "3"), ("auto.offset.reset", "earliest"), ("sim.processing.ms.per.record", "0"),
                   ("max.poll.records", "500"), ("linger.ms", "5")] {
        c.set(k, v).expect("valid bench config");
    }
    let mut sim = Sim::new(c, seed).expect("valid cluster");
    sim.apply(Action::AddConsumer { group: "bench".into(), topics: vec![], instance_id: None }).expect("consumer");
    sim.run_for(5_000);
    let consumed = |evs: Vec<kafka_playground::sim::Event>| evs.iter().map(|e| match &e.kind {
        EventKind::RecordsConsumed { records, .. } => records.len(),
        _ => 0,
    }).sum::<usize>();
    let mut left = records;
    let mut seen = 0usize;
    while left > 0 {
        let n = left.min(10_000);
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: Some("v".into()), count: n, partition: None, producer: None })
            .expect("produce");
        left -= n;
        seen += consumed(sim.run_for(200));
    }
    for _ in 0..600 {
        if seen >= records as usize {
            break;
        }
        seen += consumed(sim.run_for(100));
    }
    sim
}

/// P6: a run of at least `events` events (produce, a crash, a restart, consumers) recorded in a
/// timeline, ready for seeking, with the points it passed (seek targets).
pub fn long_run(events: usize, seed: u64) -> (Sim, Timeline, Vec<kafka_playground::sim::Mark>) {
    let mut c = ClusterConfig::default();
    c.set("offsets.topic.num.partitions", "3").expect("valid");
    c.set("auto.offset.reset", "earliest").expect("valid");
    let mut sim = Sim::new(c, seed).expect("valid cluster");
    let mut tl = Timeline::new(&sim);
    let mut seen = 0usize;
    let mut round = 0u32;
    let mut marks = Vec::new();
    let e = sim.apply(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: None }).expect("consumer");
    tl.observe(&sim, &e);
    while seen < events {
        round += 1;
        let action = match round % 50 {
            17 => Action::CrashBroker { broker: 1 + round % 3 },
            37 => Action::RestartBroker { broker: 1 + (round - 20) % 3 },
            _ => Action::Produce { topic: "orders".into(), key: None, value: None, count: 20, partition: None, producer: None },
        };
        let e = sim.apply(action).unwrap_or_default();
        seen += e.len();
        tl.observe(&sim, &e);
        for _ in 0..10 {
            let e = sim.run_for(100);
            seen += e.len();
            tl.observe(&sim, &e);
            marks.push(sim.mark());
        }
    }
    (sim, tl, marks)
}
