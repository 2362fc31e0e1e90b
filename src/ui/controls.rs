//! Time controls: step, step to the next notable event, play/pause with a log-scale speed,
//! reset, and the seed (replay with it, or replay this run's actions to show determinism).

use super::format::{ms, speed_from_slider, SLIDER_MAX};
use super::i18n::{speed_label, strings};
use super::i18n_more::more;
use super::state::Store;
use super::url::parse_seed;
use super::split_view::SplitState;
use crate::player::split::{Comparison, PRESETS};
use crate::sim::Lang;
use leptos::prelude::*;
use std::time::Duration;

/// Real milliseconds between Play ticks.
const TICK_MS: u64 = 50;

#[component]
pub fn Controls() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let m = move || more(store.lang.get());
    let seed_text = RwSignal::new(store.seed().to_string());
    // Keep the seed box in step with the running sim (after Reset / Replay).
    Effect::new(move |_| seed_text.set(store.snap.with(|s| s.seed).to_string()));
    Player(store);

    let replay = move || match parse_seed(&seed_text.get_untracked()) {
        Some(seed) => store.reset(seed),
        None => store.error.set(Some(format!("Seed must be a whole number ≥ 0, not '{}'", seed_text.get_untracked()))),
    };

    view! {
        <section class="panel controls" aria-labelledby="controls-h">
            <h2 id="controls-h">{move || t().controls}</h2>
            <div class="clock" data-testid="clock">
                <div><span class="label">{move || t().virtual_time}</span>
                    <span class="value" data-testid="now">{move || format!("{} ms", ms(store.snap.with(|s| s.now)))}</span></div>
                <div><span class="label">{move || t().position}</span>
                    <span class="value" data-testid="position">{move || store.snap.with(|s| s.position).to_string()}</span></div>
                <div><span class="label">{move || t().actions_so_far}</span>
                    <span class="value">{move || store.actions.get().to_string()}</span></div>
            </div>
            <div class="row wrap">
                <button class="btn primary" data-testid="step" on:click=move |_| store.step()>{move || t().step}</button>
                <button class="btn" data-testid="step-notable" on:click=move |_| store.step_notable()>{move || t().step_notable}</button>
                <button
                    class="btn"
                    data-testid="play"
                    aria-pressed=move || store.playing.get().to_string()
                    on:click=move |_| store.playing.update(|p| *p = !*p)
                >
                    <span aria-hidden="true">{move || if store.playing.get() { "❚❚ " } else { "▶ " }}</span>
                    {move || if store.playing.get() { t().pause } else { t().play }}
                </button>
                <button class="btn" data-testid="run-1s" on:click=move |_| store.run_for(1_000)>{move || m().run_1s}</button>
                <button class="btn" data-testid="run-10s" on:click=move |_| store.run_for(10_000)>{move || m().run_10s}</button>
            </div>
            <label class="speed">
                <span class="label">{move || t().speed}": "
                    <output data-testid="speed-label">{move || speed_label(store.lang.get(), speed_from_slider(store.speed.get()))}</output>
                </span>
                <input
                    type="range"
                    min="0"
                    max=SLIDER_MAX.to_string()
                    step="1"
                    data-testid="speed"
                    prop:value=move || store.speed.get().to_string()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                            store.speed.set(v);
                        }
                    }
                />
            </label>
            <div class="row wrap seed-row">
                <label class="seed">
                    <span class="label">{move || t().seed}</span>
                    <input
                        type="number"
                        min="0"
                        step="1"
                        inputmode="numeric"
                        data-testid="seed"
                        prop:value=move || seed_text.get()
                        on:input=move |ev| seed_text.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { replay() }
                    />
                </label>
                <button class="btn" data-testid="replay-seed" on:click=move |_| replay()>{move || t().replay_seed}</button>
            </div>
            <div class="row wrap">
                <button class="btn" data-testid="reset" on:click=move |_| store.reset(store.seed())>{move || t().reset}</button>
                <button class="btn" data-testid="replay-actions" on:click=move |_| store.replay_actions()>{move || t().replay_actions}</button>
            </div>
            <CompareRow/>
        </section>
    }
}

/// Starts and stops the Play timer. Each tick advances virtual time by speed × real time.
#[allow(non_snake_case)]
fn Player(store: Store) {
    let handle: StoredValue<Option<IntervalHandle>> = StoredValue::new(None);
    let carry = StoredValue::new(0.0f64);
    Effect::new(move |_| {
        let playing = store.playing.get();
        if let Some(h) = handle.get_value() {
            h.clear();
            handle.set_value(None);
        }
        if playing {
            let tick = move || {
                let factor = speed_from_slider(store.speed.get_untracked());
                let want = carry.get_value() + factor * TICK_MS as f64;
                let whole = want.floor();
                carry.set_value(want - whole);
                store.run_for(whole as u64);
            };
            if let Ok(h) = set_interval_with_handle(tick, Duration::from_millis(TICK_MS)) {
                handle.set_value(Some(h));
            }
        }
    });
    on_cleanup(move || {
        if let Some(h) = handle.get_value() {
            h.clear();
        }
    });
}

/// "Compare side by side": this run, split on one setting (see `split_view.rs`).
#[component]
fn CompareRow() -> impl IntoView {
    let store = expect_context::<Store>();
    let split = expect_context::<SplitState>();
    let choice = RwSignal::new(PRESETS[0].0.to_string());
    let open = move |_| match Comparison::parse(&choice.get_untracked()) {
        Ok(cmp) => split.0.set(store.split_setup(cmp)),
        Err(e) => store.error.set(Some(e)),
    };
    let label = move || match store.lang.get() { Lang::En => "Compare side by side", Lang::Ko => "나란히 비교" };
    view! {
        <div class="row wrap compare-row">
            <label class="seed">
                <span class="label">{label}</span>
                <select data-testid="compare-choice" on:change=move |ev| choice.set(event_target_value(&ev))>
                    {PRESETS.iter().map(|(code, key, l, r)| view! { <option value=*code>{format!("{key}: {l} vs {r}")}</option> }).collect_view()}
                </select>
            </label>
            <button class="btn" data-testid="open-split" on:click=open>{label}</button>
        </div>
    }
}
