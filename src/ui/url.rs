//! Start-up parameters from the page URL and the browser: `?lang=en|ko`, `?seed=N`.

use crate::sim::Lang;

fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

/// `?lang=` wins; otherwise the browser's language (Korean if it starts with "ko").
pub fn initial_lang() -> Lang {
    if let Some(l) = param("lang").as_deref().and_then(Lang::parse) {
        return l;
    }
    let nav = web_sys::window().and_then(|w| w.navigator().language());
    lang_from_navigator(nav.as_deref())
}

pub fn lang_from_navigator(nav: Option<&str>) -> Lang {
    match nav {
        Some(l) if l.trim().to_ascii_lowercase().starts_with("ko") => Lang::Ko,
        _ => Lang::En,
    }
}

/// `?seed=` if it is a whole number, else the default.
pub fn initial_seed(default: u64) -> u64 {
    param("seed").and_then(|s| parse_seed(&s)).unwrap_or(default)
}

pub fn parse_seed(s: &str) -> Option<u64> {
    s.trim().parse::<u64>().ok()
}

/// Keeps `<html lang>` in step with the UI language (screen readers pick voices by it).
pub fn set_document_lang(lang: Lang) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", lang.code());
    }
}
