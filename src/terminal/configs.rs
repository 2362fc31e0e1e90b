//! `kafka-configs.sh --describe | --alter --add-config k=v` for topics and brokers.
//! Messages follow Kafka 4.x `ConfigCommand` (alterConfig: "Completed updating config for …",
//! describeResourceConfig: "Dynamic configs for … are:", main's error wrapper).

use super::options::{parse, OptSpec, Parsed};
use super::{bare, crash, exception_class, opt_crash, usage_error, Crash, Output};
use crate::sim::admin::TOPIC_CONFIGS;
use crate::sim::config::BrokerConfig;
use crate::sim::{Action, Sim};

pub const SPECS: &[OptSpec] = &[
    ("bootstrap-server", true), ("bootstrap-controller", true), ("command-config", true), ("alter", false),
    ("describe", false), ("all", false), ("entity-type", true), ("entity-name", true), ("entity-default", false),
    ("add-config", true), ("add-config-file", true), ("delete-config", true), ("force", false), ("topic", true),
    ("broker", true), ("broker-defaults", false), ("broker-logger", true), ("client", true), ("user", true),
    ("group", true), ("help", false), ("version", false),
];

/// Broker settings a running cluster accepts without a restart (DynamicBrokerConfig: the log
/// configs min.insync.replicas and unclean.leader.election.enable are cluster-wide dynamic).
const DYNAMIC_BROKER_CONFIGS: &[&str] = &["min.insync.replicas", "unclean.leader.election.enable"];

/// The entity the command is about: (type, name); name None = the cluster-wide default.
fn entity(p: &Parsed) -> Result<(String, Option<String>), Output> {
    if let Some(t) = p.value("topic") {
        return Ok(("topics".into(), Some(t.into())));
    }
    if let Some(b) = p.value("broker") {
        return Ok(("brokers".into(), Some(b.into())));
    }
    if p.has("broker-defaults") {
        return Ok(("brokers".into(), None));
    }
    let Some(kind) = p.value("entity-type") else {
        return Err(usage_error("At least one of --entity-type or one of its shorthand options (--topic, --broker, --broker-defaults, ...) must be specified"));
    };
    let kind = match kind {
        "topic" => "topics",
        "broker" => "brokers",
        k => k,
    };
    if !["topics", "brokers"].contains(&kind) {
        return Err(Output::fail(format!("--entity-type {kind} is not simulated (topics and brokers are). / --entity-type {kind}는 시뮬레이션하지 않습니다 (topics, brokers만 가능).\n")));
    }
    match (p.value("entity-name"), p.has("entity-default")) {
        (Some(n), _) => Ok((kind.into(), Some(n.into()))),
        (None, true) if kind == "brokers" => Ok((kind.into(), None)),
        _ if kind == "brokers" && p.has("describe") => Ok((kind.into(), None)),
        _ => Err(usage_error("An entity name must be specified with --alter of topics")),
    }
}

pub fn run(sim: &mut Sim, args: &[String]) -> Output {
    let p = match parse(SPECS, args) {
        Ok(p) => p,
        Err(e) => return opt_crash(Crash::ConfigCommand, &e, args),
    };
    if p.has("alter") == p.has("describe") {
        return usage_error("Command must include exactly one action: --describe, --alter");
    }
    if !p.has("bootstrap-server") && !p.has("bootstrap-controller") {
        return crash(Crash::ConfigCommand, "java.lang.IllegalArgumentException", "Either --bootstrap-server or --bootstrap-controller must be specified.", args);
    }
    let (kind, name) = match entity(&p) {
        Ok(e) => e,
        Err(o) => return o,
    };
    if kind == "topics" && !name.as_ref().is_some_and(|n| sim.topology().topics.contains_key(n)) {
        let n = name.unwrap_or_default();
        return crash(Crash::ConfigCommand, "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
            &format!("The topic '{n}' does not exist."), args);
    }
    if kind == "brokers" {
        if let Some(n) = &name {
            if !n.parse::<u32>().is_ok_and(|id| sim.broker(id).is_some()) {
                return crash(Crash::ConfigCommand, "java.lang.IllegalArgumentException",
                    &format!("The broker '{n}' does not exist. / 브로커 '{n}'가 없습니다."), args);
            }
        }
    }
    if p.has("describe") {
        return describe(sim, &kind, name.as_deref());
    }
    if p.has("delete-config") {
        return Output::fail("--delete-config is not simulated; set the value back with --add-config. / --delete-config는 시뮬레이션하지 않습니다. --add-config로 값을 되돌리세요.\n");
    }
    let Some(add) = p.value("add-config") else {
        return usage_error("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
    };
    let mut pairs = Vec::new();
    for kv in add.split(',').filter(|s| !s.trim().is_empty()) {
        match kv.split_once('=') {
            Some((k, v)) => pairs.push((k.trim().to_string(), v.trim().to_string())),
            None => return crash(Crash::ConfigCommand, "java.lang.IllegalArgumentException",
                "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\".", args),
        }
    }
    let mut o = Output::default();
    for (k, v) in &pairs {
        let result = if kind == "topics" {
            sim.apply(Action::AlterTopicConfig { topic: name.clone().unwrap_or_default(), key: k.clone(), value: v.clone() })
        } else if !DYNAMIC_BROKER_CONFIGS.contains(&k.as_str()) {
            // DynamicBrokerConfig.validateConfigs: a read-only broker config.
            let target = name.clone().unwrap_or_default();
            return crash(Crash::ConfigCommand, "org.apache.kafka.common.errors.InvalidRequestException",
                &format!("Invalid config value for resource ConfigResource(type=BROKER, name='{target}'): Cannot update these configs dynamically: Set({k})"), args);
        } else {
            sim.apply(Action::SetConfig { key: k.clone(), value: v.clone() })
        };
        if let Err(e) = result {
            return crash(Crash::ConfigCommand, exception_class(&e.message), bare(&e.message), args);
        }
    }
    match (kind.as_str(), name) {
        ("topics", Some(n)) => o.out(format!("Completed updating config for topic {n}.")),
        (_, Some(n)) => {
            o.out(format!("Completed updating config for broker {n}."));
            o.err("(The simulator applies broker settings cluster-wide. / 시뮬레이터는 브로커 설정을 클러스터 전체에 적용합니다.)");
        }
        _ => o.out("Completed updating default config for brokers in the cluster."),
    }
    o
}

fn broker_value(b: &BrokerConfig, key: &str) -> String {
    match key {
        "min.insync.replicas" => b.min_insync_replicas.to_string(),
        _ => b.unclean_leader_election_enable.to_string(),
    }
}

/// A topic config's static default as `--describe` names it: the broker setting it falls back to
/// (LogConfig's synonyms, e.g. retention.ms -> log.retention.hours) and Kafka 4.x's default.
fn topic_default(key: &str, b: &BrokerConfig) -> (&'static str, String) {
    let (name, value): (&str, &str) = match key {
        "retention.ms" => ("log.retention.hours", "168"),
        "retention.bytes" => ("log.retention.bytes", "-1"),
        "segment.bytes" => ("log.segment.bytes", "1073741824"),
        "cleanup.policy" => ("log.cleanup.policy", "delete"),
        "min.cleanable.dirty.ratio" => ("log.cleaner.min.cleanable.ratio", "0.5"),
        "delete.retention.ms" => ("log.cleaner.delete.retention.ms", "86400000"),
        "min.compaction.lag.ms" => ("log.cleaner.min.compaction.lag.ms", "0"),
        "min.insync.replicas" => return ("min.insync.replicas", broker_value(b, key)),
        _ => return ("unclean.leader.election.enable", broker_value(b, "unclean.leader.election.enable")),
    };
    (name, value.to_string())
}

fn describe(sim: &Sim, kind: &str, name: Option<&str>) -> Output {
    let mut o = Output::default();
    let now = &sim.config().broker;
    let default = BrokerConfig::default();
    let changed_default: Vec<&str> = DYNAMIC_BROKER_CONFIGS.iter().copied().filter(|k| broker_value(now, k) != broker_value(&default, k)).collect();
    match (kind, name) {
        ("topics", Some(t)) => {
            o.out(format!("Dynamic configs for topic {t} are:"));
            let spec = sim.config().topics.iter().find(|s| s.name == t);
            for k in TOPIC_CONFIGS {
                let Some(v) = spec.and_then(|s| s.configs.get(*k)) else { continue };
                let mut synonyms = vec![format!("DYNAMIC_TOPIC_CONFIG:{k}={v}")];
                if changed_default.contains(k) {
                    synonyms.push(format!("DYNAMIC_DEFAULT_BROKER_CONFIG:{k}={}", broker_value(now, k)));
                }
                let (name, value) = topic_default(k, &default);
                synonyms.push(format!("DEFAULT_CONFIG:{name}={value}"));
                o.out(format!("  {k}={v} sensitive=false synonyms={{{}}}", synonyms.join(", ")));
            }
        }
        (_, Some(b)) => o.out(format!("Dynamic configs for broker {b} are:")),
        _ => {
            o.out("Default configs for brokers in the cluster are:");
            for k in changed_default {
                let v = broker_value(now, k);
                o.out(format!("  {k}={v} sensitive=false synonyms={{DYNAMIC_DEFAULT_BROKER_CONFIG:{k}={v}}}"));
            }
        }
    }
    o
}
