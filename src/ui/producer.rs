//! The producer panel: acks, key, partition and the Produce buttons; the producer's identity
//! (PID, epoch), its settings (enable.idempotence, max.in.flight, linger.ms, partitioner.class),
//! its batches and buffer, and "Add partitions".

use super::batches::Batches;
use super::i18n::strings;
use super::i18n_more::more;
use super::state::Store;
use crate::sim::{Acks, Action};
use leptos::prelude::*;

const TOPIC: &str = "orders";
const RR_CLASS: &str = "org.apache.kafka.clients.producer.RoundRobinPartitioner";

#[component]
pub fn ProducerPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let m = move || more(store.lang.get());
    let key = RwSignal::new(String::new());
    // "" = any partition (let the partitioner choose).
    let partition = RwSignal::new(String::new());
    let partitions = Memo::new(move |_| {
        store.snap.with(|s| s.partitions.iter().filter(|p| p.tp.topic == TOPIC).map(|p| p.tp.partition).collect::<Vec<_>>())
    });

    let produce = move |count: u32| {
        let k = key.get_untracked();
        let key = if k.is_empty() { None } else { Some(k) };
        let partition = partition.get_untracked().parse::<u32>().ok();
        store.apply(Action::Produce { topic: TOPIC.to_string(), key, value: None, count, partition, producer: None });
    };
    let acks = move || store.snap.with(|s| s.producer.acks);

    view! {
        <section class="panel producer" aria-labelledby="producer-h">
            <h2 id="producer-h">{move || t().producer}<span class="topic-tag">" → orders"</span></h2>
            <fieldset class="acks">
                <legend title=move || t().acks_help>"acks"</legend>
                {[Acks::None, Acks::Leader, Acks::All].into_iter().map(|a| {
                    view! {
                        <label class="seg">
                            <input
                                type="radio"
                                name="acks"
                                value=a.name()
                                data-testid=format!("acks-{}", a.name())
                                prop:checked=move || acks() == a
                                on:change=move |_| store.apply(Action::SetConfig { key: "acks".into(), value: a.name().into() })
                            />
                            <span>{a.name()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="hint">{move || t().acks_help}</p>
            <div class="row wrap">
                <label class="field">
                    <span class="label">{move || t().key}</span>
                    <input
                        type="text"
                        data-testid="key"
                        autocomplete="off"
                        placeholder=move || t().key_placeholder
                        prop:value=move || key.get()
                        on:input=move |ev| key.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span class="label">{move || t().partition}</span>
                    <select
                        data-testid="partition"
                        on:change=move |ev| partition.set(event_target_value(&ev))
                        prop:value=move || partition.get()
                    >
                        <option value="">{move || t().any_partition}</option>
                        {move || partitions.get().into_iter().map(|p| view! { <option value=p.to_string()>{p.to_string()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="row wrap">
                <button class="btn primary" data-testid="produce-1" on:click=move |_| produce(1)>{move || t().produce_1}</button>
                <button class="btn" data-testid="produce-n" on:click=move |_| produce(10)>{move || t().produce_n}</button>
            </div>
            <dl class="facts" data-testid="producer-state">
                <div><dt>"acks"</dt><dd data-testid="producer-acks">{move || acks().name()}</dd></div>
                <div><dt>{move || t().idempotent}</dt><dd data-testid="producer-idempotent">{move || if store.snap.with(|s| s.producer.idempotent) { t().yes } else { t().no }}</dd></div>
                <div><dt>{move || m().producer_id}</dt><dd data-testid="producer-pid">{move || store.snap.with(|s| match s.producer.producer_id { 0 => "—".to_string(), p => p.to_string() })}</dd></div>
                <div><dt>"epoch"</dt><dd data-testid="producer-epoch">{move || store.snap.with(|s| s.producer.producer_epoch).to_string()}</dd></div>
                <div><dt>{move || t().pending}</dt><dd data-testid="producer-pending">{move || store.snap.with(|s| s.producer.pending).to_string()}</dd></div>
                <div><dt>{move || t().last_error}</dt><dd class="err-name">{move || store.snap.with(|s| s.producer.last_error.map(|e| e.name().to_string())).unwrap_or_else(|| t().none.to_string())}</dd></div>
            </dl>
            <Batches/>
            <ProducerSettings/>
            <AddPartitions/>
        </section>
    }
}

/// enable.idempotence, max.in.flight.requests.per.connection, linger.ms, partitioner.class.
#[component]
fn ProducerSettings() -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let set = move |key: &'static str, value: String| store.apply(Action::SetConfig { key: key.into(), value });
    let idem = move || store.snap.with(|s| s.producer.idempotent).to_string();
    let max_in_flight = move || store.config.with(|c| c.producer.max_in_flight_requests_per_connection).to_string();
    let linger = move || store.config.with(|c| c.producer.linger_ms).to_string();
    let partitioner = move || store.config.with(|c| c.producer.partitioner.class()).to_string();
    view! {
        <details class="subpanel settings" open>
            <summary>{move || m().settings}</summary>
            <div class="settings-grid">
                <label class="field">
                    <span class="label mono">"enable.idempotence"</span>
                    <select data-testid="enable-idempotence" prop:value=idem on:change=move |ev| set("enable.idempotence", event_target_value(&ev))>
                        <option value="true" selected=move || idem() == "true">"true"</option>
                        <option value="false" selected=move || idem() == "false">"false"</option>
                    </select>
                </label>
                <label class="field">
                    <span class="label mono">"max.in.flight.requests.per.connection"</span>
                    <select data-testid="max-in-flight" prop:value=max_in_flight on:change=move |ev| set("max.in.flight.requests.per.connection", event_target_value(&ev))>
                        {(1..=5).map(|n| view! { <option value=n.to_string() selected=move || max_in_flight() == n.to_string()>{n.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="label mono">"linger.ms"</span>
                    <input type="number" min="0" step="1" inputmode="numeric" data-testid="linger-ms"
                        prop:value=linger on:change=move |ev| set("linger.ms", event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span class="label mono">"partitioner.class"</span>
                    <select data-testid="partitioner" prop:value=partitioner on:change=move |ev| set("partitioner.class", event_target_value(&ev))>
                        <option value="null" selected=move || partitioner() == "null">{move || m().partitioner_builtin}</option>
                        <option value=RR_CLASS selected=move || partitioner() == RR_CLASS>{move || m().partitioner_rr}</option>
                        <option value="legacy-round-robin" selected=move || partitioner() == "legacy-round-robin">{move || m().partitioner_legacy}</option>
                    </select>
                </label>
            </div>
        </details>
    }
}

/// `kafka-topics --alter --topic orders --partitions N`.
#[component]
fn AddPartitions() -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let count = Memo::new(move |_| store.snap.with(|s| s.partitions.iter().filter(|p| p.tp.topic == TOPIC).count()));
    let want = RwSignal::new(String::new());
    let add = move || {
        let text = want.get_untracked();
        let n = if text.trim().is_empty() { count.get_untracked() as u32 + 1 } else {
            match text.trim().parse::<u32>() {
                Ok(n) => n,
                Err(_) => return store.error.set(Some(format!("partitions: '{text}' is not a whole number"))),
            }
        };
        store.apply(Action::AddPartitions { topic: TOPIC.into(), partitions: n });
        want.set(String::new());
    };
    view! {
        <div class="row wrap add-partitions">
            <label class="field">
                <span class="label">{move || format!("{}: {}", m().partitions_now, count.get())}</span>
                <input type="number" min="1" step="1" inputmode="numeric" data-testid="add-partitions-n"
                    aria-label=move || format!("{} (orders)", m().add_partitions)
                    placeholder=move || (count.get() + 1).to_string()
                    prop:value=move || want.get()
                    on:input=move |ev| want.set(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { add() }/>
            </label>
            <button class="btn" data-testid="add-partitions" title=move || m().add_partitions_help on:click=move |_| add()>
                {move || m().add_partitions}
            </button>
        </div>
    }
}
