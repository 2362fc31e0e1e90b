//! Broker-side idempotence: per producer id, the metadata of the last 5 batches
//! (ProducerStateEntry.NUM_BATCHES_TO_RETAIN). A retried batch is answered from here, not appended.

use super::log::{Control, Log, LogEntry};
use std::collections::{BTreeMap, VecDeque};

/// ProducerStateEntry.NUM_BATCHES_TO_RETAIN
pub const NUM_BATCHES_TO_RETAIN: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchMeta {
    pub first_seq: u32,
    pub last_seq: u32,
    pub first_offset: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeqCheck {
    Append,
    Duplicate { first_offset: u64 },
    OutOfOrder { expected: u32 },
    /// The batch comes from an older producer epoch: a fenced zombie (INVALID_PRODUCER_EPOCH).
    StaleEpoch { current: u32 },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerEntry {
    pub epoch: u32,
    pub batches: VecDeque<BatchMeta>,
    /// First offset of this producer's open transaction (it keeps the LSO down).
    pub txn_first_offset: Option<u64>,
}

/// An aborted transaction's range, as in the aborted-transaction index (AbortedTxn).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AbortedTxn {
    pub producer_id: u32,
    pub first_offset: u64,
    /// The offset of the ABORT marker.
    pub last_offset: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerStateMap {
    pids: BTreeMap<u32, ProducerEntry>,
    pub aborted: Vec<AbortedTxn>,
}

impl ProducerStateMap {
    /// ProducerAppendInfo.checkSequence plus the duplicate lookup of ProducerStateEntry.findDuplicateBatch.
    pub fn check(&self, producer_id: u32, epoch: u32, first_seq: u32, count: u32) -> SeqCheck {
        if producer_id == 0 {
            return SeqCheck::Append;
        }
        let last_seq = first_seq + count.saturating_sub(1);
        let entry = self.pids.get(&producer_id);
        if let Some(e) = entry.filter(|e| epoch < e.epoch) {
            return SeqCheck::StaleEpoch { current: e.epoch };
        }
        // A new epoch starts its sequences again from 0 (ProducerAppendInfo.checkProducerEpoch).
        let Some(batches) = entry.filter(|e| e.epoch == epoch).map(|e| &e.batches) else {
            return if first_seq == 0 { SeqCheck::Append } else { SeqCheck::OutOfOrder { expected: 0 } };
        };
        if let Some(b) = batches.iter().find(|b| b.first_seq == first_seq && b.last_seq == last_seq) {
            return SeqCheck::Duplicate { first_offset: b.first_offset };
        }
        let expected = batches.back().map_or(0, |b| b.last_seq + 1);
        if first_seq == expected {
            SeqCheck::Append
        } else {
            SeqCheck::OutOfOrder { expected }
        }
    }

    /// Called for every appended entry, on leaders and followers alike, so a new leader knows.
    pub fn on_append(&mut self, e: &LogEntry, offset: u64) {
        if e.producer_id == 0 {
            return;
        }
        if matches!(e.control, Control::GroupOffset { .. }) {
            return; // the coordinator's own record, not a producer's batch
        }
        let entry = self.pids.entry(e.producer_id).or_default();
        if e.producer_epoch > entry.epoch {
            entry.epoch = e.producer_epoch;
            entry.batches.clear();
        }
        if e.control != Control::None {
            // A transaction marker ends the producer's open transaction.
            if let Some(first_offset) = entry.txn_first_offset.take() {
                if e.control == Control::Abort {
                    self.aborted.push(AbortedTxn { producer_id: e.producer_id, first_offset, last_offset: offset });
                }
            }
            return;
        }
        if e.transactional && entry.txn_first_offset.is_none() {
            entry.txn_first_offset = Some(offset);
        }
        let batches = &mut entry.batches;
        match batches.back_mut() {
            Some(b) if b.first_seq == e.base_seq && e.seq == b.last_seq + 1 => b.last_seq = e.seq,
            _ => {
                batches.push_back(BatchMeta { first_seq: e.base_seq, last_seq: e.seq, first_offset: offset });
                if batches.len() > NUM_BATCHES_TO_RETAIN {
                    batches.pop_front();
                }
            }
        }
    }

    /// The first offset of the earliest open transaction: the LSO is min(HW, this).
    pub fn first_unstable_offset(&self) -> Option<u64> {
        self.pids.values().filter_map(|e| e.txn_first_offset).min()
    }

    /// Whether the data record at `offset` from `producer_id` belongs to an aborted transaction.
    pub fn is_aborted(&self, producer_id: u32, offset: u64) -> bool {
        self.aborted.iter().any(|a| a.producer_id == producer_id && a.first_offset <= offset && offset < a.last_offset)
    }

    /// The highest epoch seen for a producer id (0 if unknown).
    pub fn epoch_of(&self, producer_id: u32) -> u32 {
        self.pids.get(&producer_id).map_or(0, |e| e.epoch)
    }

    /// A transaction coordinator bumped the epoch: older epochs are fenced from now on.
    pub fn fence(&mut self, producer_id: u32, epoch: u32) {
        let entry = self.pids.entry(producer_id).or_default();
        if epoch > entry.epoch {
            entry.epoch = epoch;
            entry.batches.clear();
        }
    }

    /// After truncation the state is rebuilt from what is left of the log.
    pub fn rebuild(log: &Log) -> Self {
        let mut s = ProducerStateMap::default();
        for (i, e) in log.entries.iter().enumerate() {
            s.on_append(e, log.start + i as u64);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(pid: u32, base: u32, seq: u32) -> LogEntry {
        LogEntry { producer_id: pid, seq, base_seq: base, ..LogEntry::data(seq as u64, 0) }
    }

    #[test]
    fn duplicate_and_gap_detection() {
        let mut s = ProducerStateMap::default();
        assert_eq!(s.check(7, 0, 0, 2), SeqCheck::Append);
        s.on_append(&entry(7, 0, 0), 10);
        s.on_append(&entry(7, 0, 1), 11);
        assert_eq!(s.check(7, 0, 0, 2), SeqCheck::Duplicate { first_offset: 10 });
        assert_eq!(s.check(7, 0, 2, 1), SeqCheck::Append);
        assert_eq!(s.check(7, 0, 5, 1), SeqCheck::OutOfOrder { expected: 2 });
        assert_eq!(s.check(0, 0, 99, 1), SeqCheck::Append);
    }

    #[test]
    fn keeps_only_the_last_five_batches() {
        let mut s = ProducerStateMap::default();
        for seq in 0..7 {
            s.on_append(&entry(1, seq, seq), seq as u64);
        }
        assert_eq!(s.check(1, 0, 6, 1), SeqCheck::Duplicate { first_offset: 6 });
        assert_eq!(s.check(1, 0, 2, 1), SeqCheck::Duplicate { first_offset: 2 });
        // batch 1 fell out of the window: no longer recognised as a duplicate
        assert_eq!(s.check(1, 0, 1, 1), SeqCheck::OutOfOrder { expected: 7 });
    }

    #[test]
    fn open_transactions_hold_the_lso_and_aborts_are_indexed() {
        let mut s = ProducerStateMap::default();
        let txn = |seq: u32| LogEntry { transactional: true, ..entry(5, seq, seq) };
        s.on_append(&entry(1, 0, 0), 0);
        s.on_append(&txn(0), 1);
        s.on_append(&txn(1), 2);
        assert_eq!(s.first_unstable_offset(), Some(1));
        s.on_append(&LogEntry { control: Control::Abort, ..entry(5, 0, 0) }, 3);
        assert_eq!(s.first_unstable_offset(), None);
        assert!(s.is_aborted(5, 1) && s.is_aborted(5, 2) && !s.is_aborted(5, 3) && !s.is_aborted(1, 1));
    }

    #[test]
    fn older_epochs_are_fenced_and_a_new_epoch_restarts_sequences() {
        let mut s = ProducerStateMap::default();
        s.on_append(&entry(1, 0, 0), 0);
        s.fence(1, 3);
        assert_eq!(s.check(1, 0, 1, 1), SeqCheck::StaleEpoch { current: 3 });
        assert_eq!(s.check(1, 3, 0, 1), SeqCheck::Append);
    }
}
