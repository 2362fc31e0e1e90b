//! The board at scale: one line per topic with its partitions' health, and the "showing N of M"
//! pager, drawn only when the board pages (`stage::board_rows`).

use super::i18n_board::{show_fewer, show_more, showing, summary_heads};
use super::state::Store;
use crate::stage::board_rows::{BoardRows, ROW_PAGE};
use leptos::prelude::*;

#[component]
pub fn BoardSummary(rows: Memo<BoardRows>, limit: RwSignal<usize>) -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let b = rows.get();
        if b.topics.is_empty() {
            return ().into_any();
        }
        let lang = store.lang.get();
        let h = summary_heads(lang);
        let count = |n: usize, cls: &'static str| {
            let cls = if n > 0 { cls } else { "" };
            view! { <td class=cls>{n}</td> }
        };
        let lines = b.topics.iter().map(|t| view! {
            <tr data-testid=format!("topic-summary-{}", t.topic)>
                <th scope="row">{t.topic.clone()}</th>
                <td>{t.partitions}</td>
                {count(t.offline, "bad")}
                {count(t.under_min_isr, "bad")}
                {count(t.under_replicated, "warn")}
            </tr>
        }).collect_view();
        let more = b.total.saturating_sub(b.rows.len()).min(ROW_PAGE);
        view! {
            <div class="board-summary" data-testid="board-summary">
                <table class="topic-summary">
                    <caption>{h.caption}</caption>
                    <thead><tr>
                        <th scope="col">{h.topic}</th>
                        <th scope="col">{h.partitions}</th>
                        <th scope="col" title=h.offline_help>{h.offline}</th>
                        <th scope="col" title=h.under_min_isr_help>{h.under_min_isr}</th>
                        <th scope="col" title=h.under_replicated_help>{h.under_replicated}</th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
                <p class="muted" data-testid="board-showing">{showing(lang, b.rows.len(), b.total, b.troubled)}</p>
                <div class="row wrap">
                    {(more > 0).then(|| view! {
                        <button class="btn" data-testid="board-more" on:click=move |_| limit.update(|l| *l = l.saturating_add(ROW_PAGE))>
                            {show_more(lang, more)}
                        </button>
                    })}
                    {(limit.get() > ROW_PAGE).then(|| view! {
                        <button class="btn" data-testid="board-fewer" on:click=move |_| limit.set(ROW_PAGE)>{show_fewer(lang)}</button>
                    })}
                </div>
            </div>
        }.into_any()
    }
}
