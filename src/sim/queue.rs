//! The one event queue, ordered by (time, seq): `seq` breaks ties so order never depends on hashing.

use super::net::EnvId;
use super::types::{Millis, NodeId};
use super::Timer;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Deliver(EnvId),
    Timer { node: NodeId, incarnation: u32, timer: Timer },
}

#[derive(Clone, Debug)]
struct Entry {
    at: Millis,
    seq: u64,
    item: Item,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.seq) == (o.at, o.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(o.at, o.seq))
    }
}

#[derive(Clone, Debug, Default)]
pub struct Queue {
    heap: BinaryHeap<Reverse<Entry>>,
    next_seq: u64,
}

impl Queue {
    pub fn push(&mut self, at: Millis, item: Item) {
        self.next_seq += 1;
        self.heap.push(Reverse(Entry { at, seq: self.next_seq, item }));
    }
    pub fn pop(&mut self) -> Option<(Millis, Item)> {
        self.heap.pop().map(|Reverse(e)| (e.at, e.item))
    }
    pub fn peek_time(&self) -> Option<Millis> {
        self.heap.peek().map(|Reverse(e)| e.at)
    }
    pub fn len(&self) -> usize {
        self.heap.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_then_insertion() {
        let mut q = Queue::default();
        q.push(5, Item::Deliver(1));
        q.push(3, Item::Deliver(2));
        q.push(5, Item::Deliver(3));
        q.push(3, Item::Deliver(4));
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(order, vec![(3, Item::Deliver(2)), (3, Item::Deliver(4)), (5, Item::Deliver(1)), (5, Item::Deliver(3))]);
    }
}
