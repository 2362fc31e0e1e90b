//! The lesson player's keyboard: ← Back, → Continue; while a question waits, 1–4 or the arrow
//! keys pick a choice and Enter answers. Keys typed into a text box, a slider or a select, keys
//! with a modifier, and free play are left alone.

use super::lesson_player::Player;
use crate::player::session::Stage;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the focused element does with keys itself.
pub(super) enum Focus {
    /// A text field, slider, select, ...: every key is its own.
    Typing,
    /// A button or link: Enter and Space click it.
    Button,
    /// A radio of the predict question: arrows move the choice natively.
    Radio,
    Other,
}

pub(super) fn focus_of(ev: &web_sys::KeyboardEvent) -> Focus {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return Focus::Other };
    match el.tag_name().to_ascii_lowercase().as_str() {
        "input" => match el.get_attribute("type").unwrap_or_default().as_str() {
            "radio" => Focus::Radio,
            "button" | "submit" | "checkbox" => Focus::Button,
            _ => Focus::Typing,
        },
        "textarea" | "select" => Focus::Typing,
        "button" | "a" | "summary" => Focus::Button,
        _ if el.has_attribute("contenteditable") => Focus::Typing,
        _ => Focus::Other,
    }
}

pub fn listen(player: Player) {
    // Presenter mode's black screen and key help hold the keys while they show.
    let presenter = use_context::<super::presenter::Presenter>();
    // The player lives as long as the page, so the listener is never removed.
    let _ = window_event_listener(ev::keydown, move |ev| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.default_prevented() || player.free_play.get_untracked() {
            return;
        }
        if presenter.is_some_and(|p| p.black.get_untracked() || p.help.get_untracked()) {
            return;
        }
        let focus = focus_of(&ev);
        if matches!(focus, Focus::Typing) {
            return;
        }
        let Some((stage, choices)) = player.session.with_untracked(|s| {
            s.as_ref().map(|s| {
                let n = match s.stage() {
                    Stage::Asking(i) => s.predict(i).map_or(0, |p| p.choices.len()),
                    _ => 0,
                };
                (s.stage(), n)
            })
        }) else {
            return;
        };
        let key = ev.key();
        if let Stage::Asking(_) = stage {
            let current = player.choice.get_untracked();
            let pick = match key.as_str() {
                "ArrowDown" | "ArrowRight" if !matches!(focus, Focus::Radio) => Some(current.map_or(0, |c| (c + 1) % choices)),
                "ArrowUp" | "ArrowLeft" if !matches!(focus, Focus::Radio) => Some(current.map_or(choices - 1, |c| (c + choices - 1) % choices)),
                k => k.parse::<usize>().ok().filter(|&n| (1..=choices).contains(&n)).map(|n| n - 1),
            };
            if let Some(c) = pick.filter(|_| choices > 0) {
                ev.prevent_default();
                player.choice.set(Some(c));
                focus_choice(c);
            } else if key == "Enter" && !matches!(focus, Focus::Button) && current.is_some() {
                ev.prevent_default();
                player.answer();
            }
            return;
        }
        match key.as_str() {
            "ArrowRight" | "PageDown" => {
                ev.prevent_default();
                player.forward();
            }
            "ArrowLeft" | "PageUp" => {
                ev.prevent_default();
                player.back();
            }
            _ => {}
        }
    });
}

/// Moves focus to the radio of choice `c` (so a screen reader says it).
fn focus_choice(c: usize) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("predict-choice-{c}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}
