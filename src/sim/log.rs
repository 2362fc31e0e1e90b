//! One replica's log of one partition: entries by offset, the log end offset (LEO),
//! the high watermark (HW) and the leader-epoch cache used for truncation (KIP-101/279/320).

use super::types::RecordId;
use serde::Serialize;

/// One record as stored: small and copyable, the payload lives in the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    pub record: RecordId,
    /// Leader epoch the record was appended in.
    pub epoch: u32,
    /// Idempotent producer id (0 = not idempotent), this record's sequence and its batch's base sequence.
    pub producer_id: u32,
    pub producer_epoch: u32,
    pub seq: u32,
    pub base_seq: u32,
    /// Part of a transaction (the batch's isTransactional attribute).
    pub transactional: bool,
    /// A control record (transaction marker) instead of data; `record` is 0 then.
    pub control: Control,
    /// When the leader appended it (the record's timestamp, for `retention.ms`) and its size in
    /// bytes (for `segment.bytes` and `retention.bytes`); both 0 for control records.
    pub timestamp: u64,
    pub size: u32,
    /// The record's key (as a hash) and whether its value is null: what the log cleaner reads.
    pub key: RecordKey,
}

/// What `cleanup.policy=compact` needs of a record's bytes: a hash of its key (the cleaner's
/// SkimpyOffsetMap also keeps key hashes, not keys) and whether the value is null (a tombstone).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecordKey {
    pub hash: Option<u32>,
    pub tombstone: bool,
}

impl RecordKey {
    pub fn of(key: Option<&str>, tombstone: bool) -> RecordKey {
        RecordKey { hash: key.map(|k| super::partitioner::murmur2(k.as_bytes()) as u32), tombstone }
    }
}

/// Control records: COMMIT and ABORT transaction markers (ControlRecordType), and the group
/// coordinator's own records in `__consumer_offsets` (an OffsetCommit value: group, partition,
/// offset; GroupMetadataManager's offset-commit record). `group` indexes `Topology::groups`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Control {
    #[default]
    None,
    Commit,
    Abort,
    GroupOffset { group: u32, pidx: u32, offset: u64 },
    /// An offset the log cleaner removed (compaction): it stays a hole that no consumer reads,
    /// so the surviving records keep their offsets and offsets are no longer contiguous.
    Compacted,
}

/// The data records among `entries` (control records carry no record), for events and the ledger.
pub fn data_records(entries: &[LogEntry]) -> Vec<RecordId> {
    entries.iter().filter(|e| !e.is_control()).map(|e| e.record).collect()
}

impl LogEntry {
    pub fn data(record: RecordId, epoch: u32) -> Self {
        LogEntry {
            record, epoch, producer_id: 0, producer_epoch: 0, seq: 0, base_seq: 0, transactional: false, control: Control::None,
            timestamp: 0, size: 0, key: RecordKey::default(),
        }
    }
    pub fn is_control(&self) -> bool {
        self.control != Control::None
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Log {
    /// Log start offset: entries[0] has this offset.
    pub start: u64,
    pub entries: Vec<LogEntry>,
    /// High watermark: offsets below it are committed.
    pub hw: u64,
    /// Leader-epoch cache: (epoch, start offset), strictly increasing (LeaderEpochFileCache).
    pub epochs: Vec<(u32, u64)>,
}

impl Log {
    /// Log end offset: the offset the next appended record will get.
    pub fn leo(&self) -> u64 {
        self.start + self.entries.len() as u64
    }

    pub fn entry(&self, offset: u64) -> Option<&LogEntry> {
        offset.checked_sub(self.start).and_then(|i| self.entries.get(i as usize))
    }

    pub fn latest_epoch(&self) -> Option<u32> {
        self.epochs.last().map(|e| e.0)
    }

    /// Appends one entry and returns its offset; a new epoch starts a new cache entry
    /// (LeaderEpochFileCache.assign).
    pub fn append(&mut self, entry: LogEntry) -> u64 {
        let offset = self.leo();
        if self.latest_epoch().is_none_or(|e| entry.epoch > e) {
            self.epochs.push((entry.epoch, offset));
        }
        self.entries.push(entry);
        offset
    }

    /// Removes every entry at or above `offset`; returns them with their offsets.
    /// The HW and the epoch cache are cut back too (LeaderEpochFileCache.truncateFromEnd).
    pub fn truncate_to(&mut self, offset: u64) -> Vec<(u64, LogEntry)> {
        if offset >= self.leo() {
            return Vec::new();
        }
        let keep = offset.saturating_sub(self.start) as usize;
        let removed: Vec<(u64, LogEntry)> = self.entries.drain(keep..).enumerate()
            .map(|(i, e)| (self.start + keep as u64 + i as u64, e))
            .collect();
        self.epochs.retain(|&(_, start)| start < offset);
        self.hw = self.hw.min(offset);
        removed
    }

    /// Deletes every entry below `offset` (retention): the log start offset moves up to it, and
    /// the epoch cache keeps the epoch in force there (LeaderEpochFileCache.truncateFromStart).
    /// Returns the deleted entries. Never past the HW.
    pub fn delete_before(&mut self, offset: u64) -> Vec<LogEntry> {
        let offset = offset.min(self.hw).min(self.leo());
        if offset <= self.start {
            return Vec::new();
        }
        let removed: Vec<LogEntry> = self.entries.drain(..(offset - self.start) as usize).collect();
        self.start = offset;
        if let Some(keep) = self.epochs.iter().rposition(|&(_, s)| s <= offset) {
            self.epochs.drain(..keep);
            self.epochs[0].1 = self.epochs[0].1.max(offset);
        }
        removed
    }

    /// Empties the log and starts it at `offset`: a follower whose fetch offset fell below the
    /// leader's log start offset (ReplicaFetcherThread OFFSET_OUT_OF_RANGE ->
    /// truncateFullyAndStartAt(leaderLogStartOffset)). Returns what it held.
    pub fn truncate_fully_and_start_at(&mut self, offset: u64) -> Vec<LogEntry> {
        let removed = std::mem::take(&mut self.entries);
        self.start = offset;
        self.hw = offset;
        self.epochs.clear();
        removed
    }

    /// The largest epoch <= `requested` and the offset where it ends, as
    /// LeaderEpochFileCache.endOffsetFor answers OffsetsForLeaderEpoch / a Fetch's lastFetchedEpoch.
    /// `None` when `requested` is older than anything we know (UNDEFINED_EPOCH).
    pub fn end_offset_for_epoch(&self, requested: u32) -> Option<(u32, u64)> {
        let pos = self.epochs.iter().rposition(|&(e, _)| e <= requested)?;
        let epoch = self.epochs[pos].0;
        let end = match self.epochs.get(pos + 1) {
            Some(&(_, next_start)) => next_start,
            None => self.leo(),
        };
        Some((epoch, end))
    }

    /// The epoch of the last entry, sent as a Fetch's `lastFetchedEpoch`.
    pub fn last_fetched_epoch(&self) -> Option<u32> {
        self.entries.last().map(|e| e.epoch)
    }

    pub fn contains_record_at(&self, offset: u64, record: RecordId) -> bool {
        self.entry(offset).is_some_and(|e| e.record == record)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn delete_before_moves_the_start_and_keeps_the_epoch_in_force() {
        let mut log = Log::default();
        for (r, ep) in [(1, 0), (2, 0), (3, 1), (4, 1), (5, 2)] {
            log.append(e(r, ep));
        }
        log.hw = 4;
        // Never past the HW.
        assert_eq!(log.delete_before(5).len(), 4);
        assert_eq!((log.start, log.leo(), log.entries.len()), (4, 5, 1));
        assert_eq!(log.entry(4).map(|x| x.record), Some(5));
        assert_eq!(log.entry(3), None);
        assert_eq!(log.epochs, vec![(2, 4)], "epoch 2 starts at 4: epochs 0 and 1 are gone");
        assert!(log.delete_before(2).is_empty(), "below the start: nothing");
    }

    #[test]
    fn truncate_fully_starts_over_at_the_leaders_start() {
        let mut log = Log::default();
        log.append(e(1, 0));
        log.hw = 1;
        assert_eq!(log.truncate_fully_and_start_at(40).len(), 1);
        assert_eq!((log.start, log.leo(), log.hw), (40, 40, 40));
        assert_eq!(log.append(e(2, 3)), 40);
        assert_eq!(log.epochs, vec![(3, 40)]);
    }

    use super::*;

    fn e(record: RecordId, epoch: u32) -> LogEntry {
        LogEntry::data(record, epoch)
    }

    #[test]
    fn append_assigns_offsets_and_epoch_starts() {
        let mut log = Log::default();
        assert_eq!(log.append(e(1, 0)), 0);
        assert_eq!(log.append(e(2, 0)), 1);
        assert_eq!(log.append(e(3, 2)), 2);
        assert_eq!(log.leo(), 3);
        assert_eq!(log.epochs, vec![(0, 0), (2, 2)]);
    }

    #[test]
    fn end_offset_for_epoch_follows_the_cache() {
        let mut log = Log::default();
        for (r, ep) in [(1, 0), (2, 0), (3, 2), (4, 2)] {
            log.append(e(r, ep));
        }
        assert_eq!(log.end_offset_for_epoch(0), Some((0, 2)));
        assert_eq!(log.end_offset_for_epoch(1), Some((0, 2)));
        assert_eq!(log.end_offset_for_epoch(2), Some((2, 4)));
        assert_eq!(log.end_offset_for_epoch(9), Some((2, 4)));
    }

    #[test]
    fn truncate_removes_tail_epochs_and_caps_hw() {
        let mut log = Log::default();
        for (r, ep) in [(1, 0), (2, 0), (3, 2), (4, 2)] {
            log.append(e(r, ep));
        }
        log.hw = 4;
        let gone = log.truncate_to(2);
        assert_eq!(gone, vec![(2, e(3, 2)), (3, e(4, 2))]);
        assert_eq!(log.leo(), 2);
        assert_eq!(log.hw, 2);
        assert_eq!(log.epochs, vec![(0, 0)]);
        assert!(log.truncate_to(5).is_empty());
    }
}
