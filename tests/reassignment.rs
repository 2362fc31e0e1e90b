//! Partition reassignment (AlterPartitionReassignments): the target replicas join first and the
//! old ones leave only when every target is in the ISR; bad targets are refused in words.

use kafka_playground::sim::event::EventKind;
use kafka_playground::sim::{Action, ClusterConfig, Sim, TopicSpec};

fn cluster() -> Sim {
    let mut t = TopicSpec::new("orders", 1, 3);
    t.assignment = Some(vec![vec![1, 2, 3]]);
    let mut s = Sim::new(ClusterConfig::with_brokers(5, vec![t]), 9).unwrap();
    s.run_for(1_000);
    s
}

fn reassign(s: &mut Sim, replicas: Vec<u32>) -> Result<Vec<kafka_playground::sim::Event>, String> {
    s.apply(Action::ReassignPartition { topic: "orders".into(), partition: 0, replicas }).map_err(|e| e.message)
}

#[test]
fn a_target_that_is_down_holds_the_old_replicas_until_it_catches_up() {
    let mut s = cluster();
    s.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 5, partition: Some(0), producer: None }).unwrap();
    s.run_for(1_000);
    s.apply(Action::StopBroker { broker: 5 }).unwrap();
    s.run_for(2_000);
    reassign(&mut s, vec![4, 5, 1]).unwrap();
    s.run_for(5_000);
    let p = &s.controller().partitions[0];
    assert_eq!(p.replicas, vec![4, 5, 1, 2, 3], "target first, then the old replicas, while broker 5 is down");
    assert!(p.isr.contains(&4) && !p.isr.contains(&5));

    let mut events = s.apply(Action::RestartBroker { broker: 5 }).unwrap();
    events.extend(s.run_for(20_000));
    let p = &s.controller().partitions[0];
    assert_eq!(p.replicas, vec![4, 5, 1]);
    assert_eq!(p.leader, Some(1), "the leader was a target, so it stays");
    assert!(events.iter().any(|e| matches!(&e.kind, EventKind::ReassignmentCompleted { replicas, .. } if *replicas == vec![4, 5, 1])));
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::ReplicaDeleted { broker: 2, .. })));
    assert!(s.broker(2).unwrap().replicas.get(&0).is_none(), "broker 2 dropped its replica");
    assert_eq!(s.broker(4).unwrap().replicas[&0].log.leo(), 5, "the new replica copied the log");
    assert_eq!(s.ledger_summary().lost, 0);
}

#[test]
fn bad_targets_are_refused_and_change_nothing() {
    let mut s = cluster();
    assert!(reassign(&mut s, vec![4, 4, 1]).unwrap_err().contains("distinct"));
    assert!(reassign(&mut s, vec![]).unwrap_err().contains("not empty"));
    assert!(reassign(&mut s, vec![4, 9]).unwrap_err().contains("broker 9 is not registered"));
    let e = s.apply(Action::ReassignPartition { topic: "orders".into(), partition: 7, replicas: vec![1] }).unwrap_err();
    assert!(e.message.contains("orders-7 does not exist"), "{}", e.message);
    assert_eq!(s.controller().partitions[0].replicas, vec![1, 2, 3]);
    // The same replicas: nothing to do.
    assert!(reassign(&mut s, vec![1, 2, 3]).unwrap().is_empty());
}
