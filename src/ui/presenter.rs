//! Presenter mode (`?presenter=1` or the header's button): large type and high contrast for a
//! projector, a cue list of the lesson's steps, and a keyboard a clicker can drive:
//! PageDown/→ next, PageUp/← back, `.` or Space play/pause, `b` black screen; `k` crashes the
//! leader of the selected partition, `r` restarts the brokers that are down, `p` produces one
//! record to it, `?` shows the keys. Everything goes through the same intents as the buttons.

use super::i18n_presenter::{presenter_text, PresenterText};
use super::lesson_keys::{focus_of, Focus};
use super::lesson_player::Player;
use super::lesson_store::url_param;
use super::state::Store;
use crate::player::session::Stage;
use crate::sim::action::Action;
use crate::sim::broker::BrokerStatus;
use leptos::ev;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Presenter {
    pub on: RwSignal<bool>,
    pub black: RwSignal<bool>,
    pub help: RwSignal<bool>,
    /// The partition `k` and `p` act on, as "topic-partition" (the first user partition if unset).
    pub partition: RwSignal<String>,
}

fn set_root_flag(on: bool) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = if on { root.set_attribute("data-presenter", "1") } else { root.remove_attribute("data-presenter") };
    }
}

/// The user partitions on the board, as "topic-partition", and the selected one.
fn user_partitions(store: &Store) -> Vec<String> {
    store.snap.with_untracked(|s| s.partitions.iter().filter(|p| !p.internal).map(|p| p.tp.to_string()).collect())
}

fn selected(store: &Store, presenter: &Presenter) -> Option<(String, u32)> {
    let all = user_partitions(store);
    let pick = presenter.partition.get_untracked();
    let name = if all.contains(&pick) { pick } else { all.first()?.clone() };
    let (topic, p) = name.rsplit_once('-')?;
    Some((topic.to_string(), p.parse().ok()?))
}

/// `k`: crash the selected partition's leader; a clear message when it has none.
fn crash_leader(store: &Store, presenter: &Presenter, words: &PresenterText) {
    let Some((topic, p)) = selected(store, presenter) else { return };
    let leader = store.snap.with_untracked(|s| {
        s.partitions.iter().find(|x| x.tp.topic == topic && x.tp.partition == p).and_then(|x| x.leader)
    });
    match leader {
        Some(b) => store.apply(Action::CrashBroker { broker: b }),
        None => store.error.set(Some(format!("{topic}-{p}: {}", words.no_leader))),
    }
}

/// `r`: restart every broker that is crashed or stopped.
fn restart_down(store: &Store) {
    let down: Vec<u32> = store.snap.with_untracked(|s| {
        s.brokers.iter().filter(|b| matches!(b.status, BrokerStatus::Crashed | BrokerStatus::Stopped)).map(|b| b.id).collect()
    });
    for broker in down {
        store.apply(Action::RestartBroker { broker });
    }
}

/// The presenter's keys; started by the lesson player, which owns `player`.
pub fn listen(store: Store, presenter: Presenter, player: Player) {
    let _ = window_event_listener(ev::keydown, move |ev| {
        let focus = focus_of(&ev);
        if !presenter.on.get_untracked() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() || matches!(focus, Focus::Typing) {
            return;
        }
        let words = presenter_text(store.lang.get_untracked());
        let key = ev.key();
        // The black screen swallows everything but its own key (and Escape).
        if presenter.black.get_untracked() {
            if matches!(key.as_str(), "b" | "B" | "Escape") {
                presenter.black.set(false);
            }
            ev.prevent_default();
            return;
        }
        if presenter.help.get_untracked() && key == "Escape" {
            presenter.help.set(false);
            return;
        }
        let in_lesson = player.session.with_untracked(|s| s.is_some()) && !player.free_play.get_untracked();
        match key.as_str() {
            "b" | "B" => presenter.black.set(true),
            "?" => presenter.help.update(|h| *h = !*h),
            "." => store.playing.update(|p| *p = !*p),
            // Space belongs to a focused button, link, checkbox or radio (it clicks or ticks it).
            " " if !matches!(focus, Focus::Button | Focus::Radio) => store.playing.update(|p| *p = !*p),
            "k" | "K" => crash_leader(&store, &presenter, words),
            "r" | "R" => restart_down(&store),
            "p" | "P" => {
                if let Some((topic, p)) = selected(&store, &presenter) {
                    store.apply(Action::Produce { topic, key: None, value: None, count: 1, partition: Some(p), producer: None });
                }
            }
            // In a lesson the lesson player's own keys move through the steps.
            "ArrowRight" | "PageDown" if !in_lesson => store.step(),
            "ArrowLeft" | "PageUp" if !in_lesson => store.step_back(),
            _ => return,
        }
        ev.prevent_default();
    });
}

/// Sets up presenter mode (from `?presenter=`); call once, before the header.
pub fn provide() -> Presenter {
    let on = url_param("presenter").is_some_and(|v| v != "0" && v != "false");
    let presenter = Presenter {
        on: RwSignal::new(on),
        black: RwSignal::new(false),
        help: RwSignal::new(false),
        partition: RwSignal::new(String::new()),
    };
    Effect::new(move |_| set_root_flag(presenter.on.get()));
    provide_context(presenter);
    presenter
}

/// The header's "Presenter" toggle.
#[component]
pub fn PresenterToggle() -> impl IntoView {
    let store = expect_context::<Store>();
    let presenter = expect_context::<Presenter>();
    let words = move || presenter_text(store.lang.get());
    view! {
        <button class="btn presenter-toggle" data-testid="presenter-toggle" aria-pressed=move || presenter.on.get().to_string()
            title=move || words().toggle_help
            on:click=move |_| presenter.on.update(|o| *o = !*o)>
            {move || words().toggle}
        </button>
    }
}

/// The presenter's strip: the selected partition, the cue list and the key help; plus the
/// black screen and the help overlay.
#[component]
pub fn PresenterStrip() -> impl IntoView {
    let store = expect_context::<Store>();
    let presenter = expect_context::<Presenter>();
    let player = expect_context::<Player>();
    let words = move || presenter_text(store.lang.get());
    let partitions = Memo::new(move |_| {
        store.snap.with(|s| s.partitions.iter().filter(|p| !p.internal).map(|p| p.tp.to_string()).collect::<Vec<_>>())
    });
    let cues = Memo::new(move |_| {
        let lang = store.lang.get();
        player.session.with(|s| s.as_ref().map(|s| {
            let current = match s.stage() {
                Stage::Asking(i) | Stage::Shown(i) => Some(i),
                _ => None,
            };
            let steps: Vec<String> = s.lesson().steps.iter().map(|st| st.say.get(lang).to_string()).collect();
            (steps, current)
        }))
    });
    view! {
        <Show when=move || presenter.on.get()>
            <section class="panel presenter-strip" data-testid="presenter" aria-label=move || words().strip_label>
                <div class="row wrap presenter-head">
                    <strong>{move || words().title}</strong>
                    <label class="field inline">
                        <span>{move || words().partition}</span>
                        <select data-testid="presenter-partition"
                            on:change=move |ev| presenter.partition.set(event_target_value(&ev))
                            prop:value=move || {
                                let pick = presenter.partition.get();
                                let all = partitions.get();
                                if all.contains(&pick) { pick } else { all.first().cloned().unwrap_or_default() }
                            }>
                            {move || partitions.get().into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button class="btn small" data-testid="presenter-help-open" aria-keyshortcuts="?"
                        on:click=move |_| presenter.help.set(true)>{move || words().keys_button}</button>
                </div>
                {move || cues.get().map(|(steps, current)| view! {
                    <ol class="cue-list" data-testid="cue-list" aria-label=move || words().cues>
                        {steps.into_iter().enumerate().map(|(i, say)| {
                            let here = current == Some(i);
                            view! {
                                <li class:current=here>
                                    <button class="cue" data-testid=format!("cue-{i}") aria-current=here.then_some("step")
                                        on:click=move |_| player.goto(i)>
                                        <span class="cue-n">{i + 1}</span>" "{say}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                })}
            </section>
        </Show>
        <Show when=move || presenter.help.get()>
            <div class="overlay" data-testid="presenter-help" role="dialog" aria-modal="true" aria-labelledby="presenter-help-h">
                <div class="overlay-card">
                    <h2 id="presenter-help-h">{move || words().keys_title}</h2>
                    <dl class="keys">
                        {move || words().keys.iter().map(|(k, what)| view! { <dt><kbd>{*k}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                    </dl>
                    <button class="btn" data-testid="presenter-help-close" autofocus on:click=move |_| presenter.help.set(false)>
                        {move || words().close}
                    </button>
                </div>
            </div>
        </Show>
        <Show when=move || presenter.black.get()>
            <div class="black-screen" data-testid="black-screen" aria-label=move || words().black_label role="img"></div>
        </Show>
    }
}
