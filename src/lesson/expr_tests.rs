//! Unit tests of claims and paths (a child module of `expr`).
use super::*;
use crate::sim::{Action, ClusterConfig, TopicSpec};

fn p(s: &str) -> Assertion {
    Assertion::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn parses_every_path_kind() {
    assert_eq!(p("ledger.acknowledged_lost == 3").path, Path::Ledger("acknowledged_lost".into()));
    assert_eq!(p("orders-0.leader == none").value, Value::None);
    assert_eq!(p("orders-0.isr == [3, 2]").value, Value::Set(vec![2, 3]));
    assert_eq!(p("orders-0.isr.size>=2").path, Path::IsrSize(TopicPartition::new("orders", 0)));
    assert_eq!(p("orders-0.hw@2 < 5").path, Path::Hw(TopicPartition::new("orders", 0), Some(2)));
    assert_eq!(p("my.topic-name-12.leo > 0").path, Path::Leo(TopicPartition::new("my.topic-name", 12), None));
    assert_eq!(p("broker.1.status == shutting_down").path, Path::BrokerStatus(1));
    assert_eq!(p("producer.last_error == NOT_ENOUGH_REPLICAS").value, Value::Word("NOT_ENOUGH_REPLICAS".into()));
    assert_eq!(p("producer.errors.REQUEST_TIMED_OUT >= 1").op, Op::Ge);
    assert_eq!(p("events.IsrShrink != 0").path, Path::Events("IsrShrink".into()));
    assert_eq!(p("now <= 100").path, Path::Now);
    assert_eq!(p("step.elapsed >= 9000").path, Path::StepElapsed);
    assert_eq!(p("broker.2.leaders == 10").path, Path::BrokerLeaders(2));
    assert_eq!(p("orders.unavailable == 0").path, Path::Topic("orders".into(), TopicField::Unavailable));
    assert_eq!(p("my.topic-1.under_min_isr > 0").path, Path::Topic("my.topic-1".into(), TopicField::UnderMinIsr));
    // Display round-trips.
    for s in ["orders-0.hw@2 < 5", "orders-0.isr == [2,3]", "ledger.lost == 0", "broker.2.status != crashed",
              "orders.offline == 0", "orders.under_replicated >= 1", "broker.1.leaders == 3", "step.elapsed < 10"] {
        assert_eq!(p(s).to_string(), s);
    }
}

#[test]
fn rejects_bad_claims_with_a_reason() {
    let err = |s: &str| Assertion::parse(s).unwrap_err();
    assert!(err("ledger.lots == 1").contains("unknown ledger count `lots`"));
    assert!(err("orders-0.leader =~ 1").contains("unknown operator `=~`"));
    assert!(err("orders-0.leader => 1").contains("unknown operator `=>`"));
    assert!(err("orders-0.isr > [1]").contains("only be compared with == or !="));
    assert!(err("orders-0.isr == 1,2").contains("list of broker ids"));
    assert!(err("ledger.lost == many").contains("whole number"));
    assert!(err("broker.1.status == dead").contains("broker status"));
    assert!(err("producer.last_error == OOPS").contains("Kafka error name"));
    assert!(err("events.Explosion >= 1").contains("unknown event kind"));
    assert!(err("orders-0.size == 1").contains("unknown partition field"));
    assert!(err("orders-0.leader@2 == 1").contains("only goes with hw, leo, log_start and the log fields"));
    assert!(err("orders.leader == 1").contains("unknown path"));
    assert!(err("broker.1.followers == 1").contains("known: status, leaders"));
    assert!(err(".offline == 1").contains("expected a topic name"));
    assert!(err("ledger.lost").contains("expected `<path> <op> <value>`"));
    assert!(err("ledger.lost ==").contains("expected a value"));
    assert!(err("== 3").contains("expected a path"));
}

#[test]
fn validates_names_against_the_cluster() {
    let c = ClusterConfig::default(); // brokers 1..3, orders with 3 partitions
    assert!(p("orders-2.leader == 3").validate(&c).is_ok());
    assert!(p("orders-3.leader == 1").validate(&c).unwrap_err().contains("partitions 0..2"));
    assert!(p("payments-0.leader == 1").validate(&c).unwrap_err().contains("unknown topic `payments`"));
    assert!(p("broker.7.status == running").validate(&c).unwrap_err().contains("unknown broker 7"));
    assert!(p("orders-0.leader == 9").validate(&c).unwrap_err().contains("unknown broker 9"));
    assert!(p("orders-0.isr == [1,9]").validate(&c).unwrap_err().contains("unknown broker 9"));
    assert!(p("orders-0.hw@4 == 0").validate(&c).unwrap_err().contains("unknown broker 4"));
    assert!(p("orders.offline == 0").validate(&c).is_ok());
    assert!(p("payments.offline == 0").validate(&c).unwrap_err().contains("unknown topic `payments`"));
    assert!(p("broker.5.leaders == 0").validate(&c).unwrap_err().contains("unknown broker 5"));
}

#[test]
fn compares_numbers_sets_and_names() {
    assert!(compare(&Value::Num(3), Op::Ge, &Value::Num(3)));
    assert!(!compare(&Value::Num(2), Op::Gt, &Value::Num(2)));
    assert!(compare(&Value::Num(1), Op::Lt, &Value::Num(2)));
    assert!(compare(&Value::Set(vec![2, 3]), Op::Eq, &Value::Set(vec![2, 3])));
    assert!(compare(&Value::Set(vec![1, 2, 3]), Op::Ne, &Value::Set(vec![2, 3])));
    assert!(compare(&Value::None, Op::Ne, &Value::Num(1)));
    assert!(!compare(&Value::None, Op::Eq, &Value::Num(1)));
    assert!(!compare(&Value::None, Op::Ge, &Value::Num(0)));
}

#[test]
fn evaluates_against_a_running_sim() {
    let cfg = ClusterConfig::with_brokers(3, vec![TopicSpec::new("orders", 1, 3)]);
    let mut sim = Sim::new(cfg, 7).unwrap();
    let mut counts = EventCounts::default();
    counts.observe_all(&sim.run_for(1_000));
    let leader = match p("orders-0.leader == 1").actual(&sim, &counts) {
        Value::Num(b) => b,
        other => panic!("leader is {other}"),
    };
    assert!(p("orders-0.isr == [1,2,3]").eval(&sim, &counts).holds);
    assert!(p("orders-0.isr.size == 3").eval(&sim, &counts).holds);
    assert!(p("broker.2.status == running").eval(&sim, &counts).holds);
    assert!(p("producer.last_error == none").eval(&sim, &counts).holds);
    assert!(p("ledger.produced == 0").eval(&sim, &counts).holds);
    counts.observe_all(&sim.apply(Action::Produce {
        topic: "orders".into(), key: None, value: None, count: 4, partition: Some(0), producer: None,
    }).unwrap());
    counts.observe_all(&sim.run_for(2_000));
    let c = p("ledger.committed == 4").eval(&sim, &counts);
    assert!(c.holds, "committed is {}", c.actual);
    assert_eq!(p("orders-0.hw == 0").eval(&sim, &counts).actual, Value::Num(4));
    assert_eq!(p(&format!("orders-0.leo@{leader} == 0")).eval(&sim, &counts).actual, Value::Num(4));
    assert!(p("events.Acknowledged >= 1").eval(&sim, &counts).holds);
    assert!(p("events.RecordsLost == 0").eval(&sim, &counts).holds);
    let wrong = p("ledger.acknowledged == 5").eval(&sim, &counts);
    assert!(!wrong.holds);
    assert_eq!(wrong.actual, Value::Num(4));
    counts.observe_all(&sim.apply(Action::CrashBroker { broker: leader as u32 }).unwrap());
    let st = p(&format!("broker.{leader}.status == crashed")).eval(&sim, &counts);
    assert!(st.holds, "{}", st.actual);
    assert_eq!(p("events.BrokerCrashed == 1").eval(&sim, &counts).actual, Value::Num(1));
}

#[test]
fn event_names_are_variant_names() {
    let e = EventKind::BrokerCrashed { broker: 1 };
    assert_eq!(event_name(&e), "BrokerCrashed");
    let e = EventKind::IsrShrink { tp: TopicPartition::new("orders", 0), removed: vec![1], isr: vec![2] };
    assert_eq!(event_name(&e), "IsrShrink");
    assert!(EVENT_KINDS.contains(&"Truncated"));
}

#[test]
fn parses_producer_and_transaction_paths() {
    use crate::lesson::path::ProducerField;
    let tp = TopicPartition::new("orders", 0);
    assert_eq!(p("ledger.reordered >= 1").path, Path::Ledger("reordered".into()));
    assert_eq!(p("ledger.txn_aborted == 2").path, Path::Ledger("txn_aborted".into()));
    assert_eq!(p("orders-0.lso == 3").path, Path::Lso(tp.clone()));
    assert_eq!(p("orders-0.lso == none").value, Value::None);
    assert_eq!(p("orders-0.read_committed == 0").path, Path::Readable(tp.clone(), true));
    assert_eq!(p("orders-0.read_uncommitted > 0").path, Path::Readable(tp, false));
    assert_eq!(p("producer.2.epoch == 1").path, Path::Producer(Some(2), ProducerField::Epoch));
    assert_eq!(p("producer.id != 0").path, Path::Producer(None, ProducerField::Id));
    assert_eq!(p("producer.1.txn_state == Fenced").value, Value::Word("Fenced".into()));
    assert_eq!(p("producer.3.txn_state == none").value, Value::None);
    assert_eq!(p("producer.2.last_error == INVALID_PRODUCER_EPOCH").path, Path::Producer(Some(2), ProducerField::LastError));
    assert_eq!(p("producer.2.errors.OUT_OF_ORDER_SEQUENCE_NUMBER >= 1").path,
        Path::Producer(Some(2), ProducerField::Errors("OUT_OF_ORDER_SEQUENCE_NUMBER".into())));
    assert_eq!(p("events.PartitionsAdded == 1").path, Path::Events("PartitionsAdded".into()));
    for s in ["producer.2.epoch == 1", "producer.last_error == none", "orders-0.read_committed == 0",
              "producer.1.errors.PRODUCER_FENCED >= 1", "orders-0.lso == 3", "producer.txn_state == Ready"] {
        assert_eq!(p(s).to_string(), s);
    }
    let err = |s: &str| Assertion::parse(s).unwrap_err();
    assert!(err("producer.2.colour == 1").contains("unknown producer path"));
    assert!(err("producer.0.epoch == 1").contains("expected a producer number"));
    assert!(err("producer.1.txn_state == Sleeping").contains("expected a transaction state"));
    assert!(err("producer.1.txn_state > Ready").contains("only be compared with == or !="));
    assert!(err("producer.2.errors.OOPS >= 1").contains("unknown Kafka error `OOPS`"));
    assert!(err("ledger.reorderd == 1").contains("unknown ledger count `reorderd`"));
    assert!(err("orders-0.lso@2 == 1").contains("only goes with hw, leo, log_start and the log fields"));
}

#[test]
fn every_simulator_event_kind_is_a_claimable_name() {
    for name in EventKind::NAMES {
        assert_eq!(p(&format!("events.{name} >= 0")).path, Path::Events(name.to_string()));
    }
}

#[test]
fn parses_compaction_paths() {
    use crate::lesson::log_path::LogField;
    for (text, field) in [("holes", LogField::Holes), ("records", LogField::Records), ("keys", LogField::Keys),
                          ("tombstones", LogField::Tombstones), ("cleaner_checkpoint", LogField::CleanerCheckpoint)] {
        let a = p(&format!("profiles-0.{text}@2 == 1"));
        assert_eq!(a.path, Path::Log(crate::sim::TopicPartition::new("profiles", 0), field, Some(2)));
        assert_eq!(a.path.to_string(), format!("profiles-0.{text}@2"));
    }
    let e = Assertion::parse("profiles-0.holez == 1").unwrap_err();
    assert!(e.contains("cleaner_checkpoint"), "the error lists the log fields: {e}");
}

