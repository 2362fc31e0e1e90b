//! The ledger panel: counts from `ledger_summary()` and a table of records, with every
//! acknowledged-but-lost record highlighted and its loss explained in one sentence.

use super::i18n::{loss_sentence, older_hidden, state_label, strings};
use super::state::Store;
use crate::sim::ledger::RecordState;
use crate::sim::RecordLife;
use leptos::prelude::*;

#[component]
pub fn LedgerPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let sum = move || store.snap.with(|s| s.ledger.clone());
    let count = move |label: &'static str, value: u64, testid: &'static str, cls: &'static str| {
        view! {
            <div class=format!("count {cls}")>
                <dt>{label}</dt>
                <dd data-testid=testid>{value.to_string()}</dd>
            </div>
        }
    };
    let counts = move || {
        let s = sum();
        let t = t();
        view! {
            {count(t.produced, s.produced, "produced-count", "")}
            {count(t.acknowledged, s.acknowledged, "acked-count", "")}
            {count(t.committed, s.committed, "committed-count", "good")}
            {count(t.acknowledged_lost, s.acknowledged_lost, "acked-lost-count", if s.acknowledged_lost > 0 { "bad hot" } else { "bad" })}
            {count(t.lost, s.lost, "lost-count", "")}
            {count(t.duplicated, s.duplicated, "duplicated-count", "")}
            {count(t.failed, s.failed, "failed-count", "")}
        }
    };
    let rows = move || {
        let lang = store.lang.get();
        let tps: Vec<String> = store.snap.with(|s| s.partitions.iter().map(|p| p.tp.to_string()).collect());
        store.records.with(|recs| recs.iter().rev().map(|r| row(r, lang, &tps)).collect_view())
    };
    view! {
        <section class="panel ledger" data-testid="ledger" aria-labelledby="ledger-h">
            <h2 id="ledger-h">{move || t().ledger}</h2>
            <dl class="counts">{counts}</dl>
            {move || store.records.with(|r| r.is_empty()).then(|| view! { <p class="muted">{t().no_records}</p> })}
            <div class="table-scroll" class:hidden=move || store.records.with(|r| r.is_empty())>
                <table class="records" data-testid="records">
                    <thead>
                        <tr>
                            <th scope="col">{move || t().col_id}</th>
                            <th scope="col">{move || t().col_key}</th>
                            <th scope="col">{move || t().col_partition}</th>
                            <th scope="col">{move || t().col_offset}</th>
                            <th scope="col">{move || t().col_state}</th>
                            <th scope="col">{move || t().col_why}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {move || {
                let n = store.hidden_records.get();
                (n > 0).then(|| view! { <p class="muted">{older_hidden(store.lang.get(), n)}</p> })
            }}
        </section>
    }
}

fn row(r: &RecordLife, lang: crate::sim::Lang, tps: &[String]) -> impl IntoView {
    let state = r.state();
    let acked_lost = r.acked.is_some() && r.lost.is_some();
    let tp = tps.get(r.pidx).cloned().unwrap_or_else(|| format!("#{}", r.pidx));
    let offset = r
        .acked
        .and_then(|(_, o)| o)
        .or_else(|| r.appends.iter().rev().find(|a| a.as_leader).map(|a| a.offset));
    let why = match &r.lost {
        Some(l) => loss_sentence(lang, r.acked.map(|(_, o)| o), r.acks.name(), &tp, &l.reason),
        None => match (state, r.failed) {
            (RecordState::Failed, Some((_, e))) => e.name().to_string(),
            _ => String::new(),
        },
    };
    let cls = format!("state-{}{}", format!("{state:?}").to_lowercase(), if acked_lost { " acked-lost" } else { "" });
    let partition = tp.rsplit_once('-').map(|(_, p)| p.to_string()).unwrap_or(tp.clone());
    view! {
        <tr class=cls data-testid=if acked_lost { "lost-record" } else { "record" } data-record=r.id.to_string()>
            <td>{format!("#{}", r.id)}</td>
            <td>{r.key.clone().unwrap_or_else(|| "—".into())}</td>
            <td title=tp>{partition}</td>
            <td>{offset.map(|o| o.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td><span class="state-pill">{if acked_lost { "⚠ " } else { "" }}{state_label(lang, state)}</span></td>
            <td class="why">{why}</td>
        </tr>
    }
}
