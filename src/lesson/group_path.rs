//! Claim paths about consumer groups and consumers: `group.billing.lag`,
//! `group.billing.burrow.orders-0`, `consumer.2.owns`, ... — what they name, how they are parsed
//! and printed, and how their values are read from a [`Sim`].

use super::expr::Value;
use super::path::Shape;
use crate::sim::burrow::{ConsumerStatus, PartitionStatus};
use crate::sim::consumer::MemberState;
use crate::sim::group::GroupState;
use crate::sim::{Sim, TopicPartition};
use std::fmt;

/// Group states as `group.<G>.state` spells them (Kafka's, as `kafka-consumer-groups.sh
/// --describe --state` prints them; a group no coordinator knows is `Dead`).
pub const GROUP_STATES: &[&str] = &["Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead"];
/// Burrow's verdicts for a group (`group.<G>.burrow`).
pub const BURROW_GROUP: &[&str] = &["OK", "WARNING", "ERROR"];
/// Burrow's verdicts for one partition (`group.<G>.burrow.<topic>-<partition>`).
pub const BURROW_PARTITION: &[&str] = &["OK", "WARNING", "REWIND", "STOPPED", "STALLED"];
/// A consumer's own state (`consumer.<N>.state`).
pub const CONSUMER_STATES: &[&str] = &["FindingCoordinator", "Joining", "Syncing", "Stable", "Stopped", "Crashed"];

pub(crate) const GROUP_FIELDS: &str = "state, generation, members, lag, lag.<topic>-<partition>, \
    committed.<topic>-<partition>, burrow, burrow.<topic>-<partition>, skipped, lost, duplicated, start.<topic>-<partition>, in_flight.<topic>-<partition>";
pub(crate) const CONSUMER_FIELDS: &str = "partitions, owns, state";

/// What a `group.<G>.<field>` path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupField {
    /// The coordinator's group state.
    State,
    /// The group's generation (bumped by every rebalance); `none` before the first join.
    Generation,
    /// How many members the coordinator has.
    Members,
    /// The group's total lag over the topics its consumers subscribe to.
    Lag,
    /// One partition's lag: log end offset (HW) − committed offset.
    PartitionLag(TopicPartition),
    /// The group's committed offset for a partition, or `none`.
    Committed(TopicPartition),
    /// Burrow's verdict for the group: OK, WARNING or ERROR.
    Burrow,
    /// Burrow's verdict for one partition, or `none` before the group committed for it.
    BurrowPartition(TopicPartition),
    /// The checker's counts for the group (`sim/checker.rs`): skipped offsets, lost records,
    /// duplicated records.
    Skipped,
    Lost,
    Duplicated,
    /// A share group's share-partition start offset (SPSO) on a partition, or `none`.
    ShareStart(TopicPartition),
    /// A share group's records in flight on a partition: acquired or waiting for redelivery.
    InFlight(TopicPartition),
}

/// What a `consumer.<N>.<field>` path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsumerField {
    /// How many partitions it owns now.
    Partitions,
    /// The partitions it owns now, compared as a set: `[orders-0,orders-2]`.
    Owns,
    /// Its own state (FindingCoordinator, Joining, Syncing, Stable, Stopped, Crashed).
    State,
}

impl GroupField {
    pub fn topic_partition(&self) -> Option<&TopicPartition> {
        match self {
            GroupField::PartitionLag(tp) | GroupField::Committed(tp) | GroupField::BurrowPartition(tp) | GroupField::ShareStart(tp)
            | GroupField::InFlight(tp) => Some(tp),
            _ => None,
        }
    }

    pub(crate) fn shape(&self) -> Shape {
        match self {
            GroupField::State => Shape::Words(GROUP_STATES, "a group state"),
            GroupField::Burrow => Shape::Words(BURROW_GROUP, "a Burrow group status"),
            GroupField::BurrowPartition(_) => Shape::Words(BURROW_PARTITION, "a Burrow partition status"),
            GroupField::Generation | GroupField::Committed(_) | GroupField::ShareStart(_) => Shape::CountOrNone,
            _ => Shape::Count,
        }
    }
}

impl ConsumerField {
    pub(crate) fn shape(&self) -> Shape {
        match self {
            ConsumerField::Partitions => Shape::Count,
            ConsumerField::Owns => Shape::PartitionSet,
            ConsumerField::State => Shape::Words(CONSUMER_STATES, "a consumer state"),
        }
    }
}

/// `group.<G>.<field>`: `rest` is what follows `group.`.
pub(crate) fn parse_group(s: &str, rest: &str) -> Result<(String, GroupField), String> {
    let Some((group, field)) = rest.split_once('.').filter(|(g, _)| !g.is_empty()) else {
        return Err(format!("expected `group.<group>.<field>` with fields {GROUP_FIELDS}, found `{s}`"));
    };
    let tp = |t: &str| TopicPartition::parse(t).ok_or_else(|| format!("expected a partition like orders-0 in `{s}`, found `{t}`"));
    let field = match field.split_once('.') {
        None => match field {
            "state" => GroupField::State,
            "generation" => GroupField::Generation,
            "members" => GroupField::Members,
            "lag" => GroupField::Lag,
            "burrow" => GroupField::Burrow,
            "skipped" => GroupField::Skipped,
            "lost" => GroupField::Lost,
            "duplicated" => GroupField::Duplicated,
            f => return Err(format!("unknown group field `{f}` in `{s}` (known: {GROUP_FIELDS})")),
        },
        Some(("lag", t)) => GroupField::PartitionLag(tp(t)?),
        Some(("committed", t)) => GroupField::Committed(tp(t)?),
        Some(("burrow", t)) => GroupField::BurrowPartition(tp(t)?),
        Some(("start", t)) => GroupField::ShareStart(tp(t)?),
        Some(("in_flight", t)) => GroupField::InFlight(tp(t)?),
        Some((f, _)) => return Err(format!("unknown group field `{f}` in `{s}` (known: {GROUP_FIELDS})")),
    };
    Ok((group.to_string(), field))
}

/// `consumer.<N>.<field>`: `rest` is what follows `consumer.`.
pub(crate) fn parse_consumer(s: &str, rest: &str) -> Result<(u32, ConsumerField), String> {
    let Some((n, field)) = rest.split_once('.') else {
        return Err(format!("expected `consumer.<N>.<field>` with fields {CONSUMER_FIELDS}, found `{s}`"));
    };
    let n: u32 = n.parse().ok().filter(|n| *n >= 1)
        .ok_or_else(|| format!("expected a consumer number (1, 2, ...) in `{s}`, found `{n}`"))?;
    let field = match field {
        "partitions" => ConsumerField::Partitions,
        "owns" => ConsumerField::Owns,
        "state" => ConsumerField::State,
        f => return Err(format!("unknown consumer field `{f}` in `{s}` (known: {CONSUMER_FIELDS})")),
    };
    Ok((n, field))
}

impl fmt::Display for GroupField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupField::State => f.write_str("state"),
            GroupField::Generation => f.write_str("generation"),
            GroupField::Members => f.write_str("members"),
            GroupField::Lag => f.write_str("lag"),
            GroupField::PartitionLag(tp) => write!(f, "lag.{tp}"),
            GroupField::Committed(tp) => write!(f, "committed.{tp}"),
            GroupField::Burrow => f.write_str("burrow"),
            GroupField::BurrowPartition(tp) => write!(f, "burrow.{tp}"),
            GroupField::Skipped => f.write_str("skipped"),
            GroupField::Lost => f.write_str("lost"),
            GroupField::Duplicated => f.write_str("duplicated"),
            GroupField::ShareStart(tp) => write!(f, "start.{tp}"),
            GroupField::InFlight(tp) => write!(f, "in_flight.{tp}"),
        }
    }
}

impl fmt::Display for ConsumerField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConsumerField::Partitions => "partitions",
            ConsumerField::Owns => "owns",
            ConsumerField::State => "state",
        })
    }
}

/// The value of `group.<group>.<field>` now.
pub(crate) fn read_group(sim: &Sim, group: &str, field: &GroupField) -> Value {
    let state = sim.group_state(group);
    let pidx = |tp: &TopicPartition| sim.topology().pidx(tp);
    match field {
        GroupField::State => Value::Word(state.map_or(GroupState::Dead, |s| s.0).name().to_string()),
        GroupField::Generation => state.map_or(Value::None, |s| Value::Num(s.1.max(0) as u64)),
        GroupField::Members => Value::Num(sim.group_assignment(group).len() as u64),
        GroupField::Lag => Value::Num(sim.group_lag(group).iter().map(|r| r.lag).sum()),
        GroupField::PartitionLag(tp) => Value::Num(sim.group_lag(group).iter().find(|r| r.tp == *tp).map_or(0, |r| r.lag)),
        GroupField::Committed(tp) => {
            let p = pidx(tp);
            state.and_then(|s| s.2.into_iter().find(|(q, _)| Some(*q) == p)).map_or(Value::None, |(_, o)| Value::Num(o))
        }
        GroupField::Burrow => Value::Word(burrow_group_name(sim.burrow_status(group).0).to_string()),
        GroupField::BurrowPartition(tp) => sim.burrow_status(group).1.into_iter().find(|b| b.tp == *tp)
            .map_or(Value::None, |b| Value::Word(burrow_partition_name(b.status).to_string())),
        GroupField::ShareStart(tp) => pidx(tp).and_then(|p| sim.share_partition(group, p)).map_or(Value::None, |sp| Value::Num(sp.start)),
        GroupField::InFlight(tp) => Value::Num(pidx(tp).and_then(|p| sim.share_partition(group, p)).map_or(0, |sp| sp.in_flight() as u64)),
        GroupField::Skipped | GroupField::Lost | GroupField::Duplicated => {
            let report = sim.check();
            let g = report.groups.iter().find(|g| g.group == group);
            Value::Num(g.map_or(0, |g| match field {
                GroupField::Skipped => g.skipped.len(),
                GroupField::Lost => g.lost.len(),
                _ => g.duplicated.len(),
            }) as u64)
        }
    }
}

/// The value of `consumer.<n>.<field>` now.
pub(crate) fn read_consumer(sim: &Sim, n: u32, field: &ConsumerField) -> Value {
    let Some(c) = sim.consumers().iter().find(|c| c.id == n) else { return Value::None };
    match field {
        ConsumerField::Partitions => Value::Num(if c.is_up() { c.assignment.len() as u64 } else { 0 }),
        ConsumerField::Owns => {
            let mut tps: Vec<TopicPartition> = if c.is_up() { c.assignment.iter().map(|p| sim.topology().tp(*p).clone()).collect() } else { Vec::new() };
            tps.sort();
            Value::Partitions(tps)
        }
        ConsumerField::State => Value::Word(member_state_name(c.state).to_string()),
    }
}

trait Name {
    fn name(&self) -> &'static str;
}

impl Name for GroupState {
    fn name(&self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        }
    }
}

fn burrow_group_name(s: ConsumerStatus) -> &'static str {
    match s {
        ConsumerStatus::Ok => "OK",
        ConsumerStatus::Warning => "WARNING",
        ConsumerStatus::Error => "ERROR",
    }
}

fn burrow_partition_name(s: PartitionStatus) -> &'static str {
    match s {
        PartitionStatus::Ok => "OK",
        PartitionStatus::Warning => "WARNING",
        PartitionStatus::Rewind => "REWIND",
        PartitionStatus::Stopped => "STOPPED",
        PartitionStatus::Stalled => "STALLED",
    }
}

fn member_state_name(s: MemberState) -> &'static str {
    match s {
        MemberState::FindingCoordinator => "FindingCoordinator",
        MemberState::Joining => "Joining",
        MemberState::Syncing => "Syncing",
        MemberState::Stable => "Stable",
        MemberState::Stopped => "Stopped",
        MemberState::Crashed => "Crashed",
    }
}
