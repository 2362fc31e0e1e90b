//! Claims about who keeps the metadata: `controller.broker` (ZooKeeper mode: the broker holding
//! /controller; KRaft: `none`, the quorum is no broker), `controller.epoch`, `zookeeper.up` (servers
//! running) and `zookeeper.quorum` (`true`/`false`). `<tp>.cached_leader@<b>` (in path.rs) is the
//! leader broker b's metadata cache names.

use super::expr::Value;
use crate::sim::Sim;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterField {
    ControllerBroker,
    ControllerEpoch,
    ZkUp,
    ZkQuorum,
}

const NAMES: [(ClusterField, &str); 4] = [
    (ClusterField::ControllerBroker, "controller.broker"), (ClusterField::ControllerEpoch, "controller.epoch"),
    (ClusterField::ZkUp, "zookeeper.up"), (ClusterField::ZkQuorum, "zookeeper.quorum"),
];

pub const QUORUM_WORDS: &[&str] = &["true", "false"];

impl ClusterField {
    /// `Ok(None)` when `s` is not about the controller or ZooKeeper at all.
    pub fn parse(s: &str) -> Result<Option<ClusterField>, String> {
        if let Some((f, _)) = NAMES.iter().find(|(_, n)| *n == s) {
            return Ok(Some(*f));
        }
        if s.starts_with("controller.") || s.starts_with("zookeeper.") {
            let known: Vec<&str> = NAMES.iter().map(|(_, n)| *n).collect();
            return Err(format!("unknown path `{s}` (known: {})", known.join(", ")));
        }
        Ok(None)
    }

    pub fn name(self) -> &'static str {
        NAMES.iter().find(|(f, _)| *f == self).map_or("", |(_, n)| n)
    }

    pub fn read(self, sim: &Sim) -> Value {
        let zk = sim.zookeeper();
        match self {
            ClusterField::ControllerBroker => zk.and_then(|z| z.controller).map_or(Value::None, |b| Value::Num(b as u64)),
            ClusterField::ControllerEpoch => Value::Num(zk.map_or(sim.controller().controller_epoch, |z| z.controller_epoch) as u64),
            ClusterField::ZkUp => zk.map_or(Value::None, |z| Value::Num(z.up() as u64)),
            ClusterField::ZkQuorum => zk.map_or(Value::None, |z| Value::Word(z.has_quorum().to_string())),
        }
    }
}
