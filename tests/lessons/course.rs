//! Lessons 12-17 of `tests/lessons.rs`: their headline numbers are recomputed here from the
//! simulator's ledger and event log, independently of the claim paths, and the lessons must
//! claim exactly those numbers.

use super::{claimed, load, run_passing};
use kafka_playground::lesson::{Runner, Value};
use kafka_playground::sim::event::LossReason;
use kafka_playground::sim::{Acks, BrokerId, Event, EventKind, Sim, TopicPartition};
use std::collections::BTreeSet;

const ACKS0: &str = "13-acks0-vs-safest.toml";
const UNCLEAN: &str = "14-unclean-leader-election.toml";
const ELECTION: &str = "15-leader-election-cost.toml";

fn pidx(sim: &Sim, tp: &str) -> usize {
    sim.topology().pidx(&TopicPartition::parse(tp).unwrap()).unwrap()
}

/// Lesson 13: the 6 clicks lost are acks=0 records the producer never heard a word about, and
/// not one acks=all payment is lost.
#[test]
fn acks0_lesson_loss_is_the_ledgers() {
    let (report, sim) = run_passing(ACKS0);
    let clicks = pidx(&sim, "clicks-0");
    let payments = pidx(&sim, "payments-0");
    let lost_clicks: Vec<_> = sim.ledger().records().iter().filter(|r| r.pidx == clicks && r.lost.is_some()).collect();
    assert_eq!(lost_clicks.len(), 6);
    assert!(lost_clicks.iter().all(|r| r.acks == Acks::None && r.failed.is_none()), "acks=0, and no error for them");
    let paid: Vec<_> = sim.ledger().records().iter().filter(|r| r.pidx == payments).collect();
    assert_eq!(paid.len(), 10);
    assert!(paid.iter().all(|r| r.acks == Acks::All && r.lost.is_none() && r.acked.is_some()));
    // The predict check claims that number, and it was evaluated to it.
    assert!(claimed(&report, "ledger.lost").contains(&("ledger.lost == 6".to_string(), Value::Num(6))));
    assert!(claimed(&report, "producer.last_error").contains(&("producer.last_error == none".to_string(), Value::None)));
}

/// Lesson 14: the records lost are exactly metrics' 5, lost to an unclean election, while
/// payments-0 went offline and lost nothing.
#[test]
fn unclean_lesson_loss_and_offline_partition_are_the_simulators() {
    let (report, sim) = run_passing(UNCLEAN);
    let metrics = pidx(&sim, "metrics-0");
    let lost: Vec<_> = sim.ledger().acknowledged_lost();
    assert_eq!(lost.len(), 5);
    for r in &lost {
        assert_eq!(r.pidx, metrics);
        let reason = &r.lost.as_ref().unwrap().reason;
        assert!(matches!(reason, LossReason::LeaderWithoutRecord { unclean: true, new_leader: 2, .. }), "{reason:?}");
    }
    let events: Vec<&Event> = report.steps.iter().flat_map(|s| &s.events).collect();
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::PartitionOffline { tp, .. } if tp.topic == "payments")));
    assert!(!events.iter().any(|e| matches!(&e.kind, EventKind::LeaderElected { tp, unclean: true, .. } if tp.topic == "payments")));
    let claim = format!("ledger.acknowledged_lost == {}", lost.len());
    assert!(claimed(&report, "ledger.acknowledged_lost").iter().any(|(c, v)| *c == claim && *v == Value::Num(5)));
}

/// The partitions `broker` leads now, by the controller's records.
fn led_by(sim: &Sim, broker: BrokerId) -> BTreeSet<TopicPartition> {
    sim.controller().partitions.iter().filter(|p| p.leader == Some(broker)).map(|p| sim.topology().tp(p.pidx).clone()).collect()
}

/// Lesson 15: the unavailability after the crash, measured from the event log (crash to the last
/// new leader taking over), is what `step.elapsed` reported; in the controlled shutdown every
/// leadership moved before the broker stopped.
#[test]
fn election_cost_lesson_unavailability_is_measured_from_events() {
    let mut runner = Runner::new(load(ELECTION)).unwrap();
    runner.run_step();
    let crashed = led_by(runner.sim(), 1);
    assert_eq!(crashed.len(), 100);
    for _ in 0..3 {
        runner.run_step();
    }
    let stopped = led_by(runner.sim(), 2);
    assert_eq!(stopped.len(), 150);
    runner.run_all();
    let (report, _sim) = runner.into_parts();
    assert!(report.passed(), "{:?}", report.failures());
    let events: Vec<&Event> = report.steps.iter().flat_map(|s| &s.events).collect();
    let at = |pred: &dyn Fn(&EventKind) -> bool| events.iter().find(|e| pred(&e.kind)).map(|e| e.at).unwrap();
    // The crash: every partition broker 1 led waits until another broker takes over.
    let crash_at = at(&|k| matches!(k, EventKind::BrokerCrashed { broker: 1 }));
    let taken_over = |set: &BTreeSet<TopicPartition>, after: u64| -> Vec<u64> {
        set.iter().map(|tp| {
            events.iter().find(|e| e.at >= after && matches!(&e.kind, EventKind::BecameLeader { tp: t, .. } if t == tp))
                .unwrap_or_else(|| panic!("{tp} got a new leader")).at
        }).collect()
    };
    let back = taken_over(&crashed, crash_at);
    let unavailable_ms = back.iter().max().unwrap() - crash_at;
    assert!((7000..=9000).contains(&unavailable_ms), "{unavailable_ms}");
    assert!(back.iter().min().unwrap() - crash_at >= 7000, "no partition came back early: all waited for the fence");
    let elapsed = claimed(&report, "step.elapsed");
    assert_eq!(elapsed[0].1, Value::Num(unavailable_ms), "the crash step's step.elapsed is the measured unavailability");
    // The controlled shutdown: every new leader took over while broker 2 was still up.
    let stop_at = at(&|k| matches!(k, EventKind::BrokerStopped { broker: 2 }));
    let asked_at = at(&|k| matches!(k, EventKind::BrokerShutdownRequested { broker: 2 }));
    let moved = taken_over(&stopped, asked_at);
    assert!(moved.iter().all(|t| *t <= stop_at), "every new leader took over before broker 2 stopped");
    let shutdown_ms = moved.iter().max().unwrap() - asked_at;
    assert!(shutdown_ms < 100, "{shutdown_ms}");
    assert!(elapsed.contains(&("step.elapsed < 100".to_string(), Value::Num(shutdown_ms))), "{elapsed:?}");
    assert!(claimed(&report, "orders.unavailable").iter().any(|(c, v)| c == "orders.unavailable == 100" && *v == Value::Num(crashed.len() as u64)));
}

/// Lesson 16: the partitions that fall below min.insync.replicas when rack a goes dark are the
/// ones with two replicas in rack a, read from the placement and the brokers' racks.
#[test]
fn racks_lesson_counts_come_from_the_placement() {
    const RACKS: &str = "16-racks-replica-placement.toml";
    let (report, sim) = run_passing(RACKS);
    let rack_of = |b: BrokerId| sim.topology().config.brokers.iter().find(|s| s.id == b).and_then(|s| s.rack.clone()).unwrap();
    let in_rack_a = |topic: &str| -> Vec<usize> {
        sim.controller().partitions.iter().filter(|p| sim.topology().tp(p.pidx).topic == topic)
            .map(|p| p.replicas.iter().filter(|b| rack_of(**b) == "a").count()).collect()
    };
    // Rack-aware placement: one replica per rack in every orders partition.
    for p in sim.controller().partitions.iter().filter(|p| sim.topology().tp(p.pidx).topic == "orders") {
        let racks: BTreeSet<String> = p.replicas.iter().map(|b| rack_of(*b)).collect();
        assert_eq!(racks.len(), 3, "{:?}", p.replicas);
    }
    assert!(in_rack_a("orders").iter().all(|n| *n == 1));
    let doubled = in_rack_a("legacy").iter().filter(|n| **n >= 2).count();
    assert_eq!(doubled, 2);
    assert!(claimed(&report, "legacy.under_min_isr").contains(&(format!("legacy.under_min_isr == {doubled}"), Value::Num(doubled as u64))));
    assert!(claimed(&report, "orders.under_min_isr").iter().all(|(_, v)| *v == Value::Num(0)));
}
