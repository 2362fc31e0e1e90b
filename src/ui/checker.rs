//! The checker panel: `Sim::check()`'s verdict per consumer group as badges (shape and label,
//! not colour alone). A badge with records opens them in the ledger table.

use super::state::Store;
use crate::player::check_view::{rows, Anomaly, Badge, GroupRow, Pick, Verdict};
use crate::sim::Lang;
use leptos::prelude::*;

pub struct CheckText {
    pub title: &'static str,
    pub intro: &'static str,
    pub no_groups: &'static str,
    pub group: &'static str,
    pub consumed: &'static str,
    pub redelivered: &'static str,
    pub exact: &'static str,
    pub held: &'static str,
    pub broken: &'static str,
    pub showing: &'static str,
    pub show_all: &'static str,
    pub cluster: &'static str,
}

pub fn check_text(lang: Lang) -> CheckText {
    match lang {
        Lang::En => CheckText {
            title: "Checker",
            intro: "Every group's deliveries read against the log, as Jepsen's Kafka checker does. Click a badge to list its records in the ledger.",
            no_groups: "No consumer group has read anything yet: add a consumer.",
            group: "Group", consumed: "consumed", redelivered: "redelivered",
            exact: "✓ exactly once, in order", held: "◐ at-least-once held (duplicates or reordering)", broken: "✗ not at-least-once: records lost or skipped",
            showing: "Showing the checker's pick:", show_all: "Show all records",
            cluster: "Cluster",
        },
        Lang::Ko => CheckText {
            title: "검사기",
            intro: "각 그룹이 받은 레코드를 로그와 대조합니다 (Jepsen의 Kafka 검사기처럼). 배지를 누르면 원장에 해당 레코드가 나옵니다.",
            no_groups: "아직 레코드를 읽은 컨슈머 그룹이 없습니다: 컨슈머를 추가하세요.",
            group: "그룹", consumed: "소비", redelivered: "재전달",
            exact: "✓ 정확히 한 번, 순서대로", held: "◐ at-least-once 지켜짐 (중복 또는 순서 뒤바뀜)", broken: "✗ at-least-once 깨짐: 유실 또는 건너뜀",
            showing: "검사기가 고른 레코드:", show_all: "모든 레코드 보기",
            cluster: "클러스터",
        },
    }
}

/// An anomaly's name and what it means, in one line each.
pub fn anomaly_text(lang: Lang, a: Anomaly) -> (&'static str, &'static str) {
    match (lang, a) {
        (Lang::En, Anomaly::Lost) => ("lost", "acknowledged and in the log below where the group read or committed, but never consumed (committed before processing?)"),
        (Lang::En, Anomaly::Duplicated) => ("consumed twice", "consumed more than once: processed, then a crash or rebalance before the commit (the ledger's \"duplicated\" counts records stored twice, a different thing)"),
        (Lang::En, Anomaly::OutOfOrder) => ("out of order", "consumed for the first time after a higher offset of its partition"),
        (Lang::En, Anomaly::Skipped) => ("skipped", "an offset a consumer jumped over"),
        (Lang::En, Anomaly::AckedLost) => ("acknowledged, lost", "the producer got its ack, then the cluster lost the record, so no group can read it"),
        (Lang::Ko, Anomaly::Lost) => ("유실", "ack되어 로그에 있고 그룹이 읽거나 커밋한 위치보다 앞인데 소비되지 않음 (처리 전에 커밋?)"),
        (Lang::Ko, Anomaly::Duplicated) => ("중복 소비", "두 번 이상 소비됨: 처리한 뒤 커밋 전에 장애나 리밸런스 (원장의 \"중복\"은 두 번 저장된 레코드로, 다른 것입니다)"),
        (Lang::Ko, Anomaly::OutOfOrder) => ("순서 뒤바뀜", "같은 파티션의 더 큰 오프셋보다 늦게 처음 소비됨"),
        (Lang::Ko, Anomaly::Skipped) => ("건너뜀", "컨슈머가 건너뛴 오프셋"),
        (Lang::Ko, Anomaly::AckedLost) => ("ack 후 유실", "프로듀서는 ack를 받았지만 클러스터가 레코드를 잃어 어떤 그룹도 읽을 수 없음"),
    }
}

/// "group billing · lost (3)": what the ledger shows for a pick.
pub fn pick_label(lang: Lang, pick: &Pick, count: usize) -> String {
    let (name, _) = anomaly_text(lang, pick.anomaly);
    match &pick.group {
        Some(g) => format!("{} {g} · {name} ({count})", check_text(lang).group),
        None => format!("{} · {name} ({count})", check_text(lang).cluster),
    }
}

#[component]
pub fn CheckerPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let tx = move || check_text(store.lang.get());
    let cluster = move || {
        let lang = store.lang.get();
        let n = store.check.with(|c| c.acknowledged_lost.len());
        let b = Badge { anomaly: Anomaly::AckedLost, count: n };
        view! {
            <div class="check-row cluster" data-testid="checker-cluster">
                <span class="check-group">{check_text(lang).cluster}</span>
                {badge(store, lang, None, b)}
            </div>
        }
    };
    let groups = move || {
        let lang = store.lang.get();
        let rows = store.check.with(rows);
        if rows.is_empty() {
            return view! { <p class="muted" data-testid="checker-empty">{check_text(lang).no_groups}</p> }.into_any();
        }
        rows.into_iter().map(|r| group_row(store, lang, r)).collect_view().into_any()
    };
    view! {
        <section class="panel checker" data-testid="checker" aria-labelledby="checker-h">
            <h2 id="checker-h">{move || tx().title}</h2>
            <p class="muted small">{move || tx().intro}</p>
            {cluster}
            {groups}
        </section>
    }
}

fn group_row(store: Store, lang: Lang, r: GroupRow) -> impl IntoView {
    let t = check_text(lang);
    let clean = r.clean();
    let verdict = r.verdict();
    let group = r.group.clone();
    let badges = r.badges.into_iter().map(|b| badge(store, lang, Some(group.clone()), b)).collect_view();
    view! {
        <div class="check-row" class:bad=verdict == Verdict::Broken class:warn=verdict == Verdict::AtLeastOnce data-testid="checker-group" data-group=r.group.clone() data-clean=clean.to_string() data-verdict=verdict.code()>
            <span class="check-group">{format!("{} {}", t.group, r.group)}</span>
            <span class="check-verdict">{match verdict { Verdict::ExactlyOnceInOrder => t.exact, Verdict::AtLeastOnce => t.held, Verdict::Broken => t.broken }}</span>
            <span class="muted small">{format!("{} {} · {} {}", r.consumed, t.consumed, r.redelivered, t.redelivered)}</span>
            <span class="check-badges">{badges}</span>
        </div>
    }
}

fn badge(store: Store, lang: Lang, group: Option<String>, b: Badge) -> impl IntoView {
    let (name, why) = anomaly_text(lang, b.anomaly);
    let pick = Pick { group, anomaly: b.anomaly };
    let bad = b.count > 0;
    let mark = if bad { "✗" } else { "✓" };
    let label = format!("{mark} {name} {}", b.count);
    let pressed = {
        let pick = pick.clone();
        move || store.ledger_pick.with(|p| p.as_ref() == Some(&pick)).to_string()
    };
    view! {
        <button class="btn small check-badge" class:bad=bad data-testid="check-badge"
            data-anomaly=b.anomaly.code() data-count=b.count.to_string() title=why
            aria-pressed=pressed disabled=b.count == 0
            on:click=move |_| store.set_ledger_pick(Some(pick.clone()))>{label}</button>
    }
}
