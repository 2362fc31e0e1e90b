//! `kafka-reassign-partitions.sh --generate --topics-to-move-json-file t.json --broker-list 4,5,6`:
//! the current assignment of the topics and a proposal that spreads them over the listed brokers
//! (ReassignPartitionsCommand.generateAssignment, with the same placement as topic creation,
//! rack-aware unless --disable-rack-aware). Kafka starts the placement at a random broker; the
//! playground starts at the first, so a lesson's proposal is predictable. Nothing is moved.

use super::options::Parsed;
use super::reassign::{error, plan_json};
use super::{usage_error, Output};
use crate::sim::config::{BrokerSpec, TopicSpec};
use crate::sim::placement::assign_replicas;
use crate::sim::{BrokerId, Sim, TopicPartition};
use std::collections::BTreeMap;

/// parseTopicsData: `{"topics":[{"topic":"orders"}],"version":1}`.
fn parse_topics(text: &str) -> Result<Vec<String>, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|_| "The input string is not a valid JSON".to_string())?;
    if let Some(version) = v.get("version").and_then(|x| x.as_i64()).filter(|n| *n != 1) {
        return Err(format!("Not supported version field value {version}"));
    }
    let topics = v.get("topics").and_then(|t| t.as_array()).map(|a| a.as_slice()).unwrap_or(&[]);
    topics.iter().map(|t| t.get("topic").and_then(|n| n.as_str()).map(str::to_string)
        .ok_or_else(|| "Invalid JSON: every entry of \"topics\" needs a \"topic\"".to_string())).collect()
}

fn duplicates<T: Ord + Clone + std::fmt::Display>(items: &[T]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut dup: Vec<T> = items.iter().filter(|x| !seen.insert((*x).clone())).cloned().collect();
    dup.sort();
    dup.dedup();
    dup.iter().map(|x| x.to_string()).collect()
}

pub(super) fn generate(sim: &Sim, p: &Parsed, files: &BTreeMap<String, String>) -> Output {
    let (Some(file), Some(list)) = (p.value("topics-to-move-json-file"), p.value("broker-list")) else {
        return usage_error("Missing required argument \"[topics-to-move-json-file, broker-list]\"");
    };
    let Some(text) = files.get(file) else {
        return error(&format!("{file} (No such file or directory); create it first, e.g. echo '{{\"topics\":[{{\"topic\":\"orders\"}}],\"version\":1}}' > {file}"));
    };
    let brokers: Vec<BrokerId> = match list.split(',').map(|b| b.trim().parse::<BrokerId>().map_err(|_| b.trim().to_string())).collect() {
        Ok(b) => b,
        Err(bad) => return error(&format!("For input string: \"{bad}\"")),
    };
    let dup = duplicates(&brokers);
    if !dup.is_empty() {
        return error(&format!("Broker list contains duplicate entries: [{}]", dup.join(", ")));
    }
    let topics = match parse_topics(text) {
        Ok(t) => t,
        Err(e) => return error(&e),
    };
    let dup = duplicates(&topics);
    if !dup.is_empty() {
        return error(&format!("List of topics to reassign contains duplicate entries: [{}]", dup.join(", ")));
    }
    if let Some(t) = topics.iter().find(|t| !sim.topology().topics.contains_key(*t)) {
        return error(&format!("org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic {t} not found."));
    }
    // getBrokerMetadata: brokers not in the cluster are left out.
    let rack_aware = !p.has("disable-rack-aware");
    let specs: Vec<BrokerSpec> = sim.config().brokers.iter().filter(|b| brokers.contains(&b.id))
        .map(|b| BrokerSpec { id: b.id, rack: if rack_aware { b.rack.clone() } else { None } }).collect();
    let racked = specs.iter().filter(|b| b.rack.is_some()).count();
    if racked != 0 && racked != specs.len() {
        return error("Not all brokers have rack information. Add --disable-rack-aware in command line to make replica assignment without rack information.");
    }
    let mut current = Vec::new();
    let mut proposed = Vec::new();
    for t in &topics {
        let pidxs = &sim.topology().topics[t];
        let replicas: Vec<Vec<BrokerId>> = pidxs.iter().map(|p| sim.controller().partitions[*p].replicas.clone()).collect();
        let rf = replicas.first().map_or(1, |r| r.len()) as u32;
        if rf as usize > specs.len() {
            return error(&format!("org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: {rf} larger than available brokers: {}.", specs.len()));
        }
        let mut cfg = sim.config().clone();
        cfg.brokers = specs.clone();
        cfg.topics = vec![TopicSpec::new(t, pidxs.len() as u32, rf)];
        let plan = match assign_replicas(&cfg) {
            Ok(mut a) => a.remove(0),
            Err(e) => return error(&e),
        };
        for (i, r) in replicas.into_iter().enumerate() {
            current.push((TopicPartition::new(t, i as u32), r));
        }
        for (i, r) in plan.into_iter().enumerate() {
            proposed.push((TopicPartition::new(t, i as u32), r));
        }
    }
    current.sort_by(|a, b| (&a.0.topic, a.0.partition).cmp(&(&b.0.topic, b.0.partition)));
    proposed.sort_by(|a, b| (&a.0.topic, a.0.partition).cmp(&(&b.0.topic, b.0.partition)));
    let mut o = Output::default();
    o.out("Current partition replica assignment");
    o.out(format!("{}\n", plan_json(&current)));
    o.out("Proposed partition reassignment configuration");
    o.out(plan_json(&proposed));
    o
}
