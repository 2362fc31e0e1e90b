//! P2: P1's workload (`kafka_playground::workload`) in WebAssembly inside headless Chromium.
//! Not part of the test command: `scripts/bench.sh` runs it right after the native P1 and prints
//! the ratio. It prints `P2 records_per_s=<n>` (the best of three runs) on the console.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown \
//!     --features ui --test wasm_p2 -- --nocapture
//! (`--release`: the profile the app ships with, opt-level "z".)
#![cfg(target_arch = "wasm32")]

use kafka_playground::workload::produce_replicate_consume;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RECORDS: u32 = 20_000;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
fn p2_produce_replicate_consume_in_wasm() {
    let mut best = f64::MAX;
    for seed in 1..=3 {
        let t0 = now_ms();
        let sim = produce_replicate_consume(RECORDS, seed);
        let ms = now_ms() - t0;
        // The workload did what P1 measures: every record acknowledged and consumed.
        let s = sim.ledger_summary();
        assert_eq!((s.acknowledged, s.consumed), (RECORDS as u64, RECORDS as u64));
        best = best.min(ms);
    }
    let rate = (RECORDS as f64 / (best / 1000.0)).round();
    console_log!("P2 records_per_s={rate}");
}
