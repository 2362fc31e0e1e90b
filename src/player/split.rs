//! Split screen: two runs with the same seed and the same action script that differ in one
//! setting (acks=1 vs all, unclean election on vs off, eager vs cooperative rebalancing). Both
//! are driven by virtual time (an action happens at the same instant on both sides, even if the
//! queues differ), and what differs between them is listed.

use crate::sim::event::EventKind;
use crate::sim::{Action, Applied, ClusterConfig, Event, Millis, Sim};

/// One setting and its two values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The `?split=` name (a preset, or `key:left:right`).
    pub code: String,
    pub key: String,
    pub left: String,
    pub right: String,
}

/// The comparisons a lesson or a URL can name by one word.
pub const PRESETS: [(&str, &str, &str, &str); 4] = [
    ("acks", "acks", "1", "all"),
    ("unclean", "unclean.leader.election.enable", "true", "false"),
    ("rebalance", "partition.assignment.strategy", "range", "cooperative-sticky"),
    ("metadata", "sim.metadata.mode", "zookeeper", "kraft"),
];

impl Comparison {
    /// `acks`, `unclean`, `rebalance`, or `key:left:right` with both values valid for `key`.
    pub fn parse(code: &str) -> Result<Comparison, String> {
        let code = code.trim();
        if let Some((c, k, l, r)) = PRESETS.iter().find(|p| p.0 == code) {
            return Ok(Comparison { code: c.to_string(), key: k.to_string(), left: l.to_string(), right: r.to_string() });
        }
        let parts: Vec<&str> = code.split(':').collect();
        let [key, left, right] = parts[..] else {
            let presets: Vec<&str> = PRESETS.iter().map(|p| p.0).collect();
            return Err(format!("split=`{code}`: use one of {} or key:left:right (e.g. acks:1:all)", presets.join(", ")));
        };
        if left == right {
            return Err(format!("split=`{code}`: the two values of {key} must differ"));
        }
        let cmp = Comparison { code: code.to_string(), key: key.into(), left: left.into(), right: right.into() };
        cmp.config(&ClusterConfig::default(), true).and(cmp.config(&ClusterConfig::default(), false))?;
        Ok(cmp)
    }

    /// `base` with the left (or right) value set.
    pub fn config(&self, base: &ClusterConfig, left: bool) -> Result<ClusterConfig, String> {
        let mut c = base.clone();
        let v = if left { &self.left } else { &self.right };
        c.set(&self.key, v).map_err(|e| format!("split: {}={v}: {}", self.key, e.message))?;
        Ok(c)
    }

    pub fn label(&self, left: bool) -> String {
        format!("{}={}", self.key, if left { &self.left } else { &self.right })
    }
}

/// A run rebuilt on another configuration from the seed and script by virtual time: each action
/// is applied at the instant it was applied in the original. Actions the other configuration
/// refuses are skipped and counted.
pub fn replay_by_time(config: ClusterConfig, seed: u64, script: &[Applied], until: Millis) -> Result<(Sim, usize), String> {
    let mut sim = Sim::new(config, seed).map_err(|e| format!("{}: {}", e.key, e.message))?;
    let mut refused = 0;
    for a in script {
        sim.run_until(a.time);
        if sim.apply(a.action.clone()).is_err() {
            refused += 1;
        }
    }
    sim.run_until(until);
    Ok((sim, refused))
}

/// What one side has seen that the snapshot does not keep: rebalances and revoked partitions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideCounts {
    pub rebalances: u64,
    pub revoked: u64,
}

impl SideCounts {
    pub fn observe(&mut self, events: &[Event]) {
        for e in events {
            match &e.kind {
                EventKind::RebalanceStarted { .. } => self.rebalances += 1,
                EventKind::PartitionsRevoked { partitions, .. } => self.revoked += partitions.len() as u64,
                _ => {}
            }
        }
    }
}

/// One line of the comparison: what, the left value, the right value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub what: String,
    pub left: String,
    pub right: String,
}

impl Row {
    pub fn differs(&self) -> bool {
        self.left != self.right
    }
}

/// Side-by-side facts: the ledger's counts, each partition's leader, HW and ISR, and the groups'
/// rebalances. The rows that differ are what the setting changed.
pub fn compare(a: &Sim, ac: &SideCounts, b: &Sim, bc: &SideCounts) -> Vec<Row> {
    let (la, lb) = (a.ledger_summary(), b.ledger_summary());
    let mut rows = Vec::new();
    let mut row = |what: &str, l: String, r: String| rows.push(Row { what: what.into(), left: l, right: r });
    for (what, l, r) in [
        ("records produced", la.produced, lb.produced),
        ("acknowledged", la.acknowledged, lb.acknowledged),
        ("committed (below the HW)", la.committed, lb.committed),
        ("acknowledged but lost", la.acknowledged_lost, lb.acknowledged_lost),
        ("lost", la.lost, lb.lost),
        ("failed (producer gave up)", la.failed, lb.failed),
        ("consumed", la.consumed, lb.consumed),
        ("consumed again (duplicates)", la.consumed_again, lb.consumed_again),
        ("rebalances", ac.rebalances, bc.rebalances),
        ("partitions revoked", ac.revoked, bc.revoked),
    ] {
        row(what, l.to_string(), r.to_string());
    }
    let (sa, sb) = (a.snapshot(), b.snapshot());
    for (pa, pb) in sa.partitions.iter().zip(&sb.partitions).filter(|(p, _)| !p.internal) {
        let leader = |l: Option<u32>| l.map_or("none (offline)".to_string(), |b| format!("broker {b}"));
        let hw = |p: &crate::sim::snapshot::PartitionView| p.leader.and_then(|l| p.replicas.iter().find(|r| r.broker == l)).map_or("—".into(), |r| r.hw.to_string());
        let isr = |p: &crate::sim::snapshot::PartitionView| format!("[{}]", p.isr.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(","));
        row(&format!("{} leader", pa.tp), leader(pa.leader), leader(pb.leader));
        row(&format!("{} HW", pa.tp), hw(pa), hw(pb));
        row(&format!("{} ISR", pa.tp), isr(pa), isr(pb));
    }
    rows
}

/// An action for both sides (so the split view's buttons cannot drift apart).
pub fn both(a: &mut Sim, b: &mut Sim, action: &Action) -> (Result<Vec<Event>, String>, Result<Vec<Event>, String>) {
    (a.apply(action.clone()).map_err(|e| e.message), b.apply(action.clone()).map_err(|e| e.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{MsgKind, NodeId};

    #[test]
    fn presets_and_custom_comparisons_parse_and_bad_ones_say_why() {
        let acks = Comparison::parse("acks").unwrap();
        assert_eq!((acks.label(true), acks.label(false)), ("acks=1".into(), "acks=all".into()));
        assert_eq!(Comparison::parse("min.insync.replicas:1:2").unwrap().right, "2");
        assert!(Comparison::parse("nope").unwrap_err().contains("acks, unclean, rebalance"));
        assert!(Comparison::parse("acks:1:1").unwrap_err().contains("must differ"));
        assert!(Comparison::parse("acks:1:7").unwrap_err().contains("acks=7"), "{}", Comparison::parse("acks:1:7").unwrap_err());
    }

    /// The acks=1 loss on the left, none on the right, from one script (the story's staging).
    #[test]
    fn acks_1_loses_acknowledged_records_where_acks_all_does_not() {
        let cmp = Comparison::parse("acks").unwrap();
        let mut script_run = Sim::new(cmp.config(&ClusterConfig::default(), true).unwrap(), 7).unwrap();
        script_run.run_for(1_000);
        for _ in 0..2 {
            script_run.apply(Action::DropNext { kind: MsgKind::FetchResponse, from: Some(NodeId::Broker(1)), to: None }).unwrap();
        }
        script_run.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 3, partition: Some(0), producer: None }).unwrap();
        script_run.run_for(20);
        script_run.apply(Action::CrashBroker { broker: 1 }).unwrap();
        script_run.run_for(20_000);
        let until = script_run.now();
        let (left, refused_l) = replay_by_time(cmp.config(&ClusterConfig::default(), true).unwrap(), 7, script_run.actions(), until).unwrap();
        let (right, refused_r) = replay_by_time(cmp.config(&ClusterConfig::default(), false).unwrap(), 7, script_run.actions(), until).unwrap();
        assert_eq!((refused_l, refused_r), (0, 0));
        assert_eq!(left.snapshot(), script_run.snapshot(), "the same config by time is the same run");
        let rows = compare(&left, &SideCounts::default(), &right, &SideCounts::default());
        let lost = rows.iter().find(|r| r.what == "acknowledged but lost").unwrap();
        assert_eq!((lost.left.as_str(), lost.right.as_str()), ("3", "0"));
        assert!(lost.differs());
        assert!(!rows.iter().find(|r| r.what == "records produced").unwrap().differs());
    }
}
