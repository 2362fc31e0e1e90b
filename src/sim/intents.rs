//! Intents: `Sim::apply` turns a learner's or a lesson's Action into changes of the world.
//! Invalid intents are refused with a clear error and change nothing.

use super::action::{Action, ActionError, MAX_PRODUCE_COUNT};
use super::broker::BrokerStatus;
use super::consumer::Consumer;
use super::event::{Event, EventKind};
use super::group::OFFSETS_TOPIC;
use super::net::DropRule;
use super::log::RecordKey;
use super::partitioner::estimated_record_size;
use super::placement::assign_replicas;
use super::producer::Producer;
use super::txn::TxnClientState;
use super::txn_coordinator::TXN_TOPIC;
use super::types::{BrokerId, NodeId};
use super::replay::Applied;
use super::{PartInfo, Sim};
use std::sync::Arc;

impl Sim {
    /// Applies a learner's or lesson's intent now. Invalid intents are refused with a clear error
    /// and change nothing.
    pub fn apply(&mut self, action: Action) -> Result<Vec<Event>, ActionError> {
        let events = self.apply_inner(&action)?;
        self.actions.push(Applied { position: self.items, time: self.now, action });
        Ok(events)
    }

    pub(crate) fn apply_inner(&mut self, action: &Action) -> Result<Vec<Event>, ActionError> {
        match action {
            Action::Produce { topic, key, value, count, partition, producer } => {
                self.produce(topic, key.as_deref(), value.as_deref(), *count, *partition, *producer, false)
            }
            Action::Tombstone { topic, key, partition, producer } => {
                self.produce(topic, Some(key), None, 1, *partition, *producer, true)
            }
            Action::RestartProducer { producer } => {
                let pi = self.producer_index(*producer)?;
                let node = NodeId::Producer(self.producers[pi].id);
                Ok(self.with_node(node, |sim, ctx| {
                    let resend = sim.producers[pi].restart(ctx);
                    ctx.out.event(EventKind::ProducerRestarted { producer: sim.producers[pi].id, resent: resend.len() as u64 });
                    for (id, pidx) in resend {
                        let life = sim.ledger.get(id);
                        let size = life.map_or(0, |r| estimated_record_size(r.key.as_deref(), &r.value));
                        let key = life.map_or_else(RecordKey::default, |r| RecordKey::of(r.key.as_deref(), r.tombstone));
                        sim.producers[pi].send(id, key, size, pidx, ctx);
                    }
                }))
            }
            Action::SendOffsetsToTransaction { producer, consumer } => {
                let pi = self.producer_index(*producer)?;
                let ci = self.consumer_index(*consumer)?;
                let c = &self.consumers[ci];
                let group = c.group.clone();
                let offsets: Vec<(super::net::Pidx, u64)> = c.positions.iter().filter_map(|(p, o)| o.map(|o| (*p, o))).collect();
                let node = NodeId::Producer(self.producers[pi].id);
                let mut result = Ok(());
                let events = self.with_node(node, |sim, ctx| result = sim.producers[pi].send_offsets_to_transaction(&group, offsets, ctx));
                result.map_err(ActionError::new)?;
                Ok(events)
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
                let held = self.brokers[i].held_requests();
                self.brokers[i].crash();
                let mut events = Vec::new();
                self.push_event(EventKind::BrokerCrashed { broker: *broker }, &mut events);
                // The dead process's sockets close: clients of requests it held see a disconnect
                // at once and retry (NetworkClient.handleDisconnections) instead of timing out.
                let mut out = super::Out::default();
                for (client, kind, req) in held {
                    out.send(client, super::net::Msg::Disconnected { kind, req: Some(req) });
                }
                events.extend(self.flush(NodeId::Broker(*broker), out));
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
            Action::StallReplication { broker, ms } => {
                let i = self.broker_index(*broker)?;
                if *ms > 3_600_000 {
                    return Err(ActionError::new("A stall can last at most one hour (3600000 ms)"));
                }
                let until = self.now() + ms;
                self.brokers[i].fetch_stalled_until = until;
                let mut events = Vec::new();
                self.push_event(EventKind::ReplicationStalled { broker: *broker, until }, &mut events);
                Ok(events)
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
            Action::ElectPreferredLeaders { topic, partition } => self.elect_preferred(topic.as_deref(), *partition),
            Action::ReassignPartition { topic, partition, replicas } => self.reassign_partition(topic, *partition, replicas),
            Action::CancelReassignment { topic, partition } => self.cancel_reassignment(topic, *partition).map(|(_, e)| e),
            Action::ChangeAddresses { brokers } => self.change_addresses(brokers),
            Action::StopZooKeeper { server } => self.set_zk_server(*server, false),
            Action::StartZooKeeper { server } => self.set_zk_server(*server, true),
            Action::DelayNext { kind, from, to, ms } => {
                for n in from.iter().chain(to.iter()) {
                    self.check_node(*n)?;
                }
                if *ms > 3_600_000 {
                    return Err(ActionError::new("A delay can last at most one hour (3600000 ms)"));
                }
                self.net.delay_rules.push((DropRule { kind: *kind, from: *from, to: *to }, *ms));
                Ok(Vec::new())
            }
            Action::AddConsumer { group, topics, instance_id } => self.add_consumer(group, topics, instance_id.clone(), false),
            Action::AddShareConsumer { group, topics } => self.add_consumer(group, topics, None, true),
            Action::CrashConsumer { consumer } => {
                let i = self.consumer_index(*consumer)?;
                if !self.consumers[i].is_up() {
                    return Err(ActionError::new(format!("Consumer {consumer} is already down")));
                }
                self.consumers[i].crash();
                let mut events = Vec::new();
                self.push_event(EventKind::ConsumerCrashed { consumer: *consumer }, &mut events);
                Ok(events)
            }
            Action::StopConsumer { consumer } => {
                let i = self.consumer_index(*consumer)?;
                if !self.consumers[i].is_up() {
                    return Err(ActionError::new(format!("Consumer {consumer} is already down")));
                }
                let id = *consumer;
                Ok(self.with_node(NodeId::Consumer(id), |sim, ctx| {
                    sim.consumers[i].stop(ctx);
                    ctx.out.event(EventKind::ConsumerStopped { consumer: id });
                }))
            }
            Action::RestartConsumer { consumer } => {
                let i = self.consumer_index(*consumer)?;
                if self.consumers[i].is_up() {
                    return Err(ActionError::new(format!("Consumer {consumer} is already running")));
                }
                self.consumers[i].incarnation += 1;
                let (id, group) = (*consumer, self.consumers[i].group.clone());
                Ok(self.with_node(NodeId::Consumer(id), |sim, ctx| {
                    sim.consumers[i].restart(ctx);
                    ctx.out.event(EventKind::ConsumerStarted { consumer: id, group });
                }))
            }
            Action::StallConsumer { consumer, ms } => {
                let i = self.consumer_index(*consumer)?;
                if !self.consumers[i].is_up() {
                    return Err(ActionError::new(format!("Consumer {consumer} is not running")));
                }
                if *ms > 3_600_000 {
                    return Err(ActionError::new("A stall can last at most one hour (3600000 ms)"));
                }
                let until = self.now() + ms;
                self.consumers[i].stalled_until = until;
                let mut events = Vec::new();
                self.push_event(EventKind::ConsumerStalled { consumer: *consumer, until }, &mut events);
                Ok(events)
            }
            Action::SlowConsumer { consumer, ms_per_record } => {
                let i = self.consumer_index(*consumer)?;
                if *ms_per_record > 600_000 {
                    return Err(ActionError::new("ms_per_record can be at most 600000 (10 minutes per record)"));
                }
                self.consumers[i].config.processing_ms_per_record = *ms_per_record;
                let mut events = Vec::new();
                self.push_event(EventKind::ConsumerSlowed { consumer: *consumer, ms_per_record: *ms_per_record }, &mut events);
                Ok(events)
            }
            Action::SetConfig { key, value } => {
                let mut cfg = self.topo.config.clone();
                cfg.set(key, value).map_err(|e| ActionError::new(e.message))?;
                let (was, now) = (&self.topo.config.metadata, &cfg.metadata);
                if (was.zookeeper, was.servers) != (now.zookeeper, now.servers) {
                    return Err(ActionError::new(format!(
                        "{key} is fixed when the cluster starts: set it in the lesson's [cluster] configs (or a new session's config)")));
                }
                cfg.validate().map_err(|e| ActionError::new(e.message))?;
                let mut topo = (*self.topo).clone();
                for (pi, part) in topo.partitions.iter_mut().enumerate() {
                    let spec = cfg.topics.iter().find(|t| t.name == part.tp.topic).expect("topic of partition");
                    part.min_isr = cfg.min_insync_for(spec);
                    part.unclean = cfg.unclean_for(spec);
                    part.compact = cfg.compact_for(spec);
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
            Action::CreateTopic { topic, partitions, replication_factor, configs } => self.create_topic(topic, *partitions, *replication_factor, configs),
            Action::AlterTopicConfig { topic, key, value } => self.alter_topic_config(topic, key, value),
            Action::ResetGroupOffsets { group, topic, offsets } => self.reset_group_offsets(group, topic, offsets),
        }
    }

    /// Creates `__transaction_state` (as the first FindCoordinator for a transactional.id does).
    pub(crate) fn ensure_txn_topic(&mut self) -> Result<Vec<Event>, ActionError> {
        self.ensure_internal_topic(TXN_TOPIC)
    }

    /// Creates an internal topic with Kafka's settings for it, if it does not exist yet
    /// (offsets.topic.replication.factor and transaction.state.log.replication.factor default to 3).
    pub(super) fn ensure_internal_topic(&mut self, name: &str) -> Result<Vec<Event>, ActionError> {
        if self.topo.topics.contains_key(name) {
            return Ok(Vec::new());
        }
        let b = &self.topo.config.broker;
        let (partitions, rf, min_isr) = if name == TXN_TOPIC {
            (b.transaction_state_log_num_partitions, b.transaction_state_log_replication_factor, b.transaction_state_log_min_isr)
        } else {
            (b.offsets_topic_num_partitions, 3, 1)
        };
        let rf = rf.min(self.topo.config.brokers.len() as u32);
        let mut spec = super::TopicSpec::new(name, 0, rf);
        spec.configs.insert("min.insync.replicas".into(), min_isr.to_string());
        self.grow_topic(name, partitions, Some(spec))
    }

    fn add_partitions(&mut self, topic: &str, total: u32) -> Result<Vec<Event>, ActionError> {
        self.grow_topic(topic, total, None)
    }

    /// Grows `topic` to `total` partitions, creating it from `new_spec` if it does not exist.
    pub(super) fn grow_topic(&mut self, topic: &str, total: u32, new_spec: Option<super::TopicSpec>) -> Result<Vec<Event>, ActionError> {
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
        self.controller_writable()?;
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
                compact: cfg.compact_for(&spec),
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

    /// A new consumer process in `group` (the cluster creates `__consumer_offsets` first).
    fn add_consumer(&mut self, group: &str, topics: &[String], instance_id: Option<String>, share: bool) -> Result<Vec<Event>, ActionError> {
        if group.is_empty() {
            return Err(ActionError::new("group.id must not be empty"));
        }
        if let Some(other) = self.consumers.iter().find(|c| c.group == group && c.share != share) {
            let (is, want) = if other.share { ("a share group", "consumer") } else { ("a consumer group", "share consumer") };
            return Err(ActionError::new(format!(
                "INCONSISTENT_GROUP_PROTOCOL: group '{group}' is {is} (consumer {} is in it); a {want} needs another group.id", other.id)));
        }
        let topics: Vec<String> = if topics.is_empty() { vec!["orders".to_string()] } else { topics.to_vec() };
        if let Some(t) = topics.iter().find(|t| !self.topo.topics.contains_key(*t)) {
            return Err(ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: topic '{t}' does not exist")));
        }
        if self.consumers.len() >= 50 {
            return Err(ActionError::new("At most 50 consumers can be simulated"));
        }
        let mut events = self.ensure_internal_topic(OFFSETS_TOPIC)?;
        if self.topo.group_index(group).is_none() {
            let mut topo = (*self.topo).clone();
            topo.groups.push(group.to_string());
            self.topo = Arc::new(topo);
        }
        let id = self.consumers.iter().map(|c| c.id).max().unwrap_or(0) + 1;
        let cfg = self.topo.config.consumer.clone();
        let mut consumer = Consumer::new(id, group, topics, instance_id, cfg);
        consumer.share = share;
        self.consumers.push(consumer);
        let i = self.consumers.len() - 1;
        let g = group.to_string();
        events.extend(self.with_node(NodeId::Consumer(id), |sim, ctx| {
            ctx.out.event(EventKind::ConsumerStarted { consumer: id, group: g });
            sim.consumers[i].start(ctx);
        }));
        Ok(events)
    }

    fn check_node(&self, node: NodeId) -> Result<(), ActionError> {
        match node {
            NodeId::Broker(b) => self.broker_index(b).map(|_| ()),
            NodeId::Controller => Ok(()),
            NodeId::ZooKeeper if self.zk.is_some() => Ok(()),
            NodeId::ZooKeeper => Err(ActionError::new("This cluster runs in KRaft mode: there is no ZooKeeper")),
            NodeId::Producer(p) => self.producer_index(Some(p)).map(|_| ()),
            NodeId::Consumer(c) => self.consumer_index(c).map(|_| ()),
        }
    }
}

impl Sim {
    /// `producer.send()` of `count` records (one tombstone when `tombstone`: a null value).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn produce(&mut self, topic: &str, key: Option<&str>, value: Option<&str>, count: u32, partition: Option<u32>,
               producer: Option<u32>, tombstone: bool) -> Result<Vec<Event>, ActionError> {
        let pi = self.producer_index(producer)?;
        if let Some(t) = self.producers[pi].txn.as_ref().filter(|t| t.state != TxnClientState::InTransaction) {
            return Err(ActionError::new(format!("Cannot call send in state {:?}: call beginTransaction() first", t.state)));
        }
        let Some(pids) = self.topo.topics.get(topic).cloned() else {
            return Err(ActionError::new(format!("UNKNOWN_TOPIC_OR_PARTITION: topic '{topic}' does not exist")));
        };
        if count == 0 || count > MAX_PRODUCE_COUNT {
            return Err(ActionError::new(format!("count must be between 1 and {MAX_PRODUCE_COUNT}, not {count}")));
        }
        if let Some(p) = partition {
            if p as usize >= pids.len() {
                return Err(ActionError::new(format!(
                    "UNKNOWN_TOPIC_OR_PARTITION: {topic} has partitions 0..{}, not {p}", pids.len() - 1)));
            }
        }
        let node = NodeId::Producer(self.producers[pi].id);
        let record_key = RecordKey::of(key, tombstone);
        let mut refused = None;
        let events = self.with_node(node, |sim, ctx| {
            for i in 0..count {
                let id = sim.ledger.next_id();
                let v = if tombstone { String::new() } else { value.map_or_else(|| format!("v{id}"), str::to_string) };
                let v = if count > 1 && value.is_some() { format!("{v}-{i}") } else { v };
                let p = &mut sim.producers[pi];
                let pidx = p.choose_partition(&pids, key, &v, partition, &mut sim.rng, ctx.topo);
                let size = estimated_record_size(key, &v);
                if !p.has_room(pidx, size) {
                    refused = Some(format!("buffer.memory ({} bytes) is full: send() would block for max.block.ms; {} of {count} record(s) were sent",
                        p.config().buffer_memory, i));
                    break;
                }
                sim.ledger.produced(id, key.map(str::to_string), v, pidx, p.acks(), ctx.now);
                if tombstone {
                    sim.ledger.mark_tombstone(id);
                }
                p.send(id, record_key, size, pidx, ctx);
            }
        });
        match refused {
            Some(m) if events.is_empty() => Err(ActionError::new(m)),
            _ => Ok(events),
        }
    }
}
