//! Transactions: set transactional.id, Begin / Commit / Abort, start a second instance with
//! the same transactional.id (the zombie test), and each instance's TransactionManager state
//! as a small state machine with the current state marked by shape and word.

use super::i18n_more::more;
use super::state::Store;
use crate::sim::snapshot::ProducerView;
use crate::sim::txn::TxnClientState;
use crate::sim::Action;
use leptos::prelude::*;


#[component]
pub fn TxnPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let tid = Memo::new(move |_| store.config.with(|c| c.producer.transactional_id.clone()));
    let text = RwSignal::new(String::new());
    Effect::new(move |_| text.set(tid.get().unwrap_or_else(|| "orders-tx".into())));
    let set_tid = move || store.apply(Action::SetConfig { key: "transactional.id".into(), value: text.get_untracked() });
    let p1_state = Memo::new(move |_| store.snap.with(|s| s.producer.txn_state));
    let instances = Memo::new(move |_| store.snap.with(|s| s.producers.iter().filter(|p| p.transactional_id.is_some()).cloned().collect::<Vec<_>>()));
    let act = move |a: Action| store.apply(a);

    view! {
        <section class="panel txn" aria-labelledby="txn-h" data-testid="txn-panel">
            <h2 id="txn-h">{move || m().txn}</h2>
            <div class="row wrap">
                <label class="field">
                    <span class="label mono">"transactional.id"</span>
                    <input type="text" autocomplete="off" data-testid="txn-id"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { set_tid() }/>
                </label>
                <button class="btn" data-testid="txn-id-set" aria-label=move || format!("{} transactional.id", m().set)
                    on:click=move |_| set_tid()>{move || m().set}</button>
            </div>
            {move || match tid.get() {
                None => view! { <p class="hint">{m().txn_off}</p> }.into_any(),
                Some(id) => view! {
                    <div class="row wrap txn-buttons">
                        <button class="btn primary" data-testid="txn-begin"
                            disabled=move || p1_state.get() != Some(TxnClientState::Ready)
                            on:click=move |_| act(Action::BeginTransaction { producer: None })>{move || m().begin}</button>
                        <button class="btn" data-testid="txn-commit"
                            disabled=move || p1_state.get() != Some(TxnClientState::InTransaction)
                            on:click=move |_| act(Action::CommitTransaction { producer: None })>{move || m().commit}</button>
                        <button class="btn danger" data-testid="txn-abort"
                            disabled=move || p1_state.get() != Some(TxnClientState::InTransaction)
                            on:click=move |_| act(Action::AbortTransaction { producer: None })>{move || m().abort}</button>
                    </div>
                    <div class="row wrap">
                        <button class="btn" data-testid="txn-zombie" title=move || m().zombie_help
                            on:click=move |_| act(Action::AddProducer { transactional_id: Some(id.clone()) })>{move || m().zombie}</button>
                    </div>
                    <p class="hint">{move || m().zombie_help}</p>
                    <h3 class="sub-h">{move || m().instances}</h3>
                    <ul class="txn-instances">
                        <For each=move || instances.get() key=|p| (p.id, p.producer_epoch, p.txn_state.map(TxnClientState::name)) let:p>
                            <Instance p=p/>
                        </For>
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Instance(p: ProducerView) -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let cur = p.txn_state;
    let node = move |s: TxnClientState| {
        let here = cur == Some(s);
        view! {
            <li class=if here { "fsm-state current" } else { "fsm-state" } data-state=s.name()
                aria-current=if here { Some("step") } else { None }>
                <span class="fsm-shape" aria-hidden="true">{if here { "◉" } else { "○" }}</span>
                <span class="fsm-name">{s.name()}</span>
                {here.then(|| view! { <span class="fsm-cur">{format!("({})", m().current)}</span> })}
            </li>
        }
    };
    view! {
        <li class="txn-instance" data-testid=format!("txn-producer-{}", p.id) data-state=cur.map(TxnClientState::name).unwrap_or("none")>
            <p class="mono">{format!("P{} · PID {} · epoch {} · {}", p.id, p.producer_id, p.producer_epoch, p.transactional_id.clone().unwrap_or_default())}</p>
            <ol class="fsm" aria-label=format!("P{} TransactionManager", p.id)>
                {node(TxnClientState::Initializing)}
                <li class="fsm-arrow" aria-hidden="true">"→"</li>
                {node(TxnClientState::Ready)}
                <li class="fsm-arrow" aria-hidden="true">"→"</li>
                {node(TxnClientState::InTransaction)}
                <li class="fsm-arrow" aria-hidden="true">"→"</li>
                {node(TxnClientState::Committing)}
                <li class="fsm-arrow" aria-hidden="true">"/"</li>
                {node(TxnClientState::Aborting)}
                <li class="fsm-arrow" aria-hidden="true">"↩ Ready"</li>
                {node(TxnClientState::Fenced)}
            </ol>
        </li>
    }
}
