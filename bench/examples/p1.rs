//! One P1 run, for profiling: `cargo run --release -p kplay-bench --example p1`.
fn main() {
    let n: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let t = std::time::Instant::now();
    let sim = kplay_bench::produce_replicate_consume(n, 7);
    let dt = t.elapsed();
    println!("{n} records in {:?}: {:.0} records/s (consumed {})", dt, n as f64 / dt.as_secs_f64(), sim.ledger_summary().consumed);
}
