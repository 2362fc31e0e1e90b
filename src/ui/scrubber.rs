//! The timeline strip: a scrubber over every event of the run, step back, back to now, and the
//! notices for looking at the past and for a fork. The store does the seeking (`travel.rs`).

use super::i18n_travel::{fork_notice, position_text, travel};
use super::format::ms;
use super::state::Store;
use leptos::prelude::*;

#[component]
pub fn Scrubber() -> impl IntoView {
    let store = expect_context::<Store>();
    let tt = move || travel(store.lang.get());
    let t = move || store.travel.get();
    view! {
        <section class="panel timeline-strip" data-testid="timeline" aria-labelledby="timeline-h"
            class:past=move || t().in_past>
            <h2 id="timeline-h" class="sr-only">{move || tt().timeline}</h2>
            <div class="row scrub-row">
                <button class="btn" data-testid="step-back" aria-label=move || tt().step_back_label
                    prop:disabled=move || t().at().is_none()
                    on:click=move |_| store.step_back()>{move || tt().step_back}</button>
                <input type="range" class="scrubber" data-testid="scrubber"
                    aria-label=move || tt().scrub_label
                    min=move || t().first_seq.to_string()
                    max=move || t().end_seq.saturating_sub(1).max(t().first_seq).to_string()
                    step="1"
                    prop:value=move || t().at().unwrap_or(t().first_seq).to_string()
                    prop:disabled=move || t().end_seq <= t().first_seq
                    aria-valuetext=move || position_text(store.lang.get(), t().at(), t().end_seq - t().first_seq)
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                            store.seek_event(v);
                        }
                    }/>
                <span class="scrub-pos" data-testid="scrub-pos">
                    {move || position_text(store.lang.get(), t().at().map(|a| a - t().first_seq), t().end_seq - t().first_seq)}
                    " · t=" {move || ms(store.snap.with(|s| s.now))} "ms"
                </span>
                <span class="live-badge" data-testid="live-badge" class:off=move || t().in_past>
                    {move || if t().in_past { format!("⏸ {}", tt().past) } else { format!("● {}", tt().live) }}
                </span>
                <button class="btn" data-testid="to-now" prop:disabled=move || !t().in_past
                    on:click=move |_| store.go_live()>{move || tt().to_now}</button>
            </div>
            {move || t().in_past.then(|| view! {
                <p class="past-note" data-testid="past-note">{tt().in_past}</p>
            })}
            {move || t().fork.map(|f| view! {
                <p class="fork-note" role="status" data-testid="fork-note">
                    <span>{fork_notice(store.lang.get(), f)}</span>
                    " "
                    <button class="btn small" on:click=move |_| store.dismiss_fork()>{tt().dismiss}</button>
                </p>
            })}
        </section>
    }
}
