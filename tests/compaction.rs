//! Compaction end to end (cleanup.policy=compact): every replica's cleaner keeps the latest value
//! per key at its original offset, a reader sees only those, keyless records are refused with
//! INVALID_RECORD, compacted records are never counted as lost when leadership moves, and
//! altering a topic to compact starts the cleaner. Tombstones are lesson 23.

use kafka_playground::sim::event::EventKind;
use kafka_playground::sim::types::KafkaError;
use kafka_playground::sim::{Action, ClusterConfig, Sim, TopicSpec};

fn cluster(policy: Option<&str>) -> Sim {
    let mut t = TopicSpec::new("profiles", 1, 3);
    t.configs.insert("segment.bytes".into(), "280".into());
    if let Some(p) = policy {
        t.configs.insert("cleanup.policy".into(), p.into());
    }
    let mut c = ClusterConfig::with_brokers(3, vec![t]);
    c.set("log.cleaner.backoff.ms", "1000").unwrap();
    let mut s = Sim::new(c, 11).unwrap();
    s.run_for(1_000);
    s
}

fn produce(s: &mut Sim, key: &str, count: u32) -> Vec<EventKind> {
    let mut events = s.apply(Action::Produce { topic: "profiles".into(), key: Some(key.into()), value: None, count, partition: None, producer: None }).unwrap();
    events.extend(s.run_for(500));
    events.into_iter().map(|e| e.kind).collect()
}

#[test]
fn every_replica_keeps_the_latest_value_per_key_at_its_offset() {
    let mut s = cluster(Some("compact"));
    produce(&mut s, "alice", 5);
    produce(&mut s, "bob", 5);
    produce(&mut s, "carol", 1); // rolls the segment: offsets 0..10 become cleanable
    s.run_for(3_000);
    let readable: Vec<u64> = s.read(0, false).into_iter().map(|(o, _)| o).collect();
    assert_eq!(readable, vec![4, 9, 10], "alice's, bob's and carol's latest, offsets not renumbered");
    for b in 1..=3 {
        let log = &s.broker(b).unwrap().replicas[&0].log;
        assert_eq!(log.leo(), 11, "broker {b}");
        let holes = log.entries.iter().filter(|e| e.is_control()).count();
        assert_eq!(holes, 8, "broker {b} cleaned its own replica");
    }
    let compacted: Vec<u64> = s.ledger().records().iter().filter(|r| r.compacted.is_some()).map(|r| r.id).collect();
    assert_eq!(compacted, vec![1, 2, 3, 4, 6, 7, 8, 9]);

    // Leadership moves: the new leader lacks the compacted records, and that is not a loss.
    let leader = s.snapshot().partitions[0].leader.unwrap();
    s.apply(Action::CrashBroker { broker: leader }).unwrap();
    s.run_for(20_000);
    assert_ne!(s.snapshot().partitions[0].leader, Some(leader));
    assert_eq!(s.ledger_summary().lost, 0);
    assert_eq!(s.ledger_summary().compacted, 8);
}

#[test]
fn a_compacted_topic_refuses_records_without_a_key() {
    let mut s = cluster(Some("compact"));
    let mut events = s.apply(Action::Produce { topic: "profiles".into(), key: None, value: None, count: 1, partition: None, producer: None }).unwrap();
    events.extend(s.run_for(2_000));
    let failed = events.iter().any(|e| matches!(&e.kind, EventKind::DeliveryFailed { error: KafkaError::InvalidRecord, .. }));
    assert!(failed, "LogValidator: compacted topic cannot accept message without key");
    assert_eq!(s.snapshot().partitions[0].replicas[0].leo, 0);
}

#[test]
fn a_delete_topic_is_never_compacted_until_altered_to_compact() {
    let mut s = cluster(None);
    produce(&mut s, "alice", 10);
    produce(&mut s, "alice", 2);
    s.run_for(5_000);
    assert_eq!(s.read(0, false).len(), 12, "cleanup.policy=delete keeps every value");
    let mut events = s.apply(Action::AlterTopicConfig { topic: "profiles".into(), key: "cleanup.policy".into(), value: "compact".into() }).unwrap();
    events.extend(s.run_for(3_000));
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::LogCleaned { .. })), "the cleaner started");
    assert!(s.read(0, false).len() < 12);
    assert_eq!(s.ledger_summary().lost, 0);
}
