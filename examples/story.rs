use kafka_playground::sim::*;
fn main() {
    let mut cfg = ClusterConfig::default();
    cfg.set("acks", "1").unwrap();
    let mut sim = Sim::new(cfg, 42).unwrap();
    let ev = sim.run_for(1000);
    println!("boot events: {}", ev.len());
    for e in sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 3, partition: Some(0), producer: None }).unwrap() { println!("{:>6} {}", e.at, e.kind.text(Lang::En)); }
    let ev = sim.run_for(8);
    for e in &ev { println!("{:>6} {}", e.at, e.kind.text(Lang::En)); }
    for e in sim.apply(Action::CrashBroker { broker: 1 }).unwrap() { println!("{:>6} {}", e.at, e.kind.text(Lang::En)); }
    let ev = sim.run_for(40_000);
    for e in ev.iter().filter(|e| e.kind.is_notable()) { println!("{:>6} {}", e.at, e.kind.text(Lang::En)); }
    for e in sim.apply(Action::RestartBroker { broker: 1 }).unwrap() { println!("{:>6} {}", e.at, e.kind.text(Lang::En)); }
    let ev = sim.run_for(40_000);
    for e in ev.iter().filter(|e| e.kind.is_notable()) { println!("{:>6} {}", e.at, e.kind.text(Lang::En)); }
    println!("{:?}", sim.ledger_summary());
    let s = sim.snapshot();
    for p in &s.partitions { println!("{} leader={:?} epoch={} isr={:?} {:?}", p.tp, p.leader, p.leader_epoch, p.isr, p.replicas.iter().map(|r| (r.broker, r.leo, r.hw)).collect::<Vec<_>>()); }
}
