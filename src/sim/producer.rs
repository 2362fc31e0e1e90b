//! The producer client (KafkaProducer): partitioning, the record accumulator (batches per
//! partition, closed by batch.size or linger.ms, bounded by buffer.memory) and the client's
//! metadata. Sending, acks and retries live in `sender.rs`.

use super::config::ProducerConfig;
use super::log::RecordKey;
use super::net::{PartitionState, Pidx};
use super::partitioner::{choose, estimated_record_size, Choice, PartitionerState};
use super::rng::Rng;
use super::txn::TxnManager;
use super::types::{Acks, BrokerId, KafkaError, Millis, RecordId};
use super::{Ctx, EventKind, Timer, Topology};
use std::collections::{BTreeMap, VecDeque};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchState {
    /// Accumulating records (the partition's open batch).
    Open,
    /// Closed and queued to be sent (or re-sent after `retry_at`).
    Ready { retry_at: Millis },
    InFlight { req: u64, to: BrokerId },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub id: u64,
    pub pidx: Pidx,
    pub records: Vec<RecordId>,
    /// Each record's key hash and tombstone flag, travelling with it to the broker.
    pub keys: Vec<RecordKey>,
    pub bytes: u64,
    /// First sequence number (idempotence), assigned when the batch is first sent.
    pub base_seq: Option<u32>,
    pub created_at: Millis,
    pub attempts: u32,
    pub state: BatchState,
}

/// Idempotence state: the producer id and epoch from InitProducerId (TransactionManager).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PidState {
    /// Idempotence is off.
    Off,
    /// Waiting for InitProducerId; nothing is sent until it answers.
    Initializing { req: u64 },
    Ready { producer_id: u32, epoch: u32 },
}

#[derive(Clone, Debug)]
pub struct Producer {
    pub id: u32,
    pub(crate) config: ProducerConfig,
    pub pid: PidState,
    /// pidx -> (leader, leader epoch) as last learned from a Metadata response.
    pub metadata: Vec<Option<(BrokerId, u32)>>,
    pub(crate) metadata_in_flight: bool,
    pub(crate) bootstrap_cursor: usize,
    /// The brokers' addresses as this client knows them (`addresses.rs`).
    pub addresses: super::addresses::AddressBook,
    /// A batch failed with its sequence unacknowledged: bump the epoch before sending more.
    pub(crate) epoch_bump_required: bool,
    /// No Metadata request before this (reconnect backoff after a refused connection).
    pub(crate) metadata_backoff_until: Millis,
    pub batches: BTreeMap<u64, Batch>,
    /// Per partition: batch ids in send order (the open batch, if any, is last).
    pub queues: BTreeMap<Pidx, VecDeque<u64>>,
    /// request id -> batch id
    pub(crate) in_flight: BTreeMap<u64, u64>,
    pub(crate) next_seq: Vec<u32>,
    partitioners: BTreeMap<String, PartitionerState>,
    /// Partition count per topic as this client last learned it (new partitions are only
    /// used after a metadata refresh, at the latest every metadata.max.age.ms).
    pub known_partitions: BTreeMap<String, u32>,
    pub(crate) next_id: u64,
    pub last_error: Option<KafkaError>,
    pub error_counts: BTreeMap<String, u64>,
    /// Bumped by a restart: responses to an older incarnation's requests are ignored.
    pub incarnation: u32,
    /// A wake-up to look for leaders again is scheduled.
    pub(crate) leader_wait_armed: bool,
    /// Set when `transactional.id` is configured.
    pub txn: Option<TxnManager>,
}

impl Producer {
    pub fn new(id: u32, config: &ProducerConfig, partitions: usize) -> Self {
        Producer {
            id, config: config.clone(), pid: PidState::Off, metadata: vec![None; partitions],
            metadata_in_flight: false, bootstrap_cursor: 0, addresses: Default::default(), epoch_bump_required: false, metadata_backoff_until: 0, batches: BTreeMap::new(), queues: BTreeMap::new(),
            in_flight: BTreeMap::new(), next_seq: vec![0; partitions], partitioners: BTreeMap::new(),
            known_partitions: BTreeMap::new(), next_id: 0, last_error: None, error_counts: BTreeMap::new(), incarnation: 0,
            leader_wait_armed: false, txn: None,
        }
    }

    pub fn acks(&self) -> Acks {
        self.config.acks
    }
    pub fn idempotent(&self) -> bool {
        self.pid != PidState::Off
    }
    pub fn producer_id(&self) -> u32 {
        match self.pid {
            PidState::Ready { producer_id, .. } => producer_id,
            _ => 0,
        }
    }
    pub fn producer_epoch(&self) -> u32 {
        match self.pid {
            PidState::Ready { epoch, .. } => epoch,
            _ => 0,
        }
    }
    pub fn config(&self) -> &ProducerConfig {
        &self.config
    }

    /// A settings change. Turning idempotence on asks for a producer id; a new transactional.id
    /// starts initTransactions.
    pub fn reconfigure(&mut self, config: &ProducerConfig, ctx: &mut Ctx) {
        let tid_changed = self.txn.as_ref().map(|t| t.transactional_id.as_str()) != config.transactional_id.as_deref();
        self.config = config.clone();
        if tid_changed {
            self.start_identity(ctx);
            return;
        }
        match (config.idempotence(), self.pid) {
            (true, PidState::Off) => self.init_producer_id(ctx),
            (false, _) => self.pid = PidState::Off,
            _ => {}
        }
    }

    /// initTransactions for a transactional producer, InitProducerId for an idempotent one.
    fn start_identity(&mut self, ctx: &mut Ctx) {
        self.pid = PidState::Off;
        self.txn = None;
        if let Some(tid) = self.config.transactional_id.clone() {
            self.txn = Some(TxnManager::new(&tid));
            self.pid = PidState::Initializing { req: 0 };
            self.txn_progress(ctx);
        } else if self.config.idempotence() {
            self.init_producer_id(ctx);
        }
    }

    /// The client starts with the cluster's metadata (as after its first Metadata request).
    pub fn boot(&mut self, initial: &[PartitionState], ctx: &mut Ctx) {
        self.addresses = super::addresses::AddressBook::new(&ctx.topo.addresses);
        let entries: Vec<_> = initial.iter().map(|s| (s.pidx, s.leader, s.leader_epoch)).collect();
        self.learn_metadata(&entries, ctx.topo);
        ctx.out.timer(self.config.metadata_max_age_ms, Timer::MetadataRefresh);
        self.start_identity(ctx);
    }

    /// A crashed and restarted client process: a new producer id (so the brokers' duplicate
    /// detection no longer recognises its old batches); unacknowledged records are sent again
    /// by the application, as an at-least-once app does.
    pub fn restart(&mut self, ctx: &mut Ctx) -> Vec<(RecordId, Pidx)> {
        let mut resend = Vec::new();
        // A transactional app redoes its work in a new transaction instead; the coordinator
        // aborts the old one when the new instance initialises.
        let transactional = self.txn.is_some();
        for q in self.queues.values().filter(|_| !transactional) {
            for id in q {
                let b = &self.batches[id];
                resend.extend(b.records.iter().map(|r| (*r, b.pidx)));
            }
        }
        self.batches.clear();
        self.queues.clear();
        self.in_flight.clear();
        self.next_seq.iter_mut().for_each(|s| *s = 0);
        self.epoch_bump_required = false;
        self.incarnation += 1;
        self.start_identity(ctx);
        resend
    }

    pub(crate) fn learn_metadata(&mut self, partitions: &[(Pidx, Option<BrokerId>, u32)], topo: &Topology) {
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

    pub(crate) fn next_id(&mut self) -> u64 {
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

    /// Bytes held by unacknowledged batches; each batch takes at least batch.size from the pool
    /// (BufferPool), which is why client memory grows with the number of partitions written to.
    pub fn buffer_used(&self) -> u64 {
        self.batches.values().map(|b| b.bytes.max(self.config.batch_size)).sum()
    }

    /// Whether a record of `size` bytes fits in buffer.memory (else send() would block for
    /// max.block.ms and then fail; the playground refuses at once).
    pub fn has_room(&self, pidx: Pidx, size: u64) -> bool {
        let open_fits = self.open_batch(pidx).is_some_and(|b| b.bytes + size <= self.config.batch_size);
        open_fits || self.buffer_used() + self.config.batch_size.max(size) <= self.config.buffer_memory
    }

    fn open_batch(&self, pidx: Pidx) -> Option<&Batch> {
        let id = self.queues.get(&pidx)?.back()?;
        self.batches.get(id).filter(|b| b.state == BatchState::Open)
    }

    /// RecordAccumulator.append: into the partition's open batch, or a new one when it is full.
    /// A full batch is ready at once; otherwise it leaves after linger.ms.
    pub fn send(&mut self, record: RecordId, key: RecordKey, size: u64, pidx: Pidx, ctx: &mut Ctx) {
        let fits = self.open_batch(pidx).is_some_and(|b| b.bytes + size <= self.config.batch_size);
        if !fits {
            if self.open_batch(pidx).is_some() {
                self.close_open_batch(pidx, ctx);
            }
            let id = self.next_id();
            self.batches.insert(id, Batch {
                id, pidx, records: Vec::new(), keys: Vec::new(), bytes: 0, base_seq: None, created_at: ctx.now, attempts: 0, state: BatchState::Open,
            });
            self.queues.entry(pidx).or_default().push_back(id);
            ctx.out.timer(self.config.linger_ms, Timer::Linger { batch: id });
        }
        let id = *self.queues[&pidx].back().expect("open batch");
        let b = self.batches.get_mut(&id).expect("batch");
        b.records.push(record);
        b.keys.push(key);
        b.bytes += size;
        if b.bytes >= self.config.batch_size || self.config.linger_ms == 0 {
            self.close_open_batch(pidx, ctx);
        }
        self.txn_record_sent(record, pidx, ctx);
        self.pump(ctx);
    }

    /// The open batch of `pidx` stops accepting records and queues for sending.
    pub(crate) fn close_open_batch(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        let Some(&id) = self.queues.get(&pidx).and_then(|q| q.back()) else { return };
        let Some(b) = self.batches.get_mut(&id).filter(|b| b.state == BatchState::Open) else { return };
        b.state = BatchState::Ready { retry_at: 0 };
        ctx.out.event(EventKind::RecordsSent { producer: self.id, tp: ctx.topo.tp(pidx).clone(), records: b.records.clone(), acks: self.config.acks });
    }

    /// Linger expired for batch `id` (the timer carries the batch id).
    pub(crate) fn linger_expired(&mut self, id: u64, ctx: &mut Ctx) {
        if let Some(b) = self.batches.get(&id).filter(|b| b.state == BatchState::Open) {
            let pidx = b.pidx;
            self.close_open_batch(pidx, ctx);
            self.pump(ctx);
        }
    }

    /// Records handed to send() that are not yet acknowledged or failed.
    pub fn pending(&self) -> usize {
        self.batches.values().map(|b| b.records.len()).sum()
    }
}
