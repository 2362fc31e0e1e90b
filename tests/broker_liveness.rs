//! What clients and leaders see when a broker goes away: a leader stops waiting for a follower
//! whose broker is shutting down or fenced (KIP-841), and a crash closes the connections of the
//! requests the broker held, so clients retry at once instead of waiting request.timeout.ms.

use kafka_playground::sim::{Action, ClusterConfig, Sim};

fn sim(seed: u64) -> Sim {
    let mut s = Sim::new(ClusterConfig::default(), seed).unwrap();
    s.run_for(500);
    s
}

fn produce_to(sim: &mut Sim, p: u32) -> u64 {
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 1, partition: Some(p), producer: None }).unwrap();
    sim.ledger().records().last().unwrap().id
}

fn acked_after(sim: &mut Sim, id: u64, max_ms: u64) -> Option<u64> {
    let start = sim.now();
    for _ in 0..max_ms / 50 {
        sim.run_for(50);
        if let Some((t, _)) = sim.ledger().records().iter().find(|r| r.id == id).and_then(|r| r.acked) {
            return Some(t - start);
        }
    }
    None
}

#[test]
fn acks_all_does_not_wait_for_a_follower_that_is_shutting_down() {
    let mut s = sim(31);
    // orders-p led by broker 1 with broker 2 as a follower, then stop broker 2 cleanly.
    let snap = s.snapshot();
    let p = snap.partitions.iter().find(|p| p.tp.topic == "orders" && p.leader == Some(1)).expect("a partition led by 1");
    let follower = *p.isr.iter().find(|b| **b != 1).unwrap();
    let part = p.tp.partition;
    s.apply(Action::StopBroker { broker: follower }).unwrap();
    s.run_for(300);
    let id = produce_to(&mut s, part);
    let t = acked_after(&mut s, id, 40_000).expect("acknowledged");
    assert!(t < 2_000, "acks=all is acknowledged by the remaining ISR without waiting for the stopped broker: {t} ms");
}

#[test]
fn a_crash_disconnects_waiting_producers_so_they_retry_at_once() {
    let mut s = sim(32);
    let snap = s.snapshot();
    let p = snap.partitions.iter().find(|p| p.tp.topic == "orders" && p.leader == Some(1)).expect("a partition led by 1");
    let part = p.tp.partition;
    // Followers stall, so the leader holds the acks=all request (DelayedProduce) when it dies.
    for b in [2, 3] {
        s.apply(Action::StallReplication { broker: b, ms: 5_000 }).unwrap();
    }
    s.run_for(100);
    let id = produce_to(&mut s, part);
    s.run_for(200);
    s.apply(Action::CrashBroker { broker: 1 }).unwrap();
    let t = acked_after(&mut s, id, 60_000).expect("acknowledged by the new leader");
    // Election after broker.session.timeout.ms (9 s); without the disconnect the producer would
    // sit until request.timeout.ms (30 s) before retrying.
    assert!(t < 20_000, "retried at the new leader soon after the election: {t} ms");
}
