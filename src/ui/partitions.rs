//! Partition rows: for each partition, its leader, leader epoch and ISR, and for each replica a
//! small log strip with records (solid below the HW, dashed above it), HW and LEO markers,
//! acknowledged and lost marks, and a countdown ring for replica.lag.time.max.ms.

use super::board_summary::BoardSummary;
use super::format::epoch_class;
use super::i18n::strings;
use super::i18n_more::more;
use super::state::Store;
use crate::sim::snapshot::{PartitionView, ReplicaView};
use crate::sim::RecordId;
use crate::stage::board_rows::{board_rows, ROW_PAGE};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Offsets shown per log strip (the newest ones; all replicas of a row share the window).
const WINDOW: u64 = 10;
const CELL: f64 = 22.0;
const X0: f64 = 12.0;
const STRIP_W: f64 = X0 * 2.0 + CELL * WINDOW as f64;

/// Keeps a marker label inside the strip.
fn anchor(x: f64) -> &'static str {
    if x < X0 + 14.0 {
        "start"
    } else if x > STRIP_W - X0 - 14.0 {
        "end"
    } else {
        "middle"
    }
}

fn label_x(x: f64) -> f64 {
    match anchor(x) {
        "start" => x - 3.0,
        "end" => x + 3.0,
        _ => x,
    }
}

#[component]
pub fn PartitionRows() -> impl IntoView {
    let store = expect_context::<Store>();
    // At most `limit` rows (a page; "show more" adds pages): 30 brokers × 1,000 partitions drawn
    // whole was 3,000 log strips re-rendered on every step (issue 9, P5).
    let limit = RwSignal::new(ROW_PAGE);
    let rows = Memo::new(move |_| {
        let all = store.show_internal.get();
        store.snap.with(|s| board_rows(&s.partitions, all, limit.get()))
    });
    let pidxs = Memo::new(move |_| rows.with(|r| r.rows.clone()));
    let lost: Memo<BTreeSet<RecordId>> =
        Memo::new(move |_| store.records.with(|r| r.iter().filter(|x| x.lost.is_some()).map(|x| x.id).collect()));
    view! {
        <BoardSummary rows=rows limit=limit/>
        <div class="partitions">
            <For each=move || pidxs.get() key=|p| *p let:pidx>
                <PartitionRow pidx=pidx lost=lost/>
            </For>
        </div>
    }
}

/// Brokers up to which every row has a column per broker (an empty slot where it holds no
/// replica), so a broker's replicas line up down the board; past it only a row's own replicas.
const ALIGNED_BROKERS: usize = 6;

#[component]
fn PartitionRow(pidx: usize, lost: Memo<BTreeSet<RecordId>>) -> impl IntoView {
    let store = expect_context::<Store>();
    let t = move || strings(store.lang.get());
    // Only this row re-renders when this partition changes.
    let part = Memo::new(move |_| store.snap.with(|s| s.partitions.get(pidx).cloned()));
    let broker_ids = Memo::new(move |_| store.snap.with(|s| s.brokers.iter().map(|b| b.id).collect::<Vec<u32>>()));
    let owner = Memo::new(move |_| {
        let tp = part.with(|p| p.as_ref().map(|p| p.tp.clone()))?;
        store.groups.with(|g| g.owner_of(&tp).map(|(c, g)| (c, g.to_string())))
    });
    let markers = Memo::new(move |_| {
        let tp = part.with(|p| p.as_ref().map(|p| p.tp.to_string())).unwrap_or_default();
        store.side.with(|s| s.markers.iter().filter(|((t, _), _)| *t == tp).map(|((_, o), c)| (*o, *c)).collect::<BTreeMap<u64, bool>>())
    });

    move || {
        let Some(p) = part.get() else { return ().into_any() };
        let tp = p.tp.to_string();
        let leader_attr = p.leader.map(|l| l.to_string()).unwrap_or_else(|| "none".into());
        let isr = format!("[{}]", p.isr.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(","));
        let end = p.replicas.iter().map(|r| r.leo).max().unwrap_or(0).max(WINDOW);
        let start = end - WINDOW;
        let epoch_cls = format!("epoch-badge {}", epoch_class(p.leader_epoch));
        let leader_txt = match p.leader {
            Some(l) => format!("★ B{l}"),
            None => t().no_leader.to_string(),
        };
        let brokers = broker_ids.get();
        let cells = if brokers.len() <= ALIGNED_BROKERS {
            brokers.into_iter().map(|b| match p.replicas.iter().find(|r| r.broker == b) {
                Some(r) => replica_cell(&p, r, start, lost, &markers.get(), store).into_any(),
                None => view! { <div class="replica empty" aria-hidden="true"></div> }.into_any(),
            }).collect_view()
        } else {
            p.replicas.iter().map(|r| replica_cell(&p, r, start, lost, &markers.get(), store).into_any()).collect_view()
        };
        let own = owner.get();
        let mut row_cls = match &own {
            Some((c, _)) => format!("partition-row owned owner-{}", c % 6),
            None => "partition-row".to_string(),
        };
        // A jump to a lost record's loss outlines the partition it happened on.
        if store.highlight.with(|h| h.tp.as_ref() == Some(&p.tp)) {
            row_cls.push_str(" hot-tp");
        }
        let owner_tag = own.clone().map(|(c, g)| view! {
            <span class=format!("owner-tag owner-{}", c % 6) data-testid=format!("owner-{}-{}", p.tp.topic, p.tp.partition)>
                <span aria-hidden="true">"◆ "</span>{format!("{} {c} · {g}", more(store.lang.get()).consumer)}
            </span>
        });
        view! {
            <div class=row_cls data-owner=own.map(|(c, _)| c.to_string()).unwrap_or_else(|| "none".into())
                 data-lso=p.lso.map(|l| l.to_string()).unwrap_or_else(|| "none".into())
                 data-testid=format!("partition-{}-{}", p.tp.topic, p.tp.partition) data-leader=leader_attr
                 data-hot=store.highlight.with(|h| h.tp.as_ref() == Some(&p.tp)).to_string()
                 data-epoch=p.leader_epoch.to_string() data-isr=isr.clone()>
                <div class="partition-head">
                    <h3>{tp}</h3>
                    <span class="leader-tag">{format!("{} ", t().leader)}<strong>{leader_txt}</strong></span>
                    <span class=epoch_cls>{format!("{} {}", t().epoch, p.leader_epoch)}</span>
                    <span class="isr-tag">{format!("ISR {isr}")}</span>
                    {p.under_replicated.then(|| view! { <span class="badge warn">{t().under_replicated}</span> })}
                    {owner_tag}
                </div>
                <div class="replicas">{cells}</div>
            </div>
        }.into_any()
    }
}

fn replica_cell(p: &PartitionView, r: &ReplicaView, start: u64, lost: Memo<BTreeSet<RecordId>>, markers: &BTreeMap<u64, bool>, store: Store) -> impl IntoView {
    let t = strings(store.lang.get());
    let lag_max = store.lag_max_ms.get().max(1);
    let cls = format!(
        "replica{}{}{}",
        if r.in_isr { " in-isr" } else { " out-isr" },
        if r.is_leader { " leader" } else { "" },
        if r.up { "" } else { " down" }
    );
    let x = |o: u64| X0 + (o.saturating_sub(start)) as f64 * CELL;
    let lost = lost.get();
    let cells = r.entries.iter().filter(|e| e.offset >= start).map(|e| {
        let committed = e.offset < r.hw;
        if e.compacted {
            return hole_cell(e.offset, x(e.offset)).into_any();
        }
        if e.record == 0 {
            return marker_cell(e.offset, markers.get(&e.offset).copied(), x(e.offset), committed).into_any();
        }
        let cls = format!("cell {} {}{}", if committed { "committed" } else { "uncommitted" }, epoch_class(e.epoch),
            if e.tombstone { " tombstone" } else { "" });
        let cx = x(e.offset);
        let title = format!("offset {} · record #{} · epoch {}{}{}", e.offset, e.record,
            e.epoch, e.key.as_ref().map(|k| format!(" · key {k}")).unwrap_or_default(),
            if e.tombstone { " · tombstone (null value): deletes its key" } else { "" });
        view! {
            <g>
                <title>{title}</title>
                <rect class=cls x=cx + 1.5 y="17" width=CELL - 3.0 height="24" rx="3"/>
                <text class="cell-off" x=cx + CELL / 2.0 y="33" text-anchor="middle">{e.offset.to_string()}</text>
                {e.acknowledged.then(|| view! { <circle class="ack-dot" cx=cx + CELL - 5.0 cy="20" r="3.5"/> })}
                {e.tombstone.then(|| view! { <text class="tomb-text" x=cx + 5.0 y="26">"∅"</text> })}
                {lost.contains(&e.record).then(|| view! {
                    <path class="lost-x" d=format!("M{} 19 L{} 39 M{} 19 L{} 39", cx + 4.0, cx + CELL - 4.0, cx + CELL - 4.0, cx + 4.0)/>
                })}
            </g>
        }.into_any()
    }).collect_view();
    let hw_x = x(r.hw);
    // The LSO belongs to the leader: drawn on its strip only.
    let lso = p.lso.filter(|_| r.is_leader).map(|l| {
        let lx = x(l);
        view! {
            <line class="lso-line" x1=lx y1="14" x2=lx y2="50"/>
            <text class="lso-text" x=label_x(lx) y="69" text-anchor=anchor(lx)>{format!("LSO {l}")}</text>
        }
    });
    let leo_x = x(r.leo);
    // Followers: how long since last caught up, as a ring that empties towards eviction.
    let ring = r.lag_ms.filter(|_| !r.is_leader).map(|lag| {
        let frac = 1.0 - (lag as f64 / lag_max as f64).clamp(0.0, 1.0);
        let c = 2.0 * std::f64::consts::PI * 7.0;
        view! {
            <svg class="lag-ring" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
                <title>{format!("replica.lag.time.max.ms: {lag} / {lag_max} ms")}</title>
                <circle class="ring-bg" cx="10" cy="10" r="7"/>
                <circle class="ring-fg" cx="10" cy="10" r="7" stroke-dasharray=format!("{:.1} {:.1}", c * frac, c) transform="rotate(-90 10 10)"/>
            </svg>
        }
    });
    view! {
        <div class=cls data-testid=format!("replica-{}-{}-{}", p.tp.topic, p.tp.partition, r.broker)
             data-isr=r.in_isr.to_string() data-leader=r.is_leader.to_string()
             data-leo=r.leo.to_string() data-hw=r.hw.to_string() data-log-start=r.log_start.to_string()>
            <div class="replica-head">
                <span class="rb">{format!("B{}", r.broker)}</span>
                {r.is_leader.then(|| view! { <span class="lead-mark" title=t.leader>"★ L"</span> })}
                <span class=if r.in_isr { "isr-mark in" } else { "isr-mark out" }>{if r.in_isr { t.in_isr } else { t.out_of_isr }}</span>
                {(!r.up).then(|| view! { <span class="down-mark">{t.down}</span> })}
                // Retention deleted the offsets below the log start offset.
                {(r.log_start > 0).then(|| view! {
                    <span class="start-mark" title="log start offset: retention deleted the segments below it">{format!("start {}", r.log_start)}</span>
                })}
                // Compacted topics: the cleaner checkpoint splits the clean tail from the dirty head.
                {r.cleaner_checkpoint.map(|c| view! {
                    <span class="clean-mark" data-testid=format!("clean-{}-{}-{}", p.tp.topic, p.tp.partition, r.broker)
                          title="cleaner checkpoint: offsets below it are the clean tail (compacted), offsets from it on the dirty head">
                        {format!("clean < {c}")}
                    </span>
                })}
                {ring}
            </div>
            <svg class="log-strip" viewBox=format!("0 0 {STRIP_W} 72") role="img"
                 aria-label=format!("B{}: log start {} LEO {} HW {}{}", r.broker, r.log_start, r.leo, r.hw,
                     p.lso.filter(|_| r.is_leader).map(|l| format!(" LSO {l}")).unwrap_or_default())>
                <rect class="strip-bg" x=X0 y="16" width=CELL * WINDOW as f64 height="26" rx="4"/>
                {cells}
                <line class="hw-line" x1=hw_x y1="12" x2=hw_x y2="46"/>
                <text class="hw-text" x=label_x(hw_x) y="57" text-anchor=anchor(hw_x)>{format!("HW {}", r.hw)}</text>
                <line class="leo-line" x1=leo_x y1="12" x2=leo_x y2="46"/>
                <text class="leo-text" x=label_x(leo_x) y="10" text-anchor=anchor(leo_x)>{format!("LEO {}", r.leo)}</text>
                {lso}
            </svg>
        </div>
    }
}

/// An offset the log cleaner removed: a dashed empty slot, since the offsets after it keep their numbers.
fn hole_cell(offset: u64, cx: f64) -> impl IntoView {
    view! {
        <g data-hole=offset.to_string()>
            <title>{format!("offset {offset} · removed by compaction: a newer record has the same key (a hole; consumers skip it)")}</title>
            <rect class="cell hole" x=cx + 1.5 y="17" width=CELL - 3.0 height="24" rx="3"/>
            <text class="hole-text" x=cx + CELL / 2.0 y="33" text-anchor="middle">"·"</text>
        </g>
    }
}

/// A control record: a COMMIT (C) or ABORT (A) marker, told apart by the `MarkerWritten` event
/// the store saw for this offset (snapshot entries carry only `record == 0`).
fn marker_cell(offset: u64, commit: Option<bool>, cx: f64, committed: bool) -> impl IntoView {
    let (kind, letter, word) = match commit {
        Some(true) => ("commit", "C", "COMMIT"),
        Some(false) => ("abort", "A", "ABORT"),
        None => ("unknown", "M", "control"),
    };
    let cls = format!("cell marker {kind}{}", if committed { "" } else { " uncommitted" });
    view! {
        <g data-marker=kind>
            <title>{format!("offset {offset} · {word} marker")}</title>
            <rect class=cls x=cx + 1.5 y="17" width=CELL - 3.0 height="24" rx="3"/>
            <text class="marker-text" x=cx + CELL / 2.0 y="33" text-anchor="middle">{letter}</text>
        </g>
    }
}
