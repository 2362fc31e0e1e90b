//! Messages on the wire, as a keyboard-reachable list: kind, from → to, arrival time, and a
//! Drop button (the learner plays the unreliable network).

use super::format::{kind_class, ms};
use super::i18n::strings;
use super::state::Store;
use crate::sim::Action;
use leptos::prelude::*;

#[component]
pub fn InFlightList() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let rows = move || {
        store.snap.with(|s| {
            s.in_flight.iter().map(|e| {
                let id = e.id;
                let kind = e.msg.kind();
                let cls = format!("inflight-row {}{}", kind_class(kind), if e.doomed { " doomed" } else { "" });
                let doomed = e.doomed;
                view! {
                    <li class=cls data-testid=format!("env-{id}") data-kind=kind.name()>
                        <span class="env-kind">{kind.name()}</span>
                        <span class="env-route">{format!("{} → {}", e.from, e.to)}</span>
                        <span class="env-eta">{format!("t={} ms", ms(e.deliver_at))}</span>
                        {if doomed {
                            view! { <span class="badge danger">{t().doomed}</span> }.into_any()
                        } else {
                            view! {
                                <button class="btn small" data-testid=format!("drop-env-{id}")
                                    aria-label=format!("{} {} #{id}", t().drop, kind.name())
                                    on:click=move |_| store.apply(Action::DropEnvelope { id })>{t().drop}</button>
                            }.into_any()
                        }}
                    </li>
                }
            }).collect_view()
        })
    };
    view! {
        <details class="inflight" open>
            <summary>{move || format!("{} ({})", t().in_flight, store.snap.with(|s| s.in_flight.len()))}</summary>
            {move || if store.snap.with(|s| s.in_flight.is_empty()) {
                view! { <p class="muted">{t().nothing_in_flight}</p> }.into_any()
            } else {
                view! { <ul class="inflight-list">{rows}</ul> }.into_any()
            }}
        </details>
    }
}
