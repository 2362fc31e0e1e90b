//! Input limits: huge numbers in configs, links, lessons and command lines are refused in words,
//! quickly, without a big allocation (each was a fuzz finding or sits next to one); and the
//! runs the fuzzer found spinning, bounded.

use super::guards::memory;
use super::targets;
use std::time::{Duration, Instant};

fn quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let base = memory::start();
    let t = Instant::now();
    let out = f();
    assert!(t.elapsed() < Duration::from_secs(10), "{what}: took {:?}", t.elapsed());
    assert!(memory::peak_since(base) < 64 << 20, "{what}: allocated {} MB", memory::peak_since(base) >> 20);
    out
}

fn lesson_with(cluster: &str, actions: &str) -> String {
    format!("id = \"x\"\nchapter = 0\ntitle = {{ en = \"t\", ko = \"t\" }}\nsummary = {{ en = \"s\", ko = \"s\" }}\nseed = 1\n\
        [cluster]\n{cluster}\n[[step]]\nsay = {{ en = \"a\", ko = \"a\" }}\ndo = [{actions}]\n")
}

const ORDERS: &str = "brokers = 3\n[[cluster.topics]]\nname = \"orders\"\npartitions = 3\nreplication_factor = 3";

fn lesson_error(src: &str) -> String {
    let e = quick(src, || kafka_playground::lesson::parse(src, "big.toml")).expect_err(src);
    assert!(e.pos.line >= 1, "{e}");
    e.to_string()
}

#[test]
fn huge_numbers_in_lessons_are_errors_with_a_line() {
    for (brokers, line) in [("10000", 7), ("4294967295", 7), ("1e9", 7), ("[{ id = 1 }, { id = 1 }]", 7)] {
        let e = lesson_error(&lesson_with(&format!("brokers = {brokers}"), "\"run 1s\""));
        assert!(e.starts_with(&format!("big.toml:{line}:")) && e.to_lowercase().contains("broker"), "{brokers}: {e}");
    }
    let e = lesson_error(&lesson_with("brokers = 3\n[[cluster.topics]]\nname = \"t\"\npartitions = 1000000000\nreplication_factor = 1", "\"run 1s\""));
    assert!(e.starts_with("big.toml:8:") && e.contains("partitions"), "{e}");
    for (action, needle) in [
        ("\"add_partitions orders 1000000000\"", "partitions"),
        ("\"add_partitions orders 4294967296\"", "partition count"),
        ("\"produce orders count=1000000000\"", "count"),
        ("\"run 1000000000s\"", "24h"),
        ("\"step 4294967296\"", "step"),
        ("\"repeat 1000000000: run 1s\"", "repeat"),
        ("\"repeat 2000: run 1440m\"", "virtual time"),
        ("\"run 1440m\", \"run 1440m\", \"wait_until orders-0.leader == 3 within 1440m\"", "virtual time"),
        ("\"set linger.ms=18446744073709551615\"", "linger.ms"),
        ("\"set request.timeout.ms=4294967296\"", "request.timeout.ms"),
        ("\"stall_replication 1 1000000000s\"", "24h"),
    ] {
        let e = lesson_error(&lesson_with(ORDERS, action));
        assert!(e.starts_with("big.toml:14:") && e.contains(needle), "{action}: {e}");
    }
}

#[test]
fn huge_numbers_in_links_are_errors() {
    use kafka_playground::sim::{ClusterConfig, Lang, TopicSpec};
    use kafka_playground::stage::base64url;
    use kafka_playground::stage::session::Session;
    let link = |json: String| format!("1.{}", base64url::encode(json.as_bytes()));
    let with_config = |c: &ClusterConfig| link(format!(r#"{{"seed":1,"mark":[0,0,0],"script":[],"config":{}}}"#, serde_json::to_string(c).unwrap()));
    let mut many_brokers = ClusterConfig::default();
    many_brokers.brokers = (1..=300).map(|id| kafka_playground::sim::BrokerSpec { id, rack: None }).collect();
    let cases = [
        (with_config(&ClusterConfig::with_brokers(3, vec![TopicSpec::new("orders", 1_000_000_000, 3)])), "partitions"),
        (with_config(&many_brokers), "brokers"),
        (with_config(&{ let mut c = ClusterConfig::default(); c.producer.linger_ms = u64::MAX; c }), "linger_ms"),
        (with_config(&{ let mut c = ClusterConfig::default(); c.net.latency_max_ms = u64::MAX; c }), "latency_max_ms"),
        (link(r#"{"seed":1,"mark":[20000000,0,0],"script":[]}"#.into()), "queue items"),
        (link(r#"{"seed":1,"mark":[0,0,1],"script":[[0,0,{"action":"add_partitions","topic":"orders","partitions":1000000000}]]}"#.into()), "partitions"),
    ];
    for (text, needle) in cases {
        let e = quick(needle, || Session::decode(&text).and_then(|s| s.replay().map(|_| ()))).expect_err(needle);
        assert!(e.text(Lang::En).contains(needle), "{needle}: {}", e.text(Lang::En));
    }
}

#[test]
fn huge_numbers_in_commands_are_errors() {
    use kafka_playground::sim::{ClusterConfig, Lang};
    use kafka_playground::terminal::Terminal;
    let mut sim = targets::terminal_cluster(0);
    let b = "--bootstrap-server localhost:9092";
    for (line, needle) in [
        (format!("kafka-topics.sh {b} --create --topic big --partitions 1000000000"), "partitions"),
        (format!("kafka-topics.sh {b} --create --topic big --partitions 4294967296"), "partitions"),
        (format!("kafka-topics.sh {b} --create --topic big --replication-factor 10000"), "eplication"),
        (format!("kafka-topics.sh {b} --alter --topic orders --partitions 2147483647"), "partitions"),
        (format!("kafka-configs.sh {b} --alter --entity-type brokers --entity-default --add-config replica.lag.time.max.ms=18446744073709551615"), "replica.lag.time.max.ms"),
        (format!("kafka-console-consumer.sh {b} --topic orders --max-messages 4294967296"), "max-messages"),
        ("sleep 1e12".to_string(), "sleep"),
    ] {
        let out = quick(&line, || Terminal::new(Lang::En).run(&mut sim, &line));
        assert_ne!(out.exit_code, 0, "{line}");
        assert!(format!("{}{}", out.stdout, out.stderr).contains(needle), "{line}: {out:?}");
    }
    let mut c = ClusterConfig::default();
    for key in ["linger.ms", "request.timeout.ms", "buffer.memory", "batch.size", "sim.latency.max.ms", "session.timeout.ms"] {
        let e = c.set(key, "18446744073709551615").expect_err(key);
        assert!(e.key == key && e.message.contains(key), "{e:?}");
    }
}

/// Fuzz finding: with every broker down a consumer asked for its coordinator again the moment the
/// lookup was refused, ~250 times a second (an event log growing without end).
#[test]
fn a_consumer_that_reaches_nobody_backs_off() {
    use kafka_playground::sim::{Action, ClusterConfig, EventKind, MsgKind, Sim, TopicSpec};
    let mut sim = Sim::new(ClusterConfig::with_brokers(1, vec![TopicSpec::new("orders", 2, 1)]), 1).unwrap();
    sim.run_for(4_000);
    sim.apply(Action::CrashBroker { broker: 1 }).unwrap();
    sim.apply(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: None }).unwrap();
    sim.apply(Action::AddShareConsumer { group: "s".into(), topics: vec![] }).unwrap();
    let events = sim.run_for(10_000);
    let lookups = events.iter().filter(|e| matches!(e.kind, EventKind::Sent { kind: MsgKind::FindGroupCoordinator, .. })).count();
    // retry.backoff.ms is 100: 280 lookups for the two consumers in 10 s (they were 5,000).
    assert!(lookups <= 400, "{lookups} lookups in 10 s");
}
