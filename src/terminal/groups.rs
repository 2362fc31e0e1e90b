//! `kafka-consumer-groups.sh`: --list, --describe (offsets and lag), --reset-offsets.
//! Formats and messages follow Kafka 4.x `ConsumerGroupCommand` (printOffsets, printOffsetFormat,
//! printOffsetsToReset, resetOffsets) and `ConsumerGroupCommandOptions.checkArgs`.

use super::options::{parse, OptSpec, Parsed};
use super::{bare, opt_crash, usage_error, Crash, Output};
use crate::sim::group::GroupState;
use crate::sim::Sim;

pub const SPECS: &[OptSpec] = &[
    ("bootstrap-server", true), ("group", true), ("topic", true), ("all-topics", false), ("list", false),
    ("describe", false), ("all-groups", false), ("delete", false), ("timeout", true), ("command-config", true),
    ("reset-offsets", false), ("delete-offsets", false), ("dry-run", false), ("execute", false), ("export", false),
    ("to-offset", true), ("from-file", true), ("to-datetime", true), ("by-duration", true), ("to-earliest", false),
    ("to-latest", false), ("to-current", false), ("shift-by", true), ("members", false), ("verbose", false),
    ("offsets", false), ("state", false), ("help", false), ("version", false),
];

const SCENARIOS: &[&str] = &["to-offset", "shift-by", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "from-file"];

pub fn run(sim: &mut Sim, args: &[String]) -> Output {
    // ConsumerGroupCommandOptions.fromArgs parses outside main's try: the exception escapes.
    let p = match parse(SPECS, args) {
        Ok(p) => p,
        Err(e) => return opt_crash(Crash::Uncaught, &e, args),
    };
    let actions = ["list", "describe", "delete", "reset-offsets", "delete-offsets"];
    if actions.iter().filter(|a| p.has(a)).count() != 1 {
        return usage_error("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets");
    }
    if !p.has("bootstrap-server") {
        return usage_error("Missing required argument \"[bootstrap-server]\"");
    }
    let mut o = Output::default();
    if p.has("describe") && !p.has("group") && !p.has("all-groups") {
        return usage_error("Option [describe] takes one of these options: [group], [all-groups]");
    }
    if p.has("reset-offsets") {
        if p.has("dry-run") && p.has("execute") {
            return usage_error("Option [reset-offsets] only accepts one of [execute] and [dry-run]");
        }
        if !p.has("dry-run") && !p.has("execute") {
            o.err("WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.");
        }
        if !p.has("group") && !p.has("all-groups") {
            return usage_error("Option [reset-offsets] takes one of these options: [group], [all-groups]");
        }
        let given: Vec<&&str> = SCENARIOS.iter().filter(|s| p.has(s)).collect();
        if given.len() > 1 {
            return usage_error(&format!("Option \"[{}]\" can't be used with option \"[{}]\"", given[0], given[1]));
        }
    }
    if p.has("group") && p.has("all-groups") {
        return usage_error("Option \"[group]\" can't be used with option \"[all-groups]\"");
    }
    if p.has("group") && p.has("list") {
        return usage_error("Option \"[group]\" can't be used with option \"[list]\"");
    }
    if p.has("topic") && (p.has("list") || p.has("describe")) {
        let action = if p.has("list") { "list" } else { "describe" };
        return usage_error(&format!("Option \"[topic]\" can't be used with option \"[{action}]\""));
    }
    let result = if p.has("list") {
        // ListGroupsOptions.forConsumerGroups: share groups are listed by kafka-share-groups.sh.
        for g in sim.topology().groups.iter().filter(|g| !sim.is_share_group(g)) {
            o.out(g);
        }
        o
    } else if p.has("describe") {
        if p.has("members") || p.has("state") {
            return Output::fail("--members and --state are not simulated yet; plain --describe shows offsets and lag. / --members, --state는 아직 시뮬레이션하지 않습니다. --describe만으로 offset과 lag을 볼 수 있습니다.\n");
        }
        for g in group_ids(sim, &p) {
            describe(sim, &g, &mut o);
        }
        o
    } else if p.has("reset-offsets") {
        match reset(sim, &p, o) {
            Ok(o) | Err(o) => o,
        }
    } else {
        Output::fail("--delete and --delete-offsets are not simulated. / --delete, --delete-offsets는 시뮬레이션하지 않습니다.\n")
    };
    result
}

fn group_ids(sim: &Sim, p: &Parsed) -> Vec<String> {
    if p.has("all-groups") {
        sim.topology().groups.clone()
    } else {
        p.values("group").into_iter().map(String::from).collect()
    }
}

/// The coordinator's state of `group`, or None when no coordinator knows it (describe: Dead).
fn state(sim: &Sim, group: &str) -> Option<GroupState> {
    sim.group_state(group).map(|s| s.0)
}

/// One row of `--describe` (PartitionAssignmentState).
struct Row {
    topic: String,
    partition: String,
    current: String,
    end: String,
    lag: String,
    consumer_id: String,
    host: String,
    client_id: String,
}

fn describe(sim: &Sim, group: &str, o: &mut Output) {
    let known = sim.topology().groups.iter().any(|g| g == group);
    let st = state(sim, group);
    let Some(st) = st.filter(|_| known) else {
        // shouldPrintMemberState: a group no coordinator knows is reported missing (Dead).
        o.out(format!("\nError: Consumer group '{group}' does not exist."));
        return;
    };
    match st {
        GroupState::Dead => {
            o.out(format!("\nError: Consumer group '{group}' does not exist."));
            return;
        }
        GroupState::Empty => o.err(format!("\nConsumer group '{group}' has no active members.")),
        GroupState::PreparingRebalance | GroupState::CompletingRebalance => o.err(format!("\nWarning: Consumer group '{group}' is rebalancing.")),
        GroupState::Stable => {}
    }
    let members = sim.group_assignment(group);
    let mut lag = sim.group_lag(group);
    // Partitions with a committed offset that no simulated consumer subscribes to (e.g. offsets
    // committed by a console consumer or --reset-offsets) are described too.
    let committed = sim.group_state(group).map(|s| s.2).unwrap_or_default();
    for (pidx, off) in committed {
        let tp = sim.topology().tp(pidx).clone();
        if lag.iter().all(|r| r.tp != tp) {
            let (_, latest) = earliest_latest(sim, &tp.topic, tp.partition);
            lag.push(crate::sim::lag::LagRow { tp, current_offset: Some(off), log_end_offset: latest, lag: latest.saturating_sub(off), consumer: None });
        }
    }
    // Assigned partitions, member by member; then partitions with a committed offset and no owner.
    let mut assigned = Vec::new();
    let mut unassigned = Vec::new();
    for r in &lag {
        let pidx = sim.topology().pidx(&r.tp);
        let member = members.iter().find(|(_, parts)| pidx.is_some_and(|p| parts.contains(&p))).map(|(id, _)| id.clone());
        let row = Row {
            topic: r.tp.topic.clone(),
            partition: r.tp.partition.to_string(),
            current: r.current_offset.map_or("-".into(), |c| c.to_string()),
            end: r.log_end_offset.to_string(),
            // ConsumerGroupCommand.getLag: no committed offset, no lag.
            lag: r.current_offset.map_or("-".into(), |c| r.log_end_offset.saturating_sub(c).to_string()),
            consumer_id: member.clone().unwrap_or_else(|| "-".into()),
            host: if member.is_some() { "/127.0.0.1".into() } else { "-".into() },
            client_id: match (&member, r.consumer) {
                (Some(_), Some(c)) => format!("consumer-{group}-{c}"),
                _ => "-".into(),
            },
        };
        match member {
            Some(m) => assigned.push((m, r.tp.partition, row)),
            None if r.current_offset.is_some() => unassigned.push(row),
            None => {}
        }
    }
    assigned.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    unassigned.sort_by(|a, b| (&a.topic, a.partition.parse::<u32>().unwrap_or(0)).cmp(&(&b.topic, b.partition.parse::<u32>().unwrap_or(0))));
    let rows: Vec<Row> = assigned.into_iter().map(|(_, _, r)| r).chain(unassigned).collect();
    if rows.is_empty() {
        return;
    }
    // printOffsetFormat: group, topic, consumer-id and host columns are at least 15 wide.
    let gw = rows.iter().map(|_| group.len()).max().unwrap_or(0).max(15);
    let tw = rows.iter().map(|r| r.topic.len()).max().unwrap_or(0).max(15);
    let cw = rows.iter().map(|r| r.consumer_id.len()).max().unwrap_or(0).max(15);
    let hw = rows.iter().map(|r| r.host.len()).max().unwrap_or(0).max(15);
    let line = |g: &str, t: &str, p: &str, c: &str, e: &str, l: &str, ci: &str, h: &str, cl: &str| {
        format!("{g:<gw$} {t:<tw$} {p:<10} {c:<15} {e:<15} {l:<15} {ci:<cw$} {h:<hw$} {cl}")
    };
    o.out("");
    o.out(line("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"));
    for r in &rows {
        o.out(line(group, &r.topic, &r.partition, &r.current, &r.end, &r.lag, &r.consumer_id, &r.host, &r.client_id));
    }
}

/// ListOffsets EARLIEST / LATEST for a partition: the leader's log start and high watermark.
fn earliest_latest(sim: &Sim, topic: &str, partition: u32) -> (u64, u64) {
    let Some(&pidx) = sim.topology().topics.get(topic).and_then(|v| v.get(partition as usize)) else { return (0, 0) };
    let v = sim.partition_view(pidx);
    v.leader.and_then(|l| v.replicas.iter().find(|r| r.broker == l)).map_or((0, 0), |r| (r.log_start, r.hw))
}

fn reset(sim: &mut Sim, p: &Parsed, mut o: Output) -> Result<Output, Output> {
    let scenario = SCENARIOS.iter().find(|s| p.has(s)).copied();
    let Some(scenario) = scenario else {
        return Err(usage_error("Option '[reset-offsets]' requires one of the following scenarios: [to-offset, shift-by, to-datetime, by-duration, to-earliest, to-latest, to-current, from-file]"));
    };
    if matches!(scenario, "to-datetime" | "by-duration" | "from-file") {
        return Err(Output::fail(format!("--{scenario} is not simulated; use --to-earliest, --to-latest, --to-offset, --shift-by or --to-current. / --{scenario}는 시뮬레이션하지 않습니다.\n")));
    }
    let number = |name: &str| -> Result<i64, Output> {
        let v = p.value(name).unwrap_or_default();
        v.trim().parse::<i64>().map_err(|_| opt_crash(Crash::Uncaught, &super::options::OptError::conversion(name, v), &[]))
    };
    let execute = p.has("execute");
    let mut table: Vec<(String, String, u32, u64)> = Vec::new();
    let mut any_group = false;
    for group in group_ids(sim, p) {
        any_group = true;
        // resetOffsets: only Empty or Dead (unknown) groups may be reset.
        if let Some(st) = state(sim, &group).filter(|s| !matches!(s, GroupState::Empty | GroupState::Dead)) {
            o.out(format!("\nError: Assignments can only be reset if the group '{group}' is inactive, but the current state is {st:?}."));
            continue;
        }
        // getPartitionsToReset: --topic t, --topic t:0,1 or --all-topics (the group's committed ones).
        let mut parts: Vec<(String, u32)> = Vec::new();
        if p.has("all-topics") {
            if let Some((_, _, offsets)) = sim.group_state(&group) {
                parts.extend(offsets.iter().map(|(pidx, _)| { let tp = sim.topology().tp(*pidx); (tp.topic.clone(), tp.partition) }));
            }
        } else if p.has("topic") {
            for t in p.values("topic") {
                let (name, list) = match t.split_once(':') {
                    Some((n, l)) => (n, Some(l)),
                    None => (t, None),
                };
                let Some(count) = sim.topology().topics.get(name).map(Vec::len) else {
                    o.out(format!("\nError: Executing consumer group command failed due to Error while fetching topic metadata: UNKNOWN_TOPIC_OR_PARTITION (topic '{name}' does not exist)"));
                    return Err(Output { exit_code: 1, ..o });
                };
                match list {
                    None => parts.extend((0..count as u32).map(|i| (name.to_string(), i))),
                    Some(l) => for x in l.split(',') {
                        match x.trim().parse::<u32>() {
                            Ok(i) if (i as usize) < count => parts.push((name.to_string(), i)),
                            _ => {
                                o.out(format!("\nError: Executing consumer group command failed due to Invalid partition '{x}' for topic {name}"));
                                return Err(Output { exit_code: 1, ..o });
                            }
                        }
                    },
                }
            }
        } else {
            return Err(usage_error("One of the reset scopes should be defined: --all-topics, --topic."));
        }
        parts.sort();
        parts.dedup();
        let committed = sim.group_state(&group).map(|s| s.2).unwrap_or_default();
        let mut new_offsets: Vec<(String, u32, u64)> = Vec::new();
        for (topic, partition) in parts {
            let (earliest, latest) = earliest_latest(sim, &topic, partition);
            let current = sim.topology().topics.get(&topic).and_then(|v| v.get(partition as usize))
                .and_then(|pidx| committed.iter().find(|(p, _)| p == pidx)).map(|(_, o)| *o);
            let target: i64 = match scenario {
                "to-earliest" => earliest as i64,
                "to-latest" => latest as i64,
                "to-current" => current.unwrap_or(latest) as i64,
                "shift-by" => (current.unwrap_or(latest) as i64).saturating_add(number("shift-by")?),
                _ => number("to-offset")?,
            };
            // checkOffsetRange: out-of-range targets are clamped with a warning.
            let tp = format!("{topic}-{partition}");
            let clamped = if target > latest as i64 {
                o.out(format!("New offset ({target}) is higher than latest offset for topic partition {tp}. Value will be set to {latest}"));
                latest
            } else if target < earliest as i64 {
                o.out(format!("New offset ({target}) is lower than earliest offset for topic partition {tp}. Value will be set to {earliest}"));
                earliest
            } else {
                target as u64
            };
            new_offsets.push((topic, partition, clamped));
        }
        if execute {
            let mut by_topic: Vec<(String, Vec<(u32, u64)>)> = Vec::new();
            for (t, part, off) in &new_offsets {
                match by_topic.iter_mut().find(|(n, _)| n == t) {
                    Some((_, v)) => v.push((*part, *off)),
                    None => by_topic.push((t.clone(), vec![(*part, *off)])),
                }
            }
            for (topic, offsets) in by_topic {
                if let Err(e) = super::commit_offsets(sim, &group, &topic, &offsets) {
                    o.out(format!("\nError: Executing consumer group command failed due to {}", bare(&e)));
                    return Err(Output { exit_code: 1, ..o });
                }
            }
        }
        table.extend(new_offsets.into_iter().map(|(t, part, off)| (group.clone(), t, part, off)));
    }
    // printOffsetsToReset: the header whenever a group was asked about, then one row per partition.
    if any_group {
        o.out("");
        o.out(format!("{:<30} {:<30} {:<10} {:<15}", "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
        for (g, t, part, off) in table {
            o.out(format!("{g:<30} {t:<30} {part:<10} {off:<15}"));
        }
    }
    Ok(o)
}
