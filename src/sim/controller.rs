//! The controller (KRaft's active controller, drawn as one node): broker liveness by heartbeats,
//! leader election, and ISR changes. It is the only writer of partition state; brokers learn it
//! from MetadataUpdate (the metadata log they replay).

use super::config::ClusterConfig;
use super::net::{Msg, PartitionState, Pidx};
use super::types::{BrokerId, KafkaError, Millis, NodeId};
use super::{Ctx, EventKind, Timer};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub fenced: bool,
    pub shutting_down: bool,
    pub last_heartbeat: Millis,
    /// The metadata offset the broker reported in its previous heartbeat.
    pub reported_offset: u64,
}

#[derive(Clone, Debug)]
pub struct Controller {
    pub brokers: BTreeMap<BrokerId, Registration>,
    pub partitions: Vec<PartitionState>,
    /// Offset of the metadata log: one more for every published batch of partition changes.
    pub metadata_offset: u64,
    /// The fenced / shutting-down brokers as last published.
    published_ineligible: Vec<BrokerId>,
    /// Partitions being reassigned, with their target replicas (see `reassign`).
    pub reassigning: BTreeMap<Pidx, Vec<BrokerId>>,
    /// The replicas each of those partitions had when its reassignment started (to tell the
    /// adding replicas from the removing ones, as PartitionReassignmentReplicas does).
    pub reassigning_from: BTreeMap<Pidx, Vec<BrokerId>>,
    /// ZooKeeper mode: whether the ensemble has a quorum (kept by `Sim::set_zk_server`; `None`
    /// in KRaft mode), the controller epoch, and the last /brokers/ids read (`controller_zk.rs`).
    pub(crate) zk_quorum: Option<bool>,
    pub controller_epoch: u32,
    pub(crate) zk_zxid: u64,
    /// Each broker's ZooKeeper session as last read (a changed one is a restart).
    pub(crate) zk_sessions: BTreeMap<BrokerId, u32>,
}

impl Controller {
    /// Topic creation: the first replica of each list leads, every replica is in the ISR.
    pub fn new(config: &ClusterConfig, assignment: &[Vec<Vec<BrokerId>>]) -> Self {
        let brokers = config.brokers.iter()
            .map(|b| (b.id, Registration { fenced: false, shutting_down: false, last_heartbeat: 0, reported_offset: 0 }))
            .collect();
        let mut partitions = Vec::new();
        for topic in assignment {
            for replicas in topic {
                partitions.push(PartitionState {
                    pidx: partitions.len(),
                    leader: replicas.first().copied(),
                    leader_epoch: 0,
                    partition_epoch: 0,
                    replicas: replicas.clone(),
                    isr: replicas.clone(),
                });
            }
        }
        Controller { brokers, partitions, metadata_offset: 0, published_ineligible: Vec::new(), reassigning: BTreeMap::new(), reassigning_from: BTreeMap::new(),
            zk_quorum: None, controller_epoch: 0, zk_zxid: 0, zk_sessions: BTreeMap::new() }
    }

    pub fn boot(&mut self, ctx: &mut Ctx) {
        if Self::zk_mode(ctx) {
            return; // ZooKeeper tracks liveness and tells the controller by a watch
        }
        for b in self.brokers.keys() {
            ctx.out.timer(ctx.topo.config.broker.broker_session_timeout_ms, Timer::SessionCheck { broker: *b });
        }
    }

    /// Brokers that may lead or join an ISR: registered, unfenced and not shutting down.
    fn eligible(&self, b: BrokerId) -> bool {
        self.brokers.get(&b).is_some_and(|r| !r.fenced && !r.shutting_down)
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        let Timer::SessionCheck { broker } = timer else { return };
        let timeout = ctx.topo.config.broker.broker_session_timeout_ms;
        let Some(reg) = self.brokers.get(&broker) else { return };
        if reg.fenced {
            return;
        }
        let expires = reg.last_heartbeat + timeout;
        if ctx.now >= expires {
            // BrokerHeartbeatManager: no heartbeat within broker.session.timeout.ms → fence.
            self.brokers.get_mut(&broker).expect("registered").fenced = true;
            ctx.out.event(EventKind::BrokerFenced { broker });
            self.remove_from_partitions(broker, ctx);
        } else {
            ctx.out.timer(expires - ctx.now, Timer::SessionCheck { broker });
        }
    }

    pub fn on_message(&mut self, from: NodeId, msg: Msg, _alive: &[BrokerId], ctx: &mut Ctx) {
        if let Msg::ZkWatch { zxid, live, controller_epoch } = msg {
            return self.on_zk_watch(zxid, live, controller_epoch, ctx);
        }
        let NodeId::Broker(b) = from else { return };
        match msg {
            Msg::ControlledShutdown => self.on_controlled_shutdown(b, ctx),
            Msg::BrokerRegistration => {
                let was_fenced = self.brokers.get(&b).is_none_or(|r| r.fenced);
                self.brokers.insert(b, Registration { fenced: false, shutting_down: false, last_heartbeat: ctx.now, reported_offset: 0 });
                if was_fenced {
                    ctx.out.event(EventKind::BrokerUnfenced { broker: b });
                }
                ctx.out.send(from, self.full_metadata());
                self.publish_brokers(ctx);
                ctx.out.timer(ctx.topo.config.broker.broker_session_timeout_ms, Timer::SessionCheck { broker: b });
                self.reelect_offline(&[], ctx);
            }
            Msg::BrokerHeartbeat { want_shutdown, metadata_offset } => {
                let full = self.full_metadata();
                let latest = self.metadata_offset;
                let Some(reg) = self.brokers.get_mut(&b) else { return };
                reg.last_heartbeat = ctx.now;
                // A broker whose metadata offset has not moved for two heartbeats while it lags
                // missed an update: send it the whole state (KRaft brokers fetch what they miss).
                if !reg.fenced && metadata_offset < latest && metadata_offset == reg.reported_offset {
                    ctx.out.send(from, full.clone());
                }
                reg.reported_offset = metadata_offset;
                if reg.fenced {
                    if want_shutdown {
                        ctx.out.send(from, Msg::BrokerHeartbeatResponse { fenced: true, shutdown_allowed: true });
                        return;
                    }
                    // A fenced broker that is heard from again (e.g. after isolation) is let back in.
                    reg.fenced = false;
                    ctx.out.event(EventKind::BrokerUnfenced { broker: b });
                    ctx.out.send(from, full);
                    ctx.out.timer(ctx.topo.config.broker.broker_session_timeout_ms, Timer::SessionCheck { broker: b });
                    self.reelect_offline(&[], ctx);
                    self.publish_brokers(ctx);
                }
                let mut shutdown_allowed = false;
                if want_shutdown {
                    // Controlled shutdown (ReplicationControlManager.handleBrokerShutdown):
                    // move its leaderships and take it out of every ISR before it stops.
                    let first = !self.brokers[&b].shutting_down;
                    self.brokers.get_mut(&b).expect("registered").shutting_down = true;
                    if first {
                        self.remove_from_partitions(b, ctx);
                    }
                    shutdown_allowed = !self.partitions.iter().any(|p| p.leader == Some(b));
                }
                ctx.out.send(from, Msg::BrokerHeartbeatResponse { fenced: false, shutdown_allowed });
            }
            // Without a ZooKeeper quorum the ISR cannot be written: no answer, the leader retries.
            Msg::AlterPartition { pidx, leader_epoch, partition_epoch, new_isr } if self.can_write() => {
                self.alter_partition(b, pidx, leader_epoch, partition_epoch, new_isr, ctx)
            }
            _ => {}
        }
    }

    fn alter_partition(&mut self, from: BrokerId, pidx: Pidx, leader_epoch: u32, partition_epoch: u32,
                       new_isr: Vec<BrokerId>, ctx: &mut Ctx) {
        let Some(p) = self.partitions.get(pidx) else { return };
        let error = if p.leader != Some(from) || leader_epoch != p.leader_epoch {
            Some(KafkaError::FencedLeaderEpoch)
        } else if partition_epoch != p.partition_epoch {
            Some(KafkaError::InvalidUpdateVersion)
        } else if new_isr.iter().any(|b| !p.isr.contains(b) && !self.eligible(*b)) {
            Some(KafkaError::IneligibleReplica)
        } else {
            None
        };
        if error.is_none() {
            let old = p.isr.clone();
            let tp = ctx.topo.tp(pidx).clone();
            let removed: Vec<BrokerId> = old.iter().copied().filter(|b| !new_isr.contains(b)).collect();
            let added: Vec<BrokerId> = new_isr.iter().copied().filter(|b| !old.contains(b)).collect();
            let p = &mut self.partitions[pidx];
            p.isr = new_isr.clone();
            p.partition_epoch += 1;
            if !removed.is_empty() {
                ctx.out.event(EventKind::IsrShrink { tp: tp.clone(), removed, isr: new_isr.clone() });
            }
            if !added.is_empty() {
                ctx.out.event(EventKind::IsrExpand { tp, added, isr: new_isr });
            }
        }
        let state = self.partitions[pidx].clone();
        ctx.out.send(NodeId::Broker(from), Msg::AlterPartitionResponse { pidx, error, state: state.clone() });
        if error.is_none() {
            self.publish(vec![state], None, ctx);
            self.maybe_complete_reassignment(pidx, ctx);
        }
    }

    /// A broker is fenced or shutting down: drop it from ISRs and re-elect where it led.
    pub(crate) fn remove_from_partitions(&mut self, b: BrokerId, ctx: &mut Ctx) {
        let mut changed = Vec::new();
        for pidx in 0..self.partitions.len() {
            let p = &self.partitions[pidx];
            if !p.isr.contains(&b) && p.leader != Some(b) {
                continue;
            }
            let tp = ctx.topo.tp(pidx).clone();
            let mut new_isr: Vec<BrokerId> = p.isr.iter().copied().filter(|x| *x != b).collect();
            // The ISR never becomes empty: the last member stays, so it can come back as a clean leader.
            if new_isr.is_empty() {
                new_isr = p.isr.clone();
            } else if new_isr.len() < p.isr.len() {
                ctx.out.event(EventKind::IsrShrink { tp, removed: vec![b], isr: new_isr.clone() });
            }
            let was_leader = p.leader == Some(b);
            let p = &mut self.partitions[pidx];
            p.isr = new_isr;
            p.partition_epoch += 1;
            if was_leader {
                self.elect(pidx, ctx);
            }
            changed.push(self.partitions[pidx].clone());
        }
        self.publish(changed, None, ctx);
    }

    /// Picks a leader for one partition: the first live ISR member in replica order; otherwise,
    /// only if unclean.leader.election.enable, the first live replica; otherwise none (offline).
    pub(crate) fn elect(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        let tp = ctx.topo.tp(pidx).clone();
        let unclean_ok = ctx.topo.partitions[pidx].unclean;
        let p = &self.partitions[pidx];
        let clean = p.replicas.iter().copied().find(|r| p.isr.contains(r) && self.eligible(*r));
        let unclean = if clean.is_none() && unclean_ok {
            p.replicas.iter().copied().find(|r| self.eligible(*r))
        } else {
            None
        };
        let had_leader = p.leader.is_some();
        let p = &mut self.partitions[pidx];
        match (clean, unclean) {
            (Some(l), _) => {
                p.leader = Some(l);
                p.leader_epoch += 1;
                ctx.out.event(EventKind::LeaderElected { tp, leader: l, epoch: p.leader_epoch, isr: p.isr.clone(), unclean: false });
            }
            (None, Some(l)) => {
                p.leader = Some(l);
                p.leader_epoch += 1;
                p.isr = vec![l];
                ctx.out.event(EventKind::LeaderElected { tp, leader: l, epoch: p.leader_epoch, isr: p.isr.clone(), unclean: true });
            }
            (None, None) => {
                p.leader = None;
                if had_leader {
                    p.leader_epoch += 1;
                    ctx.out.event(EventKind::PartitionOffline { tp, isr: p.isr.clone() });
                }
            }
        }
    }

    /// ElectLeaders with ElectionType.PREFERRED (ReplicationControlManager.electLeader): the first
    /// replica takes over where it is eligible and in the ISR. Returns (elected, not needed, not
    /// available) and publishes the changes.
    pub fn elect_preferred(&mut self, pidxs: &[Pidx], ctx: &mut Ctx) -> (Vec<Pidx>, Vec<Pidx>, Vec<Pidx>) {
        let (mut elected, mut not_needed, mut not_available) = (Vec::new(), Vec::new(), Vec::new());
        let mut changed = Vec::new();
        for &pidx in pidxs {
            let Some(p) = self.partitions.get(pidx) else { continue };
            let Some(&preferred) = p.replicas.first() else { continue };
            if p.leader == Some(preferred) {
                not_needed.push(pidx);
                continue;
            }
            if !p.isr.contains(&preferred) || !self.eligible(preferred) {
                not_available.push(pidx);
                continue;
            }
            let p = &mut self.partitions[pidx];
            p.leader = Some(preferred);
            p.leader_epoch += 1;
            p.partition_epoch += 1;
            ctx.out.event(EventKind::LeaderElected {
                tp: ctx.topo.tp(pidx).clone(), leader: preferred, epoch: p.leader_epoch, isr: p.isr.clone(), unclean: false,
            });
            changed.push(p.clone());
            elected.push(pidx);
        }
        self.publish(changed, None, ctx);
        (elected, not_needed, not_available)
    }

    /// New partitions (CreatePartitions): the ISR is the live replicas, the first of them leads.
    pub fn check_new_partitions(&self, replica_lists: &[Vec<BrokerId>]) -> Result<(), String> {
        match replica_lists.iter().find(|r| !r.iter().any(|b| self.eligible(*b))) {
            Some(r) => Err(format!("INVALID_REPLICATION_FACTOR: none of the replicas {r:?} is alive")),
            None => Ok(()),
        }
    }

    pub fn add_partitions(&mut self, replica_lists: &[Vec<BrokerId>], ctx: &mut Ctx) {
        let mut created = Vec::new();
        for replicas in replica_lists {
            let isr: Vec<BrokerId> = replicas.iter().copied().filter(|b| self.eligible(*b)).collect();
            created.push(PartitionState {
                pidx: self.partitions.len() + created.len(),
                leader: isr.first().copied(),
                leader_epoch: 0,
                partition_epoch: 0,
                replicas: replicas.clone(),
                isr,
            });
        }
        self.partitions.extend(created.iter().cloned());
        self.publish(created, None, ctx);
    }

    /// Offline partitions get another chance whenever a broker comes back or a setting changes.
    pub fn reelect_offline(&mut self, _alive: &[BrokerId], ctx: &mut Ctx) {
        if !self.can_write() {
            return; // ZooKeeper mode without a quorum: no election can be written
        }
        let mut changed = Vec::new();
        for pidx in 0..self.partitions.len() {
            if self.partitions[pidx].leader.is_none() {
                self.elect(pidx, ctx);
                if self.partitions[pidx].leader.is_some() {
                    self.partitions[pidx].partition_epoch += 1;
                    changed.push(self.partitions[pidx].clone());
                }
            }
        }
        self.publish(changed, None, ctx);
    }

    /// Pushes changed partition records to every registered, unfenced broker (except `skip`,
    /// which already got them in its AlterPartition response).
    pub(crate) fn publish(&mut self, changed: Vec<PartitionState>, skip: Option<BrokerId>, ctx: &mut Ctx) {
        let ineligible = self.ineligible();
        if changed.is_empty() && ineligible == self.published_ineligible {
            return;
        }
        self.published_ineligible = ineligible.clone();
        self.metadata_offset += 1;
        if Self::zk_mode(ctx) {
            return self.send_zk_updates(&changed, &ineligible, ctx);
        }
        for (b, reg) in &self.brokers {
            if !reg.fenced && Some(*b) != skip {
                ctx.out.send(NodeId::Broker(*b), Msg::MetadataUpdate { offset: self.metadata_offset, partitions: changed.clone(), ineligible: ineligible.clone() });
            }
        }
    }

    /// Fenced or shutting-down brokers (ReplicationControlManager: not ISR-eligible).
    pub(crate) fn ineligible(&self) -> Vec<BrokerId> {
        self.brokers.iter().filter(|(_, r)| r.fenced || r.shutting_down).map(|(b, _)| *b).collect()
    }

    /// Publishes broker registration changes (fenced, unfenced, shutting down) on their own.
    pub(crate) fn publish_brokers(&mut self, ctx: &mut Ctx) {
        self.publish(Vec::new(), None, ctx);
    }

    fn full_metadata(&self) -> Msg {
        Msg::MetadataUpdate { offset: self.metadata_offset, partitions: self.partitions.clone(), ineligible: self.ineligible() }
    }
}
