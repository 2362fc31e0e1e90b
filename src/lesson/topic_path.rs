//! Claims about a whole topic or a broker's share of the cluster: `orders.offline`,
//! `orders.unavailable`, `orders.under_replicated`, `orders.under_min_isr`, `broker.1.leaders`.
//! They count partitions, so a lesson with 30 partitions can claim "10 partitions lost their
//! leader" in one line instead of thirty.

use super::expr::Value;
use crate::sim::broker::BrokerStatus;
use crate::sim::{BrokerId, ClusterConfig, Sim};
use std::fmt;

/// What a topic path counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicField {
    /// Partitions without a leader: Kafka's `OfflinePartitionsCount`.
    Offline,
    /// Partitions no client can use now: offline, led by a broker that is down but not yet
    /// fenced (the controller still names it until `broker.session.timeout.ms` passes), or led
    /// by a broker that has not yet taken over in the controller's leader epoch.
    Unavailable,
    /// Partitions whose ISR is smaller than their replica list: Kafka's `UnderReplicatedPartitions`.
    UnderReplicated,
    /// Partitions whose ISR is smaller than `min.insync.replicas`, where acks=all writes fail:
    /// Kafka's `UnderMinIsrPartitionCount`.
    UnderMinIsr,
    /// Replicas of the topic on the busiest broker minus those on the quietest (every registered
    /// broker counts, hosting none or not): 0 when the topic is spread evenly.
    ReplicaSpread,
}

pub const TOPIC_FIELDS: &[&str] = &["offline", "unavailable", "under_replicated", "under_min_isr", "replica_spread"];

impl TopicField {
    pub fn parse(s: &str) -> Option<TopicField> {
        Some(match s {
            "offline" => TopicField::Offline,
            "unavailable" => TopicField::Unavailable,
            "under_replicated" => TopicField::UnderReplicated,
            "under_min_isr" => TopicField::UnderMinIsr,
            "replica_spread" => TopicField::ReplicaSpread,
            _ => return None,
        })
    }
}

impl fmt::Display for TopicField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TopicField::Offline => "offline",
            TopicField::Unavailable => "unavailable",
            TopicField::UnderReplicated => "under_replicated",
            TopicField::UnderMinIsr => "under_min_isr",
            TopicField::ReplicaSpread => "replica_spread",
        })
    }
}

pub fn check_topic(cluster: &ClusterConfig, topic: &str) -> Result<(), String> {
    if cluster.topics.iter().any(|t| t.name == topic) {
        return Ok(());
    }
    let names: Vec<&str> = cluster.topics.iter().map(|t| t.name.as_str()).collect();
    Err(format!("unknown topic `{topic}` (topics: {})", if names.is_empty() { "none".into() } else { names.join(", ") }))
}

/// How many partitions of `topic` match `field` now.
pub(crate) fn read_topic(sim: &Sim, topic: &str, field: TopicField) -> Value {
    let Some(pidxs) = sim.topology().topics.get(topic) else { return Value::None };
    if field == TopicField::ReplicaSpread {
        let mut per_broker: std::collections::BTreeMap<BrokerId, u64> =
            sim.topology().config.brokers.iter().map(|b| (b.id, 0)).collect();
        for s in pidxs.iter().filter_map(|p| sim.controller().partitions.get(*p)) {
            for b in &s.replicas {
                *per_broker.entry(*b).or_default() += 1;
            }
        }
        let (most, fewest) = (per_broker.values().max(), per_broker.values().min());
        return Value::Num(most.unwrap_or(&0) - fewest.unwrap_or(&0));
    }
    // A leader serves once it is up and acts as leader in the epoch the controller elected it in.
    let serving = |b: BrokerId, p: usize, epoch: u32| {
        sim.broker(b).is_some_and(|x| {
            !matches!(x.status, BrokerStatus::Crashed | BrokerStatus::Stopped)
                && x.replicas.get(&p).is_some_and(|r| r.leader_state.is_some() && r.state.leader_epoch == epoch)
        })
    };
    let count = pidxs
        .iter()
        .filter_map(|p| sim.controller().partitions.get(*p).map(|s| (*p, s)))
        .filter(|(p, s)| match field {
            TopicField::Offline => s.leader.is_none(),
            TopicField::Unavailable => !s.leader.is_some_and(|b| serving(b, *p, s.leader_epoch)),
            TopicField::UnderReplicated => s.isr.len() < s.replicas.len(),
            TopicField::UnderMinIsr => (s.isr.len() as u32) < sim.topology().partitions[*p].min_isr,
            TopicField::ReplicaSpread => false, // answered above
        })
        .count();
    Value::Num(count as u64)
}

/// How many partitions (of every topic, internal ones included) the controller has `broker` lead.
pub(crate) fn read_broker_leaders(sim: &Sim, broker: BrokerId) -> Value {
    Value::Num(sim.controller().partitions.iter().filter(|s| s.leader == Some(broker)).count() as u64)
}

/// How many replicas (of every topic, internal ones included) the controller places on `broker`.
pub(crate) fn read_broker_replicas(sim: &Sim, broker: BrokerId) -> Value {
    Value::Num(sim.controller().partitions.iter().filter(|s| s.replicas.contains(&broker)).count() as u64)
}
