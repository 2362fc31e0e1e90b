//! The group coordinator (classic protocol): the broker leading the `__consumer_offsets`
//! partition a group.id hashes to (GroupMetadataManager.partitionFor). It runs the membership
//! state machine (Empty → PreparingRebalance → CompletingRebalance → Stable, GroupMetadata.scala
//! validPreviousStates), hands the leader member the subscriptions, distributes the leader's
//! assignment, expires members after session.timeout.ms and stores committed offsets.
//!
//! Committed offsets are also written to `__consumer_offsets` and reloaded by a new coordinator
//! (`group_log.rs`); group membership is not persisted (members rejoin the new coordinator).

use super::broker::Broker;
use super::hash::coordinator_partition;
use super::net::{JoinRequest, JoinResult, Msg, Pidx};
use super::types::{KafkaError, Millis, NodeId};
use super::{Ctx, EventKind, Timer};
use serde::Serialize;
use std::collections::BTreeMap;

pub const OFFSETS_TOPIC: &str = "__consumer_offsets";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub client: NodeId,
    pub instance_id: Option<String>,
    pub topics: Vec<String>,
    pub owned: Vec<Pidx>,
    pub owned_generation: i32,
    pub protocols: Vec<String>,
    pub session_timeout_ms: u64,
    pub rebalance_timeout_ms: u64,
    pub last_heartbeat: Millis,
    pub join_req: Option<u64>,
    pub sync_req: Option<u64>,
    pub assignment: Vec<Pidx>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub state: GroupState,
    pub generation: i32,
    pub protocol: Option<String>,
    pub leader: Option<String>,
    pub members: BTreeMap<String, Member>,
    pub offsets: BTreeMap<Pidx, u64>,
    pub rebalance_deadline: Millis,
    /// Offsets sent with a transaction (TxnOffsetCommit), per producer id, until its marker.
    pub pending_txn_offsets: BTreeMap<u32, Vec<(Pidx, u64)>>,
    /// The running rebalance started from Empty: wait out group.initial.rebalance.delay.ms.
    initial_delay: bool,
    next_member: u32,
}

impl Group {
    pub(crate) fn new() -> Self {
        Group {
            state: GroupState::Empty, generation: 0, protocol: None, leader: None, members: BTreeMap::new(),
            offsets: BTreeMap::new(), rebalance_deadline: 0, pending_txn_offsets: BTreeMap::new(), initial_delay: false, next_member: 0,
        }
    }
}

/// The `__consumer_offsets` partition (global index) that coordinates `group`.
pub fn group_partition(group: &str, ctx: &Ctx) -> Option<Pidx> {
    let pids = ctx.topo.topics.get(OFFSETS_TOPIC)?;
    pids.get(coordinator_partition(group, pids.len() as u32) as usize).copied()
}

impl Broker {
    pub(crate) fn is_group_coordinator(&self, group: &str, ctx: &Ctx) -> bool {
        group_partition(group, ctx).and_then(|p| self.replicas.get(&p)).is_some_and(|r| r.leader_state.is_some())
    }

    pub(crate) fn handle_find_group_coordinator(&mut self, from: NodeId, req: u64, group: &str, ctx: &mut Ctx) {
        let leader = group_partition(group, ctx).and_then(|p| self.metadata.get(&p)).and_then(|s| s.leader);
        let error = if leader.is_none() { Some(KafkaError::CoordinatorNotAvailable) } else { None };
        ctx.out.send(from, Msg::FindGroupCoordinatorResponse { req, error, coordinator: leader });
    }

    fn set_state(&mut self, group: &str, state: GroupState, ctx: &mut Ctx) {
        let g = self.groups.get_mut(group).expect("group");
        if g.state != state {
            g.state = state;
            ctx.out.event(EventKind::GroupStateChanged { group: group.to_string(), state: format!("{state:?}") });
        }
    }

    pub(crate) fn handle_join_group(&mut self, from: NodeId, req: u64, j: JoinRequest, ctx: &mut Ctx) {
        let fail = |ctx: &mut Ctx, e: KafkaError| ctx.out.send(from, Msg::JoinGroupResponse { req, error: Some(e), result: None });
        if !self.is_group_coordinator(&j.group, ctx) {
            return fail(ctx, KafkaError::NotCoordinator);
        }
        let now = ctx.now;
        let group = j.group.clone();
        let g = self.groups.entry(group.clone()).or_insert_with(Group::new);
        let new_member = |g: &Group, j: &JoinRequest| Member {
            client: from, instance_id: j.group_instance_id.clone(), topics: j.topics.clone(), owned: j.owned.clone(),
            owned_generation: j.generation, protocols: j.protocols.clone(), session_timeout_ms: j.session_timeout_ms,
            rebalance_timeout_ms: j.rebalance_timeout_ms, last_heartbeat: now, join_req: Some(req), sync_req: None,
            assignment: g.members.get(&j.member_id).map(|m| m.assignment.clone()).unwrap_or_default(),
        };
        let mut member_id = j.member_id.clone();
        if member_id.is_empty() {
            g.next_member += 1;
            match &j.group_instance_id {
                Some(instance) => {
                    // KIP-345: a static member coming back takes its old place; in a stable group
                    // with the same subscription nothing is rebalanced.
                    member_id = format!("{instance}-{}", g.next_member);
                    let old = g.members.iter().find(|(_, m)| m.instance_id.as_deref() == Some(instance)).map(|(k, m)| (k.clone(), m.clone()));
                    if let Some((old_id, old_m)) = old {
                        g.members.remove(&old_id);
                        let mut m = new_member(g, &j);
                        m.assignment = old_m.assignment.clone();
                        let same = old_m.topics == j.topics;
                        if g.leader.as_deref() == Some(old_id.as_str()) {
                            g.leader = Some(member_id.clone());
                        }
                        g.members.insert(member_id.clone(), m);
                        if same && g.state == GroupState::Stable {
                            g.members.get_mut(&member_id).expect("member").join_req = None;
                            let result = JoinResult {
                                generation: g.generation, protocol: g.protocol.clone().unwrap_or_default(),
                                leader: g.leader.clone().unwrap_or_default(), member_id: member_id.clone(), members: Vec::new(),
                            };
                            ctx.out.event(EventKind::StaticMemberRejoined { group: group.clone(), instance_id: instance.clone() });
                            ctx.out.send(from, Msg::JoinGroupResponse { req, error: None, result: Some(result) });
                            return;
                        }
                    } else {
                        let m = new_member(g, &j);
                        g.members.insert(member_id.clone(), m);
                    }
                }
                None => {
                    // KIP-394: a new dynamic member first gets its id, then joins with it.
                    member_id = format!("consumer-{}-{}", from_id(from), g.next_member);
                    let result = JoinResult { generation: -1, protocol: String::new(), leader: String::new(), member_id, members: Vec::new() };
                    ctx.out.send(from, Msg::JoinGroupResponse { req, error: Some(KafkaError::MemberIdRequired), result: Some(result) });
                    return;
                }
            }
        } else if let Some(m) = g.members.get_mut(&member_id) {
            m.topics = j.topics.clone();
            m.owned = j.owned.clone();
            m.owned_generation = j.generation;
            m.protocols = j.protocols.clone();
            m.join_req = Some(req);
            m.last_heartbeat = now;
            m.client = from;
        } else if j.group_instance_id.is_none() && member_id.starts_with(&format!("consumer-{}-", from_id(from))) {
            // The id we handed out with MEMBER_ID_REQUIRED.
            let m = new_member(g, &j);
            g.members.insert(member_id.clone(), m);
        } else {
            return fail(ctx, KafkaError::UnknownMemberId);
        }
        let state = self.groups[&group].state;
        if matches!(state, GroupState::Empty | GroupState::Stable | GroupState::CompletingRebalance) {
            self.prepare_rebalance(&group, &format!("{member_id} joined"), state == GroupState::Empty, ctx);
        }
        self.maybe_complete_join(&group, ctx);
    }

    fn prepare_rebalance(&mut self, group: &str, reason: &str, initial: bool, ctx: &mut Ctx) {
        let g = self.groups.get_mut(group).expect("group");
        let timeout = g.members.values().map(|m| m.rebalance_timeout_ms).max().unwrap_or(0);
        // InitialDelayedJoin: a new group waits group.initial.rebalance.delay.ms for more members.
        let delay = if initial { ctx.topo.config.broker.group_initial_rebalance_delay_ms } else { timeout };
        g.rebalance_deadline = ctx.now + delay;
        g.initial_delay = initial;
        for m in g.members.values_mut() {
            m.sync_req = None;
        }
        self.set_state(group, GroupState::PreparingRebalance, ctx);
        ctx.out.event(EventKind::RebalanceStarted { group: group.to_string(), reason: reason.to_string() });
        ctx.out.timer(delay, Timer::GroupRebalanceDeadline { group: group.to_string() });
    }

    fn maybe_complete_join(&mut self, group: &str, ctx: &mut Ctx) {
        let g = &self.groups[group];
        let initial_wait = g.initial_delay;
        if g.state == GroupState::PreparingRebalance && g.members.values().all(|m| m.join_req.is_some())
            && !(initial_wait && ctx.now < g.rebalance_deadline)
        {
            self.complete_join(group, ctx);
        }
    }

    pub(crate) fn rebalance_deadline(&mut self, group: &str, ctx: &mut Ctx) {
        let Some(g) = self.groups.get_mut(group) else { return };
        if g.state != GroupState::PreparingRebalance || ctx.now < g.rebalance_deadline {
            return;
        }
        // Members that did not rejoin within the rebalance timeout are dropped.
        g.members.retain(|_, m| m.join_req.is_some());
        self.complete_join(group, ctx);
    }

    fn complete_join(&mut self, group: &str, ctx: &mut Ctx) {
        let g = self.groups.get_mut(group).expect("group");
        if g.members.is_empty() {
            g.generation += 1;
            g.leader = None;
            self.set_state(group, GroupState::Empty, ctx);
            return;
        }
        g.generation += 1;
        if g.leader.as_ref().is_none_or(|l| !g.members.contains_key(l)) {
            g.leader = g.members.keys().next().cloned();
        }
        // The protocol every member supports, by the members' preference (GroupMetadata.selectProtocol).
        let candidates: Vec<String> = g.members.values().next().map(|m| m.protocols.clone()).unwrap_or_default();
        g.protocol = candidates.into_iter().find(|p| g.members.values().all(|m| m.protocols.contains(p)));
        let leader = g.leader.clone().unwrap_or_default();
        let all: Vec<(String, Option<String>, Vec<String>, Vec<Pidx>, i32)> = g.members.iter()
            .map(|(id, m)| (id.clone(), m.instance_id.clone(), m.topics.clone(), m.owned.clone(), m.owned_generation)).collect();
        let (generation, protocol) = (g.generation, g.protocol.clone().unwrap_or_default());
        let mut replies = Vec::new();
        for (id, m) in g.members.iter_mut() {
            m.last_heartbeat = ctx.now;
            if let Some(req) = m.join_req.take() {
                let members = if *id == leader { all.clone() } else { Vec::new() };
                let result = JoinResult { generation, protocol: protocol.clone(), leader: leader.clone(), member_id: id.clone(), members };
                replies.push((m.client, req, result));
            }
        }
        let ids: Vec<String> = all.iter().map(|m| m.0.clone()).collect();
        self.set_state(group, GroupState::CompletingRebalance, ctx);
        ctx.out.event(EventKind::RebalanceJoined { group: group.to_string(), generation, leader, members: ids });
        for (to, req, result) in replies {
            ctx.out.send(to, Msg::JoinGroupResponse { req, error: None, result: Some(result) });
        }
        ctx.out.timer(1_000, Timer::GroupSessionCheck { group: group.to_string() });
    }

    pub(crate) fn check_member(&self, group: &str, member_id: &str, generation: i32) -> Result<(), KafkaError> {
        let Some(g) = self.groups.get(group) else { return Err(KafkaError::UnknownMemberId) };
        if !g.members.contains_key(member_id) {
            return Err(KafkaError::UnknownMemberId);
        }
        if generation != g.generation {
            return Err(KafkaError::IllegalGeneration);
        }
        Ok(())
    }

    pub(crate) fn handle_sync_group(&mut self, from: NodeId, req: u64, group: String, generation: i32, member_id: String,
                                    assignments: Vec<(String, Vec<Pidx>)>, ctx: &mut Ctx) {
        let reply = |ctx: &mut Ctx, error: Option<KafkaError>, assignment: Vec<Pidx>| {
            ctx.out.send(from, Msg::SyncGroupResponse { req, error, assignment })
        };
        if !self.is_group_coordinator(&group, ctx) {
            return reply(ctx, Some(KafkaError::NotCoordinator), Vec::new());
        }
        if let Err(e) = self.check_member(&group, &member_id, generation) {
            return reply(ctx, Some(e), Vec::new());
        }
        let g = self.groups.get_mut(&group).expect("group");
        match g.state {
            GroupState::PreparingRebalance => reply(ctx, Some(KafkaError::RebalanceInProgress), Vec::new()),
            GroupState::Stable => {
                let a = g.members[&member_id].assignment.clone();
                reply(ctx, None, a)
            }
            GroupState::CompletingRebalance => {
                g.members.get_mut(&member_id).expect("member").sync_req = Some(req);
                if g.leader.as_deref() == Some(member_id.as_str()) {
                    for m in g.members.values_mut() {
                        m.assignment.clear();
                    }
                    for (id, parts) in assignments {
                        if let Some(m) = g.members.get_mut(&id) {
                            m.assignment = parts;
                        }
                    }
                    let replies: Vec<(NodeId, u64, Vec<Pidx>)> = g.members.values_mut()
                        .filter_map(|m| m.sync_req.take().map(|r| (m.client, r, m.assignment.clone()))).collect();
                    self.set_state(&group, GroupState::Stable, ctx);
                    for (to, r, a) in replies {
                        ctx.out.send(to, Msg::SyncGroupResponse { req: r, error: None, assignment: a });
                    }
                }
            }
            GroupState::Empty | GroupState::Dead => reply(ctx, Some(KafkaError::UnknownMemberId), Vec::new()),
        }
    }

    pub(crate) fn handle_heartbeat(&mut self, from: NodeId, req: u64, group: String, generation: i32, member_id: String, ctx: &mut Ctx) {
        let error = if !self.is_group_coordinator(&group, ctx) {
            Some(KafkaError::NotCoordinator)
        } else {
            let now = ctx.now;
            if let Some(m) = self.groups.get_mut(&group).and_then(|g| g.members.get_mut(&member_id)) {
                m.last_heartbeat = now;
            }
            match self.check_member(&group, &member_id, generation) {
                Err(e) => Some(e),
                Ok(()) if self.groups[&group].state == GroupState::PreparingRebalance => Some(KafkaError::RebalanceInProgress),
                Ok(()) => None,
            }
        };
        ctx.out.send(from, Msg::HeartbeatResponse { req, error });
    }

    pub(crate) fn handle_leave_group(&mut self, from: NodeId, req: u64, group: String, member_id: String, ctx: &mut Ctx) {
        let known = self.groups.get_mut(&group).is_some_and(|g| g.members.remove(&member_id).is_some());
        ctx.out.send(from, Msg::LeaveGroupResponse { req, error: if known { None } else { Some(KafkaError::UnknownMemberId) } });
        if known {
            self.member_gone(&group, &format!("{member_id} left the group"), ctx);
        }
    }

    fn member_gone(&mut self, group: &str, reason: &str, ctx: &mut Ctx) {
        let g = &self.groups[group];
        if g.members.is_empty() {
            let g = self.groups.get_mut(group).expect("group");
            g.leader = None;
            self.set_state(group, GroupState::Empty, ctx);
        } else if g.state == GroupState::PreparingRebalance {
            self.maybe_complete_join(group, ctx);
        } else {
            self.prepare_rebalance(group, reason, false, ctx);
        }
    }

    /// Members not heard from within session.timeout.ms are removed (a rebalance follows).
    pub(crate) fn group_session_check(&mut self, group: &str, ctx: &mut Ctx) {
        let Some(g) = self.groups.get_mut(group) else { return };
        let now = ctx.now;
        let expired: Vec<String> = g.members.iter()
            .filter(|(_, m)| m.join_req.is_none() && now.saturating_sub(m.last_heartbeat) > m.session_timeout_ms)
            .map(|(id, _)| id.clone()).collect();
        for id in &expired {
            g.members.remove(id);
            ctx.out.event(EventKind::MemberExpired { group: group.to_string(), member_id: id.clone() });
        }
        if !g.members.is_empty() {
            ctx.out.timer(1_000, Timer::GroupSessionCheck { group: group.to_string() });
        }
        if !expired.is_empty() {
            self.member_gone(group, "session timeout", ctx);
        }
    }
}


fn from_id(n: NodeId) -> String {
    match n {
        NodeId::Consumer(c) => c.to_string(),
        other => other.to_string().replace(' ', "-"),
    }
}
