//! The producer client: partitioning, a per-partition accumulator drained after linger.ms,
//! Produce requests with acks, and retries within delivery.timeout.ms on retriable errors.

use super::config::ProducerConfig;
use super::net::{Msg, MsgKind, PartitionState, Pidx};
use super::partitioner::{choose, estimated_record_size, Choice, PartitionerState};
use super::rng::Rng;
use super::types::{Acks, BrokerId, KafkaError, Millis, NodeId, RecordId};
use super::{Ctx, EventKind, Timer, Topology};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchState {
    /// Waiting for a retry (or for metadata).
    Waiting,
    InFlight { req: u64, to: BrokerId },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub id: u64,
    pub pidx: Pidx,
    pub records: Vec<RecordId>,
    pub base_seq: u32,
    pub created_at: Millis,
    pub attempts: u32,
    pub state: BatchState,
}

#[derive(Clone, Debug)]
pub struct Producer {
    pub id: u32,
    config: ProducerConfig,
    /// Producer id for idempotence (0 = idempotence off). Assigned locally for now.
    pub producer_id: u32,
    next_pid: u32,
    /// pidx -> (leader, leader epoch) as last learned from a Metadata response.
    pub metadata: Vec<Option<(BrokerId, u32)>>,
    metadata_in_flight: bool,
    bootstrap_cursor: usize,
    pub accumulator: BTreeMap<Pidx, Vec<RecordId>>,
    linger_armed: BTreeSet<Pidx>,
    pub batches: BTreeMap<u64, Batch>,
    in_flight: BTreeMap<u64, u64>,
    next_seq: Vec<u32>,
    partitioners: BTreeMap<String, PartitionerState>,
    /// Partition count per topic as this client last learned it (new partitions are only
    /// used after a metadata refresh, at the latest every metadata.max.age.ms).
    pub known_partitions: BTreeMap<String, u32>,
    next_id: u64,
    pub last_error: Option<KafkaError>,
    pub error_counts: BTreeMap<String, u64>,
}

impl Producer {
    pub fn new(id: u32, config: &ProducerConfig, partitions: usize) -> Self {
        let mut p = Producer {
            id, config: config.clone(), producer_id: 0, next_pid: 1000, metadata: vec![None; partitions],
            metadata_in_flight: false, bootstrap_cursor: 0, accumulator: BTreeMap::new(), linger_armed: BTreeSet::new(),
            batches: BTreeMap::new(), in_flight: BTreeMap::new(), next_seq: vec![0; partitions],
            partitioners: BTreeMap::new(), known_partitions: BTreeMap::new(), next_id: 0, last_error: None, error_counts: BTreeMap::new(),
        };
        p.reconfigure(config);
        p
    }

    pub fn acks(&self) -> Acks {
        self.config.acks
    }
    pub fn idempotent(&self) -> bool {
        self.producer_id != 0
    }
    pub fn config(&self) -> &ProducerConfig {
        &self.config
    }

    /// A settings change. Turning idempotence on gets a fresh producer id, with sequences from 0.
    pub fn reconfigure(&mut self, config: &ProducerConfig) {
        let was = self.producer_id != 0;
        self.config = config.clone();
        if config.idempotence() && !was {
            self.next_pid += 1;
            self.producer_id = self.next_pid;
            self.next_seq.iter_mut().for_each(|s| *s = 0);
        } else if !config.idempotence() {
            self.producer_id = 0;
        }
    }

    /// The client starts with the cluster's metadata (as after its first Metadata request).
    pub fn boot(&mut self, initial: &[PartitionState], ctx: &mut Ctx) {
        let entries: Vec<_> = initial.iter().map(|s| (s.pidx, s.leader, s.leader_epoch)).collect();
        self.learn_metadata(&entries, ctx.topo);
        ctx.out.timer(self.config.metadata_max_age_ms, Timer::MetadataRefresh);
    }

    fn learn_metadata(&mut self, partitions: &[(Pidx, Option<BrokerId>, u32)], topo: &Topology) {
        for &(pidx, leader, epoch) in partitions {
            if pidx >= topo.partitions.len() {
                continue;
            }
            if pidx >= self.metadata.len() {
                self.metadata.resize(pidx + 1, None);
                self.next_seq.resize(pidx + 1, 0);
            }
            self.metadata[pidx] = leader.map(|l| (l, epoch));
            let tp = topo.tp(pidx);
            let known = self.known_partitions.entry(tp.topic.clone()).or_insert(0);
            *known = (*known).max(tp.partition + 1);
        }
    }

    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// KafkaProducer.partition: an explicit partition wins; otherwise the configured partitioner
    /// decides over the partitions this client knows of (see `partitioner.rs`).
    pub fn choose_partition(&mut self, pids: &[Pidx], key: Option<&str>, value: &str, partition: Option<u32>,
                            rng: &mut Rng, topo: &Topology) -> Pidx {
        if let Some(p) = partition {
            return pids[p as usize];
        }
        let topic = topo.tp(pids[0]).topic.clone();
        let n = self.known_partitions.get(&topic).copied().unwrap_or(pids.len() as u32).clamp(1, pids.len() as u32);
        let available: Vec<u32> = (0..n).filter(|p| self.metadata.get(pids[*p as usize]).is_some_and(|m| m.is_some())).collect();
        let c = Choice {
            kind: self.config.partitioner,
            ignore_keys: self.config.partitioner_ignore_keys,
            key,
            record_size: estimated_record_size(key, value),
            batch_size: self.config.batch_size,
            num_partitions: n,
            available: &available,
        };
        let state = self.partitioners.entry(topic).or_default();
        let p = choose(&c, state, |len| rng.index(len));
        pids[(p as usize).min(pids.len() - 1)]
    }

    /// KafkaProducer.send: into the accumulator; the batch leaves after linger.ms.
    pub fn send(&mut self, record: RecordId, pidx: Pidx, ctx: &mut Ctx) {
        self.accumulator.entry(pidx).or_default().push(record);
        if self.config.linger_ms == 0 {
            self.drain(pidx, ctx);
        } else if self.linger_armed.insert(pidx) {
            ctx.out.timer(self.config.linger_ms, Timer::Linger { pidx });
        }
    }

    fn drain(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        self.linger_armed.remove(&pidx);
        let Some(records) = self.accumulator.remove(&pidx).filter(|r| !r.is_empty()) else { return };
        let base_seq = if self.idempotent() { self.next_seq[pidx] } else { 0 };
        if self.idempotent() {
            self.next_seq[pidx] += records.len() as u32;
        }
        let id = self.next_id();
        ctx.out.event(EventKind::RecordsSent { producer: self.id, tp: ctx.topo.tp(pidx).clone(), records: records.clone(), acks: self.config.acks });
        self.batches.insert(id, Batch { id, pidx, records, base_seq, created_at: ctx.now, attempts: 0, state: BatchState::Waiting });
        self.send_batch(id, ctx);
    }

    fn send_batch(&mut self, id: u64, ctx: &mut Ctx) {
        let Some(b) = self.batches.get(&id) else { return };
        let pidx = b.pidx;
        if ctx.now >= b.created_at + self.config.delivery_timeout_ms {
            // Sender.sendProducerData expires batches past delivery.timeout.ms.
            let b = self.batches.remove(&id).expect("batch");
            let error = self.last_error.unwrap_or(KafkaError::RequestTimedOut);
            ctx.out.event(EventKind::DeliveryFailed { producer: self.id, tp: ctx.topo.tp(pidx).clone(), records: b.records, error });
            return;
        }
        let Some((leader, _)) = self.metadata[pidx] else {
            // No known leader: refresh metadata and try again after retry.backoff.ms.
            self.request_metadata(ctx);
            ctx.out.timer(self.config.retry_backoff_ms.max(1), Timer::Retry { batch: id });
            return;
        };
        let req = self.next_id();
        let (acks, pid) = (self.config.acks, self.producer_id);
        let b = self.batches.get_mut(&id).expect("batch");
        b.attempts += 1;
        b.state = BatchState::InFlight { req, to: leader };
        let msg = Msg::Produce {
            req, pidx, acks, records: b.records.clone(), producer_id: pid, base_sequence: b.base_seq,
            timeout_ms: self.config.request_timeout_ms,
        };
        ctx.out.send(NodeId::Broker(leader), msg);
        if acks == Acks::None {
            // acks=0: the send is the success; nothing will ever come back.
            let b = self.batches.remove(&id).expect("batch");
            ctx.out.event(EventKind::Acknowledged { producer: self.id, tp: ctx.topo.tp(pidx).clone(), records: b.records, base_offset: None, acks });
            return;
        }
        self.in_flight.insert(req, id);
        ctx.out.timer(self.config.request_timeout_ms, Timer::RequestTimeout { req });
    }

    fn request_metadata(&mut self, ctx: &mut Ctx) {
        if self.metadata_in_flight {
            return;
        }
        let brokers: Vec<BrokerId> = ctx.topo.config.brokers.iter().map(|b| b.id).collect();
        let to = brokers[self.bootstrap_cursor % brokers.len()];
        self.metadata_in_flight = true;
        ctx.out.send(NodeId::Broker(to), Msg::Metadata);
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        match timer {
            Timer::Linger { pidx } => self.drain(pidx, ctx),
            Timer::MetadataRefresh => {
                // metadata.max.age.ms: refresh even without errors, to discover new partitions.
                self.request_metadata(ctx);
                ctx.out.timer(self.config.metadata_max_age_ms, Timer::MetadataRefresh);
            }
            Timer::Retry { batch } => self.send_batch(batch, ctx),
            Timer::RequestTimeout { req } => {
                if let Some(batch) = self.in_flight.remove(&req) {
                    self.failed_attempt(batch, KafkaError::RequestTimedOut, ctx);
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
                    None => {
                        let b = self.batches.remove(&batch).expect("batch");
                        ctx.out.event(EventKind::Acknowledged {
                            producer: self.id, tp: ctx.topo.tp(b.pidx).clone(), records: b.records, base_offset, acks: self.config.acks,
                        });
                    }
                    Some(e) => self.failed_attempt(batch, e, ctx),
                }
            }
            Msg::MetadataResponse { partitions } => {
                self.metadata_in_flight = false;
                self.learn_metadata(&partitions, ctx.topo);
            }
            Msg::Disconnected { kind, req } => match kind {
                MsgKind::Metadata => {
                    self.metadata_in_flight = false;
                    self.bootstrap_cursor += 1;
                    self.request_metadata(ctx);
                }
                MsgKind::Produce => {
                    if let Some(batch) = req.and_then(|r| self.in_flight.remove(&r)) {
                        self.failed_attempt(batch, KafkaError::NetworkException, ctx);
                    }
                    if let NodeId::Broker(b) = from {
                        // Forget a leader we cannot reach (NetworkClient marks the node disconnected).
                        for m in self.metadata.iter_mut() {
                            if m.is_some_and(|(l, _)| l == b) {
                                *m = None;
                            }
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Sender.completeBatch / canRetry: retry while retriable, within `retries` and delivery.timeout.ms.
    fn failed_attempt(&mut self, batch: u64, error: KafkaError, ctx: &mut Ctx) {
        let Some(b) = self.batches.get_mut(&batch) else { return };
        b.state = BatchState::Waiting;
        self.last_error = Some(error);
        *self.error_counts.entry(error.name().to_string()).or_default() += 1;
        let tp = ctx.topo.tp(b.pidx).clone();
        let within_time = ctx.now + self.config.retry_backoff_ms < b.created_at + self.config.delivery_timeout_ms;
        let retry = error.retriable() && b.attempts <= self.config.retries && within_time;
        ctx.out.event(EventKind::ProduceError { producer: self.id, tp: tp.clone(), error, will_retry: retry });
        if retry {
            if matches!(error, KafkaError::NotLeaderOrFollower | KafkaError::NetworkException
                | KafkaError::RequestTimedOut | KafkaError::LeaderNotAvailable | KafkaError::FencedLeaderEpoch)
            {
                self.request_metadata(ctx);
            }
            ctx.out.timer(self.config.retry_backoff_ms.max(1), Timer::Retry { batch });
        } else {
            let b = self.batches.remove(&batch).expect("batch");
            ctx.out.event(EventKind::DeliveryFailed { producer: self.id, tp, records: b.records, error });
        }
    }

    /// Records handed to send() that are not yet acknowledged or failed.
    pub fn pending(&self) -> usize {
        self.accumulator.values().map(Vec::len).sum::<usize>() + self.batches.values().map(|b| b.records.len()).sum::<usize>()
    }
}
