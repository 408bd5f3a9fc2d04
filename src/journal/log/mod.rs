//! Reading the log's bytes: replaying records, and telling a torn tail (a crash while
//! saving) from corruption in the middle (which must never be "repaired" away).
//!
//! The rule: lines that are not JSON and come after the last JSON line are a torn
//! tail, to be set aside; any other bad line is corruption, which makes the journal
//! read-only until a person looks at it.
//!
//! The reading is in modules by job: `scan` reads the log in batches and parses
//! their lines on every core, `replay` checks each line against the form the log
//! must have and keeps count, `form` reads the first line only (is the log
//! encrypted?), and `tail` reads only the end (where may the next record go?).

mod form;
mod replay;
mod scan;
mod tail;

pub use form::{Form, form};
pub use replay::Resume;
pub use scan::{scan, scan_from, scan_reader};
pub use tail::{TailCheck, check_tail};

use std::ops::Range;

use crate::vault::Header;

/// A bad line, by number (from 1), with what is wrong; never the line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// Line number, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// What reading the whole log found, besides the records themselves.
#[derive(Debug, Default)]
pub struct Scan {
    /// Number of valid records.
    pub records: usize,
    /// Bad lines before the last good one: corruption.
    pub problems: Vec<LineProblem>,
    /// The first record of a newer format version: line number and version.
    pub newer: Option<(usize, u32)>,
    /// The torn tail's bytes, to set aside; its lines are in `tail_lines`.
    pub tail: Option<Range<usize>>,
    /// The lines of the torn tail.
    pub tail_lines: Vec<LineProblem>,
    /// The last record is complete but lacks its final newline.
    pub missing_newline: bool,
    /// Number of lines read.
    pub lines: usize,
    /// The vault header, when the journal is encrypted.
    pub header: Option<Header>,
    /// The number of the last sealed record (0 when there is none).
    pub last_number: u64,
    /// Bytes of the log read, from its start.
    pub bytes: u64,
}

impl Scan {
    /// Whether this log can be written to: no corruption and nothing newer.
    pub fn read_only_reason(&self) -> Option<String> {
        if let Some((line, version)) = self.newer {
            return Some(format!(
                "line {line} was written by a newer version of between (record format {version}); \
                 update between to change this journal"
            ));
        }
        let first = self.problems.first()?;
        let lines: Vec<String> = self.problems.iter().map(|p| p.line.to_string()).collect();
        Some(format!(
            "the journal has damaged lines ({}: {}, first at line {}); nothing was changed. \
             Run `between journal verify` for details",
            if lines.len() == 1 { "line" } else { "lines" },
            lines.join(", "),
            first.line
        ))
    }
}
