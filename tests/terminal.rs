//! The Kafka CLI terminal (`src/terminal`): golden transcripts compared with
//! `tests/golden/terminal/*.txt`, the admin actions' effects on the simulator, and a fuzz that
//! no input panics (completion, history and `kplay term`: `tests/terminal_shell.rs`).
//!
//! A golden file starts with `#` lines naming the Kafka class whose output it reproduces, then a
//! `---` line, then the transcript: `$ command`, its stdout, its stderr lines prefixed `! `, and
//! `[exit N]` when it failed. Run with `UPDATE_GOLDEN=1` to rewrite a transcript (the header
//! stays); then read the diff against Kafka's real format before committing it.
#![cfg(not(target_arch = "wasm32"))]

use kafka_playground::sim::{Action, ClusterConfig, Sim, TopicSpec};
use kafka_playground::terminal::{boot, complete, Terminal, COMMANDS};
use proptest::prelude::*;
use std::path::PathBuf;

const B: &str = "--bootstrap-server localhost:9092";

fn cluster() -> Sim {
    let mut sim = Sim::new(ClusterConfig::default(), 7).expect("default cluster");
    boot(&mut sim);
    sim
}

/// Runs `line` (with `{B}` replaced by the bootstrap flag) and appends it to the transcript.
fn run(t: &mut Terminal, sim: &mut Sim, out: &mut String, line: &str) -> i32 {
    let line = line.replace("{B}", B);
    out.push_str(&format!("{}{line}\n", t.prompt()));
    let o = t.run(sim, &line);
    out.push_str(&o.stdout);
    for l in o.stderr.lines() {
        out.push_str(&format!("! {l}\n"));
    }
    if o.exit_code != 0 {
        out.push_str(&format!("[exit {}]\n", o.exit_code));
    }
    o.exit_code
}

fn golden(name: &str, transcript: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/terminal").join(format!("{name}.txt"));
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let (header, body) = match existing.split_once("\n---\n") {
        Some((h, b)) => (h.to_string(), b.to_string()),
        None => ("# (describe which Kafka class prints this)".to_string(), String::new()),
    };
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, format!("{header}\n---\n{transcript}")).expect("write golden file");
        return;
    }
    assert!(!existing.is_empty(), "missing golden file {} (run with UPDATE_GOLDEN=1)", path.display());
    assert_eq!(body, transcript, "transcript differs from {}", path.display());
}

/// Runs every line, checking each exit code against `codes` (same length), and returns the transcript.
fn session(sim: &mut Sim, lines: &[(&str, i32)]) -> String {
    let mut t = Terminal::default();
    let mut out = String::new();
    for (line, code) in lines {
        let got = run(&mut t, sim, &mut out, line);
        assert_eq!(got, *code, "exit code of `{line}`\n{out}");
    }
    out
}

#[test]
fn describe_a_healthy_topic() {
    let mut sim = cluster();
    let out = session(&mut sim, &[("kafka-topics.sh {B} --describe --topic orders", 0)]);
    assert!(out.contains("\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\t"), "{out}");
    golden("describe_healthy", &out);
}

#[test]
fn describe_after_a_crash_shows_the_shrunk_isr() {
    let mut sim = cluster();
    sim.apply(Action::CrashBroker { broker: 3 }).unwrap();
    let out = session(&mut sim, &[
        ("sleep 40", 0),
        ("kafka-topics.sh {B} --describe --topic orders", 0),
        ("kafka-topics.sh {B} --describe --under-replicated-partitions", 0),
    ]);
    // The ISR no longer holds broker 3, in the simulator and in the printout.
    for pidx in &sim.topology().topics["orders"] {
        let v = sim.partition_view(*pidx);
        assert!(!v.isr.contains(&3) && v.leader != Some(3), "{v:?}");
    }
    assert!(!out.contains("Leader: 3"), "{out}");
    golden("describe_shrunk_isr", &out);
}

#[test]
fn describe_an_offline_partition_prints_leader_none() {
    let mut sim = cluster();
    let mut out = session(&mut sim, &[("kafka-topics.sh {B} --create --topic audit --partitions 1 --replication-factor 1", 0), ("sleep 2", 0)]);
    let pidx = sim.topology().topics["audit"][0];
    let holder = sim.partition_view(pidx).replicas[0].broker;
    sim.apply(Action::CrashBroker { broker: holder }).unwrap();
    out += &session(&mut sim, &[
        ("sleep 30", 0),
        ("kafka-topics.sh {B} --describe --topic audit", 0),
        ("kafka-topics.sh {B} --describe --unavailable-partitions", 0),
    ]);
    assert_eq!(sim.partition_view(pidx).leader, None);
    assert!(out.contains("Leader: none"), "{out}");
    golden("describe_offline", &out);
}

#[test]
fn list_create_and_alter_partitions() {
    let mut sim = cluster();
    let out = session(&mut sim, &[
        ("kafka-topics.sh {B} --list", 0),
        ("kafka-topics.sh {B} --create --topic payments --partitions 2 --replication-factor 2 --config min.insync.replicas=2", 0),
        ("kafka-topics.sh {B} --create --topic payments --partitions 2", 1),
        ("kafka-topics.sh {B} --create --topic payments --if-not-exists", 0),
        ("kafka-topics.sh {B} --create --topic user.events", 0),
        ("kafka-topics.sh {B} --create --topic big --replication-factor 4", 1),
        ("kafka-topics.sh {B} --create --topic bad --partitions 0", 1),
        ("kafka-topics.sh {B} --alter --topic payments --partitions 4", 0),
        ("kafka-topics.sh {B} --alter --topic payments --partitions 3", 1),
        ("kafka-topics.sh {B} --alter --topic payments --partitions 4", 1),
        ("kafka-topics.sh {B} --alter --topic payments", 1),
        ("kafka-topics.sh {B} --alter --topic nope --partitions 4", 1),
        ("sleep 2", 0),
        ("kafka-topics.sh {B} --describe --topic payments", 0),
        ("kafka-topics.sh {B} --list --exclude-internal", 0),
    ]);
    assert_eq!(sim.topology().topics["payments"].len(), 4);
    assert_eq!(sim.topology().partitions[sim.topology().topics["payments"][0]].min_isr, 2);
    assert_eq!(sim.topology().topics["user.events"].len(), 1, "num.partitions defaults to 1");
    assert!(!sim.topology().topics.contains_key("big"));
    golden("topics_list_create_alter", &out);
}

/// A group with a stalled consumer: lag grows while its offsets stand still.
fn lagging_group() -> Sim {
    let mut sim = cluster();
    sim.apply(Action::AddConsumer { group: "billing".into(), topics: vec!["orders".into()], instance_id: None }).unwrap();
    sim.run_for(15_000);
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: Some("early".into()), count: 6, partition: None, producer: None }).unwrap();
    sim.run_for(10_000);
    sim.apply(Action::StallConsumer { consumer: 1, ms: 60_000 }).unwrap();
    sim.apply(Action::Produce { topic: "orders".into(), key: Some("k".into()), value: Some("late".into()), count: 5, partition: None, producer: None }).unwrap();
    sim.run_for(3_000);
    sim
}

#[test]
fn consumer_groups_list_and_describe_with_lag() {
    let mut sim = lagging_group();
    let out = session(&mut sim, &[
        ("kafka-consumer-groups.sh {B} --list", 0),
        ("kafka-consumer-groups.sh {B} --describe --group billing", 0),
        ("kafka-consumer-groups.sh {B} --describe --group nobody", 0),
        ("kafka-consumer-groups.sh {B} --describe", 1),
    ]);
    let total: u64 = sim.group_lag("billing").iter().map(|r| r.lag).sum();
    assert!(total >= 5, "the late records are not consumed yet: lag {total}");
    assert!(out.contains("GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG"), "{out}");
    golden("groups_describe_lag", &out);
}

#[test]
fn reset_offsets_dry_run_and_execute() {
    let mut sim = lagging_group();
    let mut out = session(&mut sim, &[
        ("kafka-consumer-groups.sh {B} --reset-offsets --group billing --topic orders --to-earliest --execute", 0),
    ]);
    assert!(out.contains("Assignments can only be reset if the group 'billing' is inactive, but the current state is Stable."), "{out}");
    sim.apply(Action::StopConsumer { consumer: 1 }).unwrap();
    let before = sim.group_state("billing").unwrap().2;
    out += &session(&mut sim, &[
        ("sleep 5", 0),
        ("kafka-consumer-groups.sh {B} --reset-offsets --group billing --topic orders --to-earliest", 0),
        ("kafka-consumer-groups.sh {B} --reset-offsets --group billing --topic orders:0 --to-offset 100 --dry-run", 0),
        ("kafka-consumer-groups.sh {B} --reset-offsets --group billing --all-topics --to-latest --dry-run", 0),
    ]);
    assert_eq!(sim.group_state("billing").unwrap().2, before, "a dry run changes nothing");
    out += &session(&mut sim, &[
        ("kafka-consumer-groups.sh {B} --reset-offsets --group billing --topic orders --to-earliest --execute", 0),
        ("kafka-consumer-groups.sh {B} --describe --group billing", 0),
        ("kafka-consumer-groups.sh {B} --reset-offsets --group billing --topic orders --shift-by 2 --execute", 0),
        ("kafka-consumer-groups.sh {B} --reset-offsets --group billing --topic orders", 1),
        ("kafka-consumer-groups.sh {B} --reset-offsets --group billing --to-earliest --execute", 1),
    ]);
    // shift-by 2 from earliest (0), clamped to each partition's latest offset (its HW).
    let after = sim.group_state("billing").unwrap().2;
    assert_eq!(after.len(), 3);
    for (pidx, o) in after {
        let v = sim.partition_view(pidx);
        let hw = v.replicas.iter().find(|r| Some(r.broker) == v.leader).unwrap().hw;
        assert_eq!(o, hw.min(2), "{:?}", v.tp);
    }
    golden("groups_reset_offsets", &out);
}

#[test]
fn configs_alter_and_its_effect() {
    let mut sim = cluster();
    let mut out = session(&mut sim, &[
        ("kafka-configs.sh {B} --alter --entity-type topics --entity-name orders --add-config min.insync.replicas=3", 0),
        ("kafka-configs.sh {B} --describe --entity-type topics --entity-name orders", 0),
        ("kafka-topics.sh {B} --describe --topic orders", 0),
        ("kafka-configs.sh {B} --alter --entity-type topics --entity-name orders --add-config retention.ms=604800001", 0),
        ("kafka-configs.sh {B} --alter --entity-type topics --entity-name orders --add-config retention.mss=1000", 1),
        ("kafka-configs.sh {B} --alter --entity-type topics --entity-name orders --add-config min.cleanable.dirty.ratio=-1", 1),
        ("kafka-configs.sh {B} --alter --entity-type topics --entity-name orders --add-config min.insync.replicas=abc", 1),
        ("kafka-configs.sh {B} --alter --entity-type topics --entity-name nope --add-config min.insync.replicas=2", 1),
        ("kafka-configs.sh {B} --alter --entity-type brokers --entity-default --add-config replica.lag.time.max.ms=5000", 1),
        ("kafka-configs.sh {B} --alter --entity-type brokers --entity-default --add-config unclean.leader.election.enable=true", 0),
        ("kafka-configs.sh {B} --describe --entity-type brokers --entity-default", 0),
        ("kafka-configs.sh --alter --entity-type topics --entity-name orders --add-config min.insync.replicas=2", 1),
    ]);
    for pidx in &sim.topology().topics["orders"] {
        assert_eq!(sim.topology().partitions[*pidx].min_isr, 3);
    }
    assert!(sim.config().broker.unclean_leader_election_enable);
    // The effect: with min.insync.replicas=3, one broker down refuses acks=all writes.
    sim.apply(Action::CrashBroker { broker: 2 }).unwrap();
    out += &session(&mut sim, &[
        ("sleep 40", 0),
        ("kafka-console-producer.sh {B} --topic orders", 0),
        ("refused", 0),
        ("^D", 0),
    ]);
    let refused = sim.ledger().records().iter().find(|r| r.value == "refused").expect("sent");
    assert!(refused.acked.is_none() && refused.failed.is_some(), "{refused:?}");
    assert!(out.contains("Error when sending message to topic orders"), "{out}");
    golden("configs_alter", &out);
}

#[test]
fn console_producer_and_consumer() {
    let mut sim = cluster();
    let out = session(&mut sim, &[
        ("kafka-console-producer.sh {B} --topic orders --property parse.key=true --property key.separator=:", 0),
        ("user1:first", 0),
        ("user2:second", 0),
        ("user1:third", 0),
        ("^D", 0),
        ("kafka-console-consumer.sh {B} --topic orders --from-beginning --property print.key=true --property print.partition=true", 0),
        ("kafka-console-consumer.sh {B} --topic orders", 0),
        ("kafka-console-consumer.sh {B} --topic orders --partition 0 --offset earliest --max-messages 1", 0),
        ("kafka-console-consumer.sh {B} --topic orders --from-beginning --group audit", 0),
        ("kafka-console-consumer.sh {B} --topic orders --from-beginning --group audit", 0),
        ("kafka-console-producer.sh {B} --topic orders --property parse.key=true", 0),
        ("no separator here", 1),
        ("kafka-console-producer.sh {B} --topic fresh", 0),
        ("hello", 0),
        ("^D", 0),
        ("kafka-console-consumer.sh {B} --topic fresh --from-beginning", 0),
        ("kafka-console-consumer.sh {B} --topic orders --offset 1", 1),
        ("kafka-console-consumer.sh {B}", 1),
    ]);
    // Same key, same partition (murmur2): user1's two records are in order in one partition.
    let user1: Vec<_> = sim.ledger().records().iter().filter(|r| r.key.as_deref() == Some("user1")).collect();
    assert_eq!(user1.len(), 2);
    assert_eq!(user1[0].pidx, user1[1].pidx);
    assert!(user1.iter().all(|r| r.acked.is_some()));
    assert!(sim.topology().topics.contains_key("fresh"), "auto.create.topics.enable creates it");
    let committed: u64 = sim.group_state("audit").unwrap().2.iter().map(|(_, o)| o).sum();
    assert_eq!(committed, 3, "the group committed past the three records");
    golden("console_producer_consumer", &out);
}

#[test]
fn a_compacted_topic_with_tombstones_and_keyless_records() {
    let mut sim = cluster();
    let out = session(&mut sim, &[
        ("kafka-topics.sh {B} --create --topic profiles --partitions 1 --replication-factor 3 --config cleanup.policy=compact --config min.cleanable.dirty.ratio=0.1", 0),
        ("kafka-topics.sh {B} --create --topic bad --config min.cleanable.dirty.ratio=2", 1),
        ("kafka-console-producer.sh {B} --topic profiles --property parse.key=true --property key.separator=: --property null.marker=NULL", 0),
        ("alice:v1", 0),
        ("alice:v2", 0),
        ("alice:NULL", 0),
        ("^D", 0),
        ("kafka-console-producer.sh {B} --topic profiles", 0),
        ("no key", 0),
        ("^D", 0),
        ("kafka-console-consumer.sh {B} --topic profiles --from-beginning --property print.key=true --property print.offset=true", 0),
        ("kafka-topics.sh {B} --describe --topic profiles", 0),
    ]);
    let tombstones: Vec<_> = sim.ledger().records().iter().filter(|r| r.tombstone).collect();
    assert_eq!(tombstones.len(), 1);
    assert_eq!(tombstones[0].key.as_deref(), Some("alice"));
    assert!(out.contains("INVALID_RECORD") || out.contains("InvalidRecordException"), "{out}");
    golden("compacted_topic", &out);
}

#[test]
fn reassign_partitions_execute_list_verify() {
    let mut sim = Sim::new(ClusterConfig::with_brokers(6, vec![TopicSpec::new("orders", 1, 3)]), 7).expect("6 brokers");
    boot(&mut sim);
    let plan = r#"echo '{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[4,5,6]}]}' > plan.json"#;
    let mut t = Terminal::default();
    let mut out = String::new();
    let mut step = |sim: &mut Sim, line: &str, code: i32, out: &mut String| {
        let got = run(&mut t, sim, out, line);
        assert_eq!(got, code, "exit code of `{line}`\n{out}");
    };
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file plan.json --execute", 1, &mut out);
    step(&mut sim, plan, 0, &mut out);
    step(&mut sim, "cat plan.json", 0, &mut out);
    step(&mut sim, "echo '{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"replicas\":[4,9]}]}' > bad.json", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file bad.json --execute", 1, &mut out);
    step(&mut sim, "echo not json > broken.json", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file broken.json --execute", 1, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --list", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file plan.json --execute", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --list", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file plan.json --verify", 0, &mut out);
    step(&mut sim, "sleep 30", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file plan.json --verify", 0, &mut out);
    step(&mut sim, "kafka-topics.sh {B} --describe --topic orders", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --execute --list", 1, &mut out);
    assert_eq!(sim.controller().partitions[0].replicas, vec![4, 5, 6], "the move finished");
    assert!(out.contains("is still in progress") && out.contains("is completed"), "{out}");
    golden("reassign_partitions", &out);
}

#[test]
fn reassign_partitions_generate_then_cancel() {
    let mut sim = Sim::new(ClusterConfig::with_brokers(6, vec![TopicSpec::new("orders", 3, 3)]), 7).expect("6 brokers");
    boot(&mut sim);
    let mut t = Terminal::default();
    let mut out = String::new();
    let mut step = |sim: &mut Sim, line: &str, code: i32, out: &mut String| {
        let got = run(&mut t, sim, out, line);
        assert_eq!(got, code, "exit code of `{line}`\n{out}");
    };
    step(&mut sim, r#"echo '{"topics":[{"topic":"orders"}],"version":1}' > move.json"#, 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --topics-to-move-json-file move.json --broker-list 4,5,6 --generate", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --topics-to-move-json-file move.json --broker-list 4,5 --generate", 1, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --topics-to-move-json-file move.json --broker-list 4,4,5 --generate", 1, &mut out);
    step(&mut sim, r#"echo '{"topics":[{"topic":"payments"}],"version":1}' > other.json"#, 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --topics-to-move-json-file other.json --broker-list 4,5,6 --generate", 1, &mut out);
    step(&mut sim, r#"echo '{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[4,5,6]},{"topic":"orders","partition":1,"replicas":[5,6,4]}]}' > plan.json"#, 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file plan.json --cancel", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file plan.json --execute", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --reassignment-json-file plan.json --cancel", 0, &mut out);
    step(&mut sim, "kafka-reassign-partitions.sh {B} --list", 0, &mut out);
    step(&mut sim, "sleep 5", 0, &mut out);
    step(&mut sim, "kafka-topics.sh {B} --describe --topic orders", 0, &mut out);
    assert_eq!(sim.controller().partitions[0].replicas, vec![1, 2, 3], "the cancel put orders-0 back");
    assert!(sim.controller().reassigning.is_empty());
    for b in 4..=6 {
        assert!(!sim.broker(b).unwrap().replicas.contains_key(&0), "broker {b} dropped the replica it was adding");
    }
    assert!(out.contains("Proposed partition reassignment configuration") && out.contains("Successfully cancelled partition reassignments for: orders-0,orders-1"), "{out}");
    golden("reassign_generate_cancel", &out);
}

#[test]
fn unknown_commands_and_flags() {
    let mut sim = cluster();
    let out = session(&mut sim, &[
        ("kafka-topcs.sh {B} --list", 127),
        ("kafka-topics.sh {B} --lst", 1),
        ("kafka-topics.sh --zookeeper localhost:2181 --list", 1),
        ("kafka-topics.sh --list", 1),
        ("kafka-topics.sh {B}", 1),
        ("kafka-topics.sh {B} --describe --topic", 1),
        ("kafka-topics.sh {B} --create --topic t --partitions three", 1),
        ("kafka-topics.sh {B} --describe --topic nope", 1),
        ("kafka-consumer-groups.sh {B} --foo", 1),
        ("kafka-consumer-groups.sh --list", 1),
        ("kafka-configs.sh {B} --describe --entity-type topics --entity-name orders --bogus", 1),
        ("kafka-console-producer.sh {B} --topic orders --nope", 1),
        ("kafka-console-consumer.sh {B} --topic orders --nope", 1),
        ("bin/kafka-topics.sh {B} --list", 0),
        ("kafka-topics {B} --list", 0),
        ("kafka-topics.sh {B} --list --topic 'unterminated", 2),
        ("sleep forever", 1),
        ("", 0),
    ]);
    golden("errors", &out);
}

#[test]
fn admin_actions_refuse_bad_input_and_change_nothing() {
    let mut sim = cluster();
    let before = sim.topology().topics.len();
    let err = |r: Result<_, kafka_playground::sim::ActionError>| r.unwrap_err().message;
    assert_eq!(err(sim.apply(Action::CreateTopic { topic: "orders".into(), partitions: 1, replication_factor: 1, configs: Default::default() })), "Topic 'orders' already exists.");
    assert!(err(sim.apply(Action::CreateTopic { topic: "x".into(), partitions: 1, replication_factor: 4, configs: Default::default() })).contains("only 3 broker(s) are registered"));
    assert!(err(sim.apply(Action::CreateTopic { topic: "bad name".into(), partitions: 1, replication_factor: 1, configs: Default::default() })).contains("illegal"));
    let cfg = [("cleanup.policy".to_string(), "shred".to_string())].into_iter().collect();
    assert!(err(sim.apply(Action::CreateTopic { topic: "y".into(), partitions: 1, replication_factor: 1, configs: cfg })).contains("String must be one of: compact, delete"));
    let cfg = [("retention.mss".to_string(), "1".to_string())].into_iter().collect();
    assert!(err(sim.apply(Action::CreateTopic { topic: "y".into(), partitions: 1, replication_factor: 1, configs: cfg })).contains("Unknown topic config name"));
    assert!(err(sim.apply(Action::AlterTopicConfig { topic: "orders".into(), key: "min.insync.replicas".into(), value: "0".into() })).contains("min.insync.replicas"));
    assert!(err(sim.apply(Action::ResetGroupOffsets { group: "g".into(), topic: "orders".into(), offsets: vec![(9, 0)] })).contains("UNKNOWN_TOPIC_OR_PARTITION"));
    assert_eq!(sim.topology().topics.len(), before);
    for pidx in &sim.topology().topics["orders"] {
        assert_eq!(sim.topology().partitions[*pidx].min_isr, 1);
    }
    // An active group refuses a reset: the coordinator has members.
    let mut sim = lagging_group();
    assert!(err(sim.apply(Action::ResetGroupOffsets { group: "billing".into(), topic: "orders".into(), offsets: vec![(0, 0)] })).contains("UNKNOWN_MEMBER_ID"));
}

#[test]
fn admin_actions_replay_deterministically() {
    // The new actions go through Sim::apply, so a replay of the script reaches the same state.
    let mut sim = cluster();
    let mut t = Terminal::default();
    for line in ["kafka-topics.sh --bootstrap-server x --create --topic t2 --partitions 2 --replication-factor 3",
        "kafka-configs.sh --bootstrap-server x --alter --entity-type topics --entity-name t2 --add-config min.insync.replicas=2",
        "kafka-console-producer.sh --bootstrap-server x --topic t2", "a", "b", "^D",
        "kafka-console-consumer.sh --bootstrap-server x --topic t2 --from-beginning --group g9"] {
        assert_eq!(t.run(&mut sim, line).exit_code, 0);
    }
    sim.run_for(5_000);
    let (again, _) = Sim::replay(sim.initial_config(), 7, sim.actions(), sim.mark()).expect("replay");
    assert_eq!(again.topology().topics["t2"].len(), 2);
    assert_eq!(again.partition_view(again.topology().topics["t2"][1]).isr, sim.partition_view(sim.topology().topics["t2"][1]).isr);
    assert_eq!(again.topology().partitions[again.topology().topics["t2"][0]].min_isr, 2);
    assert_eq!(again.group_state("g9").map(|s| s.2), sim.group_state("g9").map(|s| s.2));
    assert!(sim.group_state("g9").is_some_and(|s| s.2.iter().map(|(_, o)| o).sum::<u64>() == 2));
}

/// Every flag of every tool, and values that exercise their parsers.
fn words() -> Vec<String> {
    let mut w: Vec<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
    for c in COMMANDS {
        for line in complete(&format!("{c} --")) {
            w.push(line.trim_end().rsplit(' ').next().unwrap().to_string());
        }
    }
    w.extend(["orders", "billing", "0", "-1", "3", "99999999999", "abc", "localhost:9092", "topics", "brokers", "1",
        "min.insync.replicas=2", "k=v", "--shift-by", "-99999999999", "9223372036854775807", "--to-offset", "--partitions", "parse.key=true", "key.separator=:", "earliest", "\"", "'", "=", "", "orders:0,1", "^D", "a:b"]
        .map(String::from));
    w
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_lines_never_panic(lines in prop::collection::vec(".{0,60}", 1..6)) {
        let mut sim = cluster();
        let mut t = Terminal::default();
        for l in &lines {
            let _ = t.run(&mut sim, l);
            let _ = complete(l);
        }
    }

    #[test]
    fn flag_sequences_never_panic(seqs in prop::collection::vec((0usize..100, prop::collection::vec(0usize..1000, 0..10)), 1..6)) {
        let w = words();
        let mut sim = cluster();
        let mut t = Terminal::default();
        for (cmd, rest) in seqs {
            // A real tool name first, then flags and values in any order.
            let mut line = vec![COMMANDS[cmd % COMMANDS.len()], "--bootstrap-server", "localhost:9092"];
            line.extend(rest.iter().map(|i| w[i % w.len()].as_str()));
            let o = t.run(&mut sim, &line.join(" "));
            prop_assert!(o.exit_code >= 0);
            prop_assert!(!o.stdout.is_empty() || !o.stderr.is_empty() || o.exit_code == 0, "a failure always says something: {line:?}");
        }
    }
}

#[test]
fn leader_election_moves_leaders_back_to_the_preferred_replica() {
    let mut sim = cluster();
    // Broker 1 restarts: its partition moves away and stays away until a preferred election.
    sim.apply(Action::CrashBroker { broker: 1 }).unwrap();
    sim.run_for(15_000);
    sim.apply(Action::RestartBroker { broker: 1 }).unwrap();
    sim.run_for(15_000);
    assert_ne!(sim.controller().partitions[0].leader, Some(1), "orders-0 is led by another broker");
    let out = session(&mut sim, &[
        ("kafka-topics.sh {B} --describe --topic orders", 0),
        ("kafka-leader-election.sh {B} --election-type PREFERRED --topic orders --partition 1", 0),
        ("kafka-leader-election.sh {B} --election-type preferred --all-topic-partitions", 0),
        ("kafka-topics.sh {B} --describe --topic orders", 0),
        ("kafka-leader-election.sh {B} --election-type PREFERRED --topic nope --partition 0", 1),
        ("kafka-leader-election.sh {B} --election-type PREFERRED --topic orders", 1),
        ("kafka-leader-election.sh {B} --election-type SIDEWAYS --all-topic-partitions", 1),
        ("kafka-leader-election.sh {B} --election-type PREFERRED", 1),
        ("kafka-leader-election.sh --election-type PREFERRED --all-topic-partitions", 1),
    ]);
    assert_eq!(sim.controller().partitions[0].leader, Some(1), "the election gave orders-0 back to broker 1");
    assert!(out.contains("Successfully completed leader election (PREFERRED) for partitions orders-0"), "{out}");
    assert!(out.contains("Valid replica already elected for partitions orders-1"), "{out}");

    // The preferred replica down: PREFERRED_LEADER_NOT_AVAILABLE, exit 1.
    sim.apply(Action::CrashBroker { broker: 2 }).unwrap();
    sim.run_for(15_000);
    let failed = session(&mut sim, &[("kafka-leader-election.sh {B} --election-type PREFERRED --topic orders --partition 1", 1)]);
    assert!(failed.contains("PreferredLeaderNotAvailableException"), "{failed}");
    golden("leader_election", &format!("{out}{failed}"));
}

/// ShareGroupCommand: --list, --describe (START-OFFSET, LAG) and --members of a share group;
/// kafka-consumer-groups.sh --list leaves share groups out.
#[test]
fn share_groups_list_describe_and_members() {
    let mut cfg = ClusterConfig::default();
    cfg.set("max.poll.records", "2").unwrap();
    cfg.set("sim.processing.ms.per.record", "500").unwrap();
    let mut sim = Sim::new(cfg, 7).expect("cluster");
    boot(&mut sim);
    sim.apply(Action::AddConsumer { group: "billing".into(), topics: vec![], instance_id: None }).unwrap();
    for _ in 0..2 {
        sim.apply(Action::AddShareConsumer { group: "jobs".into(), topics: vec![] }).unwrap();
    }
    sim.run_for(10_000);
    sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 12, partition: None, producer: None }).unwrap();
    let out = session(&mut sim, &[
        ("sleep 1", 0),
        ("kafka-share-groups.sh {B} --list", 0),
        ("kafka-consumer-groups.sh {B} --list", 0),
        ("kafka-share-groups.sh {B} --describe --group jobs", 0),
        ("kafka-share-groups.sh {B} --describe --group jobs --members", 0),
        ("sleep 30", 0),
        ("kafka-share-groups.sh {B} --describe --all-groups", 0),
        ("kafka-share-groups.sh {B} --describe --group billing", 1),
        ("kafka-share-groups.sh {B} --list --describe --group jobs", 1),
    ]);
    assert!(out.contains("GROUP           TOPIC           PARTITION  START-OFFSET  LAG"), "{out}");
    assert!(out.contains("GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS  ASSIGNMENT"), "{out}");
    assert!(out.contains("Group billing is not a share group."), "{out}");
    let lag: u64 = sim.group_lag("jobs").iter().map(|r| r.lag).sum();
    assert_eq!(lag, 0, "the share group caught up");
    golden("share_groups", &out);
}
