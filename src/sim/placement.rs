//! Replica placement when a topic is created: Kafka's round-robin assignment, rack-aware when
//! every broker has `broker.rack` (AdminUtils.assignReplicasToBrokersRackUnaware / RackAware).
//! Kafka starts at a random broker; we start at index 0 so lessons are predictable.

use super::config::ClusterConfig;
use super::types::BrokerId;
use std::collections::BTreeMap;

/// `replicaIndex` in AdminUtils: where the j-th follower goes, shifted per "round".
fn replica_index(first: usize, shift: usize, j: usize, n: usize) -> usize {
    let s = 1 + (shift + j) % (n - 1);
    (first + s) % n
}

fn rack_unaware(brokers: &[BrokerId], partitions: u32, rf: u32) -> Vec<Vec<BrokerId>> {
    let n = brokers.len();
    let (start, mut shift) = (0usize, 0usize);
    let mut out = Vec::new();
    for p in 0..partitions as usize {
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = (p + start) % n;
        let mut replicas = vec![brokers[first]];
        for j in 0..(rf as usize).saturating_sub(1) {
            replicas.push(brokers[replica_index(first, shift, j, n)]);
        }
        out.push(replicas);
    }
    out
}

/// Brokers ordered so consecutive ones sit in different racks (getRackAlternatedBrokerList).
fn rack_alternated(racks: &BTreeMap<String, Vec<BrokerId>>) -> Vec<BrokerId> {
    let mut iters: Vec<std::vec::IntoIter<BrokerId>> = racks.values().map(|v| v.clone().into_iter()).collect();
    let mut out = Vec::new();
    loop {
        let mut any = false;
        for it in iters.iter_mut() {
            if let Some(b) = it.next() {
                out.push(b);
                any = true;
            }
        }
        if !any {
            return out;
        }
    }
}

fn rack_aware(brokers: &[(BrokerId, String)], partitions: u32, rf: u32) -> Vec<Vec<BrokerId>> {
    let mut racks: BTreeMap<String, Vec<BrokerId>> = BTreeMap::new();
    for (b, r) in brokers {
        racks.entry(r.clone()).or_default().push(*b);
    }
    for v in racks.values_mut() {
        v.sort_unstable();
    }
    let rack_of: BTreeMap<BrokerId, &str> = brokers.iter().map(|(b, r)| (*b, r.as_str())).collect();
    let arranged = rack_alternated(&racks);
    let (n, num_racks) = (arranged.len(), racks.len());
    let mut shift = 0usize;
    let mut out = Vec::new();
    for p in 0..partitions as usize {
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = p % n;
        let leader = arranged[first];
        let mut replicas = vec![leader];
        let mut racks_used = vec![rack_of[&leader]];
        let mut k = 0usize;
        for _ in 1..rf {
            loop {
                let b = arranged[replica_index(first, shift * num_racks, k, n)];
                let r = rack_of[&b];
                k += 1;
                if (!racks_used.contains(&r) || racks_used.len() == num_racks)
                    && (!replicas.contains(&b) || replicas.len() == n)
                {
                    replicas.push(b);
                    // A set, as Kafka's racksWithReplicas: once every rack had a replica its size
                    // is numRacks. Pushing duplicates made it larger, and with a replication
                    // factor of numRacks + 2 no broker ever qualified: an endless loop (fuzzing:
                    // 6 brokers in 3 racks, replication_factor = 5).
                    if !racks_used.contains(&r) {
                        racks_used.push(r);
                    }
                    break;
                }
            }
        }
        out.push(replicas);
    }
    out
}

/// Replica lists for every partition of every topic, in topic order.
pub fn assign_replicas(config: &ClusterConfig) -> Result<Vec<Vec<Vec<BrokerId>>>, String> {
    let mut ids: Vec<BrokerId> = config.brokers.iter().map(|b| b.id).collect();
    ids.sort_unstable();
    let with_rack = config.brokers.iter().filter(|b| b.rack.is_some()).count();
    if with_rack != 0 && with_rack != config.brokers.len() {
        return Err("Not all brokers have rack information for replica rack aware assignment.".to_string());
    }
    let mut racked: Vec<(BrokerId, String)> =
        config.brokers.iter().filter_map(|b| b.rack.clone().map(|r| (b.id, r))).collect();
    racked.sort();
    Ok(config.topics.iter().map(|t| {
        if let Some(a) = &t.assignment {
            a.clone()
        } else if ids.len() == 1 {
            vec![vec![ids[0]]; t.partitions as usize]
        } else if with_rack > 0 {
            rack_aware(&racked, t.partitions, t.replication_factor)
        } else {
            rack_unaware(&ids, t.partitions, t.replication_factor)
        }
    }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::{BrokerSpec, TopicSpec};

    #[test]
    fn more_replicas_than_racks_are_placed() {
        // Fuzz finding: replication factor numRacks + 2 looped forever.
        let brokers: Vec<(BrokerId, String)> = (1..=6).map(|b| (b, ["a", "b", "c"][(b as usize - 1) / 2].to_string())).collect();
        for rf in 1..=6 {
            let a = rack_aware(&brokers, 6, rf);
            for replicas in &a {
                let mut distinct = replicas.clone();
                distinct.sort_unstable();
                distinct.dedup();
                assert_eq!(distinct.len(), rf as usize, "rf {rf}: {a:?}");
            }
        }
        let two_racks: Vec<(BrokerId, String)> = (1..=4).map(|b| (b, if b % 2 == 0 { "a" } else { "b" }.to_string())).collect();
        assert_eq!(rack_aware(&two_racks, 1, 4)[0].len(), 4);
    }

    #[test]
    fn round_robin_spreads_leaders_and_followers() {
        let a = rack_unaware(&[1, 2, 3], 3, 3);
        assert_eq!(a, vec![vec![1, 2, 3], vec![2, 3, 1], vec![3, 1, 2]]);
        // After a full round the follower shift moves (AdminUtils nextReplicaShift).
        let a = rack_unaware(&[1, 2, 3, 4], 5, 2);
        assert_eq!(a, vec![vec![1, 2], vec![2, 3], vec![3, 4], vec![4, 1], vec![1, 3]]);
    }

    #[test]
    fn rack_aware_puts_replicas_in_distinct_racks() {
        let mut c = ClusterConfig::with_brokers(6, vec![TopicSpec::new("t", 6, 3)]);
        let racks = ["a", "a", "b", "b", "c", "c"];
        c.brokers = (1..=6).map(|i| BrokerSpec { id: i, rack: Some(racks[i as usize - 1].into()) }).collect();
        let a = &assign_replicas(&c).unwrap()[0];
        for replicas in a {
            let mut rs: Vec<&str> = replicas.iter().map(|b| racks[*b as usize - 1]).collect();
            rs.sort_unstable();
            rs.dedup();
            assert_eq!(rs.len(), 3, "{replicas:?}");
        }
        let leaders: Vec<BrokerId> = a.iter().map(|r| r[0]).collect();
        let mut l = leaders.clone();
        l.sort_unstable();
        l.dedup();
        assert_eq!(l.len(), 6, "every broker leads one partition: {leaders:?}");
    }

    #[test]
    fn partial_racks_are_refused_like_kafka() {
        let mut c = ClusterConfig::default();
        c.brokers[0].rack = Some("a".into());
        assert!(assign_replicas(&c).unwrap_err().contains("rack"));
    }
}
