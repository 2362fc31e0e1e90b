//! Admin-client intents the CLI terminal needs: create a topic, alter a topic config, reset a
//! group's committed offsets. Each refuses bad input with Kafka's error text and changes nothing.

use super::action::ActionError;
use super::event::{Event, EventKind};
use super::group::{Group, GroupState, OFFSETS_TOPIC};
use super::hash::coordinator_partition;
use super::net::Pidx;
use super::types::NodeId;
use super::{Sim, TopicSpec};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The topic configs the simulator models (a subset of Kafka's LogConfig).
pub const TOPIC_CONFIGS: &[&str] = &[
    "min.insync.replicas", "unclean.leader.election.enable", "retention.ms", "retention.bytes", "segment.bytes", "cleanup.policy",
    "min.cleanable.dirty.ratio", "delete.retention.ms", "min.compaction.lag.ms",
];

fn check_topic_config(key: &str, value: &str) -> Result<(), ActionError> {
    if key == "min.insync.replicas" && value.trim() == "0" {
        // LogConfig: min.insync.replicas is defined with atLeast(1).
        return Err(ActionError::new(super::ConfigError::invalid(key, value, "Value must be at least 1").message));
    }
    if TOPIC_CONFIGS.contains(&key) {
        Ok(())
    } else {
        // ConfigAdminManager / LogConfig.validate: InvalidConfigurationException for an unknown name.
        Err(ActionError::new(format!("Unknown topic config name: {key}")))
    }
}

impl Sim {
    /// CreateTopics as the KRaft controller handles it (ReplicationControlManager.createTopic).
    /// `__consumer_offsets` is created with its own settings, as the first FindCoordinator does
    /// (the terminal refuses it as a user topic, like Kafka).
    pub(super) fn create_topic(&mut self, topic: &str, partitions: u32, rf: u32, configs: &BTreeMap<String, String>) -> Result<Vec<Event>, ActionError> {
        if topic == OFFSETS_TOPIC {
            return self.ensure_internal_topic(OFFSETS_TOPIC);
        }
        if self.topo.topics.contains_key(topic) {
            return Err(ActionError::new(format!("Topic '{topic}' already exists.")));
        }
        self.controller_writable()?;
        if partitions == 0 {
            return Err(ActionError::new("Number of partitions was set to an invalid non-positive value."));
        }
        let brokers = self.topo.config.brokers.len() as u32;
        if rf == 0 || rf > brokers {
            // ReplicationControlManager: InvalidReplicationFactorException.
            return Err(ActionError::new(format!(
                "Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {brokers} broker(s) are registered.")));
        }
        for (k, v) in configs {
            check_topic_config(k, v)?;
        }
        let mut spec = TopicSpec::new(topic, 0, rf);
        spec.configs = configs.clone();
        // Validate the name and the config values before anything changes.
        let mut probe = self.topo.config.clone();
        let mut full = spec.clone();
        full.partitions = partitions;
        probe.topics.push(full);
        probe.validate().map_err(|e| ActionError::new(e.message))?;
        let starts = self.background_timers_started(&probe);
        let mut events = self.grow_topic(topic, partitions, Some(spec))?;
        events.extend(self.start_background_timers(starts));
        Ok(events)
    }

    /// Which broker timers `next` needs that the current config does not run yet: the retention
    /// check (the first topic with retention.ms or retention.bytes, see `retention::checks_needed`)
    /// and the log cleaner (the first compacted topic).
    fn background_timers_started(&self, next: &super::config::ClusterConfig) -> Vec<(u64, super::Timer)> {
        let now = &self.topo.config;
        let mut timers = Vec::new();
        if !super::retention::checks_needed(now) && super::retention::checks_needed(next) {
            timers.push((next.broker.log_retention_check_interval_ms.max(1), super::Timer::RetentionCheck));
        }
        if !super::compaction::cleaner_needed(now) && super::compaction::cleaner_needed(next) {
            timers.push((next.broker.log_cleaner_backoff_ms.max(1), super::Timer::LogCleaner));
        }
        timers
    }

    /// Starts those timers on every running broker.
    fn start_background_timers(&mut self, timers: Vec<(u64, super::Timer)>) -> Vec<Event> {
        let up: Vec<_> = self.brokers.iter().filter(|b| b.is_up()).map(|b| b.id).collect();
        let mut events = Vec::new();
        for b in up {
            for (after, timer) in &timers {
                events.extend(self.with_node(NodeId::Broker(b), |_, ctx| ctx.out.timer(*after, timer.clone())));
            }
        }
        events
    }

    /// IncrementalAlterConfigs SET on a topic: the new value applies to every partition at once.
    pub(super) fn alter_topic_config(&mut self, topic: &str, key: &str, value: &str) -> Result<Vec<Event>, ActionError> {
        check_topic_config(key, value)?;
        let mut cfg = self.topo.config.clone();
        let Some(spec) = cfg.topics.iter_mut().find(|t| t.name == topic) else {
            return Err(ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: topic '{topic}' does not exist")));
        };
        spec.configs.insert(key.to_string(), value.trim().to_string());
        cfg.validate().map_err(|e| ActionError::new(e.message))?;
        let starts = self.background_timers_started(&cfg);
        let spec = cfg.topics.iter().find(|t| t.name == topic).expect("found above").clone();
        let mut topo = (*self.topo).clone();
        for part in topo.partitions.iter_mut().filter(|p| p.tp.topic == topic) {
            part.min_isr = cfg.min_insync_for(&spec);
            part.unclean = cfg.unclean_for(&spec);
            part.compact = cfg.compact_for(&spec);
        }
        topo.config = cfg;
        self.topo = Arc::new(topo);
        let mut events = Vec::new();
        self.push_event(EventKind::ConfigChanged { key: format!("{key} (topic {topic})"), value: value.to_string() }, &mut events);
        events.extend(self.start_background_timers(starts));
        // unclean.leader.election.enable=true may bring offline partitions back.
        let alive: Vec<_> = self.brokers.iter().filter(|b| b.is_up()).map(|b| b.id).collect();
        events.extend(self.with_node(NodeId::Controller, |sim, ctx| sim.controller.reelect_offline(&alive, ctx)));
        Ok(events)
    }

    /// ElectLeaders (PREFERRED) for every partition, one topic, or one partition of it.
    pub(super) fn elect_preferred(&mut self, topic: Option<&str>, partition: Option<u32>) -> Result<Vec<Event>, ActionError> {
        let pidxs: Vec<Pidx> = match topic {
            None => (0..self.topo.partitions.len()).collect(),
            Some(t) => {
                let Some(all) = self.topo.topics.get(t) else {
                    return Err(ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: topic '{t}' does not exist")));
                };
                match partition {
                    None => all.clone(),
                    Some(p) => vec![*all.get(p as usize).ok_or_else(|| ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: {t}-{p} does not exist")))?],
                }
            }
        };
        self.controller_writable()?;
        let mut outcome = (Vec::new(), Vec::new(), Vec::new());
        let mut events = self.with_node(NodeId::Controller, |sim, ctx| outcome = sim.controller.elect_preferred(&pidxs, ctx));
        let tps = |v: &[Pidx]| v.iter().map(|p| self.topo.tp(*p).clone()).collect::<Vec<_>>();
        let kind = EventKind::PreferredElection { elected: tps(&outcome.0), not_needed: tps(&outcome.1), not_available: tps(&outcome.2) };
        self.push_event(kind, &mut events);
        Ok(events)
    }

    /// AlterPartitionReassignments with no target (a cancel) for one partition: whether a move
    /// was going on, and the events.
    pub(crate) fn cancel_reassignment(&mut self, topic: &str, partition: u32) -> Result<(bool, Vec<Event>), ActionError> {
        let pidx = self.topo.pidx(&super::TopicPartition::new(topic, partition))
            .ok_or_else(|| ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: {topic}-{partition} does not exist")))?;
        let mut result = Ok(false);
        let events = self.with_node(NodeId::Controller, |sim, ctx| result = sim.controller.cancel_reassignment(pidx, ctx));
        Ok((result.map_err(ActionError::new)?, events))
    }

    /// AlterPartitionReassignments for one partition.
    pub(super) fn reassign_partition(&mut self, topic: &str, partition: u32, replicas: &[u32]) -> Result<Vec<Event>, ActionError> {
        let pidx = self.topo.pidx(&super::TopicPartition::new(topic, partition))
            .ok_or_else(|| ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: {topic}-{partition} does not exist")))?;
        self.controller_writable()?;
        let mut result = Ok(());
        let events = self.with_node(NodeId::Controller, |sim, ctx| result = sim.controller.reassign(pidx, replicas.to_vec(), ctx));
        result.map_err(ActionError::new)?;
        Ok(events)
    }

    /// AlterConsumerGroupOffsets: the coordinator writes the offsets to `__consumer_offsets` like an
    /// OffsetCommit. Only an inactive group (Empty or Dead) accepts it (GroupMetadata: a commit
    /// from outside the generation fails with UNKNOWN_MEMBER_ID while members are active).
    pub(super) fn reset_group_offsets(&mut self, group: &str, topic: &str, offsets: &[(u32, u64)]) -> Result<Vec<Event>, ActionError> {
        let Some(pids) = self.topo.topics.get(topic).cloned() else {
            return Err(ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: topic '{topic}' does not exist")));
        };
        let mut resolved = Vec::new();
        for &(p, o) in offsets {
            let pidx = *pids.get(p as usize).ok_or_else(|| ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: {topic}-{p} does not exist")))?;
            resolved.push((pidx, o));
        }
        let Some(parts) = self.topo.topics.get(OFFSETS_TOPIC) else {
            // The caller creates __consumer_offsets first (CreateTopic of it), as FindCoordinator would.
            return Err(ActionError::new("COORDINATOR_NOT_AVAILABLE: the group coordinator is not available (no __consumer_offsets yet)"));
        };
        let part = parts[coordinator_partition(group, parts.len() as u32) as usize];
        let Some(leader) = self.controller.partitions[part].leader else {
            return Err(ActionError::new("COORDINATOR_NOT_AVAILABLE: the group coordinator is not available"));
        };
        let bi = self.broker_index(leader)?;
        if self.brokers[bi].replicas.get(&part).is_none_or(|r| r.leader_state.is_none()) {
            // The elected leader has not taken over the offsets partition yet (retriable).
            return Err(ActionError::new("NOT_COORDINATOR: the coordinator is still loading"));
        }
        if let Some(g) = self.brokers[bi].groups.get(group) {
            if !matches!(g.state, GroupState::Empty | GroupState::Dead) {
                return Err(ActionError::new("UNKNOWN_MEMBER_ID: the group has active members"));
            }
        }
        if self.topo.group_index(group).is_none() {
            let mut topo = (*self.topo).clone();
            topo.groups.push(group.to_string());
            self.topo = Arc::new(topo);
        }
        let mut result = Ok(());
        let g = group.to_string();
        let mut events = self.with_node(NodeId::Broker(leader), |sim, ctx| {
            let b = &mut sim.brokers[bi];
            match b.append_offsets(&g, &resolved, ctx) {
                Ok(_) => {
                    let grp = b.groups.entry(g.clone()).or_insert_with(Group::new);
                    grp.offsets.extend(resolved.iter().copied());
                    b.maybe_increment_hw(part, ctx);
                }
                Err(e) => result = Err(ActionError::new(e.to_string())),
            }
        });
        result?;
        let offsets = resolved.iter().map(|(p, o)| (self.topo.tp(*p).clone(), *o)).collect();
        self.push_event(EventKind::OffsetsCommitted { group: group.to_string(), offsets }, &mut events);
        Ok(events)
    }
}
