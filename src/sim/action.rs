//! Intents from a learner, a lesson or the UI. `Sim::apply` turns each into simulator changes.

use super::net::{EnvId, MsgKind};
use super::types::{BrokerId, NodeId};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// `count` records from the default producer. No key = the sticky partitioner picks;
    /// `partition` pins them like `ProducerRecord(topic, partition, ...)`.
    Produce {
        topic: String,
        #[serde(default)]
        key: Option<String>,
        #[serde(default)]
        value: Option<String>,
        #[serde(default = "one")]
        count: u32,
        #[serde(default)]
        partition: Option<u32>,
        /// Which producer sends (default: producer 1).
        #[serde(default)]
        producer: Option<u32>,
    },
    /// One record with `key` and a null value: a tombstone, which deletes the key from a
    /// compacted topic once the log cleaner has run and delete.retention.ms has passed.
    Tombstone {
        topic: String,
        key: String,
        #[serde(default)]
        partition: Option<u32>,
        #[serde(default)]
        producer: Option<u32>,
    },
    /// kill -9: no goodbye, the controller notices after broker.session.timeout.ms.
    CrashBroker { broker: BrokerId },
    /// Controlled shutdown: leaderships are moved away first, then the broker stops.
    StopBroker { broker: BrokerId },
    RestartBroker { broker: BrokerId },
    Isolate { node: NodeId },
    Heal { node: NodeId },
    /// The broker's replica fetcher stalls for `ms` (a slow disk, a long GC pause of the fetcher):
    /// it keeps heartbeating, so it stays in the ISR until replica.lag.time.max.ms passes. The
    /// classic setting for acks=1 loss.
    StallReplication { broker: BrokerId, ms: u64 },
    /// Drop the next message of this kind (optionally only between these nodes).
    DropNext {
        kind: MsgKind,
        #[serde(default)]
        from: Option<NodeId>,
        #[serde(default)]
        to: Option<NodeId>,
    },
    /// Drop one message that is on the wire right now.
    DropEnvelope { id: EnvId },
    /// `kafka-topics.sh --alter --topic T --partitions N`: grow a topic to N partitions.
    AddPartitions { topic: String, partitions: u32 },
    /// The client process dies and starts again: a new producer id; unacknowledged records are
    /// sent again by the application.
    RestartProducer {
        #[serde(default)]
        producer: Option<u32>,
    },
    /// Another producer instance (e.g. a second one with the same transactional.id).
    AddProducer {
        #[serde(default)]
        transactional_id: Option<String>,
    },
    /// consume-transform-produce: the consumer's current positions commit with the producer's
    /// open transaction (sendOffsetsToTransaction).
    SendOffsetsToTransaction {
        #[serde(default)]
        producer: Option<u32>,
        consumer: u32,
    },
    BeginTransaction {
        #[serde(default)]
        producer: Option<u32>,
    },
    CommitTransaction {
        #[serde(default)]
        producer: Option<u32>,
    },
    AbortTransaction {
        #[serde(default)]
        producer: Option<u32>,
    },
    /// A new consumer process in a group (group.id), subscribed to `topics` (default: orders).
    AddConsumer {
        group: String,
        #[serde(default)]
        topics: Vec<String>,
        /// `group.instance.id`: a static member.
        #[serde(default)]
        instance_id: Option<String>,
    },
    /// A KafkaShareConsumer in share group `group` (KIP-932), subscribed to `topics` (default:
    /// orders): its members may share partitions and acknowledge record by record.
    AddShareConsumer {
        group: String,
        #[serde(default)]
        topics: Vec<String>,
    },
    /// kill -9 of a consumer: no LeaveGroup, the coordinator waits for session.timeout.ms.
    CrashConsumer { consumer: u32 },
    /// close(): commits (with auto commit) and leaves the group (dynamic members).
    StopConsumer { consumer: u32 },
    RestartConsumer { consumer: u32 },
    /// The consumer stops polling for `ms` (a long GC pause or slow processing).
    StallConsumer { consumer: u32, ms: u64 },
    /// This consumer's application gets slow: each record now takes `ms_per_record` to process
    /// (a slow database behind it). Its lag grows; past max.poll.interval.ms it leaves the group.
    SlowConsumer { consumer: u32, ms_per_record: u64 },
    /// Change a broker or producer setting by its Kafka name.
    SetConfig { key: String, value: String },
    /// `kafka-topics.sh --create`: a new topic at runtime (CreateTopics), with per-topic `configs`.
    CreateTopic {
        topic: String,
        partitions: u32,
        replication_factor: u32,
        #[serde(default)]
        configs: std::collections::BTreeMap<String, String>,
    },
    /// `kafka-configs.sh --alter --entity-type topics --add-config key=value` (IncrementalAlterConfigs).
    AlterTopicConfig { topic: String, key: String, value: String },
    /// `kafka-consumer-groups.sh --reset-offsets --execute`: commit `offsets` (partition, offset)
    /// of `topic` for an inactive group (AlterConsumerGroupOffsets).
    ResetGroupOffsets { group: String, topic: String, offsets: Vec<(u32, u64)> },
    /// `kafka-leader-election.sh --election-type PREFERRED` (ElectLeaders): move leadership back
    /// to each partition's first replica where it is alive and in the ISR. `topic: None` means
    /// every partition (`--all-topic-partitions`); `partition` narrows a topic to one.
    ElectPreferredLeaders { topic: Option<String>, partition: Option<u32> },
    /// `kafka-reassign-partitions.sh --execute` for one partition (AlterPartitionReassignments):
    /// move it to `replicas`, the first of them preferred.
    ReassignPartition { topic: String, partition: u32, replicas: Vec<BrokerId> },
    /// `kafka-reassign-partitions.sh --cancel` for one partition: revert an ongoing move.
    CancelReassignment { topic: String, partition: u32 },
    /// The listed brokers (every broker when empty) come back on new addresses, as when pods are
    /// rescheduled; clients learn them only from a Metadata response.
    ChangeAddresses {
        #[serde(default)]
        brokers: Vec<BrokerId>,
    },
    /// ZooKeeper mode: stop or start one server of the ensemble (numbered from 1).
    StopZooKeeper { server: u8 },
    StartZooKeeper { server: u8 },
    /// Hold the next message of this kind (optionally only between these nodes) `ms` longer on
    /// the wire, so later messages can overtake it.
    DelayNext {
        kind: MsgKind,
        #[serde(default)]
        from: Option<NodeId>,
        #[serde(default)]
        to: Option<NodeId>,
        ms: u64,
    },
}

fn one() -> u32 {
    1
}

/// Most records one Produce action may send (keeps a tab responsive).
pub const MAX_PRODUCE_COUNT: u32 = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionError {
    pub message: String,
}

impl ActionError {
    pub fn new(message: impl Into<String>) -> Self {
        ActionError { message: message.into() }
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ActionError {}
