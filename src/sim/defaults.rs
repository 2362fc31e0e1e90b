//! Kafka 4.x defaults of the settings the playground knows, as Kafka prints them
//! (`kafka-configs --describe --all`). Checked against the shared conformance vectors, and the
//! live config structs are checked against this table.

/// (scope, key, default as Kafka renders it; "null" for none)
pub const DEFAULTS: &[(&str, &str, &str)] = &[
    ("producer", "acks", "all"),
    ("producer", "enable.idempotence", "true"),
    ("producer", "retries", "2147483647"),
    ("producer", "delivery.timeout.ms", "120000"),
    ("producer", "max.in.flight.requests.per.connection", "5"),
    ("producer", "linger.ms", "5"),
    ("producer", "batch.size", "16384"),
    ("producer", "partitioner.class", "null"),
    ("producer", "partitioner.ignore.keys", "false"),
    ("producer", "partitioner.adaptive.partitioning.enable", "true"),
    ("producer", "partitioner.availability.timeout.ms", "0"),
    ("producer", "transaction.timeout.ms", "60000"),
    ("producer", "request.timeout.ms", "30000"),
    ("producer", "retry.backoff.ms", "100"),
    ("producer", "buffer.memory", "33554432"),
    ("producer", "metadata.max.age.ms", "300000"),
    ("consumer", "session.timeout.ms", "45000"),
    ("consumer", "heartbeat.interval.ms", "3000"),
    ("consumer", "max.poll.interval.ms", "300000"),
    ("consumer", "max.poll.records", "500"),
    ("consumer", "enable.auto.commit", "true"),
    ("consumer", "auto.commit.interval.ms", "5000"),
    ("consumer", "auto.offset.reset", "latest"),
    ("consumer", "isolation.level", "read_uncommitted"),
    ("consumer", "partition.assignment.strategy",
        "org.apache.kafka.clients.consumer.RangeAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),
    ("consumer", "group.protocol", "classic"),
    ("consumer", "group.instance.id", "null"),
    ("consumer", "request.timeout.ms", "30000"),
    ("consumer", "default.api.timeout.ms", "60000"),
    ("consumer", "retry.backoff.ms", "100"),
    ("consumer", "retry.backoff.max.ms", "1000"),
    ("broker", "replica.lag.time.max.ms", "30000"),
    ("broker", "unclean.leader.election.enable", "false"),
    ("broker", "min.insync.replicas", "1"),
    ("broker", "replica.fetch.wait.max.ms", "500"),
    ("broker", "replica.fetch.backoff.ms", "1000"),
    ("broker", "replica.socket.timeout.ms", "30000"),
    ("broker", "broker.heartbeat.interval.ms", "2000"),
    ("broker", "broker.session.timeout.ms", "9000"),
    ("broker", "transaction.state.log.num.partitions", "50"),
    ("broker", "transaction.state.log.replication.factor", "3"),
    ("broker", "transaction.state.log.min.isr", "2"),
    ("producer", "transactional.id", "null"),
];

/// ProducerStateEntry.NUM_BATCHES_TO_RETAIN, AbstractStickyAssignor.DEFAULT_GENERATION
pub const CONSTANTS: &[(&str, i64)] = &[
    ("ProducerStateEntry.NUM_BATCHES_TO_RETAIN", super::producer_state::NUM_BATCHES_TO_RETAIN as i64),
    ("AbstractStickyAssignor.DEFAULT_GENERATION", -1),
];

pub fn default_of(scope: &str, key: &str) -> Option<&'static str> {
    DEFAULTS.iter().find(|(s, k, _)| *s == scope && *k == key).map(|(_, _, v)| *v)
}
