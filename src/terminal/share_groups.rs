//! `kafka-share-groups.sh` (KIP-932): --list, --describe (offsets: START-OFFSET and LAG), and
//! --describe --members. Formats follow Kafka's `ShareGroupCommand` (printOffsets,
//! printOffsetFormat, printMembers, maybePrintEmptyGroupState).

use super::options::{parse, OptSpec, Parsed};
use super::{opt_crash, usage_error, Crash, Output};
use crate::sim::group::GroupState;
use crate::sim::Sim;

pub const SPECS: &[OptSpec] = &[
    ("bootstrap-server", true), ("group", true), ("list", false), ("describe", false), ("all-groups", false),
    ("members", false), ("offsets", false), ("state", false), ("verbose", false), ("delete", false), ("reset-offsets", false),
    ("delete-offsets", false), ("timeout", true), ("command-config", true), ("help", false), ("version", false),
];

pub fn run(sim: &mut Sim, args: &[String]) -> Output {
    let p = match parse(SPECS, args) {
        Ok(p) => p,
        Err(e) => return opt_crash(Crash::Uncaught, &e, args),
    };
    let actions = ["list", "describe", "delete", "reset-offsets", "delete-offsets"];
    if actions.iter().filter(|a| p.has(a)).count() != 1 {
        return usage_error("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets.");
    }
    if !p.has("bootstrap-server") {
        return usage_error("Missing required argument \"[bootstrap-server]\"");
    }
    if p.has("describe") && !p.has("group") && !p.has("all-groups") {
        return usage_error("Option [describe] takes one of these options: [group], [all-groups]");
    }
    let mut o = Output::default();
    if p.has("list") {
        for g in share_groups(sim) {
            o.out(g);
        }
        return o;
    }
    if !p.has("describe") {
        return Output::fail("--delete, --reset-offsets and --delete-offsets are not simulated for share groups. / 공유 그룹의 --delete, --reset-offsets, --delete-offsets는 시뮬레이션하지 않습니다.\n");
    }
    if p.has("state") {
        return Output::fail("--state is not simulated yet; --describe shows offsets and --members the members. / --state는 아직 시뮬레이션하지 않습니다.\n");
    }
    for g in group_ids(sim, &p) {
        if !sim.is_share_group(&g) {
            // describeShareGroups of a group that is no share group: GroupIdNotFoundException.
            o.out(format!("\nError: Executing share group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group {g} is not a share group."));
            o.exit_code = 1;
            continue;
        }
        if p.has("members") {
            members(sim, &g, &mut o);
        } else {
            offsets(sim, &g, &mut o);
        }
    }
    o
}

fn share_groups(sim: &Sim) -> Vec<String> {
    sim.topology().groups.iter().filter(|g| sim.is_share_group(g)).cloned().collect()
}

fn group_ids(sim: &Sim, p: &Parsed) -> Vec<String> {
    if p.has("all-groups") { share_groups(sim) } else { p.values("group").into_iter().map(String::from).collect() }
}

/// printOffsets: one row per share-partition, START-OFFSET = SPSO, LAG = what is not done yet.
fn offsets(sim: &Sim, group: &str, o: &mut Output) {
    let rows: Vec<_> = sim.group_lag(group).into_iter().filter(|r| r.current_offset.is_some()).collect();
    if rows.is_empty() {
        o.out(format!("\nShare group '{group}' has no offset information."));
        return;
    }
    let gw = group.len().max(15);
    let tw = rows.iter().map(|r| r.tp.topic.len()).max().unwrap_or(0).max(15);
    o.out("");
    o.out(format!("{:<gw$} {:<tw$} {:<10} {:<13} {}", "GROUP", "TOPIC", "PARTITION", "START-OFFSET", "LAG"));
    for r in rows {
        let start = r.current_offset.map_or("-".to_string(), |s| s.to_string());
        o.out(format!("{group:<gw$} {:<tw$} {:<10} {start:<13} {}", r.tp.topic, r.tp.partition, r.lag));
    }
}

/// printMembers (after maybePrintEmptyGroupState): members sorted by consumer id.
fn members(sim: &Sim, group: &str, o: &mut Output) {
    let mut list = sim.group_assignment(group);
    if sim.group_state(group).is_some_and(|s| s.0 == GroupState::Empty) || list.is_empty() {
        o.err(format!("\nShare group '{group}' has no active members."));
        return;
    }
    list.sort();
    let client = |id: &str| {
        let n = sim.consumers().iter().find(|c| c.group == group && c.member_id == id).map_or(0, |c| c.id);
        format!("consumer-{group}-{n}")
    };
    let assignment = |parts: &[usize]| {
        let mut by_topic: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        for p in parts {
            let tp = sim.topology().tp(*p);
            by_topic.entry(tp.topic.clone()).or_default().push(tp.partition);
        }
        by_topic.into_iter().map(|(t, mut ps)| {
            ps.sort_unstable();
            format!("{t}:{}", ps.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(","))
        }).collect::<Vec<_>>().join(";")
    };
    let gw = group.len().max(15);
    let cw = list.iter().map(|(id, _)| id.len()).max().unwrap_or(0).max(15);
    let lw = list.iter().map(|(id, _)| client(id).len()).max().unwrap_or(0).max(15);
    let hw = 15;
    o.out("");
    o.out(format!("{:<gw$} {:<cw$} {:<hw$} {:<lw$} {:<12} {}", "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"));
    for (id, parts) in &list {
        o.out(format!("{group:<gw$} {id:<cw$} {:<hw$} {:<lw$} {:<12} {}", "/127.0.0.1", client(id), parts.len(), assignment(parts)));
    }
}
