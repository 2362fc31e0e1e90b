//! The `kplay` binary: `run --json`, `lesson check`, bad files and bad arguments.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ACKS1: &str = "lessons/01-acks1-loses-acknowledged-records.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn kplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kplay")).args(args).current_dir(root()).output().expect("run kplay")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh scratch directory for this test (removed first if a previous run left it).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kplay-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn no_panic(o: &Output) {
    let all = text(&o.stdout) + &text(&o.stderr);
    assert!(!all.contains("panicked"), "{all}");
}

#[test]
fn run_json_is_a_trace_ending_in_a_ledger_summary() {
    let o = kplay(&["run", ACKS1, "--json"]);
    no_panic(&o);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("valid JSON");
    let events = v["events"].as_array().expect("events");
    assert!(!events.is_empty());
    for e in events {
        assert!(e["seq"].is_u64() && e["at"].is_u64() && e["type"].is_string() && e["text"].is_string(), "{e}");
    }
    assert!(events.iter().any(|e| e["type"] == "RecordsLost"));
    assert!(events.iter().any(|e| e["type"] == "Truncated"));
    // Plain sends and deliveries only with --verbose.
    assert!(!events.iter().any(|e| e["type"] == "Sent" || e["type"] == "Delivered"));
    let s = &v["summary"];
    for key in ["produced", "acknowledged", "committed", "acknowledged_lost", "duplicated", "lost", "failed", "truncated"] {
        assert!(s[key].is_u64(), "summary.{key} missing: {s}");
    }
    assert_eq!(s["produced"], 5);
    assert_eq!(s["acknowledged"], 5);
    assert_eq!(s["acknowledged_lost"], 3);
    assert_eq!(s["passed"], true);
    // The summary is the last thing in the object.
    let trimmed = out.trim();
    assert!(trimmed.rfind("\"summary\":").unwrap() > trimmed.rfind("\"events\":").unwrap());
    assert!(trimmed.ends_with("}}"));
}

#[test]
fn run_json_verbose_and_korean() {
    let o = kplay(&["run", ACKS1, "--json", "--verbose", "--lang", "ko"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    let events = v["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["type"] == "Sent"));
    assert!(events.iter().any(|e| e["text"].as_str().unwrap().contains("브로커")));
    assert_eq!(v["lang"], "ko");
}

#[test]
fn run_prints_one_narrated_line_per_event() {
    let o = kplay(&["run", ACKS1]);
    no_panic(&o);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.lines().any(|l| l.starts_with("t=") && l.contains("ms  Broker 1 crashes.")), "{out}");
    assert!(out.contains("ledger: produced=5 acknowledged=5 committed=2 acknowledged_lost=3"), "{out}");
    assert!(!out.contains(" sends Fetch("), "plain sends only with --verbose");
    let verbose = text(&kplay(&["run", ACKS1, "--verbose"]).stdout);
    assert!(verbose.contains(" sends Fetch("));
}

/// The summary counts what consumers processed: lesson 10 processes 6 records twice and 4 never.
#[test]
fn run_summary_counts_consumed_records() {
    let file = "lessons/10-commit-timing.toml";
    let o = kplay(&["run", file, "--json"]);
    no_panic(&o);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    let s = &v["summary"];
    assert_eq!((s["produced"].as_u64(), s["consumed"].as_u64(), s["consumed_again"].as_u64()), (Some(30), Some(26), Some(6)), "{s}");
    let events = v["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["type"] == "RecordsConsumed"));
    let out = text(&kplay(&["run", file]).stdout);
    assert!(out.contains("consumed=26 consumed_again=6"), "{out}");
}

/// The checker's verdict per group: lesson 10's refunds never process 4 payments, shipping
/// processes 6 orders twice.
#[test]
fn run_summary_has_the_checker_per_group() {
    let file = "lessons/10-commit-timing.toml";
    let o = kplay(&["run", file, "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    let check = &v["summary"]["check"];
    let group = |name: &str| check["groups"].as_array().unwrap().iter().find(|g| g["group"] == name).cloned()
        .unwrap_or_else(|| panic!("no group {name} in {check}"));
    let ids = |g: &serde_json::Value, key: &str| g[key].as_array().unwrap_or_else(|| panic!("{key} in {g}")).len();
    let refunds = group("refunds");
    assert_eq!((ids(&refunds, "lost"), ids(&refunds, "duplicated"), refunds["consumed"].as_u64()), (4, 0, Some(6)), "{refunds}");
    let shipping = group("shipping");
    assert_eq!((ids(&shipping, "lost"), ids(&shipping, "duplicated"), shipping["redelivered"].as_u64()), (0, 6, Some(6)), "{shipping}");
    for g in [&refunds, &shipping] {
        assert_eq!((ids(g, "out_of_order"), ids(g, "skipped")), (0, 0), "{g}");
    }
    assert_eq!(check["acknowledged_lost"], serde_json::json!([]));
    let out = text(&kplay(&["run", file]).stdout);
    assert!(out.contains("check: group refunds consumed=6 redelivered=0 lost=4 duplicated=0 out_of_order=0 skipped=0"), "{out}");
    // acks=1 loses 3 acknowledged records: the checker names them.
    let v: serde_json::Value = serde_json::from_str(text(&kplay(&["run", ACKS1, "--json"]).stdout).trim()).unwrap();
    assert_eq!(v["summary"]["check"]["acknowledged_lost"].as_array().map(Vec::len), Some(3));
}

#[test]
fn run_with_another_seed_is_deterministic() {
    let a = kplay(&["run", ACKS1, "--json", "--seed", "7"]);
    let b = kplay(&["run", ACKS1, "--json", "--seed", "7"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.status.code(), b.status.code());
    no_panic(&a);
}

/// The number in `N lesson(s) checked, all claims hold`.
fn files_checked(out: &str) -> usize {
    out.lines().find_map(|l| l.strip_suffix(" lesson(s) checked, all claims hold")).and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no summary line in {out}"))
}

#[test]
fn lesson_check_passes_on_the_lessons() {
    let o = kplay(&["lesson", "check", "lessons"]);
    no_panic(&o);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("ok      lessons/01-acks1-loses-acknowledged-records.toml"), "{out}");
    for name in ["02-acks-all-min-isr", "03-keys-ordering-partitions", "04-retries-duplicate-and-reorder",
                 "05-idempotent-producer", "06-transactions-read-committed", "07-one-partition-one-consumer",
                 "08-rebalances-eager-cooperative-static", "09-lag-and-burrow", "10-commit-timing", "11-deployments",
                 "00-topics-partitions-offsets", "12-replication-isr-shrink", "13-acks0-vs-safest",
                 "14-unclean-leader-election", "15-leader-election-cost", "16-racks-replica-placement",
                 "17-partition-count-throughput", "18-rolling-broker-restart", "19-several-consumer-groups",
                 "20-partition-planning", "21-retention-deletes-unread-records",
                 "22-blue-green-reassignment", "23-log-compaction", "24-zookeeper-vs-kraft", "25-broker-addresses-changed", "26-poison-record-dead-letter",
                 "27-share-groups-queue"] {
        assert!(out.contains(&format!("ok      lessons/{name}.toml")), "{out}");
    }
    let checked = files_checked(&out);
    assert!(checked >= 28, "the summary counts every lesson: {out}");
    assert!(!out.contains("README"), "README.md is not a lesson: {out}");
    // The default directory is lessons/.
    assert!(kplay(&["lesson", "check"]).status.success());
}

#[test]
fn a_bad_file_exits_2_with_file_and_line() {
    let dir = scratch("bad");
    let src = std::fs::read_to_string(root().join(ACKS1)).unwrap().replacen("\"restart 1\"", "\"reboot 1\"", 1);
    let line = src.lines().position(|l| l.contains("reboot 1")).unwrap() + 1;
    let file = dir.join("bad.toml");
    std::fs::write(&file, &src).unwrap();
    let f = file.to_str().unwrap();
    for args in [vec!["run", f], vec!["lesson", "check", dir.to_str().unwrap()]] {
        let o = kplay(&args);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = text(&o.stderr);
        assert!(err.contains(&format!("{f}:{line}:")), "{args:?}: {err}");
        assert!(err.contains("unknown action `reboot`"), "{err}");
    }
    // Not TOML at all.
    std::fs::write(&file, "id = \n").unwrap();
    let o = kplay(&["run", f]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains(&format!("{f}:1:")), "{}", text(&o.stderr));
}

#[test]
fn a_broken_claim_exits_1_naming_lesson_step_and_claim() {
    let dir = scratch("claim");
    let src = std::fs::read_to_string(root().join(ACKS1)).unwrap()
        .replacen("\"ledger.truncated == 3\"", "\"ledger.truncated == 1\"", 1);
    std::fs::write(dir.join("01.toml"), src).unwrap();
    std::fs::write(dir.join("README.md"), "# not a lesson\n").unwrap();
    let o = kplay(&["lesson", "check", dir.to_str().unwrap()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("FAILED"), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(err.contains("lesson `acks1-loses-acknowledged-records`, step 5"), "{err}");
    assert!(err.contains("expected `ledger.truncated == 1`, but ledger.truncated is 3"), "{err}");
}

#[test]
fn bad_arguments_exit_2_and_help_documents_the_commands() {
    let help = kplay(&["--help"]);
    assert!(help.status.success());
    let h = text(&help.stdout);
    for s in ["kplay run FILE", "--json", "--lang", "--seed", "lesson check", "kplay partition --partitions N --key K",
              "kplay assign --strategy range|roundrobin|sticky|cooperative-sticky"] {
        assert!(h.contains(s), "help lacks {s}");
    }
    for args in [
        vec![], vec!["frobnicate"], vec!["run"], vec!["run", ACKS1, "--lang", "fr"], vec!["run", ACKS1, "--seed"],
        vec!["run", ACKS1, "--seed", "x"], vec!["run", ACKS1, "--bogus"], vec!["lesson"], vec!["lesson", "fix"],
        vec!["run", "no/such/file.toml"], vec!["lesson", "check", "no/such/dir"],
    ] {
        let o = kplay(&args);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(!text(&o.stderr).trim().is_empty(), "{args:?}: says why");
    }
}

/// The shared conformance data (../shared/conformance when present, else the copy in tests/data).
fn conformance(file: &str) -> serde_json::Value {
    let shared = root().join("../shared/conformance").join(file);
    let path = if shared.exists() { shared } else { root().join("tests/data/conformance").join(file) };
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn kplay_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kplay")).args(args).current_dir(root())
        .stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run kplay");
    // kplay may exit before reading (bad arguments): a broken pipe here is fine.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn partition_prints_kafkas_partition_per_key() {
    let data = conformance("murmur2.json");
    let expected = |key: &str, n: &str| {
        data["cases"].as_array().unwrap().iter().find(|c| c["key"] == key).unwrap()["partition"][n].as_u64().unwrap()
    };
    for (key, n, want) in [("key0", "3", 1), ("key9", "12", 11), ("key10", "100", 40)] {
        assert_eq!(expected(key, n), want, "conformance data");
        let o = kplay(&["partition", "--partitions", n, "--key", key]);
        no_panic(&o);
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert_eq!(text(&o.stdout), format!("{want}\n"));
    }
    // Several keys: one line each, in order.
    let o = kplay(&["partition", "--key", "key0", "--partitions", "6", "--key", "key9", "--key", "key10"]);
    assert_eq!(text(&o.stdout), format!("{}\n{}\n{}\n", expected("key0", "6"), expected("key9", "6"), expected("key10", "6")));
}

#[test]
fn partition_errors_name_the_flag() {
    for (args, flag) in [
        (vec!["partition", "--key", "k"], "--partitions"),
        (vec!["partition", "--partitions", "3"], "--key"),
        (vec!["partition", "--partitions", "0", "--key", "k"], "--partitions"),
        (vec!["partition", "--partitions", "1000001", "--key", "k"], "--partitions"),
        (vec!["partition", "--partitions", "three", "--key", "k"], "--partitions"),
        (vec!["partition", "--partitions", "3", "--key"], "--key"),
        (vec!["partition", "--partitions", "3", "--key", "k", "--colour", "red"], "--colour"),
    ] {
        let o = kplay(&args);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(text(&o.stderr).contains(flag), "{args:?}: {}", text(&o.stderr));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    assert!(kplay(&["partition", "--partitions", "1000000", "--key", "k"]).status.success());
}

#[test]
fn assign_reads_a_case_on_stdin() {
    let data = conformance("assignors.json");
    let case = data["cases"].as_array().unwrap().iter()
        .find(|c| c["assignor"] == "roundrobin" && c["expected_kind"] == "exact" && c["order_significant"] == true)
        .expect("an exact, ordered roundrobin case");
    let o = kplay_stdin(&["assign", "--strategy", "roundrobin"], &case.to_string());
    no_panic(&o);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let got: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    assert_eq!(got, case["expected_assignment"], "{}", case["id"]);
}

#[test]
fn assign_rejects_bad_json_and_strategies() {
    let o = kplay_stdin(&["assign", "--strategy", "range"], "{not json");
    no_panic(&o);
    assert_ne!(o.status.code(), Some(0));
    assert!(text(&o.stderr).contains("invalid JSON"), "{}", text(&o.stderr));
    let case = r#"{"topics":{"t":1},"members":[{"member_id":"a","topics":["t"]}]}"#;
    let o = kplay_stdin(&["assign", "--strategy", "fastest"], case);
    assert_ne!(o.status.code(), Some(0));
    assert!(text(&o.stderr).contains("unknown assignment strategy \"fastest\""), "{}", text(&o.stderr));
    let o = kplay_stdin(&["assign"], case);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--strategy"), "{}", text(&o.stderr));
    let o = kplay_stdin(&["assign", "--strategy", "roundrobin"], case);
    assert_eq!(text(&o.stdout).trim(), r#"{"a":["t-0"]}"#);
}
