//! Native only: lesson files on disk, for the CLI and the tests. The core ([`super::parse()`])
//! never touches the file system, so the browser build loads lessons from text.

use super::{parse, Lesson, LessonError, Pos};
use std::path::{Path, PathBuf};

/// Reads and parses one lesson file; the error names `file:line:col:`.
pub fn load(path: &Path) -> Result<Lesson, LessonError> {
    let name = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|e| LessonError {
        file: name.clone(),
        pos: Pos { line: 0, column: 0 },
        message: format!("cannot read the file: {e}"),
    })?;
    parse(&src, &name)
}

/// The lesson files of a directory: every `*.toml`, sorted by name. Other files (the authors'
/// README.md, images) are not lessons and are skipped.
pub fn lesson_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Loads every lesson of a directory, each with its path and its parse result.
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<(PathBuf, Result<Lesson, LessonError>)>> {
    Ok(lesson_files(dir)?.into_iter().map(|p| {
        let l = load(&p);
        (p, l)
    }).collect())
}
