//! A broker's side of ZooKeeper mode: the controller's LeaderAndIsr, UpdateMetadata and
//! StopReplica requests (`controller_zk.rs` sends them).

use super::broker::Broker;
use super::net::{Msg, PartitionState};
use super::{Ctx, EventKind};

impl Broker {
    pub(crate) fn on_zk_request(&mut self, msg: Msg, ctx: &mut Ctx) {
        let epoch = match &msg {
            Msg::LeaderAndIsr { controller_epoch, .. } | Msg::UpdateMetadata { controller_epoch, .. }
            | Msg::StopReplica { controller_epoch, .. } => *controller_epoch,
            _ => return,
        };
        // ReplicaManager: a request from an older controller epoch is refused.
        if epoch < self.controller_epoch {
            ctx.out.event(EventKind::StaleControllerEpoch { broker: self.id, kind: msg.kind(), epoch, current: self.controller_epoch });
            return;
        }
        self.controller_epoch = epoch;
        match msg {
            Msg::LeaderAndIsr { partitions, .. } => {
                // ReplicaManager.becomeLeaderOrFollower: a partition whose leader epoch is older
                // than the one this replica has is skipped.
                let newer: Vec<PartitionState> = partitions.into_iter().filter(|s| self.replicas.get(&s.pidx).is_none_or(|r| {
                    (s.leader_epoch, s.partition_epoch) >= (r.state.leader_epoch, r.state.partition_epoch)
                })).collect();
                self.apply_roles(&newer, ctx);
            }
            Msg::UpdateMetadata { partitions, ineligible, .. } => {
                // ZkMetadataCache.updateMetadata replaces each partition's state as sent: the cache
                // is what the controller last pushed, so until an UpdateMetadata arrives clients
                // asking this broker are sent to the old leader (the stale-metadata hazard).
                for s in partitions {
                    self.metadata.insert(s.pidx, s);
                }
                self.set_ineligible(ineligible, ctx);
            }
            Msg::StopReplica { pidxs, .. } => {
                for p in pidxs {
                    self.delete_replica(p, ctx);
                }
            }
            _ => {}
        }
    }
}
