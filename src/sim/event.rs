//! Typed events: what changed, who did it, and one plain sentence about it (English and Korean).
//! The UI's narration, the event log, the lesson checks and the ledger all read these.

use super::net::{DropReason, EnvId, MsgKind};
use super::retention::Breach;
use super::types::{Acks, BrokerId, KafkaError, Millis, NodeId, RecordId, TopicPartition};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Position in the run (0, 1, 2, ...): stable across replays of the same seed and actions.
    pub seq: u64,
    pub at: Millis,
    pub kind: EventKind,
}

/// Why an acknowledged or appended record is gone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum LossReason {
    /// A new leader was elected whose log lacks the record (it was above the HW on the old leader).
    LeaderWithoutRecord { new_leader: BrokerId, epoch: u32, unclean: bool },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum EventKind {
    Sent { env: EnvId, from: NodeId, to: NodeId, kind: MsgKind, summary: String },
    Delivered { env: EnvId, from: NodeId, to: NodeId, kind: MsgKind, summary: String },
    Dropped { env: EnvId, from: NodeId, to: NodeId, kind: MsgKind, reason: DropReason },
    Appended { tp: TopicPartition, broker: BrokerId, first_offset: u64, count: u64, epoch: u32, leader: bool, records: Vec<RecordId> },
    DuplicateBatch { tp: TopicPartition, broker: BrokerId, producer_id: u32, base_sequence: u32, offset: u64 },
    HighWatermark { tp: TopicPartition, broker: BrokerId, from: u64, to: u64 },
    IsrShrink { tp: TopicPartition, removed: Vec<BrokerId>, isr: Vec<BrokerId> },
    IsrExpand { tp: TopicPartition, added: Vec<BrokerId>, isr: Vec<BrokerId> },
    LeaderElected { tp: TopicPartition, leader: BrokerId, epoch: u32, isr: Vec<BrokerId>, unclean: bool },
    PartitionOffline { tp: TopicPartition, isr: Vec<BrokerId> },
    /// The elected broker learns it leads and stops fetching: from now on its log is the truth.
    BecameLeader { tp: TopicPartition, broker: BrokerId, epoch: u32, leo: u64 },
    Truncated { tp: TopicPartition, broker: BrokerId, to_offset: u64, removed: u64, records: Vec<RecordId> },
    BrokerCrashed { broker: BrokerId },
    BrokerShutdownRequested { broker: BrokerId },
    BrokerStopped { broker: BrokerId },
    BrokerRestarted { broker: BrokerId },
    BrokerFenced { broker: BrokerId },
    BrokerUnfenced { broker: BrokerId },
    NodeIsolated { node: NodeId },
    ReplicationStalled { broker: BrokerId, until: Millis },
    NodeHealed { node: NodeId },
    RecordsSent { producer: u32, tp: TopicPartition, records: Vec<RecordId>, acks: Acks },
    Acknowledged { producer: u32, tp: TopicPartition, records: Vec<RecordId>, base_offset: Option<u64>, acks: Acks },
    ProduceError { producer: u32, tp: TopicPartition, error: KafkaError, will_retry: bool },
    DeliveryFailed { producer: u32, tp: TopicPartition, records: Vec<RecordId>, error: KafkaError },
    RecordsLost { tp: TopicPartition, records: Vec<RecordId>, acknowledged: u64, reason: LossReason },
    ConfigChanged { key: String, value: String },
    ProducerRestarted { producer: u32, resent: u64 },
    /// The coordinator bumped the epoch of a transactional.id: older instances are fenced.
    ProducerFencedByCoordinator { transactional_id: String, coordinator: BrokerId, epoch: u32 },
    TxnStateChanged { transactional_id: String, state: String },
    MarkerWritten { tp: TopicPartition, broker: BrokerId, offset: u64, commit: bool, producer_id: u32 },
    TxnEnded { producer: u32, commit: bool, records: Vec<RecordId> },
    ProducerFenced { producer: u32, error: KafkaError },
    GroupStateChanged { group: String, state: String },
    /// A broker became a group's coordinator and loaded its committed offsets from `__consumer_offsets`.
    GroupLoaded { group: String, broker: u32, offsets: usize },
    RebalanceStarted { group: String, reason: String },
    RebalanceJoined { group: String, generation: i32, leader: String, members: Vec<String> },
    StaticMemberRejoined { group: String, instance_id: String },
    MemberExpired { group: String, member_id: String },
    OffsetsCommitted { group: String, offsets: Vec<(TopicPartition, u64)> },
    PartitionsAssigned { consumer: u32, group: String, partitions: Vec<TopicPartition> },
    PartitionsRevoked { consumer: u32, group: String, partitions: Vec<TopicPartition> },
    RecordsConsumed { consumer: u32, group: String, records: Vec<(TopicPartition, u64, RecordId)> },
    PollIntervalExceeded { consumer: u32, group: String },
    CommitFailed { consumer: u32, group: String, error: KafkaError },
    /// A commitSync got a retriable error and tries again after a backoff.
    CommitRetried { consumer: u32, group: String, error: KafkaError, backoff_ms: u64 },
    ConsumerStarted { consumer: u32, group: String },
    ConsumerCrashed { consumer: u32 },
    ConsumerStalled { consumer: u32, until: Millis },
    ConsumerSlowed { consumer: u32, ms_per_record: u64 },
    NoOffsetForPartition { consumer: u32, tp: TopicPartition },
    ConsumerStopped { consumer: u32 },
    PartitionsAdded { topic: String, from: u32, to: u32 },
    DropArmed { kind: MsgKind },
    /// Retention deleted the oldest `segments` of a replica: its log now starts at `to`
    /// (was `from`); `records` are the data records that went.
    SegmentsDeleted { tp: TopicPartition, broker: BrokerId, from: u64, to: u64, segments: usize, breach: Breach, records: Vec<RecordId> },
    /// The log cleaner compacted a replica: its dirty ratio (per mille) was above
    /// min.cleanable.dirty.ratio; offsets [first_dirty, cleaned_to) were the dirty head, the
    /// checkpoint is now `cleaned_to`; `offsets` offsets became holes, `tombstones` of them
    /// expired tombstones; `records` are the data records that went.
    LogCleaned { tp: TopicPartition, broker: BrokerId, first_dirty: u64, cleaned_to: u64, dirty_ratio_permille: u32, offsets: u64, tombstones: u32, records: Vec<RecordId> },
    /// A consumer's fetch offset was out of range (below the log start after retention):
    /// auto.offset.reset moved it from `from` to `to` (`None`: reset=none, the partition stops).
    OffsetReset { consumer: u32, tp: TopicPartition, from: u64, to: Option<u64>, policy: String },
    /// A preferred leader election's outcome per partition: leadership moved to the preferred
    /// replica, it already led (ELECTION_NOT_NEEDED), or it cannot lead now
    /// (PREFERRED_LEADER_NOT_AVAILABLE: down or out of the ISR).
    PreferredElection { elected: Vec<TopicPartition>, not_needed: Vec<TopicPartition>, not_available: Vec<TopicPartition> },
    /// A partition reassignment began: the target replicas join as followers.
    ReassignmentStarted { tp: TopicPartition, from: Vec<BrokerId>, to: Vec<BrokerId> },
    /// Every target replica is in the ISR: the others are dropped.
    ReassignmentCompleted { tp: TopicPartition, replicas: Vec<BrokerId> },
    /// A reassignment was cancelled: the partition is back on its original replicas.
    ReassignmentCancelled { tp: TopicPartition, replicas: Vec<BrokerId> },
    /// A broker deleted its replica of a partition it no longer hosts (StopReplica with delete).
    ReplicaDeleted { tp: TopicPartition, broker: BrokerId },
    /// ZooKeeper mode: a server of the ensemble stopped or started; `up` of `servers` run.
    ZkServerChanged { server: u8, running: bool, up: u8, servers: u8, quorum: bool },
    /// ZooKeeper expired a broker's session: its /brokers/ids znode is gone.
    ZkSessionExpired { broker: BrokerId },
    /// ZooKeeper mode: a broker won the /controller election with this controller epoch.
    ControllerElected { broker: BrokerId, epoch: u32 },
    /// ZooKeeper mode: a broker refused a request from an older controller epoch.
    StaleControllerEpoch { broker: BrokerId, kind: MsgKind, epoch: u32, current: u32 },
    /// Brokers came back on new addresses (pods rescheduled): (broker, new address).
    BrokerAddressesChanged { brokers: Vec<(BrokerId, String)> },
    /// The application's processing of a record threw (a poison record); `next` is what its
    /// error handler does: retry (seek back), skip, or dead-letter.
    ProcessingFailed { consumer: u32, group: String, tp: TopicPartition, offset: u64, record: RecordId, attempt: u32, next: String },
    /// The error handler wrote the record to the dead-letter topic and went on.
    DeadLettered { consumer: u32, group: String, tp: TopicPartition, offset: u64, record: RecordId, to_topic: String },
    /// An idempotent producer bumped its epoch after a failed batch (KIP-360): sequences restart.
    ProducerEpochBumped { producer: u32, producer_id: u32, epoch: u32 },
    /// A producer found none of the brokers it knew and resolved bootstrap.servers again.
    ClientRebootstrapped { producer: u32 },
    /// A share-group member joined its coordinator (ShareGroupHeartbeat).
    ShareMemberJoined { group: String, member_id: String },
    /// The share group's new target assignment (the `simple` assignor): member → partitions.
    ShareGroupAssigned { group: String, epoch: i32, members: Vec<(String, Vec<TopicPartition>)> },
    /// A partition leader locked records for a share-group member: (offset, delivery count).
    ShareRecordsAcquired { consumer: u32, group: String, tp: TopicPartition, offsets: Vec<(u64, u32)> },
    /// Records of a share-partition changed state: (offset, new state, delivery count). `cause`
    /// is the acknowledgement (ACCEPT, RELEASE, REJECT), "lock timeout" or "session closed".
    ShareRecordsChanged { consumer: Option<u32>, group: String, tp: TopicPartition, cause: String, changes: Vec<(u64, String, u32)> },
}

impl EventKind {
    /// Every event kind's name, as `events.<Name>` lesson claims and JSON traces spell it.
    pub const NAMES: &'static [&'static str] = &["Sent", "Delivered", "Dropped", "Appended", "DuplicateBatch", "HighWatermark", "IsrShrink", "IsrExpand", "LeaderElected", "PartitionOffline", "BecameLeader", "Truncated", "BrokerCrashed", "BrokerShutdownRequested", "BrokerStopped", "BrokerRestarted", "BrokerFenced", "BrokerUnfenced", "NodeIsolated", "ReplicationStalled", "NodeHealed", "RecordsSent", "Acknowledged", "ProduceError", "DeliveryFailed", "RecordsLost", "ConfigChanged", "ProducerRestarted", "ProducerFencedByCoordinator", "TxnStateChanged", "MarkerWritten", "TxnEnded", "ProducerFenced", "GroupStateChanged", "GroupLoaded", "RebalanceStarted", "RebalanceJoined", "StaticMemberRejoined", "MemberExpired", "OffsetsCommitted", "PartitionsAssigned", "PartitionsRevoked", "RecordsConsumed", "PollIntervalExceeded", "CommitFailed", "CommitRetried", "ConsumerStarted", "ConsumerCrashed", "ConsumerStalled", "ConsumerSlowed", "NoOffsetForPartition", "ConsumerStopped", "PartitionsAdded", "DropArmed", "SegmentsDeleted", "LogCleaned", "OffsetReset", "PreferredElection", "ReassignmentStarted", "ReassignmentCompleted", "ReassignmentCancelled", "ReplicaDeleted", "ZkServerChanged", "ZkSessionExpired", "ControllerElected", "StaleControllerEpoch", "BrokerAddressesChanged", "ClientRebootstrapped", "ProducerEpochBumped", "ProcessingFailed", "DeadLettered", "ShareMemberJoined", "ShareGroupAssigned", "ShareRecordsAcquired", "ShareRecordsChanged"];

    /// The variant's name (the JSON trace's `type`).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Sent { .. } => "Sent",
            EventKind::Delivered { .. } => "Delivered",
            EventKind::Dropped { .. } => "Dropped",
            EventKind::Appended { .. } => "Appended",
            EventKind::DuplicateBatch { .. } => "DuplicateBatch",
            EventKind::HighWatermark { .. } => "HighWatermark",
            EventKind::IsrShrink { .. } => "IsrShrink",
            EventKind::IsrExpand { .. } => "IsrExpand",
            EventKind::LeaderElected { .. } => "LeaderElected",
            EventKind::PartitionOffline { .. } => "PartitionOffline",
            EventKind::BecameLeader { .. } => "BecameLeader",
            EventKind::Truncated { .. } => "Truncated",
            EventKind::BrokerCrashed { .. } => "BrokerCrashed",
            EventKind::BrokerShutdownRequested { .. } => "BrokerShutdownRequested",
            EventKind::BrokerStopped { .. } => "BrokerStopped",
            EventKind::BrokerRestarted { .. } => "BrokerRestarted",
            EventKind::BrokerFenced { .. } => "BrokerFenced",
            EventKind::BrokerUnfenced { .. } => "BrokerUnfenced",
            EventKind::NodeIsolated { .. } => "NodeIsolated",
            EventKind::ReplicationStalled { .. } => "ReplicationStalled",
            EventKind::NodeHealed { .. } => "NodeHealed",
            EventKind::RecordsSent { .. } => "RecordsSent",
            EventKind::Acknowledged { .. } => "Acknowledged",
            EventKind::ProduceError { .. } => "ProduceError",
            EventKind::DeliveryFailed { .. } => "DeliveryFailed",
            EventKind::RecordsLost { .. } => "RecordsLost",
            EventKind::ConfigChanged { .. } => "ConfigChanged",
            EventKind::ProducerRestarted { .. } => "ProducerRestarted",
            EventKind::ProducerFencedByCoordinator { .. } => "ProducerFencedByCoordinator",
            EventKind::TxnStateChanged { .. } => "TxnStateChanged",
            EventKind::MarkerWritten { .. } => "MarkerWritten",
            EventKind::TxnEnded { .. } => "TxnEnded",
            EventKind::ProducerFenced { .. } => "ProducerFenced",
            EventKind::GroupStateChanged { .. } => "GroupStateChanged",
            EventKind::GroupLoaded { .. } => "GroupLoaded",
            EventKind::RebalanceStarted { .. } => "RebalanceStarted",
            EventKind::RebalanceJoined { .. } => "RebalanceJoined",
            EventKind::StaticMemberRejoined { .. } => "StaticMemberRejoined",
            EventKind::MemberExpired { .. } => "MemberExpired",
            EventKind::OffsetsCommitted { .. } => "OffsetsCommitted",
            EventKind::PartitionsAssigned { .. } => "PartitionsAssigned",
            EventKind::PartitionsRevoked { .. } => "PartitionsRevoked",
            EventKind::RecordsConsumed { .. } => "RecordsConsumed",
            EventKind::PollIntervalExceeded { .. } => "PollIntervalExceeded",
            EventKind::CommitFailed { .. } => "CommitFailed",
            EventKind::CommitRetried { .. } => "CommitRetried",
            EventKind::ConsumerStarted { .. } => "ConsumerStarted",
            EventKind::ConsumerCrashed { .. } => "ConsumerCrashed",
            EventKind::ConsumerStalled { .. } => "ConsumerStalled",
            EventKind::ConsumerSlowed { .. } => "ConsumerSlowed",
            EventKind::NoOffsetForPartition { .. } => "NoOffsetForPartition",
            EventKind::SegmentsDeleted { .. } => "SegmentsDeleted",
            EventKind::LogCleaned { .. } => "LogCleaned",
            EventKind::OffsetReset { .. } => "OffsetReset",
            EventKind::PreferredElection { .. } => "PreferredElection",
            EventKind::ReassignmentStarted { .. } => "ReassignmentStarted",
            EventKind::ReassignmentCompleted { .. } => "ReassignmentCompleted",
            EventKind::ReassignmentCancelled { .. } => "ReassignmentCancelled",
            EventKind::ZkServerChanged { .. } => "ZkServerChanged",
            EventKind::ZkSessionExpired { .. } => "ZkSessionExpired",
            EventKind::ControllerElected { .. } => "ControllerElected",
            EventKind::StaleControllerEpoch { .. } => "StaleControllerEpoch",
            EventKind::BrokerAddressesChanged { .. } => "BrokerAddressesChanged",
            EventKind::ClientRebootstrapped { .. } => "ClientRebootstrapped",
            EventKind::ProducerEpochBumped { .. } => "ProducerEpochBumped",
            EventKind::ProcessingFailed { .. } => "ProcessingFailed",
            EventKind::DeadLettered { .. } => "DeadLettered",
            EventKind::ShareMemberJoined { .. } => "ShareMemberJoined",
            EventKind::ShareGroupAssigned { .. } => "ShareGroupAssigned",
            EventKind::ShareRecordsAcquired { .. } => "ShareRecordsAcquired",
            EventKind::ShareRecordsChanged { .. } => "ShareRecordsChanged",
            EventKind::ReplicaDeleted { .. } => "ReplicaDeleted",
            EventKind::ConsumerStopped { .. } => "ConsumerStopped",
            EventKind::PartitionsAdded { .. } => "PartitionsAdded",
            EventKind::DropArmed { .. } => "DropArmed",
        }
    }

    /// Events a learner wants to stop on; heartbeats and idle fetches are not among them.
    pub fn is_notable(&self) -> bool {
        !matches!(self, EventKind::Sent { .. } | EventKind::Delivered { .. })
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_serde_tag_and_are_listed() {
        let e = EventKind::IsrShrink { tp: TopicPartition::new("orders", 0), removed: vec![1], isr: vec![2] };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["type"], e.name());
        assert!(EventKind::NAMES.contains(&e.name()));
        let mut n = EventKind::NAMES.to_vec();
        n.sort_unstable();
        n.dedup();
        assert_eq!(n.len(), EventKind::NAMES.len());
    }

    #[test]
    fn every_sentence_is_one_line_in_both_languages() {
        let tp = TopicPartition::new("orders", 0);
        let samples = vec![
            EventKind::IsrShrink { tp: tp.clone(), removed: vec![1], isr: vec![2, 3] },
            EventKind::LeaderElected { tp: tp.clone(), leader: 2, epoch: 1, isr: vec![2, 3], unclean: false },
            EventKind::Truncated { tp: tp.clone(), broker: 1, to_offset: 3, removed: 2, records: vec![4, 5] },
            EventKind::RecordsLost { tp, records: vec![4, 5], acknowledged: 2,
                reason: LossReason::LeaderWithoutRecord { new_leader: 2, epoch: 1, unclean: false } },
        ];
        for s in samples {
            for lang in [Lang::En, Lang::Ko] {
                let t = s.text(lang);
                assert!(!t.is_empty() && !t.contains('\n'), "{t}");
            }
        }
        let t = EventKind::IsrShrink { tp: TopicPartition::new("orders", 0), removed: vec![1], isr: vec![2, 3] }.text(Lang::En);
        assert_eq!(t, "Shrinking ISR: orders-0 drops [1] and its ISR is now [2,3].");
    }
}
