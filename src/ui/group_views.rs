//! Per-group views: a `kafka-consumer-groups --describe` table, Burrow's verdict (group and
//! per partition), a lag-over-time chart; and the rebalance timeline of all groups.

use super::derived::GroupRow;
use super::format::ms;
use super::i18n_more::more;
use super::state::Store;
use crate::sim::burrow::{ConsumerStatus, PartitionStatus};
use crate::sim::group::GroupState;
use crate::sim::event::EventKind;
use leptos::prelude::*;

/// Group verdict: (css class, symbol, word). Shape and word carry it, not colour alone.
fn verdict(s: ConsumerStatus) -> (&'static str, &'static str, &'static str) {
    match s {
        ConsumerStatus::Ok => ("ok", "✓", "OK"),
        ConsumerStatus::Warning => ("warning", "⚠", "WARNING"),
        ConsumerStatus::Error => ("error", "✕", "ERROR"),
    }
}

fn part_status(s: PartitionStatus) -> (&'static str, &'static str, &'static str) {
    match s {
        PartitionStatus::Ok => ("ok", "✓", "OK"),
        PartitionStatus::Warning => ("warning", "⚠", "WARNING"),
        PartitionStatus::Stalled => ("error", "❚❚", "STALLED"),
        PartitionStatus::Stopped => ("error", "■", "STOPPED"),
        PartitionStatus::Rewind => ("warning", "↺", "REWIND"),
    }
}

fn group_state_name(s: Option<GroupState>) -> &'static str {
    match s {
        Some(GroupState::Empty) => "Empty",
        Some(GroupState::PreparingRebalance) => "PreparingRebalance",
        Some(GroupState::CompletingRebalance) => "CompletingRebalance",
        Some(GroupState::Stable) => "Stable",
        Some(GroupState::Dead) => "Dead",
        None => "—",
    }
}

#[component]
pub fn GroupDetails(name: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let key = name.clone();
    let row = Memo::new(move |_| store.groups.with(|g| g.groups.iter().find(|g| g.name == key).cloned()));
    let member_of = move |c: Option<u32>| -> String {
        c.and_then(|c| store.groups.with(|g| g.consumers.iter().find(|x| x.id == c).map(|x| x.member_id.clone())))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "-".into())
    };
    let body = move || row.get().map(|g: GroupRow| {
        let (vcls, vsym, vword) = verdict(g.burrow);
        let gname = g.name.clone();
        let lag_rows = g.lag.iter().map(|r| view! {
            <tr data-testid=format!("lag-row-{}-{}-{}", g.name, r.tp.topic, r.tp.partition)
                data-consumer=r.consumer.map(|c| c.to_string()).unwrap_or_else(|| "none".into()) data-lag=r.lag.to_string()>
                <td>{g.name.clone()}</td>
                <td>{r.tp.topic.clone()}</td>
                <td>{r.tp.partition.to_string()}</td>
                <td>{r.current_offset.map(|o| o.to_string()).unwrap_or_else(|| "-".into())}</td>
                <td>{r.log_end_offset.to_string()}</td>
                <td>{r.lag.to_string()}</td>
                <td>{member_of(r.consumer)}</td>
            </tr>
        }).collect_view();
        let parts = g.burrow_parts.iter().map(|(tp, st, lag)| {
            let (cls, sym, word) = part_status(*st);
            view! { <li class=format!("burrow-part {cls}") data-status=word>
                <span aria-hidden="true">{sym}" "</span>{format!("{tp} {word} (lag {lag})")}
            </li> }
        }).collect_view();
        view! {
            <header class="group-head">
                <h3 class="mono">{gname.clone()}</h3>
                <span class="mono">{format!("{} {} · {} {}", m().group_state, group_state_name(g.state), m().generation, g.generation)}</span>
                {(!g.is_share).then(|| view! {
                    <span class=format!("burrow-badge {vcls}") data-testid=format!("burrow-{gname}") data-status=vword
                          title=m().burrow_help>
                        <span aria-hidden="true">{vsym}" "</span>{format!("{} {vword}", m().burrow)}
                    </span>
                })}
            </header>
            <div class="table-scroll">
                <table class="describe mono" data-testid=format!("describe-{gname}")>
                    <caption class="mono">{if g.is_share { format!("kafka-share-groups --describe --group {gname}") } else { format!("{} --group {gname}", m().describe) }}</caption>
                    <thead><tr>
                        <th scope="col">"GROUP"</th><th scope="col">"TOPIC"</th><th scope="col">"PARTITION"</th>
                        <th scope="col">{if g.is_share { "START-OFFSET" } else { "CURRENT-OFFSET" }}</th><th scope="col">"LOG-END-OFFSET"</th><th scope="col">"LAG"</th>
                        <th scope="col">"CONSUMER-ID"</th>
                    </tr></thead>
                    <tbody>{lag_rows}</tbody>
                </table>
            </div>
            {(!g.burrow_parts.is_empty()).then(|| view! { <ul class="burrow-parts">{parts}</ul> })}
            {g.is_share.then(|| view! { <super::share_views::SharePartitions group=g.clone()/> })}
        }
    });
    let chart_name = name.clone();
    view! {
        <article class="group-details" data-testid=format!("group-{name}")>
            {body}
            <LagChart name=chart_name/>
        </article>
    }
}

const W: f64 = 360.0;
const H: f64 = 130.0;
const PAD_L: f64 = 34.0;
const PAD_R: f64 = 10.0;
const PAD_T: f64 = 10.0;
const PAD_B: f64 = 22.0;
const DASHES: [&str; 6] = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];

/// Lag per partition over virtual time, one line per partition, labelled at its end.
#[component]
fn LagChart(name: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let gname = name.clone();
    let series = Memo::new(move |_| {
        store.lag_history.with(|h| {
            let mut lines: Vec<(u32, Vec<(u64, u64)>)> = Vec::new();
            for s in &h.samples {
                let Some((_, parts)) = s.groups.iter().find(|(g, _)| *g == gname) else { continue };
                for (p, lag) in parts {
                    match lines.iter_mut().find(|(q, _)| q == p) {
                        Some((_, pts)) => pts.push((s.at, *lag)),
                        None => lines.push((*p, vec![(s.at, *lag)])),
                    }
                }
            }
            lines.sort_by_key(|(p, _)| *p);
            lines
        })
    });
    let svg = move || {
        let lines = series.get();
        let pts: Vec<(u64, u64)> = lines.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        if pts.len() < 2 {
            return view! { <p class="muted">{m().lag_chart_empty}</p> }.into_any();
        }
        let t0 = pts.iter().map(|p| p.0).min().unwrap_or(0);
        let t1 = pts.iter().map(|p| p.0).max().unwrap_or(1).max(t0 + 1);
        let top = pts.iter().map(|p| p.1).max().unwrap_or(0).max(1);
        let x = move |t: u64| PAD_L + (t - t0) as f64 / (t1 - t0) as f64 * (W - PAD_L - PAD_R);
        let y = move |l: u64| PAD_T + (1.0 - l as f64 / top as f64) * (H - PAD_T - PAD_B);
        let paths = lines.iter().map(|(p, v)| {
            let d = v.iter().enumerate().map(|(i, (t, l))| format!("{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x(*t), y(*l))).collect::<Vec<_>>().join(" ");
            view! { <path class=format!("lag-line p{}", p % 6) d=d stroke-dasharray=DASHES[*p as usize % DASHES.len()]/> }
        }).collect_view();
        // Which line is which: by dash pattern and name, not colour alone.
        let legend = lines.iter().map(|(p, v)| view! {
            <li>
                <svg width="28" height="8" aria-hidden="true">
                    <line class=format!("lag-line p{}", p % 6) x1="0" y1="4" x2="28" y2="4" stroke-dasharray=DASHES[*p as usize % DASHES.len()]/>
                </svg>
                {format!("p{p}: {}", v.last().map_or(0, |x| x.1))}
            </li>
        }).collect_view();
        view! {
            <svg class="lag-chart" viewBox=format!("0 0 {W} {H}") role="img" data-testid=format!("lag-chart-{name}")
                 aria-label=format!("{}: {}", m().lag_chart, lines.iter().map(|(p, v)| format!("p{p} lag {}", v.last().map_or(0, |x| x.1))).collect::<Vec<_>>().join(", "))>
                <line class="axis" x1=PAD_L y1=H - PAD_B x2=W - PAD_R y2=H - PAD_B/>
                <line class="axis" x1=PAD_L y1=PAD_T x2=PAD_L y2=H - PAD_B/>
                <text class="axis-text" x=PAD_L - 4.0 y=PAD_T + 8.0 text-anchor="end">{top.to_string()}</text>
                <text class="axis-text" x=PAD_L - 4.0 y=H - PAD_B text-anchor="end">"0"</text>
                <text class="axis-text" x=PAD_L y=H - 6.0>{format!("{:.0} s", t0 as f64 / 1000.0)}</text>
                <text class="axis-text" x=W - PAD_R y=H - 6.0 text-anchor="end">{format!("{:.0} s", t1 as f64 / 1000.0)}</text>
                {paths}
            </svg>
            <ul class="lag-legend">{legend}</ul>
        }.into_any()
    };
    view! {
        <figure class="lag-figure">
            <figcaption class="label">{move || format!("{} (LAG)", m().lag_chart)}</figcaption>
            {svg}
        </figure>
    }
}

/// RebalanceStarted / RebalanceJoined / PartitionsRevoked / PartitionsAssigned, newest first.
#[component]
pub fn RebalanceTimeline() -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let items = move || {
        let lang = store.lang.get();
        store.side.with(|s| s.timeline.iter().rev().take(60).map(|e| {
            let (kind, sym, gen) = match &e.kind {
                EventKind::RebalanceStarted { .. } => ("started", "⟳", None),
                EventKind::RebalanceJoined { generation, .. } => ("joined", "⇉", Some(*generation)),
                EventKind::PartitionsRevoked { .. } => ("revoked", "−", None),
                EventKind::PartitionsAssigned { .. } => ("assigned", "+", None),
                _ => ("other", "•", None),
            };
            view! {
                <li class=format!("tl-item tl-{kind}") data-kind=kind data-generation=gen.map(|g| g.to_string())>
                    <span class="ev-time">{format!("t={}ms", ms(e.at))}</span>
                    <span><span aria-hidden="true">{sym}" "</span>{e.kind.text(lang)}</span>
                </li>
            }
        }).collect_view())
    };
    view! {
        <div class="timeline">
            <h3 class="sub-h">{move || m().timeline}</h3>
            {move || store.side.with(|s| s.timeline.is_empty()).then(|| view! { <p class="muted">{m().no_rebalances}</p> })}
            <ol class="timeline-list" data-testid="rebalance-timeline" reversed>{items}</ol>
        </div>
    }
}
