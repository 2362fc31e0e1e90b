//! Java's hashing, where Kafka uses it to place things: `String.hashCode` and `Utils.abs`.
//! Coordinators are found by `Utils.abs(id.hashCode()) % partitions` (TransactionStateManager.partitionFor,
//! GroupMetadataManager.partitionFor).

/// java.lang.String.hashCode over UTF-16 code units.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// org.apache.kafka.common.utils.Utils.abs: Integer.MIN_VALUE maps to 0.
pub fn kafka_abs(n: i32) -> u32 {
    if n == i32::MIN { 0 } else { n.unsigned_abs() }
}

/// The coordinator partition for a transactional.id or group.id.
pub fn coordinator_partition(id: &str, partitions: u32) -> u32 {
    kafka_abs(java_string_hash(id)) % partitions.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_java() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("hello"), 99162322);
        // "polygenelubricants".hashCode() == Integer.MIN_VALUE in Java.
        assert_eq!(java_string_hash("polygenelubricants"), i32::MIN);
        assert_eq!(kafka_abs(i32::MIN), 0);
        assert_eq!(coordinator_partition("polygenelubricants", 50), 0);
        assert_eq!(java_string_hash("한"), 0xD55C);
    }
}
