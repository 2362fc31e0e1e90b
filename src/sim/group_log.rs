//! Group offsets live in `__consumer_offsets`. The coordinator writes every commit as a record
//! of the group's offsets partition, replicated like any record, and answers once the HW covers
//! it (the coordinator runtime writes with acks=all). A broker that becomes that partition's
//! leader loads the offsets from its own log (GroupMetadataManager.loadGroupsAndOffsets); one
//! that stops leading it unloads its groups, which go Dead (GroupCoordinator.onResignation).
//!
//! Simplification: only offsets are persisted, not group membership, so members of a moved
//! group rejoin the new coordinator (one rebalance) instead of carrying on.

use super::broker::{Broker, DelayedKind, DelayedProduce};
use super::group::{group_partition, Group, GroupState, OFFSETS_TOPIC};
use super::log::{Control, LogEntry};
use super::net::{Msg, Pidx};
use super::types::{KafkaError, NodeId};
use super::{Ctx, EventKind, Timer};

/// offsets.commit.timeout.ms (GroupCoordinatorConfig OFFSET_COMMIT_TIMEOUT_MS_DEFAULT).
pub const OFFSETS_COMMIT_TIMEOUT_MS: u64 = 5_000;

fn is_offsets_partition(pidx: Pidx, ctx: &Ctx) -> bool {
    ctx.topo.tp(pidx).topic == OFFSETS_TOPIC
}

impl Broker {
    /// Appends one record per committed partition to the group's offsets partition (as its
    /// leader). Returns the offset after the last record written.
    pub(crate) fn append_offsets(&mut self, group: &str, offsets: &[(Pidx, u64)], ctx: &mut Ctx) -> Result<u64, KafkaError> {
        let gidx = ctx.topo.group_index(group).ok_or(KafkaError::NotCoordinator)?;
        let part = group_partition(group, ctx).ok_or(KafkaError::CoordinatorNotAvailable)?;
        let r = self.replicas.get_mut(&part).filter(|r| r.leader_state.is_some()).ok_or(KafkaError::NotCoordinator)?;
        let mut end = r.log.leo();
        for (p, o) in offsets {
            let control = Control::GroupOffset { group: gidx, pidx: *p as u32, offset: *o };
            end = r.log.append(LogEntry { control, ..LogEntry::data(0, r.state.leader_epoch) }) + 1;
        }
        self.wake_parked(part, ctx);
        Ok(end)
    }

    /// OffsetCommit accepted: apply, write, and answer when the write is replicated.
    pub(crate) fn write_offsets(&mut self, from: NodeId, req: u64, group: &str, offsets: &[(Pidx, u64)], ctx: &mut Ctx) -> Result<(), KafkaError> {
        let end = self.append_offsets(group, offsets, ctx)?;
        let part = group_partition(group, ctx).expect("checked by append_offsets");
        let id = self.next_id();
        self.delayed.insert(id, DelayedProduce { client: from, req, pidx: part, required_offset: end, base_offset: end, kind: DelayedKind::OffsetCommit });
        ctx.out.timer(OFFSETS_COMMIT_TIMEOUT_MS, Timer::ProduceTimeout { id });
        self.maybe_increment_hw(part, ctx);
        self.check_delayed(part, ctx);
        Ok(())
    }

    /// This broker now leads an offsets partition: load the committed offsets of its groups.
    pub(crate) fn load_groups(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        if !is_offsets_partition(pidx, ctx) {
            return;
        }
        let Some(r) = self.replicas.get(&pidx) else { return };
        let mut loaded: std::collections::BTreeMap<String, Group> = Default::default();
        for e in &r.log.entries {
            if let Control::GroupOffset { group, pidx: p, offset } = e.control {
                let Some(name) = ctx.topo.groups.get(group as usize) else { continue };
                loaded.entry(name.clone()).or_insert_with(Group::new).offsets.insert(p as Pidx, offset);
            }
        }
        for (name, g) in loaded {
            ctx.out.event(EventKind::GroupLoaded { group: name.clone(), broker: self.id, offsets: g.offsets.len() });
            self.groups.insert(name, g);
        }
    }

    /// This broker no longer leads an offsets partition: its groups there are Dead here.
    pub(crate) fn unload_groups(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        if !is_offsets_partition(pidx, ctx) {
            return;
        }
        let names: Vec<String> = self.groups.keys().filter(|g| group_partition(g, ctx) == Some(pidx)).cloned().collect();
        for name in names {
            let Some(g) = self.groups.remove(&name) else { continue };
            // Members waiting in JoinGroup/SyncGroup learn to look for the new coordinator.
            for m in g.members.values() {
                if let Some(req) = m.join_req {
                    ctx.out.send(m.client, Msg::JoinGroupResponse { req, error: Some(KafkaError::NotCoordinator), result: None });
                }
                if let Some(req) = m.sync_req {
                    ctx.out.send(m.client, Msg::SyncGroupResponse { req, error: Some(KafkaError::NotCoordinator), assignment: Vec::new() });
                }
            }
            if g.state != GroupState::Dead {
                ctx.out.event(EventKind::GroupStateChanged { group: name, state: format!("{:?}", GroupState::Dead) });
            }
        }
    }
}
