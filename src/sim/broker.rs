//! A broker: its replicas (logs), its metadata cache, its lifecycle (crash, controlled shutdown,
//! restart) and the Produce path. Fetching, the HW and the ISR live in `replication.rs`.

use super::log::Log;
use super::net::{FetchPartition, Msg, PartitionState, Pidx};
use super::producer_state::ProducerStateMap;
use super::txn_coordinator::TxnMeta;
use super::types::{BrokerId, KafkaError, Millis, NodeId, RecordId};
use super::{Ctx, EventKind, Timer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BrokerStatus {
    Running,
    /// Controlled shutdown requested; still serving until the controller lets it go.
    ShuttingDown,
    Stopped,
    Crashed,
}

/// What the leader knows of one follower (Replica.scala ReplicaState).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowerState {
    /// The follower's LEO as of its last fetch; unknown until it fetches from this leader.
    pub leo: Option<u64>,
    pub last_caught_up_ms: Millis,
    pub last_fetch_ms: Millis,
    pub last_fetch_leader_leo: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderState {
    pub followers: BTreeMap<BrokerId, FollowerState>,
    /// The committed ISR, as last confirmed by the controller.
    pub isr: Vec<BrokerId>,
    /// An AlterPartition in flight (Kafka's PendingExpandIsr / PendingShrinkIsr).
    pub pending_isr: Option<Vec<BrokerId>>,
    pub epoch_start_offset: u64,
}

impl LeaderState {
    /// Kafka's "maximal ISR": the committed ISR plus any replica being added. The HW waits for all.
    pub fn maximal_isr(&self) -> Vec<BrokerId> {
        let mut m = self.isr.clone();
        if let Some(p) = &self.pending_isr {
            for b in p {
                if !m.contains(b) {
                    m.push(*b);
                }
            }
        }
        m
    }
}

#[derive(Clone, Debug)]
pub struct Replica {
    pub log: Log,
    /// The partition's registration as this broker last heard it.
    pub state: PartitionState,
    pub leader_state: Option<LeaderState>,
    pub producers: ProducerStateMap,
    /// The log cleaner's checkpoint and tombstone horizons (compacted topics only).
    pub cleaner: super::compaction::CleanerState,
}

impl Replica {
    /// Last stable offset: below the first open transaction, and never above the HW.
    pub fn lso(&self) -> u64 {
        self.producers.first_unstable_offset().map_or(self.log.hw, |f| f.min(self.log.hw))
    }
}

#[derive(Clone, Debug, Default)]
pub struct Fetcher {
    pub partitions: BTreeSet<Pidx>,
    pub in_flight: Option<u64>,
    pub backing_off: bool,
}

#[derive(Clone, Debug)]
pub struct ParkedFetch {
    pub from: BrokerId,
    pub req: u64,
    pub partitions: Vec<FetchPartition>,
}

/// The records of one Produce request and their idempotence header.
pub struct ProduceBatch<'a> {
    pub records: &'a [RecordId],
    pub keys: &'a [super::log::RecordKey],
    pub producer_id: u32,
    pub producer_epoch: u32,
    pub base_sequence: u32,
    pub transactional: bool,
    pub bytes: u64,
}

#[derive(Clone, Debug)]
pub struct DelayedProduce {
    pub client: NodeId,
    pub req: u64,
    pub pidx: Pidx,
    pub required_offset: u64,
    pub base_offset: u64,
    pub kind: DelayedKind,
}

/// What a write waiting for the HW answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelayedKind {
    Produce,
    /// A transaction marker written for a coordinator (WriteTxnMarkersResponse).
    Marker,
    /// A group's offsets written to `__consumer_offsets` (OffsetCommitResponse).
    OffsetCommit,
}

impl DelayedProduce {
    pub(crate) fn respond(&self, error: Option<KafkaError>, ctx: &mut Ctx) {
        let msg = match self.kind {
            DelayedKind::Marker => Msg::WriteTxnMarkersResponse { req: self.req, pidx: self.pidx, error },
            // GroupMetadataManager: a partition-level write error becomes a coordinator error.
            DelayedKind::OffsetCommit => Msg::OffsetCommitResponse { req: self.req, error: error.map(|e| match e {
                KafkaError::NotLeaderOrFollower => KafkaError::NotCoordinator,
                KafkaError::NotEnoughReplicas | KafkaError::NotEnoughReplicasAfterAppend => KafkaError::CoordinatorNotAvailable,
                e => e,
            }) },
            DelayedKind::Produce => {
                let base_offset = if error.is_none() { Some(self.base_offset) } else { None };
                Msg::ProduceResponse { req: self.req, pidx: self.pidx, error, base_offset }
            }
        };
        ctx.out.send(self.client, msg);
    }
}

#[derive(Clone, Debug)]
pub struct Broker {
    pub id: BrokerId,
    pub rack: Option<String>,
    pub status: BrokerStatus,
    /// Bumped on every crash/stop/restart; timers of an older incarnation never fire.
    pub incarnation: u32,
    pub replicas: BTreeMap<Pidx, Replica>,
    /// Metadata cache served to clients.
    pub metadata: BTreeMap<Pidx, PartitionState>,
    pub fetchers: BTreeMap<BrokerId, Fetcher>,
    pub parked: BTreeMap<u64, ParkedFetch>,
    pub delayed: BTreeMap<u64, DelayedProduce>,
    /// How far this broker has replayed the controller's metadata log.
    pub metadata_offset: u64,
    /// Brokers fenced or shutting down, from the metadata: a leader's HW does not wait for them.
    pub ineligible: BTreeSet<BrokerId>,
    /// ZooKeeper mode: the newest controller epoch this broker has heard from.
    pub controller_epoch: u32,
    /// The replica fetcher does nothing until then (see Action::StallReplication).
    pub fetch_stalled_until: Millis,
    pub(crate) next_producer_id: u32,
    /// Transaction coordinator state for the transactional.ids this broker coordinates.
    pub txns: BTreeMap<String, TxnMeta>,
    /// Consumer groups this broker coordinates.
    pub groups: BTreeMap<String, super::group::Group>,
    /// Share groups this broker coordinates (`share_group.rs`).
    pub share_groups: BTreeMap<String, super::share_group::ShareGroup>,
    pub(crate) next_id: u64,
}

impl Broker {
    pub fn new(id: BrokerId, rack: Option<String>) -> Self {
        Broker {
            id, rack, status: BrokerStatus::Running, incarnation: 0, replicas: BTreeMap::new(),
            metadata: BTreeMap::new(), fetchers: BTreeMap::new(), parked: BTreeMap::new(),
            delayed: BTreeMap::new(), metadata_offset: 0, ineligible: BTreeSet::new(), controller_epoch: 0, fetch_stalled_until: 0, next_producer_id: 0, txns: BTreeMap::new(), groups: BTreeMap::new(), share_groups: BTreeMap::new(), next_id: 0,
        }
    }

    pub fn is_up(&self) -> bool {
        matches!(self.status, BrokerStatus::Running | BrokerStatus::ShuttingDown)
    }

    pub(crate) fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn start_timers(&self, first_heartbeat: Millis, ctx: &mut Ctx) {
        let cfg = &ctx.topo.config.broker;
        ctx.out.timer(first_heartbeat + self.heartbeat_interval(ctx), Timer::BrokerHeartbeat);
        // ReplicaManager schedules isr-expiration every replica.lag.time.max.ms / 2.
        ctx.out.timer((cfg.replica_lag_time_max_ms / 2).max(1), Timer::IsrExpiration);
        // The retention check runs only once some topic sets retention.ms or retention.bytes: the
        // default 7 days never comes due in a playground run, and idle timers would shift every
        // run's event positions (see retention.rs).
        if super::retention::checks_needed(&ctx.topo.config) {
            ctx.out.timer(cfg.log_retention_check_interval_ms.max(1), Timer::RetentionCheck);
        }
        // Likewise the log cleaner, once some topic is compacted.
        if super::compaction::cleaner_needed(&ctx.topo.config) {
            ctx.out.timer(cfg.log_cleaner_backoff_ms.max(1), Timer::LogCleaner);
        }
        ctx.out.timer(cfg.transaction_abort_timed_out_transaction_cleanup_interval_ms, Timer::TxnTimeoutCheck);
    }

    /// Cluster start: the broker already holds the initial metadata.
    pub fn boot(&mut self, initial: &[PartitionState], jitter: Millis, ctx: &mut Ctx) {
        self.status = BrokerStatus::Running;
        self.apply_metadata(initial, ctx);
        self.start_timers(jitter, ctx);
    }

    /// Starts again with the logs it had on disk; everything in memory is gone.
    pub fn restart(&mut self, ctx: &mut Ctx) {
        self.clear_volatile();
        self.status = BrokerStatus::Running;
        ctx.out.event(EventKind::BrokerRestarted { broker: self.id });
        if ctx.topo.config.metadata.zookeeper {
            ctx.out.send(NodeId::ZooKeeper, Msg::ZkPing { session: self.incarnation }); // a new session registers /brokers/ids/<id>
        } else {
            ctx.out.send(NodeId::Controller, Msg::BrokerRegistration);
        }
        self.start_timers(0, ctx);
    }

    fn clear_volatile(&mut self) {
        for r in self.replicas.values_mut() {
            r.leader_state = None;
        }
        self.metadata.clear();
        self.metadata_offset = 0;
        self.ineligible.clear();
        self.controller_epoch = 0;
        self.fetchers.clear();
        self.parked.clear();
        self.delayed.clear();
        self.txns.clear();
        self.groups.clear();
        self.share_groups.clear();
    }

    /// Requests this broker has accepted but not answered (waiting for the HW, a long-poll
    /// fetch, a join or sync): their clients see the connection close when it dies.
    pub fn held_requests(&self) -> Vec<(NodeId, super::net::MsgKind, u64)> {
        use super::net::MsgKind;
        let mut held: Vec<(NodeId, MsgKind, u64)> = self.delayed.values().map(|d| (d.client, match d.kind {
            DelayedKind::Produce => MsgKind::Produce,
            DelayedKind::Marker => MsgKind::WriteTxnMarkers,
            DelayedKind::OffsetCommit => MsgKind::OffsetCommit,
        }, d.req)).collect();
        held.extend(self.parked.values().map(|p| (NodeId::Broker(p.from), MsgKind::Fetch, p.req)));
        for g in self.groups.values() {
            for m in g.members.values() {
                held.extend(m.join_req.map(|r| (m.client, MsgKind::JoinGroup, r)));
                held.extend(m.sync_req.map(|r| (m.client, MsgKind::SyncGroup, r)));
            }
        }
        held
    }

    /// kill -9. Logs (and their HW checkpoints) survive on disk; nothing else does.
    pub fn crash(&mut self) {
        self.clear_volatile();
        self.status = BrokerStatus::Crashed;
        self.incarnation += 1;
    }

    pub fn begin_shutdown(&mut self, ctx: &mut Ctx) {
        self.status = BrokerStatus::ShuttingDown;
        ctx.out.event(EventKind::BrokerShutdownRequested { broker: self.id });
        self.send_heartbeat(ctx);
    }

    /// KRaft: BrokerHeartbeat to the controller. ZooKeeper mode: a session ping, and while
    /// shutting down a ControlledShutdown request.
    fn send_heartbeat(&self, ctx: &mut Ctx) {
        let want_shutdown = self.status == BrokerStatus::ShuttingDown;
        if ctx.topo.config.metadata.zookeeper {
            ctx.out.send(NodeId::ZooKeeper, Msg::ZkPing { session: self.incarnation });
            if want_shutdown {
                ctx.out.send(NodeId::Controller, Msg::ControlledShutdown);
            }
        } else {
            ctx.out.send(NodeId::Controller, Msg::BrokerHeartbeat { want_shutdown, metadata_offset: self.metadata_offset });
        }
    }

    fn heartbeat_interval(&self, ctx: &Ctx) -> Millis {
        if ctx.topo.config.metadata.zookeeper {
            super::zookeeper::ping_interval(ctx)
        } else {
            ctx.topo.config.broker.broker_heartbeat_interval_ms
        }
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        match timer {
            Timer::BrokerHeartbeat => {
                self.send_heartbeat(ctx);
                ctx.out.timer(self.heartbeat_interval(ctx), Timer::BrokerHeartbeat);
            }
            Timer::RetentionCheck => {
                self.run_retention(ctx);
                ctx.out.timer(ctx.topo.config.broker.log_retention_check_interval_ms.max(1), Timer::RetentionCheck);
            }
            Timer::LogCleaner => {
                self.run_cleaner(ctx);
                ctx.out.timer(ctx.topo.config.broker.log_cleaner_backoff_ms.max(1), Timer::LogCleaner);
            }
            Timer::IsrExpiration => {
                self.maybe_shrink_isr(ctx);
                ctx.out.timer((ctx.topo.config.broker.replica_lag_time_max_ms / 2).max(1), Timer::IsrExpiration);
            }
            Timer::FetchBackoff { leader } => {
                if let Some(f) = self.fetchers.get_mut(&leader) {
                    f.backing_off = false;
                }
                self.send_fetch(leader, ctx);
            }
            Timer::FetchWait { parked } => self.complete_parked(parked, ctx),
            Timer::FetchTimeout { leader, req } => {
                if self.fetchers.get(&leader).is_some_and(|f| f.in_flight == Some(req)) {
                    self.fetch_failed(leader, ctx);
                }
            }
            Timer::AlterPartitionTimeout { pidx, partition_epoch } => {
                // AlterPartitionManager gave up waiting; the next ISR check proposes again.
                if let Some(r) = self.replicas.get_mut(&pidx) {
                    if r.state.partition_epoch == partition_epoch {
                        if let Some(ls) = r.leader_state.as_mut() {
                            ls.pending_isr = None;
                        }
                    }
                }
            }
            Timer::ProduceTimeout { id } => {
                if let Some(d) = self.delayed.remove(&id) {
                    d.respond(Some(KafkaError::RequestTimedOut), ctx);
                }
            }
            Timer::TxnTimeoutCheck => {
                self.abort_timed_out(ctx);
                ctx.out.timer(ctx.topo.config.broker.transaction_abort_timed_out_transaction_cleanup_interval_ms, Timer::TxnTimeoutCheck);
            }
            Timer::TxnMarkerRetry { transactional_id } => self.marker_retry(&transactional_id, ctx),
            Timer::GroupRebalanceDeadline { group } => self.rebalance_deadline(&group, ctx),
            Timer::GroupSessionCheck { group } => self.group_session_check(&group, ctx),
            Timer::ShareSessionCheck { group } => self.share_session_check(&group, ctx),
            Timer::ShareLockTimeout { group, pidx } => self.share_lock_timeout(&group, pidx, ctx),
            _ => {}
        }
    }

    pub fn on_message(&mut self, from: NodeId, msg: Msg, ctx: &mut Ctx) {
        match msg {
            Msg::Produce { req, pidx, acks, records, keys, producer_id, producer_epoch, base_sequence, transactional, timeout_ms, bytes } => {
                let batch = ProduceBatch { records: &records, keys: &keys, producer_id, producer_epoch, base_sequence, transactional, bytes };
                self.handle_produce(from, req, pidx, acks, batch, timeout_ms, ctx)
            }
            Msg::InitProducerId { req, transactional_id: None } => {
                // ProducerIdManager: each broker hands out ids from its own block.
                let producer_id = self.allocate_producer_id();
                ctx.out.send(from, Msg::InitProducerIdResponse { req, error: None, producer_id, producer_epoch: 0 });
            }
            Msg::InitProducerId { req, transactional_id: Some(tid) } => self.handle_txn_init(from, req, tid, ctx),
            Msg::FindCoordinator { req, transactional_id } => self.handle_find_coordinator(from, req, &transactional_id, ctx),
            Msg::AddPartitionsToTxn { req, transactional_id, producer_id, producer_epoch, partitions } => {
                self.handle_add_partitions(from, req, transactional_id, producer_id, producer_epoch, partitions, ctx)
            }
            Msg::EndTxn { req, transactional_id, producer_id, producer_epoch, commit } => {
                self.handle_end_txn(from, req, transactional_id, producer_id, producer_epoch, commit, ctx)
            }
            Msg::WriteTxnMarkers { req, producer_id, producer_epoch, commit, pidx } => {
                self.handle_write_marker(from, req, producer_id, producer_epoch, commit, pidx, ctx)
            }
            Msg::WriteTxnMarkersResponse { req, error, .. } => self.handle_marker_response(req, error, ctx),
            Msg::TxnOffsetCommit { req, group, producer_id, offsets, .. } => {
                self.handle_txn_offset_commit(from, req, group, producer_id, offsets, ctx)
            }
            Msg::AddOffsetsToTxn { req, transactional_id, producer_id, producer_epoch, group } => {
                self.handle_add_offsets(from, req, transactional_id, producer_id, producer_epoch, group, ctx)
            }
            Msg::FindGroupCoordinator { req, group } => self.handle_find_group_coordinator(from, req, &group, ctx),
            Msg::JoinGroup { req, join } => self.handle_join_group(from, req, join, ctx),
            Msg::SyncGroup { req, group, generation, member_id, assignments } => {
                self.handle_sync_group(from, req, group, generation, member_id, assignments, ctx)
            }
            Msg::Heartbeat { req, group, generation, member_id } => self.handle_heartbeat(from, req, group, generation, member_id, ctx),
            Msg::LeaveGroup { req, group, member_id } => self.handle_leave_group(from, req, group, member_id, ctx),
            Msg::OffsetCommit { req, group, generation, member_id, offsets } => {
                self.handle_offset_commit(from, req, group, generation, member_id, offsets, ctx)
            }
            Msg::OffsetFetch { req, group, partitions } => self.handle_offset_fetch(from, req, group, partitions, ctx),
            Msg::ConsumerFetch { req, partitions, read_committed } => self.handle_consumer_fetch(from, req, partitions, read_committed, ctx),
            Msg::ShareGroupHeartbeat { req, group, member_id, leave, topics } => self.handle_share_heartbeat(from, req, group, member_id, leave, topics, ctx),
            Msg::ShareFetch { req, group, member_id, partitions, max_records, acks } => {
                self.handle_share_fetch(from, req, group, member_id, partitions, max_records, acks, ctx)
            }
            Msg::ShareAcknowledge { req, group, member_id, acks, close } => self.handle_share_acknowledge(from, req, group, member_id, acks, close, ctx),
            Msg::Disconnected { kind: super::net::MsgKind::WriteTxnMarkers, req: Some(req) } => {
                self.handle_marker_response(req, Some(KafkaError::NetworkException), ctx)
            }
            Msg::Fetch { req, partitions } => {
                if let NodeId::Broker(b) = from {
                    self.handle_fetch(b, req, partitions, ctx);
                }
            }
            Msg::FetchResponse { req, partitions } => {
                if let NodeId::Broker(b) = from {
                    self.handle_fetch_response(b, req, partitions, ctx);
                }
            }
            Msg::Metadata => {
                let partitions = self.metadata.values().map(|s| (s.pidx, s.leader, s.leader_epoch)).collect();
                let brokers = ctx.topo.addresses.iter().map(|(b, g)| (*b, *g)).collect();
                ctx.out.send(from, Msg::MetadataResponse { partitions, brokers });
            }
            Msg::MetadataUpdate { offset, partitions, ineligible } => {
                let current = offset >= self.metadata_offset;
                self.metadata_offset = self.metadata_offset.max(offset);
                self.apply_metadata(&partitions, ctx);
                if current {
                    self.set_ineligible(ineligible, ctx);
                }
            }
            Msg::BrokerHeartbeatResponse { shutdown_allowed, .. } => self.maybe_stop(shutdown_allowed, ctx),
            Msg::ControlledShutdownResponse { partitions_remaining } => {
                self.maybe_stop(partitions_remaining == 0, ctx);
                if self.status == BrokerStatus::Stopped {
                    ctx.out.send(NodeId::ZooKeeper, Msg::ZkCloseSession);
                }
            }
            Msg::LeaderAndIsr { .. } | Msg::UpdateMetadata { .. } | Msg::StopReplica { .. } => self.on_zk_request(msg, ctx),
            Msg::AlterPartitionResponse { pidx, error, state } => self.handle_alter_partition_response(pidx, error, state, ctx),
            Msg::Disconnected { kind: super::net::MsgKind::Fetch, .. } => {
                if let NodeId::Broker(leader) = from {
                    self.fetch_failed(leader, ctx);
                }
            }
            _ => {}
        }
    }

    /// The brokers fenced or shutting down, as the metadata now says.
    pub(crate) fn set_ineligible(&mut self, ineligible: Vec<BrokerId>, ctx: &mut Ctx) {
        let ineligible: BTreeSet<BrokerId> = ineligible.into_iter().collect();
        if ineligible == self.ineligible {
            return;
        }
        self.ineligible = ineligible;
        // A follower the HW was waiting for may be fenced now: the HW can move.
        let led: Vec<Pidx> = self.replicas.iter().filter(|(_, r)| r.leader_state.is_some()).map(|(p, _)| *p).collect();
        for p in led {
            self.maybe_increment_hw(p, ctx);
        }
    }

    /// The controller allowed the shutdown: resign and stop.
    fn maybe_stop(&mut self, shutdown_allowed: bool, ctx: &mut Ctx) {
        if self.status == BrokerStatus::ShuttingDown && shutdown_allowed {
            // A clean shutdown resigns its coordinator partitions: their groups go Dead here.
            let led: Vec<Pidx> = self.replicas.iter().filter(|(_, r)| r.leader_state.is_some()).map(|(p, _)| *p).collect();
            for p in led {
                self.unload_groups(p, ctx);
            }
            self.clear_volatile();
            self.status = BrokerStatus::Stopped;
            self.incarnation += 1;
            ctx.out.event(EventKind::BrokerStopped { broker: self.id });
        }
    }

    /// Replays partition records from the controller: become leader or follower as told
    /// (ReplicaManager.applyDelta → makeLeaders / makeFollowers).
    pub fn apply_metadata(&mut self, states: &[PartitionState], ctx: &mut Ctx) {
        let newer: Vec<PartitionState> = states.iter().filter(|s| self.metadata.get(&s.pidx).is_none_or(|old| {
            (s.leader_epoch, s.partition_epoch) >= (old.leader_epoch, old.partition_epoch)
        })).cloned().collect();
        for s in &newer {
            self.metadata.insert(s.pidx, s.clone());
        }
        self.apply_roles(&newer, ctx);
    }

    /// Leads, follows or drops each partition as its state says (makeLeaders / makeFollowers;
    /// in ZooKeeper mode this is what a LeaderAndIsr request does).
    pub(crate) fn apply_roles(&mut self, states: &[PartitionState], ctx: &mut Ctx) {
        let mut restart_fetch: BTreeSet<BrokerId> = BTreeSet::new();
        for s in states {
            if !s.replicas.contains(&self.id) {
                self.delete_replica(s.pidx, ctx);
                continue;
            }
            let replica = self.replicas.entry(s.pidx).or_insert_with(|| Replica {
                log: Log::default(), state: s.clone(), leader_state: None, producers: ProducerStateMap::default(),
                cleaner: Default::default(),
            });
            let was_leader_same_epoch = replica.leader_state.is_some() && replica.state.leader_epoch == s.leader_epoch;
            let same_follower = replica.leader_state.is_none() && replica.state.leader == s.leader
                && replica.state.leader_epoch == s.leader_epoch && self.fetchers.values().any(|f| f.partitions.contains(&s.pidx));
            replica.state = s.clone();
            if s.leader == Some(self.id) {
                if was_leader_same_epoch {
                    if let Some(ls) = replica.leader_state.as_mut() {
                        ls.isr = s.isr.clone();
                        // A reassignment changed the replica set: track the new followers.
                        let me = self.id;
                        ls.followers.retain(|b, _| s.replicas.contains(b));
                        for b in s.replicas.iter().filter(|b| **b != me) {
                            ls.followers.entry(*b).or_insert(FollowerState { leo: None, last_caught_up_ms: 0, last_fetch_ms: 0, last_fetch_leader_leo: 0 });
                        }
                    }
                } else {
                    self.make_leader(s.pidx, ctx);
                }
            } else if !same_follower {
                self.make_follower(s.pidx, ctx);
                if let Some(l) = s.leader {
                    restart_fetch.insert(l);
                }
            }
        }
        for l in restart_fetch {
            self.send_fetch(l, ctx);
        }
    }

    /// Reassigned away (StopReplica with delete): stop leading or fetching, drop the log.
    pub(crate) fn delete_replica(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        if self.replicas.contains_key(&pidx) {
            self.make_follower(pidx, ctx);
            for f in self.fetchers.values_mut() {
                f.partitions.remove(&pidx);
            }
            self.replicas.remove(&pidx);
            ctx.out.event(EventKind::ReplicaDeleted { tp: ctx.topo.tp(pidx).clone(), broker: self.id });
        }
    }

    fn make_leader(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        for f in self.fetchers.values_mut() {
            f.partitions.remove(&pidx);
        }
        let me = self.id;
        let Some(r) = self.replicas.get_mut(&pidx) else { return };
        let epoch = r.state.leader_epoch;
        // Partition.makeLeader: the new epoch starts at the current LEO (maybeAssignEpochStartOffset).
        if r.log.latest_epoch().is_none_or(|e| e < epoch) {
            let leo = r.log.leo();
            r.log.epochs.push((epoch, leo));
        }
        let followers = r.state.replicas.iter().filter(|b| **b != me).map(|b| {
            let in_isr = r.state.isr.contains(b);
            (*b, FollowerState {
                leo: None,
                last_caught_up_ms: if in_isr { ctx.now } else { 0 },
                last_fetch_ms: 0,
                last_fetch_leader_leo: 0,
            })
        }).collect();
        r.leader_state = Some(LeaderState {
            followers, isr: r.state.isr.clone(), pending_isr: None, epoch_start_offset: r.log.leo(),
        });
        ctx.out.event(EventKind::BecameLeader { tp: ctx.topo.tp(pidx).clone(), broker: me, epoch, leo: r.log.leo() });
        self.load_groups(pidx, ctx);
        self.after_leader_change(pidx, ctx);
    }

    fn make_follower(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        for f in self.fetchers.values_mut() {
            f.partitions.remove(&pidx);
        }
        let Some(r) = self.replicas.get_mut(&pidx) else { return };
        let was_leader = r.leader_state.take().is_some();
        let leader = r.state.leader;
        if was_leader {
            self.unload_groups(pidx, ctx);
        }
        // Waiting acks=all requests can no longer be satisfied here.
        let gone: Vec<u64> = self.delayed.iter().filter(|(_, d)| d.pidx == pidx).map(|(id, _)| *id).collect();
        for id in gone {
            let d = self.delayed.remove(&id).expect("present");
            d.respond(Some(KafkaError::NotLeaderOrFollower), ctx);
        }
        if let Some(l) = leader.filter(|l| *l != self.id) {
            self.fetchers.entry(l).or_default().partitions.insert(pidx);
        }
    }
}
