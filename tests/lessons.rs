//! `lesson check` over lessons/ through the library API, so `cargo test` covers every lesson,
//! plus the claims the lessons are about, taken from the simulator's ledger, and broken lessons.
#![cfg(not(target_arch = "wasm32"))]

use kafka_playground::lesson::{self, files, parse, Lesson, Runner, Value};
use kafka_playground::sim::Lang;
use std::path::{Path, PathBuf};

const ACKS1: &str = "01-acks1-loses-acknowledged-records.toml";
const ACKS_ALL: &str = "02-acks-all-min-isr.toml";
const KEYS: &str = "03-keys-ordering-partitions.toml";
const RETRIES: &str = "04-retries-duplicate-and-reorder.toml";
const IDEMPOTENT: &str = "05-idempotent-producer.toml";
const TXN: &str = "06-transactions-read-committed.toml";

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons")
}

fn load(name: &str) -> Lesson {
    files::load(&lessons_dir().join(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn source(name: &str) -> String {
    std::fs::read_to_string(lessons_dir().join(name)).unwrap()
}

#[test]
fn every_lesson_checks() {
    let all = files::load_dir(&lessons_dir()).unwrap();
    assert!(all.len() >= 20, "expected the lessons in lessons/, found {}", all.len());
    for (path, parsed) in all {
        let l = parsed.unwrap_or_else(|e| panic!("{e}"));
        let report = lesson::check(&l).unwrap_or_else(|f| panic!("{}: {f}", path.display()));
        assert_eq!(report.steps.len(), l.steps.len());
        assert!(report.claim_count() >= l.steps.len(), "{}: too few claims", path.display());
    }
}

#[test]
fn the_readme_is_not_a_lesson() {
    let files = files::lesson_files(&lessons_dir()).unwrap();
    assert!(lessons_dir().join("README.md").is_file(), "lessons/README.md documents the format");
    assert!(files.iter().all(|f| f.extension().is_some_and(|e| e == "toml")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(ACKS1)));
}

#[test]
fn lessons_are_bilingual_one_sentence_steps_with_a_predict_question() {
    for (path, parsed) in files::load_dir(&lessons_dir()).unwrap() {
        let l = parsed.unwrap();
        let name = path.display();
        for lang in [Lang::En, Lang::Ko] {
            assert!(!l.title.get(lang).trim().is_empty(), "{name}: title {lang:?}");
            assert!(!l.summary.get(lang).trim().is_empty(), "{name}: summary {lang:?}");
            for (i, s) in l.steps.iter().enumerate() {
                let say = s.say.get(lang).trim();
                assert!(!say.is_empty() && !say.contains('\n'), "{name} step {}: say.{lang:?}", i + 1);
                // One sentence: no sentence break inside (a final full stop is fine).
                let inner = say.trim_end_matches(['.', '!', '?']);
                assert!(!inner.contains(". ") && !inner.contains("? "), "{name} step {}: one sentence please: {say}", i + 1);
            }
        }
        let ko_has_hangul = l.steps.iter().all(|s| s.say.ko.chars().any(|c| ('가'..='힣').contains(&c)));
        assert!(ko_has_hangul, "{name}: every say.ko is Korean");
        let predicts: Vec<_> = l.steps.iter().filter_map(|s| s.predict.as_ref()).collect();
        assert!(!predicts.is_empty(), "{name}: needs a predict-then-reveal question");
        for p in predicts {
            assert!(p.answer_index < p.choices.len());
            assert!(!p.check.is_empty());
        }
    }
}

/// The headline number of lesson 1 comes from the simulator's ledger, not from the file.
#[test]
fn acks1_loss_count_is_the_ledgers() {
    let l = load(ACKS1);
    assert_eq!(l.cluster.producer.acks, kafka_playground::sim::Acks::Leader);
    let mut runner = Runner::new(l.clone()).unwrap();
    runner.run_all();
    let (report, sim) = runner.into_parts();
    assert!(report.passed(), "{:?}", report.failures());
    let lost = sim.ledger().acknowledged_lost().len() as u64;
    assert!(lost > 0, "acks=1 lesson must lose acknowledged records");
    assert_eq!(report.ledger.acknowledged_lost, lost);
    assert_eq!(report.ledger, sim.ledger_summary());
    // Every lost record really was acknowledged and is really gone from the leader's log.
    for r in sim.ledger().acknowledged_lost() {
        assert!(r.acked.is_some() && r.lost.is_some());
    }
    // The lesson claims exactly that number somewhere, and the claim was evaluated to it.
    let claim = format!("ledger.acknowledged_lost == {lost}");
    assert!(source(ACKS1).contains(&claim), "the lesson should claim `{claim}`");
    let evaluated = report.steps.iter().flat_map(|s| &s.claims).filter(|c| c.claim == claim).count();
    assert!(evaluated >= 1);
    for c in report.steps.iter().flat_map(|s| &s.claims).filter(|c| c.path == "ledger.acknowledged_lost") {
        assert!(c.holds);
    }
    // The old leader threw its copies away when it came back.
    assert!(report.steps.iter().flat_map(|s| &s.events).any(|e| matches!(e.kind, kafka_playground::sim::EventKind::Truncated { .. })));
}

#[test]
fn acks_all_lesson_loses_nothing_and_refuses_with_not_enough_replicas() {
    let mut runner = Runner::new(load(ACKS_ALL)).unwrap();
    runner.run_all();
    let (report, sim) = runner.into_parts();
    assert!(report.passed(), "{:?}", report.failures());
    assert!(sim.ledger().acknowledged_lost().is_empty());
    assert!(sim.producer().error_counts.get("NOT_ENOUGH_REPLICAS").copied().unwrap_or(0) >= 1);
    assert_eq!(sim.producer().error_counts.get("NOT_ENOUGH_REPLICAS_AFTER_APPEND"), None);
    assert_eq!(report.ledger.acknowledged, report.ledger.produced);
}

/// Runs a lesson through the library; it must pass. Returns the report and the final simulator.
fn run_passing(name: &str) -> (lesson::Report, kafka_playground::sim::Sim) {
    let mut runner = Runner::new(load(name)).unwrap();
    runner.run_all();
    let (report, sim) = runner.into_parts();
    assert!(report.passed(), "{name}: {:?}", report.failures());
    assert_eq!(report.ledger, sim.ledger_summary(), "{name}: the report's ledger is the simulator's");
    (report, sim)
}

/// The claims of a report that name `path`, each with its evaluated value.
fn claimed(report: &lesson::Report, path: &str) -> Vec<(String, Value)> {
    report.steps.iter().flat_map(|s| &s.claims).filter(|c| c.path == path).map(|c| (c.claim.clone(), c.actual.clone())).collect()
}

/// Lesson 3: alice's records really are split across orders-0 and orders-3 by murmur2.
#[test]
fn keys_lesson_split_comes_from_the_partitioner_and_the_ledger() {
    use kafka_playground::sim::partitioner::partition_for_key;
    assert_eq!((partition_for_key("alice", 3), partition_for_key("alice", 6)), (0, 3), "alice moves when 3 → 6");
    assert_eq!((partition_for_key("carol", 3), partition_for_key("carol", 6)), (2, 2), "carol stays");
    let (report, sim) = run_passing(KEYS);
    let mut alice = std::collections::BTreeMap::new();
    for r in sim.ledger().records().iter().filter(|r| r.key.as_deref() == Some("alice")) {
        *alice.entry(sim.topology().tp(r.pidx).to_string()).or_insert(0u64) += 1;
    }
    assert_eq!(alice.into_iter().collect::<Vec<_>>(), vec![("orders-0".to_string(), 5), ("orders-3".to_string(), 2)]);
    // The lesson claims exactly those counts, and they were evaluated to them.
    assert!(claimed(&report, "orders-3.leo").iter().any(|(c, v)| c == "orders-3.leo == 2" && *v == Value::Num(2)));
    assert!(claimed(&report, "orders-0.leo").iter().any(|(c, v)| c == "orders-0.leo == 5" && *v == Value::Num(5)));
    assert_eq!(sim.snapshot().partitions.iter().filter(|p| p.tp.topic == "orders").count(), 6);
}

/// Lesson 4: the duplicate and the reordering are the ledger's numbers.
#[test]
fn retries_lesson_duplicate_and_reorder_are_the_ledgers() {
    let (report, sim) = run_passing(RETRIES);
    let s = sim.ledger_summary();
    assert_eq!((s.duplicated, s.reordered, s.lost), (1, 1, 0), "{s:?}");
    assert_eq!(report.ledger.duplicated, s.duplicated);
    assert!(!sim.producer().idempotent(), "the lesson turns idempotence off");
    assert!(source(RETRIES).contains(&format!("ledger.duplicated == {}", s.duplicated)));
    assert!(source(RETRIES).contains(&format!("ledger.reordered == {}", s.reordered)));
    assert_eq!(claimed(&report, "ledger.duplicated").last(), Some(&("ledger.duplicated == 1".to_string(), Value::Num(1))));
    assert_eq!(claimed(&report, "ledger.reordered").last(), Some(&("ledger.reordered == 1".to_string(), Value::Num(1))));
}

/// Lesson 5: idempotence removes the duplicate and the reordering; only the restart duplicates.
#[test]
fn idempotent_lesson_numbers_are_the_ledgers() {
    let (report, sim) = run_passing(IDEMPOTENT);
    let s = sim.ledger_summary();
    assert_eq!((s.duplicated, s.reordered, s.lost, s.acknowledged), (1, 0, 0, 6), "{s:?}");
    assert_eq!(report.ledger.duplicated, s.duplicated);
    let p = sim.producer();
    assert!(p.idempotent());
    assert!(p.error_counts.get("OUT_OF_ORDER_SEQUENCE_NUMBER").copied().unwrap_or(0) >= 1);
    // Before the restart nothing was duplicated; the claim says so and was evaluated to 0.
    let before: Vec<_> = claimed(&report, "ledger.duplicated");
    assert_eq!(before.first(), Some(&("ledger.duplicated == 0".to_string(), Value::Num(0))));
    assert_eq!(before.last(), Some(&("ledger.duplicated == 1".to_string(), Value::Num(1))));
    assert_eq!(format!("producer.id == {}", p.producer_id()), "producer.id == 1002");
    assert!(report.steps.iter().flat_map(|s| &s.events).any(|e| e.kind.name() == "DuplicateBatch"));
}

/// Lesson 6: what read_committed and read_uncommitted see, and the aborted count, are the
/// simulator's; the zombie really is fenced.
#[test]
fn transactions_lesson_numbers_are_the_simulators() {
    let (report, sim) = run_passing(TXN);
    let orders0 = sim.topology().pidx(&kafka_playground::sim::TopicPartition::new("orders", 0)).unwrap();
    let committed = sim.read(orders0, true).len() as u64;
    assert_eq!(committed, 3);
    assert!(claimed(&report, "orders-0.read_committed").last().is_some_and(|(_, v)| *v == Value::Num(committed)));
    assert!((sim.read(orders0, false).len() as u64) > committed, "read_uncommitted also sees aborted records");
    // The abort step's count is the ledger's at that step.
    let aborted = claimed(&report, "ledger.txn_aborted");
    assert_eq!(aborted, vec![("ledger.txn_aborted == 2".to_string(), Value::Num(2))]);
    assert!(sim.ledger().records().iter().filter(|r| r.txn_committed == Some(false)).count() >= 2);
    let zombie = &sim.snapshot().producers[0];
    assert_eq!(zombie.txn_state.map(|s| format!("{s:?}")).as_deref(), Some("Fenced"));
    assert_eq!(zombie.last_error.map(|e| e.name()), Some("INVALID_PRODUCER_EPOCH"));
    assert!(sim.snapshot().producers[1].producer_epoch > zombie.producer_epoch);
}

// ---------------------------------------------------------------------------------------------
// Broken lessons: derived from the real lesson 1 by one edit each.

fn broken(from: &str, to: &str) -> Result<Lesson, lesson::LessonError> {
    let src = source(ACKS1);
    assert!(src.contains(from), "test setup: `{from}` not in the lesson");
    parse(&src.replacen(from, to, 1), "broken.toml")
}

fn line_of(needle: &str) -> usize {
    source(ACKS1).lines().position(|l| l.contains(needle)).expect("needle") + 1
}

fn parse_error(from: &str, to: &str) -> String {
    match broken(from, to) {
        Ok(_) => panic!("`{to}` should not parse"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_bad_action_names_file_and_line() {
    let e = parse_error("\"restart 1\"", "\"reboot 1\"");
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("\"restart 1\""))), "{e}");
    assert!(e.contains("unknown action `reboot`"), "{e}");
}

#[test]
fn a_bad_path_or_operator_names_file_and_line() {
    let e = parse_error("\"orders-0.leo@1 == 2\"", "\"orders-0.lag@1 == 2\"");
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("orders-0.leo@1 == 2"))), "{e}");
    assert!(e.contains("unknown partition field `lag`"), "{e}");
    let e = parse_error("\"ledger.truncated == 3\"", "\"ledger.truncated ~= 3\"");
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("ledger.truncated == 3"))), "{e}");
    assert!(e.contains("unknown operator `~=`"), "{e}");
}

#[test]
fn unknown_brokers_topics_and_configs_name_file_and_line() {
    let e = parse_error("\"restart 1\"", "\"restart 9\"");
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("\"restart 1\""))) && e.contains("unknown broker 9"), "{e}");
    let e = parse_error("\"produce orders-0 count=3\"", "\"produce payments-0 count=3\"");
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("produce orders-0 count=3"))) && e.contains("unknown topic"), "{e}");
    let e = parse_error("\"broker.1.status == running\"", "\"broker.5.status == running\"");
    assert!(e.contains("unknown broker 5"), "{e}");
    let e = parse_error("configs = { acks = \"1\" }", "configs = { acks = \"2\" }");
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("configs = { acks"))), "{e}");
    assert!(e.contains("Invalid value 2 for configuration acks"), "{e}");
    let e = parse_error("configs = { acks = \"1\" }", "configs = { acks = \"1\", \"replica.lag.max\" = 5 }");
    assert!(e.contains("Unknown configuration 'replica.lag.max'"), "{e}");
    let e = parse_error("replication_factor = 3", "replication_factor = 5");
    assert!(e.starts_with("broken.toml:") && e.contains("larger than available brokers"), "{e}");
    let e = parse_error("\"run 5s\", ", "\"set min.insync.replicas=0\", ");
    assert!(e.contains("Value must be at least 1"), "{e}");
}

#[test]
fn toml_errors_name_file_and_line() {
    let e = parse_error("seed = 42", "seed = \"forty-two\"");
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("seed = 42"))), "{e}");
    let e = parse_error("seed = 42", "seed = 42\ncolour = \"red\"");
    assert!(e.contains("unknown field `colour`"), "{e}");
    let e = parse_error("answer = 2", "answer = 0");
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("answer = 2"))) && e.contains("1 to 3"), "{e}");
    let e = parse(&source(ACKS1).replacen("[cluster]", "[cluster", 1), "broken.toml").unwrap_err().to_string();
    assert!(e.starts_with(&format!("broken.toml:{}:", line_of("[cluster]"))), "{e}");
    assert!(!e.contains('\n'), "{e}");
    assert!(parse("", "empty.toml").unwrap_err().to_string().starts_with("empty.toml:1:"));
}

#[test]
fn a_wrong_expectation_names_lesson_step_and_claim() {
    let l = broken("\"ledger.lost == 3\"", "\"ledger.lost == 5\"").unwrap();
    let f = lesson::check(&l).unwrap_err();
    assert_eq!(f.lesson, "acks1-loses-acknowledged-records");
    assert_eq!(f.step, 6);
    assert!(f.say.starts_with("acks=1 only means"), "{}", f.say);
    assert_eq!(f.claim.as_deref(), Some("ledger.lost == 5"));
    assert_eq!(f.actual, Some(Value::Num(3)));
    assert_eq!(f.pos.line, line_of("\"ledger.lost == 3\""));
    let msg = f.to_string();
    assert!(msg.contains("lesson `acks1-loses-acknowledged-records`, step 6"), "{msg}");
    assert!(msg.contains("expected `ledger.lost == 5`, but ledger.lost is 3"), "{msg}");
    assert!(msg.starts_with(&format!("broken.toml:{}:", line_of("\"ledger.lost == 3\""))), "{msg}");
}

#[test]
fn a_drifted_answer_key_fails_the_check() {
    let l = broken("check = [\"orders-0.leo == 2\", \"ledger.acknowledged_lost == 3\"]",
                   "check = \"ledger.acknowledged_lost == 0\"").unwrap();
    let f = lesson::check(&l).unwrap_err();
    assert_eq!(f.step, 4);
    assert!(f.to_string().contains("predict answer's check `ledger.acknowledged_lost == 0`, but ledger.acknowledged_lost is 3"), "{f}");
}

#[test]
fn a_refused_action_fails_the_check_with_its_line() {
    let l = broken("\"run 5s\", \"restart 1\"", "\"run 5s\", \"crash 1\"").unwrap();
    let f = lesson::check(&l).unwrap_err();
    assert_eq!(f.step, 5);
    assert!(f.to_string().contains("action `crash 1` was refused: Broker 1 is already down"), "{f}");
    assert_eq!(f.pos.line, line_of("\"run 5s\", \"restart 1\""));
}

#[test]
fn new_actions_and_paths_name_file_and_line() {
    let err = |name: &str, from: &str, to: &str| {
        let src = source(name);
        assert!(src.contains(from), "test setup: `{from}` not in {name}");
        let line = src.lines().position(|l| l.contains(from)).unwrap() + 1;
        let e = parse(&src.replacen(from, to, 1), "broken.toml").unwrap_err().to_string();
        assert!(e.starts_with(&format!("broken.toml:{line}:")), "{e}");
        e
    };
    assert!(err(KEYS, "\"add_partitions orders 6\"", "\"add_partitions orders 2\"").contains("can only be increased"));
    assert!(err(KEYS, "\"add_partitions orders 6\"", "\"add_partitions payments 6\"").contains("unknown topic `payments`"));
    // Before the topic grows, orders-3 does not exist yet.
    let e = err(KEYS, "\"orders-1.leo == 0\"", "\"orders-3.leo == 0\"");
    assert!(e.contains("topic `orders` has partitions 0..2, not 3"), "{e}");
    assert!(err(TXN, "\"produce orders-0 producer=1\"", "\"produce orders-0 producer=3\"").contains("unknown producer 3"));
    assert!(err(TXN, "\"producer.2.epoch == 2\"", "\"producer.2.epok == 2\"").contains("unknown producer path"));
    assert!(err(TXN, "\"producer.1.txn_state == Fenced\"", "\"producer.1.txn_state == Zombie\"").contains("expected a transaction state"));
    assert!(err(TXN, "\"begin_txn\"", "\"begin_txn producer=2\"").contains("unknown producer 2"));
    assert!(err(RETRIES, "\"ledger.reordered == 1\"", "\"ledger.reorders == 1\"").contains("unknown ledger count `reorders`"));
    assert!(err(IDEMPOTENT, "\"restart_producer\"", "\"restart_producer producer=9\"").contains("unknown producer 9"));
}

// Consumer-group lessons (07-11): their own file, to keep this one short.
#[path = "lessons/groups.rs"]
mod groups;

// Lessons 12-17 (the course's replication, failure and sizing lessons).
#[path = "lessons/course.rs"]
mod course;

/// The browser's built-in course (`lesson::catalog`) is exactly the lessons/ directory, in order.
#[test]
fn the_builtin_catalog_lists_every_lesson_file() {
    let on_disk: Vec<String> = files::lesson_files(&lessons_dir()).unwrap().iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let built_in: Vec<String> = lesson::catalog::BUILTIN.iter().map(|b| b.file.to_string()).collect();
    assert_eq!(built_in, on_disk, "add new lesson files to src/lesson/catalog.rs");
    for b in lesson::catalog::BUILTIN {
        assert_eq!(b.source, source(b.file), "{} embedded text differs from the file", b.file);
    }
}
