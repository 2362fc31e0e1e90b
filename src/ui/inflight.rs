//! Messages on the wire, as a keyboard-reachable list: kind, from → to, arrival time, and a
//! Drop button (the learner plays the unreliable network). Produce requests show their
//! producer id, epoch and base sequence; a ProduceResponse gets a clearly labelled
//! "Drop this response" button (the classic way to make a retry write a duplicate).

use super::format::{kind_class, ms};
use super::i18n::strings;
use super::i18n_more::more;
use super::state::Store;
use crate::sim::{Action, Envelope, Msg, MsgKind};
use leptos::prelude::*;

/// Produce details: "PID 1001 · epoch 0 · seq 0 · 3 rec · orders-0".
fn produce_detail(e: &Envelope, tps: &[String]) -> Option<String> {
    let tp = |pidx: usize| tps.get(pidx).cloned().unwrap_or_else(|| format!("#{pidx}"));
    match &e.msg {
        Msg::Produce { pidx, records, producer_id, producer_epoch, base_sequence, transactional, .. } => {
            let idem = if *producer_id == 0 {
                "PID none".to_string()
            } else {
                format!("PID {producer_id} · epoch {producer_epoch} · seq {base_sequence}")
            };
            Some(format!("{} · {idem} · {} rec{}", tp(*pidx), records.len(), if *transactional { " · txn" } else { "" }))
        }
        Msg::ProduceResponse { pidx, error, base_offset, .. } => Some(format!(
            "{} · {}",
            tp(*pidx),
            match (error, base_offset) {
                (Some(err), _) => err.name().to_string(),
                (None, Some(o)) => format!("base offset {o}"),
                (None, None) => "ok".to_string(),
            }
        )),
        _ => None,
    }
}

#[component]
pub fn InFlightList() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let m = move || more(store.lang.get());
    let rows = move || {
        let tps: Vec<String> = store.snap.with(|s| s.partitions.iter().map(|p| p.tp.to_string()).collect());
        store.snap.with(|s| {
            s.in_flight.iter().map(|e| {
                let id = e.id;
                let kind = e.msg.kind();
                let is_resp = kind == MsgKind::ProduceResponse;
                let cls = format!("inflight-row {}{}{}", kind_class(kind), if e.doomed { " doomed" } else { "" }, if is_resp { " produce-response" } else { "" });
                let detail = produce_detail(e, &tps).map(|d| view! { <span class="env-detail" data-testid=format!("env-detail-{id}")>{d}</span> });
                let action = if e.doomed {
                    view! { <span class="badge danger">"✕ "{t().doomed}</span> }.into_any()
                } else if is_resp {
                    view! {
                        <button class="btn small danger drop-response" data-testid=format!("drop-response-{id}")
                            title=m().drop_response_help
                            aria-label=format!("{} (ProduceResponse #{id})", m().drop_response)
                            on:click=move |_| store.apply(Action::DropEnvelope { id })>
                            <span aria-hidden="true">"✕ "</span>{m().drop_response}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button class="btn small" data-testid=format!("drop-env-{id}")
                            aria-label=format!("{} {} #{id}", t().drop, kind.name())
                            on:click=move |_| store.apply(Action::DropEnvelope { id })>{t().drop}</button>
                    }.into_any()
                };
                view! {
                    <li class=cls data-testid=format!("env-{id}") data-kind=kind.name()>
                        <span class="env-kind">{kind.name()}</span>
                        <span class="env-route">{format!("{} → {}", e.from, e.to)}</span>
                        {detail}
                        <span class="env-eta">{format!("t={} ms", ms(e.deliver_at))}</span>
                        {action}
                    </li>
                }
            }).collect_view()
        })
    };
    view! {
        <details class="inflight" open>
            <summary>{move || format!("{} ({})", t().in_flight, store.snap.with(|s| s.in_flight.len()))}</summary>
            {move || store.snap.with(|s| s.in_flight.iter().any(|e| e.msg.kind() == MsgKind::ProduceResponse)).then(|| view! {
                <p class="hint">{m().drop_response_help}</p>
            })}
            {move || if store.snap.with(|s| s.in_flight.is_empty()) {
                view! { <p class="muted">{t().nothing_in_flight}</p> }.into_any()
            } else {
                view! { <ul class="inflight-list">{rows}</ul> }.into_any()
            }}
        </details>
    }
}
