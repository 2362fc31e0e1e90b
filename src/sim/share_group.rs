//! Share groups (KIP-932, queues for Kafka): the group coordinator's side. A share group has no
//! rebalance barrier and no leader member: each member heartbeats (ShareGroupHeartbeat), the
//! coordinator runs the `simple` assignor itself and answers with the member's partitions.
//! Several members may share one partition; which records each gets is decided per record by
//! the partition's leader (`share_partition.rs`, `share_fetch.rs`).

use super::broker::Broker;
use super::config::{parse_at_least, ConfigError};
use super::net::{Msg, Pidx};
use super::types::{KafkaError, Millis, NodeId};
use super::{Ctx, EventKind, Timer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The broker's share-group settings (ShareGroupConfig, GroupCoordinatorConfig) and the
/// group-level `share.auto.offset.reset` (GroupConfig), with Kafka 4.x defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShareGroupConfig {
    /// group.share.record.lock.duration.ms: how long an acquired record stays locked.
    pub record_lock_duration_ms: u64,
    /// group.share.delivery.count.limit: deliveries before a record is archived.
    pub delivery_count_limit: u32,
    /// group.share.partition.max.record.locks: the most records in flight per share-partition.
    pub partition_max_record_locks: u64,
    /// group.share.heartbeat.interval.ms.
    pub heartbeat_interval_ms: u64,
    /// group.share.session.timeout.ms.
    pub session_timeout_ms: u64,
    /// share.auto.offset.reset: where a new share-partition starts (`latest` or `earliest`).
    pub auto_offset_reset_earliest: bool,
}

impl Default for ShareGroupConfig {
    fn default() -> Self {
        ShareGroupConfig {
            record_lock_duration_ms: 30_000, delivery_count_limit: 5, partition_max_record_locks: 2_000,
            heartbeat_interval_ms: 5_000, session_timeout_ms: 45_000, auto_offset_reset_earliest: false,
        }
    }
}

/// A whole number within Kafka's ConfigDef range for the key.
fn in_range(key: &str, value: &str, min: i64, max: i64) -> Result<i64, ConfigError> {
    let v = parse_at_least(key, value, min)?;
    if v > max {
        return Err(ConfigError::invalid(key, value, &format!("Value must be no more than {max}")));
    }
    Ok(v)
}

impl ShareGroupConfig {
    /// Sets one share-group setting; `Ok(false)` when the key is not one.
    pub fn set(&mut self, key: &str, value: &str) -> Result<bool, ConfigError> {
        match key {
            // group.share.min/max.record.lock.duration.ms bound it: 15000..=60000 by default.
            "group.share.record.lock.duration.ms" => self.record_lock_duration_ms = in_range(key, value, 15_000, 60_000)? as u64,
            "group.share.delivery.count.limit" => self.delivery_count_limit = in_range(key, value, 2, 10)? as u32,
            "group.share.partition.max.record.locks" => self.partition_max_record_locks = in_range(key, value, 100, 10_000)? as u64,
            "group.share.heartbeat.interval.ms" => self.heartbeat_interval_ms = in_range(key, value, 5_000, 15_000)? as u64,
            "group.share.session.timeout.ms" => self.session_timeout_ms = in_range(key, value, 45_000, 60_000)? as u64,
            "share.auto.offset.reset" => {
                self.auto_offset_reset_earliest = match value.trim() {
                    "earliest" => true,
                    "latest" => false,
                    _ => return Err(ConfigError::invalid(key, value, "String must be one of: earliest, latest")),
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareMember {
    pub client: NodeId,
    pub topics: Vec<String>,
    pub last_heartbeat: Millis,
    pub assignment: Vec<Pidx>,
}

/// A share group as its coordinator holds it (membership is not persisted here either).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareGroup {
    /// The group epoch: bumped whenever the membership changes.
    pub epoch: i32,
    pub members: BTreeMap<String, ShareMember>,
}

/// The `simple` assignor (SimpleHomogeneousAssignmentBuilder): every partition is shared by
/// ceil(members / partitions) members and members' partition counts differ by at most one.
/// Slots are dealt round-robin: slot k is partition k mod P for member k mod M.
pub fn simple_assign(members: &[String], partitions: &[Pidx]) -> BTreeMap<String, Vec<Pidx>> {
    let mut out: BTreeMap<String, Vec<Pidx>> = members.iter().map(|m| (m.clone(), Vec::new())).collect();
    if members.is_empty() || partitions.is_empty() {
        return out;
    }
    let sharing = members.len().div_ceil(partitions.len());
    for k in 0..partitions.len() * sharing {
        let p = partitions[k % partitions.len()];
        let v = out.get_mut(&members[k % members.len()]).expect("member");
        if !v.contains(&p) {
            v.push(p);
        }
    }
    for v in out.values_mut() {
        v.sort_unstable();
    }
    out
}

impl Broker {
    /// ShareGroupHeartbeat: join (empty member id), stay (epoch ≥ 0) or leave (epoch -1).
    pub(crate) fn handle_share_heartbeat(&mut self, from: NodeId, req: u64, group: String, member_id: String, leave: bool,
        topics: Vec<String>, ctx: &mut Ctx) {
        let reply = |ctx: &mut Ctx, error: Option<KafkaError>, member_id: String, epoch: i32, assignment: Vec<Pidx>| {
            ctx.out.send(from, Msg::ShareGroupHeartbeatResponse { req, error, member_id, member_epoch: epoch, assignment });
        };
        if !self.is_group_coordinator(&group, ctx) {
            return reply(ctx, Some(KafkaError::NotCoordinator), member_id, -1, Vec::new());
        }
        let g = self.share_groups.entry(group.clone()).or_default();
        if leave {
            if g.members.remove(&member_id).is_some() {
                self.reassign_share_group(&group, ctx);
            }
            return reply(ctx, None, member_id, -1, Vec::new());
        }
        let first = g.members.is_empty();
        let (member_id, joined) = match g.members.get_mut(&member_id) {
            Some(m) => {
                m.last_heartbeat = ctx.now;
                m.client = from;
                (member_id, false)
            }
            None => {
                // KIP-932: the client names itself; an empty id gets one from the coordinator here.
                let id = if member_id.is_empty() { format!("{from}").replace(' ', "-") } else { member_id };
                g.members.insert(id.clone(), ShareMember { client: from, topics, last_heartbeat: ctx.now, assignment: Vec::new() });
                (id, true)
            }
        };
        if joined {
            ctx.out.event(EventKind::ShareMemberJoined { group: group.clone(), member_id: member_id.clone() });
            self.reassign_share_group(&group, ctx);
        }
        if first {
            ctx.out.timer(1_000, Timer::ShareSessionCheck { group: group.clone() });
        }
        let g = &self.share_groups[&group];
        let m = &g.members[&member_id];
        reply(ctx, None, member_id.clone(), g.epoch, m.assignment.clone());
    }

    /// A new group epoch and target assignment; members learn theirs at their next heartbeat.
    fn reassign_share_group(&mut self, group: &str, ctx: &mut Ctx) {
        let Some(g) = self.share_groups.get_mut(group) else { return };
        g.epoch += 1;
        let mut topics: Vec<&String> = g.members.values().flat_map(|m| m.topics.iter()).collect();
        topics.sort();
        topics.dedup();
        let partitions: Vec<Pidx> = topics.iter().filter_map(|t| ctx.topo.topics.get(*t)).flatten().copied().collect();
        let ids: Vec<String> = g.members.keys().cloned().collect();
        let plan = simple_assign(&ids, &partitions);
        for (id, m) in g.members.iter_mut() {
            m.assignment = plan[id].iter().copied().filter(|p| m.topics.contains(&ctx.topo.tp(*p).topic)).collect();
        }
        ctx.out.event(EventKind::ShareGroupAssigned {
            group: group.to_string(), epoch: g.epoch,
            members: g.members.iter().map(|(id, m)| (id.clone(), m.assignment.iter().map(|p| ctx.topo.tp(*p).clone()).collect())).collect(),
        });
    }

    /// Members not heard from within group.share.session.timeout.ms are removed.
    pub(crate) fn share_session_check(&mut self, group: &str, ctx: &mut Ctx) {
        let Some(g) = self.share_groups.get_mut(group) else { return };
        let timeout = ctx.topo.config.share.session_timeout_ms;
        let now = ctx.now;
        let expired: Vec<String> = g.members.iter().filter(|(_, m)| now.saturating_sub(m.last_heartbeat) > timeout).map(|(id, _)| id.clone()).collect();
        for id in &expired {
            g.members.remove(id);
            ctx.out.event(EventKind::MemberExpired { group: group.to_string(), member_id: id.clone() });
        }
        if !g.members.is_empty() {
            ctx.out.timer(1_000, Timer::ShareSessionCheck { group: group.to_string() });
        }
        if !expired.is_empty() {
            self.reassign_share_group(group, ctx);
        }
    }
}

impl super::Sim {
    /// A share group's state for one partition, as persisted (None: no share group reads it).
    pub fn share_partition(&self, group: &str, pidx: Pidx) -> Option<&super::share_partition::SharePartition> {
        self.share_partitions.get(&(group.to_string(), pidx))
    }

    /// Every share-partition of `group`, in partition order.
    pub fn share_partitions_of<'a>(&'a self, group: &'a str) -> impl Iterator<Item = (Pidx, &'a super::share_partition::SharePartition)> + 'a {
        self.share_partitions.iter().filter(move |((g, _), _)| g == group).map(|((_, p), sp)| (*p, sp))
    }

    /// Whether `group` is a share group (its consumers are share consumers).
    pub fn is_share_group(&self, group: &str) -> bool {
        self.consumers().iter().any(|c| c.group == group && c.share)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("m{i}")).collect()
    }

    #[test]
    fn fewer_members_than_partitions_split_them() {
        let a = simple_assign(&ids(2), &[0, 1, 2]);
        assert_eq!(a["m0"], vec![0, 2]);
        assert_eq!(a["m1"], vec![1]);
    }

    #[test]
    fn more_members_than_partitions_share_them() {
        let a = simple_assign(&ids(3), &[7]);
        assert!(a.values().all(|v| v == &vec![7]), "{a:?}");
        let b = simple_assign(&ids(3), &[0, 1]);
        let per_partition = |p| b.values().filter(|v| v.contains(&p)).count();
        assert_eq!((per_partition(0), per_partition(1)), (2, 2));
        assert!(b.values().all(|v| !v.is_empty()));
    }
}
