//! Criterion benchmarks: P1 simulator throughput (acks=all, RF 3, replicated and consumed) and
//! P6 seek in a 100,000-event run. Run: `bash scripts/bench.sh` (prints the budget table).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kplay_bench::{long_run, produce_replicate_consume};

const P1_RECORDS: u32 = 20_000;

fn p1_throughput(c: &mut Criterion) {
    let mut g = c.benchmark_group("p1");
    g.sample_size(10);
    g.throughput(Throughput::Elements(P1_RECORDS as u64));
    g.bench_function("produce_replicate_consume", |b| b.iter(|| {
        let sim = produce_replicate_consume(P1_RECORDS, 7);
        assert_eq!(sim.ledger_summary().consumed, P1_RECORDS as u64, "the workload must finish");
    }));
    g.finish();
}

fn p6_seek(c: &mut Criterion) {
    let (_sim, tl, marks) = long_run(100_000, 3);
    let mut g = c.benchmark_group("p6");
    g.sample_size(20);
    let mut i = 0u64;
    g.bench_function("seek_100k_event_run", |b| b.iter_batched(|| {
        // Spread the targets over the run; the worst case is just before a checkpoint.
        i = (i + 7_919) % marks.len() as u64;
        marks[i as usize]
    }, |m| tl.seek(m).expect("seek"), BatchSize::SmallInput));
    g.finish();
}

criterion_group!(benches, p1_throughput, p6_seek);
criterion_main!(benches);
