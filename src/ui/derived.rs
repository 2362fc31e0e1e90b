//! Plain data the views need beyond the `Snapshot`: consumers, groups (lag, Burrow), the
//! rebalance timeline, transaction markers and a bounded lag history. Computed from the `Sim`
//! by the store; no web calls here.

use crate::sim::burrow::{ConsumerStatus, PartitionStatus};
use crate::sim::consumer::MemberState;
use crate::sim::event::EventKind;
use crate::sim::group::GroupState;
use crate::sim::lag::LagRow;
use crate::sim::share_partition::ShareRecordState;
use crate::sim::{Event, Millis, Sim, TopicPartition};
use std::collections::{BTreeMap, VecDeque};

/// Rebalance events the timeline keeps.
pub const TIMELINE_CAP: usize = 200;
/// Lag samples the chart keeps (one per ≥ 1 s of virtual time).
pub const LAG_CAP: usize = 120;
/// Minimum virtual time between two lag samples.
pub const LAG_EVERY_MS: Millis = 1_000;

#[derive(Clone, Debug, PartialEq)]
pub struct ConsumerRow {
    pub id: u32,
    pub group: String,
    pub instance_id: Option<String>,
    pub state: MemberState,
    pub generation: i32,
    pub member_id: String,
    pub up: bool,
    pub stalled_until: Millis,
    /// This consumer's own processing time per record (SlowConsumer changes it).
    pub ms_per_record: u64,
    /// Its poll loop waits for a commitSync.
    pub committing: bool,
    pub assignment: Vec<TopicPartition>,
    /// (partition, position, committed)
    pub offsets: Vec<(TopicPartition, Option<u64>, Option<u64>)>,
    /// A share-group member (KafkaShareConsumer).
    pub share: bool,
}

/// Records a share-partition strip shows at most (the start of the in-flight window).
pub const SHARE_STRIP_CAP: usize = 40;

/// One share-partition of a share group: SPSO, SPEO and the in-flight records
/// (offset, state, delivery count, the consumer holding it).
#[derive(Clone, Debug, PartialEq)]
pub struct ShareRow {
    pub tp: TopicPartition,
    pub start: u64,
    pub end: u64,
    pub records: Vec<(u64, ShareRecordState, u32, Option<u32>)>,
    /// In-flight records past the strip's cap.
    pub more: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    pub name: String,
    pub state: Option<GroupState>,
    pub generation: i32,
    pub lag: Vec<LagRow>,
    pub burrow: ConsumerStatus,
    pub burrow_parts: Vec<(TopicPartition, PartitionStatus, u64)>,
    /// A share group's partitions (empty for a consumer group).
    pub share: Vec<ShareRow>,
    pub is_share: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Groups {
    pub consumers: Vec<ConsumerRow>,
    pub groups: Vec<GroupRow>,
    /// Brokers whose replica fetcher is stalled now: (broker, until).
    pub broker_stalls: Vec<(u32, Millis)>,
}

impl Groups {
    /// The live consumer that owns `tp`, if any.
    pub fn owner_of(&self, tp: &TopicPartition) -> Option<(u32, &str)> {
        self.consumers.iter().find(|c| c.up && c.assignment.contains(tp)).map(|c| (c.id, c.group.as_str()))
    }
}

pub fn groups_of(sim: &Sim) -> Groups {
    let topo = sim.topology();
    let consumers: Vec<ConsumerRow> = sim.consumers().iter().map(|c| ConsumerRow {
        id: c.id,
        group: c.group.clone(),
        instance_id: c.instance_id.clone(),
        state: c.state,
        generation: c.generation,
        member_id: c.member_id.clone(),
        up: c.is_up(),
        stalled_until: c.stalled_until,
        ms_per_record: c.config.processing_ms_per_record,
        committing: c.sync_commit.is_some(),
        assignment: c.assignment.iter().map(|p| topo.tp(*p).clone()).collect(),
        offsets: c.assignment.iter().map(|p| {
            (topo.tp(*p).clone(), c.positions.get(p).copied().flatten(), c.committed.get(p).copied())
        }).collect(),
        share: c.share,
    }).collect();
    let mut names: Vec<String> = consumers.iter().map(|c| c.group.clone()).collect();
    names.sort();
    names.dedup();
    let groups = names.into_iter().map(|name| {
        let st = sim.group_state(&name);
        let (burrow, parts) = sim.burrow_status(&name);
        GroupRow {
            state: st.as_ref().map(|s| s.0),
            generation: st.as_ref().map_or(0, |s| s.1),
            lag: sim.group_lag(&name),
            burrow,
            burrow_parts: parts.into_iter().map(|p| (p.tp, p.status, p.current_lag)).collect(),
            share: share_rows(sim, &name, &consumers),
            is_share: sim.is_share_group(&name),
            name,
        }
    }).collect();
    let broker_stalls = sim.brokers().iter()
        .filter(|b| b.fetch_stalled_until > sim.now())
        .map(|b| (b.id, b.fetch_stalled_until))
        .collect();
    Groups { consumers, groups, broker_stalls }
}

/// The share-partitions of `group`, in partition order, with the holder of each acquired record.
fn share_rows(sim: &Sim, group: &str, consumers: &[ConsumerRow]) -> Vec<ShareRow> {
    let holder = |member: &Option<String>| member.as_ref().and_then(|m| consumers.iter().find(|c| c.group == group && c.member_id == *m)).map(|c| c.id);
    sim.share_partitions_of(group).map(|(p, sp)| ShareRow {
        tp: sim.topology().tp(p).clone(),
        start: sp.start,
        end: sp.end,
        records: sp.records.iter().take(SHARE_STRIP_CAP).map(|(o, r)| (*o, r.state, r.delivery_count, holder(&r.member))).collect(),
        more: sp.records.len().saturating_sub(SHARE_STRIP_CAP),
    }).collect()
}

/// One lag sample: per group, per partition number, the lag.
#[derive(Clone, Debug, PartialEq)]
pub struct LagSample {
    pub at: Millis,
    pub groups: Vec<(String, Vec<(u32, u64)>)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LagHistory {
    pub samples: VecDeque<LagSample>,
}

impl LagHistory {
    /// Whether a sample is due: virtual time moved ≥ 1 s since the last one (and there is a group).
    pub fn due(&self, now: Millis, groups: &Groups) -> bool {
        !groups.groups.is_empty() && self.samples.back().is_none_or(|s| now >= s.at + LAG_EVERY_MS)
    }

    /// Forgets samples taken after `now` (a seek into the past).
    pub fn rewind(&mut self, now: Millis) {
        self.samples.retain(|s| s.at <= now);
    }

    pub fn sample(&mut self, now: Millis, groups: &Groups) {
        let groups = groups.groups.iter()
            .map(|g| (g.name.clone(), g.lag.iter().map(|r| (r.tp.partition, r.lag)).collect()))
            .collect();
        if self.samples.len() == LAG_CAP {
            self.samples.pop_front();
        }
        self.samples.push_back(LagSample { at: now, groups });
    }
}

/// Side records the store keeps from the event stream.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Side {
    /// Rebalance-related events, oldest first.
    pub timeline: VecDeque<Event>,
    /// (topic-partition text, offset) → COMMIT (true) or ABORT (false) marker.
    pub markers: BTreeMap<(String, u64), bool>,
    /// The event that wrote each marker, so a seek into the past can forget later ones.
    marker_seq: BTreeMap<(String, u64), u64>,
}

impl Side {
    /// Forgets what happened from event `next_seq` on (a seek into the past).
    pub fn rewind(&mut self, next_seq: u64) {
        self.timeline.retain(|e| e.seq < next_seq);
        let later: Vec<_> = self.marker_seq.iter().filter(|(_, s)| **s >= next_seq).map(|(k, _)| k.clone()).collect();
        for k in later {
            self.markers.remove(&k);
            self.marker_seq.remove(&k);
        }
    }

    pub fn observe(&mut self, e: &Event) {
        match &e.kind {
            EventKind::RebalanceStarted { .. }
            | EventKind::RebalanceJoined { .. }
            | EventKind::PartitionsRevoked { .. }
            | EventKind::PartitionsAssigned { .. }
            | EventKind::MemberExpired { .. } => {
                if self.timeline.len() == TIMELINE_CAP {
                    self.timeline.pop_front();
                }
                self.timeline.push_back(e.clone());
            }
            EventKind::MarkerWritten { tp, offset, commit, .. } => {
                self.markers.insert((tp.to_string(), *offset), *commit);
                self.marker_seq.insert((tp.to_string(), *offset), e.seq);
            }
            _ => {}
        }
    }
}
