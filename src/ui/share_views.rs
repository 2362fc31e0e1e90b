//! A share group's partitions (KIP-932): per share-partition, a strip of its in-flight records
//! from SPSO to SPEO, each drawn by shape and word (○ Available, ◐ Acquired by consumer N,
//! ✓ Acknowledged, ✕ Archived) with its delivery count.

use super::derived::{GroupRow, ShareRow};
use super::i18n_share::share_text;
use super::state::Store;
use crate::sim::share_partition::ShareRecordState;
use leptos::prelude::*;

pub fn record_state(s: ShareRecordState) -> (&'static str, &'static str, &'static str) {
    match s {
        ShareRecordState::Available => ("available", "○", "Available"),
        ShareRecordState::Acquired => ("acquired", "◐", "Acquired"),
        ShareRecordState::Acknowledged => ("acknowledged", "✓", "Acknowledged"),
        ShareRecordState::Archived => ("archived", "✕", "Archived"),
    }
}

#[component]
pub fn SharePartitions(group: GroupRow) -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || share_text(store.lang.get());
    let name = group.name.clone();
    let rows = group.share.into_iter().map(|row: ShareRow| {
        let id = format!("share-{name}-{}-{}", row.tp.topic, row.tp.partition);
        let cells = row.records.iter().map(|&(offset, state, deliveries, holder)| {
            let (cls, glyph, word) = record_state(state);
            let who = holder.map(|c| format!(" · {} {c}", t().held_by)).unwrap_or_default();
            let title = format!("offset {offset}: {word} · {} {deliveries}{who}", t().delivery);
            view! {
                <li class=format!("share-rec {cls}") data-testid=format!("{id}-{offset}") data-state=word data-deliveries=deliveries.to_string()
                    title=title.clone() aria-label=title>
                    <span class="share-glyph" aria-hidden="true">{glyph}</span>
                    <span class="share-off">{offset.to_string()}</span>
                    {(deliveries > 1).then(|| view! { <span class="share-dc" aria-hidden="true">{format!("×{deliveries}")}</span> })}
                    {holder.map(|c| view! { <span class="share-holder" aria-hidden="true">{format!("c{c}")}</span> })}
                </li>
            }
        }).collect_view();
        let empty = row.records.is_empty();
        view! {
            <div class="share-partition" data-testid=id.clone() data-start=row.start.to_string() data-end=row.end.to_string()>
                <p class="mono share-head">{format!("{}  SPSO {}  SPEO {}", row.tp, row.start, row.end)}</p>
                {empty.then(|| view! { <p class="muted">{t().empty}</p> })}
                <ul class="share-strip" aria-label=move || format!("{} {}", row.tp, t().strip_caption)>{cells}</ul>
                {(row.more > 0).then(|| view! { <p class="muted">{format!("+{} {}", row.more, t().more)}</p> })}
            </div>
        }
    }).collect_view();
    view! {
        <section class="share-partitions" aria-label=move || t().strip_caption>
            <p class="hint">{move || t().legend}</p>
            {rows}
        </section>
    }
}
