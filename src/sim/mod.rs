//! The Kafka model: pure Rust, deterministic, no web dependency.
//!
//! One seeded RNG, one virtual millisecond clock and one event queue ordered by (time, seq).
//! Nodes (brokers, the controller, the producer) are state machines that only exchange
//! envelopes through `net`, so every request is data the UI can draw, delay or drop.

pub mod action;
pub mod addresses;
pub mod admin;
pub mod assignor;
pub mod broker;
mod broker_zk;
pub mod burrow;
pub mod checker;
pub mod compaction;
pub mod config;
pub mod consumer;
mod consumer_poll;
mod consumer_poison;
pub mod consumer_commit;
pub mod consumer_config;
pub mod controller;
mod controller_zk;
mod controller_reassign;
pub mod defaults;
pub mod event;
pub mod group;
mod group_offsets;
mod group_log;
pub mod hash;
mod intents;
mod korean;
pub mod lag;
pub mod ledger;
mod losses;
pub mod log;
pub mod narration;
pub mod msg_kind;
pub mod net;
pub mod partitioner;
pub mod placement;
pub mod planning;
pub mod produce;
pub mod producer;
pub mod producer_state;
mod queue;
pub mod replay;
pub mod timeline;
pub mod replication;
pub mod retention;
mod sender;
pub mod share_fetch;
pub mod share_group;
pub mod share_partition;
mod share_consumer;
pub mod txn;
pub mod txn_coordinator;
pub mod rng;
pub mod snapshot;
pub mod types;
mod world;
pub mod zookeeper;

pub use action::{Action, ActionError};
pub use config::{BrokerSpec, ClusterConfig, ConfigError, TopicSpec};
pub use event::{Event, EventKind, Lang};
pub use checker::{CheckReport, GroupCheck, SkippedOffset};
pub use ledger::{Ledger, LedgerSummary, RecordLife};
pub use net::{Envelope, Msg, MsgKind, Pidx};
pub use snapshot::Snapshot;
pub use types::{Acks, BrokerId, KafkaError, Millis, NodeId, RecordId, TopicPartition};
pub use replay::{Applied, Mark};
pub use world::Sim;

use std::collections::BTreeMap;

/// Static facts about each partition, shared read-only by every node.
#[derive(Clone, Debug)]
pub struct PartInfo {
    pub tp: TopicPartition,
    pub min_isr: u32,
    pub unclean: bool,
    /// `cleanup.policy` includes `compact`: records need keys, and the log cleaner runs.
    pub compact: bool,
}

#[derive(Clone, Debug)]
pub struct Topology {
    pub partitions: Vec<PartInfo>,
    /// topic name -> its partitions' global indexes, by partition number.
    pub topics: BTreeMap<String, Vec<Pidx>>,
    pub config: ClusterConfig,
    /// Every group.id seen, so `__consumer_offsets` records can name a group by index.
    pub groups: Vec<String>,
    /// Each broker's current address generation (`addresses.rs`): what its listener is now.
    pub addresses: BTreeMap<BrokerId, u32>,
}

impl Topology {
    pub fn group_index(&self, group: &str) -> Option<u32> {
        self.groups.iter().position(|g| g == group).map(|i| i as u32)
    }
    pub fn tp(&self, pidx: Pidx) -> &TopicPartition {
        &self.partitions[pidx].tp
    }
    pub fn pidx(&self, tp: &TopicPartition) -> Option<Pidx> {
        self.topics.get(&tp.topic)?.get(tp.partition as usize).copied()
    }
}

/// Timers a node can set. A timer only fires for the incarnation of the node that set it,
/// so a crash cancels everything the broker had scheduled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    BrokerHeartbeat,
    IsrExpiration,
    /// LogManager's retention check, every log.retention.check.interval.ms.
    RetentionCheck,
    /// The log cleaner's next look for dirty compacted logs, every log.cleaner.backoff.ms.
    LogCleaner,
    FetchBackoff { leader: BrokerId },
    FetchTimeout { leader: BrokerId, req: u64 },
    AlterPartitionTimeout { pidx: Pidx, partition_epoch: u32 },
    FetchWait { parked: u64 },
    ProduceTimeout { id: u64 },
    SessionCheck { broker: BrokerId },
    Linger { batch: u64 },
    MetadataRefresh,
    Retry { batch: u64 },
    RequestTimeout { req: u64 },
    TxnTimeoutCheck,
    GroupRebalanceDeadline { group: String },
    GroupSessionCheck { group: String },
    ConsumerPoll,
    ConsumerProcessed,
    WorkerDone { worker: usize },
    ConsumerHeartbeat,
    ConsumerFind,
    ConsumerRequestTimeout { req: u64 },
    /// A commitSync waits retry.backoff.ms before trying again.
    CommitRetry,
    TxnMarkerRetry { transactional_id: String },
    /// A client that found no broker waits reconnect.backoff.max.ms before asking again.
    MetadataRetry,
    /// ZooKeeper's session expiry check.
    ZkSessionCheck,
    /// A share group's member session expiry check (group.share.session.timeout.ms).
    ShareSessionCheck { group: String },
    /// Acquisition locks taken one group.share.record.lock.duration.ms ago run out.
    ShareLockTimeout { group: String, pidx: Pidx },
}

/// What a node wants done after handling one message or timer.
#[derive(Debug, Default)]
pub struct Out {
    pub sends: Vec<(NodeId, Msg)>,
    pub timers: Vec<(Millis, Timer)>,
    pub events: Vec<EventKind>,
}

impl Out {
    pub fn send(&mut self, to: NodeId, msg: Msg) {
        self.sends.push((to, msg));
    }
    pub fn timer(&mut self, delay: Millis, t: Timer) {
        self.timers.push((delay, t));
    }
    pub fn event(&mut self, e: EventKind) {
        self.events.push(e);
    }
}

/// What a node sees while it handles something: the clock, the topology, and its outbox.
pub struct Ctx<'a> {
    pub now: Millis,
    pub topo: &'a Topology,
    pub out: &'a mut Out,
    /// The persisted share-partition states (`share_fetch.rs`).
    pub share: &'a mut share_fetch::SharePartitions,
}
