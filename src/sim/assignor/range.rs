//! `org.apache.kafka.clients.consumer.RangeAssignor`, rack-unaware path (no consumer racks, so
//! `TopicAssignmentState.needsRackAwareAssignment` is false and the lists are not re-sorted).

use super::{member_info_cmp, Group, Tp};

/// RangeAssignor.assignPartitions. Returns partitions per member (indexes of `group.members`).
pub(crate) fn assign(group: &Group) -> Vec<Vec<Tp>> {
    let mut assignment: Vec<Vec<Tp>> = vec![Vec::new(); group.members.len()];

    // RangeAssignor.consumersPerTopic: members in HashMap order, once per topic in their subscription.
    let consumers_for = |topic: &str| -> Vec<usize> {
        let mut list: Vec<usize> = Vec::new();
        for &i in &group.map_order {
            for t in &group.members[i].topics {
                if t == topic {
                    list.push(i);
                }
            }
        }
        list
    };

    // RangeAssignor.assignPartitions: one TopicAssignmentState per partitionsPerTopic entry, in
    // that HashMap's order; assignRanges appends each topic's range to the member's list.
    for (topic, count) in group.partitions_per_topic() {
        let mut members = consumers_for(&topic);
        // TopicAssignmentState: Collections.sort(members) by MemberInfo.compareTo (stable).
        members.sort_by(|&a, &b| member_info_cmp(group.members[a], group.members[b]));
        // TopicAssignmentState.consumers: a LinkedHashMap keyed by member id (duplicates keep the first).
        let mut consumers: Vec<usize> = Vec::new();
        for m in members {
            if !consumers.contains(&m) {
                consumers.push(m);
            }
        }
        if consumers.is_empty() {
            continue;
        }
        let n = consumers.len() as u64;
        let per_consumer = count as u64 / n;
        let mut remaining_with_extra = count as u64 % n;
        let mut next_partition: u64 = 0;
        // RangeAssignor.assignRanges with mayAssign = (c, tp) -> true.
        for c in consumers {
            if next_partition >= count as u64 {
                break;
            }
            // TopicAssignmentState.maxAssignable (nothing assigned to c for this topic yet).
            let max = per_consumer + u64::from(remaining_with_extra > 0);
            let take = max.min(count as u64 - next_partition);
            if take == 0 {
                continue;
            }
            for p in next_partition..next_partition + take {
                assignment[c].push((topic.clone(), p as u32));
            }
            next_partition += take;
            // TopicAssignmentState.onAssigned: a member above numPartitionsPerConsumer used one extra.
            if take > per_consumer {
                remaining_with_extra -= 1;
            }
        }
    }
    assignment
}
