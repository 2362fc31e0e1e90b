//! One plain sentence per event, in English and Korean. Kafka terms (ISR, acks, offset, leader
//! epoch) stay in English in the Korean text, as Korean engineers say them.

use super::event::{EventKind, Lang, LossReason};
use super::net::DropReason;
use super::retention::Breach;
use super::types::{BrokerId, NodeId, TopicPartition};

fn list(v: &[BrokerId]) -> String {
    let s: Vec<String> = v.iter().map(|b| b.to_string()).collect();
    format!("[{}]", s.join(","))
}

fn tps(v: &[TopicPartition]) -> String {
    if v.is_empty() {
        return "nothing".to_string();
    }
    v.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
}

fn node_ko(n: &NodeId) -> String {
    match n {
        NodeId::Broker(b) => format!("브로커 {b}"),
        NodeId::Controller => "컨트롤러".to_string(),
        NodeId::ZooKeeper => "ZooKeeper".to_string(),
        NodeId::Producer(p) => format!("프로듀서 {p}"),
        NodeId::Consumer(c) => format!("컨슈머 {c}"),
    }
}

fn offsets(first: u64, count: u64) -> String {
    if count <= 1 { format!("offset {first}") } else { format!("offsets {first}..{}", first + count - 1) }
}

fn capitalize(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => f.to_uppercase().collect::<String>() + c.as_str(),
        _ => s,
    }
}

impl EventKind {
    /// One plain sentence.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => capitalize(self.text_en()),
            Lang::Ko => super::korean::fix_particles(&self.text_ko()),
        }
    }

    fn text_en(&self) -> String {
        use EventKind::*;
        match self {
            Sent { from, to, summary, .. } => format!("{from} sends {summary} to {to}."),
            Delivered { from, to, summary, .. } => format!("{to} receives {summary} from {from}."),
            Dropped { from, to, kind, reason, .. } => match reason {
                DropReason::Dropped => format!("The {} from {from} to {to} is dropped on the wire.", kind.name()),
                DropReason::Isolated => format!("The {} from {from} to {to} is lost: a node is cut off.", kind.name()),
                DropReason::NodeDown => format!("The {} from {from} cannot reach {to}: it is down.", kind.name()),
            },
            Appended { tp, broker, first_offset, count, epoch, leader, .. } => {
                let role = if *leader { "leader" } else { "follower" };
                format!("Broker {broker} ({role}) appends {} to {tp} in leader epoch {epoch}.", offsets(*first_offset, *count))
            }
            DuplicateBatch { tp, broker, producer_id, base_sequence, offset } => format!(
                "Broker {broker} sees producer {producer_id}'s sequence {base_sequence} again on {tp}: a duplicate, answered with offset {offset} and not appended."),
            HighWatermark { tp, broker, from, to } => {
                format!("Broker {broker}'s high watermark for {tp} moves {from} → {to}.")
            }
            IsrShrink { tp, removed, isr } => format!("Shrinking ISR: {tp} drops {} and its ISR is now {}.", list(removed), list(isr)),
            IsrExpand { tp, added, isr } => format!("Expanding ISR: {} caught up on {tp}; the ISR is now {}.", list(added), list(isr)),
            LeaderElected { tp, leader, epoch, isr, unclean } => {
                if *unclean {
                    format!("UNCLEAN election: broker {leader} leads {tp} in epoch {epoch} although it was not in the ISR.")
                } else {
                    format!("The controller elects broker {leader} leader of {tp} (epoch {epoch}) from the ISR {}.", list(isr))
                }
            }
            PartitionOffline { tp, isr } => format!("{tp} is offline: no live replica of the ISR {} can lead it.", list(isr)),
            BecameLeader { tp, broker, epoch, leo } => format!("Broker {broker} takes over as leader of {tp} in epoch {epoch}, with LEO {leo}."),
            Truncated { tp, broker, to_offset, removed, .. } => format!(
                "Broker {broker} truncates {tp} to offset {to_offset}, throwing away {removed} record(s) the new leader does not have."),
            BrokerCrashed { broker } => format!("Broker {broker} crashes."),
            BrokerShutdownRequested { broker } => format!("Broker {broker} asks the controller for a controlled shutdown."),
            BrokerStopped { broker } => format!("Broker {broker} stops after handing off its leaderships."),
            BrokerRestarted { broker } => format!("Broker {broker} starts again with the log it had on disk."),
            BrokerFenced { broker } => format!("The controller fences broker {broker}: no heartbeat within broker.session.timeout.ms."),
            BrokerUnfenced { broker } => format!("The controller unfences broker {broker}; it is back in the cluster."),
            NodeIsolated { node } => format!("{node} is cut off from the network."),
            ReplicationStalled { broker, until } => format!("Broker {broker}'s replica fetcher stalls until {until} ms; it is still in the ISR for now."),
            NodeHealed { node } => format!("{node} is reconnected."),
            RecordsSent { producer, tp, records, acks } => format!("Producer {producer} sends {} record(s) to {tp} with acks={}.", records.len(), acks.name()),
            Acknowledged { producer, tp, records, base_offset, acks } => match base_offset {
                Some(o) => format!("Producer {producer} gets its ack (acks={}): {} record(s) at {tp} {}.", acks.name(), records.len(), offsets(*o, records.len() as u64)),
                None => format!("Producer {producer} counts {} record(s) as sent (acks=0 waits for nothing).", records.len()),
            },
            ProduceError { producer, tp, error, will_retry } => {
                if *will_retry {
                    format!("Producer {producer} gets {error} for {tp} and will retry.")
                } else {
                    format!("Producer {producer} gets {error} for {tp} and gives up.")
                }
            }
            DeliveryFailed { producer, records, error, .. } => format!("Producer {producer} reports {} record(s) as failed: {error}.", records.len()),
            RecordsLost { tp, records, acknowledged, reason } => {
                let LossReason::LeaderWithoutRecord { new_leader, unclean, .. } = reason;
                let how = if *unclean { "an unclean election" } else { "failover" };
                format!("{} record(s) of {tp} are lost ({acknowledged} of them acknowledged): new leader {new_leader} never had them ({how}).", records.len())
            }
            ConfigChanged { key, value } => format!("{key} is now {value}."),
            ProducerRestarted { producer, resent } => format!("Producer {producer} restarts with a new producer id and sends its {resent} unacknowledged record(s) again."),
            ProducerFencedByCoordinator { transactional_id, coordinator, epoch } => format!("Coordinator {coordinator} bumps the epoch of transactional.id {transactional_id} to {epoch}: older instances are fenced."),
            TxnStateChanged { transactional_id, state } => format!("Transaction of {transactional_id} is now {state}."),
            MarkerWritten { tp, broker, offset, commit, .. } => format!("Broker {broker} writes {} marker to {tp} at offset {offset}.", if *commit { "a COMMIT" } else { "an ABORT" }),
            TxnEnded { producer, commit, records } => format!("Producer {producer} {} its transaction of {} record(s).", if *commit { "commits" } else { "aborts" }, records.len()),
            ProducerFenced { producer, error } => format!("Producer {producer} is fenced ({error}): a newer instance with the same transactional.id took over."),
            GroupStateChanged { group, state } => format!("Group {group} is now {state}."),
            GroupLoaded { group, broker, offsets } => format!("Broker {broker} becomes group {group}'s coordinator and loads its {offsets} committed offsets from __consumer_offsets."),
            RebalanceStarted { group, reason } => format!("Group {group} starts a rebalance: {reason}."),
            RebalanceJoined { group, generation, leader, members } => format!("Group {group} generation {generation}: {} member(s) joined, {leader} leads and assigns.", members.len()),
            StaticMemberRejoined { group, instance_id } => format!("Static member {instance_id} is back in group {group} in time: no rebalance."),
            MemberExpired { group, member_id } => format!("Group {group} drops {member_id}: no heartbeat within session.timeout.ms."),
            OffsetsCommitted { group, offsets } => format!("Group {group} commits {}.", offsets.iter().map(|(tp, o)| format!("{tp}@{o}")).collect::<Vec<_>>().join(", ")),
            PartitionsAssigned { consumer, partitions, .. } => format!("Consumer {consumer} is assigned {}.", tps(partitions)),
            PartitionsRevoked { consumer, partitions, .. } => format!("Consumer {consumer} gives up {}.", tps(partitions)),
            RecordsConsumed { consumer, records, .. } => format!("Consumer {consumer} processes {} record(s).", records.len()),
            PollIntervalExceeded { consumer, .. } => format!("Consumer {consumer} did not poll within max.poll.interval.ms and leaves the group."),
            CommitFailed { consumer, error, .. } => format!("Consumer {consumer}'s offset commit fails: {error}."),
            CommitRetried { consumer, error, backoff_ms, .. } => format!("Consumer {consumer}'s commitSync gets {error} and retries in {backoff_ms} ms; its poll loop waits."),
            ConsumerStarted { consumer, group } => format!("Consumer {consumer} starts in group {group}."),
            ConsumerCrashed { consumer } => format!("Consumer {consumer} crashes without leaving the group."),
            ConsumerStalled { consumer, until } => format!("Consumer {consumer} stops polling until {until} ms (a long pause)."),
            ConsumerSlowed { consumer, ms_per_record } => format!("Consumer {consumer} now needs {ms_per_record} ms per record."),
            NoOffsetForPartition { consumer, tp } => format!("Consumer {consumer} has no committed offset for {tp} and auto.offset.reset=none: NoOffsetForPartitionException."),
            LogCleaned { tp, broker, first_dirty, cleaned_to, dirty_ratio_permille, offsets, tombstones, .. } => format!(
                "Broker {broker}'s log cleaner compacts {tp} (dirty ratio {}.{}% > min.cleanable.dirty.ratio): {offsets} older value(s) removed, {tombstones} of them expired tombstone(s); the dirty head {first_dirty}..{} is now clean.",
                dirty_ratio_permille / 10, dirty_ratio_permille % 10, cleaned_to.saturating_sub(1)),
            SegmentsDeleted { tp, broker, from, to, segments, breach, .. } => format!(
                "Broker {broker} deletes {segments} old segment(s) of {tp} ({}): offsets {from}..{} are gone and the log now starts at {to}.",
                match breach {
                    Breach::Time => "older than retention.ms", Breach::Size => "over retention.bytes",
                    Breach::LeaderStart => "the leader's log start offset moved",
                }, to.saturating_sub(1)),
            OffsetReset { consumer, tp, from, to: Some(to), policy } => format!(
                "Consumer {consumer}'s offset {from} on {tp} is out of range (OFFSET_OUT_OF_RANGE): auto.offset.reset={policy} moves it to {to}."),
            OffsetReset { consumer, tp, from, to: None, .. } => format!(
                "Consumer {consumer}'s offset {from} on {tp} is out of range and auto.offset.reset=none: OffsetOutOfRangeException, the partition is not read."),
            ConsumerStopped { consumer } => format!("Consumer {consumer} closes."),
            PartitionsAdded { topic, from, to } => format!("Topic {topic} grows from {from} to {to} partitions; keys may now map to other partitions."),
            PreferredElection { elected, not_needed, not_available } => format!(
                "Preferred leader election: {} move(s) back to the preferred replica, {} already led by it, {} where it cannot lead now.",
                elected.len(), not_needed.len(), not_available.len()),
            ReassignmentStarted { tp, from, to } => format!("Reassigning {tp} from {} to {}: the new replicas start fetching.", list(from), list(to)),
            ReassignmentCompleted { tp, replicas } => format!("The reassignment of {tp} completes: its replicas are now {}.", list(replicas)),
            ReassignmentCancelled { tp, replicas } => format!("The reassignment of {tp} is cancelled: it is back on {}, and the replicas it was adding are dropped.", list(replicas)),
            ReplicaDeleted { tp, broker } => format!("Broker {broker} no longer hosts {tp} and deletes its replica."),
            DropArmed { kind } => format!("The next {} will be dropped.", kind.name()),
            ZkServerChanged { server, running, up, servers, quorum } => format!(
                "ZooKeeper server {server} {}: {up} of {servers} run, {}.", if *running { "starts" } else { "stops" },
                if *quorum { "a majority, so the ensemble serves" } else { "no majority: no session expires and no metadata can change" }),
            ZkSessionExpired { broker } => format!("ZooKeeper expires broker {broker}'s session: its /brokers/ids znode is gone and the controller's watch fires."),
            ControllerElected { broker, epoch } => format!("Broker {broker} creates /controller and becomes the controller (controller epoch {epoch})."),
            BrokerAddressesChanged { brokers } => format!("Brokers move to new addresses ({}): clients only learn them from their next Metadata response.",
                brokers.iter().map(|(b, a)| format!("{b} → {a}")).collect::<Vec<_>>().join(", ")),
            ProcessingFailed { consumer, tp, offset, attempt, next, .. } => format!("Consumer {consumer} fails to process {tp} offset {offset} (attempt {attempt}); {}.", match next.as_str() {
                "skip" => "it logs the record and skips it",
                "dead-letter" => "it sends the record to the dead-letter topic",
                "release" => "it releases the record (RELEASE) for another delivery, and goes on with the rest",
                "reject" => "it rejects the record (REJECT): archived, never delivered again",
                _ => "it seeks back and will try again, so everything behind it waits",
            }),
            DeadLettered { consumer, tp, offset, to_topic, .. } => format!("Consumer {consumer} writes {tp} offset {offset} to {to_topic} and goes on."),
            ProducerEpochBumped { producer, producer_id, epoch } => format!("Producer {producer} bumps producer id {producer_id} to epoch {epoch} after a failed batch, so its sequences start again at 0."),
            ClientRebootstrapped { producer } => format!("Producer {producer} reaches none of the brokers it knew and resolves bootstrap.servers again (metadata.recovery.strategy=rebootstrap)."),
            ShareMemberJoined { group, member_id } => format!("Member {member_id} joins share group {group}: no rebalance barrier, nobody stops."),
            ShareGroupAssigned { group, epoch, members } => format!("Share group {group} epoch {epoch}: {}.", members.iter()
                .map(|(m, ps)| format!("{m} reads {}", tps(ps))).collect::<Vec<_>>().join(", ")),
            ShareRecordsAcquired { consumer, tp, offsets, .. } => format!("Consumer {consumer} acquires {tp} {} (locked for group.share.record.lock.duration.ms).", offsets_text(offsets, |n| format!("delivery {n}"))),
            ShareRecordsChanged { consumer, tp, cause, changes, .. } => {
                let list = changes.iter().map(|(o, s, n)| format!("offset {o} → {s} (delivery {n})")).collect::<Vec<_>>().join(", ");
                let c = consumer.map_or(String::from("A member"), |c| format!("Consumer {c}"));
                match cause.as_str() {
                    "lock timeout" => format!("The acquisition lock on {tp} runs out: {list}."),
                    "session closed" => format!("{c} closes its share session, so what it held on {tp} goes back: {list}."),
                    _ => format!("{c} acknowledges {tp} with {cause}: {list}."),
                }
            }
            StaleControllerEpoch { broker, kind, epoch, current } => format!(
                "Broker {broker} refuses a {} from controller epoch {epoch}: it already follows epoch {current} (STALE_CONTROLLER_EPOCH).", kind.name()),
        }
    }

    fn text_ko(&self) -> String {
        use EventKind::*;
        match self {
            Sent { from, to, summary, .. } => format!("{}가 {}에게 {summary}를 보냅니다.", node_ko(from), node_ko(to)),
            Delivered { from, to, summary, .. } => format!("{}가 {}의 {summary}를 받습니다.", node_ko(to), node_ko(from)),
            Dropped { from, to, kind, reason, .. } => match reason {
                DropReason::Dropped => format!("{}→{} {} 메시지가 네트워크에서 버려집니다.", node_ko(from), node_ko(to), kind.name()),
                DropReason::Isolated => format!("{}→{} {} 메시지가 사라집니다: 노드가 고립되어 있습니다.", node_ko(from), node_ko(to), kind.name()),
                DropReason::NodeDown => format!("{}의 {}가 {}에 닿지 못합니다: 다운 상태입니다.", node_ko(from), kind.name(), node_ko(to)),
            },
            Appended { tp, broker, first_offset, count, epoch, leader, .. } => {
                let role = if *leader { "리더" } else { "팔로워" };
                format!("브로커 {broker}({role})가 {tp}에 {}를 leader epoch {epoch}로 기록합니다.", offsets(*first_offset, *count))
            }
            DuplicateBatch { tp, broker, producer_id, base_sequence, offset } => format!(
                "브로커 {broker}가 {tp}에서 프로듀서 {producer_id}의 sequence {base_sequence}를 다시 받습니다: 중복이므로 기록하지 않고 offset {offset}로 응답합니다."),
            HighWatermark { tp, broker, from, to } => format!("브로커 {broker}의 {tp} high watermark가 {from} → {to}로 올라갑니다."),
            IsrShrink { tp, removed, isr } => format!("Shrinking ISR: {tp}에서 {}가 빠져 ISR은 {}입니다.", list(removed), list(isr)),
            IsrExpand { tp, added, isr } => format!("Expanding ISR: {}가 {tp}를 따라잡아 ISR은 {}입니다.", list(added), list(isr)),
            LeaderElected { tp, leader, epoch, isr, unclean } => {
                if *unclean {
                    format!("언클린 선출: ISR이 아니던 브로커 {leader}가 {tp}의 리더가 됩니다 (epoch {epoch}).")
                } else {
                    format!("컨트롤러가 ISR {} 중에서 브로커 {leader}를 {tp}의 리더로 선출합니다 (epoch {epoch}).", list(isr))
                }
            }
            PartitionOffline { tp, isr } => format!("{tp}가 오프라인입니다: ISR {} 중 살아 있는 레플리카가 없습니다.", list(isr)),
            BecameLeader { tp, broker, epoch, leo } => format!("브로커 {broker}가 epoch {epoch}에서 {tp}의 리더 역할을 시작합니다 (LEO {leo})."),
            Truncated { tp, broker, to_offset, removed, .. } => format!(
                "브로커 {broker}가 {tp}를 offset {to_offset}까지 잘라내어, 새 리더에 없는 레코드 {removed}개를 버립니다."),
            BrokerCrashed { broker } => format!("브로커 {broker}가 장애로 죽습니다."),
            BrokerShutdownRequested { broker } => format!("브로커 {broker}가 컨트롤러에 controlled shutdown을 요청합니다."),
            BrokerStopped { broker } => format!("브로커 {broker}가 리더를 넘긴 뒤 정지합니다."),
            BrokerRestarted { broker } => format!("브로커 {broker}가 디스크에 남은 로그로 다시 시작합니다."),
            BrokerFenced { broker } => format!("컨트롤러가 브로커 {broker}를 펜싱합니다: broker.session.timeout.ms 동안 heartbeat가 없었습니다."),
            BrokerUnfenced { broker } => format!("컨트롤러가 브로커 {broker}의 펜싱을 풉니다. 클러스터에 복귀합니다."),
            NodeIsolated { node } => format!("{}가 네트워크에서 고립됩니다.", node_ko(node)),
            ReplicationStalled { broker, until } => format!("브로커 {broker}의 replica fetcher가 {until} ms까지 멈춥니다. 아직은 ISR에 남아 있습니다."),
            NodeHealed { node } => format!("{}의 네트워크가 복구됩니다.", node_ko(node)),
            RecordsSent { producer, tp, records, acks } => format!("프로듀서 {producer}가 acks={}로 {tp}에 레코드 {}개를 보냅니다.", acks.name(), records.len()),
            Acknowledged { producer, tp, records, base_offset, acks } => match base_offset {
                Some(o) => format!("프로듀서 {producer}가 ack를 받습니다 (acks={}): {tp}의 {}에 레코드 {}개.", acks.name(), offsets(*o, records.len() as u64), records.len()),
                None => format!("프로듀서 {producer}는 레코드 {}개를 보낸 것으로 칩니다 (acks=0은 아무것도 기다리지 않습니다).", records.len()),
            },
            ProduceError { producer, tp, error, will_retry } => {
                if *will_retry {
                    format!("프로듀서 {producer}가 {tp}에 대해 {error}를 받고 재시도합니다.")
                } else {
                    format!("프로듀서 {producer}가 {tp}에 대해 {error}를 받고 포기합니다.")
                }
            }
            DeliveryFailed { producer, records, error, .. } => format!("프로듀서 {producer}가 레코드 {}개를 실패로 보고합니다: {error}.", records.len()),
            RecordsLost { tp, records, acknowledged, reason } => {
                let LossReason::LeaderWithoutRecord { new_leader, unclean, .. } = reason;
                let how = if *unclean { "언클린 선출" } else { "리더 교체" };
                format!("{tp}의 레코드 {}개가 유실됩니다 (그중 ack된 것 {acknowledged}개): 새 리더 {new_leader}에는 처음부터 없었습니다 ({how}).", records.len())
            }
            ConfigChanged { key, value } => format!("{key} 값이 이제 {value}입니다."),
            ProducerRestarted { producer, resent } => format!("프로듀서 {producer}가 새 producer id로 재시작하고, ack받지 못한 레코드 {resent}개를 다시 보냅니다."),
            ProducerFencedByCoordinator { transactional_id, coordinator, epoch } => format!("코디네이터 {coordinator}가 transactional.id {transactional_id}의 epoch를 {epoch}로 올립니다: 이전 인스턴스는 펜싱됩니다."),
            TxnStateChanged { transactional_id, state } => format!("{transactional_id}의 트랜잭션 상태가 {state}가 됩니다."),
            MarkerWritten { tp, broker, offset, commit, .. } => format!("브로커 {broker}가 {tp}의 offset {offset}에 {} 마커를 씁니다.", if *commit { "COMMIT" } else { "ABORT" }),
            TxnEnded { producer, commit, records } => format!("프로듀서 {producer}가 레코드 {}개의 트랜잭션을 {}합니다.", records.len(), if *commit { "커밋" } else { "abort" }),
            ProducerFenced { producer, error } => format!("프로듀서 {producer}가 펜싱됩니다 ({error}): 같은 transactional.id의 새 인스턴스가 자리를 넘겨받았습니다."),
            GroupStateChanged { group, state } => format!("그룹 {group}의 상태가 {state}가 됩니다."),
            GroupLoaded { group, broker, offsets } => format!("브로커 {broker}가 그룹 {group}의 코디네이터가 되어 __consumer_offsets에서 커밋된 offset {offsets}개를 읽어 들입니다."),
            RebalanceStarted { group, reason } => format!("그룹 {group}가 리밸런스를 시작합니다: {reason}."),
            RebalanceJoined { group, generation, leader, members } => format!("그룹 {group} generation {generation}: 멤버 {}명이 참여했고 {leader}가 리더로서 할당합니다.", members.len()),
            StaticMemberRejoined { group, instance_id } => format!("정적 멤버 {instance_id}가 제때 그룹 {group}에 돌아왔습니다: 리밸런스가 없습니다."),
            MemberExpired { group, member_id } => format!("그룹 {group}가 {member_id}를 내보냅니다: session.timeout.ms 동안 heartbeat가 없었습니다."),
            OffsetsCommitted { group, offsets } => format!("그룹 {group}가 offset을 커밋합니다: {}.", offsets.iter().map(|(tp, o)| format!("{tp}@{o}")).collect::<Vec<_>>().join(", ")),
            PartitionsAssigned { consumer, partitions, .. } => format!("컨슈머 {consumer}가 {}를 할당받습니다.", tps(partitions)),
            PartitionsRevoked { consumer, partitions, .. } => format!("컨슈머 {consumer}가 {}를 내려놓습니다.", tps(partitions)),
            RecordsConsumed { consumer, records, .. } => format!("컨슈머 {consumer}가 레코드 {}개를 처리합니다.", records.len()),
            PollIntervalExceeded { consumer, .. } => format!("컨슈머 {consumer}가 max.poll.interval.ms 안에 poll하지 못해 그룹을 떠납니다."),
            CommitFailed { consumer, error, .. } => format!("컨슈머 {consumer}의 offset 커밋이 실패합니다: {error}."),
            CommitRetried { consumer, error, backoff_ms, .. } => format!("컨슈머 {consumer}의 commitSync가 {error} 오류로 실패해 {backoff_ms}ms 뒤에 다시 시도합니다. 그동안 poll 루프는 기다립니다."),
            ConsumerStarted { consumer, group } => format!("컨슈머 {consumer}가 그룹 {group}에서 시작합니다."),
            ConsumerCrashed { consumer } => format!("컨슈머 {consumer}가 그룹을 떠나지 못한 채 죽습니다."),
            ConsumerStalled { consumer, until } => format!("컨슈머 {consumer}가 {until} ms까지 poll을 멈춥니다 (긴 멈춤)."),
            ConsumerSlowed { consumer, ms_per_record } => format!("컨슈머 {consumer}가 이제 레코드 하나에 {ms_per_record} ms씩 걸립니다."),
            NoOffsetForPartition { consumer, tp } => format!("컨슈머 {consumer}는 {tp}의 commit된 offset이 없고 auto.offset.reset=none이라 NoOffsetForPartitionException이 납니다."),
            LogCleaned { tp, broker, first_dirty, cleaned_to, dirty_ratio_permille, offsets, tombstones, .. } => format!(
                "브로커 {broker}의 로그 클리너가 {tp}를 compaction합니다 (dirty 비율 {}.{}% > min.cleanable.dirty.ratio): 옛 값 {offsets}개를 지웠고 그중 {tombstones}개는 기한이 지난 tombstone입니다. dirty head {first_dirty}..{}이 이제 clean입니다.",
                dirty_ratio_permille / 10, dirty_ratio_permille % 10, cleaned_to.saturating_sub(1)),
            SegmentsDeleted { tp, broker, from, to, segments, breach, .. } => format!(
                "브로커 {broker}가 {tp}의 오래된 segment {segments}개를 지웁니다 ({}): offset {from}..{}이 사라지고 로그는 이제 {to}부터 시작합니다.",
                match breach {
                    Breach::Time => "retention.ms보다 오래됨", Breach::Size => "retention.bytes 초과",
                    Breach::LeaderStart => "리더의 log start offset이 앞으로 감",
                }, to.saturating_sub(1)),
            OffsetReset { consumer, tp, from, to: Some(to), policy } => format!(
                "컨슈머 {consumer}의 {tp} offset {from}이 범위를 벗어나 (OFFSET_OUT_OF_RANGE) auto.offset.reset={policy}에 따라 {to}로 옮겨집니다."),
            OffsetReset { consumer, tp, from, to: None, .. } => format!(
                "컨슈머 {consumer}의 {tp} offset {from}이 범위를 벗어났고 auto.offset.reset=none이라 OffsetOutOfRangeException이 나서 이 파티션을 읽지 않습니다."),
            ConsumerStopped { consumer } => format!("컨슈머 {consumer}가 종료합니다."),
            PartitionsAdded { topic, from, to } => format!("토픽 {topic}의 파티션이 {from}개에서 {to}개로 늘어납니다. 같은 key도 다른 파티션으로 갈 수 있습니다."),
            PreferredElection { elected, not_needed, not_available } => format!(
                "preferred leader election: {}개 파티션이 preferred replica로 leader를 옮기고, {}개는 이미 그 레플리카가 leader이며, {}개는 지금 옮길 수 없습니다.",
                elected.len(), not_needed.len(), not_available.len()),
            ReassignmentStarted { tp, from, to } => format!("{tp}를 {}에서 {}로 재배치합니다: 새 레플리카가 fetch를 시작합니다.", list(from), list(to)),
            ReassignmentCompleted { tp, replicas } => format!("{tp} 재배치가 끝나 레플리카가 이제 {}입니다.", list(replicas)),
            ReassignmentCancelled { tp, replicas } => format!("{tp} 재배치가 취소되어 다시 {}에 있고, 추가하던 레플리카는 빠집니다.", list(replicas)),
            ReplicaDeleted { tp, broker } => format!("브로커 {broker}는 더 이상 {tp}를 맡지 않아 레플리카를 지웁니다."),
            DropArmed { kind } => format!("다음 {} 메시지를 버립니다.", kind.name()),
            ZkServerChanged { server, running, up, servers, quorum } => format!(
                "ZooKeeper 서버 {server}가 {}: {servers}대 중 {up}대가 돌고 있어 {}.", if *running { "시작합니다" } else { "멈춥니다" },
                if *quorum { "과반수이므로 앙상블이 동작합니다" } else { "과반수가 아닙니다. 세션도 만료되지 않고 메타데이터도 바뀔 수 없습니다" }),
            ZkSessionExpired { broker } => format!("ZooKeeper가 브로커 {broker}의 세션을 만료시킵니다. /brokers/ids znode가 사라지고 컨트롤러의 watch가 울립니다."),
            ControllerElected { broker, epoch } => format!("브로커 {broker}가 /controller를 만들어 컨트롤러가 됩니다 (controller epoch {epoch})."),
            BrokerAddressesChanged { brokers } => format!("브로커들이 새 주소로 옮깁니다 ({}). 클라이언트는 다음 Metadata 응답에서야 알게 됩니다.",
                brokers.iter().map(|(b, a)| format!("{b} → {a}")).collect::<Vec<_>>().join(", ")),
            ProcessingFailed { consumer, tp, offset, attempt, next, .. } => format!("컨슈머 {consumer}가 {tp} offset {offset}을 처리하지 못합니다 ({attempt}번째). {}.", match next.as_str() {
                "skip" => "로그를 남기고 건너뜁니다",
                "dead-letter" => "레코드를 dead-letter 토픽으로 보냅니다",
                "release" => "레코드를 돌려주고(RELEASE) 다시 배달되게 한 뒤 나머지를 계속 처리합니다",
                "reject" => "레코드를 거부합니다(REJECT). 보관(archived)되어 다시는 배달되지 않습니다",
                _ => "되돌아가 다시 시도하므로 뒤의 레코드가 모두 기다립니다",
            }),
            DeadLettered { consumer, tp, offset, to_topic, .. } => format!("컨슈머 {consumer}가 {tp} offset {offset}을 {to_topic}에 쓰고 계속 진행합니다."),
            ProducerEpochBumped { producer, producer_id, epoch } => format!("프로듀서 {producer}가 실패한 배치 뒤에 producer id {producer_id}의 epoch를 {epoch}로 올려 시퀀스를 0부터 다시 시작합니다."),
            ClientRebootstrapped { producer } => format!("프로듀서 {producer}가 알던 브로커 중 어디에도 닿지 못해 bootstrap.servers를 다시 조회합니다 (metadata.recovery.strategy=rebootstrap)."),
            ShareMemberJoined { group, member_id } => format!("멤버 {member_id}가 공유 그룹 {group}에 들어옵니다. 리밸런스 장벽이 없어 아무도 멈추지 않습니다."),
            ShareGroupAssigned { group, epoch, members } => format!("공유 그룹 {group} epoch {epoch}: {}.", members.iter()
                .map(|(m, ps)| format!("{m} → {}", tps(ps))).collect::<Vec<_>>().join(", ")),
            ShareRecordsAcquired { consumer, tp, offsets, .. } => format!("컨슈머 {consumer}가 {tp} {}를 획득합니다 (group.share.record.lock.duration.ms 동안 잠금).", offsets_text(offsets, |n| format!("배달 {n}회"))),
            ShareRecordsChanged { consumer, tp, cause, changes, .. } => {
                let list = changes.iter().map(|(o, s, n)| format!("offset {o} → {s} (배달 {n}회)")).collect::<Vec<_>>().join(", ");
                let c = consumer.map_or(String::from("멤버"), |c| format!("컨슈머 {c}"));
                match cause.as_str() {
                    "lock timeout" => format!("{tp}의 획득 잠금이 끝납니다: {list}."),
                    "session closed" => format!("{c}가 공유 세션을 닫아 {tp}에서 쥐고 있던 레코드가 돌아갑니다: {list}."),
                    _ => format!("{c}가 {tp}를 {cause}로 승인합니다: {list}."),
                }
            }
            StaleControllerEpoch { broker, kind, epoch, current } => format!(
                "브로커 {broker}가 controller epoch {epoch}의 {}를 거부합니다. 이미 epoch {current}를 따릅니다 (STALE_CONTROLLER_EPOCH).", kind.name()),
        }
    }
}

/// "offset 3, 4, 5 (delivery 2)": a record delivered more than once shows its delivery count.
fn offsets_text(offsets: &[(u64, u32)], count: impl Fn(u32) -> String) -> String {
    let list = offsets.iter().map(|(o, n)| if *n > 1 { format!("{o} ({})", count(*n)) } else { o.to_string() }).collect::<Vec<_>>().join(", ");
    format!("offset {list}")
}
