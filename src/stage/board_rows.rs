//! The board at scale: which partition rows to draw, and a one-line summary per topic.
//!
//! Thirty brokers × 1,000 partitions at RF 3 is 3,000 log strips; drawn whole, every step
//! re-renders a page no one can read. Past [`ROW_PAGE`] rows the board draws one page, the
//! partitions with a problem first, and sums up every topic in the health figures Kafka's own
//! broker metrics use (ReplicaManager's `OfflinePartitionsCount`, `UnderMinIsrPartitionCount`,
//! `UnderReplicatedPartitions`). A small cluster keeps every row, in order.

use crate::sim::snapshot::PartitionView;
use crate::sim::Pidx;

/// Rows the board draws before it pages; "show more" adds this many again.
pub const ROW_PAGE: usize = 50;

/// How badly a partition is off, worst first: what a learner should see without scrolling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Trouble {
    Healthy,
    /// ISR smaller than the replica set (UnderReplicatedPartitions).
    UnderReplicated,
    /// ISR below min.insync.replicas: acks=all writes fail with NOT_ENOUGH_REPLICAS.
    UnderMinIsr,
    /// No leader: neither reads nor writes (OfflinePartitionsCount).
    Offline,
}

pub fn trouble(p: &PartitionView) -> Trouble {
    if p.leader.is_none() {
        Trouble::Offline
    } else if (p.isr.len() as u32) < p.min_isr {
        Trouble::UnderMinIsr
    } else if p.under_replicated {
        Trouble::UnderReplicated
    } else {
        Trouble::Healthy
    }
}

/// One topic's health at a glance; the counts overlap (see [`board_rows`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicSummary {
    pub topic: String,
    pub partitions: usize,
    pub offline: usize,
    pub under_min_isr: usize,
    pub under_replicated: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardRows {
    /// The rows to draw, in drawing order.
    pub rows: Vec<Pidx>,
    /// Partitions the board could show (internal topics only when they are shown).
    pub total: usize,
    /// How many of those have any [`Trouble`].
    pub troubled: usize,
    /// Every shown topic, in the snapshot's order; only for a board of more than [`ROW_PAGE`].
    pub topics: Vec<TopicSummary>,
}

impl BoardRows {
    pub fn paged(&self) -> bool {
        self.rows.len() < self.total
    }
}

/// The rows for at most `limit` partitions. A board of up to [`ROW_PAGE`] partitions keeps the
/// snapshot's order (rows do not move under the reader) and needs no summary; a bigger one puts
/// the worst [`Trouble`] first, then topic and partition, and sums up every topic.
pub fn board_rows(parts: &[PartitionView], show_internal: bool, limit: usize) -> BoardRows {
    let shown: Vec<&PartitionView> = parts.iter().filter(|p| show_internal || !p.internal).collect();
    let troubled = shown.iter().filter(|p| trouble(p) != Trouble::Healthy).count();
    if shown.len() <= ROW_PAGE {
        return BoardRows { rows: shown.iter().map(|p| p.pidx).collect(), total: shown.len(), troubled, topics: Vec::new() };
    }
    let mut order: Vec<(Trouble, usize, Pidx)> = shown.iter().enumerate().map(|(i, p)| (trouble(p), i, p.pidx)).collect();
    // Worst first; among equals the snapshot's order (topic, then partition).
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let rows = order.into_iter().take(limit).map(|(_, _, pidx)| pidx).collect();
    BoardRows { rows, total: shown.len(), troubled, topics: summaries(&shown) }
}

fn summaries(shown: &[&PartitionView]) -> Vec<TopicSummary> {
    let mut topics: Vec<TopicSummary> = Vec::new();
    for p in shown {
        if topics.last().is_none_or(|t| t.topic != p.tp.topic) {
            topics.push(TopicSummary { topic: p.tp.topic.clone(), ..TopicSummary::default() });
        }
        let t = topics.last_mut().expect("pushed above");
        // Counted apart, as Kafka's metrics and the lessons' `orders.under_replicated` count them:
        // a partition under min ISR is also under-replicated.
        t.partitions += 1;
        t.offline += usize::from(p.leader.is_none());
        t.under_min_isr += usize::from((p.isr.len() as u32) < p.min_isr);
        t.under_replicated += usize::from(p.under_replicated);
    }
    topics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Action, ClusterConfig, Sim, TopicSpec};

    fn big_cluster() -> Sim {
        let mut c = ClusterConfig::with_brokers(30, vec![TopicSpec::new("orders", 1_000, 3), TopicSpec::new("audit", 20, 3)]);
        c.set("offsets.topic.num.partitions", "3").unwrap();
        c.set("min.insync.replicas", "2").unwrap();
        let mut sim = Sim::new(c, 5).unwrap();
        sim.run_for(5_000);
        sim
    }

    #[test]
    fn a_small_cluster_keeps_every_row_in_order() {
        let mut sim = Sim::new(ClusterConfig::default(), 1).unwrap();
        sim.run_for(3_000);
        sim.apply(Action::CrashBroker { broker: 2 }).unwrap();
        sim.run_for(30_000);
        let snap = sim.snapshot();
        let b = board_rows(&snap.partitions, false, ROW_PAGE);
        let visible: Vec<Pidx> = snap.partitions.iter().filter(|p| !p.internal).map(|p| p.pidx).collect();
        assert_eq!(b.rows, visible);
        assert!(!b.paged() && b.topics.is_empty());
        assert_eq!(b.troubled, visible.len(), "every orders partition had a replica on broker 2");
        // With the internal topics shown, the page grows past them.
        assert_eq!(board_rows(&snap.partitions, true, ROW_PAGE).total, snap.partitions.len());
    }

    #[test]
    fn a_big_cluster_pages_with_problems_first_and_sums_up_each_topic() {
        let mut sim = big_cluster();
        let snap = sim.snapshot();
        let b = board_rows(&snap.partitions, false, ROW_PAGE);
        assert_eq!((b.rows.len(), b.total, b.troubled), (ROW_PAGE, 1_020, 0));
        assert_eq!(b.topics.iter().map(|t| (t.topic.as_str(), t.partitions)).collect::<Vec<_>>(), [("orders", 1_000), ("audit", 20)]);
        assert_eq!(b.rows, snap.partitions.iter().filter(|p| !p.internal).take(ROW_PAGE).map(|p| p.pidx).collect::<Vec<_>>());

        // Two brokers down: partitions that had both as replicas drop below min.insync.replicas=2
        // (a third replica left), those with one are under-replicated; the crashed brokers'
        // partitions come first.
        sim.apply(Action::CrashBroker { broker: 1 }).unwrap();
        sim.apply(Action::CrashBroker { broker: 2 }).unwrap();
        sim.run_for(40_000);
        let snap = sim.snapshot();
        let b = board_rows(&snap.partitions, false, ROW_PAGE);
        let on = |p: &PartitionView, b: u32| p.replicas.iter().any(|r| r.broker == b);
        let hit = snap.partitions.iter().filter(|p| !p.internal && (on(p, 1) || on(p, 2))).count();
        let both = snap.partitions.iter().filter(|p| !p.internal && on(p, 1) && on(p, 2)).count();
        assert_eq!(b.troubled, hit, "every partition with a replica on broker 1 or 2");
        let sum = |f: fn(&TopicSummary) -> usize| b.topics.iter().map(f).sum::<usize>();
        assert_eq!(sum(|t| t.under_min_isr), both);
        assert_eq!((sum(|t| t.under_replicated), sum(|t| t.offline)), (hit, 0));
        let page: Vec<Trouble> = b.rows.iter().map(|&i| trouble(&snap.partitions[i])).collect();
        assert!(page.windows(2).all(|w| w[0] >= w[1]), "worst first: {page:?}");
        assert!(page.iter().all(|t| *t != Trouble::Healthy), "{hit} troubled partitions fill the page");
        assert_eq!(page[0], Trouble::UnderMinIsr);
        // "Show more" pages on to the end; nothing is drawn twice.
        let all = board_rows(&snap.partitions, false, usize::MAX);
        let mut seen = all.rows.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!((all.rows.len(), seen.len(), all.paged(), all.topics.len()), (1_020, 1_020, false, 2));
    }
}
