//! The consumer-group panel: add consumers (group.id, optional group.instance.id), consumer
//! settings, and one card per consumer with its state, assignment, positions vs committed
//! offsets and Crash / Stop / Restart / Stall 60 s / Slow ×10; commitSync vs commitAsync.

use super::derived::ConsumerRow;
use super::format::ms;
use super::group_views::{GroupDetails, RebalanceTimeline};
use super::i18n::strings;
use super::i18n_more::{consumer_action_label, more};
use super::state::Store;
use crate::sim::config::{CommitApi, CommitMode};
use crate::sim::consumer_config::PoisonHandling;
use crate::sim::consumer::MemberState;
use crate::sim::Action;
use leptos::prelude::*;

pub fn member_state(s: MemberState) -> (&'static str, &'static str) {
    match s {
        MemberState::FindingCoordinator => ("FindingCoordinator", "…"),
        MemberState::Joining => ("Joining", "◌"),
        MemberState::Syncing => ("Syncing", "◍"),
        MemberState::Stable => ("Stable", "●"),
        MemberState::Stopped => ("Stopped", "■"),
        MemberState::Crashed => ("Crashed", "✕"),
    }
}

#[component]
pub fn GroupPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let group = RwSignal::new("orders-app".to_string());
    let instance = RwSignal::new(String::new());
    let add = move || {
        let inst = instance.get_untracked().trim().to_string();
        store.apply(Action::AddConsumer {
            group: group.get_untracked().trim().to_string(),
            topics: Vec::new(),
            instance_id: if inst.is_empty() { None } else { Some(inst) },
        });
        instance.set(String::new());
    };
    let add_share = move || store.apply(Action::AddShareConsumer { group: group.get_untracked().trim().to_string(), topics: Vec::new() });
    let st = move || super::i18n_share::share_text(store.lang.get());
    let ids = Memo::new(move |_| store.groups.with(|g| g.consumers.iter().map(|c| c.id).collect::<Vec<u32>>()));
    let names = Memo::new(move |_| store.groups.with(|g| g.groups.iter().map(|g| g.name.clone()).collect::<Vec<String>>()));
    view! {
        <section class="panel groups" aria-labelledby="groups-h" data-testid="groups">
            <h2 id="groups-h">{move || m().groups}</h2>
            <div class="groups-grid">
                <div class="groups-left">
                    <div class="row wrap">
                        <label class="field">
                            <span class="label mono">"group.id"</span>
                            <input type="text" autocomplete="off" data-testid="group-name"
                                prop:value=move || group.get() on:input=move |ev| group.set(event_target_value(&ev))/>
                        </label>
                        <label class="field">
                            <span class="label mono">"group.instance.id"</span>
                            <input type="text" autocomplete="off" data-testid="instance-id" placeholder=move || m().instance_id_hint
                                title="static membership"
                                prop:value=move || instance.get() on:input=move |ev| instance.set(event_target_value(&ev))
                                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { add() }/>
                        </label>
                        <button class="btn primary" data-testid="add-consumer" on:click=move |_| add()>{move || m().add_consumer}</button>
                        <button class="btn" data-testid="add-share-consumer" title=move || st().add_hint on:click=move |_| add_share()>{move || st().add}</button>
                    </div>
                    <ConsumerSettings/>
                    {move || ids.get().is_empty().then(|| view! { <p class="muted">{m().no_consumers}</p> })}
                    <ul class="consumer-cards">
                        <For each=move || ids.get() key=|id| *id let:id>
                            <ConsumerCard id=id/>
                        </For>
                    </ul>
                    <RebalanceTimeline/>
                </div>
                <div class="groups-right">
                    <For each=move || names.get() key=|n| n.clone() let:name>
                        <GroupDetails name=name/>
                    </For>
                </div>
            </div>
        </section>
    }
}

#[component]
fn ConsumerSettings() -> impl IntoView {
    let store = expect_context::<Store>();
    let m = move || more(store.lang.get());
    let set = move |key: &'static str, value: String| store.apply(Action::SetConfig { key: key.into(), value });
    let strategy = move || store.config.with(|c| c.consumer.partition_assignment_strategy.first().cloned().unwrap_or_default());
    let mode = move || store.config.with(|c| match c.consumer.commit_mode {
        CommitMode::Auto => "auto",
        CommitMode::AfterProcessing => "after-processing",
        CommitMode::BeforeProcessing => "before-processing",
        CommitMode::None => "none",
    });
    let per_record = move || store.config.with(|c| c.consumer.processing_ms_per_record).to_string();
    let api = move || store.config.with(|c| if c.consumer.commit_api == CommitApi::Async { "async" } else { "sync" });
    let poison_key = move || store.config.with(|c| c.consumer.poison_key.clone().unwrap_or_default());
    let handling = move || store.config.with(|c| match c.consumer.poison_handling {
        PoisonHandling::Retry => "retry",
        PoisonHandling::Skip => "skip",
        PoisonHandling::DeadLetter => "dead-letter",
    });
    view! {
        <details class="subpanel settings">
            <summary>{move || m().group_settings}</summary>
            <p class="hint">{move || m().group_settings_hint}</p>
            <div class="settings-grid">
                <label class="field">
                    <span class="label mono">"partition.assignment.strategy"</span>
                    <select data-testid="assignor" prop:value=strategy on:change=move |ev| set("partition.assignment.strategy", event_target_value(&ev))>
                        {["range", "roundrobin", "sticky", "cooperative-sticky"].into_iter().map(|s| view! {
                            <option value=s selected=move || strategy() == s>{s}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="label mono">"sim.commit.mode"</span>
                    <select data-testid="commit-mode" prop:value=mode on:change=move |ev| set("sim.commit.mode", event_target_value(&ev))>
                        <option value="auto" selected=move || mode() == "auto">{move || m().commit_auto}</option>
                        <option value="after-processing" selected=move || mode() == "after-processing">{move || m().commit_after}</option>
                        <option value="before-processing" selected=move || mode() == "before-processing">{move || m().commit_before}</option>
                        <option value="none" selected=move || mode() == "none">{move || m().commit_none}</option>
                    </select>
                </label>
                <label class="field">
                    <span class="label mono">"sim.commit.api"</span>
                    <select data-testid="commit-api" prop:value=api on:change=move |ev| set("sim.commit.api", event_target_value(&ev))>
                        <option value="sync" selected=move || api() == "sync">{move || m().commit_sync}</option>
                        <option value="async" selected=move || api() == "async">{move || m().commit_async}</option>
                    </select>
                </label>
                <label class="field">
                    <span class="label mono">"sim.processing.ms.per.record"</span>
                    <input type="number" min="0" step="1" inputmode="numeric" data-testid="processing-ms"
                        prop:value=per_record on:change=move |ev| set("sim.processing.ms.per.record", event_target_value(&ev))/>
                </label>
                // A poison record (consumer_poison.rs): records with this key always fail processing.
                <label class="field">
                    <span class="label mono">"sim.poison.key"</span>
                    <input type="text" data-testid="poison-key" prop:value=poison_key
                        on:change=move |ev| set("sim.poison.key", event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span class="label mono">"sim.poison.handling"</span>
                    <select data-testid="poison-handling" prop:value=handling on:change=move |ev| set("sim.poison.handling", event_target_value(&ev))>
                        {["retry", "skip", "dead-letter"].into_iter().map(|h| view! {
                            <option value=h selected=move || handling() == h>{h}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
        </details>
    }
}

#[component]
fn ConsumerCard(id: u32) -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    let m = move || more(store.lang.get());
    let row = Memo::new(move |_| store.groups.with(|g| g.consumers.iter().find(|c| c.id == id).cloned()));
    let label = move |verb: &'static str| consumer_action_label(store.lang.get(), verb, id);
    let up = move || row.with(|r| r.as_ref().is_some_and(|r| r.up));
    let slowed = move || row.with(|r| r.as_ref().is_some_and(|r| r.ms_per_record != store.config.with(|c| c.consumer.processing_ms_per_record)));
    let body = move || row.get().map(|c: ConsumerRow| {
        let (word, shape) = member_state(c.state);
        let now = store.snap.with(|s| s.now);
        let base_ms = store.config.with(|cfg| cfg.consumer.processing_ms_per_record);
        let assigned = if c.assignment.is_empty() {
            m().nothing_assigned.to_string()
        } else {
            c.assignment.iter().map(|tp| tp.to_string()).collect::<Vec<_>>().join(", ")
        };
        let offsets = c.offsets.iter().map(|(tp, pos, com)| view! {
            <tr>
                <td>{tp.to_string()}</td>
                <td>{pos.map(|p| p.to_string()).unwrap_or_else(|| "—".into())}</td>
                <td>{com.map(|p| p.to_string()).unwrap_or_else(|| "—".into())}</td>
            </tr>
        }).collect_view();
        view! {
            <header>
                <span class="status-icon" aria-hidden="true">{shape}</span>
                <h3>{format!("{} {id}", m().consumer)}</h3>
                <span class="status-word" data-testid=format!("consumer-state-{id}")>{word}</span>
            </header>
            <p class="meta mono">{c.share.then(|| view! {
                    <span class="share-badge" data-testid=format!("consumer-share-{id}")>{super::i18n_share::share_text(store.lang.get()).badge}</span>" · "
                })}{format!("{} · {} {} · {}", c.group,
                if c.share { super::i18n_share::share_text(store.lang.get()).epoch } else { m().generation }, c.generation,
                if c.member_id.is_empty() { "—".to_string() } else { c.member_id.clone() })}
                {c.instance_id.clone().map(|i| format!(" · group.instance.id={i}"))}</p>
            {(c.stalled_until > now).then(|| view! { <p class="stall-line">"❚❚ "{format!("{} {} ms", m().consumer_stalled, ms(c.stalled_until))}</p> })}
            {(c.ms_per_record != base_ms).then(|| view! { <p class="stall-line" data-testid=format!("consumer-slow-{id}")>"◔ "{format!("{} {}", c.ms_per_record, m().per_record)}</p> })}
            {c.committing.then(|| view! { <p class="stall-line">"◷ "{m().waiting_commit}</p> })}
            <p><span class="label">{m().assigned}": "</span><span class="mono" data-testid=format!("consumer-assigned-{id}")>{assigned}</span></p>
            {(!c.offsets.is_empty() && !c.share).then(|| view! {
                <table class="mini">
                    <thead><tr><th scope="col">"partition"</th><th scope="col">{m().position}</th><th scope="col">{m().committed}</th></tr></thead>
                    <tbody>{offsets}</tbody>
                </table>
            })}
        }
    });
    let cls = move || {
        let s = row.with(|r| r.as_ref().map(|r| member_state(r.state).0.to_lowercase()).unwrap_or_default());
        format!("consumer-card owner-{} state-{s}", id % 6)
    };
    view! {
        <li class=cls data-testid=format!("consumer-{id}") data-state=move || row.with(|r| r.as_ref().map(|r| member_state(r.state).0).unwrap_or(""))>
            {body}
            <div class="broker-actions">
                <button class="btn danger small" data-testid=format!("consumer-crash-{id}") aria-label=move || label(t().crash)
                    disabled=move || !up() on:click=move |_| store.apply(Action::CrashConsumer { consumer: id })>{move || t().crash}</button>
                <button class="btn small" data-testid=format!("consumer-stop-{id}") aria-label=move || label(t().stop)
                    disabled=move || !up() on:click=move |_| store.apply(Action::StopConsumer { consumer: id })>{move || t().stop}</button>
                <button class="btn small" data-testid=format!("consumer-restart-{id}") aria-label=move || label(t().restart)
                    disabled=up on:click=move |_| store.apply(Action::RestartConsumer { consumer: id })>{move || t().restart}</button>
                <button class="btn small" data-testid=format!("consumer-stall-{id}") aria-label=move || label(m().stall_60)
                    disabled=move || !up() on:click=move |_| store.apply(Action::StallConsumer { consumer: id, ms: 60_000 })>
                    <span aria-hidden="true">"❚❚ "</span>{move || m().stall_60}</button>
                <button class="btn small" data-testid=format!("consumer-slow-btn-{id}") aria-pressed=move || slowed().to_string()
                    aria-label=move || label(if slowed() { m().unslow } else { m().slow_10 })
                    disabled=move || !up() on:click=move |_| {
                        let base = store.config.with_untracked(|c| c.consumer.processing_ms_per_record);
                        let ms_per_record = if slowed() { base } else { (base * 10).max(100) };
                        store.apply(Action::SlowConsumer { consumer: id, ms_per_record });
                    }>
                    <span aria-hidden="true">"◔ "</span>{move || if slowed() { m().unslow } else { m().slow_10 }}</button>
            </div>
        </li>
    }
}
