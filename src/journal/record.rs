//! One line of the journal log: a new revision of an entry, or a tombstone.
//!
//! A record is a plain JSON object with a format version `v` and exactly one of `put`
//! or `delete`. (Encryption at rest can add a third, sealed form without changing how
//! the log works.) Lines are classified without trusting them: a line that is not JSON
//! may be a write torn by a crash; a line that is JSON but not a record is corruption;
//! a record with a higher `v` was written by a newer version of the app.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::entry::{Entry, EntryId};

/// The record format version this build writes and reads.
pub const RECORD_VERSION: u32 = 1;

/// A tombstone: the entry with this id was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tombstone {
    /// The deleted entry.
    pub id: EntryId,
    /// When it was deleted.
    pub at: DateTime<FixedOffset>,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Format version.
    pub v: u32,
    /// A new revision of an entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Entry>,
    /// A deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Tombstone>,
}

impl Record {
    /// A record saving `entry`.
    pub fn put(entry: Entry) -> Self {
        Self {
            v: RECORD_VERSION,
            put: Some(entry),
            delete: None,
        }
    }

    /// A record deleting the entry `id` now.
    pub fn delete(id: EntryId) -> Self {
        Self {
            v: RECORD_VERSION,
            put: None,
            delete: Some(Tombstone {
                id,
                at: super::entry::now(),
            }),
        }
    }

    /// The record as one line of JSON, with its newline.
    pub fn to_line(&self) -> Vec<u8> {
        // Serialising these types cannot fail: no maps with non-string keys.
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }
}

/// What a line of the log turned out to be.
#[derive(Debug)]
pub enum Line {
    /// A valid record.
    Record(Box<Record>),
    /// A record of a newer format version, which this build must not rewrite.
    Newer(u32),
    /// Valid JSON that is not a valid record: corruption, never a torn write.
    Invalid(String),
    /// Not JSON at all: a torn write if it is at the end, else corruption.
    NotJson(String),
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

/// Classifies one line (without its newline).
pub fn classify(line: &[u8]) -> Line {
    match serde_json::from_slice::<Record>(line) {
        Ok(record) if record.v > RECORD_VERSION => Line::Newer(record.v),
        Ok(record) if record.v == 0 => Line::Invalid("the version `v` is 0".into()),
        Ok(record) => match (&record.put, &record.delete) {
            (Some(_), None) | (None, Some(_)) => Line::Record(Box::new(record)),
            _ => Line::Invalid("a record needs exactly one of `put` or `delete`".into()),
        },
        Err(error) => match serde_json::from_slice::<VersionOnly>(line) {
            Ok(VersionOnly { v }) if v > RECORD_VERSION => Line::Newer(v),
            // Messages name a column, never quote the line: it holds private text.
            _ if serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok() => {
                Line::Invalid(format!("not a valid record (column {})", error.column()))
            }
            _ => Line::NotJson(format!("not complete JSON (column {})", error.column())),
        },
    }
}
