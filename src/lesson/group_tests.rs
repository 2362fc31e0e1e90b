//! Unit tests of the consumer-group actions and claim paths (a child module of `group_commands`).
use super::super::commands::{parse_actions, parse_command};
use super::super::expr::{Assertion, Value};
use super::super::path::{ConsumerField, GroupField, Path};
use super::*;
use crate::sim::{ClusterConfig, TopicPartition};

fn scene() -> Scene {
    Scene::new(ClusterConfig::default()) // brokers 1..3, orders with 3 partitions
}

fn claim(s: &str) -> Assertion {
    Assertion::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn consumer_actions_map_to_actions() {
    let mut sc = scene();
    let mut c = |s: &str| parse_command(s, &mut sc).unwrap_or_else(|e| panic!("{s}: {e}"));
    assert_eq!(c("add_consumer group=billing"), Command::Apply(Action::AddConsumer {
        group: "billing".into(), topics: vec!["orders".into()], instance_id: None }));
    assert_eq!(c("add_consumer group=billing instance=host-a topics=orders"), Command::Apply(Action::AddConsumer {
        group: "billing".into(), topics: vec!["orders".into()], instance_id: Some("host-a".into()) }));
    assert_eq!(c("crash_consumer 2"), Command::Apply(Action::CrashConsumer { consumer: 2 }));
    assert_eq!(c("stop_consumer consumer 1"), Command::Apply(Action::StopConsumer { consumer: 1 }));
    assert_eq!(c("restart_consumer 1"), Command::Apply(Action::RestartConsumer { consumer: 1 }));
    assert_eq!(c("stall_consumer 2 60s"), Command::Apply(Action::StallConsumer { consumer: 2, ms: 60_000 }));
    assert_eq!(c("slow_consumer 2 200ms"), Command::Apply(Action::SlowConsumer { consumer: 2, ms_per_record: 200 }));
    assert_eq!(c("stall_replication 3 10s"), Command::Apply(Action::StallReplication { broker: 3, ms: 10_000 }));
    // The first consumer creates __consumer_offsets (50 partitions by default), so claims can name it.
    assert!(c("wait_until __consumer_offsets-49.leader != none") != Command::Step(0));
    assert!(c("wait_until group.billing.lag.orders-2 == 0") != Command::Step(0));
    assert!(c("wait_until consumer.2.owns == [orders-1,orders-0]") != Command::Step(0));
}

#[test]
fn bad_consumer_actions_say_what_was_expected() {
    let mut sc = scene();
    let mut c = |s: &str| parse_command(s, &mut sc).unwrap_err();
    assert!(c("crash_consumer 1").contains("unknown consumer 1 (no consumers yet"));
    assert!(c("wait_until group.billing.lag == 0").contains("unknown group `billing` (groups: none yet"));
    assert!(c("add_consumer").contains("needs a group.id"));
    assert!(c("add_consumer group=a.b").contains("group name"));
    assert!(c("add_consumer group=g topics=payments").contains("unknown topic `payments`"));
    assert!(c("add_consumer group=g colour=red").contains("unknown option `colour=red`"));
    assert!(c("stall_replication 9 1s").contains("unknown broker 9"));
    assert!(c("stall_replication 1 90m").contains("at most 1h"));
    assert!(c("stall_replication 1").contains("expected `stall_replication <broker> <duration>`"));
    let mut sc = scene();
    parse_command("add_consumer group=g instance=host-a", &mut sc).unwrap();
    let mut c = |s: &str| parse_command(s, &mut sc).unwrap_err();
    assert!(c("add_consumer group=g instance=host-a").contains("already consumer 1's"));
    assert!(c("restart_consumer 2").contains("unknown consumer 2 (consumers: 1..1"));
    assert!(c("stall_consumer 1 soon").contains("duration"));
    assert!(c("stall_consumer 1").contains("expected `stall_consumer <consumer> <duration>`"));
    assert!(c("slow_consumer 1").contains("expected `slow_consumer <consumer> <time per record>`"));
    assert!(c("slow_consumer 1 11m").contains("at most 10m"));
    assert!(c("wait_until group.other.state == Stable").contains("unknown group `other` (groups: g;"));
    assert!(c("wait_until consumer.2.partitions == 1").contains("unknown consumer 2"));
}

#[test]
fn claims_name_groups_and_consumers() {
    assert_eq!(claim("group.billing.state == PreparingRebalance").path, Path::Group("billing".into(), GroupField::State));
    assert_eq!(claim("group.billing.lag.orders-2 > 3").path,
        Path::Group("billing".into(), GroupField::PartitionLag(TopicPartition::new("orders", 2))));
    assert_eq!(claim("group.g.committed.orders-0 == none").value, Value::None);
    assert_eq!(claim("group.g.burrow.orders-0 == STALLED").value, Value::Word("STALLED".into()));
    assert_eq!(claim("consumer.3.owns == [orders-2, orders-0]").value,
        Value::Partitions(vec![TopicPartition::new("orders", 0), TopicPartition::new("orders", 2)]));
    assert_eq!(claim("consumer.3.owns == []").value, Value::Partitions(vec![]));
    assert_eq!(claim("consumer.1.state == Crashed").path, Path::Consumer(1, ConsumerField::State));
    for s in ["group.g.generation >= 2", "group.g.members == 3", "group.g.burrow == ERROR", "consumer.2.owns == [orders-0,orders-1]",
              "group.g.lag.orders-1 == 0", "ledger.consumed_again == 6", "consumer.1.partitions == 1"] {
        assert_eq!(claim(s).to_string(), s);
    }
    let err = |s: &str| Assertion::parse(s).unwrap_err();
    assert!(err("group.g.state == Rebalancing").contains("expected a group state (Empty, PreparingRebalance"));
    assert!(err("group.g.burrow == STOPPED").contains("Burrow group status (OK, WARNING, ERROR)"));
    assert!(err("group.g.burrow.orders-0 == ERROR").contains("Burrow partition status"));
    assert!(err("group.g.lagg == 1").contains("unknown group field `lagg`"));
    assert!(err("group.g.lag.orders == 1").contains("expected a partition like orders-0"));
    assert!(err("group.g == 1").contains("expected `group.<group>.<field>`"));
    assert!(err("consumer.x.state == Stable").contains("expected a consumer number"));
    assert!(err("consumer.1.owns > [orders-0]").contains("only be compared with == or !="));
    assert!(err("consumer.1.owns == [0,1]").contains("expected a partition like orders-0"));
    assert!(err("consumer.1.lag == 1").contains("unknown consumer field `lag`"));
    assert!(err("group.g.state >= Stable").contains("only be compared with == or !="));
}

#[test]
fn group_claims_check_the_groups_topics() {
    let mut cfg = ClusterConfig::default();
    cfg.topics.push(crate::sim::TopicSpec::new("payments", 1, 3));
    let mut sc = Scene::new(cfg);
    parse_command("add_consumer group=g topics=payments", &mut sc).unwrap();
    assert!(sc.validate_claim(&claim("group.g.lag.payments-0 == 0")).is_ok());
    assert!(sc.validate_claim(&claim("group.g.lag.orders-0 == 0")).unwrap_err().contains("group `g` does not read topic `orders`"));
    assert!(sc.validate_claim(&claim("group.g.lag.payments-1 == 0")).unwrap_err().contains("partitions 0..0"));
    assert!(sc.validate_claim(&claim("consumer.1.owns == [payments-3]")).unwrap_err().contains("partitions 0..0"));
}

#[test]
fn repeat_expands_its_actions() {
    let mut sc = scene();
    let v = parse_actions("repeat 3: produce orders-0 count=2; run 1s", &mut sc).unwrap();
    assert_eq!(v.len(), 6);
    assert_eq!(v[5].0, "run 1s (repeat 3/3)");
    assert_eq!(v[1].1, Command::Run(1_000));
    // Each copy sees the scene the copies before it left: three consumers 1, 2, 3.
    assert_eq!(parse_actions("repeat 3: add_consumer group=g", &mut sc).unwrap().len(), 3);
    assert!(parse_command("crash_consumer 3", &mut sc).is_ok());
    let mut e = |s: &str| parse_actions(s, &mut sc).unwrap_err();
    assert!(e("repeat x: run 1s").contains("expected a number of times"));
    assert!(e("repeat 2 run 1s").contains("expected `repeat <times>:"));
    assert!(e("repeat 2:").contains("expected `repeat <times>:"));
    assert!(e("repeat 2: explode").contains("in `explode`: unknown action `explode`"));
    assert!(e("repeat 5000: run 1s").contains("at most 2000"));
    assert!(e("repeat 2: repeat 2: run 1s").contains("cannot contain another `repeat`"));
}
