//! Shareable sessions in the page: open a `#s=` link at start-up (bad links explained, clean
//! start), and the Share button that copies a link to this exact run.

use super::stage_text::stage_text;
use super::state::Store;
use crate::stage::session::{self, Session};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Opens the session in the page's fragment, if any. A link that cannot be opened leaves the
/// fresh run in place and says why (what was wrong, in the viewer's language).
pub fn open_from_location(store: Store) {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else { return };
    let Some(text) = session::from_fragment(&hash) else { return };
    let lang = store.lang.get_untracked();
    let words = stage_text(lang);
    match Session::decode(text).and_then(|s| s.replay()) {
        Ok((sim, events)) => {
            let actions = sim.actions().len();
            store.load_run(sim, events);
            store.announce.set(format!("{} ({actions})", words.session_opened));
        }
        Err(e) => store.error.set(Some(format!("{}: {}", words.session_failed, e.text(lang)))),
    }
}

/// This page's address without fragment, plus `extra` (a fragment).
pub(super) fn page_base() -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default())
}

/// The current run as a link, or why it cannot be one.
pub(super) fn current_fragment(store: Store) -> Result<String, String> {
    let lang = store.lang.get_untracked();
    let s = store.sim.with_value(Session::of);
    s.check_shareable().map_err(|e| e.text(lang))?;
    Ok(session::fragment(&s))
}

/// `navigator.clipboard.writeText(text)`; `done(true)` once written, `done(false)` when the
/// browser refuses (no clipboard API, a sandboxed iframe, no permission).
pub(super) fn copy_to_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let clipboard = web_sys::window()
        .map(|w| JsValue::from(w.navigator()))
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined() && !c.is_null());
    let write = clipboard.as_ref().and_then(|c| js_sys::Reflect::get(c, &"writeText".into()).ok()).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(clipboard), Some(write)) = (clipboard, write) else { return done(false) };
    let Ok(promise) = write.call1(&clipboard, &text.into()).and_then(|p| p.dyn_into::<js_sys::Promise>().map_err(JsValue::from)) else { return done(false) };
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let d2 = done.clone();
    let ok = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| if let Some(f) = done.take() { f(true) });
    let fail = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| if let Some(f) = d2.take() { f(false) });
    let _ = promise.then2(&ok, &fail);
    // One pair per click; the promise settles once, so leaking them is bounded by clicks.
    ok.forget();
    fail.forget();
}

/// Selects the text of an input so Ctrl+C copies it (the fallback when the clipboard is blocked).
pub(super) fn select_input(id: &str) {
    if let Some(input) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        let _ = input.focus();
        input.select();
    }
}

#[component]
pub fn ShareButton() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = move || stage_text(store.lang.get());
    let link = RwSignal::new(None::<String>);
    let status = RwSignal::new(String::new());
    let share = move |_| {
        match current_fragment(store) {
            Ok(fragment) => {
                let url = format!("{}{fragment}", page_base());
                link.set(Some(url.clone()));
                status.set(String::new());
                copy_to_clipboard(&url, move |ok| {
                    let lang = store.lang.get_untracked();
                    status.set(if ok { stage_text(lang).copied } else { stage_text(lang).copy_failed }.to_string());
                    if !ok {
                        select_input("share-link");
                    }
                });
            }
            Err(why) => store.error.set(Some(why)),
        }
    };
    view! {
        <div class="share">
            <button class="btn" data-testid="share" aria-label=move || words().share_label title=move || words().share_label on:click=share>
                {move || words().share}
            </button>
            {move || link.get().map(|url| view! {
                <div class="share-result">
                    <label for="share-link" class="sr-only">{move || words().link_label}</label>
                    <input id="share-link" class="share-link" data-testid="share-link" type="text" readonly prop:value=url
                        on:focus=move |_| select_input("share-link")/>
                    <span class="share-status" role="status" data-testid="share-status">{move || status.get()}</span>
                </div>
            })}
        </div>
    }
}
