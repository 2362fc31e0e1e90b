//! The partition planner panel: a calculator over `sim::planning::plan`. It never changes the
//! run; "load a topic" copies a topic of the cluster on view into the form.

use super::i18n_planner::{planner_text, warning_text};
use super::state::Store;
use crate::sim::planning::{plan, PlanInput};
use leptos::prelude::*;

/// A number field of the form: parses what is typed, keeping the last good value on garbage
/// (the plan then names the field if the value is out of range).
fn parse_num<T: std::str::FromStr + Copy>(text: &str, old: T) -> T {
    text.trim().parse().unwrap_or(old)
}

#[component]
fn NumField(
    label: Signal<&'static str>,
    testid: &'static str,
    value: Signal<u64>,
    set: Callback<u64>,
    #[prop(default = 1)] min: u64,
) -> impl IntoView {
    view! {
        <label class="plan-field">
            <span>{move || label.get()}</span>
            <input type="number" min=min step="1" inputmode="numeric" data-testid=testid
                prop:value=move || value.get().to_string()
                on:change=move |ev| set.run(parse_num(&event_target_value(&ev), value.get_untracked()))/>
        </label>
    }
}

#[component]
pub fn PlannerPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let input = RwSignal::new(PlanInput::default());
    let tt = move || planner_text(store.lang.get());
    let result = Memo::new(move |_| input.with(plan));
    let field = move |get: fn(&PlanInput) -> u64, set: fn(&mut PlanInput, u64)| {
        (Signal::derive(move || input.with(get)), Callback::new(move |v: u64| input.update(|i| set(i, v))))
    };
    let (producer, set_producer) = field(|i| i.producer_rate, |i, v| i.producer_rate = v);
    let (consumer, set_consumer) = field(|i| i.consumer_rate, |i, v| i.consumer_rate = v);
    let (brokers, set_brokers) = field(|i| i.brokers as u64, |i, v| i.brokers = v.min(u32::MAX as u64) as u32);
    let (partitions, set_partitions) = field(|i| i.partitions as u64, |i, v| i.partitions = v.min(u32::MAX as u64) as u32);
    let (rf, set_rf) = field(|i| i.replication_factor as u64, |i, v| i.replication_factor = v.min(u32::MAX as u64) as u32);
    let (min_isr, set_min_isr) = field(|i| i.min_insync_replicas as u64, |i, v| i.min_insync_replicas = v.min(u32::MAX as u64) as u32);
    let (existing, set_existing) = field(
        |i| i.existing_partitions.unwrap_or(0) as u64,
        |i, v| i.existing_partitions = (v > 0).then_some(v.min(u32::MAX as u64) as u32),
    );
    // Copies a topic of the cluster on view: its brokers, partitions, RF and min.insync.replicas.
    let load = move |name: String| {
        let cfg = store.config.get_untracked();
        let Some(t) = cfg.topics.iter().find(|t| t.name == name) else { return };
        input.update(|i| {
            i.topic = t.name.clone();
            i.brokers = cfg.brokers.len() as u32;
            i.partitions = t.partitions;
            i.replication_factor = t.replication_factor;
            i.min_insync_replicas = cfg.min_insync_for(t);
            i.existing_partitions = Some(t.partitions);
        });
    };
    let lbl = |f: fn(&'static super::i18n_planner::PlannerText) -> &'static str| Signal::derive(move || f(planner_text(store.lang.get())));
    view! {
        <section class="panel planner" data-testid="planner" aria-labelledby="planner-h">
            <h2 id="planner-h">{move || tt().title}</h2>
            <p class="muted small">{move || tt().hint}</p>
            <div class="plan-form">
                <label class="plan-field">
                    <span>{move || tt().from_topic}</span>
                    <select data-testid="plan-load" on:change=move |ev| load(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || store.config.get().topics.iter().map(|t| {
                            let n = t.name.clone();
                            view! { <option value=n.clone()>{n.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="plan-field">
                    <span>{move || tt().topic}</span>
                    <input type="text" data-testid="plan-topic" spellcheck="false" autocomplete="off"
                        prop:value=move || input.with(|i| i.topic.clone())
                        on:change=move |ev| input.update(|i| i.topic = event_target_value(&ev))/>
                </label>
                <NumField label=lbl(|t| t.producer_rate) testid="plan-producer-rate" value=producer set=set_producer/>
                <NumField label=lbl(|t| t.consumer_rate) testid="plan-consumer-rate" value=consumer set=set_consumer/>
                <NumField label=lbl(|t| t.brokers) testid="plan-brokers" value=brokers set=set_brokers/>
                <NumField label=lbl(|t| t.partitions) testid="plan-partitions" value=partitions set=set_partitions/>
                <NumField label=lbl(|t| t.rf) testid="plan-rf" value=rf set=set_rf/>
                <NumField label=lbl(|t| t.min_isr) testid="plan-min-isr" value=min_isr set=set_min_isr/>
                <NumField label=lbl(|t| t.existing) testid="plan-existing" value=existing set=set_existing min=0/>
                <label class="plan-check">
                    <input type="checkbox" data-testid="plan-keyed"
                        prop:checked=move || input.with(|i| i.keyed)
                        on:change=move |ev| input.update(|i| i.keyed = event_target_checked(&ev))/>
                    <span>{move || tt().keyed}</span>
                </label>
            </div>
            <div class="plan-result" aria-live="polite" data-testid="plan-result">
                {move || match result.get() {
                    Err(e) => view! {
                        <p class="plan-error" role="alert" data-testid="plan-error">
                            <span aria-hidden="true">"⚠ "</span>{format!("{} ({}): {}", tt().invalid, e.field, e.message)}
                        </p>
                    }.into_any(),
                    Ok(p) => {
                        let lang = store.lang.get();
                        let most = p.replicas_per_broker.iter().copied().max().unwrap_or(1).max(1);
                        view! {
                            <p>{tt().needed}": "<strong data-testid="plan-needed">{p.needed_partitions}</strong></p>
                            {(!p.replicas_per_broker.is_empty()).then(|| view! {
                                <p class="small">{tt().per_broker}</p>
                                <ol class="plan-bars" data-testid="plan-spread">
                                    {p.replicas_per_broker.iter().enumerate().take(100).map(|(i, n)| {
                                        let pct = (*n as f64 / most as f64 * 100.0).round();
                                        view! {
                                            <li title=format!("broker {}: {n}", i + 1)>
                                                <span class="plan-broker">{i + 1}</span>
                                                // An SVG attribute, not a style attribute: the strict CSP forbids inline styles.
                                                <svg class="plan-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                                    <rect width=pct height="10"></rect>
                                                </svg>
                                                <span class="plan-n">{*n}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            })}
                            {if p.warnings.is_empty() {
                                view! { <p class="plan-ok" data-testid="plan-ok"><span aria-hidden="true">"✓ "</span>{tt().all_good}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plan-warnings" data-testid="plan-warnings">
                                        {p.warnings.iter().map(|w| view! {
                                            <li><span aria-hidden="true">"⚠ "</span>{warning_text(w, lang)}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }}
            </div>
        </section>
    }
}
