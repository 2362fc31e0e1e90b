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

fn run_ops(sim: &mut Sim, tl: &mut Timeline, ops: &[Op]) -> Vec<(Op, kafka_playground::sim::Mark, kafka_playground::sim::Snapshot)> {
    let mut seen = Vec::new();
    for op in ops {
        let events = match op {
            Op::Act(a) => sim.apply(a.clone()).unwrap_or_default(),
            Op::Run(ms) => sim.run_for(*ms),
            Op::Steps(n) => (0..*n).flat_map(|_| sim.step()).collect(),
        };
        tl.observe(sim, &events);
        seen.push((op.clone(), sim.mark(), sim.snapshot()));
    }
    seen
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Seeking to an event lands just after the item that emitted it, and the replay emits the
    /// very event the live run did.
    #[test]
    fn locating_an_event_finds_the_item_that_emitted_it(seed in 0u64..1_000, ops in prop::collection::vec(op(), 1..25), picks in prop::collection::vec(any::<prop::sample::Index>(), 1..6)) {
        let mut sim = Sim::new(ClusterConfig::default(), seed).unwrap();
        let mut tl = Timeline::with_spacing(&sim, 97);
        let mut live = Vec::new();
        for op in &ops {
            let events = match op {
                Op::Act(a) => sim.apply(a.clone()).unwrap_or_default(),
                Op::Run(ms) => sim.run_for(*ms),
                Op::Steps(n) => (0..*n).flat_map(|_| sim.step()).collect(),
            };
            tl.observe(&sim, &events);
            live.extend(events);
        }
        prop_assume!(!live.is_empty());
        prop_assert_eq!(tl.last_seq(), live.last().map(|e| e.seq));
        for pick in picks {
            let want = &live[pick.index(live.len())];
            let spot = tl.locate(want.seq).map_err(|e| TestCaseError::fail(e.message))?;
            let (before, _) = tl.seek(spot.before).map_err(|e| TestCaseError::fail(e.message))?;
            let (after, replayed) = tl.seek(spot.after).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert!(before.next_event_seq() <= want.seq, "before {:?} already has event {}", spot.before, want.seq);
            prop_assert!(after.next_event_seq() > want.seq);
            if let Some(again) = replayed.iter().find(|e| e.seq == want.seq) {
                prop_assert_eq!(again, want);
            }
        }
        prop_assert!(tl.locate(live.last().unwrap().seq + 1).is_err());
    }

    /// Play while looking at the past follows the recorded run: from any earlier point, following
    /// to the end of a Run gives the state the run had there.
    #[test]
    fn following_the_past_equals_the_recorded_run(seed in 0u64..1_000, ops in prop::collection::vec(op(), 2..25), from in any::<prop::sample::Index>()) {
        let mut sim = Sim::new(ClusterConfig::default(), seed).unwrap();
        let mut tl = Timeline::with_spacing(&sim, 131);
        let seen = run_ops(&mut sim, &mut tl, &ops);
        let start = from.index(seen.len());
        let (_, start_mark, _) = seen[start];
        for (i, (op, mark, snap)) in seen.iter().enumerate().skip(start + 1) {
            // A Run ends with every item due by then processed; an action at that same instant
            // would be followed too, so only points whose next action comes later are compared.
            let next_action_later = seen[i + 1..].iter().find(|(o, _, _)| matches!(o, Op::Act(_))).is_none_or(|(_, m, _)| m.time > mark.time);
            if !matches!(op, Op::Run(_)) || !next_action_later || mark.time >= tl.end().time {
                continue;
            }
            let (past, _) = tl.seek(start_mark).map_err(|e| TestCaseError::fail(e.message))?;
            let (followed, _) = tl.follow(past, mark.time).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert_eq!(&followed.snapshot(), snap, "seed {} from {:?} to {:?}", seed, start_mark, mark);
        }
    }
}

/// A lost record names the event that lost it, and seeking there shows the loss happening:
/// just before it the record is not lost yet, just after it is.
#[test]
fn a_lost_record_leads_to_the_event_that_lost_it() {
    let mut c = ClusterConfig::default();
    c.set("acks", "1").unwrap();
    let mut sim = Sim::new(c, 7).unwrap();
    let mut tl = Timeline::new(&sim);
    let mut all = Vec::new();
    let mut go = |sim: &mut Sim, tl: &mut Timeline, evs: Vec<kafka_playground::sim::Event>| { tl.observe(sim, &evs); all.extend(evs); };
    let e = sim.run_for(1_000); go(&mut sim, &mut tl, e);
    for _ in 0..2 {
        let e = sim.apply(Action::DropNext { kind: MsgKind::FetchResponse, from: Some(NodeId::Broker(1)), to: None }).unwrap(); go(&mut sim, &mut tl, e);
    }
    let e = sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 3, partition: Some(0), producer: None }).unwrap(); go(&mut sim, &mut tl, e);
    let e = sim.run_for(20); go(&mut sim, &mut tl, e);
    let e = sim.apply(Action::CrashBroker { broker: 1 }).unwrap(); go(&mut sim, &mut tl, e);
    let e = sim.run_for(20_000); go(&mut sim, &mut tl, e);
    let lost = sim.ledger().acknowledged_lost();
    assert_eq!(lost.len(), 3);
    for r in lost {
        let seq = r.lost.as_ref().and_then(|l| l.event).expect("the loss names its event");
        let event = all.iter().find(|e| e.seq == seq).expect("that event happened");
        assert!(matches!(&event.kind, kafka_playground::sim::EventKind::RecordsLost { records, .. } if records.contains(&r.id)), "{event:?}");
        let spot = tl.locate(seq).unwrap();
        let (before, _) = tl.seek(spot.before).unwrap();
        let (after, _) = tl.seek(spot.after).unwrap();
        assert!(!before.ledger().is_lost(r.id) && after.ledger().is_lost(r.id), "record {}", r.id);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    /// A run rebuilt from its script (a shared link) can be scrubbed at once: same end state as
    /// the live run, and seeking anywhere in it gives what the live run had there.
    #[test]
    fn a_rebuilt_run_is_the_same_run_and_can_be_scrubbed(seed in 0u64..1_000, ops in prop::collection::vec(op(), 1..25)) {
        let mut sim = Sim::new(ClusterConfig::default(), seed).unwrap();
        let mut live_tl = Timeline::with_spacing(&sim, 1_000_000);
        let seen = run_ops(&mut sim, &mut live_tl, &ops);
        let (tl, rebuilt, events) = Timeline::rebuild(sim.initial_config(), sim.seed(), sim.actions(), sim.mark())
            .map_err(|e| TestCaseError::fail(e.message))?;
        prop_assert_eq!(rebuilt.snapshot(), sim.snapshot());
        prop_assert_eq!(rebuilt.mark(), sim.mark());
        prop_assert_eq!(tl.last_seq(), live_tl.last_seq());
        if let Some(e) = events.last() {
            prop_assert_eq!(Some(e.seq), tl.last_seq());
        }
        for (_, mark, snap) in &seen {
            let (back, _) = tl.seek(*mark).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert_eq!(&back.snapshot(), snap);
        }
    }
}
