//! What a lesson has set up so far, as far as names and settings go: the cluster (topics grow
//! with `add_partitions`, settings change with `set`), the producers `add_producer` added and the
//! consumers `add_consumer` started. Actions and claims are checked against it as the file is
//! read, so a name that does not exist yet is an error with its line before anything runs.

use super::expr::Assertion;
use super::path::Path;
use crate::sim::group::OFFSETS_TOPIC;
use crate::sim::txn_coordinator::TXN_TOPIC;
use crate::sim::{ClusterConfig, TopicSpec};

/// Most consumers the simulator runs (it refuses more).
pub const MAX_CONSUMERS: usize = 50;

/// A consumer `add_consumer` started: consumer 1 is the first one, 2 the next, ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SceneConsumer {
    pub group: String,
    pub topics: Vec<String>,
    pub instance_id: Option<String>,
    /// Started by `add_share_consumer`: a share-group member.
    pub share: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Scene {
    pub cluster: ClusterConfig,
    /// Producers 2, 3, ...: whether each has a transactional.id.
    pub extra_producers: Vec<bool>,
    /// Consumers 1, 2, ... in the order they were added.
    pub consumers: Vec<SceneConsumer>,
}

impl Scene {
    pub fn new(cluster: ClusterConfig) -> Scene {
        let mut s = Scene { cluster, extra_producers: Vec::new(), consumers: Vec::new() };
        s.sync_internal_topics();
        s
    }

    pub fn producer_count(&self) -> u32 {
        1 + self.extra_producers.len() as u32
    }

    /// Producer `n` exists (1 always does).
    pub fn check_producer(&self, n: u32) -> Result<(), String> {
        if (1..=self.producer_count()).contains(&n) {
            Ok(())
        } else {
            Err(format!("unknown producer {n} (producers: 1..{}; `add_producer` adds one)", self.producer_count()))
        }
    }

    pub(crate) fn transactional(&self, n: u32) -> bool {
        if n == 1 {
            self.cluster.producer.transactional_id.is_some()
        } else {
            self.extra_producers.get(n as usize - 2).copied().unwrap_or(false)
        }
    }

    /// Consumer `n` was added by an earlier `add_consumer`.
    pub fn check_consumer(&self, n: u32) -> Result<&SceneConsumer, String> {
        match n.checked_sub(1).and_then(|i| self.consumers.get(i as usize)) {
            Some(c) => Ok(c),
            None if self.consumers.is_empty() => Err(format!("unknown consumer {n} (no consumers yet; `add_consumer group=<group>` starts one)")),
            None => Err(format!("unknown consumer {n} (consumers: 1..{}; `add_consumer` starts another)", self.consumers.len())),
        }
    }

    /// The group has at least one consumer; returns the topics its consumers subscribe to.
    pub fn check_group(&self, group: &str) -> Result<Vec<String>, String> {
        let mut topics: Vec<String> = self.consumers.iter().filter(|c| c.group == group).flat_map(|c| c.topics.clone()).collect();
        if !self.consumers.iter().any(|c| c.group == group) {
            let mut groups: Vec<&str> = self.consumers.iter().map(|c| c.group.as_str()).collect();
            groups.sort_unstable();
            groups.dedup();
            let known = if groups.is_empty() { "none yet".to_string() } else { groups.join(", ") };
            return Err(format!("unknown group `{group}` (groups: {known}; `add_consumer group={group}` starts a consumer in it)"));
        }
        topics.sort();
        topics.dedup();
        Ok(topics)
    }

    pub fn add_consumer(&mut self, c: SceneConsumer) {
        self.consumers.push(c);
        self.sync_internal_topics();
    }

    /// The simulator creates `__transaction_state` for the first transactional producer and
    /// `__consumer_offsets` for the first consumer; so does the scene, so claims can name their
    /// partitions.
    pub fn sync_internal_topics(&mut self) {
        let txn = self.transactional(1) || self.extra_producers.iter().any(|t| *t);
        let b = &self.cluster.broker;
        let brokers = self.cluster.brokers.len() as u32;
        let mut wanted = Vec::new();
        if txn {
            wanted.push((TXN_TOPIC, b.transaction_state_log_num_partitions, b.transaction_state_log_replication_factor, b.transaction_state_log_min_isr));
        }
        if !self.consumers.is_empty() {
            wanted.push((OFFSETS_TOPIC, b.offsets_topic_num_partitions, 3, 1));
        }
        for (name, partitions, rf, min_isr) in wanted {
            if self.cluster.topics.iter().any(|t| t.name == name) {
                continue;
            }
            let mut spec = TopicSpec::new(name, partitions, rf.min(brokers));
            spec.configs.insert("min.insync.replicas".into(), min_isr.to_string());
            self.cluster.topics.push(spec);
        }
    }

    /// Checks a claim's names (topic, partition, brokers, producer, group, consumer).
    pub fn validate_claim(&self, claim: &Assertion) -> Result<(), String> {
        claim.validate(&self.cluster)?;
        if let Some(n) = claim.path.producer() {
            self.check_producer(n)?;
        }
        match &claim.path {
            Path::Group(group, field) => {
                let topics = self.check_group(group)?;
                if let Some(tp) = field.topic_partition() {
                    if !topics.contains(&tp.topic) {
                        return Err(format!("group `{group}` does not read topic `{}` (its consumers subscribe to: {})", tp.topic, topics.join(", ")));
                    }
                }
            }
            Path::Consumer(n, _) => {
                self.check_consumer(*n)?;
            }
            _ => {}
        }
        Ok(())
    }
}
