//! The Kafka CLI terminal's engine: one command line in, what Kafka's shell tools would print out.
//!
//! `Terminal::run(sim, line)` is the single entry point for the UI panel and `kplay term`. It
//! tokenizes like a shell (`tokenize.rs`), reads options like jopt-simple (`options.rs`) and hands
//! the words to one tool per file: `topics.rs` (kafka-topics.sh), `groups.rs`
//! (kafka-consumer-groups.sh), `configs.rs` (kafka-configs.sh), `election.rs`
//! (kafka-leader-election.sh), `reassign.rs` (kafka-reassign-partitions.sh, reading a plan written
//! with `echo … > file`), `console.rs` (the console producer and consumer). Tools read the simulator's state and change it only through `Sim::apply`.
//! Nothing here panics on any input: every failure becomes Kafka's error text and an exit code.

mod complete;
mod configs;
mod console;
mod election;
mod groups;
mod history;
mod options;
mod reassign;
mod reassign_generate;
mod share_groups;
mod tokenize;
mod topics;

pub use complete::{common_prefix, complete, COMMANDS};
pub use history::History;
pub use tokenize::tokenize;

use crate::sim::{ActionError, Event, Lang, Sim};
use options::OptError;

/// What one command line printed, and how it ended (0 = success, like a process exit code).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl Output {
    pub fn ok(stdout: impl Into<String>) -> Self {
        Output { stdout: stdout.into(), stderr: String::new(), exit_code: 0 }
    }
    pub fn fail(stderr: impl Into<String>) -> Self {
        Output { stdout: String::new(), stderr: stderr.into(), exit_code: 1 }
    }
    pub(crate) fn out(&mut self, line: impl AsRef<str>) {
        self.stdout.push_str(line.as_ref());
        self.stdout.push('\n');
    }
    pub(crate) fn err(&mut self, line: impl AsRef<str>) {
        self.stderr.push_str(line.as_ref());
        self.stderr.push('\n');
    }
}

/// How a tool reports an option error it did not expect (each of Kafka's tools differs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Crash {
    /// The exception escapes `main` (ConsumerGroupCommandOptions.fromArgs).
    Uncaught,
    /// TopicCommand.mainNoExit: printException to stdout, the stack trace to the log (stderr).
    TopicCommand,
    /// ConfigCommand.main: "Error while executing config command with args '…'" and the trace.
    ConfigCommand,
    /// ConsoleProducer: the message alone on stderr.
    MessageOnly,
    /// ConsoleConsumer.main: LOG.error("Unknown error when running consumer: ", t).
    ConsoleConsumer,
}

pub(crate) fn crash(style: Crash, class: &str, message: &str, args: &[String]) -> Output {
    let mut o = Output { exit_code: 1, ..Output::default() };
    match style {
        Crash::Uncaught => o.err(format!("Exception in thread \"main\" {class}: {message}")),
        Crash::TopicCommand => {
            o.out(format!("Error while executing topic command : {message}"));
            o.err(format!("ERROR {class}: {message} (org.apache.kafka.tools.TopicCommand)"));
        }
        Crash::ConfigCommand => {
            o.err(format!("Error while executing config command with args '{}'", args.join(" ")));
            o.err(format!("{class}: {message}"));
        }
        Crash::MessageOnly => o.err(message),
        Crash::ConsoleConsumer => {
            o.err("ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)");
            o.err(format!("{class}: {message}"));
        }
    }
    o
}

pub(crate) fn opt_crash(style: Crash, e: &OptError, args: &[String]) -> Output {
    let mut o = crash(style, e.class, &e.message, args);
    if e.message.starts_with("zookeeper ") {
        // Older notes (and the seeds) still use --zookeeper, which Kafka 4.x no longer has.
        o.err("Hint: Kafka 4.x has no ZooKeeper; use --bootstrap-server localhost:9092. / 힌트: Kafka 4.x에는 ZooKeeper가 없습니다. --bootstrap-server localhost:9092를 쓰세요.");
    }
    o
}

/// CommandLineUtils.printUsageAndExit: the message (the usage text that follows is left out).
pub(crate) fn usage_error(message: &str) -> Output {
    let mut o = Output::fail(format!("{message}\n"));
    o.err("(Kafka prints the option list here / 실제 Kafka는 여기에 옵션 목록을 출력합니다)");
    o
}

/// An interactive console producer reading records line by line.
#[derive(Clone, Debug)]
pub(crate) struct ProducerSession {
    pub topic: String,
    pub parse_key: bool,
    pub key_separator: String,
    /// `--property null.marker=M` (KIP-810): a key or value equal to M is sent as null.
    pub null_marker: Option<String>,
}

#[derive(Clone, Debug, Default)]
enum Mode {
    #[default]
    Shell,
    Producer(ProducerSession),
}

/// One terminal session: its history and whether a console producer is reading input.
#[derive(Clone, Debug, Default)]
pub struct Terminal {
    pub history: History,
    mode: Mode,
    /// Language of the terminal's own hints (Kafka's output stays as Kafka prints it).
    pub lang: Lang,
    /// Files written with `echo '…' > name` (a reassignment plan for kafka-reassign-partitions.sh).
    pub files: std::collections::BTreeMap<String, String>,
}

impl Terminal {
    pub fn new(lang: Lang) -> Self {
        Terminal { lang, ..Terminal::default() }
    }

    /// The prompt to show before the next line: `>` while a console producer reads records.
    pub fn prompt(&self) -> &'static str {
        match self.mode {
            Mode::Shell => "$ ",
            Mode::Producer(_) => ">",
        }
    }

    /// True while a console producer reads records (the next lines are record values).
    pub fn in_producer(&self) -> bool {
        matches!(self.mode, Mode::Producer(_))
    }

    /// Runs `line` on a copy of `start`. The engine changes a run only through `Sim::apply` and
    /// virtual time, so when the line changed it, replaying the copy's new actions from `start`
    /// gives the run after it and every event it caused; `Ok(None)` when it changed nothing.
    /// Used by the UI's terminal panel and the lessons' `term` action.
    pub fn run_on_copy(&mut self, start: Sim, line: &str) -> (Output, Result<Option<(Sim, Vec<Event>)>, ActionError>) {
        let mut work = start.clone();
        let out = self.run(&mut work, line);
        let mark = work.mark();
        if mark == start.mark() {
            return (out, Ok(None));
        }
        (out, start.continue_to(work.actions(), mark).map(Some))
    }

    /// Runs one line typed at the prompt.
    pub fn run(&mut self, sim: &mut Sim, line: &str) -> Output {
        if let Mode::Producer(session) = &self.mode {
            // Ctrl-D (EOT) ends the console producer, as closing stdin does.
            let t = line.trim();
            if t == "\u{4}" || t == "^D" {
                self.mode = Mode::Shell;
                return Output::default();
            }
            let session = session.clone();
            let (out, running) = console::produce_line(sim, &session, line);
            if !running {
                self.mode = Mode::Shell;
            }
            return out;
        }
        if !line.trim().is_empty() {
            self.history.push(line);
        }
        let words = match tokenize(line) {
            Ok(w) => w,
            Err(e) => return Output { stderr: format!("bash: {e}\n"), exit_code: 2, ..Output::default() },
        };
        let Some(first) = words.first() else { return Output::default() };
        // `bin/kafka-topics.sh`, `./kafka-topics.sh` and Confluent's `kafka-topics` all name the tool.
        let base = first.rsplit('/').next().unwrap_or(first);
        let tool = base.strip_suffix(".sh").unwrap_or(base);
        let args = &words[1..];
        match tool {
            "kafka-topics" => topics::run(sim, args),
            "kafka-consumer-groups" => groups::run(sim, args),
            "kafka-share-groups" => share_groups::run(sim, args),
            "kafka-configs" => configs::run(sim, args),
            "kafka-leader-election" => election::run(sim, args),
            "kafka-reassign-partitions" => reassign::run(sim, args, &self.files),
            "echo" => self.echo(args),
            "cat" => self.cat(args),
            "kafka-console-consumer" => console::consume(sim, args, self.lang),
            "kafka-console-producer" => match console::start_producer(sim, args) {
                Ok(session) => {
                    self.mode = Mode::Producer(session);
                    Output::default()
                }
                Err(o) => o,
            },
            "help" => Output::ok(self.help()),
            "sleep" => sleep(sim, args),
            "history" => {
                let mut o = Output::default();
                for (i, h) in self.history.entries().iter().enumerate() {
                    o.out(format!("{:>5}  {h}", i + 1));
                }
                o
            }
            _ => {
                let mut o = Output { exit_code: 127, ..Output::default() };
                o.err(format!("bash: {first}: command not found"));
                o.err(match self.lang {
                    Lang::En => "Type `help` for the Kafka tools this terminal knows.",
                    Lang::Ko => "`help`를 입력하면 이 터미널이 아는 Kafka 도구 목록이 나옵니다.",
                });
                o
            }
        }
    }

    /// `echo WORDS` prints them; `echo WORDS > FILE` (or `>FILE`) keeps them as a file.
    fn echo(&mut self, args: &[String]) -> Output {
        let mut words: Vec<&str> = Vec::new();
        let mut target = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == ">" {
                match it.next() {
                    Some(f) => target = Some(f.clone()),
                    None => return Output { stderr: "bash: syntax error near unexpected token `newline'\n".into(), exit_code: 2, ..Output::default() },
                }
            } else if let Some(f) = a.strip_prefix('>').filter(|f| !f.is_empty()) {
                target = Some(f.to_string());
            } else {
                words.push(a);
            }
        }
        let text = format!("{}\n", words.join(" "));
        match target {
            Some(f) if self.files.len() >= 32 && !self.files.contains_key(&f) => Output::fail("bash: too many files (this terminal keeps 32)\n"),
            Some(f) if text.len() > 64 * 1024 => Output::fail(format!("bash: {f}: file too large (64 KB at most here)\n")),
            Some(f) => {
                self.files.insert(f, text);
                Output::default()
            }
            None => Output::ok(text),
        }
    }

    fn cat(&self, args: &[String]) -> Output {
        let mut o = Output::default();
        for f in args {
            match self.files.get(f) {
                Some(t) => o.stdout.push_str(t),
                None => {
                    o.err(format!("cat: {f}: No such file or directory"));
                    o.exit_code = 1;
                }
            }
        }
        o
    }

    fn help(&self) -> String {
        let intro = match self.lang {
            Lang::En => "Kafka's command-line tools against the simulated cluster (bootstrap server: localhost:9092).\nTab completes commands and flags; ↑/↓ walk the history. In the console producer each line is a record; Ctrl-D ends it.",
            Lang::Ko => "시뮬레이션 클러스터에 Kafka 명령줄 도구를 실행합니다 (bootstrap server: localhost:9092).\nTab으로 명령과 옵션을 완성하고 ↑/↓로 히스토리를 오갑니다. console producer에서는 한 줄이 레코드 하나이며 Ctrl-D로 끝냅니다.",
        };
        let mut s = format!("{intro}\n\n");
        for c in COMMANDS {
            s.push_str(&format!("  {c}\n"));
        }
        s
    }
}

/// Lets a freshly built simulator elect its first leaders (at most 30 virtual seconds), so the
/// first command sees a running cluster.
pub fn boot(sim: &mut Sim) {
    let mut events = Vec::new();
    sim.run_until_pred(30_000, |s| s.controller().partitions.iter().all(|p| p.leader.is_some()), &mut events);
}

/// `sleep SECONDS`: virtual time passes (at most an hour), as the shell's sleep lets real time pass.
fn sleep(sim: &mut Sim, args: &[String]) -> Output {
    match args {
        [s] => match s.trim_end_matches('s').parse::<f64>() {
            Ok(secs) if (0.0..=3600.0).contains(&secs) => {
                sim.run_for((secs * 1000.0).round() as u64);
                Output::default()
            }
            _ => Output::fail(format!("sleep: invalid time interval '{s}' (0 to 3600 seconds here)\n")),
        },
        [] => Output::fail("sleep: missing operand\n"),
        _ => Output::fail("sleep: extra operand (give one number of seconds)\n"),
    }
}

/// Commits offsets for a group as the admin client does: a retriable coordinator error
/// (COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR) is retried every retry.backoff.ms (100 ms) of
/// virtual time until default.api.timeout.ms (60 s) has passed.
pub(crate) fn commit_offsets(sim: &mut Sim, group: &str, topic: &str, offsets: &[(u32, u64)]) -> Result<(), String> {
    let deadline = sim.now() + 60_000;
    if !sim.topology().topics.contains_key(crate::sim::group::OFFSETS_TOPIC) {
        let create = crate::sim::Action::CreateTopic {
            topic: crate::sim::group::OFFSETS_TOPIC.to_string(), partitions: 0, replication_factor: 0, configs: Default::default(),
        };
        sim.apply(create).map_err(|e| e.message)?;
    }
    loop {
        let action = crate::sim::Action::ResetGroupOffsets { group: group.to_string(), topic: topic.to_string(), offsets: offsets.to_vec() };
        match sim.apply(action) {
            Ok(_) => return Ok(()),
            Err(e) if (e.message.starts_with("COORDINATOR_NOT_AVAILABLE") || e.message.starts_with("NOT_COORDINATOR")) && sim.now() < deadline => {
                sim.run_for(100);
            }
            Err(e) => return Err(e.message),
        }
    }
}

/// Maps a simulator refusal to the exception class Kafka's admin client would raise.
pub(crate) fn exception_class(message: &str) -> &'static str {
    let classes: &[(&str, &str)] = &[
        ("already exists", "org.apache.kafka.common.errors.TopicExistsException"),
        ("Unable to replicate", "org.apache.kafka.common.errors.InvalidReplicationFactorException"),
        ("Topic name", "org.apache.kafka.common.errors.InvalidTopicException"),
        ("partitions", "org.apache.kafka.common.errors.InvalidPartitionsException"),
        ("UNKNOWN_TOPIC_OR_PARTITION", "org.apache.kafka.common.errors.UnknownTopicOrPartitionException"),
        ("Unknown topic config", "org.apache.kafka.common.errors.InvalidConfigurationException"),
        ("Invalid value", "org.apache.kafka.common.config.ConfigException"),
        ("COORDINATOR_NOT_AVAILABLE", "org.apache.kafka.common.errors.CoordinatorNotAvailableException"),
        ("UNKNOWN_MEMBER_ID", "org.apache.kafka.common.errors.UnknownMemberIdException"),
    ];
    classes.iter().find(|(needle, _)| message.contains(needle)).map_or("org.apache.kafka.common.KafkaException", |(_, c)| c)
}

/// The message without the simulator's `ERROR_NAME: ` prefix, as Kafka's exceptions print it.
pub(crate) fn bare(message: &str) -> &str {
    match message.split_once(": ") {
        Some((code, rest)) if code.chars().all(|c| c.is_ascii_uppercase() || c == '_') => rest,
        _ => message,
    }
}
