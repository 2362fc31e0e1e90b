//! Lessons: parse, validate, run and check lesson files (placeholder until the lesson module lands).
