//! Which partition a record goes to, exactly as Kafka's producer decides
//! (BuiltInPartitioner.partitionForKey with Utils.murmur2; sticky partitioning for null keys, KIP-794).

/// Kafka's murmur2 (Utils.murmur2, seed 0x9747b28c), over the key's UTF-8 bytes.
pub fn murmur2(data: &[u8]) -> i32 {
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let len = data.len();
    let mut h: u32 = 0x9747_b28c ^ (len as u32);
    let chunks = data.chunks_exact(4);
    let tail = chunks.remainder();
    for c in chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    // The Java switch falls through from 3 to 2 to 1.
    if tail.len() >= 3 {
        h ^= (tail[2] as u32) << 16;
    }
    if tail.len() >= 2 {
        h ^= (tail[1] as u32) << 8;
    }
    if !tail.is_empty() {
        h ^= tail[0] as u32;
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Utils.toPositive: clears the sign bit (not `abs`, which breaks on i32::MIN).
pub fn to_positive(n: i32) -> u32 {
    (n as u32) & 0x7fff_ffff
}

/// The partition for a non-null key: counted over all partitions, available or not.
pub fn partition_for_key(key: &str, num_partitions: u32) -> u32 {
    to_positive(murmur2(key.as_bytes())) % num_partitions.max(1)
}

/// Rough serialized size of a record (DefaultRecord: ~ varint headers plus key and value),
/// used by the sticky partitioner to decide when `batch.size` bytes have gone to one partition.
pub fn estimated_record_size(key: Option<&str>, value: &str) -> u64 {
    21 + key.map_or(0, |k| k.len() as u64) + value.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur2_matches_kafka_utils_test() {
        // UtilsTest.testMurmur2 (also in shared conformance/murmur2.json, checked in tests/conformance.rs)
        assert_eq!(murmur2(b"21"), -973932308);
        assert_eq!(murmur2(b"foobar"), -790332482);
        assert_eq!(murmur2(b"abc"), 479470107);
    }

    #[test]
    fn to_positive_is_a_mask() {
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(-1), 0x7fff_ffff);
        assert_eq!(to_positive(5), 5);
    }

    #[test]
    fn empty_key_is_hashed() {
        let p = partition_for_key("", 7);
        assert_eq!(p, to_positive(murmur2(b"")) % 7);
    }
}

/// How records without a key (or all records) pick a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PartitionerKind {
    /// Kafka 3.3+ built-in partitioner: murmur2 for keys; null keys stick to one partition
    /// until batch.size bytes went there (KIP-794 "uniform sticky").
    BuiltIn,
    /// `org.apache.kafka.clients.producer.RoundRobinPartitioner`: every record, keyed or not,
    /// goes to the next available partition.
    RoundRobin,
    /// The pre-2.4 DefaultPartitioner: murmur2 for keys, per-record round-robin for null keys.
    LegacyRoundRobin,
}

impl PartitionerKind {
    /// Parses a `partitioner.class` value (full or simple class name; empty/null = built-in).
    pub fn from_class(v: &str) -> Option<Self> {
        match v.trim() {
            "" | "null" => Some(PartitionerKind::BuiltIn),
            "org.apache.kafka.clients.producer.RoundRobinPartitioner" | "RoundRobinPartitioner" => Some(PartitionerKind::RoundRobin),
            // Not a Kafka class: the playground's name for the pre-2.4 behaviour, for lessons.
            "legacy-round-robin" => Some(PartitionerKind::LegacyRoundRobin),
            _ => None,
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            PartitionerKind::BuiltIn => "null",
            PartitionerKind::RoundRobin => "org.apache.kafka.clients.producer.RoundRobinPartitioner",
            PartitionerKind::LegacyRoundRobin => "legacy-round-robin",
        }
    }
}

/// Per-topic partitioner state kept by the producer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionerState {
    /// Sticky partition (index within the topic) and bytes sent to it since it was picked.
    pub sticky: Option<(u32, u64)>,
    /// RoundRobinPartitioner's per-topic counter.
    pub counter: u32,
}

/// Everything the choice depends on. `available` lists the partitions (by number) that have a
/// known leader; `num_partitions` counts all partitions the producer knows of.
pub struct Choice<'a> {
    pub kind: PartitionerKind,
    pub ignore_keys: bool,
    pub key: Option<&'a str>,
    pub record_size: u64,
    pub batch_size: u64,
    pub num_partitions: u32,
    pub available: &'a [u32],
}

/// Picks a partition number. `random` is only called when a new sticky partition is needed.
pub fn choose(c: &Choice, state: &mut PartitionerState, mut random: impl FnMut(usize) -> usize) -> u32 {
    let n = c.num_partitions.max(1);
    let round_robin = |state: &mut PartitionerState| {
        let next = state.counter;
        state.counter = state.counter.wrapping_add(1);
        if c.available.is_empty() {
            to_positive(next as i32) % n
        } else {
            c.available[(to_positive(next as i32) as usize) % c.available.len()]
        }
    };
    match (c.kind, c.key) {
        (PartitionerKind::RoundRobin, _) => round_robin(state),
        (_, Some(k)) if !c.ignore_keys => partition_for_key(k, n),
        (PartitionerKind::LegacyRoundRobin, _) => round_robin(state),
        _ => {
            // BuiltInPartitioner: keep the sticky partition until batch.size bytes were produced to it.
            if let Some((p, bytes)) = state.sticky.as_mut() {
                if *bytes < c.batch_size && *p < n {
                    *bytes += c.record_size;
                    return *p;
                }
            }
            let p = if c.available.is_empty() { random(n as usize) as u32 } else { c.available[random(c.available.len())] };
            state.sticky = Some((p, c.record_size));
            p
        }
    }
}

#[cfg(test)]
mod choice_tests {
    use super::*;

    fn choice<'a>(kind: PartitionerKind, key: Option<&'a str>, available: &'a [u32]) -> Choice<'a> {
        Choice { kind, ignore_keys: false, key, record_size: 100, batch_size: 250, num_partitions: 3, available }
    }

    #[test]
    fn sticky_switches_after_batch_size_bytes() {
        let mut s = PartitionerState::default();
        let mut picks = vec![2, 0];
        let mut got = Vec::new();
        for _ in 0..4 {
            got.push(choose(&choice(PartitionerKind::BuiltIn, None, &[0, 1, 2]), &mut s, |_| picks.remove(0)));
        }
        // 100 + 100 + 100 bytes reach batch.size (250) after the third record.
        assert_eq!(got, vec![2, 2, 2, 0]);
    }

    #[test]
    fn round_robin_cycles_over_available_partitions_even_with_keys() {
        let mut s = PartitionerState::default();
        let got: Vec<u32> = (0..4).map(|_| choose(&choice(PartitionerKind::RoundRobin, Some("k"), &[0, 2]), &mut s, |_| 0)).collect();
        assert_eq!(got, vec![0, 2, 0, 2]);
    }

    #[test]
    fn keys_hash_over_all_partitions_available_or_not() {
        let mut s = PartitionerState::default();
        let p = choose(&choice(PartitionerKind::BuiltIn, Some("key0"), &[]), &mut s, |_| unreachable!());
        assert_eq!(p, partition_for_key("key0", 3));
    }
}
