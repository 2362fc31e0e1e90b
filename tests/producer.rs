//! The producer in depth: partitioning, adding partitions, retries and idempotence.

use kafka_playground::sim::partitioner::partition_for_key;
use kafka_playground::sim::{Action, ClusterConfig, MsgKind, NodeId, Sim};

fn produce(key: Option<&str>, count: u32) -> Action {
    Action::Produce { topic: "orders".into(), key: key.map(str::to_string), value: None, count, partition: None, producer: None }
}

fn partition_of(sim: &Sim, id: u64) -> u32 {
    let life = sim.ledger().get(id).unwrap();
    sim.topology().tp(life.pidx).partition
}

#[test]
fn keyed_records_follow_murmur2_and_unkeyed_stick_to_one_partition() {
    let mut sim = Sim::new(ClusterConfig::default(), 1).unwrap();
    sim.apply(produce(Some("user-42"), 3)).unwrap();
    sim.apply(produce(None, 20)).unwrap();
    sim.run_for(2_000);
    for id in 1..=3 {
        assert_eq!(partition_of(&sim, id), partition_for_key("user-42", 3));
    }
    let unkeyed: Vec<u32> = (4..=23).map(|id| partition_of(&sim, id)).collect();
    assert!(unkeyed.windows(2).all(|w| w[0] == w[1]), "20 small records stay on one sticky partition: {unkeyed:?}");
    assert_eq!(sim.ledger_summary().acknowledged, 23);
}

#[test]
fn round_robin_partitioner_spreads_every_record() {
    let mut c = ClusterConfig::default();
    c.set("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner").unwrap();
    let mut sim = Sim::new(c, 1).unwrap();
    sim.apply(produce(Some("same-key"), 6)).unwrap();
    let parts: Vec<u32> = (1..=6).map(|id| partition_of(&sim, id)).collect();
    assert_eq!(parts, vec![0, 1, 2, 0, 1, 2]);
}

#[test]
fn adding_partitions_moves_keys_after_a_metadata_refresh() {
    let mut c = ClusterConfig::default();
    c.set("metadata.max.age.ms", "10000").unwrap();
    let mut sim = Sim::new(c, 5).unwrap();
    // Find a key whose partition changes from 3 to 6 partitions.
    let key = (0..100).map(|i| format!("key{i}")).find(|k| partition_for_key(k, 3) != partition_for_key(k, 6)).unwrap();
    sim.apply(produce(Some(&key), 1)).unwrap();
    sim.run_for(1_000);
    let err = sim.apply(Action::AddPartitions { topic: "orders".into(), partitions: 2 }).unwrap_err();
    assert!(err.message.contains("can only be increased"), "{err}");
    sim.apply(Action::AddPartitions { topic: "orders".into(), partitions: 6 }).unwrap();
    sim.run_for(1_000);
    assert_eq!(sim.snapshot().partitions.len(), 6);
    assert!(sim.snapshot().partitions.iter().all(|p| p.leader.is_some()), "new partitions get leaders");
    // Before the producer refreshes its metadata it still hashes over 3 partitions.
    sim.apply(produce(Some(&key), 1)).unwrap();
    sim.run_for(10_000);
    sim.apply(produce(Some(&key), 1)).unwrap();
    sim.run_for(2_000);
    assert_eq!(partition_of(&sim, 1), partition_for_key(&key, 3));
    assert_eq!(partition_of(&sim, 2), partition_for_key(&key, 3));
    assert_eq!(partition_of(&sim, 3), partition_for_key(&key, 6));
    assert_ne!(partition_of(&sim, 1), partition_of(&sim, 3), "the same key now lands elsewhere: per-key order is broken");
    assert_eq!(sim.ledger_summary().acknowledged, 3);
}

/// Without idempotence a lost response makes the retry write the batch twice; with it, the
/// broker recognises the sequence and answers with the original offset.
#[test]
fn lost_response_duplicates_without_idempotence_and_not_with_it() {
    for idempotent in [false, true] {
        let mut c = ClusterConfig::default();
        c.set("enable.idempotence", if idempotent { "true" } else { "false" }).unwrap();
        let mut sim = Sim::new(c, 11).unwrap();
        sim.run_for(100);
        sim.apply(Action::DropNext { kind: MsgKind::ProduceResponse, from: None, to: Some(NodeId::Producer(1)) }).unwrap();
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(0), producer: None }).unwrap();
        sim.run_for(60_000);
        let s = sim.ledger_summary();
        assert_eq!(s.acknowledged, 1);
        assert_eq!(s.duplicated, if idempotent { 0 } else { 1 }, "idempotent={idempotent}");
    }
}

/// max.in.flight > 1 without idempotence: a batch whose response is lost is retried after the
/// next batch was already written, so the log holds them out of send order.
#[test]
fn retries_reorder_without_idempotence() {
    let mut c = ClusterConfig::default();
    c.set("enable.idempotence", "false").unwrap();
    c.set("request.timeout.ms", "1000").unwrap();
    let mut sim = Sim::new(c, 4).unwrap();
    sim.run_for(100);
    // The first Produce vanishes on the way to the leader: it times out and is retried.
    sim.apply(Action::DropNext { kind: MsgKind::Produce, from: None, to: None }).unwrap();
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(0), producer: None }).unwrap();
    sim.run_for(20);
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(0), producer: None }).unwrap();
    sim.run_for(10_000);
    let s = sim.ledger_summary();
    assert_eq!(s.acknowledged, 2);
    assert_eq!(s.reordered, 1, "{s:?}");
    assert_eq!(sim.producer().error_counts.get("REQUEST_TIMED_OUT"), Some(&1));
}

/// Idempotence keeps order: the second batch is rejected as out of sequence until the first
/// is retried, then both land in send order.
#[test]
fn idempotence_keeps_order_through_a_retry() {
    let mut c = ClusterConfig::default();
    c.set("request.timeout.ms", "1000").unwrap();
    let mut sim = Sim::new(c, 4).unwrap();
    sim.run_for(100);
    sim.apply(Action::DropNext { kind: MsgKind::Produce, from: None, to: None }).unwrap();
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(0), producer: None }).unwrap();
    sim.run_for(20);
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(0), producer: None }).unwrap();
    sim.run_for(10_000);
    let s = sim.ledger_summary();
    assert_eq!((s.acknowledged, s.reordered, s.duplicated), (2, 0, 0), "{s:?}");
    assert!(sim.producer().error_counts.contains_key("OUT_OF_ORDER_SEQUENCE_NUMBER"));
}

#[test]
fn restarted_producer_gets_a_new_pid_and_duplicates_slip_through() {
    let mut sim = Sim::new(ClusterConfig::default(), 9).unwrap();
    sim.run_for(100);
    let first_pid = sim.producer().producer_id();
    assert_ne!(first_pid, 0, "idempotent by default: InitProducerId gave a producer id");
    // The ack is lost; before the retry the client process restarts and re-sends.
    sim.apply(Action::DropNext { kind: MsgKind::ProduceResponse, from: None, to: None }).unwrap();
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(0), producer: None }).unwrap();
    sim.run_for(50);
    sim.apply(Action::RestartProducer { producer: None }).unwrap();
    sim.run_for(5_000);
    assert_ne!(sim.producer().producer_id(), first_pid);
    let s = sim.ledger_summary();
    assert_eq!((s.acknowledged, s.duplicated), (1, 1), "{s:?}");
}

#[test]
fn buffer_memory_is_a_clear_error() {
    let mut c = ClusterConfig::default();
    c.set("buffer.memory", "40000").unwrap();
    let mut sim = Sim::new(c, 1).unwrap();
    // Two partitions' open batches take 2 × batch.size (16384) of the 40000 bytes; a third does not fit.
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(0), producer: None }).unwrap();
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(1), producer: None }).unwrap();
    let e = sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(2), producer: None }).unwrap_err();
    assert!(e.message.contains("buffer.memory"), "{e}");
    assert_eq!(sim.producer().buffer_used(), 2 * 16_384);
}
