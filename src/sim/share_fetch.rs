//! The partition leader's side of share groups: ShareFetch acquires records for one member
//! (locking them for group.share.record.lock.duration.ms) and carries the member's
//! acknowledgements of what it fetched before; ShareAcknowledge carries them alone, and with
//! `close` ends the member's share session, releasing what it still holds.

use super::broker::Broker;
use super::net::{Msg, Pidx, ShareFetchData};
use super::share_partition::{AcknowledgeType, SharePartition, Transition};
use super::types::{KafkaError, NodeId};
use super::{Ctx, EventKind, Timer};

/// The persisted share-partition states (the share coordinator's `__share_group_state`), by
/// (group, partition).
pub type SharePartitions = std::collections::BTreeMap<(String, Pidx), SharePartition>;

fn consumer_of(n: NodeId) -> Option<u32> {
    match n {
        NodeId::Consumer(c) => Some(c),
        _ => None,
    }
}

/// Tells the event stream what happened to records of one share-partition.
fn report(ctx: &mut Ctx, from: Option<u32>, group: &str, p: Pidx, cause: &str, t: Vec<Transition>) {
    if t.is_empty() {
        return;
    }
    let changes = t.into_iter().map(|t| (t.offset, format!("{:?}", t.to), t.delivery_count)).collect();
    ctx.out.event(EventKind::ShareRecordsChanged { consumer: from, group: group.to_string(), tp: ctx.topo.tp(p).clone(), cause: cause.to_string(), changes });
}

impl Broker {
    fn leads(&self, p: Pidx) -> bool {
        self.replicas.get(&p).is_some_and(|r| r.leader_state.is_some())
    }

    /// Applies acknowledgements for partitions this broker leads; the rest fail.
    fn apply_acks(&self, from: NodeId, group: &str, member: &str, acks: Vec<(Pidx, u64, AcknowledgeType)>, ctx: &mut Ctx)
        -> Vec<(Pidx, u64, KafkaError)> {
        let limit = ctx.topo.config.share.delivery_count_limit;
        let mut errors = Vec::new();
        let mut done: std::collections::BTreeMap<(Pidx, &'static str), Vec<Transition>> = Default::default();
        for (p, o, ack) in acks {
            if !self.leads(p) {
                errors.push((p, o, KafkaError::NotLeaderOrFollower));
                continue;
            }
            let Some(sp) = ctx.share.get_mut(&(group.to_string(), p)) else {
                errors.push((p, o, KafkaError::InvalidRecordState));
                continue;
            };
            match sp.acknowledge(member, o, ack, limit) {
                Ok(t) => done.entry((p, ack_name(ack))).or_default().push(t),
                Err(e) => errors.push((p, o, e)),
            }
            sp.advance_start();
        }
        for ((p, cause), t) in done {
            report(ctx, consumer_of(from), group, p, cause, t);
        }
        errors
    }

    pub(crate) fn handle_share_fetch(&mut self, from: NodeId, req: u64, group: String, member: String, partitions: Vec<Pidx>,
        max_records: u32, acks: Vec<(Pidx, u64, AcknowledgeType)>, ctx: &mut Ctx) {
        let ack_errors = self.apply_acks(from, &group, &member, acks, ctx);
        let cfg = ctx.topo.config.share.clone();
        let mut budget = max_records.max(1) as usize;
        let mut data = Vec::new();
        for p in partitions {
            let mut d = ShareFetchData { pidx: p, error: None, records: Vec::new() };
            let Some(r) = self.replicas.get(&p).filter(|r| r.leader_state.is_some()) else {
                d.error = Some(KafkaError::NotLeaderOrFollower);
                data.push(d);
                continue;
            };
            let log = &r.log;
            let key = (group.clone(), p);
            let sp = ctx.share.entry(key.clone()).or_insert_with(|| SharePartition::new(if cfg.auto_offset_reset_earliest { log.start } else { log.hw }));
            sp.truncate_to(log.start);
            // A lock whose timer died with an earlier leader still runs out.
            let expired = sp.expire_locks(ctx.now, cfg.delivery_count_limit);
            sp.advance_start();
            let from_offset = sp.end.max(sp.start);
            let candidates = (from_offset..log.hw).filter(|o| log.entry(*o).is_some_and(|e| !e.is_control()));
            let got = sp.acquire(&member, ctx.now, cfg.record_lock_duration_ms, budget, cfg.partition_max_record_locks, candidates);
            budget -= got.len().min(budget);
            d.records = got.iter().filter_map(|&(o, n)| log.entry(o).map(|e| (o, e.record, e.key.hash, n))).collect();
            report(ctx, None, &group, p, "lock timeout", expired);
            if !got.is_empty() {
                ctx.out.event(EventKind::ShareRecordsAcquired {
                    consumer: consumer_of(from).unwrap_or(0), group: group.clone(), tp: ctx.topo.tp(p).clone(), offsets: got,
                });
                ctx.out.timer(cfg.record_lock_duration_ms, Timer::ShareLockTimeout { group: group.clone(), pidx: p });
            }
            data.push(d);
        }
        ctx.out.send(from, Msg::ShareFetchResponse { req, partitions: data, ack_errors });
    }

    pub(crate) fn handle_share_acknowledge(&mut self, from: NodeId, req: u64, group: String, member: String,
        acks: Vec<(Pidx, u64, AcknowledgeType)>, close: bool, ctx: &mut Ctx) {
        let ack_errors = self.apply_acks(from, &group, &member, acks, ctx);
        if close {
            let led: Vec<Pidx> = ctx.share.keys().filter(|(g, p)| *g == group && self.leads(*p)).map(|(_, p)| *p).collect();
            for p in led {
                let sp = ctx.share.get_mut(&(group.clone(), p)).expect("listed");
                let back = sp.release_member(&member);
                report(ctx, consumer_of(from), &group, p, "session closed", back);
            }
        }
        ctx.out.send(from, Msg::ShareAcknowledgeResponse { req, ack_errors });
    }

    /// The acquisition lock timer of records acquired one lock duration ago.
    pub(crate) fn share_lock_timeout(&mut self, group: &str, p: Pidx, ctx: &mut Ctx) {
        if !self.leads(p) {
            return; // the new leader expires it at its next ShareFetch
        }
        let limit = ctx.topo.config.share.delivery_count_limit;
        let Some(sp) = ctx.share.get_mut(&(group.to_string(), p)) else { return };
        let t = sp.expire_locks(ctx.now, limit);
        sp.advance_start();
        report(ctx, None, group, p, "lock timeout", t);
    }
}

fn ack_name(a: AcknowledgeType) -> &'static str {
    match a {
        AcknowledgeType::Accept => "ACCEPT",
        AcknowledgeType::Release => "RELEASE",
        AcknowledgeType::Reject => "REJECT",
    }
}
