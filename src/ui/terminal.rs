//! The Kafka CLI terminal panel: a prompt that runs `crate::terminal` (the same engine as
//! `kplay term`) against the simulator on view, with history (↑/↓), Tab completion, Ctrl-D to end
//! the console producer and Ctrl-L / `clear` to clear the screen.
//!
//! The engine changes the run only through `Sim::apply` and virtual time, so the command runs on
//! a copy; its events are then recovered by replaying the copy's new actions from the point the
//! command started (the run is deterministic), logged like any other intent's, and the copy goes
//! on view. A command that changes nothing (`--describe`, `--list`) never forks a past point.

use super::i18n_terminal::terminal_text;
use super::state::Store;
use crate::sim::Sim;
use crate::terminal::{common_prefix, complete, Output, Terminal};
use leptos::prelude::*;

/// Lines kept on screen; older ones scroll away.
const SCREEN_LINES: usize = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Input,
    Out,
    Err,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScreenLine {
    pub kind: LineKind,
    pub text: String,
}

impl Store {
    /// Runs one terminal line against the run on view; see the module comment.
    pub fn run_terminal(&self, term: &mut Terminal, line: &str) -> Output {
        let Some(start) = self.sim.try_with_value(Sim::clone) else {
            return Output::fail("internal: the simulator is gone\n");
        };
        let (out, replayed) = term.run_on_copy(start, line);
        if matches!(replayed, Ok(None)) {
            return out;
        }
        if self.in_past() {
            self.fork_if_past();
        }
        match replayed {
            Ok(None) => {}
            Ok(Some((sim, events))) => {
                self.sim.set_value(sim);
                self.record(&events);
                self.push(events);
            }
            // Replay is deterministic, so this is a simulator bug; keep the run as it was.
            Err(e) => self.error.set(Some(format!("internal: the terminal's command could not be replayed: {}", e.message))),
        }
        self.refresh();
        out
    }
}

fn lines_of(kind: LineKind, text: &str) -> impl Iterator<Item = ScreenLine> + '_ {
    text.lines().map(move |l| ScreenLine { kind, text: l.to_string() })
}

#[component]
pub fn TerminalPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let term = StoredValue::new(Terminal::new(store.lang.get_untracked()));
    let screen = RwSignal::new(Vec::<ScreenLine>::new());
    let input = RwSignal::new(String::new());
    let prompt = RwSignal::new(term.with_value(|t| t.prompt()));
    let tt = move || terminal_text(store.lang.get());
    let print = move |more: Vec<ScreenLine>| {
        screen.update(|s| {
            s.extend(more);
            let over = s.len().saturating_sub(SCREEN_LINES);
            s.drain(..over);
        })
    };
    let run = move |line: String| {
        let echo = ScreenLine { kind: LineKind::Input, text: format!("{}{line}", prompt.get_untracked()) };
        let in_shell = !term.with_value(Terminal::in_producer);
        if in_shell && line.trim() == "clear" {
            screen.set(Vec::new());
            term.update_value(|t| t.history.push(&line));
            return;
        }
        term.update_value(|t| t.lang = store.lang.get_untracked());
        let mut t = term.get_value();
        let out = store.run_terminal(&mut t, &line);
        prompt.set(t.prompt());
        term.set_value(t);
        let mut more = vec![echo];
        more.extend(lines_of(LineKind::Out, &out.stdout));
        more.extend(lines_of(LineKind::Err, &out.stderr));
        print(more);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        match (ev.key().as_str(), ev.ctrl_key()) {
            ("Enter", _) => {
                ev.prevent_default();
                run(input.get_untracked());
                input.set(String::new());
            }
            ("ArrowUp", _) => {
                ev.prevent_default();
                if let Some(l) = term.try_update_value(|t| t.history.older().map(str::to_string)).flatten() {
                    input.set(l);
                }
            }
            ("ArrowDown", _) => {
                ev.prevent_default();
                let l = term.try_update_value(|t| t.history.newer().map(str::to_string)).flatten();
                input.set(l.unwrap_or_default());
            }
            ("Tab", false) if !term.with_value(Terminal::in_producer) => {
                ev.prevent_default();
                let options = complete(&input.get_untracked());
                match options.len() {
                    0 => {}
                    1 => input.set(options[0].clone()),
                    _ => {
                        let words = options.iter().filter_map(|o| o.split_whitespace().last()).collect::<Vec<_>>().join("  ");
                        print(vec![ScreenLine { kind: LineKind::Out, text: words }]);
                        let common = common_prefix(&options);
                        if common.len() > input.get_untracked().len() {
                            input.set(common);
                        }
                    }
                }
            }
            ("d", true) if term.with_value(Terminal::in_producer) => {
                ev.prevent_default();
                run("\u{4}".to_string());
                input.set(String::new());
            }
            ("l", true) => {
                ev.prevent_default();
                screen.set(Vec::new());
            }
            _ => {}
        }
    };
    let screen_ref = NodeRef::<leptos::html::Pre>::new();
    // Keep the newest line in view, as a terminal scrolls.
    Effect::new(move |_| {
        screen.track();
        if let Some(el) = screen_ref.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    view! {
        <section class="panel terminal" data-testid="terminal" aria-labelledby="terminal-h">
            <h2 id="terminal-h">{move || tt().title}</h2>
            <p class="muted small">{move || tt().hint}</p>
            <pre class="term-screen" data-testid="term-screen" node_ref=screen_ref role="log" aria-live="polite" tabindex="0"
                aria-label=move || tt().screen_label>
                {move || screen.get().into_iter().map(|l| {
                    let cls = match l.kind { LineKind::Input => "term-in", LineKind::Out => "term-out", LineKind::Err => "term-err" };
                    view! { <span class=cls>{l.text}</span>"\n" }
                }).collect_view()}
            </pre>
            <label class="term-line">
                <span class="term-prompt" aria-hidden="true" data-testid="term-prompt">{move || prompt.get()}</span>
                <span class="sr-only">{move || tt().input_label}</span>
                <input type="text" data-testid="term-input" spellcheck="false" autocomplete="off" autocapitalize="off"
                    placeholder=move || tt().placeholder
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=on_key/>
            </label>
        </section>
    }
}
