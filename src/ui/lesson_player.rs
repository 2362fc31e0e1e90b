//! The lesson player: chapter list, title card, steps with Back/Continue (buttons and ←/→),
//! predict-then-reveal, free play on a copy, the end card. The logic lives in `crate::player`;
//! this file holds the player's signals and the shell; the parts are in `lesson_*.rs`.

use super::i18n_lesson::{lesson_strings, link_problem, step_of};
use wasm_bindgen::JsCast;
use super::lesson_file::FileLoader;
use super::lesson_store::{load_progress, save_progress, set_lesson_mode, url_param};
use super::lesson_toc::ChapterList;
use super::lesson_view::LessonCard;
use super::state::Store;
use crate::lesson::{catalog, parse, Lesson};
use crate::player::course::{resolve, LinkProblem, Outline};
use crate::player::progress::Progress;
use crate::player::session::{Session, Stage};
use leptos::prelude::*;

/// Something the learner should know about: a deep link that could not be followed, or a
/// lesson file that cannot be used (`file:line:col: message`).
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Link(LinkProblem),
    File(String),
}

#[derive(Clone, Copy)]
pub struct Player {
    store: Store,
    /// The built-in lessons that parse (a broken one is left out, never a blank page).
    /// The built-in lessons' outlines (each lesson is parsed when opened).
    pub lessons: StoredValue<Vec<Outline>>,
    pub session: RwSignal<Option<Session>>,
    /// The session's lesson came from a file (its progress is not stored).
    pub from_file: RwSignal<bool>,
    pub free_play: RwSignal<bool>,
    pub problem: RwSignal<Option<Problem>>,
    pub progress: RwSignal<Progress>,
    pub toc_open: RwSignal<bool>,
    /// The choice selected in the waiting predict question (0-based).
    pub choice: RwSignal<Option<usize>>,
    /// The board's (position, virtual time, actions) right after the lesson's simulator was
    /// installed: a board that differs while the lesson shows means the learner intervened.
    installed: StoredValue<Option<(u64, u64, usize)>>,
}

impl Player {
    fn new(store: Store) -> Player {
        Player {
            store,
            lessons: StoredValue::new(catalog::outlines()),
            session: RwSignal::new(None),
            from_file: RwSignal::new(false),
            free_play: RwSignal::new(false),
            problem: RwSignal::new(None),
            progress: RwSignal::new(load_progress()),
            toc_open: RwSignal::new(false),
            choice: RwSignal::new(None),
            installed: StoredValue::new(None),
        }
    }

    /// Opens a lesson on its title card, or at `step` (0-based).
    pub fn open(&self, lesson: Lesson, from_file: bool, step: Option<usize>) {
        match Session::new(lesson) {
            Ok(mut s) => {
                if let Some(i) = step {
                    s.goto(i);
                }
                self.from_file.set(from_file);
                self.free_play.set(false);
                self.toc_open.set(false);
                self.session.set(Some(s));
                self.sync();
            }
            Err(e) => self.problem.set(Some(Problem::File(e.to_string()))),
        }
    }

    /// Opens built-in lesson `index` (of `lessons`).
    pub fn open_builtin(&self, index: usize) {
        self.problem.set(None);
        self.open_builtin_at(index, None);
    }

    /// Parses built-in lesson `index` now (only its outline was read at start-up) and opens it,
    /// leaving a problem already shown (a deep link's) in place.
    fn open_builtin_at(&self, index: usize, step: Option<usize>) {
        match catalog::builtin(index) {
            Some(Ok(l)) => self.open(l, false, step),
            Some(Err(e)) => self.problem.set(Some(Problem::File(e.to_string()))),
            None => {}
        }
    }

    /// Parses a lesson file's text; a parse error is shown with `file:line:col`.
    pub fn open_text(&self, text: &str, file: &str) {
        match parse(text, file) {
            Ok(l) => {
                self.problem.set(None);
                self.open(l, true, None);
            }
            Err(e) => self.problem.set(Some(Problem::File(e.to_string()))),
        }
    }

    pub fn forward(&self) {
        self.change(|s| s.forward());
    }
    pub fn back(&self) {
        self.change(|s| s.back());
    }
    /// Answers the waiting question with the selected choice.
    pub fn answer(&self) {
        if let Some(c) = self.choice.get_untracked() {
            self.change(|s| s.choose(c).is_some());
        }
    }
    /// Jumps to step `i` (0-based), e.g. to resume where the learner stopped.
    pub fn goto(&self, i: usize) {
        self.change(|s| {
            s.goto(i);
            true
        });
    }
    /// Starts over from the title card.
    pub fn restart(&self) {
        self.change(|s| {
            while s.back() {}
            true
        });
    }

    pub fn close(&self) {
        self.session.set(None);
        self.free_play.set(false);
        set_lesson_mode(false);
        self.toc_open.set(true);
    }

    /// Free play on a copy of the step's simulator: the store's sim already is a copy.
    pub fn try_it(&self) {
        self.free_play.set(true);
        set_lesson_mode(false);
    }

    /// Puts the lesson's own simulator back on the board, exactly where the lesson was.
    pub fn back_to_lesson(&self) {
        self.free_play.set(false);
        self.sync();
    }

    fn change(&self, f: impl FnOnce(&mut Session) -> bool) {
        if self.free_play.get_untracked() {
            return;
        }
        let mut changed = false;
        self.session.update(|s| {
            if let Some(s) = s {
                changed = f(s);
            }
        });
        if changed {
            self.sync();
        }
    }

    /// After the session moved: the board draws its simulator, progress is saved.
    fn sync(&self) {
        let store = self.store;
        let Some((sim, events, stage, id)) = self.session.with_untracked(|s| {
            s.as_ref().map(|s| (s.runner().sim().clone(), s.events(), s.stage(), s.lesson().id.clone()))
        }) else {
            return;
        };
        store.install(sim, events);
        self.installed.set_value(Some(board_key(store)));
        set_lesson_mode(true);
        self.choice.set(None);
        // The step's sentence (or question) for screen readers, through the app's live region.
        let lang = store.lang.get_untracked();
        let said = self.session.with_untracked(|s| {
            let s = s.as_ref()?;
            let l = s.lesson();
            Some(match stage {
                Stage::Title => l.title.get(lang).to_string(),
                Stage::Asking(i) => format!("{}. {}", step_of(lang, i + 1, s.total()), s.predict(i)?.question.get(lang)),
                Stage::Shown(i) => format!("{}. {}", step_of(lang, i + 1, s.total()), l.steps.get(i)?.say.get(lang)),
                Stage::End => lesson_strings(lang).done_title.to_string(),
            })
        });
        if let Some(said) = said {
            store.announce.set(said);
        }
        keep_focus(stage);
        if self.from_file.get_untracked() {
            return;
        }
        let mut changed = false;
        self.progress.update(|p| {
            changed = match stage {
                Stage::Title => false,
                Stage::Asking(i) | Stage::Shown(i) => p.reached(&id, i + 1),
                Stage::End => p.finished(&id),
            };
        });
        if changed {
            self.progress.with_untracked(save_progress);
        }
    }

    /// The index of the built-in lesson after the current one, if any.
    pub fn next_builtin(&self) -> Option<usize> {
        let id = self.session.with(|s| s.as_ref().map(|s| s.lesson().id.clone()))?;
        self.lessons.with_value(|ls| ls.iter().position(|l| l.id == id)).map(|i| i + 1).filter(|&i| i < self.lessons.with_value(Vec::len))
    }
}

fn board_key(store: Store) -> (u64, u64, usize) {
    let (position, now) = store.snap.with_untracked(|s| (s.position, s.now));
    (position, now, store.actions.get_untracked())
}

/// A click on the board during a lesson (crash a broker, drop a message, ...) would change the
/// simulator behind the narration's back: it starts free play instead, on the board's copy.
fn free_play_on_intervention(player: Player) {
    let store = player.store;
    Effect::new(move |_| {
        let key = store.snap.with(|s| (s.position, s.now));
        let key = (key.0, key.1, store.actions.get());
        let lesson_showing = player.session.with_untracked(Option::is_some) && !player.free_play.get_untracked();
        if lesson_showing && player.installed.get_value().is_some_and(|k| k != key) {
            player.try_it();
        }
    });
}

/// A click on Back/Continue redraws the card, which drops the focus on `<body>`: put it back on
/// the control a keyboard user wants next (the first choice of a question, else Continue).
fn keep_focus(stage: Stage) {
    request_animation_frame(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let lost = doc.active_element().is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
        if !lost {
            return;
        }
        let target = match stage {
            Stage::Asking(_) => "[data-testid=choice-1]",
            Stage::End => "[data-testid=lesson-back]",
            _ => "[data-testid=lesson-continue]",
        };
        if let Some(el) = doc.query_selector(target).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// The player panel, above the board.
#[component]
pub fn LessonPlayer() -> impl IntoView {
    let store = expect_context::<Store>();
    let player = Player::new(store);
    provide_context(player);
    let ls = move || lesson_strings(store.lang.get());

    // The deep link, once: `?lesson=<id>&step=<n>`.
    let start = player.lessons.with_value(|ls| {
        resolve(url_param("lesson").as_deref(), url_param("step").as_deref(), ls)
    });
    if let Some(p) = start.problem.clone() {
        player.problem.set(Some(Problem::Link(p)));
    }
    match start.lesson {
        Some(i) => player.open_builtin_at(i, start.step),
        None => player.toc_open.set(start.problem.is_some()),
    }
    super::lesson_keys::listen(player);
    super::presenter::listen(store, expect_context::<super::presenter::Presenter>(), player);
    super::lesson_link::connect(expect_context::<super::lesson_link::LessonLink>(), player);
    free_play_on_intervention(player);

    let problem_text = move || {
        player.problem.get().map(|p| match p {
            Problem::Link(l) => link_problem(store.lang.get(), &l),
            Problem::File(msg) => format!("{} {msg}", ls().file_error),
        })
    };

    view! {
        <super::presenter::PresenterStrip/>
        <section class="panel lesson-player" aria-labelledby="lessons-h" data-testid="lesson-player">
            <FileLoader>
                <div class="lesson-head">
                    <h2 id="lessons-h">{move || ls().lessons}</h2>
                    <div class="row wrap">
                        <button
                            class="btn small"
                            data-testid="chapters-toggle"
                            aria-expanded=move || player.toc_open.get().to_string()
                            aria-controls="lesson-chapters"
                            on:click=move |_| player.toc_open.update(|o| *o = !*o)
                        >{move || ls().chapters}</button>
                        <super::lesson_file::FileButton/>
                    </div>
                </div>
                {move || problem_text().map(|msg| view! {
                    <div class="error-banner lesson-problem" role="alert" data-testid="lesson-problem">
                        <span class="error-icon" aria-hidden="true">"⚠"</span>
                        <span class="error-text">{msg}</span>
                        <button class="btn small" on:click=move |_| player.problem.set(None)>{move || ls().dismiss}</button>
                    </div>
                })}
                <Show when=move || player.toc_open.get()>
                    <ChapterList/>
                </Show>
                <LessonCard/>
            </FileLoader>
        </section>
    }
}
