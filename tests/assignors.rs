//! Kafka consumer partition assignors against ground truth from Apache Kafka's own unit tests
//! (shared/conformance/assignors.json), plus the JSON front end and seeded random invariants.

use kafka_playground::sim::assignor::{
    assign, assign_json, assign_with_details, parse_case, MemberSubscription, Strategy,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

type Assignment = Vec<(String, Vec<(String, u32)>)>;

fn load_cases() -> Value {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/conformance/assignors.json");
    let path = if shared.exists() {
        shared
    } else {
        root.join("tests/data/conformance/assignors.json")
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tp_name((t, p): &(String, u32)) -> String {
    format!("{t}-{p}")
}

fn names(list: &[(String, u32)]) -> Vec<String> {
    list.iter().map(tp_name).collect()
}

/// Feeds each round's result back as owned partitions with a bumped generation until the
/// assignment stops changing (what CooperativeStickyAssignorTest's follow-up rebalances do).
fn follow_up_until_stable(
    strategy: Strategy,
    topics: &BTreeMap<String, u32>,
    members: &[MemberSubscription],
) -> (Assignment, usize) {
    let mut members = members.to_vec();
    let mut result = assign(strategy, topics, &members);
    let mut generation = members.iter().filter_map(|m| m.generation).max().unwrap_or(-1).max(0);
    for round in 1..=20 {
        generation += 1;
        for m in members.iter_mut() {
            m.owned_partitions = result
                .iter()
                .find(|(id, _)| *id == m.member_id)
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            m.generation = Some(generation);
        }
        let next = assign(strategy, topics, &members);
        if next == result {
            return (result, round);
        }
        result = next;
    }
    (result, 20)
}

/// Checks one conformance case; Err(description) when it does not match.
fn check_case(case: &Value) -> Result<(), String> {
    let strategy = Strategy::parse(case["assignor"].as_str().unwrap_or("?"))?;
    let (topics, mut members) = parse_case(&case.to_string())?;
    if case.get("owned_partitions_visible_to_assignor") == Some(&Value::Bool(false)) {
        // The test passed ownedPartitions without StickyAssignor userData: the assignor sees none.
        for m in &mut members {
            m.owned_partitions.clear();
        }
    }
    let kind = case["expected_kind"].as_str().unwrap_or("");
    let ordered = case["order_significant"].as_bool().unwrap_or(false);
    let keyed_by_instance = case["expected_keyed_by"].as_str() == Some("group_instance_id");

    let outcome = assign_with_details(strategy, &topics, &members);
    let actual = match kind {
        "exact" | "first_round" | "partial" => outcome.assignment.clone(),
        "final_after_cooperative_followup_rebalances" => follow_up_until_stable(strategy, &topics, &members).0,
        other => return Err(format!("unknown expected_kind {other:?}")),
    };

    let expected = case["expected_assignment"]
        .as_object()
        .ok_or("expected_assignment is not an object")?;
    let key_of = |member_id: &str| -> String {
        if keyed_by_instance {
            members
                .iter()
                .find(|m| m.member_id == member_id)
                .and_then(|m| m.group_instance_id.clone())
                .unwrap_or_else(|| member_id.to_string())
        } else {
            member_id.to_string()
        }
    };
    let actual_by_key: BTreeMap<String, Vec<String>> = actual.iter().map(|(id, l)| (key_of(id), names(l))).collect();
    if kind != "partial" && actual_by_key.len() != expected.len() {
        return Err(format!(
            "members: expected {:?}, got {:?}",
            expected.keys().collect::<Vec<_>>(),
            actual_by_key.keys()
        ));
    }
    for (key, want) in expected {
        let want: Vec<String> = want
            .as_array()
            .ok_or_else(|| format!("expected_assignment.{key} is not a list"))?
            .iter()
            .map(|v| v.as_str().unwrap_or("?").to_string())
            .collect();
        let got = actual_by_key
            .get(key)
            .ok_or_else(|| format!("no assignment for {key}"))?;
        let same = if ordered {
            *got == want
        } else {
            let mut a = got.clone();
            let mut b = want.clone();
            a.sort();
            b.sort();
            a == b
        };
        if !same {
            return Err(format!(
                "{key}: expected {want:?}, got {got:?} (order_significant={ordered})"
            ));
        }
    }

    if let Some(want) = case.get("expected_partitions_transferring_ownership") {
        let got = outcome.partitions_transferring_ownership.as_ref().map(|v| {
            v.iter()
                .map(|(tp, c)| (tp_name(tp), c.clone()))
                .collect::<BTreeMap<String, String>>()
        });
        let want = match want {
            Value::Null => None,
            Value::Object(m) => Some(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("?").to_string()))
                    .collect(),
            ),
            other => return Err(format!("bad expected_partitions_transferring_ownership {other}")),
        };
        if got != want {
            return Err(format!(
                "partitionsTransferringOwnership: expected {want:?}, got {got:?}"
            ));
        }
    }
    Ok(())
}

#[test]
fn conformance_cases_match_kafka() {
    let data = load_cases();
    let cases = data["cases"].as_array().expect("cases");
    assert!(!cases.is_empty());
    let mut passed: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap_or("?");
        let assignor = case["assignor"].as_str().unwrap_or("?").to_string();
        let entry = passed.entry(assignor).or_default();
        entry.1 += 1;
        match check_case(case) {
            Ok(()) => entry.0 += 1,
            Err(e) => failures.push(format!("{id}: {e}")),
        }
    }
    for (assignor, (ok, total)) in &passed {
        println!("{assignor}: {ok}/{total} conformance cases pass");
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ from Kafka:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ------------------------------------------------------------------------------------------------
// Hand-checked behaviours that the conformance file does not cover
// ------------------------------------------------------------------------------------------------

fn member(id: &str, topics: &[&str]) -> MemberSubscription {
    MemberSubscription {
        member_id: id.into(),
        topics: topics.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}

fn topics(list: &[(&str, u32)]) -> BTreeMap<String, u32> {
    list.iter().map(|(t, n)| (t.to_string(), *n)).collect()
}

fn tps(list: &[&str]) -> Vec<(String, u32)> {
    list.iter()
        .map(|s| {
            let (t, p) = s.rsplit_once('-').unwrap();
            (t.to_string(), p.parse().unwrap())
        })
        .collect()
}

#[test]
fn range_and_roundrobin_javadoc_examples() {
    // RangeAssignor javadoc: C0 [t0p0, t0p1, t1p0, t1p1], C1 [t0p2, t1p2].
    let t = topics(&[("t0", 3), ("t1", 3)]);
    let ms = vec![member("C0", &["t0", "t1"]), member("C1", &["t0", "t1"])];
    let r = assign(Strategy::Range, &t, &ms);
    assert_eq!(r[0].1, tps(&["t0-0", "t0-1", "t1-0", "t1-1"]));
    assert_eq!(r[1].1, tps(&["t0-2", "t1-2"]));
    // RoundRobinAssignor javadoc: C0 [t0p0, t0p2, t1p1], C1 [t0p1, t1p0, t1p2].
    let r = assign(Strategy::RoundRobin, &t, &ms);
    assert_eq!(r[0].1, tps(&["t0-0", "t0-2", "t1-1"]));
    assert_eq!(r[1].1, tps(&["t0-1", "t1-0", "t1-2"]));
    // RoundRobinAssignor javadoc, unequal subscriptions: C0 [t0p0], C1 [t1p0], C2 [t1p1, t2p0, t2p1, t2p2].
    let t = topics(&[("t0", 1), ("t1", 2), ("t2", 3)]);
    let ms = vec![
        member("C0", &["t0"]),
        member("C1", &["t0", "t1"]),
        member("C2", &["t0", "t1", "t2"]),
    ];
    let r = assign(Strategy::RoundRobin, &t, &ms);
    assert_eq!(r[0].1, tps(&["t0-0"]));
    assert_eq!(r[1].1, tps(&["t1-0"]));
    assert_eq!(r[2].1, tps(&["t1-1", "t2-0", "t2-1", "t2-2"]));
}

#[test]
fn sticky_javadoc_example_2() {
    // StickyAssignor javadoc example 2: C0 [t0p0], C1 [t1p0, t1p1], C2 [t2p0, t2p1, t2p2].
    let t = topics(&[("t0", 1), ("t1", 2), ("t2", 3)]);
    let ms = vec![
        member("C0", &["t0"]),
        member("C1", &["t0", "t1"]),
        member("C2", &["t0", "t1", "t2"]),
    ];
    for s in [Strategy::Sticky, Strategy::CooperativeSticky] {
        let r = assign(s, &t, &ms);
        assert_eq!(r[0].1, tps(&["t0-0"]), "{s:?}");
        let mut c1 = names(&r[1].1);
        c1.sort();
        assert_eq!(c1, ["t1-0", "t1-1"], "{s:?}");
        let mut c2 = names(&r[2].1);
        c2.sort();
        assert_eq!(c2, ["t2-0", "t2-1", "t2-2"], "{s:?}");
    }
}

#[test]
fn sticky_doubly_claimed_partitions_are_invalidated() {
    // StickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGeneration
    // WithEqualPartitionsPerConsumer / WithUnequalPartitionsPerConsumer (List equality in Kafka).
    let owned = |id: &str, list: &[&str]| MemberSubscription {
        member_id: id.into(),
        topics: vec!["topic".into()],
        owned_partitions: tps(list),
        generation: Some(1),
        ..Default::default()
    };
    let ms = vec![
        owned("consumer1", &["topic-0", "topic-1"]),
        owned("consumer2", &["topic-0", "topic-2"]),
        owned("consumer3", &[]),
    ];
    let r = assign(Strategy::Sticky, &topics(&[("topic", 3)]), &ms);
    assert_eq!(
        r.iter().map(|(_, l)| names(l)).collect::<Vec<_>>(),
        [vec!["topic-1"], vec!["topic-2"], vec!["topic-0"]]
    );
    let r = assign(Strategy::Sticky, &topics(&[("topic", 4)]), &ms);
    assert_eq!(
        r.iter().map(|(_, l)| names(l)).collect::<Vec<_>>(),
        [vec!["topic-1", "topic-3"], vec!["topic-2"], vec!["topic-0"]]
    );
    // topic-0 moves to consumer3 although both claimants lose it: it is "transferring".
    let d = assign_with_details(Strategy::Sticky, &topics(&[("topic", 4)]), &ms);
    assert_eq!(
        d.partitions_transferring_ownership,
        Some(vec![(("topic".to_string(), 0), "consumer3".to_string())])
    );
}

#[test]
fn cooperative_sticky_revokes_before_reassigning() {
    // consumer1 owned everything; consumer2 joins. Round 1 only takes partitions away from
    // consumer1 (nobody gets them yet); round 2 (owned = round 1, next generation) hands them over.
    let t = topics(&[("t", 4)]);
    let mut c1 = member("consumer1", &["t"]);
    c1.owned_partitions = tps(&["t-0", "t-1", "t-2", "t-3"]);
    c1.generation = Some(1);
    let mut c2 = member("consumer2", &["t"]);
    c2.generation = Some(1);
    let first = assign(Strategy::CooperativeSticky, &t, &[c1.clone(), c2.clone()]);
    assert_eq!(first[0].1, tps(&["t-0", "t-1"]));
    assert!(first[1].1.is_empty());
    // The eager sticky assignor moves them at once.
    let eager = assign(Strategy::Sticky, &t, &[c1.clone(), c2.clone()]);
    assert_eq!(eager[0].1, tps(&["t-0", "t-1"]));
    assert_eq!(eager[1].1, tps(&["t-2", "t-3"]));
    let (last, rounds) = follow_up_until_stable(Strategy::CooperativeSticky, &t, &[c1, c2]);
    assert_eq!(last[0].1, tps(&["t-0", "t-1"]));
    assert_eq!(last[1].1, tps(&["t-2", "t-3"]));
    assert!(rounds >= 2);
}

#[test]
fn static_members_sort_first_in_range_and_roundrobin() {
    let t = topics(&[("t", 3)]);
    let mut z = member("a-dynamic", &["t"]);
    z.group_instance_id = None;
    let mut s = member("z-static", &["t"]);
    s.group_instance_id = Some("instance".into());
    let r = assign(Strategy::Range, &t, &[z.clone(), s.clone()]);
    assert_eq!(r[0].0, "a-dynamic");
    assert_eq!(r[0].1, tps(&["t-2"]));
    assert_eq!(r[1].1, tps(&["t-0", "t-1"]));
    let r = assign(Strategy::RoundRobin, &t, &[z, s]);
    assert_eq!(r[0].1, tps(&["t-1"]));
    assert_eq!(r[1].1, tps(&["t-0", "t-2"]));
}

// ------------------------------------------------------------------------------------------------
// assign_json
// ------------------------------------------------------------------------------------------------

#[test]
fn assign_json_happy_path_keeps_input_order() {
    let input = r#"{"topics": {"t": 3}, "members": [
        {"member_id": "zed", "group_instance_id": null, "topics": ["t"], "owned_partitions": [], "generation": null},
        {"member_id": "amy", "topics": ["t"]}
    ], "notes": "extra fields are ignored"}"#;
    let out = assign_json("range", input).unwrap();
    assert_eq!(out, r#"{"zed":["t-2"],"amy":["t-0","t-1"]}"#);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v.is_object());
}

#[test]
fn assign_json_reproduces_every_ordered_conformance_case() {
    let data = load_cases();
    for case in data["cases"].as_array().unwrap() {
        if case["expected_kind"] != "exact" || case["order_significant"] != true {
            continue;
        }
        if case.get("owned_partitions_visible_to_assignor") == Some(&Value::Bool(false)) {
            continue;
        }
        let out = assign_json(case["assignor"].as_str().unwrap(), &case.to_string()).unwrap();
        let got: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(got, case["expected_assignment"], "{}", case["id"]);
    }
}

#[test]
fn assign_json_errors_name_the_problem() {
    let err = |strategy: &str, input: &str| assign_json(strategy, input).unwrap_err();
    let ok_members = r#"[{"member_id":"a","topics":["t"]}]"#;

    assert!(
        err("range", "{not json").starts_with("invalid JSON"),
        "{}",
        err("range", "{not json")
    );
    assert_eq!(err("range", "[1]"), "expected a JSON object, got an array");
    let e = err("bogus", &format!(r#"{{"topics":{{}},"members":{ok_members}}}"#));
    assert!(e.contains("unknown assignment strategy \"bogus\""), "{e}");
    assert_eq!(
        err("range", r#"{"topics":{"t":1}}"#),
        "members: missing (expected an array of members)"
    );
    assert_eq!(
        err("range", r#"{"topics":{"t":1},"members":{}}"#),
        "members: expected an array, got an object"
    );
    assert_eq!(
        err("range", &format!(r#"{{"topics":{{"t":-1}},"members":{ok_members}}}"#)),
        "topics.t: expected a partition count (non-negative integer), got -1"
    );
    assert_eq!(
        err("range", &format!(r#"{{"topics":{{"t":"3"}},"members":{ok_members}}}"#)),
        "topics.t: expected a partition count (non-negative integer), got \"3\""
    );
    assert_eq!(
        err("range", r#"{"topics":{},"members":[{"topics":[]}]}"#),
        "members[0].member_id: missing"
    );
    assert_eq!(
        err("range", r#"{"topics":{},"members":[{"member_id":7}]}"#),
        "members[0].member_id: expected a string, got 7"
    );
    assert_eq!(
        err(
            "range",
            r#"{"topics":{},"members":[{"member_id":"a"},{"member_id":"a"}]}"#
        ),
        "members[1].member_id: duplicate \"a\" (also members[0])"
    );
    assert_eq!(
        err("range", r#"{"topics":{},"members":[{"member_id":"a","topics":"t"}]}"#),
        "members[0].topics: expected an array of topic names, got \"t\""
    );
    assert_eq!(
        err(
            "range",
            r#"{"topics":{},"members":[{"member_id":"a","topics":["t",3]}]}"#
        ),
        "members[0].topics[1]: expected a topic name, got 3"
    );
    assert_eq!(
        err(
            "range",
            r#"{"topics":{},"members":[{"member_id":"a","group_instance_id":1}]}"#
        ),
        "members[0].group_instance_id: expected a string or null, got 1"
    );
    assert_eq!(
        err(
            "sticky",
            r#"{"topics":{"t":3},"members":[{"member_id":"a"},{"member_id":"b"},{"member_id":"c","owned_partitions":["x"]}]}"#
        ),
        "members[2].owned_partitions[0]: expected \"topic-partition\", got \"x\""
    );
    for bad in ["\"t-\"", "\"-1\"", "\"t-1x\"", "\"t-+1\"", "5"] {
        let e = err(
            "sticky",
            &format!(r#"{{"topics":{{"t":3}},"members":[{{"member_id":"a","owned_partitions":[{bad}]}}]}}"#),
        );
        assert!(
            e.starts_with("members[0].owned_partitions[0]: expected \"topic-partition\", got "),
            "{e}"
        );
    }
    assert_eq!(
        err(
            "sticky",
            r#"{"topics":{},"members":[{"member_id":"a","generation":"1"}]}"#
        ),
        "members[0].generation: expected an integer (int32) or null, got \"1\""
    );
    assert_eq!(
        err(
            "sticky",
            r#"{"topics":{},"members":[{"member_id":"a","generation":4294967296}]}"#
        ),
        "members[0].generation: expected an integer (int32) or null, got 4294967296"
    );
    let e = err("range", r#"{"topics":{"t":100000000},"members":[]}"#);
    assert!(e.starts_with("topics.t: 100000000 partitions is more than"), "{e}");
}

#[test]
fn strategy_names_round_trip() {
    for s in Strategy::ALL {
        assert_eq!(Strategy::parse(s.name()), Ok(s));
    }
    assert!(Strategy::parse("RANGE").is_err());
}

// ------------------------------------------------------------------------------------------------
// Seeded random invariants (no proptest)
// ------------------------------------------------------------------------------------------------

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

/// A random group.
/// `realistic`: every member subscribes to something and only claims partitions of topics it
/// subscribes to (no subscription change since its last assignment).
fn random_group(rng: &mut Lcg, realistic: bool) -> (BTreeMap<String, u32>, Vec<MemberSubscription>) {
    let topic_names = ["a", "b", "topic", "t1", "t2", "Aa", "BB", "orders"];
    let mut metadata = BTreeMap::new();
    let n_topics = 1 + rng.below(5) as usize;
    let chosen: Vec<&str> = (0..n_topics)
        .map(|_| topic_names[rng.below(topic_names.len() as u64) as usize])
        .collect();
    for t in &chosen {
        // Sometimes 0 partitions (= no metadata) or no entry at all.
        if rng.below(8) != 0 {
            metadata.insert(t.to_string(), rng.below(7) as u32);
        }
    }
    let n_members = 1 + rng.below(6) as usize;
    let mut members = Vec::new();
    for i in 0..n_members {
        let mut subs: Vec<String> = Vec::new();
        for t in &chosen {
            if rng.below(3) != 0 && !subs.iter().any(|s| s == t) {
                subs.push(t.to_string());
            }
        }
        if subs.is_empty() && realistic {
            subs.push(chosen[0].to_string());
        }
        let mut owned = Vec::new();
        for (t, &n) in &metadata {
            if realistic && !subs.contains(t) {
                continue;
            }
            for p in 0..n {
                if rng.below(4) == 0 {
                    owned.push((t.clone(), p));
                }
            }
        }
        // A phantom partition now and then: must be ignored, never assigned.
        if rng.below(10) == 0 {
            owned.push(("a".to_string(), 99));
        }
        let generation = match rng.below(4) {
            0 => None,
            1 => Some(-1),
            _ => Some(rng.below(4) as i32),
        };
        let group_instance_id = if rng.below(3) == 0 {
            Some(format!("inst{}", rng.below(5)))
        } else {
            None
        };
        members.push(MemberSubscription {
            member_id: format!("consumer{}", i * 7 + rng.below(7) as usize),
            group_instance_id,
            topics: subs,
            owned_partitions: owned,
            generation,
        });
    }
    (metadata, members)
}

/// Partitions that some member subscribes to and that exist.
fn subscribed_partitions(metadata: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> BTreeSet<(String, u32)> {
    let mut all = BTreeSet::new();
    for m in members {
        for t in &m.topics {
            for p in 0..metadata.get(t).copied().unwrap_or(0) {
                all.insert((t.clone(), p));
            }
        }
    }
    all
}

/// Every subscribed partition assigned exactly once (`at_most_once` for a cooperative first round),
/// nothing else assigned, and (`check_subscribed`) no member gets a topic it did not subscribe to.
fn check_invariants(
    what: &str,
    metadata: &BTreeMap<String, u32>,
    members: &[MemberSubscription],
    result: &Assignment,
    at_most_once: bool,
    check_subscribed: bool,
) {
    let wanted = subscribed_partitions(metadata, members);
    let mut seen = BTreeSet::new();
    let mut ids: Vec<&str> = members.iter().map(|m| m.member_id.as_str()).collect();
    ids.dedup();
    assert_eq!(
        result.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        ids,
        "{what}: member order"
    );
    for (id, list) in result {
        let m = members.iter().rev().find(|m| m.member_id == *id).unwrap();
        for tp in list {
            assert!(seen.insert(tp.clone()), "{what}: {tp:?} assigned twice\n{result:?}");
            assert!(
                wanted.contains(tp),
                "{what}: {tp:?} is not a subscribed partition\n{result:?}"
            );
            if check_subscribed {
                assert!(
                    m.topics.contains(&tp.0),
                    "{what}: {id} got {tp:?} without subscribing\n{result:?}"
                );
            }
        }
    }
    if !at_most_once {
        assert_eq!(
            seen, wanted,
            "{what}: not every subscribed partition was assigned\n{result:?}"
        );
    }
}

#[test]
fn random_inputs_keep_the_invariants() {
    let mut rng = Lcg(0x0005_eed0_f4af);
    for iteration in 0..1500 {
        let (metadata, mut members) = random_group(&mut rng, true);
        members.dedup_by(|a, b| a.member_id == b.member_id);
        for strategy in Strategy::ALL {
            let what = format!("#{iteration} {strategy:?} {metadata:?} {members:?}");
            let result = assign(strategy, &metadata, &members);
            let cooperative = strategy == Strategy::CooperativeSticky;
            check_invariants(&what, &metadata, &members, &result, cooperative, true);
            if cooperative {
                let (last, _) = follow_up_until_stable(strategy, &metadata, &members);
                check_invariants(
                    &format!("{what} after follow-ups"),
                    &metadata,
                    &members,
                    &last,
                    false,
                    true,
                );
            }
            // Deterministic.
            assert_eq!(
                result,
                assign(strategy, &metadata, &members),
                "{what}: not deterministic"
            );
        }
    }
}

#[test]
fn random_inputs_with_empty_subscriptions_and_duplicates_never_panic() {
    let mut rng = Lcg(42);
    for iteration in 0..1500 {
        let (metadata, mut members) = random_group(&mut rng, false);
        if iteration % 5 == 0 && !members.is_empty() {
            // A member id given twice: the last subscription counts, the first slot is kept.
            let mut again = members[0].clone();
            again.topics.reverse();
            members.push(again);
        }
        for strategy in Strategy::ALL {
            let result = assign(strategy, &metadata, &members);
            let what = format!("#{iteration} {strategy:?} {metadata:?} {members:?}");
            let mut unique: Vec<MemberSubscription> = Vec::new();
            for m in &members {
                match unique.iter_mut().find(|u| u.member_id == m.member_id) {
                    Some(u) => *u = m.clone(),
                    None => unique.push(m.clone()),
                }
            }
            // Kafka's sticky assignors can hand a member a topic it does not subscribe to here
            // (see the two kafka_* tests below) — reproduced, so only range/roundrobin are held
            // to the subscription check on these unrealistic inputs.
            let check_subscribed = !matches!(strategy, Strategy::Sticky | Strategy::CooperativeSticky);
            check_invariants(
                &what,
                &metadata,
                &unique,
                &result,
                strategy == Strategy::CooperativeSticky,
                check_subscribed,
            );
        }
    }
    // Degenerate inputs.
    for strategy in Strategy::ALL {
        assert!(assign(strategy, &BTreeMap::new(), &[]).is_empty());
        let r = assign(strategy, &topics(&[("t", 0)]), &[member("a", &["t", "missing"])]);
        assert_eq!(r, vec![("a".to_string(), vec![])]);
    }
}

#[test]
fn kafka_quirk_empty_first_subscription_counts_as_equal() {
    // In a Java HashMap "consumer2" iterates before "consumer1" (buckets 11 and 12 of 16).
    // When the first member iterated subscribes to nothing, allSubscriptionsEqual lets the next
    // member seed the topic set and reports "equal"; the constrained builder then balances t
    // over both members, including the one that subscribed to nothing.
    let t = topics(&[("t", 2)]);
    let ms = vec![member("consumer1", &["t"]), member("consumer2", &[])];
    for s in [Strategy::Sticky, Strategy::CooperativeSticky] {
        let r = assign(s, &t, &ms);
        assert_eq!(r[0].1, tps(&["t-0"]), "{s:?}");
        assert_eq!(r[1].1, tps(&["t-1"]), "{s:?}");
    }
    // The other way round the subscriptions differ and the general algorithm is used.
    let ms = vec![member("consumer1", &[]), member("consumer2", &["t"])];
    let r = assign(Strategy::Sticky, &t, &ms);
    assert!(r[0].1.is_empty());
    assert_eq!(r[1].1, tps(&["t-0", "t-1"]));
}

#[test]
fn kafka_behaviour_lower_generation_previous_owner_can_get_back_an_unsubscribed_partition() {
    // GeneralAssignmentBuilder.performReassignments moves a partition back to its previous
    // (lower-generation) owner when that owner is 2+ partitions behind, without checking the
    // owner still subscribes to the topic. consumer19 (generation -1, subscribed to b only)
    // claimed topic-5, so it gets topic-5 back. Reproduced from Kafka's code path.
    let t = topics(&[("b", 5), ("topic", 6)]);
    let mk =
        |id: &str, tp: &[&str], owned: &[&str], generation: Option<i32>, instance: Option<&str>| MemberSubscription {
            member_id: id.into(),
            group_instance_id: instance.map(str::to_string),
            topics: tp.iter().map(|s| s.to_string()).collect(),
            owned_partitions: tps(owned),
            generation,
        };
    let ms = vec![
        mk(
            "consumer4",
            &["b", "topic"],
            &["b-1", "b-4", "topic-2", "topic-3"],
            Some(0),
            Some("inst1"),
        ),
        mk(
            "consumer7",
            &["b", "topic"],
            &["b-0", "topic-1", "topic-2", "topic-3", "topic-4"],
            None,
            None,
        ),
        mk("consumer19", &["b"], &["b-1", "topic-5"], None, Some("inst1")),
    ];
    let r = assign(Strategy::Sticky, &t, &ms);
    assert_eq!(r[2].0, "consumer19");
    assert!(r[2].1.contains(&("topic".to_string(), 5)), "{r:?}");
}
