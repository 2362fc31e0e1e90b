//! Terminal inputs: command lines assembled from the real tools and their flags (taken from the
//! engine's own completion, so a new flag is fuzzed without touching this file) with odd values,
//! plus the corpus scripts mutated byte-wise.

use super::mutate::{self, NUMBERS};
use kafka_playground::sim::config::KNOWN_KEYS;
use kafka_playground::terminal::{complete, COMMANDS};
use proptest::prelude::*;

/// Words the byte mutator inserts into terminal scripts.
pub const DICT: &[&str] = &[
    "kafka-topics.sh", "kafka-console-producer.sh", "kafka-console-consumer.sh", "kafka-consumer-groups.sh",
    "kafka-share-groups.sh", "kafka-configs.sh", "kafka-leader-election.sh", "kafka-reassign-partitions.sh",
    "echo", "cat", "sleep", "help", "history", "bin/kafka-topics", "--bootstrap-server localhost:9092", "--topic", "--partitions",
    "--replication-factor", "--config", "--create", "--alter", "--describe", "--delete", "--list", "--execute", "--dry-run",
    "--group", "--reset-offsets", "--to-offset", "--shift-by", "--to-datetime", "--by-duration", "--from-file", "--all-topics",
    "--entity-type", "--entity-name", "--entity-default", "--add-config", "--delete-config", "--election-type",
    "--all-topic-partitions", "--partition", "--reassignment-json-file", "--topics-to-move-json-file", "--broker-list",
    "--generate", "--verify", "--cancel", "--from-beginning", "--max-messages", "--offset", "--timeout-ms", "--property",
    "--members", "--offsets", "--state", "--verbose", "--replica-assignment", "orders", "__consumer_offsets", "plan.json",
    "> plan.json", "'", "\"", "\\", "=", "^D", "\u{4}", "parse.key=true", "key.separator=:", "null.marker=NULL", "PREFERRED",
    "UNCLEAN", "topics", "brokers", "groups", "earliest", "latest", "billing", "jobs",
];

/// The flags a tool accepts, as its completion offers them (`--topic`, ...).
pub fn flags(tool: &str) -> Vec<String> {
    complete(&format!("{tool} --")).iter().filter_map(|l| l.split_whitespace().last().map(str::to_string)).collect()
}

fn topic_configs() -> Vec<String> {
    let keys = ["min.insync.replicas", "unclean.leader.election.enable", "retention.ms", "retention.bytes", "segment.bytes",
        "cleanup.policy", "min.cleanable.dirty.ratio", "delete.retention.ms", "min.compaction.lag.ms", "no.such.config"];
    let vals = ["1", "2", "0", "-1", "-2", "true", "compact", "delete,compact", "0.5", "NaN", "1e9", "4294967296",
        "18446744073709551615", "9223372036854775807", ""];
    keys.iter().flat_map(|k| vals.iter().map(move |v| format!("{k}={v}"))).collect()
}

fn values() -> Vec<String> {
    let mut v: Vec<String> = [
        "orders", "orders:0", "orders:0,1", "orders:99", "t2", "fresh", "__consumer_offsets", "__transaction_state", "nope",
        "billing", "audit", "jobs", "localhost:9092", "1,2,3", "4,5,6", "4,4,5", "1:2:3,2:3:1,3:1:2", "1:1", "PREFERRED",
        "preferred", "UNCLEAN", "topics", "brokers", "broker-loggers", "groups", "users", "clients", "earliest", "latest",
        "2024-01-01T00:00:00.000", "1970-01-01T00:00:00.000", "9999-12-31T23:59:59.999", "PT1H", "P1D", "PT-1S",
        "P99999999999D", "plan.json", "move.json", "read_committed", "print.key=true", "print.offset=true",
        "print.partition=true", "parse.key=true", "key.separator=:", "null.marker=NULL", "acks=0",
    ].iter().map(|s| s.to_string()).collect();
    v.extend(NUMBERS.iter().map(|s| s.to_string()));
    v.extend(topic_configs());
    v.extend(KNOWN_KEYS.iter().flat_map(|k| ["1", "0", "-1", "18446744073709551615", "all", "true"].map(|x| format!("{k}={x}"))));
    v.extend(mutate::odd_strings());
    v
}

/// A word as the shell must see it: quoted when it holds spaces or quotes.
fn quoted(w: &str) -> String {
    if w.is_empty() || w.chars().any(|c| c.is_whitespace() || c == '\'' || c == '"' || c == '\\') {
        format!("'{}'", w.replace('\'', ""))
    } else {
        w.to_string()
    }
}

/// A JSON plan for kafka-reassign-partitions.sh (or a topics-to-move list), with odd numbers.
fn plan() -> impl Strategy<Value = String> {
    let num = prop_oneof![0i64..8, proptest::sample::select(vec![-1i64, 2147483647, 4294967296, i64::MAX])];
    let topic = proptest::sample::select(vec!["orders", "t2", "nope", "", "__consumer_offsets"]);
    let entry = (topic.clone(), num.clone(), proptest::collection::vec(num.clone(), 0..5))
        .prop_map(|(t, p, r)| format!(r#"{{"topic":"{t}","partition":{p},"replicas":{r:?}}}"#));
    prop_oneof![
        (num.clone(), proptest::collection::vec(entry, 0..4))
            .prop_map(|(v, e)| format!(r#"{{"version":{v},"partitions":[{}]}}"#, e.join(","))),
        proptest::collection::vec(topic, 0..3).prop_map(|ts| {
            let ts: Vec<String> = ts.iter().map(|t| format!(r#"{{"topic":"{t}"}}"#)).collect();
            format!(r#"{{"topics":[{}],"version":1}}"#, ts.join(","))
        }),
        "\\PC{0,40}",
    ]
}

/// One line built from a tool, its flags and values.
pub fn line() -> impl Strategy<Value = String> {
    let tools: Vec<&'static str> = COMMANDS.to_vec();
    let all_flags: Vec<String> = tools.iter().flat_map(|t| flags(t)).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let values = values();
    let arg = prop_oneof![
        3 => (proptest::sample::select(all_flags.clone()), proptest::sample::select(values.clone()))
            .prop_map(|(f, v)| format!("{f} {}", quoted(&v))),
        2 => proptest::sample::select(all_flags.clone()),
        1 => (proptest::sample::select(all_flags), proptest::sample::select(values.clone()))
            .prop_map(|(f, v)| format!("{f}={}", quoted(&v))),
        1 => proptest::sample::select(values).prop_map(|v| quoted(&v)),
    ];
    let tool_line = (proptest::sample::select(tools), proptest::collection::vec(arg, 0..8))
        .prop_map(|(t, args)| format!("{t} {}", args.join(" ")));
    prop_oneof![
        8 => tool_line,
        2 => (plan(), proptest::sample::select(vec!["plan.json", "move.json", "f"]))
            .prop_map(|(p, f)| format!("echo '{p}' > {f}")),
        1 => proptest::sample::select(vec!["^D", "\u{4}", "a:b", "k:NULL", "NULL", ":", ""]).prop_map(str::to_string),
    ]
}

/// A whole script: structured lines, or a corpus script mutated byte-wise, split into lines.
pub fn script() -> impl Strategy<Value = Vec<String>> {
    let seeds = mutate::seeds("terminal");
    prop_oneof![
        1 => proptest::collection::vec(line(), 1..10),
        1 => mutate::input(seeds, DICT).prop_map(|t| t.lines().take(40).map(str::to_string).collect()),
    ]
}
