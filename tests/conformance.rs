//! Ground truth from Apache Kafka's own tests (shared/conformance): murmur2 key → partition and
//! config defaults. Reads `../shared/conformance` when present (CI puts shared/ beside the clone),
//! else the copy in tests/data/conformance.

use kafka_playground::sim::config::ClusterConfig;
use kafka_playground::sim::defaults::{default_of, CONSTANTS};
use kafka_playground::sim::partitioner::{murmur2, partition_for_key};
use serde_json::Value;
use std::path::PathBuf;

fn load(name: &str) -> Value {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/conformance").join(name);
    let path = if shared.exists() { shared } else { root.join("tests/data/conformance").join(name) };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn vendored_copy_matches_shared_when_both_exist() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for name in ["murmur2.json", "config_defaults.json", "assignors.json"] {
        let shared = root.join("../shared/conformance").join(name);
        if shared.exists() {
            let a = std::fs::read(&shared).unwrap();
            let b = std::fs::read(root.join("tests/data/conformance").join(name)).unwrap();
            assert_eq!(a, b, "tests/data/conformance/{name} is stale; copy it from shared/conformance");
        }
    }
}

#[test]
fn murmur2_vectors() {
    let v = load("murmur2.json");
    let vectors = v["murmur2_test_vectors"].as_array().unwrap();
    assert!(!vectors.is_empty());
    for t in vectors {
        let input = t["input_utf8"].as_str().unwrap();
        assert_eq!(murmur2(input.as_bytes()) as i64, t["murmur2"].as_i64().unwrap(), "murmur2({input:?})");
    }
}

#[test]
fn key_to_partition_cases() {
    let v = load("murmur2.json");
    let cases = v["cases"].as_array().unwrap();
    let mut checked = 0;
    for c in cases {
        let key = c["key"].as_str().unwrap();
        assert_eq!(murmur2(key.as_bytes()) as i64, c["murmur2"].as_i64().unwrap(), "murmur2({key:?})");
        for (n, p) in c["partition"].as_object().unwrap() {
            let n: u32 = n.parse().unwrap();
            assert_eq!(partition_for_key(key, n) as u64, p.as_u64().unwrap(), "key {key:?} with {n} partitions");
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} key/partition pairs checked");
}

fn render(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(render).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

#[test]
fn config_defaults_match_kafka() {
    let v = load("config_defaults.json");
    let mut checked = 0;
    for (section, scope) in [("producer", "producer"), ("consumer", "consumer"), ("broker_topic", "broker")] {
        for item in v[section].as_array().unwrap() {
            let key = item["key"].as_str().unwrap();
            let expected = item.get("default_kafka_4_0_plus").or_else(|| item.get("default")).unwrap();
            let ours = default_of(scope, key).unwrap_or_else(|| panic!("no default for {scope} {key}"));
            assert_eq!(ours, render(expected), "{scope} {key}");
            checked += 1;
        }
    }
    for item in v["constants"].as_array().unwrap() {
        let name = item["name"].as_str().unwrap();
        let ours = CONSTANTS.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("constant {name}")).1;
        assert_eq!(ours, item["value"].as_i64().unwrap(), "{name}");
        checked += 1;
    }
    assert!(checked > 20);
}

/// The simulator's live defaults are the ones in the table.
#[test]
fn live_structs_use_the_table() {
    let c = ClusterConfig::default();
    let p = &c.producer;
    let b = &c.broker;
    let k = &c.consumer;
    let pairs: Vec<(&str, &str, String)> = vec![
        ("producer", "acks", p.acks.name().to_string()),
        ("producer", "enable.idempotence", p.idempotence().to_string()),
        ("producer", "retries", p.retries.to_string()),
        ("producer", "delivery.timeout.ms", p.delivery_timeout_ms.to_string()),
        ("producer", "max.in.flight.requests.per.connection", p.max_in_flight_requests_per_connection.to_string()),
        ("producer", "linger.ms", p.linger_ms.to_string()),
        ("producer", "batch.size", p.batch_size.to_string()),
        ("producer", "request.timeout.ms", p.request_timeout_ms.to_string()),
        ("producer", "retry.backoff.ms", p.retry_backoff_ms.to_string()),
        ("consumer", "request.timeout.ms", k.request_timeout_ms.to_string()),
        ("consumer", "default.api.timeout.ms", k.default_api_timeout_ms.to_string()),
        ("consumer", "retry.backoff.ms", k.retry_backoff_ms.to_string()),
        ("consumer", "retry.backoff.max.ms", k.retry_backoff_max_ms.to_string()),
        ("consumer", "session.timeout.ms", k.session_timeout_ms.to_string()),
        ("consumer", "auto.commit.interval.ms", k.auto_commit_interval_ms.to_string()),
        ("broker", "replica.lag.time.max.ms", b.replica_lag_time_max_ms.to_string()),
        ("broker", "unclean.leader.election.enable", b.unclean_leader_election_enable.to_string()),
        ("broker", "min.insync.replicas", b.min_insync_replicas.to_string()),
        ("broker", "replica.fetch.wait.max.ms", b.replica_fetch_wait_max_ms.to_string()),
        ("broker", "replica.fetch.backoff.ms", b.replica_fetch_backoff_ms.to_string()),
        ("broker", "replica.socket.timeout.ms", b.replica_socket_timeout_ms.to_string()),
        ("broker", "broker.heartbeat.interval.ms", b.broker_heartbeat_interval_ms.to_string()),
        ("broker", "broker.session.timeout.ms", b.broker_session_timeout_ms.to_string()),
    ];
    for (scope, key, live) in pairs {
        assert_eq!(Some(live.as_str()), default_of(scope, key), "{scope} {key}");
    }
}
