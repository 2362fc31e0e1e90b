//! ZooKeeper mode against KRaft: the ensemble's quorum gates every metadata change, the
//! controller is a broker and fails over with a new epoch, and an UpdateMetadata that arrives
//! late leaves a broker's metadata cache pointing at an old leader, which KRaft's ordered
//! metadata log does not. Lesson 24 teaches the same run.

use kafka_playground::sim::event::EventKind;
use kafka_playground::sim::net::MsgKind;
use kafka_playground::sim::types::NodeId;
use kafka_playground::sim::{Action, ClusterConfig, Sim, TopicSpec};

fn cluster(mode: &str) -> Sim {
    cluster_with(mode, None)
}

fn cluster_with(mode: &str, assignment: Option<Vec<Vec<u32>>>) -> Sim {
    let mut t = TopicSpec::new("orders", 1, 3);
    t.assignment = assignment;
    let mut c = ClusterConfig::with_brokers(3, vec![t]);
    c.set("sim.metadata.mode", mode).unwrap();
    let mut s = Sim::new(c, 5).unwrap();
    s.run_for(1_000);
    s
}

fn leader(s: &Sim) -> Option<u32> {
    s.snapshot().partitions[0].leader
}

fn kinds(events: Vec<kafka_playground::sim::Event>) -> Vec<EventKind> {
    events.into_iter().map(|e| e.kind).collect()
}

#[test]
fn an_even_ensemble_or_unknown_mode_is_refused_with_the_key_named() {
    let mut c = ClusterConfig::default();
    let e = c.set("sim.zookeeper.servers", "4").unwrap_err();
    assert_eq!(e.key, "sim.zookeeper.servers");
    assert!(e.message.contains("odd number"), "{}", e.message);
    let e = c.set("sim.metadata.mode", "zk").unwrap_err();
    assert!(e.message.contains("kraft, zookeeper"), "{}", e.message);
    let mut kraft = cluster("kraft");
    let e = kraft.apply(Action::StopZooKeeper { server: 1 }).unwrap_err();
    assert!(e.message.contains("KRaft mode"), "{}", e.message);
}

#[test]
fn without_a_quorum_a_dead_leader_is_not_replaced_until_zookeeper_is_back() {
    let mut s = cluster("zookeeper");
    assert_eq!(s.zookeeper().unwrap().controller, Some(1), "the lowest id won /controller");
    let first = leader(&s).unwrap();
    // One of three servers down: a majority remains, a crash is handled.
    s.apply(Action::StopZooKeeper { server: 1 }).unwrap();
    s.apply(Action::CrashBroker { broker: first }).unwrap();
    let events = kinds(s.run_for(25_000));
    assert!(events.iter().any(|e| matches!(e, EventKind::ZkSessionExpired { broker } if *broker == first)));
    let second = leader(&s).unwrap();
    assert_ne!(second, first, "elected after zookeeper.session.timeout.ms");

    // Two of three down: no quorum. The next leader's crash changes nothing.
    s.apply(Action::StopZooKeeper { server: 2 }).unwrap();
    assert!(!s.zookeeper().unwrap().has_quorum());
    s.apply(Action::CrashBroker { broker: second }).unwrap();
    let events = kinds(s.run_for(60_000));
    assert!(!events.iter().any(|e| matches!(e, EventKind::LeaderElected { .. } | EventKind::ZkSessionExpired { .. })));
    assert_eq!(leader(&s), Some(second), "metadata is frozen: the dead broker still leads");
    let e = s.apply(Action::ElectPreferredLeaders { topic: None, partition: None }).unwrap_err();
    assert!(e.message.contains("no quorum"), "{}", e.message);
    s.apply(Action::SetConfig { key: "unclean.leader.election.enable".into(), value: "true".into() }).unwrap();
    s.run_for(1_000);
    assert_eq!(leader(&s), Some(second), "a setting change cannot write an election either");
    let e = s.apply(Action::SetConfig { key: "sim.metadata.mode".into(), value: "kraft".into() }).unwrap_err();
    assert!(e.message.contains("fixed when the cluster starts"), "{}", e.message);

    // A server comes back: sessions restart their timeout, then the dead broker expires.
    s.apply(Action::StartZooKeeper { server: 2 }).unwrap();
    let events = kinds(s.run_for(10_000));
    assert!(!events.iter().any(|e| matches!(e, EventKind::LeaderElected { .. })), "not before the session timeout");
    s.run_for(15_000);
    let third = leader(&s).unwrap();
    assert!(third != first && third != second, "the last broker leads: {third}");
}

#[test]
fn the_controller_is_a_broker_and_its_crash_moves_it_with_a_new_epoch() {
    let mut s = cluster("zookeeper");
    let epoch = s.zookeeper().unwrap().controller_epoch;
    s.apply(Action::CrashBroker { broker: 1 }).unwrap();
    let events = kinds(s.run_for(25_000));
    let elected: Vec<(u32, u32)> = events.iter().filter_map(|e| match e {
        EventKind::ControllerElected { broker, epoch } => Some((*broker, *epoch)),
        _ => None,
    }).collect();
    assert_eq!(elected, vec![(2, epoch + 1)]);
    assert!(leader(&s).is_some_and(|l| l != 1), "the new controller elected a leader");
    for b in [2, 3] {
        assert_eq!(s.broker(b).unwrap().controller_epoch, epoch + 1, "broker {b} follows the new controller");
    }
    // Broker 1 comes back: a new session, it rejoins the ISR, but is no longer the controller.
    s.apply(Action::RestartBroker { broker: 1 }).unwrap();
    s.run_for(40_000);
    assert_eq!(s.zookeeper().unwrap().controller, Some(2));
    assert!(s.snapshot().partitions[0].isr.contains(&1));
}

/// Leadership moves 2 → 3 by a controlled shutdown while the controller's first UpdateMetadata
/// to broker 1 is held on the wire for 10 s.
fn a_move_with_a_held_update(mode: &str) -> Sim {
    let mut s = cluster_with(mode, Some(vec![vec![2, 3, 1]]));
    assert_eq!(leader(&s), Some(2));
    let kind = if mode == "zookeeper" { MsgKind::UpdateMetadata } else { MsgKind::MetadataUpdate };
    s.apply(Action::DelayNext { kind, from: Some(NodeId::Controller), to: Some(NodeId::Broker(1)), ms: 10_000 }).unwrap();
    s.apply(Action::StopBroker { broker: 2 }).unwrap();
    s.run_for(3_000);
    assert_eq!(leader(&s), Some(3));
    s
}

#[test]
fn a_held_update_metadata_holds_back_the_ones_behind_it_and_the_cache_lags() {
    let mut zk = a_move_with_a_held_update("zookeeper");
    assert_eq!(zk.zookeeper().unwrap().controller, Some(1));
    assert_eq!(zk.broker(1).unwrap().metadata[&0].leader, Some(2), "broker 1 still names the stopped broker 2");
    assert_eq!(zk.broker(3).unwrap().metadata[&0].leader, Some(3));
    zk.run_for(10_000);
    assert_eq!(zk.broker(1).unwrap().metadata[&0].leader, Some(3), "in order, so the newest state ends up in the cache");
}

#[test]
fn a_late_metadata_record_never_overwrites_a_newer_one_in_kraft() {
    let mut kraft = a_move_with_a_held_update("kraft");
    kraft.run_for(10_000);
    assert_eq!(kraft.broker(1).unwrap().metadata[&0].leader, Some(3));
}

/// Kafka's controller sends each broker its requests one at a time; with random latency the
/// full state of a failover must still not arrive after the election that followed it.
#[test]
fn after_a_controller_failover_every_cache_names_the_new_leader() {
    for seed in 0..12 {
        let mut c = ClusterConfig::with_brokers(3, vec![TopicSpec::new("orders", 1, 3)]);
        c.set("sim.metadata.mode", "zookeeper").unwrap();
        let mut s = Sim::new(c, seed).unwrap();
        s.run_for(1_000);
        s.apply(Action::CrashBroker { broker: 1 }).unwrap();
        s.run_for(25_000);
        let l = leader(&s).unwrap();
        assert_ne!(l, 1, "seed {seed}");
        for b in [2, 3] {
            assert_eq!(s.broker(b).unwrap().metadata[&0].leader, Some(l), "seed {seed}: broker {b}'s cache");
        }
    }
}

/// A broker that restarts within zookeeper.session.timeout.ms opens a new session: the controller
/// sees the bounce, takes its leaderships away and brings it back as a follower.
#[test]
fn a_quick_restart_is_seen_as_a_bounce() {
    let mut s = cluster_with("zookeeper", Some(vec![vec![2, 3, 1]]));
    s.apply(Action::CrashBroker { broker: 2 }).unwrap();
    s.run_for(3_000);
    s.apply(Action::RestartBroker { broker: 2 }).unwrap();
    s.run_for(5_000);
    assert!(leader(&s).is_some_and(|l| l != 2), "a new leader after the bounce");
    s.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 3, partition: Some(0), producer: None }).unwrap();
    s.run_for(30_000);
    assert_eq!(s.ledger_summary().acknowledged, 3);
    assert!(s.snapshot().partitions[0].isr.contains(&2), "broker 2 caught up as a follower");
}

/// The split screen of lesson 24's third step: the same script replayed in KRaft mode, where
/// the ZooKeeper actions are refused and the controller quorum replaces the dead leader.
#[test]
fn the_split_screen_replays_the_quorum_loss_in_kraft_mode() {
    use kafka_playground::player::split::{replay_by_time, Comparison};
    let mut s = cluster_with("zookeeper", Some(vec![vec![2, 3, 1]]));
    for a in [Action::StopZooKeeper { server: 1 }, Action::CrashBroker { broker: 3 }] {
        s.apply(a).unwrap();
    }
    s.run_for(25_000);
    for a in [Action::StopZooKeeper { server: 2 }, Action::CrashBroker { broker: 2 }] {
        s.apply(a).unwrap();
    }
    s.run_for(60_000);
    assert_eq!(leader(&s), Some(2), "ZooKeeper side: frozen");
    let cmp = Comparison::parse("metadata").unwrap();
    let kraft = cmp.config(s.config(), false).unwrap();
    let (k, refused) = replay_by_time(kraft, s.seed(), s.actions(), s.now()).unwrap();
    assert_eq!(refused, 2, "zk_stop is refused without ZooKeeper");
    assert_eq!(leader(&k), Some(1), "KRaft side: the controller quorum elected broker 1");
}
