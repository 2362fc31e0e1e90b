//! Claims about what a replica's log holds once the log cleaner has run
//! (`<topic>-<partition>.<field>` or `...<field>@<broker>`): how many offsets are holes, how
//! many data records and distinct keys are left, and where the cleaner checkpoint stands.

use crate::sim::broker::Replica;
use crate::sim::log::Control;
use std::collections::BTreeSet;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogField {
    /// Offsets the cleaner removed (they stay as holes: offsets are not contiguous any more).
    Holes,
    /// Data records still in the log (not holes, not markers).
    Records,
    /// Distinct keys among them.
    Keys,
    /// Tombstones (null values) still in the log.
    Tombstones,
    /// The cleaner checkpoint: below it the clean tail, above it the dirty head.
    CleanerCheckpoint,
}

pub const LOG_FIELDS: &str = "holes, records, keys, tombstones, cleaner_checkpoint";

/// Each field and how a claim spells it.
const NAMES: [(LogField, &str); 5] = [
    (LogField::Holes, "holes"), (LogField::Records, "records"), (LogField::Keys, "keys"),
    (LogField::Tombstones, "tombstones"), (LogField::CleanerCheckpoint, "cleaner_checkpoint"),
];

impl LogField {
    pub fn parse(field: &str) -> Option<LogField> {
        NAMES.iter().find(|(_, n)| *n == field).map(|(f, _)| *f)
    }

    pub fn name(self) -> &'static str {
        NAMES.iter().find(|(f, _)| *f == self).map_or("", |(_, n)| n)
    }

    pub fn value(self, r: &Replica) -> u64 {
        let entries = || r.log.entries.iter();
        let data = || entries().filter(|e| !e.is_control());
        match self {
            LogField::Holes => entries().filter(|e| e.control == Control::Compacted).count() as u64,
            LogField::Records => data().count() as u64,
            LogField::Keys => data().filter_map(|e| e.key.hash).collect::<BTreeSet<_>>().len() as u64,
            LogField::Tombstones => data().filter(|e| e.key.tombstone).count() as u64,
            LogField::CleanerCheckpoint => r.cleaner.first_dirty(&r.log),
        }
    }
}

impl fmt::Display for LogField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
