//! `kafka-leader-election.sh --election-type PREFERRED (--all-topic-partitions | --topic t
//! [--partition p])`. Output as Kafka 4.x `LeaderElectionCommand` prints it: "Successfully
//! completed leader election (PREFERRED) for partitions …", "Valid replica already elected for
//! partitions …", and for the rest "Error completing leader election (PREFERRED) for partition: …"
//! with AdminCommandFailedException "N replica(s) could not be elected".

use super::options::{parse, OptError, OptSpec};
use super::{crash, opt_crash, usage_error, Crash, Output};
use crate::sim::{Action, EventKind, Sim, TopicPartition};

pub const SPECS: &[OptSpec] = &[
    ("bootstrap-server", true), ("bootstrap-controller", true), ("admin.config", true), ("election-type", true),
    ("all-topic-partitions", false), ("topic", true), ("partition", true), ("path-to-json-file", true),
    ("help", false), ("version", false),
];

fn joined(tps: &[TopicPartition]) -> String {
    tps.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
}

pub fn run(sim: &mut Sim, args: &[String]) -> Output {
    let p = match parse(SPECS, args) {
        Ok(p) => p,
        Err(e) => return opt_crash(Crash::Uncaught, &e, args),
    };
    if !p.has("bootstrap-server") && !p.has("bootstrap-controller") {
        return usage_error("Missing required option(s) [bootstrap-server]");
    }
    let Some(kind) = p.value("election-type") else {
        return usage_error("Missing required option(s) [election-type]");
    };
    match kind.to_ascii_uppercase().as_str() {
        "PREFERRED" => {}
        "UNCLEAN" => return Output::fail("--election-type UNCLEAN is not simulated; set unclean.leader.election.enable=true on the topic instead. / UNCLEAN 선출은 시뮬레이션하지 않습니다. 토픽에 unclean.leader.election.enable=true를 설정하세요.\n"),
        _ => {
            let e = OptError::conversion("election-type", kind);
            return crash(Crash::Uncaught, e.class, &format!("{} (PREFERRED or UNCLEAN)", e.message), args);
        }
    }
    if p.has("path-to-json-file") {
        return Output::fail("--path-to-json-file is not simulated; use --topic and --partition or --all-topic-partitions. / --path-to-json-file은 시뮬레이션하지 않습니다.\n");
    }
    let all = p.has("all-topic-partitions");
    let topic = p.value("topic").map(str::to_string);
    if all == topic.is_some() {
        return usage_error("One and only one of the following options is required: --all-topic-partitions, --topic, --path-to-json-file");
    }
    let partition = match p.value("partition") {
        None if topic.is_some() => return usage_error("Missing required option(s) [partition]"),
        None => None,
        Some(v) => match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                let e = OptError::conversion("partition", v);
                return crash(Crash::Uncaught, e.class, &e.message, args);
            }
        },
    };
    let events = match sim.apply(Action::ElectPreferredLeaders { topic, partition }) {
        Ok(events) => events,
        Err(e) => return crash(Crash::Uncaught, "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
            e.message.trim_start_matches("UNKNOWN_TOPIC_OR_PARTITION: "), args),
    };
    let Some((elected, not_needed, not_available)) = events.iter().find_map(|e| match &e.kind {
        EventKind::PreferredElection { elected, not_needed, not_available } => Some((elected, not_needed, not_available)),
        _ => None,
    }) else {
        return Output::fail("internal: the election reported nothing\n");
    };
    let mut o = Output::default();
    if !elected.is_empty() {
        o.out(format!("Successfully completed leader election (PREFERRED) for partitions {}", joined(elected)));
    }
    if !not_needed.is_empty() {
        o.out(format!("Valid replica already elected for partitions {}", joined(not_needed)));
    }
    if !not_available.is_empty() {
        for tp in not_available {
            o.out(format!("Error completing leader election (PREFERRED) for partition: {tp}: \
                org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: The preferred leader was not available."));
        }
        o.err(format!("Exception in thread \"main\" kafka.common.AdminCommandFailedException: {} replica(s) could not be elected",
            not_available.len()));
        o.exit_code = 1;
    }
    o
}
