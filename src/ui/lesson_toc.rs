//! The chapter list: lessons grouped by chapter in course order, each with its title, summary
//! and how far the learner got.

use super::i18n_lesson::{lesson_strings, reached_label};
use super::lesson_player::Player;
use super::state::Store;
use crate::player::course::chapters;
use leptos::prelude::*;

#[component]
pub fn ChapterList() -> impl IntoView {
    let store = expect_context::<Store>();
    let player = expect_context::<Player>();
    let ls = move || lesson_strings(store.lang.get());
    let course = player.lessons.with_value(|ls| chapters(ls));

    view! {
        <nav id="lesson-chapters" class="chapters" aria-label=move || ls().chapters data-testid="chapters">
            <ol class="chapter-list">
                {course.into_iter().map(|ch| view! {
                    <li class="chapter">
                        <h3 class="chapter-h">{move || format!("{} {}", ls().chapter, ch.number)}</h3>
                        <ul class="chapter-lessons">
                            {ch.lessons.into_iter().map(|i| lesson_item(player, store, i)).collect_view()}
                        </ul>
                    </li>
                }).collect_view()}
            </ol>
        </nav>
    }
}

fn lesson_item(player: Player, store: Store, i: usize) -> impl IntoView {
    let Some((id, title, summary, total)) = player.lessons.with_value(|ls| {
        ls.get(i).map(|l| (l.id.clone(), l.title.clone(), l.summary.clone(), l.steps))
    }) else {
        return ().into_any();
    };
    let id2 = id.clone();
    let badge = move || {
        let p = player.progress.with(|p| p.get(&id2));
        (p.reached > 0 || p.done).then(|| {
            let text = reached_label(store.lang.get(), p.reached, total, p.done);
            view! { <span class=if p.done { "badge done" } else { "badge" }>{text}</span> }
        })
    };
    view! {
        <li>
            <button class="lesson-link" data-testid=format!("open-{id}") on:click=move |_| player.open_builtin(i)>
                <span class="lesson-link-title">{let t = title.clone(); move || t.get(store.lang.get()).to_string()}</span>
                {badge}
                <span class="lesson-link-summary">{move || summary.get(store.lang.get()).to_string()}</span>
            </button>
        </li>
    }
    .into_any()
}
