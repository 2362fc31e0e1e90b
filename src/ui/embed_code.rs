//! The "Embed" dialog: the `<iframe>` code for a wiki or a slide, ready to copy.

use super::share::{copy_to_clipboard, current_fragment, select_input};
use super::stage_text::stage_text;
use super::state::Store;
use crate::stage::embed_options::iframe_code;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The page address without query or fragment (the embed gets its own parameters).
fn app_address() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()))
        .unwrap_or_default()
}

fn focus(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

#[component]
pub fn EmbedButton() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = move || stage_text(store.lang.get());
    let open = RwSignal::new(false);
    let with_session = RwSignal::new(true);
    let status = RwSignal::new(String::new());
    let code = move || {
        let fragment = with_session.get().then(|| current_fragment(store).ok()).flatten();
        store.actions.track(); // the run moves on: keep the code current
        iframe_code(&app_address(), store.lang.get().code(), fragment.as_deref())
    };
    let close = move || {
        open.set(false);
        focus("embed-open");
    };
    let copy = move |_| {
        let text = code();
        copy_to_clipboard(&text, move |ok| {
            let lang = store.lang.get_untracked();
            status.set(if ok { stage_text(lang).copied } else { stage_text(lang).copy_failed }.into());
            if !ok {
                select_input("embed-code");
            }
        });
    };
    Effect::new(move |_| {
        if open.get() {
            focus("embed-code");
        }
    });
    view! {
        <button id="embed-open" class="btn" data-testid="embed-open" aria-haspopup="dialog" aria-expanded=move || open.get().to_string()
            on:click=move |_| { status.set(String::new()); open.set(true) }>
            <span aria-hidden="true">"</> "</span>{move || words().embed_code}
        </button>
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| close()></div>
            <div class="dialog panel" role="dialog" aria-modal="true" aria-labelledby="embed-title" data-testid="embed-dialog"
                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { close() }>
                <h2 id="embed-title">{move || words().embed_title}</h2>
                <p class="muted" id="embed-help">{move || words().embed_help}</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || with_session.get() on:change=move |ev| with_session.set(event_target_checked(&ev))/>
                    {move || words().embed_include_session}
                </label>
                <input id="embed-code" class="share-link" data-testid="embed-code" type="text" readonly aria-describedby="embed-help"
                    aria-label=move || words().embed_title prop:value=code on:focus=move |_| select_input("embed-code")/>
                <div class="row">
                    <button class="btn primary" data-testid="embed-copy" on:click=copy>{move || words().copy}</button>
                    <button class="btn" data-testid="embed-close" on:click=move |_| close()>{move || words().close}</button>
                    <span role="status" class="share-status">{move || status.get()}</span>
                </div>
            </div>
        </Show>
    }
}

