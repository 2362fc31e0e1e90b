//! A consumer in a group (KafkaConsumer with the classic protocol): finds its coordinator, joins,
//! (as leader) runs the assignor, syncs, heartbeats, and runs a poll loop that fetches from
//! partition leaders, "processes" records for a configurable time, and commits offsets
//! automatically or around processing. Eager assignors revoke everything before rejoining;
//! cooperative-sticky only gives up what moves, then rejoins once more.

use super::assignor::{assign, MemberSubscription, Strategy};
use super::config::{CommitMode, ConsumerConfig};
use super::consumer_commit::SyncCommit;
use super::net::{JoinRequest, JoinResult, Msg, Pidx};
use super::types::{BrokerId, KafkaError, Millis, NodeId, RecordId};
use super::{Ctx, EventKind, Timer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MemberState {
    FindingCoordinator,
    Joining,
    Syncing,
    Stable,
    Stopped,
    Crashed,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    pub id: u32,
    pub group: String,
    pub instance_id: Option<String>,
    pub topics: Vec<String>,
    pub config: ConsumerConfig,
    pub state: MemberState,
    pub coordinator: Option<BrokerId>,
    pub member_id: String,
    pub generation: i32,
    pub protocol: Option<String>,
    pub assignment: Vec<Pidx>,
    /// Next offset poll() returns, per assigned partition (None = reset needed).
    pub positions: BTreeMap<Pidx, Option<u64>>,
    /// Offsets this member last committed successfully.
    pub committed: BTreeMap<Pidx, u64>,
    pub buffer: VecDeque<(Pidx, u64, RecordId)>,
    /// Records being processed now (returned by the last poll).
    pub processing: VecDeque<(Pidx, u64, RecordId)>,
    /// Poison records seen in fetches (`consumer_poison.rs`), failed attempts per record, and
    /// when the error handler lets the next poll run.
    pub(crate) poison: BTreeSet<(Pidx, u64)>,
    pub(crate) failed_attempts: BTreeMap<(Pidx, u64), u32>,
    pub(crate) poison_retry_at: Millis,
    pub leaders: BTreeMap<Pidx, BrokerId>,
    pub(crate) fetches: BTreeMap<BrokerId, u64>,
    pub(crate) pending: Option<(u64, &'static str)>,
    pub last_poll: Millis,
    pub(crate) last_auto_commit: Millis,
    pub incarnation: u32,
    next_req: u64,
    /// A stall (e.g. a long GC pause): no polls until then.
    pub stalled_until: Millis,
    /// The worker pool's queues (sim.worker.threads > 0) and which workers are busy.
    pub workers: Vec<VecDeque<(Pidx, u64, RecordId)>>,
    pub(crate) worker_busy: Vec<bool>,
    /// OffsetCommit requests not answered yet: request id → offsets.
    pub(crate) commits_in_flight: BTreeMap<u64, Vec<(Pidx, u64)>>,
    /// A rejoin the heartbeat asked for while a poll's records were being processed; done at
    /// the next poll, as KafkaConsumer rejoins inside poll().
    pub(crate) rejoin_pending: Option<KafkaError>,
    /// Partitions already reported as NoOffsetForPartition (auto.offset.reset=none).
    pub(crate) no_offset_reported: BTreeSet<Pidx>,
    /// A commitSync the poll loop is blocked on (`consumer_commit.rs`).
    pub sync_commit: Option<SyncCommit>,
    /// A share-group member (KafkaShareConsumer, `share_consumer.rs`), and the acknowledgements
    /// its next ShareFetch carries.
    pub share: bool,
    pub(crate) share_acks: Vec<(Pidx, u64, super::share_partition::AcknowledgeType)>,
}

impl Consumer {
    pub fn new(id: u32, group: &str, topics: Vec<String>, instance_id: Option<String>, config: ConsumerConfig) -> Self {
        Consumer {
            id, group: group.to_string(), instance_id, topics, config, state: MemberState::FindingCoordinator, coordinator: None,
            member_id: String::new(), generation: -1, protocol: None, assignment: Vec::new(), positions: BTreeMap::new(),
            committed: BTreeMap::new(), buffer: VecDeque::new(), processing: VecDeque::new(), leaders: BTreeMap::new(),
            poison: BTreeSet::new(), failed_attempts: BTreeMap::new(), poison_retry_at: 0,
            fetches: BTreeMap::new(), pending: None, last_poll: 0, last_auto_commit: 0, incarnation: 0, next_req: 0,
            stalled_until: 0, workers: Vec::new(), worker_busy: Vec::new(),
            commits_in_flight: BTreeMap::new(), rejoin_pending: None, no_offset_reported: BTreeSet::new(), sync_commit: None,
            share: false, share_acks: Vec::new(),
        }
    }

    pub fn is_up(&self) -> bool {
        !matches!(self.state, MemberState::Stopped | MemberState::Crashed)
    }

    pub(crate) fn req(&mut self) -> u64 {
        self.next_req += 1;
        self.next_req
    }

    fn cooperative(&self) -> bool {
        self.protocol.as_deref() == Some("cooperative-sticky")
    }

    pub fn start(&mut self, ctx: &mut Ctx) {
        self.state = MemberState::FindingCoordinator;
        self.last_poll = ctx.now;
        self.last_auto_commit = ctx.now;
        self.find_coordinator(ctx);
        ctx.out.timer(self.config.heartbeat_interval_ms, Timer::ConsumerHeartbeat);
        ctx.out.timer(100, Timer::ConsumerPoll);
    }

    pub(crate) fn find_coordinator(&mut self, ctx: &mut Ctx) {
        let brokers = &ctx.topo.config.brokers;
        let to = brokers[(self.id as usize + self.next_req as usize) % brokers.len()].id;
        let req = self.req();
        self.pending = Some((req, "find"));
        ctx.out.send(NodeId::Broker(to), Msg::FindGroupCoordinator { req, group: self.group.clone() });
        ctx.out.send(NodeId::Broker(to), Msg::Metadata);
        ctx.out.timer(self.config.session_timeout_ms.min(30_000), Timer::ConsumerRequestTimeout { req });
    }

    fn join(&mut self, ctx: &mut Ctx) {
        if self.share {
            return self.share_heartbeat(ctx);
        }
        let Some(c) = self.coordinator else { return self.find_coordinator(ctx) };
        self.state = MemberState::Joining;
        if !self.cooperative() && !self.assignment.is_empty() {
            // Eager protocol: onPartitionsRevoked for everything before rejoining.
            self.revoke(self.assignment.clone(), ctx);
        }
        let req = self.req();
        self.pending = Some((req, "join"));
        let join = JoinRequest {
            group: self.group.clone(), member_id: self.member_id.clone(), group_instance_id: self.instance_id.clone(),
            topics: self.topics.clone(), owned: self.assignment.clone(), generation: self.generation,
            protocols: self.config.partition_assignment_strategy.clone(), session_timeout_ms: self.config.session_timeout_ms,
            rebalance_timeout_ms: self.config.max_poll_interval_ms,
        };
        ctx.out.send(NodeId::Broker(c), Msg::JoinGroup { req, join });
        ctx.out.timer(self.config.max_poll_interval_ms + 5_000, Timer::ConsumerRequestTimeout { req });
    }

    fn revoke(&mut self, parts: Vec<Pidx>, ctx: &mut Ctx) {
        if parts.is_empty() {
            return;
        }
        if self.config.commit_mode == CommitMode::Auto {
            self.commit(ctx);
        }
        self.assignment.retain(|p| !parts.contains(p));
        for p in &parts {
            self.positions.remove(p);
        }
        self.buffer.retain(|(p, _, _)| !parts.contains(p));
        let tps = parts.iter().map(|p| ctx.topo.tp(*p).clone()).collect();
        ctx.out.event(EventKind::PartitionsRevoked { consumer: self.id, group: self.group.clone(), partitions: tps });
    }

    /// The leader runs the group's assignor over every member's subscription.
    fn run_assignor(&self, result: &JoinResult, ctx: &Ctx) -> Vec<(String, Vec<Pidx>)> {
        let strategy = Strategy::parse(&result.protocol).unwrap_or(Strategy::Range);
        let mut topics = BTreeMap::new();
        for (_, _, ts, _, _) in &result.members {
            for t in ts {
                if let Some(pids) = ctx.topo.topics.get(t) {
                    topics.insert(t.clone(), pids.len() as u32);
                }
            }
        }
        let members: Vec<MemberSubscription> = result.members.iter().map(|(id, inst, ts, owned, generation)| MemberSubscription {
            member_id: id.clone(), group_instance_id: inst.clone(), topics: ts.clone(),
            owned_partitions: owned.iter().map(|p| { let tp = ctx.topo.tp(*p); (tp.topic.clone(), tp.partition) }).collect(),
            generation: Some(*generation),
        }).collect();
        assign(strategy, &topics, &members).into_iter().map(|(id, parts)| {
            let pids = parts.iter().filter_map(|(t, p)| ctx.topo.topics.get(t).and_then(|v| v.get(*p as usize).copied())).collect();
            (id, pids)
        }).collect()
    }

    fn sync(&mut self, assignments: Vec<(String, Vec<Pidx>)>, ctx: &mut Ctx) {
        let Some(c) = self.coordinator else { return self.find_coordinator(ctx) };
        self.state = MemberState::Syncing;
        let req = self.req();
        self.pending = Some((req, "sync"));
        ctx.out.send(NodeId::Broker(c), Msg::SyncGroup {
            req, group: self.group.clone(), generation: self.generation, member_id: self.member_id.clone(), assignments,
        });
        ctx.out.timer(self.config.session_timeout_ms, Timer::ConsumerRequestTimeout { req });
    }

    fn assigned(&mut self, new: Vec<Pidx>, ctx: &mut Ctx) {
        let old: BTreeSet<Pidx> = self.assignment.iter().copied().collect();
        let newset: BTreeSet<Pidx> = new.iter().copied().collect();
        let lost: Vec<Pidx> = old.difference(&newset).copied().collect();
        let added: Vec<Pidx> = newset.difference(&old).copied().collect();
        self.revoke(lost.clone(), ctx);
        self.assignment = new;
        self.state = MemberState::Stable;
        if !added.is_empty() {
            let tps = added.iter().map(|p| ctx.topo.tp(*p).clone()).collect();
            ctx.out.event(EventKind::PartitionsAssigned { consumer: self.id, group: self.group.clone(), partitions: tps });
            self.fetch_committed(added, ctx);
        }
        // Cooperative: something moved away from us, so rejoin for the second round.
        if self.cooperative() && !lost.is_empty() {
            self.join(ctx);
        }
    }

    fn fetch_committed(&mut self, parts: Vec<Pidx>, ctx: &mut Ctx) {
        let Some(c) = self.coordinator else { return };
        for p in &parts {
            self.positions.insert(*p, None);
        }
        let req = self.req();
        ctx.out.send(NodeId::Broker(c), Msg::OffsetFetch { req, group: self.group.clone(), partitions: parts });
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        match timer {
            Timer::ConsumerPoll => {
                self.poll(ctx);
                if self.processing.is_empty() && self.state == MemberState::Stable {
                    self.send_fetches(ctx);
                }
                ctx.out.timer(self.config.fetch_max_wait_ms.max(10), Timer::ConsumerPoll);
            }
            Timer::ConsumerProcessed => self.processed(ctx),
            Timer::WorkerDone { worker } => self.worker_done(worker, ctx),
            Timer::ConsumerFind => {
                if self.pending.is_none() && self.coordinator.is_none() {
                    self.find_coordinator(ctx);
                }
            }
            Timer::ConsumerHeartbeat if self.share => {
                ctx.out.timer(ctx.topo.config.share.heartbeat_interval_ms, Timer::ConsumerHeartbeat);
                self.share_heartbeat(ctx);
            }
            Timer::ConsumerHeartbeat => {
                ctx.out.timer(self.config.heartbeat_interval_ms, Timer::ConsumerHeartbeat);
                if ctx.now.saturating_sub(self.last_poll) > self.config.max_poll_interval_ms && self.state == MemberState::Stable {
                    // The heartbeat thread leaves the group when poll() is not called in time.
                    if let Some(c) = self.coordinator {
                        let req = self.req();
                        ctx.out.send(NodeId::Broker(c), Msg::LeaveGroup { req, group: self.group.clone(), member_id: self.member_id.clone() });
                    }
                    ctx.out.event(EventKind::PollIntervalExceeded { consumer: self.id, group: self.group.clone() });
                    self.revoke(self.assignment.clone(), ctx);
                    self.member_id.clear();
                    self.state = MemberState::Joining;
                    return;
                }
                if let (Some(c), MemberState::Stable | MemberState::Syncing) = (self.coordinator, self.state) {
                    let req = self.req();
                    ctx.out.send(NodeId::Broker(c), Msg::Heartbeat { req, group: self.group.clone(), generation: self.generation, member_id: self.member_id.clone() });
                }
                if self.state == MemberState::Joining && self.pending.is_none() {
                    self.join(ctx);
                }
            }
            Timer::CommitRetry => self.retry_sync_commit(ctx),
            Timer::ConsumerRequestTimeout { req } => {
                if self.sync_commit_lost(req, KafkaError::RequestTimedOut, ctx) {
                    return;
                }
                // A fetch nobody answered (the leader is cut off): forget it and ask for metadata
                // (NetworkClient request.timeout.ms, then Fetcher's metadata refresh).
                if let Some((&b, _)) = self.fetches.iter().find(|(_, r)| **r == req) {
                    self.fetches.remove(&b);
                    self.refresh_metadata_elsewhere(ctx);
                    return;
                }
                if self.pending.is_some_and(|(r, _)| r == req) {
                    self.pending = None;
                    self.coordinator = None;
                    self.find_coordinator(ctx);
                }
            }
            _ => {}
        }
    }

    pub fn on_message(&mut self, from: NodeId, msg: Msg, ctx: &mut Ctx) {
        match msg {
            Msg::MetadataResponse { partitions, .. } => {
                for (p, l, _) in partitions {
                    match l {
                        Some(l) => { self.leaders.insert(p, l); }
                        None => { self.leaders.remove(&p); }
                    }
                }
            }
            Msg::FindGroupCoordinatorResponse { req, error, coordinator } if self.pending_is(req) => {
                self.pending = None;
                match (error, coordinator) {
                    (None, Some(c)) => {
                        self.coordinator = Some(c);
                        self.join(ctx);
                    }
                    _ => ctx.out.timer(self.config.fetch_max_wait_ms.max(100), Timer::ConsumerFind),
                }
            }
            Msg::JoinGroupResponse { req, error, result } if self.pending_is(req) => {
                self.pending = None;
                match (error, result) {
                    (Some(KafkaError::MemberIdRequired), Some(r)) => {
                        self.member_id = r.member_id;
                        self.join(ctx);
                    }
                    (None, Some(r)) => {
                        self.member_id = r.member_id.clone();
                        self.generation = r.generation;
                        self.protocol = Some(r.protocol.clone()).filter(|p| !p.is_empty());
                        let assignments = if r.leader == r.member_id && !r.members.is_empty() { self.run_assignor(&r, ctx) } else { Vec::new() };
                        self.sync(assignments, ctx);
                    }
                    (Some(e), _) => self.rejoin_after(e, ctx),
                    (None, None) => self.join(ctx),
                }
            }
            Msg::SyncGroupResponse { req, error, assignment } if self.pending_is(req) => {
                self.pending = None;
                match error {
                    None => self.assigned(assignment, ctx),
                    Some(e) => self.rejoin_after(e, ctx),
                }
            }
            Msg::HeartbeatResponse { error: Some(e), .. } if self.state == MemberState::Stable => {
                if self.processing.is_empty() {
                    self.rejoin_after(e, ctx);
                } else {
                    self.rejoin_pending = Some(e);
                }
            }
            Msg::OffsetCommitResponse { req, error } => self.on_commit_response(req, error, ctx),
            Msg::OffsetFetchResponse { offsets, .. } => {
                for (p, o) in offsets {
                    if self.assignment.contains(&p) && self.positions.get(&p).copied().flatten().is_none() {
                        self.positions.insert(p, o);
                        if let Some(o) = o {
                            self.committed.insert(p, o);
                        }
                    }
                }
                self.send_fetches(ctx);
            }
            Msg::ShareGroupHeartbeatResponse { req, error, assignment, member_epoch, .. } => self.on_share_heartbeat(req, error, member_epoch, assignment, ctx),
            Msg::ShareFetchResponse { req, partitions, .. } => {
                if let NodeId::Broker(b) = from {
                    self.on_share_fetch(b, req, partitions, ctx);
                }
            }
            Msg::ConsumerFetchResponse { req, partitions } => {
                if let NodeId::Broker(b) = from {
                    self.on_fetch(b, req, partitions, ctx);
                }
            }
            Msg::Disconnected { req: Some(req), .. } => {
                if self.sync_commit_lost(req, KafkaError::NetworkException, ctx) {
                    return;
                }
                if let NodeId::Broker(b) = from {
                    if self.fetches.get(&b) == Some(&req) {
                        self.fetches.remove(&b);
                        self.refresh_metadata_elsewhere(ctx);
                    }
                    // A dead connection to the coordinator: rediscover it (AbstractCoordinator.markCoordinatorUnknown).
                    if self.coordinator == Some(b) && self.pending.is_none() {
                        self.coordinator = None;
                        self.find_coordinator(ctx);
                        return;
                    }
                }
                if self.pending_is(req) {
                    let lookup = self.pending.is_some_and(|(_, what)| what == "find");
                    self.pending = None;
                    self.coordinator = None;
                    if lookup {
                        // The lookup itself was refused: try again after retry.backoff.ms
                        // (AbstractCoordinator.lookupCoordinator backs off). Asking again at once
                        // spun ~250 lookups a second while every broker was down, an event log
                        // growing without end (fuzzing: a 1-broker cluster with the broker crashed).
                        ctx.out.timer(self.config.retry_backoff_ms.max(1), Timer::ConsumerFind);
                    } else {
                        self.find_coordinator(ctx);
                    }
                }
            }
            _ => {}
        }
    }

    /// Refresh metadata from another broker (NetworkClient.leastLoadedNode), after a fetch was lost.
    fn refresh_metadata_elsewhere(&mut self, ctx: &mut Ctx) {
        let brokers = &ctx.topo.config.brokers;
        let other = brokers[(self.req() as usize) % brokers.len()].id;
        ctx.out.send(NodeId::Broker(other), Msg::Metadata);
    }

    fn pending_is(&self, req: u64) -> bool {
        self.pending.is_some_and(|(r, _)| r == req)
    }

    pub(crate) fn rejoin_after(&mut self, e: KafkaError, ctx: &mut Ctx) {
        match e {
            KafkaError::UnknownMemberId => {
                self.member_id.clear();
                self.generation = -1;
            }
            KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable => {
                self.coordinator = None;
                return self.find_coordinator(ctx);
            }
            _ => {}
        }
        self.join(ctx);
    }

    /// kill -9: nothing is sent; the coordinator notices after session.timeout.ms.
    pub fn crash(&mut self) {
        self.state = MemberState::Crashed;
        self.incarnation += 1;
        self.processing.clear();
        self.buffer.clear();
        self.failed_attempts.clear();
        self.poison_retry_at = 0;
        self.workers.clear();
        self.worker_busy.clear();
        self.commits_in_flight.clear();
        self.sync_commit = None;
        self.share_acks.clear();
        self.rejoin_pending = None;
        self.fetches.clear();
        self.pending = None;
    }

    /// close(): commit if auto-committing, then LeaveGroup (static members do not leave).
    pub fn stop(&mut self, ctx: &mut Ctx) {
        if self.share {
            self.share_stop(ctx);
        } else if self.config.commit_mode == CommitMode::Auto {
            self.commit(ctx);
        }
        if let (Some(c), None, false) = (self.coordinator, &self.instance_id, self.share) {
            let req = self.req();
            ctx.out.send(NodeId::Broker(c), Msg::LeaveGroup { req, group: self.group.clone(), member_id: self.member_id.clone() });
        }
        self.crash();
        self.state = MemberState::Stopped;
    }

    /// A new process: a dynamic member gets a new member id; a static one keeps its instance id.
    pub fn restart(&mut self, ctx: &mut Ctx) {
        self.member_id.clear();
        self.generation = -1;
        self.assignment.clear();
        self.positions.clear();
        self.committed.clear();
        self.incarnation += 1;
        self.start(ctx);
    }
}
