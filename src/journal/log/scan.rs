//! Reading the log in batches: a few MiB at a time straight into one buffer, whose
//! complete lines are parsed (and opened) on every core, then handed in order to the
//! replay. Only one batch is in memory, whatever the log's size.

use std::io::{self, Read};

use super::Scan;
use super::replay::{Replay, Resume, Span};
use crate::journal::record::{Line, Record, classify};
use crate::journal::shared_text::Interner;
use crate::vault::RecordKey;

/// Replays every line of `bytes`, calling `on_record` for each valid record in order.
pub fn scan(bytes: &[u8], vault: Option<&RecordKey>, on_record: impl FnMut(Record)) -> Scan {
    // Reading from a slice cannot fail.
    scan_reader(bytes, vault, on_record).unwrap_or_default()
}

/// How many bytes of lines are read before they are parsed together.
const BATCH_BYTES: usize = 4 << 20;

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
    let mut state = Replay::new(vault, resume);
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

/// Parses the lines of one batch, in order: on one thread when they are few, else
/// in one chunk per interner, each on a thread of its own.
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
}
