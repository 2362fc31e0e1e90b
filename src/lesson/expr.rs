//! Assertions: small strings `<path> <op> <value>` that lessons claim about the simulation,
//! e.g. `ledger.acknowledged_lost == 3`, `orders-0.isr == [2,3]`, `broker.1.status == crashed`.
//!
//! The same parser and evaluator serve `expect`, `predict.check` and `wait_until` in lesson
//! files, the CLI and the UI, so a claim means one thing everywhere.
//!
//! Parsing happens in two stages: [`Assertion::parse`] checks the syntax (known path, known
//! operator, a value of the right shape); [`Assertion::validate`] checks the names against a
//! cluster (the topic and partition exist, the broker ids exist). Evaluation reads a [`Sim`] and
//! the [`EventCounts`] of the run so far.

use crate::sim::{BrokerId, ClusterConfig, Event, EventKind, KafkaError, Sim, TopicPartition};
use std::collections::BTreeMap;
use std::fmt;

/// Names of the simulator's event kinds, as `events.<Name>` paths spell them.
/// (A unit test in `run.rs` checks that every event a lesson run emits is listed here.)
pub const EVENT_KINDS: &[&str] = &[
    "Sent", "Delivered", "Dropped", "Appended", "DuplicateBatch", "HighWatermark", "IsrShrink",
    "IsrExpand", "LeaderElected", "PartitionOffline", "BecameLeader", "Truncated", "BrokerCrashed",
    "BrokerShutdownRequested", "BrokerStopped", "BrokerRestarted", "BrokerFenced", "BrokerUnfenced",
    "NodeIsolated", "NodeHealed", "RecordsSent", "Acknowledged", "ProduceError", "DeliveryFailed",
    "RecordsLost", "ConfigChanged", "DropArmed", "ProducerFencedByCoordinator", "TxnStateChanged",
    "MarkerWritten", "TxnEnded", "ProducerFenced",
];

/// The ledger counts a claim can name (`ledger.<field>`).
pub const LEDGER_FIELDS: &[&str] = &[
    "produced", "acknowledged", "committed", "acknowledged_lost", "lost", "failed", "duplicated", "truncated",
];

/// Broker statuses as `broker.N.status` spells them.
pub const BROKER_STATUSES: &[&str] = &["running", "crashed", "stopped", "shutting_down"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
}

impl Op {
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">=" => Op::Ge,
            "<=" => Op::Le,
            ">" => Op::Gt,
            "<" => Op::Lt,
            _ => return None,
        })
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
        }
    }
    fn is_equality(self) -> bool {
        matches!(self, Op::Eq | Op::Ne)
    }
}

/// A value on either side of a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Num(u64),
    /// `none`: no leader, no error, no replica on that broker.
    None,
    /// A set of broker ids, written `[2,3]`; order does not matter.
    Set(Vec<u64>),
    /// A name: a broker status or a Kafka error name.
    Word(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Num(n) => write!(f, "{n}"),
            Value::None => f.write_str("none"),
            Value::Set(v) => {
                let s: Vec<String> = v.iter().map(|b| b.to_string()).collect();
                write!(f, "[{}]", s.join(","))
            }
            Value::Word(w) => f.write_str(w),
        }
    }
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
    /// `broker.1.status`
    BrokerStatus(BrokerId),
    /// `producer.last_error`
    ProducerLastError,
    /// `producer.errors.NOT_ENOUGH_REPLICAS`
    ProducerErrors(String),
    /// `producer.pending`: records the producer has not heard back about yet.
    ProducerPending,
    /// `events.IsrShrink`: how many such events the run has emitted so far.
    Events(String),
    /// `now`: virtual time in ms.
    Now,
}

/// The shape of the value a path yields, which decides what a claim may compare it with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Count,
    /// A broker id or `none`.
    BrokerOrNone,
    Set,
    Status,
    ErrorOrNone,
}

impl Path {
    fn shape(&self) -> Shape {
        match self {
            Path::Leader(_) => Shape::BrokerOrNone,
            Path::Isr(_) => Shape::Set,
            Path::BrokerStatus(_) => Shape::Status,
            Path::ProducerLastError => Shape::ErrorOrNone,
            _ => Shape::Count,
        }
    }

    fn topic_partition(&self) -> Option<&TopicPartition> {
        match self {
            Path::Leader(tp) | Path::Isr(tp) | Path::IsrSize(tp) | Path::Epoch(tp) | Path::Hw(tp, _) | Path::Leo(tp, _) => Some(tp),
            _ => None,
        }
    }

    fn broker(&self) -> Option<BrokerId> {
        match self {
            Path::Hw(_, b) | Path::Leo(_, b) => *b,
            Path::BrokerStatus(b) => Some(*b),
            _ => None,
        }
    }

    /// Parses a path like `orders-0.hw@2`; the error says what paths exist.
    pub fn parse(s: &str) -> Result<Path, String> {
        let s = s.trim();
        if s == "now" {
            return Ok(Path::Now);
        }
        if let Some(field) = s.strip_prefix("ledger.") {
            if LEDGER_FIELDS.contains(&field) {
                return Ok(Path::Ledger(field.to_string()));
            }
            return Err(format!("unknown ledger count `{field}` (known: {})", LEDGER_FIELDS.join(", ")));
        }
        if let Some(rest) = s.strip_prefix("producer.") {
            if rest == "last_error" {
                return Ok(Path::ProducerLastError);
            }
            if rest == "pending" {
                return Ok(Path::ProducerPending);
            }
            if let Some(name) = rest.strip_prefix("errors.") {
                if KafkaError::from_name(name).is_some() {
                    return Ok(Path::ProducerErrors(name.to_string()));
                }
                return Err(format!("unknown Kafka error `{name}` (known: {})", error_names()));
            }
            return Err(format!("unknown producer path `{s}` (known: producer.last_error, producer.errors.<ERROR>, producer.pending)"));
        }
        if let Some(name) = s.strip_prefix("events.") {
            if EVENT_KINDS.contains(&name) {
                return Ok(Path::Events(name.to_string()));
            }
            return Err(format!("unknown event kind `{name}` (known: {})", EVENT_KINDS.join(", ")));
        }
        if let Some(rest) = s.strip_prefix("broker.") {
            let Some((id, field)) = rest.split_once('.') else {
                return Err(format!("expected `broker.<id>.status`, found `{s}`"));
            };
            let id: BrokerId = id.parse().map_err(|_| format!("expected a broker id in `{s}`, found `{id}`"))?;
            if field != "status" {
                return Err(format!("unknown broker field `{field}` in `{s}` (known: status)"));
            }
            return Ok(Path::BrokerStatus(id));
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
            "epoch" => Path::Epoch(tp),
            "hw" => Path::Hw(tp, at),
            "leo" => Path::Leo(tp, at),
            _ => return Err(format!("unknown partition field `{field}` in `{s}` (known: leader, isr, isr.size, epoch, hw, leo, hw@<broker>, leo@<broker>)")),
        };
        if at.is_some() && !matches!(path, Path::Hw(..) | Path::Leo(..)) {
            return Err(format!("`@<broker>` only goes with hw and leo, not `{field}` (in `{s}`)"));
        }
        Ok(path)
    }
}

fn unknown_path(s: &str) -> String {
    format!("unknown path `{s}` (known: ledger.<count>, <topic>-<partition>.leader|isr|isr.size|epoch|hw|leo, \
             <topic>-<partition>.hw@<broker>, broker.<id>.status, producer.last_error, producer.errors.<ERROR>, \
             producer.pending, events.<EventKind>, now)")
}

fn error_names() -> String {
    KafkaError::ALL.iter().map(|e| e.name()).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |b: &Option<BrokerId>| b.map(|b| format!("@{b}")).unwrap_or_default();
        match self {
            Path::Ledger(x) => write!(f, "ledger.{x}"),
            Path::Leader(tp) => write!(f, "{tp}.leader"),
            Path::Isr(tp) => write!(f, "{tp}.isr"),
            Path::IsrSize(tp) => write!(f, "{tp}.isr.size"),
            Path::Epoch(tp) => write!(f, "{tp}.epoch"),
            Path::Hw(tp, b) => write!(f, "{tp}.hw{}", at(b)),
            Path::Leo(tp, b) => write!(f, "{tp}.leo{}", at(b)),
            Path::BrokerStatus(b) => write!(f, "broker.{b}.status"),
            Path::ProducerLastError => f.write_str("producer.last_error"),
            Path::ProducerErrors(e) => write!(f, "producer.errors.{e}"),
            Path::ProducerPending => f.write_str("producer.pending"),
            Path::Events(k) => write!(f, "events.{k}"),
            Path::Now => f.write_str("now"),
        }
    }
}

/// One claim: `<path> <op> <value>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assertion {
    pub path: Path,
    pub op: Op,
    pub value: Value,
}

/// The result of evaluating a claim: whether it holds, and what the path really was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub holds: bool,
    pub actual: Value,
}

impl fmt::Display for Assertion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.path, self.op.symbol(), self.value)
    }
}

impl Assertion {
    /// Parses `<path> <op> <value>` (spaces around the operator are optional).
    pub fn parse(text: &str) -> Result<Assertion, String> {
        let text = text.trim();
        // The path is made of letters, digits and `.-_@`; the operator follows it.
        let op_start = text.find(|c: char| !(c.is_alphanumeric() || ".-_@".contains(c))).unwrap_or(text.len());
        let path_text = text[..op_start].trim();
        let rest = text[op_start..].trim_start();
        let op_len = rest.find(|c: char| c.is_whitespace() || c.is_alphanumeric() || c == '[').unwrap_or(rest.len());
        let op_text = &rest[..op_len];
        let value_text = rest[op_len..].trim();
        if op_text.is_empty() {
            return Err(format!("expected `<path> <op> <value>` with op one of == != >= <= > <, found `{text}`"));
        }
        if path_text.is_empty() {
            return Err(format!("expected a path before `{op_text}` in `{text}`"));
        }
        let op = Op::parse(op_text)
            .ok_or_else(|| format!("unknown operator `{op_text}` in `{text}` (use one of == != >= <= > <)"))?;
        if value_text.is_empty() {
            return Err(format!("expected a value after `{op_text}` in `{text}`"));
        }
        let path = Path::parse(path_text)?;
        let value = parse_value(path.shape(), value_text).map_err(|e| format!("{e} (in `{text}`)"))?;
        let shape = path.shape();
        if shape != Shape::Count && !op.is_equality() {
            return Err(format!("`{path}` can only be compared with == or !=, not `{}` (in `{text}`)", op.symbol()));
        }
        Ok(Assertion { path, op, value })
    }

    /// Checks the names in the claim against a cluster: the topic, the partition, the brokers.
    pub fn validate(&self, cluster: &ClusterConfig) -> Result<(), String> {
        if let Some(tp) = self.path.topic_partition() {
            check_tp(cluster, tp)?;
        }
        if let Some(b) = self.path.broker() {
            check_broker(cluster, b)?;
        }
        if let (Path::Leader(_), Value::Num(b)) = (&self.path, &self.value) {
            check_broker(cluster, *b as BrokerId)?;
        }
        if let Value::Set(ids) = &self.value {
            for b in ids {
                check_broker(cluster, *b as BrokerId)?;
            }
        }
        Ok(())
    }

    /// The current value of the path.
    pub fn actual(&self, sim: &Sim, counts: &EventCounts) -> Value {
        read(&self.path, sim, counts)
    }

    pub fn eval(&self, sim: &Sim, counts: &EventCounts) -> Outcome {
        let actual = self.actual(sim, counts);
        Outcome { holds: compare(&actual, self.op, &self.value), actual }
    }
}

pub fn check_tp(cluster: &ClusterConfig, tp: &TopicPartition) -> Result<(), String> {
    let Some(t) = cluster.topics.iter().find(|t| t.name == tp.topic) else {
        let names: Vec<&str> = cluster.topics.iter().map(|t| t.name.as_str()).collect();
        return Err(format!("unknown topic `{}` (topics: {})", tp.topic, if names.is_empty() { "none".into() } else { names.join(", ") }));
    };
    if tp.partition >= t.partitions {
        return Err(format!("topic `{}` has partitions 0..{}, not {}", t.name, t.partitions - 1, tp.partition));
    }
    Ok(())
}

pub fn check_broker(cluster: &ClusterConfig, id: BrokerId) -> Result<(), String> {
    if cluster.brokers.iter().any(|b| b.id == id) {
        Ok(())
    } else {
        let ids: Vec<String> = cluster.brokers.iter().map(|b| b.id.to_string()).collect();
        Err(format!("unknown broker {id} (brokers: {})", ids.join(", ")))
    }
}

fn parse_value(shape: Shape, s: &str) -> Result<Value, String> {
    let s = s.trim();
    match shape {
        Shape::Count => s.parse::<u64>().map(Value::Num).map_err(|_| format!("expected a whole number, found `{s}`")),
        Shape::BrokerOrNone => {
            if s == "none" {
                Ok(Value::None)
            } else {
                s.parse::<u64>().map(Value::Num).map_err(|_| format!("expected a broker id or `none`, found `{s}`"))
            }
        }
        Shape::Set => {
            let inner = s.strip_prefix('[').and_then(|x| x.strip_suffix(']'))
                .ok_or_else(|| format!("expected a list of broker ids like [2,3], found `{s}`"))?;
            let mut ids = Vec::new();
            for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                ids.push(part.parse::<u64>().map_err(|_| format!("expected a broker id in the list, found `{part}`"))?);
            }
            ids.sort_unstable();
            ids.dedup();
            Ok(Value::Set(ids))
        }
        Shape::Status => {
            if BROKER_STATUSES.contains(&s) {
                Ok(Value::Word(s.to_string()))
            } else {
                Err(format!("expected a broker status ({}), found `{s}`", BROKER_STATUSES.join(", ")))
            }
        }
        Shape::ErrorOrNone => {
            if s == "none" {
                Ok(Value::None)
            } else if KafkaError::from_name(s).is_some() {
                Ok(Value::Word(s.to_string()))
            } else {
                Err(format!("expected a Kafka error name or `none`, found `{s}` (known: {})", error_names()))
            }
        }
    }
}

/// Type mismatches never hold, except that `!=` holds for them (e.g. `leader != 1` when there is none).
fn compare(actual: &Value, op: Op, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Num(a), Value::Num(e)) => match op {
            Op::Eq => a == e,
            Op::Ne => a != e,
            Op::Ge => a >= e,
            Op::Le => a <= e,
            Op::Gt => a > e,
            Op::Lt => a < e,
        },
        (a, e) => match op {
            Op::Eq => a == e,
            Op::Ne => a != e,
            _ => false,
        },
    }
}

fn read(path: &Path, sim: &Sim, counts: &EventCounts) -> Value {
    let pidx = |tp: &TopicPartition| sim.topology().pidx(tp);
    let state = |tp: &TopicPartition| pidx(tp).and_then(|p| sim.controller().partitions.get(p));
    let replica_log = |tp: &TopicPartition, b: Option<BrokerId>| {
        let p = pidx(tp)?;
        let b = match b {
            Some(b) => b,
            None => sim.controller().partitions.get(p)?.leader?,
        };
        sim.broker(b)?.replicas.get(&p).map(|r| &r.log)
    };
    match path {
        Path::Now => Value::Num(sim.now()),
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
                "truncated" => s.truncated,
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
        Path::Epoch(tp) => state(tp).map_or(Value::None, |p| Value::Num(p.leader_epoch as u64)),
        Path::Hw(tp, b) => replica_log(tp, *b).map_or(Value::None, |l| Value::Num(l.hw)),
        Path::Leo(tp, b) => replica_log(tp, *b).map_or(Value::None, |l| Value::Num(l.leo())),
        Path::BrokerStatus(b) => match sim.broker(*b) {
            Some(broker) => Value::Word(status_name(broker.status).to_string()),
            None => Value::None,
        },
        Path::ProducerLastError => match sim.producer().last_error {
            Some(e) => Value::Word(e.name().to_string()),
            None => Value::None,
        },
        Path::ProducerErrors(name) => Value::Num(sim.producer().error_counts.get(name).copied().unwrap_or(0)),
        Path::ProducerPending => Value::Num(sim.producer().pending() as u64),
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

/// The variant name of an event kind (`IsrShrink`, `Truncated`, ...), as JSON's `type` spells it.
pub fn event_name(kind: &EventKind) -> String {
    // Debug prints `Name { ... }`; the name is all that is needed, and it stays right when the
    // simulator grows new kinds.
    let dbg = format!("{kind:?}");
    let end = dbg.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(dbg.len());
    dbg[..end].to_string()
}

/// How many events of each kind a run has emitted so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventCounts {
    counts: BTreeMap<String, u64>,
}

impl EventCounts {
    pub fn observe(&mut self, e: &Event) {
        *self.counts.entry(event_name(&e.kind)).or_default() += 1;
    }
    pub fn observe_all<'a>(&mut self, events: impl IntoIterator<Item = &'a Event>) {
        for e in events {
            self.observe(e);
        }
    }
    pub fn get(&self, kind: &str) -> u64 {
        self.counts.get(kind).copied().unwrap_or(0)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.counts.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Action, ClusterConfig, TopicSpec};

    fn p(s: &str) -> Assertion {
        Assertion::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_every_path_kind() {
        assert_eq!(p("ledger.acknowledged_lost == 3").path, Path::Ledger("acknowledged_lost".into()));
        assert_eq!(p("orders-0.leader == none").value, Value::None);
        assert_eq!(p("orders-0.isr == [3, 2]").value, Value::Set(vec![2, 3]));
        assert_eq!(p("orders-0.isr.size>=2").path, Path::IsrSize(TopicPartition::new("orders", 0)));
        assert_eq!(p("orders-0.hw@2 < 5").path, Path::Hw(TopicPartition::new("orders", 0), Some(2)));
        assert_eq!(p("my.topic-name-12.leo > 0").path, Path::Leo(TopicPartition::new("my.topic-name", 12), None));
        assert_eq!(p("broker.1.status == shutting_down").path, Path::BrokerStatus(1));
        assert_eq!(p("producer.last_error == NOT_ENOUGH_REPLICAS").value, Value::Word("NOT_ENOUGH_REPLICAS".into()));
        assert_eq!(p("producer.errors.REQUEST_TIMED_OUT >= 1").op, Op::Ge);
        assert_eq!(p("events.IsrShrink != 0").path, Path::Events("IsrShrink".into()));
        assert_eq!(p("now <= 100").path, Path::Now);
        // Display round-trips.
        for s in ["orders-0.hw@2 < 5", "orders-0.isr == [2,3]", "ledger.lost == 0", "broker.2.status != crashed"] {
            assert_eq!(p(s).to_string(), s);
        }
    }

    #[test]
    fn rejects_bad_claims_with_a_reason() {
        let err = |s: &str| Assertion::parse(s).unwrap_err();
        assert!(err("ledger.lots == 1").contains("unknown ledger count `lots`"));
        assert!(err("orders-0.leader =~ 1").contains("unknown operator `=~`"));
        assert!(err("orders-0.leader => 1").contains("unknown operator `=>`"));
        assert!(err("orders-0.isr > [1]").contains("only be compared with == or !="));
        assert!(err("orders-0.isr == 1,2").contains("list of broker ids"));
        assert!(err("ledger.lost == many").contains("whole number"));
        assert!(err("broker.1.status == dead").contains("broker status"));
        assert!(err("producer.last_error == OOPS").contains("Kafka error name"));
        assert!(err("events.Explosion >= 1").contains("unknown event kind"));
        assert!(err("orders-0.size == 1").contains("unknown partition field"));
        assert!(err("orders-0.leader@2 == 1").contains("only goes with hw and leo"));
        assert!(err("orders.leader == 1").contains("unknown path"));
        assert!(err("ledger.lost").contains("expected `<path> <op> <value>`"));
        assert!(err("ledger.lost ==").contains("expected a value"));
        assert!(err("== 3").contains("expected a path"));
    }

    #[test]
    fn validates_names_against_the_cluster() {
        let c = ClusterConfig::default(); // brokers 1..3, orders with 3 partitions
        assert!(p("orders-2.leader == 3").validate(&c).is_ok());
        assert!(p("orders-3.leader == 1").validate(&c).unwrap_err().contains("partitions 0..2"));
        assert!(p("payments-0.leader == 1").validate(&c).unwrap_err().contains("unknown topic `payments`"));
        assert!(p("broker.7.status == running").validate(&c).unwrap_err().contains("unknown broker 7"));
        assert!(p("orders-0.leader == 9").validate(&c).unwrap_err().contains("unknown broker 9"));
        assert!(p("orders-0.isr == [1,9]").validate(&c).unwrap_err().contains("unknown broker 9"));
        assert!(p("orders-0.hw@4 == 0").validate(&c).unwrap_err().contains("unknown broker 4"));
    }

    #[test]
    fn compares_numbers_sets_and_names() {
        assert!(compare(&Value::Num(3), Op::Ge, &Value::Num(3)));
        assert!(!compare(&Value::Num(2), Op::Gt, &Value::Num(2)));
        assert!(compare(&Value::Num(1), Op::Lt, &Value::Num(2)));
        assert!(compare(&Value::Set(vec![2, 3]), Op::Eq, &Value::Set(vec![2, 3])));
        assert!(compare(&Value::Set(vec![1, 2, 3]), Op::Ne, &Value::Set(vec![2, 3])));
        assert!(compare(&Value::None, Op::Ne, &Value::Num(1)));
        assert!(!compare(&Value::None, Op::Eq, &Value::Num(1)));
        assert!(!compare(&Value::None, Op::Ge, &Value::Num(0)));
    }

    #[test]
    fn evaluates_against_a_running_sim() {
        let cfg = ClusterConfig::with_brokers(3, vec![TopicSpec::new("orders", 1, 3)]);
        let mut sim = Sim::new(cfg, 7).unwrap();
        let mut counts = EventCounts::default();
        counts.observe_all(&sim.run_for(1_000));
        let leader = match p("orders-0.leader == 1").actual(&sim, &counts) {
            Value::Num(b) => b,
            other => panic!("leader is {other}"),
        };
        assert!(p("orders-0.isr == [1,2,3]").eval(&sim, &counts).holds);
        assert!(p("orders-0.isr.size == 3").eval(&sim, &counts).holds);
        assert!(p("broker.2.status == running").eval(&sim, &counts).holds);
        assert!(p("producer.last_error == none").eval(&sim, &counts).holds);
        assert!(p("ledger.produced == 0").eval(&sim, &counts).holds);
        counts.observe_all(&sim.apply(Action::Produce {
            topic: "orders".into(), key: None, value: None, count: 4, partition: Some(0), producer: None,
        }).unwrap());
        counts.observe_all(&sim.run_for(2_000));
        let c = p("ledger.committed == 4").eval(&sim, &counts);
        assert!(c.holds, "committed is {}", c.actual);
        assert_eq!(p("orders-0.hw == 0").eval(&sim, &counts).actual, Value::Num(4));
        assert_eq!(p(&format!("orders-0.leo@{leader} == 0")).eval(&sim, &counts).actual, Value::Num(4));
        assert!(p("events.Acknowledged >= 1").eval(&sim, &counts).holds);
        assert!(p("events.RecordsLost == 0").eval(&sim, &counts).holds);
        let wrong = p("ledger.acknowledged == 5").eval(&sim, &counts);
        assert!(!wrong.holds);
        assert_eq!(wrong.actual, Value::Num(4));
        counts.observe_all(&sim.apply(Action::CrashBroker { broker: leader as u32 }).unwrap());
        let st = p(&format!("broker.{leader}.status == crashed")).eval(&sim, &counts);
        assert!(st.holds, "{}", st.actual);
        assert_eq!(p("events.BrokerCrashed == 1").eval(&sim, &counts).actual, Value::Num(1));
    }

    #[test]
    fn event_names_are_variant_names() {
        let e = EventKind::BrokerCrashed { broker: 1 };
        assert_eq!(event_name(&e), "BrokerCrashed");
        let e = EventKind::IsrShrink { tp: TopicPartition::new("orders", 0), removed: vec![1], isr: vec![2] };
        assert_eq!(event_name(&e), "IsrShrink");
        assert!(EVENT_KINDS.contains(&"Truncated"));
    }
}
