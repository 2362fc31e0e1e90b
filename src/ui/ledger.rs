//! The ledger panel: counts from `ledger_summary()` and a table of records, with every
//! acknowledged-but-lost record highlighted and its loss explained in one sentence.

use super::i18n::{loss_sentence, older_hidden, state_label, strings};
use super::sequence::svg_title;
use super::checker::{check_text, pick_label};
use super::state::Store;
use crate::sim::ledger::RecordState;
use crate::sim::RecordLife;
use super::i18n_ledger::{filter_label, ledger_text, stage_label};
use crate::player::ledger_view::{lane, RecordFilter};
use crate::sim::TopicPartition;
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
        let (tps, now): (Vec<TopicPartition>, u64) = store.snap.with(|s| (s.partitions.iter().map(|p| p.tp.clone()).collect(), s.now));
        store.records.with(|recs| {
            let start = recs.iter().map(|r| r.produced_at).min().unwrap_or(0);
            let span = (start, now.max(start + 1));
            recs.iter().rev().map(|r| row(r, lang, &tps, span, store)).collect_view()
        })
    };
    let lt = move || ledger_text(store.lang.get());
    let filter_options = move || {
        let lang = store.lang.get();
        let now = store.ledger_filter.get();
        RecordFilter::ALL.into_iter().map(|f| view! {
            <option value=f.code() selected=f == now && store.ledger_pick.with(|p| p.is_none())>{filter_label(lang, f)}</option>
        }).collect_view()
    };
    view! {
        <section class="panel ledger" data-testid="ledger" aria-labelledby="ledger-h">
            <h2 id="ledger-h">{move || t().ledger}</h2>
            <dl class="counts">{counts}</dl>
            <label class="ledger-filter">
                <span class="label">{move || lt().filter}</span>
                <select data-testid="ledger-filter"
                    on:change=move |ev| if let Some(f) = RecordFilter::from_code(&event_target_value(&ev)) { store.set_ledger_filter(f) }>
                    {filter_options}
                </select>
            </label>
            {move || store.ledger_pick.get().map(|pick| {
                let lang = store.lang.get();
                let n = store.check.with(|c| pick.records(c).len());
                view! {
                    <p class="ledger-pick" data-testid="ledger-pick" role="status">
                        <span class="label">{check_text(lang).showing}</span>" "
                        <strong>{pick_label(lang, &pick, n)}</strong>" "
                        <button class="btn small" data-testid="ledger-pick-clear"
                            on:click=move |_| store.set_ledger_pick(None)>{check_text(lang).show_all}</button>
                    </p>
                }
            })}
            {move || store.records.with(|r| r.is_empty()).then(|| {
                let none = if store.ledger_filter.get() == RecordFilter::All && store.ledger_pick.with(|p| p.is_none()) { t().no_records } else { lt().none_match };
                view! { <p class="muted">{none}</p> }
            })}
            // Focusable, so a keyboard user can scroll the table (WCAG 2.1.1).
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="ledger-h"
                class:hidden=move || store.records.with(|r| r.is_empty())>
                <table class="records" data-testid="records">
                    <thead>
                        <tr>
                            <th scope="col">{move || t().col_id}</th>
                            <th scope="col">{move || t().col_key}</th>
                            <th scope="col">{move || t().col_partition}</th>
                            <th scope="col">{move || t().col_offset}</th>
                            <th scope="col">{move || t().col_state}</th>
                            <th scope="col">{move || lt().lane}</th>
                            <th scope="col">{move || t().col_why}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {move || {
                let n = store.hidden_records.get();
                (n > 0).then(|| view! {
                    <p class="muted" data-testid="records-hidden">{older_hidden(store.lang.get(), n)}" "
                        <button class="btn small" data-testid="records-more"
                            on:click=move |_| store.show_more_records()>{move || lt().show_more}</button>
                    </p>
                })
            }}
        </section>
    }
}

fn row(r: &RecordLife, lang: crate::sim::Lang, tps: &[TopicPartition], span: (u64, u64), store: Store) -> impl IntoView {
    let state = r.state();
    let acked_lost = r.acked.is_some() && r.lost.is_some();
    let tp_of = tps.get(r.pidx).cloned();
    let tp = tp_of.as_ref().map(|t| t.to_string()).unwrap_or_else(|| format!("#{}", r.pidx));
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
    let jump = r.lost.as_ref().and_then(|l| l.event).map(|seq| {
        let label = ledger_text(lang).jump_to_loss;
        view! {
            " "
            <button class="btn small jump-loss" data-testid="jump-to-loss" data-event=seq.to_string()
                on:click=move |_| store.jump_to_event(seq, tp_of.clone())>{label}</button>
        }
    });
    let partition = tp.rsplit_once('-').map(|(_, p)| p.to_string()).unwrap_or(tp.clone());
    view! {
        <tr class=cls data-testid=if acked_lost { "lost-record" } else { "record" } data-record=r.id.to_string()>
            <td>{format!("#{}", r.id)}</td>
            <td>{r.key.clone().unwrap_or_else(|| "—".into())}</td>
            <td title=tp>{partition}</td>
            <td>{offset.map(|o| o.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td><span class="state-pill">{if acked_lost { "⚠ " } else { "" }}{state_label(lang, state)}</span></td>
            <td class="lane-cell">{lane_svg(r, lang, span)}</td>
            <td class="why">{why}{jump}</td>
        </tr>
    }
}

/// The record's lane: its moments as marks on one line over the table's time span. Each mark is
/// a letter in a shape, so stages differ by more than colour; the title lists them with times.
fn lane_svg(r: &RecordLife, lang: crate::sim::Lang, (start, end): (u64, u64)) -> impl IntoView {
    const W: f64 = 150.0;
    let x = |at: u64| 6.0 + (at.saturating_sub(start)) as f64 / (end - start) as f64 * (W - 12.0);
    let stages = lane(r);
    let described = stages.iter().map(|(s, at)| format!("{} t={at}ms", stage_label(lang, *s))).collect::<Vec<_>>().join(" → ");
    let first = stages.first().map_or(6.0, |(_, at)| x(*at));
    let last = stages.last().map_or(6.0, |(_, at)| x(*at));
    let title = described.clone();
    let marks = stages.into_iter().map(|(s, at)| view! {
        <g class=format!("lane-mark lane-{}", s.code())>
            <circle cx=format!("{:.1}", x(at)) cy="9" r="6"/>
            <text x=format!("{:.1}", x(at)) y="12" text-anchor="middle">{s.letter()}</text>
        </g>
    }).collect_view();
    view! {
        <svg class="lane" width=W.to_string() height="18" viewBox=format!("0 0 {W} 18") role="img" aria-label=described
            data-testid="record-lane">
            {svg_title(title)}
            <line x1=format!("{first:.1}") x2=format!("{last:.1}") y1="9" y2="9"/>
            {marks}
        </svg>
    }
}
