//! Key Kafka terms in a narration sentence, found so the player can colour them the way the
//! board draws them (the leader's accent, the HW's green, ...), as The Secret Lives of Data does.
//!
//! English words match whole words, case-insensitively (plus a plural `s`); the abbreviations
//! ISR, HW, LEO and LSO match in capitals only. Korean words match anywhere, since particles
//! attach to them ("리더가", "팔로워는").

/// A key term, named by what the board draws for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    Leader,
    Follower,
    Isr,
    Hw,
    Leo,
    Lso,
    Acks,
    Offset,
    Epoch,
    Producer,
    Consumer,
    Partition,
    Lag,
}

impl Term {
    /// The CSS class suffix: `term-leader`, `term-isr`, ...
    pub fn class(self) -> &'static str {
        match self {
            Term::Leader => "leader",
            Term::Follower => "follower",
            Term::Isr => "isr",
            Term::Hw => "hw",
            Term::Leo => "leo",
            Term::Lso => "lso",
            Term::Acks => "acks",
            Term::Offset => "offset",
            Term::Epoch => "epoch",
            Term::Producer => "producer",
            Term::Consumer => "consumer",
            Term::Partition => "partition",
            Term::Lag => "lag",
        }
    }
}

/// A piece of a sentence: plain text, or one key term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub term: Option<Term>,
}

/// How a pattern matches.
#[derive(Clone, Copy)]
enum Rule {
    /// A whole English word, any case, optionally plural.
    Word,
    /// A whole word in exactly these letters (ISR, HW, ...).
    Caps,
    /// Anywhere (Korean nouns take particles).
    Anywhere,
}

/// Longer patterns first, so "high watermark" wins over nothing and "leader epoch" stays whole.
const PATTERNS: &[(&str, Term, Rule)] = &[
    ("high watermark", Term::Hw, Rule::Word),
    ("log end offset", Term::Leo, Rule::Word),
    ("leader epoch", Term::Epoch, Rule::Word),
    ("leader", Term::Leader, Rule::Word),
    ("follower", Term::Follower, Rule::Word),
    ("ISR", Term::Isr, Rule::Caps),
    ("HW", Term::Hw, Rule::Caps),
    ("LEO", Term::Leo, Rule::Caps),
    ("LSO", Term::Lso, Rule::Caps),
    ("acks", Term::Acks, Rule::Word),
    ("ack", Term::Acks, Rule::Word),
    ("offset", Term::Offset, Rule::Word),
    ("epoch", Term::Epoch, Rule::Word),
    ("producer", Term::Producer, Rule::Word),
    ("consumer", Term::Consumer, Rule::Word),
    ("partition", Term::Partition, Rule::Word),
    ("lag", Term::Lag, Rule::Word),
    ("리더", Term::Leader, Rule::Anywhere),
    ("팔로워", Term::Follower, Rule::Anywhere),
    ("프로듀서", Term::Producer, Rule::Anywhere),
    ("컨슈머", Term::Consumer, Rule::Anywhere),
    ("파티션", Term::Partition, Rule::Anywhere),
    ("오프셋", Term::Offset, Rule::Anywhere),
];

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The length in bytes of a match of `pat` at the start of `rest` (where `before` is the char
/// before it), or `None`.
fn match_at(rest: &str, before: Option<char>, pat: &str, rule: Rule) -> Option<usize> {
    let head = rest.get(..pat.len())?;
    let len = match rule {
        Rule::Anywhere => return (head == pat).then_some(pat.len()),
        Rule::Caps => (head == pat).then_some(pat.len())?,
        Rule::Word => {
            if !head.eq_ignore_ascii_case(pat) {
                return None;
            }
            let plural = rest[pat.len()..].starts_with(['s', 'S']) && !rest[pat.len() + 1..].starts_with(is_word_char);
            pat.len() + usize::from(plural)
        }
    };
    if before.is_some_and(is_word_char) || rest[len..].starts_with(is_word_char) {
        return None;
    }
    // `acks=1`, `acks=all`: the setting's value belongs to the term.
    if pat == "acks" && rest[len..].starts_with('=') {
        let value = rest[len + 1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len() - len - 1);
        return Some(len + 1 + value);
    }
    Some(len)
}

/// Splits `text` into plain pieces and key terms, in order; joining the pieces gives `text` back.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    let mut before = None;
    while i < text.len() {
        let rest = &text[i..];
        let hit = PATTERNS.iter().find_map(|&(pat, term, rule)| match_at(rest, before, pat, rule).map(|n| (n, term)));
        match hit {
            Some((n, term)) => {
                if !plain.is_empty() {
                    out.push(Segment { text: std::mem::take(&mut plain), term: None });
                }
                out.push(Segment { text: rest[..n].to_string(), term: Some(term) });
                before = rest[..n].chars().last();
                i += n;
            }
            None => {
                let c = rest.chars().next().expect("i is inside text");
                plain.push(c);
                before = Some(c);
                i += c.len_utf8();
            }
        }
    }
    if !plain.is_empty() {
        out.push(Segment { text: plain, term: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(String, Term)> {
        segments(text).into_iter().filter_map(|s| s.term.map(|t| (s.text, t))).collect()
    }

    #[test]
    fn joining_the_segments_gives_the_text_back() {
        for text in ["Broker 1 leads orders-0, and all three are in the ISR.",
            "브로커 1이 리더인 orders-0을 세 대가 복제하며, 세 대 모두 ISR에 있습니다.", "", "é ISR",
            "acks=1 only means the leader has the record"] {
            let joined: String = segments(text).into_iter().map(|s| s.text).collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn english_terms_are_whole_words_any_case_with_plurals() {
        assert_eq!(terms("The Leader and both followers; the HW moves to 2."), vec![
            ("Leader".into(), Term::Leader), ("followers".into(), Term::Follower), ("HW".into(), Term::Hw)]);
        assert!(terms("leadership, a flag, the lagoon, hw, isr, offsetting").is_empty());
        assert_eq!(terms("the high watermark and the log end offset"), vec![
            ("high watermark".into(), Term::Hw), ("log end offset".into(), Term::Leo)]);
        assert_eq!(terms("its leader epoch"), vec![("leader epoch".into(), Term::Epoch)]);
    }

    #[test]
    fn acks_takes_its_setting_value() {
        assert_eq!(terms("use acks=all, not acks=1."), vec![
            ("acks=all".into(), Term::Acks), ("acks=1".into(), Term::Acks)]);
        assert_eq!(terms("got acks for 5"), vec![("acks".into(), Term::Acks)]);
        assert_eq!(terms("ack를 받은"), vec![("ack".into(), Term::Acks)]);
        assert!(terms("acknowledged, a hack").is_empty());
    }

    #[test]
    fn korean_terms_match_with_particles() {
        assert_eq!(terms("새 리더에는 팔로워가 복사한 offset만 있고, 컨슈머의 lag이"), vec![
            ("리더".into(), Term::Leader), ("팔로워".into(), Term::Follower), ("offset".into(), Term::Offset),
            ("컨슈머".into(), Term::Consumer), ("lag".into(), Term::Lag)]);
    }
}
