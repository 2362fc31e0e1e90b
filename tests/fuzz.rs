//! Fuzzing on stable Rust: a proptest byte-fuzzer over the lesson parser and runner, the
//! share-link session decoder and replay, the terminal's command lines, arbitrary action
//! sequences on the simulator and `ClusterConfig::set`. The property is "no panic, no hang, no
//! runaway allocation, and every refusal says what was wrong" (`fuzz_support/targets.rs`);
//! `fuzz_support/limits.rs` pins the huge-number refusals the fuzzer led to.
//!
//! - Seeds: `tests/fuzz/corpus/{lesson,session,terminal,actions}/`, mutated by shrinkable edits
//!   (`fuzz_support/mutate.rs`); each file is also replayed as is (`corpus_*`). Terminal lines
//!   and actions are also built from the tools' own flags and the `Action` enum.
//! - Smoke run, part of `cargo test`: a few hundred cases per target from a fixed seed, so a CI
//!   failure is the same on every run. Failures found before are replayed first from
//!   `tests/fuzz.proptest-regressions` (commit new lines with their fix).
//! - Long run: `FUZZ_CASES=20000 cargo test --locked --test fuzz -- --nocapture` (the test
//!   profile keeps overflow checks on; `--release` runs faster but lets overflows wrap). It
//!   takes a random seed and prints it; `FUZZ_SEED=<n>` repeats a run; `fuzz_<target>` runs one.
//! - `FUZZ_SLOW_MS` (default 20000): a slower case fails and is shrunk to a small slow input.
//!   `FUZZ_HANG_S` (default 300): the run stops, printing the input. `FUZZ_MAX_MB` (default
//!   512): a case that allocates more at its peak fails; one allocation over 1 GiB aborts,
//!   printing the input.
#![cfg(not(target_arch = "wasm32"))]

#[path = "fuzz_support/actions.rs"]
mod actions;
#[path = "fuzz_support/guards.rs"]
mod guards;
#[path = "fuzz_support/limits.rs"]
mod limits;
#[path = "fuzz_support/mutate.rs"]
mod mutate;
#[path = "fuzz_support/targets.rs"]
mod targets;
#[path = "fuzz_support/terminal.rs"]
mod terminal;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestCaseError, TestRunner};
use std::fmt::Debug;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// The runner.

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Cases for one target: `FUZZ_CASES`, else the smoke run's count.
fn cases(smoke: u32) -> u32 {
    env_u64("FUZZ_CASES").map_or(smoke, |n| n.min(u32::MAX as u64) as u32)
}

/// The smoke run's fixed seed (any number works; this one spells "kafka").
const SMOKE_SEED: u64 = 0x6b_61_66_6b_61;

fn seed(target: &str) -> u64 {
    if let Some(s) = env_u64("FUZZ_SEED") {
        return s;
    }
    if std::env::var_os("FUZZ_CASES").is_none() {
        return SMOKE_SEED;
    }
    let s = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64);
    eprintln!("fuzz {target}: seed {s} (FUZZ_SEED={s} repeats this run)");
    s
}

/// Runs `body` on `cases` inputs of `strategy`; a panic, an `Err`, a slow case or a big
/// allocation fails the test with the smallest input proptest can shrink it to.
fn fuzz<S: Strategy>(target: &str, smoke: u32, strategy: S, body: impl Fn(&S::Value) -> Result<(), String>)
where
    S::Value: Debug,
{
    let config = Config {
        cases: cases(smoke),
        rng_seed: RngSeed::Fixed(seed(target)),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("tests/fuzz.proptest-regressions"))),
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let slow = Duration::from_millis(env_u64("FUZZ_SLOW_MS").unwrap_or(20_000));
    let hang = Duration::from_secs(env_u64("FUZZ_HANG_S").unwrap_or(300));
    let max_bytes = env_u64("FUZZ_MAX_MB").unwrap_or(512) as usize * 1024 * 1024;
    let started = Instant::now();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |input| {
        let _armed = guards::watchdog::arm(target, format!("{input:#?}"), hang);
        let base = guards::memory::start();
        let t = Instant::now();
        body(&input).map_err(TestCaseError::fail)?;
        let took = t.elapsed();
        let peak = guards::memory::peak_since(base);
        if took > slow {
            return Err(TestCaseError::fail(format!("one case took {took:?} (FUZZ_SLOW_MS is {} ms)", slow.as_millis())));
        }
        if peak > max_bytes {
            return Err(TestCaseError::fail(format!("one case allocated {} MB at its peak (FUZZ_MAX_MB is {})", peak >> 20, max_bytes >> 20)));
        }
        Ok(())
    });
    eprintln!("fuzz {target}: {} cases in {:.1?}", cases(smoke), started.elapsed());
    if let Err(e) = result {
        panic!("fuzz {target}: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// The targets. Smoke counts keep the whole file near 30 s in the test profile on 2 cores.

const LESSON_DICT: &[&str] = &[
    "[[step]]", "[cluster]", "[[cluster.topics]]", "[step.predict]", "do = [", "expect = [", "\"repeat 2000: ", "repeat 3: ",
    "run 1440m", "run 86400s", "run 0", "wait_until ", " within 1440m", "step 100000", "brokers = ", "partitions = ",
    "replication_factor = ", "assignment = [[1, 2, 3]]", "rack = \"a\"", "brokers = [{ id = 1 }, { id = 1 }]", "configs = { ",
    "produce orders count=10000", "produce orders-0 ", "crash 1", "restart 1", "stop 2", "isolate controller", "heal 1",
    "drop_next Fetch", "delay_next Produce 1h", "change_addresses", "zk_stop 1", "set linger.ms=", "set acks=0",
    "add_partitions orders ", "elect_preferred", "reassign orders-0 1,2", "restart_producer", "add_producer transactional.id=t",
    "begin_txn", "commit_txn", "abort_txn", "add_consumer group=g", "add_share_consumer group=s", "crash_consumer 1",
    "stall_consumer 1 1h", "slow_consumer 1 ", "stall_replication 2 ", "term kafka-topics.sh --list",
    "term kafka-consumer-groups.sh --describe --all-groups", "ledger.acknowledged_lost == 0", "orders-0.leader == 1",
    "orders-0.isr.size >= 2", "group.g.lag == 0", "events.LeaderElected >= 1", "compare = \"acks\"", "compare = \"acks:1:all\"",
    "answer = ", "choices = [", "{ en = \"a\", ko = \"b\" }", "check = ", "seed = ", "chapter = ", "\"sim.latency.max.ms\" = ",
    "\"offsets.topic.num.partitions\" = ", "\"sim.zookeeper.servers\" = ", "\"sim.metadata.mode\" = \"zookeeper\"",
];

const SESSION_DICT: &[&str] = &[
    "1.", "2.", "=", "-", "_", "A", "\"seed\":", "\"mark\":[", "\"script\":[", "\"config\":", "[0,0,{\"action\":\"crash_broker\",\"broker\":1}]",
    "{\"action\":\"produce\",\"topic\":\"orders\",\"count\":10000}", "{\"action\":\"set_config\",\"key\":\"linger.ms\",\"value\":\"18446744073709551615\"}",
    "{\"action\":\"add_partitions\",\"topic\":\"orders\",\"partitions\":1000000000}", "\"partitions\":", "\"replication_factor\":",
    "\"brokers\":[{\"id\":1,\"rack\":null}]", "\"latency_max_ms\":", "\"offsets_topic_num_partitions\":", "\"servers\":", "null", "[]", "{}",
];

fn session_input() -> impl Strategy<Value = String> {
    let seeds = mutate::seeds("session");
    prop_oneof![
        1 => mutate::input(seeds, SESSION_DICT),
        2 => (any::<mutate::Index>(), proptest::collection::vec(mutate::edit(SESSION_DICT), 1..6)).prop_map(move |(s, edits)| {
            let seed = &seeds[((seeds.len() as u64 * s as u64) >> 32) as usize];
            targets::with_json(seed, |json| mutate::apply(json, &edits, &[]))
        }),
    ]
}

#[test]
fn fuzz_lesson() {
    fuzz("lesson", 600, mutate::input(mutate::seeds("lesson"), LESSON_DICT), |t| targets::lesson(t));
}

#[test]
fn fuzz_session() {
    fuzz("session", 600, session_input(), |t| targets::session(t));
}

#[test]
fn fuzz_terminal() {
    let lang = prop_oneof![Just(kafka_playground::sim::Lang::En), Just(kafka_playground::sim::Lang::Ko)];
    fuzz("terminal", 600, (0u8..4, lang, any::<bool>(), terminal::script()), |(setup, lang, copy, lines)| {
        targets::terminal(*setup, *lang, *copy, lines)
    });
}

const ACTIONS_DICT: &[&str] = &[
    "run 600000", "step", "items 2000", "notable 600000", "snapshot", "set ", "seed ", "brokers 2", "\"broker\":", "\"count\":",
    "\"ms\":", "\"partitions\":", "\"replicas\":[", "\"consumer\":", "\"producer\":", "\"topic\":\"", "\"group\":\"",
    "{\"action\":\"", "crash_broker", "restart_broker", "add_partitions", "create_topic", "set_config", "add_consumer",
    "add_share_consumer", "reset_group_offsets", "\"Controller\"", "{\"Broker\":1}", "\"kind\":\"Fetch\"",
];

#[test]
fn fuzz_actions() {
    let from_corpus = mutate::input(mutate::seeds("actions"), ACTIONS_DICT).prop_map(|t| targets::parse_run(&t));
    fuzz("actions", 48, prop_oneof![actions::run(), from_corpus], targets::actions);
}

#[test]
fn fuzz_config_set() {
    // `ClusterConfig::set` with any key and value, then `validate`: refusals name the key.
    fuzz("config_set", 2_000, proptest::collection::vec(actions::setting(), 1..8), |sets| {
        let mut c = kafka_playground::sim::ClusterConfig::default();
        for (k, v) in sets {
            if let Err(e) = c.set(k, v) {
                if e.key != *k {
                    return Err(format!("set({k:?}, {v:?}) blames {:?}", e.key));
                }
            }
        }
        let _ = c.validate();
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// The corpora, replayed as they are (quick, and each file a regression test of its own).

fn replay_corpus(target: &'static str, body: impl Fn(&str) -> Result<(), String>) {
    let files = mutate::load(target);
    assert!(!files.is_empty(), "tests/fuzz/corpus/{target} is empty");
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = body(&text) {
            panic!("tests/fuzz/corpus/{target}/{name}: {e}");
        }
    }
}

#[test]
fn corpus_lessons() {
    replay_corpus("lesson", targets::lesson);
}

#[test]
fn corpus_sessions() {
    replay_corpus("session", targets::session);
}

#[test]
fn corpus_actions() {
    replay_corpus("actions", |t| {
        let run = targets::parse_run(t);
        if run.ops.len() < t.lines().filter(|l| l.trim_start().starts_with('{')).count() {
            return Err("an action line does not read as an Action".into());
        }
        targets::actions(&run)
    });
}

/// Writes `tests/fuzz/corpus/session/` from the actions corpus: each run shared as a link
/// (`cargo test --test fuzz -- --ignored write_session_corpus` after a format change).
#[test]
#[ignore]
fn write_session_corpus() {
    use kafka_playground::stage::session::Session;
    let dir = mutate::corpus_dir("session");
    for (name, bytes) in mutate::load("actions") {
        let run = targets::parse_run(&String::from_utf8_lossy(&bytes));
        let sim = targets::run_ops(&run).expect("the actions corpus starts");
        let text = Session::of(&sim).encode();
        std::fs::write(dir.join(name.replace(".txt", ".link")), text + "\n").unwrap();
    }
}

#[test]
fn corpus_terminal_scripts() {
    replay_corpus("terminal", |t| {
        let lines: Vec<String> = t.lines().map(str::to_string).collect();
        targets::terminal(0, kafka_playground::sim::Lang::En, false, &lines)?;
        targets::terminal(1, kafka_playground::sim::Lang::Ko, true, &lines)
    });
}


