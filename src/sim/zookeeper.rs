//! ZooKeeper mode (Kafka before KRaft): an ensemble of servers, drawn as one node, that holds
//! the broker registrations (/brokers/ids, ephemeral znodes kept alive by each broker's session)
//! and the /controller znode. Only a majority of the servers can serve: without a quorum no
//! session expires, no watch fires and no znode is written, so metadata changes freeze.
//!
//! The controller is then one of the brokers (whoever created /controller first). It learns of
//! broker changes by watches and pushes LeaderAndIsr / UpdateMetadata / StopReplica itself, so a
//! broker's metadata cache is whatever UpdateMetadata arrived last (`controller.rs`, `broker.rs`).

use super::config::{parse_u64, ConfigError};
use super::net::Msg;
use super::types::{BrokerId, Millis, NodeId};
use super::{Ctx, EventKind, Timer};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Playground keys for the metadata mode, plus ZooKeeper's own session timeout.
pub const KEYS: &[&str] = &["sim.metadata.mode", "sim.zookeeper.servers", "zookeeper.session.timeout.ms"];

/// How the cluster keeps its metadata. KRaft (Kafka 4.x) is the default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataConfig {
    pub zookeeper: bool,
    /// Servers in the ZooKeeper ensemble: an odd count, so a majority is well defined.
    pub servers: u8,
    /// ZkConfigs ZK_SESSION_TIMEOUT_MS default (KIP-537): a broker that is not heard from for
    /// this long loses its /brokers/ids znode.
    pub session_timeout_ms: u64,
}

impl Default for MetadataConfig {
    fn default() -> Self {
        MetadataConfig { zookeeper: false, servers: 3, session_timeout_ms: 18_000 }
    }
}

impl MetadataConfig {
    /// Handles one of `KEYS`; `Ok(false)` for any other key.
    pub fn set(&mut self, key: &str, value: &str) -> Result<bool, ConfigError> {
        match key {
            "sim.metadata.mode" => {
                self.zookeeper = match value.trim() {
                    "kraft" => false,
                    "zookeeper" => true,
                    _ => return Err(ConfigError::invalid(key, value, "String must be one of: kraft, zookeeper")),
                }
            }
            "sim.zookeeper.servers" => {
                let n = parse_u64(key, value)?;
                if n % 2 == 0 || !(1..=7).contains(&n) {
                    return Err(ConfigError::invalid(key, value,
                        "A ZooKeeper ensemble needs an odd number of servers (1, 3, 5 or 7) so that a majority is well defined"));
                }
                self.servers = n as u8;
            }
            "zookeeper.session.timeout.ms" => self.session_timeout_ms = parse_u64(key, value)?.max(1),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// The ensemble and the znodes the playground models.
#[derive(Clone, Debug)]
pub struct ZooKeeper {
    pub servers: u8,
    /// Servers that are stopped (numbered 1..=servers).
    pub down: BTreeSet<u8>,
    /// Brokers with a live session (and so a /brokers/ids znode): (when last heard, session).
    pub sessions: BTreeMap<BrokerId, (Millis, u32)>,
    /// The broker holding /controller, and the controller epoch (/controller_epoch).
    pub controller: Option<BrokerId>,
    pub controller_epoch: u32,
    /// Bumped on every change of /brokers/ids or /controller (ZooKeeper's zxid, coarsely).
    pub zxid: u64,
}

impl ZooKeeper {
    /// Cluster start: every broker registered, the lowest id won the /controller race.
    pub fn new(servers: u8, brokers: &[BrokerId]) -> Self {
        ZooKeeper {
            servers,
            down: BTreeSet::new(),
            sessions: brokers.iter().map(|b| (*b, (0, 0))).collect(),
            controller: brokers.iter().min().copied(),
            controller_epoch: 1,
            zxid: 1,
        }
    }

    pub fn up(&self) -> u8 {
        self.servers - self.down.len() as u8
    }

    /// A majority of the ensemble is running (ZooKeeper's quorum rule).
    pub fn has_quorum(&self) -> bool {
        self.up() as u32 * 2 > self.servers as u32
    }

    pub fn boot(&self, ctx: &mut Ctx) {
        ctx.out.timer(check_interval(ctx), Timer::ZkSessionCheck);
    }

    /// Stops or starts one server.
    pub fn set_server(&mut self, server: u8, running: bool, now: Millis) -> Result<(), String> {
        if server == 0 || server > self.servers {
            return Err(format!("There is no ZooKeeper server {server} (servers: 1..={})", self.servers));
        }
        let before = self.has_quorum();
        if running {
            self.down.remove(&server);
        } else {
            self.down.insert(server);
        }
        let after = self.has_quorum();
        if !before && after {
            // A newly elected ZooKeeper leader restarts every session's timeout
            // (SessionTrackerImpl): brokers that died meanwhile expire one timeout later.
            for (seen, _) in self.sessions.values_mut() {
                *seen = now;
            }
        }
        Ok(())
    }

    pub fn on_message(&mut self, from: NodeId, msg: Msg, ctx: &mut Ctx) {
        let NodeId::Broker(b) = from else { return };
        if !self.has_quorum() {
            return; // no server can serve the request: the broker's session just ages
        }
        match msg {
            Msg::ZkPing { session } => {
                let before = self.sessions.insert(b, (ctx.now, session)).map(|(_, s)| s);
                if before == Some(session) {
                    return; // a keep-alive
                }
                // A new session (re-)creates /brokers/ids/<b>; a restarted broker replaces its
                // old session (the controller sees the bounce by the session, as KIP-380's broker
                // epoch lets it). If it held /controller, that znode went with the old session.
                if before.is_some() && self.controller == Some(b) {
                    self.controller = None;
                }
                if self.controller.is_none() {
                    self.elect_controller(ctx);
                }
                self.changed(ctx);
            }
            Msg::ZkCloseSession => {
                if self.sessions.remove(&b).is_some() {
                    self.after_removal(&[b], ctx);
                }
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx) {
        if timer != Timer::ZkSessionCheck {
            return;
        }
        ctx.out.timer(check_interval(ctx), Timer::ZkSessionCheck);
        if !self.has_quorum() {
            return;
        }
        let timeout = ctx.topo.config.metadata.session_timeout_ms;
        let expired: Vec<BrokerId> = self.sessions.iter()
            .filter(|(_, (seen, _))| ctx.now >= *seen + timeout).map(|(b, _)| *b).collect();
        for b in &expired {
            self.sessions.remove(b);
            ctx.out.event(EventKind::ZkSessionExpired { broker: *b });
        }
        if !expired.is_empty() {
            self.after_removal(&expired, ctx);
        }
    }

    /// Ephemeral znodes of these brokers are gone; if one held /controller, elect another.
    fn after_removal(&mut self, gone: &[BrokerId], ctx: &mut Ctx) {
        if self.controller.is_some_and(|c| gone.contains(&c)) {
            self.controller = None;
            self.elect_controller(ctx);
        }
        self.changed(ctx);
    }

    /// The first live broker to create /controller wins (KafkaController.elect); the epoch
    /// goes up so the old controller's requests are refused (STALE_CONTROLLER_EPOCH).
    fn elect_controller(&mut self, ctx: &mut Ctx) {
        let Some(&b) = self.sessions.keys().next() else { return };
        self.controller = Some(b);
        self.controller_epoch += 1;
        ctx.out.event(EventKind::ControllerElected { broker: b, epoch: self.controller_epoch });
    }

    /// Fires the controller's watch: it reads the current /brokers/ids (not a diff), so a late
    /// notification can never undo a newer one.
    fn changed(&mut self, ctx: &mut Ctx) {
        self.zxid += 1;
        ctx.out.send(NodeId::Controller, Msg::ZkWatch {
            zxid: self.zxid,
            live: self.sessions.iter().map(|(b, (_, s))| (*b, *s)).collect(),
            controller_epoch: self.controller_epoch,
        });
    }
}

/// Sessions are checked a few times per timeout (ZooKeeper's tickTime granularity).
fn check_interval(ctx: &Ctx) -> Millis {
    (ctx.topo.config.metadata.session_timeout_ms / 6).max(1)
}

/// How often a broker pings ZooKeeper: a third of the session timeout, as ZooKeeper clients do.
pub fn ping_interval(ctx: &Ctx) -> Millis {
    (ctx.topo.config.metadata.session_timeout_ms / 3).max(1)
}

impl super::Sim {
    /// The ensemble, if the cluster runs in ZooKeeper mode.
    pub fn zookeeper(&self) -> Option<&ZooKeeper> {
        self.zk.as_ref()
    }

    /// Admin operations need a ZooKeeper write: refused while the ensemble has no quorum.
    pub(crate) fn controller_writable(&mut self) -> Result<(), super::action::ActionError> {
        match self.controller.no_quorum_error() {
            Some(e) => Err(super::action::ActionError::new(e)),
            None => Ok(()),
        }
    }

    /// Stops or starts one ZooKeeper server (numbered from 1).
    pub(crate) fn set_zk_server(&mut self, server: u8, running: bool) -> Result<Vec<super::Event>, super::action::ActionError> {
        let now = self.now;
        let Some(zk) = self.zk.as_mut() else {
            return Err(super::action::ActionError::new(
                "This cluster runs in KRaft mode: there is no ZooKeeper (set sim.metadata.mode=zookeeper)"));
        };
        zk.set_server(server, running, now).map_err(super::action::ActionError::new)?;
        let (up, servers, quorum) = (zk.up(), zk.servers, zk.has_quorum());
        self.controller.zk_quorum = Some(quorum);
        let kind = EventKind::ZkServerChanged { server, running, up, servers, quorum };
        Ok(self.with_node(NodeId::ZooKeeper, |_, ctx| ctx.out.event(kind)))
    }
}
