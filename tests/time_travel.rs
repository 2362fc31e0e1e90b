//! Time travel is exact: seeking to any recorded point of a random run (nearest checkpoint +
//! deterministic replay) gives the very state the run had there, and so does replaying the whole
//! script from the seed.

use kafka_playground::sim::timeline::Timeline;
use kafka_playground::sim::{Action, ClusterConfig, MsgKind, NodeId, Sim};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Act(Action),
    Run(u64),
    Steps(u32),
}

fn op() -> impl Strategy<Value = Op> {
    let produce = (0u32..3, 1u32..4).prop_map(|(p, n)| Op::Act(Action::Produce {
        topic: "orders".into(), key: None, value: None, count: n, partition: Some(p), producer: None }));
    prop_oneof![
        4 => produce,
        1 => (1u32..=3).prop_map(|b| Op::Act(Action::CrashBroker { broker: b })),
        2 => (1u32..=3).prop_map(|b| Op::Act(Action::RestartBroker { broker: b })),
        1 => (1u32..=3).prop_map(|b| Op::Act(Action::Isolate { node: NodeId::Broker(b) })),
        1 => (1u32..=3).prop_map(|b| Op::Act(Action::Heal { node: NodeId::Broker(b) })),
        1 => Just(Op::Act(Action::DropNext { kind: MsgKind::Fetch, from: None, to: None })),
        1 => Just(Op::Act(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: None })),
        3 => (1u64..8_000).prop_map(Op::Run),
        2 => (1u32..40).prop_map(Op::Steps),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn seek_then_replay_equals_stepping_straight_there(seed in 0u64..1_000, ops in prop::collection::vec(op(), 1..40), spacing in 1u64..300) {
        let mut sim = Sim::new(ClusterConfig::default(), seed).unwrap();
        let mut tl = Timeline::with_spacing(&sim, spacing);
        let mut seen = Vec::new();
        for op in &ops {
            let events = match op {
                Op::Act(a) => sim.apply(a.clone()).unwrap_or_default(), // refused intents change nothing
                Op::Run(ms) => sim.run_for(*ms),
                Op::Steps(n) => (0..*n).flat_map(|_| sim.step()).collect(),
            };
            tl.observe(&sim, &events);
            seen.push((sim.mark(), sim.snapshot(), sim.ledger_summary()));
        }
        for (mark, snap, ledger) in &seen {
            let (back, _) = tl.seek(*mark).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert_eq!(&back.snapshot(), snap, "seed {} at {:?}", seed, mark);
            prop_assert_eq!(&back.ledger_summary(), ledger);
        }
        let (again, _) = sim.replayed().map_err(|e| TestCaseError::fail(e.message))?;
        prop_assert_eq!(again.snapshot(), sim.snapshot());
    }
}
