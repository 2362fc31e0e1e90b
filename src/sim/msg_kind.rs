//! The kind of every message (its Kafka API name), for drawing, filtering and "drop the next …".

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MsgKind {
    Metadata,
    MetadataResponse,
    Produce,
    ProduceResponse,
    Fetch,
    FetchResponse,
    BrokerRegistration,
    BrokerHeartbeat,
    BrokerHeartbeatResponse,
    AlterPartition,
    AlterPartitionResponse,
    MetadataUpdate,
    Disconnected,
    InitProducerId,
    InitProducerIdResponse,
    FindCoordinator,
    FindCoordinatorResponse,
    AddPartitionsToTxn,
    AddPartitionsToTxnResponse,
    EndTxn,
    EndTxnResponse,
    WriteTxnMarkers,
    WriteTxnMarkersResponse,
    FindGroupCoordinator,
    FindGroupCoordinatorResponse,
    JoinGroup,
    JoinGroupResponse,
    SyncGroup,
    SyncGroupResponse,
    Heartbeat,
    HeartbeatResponse,
    LeaveGroup,
    LeaveGroupResponse,
    OffsetCommit,
    OffsetCommitResponse,
    OffsetFetch,
    OffsetFetchResponse,
    ConsumerFetch,
    ConsumerFetchResponse,
    AddOffsetsToTxn,
    AddOffsetsToTxnResponse,
    TxnOffsetCommit,
    TxnOffsetCommitResponse,
    // ZooKeeper mode (`zookeeper.rs`).
    LeaderAndIsr,
    UpdateMetadata,
    StopReplica,
    ControlledShutdown,
    ControlledShutdownResponse,
    ZkPing,
    ZkCloseSession,
    ZkWatch,
}

impl MsgKind {
    pub const ALL: [MsgKind; 51] = [
        MsgKind::Metadata, MsgKind::MetadataResponse, MsgKind::Produce, MsgKind::ProduceResponse,
        MsgKind::Fetch, MsgKind::FetchResponse, MsgKind::BrokerRegistration, MsgKind::BrokerHeartbeat,
        MsgKind::BrokerHeartbeatResponse, MsgKind::AlterPartition, MsgKind::AlterPartitionResponse,
        MsgKind::MetadataUpdate, MsgKind::Disconnected, MsgKind::InitProducerId, MsgKind::InitProducerIdResponse,
        MsgKind::FindCoordinator, MsgKind::FindCoordinatorResponse, MsgKind::AddPartitionsToTxn,
        MsgKind::AddPartitionsToTxnResponse, MsgKind::EndTxn, MsgKind::EndTxnResponse, MsgKind::WriteTxnMarkers,
        MsgKind::WriteTxnMarkersResponse,
        MsgKind::FindGroupCoordinator, MsgKind::FindGroupCoordinatorResponse, MsgKind::JoinGroup, MsgKind::JoinGroupResponse, MsgKind::SyncGroup, MsgKind::SyncGroupResponse, MsgKind::Heartbeat, MsgKind::HeartbeatResponse, MsgKind::LeaveGroup, MsgKind::LeaveGroupResponse, MsgKind::OffsetCommit, MsgKind::OffsetCommitResponse, MsgKind::OffsetFetch, MsgKind::OffsetFetchResponse, MsgKind::ConsumerFetch, MsgKind::ConsumerFetchResponse,
        MsgKind::AddOffsetsToTxn, MsgKind::AddOffsetsToTxnResponse, MsgKind::TxnOffsetCommit, MsgKind::TxnOffsetCommitResponse,
        MsgKind::LeaderAndIsr, MsgKind::UpdateMetadata, MsgKind::StopReplica, MsgKind::ControlledShutdown, MsgKind::ControlledShutdownResponse, MsgKind::ZkPing, MsgKind::ZkCloseSession, MsgKind::ZkWatch,
    ];
    pub fn name(self) -> &'static str {
        match self {
            MsgKind::Metadata => "Metadata",
            MsgKind::MetadataResponse => "MetadataResponse",
            MsgKind::Produce => "Produce",
            MsgKind::ProduceResponse => "ProduceResponse",
            MsgKind::Fetch => "Fetch",
            MsgKind::FetchResponse => "FetchResponse",
            MsgKind::BrokerRegistration => "BrokerRegistration",
            MsgKind::BrokerHeartbeat => "BrokerHeartbeat",
            MsgKind::BrokerHeartbeatResponse => "BrokerHeartbeatResponse",
            MsgKind::AlterPartition => "AlterPartition",
            MsgKind::AlterPartitionResponse => "AlterPartitionResponse",
            MsgKind::MetadataUpdate => "MetadataUpdate",
            MsgKind::Disconnected => "Disconnected",
            MsgKind::InitProducerId => "InitProducerId",
            MsgKind::InitProducerIdResponse => "InitProducerIdResponse",
            MsgKind::FindCoordinator => "FindCoordinator",
            MsgKind::FindCoordinatorResponse => "FindCoordinatorResponse",
            MsgKind::AddPartitionsToTxn => "AddPartitionsToTxn",
            MsgKind::AddPartitionsToTxnResponse => "AddPartitionsToTxnResponse",
            MsgKind::EndTxn => "EndTxn",
            MsgKind::EndTxnResponse => "EndTxnResponse",
            MsgKind::WriteTxnMarkers => "WriteTxnMarkers",
            MsgKind::WriteTxnMarkersResponse => "WriteTxnMarkersResponse",
            MsgKind::FindGroupCoordinator => "FindGroupCoordinator",
            MsgKind::FindGroupCoordinatorResponse => "FindGroupCoordinatorResponse",
            MsgKind::JoinGroup => "JoinGroup",
            MsgKind::JoinGroupResponse => "JoinGroupResponse",
            MsgKind::SyncGroup => "SyncGroup",
            MsgKind::SyncGroupResponse => "SyncGroupResponse",
            MsgKind::Heartbeat => "Heartbeat",
            MsgKind::HeartbeatResponse => "HeartbeatResponse",
            MsgKind::LeaveGroup => "LeaveGroup",
            MsgKind::LeaveGroupResponse => "LeaveGroupResponse",
            MsgKind::OffsetCommit => "OffsetCommit",
            MsgKind::OffsetCommitResponse => "OffsetCommitResponse",
            MsgKind::OffsetFetch => "OffsetFetch",
            MsgKind::OffsetFetchResponse => "OffsetFetchResponse",
            MsgKind::ConsumerFetch => "ConsumerFetch",
            MsgKind::ConsumerFetchResponse => "ConsumerFetchResponse",
            MsgKind::AddOffsetsToTxn => "AddOffsetsToTxn",
            MsgKind::AddOffsetsToTxnResponse => "AddOffsetsToTxnResponse",
            MsgKind::TxnOffsetCommit => "TxnOffsetCommit",
            MsgKind::TxnOffsetCommitResponse => "TxnOffsetCommitResponse",
            MsgKind::LeaderAndIsr => "LeaderAndIsr",
            MsgKind::UpdateMetadata => "UpdateMetadata",
            MsgKind::StopReplica => "StopReplica",
            MsgKind::ControlledShutdown => "ControlledShutdown",
            MsgKind::ControlledShutdownResponse => "ControlledShutdownResponse",
            MsgKind::ZkPing => "ZkPing",
            MsgKind::ZkCloseSession => "ZkCloseSession",
            MsgKind::ZkWatch => "ZkWatch",
        }
    }
    pub fn parse(s: &str) -> Option<MsgKind> {
        MsgKind::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(s.trim()))
    }
    pub fn is_request(self) -> bool {
        matches!(self, MsgKind::Metadata | MsgKind::Produce | MsgKind::Fetch | MsgKind::BrokerRegistration
            | MsgKind::BrokerHeartbeat | MsgKind::AlterPartition | MsgKind::InitProducerId | MsgKind::FindCoordinator
            | MsgKind::AddPartitionsToTxn | MsgKind::EndTxn | MsgKind::WriteTxnMarkers | MsgKind::FindGroupCoordinator
            | MsgKind::JoinGroup | MsgKind::SyncGroup | MsgKind::Heartbeat | MsgKind::LeaveGroup | MsgKind::OffsetCommit
            | MsgKind::OffsetFetch | MsgKind::ConsumerFetch | MsgKind::AddOffsetsToTxn | MsgKind::TxnOffsetCommit | MsgKind::ControlledShutdown)
    }
}

