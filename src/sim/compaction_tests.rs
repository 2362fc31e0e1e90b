use super::*;
use crate::sim::log::{LogEntry, RecordKey};

fn compaction(ratio: f64, delete_retention_ms: u64) -> Compaction {
    Compaction { min_cleanable_dirty_ratio: ratio, delete_retention_ms, min_compaction_lag_ms: 0, segment_bytes: 100 }
}

/// A log of records of 25 bytes each (4 to a segment of 100): (key, tombstone), all committed.
fn log_of(keys: &[(&str, bool)]) -> Log {
    let mut log = Log::default();
    for (i, (k, t)) in keys.iter().enumerate() {
        log.append(LogEntry { size: 25, key: RecordKey::of(Some(k), *t), ..LogEntry::data(i as u64 + 1, 0) });
    }
    log.hw = log.leo();
    log
}

fn live(log: &Log) -> Vec<u64> {
    (log.start..log.leo()).filter(|o| log.entry(*o).is_some_and(|e| !e.is_control())).collect()
}

#[test]
fn the_latest_value_per_key_survives_and_offsets_keep_their_numbers() {
    // Segments [0,4) [4,8) and the active [8,9): only offsets below 8 may be cleaned.
    let mut log = log_of(&[("a", false), ("b", false), ("a", false), ("c", false), ("a", false), ("b", false), ("d", false), ("e", false), ("a", false)]);
    let mut st = CleanerState::default();
    let done = clean(&mut log, &mut st, &compaction(0.5, 1000), Some(9), 0, |_, _| false).expect("all dirty: ratio 1.0");
    assert_eq!(done.dirty_ratio_permille, 1000);
    assert_eq!((done.first_dirty, done.cleaned_to), (0, 8));
    assert_eq!(done.removed, vec![(0, 1), (1, 2), (2, 3)], "a@0, b@1, a@2 have newer values");
    assert_eq!(live(&log), vec![3, 4, 5, 6, 7, 8], "offset 8 (a) is in the active segment and untouched");
    assert_eq!(log.leo(), 9, "the log end does not move");
    assert_eq!(st.checkpoint, 8);
    // Nothing new is dirty: no second pass.
    assert_eq!(clean(&mut log, &mut st, &compaction(0.5, 1000), Some(9), 0, |_, _| false), None);
}

#[test]
fn the_dirty_ratio_must_be_above_min_cleanable_dirty_ratio() {
    let mut log = log_of(&[("a", false), ("b", false), ("c", false), ("d", false), ("a", false)]);
    let mut st = CleanerState { checkpoint: 0, ..Default::default() };
    // Clean tail [0,0), dirty [0,4): ratio 1.0 > 0.99.
    assert!(clean(&mut log.clone(), &mut st.clone(), &compaction(0.99, 0), Some(5), 0, |_, _| false).is_some());
    // With the checkpoint at 2 the ratio is 50/100 = 0.5: not above 0.5.
    st.checkpoint = 2;
    let c = cleanable(&log, &st, &compaction(0.5, 0), Some(5), 0);
    assert_eq!((c.clean_bytes, c.dirty_bytes, c.first_uncleanable), (50, 50, 4));
    assert_eq!(clean(&mut log, &mut st, &compaction(0.5, 0), Some(5), 0, |_, _| false), None);
}

#[test]
fn cleaning_stops_at_the_last_stable_offset() {
    let mut log = log_of(&[("a", false), ("a", false), ("a", false), ("a", false), ("a", false), ("a", false), ("a", false), ("a", false), ("z", false)]);
    let mut st = CleanerState::default();
    let done = clean(&mut log, &mut st, &compaction(0.1, 0), Some(3), 0, |_, _| false).expect("dirty");
    assert_eq!(done.cleaned_to, 3);
    assert_eq!(done.removed.len(), 2, "a@0 and a@1 give way to a@2; nothing at or above the LSO is touched");
}

#[test]
fn a_tombstone_outlives_one_pass_then_goes_after_delete_retention_ms() {
    let mut log = log_of(&[("a", false), ("b", false), ("a", true), ("c", false), ("d", false)]);
    let mut st = CleanerState::default();
    let c = compaction(0.1, 1000);
    let first = clean(&mut log, &mut st, &c, Some(5), 100, |_, _| false).expect("dirty");
    assert_eq!(first.removed, vec![(0, 1)], "the old value of a goes, the tombstone stays");
    assert_eq!(st.horizons.get(&2), Some(&1100), "stamped with now + delete.retention.ms");
    // New dirty data, before the horizon: the tombstone still stays.
    for k in ["e", "f", "g", "h"] {
        log.append(LogEntry { size: 25, key: RecordKey::of(Some(k), false), ..LogEntry::data(9, 0) });
    }
    log.hw = log.leo();
    let hw = log.hw;
    let second = clean(&mut log, &mut st, &c, Some(hw), 1099, |_, _| false).expect("dirty");
    assert_eq!(second.tombstones_removed, 0);
    for k in ["i", "j", "k", "l"] {
        log.append(LogEntry { size: 25, key: RecordKey::of(Some(k), false), ..LogEntry::data(10, 0) });
    }
    log.hw = log.leo();
    let hw = log.hw;
    let third = clean(&mut log, &mut st, &c, Some(hw), 1100, |_, _| false).expect("dirty");
    assert_eq!((third.tombstones_removed, third.removed[0]), (1, (2, 3)), "past the horizon the delete marker goes too");
    assert!(st.horizons.is_empty());
}

#[test]
fn keyless_and_aborted_records_are_discarded() {
    let mut log = log_of(&[("a", false), ("b", false), ("c", false), ("d", false), ("e", false)]);
    log.entries[1].key = RecordKey::default();
    log.entries[2].transactional = true;
    log.entries[2].producer_id = 7;
    let mut st = CleanerState::default();
    let done = clean(&mut log, &mut st, &compaction(0.1, 0), Some(5), 0, |pid, o| pid == 7 && o == 2).expect("dirty");
    assert_eq!(done.removed, vec![(1, 2), (2, 3)]);
}

#[test]
fn only_compact_policies_get_a_cleaner() {
    let mut t = TopicSpec::new("orders", 1, 1);
    assert_eq!(Compaction::of(&t), None);
    t.configs.insert("cleanup.policy".into(), "compact,delete".into());
    let c = Compaction::of(&t).expect("compacted");
    assert_eq!((c.min_cleanable_dirty_ratio, c.delete_retention_ms, c.min_compaction_lag_ms), (0.5, 86_400_000, 0));
    let mut internal = TopicSpec::new("__consumer_offsets", 1, 1);
    internal.configs.insert("cleanup.policy".into(), "compact".into());
    assert_eq!(Compaction::of(&internal), None);
}
