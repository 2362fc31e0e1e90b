//! The app shell: header, language toggle, error banner, panels and the live region.

use super::board::Board;
use super::charts::MetricsPanel;
use super::checker::CheckerPanel;
use super::controls::Controls;
use super::events::EventLog;
use super::groups::GroupPanel;
use super::txn_panel::TxnPanel;
use super::planner::PlannerPanel;
use super::terminal::TerminalPanel;
use super::i18n::strings;
use super::ledger::LedgerPanel;
use super::lesson_player::LessonPlayer;
use super::producer::ProducerPanel;
use super::scrubber::Scrubber;
use super::split_view::{self, SplitState, SplitView};
use super::sequence::SequenceDiagram;
use super::state::{Store, DEFAULT_SEED};
use super::url;
use super::{embed, share};
use super::embed_code::EmbedButton;
use super::share::ShareButton;
use crate::sim::Lang;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let store = Store::new(url::initial_seed(DEFAULT_SEED), url::initial_lang());
    provide_context(store);
    // On stage and in the wiki: a shared run (#s=), embedding parameters, the host's messages.
    share::open_from_location(store);
    super::lesson_link::LessonLink::provide();
    embed::start(store);
    // Split screen: `?split=acks|unclean|rebalance|key:left:right`, or opened from the page.
    let split = SplitState(RwSignal::new(None));
    provide_context(split);
    if let Some(code) = super::lesson_store::url_param("split") {
        match split_view::from_url(&code, store.seed()) {
            Ok(setup) => split.0.set(Some(setup)),
            Err(e) => store.error.set(Some(e)),
        }
    }
    Effect::new(move |_| url::set_document_lang(store.lang.get()));
    super::presenter::provide();
    // The run's share link in sessionStorage: where the panic banner's reset goes.
    super::panic_banner::remember_last_good(store);
    let t = move || strings(store.lang.get());

    view! {
        <main data-testid="app" class="app">
            <header class="app-header">
                <div class="titles">
                    <h1>{move || t().title}</h1>
                    <p class="subtitle">{move || t().subtitle}</p>
                </div>
                <div class="stage-actions">
                    <ShareButton/>
                    <EmbedButton/>
                    <super::presenter::PresenterToggle/>
                </div>
                <button
                    class="lang-toggle"
                    data-testid="lang-toggle"
                    aria-label=move || t().lang_toggle_label
                    on:click=move |_| store.lang.update(|l| *l = if *l == Lang::En { Lang::Ko } else { Lang::En })
                >
                    {move || t().lang_toggle}
                </button>
            </header>
            <ErrorBanner/>
            <LessonPlayer/>
            {move || split.0.get().map(|setup| view! { <SplitView setup=setup/> })}
            <Scrubber/>
            <div class="layout">
                <div class="side">
                    <Controls/>
                    <ProducerPanel/>
                    <TxnPanel/>
                </div>
                <div class="center">
                    <Board/>
                </div>
                <div class="wide">
                    <GroupPanel/>
                    <MetricsPanel/>
                    <CheckerPanel/>
                </div>
                <div class="bottom">
                    <EventLog/>
                    <LedgerPanel/>
                    <SequenceDiagram/>
                    <TerminalPanel/>
                    <PlannerPanel/>
                </div>
            </div>
            <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="live">
                {move || store.announce.get()}
            </div>
        </main>
    }
}

/// Any refused intent, in words; never a panic.
#[component]
fn ErrorBanner() -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    move || {
        store.error.get().map(|msg| {
            view! {
                <div class="error-banner" role="alert" data-testid="error">
                    <span class="error-icon" aria-hidden="true">"⚠"</span>
                    <span class="error-text">{msg}</span>
                    <button class="btn small" on:click=move |_| store.error.set(None)>{move || t().dismiss}</button>
                </div>
            }
        })
    }
}
