//! Transactions: the coordinator, markers, the LSO, read_committed vs read_uncommitted, and
//! fencing a zombie with a second instance of the same transactional.id.

use kafka_playground::sim::{Action, ClusterConfig, KafkaError, NodeId, Sim};

fn txn_cluster(seed: u64) -> Sim {
    let mut c = ClusterConfig::default();
    c.set("transactional.id", "orders-app").unwrap();
    c.set("transaction.state.log.num.partitions", "5").unwrap();
    let mut sim = Sim::new(c, seed).unwrap();
    sim.run_for(500);
    sim
}

fn produce(p: u32, count: u32, producer: Option<u32>) -> Action {
    Action::Produce { topic: "orders".into(), key: None, value: None, count, partition: Some(p), producer }
}

fn ids(v: &[(u64, u64)]) -> Vec<u64> {
    v.iter().map(|(_, r)| *r).collect()
}

#[test]
fn commit_and_abort_are_seen_only_by_read_uncommitted_until_markers() {
    let mut sim = txn_cluster(1);
    assert!(sim.snapshot().partitions.iter().any(|p| p.tp.topic == "__transaction_state"), "the coordinator topic exists");
    let err = sim.apply(produce(0, 1, None)).unwrap_err();
    assert!(err.message.contains("beginTransaction"), "{err}");

    sim.apply(Action::BeginTransaction { producer: None }).unwrap();
    sim.apply(produce(0, 2, None)).unwrap();
    sim.apply(produce(1, 1, None)).unwrap();
    sim.run_for(2_000);
    // Open transaction: the data is replicated (below the HW) but above the LSO.
    assert_eq!(ids(&sim.read(0, false)), vec![1, 2]);
    assert!(sim.read(0, true).is_empty(), "read_committed stops at the LSO");
    assert_eq!(sim.partition_view(0).lso, Some(0));

    sim.apply(Action::CommitTransaction { producer: None }).unwrap();
    sim.run_for(2_000);
    assert_eq!(ids(&sim.read(0, true)), vec![1, 2], "committed data is visible to read_committed");
    assert_eq!(ids(&sim.read(1, true)), vec![3]);
    // The COMMIT marker took an offset of its own.
    assert_eq!(sim.partition_view(0).replicas[0].leo, 3);

    sim.apply(Action::BeginTransaction { producer: None }).unwrap();
    sim.apply(produce(0, 2, None)).unwrap();
    sim.run_for(2_000);
    sim.apply(Action::AbortTransaction { producer: None }).unwrap();
    sim.run_for(2_000);
    assert_eq!(ids(&sim.read(0, false)), vec![1, 2, 4, 5], "read_uncommitted sees aborted data");
    assert_eq!(ids(&sim.read(0, true)), vec![1, 2], "read_committed skips the aborted transaction and markers");
    let s = sim.ledger_summary();
    assert_eq!((s.txn_aborted, s.acknowledged_lost), (2, 0), "{s:?}");
}

#[test]
fn a_new_instance_fences_the_zombie() {
    let mut sim = txn_cluster(2);
    sim.apply(Action::BeginTransaction { producer: None }).unwrap();
    sim.apply(produce(0, 1, None)).unwrap();
    sim.run_for(1_000);
    // Producer 1 stalls (a long GC pause, a partition): a second instance takes over.
    sim.apply(Action::Isolate { node: NodeId::Producer(1) }).unwrap();
    sim.apply(Action::AddProducer { transactional_id: Some("orders-app".into()) }).unwrap();
    sim.run_for(3_000);
    let p2 = &sim.snapshot().producers[1];
    assert!(p2.producer_epoch > sim.producer().producer_epoch(), "the new instance has a higher epoch");
    // The zombie's open transaction was aborted by the coordinator when producer 2 initialised.
    assert!(sim.read(0, true).is_empty());
    sim.apply(Action::Heal { node: NodeId::Producer(1) }).unwrap();
    sim.apply(produce(0, 1, Some(1))).unwrap();
    sim.run_for(1_000);
    let _ = sim.apply(Action::CommitTransaction { producer: Some(1) });
    sim.run_for(3_000);
    let errors = &sim.producer().error_counts;
    let fenced = sim.producer().txn.as_ref().unwrap().state;
    assert_eq!(format!("{fenced:?}"), "Fenced", "errors: {errors:?}");
    assert!(sim.read(0, true).is_empty(), "nothing from the zombie becomes visible");
    // Producer 2 works normally.
    sim.apply(Action::BeginTransaction { producer: Some(2) }).unwrap();
    sim.apply(produce(0, 1, Some(2))).unwrap();
    sim.run_for(500);
    sim.apply(Action::CommitTransaction { producer: Some(2) }).unwrap();
    sim.run_for(2_000);
    assert_eq!(sim.read(0, true).len(), 1);
    let _ = KafkaError::ProducerFenced;
}

#[test]
fn transactional_id_needs_idempotence() {
    let mut c = ClusterConfig::default();
    c.set("transactional.id", "t").unwrap();
    c.set("enable.idempotence", "false").unwrap();
    let e = Sim::new(c, 1).unwrap_err();
    assert!(e.message.contains("Cannot set a transactional.id without also enabling idempotence"), "{e}");
}

mod property {
    use super::*;
    use kafka_playground::sim::MsgKind;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Begin,
        Produce(u32, u32),
        Commit,
        Abort,
        Crash(u32),
        Restart(u32),
        DropMarker,
        DropEndTxnResponse,
        Run(u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => Just(Op::Begin),
            4 => (0u32..3, 1u32..4).prop_map(|(p, n)| Op::Produce(p, n)),
            2 => Just(Op::Commit),
            2 => Just(Op::Abort),
            1 => (1u32..=3).prop_map(Op::Crash),
            2 => (1u32..=3).prop_map(Op::Restart),
            1 => Just(Op::DropMarker),
            1 => Just(Op::DropEndTxnResponse),
            3 => (1u64..5_000).prop_map(Op::Run),
        ]
    }

    /// read_committed must never return a record of an aborted transaction, nor one of the
    /// transaction the producer still has open.
    fn check(sim: &Sim) -> Result<(), String> {
        let open: Vec<u64> = sim.producers().iter().filter_map(|p| p.txn.as_ref())
            .filter(|t| format!("{:?}", t.state) == "InTransaction")
            .flat_map(|t| t.records.clone()).collect();
        for pidx in 0..3 {
            for (o, id) in sim.read(pidx, true) {
                let life = sim.ledger().get(id).ok_or("unknown record")?;
                if life.txn_committed == Some(false) {
                    return Err(format!("orders-{pidx} offset {o}: record {id} of an aborted transaction is visible"));
                }
                if open.contains(&id) {
                    return Err(format!("orders-{pidx} offset {o}: record {id} of an open transaction is visible"));
                }
            }
        }
        Ok(())
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, .. ProptestConfig::default() })]
        #[test]
        fn read_committed_never_sees_aborted_or_open_transactions(seed in any::<u64>(), ops in prop::collection::vec(op(), 1..30)) {
            let mut sim = txn_cluster(seed);
            for op in &ops {
                let a = match op {
                    Op::Begin => Some(Action::BeginTransaction { producer: None }),
                    Op::Produce(p, n) => Some(produce(*p, *n, None)),
                    Op::Commit => Some(Action::CommitTransaction { producer: None }),
                    Op::Abort => Some(Action::AbortTransaction { producer: None }),
                    Op::Crash(b) => Some(Action::CrashBroker { broker: *b }),
                    Op::Restart(b) => Some(Action::RestartBroker { broker: *b }),
                    Op::DropMarker => Some(Action::DropNext { kind: MsgKind::WriteTxnMarkers, from: None, to: None }),
                    Op::DropEndTxnResponse => Some(Action::DropNext { kind: MsgKind::EndTxnResponse, from: None, to: None }),
                    Op::Run(_) => None,
                };
                if let Some(a) = a {
                    let _ = sim.apply(a);
                }
                let ms = if let Op::Run(ms) = op { *ms } else { 10 };
                for _ in 0..ms.div_ceil(50) {
                    sim.run_for(50);
                    check(&sim).map_err(|e| TestCaseError::fail(format!("seed {seed}: {e}")))?;
                }
            }
        }
    }
}

/// consume-transform-produce: a consumer's offsets commit together with the producer's output
/// (sendOffsetsToTransaction), or, on abort, neither does.
#[test]
fn consume_transform_produce_commits_offsets_with_the_output() {
    use kafka_playground::sim::TopicSpec;
    for commit in [true, false] {
        let mut c = ClusterConfig::default();
        c.topics.push(TopicSpec::new("orders-enriched", 1, 3));
        for (k, v) in [("offsets.topic.num.partitions", "5"), ("transaction.state.log.num.partitions", "5"),
                       ("auto.offset.reset", "earliest"), ("sim.commit.mode", "none"), ("isolation.level", "read_committed")] {
            c.set(k, v).unwrap();
        }
        let mut sim = Sim::new(c, 7).unwrap();
        sim.run_for(200);
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 3, partition: Some(0), producer: None }).unwrap();
        sim.apply(Action::AddConsumer { group: "enricher".into(), topics: vec!["orders".into()], instance_id: None }).unwrap();
        sim.apply(Action::AddProducer { transactional_id: Some("enricher-tx".into()) }).unwrap();
        sim.run_for(10_000);
        assert_eq!(sim.ledger_summary().consumed, 3, "the consumer read and processed the input");
        sim.apply(Action::BeginTransaction { producer: Some(2) }).unwrap();
        sim.apply(Action::Produce { topic: "orders-enriched".into(), key: None, value: None, count: 3, partition: Some(0), producer: Some(2) }).unwrap();
        sim.apply(Action::SendOffsetsToTransaction { producer: Some(2), consumer: 1 }).unwrap();
        sim.run_for(1_000);
        let pending_committed = sim.group_state("enricher").unwrap().2;
        assert!(pending_committed.is_empty(), "offsets are not committed before the transaction ends");
        if commit {
            sim.apply(Action::CommitTransaction { producer: Some(2) }).unwrap();
        } else {
            sim.apply(Action::AbortTransaction { producer: Some(2) }).unwrap();
        }
        sim.run_for(3_000);
        let out = sim.topology().topics["orders-enriched"][0];
        let committed = sim.group_state("enricher").unwrap().2;
        if commit {
            assert_eq!(sim.read(out, true).len(), 3);
            assert_eq!(committed, vec![(0, 3), (1, 0), (2, 0)], "the positions committed with the output");
        } else {
            assert_eq!(sim.read(out, true).len(), 0);
            assert!(committed.is_empty(), "abort: the offsets were not committed either");
        }
    }
}
