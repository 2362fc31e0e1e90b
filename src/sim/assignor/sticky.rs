//! `org.apache.kafka.clients.consumer.internals.AbstractStickyAssignor` (the shared sticky core,
//! rack-unaware: no consumer racks, so `RackInfo` is empty) and
//! `org.apache.kafka.clients.consumer.StickyAssignor` (eager: owned partitions come from userData).

use super::{
    java_cmp, java_string_hash, java_tp_hash, Group, JavaHashOrder, MemberSubscription, StickyOutput, Tp,
    DEFAULT_GENERATION,
};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

/// `AbstractStickyAssignor.MemberData` plus the subscription fields the core reads.
pub(crate) struct CoreMember {
    /// `Subscription.topics()`.
    pub topics: Vec<String>,
    /// `MemberData.partitions`.
    pub partitions: Vec<Tp>,
    /// `MemberData.generation.orElse(DEFAULT_GENERATION)`.
    pub generation: i32,
    /// `Subscription.generationId().orElse(DEFAULT_GENERATION)` (read for the other claimant in
    /// `allSubscriptionsEqual`).
    pub subscription_generation: i32,
}

/// What the core returns: the assignment per member (indexes of `group.members`) and
/// `partitionsTransferringOwnership` (None = general algorithm, which sets it to null).
pub(crate) struct CoreResult {
    pub assignment: Vec<Vec<Tp>>,
    pub transferring: Option<Vec<(Tp, usize)>>,
}

pub(crate) fn generation_of(m: &MemberSubscription) -> i32 {
    m.generation.unwrap_or(DEFAULT_GENERATION)
}

/// Owned partitions a Kafka cluster could never report: a partition number at or past the
/// topic's partition count. Kafka would hand such a phantom partition back to its owner
/// (and its unassigned-partition walk would then double-assign); we drop them up front.
pub(crate) fn sane_owned(group: &Group, m: &MemberSubscription) -> Vec<Tp> {
    m.owned_partitions
        .iter()
        .filter(|(t, p)| group.metadata.get(t).is_none_or(|&n| *p < n))
        .cloned()
        .collect()
}

/// StickyAssignor.serializeTopicPartitionAssignment → deserializeTopicPartitionAssignment: the
/// userData round trip groups partitions by topic through CollectionUtils.groupPartitionsByTopic
/// (a HashMap), so topics come back in HashMap order, partitions in their original order.
fn user_data_round_trip(partitions: &[Tp]) -> Vec<Tp> {
    let mut topics = JavaHashOrder::new();
    for (t, _) in partitions {
        topics.insert(t.clone(), java_string_hash(t));
    }
    let mut out = Vec::with_capacity(partitions.len());
    for t in topics.keys() {
        out.extend(partitions.iter().filter(|(pt, _)| *pt == t).cloned());
    }
    out
}

/// StickyAssignor (eager): StickyAssignor.memberData reads owned partitions + generation from userData.
pub(crate) fn assign_eager(group: &Group) -> StickyOutput {
    let core: Vec<CoreMember> = group
        .members
        .iter()
        .map(|m| CoreMember {
            topics: m.topics.clone(),
            partitions: user_data_round_trip(&sane_owned(group, m)),
            generation: generation_of(m),
            subscription_generation: generation_of(m),
        })
        .collect();
    let r = assign_core(group, &core);
    let names = |v: Vec<(Tp, usize)>| {
        v.into_iter()
            .map(|(tp, c)| (tp, group.members[c].member_id.clone()))
            .collect()
    };
    (r.assignment, r.transferring.map(names))
}

/// AbstractStickyAssignor.assignPartitions (rack-unaware).
pub(crate) fn assign_core(group: &Group, core: &[CoreMember]) -> CoreResult {
    let n = group.members.len();
    // partitionsPerTopic: subscribed topics with metadata.
    let mut ppt: BTreeMap<String, u32> = BTreeMap::new();
    for m in core {
        for t in &m.topics {
            if let Some(&c) = group.metadata.get(t) {
                ppt.insert(t.clone(), c);
            }
        }
    }
    // Java String order of member ids, for the TreeSet/Collections.sort comparators.
    let mut by_rank: Vec<usize> = (0..n).collect();
    by_rank.sort_by(|&a, &b| java_cmp(&group.members[a].member_id, &group.members[b].member_id).then(a.cmp(&b)));
    let mut rank = vec![0usize; n];
    for (r, &i) in by_rank.iter().enumerate() {
        rank[i] = r;
    }

    let prep = all_subscriptions_equal(group, core, &ppt);
    if prep.equal {
        let (assignment, transferring) = constrained(group, &ppt, prep.owned, &prep.multiple, &rank);
        CoreResult {
            assignment,
            transferring: Some(transferring),
        }
    } else {
        let assignment = General::new(group, core, &ppt, prep.owned, rank, by_rank).build(prep.max_generation);
        CoreResult {
            assignment,
            transferring: None,
        }
    }
}

struct Prep {
    equal: bool,
    max_generation: i32,
    /// consumerToOwnedPartitions, per member index.
    owned: Vec<Vec<Tp>>,
    /// partitionsWithMultiplePreviousOwners.
    multiple: HashSet<Tp>,
}

/// List.remove(Object): drops the first occurrence.
fn remove_first(list: &mut Vec<Tp>, tp: &Tp) -> bool {
    match list.iter().position(|x| x == tp) {
        Some(i) => {
            list.remove(i);
            true
        }
        None => false,
    }
}

/// AbstractStickyAssignor.allSubscriptionsEqual: also collects each member's still-valid owned
/// partitions and the partitions claimed by several members of the same generation.
fn all_subscriptions_equal(group: &Group, core: &[CoreMember], ppt: &BTreeMap<String, u32>) -> Prep {
    let mut equal = true;
    let mut subscribed: BTreeSet<&str> = BTreeSet::new();
    let mut prev_owner: HashMap<Tp, usize> = HashMap::new();
    let mut owned: Vec<Vec<Tp>> = vec![Vec::new(); core.len()];
    let mut multiple: HashSet<Tp> = HashSet::new();
    let mut max_generation = DEFAULT_GENERATION;
    for &c in &group.map_order {
        let m = &core[c];
        // allSubscriptionsEqual: the first member seeds the set (so an EMPTY first subscription
        // lets the next member seed it — Kafka's quirk, reproduced).
        if subscribed.is_empty() {
            subscribed.extend(m.topics.iter().map(String::as_str));
        } else if equal
            && !(m.topics.len() == subscribed.len() && m.topics.iter().all(|t| subscribed.contains(t.as_str())))
        {
            equal = false;
        }
        let generation = m.generation;
        max_generation = max_generation.max(generation);
        for tp in &m.partitions {
            if !ppt.contains_key(&tp.0) {
                continue;
            }
            match prev_owner.get(tp).copied() {
                None => {
                    owned[c].push(tp.clone());
                    prev_owner.insert(tp.clone(), c);
                }
                Some(other) => {
                    let other_generation = core[other].subscription_generation;
                    match generation.cmp(&other_generation) {
                        // allSubscriptionsEqual: same generation → invalidate for both.
                        Ordering::Equal => {
                            multiple.insert(tp.clone());
                            remove_first(&mut owned[other], tp);
                            prev_owner.insert(tp.clone(), c);
                        }
                        // allSubscriptionsEqual: the higher generation wins the partition.
                        Ordering::Greater => {
                            owned[c].push(tp.clone());
                            remove_first(&mut owned[other], tp);
                            prev_owner.insert(tp.clone(), c);
                        }
                        Ordering::Less => {}
                    }
                }
            }
        }
    }
    Prep {
        equal,
        max_generation,
        owned,
        multiple,
    }
}

/// AbstractStickyAssignor.ConstrainedAssignmentBuilder (all subscriptions equal).
fn constrained(
    group: &Group,
    ppt: &BTreeMap<String, u32>,
    current: Vec<Vec<Tp>>,
    multiple: &HashSet<Tp>,
    rank: &[usize],
) -> (Vec<Vec<Tp>>, Vec<(Tp, usize)>) {
    let n = current.len();
    let mut assignment: Vec<Vec<Tp>> = vec![Vec::new(); n];
    let mut transferring: Vec<(Tp, usize)> = Vec::new();
    let total: u64 = ppt.values().map(|&c| c as u64).sum();
    if n == 0 || total == 0 {
        return (assignment, transferring);
    }
    let total = total as usize;
    // ConstrainedAssignmentBuilder(): quotas.
    let min_quota = total / n;
    let max_quota = total.div_ceil(n);
    let expected_over = total % n;
    let mut current_over = 0usize;
    let mut all_revoked: HashSet<Tp> = HashSet::new();
    let mut under_min: Vec<usize> = Vec::new();
    let mut exactly_min: VecDeque<usize> = VecDeque::new();
    let mut assigned: Vec<Tp> = Vec::new();

    // ConstrainedAssignmentBuilder.assignOwnedPartitions: members in currentAssignment (HashMap) order.
    for &c in &group.map_order {
        let mut owned = current[c].clone();
        // assignOwnedPartitions: owned partitions sorted by partition, then topic.
        owned.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| java_cmp(&a.0, &b.0)));
        // assignOwnedPartitions: drop partitions claimed by several members of one generation.
        for dc in multiple {
            remove_first(&mut owned, dc);
        }
        if owned.len() < min_quota {
            assignment[c].extend(owned.iter().cloned());
            assigned.extend(owned);
            under_min.push(c);
        } else if owned.len() >= max_quota && current_over < expected_over {
            current_over += 1;
            if current_over == expected_over {
                exactly_min.clear();
            }
            assignment[c].extend(owned[..max_quota].iter().cloned());
            assigned.extend(owned[..max_quota].iter().cloned());
            all_revoked.extend(owned[max_quota..].iter().cloned());
        } else {
            assignment[c].extend(owned[..min_quota].iter().cloned());
            assigned.extend(owned[..min_quota].iter().cloned());
            all_revoked.extend(owned[min_quota..].iter().cloned());
            if current_over < expected_over {
                exactly_min.push_back(c);
            }
        }
    }

    let unassigned = constrained_unassigned(ppt, assigned);

    // ConstrainedAssignmentBuilder.build: Collections.sort on both unfilled lists (member id order).
    under_min.sort_by_key(|&c| rank[c]);
    exactly_min.make_contiguous().sort_by_key(|&c| rank[c]);

    // ConstrainedAssignmentBuilder.assignRoundRobin, with a cursor standing for the LinkedList iterator.
    let mut cursor = 0usize;
    for tp in unassigned {
        let (consumer, from_iterator) = if cursor < under_min.len() {
            cursor += 1;
            (under_min[cursor - 1], true)
        } else if under_min.is_empty() && exactly_min.is_empty() {
            // Kafka throws IllegalStateException("No more unfilled consumers to be assigned.").
            break;
        } else if under_min.is_empty() {
            match exactly_min.pop_front() {
                Some(c) => (c, false),
                None => break,
            }
        } else {
            cursor = 1;
            (under_min[0], true)
        };
        // ConstrainedAssignmentBuilder.assignNewPartition: revoked or doubly-claimed → transferring.
        assignment[consumer].push(tp.clone());
        if all_revoked.contains(&tp) || multiple.contains(&tp) {
            transferring.retain(|(t, _)| *t != tp);
            transferring.push((tp.clone(), consumer));
        }
        let count = assignment[consumer].len();
        if count == min_quota {
            if from_iterator && cursor > 0 {
                under_min.remove(cursor - 1);
                cursor -= 1;
            }
            exactly_min.push_back(consumer);
        }
        // (Kafka also counts members reaching maxQuota here, but only for its error checks and
        // verifyUnfilledMembers, which cannot change the result.)
    }
    (assignment, transferring)
}

/// ConstrainedAssignmentBuilder.getUnassignedPartitions: all partitions of the topics sorted by
/// name, minus the assigned ones (two-pointer walk over the assigned list sorted by topic, partition).
fn constrained_unassigned(ppt: &BTreeMap<String, u32>, mut assigned: Vec<Tp>) -> Vec<Tp> {
    let mut topics: Vec<(&String, u32)> = ppt.iter().map(|(t, &c)| (t, c)).collect();
    topics.sort_by(|a, b| java_cmp(a.0, b.0));
    let all = topics.iter().flat_map(|&(t, c)| (0..c).map(move |p| (t.clone(), p)));
    if assigned.is_empty() {
        return all.collect();
    }
    assigned.sort_by(|a, b| java_cmp(&a.0, &b.0).then(a.1.cmp(&b.1)));
    two_pointer_difference(all, &assigned)
}

/// The two-pointer difference both getUnassignedPartitions use (assigned must be non-empty).
fn two_pointer_difference(all: impl Iterator<Item = Tp>, sorted_assigned: &[Tp]) -> Vec<Tp> {
    let mut out = Vec::new();
    let mut next = 0usize;
    let mut add_directly = false;
    for tp in all {
        if add_directly || sorted_assigned.get(next) != Some(&tp) {
            out.push(tp);
        } else if next + 1 < sorted_assigned.len() {
            next += 1;
        } else {
            add_directly = true;
        }
    }
    out
}

/// AbstractStickyAssignor.PartitionMovements.
#[derive(Default)]
struct PartitionMovements {
    by_topic: HashMap<String, HashMap<(usize, usize), JavaHashOrder<Tp>>>,
    movements: HashMap<Tp, (usize, usize)>,
}

impl PartitionMovements {
    /// PartitionMovements.removeMovementRecordOfPartition.
    fn remove_record(&mut self, tp: &Tp) -> Option<(usize, usize)> {
        let pair = self.movements.remove(tp)?;
        if let Some(for_topic) = self.by_topic.get_mut(&tp.0) {
            if let Some(set) = for_topic.get_mut(&pair) {
                set.remove(tp);
                if set.is_empty() {
                    for_topic.remove(&pair);
                }
            }
            if for_topic.is_empty() {
                self.by_topic.remove(&tp.0);
            }
        }
        Some(pair)
    }

    /// PartitionMovements.addPartitionMovementRecord.
    fn add_record(&mut self, tp: Tp, pair: (usize, usize)) {
        self.movements.insert(tp.clone(), pair);
        let hash = java_tp_hash(&tp);
        self.by_topic
            .entry(tp.0.clone())
            .or_default()
            .entry(pair)
            .or_insert_with(JavaHashOrder::new)
            .insert(tp, hash);
    }

    /// PartitionMovements.movePartition.
    fn move_partition(&mut self, tp: &Tp, old: usize, new: usize) {
        if self.movements.contains_key(tp) {
            if let Some((src, _dst)) = self.remove_record(tp) {
                if src != new {
                    self.add_record(tp.clone(), (src, new));
                }
            }
        } else {
            self.add_record(tp.clone(), (old, new));
        }
    }

    /// PartitionMovements.getTheActualPartitionToBeMoved: prefer undoing an opposite movement of
    /// the same topic (first partition of that HashSet, in Java iteration order).
    fn actual_partition_to_move(&self, tp: &Tp, old: usize, new: usize) -> Tp {
        let Some(for_topic) = self.by_topic.get(&tp.0) else {
            return tp.clone();
        };
        let old = self.movements.get(tp).map_or(old, |&(src, _)| src);
        match for_topic.get(&(new, old)).and_then(JavaHashOrder::first) {
            Some(other) => other,
            None => tp.clone(),
        }
    }
}

/// AbstractStickyAssignor.GeneralAssignmentBuilder (subscriptions differ).
struct General<'g> {
    group: &'g Group<'g>,
    core: &'g [CoreMember],
    ppt: &'g BTreeMap<String, u32>,
    total: usize,
    rank: Vec<usize>,
    by_rank: Vec<usize>,
    /// topic2AllPotentialConsumers (consumers in subscription-map order).
    topic2consumers: BTreeMap<String, Vec<usize>>,
    /// consumer2AllPotentialTopics (subscription order, topics with metadata only).
    consumer2topics: Vec<Vec<String>>,
    /// currentAssignment; None = taken out as a fixed assignment during balance().
    current: Vec<Option<Vec<Tp>>>,
    /// currentPartitionConsumer.
    cpc: HashMap<Tp, usize>,
    sorted_all: Vec<Tp>,
    /// sortedCurrentSubscriptions: TreeSet ordered by (assignment size, member id).
    sorted_subs: BTreeSet<(usize, usize)>,
    revocation_required: bool,
    movements: PartitionMovements,
}

impl<'g> General<'g> {
    /// GeneralAssignmentBuilder constructor.
    fn new(
        group: &'g Group<'g>,
        core: &'g [CoreMember],
        ppt: &'g BTreeMap<String, u32>,
        owned: Vec<Vec<Tp>>,
        rank: Vec<usize>,
        by_rank: Vec<usize>,
    ) -> Self {
        let mut topic2consumers: BTreeMap<String, Vec<usize>> = ppt.keys().map(|t| (t.clone(), Vec::new())).collect();
        let mut consumer2topics: Vec<Vec<String>> = vec![Vec::new(); core.len()];
        for &c in &group.map_order {
            for t in &core[c].topics {
                if let Some(list) = topic2consumers.get_mut(t) {
                    consumer2topics[c].push(t.clone());
                    list.push(c);
                }
            }
        }
        let mut cpc = HashMap::new();
        for &c in &group.map_order {
            for tp in &owned[c] {
                cpc.insert(tp.clone(), c);
            }
        }
        // GeneralAssignmentBuilder: sortedAllTopics by TopicComparator (potential consumers, then name).
        let mut topics: Vec<&String> = topic2consumers.keys().collect();
        topics.sort_by(|a, b| {
            topic2consumers[*a]
                .len()
                .cmp(&topic2consumers[*b].len())
                .then_with(|| java_cmp(a, b))
        });
        let sorted_all: Vec<Tp> = topics
            .iter()
            .flat_map(|&t| (0..ppt[t]).map(move |p| (t.clone(), p)))
            .collect();
        let total = ppt.values().map(|&c| c as usize).sum();
        General {
            group,
            core,
            ppt,
            total,
            rank,
            by_rank,
            topic2consumers,
            consumer2topics,
            current: owned.into_iter().map(Some).collect(),
            cpc,
            sorted_all,
            sorted_subs: BTreeSet::new(),
            revocation_required: false,
            movements: PartitionMovements::default(),
        }
    }

    fn size(&self, c: usize) -> Option<usize> {
        self.current[c].as_ref().map(Vec::len)
    }

    fn ts_remove(&mut self, c: usize) {
        if let Some(s) = self.size(c) {
            self.sorted_subs.remove(&(s, self.rank[c]));
        }
    }

    fn ts_add(&mut self, c: usize) {
        if let Some(s) = self.size(c) {
            self.sorted_subs.insert((s, self.rank[c]));
        }
    }

    fn ts_members(&self) -> Vec<usize> {
        self.sorted_subs.iter().map(|&(_, r)| self.by_rank[r]).collect()
    }

    /// GeneralAssignmentBuilder.build.
    fn build(mut self, max_generation: i32) -> Vec<Vec<Tp>> {
        let prev = self.prepopulate(max_generation);
        let assigned = self.assign_owned_partitions();
        let unassigned = self.unassigned_partitions(assigned);
        for c in self.group.map_order.clone() {
            self.ts_add(c);
        }
        self.balance(&prev, unassigned);
        self.current.into_iter().map(Option::unwrap_or_default).collect()
    }

    /// GeneralAssignmentBuilder.prepopulateCurrentAssignments: for partitions claimed by members
    /// below the max generation, remember the highest such claimant (first one wins ties).
    fn prepopulate(&self, max_generation: i32) -> HashMap<Tp, (usize, i32)> {
        let mut prev: HashMap<Tp, (usize, i32)> = HashMap::new();
        for &c in &self.group.map_order {
            let m = &self.core[c];
            if m.generation < max_generation {
                // updatePrevAssignment: only keep the latest previous assignment.
                for tp in &m.partitions {
                    match prev.get(tp) {
                        Some(&(_, g)) if m.generation <= g => {}
                        _ => {
                            prev.insert(tp.clone(), (c, m.generation));
                        }
                    }
                }
            }
        }
        prev
    }

    /// GeneralAssignmentBuilder.assignOwnedPartitions: keep owned partitions still subscribed.
    fn assign_owned_partitions(&mut self) -> Vec<Tp> {
        let mut assigned = Vec::new();
        for c in self.group.map_order.clone() {
            let Some(list) = self.current[c].take() else { continue };
            let mut kept = Vec::with_capacity(list.len());
            for tp in list {
                if !self.topic2consumers.contains_key(&tp.0) {
                    self.cpc.remove(&tp);
                } else if !self.core[c].topics.contains(&tp.0) {
                    // assignOwnedPartitions: no longer subscribed → revoke (currentPartitionConsumer keeps it).
                    self.revocation_required = true;
                } else {
                    assigned.push(tp.clone());
                    kept.push(tp);
                }
            }
            self.current[c] = Some(kept);
        }
        assigned
    }

    /// GeneralAssignmentBuilder.getUnassignedPartitions (assigned sorted by Utils.PartitionComparator).
    fn unassigned_partitions(&self, mut assigned: Vec<Tp>) -> Vec<Tp> {
        if assigned.is_empty() {
            return self.sorted_all.clone();
        }
        let t2c = &self.topic2consumers;
        let n = |t: &String| t2c.get(t).map_or(0, Vec::len);
        assigned.sort_by(|a, b| {
            n(&a.0)
                .cmp(&n(&b.0))
                .then_with(|| java_cmp(&a.0, &b.0))
                .then(a.1.cmp(&b.1))
        });
        two_pointer_difference(self.sorted_all.iter().cloned(), &assigned)
    }

    /// GeneralAssignmentBuilder.getMaxAssignmentSize.
    fn max_assignment_size(&self, c: usize) -> usize {
        let topics = &self.consumer2topics[c];
        if topics.len() == self.ppt.len() {
            self.total
        } else {
            topics
                .iter()
                .map(|t| self.ppt.get(t).copied().unwrap_or(0) as usize)
                .sum()
        }
    }

    /// GeneralAssignmentBuilder.maybeAssignPartition: the least-loaded subscribed member takes it.
    fn maybe_assign_partition(&mut self, tp: &Tp) -> bool {
        let candidate = self
            .ts_members()
            .into_iter()
            .find(|&c| self.consumer2topics[c].contains(&tp.0));
        let Some(c) = candidate else { return false };
        self.ts_remove(c);
        if let Some(list) = self.current[c].as_mut() {
            list.push(tp.clone());
        }
        self.cpc.insert(tp.clone(), c);
        self.ts_add(c);
        true
    }

    fn topic_consumers(&self, topic: &str) -> &[usize] {
        self.topic2consumers.get(topic).map_or(&[], Vec::as_slice)
    }

    /// GeneralAssignmentBuilder.canConsumerParticipateInReassignment.
    fn can_participate(&self, c: usize) -> bool {
        let Some(list) = self.current[c].as_ref() else {
            return false;
        };
        if list.len() < self.max_assignment_size(c) {
            return true;
        }
        list.iter().any(|tp| self.topic_consumers(&tp.0).len() >= 2)
    }

    /// GeneralAssignmentBuilder.balance.
    fn balance(&mut self, prev: &HashMap<Tp, (usize, i32)>, mut unassigned: Vec<Tp>) {
        let initializing = match self.sorted_subs.iter().next_back() {
            Some(&(_, r)) => self.size(self.by_rank[r]) == Some(0),
            None => return,
        };
        // balance: maybeAssign(partitionsToAssign, null, false).
        for tp in &unassigned {
            if self.topic_consumers(&tp.0).is_empty() {
                continue;
            }
            self.maybe_assign_partition(tp);
        }

        // balance: partitions of topics with fewer than two potential consumers cannot move.
        let fixed_topics: HashSet<&String> = self
            .topic2consumers
            .iter()
            .filter(|(_, cs)| cs.len() < 2)
            .map(|(t, _)| t)
            .collect();
        let is_fixed = |tp: &Tp| fixed_topics.contains(&tp.0);
        self.sorted_all.retain(|tp| !is_fixed(tp));
        unassigned.retain(|tp| !is_fixed(tp));
        drop(fixed_topics);

        // balance: members that cannot take part are set aside.
        let mut fixed_assignments: Vec<(usize, Vec<Tp>)> = Vec::new();
        for c in 0..self.current.len() {
            if !self.can_participate(c) {
                self.ts_remove(c);
                if let Some(list) = self.current[c].take() {
                    fixed_assignments.push((c, list));
                }
            }
        }

        let pre_balance = self.current.clone();
        let pre_balance_cpc = self.cpc.clone();

        // balance: without forced revocations, first try moving only the newly added partitions.
        if !self.revocation_required {
            self.perform_reassignments(&unassigned, prev);
        }
        let sorted_all = self.sorted_all.clone();
        let reassignment_performed = self.perform_reassignments(&sorted_all, prev);

        // balance: keep the result only if it is strictly more balanced (when not initializing).
        if !initializing && reassignment_performed && balance_score(&self.current) >= balance_score(&pre_balance) {
            self.current = pre_balance;
            self.cpc = pre_balance_cpc;
        }

        for (c, list) in fixed_assignments {
            self.current[c] = Some(list);
        }
    }

    /// GeneralAssignmentBuilder.performReassignments.
    fn perform_reassignments(&mut self, partitions: &[Tp], prev: &HashMap<Tp, (usize, i32)>) -> bool {
        let mut performed = false;
        loop {
            let mut modified = false;
            for tp in partitions {
                if self.is_balanced() {
                    break;
                }
                let Some(&consumer) = self.cpc.get(tp) else { continue };
                let Some(size) = self.size(consumer) else { continue };
                // performReassignments: move back to the previous (lower-generation) owner if it is 2+ behind.
                if let Some(&(prev_consumer, _)) = prev.get(tp) {
                    if let Some(prev_size) = self.size(prev_consumer) {
                        if size > prev_size + 1 {
                            self.reassign_to(tp, prev_consumer);
                            performed = true;
                            modified = true;
                            continue;
                        }
                    }
                }
                // performReassignments: otherwise move it if some potential consumer is 2+ behind.
                let better = self
                    .topic_consumers(&tp.0)
                    .iter()
                    .any(|&o| self.size(o).is_some_and(|s| size > s + 1));
                if better {
                    self.reassign(tp);
                    performed = true;
                    modified = true;
                }
            }
            if !modified {
                return performed;
            }
        }
    }

    /// GeneralAssignmentBuilder.isBalanced.
    fn is_balanced(&self) -> bool {
        let (Some(&(min, _)), Some(&(max, _))) = (self.sorted_subs.iter().next(), self.sorted_subs.iter().next_back())
        else {
            return true;
        };
        if min + 1 >= max {
            return true;
        }
        let mut owner: HashMap<&Tp, usize> = HashMap::new();
        for (c, list) in self.current.iter().enumerate() {
            for tp in list.iter().flatten() {
                owner.insert(tp, c);
            }
        }
        for c in self.ts_members() {
            let Some(list) = self.current[c].as_ref() else { continue };
            let count = list.len();
            if count == self.max_assignment_size(c) {
                continue;
            }
            for topic in &self.consumer2topics[c] {
                let n = self.ppt.get(topic).copied().unwrap_or(0);
                for p in 0..n {
                    let tp = (topic.clone(), p);
                    if list.contains(&tp) {
                        continue;
                    }
                    let Some(&other) = owner.get(&tp) else { continue };
                    if self.size(other).is_some_and(|s| count + 1 < s) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// GeneralAssignmentBuilder.reassignPartition(partition): to the least-loaded subscribed member.
    fn reassign(&mut self, tp: &Tp) {
        let target = self
            .ts_members()
            .into_iter()
            .find(|&c| self.consumer2topics[c].contains(&tp.0));
        if let Some(c) = target {
            self.reassign_to(tp, c);
        }
    }

    /// GeneralAssignmentBuilder.reassignPartition(partition, newConsumer).
    fn reassign_to(&mut self, tp: &Tp, new: usize) {
        let Some(&consumer) = self.cpc.get(tp) else { return };
        let moved = self.movements.actual_partition_to_move(tp, consumer, new);
        self.process_partition_movement(&moved, new);
    }

    /// GeneralAssignmentBuilder.processPartitionMovement.
    fn process_partition_movement(&mut self, tp: &Tp, new: usize) {
        let Some(&old) = self.cpc.get(tp) else { return };
        self.ts_remove(old);
        self.ts_remove(new);
        self.movements.move_partition(tp, old, new);
        if let Some(list) = self.current[old].as_mut() {
            remove_first(list, tp);
        }
        if let Some(list) = self.current[new].as_mut() {
            list.push(tp.clone());
        }
        self.cpc.insert(tp.clone(), new);
        self.ts_add(new);
        self.ts_add(old);
    }
}

/// GeneralAssignmentBuilder.getBalanceScore: sum of |size difference| over all member pairs.
fn balance_score(current: &[Option<Vec<Tp>>]) -> usize {
    let sizes: Vec<usize> = current.iter().flatten().map(Vec::len).collect();
    let mut score = 0;
    for i in 0..sizes.len() {
        for j in i + 1..sizes.len() {
            score += sizes[i].abs_diff(sizes[j]);
        }
    }
    score
}
