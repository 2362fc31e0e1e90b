//! Benchmark workloads that must run both natively and in WebAssembly: P1 (criterion, in
//! `bench/`) and P2 (the same workload in headless Chromium, `tests/wasm_p2.rs`) measure this
//! one function, so their ratio compares like with like. Pure simulator code.

use crate::sim::{Action, ClusterConfig, EventKind, Sim};

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
    let consumed = |evs: Vec<crate::sim::Event>| evs.iter().map(|e| match &e.kind {
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

