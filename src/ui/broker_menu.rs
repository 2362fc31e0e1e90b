//! A broker's action menu: opened by a long press on its card (touch screens have no right
//! click), by a right click, or by its "⋯" button (the keyboard's way in). Besides the card's own
//! buttons (stall replication included) it can cut the broker off the network and heal it
//! (`Action::Isolate` / `Heal`). With many brokers the cards show only Crash/Restart and this menu.

use super::i18n_more::more;
use super::state::Store;
use crate::sim::action::Action;
use crate::sim::broker::BrokerStatus;
use crate::sim::types::NodeId;
use leptos::prelude::*;
use std::time::Duration;

/// How long a press must last to open the menu (Android's long-press timeout is 400-500 ms).
const LONG_PRESS_MS: u64 = 500;
/// A finger that moves further than this is scrolling, not pressing.
const MOVE_SLOP_PX: i32 = 10;

/// The menu's open state and the long-press timer, shared by the card's handlers.
#[derive(Clone, Copy)]
pub struct MenuState {
    pub open: RwSignal<bool>,
    press: StoredValue<Option<(TimeoutHandle, i32, i32)>>,
}

impl MenuState {
    pub fn new() -> Self {
        MenuState { open: RwSignal::new(false), press: StoredValue::new(None) }
    }
    fn cancel(&self) {
        if let Some((h, _, _)) = self.press.get_value() {
            h.clear();
        }
        self.press.set_value(None);
    }
    pub fn pointer_down(&self, ev: &leptos::ev::PointerEvent) {
        // A mouse has its right button; only touch and pen need the long press.
        if ev.pointer_type() == "mouse" {
            return;
        }
        self.cancel();
        let open = self.open;
        let handle = set_timeout_with_handle(move || open.set(true), Duration::from_millis(LONG_PRESS_MS)).ok();
        self.press.set_value(handle.map(|h| (h, ev.client_x(), ev.client_y())));
    }
    pub fn pointer_move(&self, ev: &leptos::ev::PointerEvent) {
        if let Some((_, x, y)) = self.press.get_value() {
            if (ev.client_x() - x).abs() > MOVE_SLOP_PX || (ev.client_y() - y).abs() > MOVE_SLOP_PX {
                self.cancel();
            }
        }
    }
    pub fn pointer_up(&self) {
        self.cancel();
    }
}

impl Default for MenuState {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn BrokerMenu(id: u32, state: MenuState) -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let view_of = Memo::new(move |_| store.snap.with(|s| s.brokers.iter().find(|b| b.id == id).cloned()));
    let status = move || view_of.get().map(|b| b.status).unwrap_or(BrokerStatus::Crashed);
    let up = move || matches!(status(), BrokerStatus::Running | BrokerStatus::ShuttingDown);
    let isolated = move || view_of.get().is_some_and(|b| b.isolated);
    let act = move |a: Action| {
        state.open.set(false);
        store.apply(a);
    };
    let item = move |testid: String, text: Signal<String>, enabled: Signal<bool>, action: Action| {
        view! {
            <button role="menuitem" class="menu-item" data-testid=testid disabled=move || !enabled.get()
                on:click=move |_| act(action.clone())>{move || text.get()}</button>
        }
    };
    let menu_ref = NodeRef::<leptos::html::Div>::new();
    // Focus the first item when the menu opens, so the keyboard and screen readers land in it.
    Effect::new(move |_| {
        if state.open.get() {
            if let Some(el) = menu_ref.get() {
                if let Ok(Some(first)) = el.query_selector("button:not([disabled])") {
                    use wasm_bindgen::JsCast;
                    if let Ok(b) = first.dyn_into::<web_sys::HtmlElement>() {
                        let _ = b.focus();
                    }
                }
            }
        }
    });
    view! {
        <Show when=move || state.open.get()>
            <div class="broker-menu" role="menu" node_ref=menu_ref data-testid=format!("broker-menu-{id}")
                aria-label=move || format!("{} {id}", m().menu_label)
                on:keydown=move |ev| if ev.key() == "Escape" { state.open.set(false) }>
                {item(format!("menu-crash-{id}"), Signal::derive(move || m().menu_crash.to_string()), Signal::derive(up), Action::CrashBroker { broker: id })}
                {item(format!("menu-stop-{id}"), Signal::derive(move || m().menu_stop.to_string()),
                    Signal::derive(move || status() == BrokerStatus::Running), Action::StopBroker { broker: id })}
                {item(format!("menu-restart-{id}"), Signal::derive(move || m().menu_restart.to_string()),
                    Signal::derive(move || !up()), Action::RestartBroker { broker: id })}
                {item(format!("menu-stall-{id}"), Signal::derive(move || m().stall.to_string()),
                    Signal::derive(move || status() == BrokerStatus::Running), Action::StallReplication { broker: id, ms: 10_000 })}
                {item(format!("menu-isolate-{id}"), Signal::derive(move || m().menu_isolate.to_string()),
                    Signal::derive(move || !isolated()), Action::Isolate { node: NodeId::Broker(id) })}
                {item(format!("menu-heal-{id}"), Signal::derive(move || m().menu_heal.to_string()),
                    Signal::derive(isolated), Action::Heal { node: NodeId::Broker(id) })}
                <button role="menuitem" class="menu-item" data-testid=format!("menu-close-{id}")
                    on:click=move |_| state.open.set(false)>{move || m().menu_close}</button>
            </div>
        </Show>
    }
}
