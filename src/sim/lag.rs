//! Consumer lag as `kafka-consumer-groups.sh --describe` reports it: per partition, the log end
//! offset (the HW a consumer can read up to) minus the group's committed offset.

use super::group::GroupState;
use super::net::Pidx;
use super::types::TopicPartition;
use super::Sim;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LagRow {
    pub tp: TopicPartition,
    pub current_offset: Option<u64>,
    pub log_end_offset: u64,
    /// LOG-END-OFFSET − CURRENT-OFFSET (the whole log when nothing is committed).
    pub lag: u64,
    /// The consumer that owns the partition now, if any.
    pub consumer: Option<u32>,
}

impl Sim {
    /// The coordinator's view of a group: its state and committed offsets.
    /// A share group is Stable with members and Empty without (ShareGroup.ShareGroupState), at
    /// its group epoch, with no committed offsets.
    pub fn group_state(&self, group: &str) -> Option<(GroupState, i32, Vec<(Pidx, u64)>)> {
        let classic = self.brokers().iter().filter(|b| b.is_up()).filter_map(|b| b.groups.get(group))
            .max_by_key(|g| g.generation)
            .map(|g| (g.state, g.generation, g.offsets.iter().map(|(p, o)| (*p, *o)).collect()));
        classic.or_else(|| self.share_group(group).map(|g| {
            (if g.members.is_empty() { GroupState::Empty } else { GroupState::Stable }, g.epoch, Vec::new())
        }))
    }

    /// The share group as its coordinator holds it now.
    pub fn share_group(&self, group: &str) -> Option<&super::share_group::ShareGroup> {
        self.brokers().iter().filter(|b| b.is_up()).filter_map(|b| b.share_groups.get(group)).max_by_key(|g| g.epoch)
    }

    /// The coordinator's current assignment: member id → partitions (as distributed by SyncGroup).
    pub fn group_assignment(&self, group: &str) -> Vec<(String, Vec<Pidx>)> {
        self.brokers().iter().filter(|b| b.is_up()).filter_map(|b| b.groups.get(group))
            .max_by_key(|g| g.generation)
            .map(|g| g.members.iter().map(|(id, m)| (id.clone(), m.assignment.clone())).collect())
            .or_else(|| self.share_group(group).map(|g| g.members.iter().map(|(id, m)| (id.clone(), m.assignment.clone())).collect()))
            .unwrap_or_default()
    }

    /// Lag of every partition of the topics the group's consumers subscribe to.
    pub fn group_lag(&self, group: &str) -> Vec<LagRow> {
        let offsets = self.group_state(group).map(|s| s.2).unwrap_or_default();
        let mut topics: Vec<&String> = self.consumers().iter().filter(|c| c.group == group).flat_map(|c| c.topics.iter()).collect();
        topics.sort();
        topics.dedup();
        let mut rows = Vec::new();
        for t in topics {
            for &pidx in self.topology().topics.get(t).map(Vec::as_slice).unwrap_or(&[]) {
                let view = self.partition_view(pidx);
                let leo = view.leader.and_then(|l| view.replicas.iter().find(|r| r.broker == l)).map_or(0, |r| r.hw);
                let (current, lag) = match self.share_partition(group, pidx) {
                    // A share group: START-OFFSET is the SPSO; what is done inside the window is not lag.
                    Some(sp) => (Some(sp.start), leo.saturating_sub(sp.start).saturating_sub(sp.done() as u64)),
                    None => {
                        let current = offsets.iter().find(|(p, _)| *p == pidx).map(|(_, o)| *o);
                        (current, leo.saturating_sub(current.unwrap_or(0)))
                    }
                };
                let owner = self.consumers().iter().find(|c| c.group == group && c.is_up() && c.assignment.contains(&pidx)).map(|c| c.id);
                rows.push(LagRow { tp: view.tp, current_offset: current, log_end_offset: leo, lag, consumer: owner });
            }
        }
        rows
    }
}

/// Burrow's verdict for one partition of a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BurrowPartition {
    pub tp: TopicPartition,
    pub status: super::burrow::PartitionStatus,
    pub current_lag: u64,
    pub window: Vec<super::burrow::Sample>,
}

impl Sim {
    /// Burrow's evaluation of a group: every partition it committed for, and the group status.
    pub fn burrow_status(&self, group: &str) -> (super::burrow::ConsumerStatus, Vec<BurrowPartition>) {
        let lag = self.group_lag(group);
        let parts: Vec<BurrowPartition> = self.burrow.partitions(group).into_iter().map(|pidx| {
            let window = self.burrow.window(group, pidx);
            let tp = self.topology().tp(pidx).clone();
            let current_lag = lag.iter().find(|r| r.tp == tp).map_or(0, |r| r.lag);
            let status = super::burrow::partition_status(&window, current_lag, self.now());
            BurrowPartition { tp, status, current_lag, window }
        }).collect();
        let statuses: Vec<_> = parts.iter().map(|p| p.status).collect();
        (super::burrow::consumer_status(&statuses), parts)
    }
}
