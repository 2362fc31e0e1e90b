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

pub use super::group_path::{BURROW_GROUP, BURROW_PARTITION, CONSUMER_STATES, GROUP_STATES};
pub use super::path::{ConsumerField, GroupField, Path, ProducerField, TopicField, BROKER_STATUSES, LEDGER_FIELDS, TXN_STATES};
use super::path::{error_names, read, Shape};
use crate::sim::{BrokerId, ClusterConfig, Event, EventKind, KafkaError, Millis, Sim, TopicPartition};
use std::collections::BTreeMap;
use std::fmt;

/// Names of the simulator's event kinds, as `events.<Name>` paths spell them (the simulator's
/// own list, so it never drifts).
pub const EVENT_KINDS: &[&str] = EventKind::NAMES;

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
    /// A name: a broker status, a Kafka error name, a group state, ...
    Word(String),
    /// A set of partitions, written `[orders-0,orders-2]`; order does not matter.
    Partitions(Vec<TopicPartition>),
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
            Value::Partitions(v) => {
                let s: Vec<String> = v.iter().map(|tp| tp.to_string()).collect();
                write!(f, "[{}]", s.join(","))
            }
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
        if !matches!(shape, Shape::Count | Shape::CountOrNone) && !op.is_equality() {
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
        if let Path::Topic(t, _) = &self.path {
            super::topic_path::check_topic(cluster, t)?;
        }
        if let (Path::Leader(_), Value::Num(b)) = (&self.path, &self.value) {
            check_broker(cluster, *b as BrokerId)?;
        }
        if let Value::Set(ids) = &self.value {
            for b in ids {
                check_broker(cluster, *b as BrokerId)?;
            }
        }
        if let Value::Partitions(tps) = &self.value {
            for tp in tps {
                check_tp(cluster, tp)?;
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
        Shape::CountOrNone => {
            if s == "none" {
                Ok(Value::None)
            } else {
                s.parse::<u64>().map(Value::Num).map_err(|_| format!("expected a whole number or `none`, found `{s}`"))
            }
        }
        Shape::TxnStateOrNone => {
            if s == "none" {
                Ok(Value::None)
            } else if TXN_STATES.contains(&s) {
                Ok(Value::Word(s.to_string()))
            } else {
                Err(format!("expected a transaction state ({}) or `none`, found `{s}`", TXN_STATES.join(", ")))
            }
        }
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
        Shape::Words(words, what) => {
            if s == "none" {
                Ok(Value::None)
            } else if words.contains(&s) {
                Ok(Value::Word(s.to_string()))
            } else {
                Err(format!("expected {what} ({}) or `none`, found `{s}`", words.join(", ")))
            }
        }
        Shape::PartitionSet => {
            let inner = s.strip_prefix('[').and_then(|x| x.strip_suffix(']'))
                .ok_or_else(|| format!("expected a list of partitions like [orders-0,orders-2], found `{s}`"))?;
            let mut tps = Vec::new();
            for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                tps.push(TopicPartition::parse(part).ok_or_else(|| format!("expected a partition like orders-0 in the list, found `{part}`"))?);
            }
            tps.sort();
            tps.dedup();
            Ok(Value::Partitions(tps))
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

/// The variant name of an event kind (`IsrShrink`, `Truncated`, ...), as JSON's `type` spells it.
pub fn event_name(kind: &EventKind) -> &'static str {
    kind.name()
}

/// How many events of each kind a run has emitted so far, and when the current step began
/// (for `step.elapsed`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventCounts {
    counts: BTreeMap<String, u64>,
    step_started_at: Millis,
}

impl EventCounts {
    pub fn start_step(&mut self, now: Millis) {
        self.step_started_at = now;
    }
    pub fn step_started_at(&self) -> Millis {
        self.step_started_at
    }
    pub fn observe(&mut self, e: &Event) {
        *self.counts.entry(e.kind.name().to_string()).or_default() += 1;
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
#[path = "expr_tests.rs"]
mod tests;
