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
