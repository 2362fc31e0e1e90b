//! UI strings for the board at scale (the page of partition rows and the topic summary), in
//! English and Korean. Kafka's metric names stay in English in both.

use crate::sim::Lang;

pub fn showing(lang: Lang, shown: usize, total: usize, troubled: usize) -> String {
    match lang {
        Lang::En => format!("Showing {shown} of {total} partitions, partitions with a problem first ({troubled} have one)."),
        Lang::Ko => format!("파티션 {total}개 중 {shown}개를 보여 줍니다. 문제가 있는 파티션이 먼저 나옵니다 (문제 있음: {troubled}개)."),
    }
}

pub fn show_more(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("Show {n} more"),
        Lang::Ko => format!("{n}개 더 보기"),
    }
}

pub fn show_fewer(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Show fewer",
        Lang::Ko => "적게 보기",
    }
}

pub struct SummaryHeads {
    pub caption: &'static str,
    pub topic: &'static str,
    pub partitions: &'static str,
    pub offline: &'static str,
    pub under_min_isr: &'static str,
    pub under_replicated: &'static str,
    pub offline_help: &'static str,
    pub under_min_isr_help: &'static str,
    pub under_replicated_help: &'static str,
}

pub fn summary_heads(lang: Lang) -> &'static SummaryHeads {
    match lang {
        Lang::En => &SummaryHeads {
            caption: "Every topic at a glance",
            topic: "Topic",
            partitions: "Partitions",
            offline: "Offline",
            under_min_isr: "Under min ISR",
            under_replicated: "Under-replicated",
            offline_help: "No leader: neither produce nor fetch works (OfflinePartitionsCount)",
            under_min_isr_help: "ISR smaller than min.insync.replicas: acks=all writes fail with NOT_ENOUGH_REPLICAS (UnderMinIsrPartitionCount)",
            under_replicated_help: "ISR smaller than the replica set, those under min ISR included (UnderReplicatedPartitions)",
        },
        Lang::Ko => &SummaryHeads {
            caption: "토픽별 상태 한눈에 보기",
            topic: "토픽",
            partitions: "파티션",
            offline: "Offline",
            under_min_isr: "Under min ISR",
            under_replicated: "Under-replicated",
            offline_help: "리더가 없어 produce도 fetch도 안 됩니다 (OfflinePartitionsCount)",
            under_min_isr_help: "ISR이 min.insync.replicas보다 작아 acks=all 쓰기가 NOT_ENOUGH_REPLICAS로 실패합니다 (UnderMinIsrPartitionCount)",
            under_replicated_help: "ISR이 레플리카 수보다 작은 파티션, Under min ISR인 것도 포함 (UnderReplicatedPartitions)",
        },
    }
}
