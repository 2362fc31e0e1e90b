//! The message-sequence diagram's layout: one lane per node, one arrow per envelope (delivered,
//! dropped or still in flight), over virtual time, for the envelopes sent up to the point on view.
//! Pure data; `src/ui/sequence.rs` draws it as SVG.

use crate::sim::event::EventKind;
use crate::sim::net::DropReason;
use crate::sim::{Event, Millis, MsgKind, NodeId};
use std::collections::BTreeMap;

/// How an envelope ended, as of the point on view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Delivered(Millis),
    Dropped(Millis, DropReason),
    InFlight,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub env: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub kind: MsgKind,
    /// The request or response, as the event log words it.
    pub summary: String,
    pub sent_at: Millis,
    pub fate: Fate,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    /// Producers, then brokers, the controller, consumers (NodeId's order).
    pub lanes: Vec<NodeId>,
    pub arrows: Vec<Arrow>,
    /// The time span drawn: the first send to the point on view.
    pub from: Millis,
    pub to: Millis,
}

impl Diagram {
    pub fn lane_of(&self, n: NodeId) -> Option<usize> {
        self.lanes.iter().position(|l| *l == n)
    }
}

/// Lays out the last `max_arrows` envelopes sent among `events` with seq < `next_seq` (the point
/// on view), at virtual time `now`. Events may come in any order (newest first is fine).
pub fn layout<'a>(events: impl IntoIterator<Item = &'a Event>, next_seq: u64, now: Millis, max_arrows: usize) -> Diagram {
    let mut sent: BTreeMap<u64, Arrow> = BTreeMap::new();
    let mut ends: BTreeMap<u64, Fate> = BTreeMap::new();
    for e in events.into_iter().filter(|e| e.seq < next_seq) {
        match &e.kind {
            EventKind::Sent { env, from, to, kind, summary } => {
                sent.insert(*env, Arrow { env: *env, from: *from, to: *to, kind: *kind, summary: summary.clone(), sent_at: e.at, fate: Fate::InFlight });
            }
            EventKind::Delivered { env, .. } => {
                ends.insert(*env, Fate::Delivered(e.at));
            }
            EventKind::Dropped { env, reason, .. } => {
                ends.insert(*env, Fate::Dropped(e.at, *reason));
            }
            _ => {}
        }
    }
    // Envelope ids grow with sends, so the newest `max_arrows` are the last ids.
    let skip = sent.len().saturating_sub(max_arrows);
    let arrows: Vec<Arrow> = sent.into_values().skip(skip)
        .map(|mut a| { a.fate = ends.get(&a.env).copied().unwrap_or(Fate::InFlight); a })
        .collect();
    let mut lanes: Vec<NodeId> = arrows.iter().flat_map(|a| [a.from, a.to]).collect();
    lanes.sort();
    lanes.dedup();
    let from = arrows.iter().map(|a| a.sent_at).min().unwrap_or(now);
    Diagram { lanes, arrows, from, to: now.max(from) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(seq: u64, at: Millis, kind: EventKind) -> Event {
        Event { seq, at, kind }
    }
    fn sent(seq: u64, at: Millis, env: u64, from: NodeId, to: NodeId) -> Event {
        ev(seq, at, EventKind::Sent { env, from, to, kind: MsgKind::Produce, summary: format!("Produce #{env}") })
    }

    #[test]
    fn each_envelope_is_one_arrow_with_its_fate_as_of_the_point_on_view() {
        let p = NodeId::Producer(1);
        let b1 = NodeId::Broker(1);
        let b2 = NodeId::Broker(2);
        let events = vec![
            sent(0, 10, 1, p, b1),
            sent(1, 11, 2, b1, b2),
            ev(2, 14, EventKind::Delivered { env: 1, from: p, to: b1, kind: MsgKind::Produce, summary: String::new() }),
            ev(3, 15, EventKind::Dropped { env: 2, from: b1, to: b2, kind: MsgKind::Produce, reason: DropReason::Dropped }),
            sent(4, 20, 3, b2, b1),
        ];
        let d = layout(events.iter().rev(), 5, 22, 10);
        assert_eq!(d.lanes, vec![b1, b2, p]);
        let fates: Vec<_> = d.arrows.iter().map(|a| (a.env, a.fate)).collect();
        assert_eq!(fates, vec![(1, Fate::Delivered(14)), (2, Fate::Dropped(15, DropReason::Dropped)), (3, Fate::InFlight)]);
        assert_eq!((d.from, d.to), (10, 22));
        // Earlier on the timeline, envelope 1 was still in flight and 3 not sent yet.
        let past = layout(&events, 2, 12, 10);
        assert_eq!(past.arrows.iter().map(|a| (a.env, a.fate)).collect::<Vec<_>>(), vec![(1, Fate::InFlight), (2, Fate::InFlight)]);
        // Only the newest arrows are kept.
        let newest = layout(&events, 5, 22, 1);
        assert_eq!(newest.arrows.len(), 1);
        assert_eq!(newest.arrows[0].env, 3);
        assert_eq!(newest.lanes, vec![b1, b2]);
    }
}
