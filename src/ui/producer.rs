//! The producer panel: acks, key, partition, and the Produce buttons; plus the producer's state.

use super::i18n::strings;
use super::state::Store;
use crate::sim::{Acks, Action};
use leptos::prelude::*;

const TOPIC: &str = "orders";

#[component]
pub fn ProducerPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
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
                <div><dt>{move || t().idempotent}</dt><dd>{move || if store.snap.with(|s| s.producer.idempotent) { t().yes } else { t().no }}</dd></div>
                <div><dt>{move || t().pending}</dt><dd data-testid="producer-pending">{move || store.snap.with(|s| s.producer.pending).to_string()}</dd></div>
                <div><dt>{move || t().last_error}</dt><dd class="err-name">{move || store.snap.with(|s| s.producer.last_error.map(|e| e.name().to_string())).unwrap_or_else(|| t().none.to_string())}</dd></div>
            </dl>
        </section>
    }
}
