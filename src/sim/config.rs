//! Cluster, broker, topic and producer settings under Kafka's own names, with Kafka 4.x defaults
//! and Kafka-style validation errors (`Invalid value X for configuration Y: ...`).

use super::partitioner::PartitionerKind;
pub use super::consumer_config::{CommitApi, CommitMode, ConsumerConfig};
use super::types::{Acks, BrokerId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Upper bounds that keep a browser tab responsive; past them we refuse with a clear error.
pub const MAX_BROKERS: usize = 100;
pub const MAX_TOTAL_PARTITIONS: u64 = 50_000;

/// Why Kafka refuses a topic name, or `None` for a legal one (Topic.java validate).
pub fn topic_name_error(name: &str) -> Option<String> {
    if name.is_empty() || name.len() > 249
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
    {
        return Some(format!(
            "Topic name \"{name}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"));
    }
    None
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

impl ConfigError {
    pub fn invalid(key: &str, value: &str, why: &str) -> Self {
        ConfigError {
            key: key.to_string(),
            message: format!("Invalid value {value} for configuration {key}: {why}"),
        }
    }
    fn new(key: &str, message: impl Into<String>) -> Self {
        ConfigError { key: key.to_string(), message: message.into() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerSpec {
    pub id: BrokerId,
    /// `broker.rack`
    pub rack: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: u32,
    pub replication_factor: u32,
    /// Per-topic overrides, e.g. `min.insync.replicas`, `unclean.leader.election.enable`.
    pub configs: BTreeMap<String, String>,
    /// An explicit `--replica-assignment`; first broker of each list is the preferred leader.
    pub assignment: Option<Vec<Vec<BrokerId>>>,
}

impl TopicSpec {
    pub fn new(name: &str, partitions: u32, replication_factor: u32) -> Self {
        TopicSpec {
            name: name.to_string(),
            partitions,
            replication_factor,
            configs: BTreeMap::new(),
            assignment: None,
        }
    }
}

/// Broker-side settings (server.properties). Defaults: Kafka 4.x.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerConfig {
    pub replica_lag_time_max_ms: u64,
    pub replica_fetch_wait_max_ms: u64,
    pub replica_fetch_backoff_ms: u64,
    pub min_insync_replicas: u32,
    pub unclean_leader_election_enable: bool,
    pub broker_heartbeat_interval_ms: u64,
    pub broker_session_timeout_ms: u64,
    /// Fetch requests from followers time out after this (ReplicaFetcherBlockingSend).
    pub replica_socket_timeout_ms: u64,
    /// Broker-to-controller requests (AlterPartition) time out after `request.timeout.ms`.
    pub request_timeout_ms: u64,
    pub transaction_state_log_num_partitions: u32,
    pub transaction_state_log_replication_factor: u32,
    pub transaction_state_log_min_isr: u32,
    pub transaction_abort_timed_out_transaction_cleanup_interval_ms: u64,
    pub offsets_topic_num_partitions: u32,
    pub group_initial_rebalance_delay_ms: u64,
    #[serde(default = "default_retention_check_ms")]
    pub log_retention_check_interval_ms: u64,
    /// How long the log cleaner sleeps when no log is dirty enough to clean.
    #[serde(default = "default_cleaner_backoff_ms")]
    pub log_cleaner_backoff_ms: u64,
}

fn default_retention_check_ms() -> u64 {
    300_000 // ServerLogConfigs LOG_CLEANUP_INTERVAL_MS_DEFAULT
}

fn default_cleaner_backoff_ms() -> u64 {
    15_000 // CleanerConfig LOG_CLEANER_BACKOFF_MS_DEFAULT
}

impl Default for BrokerConfig {
    fn default() -> Self {
        BrokerConfig {
            replica_lag_time_max_ms: 30_000,   // ReplicationConfigs REPLICA_LAG_TIME_MAX_MS_DEFAULT
            replica_fetch_wait_max_ms: 500,    // ReplicationConfigs REPLICA_FETCH_WAIT_MAX_MS_DEFAULT
            replica_fetch_backoff_ms: 1_000,   // ReplicationConfigs REPLICA_FETCH_BACKOFF_MS_DEFAULT
            min_insync_replicas: 1,            // ServerLogConfigs MIN_IN_SYNC_REPLICAS_DEFAULT
            unclean_leader_election_enable: false, // LogConfig DEFAULT_UNCLEAN_LEADER_ELECTION_ENABLE
            broker_heartbeat_interval_ms: 2_000,   // KRaftConfigs BROKER_HEARTBEAT_INTERVAL_MS_DEFAULT
            broker_session_timeout_ms: 9_000,      // KRaftConfigs BROKER_SESSION_TIMEOUT_MS_DEFAULT
            replica_socket_timeout_ms: 30_000,     // ReplicationConfigs REPLICA_SOCKET_TIMEOUT_MS_DEFAULT
            request_timeout_ms: 30_000,            // ServerConfigs REQUEST_TIMEOUT_MS_DEFAULT
            transaction_state_log_num_partitions: 50,         // TransactionLogConfig defaults
            transaction_state_log_replication_factor: 3,
            transaction_state_log_min_isr: 2,
            transaction_abort_timed_out_transaction_cleanup_interval_ms: 10_000,
            offsets_topic_num_partitions: 50,       // GroupCoordinatorConfig OFFSETS_TOPIC_PARTITIONS_DEFAULT
            group_initial_rebalance_delay_ms: 3_000, // GroupCoordinatorConfig GROUP_INITIAL_REBALANCE_DELAY_MS_DEFAULT
            log_retention_check_interval_ms: default_retention_check_ms(),
            log_cleaner_backoff_ms: default_cleaner_backoff_ms(),
        }
    }
}

/// Producer settings (ProducerConfig). Defaults: Kafka 4.x.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerConfig {
    pub acks: Acks,
    /// `None` = not set by the user: on unless a conflicting setting turns it off.
    pub enable_idempotence: Option<bool>,
    pub retries: u32,
    pub delivery_timeout_ms: u64,
    pub request_timeout_ms: u64,
    pub retry_backoff_ms: u64,
    pub linger_ms: u64,
    pub batch_size: u64,
    pub max_in_flight_requests_per_connection: u32,
    pub buffer_memory: u64,
    /// `partitioner.class` (plus the playground's `legacy-round-robin` for pre-2.4 behaviour).
    pub partitioner: PartitionerKind,
    pub partitioner_ignore_keys: bool,
    pub metadata_max_age_ms: u64,
    /// `metadata.recovery.strategy` (CommonClientConfigs DEFAULT_METADATA_RECOVERY_STRATEGY).
    #[serde(default)]
    pub metadata_recovery_strategy: super::addresses::RecoveryStrategy,
    pub transactional_id: Option<String>,
    pub transaction_timeout_ms: u64,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            acks: Acks::All,
            enable_idempotence: None,
            retries: i32::MAX as u32,
            delivery_timeout_ms: 120_000,
            request_timeout_ms: 30_000,
            retry_backoff_ms: 100,
            linger_ms: 5,
            batch_size: 16_384,
            max_in_flight_requests_per_connection: 5,
            buffer_memory: 33_554_432,
            partitioner: PartitionerKind::BuiltIn,
            partitioner_ignore_keys: false,
            metadata_max_age_ms: 300_000,
            metadata_recovery_strategy: Default::default(),
            transactional_id: None,
            transaction_timeout_ms: 60_000,
        }
    }
}

impl ProducerConfig {
    /// Whether idempotence is in effect (ProducerConfig.postProcessAndValidateIdempotenceConfigs):
    /// explicit `true` wins; if unset, conflicting settings silently turn it off.
    pub fn idempotence(&self) -> bool {
        match self.enable_idempotence {
            Some(v) => v,
            None if self.transactional_id.is_some() => true,
            None => {
                self.acks == Acks::All
                    && self.retries > 0
                    && self.max_in_flight_requests_per_connection <= 5
            }
        }
    }

    /// The ConfigException Kafka raises for an explicit `enable.idempotence=true` with conflicts.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.transactional_id.is_some() && self.enable_idempotence == Some(false) {
            return Err(ConfigError::new("transactional.id",
                "Cannot set a transactional.id without also enabling idempotence."));
        }
        if self.enable_idempotence == Some(true) || self.transactional_id.is_some() {
            if self.acks != Acks::All {
                return Err(ConfigError::new("acks",
                    "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."));
            }
            if self.retries == 0 {
                return Err(ConfigError::new("retries",
                    "Must set retries to non-zero when using the idempotent producer."));
            }
            if self.max_in_flight_requests_per_connection > 5 {
                return Err(ConfigError::new("max.in.flight.requests.per.connection",
                    "Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer."));
            }
        }
        if self.delivery_timeout_ms < self.linger_ms.saturating_add(self.request_timeout_ms) {
            return Err(ConfigError::new("delivery.timeout.ms",
                "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms"));
        }
        Ok(())
    }
}

/// Knobs of the simulated network itself (not Kafka settings, hence the `sim.` prefix).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetConfig {
    pub latency_min_ms: u64,
    pub latency_max_ms: u64,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig { latency_min_ms: 1, latency_max_ms: 3 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterConfig {
    pub brokers: Vec<BrokerSpec>,
    pub topics: Vec<TopicSpec>,
    pub broker: BrokerConfig,
    pub producer: ProducerConfig,
    pub consumer: ConsumerConfig,
    pub net: NetConfig,
    /// KRaft (default) or ZooKeeper mode (`zookeeper.rs`).
    #[serde(default)]
    pub metadata: super::zookeeper::MetadataConfig,
    /// Share groups (`share_group.rs`).
    #[serde(default)]
    pub share: super::share_group::ShareGroupConfig,
}

impl Default for ClusterConfig {
    /// The foundation scene: 3 brokers and topic `orders` (3 partitions, RF 3).
    fn default() -> Self {
        ClusterConfig::with_brokers(3, vec![TopicSpec::new("orders", 3, 3)])
    }
}

pub(crate) fn parse_u64(key: &str, value: &str) -> Result<u64, ConfigError> {
    let v = value.trim().parse::<u64>().map_err(|_| ConfigError::invalid(key, value, "Expected a non-negative whole number"))?;
    // Kafka's settings are Java longs at most: a value past i64::MAX is ConfigDef's "Not a number
    // of type LONG". Keeping every value within i64::MAX also keeps `now + value` and the sum of
    // two settings inside u64 (a fuzz finding: request.timeout.ms=18446744073709551615 overflowed).
    if v > MAX_SETTING {
        return Err(ConfigError::invalid(key, value, "Not a number of type LONG"));
    }
    Ok(v)
}

/// The largest value a numeric setting may have: Java's Long.MAX_VALUE.
pub const MAX_SETTING: u64 = i64::MAX as u64;

/// A whole number of at least `min` (Kafka's ConfigDef Range.atLeast), as a long.
pub(crate) fn parse_at_least(key: &str, value: &str, min: i64) -> Result<i64, ConfigError> {
    let v = value.trim().parse::<i64>().map_err(|_| ConfigError::invalid(key, value, "Expected a whole number"))?;
    if v < min {
        return Err(ConfigError::invalid(key, value, &format!("Value must be at least {min}")));
    }
    Ok(v)
}

pub(crate) fn parse_bool(key: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ConfigError::invalid(key, value, "Expected value to be either true or false")),
    }
}

pub(crate) fn parse_u32(key: &str, value: &str) -> Result<u32, ConfigError> {
    let v = parse_u64(key, value)?;
    // As the message says: a Java int (4294967295 used to pass, fuzz finding).
    i32::try_from(v).map(|v| v as u32).map_err(|_| ConfigError::invalid(key, value, "Value is too large (at most 2147483647)"))
}

/// Every key `ClusterConfig::set` accepts, for help texts and completion.
pub const KNOWN_KEYS: &[&str] = &[
    "replica.lag.time.max.ms", "replica.fetch.wait.max.ms", "replica.fetch.backoff.ms",
    "min.insync.replicas", "unclean.leader.election.enable", "broker.heartbeat.interval.ms",
    "broker.session.timeout.ms", "replica.socket.timeout.ms", "log.retention.check.interval.ms", "log.cleaner.backoff.ms", "acks", "enable.idempotence", "retries", "delivery.timeout.ms",
    "request.timeout.ms", "retry.backoff.ms", "linger.ms", "batch.size",
    "max.in.flight.requests.per.connection", "buffer.memory", "partitioner.class", "partitioner.ignore.keys",
    "metadata.max.age.ms", "transactional.id", "transaction.timeout.ms", "transaction.state.log.num.partitions",
    "transaction.state.log.replication.factor", "transaction.state.log.min.isr", "session.timeout.ms",
    "heartbeat.interval.ms", "max.poll.interval.ms", "max.poll.records", "enable.auto.commit", "auto.commit.interval.ms",
    "auto.offset.reset", "isolation.level", "partition.assignment.strategy", "fetch.max.wait.ms",
    "offsets.topic.num.partitions", "group.initial.rebalance.delay.ms", "sim.processing.ms.per.record", "sim.commit.mode", "sim.worker.threads",
    "sim.latency.min.ms", "sim.latency.max.ms", "sim.metadata.mode", "sim.zookeeper.servers", "zookeeper.session.timeout.ms",
    "metadata.recovery.strategy", "sim.poison.key", "sim.poison.handling", "sim.poison.attempts",
    "group.share.record.lock.duration.ms", "group.share.delivery.count.limit", "group.share.partition.max.record.locks",
    "group.share.heartbeat.interval.ms", "group.share.session.timeout.ms", "share.auto.offset.reset",
];

impl ClusterConfig {
    pub fn with_brokers(n: u32, topics: Vec<TopicSpec>) -> Self {
        ClusterConfig {
            brokers: (1..=n).map(|id| BrokerSpec { id, rack: None }).collect(),
            topics,
            broker: BrokerConfig::default(),
            producer: ProducerConfig::default(),
            consumer: ConsumerConfig::default(),
            net: NetConfig::default(),
            metadata: Default::default(),
            share: Default::default(),
        }
    }

    /// Sets one setting by its Kafka name (broker, producer or `sim.*`).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        let b = &mut self.broker;
        let p = &mut self.producer;
        match key {
            "replica.lag.time.max.ms" => b.replica_lag_time_max_ms = parse_u64(key, value)?,
            "replica.fetch.wait.max.ms" => b.replica_fetch_wait_max_ms = parse_u64(key, value)?,
            "replica.fetch.backoff.ms" => b.replica_fetch_backoff_ms = parse_u64(key, value)?,
            "min.insync.replicas" => {
                let v = parse_u32(key, value)?;
                if v < 1 {
                    return Err(ConfigError::invalid(key, value, "Value must be at least 1"));
                }
                b.min_insync_replicas = v;
            }
            "unclean.leader.election.enable" => b.unclean_leader_election_enable = parse_bool(key, value)?,
            "broker.heartbeat.interval.ms" => b.broker_heartbeat_interval_ms = parse_u64(key, value)?.max(1),
            "broker.session.timeout.ms" => b.broker_session_timeout_ms = parse_u64(key, value)?.max(1),
            "replica.socket.timeout.ms" => b.replica_socket_timeout_ms = parse_u64(key, value)?.max(1),
            "log.retention.check.interval.ms" => {
                let v = parse_u64(key, value)?;
                if v < 1 {
                    return Err(ConfigError::invalid(key, value, "Value must be at least 1"));
                }
                b.log_retention_check_interval_ms = v;
            }
            "log.cleaner.backoff.ms" => {
                let v = parse_u64(key, value)?;
                if v < 1 {
                    return Err(ConfigError::invalid(key, value, "Value must be at least 1"));
                }
                b.log_cleaner_backoff_ms = v;
            }
            "acks" => {
                p.acks = Acks::parse(value)
                    .ok_or_else(|| ConfigError::invalid(key, value, "String must be one of: all, -1, 0, 1"))?
            }
            "enable.idempotence" => p.enable_idempotence = Some(parse_bool(key, value)?),
            "retries" => p.retries = parse_u32(key, value)?,
            "delivery.timeout.ms" => p.delivery_timeout_ms = parse_u64(key, value)?,
            // At least 1 ms, like the consumer's and the broker's timeouts: at 0 the producer's
            // InitProducerId timed out and was sent again at the same instant, forever (fuzzing).
            "request.timeout.ms" => p.request_timeout_ms = parse_u64(key, value)?.max(1),
            "retry.backoff.ms" => p.retry_backoff_ms = parse_u64(key, value)?,
            "linger.ms" => p.linger_ms = parse_u64(key, value)?,
            "batch.size" => p.batch_size = parse_u64(key, value)?,
            "max.in.flight.requests.per.connection" => {
                let v = parse_u32(key, value)?;
                if v < 1 {
                    return Err(ConfigError::invalid(key, value, "Value must be at least 1"));
                }
                p.max_in_flight_requests_per_connection = v;
            }
            "buffer.memory" => p.buffer_memory = parse_u64(key, value)?,
            "partitioner.class" => {
                p.partitioner = PartitionerKind::from_class(value).ok_or_else(|| ConfigError::invalid(key, value,
                    "Class not found: use org.apache.kafka.clients.producer.RoundRobinPartitioner, null, or legacy-round-robin"))?
            }
            "partitioner.ignore.keys" => p.partitioner_ignore_keys = parse_bool(key, value)?,
            "metadata.max.age.ms" => p.metadata_max_age_ms = parse_u64(key, value)?.max(1),
            "metadata.recovery.strategy" => {
                p.metadata_recovery_strategy = super::addresses::RecoveryStrategy::parse(value)
                    .ok_or_else(|| ConfigError::invalid(key, value, "String must be one of: rebootstrap, none"))?;
            }
            "transactional.id" => p.transactional_id = Some(value.trim()).filter(|v| !v.is_empty() && *v != "null").map(str::to_string),
            "transaction.timeout.ms" => p.transaction_timeout_ms = parse_u64(key, value)?.max(1),
            "transaction.state.log.num.partitions" => {
                let v = parse_u32(key, value)?;
                if !(1..=1000).contains(&v) {
                    return Err(ConfigError::invalid(key, value, "Value must be between 1 and 1000 here"));
                }
                b.transaction_state_log_num_partitions = v;
            }
            "transaction.state.log.replication.factor" => b.transaction_state_log_replication_factor = parse_u32(key, value)?.max(1),
            "transaction.state.log.min.isr" => b.transaction_state_log_min_isr = parse_u32(key, value)?.max(1),
            "offsets.topic.num.partitions" => {
                let v = parse_u32(key, value)?;
                if !(1..=1000).contains(&v) {
                    return Err(ConfigError::invalid(key, value, "Value must be between 1 and 1000 here"));
                }
                b.offsets_topic_num_partitions = v;
            }
            "group.initial.rebalance.delay.ms" => b.group_initial_rebalance_delay_ms = parse_u64(key, value)?,
            "sim.latency.min.ms" => self.net.latency_min_ms = parse_u64(key, value)?,
            "sim.latency.max.ms" => self.net.latency_max_ms = parse_u64(key, value)?,
            _ => {
                if !self.consumer.set(key, value)? && !self.metadata.set(key, value)? && !self.share.set(key, value)? {
                    return Err(ConfigError::new(key, format!("Unknown configuration '{key}'")));
                }
            }
        }
        Ok(())
    }

    /// Checks the whole cluster description; the error names the field at fault.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.brokers.is_empty() {
            return Err(ConfigError::new("brokers", "A cluster needs at least one broker"));
        }
        if self.brokers.len() > MAX_BROKERS {
            return Err(ConfigError::new("brokers",
                format!("{} brokers is more than this playground can draw (at most {MAX_BROKERS})", self.brokers.len())));
        }
        let mut ids: Vec<BrokerId> = self.brokers.iter().map(|b| b.id).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(ConfigError::new("brokers", "Broker ids must be unique"));
        }
        let mut total: u64 = 0;
        let mut names: Vec<&str> = Vec::new();
        for t in &self.topics {
            let key = format!("topics.{}", t.name);
            if let Some(e) = topic_name_error(&t.name) {
                return Err(ConfigError::new(&key, e));
            }
            if names.contains(&t.name.as_str()) {
                return Err(ConfigError::new(&key, format!("Topic '{}' already exists.", t.name)));
            }
            names.push(&t.name);
            if t.partitions == 0 {
                return Err(ConfigError::new(&key, "Number of partitions must be larger than 0."));
            }
            if t.replication_factor == 0 {
                return Err(ConfigError::new(&key, "Replication factor must be larger than 0."));
            }
            if t.replication_factor as usize > self.brokers.len() {
                return Err(ConfigError::new(&key, format!(
                    "Replication factor: {} larger than available brokers: {}.", t.replication_factor, self.brokers.len())));
            }
            total += t.partitions as u64;
            if total > MAX_TOTAL_PARTITIONS {
                return Err(ConfigError::new(&key, format!(
                    "The cluster would have more than {MAX_TOTAL_PARTITIONS} partitions, which this playground cannot simulate")));
            }
            for (k, v) in &t.configs {
                match k.as_str() {
                    "min.insync.replicas" => { parse_u32(k, v)?; }
                    "unclean.leader.election.enable" => { parse_bool(k, v)?; }
                    "retention.ms" | "retention.bytes" => { parse_at_least(k, v, -1)?; }
                    "segment.bytes" => {
                        let n = parse_at_least(k, v, super::retention::MIN_SEGMENT_BYTES as i64)?;
                        if n > i32::MAX as i64 {
                            return Err(ConfigError::invalid(k, v, "Value must be no more than 2147483647"));
                        }
                    }
                    "cleanup.policy" => {
                        // LogConfig: a list of delete and compact.
                        if v.split(',').map(str::trim).any(|p| p != "delete" && p != "compact") {
                            return Err(ConfigError::invalid(k, v, "String must be one of: compact, delete"));
                        }
                    }
                    "min.cleanable.dirty.ratio" => {
                        // LogConfig: a double, ConfigDef.Range.between(0, 1).
                        match v.trim().parse::<f64>() {
                            Ok(r) if r < 0.0 => return Err(ConfigError::invalid(k, v, "Value must be at least 0")),
                            Ok(r) if r > 1.0 => return Err(ConfigError::invalid(k, v, "Value must be no more than 1")),
                            Ok(r) if r.is_nan() => return Err(ConfigError::invalid(k, v, "Expected value to be a double")),
                            Ok(_) => {}
                            Err(_) => return Err(ConfigError::invalid(k, v, "Expected value to be a double")),
                        }
                    }
                    "delete.retention.ms" | "min.compaction.lag.ms" => { parse_at_least(k, v, 0)?; }
                    _ => return Err(ConfigError::new(k, format!("Unknown topic configuration '{k}' on topic {}", t.name))),
                }
            }
            if let Some(a) = &t.assignment {
                if a.len() != t.partitions as usize {
                    return Err(ConfigError::new(&key, "The replica assignment must list every partition"));
                }
                for replicas in a {
                    if replicas.len() != t.replication_factor as usize
                        || replicas.iter().any(|r| !ids.contains(r))
                    {
                        return Err(ConfigError::new(&key, format!(
                            "Replica assignment {replicas:?} must name {} distinct existing brokers", t.replication_factor)));
                    }
                    let mut s = replicas.clone();
                    s.sort_unstable();
                    s.dedup();
                    if s.len() != replicas.len() {
                        return Err(ConfigError::new(&key, format!("Duplicate replica assignment found: {replicas:?}")));
                    }
                }
            }
        }
        self.check_numbers()?;
        if self.net.latency_min_ms > self.net.latency_max_ms {
            return Err(ConfigError::new("sim.latency.min.ms", "sim.latency.min.ms must not exceed sim.latency.max.ms"));
        }
        self.producer.validate()
    }

    /// Every number of the configuration within [`MAX_SETTING`], and every duration at least
    /// 1 ms unless `set` allows 0 for it. `set` checks each value it parses; this catches a
    /// configuration that arrives whole, as JSON in a share link (fuzz findings:
    /// `"latency_max_ms": 18446744073709551615` overflowed the network's clock, a 0 ms timeout
    /// re-armed itself at one instant forever). The error names the field as the JSON has it,
    /// e.g. `producer.linger_ms`.
    fn check_numbers(&self) -> Result<(), ConfigError> {
        // The durations `set` lets be 0 (every other one it raises to at least 1).
        const ZERO_OK: &[&str] = &[
            "broker.replica_lag_time_max_ms", "broker.replica_fetch_wait_max_ms", "broker.replica_fetch_backoff_ms",
            "broker.group_initial_rebalance_delay_ms", "producer.delivery_timeout_ms", "producer.retry_backoff_ms",
            "producer.linger_ms", "consumer.processing_ms_per_record", "consumer.fetch_max_wait_ms", "net.latency_min_ms",
            "net.latency_max_ms",
        ];
        fn walk(v: &serde_json::Value, path: &str) -> Result<(), ConfigError> {
            match v {
                serde_json::Value::Number(n) if n.as_u64().is_some_and(|n| n > MAX_SETTING) => {
                    Err(ConfigError::invalid(path, &n.to_string(), "Not a number of type LONG"))
                }
                serde_json::Value::Number(n) if n.as_u64() == Some(0) && path.ends_with("_ms") && !ZERO_OK.contains(&path) => {
                    Err(ConfigError::invalid(path, "0", "Value must be at least 1"))
                }
                serde_json::Value::Object(m) => m.iter().try_for_each(|(k, v)| walk(v, &if path.is_empty() { k.clone() } else { format!("{path}.{k}") })),
                _ => Ok(()),
            }
        }
        let parts = [("broker", serde_json::to_value(&self.broker)), ("producer", serde_json::to_value(&self.producer)),
            ("consumer", serde_json::to_value(&self.consumer)), ("net", serde_json::to_value(&self.net)),
            ("metadata", serde_json::to_value(&self.metadata)), ("share", serde_json::to_value(&self.share))];
        for (name, v) in parts {
            walk(&v.unwrap_or_default(), name)?;
        }
        Ok(())
    }

    /// `min.insync.replicas` for a topic: topic override, else broker default,
    /// capped at the replication factor (Partition.scala effectiveMinIsr, Kafka 3.7+).
    pub fn min_insync_for(&self, topic: &TopicSpec) -> u32 {
        let configured = topic.configs.get("min.insync.replicas")
            .and_then(|v| v.parse().ok())
            .unwrap_or(self.broker.min_insync_replicas);
        configured.min(topic.replication_factor)
    }

    pub fn compact_for(&self, topic: &TopicSpec) -> bool {
        super::compaction::Compaction::of(topic).is_some()
    }

    pub fn unclean_for(&self, topic: &TopicSpec) -> bool {
        topic.configs.get("unclean.leader.election.enable")
            .map(|v| v == "true")
            .unwrap_or(self.broker.unclean_leader_election_enable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_kafka_4() {
        let c = ClusterConfig::default();
        assert_eq!(c.broker.replica_lag_time_max_ms, 30_000);
        assert_eq!(c.producer.acks, Acks::All);
        assert!(c.producer.idempotence());
        assert_eq!(c.producer.linger_ms, 5);
        assert!(c.validate().is_ok());
    }

    #[test]
    fn explicit_idempotence_with_acks_1_is_kafkas_config_exception() {
        let mut c = ClusterConfig::default();
        c.set("enable.idempotence", "true").unwrap();
        c.set("acks", "1").unwrap();
        let e = c.validate().unwrap_err();
        assert!(e.message.contains("Must set acks to all"), "{e}");
    }

    #[test]
    fn implicit_idempotence_turns_off_with_acks_1() {
        let mut c = ClusterConfig::default();
        c.set("acks", "1").unwrap();
        assert!(c.validate().is_ok());
        assert!(!c.producer.idempotence());
    }

    #[test]
    fn bad_values_name_the_key() {
        let mut c = ClusterConfig::default();
        let e = c.set("acks", "2").unwrap_err();
        assert_eq!(e.message, "Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1");
        assert!(c.set("no.such.key", "1").unwrap_err().message.contains("no.such.key"));
        assert!(c.set("min.insync.replicas", "-3").is_err());
    }

    #[test]
    fn huge_inputs_are_refused_not_simulated() {
        let c = ClusterConfig::with_brokers(3, vec![TopicSpec::new("t", 1_000_000_000, 1)]);
        assert!(c.validate().unwrap_err().message.contains("partitions"));
        let c = ClusterConfig::with_brokers(10_000, vec![]);
        assert!(c.validate().is_err());
        let c = ClusterConfig::with_brokers(3, vec![TopicSpec::new("t", 1, 4)]);
        assert!(c.validate().unwrap_err().message.contains("larger than available brokers"));
    }

    #[test]
    fn settings_past_a_java_long_are_refused() {
        // Fuzz findings: request.timeout.ms=18446744073709551615 overflowed `linger.ms +
        // request.timeout.ms` in validate, and the same value in a share link's JSON config
        // overflowed the clock; 4294967295 passed as an int setting.
        let mut c = ClusterConfig::default();
        let e = c.set("request.timeout.ms", "18446744073709551615").unwrap_err();
        assert_eq!(e.message, "Invalid value 18446744073709551615 for configuration request.timeout.ms: Not a number of type LONG");
        c.set("linger.ms", "9223372036854775807").unwrap();
        assert!(c.validate().is_err(), "delivery.timeout.ms < linger.ms + request.timeout.ms");
        assert!(c.set("retries", "4294967295").unwrap_err().message.contains("at most 2147483647"));
        let mut c = ClusterConfig::default();
        c.net.latency_max_ms = u64::MAX;
        let e = c.validate().unwrap_err();
        assert_eq!(e.key, "net.latency_max_ms", "{e:?}");
        assert!(e.message.contains("Not a number of type LONG"), "{e}");
    }

    #[test]
    fn a_zero_timeout_is_raised_or_refused() {
        // Fuzz finding: request.timeout.ms=0 re-sent InitProducerId at one instant forever.
        let mut c = ClusterConfig::default();
        c.set("request.timeout.ms", "0").unwrap();
        assert_eq!(c.producer.request_timeout_ms, 1);
        c.set("linger.ms", "0").unwrap();
        assert!(c.validate().is_ok(), "a 0 that set allows stays valid");
        // The same 0 in a share link's JSON config is refused, naming the field.
        let mut c = ClusterConfig::default();
        c.broker.broker_heartbeat_interval_ms = 0;
        assert_eq!(c.validate().unwrap_err().message,
            "Invalid value 0 for configuration broker.broker_heartbeat_interval_ms: Value must be at least 1");
    }

    #[test]
    fn effective_min_isr_is_capped_at_rf() {
        let mut c = ClusterConfig::default();
        c.broker.min_insync_replicas = 5;
        assert_eq!(c.min_insync_for(&c.topics[0].clone()), 3);
    }
}
