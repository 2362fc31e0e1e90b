//! The controller in ZooKeeper mode (KafkaController before KRaft). Its decisions are the same
//! as in KRaft (`controller.rs`: who leads, who is in the ISR); what differs is how it learns and
//! how it tells:
//! - it learns of brokers from a ZooKeeper watch on /brokers/ids, not from heartbeats;
//! - every change is a ZooKeeper write, so without a ZooKeeper quorum nothing changes;
//! - it pushes LeaderAndIsr to the replicas, UpdateMetadata to every broker and StopReplica to a
//!   replica that was moved away, instead of brokers replaying one ordered metadata log.

use super::controller::{Controller, Registration};
use super::net::{Msg, PartitionState, Pidx};
use super::types::{BrokerId, NodeId};
use super::Ctx;

impl Controller {
    /// Whether the cluster runs in ZooKeeper mode.
    pub(crate) fn zk_mode(ctx: &Ctx) -> bool {
        ctx.topo.config.metadata.zookeeper
    }

    /// Metadata can change only while ZooKeeper has a quorum (every change is a znode write).
    /// Always true in KRaft mode.
    pub(crate) fn can_write(&self) -> bool {
        self.zk_quorum != Some(false)
    }

    /// Brokers with a live ZooKeeper session, as the controller last read /brokers/ids.
    fn live(&self) -> impl Iterator<Item = BrokerId> + '_ {
        self.brokers.iter().filter(|(_, r)| !r.fenced).map(|(b, _)| *b)
    }

    /// ControllerChannelManager: LeaderAndIsr to each live broker for the partitions it hosts,
    /// UpdateMetadata with every change to every live broker.
    pub(crate) fn send_zk_updates(&self, changed: &[PartitionState], ineligible: &[BrokerId], ctx: &mut Ctx) {
        for b in self.live().collect::<Vec<_>>() {
            self.send_zk_to(b, changed, ineligible, ctx);
        }
    }

    fn send_zk_to(&self, b: BrokerId, changed: &[PartitionState], ineligible: &[BrokerId], ctx: &mut Ctx) {
        let hosted: Vec<PartitionState> = changed.iter().filter(|p| p.replicas.contains(&b)).cloned().collect();
        if !hosted.is_empty() {
            ctx.out.send(NodeId::Broker(b), Msg::LeaderAndIsr { controller_epoch: self.controller_epoch, partitions: hosted });
        }
        self.send_update_metadata(b, changed, ineligible, ctx);
    }

    fn send_update_metadata(&self, b: BrokerId, partitions: &[PartitionState], ineligible: &[BrokerId], ctx: &mut Ctx) {
        ctx.out.send(NodeId::Broker(b), Msg::UpdateMetadata {
            controller_epoch: self.controller_epoch, partitions: partitions.to_vec(), ineligible: ineligible.to_vec(),
        });
    }

    /// StopReplica (delete) to the replicas a reassignment removed.
    pub(crate) fn send_stop_replica(&self, pidx: Pidx, removed: &[BrokerId], ctx: &mut Ctx) {
        for b in removed {
            ctx.out.send(NodeId::Broker(*b), Msg::StopReplica { controller_epoch: self.controller_epoch, pidxs: vec![pidx] });
        }
    }

    /// The /brokers/ids watch fired (BrokerChangeHandler): compare the live set read now with the
    /// registrations; a newer controller epoch means this broker has just become the controller
    /// (onControllerFailover), so every broker gets the whole state with the new epoch.
    pub(crate) fn on_zk_watch(&mut self, zxid: u64, live: Vec<(BrokerId, u32)>, controller_epoch: u32, ctx: &mut Ctx) {
        if zxid <= self.zk_zxid {
            return; // an older read of /brokers/ids than one already handled
        }
        self.zk_zxid = zxid;
        let failover = controller_epoch > self.controller_epoch;
        self.controller_epoch = self.controller_epoch.max(controller_epoch);
        // A broker whose session changed restarted in between: it is gone and back (a bounce).
        let bounced: Vec<BrokerId> = live.iter().filter(|(b, s)| self.zk_sessions.get(b).is_some_and(|old| old != s)
            && self.brokers.get(b).is_some_and(|r| !r.fenced)).map(|(b, _)| *b).collect();
        let ids: Vec<BrokerId> = live.iter().map(|(b, _)| *b).collect();
        let gone: Vec<BrokerId> = self.live().filter(|b| !ids.contains(b) || bounced.contains(b)).collect();
        let back: Vec<BrokerId> = ids.iter().copied()
            .filter(|b| self.brokers.get(b).is_none_or(|r| r.fenced) || bounced.contains(b)).collect();
        self.zk_sessions = live.into_iter().collect();
        for b in &gone {
            self.brokers.get_mut(b).expect("registered").fenced = true;
            self.remove_from_partitions(*b, ctx);
        }
        for b in &back {
            self.brokers.insert(*b, Registration { fenced: false, shutting_down: false, last_heartbeat: ctx.now, reported_offset: 0 });
        }
        let everything = self.partitions.clone();
        let ineligible = self.ineligible();
        if failover {
            self.send_zk_updates(&everything, &ineligible, ctx);
        } else if !back.is_empty() {
            // onBrokerStartup: LeaderAndIsr to the new brokers for what they host, and a full
            // UpdateMetadata to every live broker (which also mends a stale cache).
            for b in self.live().collect::<Vec<_>>() {
                if back.contains(&b) {
                    self.send_zk_to(b, &everything, &ineligible, ctx);
                } else {
                    self.send_update_metadata(b, &everything, &ineligible, ctx);
                }
            }
        }
        if !back.is_empty() {
            self.reelect_offline(&[], ctx);
        }
        self.publish_brokers(ctx);
    }

    /// ControlledShutdownRequest (KafkaController.doControlledShutdown): move the broker's
    /// leaderships and take it out of the ISRs; it may stop once it leads nothing.
    pub(crate) fn on_controlled_shutdown(&mut self, b: BrokerId, ctx: &mut Ctx) {
        if !self.can_write() {
            return; // the ZooKeeper writes cannot happen: the request waits and is retried
        }
        let Some(reg) = self.brokers.get_mut(&b) else { return };
        let first = !reg.shutting_down;
        reg.shutting_down = true;
        if first {
            self.remove_from_partitions(b, ctx);
        }
        let remaining = self.partitions.iter().filter(|p| p.leader == Some(b)).count() as u32;
        ctx.out.send(NodeId::Broker(b), Msg::ControlledShutdownResponse { partitions_remaining: remaining });
    }

    /// A refused admin operation's message while ZooKeeper has no quorum.
    pub(crate) fn no_quorum_error(&self) -> Option<String> {
        (!self.can_write()).then(|| {
            "REQUEST_TIMED_OUT: ZooKeeper has no quorum, so the controller cannot write the change".to_string()
        })
    }
}
