//! The lesson player's side of the postMessage API: where the lesson is (for `step-changed` and
//! `lesson-finished`) and the host's `goto` requests. `embed.rs` owns the messages; this only
//! carries state between it and the player, which are created in different places.

use super::lesson_player::Player;
use crate::player::session::Stage;
use leptos::prelude::*;

/// A lesson step as the host sees it: 1-based, like `?step=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    pub lesson: String,
    pub step: usize,
    pub steps: usize,
    pub finished: bool,
}

#[derive(Clone, Copy)]
pub struct LessonLink {
    /// The lesson and step on screen (`None`: no lesson, or the title card).
    pub at: RwSignal<Option<At>>,
    /// The host asked for this 1-based step.
    pub goto: RwSignal<Option<usize>>,
    /// How many steps the open lesson has (also on its title card).
    total: StoredValue<Option<usize>>,
}

impl LessonLink {
    pub fn provide() -> LessonLink {
        let link = LessonLink { at: RwSignal::new(None), goto: RwSignal::new(None), total: StoredValue::new(None) };
        provide_context(link);
        link
    }

    /// Why the host cannot go to `step` now, or `None` if it can.
    pub fn goto_problem(&self, step: usize) -> Option<String> {
        match self.total.get_value() {
            None => Some("goto needs a lesson on screen (open one with ?lesson=<id>)".into()),
            Some(n) if step == 0 || step > n => Some(format!("goto: step {step} is out of range, the lesson has steps 1 to {n}")),
            Some(_) => None,
        }
    }
}

/// Keeps `link.at` true to the player's session and carries out the host's `goto`.
pub fn connect(link: LessonLink, player: Player) {
    Effect::new(move |_| {
        let at = player.session.with(|s| s.as_ref().and_then(|s| {
            let lesson = s.lesson().id.clone();
            let steps = s.total();
            link.total.set_value(Some(steps));
            match s.stage() {
                Stage::Asking(i) | Stage::Shown(i) => Some(At { lesson, step: i + 1, steps, finished: false }),
                Stage::End => Some(At { lesson, step: steps, steps, finished: true }),
                Stage::Title => None,
            }
        }));
        if player.session.with(|s| s.is_none()) {
            link.total.set_value(None);
        }
        link.at.set(at);
    });
    Effect::new(move |_| {
        if let Some(step) = link.goto.get() {
            link.goto.set(None);
            if step >= 1 {
                player.goto(step - 1);
            }
        }
    });
}
