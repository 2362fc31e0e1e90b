//! Every UI string, in English and Korean. Kafka terms (ISR, acks, offset, leader epoch, HW,
//! LEO) stay in English in the Korean text, as Korean Kafka users write them.

use crate::sim::event::LossReason;
use crate::sim::ledger::RecordState;
use crate::sim::Lang;

/// Fixed UI strings for one language.
pub struct Strings {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub lang_toggle: &'static str,
    pub lang_toggle_label: &'static str,
    pub dismiss: &'static str,
    // controls
    pub controls: &'static str,
    pub step: &'static str,
    pub step_notable: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub speed: &'static str,
    pub reset: &'static str,
    pub seed: &'static str,
    pub replay_seed: &'static str,
    pub replay_actions: &'static str,
    pub virtual_time: &'static str,
    pub position: &'static str,
    pub actions_so_far: &'static str,
    // producer
    pub producer: &'static str,
    pub acks_help: &'static str,
    pub key: &'static str,
    pub key_placeholder: &'static str,
    pub partition: &'static str,
    pub any_partition: &'static str,
    pub produce_1: &'static str,
    pub produce_n: &'static str,
    pub idempotent: &'static str,
    pub pending: &'static str,
    pub last_error: &'static str,
    pub none: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    // board
    pub cluster: &'static str,
    pub network: &'static str,
    pub broker: &'static str,
    pub controller: &'static str,
    pub rack: &'static str,
    pub fenced: &'static str,
    pub leads: &'static str,
    pub crash: &'static str,
    pub stop: &'static str,
    pub restart: &'static str,
    pub crash_leader_p0: &'static str,
    pub leader: &'static str,
    pub no_leader: &'static str,
    pub epoch: &'static str,
    pub in_isr: &'static str,
    pub out_of_isr: &'static str,
    pub down: &'static str,
    pub under_replicated: &'static str,
    pub legend: &'static str,
    pub legend_committed: &'static str,
    pub legend_uncommitted: &'static str,
    pub legend_acked: &'static str,
    pub legend_lost: &'static str,
    pub in_flight: &'static str,
    pub nothing_in_flight: &'static str,
    pub drop: &'static str,
    pub doomed: &'static str,
    // events
    pub events: &'static str,
    pub hide_wire: &'static str,
    pub no_events: &'static str,
    // ledger
    pub ledger: &'static str,
    pub produced: &'static str,
    pub acknowledged: &'static str,
    pub committed: &'static str,
    pub acknowledged_lost: &'static str,
    pub lost: &'static str,
    pub duplicated: &'static str,
    pub failed: &'static str,
    pub col_id: &'static str,
    pub col_key: &'static str,
    pub col_partition: &'static str,
    pub col_offset: &'static str,
    pub col_state: &'static str,
    pub col_why: &'static str,
    pub no_records: &'static str,
    pub older_hidden: &'static str,
    pub noscript_hint: &'static str,
}

pub const EN: Strings = Strings {
    title: "Kafka Playground",
    subtitle: "A deterministic Kafka cluster in your browser. Produce, crash a broker, and step through what happens.",
    lang_toggle: "한국어",
    lang_toggle_label: "한국어: switch language to Korean",
    dismiss: "Dismiss",
    controls: "Time",
    step: "Step",
    step_notable: "Step to next notable",
    play: "Play",
    pause: "Pause",
    speed: "Speed",
    reset: "Reset",
    seed: "Seed",
    replay_seed: "Replay with this seed",
    replay_actions: "Replay my actions",
    virtual_time: "Virtual time",
    position: "Position",
    actions_so_far: "Actions",
    producer: "Producer",
    acks_help: "acks: how many replicas must have a record before the producer hears \"done\"",
    key: "Key",
    key_placeholder: "empty = no key",
    partition: "Partition",
    any_partition: "any (partitioner)",
    produce_1: "Produce 1",
    produce_n: "Produce 10",
    idempotent: "Idempotent",
    pending: "Pending",
    last_error: "Last error",
    none: "none",
    yes: "yes",
    no: "no",
    cluster: "Cluster",
    network: "Network: messages on the wire",
    broker: "Broker",
    controller: "Controller",
    rack: "rack",
    fenced: "fenced",
    leads: "leads",
    crash: "Crash",
    stop: "Graceful stop",
    restart: "Restart",
    crash_leader_p0: "Crash leader of orders-0",
    leader: "leader",
    no_leader: "no leader",
    epoch: "leader epoch",
    in_isr: "ISR",
    out_of_isr: "out of ISR",
    down: "down",
    under_replicated: "under-replicated",
    legend: "Legend",
    legend_committed: "committed (below HW)",
    legend_uncommitted: "not yet committed (above HW)",
    legend_acked: "acknowledged to the producer",
    legend_lost: "lost",
    in_flight: "On the wire",
    nothing_in_flight: "Nothing on the wire.",
    drop: "Drop",
    doomed: "will be dropped",
    events: "What happened",
    hide_wire: "Hide plain sends and receives",
    no_events: "Nothing yet. Press Step.",
    ledger: "Ledger: the life of every record",
    produced: "produced",
    acknowledged: "acknowledged",
    committed: "committed",
    acknowledged_lost: "acknowledged but lost",
    lost: "lost",
    duplicated: "duplicated",
    failed: "failed",
    col_id: "Record",
    col_key: "Key",
    col_partition: "Partition",
    col_offset: "Offset",
    col_state: "State",
    col_why: "What happened to it",
    no_records: "No records yet. Produce some.",
    older_hidden: "older records not shown",
    noscript_hint: "Kafka Playground needs JavaScript and WebAssembly.",
};

pub const KO: Strings = Strings {
    title: "Kafka Playground",
    subtitle: "브라우저 안의 결정적(deterministic) Kafka 클러스터입니다. 레코드를 보내고, 브로커를 죽이고, 무슨 일이 일어나는지 한 단계씩 살펴보세요.",
    lang_toggle: "EN",
    lang_toggle_label: "EN: 영어로 전환",
    dismiss: "닫기",
    controls: "시간",
    step: "한 단계",
    step_notable: "다음 주요 사건까지",
    play: "재생",
    pause: "일시정지",
    speed: "속도",
    reset: "처음부터",
    seed: "Seed",
    replay_seed: "이 seed로 다시 실행",
    replay_actions: "내 조작 다시 재생",
    virtual_time: "가상 시간",
    position: "위치",
    actions_so_far: "조작",
    producer: "프로듀서",
    acks_help: "acks: 프로듀서가 \"완료\"를 듣기 전에 레코드를 가져야 하는 레플리카 수",
    key: "Key",
    key_placeholder: "비우면 key 없음",
    partition: "파티션",
    any_partition: "자동 (partitioner)",
    produce_1: "1개 보내기",
    produce_n: "10개 보내기",
    idempotent: "Idempotent",
    pending: "대기 중",
    last_error: "마지막 오류",
    none: "없음",
    yes: "예",
    no: "아니오",
    cluster: "클러스터",
    network: "네트워크: 전송 중인 메시지",
    broker: "브로커",
    controller: "컨트롤러",
    rack: "rack",
    fenced: "펜싱됨",
    leads: "리더 수",
    crash: "장애 (crash)",
    stop: "정상 종료",
    restart: "재시작",
    crash_leader_p0: "orders-0 리더 죽이기",
    leader: "리더",
    no_leader: "리더 없음",
    epoch: "leader epoch",
    in_isr: "ISR",
    out_of_isr: "ISR 밖",
    down: "다운",
    under_replicated: "복제 부족",
    legend: "범례",
    legend_committed: "커밋됨 (HW 아래)",
    legend_uncommitted: "아직 커밋 안 됨 (HW 위)",
    legend_acked: "프로듀서에게 ack됨",
    legend_lost: "유실",
    in_flight: "전송 중",
    nothing_in_flight: "전송 중인 메시지가 없습니다.",
    drop: "버리기",
    doomed: "버려질 예정",
    events: "일어난 일",
    hide_wire: "단순 송수신 숨기기",
    no_events: "아직 아무 일도 없습니다. '한 단계'를 누르세요.",
    ledger: "원장(ledger): 모든 레코드의 일생",
    produced: "보냄",
    acknowledged: "ack됨",
    committed: "커밋됨",
    acknowledged_lost: "ack됐지만 유실",
    lost: "유실",
    duplicated: "중복",
    failed: "실패",
    col_id: "레코드",
    col_key: "Key",
    col_partition: "파티션",
    col_offset: "Offset",
    col_state: "상태",
    col_why: "무슨 일이 있었나",
    no_records: "아직 레코드가 없습니다. 보내 보세요.",
    older_hidden: "개의 이전 레코드는 표시하지 않습니다",
    noscript_hint: "Kafka Playground는 JavaScript와 WebAssembly가 필요합니다.",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}

/// A broker's status, as a word (the board also shows it by shape).
pub fn status_label(lang: Lang, status: crate::sim::broker::BrokerStatus) -> &'static str {
    use crate::sim::broker::BrokerStatus::*;
    match (lang, status) {
        (Lang::En, Running) => "running",
        (Lang::En, ShuttingDown) => "shutting down",
        (Lang::En, Stopped) => "stopped",
        (Lang::En, Crashed) => "crashed",
        (Lang::Ko, Running) => "실행 중",
        (Lang::Ko, ShuttingDown) => "종료 중",
        (Lang::Ko, Stopped) => "정지됨",
        (Lang::Ko, Crashed) => "장애",
    }
}

pub fn state_label(lang: Lang, s: RecordState) -> &'static str {
    use RecordState::*;
    match (lang, s) {
        (Lang::En, Sent) => "sent",
        (Lang::En, Appended) => "appended",
        (Lang::En, Acknowledged) => "acknowledged",
        (Lang::En, Committed) => "committed",
        (Lang::En, Failed) => "failed",
        (Lang::En, Lost) => "lost",
        (Lang::Ko, Sent) => "보냄",
        (Lang::Ko, Appended) => "기록됨",
        (Lang::Ko, Acknowledged) => "ack됨",
        (Lang::Ko, Committed) => "커밋됨",
        (Lang::Ko, Failed) => "실패",
        (Lang::Ko, Lost) => "유실",
    }
}

/// Why a record is gone, in one sentence, e.g. "acknowledged at offset 2 (acks=1), lost when
/// broker 2 became leader of orders-0 in epoch 1 without it".
pub fn loss_sentence(lang: Lang, acked_offset: Option<Option<u64>>, acks: &str, tp: &str, reason: &LossReason) -> String {
    let LossReason::LeaderWithoutRecord { new_leader, epoch, unclean } = reason;
    match lang {
        Lang::En => {
            let first = match acked_offset {
                Some(Some(o)) => format!("acknowledged at offset {o} (acks={acks})"),
                Some(None) => format!("counted as sent (acks={acks})"),
                None => "never acknowledged".to_string(),
            };
            let how = if *unclean { " (unclean election)" } else { "" };
            format!("{first}, lost when broker {new_leader} became leader of {tp} in epoch {epoch} without it{how}")
        }
        Lang::Ko => {
            let first = match acked_offset {
                Some(Some(o)) => format!("offset {o}에서 ack됨 (acks={acks})"),
                Some(None) => format!("보낸 것으로 처리됨 (acks={acks})"),
                None => "ack되지 않음".to_string(),
            };
            let how = if *unclean { " (언클린 선출)" } else { "" };
            format!("{first}. 이 레코드가 없는 브로커 {new_leader}가 epoch {epoch}에서 {tp}의 리더가 되면서 유실{how}")
        }
    }
}

/// The live-region announcement for records lost.
pub fn announce_lost(lang: Lang, tp: &str, n: usize, acked: u64) -> String {
    match lang {
        Lang::En => format!("{n} record(s) of {tp} lost, {acked} of them acknowledged."),
        Lang::Ko => format!("{tp}의 레코드 {n}개 유실, 그중 {acked}개는 ack된 레코드입니다."),
    }
}

pub fn speed_label(lang: Lang, factor: f64) -> String {
    let f = super::format::speed_text(factor);
    match lang {
        Lang::En => format!("{f}× (virtual ms per real ms)"),
        Lang::Ko => format!("{f}× (실제 1ms당 가상 ms)"),
    }
}

pub fn older_hidden(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} {}", EN.older_hidden),
        Lang::Ko => format!("{n}{}", KO.older_hidden),
    }
}

/// Accessible names for per-broker buttons.
pub fn broker_action_label(lang: Lang, verb: &str, broker: u32) -> String {
    match lang {
        Lang::En => format!("{verb} broker {broker}"),
        Lang::Ko => format!("브로커 {broker} {verb}"),
    }
}
