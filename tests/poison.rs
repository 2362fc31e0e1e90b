//! A poison record (the application's processing always throws on key "bad") in a consumer
//! group: retrying it blocks everything behind it on the partition (head of line); skipping it
//! after three tries goes on but loses it (the checker says so); dead-lettering it writes it to
//! `orders-dlt` and goes on with nothing lost. Lesson 26 teaches the same run.

use kafka_playground::sim::event::EventKind;
use kafka_playground::sim::{Action, ClusterConfig, Sim, TopicSpec};

fn run(handling: &str) -> (Sim, Vec<EventKind>) {
    let mut c = ClusterConfig::with_brokers(3, vec![TopicSpec::new("orders", 1, 3), TopicSpec::new("orders-dlt", 1, 3)]);
    c.set("sim.poison.key", "bad").unwrap();
    c.set("sim.poison.handling", handling).unwrap();
    c.set("auto.offset.reset", "earliest").unwrap();
    c.set("offsets.topic.num.partitions", "3").unwrap();
    let mut s = Sim::new(c, 26).unwrap();
    let mut events = Vec::new();
    events.extend(s.apply(Action::AddConsumer { group: "billing".into(), topics: vec![], instance_id: None }).unwrap());
    events.extend(s.run_for(8_000));
    for key in [None, None, None, Some("bad"), None, None, None] {
        events.extend(s.apply(Action::Produce { topic: "orders".into(), key: key.map(str::to_string), value: None, count: 1, partition: Some(0), producer: None }).unwrap());
        events.extend(s.run_for(200));
    }
    events.extend(s.run_for(20_000));
    (s, events.into_iter().map(|e| e.kind).collect())
}

fn count(events: &[EventKind], name: &str) -> usize {
    events.iter().filter(|e| e.name() == name).count()
}

fn lag(s: &Sim) -> u64 {
    s.group_lag("billing").iter().map(|r| r.lag).sum()
}

#[test]
fn retrying_a_poison_record_blocks_the_partition_behind_it() {
    let (s, events) = run("retry");
    assert_eq!(s.ledger_summary().consumed, 3, "only the records before the poison one");
    assert!(count(&events, "ProcessingFailed") >= 10, "it keeps failing, about once a second");
    assert_eq!(count(&events, "DeadLettered"), 0);
    assert_eq!(lag(&s), 4, "the poison record and the three behind it wait");
}

#[test]
fn skipping_goes_on_but_the_checker_reports_the_skipped_record() {
    let (s, events) = run("skip");
    assert_eq!(count(&events, "ProcessingFailed"), 3, "sim.poison.attempts=3");
    assert_eq!(s.ledger_summary().consumed, 6, "all but the poison record");
    assert_eq!(lag(&s), 0);
    let report = s.check();
    assert!(report.groups.iter().any(|g| g.group == "billing" && !g.skipped.is_empty()), "{report:?}");
}

#[test]
fn dead_lettering_writes_the_record_to_the_dlt_and_goes_on() {
    let (s, events) = run("dead-letter");
    assert_eq!(count(&events, "DeadLettered"), 1);
    assert_eq!(s.ledger_summary().consumed, 7);
    assert_eq!(lag(&s), 0);
    let dlt = s.topology().topics["orders-dlt"][0];
    let parked = s.read(dlt, false);
    assert_eq!(parked.len(), 1, "the poison record waits in orders-dlt");
    assert_eq!(s.ledger().get(parked[0].1).and_then(|r| r.key.clone()).as_deref(), Some("bad"));
}

#[test]
fn bad_settings_name_the_key() {
    let mut c = ClusterConfig::default();
    let e = c.set("sim.poison.handling", "ignore").unwrap_err();
    assert!(e.message.contains("retry, skip, dead-letter") && e.key == "sim.poison.handling", "{e:?}");
    assert!(c.set("sim.poison.attempts", "0").is_err());
}
