//! The network diagram (SVG): producer, brokers and controller as nodes, and every message on
//! the wire as a labelled dot on an arrow between them. Requests arc above, responses below.

use super::format::{kind_class, kind_short, node_x, progress};
use super::i18n::{status_label, strings};
use super::state::Store;
use crate::sim::broker::BrokerStatus;
use crate::sim::{Envelope, NodeId};
use leptos::prelude::*;

const NODE_Y: f64 = 125.0;
/// Most envelopes drawn at once (the list below the board names them all).
const MAX_DRAWN: usize = 60;

#[component]
pub fn NetworkView() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let ids = Memo::new(move |_| store.snap.with(|s| s.brokers.iter().map(|b| b.id).collect::<Vec<u32>>()));

    let brokers = move || {
        let lang = store.lang.get();
        let zk_mode = store.snap.with(|s| s.zookeeper.is_some());
        let ids = ids.get();
        store.snap.with(|s| {
            s.brokers.iter().map(|b| {
                let x = node_x(NodeId::Broker(b.id), &ids);
                let status = status_label(lang, b.status);
                let cls = format!("node broker-node status-{}", status_class(b.status));
                let shape = broker_shape(b.status, x);
                let fenced = b.fenced.then(|| view! {
                    <g class="badge fenced-badge">
                        <rect x=x - 30.0 y=NODE_Y - 66.0 width="60" height="18" rx="9"/>
                        <text x=x y=NODE_Y - 53.0 text-anchor="middle">{super::zookeeper::fenced_label(lang, zk_mode)}</text>
                    </g>
                });
                view! {
                    <g class=cls>
                        {shape}
                        <text class="node-title" x=x y=NODE_Y + 5.0 text-anchor="middle">{format!("B{}", b.id)}</text>
                        <text class="node-sub" x=x y=NODE_Y + 56.0 text-anchor="middle">{status}</text>
                        // The address it listens at; "stale" when producer 1 still dials an old one.
                        <text class="node-sub addr" x=x y=NODE_Y + 72.0 text-anchor="middle" data-testid=format!("addr-{}", b.id)>
                            {format!("{}{}", b.address, match (b.producer_knows_address, lang) {
                                (true, _) => "",
                                (false, crate::sim::event::Lang::Ko) => " ⚠ 옛 주소",
                                (false, _) => " ⚠ stale",
                            })}
                        </text>
                        {fenced}
                    </g>
                }
            }).collect_view()
        })
    };

    // ZooKeeper mode: the ensemble as one node, a dot per server (hollow = stopped).
    let zookeeper = move || store.snap.with(|s| s.zookeeper.clone()).map(|z| {
        let x = node_x(NodeId::ZooKeeper, &[]);
        let dots = (1..=z.servers).map(|n| {
            let cx = x - 8.0 * (z.servers as f64 - 1.0) + 16.0 * (n as f64 - 1.0);
            let cls = if z.down.contains(&n) { "zk-dot down" } else { "zk-dot" };
            view! { <circle class=cls cx=cx cy=NODE_Y + 14.0 r="5"/> }
        }).collect_view();
        let up = z.servers as usize - z.down.len();
        view! {
            <g class=if z.quorum { "node zk-node" } else { "node zk-node frozen" } data-testid="zk-node">
                <rect class="shape" x=x - 30.0 y=NODE_Y - 28.0 width="60" height="56" rx="6"/>
                <text class="node-title" x=x y=NODE_Y - 4.0 text-anchor="middle">"ZK"</text>
                {dots}
                <text class="node-sub" x=x y=NODE_Y + 56.0 text-anchor="middle">{format!("{up}/{}{}", z.servers, if z.quorum { "" } else { " ⚠" })}</text>
            </g>
        }
    });

    let envelopes = move || {
        let ids = ids.get();
        store.snap.with(|s| {
            let now = s.now;
            let mut pair_count: Vec<((NodeId, NodeId), usize)> = Vec::new();
            s.in_flight.iter().take(MAX_DRAWN).map(|e| {
                let n = match pair_count.iter_mut().find(|(p, _)| *p == (e.from, e.to)) {
                    Some((_, c)) => { *c += 1; *c - 1 }
                    None => { pair_count.push(((e.from, e.to), 1)); 0 }
                };
                envelope_view(e, now, &ids, n)
            }).collect_view()
        })
    };

    view! {
        <figure class="network" aria-labelledby="net-cap">
            <figcaption id="net-cap" class="sr-only">{move || t().network}</figcaption>
            <div class="svg-scroll">
                <svg class="net-svg" viewBox="0 0 1000 250" role="img" aria-labelledby="net-cap" data-testid="network">
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                            <path d="M0 0 L10 5 L0 10 z" class="arrow-head"/>
                        </marker>
                    </defs>
                    <g class="node producer-node">
                        <rect x="25" y=NODE_Y - 28.0 width="90" height="56" rx="10"/>
                        <text class="node-title" x="70" y=NODE_Y + 5.0 text-anchor="middle">"P1"</text>
                        <text class="node-sub" x="70" y=NODE_Y + 56.0 text-anchor="middle">{move || t().producer}</text>
                    </g>
                    <g class="node controller-node">
                        <path d=hexagon(930.0, NODE_Y, 40.0)/>
                        <text class="node-title" x="930" y=NODE_Y + 5.0 text-anchor="middle">"C"</text>
                        <text class="node-sub" x="930" y=NODE_Y + 56.0 text-anchor="middle">{move || t().controller}</text>
                        // ZooKeeper mode: the controller is a broker.
                        <text class="node-sub" x="930" y=NODE_Y + 72.0 text-anchor="middle">
                            {move || store.snap.with(|s| s.zookeeper.as_ref().and_then(|z| z.controller).map(|b| format!("= B{b}")).unwrap_or_default())}
                        </text>
                    </g>
                    {zookeeper}
                    {brokers}
                    <g class="envelopes">{envelopes}</g>
                </svg>
            </div>
        </figure>
    }
}

fn status_class(s: BrokerStatus) -> &'static str {
    match s {
        BrokerStatus::Running => "running",
        BrokerStatus::ShuttingDown => "shutting-down",
        BrokerStatus::Stopped => "stopped",
        BrokerStatus::Crashed => "crashed",
    }
}

/// Running = circle, shutting down = dashed circle, stopped = square, crashed = broken octagon
/// with a cross: status is readable without colour.
fn broker_shape(s: BrokerStatus, x: f64) -> AnyView {
    let y = NODE_Y;
    match s {
        BrokerStatus::Running => view! { <circle class="shape" cx=x cy=y r="36"/> }.into_any(),
        BrokerStatus::ShuttingDown => view! { <circle class="shape dashed" cx=x cy=y r="36"/> }.into_any(),
        BrokerStatus::Stopped => view! { <rect class="shape" x=x - 32.0 y=y - 32.0 width="64" height="64" rx="4"/> }.into_any(),
        BrokerStatus::Crashed => view! {
            <g>
                <path class="shape" d=octagon(x, y, 38.0)/>
                <path class="crash-x" d=format!("M{} {} L{} {} M{} {} L{} {}", x - 24.0, y - 24.0, x + 24.0, y + 24.0, x + 24.0, y - 24.0, x - 24.0, y + 24.0)/>
            </g>
        }.into_any(),
    }
}

fn polygon(cx: f64, cy: f64, r: f64, n: usize, rot: f64) -> String {
    let mut d = String::new();
    for i in 0..n {
        let a = rot + i as f64 * std::f64::consts::TAU / n as f64;
        let (px, py) = (cx + r * a.cos(), cy + r * a.sin());
        d.push_str(&format!("{}{px:.1} {py:.1} ", if i == 0 { "M" } else { "L" }));
    }
    d.push('Z');
    d
}

fn hexagon(cx: f64, cy: f64, r: f64) -> String {
    polygon(cx, cy, r, 6, 0.0)
}

fn octagon(cx: f64, cy: f64, r: f64) -> String {
    polygon(cx, cy, r, 8, std::f64::consts::PI / 8.0)
}

fn envelope_view(e: &Envelope, now: u64, ids: &[u32], nth: usize) -> impl IntoView {
    let (x1, x2) = (node_x(e.from, ids), node_x(e.to, ids));
    let forward = x2 > x1;
    // Requests (left to right) arc above, answers below; repeated pairs fan out.
    let lift = (38.0 + (x2 - x1).abs() * 0.12 + nth as f64 * 16.0).min(100.0);
    let cy = if forward { NODE_Y - lift * 2.0 } else { NODE_Y + lift * 2.0 };
    let (sx, ex) = if forward { (x1 + 30.0, x2 - 30.0) } else { (x1 - 30.0, x2 + 30.0) };
    let (sy, ey) = (NODE_Y + if forward { -20.0 } else { 20.0 }, NODE_Y + if forward { -20.0 } else { 20.0 });
    let mx = (sx + ex) / 2.0;
    let t = progress(now, e.sent_at, e.deliver_at);
    // A point on the quadratic Bézier at t.
    let bx = (1.0 - t) * (1.0 - t) * sx + 2.0 * (1.0 - t) * t * mx + t * t * ex;
    let by = (1.0 - t) * (1.0 - t) * sy + 2.0 * (1.0 - t) * t * cy + t * t * ey;
    let kind = e.msg.kind();
    let cls = format!("envelope {}{}", kind_class(kind), if e.doomed { " doomed" } else { "" });
    let label = format!("{}{}", kind_short(kind), if e.doomed { " ✕" } else { "" });
    let d = format!("M{sx:.1} {sy:.1} Q{mx:.1} {cy:.1} {ex:.1} {ey:.1}");
    view! {
        <g class=cls data-kind=kind.name() data-env=e.id.to_string()>
            <path class="wire" d=d marker-end="url(#arrow)"/>
            <circle class="dot" cx=format!("{bx:.1}") cy=format!("{by:.1}") r="7"/>
            <text class="env-label" x=format!("{bx:.1}") y=format!("{:.1}", by - 11.0) text-anchor="middle">{label}</text>
        </g>
    }
}
