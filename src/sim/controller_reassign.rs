//! Partition reassignment on the controller (ReplicationControlManager.alterPartitionReassignments):
//! start a move, finish it once every target replica is in the ISR, or cancel it
//! (PartitionReassignmentRevert). `kafka-reassign-partitions.sh` drives it (`terminal/reassign.rs`).

use super::controller::Controller;
use super::net::Pidx;
use super::types::BrokerId;
use super::{Ctx, EventKind};

impl Controller {
    /// AlterPartitionReassignments (ReplicationControlManager / PartitionReassignmentReplicas):
    /// the replica set becomes target + the current replicas not in it, so the new ones start
    /// fetching; once every target replica is in the ISR, `maybe_complete_reassignment` drops the
    /// others (and moves the leader if it is not a target).
    pub fn reassign(&mut self, pidx: Pidx, target: Vec<BrokerId>, ctx: &mut Ctx) -> Result<(), String> {
        if let Some(e) = self.no_quorum_error() {
            return Err(e);
        }
        let mut distinct = target.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if target.is_empty() || distinct.len() != target.len() {
            return Err(format!("INVALID_REPLICA_ASSIGNMENT: the target replicas {target:?} must be distinct and not empty"));
        }
        if let Some(b) = target.iter().find(|b| !self.brokers.contains_key(b)) {
            return Err(format!("INVALID_REPLICA_ASSIGNMENT: broker {b} is not registered"));
        }
        let Some(p) = self.partitions.get_mut(pidx) else { return Err("UNKNOWN_TOPIC_OR_PARTITION".into()) };
        if p.replicas == target {
            return Ok(());
        }
        let from = p.replicas.clone();
        let mut merged = target.clone();
        merged.extend(from.iter().copied().filter(|b| !target.contains(b)));
        p.replicas = merged;
        p.partition_epoch += 1;
        ctx.out.event(EventKind::ReassignmentStarted { tp: ctx.topo.tp(pidx).clone(), from: from.clone(), to: target.clone() });
        self.reassigning.insert(pidx, target);
        self.reassigning_from.entry(pidx).or_insert(from);
        let state = self.partitions[pidx].clone();
        self.publish(vec![state], None, ctx);
        self.maybe_complete_reassignment(pidx, ctx);
        Ok(())
    }

    /// Finishes a reassignment once every target replica is in the ISR.
    pub(crate) fn maybe_complete_reassignment(&mut self, pidx: Pidx, ctx: &mut Ctx) {
        let Some(target) = self.reassigning.get(&pidx).cloned() else { return };
        let p = &mut self.partitions[pidx];
        if !target.iter().all(|b| p.isr.contains(b)) {
            return;
        }
        p.replicas = target.clone();
        p.isr.retain(|b| target.contains(b));
        p.partition_epoch += 1;
        let leader_stays = p.leader.is_some_and(|l| target.contains(&l));
        let removed: Vec<BrokerId> = self.reassigning_from.get(&pidx).into_iter().flatten()
            .copied().filter(|b| !target.contains(b)).collect();
        self.reassigning.remove(&pidx);
        self.reassigning_from.remove(&pidx);
        if !leader_stays {
            self.elect(pidx, ctx);
        }
        ctx.out.event(EventKind::ReassignmentCompleted { tp: ctx.topo.tp(pidx).clone(), replicas: target });
        let state = self.partitions[pidx].clone();
        self.publish(vec![state], None, ctx);
        if Self::zk_mode(ctx) {
            self.send_stop_replica(pidx, &removed, ctx);
        }
    }

    /// `--cancel` (PartitionReassignmentRevert): back to the replicas it had before the move;
    /// the ISR keeps only those, and a leader outside them hands over. False when no move of this
    /// partition is going on.
    pub fn cancel_reassignment(&mut self, pidx: Pidx, ctx: &mut Ctx) -> Result<bool, String> {
        if let Some(e) = self.no_quorum_error() {
            return Err(e);
        }
        if self.reassigning.remove(&pidx).is_none() {
            return Ok(false);
        }
        let original = self.reassigning_from.remove(&pidx).unwrap_or_default();
        let p = &mut self.partitions[pidx];
        let dropped: Vec<BrokerId> = p.replicas.iter().copied().filter(|b| !original.contains(b)).collect();
        let kept: Vec<BrokerId> = p.isr.iter().copied().filter(|b| original.contains(b)).collect();
        // The ISR never becomes empty (as in remove_from_partitions).
        if !kept.is_empty() {
            p.isr = kept;
        }
        p.replicas = original.clone();
        p.partition_epoch += 1;
        if !p.leader.is_some_and(|l| original.contains(&l)) {
            self.elect(pidx, ctx);
        }
        ctx.out.event(EventKind::ReassignmentCancelled { tp: ctx.topo.tp(pidx).clone(), replicas: original.clone() });
        let state = self.partitions[pidx].clone();
        self.publish(vec![state], None, ctx);
        if Self::zk_mode(ctx) {
            self.send_stop_replica(pidx, &dropped, ctx);
        }
        Ok(true)
    }
}
