//! The left-hand side of a claim: what a path like `orders-0.hw@2` or `producer.2.epoch` names,
//! how it is parsed and printed, and how its value is read from a [`Sim`].

use super::expr::{EventCounts, Value};
pub use super::group_path::{ConsumerField, GroupField};
use super::group_path::{parse_consumer, parse_group, read_consumer, read_group, CONSUMER_FIELDS, GROUP_FIELDS};
pub use super::topic_path::TopicField;
use super::topic_path::{read_broker_leaders, read_broker_replicas, read_topic, TOPIC_FIELDS};
use crate::sim::{BrokerId, EventKind, KafkaError, Sim, TopicPartition};
use std::fmt;

/// The ledger counts a claim can name (`ledger.<field>`).
pub const LEDGER_FIELDS: &[&str] = &[
    "produced", "acknowledged", "committed", "acknowledged_lost", "lost", "failed", "duplicated",
    "reordered", "truncated", "txn_aborted", "consumed", "consumed_again", "deleted", "deleted_unread",
    "compacted", "compacted_unread", "tombstones",
];

/// Broker statuses as `broker.N.status` spells them.
pub const BROKER_STATUSES: &[&str] = &["running", "crashed", "stopped", "shutting_down"];

/// A transactional producer's states (Kafka's `TransactionManager.State`) as
/// `producer.N.txn_state` spells them; a producer without a transactional.id has `none`.
pub const TXN_STATES: &[&str] = &["Initializing", "Ready", "InTransaction", "Committing", "Aborting", "Fenced"];

const PARTITION_FIELDS: &str = "leader, cached_leader@<broker>, isr, isr.size, replicas, epoch, hw, leo, log_start, lso, read_committed, read_uncommitted, hw@<broker>, leo@<broker>, log_start@<broker>";
const PRODUCER_FIELDS: &str = "last_error, errors.<ERROR>, pending, epoch, id, txn_state";

/// What a producer path names (`producer.<field>` is producer 1, `producer.N.<field>` producer N).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProducerField {
    /// The last error the producer got, or `none`.
    LastError,
    /// How many times it got this Kafka error.
    Errors(String),
    /// Records sent but not yet acknowledged or failed.
    Pending,
    /// The producer epoch (bumped when another instance of a transactional.id initialises).
    Epoch,
    /// The producer id (0 until it has one; a restart gets a new one).
    Id,
    /// The transaction state, or `none` without a transactional.id.
    TxnState,
}

/// What a path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Path {
    /// `ledger.<field>`: one of [`LEDGER_FIELDS`].
    Ledger(String),
    /// `orders-0.leader`
    Leader(TopicPartition),
    /// `orders-0.isr`
    Isr(TopicPartition),
    /// `orders-0.isr.size`
    IsrSize(TopicPartition),
    /// `orders-0.epoch` (the leader epoch)
    Epoch(TopicPartition),
    /// `orders-0.hw` (of the leader) or `orders-0.hw@2` (of broker 2's replica)
    Hw(TopicPartition, Option<BrokerId>),
    /// `orders-0.leo` or `orders-0.leo@2`
    Leo(TopicPartition, Option<BrokerId>),
    /// `orders-0.replicas`: the replica list as the controller has it, compared as a set.
    Replicas(TopicPartition),
    /// `orders-0.log_start` or `orders-0.log_start@2`: the log start offset (retention moves it).
    LogStart(TopicPartition, Option<BrokerId>),
    /// `orders-0.holes`, `.records`, `.keys`, `.tombstones`, `.cleaner_checkpoint` (optionally
    /// `@<broker>`): what compaction left in the log.
    Log(TopicPartition, super::log_path::LogField, Option<BrokerId>),
    /// `orders-0.lso`: the leader's last stable offset.
    Lso(TopicPartition),
    /// `orders-0.read_committed` / `orders-0.read_uncommitted`: how many records a consumer with
    /// that isolation level would read from the leader now.
    Readable(TopicPartition, bool),
    /// `broker.1.status`
    BrokerStatus(BrokerId),
    /// `broker.1.leaders`: how many partitions the controller has broker 1 lead.
    BrokerLeaders(BrokerId),
    /// `broker.1.replicas`: how many replicas (of every topic) broker 1 hosts.
    BrokerReplicas(BrokerId),
    /// `orders.offline`, `orders.unavailable`, ...: how many partitions of a topic match.
    Topic(String, TopicField),
    /// `producer.last_error` (`None`: written without a number, i.e. producer 1) or
    /// `producer.2.last_error`.
    Producer(Option<u32>, ProducerField),
    /// `group.billing.lag`, `group.billing.burrow.orders-0`, ...: a consumer group.
    Group(String, GroupField),
    /// `consumer.2.owns`, ...: consumer 2 (the second `add_consumer`).
    Consumer(u32, ConsumerField),
    /// `events.IsrShrink`: how many such events the run has emitted so far.
    Events(String),
    /// `controller.broker`, `zookeeper.quorum`, ... (`metadata_path.rs`).
    Cluster(super::metadata_path::ClusterField),
    /// `orders-0.cached_leader@1`: the leader in broker 1's metadata cache (what it tells clients).
    CachedLeader(TopicPartition, BrokerId),
    /// `now`: virtual time in ms.
    Now,
    /// `step.elapsed`: ms since the current step's actions began.
    StepElapsed,
}

/// The shape of the value a path yields, which decides what a claim may compare it with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Count,
    /// A broker id or `none`.
    BrokerOrNone,
    /// A number or `none` (e.g. the LSO of a partition without a leader).
    CountOrNone,
    Set,
    Status,
    ErrorOrNone,
    TxnStateOrNone,
    /// One of these names (or `none`); the text says what they are, for messages.
    Words(&'static [&'static str], &'static str),
    /// A set of partitions like `[orders-0,orders-2]`.
    PartitionSet,
}

impl Path {
    pub(crate) fn shape(&self) -> Shape {
        match self {
            Path::Leader(_) | Path::CachedLeader(..) => Shape::BrokerOrNone,
            Path::Cluster(super::metadata_path::ClusterField::ControllerBroker) => Shape::BrokerOrNone,
            Path::Cluster(super::metadata_path::ClusterField::ZkQuorum) => Shape::Words(super::metadata_path::QUORUM_WORDS, "true or false"),
            Path::Cluster(_) => Shape::CountOrNone,
            Path::Lso(_) => Shape::CountOrNone,
            Path::Isr(_) | Path::Replicas(_) => Shape::Set,
            Path::BrokerStatus(_) => Shape::Status,
            Path::Producer(_, ProducerField::LastError) => Shape::ErrorOrNone,
            Path::Producer(_, ProducerField::TxnState) => Shape::TxnStateOrNone,
            Path::Group(_, f) => f.shape(),
            Path::Consumer(_, f) => f.shape(),
            _ => Shape::Count,
        }
    }

    pub fn topic_partition(&self) -> Option<&TopicPartition> {
        match self {
            Path::Leader(tp) | Path::Isr(tp) | Path::Replicas(tp) | Path::IsrSize(tp) | Path::Epoch(tp) | Path::Hw(tp, _)
            | Path::Leo(tp, _) | Path::LogStart(tp, _) | Path::Log(tp, _, _) | Path::Lso(tp) | Path::Readable(tp, _)
            | Path::CachedLeader(tp, _) => Some(tp),
            Path::Group(_, f) => f.topic_partition(),
            _ => None,
        }
    }

    pub fn broker(&self) -> Option<BrokerId> {
        match self {
            Path::Hw(_, b) | Path::Leo(_, b) | Path::Log(_, _, b) => *b,
            Path::BrokerStatus(b) | Path::BrokerLeaders(b) | Path::BrokerReplicas(b) | Path::CachedLeader(_, b) => Some(*b),
            _ => None,
        }
    }

    /// The producer a path is about (1 when the path names none).
    pub fn producer(&self) -> Option<u32> {
        match self {
            Path::Producer(n, _) => Some(n.unwrap_or(1)),
            _ => None,
        }
    }

    /// Parses a path like `orders-0.hw@2`; the error says what paths exist.
    pub fn parse(s: &str) -> Result<Path, String> {
        let s = s.trim();
        if s == "now" {
            return Ok(Path::Now);
        }
        if s == "step.elapsed" {
            return Ok(Path::StepElapsed);
        }
        if let Some(field) = s.strip_prefix("ledger.") {
            if LEDGER_FIELDS.contains(&field) {
                return Ok(Path::Ledger(field.to_string()));
            }
            return Err(format!("unknown ledger count `{field}` (known: {})", LEDGER_FIELDS.join(", ")));
        }
        if let Some(rest) = s.strip_prefix("producer.") {
            return parse_producer(s, rest);
        }
        if let Some(rest) = s.strip_prefix("group.") {
            return parse_group(s, rest).map(|(g, f)| Path::Group(g, f));
        }
        if let Some(rest) = s.strip_prefix("consumer.") {
            return parse_consumer(s, rest).map(|(n, f)| Path::Consumer(n, f));
        }
        if let Some(name) = s.strip_prefix("events.") {
            if EventKind::NAMES.contains(&name) {
                return Ok(Path::Events(name.to_string()));
            }
            return Err(format!("unknown event kind `{name}` (known: {})", EventKind::NAMES.join(", ")));
        }
        if let Some(f) = super::metadata_path::ClusterField::parse(s)? {
            return Ok(Path::Cluster(f));
        }
        if let Some(rest) = s.strip_prefix("broker.") {
            let Some((id, field)) = rest.split_once('.') else {
                return Err(format!("expected `broker.<id>.status`, `broker.<id>.leaders` or `broker.<id>.replicas`, found `{s}`"));
            };
            let id: BrokerId = id.parse().map_err(|_| format!("expected a broker id in `{s}`, found `{id}`"))?;
            return match field {
                "status" => Ok(Path::BrokerStatus(id)),
                "leaders" => Ok(Path::BrokerLeaders(id)),
                "replicas" => Ok(Path::BrokerReplicas(id)),
                _ => Err(format!("unknown broker field `{field}` in `{s}` (known: status, leaders, replicas)")),
            };
        }
        // <topic>.<field>: the topic fields are no partition field, so the split is unambiguous.
        if let Some((topic, field)) = s.rsplit_once('.') {
            if let Some(f) = TopicField::parse(field) {
                if topic.is_empty() {
                    return Err(format!("expected a topic name before `.{field}` in `{s}`"));
                }
                return Ok(Path::Topic(topic.to_string(), f));
            }
        }
        // <topic>-<partition>.<field>
        let (tp_text, field) = if let Some(tp) = s.strip_suffix(".isr.size") {
            (tp, "isr.size")
        } else {
            s.rsplit_once('.').ok_or_else(|| unknown_path(s))?
        };
        let tp = TopicPartition::parse(tp_text).ok_or_else(|| unknown_path(s))?;
        let (field, at) = match field.split_once('@') {
            Some((f, b)) => {
                let b: BrokerId = b.parse().map_err(|_| format!("expected a broker id after `@` in `{s}`, found `{b}`"))?;
                (f, Some(b))
            }
            None => (field, None),
        };
        let path = match field {
            "leader" => Path::Leader(tp),
            "isr" => Path::Isr(tp),
            "isr.size" => Path::IsrSize(tp),
            "replicas" => Path::Replicas(tp),
            "epoch" => Path::Epoch(tp),
            "hw" => Path::Hw(tp, at),
            "leo" => Path::Leo(tp, at),
            "log_start" => Path::LogStart(tp, at),
            "lso" => Path::Lso(tp),
            "read_committed" => Path::Readable(tp, true),
            "read_uncommitted" => Path::Readable(tp, false),
            "cached_leader" => match at {
                Some(b) => return Ok(Path::CachedLeader(tp, b)),
                None => return Err(format!("`cached_leader` needs the broker whose cache it reads, e.g. `{tp}.cached_leader@1` (in `{s}`)")),
            },
            _ => match super::log_path::LogField::parse(field) {
                Some(f) => Path::Log(tp, f, at),
                None => return Err(format!("unknown partition field `{field}` in `{s}` (known: {PARTITION_FIELDS}, {})", super::log_path::LOG_FIELDS)),
            },
        };
        if at.is_some() && !matches!(path, Path::Hw(..) | Path::Leo(..) | Path::LogStart(..) | Path::Log(..)) {
            return Err(format!("`@<broker>` only goes with hw, leo, log_start and the log fields, not `{field}` (in `{s}`)"));
        }
        Ok(path)
    }
}

/// `producer.<field>` or `producer.<N>.<field>`.
fn parse_producer(s: &str, rest: &str) -> Result<Path, String> {
    let (n, field) = match rest.split_once('.') {
        Some((n, f)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
            let n: u32 = n.parse().ok().filter(|n| *n >= 1)
                .ok_or_else(|| format!("expected a producer number (1, 2, ...) in `{s}`, found `{n}`"))?;
            (Some(n), f)
        }
        _ => (None, rest),
    };
    let field = match field {
        "last_error" => ProducerField::LastError,
        "pending" => ProducerField::Pending,
        "epoch" => ProducerField::Epoch,
        "id" => ProducerField::Id,
        "txn_state" => ProducerField::TxnState,
        f => match f.strip_prefix("errors.") {
            Some(name) if KafkaError::from_name(name).is_some() => ProducerField::Errors(name.to_string()),
            Some(name) => return Err(format!("unknown Kafka error `{name}` (known: {})", error_names())),
            None => return Err(format!(
                "unknown producer path `{s}` (known: producer.<field> for producer 1 or producer.<N>.<field>, with fields {PRODUCER_FIELDS})")),
        },
    };
    Ok(Path::Producer(n, field))
}

fn unknown_path(s: &str) -> String {
    format!("unknown path `{s}` (known: ledger.<count>, <topic>-<partition>.leader|isr|isr.size|replicas|epoch|hw|leo|lso|\
             read_committed|read_uncommitted|log_start, <topic>-<partition>.hw@<broker>, broker.<id>.status|leaders|replicas, \
             <topic>.{}, step.elapsed, \
             producer[.<N>].last_error|errors.<ERROR>|pending|epoch|id|txn_state, group.<group>.<{GROUP_FIELDS}>, \
             consumer.<N>.<{CONSUMER_FIELDS}>, events.<EventKind>, now)", TOPIC_FIELDS.join("|"))
}

pub(crate) fn error_names() -> String {
    KafkaError::ALL.iter().map(|e| e.name()).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |b: &Option<BrokerId>| b.map(|b| format!("@{b}")).unwrap_or_default();
        match self {
            Path::Ledger(x) => write!(f, "ledger.{x}"),
            Path::Leader(tp) => write!(f, "{tp}.leader"),
            Path::Isr(tp) => write!(f, "{tp}.isr"),
            Path::Replicas(tp) => write!(f, "{tp}.replicas"),
            Path::IsrSize(tp) => write!(f, "{tp}.isr.size"),
            Path::Epoch(tp) => write!(f, "{tp}.epoch"),
            Path::Hw(tp, b) => write!(f, "{tp}.hw{}", at(b)),
            Path::Leo(tp, b) => write!(f, "{tp}.leo{}", at(b)),
            Path::LogStart(tp, b) => write!(f, "{tp}.log_start{}", at(b)),
            Path::Log(tp, field, b) => write!(f, "{tp}.{field}{}", at(b)),
            Path::Lso(tp) => write!(f, "{tp}.lso"),
            Path::Readable(tp, true) => write!(f, "{tp}.read_committed"),
            Path::Readable(tp, false) => write!(f, "{tp}.read_uncommitted"),
            Path::BrokerStatus(b) => write!(f, "broker.{b}.status"),
            Path::Cluster(c) => f.write_str(c.name()),
            Path::CachedLeader(tp, b) => write!(f, "{tp}.cached_leader@{b}"),
            Path::BrokerLeaders(b) => write!(f, "broker.{b}.leaders"),
            Path::BrokerReplicas(b) => write!(f, "broker.{b}.replicas"),
            Path::Topic(t, field) => write!(f, "{t}.{field}"),
            Path::Producer(n, field) => {
                f.write_str("producer.")?;
                if let Some(n) = n {
                    write!(f, "{n}.")?;
                }
                match field {
                    ProducerField::LastError => f.write_str("last_error"),
                    ProducerField::Errors(e) => write!(f, "errors.{e}"),
                    ProducerField::Pending => f.write_str("pending"),
                    ProducerField::Epoch => f.write_str("epoch"),
                    ProducerField::Id => f.write_str("id"),
                    ProducerField::TxnState => f.write_str("txn_state"),
                }
            }
            Path::Group(g, field) => write!(f, "group.{g}.{field}"),
            Path::Consumer(n, field) => write!(f, "consumer.{n}.{field}"),
            Path::Events(k) => write!(f, "events.{k}"),
            Path::Now => f.write_str("now"),
            Path::StepElapsed => f.write_str("step.elapsed"),
        }
    }
}

/// The value of a path in this simulator, with the run's event counts so far.
pub(crate) fn read(path: &Path, sim: &Sim, counts: &EventCounts) -> Value {
    let pidx = |tp: &TopicPartition| sim.topology().pidx(tp);
    let state = |tp: &TopicPartition| pidx(tp).and_then(|p| sim.controller().partitions.get(p));
    let leader_replica = |tp: &TopicPartition, b: Option<BrokerId>| {
        let p = pidx(tp)?;
        let b = match b {
            Some(b) => b,
            None => sim.controller().partitions.get(p)?.leader?,
        };
        sim.broker(b)?.replicas.get(&p)
    };
    match path {
        Path::Now => Value::Num(sim.now()),
        Path::Cluster(c) => c.read(sim),
        Path::CachedLeader(tp, b) => pidx(tp).and_then(|p| sim.broker(*b)?.metadata.get(&p)?.leader)
            .map_or(Value::None, |l| Value::Num(l as u64)),
        Path::StepElapsed => Value::Num(sim.now().saturating_sub(counts.step_started_at())),
        Path::BrokerLeaders(b) => read_broker_leaders(sim, *b),
        Path::BrokerReplicas(b) => read_broker_replicas(sim, *b),
        Path::Topic(t, field) => read_topic(sim, t, *field),
        Path::Ledger(field) => {
            let s = sim.ledger_summary();
            Value::Num(match field.as_str() {
                "produced" => s.produced,
                "acknowledged" => s.acknowledged,
                "committed" => s.committed,
                "acknowledged_lost" => s.acknowledged_lost,
                "lost" => s.lost,
                "failed" => s.failed,
                "duplicated" => s.duplicated,
                "reordered" => s.reordered,
                "truncated" => s.truncated,
                "txn_aborted" => s.txn_aborted,
                "consumed" => s.consumed,
                "consumed_again" => s.consumed_again,
                "deleted" => s.deleted,
                "deleted_unread" => s.deleted_unread,
                "compacted" => s.compacted,
                "compacted_unread" => s.compacted_unread,
                "tombstones" => s.tombstones,
                _ => return Value::None,
            })
        }
        Path::Leader(tp) => match state(tp).and_then(|p| p.leader) {
            Some(b) => Value::Num(b as u64),
            None => Value::None,
        },
        Path::Isr(tp) => {
            let mut ids: Vec<u64> = state(tp).map(|p| p.isr.iter().map(|b| *b as u64).collect()).unwrap_or_default();
            ids.sort_unstable();
            Value::Set(ids)
        }
        Path::IsrSize(tp) => Value::Num(state(tp).map_or(0, |p| p.isr.len() as u64)),
        Path::Replicas(tp) => {
            let mut ids: Vec<u64> = state(tp).map(|p| p.replicas.iter().map(|b| *b as u64).collect()).unwrap_or_default();
            ids.sort_unstable();
            Value::Set(ids)
        }
        Path::Epoch(tp) => state(tp).map_or(Value::None, |p| Value::Num(p.leader_epoch as u64)),
        Path::Hw(tp, b) => leader_replica(tp, *b).map_or(Value::None, |r| Value::Num(r.log.hw)),
        Path::Leo(tp, b) => leader_replica(tp, *b).map_or(Value::None, |r| Value::Num(r.log.leo())),
        Path::LogStart(tp, b) => leader_replica(tp, *b).map_or(Value::None, |r| Value::Num(r.log.start)),
        Path::Log(tp, field, b) => leader_replica(tp, *b).map_or(Value::None, |r| Value::Num(field.value(r))),
        Path::Lso(tp) => leader_replica(tp, None).map_or(Value::None, |r| Value::Num(r.lso())),
        Path::Readable(tp, committed) => Value::Num(pidx(tp).map_or(0, |p| sim.read(p, *committed).len() as u64)),
        Path::BrokerStatus(b) => match sim.broker(*b) {
            Some(broker) => Value::Word(status_name(broker.status).to_string()),
            None => Value::None,
        },
        Path::Producer(n, field) => {
            let Some(p) = sim.producers().iter().find(|p| p.id == n.unwrap_or(1)) else { return Value::None };
            match field {
                ProducerField::LastError => p.last_error.map_or(Value::None, |e| Value::Word(e.name().to_string())),
                ProducerField::Errors(name) => Value::Num(p.error_counts.get(name).copied().unwrap_or(0)),
                ProducerField::Pending => Value::Num(p.pending() as u64),
                ProducerField::Epoch => Value::Num(p.producer_epoch() as u64),
                ProducerField::Id => Value::Num(p.producer_id() as u64),
                ProducerField::TxnState => p.txn.as_ref().map_or(Value::None, |t| Value::Word(t.state.name().to_string())),
            }
        }
        Path::Group(g, field) => read_group(sim, g, field),
        Path::Consumer(n, field) => read_consumer(sim, *n, field),
        Path::Events(kind) => Value::Num(counts.get(kind)),
    }
}

fn status_name(s: crate::sim::broker::BrokerStatus) -> &'static str {
    use crate::sim::broker::BrokerStatus::*;
    match s {
        Running => "running",
        Crashed => "crashed",
        Stopped => "stopped",
        ShuttingDown => "shutting_down",
    }
}

