//! Split screen: two simulators with one seed and one action script, differing in one setting.
//! One set of controls drives both (the same action at the same virtual time); each side draws
//! its own cluster; the table below lists every fact that differs, highlighted.

use super::format::ms;
use super::network::NetworkView;
use super::partitions::PartitionRows;
use super::state::Store;
use crate::player::split::{compare, replay_by_time, Comparison, SideCounts};
use crate::sim::{Action, Applied, ClusterConfig, Lang, Millis};
use leptos::context::Provider;
use leptos::prelude::*;

/// What a split screen starts from: a run (seed, its initial settings, its script so far, where
/// it is) and the setting to vary.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitSetup {
    pub cmp: Comparison,
    pub seed: u64,
    pub base: ClusterConfig,
    pub script: Vec<Applied>,
    pub until: Millis,
}

/// Set it to open the split screen, clear it to close.
#[derive(Clone, Copy)]
pub struct SplitState(pub RwSignal<Option<SplitSetup>>);

struct Sides {
    left: Store,
    right: Store,
}

fn build(setup: &SplitSetup, lang: Lang) -> Result<Sides, String> {
    let side = |left: bool| -> Result<Store, String> {
        let config = setup.cmp.config(&setup.base, left)?;
        let (sim, _) = replay_by_time(config, setup.seed, &setup.script, setup.until)?;
        Ok(Store::from_sim(sim, lang))
    };
    Ok(Sides { left: side(true)?, right: side(false)? })
}

fn text(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::En => ["Split screen", "Close", "Step both", "Run 1 s", "Run 10 s", "Produce 10 to orders-0", "Crash the leader of orders-0", "Add a consumer (group g)", "What differs"],
        Lang::Ko => ["화면 나누기", "닫기", "둘 다 한 단계", "1초 실행", "10초 실행", "orders-0에 10개 전송", "orders-0 리더 죽이기", "컨슈머 추가 (그룹 g)", "무엇이 다른가"],
    }
}

#[component]
pub fn SplitView(setup: SplitSetup) -> impl IntoView {
    let main = expect_context::<Store>();
    let state = expect_context::<SplitState>();
    let lang = main.lang;
    let tx = move || text(lang.get());
    let sides = match build(&setup, lang.get_untracked()) {
        Ok(s) => s,
        Err(e) => {
            main.error.set(Some(e));
            state.0.set(None);
            return ().into_any();
        }
    };
    let (left, right) = (sides.left, sides.right);
    // Both sides follow the page's language.
    Effect::new(move |_| { let l = lang.get(); left.lang.set(l); right.lang.set(l); });
    let both = move |a: Action| { left.apply(a.clone()); right.apply(a); };
    let run = move |ms: u64| { left.run_for(ms); right.run_for(ms); };
    // Step together: both advance to the earlier of their next due items.
    let step = move || {
        let next = [left.next_due(), right.next_due()].into_iter().flatten().min();
        if let Some(t) = next {
            let now = left.snap.with_untracked(|s| s.now);
            run(t.saturating_sub(now).max(1));
        }
    };
    // The same action on both: the leader as the left side sees it (same script on both sides).
    let crash_leader = move || {
        let leader = left.snap.with_untracked(|s| s.partitions.iter().find(|p| p.tp.topic == "orders" && p.tp.partition == 0).and_then(|p| p.leader));
        if let Some(b) = leader {
            both(Action::CrashBroker { broker: b });
        }
    };
    let rows = Memo::new(move |_| {
        left.snap.track();
        right.snap.track();
        let counts = |s: Store| s.log.with(|l| { let mut c = SideCounts::default(); c.observe(&l.newest_first(false).cloned().collect::<Vec<_>>()); c });
        let (lc, rc) = (counts(left), counts(right));
        left.sim.with_value(|a| right.sim.with_value(|b| compare(a, &lc, b, &rc)))
    });
    let diff_count = move || rows.with(|r| r.iter().filter(|r| r.differs()).count());
    let cmp = setup.cmp.clone();
    let (l_label, r_label) = (cmp.label(true), cmp.label(false));
    let table = move || rows.with(|rows| rows.iter().map(|r| {
        let d = r.differs();
        view! {
            <tr class:diff=d data-testid=if d { "split-diff" } else { "split-same" } data-what=r.what.clone()>
                <th scope="row">{if d { "≠ " } else { "" }}{r.what.clone()}</th>
                <td>{r.left.clone()}</td>
                <td>{r.right.clone()}</td>
            </tr>
        }
    }).collect_view());
    let (lh, rh) = (l_label.clone(), r_label.clone());
    view! {
        <section class="panel split" data-testid="split" aria-labelledby="split-h">
            <div class="panel-head">
                <h2 id="split-h">{move || tx()[0]}": " <code>{l_label.clone()}</code>" vs " <code>{r_label.clone()}</code></h2>
                <button class="btn" data-testid="split-close" on:click=move |_| state.0.set(None)>{move || tx()[1]}</button>
            </div>
            <div class="row wrap split-controls">
                <button class="btn primary" data-testid="split-step" on:click=move |_| step()>{move || tx()[2]}</button>
                <button class="btn" data-testid="split-run-1s" on:click=move |_| run(1_000)>{move || tx()[3]}</button>
                <button class="btn" data-testid="split-run-10s" on:click=move |_| run(10_000)>{move || tx()[4]}</button>
                <button class="btn" data-testid="split-produce" on:click=move |_| both(Action::Produce {
                    topic: "orders".into(), key: None, value: None, count: 10, partition: Some(0), producer: None })>{move || tx()[5]}</button>
                <button class="btn" data-testid="split-stall" on:click=move |_| {
                    let leader = left.snap.with_untracked(|s| s.partitions.first().and_then(|p| p.leader));
                    for b in [1, 2, 3].into_iter().filter(|b| Some(*b) != leader) { both(Action::StallReplication { broker: b, ms: 10_000 }); }
                }>{move || match lang.get() { Lang::En => "Stall the followers 10 s", Lang::Ko => "팔로워 복제 10초 멈춤" }}</button>
                <button class="btn danger" data-testid="split-crash-leader" on:click=move |_| crash_leader()>{move || tx()[6]}</button>
                <button class="btn" data-testid="split-add-consumer" on:click=move |_| both(Action::AddConsumer { group: "g".into(), topics: vec![], instance_id: None })>{move || tx()[7]}</button>
                <span class="scrub-pos" data-testid="split-now">{move || format!("t={}ms", ms(left.snap.with(|s| s.now)))}</span>
            </div>
            <div class="split-sides">
                <SplitSide store=left label=lh.clone() testid="split-left"/>
                <SplitSide store=right label=rh.clone() testid="split-right"/>
            </div>
            <h3 class="sub-h">{move || tx()[8]} " (" <span data-testid="split-diff-count">{diff_count}</span> ")"</h3>
            <div class="table-scroll">
                <table class="records split-table">
                    <thead><tr><th scope="col"></th><th scope="col">{lh}</th><th scope="col">{rh}</th></tr></thead>
                    <tbody>{table}</tbody>
                </table>
            </div>
        </section>
    }.into_any()
}

/// One side: its own store in context, so the board's components draw this simulator.
///
/// The store is provided in a child owner (`Provider`): a bare `provide_context` here would set it
/// on the enclosing owner, which outlives the split screen, so that after "Close" and a second
/// "Compare side by side" the page's own components found this (disposed) side's store and
/// panicked ("Tried to access a reactive value that has already been disposed"; found by
/// tests/e2e/monkey.test.mjs).
#[component]
fn SplitSide(store: Store, label: String, testid: &'static str) -> impl IntoView {
    let errors = move || store.error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> });
    view! {
        <Provider value=store>
            <div class="split-side" data-testid=testid>
                <h3 class="sub-h"><code>{label}</code></h3>
                {errors}
                <NetworkView/>
                <PartitionRows/>
            </div>
        </Provider>
    }
}

/// `?split=` on the page URL: a fresh run of the page's seed.
pub fn from_url(code: &str, seed: u64) -> Result<SplitSetup, String> {
    let cmp = Comparison::parse(code)?;
    Ok(SplitSetup { cmp, seed, base: ClusterConfig::default(), script: Vec::new(), until: 0 })
}

impl SplitSetup {
    /// From a running simulator (the board, a lesson step): its seed, settings, script and time.
    pub fn of(sim: &crate::sim::Sim, cmp: Comparison) -> SplitSetup {
        SplitSetup { cmp, seed: sim.seed(), base: sim.initial_config().clone(), script: sim.actions().to_vec(), until: sim.now() }
    }
}
