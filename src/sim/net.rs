//! The simulated network. Nodes talk only through envelopes, so every request and response is
//! data that can be drawn, delayed or dropped. Faults live here: down nodes, isolation, drops.

use super::types::{Acks, BrokerId, KafkaError, Millis, NodeId};
use super::share_partition::AcknowledgeType;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub type EnvId = u64;
/// Global index of a partition (position in `Sim::partitions`).
pub type Pidx = usize;

/// A partition's registration as the controller publishes it (a PartitionRecord/PartitionChangeRecord).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionState {
    pub pidx: Pidx,
    pub leader: Option<BrokerId>,
    pub leader_epoch: u32,
    pub partition_epoch: u32,
    pub replicas: Vec<BrokerId>,
    pub isr: Vec<BrokerId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FetchPartition {
    pub pidx: Pidx,
    pub fetch_offset: u64,
    pub last_fetched_epoch: Option<u32>,
    pub current_leader_epoch: u32,
}

/// What a member sends in JoinGroup (its subscription in the consumer protocol's metadata).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JoinRequest {
    pub group: String,
    /// Empty on the first join of a dynamic member (the coordinator assigns one, KIP-394).
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub topics: Vec<String>,
    pub owned: Vec<Pidx>,
    pub generation: i32,
    /// Assignor names in preference order (partition.assignment.strategy).
    pub protocols: Vec<String>,
    pub session_timeout_ms: u64,
    pub rebalance_timeout_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JoinResult {
    pub generation: i32,
    pub protocol: String,
    pub leader: String,
    pub member_id: String,
    /// Only the leader gets the members (id, instance id, topics, owned partitions, generation).
    pub members: Vec<(String, Option<String>, Vec<String>, Vec<Pidx>, i32)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumerFetchData {
    pub pidx: Pidx,
    pub error: Option<KafkaError>,
    /// (offset, record, key hash) of data records; control records and aborted data are
    /// filtered out.
    pub records: Vec<(u64, super::types::RecordId, Option<u32>)>,
    /// The offset to fetch next (past any skipped control records).
    pub next_offset: u64,
    pub high_watermark: u64,
    pub last_stable_offset: u64,
    pub log_start: u64,
}

/// One partition of a ShareFetch answer: the records acquired for the member, each with its
/// delivery count: (offset, record, key hash, delivery count).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShareFetchData {
    pub pidx: Pidx,
    pub error: Option<KafkaError>,
    pub records: Vec<(u64, super::types::RecordId, Option<u32>, u32)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FetchData {
    pub pidx: Pidx,
    pub error: Option<KafkaError>,
    pub high_watermark: u64,
    /// Entries starting at the requested fetch offset.
    pub entries: Vec<super::log::LogEntry>,
    /// Set when the follower's log diverges from the leader's (KIP-320): (epoch, end offset).
    pub diverging_epoch: Option<(u32, u64)>,
    /// The leader's log start offset (FetchResponse logStartOffset).
    pub log_start: u64,
}

/// Kafka's RPCs, by their API names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Msg {
    Metadata,
    /// Partitions with their leader and epoch, and the brokers with their address generation.
    MetadataResponse { partitions: Vec<(Pidx, Option<BrokerId>, u32)>, brokers: Vec<(BrokerId, u32)> },
    Produce {
        req: u64,
        pidx: Pidx,
        acks: Acks,
        records: Vec<super::types::RecordId>,
        /// Each record's key hash and tombstone flag (the part of its bytes the broker reads).
        keys: Vec<super::log::RecordKey>,
        /// Idempotence: producer id (0 = none) and the batch's base sequence.
        producer_id: u32,
        producer_epoch: u32,
        base_sequence: u32,
        transactional: bool,
        timeout_ms: u64,
        /// The batch's size in bytes (the records' estimated sizes).
        bytes: u64,
    },
    /// Idempotent/transactional producers ask for a producer id (and epoch) first.
    InitProducerId { req: u64, transactional_id: Option<String> },
    InitProducerIdResponse { req: u64, error: Option<KafkaError>, producer_id: u32, producer_epoch: u32 },
    FindCoordinator { req: u64, transactional_id: String },
    FindCoordinatorResponse { req: u64, error: Option<KafkaError>, coordinator: Option<BrokerId> },
    AddPartitionsToTxn { req: u64, transactional_id: String, producer_id: u32, producer_epoch: u32, partitions: Vec<Pidx> },
    AddPartitionsToTxnResponse { req: u64, error: Option<KafkaError> },
    EndTxn { req: u64, transactional_id: String, producer_id: u32, producer_epoch: u32, commit: bool },
    EndTxnResponse { req: u64, error: Option<KafkaError> },
    /// Coordinator → partition leader: append a COMMIT/ABORT marker for this producer.
    WriteTxnMarkers { req: u64, producer_id: u32, producer_epoch: u32, commit: bool, pidx: Pidx },
    WriteTxnMarkersResponse { req: u64, pidx: Pidx, error: Option<KafkaError> },
    /// sendOffsetsToTransaction, step 1: the group's offsets partition joins the transaction.
    AddOffsetsToTxn { req: u64, transactional_id: String, producer_id: u32, producer_epoch: u32, group: String },
    AddOffsetsToTxnResponse { req: u64, error: Option<KafkaError> },
    /// Step 2, to the group coordinator: offsets that become committed only with the transaction.
    TxnOffsetCommit { req: u64, group: String, producer_id: u32, producer_epoch: u32, offsets: Vec<(Pidx, u64)> },
    TxnOffsetCommitResponse { req: u64, error: Option<KafkaError> },
    FindGroupCoordinator { req: u64, group: String },
    FindGroupCoordinatorResponse { req: u64, error: Option<KafkaError>, coordinator: Option<BrokerId> },
    JoinGroup { req: u64, join: JoinRequest },
    JoinGroupResponse { req: u64, error: Option<KafkaError>, result: Option<JoinResult> },
    SyncGroup { req: u64, group: String, generation: i32, member_id: String, assignments: Vec<(String, Vec<Pidx>)> },
    SyncGroupResponse { req: u64, error: Option<KafkaError>, assignment: Vec<Pidx> },
    Heartbeat { req: u64, group: String, generation: i32, member_id: String },
    HeartbeatResponse { req: u64, error: Option<KafkaError> },
    LeaveGroup { req: u64, group: String, member_id: String },
    LeaveGroupResponse { req: u64, error: Option<KafkaError> },
    OffsetCommit { req: u64, group: String, generation: i32, member_id: String, offsets: Vec<(Pidx, u64)> },
    OffsetCommitResponse { req: u64, error: Option<KafkaError> },
    OffsetFetch { req: u64, group: String, partitions: Vec<Pidx> },
    OffsetFetchResponse { req: u64, error: Option<KafkaError>, offsets: Vec<(Pidx, Option<u64>)> },
    /// A consumer's Fetch (replica id -1): data up to the HW, or the LSO under read_committed.
    ConsumerFetch { req: u64, partitions: Vec<(Pidx, u64)>, read_committed: bool },
    ConsumerFetchResponse { req: u64, partitions: Vec<ConsumerFetchData> },
    ProduceResponse { req: u64, pidx: Pidx, error: Option<KafkaError>, base_offset: Option<u64> },
    Fetch { req: u64, partitions: Vec<FetchPartition> },
    FetchResponse { req: u64, partitions: Vec<FetchData> },
    BrokerRegistration,
    /// KRaft's BrokerHeartbeatRequest carries CurrentMetadataOffset; a lagging broker gets caught up.
    BrokerHeartbeat { want_shutdown: bool, metadata_offset: u64 },
    BrokerHeartbeatResponse { fenced: bool, shutdown_allowed: bool },
    AlterPartition { pidx: Pidx, leader_epoch: u32, partition_epoch: u32, new_isr: Vec<BrokerId> },
    AlterPartitionResponse { pidx: Pidx, error: Option<KafkaError>, state: PartitionState },
    /// Metadata records a broker replays from the controller (KRaft's metadata log, pushed here).
    /// Partition records, plus the brokers that are fenced or shutting down (broker registration
    /// records: a leader must not wait for them, KIP-841).
    MetadataUpdate { offset: u64, partitions: Vec<PartitionState>, ineligible: Vec<BrokerId> },
    /// ZooKeeper mode: the controller's partition state for the replicas on one broker
    /// (LeaderAndIsrRequest): become leader or follower. Older controller epochs are refused.
    LeaderAndIsr { controller_epoch: u32, partitions: Vec<PartitionState> },
    /// ZooKeeper mode: the metadata cache's new contents for these partitions
    /// (UpdateMetadataRequest). The cache takes them as they come: no ordering check.
    UpdateMetadata { controller_epoch: u32, partitions: Vec<PartitionState>, ineligible: Vec<BrokerId> },
    /// ZooKeeper mode: stop (and delete) these replicas, e.g. after a reassignment moved them.
    StopReplica { controller_epoch: u32, pidxs: Vec<Pidx> },
    /// ZooKeeper mode: a broker asks the controller to move its leaderships before it stops.
    ControlledShutdown,
    ControlledShutdownResponse { partitions_remaining: u32 },
    /// ZooKeeper session keep-alive (and, for a broker without a session, registration).
    /// `session` tells one process's session from the next one's (a restarted broker).
    ZkPing { session: u32 },
    /// A clean shutdown closes the session: the ephemeral /brokers/ids znode goes at once.
    ZkCloseSession,
    /// ZooKeeper → controller: a watched znode changed; `live` is /brokers/ids as read now.
    /// Each live broker comes with its session, so a broker that restarted is seen as one.
    ZkWatch { zxid: u64, live: Vec<(BrokerId, u32)>, controller_epoch: u32 },
    /// A share-group member to its coordinator: join (empty id), keep alive, or `leave`
    /// (member epoch -1). The answer carries the member's partitions.
    ShareGroupHeartbeat { req: u64, group: String, member_id: String, leave: bool, topics: Vec<String> },
    ShareGroupHeartbeatResponse { req: u64, error: Option<KafkaError>, member_id: String, member_epoch: i32, assignment: Vec<Pidx> },
    /// Acquire records of these partitions for the member, acknowledging earlier ones.
    ShareFetch { req: u64, group: String, member_id: String, partitions: Vec<Pidx>, max_records: u32, acks: Vec<(Pidx, u64, AcknowledgeType)> },
    ShareFetchResponse { req: u64, partitions: Vec<ShareFetchData>, ack_errors: Vec<(Pidx, u64, KafkaError)> },
    /// Acknowledgements alone; `close` ends the share session and releases what is still held.
    ShareAcknowledge { req: u64, group: String, member_id: String, acks: Vec<(Pidx, u64, AcknowledgeType)>, close: bool },
    ShareAcknowledgeResponse { req: u64, ack_errors: Vec<(Pidx, u64, KafkaError)> },
    /// The network's answer when the peer is down: the connection was refused.
    Disconnected { kind: MsgKind, req: Option<u64> },
}

pub use super::msg_kind::MsgKind;

impl Msg {
    pub fn kind(&self) -> MsgKind {
        match self {
            Msg::Metadata => MsgKind::Metadata,
            Msg::MetadataResponse { .. } => MsgKind::MetadataResponse,
            Msg::Produce { .. } => MsgKind::Produce,
            Msg::ProduceResponse { .. } => MsgKind::ProduceResponse,
            Msg::Fetch { .. } => MsgKind::Fetch,
            Msg::FetchResponse { .. } => MsgKind::FetchResponse,
            Msg::BrokerRegistration => MsgKind::BrokerRegistration,
            Msg::BrokerHeartbeat { .. } => MsgKind::BrokerHeartbeat,
            Msg::BrokerHeartbeatResponse { .. } => MsgKind::BrokerHeartbeatResponse,
            Msg::AlterPartition { .. } => MsgKind::AlterPartition,
            Msg::AlterPartitionResponse { .. } => MsgKind::AlterPartitionResponse,
            Msg::MetadataUpdate { .. } => MsgKind::MetadataUpdate,
            Msg::LeaderAndIsr { .. } => MsgKind::LeaderAndIsr,
            Msg::UpdateMetadata { .. } => MsgKind::UpdateMetadata,
            Msg::StopReplica { .. } => MsgKind::StopReplica,
            Msg::ControlledShutdown => MsgKind::ControlledShutdown,
            Msg::ControlledShutdownResponse { .. } => MsgKind::ControlledShutdownResponse,
            Msg::ZkPing { .. } => MsgKind::ZkPing,
            Msg::ZkCloseSession => MsgKind::ZkCloseSession,
            Msg::ZkWatch { .. } => MsgKind::ZkWatch,
            Msg::ShareGroupHeartbeat { .. } => MsgKind::ShareGroupHeartbeat,
            Msg::ShareGroupHeartbeatResponse { .. } => MsgKind::ShareGroupHeartbeatResponse,
            Msg::ShareFetch { .. } => MsgKind::ShareFetch,
            Msg::ShareFetchResponse { .. } => MsgKind::ShareFetchResponse,
            Msg::ShareAcknowledge { .. } => MsgKind::ShareAcknowledge,
            Msg::ShareAcknowledgeResponse { .. } => MsgKind::ShareAcknowledgeResponse,
            Msg::Disconnected { .. } => MsgKind::Disconnected,
            Msg::InitProducerId { .. } => MsgKind::InitProducerId,
            Msg::InitProducerIdResponse { .. } => MsgKind::InitProducerIdResponse,
            Msg::FindCoordinator { .. } => MsgKind::FindCoordinator,
            Msg::FindCoordinatorResponse { .. } => MsgKind::FindCoordinatorResponse,
            Msg::AddPartitionsToTxn { .. } => MsgKind::AddPartitionsToTxn,
            Msg::AddPartitionsToTxnResponse { .. } => MsgKind::AddPartitionsToTxnResponse,
            Msg::EndTxn { .. } => MsgKind::EndTxn,
            Msg::EndTxnResponse { .. } => MsgKind::EndTxnResponse,
            Msg::WriteTxnMarkers { .. } => MsgKind::WriteTxnMarkers,
            Msg::WriteTxnMarkersResponse { .. } => MsgKind::WriteTxnMarkersResponse,
            Msg::FindGroupCoordinator { .. } => MsgKind::FindGroupCoordinator,
            Msg::FindGroupCoordinatorResponse { .. } => MsgKind::FindGroupCoordinatorResponse,
            Msg::JoinGroup { .. } => MsgKind::JoinGroup,
            Msg::JoinGroupResponse { .. } => MsgKind::JoinGroupResponse,
            Msg::SyncGroup { .. } => MsgKind::SyncGroup,
            Msg::SyncGroupResponse { .. } => MsgKind::SyncGroupResponse,
            Msg::Heartbeat { .. } => MsgKind::Heartbeat,
            Msg::HeartbeatResponse { .. } => MsgKind::HeartbeatResponse,
            Msg::LeaveGroup { .. } => MsgKind::LeaveGroup,
            Msg::LeaveGroupResponse { .. } => MsgKind::LeaveGroupResponse,
            Msg::OffsetCommit { .. } => MsgKind::OffsetCommit,
            Msg::OffsetCommitResponse { .. } => MsgKind::OffsetCommitResponse,
            Msg::OffsetFetch { .. } => MsgKind::OffsetFetch,
            Msg::OffsetFetchResponse { .. } => MsgKind::OffsetFetchResponse,
            Msg::ConsumerFetch { .. } => MsgKind::ConsumerFetch,
            Msg::ConsumerFetchResponse { .. } => MsgKind::ConsumerFetchResponse,
            Msg::AddOffsetsToTxn { .. } => MsgKind::AddOffsetsToTxn,
            Msg::AddOffsetsToTxnResponse { .. } => MsgKind::AddOffsetsToTxnResponse,
            Msg::TxnOffsetCommit { .. } => MsgKind::TxnOffsetCommit,
            Msg::TxnOffsetCommitResponse { .. } => MsgKind::TxnOffsetCommitResponse,
        }
    }
    /// The request id the sender waits on, if any.
    pub fn req(&self) -> Option<u64> {
        match self {
            Msg::Produce { req, .. } | Msg::Fetch { req, .. } | Msg::InitProducerId { req, .. }
            | Msg::FindCoordinator { req, .. } | Msg::AddPartitionsToTxn { req, .. } | Msg::EndTxn { req, .. }
            | Msg::WriteTxnMarkers { req, .. } | Msg::FindGroupCoordinator { req, .. } | Msg::JoinGroup { req, .. }
            | Msg::SyncGroup { req, .. } | Msg::Heartbeat { req, .. } | Msg::LeaveGroup { req, .. }
            | Msg::OffsetCommit { req, .. } | Msg::OffsetFetch { req, .. } | Msg::ConsumerFetch { req, .. }
            | Msg::AddOffsetsToTxn { req, .. } | Msg::TxnOffsetCommit { req, .. } | Msg::ShareGroupHeartbeat { req, .. }
            | Msg::ShareFetch { req, .. } | Msg::ShareAcknowledge { req, .. } => Some(*req),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Envelope {
    pub id: EnvId,
    pub from: NodeId,
    pub to: NodeId,
    pub msg: Msg,
    pub sent_at: Millis,
    pub deliver_at: Millis,
    /// Marked by a learner (or a drop rule): it will vanish instead of arriving.
    pub doomed: bool,
    /// A producer's request to a broker: the address generation it dialled (`addresses.rs`).
    pub dialled: Option<u32>,
}

/// "Drop the next message of this kind" (optionally only between these nodes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DropRule {
    pub kind: MsgKind,
    pub from: Option<NodeId>,
    pub to: Option<NodeId>,
}

impl DropRule {
    fn matches(&self, e: &Envelope) -> bool {
        self.covers(e.from, e.to, e.msg.kind())
    }

    fn covers(&self, from: NodeId, to: NodeId, kind: MsgKind) -> bool {
        self.kind == kind && self.from.is_none_or(|f| f == from) && self.to.is_none_or(|t| t == to)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Network {
    next_id: EnvId,
    pub in_flight: BTreeMap<EnvId, Envelope>,
    pub drop_rules: Vec<DropRule>,
    /// "Delay the next message of this kind by ms": one-shot, like the drop rules.
    pub delay_rules: Vec<(DropRule, Millis)>,
    /// ZooKeeper mode: per broker, when the controller's last request to it arrives.
    pub in_order_until: BTreeMap<NodeId, Millis>,
    /// Nodes cut off from everyone: their traffic is silently lost (requests time out).
    pub isolated: BTreeSet<NodeId>,
}

/// What happens to an envelope when its delivery time comes.
#[derive(Debug, PartialEq, Eq)]
pub enum Fate {
    Deliver,
    Dropped(DropReason),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DropReason {
    /// A learner or a lesson dropped it.
    Dropped,
    /// Sender or receiver is isolated from the network.
    Isolated,
    /// The receiver is down; the sender sees a refused connection.
    NodeDown,
}

impl Network {
    /// Puts an envelope on the wire; a matching one-shot drop rule dooms it.
    pub fn send(&mut self, from: NodeId, to: NodeId, msg: Msg, now: Millis, latency: Millis, dialled: Option<u32>) -> Envelope {
        self.next_id += 1;
        let mut env = Envelope { id: self.next_id, from, to, msg, sent_at: now, deliver_at: now + latency, doomed: false, dialled };
        if let Some(i) = self.drop_rules.iter().position(|r| r.matches(&env)) {
            self.drop_rules.remove(i);
            env.doomed = true;
        }
        self.in_flight.insert(env.id, env.clone());
        env
    }

    /// Extra latency for a message about to be sent: a matching delay rule's, used up once.
    pub fn take_delay(&mut self, from: NodeId, to: NodeId, kind: MsgKind) -> Millis {
        let hit = self.delay_rules.iter().position(|(r, _)| r.covers(from, to, kind));
        hit.map_or(0, |i| self.delay_rules.remove(i).1)
    }

    /// Takes an envelope off the wire and decides its fate.
    pub fn take(&mut self, id: EnvId, receiver_up: bool) -> Option<(Envelope, Fate)> {
        let env = self.in_flight.remove(&id)?;
        let fate = if env.doomed {
            Fate::Dropped(DropReason::Dropped)
        } else if self.isolated.contains(&env.from) || self.isolated.contains(&env.to) {
            Fate::Dropped(DropReason::Isolated)
        } else if !receiver_up {
            Fate::Dropped(DropReason::NodeDown)
        } else {
            Fate::Deliver
        };
        Some((env, fate))
    }

    /// Marks an in-flight envelope to be dropped; false if it is not in flight.
    pub fn doom(&mut self, id: EnvId) -> bool {
        match self.in_flight.get_mut(&id) {
            Some(e) => {
                e.doomed = true;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_rule_is_one_shot_and_kind_specific() {
        let mut n = Network::default();
        n.drop_rules.push(DropRule { kind: MsgKind::Fetch, from: None, to: Some(NodeId::Broker(1)) });
        let a = n.send(NodeId::Broker(2), NodeId::Broker(1), Msg::Metadata, 0, 1, None);
        let b = n.send(NodeId::Broker(2), NodeId::Broker(1), Msg::Fetch { req: 1, partitions: vec![] }, 0, 1, None);
        let c = n.send(NodeId::Broker(2), NodeId::Broker(1), Msg::Fetch { req: 2, partitions: vec![] }, 0, 1, None);
        assert!(!a.doomed && b.doomed && !c.doomed);
        assert_eq!(n.take(b.id, true).unwrap().1, Fate::Dropped(DropReason::Dropped));
        assert_eq!(n.take(c.id, false).unwrap().1, Fate::Dropped(DropReason::NodeDown));
        assert_eq!(n.take(a.id, true).unwrap().1, Fate::Deliver);
        assert!(n.in_flight.is_empty());
    }

    #[test]
    fn msg_kind_names_round_trip() {
        for k in MsgKind::ALL {
            assert_eq!(MsgKind::parse(k.name()), Some(k));
        }
        assert_eq!(MsgKind::parse("nope"), None);
    }
}
