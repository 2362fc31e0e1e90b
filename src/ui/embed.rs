//! Embedding: the `?embed=1` layout, `?theme=`, `?lock=`, `?autoplay`, `?speed=`, and the
//! postMessage API (events to the host page, commands from it), for origins in `?origins=` only.
//! The host page talks to us with `iframe.contentWindow.postMessage({type: "step"}, "*")`.

use super::format::slider_from_speed;
use super::i18n::status_label;
use super::lesson_link::{At, LessonLink};
use super::state::Store;
use crate::sim::event::EventKind;
use crate::sim::Lang;
use crate::stage::embed_options::{self, EmbedOptions};
use crate::stage::protocol::{self, Command, Outgoing, COMMANDS, PROTOCOL_VERSION};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The query string as `(name, value)` pairs, decoded as `URLSearchParams` would.
fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        js_sys::decode_uri_component(&s).ok().and_then(|v| v.as_string()).unwrap_or(s)
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(kv), String::new()),
        })
        .collect()
}

/// Reads and applies the embedding parameters; bad ones are reported in the error banner.
pub fn start(store: Store) -> EmbedOptions {
    let (options, errors) = embed_options::parse(query_pairs());
    if !errors.is_empty() {
        let lang = store.lang.get_untracked();
        let said = errors.iter().map(|e| e.text(lang)).collect::<Vec<_>>().join(" · ");
        // Keep a shared link's complaint, if any, in front.
        store.error.update(|e| *e = Some(match e.take() { Some(before) => format!("{before} · {said}"), None => said }));
    }
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        if options.embed {
            let _ = root.set_attribute("data-embed", "1");
        }
        if let Some(theme) = options.theme.code() {
            let _ = root.set_attribute("data-theme", theme);
        }
        if !options.lock.is_empty() {
            let names: Vec<&str> = options.lock.iter().map(|c| c.name()).collect();
            let _ = root.set_attribute("data-lock", &names.join(" "));
        }
    }
    if let Some(f) = options.speed {
        store.speed.set(slider_from_speed(f));
    }
    if options.autoplay {
        store.playing.set(true);
    }
    if !options.origins.is_empty() {
        messaging(store, options.origins.clone());
    }
    options
}

/// The host page (our parent frame), when there is one.
fn host() -> Option<web_sys::Window> {
    let w = web_sys::window()?;
    let parent = w.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &w)).then_some(parent)
}

/// Posts `msg` to the host, once per allowed origin: the browser delivers it only if the host's
/// origin is that one, so a page not in the list never hears from us.
fn post(origins: &[String], msg: &Outgoing) {
    let Some(host) = host() else { return };
    let Ok(data) = js_sys::JSON::parse(&msg.to_json()) else { return };
    for origin in origins {
        let _ = host.post_message(&data, origin);
    }
}

/// The reply to one host (an origin we already checked).
fn reply(origin: &str, msg: &Outgoing) {
    post(&[origin.to_string()], msg);
}

fn messaging(store: Store, origins: Vec<String>) {
    let Some(window) = web_sys::window() else { return };
    if host().is_none() {
        return; // not framed: nobody to talk to
    }
    let allowed = StoredValue::new(origins);
    let link = use_context::<LessonLink>();

    // Commands in: only from an allowed origin, and never our own events echoed back.
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let origin = ev.origin();
        if !allowed.with_value(|a| protocol::origin_allowed(&origin, a)) {
            return; // not on the list: ignored and not answered
        }
        let data = ev.data();
        let text = match data.as_string() {
            Some(s) => serde_json::to_string(&s).unwrap_or_default(),
            None => js_sys::JSON::stringify(&data).ok().and_then(|s| s.as_string()).unwrap_or_default(),
        };
        if text.contains(protocol::SOURCE) && text.contains("\"source\"") {
            return;
        }
        match protocol::parse_command(&text) {
            Ok(cmd) => {
                // A change of playing is reported by the Effect below; everything else here.
                let was_playing = store.playing.get_untracked();
                let toggles = matches!(cmd, Command::Play | Command::Pause);
                run(store, link, cmd, &origin);
                if !(toggles && store.playing.get_untracked() != was_playing) {
                    reply(&origin, &state_of(store));
                }
            }
            Err(e) => reply(&origin, &Outgoing::Error { message: e.0 }),
        }
    });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget(); // lives as long as the page

    // Events out: the lesson's step and its end.
    if let Some(link) = link {
        Effect::new(move |prev: Option<Option<At>>| {
            let at = link.at.get();
            if let (Some(a), Some(before)) = (&at, prev) {
                if before.as_ref() != Some(a) {
                    let msg = if a.finished {
                        Outgoing::LessonFinished { lesson: a.lesson.clone() }
                    } else {
                        Outgoing::StepChanged { lesson: a.lesson.clone(), step: a.step, steps: a.steps }
                    };
                    allowed.with_value(|o| post(o, &msg));
                }
            }
            at
        });
    }
    let status_of = Memo::new(move |_| store.snap.with(|s| s.brokers.iter().map(|b| (b.id, b.status)).collect::<Vec<_>>()));
    Effect::new(move |prev: Option<Vec<(u32, crate::sim::broker::BrokerStatus)>>| {
        let now = status_of.get();
        if let Some(prev) = prev {
            for (id, status) in &now {
                let before = prev.iter().find(|(b, _)| b == id).map(|(_, s)| *s);
                if let Some(before) = before.filter(|b| b != status) {
                    let msg = Outgoing::BrokerStateChanged {
                        broker: *id,
                        status: status_label(Lang::En, *status).into(),
                        previous: status_label(Lang::En, before).into(),
                    };
                    allowed.with_value(|a| post(a, &msg));
                }
            }
        }
        now
    });
    // Losses already in the log when we start (an opened link) are not news.
    let newest_seq = move || store.log.with_untracked(|log| log.newest_first(false).next().map(|e| e.seq));
    let last_seq = StoredValue::new(newest_seq());
    Effect::new(move |_| {
        let lost: Vec<Outgoing> = store.log.with(|log| {
            let newest = log.newest_first(false).next().map(|e| e.seq);
            // A reset restarts the numbering: then everything in the (new) log is news.
            let seen = last_seq.get_value().filter(|s| newest.is_some_and(|n| n >= *s));
            let mut out = Vec::new();
            for e in log.newest_first(false) {
                if seen.is_some_and(|s| e.seq <= s) {
                    break;
                }
                if let EventKind::RecordsLost { tp, records, acknowledged, .. } = &e.kind {
                    out.push(Outgoing::RecordLost { topic: tp.topic.clone(), partition: tp.partition, records: records.len(), acknowledged: *acknowledged as usize });
                }
            }
            last_seq.set_value(newest);
            out.reverse();
            out
        });
        for msg in lost {
            allowed.with_value(|a| post(a, &msg));
        }
    });
    Effect::new(move |prev: Option<bool>| {
        let playing = store.playing.get();
        if prev.is_some_and(|p| p != playing) {
            let msg = state_of(store);
            allowed.with_value(|a| post(a, &msg));
        }
        playing
    });

    let ready = Outgoing::Ready {
        protocol: PROTOCOL_VERSION,
        lang: store.lang.get_untracked().code().into(),
        seed: store.seed(),
        commands: COMMANDS.to_vec(),
    };
    allowed.with_value(|a| post(a, &ready));
}

fn state_of(store: Store) -> Outgoing {
    let (now, position) = store.snap.with_untracked(|s| (s.now, s.position));
    Outgoing::StateChanged { now, position, playing: store.playing.get_untracked() }
}

fn run(store: Store, link: Option<LessonLink>, cmd: Command, origin: &str) {
    match cmd {
        Command::Step => store.step(),
        Command::Play => store.playing.set(true),
        Command::Pause => store.playing.set(false),
        Command::Reset => store.reset(store.seed()),
        Command::Goto { step } => match link {
            Some(link) => match link.goto_problem(step) {
                None => link.goto.set(Some(step)),
                Some(problem) => reply(origin, &Outgoing::Error { message: problem }),
            },
            None => reply(origin, &Outgoing::Error { message: "goto needs a lesson on screen".into() }),
        },
    }
}
