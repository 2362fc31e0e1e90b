//! Command history with a cursor, as ↑/↓ walk it in a shell.

/// Most lines kept; the oldest go first.
pub const HISTORY_LIMIT: usize = 500;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
    /// Where ↑/↓ are: `entries.len()` means "below the newest" (a fresh line).
    cursor: usize,
}

impl History {
    /// Records a line that was run. Blank lines and a repeat of the newest line are skipped
    /// (bash's `ignoreboth`); the cursor goes back below the newest entry.
    pub fn push(&mut self, line: &str) {
        let line = line.trim_end();
        if !line.trim().is_empty() && self.entries.last().map(String::as_str) != Some(line) {
            self.entries.push(line.to_string());
            if self.entries.len() > HISTORY_LIMIT {
                self.entries.remove(0);
            }
        }
        self.cursor = self.entries.len();
    }

    /// ↑: the previous (older) line, staying on the oldest.
    pub fn older(&mut self) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        self.cursor = self.cursor.saturating_sub(1);
        self.entries.get(self.cursor).map(String::as_str)
    }

    /// ↓: the next (newer) line, or None past the newest (back to an empty line).
    pub fn newer(&mut self) -> Option<&str> {
        if self.cursor < self.entries.len() {
            self.cursor += 1;
        }
        self.entries.get(self.cursor).map(String::as_str)
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }
}
