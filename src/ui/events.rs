//! The event log with narration: newest first, notable events emphasised, plain sends and
//! receives de-emphasised (and hideable).

use super::format::ms;
use super::i18n::strings;
use super::state::Store;
use crate::sim::event::EventKind;
use crate::sim::Event;
use super::i18n_travel::travel;
use leptos::prelude::*;

/// Lines drawn at once (the store keeps up to 500).
const SHOWN: usize = 200;

#[component]
pub fn EventLog() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let hide_wire = RwSignal::new(false);
    let lines = move || {
        let lang = store.lang.get();
        let hide = hide_wire.get();
        // The log holds the whole recorded run; looking at the past shows it up to the point on view.
        let next = store.travel.with(|t| t.next_seq);
        let hot = store.highlight.with(|h| h.event);
        let jump = travel(lang).jump;
        store.log.with(|log| {
            log.newest_first(!hide).filter(|e| e.seq < next).take(SHOWN).map(|e| {
                let cls = format!("ev {}", class_of(e));
                let seq = e.seq;
                view! {
                    <li class=cls data-seq=e.seq.to_string() class:hot=hot == Some(seq)>
                        <button class="ev-time" title=jump aria-label=format!("{jump}: t={}ms", ms(e.at))
                            on:click=move |_| store.seek_event(seq)>{format!("t={}ms", ms(e.at))}</button>
                        <span class="ev-text">{e.kind.text(lang)}</span>
                    </li>
                }
            }).collect_view()
        })
    };
    view! {
        <section class="panel events" aria-labelledby="events-h">
            <div class="panel-head">
                <h2 id="events-h">{move || t().events}</h2>
                <label class="toggle">
                    <input type="checkbox" data-testid="hide-wire"
                        prop:checked=move || hide_wire.get()
                        on:change=move |ev| hide_wire.set(event_target_checked(&ev))/>
                    <span>{move || t().hide_wire}</span>
                </label>
            </div>
            {move || store.log.with(|l| l.is_empty()).then(|| view! { <p class="muted">{t().no_events}</p> })}
            <ol class="event-log" data-testid="event-log" reversed>{lines}</ol>
        </section>
    }
}

fn class_of(e: &Event) -> &'static str {
    match &e.kind {
        EventKind::Sent { .. } | EventKind::Delivered { .. } => "wire",
        EventKind::RecordsLost { .. } | EventKind::PartitionOffline { .. } | EventKind::DeliveryFailed { .. } => "notable bad",
        EventKind::BrokerCrashed { .. } | EventKind::Truncated { .. } | EventKind::IsrShrink { .. } | EventKind::BrokerFenced { .. } => "notable warn",
        EventKind::LeaderElected { .. } => "notable election",
        EventKind::Acknowledged { .. } => "notable good",
        _ => "notable",
    }
}
