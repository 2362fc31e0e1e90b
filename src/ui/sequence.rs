//! The message-sequence diagram: one lane per node, an arrow per envelope (delivered: solid with a
//! head; dropped: red, ending in ✕; in flight: dashed up to now), over virtual time, for the
//! point on view (synced with the scrubber). Hover an arrow for the request or response; export
//! the drawing as an SVG file. Colours are SVG attributes so the exported file looks the same.

use super::format::ms;
use super::state::Store;
use crate::player::sequence::{layout, Diagram, Fate};
use crate::sim::{Lang, NodeId};
use leptos::prelude::*;

/// The newest envelopes drawn (older ones scroll out; the scrubber reaches them).
const ARROWS: usize = 24;
const LANE_W: f64 = 92.0;
const TOP: f64 = 34.0;
/// The left gutter with the virtual time of each row.
const GUTTER: f64 = 58.0;

fn lane_name(n: NodeId) -> String {
    match n {
        NodeId::Producer(p) => format!("P{p}"),
        NodeId::Broker(b) => format!("B{b}"),
        NodeId::Controller => "Controller".into(),
        NodeId::ZooKeeper => "ZooKeeper".into(),
        NodeId::Consumer(c) => format!("C{c}"),
    }
}

/// Rows over virtual time: every send and every arrival gets its own row, in time order (ties by
/// envelope), so simultaneous messages never overlap; the gutter names the time where it changes.
struct Rows {
    /// (time, envelope, is the arrival) in order.
    keys: Vec<(u64, u64, bool)>,
}

const ROW: f64 = 15.0;

impl Rows {
    fn new(d: &Diagram) -> Rows {
        let mut keys: Vec<(u64, u64, bool)> = d.arrows.iter().flat_map(|a| {
            let end = match a.fate { Fate::Delivered(t) | Fate::Dropped(t, _) => Some((t, a.env, true)), Fate::InFlight => None };
            std::iter::once((a.sent_at, a.env, false)).chain(end)
        }).collect();
        keys.sort_unstable();
        Rows { keys }
    }
    fn y(&self, key: (u64, u64, bool)) -> f64 {
        let i = self.keys.binary_search(&key).unwrap_or_else(|i| i);
        TOP + 12.0 + i as f64 * ROW
    }
    fn now_y(&self) -> f64 {
        TOP + 12.0 + self.keys.len() as f64 * ROW
    }
    /// (y, time) where the time differs from the row above.
    fn ticks(&self) -> Vec<(f64, u64)> {
        let mut out = Vec::new();
        let mut last = None;
        for (i, (t, _, _)) in self.keys.iter().enumerate() {
            if last != Some(*t) {
                out.push((TOP + 12.0 + i as f64 * ROW, *t));
                last = Some(*t);
            }
        }
        out
    }
}

/// An SVG `<title>` (the browser's hover text). `view!` would make an HTML one, which SVG ignores.
pub(super) fn svg_title(text: String) -> impl IntoView {
    leptos::tachys::svg::title().child(text)
}

pub fn text(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::En => ("Message sequence", "Export SVG", "No messages yet: produce or step to see requests and responses."),
        Lang::Ko => ("메시지 시퀀스", "SVG로 내보내기", "아직 메시지가 없습니다: 전송하거나 스텝하면 요청과 응답이 보입니다."),
    }
}

#[component]
pub fn SequenceDiagram() -> impl IntoView {
    let store = expect_context::<Store>();
    let diagram = Memo::new(move |_| {
        let next = store.travel.with(|t| t.next_seq);
        let now = store.snap.with(|s| s.now);
        store.log.with(|log| layout(log.newest_first(true), next, now, ARROWS))
    });
    let export = move |ev: leptos::ev::MouseEvent| {
        // The drawing as it is on screen, as a file: a data: URL set on the link being followed.
        let svg = document().query_selector("[data-testid=sequence-svg]").ok().flatten().map(|e| e.outer_html());
        if let (Some(svg), Some(a)) = (svg, ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())) {
            let href = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&svg)));
            let _ = a.set_attribute("href", &href);
        }
    };
    view! {
        <section class="panel sequence" aria-labelledby="sequence-h" data-testid="sequence">
            <div class="panel-head">
                <h2 id="sequence-h">{move || text(store.lang.get()).0}</h2>
                <a class="btn small" href="#" download="kafka-sequence.svg" data-testid="export-svg" on:click=export>
                    {move || text(store.lang.get()).1}
                </a>
            </div>
            {move || diagram.with(|d| d.arrows.is_empty()).then(|| view! { <p class="muted">{text(store.lang.get()).2}</p> })}
            <div class="sequence-scroll" class:hidden=move || diagram.with(|d| d.arrows.is_empty())>
                {move || diagram.with(draw)}
            </div>
        </section>
    }
}

fn draw(d: &Diagram) -> impl IntoView {
    let rows = Rows::new(d);
    let x = |n: NodeId| GUTTER + LANE_W / 2.0 + d.lane_of(n).unwrap_or(0) as f64 * LANE_W;
    let now_y = rows.now_y();
    let width = GUTTER + LANE_W * d.lanes.len().max(1) as f64;
    let height = now_y + 24.0;
    let lanes = d.lanes.iter().map(|n| {
        let cx = x(*n);
        view! {
            <g class="seq-lane">
                <rect x=format!("{:.1}", cx - 40.0) y="4" width="80" height="22" rx="5" fill="#eef1f5" stroke="#5b6470"/>
                <text x=format!("{cx:.1}") y="19" text-anchor="middle" font-size="12" font-weight="600" fill="#1b1f24">{lane_name(*n)}</text>
                <line x1=format!("{cx:.1}") x2=format!("{cx:.1}") y1=TOP.to_string() y2=format!("{height:.1}") stroke="#c3c9d2" stroke-dasharray="3 3"/>
            </g>
        }
    }).collect_view();
    let ticks = rows.ticks().into_iter().map(|(ty, t)| view! {
        <text x=format!("{:.1}", GUTTER - 6.0) y=format!("{:.1}", ty + 3.0) text-anchor="end" font-size="9" fill="#5b6470">{format!("{}ms", ms(t))}</text>
    }).collect_view();
    let arrows = d.arrows.iter().map(|a| {
        let (x1, y1) = (x(a.from), rows.y((a.sent_at, a.env, false)));
        let x_to = x(a.to);
        let (x2, y2, colour, dash, fate, head) = match a.fate {
            Fate::Delivered(t) => (x_to, rows.y((t, a.env, true)), "#2457c5", "", "delivered", "url(#seq-head)"),
            Fate::Dropped(t, _) => (x1 + (x_to - x1) * 0.6, rows.y((t, a.env, true)), "#c0262d", "", "dropped", ""),
            Fate::InFlight => (x1 + (x_to - x1) * 0.5, now_y, "#a65e00", "5 3", "in-flight", ""),
        };
        // The label sits at the sender's end, on the sending row, where nothing else starts.
        let right = x2 >= x1;
        let (mx, my, anchor) = (x1 + if right { 6.0 } else { -6.0 }, y1 - 3.0, if right { "start" } else { "end" });
        let when = match a.fate {
            Fate::Delivered(t) => format!("sent t={}ms, delivered t={}ms", ms(a.sent_at), ms(t)),
            Fate::Dropped(t, r) => format!("sent t={}ms, dropped t={}ms ({r:?})", ms(a.sent_at), ms(t)),
            Fate::InFlight => format!("sent t={}ms, in flight", ms(a.sent_at)),
        };
        let title = format!("{} → {}: {} ({when})", a.from, a.to, a.summary);
        let label = title.clone();
        let cross = matches!(a.fate, Fate::Dropped(..)).then(|| view! {
            <text x=format!("{x2:.1}") y=format!("{:.1}", y2 + 4.0) text-anchor="middle" font-size="13" font-weight="700" fill="#c0262d">"✕"</text>
        });
        view! {
            <g class="seq-arrow" data-testid="seq-arrow" data-fate=fate data-env=a.env.to_string() tabindex="0" aria-label=label>
                {svg_title(title)}
                <line x1=format!("{x1:.1}") y1=format!("{y1:.1}") x2=format!("{x2:.1}") y2=format!("{y2:.1}")
                    stroke=colour stroke-width="1.6" stroke-dasharray=dash marker-end=head/>
                <line class="seq-hit" x1=format!("{x1:.1}") y1=format!("{y1:.1}") x2=format!("{x2:.1}") y2=format!("{y2:.1}")
                    stroke="transparent" stroke-width="9"/>
                <text x=format!("{mx:.1}") y=format!("{my:.1}") text-anchor=anchor font-size="9" fill=colour>{a.kind.name()}</text>
                {cross}
            </g>
        }
    }).collect_view();
    view! {
        <svg xmlns="http://www.w3.org/2000/svg" data-testid="sequence-svg" class="sequence-svg"
            width=format!("{width:.0}") height=format!("{height:.0}") viewBox=format!("0 0 {width:.0} {height:.0}")
            role="img" aria-label="Message sequence diagram" font-family="system-ui, sans-serif">
            <defs>
                <marker id="seq-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" fill="#2457c5"/>
                </marker>
            </defs>
            <rect x="0" y="0" width=format!("{width:.0}") height=format!("{height:.0}") fill="#ffffff"/>
            {lanes}
            {ticks}
            {arrows}
            <line x1="0" x2=format!("{width:.0}") y1=format!("{now_y:.1}") y2=format!("{now_y:.1}") stroke="#ff9e1b" stroke-width="1.5"/>
            <text x="4" y=format!("{:.1}", now_y + 14.0) font-size="10" fill="#a65e00">{format!("now t={}ms", ms(d.to))}</text>
        </svg>
    }
}
