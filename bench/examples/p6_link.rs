//! P6's run as a share-link fragment, for the browser seek measurement (`bench/browser_seek.mjs`):
//! `cargo run --release -p kplay-bench --example p6_link [events]` prints `#s=…` on stdout and
//! the run's size on stderr.
use kafka_playground::sim::Lang;
use kafka_playground::stage::session::{fragment, Session};

fn main() {
    let events: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let (sim, tl, _) = kplay_bench::long_run(events, 3);
    let session = Session::of(&sim);
    if let Err(e) = session.check_shareable() {
        eprintln!("p6_link: the run cannot be a link: {}", e.text(Lang::En));
        std::process::exit(1);
    }
    let link = fragment(&session);
    eprintln!("p6_link: {} events, {} actions, {} items, {} chars", tl.last_seq().map_or(0, |s| s + 1), session.script.len(), sim.mark().position, link.len());
    println!("{link}");
}
