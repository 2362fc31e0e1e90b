//! Arbitrary runs: a cluster configuration changed by `ClusterConfig::set` with any key and value,
//! then a sequence of every `Action` variant with small and huge arguments, interleaved with
//! virtual time (bounded per op: the API's caller chooses how long to run).

use super::mutate::{odd_strings, NUMBERS};
use kafka_playground::sim::config::KNOWN_KEYS;
use kafka_playground::sim::{Action, MsgKind, NodeId};
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub enum Op {
    Apply(Action),
    Run(u64),
    Step,
    StepItem(u16),
    StepNotable(u64),
    Snapshot,
}

#[derive(Clone, Debug)]
pub struct Run {
    pub seed: u64,
    /// `ClusterConfig::default()` then these `set`s (failures are expected and ignored).
    pub sets: Vec<(String, String)>,
    /// Start from the default 3-broker cluster, or one with 1 broker, or 6.
    pub brokers: u8,
    pub ops: Vec<Op>,
}

/// Ids, partitions, counts: small ones, and huge ones that must be refused. Thousands of
/// partitions are accepted but slow (measured: about 1 s per virtual minute at 10,000), so the
/// accepted range stays at 500 here; `huge_numbers_*` tests the limits themselves.
fn u32s() -> impl Strategy<Value = u32> {
    prop_oneof![4 => 0u32..8, 1 => proptest::sample::select(vec![100, 500, 50_001, 1 << 31, u32::MAX])]
}

fn counts() -> impl Strategy<Value = u32> {
    prop_oneof![4 => 0u32..20, 1 => proptest::sample::select(vec![10_000, 10_001, u32::MAX])]
}

fn u64s() -> impl Strategy<Value = u64> {
    prop_oneof![4 => 0u64..20_000, 1 => proptest::sample::select(vec![3_600_000, 3_600_001, 600_001, 1 << 40, u64::MAX / 2, u64::MAX])]
}

fn text() -> impl Strategy<Value = String> {
    let names: Vec<String> = ["orders", "t2", "__consumer_offsets", "__transaction_state", "billing", "audit", "jobs", "tx-1", "nope"]
        .iter().map(|s| s.to_string()).chain(odd_strings()).collect();
    prop_oneof![4 => proptest::sample::select(names), 1 => "\\PC{0,12}"]
}

fn topic() -> impl Strategy<Value = String> {
    prop_oneof![6 => proptest::sample::select(vec!["orders", "t2", "__consumer_offsets", "dlq"]).prop_map(str::to_string), 1 => text()]
}

fn node() -> impl Strategy<Value = NodeId> {
    prop_oneof![
        u32s().prop_map(NodeId::Broker),
        Just(NodeId::Controller),
        Just(NodeId::ZooKeeper),
        u32s().prop_map(NodeId::Producer),
        u32s().prop_map(NodeId::Consumer),
    ]
}

fn kind() -> impl Strategy<Value = MsgKind> {
    proptest::sample::select(MsgKind::ALL.to_vec())
}

/// A `key=value` for `ClusterConfig::set` / `SetConfig`: known keys with odd values, or anything.
pub fn setting() -> impl Strategy<Value = (String, String)> {
    let mut vals: Vec<String> = NUMBERS.iter().map(|s| s.to_string()).collect();
    vals.extend(["all", "true", "false", "earliest", "latest", "none", "read_committed", "zookeeper", "kraft", "rebootstrap",
        "org.apache.kafka.clients.producer.RoundRobinPartitioner", "legacy-round-robin", "cooperative-sticky", "range",
        "roundrobin", "sticky", "dlq", "skip", "retry", "manual", "async", "sync", "tx-1", "null"].map(str::to_string));
    vals.extend(odd_strings());
    let key = prop_oneof![8 => proptest::sample::select(KNOWN_KEYS.to_vec()).prop_map(str::to_string), 1 => text()];
    (key, prop_oneof![8 => proptest::sample::select(vals), 1 => "\\PC{0,10}"])
}

fn opt<T: std::fmt::Debug + Clone + 'static>(s: impl Strategy<Value = T> + 'static) -> impl Strategy<Value = Option<T>> {
    proptest::option::weighted(0.3, s)
}

pub fn action() -> impl Strategy<Value = Action> {
    let topic_configs = proptest::collection::btree_map(
        proptest::sample::select(vec!["min.insync.replicas", "cleanup.policy", "retention.ms", "segment.bytes", "min.cleanable.dirty.ratio", "x"])
            .prop_map(str::to_string),
        proptest::sample::select(vec!["1", "2", "-1", "compact", "0.5", "1e9", "18446744073709551615", ""]).prop_map(str::to_string),
        0..3,
    );
    // Grouped: `prop_oneof!` takes at most 10 arms with weights per call.
    let records = prop_oneof![
        (topic(), opt(text()), opt(text()), counts(), opt(u32s()), opt(u32s())).prop_map(|(topic, key, value, count, partition, producer)|
            Action::Produce { topic, key, value, count, partition, producer }),
        (topic(), text(), opt(u32s()), opt(u32s())).prop_map(|(topic, key, partition, producer)| Action::Tombstone { topic, key, partition, producer }),
        opt(u32s()).prop_map(|producer| Action::RestartProducer { producer }),
        opt(text()).prop_map(|transactional_id| Action::AddProducer { transactional_id }),
        (opt(u32s()), u32s()).prop_map(|(producer, consumer)| Action::SendOffsetsToTransaction { producer, consumer }),
        opt(u32s()).prop_map(|producer| Action::BeginTransaction { producer }),
        opt(u32s()).prop_map(|producer| Action::CommitTransaction { producer }),
        opt(u32s()).prop_map(|producer| Action::AbortTransaction { producer }),
    ];
    let brokers = prop_oneof![
        u32s().prop_map(|broker| Action::CrashBroker { broker }),
        u32s().prop_map(|broker| Action::StopBroker { broker }),
        u32s().prop_map(|broker| Action::RestartBroker { broker }),
        node().prop_map(|node| Action::Isolate { node }),
        node().prop_map(|node| Action::Heal { node }),
        (u32s(), u64s()).prop_map(|(broker, ms)| Action::StallReplication { broker, ms }),
        (kind(), opt(node()), opt(node())).prop_map(|(kind, from, to)| Action::DropNext { kind, from, to }),
        u64s().prop_map(|id| Action::DropEnvelope { id }),
        (kind(), opt(node()), opt(node()), u64s()).prop_map(|(kind, from, to, ms)| Action::DelayNext { kind, from, to, ms }),
        proptest::collection::vec(u32s(), 0..4).prop_map(|brokers| Action::ChangeAddresses { brokers }),
    ];
    let consumers = prop_oneof![
        (text(), proptest::collection::vec(topic(), 0..3), opt(text())).prop_map(|(group, topics, instance_id)| Action::AddConsumer { group, topics, instance_id }),
        (text(), proptest::collection::vec(topic(), 0..3)).prop_map(|(group, topics)| Action::AddShareConsumer { group, topics }),
        u32s().prop_map(|consumer| Action::CrashConsumer { consumer }),
        u32s().prop_map(|consumer| Action::StopConsumer { consumer }),
        u32s().prop_map(|consumer| Action::RestartConsumer { consumer }),
        (u32s(), u64s()).prop_map(|(consumer, ms)| Action::StallConsumer { consumer, ms }),
        (u32s(), u64s()).prop_map(|(consumer, ms_per_record)| Action::SlowConsumer { consumer, ms_per_record }),
        (text(), topic(), proptest::collection::vec((u32s(), u64s()), 0..4)).prop_map(|(group, topic, offsets)| Action::ResetGroupOffsets { group, topic, offsets }),
    ];
    let admin = prop_oneof![
        setting().prop_map(|(key, value)| Action::SetConfig { key, value }),
        (topic(), u32s(), u32s(), topic_configs).prop_map(|(topic, partitions, replication_factor, configs): (String, u32, u32, BTreeMap<String, String>)|
            Action::CreateTopic { topic, partitions, replication_factor, configs }),
        (topic(), setting()).prop_map(|(topic, (key, value))| Action::AlterTopicConfig { topic, key, value }),
        (topic(), u32s()).prop_map(|(topic, partitions)| Action::AddPartitions { topic, partitions }),
        (opt(topic()), opt(u32s())).prop_map(|(topic, partition)| Action::ElectPreferredLeaders { topic, partition }),
        (topic(), u32s(), proptest::collection::vec(u32s(), 0..5)).prop_map(|(topic, partition, replicas)| Action::ReassignPartition { topic, partition, replicas }),
        (topic(), u32s()).prop_map(|(topic, partition)| Action::CancelReassignment { topic, partition }),
        any::<u8>().prop_map(|server| Action::StopZooKeeper { server }),
        any::<u8>().prop_map(|server| Action::StartZooKeeper { server }),
    ];
    prop_oneof![3 => records, 3 => brokers, 2 => consumers, 2 => admin]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        10 => action().prop_map(Op::Apply),
        5 => prop_oneof![0u64..3_000, 0u64..120_000].prop_map(Op::Run),
        1 => Just(Op::Step),
        1 => (1u16..200).prop_map(Op::StepItem),
        1 => (0u64..30_000).prop_map(Op::StepNotable),
        1 => Just(Op::Snapshot),
    ]
}

pub fn run() -> impl Strategy<Value = Run> {
    (any::<u64>(), proptest::collection::vec(setting(), 0..4), 0u8..3, proptest::collection::vec(op(), 0..30))
        .prop_map(|(seed, sets, brokers, ops)| Run { seed, sets, brokers, ops })
}
