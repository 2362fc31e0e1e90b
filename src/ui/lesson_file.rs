//! Authoring: open a lesson file from disk (file picker, or drop it onto the player). The text
//! goes through the same parser as the built-in lessons, so errors read `file:line:col: ...`.

use super::i18n_lesson::lesson_strings;
use super::lesson_player::{Player, Problem};
use super::state::Store;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Lesson files are small; anything bigger is surely not one (and would stall the page).
const MAX_BYTES: f64 = 1_000_000.0;

/// Reads `file` as text and opens it in the player (or shows why not).
fn read(player: Player, file: web_sys::File) {
    let name = file.name();
    if file.size() > MAX_BYTES {
        player.problem.set(Some(Problem::File(format!("{name}: {} bytes is too big for a lesson file (at most 1 MB)", file.size()))));
        return;
    }
    let Ok(reader) = web_sys::FileReader::new() else {
        player.problem.set(Some(Problem::File(format!("{name}: this browser cannot read files"))));
        return;
    };
    let r = reader.clone();
    let n = name.clone();
    let onload = Closure::once_into_js(move || match r.result().ok().and_then(|v| v.as_string()) {
        Some(text) => player.open_text(&text, &n),
        None => player.problem.set(Some(Problem::File(format!("{n}: the file is not text")))),
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    let n = name.clone();
    let onerror = Closure::once_into_js(move || player.problem.set(Some(Problem::File(format!("{n}: the file could not be read")))));
    reader.set_onerror(Some(onerror.unchecked_ref()));
    if reader.read_as_text(&file).is_err() {
        player.problem.set(Some(Problem::File(format!("{name}: the file could not be read"))));
    }
}

/// The "Open a lesson file…" button (a labelled file input).
#[component]
pub fn FileButton() -> impl IntoView {
    let store = expect_context::<Store>();
    let player = expect_context::<Player>();
    let ls = move || lesson_strings(store.lang.get());
    view! {
        <label class="btn small file-btn">
            <input
                type="file"
                accept=".toml,text/plain,application/toml"
                class="file-input"
                data-testid="lesson-file"
                on:change=move |ev| {
                    let input = event_target::<web_sys::HtmlInputElement>(&ev);
                    if let Some(f) = input.files().and_then(|fs| fs.get(0)) {
                        read(player, f);
                    }
                    // Choosing the same file again must fire `change` again.
                    input.set_value("");
                }
            />
            <span>{move || ls().open_file}</span>
        </label>
    }
}

/// A drop target around the player: a `.toml` dropped here opens like the file picker.
#[component]
pub fn FileLoader(children: Children) -> impl IntoView {
    let store = expect_context::<Store>();
    let player = expect_context::<Player>();
    let over = RwSignal::new(false);
    let ls = move || lesson_strings(store.lang.get());
    view! {
        <div
            class="file-drop"
            class:drag-over=move || over.get()
            on:dragover=move |ev: ev::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: ev::DragEvent| {
                ev.prevent_default();
                over.set(false);
                if let Some(f) = ev.data_transfer().and_then(|d| d.files()).and_then(|fs| fs.get(0)) {
                    read(player, f);
                }
            }
        >
            {children()}
            <p class="hint drop-hint">{move || ls().drop_hint}</p>
        </div>
    }
}
