//! ZooKeeper mode's panel: the ensemble's servers (each one a button that stops or starts it),
//! whether they have a quorum, and which broker is the controller. Shown only in ZooKeeper mode.

use super::state::Store;
use crate::sim::event::Lang;
use crate::sim::Action;
use leptos::prelude::*;

struct ZkText {
    title: &'static str,
    server: &'static str,
    running: &'static str,
    stopped: &'static str,
    quorum: &'static str,
    no_quorum: &'static str,
    controller: &'static str,
    none: &'static str,
    help: &'static str,
}

fn text(lang: Lang) -> ZkText {
    match lang {
        Lang::En => ZkText {
            title: "ZooKeeper ensemble", server: "server", running: "running", stopped: "stopped",
            quorum: "quorum: metadata can change", no_quorum: "no quorum: metadata is frozen",
            controller: "controller", none: "none",
            help: "Click a server to stop or start it. A majority must run for any broker to be noticed as gone or any leader to be elected.",
        },
        Lang::Ko => ZkText {
            title: "ZooKeeper 앙상블", server: "서버", running: "동작 중", stopped: "멈춤",
            quorum: "쿼럼 있음: 메타데이터를 바꿀 수 있습니다", no_quorum: "쿼럼 없음: 메타데이터가 얼어 있습니다",
            controller: "컨트롤러", none: "없음",
            help: "서버를 누르면 멈추거나 다시 시작합니다. 과반수가 돌아야 브로커 장애를 알아채고 leader를 뽑을 수 있습니다.",
        },
    }
}

#[component]
pub fn ZooKeeperPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let zk = Memo::new(move |_| store.snap.with(|s| s.zookeeper.clone()));
    move || {
        let z = zk.get()?;
        let tx = text(store.lang.get());
        let servers = (1..=z.servers).map(|n| {
            let down = z.down.contains(&n);
            let label = format!("{} {n}: {}", tx.server, if down { tx.stopped } else { tx.running });
            let action = if down { Action::StartZooKeeper { server: n } } else { Action::StopZooKeeper { server: n } };
            view! {
                <button class=if down { "btn zk-server down" } else { "btn zk-server" } data-testid=format!("zk-server-{n}")
                    aria-pressed=(!down).to_string() title=tx.help
                    on:click=move |_| store.apply(action.clone())>
                    <span aria-hidden="true">{if down { "▢ " } else { "■ " }}</span>{label}
                </button>
            }
        }).collect_view();
        let controller = match z.controller {
            Some(b) => format!("{}: B{b} (controller epoch {})", tx.controller, z.controller_epoch),
            None => format!("{}: {}", tx.controller, tx.none),
        };
        Some(view! {
            <section class="zk-panel" aria-label=tx.title data-testid="zk-panel">
                <strong>{tx.title}</strong>
                <div class="row wrap">{servers}</div>
                <p class=if z.quorum { "zk-quorum" } else { "zk-quorum frozen" } role="status" data-testid="zk-quorum">
                    <span aria-hidden="true">{if z.quorum { "✓ " } else { "⚠ " }}</span>
                    {format!("{}/{} · {}", z.servers as usize - z.down.len(), z.servers, if z.quorum { tx.quorum } else { tx.no_quorum })}
                </p>
                <p class="zk-controller" data-testid="zk-controller">{controller}</p>
            </section>
        })
    }
}

/// A broker the controller does not count: "fenced" in KRaft, "no session" in ZooKeeper mode
/// (its /brokers/ids znode is gone).
pub fn fenced_label(lang: Lang, zookeeper: bool) -> &'static str {
    match (lang, zookeeper) {
        (_, false) => super::i18n::strings(lang).fenced,
        (Lang::En, true) => "no session",
        (Lang::Ko, true) => "세션 없음",
    }
}
