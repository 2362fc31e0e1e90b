//! Partition planning: how many partitions a topic needs, and what is wrong with a plan. The
//! rules are the operators' rules of thumb from the seed notes, checked against Kafka's own:
//! - producer rate < one consumer's rate × partitions (a group reads a partition with one consumer);
//! - replicas spread evenly over brokers (Kafka's round-robin placement, `placement.rs`);
//! - replication.factor above min.insync.replicas, or acks=all writes stop with one replica out of
//!   the ISR (a min.insync.replicas above RF counts as RF: Partition.scala effectiveMinIsr);
//! - no '.' or '_' mixing (metric names) and no leading '_' (Kafka's internal topics);
//! - adding partitions moves keys to other partitions (murmur2 modulo the partition count).

use super::config::{topic_name_error, ClusterConfig, TopicSpec, MAX_BROKERS, MAX_TOTAL_PARTITIONS};
use super::partitioner::partition_for_key;
use super::placement::assign_replicas;

/// What the learner plans: a topic, its traffic and its cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanInput {
    pub topic: String,
    /// Records a second the producers send to the topic.
    pub producer_rate: u64,
    /// Records a second one consumer of the group can process.
    pub consumer_rate: u64,
    pub brokers: u32,
    pub partitions: u32,
    pub replication_factor: u32,
    pub min_insync_replicas: u32,
    /// The records have keys whose order matters.
    pub keyed: bool,
    /// The topic exists already with this many partitions (the plan is an `--alter`).
    pub existing_partitions: Option<u32>,
}

impl Default for PlanInput {
    fn default() -> Self {
        // The seed notes' example: 1,000 records/s, a consumer does 100/s -> 10 partitions.
        PlanInput {
            topic: "orders".into(),
            producer_rate: 1000,
            consumer_rate: 100,
            brokers: 6,
            partitions: 10,
            replication_factor: 3,
            min_insync_replicas: 2,
            keyed: true,
            existing_partitions: None,
        }
    }
}

/// One thing wrong with a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanWarning {
    /// The group's consumers together process less than the producers send: lag grows.
    TooFewPartitions { needed: u64, planned: u32 },
    /// Kafka refuses it: `InvalidReplicationFactorException`.
    ReplicationFactorAboveBrokers { rf: u32, brokers: u32 },
    /// RF == min.insync.replicas: with one replica out of the ISR, acks=all writes fail.
    NoFaultTolerance { rf: u32, min_isr: u32 },
    /// RF < min.insync.replicas: Kafka uses min(RF, min.insync.replicas) (Partition
    /// effectiveMinIsr), so every replica must be in the ISR: no fault tolerance either.
    MinIsrAboveRf { rf: u32, min_isr: u32 },
    /// partitions × RF is not a multiple of the broker count: no placement can be even.
    UnevenSpread { replicas: u64, brokers: u32 },
    /// It could be even, but Kafka's striped placement puts each partition on consecutive
    /// brokers, so fewer partitions than a multiple of the broker count pile up in the middle.
    PlacementUneven { most: u32, fewest: u32 },
    /// '.' or '_' in the name: JMX metric names do not tell them apart.
    CollisionChars,
    /// A leading '_': the prefix of Kafka's internal topics (`__consumer_offsets`).
    InternalPrefix,
    /// Adding partitions sends existing keys elsewhere: per-key order breaks.
    KeysMove { from: u32, to: u32, moved_percent: u32 },
    /// Kafka refuses it: `InvalidPartitionsException` (partitions can only grow).
    CannotShrink { from: u32, to: u32 },
}

/// The verdict on a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// ceil(producer rate / consumer rate): the fewest partitions (and consumers) that keep up.
    pub needed_partitions: u64,
    /// Replicas of the topic on broker 1, 2, ... under Kafka's placement (empty when RF > brokers).
    pub replicas_per_broker: Vec<u32>,
    pub warnings: Vec<PlanWarning>,
}

/// A plan that cannot be computed, naming the field that is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError {
    pub field: &'static str,
    pub message: String,
}

fn err(field: &'static str, message: String) -> PlanError {
    PlanError { field, message }
}

/// Keys sampled to measure how many move when partitions are added.
const SAMPLE_KEYS: u32 = 1000;

fn check_range(field: &'static str, v: u64, max: u64) -> Result<(), PlanError> {
    if v == 0 || v > max {
        return Err(err(field, format!("{field} must be between 1 and {max}, not {v}")));
    }
    Ok(())
}

pub fn plan(input: &PlanInput) -> Result<Plan, PlanError> {
    if let Some(e) = topic_name_error(&input.topic) {
        return Err(err("topic", e));
    }
    check_range("producer rate", input.producer_rate, 1_000_000_000)?;
    check_range("consumer rate", input.consumer_rate, 1_000_000_000)?;
    check_range("brokers", input.brokers as u64, MAX_BROKERS as u64)?;
    check_range("partitions", input.partitions as u64, MAX_TOTAL_PARTITIONS)?;
    check_range("replication.factor", input.replication_factor as u64, MAX_BROKERS as u64)?;
    check_range("min.insync.replicas", input.min_insync_replicas as u64, MAX_BROKERS as u64)?;
    if let Some(e) = input.existing_partitions {
        check_range("existing partitions", e as u64, MAX_TOTAL_PARTITIONS)?;
    }

    let needed = input.producer_rate.div_ceil(input.consumer_rate);
    let (rf, min_isr, brokers, partitions) =
        (input.replication_factor, input.min_insync_replicas, input.brokers, input.partitions);
    let mut warnings = Vec::new();
    if (partitions as u64) < needed {
        warnings.push(PlanWarning::TooFewPartitions { needed, planned: partitions });
    }
    let mut replicas_per_broker = Vec::new();
    if rf > brokers {
        warnings.push(PlanWarning::ReplicationFactorAboveBrokers { rf, brokers });
    } else {
        replicas_per_broker = spread(brokers, partitions, rf);
        let replicas = partitions as u64 * rf as u64;
        let most = replicas_per_broker.iter().max().copied().unwrap_or(0);
        let fewest = replicas_per_broker.iter().min().copied().unwrap_or(0);
        if replicas % brokers as u64 != 0 {
            warnings.push(PlanWarning::UnevenSpread { replicas, brokers });
        } else if most != fewest {
            warnings.push(PlanWarning::PlacementUneven { most, fewest });
        }
    }
    if rf < min_isr {
        warnings.push(PlanWarning::MinIsrAboveRf { rf, min_isr });
    } else if rf == min_isr {
        warnings.push(PlanWarning::NoFaultTolerance { rf, min_isr });
    }
    // TopicCommand warns on either character; Topic.hasCollisionChars.
    if input.topic.contains('.') || input.topic.contains('_') {
        warnings.push(PlanWarning::CollisionChars);
    }
    if input.topic.starts_with('_') {
        warnings.push(PlanWarning::InternalPrefix);
    }
    match input.existing_partitions {
        Some(from) if from > partitions => warnings.push(PlanWarning::CannotShrink { from, to: partitions }),
        Some(from) if from < partitions && input.keyed => {
            warnings.push(PlanWarning::KeysMove { from, to: partitions, moved_percent: moved_percent(from, partitions) })
        }
        _ => {}
    }
    Ok(Plan { needed_partitions: needed, replicas_per_broker, warnings })
}

/// Replicas per broker (1..=brokers) under the placement a new topic gets.
fn spread(brokers: u32, partitions: u32, rf: u32) -> Vec<u32> {
    let cluster = ClusterConfig::with_brokers(brokers, vec![TopicSpec::new("plan", partitions, rf)]);
    let mut counts = vec![0u32; brokers as usize];
    if let Ok(all) = assign_replicas(&cluster) {
        for replicas in all.iter().flatten() {
            for b in replicas {
                counts[(*b - 1) as usize] += 1;
            }
        }
    }
    counts
}

/// Of `SAMPLE_KEYS` keys ("key-0", "key-1", ...), the percentage whose partition changes.
fn moved_percent(from: u32, to: u32) -> u32 {
    let moved = (0..SAMPLE_KEYS)
        .filter(|i| {
            let k = format!("key-{i}");
            partition_for_key(&k, from) != partition_for_key(&k, to)
        })
        .count() as u32;
    (moved * 100 + SAMPLE_KEYS / 2) / SAMPLE_KEYS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut PlanInput)) -> PlanInput {
        let mut p = PlanInput { keyed: false, ..PlanInput::default() };
        f(&mut p);
        p
    }

    #[test]
    fn the_seed_notes_example_needs_ten_partitions() {
        let p = plan(&PlanInput::default()).unwrap();
        assert_eq!(p.needed_partitions, 10);
        assert!(!p.warnings.iter().any(|w| matches!(w, PlanWarning::TooFewPartitions { .. })));
        let p = plan(&with(|p| p.partitions = 9)).unwrap();
        assert!(p.warnings.contains(&PlanWarning::TooFewPartitions { needed: 10, planned: 9 }));
        // A remainder needs one more: 1001/100 -> 11.
        assert_eq!(plan(&with(|p| p.producer_rate = 1001)).unwrap().needed_partitions, 11);
    }

    #[test]
    fn six_brokers_five_partitions_cannot_be_even_four_could_be_six_are() {
        let five = plan(&with(|p| p.partitions = 5)).unwrap();
        assert_eq!(five.replicas_per_broker, vec![2, 2, 3, 3, 3, 2]);
        assert!(five.warnings.contains(&PlanWarning::UnevenSpread { replicas: 15, brokers: 6 }));
        // 12 replicas could be 2 each, but striped placement gives partition p brokers p..p+2.
        let four = plan(&with(|p| p.partitions = 4)).unwrap();
        assert_eq!(four.replicas_per_broker, vec![1, 2, 3, 3, 2, 1]);
        assert!(four.warnings.contains(&PlanWarning::PlacementUneven { most: 3, fewest: 1 }));
        let six = plan(&with(|p| p.partitions = 6)).unwrap();
        assert_eq!(six.replicas_per_broker, vec![3; 6]);
        assert!(!six.warnings.iter().any(|w| matches!(w, PlanWarning::UnevenSpread { .. } | PlanWarning::PlacementUneven { .. })));
    }

    #[test]
    fn replication_factor_against_min_isr_and_brokers() {
        let w = |rf, min_isr| plan(&with(|p| { p.replication_factor = rf; p.min_insync_replicas = min_isr })).unwrap().warnings;
        assert!(w(3, 3).contains(&PlanWarning::NoFaultTolerance { rf: 3, min_isr: 3 }));
        assert!(w(2, 3).contains(&PlanWarning::MinIsrAboveRf { rf: 2, min_isr: 3 }));
        assert!(!w(3, 2).iter().any(|x| matches!(x, PlanWarning::NoFaultTolerance { .. } | PlanWarning::MinIsrAboveRf { .. })));
        let p = plan(&with(|p| p.replication_factor = 7)).unwrap();
        assert!(p.warnings.contains(&PlanWarning::ReplicationFactorAboveBrokers { rf: 7, brokers: 6 }));
        assert!(p.replicas_per_broker.is_empty());
    }

    #[test]
    fn topic_names() {
        let w = |name: &str| {
            let ws = plan(&with(|p| p.topic = name.into())).unwrap().warnings;
            ws.into_iter().filter(|w| matches!(w, PlanWarning::CollisionChars | PlanWarning::InternalPrefix)).collect::<Vec<_>>()
        };
        assert!(w("order.events").contains(&PlanWarning::CollisionChars));
        assert!(w("order_events").contains(&PlanWarning::CollisionChars));
        assert!(w("_orders").contains(&PlanWarning::InternalPrefix));
        assert!(w("order-events").is_empty());
        assert_eq!(plan(&with(|p| p.topic = "a b".into())).unwrap_err().field, "topic");
    }

    #[test]
    fn growing_a_keyed_topic_moves_most_keys_and_shrinking_is_refused() {
        let p = plan(&with(|p| { p.keyed = true; p.existing_partitions = Some(5); p.partitions = 10 })).unwrap();
        let moved = p.warnings.iter().find_map(|w| match w {
            PlanWarning::KeysMove { from: 5, to: 10, moved_percent } => Some(*moved_percent),
            _ => None,
        });
        // Doubling keeps a key only when hash % 10 == hash % 5, i.e. for about half of them.
        assert!(moved.is_some_and(|m| (40..=60).contains(&m)), "{moved:?}");
        let unkeyed = plan(&with(|p| { p.existing_partitions = Some(5); p.partitions = 10 })).unwrap();
        assert!(!unkeyed.warnings.iter().any(|w| matches!(w, PlanWarning::KeysMove { .. })));
        let shrink = plan(&with(|p| { p.existing_partitions = Some(12); p.partitions = 10 })).unwrap();
        assert!(shrink.warnings.contains(&PlanWarning::CannotShrink { from: 12, to: 10 }));
    }

    #[test]
    fn out_of_range_inputs_name_the_field() {
        assert_eq!(plan(&with(|p| p.consumer_rate = 0)).unwrap_err().field, "consumer rate");
        assert_eq!(plan(&with(|p| p.partitions = 1_000_000_000)).unwrap_err().field, "partitions");
        assert_eq!(plan(&with(|p| p.brokers = 10_000)).unwrap_err().field, "brokers");
        let e = plan(&with(|p| p.producer_rate = u64::MAX)).unwrap_err();
        assert!(e.message.contains("producer rate"), "{}", e.message);
    }
}
