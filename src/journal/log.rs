//! Reading the log's bytes: replaying records, and telling a torn tail (a crash while
//! saving) from corruption in the middle (which must never be "repaired" away).
//!
//! The rule: lines that are not JSON and come after the last JSON line are a torn
//! tail, to be set aside; any other bad line is corruption, which makes the journal
//! read-only until a person looks at it.

use std::fs::File;
use std::io::{self, BufRead};
use std::ops::Range;
use std::os::unix::fs::FileExt;

use super::record::{Line, Record, classify};

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

/// Replays every line of `bytes`, calling `on_record` for each valid record in order.
pub fn scan(bytes: &[u8], on_record: impl FnMut(Record)) -> Scan {
    // Reading from a slice cannot fail.
    scan_reader(bytes, on_record).unwrap_or_default()
}

/// Replays every line read from `reader`, calling `on_record` for each valid record in
/// order. Only one line is held in memory at a time.
pub fn scan_reader(
    mut reader: impl BufRead,
    mut on_record: impl FnMut(Record),
) -> io::Result<Scan> {
    let mut scan = Scan::default();
    let mut pending: Vec<LineProblem> = Vec::new();
    let mut good_end = 0;
    let mut offset = 0;
    let mut number = 0;
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        let read = reader.read_until(b'\n', &mut buffer)?;
        if read == 0 {
            break;
        }
        number += 1;
        offset += read;
        let has_newline = buffer.last() == Some(&b'\n');
        let line = if has_newline {
            &buffer[..read - 1]
        } else {
            &buffer[..]
        };
        if line.is_empty() {
            continue;
        }
        let classified = classify(line);
        if let Line::NotJson(message) = classified {
            pending.push(LineProblem {
                line: number,
                message,
            });
            continue;
        }
        scan.problems.append(&mut pending);
        good_end = offset;
        scan.missing_newline = !has_newline;
        match classified {
            Line::Record(record) => {
                scan.records += 1;
                on_record(*record);
            }
            Line::Newer(version) => {
                scan.newer.get_or_insert((number, version));
            }
            Line::Invalid(message) => scan.problems.push(LineProblem {
                line: number,
                message,
            }),
            Line::NotJson(_) => unreachable!("handled above"),
        }
    }
    scan.lines = number;
    if !pending.is_empty() {
        scan.tail = Some(good_end..offset);
        scan.tail_lines = pending;
    }
    Ok(scan)
}

/// The end of a log, found by reading backwards from its end only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TailCheck {
    /// Where the good part of the file ends (the torn tail, if any, starts here).
    pub good_end: u64,
    /// The last record lacks its newline.
    pub missing_newline: bool,
    /// Why the log must not be written, if its last good line says so.
    pub read_only: Option<String>,
}

/// Checks the end of the log file without reading all of it: the cost depends on the
/// size of the last record (and of any torn tail), not on the journal's size.
pub fn check_tail(file: &File, len: u64) -> io::Result<TailCheck> {
    let mut window: u64 = 64 * 1024;
    loop {
        let window_len = window.min(len);
        let start = len - window_len;
        let mut bytes = vec![0; window_len as usize];
        file.read_exact_at(&mut bytes, start)?;
        // The first piece may be a cut line, unless the window reaches the start.
        let mut end = bytes.len();
        let mut missing_newline = true;
        loop {
            let line_start = memchr::memrchr(b'\n', &bytes[..end]).map(|i| i + 1);
            let Some(line_start) = line_start.or((start == 0).then_some(0)) else {
                break; // need a bigger window
            };
            let line = &bytes[line_start..end];
            let line_end = start + end as u64;
            if !line.is_empty() {
                let read_only = match classify(line) {
                    Line::NotJson(_) => None,
                    Line::Record(_) => Some(None),
                    Line::Newer(version) => Some(Some(format!(
                        "the journal was written by a newer version of between (record format \
                         {version}); update between to add to it"
                    ))),
                    Line::Invalid(message) => Some(Some(format!(
                        "the journal's last record is damaged ({message}); run `between journal verify`"
                    ))),
                };
                if let Some(read_only) = read_only {
                    let good_end = if missing_newline {
                        line_end
                    } else {
                        line_end + 1
                    };
                    return Ok(TailCheck {
                        good_end,
                        missing_newline,
                        read_only,
                    });
                }
            }
            if line_start == 0 {
                break;
            }
            missing_newline = false;
            end = line_start - 1;
        }
        if start == 0 {
            // Nothing but a torn tail (or nothing at all).
            return Ok(TailCheck {
                good_end: 0,
                missing_newline: false,
                read_only: None,
            });
        }
        window = window.saturating_mul(4);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::Entry;

    fn line(text: &str) -> Vec<u8> {
        Record::put(Entry::note(text.into())).to_line()
    }

    fn count(bytes: &[u8]) -> (usize, Scan) {
        let mut n = 0;
        let scan = scan(bytes, |_| n += 1);
        (n, scan)
    }

    #[test]
    fn a_torn_tail_is_found_and_earlier_records_load() {
        let mut log = [line("a"), line("b")].concat();
        let good = log.len();
        log.extend_from_slice(&line("c")[..20]);
        let (n, scan) = count(&log);
        assert_eq!(n, 2);
        assert_eq!(scan.tail, Some(good..log.len()));
        assert!(scan.problems.is_empty());
        assert_eq!(scan.read_only_reason(), None);
    }

    #[test]
    fn a_bad_line_in_the_middle_is_corruption() {
        let log = [
            line("a"),
            b"{\"v\":1,\"put\":{\"broken\n".to_vec(),
            line("c"),
        ]
        .concat();
        let (n, scan) = count(&log);
        assert_eq!(n, 2);
        assert_eq!(scan.tail, None);
        assert_eq!(scan.problems.len(), 1);
        assert_eq!(scan.problems[0].line, 2);
        assert!(scan.read_only_reason().unwrap().contains("line 2"));
    }

    #[test]
    fn newer_records_make_the_log_read_only() {
        let log = [line("a"), b"{\"v\":7,\"sealed\":\"x\"}\n".to_vec()].concat();
        let (_, scan) = count(&log);
        assert_eq!(scan.newer, Some((2, 7)));
        assert!(scan.read_only_reason().unwrap().contains("newer version"));
    }

    #[test]
    fn tail_check_agrees_with_a_full_scan() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let full = [line("a"), line("b"), line("c")].concat();
        for cut in 0..=full.len() {
            let mut bytes = full[..cut].to_vec();
            bytes.extend_from_slice(b"\0\0\0");
            std::fs::write(&path, &bytes).unwrap();
            let file = File::open(&path).unwrap();
            let check = check_tail(&file, bytes.len() as u64).unwrap();
            let (_, scan) = count(&bytes);
            let scan_end = scan.tail.map_or(bytes.len(), |t| t.start) as u64;
            assert_eq!(check.good_end, scan_end, "cut at {cut}");
        }
    }
}
