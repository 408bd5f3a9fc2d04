//! Reading the log back: the whole of it, or the part after the snapshot, and what
//! the read tells about refreshing the snapshot; the tombstones of deleted entries.

use super::*;

/// How a replay went, for deciding about the snapshot.
#[derive(Debug)]
pub(super) struct Read {
    /// Bytes read (the whole log).
    pub(super) bytes: u64,
    /// Their CRC-32.
    pub(super) crc: u32,
    /// Bytes the snapshot covered (0 without one).
    pub(super) from_snapshot: u64,
    /// Whether the log may be snapshotted: complete, undamaged, ending in a newline.
    pub(super) clean: bool,
}

impl Read {
    /// Whether a new snapshot is worth writing.
    pub(super) fn stale(&self) -> bool {
        self.clean && self.bytes - self.from_snapshot >= snapshot::REFRESH_AFTER
    }
}

/// Whether `path` is still the file `file` was opened as, at least `len` bytes long.
pub(super) fn same_file(file: &File, path: &Path, len: u64) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(opened), Ok(now)) => {
            opened.dev() == now.dev() && opened.ino() == now.ino() && now.len() >= len
        }
        _ => false,
    }
}

/// Streams the first `len` bytes of `file` through `crc` (reading at offsets, so the
/// file's position is left alone); `None` if the log is shorter (replaced, or cut).
pub(super) fn prefix_crc(
    file: &File,
    len: u64,
    crc: &mut crc32fast::Hasher,
) -> io::Result<Option<u32>> {
    use std::os::unix::fs::FileExt;
    let mut buffer = vec![0; (1 << 20).min(len as usize).max(1)];
    let mut done = 0;
    while done < len {
        let want = ((len - done) as usize).min(buffer.len());
        let got = match file.read_at(&mut buffer[..want], done) {
            Ok(got) => got,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if got == 0 {
            return Ok(None);
        }
        crc.update(&buffer[..got]);
        done += got as u64;
    }
    Ok(Some(crc.clone().finalize()))
}

/// The journal after a replay, read-only if the scan found damage.
pub(super) fn finish_replay(
    mut journal: Journal,
    scan: Scan,
    from_snapshot: u64,
    crc: crc32fast::Hasher,
) -> (Journal, Scan, Read) {
    journal.read_only = scan.read_only_reason();
    journal.newer = scan.newer.is_some();
    if let Some(reason) = &journal.read_only {
        journal
            .warnings
            .push(format!("the journal is read-only: {reason}"));
    }
    let read = Read {
        bytes: scan.bytes,
        crc: crc.finalize(),
        from_snapshot,
        clean: journal.read_only.is_none() && scan.tail.is_none() && !scan.missing_newline,
    };
    (journal, scan, read)
}

/// Reads the records of `file` after `resume` onto `journal` (an empty one, or the
/// snapshot's), opening sealed records with `key`, and feeding the bytes to `crc`.
pub(super) fn replay_onto(
    mut journal: Journal,
    mut file: &File,
    key: Option<&RecordKey>,
    resume: log::Resume,
    crc: Option<&mut crc32fast::Hasher>,
) -> io::Result<(Journal, Scan)> {
    std::io::Seek::seek(&mut file, io::SeekFrom::Start(resume.offset))?;
    let mut changes = Changes::default();
    let scan = log::scan_from(file, key, resume, crc, |record| changes.add(record))?;
    journal.merge(changes);
    Ok((journal, scan))
}

/// The ids whose last record in the log at `path` is a tombstone: the entries deleted
/// here, read from the whole log (the snapshot holds only live entries).
pub(super) fn deleted_in(path: &Path, key: Option<&RecordKey>) -> io::Result<Deleted> {
    let file = match secure_fs::open_regular(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Deleted::default()),
        Err(e) => return Err(e),
    };
    let mut changes = Changes::default();
    log::scan_from(&file, key, log::Resume::default(), None, |record| {
        changes.add(record)
    })?;
    Ok(changes.deleted())
}

/// Reads the whole log from `file`, opening sealed records with `key`; no snapshot.
pub(super) fn replay(file: &File, key: Option<&RecordKey>) -> io::Result<(Journal, Scan)> {
    let (journal, scan) = replay_onto(Journal::default(), file, key, log::Resume::default(), None)?;
    let (journal, scan, _) = finish_replay(journal, scan, 0, crc32fast::Hasher::new());
    Ok((journal, scan))
}
