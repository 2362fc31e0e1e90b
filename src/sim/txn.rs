//! The producer's TransactionManager: initTransactions (FindCoordinator + InitProducerId with the
//! transactional.id), beginTransaction, AddPartitionsToTxn before the first write to a partition,
//! and commit/abort through EndTxn. A newer instance's epoch fences this one for good.

use super::net::{Msg, Pidx};
use super::producer::{BatchState, PidState, Producer};
use super::types::{BrokerId, KafkaError, NodeId, RecordId};
use super::{Ctx, EventKind, Timer};
use serde::Serialize;
use std::collections::BTreeSet;

/// TransactionManager.State
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TxnClientState {
    Initializing,
    Ready,
    InTransaction,
    Committing,
    Aborting,
    Fenced,
}

impl TxnClientState {
    /// The state's name, as claims (`producer.N.txn_state`) and the UI spell it.
    pub fn name(self) -> &'static str {
        match self {
            TxnClientState::Initializing => "Initializing",
            TxnClientState::Ready => "Ready",
            TxnClientState::InTransaction => "InTransaction",
            TxnClientState::Committing => "Committing",
            TxnClientState::Aborting => "Aborting",
            TxnClientState::Fenced => "Fenced",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TxnRequest {
    FindCoordinator,
    InitProducerId,
    AddPartitions(Vec<Pidx>),
    AddOffsets,
    FindGroupCoordinator,
    TxnOffsetCommit,
    EndTxn(bool),
}

#[derive(Clone, Debug)]
pub struct TxnManager {
    pub transactional_id: String,
    pub state: TxnClientState,
    pub coordinator: Option<BrokerId>,
    /// Partitions the coordinator has confirmed for the current transaction.
    pub added: BTreeSet<Pidx>,
    /// Partitions written to but not yet added.
    pub pending: BTreeSet<Pidx>,
    /// At most one coordinator request at a time.
    pub request: Option<(u64, TxnRequest)>,
    /// Records sent in the current transaction.
    pub records: Vec<RecordId>,
    /// sendOffsetsToTransaction still to do: the group and its offsets, and how far it got.
    pub offsets: Option<(String, Vec<(Pidx, u64)>)>,
    pub offsets_added: bool,
    pub group_coordinator: Option<BrokerId>,
}

impl TxnManager {
    pub fn new(transactional_id: &str) -> Self {
        TxnManager {
            transactional_id: transactional_id.to_string(), state: TxnClientState::Initializing, coordinator: None,
            added: BTreeSet::new(), pending: BTreeSet::new(), request: None, records: Vec::new(),
            offsets: None, offsets_added: false, group_coordinator: None,
        }
    }
}

impl Producer {
    fn txn_send(&mut self, to: NodeId, what: TxnRequest, msg_for: impl FnOnce(u64) -> Msg, ctx: &mut Ctx) {
        let req = self.next_id();
        if let Some(t) = self.txn.as_mut() {
            t.request = Some((req, what));
        }
        ctx.out.send(to, msg_for(req));
        ctx.out.timer(self.config.request_timeout_ms, Timer::RequestTimeout { req });
    }

    /// Drives the transaction forward: find the coordinator, initialise, add partitions, end.
    pub(crate) fn txn_progress(&mut self, ctx: &mut Ctx) {
        let Some(t) = self.txn.as_ref() else { return };
        if t.request.is_some() || t.state == TxnClientState::Fenced {
            return;
        }
        let tid = t.transactional_id.clone();
        let Some(coordinator) = t.coordinator else {
            let to = NodeId::Broker(ctx.topo.config.brokers[self.bootstrap_cursor % ctx.topo.config.brokers.len()].id);
            self.txn_send(to, TxnRequest::FindCoordinator, |req| Msg::FindCoordinator { req, transactional_id: tid }, ctx);
            return;
        };
        let to = NodeId::Broker(coordinator);
        let (pid, epoch) = (self.producer_id(), self.producer_epoch());
        match t.state {
            TxnClientState::Initializing => {
                self.txn_send(to, TxnRequest::InitProducerId, |req| Msg::InitProducerId { req, transactional_id: Some(tid) }, ctx);
            }
            TxnClientState::InTransaction | TxnClientState::Committing if !t.pending.is_empty() => {
                let parts: Vec<Pidx> = t.pending.iter().copied().collect();
                let p2 = parts.clone();
                self.txn_send(to, TxnRequest::AddPartitions(parts), |req| Msg::AddPartitionsToTxn {
                    req, transactional_id: tid, producer_id: pid, producer_epoch: epoch, partitions: p2,
                }, ctx);
            }
            TxnClientState::InTransaction | TxnClientState::Committing if t.offsets.is_some() => {
                let (group, offsets) = t.offsets.clone().expect("offsets");
                if !t.offsets_added {
                    self.txn_send(to, TxnRequest::AddOffsets, |req| Msg::AddOffsetsToTxn {
                        req, transactional_id: tid, producer_id: pid, producer_epoch: epoch, group,
                    }, ctx);
                } else if let Some(gc) = t.group_coordinator {
                    self.txn_send(NodeId::Broker(gc), TxnRequest::TxnOffsetCommit, |req| Msg::TxnOffsetCommit {
                        req, group, producer_id: pid, producer_epoch: epoch, offsets,
                    }, ctx);
                } else {
                    let any = NodeId::Broker(ctx.topo.config.brokers[self.bootstrap_cursor % ctx.topo.config.brokers.len()].id);
                    self.txn_send(any, TxnRequest::FindGroupCoordinator, |req| Msg::FindGroupCoordinator { req, group }, ctx);
                }
            }
            TxnClientState::Committing | TxnClientState::Aborting if self.batches.is_empty() => {
                let commit = t.state == TxnClientState::Committing;
                self.txn_send(to, TxnRequest::EndTxn(commit), |req| Msg::EndTxn {
                    req, transactional_id: tid, producer_id: pid, producer_epoch: epoch, commit,
                }, ctx);
            }
            _ => {}
        }
    }

    /// Whether batches of `pidx` may be sent now (the partition must be in the transaction).
    pub(crate) fn txn_allows(&self, pidx: Pidx) -> bool {
        match &self.txn {
            None => true,
            Some(t) => t.added.contains(&pidx) && t.state != TxnClientState::Fenced,
        }
    }

    pub(crate) fn txn_record_sent(&mut self, record: RecordId, pidx: Pidx, ctx: &mut Ctx) {
        if let Some(t) = self.txn.as_mut() {
            t.records.push(record);
            if !t.added.contains(&pidx) {
                t.pending.insert(pidx);
            }
            self.txn_progress(ctx);
        }
    }

    pub fn begin_transaction(&mut self) -> Result<(), String> {
        let t = self.txn.as_mut().ok_or("Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property")?;
        if t.state != TxnClientState::Ready {
            return Err(format!("TransactionalId {}: Invalid transition attempted from state {:?} to state InTransaction", t.transactional_id, t.state));
        }
        t.state = TxnClientState::InTransaction;
        t.added.clear();
        t.pending.clear();
        t.records.clear();
        Ok(())
    }

    /// sendOffsetsToTransaction: the consumer's offsets commit with this transaction, or not at all.
    pub fn send_offsets_to_transaction(&mut self, group: &str, offsets: Vec<(Pidx, u64)>, ctx: &mut Ctx) -> Result<(), String> {
        let t = self.txn.as_mut().ok_or("Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property")?;
        if t.state != TxnClientState::InTransaction {
            return Err(format!("Cannot send offsets if a transaction is not in progress (currentState= {:?})", t.state));
        }
        t.offsets = Some((group.to_string(), offsets));
        t.offsets_added = false;
        self.txn_progress(ctx);
        Ok(())
    }

    /// commitTransaction / abortTransaction. Abort drops batches not yet sent.
    pub fn end_transaction(&mut self, commit: bool, ctx: &mut Ctx) -> Result<(), String> {
        let t = self.txn.as_mut().ok_or("Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property")?;
        if t.state != TxnClientState::InTransaction {
            let to = if commit { "CommittingTransaction" } else { "AbortingTransaction" };
            return Err(format!("TransactionalId {}: Invalid transition attempted from state {:?} to state {to}", t.transactional_id, t.state));
        }
        t.state = if commit { TxnClientState::Committing } else { TxnClientState::Aborting };
        let pids: Vec<Pidx> = self.queues.keys().copied().collect();
        for pidx in pids {
            self.close_open_batch(pidx, ctx);
        }
        if !commit {
            let unsent: Vec<u64> = self.batches.values().filter(|b| !matches!(b.state, BatchState::InFlight { .. })).map(|b| b.id).collect();
            for id in unsent {
                self.fail_batch(id, KafkaError::TransactionAborted, ctx);
            }
            if let Some(t) = self.txn.as_mut() {
                t.pending.clear();
            }
        }
        self.pump(ctx);
        self.txn_progress(ctx);
        Ok(())
    }

    /// A newer instance (higher epoch) exists: everything this one holds fails, for good.
    pub(crate) fn fence(&mut self, error: KafkaError, ctx: &mut Ctx) {
        let Some(t) = self.txn.as_mut() else { return };
        if t.state == TxnClientState::Fenced {
            return;
        }
        t.state = TxnClientState::Fenced;
        t.request = None;
        ctx.out.event(EventKind::ProducerFenced { producer: self.id, error });
        let ids: Vec<u64> = self.batches.keys().copied().collect();
        for id in ids {
            self.fail_batch(id, error, ctx);
        }
        self.in_flight.clear();
    }

    /// Responses from the coordinator (and FindCoordinator from any broker).
    pub(crate) fn on_txn_response(&mut self, msg: Msg, ctx: &mut Ctx) {
        let Some(t) = self.txn.as_mut() else { return };
        let (req, error) = match &msg {
            Msg::FindCoordinatorResponse { req, error, .. } | Msg::AddPartitionsToTxnResponse { req, error }
            | Msg::AddOffsetsToTxnResponse { req, error } | Msg::TxnOffsetCommitResponse { req, error }
            | Msg::FindGroupCoordinatorResponse { req, error, .. }
            | Msg::EndTxnResponse { req, error } | Msg::InitProducerIdResponse { req, error, .. } => (*req, *error),
            _ => return,
        };
        let Some((_, what)) = t.request.take_if(|(r, _)| *r == req) else { return };
        match error {
            Some(e @ (KafkaError::ProducerFenced | KafkaError::InvalidProducerEpoch)) => return self.fence(e, ctx),
            Some(KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable) => {
                if matches!(what, TxnRequest::TxnOffsetCommit | TxnRequest::FindGroupCoordinator) {
                    t.group_coordinator = None;
                } else {
                    t.coordinator = None;
                }
                self.bootstrap_cursor += 1;
                ctx.out.timer(self.config.retry_backoff_ms.max(1), Timer::Retry { batch: 0 });
                return;
            }
            Some(e) => {
                self.last_error = Some(e);
                *self.error_counts.entry(e.name().to_string()).or_default() += 1;
                // CONCURRENT_TRANSACTIONS and friends: try again after retry.backoff.ms.
                ctx.out.timer(self.config.retry_backoff_ms.max(1), Timer::Retry { batch: 0 });
                return;
            }
            None => {}
        }
        match (what, msg) {
            (TxnRequest::FindCoordinator, Msg::FindCoordinatorResponse { coordinator, .. }) => t.coordinator = coordinator,
            (TxnRequest::InitProducerId, Msg::InitProducerIdResponse { producer_id, producer_epoch, .. }) => {
                t.state = TxnClientState::Ready;
                self.pid = PidState::Ready { producer_id, epoch: producer_epoch };
                self.next_seq.iter_mut().for_each(|s| *s = 0);
            }
            (TxnRequest::AddPartitions(parts), _) => {
                for p in parts {
                    t.pending.remove(&p);
                    t.added.insert(p);
                }
                self.pump(ctx);
            }
            (TxnRequest::AddOffsets, _) => t.offsets_added = true,
            (TxnRequest::FindGroupCoordinator, Msg::FindGroupCoordinatorResponse { coordinator, .. }) => t.group_coordinator = coordinator,
            (TxnRequest::TxnOffsetCommit, _) => t.offsets = None,
            (TxnRequest::EndTxn(commit), _) => {
                let records = std::mem::take(&mut t.records);
                t.state = TxnClientState::Ready;
                t.added.clear();
                t.offsets = None;
                ctx.out.event(EventKind::TxnEnded { producer: self.id, commit, records });
            }
            _ => {}
        }
        self.txn_progress(ctx);
    }

    /// A coordinator request timed out or its connection failed: find the coordinator again.
    pub(crate) fn txn_request_failed(&mut self, req: u64, ctx: &mut Ctx) -> bool {
        let Some(t) = self.txn.as_mut() else { return false };
        if t.request.as_ref().is_none_or(|(r, _)| *r != req) {
            return false;
        }
        t.request = None;
        t.coordinator = None;
        self.bootstrap_cursor += 1;
        ctx.out.timer(self.config.retry_backoff_ms.max(1), Timer::Retry { batch: 0 });
        true
    }
}
