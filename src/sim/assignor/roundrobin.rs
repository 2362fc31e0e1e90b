//! `org.apache.kafka.clients.consumer.RoundRobinAssignor`.

use super::{java_cmp, member_info_cmp, Group, Tp};

/// RoundRobinAssignor.assign. Returns partitions per member (indexes of `group.members`).
pub(crate) fn assign(group: &Group) -> Vec<Vec<Tp>> {
    let mut assignment: Vec<Vec<Tp>> = vec![Vec::new(); group.members.len()];

    // RoundRobinAssignor.assign: Utils.sorted(memberInfoList) — MemberInfo order, stable over the
    // HashMap order for ties.
    let mut ring: Vec<usize> = group.map_order.clone();
    ring.sort_by(|&a, &b| member_info_cmp(group.members[a], group.members[b]));
    if ring.is_empty() {
        return assignment;
    }

    // RoundRobinAssignor.allPartitionsSorted: a TreeSet of every subscribed topic (String order),
    // partitions 0..n of those with metadata.
    let mut topics: Vec<&String> = group.members.iter().flat_map(|m| m.topics.iter()).collect();
    topics.sort_by(|a, b| java_cmp(a, b));
    topics.dedup();

    // CircularIterator over the sorted members: skip members not subscribed to the topic.
    let mut cursor = 0usize;
    for topic in topics {
        let Some(&count) = group.metadata.get(topic.as_str()) else {
            continue;
        };
        if !ring.iter().any(|&m| group.members[m].topics.contains(topic)) {
            continue; // unreachable: the topic came from some subscription; never loop forever
        }
        for p in 0..count {
            while !group.members[ring[cursor]].topics.contains(topic) {
                cursor = (cursor + 1) % ring.len();
            }
            assignment[ring[cursor]].push((topic.clone(), p));
            cursor = (cursor + 1) % ring.len();
        }
    }
    assignment
}
