//! Pure helpers for the views (no web calls), so they can be tested natively or with
//! wasm-bindgen-test.

use crate::sim::{MsgKind, NodeId};

/// The speed slider runs 0..=100; the factor is log-scale from 0.1× to 1000× (50 = 10×).
pub const SLIDER_MAX: f64 = 100.0;

pub fn speed_from_slider(v: f64) -> f64 {
    let v = if v.is_finite() { v.clamp(0.0, SLIDER_MAX) } else { 50.0 };
    10f64.powf(-1.0 + 4.0 * v / SLIDER_MAX)
}

pub fn slider_from_speed(f: f64) -> f64 {
    if !(f.is_finite() && f > 0.0) {
        return 50.0;
    }
    ((f.log10() + 1.0) / 4.0 * SLIDER_MAX).clamp(0.0, SLIDER_MAX)
}

/// "0.1", "3.2", "10", "1000": two significant digits at most, no trailing zeros.
pub fn speed_text(f: f64) -> String {
    if f >= 10.0 {
        format!("{}", f.round() as u64)
    } else if f >= 1.0 {
        trim(format!("{f:.1}"))
    } else {
        trim(format!("{f:.2}"))
    }
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Thousands separators for virtual milliseconds: 41008 → "41,008".
pub fn ms(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// CSS class for a leader epoch's colour (a small cycling palette).
pub fn epoch_class(epoch: u32) -> String {
    format!("epoch-{}", epoch % 6)
}

/// Short label for a message kind drawn on the wire.
pub fn kind_short(kind: MsgKind) -> &'static str {
    match kind {
        MsgKind::Metadata => "Meta",
        MsgKind::MetadataResponse => "Meta←",
        MsgKind::Produce => "Produce",
        MsgKind::ProduceResponse => "Ack",
        MsgKind::Fetch => "Fetch",
        MsgKind::FetchResponse => "Fetch←",
        MsgKind::BrokerRegistration => "Register",
        MsgKind::BrokerHeartbeat => "HB",
        MsgKind::BrokerHeartbeatResponse => "HB←",
        MsgKind::AlterPartition => "AlterISR",
        MsgKind::AlterPartitionResponse => "AlterISR←",
        MsgKind::MetadataUpdate => "Metadata",
        MsgKind::Disconnected => "RST",
        other => other.name(),
    }
}

/// CSS class for a message kind's family.
pub fn kind_class(kind: MsgKind) -> &'static str {
    match kind {
        MsgKind::Produce | MsgKind::ProduceResponse => "msg-produce",
        MsgKind::Fetch | MsgKind::FetchResponse => "msg-fetch",
        MsgKind::Disconnected => "msg-rst",
        _ => "msg-ctrl",
    }
}

/// Where a node sits on the network diagram (x in a 0..1000 wide viewBox).
/// Producer on the left, brokers spread in the middle, the controller and consumers on the right.
pub fn node_x(node: NodeId, broker_ids: &[u32]) -> f64 {
    match node {
        NodeId::Producer(_) => 70.0,
        NodeId::Controller => 930.0,
        NodeId::ZooKeeper => 835.0,
        NodeId::Consumer(_) => 960.0,
        NodeId::Broker(b) => {
            let n = broker_ids.len().max(1) as f64;
            let i = broker_ids.iter().position(|x| *x == b).unwrap_or(0) as f64;
            220.0 + (i + 0.5) * (560.0 / n)
        }
    }
}

/// How far along its trip a message is, 0.0..=1.0.
pub fn progress(now: u64, sent_at: u64, deliver_at: u64) -> f64 {
    if deliver_at <= sent_at {
        return 1.0;
    }
    ((now.saturating_sub(sent_at)) as f64 / (deliver_at - sent_at) as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_is_log_scale_and_round_trips() {
        assert!((speed_from_slider(0.0) - 0.1).abs() < 1e-9);
        assert!((speed_from_slider(50.0) - 10.0).abs() < 1e-9);
        assert!((speed_from_slider(100.0) - 1000.0).abs() < 1e-6);
        assert!((slider_from_speed(speed_from_slider(37.0)) - 37.0).abs() < 1e-9);
        assert_eq!(speed_from_slider(f64::NAN), 10.0);
    }

    #[test]
    fn texts() {
        assert_eq!(speed_text(0.1), "0.1");
        assert_eq!(speed_text(1.0), "1");
        assert_eq!(speed_text(3.16), "3.2");
        assert_eq!(speed_text(1000.0), "1000");
        assert_eq!(ms(41008), "41,008");
        assert_eq!(ms(7), "7");
        assert_eq!(ms(1_000_000), "1,000,000");
        assert_eq!(progress(5, 0, 10), 0.5);
        assert_eq!(progress(5, 3, 3), 1.0);
    }
}
