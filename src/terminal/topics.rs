//! `kafka-topics.sh`: --list, --describe, --create, --alter --partitions.
//! Output and errors follow Kafka 4.x `org.apache.kafka.tools.TopicCommand`
//! (TopicDescription/PartitionDescription.printDescription, checkArgs, mainNoExit).

use super::options::{parse, OptSpec, Parsed};
use super::{bare, crash, exception_class, opt_crash, usage_error, Crash, Output};
use crate::sim::snapshot::PartitionView;
use crate::sim::{Action, Sim};
use std::collections::BTreeMap;

pub const SPECS: &[OptSpec] = &[
    ("bootstrap-server", true), ("command-config", true), ("list", false), ("create", false), ("delete", false),
    ("alter", false), ("describe", false), ("topic", true), ("topic-id", true), ("config", true), ("delete-config", true),
    ("partitions", true), ("replication-factor", true), ("replica-assignment", true),
    ("under-replicated-partitions", false), ("unavailable-partitions", false), ("under-min-isr-partitions", false),
    ("at-min-isr-partitions", false), ("topics-with-overrides", false), ("if-exists", false), ("if-not-exists", false),
    ("exclude-internal", false), ("partition-size-limit-per-response", true), ("help", false), ("version", false),
];

const ACTIONS: &[&str] = &["create", "list", "alter", "describe", "delete"];

pub fn run(sim: &mut Sim, args: &[String]) -> Output {
    let p = match parse(SPECS, args) {
        Ok(p) => p,
        Err(e) => return opt_crash(Crash::TopicCommand, &e, args),
    };
    if args.is_empty() {
        return usage_error("Create, delete, describe, or change a topic.");
    }
    if ACTIONS.iter().filter(|a| p.has(a)).count() != 1 {
        return usage_error("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
    }
    // checkRequiredArgs: IllegalArgumentException, printed alone on stderr by mainNoExit.
    if !p.has("bootstrap-server") {
        return Output::fail("--bootstrap-server must be specified\n");
    }
    if !p.has("list") && !p.has("describe") && !p.has("topic") {
        return usage_error("Missing required argument \"[topic]\"");
    }
    if p.has("alter") {
        if p.has("config") {
            return usage_error("Option \"[config]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)");
        }
        if !p.has("partitions") {
            return usage_error("Missing required argument \"[partitions]\"");
        }
    }
    if let Some(o) = check_invalid(&p) {
        return o;
    }
    let result = if p.has("create") {
        create(sim, &p, args)
    } else if p.has("alter") {
        alter(sim, &p, args)
    } else if p.has("list") {
        Ok(list(sim, &p))
    } else if p.has("describe") {
        describe(sim, &p)
    } else {
        Err(not_simulated("--delete"))
    };
    result.unwrap_or_else(|o| o)
}

/// TopicCommandOptions.checkInvalidArgs: an option used with an action it does not belong to.
fn check_invalid(p: &Parsed) -> Option<Output> {
    let only: &[(&str, &[&str])] = &[
        ("config", &["create", "alter"]), ("partitions", &["create", "alter"]), ("replication-factor", &["create"]),
        ("replica-assignment", &["create", "alter"]), ("if-exists", &["alter", "delete", "describe"]),
        ("if-not-exists", &["create"]), ("exclude-internal", &["list", "describe"]),
        ("under-replicated-partitions", &["describe"]), ("unavailable-partitions", &["describe"]),
        ("under-min-isr-partitions", &["describe"]), ("at-min-isr-partitions", &["describe"]), ("topics-with-overrides", &["describe"]),
    ];
    for (opt, allowed) in only {
        if p.has(opt) {
            if let Some(action) = ACTIONS.iter().find(|a| p.has(a) && !allowed.contains(a)) {
                return Some(usage_error(&format!("Option \"[{opt}]\" can't be used with option \"[{action}]\"")));
            }
        }
    }
    None
}

fn not_simulated(what: &str) -> Output {
    Output::fail(format!("{what} is not simulated in this playground. / {what}은(는) 이 플레이그라운드에서 시뮬레이션하지 않습니다.\n"))
}

/// An admin call that failed: TopicCommand.printException prints the cause's message on stdout.
fn admin_error(message: &str, args: &[String]) -> Output {
    crash(Crash::TopicCommand, exception_class(message), bare(message), args)
}

fn int_arg(p: &Parsed, name: &str, args: &[String]) -> Result<Option<i64>, Output> {
    p.int(name).map_err(|e| opt_crash(Crash::TopicCommand, &e, args))
}

fn create(sim: &mut Sim, p: &Parsed, args: &[String]) -> Result<Output, Output> {
    let topic = p.value("topic").unwrap_or_default().to_string();
    if p.has("replica-assignment") {
        return Err(not_simulated("--replica-assignment"));
    }
    // num.partitions and default.replication.factor both default to 1 (ServerLogConfigs, ReplicationConfigs).
    let partitions = int_arg(p, "partitions", args)?.unwrap_or(1);
    let rf = int_arg(p, "replication-factor", args)?.unwrap_or(1);
    if !(1..=i16::MAX as i64).contains(&rf) {
        return Err(Output::fail(format!("The replication factor must be between 1 and {} inclusive\n", i16::MAX)));
    }
    if partitions < 1 {
        return Err(Output::fail("The partitions must be greater than 0\n"));
    }
    let mut configs = BTreeMap::new();
    for c in p.values("config") {
        match c.split_once('=') {
            Some((k, v)) if !v.contains('=') => {
                configs.insert(k.trim().to_string(), v.trim().to_string());
            }
            _ => return Err(Output::fail("requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".\n")),
        }
    }
    if topic == "__consumer_offsets" || topic == "__transaction_state" {
        // ReplicationControlManager: internal topics are created by the brokers only.
        return Err(admin_error(&format!("Creation of internal topic {topic} is prohibited."), args));
    }
    let mut o = Output::default();
    if topic.contains('.') || topic.contains('_') {
        o.out("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.");
    }
    let action = Action::CreateTopic { topic: topic.clone(), partitions: partitions as u32, replication_factor: rf as u32, configs };
    match sim.apply(action) {
        Ok(_) => o.out(format!("Created topic {topic}.")),
        Err(e) if p.has("if-not-exists") && e.message.contains("already exists") => {}
        Err(e) => {
            let mut err = admin_error(&e.message, args);
            err.stdout.insert_str(0, &o.stdout);
            return Err(err);
        }
    }
    Ok(o)
}

fn alter(sim: &mut Sim, p: &Parsed, args: &[String]) -> Result<Output, Output> {
    let topic = p.value("topic").unwrap_or_default().to_string();
    let Some(current) = sim.topology().topics.get(&topic).map(|v| v.len() as i64) else {
        if p.has("if-exists") {
            return Ok(Output::default());
        }
        return Err(Output::fail(format!("Topic '{topic}' does not exist as expected\n")));
    };
    let wanted = int_arg(p, "partitions", args)?.unwrap_or(0);
    // ReplicationControlManager.createPartitions (KRaft): InvalidPartitionsException texts.
    if wanted == current {
        return Err(admin_error(&format!("Topic already has {current} partitions."), args));
    }
    if wanted < current {
        return Err(admin_error(&format!("Topic currently has {current} partitions, which is higher than the requested {wanted}."), args));
    }
    match sim.apply(Action::AddPartitions { topic, partitions: wanted as u32 }) {
        Ok(_) => Ok(Output::default()), // alterTopic prints nothing on success
        Err(e) => Err(admin_error(&e.message, args)),
    }
}

/// The topics a --topic value selects (a plain name; Kafka also takes a regex), sorted.
fn selected(sim: &Sim, p: &Parsed) -> Vec<String> {
    let exclude_internal = p.has("exclude-internal");
    sim.topology().topics.keys()
        .filter(|t| !(exclude_internal && t.starts_with("__")))
        .filter(|t| p.value("topic").is_none_or(|want| want == t.as_str()))
        .cloned().collect()
}

fn list(sim: &Sim, p: &Parsed) -> Output {
    Output::ok(format!("{}\n", selected(sim, p).join("\n")))
}

/// A topic's id as Kafka prints a Uuid (22 characters of URL-safe base64). The simulator has no
/// topic ids, so this one is derived from the name: stable across runs, distinct per topic.
pub fn topic_id(name: &str) -> String {
    let mut h1: u64 = 0xcbf2_9ce4_8422_2325;
    let mut h2: u64 = 0x9e37_79b9_7f4a_7c15;
    for b in name.bytes() {
        h1 = (h1 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        h2 = (h2 ^ b as u64).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(31);
    }
    let bytes: Vec<u8> = h1.to_be_bytes().into_iter().chain(h2.to_be_bytes()).collect();
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut out = String::new();
    for b in bytes {
        bits = (bits << 8) | b as u32;
        nbits += 8;
        while nbits >= 6 {
            nbits -= 6;
            out.push(ALPHABET[((bits >> nbits) & 63) as usize] as char);
        }
    }
    if nbits > 0 {
        out.push(ALPHABET[((bits << (6 - nbits)) & 63) as usize] as char);
    }
    out
}

/// The configs `describe` shows for a topic: those not at their default (ConfigEntry.isDefault):
/// the topic's own overrides, else a changed broker-wide value of the same setting.
pub(crate) fn non_default_configs(sim: &Sim, topic: &str) -> Vec<(String, String)> {
    let cfg = sim.config();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let broker_default = crate::sim::config::BrokerConfig::default();
    if cfg.broker.min_insync_replicas != broker_default.min_insync_replicas {
        out.insert("min.insync.replicas".into(), cfg.broker.min_insync_replicas.to_string());
    }
    if cfg.broker.unclean_leader_election_enable != broker_default.unclean_leader_election_enable {
        out.insert("unclean.leader.election.enable".into(), cfg.broker.unclean_leader_election_enable.to_string());
    }
    if let Some(spec) = cfg.topics.iter().find(|t| t.name == topic) {
        out.extend(spec.configs.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    out.into_iter().collect()
}

fn join(ids: &[u32]) -> String {
    ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

fn describe(sim: &Sim, p: &Parsed) -> Result<Output, Output> {
    if p.has("topic-id") {
        return Err(not_simulated("--topic-id"));
    }
    let topics = selected(sim, p);
    if topics.is_empty() && p.value("topic").is_some_and(|t| !t.is_empty()) && !p.has("if-exists") {
        return Err(Output::fail(format!("Topic '{}' does not exist as expected\n", p.value("topic").unwrap_or_default())));
    }
    let reports = ["under-replicated-partitions", "unavailable-partitions", "under-min-isr-partitions", "at-min-isr-partitions"];
    let any_report = reports.iter().any(|r| p.has(r));
    let live: Vec<u32> = sim.brokers().iter().filter(|b| b.is_up()).map(|b| b.id).collect();
    let mut o = Output::default();
    for t in topics {
        let pids = sim.topology().topics.get(&t).cloned().unwrap_or_default();
        let views: Vec<PartitionView> = pids.iter().map(|&pidx| sim.partition_view(pidx)).collect();
        let configs = non_default_configs(sim, &t);
        if !any_report && (!p.has("topics-with-overrides") || !configs.is_empty()) {
            let rf = views.first().map_or(0, |v| v.replicas.len());
            let configs = configs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
            o.out(format!("Topic: {t}\tTopicId: {}\tPartitionCount: {}\tReplicationFactor: {rf}\tConfigs: {configs}", topic_id(&t), views.len()));
        }
        if p.has("topics-with-overrides") {
            continue;
        }
        for v in &views {
            let replicas: Vec<u32> = v.replicas.iter().map(|r| r.broker).collect();
            // TopicCommand.PartitionDescription: the report filters.
            let under_replicated = v.isr.len() < replicas.len();
            let unavailable = v.leader.is_none_or(|l| !live.contains(&l));
            let under_min_isr = v.leader.is_none() || (v.isr.len() as u32) < v.min_isr;
            let at_min_isr = v.isr.len() as u32 == v.min_isr;
            let shown = !any_report
                || (p.has("under-replicated-partitions") && under_replicated)
                || (p.has("unavailable-partitions") && unavailable)
                || (p.has("under-min-isr-partitions") && under_min_isr)
                || (p.has("at-min-isr-partitions") && at_min_isr);
            if !shown {
                continue;
            }
            let leader = v.leader.map_or("none".to_string(), |l| l.to_string());
            // Elr/LastKnownElr (KIP-966): empty lists, eligible leader replicas are not modelled
            // (as on a 4.x cluster with eligible.leader.replicas.version=0).
            o.out(format!("\tTopic: {t}\tPartition: {}\tLeader: {leader}\tReplicas: {}\tIsr: {}\tElr: \tLastKnownElr: ",
                v.tp.partition, join(&replicas), join(&v.isr)));
        }
    }
    Ok(o)
}
