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
    // The newest SHOWN events, keyed by (log era, sequence number): a step adds its few new lines and drops
    // as many old ones instead of redrawing 200 (at scale the log was most of a step's DOM work).
    let newest = Memo::new(move |_| {
        let hide = hide_wire.get();
        let next = store.travel.with(|t| t.next_seq);
        store.log.with(|log| {
            let era = log.era();
            log.newest_first(!hide).filter(|e| e.seq < next).take(SHOWN).map(|e| (era, e.clone())).collect::<Vec<(u64, Event)>>()
        })
    });
    let line = move |(_, e): (u64, Event)| {
        let cls = format!("ev {}", class_of(&e));
        let seq = e.seq;
        let at = e.at;
        let jump = move || travel(store.lang.get()).jump;
        view! {
            <li class=cls data-seq=seq.to_string() class:hot=move || store.highlight.with(|h| h.event == Some(seq))>
                <button class="ev-time" title=jump aria-label=move || format!("{}: t={}ms", jump(), ms(at))
                    on:click=move |_| store.seek_event(seq)>{format!("t={}ms", ms(at))}</button>
                <span class="ev-text">{move || e.kind.text(store.lang.get())}</span>
            </li>
        }
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
            <ol class="event-log" data-testid="event-log" reversed>
                <For each=move || newest.get() key=|(era, e)| (*era, e.seq) children=line/>
            </ol>
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
