//! `kafka-console-producer.sh` (each input line is one record) and `kafka-console-consumer.sh`
//! (prints the values the simulator has up to each partition's high watermark, then stops).
//! Options and messages follow Kafka 4.x `ConsoleProducerOptions` / `ConsoleConsumerOptions`,
//! `LineMessageReader` (parse.key, key.separator) and `DefaultMessageFormatter` (print.key, …).
//!
//! Simplifications: the producer waits (in virtual time) for each record's acknowledgement, as a
//! flushing console producer would; the consumer reads partition by partition from the leader's
//! log and, with `--group`, commits where it stopped only when the group has no active members
//! (it does not join a running group).

use super::options::{parse, OptSpec, Parsed};
use super::{opt_crash, usage_error, Crash, Output, ProducerSession};
use crate::sim::group::GroupState;
use crate::sim::{Action, Lang, Sim};

pub const PRODUCER_SPECS: &[OptSpec] = &[
    ("bootstrap-server", true), ("broker-list", true), ("topic", true), ("property", true), ("reader-property", true),
    ("producer-property", true), ("producer.config", true), ("reader-config", true), ("sync", false),
    ("compression-codec", true), ("batch-size", true), ("timeout", true), ("request-required-acks", true),
    ("line-reader", true), ("help", false), ("version", false),
];

pub const CONSUMER_SPECS: &[OptSpec] = &[
    ("bootstrap-server", true), ("topic", true), ("include", true), ("group", true), ("from-beginning", false),
    ("partition", true), ("offset", true), ("max-messages", true), ("timeout-ms", true), ("property", true),
    ("formatter-property", true), ("consumer-property", true), ("consumer.config", true), ("isolation-level", true),
    ("formatter", true), ("key-deserializer", true), ("value-deserializer", true), ("skip-message-on-error", false),
    ("help", false), ("version", false),
];

/// `--property k=v` (and its 4.x names) as key/value pairs.
fn properties<'a>(p: &'a Parsed, names: &[&str]) -> Vec<(&'a str, &'a str)> {
    names.iter().flat_map(|n| p.values(n)).filter_map(|kv| kv.split_once('=')).collect()
}

pub(crate) fn start_producer(sim: &mut Sim, args: &[String]) -> Result<ProducerSession, Output> {
    let p = parse(PRODUCER_SPECS, args).map_err(|e| opt_crash(Crash::MessageOnly, &e, args))?;
    if !p.has("bootstrap-server") && !p.has("broker-list") {
        return Err(usage_error("Missing required argument \"[bootstrap-server]\""));
    }
    let Some(topic) = p.value("topic") else {
        return Err(usage_error("Missing required argument \"[topic]\""));
    };
    let props = properties(&p, &["property", "reader-property"]);
    let parse_key = props.iter().any(|(k, v)| *k == "parse.key" && v.eq_ignore_ascii_case("true"));
    let key_separator = props.iter().rev().find(|(k, _)| *k == "key.separator").map_or("\t", |(_, v)| v).to_string();
    let null_marker = props.iter().rev().find(|(k, _)| *k == "null.marker").map(|(_, v)| v.to_string());
    if !sim.topology().topics.contains_key(topic) {
        // The broker creates a topic on first use (auto.create.topics.enable=true, num.partitions=1,
        // default.replication.factor=1); the client logs the metadata error once.
        let rf = 1;
        if let Err(e) = sim.apply(Action::CreateTopic { topic: topic.to_string(), partitions: 1, replication_factor: rf, configs: Default::default() }) {
            return Err(Output::fail(format!("org.apache.kafka.common.errors.InvalidTopicException: {}\n", e.message)));
        }
    }
    Ok(ProducerSession { topic: topic.to_string(), parse_key, key_separator, null_marker })
}

/// `NOT_ENOUGH_REPLICAS` → `NotEnoughReplicasException`.
fn exception_name(error: &str) -> String {
    if error.ends_with("Exception") {
        return format!("org.apache.kafka.common.errors.{error}");
    }
    let camel: String = error.split('_').map(|w| {
        let mut c = w.chars();
        c.next().map(|f| f.to_string() + &c.as_str().to_lowercase()).unwrap_or_default()
    }).collect();
    format!("org.apache.kafka.common.errors.{camel}Exception")
}

/// One line typed into the console producer. Returns the output and whether the producer is
/// still running (a line without the key separator ends it, as in Kafka).
pub(crate) fn produce_line(sim: &mut Sim, s: &ProducerSession, line: &str) -> (Output, bool) {
    let (key, value) = if s.parse_key {
        match line.split_once(s.key_separator.as_str()) {
            Some((k, v)) => (Some(k.to_string()), v.to_string()),
            None => {
                // LineMessageReader: a missing separator is fatal for the tool.
                let o = Output::fail(format!("org.apache.kafka.common.KafkaException: No key separator found on line number 1: '{line}'\n"));
                return (o, false);
            }
        }
    } else {
        (None, line.to_string())
    };
    let is_null = |x: &str| s.null_marker.as_deref() == Some(x);
    let key = key.filter(|k| !is_null(k));
    let id = sim.ledger().next_id();
    // A keyed record whose value is the null marker is a tombstone.
    let action = match &key {
        Some(k) if is_null(&value) => Action::Tombstone { topic: s.topic.clone(), key: k.clone(), partition: None, producer: None },
        _ => Action::Produce { topic: s.topic.clone(), key: key.clone(), value: Some(value.clone()), count: 1, partition: None, producer: None },
    };
    if let Err(e) = sim.apply(action) {
        return (Output::fail(format!("ERROR {} (org.apache.kafka.tools.ConsoleProducer)\n", e.message)), true);
    }
    // Wait for the outcome for at most delivery.timeout.ms (plus a margin for the last retry).
    let wait = sim.config().producer.delivery_timeout_ms + 10_000;
    let mut events = Vec::new();
    sim.run_until_pred(wait, |sim| sim.ledger().get(id).is_none_or(|r| r.acked.is_some() || r.failed.is_some()), &mut events);
    let mut o = Output::default();
    if let Some((_, err)) = sim.ledger().get(id).and_then(|r| r.failed) {
        // ErrorLoggingCallback.onCompletion.
        o.err(format!("ERROR Error when sending message to topic {} with key: {}, value: {} bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)",
            s.topic, key.map_or("null".to_string(), |k| format!("{} bytes", k.len())), value.len()));
        // The exception's message as the client prints it (Errors.java default messages).
        let message = match err.name() {
            "NOT_ENOUGH_REPLICAS" => "Messages are rejected since there are fewer in-sync replicas than required.",
            "NOT_ENOUGH_REPLICAS_AFTER_APPEND" => "Messages are written to the log, but to fewer in-sync replicas than required.",
            "INVALID_RECORD" => "This record has failed the validation on broker and hence will be rejected.",
            "NOT_LEADER_OR_FOLLOWER" => "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.",
            other => other,
        };
        o.err(format!("{}: {message}", exception_name(err.name())));
    }
    (o, true)
}

pub(crate) fn consume(sim: &mut Sim, args: &[String], lang: Lang) -> Output {
    let p = match parse(CONSUMER_SPECS, args) {
        Ok(p) => p,
        Err(e) => return opt_crash(Crash::ConsoleConsumer, &e, args),
    };
    if !p.has("bootstrap-server") {
        return usage_error("Missing required argument \"[bootstrap-server]\"");
    }
    if p.has("topic") == p.has("include") {
        return usage_error("Exactly one of include/topic is required.");
    }
    if p.has("include") {
        return Output::fail("--include (a regex of topics) is not simulated; use --topic. / --include는 시뮬레이션하지 않습니다. --topic을 쓰세요.\n");
    }
    if p.has("offset") && !p.has("partition") {
        return usage_error("The partition is required when offset is specified.");
    }
    if p.has("group") && p.has("partition") {
        return usage_error("Options group and partition cannot be specified together.");
    }
    if p.has("from-beginning") && p.has("offset") {
        return usage_error("Options from-beginning and offset cannot be specified together.");
    }
    let topic = p.value("topic").unwrap_or_default().to_string();
    let max = match p.int("max-messages") {
        Ok(m) => m.filter(|m| *m > 0).map(|m| m as u64),
        Err(e) => return opt_crash(Crash::ConsoleConsumer, &e, args),
    };
    let partition = match p.int("partition") {
        Ok(x) => x,
        Err(e) => return opt_crash(Crash::ConsoleConsumer, &e, args),
    };
    let Some(pids) = sim.topology().topics.get(&topic).cloned() else {
        let mut o = Output::default();
        o.err(format!("WARN [Consumer clientId=console-consumer, groupId={}] Error while fetching metadata with correlation id 2 : {{{topic}=UNKNOWN_TOPIC_OR_PARTITION}} (org.apache.kafka.clients.NetworkClient)", p.value("group").unwrap_or("console-consumer")));
        o.err("Processed a total of 0 messages");
        return o;
    };
    let props = properties(&p, &["property", "formatter-property"]);
    let flag = |name: &str| props.iter().any(|(k, v)| *k == name && v.eq_ignore_ascii_case("true"));
    let (print_key, print_partition, print_offset) = (flag("print.key"), flag("print.partition"), flag("print.offset"));
    let separator = props.iter().rev().find(|(k, _)| *k == "key.separator").map_or("\t", |(_, v)| v).to_string();
    let read_committed = p.value("isolation-level") == Some("read_committed")
        || properties(&p, &["consumer-property"]).iter().any(|(k, v)| *k == "isolation.level" && *v == "read_committed");
    let group = p.value("group").map(String::from);
    let committed = group.as_ref().and_then(|g| sim.group_state(g)).map(|s| s.2).unwrap_or_default();
    let group_active = group.as_ref().and_then(|g| sim.group_state(g)).is_some_and(|s| !matches!(s.0, GroupState::Empty | GroupState::Dead));

    let mut o = Output::default();
    if let Some(part) = partition {
        if part < 0 || part as usize >= pids.len() {
            o.err(format!("ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)\njava.lang.IllegalStateException: No current assignment for partition {topic}-{part}"));
            o.exit_code = 1;
            return o;
        }
    }
    let chosen: Vec<(u32, usize)> = pids.iter().enumerate()
        .filter(|(i, _)| partition.is_none_or(|x| x as usize == *i))
        .map(|(i, pidx)| (i as u32, *pidx)).collect();
    let mut count = 0u64;
    let mut positions: Vec<(u32, u64)> = Vec::new();
    'parts: for (part, pidx) in chosen {
        let records = sim.read(pidx, read_committed);
        let (earliest, latest) = {
            let v = sim.partition_view(pidx);
            v.leader.and_then(|l| v.replicas.iter().find(|r| r.broker == l)).map_or((0, 0), |r| (r.log_start, r.hw))
        };
        // Where to start: --offset, else the group's committed offset, else auto.offset.reset
        // (latest by default, earliest with --from-beginning).
        let start = match p.value("offset") {
            Some("earliest") => earliest,
            Some("latest") => latest,
            Some(x) => match x.parse::<u64>() {
                Ok(n) => n,
                Err(_) => return usage_error(&format!("The provided offset value '{x}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.")),
            },
            None => committed.iter().find(|(pi, _)| *pi == pidx).map(|(_, off)| *off)
                .unwrap_or(if p.has("from-beginning") { earliest } else { latest }),
        };
        let mut position = start;
        for (offset, rid) in records.into_iter().filter(|(off, _)| *off >= start) {
            if max.is_some_and(|m| count >= m) {
                positions.push((part, position));
                break 'parts;
            }
            let Some(r) = sim.ledger().get(rid) else { continue };
            let mut line = String::new();
            if print_partition {
                line.push_str(&format!("Partition:{part}\t"));
            }
            if print_offset {
                line.push_str(&format!("Offset:{offset}\t"));
            }
            if print_key {
                line.push_str(r.key.as_deref().unwrap_or("null"));
                line.push_str(&separator);
            }
            line.push_str(if r.tombstone { "null" } else { &r.value }); // DefaultMessageFormatter prints a null value as "null"
            o.out(line);
            count += 1;
            position = offset + 1;
        }
        positions.push((part, position.max(start)));
    }
    if let Some(g) = group {
        if group_active {
            o.err(match lang {
                Lang::En => format!("(The group '{g}' has active members: this console consumer read without joining it and committed nothing.)"),
                Lang::Ko => format!("(그룹 '{g}'에 활성 멤버가 있어, 이 console consumer는 그룹에 합류하지 않고 읽기만 했으며 offset을 commit하지 않았습니다.)"),
            });
        } else if !positions.is_empty() {
            if let Err(e) = super::commit_offsets(sim, &g, &topic, &positions) {
                o.err(format!("WARN Offset commit failed: {e} (org.apache.kafka.clients.consumer.internals.ConsumerCoordinator)"));
            }
        }
    }
    o.err(format!("Processed a total of {count} messages"));
    o
}
