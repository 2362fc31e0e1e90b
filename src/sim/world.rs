//! `Sim`: the whole world as data. It owns the clock, the queue, the RNG, the network, every node
//! and the ledger; `apply` takes intents, `step` advances by one queued item. `Sim: Clone`, so a
//! checkpoint is a clone, and the same seed plus the same actions replays byte for byte.

use super::action::{Action, ActionError, MAX_PRODUCE_COUNT};
use super::broker::{Broker, BrokerStatus};
use super::controller::Controller;
use super::event::{Event, EventKind, LossReason};
use super::ledger::Ledger;
use super::net::{DropReason, DropRule, Fate, Msg, Network, Pidx};
use super::partitioner::estimated_record_size;
use super::placement::assign_replicas;
use super::producer::Producer;
use super::txn::TxnClientState;
use super::txn_coordinator::TXN_TOPIC;
use super::queue::{Item, Queue};
use super::rng::Rng;
use super::types::{BrokerId, Millis, NodeId, RecordId};
use super::{ClusterConfig, ConfigError, Ctx, Out, PartInfo, Timer, Topology};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Safety valve: one `step` never processes more than this many silent queue items.
const MAX_SILENT_ITEMS: usize = 100_000;

#[derive(Clone, Debug)]
pub struct Sim {
    seed: u64,
    now: Millis,
    rng: Rng,
    queue: Queue,
    pub(crate) net: Network,
    pub(crate) topo: Arc<Topology>,
    pub(crate) brokers: Vec<Broker>,
    pub(crate) controller: Controller,
    pub(crate) producers: Vec<Producer>,
    pub(crate) ledger: Ledger,
    /// Per partition: the leader (and epoch) that has taken over and whose log is the truth.
    active_leader: Vec<Option<(BrokerId, u32)>>,
    /// Per partition: whether its latest election was unclean.
    last_unclean: Vec<bool>,
    next_event: u64,
    /// Queue items processed so far (the "position" of the run).
    items: u64,
    /// Every action applied, with the item count at which it was applied: the replay script.
    actions: Vec<(u64, Action)>,
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
                });
            }
            topics.insert(t.name.clone(), ids);
        }
        let topo = Arc::new(Topology { partitions, topics, config: config.clone() });
        let controller = Controller::new(&config, &assignment);
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
            producers,
            ledger: Ledger::default(),
            active_leader: Vec::new(),
            last_unclean: Vec::new(),
            next_event: 0,
            items: 0,
            actions: Vec::new(),
        };
        sim.active_leader = sim.controller.partitions.iter().map(|p| p.leader.map(|l| (l, p.leader_epoch))).collect();
        sim.last_unclean = vec![false; sim.active_leader.len()];
        // Boot: every broker already knows the initial metadata (as if it had replayed the log).
        let initial = sim.controller.partitions.clone();
        for i in 0..sim.brokers.len() {
            let mut out = Out::default();
            let jitter = sim.rng.range(0, 50);
            {
                let mut ctx = Ctx { now: 0, topo: &sim.topo, out: &mut out };
                sim.brokers[i].boot(&initial, jitter, &mut ctx);
            }
            let node = NodeId::Broker(sim.brokers[i].id);
            sim.flush(node, out);
        }
        sim.with_node(NodeId::Controller, |sim, ctx| sim.controller.boot(ctx));
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
    pub fn position(&self) -> u64 {
        self.items
    }
    /// The actions applied so far, each with the position it was applied at (the replay script).
    pub fn actions(&self) -> &[(u64, Action)] {
        &self.actions
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

    fn producer_index(&self, id: Option<u32>) -> Result<usize, ActionError> {
        let id = id.unwrap_or(1);
        self.producers.iter().position(|p| p.id == id).ok_or_else(|| ActionError::new(format!(
            "There is no producer {id} (producers: {:?})", self.producers.iter().map(|p| p.id).collect::<Vec<_>>())))
    }

    fn broker_index(&self, id: BrokerId) -> Result<usize, ActionError> {
        self.brokers.iter().position(|b| b.id == id)
            .ok_or_else(|| ActionError::new(format!("There is no broker {id} (brokers: {:?})",
                self.brokers.iter().map(|b| b.id).collect::<Vec<_>>())))
    }

    fn node_up(&self, node: NodeId) -> bool {
        match node {
            NodeId::Broker(b) => self.broker(b).is_some_and(|b| b.is_up()),
            NodeId::Controller | NodeId::Producer(_) => true,
        }
    }

    fn incarnation(&self, node: NodeId) -> u32 {
        match node {
            NodeId::Broker(b) => self.broker(b).map_or(0, |b| b.incarnation),
            _ => 0,
        }
    }

    fn push_event(&mut self, kind: EventKind, events: &mut Vec<Event>) {
        self.ledger.observe(&kind, self.now);
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
            EventKind::Acknowledged { tp, records, base_offset: Some(_), .. } => {
                // An ack that arrives after another leader took over (or from a zombie leader that
                // was not yet told): if the leader in charge lacks the record, it is already gone.
                if let Some(pidx) = self.topo.pidx(tp) {
                    if let Some((leader, epoch)) = self.active_leader[pidx] {
                        let gone = self.missing_from(pidx, leader, records);
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
            _ => {}
        }
        events.push(Event { seq: self.next_event, at: self.now, kind });
        self.next_event += 1;
        if let Some(e) = follow_up {
            self.push_event(e, events);
        }
    }

    /// Records at [from, to) of the leader's log are now committed.
    fn mark_committed(&mut self, pidx: Pidx, broker: BrokerId, from: u64, to: u64) {
        let Some(b) = self.broker(broker) else { return };
        let Some(r) = b.replicas.get(&pidx) else { return };
        if r.leader_state.is_none() {
            return;
        }
        let ids: Vec<RecordId> = (from..to).filter_map(|o| r.log.entry(o).map(|e| e.record)).collect();
        for id in ids {
            self.ledger.commit(id, self.now);
        }
    }

    /// A new leader's log is the partition's truth from now on: every record some earlier leader
    /// appended that it lacks is lost. "Acknowledged but lost" is this query, not a script.
    ///
    /// Only settled records count: acknowledged ones (or acks=0 sends). A record the producer is
    /// still retrying is not lost, and one it gave up on is "failed", not lost.
    fn check_losses(&mut self, pidx: Pidx, leader: BrokerId, epoch: u32, unclean: bool) -> Option<EventKind> {
        let mut candidates: Vec<RecordId> = self.ledger.leader_appends(pidx).into_iter().map(|(_, r)| r)
            .filter(|r| !self.ledger.is_lost(*r) && self.ledger.get(*r).is_some_and(|l| l.acked.is_some()))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let lost = self.missing_from(pidx, leader, &candidates);
        if lost.is_empty() {
            return None;
        }
        let reason = LossReason::LeaderWithoutRecord { new_leader: leader, epoch, unclean };
        let acknowledged = self.ledger.mark_lost(&lost, self.now, &reason);
        Some(EventKind::RecordsLost { tp: self.topo.tp(pidx).clone(), records: lost, acknowledged, reason })
    }

    /// Which of `records` the broker's log of `pidx` does not hold (at any offset).
    fn missing_from(&self, pidx: Pidx, broker: BrokerId, records: &[RecordId]) -> Vec<RecordId> {
        let Some(log) = self.broker(broker).and_then(|b| b.replicas.get(&pidx)).map(|r| &r.log) else {
            return Vec::new();
        };
        let held: std::collections::BTreeSet<RecordId> = log.entries.iter().map(|e| e.record).collect();
        records.iter().copied().filter(|r| !held.contains(r)).collect()
    }

    /// Sends, timers and events a node produced while handling something.
    fn flush(&mut self, node: NodeId, out: Out) -> Vec<Event> {
        let mut events = Vec::new();
        for e in out.events {
            self.push_event(e, &mut events);
        }
        let inc = self.incarnation(node);
        for (delay, timer) in out.timers {
            self.queue.push(self.now + delay, Item::Timer { node, incarnation: inc, timer });
        }
        for (to, msg) in out.sends {
            let latency = self.rng.range(self.topo.config.net.latency_min_ms, self.topo.config.net.latency_max_ms);
            let summary = summarize(&msg, &self.topo);
            let kind = msg.kind();
            let env = self.net.send(node, to, msg, self.now, latency);
            self.queue.push(env.deliver_at, Item::Deliver(env.id));
            self.push_event(EventKind::Sent { env: env.id, from: node, to, kind, summary }, &mut events);
        }
        events
    }

    /// Runs `f` against one node with a fresh context, then flushes what it produced.
    fn with_node(&mut self, node: NodeId, f: impl FnOnce(&mut Sim, &mut Ctx)) -> Vec<Event> {
        let mut out = Out::default();
        let topo = Arc::clone(&self.topo);
        {
            let mut ctx = Ctx { now: self.now, topo: &topo, out: &mut out };
            f(self, &mut ctx);
        }
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
            Some(e) => self.node_up(e.to),
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
            NodeId::Producer(p) => {
                if let Ok(i) = self.producer_index(Some(p)) {
                    self.producers[i].on_message(from, msg, ctx);
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
            NodeId::Producer(p) => {
                if let Ok(i) = self.producer_index(Some(p)) {
                    self.producers[i].on_timer(timer, ctx);
                }
            }
        }
    }

    /// Applies a learner's or lesson's intent now. Invalid intents are refused with a clear error
    /// and change nothing.
    pub fn apply(&mut self, action: Action) -> Result<Vec<Event>, ActionError> {
        let events = self.apply_inner(&action)?;
        self.actions.push((self.items, action));
        Ok(events)
    }

    fn apply_inner(&mut self, action: &Action) -> Result<Vec<Event>, ActionError> {
        match action {
            Action::Produce { topic, key, value, count, partition, producer } => {
                let pi = self.producer_index(*producer)?;
                if let Some(t) = self.producers[pi].txn.as_ref().filter(|t| t.state != TxnClientState::InTransaction) {
                    return Err(ActionError::new(format!("Cannot call send in state {:?}: call beginTransaction() first", t.state)));
                }
                let Some(pids) = self.topo.topics.get(topic).cloned() else {
                    return Err(ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: topic '{topic}' does not exist")));
                };
                if *count == 0 || *count > MAX_PRODUCE_COUNT {
                    return Err(ActionError::new(format!("count must be between 1 and {MAX_PRODUCE_COUNT}, not {count}")));
                }
                if let Some(p) = partition {
                    if *p as usize >= pids.len() {
                        return Err(ActionError::new(format!(
                            "UNKNOWN_TOPIC_OR_PARTITION: {topic} has partitions 0..{}, not {p}", pids.len() - 1)));
                    }
                }
                let node = NodeId::Producer(self.producers[pi].id);
                let (key, value, count, partition) = (key.clone(), value.clone(), *count, *partition);
                let mut refused = None;
                let events = self.with_node(node, |sim, ctx| {
                    for i in 0..count {
                        let id = sim.ledger.next_id();
                        let v = value.clone().unwrap_or_else(|| format!("v{id}"));
                        let v = if count > 1 && value.is_some() { format!("{v}-{i}") } else { v };
                        let p = &mut sim.producers[pi];
                        let pidx = p.choose_partition(&pids, key.as_deref(), &v, partition, &mut sim.rng, ctx.topo);
                        let size = estimated_record_size(key.as_deref(), &v);
                        if !p.has_room(pidx, size) {
                            refused = Some(format!("buffer.memory ({} bytes) is full: send() would block for max.block.ms; {} of {count} record(s) were sent",
                                p.config().buffer_memory, i));
                            break;
                        }
                        sim.ledger.produced(id, key.clone(), v, pidx, p.acks(), ctx.now);
                        p.send(id, size, pidx, ctx);
                    }
                });
                match refused {
                    Some(m) if events.is_empty() => Err(ActionError::new(m)),
                    _ => Ok(events),
                }
            }
            Action::RestartProducer { producer } => {
                let pi = self.producer_index(*producer)?;
                let node = NodeId::Producer(self.producers[pi].id);
                Ok(self.with_node(node, |sim, ctx| {
                    let resend = sim.producers[pi].restart(ctx);
                    ctx.out.event(EventKind::ProducerRestarted { producer: sim.producers[pi].id, resent: resend.len() as u64 });
                    for (id, pidx) in resend {
                        let size = sim.ledger.get(id).map_or(0, |r| estimated_record_size(r.key.as_deref(), &r.value));
                        sim.producers[pi].send(id, size, pidx, ctx);
                    }
                }))
            }
            Action::BeginTransaction { producer } => {
                let pi = self.producer_index(*producer)?;
                self.producers[pi].begin_transaction().map_err(ActionError::new)?;
                let mut events = Vec::new();
                let tid = self.producers[pi].txn.as_ref().map(|t| t.transactional_id.clone()).unwrap_or_default();
                self.push_event(EventKind::TxnStateChanged { transactional_id: tid, state: "InTransaction (client)".into() }, &mut events);
                Ok(events)
            }
            Action::CommitTransaction { producer } | Action::AbortTransaction { producer } => {
                let commit = matches!(action, Action::CommitTransaction { .. });
                let pi = self.producer_index(*producer)?;
                let node = NodeId::Producer(self.producers[pi].id);
                let mut result = Ok(());
                let events = self.with_node(node, |sim, ctx| result = sim.producers[pi].end_transaction(commit, ctx));
                result.map_err(ActionError::new)?;
                Ok(events)
            }
            Action::AddProducer { transactional_id } => {
                let id = self.producers.iter().map(|p| p.id).max().unwrap_or(0) + 1;
                let mut cfg = self.topo.config.producer.clone();
                cfg.transactional_id = transactional_id.clone();
                cfg.validate().map_err(|e| ActionError::new(e.message))?;
                if cfg.transactional_id.is_some() {
                    self.ensure_txn_topic()?;
                }
                self.producers.push(Producer::new(id, &cfg, self.topo.partitions.len()));
                let state = self.controller.partitions.clone();
                let i = self.producers.len() - 1;
                Ok(self.with_node(NodeId::Producer(id), |sim, ctx| sim.producers[i].boot(&state, ctx)))
            }
            Action::CrashBroker { broker } => {
                let i = self.broker_index(*broker)?;
                if !self.brokers[i].is_up() {
                    return Err(ActionError::new(format!("Broker {broker} is already down")));
                }
                self.brokers[i].crash();
                let mut events = Vec::new();
                self.push_event(EventKind::BrokerCrashed { broker: *broker }, &mut events);
                Ok(events)
            }
            Action::StopBroker { broker } => {
                let i = self.broker_index(*broker)?;
                if self.brokers[i].status != BrokerStatus::Running {
                    return Err(ActionError::new(format!("Broker {broker} is not running")));
                }
                Ok(self.with_node(NodeId::Broker(*broker), |sim, ctx| sim.brokers[i].begin_shutdown(ctx)))
            }
            Action::RestartBroker { broker } => {
                let i = self.broker_index(*broker)?;
                if self.brokers[i].is_up() {
                    return Err(ActionError::new(format!("Broker {broker} is already running")));
                }
                self.brokers[i].incarnation += 1;
                Ok(self.with_node(NodeId::Broker(*broker), |sim, ctx| sim.brokers[i].restart(ctx)))
            }
            Action::Isolate { node } => {
                self.check_node(*node)?;
                self.net.isolated.insert(*node);
                let mut events = Vec::new();
                self.push_event(EventKind::NodeIsolated { node: *node }, &mut events);
                Ok(events)
            }
            Action::Heal { node } => {
                self.check_node(*node)?;
                self.net.isolated.remove(node);
                let mut events = Vec::new();
                self.push_event(EventKind::NodeHealed { node: *node }, &mut events);
                Ok(events)
            }
            Action::DropNext { kind, from, to } => {
                for n in from.iter().chain(to.iter()) {
                    self.check_node(*n)?;
                }
                self.net.drop_rules.push(DropRule { kind: *kind, from: *from, to: *to });
                let mut events = Vec::new();
                self.push_event(EventKind::DropArmed { kind: *kind }, &mut events);
                Ok(events)
            }
            Action::DropEnvelope { id } => {
                if self.net.doom(*id) {
                    Ok(Vec::new())
                } else {
                    Err(ActionError::new(format!("Message #{id} is not on the wire any more")))
                }
            }
            Action::AddPartitions { topic, partitions } => self.add_partitions(topic, *partitions),
            Action::SetConfig { key, value } => {
                let mut cfg = self.topo.config.clone();
                cfg.set(key, value).map_err(|e| ActionError::new(e.message))?;
                cfg.validate().map_err(|e| ActionError::new(e.message))?;
                let mut topo = (*self.topo).clone();
                for (pi, part) in topo.partitions.iter_mut().enumerate() {
                    let spec = cfg.topics.iter().find(|t| t.name == part.tp.topic).expect("topic of partition");
                    part.min_isr = cfg.min_insync_for(spec);
                    part.unclean = cfg.unclean_for(spec);
                    let _ = pi;
                }
                topo.config = cfg;
                let producer_config = topo.config.producer.clone();
                self.topo = Arc::new(topo);
                if producer_config.transactional_id.is_some() {
                    self.ensure_txn_topic()?;
                }
                let mut events = self.with_node(NodeId::Producer(1), |sim, ctx| sim.producers[0].reconfigure(&producer_config, ctx));
                self.push_event(EventKind::ConfigChanged { key: key.clone(), value: value.clone() }, &mut events);
                // A newly allowed unclean election may now bring offline partitions back.
                let alive: Vec<BrokerId> = self.brokers.iter().filter(|b| b.is_up()).map(|b| b.id).collect();
                events.extend(self.with_node(NodeId::Controller, |sim, ctx| sim.controller.reelect_offline(&alive, ctx)));
                Ok(events)
            }
        }
    }

    /// Creates `__transaction_state` (as the first FindCoordinator for a transactional.id does).
    fn ensure_txn_topic(&mut self) -> Result<Vec<Event>, ActionError> {
        if self.topo.topics.contains_key(TXN_TOPIC) {
            return Ok(Vec::new());
        }
        let b = &self.topo.config.broker;
        let rf = b.transaction_state_log_replication_factor.min(self.topo.config.brokers.len() as u32);
        let mut spec = super::TopicSpec::new(TXN_TOPIC, 0, rf);
        spec.configs.insert("min.insync.replicas".into(), b.transaction_state_log_min_isr.to_string());
        let partitions = b.transaction_state_log_num_partitions;
        self.grow_topic(TXN_TOPIC, partitions, Some(spec))
    }

    fn add_partitions(&mut self, topic: &str, total: u32) -> Result<Vec<Event>, ActionError> {
        self.grow_topic(topic, total, None)
    }

    /// Grows `topic` to `total` partitions, creating it from `new_spec` if it does not exist.
    fn grow_topic(&mut self, topic: &str, total: u32, new_spec: Option<super::TopicSpec>) -> Result<Vec<Event>, ActionError> {
        let mut cfg = self.topo.config.clone();
        if let Some(spec) = new_spec {
            cfg.topics.push(spec);
        }
        let Some(ti) = cfg.topics.iter().position(|t| t.name == topic) else {
            return Err(ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: topic '{topic}' does not exist")));
        };
        let current = cfg.topics[ti].partitions;
        if total <= current {
            // InvalidPartitionsException, as kafka-topics.sh prints it.
            return Err(ActionError::new(format!(
                "The number of partitions for a topic can only be increased. Topic {topic} currently has {current} partitions, {total} would not be an increase.")));
        }
        cfg.topics[ti].partitions = total;
        let explicit = cfg.topics[ti].assignment.take();
        cfg.validate().map_err(|e| ActionError::new(e.message))?;
        let full = assign_replicas(&cfg).map_err(ActionError::new)?;
        let new_lists: Vec<Vec<BrokerId>> = full[ti][current as usize..].to_vec();
        self.controller.check_new_partitions(&new_lists).map_err(ActionError::new)?;
        if let Some(mut a) = explicit {
            a.extend(new_lists.iter().cloned());
            cfg.topics[ti].assignment = Some(a);
        }
        let mut topo = (*self.topo).clone();
        let spec = cfg.topics[ti].clone();
        for p in current..total {
            let pidx = topo.partitions.len();
            topo.partitions.push(PartInfo {
                tp: super::TopicPartition::new(topic, p),
                min_isr: cfg.min_insync_for(&spec),
                unclean: cfg.unclean_for(&spec),
            });
            topo.topics.entry(topic.to_string()).or_default().push(pidx);
            self.active_leader.push(None);
            self.last_unclean.push(false);
        }
        topo.config = cfg;
        self.topo = Arc::new(topo);
        let mut events = Vec::new();
        self.push_event(EventKind::PartitionsAdded { topic: topic.to_string(), from: current, to: total }, &mut events);
        events.extend(self.with_node(NodeId::Controller, |sim, ctx| sim.controller.add_partitions(&new_lists, ctx)));
        Ok(events)
    }

    fn check_node(&self, node: NodeId) -> Result<(), ActionError> {
        match node {
            NodeId::Broker(b) => self.broker_index(b).map(|_| ()),
            NodeId::Controller => Ok(()),
            NodeId::Producer(p) => self.producer_index(Some(p)).map(|_| ()),
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
