//! Words of the share-group views (KIP-932); Kafka's own names (states, configs) stay as they are.

use crate::sim::Lang;

pub struct ShareText {
    pub add: &'static str,
    pub add_hint: &'static str,
    pub badge: &'static str,
    pub strip_caption: &'static str,
    pub legend: &'static str,
    pub held_by: &'static str,
    pub delivery: &'static str,
    pub more: &'static str,
    pub empty: &'static str,
    pub epoch: &'static str,
}

const EN: ShareText = ShareText {
    add: "Add share consumer",
    add_hint: "A KafkaShareConsumer (KIP-932): members of a share group read the same partitions and acknowledge record by record.",
    badge: "share group",
    strip_caption: "In-flight records from the share-partition start offset (SPSO) to the end offset (SPEO)",
    legend: "○ Available · ◐ Acquired (locked for one member) · ✓ Acknowledged · ✕ Archived",
    held_by: "held by consumer",
    delivery: "delivery",
    more: "more in flight",
    empty: "nothing in flight",
    epoch: "member epoch",
};

const KO: ShareText = ShareText {
    add: "공유 컨슈머 추가",
    add_hint: "KafkaShareConsumer(KIP-932): 공유 그룹의 멤버들은 같은 파티션을 읽고 레코드 하나하나를 승인합니다.",
    badge: "공유 그룹",
    strip_caption: "공유 파티션 시작 offset(SPSO)부터 끝 offset(SPEO)까지 처리 중인 레코드",
    legend: "○ Available(가져갈 수 있음) · ◐ Acquired(한 멤버에게 잠김) · ✓ Acknowledged(승인됨) · ✕ Archived(보관됨)",
    held_by: "잡고 있는 컨슈머",
    delivery: "배달",
    more: "건 더 처리 중",
    empty: "처리 중인 레코드 없음",
    epoch: "멤버 epoch",
};

pub fn share_text(lang: Lang) -> &'static ShareText {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}
