//! Replication: followers fetch from leaders; leaders track follower LEOs, advance the high
//! watermark, and shrink or expand the ISR through the controller (AlterPartition).
//! This is the one place where the HW moves and where the ISR changes are asked for.

use super::broker::{Broker, ParkedFetch};
use super::log::LogEntry;
use super::net::{FetchData, FetchPartition, Msg, PartitionState, Pidx};
use super::producer_state::ProducerStateMap;
use super::types::{BrokerId, KafkaError, NodeId};
use super::{Ctx, EventKind, Timer};

/// Most entries one partition returns per fetch (stands in for replica.fetch.max.bytes).
const MAX_FETCH_ENTRIES: usize = 500;

impl Broker {
    /// Sends the next Fetch to `leader` for every partition this broker follows there
    /// (one ReplicaFetcherThread per source broker).
    pub(crate) fn send_fetch(&mut self, leader: BrokerId, ctx: &mut Ctx) {
        let Some(f) = self.fetchers.get(&leader) else { return };
        if f.in_flight.is_some() || f.backing_off || f.partitions.is_empty() || !self.is_up() {
            return;
        }
        if ctx.now < self.fetch_stalled_until {
            let wait = self.fetch_stalled_until - ctx.now;
            self.fetchers.get_mut(&leader).expect("fetcher").backing_off = true;
            ctx.out.timer(wait, Timer::FetchBackoff { leader });
            return;
        }
        let partitions: Vec<FetchPartition> = f.partitions.iter().filter_map(|p| {
            let r = self.replicas.get(p)?;
            Some(FetchPartition {
                pidx: *p,
                fetch_offset: r.log.leo(),
                last_fetched_epoch: r.log.last_fetched_epoch(),
                current_leader_epoch: r.state.leader_epoch,
            })
        }).collect();
        let req = self.next_id();
        self.fetchers.get_mut(&leader).expect("fetcher").in_flight = Some(req);
        ctx.out.send(NodeId::Broker(leader), Msg::Fetch { req, partitions });
        ctx.out.timer(ctx.topo.config.broker.replica_socket_timeout_ms, Timer::FetchTimeout { leader, req });
    }

    /// The leader could not be reached: back off replica.fetch.backoff.ms, then try again.
    pub(crate) fn fetch_failed(&mut self, leader: BrokerId, ctx: &mut Ctx) {
        if let Some(f) = self.fetchers.get_mut(&leader) {
            f.in_flight = None;
            f.backing_off = true;
            ctx.out.timer(ctx.topo.config.broker.replica_fetch_backoff_ms, Timer::FetchBackoff { leader });
        }
    }

    /// Leader side of a follower's Fetch (ReplicaManager.fetchMessages → Partition.fetchRecords).
    pub(crate) fn handle_fetch(&mut self, follower: BrokerId, req: u64, partitions: Vec<FetchPartition>, ctx: &mut Ctx) {
        for fp in &partitions {
            self.update_follower_state(follower, fp, ctx);
        }
        let data = self.build_fetch_data(&partitions);
        let ready = data.iter().any(|d| d.error.is_some() || d.diverging_epoch.is_some() || !d.entries.is_empty());
        if ready {
            ctx.out.send(NodeId::Broker(follower), Msg::FetchResponse { req, partitions: data });
        } else {
            // Nothing new: hold the fetch up to replica.fetch.wait.max.ms (DelayedFetch).
            let id = self.next_id();
            self.parked.insert(id, ParkedFetch { from: follower, req, partitions });
            ctx.out.timer(ctx.topo.config.broker.replica_fetch_wait_max_ms, Timer::FetchWait { parked: id });
        }
    }

    /// Where the follower's log diverges from ours (KIP-320, Partition.fetchRecords:
    /// endOffsetForEpoch(lastFetchedEpoch) is older or ends before the fetch offset).
    fn diverging_epoch(&self, fp: &FetchPartition) -> Option<(u32, u64)> {
        let r = self.replicas.get(&fp.pidx)?;
        let last = fp.last_fetched_epoch?;
        match r.log.end_offset_for_epoch(last) {
            Some((epoch, end)) if epoch < last || end < fp.fetch_offset => Some((epoch, end)),
            Some(_) => None,
            None => Some((0, r.log.start)),
        }
    }

    fn partition_error(&self, fp: &FetchPartition) -> Option<KafkaError> {
        let Some(r) = self.replicas.get(&fp.pidx) else { return Some(KafkaError::NotLeaderOrFollower) };
        if r.leader_state.is_none() {
            return Some(KafkaError::NotLeaderOrFollower);
        }
        if fp.current_leader_epoch < r.state.leader_epoch {
            return Some(KafkaError::FencedLeaderEpoch);
        }
        None
    }

    fn build_fetch_data(&self, partitions: &[FetchPartition]) -> Vec<FetchData> {
        partitions.iter().map(|fp| {
            let mut d = FetchData { pidx: fp.pidx, error: None, high_watermark: 0, entries: Vec::new(), diverging_epoch: None, log_start: 0 };
            if let Some(e) = self.partition_error(fp) {
                d.error = Some(e);
                return d;
            }
            let r = &self.replicas[&fp.pidx];
            d.high_watermark = r.log.hw;
            d.log_start = r.log.start;
            // Retention moved our log start past what the follower asks for
            // (UnifiedLog.read: OffsetOutOfRangeException below logStartOffset).
            if fp.fetch_offset < r.log.start {
                d.error = Some(KafkaError::OffsetOutOfRange);
                return d;
            }
            if let Some(div) = self.diverging_epoch(fp) {
                d.diverging_epoch = Some(div);
                return d;
            }
            let from = fp.fetch_offset.max(r.log.start);
            let to = r.log.leo().min(from + MAX_FETCH_ENTRIES as u64);
            d.entries = (from..to).filter_map(|o| r.log.entry(o).copied()).collect();
            d
        }).collect()
    }

    /// Replica.updateFetchStateOrThrow: the follower's LEO and when it was last caught up.
    fn update_follower_state(&mut self, follower: BrokerId, fp: &FetchPartition, ctx: &mut Ctx) {
        if self.partition_error(fp).is_some() || self.diverging_epoch(fp).is_some() {
            return;
        }
        if self.replicas.get(&fp.pidx).is_some_and(|r| fp.fetch_offset < r.log.start) {
            return; // out of range: the follower starts over at our log start first
        }
        let now = ctx.now;
        let Some(r) = self.replicas.get_mut(&fp.pidx) else { return };
        let leader_leo = r.log.leo();
        let Some(ls) = r.leader_state.as_mut() else { return };
        let Some(fs) = ls.followers.get_mut(&follower) else { return };
        if fp.fetch_offset >= leader_leo {
            fs.last_caught_up_ms = now;
        } else if fp.fetch_offset >= fs.last_fetch_leader_leo {
            fs.last_caught_up_ms = fs.last_caught_up_ms.max(fs.last_fetch_ms);
        }
        fs.last_fetch_leader_leo = leader_leo;
        fs.last_fetch_ms = now;
        fs.leo = Some(fp.fetch_offset);
        self.maybe_expand_isr(fp.pidx, follower, ctx);
        self.maybe_increment_hw(fp.pidx, ctx);
    }

    /// Partition.maybeIncrementLeaderHW: the HW is the smallest LEO among the maximal ISR (and
    /// caught-up replicas about to join), and it does not move while |ISR| < min.insync.replicas
    /// (KAFKA-15583).
    pub(crate) fn maybe_increment_hw(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        let lag = ctx.topo.config.broker.replica_lag_time_max_ms;
        let min_isr = ctx.topo.partitions[pidx].min_isr as usize;
        let me = self.id;
        let Some(r) = self.replicas.get_mut(&pidx) else { return };
        let Some(ls) = r.leader_state.as_ref() else { return };
        if ls.isr.len() < min_isr {
            return;
        }
        let leo = r.log.leo();
        let maximal = ls.maximal_isr();
        let mut new_hw = leo;
        for (b, fs) in &ls.followers {
            // Partition.isReplicaIsrEligible (KIP-841): never wait for a fenced or shutting-down broker.
            let eligible = !self.ineligible.contains(b);
            let caught_up = eligible && (fs.leo == Some(leo) || (fs.last_caught_up_ms > 0 && ctx.now.saturating_sub(fs.last_caught_up_ms) <= lag));
            if maximal.contains(b) || caught_up {
                new_hw = new_hw.min(fs.leo.unwrap_or(0));
            }
        }
        if new_hw > r.log.hw {
            let from = r.log.hw;
            r.log.hw = new_hw;
            ctx.out.event(EventKind::HighWatermark { tp: ctx.topo.tp(pidx).clone(), broker: me, from, to: new_hw });
            self.check_delayed(pidx, ctx);
        }
    }

    /// Partition.maybeExpandIsr: a follower that reached the HW (and this epoch's start) rejoins.
    fn maybe_expand_isr(&mut self, pidx: Pidx, follower: BrokerId, ctx: &mut Ctx) {
        let Some(r) = self.replicas.get_mut(&pidx) else { return };
        let hw = r.log.hw;
        let (leader_epoch, partition_epoch) = (r.state.leader_epoch, r.state.partition_epoch);
        let Some(ls) = r.leader_state.as_mut() else { return };
        if ls.pending_isr.is_some() || ls.isr.contains(&follower) {
            return;
        }
        let Some(leo) = ls.followers.get(&follower).and_then(|f| f.leo) else { return };
        if leo >= hw && leo >= ls.epoch_start_offset {
            let mut new_isr = ls.isr.clone();
            new_isr.push(follower);
            ls.pending_isr = Some(new_isr.clone());
            ctx.out.send(NodeId::Controller, Msg::AlterPartition { pidx, leader_epoch, partition_epoch, new_isr });
            ctx.out.timer(ctx.topo.config.broker.request_timeout_ms, Timer::AlterPartitionTimeout { pidx, partition_epoch });
        }
    }

    /// Partition.maybeShrinkIsr, run every replica.lag.time.max.ms / 2: followers not caught up
    /// for replica.lag.time.max.ms are proposed for removal.
    pub(crate) fn maybe_shrink_isr(&mut self, ctx: &mut Ctx) {
        let lag = ctx.topo.config.broker.replica_lag_time_max_ms;
        let me = self.id;
        for (pidx, r) in self.replicas.iter_mut() {
            let leo = r.log.leo();
            let (leader_epoch, partition_epoch) = (r.state.leader_epoch, r.state.partition_epoch);
            let Some(ls) = r.leader_state.as_mut() else { continue };
            if ls.pending_isr.is_some() {
                continue;
            }
            let out: Vec<BrokerId> = ls.isr.iter().copied().filter(|b| *b != me).filter(|b| {
                ls.followers.get(b).is_some_and(|f| f.leo != Some(leo) && ctx.now.saturating_sub(f.last_caught_up_ms) > lag)
            }).collect();
            if out.is_empty() {
                continue;
            }
            let new_isr: Vec<BrokerId> = ls.isr.iter().copied().filter(|b| !out.contains(b)).collect();
            ls.pending_isr = Some(new_isr.clone());
            ctx.out.send(NodeId::Controller, Msg::AlterPartition { pidx: *pidx, leader_epoch, partition_epoch, new_isr });
            ctx.out.timer(ctx.topo.config.broker.request_timeout_ms, Timer::AlterPartitionTimeout { pidx: *pidx, partition_epoch });
        }
    }

    pub(crate) fn handle_alter_partition_response(&mut self, pidx: Pidx, error: Option<KafkaError>, state: PartitionState, ctx: &mut Ctx) {
        if let Some(ls) = self.replicas.get_mut(&pidx).and_then(|r| r.leader_state.as_mut()) {
            ls.pending_isr = None;
        }
        if error.is_none() {
            self.apply_metadata(&[state], ctx);
        }
        self.after_leader_change(pidx, ctx);
    }

    /// The ISR or leadership changed: the HW may move and waiting requests may complete.
    pub(crate) fn after_leader_change(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        self.maybe_increment_hw(pidx, ctx);
        self.check_delayed(pidx, ctx);
    }

    pub(crate) fn wake_parked(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        let ids: Vec<u64> = self.parked.iter()
            .filter(|(_, p)| p.partitions.iter().any(|fp| fp.pidx == pidx))
            .map(|(id, _)| *id).collect();
        for id in ids {
            self.complete_parked(id, ctx);
        }
    }

    pub(crate) fn complete_parked(&mut self, id: u64, ctx: &mut Ctx) {
        let Some(p) = self.parked.remove(&id) else { return };
        let data = self.build_fetch_data(&p.partitions);
        ctx.out.send(NodeId::Broker(p.from), Msg::FetchResponse { req: p.req, partitions: data });
    }

    /// Follower side: append what the leader sent, or truncate where the logs diverge
    /// (AbstractFetcherThread.processFetchRequest / truncateOnFetchResponse).
    pub(crate) fn handle_fetch_response(&mut self, leader: BrokerId, req: u64, data: Vec<FetchData>, ctx: &mut Ctx) {
        match self.fetchers.get_mut(&leader) {
            Some(f) if f.in_flight == Some(req) => f.in_flight = None,
            _ => return,
        }
        if ctx.now < self.fetch_stalled_until {
            // A stalled fetcher does not process what arrives; it fetches again afterwards.
            return self.send_fetch(leader, ctx);
        }
        let me = self.id;
        let mut any_error = false;
        for d in data {
            let following = self.fetchers.get(&leader).is_some_and(|f| f.partitions.contains(&d.pidx));
            let Some(r) = self.replicas.get_mut(&d.pidx) else { continue };
            if !following || r.leader_state.is_some() {
                continue;
            }
            let tp = ctx.topo.tp(d.pidx).clone();
            if d.error == Some(KafkaError::OffsetOutOfRange) {
                // ReplicaFetcherThread: behind the leader's log start, start over there.
                let removed = r.log.truncate_fully_and_start_at(d.log_start);
                r.producers = ProducerStateMap::rebuild(&r.log);
                if !removed.is_empty() {
                    ctx.out.event(EventKind::Truncated {
                        tp, broker: me, to_offset: d.log_start, removed: removed.len() as u64,
                        records: super::log::data_records(&removed),
                    });
                }
                continue;
            }
            if d.error.is_some() {
                any_error = true;
                continue;
            }
            // A follower keeps its log start at least at the leader's (maybeIncrementLogStartOffset).
            if d.log_start > r.log.start && d.log_start <= r.log.hw {
                let from = r.log.start;
                let removed = r.log.delete_before(d.log_start);
                if !removed.is_empty() {
                    let records = super::log::data_records(&removed);
                    ctx.out.event(EventKind::SegmentsDeleted {
                        tp: tp.clone(), broker: me, from, to: r.log.start, segments: 0, breach: super::retention::Breach::LeaderStart, records,
                    });
                }
            }
            if let Some((epoch, leader_end)) = d.diverging_epoch {
                let mine = r.log.end_offset_for_epoch(epoch).map_or(r.log.start, |(_, end)| end);
                let target = leader_end.min(mine).min(r.log.leo());
                let removed = r.log.truncate_to(target);
                if !removed.is_empty() {
                    r.producers = ProducerStateMap::rebuild(&r.log);
                    ctx.out.event(EventKind::Truncated {
                        tp, broker: me, to_offset: target, removed: removed.len() as u64,
                        records: removed.iter().map(|(_, e)| e.record).collect(),
                    });
                }
                continue;
            }
            if !d.entries.is_empty() {
                let first = r.log.leo();
                let epoch = d.entries[0].epoch;
                let records: Vec<u64> = d.entries.iter().map(|e: &LogEntry| e.record).collect();
                for e in &d.entries {
                    let off = r.log.append(*e);
                    r.producers.on_append(e, off);
                }
                ctx.out.event(EventKind::Appended {
                    tp: tp.clone(), broker: me, first_offset: first, count: records.len() as u64, epoch, leader: false, records,
                });
            }
            // Follower HW = min(leader HW, own LEO) (Partition.updateFollowerFetchState → log.updateHighWatermark).
            let new_hw = d.high_watermark.min(r.log.leo());
            if new_hw > r.log.hw {
                let from = r.log.hw;
                r.log.hw = new_hw;
                ctx.out.event(EventKind::HighWatermark { tp, broker: me, from, to: new_hw });
            }
        }
        if any_error {
            self.fetch_failed(leader, ctx);
        } else {
            self.send_fetch(leader, ctx);
        }
    }
}
