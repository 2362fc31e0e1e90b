//! A step's `do` entries: author-friendly strings such as `produce orders-0 count=3` or
//! `add_partitions orders 6`, parsed into [`Command`]s against the [`Scene`] as the earlier
//! actions leave it, so a bad name or value is caught with its line before anything runs.

use super::expr::{check_broker, check_tp, Assertion};
use super::group_commands;
pub(crate) use super::scene::Scene;
use super::Command;
use crate::sim::action::MAX_PRODUCE_COUNT;
use crate::sim::{Action, BrokerId, ClusterConfig, MsgKind, NodeId, TopicPartition};

/// Longest `run` / `wait_until` a lesson may ask for (one virtual day).
pub const MAX_DURATION_MS: u64 = 24 * 60 * 60 * 1000;
/// `wait_until` gives up after this long unless the claim says `within <duration>`.
pub const DEFAULT_WAIT_MS: u64 = 60_000;
/// Most simulator steps one `step N` may take (and all of a lesson's `step`s together).
pub const MAX_STEPS: u32 = 100_000;
/// Most virtual time a whole lesson may ask for: its `run`s and `wait_until` limits added up.
pub const MAX_LESSON_MS: u64 = MAX_DURATION_MS;
/// Most simulator work a whole lesson may ask for: virtual hours × partitions (a day on 3
/// partitions with a consumer group's 50 is ~1,300; lesson 15, 350 partitions for 4 minutes, ~25).
pub const MAX_LESSON_PARTITION_HOURS: u64 = 2_000;

pub const COMMANDS: &str = "produce, crash (or kill), stop, restart, isolate, heal, stall_replication, drop_next, delay_next, change_addresses, zk_stop, zk_start, set, \
    add_partitions, elect_preferred, reassign, restart_producer, add_producer, begin_txn, commit_txn, abort_txn, add_consumer, add_share_consumer, crash_consumer, \
    stop_consumer, restart_consumer, stall_consumer, slow_consumer, term, run, wait_until, step";

const TXN_NEEDED: &str = "Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property";

/// Most actions one `repeat` may expand to.
pub const MAX_REPEATED: usize = 2_000;

/// Parses one `do` entry into its actions (one, or many for `repeat N: a; b`), each with the text
/// it was parsed from, and updates `scene` with what they set up.
pub(crate) fn parse_actions(text: &str, scene: &mut Scene) -> Result<Vec<(String, Command)>, String> {
    const USAGE: &str = "expected `repeat <times>: <action>; <action> ...`, e.g. `repeat 5: produce orders-0 count=2; run 1s`";
    let Some(rest) = text.trim().strip_prefix("repeat ") else {
        return Ok(vec![(text.trim().to_string(), parse_command(text, scene)?)]);
    };
    let (times, body) = rest.split_once(':').ok_or(USAGE)?;
    let times: usize = times.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(|| format!("expected a number of times (1 or more), found `{}`; {USAGE}", times.trim()))?;
    let body: Vec<&str> = body.split(';').map(str::trim).filter(|b| !b.is_empty()).collect();
    if body.is_empty() {
        return Err(USAGE.into());
    }
    if times.saturating_mul(body.len()) > MAX_REPEATED {
        return Err(format!("`repeat` may expand to at most {MAX_REPEATED} actions, not {times} × {}", body.len()));
    }
    let mut out = Vec::new();
    for i in 1..=times {
        for b in &body {
            if b.starts_with("repeat ") {
                return Err("a `repeat` cannot contain another `repeat`".into());
            }
            let cmd = parse_command(b, scene).map_err(|e| format!("in `{b}`: {e}"))?;
            out.push((format!("{b} (repeat {i}/{times})"), cmd));
        }
    }
    Ok(out)
}

/// Parses one `do` entry and updates `scene` with what it sets up.
pub(crate) fn parse_command(text: &str, scene: &mut Scene) -> Result<Command, String> {
    let text = text.trim();
    let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let rest = rest.trim();
    let args: Vec<&str> = rest.split_whitespace().collect();
    let cluster = &scene.cluster;
    match word {
        "produce" => parse_produce(&args, scene),
        "crash" | "kill" => Ok(Command::Apply(Action::CrashBroker { broker: broker_arg(&args, cluster)? })),
        "stop" => Ok(Command::Apply(Action::StopBroker { broker: broker_arg(&args, cluster)? })),
        "restart" | "start" => Ok(Command::Apply(Action::RestartBroker { broker: broker_arg(&args, cluster)? })),
        "isolate" => Ok(Command::Apply(Action::Isolate { node: node_arg(&args.join(" "), scene)? })),
        "heal" => Ok(Command::Apply(Action::Heal { node: node_arg(&args.join(" "), scene)? })),
        "drop_next" => {
            let Some((kind, opts)) = args.split_first() else {
                return Err(format!("expected `drop_next <Message> [from=<node>] [to=<node>]` (messages: {})", msg_names()));
            };
            let kind = MsgKind::parse(kind).ok_or_else(|| format!("unknown message kind `{kind}` (known: {})", msg_names()))?;
            let (from, to) = from_to(opts, scene)?;
            Ok(Command::Apply(Action::DropNext { kind, from, to }))
        }
        "delay_next" => {
            let usage = "expected `delay_next <Message> <duration> [from=<node>] [to=<node>]`";
            let [kind, ms, opts @ ..] = args.as_slice() else { return Err(format!("{usage} (messages: {})", msg_names())) };
            let kind = MsgKind::parse(kind).ok_or_else(|| format!("unknown message kind `{kind}` (known: {})", msg_names()))?;
            let ms = duration(ms)?;
            let (from, to) = from_to(opts, scene)?;
            Ok(Command::Apply(Action::DelayNext { kind, from, to, ms }))
        }
        "change_addresses" => {
            let brokers = match args.as_slice() {
                [] => Vec::new(),
                [list] => list.split(',').map(|b| {
                    let id: BrokerId = b.trim().parse().map_err(|_| format!("expected broker ids like `1,2`, found `{b}`"))?;
                    check_broker(cluster, id).map(|_| id)
                }).collect::<Result<Vec<_>, String>>()?,
                _ => return Err("expected `change_addresses [1,2,...]` (no list: every broker)".into()),
            };
            Ok(Command::Apply(Action::ChangeAddresses { brokers }))
        }
        "zk_stop" | "zk_start" => {
            let server = args.first().and_then(|a| a.parse::<u8>().ok())
                .ok_or_else(|| format!("expected `{word} <server number>`"))?;
            Ok(Command::Apply(if word == "zk_stop" { Action::StopZooKeeper { server } } else { Action::StartZooKeeper { server } }))
        }
        "set" => {
            let (key, value) = match rest.split_once('=') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => match args.as_slice() {
                    [k, v] => (*k, *v),
                    _ => return Err("expected `set <kafka.config.name>=<value>`, e.g. `set acks=all`".into()),
                },
            };
            if key.is_empty() || value.is_empty() {
                return Err("expected `set <kafka.config.name>=<value>`, e.g. `set acks=all`".into());
            }
            let mut next = scene.cluster.clone();
            next.set(key, value).map_err(|e| e.message)?;
            next.validate().map_err(|e| e.message)?;
            scene.cluster = next;
            scene.sync_internal_topics();
            Ok(Command::Apply(Action::SetConfig { key: key.to_string(), value: value.to_string() }))
        }
        "add_partitions" => parse_add_partitions(&args, scene),
        // kafka-leader-election.sh --election-type PREFERRED: every partition, or one topic's.
        "elect_preferred" => match args.as_slice() {
            [] => Ok(Command::Apply(Action::ElectPreferredLeaders { topic: None, partition: None })),
            [t] if scene.cluster.topics.iter().any(|x| x.name == *t) => {
                Ok(Command::Apply(Action::ElectPreferredLeaders { topic: Some(t.to_string()), partition: None }))
            }
            [t] => Err(format!("unknown topic `{t}` (topics: {})", topic_names(&scene.cluster))),
            _ => Err("expected `elect_preferred [topic]`".into()),
        },
        "add_consumer" | "add_share_consumer" | "crash_consumer" | "stop_consumer" | "restart_consumer" | "stall_consumer" | "slow_consumer" | "stall_replication" => {
            group_commands::parse(word, &args, scene)
        }
        "restart_producer" => Ok(Command::Apply(Action::RestartProducer { producer: producer_opt(&args, scene, "restart_producer")? })),
        "add_producer" => {
            let transactional_id = match args.as_slice() {
                [] => None,
                [o] => match o.split_once('=') {
                    Some(("transactional.id", id)) if !id.is_empty() => Some(id.to_string()),
                    _ => return Err(format!("unknown option `{o}`; expected `add_producer [transactional.id=<id>]`")),
                },
                _ => return Err("expected `add_producer [transactional.id=<id>]`".into()),
            };
            let mut cfg = scene.cluster.producer.clone();
            cfg.transactional_id = transactional_id.clone();
            cfg.validate().map_err(|e| e.message)?;
            scene.extra_producers.push(transactional_id.is_some());
            scene.sync_internal_topics();
            Ok(Command::Apply(Action::AddProducer { transactional_id }))
        }
        "begin_txn" | "commit_txn" | "abort_txn" => {
            let producer = producer_opt(&args, scene, word)?;
            if !scene.transactional(producer.unwrap_or(1)) {
                return Err(format!("producer {}: {TXN_NEEDED}", producer.unwrap_or(1)));
            }
            Ok(Command::Apply(match word {
                "begin_txn" => Action::BeginTransaction { producer },
                "commit_txn" => Action::CommitTransaction { producer },
                _ => Action::AbortTransaction { producer },
            }))
        }
        // kafka-reassign-partitions.sh --execute for one partition: `reassign orders-0 4,5,6`.
        "reassign" => {
            let usage = "expected `reassign <topic>-<partition> <broker>,<broker>,...`, e.g. `reassign orders-0 4,5,6`";
            let [target, list] = args.as_slice() else { return Err(usage.into()) };
            let tp = crate::sim::TopicPartition::parse(target).ok_or(usage)?;
            let Some(t) = scene.cluster.topics.iter().find(|t| t.name == tp.topic) else {
                return Err(format!("unknown topic `{}` (topics: {})", tp.topic, topic_names(&scene.cluster)));
            };
            if tp.partition >= t.partitions {
                return Err(format!("{target} does not exist: {} has partitions 0 to {}", tp.topic, t.partitions - 1));
            }
            let mut replicas = Vec::new();
            for b in list.split(',') {
                let id: u32 = b.trim().parse().map_err(|_| format!("expected broker ids like 4,5,6, found `{b}`; {usage}"))?;
                if !scene.cluster.brokers.iter().any(|x| x.id == id) {
                    return Err(format!("unknown broker {id} in `{list}`"));
                }
                replicas.push(id);
            }
            Ok(Command::Apply(Action::ReassignPartition { topic: tp.topic, partition: tp.partition, replicas }))
        }
        // A Kafka CLI line for the terminal engine; its tool must be one the terminal knows.
        "term" => {
            let tool = args.first().copied().unwrap_or("");
            let base = tool.rsplit('/').next().unwrap_or(tool);
            let known = crate::terminal::COMMANDS.iter().any(|c| *c == base || c.strip_suffix(".sh") == Some(base));
            if !known || !base.starts_with("kafka-") {
                return Err(format!("expected `term <kafka tool> <flags>` with one of: {}; found `{tool}`",
                    crate::terminal::COMMANDS.iter().filter(|c| c.starts_with("kafka-")).copied().collect::<Vec<_>>().join(", ")));
            }
            if base.starts_with("kafka-console-producer") {
                return Err("`term kafka-console-producer.sh` reads records interactively; use `produce` in a lesson".into());
            }
            Ok(Command::Term(rest.to_string()))
        }
        "run" => match args.as_slice() {
            [d] => Ok(Command::Run(duration(d)?)),
            _ => Err("expected `run <duration>`, e.g. `run 500ms` or `run 30s`".into()),
        },
        "wait_until" => {
            let (claim_text, max_ms) = match rest.rsplit_once(" within ") {
                Some((c, d)) => (c, duration(d.trim())?),
                None => (rest, DEFAULT_WAIT_MS),
            };
            if claim_text.trim().is_empty() {
                return Err("expected `wait_until <path> <op> <value> [within <duration>]`".into());
            }
            let claim = Assertion::parse(claim_text)?;
            validate_claim(&claim, scene)?;
            Ok(Command::WaitUntil { claim, max_ms })
        }
        "step" => match args.as_slice() {
            [] => Ok(Command::Step(1)),
            [n] => match n.parse::<u32>() {
                Ok(n) if (1..=MAX_STEPS).contains(&n) => Ok(Command::Step(n)),
                _ => Err(format!("expected `step <count>` with a count from 1 to {MAX_STEPS}, found `{n}`")),
            },
            _ => Err("expected `step <count>`".into()),
        },
        "" => Err(format!("expected an action ({COMMANDS})")),
        other => Err(format!("unknown action `{other}` (known: {COMMANDS})")),
    }
}

/// Checks a claim's names (topic, partition, brokers, producer, group, consumer) against the scene.
pub(crate) fn validate_claim(claim: &Assertion, scene: &Scene) -> Result<(), String> {
    scene.validate_claim(claim)
}

fn parse_produce(args: &[&str], scene: &Scene) -> Result<Command, String> {
    const USAGE: &str = "expected `produce <topic> [count=N] [key=K] [value=V] [partition=P] [producer=N] [tombstone]` or `produce <topic>-<partition> ...`";
    let cluster = &scene.cluster;
    let Some((target, opts)) = args.split_first() else { return Err(USAGE.into()) };
    let (topic, mut partition) = if cluster.topics.iter().any(|t| t.name == *target) {
        (target.to_string(), None)
    } else {
        match TopicPartition::parse(target) {
            Some(tp) if cluster.topics.iter().any(|t| t.name == tp.topic) => {
                check_tp(cluster, &tp)?;
                (tp.topic, Some(tp.partition))
            }
            _ => return Err(format!("unknown topic `{target}` (topics: {})", topic_names(cluster))),
        }
    };
    let (mut count, mut key, mut value, mut producer, mut tombstone) = (1u32, None, None, None, false);
    for o in opts {
        if *o == "tombstone" {
            tombstone = true;
            continue;
        }
        match o.split_once('=') {
            Some(("count", n)) => {
                count = n.parse().ok().filter(|c| (1..=MAX_PRODUCE_COUNT).contains(c))
                    .ok_or_else(|| format!("expected count to be 1 to {MAX_PRODUCE_COUNT}, found `{n}`"))?;
            }
            Some(("key", k)) => key = Some(k.to_string()),
            Some(("value", v)) => value = Some(v.to_string()),
            Some(("producer", p)) => producer = Some(producer_number(p, scene)?),
            Some(("partition", p)) => {
                let p: u32 = p.parse().map_err(|_| format!("expected a partition number, found `{p}`"))?;
                check_tp(cluster, &TopicPartition::new(&topic, p))?;
                partition = Some(p);
            }
            _ => return Err(format!("unknown option `{o}`; {USAGE}")),
        }
    }
    if tombstone {
        // A tombstone is one record with a key and a null value.
        let Some(key) = key.filter(|_| count == 1 && value.is_none()) else {
            return Err("`produce ... tombstone` needs key=K, and takes no value= or count= (a tombstone is one keyed record with a null value)".into());
        };
        return Ok(Command::Apply(Action::Tombstone { topic, key, partition, producer }));
    }
    Ok(Command::Apply(Action::Produce { topic, key, value, count, partition, producer }))
}

/// `add_partitions <topic> <total>`: like `kafka-topics.sh --alter --partitions <total>`.
fn parse_add_partitions(args: &[&str], scene: &mut Scene) -> Result<Command, String> {
    const USAGE: &str = "expected `add_partitions <topic> <total partitions>`, e.g. `add_partitions orders 6`";
    let [topic, total] = args else { return Err(USAGE.into()) };
    let total = total.strip_prefix("partitions=").unwrap_or(total);
    let total: u32 = total.parse().map_err(|_| format!("expected a partition count, found `{total}`; {USAGE}"))?;
    let cluster = &mut scene.cluster;
    let Some(t) = cluster.topics.iter_mut().find(|t| t.name == *topic) else {
        return Err(format!("unknown topic `{topic}` (topics: {})", topic_names(cluster)));
    };
    if total <= t.partitions {
        // InvalidPartitionsException, as kafka-topics.sh prints it.
        return Err(format!("The number of partitions for a topic can only be increased. Topic {topic} currently has {} partitions, {total} would not be an increase.", t.partitions));
    }
    let before = t.partitions;
    t.partitions = total;
    // New partitions are placed by the simulator; an explicit assignment only covers the old ones.
    let explicit = t.assignment.take();
    let result = cluster.validate().map_err(|e| e.message);
    let t = cluster.topics.iter_mut().find(|t| t.name == *topic).expect("topic");
    if let Err(e) = result {
        t.partitions = before;
        t.assignment = explicit;
        return Err(e);
    }
    t.assignment = explicit;
    Ok(Command::Apply(Action::AddPartitions { topic: topic.to_string(), partitions: total }))
}

fn topic_names(cluster: &ClusterConfig) -> String {
    let names: Vec<&str> = cluster.topics.iter().map(|t| t.name.as_str()).collect();
    if names.is_empty() { "none".into() } else { names.join(", ") }
}

/// `[producer=N]` (or a bare `N`) for the producer actions.
fn producer_opt(args: &[&str], scene: &Scene, what: &str) -> Result<Option<u32>, String> {
    match args {
        [] => Ok(None),
        [o] => {
            let n = o.strip_prefix("producer=").unwrap_or(o);
            producer_number(n, scene).map(Some).map_err(|e| format!("{e}; expected `{what} [producer=<N>]`"))
        }
        _ => Err(format!("expected `{what} [producer=<N>]`")),
    }
}

fn producer_number(s: &str, scene: &Scene) -> Result<u32, String> {
    let n: u32 = s.parse().map_err(|_| format!("expected a producer number, found `{s}`"))?;
    scene.check_producer(n)?;
    Ok(n)
}

/// `1` or `broker 1`.
pub(crate) fn broker_arg(args: &[&str], cluster: &ClusterConfig) -> Result<BrokerId, String> {
    let id = match args {
        [id] | ["broker", id] => *id,
        _ => return Err("expected a broker id, e.g. `crash 1`".into()),
    };
    let id: BrokerId = id.parse().map_err(|_| format!("expected a broker id, found `{id}`"))?;
    check_broker(cluster, id)?;
    Ok(id)
}

/// `1`, `broker 1`, `controller`, `producer` (producer 1) or `producer 2`.
fn node_arg(s: &str, scene: &Scene) -> Result<NodeId, String> {
    let s = s.trim();
    if s == "controller" {
        return Ok(NodeId::Controller);
    }
    if s == "zookeeper" {
        return Ok(NodeId::ZooKeeper);
    }
    if let Some(n) = s.strip_prefix("producer") {
        let n = n.trim();
        let n = if n.is_empty() { 1 } else { producer_number(n, scene)? };
        return Ok(NodeId::Producer(n));
    }
    let id = s.strip_prefix("broker").map(str::trim).unwrap_or(s);
    let id: BrokerId = id.parse().map_err(|_| format!("expected a node (a broker id, `controller` or `producer`), found `{s}`"))?;
    check_broker(&scene.cluster, id)?;
    Ok(NodeId::Broker(id))
}

/// `from=<node>` / `to=<node>` options.
fn from_to(opts: &[&str], scene: &Scene) -> Result<(Option<NodeId>, Option<NodeId>), String> {
    let (mut from, mut to) = (None, None);
    for o in opts {
        match o.split_once('=') {
            Some(("from", n)) => from = Some(node_arg(n, scene)?),
            Some(("to", n)) => to = Some(node_arg(n, scene)?),
            _ => return Err(format!("unknown option `{o}` (expected from=<node> or to=<node>)")),
        }
    }
    Ok((from, to))
}

fn msg_names() -> String {
    MsgKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
}

/// `250ms`, `30s`, `2m` or a bare number of ms.
pub(crate) fn duration(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1_000)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000)
    } else {
        (s, 1)
    };
    let n: u64 = num.trim().parse().map_err(|_| format!("expected a duration like 500ms, 30s or 2m, found `{s}`"))?;
    let ms = n.checked_mul(mult).filter(|ms| *ms <= MAX_DURATION_MS)
        .ok_or_else(|| format!("duration `{s}` is longer than this playground simulates (at most 24h)"))?;
    Ok(ms)
}

#[cfg(test)]
#[path = "commands_tests.rs"]
mod tests;
