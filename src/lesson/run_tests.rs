//! Unit tests of the runner (a child module of `run`).
use super::*;
use crate::lesson::expr::EVENT_KINDS;
use crate::lesson::parse;

const SMALL: &str = r#"
id = "small"
chapter = 0
title = { en = "Small", ko = "작은 예" }
summary = { en = "A test.", ko = "테스트." }
seed = 3

[cluster]
brokers = [{ id = 1, rack = "a" }, { id = 2, rack = "b" }, { id = 3, rack = "c" }]
configs = { acks = "all" }

[[cluster.topics]]
name = "orders"
partitions = 2
replication_factor = 3
configs = { "min.insync.replicas" = 2 }

[[step]]
say = { en = "Boot.", ko = "부팅." }
do = ["run 1s"]
expect = ["orders-0.isr.size == 3", "orders-1.isr.size == 3", "now == 1000"]

[[step]]
say = { en = "Produce.", ko = "프로듀스." }
do = ["produce orders-1 count=4 key=k", "wait_until events.Acknowledged >= 1 within 2s", "step 3"]
expect = ["ledger.acknowledged == 4", "ledger.produced == 4", "events.RecordsSent == 1"]

[[step]]
say = { en = "Isolate broker 3 for a while.", ko = "브로커 3을 잠시 고립시킵니다." }
do = ["isolate 3", "wait_until events.IsrShrink >= 1 within 60s", "heal broker 3", "set linger.ms=0"]
expect = ["events.NodeIsolated == 1", "events.ConfigChanged == 1", "producer.pending == 0"]
"#;

fn small() -> Lesson {
    parse(SMALL, "small.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn runs_steps_and_reports_claims() {
    let lesson = small();
    assert_eq!(lesson.cluster.brokers[1].rack.as_deref(), Some("b"));
    assert_eq!(lesson.cluster.topics[0].configs.get("min.insync.replicas").map(String::as_str), Some("2"));
    let report = check(&lesson).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(report.steps.len(), 3);
    assert_eq!(report.claim_count(), 9);
    assert!(report.steps[1].events.iter().any(|e| matches!(e.kind, crate::sim::EventKind::Acknowledged { .. })));
    assert_eq!(report.ledger.acknowledged, 4);
}

#[test]
fn runs_are_deterministic() {
    let a = run(&small()).unwrap();
    let b = run(&small()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_wrong_claim_names_lesson_step_claim_and_actual() {
    let src = SMALL.replace("\"ledger.acknowledged == 4\"", "\"ledger.acknowledged == 5\"");
    let f = check(&parse(&src, "small.toml").unwrap()).unwrap_err();
    assert_eq!(f.step, 2);
    assert_eq!(f.say, "Produce.");
    assert_eq!(f.claim.as_deref(), Some("ledger.acknowledged == 5"));
    assert_eq!(f.actual, Some(Value::Num(4)));
    let line = SMALL.lines().position(|l| l.contains("ledger.acknowledged == 4")).unwrap() + 1;
    let msg = f.to_string();
    assert!(msg.starts_with(&format!("small.toml:{line}:")), "{msg}");
    assert!(msg.contains("lesson `small`, step 2 (\"Produce.\")"), "{msg}");
    assert!(msg.contains("but ledger.acknowledged is 4"), "{msg}");
}

#[test]
fn a_wait_that_never_comes_true_stops_the_run() {
    let src = SMALL.replace("events.IsrShrink >= 1 within 60s", "events.Truncated >= 1 within 5s");
    let lesson = parse(&src, "small.toml").unwrap();
    let report = run(&lesson).unwrap();
    assert_eq!(report.steps.len(), 3);
    let err = report.steps[2].error.as_ref().expect("wait_until failure");
    assert!(err.message.contains("did not come true within 5000 ms"), "{}", err.message);
    assert!(!report.passed());
    let f = check(&lesson).unwrap_err();
    assert_eq!(f.step, 3);
    assert!(f.to_string().contains("events.Truncated is 0"), "{f}");
}

#[test]
fn stepping_one_at_a_time_matches_a_whole_run() {
    let lesson = small();
    let mut r = Runner::new(lesson.clone()).unwrap();
    assert_eq!(r.next_step(), Some(0));
    assert!(r.run_step().unwrap().passed());
    assert_eq!(r.next_step(), Some(1));
    r.run_all();
    assert_eq!(r.next_step(), None);
    assert!(r.run_step().is_none());
    assert_eq!(r.report(), &run(&lesson).unwrap());
}

#[test]
fn every_event_a_run_emits_has_a_known_name() {
    let report = run(&small()).unwrap();
    let mut seen = 0;
    for s in &report.steps {
        for e in &s.events {
            let name = crate::lesson::expr::event_name(&e.kind);
            assert!(EVENT_KINDS.contains(&name), "event kind {name} is missing from EVENT_KINDS");
            seen += 1;
        }
    }
    assert!(seen > 10);
}

/// `wait_until ... within D` runs the items due exactly at the deadline: a claim that becomes
/// true at start + D holds, and one ms less is not enough.
#[test]
fn wait_until_includes_items_due_at_the_deadline() {
    let scene = |within: &str| SMALL.replace("\"wait_until events.Acknowledged >= 1 within 2s\"",
        &format!("\"wait_until events.Acknowledged >= 1 within {within}\""));
    let report = run(&parse(&scene("2s"), "small.toml").unwrap()).unwrap();
    let step = &report.steps[1];
    let start = report.steps[0].events.last().map_or(1_000, |e| e.at).max(1_000);
    let acked = step.events.iter().find(|e| matches!(e.kind, crate::sim::EventKind::Acknowledged { .. })).unwrap().at;
    let exact = format!("{}ms", acked - start);
    assert!(check(&parse(&scene(&exact), "small.toml").unwrap()).is_ok(), "within {exact}");
    let short = format!("{}ms", acked - start - 1);
    let f = run(&parse(&scene(&short), "small.toml").unwrap()).unwrap();
    let err = f.steps[1].error.as_ref().expect("too short a wait fails");
    assert!(err.message.contains("did not come true"), "{}", err.message);
}

#[test]
fn producer_paths_read_every_producer() {
    let src = r#"
id = "producers"
chapter = 0
title = { en = "P", ko = "프" }
summary = { en = "P.", ko = "프." }
seed = 1

[cluster]
brokers = 3
configs = { "transaction.state.log.num.partitions" = 3 }

[[cluster.topics]]
name = "orders"
partitions = 1
replication_factor = 3

[[step]]
say = { en = "Boot.", ko = "부팅." }
do = ["set transactional.id=t", "wait_until producer.1.txn_state == Ready within 5s",
      "add_producer", "run 1s", "produce orders-0 producer=2", "run 1s"]
expect = ["producer.txn_state == Ready", "producer.2.txn_state == none", "producer.2.epoch == 0",
          "producer.2.id > 0", "producer.2.pending == 0", "producer.2.last_error == none",
          "orders-0.lso == 1", "orders-0.read_committed == 1", "orders-0.read_uncommitted == 1",
          "__transaction_state-2.isr.size == 3", "ledger.reordered == 0", "ledger.txn_aborted == 0"]
"#;
    let report = check(&parse(src, "p.toml").unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(report.claim_count(), 12);
    // Producer 3 does not exist, and a claim about it is a file:line error.
    let bad = src.replace("\"producer.2.pending == 0\"", "\"producer.3.pending == 0\"");
    let e = parse(&bad, "p.toml").unwrap_err().to_string();
    let line = bad.lines().position(|l| l.contains("producer.3.pending")).unwrap() + 1;
    assert!(e.starts_with(&format!("p.toml:{line}:")) && e.contains("unknown producer 3"), "{e}");
}

/// The topic-wide counts follow a crash: unavailable at once (the controller still names the dead
/// leader), offline never (a clean election from the ISR), and the step's clock says how long.
#[test]
fn topic_counts_and_step_elapsed_follow_a_crash() {
    let text = SMALL.split("[[step]]").next().unwrap().to_string() + r#"
[[step]]
say = { en = "Boot.", ko = "부팅." }
do = ["run 2s"]
expect = ["broker.1.leaders == 1", "broker.2.leaders == 1", "orders.unavailable == 0", "orders.under_replicated == 0", "step.elapsed == 2000"]

[[step]]
say = { en = "Crash.", ko = "장애." }
do = ["crash 1", "step 1"]
expect = ["orders.unavailable == 1", "orders.offline == 0", "orders-0.leader == 1"]

[[step]]
say = { en = "Elect.", ko = "선출." }
do = ["wait_until orders.unavailable == 0 within 30s"]
expect = ["broker.1.leaders == 0", "orders.under_replicated == 2", "orders.under_min_isr == 0", "step.elapsed >= 5000", "step.elapsed <= 9000"]
"#;
    let lesson = parse(&text, "crash.toml").unwrap_or_else(|e| panic!("{e}"));
    let report = check(&lesson).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(report.steps.len(), 3);
}

#[test]
fn a_term_command_runs_records_its_output_and_fails_the_step_on_a_bad_exit() {
    let ok = SMALL.replace("do = [\"run 1s\"]",
        "do = [\"run 1s\", \"term kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders\"]");
    let report = run(&parse(&ok, "small.toml").unwrap()).unwrap();
    let (line, out) = &report.steps[0].terminal[0];
    assert!(line.starts_with("kafka-topics.sh"));
    assert!(out.contains("Topic: orders\tTopicId:"), "{out}");
    assert!(report.steps[0].error.is_none());

    let bad = SMALL.replace("do = [\"run 1s\"]", "do = [\"run 1s\", \"term kafka-topics.sh --describe --topic orders\"]");
    let report = run(&parse(&bad, "small.toml").unwrap()).unwrap();
    let err = report.steps[0].error.as_ref().expect("a failed command stops the step");
    assert!(err.message.contains("exited with 1"), "{}", err.message);
    assert!(err.message.contains("bootstrap-server"), "{}", err.message);
}
