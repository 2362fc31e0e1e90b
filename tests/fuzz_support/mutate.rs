//! The byte fuzzer's inputs: corpus seeds (`tests/fuzz/corpus/<target>/`), mutated by a short
//! list of edits that proptest can shrink (fewer edits, smaller tokens), or plain random bytes.
//! Every input ends as a `String` (lossy UTF-8), since every entry point takes `&str`.

use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Numbers that break code: limits, overflows, negative and odd spellings.
pub const NUMBERS: &[&str] = &[
    "0", "1", "2", "-1", "3", "7", "100", "1000", "2000", "2001", "10000", "100000", "1000000", "1e9", "1000000000",
    "2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
    "18446744073709551615", "18446744073709551616", "-9223372036854775808", "99999999999999999999999", "0x10",
    "1.5", "-0", "+5", "00", "1_000", "NaN", "inf", "",
];

/// Other awkward text: empty, whitespace, quotes, control characters, unicode, long words.
pub fn odd_strings() -> Vec<String> {
    let mut v: Vec<String> = [
        "", " ", "\t", "\n", "\r\n", "\"", "'", "\\", "=", "==", ";", ":", ",", "[", "]", "{", "}", "[[", "]]", "#", "-", "--", ".",
        "\u{0}", "\u{4}", "^D", "é", "가", "키", "\u{200b}", "\u{10ffff}", "🦀", "\u{fffd}", "null", "true", "NULL", "$HOME", "`", "*",
    ].iter().map(|s| s.to_string()).collect();
    v.push("x".repeat(300));
    v.push("가".repeat(2_000));
    v.push("9".repeat(400));
    v.push("a.".repeat(200));
    v
}

/// A position as a fraction of the length (`p / 2^32`), so it fits any text and shrinks to 0.
pub type Index = u32;

fn pick(p: Index, len: usize) -> usize {
    ((len as u64 * p as u64) >> 32) as usize
}

/// One edit of the text.
#[derive(Clone, Debug)]
pub enum Edit {
    Flip { at: Index, bit: u8 },
    Byte { at: Index, byte: u8 },
    Delete { at: Index, len: u8 },
    Insert { at: Index, token: String },
    /// Replaces the n-th run of digits (with a sign) by `token`: huge numbers, -1, "" ...
    Number { nth: Index, token: String },
    /// Replaces the n-th word (letters, digits, `_.-`) by `token`.
    Word { nth: Index, token: String },
    Truncate { at: Index },
    /// Copies a piece of another seed in.
    Splice { seed: Index, from: Index, len: u16, at: Index },
    /// Repeats a piece of the text `times` times (long lists, many steps).
    Repeat { from: Index, len: u16, times: u8 },
}

fn at(i: &Index, len: usize) -> usize {
    pick(*i, len + 1)
}

/// Byte ranges of the runs matching `is_part` (digit runs may start with `-`).
fn runs(text: &[u8], number: bool) -> Vec<(usize, usize)> {
    let part = |b: u8| if number { b.is_ascii_digit() } else { b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-' };
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if part(text[i]) {
            let mut start = i;
            while i < text.len() && part(text[i]) {
                i += 1;
            }
            if number && start > 0 && text[start - 1] == b'-' {
                start -= 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

pub fn apply(seed: &[u8], edits: &[Edit], corpus: &[Vec<u8>]) -> String {
    let mut t = seed.to_vec();
    for e in edits {
        match e {
            Edit::Flip { at: i, bit } => {
                if !t.is_empty() {
                    let i = pick(*i, t.len());
                    t[i] ^= 1 << (bit % 8);
                }
            }
            Edit::Byte { at: i, byte } => {
                if !t.is_empty() {
                    let i = pick(*i, t.len());
                    t[i] = *byte;
                }
            }
            Edit::Delete { at: i, len } => {
                let i = at(i, t.len());
                let end = (i + *len as usize).min(t.len());
                t.drain(i..end);
            }
            Edit::Insert { at: i, token } => {
                let i = at(i, t.len());
                t.splice(i..i, token.bytes());
            }
            Edit::Number { nth, token } | Edit::Word { nth, token } => {
                let r = runs(&t, matches!(e, Edit::Number { .. }));
                if !r.is_empty() {
                    let (s, end) = r[pick(*nth, r.len())];
                    t.splice(s..end, token.bytes());
                }
            }
            Edit::Truncate { at: i } => {
                let i = at(i, t.len());
                t.truncate(i);
            }
            Edit::Splice { seed, from, len, at: i } => {
                if let Some(other) = (!corpus.is_empty()).then(|| &corpus[pick(*seed, corpus.len())]) {
                    let f = at(from, other.len());
                    let piece = other[f..(f + *len as usize).min(other.len())].to_vec();
                    let i = at(i, t.len());
                    t.splice(i..i, piece);
                }
            }
            Edit::Repeat { from, len, times } => {
                let f = at(from, t.len());
                let piece = t[f..(f + *len as usize).min(t.len())].to_vec();
                let mut more = Vec::with_capacity(piece.len() * *times as usize);
                for _ in 0..*times {
                    more.extend_from_slice(&piece);
                }
                t.splice(f..f, more);
            }
        }
        if t.len() > 200_000 {
            t.truncate(200_000);
        }
    }
    String::from_utf8_lossy(&t).into_owned()
}

/// A token to insert: an odd number, a word of the target's dictionary, or odd text.
pub fn token(dict: &'static [&'static str]) -> impl Strategy<Value = String> {
    let odd = odd_strings();
    prop_oneof![
        3 => proptest::sample::select(NUMBERS).prop_map(str::to_string),
        4 => proptest::sample::select(dict).prop_map(str::to_string),
        2 => proptest::sample::select(odd),
        1 => "\\PC{0,12}",
    ]
}

pub fn edit(dict: &'static [&'static str]) -> impl Strategy<Value = Edit> {
    let i = any::<Index>;
    prop_oneof![
        2 => (i(), any::<u8>()).prop_map(|(at, bit)| Edit::Flip { at, bit }),
        1 => (i(), any::<u8>()).prop_map(|(at, byte)| Edit::Byte { at, byte }),
        2 => (i(), 1u8..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        3 => (i(), token(dict)).prop_map(|(at, token)| Edit::Insert { at, token }),
        5 => (i(), proptest::sample::select(NUMBERS).prop_map(str::to_string)).prop_map(|(nth, token)| Edit::Number { nth, token }),
        3 => (i(), token(dict)).prop_map(|(nth, token)| Edit::Word { nth, token }),
        1 => i().prop_map(|at| Edit::Truncate { at }),
        2 => (i(), i(), 1u16..400, i()).prop_map(|(seed, from, len, at)| Edit::Splice { seed, from, len, at }),
        1 => (i(), 1u16..200, 1u8..50).prop_map(|(from, len, times)| Edit::Repeat { from, len, times }),
    ]
}

/// Inputs for one target: mostly mutated seeds, some untouched seeds, some random bytes/text.
pub fn input(corpus: &'static [Vec<u8>], dict: &'static [&'static str]) -> impl Strategy<Value = String> {
    assert!(!corpus.is_empty(), "the fuzz corpus is empty");
    let mutated = (any::<Index>(), proptest::collection::vec(edit(dict), 1..6))
        .prop_map(move |(s, edits)| apply(&corpus[pick(s, corpus.len())], &edits, corpus));
    prop_oneof![
        12 => mutated,
        1 => any::<Index>().prop_map(move |s| String::from_utf8_lossy(&corpus[pick(s, corpus.len())]).into_owned()),
        1 => proptest::collection::vec(any::<u8>(), 0..600).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => "\\PC{0,400}",
    ]
}

pub fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus").join(target)
}

/// Every file of `tests/fuzz/corpus/<target>/`, sorted by name, as (name, bytes).
pub fn load(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.into_iter().map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())).collect()
}

/// The seeds of `target`, loaded once and kept for the test binary's life.
pub fn seeds(target: &'static str) -> &'static [Vec<u8>] {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<BTreeMap<&'static str, &'static [Vec<u8>]>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    cache.entry(target).or_insert_with(|| Box::leak(load(target).into_iter().map(|(_, b)| b).collect::<Vec<_>>().into_boxed_slice()))
}

#[test]
fn edits_stay_in_bounds() {
    let corpus = vec![b"abc 12 de-3".to_vec()];
    let t = apply(&corpus[0], &[Edit::Number { nth: u32::MAX, token: "X".into() }], &corpus);
    assert!(t.starts_with("abc ") && t.contains('X'), "{t}");
    assert_eq!(apply(b"", &[Edit::Flip { at: 3, bit: 1 }, Edit::Delete { at: 9, len: 3 }], &corpus), "");
}
