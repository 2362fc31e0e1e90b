//! "Every broker's address changed" (pods rescheduled before the client refreshed its metadata):
//! the producer dials addresses nobody listens at. With metadata.recovery.strategy=none it stays
//! cut off and its records expire; with rebootstrap (the default) it resolves bootstrap.servers
//! again and carries on. Moving one broker at a time is harmless: the others still answer.

use kafka_playground::sim::event::EventKind;
use kafka_playground::sim::{Action, ClusterConfig, Sim};

fn cluster(strategy: &str) -> Sim {
    let mut c = ClusterConfig::default();
    c.set("metadata.recovery.strategy", strategy).unwrap();
    c.set("delivery.timeout.ms", "40000").unwrap();
    let mut s = Sim::new(c, 9).unwrap();
    s.run_for(1_000);
    s
}

fn produce(s: &mut Sim, count: u32) {
    s.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count, partition: Some(0), producer: None }).unwrap();
}

fn rebootstraps(events: &[kafka_playground::sim::Event]) -> usize {
    events.iter().filter(|e| matches!(e.kind, EventKind::ClientRebootstrapped { .. })).count()
}

#[test]
fn with_recovery_none_a_client_that_knows_only_old_addresses_is_cut_off() {
    let mut s = cluster("none");
    produce(&mut s, 2);
    s.run_for(2_000);
    assert_eq!(s.ledger_summary().acknowledged, 2);
    s.apply(Action::ChangeAddresses { brokers: vec![] }).unwrap();
    produce(&mut s, 3);
    let events = s.run_for(60_000);
    assert_eq!(rebootstraps(&events), 0);
    let summary = s.ledger_summary();
    assert_eq!((summary.acknowledged, summary.failed), (2, 3), "the three records expire: {summary:?}");
    assert!(s.producer().error_counts.contains_key("NETWORK_EXCEPTION"), "{:?}", s.producer().error_counts);
}

#[test]
fn rebootstrap_resolves_bootstrap_servers_again_and_recovers() {
    let mut s = cluster("rebootstrap");
    s.apply(Action::ChangeAddresses { brokers: vec![] }).unwrap();
    produce(&mut s, 3);
    let events = s.run_for(10_000);
    assert_eq!(rebootstraps(&events), 1);
    let summary = s.ledger_summary();
    assert_eq!((summary.acknowledged, summary.failed), (3, 0), "{summary:?}");
}

/// KIP-360: after its batches expire, an idempotent producer bumps its epoch and starts its
/// sequences again, so the next records are not refused as OUT_OF_ORDER_SEQUENCE_NUMBER.
#[test]
fn after_expired_batches_the_next_records_are_accepted() {
    let mut s = cluster("none");
    s.apply(Action::ChangeAddresses { brokers: vec![] }).unwrap();
    produce(&mut s, 3);
    s.run_for(60_000);
    let old_id = s.producer().producer_id();
    s.apply(Action::SetConfig { key: "metadata.recovery.strategy".into(), value: "rebootstrap".into() }).unwrap();
    produce(&mut s, 3);
    s.run_for(10_000);
    let summary = s.ledger_summary();
    assert_eq!((summary.acknowledged, summary.failed), (3, 3), "{summary:?}");
    assert_eq!(s.producer().producer_id(), old_id, "the same producer id ...");
    assert!(s.producer().producer_epoch() >= 1, "... with a bumped epoch restarted the sequences");
    assert!(!s.producer().error_counts.contains_key("OUT_OF_ORDER_SEQUENCE_NUMBER"));
}

#[test]
fn moving_one_broker_at_a_time_needs_no_rebootstrap() {
    let mut s = cluster("none");
    for b in 1..=3 {
        s.apply(Action::ChangeAddresses { brokers: vec![b] }).unwrap();
        produce(&mut s, 2);
        s.run_for(5_000);
    }
    let summary = s.ledger_summary();
    assert_eq!((summary.acknowledged, summary.failed), (6, 0), "another broker always answers: {summary:?}");
    let e = s.apply(Action::ChangeAddresses { brokers: vec![7] }).unwrap_err();
    assert!(e.message.contains("no broker 7"), "{}", e.message);
}


/// With every broker down a client backs off (reconnect.backoff.ms, then .max.ms once all have
/// failed) instead of spinning, even on a network with no latency at all.
#[test]
fn a_client_that_reaches_nobody_backs_off() {
    let mut c = ClusterConfig::default();
    c.set("sim.latency.min.ms", "0").unwrap();
    c.set("sim.latency.max.ms", "0").unwrap();
    let mut s = Sim::new(c, 3).unwrap();
    s.run_for(1_000);
    for b in 1..=3 {
        s.apply(Action::CrashBroker { broker: b }).unwrap();
    }
    produce(&mut s, 1);
    let events = s.run_for(10_000);
    let n = rebootstraps(&events);
    assert!((5..=12).contains(&n), "about one rebootstrap per reconnect.backoff.max.ms, got {n}");
}
