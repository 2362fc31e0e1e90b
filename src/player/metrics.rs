//! Cluster metrics over virtual time, named after Kafka's JMX metrics, sampled from snapshots for
//! the charts and the metrics panel. A seek into the past forgets later samples.

use crate::sim::event::EventKind;
use crate::sim::{Event, Millis, Snapshot};
use std::collections::VecDeque;

/// Virtual time between samples.
pub const EVERY_MS: Millis = 1_000;
/// Samples kept (the newest).
pub const CAP: usize = 600;

/// One sample. Gauges are as Kafka reports them; counters are cumulative (rates are derived).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    pub at: Millis,
    /// kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions (ISR smaller than the replicas).
    pub under_replicated: u64,
    /// kafka.controller:type=KafkaController,name=OfflinePartitionsCount (no leader).
    pub offline: u64,
    /// kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount.
    pub under_min_isr: u64,
    /// kafka.controller:type=KafkaController,name=ActiveControllerCount, summed over the cluster.
    /// The KRaft quorum is one always-up node, so 1; in ZooKeeper mode 1 while the broker holding
    /// /controller runs.
    pub active_controllers: u64,
    /// Replicas in an ISR, over all user partitions, and all replicas (the ISR when healthy).
    pub isr_replicas: u64,
    pub replicas: u64,
    /// Cumulative: records acknowledged to producers, and IsrShrink events (IsrShrinksPerSec's count).
    pub acknowledged: u64,
    pub isr_shrinks: u64,
    /// Consumer lag summed over groups and partitions (records-lag).
    pub lag: u64,
}

/// Measures the cluster now. `isr_shrinks` is the cumulative count of ISR shrinks so far.
pub fn measure(snap: &Snapshot, lag: u64, isr_shrinks: u64) -> Metrics {
    let user = snap.partitions.iter().filter(|p| !p.internal);
    // ZooKeeper mode: the broker holding /controller, if it runs; KRaft: the quorum, always up.
    let active_controllers = snap.zookeeper.as_ref().map_or(1, |z| {
        z.controller.is_some_and(|c| snap.brokers.iter().any(|b| b.id == c && b.status == crate::sim::broker::BrokerStatus::Running)) as u64
    });
    let mut m = Metrics { at: snap.now, active_controllers, acknowledged: snap.ledger.acknowledged, isr_shrinks, lag, ..Default::default() };
    for p in user {
        m.under_replicated += p.under_replicated as u64;
        m.offline += p.leader.is_none() as u64;
        m.under_min_isr += ((p.isr.len() as u32) < p.min_isr) as u64;
        m.isr_replicas += p.isr.len() as u64;
        m.replicas += p.replicas.len() as u64;
    }
    m
}

/// How many ISR shrinks `events` hold.
pub fn count_shrinks<'a>(events: impl IntoIterator<Item = &'a Event>) -> u64 {
    events.into_iter().filter(|e| matches!(e.kind, EventKind::IsrShrink { .. })).count() as u64
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetricsHistory {
    pub samples: VecDeque<Metrics>,
    /// ISR shrinks seen so far on the live run (the cumulative counter).
    pub shrinks: u64,
}

impl MetricsHistory {
    pub fn due(&self, now: Millis) -> bool {
        self.samples.back().is_none_or(|s| now >= s.at + EVERY_MS)
    }

    pub fn sample(&mut self, m: Metrics) {
        if self.samples.len() == CAP {
            self.samples.pop_front();
        }
        self.samples.push_back(m);
    }

    /// Forgets samples after `now` (a seek into the past); the shrink counter goes back to the
    /// last sample kept (shrinks between it and `now` are not recounted).
    pub fn rewind(&mut self, now: Millis) {
        self.samples.retain(|s| s.at <= now);
        self.shrinks = self.samples.back().map_or(0, |s| s.isr_shrinks);
    }

    /// A gauge over time.
    pub fn series(&self, f: impl Fn(&Metrics) -> u64) -> Vec<(Millis, f64)> {
        self.samples.iter().map(|s| (s.at, f(s) as f64)).collect()
    }

    /// A counter's rate per second between consecutive samples.
    pub fn rate(&self, f: impl Fn(&Metrics) -> u64) -> Vec<(Millis, f64)> {
        self.samples.iter().zip(self.samples.iter().skip(1))
            .filter(|(a, b)| b.at > a.at)
            .map(|(a, b)| (b.at, f(b).saturating_sub(f(a)) as f64 * 1000.0 / (b.at - a.at) as f64))
            .collect()
    }

    pub fn last(&self) -> Option<&Metrics> {
        self.samples.back()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Action, ClusterConfig, Sim};

    #[test]
    fn a_crash_shows_in_the_gauges_and_produce_in_the_rate() {
        let mut sim = Sim::new(ClusterConfig::default(), 3).unwrap();
        let mut h = MetricsHistory::default();
        let mut shrinks = 0;
        let mut tick = |sim: &mut Sim, h: &mut MetricsHistory, ms: u64| {
            let evs = sim.run_for(ms);
            shrinks += count_shrinks(&evs);
            h.sample(measure(&sim.snapshot(), 0, shrinks));
        };
        tick(&mut sim, &mut h, 1_000);
        let healthy = h.last().unwrap().clone();
        assert_eq!((healthy.under_replicated, healthy.offline, healthy.active_controllers), (0, 0, 1));
        assert_eq!(healthy.isr_replicas, healthy.replicas);
        sim.apply(Action::Produce { topic: "orders".into(), key: None, value: None, count: 10, partition: Some(0), producer: None }).unwrap();
        tick(&mut sim, &mut h, 1_000);
        assert_eq!(h.rate(|m| m.acknowledged).last().map(|(_, r)| *r), Some(10.0), "10 acks in one second");
        sim.apply(Action::CrashBroker { broker: 2 }).unwrap();
        for _ in 0..40 {
            tick(&mut sim, &mut h, 1_000);
        }
        let after = h.last().unwrap();
        assert!(after.under_replicated > 0 && after.isr_replicas < after.replicas, "{after:?}");
        assert!(after.isr_shrinks > 0, "the crashed broker dropped out of ISRs");
        h.rewind(1_500);
        assert_eq!(h.samples.len(), 1);
    }
}
