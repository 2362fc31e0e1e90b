//! Retention end to end (cleanup.policy=delete): size-based deletion moves the log start offset,
//! a follower that comes back below the leader's log start truncates fully and starts there
//! (OFFSET_OUT_OF_RANGE), and deleted records are never counted as lost when leadership moves.
//! The time-based case and a consumer's OFFSET_OUT_OF_RANGE are lesson 21.

use kafka_playground::sim::event::EventKind;
use kafka_playground::sim::{Action, ClusterConfig, Sim, TopicSpec};

fn cluster() -> Sim {
    let mut t = TopicSpec::new("orders", 1, 3);
    // About 24 bytes a record: segments of 10 records, keep at most 10 records' worth.
    t.configs.insert("segment.bytes".into(), "240".into());
    t.configs.insert("retention.bytes".into(), "240".into());
    let mut c = ClusterConfig::with_brokers(3, vec![t]);
    c.set("log.retention.check.interval.ms", "1000").unwrap();
    let mut s = Sim::new(c, 7).unwrap();
    s.run_for(1_000);
    s
}

fn produce(s: &mut Sim, n: u32) {
    for _ in 0..n / 10 {
        s.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 10, partition: Some(0), producer: None }).unwrap();
        s.run_for(200);
    }
}

fn log_of(s: &Sim, b: u32) -> (u64, u64) {
    let r = &s.broker(b).unwrap().replicas[&0];
    (r.log.start, r.log.leo())
}

#[test]
fn size_retention_deletes_whole_old_segments_on_every_replica() {
    let mut s = cluster();
    produce(&mut s, 50);
    s.run_for(3_000);
    // 50 records of ~24 bytes in segments of 10: 4 segments go, the active one (10 records) stays.
    for b in 1..=3 {
        assert_eq!(log_of(&s, b), (40, 50), "broker {b}");
    }
    let deleted = s.ledger().records().iter().filter(|r| r.deleted.is_some()).count();
    assert_eq!(deleted, 40);
    assert_eq!(s.ledger_summary().lost, 0);
}

#[test]
fn a_follower_behind_the_leaders_log_start_starts_over_there_and_rejoins() {
    let mut s = cluster();
    let leader = s.snapshot().partitions[0].leader.unwrap();
    let follower = (1..=3).find(|b| *b != leader).unwrap();
    s.apply(Action::StopBroker { broker: follower }).unwrap();
    s.run_for(2_000);
    produce(&mut s, 50);
    s.run_for(3_000);
    assert_eq!(log_of(&s, leader).0, 40, "the leader deleted 4 segments");
    assert_eq!(log_of(&s, follower), (0, 0), "the stopped follower has nothing");

    let mut events = s.apply(Action::RestartBroker { broker: follower }).unwrap();
    events.extend(s.run_for(20_000));
    assert_eq!(log_of(&s, follower), (40, 50), "it started at the leader's log start and caught up");
    assert!(s.snapshot().partitions[0].isr.contains(&follower), "and is back in the ISR");
    assert!(!events.iter().any(|e| matches!(e.kind, EventKind::RecordsLost { .. })));

    // Leadership moves: the new leader lacks offsets 0..39, but retention deleted them: no loss.
    s.apply(Action::CrashBroker { broker: leader }).unwrap();
    s.run_for(20_000);
    assert_ne!(s.snapshot().partitions[0].leader, Some(leader));
    assert_eq!(s.ledger_summary().lost, 0);
    assert_eq!(s.ledger_summary().acknowledged_lost, 0);
}

#[test]
fn retention_is_off_until_a_topic_asks_for_it_and_bad_values_are_named() {
    // Without retention.ms or retention.bytes nothing is deleted (the default 7 days never comes).
    let mut s = Sim::new(ClusterConfig::default(), 3).unwrap();
    s.run_for(1_000);
    s.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 10, partition: Some(0), producer: None }).unwrap();
    let quiet = s.run_for(600_000);
    assert!(!quiet.iter().any(|e| matches!(e.kind, EventKind::SegmentsDeleted { .. })));
    // Turned on at runtime (kafka-configs.sh --alter), the brokers start checking.
    s.apply(Action::AlterTopicConfig { topic: "orders".into(), key: "retention.ms".into(), value: "1000".into() }).unwrap();
    s.apply(Action::AlterTopicConfig { topic: "orders".into(), key: "segment.bytes".into(), value: "100".into() }).unwrap();
    let later = s.run_for(400_000);
    assert!(later.iter().any(|e| matches!(e.kind, EventKind::SegmentsDeleted { .. })));

    for (k, v, why) in [("retention.ms", "-2", "at least -1"), ("segment.bytes", "13", "at least 14"),
                        ("retention.bytes", "lots", "whole number"), ("min.cleanable.dirty.ratio", "1.5", "no more than 1"),
                        ("cleanup.policy", "shred", "one of: compact, delete")] {
        let e = s.apply(Action::AlterTopicConfig { topic: "orders".into(), key: k.into(), value: v.into() }).unwrap_err();
        assert!(e.message.contains(k) && e.message.contains(why), "{k}={v}: {}", e.message);
    }
}

#[test]
fn a_topic_created_with_retention_starts_the_checks() {
    let mut s = Sim::new(ClusterConfig::default(), 3).unwrap();
    s.run_for(1_000);
    let configs = [("retention.ms".to_string(), "1000".to_string()), ("segment.bytes".to_string(), "100".to_string())]
        .into_iter().collect();
    s.apply(Action::CreateTopic { topic: "clicks".into(), partitions: 1, replication_factor: 3, configs }).unwrap();
    s.run_for(2_000);
    s.apply(Action::Produce { topic: "clicks".into(), key: None, value: None, count: 10, partition: Some(0), producer: None }).unwrap();
    let later = s.run_for(700_000);
    assert!(later.iter().any(|e| matches!(&e.kind, EventKind::SegmentsDeleted { tp, .. } if tp.topic == "clicks")));
}
