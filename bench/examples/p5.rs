//! P5, the simulator's half: 30 brokers × 1,000 partitions at RF 3 under produce traffic; times
//! one step (one queue item) plus the snapshot the board redraws from, natively, and prints
//! `{"partitions":…,"steps":…,"p50_ms":…,"p95_ms":…,"max_ms":…}`. The browser's re-render is not in
//! this figure (scripts/bench.sh says so).
//!
//!   cargo run --release -p kplay-bench --example p5
use kafka_playground::sim::{Action, ClusterConfig, Sim, TopicSpec};
use std::time::Instant;

fn main() {
    let mut c = ClusterConfig::with_brokers(30, vec![TopicSpec::new("orders", 1_000, 3)]);
    c.set("offsets.topic.num.partitions", "3").expect("valid");
    let mut sim = Sim::new(c, 5).expect("a valid 30-broker cluster");
    sim.run_for(5_000);
    let mut times = Vec::new();
    for round in 0..40u32 {
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 50, partition: Some(round * 7 % 1_000), producer: None })
            .expect("produce");
        for _ in 0..50 {
            let t = Instant::now();
            sim.step();
            let snap = sim.snapshot();
            times.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(snap);
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let q = |f: f64| times[((times.len() as f64 * f) as usize).min(times.len() - 1)];
    println!(
        "{{\"partitions\":{},\"steps\":{},\"p50_ms\":{:.2},\"p95_ms\":{:.2},\"max_ms\":{:.2}}}",
        sim.topology().partitions.len(), times.len(), q(0.5), q(0.95), times[times.len() - 1]
    );
}
