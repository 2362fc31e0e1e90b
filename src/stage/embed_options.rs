//! The embedding parameters of the page URL: `?embed=1`, `?lang=`, `?theme=`, `?autoplay`,
//! `?speed=`, `?lock=`, `?origins=`. Each is validated; a bad one is reported by name (and the
//! page starts without it), never ignored silently.

use crate::sim::Lang;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// Controls an embedder can hide (`?lock=reset,seed,crash`). The names are what the viewer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Control {
    Step,
    Play,
    Speed,
    Reset,
    Seed,
    Replay,
    Crash,
    Stop,
    Restart,
    Stall,
    Produce,
    Settings,
    Share,
    Lang,
}

impl Control {
    pub const ALL: [Control; 14] = [
        Control::Step, Control::Play, Control::Speed, Control::Reset, Control::Seed, Control::Replay, Control::Crash,
        Control::Stop, Control::Restart, Control::Stall, Control::Produce, Control::Settings, Control::Share, Control::Lang,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Control::Step => "step",
            Control::Play => "play",
            Control::Speed => "speed",
            Control::Reset => "reset",
            Control::Seed => "seed",
            Control::Replay => "replay",
            Control::Crash => "crash",
            Control::Stop => "stop",
            Control::Restart => "restart",
            Control::Stall => "stall",
            Control::Produce => "produce",
            Control::Settings => "settings",
            Control::Share => "share",
            Control::Lang => "lang",
        }
    }

    pub fn parse(s: &str) -> Option<Control> {
        Control::ALL.into_iter().find(|c| c.name() == s)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedOptions {
    pub embed: bool,
    pub lang: Option<Lang>,
    pub theme: Theme,
    pub autoplay: bool,
    /// Play speed as a factor of real time (0.1 … 1000).
    pub speed: Option<f64>,
    pub lock: Vec<Control>,
    /// Origins allowed to exchange messages with an embedded playground (`https://host[:port]`).
    pub origins: Vec<String>,
}

impl EmbedOptions {
    pub fn locked(&self, c: Control) -> bool {
        self.lock.contains(&c)
    }
}

/// A parameter that could not be used: which one, the value, and what it accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub param: &'static str,
    pub value: String,
    pub expected: &'static str,
    pub expected_ko: &'static str,
}

impl ParamError {
    pub fn text(&self, lang: Lang) -> String {
        let value: String = self.value.chars().take(80).collect();
        match lang {
            Lang::En => format!("URL parameter ?{}= has the value '{value}': {}", self.param, self.expected),
            Lang::Ko => format!("URL 파라미터 ?{}=의 값 '{value}'을(를) 쓸 수 없습니다: {}", self.param, self.expected_ko),
        }
    }
}

pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 1000.0;
/// Most origins in `?origins=` (a list, not a wildcard).
pub const MAX_ORIGINS: usize = 20;

fn flag(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `https://example.org` or `http://127.0.0.1:8000`, lower-cased as browsers report
/// `MessageEvent.origin`; a trailing `/` is forgiven. `null` and `*` are refused: any sandboxed
/// page is `null`, and a wildcard would let every site drive the playground.
pub fn parse_origin(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"))?;
    let (host, port) = match rest.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    // Host names and IPv4 addresses (IPv6 literals are not accepted here).
    let host_ok = !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !host.starts_with('.');
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n)));
    (host_ok && port_ok).then_some(s)
}

/// Reads the parameters (`(name, value)` pairs as `URLSearchParams` yields them). Unknown names
/// are left to other parts of the page (`?seed=`, the lesson player's).
pub fn parse<I, K, V>(pairs: I) -> (EmbedOptions, Vec<ParamError>)
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut o = EmbedOptions::default();
    let mut errors = Vec::new();
    let mut bad = |param, value: &str, expected, expected_ko| errors.push(ParamError { param, value: value.to_string(), expected, expected_ko });
    for (k, v) in pairs {
        let v = v.as_ref();
        match k.as_ref() {
            "embed" => match flag(v) {
                Some(b) => o.embed = b,
                None => bad("embed", v, "use embed=1 or embed=0", "embed=1 또는 embed=0을 쓰세요"),
            },
            "autoplay" => match flag(v) {
                Some(b) => o.autoplay = b,
                None => bad("autoplay", v, "use autoplay, autoplay=1 or autoplay=0", "autoplay, autoplay=1 또는 autoplay=0을 쓰세요"),
            },
            "lang" => match Lang::parse(v) {
                Some(l) => o.lang = Some(l),
                None => bad("lang", v, "use lang=en or lang=ko", "lang=en 또는 lang=ko를 쓰세요"),
            },
            "theme" => match v.trim().to_ascii_lowercase().as_str() {
                "light" => o.theme = Theme::Light,
                "dark" => o.theme = Theme::Dark,
                "" | "system" | "auto" => o.theme = Theme::System,
                _ => bad("theme", v, "use theme=light, theme=dark or theme=system", "theme=light, theme=dark 또는 theme=system을 쓰세요"),
            },
            "speed" => match v.trim().trim_end_matches(['x', '×']).parse::<f64>() {
                Ok(f) if f.is_finite() && (MIN_SPEED..=MAX_SPEED).contains(&f) => o.speed = Some(f),
                _ => bad("speed", v, "use a factor of real time from 0.1 to 1000, e.g. speed=10", "0.1부터 1000까지의 배속을 쓰세요 (예: speed=10)"),
            },
            "lock" => {
                for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    match Control::parse(&name.to_ascii_lowercase()) {
                        Some(c) if !o.lock.contains(&c) => o.lock.push(c),
                        Some(_) => {}
                        None => bad("lock", name, "known controls: step, play, speed, reset, seed, replay, crash, stop, restart, stall, produce, settings, share, lang",
                            "쓸 수 있는 이름: step, play, speed, reset, seed, replay, crash, stop, restart, stall, produce, settings, share, lang"),
                    }
                }
            }
            "origins" => {
                for item in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    match parse_origin(item) {
                        Some(origin) if o.origins.len() < MAX_ORIGINS => {
                            if !o.origins.contains(&origin) {
                                o.origins.push(origin)
                            }
                        }
                        Some(_) => bad("origins", item, "at most 20 origins", "origin은 최대 20개입니다"),
                        None => bad("origins", item, "each origin is scheme://host[:port], e.g. https://wiki.example.org (no path, no * or null)",
                            "origin마다 scheme://host[:port] 형식이어야 합니다 (예: https://wiki.example.org, 경로·*·null 불가)"),
                    }
                }
            }
            _ => {}
        }
    }
    (o, errors)
}

/// The `<iframe>` code of the "Embed" dialog: sandboxed (scripts only), 800×600, the language,
/// and optionally a session fragment (`#s=…`) to start at.
pub fn iframe_code(address: &str, lang: &str, fragment: Option<&str>) -> String {
    format!(
        "<iframe src=\"{address}?embed=1&amp;lang={lang}{}\" width=\"800\" height=\"600\" title=\"Kafka Playground\" \
         sandbox=\"allow-scripts\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
        fragment.unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_code_is_a_sandboxed_iframe() {
        let c = iframe_code("https://x.example/kplay/", "ko", Some("#s=1.abc"));
        assert!(c.contains("src=\"https://x.example/kplay/?embed=1&amp;lang=ko#s=1.abc\""), "{c}");
        assert!(c.contains("sandbox=\"allow-scripts\""));
    }

    use super::*;

    fn p(q: &[(&str, &str)]) -> (EmbedOptions, Vec<ParamError>) {
        parse(q.iter().copied())
    }

    #[test]
    fn a_full_embed_link() {
        let (o, errors) = p(&[("embed", "1"), ("lang", "ko"), ("theme", "dark"), ("autoplay", ""), ("speed", "2.5"),
            ("lock", "reset, seed,crash,seed"), ("origins", "https://Wiki.Example.org/,http://127.0.0.1:8000"), ("seed", "7")]);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(o.embed && o.autoplay);
        assert_eq!((o.lang, o.theme, o.speed), (Some(Lang::Ko), Theme::Dark, Some(2.5)));
        assert_eq!(o.lock, vec![Control::Reset, Control::Seed, Control::Crash]);
        assert!(o.locked(Control::Crash) && !o.locked(Control::Step));
        assert_eq!(o.origins, vec!["https://wiki.example.org".to_string(), "http://127.0.0.1:8000".to_string()]);
    }

    #[test]
    fn nothing_given_is_the_normal_page() {
        let (o, errors) = p(&[]);
        assert_eq!(o, EmbedOptions::default());
        assert!(errors.is_empty() && !o.embed && o.theme == Theme::System);
    }

    #[test]
    fn each_bad_value_is_named_and_skipped() {
        let (o, errors) = p(&[("embed", "maybe"), ("theme", "blue"), ("speed", "0"), ("speed", "NaN"), ("lock", "reset,nuke"),
            ("origins", "*,null,https://ok.example,ftp://x.example,https://a.example/path,https://a.example:99999"), ("lang", "fr")]);
        let named: Vec<(&str, &str)> = errors.iter().map(|e| (e.param, e.value.as_str())).collect();
        assert_eq!(named, vec![("embed", "maybe"), ("theme", "blue"), ("speed", "0"), ("speed", "NaN"), ("lock", "nuke"),
            ("origins", "*"), ("origins", "null"), ("origins", "ftp://x.example"), ("origins", "https://a.example/path"),
            ("origins", "https://a.example:99999"), ("lang", "fr")]);
        assert_eq!(o.lock, vec![Control::Reset]);
        assert_eq!(o.origins, vec!["https://ok.example".to_string()]);
        assert!(!o.embed && o.speed.is_none() && o.lang.is_none());
        let e = &errors[1];
        assert!(e.text(Lang::En).contains("?theme=") && e.text(Lang::En).contains("blue"));
        assert!(e.text(Lang::Ko).contains("?theme=") && e.text(Lang::Ko) != e.text(Lang::En));
    }

    #[test]
    fn every_control_name_round_trips() {
        for c in Control::ALL {
            assert_eq!(Control::parse(c.name()), Some(c));
        }
    }
}
