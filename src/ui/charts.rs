//! The metrics panel: the cluster's gauges under Kafka's metric names, and light SVG charts over
//! virtual time: throughput (acks/s), UnderReplicatedPartitions, ISR size, and consumer lag.

use super::state::Store;
use crate::sim::Lang;
use leptos::prelude::*;

const W: f64 = 220.0;
const H: f64 = 90.0;
const PAD_L: f64 = 30.0;
const PAD: f64 = 8.0;
const PAD_B: f64 = 18.0;

struct ChartText {
    title: &'static str,
    throughput: &'static str,
    urp: &'static str,
    isr: &'static str,
    lag: &'static str,
    empty: &'static str,
    controller_note: &'static str,
}

fn text(lang: Lang) -> ChartText {
    match lang {
        Lang::En => ChartText {
            title: "Metrics", throughput: "Throughput (acknowledged records/s)", urp: "UnderReplicatedPartitions",
            isr: "Replicas in ISR (dashed: all replicas)", lag: "Consumer lag (records, all groups)",
            empty: "Charts fill in as virtual time passes (one sample per second).",
            controller_note: "the KRaft quorum is drawn as one node",
        },
        Lang::Ko => ChartText {
            title: "지표", throughput: "처리량 (ack된 레코드/초)", urp: "UnderReplicatedPartitions",
            isr: "ISR에 있는 레플리카 (점선: 전체 레플리카)", lag: "컨슈머 랙 (레코드, 모든 그룹)",
            empty: "가상 시간이 흐르면 차트가 채워집니다 (초당 샘플 하나).",
            controller_note: "KRaft 쿼럼을 노드 하나로 그립니다",
        },
    }
}

#[component]
pub fn MetricsPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let tx = move || text(store.lang.get());
    let gauges = move || {
        store.metrics.with(|h| {
            let last = h.last().cloned().unwrap_or_default();
            let shrink_rate = h.rate(|m| m.isr_shrinks).last().map_or(0.0, |(_, r)| *r);
            let rows = [
                ("UnderReplicatedPartitions", "kafka.server:type=ReplicaManager", last.under_replicated.to_string(), last.under_replicated > 0),
                ("OfflinePartitionsCount", "kafka.controller:type=KafkaController", last.offline.to_string(), last.offline > 0),
                ("UnderMinIsrPartitionCount", "kafka.server:type=ReplicaManager", last.under_min_isr.to_string(), last.under_min_isr > 0),
                ("IsrShrinksPerSec", "kafka.server:type=ReplicaManager", format!("{shrink_rate:.1}"), shrink_rate > 0.0),
                ("ActiveControllerCount", "kafka.controller:type=KafkaController", last.active_controllers.to_string(), last.active_controllers != 1),
            ];
            rows.into_iter().map(|(name, bean, value, bad)| view! {
                <div class="gauge" class:bad=bad data-testid=format!("metric-{name}") title=format!("{bean},name={name}")>
                    <dt>{name}</dt>
                    <dd>{if bad { "⚠ " } else { "" }}{value}</dd>
                </div>
            }).collect_view()
        })
    };
    let charts = move || {
        let t = tx();
        store.metrics.with(|h| {
            if h.samples.len() < 2 {
                return view! { <p class="muted">{t.empty}</p> }.into_any();
            }
            let all: Vec<(u64, f64)> = h.series(|m| m.replicas);
            view! {
                <div class="charts">
                    {chart(t.throughput, "chart-throughput", &h.rate(|m| m.acknowledged), None)}
                    {chart(t.urp, "chart-urp", &h.series(|m| m.under_replicated), None)}
                    {chart(t.isr, "chart-isr", &h.series(|m| m.isr_replicas), Some(&all))}
                    {chart(t.lag, "chart-lag", &h.series(|m| m.lag), None)}
                </div>
            }.into_any()
        })
    };
    view! {
        <section class="panel metrics" aria-labelledby="metrics-h" data-testid="metrics">
            <h2 id="metrics-h">{move || tx().title}</h2>
            <dl class="gauges">{gauges}</dl>
            <p class="muted small">{move || format!("ActiveControllerCount: {}", tx().controller_note)}</p>
            {charts}
        </section>
    }
}

/// One small line chart; `reference` is drawn dashed behind it (e.g. all replicas behind the ISR).
fn chart(title: &'static str, testid: &'static str, pts: &[(u64, f64)], reference: Option<&[(u64, f64)]>) -> impl IntoView {
    let every = pts.iter().chain(reference.unwrap_or(&[]));
    let t0 = every.clone().map(|p| p.0).min().unwrap_or(0);
    let t1 = every.clone().map(|p| p.0).max().unwrap_or(1).max(t0 + 1);
    let top = every.map(|p| p.1).fold(1.0f64, f64::max);
    let x = move |t: u64| PAD_L + (t - t0) as f64 / (t1 - t0) as f64 * (W - PAD_L - PAD);
    let y = move |v: f64| PAD + (1.0 - v / top) * (H - PAD - PAD_B);
    let path = move |p: &[(u64, f64)]| p.iter().enumerate()
        .map(|(i, (t, v))| format!("{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x(*t), y(*v)))
        .collect::<Vec<_>>().join(" ");
    let last = pts.last().map_or(0.0, |p| p.1);
    let now_text = if last.fract() == 0.0 { format!("{last:.0}") } else { format!("{last:.1}") };
    let label = format!("{title}: {now_text}");
    view! {
        <figure class="mini-chart">
            <figcaption class="label">{title}" "<strong data-testid=format!("{testid}-now")>{now_text.clone()}</strong></figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label data-testid=testid>
                <line class="axis" x1=PAD_L y1=H - PAD_B x2=W - PAD y2=H - PAD_B/>
                <line class="axis" x1=PAD_L y1=PAD x2=PAD_L y2=H - PAD_B/>
                <text class="axis-text" x=PAD_L - 3.0 y=PAD + 7.0 text-anchor="end">{format!("{top:.0}")}</text>
                <text class="axis-text" x=PAD_L - 3.0 y=H - PAD_B text-anchor="end">"0"</text>
                <text class="axis-text" x=PAD_L y=H - 5.0>{format!("{:.0} s", t0 as f64 / 1000.0)}</text>
                <text class="axis-text" x=W - PAD y=H - 5.0 text-anchor="end">{format!("{:.0} s", t1 as f64 / 1000.0)}</text>
                {reference.map(|r| view! { <path class="chart-ref" d=path(r)/> })}
                <path class="chart-line" d=path(pts)/>
            </svg>
        </figure>
    }
}
