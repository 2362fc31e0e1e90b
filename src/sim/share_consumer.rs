//! A share-group member (KafkaShareConsumer, KIP-932). It heartbeats its coordinator instead of
//! joining and syncing, never commits offsets, and fetches with ShareFetch: the leader hands it
//! records locked for it alone, and the next ShareFetch carries its acknowledgement of each one
//! (explicit acknowledgement: ACCEPT when processed; a poison record is RELEASEd for another
//! delivery, or REJECTed / dead-lettered as `sim.poison.handling` says).

use super::consumer::{Consumer, MemberState};
use super::consumer_config::PoisonHandling;
use super::net::{Msg, Pidx, ShareFetchData};
use super::share_partition::AcknowledgeType;
use super::types::{BrokerId, KafkaError, NodeId, RecordId};
use super::{Ctx, EventKind, Timer};
use std::collections::{BTreeMap, BTreeSet};

/// What the error handler of a share consumer does with a record whose processing threw.
pub(crate) enum ShareOutcome {
    Release,
    Reject,
    DeadLetter,
}

impl Consumer {
    /// ShareGroupHeartbeat: joins (the client names itself, KIP-932) and keeps the membership.
    pub(crate) fn share_heartbeat(&mut self, ctx: &mut Ctx) {
        let Some(c) = self.coordinator else { return self.find_coordinator(ctx) };
        if self.pending.is_some() {
            return;
        }
        if self.member_id.is_empty() {
            self.member_id = format!("share-{}-{}", self.id, self.incarnation);
        }
        let req = self.req();
        self.pending = Some((req, "share-heartbeat"));
        ctx.out.send(NodeId::Broker(c), Msg::ShareGroupHeartbeat {
            req, group: self.group.clone(), member_id: self.member_id.clone(), leave: false, topics: self.topics.clone(),
        });
        ctx.out.timer(ctx.topo.config.share.session_timeout_ms, Timer::ConsumerRequestTimeout { req });
    }

    pub(crate) fn on_share_heartbeat(&mut self, req: u64, error: Option<KafkaError>, epoch: i32, assignment: Vec<Pidx>, ctx: &mut Ctx) {
        if !self.pending.is_some_and(|(r, _)| r == req) {
            return;
        }
        self.pending = None;
        match error {
            None => {
                self.generation = epoch;
                if self.state != MemberState::Stable || assignment != self.assignment {
                    self.share_assigned(assignment, ctx);
                }
            }
            Some(_) => {
                self.coordinator = None;
                self.find_coordinator(ctx);
            }
        }
    }

    fn share_assigned(&mut self, new: Vec<Pidx>, ctx: &mut Ctx) {
        let old: BTreeSet<Pidx> = self.assignment.iter().copied().collect();
        let newset: BTreeSet<Pidx> = new.iter().copied().collect();
        let lost: Vec<_> = old.difference(&newset).map(|p| ctx.topo.tp(*p).clone()).collect();
        let added: Vec<_> = newset.difference(&old).map(|p| ctx.topo.tp(*p).clone()).collect();
        if !lost.is_empty() {
            ctx.out.event(EventKind::PartitionsRevoked { consumer: self.id, group: self.group.clone(), partitions: lost });
        }
        self.assignment = new;
        self.state = MemberState::Stable;
        if !added.is_empty() {
            ctx.out.event(EventKind::PartitionsAssigned { consumer: self.id, group: self.group.clone(), partitions: added });
        }
        self.send_share_fetches(ctx);
    }

    /// One ShareFetch per leader, once everything fetched before has been processed; it carries
    /// the acknowledgements for that leader's partitions.
    pub(crate) fn send_share_fetches(&mut self, ctx: &mut Ctx) {
        if self.state != MemberState::Stable || !self.buffer.is_empty() || !self.processing.is_empty() {
            return;
        }
        let mut by_leader: BTreeMap<BrokerId, (Vec<Pidx>, Vec<(Pidx, u64, AcknowledgeType)>)> = BTreeMap::new();
        for p in &self.assignment {
            if let Some(l) = self.leaders.get(p) {
                by_leader.entry(*l).or_default().0.push(*p);
            }
        }
        let mut kept = Vec::new();
        for a in std::mem::take(&mut self.share_acks) {
            match self.leaders.get(&a.0) {
                Some(l) if !self.fetches.contains_key(l) => by_leader.entry(*l).or_default().1.push(a),
                _ => kept.push(a),
            }
        }
        self.share_acks = kept;
        for (l, (partitions, acks)) in by_leader {
            if self.fetches.contains_key(&l) {
                continue;
            }
            let req = self.req();
            self.fetches.insert(l, req);
            ctx.out.timer(self.config.request_timeout_ms, Timer::ConsumerRequestTimeout { req });
            ctx.out.send(NodeId::Broker(l), Msg::ShareFetch {
                req, group: self.group.clone(), member_id: self.member_id.clone(), partitions, max_records: self.config.max_poll_records, acks,
            });
        }
    }

    pub(crate) fn on_share_fetch(&mut self, from: BrokerId, req: u64, data: Vec<ShareFetchData>, ctx: &mut Ctx) {
        if self.fetches.get(&from) != Some(&req) {
            return;
        }
        self.fetches.remove(&from);
        let poison = self.config.poison_key.as_deref().map(|k| super::log::RecordKey::of(Some(k), false).hash);
        for d in data {
            if d.error.is_some() {
                self.leaders.remove(&d.pidx);
                ctx.out.send(NodeId::Broker(from), Msg::Metadata);
                continue;
            }
            for (o, r, key, deliveries) in d.records {
                if poison.is_some_and(|h| h == key) {
                    self.poison.insert((d.pidx, o));
                }
                // The broker counts deliveries; the error handler's attempt is that count.
                self.failed_attempts.insert((d.pidx, o), deliveries.saturating_sub(1));
                self.buffer.push_back((d.pidx, o, r));
            }
        }
    }

    /// poll() of a share consumer: no commits; an empty buffer means fetch (and acknowledge).
    pub(crate) fn share_poll(&mut self, ctx: &mut Ctx) {
        self.last_poll = ctx.now;
        let n = (self.config.max_poll_records as usize).min(self.buffer.len());
        let batch: Vec<(Pidx, u64, RecordId)> = self.buffer.drain(..n).collect();
        if batch.is_empty() {
            return self.send_share_fetches(ctx);
        }
        self.process(batch, ctx);
    }

    /// The error handler's choice for a poison record at delivery `attempt`: release it for
    /// another try until the handler gives up (`sim.poison.attempts`), then reject it or send
    /// it to the dead-letter topic. The broker archives it anyway at the delivery count limit.
    pub(crate) fn share_poison(&self, attempt: u32, dlt_exists: bool) -> ShareOutcome {
        let gives_up = attempt >= self.config.poison_attempts;
        match self.config.poison_handling {
            PoisonHandling::Skip if gives_up => ShareOutcome::Reject,
            PoisonHandling::DeadLetter if gives_up && dlt_exists => ShareOutcome::DeadLetter,
            _ => ShareOutcome::Release,
        }
    }

    pub(crate) fn share_ack(&mut self, p: Pidx, o: u64, ack: AcknowledgeType) {
        self.share_acks.push((p, o, ack));
    }

    /// close(): the last acknowledgements and the end of the share session on every leader (what
    /// is still held goes back at once), then leave the group.
    pub(crate) fn share_stop(&mut self, ctx: &mut Ctx) {
        let mut leaders: BTreeMap<BrokerId, Vec<(Pidx, u64, AcknowledgeType)>> = BTreeMap::new();
        for p in &self.assignment {
            if let Some(l) = self.leaders.get(p) {
                leaders.entry(*l).or_default();
            }
        }
        for a in std::mem::take(&mut self.share_acks) {
            if let Some(l) = self.leaders.get(&a.0) {
                leaders.entry(*l).or_default().push(a);
            }
        }
        for (l, acks) in leaders {
            let req = self.req();
            ctx.out.send(NodeId::Broker(l), Msg::ShareAcknowledge { req, group: self.group.clone(), member_id: self.member_id.clone(), acks, close: true });
        }
        if let Some(c) = self.coordinator {
            let req = self.req();
            ctx.out.send(NodeId::Broker(c), Msg::ShareGroupHeartbeat {
                req, group: self.group.clone(), member_id: self.member_id.clone(), leave: true, topics: Vec::new(),
            });
        }
    }
}
