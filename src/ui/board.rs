//! The cluster board: the network diagram, broker cards, partition rows, messages on the wire.

use super::brokers::BrokerCards;
use super::i18n::strings;
use super::i18n_more::{internal_hidden, more};
use super::inflight::InFlightList;
use super::network::NetworkView;
use super::partitions::PartitionRows;
use super::state::Store;
use crate::sim::Action;
use leptos::prelude::*;

#[component]
pub fn Board() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let leader_p0 = Memo::new(move |_| {
        store.snap.with(|s| s.partitions.iter().find(|p| p.tp.topic == "orders" && p.tp.partition == 0).and_then(|p| p.leader))
    });
    let crash_leader = move |_| match leader_p0.get_untracked() {
        Some(b) => store.apply(Action::CrashBroker { broker: b }),
        None => store.error.set(Some(match store.lang.get_untracked() {
            crate::sim::Lang::En => "orders-0 has no leader to crash right now.".to_string(),
            crate::sim::Lang::Ko => "지금은 orders-0에 죽일 리더가 없습니다.".to_string(),
        })),
    };

    view! {
        <section class="panel board" aria-labelledby="board-h">
            <div class="board-head">
                <h2 id="board-h">{move || t().cluster}</h2>
                <button
                    class="btn danger"
                    data-testid="crash-leader-p0"
                    disabled=move || leader_p0.get().is_none()
                    on:click=crash_leader
                >
                    <span aria-hidden="true">"✕ "</span>
                    {move || t().crash_leader_p0}
                    {move || leader_p0.get().map(|b| format!(" ({} {b})", t().broker)).unwrap_or_default()}
                </button>
            </div>
            <div class="row wrap">
                <button class="btn" data-testid="elect-preferred" title=move || more(store.lang.get()).elect_preferred_help
                    on:click=move |_| store.apply(Action::ElectPreferredLeaders { topic: None, partition: None })>
                    <span aria-hidden="true">"★ "</span>{move || more(store.lang.get()).elect_preferred}
                </button>
                <button class="btn" data-testid="change-addresses" title=move || more(store.lang.get()).move_addresses_help
                    on:click=move |_| store.apply(Action::ChangeAddresses { brokers: Vec::new() })>
                    <span aria-hidden="true">"⇄ "</span>{move || more(store.lang.get()).move_addresses}
                </button>
            </div>
            <NetworkView/>
            <super::zookeeper::ZooKeeperPanel/>
            <BrokerCards/>
            <InternalToggle/>
            <PartitionRows/>
            <Legend/>
            <InFlightList/>
        </section>
    }
}

#[component]
fn Legend() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    view! {
        <div class="legend" aria-label=move || t().legend>
            <span class="legend-item"><svg width="18" height="18" aria-hidden="true"><rect class="cell committed epoch-0" x="2" y="2" width="14" height="14" rx="2"/></svg>{move || t().legend_committed}</span>
            <span class="legend-item"><svg width="18" height="18" aria-hidden="true"><rect class="cell uncommitted epoch-0" x="2" y="2" width="14" height="14" rx="2"/></svg>{move || t().legend_uncommitted}</span>
            <span class="legend-item"><svg width="18" height="18" aria-hidden="true"><rect class="cell committed epoch-0" x="2" y="2" width="14" height="14" rx="2"/><circle class="ack-dot" cx="13" cy="5" r="3"/></svg>{move || t().legend_acked}</span>
            <span class="legend-item"><svg width="18" height="18" aria-hidden="true"><rect class="cell uncommitted epoch-0" x="2" y="2" width="14" height="14" rx="2"/><path class="lost-x" d="M4 4 L14 14 M14 4 L4 14"/></svg>{move || t().legend_lost}</span>
            <span class="legend-item"><span class="mark hw">"HW"</span>" / "<span class="mark leo">"LEO"</span></span>
            <span class="legend-item"><span class="mark lso">"LSO"</span>{move || format!("= {}", more(store.lang.get()).legend_lso.trim_start_matches("LSO: "))}</span>
            <span class="legend-item"><svg width="40" height="18" aria-hidden="true"><rect class="cell marker commit" x="2" y="2" width="16" height="14" rx="2"/><text class="marker-text" x="10" y="13" text-anchor="middle">"C"</text><rect class="cell marker abort" x="22" y="2" width="16" height="14" rx="2"/><text class="marker-text" x="30" y="13" text-anchor="middle">"A"</text></svg>{move || more(store.lang.get()).legend_markers}</span>
            <span class="legend-item"><span class="owner-tag owner-1">"C1"</span>{move || more(store.lang.get()).legend_owner}</span>
            <span class="legend-item"><span class="swatch epoch-0"></span><span class="swatch epoch-1"></span><span class="swatch epoch-2"></span>" = "{move || t().epoch}" 0, 1, 2"</span>
        </div>
    }
}

/// "Show internal topics": `__consumer_offsets` and `__transaction_state` are hidden by default.
#[component]
fn InternalToggle() -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let hidden = Memo::new(move |_| store.snap.with(|s| s.partitions.iter().filter(|p| p.internal).count()));
    view! {
        <div class="internal-toggle">
            <label class="toggle">
                <input type="checkbox" data-testid="show-internal"
                    prop:checked=move || store.show_internal.get()
                    on:change=move |ev| store.show_internal.set(event_target_checked(&ev))/>
                <span>{move || m().show_internal}</span>
            </label>
            {move || (hidden.get() > 0 && !store.show_internal.get()).then(|| view! {
                <span class="muted" data-testid="internal-hidden">{internal_hidden(store.lang.get(), hidden.get())}</span>
            })}
        </div>
    }
}
