//! Lesson files: TOML text → [`Lesson`]. Every error names `file:line:col:` and what was expected.
//! Nothing here panics on bad input and nothing touches the file system.

use super::expr::{check_broker, check_tp, Assertion};
use super::{Command, Located, Lesson, LessonError, Pos, Predict, Step, Text};
use crate::sim::{Action, BrokerId, BrokerSpec, ClusterConfig, MsgKind, NodeId, Sim, TopicPartition, TopicSpec};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// Longest `run` / `wait_until` a lesson may ask for (one virtual day).
pub const MAX_DURATION_MS: u64 = 24 * 60 * 60 * 1000;
/// `wait_until` gives up after this long unless the claim says `within <duration>`.
pub const DEFAULT_WAIT_MS: u64 = 60_000;
/// Most simulator steps one `step N` may take.
pub const MAX_STEPS: u32 = 100_000;

// ---------------------------------------------------------------------------------------------
// The file as TOML sees it.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLesson {
    id: Spanned<String>,
    chapter: u32,
    title: RawText,
    summary: RawText,
    seed: u64,
    cluster: Spanned<RawCluster>,
    #[serde(default)]
    step: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    en: String,
    ko: String,
}

impl From<RawText> for Text {
    fn from(t: RawText) -> Text {
        Text { en: t.en, ko: t.ko }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCluster {
    brokers: Spanned<RawBrokers>,
    #[serde(default)]
    topics: Vec<Spanned<RawTopic>>,
    #[serde(default)]
    configs: BTreeMap<String, Spanned<ConfigValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    name: String,
    partitions: u32,
    replication_factor: u32,
    #[serde(default)]
    configs: BTreeMap<String, Spanned<ConfigValue>>,
    #[serde(default)]
    assignment: Option<Vec<Vec<BrokerId>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBroker {
    id: BrokerId,
    #[serde(default)]
    rack: Option<String>,
}

/// `brokers = 3` or `brokers = [{ id = 1, rack = "a" }, ...]`.
enum RawBrokers {
    Count(u32),
    List(Vec<RawBroker>),
}

impl<'de> Deserialize<'de> for RawBrokers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawBrokers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a broker count like 3, or a list like [{ id = 1, rack = \"a\" }, { id = 2 }]")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawBrokers, E> {
                u32::try_from(v).map(RawBrokers::Count).map_err(|_| E::custom(format!("expected a broker count, found {v}")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawBrokers, E> {
                u32::try_from(v).map(RawBrokers::Count).map_err(|_| E::custom(format!("expected a broker count, found {v}")))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawBrokers, A::Error> {
                let mut v = Vec::new();
                while let Some(b) = seq.next_element::<RawBroker>()? {
                    v.push(b);
                }
                Ok(RawBrokers::List(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A config value as written: `"all"`, `2` or `true` all become Kafka's string form.
struct ConfigValue(String);

impl<'de> Deserialize<'de> for ConfigValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ConfigValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a config value like \"all\", 2 or true")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ConfigValue, E> {
                Ok(ConfigValue(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ConfigValue, E> {
                Ok(ConfigValue(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ConfigValue, E> {
                Ok(ConfigValue(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ConfigValue, E> {
                Ok(ConfigValue(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    say: RawText,
    #[serde(rename = "do", default)]
    actions: Vec<Spanned<String>>,
    #[serde(default)]
    expect: Vec<Spanned<String>>,
    #[serde(default)]
    predict: Option<Spanned<RawPredict>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPredict {
    question: RawText,
    choices: Vec<RawText>,
    answer: Spanned<i64>,
    explain: RawText,
    check: Spanned<Checks>,
}

/// `check = "claim"` or `check = ["claim", "claim"]`.
enum Checks {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for Checks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Checks;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a claim like \"ledger.acknowledged_lost == 3\", or a list of claims")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Checks, E> {
                Ok(Checks::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checks, A::Error> {
                let mut v = Vec::new();
                while let Some(s) = seq.next_element::<Spanned<String>>()? {
                    v.push(s);
                }
                Ok(Checks::Many(v))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// Positions.

/// Byte offset → 1-based line and column (columns count characters).
struct Lines<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Lines { src, starts }
    }
    fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.src.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.src.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        Pos { line, column }
    }
}

struct Ctx<'a> {
    file: &'a str,
    lines: Lines<'a>,
}

impl Ctx<'_> {
    fn err(&self, offset: usize, message: impl Into<String>) -> LessonError {
        LessonError { file: self.file.to_string(), pos: self.lines.pos(offset), message: message.into() }
    }
}

// ---------------------------------------------------------------------------------------------
// The parser.

/// Parses and validates a lesson file. `file` is only used in messages (`file:line:col:`).
pub fn parse(src: &str, file: &str) -> Result<Lesson, LessonError> {
    let cx = Ctx { file, lines: Lines::new(src) };
    let raw: RawLesson = toml::from_str(src).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        cx.err(offset, e.message().trim().replace('\n', "; "))
    })?;

    let id_span = raw.id.span();
    let id = raw.id.into_inner();
    if id.trim().is_empty() {
        return Err(cx.err(id_span.start, "expected a non-empty lesson id"));
    }
    let cluster_span = raw.cluster.span();
    let cluster = build_cluster(&cx, raw.cluster.into_inner(), cluster_span.start)?;
    // Build the simulator once, so that placement errors surface here with a line number.
    if let Err(e) = Sim::new(cluster.clone(), raw.seed) {
        return Err(cx.err(cluster_span.start, format!("the cluster cannot start: {}", e.message)));
    }

    let mut steps = Vec::new();
    let mut live = cluster.clone(); // the cluster as earlier `set` actions leave it
    for s in raw.step {
        let span = s.span();
        steps.push(build_step(&cx, s.into_inner(), span.start, &mut live)?);
    }
    if steps.is_empty() {
        return Err(cx.err(src.len(), "expected at least one [[step]]"));
    }
    Ok(Lesson {
        file: file.to_string(),
        id,
        chapter: raw.chapter,
        title: raw.title.into(),
        summary: raw.summary.into(),
        seed: raw.seed,
        cluster,
        steps,
    })
}

fn build_cluster(cx: &Ctx, raw: RawCluster, at: usize) -> Result<ClusterConfig, LessonError> {
    let brokers_at = raw.brokers.span().start;
    let brokers = match raw.brokers.into_inner() {
        RawBrokers::Count(n) => (1..=n).map(|id| BrokerSpec { id, rack: None }).collect(),
        RawBrokers::List(list) => list.into_iter().map(|b| BrokerSpec { id: b.id, rack: b.rack }).collect(),
    };
    let mut topic_spans = Vec::new();
    let mut topics = Vec::new();
    for t in raw.topics {
        let t_at = t.span().start;
        let t = t.into_inner();
        let mut spec = TopicSpec::new(&t.name, t.partitions, t.replication_factor);
        let mut config_spans = BTreeMap::new();
        for (k, v) in t.configs {
            config_spans.insert(k.clone(), v.span().start);
            spec.configs.insert(k, v.into_inner().0);
        }
        spec.assignment = t.assignment;
        topic_spans.push((t.name, t_at, config_spans));
        topics.push(spec);
    }
    let mut cfg = ClusterConfig::with_brokers(0, topics);
    cfg.brokers = brokers;
    let mut config_spans = BTreeMap::new();
    for (k, v) in raw.configs {
        let v_at = v.span().start;
        config_spans.insert(k.clone(), v_at);
        cfg.set(&k, &v.into_inner().0).map_err(|e| cx.err(v_at, e.message))?;
    }
    cfg.validate().map_err(|e| {
        // Point at the setting, topic or broker list the error is about.
        let key = e.key.as_str();
        let offset = if key == "brokers" {
            brokers_at
        } else if let Some(name) = key.strip_prefix("topics.") {
            topic_spans.iter().find(|(n, ..)| n == name).map_or(at, |(_, a, _)| *a)
        } else if let Some(a) = config_spans.get(key) {
            *a
        } else if let Some(a) = topic_spans.iter().find_map(|(_, _, c)| c.get(key)) {
            *a
        } else {
            at
        };
        cx.err(offset, e.message)
    })?;
    Ok(cfg)
}

fn build_step(cx: &Ctx, raw: RawStep, at: usize, live: &mut ClusterConfig) -> Result<Step, LessonError> {
    let mut actions = Vec::new();
    for a in raw.actions {
        let a_at = a.span().start;
        let text = a.into_inner();
        let item = parse_command(&text, live).map_err(|m| cx.err(a_at, format!("in `{text}`: {m}")))?;
        actions.push(Located { item, text, pos: cx.lines.pos(a_at) });
    }
    let expect = raw.expect.into_iter().map(|c| claim(cx, c, &*live)).collect::<Result<Vec<_>, _>>()?;
    let predict = match raw.predict {
        None => None,
        Some(p) => {
            let p_at = p.span().start;
            let p = p.into_inner();
            if p.choices.len() < 2 {
                return Err(cx.err(p_at, "expected a predict question with at least 2 choices"));
            }
            let answer_at = p.answer.span().start;
            let answer = *p.answer.get_ref();
            if answer < 1 || answer as usize > p.choices.len() {
                return Err(cx.err(answer_at, format!(
                    "expected answer to be the number of a choice, 1 to {} (1 = the first choice), found {answer}", p.choices.len())));
            }
            let check_at = p.check.span().start;
            let check = match p.check.into_inner() {
                Checks::One(s) => vec![claim(cx, Spanned::new(check_at..check_at, s), &*live)?],
                Checks::Many(v) => v.into_iter().map(|c| claim(cx, c, &*live)).collect::<Result<Vec<_>, _>>()?,
            };
            if check.is_empty() {
                return Err(cx.err(check_at, "expected at least one claim in check (it proves the answer)"));
            }
            Some(Predict {
                question: p.question.into(),
                choices: p.choices.into_iter().map(Text::from).collect(),
                answer_index: answer as usize - 1,
                explain: p.explain.into(),
                check,
            })
        }
    };
    Ok(Step { pos: cx.lines.pos(at), say: raw.say.into(), actions, expect, predict })
}

fn claim(cx: &Ctx, s: Spanned<String>, cluster: &ClusterConfig) -> Result<Located<Assertion>, LessonError> {
    let at = s.span().start;
    let text = s.into_inner();
    let item = Assertion::parse(&text).and_then(|a| a.validate(cluster).map(|_| a))
        .map_err(|m| cx.err(at, m))?;
    Ok(Located { item, text, pos: cx.lines.pos(at) })
}

// ---------------------------------------------------------------------------------------------
// Actions: author-friendly strings.

pub const COMMANDS: &str = "produce, crash (or kill), stop, restart, isolate, heal, drop_next, set, run, wait_until, step";

/// Parses one `do` entry. `cluster` is the cluster as the previous `set`s leave it; a `set`
/// updates it, so a bad value is caught here rather than halfway through a run.
pub(crate) fn parse_command(text: &str, cluster: &mut ClusterConfig) -> Result<Command, String> {
    let text = text.trim();
    let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let rest = rest.trim();
    let args: Vec<&str> = rest.split_whitespace().collect();
    match word {
        "produce" => parse_produce(&args, cluster),
        "crash" | "kill" => Ok(Command::Apply(Action::CrashBroker { broker: broker_arg(&args, cluster)? })),
        "stop" => Ok(Command::Apply(Action::StopBroker { broker: broker_arg(&args, cluster)? })),
        "restart" | "start" => Ok(Command::Apply(Action::RestartBroker { broker: broker_arg(&args, cluster)? })),
        "isolate" => Ok(Command::Apply(Action::Isolate { node: node_arg(&args.join(" "), cluster)? })),
        "heal" => Ok(Command::Apply(Action::Heal { node: node_arg(&args.join(" "), cluster)? })),
        "drop_next" => {
            let Some((kind, opts)) = args.split_first() else {
                return Err(format!("expected `drop_next <Message> [from=<node>] [to=<node>]` (messages: {})", msg_names()));
            };
            let kind = MsgKind::parse(kind).ok_or_else(|| format!("unknown message kind `{kind}` (known: {})", msg_names()))?;
            let (mut from, mut to) = (None, None);
            for o in opts {
                match o.split_once('=') {
                    Some(("from", n)) => from = Some(node_arg(n, cluster)?),
                    Some(("to", n)) => to = Some(node_arg(n, cluster)?),
                    _ => return Err(format!("unknown option `{o}` (expected from=<node> or to=<node>)")),
                }
            }
            Ok(Command::Apply(Action::DropNext { kind, from, to }))
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
            let mut next = cluster.clone();
            next.set(key, value).map_err(|e| e.message)?;
            next.validate().map_err(|e| e.message)?;
            *cluster = next;
            Ok(Command::Apply(Action::SetConfig { key: key.to_string(), value: value.to_string() }))
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
            claim.validate(cluster)?;
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

fn parse_produce(args: &[&str], cluster: &ClusterConfig) -> Result<Command, String> {
    const USAGE: &str = "expected `produce <topic> [count=N] [key=K] [value=V] [partition=P] [producer=N]` or `produce <topic>-<partition> ...`";
    let Some((target, opts)) = args.split_first() else { return Err(USAGE.into()) };
    let (topic, mut partition) = if cluster.topics.iter().any(|t| t.name == *target) {
        (target.to_string(), None)
    } else {
        match TopicPartition::parse(target) {
            Some(tp) if cluster.topics.iter().any(|t| t.name == tp.topic) => {
                check_tp(cluster, &tp)?;
                (tp.topic, Some(tp.partition))
            }
            _ => {
                let names: Vec<&str> = cluster.topics.iter().map(|t| t.name.as_str()).collect();
                return Err(format!("unknown topic `{target}` (topics: {})", names.join(", ")));
            }
        }
    };
    let (mut count, mut key, mut value, mut producer) = (1u32, None, None, None);
    for o in opts {
        match o.split_once('=') {
            Some(("count", n)) => {
                count = n.parse().ok().filter(|c| (1..=crate::sim::action::MAX_PRODUCE_COUNT).contains(c))
                    .ok_or_else(|| format!("expected count to be 1 to {}, found `{n}`", crate::sim::action::MAX_PRODUCE_COUNT))?;
            }
            Some(("key", k)) => key = Some(k.to_string()),
            Some(("value", v)) => value = Some(v.to_string()),
            Some(("producer", p)) => {
                producer = Some(p.parse::<u32>().map_err(|_| format!("expected a producer number, found `{p}`"))?);
            }
            Some(("partition", p)) => {
                let p: u32 = p.parse().map_err(|_| format!("expected a partition number, found `{p}`"))?;
                check_tp(cluster, &TopicPartition::new(&topic, p))?;
                partition = Some(p);
            }
            _ => return Err(format!("unknown option `{o}`; {USAGE}")),
        }
    }
    Ok(Command::Apply(Action::Produce { topic, key, value, count, partition, producer }))
}

/// `1` or `broker 1`.
fn broker_arg(args: &[&str], cluster: &ClusterConfig) -> Result<BrokerId, String> {
    let id = match args {
        [id] | ["broker", id] => *id,
        _ => return Err("expected a broker id, e.g. `crash 1`".into()),
    };
    let id: BrokerId = id.parse().map_err(|_| format!("expected a broker id, found `{id}`"))?;
    check_broker(cluster, id)?;
    Ok(id)
}

/// `1`, `broker 1`, `controller` or `producer`.
fn node_arg(s: &str, cluster: &ClusterConfig) -> Result<NodeId, String> {
    let s = s.trim();
    match s {
        "controller" => return Ok(NodeId::Controller),
        "producer" | "producer 1" | "producer1" => return Ok(NodeId::Producer(1)),
        _ => {}
    }
    let id = s.strip_prefix("broker").map(str::trim).unwrap_or(s);
    let id: BrokerId = id.parse().map_err(|_| format!("expected a node (a broker id, `controller` or `producer`), found `{s}`"))?;
    check_broker(cluster, id)?;
    Ok(NodeId::Broker(id))
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
mod tests {
    use super::*;

    fn cmd(s: &str) -> Result<Command, String> {
        parse_command(s, &mut ClusterConfig::default())
    }

    #[test]
    fn commands_map_to_actions_and_time() {
        assert_eq!(cmd("produce orders-1 count=3").unwrap(), Command::Apply(Action::Produce {
            topic: "orders".into(), key: None, value: None, count: 3, partition: Some(1), producer: None }));
        assert_eq!(cmd("produce orders key=k1").unwrap(), Command::Apply(Action::Produce {
            topic: "orders".into(), key: Some("k1".into()), value: None, count: 1, partition: None, producer: None }));
        assert_eq!(cmd("crash 2").unwrap(), Command::Apply(Action::CrashBroker { broker: 2 }));
        assert_eq!(cmd("kill broker 2").unwrap(), Command::Apply(Action::CrashBroker { broker: 2 }));
        assert_eq!(cmd("isolate controller").unwrap(), Command::Apply(Action::Isolate { node: NodeId::Controller }));
        assert_eq!(cmd("drop_next FetchResponse from=1 to=broker2").unwrap(), Command::Apply(Action::DropNext {
            kind: MsgKind::FetchResponse, from: Some(NodeId::Broker(1)), to: Some(NodeId::Broker(2)) }));
        assert_eq!(cmd("set acks=1").unwrap(), Command::Apply(Action::SetConfig { key: "acks".into(), value: "1".into() }));
        assert_eq!(cmd("run 2s").unwrap(), Command::Run(2_000));
        assert_eq!(cmd("run 15").unwrap(), Command::Run(15));
        assert_eq!(cmd("step 4").unwrap(), Command::Step(4));
        match cmd("wait_until orders-0.leader != 1 within 20s").unwrap() {
            Command::WaitUntil { claim, max_ms } => {
                assert_eq!(max_ms, 20_000);
                assert_eq!(claim.to_string(), "orders-0.leader != 1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_commands_say_what_was_expected() {
        assert!(cmd("explode 1").unwrap_err().contains("unknown action `explode`"));
        assert!(cmd("crash 9").unwrap_err().contains("unknown broker 9"));
        assert!(cmd("produce payments").unwrap_err().contains("unknown topic `payments`"));
        assert!(cmd("produce orders-7").unwrap_err().contains("partitions 0..2"));
        assert!(cmd("produce orders count=0").unwrap_err().contains("count"));
        assert!(cmd("drop_next Gossip").unwrap_err().contains("unknown message kind `Gossip`"));
        assert!(cmd("set acks=2").unwrap_err().contains("Invalid value 2 for configuration acks"));
        assert!(cmd("set no.such=1").unwrap_err().contains("Unknown configuration 'no.such'"));
        assert!(cmd("run soon").unwrap_err().contains("duration"));
        assert!(cmd("run 1000000m").unwrap_err().contains("at most 24h"));
        assert!(cmd("wait_until orders-0.leader ~ 1").unwrap_err().contains("unknown operator `~`"));
        assert!(cmd("wait_until orders-0.leader").unwrap_err().contains("expected `<path> <op> <value>`"));
        assert!(cmd("wait_until broker.5.status == running").unwrap_err().contains("unknown broker 5"));
    }

    #[test]
    fn positions_are_lines_and_columns() {
        let l = Lines::new("ab\ncd\n\né x");
        assert_eq!(l.pos(0), Pos { line: 1, column: 1 });
        assert_eq!(l.pos(4), Pos { line: 2, column: 2 });
        assert_eq!(l.pos(6), Pos { line: 3, column: 1 });
        assert_eq!(l.pos(10), Pos { line: 4, column: 3 });
    }
}
