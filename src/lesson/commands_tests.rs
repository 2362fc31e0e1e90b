//! Unit tests of the `do` actions (a child module of `commands`).
use super::*;

fn cmd(s: &str) -> Result<Command, String> {
    parse_command(s, &mut Scene::new(ClusterConfig::default()))
}

#[test]
fn commands_map_to_actions_and_time() {
    assert_eq!(cmd("produce orders-1 count=3").unwrap(), Command::Apply(Action::Produce {
        topic: "orders".into(), key: None, value: None, count: 3, partition: Some(1), producer: None }));
    assert_eq!(cmd("produce orders key=k1").unwrap(), Command::Apply(Action::Produce {
        topic: "orders".into(), key: Some("k1".into()), value: None, count: 1, partition: None, producer: None }));
    assert_eq!(cmd("crash 2").unwrap(), Command::Apply(Action::CrashBroker { broker: 2 }));
    assert_eq!(cmd("kill broker 2").unwrap(), Command::Apply(Action::CrashBroker { broker: 2 }));
    assert_eq!(cmd("isolate controller").unwrap(), Command::Apply(Action::Isolate { node: NodeId::Controller }));
    assert_eq!(cmd("drop_next FetchResponse from=1 to=broker2").unwrap(), Command::Apply(Action::DropNext {
        kind: MsgKind::FetchResponse, from: Some(NodeId::Broker(1)), to: Some(NodeId::Broker(2)) }));
    assert_eq!(cmd("set acks=1").unwrap(), Command::Apply(Action::SetConfig { key: "acks".into(), value: "1".into() }));
    assert_eq!(cmd("run 2s").unwrap(), Command::Run(2_000));
    assert_eq!(cmd("run 15").unwrap(), Command::Run(15));
    assert_eq!(cmd("step 4").unwrap(), Command::Step(4));
    match cmd("wait_until orders-0.leader != 1 within 20s").unwrap() {
        Command::WaitUntil { claim, max_ms } => {
            assert_eq!(max_ms, 20_000);
            assert_eq!(claim.to_string(), "orders-0.leader != 1");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_commands_say_what_was_expected() {
    assert!(cmd("explode 1").unwrap_err().contains("unknown action `explode`"));
    assert!(cmd("crash 9").unwrap_err().contains("unknown broker 9"));
    assert!(cmd("produce payments").unwrap_err().contains("unknown topic `payments`"));
    assert!(cmd("produce orders-7").unwrap_err().contains("partitions 0..2"));
    assert!(cmd("produce orders count=0").unwrap_err().contains("count"));
    assert!(cmd("drop_next Gossip").unwrap_err().contains("unknown message kind `Gossip`"));
    assert!(cmd("set acks=2").unwrap_err().contains("Invalid value 2 for configuration acks"));
    assert!(cmd("set no.such=1").unwrap_err().contains("Unknown configuration 'no.such'"));
    assert!(cmd("run soon").unwrap_err().contains("duration"));
    assert!(cmd("run 1000000m").unwrap_err().contains("at most 24h"));
    assert!(cmd("wait_until orders-0.leader ~ 1").unwrap_err().contains("unknown operator `~`"));
    assert!(cmd("wait_until orders-0.leader").unwrap_err().contains("expected `<path> <op> <value>`"));
    assert!(cmd("wait_until broker.5.status == running").unwrap_err().contains("unknown broker 5"));
}

#[test]
fn producer_actions_map_to_actions() {
    let mut scene = Scene::new(ClusterConfig::default());
    let mut c = |s: &str| parse_command(s, &mut scene);
    assert_eq!(c("add_partitions orders 6").unwrap(), Command::Apply(Action::AddPartitions { topic: "orders".into(), partitions: 6 }));
    assert_eq!(c("restart_producer").unwrap(), Command::Apply(Action::RestartProducer { producer: None }));
    assert_eq!(c("restart_producer producer=1").unwrap(), Command::Apply(Action::RestartProducer { producer: Some(1) }));
    assert_eq!(c("add_producer").unwrap(), Command::Apply(Action::AddProducer { transactional_id: None }));
    assert_eq!(c("produce orders-5 producer=2").unwrap(), Command::Apply(Action::Produce {
        topic: "orders".into(), key: None, value: None, count: 1, partition: Some(5), producer: Some(2) }));
    assert_eq!(c("isolate producer 2").unwrap(), Command::Apply(Action::Isolate { node: NodeId::Producer(2) }));
    assert_eq!(c("heal producer").unwrap(), Command::Apply(Action::Heal { node: NodeId::Producer(1) }));
    c("set transactional.id=orders-app").unwrap();
    assert_eq!(c("begin_txn").unwrap(), Command::Apply(Action::BeginTransaction { producer: None }));
    assert_eq!(c("commit_txn producer=1").unwrap(), Command::Apply(Action::CommitTransaction { producer: Some(1) }));
    assert_eq!(c("abort_txn").unwrap(), Command::Apply(Action::AbortTransaction { producer: None }));
    assert_eq!(c("add_producer transactional.id=orders-app").unwrap(),
        Command::Apply(Action::AddProducer { transactional_id: Some("orders-app".into()) }));
    assert_eq!(c("begin_txn producer=3").unwrap(), Command::Apply(Action::BeginTransaction { producer: Some(3) }));
    // The scene now has 6 partitions, three producers and the coordinator's topic.
    assert!(c("wait_until orders-5.leo >= 1").is_ok());
    assert!(c("wait_until producer.3.epoch >= 1").is_ok());
    assert!(c("wait_until __transaction_state-49.leader != none").is_ok());
}

#[test]
fn bad_producer_actions_say_what_was_expected() {
    let mut scene = Scene::new(ClusterConfig::default());
    let mut c = |s: &str| parse_command(s, &mut scene).unwrap_err();
    assert!(c("add_partitions orders 2").contains("can only be increased"));
    assert!(c("add_partitions orders 3").contains("Topic orders currently has 3 partitions, 3 would not be an increase"));
    assert!(c("add_partitions payments 6").contains("unknown topic `payments`"));
    assert!(c("add_partitions orders").contains("expected `add_partitions <topic> <total partitions>`"));
    assert!(c("add_partitions orders many").contains("expected a partition count"));
    assert!(c("produce orders-4").contains("partitions 0..2"), "not grown yet");
    assert!(c("restart_producer producer=2").contains("unknown producer 2"));
    assert!(c("produce orders producer=2").contains("unknown producer 2"));
    assert!(c("isolate producer 3").contains("unknown producer 3"));
    assert!(c("wait_until producer.2.epoch == 1").contains("unknown producer 2"));
    assert!(c("begin_txn").contains("without enabling transactions by setting the transactional.id"));
    assert!(c("add_producer color=red").contains("unknown option `color=red`"));
    // Without idempotence a transactional.id is refused, as KafkaProducer's constructor does.
    parse_command("set enable.idempotence=false", &mut scene).unwrap();
    let e = parse_command("add_producer transactional.id=x", &mut scene).unwrap_err();
    assert!(e.contains("Cannot set a transactional.id without also enabling idempotence"), "{e}");
}

#[test]
fn reassign_names_a_partition_and_brokers_that_exist() {
    assert_eq!(cmd("reassign orders-2 3,1,2").unwrap(), Command::Apply(Action::ReassignPartition {
        topic: "orders".into(), partition: 2, replicas: vec![3, 1, 2] }));
    assert!(cmd("reassign orders-9 1,2,3").unwrap_err().contains("orders-9 does not exist"));
    assert!(cmd("reassign nope-0 1,2,3").unwrap_err().contains("unknown topic `nope`"));
    assert!(cmd("reassign orders-0 1,7").unwrap_err().contains("unknown broker 7"));
    assert!(cmd("reassign orders-0 a,b").unwrap_err().contains("expected broker ids"));
    assert!(cmd("reassign orders-0").unwrap_err().contains("expected `reassign"));
}

#[test]
fn term_takes_a_kafka_tool_the_terminal_knows() {
    let line = "kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders";
    assert_eq!(cmd(&format!("term {line}")).unwrap(), Command::Term(line.into()));
    assert_eq!(cmd("term bin/kafka-consumer-groups.sh --list --bootstrap-server localhost:9092").unwrap(),
        Command::Term("bin/kafka-consumer-groups.sh --list --bootstrap-server localhost:9092".into()));
    assert!(cmd("term rm -rf /").unwrap_err().contains("expected `term <kafka tool> <flags>`"));
    assert!(cmd("term").unwrap_err().contains("kafka-topics.sh"));
    assert!(cmd("term kafka-console-producer.sh --topic orders").unwrap_err().contains("use `produce`"));
}
