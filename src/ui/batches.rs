//! The producer's RecordAccumulator: one card per batch (partition, records, bytes against
//! batch.size, base sequence, attempts, state by symbol and word) and buffer.memory in use.

use super::format::ms as num;
use super::i18n_more::{batch_state, more};
use super::state::Store;
use leptos::prelude::*;

#[component]
pub fn Batches() -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let batch_size = move || store.config.with(|c| c.producer.batch_size).max(1);
    let buffer = move || {
        let used = store.snap.with(|s| s.producer.buffer_used);
        let total = store.config.with(|c| c.producer.buffer_memory).max(1);
        (used, total)
    };
    let rows = move || {
        let lang = store.lang.get();
        let size = batch_size();
        let m = m();
        store.snap.with(|s| {
            s.producer.batches.iter().map(|b| {
                let (cls, shape, word) = batch_state(lang, &b.state);
                let pct = (b.bytes as f64 / size as f64 * 100.0).clamp(0.0, 100.0);
                view! {
                    <li class=format!("batch batch-{cls}") data-testid=format!("batch-{}", b.id) data-state=cls>
                        <div class="batch-top">
                            <span class="batch-tp">{b.tp.to_string()}</span>
                            <span class="batch-state"><span aria-hidden="true">{shape}" "</span>{word}</span>
                        </div>
                        <div class="batch-facts">
                            <span>{format!("{}: {}", m.records, b.records.len())}</span>
                            <span>{format!("{} / {} B", num(b.bytes), num(size))}</span>
                            <span>{format!("{} {}", m.base_seq, b.base_seq.map(|q| q.to_string()).unwrap_or_else(|| "—".into()))}</span>
                            <span>{format!("{} {}", m.attempts, b.attempts)}</span>
                        </div>
                        <div class="meter" role="img" aria-label=format!("batch.size {pct:.0}%")>
                            <div class="meter-fill" style:width=format!("{pct:.1}%")></div>
                        </div>
                    </li>
                }
            }).collect_view()
        })
    };
    view! {
        <details class="subpanel batches" open>
            <summary>{move || format!("{} ({})", m().batches, store.snap.with(|s| s.producer.batches.len()))}</summary>
            <p class="buffer-line">
                <span class="label mono">{move || m().buffer_used}</span>" "
                <span class="mono" data-testid="buffer-used">{move || { let (u, t) = buffer(); format!("{} / {} B", num(u), num(t)) }}</span>
            </p>
            {move || if store.snap.with(|s| s.producer.batches.is_empty()) {
                view! { <p class="muted">{m().no_batches}</p> }.into_any()
            } else {
                view! { <ul class="batch-list" data-testid="batches">{rows}</ul> }.into_any()
            }}
        </details>
    }
}
