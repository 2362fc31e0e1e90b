//! Retention with `cleanup.policy=delete`: a partition's log is a run of segments of at most
//! `segment.bytes`; every `log.retention.check.interval.ms` each broker deletes, oldest first, the
//! segments past `retention.ms` or beyond `retention.bytes` (LogManager.cleanupLogs ->
//! UnifiedLog.deleteOldSegments), and the log start offset moves to the first segment it keeps.
//! A segment goes only once all of it is below the high watermark, so nothing uncommitted is
//! deleted; the active segment goes too when it qualifies and is not empty (Kafka rolls a new one).
//! Consumers and followers that fetch below the new start get OFFSET_OUT_OF_RANGE.

use super::broker::Broker;
use super::config::{ClusterConfig, TopicSpec};
use super::log::Log;
use super::types::Millis;
use super::{Ctx, EventKind};

/// LogConfig defaults (Kafka 4.x): segment.bytes 1 GiB, retention.ms 7 days, retention.bytes -1.
pub const DEFAULT_SEGMENT_BYTES: u64 = 1024 * 1024 * 1024;
pub const DEFAULT_RETENTION_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// LogConfig: segment.bytes is atLeast(LegacyRecord.RECORD_OVERHEAD_V0) = 14.
pub const MIN_SEGMENT_BYTES: u64 = 14;

/// A topic's retention settings; `None` means unlimited (-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub ms: Option<u64>,
    pub bytes: Option<u64>,
    pub segment_bytes: u64,
    /// `cleanup.policy` includes `delete` (internal topics are compacted instead).
    pub delete: bool,
}

impl Retention {
    pub fn of(topic: &TopicSpec) -> Retention {
        let num = |k: &str, d: i64| topic.configs.get(k).and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or(d);
        let limit = |v: i64| (v >= 0).then_some(v as u64);
        let policy = topic.configs.get("cleanup.policy").map_or("delete", |s| s.as_str());
        Retention {
            ms: limit(num("retention.ms", DEFAULT_RETENTION_MS)),
            bytes: limit(num("retention.bytes", -1)),
            segment_bytes: num("segment.bytes", DEFAULT_SEGMENT_BYTES as i64).max(MIN_SEGMENT_BYTES as i64) as u64,
            delete: policy.split(',').any(|p| p.trim() == "delete") && !topic.name.starts_with("__"),
        }
    }

    pub fn for_topic(config: &ClusterConfig, topic: &str) -> Option<Retention> {
        config.topics.iter().find(|t| t.name == topic).map(Retention::of)
    }
}

/// Whether any topic sets `retention.ms` or `retention.bytes`. Only then do brokers run the
/// retention check: with Kafka's default of 7 days nothing would come due in a playground run.
pub fn checks_needed(config: &ClusterConfig) -> bool {
    config.topics.iter().any(|t| t.configs.contains_key("retention.ms") || t.configs.contains_key("retention.bytes"))
}

/// One segment: offsets [base, end), its bytes and its largest timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub base: u64,
    pub end: u64,
    pub bytes: u64,
    pub max_timestamp: Millis,
}

/// The log's segments, oldest first; the last is the active one. A batch rolls a new segment when
/// it would not fit in the active one and that one is not empty (LogSegment.shouldRoll). Since
/// retention deletes whole segments, walking from the log start offset finds the same boundaries
/// the broker rolled.
pub fn segments(log: &Log, segment_bytes: u64) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut cur = Segment { base: log.start, end: log.start, bytes: 0, max_timestamp: 0 };
    for (i, e) in log.entries.iter().enumerate() {
        let offset = log.start + i as u64;
        let size = e.size as u64;
        if cur.end > cur.base && cur.bytes + size > segment_bytes {
            out.push(cur);
            cur = Segment { base: offset, end: offset, bytes: 0, max_timestamp: 0 };
        }
        cur.end = offset + 1;
        cur.bytes += size;
        cur.max_timestamp = cur.max_timestamp.max(e.timestamp);
    }
    out.push(cur);
    out
}

/// Why segments were deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Breach {
    /// Older than `retention.ms` (by the segment's largest timestamp).
    Time,
    /// The partition is larger than `retention.bytes`.
    Size,
    /// A follower follows the leader's log start offset (LeaderOffsetIncremented).
    LeaderStart,
}

/// Where the log start offset moves now, how many segments go and why; `None` if nothing is due.
pub fn deletion(log: &Log, r: &Retention, now: Millis) -> Option<(u64, usize, Breach)> {
    if !r.delete {
        return None;
    }
    let segs = segments(log, r.segment_bytes);
    // UnifiedLog.deletableSegments: wholly below the HW, and not an empty active segment.
    let deletable = |i: usize, s: &Segment| log.hw >= s.end && !(i + 1 == segs.len() && s.bytes == 0 && s.end == s.base);
    let mut count = 0;
    let mut breach = Breach::Time;
    if let Some(ms) = r.ms {
        while count < segs.len() && deletable(count, &segs[count]) && now.saturating_sub(segs[count].max_timestamp) > ms {
            count += 1;
        }
    }
    if count == 0 {
        if let Some(limit) = r.bytes {
            let total: u64 = segs.iter().map(|s| s.bytes).sum();
            let mut over = total.saturating_sub(limit) as i64;
            while count < segs.len() && deletable(count, &segs[count]) && over - segs[count].bytes as i64 >= 0 {
                over -= segs[count].bytes as i64;
                count += 1;
            }
            breach = Breach::Size;
        }
    }
    (count > 0).then(|| (segs[count - 1].end, count, breach))
}

impl Broker {
    /// LogManager.cleanupLogs on this broker: every replica it hosts, leader or follower, deletes
    /// its own due segments (a follower also learns the leader's log start from fetches).
    pub(crate) fn run_retention(&mut self, ctx: &mut Ctx) {
        let me = self.id;
        for (pidx, r) in self.replicas.iter_mut() {
            let tp = ctx.topo.tp(*pidx);
            let Some(policy) = Retention::for_topic(&ctx.topo.config, &tp.topic) else { continue };
            let Some((to, segments, breach)) = deletion(&r.log, &policy, ctx.now) else { continue };
            let from = r.log.start;
            let removed = r.log.delete_before(to);
            if removed.is_empty() {
                continue;
            }
            let records = super::log::data_records(&removed);
            ctx.out.event(EventKind::SegmentsDeleted { tp: tp.clone(), broker: me, from, to: r.log.start, segments, breach, records });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::log::LogEntry;

    fn log_of(sizes_and_times: &[(u32, u64)], hw: u64) -> Log {
        let mut log = Log::default();
        for (i, (size, ts)) in sizes_and_times.iter().enumerate() {
            log.append(LogEntry { size: *size, timestamp: *ts, ..LogEntry::data(i as u64 + 1, 0) });
        }
        log.hw = hw;
        log
    }

    fn retention(ms: Option<u64>, bytes: Option<u64>, segment_bytes: u64) -> Retention {
        Retention { ms, bytes, segment_bytes, delete: true }
    }

    #[test]
    fn segments_roll_when_the_next_record_does_not_fit() {
        let log = log_of(&[(40, 0), (40, 0), (40, 0), (40, 0), (40, 0)], 5);
        let s = segments(&log, 100);
        assert_eq!(s.iter().map(|s| (s.base, s.end, s.bytes)).collect::<Vec<_>>(), vec![(0, 2, 80), (2, 4, 80), (4, 5, 40)]);
        // A record larger than a segment still gets one of its own.
        let s = segments(&log_of(&[(500, 0), (10, 0)], 2), 100);
        assert_eq!(s.iter().map(|s| (s.base, s.end)).collect::<Vec<_>>(), vec![(0, 1), (1, 2)]);
        // An empty log has one empty active segment at its start.
        assert_eq!(segments(&Log::default(), 100), vec![Segment { base: 0, end: 0, bytes: 0, max_timestamp: 0 }]);
    }

    #[test]
    fn time_retention_deletes_old_segments_below_the_hw() {
        // Segments [0,2) at t=1000, [2,4) at t=5000, [4,5) at t=9000.
        let log = log_of(&[(40, 1000), (40, 1000), (40, 5000), (40, 5000), (40, 9000)], 5);
        let r = retention(Some(3000), None, 100);
        assert_eq!(deletion(&log, &r, 4000), None, "nothing is 3 s old yet");
        assert_eq!(deletion(&log, &r, 4001), Some((2, 1, Breach::Time)));
        assert_eq!(deletion(&log, &r, 8001), Some((4, 2, Breach::Time)));
        // The active segment goes too once it is old and committed.
        assert_eq!(deletion(&log, &r, 12_001), Some((5, 3, Breach::Time)));
        // ...but never past the HW: with HW 3 only the first segment is wholly committed.
        let low = log_of(&[(40, 1000), (40, 1000), (40, 5000), (40, 5000), (40, 9000)], 3);
        assert_eq!(deletion(&low, &r, 100_000), Some((2, 1, Breach::Time)));
    }

    #[test]
    fn size_retention_keeps_at_most_retention_bytes() {
        let log = log_of(&[(40, 0); 5], 5); // 200 bytes in segments of 80, 80, 40
        assert_eq!(deletion(&log, &retention(None, Some(150), 100), 0), None, "only 50 bytes over: the oldest segment (80) stays");
        assert_eq!(deletion(&log, &retention(None, Some(120), 100), 0), Some((2, 1, Breach::Size)));
        assert_eq!(deletion(&log, &retention(None, Some(40), 100), 0), Some((4, 2, Breach::Size)));
        assert_eq!(deletion(&log, &retention(None, None, 100), 0), None, "-1: unlimited");
    }

    #[test]
    fn compacted_and_internal_topics_are_not_deleted() {
        let log = log_of(&[(40, 0); 5], 5);
        let r = Retention { delete: false, ..retention(Some(1), None, 100) };
        assert_eq!(deletion(&log, &r, 1_000_000), None);
        let mut t = TopicSpec::new("orders", 1, 1);
        assert!(Retention::of(&t).delete);
        assert_eq!(Retention::of(&t).ms, Some(604_800_000));
        assert_eq!(Retention::of(&t).segment_bytes, 1 << 30);
        t.configs.insert("retention.ms".into(), "-1".into());
        t.configs.insert("segment.bytes".into(), "1".into());
        assert_eq!((Retention::of(&t).ms, Retention::of(&t).segment_bytes), (None, MIN_SEGMENT_BYTES));
        assert!(!Retention::of(&TopicSpec::new("__consumer_offsets", 1, 1)).delete);
    }
}
