//! The course as the player lists it (chapters in order, lessons in catalog order within each),
//! and the deep link `?lesson=<id>&step=<n>` (n 1-based) resolved against it.

use crate::lesson::{Lesson, Text};

/// What the chapter list and deep links need of a lesson: read from a built-in lesson's header
/// alone (`lesson::catalog::outlines`), so a page need not parse and check all the lessons'
/// steps before its first render (P4); the lesson itself is parsed when it is opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outline {
    pub id: String,
    pub chapter: u32,
    pub title: Text,
    pub summary: Text,
    pub steps: usize,
}

impl From<&Lesson> for Outline {
    fn from(l: &Lesson) -> Outline {
        Outline { id: l.id.clone(), chapter: l.chapter, title: l.title.clone(), summary: l.summary.clone(), steps: l.steps.len() }
    }
}

/// One chapter: its number and the indexes (into the lesson list) of its lessons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chapter {
    pub number: u32,
    pub lessons: Vec<usize>,
}

/// Lessons grouped by `chapter`, chapters in ascending order, lessons in list order.
pub fn chapters(lessons: &[Outline]) -> Vec<Chapter> {
    let mut numbers: Vec<u32> = lessons.iter().map(|l| l.chapter).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .map(|number| Chapter {
            number,
            lessons: lessons.iter().enumerate().filter(|(_, l)| l.chapter == number).map(|(i, _)| i).collect(),
        })
        .collect()
}

/// Why a deep link could not be followed as written. The player shows it and starts cleanly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// `?lesson=` names no lesson.
    UnknownLesson(String),
    /// `?step=` is not a whole number from 1 to the lesson's step count.
    BadStep { given: String, total: usize },
    /// `?step=` without `?lesson=`.
    StepWithoutLesson(String),
}

/// Where a deep link starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Start {
    /// Index into the lesson list.
    pub lesson: Option<usize>,
    /// 0-based step; `None` = the title card.
    pub step: Option<usize>,
    pub problem: Option<LinkProblem>,
}

/// `?step=` as a 0-based index: a whole number from 1 to `total`.
pub fn parse_step(given: &str, total: usize) -> Result<usize, LinkProblem> {
    match given.trim().parse::<usize>() {
        Ok(n) if (1..=total).contains(&n) => Ok(n - 1),
        _ => Err(LinkProblem::BadStep { given: given.to_string(), total }),
    }
}

/// Resolves `?lesson=` and `?step=` (as read from the URL, if present). A bad step opens the
/// lesson on its title card; an unknown lesson opens nothing; both say what was wrong.
pub fn resolve(lesson: Option<&str>, step: Option<&str>, lessons: &[Outline]) -> Start {
    let Some(id) = lesson.map(str::trim).filter(|s| !s.is_empty()) else {
        return Start { problem: step.map(|s| LinkProblem::StepWithoutLesson(s.to_string())), ..Start::default() };
    };
    let Some(index) = lessons.iter().position(|l| l.id == id) else {
        return Start { problem: Some(LinkProblem::UnknownLesson(id.to_string())), ..Start::default() };
    };
    match step.map(|s| parse_step(s, lessons[index].steps)) {
        None => Start { lesson: Some(index), ..Start::default() },
        Some(Ok(n)) => Start { lesson: Some(index), step: Some(n), problem: None },
        Some(Err(p)) => Start { lesson: Some(index), step: None, problem: Some(p) },
    }
}

/// The query string that links to a lesson step (1-based `step`), keeping the language.
pub fn link(id: &str, step: Option<usize>, lang_code: &str) -> String {
    let mut q = format!("?lesson={}", encode(id));
    if let Some(n) = step {
        q.push_str(&format!("&step={n}"));
    }
    q.push_str(&format!("&lang={lang_code}"));
    q
}

/// Percent-encodes everything but unreserved URL characters (lesson ids are usually already safe).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::catalog;

    fn course() -> Vec<Outline> {
        catalog::outlines()
    }

    #[test]
    fn outlines_agree_with_the_parsed_lessons() {
        let parsed: Vec<Outline> = catalog::all().iter().map(|l| Outline::from(l.as_ref().expect("built-in lessons parse"))).collect();
        assert_eq!(catalog::outlines(), parsed);
        assert_eq!(parsed.len(), catalog::BUILTIN.len());
    }

    #[test]
    fn chapters_cover_every_lesson_once_in_order() {
        let lessons = course();
        let ch = chapters(&lessons);
        assert!(ch.windows(2).all(|w| w[0].number < w[1].number));
        let mut seen: Vec<usize> = ch.iter().flat_map(|c| c.lessons.clone()).collect();
        for c in &ch {
            assert!(c.lessons.windows(2).all(|w| w[0] < w[1]), "catalog order inside chapter {}", c.number);
            assert!(c.lessons.iter().all(|&i| lessons[i].chapter == c.number));
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..lessons.len()).collect::<Vec<_>>());
    }

    #[test]
    fn step_must_be_a_whole_number_in_range() {
        assert_eq!(parse_step("3", 7), Ok(2));
        assert_eq!(parse_step(" 1 ", 7), Ok(0));
        assert_eq!(parse_step("7", 7), Ok(6));
        for bad in ["0", "8", "-1", "two", "", "2.5"] {
            assert_eq!(parse_step(bad, 7), Err(LinkProblem::BadStep { given: bad.into(), total: 7 }), "{bad:?}");
        }
    }

    #[test]
    fn resolve_names_what_was_wrong_and_starts_cleanly() {
        let lessons = course();
        let id = "acks1-loses-acknowledged-records";
        let i = lessons.iter().position(|l| l.id == id).unwrap();
        assert_eq!(resolve(Some(id), Some("3"), &lessons), Start { lesson: Some(i), step: Some(2), problem: None });
        assert_eq!(resolve(Some(id), None, &lessons), Start { lesson: Some(i), step: None, problem: None });
        let bad = resolve(Some(id), Some("99"), &lessons);
        assert_eq!((bad.lesson, bad.step), (Some(i), None));
        assert!(matches!(bad.problem, Some(LinkProblem::BadStep { ref given, .. }) if given == "99"));
        assert_eq!(resolve(Some("nope"), Some("2"), &lessons).problem, Some(LinkProblem::UnknownLesson("nope".into())));
        assert_eq!(resolve(Some("nope"), None, &lessons).lesson, None);
        assert_eq!(resolve(None, Some("2"), &lessons).problem, Some(LinkProblem::StepWithoutLesson("2".into())));
        assert_eq!(resolve(None, None, &lessons), Start::default());
    }

    #[test]
    fn link_builds_the_deep_link_query() {
        assert_eq!(link("acks1-loses-acknowledged-records", Some(3), "ko"),
            "?lesson=acks1-loses-acknowledged-records&step=3&lang=ko");
        assert_eq!(link("a b/é", None, "en"), "?lesson=a%20b%2F%C3%A9&lang=en");
    }
}
