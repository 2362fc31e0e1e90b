//! The app's state and its one-way flow: intent → `Sim::apply` / `step` → events → a fresh
//! snapshot signal → views. Views read signals and call the intent methods here; they never
//! touch the `Sim` directly.

use super::derived::{groups_of, Groups, LagHistory, Side};
use crate::sim::event::EventKind;
use crate::sim::{Action, CheckReport, ClusterConfig, Event, Lang, RecordLife, Sim, Snapshot};
use super::travel::{Highlight, Travel};
use crate::player::check_view::Pick;
use crate::player::ledger_view::RecordFilter;
use crate::player::metrics::{count_shrinks, measure, MetricsHistory};
use crate::sim::timeline::Timeline;
use leptos::prelude::*;
use std::collections::VecDeque;

/// How many events of each class (notable / plain send-receive) the log keeps, so a burst of
/// fetch chatter never pushes an election or a loss out of the log.
pub const LOG_CAP: usize = 500;

/// The bounded event log: notable events and plain wire events kept apart, shown merged.
#[derive(Clone, Debug)]
pub struct EventLog {
    notable: VecDeque<Event>,
    wire: VecDeque<Event>,
    /// Changes whenever the same sequence numbers may name other events (a new log, a fork), so
    /// views keyed by sequence number redraw: see [`EventLog::era`].
    era: u64,
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog { notable: VecDeque::new(), wire: VecDeque::new(), era: next_era() }
    }
}

fn next_era() -> u64 {
    static ERA: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    ERA.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl EventLog {
    /// Within one era a sequence number always names the same event.
    pub fn era(&self) -> u64 {
        self.era
    }

    pub fn push(&mut self, e: Event) {
        let q = if e.kind.is_notable() { &mut self.notable } else { &mut self.wire };
        if q.len() == LOG_CAP {
            q.pop_front();
        }
        q.push_back(e);
    }

    pub fn is_empty(&self) -> bool {
        self.notable.is_empty() && self.wire.is_empty()
    }

    /// Drops the events from `next_seq` on (a fork discards the old future).
    pub fn truncate_from(&mut self, next_seq: u64) {
        self.notable.retain(|e| e.seq < next_seq);
        self.wire.retain(|e| e.seq < next_seq);
        self.era = next_era();
    }

    /// The first notable event at or after `seq` that the log still holds.
    pub fn next_notable(&self, seq: u64) -> Option<u64> {
        self.notable.iter().map(|e| e.seq).find(|s| *s >= seq)
    }

    /// Adds events the log does not hold yet (a replayed stretch repeats ones it has).
    pub fn extend_new(&mut self, events: Vec<Event>) {
        let have = self.notable.back().map(|e| e.seq).max(self.wire.back().map(|e| e.seq));
        for e in events.into_iter().filter(|e| have.is_none_or(|h| e.seq > h)) {
            self.push(e);
        }
    }

    /// Newest first, merged by sequence number; `with_wire = false` leaves out sends/receives.
    pub fn newest_first(&self, with_wire: bool) -> impl Iterator<Item = &Event> {
        let mut n = self.notable.iter().rev().peekable();
        let mut w = self.wire.iter().rev().filter(move |_| with_wire).peekable();
        std::iter::from_fn(move || match (n.peek(), w.peek()) {
            (Some(a), Some(b)) => if a.seq >= b.seq { n.next() } else { w.next() },
            (Some(_), None) => n.next(),
            (None, Some(_)) => w.next(),
            (None, None) => None,
        })
    }
}
/// How many non-lost records the ledger table shows at first (every lost one is always shown).
/// Kept small: the table is rebuilt on every seek, and a long one makes scrubbing stutter.
pub const TABLE_CAP: usize = 40;
/// How many more rows "show more" adds.
pub const TABLE_MORE: usize = 100;
/// The seed a fresh page starts with (a `?seed=` parameter overrides it).
pub const DEFAULT_SEED: u64 = 5;

#[derive(Clone, Copy)]
pub struct Store {
    pub(super) sim: StoredValue<Sim>,
    pub snap: RwSignal<Snapshot>,
    pub log: RwSignal<EventLog>,
    /// Ledger rows for the table: every lost record, plus the newest others.
    pub records: RwSignal<Vec<RecordLife>>,
    pub hidden_records: RwSignal<usize>,
    /// The table's current row cap for non-lost records (TABLE_CAP, raised by "show more").
    pub table_cap: RwSignal<usize>,
    pub error: RwSignal<Option<String>>,
    pub lang: RwSignal<Lang>,
    pub announce: RwSignal<String>,
    pub playing: RwSignal<bool>,
    /// Speed slider position (0..=100, log scale).
    pub speed: RwSignal<f64>,
    pub lag_max_ms: RwSignal<u64>,
    pub actions: RwSignal<usize>,
    /// The current settings (producer, consumer, broker) as the sim holds them.
    pub config: RwSignal<ClusterConfig>,
    /// Consumers and groups (lag, Burrow) now.
    pub groups: RwSignal<Groups>,
    /// The rebalance timeline and transaction markers seen so far.
    pub side: RwSignal<Side>,
    pub lag_history: RwSignal<LagHistory>,
    /// Board: show `__consumer_offsets` / `__transaction_state` partitions too.
    pub show_internal: RwSignal<bool>,
    /// The run's checkpoints and script, for seeking (see `travel.rs`).
    pub(super) timeline: StoredValue<Timeline>,
    pub travel: RwSignal<Travel>,
    pub highlight: RwSignal<Highlight>,
    /// The ledger table's filter (applied before its row cap).
    pub ledger_filter: RwSignal<RecordFilter>,
    /// Cluster metrics over virtual time (charts, metrics panel).
    pub metrics: RwSignal<MetricsHistory>,
    /// The checker's verdict now (`Sim::check`), for the checker panel.
    pub check: RwSignal<CheckReport>,
    /// A checker badge opened in the ledger: its records replace the filter's until cleared.
    pub ledger_pick: RwSignal<Option<Pick>>,
}

impl Store {
    pub fn new(seed: u64, lang: Lang) -> Store {
        Store::from_sim(fresh(seed), lang)
    }

    /// A store around a given simulator (a split-screen side).
    pub fn from_sim(sim: Sim, lang: Lang) -> Store {
        let snap = sim.snapshot();
        let timeline = Timeline::new(&sim);
        let store = Store {
            sim: StoredValue::new(sim),
            snap: RwSignal::new(snap),
            log: RwSignal::new(EventLog::default()),
            records: RwSignal::new(Vec::new()),
            hidden_records: RwSignal::new(0),
            table_cap: RwSignal::new(TABLE_CAP),
            error: RwSignal::new(None),
            lang: RwSignal::new(lang),
            announce: RwSignal::new(String::new()),
            playing: RwSignal::new(false),
            speed: RwSignal::new(50.0),
            lag_max_ms: RwSignal::new(30_000),
            actions: RwSignal::new(0),
            config: RwSignal::new(ClusterConfig::default()),
            groups: RwSignal::new(Groups::default()),
            side: RwSignal::new(Side::default()),
            lag_history: RwSignal::new(LagHistory::default()),
            show_internal: RwSignal::new(false),
            timeline: StoredValue::new(timeline),
            travel: RwSignal::new(Travel::default()),
            highlight: RwSignal::new(Highlight::default()),
            ledger_filter: RwSignal::new(RecordFilter::All),
            metrics: RwSignal::new(MetricsHistory::default()),
            check: RwSignal::new(CheckReport::default()),
            ledger_pick: RwSignal::new(None),
        };
        store.restart_timeline();
        store.refresh();
        store
    }

    /// Applies one intent. An invalid intent shows an error banner and changes nothing.
    pub fn apply(&self, action: Action) {
        if self.in_past() {
            // Check first that it would be accepted: a refused intent must not fork anything.
            if let Some(Err(e)) = self.sim.try_with_value(|s| s.clone().apply(action.clone())) {
                self.error.set(Some(e.message));
                return;
            }
            self.fork_if_past();
        }
        let result = self.sim.try_update_value(|s| s.apply(action));
        match result {
            Some(Ok(events)) => {
                self.error.set(None);
                self.record(&events);
                self.push(events);
            }
            Some(Err(e)) => self.error.set(Some(e.message)),
            None => self.error.set(Some("internal: the simulator is gone".into())),
        }
        self.refresh();
    }

    /// One queued item that yields events.
    pub fn step(&self) {
        if self.step_in_past() {
            return;
        }
        let events = self.sim.try_update_value(|s| s.step()).unwrap_or_default();
        self.record(&events);
        self.push(events);
        self.refresh();
    }

    pub fn step_notable(&self) {
        if self.step_notable_in_past() {
            return;
        }
        let events = self.sim.try_update_value(|s| s.step_notable(60_000)).unwrap_or_default();
        self.record(&events);
        self.push(events);
        self.refresh();
    }

    /// Advances virtual time by `ms` (the Play timer).
    pub fn run_for(&self, ms: u64) {
        if ms == 0 || self.run_in_past(ms) {
            return;
        }
        let events = self.sim.try_update_value(|s| s.run_for(ms)).unwrap_or_default();
        self.record(&events);
        self.push(events);
        self.refresh();
    }

    /// A new run from scratch with `seed`.
    pub fn reset(&self, seed: u64) {
        self.playing.set(false);
        self.sim.set_value(fresh(seed));
        self.log.set(EventLog::default());
        self.side.set(Side::default());
        self.lag_history.set(LagHistory::default());
        self.metrics.set(MetricsHistory::default());
        self.error.set(None);
        self.announce.set(String::new());
        self.restart_timeline();
        self.refresh();
    }

    /// Rebuilds this run from its seed and action script (`Sim::replayed`) up to where it is now:
    /// the result is identical (determinism, shown).
    pub fn replay_actions(&self) {
        let Some(result) = self.sim.try_with_value(|s| s.replayed()) else { return };
        self.playing.set(false);
        match result {
            Ok((sim, events)) => self.load_run(sim, events),
            Err(e) => {
                self.error.set(Some(e.message));
                self.refresh();
            }
        }
    }

    /// Puts a rebuilt run (a replay, a shared link) in the store, with its whole event log.
    pub(super) fn load_run(&self, sim: Sim, events: Vec<Event>) {
        self.playing.set(false);
        let mut log = EventLog::default();
        let mut side = Side::default();
        let shrinks = count_shrinks(&events);
        for e in events {
            side.observe(&e);
            log.push(e);
        }
        self.sim.set_value(sim);
        self.log.set(log);
        self.side.set(side);
        self.lag_history.set(LagHistory::default());
        self.metrics.set(MetricsHistory { shrinks, ..Default::default() });
        self.rebuild_timeline();
        self.refresh();
    }

    /// When the next queued item is due (None: nothing queued).
    pub fn next_due(&self) -> Option<u64> {
        self.sim.try_with_value(|s| s.next_due()).flatten()
    }

    /// Opens a split screen from this run as it is now.
    pub fn split_setup(&self, cmp: crate::player::split::Comparison) -> Option<super::split_view::SplitSetup> {
        self.sim.try_with_value(|s| super::split_view::SplitSetup::of(s, cmp))
    }

    pub fn seed(&self) -> u64 {
        self.snap.with(|s| s.seed)
    }

    pub(super) fn push(&self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        let shrinks = count_shrinks(&events);
        if shrinks > 0 {
            self.metrics.update(|m| m.shrinks += shrinks);
        }
        let lang = self.lang.get_untracked();
        let mut said = Vec::new();
        for e in &events {
            match &e.kind {
                EventKind::LeaderElected { .. } | EventKind::PartitionOffline { .. } | EventKind::BrokerCrashed { .. } => {
                    said.push(e.kind.text(lang))
                }
                EventKind::RecordsLost { tp, records, acknowledged, .. } => {
                    said.push(super::i18n::announce_lost(lang, &tp.to_string(), records.len(), *acknowledged))
                }
                _ => {}
            }
        }
        if !said.is_empty() {
            self.announce.set(said.join(" "));
        }
        let side_events = events.iter().any(|e| matches!(e.kind,
            EventKind::RebalanceStarted { .. } | EventKind::RebalanceJoined { .. } | EventKind::PartitionsRevoked { .. }
            | EventKind::PartitionsAssigned { .. } | EventKind::MemberExpired { .. } | EventKind::MarkerWritten { .. }));
        if side_events {
            self.side.update(|side| events.iter().for_each(|e| side.observe(e)));
        }
        self.log.update(|log| events.into_iter().for_each(|e| log.push(e)));
    }

    pub fn set_ledger_filter(&self, f: RecordFilter) {
        self.ledger_pick.set(None);
        self.ledger_filter.set(f);
        self.table_cap.set(TABLE_CAP);
        self.refresh();
    }

    /// Shows TABLE_MORE more of the older records the table left out.
    pub fn show_more_records(&self) {
        self.table_cap.update(|c| *c += TABLE_MORE);
        self.refresh();
    }

    /// Shows one checker badge's records in the ledger (`None`: back to the filter).
    pub fn set_ledger_pick(&self, pick: Option<Pick>) {
        self.ledger_pick.set(pick);
        self.refresh();
    }

    /// Takes a fresh snapshot and ledger rows into the signals.
    pub(super) fn refresh(&self) {
        let Some((snap, rows, hidden, lag, actions, config, groups, check)) = self.sim.try_with_value(|s| {
            let filter = self.ledger_filter.get_untracked();
            let cap = self.table_cap.get_untracked();
            let check = s.check();
            let picked = self.ledger_pick.with_untracked(|p| p.as_ref().map(|p| p.records(&check)));
            let shown = |r: &RecordLife| match &picked {
                Some(ids) => ids.binary_search(&r.id).is_ok(),
                None => filter.matches(r),
            };
            let all: Vec<&RecordLife> = s.ledger().records().iter().filter(|r| shown(r)).collect();
            let others = all.iter().filter(|r| r.lost.is_none()).count();
            let skip_others = others.saturating_sub(cap);
            let mut seen_others = 0usize;
            let rows: Vec<RecordLife> = all
                .into_iter()
                .filter(|r| {
                    if r.lost.is_some() {
                        return true;
                    }
                    seen_others += 1;
                    seen_others > skip_others
                })
                .cloned()
                .collect();
            (s.snapshot(), rows, skip_others, s.config().broker.replica_lag_time_max_ms, s.actions().len(), s.config().clone(), groups_of(s), check)
        }) else {
            return;
        };
        self.snap.set(snap);
        self.records.set(rows);
        self.hidden_records.set(hidden);
        self.lag_max_ms.set(lag);
        self.actions.set(actions);
        let now = snap_now(&self.snap);
        if self.lag_history.with_untracked(|h| h.due(now, &groups)) {
            self.lag_history.update(|h| h.sample(now, &groups));
        }
        if self.metrics.with_untracked(|m| m.due(now)) {
            let lag = groups.groups.iter().flat_map(|g| g.lag.iter().map(|r| r.lag)).sum();
            let sample = self.snap.with_untracked(|snap| measure(snap, lag, self.metrics.with_untracked(|m| m.shrinks)));
            self.metrics.update(|m| m.sample(sample));
        }
        if self.config.with_untracked(|c| *c != config) {
            self.config.set(config);
        }
        if self.groups.with_untracked(|g| *g != groups) {
            self.groups.set(groups);
        }
        if self.check.with_untracked(|c| *c != check) {
            self.check.set(check);
        }
    }
}

fn snap_now(snap: &RwSignal<Snapshot>) -> u64 {
    snap.with_untracked(|s| s.now)
}

fn fresh(seed: u64) -> Sim {
    // The default config is valid by construction; fall back to a clear panic message only if
    // the simulator's own defaults are broken (never on user input).
    Sim::new(ClusterConfig::default(), seed).expect("ClusterConfig::default() is valid")
}
