//! Log compaction (`cleanup.policy=compact`): each broker's log cleaner keeps, per key, only
//! the latest record.
//!
//! The cleaner checkpoint (cleaner-offset-checkpoint) splits a log in two: the clean *tail*
//! below it (already compacted) and the dirty *head* above it. Only offsets below the first
//! uncleanable offset (the active segment's base, the last stable offset, which an open
//! transaction or the high watermark holds back, and `min.compaction.lag.ms`) may be cleaned
//! (LogCleanerManager.cleanableOffsets). A log is cleaned once its dirty ratio,
//! dirty bytes / (clean + dirty) bytes, is above `min.cleanable.dirty.ratio`
//! (grabFilthiestCompactedLog). Cleaning maps each key of the dirty head to its latest offset
//! (Cleaner.buildOffsetMap) and drops every older record of those keys from tail and head alike
//! (Cleaner.shouldRetainRecord). Surviving records keep their offsets, so offsets are no longer
//! contiguous: a removed offset stays a hole ([`Control::Compacted`]) that no consumer reads.
//!
//! A tombstone (a null value) deletes its key: it survives the pass that first cleans it, which
//! stamps a delete horizon of now + `delete.retention.ms` (KIP-534), and a later pass after the
//! horizon drops it, so a consumer that reads within that time still sees the delete.
//!
//! Simplifications: every log that qualifies is cleaned on one tick of `log.cleaner.backoff.ms`
//! (Kafka's cleaner threads take the filthiest first and loop); the offset map never fills.

use super::broker::Broker;
use super::config::TopicSpec;
use super::log::{Control, Log};
use super::retention::{segments, Retention};
use super::types::{Millis, RecordId};
use super::{Ctx, EventKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// LogConfig defaults (Kafka 4.x): min.cleanable.dirty.ratio 0.5, delete.retention.ms 1 day,
/// min.compaction.lag.ms 0.
pub const DEFAULT_MIN_CLEANABLE_DIRTY_RATIO: f64 = 0.5;
pub const DEFAULT_DELETE_RETENTION_MS: u64 = 24 * 60 * 60 * 1000;

/// A compacted topic's cleaner settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Compaction {
    pub min_cleanable_dirty_ratio: f64,
    pub delete_retention_ms: u64,
    pub min_compaction_lag_ms: u64,
    pub segment_bytes: u64,
}

impl Compaction {
    /// `None` unless `cleanup.policy` includes `compact`. Internal topics keep their own
    /// records (the group coordinator's offsets) and are left alone here.
    pub fn of(topic: &TopicSpec) -> Option<Compaction> {
        let policy = topic.configs.get("cleanup.policy")?;
        if !policy.split(',').any(|p| p.trim() == "compact") || topic.name.starts_with("__") {
            return None;
        }
        let num = |k: &str, d: u64| topic.configs.get(k).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(d);
        Some(Compaction {
            min_cleanable_dirty_ratio: topic.configs.get("min.cleanable.dirty.ratio")
                .and_then(|v| v.trim().parse().ok()).unwrap_or(DEFAULT_MIN_CLEANABLE_DIRTY_RATIO),
            delete_retention_ms: num("delete.retention.ms", DEFAULT_DELETE_RETENTION_MS),
            min_compaction_lag_ms: num("min.compaction.lag.ms", 0),
            segment_bytes: Retention::of(topic).segment_bytes,
        })
    }
}

/// One replica's cleaner state: the cleaner checkpoint and the delete horizons stamped on
/// tombstones (a batch header field in Kafka, kept here by offset).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CleanerState {
    pub checkpoint: u64,
    pub horizons: BTreeMap<u64, Millis>,
}

impl CleanerState {
    /// Where the dirty head starts: the checkpoint, or the log start if retention passed it.
    pub fn first_dirty(&self, log: &Log) -> u64 {
        self.checkpoint.max(log.start)
    }
}

/// The cleanable range of a log now: [first_dirty, first_uncleanable) and the live bytes of the
/// clean tail and of the cleanable dirty head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cleanable {
    pub first_dirty: u64,
    pub first_uncleanable: u64,
    pub clean_bytes: u64,
    pub dirty_bytes: u64,
}

impl Cleanable {
    /// LogToClean.cleanableRatio.
    pub fn ratio(&self) -> f64 {
        let total = self.clean_bytes + self.dirty_bytes;
        if total == 0 { 0.0 } else { self.dirty_bytes as f64 / total as f64 }
    }
}

/// LogCleanerManager.cleanableOffsets: the first dirty offset is the checkpoint (or the log
/// start), and cleaning stops before the last stable offset, the active segment and any
/// segment younger than `min.compaction.lag.ms`.
pub fn cleanable(log: &Log, state: &CleanerState, c: &Compaction, last_stable: Option<u64>, now: Millis) -> Cleanable {
    let first_dirty = state.first_dirty(log);
    let segs = segments(log, c.segment_bytes);
    let active = segs.last().map_or(log.start, |s| s.base);
    let lagging = (c.min_compaction_lag_ms > 0).then(|| {
        segs.iter().filter(|s| s.end > first_dirty && s.base < active)
            .find(|s| s.max_timestamp > now.saturating_sub(c.min_compaction_lag_ms)).map(|s| s.base)
    }).flatten();
    let first_uncleanable = [Some(active), last_stable, lagging].into_iter().flatten().min().unwrap_or(active).max(first_dirty);
    let live = |from: u64, to: u64| (from..to).filter_map(|o| log.entry(o)).filter(|e| e.control != Control::Compacted).map(|e| e.size as u64).sum();
    Cleanable { first_dirty, first_uncleanable, clean_bytes: live(log.start, first_dirty), dirty_bytes: live(first_dirty, first_uncleanable) }
}

/// What one cleaning pass did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleaned {
    /// The dirty ratio that triggered it, in per mille.
    pub dirty_ratio_permille: u32,
    pub first_dirty: u64,
    /// The new checkpoint.
    pub cleaned_to: u64,
    /// Removed data records with their offsets (older values and expired tombstones).
    pub removed: Vec<(u64, RecordId)>,
    pub tombstones_removed: u32,
}

/// One cleaning pass over `log` if it is dirty enough; `aborted` says which transactional
/// records belong to aborted transactions (the cleaner discards them, CleanedTransactionMetadata).
pub fn clean(log: &mut Log, state: &mut CleanerState, c: &Compaction, last_stable: Option<u64>, now: Millis,
             aborted: impl Fn(u32, u64) -> bool) -> Option<Cleaned> {
    // A truncated log drops what the cleaner knew above its new end (maybeTruncateCheckpoint).
    let leo = log.leo();
    state.checkpoint = state.checkpoint.min(leo);
    state.horizons.retain(|o, _| *o < leo);
    let range = cleanable(log, state, c, last_stable, now);
    let ratio = range.ratio();
    // grabFilthiestCompactedLog: cleanableRatio > minCleanableRatio, and something to clean.
    if range.dirty_bytes == 0 || ratio <= c.min_cleanable_dirty_ratio {
        return None;
    }
    let aborted_data = |e: &super::log::LogEntry, o: u64| e.transactional && aborted(e.producer_id, o);
    // Cleaner.buildOffsetMap: the latest offset of every key in the dirty head.
    let mut latest: BTreeMap<u32, u64> = BTreeMap::new();
    for o in range.first_dirty..range.first_uncleanable {
        let Some(e) = log.entry(o).filter(|e| !e.is_control() && !aborted_data(e, o)) else { continue };
        if let Some(h) = e.key.hash {
            latest.insert(h, o);
        }
    }
    let mut removed = Vec::new();
    let mut tombstones_removed = 0;
    for o in log.start..range.first_uncleanable {
        let Some(e) = log.entry(o).copied() else { continue };
        if e.is_control() {
            continue; // holes stay holes; transaction markers are kept
        }
        // Cleaner.shouldRetainRecord: the latest offset for its key, and a value or a delete
        // horizon not yet passed. A record without a key is invalid in a compacted log.
        let keep = !aborted_data(&e, o) && e.key.hash.is_some_and(|h| latest.get(&h).is_none_or(|&f| o >= f))
            && (!e.key.tombstone || state.horizons.get(&o).is_none_or(|&h| now < h));
        if keep {
            if e.key.tombstone {
                state.horizons.entry(o).or_insert(now + c.delete_retention_ms);
            }
            continue;
        }
        if e.key.tombstone {
            tombstones_removed += 1;
        }
        state.horizons.remove(&o);
        removed.push((o, e.record));
        let idx = (o - log.start) as usize;
        log.entries[idx] = super::log::LogEntry { control: Control::Compacted, timestamp: e.timestamp, size: e.size, ..super::log::LogEntry::data(0, e.epoch) };
    }
    state.checkpoint = range.first_uncleanable;
    Some(Cleaned {
        dirty_ratio_permille: (ratio * 1000.0).round() as u32,
        first_dirty: range.first_dirty,
        cleaned_to: range.first_uncleanable,
        removed,
        tombstones_removed,
    })
}

/// Whether any topic is compacted: only then do brokers run the cleaner's timer.
pub fn cleaner_needed(config: &super::config::ClusterConfig) -> bool {
    config.topics.iter().any(|t| Compaction::of(t).is_some())
}

impl Broker {
    /// One tick of this broker's log cleaner over every compacted replica it hosts.
    pub(crate) fn run_cleaner(&mut self, ctx: &mut Ctx) {
        let me = self.id;
        for (pidx, r) in self.replicas.iter_mut() {
            if !ctx.topo.partitions[*pidx].compact {
                continue;
            }
            let tp = ctx.topo.tp(*pidx);
            let Some(c) = ctx.topo.config.topics.iter().find(|t| t.name == tp.topic).and_then(Compaction::of) else { continue };
            let last_stable = Some(r.lso());
            let producers = &r.producers;
            let Some(done) = clean(&mut r.log, &mut r.cleaner, &c, last_stable, ctx.now, |pid, o| producers.is_aborted(pid, o)) else { continue };
            let records = done.removed.iter().map(|(_, id)| *id).filter(|id| *id != 0).collect();
            ctx.out.event(EventKind::LogCleaned {
                tp: tp.clone(), broker: me, first_dirty: done.first_dirty, cleaned_to: done.cleaned_to,
                dirty_ratio_permille: done.dirty_ratio_permille, offsets: done.removed.len() as u64,
                tombstones: done.tombstones_removed, records,
            });
        }
    }
}

#[cfg(test)]
#[path = "compaction_tests.rs"]
mod tests;
