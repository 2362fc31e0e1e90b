//! `Sim`: the whole world as data. It owns the clock, the queue, the RNG, the network, every node
//! and the ledger; `apply` takes intents, `step` advances by one queued item. `Sim: Clone`, so a
//! checkpoint is a clone, and the same seed plus the same actions replays byte for byte.

use super::action::ActionError;
use super::broker::Broker;
use super::consumer::Consumer;
use super::controller::Controller;
use super::zookeeper::ZooKeeper;
use super::event::{Event, EventKind, LossReason};
use super::ledger::Ledger;
use super::net::{DropReason, Fate, Msg, Network};
use super::placement::assign_replicas;
use super::producer::Producer;
use super::queue::{Item, Queue};
use super::replay::Applied;
use super::rng::Rng;
use super::types::{BrokerId, Millis, NodeId};
use super::{ClusterConfig, ConfigError, Ctx, Out, PartInfo, Timer, Topology};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Safety valve: one `step` never processes more than this many silent queue items.
const MAX_SILENT_ITEMS: usize = 100_000;

#[derive(Clone, Debug)]
pub struct Sim {
    pub(crate) seed: u64,
    pub(crate) now: Millis,
    pub(crate) rng: Rng,
    queue: Queue,
    pub(crate) net: Network,
    pub(crate) topo: Arc<Topology>,
    pub(crate) brokers: Vec<Broker>,
    pub(crate) controller: Controller,
    /// The ZooKeeper ensemble, in ZooKeeper mode only (`zookeeper.rs`).
    pub(crate) zk: Option<ZooKeeper>,
    pub(crate) producers: Vec<Producer>,
    pub(crate) consumers: Vec<Consumer>,
    /// Share groups' per-partition record states, as the share coordinator persists them.
    pub(crate) share_partitions: super::share_fetch::SharePartitions,
    pub(crate) ledger: Ledger,
    /// The per-group consumption checker, fed every event like the ledger (`checker.rs`).
    pub(crate) checker: super::checker::Checker,
    /// Every offset commit with its lag, for Burrow-style evaluation.
    pub(crate) burrow: super::burrow::Burrow,
    /// Per partition: the leader (and epoch) that has taken over and whose log is the truth.
    pub(crate) active_leader: Vec<Option<(BrokerId, u32)>>,
    /// Per partition: whether its latest election was unclean.
    pub(crate) last_unclean: Vec<bool>,
    next_event: u64,
    /// Queue items processed so far (the "position" of the run).
    pub(crate) items: u64,
    /// Every action applied, with where and when: the replay script (`replay.rs`).
    pub(crate) actions: Vec<Applied>,
    /// The configuration the run started with (a session is this, the seed and the script).
    pub(crate) initial_config: Arc<ClusterConfig>,
}

impl Sim {
    pub fn new(config: ClusterConfig, seed: u64) -> Result<Sim, ConfigError> {
        config.validate()?;
        let assignment = assign_replicas(&config).map_err(|m| ConfigError { key: "topics".into(), message: m })?;
        let mut partitions = Vec::new();
        let mut topics = BTreeMap::new();
        for t in &config.topics {
            let mut ids = Vec::new();
            for p in 0..t.partitions {
                ids.push(partitions.len());
                partitions.push(PartInfo {
                    tp: super::TopicPartition::new(&t.name, p),
                    min_isr: config.min_insync_for(t),
                    unclean: config.unclean_for(t),
                    compact: config.compact_for(t),
                });
            }
            topics.insert(t.name.clone(), ids);
        }
        let topo = Arc::new(Topology { partitions, topics, config: config.clone(), groups: Vec::new(),
            addresses: config.brokers.iter().map(|b| (b.id, 0)).collect() });
        let controller = Controller::new(&config, &assignment);
        let broker_ids: Vec<BrokerId> = config.brokers.iter().map(|b| b.id).collect();
        let zk = config.metadata.zookeeper.then(|| ZooKeeper::new(config.metadata.servers, &broker_ids));
        let brokers = config.brokers.iter().map(|b| Broker::new(b.id, b.rack.clone())).collect();
        let producers = vec![Producer::new(1, &config.producer, topo.partitions.len())];
        let mut sim = Sim {
            seed,
            now: 0,
            rng: Rng::new(seed),
            queue: Queue::default(),
            net: Network::default(),
            topo,
            brokers,
            controller,
            zk,
            producers,
            consumers: Vec::new(),
            share_partitions: Default::default(),
            ledger: Ledger::default(),
            checker: Default::default(),
            burrow: Default::default(),
            active_leader: Vec::new(),
            last_unclean: Vec::new(),
            next_event: 0,
            items: 0,
            actions: Vec::new(),
            initial_config: Arc::new(config.clone()),
        };
        sim.active_leader = sim.controller.partitions.iter().map(|p| p.leader.map(|l| (l, p.leader_epoch))).collect();
        sim.last_unclean = vec![false; sim.active_leader.len()];
        // Boot: every broker already knows the initial metadata (as if it had replayed the log).
        let initial = sim.controller.partitions.clone();
        for i in 0..sim.brokers.len() {
            let mut out = Out::default();
            let jitter = sim.rng.range(0, 50);
            {
                let mut ctx = Ctx { now: 0, topo: &sim.topo, out: &mut out, share: &mut sim.share_partitions };
                sim.brokers[i].boot(&initial, jitter, &mut ctx);
            }
            let node = NodeId::Broker(sim.brokers[i].id);
            sim.flush(node, out);
        }
        sim.with_node(NodeId::Controller, |sim, ctx| sim.controller.boot(ctx));
        if let Some(zk) = sim.zk.clone() {
            sim.controller.controller_epoch = zk.controller_epoch;
            sim.controller.zk_quorum = Some(zk.has_quorum());
            sim.controller.zk_sessions = zk.sessions.iter().map(|(b, (_, s))| (*b, *s)).collect();
            sim.with_node(NodeId::ZooKeeper, |_, ctx| zk.boot(ctx));
        }
        if sim.topo.config.producer.transactional_id.is_some() {
            sim.ensure_txn_topic().map_err(|e| ConfigError { key: "transactional.id".into(), message: e.message })?;
        }
        let initial = sim.controller.partitions.clone();
        sim.with_node(NodeId::Producer(1), |sim, ctx| sim.producers[0].boot(&initial, ctx));
        Ok(sim)
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn now(&self) -> Millis {
        self.now
    }
    pub fn config(&self) -> &ClusterConfig {
        &self.topo.config
    }
    pub fn topology(&self) -> &Topology {
        &self.topo
    }
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }
    pub fn network(&self) -> &Network {
        &self.net
    }
    /// When the next queued item is due, if any.
    pub fn next_due(&self) -> Option<Millis> {
        self.queue.peek_time()
    }

    /// Queue items processed so far.
    /// The sequence number the next event will get (events so far: 0..this).
    pub fn next_event_seq(&self) -> u64 {
        self.next_event
    }
    pub fn position(&self) -> u64 {
        self.items
    }
    pub fn broker(&self, id: BrokerId) -> Option<&Broker> {
        self.brokers.iter().find(|b| b.id == id)
    }
    pub fn brokers(&self) -> &[Broker] {
        &self.brokers
    }
    pub fn controller(&self) -> &Controller {
        &self.controller
    }
    /// The default producer (producer 1).
    pub fn producer(&self) -> &Producer {
        &self.producers[0]
    }
    pub fn producers(&self) -> &[Producer] {
        &self.producers
    }

    pub fn consumers(&self) -> &[Consumer] {
        &self.consumers
    }

    pub(crate) fn consumer_index(&self, id: u32) -> Result<usize, ActionError> {
        self.consumers.iter().position(|c| c.id == id).ok_or_else(|| ActionError::new(format!(
            "There is no consumer {id} (consumers: {:?})", self.consumers.iter().map(|c| c.id).collect::<Vec<_>>())))
    }

    pub(crate) fn producer_index(&self, id: Option<u32>) -> Result<usize, ActionError> {
        let id = id.unwrap_or(1);
        self.producers.iter().position(|p| p.id == id).ok_or_else(|| ActionError::new(format!(
            "There is no producer {id} (producers: {:?})", self.producers.iter().map(|p| p.id).collect::<Vec<_>>())))
    }

    pub(crate) fn broker_index(&self, id: BrokerId) -> Result<usize, ActionError> {
        self.brokers.iter().position(|b| b.id == id)
            .ok_or_else(|| ActionError::new(format!("There is no broker {id} (brokers: {:?})",
                self.brokers.iter().map(|b| b.id).collect::<Vec<_>>())))
    }

    fn node_up(&self, node: NodeId) -> bool {
        match node {
            NodeId::Broker(b) => self.broker(b).is_some_and(|b| b.is_up()),
            NodeId::Consumer(c) => self.consumers.iter().find(|x| x.id == c).is_some_and(|x| x.is_up()),
            // ZooKeeper mode: the controller runs inside the broker that holds /controller.
            NodeId::Controller => self.zk.as_ref().is_none_or(|z| z.controller.is_some_and(|b| self.node_up(NodeId::Broker(b)))),
            NodeId::ZooKeeper | NodeId::Producer(_) => true,
        }
    }

    fn incarnation(&self, node: NodeId) -> u32 {
        match node {
            NodeId::Broker(b) => self.broker(b).map_or(0, |b| b.incarnation),
            NodeId::Consumer(c) => self.consumers.iter().find(|x| x.id == c).map_or(0, |x| x.incarnation),
            _ => 0,
        }
    }

    pub(crate) fn push_event(&mut self, kind: EventKind, events: &mut Vec<Event>) {
        self.ledger.observe(&kind, self.now);
        self.checker.observe(&kind, self.now, &self.topo);
        let mut follow_up = None;
        match &kind {
            EventKind::LeaderElected { tp, unclean, .. } => {
                if let Some(pidx) = self.topo.pidx(tp) {
                    self.last_unclean[pidx] = *unclean;
                }
            }
            EventKind::BecameLeader { tp, broker, epoch, .. } => {
                if let Some(pidx) = self.topo.pidx(tp) {
                    if self.controller.partitions[pidx].leader_epoch == *epoch {
                        self.active_leader[pidx] = Some((*broker, *epoch));
                        follow_up = self.check_losses(pidx, *broker, *epoch, self.last_unclean[pidx]);
                    }
                }
            }
            EventKind::MarkerWritten { tp, broker, offset, commit, producer_id } => {
                if let Some(pidx) = self.topo.pidx(tp) {
                    self.mark_txn_outcome(pidx, *broker, *offset, *producer_id, *commit);
                }
            }
            EventKind::OffsetsCommitted { group, offsets } => {
                for (tp, offset) in offsets {
                    if let Some(pidx) = self.topo.pidx(tp) {
                        let log_end = self.partition_view(pidx).leader
                            .and_then(|l| self.broker(l)).and_then(|b| b.replicas.get(&pidx)).map_or(0, |r| r.log.hw);
                        self.burrow.record(group, pidx, *offset, log_end, self.now);
                    }
                }
            }
            EventKind::Acknowledged { tp, records, base_offset: Some(base), .. } => {
                // An ack that arrives after another leader took over (or from a zombie leader that
                // was not yet told): if the leader in charge lacks the record, it is already gone.
                if let Some(pidx) = self.topo.pidx(tp) {
                    if let Some((leader, epoch)) = self.active_leader[pidx] {
                        let mut gone = self.missing_from(pidx, leader, records, Some(*base));
                        gone.retain(|r| self.ledger.get(*r).is_some_and(|l| !l.removed_by_policy()));
                        if !gone.is_empty() {
                            let reason = LossReason::LeaderWithoutRecord { new_leader: leader, epoch, unclean: self.last_unclean[pidx] };
                            let acknowledged = self.ledger.mark_lost(&gone, self.now, &reason);
                            follow_up = Some(EventKind::RecordsLost { tp: tp.clone(), records: gone, acknowledged, reason });
                        }
                    }
                }
            }
            EventKind::HighWatermark { tp, broker, from, to } => {
                if let Some(pidx) = self.topo.pidx(tp) {
                    self.mark_committed(pidx, *broker, *from, *to);
                }
            }
            EventKind::RecordsLost { records, .. } => self.ledger.note_loss_event(records, self.next_event),
            _ => {}
        }
        events.push(Event { seq: self.next_event, at: self.now, kind });
        self.next_event += 1;
        if let Some(e) = follow_up {
            self.push_event(e, events);
        }
    }

    /// Sends, timers and events a node produced while handling something.
    pub(crate) fn flush(&mut self, node: NodeId, out: Out) -> Vec<Event> {
        let mut events = Vec::new();
        for e in out.events {
            self.push_event(e, &mut events);
        }
        let inc = self.incarnation(node);
        for (delay, timer) in out.timers {
            self.queue.push(self.now + delay, Item::Timer { node, incarnation: inc, timer });
        }
        // The application's producer (producer 1) writes a dead-lettered record, key and value
        // as they were, to the dead-letter topic (consumer_poison.rs).
        let dead: Vec<(String, Option<String>, String)> = events.iter().filter_map(|e| match &e.kind {
            EventKind::DeadLettered { to_topic, record, .. } => self.ledger.get(*record).map(|l| (to_topic.clone(), l.key.clone(), l.value.clone())),
            _ => None,
        }).collect();
        for (topic, key, value) in dead {
            if let Ok(more) = self.produce(&topic, key.as_deref(), Some(&value), 1, None, None, false) {
                events.extend(more);
            }
        }
        for (to, msg) in out.sends {
            // At least 1 ms on the wire, even with sim.latency.max.ms=0: time moves only to the next
            // due item, so at 0 ms a request and its answer (or a refused connection and the retry)
            // could chase each other forever at one instant. Fuzzing found such loops: a consumer
            // rediscovering its crashed coordinator, followers fetching with replica.fetch.wait.max.ms=0.
            let mut latency = self.rng.range(self.topo.config.net.latency_min_ms, self.topo.config.net.latency_max_ms).max(1)
                + self.net.take_delay(node, to, msg.kind());
            if self.zk.is_some() && node == NodeId::Controller {
                // ControllerChannelManager: one RequestSendThread per broker sends one request at
                // a time, so a broker gets the controller's requests in order (a held one holds
                // back those behind it).
                let last = self.net.in_order_until.get(&to).copied().unwrap_or(0);
                latency = latency.max(last.saturating_sub(self.now));
                self.net.in_order_until.insert(to, self.now + latency);
            }
            let summary = summarize(&msg, &self.topo);
            let kind = msg.kind();
            let dialled = match (node, to) {
                (NodeId::Producer(p), NodeId::Broker(b)) => self.producers.iter().find(|x| x.id == p).and_then(|x| x.addresses.dial(b)),
                _ => None,
            };
            let env = self.net.send(node, to, msg, self.now, latency, dialled);
            self.queue.push(env.deliver_at, Item::Deliver(env.id));
            self.push_event(EventKind::Sent { env: env.id, from: node, to, kind, summary }, &mut events);
        }
        events
    }

    /// Runs `f` against one node with a fresh context, then flushes what it produced.
    pub(crate) fn with_node(&mut self, node: NodeId, f: impl FnOnce(&mut Sim, &mut Ctx)) -> Vec<Event> {
        let mut out = Out::default();
        let topo = Arc::clone(&self.topo);
        // Taken out for the call, so that a node can change it while `self` is borrowed.
        let mut share = std::mem::take(&mut self.share_partitions);
        {
            let mut ctx = Ctx { now: self.now, topo: &topo, out: &mut out, share: &mut share };
            f(self, &mut ctx);
        }
        self.share_partitions = share;
        self.flush(node, out)
    }

    /// Processes exactly one queued item (a delivery or a timer). Returns its events (maybe none).
    pub fn step_item(&mut self) -> Vec<Event> {
        let Some((at, item)) = self.queue.pop() else { return Vec::new() };
        self.now = self.now.max(at);
        self.items += 1;
        match item {
            Item::Deliver(id) => self.deliver(id),
            Item::Timer { node, incarnation, timer } => {
                if self.incarnation(node) != incarnation || !self.node_up(node) {
                    return Vec::new();
                }
                self.with_node(node, |sim, ctx| sim.dispatch_timer(node, timer, ctx))
            }
        }
    }

    /// Advances to the next item that produces at least one event (skipping silent timers).
    pub fn step(&mut self) -> Vec<Event> {
        for _ in 0..MAX_SILENT_ITEMS {
            if self.queue.len() == 0 {
                return Vec::new();
            }
            let ev = self.step_item();
            if !ev.is_empty() {
                return ev;
            }
        }
        Vec::new()
    }

    /// Advances until something notable happens (not a plain send/receive), or `max_ms` passes.
    pub fn step_notable(&mut self, max_ms: Millis) -> Vec<Event> {
        let deadline = self.now + max_ms;
        let mut all = Vec::new();
        while self.queue.peek_time().is_some_and(|t| t <= deadline) {
            let ev = self.step_item();
            let notable = ev.iter().any(|e| e.kind.is_notable());
            all.extend(ev);
            if notable {
                break;
            }
        }
        all
    }

    /// Runs every item due within the next `ms` milliseconds; the clock ends at now + ms.
    pub fn run_for(&mut self, ms: Millis) -> Vec<Event> {
        let until = self.now.saturating_add(ms);
        self.run_until(until)
    }

    pub fn run_until(&mut self, until: Millis) -> Vec<Event> {
        let mut all = Vec::new();
        while self.queue.peek_time().is_some_and(|t| t <= until) {
            all.extend(self.step_item());
        }
        self.now = self.now.max(until);
        all
    }

    /// Runs until `pred` holds (checked after every item) or `max_ms` passes; true if it held.
    pub fn run_until_pred(&mut self, max_ms: Millis, mut pred: impl FnMut(&Sim) -> bool, events: &mut Vec<Event>) -> bool {
        let deadline = self.now.saturating_add(max_ms);
        if pred(self) {
            return true;
        }
        while self.queue.peek_time().is_some_and(|t| t <= deadline) {
            events.extend(self.step_item());
            if pred(self) {
                return true;
            }
        }
        self.now = self.now.max(deadline);
        pred(self)
    }

    fn deliver(&mut self, id: u64) -> Vec<Event> {
        let to_up = match self.net.in_flight.get(&id) {
            // Nobody listens at a stale address: the connection is refused like a down broker's.
            Some(e) => self.node_up(e.to) && !self.stale_address(e),
            None => return Vec::new(),
        };
        let Some((env, fate)) = self.net.take(id, to_up) else { return Vec::new() };
        let kind = env.msg.kind();
        match fate {
            Fate::Dropped(reason) => {
                let mut events = Vec::new();
                self.push_event(EventKind::Dropped { env: env.id, from: env.from, to: env.to, kind, reason }, &mut events);
                // A refused connection is noticed by the sender (TCP RST); silence is not.
                if reason == DropReason::NodeDown && kind.is_request() && self.node_up(env.from) {
                    let mut out = Out::default();
                    out.send(env.from, Msg::Disconnected { kind, req: env.msg.req() });
                    events.extend(self.flush(env.to, out));
                }
                events
            }
            Fate::Deliver => {
                let mut events = Vec::new();
                let summary = summarize(&env.msg, &self.topo);
                self.push_event(EventKind::Delivered { env: env.id, from: env.from, to: env.to, kind, summary }, &mut events);
                let (from, to, msg) = (env.from, env.to, env.msg);
                events.extend(self.with_node(to, |sim, ctx| sim.dispatch_message(to, from, msg, ctx)));
                events
            }
        }
    }

    fn dispatch_message(&mut self, to: NodeId, from: NodeId, msg: Msg, ctx: &mut Ctx) {
        match to {
            NodeId::Broker(b) => {
                if let Ok(i) = self.broker_index(b) {
                    self.brokers[i].on_message(from, msg, ctx);
                }
            }
            NodeId::Controller => {
                let alive: Vec<BrokerId> = self.brokers.iter().filter(|b| b.is_up()).map(|b| b.id).collect();
                self.controller.on_message(from, msg, &alive, ctx)
            }
            NodeId::ZooKeeper => {
                if let Some(zk) = self.zk.as_mut() {
                    zk.on_message(from, msg, ctx);
                }
            }
            NodeId::Producer(p) => {
                if let Ok(i) = self.producer_index(Some(p)) {
                    self.producers[i].on_message(from, msg, ctx);
                }
            }
            NodeId::Consumer(c) => {
                if let Ok(i) = self.consumer_index(c) {
                    self.consumers[i].on_message(from, msg, ctx);
                }
            }
        }
    }

    fn dispatch_timer(&mut self, node: NodeId, timer: Timer, ctx: &mut Ctx) {
        match node {
            NodeId::Broker(b) => {
                if let Ok(i) = self.broker_index(b) {
                    self.brokers[i].on_timer(timer, ctx);
                }
            }
            NodeId::Controller => self.controller.on_timer(timer, ctx),
            NodeId::ZooKeeper => {
                if let Some(zk) = self.zk.as_mut() {
                    zk.on_timer(timer, ctx);
                }
            }
            NodeId::Producer(p) => {
                if let Ok(i) = self.producer_index(Some(p)) {
                    self.producers[i].on_timer(timer, ctx);
                }
            }
            NodeId::Consumer(c) => {
                if let Ok(i) = self.consumer_index(c) {
                    self.consumers[i].on_timer(timer, ctx);
                }
            }
        }
    }

}

/// A short label for a message, e.g. "Fetch(orders-0 @5)".
pub fn summarize(msg: &Msg, topo: &Topology) -> String {
    match msg {
        Msg::Produce { pidx, records, .. } => format!("Produce({} ×{})", topo.tp(*pidx), records.len()),
        Msg::ProduceResponse { pidx, error, base_offset, .. } => match (error, base_offset) {
            (Some(e), _) => format!("ProduceResponse({} {e})", topo.tp(*pidx)),
            (None, Some(o)) => format!("ProduceResponse({} @{o})", topo.tp(*pidx)),
            (None, None) => format!("ProduceResponse({})", topo.tp(*pidx)),
        },
        Msg::Fetch { partitions, .. } => {
            let parts: Vec<String> = partitions.iter().take(3).map(|p| format!("{} @{}", topo.tp(p.pidx), p.fetch_offset)).collect();
            let more = if partitions.len() > 3 { format!(" +{}", partitions.len() - 3) } else { String::new() };
            format!("Fetch({}{more})", parts.join(", "))
        }
        Msg::FetchResponse { partitions, .. } => {
            let n: usize = partitions.iter().map(|p| p.entries.len()).sum();
            if partitions.iter().any(|p| p.diverging_epoch.is_some()) {
                "FetchResponse(diverging epoch)".to_string()
            } else {
                format!("FetchResponse({n} record(s))")
            }
        }
        Msg::AlterPartition { pidx, new_isr, .. } => format!("AlterPartition({} isr={new_isr:?})", topo.tp(*pidx)),
        Msg::AlterPartitionResponse { pidx, error, .. } => match error {
            Some(e) => format!("AlterPartitionResponse({} {e})", topo.tp(*pidx)),
            None => format!("AlterPartitionResponse({})", topo.tp(*pidx)),
        },
        Msg::MetadataUpdate { partitions, .. } => format!("MetadataUpdate({} partition(s))", partitions.len()),
        Msg::Disconnected { kind, .. } => format!("Disconnected({})", kind.name()),
        other => other.kind().name().to_string(),
    }
}
