//! The transaction coordinator: the broker leading the `__transaction_state` partition that a
//! transactional.id hashes to (TransactionStateManager.partitionFor). It hands out producer ids
//! and epochs (bumping the epoch fences zombies), tracks the partitions of the ongoing
//! transaction, and on EndTxn writes COMMIT/ABORT markers to every one of them.
//!
//! Simplification: the coordinator keeps TransactionMetadata in memory; Kafka also writes it to
//! the `__transaction_state` log so a new coordinator can reload it after a failover.

use super::broker::Broker;
use super::hash::coordinator_partition;
use super::net::{Msg, Pidx};
use super::types::{BrokerId, KafkaError, Millis, NodeId};
use super::{Ctx, EventKind, Timer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub const TXN_TOPIC: &str = "__transaction_state";

/// TransactionState, as the coordinator's state machine names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TxnState {
    Empty,
    Ongoing,
    PrepareCommit,
    PrepareAbort,
    CompleteCommit,
    CompleteAbort,
}

impl TxnState {
    pub fn name(self) -> &'static str {
        match self {
            TxnState::Empty => "Empty",
            TxnState::Ongoing => "Ongoing",
            TxnState::PrepareCommit => "PrepareCommit",
            TxnState::PrepareAbort => "PrepareAbort",
            TxnState::CompleteCommit => "CompleteCommit",
            TxnState::CompleteAbort => "CompleteAbort",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxnMeta {
    pub producer_id: u32,
    pub epoch: u32,
    pub state: TxnState,
    pub partitions: BTreeSet<Pidx>,
    pub started_at: Millis,
    /// Markers not yet acknowledged: request id → partition.
    pub pending_markers: BTreeMap<u64, Pidx>,
    /// Partitions whose marker must be (re)sent.
    pub unsent_markers: BTreeSet<Pidx>,
}

/// The `__transaction_state` partition (global index) that coordinates `transactional_id`.
pub fn txn_partition(transactional_id: &str, ctx: &Ctx) -> Option<Pidx> {
    let pids = ctx.topo.topics.get(TXN_TOPIC)?;
    let p = coordinator_partition(transactional_id, pids.len() as u32);
    pids.get(p as usize).copied()
}

impl Broker {
    fn is_coordinator(&self, transactional_id: &str, ctx: &Ctx) -> bool {
        txn_partition(transactional_id, ctx)
            .and_then(|p| self.replicas.get(&p))
            .is_some_and(|r| r.leader_state.is_some())
    }

    /// FindCoordinator: any broker answers from its metadata cache.
    pub(crate) fn handle_find_coordinator(&mut self, from: NodeId, req: u64, transactional_id: &str, ctx: &mut Ctx) {
        let leader = txn_partition(transactional_id, ctx).and_then(|p| self.metadata.get(&p)).and_then(|s| s.leader);
        let error = if leader.is_none() { Some(KafkaError::CoordinatorNotAvailable) } else { None };
        ctx.out.send(from, Msg::FindCoordinatorResponse { req, error, coordinator: leader });
    }

    /// InitProducerId with a transactional.id: a new id, or the same id with a bumped epoch
    /// (which fences the previous instance and aborts its open transaction).
    pub(crate) fn handle_txn_init(&mut self, from: NodeId, req: u64, transactional_id: String, ctx: &mut Ctx) {
        let reply = |ctx: &mut Ctx, error: Option<KafkaError>, pid: u32, epoch: u32| {
            ctx.out.send(from, Msg::InitProducerIdResponse { req, error, producer_id: pid, producer_epoch: epoch });
        };
        if !self.is_coordinator(&transactional_id, ctx) {
            return reply(ctx, Some(KafkaError::NotCoordinator), 0, 0);
        }
        let me = self.id;
        let new_pid = self.allocate_producer_id();
        let meta = self.txns.entry(transactional_id.clone()).or_insert(TxnMeta {
            producer_id: new_pid, epoch: 0, state: TxnState::Empty, partitions: BTreeSet::new(), started_at: ctx.now,
            pending_markers: BTreeMap::new(), unsent_markers: BTreeSet::new(),
        });
        match meta.state {
            TxnState::Ongoing => {
                // TransactionCoordinator.handleInitProducerId: fence the old epoch and abort first.
                meta.epoch += 1;
                ctx.out.event(EventKind::ProducerFencedByCoordinator { transactional_id: transactional_id.clone(), coordinator: me, epoch: meta.epoch });
                self.end_transaction(&transactional_id, false, ctx);
                reply(ctx, Some(KafkaError::ConcurrentTransactions), 0, 0)
            }
            TxnState::PrepareCommit | TxnState::PrepareAbort => reply(ctx, Some(KafkaError::ConcurrentTransactions), 0, 0),
            _ => {
                let fresh = meta.producer_id == new_pid && meta.epoch == 0 && meta.state == TxnState::Empty && meta.partitions.is_empty();
                if !fresh {
                    meta.epoch += 1;
                }
                meta.state = TxnState::Empty;
                meta.partitions.clear();
                let (pid, epoch) = (meta.producer_id, meta.epoch);
                if epoch > 0 {
                    ctx.out.event(EventKind::ProducerFencedByCoordinator { transactional_id, coordinator: me, epoch });
                }
                reply(ctx, None, pid, epoch)
            }
        }
    }

    fn check_txn(&self, transactional_id: &str, producer_id: u32, epoch: u32, ctx: &Ctx) -> Result<(), KafkaError> {
        if !self.is_coordinator(transactional_id, ctx) {
            return Err(KafkaError::NotCoordinator);
        }
        let Some(meta) = self.txns.get(transactional_id) else { return Err(KafkaError::InvalidProducerIdMapping) };
        if meta.producer_id != producer_id {
            return Err(KafkaError::InvalidProducerIdMapping);
        }
        if epoch < meta.epoch {
            return Err(KafkaError::ProducerFenced);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn handle_add_partitions(&mut self, from: NodeId, req: u64, transactional_id: String, producer_id: u32,
                                        epoch: u32, partitions: Vec<Pidx>, ctx: &mut Ctx) {
        let error = self.add_to_txn(&transactional_id, producer_id, epoch, partitions, ctx);
        ctx.out.send(from, Msg::AddPartitionsToTxnResponse { req, error });
    }

    fn add_to_txn(&mut self, transactional_id: &str, producer_id: u32, epoch: u32, partitions: Vec<Pidx>, ctx: &mut Ctx) -> Option<KafkaError> {
        if let Err(e) = self.check_txn(transactional_id, producer_id, epoch, ctx) {
            return Some(e);
        }
        let meta = self.txns.get_mut(transactional_id).expect("checked");
        match meta.state {
            TxnState::PrepareCommit | TxnState::PrepareAbort => Some(KafkaError::ConcurrentTransactions),
            _ => {
                if meta.state != TxnState::Ongoing {
                    meta.state = TxnState::Ongoing;
                    meta.started_at = ctx.now;
                    meta.partitions.clear();
                }
                meta.partitions.extend(partitions);
                None
            }
        }
    }

    /// AddOffsetsToTxn: the group's `__consumer_offsets` partition becomes part of the transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn handle_add_offsets(&mut self, from: NodeId, req: u64, transactional_id: String, producer_id: u32,
                                     epoch: u32, group: String, ctx: &mut Ctx) {
        let error = match super::group::group_partition(&group, ctx) {
            Some(p) => self.add_to_txn(&transactional_id, producer_id, epoch, vec![p], ctx),
            None => Some(KafkaError::CoordinatorNotAvailable),
        };
        ctx.out.send(from, Msg::AddOffsetsToTxnResponse { req, error });
    }

    pub(crate) fn handle_end_txn(&mut self, from: NodeId, req: u64, transactional_id: String, producer_id: u32,
                                 epoch: u32, commit: bool, ctx: &mut Ctx) {
        let error = match self.check_txn(&transactional_id, producer_id, epoch, ctx) {
            Err(e) => Some(e),
            Ok(()) => match (self.txns[&transactional_id].state, commit) {
                (TxnState::Ongoing, _) => {
                    self.end_transaction(&transactional_id, commit, ctx);
                    None
                }
                // A retried EndTxn after the coordinator already finished it.
                (TxnState::CompleteCommit | TxnState::PrepareCommit, true) | (TxnState::CompleteAbort | TxnState::PrepareAbort, false) => None,
                (TxnState::Empty, false) => None,
                _ => Some(KafkaError::InvalidTxnState),
            },
        };
        ctx.out.send(from, Msg::EndTxnResponse { req, error });
    }

    /// PrepareCommit/PrepareAbort, then a marker to every partition of the transaction.
    fn end_transaction(&mut self, transactional_id: &str, commit: bool, ctx: &mut Ctx) {
        let Some(meta) = self.txns.get_mut(transactional_id) else { return };
        meta.state = if commit { TxnState::PrepareCommit } else { TxnState::PrepareAbort };
        meta.unsent_markers = meta.partitions.clone();
        ctx.out.event(EventKind::TxnStateChanged { transactional_id: transactional_id.to_string(), state: meta.state.name().to_string() });
        self.send_markers(transactional_id, ctx);
    }

    fn send_markers(&mut self, transactional_id: &str, ctx: &mut Ctx) {
        let Some(meta) = self.txns.get(transactional_id) else { return };
        let commit = meta.state == TxnState::PrepareCommit;
        let (pid, epoch) = (meta.producer_id, meta.epoch);
        let todo: Vec<Pidx> = meta.unsent_markers.iter().copied().collect();
        let mut sent = Vec::new();
        for pidx in todo {
            let Some(leader) = self.metadata.get(&pidx).and_then(|s| s.leader) else { continue };
            let req = self.next_id();
            ctx.out.send(NodeId::Broker(leader), Msg::WriteTxnMarkers { req, producer_id: pid, producer_epoch: epoch, commit, pidx });
            sent.push((req, pidx));
        }
        let meta = self.txns.get_mut(transactional_id).expect("meta");
        for (req, pidx) in sent {
            meta.unsent_markers.remove(&pidx);
            meta.pending_markers.insert(req, pidx);
        }
        if !meta.unsent_markers.is_empty() {
            ctx.out.timer(100, Timer::TxnMarkerRetry { transactional_id: transactional_id.to_string() });
        }
        self.maybe_complete(transactional_id, ctx);
    }

    fn maybe_complete(&mut self, transactional_id: &str, ctx: &mut Ctx) {
        let Some(meta) = self.txns.get_mut(transactional_id) else { return };
        if !meta.pending_markers.is_empty() || !meta.unsent_markers.is_empty() {
            return;
        }
        meta.state = match meta.state {
            TxnState::PrepareCommit => TxnState::CompleteCommit,
            TxnState::PrepareAbort => TxnState::CompleteAbort,
            _ => return,
        };
        ctx.out.event(EventKind::TxnStateChanged { transactional_id: transactional_id.to_string(), state: meta.state.name().to_string() });
    }

    pub(crate) fn handle_marker_response(&mut self, req: u64, error: Option<KafkaError>, ctx: &mut Ctx) {
        let Some(tid) = self.txns.iter().find(|(_, m)| m.pending_markers.contains_key(&req)).map(|(t, _)| t.clone()) else { return };
        let meta = self.txns.get_mut(&tid).expect("meta");
        let pidx = meta.pending_markers.remove(&req).expect("pending");
        if error.is_some() {
            // TransactionMarkerChannelManager retries until the marker is written.
            meta.unsent_markers.insert(pidx);
            ctx.out.timer(100, Timer::TxnMarkerRetry { transactional_id: tid.clone() });
        }
        self.maybe_complete(&tid, ctx);
    }

    pub(crate) fn marker_retry(&mut self, transactional_id: &str, ctx: &mut Ctx) {
        self.send_markers(transactional_id, ctx);
    }

    /// Transactions open longer than transaction.timeout.ms are aborted, with an epoch bump.
    pub(crate) fn abort_timed_out(&mut self, ctx: &mut Ctx) {
        let timeout = ctx.topo.config.producer.transaction_timeout_ms;
        let expired: Vec<String> = self.txns.iter()
            .filter(|(_, m)| m.state == TxnState::Ongoing && ctx.now.saturating_sub(m.started_at) > timeout)
            .map(|(t, _)| t.clone()).collect();
        for tid in expired {
            if !self.is_coordinator(&tid, ctx) {
                continue;
            }
            let meta = self.txns.get_mut(&tid).expect("meta");
            meta.epoch += 1;
            ctx.out.event(EventKind::ProducerFencedByCoordinator { transactional_id: tid.clone(), coordinator: self.id, epoch: meta.epoch });
            self.end_transaction(&tid, false, ctx);
        }
    }

    /// Partition leader side of WriteTxnMarkers: append the control record; answer once the
    /// HW covers it (markers are written with acks=all).
    pub(crate) fn handle_write_marker(&mut self, from: NodeId, req: u64, producer_id: u32, producer_epoch: u32,
                                      commit: bool, pidx: Pidx, ctx: &mut Ctx) {
        let me: BrokerId = self.id;
        let Some(r) = self.replicas.get_mut(&pidx).filter(|r| r.leader_state.is_some()) else {
            ctx.out.send(from, Msg::WriteTxnMarkersResponse { req, pidx, error: Some(KafkaError::NotLeaderOrFollower) });
            return;
        };
        let control = if commit { super::log::Control::Commit } else { super::log::Control::Abort };
        let entry = super::log::LogEntry {
            producer_id, producer_epoch, transactional: true, control, ..super::log::LogEntry::data(0, r.state.leader_epoch)
        };
        let offset = r.log.append(entry);
        r.producers.on_append(&entry, offset);
        ctx.out.event(EventKind::MarkerWritten { tp: ctx.topo.tp(pidx).clone(), broker: me, offset, commit, producer_id });
        self.complete_txn_offsets(pidx, producer_id, commit, ctx);
        let id = self.next_id();
        self.delayed.insert(id, super::broker::DelayedProduce {
            client: from, req, pidx, required_offset: offset + 1, base_offset: offset, kind: super::broker::DelayedKind::Marker,
        });
        ctx.out.timer(ctx.topo.config.broker.request_timeout_ms, Timer::ProduceTimeout { id });
        self.wake_parked(pidx, ctx);
        self.maybe_increment_hw(pidx, ctx);
        self.check_delayed(pidx, ctx);
    }

    pub(crate) fn allocate_producer_id(&mut self) -> u32 {
        self.next_producer_id += 1;
        self.id * 1_000 + self.next_producer_id
    }
}
