//! `kplay`: the headless Kafka Playground CLI over the simulator and the lessons.
//!
//! Exit codes: 0 = fine, 1 = a lesson claim did not hold, 2 = bad arguments or a bad file.

// The CLI is native only (it reads files and directories). Browser test builds compile every
// binary of the crate for wasm32 too, so there it is an empty program.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use kafka_playground::lesson::{self, files, Lesson, Report, Runner};
    use kafka_playground::sim::{CheckReport, Event, Lang};
    use serde_json::json;
    use std::path::Path;
    use std::process::ExitCode;

    const HELP: &str = "\
    kplay: the Kafka Playground on the command line

    USAGE:
        kplay run FILE [--seed N] [--json] [--lang en|ko] [--verbose]
            Run a lesson or scenario file and print what happens, one event a line
            (`t=1009ms  Producer 1 gets its ack ...`), each step's narration and whether
            its claims hold. Plain message sends/deliveries are shown only with --verbose.
            --seed N    use another seed than the file's (its claims may then fail)
            --json      print a JSON trace instead: {\"lesson\":..., \"steps\":[...],
                        \"events\":[{\"seq\",\"at\",\"step\",\"type\",\"text\"}...],
                        \"summary\":{produced, acknowledged, committed, acknowledged_lost,
                        lost, failed, duplicated, truncated, reordered, txn_aborted,
                        consumed, consumed_again, now, passed, check}}, where check is
                        the checker per consumer group: {\"groups\":[{group, consumed,
                        redelivered, lost, duplicated, out_of_order, skipped}],
                        \"acknowledged_lost\"}, lists of record ids
            --lang L    narrate in English (en, the default) or Korean (ko)

        kplay lesson check [DIR|FILE]
            Run every lesson in DIR (default: lessons/) and check every claim.
            Prints one line per lesson; on a failure, names the lesson, the step and the claim.

        kplay partition --partitions N --key K [--key K2 ...]
            Print the partition each key goes to, one number a line in the order given: Kafka's
            default partitioner for keyed records, toPositive(murmur2(utf8(key))) % N.
            N is 1 to 1000000.

        kplay assign --strategy range|roundrobin|sticky|cooperative-sticky
            Read ONE consumer-group case as JSON on stdin, {\"topics\": {\"orders\": 3},
            \"members\": [{\"member_id\": \"c1\", \"topics\": [\"orders\"],
            \"owned_partitions\": [], ...}]}, run that assignor and print
            {\"c1\": [\"orders-0\", ...], ...} (members in input order).

        kplay term [--seed N] [--lang en|ko]
            Read Kafka command lines on stdin (kafka-topics.sh, kafka-consumer-groups.sh,
            kafka-configs.sh, kafka-console-producer.sh/-consumer.sh, `sleep SECONDS`) and
            print what each prints, against one simulated cluster (3 brokers, topic orders).
            After kafka-console-producer.sh, lines are records until a line `^D`.
            Exit code: the last command's.

        kplay help | --help | -h
            This text.

    EXIT CODES:
        0  everything ran and every claim held
        1  a lesson claim did not hold (or a wait_until timed out, or an action was refused)
        2  bad arguments, or a file that is not a valid lesson (reported as file:line:col),
           or (assign) input that is not a valid case

    Lesson files are documented in lessons/README.md.
    ";

    /// `println!` that does not panic when stdout is closed early (`kplay run ... | head`).
    macro_rules! outln {
        ($($t:tt)*) => {{
            use std::io::Write;
            let _ = writeln!(std::io::stdout(), $($t)*);
        }};
    }

    macro_rules! out {
        ($($t:tt)*) => {{
            use std::io::Write;
            let _ = write!(std::io::stdout(), $($t)*);
        }};
    }

    /// What went wrong, and the exit code it deserves.
    struct Fail(u8, String);

    fn usage(msg: impl Into<String>) -> Fail {
        Fail(2, format!("{}\nRun `kplay --help` for usage.", msg.into()))
    }

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let result = match args.first().map(String::as_str) {
            Some("help" | "--help" | "-h") => {
                out!("{HELP}");
                Ok(())
            }
            None => Err(Fail(2, format!("expected a command\n\n{HELP}"))),
            Some("run") => cmd_run(&args[1..]),
            Some("lesson") => match args.get(1).map(String::as_str) {
                Some("check") => cmd_lesson_check(&args[2..]),
                Some(other) => Err(usage(format!("unknown lesson command `{other}` (expected `lesson check [DIR]`)"))),
                None => Err(usage("expected `kplay lesson check [DIR]`")),
            },
            Some("partition") => cmd_partition(&args[1..]),
            Some("assign") => cmd_assign(&args[1..]),
            Some("term") => cmd_term(&args[1..]),
            Some(other) => Err(usage(format!("unknown command `{other}`"))),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(Fail(code, msg)) => {
                eprintln!("kplay: {msg}");
                ExitCode::from(code)
            }
        }
    }

    struct RunOpts {
        file: String,
        seed: Option<u64>,
        json: bool,
        lang: Lang,
        verbose: bool,
    }

    fn parse_run_args(args: &[String]) -> Result<RunOpts, Fail> {
        let mut opts = RunOpts { file: String::new(), seed: None, json: false, lang: Lang::En, verbose: false };
        let mut file = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--json" => opts.json = true,
                "--verbose" | "-v" => opts.verbose = true,
                "--seed" => {
                    let v = it.next().ok_or_else(|| usage("--seed needs a number"))?;
                    opts.seed = Some(v.parse().map_err(|_| usage(format!("--seed needs a whole number, not `{v}`")))?);
                }
                "--lang" => {
                    let v = it.next().ok_or_else(|| usage("--lang needs en or ko"))?;
                    opts.lang = Lang::parse(v).ok_or_else(|| usage(format!("--lang needs en or ko, not `{v}`")))?;
                }
                s if s.starts_with('-') => return Err(usage(format!("unknown option `{s}` for `kplay run`"))),
                s => {
                    if file.is_some() {
                        return Err(usage(format!("`kplay run` takes one file; `{s}` is one too many")));
                    }
                    file = Some(s.to_string());
                }
            }
        }
        opts.file = file.ok_or_else(|| usage("expected `kplay run FILE`"))?;
        Ok(opts)
    }

    fn load(path: &str) -> Result<Lesson, Fail> {
        files::load(Path::new(path)).map_err(|e| Fail(2, e.to_string()))
    }

    fn cmd_run(args: &[String]) -> Result<(), Fail> {
        let opts = parse_run_args(args)?;
        let lesson = load(&opts.file)?;
        let seed = opts.seed.unwrap_or(lesson.seed);
        let mut runner = Runner::with_seed(lesson.clone(), seed).map_err(|e| Fail(2, e.to_string()))?;
        runner.run_all();
        let report = runner.report().clone();
        let check = runner.sim().check();
        if opts.json {
            outln!("{}", json_trace(&lesson, &report, &check, &opts));
        } else {
            print_text(&lesson, &report, &check, &opts);
        }
        match report.failures().first() {
            None => Ok(()),
            Some(f) => Err(Fail(1, f.to_string())),
        }
    }

    fn shown(e: &Event, verbose: bool) -> bool {
        verbose || e.kind.is_notable()
    }

    fn print_text(lesson: &Lesson, report: &Report, check: &CheckReport, opts: &RunOpts) {
        let lang = opts.lang;
        outln!("# {}  ({}, seed {})", lesson.title.get(lang), lesson.id, report.seed);
        outln!("{}", lesson.summary.get(lang));
        for s in &report.steps {
            let step = &lesson.steps[s.index];
            outln!();
            outln!("== {}. {}", s.index + 1, s.say.get(lang));
            if let Some(p) = &step.predict {
                outln!("   ? {}", p.question.get(lang));
                for (i, c) in p.choices.iter().enumerate() {
                    outln!("     {}) {}", i + 1, c.get(lang));
                }
            }
            for e in s.events.iter().filter(|e| shown(e, opts.verbose)) {
                outln!("t={}ms  {}", e.at, e.kind.text(lang));
            }
            for (line, stdout) in &s.terminal {
                outln!("   $ {line}");
                for l in stdout.lines() {
                    outln!("   {l}");
                }
            }
            for c in &s.claims {
                if c.holds {
                    outln!("   ok    {}", c.claim);
                } else {
                    outln!("   FAIL  {}  ({} is {})", c.claim, c.path, c.actual);
                }
            }
            if let Some(p) = &step.predict {
                let answer = &p.choices[p.answer_index];
                outln!("   = {}) {}: {}", p.answer_index + 1, answer.get(lang), p.explain.get(lang));
            }
            if let Some(e) = &s.error {
                outln!("   ERROR {}", e.message);
            }
        }
        let l = &report.ledger;
        outln!();
        outln!("ledger: produced={} acknowledged={} committed={} acknowledged_lost={} lost={} failed={} duplicated={} truncated={} reordered={} txn_aborted={} consumed={} consumed_again={}  (t={}ms)",
            l.produced, l.acknowledged, l.committed, l.acknowledged_lost, l.lost, l.failed, l.duplicated, l.truncated,
            l.reordered, l.txn_aborted, l.consumed, l.consumed_again, report.now);
        for g in &check.groups {
            outln!("check: group {} consumed={} redelivered={} lost={} duplicated={} out_of_order={} skipped={}",
                g.group, g.consumed, g.redelivered, g.lost.len(), g.duplicated.len(), g.out_of_order.len(), g.skipped.len());
        }
    }

    /// `{"lesson":..,"file":..,"seed":..,"lang":..,"steps":[..],"events":[..],"summary":{..}}`,
    /// written key by key so that the summary is always last.
    fn json_trace(lesson: &Lesson, report: &Report, check: &CheckReport, opts: &RunOpts) -> String {
        let lang = opts.lang;
        let mut events = Vec::new();
        let mut steps = Vec::new();
        for s in &report.steps {
            for e in s.events.iter().filter(|e| shown(e, opts.verbose)) {
                events.push(json!({
                    "seq": e.seq,
                    "at": e.at,
                    "step": s.index + 1,
                    "type": lesson::expr::event_name(&e.kind),
                    "text": e.kind.text(lang),
                }));
            }
            let claims: Vec<_> = s.claims.iter().map(|c| json!({
                "claim": c.claim,
                "line": c.pos.line,
                "holds": c.holds,
                "actual": c.actual.to_string(),
            })).collect();
            steps.push(json!({
                "step": s.index + 1,
                "say": s.say.get(lang),
                "claims": claims,
                "error": s.error.as_ref().map(|e| e.message.clone()),
            }));
        }
        let l = &report.ledger;
        let summary = json!({
            "produced": l.produced,
            "acknowledged": l.acknowledged,
            "committed": l.committed,
            "acknowledged_lost": l.acknowledged_lost,
            "lost": l.lost,
            "failed": l.failed,
            "duplicated": l.duplicated,
            "truncated": l.truncated,
            "reordered": l.reordered,
            "txn_aborted": l.txn_aborted,
            "consumed": l.consumed,
            "consumed_again": l.consumed_again,
            "now": report.now,
            "passed": report.passed(),
            "check": check,
        });
        let s = |v: serde_json::Value| v.to_string();
        format!(
            "{{\"lesson\":{},\"file\":{},\"seed\":{},\"lang\":{},\"steps\":{},\"events\":{},\"summary\":{}}}",
            s(json!(lesson.id)), s(json!(lesson.file)), report.seed, s(json!(lang.code())),
            s(json!(steps)), s(json!(events)), s(summary),
        )
    }

    fn cmd_lesson_check(args: &[String]) -> Result<(), Fail> {
        let target = match args {
            [] => "lessons".to_string(),
            [d] if !d.starts_with('-') => d.clone(),
            _ => return Err(usage("expected `kplay lesson check [DIR|FILE]`")),
        };
        let path = Path::new(&target);
        let paths = if path.is_dir() {
            files::lesson_files(path).map_err(|e| Fail(2, format!("{target}: cannot read the directory: {e}")))?
        } else if path.is_file() {
            vec![path.to_path_buf()]
        } else {
            return Err(Fail(2, format!("{target}: no such file or directory")));
        };
        if paths.is_empty() {
            return Err(Fail(2, format!("{target}: no lesson files (*.toml) here")));
        }
        let (mut bad_files, mut failed) = (Vec::new(), Vec::new());
        for p in &paths {
            let name = p.display().to_string();
            let lesson = match files::load(p) {
                Ok(l) => l,
                Err(e) => {
                    outln!("INVALID {name}");
                    bad_files.push(e.to_string());
                    continue;
                }
            };
            match lesson::check(&lesson) {
                Ok(r) => outln!("ok      {name}  ({}: {} steps, {} claims)", lesson.id, r.steps.len(), r.claim_count()),
                Err(f) => {
                    outln!("FAILED  {name}  ({})", lesson.id);
                    failed.push(f.to_string());
                }
            }
        }
        let problems: Vec<String> = bad_files.iter().chain(failed.iter()).cloned().collect();
        if problems.is_empty() {
            outln!("{} lesson(s) checked, all claims hold", paths.len());
            return Ok(());
        }
        let code = if bad_files.is_empty() { 1 } else { 2 };
        Err(Fail(code, problems.join("\nkplay: ")))
    }

    /// Most partitions `kplay partition` accepts (far beyond any real topic; catches typos).
    const MAX_PARTITIONS: u32 = 1_000_000;

    fn cmd_partition(args: &[String]) -> Result<(), Fail> {
        let (mut partitions, mut keys) = (None, Vec::new());
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--partitions" => {
                    let v = it.next().ok_or_else(|| usage("--partitions needs a number"))?;
                    let n = v.parse::<u32>().ok().filter(|n| (1..=MAX_PARTITIONS).contains(n))
                        .ok_or_else(|| usage(format!("--partitions needs a number from 1 to {MAX_PARTITIONS}, not `{v}`")))?;
                    partitions = Some(n);
                }
                "--key" => keys.push(it.next().ok_or_else(|| usage("--key needs a key"))?.clone()),
                s => return Err(usage(format!("unknown argument `{s}` for `kplay partition` (expected --partitions N --key K ...)"))),
            }
        }
        let n = partitions.ok_or_else(|| usage("`kplay partition` needs --partitions N"))?;
        if keys.is_empty() {
            return Err(usage("`kplay partition` needs at least one --key K"));
        }
        for k in &keys {
            outln!("{}", kafka_playground::sim::partitioner::partition_for_key(k, n));
        }
        Ok(())
    }

    /// `kplay term`: each stdin line goes through the same `Terminal::run` the UI panel uses.
    fn cmd_term(args: &[String]) -> Result<(), Fail> {
        use kafka_playground::sim::{ClusterConfig, Sim};
        use kafka_playground::terminal::Terminal;
        use std::io::{BufRead, Write};
        let (mut seed, mut lang) = (1u64, Lang::En);
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--seed" => {
                    let v = it.next().ok_or_else(|| usage("--seed needs a number"))?;
                    seed = v.parse().map_err(|_| usage(format!("--seed needs a whole number, not `{v}`")))?;
                }
                "--lang" => match it.next().map(String::as_str) {
                    Some("en") => lang = Lang::En,
                    Some("ko") => lang = Lang::Ko,
                    _ => return Err(usage("--lang needs en or ko")),
                },
                s => return Err(usage(format!("unknown argument `{s}` for `kplay term` (expected --seed N, --lang en|ko)"))),
            }
        }
        let mut sim = Sim::new(ClusterConfig::default(), seed).map_err(|e| Fail(2, e.message))?;
        let mut term = Terminal::new(lang);
        kafka_playground::terminal::boot(&mut sim);
        let mut code = 0;
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| Fail(2, format!("cannot read stdin: {e}")))?;
            let out = term.run(&mut sim, &line);
            let _ = std::io::stdout().write_all(out.stdout.as_bytes());
            let _ = std::io::stderr().write_all(out.stderr.as_bytes());
            code = out.exit_code;
        }
        if code != 0 {
            // The tool already printed its error; only the status remains to report.
            let _ = std::io::stdout().flush();
            std::process::exit(code.clamp(1, 255));
        }
        Ok(())
    }

    fn cmd_assign(args: &[String]) -> Result<(), Fail> {
        let strategy = match args {
            [flag, s] if flag == "--strategy" => s.clone(),
            [flag] if flag == "--strategy" => return Err(usage("--strategy needs range, roundrobin, sticky or cooperative-sticky")),
            [] => return Err(usage("`kplay assign` needs --strategy range|roundrobin|sticky|cooperative-sticky")),
            _ => return Err(usage(format!("unexpected arguments `{}` for `kplay assign` (expected --strategy S, and the case on stdin)", args.join(" ")))),
        };
        kafka_playground::sim::assignor::Strategy::parse(&strategy).map_err(usage)?;
        let mut input = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
            .map_err(|e| Fail(2, format!("cannot read stdin: {e}")))?;
        let out = kafka_playground::sim::assignor::assign_json(&strategy, &input).map_err(|e| Fail(2, e))?;
        outln!("{out}");
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
