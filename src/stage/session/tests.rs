use super::*;
use crate::sim::Snapshot;

fn produce(count: u32) -> Action {
    Action::Produce { topic: "orders".into(), key: Some("k".into()), value: None, count, partition: None, producer: None }
}

/// Produce, crash the leader's broker, run: the shape the share e2e test plays in the browser.
fn busy_run(seed: u64) -> Sim {
    let mut sim = Sim::new(ClusterConfig::default(), seed).unwrap();
    sim.run_for(500);
    sim.apply(produce(5)).unwrap();
    for _ in 0..17 {
        sim.step_item();
    }
    sim.apply(Action::CrashBroker { broker: 2 }).unwrap();
    sim.run_for(9_000);
    sim.apply(Action::SetConfig { key: "acks".into(), value: "1".into() }).unwrap();
    sim.apply(produce(2)).unwrap();
    sim.run_for(300);
    sim
}

fn same(a: &Sim, b: &Sim) -> bool {
    let (x, y): (Snapshot, Snapshot) = (a.snapshot(), b.snapshot());
    x == y && a.mark() == b.mark() && a.ledger().records() == b.ledger().records()
}

#[test]
fn a_shared_run_opens_in_the_same_state() {
    for seed in [1, 5, 77] {
        let sim = busy_run(seed);
        let text = Session::of(&sim).encode();
        assert!(text.starts_with("1."), "{text}");
        assert!(text[2..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "URL-safe: {text}");
        let opened = Session::decode(&text).unwrap();
        assert_eq!(opened, Session::of(&sim));
        let (again, _) = opened.replay().unwrap();
        assert!(same(&sim, &again), "seed {seed}");
    }
}

#[test]
fn the_text_is_compact() {
    let sim = busy_run(5);
    let text = Session::of(&sim).encode();
    // 4 actions: well under 100 characters each once nulls and absolute positions are gone.
    assert!(text.len() < 400, "{} chars: {text}", text.len());
    assert_eq!(Session::of(&sim).config, None, "the default config is not written");
}

#[test]
fn a_non_default_initial_config_travels_with_the_link() {
    let mut config = ClusterConfig::default();
    config.broker.replica_lag_time_max_ms = 12_345;
    let mut sim = Sim::new(config.clone(), 3).unwrap();
    sim.apply(produce(1)).unwrap();
    sim.run_for(200);
    let opened = Session::decode(&Session::of(&sim).encode()).unwrap();
    assert_eq!(opened.config.as_ref(), Some(&config));
    assert!(same(&sim, &opened.replay().unwrap().0));
}

#[test]
fn the_fragment_is_found_among_other_keys() {
    assert_eq!(from_fragment("#s=1.abc"), Some("1.abc"));
    assert_eq!(from_fragment("#x=2&s=1.abc"), Some("1.abc"));
    assert_eq!(from_fragment("#sx=1"), None);
    assert_eq!(from_fragment(""), None);
    let s = Session { seed: 1, config: None, script: vec![], mark: Mark::default() };
    assert_eq!(from_fragment(&fragment(&s)), Some(s.encode().as_str()));
}

fn err(text: &str) -> SessionError {
    Session::decode(text).unwrap_err()
}

#[test]
fn bad_links_say_what_is_wrong() {
    let good = Session::of(&busy_run(5)).encode();
    assert_eq!(err(""), SessionError::Empty);
    assert_eq!(err("hello"), SessionError::NoVersion);
    assert_eq!(err("x.abc"), SessionError::NoVersion);
    assert_eq!(err(&format!("9{}", &good[1..])), SessionError::Version { found: "9".into() });
    assert_eq!(err(&good[..good.len() - 9]), SessionError::Truncated);
    assert_eq!(err("1.ab*d"), SessionError::NotBase64 { at: 2 });
    assert!(matches!(err("1.bm90IGpzb24"), SessionError::Corrupt { .. })); // "not json"
    assert_eq!(err(&"1.A".repeat(MAX_TEXT_CHARS)), SessionError::TooLong { chars: 3 * MAX_TEXT_CHARS });
    for e in [err("hello"), err(&good[..good.len() - 9])] {
        assert!(!e.text(Lang::En).is_empty() && e.text(Lang::Ko) != e.text(Lang::En));
    }
}

fn wire_text(json: &str) -> String {
    format!("1.{}", base64url::encode(json.as_bytes()))
}

#[test]
fn limits_and_inconsistencies_are_errors() {
    let crash = r#"{"action":"crash_broker","broker":1}"#;
    let many = vec!["[0,0,0]"; MAX_ACTIONS + 1].join(","); // counted before any is read
    let e = err(&wire_text(&format!(r#"{{"seed":1,"mark":[0,0,0],"script":[{many}]}}"#)));
    assert_eq!(e, SessionError::TooManyActions { count: MAX_ACTIONS + 1 });
    let e = err(&wire_text(&format!(r#"{{"seed":1,"mark":[0,0,0],"script":[[{},0,{crash}]]}}"#, MAX_LINK_ITEMS + 1)));
    assert_eq!(e, SessionError::TooFar { position: MAX_LINK_ITEMS + 1 });
    let e = err(&wire_text(&format!(r#"{{"seed":1,"mark":[0,0,0],"script":[[{},0,{crash}],[{},0,{crash}]]}}"#, u64::MAX, u64::MAX)));
    assert!(matches!(e, SessionError::TooFar { .. }), "{e:?}");
    let e = err(&wire_text(r#"{"seed":1,"mark":[0,0,0],"script":[[0,0,{"action":"explode"}]]}"#));
    assert!(matches!(&e, SessionError::BadAction { number: 1, detail } if detail.contains("explode")), "{e:?}");
    let e = err(&wire_text(&format!(r#"{{"seed":1,"mark":[0,0,2],"script":[[0,0,{crash}]]}}"#)));
    assert!(matches!(e, SessionError::Corrupt { .. }), "{e:?}");
    let e = err(&wire_text(&format!(r#"{{"seed":1,"mark":[5,0,1],"script":[[9,0,{crash}]]}}"#)));
    assert_eq!(e, SessionError::MarkBeforeScript);
    // Readable but not a run this cluster can make: the replay says which action.
    let s = Session::decode(&wire_text(r#"{"seed":1,"mark":[0,0,1],"script":[[0,0,{"action":"crash_broker","broker":99}]]}"#)).unwrap();
    assert!(matches!(s.replay(), Err(SessionError::Replay { detail }) if detail.starts_with("action 1")));
}

#[test]
fn a_long_link_over_many_partitions_is_refused() {
    // Fuzz finding: 95,956 items on a 1,000-partition topic took 40 s to open.
    let mut config = ClusterConfig::default();
    config.topics[0].partitions = 1_000;
    let s = Session { seed: 9, config: Some(config), script: vec![], mark: Mark { position: 95_956, time: 20_000, actions: 0 } };
    let e = Session::decode(&s.encode()).unwrap_err();
    assert_eq!(e, SessionError::TooMuchWork { position: 95_956, partitions: 1_100 });
    assert!(e.text(Lang::En).contains("1100 partitions") && e.text(Lang::Ko) != e.text(Lang::En));
    assert_eq!(s.check_shareable(), Err(e));
    // Partitions the script adds count too.
    let grow = Applied { position: 0, time: 0, action: Action::AddPartitions { topic: "orders".into(), partitions: 50_000 } };
    let s = Session { seed: 1, config: None, script: vec![grow], mark: Mark { position: 3_000, time: 0, actions: 1 } };
    assert!(matches!(Session::decode(&s.encode()), Err(SessionError::TooMuchWork { partitions: 50_103, .. })));
}

#[test]
fn a_run_too_long_for_a_link_is_refused_when_sharing() {
    let s = Session { seed: 1, config: None, script: vec![], mark: Mark { position: MAX_LINK_ITEMS + 1, time: 0, actions: 0 } };
    assert!(matches!(s.check_shareable(), Err(SessionError::TooBigToShare { .. })));
    assert!(Session::of(&busy_run(1)).check_shareable().is_ok());
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            (1u32..50, proptest::option::of("[a-z]{0,6}"), proptest::option::of(0u32..3)).prop_map(|(count, key, partition)| Action::Produce {
                topic: "orders".into(), key, value: None, count, partition, producer: None
            }),
            (1u32..4).prop_map(|broker| Action::CrashBroker { broker }),
            (1u32..4).prop_map(|broker| Action::RestartBroker { broker }),
            (1u32..4, 0u64..100_000).prop_map(|(broker, ms)| Action::StallReplication { broker, ms }),
            ("[a-z.]{1,20}", "[0-9a-z]{0,5}").prop_map(|(key, value)| Action::SetConfig { key, value }),
        ]
    }

    fn session() -> impl Strategy<Value = Session> {
        (any::<u64>(), proptest::collection::vec((0u64..5_000, 0u64..100_000, action()), 0..40), 0u64..1000, 0u64..10_000).prop_map(
            |(seed, steps, extra_p, extra_t)| {
                let (mut position, mut time) = (0, 0);
                let script: Vec<Applied> = steps
                    .into_iter()
                    .map(|(dp, dt, action)| {
                        position += dp;
                        time += dt;
                        Applied { position, time, action }
                    })
                    .collect();
                let mark = Mark { position: position + extra_p, time: time + extra_t, actions: script.len() };
                Session { seed, config: None, script, mark }
            },
        )
    }

    proptest! {
        #[test]
        fn round_trip(s in session()) {
            let text = s.encode();
            prop_assert_eq!(Session::decode(&text), Ok(s));
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".{0,300}") {
            let _ = Session::decode(&text);
            let _ = Session::decode(&format!("1.{text}"));
        }

        #[test]
        fn damaged_links_never_panic(s in session(), cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>(), c in "[A-Za-z0-9_*.-]") {
            let text = s.encode();
            let cut_at = cut.index(text.len() + 1);
            let _ = Session::decode(&text[..cut_at]);
            let i = flip.index(text.len());
            let mut damaged = text.clone();
            damaged.replace_range(i..i + 1, &c);
            if let Ok(opened) = Session::decode(&damaged) {
                // Whatever still parses is bounded and replays or fails in words.
                prop_assert!(opened.script.len() <= MAX_ACTIONS && opened.mark.position <= MAX_LINK_ITEMS);
            }
        }
    }
}
