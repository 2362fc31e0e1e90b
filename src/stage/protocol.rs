//! The embed's postMessage protocol, as data. Every message is a JSON object with
//! `"source": "kafka-playground"` and a `"type"`.
//!
//! Events (playground → host page): `ready`, `state-changed`, `broker-state-changed`,
//! `record-lost`, `step-changed`, `lesson-finished`, `error`. Commands (host page → playground):
//! `step`, `play`, `pause`, `reset`, `goto` (`{type: "goto", step: 3}`, 1-based like `?step=`).
//! An unknown command is answered with an `error` event naming
//! it; nothing here panics on any input.

use serde::Serialize;
use serde_json::Value;

pub const SOURCE: &str = "kafka-playground";
/// The protocol version in `ready` (bump on an incompatible change).
pub const PROTOCOL_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Outgoing {
    Ready { protocol: u32, lang: String, seed: u64, commands: Vec<&'static str> },
    BrokerStateChanged { broker: u32, status: String, previous: String },
    RecordLost { topic: String, partition: u32, records: usize, acknowledged: usize },
    /// Virtual time moved (a command or the viewer's clicks); throttled by the caller.
    StateChanged { now: u64, position: u64, playing: bool },
    /// The lesson player moved to a step (1-based).
    StepChanged { lesson: String, step: usize, steps: usize },
    LessonFinished { lesson: String },
    Error { message: String },
}

impl Outgoing {
    /// The message as JSON text, with the `source` tag.
    pub fn to_json(&self) -> String {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut v {
            map.insert("source".into(), Value::String(SOURCE.into()));
        }
        v.to_string()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Step,
    Play,
    Pause,
    Reset,
    /// Jump to a lesson step (1-based, like `?step=`).
    Goto { step: usize },
}

/// The commands a host may send today (listed in `ready`).
pub const COMMANDS: [&str; 5] = ["step", "play", "pause", "reset", "goto"];

/// Why a message was not a command; the `error` event carries this text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError(pub String);

/// Reads a message's data (JSON text of an object, or a bare command name as a string).
/// Messages without our `source`-less shape are still read: hosts write `{type: "step"}`.
pub fn parse_command(json: &str) -> Result<Command, CommandError> {
    let v: Value = serde_json::from_str(json).map_err(|e| CommandError(format!("the message is not JSON: {e}")))?;
    let kind = match &v {
        Value::String(s) => s.clone(),
        Value::Object(map) => match map.get("type") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => return Err(CommandError(format!("the message's \"type\" must be a string, not {other}"))),
            None => return Err(CommandError("the message has no \"type\" (e.g. {\"type\": \"step\"})".into())),
        },
        other => return Err(CommandError(format!("the message must be an object like {{\"type\": \"step\"}}, not {other}"))),
    };
    match kind.as_str() {
        "step" => Ok(Command::Step),
        "play" => Ok(Command::Play),
        "pause" => Ok(Command::Pause),
        "reset" => Ok(Command::Reset),
        "goto" => match v.get("step").and_then(Value::as_u64) {
            Some(step) => Ok(Command::Goto { step: step as usize }),
            None => Err(CommandError("goto needs a whole-number \"step\"".into())),
        },
        other => {
            let shown: String = other.chars().take(40).collect();
            Err(CommandError(format!("unknown command '{shown}'; known: {}", COMMANDS.join(", "))))
        }
    }
}

/// Whether a message's origin may drive the playground (exact match against the allow-list).
pub fn origin_allowed(origin: &str, allowed: &[String]) -> bool {
    allowed.iter().any(|a| a == origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_from_objects_and_names() {
        assert_eq!(parse_command(r#"{"type":"step"}"#), Ok(Command::Step));
        assert_eq!(parse_command(r#"{"type":"play","source":"host"}"#), Ok(Command::Play));
        assert_eq!(parse_command(r#""pause""#), Ok(Command::Pause));
        assert_eq!(parse_command(r#"{"type":"reset"}"#), Ok(Command::Reset));
        assert_eq!(parse_command(r#"{"type":"goto","step":3}"#), Ok(Command::Goto { step: 3 }));
    }

    #[test]
    fn anything_else_is_an_error_in_words() {
        for (msg, says) in [
            (r#"{"type":"explode"}"#, "unknown command 'explode'"),
            (r#"{"kind":"step"}"#, "no \"type\""),
            (r#"{"type":7}"#, "must be a string"),
            ("[1,2]", "must be an object"),
            ("{", "not JSON"),
            (r#"{"type":"goto","step":-1}"#, "whole-number"),
        ] {
            let e = parse_command(msg).unwrap_err();
            assert!(e.0.contains(says), "{msg}: {}", e.0);
        }
    }

    #[test]
    fn events_carry_the_source_and_a_kebab_case_type() {
        let v: Value = serde_json::from_str(&Outgoing::BrokerStateChanged { broker: 2, status: "crashed".into(), previous: "running".into() }.to_json()).unwrap();
        assert_eq!(v["source"], SOURCE);
        assert_eq!(v["type"], "broker-state-changed");
        assert_eq!(v["broker"], 2);
        let v: Value = serde_json::from_str(&Outgoing::Ready { protocol: 1, lang: "en".into(), seed: 5, commands: COMMANDS.to_vec() }.to_json()).unwrap();
        assert_eq!(v["type"], "ready");
        assert_eq!(v["commands"][3], "reset");
    }

    #[test]
    fn only_listed_origins_are_allowed() {
        let allowed = vec!["https://wiki.example.org".to_string()];
        assert!(origin_allowed("https://wiki.example.org", &allowed));
        for o in ["https://evil.example", "null", "https://wiki.example.org.evil.example", ""] {
            assert!(!origin_allowed(o, &allowed), "{o}");
        }
        assert!(!origin_allowed("https://wiki.example.org", &[]));
    }
}
