//! What the browser remembers about a learner's course: for each lesson, the furthest step seen
//! and whether it was finished. Stored as JSON under [`STORAGE_KEY`]; anything missing, corrupt
//! or from another version reads as "nothing done yet" rather than breaking the page.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The localStorage key (versioned, so a new format never misreads an old one).
pub const STORAGE_KEY: &str = "kplay.lessons.progress.v1";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonProgress {
    /// The furthest step shown, 1-based (0 = only the title card).
    pub reached: usize,
    /// The end card was reached.
    pub done: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub lessons: BTreeMap<String, LessonProgress>,
}

impl Progress {
    /// Reads a stored value; `None`, bad JSON or the wrong shape give an empty progress.
    pub fn parse(stored: Option<&str>) -> Progress {
        stored.and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    pub fn get(&self, id: &str) -> LessonProgress {
        self.lessons.get(id).copied().unwrap_or_default()
    }

    /// Step `step` (1-based) was shown. Returns whether anything changed (so it need not be saved).
    pub fn reached(&mut self, id: &str, step: usize) -> bool {
        let p = self.lessons.entry(id.to_string()).or_default();
        let changed = step > p.reached;
        p.reached = p.reached.max(step);
        changed
    }

    /// The end card was reached. Returns whether anything changed.
    pub fn finished(&mut self, id: &str) -> bool {
        let p = self.lessons.entry(id.to_string()).or_default();
        !std::mem::replace(&mut p.done, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_corrupt_storage_reads_as_empty() {
        for bad in [None, Some(""), Some("{"), Some("null"), Some("[1,2]"), Some("{\"lessons\":5}"),
            Some("{\"lessons\":{\"x\":{\"reached\":-3}}}")] {
            assert_eq!(Progress::parse(bad), Progress::default(), "{bad:?}");
        }
    }

    #[test]
    fn progress_round_trips_and_only_moves_forward() {
        let mut p = Progress::default();
        assert!(p.reached("lesson-a", 3));
        assert!(!p.reached("lesson-a", 2), "going back does not forget how far one got");
        assert_eq!(p.get("lesson-a"), LessonProgress { reached: 3, done: false });
        assert!(p.finished("lesson-a"));
        assert!(!p.finished("lesson-a"));
        assert_eq!(p.get("other"), LessonProgress::default());
        let back = Progress::parse(Some(&p.to_json()));
        assert_eq!(back, p);
        assert_eq!(back.get("lesson-a"), LessonProgress { reached: 3, done: true });
    }

    #[test]
    fn unknown_fields_and_missing_fields_are_tolerated() {
        let p = Progress::parse(Some(r#"{"lessons":{"a":{"reached":2,"done":false,"extra":1},"b":{"done":true}}}"#));
        // `b` lacks `reached`: the whole value is refused rather than half-read.
        assert_eq!(p, Progress::default());
        let p = Progress::parse(Some(r#"{"lessons":{"a":{"reached":2,"done":false,"extra":1}},"v":9}"#));
        assert_eq!(p.get("a").reached, 2);
    }
}
