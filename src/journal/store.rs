//! The journal store: an append-only log in `journal.jsonl`, one writer at a time.
//!
//! - Saving appends one line and syncs it; its cost does not depend on the journal's size.
//!   If the write fails (a full disk), the file is cut back to its old length, so its
//!   bytes are unchanged, and the caller still holds the entry.
//! - One writer: `journal.lock` is held with `File::try_lock` while writing. Readers
//!   never take it and never change a file.
//! - Recovery: a torn tail is copied to `quarantine/` and cut off, only by a writer;
//!   corruption in the middle or a newer format makes the journal read-only.
//! - Compaction writes a new file beside the old, reads it back, syncs, renames, and
//!   syncs the directory: after a crash at any step, one complete file is in place.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::entry::{Entry, EntryId};
use super::log::{self, Form, LineProblem, Scan};
use super::record::{Record, header_line};
use crate::data_dir::DataDir;
use crate::sanitize;
use crate::secure_fs;
use crate::vault::{self, Header, RecordKey, Vault};

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

/// The live entries of a journal, by id (ids sort by creation time).
#[derive(Debug, Default, Clone)]
pub struct Journal {
    entries: BTreeMap<EntryId, Entry>,
    records: usize,
    generation: u64,
    read_only: Option<String>,
    /// Things the user should know about how the journal loaded.
    pub warnings: Vec<String>,
}

impl Journal {
    /// Applies one record: the last revision of an id wins, a tombstone removes it.
    pub fn apply(&mut self, record: Record) {
        self.records += 1;
        self.generation += 1;
        if let Some(entry) = record.put {
            self.entries.insert(entry.id.clone(), entry);
        } else if let Some(tombstone) = record.delete {
            self.entries.remove(&tombstone.id);
        }
    }

    /// A number that changes whenever an entry does, so derived data (the search
    /// index) knows when it is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The entry with this id.
    pub fn get(&self, id: &EntryId) -> Option<&Entry> {
        self.entries.get(id)
    }

    /// Every live entry, oldest first; `.rev()` for newest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Entry> + ExactSizeIterator {
        self.entries.values()
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
        match File::open(&path) {
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

    /// Loads the journal to read it. Takes no lock and changes no file: a torn tail is
    /// left out with a warning (the next writer sets it aside).
    pub fn load(&self) -> Result<Journal, StoreError> {
        let path = self.dir.journal();
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Journal::default()),
            Err(e) => return Err(io_error("read the journal", &path)(e)),
        };
        let key = self.key_for(&file)?;
        let vault = key.as_ref().map(|(_, vault)| vault);
        let (mut journal, scan) =
            replay(&file, vault).map_err(io_error("read the journal", &path))?;
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
        let (mut journal, scan) = replay(&file, key.as_ref().map(|(_, vault)| vault))
            .map_err(io_error("read the journal", &path))?;
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
        let mut writer = JournalWriter { journal, log };
        if writer.journal.superseded() > writer.journal.records / 2 && writer.journal.records >= 16
        {
            writer.compact()?;
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
            _lock: lock,
        };
        if log.read_only.is_some() {
            // Change nothing in a journal this build must not write.
        } else if check.good_end < len {
            self.set_aside_from(&mut log, check.good_end)?;
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
        vault::files::write(&self.dir, &file, &tail, self.vault.as_ref())
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

/// Reads the whole log from `file`, opening sealed records with `key`.
fn replay(file: &File, vault: Option<&RecordKey>) -> io::Result<(Journal, Scan)> {
    let mut journal = Journal::default();
    let scan = log::scan_reader(file, vault, |record| journal.apply(record))?;
    journal.read_only = scan.read_only_reason();
    if let Some(reason) = &journal.read_only {
        journal
            .warnings
            .push(format!("the journal is read-only: {reason}"));
    }
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
    _lock: File,
}

impl AppendLog {
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
                if is_disk_full(&error) {
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
}

impl JournalWriter {
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
        let temp = path.with_file_name("journal.jsonl.compact");
        let _ = fs::remove_file(&temp);
        let bytes = lines_of(&self.journal, form.as_ref());
        let fail = |error: io::Error| {
            if is_disk_full(&error) {
                StoreError::DiskFull { path: temp.clone() }
            } else {
                io_error("write the compacted journal", &temp)(error)
            }
        };
        let mut file = secure_fs::create_new(&temp).map_err(fail)?;
        file.write_all(&bytes).map_err(fail)?;
        checkpoint(CompactStep::Written).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        checkpoint(CompactStep::Synced).map_err(fail)?;
        let key = form.as_ref().map(|(_, key)| key);
        let (copy, scan) = replay(&File::open(&temp).map_err(fail)?, key).map_err(fail)?;
        if scan.tail.is_some()
            || copy.read_only.is_some()
            || copy.entries != self.journal.entries
            || scan.header.as_ref() != form.as_ref().map(|(header, _)| header)
        {
            let _ = fs::remove_file(&temp);
            return Err(StoreError::CompactionMismatch);
        }
        checkpoint(CompactStep::Verified).map_err(fail)?;
        fs::rename(&temp, &path).map_err(io_error("replace the journal", &path))?;
        checkpoint(CompactStep::Renamed).map_err(fail)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        secure_fs::sync_dir(dir).map_err(io_error("sync", dir))?;
        checkpoint(CompactStep::DirSynced).map_err(fail)?;

        let compacted = Compacted {
            records_before: self.journal.records,
            records_after: self.journal.len(),
            bytes_before: self.log.len,
            bytes_after: bytes.len() as u64,
        };
        // The old handle points at the replaced file; append to the new one from now on.
        self.log.file =
            secure_fs::open_append(&path).map_err(io_error("open the journal", &path))?;
        self.log.len = bytes.len() as u64;
        self.log.sealing = Sealing::after(form, self.journal.len() as u64);
        self.journal.records = self.journal.len();
        Ok(compacted)
    }
}

/// The log of `journal`'s live entries, plain or sealed under a header and its key.
fn lines_of(journal: &Journal, form: Option<&(Header, RecordKey)>) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some((header, _)) = form {
        bytes.extend_from_slice(&header_line(header));
    }
    for (index, entry) in journal.entries().enumerate() {
        let record = Record::put(entry.clone());
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
    let file = match File::open(&path) {
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
