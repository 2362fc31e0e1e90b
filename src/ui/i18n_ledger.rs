//! UI strings for the ledger view's filter, lanes and jumps, English and Korean.

use crate::player::ledger_view::{RecordFilter, Stage};
use crate::sim::Lang;

pub fn filter_label(lang: Lang, f: RecordFilter) -> &'static str {
    use RecordFilter::*;
    match (lang, f) {
        (Lang::En, All) => "all records",
        (Lang::En, Sent) => "sent (not stored yet)",
        (Lang::En, Appended) => "appended",
        (Lang::En, Acknowledged) => "acknowledged",
        (Lang::En, Committed) => "committed",
        (Lang::En, Consumed) => "consumed",
        (Lang::En, Failed) => "failed",
        (Lang::En, Lost) => "lost",
        (Lang::En, AckedLost) => "acknowledged but lost",
        (Lang::En, Truncated) => "truncated",
        (Lang::En, Duplicated) => "duplicated",
        (Lang::Ko, All) => "모든 레코드",
        (Lang::Ko, Sent) => "보냄 (아직 저장 안 됨)",
        (Lang::Ko, Appended) => "기록됨",
        (Lang::Ko, Acknowledged) => "ack됨",
        (Lang::Ko, Committed) => "커밋됨",
        (Lang::Ko, Consumed) => "컨슘됨",
        (Lang::Ko, Failed) => "실패",
        (Lang::Ko, Lost) => "유실",
        (Lang::Ko, AckedLost) => "ack 후 유실",
        (Lang::Ko, Truncated) => "잘림 (truncated)",
        (Lang::Ko, Duplicated) => "중복",
    }
}

pub fn stage_label(lang: Lang, s: Stage) -> &'static str {
    use Stage::*;
    match (lang, s) {
        (Lang::En, Produced) => "produced",
        (Lang::En, Appended) => "appended by the leader",
        (Lang::En, Duplicated) => "stored again (duplicate)",
        (Lang::En, Acknowledged) => "acknowledged",
        (Lang::En, Committed) => "committed (below the HW)",
        (Lang::En, Consumed) => "consumed",
        (Lang::En, Truncated) => "truncated from a replica",
        (Lang::En, Deleted) => "deleted by retention",
        (Lang::En, Compacted) => "compacted away (a newer value for its key)",
        (Lang::En, Lost) => "lost",
        (Lang::En, Failed) => "failed",
        (Lang::Ko, Produced) => "전송",
        (Lang::Ko, Appended) => "리더에 기록",
        (Lang::Ko, Duplicated) => "다시 저장됨 (중복)",
        (Lang::Ko, Acknowledged) => "ack됨",
        (Lang::Ko, Committed) => "커밋됨 (HW 아래)",
        (Lang::Ko, Consumed) => "컨슘됨",
        (Lang::Ko, Truncated) => "레플리카에서 잘림",
        (Lang::Ko, Deleted) => "retention이 지움",
        (Lang::Ko, Compacted) => "compaction으로 지워짐 (같은 key의 새 값)",
        (Lang::Ko, Lost) => "유실",
        (Lang::Ko, Failed) => "실패",
    }
}

pub struct LedgerText {
    pub filter: &'static str,
    pub lane: &'static str,
    pub jump_to_loss: &'static str,
    pub none_match: &'static str,
    /// The button under the table that adds older rows (TABLE_MORE of them).
    pub show_more: &'static str,
}

pub fn ledger_text(lang: Lang) -> LedgerText {
    match lang {
        Lang::En => LedgerText { filter: "Show", lane: "Life", jump_to_loss: "Go to the loss", none_match: "No record matches this filter.", show_more: "Show 100 more" },
        Lang::Ko => LedgerText { filter: "보기", lane: "생애", jump_to_loss: "유실 시점으로", none_match: "이 필터에 맞는 레코드가 없습니다.", show_more: "100개 더 보기" },
    }
}
