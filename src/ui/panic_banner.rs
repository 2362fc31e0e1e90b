//! No dead page: a panic hook that keeps `console_error_panic_hook`'s console message and puts a
//! plain DOM banner over the app, offering to reset to the last good state.
//!
//! The banner is built with `web_sys` alone, never with Leptos: the release build has
//! `panic = "abort"`, so after a panic the wasm instance has trapped in the middle of whatever it
//! was doing and the reactive runtime cannot be trusted. For the same reason the banner's buttons
//! are plain links with no handlers (no wasm closures, no script text, so a strict CSP is fine):
//! each carries a fresh `kplay_reset=<time>` parameter, so that following it always loads the page
//! anew (a link differing only in its `#fragment` would not), and start-up removes it again.
//!
//! "Last good state": [`remember_last_good`] keeps the run's share link (`#s=…`, see
//! `stage::session`) in `sessionStorage` each time the action count changes (and, while time
//! runs, at most every few seconds). "Reset to last good state" opens that link. To avoid a
//! reload loop, the reset is not offered (only "Start clean") when the panicking page is that
//! very link and it panicked within a few seconds of loading (e.g. the link just opened from the
//! banner panics again).
//!
//! Test hook (not reachable from the UI, harmless): `?debug_panic=1` panics right after mount;
//! `?debug_panic=event` panics when the page receives a `kplay-debug-panic` window event
//! (`window.dispatchEvent(new Event('kplay-debug-panic'))`), i.e. from inside a running app.
//! See `tests/e2e/panic.test.mjs`.

use super::state::Store;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The URL parameter of the test hook.
pub const DEBUG_PANIC_PARAM: &str = "debug_panic";
/// The window event `?debug_panic=event` panics on.
pub const DEBUG_PANIC_EVENT: &str = "kplay-debug-panic";
/// `sessionStorage` key: the last good run as a full link.
pub const LAST_GOOD_KEY: &str = "kplay.last_good";
/// The parameter that makes the banner's links load the page anew (removed at start-up).
pub const RESET_PARAM: &str = "kplay_reset";
/// A panic this soon after loading the last good link means the link itself panics: offer only
/// a clean start.
const LOOP_WINDOW_MS: f64 = 10_000.0;
/// While time runs without new actions, save the link at most this often (wall time).
const SAVE_EVERY_MS: f64 = 3_000.0;
/// The banner's element id.
const BANNER_ID: &str = "kplay-panic-banner";

/// Set by the first panic: nothing is saved after it (the state it would save is suspect).
static PANICKED: AtomicBool = AtomicBool::new(false);

/// Whether this page has panicked.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::Relaxed)
}

/// Installs the panic hook: `console_error_panic_hook`'s `console.error`, then the banner.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let first = !PANICKED.swap(true, Ordering::Relaxed);
        if first {
            show(&info.to_string());
        }
    }));
}

/// The test hook (see the module docs). Call after mounting.
pub fn debug_panic_if_asked() {
    let Some(value) = super::lesson_store::url_param(DEBUG_PANIC_PARAM) else { return };
    match value.as_str() {
        "event" => {
            let Some(window) = web_sys::window() else { return };
            let f = Closure::<dyn FnMut()>::new(|| panic!("debug_panic: the `{DEBUG_PANIC_EVENT}` test event"));
            let _ = window.add_event_listener_with_callback(DEBUG_PANIC_EVENT, f.as_ref().unchecked_ref());
            f.forget();
        }
        "1" | "true" | "now" => panic!("debug_panic=1: a test panic right after mount"),
        _ => {}
    }
}

/// Keeps the run's share link in `sessionStorage` as the "last good state": on each change of
/// the action count, and at most every `SAVE_EVERY_MS` while only time moves.
pub fn remember_last_good(store: Store) {
    // (actions, virtual now, wall ms) of the last save.
    let last = StoredValue::new(None::<(usize, u64, f64)>);
    Effect::new(move |_| {
        let actions = store.actions.get();
        let now = store.snap.with(|s| s.now);
        if panicked() {
            return;
        }
        let wall = js_sys::Date::now();
        let due = match last.get_value() {
            None => true,
            Some((a, n, w)) => a != actions || (n != now && wall - w >= SAVE_EVERY_MS),
        };
        if !due {
            return;
        }
        // Too long for a link: the previous good link stays.
        let Ok(fragment) = super::share::current_fragment(store) else { return };
        let Some(link) = link_with_fragment(&fragment) else { return };
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(LAST_GOOD_KEY, &link);
        }
        last.set_value(Some((actions, now, wall)));
    });
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// This page's address with `fragment` and without the test hook's or the banner's parameter.
fn link_with_fragment(fragment: &str) -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    let url = web_sys::Url::new(&href).ok()?;
    url.set_hash(fragment);
    normalize(&url.href())
}

/// `link` without the test hook's or the banner's parameter (how links are saved and compared).
fn normalize(link: &str) -> Option<String> {
    let url = web_sys::Url::new(link).ok()?;
    url.search_params().delete(DEBUG_PANIC_PARAM);
    url.search_params().delete(RESET_PARAM);
    Some(url.href())
}

/// `link` plus `kplay_reset=<now>`: following it always loads the page anew.
fn fresh_load(link: &str) -> String {
    let Ok(url) = web_sys::Url::new(link) else { return link.to_string() };
    url.search_params().set(RESET_PARAM, &format!("{}", js_sys::Date::now() as u64));
    url.href()
}

/// A fresh start: this page without parameters or fragment (keeping Korean if it was on).
fn clean_link(ko: bool) -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return "./".into() };
    let base = format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default());
    fresh_load(&if ko { format!("{base}?lang=ko") } else { base })
}

/// Removes `kplay_reset` from the address bar (`history.replaceState`), so that share links and
/// saved links never carry it. Call before mounting.
pub fn strip_reset_param() {
    let Some(window) = web_sys::window() else { return };
    let Ok(href) = window.location().href() else { return };
    let Ok(url) = web_sys::Url::new(&href) else { return };
    if !url.search_params().has(RESET_PARAM) {
        return;
    }
    url.search_params().delete(RESET_PARAM);
    // `web_sys::History` is not among the crate's web-sys features: call it through Reflect.
    let history = js_sys::Reflect::get(&window, &"history".into()).ok();
    let replace = history.as_ref().and_then(|h| js_sys::Reflect::get(h, &"replaceState".into()).ok()).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let (Some(history), Some(replace)) = (history, replace) {
        let _ = replace.call3(&history, &wasm_bindgen::JsValue::NULL, &"".into(), &url.href().into());
    }
}

struct Words {
    title: &'static str,
    detail: &'static str,
    detail_clean: &'static str,
    reset: &'static str,
    clean: &'static str,
    more: &'static str,
}

const EN: Words = Words {
    title: "Something broke inside the playground.",
    detail: "The page has stopped working. You can go back to the last state that worked.",
    detail_clean: "The page has stopped working. Start again from a fresh cluster.",
    reset: "Reset to last good state",
    clean: "Start clean",
    more: "Details (for a bug report)",
};

const KO: Words = Words {
    title: "플레이그라운드 내부에서 문제가 생겼습니다.",
    detail: "페이지가 더 이상 동작하지 않습니다. 마지막으로 정상이던 상태로 되돌릴 수 있습니다.",
    detail_clean: "페이지가 더 이상 동작하지 않습니다. 새 클러스터로 처음부터 다시 시작하세요.",
    reset: "마지막 정상 상태로 되돌리기",
    clean: "처음부터 새로 시작",
    more: "자세히 (버그 신고용)",
};

/// Draws the banner (once). Every DOM call may fail; the banner is best effort.
fn show(message: &str) {
    let Some(window) = web_sys::window() else { return };
    let Some(doc) = window.document() else { return };
    if doc.get_element_by_id(BANNER_ID).is_some() {
        return;
    }
    let ko = doc.document_element().and_then(|e| e.get_attribute("lang")).is_some_and(|l| l.starts_with("ko"));
    let w = if ko { &KO } else { &EN };
    let storage = session_storage();
    let get = |key: &str| storage.as_ref().and_then(|s| s.get_item(key).ok().flatten());
    let since_load = window.performance().map(|p| p.now()).unwrap_or(f64::MAX);
    let here = link_with_fragment(&window.location().hash().unwrap_or_default());
    // The last good link, unless this page is that link and it panicked soon after loading.
    let reset_to = get(LAST_GOOD_KEY)
        .filter(|good| !(since_load < LOOP_WINDOW_MS && here.is_some() && here == normalize(good)))
        .map(|good| fresh_load(&good));

    let el = |tag: &str, class: &str, text: Option<&str>| {
        let e = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            let _ = e.set_attribute("class", class);
        }
        if let Some(t) = text {
            e.set_text_content(Some(t));
        }
        Some(e)
    };
    let Some(banner) = el("div", "panic-banner", None) else { return };
    let _ = banner.set_attribute("id", BANNER_ID);
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    let _ = banner.set_attribute("lang", if ko { "ko" } else { "en" });
    let detail = if reset_to.is_some() { w.detail } else { w.detail_clean };
    for child in [el("p", "panic-title", Some(w.title)), el("p", "panic-detail", Some(detail))].into_iter().flatten() {
        let _ = banner.append_child(&child);
    }
    if let Some(actions) = el("div", "panic-actions", None) {
        let clean_class = if reset_to.is_none() { "btn primary" } else { "btn" };
        let links = [
            reset_to.map(|to| (to, w.reset, "btn primary", "panic-reset")),
            Some((clean_link(ko), w.clean, clean_class, "panic-clean")),
        ];
        for (href, text, class, testid) in links.into_iter().flatten() {
            let Some(a) = el("a", class, Some(text)) else { continue };
            let _ = a.set_attribute("href", &href);
            let _ = a.set_attribute("data-testid", testid);
            let _ = actions.append_child(&a);
        }
        let _ = banner.append_child(&actions);
    }
    if let (Some(details), Some(summary), Some(pre)) = (el("details", "panic-more", None), el("summary", "", Some(w.more)), el("pre", "", Some(message))) {
        let _ = details.append_child(&summary);
        let _ = details.append_child(&pre);
        let _ = banner.append_child(&details);
    }
    let Some(body) = doc.body() else { return };
    // The dead app must not take clicks (they would call into the trapped wasm).
    let children = body.children();
    for i in 0..children.length() {
        if let Some(c) = children.item(i) {
            let _ = c.set_attribute("inert", "");
        }
    }
    let _ = body.class_list().add_1("panicked");
    let _ = body.prepend_with_node_1(&banner);
    if let Some(first) = banner.query_selector("a").ok().flatten().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = first.focus();
    }
}

