//! Committed offsets (OffsetCommit/OffsetFetch at the group coordinator) and the consumer's view
//! of a partition (Fetch with replica id -1: up to the HW, or the LSO under read_committed).

use super::broker::Broker;
use super::group::{Group, GroupState};
use super::net::{Msg, Pidx};
use super::types::{KafkaError, NodeId};
use super::{Ctx, EventKind};

impl Broker {
    /// TxnOffsetCommit: held until the transaction's marker reaches this offsets partition.
    pub(crate) fn handle_txn_offset_commit(&mut self, from: NodeId, req: u64, group: String, producer_id: u32,
                                           offsets: Vec<(Pidx, u64)>, ctx: &mut Ctx) {
        let error = if !self.is_group_coordinator(&group, ctx) {
            Some(KafkaError::NotCoordinator)
        } else {
            let g = self.groups.entry(group).or_insert_with(Group::new);
            g.pending_txn_offsets.entry(producer_id).or_default().extend(offsets);
            None
        };
        ctx.out.send(from, Msg::TxnOffsetCommitResponse { req, error });
    }

    /// A transaction marker landed on an offsets partition: its pending offsets become committed
    /// (COMMIT) or are dropped (ABORT) (GroupMetadataManager.handleTxnCompletion).
    pub(crate) fn complete_txn_offsets(&mut self, pidx: Pidx, producer_id: u32, commit: bool, ctx: &mut Ctx) {
        let groups: Vec<String> = self.groups.keys().filter(|g| super::group::group_partition(g, ctx) == Some(pidx)).cloned().collect();
        for group in groups {
            let g = self.groups.get_mut(&group).expect("group");
            let Some(offsets) = g.pending_txn_offsets.remove(&producer_id) else { continue };
            if commit {
                for (p, o) in &offsets {
                    g.offsets.insert(*p, *o);
                }
                // Persisted with the marker's write (replicated by the same HW).
                let _ = self.append_offsets(&group, &offsets, ctx);
                let tps = offsets.iter().map(|(p, o)| (ctx.topo.tp(*p).clone(), *o)).collect();
                ctx.out.event(EventKind::OffsetsCommitted { group, offsets: tps });
            }
        }
    }

    pub(crate) fn handle_offset_commit(&mut self, from: NodeId, req: u64, group: String, generation: i32, member_id: String,
                                       offsets: Vec<(Pidx, u64)>, ctx: &mut Ctx) {
        let error = if !self.is_group_coordinator(&group, ctx) {
            Some(KafkaError::NotCoordinator)
        } else if generation >= 0 {
            match self.check_member(&group, &member_id, generation) {
                Err(e) => Some(e),
                // GroupCoordinator.handleCommitOffsets: members may still commit while others rejoin;
                // only between JoinGroup and SyncGroup (CompletingRebalance) is it refused.
                Ok(()) if self.groups[&group].state == GroupState::CompletingRebalance => Some(KafkaError::RebalanceInProgress),
                Ok(()) => None,
            }
        } else {
            None
        };
        if error.is_none() {
            // Written to __consumer_offsets; answered when replicated (group_log.rs).
            match self.write_offsets(from, req, &group, &offsets, ctx) {
                Ok(()) => {
                    let g = self.groups.entry(group.clone()).or_insert_with(Group::new);
                    for (p, o) in &offsets {
                        g.offsets.insert(*p, *o);
                    }
                    let tps = offsets.iter().map(|(p, o)| (ctx.topo.tp(*p).clone(), *o)).collect();
                    ctx.out.event(EventKind::OffsetsCommitted { group, offsets: tps });
                    return;
                }
                Err(e) => return ctx.out.send(from, Msg::OffsetCommitResponse { req, error: Some(e) }),
            }
        }
        ctx.out.send(from, Msg::OffsetCommitResponse { req, error });
    }

    pub(crate) fn handle_offset_fetch(&mut self, from: NodeId, req: u64, group: String, partitions: Vec<Pidx>, ctx: &mut Ctx) {
        if !self.is_group_coordinator(&group, ctx) {
            return ctx.out.send(from, Msg::OffsetFetchResponse { req, error: Some(KafkaError::NotCoordinator), offsets: Vec::new() });
        }
        let g = self.groups.get(&group);
        let offsets = partitions.iter().map(|p| (*p, g.and_then(|g| g.offsets.get(p).copied()))).collect();
        ctx.out.send(from, Msg::OffsetFetchResponse { req, error: None, offsets });
    }

    /// A consumer's Fetch: data records up to the HW (read_uncommitted) or the LSO (read_committed),
    /// skipping control records and, under read_committed, aborted transactions.
    pub(crate) fn handle_consumer_fetch(&mut self, from: NodeId, req: u64, parts: Vec<(Pidx, u64)>, read_committed: bool, ctx: &mut Ctx) {
        let data = parts.into_iter().map(|(pidx, offset)| {
            let mut d = super::net::ConsumerFetchData {
                pidx, error: None, records: Vec::new(), next_offset: offset, high_watermark: 0, last_stable_offset: 0, log_start: 0,
            };
            let Some(r) = self.replicas.get(&pidx).filter(|r| r.leader_state.is_some()) else {
                d.error = Some(KafkaError::NotLeaderOrFollower);
                return d;
            };
            d.high_watermark = r.log.hw;
            d.last_stable_offset = r.lso();
            d.log_start = r.log.start;
            // Below the log start (retention deleted it): OFFSET_OUT_OF_RANGE, and the consumer
            // resets by auto.offset.reset (UnifiedLog.read / Fetcher.handleOffsetOutOfRange).
            if offset < r.log.start {
                d.error = Some(KafkaError::OffsetOutOfRange);
                return d;
            }
            let end = if read_committed { d.last_stable_offset } else { d.high_watermark };
            let mut o = offset.max(r.log.start);
            while o < end && d.records.len() < 500 {
                if let Some(e) = r.log.entry(o) {
                    let aborted = read_committed && e.transactional && r.producers.is_aborted(e.producer_id, o);
                    if !e.is_control() && !aborted {
                        d.records.push((o, e.record, e.key.hash));
                    }
                }
                o += 1;
            }
            d.next_offset = o;
            d
        }).collect();
        ctx.out.send(from, Msg::ConsumerFetchResponse { req, partitions: data });
    }
}
