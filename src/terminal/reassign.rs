//! `kafka-reassign-partitions.sh --reassignment-json-file plan.json (--execute | --verify)` and
//! `--list`, printed as Kafka 4.x `ReassignPartitionsCommand` prints them. The plan file is one
//! the terminal holds (`echo '{…}' > plan.json`, see `Terminal::files`). `--cancel` reverts the
//! moves of a plan; `--generate` proposes one (`reassign_generate.rs`).

use super::options::{parse, OptSpec};
use super::{opt_crash, usage_error, Crash, Output};
use crate::sim::{Action, BrokerId, Sim, TopicPartition};
use std::collections::BTreeMap;

pub const SPECS: &[OptSpec] = &[
    ("bootstrap-server", true), ("bootstrap-controller", true), ("command-config", true), ("reassignment-json-file", true),
    ("execute", false), ("verify", false), ("list", false), ("generate", false), ("cancel", false),
    ("topics-to-move-json-file", true), ("broker-list", true), ("throttle", true), ("replica-alter-log-dirs-throttle", true),
    ("preserve-throttles", false), ("disable-rack-aware", false), ("additional", false), ("timeout", true), ("help", false), ("version", false),
];

/// ReassignPartitionsCommand.main: `Error: <message>` on stdout, exit 1.
pub(super) fn error(message: &str) -> Output {
    let mut o = Output { exit_code: 1, ..Output::default() };
    o.out(format!("Error: {message}"));
    o
}

/// parsePartitionReassignmentData: `{"version":1,"partitions":[{"topic":…,"partition":…,"replicas":[…]}]}`.
fn parse_plan(text: &str) -> Result<Vec<(TopicPartition, Vec<BrokerId>)>, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|_| "The input string is not a valid JSON".to_string())?;
    let Some(parts) = v.get("partitions").and_then(|p| p.as_array()) else {
        return Err("Invalid JSON: the reassignment needs a \"partitions\" array".into());
    };
    let mut out = Vec::new();
    for p in parts {
        let topic = p.get("topic").and_then(|t| t.as_str()).ok_or("Invalid JSON: every partition needs a \"topic\"")?;
        let partition = p.get("partition").and_then(|x| x.as_u64()).filter(|n| *n <= u32::MAX as u64)
            .ok_or("Invalid JSON: every partition needs a \"partition\" number")?;
        let replicas: Vec<BrokerId> = p.get("replicas").and_then(|r| r.as_array()).ok_or("Invalid JSON: every partition needs \"replicas\"")?
            .iter().map(|b| b.as_u64().filter(|n| *n <= u32::MAX as u64).map(|n| n as BrokerId)).collect::<Option<_>>()
            .ok_or("Invalid JSON: replicas are broker ids")?;
        out.push((TopicPartition::new(topic, partition as u32), replicas));
    }
    if out.is_empty() {
        return Err("Partition reassignment list cannot be empty".into());
    }
    Ok(out)
}

pub(super) fn ids(b: &[BrokerId]) -> String {
    b.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
}

fn replicas_of(sim: &Sim, tp: &TopicPartition) -> Option<Vec<BrokerId>> {
    let pidx = sim.topology().pidx(tp)?;
    Some(sim.controller().partitions[pidx].replicas.clone())
}

pub fn run(sim: &mut Sim, args: &[String], files: &BTreeMap<String, String>) -> Output {
    let p = match parse(SPECS, args) {
        Ok(p) => p,
        Err(e) => return opt_crash(Crash::Uncaught, &e, args),
    };
    if !p.has("bootstrap-server") && !p.has("bootstrap-controller") {
        return usage_error("Please specify --bootstrap-server");
    }
    let actions = ["execute", "verify", "list", "generate", "cancel"].into_iter().filter(|a| p.has(a)).count();
    if actions != 1 {
        return usage_error("Command must include exactly one action: --generate, --execute, --verify, --cancel, --list");
    }
    if p.has("list") {
        return list(sim);
    }
    if p.has("generate") {
        return super::reassign_generate::generate(sim, &p, files);
    }
    let Some(file) = p.value("reassignment-json-file") else {
        return usage_error("Missing required argument \"[reassignment-json-file]\"");
    };
    let Some(text) = files.get(file) else {
        return error(&format!("{file} (No such file or directory); create it first, e.g. echo '{{\"version\":1,\"partitions\":[…]}}' > {file}"));
    };
    let plan = match parse_plan(text) {
        Ok(plan) => plan,
        Err(e) => return error(&e),
    };
    if p.has("verify") {
        verify(sim, &plan)
    } else if p.has("cancel") {
        cancel(sim, &plan, p.has("preserve-throttles"))
    } else {
        execute(sim, &plan)
    }
}

/// `{"version":1,"partitions":[…]}` as formatAsReassignmentJson writes it.
pub(super) fn plan_json(parts: &[(TopicPartition, Vec<BrokerId>)]) -> String {
    let items: Vec<String> = parts.iter().map(|(tp, r)| {
        format!("{{\"topic\":\"{}\",\"partition\":{},\"replicas\":[{}],\"log_dirs\":[{}]}}", tp.topic, tp.partition,
            ids(r), vec!["\"any\""; r.len()].join(","))
    }).collect();
    format!("{{\"version\":1,\"partitions\":[{}]}}", items.join(","))
}

/// ReassignPartitionsCommand.cancelAssignment: revert the plan's partitions that are moving.
fn cancel(sim: &mut Sim, plan: &[(TopicPartition, Vec<BrokerId>)], preserve_throttles: bool) -> Output {
    let mut moving: Vec<&TopicPartition> = plan.iter().map(|(tp, _)| tp)
        .filter(|tp| sim.topology().pidx(tp).is_some_and(|p| sim.controller().reassigning.contains_key(&p))).collect();
    moving.sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
    let mut o = Output::default();
    if moving.is_empty() {
        o.out("None of the specified partition reassignments are active.");
    } else {
        let mut errors = Vec::new();
        for tp in &moving {
            if let Err(e) = sim.apply(Action::CancelReassignment { topic: tp.topic.clone(), partition: tp.partition }) {
                errors.push(format!("{tp}: {}", e.message));
            }
        }
        if !errors.is_empty() {
            return error(&format!("Error cancelling partition reassignment{} for:\n{}", if errors.len() == 1 { "" } else { "s" }, errors.join("\n")));
        }
        let names: Vec<String> = moving.iter().map(|tp| tp.to_string()).collect();
        o.out(format!("Successfully cancelled partition reassignment{} for: {}", if names.len() == 1 { "" } else { "s" }, names.join(",")));
    }
    // Kafka prints this without a line break, so the throttle lines follow on the same line.
    let mut tail = "None of the specified partition moves are active.".to_string();
    if !preserve_throttles {
        tail.push_str(&clearing_throttles(sim, plan));
    }
    o.out(tail);
    o
}

/// clearAllThrottles: the broker-level and topic-level throttle lines.
fn clearing_throttles(sim: &Sim, plan: &[(TopicPartition, Vec<BrokerId>)]) -> String {
    let mut brokers: Vec<BrokerId> = sim.config().brokers.iter().map(|b| b.id).collect();
    brokers.sort_unstable();
    let mut topics: Vec<&str> = plan.iter().map(|(tp, _)| tp.topic.as_str()).collect();
    topics.sort_unstable();
    topics.dedup();
    format!("Clearing broker-level throttles on brokers {}\nClearing topic-level throttles on topic{} {}",
        ids(&brokers), if topics.len() > 1 { "s" } else { "" }, topics.join(","))
}

fn execute(sim: &mut Sim, plan: &[(TopicPartition, Vec<BrokerId>)]) -> Output {
    // ReassignPartitionsCommand.executeAssignment checks the whole plan before changing anything.
    let missing: Vec<String> = plan.iter().filter(|(tp, _)| replicas_of(sim, tp).is_none()).map(|(tp, _)| tp.to_string()).collect();
    if !missing.is_empty() {
        return error(&format!("The proposed assignment contains non-existent partitions: {}", missing.join(", ")));
    }
    let known: Vec<BrokerId> = sim.config().brokers.iter().map(|b| b.id).collect();
    let mut unknown: Vec<BrokerId> = plan.iter().flat_map(|(_, r)| r.iter().copied()).filter(|b| !known.contains(b)).collect();
    unknown.sort_unstable();
    unknown.dedup();
    if !unknown.is_empty() {
        return error(&format!("The proposed assignment contains non-existent brokerIDs: {}", ids(&unknown)));
    }
    for (tp, r) in plan {
        if r.is_empty() {
            return error(&format!("Empty replica list specified for partition {tp}"));
        }
        let mut sorted = r.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != r.len() {
            return error(&format!("Duplicate replica assignment found: {tp} -> {}", ids(r)));
        }
    }
    let current: Vec<(TopicPartition, Vec<BrokerId>)> = plan.iter()
        .map(|(tp, _)| (tp.clone(), replicas_of(sim, tp).unwrap_or_default())).collect();
    let mut o = Output::default();
    o.out("Current partition replica assignment\n");
    o.out(format!("{}\n", plan_json(&current)));
    o.out("Save this to use as the --reassignment-json-file option during rollback");
    let mut started = Vec::new();
    for (tp, replicas) in plan {
        match sim.apply(Action::ReassignPartition { topic: tp.topic.clone(), partition: tp.partition, replicas: replicas.clone() }) {
            Ok(_) => started.push(tp.to_string()),
            Err(e) => {
                o.out(format!("Error reassigning partition(s):\n{tp}: {}", e.message));
                o.exit_code = 1;
            }
        }
    }
    if !started.is_empty() {
        o.out(format!("Successfully started partition reassignment{} for {}", if started.len() > 1 { "s" } else { "" }, started.join(",")));
    }
    o
}

fn verify(sim: &Sim, plan: &[(TopicPartition, Vec<BrokerId>)]) -> Output {
    let mut o = Output::default();
    o.out("Status of partition reassignment:");
    let mut done = true;
    for (tp, target) in plan {
        let pidx = sim.topology().pidx(tp);
        let moving = pidx.is_some_and(|p| sim.controller().reassigning.contains_key(&p));
        let now = replicas_of(sim, tp);
        if moving {
            done = false;
            o.out(format!("Reassignment of partition {tp} is still in progress."));
        } else if now.as_ref() == Some(target) {
            o.out(format!("Reassignment of partition {tp} is completed."));
        } else {
            done = false;
            o.out(format!("There is no active reassignment of partition {tp}, but replica set is {} rather than {}.",
                ids(&now.unwrap_or_default()), ids(target)));
        }
    }
    if done {
        // Without --preserve-throttles a finished --verify clears the replication throttles.
        o.out(format!("\n{}", clearing_throttles(sim, plan)));
    }
    o
}

fn list(sim: &Sim) -> Output {
    let c = sim.controller();
    if c.reassigning.is_empty() {
        return Output::ok("No partition reassignments found.\n");
    }
    let mut o = Output::default();
    o.out("Current partition reassignments:");
    for (pidx, target) in &c.reassigning {
        let now = &c.partitions[*pidx].replicas;
        let from = c.reassigning_from.get(pidx).unwrap_or(now);
        let adding: Vec<BrokerId> = target.iter().copied().filter(|b| !from.contains(b)).collect();
        let removing: Vec<BrokerId> = now.iter().copied().filter(|b| !target.contains(b)).collect();
        o.out(format!("{}: replicas: {}. adding: {}. removing: {}.", sim.topology().tp(*pidx), ids(now), ids(&adding), ids(&removing)));
    }
    o
}
