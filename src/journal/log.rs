//! Reading the log's bytes: replaying records, and telling a torn tail (a crash while
//! saving) from corruption in the middle (which must never be "repaired" away).
//!
//! The rule: lines that are not JSON and come after the last JSON line are a torn
//! tail, to be set aside; any other bad line is corruption, which makes the journal
//! read-only until a person looks at it.

use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::os::unix::fs::FileExt;

use super::record::{Line, Record, classify};
use super::shared_text::Interner;
use crate::vault::{Header, RecordKey};

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

/// Replays every line of `bytes`, calling `on_record` for each valid record in order.
pub fn scan(bytes: &[u8], vault: Option<&RecordKey>, on_record: impl FnMut(Record)) -> Scan {
    // Reading from a slice cannot fail.
    scan_reader(bytes, vault, on_record).unwrap_or_default()
}

/// How many bytes of lines are read before they are parsed together.
const BATCH_BYTES: usize = 4 << 20;

/// One line in a batch: where it is in the batch buffer, and its length in the file.
struct Span {
    start: usize,
    end: usize,
    has_newline: bool,
    read: usize,
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

/// Replays every line read from `reader`, calling `on_record` for each valid record in
/// order. The log is read in batches of a few MiB straight into one buffer, whose
/// complete lines are parsed (and opened, with `vault`) on every core, each thread
/// sharing repeated texts through its own interner; only one batch is in memory.
///
/// With `vault`, the log must be this vault's: its header first, then sealed records
/// numbered 1, 2, 3…; without, plain records only. Anything else is corruption.
pub fn scan_reader(
    reader: impl Read,
    vault: Option<&RecordKey>,
    on_record: impl FnMut(Record),
) -> io::Result<Scan> {
    scan_from(reader, vault, Resume::default(), None, on_record)
}

/// [`scan_reader`] from where `resume` says `reader` stands, feeding every byte read
/// to `crc` too.
pub fn scan_from(
    mut reader: impl Read,
    vault: Option<&RecordKey>,
    resume: Resume,
    mut crc: Option<&mut crc32fast::Hasher>,
    mut on_record: impl FnMut(Record),
) -> io::Result<Scan> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let mut interners: Vec<Interner> = (0..workers).map(|_| Interner::default()).collect();
    let offset = usize::try_from(resume.offset).unwrap_or(usize::MAX);
    let mut state = Replay {
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
    };
    let mut buffer = Vec::with_capacity(BATCH_BYTES);
    let mut spans = Vec::new();
    let mut end_of_file = false;
    while !(end_of_file && buffer.is_empty()) {
        // Fill the batch; a line longer than a batch makes it grow until it ends.
        let mut target = BATCH_BYTES.max(buffer.len());
        while !end_of_file {
            let want = target - buffer.len();
            let got = (&mut reader).take(want as u64).read_to_end(&mut buffer)?;
            if let Some(crc) = crc.as_deref_mut() {
                crc.update(&buffer[buffer.len() - got..]);
            }
            end_of_file = got < want;
            if end_of_file || memchr::memchr(b'\n', &buffer).is_some() {
                break;
            }
            target += BATCH_BYTES;
        }
        // Complete lines only; the start of the next one waits for the next batch.
        let complete = if end_of_file {
            buffer.len()
        } else {
            memchr::memrchr(b'\n', &buffer).map_or(0, |i| i + 1)
        };
        spans.clear();
        let mut start = 0;
        while start < complete {
            let newline = memchr::memchr(b'\n', &buffer[start..complete]).map(|i| start + i);
            let end = newline.unwrap_or(complete);
            spans.push(Span {
                start,
                end,
                has_newline: newline.is_some(),
                read: end + usize::from(newline.is_some()) - start,
            });
            start = end + usize::from(newline.is_some());
        }
        let lines = classify_all(&buffer, &spans, vault, &mut interners);
        for (span, line) in spans.iter().zip(lines) {
            state.take(span, line, &mut on_record);
        }
        buffer.drain(..complete);
    }
    Ok(state.finish())
}

fn classify_all(
    buffer: &[u8],
    spans: &[Span],
    vault: Option<&RecordKey>,
    interners: &mut [Interner],
) -> Vec<Option<Line>> {
    let classify_span = |span: &Span| {
        let line = &buffer[span.start..span.end];
        (!line.is_empty()).then(|| classify(line, vault))
    };
    if interners.len() == 1 || spans.len() < 256 {
        return interners[0].run(|| spans.iter().map(classify_span).collect());
    }
    let chunk = spans.len().div_ceil(interners.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = spans
            .chunks(chunk)
            .zip(interners.iter_mut())
            .map(|(part, interner)| {
                scope.spawn(move || {
                    interner.run(|| part.iter().map(classify_span).collect::<Vec<_>>())
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The state of a replay, line by line.
#[derive(Default)]
struct Replay<'a> {
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

impl Replay<'_> {
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

    fn take(&mut self, span: &Span, line: Option<Line>, on_record: &mut impl FnMut(Record)) {
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

    fn finish(mut self) -> Scan {
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

/// What form a log has, from its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// Plain records (or no records yet).
    Plain,
    /// Encrypted, with this header.
    Encrypted(Header),
    /// The first line is meant as an encryption header but is damaged.
    BadHeader(String),
}

/// Reads the log's first line only, to tell whether it is encrypted.
pub fn form(file: &File) -> io::Result<Form> {
    let mut bytes = vec![0; 64 * 1024];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read_at(&mut bytes[filled..], filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let bytes = &bytes[..filled];
    let line = &bytes[..memchr::memchr(b'\n', bytes).unwrap_or(bytes.len())];
    let meant_as_header =
        line.starts_with(b"{\"v\":2,") || memchr::memmem::find(line, b"\"vault\"").is_some();
    Ok(match classify(line, None) {
        Line::Header(header) => Form::Encrypted(*header),
        Line::Record(_) => Form::Plain,
        Line::Invalid(message) | Line::NotJson(message) if meant_as_header => {
            Form::BadHeader(message)
        }
        _ => Form::Plain,
    })
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
    /// The number of the last sealed record (0 if the last line is the header or
    /// the log is plain).
    pub last_number: u64,
}

/// Checks the end of the log file without reading all of it: the cost depends on the
/// size of the last record (and of any torn tail), not on the journal's size. A sealed
/// last record is opened with `vault`.
pub fn check_tail(file: &File, len: u64, vault: Option<&RecordKey>) -> io::Result<TailCheck> {
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
                let mut last_number = 0;
                let read_only = match classify(line, vault) {
                    Line::NotJson(_) => None,
                    Line::Record(_) if vault.is_some() => Some(Some(
                        "the journal's last record is not sealed, in an encrypted journal; run \
                         `between journal verify`"
                            .to_owned(),
                    )),
                    Line::Record(_) | Line::Header(_) => Some(None),
                    Line::Sealed { number, .. } => {
                        last_number = number;
                        Some(None)
                    }
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
                        last_number,
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
                last_number: 0,
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
        let scan = scan(bytes, None, |_| n += 1);
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
    fn a_large_log_parsed_on_several_threads_keeps_its_order() {
        let entries: Vec<Entry> = (0..3000).map(|i| Entry::note(format!("n{i}"))).collect();
        let mut log: Vec<u8> = entries
            .iter()
            .flat_map(|e| Record::put(e.clone()).to_line())
            .collect();
        log.extend_from_slice(b"{\"v\":1,\"pu");
        let mut seen = Vec::new();
        let scan = scan(&log, None, |record| seen.push(record.put.unwrap().id));
        let expected: Vec<_> = entries.iter().map(|e| e.id.clone()).collect();
        assert_eq!(seen, expected);
        assert_eq!(scan.lines, 3001);
        assert_eq!(scan.tail_lines.len(), 1);
        assert_eq!(scan.tail_lines[0].line, 3001);
    }

    /// Gives at most `step` bytes per read, as a pipe or a slow disk may.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_longer_than_a_batch_and_reads_cut_anywhere_give_the_same_records() {
        let long = "long ".repeat(BATCH_BYTES / 3);
        let texts = ["a", long.as_str(), "b", long.as_str(), "c"];
        let mut log: Vec<u8> = texts.iter().flat_map(|t| line(t)).collect();
        let torn = b"{\"v\":1,\"pu";
        log.extend_from_slice(torn);
        for step in [1 << 20, 4093, 7 << 20] {
            let mut seen = Vec::new();
            let reader = Trickle { bytes: &log, step };
            let scan = scan_reader(reader, None, |record| {
                seen.push(record.put.unwrap().answers[0].value.text().unwrap().len())
            })
            .unwrap();
            let lengths: Vec<usize> = texts.iter().map(|t| t.len()).collect();
            assert_eq!(seen, lengths, "reads of {step}");
            assert_eq!(scan.lines, 6);
            assert_eq!(scan.tail, Some(log.len() - torn.len()..log.len()));
            assert!(scan.problems.is_empty());
        }
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
            let check = check_tail(&file, bytes.len() as u64, None).unwrap();
            let (_, scan) = count(&bytes);
            let scan_end = scan.tail.map_or(bytes.len(), |t| t.start) as u64;
            assert_eq!(check.good_end, scan_end, "cut at {cut}");
        }
    }
}
