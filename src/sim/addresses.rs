//! Broker addresses as clients know them. In a pod environment every broker can come back on a
//! new IP; a client only learns the new ones from a Metadata response, which it can only get from
//! a broker it can still reach. If every address it knows is stale, it is cut off: with
//! `metadata.recovery.strategy=rebootstrap` (the Kafka 4.x default, KIP-899/KIP-1102) it resolves
//! `bootstrap.servers` again (here: a DNS name that follows the pods); with `none` it stays stuck.
//!
//! An address is drawn as `10.0.<generation>.<broker id>`: the generation goes up on each move.

use super::types::BrokerId;
use super::{EventKind, Sim};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How a client recovers when none of the brokers it knows answers (CommonClientConfigs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub enum RecoveryStrategy {
    #[default]
    Rebootstrap,
    None,
}

impl RecoveryStrategy {
    pub fn parse(v: &str) -> Option<RecoveryStrategy> {
        match v.trim().to_ascii_lowercase().as_str() {
            "rebootstrap" => Some(RecoveryStrategy::Rebootstrap),
            "none" => Some(RecoveryStrategy::None),
            _ => None,
        }
    }
}

pub fn address(broker: BrokerId, generation: u32) -> String {
    format!("10.0.{generation}.{broker}")
}

/// The addresses one client knows, and how many Metadata attempts in a row found nobody.
#[derive(Clone, Debug, Default)]
pub struct AddressBook {
    pub known: BTreeMap<BrokerId, u32>,
    pub refused_in_a_row: u32,
}

impl AddressBook {
    pub fn new(current: &BTreeMap<BrokerId, u32>) -> Self {
        AddressBook { known: current.clone(), refused_in_a_row: 0 }
    }

    /// The address it would dial for `broker` (a broker it never heard of: the current one,
    /// as if from bootstrap.servers).
    pub fn dial(&self, broker: BrokerId) -> Option<u32> {
        self.known.get(&broker).copied()
    }

    /// A Metadata response lists the brokers with their advertised addresses.
    pub fn learn(&mut self, brokers: &[(BrokerId, u32)]) {
        self.known = brokers.iter().copied().collect();
        self.refused_in_a_row = 0;
    }

    /// One more refused Metadata attempt: true once every known broker has refused in a row
    /// ("all last-known brokers appear unavailable", NetworkClient / ManualMetadataUpdater).
    pub fn refused(&mut self) -> bool {
        self.refused_in_a_row += 1;
        self.refused_in_a_row as usize >= self.known.len().max(1)
    }
}

impl Sim {
    /// Every listed broker (all when `brokers` is empty) comes back on a new address, as when
    /// pods are rescheduled. Brokers and the controller learn it through registration; clients
    /// only from their next Metadata response.
    pub(crate) fn change_addresses(&mut self, brokers: &[BrokerId]) -> Result<Vec<super::Event>, super::action::ActionError> {
        let targets: Vec<BrokerId> = if brokers.is_empty() { self.brokers.iter().map(|b| b.id).collect() } else { brokers.to_vec() };
        for b in &targets {
            self.broker_index(*b)?;
        }
        let mut topo = (*self.topo).clone();
        for b in &targets {
            *topo.addresses.entry(*b).or_insert(0) += 1;
        }
        let now: Vec<(BrokerId, String)> = targets.iter().map(|b| (*b, address(*b, topo.addresses[b]))).collect();
        self.topo = Arc::new(topo);
        let mut events = Vec::new();
        self.push_event(EventKind::BrokerAddressesChanged { brokers: now }, &mut events);
        Ok(events)
    }

    /// The address generation a client dialled is stale: nobody listens there any more.
    pub(crate) fn stale_address(&self, env: &super::Envelope) -> bool {
        let super::NodeId::Broker(b) = env.to else { return false };
        env.dialled.is_some_and(|g| self.topo.addresses.get(&b).is_some_and(|now| *now != g))
    }
}
