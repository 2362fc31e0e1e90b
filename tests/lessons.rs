//! `lesson check` over lessons/ through the library API, so `cargo test` covers every lesson,
//! plus the claims the lessons are about, taken from the simulator's ledger, and broken lessons.
#![cfg(not(target_arch = "wasm32"))]

use kafka_playground::lesson::{self, files, parse, Lesson, Runner, Value};
use kafka_playground::sim::Lang;
use std::path::{Path, PathBuf};

const ACKS1: &str = "01-acks1-loses-acknowledged-records.toml";
const ACKS_ALL: &str = "02-acks-all-min-isr.toml";

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
    assert!(all.len() >= 2, "expected the lessons in lessons/, found {}", all.len());
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
