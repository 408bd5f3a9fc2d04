//! The replay, line by line: each parsed line is checked against the form the log
//! must have (plain, or this vault's header and then its sealed records in order),
//! what does not fit becomes a problem at its line, and bad lines after the last good
//! one are kept apart as the torn tail.

use super::{LineProblem, Scan};
use crate::journal::record::{Line, Record};
use crate::vault::{Header, RecordKey};

/// One line in a batch: where it is in the batch buffer, and its length in the file.
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) has_newline: bool,
    pub(super) read: usize,
}

/// Where a replay starts when the log's beginning is already known (from a snapshot):
/// its byte offset, the lines and records before it, the last sealed record's number,
/// and the header of an encrypted journal.
#[derive(Debug, Default, Clone)]
pub struct Resume {
    /// Bytes of the log already known.
    pub offset: u64,
    /// Lines in them.
    pub lines: usize,
    /// Records in them.
    pub records: usize,
    /// The number of the last sealed record in them.
    pub last_number: u64,
    /// The header, when the journal is encrypted.
    pub header: Option<Header>,
}

/// The state of a replay, line by line.
#[derive(Default)]
pub(super) struct Replay<'a> {
    vault: Option<&'a RecordKey>,
    scan: Scan,
    pending: Vec<LineProblem>,
    good_end: usize,
    offset: usize,
    number: usize,
    seen_line: bool,
    /// Damaged lines since the last sealed record that opened: each may have held a
    /// record, so a gap in the numbering up to their count is already reported.
    unaccounted: u64,
}

impl<'a> Replay<'a> {
    /// A replay that starts where `resume` says, checking lines against `vault`.
    pub(super) fn new(vault: Option<&'a RecordKey>, resume: Resume) -> Self {
        let offset = usize::try_from(resume.offset).unwrap_or(usize::MAX);
        Replay {
            vault,
            good_end: offset,
            offset,
            number: resume.lines,
            seen_line: resume.lines > 0,
            scan: Scan {
                records: resume.records,
                last_number: resume.last_number,
                header: resume.header,
                ..Scan::default()
            },
            ..Replay::default()
        }
    }

    /// Checks a line against the form the log must have (plain, or this vault's), and
    /// turns what does not fit into a problem. A sealed record that opens counts even
    /// after a gap in the numbering (records lost or removed before it), so one lost
    /// line hides no later record; the gap is a problem of its own, at its place. A
    /// record numbered at or below one already read (records swapped, replayed or
    /// copied) is never applied: applied out of order it could undo a later change.
    fn fit(&mut self, line: Line) -> (Line, Option<String>) {
        let first = !std::mem::replace(&mut self.seen_line, true);
        let line = match (line, self.vault) {
            (Line::Header(header), Some(key)) if first && key.fits(&header) => {
                self.scan.header = Some((*header).clone());
                Line::Header(header)
            }
            (Line::Header(_), Some(_)) if first => {
                Line::Invalid("the header belongs to another key or another copy".into())
            }
            (Line::Header(_), _) => Line::Invalid("an encryption header where none belongs".into()),
            (Line::Sealed { .. }, _) if self.scan.header.is_none() => {
                Line::Invalid("a sealed record in a journal without a header".into())
            }
            (Line::Sealed { number, record }, Some(_)) => {
                let expected = self.scan.last_number + 1;
                if number < expected {
                    return (
                        Line::Invalid(format!(
                            "record {number} stands where record {expected} belongs: records \
                             were moved or copied"
                        )),
                        None,
                    );
                }
                self.scan.last_number = number;
                let missing = number - expected;
                let unaccounted = std::mem::take(&mut self.unaccounted);
                let gap = (missing > unaccounted).then(|| {
                    format!(
                        "record {number} stands where record {expected} belongs: {} before \
                         it {} missing (lost or removed); the records after it are still shown",
                        plural(missing, "record"),
                        if missing == 1 { "is" } else { "are" }
                    )
                });
                return (Line::Sealed { number, record }, gap);
            }
            (Line::Record(_), Some(_)) => {
                Line::Invalid("a plain record in an encrypted journal".into())
            }
            (Line::Invalid(message), Some(_)) if self.scan.header.is_some() => {
                // A damaged record may have taken a place, so a record after it
                // numbered one further is not reported as after a gap too.
                self.unaccounted += 1;
                Line::Invalid(message)
            }
            (line, _) => line,
        };
        (line, None)
    }

    pub(super) fn take(
        &mut self,
        span: &Span,
        line: Option<Line>,
        on_record: &mut impl FnMut(Record),
    ) {
        self.number += 1;
        self.offset += span.read;
        let Some(classified) = line else {
            return; // an empty line
        };
        if let Line::NotJson(message) = classified {
            self.pending.push(LineProblem {
                line: self.number,
                message,
            });
            return;
        }
        if self.vault.is_some() && self.scan.header.is_some() {
            // Damaged lines in the middle may have taken the places of records.
            self.unaccounted += self.pending.len() as u64;
        }
        self.scan.problems.append(&mut self.pending);
        self.good_end = self.offset;
        self.scan.missing_newline = !span.has_newline;
        let (fitted, gap) = self.fit(classified);
        if let Some(message) = gap {
            self.scan.problems.push(LineProblem {
                line: self.number,
                message,
            });
        }
        match fitted {
            Line::Record(record) | Line::Sealed { record, .. } => {
                self.scan.records += 1;
                on_record(*record);
            }
            Line::Header(_) => {}
            Line::Newer(version) => {
                self.scan.newer.get_or_insert((self.number, version));
            }
            Line::Invalid(message) => self.scan.problems.push(LineProblem {
                line: self.number,
                message,
            }),
            Line::NotJson(_) => unreachable!("handled above"),
        }
    }

    pub(super) fn finish(mut self) -> Scan {
        self.scan.lines = self.number;
        self.scan.bytes = self.offset as u64;
        if !self.pending.is_empty() {
            self.scan.tail = Some(self.good_end..self.offset);
            self.scan.tail_lines = self.pending;
        }
        self.scan
    }
}

fn plural(count: u64, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
