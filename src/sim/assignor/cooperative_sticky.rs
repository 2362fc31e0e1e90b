//! `org.apache.kafka.clients.consumer.CooperativeStickyAssignor`: the sticky core on
//! `Subscription.ownedPartitions` + `generationId`, after which every partition that must change
//! owner is taken out of the new owner's list (the old owner revokes it first; a follow-up
//! rebalance hands it over). The result is what one round of the assignor returns.

use super::sticky::{assign_core, generation_of, sane_owned, CoreMember};
use super::{Group, StickyOutput, Tp};
use std::collections::HashSet;

/// CooperativeStickyAssignor.assign.
pub(crate) fn assign(group: &Group) -> StickyOutput {
    // CooperativeStickyAssignor.memberData: ownedPartitions as sent, generation from generationId.
    let core: Vec<CoreMember> = group
        .members
        .iter()
        .map(|m| CoreMember {
            topics: m.topics.clone(),
            partitions: sane_owned(group, m),
            generation: generation_of(m),
            subscription_generation: generation_of(m),
        })
        .collect();
    let result = assign_core(group, &core);
    let mut assignment = result.assignment;

    // CooperativeStickyAssignor.assign: the general algorithm leaves partitionsTransferringOwnership
    // null, so compute it (computePartitionsTransferringOwnership).
    let transferring: Vec<(Tp, usize)> = match &result.transferring {
        Some(t) => t.clone(),
        None => compute_transferring(&core, &assignment),
    };

    // CooperativeStickyAssignor.adjustAssignment: drop them from their new owner for this round.
    for (tp, c) in &transferring {
        if let Some(list) = assignment.get_mut(*c) {
            if let Some(i) = list.iter().position(|x| x == tp) {
                list.remove(i);
            }
        }
    }
    let core_transferring = result.transferring.map(|t| {
        t.into_iter()
            .map(|(tp, c)| (tp, group.members[c].member_id.clone()))
            .collect()
    });
    (assignment, core_transferring)
}

/// CooperativeStickyAssignor.computePartitionsTransferringOwnership: partitions newly assigned to
/// a member that some member (as it reported) owned and no longer gets.
fn compute_transferring(core: &[CoreMember], assignment: &[Vec<Tp>]) -> Vec<(Tp, usize)> {
    let mut added: Vec<(Tp, usize)> = Vec::new();
    let mut revoked: HashSet<&Tp> = HashSet::new();
    for (c, assigned) in assignment.iter().enumerate() {
        let owned: HashSet<&Tp> = core[c].partitions.iter().collect();
        for tp in assigned {
            if !owned.contains(tp) {
                added.push((tp.clone(), c));
            }
        }
        let assigned_set: HashSet<&Tp> = assigned.iter().collect();
        for tp in &core[c].partitions {
            if !assigned_set.contains(tp) {
                revoked.insert(tp);
            }
        }
    }
    added.retain(|(tp, _)| revoked.contains(tp));
    added
}
