//! The journal store: an append-only log in `journal.jsonl`, one writer at a time.
//!
//! - Saving appends one line and syncs it; its cost does not depend on the journal's size.
//!   If the write fails (a full disk), the file is cut back to its old length, so its
//!   bytes are unchanged, and the caller still holds the entry.
//! - One writer: `journal.lock` is held with `File::try_lock` while writing. Readers
//!   never wait for it and never change the log; they take it only when it is free at
//!   once, to refresh the snapshot.
//! - Opening reads the snapshot (`journal.snapshot`) and the records after it when the
//!   log's bytes still match it, else every record (see [`super::snapshot`]).
//! - Recovery: a torn tail is copied to `quarantine/` and cut off, only by a writer;
//!   corruption in the middle or a newer format makes the journal read-only.
//! - Compaction writes a new file beside the old, reads it back, syncs, renames, and
//!   syncs the directory: after a crash at any step, one complete file is in place.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::entry::{Entry, EntryId};
use super::log::{self, Form, LineProblem, Scan};
use super::record::{Record, header_line};
use super::snapshot;
use crate::data_dir::DataDir;
use crate::sanitize;
use crate::secure_fs;
use crate::vault::{Header, RecordKey, Vault};

/// How long a writer waits for another to finish before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(3);

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file operation failed.
    #[error("cannot {action} {}: {source}", shown(path))]
    Io {
        /// What was being done, e.g. "read the journal".
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The disk (or the user's quota) is full.
    #[error(
        "the disk is full, so the entry was not saved; the journal is unchanged. Free some space and save again ({})",
        shown(path)
    )]
    DiskFull {
        /// The file that could not grow.
        path: PathBuf,
    },
    /// Another process holds the write lock.
    #[error(
        "another between is saving to the journal right now (it holds {}); try again in a moment",
        shown(path)
    )]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// The journal must not be written.
    #[error("the journal is read-only: {reason}")]
    ReadOnly {
        /// Why.
        reason: String,
    },
    /// Compaction wrote a file that did not read back the same.
    #[error(
        "compaction was stopped: the new file did not read back the same; the journal is unchanged"
    )]
    CompactionMismatch,
    /// The journal is encrypted and no key was given.
    #[error("the journal is encrypted; its passphrase is needed to read or write it")]
    Encrypted,
    /// The key given belongs to another journal.
    #[error(
        "the journal was encrypted anew since its passphrase was asked; nothing was changed. Start again"
    )]
    OtherKey,
    /// The encryption header is damaged, so nothing can be opened.
    #[error(
        "the journal's encryption header (line 1) is damaged ({0}); nothing was changed. Restore journal.jsonl from a backup"
    )]
    BadHeader(String),
    /// The journal would grow past the process's file-size limit (`ulimit -f`).
    #[error(
        "the journal cannot grow past the file-size limit set for this process (`ulimit -f`), so the entry was not saved; the journal is unchanged. Raise the limit and save again ({})",
        shown(path)
    )]
    SizeLimit {
        /// The file that could not grow.
        path: PathBuf,
    },
    /// A rewrite of the whole journal (compaction, `encrypt`, `decrypt`, `passwd`)
    /// found no room for its new file; the journal is unchanged.
    #[error(
        "the journal could not be {done}: {} while writing its new copy ({}); the journal is unchanged and the unfinished copy was removed. {}",
        if *size_limit { "the copy would pass the file-size limit set for this process (`ulimit -f`)" } else { "the disk is full" },
        shown(path),
        if *size_limit { "Raise the limit and try again" } else { "Free some space and try again" }
    )]
    RewriteNoRoom {
        /// What the rewrite was for: "compacted", "encrypted", "decrypted"…
        done: &'static str,
        /// The new file.
        path: PathBuf,
        /// Whether a file-size limit, rather than the disk, was reached.
        size_limit: bool,
    },
}

fn shown(path: &Path) -> String {
    sanitize::text(&path.display().to_string()).into_owned()
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError + use<> {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

fn is_disk_full(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::ENOSPC) | Some(libc::EDQUOT) | Some(libc::EFBIG)
    )
}

/// Whether `error` says a file-size limit (`ulimit -f`) was reached, rather than the
/// disk's end.
fn is_size_limit(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::EFBIG)
}

/// The live entries of a journal, sorted by id (ids sort by creation time).
///
/// They sit in one vector: a journal is read far more than it changes, a vector is
/// built from the snapshot without copying, and it takes a fraction of the memory a
/// map does. Memory taken is time at start: fresh pages cost more than the decoding.
#[derive(Debug, Default, Clone)]
pub struct Journal {
    entries: Vec<Entry>,
    records: usize,
    generation: u64,
    read_only: Option<String>,
    /// Whether the journal holds records of a newer format (read-only for that reason).
    newer: bool,
    /// Things the user should know about how the journal loaded.
    pub warnings: Vec<String>,
}

/// Records in log order, folded by id so that the last one of each id wins; a whole
/// log, or the part after the snapshot, then changes the journal in one pass.
#[derive(Debug, Default)]
struct Changes {
    latest: BTreeMap<EntryId, Change>,
    records: usize,
}

/// The last word on one id among some records.
#[derive(Debug)]
struct Change {
    /// The entry as its last record left it; `None` after a tombstone.
    entry: Option<Entry>,
    /// Whether the first of the records was a tombstone: it removed something only if
    /// the journal had the entry.
    starts_with_tombstone: bool,
    /// Tombstones after a tombstone, which removed nothing.
    idle_tombstones: usize,
}

impl Changes {
    fn add(&mut self, record: Record) {
        self.records += 1;
        if let Some(entry) = record.put {
            match self.latest.get_mut(&entry.id) {
                Some(change) => change.entry = Some(entry),
                None => {
                    let id = entry.id.clone();
                    let change = Change {
                        entry: Some(entry),
                        starts_with_tombstone: false,
                        idle_tombstones: 0,
                    };
                    self.latest.insert(id, change);
                }
            }
        } else if let Some(tombstone) = record.delete {
            match self.latest.get_mut(&tombstone.id) {
                Some(change) => {
                    if change.entry.take().is_none() {
                        change.idle_tombstones += 1;
                    }
                }
                None => {
                    let change = Change {
                        entry: None,
                        starts_with_tombstone: true,
                        idle_tombstones: 0,
                    };
                    self.latest.insert(tombstone.id, change);
                }
            }
        }
    }

    /// The ids whose last record is a tombstone: entries deleted in these records.
    fn deleted(self) -> BTreeSet<EntryId> {
        self.latest
            .into_iter()
            .filter(|(_, change)| change.entry.is_none())
            .map(|(id, _)| id)
            .collect()
    }
}

impl Journal {
    /// The journal a snapshot holds: its entries (sorted by id) out of `records`.
    fn from_snapshot(entries: Vec<Entry>, records: usize) -> Self {
        debug_assert!(entries.is_sorted_by(|a, b| a.id < b.id));
        Self {
            entries,
            records,
            generation: records as u64,
            ..Self::default()
        }
    }

    /// Applies one record: the last revision of an id wins, a tombstone removes it.
    pub fn apply(&mut self, record: Record) {
        let mut changes = Changes::default();
        changes.add(record);
        self.merge(changes);
    }

    /// Applies folded records: revisions replace entries in place, tombstones are
    /// removed in one pass, and new entries (nearly always newer than every other)
    /// are appended, sorted in only if they are not.
    ///
    /// A tombstone counts among the records only if it removed an entry. The others
    /// are those compaction keeps (so that a deleted entry stays deleted, whatever an
    /// import or another copy brings back), and they are not superseded: a compacted
    /// journal has nothing left to compact.
    fn merge(&mut self, changes: Changes) {
        let mut idle = 0;
        let mut removed = Vec::new();
        let mut added = Vec::with_capacity(changes.latest.len());
        for (id, change) in changes.latest {
            let had = self.position(&id);
            idle += change.idle_tombstones;
            if change.starts_with_tombstone && had.is_err() {
                idle += 1;
            }
            match (had, change.entry) {
                (Ok(i), Some(entry)) => self.entries[i] = entry,
                (Ok(i), None) => removed.push(i),
                (Err(_), Some(entry)) => added.push(entry),
                (Err(_), None) => {}
            }
        }
        let counted = changes.records - idle;
        self.records += counted;
        self.generation += counted as u64;
        if !removed.is_empty() {
            // The ids came in order, so the positions did too.
            let mut removed = removed.into_iter().peekable();
            let mut position = 0;
            self.entries.retain(|_| {
                let gone = removed.next_if_eq(&position).is_some();
                position += 1;
                !gone
            });
        }
        if self.entries.is_empty() {
            // A whole log replayed: the new entries came in order, as the map keeps them.
            self.entries = added;
        } else if let Some(first) = added.first() {
            let in_order = self.entries.last().is_none_or(|last| last.id < first.id);
            if in_order {
                self.entries.extend(added);
            } else if added.len() <= 64 {
                // A saved entry older than the newest (an entry from a machine whose
                // clock was behind): each moved into place, with no sort's buffer.
                for entry in added {
                    let at = self.position(&entry.id).unwrap_or_else(|at| at);
                    self.entries.insert(at, entry);
                }
            } else {
                self.entries.extend(added);
                self.entries.sort_by(|a, b| a.id.cmp(&b.id));
            }
        }
    }

    fn position(&self, id: &EntryId) -> Result<usize, usize> {
        self.entries.binary_search_by(|entry| entry.id.cmp(id))
    }

    /// Where the entry `id` is among [`Journal::entries`], if it is there.
    pub fn index_of(&self, id: &EntryId) -> Option<usize> {
        self.position(id).ok()
    }

    /// A number that changes whenever an entry does, so derived data (the search
    /// index) knows when it is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The entry with this id.
    pub fn get(&self, id: &EntryId) -> Option<&Entry> {
        self.position(id).ok().map(|i| &self.entries[i])
    }

    /// Every live entry, oldest first; `.rev()` for newest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Entry> + ExactSizeIterator {
        self.entries.iter()
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no live entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records in the log that no longer count (older revisions and tombstones).
    pub fn superseded(&self) -> usize {
        self.records - self.entries.len()
    }

    /// Why the journal may not be written, if it may not.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }
}

/// Access to the journal in one data directory, with its key when it is encrypted.
#[derive(Debug, Clone)]
pub struct Store {
    dir: DataDir,
    vault: Option<Vault>,
}

/// A step of compaction, at which a test can inject a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompactStep {
    /// The new file is written, not yet synced.
    Written,
    /// The new file is synced.
    Synced,
    /// The new file has been read back and holds the same live entries.
    Verified,
    /// The new file has replaced the old.
    Renamed,
    /// The directory is synced; compaction is complete.
    DirSynced,
}

/// What compaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compacted {
    /// Records before.
    pub records_before: usize,
    /// Records after (one per live entry).
    pub records_after: usize,
    /// File size before, in bytes.
    pub bytes_before: u64,
    /// File size after, in bytes.
    pub bytes_after: u64,
}

impl Store {
    /// The store of the data directory `dir`. Nothing is created until something is saved.
    pub fn new(dir: DataDir) -> Self {
        Self { dir, vault: None }
    }

    /// The store of `dir`, with the key of its encrypted journal.
    pub fn with_vault(dir: DataDir, vault: Option<Vault>) -> Self {
        Self { dir, vault }
    }

    /// The data directory.
    pub fn dir(&self) -> &DataDir {
        &self.dir
    }

    /// The key this store opens the journal with, if any.
    pub fn vault(&self) -> Option<&Vault> {
        self.vault.as_ref()
    }

    /// Whether the journal is plain or encrypted (and its header), from its first line.
    pub fn form(&self) -> Result<Form, StoreError> {
        let path = self.dir.journal();
        match secure_fs::open_regular(&path) {
            Ok(file) => log::form(&file).map_err(io_error("read the journal", &path)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Form::Plain),
            Err(e) => Err(io_error("read the journal", &path)(e)),
        }
    }

    /// The key to read `file` with: none for a plain journal, this store's for an
    /// encrypted one (an error if it has none, or one of another journal).
    fn key_for(&self, file: &File) -> Result<Option<(Header, RecordKey)>, StoreError> {
        let form = log::form(file).map_err(io_error("read the journal", &self.dir.journal()))?;
        match (form, &self.vault) {
            (Form::Plain, _) => Ok(None),
            (Form::Encrypted(header), Some(vault)) if header.is_for(vault) => {
                let key = RecordKey::new(vault, &header).ok_or_else(|| {
                    StoreError::BadHeader("the log id is not 32 hex digits".into())
                })?;
                Ok(Some((header, key)))
            }
            (Form::Encrypted(_), Some(_)) => Err(StoreError::OtherKey),
            (Form::Encrypted(_), None) => Err(StoreError::Encrypted),
            (Form::BadHeader(message), _) => Err(StoreError::BadHeader(message)),
        }
    }

    /// Loads the journal to read it. Changes nothing in the log: a torn tail is left out
    /// with a warning (the next writer sets it aside). When the snapshot is far behind
    /// and no writer holds the lock, it is written anew (see [`super::snapshot`]).
    pub fn load(&self) -> Result<Journal, StoreError> {
        let path = self.dir.journal();
        let file = match secure_fs::open_regular(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Journal::default()),
            Err(e) => return Err(io_error("read the journal", &path)(e)),
        };
        let key = self.key_for(&file)?;
        let (mut journal, scan, read) = self
            .replay(&file, key.as_ref())
            .map_err(io_error("read the journal", &path))?;
        if read.stale() {
            // Only when no writer is at work (a reader never waits), and only if the
            // log is still the file that was read: a compaction meanwhile replaced it.
            if let Ok(lock) = self.try_lock_now()
                && same_file(&file, &path, read.bytes)
            {
                self.write_snapshot(&journal, &scan, &read, key.as_ref());
                drop(lock);
            }
        }
        if let Some(tail) = &scan.tail {
            journal.warnings.push(format!(
                "the journal's last {} byte(s) are an incomplete record (from a crash while \
                 saving, or a save in progress); they are left out and will be set aside the \
                 next time the journal is written",
                tail.len()
            ));
        }
        Ok(journal)
    }

    /// Opens the journal for writing: takes the lock (waiting up to [`LOCK_WAIT`]),
    /// loads every entry, sets a torn tail aside, and compacts when more than half the
    /// records are superseded.
    pub fn open(&self) -> Result<JournalWriter, StoreError> {
        let lock = self.lock()?;
        let path = self.dir.journal();
        let file = secure_fs::open_append(&path).map_err(io_error("open the journal", &path))?;
        let key = self.key_for(&file)?;
        let (mut journal, scan, read) = self
            .replay(&file, key.as_ref())
            .map_err(io_error("read the journal", &path))?;
        if read.stale() {
            self.write_snapshot(&journal, &scan, &read, key.as_ref());
        }
        let len = file
            .metadata()
            .map_err(io_error("read the journal", &path))?
            .len();
        let mut log = AppendLog {
            file,
            path,
            len,
            read_only: journal.read_only.clone(),
            sealing: Sealing::after(key, scan.last_number),
            store: self.clone(),
            warnings: Vec::new(),
            _lock: lock,
        };
        if log.read_only.is_some() {
            // Damaged or newer: change nothing at all, not even a torn tail.
        } else if let Some(tail) = scan.tail.clone() {
            let message = self.set_aside_from(&mut log, tail.start as u64)?;
            journal.warnings.push(message);
        } else if scan.missing_newline {
            log.write(b"\n")?;
        }
        let mut writer = JournalWriter {
            journal,
            log,
            compacted_on_open: None,
        };
        if writer.journal.superseded() > writer.journal.records / 2 && writer.journal.records >= 16
        {
            writer.compacted_on_open = Some(writer.compact()?);
        }
        Ok(writer)
    }

    /// Opens the journal to append only, without reading it: takes the lock and checks
    /// the end of the file (setting a torn tail aside). For `journal add`.
    pub fn open_append(&self) -> Result<AppendLog, StoreError> {
        let lock = self.lock()?;
        let path = self.dir.journal();
        let file = secure_fs::open_append(&path).map_err(io_error("open the journal", &path))?;
        let len = file
            .metadata()
            .map_err(io_error("read the journal", &path))?
            .len();
        let key = self.key_for(&file)?;
        let check = log::check_tail(&file, len, key.as_ref().map(|(_, vault)| vault))
            .map_err(io_error("read the journal", &path))?;
        let mut log = AppendLog {
            file,
            path,
            len,
            read_only: check.read_only.clone(),
            sealing: Sealing::after(key, check.last_number),
            store: self.clone(),
            warnings: Vec::new(),
            _lock: lock,
        };
        if log.read_only.is_some() {
            // Change nothing in a journal this build must not write.
        } else if check.good_end < len {
            let message = self.set_aside_from(&mut log, check.good_end)?;
            log.warnings.push(message);
        } else if check.missing_newline {
            log.write(b"\n")?;
        }
        Ok(log)
    }

    fn lock(&self) -> Result<File, StoreError> {
        secure_fs::private_dir(self.dir.root())
            .map_err(io_error("create the data directory", self.dir.root()))?;
        let path = self.dir.lock();
        let file = secure_fs::open_append(&path).map_err(io_error("open the lock", &path))?;
        let deadline = Instant::now() + LOCK_WAIT;
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                Err(fs::TryLockError::WouldBlock) => return Err(StoreError::Locked { path }),
                Err(fs::TryLockError::Error(e)) => return Err(io_error("lock", &path)(e)),
            }
        }
    }

    /// The write lock if it is free this instant; never waits.
    pub(crate) fn try_lock_now(&self) -> io::Result<File> {
        let file = secure_fs::open_append(&self.dir.lock())?;
        file.try_lock().map_err(io::Error::from)?;
        Ok(file)
    }

    /// Reads the log in `file`: from the snapshot and the records after it when the
    /// snapshot is good for these bytes, else every record.
    fn replay(
        &self,
        file: &File,
        key: Option<&(Header, RecordKey)>,
    ) -> io::Result<(Journal, Scan, Read)> {
        let record_key = key.map(|(_, key)| key);
        let vault = record_key.map(RecordKey::vault);
        let path = self.dir.snapshot();
        let check = |covered: u64| {
            let mut crc = crc32fast::Hasher::new();
            prefix_crc(file, covered, &mut crc).map(|sum| (sum, crc))
        };
        // The log's bytes are checked on one thread while the snapshot's entries are
        // decoded on the others; the entries count only if the bytes are still the
        // same. A plain snapshot is read from its file a chunk at a time; a sealed one
        // is opened whole.
        // A snapshot is never larger than the log it stands for; a bigger file, or one
        // that is not a regular file, is not a snapshot of this log and is not used.
        let cap = secure_fs::Cap {
            what: "the snapshot of this journal",
            bytes: file.metadata()?.len().saturating_mul(2) + snapshot::REFRESH_AFTER,
        };
        let plain = vault
            .is_none()
            .then(|| secure_fs::open_regular(&path).ok())
            .flatten()
            .filter(|file| file.metadata().is_ok_and(|meta| meta.len() <= cap.bytes));
        let opened = vault.and_then(|vault| {
            super::sealed_files::read_strict(&self.dir, &path, Some(vault), cap).ok()
        });
        let source = match (&plain, &opened) {
            (Some(file), _) => Some(snapshot::Source::File(file)),
            (None, Some(bytes)) => Some(snapshot::Source::Bytes(bytes)),
            (None, None) => None,
        };
        let from_snapshot = source.and_then(|source| {
            let layout = snapshot::layout(source)?;
            let head = layout.head;
            Some(std::thread::scope(|scope| {
                let checker = scope.spawn(move || check(head.covered));
                let entries = snapshot::entries(&layout, source);
                let prefix = checker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (head, entries, prefix)
            }))
        });
        // The snapshot's bytes (tens of MiB, when opened) are done with.
        drop((plain, opened));
        if let Some((head, entries, prefix)) = from_snapshot
            && let (Some(entries), (Some(sum), mut crc)) = (entries, prefix?)
            && sum == head.log_crc
        {
            let resume = log::Resume {
                offset: head.covered,
                lines: head.lines,
                records: head.records,
                last_number: head.last_number,
                header: key.map(|(header, _)| header.clone()),
            };
            let snapshot = Journal::from_snapshot(entries, head.records);
            let (journal, scan) = replay_onto(snapshot, file, record_key, resume, Some(&mut crc))?;
            return Ok(finish_replay(journal, scan, head.covered, crc));
        }
        let mut crc = crc32fast::Hasher::new();
        let (journal, scan) = replay_onto(
            Journal::default(),
            file,
            record_key,
            log::Resume::default(),
            Some(&mut crc),
        )?;
        Ok(finish_replay(journal, scan, 0, crc))
    }

    /// Writes a snapshot of `journal` as `scan` read it; a failure only means the
    /// next open parses more, so it is not reported.
    fn write_snapshot(
        &self,
        journal: &Journal,
        scan: &Scan,
        read: &Read,
        key: Option<&(Header, RecordKey)>,
    ) {
        let bytes = snapshot::encode(
            read.bytes,
            read.crc,
            scan.lines,
            journal.records,
            scan.last_number,
            journal.entries(),
        );
        let vault = key.map(|(_, key)| key.vault());
        let _ = super::sealed_files::write(&self.dir, &self.dir.snapshot(), &bytes, vault);
    }

    /// Copies the torn tail from `good_end` to the end of the log into `quarantine/`,
    /// then cuts the log back to `good_end`.
    fn set_aside_from(&self, log: &mut AppendLog, good_end: u64) -> Result<String, StoreError> {
        let mut tail = vec![0; (log.len - good_end) as usize];
        std::os::unix::fs::FileExt::read_exact_at(&log.file, &mut tail, good_end)
            .map_err(io_error("read the journal", &log.path))?;
        let quarantine = self.dir.quarantine();
        secure_fs::private_dir(&quarantine)
            .map_err(io_error("create the quarantine directory", &quarantine))?;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
        let file = quarantine.join(format!("journal-tail-{stamp}-{}.bin", std::process::id()));
        super::sealed_files::write(&self.dir, &file, &tail, self.vault.as_ref())
            .map_err(io_error("write", &file))?;
        log.file
            .set_len(good_end)
            .and_then(|()| log.file.sync_all())
            .map_err(io_error("cut the torn tail off", &log.path))?;
        log.len = good_end;
        Ok(format!(
            "the journal ended with an incomplete record (probably a crash while saving); its {} \
             byte(s) were set aside in {} and every complete entry loaded",
            tail.len(),
            shown(&file)
        ))
    }
}

/// How a replay went, for deciding about the snapshot.
#[derive(Debug)]
struct Read {
    /// Bytes read (the whole log).
    bytes: u64,
    /// Their CRC-32.
    crc: u32,
    /// Bytes the snapshot covered (0 without one).
    from_snapshot: u64,
    /// Whether the log may be snapshotted: complete, undamaged, ending in a newline.
    clean: bool,
}

impl Read {
    /// Whether a new snapshot is worth writing.
    fn stale(&self) -> bool {
        self.clean && self.bytes - self.from_snapshot >= snapshot::REFRESH_AFTER
    }
}

/// Whether `path` is still the file `file` was opened as, at least `len` bytes long.
fn same_file(file: &File, path: &Path, len: u64) -> bool {
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
fn prefix_crc(file: &File, len: u64, crc: &mut crc32fast::Hasher) -> io::Result<Option<u32>> {
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
fn finish_replay(
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
fn replay_onto(
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
fn deleted_in(path: &Path, key: Option<&RecordKey>) -> io::Result<BTreeSet<EntryId>> {
    let file = match secure_fs::open_regular(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(e),
    };
    let mut changes = Changes::default();
    log::scan_from(&file, key, log::Resume::default(), None, |record| {
        changes.add(record)
    })?;
    Ok(changes.deleted())
}

/// Reads the whole log from `file`, opening sealed records with `key`; no snapshot.
fn replay(file: &File, key: Option<&RecordKey>) -> io::Result<(Journal, Scan)> {
    let (journal, scan) = replay_onto(Journal::default(), file, key, log::Resume::default(), None)?;
    let (journal, scan, _) = finish_replay(journal, scan, 0, crc32fast::Hasher::new());
    Ok((journal, scan))
}

/// How an encrypted log seals what is appended.
#[derive(Debug, Clone)]
struct Sealing {
    header: Header,
    key: RecordKey,
    /// The number of the next record.
    next: u64,
}

impl Sealing {
    fn after(key: Option<(Header, RecordKey)>, last_number: u64) -> Option<Self> {
        key.map(|(header, key)| Self {
            header,
            key,
            next: last_number + 1,
        })
    }
}

/// The open end of the log, holding the write lock for as long as it lives.
#[derive(Debug)]
pub struct AppendLog {
    file: File,
    path: PathBuf,
    len: u64,
    read_only: Option<String>,
    sealing: Option<Sealing>,
    store: Store,
    /// What the user should know about how it opened (a torn tail set aside).
    warnings: Vec<String>,
    _lock: File,
}

impl AppendLog {
    /// What the user should know about how the log opened, such as a torn tail that
    /// was set aside.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Appends one record and syncs it. On failure the file is cut back to its old
    /// length, so a failed save changes nothing.
    pub fn append(&mut self, record: &Record) -> Result<(), StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                reason: reason.clone(),
            });
        }
        let line = match &self.sealing {
            Some(sealing) => record.to_sealed_line(&sealing.key, sealing.next),
            None => record.to_line(),
        };
        self.write(&line)?;
        if let Some(sealing) = &mut self.sealing {
            sealing.next += 1;
        }
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        let result = self
            .file
            .write_all(bytes)
            .and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.len += bytes.len() as u64;
                Ok(())
            }
            Err(error) => {
                // Undo a partial write; if even that fails, the torn tail rule recovers.
                let _ = self.file.set_len(self.len);
                let _ = self.file.sync_data();
                if is_size_limit(&error) {
                    Err(StoreError::SizeLimit {
                        path: self.path.clone(),
                    })
                } else if is_disk_full(&error) {
                    Err(StoreError::DiskFull {
                        path: self.path.clone(),
                    })
                } else {
                    Err(io_error("write the journal", &self.path)(error))
                }
            }
        }
    }
}

/// The journal, loaded and open for writing.
#[derive(Debug)]
pub struct JournalWriter {
    journal: Journal,
    log: AppendLog,
    compacted_on_open: Option<Compacted>,
}

impl JournalWriter {
    /// The compaction that opening did by itself, when most records were superseded.
    pub fn compacted_on_open(&self) -> Option<&Compacted> {
        self.compacted_on_open.as_ref()
    }

    /// The entries as they are now.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Saves `entry` (a new entry or a new revision). On error nothing changed, on
    /// disk or in memory, and the caller still has the entry.
    pub fn save(&mut self, entry: &Entry) -> Result<(), StoreError> {
        let record = Record::put(entry.clone());
        self.log.append(&record)?;
        self.journal.apply(record);
        Ok(())
    }

    /// The ids of entries deleted in this journal (their tombstones outlive compaction),
    /// so that an import does not bring them back.
    pub fn deleted(&self) -> Result<BTreeSet<EntryId>, StoreError> {
        let key = self.log.sealing.as_ref().map(|s| &s.key);
        deleted_in(&self.log.path, key).map_err(io_error("read the journal", &self.log.path))
    }

    /// Deletes the entry `id` by appending a tombstone.
    pub fn delete(&mut self, id: &EntryId) -> Result<(), StoreError> {
        let record = Record::delete(id.clone());
        self.log.append(&record)?;
        self.journal.apply(record);
        Ok(())
    }

    /// Rewrites the log with one record per live entry, in the form it has.
    pub fn compact(&mut self) -> Result<Compacted, StoreError> {
        self.compact_with(|_| Ok(()))
    }

    /// Compaction, calling `checkpoint` after each step; an error from it stops
    /// compaction there, as a crash would (tests use this to inject failures).
    pub fn compact_with(
        &mut self,
        checkpoint: impl FnMut(CompactStep) -> io::Result<()>,
    ) -> Result<Compacted, StoreError> {
        let form = self
            .log
            .sealing
            .as_ref()
            .map(|s| (s.header.clone(), s.key.vault().clone()));
        self.rewrite_with(form, checkpoint)
    }

    /// Rewrites a damaged journal with the entries that loaded (every record that
    /// could be read), plain or sealed as `form` says, after copying the whole file as
    /// it was into `quarantine/` (in the form it had, so a sealed one stays sealed).
    /// Returns the copy. A journal with records of a newer format is refused: the
    /// newer between must rewrite it.
    pub fn salvage_with(
        &mut self,
        form: Option<(Header, Vault)>,
        checkpoint: impl FnMut(CompactStep) -> io::Result<()>,
    ) -> Result<(Compacted, PathBuf), StoreError> {
        if self.journal.newer
            && let Some(reason) = &self.log.read_only
        {
            return Err(StoreError::ReadOnly {
                reason: reason.clone(),
            });
        }
        let dir = &self.log.store.dir;
        let quarantine = dir.quarantine();
        secure_fs::private_dir(&quarantine)
            .map_err(io_error("create the quarantine directory", &quarantine))?;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
        let copy = quarantine.join(format!("journal-before-salvage-{stamp}.jsonl"));
        let mut bytes = vec![0; self.log.len as usize];
        std::os::unix::fs::FileExt::read_exact_at(&self.log.file, &mut bytes, 0)
            .map_err(io_error("read the journal", &self.log.path))?;
        secure_fs::write_atomic(&copy, &bytes).map_err(|e| {
            if is_disk_full(&e) {
                StoreError::RewriteNoRoom {
                    done: "salvaged",
                    path: copy.clone(),
                    size_limit: is_size_limit(&e),
                }
            } else {
                io_error("copy the damaged journal to", &copy)(e)
            }
        })?;
        let reason = self.log.read_only.take();
        let result = self.rewrite_with(form, checkpoint);
        if result.is_err() {
            self.log.read_only = reason;
        } else {
            self.journal.read_only = None;
        }
        result.map(|compacted| (compacted, copy))
    }

    /// Whether the log is encrypted, and its header if so.
    pub fn header(&self) -> Option<&Header> {
        self.log.sealing.as_ref().map(|s| &s.header)
    }

    /// Rewrites the log with one record per live entry, plain (`None`) or sealed
    /// under a header and its key; compaction, and turning encryption on or off or
    /// changing the passphrase, are all this. The new file is written beside the old,
    /// synced, read back and compared, then renamed over it: after a crash at any
    /// step, either the old file or the new one is in place, complete.
    pub fn rewrite_with(
        &mut self,
        form: Option<(Header, Vault)>,
        mut checkpoint: impl FnMut(CompactStep) -> io::Result<()>,
    ) -> Result<Compacted, StoreError> {
        if let Some(reason) = &self.log.read_only {
            return Err(StoreError::ReadOnly {
                reason: reason.clone(),
            });
        }
        // Each rewritten file gets a new log id, so no record of this one opens in it.
        let form = form.map(|(header, vault)| {
            let header = header.renewed();
            let key = RecordKey::new(&vault, &header).expect("a header made for this key");
            (header, key)
        });
        let path = self.log.path.clone();
        let temp = rewrite_temp(&self.log.store.dir);
        let done = match (&self.log.sealing, &form) {
            (None, None) => "compacted",
            (None, Some(_)) => "encrypted",
            (Some(_), None) => "decrypted",
            (Some(now), Some((new, _))) if now.header.key == new.key => "compacted",
            (Some(_), Some(_)) => "given its new passphrase",
        };
        let _ = fs::remove_file(&temp);
        // Tombstones stay, so that a deleted entry is not brought back by an import or
        // another copy of the journal; they are read with the old key, before the switch.
        let deleted = self.deleted()?;
        let bytes = lines_of(&self.journal, &deleted, form.as_ref());
        let fail = |error: io::Error| {
            if is_disk_full(&error) {
                StoreError::RewriteNoRoom {
                    done,
                    path: temp.clone(),
                    size_limit: is_size_limit(&error),
                }
            } else {
                io_error("write the new copy of the journal", &temp)(error)
            }
        };
        // Until the rename, the old file is the journal: on any failure the new one,
        // complete or not, is removed.
        let written = (|| {
            let mut file = secure_fs::create_new(&temp).map_err(fail)?;
            file.write_all(&bytes).map_err(fail)?;
            checkpoint(CompactStep::Written).map_err(fail)?;
            file.sync_all().map_err(fail)?;
            checkpoint(CompactStep::Synced).map_err(fail)?;
            let key = form.as_ref().map(|(_, key)| key);
            let (copy, scan) =
                replay(&secure_fs::open_regular(&temp).map_err(fail)?, key).map_err(fail)?;
            if scan.tail.is_some()
                || copy.read_only.is_some()
                || copy.entries != self.journal.entries
                || scan.header.as_ref() != form.as_ref().map(|(header, _)| header)
            {
                return Err(StoreError::CompactionMismatch);
            }
            checkpoint(CompactStep::Verified).map_err(fail)?;
            // The snapshot goes first: it may hold the text in the old form (plain,
            // when encryption is being turned on), and it will not fit the new file.
            let snapshot = self.log.store.dir.snapshot();
            for file in [secure_fs::temp_path(&snapshot), snapshot] {
                match fs::remove_file(&file) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        return Err(io_error("remove the snapshot", &file)(e));
                    }
                    _ => {}
                }
            }
            fs::rename(&temp, &path).map_err(io_error("replace the journal", &path))?;
            Ok(scan)
        })();
        let scan = match written {
            Ok(scan) => scan,
            Err(error) => {
                let _ = fs::remove_file(&temp);
                return Err(error);
            }
        };
        checkpoint(CompactStep::Renamed).map_err(fail)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        secure_fs::sync_dir(dir).map_err(io_error("sync", dir))?;
        checkpoint(CompactStep::DirSynced).map_err(fail)?;

        let compacted = Compacted {
            records_before: self.journal.records,
            records_after: self.journal.len() + deleted.len(),
            bytes_before: self.log.len,
            bytes_after: bytes.len() as u64,
        };
        // The old handle points at the replaced file; append to the new one from now on.
        self.log.file =
            secure_fs::open_append(&path).map_err(io_error("open the journal", &path))?;
        self.log.len = bytes.len() as u64;
        self.journal.records = self.journal.len();
        if self.log.len >= snapshot::REFRESH_AFTER {
            let mut crc = crc32fast::Hasher::new();
            crc.update(&bytes);
            let read = Read {
                bytes: self.log.len,
                crc: crc.finalize(),
                from_snapshot: 0,
                clean: true,
            };
            self.log
                .store
                .write_snapshot(&self.journal, &scan, &read, form.as_ref());
        }
        // Numbered on from the last record written: the entries, then the kept tombstones.
        self.log.sealing = Sealing::after(form, scan.last_number);
        Ok(compacted)
    }
}

/// Where a rewrite of the journal (compaction, `encrypt`, `decrypt`, `passwd`) writes
/// the new file before it is renamed into place. One a stopped rewrite left is never
/// needed (the old file is complete until the rename) and is removed at the next
/// start (see `vault::leftovers`).
pub fn rewrite_temp(dir: &DataDir) -> PathBuf {
    dir.root().join("journal.jsonl.compact")
}

/// The log of `journal`'s live entries, plain or sealed under a header and its key.
fn lines_of(
    journal: &Journal,
    deleted: &BTreeSet<EntryId>,
    form: Option<&(Header, RecordKey)>,
) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some((header, _)) = form {
        bytes.extend_from_slice(&header_line(header));
    }
    let puts = journal.entries().map(|entry| Record::put(entry.clone()));
    let tombstones = deleted.iter().map(|id| Record::delete(id.clone()));
    for (index, record) in puts.chain(tombstones).enumerate() {
        match form {
            Some((_, key)) => {
                bytes.extend_from_slice(&record.to_sealed_line(key, index as u64 + 1))
            }
            None => bytes.extend_from_slice(&record.to_line()),
        }
    }
    bytes
}

/// Every problem in the log file, for `journal verify`: damaged lines anywhere,
/// including a torn tail, and records of a newer format.
pub fn verify(store: &Store) -> Result<Vec<LineProblem>, StoreError> {
    let path = store.dir.journal();
    let file = match secure_fs::open_regular(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error("read the journal", &path)(e)),
    };
    let key = store.key_for(&file)?;
    let scan = log::scan_reader(&file, key.as_ref().map(|(_, vault)| vault), |_| {})
        .map_err(io_error("read the journal", &path))?;
    let mut problems = scan.problems;
    if let Some((line, version)) = scan.newer {
        problems.push(LineProblem {
            line,
            message: format!("written by a newer version of between (record format {version})"),
        });
    }
    problems.extend(scan.tail_lines.into_iter().map(|p| LineProblem {
        message: format!(
            "{} (an incomplete last record, from a crash while saving)",
            p.message
        ),
        ..p
    }));
    if scan.missing_newline {
        problems.push(LineProblem {
            line: scan.lines,
            message: "the last record has no final newline".into(),
        });
    }
    problems.sort_by_key(|p| p.line);
    Ok(problems)
}
