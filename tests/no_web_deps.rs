//! Proves that the simulator and the lesson engine have no web dependency.
//!
//! (a) No source file under `src/sim`, `src/lesson`, `src/terminal` or `src/player` mentions a web crate.
//! (b) Without the `ui` feature, the normal dependency tree (native and wasm32)
//!     contains no web crate, while with `ui` it does (so the check is not vacuous).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Identifiers (as they appear in Rust source) of crates that belong to the web layer.
const WEB_IDENTS: &[&str] = &["leptos", "web_sys", "wasm_bindgen", "js_sys", "gloo"];

/// Crate names (as `cargo tree` prints them) of the web layer.
const WEB_CRATES: &[&str] = &[
    "leptos",
    "web-sys",
    "wasm-bindgen",
    "js-sys",
    "gloo",
    "console_error_panic_hook",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read_dir {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The code part of a line: everything before a `//` comment.
fn code_part(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

#[test]
fn sim_and_lesson_sources_do_not_mention_web_crates() {
    let mut files = Vec::new();
    for sub in ["src/sim", "src/lesson", "src/terminal", "src/player"] {
        let dir = root().join(sub);
        assert!(dir.is_dir(), "{} is missing", dir.display());
        rust_files(&dir, &mut files);
    }
    files.sort();
    assert!(!files.is_empty(), "no .rs files found under src/sim or src/lesson");

    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
        for (n, line) in text.lines().enumerate() {
            let code = code_part(line);
            for ident in WEB_IDENTS {
                if code.contains(ident) {
                    let rel = file.strip_prefix(root()).unwrap_or(file);
                    offenders.push(format!("{}:{}: `{}` in: {}", rel.display(), n + 1, ident, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "src/sim and src/lesson must stay free of web crates; offenders:\n{}",
        offenders.join("\n")
    );
}

/// `cargo tree -e normal --prefix none` with extra args; returns the crate names listed.
fn cargo_tree(extra: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    let output = Command::new(&cargo)
        .current_dir(root())
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none", "--color", "never"])
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("running {cargo} tree: {e}"));
    assert!(
        output.status.success(),
        "cargo tree {:?} failed:\n{}",
        extra,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn web_crates_in(names: &[String]) -> Vec<String> {
    let mut hits: Vec<String> = names
        .iter()
        .filter(|n| WEB_CRATES.iter().any(|w| n.as_str() == *w || n.starts_with(&format!("{w}-")) || n.starts_with(&format!("{w}_"))))
        .cloned()
        .collect();
    hits.sort();
    hits.dedup();
    hits
}

#[test]
fn default_features_pull_in_no_web_crates() {
    for target in [None, Some("wasm32-unknown-unknown")] {
        let mut args = vec!["--no-default-features"];
        if let Some(t) = target {
            args.extend(["--target", t]);
        }
        let names = cargo_tree(&args);
        assert!(
            names.iter().any(|n| n == "kafka-playground"),
            "cargo tree output did not list the package itself: {names:?}"
        );
        let hits = web_crates_in(&names);
        assert!(
            hits.is_empty(),
            "without the `ui` feature (target {}), the dependency tree must hold no web crate, found: {hits:?}",
            target.unwrap_or("host")
        );
    }
}

#[test]
fn ui_feature_does_pull_in_web_crates() {
    // Positive control: the check above would notice web crates if they were there.
    let names = cargo_tree(&["--features", "ui", "--target", "wasm32-unknown-unknown"]);
    let hits = web_crates_in(&names);
    assert!(
        hits.iter().any(|h| h == "leptos") && hits.iter().any(|h| h == "wasm-bindgen"),
        "expected leptos and wasm-bindgen under --features ui, found: {hits:?}"
    );
}
