//! Tab completion over the tools' names and flags (pure: the UI calls it with the typed line).

use super::options::OptSpec;
use super::{configs, console, election, groups, topics};

/// The commands the terminal runs, in the order `help` lists them.
pub const COMMANDS: &[&str] = &[
    "kafka-topics.sh", "kafka-console-producer.sh", "kafka-console-consumer.sh",
    "kafka-consumer-groups.sh", "kafka-share-groups.sh", "kafka-configs.sh", "kafka-leader-election.sh", "kafka-reassign-partitions.sh", "echo", "cat", "sleep", "help", "history",
];

/// The flags a command accepts (with or without `.sh` and a leading path).
pub(crate) fn specs_for(command: &str) -> &'static [OptSpec] {
    let base = command.rsplit('/').next().unwrap_or(command);
    match base.strip_suffix(".sh").unwrap_or(base) {
        "kafka-topics" => topics::SPECS,
        "kafka-consumer-groups" => groups::SPECS,
        "kafka-share-groups" => super::share_groups::SPECS,
        "kafka-configs" => configs::SPECS,
        "kafka-leader-election" => election::SPECS,
        "kafka-reassign-partitions" => super::reassign::SPECS,
        "kafka-console-producer" => console::PRODUCER_SPECS,
        "kafka-console-consumer" => console::CONSUMER_SPECS,
        _ => &[],
    }
}

/// Completions of the last word of `prefix`, each returned as the whole completed line (sorted).
/// The first word completes to a command; a later word starting with `-` completes to a flag of
/// that command (flags already given are not offered again, except repeatable ones).
pub fn complete(prefix: &str) -> Vec<String> {
    let ends_with_space = prefix.ends_with(char::is_whitespace);
    let words: Vec<&str> = prefix.split_whitespace().collect();
    let (done, last) = match (words.split_last(), ends_with_space) {
        (None, _) => (&[][..], ""),
        (Some(_), true) => (&words[..], ""),
        (Some((last, done)), false) => (done, *last),
    };
    let head = &prefix[..prefix.len() - last.len()];
    let mut out: Vec<String> = if done.is_empty() {
        COMMANDS.iter().filter(|c| c.starts_with(last)).map(|c| format!("{head}{c} ")).collect()
    } else if last.starts_with('-') {
        let repeatable = ["config", "property", "group", "producer-property", "consumer-property"];
        specs_for(done[0]).iter()
            .map(|(name, _)| format!("--{name}"))
            .filter(|flag| flag.starts_with(last))
            .filter(|flag| repeatable.contains(&&flag[2..]) || !done.contains(&flag.as_str()))
            .map(|flag| format!("{head}{flag} "))
            .collect()
    } else {
        Vec::new()
    };
    out.sort();
    out
}

/// The longest common prefix of the completions: what Tab fills in when several match.
pub fn common_prefix(options: &[String]) -> String {
    let Some(first) = options.first() else { return String::new() };
    let mut end = first.len();
    for o in &options[1..] {
        end = end.min(first.bytes().zip(o.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(end) {
        end -= 1;
    }
    first[..end].to_string()
}
