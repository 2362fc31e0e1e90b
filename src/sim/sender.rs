//! The producer's Sender: turns ready batches into Produce requests (at most
//! max.in.flight.requests.per.connection per broker), handles acks, and retries retriable errors
//! within `retries` and delivery.timeout.ms. InitProducerId for idempotence lives here too.

use super::net::{Msg, MsgKind};
use super::producer::{BatchState, PidState, Producer};
use super::types::{Acks, BrokerId, KafkaError, NodeId};
use super::{Ctx, EventKind, Timer};

/// CommonClientConfigs DEFAULT_RECONNECT_BACKOFF_MS / _MAX_MS: the wait before dialling the next
/// node, and once every node has failed.
const RECONNECT_BACKOFF_MS: u64 = 50;
const RECONNECT_BACKOFF_MAX_MS: u64 = 1_000;

impl Producer {
    pub(crate) fn init_producer_id(&mut self, ctx: &mut Ctx) {
        let req = self.next_id();
        self.pid = PidState::Initializing { req };
        let to = self.bootstrap(ctx);
        ctx.out.send(NodeId::Broker(to), Msg::InitProducerId { req, transactional_id: None });
        ctx.out.timer(self.config.request_timeout_ms, Timer::RequestTimeout { req });
    }

    /// The broker to ask for cluster-level things (NetworkClient.leastLoadedNode, simplified).
    fn bootstrap(&self, ctx: &Ctx) -> BrokerId {
        let known: Vec<BrokerId> = self.addresses.known.keys().copied().collect();
        if known.is_empty() {
            let brokers = &ctx.topo.config.brokers;
            return brokers[self.bootstrap_cursor % brokers.len()].id;
        }
        known[self.bootstrap_cursor % known.len()]
    }

    pub(crate) fn request_metadata(&mut self, ctx: &mut Ctx) {
        // In reconnect backoff after a refusal, `Timer::MetadataRetry` asks when it ends.
        if self.metadata_in_flight || ctx.now < self.metadata_backoff_until {
            return;
        }
        self.metadata_in_flight = true;
        let to = self.bootstrap(ctx);
        ctx.out.send(NodeId::Broker(to), Msg::Metadata);
    }

    /// RecordAccumulator.expiredBatches: a batch that is not in flight (waiting for a producer id
    /// or a leader) fails once delivery.timeout.ms has passed since it was created.
    fn expire_waiting(&mut self, ctx: &mut Ctx) {
        let deadline = self.config.delivery_timeout_ms;
        let expired: Vec<u64> = self.batches.iter()
            .filter(|(_, b)| !matches!(b.state, BatchState::InFlight { .. }) && ctx.now >= b.created_at + deadline)
            .map(|(id, _)| *id).collect();
        for id in expired {
            self.fail_batch(id, self.last_error.unwrap_or(KafkaError::RequestTimedOut), ctx);
        }
    }

    /// A request to a broker it knows was refused: try the next one after reconnect.backoff.ms;
    /// once every known broker has refused, rebootstrap (metadata.recovery.strategy) or not, and
    /// wait reconnect.backoff.max.ms (`Timer::MetadataRetry` sends the request again).
    fn after_refusal(&mut self, ctx: &mut Ctx) {
        self.bootstrap_cursor += 1;
        if !self.addresses.refused() {
            self.metadata_backoff_until = ctx.now + RECONNECT_BACKOFF_MS;
            return ctx.out.timer(RECONNECT_BACKOFF_MS, Timer::MetadataRetry);
        }
        // No broker it knows answers (NetworkClient: all nodes unavailable).
        if self.config.metadata_recovery_strategy == super::addresses::RecoveryStrategy::Rebootstrap {
            // Metadata.rebootstrap: resolve bootstrap.servers again (it follows the pods).
            self.addresses = super::addresses::AddressBook::new(&ctx.topo.addresses);
            ctx.out.event(EventKind::ClientRebootstrapped { producer: self.id });
        }
        self.addresses.refused_in_a_row = 0;
        self.metadata_backoff_until = ctx.now + RECONNECT_BACKOFF_MAX_MS;
        ctx.out.timer(RECONNECT_BACKOFF_MAX_MS, Timer::MetadataRetry);
    }

    fn in_flight_to(&self, broker: BrokerId) -> u32 {
        self.batches.values().filter(|b| matches!(b.state, BatchState::InFlight { to, .. } if to == broker)).count() as u32
    }

    /// Sender.sendProducerData: drain ready batches partition by partition, in order. A batch in
    /// retry backoff blocks the batches behind it (RecordAccumulator re-enqueues it at the head).
    pub(crate) fn pump(&mut self, ctx: &mut Ctx) {
        self.expire_waiting(ctx);
        self.maybe_bump_epoch(ctx);
        if matches!(self.pid, PidState::Initializing { .. }) {
            self.txn_progress(ctx);
            return;
        }
        let pids: Vec<usize> = self.queues.keys().copied().collect();
        for pidx in pids {
            if !self.txn_allows(pidx) {
                continue;
            }
            let ids: Vec<u64> = self.queues[&pidx].iter().copied().collect();
            for id in ids {
                let Some(b) = self.batches.get(&id) else { continue };
                match b.state {
                    BatchState::Open => break,
                    BatchState::InFlight { .. } => continue,
                    BatchState::Ready { retry_at } if retry_at > ctx.now => break,
                    BatchState::Ready { .. } => {}
                }
                if ctx.now >= b.created_at + self.config.delivery_timeout_ms {
                    // Sender expires batches past delivery.timeout.ms.
                    let error = self.last_error.unwrap_or(KafkaError::RequestTimedOut);
                    self.fail_batch(id, error, ctx);
                    continue;
                }
                let Some((leader, _)) = self.metadata.get(pidx).copied().flatten() else {
                    // No known leader: ask again, at most once per retry.backoff.ms.
                    if !self.leader_wait_armed {
                        self.leader_wait_armed = true;
                        self.request_metadata(ctx);
                        ctx.out.timer(self.config.retry_backoff_ms.max(1), Timer::Retry { batch: 0 });
                    }
                    break;
                };
                if self.in_flight_to(leader) >= self.config.max_in_flight_requests_per_connection {
                    break;
                }
                self.send_batch(id, leader, ctx);
            }
        }
        self.txn_progress(ctx);
    }

    fn send_batch(&mut self, id: u64, leader: BrokerId, ctx: &mut Ctx) {
        let req = self.next_id();
        let (producer_id, producer_epoch) = (self.producer_id(), self.producer_epoch());
        let idempotent = producer_id != 0;
        let acks = self.config.acks;
        let b = self.batches.get_mut(&id).expect("batch");
        if idempotent && b.base_seq.is_none() {
            // Sequences are assigned when a batch is first drained (per partition, from 0).
            b.base_seq = Some(self.next_seq[b.pidx]);
            self.next_seq[b.pidx] += b.records.len() as u32;
        }
        b.attempts += 1;
        b.state = BatchState::InFlight { req, to: leader };
        let msg = Msg::Produce {
            req, pidx: b.pidx, acks, records: b.records.clone(), keys: b.keys.clone(), producer_id, producer_epoch,
            base_sequence: b.base_seq.unwrap_or(0), transactional: self.txn.is_some(), timeout_ms: self.config.request_timeout_ms,
            bytes: b.bytes,
        };
        ctx.out.send(NodeId::Broker(leader), msg);
        if acks == Acks::None {
            // acks=0: the send is the success; nothing will ever come back.
            self.complete(id, None, ctx);
            return;
        }
        self.in_flight.insert(req, id);
        ctx.out.timer(self.config.request_timeout_ms, Timer::RequestTimeout { req });
    }

    fn remove_batch(&mut self, id: u64) -> Option<super::producer::Batch> {
        let b = self.batches.remove(&id)?;
        if let Some(q) = self.queues.get_mut(&b.pidx) {
            q.retain(|x| *x != id);
            if q.is_empty() {
                self.queues.remove(&b.pidx);
            }
        }
        Some(b)
    }

    fn complete(&mut self, id: u64, base_offset: Option<u64>, ctx: &mut Ctx) {
        let Some(b) = self.remove_batch(id) else { return };
        ctx.out.event(EventKind::Acknowledged {
            producer: self.id, tp: ctx.topo.tp(b.pidx).clone(), records: b.records, base_offset, acks: self.config.acks,
        });
    }

    pub(crate) fn fail_batch(&mut self, id: u64, error: KafkaError, ctx: &mut Ctx) {
        let Some(b) = self.remove_batch(id) else { return };
        ctx.out.event(EventKind::DeliveryFailed { producer: self.id, tp: ctx.topo.tp(b.pidx).clone(), records: b.records, error });
        // TransactionManager.handleFailedBatch (KIP-360): a batch that failed with its sequence
        // unacknowledged leaves a gap, so an idempotent producer bumps its epoch before sending
        // more, or every later batch would be OUT_OF_ORDER_SEQUENCE_NUMBER.
        if b.base_seq.is_some() && self.txn.is_none() {
            self.epoch_bump_required = true;
        }
    }

    /// bumpIdempotentProducerEpoch: the same producer id goes on with epoch + 1 and every
    /// partition's sequence starts again at 0. It waits until no batch that was ever sent is
    /// unresolved: such a batch may already be in the log under its old sequence, and sending it
    /// renumbered would write it twice.
    fn maybe_bump_epoch(&mut self, ctx: &mut Ctx) {
        let PidState::Ready { producer_id, epoch } = self.pid else { return };
        if !self.epoch_bump_required || self.batches.values().any(|b| b.base_seq.is_some()) {
            return;
        }
        self.epoch_bump_required = false;
        self.pid = PidState::Ready { producer_id, epoch: epoch + 1 };
        self.next_seq.iter_mut().for_each(|s| *s = 0);
        ctx.out.event(EventKind::ProducerEpochBumped { producer: self.id, producer_id, epoch: epoch + 1 });
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        match timer {
            Timer::Linger { batch } => self.linger_expired(batch, ctx),
            Timer::Retry { batch } => {
                if batch == 0 {
                    self.leader_wait_armed = false;
                }
                self.pump(ctx);
                self.txn_progress(ctx);
            }
            Timer::MetadataRetry => {
                if matches!(self.pid, PidState::Initializing { .. }) && self.txn.is_none() {
                    self.init_producer_id(ctx);
                }
                self.request_metadata(ctx);
                self.pump(ctx);
            }
            Timer::MetadataRefresh => {
                // metadata.max.age.ms: refresh even without errors, to discover new partitions.
                self.request_metadata(ctx);
                ctx.out.timer(self.config.metadata_max_age_ms, Timer::MetadataRefresh);
            }
            Timer::RequestTimeout { req } => {
                if self.txn_request_failed(req, ctx) {
                    return;
                }
                if let Some(batch) = self.in_flight.remove(&req) {
                    self.failed_attempt(batch, KafkaError::RequestTimedOut, ctx);
                } else if self.pid == (PidState::Initializing { req }) {
                    self.bootstrap_cursor += 1;
                    self.init_producer_id(ctx);
                }
            }
            _ => {}
        }
    }

    pub fn on_message(&mut self, from: NodeId, msg: Msg, ctx: &mut Ctx) {
        match msg {
            Msg::ProduceResponse { req, error, base_offset, .. } => {
                let Some(batch) = self.in_flight.remove(&req) else { return };
                match error {
                    None => self.complete(batch, base_offset, ctx),
                    Some(e) => self.failed_attempt(batch, e, ctx),
                }
                self.pump(ctx);
            }
            Msg::FindCoordinatorResponse { .. } | Msg::AddPartitionsToTxnResponse { .. } | Msg::EndTxnResponse { .. }
            | Msg::AddOffsetsToTxnResponse { .. } | Msg::TxnOffsetCommitResponse { .. } | Msg::FindGroupCoordinatorResponse { .. } => {
                self.on_txn_response(msg, ctx)
            }
            Msg::InitProducerIdResponse { .. } if self.txn.is_some() => self.on_txn_response(msg, ctx),
            Msg::InitProducerIdResponse { req, error, producer_id, producer_epoch } => {
                if self.pid != (PidState::Initializing { req }) {
                    return;
                }
                match error {
                    None => {
                        self.pid = PidState::Ready { producer_id, epoch: producer_epoch };
                        self.pump(ctx);
                    }
                    Some(_) => {
                        self.bootstrap_cursor += 1;
                        self.init_producer_id(ctx);
                    }
                }
            }
            Msg::MetadataResponse { partitions, brokers } => {
                self.metadata_in_flight = false;
                self.addresses.learn(&brokers);
                self.learn_metadata(&partitions, ctx.topo);
                self.pump(ctx);
            }
            Msg::Disconnected { kind, req } => match kind {
                MsgKind::Metadata if self.metadata_in_flight => {
                    self.metadata_in_flight = false;
                    self.after_refusal(ctx);
                }
                MsgKind::InitProducerId if self.txn.is_none() => {
                    // Only the current attempt's refusal counts (an older one's is stale news).
                    if req.is_some_and(|r| self.pid == (PidState::Initializing { req: r })) {
                        self.after_refusal(ctx);
                    }
                }
                MsgKind::InitProducerId | MsgKind::FindCoordinator | MsgKind::AddPartitionsToTxn | MsgKind::EndTxn
                | MsgKind::AddOffsetsToTxn | MsgKind::TxnOffsetCommit | MsgKind::FindGroupCoordinator => {
                    if let Some(r) = req {
                        self.txn_request_failed(r, ctx);
                    }
                }
                MsgKind::Produce => {
                    if let NodeId::Broker(b) = from {
                        // Forget a leader we cannot reach (NetworkClient marks the node disconnected).
                        for m in self.metadata.iter_mut() {
                            if m.is_some_and(|(l, _)| l == b) {
                                *m = None;
                            }
                        }
                    }
                    if let Some(batch) = req.and_then(|r| self.in_flight.remove(&r)) {
                        self.failed_attempt(batch, KafkaError::NetworkException, ctx);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Sender.completeBatch / canRetry: retry while retriable, within `retries` and
    /// delivery.timeout.ms. For an idempotent producer an OUT_OF_ORDER_SEQUENCE_NUMBER caused by
    /// an earlier batch of the same partition that is itself being retried is retriable too.
    fn failed_attempt(&mut self, batch: u64, error: KafkaError, ctx: &mut Ctx) {
        let Some(b) = self.batches.get(&batch) else { return };
        let (pidx, attempts, created_at, base_seq) = (b.pidx, b.attempts, b.created_at, b.base_seq);
        self.last_error = Some(error);
        *self.error_counts.entry(error.name().to_string()).or_default() += 1;
        let earlier_pending = base_seq.is_some_and(|s| {
            self.batches.values().any(|o| o.pidx == pidx && o.base_seq.is_some_and(|os| os < s))
        });
        let retriable = error.retriable() || (error == KafkaError::OutOfOrderSequenceNumber && earlier_pending);
        let within_time = ctx.now + self.config.retry_backoff_ms < created_at + self.config.delivery_timeout_ms;
        let retry = retriable && attempts <= self.config.retries && within_time;
        if self.txn.is_some() && matches!(error, KafkaError::InvalidProducerEpoch | KafkaError::ProducerFenced) {
            return self.fence(error, ctx);
        }
        let tp = ctx.topo.tp(pidx).clone();
        ctx.out.event(EventKind::ProduceError { producer: self.id, tp, error, will_retry: retry });
        if !retry {
            self.fail_batch(batch, error, ctx);
            return;
        }
        if matches!(error, KafkaError::NotLeaderOrFollower | KafkaError::NetworkException
            | KafkaError::RequestTimedOut | KafkaError::LeaderNotAvailable | KafkaError::FencedLeaderEpoch)
        {
            self.request_metadata(ctx);
        }
        let retry_at = ctx.now + self.config.retry_backoff_ms.max(1);
        self.batches.get_mut(&batch).expect("batch").state = BatchState::Ready { retry_at };
        ctx.out.timer(self.config.retry_backoff_ms.max(1), Timer::Retry { batch });
    }
}
