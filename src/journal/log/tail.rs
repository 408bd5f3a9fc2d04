//! The end of the log, read backwards from the end only: where the good part ends
//! (and so where the next record goes), and whether its last line forbids writing,
//! at a cost that depends on the last record, not on the journal's size.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use crate::journal::record::{Line, classify};
use crate::vault::RecordKey;

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
    use crate::journal::log::scan;
    use crate::journal::record::Record;

    fn line(text: &str) -> Vec<u8> {
        Record::put(Entry::note(text.into())).to_line()
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
            let scan = scan(&bytes, None, |_| {});
            let scan_end = scan.tail.map_or(bytes.len(), |t| t.start) as u64;
            assert_eq!(check.good_end, scan_end, "cut at {cut}");
        }
    }
}
