//! Workloads shared by the benchmarks (`benches/sim.rs`) and the budget report (`scripts/bench.sh`).

use kafka_playground::sim::timeline::Timeline;
use kafka_playground::sim::{Action, ClusterConfig, Sim};

/// P1's workload lives in the main crate so the wasm build can run it too (P2).
pub use kafka_playground::workload::produce_replicate_consume;

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
