//! Identifiers and Kafka's error names, shared by every node.

use serde::{Deserialize, Serialize};
use std::fmt;

pub type BrokerId = u32;
/// Index of a record in the ledger: the identity of one `send()` by the producer.
pub type RecordId = u64;
/// Virtual time in milliseconds.
pub type Millis = u64;

/// A node on the simulated network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeId {
    Broker(BrokerId),
    /// The controller: KRaft's controller quorum, drawn as one node, or in ZooKeeper mode the
    /// controller role of whichever broker holds /controller.
    Controller,
    /// The ZooKeeper ensemble (ZooKeeper mode only), drawn as one node.
    ZooKeeper,
    Producer(u32),
    Consumer(u32),
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Broker(b) => write!(f, "broker {b}"),
            NodeId::Controller => write!(f, "controller"),
            NodeId::ZooKeeper => write!(f, "zookeeper"),
            NodeId::Producer(p) => write!(f, "producer {p}"),
            NodeId::Consumer(c) => write!(f, "consumer {c}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    pub topic: String,
    pub partition: u32,
}

impl TopicPartition {
    pub fn new(topic: &str, partition: u32) -> Self {
        TopicPartition { topic: topic.to_string(), partition }
    }

    /// Parses Kafka's usual `topic-3` spelling (the last `-` splits).
    pub fn parse(s: &str) -> Option<Self> {
        let (topic, p) = s.rsplit_once('-')?;
        if topic.is_empty() {
            return None;
        }
        Some(TopicPartition { topic: topic.to_string(), partition: p.parse().ok()? })
    }
}

impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// The acks a producer asks for (`acks` = 0, 1 or all/-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acks {
    None,
    Leader,
    All,
}

impl Acks {
    pub fn parse(s: &str) -> Option<Acks> {
        match s.trim() {
            "0" => Some(Acks::None),
            "1" => Some(Acks::Leader),
            "all" | "-1" => Some(Acks::All),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Acks::None => "0",
            Acks::Leader => "1",
            Acks::All => "all",
        }
    }
}

/// Kafka's error codes, under their protocol names (org.apache.kafka.common.protocol.Errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KafkaError {
    NotLeaderOrFollower,
    NotEnoughReplicas,
    NotEnoughReplicasAfterAppend,
    RequestTimedOut,
    NetworkException,
    UnknownTopicOrPartition,
    LeaderNotAvailable,
    FencedLeaderEpoch,
    InvalidUpdateVersion,
    OutOfOrderSequenceNumber,
    DuplicateSequenceNumber,
    InvalidProducerEpoch,
    ProducerFenced,
    IneligibleReplica,
    NotCoordinator,
    CoordinatorNotAvailable,
    ConcurrentTransactions,
    InvalidTxnState,
    InvalidProducerIdMapping,
    MemberIdRequired,
    UnknownMemberId,
    IllegalGeneration,
    RebalanceInProgress,
    FencedInstanceId,
    /// A fetch below the log start offset (retention deleted it) or past the log end.
    OffsetOutOfRange,
    InvalidRecord,
    /// Client-side TransactionAbortedException: a batch dropped because its transaction aborted.
    TransactionAborted,
    /// A share-group acknowledgement for a record this member does not hold (any more).
    InvalidRecordState,
}

impl KafkaError {
    pub const ALL: [KafkaError; 28] = [
        KafkaError::NotLeaderOrFollower,
        KafkaError::NotEnoughReplicas,
        KafkaError::NotEnoughReplicasAfterAppend,
        KafkaError::RequestTimedOut,
        KafkaError::NetworkException,
        KafkaError::UnknownTopicOrPartition,
        KafkaError::LeaderNotAvailable,
        KafkaError::FencedLeaderEpoch,
        KafkaError::InvalidUpdateVersion,
        KafkaError::OutOfOrderSequenceNumber,
        KafkaError::DuplicateSequenceNumber,
        KafkaError::InvalidProducerEpoch,
        KafkaError::ProducerFenced,
        KafkaError::IneligibleReplica,
        KafkaError::NotCoordinator,
        KafkaError::CoordinatorNotAvailable,
        KafkaError::ConcurrentTransactions,
        KafkaError::InvalidTxnState,
        KafkaError::InvalidProducerIdMapping,
        KafkaError::TransactionAborted,
        KafkaError::MemberIdRequired,
        KafkaError::UnknownMemberId,
        KafkaError::IllegalGeneration,
        KafkaError::RebalanceInProgress,
        KafkaError::FencedInstanceId,
        KafkaError::OffsetOutOfRange,
        KafkaError::InvalidRecord,
        KafkaError::InvalidRecordState,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KafkaError::NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            KafkaError::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            KafkaError::NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            KafkaError::RequestTimedOut => "REQUEST_TIMED_OUT",
            KafkaError::NetworkException => "NETWORK_EXCEPTION",
            KafkaError::UnknownTopicOrPartition => "UNKNOWN_TOPIC_OR_PARTITION",
            KafkaError::LeaderNotAvailable => "LEADER_NOT_AVAILABLE",
            KafkaError::FencedLeaderEpoch => "FENCED_LEADER_EPOCH",
            KafkaError::InvalidUpdateVersion => "INVALID_UPDATE_VERSION",
            KafkaError::OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            KafkaError::DuplicateSequenceNumber => "DUPLICATE_SEQUENCE_NUMBER",
            KafkaError::InvalidProducerEpoch => "INVALID_PRODUCER_EPOCH",
            KafkaError::ProducerFenced => "PRODUCER_FENCED",
            KafkaError::IneligibleReplica => "INELIGIBLE_REPLICA",
            KafkaError::NotCoordinator => "NOT_COORDINATOR",
            KafkaError::CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            KafkaError::ConcurrentTransactions => "CONCURRENT_TRANSACTIONS",
            KafkaError::InvalidTxnState => "INVALID_TXN_STATE",
            KafkaError::InvalidProducerIdMapping => "INVALID_PRODUCER_ID_MAPPING",
            KafkaError::TransactionAborted => "TransactionAbortedException",
            KafkaError::InvalidRecordState => "INVALID_RECORD_STATE",
            KafkaError::MemberIdRequired => "MEMBER_ID_REQUIRED",
            KafkaError::UnknownMemberId => "UNKNOWN_MEMBER_ID",
            KafkaError::IllegalGeneration => "ILLEGAL_GENERATION",
            KafkaError::RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            KafkaError::FencedInstanceId => "FENCED_INSTANCE_ID",
            KafkaError::OffsetOutOfRange => "OFFSET_OUT_OF_RANGE",
            KafkaError::InvalidRecord => "INVALID_RECORD",
        }
    }

    pub fn from_name(s: &str) -> Option<KafkaError> {
        KafkaError::ALL.into_iter().find(|e| e.name() == s)
    }

    /// Whether the Java client retries it (a RetriableException subclass).
    pub fn retriable(self) -> bool {
        !matches!(
            self,
            KafkaError::OutOfOrderSequenceNumber
                | KafkaError::InvalidProducerEpoch
                | KafkaError::ProducerFenced
                | KafkaError::InvalidUpdateVersion
                | KafkaError::IneligibleReplica
                | KafkaError::InvalidTxnState
                | KafkaError::InvalidProducerIdMapping
                | KafkaError::TransactionAborted
                | KafkaError::FencedInstanceId
                // OffsetOutOfRangeException extends InvalidOffsetException: not retriable.
                | KafkaError::OffsetOutOfRange
                // InvalidRecordException is an ApiException, not retriable.
                | KafkaError::InvalidRecord
                | KafkaError::InvalidRecordState
        )
    }
}

impl fmt::Display for KafkaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
