//! What the UI draws: a plain-data picture of the world at one instant.

use super::broker::BrokerStatus;
use super::producer::{BatchState, Producer};
use super::txn::TxnClientState;
use super::ledger::LedgerSummary;
use super::net::{Envelope, Pidx};
use super::types::{Acks, BrokerId, KafkaError, Millis, RecordId, TopicPartition};
use super::Sim;
use serde::Serialize;

/// How many log entries per replica a snapshot carries (the newest ones).
pub const TAIL: usize = 40;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    pub now: Millis,
    pub seed: u64,
    pub position: u64,
    pub brokers: Vec<BrokerView>,
    pub partitions: Vec<PartitionView>,
    pub in_flight: Vec<Envelope>,
    pub ledger: LedgerSummary,
    /// Producer 1 (the default producer).
    pub producer: ProducerView,
    /// Every producer instance, producer 1 first.
    pub producers: Vec<ProducerView>,
    /// ZooKeeper mode only: the ensemble and where the controller runs.
    pub zookeeper: Option<ZkView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZkView {
    pub servers: u8,
    /// Stopped servers (numbered from 1).
    pub down: Vec<u8>,
    pub quorum: bool,
    /// The broker holding /controller, and the controller epoch.
    pub controller: Option<BrokerId>,
    pub controller_epoch: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrokerView {
    pub id: BrokerId,
    pub rack: Option<String>,
    pub status: BrokerStatus,
    /// As the controller sees it.
    pub fenced: bool,
    pub leader_of: usize,
    /// Cut off the network (`Action::Isolate`): it runs, but nothing reaches it or leaves it.
    pub isolated: bool,
    /// Where it listens now, and whether producer 1 still knows that address.
    pub address: String,
    pub producer_knows_address: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryView {
    pub offset: u64,
    pub record: RecordId,
    pub epoch: u32,
    pub key: Option<String>,
    pub acknowledged: bool,
    /// A transaction marker: Some(true) = COMMIT, Some(false) = ABORT (its `record` is 0).
    pub control: Option<bool>,
    /// Written inside a transaction.
    pub transactional: bool,
    /// A hole the log cleaner left (compaction); a tombstone (null value).
    pub compacted: bool,
    pub tombstone: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplicaView {
    pub broker: BrokerId,
    pub up: bool,
    pub is_leader: bool,
    pub in_isr: bool,
    pub leo: u64,
    pub hw: u64,
    pub log_start: u64,
    /// Compacted topics: the cleaner checkpoint (below it the clean tail, above it the dirty head).
    pub cleaner_checkpoint: Option<u64>,
    pub entries: Vec<EntryView>,
    /// Leader's view: ms since this follower was last caught up (drives the lag countdown ring).
    pub lag_ms: Option<Millis>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionView {
    pub pidx: Pidx,
    pub tp: TopicPartition,
    pub leader: Option<BrokerId>,
    pub leader_epoch: u32,
    pub isr: Vec<BrokerId>,
    pub replicas: Vec<ReplicaView>,
    pub min_isr: u32,
    pub under_replicated: bool,
    /// The leader's last stable offset (differs from the HW while a transaction is open).
    pub lso: Option<u64>,
    /// An internal topic such as `__transaction_state` (the board hides these by default).
    pub internal: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BatchView {
    pub id: u64,
    pub tp: TopicPartition,
    pub records: Vec<RecordId>,
    pub bytes: u64,
    pub base_seq: Option<u32>,
    pub attempts: u32,
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProducerView {
    pub acks: Acks,
    pub idempotent: bool,
    pub producer_id: u32,
    pub producer_epoch: u32,
    /// Bytes of buffer.memory held by unacknowledged batches.
    pub buffer_used: u64,
    pub batches: Vec<BatchView>,
    pub pending: usize,
    pub last_error: Option<KafkaError>,
    pub id: u32,
    pub transactional_id: Option<String>,
    /// The client's transaction state (TransactionManager), if transactional.
    pub txn_state: Option<TxnClientState>,
}

impl Sim {
    pub fn snapshot(&self) -> Snapshot {
        let ctrl = self.controller();
        let brokers = self.brokers().iter().map(|b| BrokerView {
            id: b.id,
            rack: b.rack.clone(),
            status: b.status,
            fenced: ctrl.brokers.get(&b.id).is_none_or(|r| r.fenced),
            leader_of: ctrl.partitions.iter().filter(|p| p.leader == Some(b.id)).count(),
            isolated: self.net.isolated.contains(&super::types::NodeId::Broker(b.id)),
            address: super::addresses::address(b.id, self.topo.addresses.get(&b.id).copied().unwrap_or(0)),
            producer_knows_address: self.producers.first().and_then(|p| p.addresses.dial(b.id)) == self.topo.addresses.get(&b.id).copied(),
        }).collect();
        let partitions = ctrl.partitions.iter().map(|p| self.partition_view(p.pidx)).collect();
        let producers: Vec<ProducerView> = self.producers().iter().map(|p| self.producer_view(p)).collect();
        Snapshot {
            now: self.now(),
            seed: self.seed(),
            position: self.position(),
            brokers,
            partitions,
            in_flight: self.network().in_flight.values().cloned().collect(),
            ledger: self.ledger_summary(),
            producer: producers[0].clone(),
            producers,
            zookeeper: self.zookeeper().map(|z| ZkView {
                servers: z.servers, down: z.down.iter().copied().collect(), quorum: z.has_quorum(),
                controller: z.controller, controller_epoch: z.controller_epoch,
            }),
        }
    }

    fn producer_view(&self, producer: &Producer) -> ProducerView {
        ProducerView {
            acks: producer.acks(),
            idempotent: producer.idempotent(),
            producer_id: producer.producer_id(),
            producer_epoch: producer.producer_epoch(),
            buffer_used: producer.buffer_used(),
            batches: producer.batches.values().map(|b| BatchView {
                id: b.id,
                tp: self.topology().tp(b.pidx).clone(),
                records: b.records.clone(),
                bytes: b.bytes,
                base_seq: b.base_seq,
                attempts: b.attempts,
                state: match b.state {
                    BatchState::Open => "open".to_string(),
                    BatchState::Ready { retry_at } if retry_at > self.now() => format!("retry at {retry_at} ms"),
                    BatchState::Ready { .. } => "ready".to_string(),
                    BatchState::InFlight { to, .. } => format!("in flight to broker {to}"),
                },
            }).collect(),
            pending: producer.pending(),
            last_error: producer.last_error,
            id: producer.id,
            transactional_id: producer.txn.as_ref().map(|t| t.transactional_id.clone()),
            txn_state: producer.txn.as_ref().map(|t| t.state),
        }
    }

    /// What a consumer fetching from the leader would get (Log.read up to the HW, or up to the LSO
    /// for read_committed, which also skips aborted transactions and markers).
    pub fn read(&self, pidx: Pidx, read_committed: bool) -> Vec<(u64, RecordId)> {
        let Some(r) = self.controller().partitions.get(pidx).and_then(|p| p.leader)
            .and_then(|l| self.broker(l)).and_then(|b| b.replicas.get(&pidx)) else { return Vec::new() };
        let end = if read_committed { r.lso() } else { r.log.hw };
        (r.log.start..end).filter_map(|o| {
            let e = r.log.entry(o)?;
            if e.is_control() || (read_committed && e.transactional && r.producers.is_aborted(e.producer_id, o)) {
                return None;
            }
            Some((o, e.record))
        }).collect()
    }

    pub fn partition_view(&self, pidx: Pidx) -> PartitionView {
        let p = &self.controller().partitions[pidx];
        let leader_state = p.leader
            .and_then(|l| self.broker(l))
            .and_then(|b| b.replicas.get(&pidx))
            .and_then(|r| r.leader_state.as_ref());
        let replicas = p.replicas.iter().map(|b| {
            let broker = self.broker(*b).expect("replica broker exists");
            let r = broker.replicas.get(&pidx);
            let log = r.map(|r| &r.log);
            let entries = log.map(|l| {
                let skip = l.entries.len().saturating_sub(TAIL);
                l.entries.iter().enumerate().skip(skip).map(|(i, e)| {
                    let life = self.ledger().get(e.record);
                    EntryView {
                        offset: l.start + i as u64,
                        record: e.record,
                        epoch: e.epoch,
                        key: life.and_then(|x| x.key.clone()),
                        acknowledged: life.is_some_and(|x| x.acked.is_some()),
                        control: match e.control {
                            super::log::Control::None | super::log::Control::GroupOffset { .. } | super::log::Control::Compacted => None,
                            super::log::Control::Commit => Some(true),
                            super::log::Control::Abort => Some(false),
                        },
                        transactional: e.transactional,
                        compacted: e.control == super::log::Control::Compacted,
                        tombstone: e.key.tombstone,
                    }
                }).collect()
            }).unwrap_or_default();
            ReplicaView {
                broker: *b,
                up: broker.is_up(),
                is_leader: p.leader == Some(*b),
                in_isr: p.isr.contains(b),
                leo: log.map_or(0, |l| l.leo()),
                hw: log.map_or(0, |l| l.hw),
                log_start: log.map_or(0, |l| l.start),
                cleaner_checkpoint: r.filter(|_| self.topo.partitions[pidx].compact).map(|r| r.cleaner.first_dirty(&r.log)),
                entries,
                lag_ms: leader_state.and_then(|ls| ls.followers.get(b)).map(|f| self.now().saturating_sub(f.last_caught_up_ms)),
            }
        }).collect();
        PartitionView {
            pidx,
            tp: self.topology().tp(pidx).clone(),
            leader: p.leader,
            leader_epoch: p.leader_epoch,
            isr: p.isr.clone(),
            replicas,
            min_isr: self.topology().partitions[pidx].min_isr,
            under_replicated: p.isr.len() < p.replicas.len(),
            lso: p.leader.and_then(|l| self.broker(l)).and_then(|b| b.replicas.get(&pidx)).map(|r| r.lso()),
            internal: self.topology().tp(pidx).topic.starts_with("__"),
        }
    }

    /// Ledger counts, with duplicates and reordering measured in the current leaders' logs:
    /// a record id seen twice is a duplicate; a record stored after one sent later is reordered
    /// (record ids grow in send order).
    pub fn ledger_summary(&self) -> LedgerSummary {
        let (mut dup, mut reordered) = (0u64, 0u64);
        for p in &self.controller().partitions {
            let Some(log) = p.leader.and_then(|l| self.broker(l)).and_then(|b| b.replicas.get(&p.pidx)).map(|r| &r.log) else { continue };
            let mut seen = std::collections::BTreeSet::new();
            let mut max_seen: RecordId = 0;
            for e in log.entries.iter().filter(|e| !e.is_control()) {
                if !seen.insert(e.record) {
                    dup += 1;
                    continue;
                }
                if e.record < max_seen {
                    reordered += 1;
                }
                max_seen = max_seen.max(e.record);
            }
        }
        self.ledger().summary(dup, reordered)
    }
}
