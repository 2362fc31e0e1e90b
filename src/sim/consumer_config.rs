//! Consumer settings (ConsumerConfig) under Kafka's names, plus the playground's knobs for how
//! the application processes and commits.

use super::config::{parse_bool, parse_u32, parse_u64, ConfigError};
use serde::{Deserialize, Serialize};

/// When an application commits offsets relative to processing its records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommitMode {
    /// `enable.auto.commit=true`: poll() commits what earlier polls returned, every auto.commit.interval.ms.
    Auto,
    /// commitSync() after processing each poll's records (at-least-once: a crash before it re-delivers).
    AfterProcessing,
    /// commitSync() right after poll(), before processing (at-most-once: a crash loses the batch).
    BeforeProcessing,
    /// The application never commits by itself: offsets go with a producer's transaction
    /// (sendOffsetsToTransaction, consume-transform-produce).
    None,
}

/// Which call the application commits with (CommitMode before/after processing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommitApi {
    /// commitSync(): the poll loop waits for the answer and retries retriable errors.
    Sync,
    /// commitAsync(): sent and forgotten; a failure is only reported, never retried.
    Async,
}

/// Consumer settings (ConsumerConfig). Defaults: Kafka 4.x, classic group protocol.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerConfig {
    pub session_timeout_ms: u64,
    pub heartbeat_interval_ms: u64,
    pub max_poll_interval_ms: u64,
    pub max_poll_records: u32,
    pub enable_auto_commit: bool,
    pub auto_commit_interval_ms: u64,
    /// latest | earliest | none
    pub auto_offset_reset: String,
    pub read_committed: bool,
    /// Assignor names in preference order.
    pub partition_assignment_strategy: Vec<String>,
    /// The playground's knobs: time to process one record, and when the app commits.
    pub processing_ms_per_record: u64,
    pub commit_mode: CommitMode,
    /// `sim.commit.api`: commitSync (default) or commitAsync for the app's own commits.
    pub commit_api: CommitApi,
    pub request_timeout_ms: u64,
    /// Bounds a blocking call such as commitSync() without its own timeout.
    pub default_api_timeout_ms: u64,
    pub retry_backoff_ms: u64,
    pub retry_backoff_max_ms: u64,
    pub fetch_max_wait_ms: u64,
    /// A worker pool behind poll() (0 = process in the poll thread). Workers take records
    /// round-robin and finish out of order; poll() keeps running, so commits run ahead of them.
    pub worker_threads: u32,
    /// The playground's poison record: records with this key make the application's processing
    /// throw (`sim.poison.key`), and what its error handler does then (`sim.poison.handling`).
    #[serde(default)]
    pub poison_key: Option<String>,
    #[serde(default)]
    pub poison_handling: PoisonHandling,
    /// `sim.poison.attempts`: tries before `skip` or `dead-letter` gives up on a record.
    #[serde(default = "default_poison_attempts")]
    pub poison_attempts: u32,
}

fn default_poison_attempts() -> u32 {
    3
}

/// What the application does with a record it cannot process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum PoisonHandling {
    /// Seek back and try again, forever: the partition is blocked behind it (head of line).
    #[default]
    Retry,
    /// After `sim.poison.attempts` tries, log it and go on (the record is skipped).
    Skip,
    /// After `sim.poison.attempts` tries, write it to `<topic>-dlt` and go on (a dead-letter
    /// topic, as Spring Kafka's DeadLetterPublishingRecoverer names it).
    DeadLetter,
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig {
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            max_poll_interval_ms: 300_000,
            max_poll_records: 500,
            enable_auto_commit: true,
            auto_commit_interval_ms: 5_000,
            auto_offset_reset: "latest".into(),
            read_committed: false,
            partition_assignment_strategy: vec!["range".into(), "cooperative-sticky".into()],
            processing_ms_per_record: 10,
            commit_mode: CommitMode::Auto,
            commit_api: CommitApi::Sync,
            request_timeout_ms: 30_000,
            default_api_timeout_ms: 60_000,
            retry_backoff_ms: 100,
            retry_backoff_max_ms: 1_000,
            fetch_max_wait_ms: 500,
            worker_threads: 0,
            poison_key: None,
            poison_handling: PoisonHandling::Retry,
            poison_attempts: default_poison_attempts(),
        }
    }
}

impl ConsumerConfig {
    /// Sets one consumer setting by its Kafka name. Returns Ok(false) if the key is not a consumer key.
    pub fn set(&mut self, key: &str, value: &str) -> Result<bool, ConfigError> {
        match key {
            "session.timeout.ms" => self.session_timeout_ms = parse_u64(key, value)?.max(1),
            "heartbeat.interval.ms" => self.heartbeat_interval_ms = parse_u64(key, value)?.max(1),
            "max.poll.interval.ms" => self.max_poll_interval_ms = parse_u64(key, value)?.max(1),
            "max.poll.records" => {
                let v = parse_u32(key, value)?;
                if v < 1 {
                    return Err(ConfigError::invalid(key, value, "Value must be at least 1"));
                }
                self.max_poll_records = v;
            }
            "enable.auto.commit" => {
                self.enable_auto_commit = parse_bool(key, value)?;
                if self.enable_auto_commit {
                    self.commit_mode = CommitMode::Auto;
                } else if self.commit_mode == CommitMode::Auto {
                    self.commit_mode = CommitMode::AfterProcessing;
                }
            }
            "auto.commit.interval.ms" => self.auto_commit_interval_ms = parse_u64(key, value)?.max(1),
            "sim.poison.key" => self.poison_key = Some(value.trim()).filter(|v| !v.is_empty()).map(str::to_string),
            "sim.poison.handling" => {
                self.poison_handling = match value.trim() {
                    "retry" => PoisonHandling::Retry,
                    "skip" => PoisonHandling::Skip,
                    "dead-letter" => PoisonHandling::DeadLetter,
                    _ => return Err(ConfigError::invalid(key, value, "String must be one of: retry, skip, dead-letter")),
                }
            }
            "sim.poison.attempts" => {
                let v = parse_u32(key, value)?;
                if !(1..=100).contains(&v) {
                    return Err(ConfigError::invalid(key, value, "Value must be between 1 and 100"));
                }
                self.poison_attempts = v;
            }
            "auto.offset.reset" => match value.trim() {
                "latest" | "earliest" | "none" => self.auto_offset_reset = value.trim().to_string(),
                _ => return Err(ConfigError::invalid(key, value, "String must be one of: latest, earliest, none")),
            },
            "isolation.level" => match value.trim() {
                "read_committed" => self.read_committed = true,
                "read_uncommitted" => self.read_committed = false,
                _ => return Err(ConfigError::invalid(key, value, "String must be one of: read_committed, read_uncommitted")),
            },
            "partition.assignment.strategy" => {
                let mut names = Vec::new();
                for n in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    let short = n.rsplit('.').next().unwrap_or(n);
                    let name = match short {
                        "RangeAssignor" | "range" => "range",
                        "RoundRobinAssignor" | "roundrobin" => "roundrobin",
                        "StickyAssignor" | "sticky" => "sticky",
                        "CooperativeStickyAssignor" | "cooperative-sticky" => "cooperative-sticky",
                        _ => return Err(ConfigError::invalid(key, value, &format!("Class {n} cannot be found"))),
                    };
                    names.push(name.to_string());
                }
                if names.is_empty() {
                    return Err(ConfigError::invalid(key, value, "at least one assignor is required"));
                }
                self.partition_assignment_strategy = names;
            }
            "sim.processing.ms.per.record" => self.processing_ms_per_record = parse_u64(key, value)?,
            "sim.commit.mode" => {
                self.commit_mode = match value.trim() {
                    "auto" => CommitMode::Auto,
                    "after-processing" => CommitMode::AfterProcessing,
                    "before-processing" => CommitMode::BeforeProcessing,
                    "none" => CommitMode::None,
                    _ => return Err(ConfigError::invalid(key, value, "String must be one of: auto, after-processing, before-processing, none")),
                };
                self.enable_auto_commit = self.commit_mode == CommitMode::Auto;
            }
            "fetch.max.wait.ms" => self.fetch_max_wait_ms = parse_u64(key, value)?,
            "request.timeout.ms" => self.request_timeout_ms = parse_u64(key, value)?.max(1),
            "default.api.timeout.ms" => self.default_api_timeout_ms = parse_u64(key, value)?.max(1),
            "retry.backoff.ms" => self.retry_backoff_ms = parse_u64(key, value)?.max(1),
            "retry.backoff.max.ms" => self.retry_backoff_max_ms = parse_u64(key, value)?.max(1),
            "sim.commit.api" => {
                self.commit_api = match value.trim() {
                    "sync" | "commitSync" => CommitApi::Sync,
                    "async" | "commitAsync" => CommitApi::Async,
                    _ => return Err(ConfigError::invalid(key, value, "String must be one of: sync, async")),
                };
            }
            "sim.worker.threads" => {
                let v = parse_u32(key, value)?;
                if v > 64 {
                    return Err(ConfigError::invalid(key, value, "Value must be at most 64"));
                }
                self.worker_threads = v;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

