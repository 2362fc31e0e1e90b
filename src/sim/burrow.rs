//! Lag judged the way LinkedIn's Burrow judges it: no thresholds, but rules over a sliding window
//! of each partition's last `intervals` (10) offset commits, each stored with the lag at the time
//! it was committed (Burrow wiki "Consumer Lag Evaluation Rules", evaluator calculatePartitionStatus).

use super::net::Pidx;
use super::types::Millis;
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// Burrow's default `intervals`: the window length in offset commits.
pub const INTERVALS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum PartitionStatus {
    Ok,
    Warning,
    Rewind,
    Stopped,
    Stalled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ConsumerStatus {
    Ok,
    Warning,
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sample {
    pub at: Millis,
    pub offset: u64,
    pub lag: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Burrow {
    windows: BTreeMap<(String, Pidx), VecDeque<Sample>>,
}

impl Burrow {
    /// One offset commit, with the lag at that moment (log end − committed offset).
    pub fn record(&mut self, group: &str, pidx: Pidx, offset: u64, log_end: u64, at: Millis) {
        let w = self.windows.entry((group.to_string(), pidx)).or_default();
        w.push_back(Sample { at, offset, lag: log_end.saturating_sub(offset) });
        while w.len() > INTERVALS {
            w.pop_front();
        }
    }

    pub fn window(&self, group: &str, pidx: Pidx) -> Vec<Sample> {
        self.windows.get(&(group.to_string(), pidx)).map(|w| w.iter().copied().collect()).unwrap_or_default()
    }

    /// The partitions this group has committed for.
    pub fn partitions(&self, group: &str) -> Vec<Pidx> {
        self.windows.keys().filter(|(g, _)| g == group).map(|(_, p)| *p).collect()
    }
}

/// calculatePartitionStatus: `current_lag` is the lag now (log end − last committed offset).
pub fn partition_status(w: &[Sample], current_lag: u64, now: Millis) -> PartitionStatus {
    let (Some(first), Some(last)) = (w.first(), w.last()) else { return PartitionStatus::Ok };
    if current_lag == 0 {
        return PartitionStatus::Ok;
    }
    // Stopped: no commit for longer than the window spans (checked first: bad even if lag was 0 once).
    if now.saturating_sub(last.at) > last.at.saturating_sub(first.at) {
        return PartitionStatus::Stopped;
    }
    // Zero lag at any point in the window: the consumer is keeping up.
    if w.iter().any(|s| s.lag == 0) {
        return PartitionStatus::Ok;
    }
    // Stalled: committing, but the offset does not move while there is lag.
    if w.windows(2).all(|p| p[1].offset == p[0].offset) {
        return PartitionStatus::Stalled;
    }
    if w.windows(2).any(|p| p[1].offset < p[0].offset) {
        return PartitionStatus::Rewind;
    }
    // Warning: moving, but the lag never went down over the window.
    if w.windows(2).all(|p| p[1].lag >= p[0].lag) {
        return PartitionStatus::Warning;
    }
    PartitionStatus::Ok
}

/// The group's status is its worst partition's: STOPPED/STALLED → ERROR, WARNING/REWIND → WARNING.
pub fn consumer_status(partitions: &[PartitionStatus]) -> ConsumerStatus {
    match partitions.iter().max() {
        Some(PartitionStatus::Stopped | PartitionStatus::Stalled) => ConsumerStatus::Error,
        Some(PartitionStatus::Warning | PartitionStatus::Rewind) => ConsumerStatus::Warning,
        _ => ConsumerStatus::Ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(samples: &[(u64, u64, u64)]) -> Vec<Sample> {
        samples.iter().map(|&(at, offset, lag)| Sample { at, offset, lag }).collect()
    }

    #[test]
    fn burrow_rules() {
        // Keeping up: lag touched zero.
        assert_eq!(partition_status(&w(&[(0, 10, 5), (60, 20, 0), (120, 30, 3)]), 3, 130), PartitionStatus::Ok);
        // Stalled: offset stuck with lag.
        assert_eq!(partition_status(&w(&[(0, 10, 5), (60, 10, 8), (120, 10, 9)]), 9, 130), PartitionStatus::Stalled);
        // Warning: moving but falling behind every interval.
        assert_eq!(partition_status(&w(&[(0, 10, 5), (60, 20, 8), (120, 30, 9)]), 9, 130), PartitionStatus::Warning);
        // Stopped: last commit older than the window's span.
        assert_eq!(partition_status(&w(&[(0, 10, 5), (60, 20, 8), (120, 30, 9)]), 9, 300), PartitionStatus::Stopped);
        // No lag now: never an error.
        assert_eq!(partition_status(&w(&[(0, 10, 5), (60, 10, 8)]), 0, 1000), PartitionStatus::Ok);
        // Catching up (lag going down) is fine.
        assert_eq!(partition_status(&w(&[(0, 10, 9), (60, 20, 6), (120, 30, 3)]), 3, 130), PartitionStatus::Ok);
        assert_eq!(consumer_status(&[PartitionStatus::Ok, PartitionStatus::Warning]), ConsumerStatus::Warning);
        assert_eq!(consumer_status(&[PartitionStatus::Warning, PartitionStatus::Stalled]), ConsumerStatus::Error);
    }

    #[test]
    fn window_keeps_the_last_ten_commits() {
        let mut b = Burrow::default();
        for i in 0..15 {
            b.record("g", 0, i, 20, i * 1000);
        }
        let win = b.window("g", 0);
        assert_eq!(win.len(), INTERVALS);
        assert_eq!(win[0].offset, 5);
    }
}
