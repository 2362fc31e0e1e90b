//! Broker cards: status (by shape, word and colour), fenced badge, rack, leaderships, and the
//! per-broker actions Crash, Graceful stop and Restart, and a menu (long press, right click or
//! "⋯") that also isolates and heals (`broker_menu.rs`).

use super::broker_menu::{BrokerMenu, MenuState};
use super::format::ms;
use super::i18n::{broker_action_label, status_label, strings};
use super::i18n_more::more;
use super::state::Store;
use crate::sim::broker::BrokerStatus;
use crate::sim::Action;
use leptos::prelude::*;

/// Brokers up to which each card shows every action button.
const MANY_BROKERS: usize = 8;

#[component]
pub fn BrokerCards() -> impl IntoView {
    let store = expect_context::<Store>();
    let ids = Memo::new(move |_| store.snap.with(|s| s.brokers.iter().map(|b| b.id).collect::<Vec<u32>>()));
    // Past MANY_BROKERS the cards shrink to a status and Crash/Restart plus the menu (CSS).
    let many = move || ids.with(|i| i.len() > MANY_BROKERS);
    view! {
        <div class="broker-cards" class:many=many>
            <For each=move || ids.get() key=|id| *id let:id>
                <BrokerCard id=id/>
            </For>
        </div>
    }
}

#[component]
fn BrokerCard(id: u32) -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let view_of = Memo::new(move |_| store.snap.with(|s| s.brokers.iter().find(|b| b.id == id).cloned()));
    let status = move || view_of.get().map(|b| b.status).unwrap_or(BrokerStatus::Crashed);
    let up = move || matches!(status(), BrokerStatus::Running | BrokerStatus::ShuttingDown);
    let cls = move || {
        let s = match status() {
            BrokerStatus::Running => "running",
            BrokerStatus::ShuttingDown => "shutting-down",
            BrokerStatus::Stopped => "stopped",
            BrokerStatus::Crashed => "crashed",
        };
        format!("broker-card status-{s}")
    };
    let icon = move || match status() {
        BrokerStatus::Running => "●",
        BrokerStatus::ShuttingDown => "◌",
        BrokerStatus::Stopped => "■",
        BrokerStatus::Crashed => "✕",
    };
    let label = move |verb: &'static str| broker_action_label(store.lang.get(), verb, id);
    let m = move || more(store.lang.get());
    let stalled = Memo::new(move |_| store.groups.with(|g| g.broker_stalls.iter().find(|(b, _)| *b == id).map(|(_, u)| *u)));
    let menu = MenuState::new();

    view! {
        <article class=cls data-testid=format!("broker-{id}") data-status=move || status_label(crate::sim::Lang::En, status())
            data-isolated=move || view_of.get().is_some_and(|b| b.isolated).to_string()
            on:contextmenu=move |ev| { ev.prevent_default(); menu.open.set(true); }
            on:pointerdown=move |ev| menu.pointer_down(&ev)
            on:pointermove=move |ev| menu.pointer_move(&ev)
            on:pointerup=move |_| menu.pointer_up()
            on:pointercancel=move |_| menu.pointer_up()>
            <header>
                <span class="status-icon" aria-hidden="true">{icon}</span>
                <h3>{move || format!("{} {id}", t().broker)}</h3>
            </header>
            <p class="status-line">
                <span class="status-word">{move || status_label(store.lang.get(), status())}</span>
                {move || view_of.get().filter(|b| b.fenced).map(|_| view! { <span class="badge fenced">{super::zookeeper::fenced_label(store.lang.get(), store.snap.with(|s| s.zookeeper.is_some()))}</span> })}
                {move || view_of.get().filter(|b| b.isolated).map(|_| view! {
                    <span class="badge isolated" data-testid=format!("isolated-{id}")><span aria-hidden="true">"⌁ "</span>{m().isolated}</span>
                })}
            </p>
            {move || stalled.get().map(|u| view! {
                <p class="stall-line" data-testid=format!("stalled-{id}")>
                    <span aria-hidden="true">"❚❚ "</span>{format!("{} {} ms", m().stalled_until, ms(u))}
                </p>
            })}
            <p class="meta">
                {move || view_of.get().and_then(|b| b.rack).map(|r| format!("{} {r} · ", t().rack)).unwrap_or_default()}
                {move || format!("{} {}", t().leads, view_of.get().map(|b| b.leader_of).unwrap_or(0))}
            </p>
            <div class="broker-actions">
                <button
                    class="btn danger small"
                    data-testid=format!("crash-{id}")
                    aria-label=move || label(t().crash)
                    disabled=move || !up()
                    on:click=move |_| store.apply(Action::CrashBroker { broker: id })
                >{move || t().crash}</button>
                <button
                    class="btn small"
                    data-testid=format!("stop-{id}")
                    aria-label=move || label(t().stop)
                    disabled=move || status() != BrokerStatus::Running
                    on:click=move |_| store.apply(Action::StopBroker { broker: id })
                >{move || t().stop}</button>
                <button
                    class="btn small"
                    data-testid=format!("restart-{id}")
                    aria-label=move || label(t().restart)
                    disabled=move || up()
                    on:click=move |_| store.apply(Action::RestartBroker { broker: id })
                >{move || t().restart}</button>
                <button
                    class="btn small stall"
                    data-testid=format!("stall-{id}")
                    aria-label=move || label(m().stall)
                    title=move || m().stall_help
                    disabled=move || status() != BrokerStatus::Running
                    on:click=move |_| store.apply(Action::StallReplication { broker: id, ms: 10_000 })
                ><span aria-hidden="true">"❚❚ "</span>{move || m().stall}</button>
                <button class="btn small" data-testid=format!("menu-open-{id}") aria-haspopup="menu"
                    aria-expanded=move || menu.open.get().to_string()
                    aria-label=move || format!("{} {id}", m().menu_open)
                    on:click=move |_| menu.open.update(|o| *o = !*o)>"⋯"</button>
            </div>
            <BrokerMenu id=id state=menu/>
        </article>
    }
}
