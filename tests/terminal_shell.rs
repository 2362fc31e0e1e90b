//! The terminal's shell side: tab completion, history, Ctrl-D in the console producer, and
//! `kplay term` reading command lines on stdin. (Tool output is in `tests/terminal.rs`.)
#![cfg(not(target_arch = "wasm32"))]

use kafka_playground::sim::{ClusterConfig, Sim};
use kafka_playground::terminal::{boot, common_prefix, complete, History, Terminal, COMMANDS};

fn cluster() -> Sim {
    let mut sim = Sim::new(ClusterConfig::default(), 7).expect("default cluster");
    boot(&mut sim);
    sim
}

#[test]
fn completion_offers_commands_then_flags() {
    assert_eq!(complete("kafka-con"), vec!["kafka-configs.sh ", "kafka-console-consumer.sh ", "kafka-console-producer.sh ", "kafka-consumer-groups.sh "]);
    assert_eq!(complete("kafka-topics.sh --bootstrap-server localhost:9092 --desc"), vec!["kafka-topics.sh --bootstrap-server localhost:9092 --describe "]);
    let flags = complete("kafka-topics.sh --bootstrap-server x --");
    assert!(flags.contains(&"kafka-topics.sh --bootstrap-server x --partitions ".to_string()));
    assert!(!flags.iter().any(|f| f.ends_with("--bootstrap-server x --bootstrap-server ")), "a given flag is not offered again");
    assert!(complete("kafka-consumer-groups.sh --to-").iter().any(|c| c.ends_with("--to-earliest ")));
    assert_eq!(complete("").len(), COMMANDS.len());
    assert!(complete("nosuchtool --").is_empty());
    assert!(complete("kafka-topics.sh orders").is_empty(), "values are not completed");
}

#[test]
fn tab_with_several_completions_fills_in_their_common_prefix() {
    assert_eq!(common_prefix(&complete("kafka-con")), "kafka-con");
    assert_eq!(common_prefix(&complete("kafka-consumer-groups.sh --res")), "kafka-consumer-groups.sh --reset-offsets ");
    let two = vec!["kafka-topics.sh --describe ".to_string(), "kafka-topics.sh --delete ".to_string()];
    assert_eq!(common_prefix(&two), "kafka-topics.sh --de");
    assert_eq!(common_prefix(&["한국어 a".to_string(), "한국b".to_string()]), "한국");
    assert_eq!(common_prefix(&[]), "");
}

#[test]
fn history_walks_back_and_forth() {
    let mut h = History::default();
    assert_eq!(h.older(), None);
    for l in ["a", "b", "b", "  ", "c"] {
        h.push(l);
    }
    assert_eq!(h.entries(), ["a", "b", "c"]);
    assert_eq!(h.older(), Some("c"));
    assert_eq!(h.older(), Some("b"));
    assert_eq!(h.older(), Some("a"));
    assert_eq!(h.older(), Some("a"), "stays on the oldest");
    assert_eq!(h.newer(), Some("b"));
    assert_eq!(h.newer(), Some("c"));
    assert_eq!(h.newer(), None, "past the newest: an empty line");
    // Ctrl-D (EOT) ends a console producer; "exit" is just a record, as in Kafka.
    let mut sim = cluster();
    let mut t = Terminal::default();
    t.run(&mut sim, "kafka-console-producer.sh --bootstrap-server x --topic orders");
    assert!(t.in_producer() && t.prompt() == ">");
    t.run(&mut sim, "exit");
    assert!(t.in_producer());
    assert!(sim.ledger().records().iter().any(|r| r.value == "exit"));
    t.run(&mut sim, "\u{4}");
    assert!(!t.in_producer() && t.prompt() == "$ ");
    // The terminal records what was run.
    let mut sim = cluster();
    let mut t = Terminal::default();
    t.run(&mut sim, "kafka-topics.sh --bootstrap-server x --list");
    assert_eq!(t.history.entries(), ["kafka-topics.sh --bootstrap-server x --list"]);
}

#[test]
fn kplay_term_reads_command_lines_on_stdin() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let kplay = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kplay")).args(args)
            .stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run kplay");
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let o = child.wait_with_output().unwrap();
        (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
    };
    let (code, out, err) = kplay(&["term", "--seed", "3"], "kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders\n");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("Topic: orders\tTopicId: "), "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("\tTopic: orders\tPartition: ")).count(), 3, "{out}");
    // The status is the last command's; errors go to stderr.
    let (code, _, err) = kplay(&["term"], "kafka-topics.sh --list\n");
    assert_eq!(code, Some(1));
    assert!(err.contains("--bootstrap-server must be specified"), "{err}");
    let (code, _, err) = kplay(&["term", "--seed", "x"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("--seed needs a whole number"), "{err}");
}
