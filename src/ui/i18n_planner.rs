//! The partition planner panel's words, and each `PlanWarning` said in English and Korean.

use crate::sim::planning::PlanWarning;
use crate::sim::Lang;

pub struct PlannerText {
    pub title: &'static str,
    pub hint: &'static str,
    pub topic: &'static str,
    pub producer_rate: &'static str,
    pub consumer_rate: &'static str,
    pub brokers: &'static str,
    pub partitions: &'static str,
    pub rf: &'static str,
    pub min_isr: &'static str,
    pub keyed: &'static str,
    pub existing: &'static str,
    pub from_topic: &'static str,
    pub needed: &'static str,
    pub per_broker: &'static str,
    pub all_good: &'static str,
    pub invalid: &'static str,
}

const EN: PlannerText = PlannerText {
    title: "Partition planner",
    hint: "The operators' rule: producer rate < one consumer's rate × partitions. It also checks how the replicas spread over the brokers, the replication factor against min.insync.replicas, the topic name, and what growing a keyed topic does.",
    topic: "Topic name",
    producer_rate: "Producer rate (records/s)",
    consumer_rate: "One consumer's rate (records/s)",
    brokers: "Brokers",
    partitions: "Partitions",
    rf: "replication.factor",
    min_isr: "min.insync.replicas",
    keyed: "Records have keys whose order matters",
    existing: "Partitions it has now (0: a new topic)",
    from_topic: "Load a topic of this cluster",
    needed: "Partitions (and consumers) needed to keep up",
    per_broker: "Replicas per broker (Kafka's placement)",
    all_good: "No warnings: this plan keeps up, spreads evenly and survives a broker failure.",
    invalid: "Cannot plan",
};

const KO: PlannerText = PlannerText {
    title: "파티션 플래너",
    hint: "운영자들의 규칙: 프로듀서 전송량 < 컨슈머 하나의 처리량 × 파티션 개수. 레플리카가 브로커에 퍼지는 모양, replication factor와 min.insync.replicas, 토픽 이름, key가 있는 토픽을 늘릴 때의 영향도 함께 봅니다.",
    topic: "토픽 이름",
    producer_rate: "프로듀서 전송량 (레코드/초)",
    consumer_rate: "컨슈머 하나의 처리량 (레코드/초)",
    brokers: "브로커 수",
    partitions: "파티션 수",
    rf: "replication.factor",
    min_isr: "min.insync.replicas",
    keyed: "레코드에 key가 있고 key별 순서가 중요함",
    existing: "지금 파티션 수 (0: 새 토픽)",
    from_topic: "이 클러스터의 토픽 불러오기",
    needed: "따라가는 데 필요한 파티션 (그리고 컨슈머) 수",
    per_broker: "브로커별 레플리카 수 (Kafka의 배치)",
    all_good: "경고 없음: 이 계획은 처리량을 따라가고, 고르게 퍼지며, 브로커 하나가 죽어도 버팁니다.",
    invalid: "계획할 수 없음",
};

pub fn planner_text(lang: Lang) -> &'static PlannerText {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}

/// One warning in words, with Kafka's names.
pub fn warning_text(w: &PlanWarning, lang: Lang) -> String {
    use PlanWarning::*;
    match (lang, w) {
        (Lang::En, TooFewPartitions { needed, planned }) => format!(
            "Too few partitions: {planned} consumers at most can share the work, {needed} are needed. Lag grows without end."),
        (Lang::Ko, TooFewPartitions { needed, planned }) => format!(
            "파티션이 부족합니다: 일을 나눌 수 있는 컨슈머는 최대 {planned}개인데 {needed}개가 필요합니다. lag이 끝없이 늘어납니다."),
        (Lang::En, ReplicationFactorAboveBrokers { rf, brokers }) => format!(
            "Kafka refuses it (InvalidReplicationFactorException): replication factor {rf} needs {rf} brokers, only {brokers} are registered."),
        (Lang::Ko, ReplicationFactorAboveBrokers { rf, brokers }) => format!(
            "Kafka가 거부합니다 (InvalidReplicationFactorException): replication factor {rf}에는 브로커 {rf}대가 필요한데 {brokers}대뿐입니다."),
        (Lang::En, NoFaultTolerance { rf, min_isr }) => format!(
            "No fault tolerance: replication.factor {rf} = min.insync.replicas {min_isr}, so with one replica out of the ISR acks=all writes fail with NOT_ENOUGH_REPLICAS."),
        (Lang::Ko, NoFaultTolerance { rf, min_isr }) => format!(
            "장애 허용이 없습니다: replication.factor {rf} = min.insync.replicas {min_isr}라서, 레플리카 하나만 ISR에서 빠져도 acks=all 쓰기가 NOT_ENOUGH_REPLICAS로 실패합니다."),
        (Lang::En, MinIsrAboveRf { rf, min_isr }) => format!(
            "min.insync.replicas {min_isr} is above the replication factor {rf}: Kafka counts it as {rf} (effectiveMinIsr), so every replica must be in the ISR and one out of it stops acks=all writes with NOT_ENOUGH_REPLICAS."),
        (Lang::Ko, MinIsrAboveRf { rf, min_isr }) => format!(
            "min.insync.replicas {min_isr}가 replication factor {rf}보다 큽니다: Kafka는 이를 {rf}로 계산하므로(effectiveMinIsr) 모든 레플리카가 ISR에 있어야 하고, 하나만 빠져도 acks=all 쓰기가 NOT_ENOUGH_REPLICAS로 실패합니다."),
        (Lang::En, UnevenSpread { replicas, brokers }) => format!(
            "{replicas} replicas cannot split evenly over {brokers} brokers: some brokers carry more. Pick partitions × RF as a multiple of {brokers}."),
        (Lang::Ko, UnevenSpread { replicas, brokers }) => format!(
            "레플리카 {replicas}개는 브로커 {brokers}대에 고르게 나뉘지 않아 일부 브로커가 더 많이 짊어집니다. 파티션 × RF가 {brokers}의 배수가 되게 하세요."),
        (Lang::En, PlacementUneven { most, fewest }) => format!(
            "Kafka places each partition on consecutive brokers, so this topic puts {most} replicas on its busiest broker and {fewest} on its quietest. A multiple of the broker count of partitions, or --replica-assignment, evens it out."),
        (Lang::Ko, PlacementUneven { most, fewest }) => format!(
            "Kafka는 파티션마다 연속된 브로커에 배치하므로, 이 토픽은 가장 바쁜 브로커에 레플리카 {most}개, 가장 한가한 브로커에 {fewest}개를 둡니다. 파티션 수를 브로커 수의 배수로 하거나 --replica-assignment로 맞추세요."),
        (Lang::En, CollisionChars) =>
            "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.".into(),
        (Lang::Ko, CollisionChars) =>
            "JMX 지표 이름은 '.'과 '_'를 구분하지 못해서 토픽 지표가 충돌할 수 있습니다 (kafka-topics.sh도 WARNING을 냅니다). 둘 중 하나만 쓰세요.".into(),
        (Lang::En, InternalPrefix) =>
            "Starts with '_', like Kafka's internal topics (__consumer_offsets, __transaction_state): avoid it.".into(),
        (Lang::Ko, InternalPrefix) =>
            "Kafka 내부 토픽(__consumer_offsets, __transaction_state)처럼 '_'로 시작합니다. 피하세요.".into(),
        (Lang::En, KeysMove { from, to, moved_percent }) => format!(
            "Growing from {from} to {to} partitions moves about {moved_percent}% of keys to another partition (murmur2 % partitions): per-key order breaks across the change."),
        (Lang::Ko, KeysMove { from, to, moved_percent }) => format!(
            "파티션을 {from}개에서 {to}개로 늘리면 key의 약 {moved_percent}%가 다른 파티션으로 옮겨 갑니다 (murmur2 % 파티션 수). 그 순간을 사이에 두고 key별 순서가 깨집니다."),
        (Lang::En, CannotShrink { from, to }) => format!(
            "Kafka refuses it (InvalidPartitionsException): Topic currently has {from} partitions, which is higher than the requested {to}."),
        (Lang::Ko, CannotShrink { from, to }) => format!(
            "Kafka가 거부합니다 (InvalidPartitionsException): 파티션은 줄일 수 없습니다. 지금 {from}개, 요청은 {to}개입니다."),
    }
}
