//! A whole session as compact, URL-safe text: the format version, the seed, the initial
//! configuration (only when it is not the default), every applied action with its position and
//! virtual time, and the mark the run had reached. Opening the text rebuilds the run exactly with
//! [`Sim::replay`]. Pure Rust (no web crates): the UI puts it in the link as `#s=<text>`.
//!
//! Text: `1.` + base64url(JSON `{"seed":5,"mark":[pos,time,actions],"script":[[Δpos,Δtime,{action}],…]}`).
//! Positions and times are stored as deltas from the previous action (small numbers), and an
//! action's `null` fields are left out (serde fills them back in as `None`).

use super::base64url;
use crate::sim::replay::MAX_REPLAY_ITEMS;
use crate::sim::{Action, Applied, ClusterConfig, Event, Lang, Mark, Sim};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The format this build writes and reads. Bump it when the text or the simulator's rules change
/// so that an old link would replay differently.
pub const FORMAT_VERSION: u32 = 1;
/// The longest session text accepted (a link is still shareable in a chat at this length).
pub const MAX_TEXT_CHARS: usize = 100_000;
/// Most actions a shared session may hold.
pub const MAX_ACTIONS: usize = 2_000;
/// Most queue items a shared session may replay: keeps opening a link under a few seconds in a
/// browser tab (the simulator's own limit, [`MAX_REPLAY_ITEMS`], is for native use).
pub const MAX_LINK_ITEMS: u64 = if MAX_REPLAY_ITEMS < 3_000_000 { MAX_REPLAY_ITEMS } else { 3_000_000 };
/// Most simulator work a shared session may replay: queue items × partitions. An item costs
/// about as much as the partitions it carries (a follower's fetch lists all of them), so a link
/// over many partitions must be shorter (a fuzz finding: 96,000 items on 1,000 partitions took
/// 40 s to open). 10^8 still lets a default cluster with a consumer group replay ~1.9M items.
pub const MAX_LINK_WORK: u128 = 100_000_000;
/// The key of the session in the page's fragment: `#s=…`.
pub const FRAGMENT_KEY: &str = "s";

/// A run, as much as is needed to rebuild it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub seed: u64,
    /// `None`: `ClusterConfig::default()`.
    pub config: Option<ClusterConfig>,
    pub script: Vec<Applied>,
    pub mark: Mark,
}

/// Why a session text could not be opened. Each names what was wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    Empty,
    TooLong { chars: usize },
    NoVersion,
    Version { found: String },
    NotBase64 { at: usize },
    Truncated,
    Corrupt { detail: String },
    TooManyActions { count: usize },
    BadAction { number: usize, detail: String },
    TooFar { position: u64 },
    MarkBeforeScript,
    Replay { detail: String },
    /// Sharing (not opening): this run is longer than a link may replay.
    TooBigToShare { position: u64, actions: usize },
    /// Too many queue items for the partitions it has ([`MAX_LINK_WORK`]); opening or sharing.
    TooMuchWork { position: u64, partitions: u64 },
}

impl SessionError {
    pub fn text(&self, lang: Lang) -> String {
        use SessionError::*;
        let ko = lang == Lang::Ko;
        match self {
            Empty => if ko { "세션 링크가 비어 있습니다 (#s= 뒤에 아무것도 없음)".into() } else { "the session link is empty (nothing after #s=)".into() },
            TooLong { chars } => if ko {
                format!("세션 링크가 너무 깁니다: {chars}자 (최대 {MAX_TEXT_CHARS}자)")
            } else {
                format!("the session link is too long: {chars} characters (at most {MAX_TEXT_CHARS})")
            },
            NoVersion => if ko { "세션 링크에 형식 버전이 없습니다 (\"1.\"로 시작해야 함)".into() } else { "the session link has no format version (it must start with \"1.\")".into() },
            Version { found } => if ko {
                format!("세션 링크의 형식 버전 '{found}'은(는) 이 버전에서 읽을 수 없습니다 (읽을 수 있는 버전: {FORMAT_VERSION})")
            } else {
                format!("the session link has format version '{found}'; this version of the playground reads version {FORMAT_VERSION}")
            },
            NotBase64 { at } => if ko {
                format!("세션 링크가 손상되었습니다: 데이터의 {}번째 문자가 잘못되었습니다", at + 1)
            } else {
                format!("the session link is damaged: character {} of its data is not allowed", at + 1)
            },
            Truncated => if ko { "세션 링크가 잘렸습니다 (끝부분이 없음). 링크 전체를 복사했는지 확인하세요".into() } else { "the session link is cut off (its end is missing); check that the whole link was copied".into() },
            Corrupt { detail } => if ko { format!("세션 링크가 손상되었습니다: {detail}") } else { format!("the session link is damaged: {detail}") },
            TooManyActions { count } => if ko {
                format!("세션에 동작이 너무 많습니다: {count}개 (최대 {MAX_ACTIONS}개)")
            } else {
                format!("the session has too many actions: {count} (at most {MAX_ACTIONS})")
            },
            BadAction { number, detail } => if ko { format!("세션의 {number}번째 동작을 읽을 수 없습니다: {detail}") } else { format!("action {number} of the session cannot be read: {detail}") },
            TooFar { position } => if ko {
                format!("세션이 너무 깁니다: 큐 항목 {position}개 (링크는 최대 {MAX_LINK_ITEMS}개)")
            } else {
                format!("the session runs too long: {position} queue items (a link replays at most {MAX_LINK_ITEMS})")
            },
            MarkBeforeScript => if ko { "세션의 끝 지점이 마지막 동작보다 앞에 있습니다".into() } else { "the session's end point lies before its last action".into() },
            Replay { detail } => if ko { format!("세션을 다시 실행할 수 없습니다: {detail}") } else { format!("the session cannot be replayed: {detail}") },
            TooMuchWork { position, partitions } => if ko {
                format!("세션이 너무 큽니다: 파티션 {partitions}개에서 큐 항목 {position}개 (링크는 큐 항목 × 파티션이 최대 {MAX_LINK_WORK})")
            } else {
                format!("the session is too big to replay: {position} queue items on {partitions} partitions (a link replays at most {MAX_LINK_WORK} items × partitions)")
            },
            TooBigToShare { position, actions } => if ko {
                format!("이 실행은 링크로 공유하기에 너무 깁니다 (큐 항목 {position}개, 동작 {actions}개; 최대 {MAX_LINK_ITEMS}개, {MAX_ACTIONS}개)")
            } else {
                format!("this run is too long to share as a link ({position} queue items, {actions} actions; at most {MAX_LINK_ITEMS} and {MAX_ACTIONS})")
            },
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    seed: u64,
    mark: (u64, u64, usize),
    script: Vec<(u64, u64, Value)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    config: Option<ClusterConfig>,
}

impl Session {
    /// The session of a running simulator, up to where it is now.
    pub fn of(sim: &Sim) -> Session {
        let config = sim.initial_config();
        Session {
            seed: sim.seed(),
            config: (*config != ClusterConfig::default()).then(|| config.clone()),
            script: sim.actions().to_vec(),
            mark: sim.mark(),
        }
    }

    /// Whether a link may carry it (the same limits [`Session::decode`] applies).
    pub fn check_shareable(&self) -> Result<(), SessionError> {
        if self.mark.position > MAX_LINK_ITEMS || self.script.len() > MAX_ACTIONS {
            return Err(SessionError::TooBigToShare { position: self.mark.position, actions: self.script.len() });
        }
        self.check_work()
    }

    /// At most [`MAX_LINK_WORK`] queue items × partitions, counting every partition the run may
    /// have: the configuration's topics, both internal topics and whatever its actions add.
    fn check_work(&self) -> Result<(), SessionError> {
        let default = ClusterConfig::default();
        let c = self.config.as_ref().unwrap_or(&default);
        let mut partitions: u64 = c.topics.iter().map(|t| t.partitions as u64).sum::<u64>()
            + c.broker.offsets_topic_num_partitions as u64 + c.broker.transaction_state_log_num_partitions as u64;
        for a in &self.script {
            if let Action::AddPartitions { partitions: p, .. } | Action::CreateTopic { partitions: p, .. } = &a.action {
                partitions = partitions.saturating_add(*p as u64);
            }
        }
        if self.mark.position as u128 * partitions as u128 > MAX_LINK_WORK {
            return Err(SessionError::TooMuchWork { position: self.mark.position, partitions });
        }
        Ok(())
    }

    /// `1.` + base64url of the compact JSON.
    pub fn encode(&self) -> String {
        let mut prev = (0u64, 0u64);
        let script = self
            .script
            .iter()
            .map(|a| {
                let d = (a.position.saturating_sub(prev.0), a.time.saturating_sub(prev.1));
                prev = (a.position, a.time);
                (d.0, d.1, without_nulls(serde_json::to_value(&a.action).unwrap_or(Value::Null)))
            })
            .collect();
        let wire = Wire {
            seed: self.seed,
            mark: (self.mark.position, self.mark.time, self.mark.actions),
            script,
            config: self.config.clone(),
        };
        let json = serde_json::to_vec(&wire).unwrap_or_default();
        format!("{FORMAT_VERSION}.{}", base64url::encode(&json))
    }

    /// Reads a session text; every failure says what was wrong.
    pub fn decode(text: &str) -> Result<Session, SessionError> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(SessionError::TooLong { chars });
        }
        if text.is_empty() {
            return Err(SessionError::Empty);
        }
        let Some((version, data)) = text.split_once('.') else { return Err(SessionError::NoVersion) };
        if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SessionError::NoVersion);
        }
        if version.parse::<u32>().ok() != Some(FORMAT_VERSION) {
            return Err(SessionError::Version { found: version.chars().take(12).collect() });
        }
        let bytes = base64url::decode(data).map_err(|at| {
            if at >= data.len() { SessionError::Truncated } else { SessionError::NotBase64 { at } }
        })?;
        let wire: Wire = serde_json::from_slice(&bytes).map_err(|e| {
            if e.is_eof() { SessionError::Truncated } else { SessionError::Corrupt { detail: e.to_string() } }
        })?;
        if wire.script.len() > MAX_ACTIONS {
            return Err(SessionError::TooManyActions { count: wire.script.len() });
        }
        let mut script = Vec::with_capacity(wire.script.len());
        let (mut position, mut time) = (0u64, 0u64);
        for (i, (dp, dt, action)) in wire.script.into_iter().enumerate() {
            let number = i + 1;
            position = position.checked_add(dp).filter(|p| *p <= MAX_LINK_ITEMS).ok_or(SessionError::TooFar { position: position.saturating_add(dp) })?;
            time = time.checked_add(dt).ok_or_else(|| SessionError::BadAction { number, detail: "its time overflows".into() })?;
            let action: Action = serde_json::from_value(action).map_err(|e| SessionError::BadAction { number, detail: e.to_string() })?;
            script.push(Applied { position, time, action });
        }
        let mark = Mark { position: wire.mark.0, time: wire.mark.1, actions: wire.mark.2 };
        if mark.position > MAX_LINK_ITEMS {
            return Err(SessionError::TooFar { position: mark.position });
        }
        if mark.actions > script.len() {
            return Err(SessionError::Corrupt { detail: format!("the end point counts {} actions but the session holds {}", mark.actions, script.len()) });
        }
        if let Some(last) = mark.actions.checked_sub(1).and_then(|i| script.get(i)) {
            if last.position > mark.position || last.time > mark.time {
                return Err(SessionError::MarkBeforeScript);
            }
        }
        let session = Session { seed: wire.seed, config: wire.config, script, mark };
        session.check_work()?;
        Ok(session)
    }

    /// Rebuilds the run (bounded: the limits above, then [`Sim::replay`]'s).
    pub fn replay(&self) -> Result<(Sim, Vec<Event>), SessionError> {
        let default = ClusterConfig::default();
        let config = self.config.as_ref().unwrap_or(&default);
        Sim::replay(config, self.seed, &self.script, self.mark).map_err(|e| SessionError::Replay { detail: e.message })
    }
}

/// The session text in a page fragment (`#s=…`, possibly among other `&`-separated keys):
/// `None` when the fragment has no session.
pub fn from_fragment(fragment: &str) -> Option<&str> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    f.split('&').find_map(|kv| kv.strip_prefix(FRAGMENT_KEY).and_then(|rest| rest.strip_prefix('=')))
}

/// `#s=<text>` for a link.
pub fn fragment(session: &Session) -> String {
    format!("#{FRAGMENT_KEY}={}", session.encode())
}

/// An action's JSON without its `null` fields (they are all optional and read back as `None`).
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests;
