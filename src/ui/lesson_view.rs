//! What the player shows for the current lesson: the title card, a step (progress, narration
//! with coloured key terms, the claims checked, the predict question or its reveal), the end
//! card, and the free-play banner.

use super::i18n_lesson::{lesson_strings, resume_label, step_of};
use super::lesson_player::Player;
use super::state::Store;
use crate::lesson::run::ClaimResult;
use crate::player::course::link;
use crate::player::session::Stage;
use crate::player::terms::segments;
use crate::sim::Lang;
use leptos::prelude::*;

/// A sentence with its key terms coloured like the board draws them.
pub fn highlighted(text: &str) -> impl IntoView + use<> {
    segments(text)
        .into_iter()
        .map(|s| match s.term {
            Some(t) => view! { <span class=format!("term term-{}", t.class())>{s.text}</span> }.into_any(),
            None => s.text.into_any(),
        })
        .collect_view()
}

/// Everything the step view needs, copied out of the session (so views compare cheaply).
#[derive(Clone, Debug, PartialEq)]
struct StepView {
    id: String,
    title: String,
    summary: String,
    stage: Stage,
    total: usize,
    say: String,
    claims: Vec<ClaimResult>,
    /// The step's Kafka CLI commands and what they printed.
    terminal: Vec<(String, String)>,
    error: Option<String>,
    question: Option<(String, Vec<String>)>,
    /// (chosen, right, the correct choice's text, explain)
    reveal: Option<(usize, bool, String, String)>,
    /// A split-screen comparison the step offers, once it has been shown.
    compare: Option<String>,
}

fn step_view(p: Player, lang: Lang) -> Option<StepView> {
    p.session.with(|s| {
        let s = s.as_ref()?;
        let l = s.lesson();
        let i = match s.stage() {
            Stage::Asking(i) | Stage::Shown(i) => Some(i),
            Stage::Title | Stage::End => None,
        };
        let step = i.and_then(|i| l.steps.get(i));
        let report = i.and_then(|i| s.report(i));
        let predict = i.and_then(|i| s.predict(i));
        Some(StepView {
            id: l.id.clone(),
            title: l.title.get(lang).to_string(),
            summary: l.summary.get(lang).to_string(),
            stage: s.stage(),
            total: s.total(),
            say: step.map(|st| st.say.get(lang).to_string()).unwrap_or_default(),
            claims: report.map(|r| r.claims.clone()).unwrap_or_default(),
            terminal: report.map(|r| r.terminal.clone()).unwrap_or_default(),
            error: report.and_then(|r| r.error.as_ref()).map(|e| format!("{}:{}:{}: {}", l.file, e.pos.line, e.pos.column, e.message)),
            question: predict.map(|p| (p.question.get(lang).to_string(), p.choices.iter().map(|c| c.get(lang).to_string()).collect())),
            reveal: i.and_then(|i| {
                let (chosen, right) = s.answer(i)?;
                let p = predict?;
                Some((chosen, right, p.choices.get(p.answer_index)?.get(lang).to_string(), p.explain.get(lang).to_string()))
            }),
            compare: match s.stage() { Stage::Shown(_) => step.and_then(|st| st.compare.clone()), _ => None },
        })
    })
}

#[component]
pub fn LessonCard() -> impl IntoView {
    let store = expect_context::<Store>();
    let player = expect_context::<Player>();
    let ls = move || lesson_strings(store.lang.get());
    let v = Memo::new(move |_| step_view(player, store.lang.get()));

    move || {
        let v = v.get()?;
        let lang = store.lang.get();
        let body = match v.stage {
            Stage::Title => view! {
                <div class="lesson-title-card" data-testid="lesson-title-card">
                    <p class="lesson-summary">{highlighted(&v.summary)}</p>
                    {resume_button(player, &v.id, v.total, lang)}
                </div>
            }.into_any(),
            Stage::End => view! {
                <div class="lesson-end" data-testid="lesson-end">
                    <h4>{ls().done_title}</h4>
                    <p>{ls().done_body}</p>
                    {player.next_builtin().map(|n| view! {
                        <button class="btn primary" data-testid="lesson-next" on:click=move |_| player.open_builtin(n)>{ls().next_lesson}</button>
                    })}
                </div>
            }.into_any(),
            Stage::Asking(_) | Stage::Shown(_) => step_body(player, &v, lang).into_any(),
        };
        let n = match v.stage {
            Stage::Asking(i) | Stage::Shown(i) => Some(i + 1),
            _ => None,
        };
        let href = link(&v.id, n, lang.code());
        let free = player.free_play.get();
        Some(view! {
            <article class="lesson" data-testid="lesson" data-stage=format!("{:?}", v.stage)>
                <h3 class="lesson-title" data-testid="lesson-title">{v.title.clone()}</h3>
                {n.map(|n| view! {
                    <p class="lesson-progress" data-testid="lesson-progress">
                        <span>{step_of(lang, n, v.total)}</span>
                        <progress max=v.total.to_string() value=n.to_string() aria-hidden="true"></progress>
                    </p>
                })}
                {body}
                {if free {
                    view! {
                        <div class="free-play" role="status" data-testid="free-play">
                            <p>{ls().free_play_note}</p>
                            <button class="btn primary" data-testid="back-to-lesson" on:click=move |_| player.back_to_lesson()>{ls().back_to_lesson}</button>
                        </div>
                    }.into_any()
                } else {
                    nav_buttons(player, v.stage, href).into_any()
                }}
            </article>
        })
    }
}

/// "Resume at step k" on the title card of a lesson begun before (from saved progress).
fn resume_button(player: Player, id: &str, total: usize, lang: Lang) -> Option<impl IntoView + use<>> {
    if player.from_file.get_untracked() {
        return None;
    }
    let p = player.progress.with_untracked(|p| p.get(id));
    let k = p.reached.min(total);
    (k > 1 && !p.done).then(|| view! {
        <button class="btn" data-testid="lesson-resume" on:click=move |_| player.goto(k - 1)>{resume_label(lang, k)}</button>
    })
}

fn nav_buttons(player: Player, stage: Stage, href: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let ls = move || lesson_strings(store.lang.get());
    let asking = matches!(stage, Stage::Asking(_));
    let on_step = matches!(stage, Stage::Asking(_) | Stage::Shown(_));
    view! {
        <div class="lesson-nav">
            <button class="btn" data-testid="lesson-back" disabled=stage == Stage::Title on:click=move |_| player.back()>
                <span aria-hidden="true">"← "</span>{move || ls().back}
            </button>
            <button class="btn primary" data-testid="lesson-continue" disabled=asking || stage == Stage::End on:click=move |_| player.forward()>
                {move || if stage == Stage::Title { ls().start } else { ls().continue_ }}<span aria-hidden="true">" →"</span>
            </button>
            {on_step.then(|| view! {
                <button class="btn" data-testid="try-it" on:click=move |_| player.try_it()>{move || ls().try_it}</button>
            })}
            {(stage != Stage::Title).then(|| view! {
                <button class="btn small" data-testid="lesson-restart" on:click=move |_| player.restart()>{move || ls().restart}</button>
            })}
            <button class="btn small" data-testid="lesson-close" on:click=move |_| player.close()>{move || ls().close}</button>
            {on_step.then(|| view! { <a class="step-link" href=href.clone() data-testid="step-link">{move || ls().link_here}</a> })}
            <span class="hint keys-hint">{move || ls().keys_hint}</span>
        </div>
    }
}

fn step_body(player: Player, v: &StepView, lang: Lang) -> impl IntoView {
    let ls = lesson_strings(lang);
    let asking = matches!(v.stage, Stage::Asking(_));
    let narration = (!asking).then(|| v.say.clone()).unwrap_or_default();
    view! {
        // Narration appears once the step's actions ran (the report exists), never on a timer.
        <p class="narration" aria-live="polite" data-testid="narration">{highlighted(&narration)}</p>
        {(!v.terminal.is_empty()).then(|| view! {
            <pre class="term-screen lesson-term" data-testid="lesson-term" tabindex="0" aria-label="Kafka CLI">
                {v.terminal.iter().map(|(line, out)| view! {
                    <span class="term-in">{format!("$ {line}")}</span>"\n"{out.clone()}
                }).collect_view()}
            </pre>
        })}
        {v.error.clone().map(|e| view! {
            <p class="lesson-step-error" role="alert" data-testid="step-error">{format!("{} {e}", ls.step_failed)}</p>
        })}
        {asking.then(|| v.question.clone().map(|(q, choices)| predict_form(player, q, choices, ls)))}
        {v.reveal.clone().map(|(chosen, right, correct, explain)| view! {
            <div class=if right { "reveal right" } else { "reveal wrong" } data-testid="reveal" data-chosen=chosen.to_string()>
                <p><strong>{if right { ls.right } else { ls.wrong }}</strong>" "
                    {ls.correct_was}" "<span data-testid="correct-choice">{correct}</span></p>
                <p data-testid="explain">{highlighted(&explain)}</p>
            </div>
        })}
        {v.compare.clone().and_then(|code| compare_button(player, code, lang))}
        {(!v.claims.is_empty()).then(|| view! {
            <details class="claims" data-testid="claims">
                <summary>{ls.checked}" ("{v.claims.len()}")"</summary>
                <ul>
                    {v.claims.iter().map(|c| {
                        let text = if c.holds { format!("✓ {}", c.claim) } else { format!("✗ {} ({} = {})", c.claim, c.path, c.actual) };
                        view! { <li class=if c.holds { "claim holds" } else { "claim broken" }>{text}</li> }
                    }).collect_view()}
                </ul>
            </details>
        })}
    }
}

fn predict_form(player: Player, question: String, choices: Vec<String>, ls: &'static super::i18n_lesson::LessonStrings) -> impl IntoView {
    view! {
        <fieldset class="predict" data-testid="predict">
            <legend>{ls.predict}": "{question}</legend>
            <div role="radiogroup" class="choices">
                {choices.into_iter().enumerate().map(|(i, c)| view! {
                    <label class="choice">
                        <input
                            type="radio"
                            name="predict"
                            id=format!("predict-choice-{i}")
                            data-testid=format!("choice-{}", i + 1)
                            prop:checked=move || player.choice.get() == Some(i)
                            on:change=move |_| player.choice.set(Some(i))
                        />
                        <span class="choice-key" aria-hidden="true">{(i + 1).to_string()}</span>
                        <span>{c}</span>
                    </label>
                }).collect_view()}
            </div>
            <p class="hint">{ls.predict_hint}</p>
            <button class="btn primary" data-testid="predict-answer" disabled=move || player.choice.get().is_none()
                on:click=move |_| player.answer()>{ls.answer}</button>
        </fieldset>
    }
}

/// "Compare side by side: acks=1 vs acks=all": the split screen on the lesson's run as it is now.
fn compare_button(player: Player, code: String, lang: Lang) -> Option<impl IntoView> {
    let cmp = crate::player::split::Comparison::parse(&code).ok()?;
    let split = use_context::<super::split_view::SplitState>()?;
    let text = match lang {
        Lang::En => format!("Compare side by side: {} vs {}", cmp.label(true), cmp.label(false)),
        Lang::Ko => format!("나란히 비교: {} vs {}", cmp.label(true), cmp.label(false)),
    };
    let open = move |_| {
        let setup = player.session.with_untracked(|s| s.as_ref().map(|s| super::split_view::SplitSetup::of(s.runner().sim(), cmp.clone())));
        split.0.set(setup);
    };
    Some(view! { <button class="btn" data-testid="lesson-compare" on:click=open>{text}</button> })
}
