//! The Produce path on a partition leader (ReplicaManager.appendRecords →
//! Partition.appendRecordsToLeader): NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS before the
//! append, idempotent sequence checks, the append itself, and acks=all requests held until the
//! HW covers them (DelayedProduce, NOT_ENOUGH_REPLICAS_AFTER_APPEND).

use super::broker::{Broker, DelayedKind, DelayedProduce, ProduceBatch};
use super::log::LogEntry;
use super::net::{Msg, Pidx};
use super::producer_state::SeqCheck;
use super::types::{Acks, KafkaError, NodeId};
use super::{Ctx, EventKind, Timer};

impl Broker {
    pub(crate) fn handle_produce(&mut self, client: NodeId, req: u64, pidx: Pidx, acks: Acks, batch: ProduceBatch, timeout_ms: u64, ctx: &mut Ctx) {
        let ProduceBatch { records, keys, producer_id, producer_epoch, base_sequence, transactional, bytes } = batch;
        // Each record carries its share of the batch's bytes (for segment.bytes / retention.bytes).
        let record_size = bytes.div_ceil(records.len().max(1) as u64).min(u32::MAX as u64) as u32;
        let reply = |ctx: &mut Ctx, error: Option<KafkaError>, base_offset: Option<u64>| {
            if acks != Acks::None {
                ctx.out.send(client, Msg::ProduceResponse { req, pidx, error, base_offset });
            }
        };
        let Some(r) = self.replicas.get_mut(&pidx) else {
            return reply(ctx, Some(KafkaError::NotLeaderOrFollower), None);
        };
        let Some(ls) = r.leader_state.as_ref() else {
            return reply(ctx, Some(KafkaError::NotLeaderOrFollower), None);
        };
        // LogValidator.validateKey: "Compacted topic cannot accept message without key".
        if ctx.topo.partitions[pidx].compact && keys.iter().any(|k| k.hash.is_none()) {
            return reply(ctx, Some(KafkaError::InvalidRecord), None);
        }
        let min_isr = ctx.topo.partitions[pidx].min_isr as usize;
        // Partition.appendRecordsToLeader: acks=all is refused before the append when the ISR is too small.
        if acks == Acks::All && ls.isr.len() < min_isr {
            return reply(ctx, Some(KafkaError::NotEnoughReplicas), None);
        }
        let tp = ctx.topo.tp(pidx).clone();
        let count = records.len() as u64;
        let first_offset = match r.producers.check(producer_id, producer_epoch, base_sequence, records.len() as u32) {
            SeqCheck::OutOfOrder { .. } => return reply(ctx, Some(KafkaError::OutOfOrderSequenceNumber), None),
            SeqCheck::StaleEpoch { .. } => return reply(ctx, Some(KafkaError::InvalidProducerEpoch), None),
            SeqCheck::Duplicate { first_offset } => {
                ctx.out.event(EventKind::DuplicateBatch { tp, broker: self.id, producer_id, base_sequence, offset: first_offset });
                first_offset
            }
            SeqCheck::Append => {
                let epoch = r.state.leader_epoch;
                let first = r.log.leo();
                for (i, rec) in records.iter().enumerate() {
                    let e = LogEntry {
                        producer_id, producer_epoch, seq: base_sequence + i as u32, base_seq: base_sequence, transactional,
                        timestamp: ctx.now, size: record_size, key: keys.get(i).copied().unwrap_or_default(),
                        ..LogEntry::data(*rec, epoch)
                    };
                    let off = r.log.append(e);
                    r.producers.on_append(&e, off);
                }
                ctx.out.event(EventKind::Appended {
                    tp, broker: self.id, first_offset: first, count, epoch, leader: true, records: records.to_vec(),
                });
                self.wake_parked(pidx, ctx);
                self.maybe_increment_hw(pidx, ctx);
                first
            }
        };
        match acks {
            Acks::None => {}
            Acks::Leader => reply(ctx, None, Some(first_offset)),
            Acks::All => {
                let id = self.next_id();
                self.delayed.insert(id, DelayedProduce { client, req, pidx, required_offset: first_offset + count, base_offset: first_offset, kind: DelayedKind::Produce });
                ctx.out.timer(timeout_ms, Timer::ProduceTimeout { id });
                self.check_delayed(pidx, ctx);
            }
        }
    }

    /// Completes waiting acks=all requests whose offsets the HW now covers
    /// (Partition.checkEnoughReplicasReachOffset).
    pub(crate) fn check_delayed(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        let Some(r) = self.replicas.get(&pidx) else { return };
        let Some(ls) = r.leader_state.as_ref() else { return };
        let hw = r.log.hw;
        let isr_size = ls.maximal_isr().len();
        let min_isr = ctx.topo.partitions[pidx].min_isr as usize;
        let done: Vec<u64> = self.delayed.iter()
            .filter(|(_, d)| d.pidx == pidx && hw >= d.required_offset)
            .map(|(id, _)| *id).collect();
        for id in done {
            let d = self.delayed.remove(&id).expect("present");
            let error = if isr_size >= min_isr { None } else { Some(KafkaError::NotEnoughReplicasAfterAppend) };
            d.respond(error, ctx);
        }
    }
}
