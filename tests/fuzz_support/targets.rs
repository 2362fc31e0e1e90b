//! What each fuzz target does with one input. Each returns `Err` for a broken property (a panic
//! is caught by the harness): errors must name what and where, a run must stay bounded.

use super::actions::{Op, Run};
use kafka_playground::lesson::{self, Runner};
use kafka_playground::sim::{Action, ClusterConfig, Lang, Sim, TopicSpec};
use kafka_playground::stage::base64url;
use kafka_playground::stage::session::{Session, SessionError};
use kafka_playground::terminal::{boot, common_prefix, complete, Terminal};

/// Virtual time one actions case may run.
const MAX_CASE_MS: u64 = 300_000;

/// A lesson may run at most this much virtual time in all (its limits are per action).
pub const MAX_LESSON_VIRTUAL_MS: u64 = kafka_playground::lesson::MAX_LESSON_MS + 60_000;

fn check_text(what: &str, text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(format!("{what}: an empty message"));
    }
    Ok(())
}

/// Every event of the run narrated in both languages, the snapshot, the checker and the ledger.
fn look_at(sim: &Sim, events: &[kafka_playground::sim::Event]) -> Result<(), String> {
    for e in events {
        for lang in [Lang::En, Lang::Ko] {
            let _ = e.kind.text(lang);
        }
    }
    let snap = sim.snapshot();
    serde_json::to_string(&snap).map_err(|e| format!("the snapshot does not serialize: {e}"))?;
    let _ = sim.check();
    let _ = sim.ledger_summary();
    Ok(())
}

/// `lesson::parse`, then (when it parses) the whole lesson on the runner.
pub fn lesson(text: &str) -> Result<(), String> {
    let lines = text.split('\n').count();
    let l = match lesson::parse(text, "fuzz.toml") {
        Err(e) => {
            let shown = e.to_string();
            if !shown.starts_with("fuzz.toml:") {
                return Err(format!("the error does not name the file: {shown}"));
            }
            if e.pos.line == 0 || e.pos.line > lines {
                return Err(format!("the error points at line {} of {lines}: {shown}", e.pos.line));
            }
            return check_text("parse error", &e.message);
        }
        Ok(l) => l,
    };
    let mut r = Runner::new(l).map_err(|e| format!("a parsed lesson does not start: {e}"))?;
    let mut events = Vec::new();
    while let Some(step) = r.run_step() {
        events.extend(step.events.iter().cloned());
        if events.len() > 2_000_000 {
            return Err("more than 2,000,000 events".into());
        }
    }
    for f in r.report().failures() {
        check_text("lesson failure", &f.to_string())?;
    }
    if r.sim().now() > MAX_LESSON_VIRTUAL_MS {
        return Err(format!("the lesson ran {} ms of virtual time", r.sim().now()));
    }
    look_at(r.sim(), &events)
}

/// `Session::decode`, then (when it decodes) `replay`, and the reopened run shared again.
pub fn session(text: &str) -> Result<(), String> {
    let s = match Session::decode(text) {
        Err(e) => {
            return check_text("session error (en)", &e.text(Lang::En)).and(check_text("session error (ko)", &e.text(Lang::Ko)));
        }
        Ok(s) => s,
    };
    match s.replay() {
        Err(e) => {
            if !matches!(e, SessionError::Replay { .. }) {
                return Err(format!("replay failed with {e:?}"));
            }
            check_text("replay error", &e.text(Lang::En))
        }
        Ok((mut sim, mut events)) => {
            // The learner presses play on the opened run.
            events.extend(sim.run_for(5_000));
            look_at(&sim, &events)?;
            let again = Session::of(&sim);
            if again.check_shareable().is_ok() {
                let back = Session::decode(&again.encode()).map_err(|e| format!("a reopened session does not decode: {e:?}"))?;
                if back != again {
                    return Err("a reopened session changes when shared again".into());
                }
            }
            Ok(())
        }
    }
}

/// The session text with its JSON edited: `1.` + base64url(f(json)).
pub fn with_json(text: &[u8], f: impl FnOnce(&[u8]) -> String) -> String {
    let t = String::from_utf8_lossy(text);
    let data = t.trim().split_once('.').map_or("", |(_, d)| d);
    let json = base64url::decode(data).unwrap_or_default();
    format!("1.{}", base64url::encode(f(&json).as_bytes()))
}

/// The clusters a terminal script starts on.
pub fn terminal_cluster(setup: u8) -> Sim {
    let mut cfg = match setup % 4 {
        1 => ClusterConfig::with_brokers(6, vec![TopicSpec::new("orders", 3, 3)]),
        3 => {
            let mut c = ClusterConfig::default();
            c.set("sim.metadata.mode", "zookeeper").unwrap();
            c
        }
        _ => ClusterConfig::default(),
    };
    cfg.set("auto.offset.reset", "earliest").unwrap();
    let mut sim = Sim::new(cfg, 7).expect("terminal cluster");
    boot(&mut sim);
    if setup % 4 == 2 {
        let produce = Action::Produce { topic: "orders".into(), key: None, value: None, count: 20, partition: None, producer: None };
        sim.apply(produce).unwrap();
        sim.apply(Action::AddConsumer { group: "billing".into(), topics: vec![], instance_id: None }).unwrap();
        sim.apply(Action::AddShareConsumer { group: "jobs".into(), topics: vec![] }).unwrap();
        sim.run_for(10_000);
    }
    sim
}

/// A script of lines on one terminal; with `via_copy`, every line goes through `run_on_copy`
/// (what the UI's panel and a lesson's `term` do), whose replay must reproduce the line's effect.
pub fn terminal(setup: u8, lang: Lang, via_copy: bool, lines: &[String]) -> Result<(), String> {
    let mut sim = terminal_cluster(setup);
    let mut t = Terminal::new(lang);
    let mut events = Vec::new();
    for line in lines {
        let c = complete(line);
        let _ = common_prefix(&c);
        let out = if via_copy {
            let (out, replayed) = t.run_on_copy(sim.clone(), line);
            match replayed {
                Ok(Some((next, new))) => {
                    sim = next;
                    events.extend(new);
                }
                Ok(None) => {}
                Err(e) => return Err(format!("`{line}` changed the run in a way its replay cannot follow: {}", e.message)),
            }
            out
        } else {
            t.run(&mut sim, line)
        };
        if out.exit_code != 0 && out.stderr.trim().is_empty() && out.stdout.trim().is_empty() {
            return Err(format!("`{line}` failed (exit {}) without a word", out.exit_code));
        }
    }
    let _ = t.history.entries();
    look_at(&sim, &events)
}

/// The run's cluster and ops (`None`: the configuration does not start a cluster).
pub fn run_ops(run: &Run) -> Option<Sim> {
    play(run, &mut Vec::new()).ok().flatten()
}

/// A configuration changed by `set`, a cluster, then the ops; the run must replay from its script.
pub fn actions(run: &Run) -> Result<(), String> {
    let mut events = Vec::new();
    let Some(sim) = play(run, &mut events)? else { return Ok(()) };
    look_at(&sim, &events)?;
    // The run as a share link: it decodes to itself and replays to the same state.
    let shared = Session::of(&sim);
    if shared.check_shareable().is_ok() {
        let back = Session::decode(&shared.encode()).map_err(|e| format!("the run's session does not decode: {e:?}"))?;
        if back != shared {
            return Err("the run's session changes through encode/decode".into());
        }
        let (again, _) = back.replay().map_err(|e| format!("the run does not replay: {}", e.text(Lang::En)))?;
        if again.snapshot() != sim.snapshot() {
            return Err("the replayed run differs from the run".into());
        }
    }
    Ok(())
}

fn play(run: &Run, events: &mut Vec<kafka_playground::sim::Event>) -> Result<Option<Sim>, String> {
    let mut cfg = match run.brokers {
        1 => ClusterConfig::with_brokers(1, vec![TopicSpec::new("orders", 2, 1)]),
        2 => ClusterConfig::with_brokers(6, vec![TopicSpec::new("orders", 3, 3), TopicSpec::new("t2", 1, 2)]),
        _ => ClusterConfig::default(),
    };
    for (k, v) in &run.sets {
        if let Err(e) = cfg.set(k, v) {
            if !e.message.contains(k.as_str()) && !e.message.contains(v.trim()) {
                return Err(format!("set({k:?}, {v:?}) fails without naming the key: {}", e.message));
            }
        }
    }
    let Ok(mut sim) = Sim::new(cfg, run.seed) else { return Ok(None) };
    // The caller of `run_for` picks the time; 5 virtual minutes a case keeps cases comparable
    // (a spinning configuration, e.g. 0 ms latency with replica.fetch.wait.max.ms=0, costs
    // ~50 times a normal one per virtual second, as Kafka's fetcher would spin too).
    let mut virtual_ms = 0u64;
    for op in &run.ops {
        if let Op::Run(ms) | Op::StepNotable(ms) = op {
            virtual_ms += ms;
            if virtual_ms > MAX_CASE_MS {
                break;
            }
        }
        match op {
            Op::Apply(a) => match sim.apply(a.clone()) {
                Ok(e) => events.extend(e),
                Err(e) => check_text("action error", &e.message)?,
            },
            Op::Run(ms) => events.extend(sim.run_for(*ms)),
            Op::Step => events.extend(sim.step()),
            Op::StepItem(n) => (0..*n).for_each(|_| events.extend(sim.step_item())),
            Op::StepNotable(ms) => events.extend(sim.step_notable(*ms)),
            Op::Snapshot => {
                let _ = sim.snapshot();
            }
        }
    }
    Ok(Some(sim))
}

/// An actions script as text (the `actions` corpus): `seed N`, `brokers N` (0 = default, 1, 2 = six
/// brokers) and `set key=value` lines first, then one op per line: an `Action` as JSON (serde's
/// form, e.g. `{"action":"crash_broker","broker":1}`), `run <ms>`, `step`, `items <n>`,
/// `notable <ms>` or `snapshot`. Lines that do not read are skipped (mutants are mostly such).
pub fn parse_run(text: &str) -> Run {
    let mut run = Run { seed: 1, sets: Vec::new(), brokers: 0, ops: Vec::new() };
    for line in text.lines().map(str::trim) {
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let n = rest.trim().parse::<u64>();
        match word {
            "seed" => run.seed = n.unwrap_or(1),
            "brokers" => run.brokers = n.map_or(0, |n| (n % 3) as u8),
            "set" => {
                if let Some((k, v)) = rest.split_once('=') {
                    run.sets.push((k.trim().to_string(), v.trim().to_string()));
                }
            }
            // Bounded like the structured ops: the caller of `run_for` chooses the time.
            "run" => run.ops.push(Op::Run(n.unwrap_or(0).min(600_000))),
            "step" => run.ops.push(Op::Step),
            "items" => run.ops.push(Op::StepItem(n.unwrap_or(1).min(2_000) as u16)),
            "notable" => run.ops.push(Op::StepNotable(n.unwrap_or(0).min(600_000))),
            "snapshot" => run.ops.push(Op::Snapshot),
            _ => {
                if let Ok(a) = serde_json::from_str::<Action>(line) {
                    run.ops.push(Op::Apply(a));
                }
            }
        }
        if run.ops.len() >= 200 {
            break;
        }
    }
    run
}
