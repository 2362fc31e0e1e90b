//! The consumer-group lessons (07-11) of `tests/lessons.rs`: their headline numbers are the
//! simulator's own, and broken copies of them fail with file and line.

use super::{claimed, parse, run_passing, source};
use kafka_playground::lesson::Value;

const GROUPS: &str = "07-one-partition-one-consumer.toml";
const REBALANCES: &str = "08-rebalances-eager-cooperative-static.toml";
const LAG: &str = "09-lag-and-burrow.toml";
const COMMITS: &str = "10-commit-timing.toml";
const DEPLOYS: &str = "11-deployments.toml";


fn group_generation(sim: &kafka_playground::sim::Sim, group: &str) -> i32 {
    sim.group_state(group).unwrap_or_else(|| panic!("group {group} has a coordinator")).1
}

/// Lesson 7: every record was processed once by billing and once by analytics; the idle
/// consumer took over a partition when another left.
#[test]
fn one_consumer_per_partition_lesson_numbers_are_the_simulators() {
    let (report, sim) = run_passing(GROUPS);
    let records = sim.ledger().records();
    assert_eq!(records.len(), 30);
    for r in records {
        let mut groups: Vec<&str> = r.consumed.iter().map(|(g, _, _)| g.as_str()).collect();
        groups.sort_unstable();
        assert_eq!(groups, ["analytics", "billing"], "record {} once per group", r.id);
    }
    assert_eq!((report.ledger.consumed, report.ledger.consumed_again), (30, 0));
    // Consumer 4 idled in generation 1 and owns a partition after consumer 2 left.
    assert!(claimed(&report, "consumer.4.partitions").contains(&("consumer.4.partitions == 0".to_string(), Value::Num(0))));
    let c4 = sim.consumers().iter().find(|c| c.id == 4).unwrap();
    assert_eq!(c4.assignment.len(), 1);
    assert_eq!(sim.topology().tp(c4.assignment[0]).to_string(), "orders-2");
    assert_eq!(group_generation(&sim, "billing"), 2);
    assert!(sim.group_lag("analytics").iter().all(|r| r.lag == 0 && r.current_offset == Some(10)));
}

/// Lesson 8: eager revokes on both survivors, cooperative on none, static does not rebalance.
#[test]
fn rebalances_lesson_numbers_are_the_simulators() {
    let (report, sim) = run_passing(REBALANCES);
    let mut revoked: Vec<u32> = report.steps.iter().flat_map(|s| &s.events).filter_map(|e| match &e.kind {
        kafka_playground::sim::EventKind::PartitionsRevoked { consumer, .. } => Some(*consumer),
        _ => None,
    }).collect();
    revoked.sort_unstable();
    assert_eq!(revoked, vec![1, 2], "only the eager group's survivors revoke");
    assert_eq!((group_generation(&sim, "eager"), group_generation(&sim, "coop"), group_generation(&sim, "static")), (2, 2, 1));
    // The eager rebalance came only after session.timeout.ms (45 s) without a heartbeat, counted
    // from the member's last contact with the coordinator (a little before the crash).
    let crash_at = report.steps[1].events.iter().find(|e| e.kind.name() == "ConsumerCrashed").unwrap().at;
    let expired_at = report.steps[2].events.iter().find(|e| e.kind.name() == "MemberExpired").unwrap().at;
    let c = &sim.config().consumer;
    assert!((40_000..=c.session_timeout_ms + 1_000).contains(&(expired_at - crash_at)),
        "{crash_at} → {expired_at}");
    assert!(claimed(&report, "events.StaticMemberRejoined").iter().all(|(_, v)| *v == Value::Num(1)));
}

/// Lesson 9: the lag and Burrow's verdicts the lesson claims are the simulator's.
#[test]
fn lag_lesson_numbers_are_the_simulators() {
    use kafka_playground::sim::burrow::ConsumerStatus;
    let (report, sim) = run_passing(LAG);
    assert!(claimed(&report, "group.billing.lag").contains(&("group.billing.lag == 160".to_string(), Value::Num(160))));
    let verdicts: Vec<Value> = claimed(&report, "group.billing.burrow").into_iter().map(|(_, v)| v).collect();
    let word = |w: &str| Value::Word(w.to_string());
    assert_eq!(verdicts, vec![word("OK"), word("WARNING"), word("ERROR"), word("OK")]);
    assert_eq!(sim.burrow_status("billing").0, ConsumerStatus::Ok);
    assert_eq!(sim.group_lag("billing").iter().map(|r| r.lag).sum::<u64>(), 0);
    let s = sim.ledger_summary();
    assert_eq!((s.produced, s.consumed, s.consumed_again), (735, 735, 4));
}

/// Lesson 10: the duplicates and the records nobody processed are the ledger's.
#[test]
fn commit_timing_lesson_numbers_are_the_ledgers() {
    let (report, sim) = run_passing(COMMITS);
    let s = sim.ledger_summary();
    assert_eq!((s.produced, s.consumed, s.consumed_again), (30, 26, 6), "{s:?}");
    assert_eq!(report.ledger.consumed_again, s.consumed_again);
    assert!(source(COMMITS).contains(&format!("ledger.consumed_again == {}", s.consumed_again)));
    assert!(source(COMMITS).contains(&format!("ledger.consumed == {}", s.consumed)));
    // The duplicates are orders processed twice by shipping; the gap is 4 payments never processed.
    let topic = |r: &kafka_playground::sim::RecordLife| sim.topology().tp(r.pidx).topic.clone();
    let twice: Vec<_> = sim.ledger().records().iter().filter(|r| r.consumed.len() == 2).collect();
    assert_eq!(twice.len(), 6);
    assert!(twice.iter().all(|r| topic(r) == "orders" && r.consumed.iter().all(|(g, _, _)| g == "shipping")));
    let never: Vec<_> = sim.ledger().records().iter().filter(|r| r.consumed.is_empty()).collect();
    assert_eq!(never.len(), 4);
    assert!(never.iter().all(|r| topic(r) == "payments"));
    assert_eq!(claimed(&report, "ledger.consumed_again").first(), Some(&("ledger.consumed_again == 0".to_string(), Value::Num(0))));
}

/// Lesson 11: one rebalance for stop-and-deploy, two per dynamic member, none for static ones.
#[test]
fn deployments_lesson_generations_are_the_coordinators() {
    let (report, sim) = run_passing(DEPLOYS);
    assert_eq!((group_generation(&sim, "stop"), group_generation(&sim, "rolling"), group_generation(&sim, "static")), (2, 7, 1));
    assert!(claimed(&report, "group.stop.lag").contains(&("group.stop.lag == 90".to_string(), Value::Num(90))));
    let rejoined = report.steps.iter().flat_map(|s| &s.events).filter(|e| e.kind.name() == "StaticMemberRejoined").count();
    assert_eq!(rejoined, 3);
    assert_eq!(sim.ledger_summary().consumed_again, 0);
    for g in ["stop", "rolling", "static"] {
        assert_eq!(sim.group_lag(g).iter().map(|r| r.lag).sum::<u64>(), 0, "{g}");
    }
}

#[test]
fn consumer_actions_and_paths_name_file_and_line() {
    let err = |name: &str, from: &str, to: &str| {
        let src = source(name);
        assert!(src.contains(from), "test setup: `{from}` not in {name}");
        let line = src.lines().position(|l| l.contains(from)).unwrap() + 1;
        let e = parse(&src.replacen(from, to, 1), "broken.toml").unwrap_err().to_string();
        assert!(e.starts_with(&format!("broken.toml:{line}:")), "{e}");
        e
    };
    assert!(err(GROUPS, "\"stop_consumer 2\"", "\"stop_consumer 7\"").contains("unknown consumer 7 (consumers: 1..4"));
    assert!(err(GROUPS, "\"group.billing.members == 4\"", "\"group.bililng.members == 4\"").contains("unknown group `bililng`"));
    // Before analytics' consumer is added, neither the group nor consumer 5 exists.
    let e = err(GROUPS, "\"ledger.consumed == 30\"", "\"group.analytics.lag == 0\"");
    assert!(e.contains("unknown group `analytics` (groups: billing;"), "{e}");
    assert!(err(GROUPS, "\"consumer.4.partitions == 0\"", "\"consumer.4.partitions == none\"").contains("whole number"));
    assert!(err(GROUPS, "\"consumer.1.owns == [orders-0]\"", "\"consumer.1.owns == [orders-7]\"").contains("partitions 0..2, not 7"));
    assert!(err(REBALANCES, "\"group.eager.state == Stable\"", "\"group.eager.state == Rebalancing\"").contains("expected a group state"));
    assert!(err(REBALANCES, "add_consumer group=static instance=host-c", "add_consumer group=static instance=host-a").contains("already consumer 7's"));
    assert!(err(LAG, "\"group.billing.burrow == ERROR\"", "\"group.billing.burrow == STOPPED\"").contains("Burrow group status"));
    assert!(err(LAG, "\"repeat 30: produce orders-0 count=15; run 1s\"", "\"repeat 30: produce orders-0 count=15; rnu 1s\"").contains("unknown action `rnu`"));
    assert!(err(COMMITS, "\"group.refunds.lag == 0\"]", "\"group.refunds.lag.orders-0 == 0\"]").contains("group `refunds` does not read topic `orders`"));
    assert!(err(COMMITS, "add_consumer group=refunds topics=payments", "add_consumer group=refunds topics=refunds").contains("unknown topic `refunds`"));
    assert!(err(DEPLOYS, "\"stop_consumer 7\"", "\"stall_consumer 7 soon\"").contains("duration"));
}
