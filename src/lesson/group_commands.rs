//! The consumer-group actions of a step's `do` list (`add_consumer group=billing`,
//! `crash_consumer 2`, `stall_consumer 1 60s`, `slow_consumer 1 200ms`, ...) and `stall_replication 2 10s`.

use super::commands::{broker_arg, duration};
use super::scene::{Scene, SceneConsumer, MAX_CONSUMERS};
use super::Command;
use crate::sim::Action;

/// Longest per-record processing time `slow_consumer` accepts (the simulator's limit).
const MAX_MS_PER_RECORD: u64 = 600_000;

/// Longest stall the simulator accepts for `stall_replication` (one hour).
const MAX_REPLICATION_STALL_MS: u64 = 3_600_000;

const ADD_USAGE: &str = "expected `add_consumer group=<group> [instance=<group.instance.id>] [topics=<topic>,<topic>]`";

const SHARE_USAGE: &str = "expected `add_share_consumer group=<share group> [topics=<topic>,<topic>]`";

/// Parses one of the consumer actions (`word` is the action's name) and updates the scene.
pub(crate) fn parse(word: &str, args: &[&str], scene: &mut Scene) -> Result<Command, String> {
    match word {
        "add_consumer" => add_consumer(args, scene, false),
        "add_share_consumer" => add_consumer(args, scene, true),
        "crash_consumer" | "stop_consumer" | "restart_consumer" => {
            let consumer = match args {
                [n] | ["consumer", n] => consumer_number(n, scene)?,
                _ => return Err(format!("expected `{word} <consumer>`, e.g. `{word} 2`")),
            };
            Ok(Command::Apply(match word {
                "crash_consumer" => Action::CrashConsumer { consumer },
                "stop_consumer" => Action::StopConsumer { consumer },
                _ => Action::RestartConsumer { consumer },
            }))
        }
        "stall_consumer" => match args {
            [n, d] => Ok(Command::Apply(Action::StallConsumer { consumer: consumer_number(n, scene)?, ms: duration(d)? })),
            _ => Err("expected `stall_consumer <consumer> <duration>`, e.g. `stall_consumer 1 60s`".into()),
        },
        "slow_consumer" => match args {
            [n, d] => {
                let ms = duration(d)?;
                if ms > MAX_MS_PER_RECORD {
                    return Err(format!("a record can take at most 10m to process, not `{d}`"));
                }
                Ok(Command::Apply(Action::SlowConsumer { consumer: consumer_number(n, scene)?, ms_per_record: ms }))
            }
            _ => Err("expected `slow_consumer <consumer> <time per record>`, e.g. `slow_consumer 1 200ms`".into()),
        },
        "stall_replication" => match args {
            [b, d] => {
                let broker = broker_arg(&[b], &scene.cluster)?;
                let ms = duration(d)?;
                if ms > MAX_REPLICATION_STALL_MS {
                    return Err(format!("a replication stall can last at most 1h, not `{d}`"));
                }
                Ok(Command::Apply(Action::StallReplication { broker, ms }))
            }
            _ => Err("expected `stall_replication <broker> <duration>`, e.g. `stall_replication 2 10s`".into()),
        },
        other => Err(format!("unknown consumer action `{other}`")),
    }
}

fn consumer_number(s: &str, scene: &Scene) -> Result<u32, String> {
    let s = s.strip_prefix("consumer=").unwrap_or(s);
    let n: u32 = s.parse().map_err(|_| format!("expected a consumer number (1, 2, ...), found `{s}`"))?;
    scene.check_consumer(n)?;
    Ok(n)
}

fn add_consumer(args: &[&str], scene: &mut Scene, share: bool) -> Result<Command, String> {
    let usage = if share { SHARE_USAGE } else { ADD_USAGE };
    let (mut group, mut instance_id, mut topics) = (None, None, None);
    for o in args {
        match o.split_once('=') {
            Some(("group" | "group.id", g)) if valid_name(g) => group = Some(g.to_string()),
            Some(("group" | "group.id", g)) => {
                return Err(format!("expected a group name of letters, digits, `-` and `_`, found `{g}`"));
            }
            Some(("instance" | "group.instance.id", i)) if !i.is_empty() && !share => instance_id = Some(i.to_string()),
            Some(("topics" | "topic", ts)) => {
                let list: Vec<String> = ts.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect();
                if list.is_empty() {
                    return Err(format!("expected topics like `topics=orders,payments`, found `{o}`"));
                }
                topics = Some(list);
            }
            _ => return Err(format!("unknown option `{o}`; {usage}")),
        }
    }
    let Some(group) = group else { return Err(format!("a consumer needs a group.id; {usage}")) };
    if let Some(n) = scene.consumers.iter().position(|c| c.group == group && c.share != share) {
        let is = if share { "a consumer group" } else { "a share group" };
        return Err(format!("group `{group}` is {is} (consumer {} is in it); give this one another group.id", n + 1));
    }
    // KafkaConsumer.subscribe: the playground's consumers subscribe to `orders` by default.
    let topics = topics.unwrap_or_else(|| vec!["orders".to_string()]);
    for t in &topics {
        if !scene.cluster.topics.iter().any(|s| s.name == *t) {
            let names: Vec<&str> = scene.cluster.topics.iter().map(|s| s.name.as_str()).filter(|n| !n.starts_with("__")).collect();
            return Err(format!("unknown topic `{t}` (topics: {}); `topics=` names what the consumer subscribes to", names.join(", ")));
        }
    }
    if let Some(i) = &instance_id {
        if let Some(n) = scene.consumers.iter().position(|c| c.group == group && c.instance_id.as_deref() == Some(i)) {
            return Err(format!("group.instance.id `{i}` is already consumer {}'s in group `{group}`; `restart_consumer {}` restarts it", n + 1, n + 1));
        }
    }
    if scene.consumers.len() >= MAX_CONSUMERS {
        return Err(format!("at most {MAX_CONSUMERS} consumers can be simulated"));
    }
    scene.add_consumer(SceneConsumer { group: group.clone(), topics: topics.clone(), instance_id: instance_id.clone(), share });
    if share {
        return Ok(Command::Apply(Action::AddShareConsumer { group, topics }));
    }
    Ok(Command::Apply(Action::AddConsumer { group, topics, instance_id }))
}

/// Group names a claim path can spell (`group.<name>.lag`): no dots or spaces.
fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
#[path = "group_tests.rs"]
mod tests;
