//! Browser tests: the simulator compiled to wasm32 and run inside headless Chromium.
//!
//! Run with:
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --features ui --test web
//! (`.cargo/config.toml` sets wasm-bindgen-test-runner as the wasm32 runner.)
#![cfg(target_arch = "wasm32")]

use kafka_playground::sim::{ClusterConfig, Sim};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Indexes of the partitions of `topic`, by partition number.
fn partitions_of(sim: &Sim, topic: &str) -> Vec<usize> {
    sim.topology()
        .topics
        .get(topic)
        .unwrap_or_else(|| panic!("topic {topic} missing from the topology"))
        .clone()
}

#[wasm_bindgen_test]
fn default_cluster_elects_a_leader_for_every_orders_partition() {
    let mut sim = Sim::new(ClusterConfig::default(), 42).expect("default config is valid");
    sim.run_for(5_000);
    let snap = sim.snapshot();
    let parts = partitions_of(&sim, "orders");
    assert!(!parts.is_empty(), "topic orders has no partitions");
    for (n, &i) in parts.iter().enumerate() {
        assert!(
            snap.partitions[i].leader.is_some(),
            "orders-{n} has no leader after 5 s of virtual time"
        );
    }
}

#[wasm_bindgen_test]
fn same_seed_gives_the_same_run_in_the_browser() {
    let run = |seed| {
        let mut sim = Sim::new(ClusterConfig::default(), seed).expect("default config is valid");
        let events = sim.run_for(5_000);
        (format!("{events:?}"), sim.now())
    };
    let (a, ta) = run(7);
    let (b, tb) = run(7);
    assert_eq!(ta, tb, "virtual clocks differ for the same seed");
    assert!(a == b, "two runs with seed 7 produced different events");
}

#[cfg(feature = "ui")]
#[wasm_bindgen_test]
fn the_runner_really_is_a_browser() {
    // run_in_browser: a window with a document must exist (this would fail under Node).
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("no window.document: not running in a browser");
    let main = document.create_element("main").expect("create <main>");
    main.set_attribute("data-testid", "web-rs-probe").unwrap();
    document.body().expect("<body>").append_child(&main).unwrap();
    assert!(document
        .query_selector("[data-testid=web-rs-probe]")
        .unwrap()
        .is_some());
    main.remove();
}
