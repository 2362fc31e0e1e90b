//! Lesson files: TOML text → [`Lesson`]. Every error names `file:line:col:` and what was expected.
//! Nothing here panics on bad input and nothing touches the file system.

use super::budget::Budget;
use super::commands::{parse_actions, validate_claim, Scene};
use crate::sim::config::MAX_BROKERS;
use super::expr::Assertion;
use super::{Located, Lesson, LessonError, Pos, Predict, Step, Text};
use crate::sim::{BrokerId, BrokerSpec, ClusterConfig, Sim, TopicSpec};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;


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
    /// A split-screen comparison this step offers (`acks`, `unclean`, `rebalance`, `key:a:b`).
    #[serde(default)]
    compare: Option<Spanned<String>>,
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
        let message = e.message().trim().replace('\n', "; ");
        // toml leaves the message empty for a control character in a comment (fuzzing: "#\0").
        let message = if message.is_empty() {
            let c = src.get(offset..).and_then(|s| s.chars().next()).map_or("the end of the file".into(), |c| format!("{c:?}"));
            format!("unexpected character {c}: TOML allows no control characters, even in a comment")
        } else {
            message
        };
        cx.err(offset, message)
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
    let mut live = Scene::new(cluster.clone()); // as earlier actions leave it
    let mut budget = Budget::default();
    for s in raw.step {
        let span = s.span();
        let step = build_step(&cx, s.into_inner(), span.start, &mut live)?;
        budget.add(cx.file, &step, &live)?;
        steps.push(step);
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
        // Refused before `(1..=n).collect()`: 4294967295 brokers was a 128 GB allocation (fuzzing).
        RawBrokers::Count(n) if n as usize > MAX_BROKERS => {
            return Err(cx.err(brokers_at, format!("{n} brokers is more than this playground can draw (at most {MAX_BROKERS})")));
        }
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

fn build_step(cx: &Ctx, raw: RawStep, at: usize, live: &mut Scene) -> Result<Step, LessonError> {
    let mut actions = Vec::new();
    for a in raw.actions {
        let a_at = a.span().start;
        let text = a.into_inner();
        let pos = cx.lines.pos(a_at);
        // `repeat N: a; b` becomes N copies of its actions, each parsed against the scene as the
        // copies before it leave it.
        let items = parse_actions(&text, live).map_err(|m| cx.err(a_at, format!("in `{text}`: {m}")))?;
        actions.extend(items.into_iter().map(|(text, item)| Located { item, text, pos }));
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
    let compare = match raw.compare {
        None => None,
        Some(c) => {
            let c_at = c.span().start;
            let code = c.into_inner();
            crate::player::split::Comparison::parse(&code).map_err(|m| cx.err(c_at, format!("compare: {m}")))?;
            Some(code)
        }
    };
    Ok(Step { pos: cx.lines.pos(at), say: raw.say.into(), actions, expect, predict, compare })
}

fn claim(cx: &Ctx, s: Spanned<String>, scene: &Scene) -> Result<Located<Assertion>, LessonError> {
    let at = s.span().start;
    let text = s.into_inner();
    let item = Assertion::parse(&text).and_then(|a| validate_claim(&a, scene).map(|_| a))
        .map_err(|m| cx.err(at, m))?;
    Ok(Located { item, text, pos: cx.lines.pos(at) })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A one-step lesson around `cluster` (topic `orders` added) doing `actions`.
    pub(in crate::lesson) fn lesson(cluster: &str, actions: &str) -> String {
        format!("id = \"x\"\nchapter = 0\ntitle = {{ en = \"t\", ko = \"t\" }}\nsummary = {{ en = \"s\", ko = \"s\" }}\nseed = 1\n\
            [cluster]\n{cluster}\n[[cluster.topics]]\nname = \"orders\"\npartitions = 3\nreplication_factor = 1\n\
            [[step]]\nsay = {{ en = \"a\", ko = \"a\" }}\ndo = [{actions}]\n")
    }

    #[test]
    fn fuzz_findings_are_errors_with_a_line() {
        // A broker count past the limit is refused before the list is built (it was 128 GB).
        let e = parse(&lesson("brokers = 4294967295", "\"run 1s\""), "f.toml").unwrap_err();
        assert_eq!(e.to_string(), "f.toml:7:11: 4294967295 brokers is more than this playground can draw (at most 100)");
        // A control character in a comment: toml's own message is empty.
        let e = parse("#\0\nid = 1", "f.toml").unwrap_err();
        assert_eq!(e.to_string(), "f.toml:1:2: unexpected character '\\0': TOML allows no control characters, even in a comment");
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
