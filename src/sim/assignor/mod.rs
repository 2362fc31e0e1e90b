//! Kafka's classic consumer partition assignors, reproduced output-for-output (including the
//! ORDER of each member's partition list) from Apache Kafka's Java client:
//!
//! - [`Strategy::Range`]: `RangeAssignor` (rack-unaware path), see [`range`].
//! - [`Strategy::RoundRobin`]: `RoundRobinAssignor`, see [`roundrobin`].
//! - [`Strategy::Sticky`]: `StickyAssignor` = `AbstractStickyAssignor` with eager member data, see [`sticky`].
//! - [`Strategy::CooperativeSticky`]: `CooperativeStickyAssignor`, see [`cooperative_sticky`].
//!
//! Kafka's assignors receive members in a `java.util.HashMap<String, Subscription>`, and several
//! intermediate structures are `HashMap`s/`HashSet`s whose iteration order leaks into the result.
//! We treat the input slice as the order the members were `put` into that map and emulate Java's
//! iteration order with [`JavaHashOrder`] (the one deliberate helper for it).
//!
//! Pure and deterministic; never panics on any input.

pub mod cooperative_sticky;
pub mod range;
pub mod roundrobin;
pub mod sticky;

use serde_json::Value;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// One group member as the assignor sees it (`ConsumerPartitionAssignor.Subscription` + member id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberSubscription {
    pub member_id: String,
    /// `group.instance.id`; `None` = dynamic member.
    pub group_instance_id: Option<String>,
    /// Subscribed topics, in subscription order.
    pub topics: Vec<String>,
    /// `Subscription.ownedPartitions` (and, for the eager sticky assignor, its userData partitions).
    pub owned_partitions: Vec<(String, u32)>,
    /// Generation of `owned_partitions`; `None` (or -1) = `DEFAULT_GENERATION`.
    pub generation: Option<i32>,
}

/// The four classic `partition.assignment.strategy` assignors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strategy {
    Range,
    RoundRobin,
    Sticky,
    CooperativeSticky,
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::Range,
        Strategy::RoundRobin,
        Strategy::Sticky,
        Strategy::CooperativeSticky,
    ];

    /// Parses `ConsumerPartitionAssignor.name()`: range | roundrobin | sticky | cooperative-sticky.
    pub fn parse(s: &str) -> Result<Strategy, String> {
        match s.trim() {
            "range" => Ok(Strategy::Range),
            "roundrobin" => Ok(Strategy::RoundRobin),
            "sticky" => Ok(Strategy::Sticky),
            "cooperative-sticky" => Ok(Strategy::CooperativeSticky),
            other => Err(format!(
                "unknown assignment strategy {other:?} (expected range, roundrobin, sticky or cooperative-sticky)"
            )),
        }
    }

    /// `ConsumerPartitionAssignor.name()`.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Range => "range",
            Strategy::RoundRobin => "roundrobin",
            Strategy::Sticky => "sticky",
            Strategy::CooperativeSticky => "cooperative-sticky",
        }
    }
}

/// A partition, as the assignors pass it around (`TopicPartition`).
pub(crate) type Tp = (String, u32);

/// What the sticky assignors hand back: partitions per member index, and
/// `partitionsTransferringOwnership` (partition → new owner's member id; None = general algorithm).
pub(crate) type StickyOutput = (Vec<Vec<Tp>>, Option<Vec<(Tp, String)>>);

/// `AbstractStickyAssignor.DEFAULT_GENERATION`.
pub(crate) const DEFAULT_GENERATION: i32 = -1;

/// Everything one assignment produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AssignOutcome {
    /// member_id → partitions in the assignor's order; members in input order (first appearance).
    pub assignment: Vec<(String, Vec<(String, u32)>)>,
    /// Sticky assignors only: `AbstractStickyAssignor.partitionsTransferringOwnership` after the
    /// run, sorted by partition. `None` when the general algorithm ran (Kafka sets it to null) or
    /// for range/roundrobin.
    pub partitions_transferring_ownership: Option<Vec<((String, u32), String)>>,
}

/// Runs one assignment. `topics` = partitions per topic (the cluster metadata; a subscribed topic
/// missing here, or with 0 partitions, has no metadata and is ignored, as in
/// `AbstractPartitionAssignor.assign`). Returns member_id → partitions in the assignor's order,
/// members in input order. A member id given twice counts once, with its last subscription
/// (what `HashMap.put` does).
pub fn assign(
    strategy: Strategy,
    topics: &BTreeMap<String, u32>,
    members: &[MemberSubscription],
) -> Vec<(String, Vec<(String, u32)>)> {
    assign_with_details(strategy, topics, members).assignment
}

/// [`assign`], plus the sticky assignors' `partitionsTransferringOwnership`.
pub fn assign_with_details(
    strategy: Strategy,
    topics: &BTreeMap<String, u32>,
    members: &[MemberSubscription],
) -> AssignOutcome {
    let group = Group::new(topics, members);
    let (mut by_member, transferring) = match strategy {
        Strategy::Range => (range::assign(&group), None),
        Strategy::RoundRobin => (roundrobin::assign(&group), None),
        Strategy::Sticky => sticky::assign_eager(&group),
        Strategy::CooperativeSticky => cooperative_sticky::assign(&group),
    };
    let assignment = group
        .output_order
        .iter()
        .map(|&i| (group.members[i].member_id.clone(), std::mem::take(&mut by_member[i])))
        .collect();
    let partitions_transferring_ownership = transferring.map(|mut t: Vec<(Tp, String)>| {
        t.sort();
        t
    });
    AssignOutcome {
        assignment,
        partitions_transferring_ownership,
    }
}

/// The group as the Java assignors see it.
pub(crate) struct Group<'a> {
    /// Unique members; a repeated member id keeps its first slot and takes the last subscription.
    pub members: Vec<&'a MemberSubscription>,
    /// Indexes into `members` in `HashMap<String, Subscription>` iteration order.
    pub map_order: Vec<usize>,
    /// Indexes into `members` in input order (first appearance), for the output.
    pub output_order: Vec<usize>,
    /// Partition counts of topics that have metadata (count > 0).
    pub metadata: BTreeMap<String, u32>,
}

impl<'a> Group<'a> {
    fn new(topics: &BTreeMap<String, u32>, members: &'a [MemberSubscription]) -> Self {
        let mut unique: Vec<&'a MemberSubscription> = Vec::new();
        let mut slot: HashMap<&str, usize> = HashMap::new();
        let mut map = JavaHashOrder::new();
        for m in members {
            match slot.get(m.member_id.as_str()) {
                // HashMap.put on an existing key replaces the value and keeps the entry's place.
                Some(&i) => unique[i] = m,
                None => {
                    slot.insert(m.member_id.as_str(), unique.len());
                    map.insert(unique.len(), java_string_hash(&m.member_id));
                    unique.push(m);
                }
            }
        }
        let output_order = (0..unique.len()).collect();
        let map_order = map.keys();
        // AbstractPartitionAssignor.assign: topics with no (or empty) metadata are skipped.
        let metadata = topics
            .iter()
            .filter(|(_, &n)| n > 0)
            .map(|(t, &n)| (t.clone(), n))
            .collect();
        Group {
            members: unique,
            map_order,
            output_order,
            metadata,
        }
    }

    /// `partitionsPerTopic` exactly as AbstractPartitionAssignor.assign builds it: a HashSet of all
    /// subscribed topics (members in map order, topics in subscription order), then a HashMap of
    /// those with metadata, put in that set's order. Returned in the HashMap's iteration order.
    pub fn partitions_per_topic(&self) -> Vec<(String, u32)> {
        let mut all_subscribed = JavaHashOrder::new();
        for &i in &self.map_order {
            for t in &self.members[i].topics {
                all_subscribed.insert(t.clone(), java_string_hash(t));
            }
        }
        let mut per_topic = JavaHashOrder::new();
        for t in all_subscribed.keys() {
            if let Some(&n) = self.metadata.get(&t) {
                per_topic.insert((t.clone(), n), java_string_hash(&t));
            }
        }
        per_topic.keys()
    }
}

// ---------------------------------------------------------------------------------------------
// Java emulation helpers
// ---------------------------------------------------------------------------------------------

/// Java's `String.hashCode()`: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, wrapping i32.
pub(crate) fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// Kafka's `TopicPartition.hashCode()`: 31 * (31 + partition) + topic.hashCode().
pub(crate) fn java_tp_hash(tp: &Tp) -> i32 {
    31i32
        .wrapping_mul(31i32.wrapping_add(tp.1 as i32))
        .wrapping_add(java_string_hash(&tp.0))
}

/// Java's `String.compareTo`: lexicographic over UTF-16 code units, shorter prefix first.
pub(crate) fn java_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The iteration order of a `java.util.HashMap` / `HashSet` created with the default capacity.
///
/// Java iterates bucket by bucket, bucket index = `(h ^ (h >>> 16)) & (n - 1)` for the table
/// size `n` (16, doubled whenever size exceeds 0.75·n, or when a bin reaches 9 nodes while
/// n < 64 — `treeifyBin` resizes instead of treeifying), and within a bucket in insertion order
/// (new nodes go to the tail; a resize splits a bin preserving relative order; removal never
/// shrinks the table). Not modelled: bins that really become trees (9+ keys colliding in one
/// bucket of a table of 64+), whose order Java rearranges.
#[derive(Clone, Debug)]
pub(crate) struct JavaHashOrder<K> {
    /// (key, spread hash, insertion sequence number)
    entries: Vec<(K, u32, u64)>,
    table_len: u32,
    next_seq: u64,
}

impl<K: Clone + PartialEq> JavaHashOrder<K> {
    pub fn new() -> Self {
        JavaHashOrder {
            entries: Vec::new(),
            table_len: 16,
            next_seq: 0,
        }
    }

    /// `HashMap.put` / `HashSet.add` for a key whose Java `hashCode()` is `hash`.
    /// Returns false (and keeps the entry's place) when the key is already present.
    pub fn insert(&mut self, key: K, hash: i32) -> bool {
        if self.entries.iter().any(|(k, _, _)| *k == key) {
            return false;
        }
        let h = hash as u32;
        let spread = h ^ (h >> 16);
        let bin_len = self
            .entries
            .iter()
            .filter(|(_, s, _)| self.bucket(*s) == self.bucket(spread))
            .count();
        self.entries.push((key, spread, self.next_seq));
        self.next_seq += 1;
        // HashMap.putVal: appending the 9th+ node of a bin calls treeifyBin, which resizes when n < 64.
        if bin_len >= 8 && self.table_len < 64 {
            self.table_len *= 2;
        }
        // HashMap.putVal: `if (++size > threshold) resize()`, threshold = 0.75·n.
        if self.entries.len() as u64 > (self.table_len as u64 * 3) / 4 && self.table_len < (1 << 30) {
            self.table_len *= 2;
        }
        true
    }

    /// `HashMap.remove` / `HashSet.remove`.
    pub fn remove(&mut self, key: &K) -> bool {
        match self.entries.iter().position(|(k, _, _)| k == key) {
            Some(i) => {
                self.entries.remove(i);
                true
            }
            None => false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn bucket(&self, spread: u32) -> u32 {
        spread & (self.table_len - 1)
    }

    /// Keys in Java iteration order.
    pub fn keys(&self) -> Vec<K> {
        let mut order: Vec<&(K, u32, u64)> = self.entries.iter().collect();
        order.sort_by_key(|(_, s, seq)| (self.bucket(*s), *seq));
        order.into_iter().map(|(k, _, _)| k.clone()).collect()
    }

    /// The first key in Java iteration order (`iterator().next()`).
    pub fn first(&self) -> Option<K> {
        self.entries
            .iter()
            .min_by_key(|(_, s, seq)| (self.bucket(*s), *seq))
            .map(|(k, _, _)| k.clone())
    }
}

/// `AbstractPartitionAssignor.MemberInfo.compareTo`: members with a group.instance.id first, by
/// that id; then the others by member id (Java `String.compareTo`).
pub(crate) fn member_info_cmp(a: &MemberSubscription, b: &MemberSubscription) -> Ordering {
    match (&a.group_instance_id, &b.group_instance_id) {
        (Some(x), Some(y)) => java_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_cmp(&a.member_id, &b.member_id),
    }
}

// ---------------------------------------------------------------------------------------------
// JSON front end (`kplay assign --strategy S` < case.json)
// ---------------------------------------------------------------------------------------------

/// Largest partition count `assign_json` accepts for one topic (keeps the CLI from allocating
/// without bound on a typo; Kafka itself has no such limit).
pub const MAX_JSON_PARTITIONS_PER_TOPIC: u64 = 100_000;

/// Reads ONE case shaped like the conformance cases — `{"topics": {topic: count},
/// "members": [{member_id, group_instance_id, topics, owned_partitions, generation}]}`, extra
/// fields ignored — runs `strategy` and returns `{"member_id": ["topic-p", ...], ...}` with the
/// members in input order and each list in the assignor's order.
pub fn assign_json(strategy: &str, input: &str) -> Result<String, String> {
    let strategy = Strategy::parse(strategy)?;
    let (topics, members) = parse_case(input)?;
    let result = assign(strategy, &topics, &members);
    let mut out = String::from("{");
    for (i, (member, parts)) in result.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_string(member));
        out.push_str(":[");
        for (j, (t, p)) in parts.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push_str(&json_string(&format!("{t}-{p}")));
        }
        out.push(']');
    }
    out.push('}');
    Ok(out)
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| {
        // Unreachable for a &str; escape by hand rather than panic.
        let mut e = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => e.push_str("\\\""),
                '\\' => e.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(e, "\\u{:04x}", c as u32);
                }
                c => e.push(c),
            }
        }
        e.push('"');
        e
    })
}

/// What a JSON value is, for error messages.
fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Parses "topic-partition" (Kafka's `TopicPartition.toString`; the last '-' splits).
pub fn parse_topic_partition(s: &str) -> Option<(String, u32)> {
    let (topic, p) = s.rsplit_once('-')?;
    if topic.is_empty() || p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((topic.to_string(), p.parse().ok()?))
}

/// Parses one conformance-shaped case into metadata + members.
pub fn parse_case(input: &str) -> Result<(BTreeMap<String, u32>, Vec<MemberSubscription>), String> {
    let root: Value = serde_json::from_str(input).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = root
        .as_object()
        .ok_or_else(|| format!("expected a JSON object, got {}", describe(&root)))?;

    let mut topics = BTreeMap::new();
    match obj.get("topics") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (name, count) in map {
                let n = count.as_u64().ok_or_else(|| {
                    format!(
                        "topics.{name}: expected a partition count (non-negative integer), got {}",
                        describe(count)
                    )
                })?;
                if n > MAX_JSON_PARTITIONS_PER_TOPIC {
                    return Err(format!(
                        "topics.{name}: {n} partitions is more than this tool accepts ({MAX_JSON_PARTITIONS_PER_TOPIC})"
                    ));
                }
                if name.is_empty() {
                    return Err("topics: a topic name must not be empty".into());
                }
                topics.insert(name.clone(), n as u32);
            }
        }
        Some(other) => {
            return Err(format!(
                "topics: expected an object of topic -> partition count, got {}",
                describe(other)
            ))
        }
    }

    let list = match obj.get("members") {
        Some(Value::Array(a)) => a,
        None => return Err("members: missing (expected an array of members)".into()),
        Some(other) => return Err(format!("members: expected an array, got {}", describe(other))),
    };
    let mut members = Vec::with_capacity(list.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, m) in list.iter().enumerate() {
        let at = format!("members[{i}]");
        let mo = m
            .as_object()
            .ok_or_else(|| format!("{at}: expected an object, got {}", describe(m)))?;
        let member_id = match mo.get("member_id") {
            Some(Value::String(s)) => s.clone(),
            None => return Err(format!("{at}.member_id: missing")),
            Some(other) => return Err(format!("{at}.member_id: expected a string, got {}", describe(other))),
        };
        if let Some(first) = seen.get(&member_id) {
            return Err(format!(
                "{at}.member_id: duplicate {member_id:?} (also members[{first}])"
            ));
        }
        seen.insert(member_id.clone(), i);
        let group_instance_id = match mo.get("group_instance_id") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                return Err(format!(
                    "{at}.group_instance_id: expected a string or null, got {}",
                    describe(other)
                ))
            }
        };
        let topics_of = match mo.get("topics") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(j, t)| {
                    t.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("{at}.topics[{j}]: expected a topic name, got {}", describe(t)))
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(other) => {
                return Err(format!(
                    "{at}.topics: expected an array of topic names, got {}",
                    describe(other)
                ))
            }
        };
        let owned_partitions = match mo.get("owned_partitions") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(j, v)| {
                    v.as_str().and_then(parse_topic_partition).ok_or_else(|| {
                        format!(
                            "{at}.owned_partitions[{j}]: expected \"topic-partition\", got {}",
                            describe(v)
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(other) => {
                return Err(format!(
                    "{at}.owned_partitions: expected an array of \"topic-partition\" strings, got {}",
                    describe(other)
                ))
            }
        };
        let generation = match mo.get("generation") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64() {
                Some(g) if g >= i32::MIN as i64 && g <= i32::MAX as i64 => Some(g as i32),
                _ => {
                    return Err(format!(
                        "{at}.generation: expected an integer (int32) or null, got {}",
                        describe(v)
                    ))
                }
            },
        };
        members.push(MemberSubscription {
            member_id,
            group_instance_id,
            topics: topics_of,
            owned_partitions,
            generation,
        });
    }
    Ok((topics, members))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_string_hash_matches_java() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("topic"), 110546223);
        assert_eq!(java_string_hash("consumer1"), -421004549);
    }

    #[test]
    fn hash_order_is_bucket_then_insertion() {
        // "Aa" and "BB" collide in Java (hash 2112): insertion order decides.
        let mut m = JavaHashOrder::new();
        m.insert("BB", java_string_hash("BB"));
        m.insert("Aa", java_string_hash("Aa"));
        m.insert("a", java_string_hash("a"));
        assert_eq!(m.keys(), vec!["BB", "Aa", "a"]);
    }

    /// Orders printed by OpenJDK 17 for the same operations (java.util.HashMap / HashSet).
    #[test]
    fn hash_order_matches_openjdk() {
        let mut m = JavaHashOrder::new();
        for i in 0..30 {
            let k = format!("consumer{i}");
            m.insert(k.clone(), java_string_hash(&k));
        }
        let java = "consumer12,consumer11,consumer10,consumer19,consumer18,consumer17,consumer16,consumer15,\
                    consumer14,consumer13,consumer5,consumer4,consumer3,consumer2,consumer1,consumer0,consumer23,\
                    consumer22,consumer21,consumer20,consumer9,consumer8,consumer7,consumer6,consumer29,consumer28,\
                    consumer27,consumer26,consumer25,consumer24";
        assert_eq!(m.keys().join(","), java);

        let tp = |i: u32| -> Tp { (if i.is_multiple_of(2) { "topic" } else { "t2" }.to_string(), i) };
        let mut s = JavaHashOrder::new();
        for i in 0..40 {
            s.insert(tp(i), java_tp_hash(&tp(i)));
        }
        for i in (0..40).step_by(3) {
            s.remove(&tp(i));
        }
        for extra in [("zz".to_string(), 5), ("topic".to_string(), 0)] {
            let h = java_tp_hash(&extra);
            s.insert(extra, h);
        }
        let got: Vec<String> = s.keys().iter().map(|(t, p)| format!("{t}-{p}")).collect();
        let java = "topic-26,t2-31,topic-28,t2-29,t2-25,topic-32,t2-23,topic-20,t2-19,topic-22,t2-17,t2-13,t2-11,\
                    t2-7,topic-34,t2-5,topic-38,zz-5,t2-1,topic-0,topic-10,topic-14,topic-16,topic-2,topic-4,t2-37,\
                    t2-35,topic-8";
        assert_eq!(got.join(","), java);
        assert_eq!(s.first(), Some(("topic".to_string(), 26)));

        // Nine keys in bucket 3 of 16: the ninth makes treeifyBin resize the table to 32.
        let mut t = JavaHashOrder::new();
        for k in ["k18", "k29", "k90", "k140", "k151", "k162", "k173", "k184", "k195", "x"] {
            t.insert(k, java_string_hash(k));
        }
        assert_eq!(t.keys().join(","), "k90,k18,k29,k140,k151,k162,k173,k184,k195,x");
    }
}
