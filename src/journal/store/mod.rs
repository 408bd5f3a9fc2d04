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
//!   Erasing an entry is that rewrite with the entry left out but for its tombstone.
//!
//! Here is [`Store`] (opening, loading, the snapshot); the rest is in rooms: `model`
//! (the journal in memory and how records change it), `replay`, `append`, `writer`
//! (saving, deleting, erasing, compaction and the rewrites of encryption), `recovery` (a torn
//! tail), `lock`, `verify` and `error`; a synced journal's other logs are `synced`'s and
//! `union`'s (what was read of each before, `read_before`'s), and the folders a cloned device left are `left`'s.

use std::collections::BTreeMap;
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

mod append;
mod backfill;
mod error;
mod left;
mod lock;
mod model;
mod read_before;
mod recovery;
mod replay;
mod rotate_synced;
mod seal_synced;
mod synced;
mod union;
mod verify;
mod writer;

pub use append::AppendLog;
use append::Sealing;
pub use error::StoreError;
use error::{io_error, is_disk_full, is_size_limit, shown};
pub use lock::LOCK_WAIT;
use model::Changes;
pub use model::{Deleted, Journal};
use replay::{Read, deleted_in, finish_replay, prefix_crc, replay, replay_onto, same_file};
pub use synced::shared_key_for;
pub use verify::verify;
pub use writer::{JournalWriter, rewrite_temp};

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

    /// Whether the journal is plain or encrypted (and its header), from its first line;
    /// for a synced journal, the header of the synced folder's key file, which holds
    /// the only wrapped key (see [`crate::journal::sync::vault_file`]).
    pub fn form(&self) -> Result<Form, StoreError> {
        let path = self.dir.journal();
        let own = match secure_fs::open_regular(&path) {
            Ok(file) => log::form(&file).map_err(io_error("read the journal", &path))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Form::Plain,
            Err(e) => return Err(io_error("read the journal", &path)(e)),
        };
        let Some(place) = synced::place(&self.dir) else {
            return Ok(own);
        };
        use crate::journal::sync::vault_file::{self, VaultFileError};
        // What this device knows of the journal, whatever the folder holds now.
        let sealed = crate::journal::sync::SyncConfig::load(&self.dir)
            .ok()
            .flatten()
            .and_then(|config| config.sealed);
        let path = vault_file::path(&place.folder);
        match (vault_file::load(&place.folder)?, own, sealed) {
            // A key `passwd` replaced is carried by its successor.
            (Some(shared), _, Some(id))
                if shared.journal != id && !shared.previous.iter().any(|old| old.journal == id) =>
            {
                Err(VaultFileError::Damaged {
                    path,
                    reason: "it is the key of another journal".into(),
                }
                .into())
            }
            (Some(shared), _, _) => Ok(Form::Encrypted(shared)),
            (None, Form::Encrypted(_), _) | (None, _, Some(_)) => {
                Err(VaultFileError::Missing { path }.into())
            }
            (None, own, None) => Ok(own),
        }
    }

    /// The key to read `file` with: none for a plain journal, this store's for an
    /// encrypted one (an error if it has none, or one of another journal). In a synced
    /// journal `replica` is the device whose folder the log is in: an encrypted
    /// journal's logs must all be sealed, each for that device.
    fn key_for(
        &self,
        file: &File,
        replica: Option<&crate::journal::sync::ReplicaId>,
    ) -> Result<Option<(Header, RecordKey)>, StoreError> {
        let form = log::form(file).map_err(io_error("read the journal", &self.dir.journal()))?;
        match (form, &self.vault) {
            (Form::Plain, Some(_))
                if replica.is_some()
                    && file
                        .metadata()
                        .map_err(io_error("read the journal", &self.dir.journal()))?
                        .len()
                        > 0 =>
            {
                // A device that has not sealed its own log since another device
                // encrypted the journal reads the plain logs as it did before (and
                // seals its own before it writes: see `seal_synced`).
                if !self.sealed_here() {
                    return Ok(None);
                }
                Err(StoreError::Misplaced(
                    "this log is not encrypted, but the synced journal is, so between reads \
                     nothing of it and writes nothing to it. If the journal was encrypted \
                     recently, this is a device that has not run between since: its \
                     entries show once it has (it asks there for the passphrase and seals \
                     them)"
                        .into(),
                ))
            }
            (Form::Plain, _) => Ok(None),
            (Form::Encrypted(header), Some(current)) if current.for_header(&header).is_some() => {
                // This key, or one it replaced (a log not sealed anew since `passwd`).
                let vault = current.for_header(&header).expect("just found");
                if let Some(replica) = replica
                    && header.replica.as_deref() != Some(replica.as_str())
                {
                    return Err(StoreError::Misplaced(format!(
                        "this log is sealed for {}, not for the device whose folder it is in \
                         ({}): it was moved or copied there, and is not read",
                        match &header.replica {
                            Some(other) => format!(
                                "another device ({})",
                                crate::journal::sync::ReplicaId::parse(other)
                                    .map_or("with an unreadable id".into(), |id| id
                                        .short()
                                        .to_owned())
                            ),
                            None => "a journal on one device".into(),
                        },
                        replica.short()
                    )));
                }
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

    /// This device's replica, when the journal is synced.
    fn own_replica(&self) -> Option<crate::journal::sync::ReplicaId> {
        synced::place(&self.dir).map(|place| place.own)
    }

    /// The key to write this device's log with ([`Store::key_for`]). In an encrypted
    /// synced journal, a log that is not sealed yet is sealed first, with the synced
    /// folder's key (see `seal_synced`): an empty one (a device's folder the sync engine
    /// removed) is given its header, a plain one (the journal was encrypted on another
    /// device since this one wrote) its records sealed anew; then also `true`.
    fn own_key(&self, file: &mut File) -> Result<(Option<(Header, RecordKey)>, bool), StoreError> {
        let own = self.own_replica();
        let key = self.key_for(file, own.as_ref())?;
        // A log not sealed yet, or sealed with a key `passwd` has replaced since.
        let (Some(own), Some(vault)) = (&own, &self.vault) else {
            return Ok((key, false));
        };
        let from = match &key {
            None => None,
            Some((_, old)) if old.vault() != vault => Some(old.clone()),
            Some(_) => return Ok((key, false)),
        };
        let path = self.dir.journal();
        let place = synced::place(&self.dir).expect("a synced journal has a place");
        use crate::journal::sync::vault_file::{self, VaultFileError};
        let shared = vault_file::load(&place.folder)?.ok_or_else(|| VaultFileError::Missing {
            path: vault_file::path(&place.folder),
        })?;
        if !shared.is_for(vault) {
            return Err(StoreError::OtherKey);
        }
        // Written whole or not at all: a torn header would lock the device out.
        let key = self.seal_own_log(own, &shared, vault, from.as_ref())?;
        *file = secure_fs::open_append(&path).map_err(io_error("open the journal", &path))?;
        Ok((Some(key), true))
    }

    /// Loads the journal to read it. Changes nothing in the log: a torn tail is left out
    /// with a warning (the next writer sets it aside). When the snapshot is far behind
    /// and no writer holds the lock, it is written anew (see [`super::snapshot`]).
    pub fn load(&self) -> Result<Journal, StoreError> {
        match synced::place(&self.dir) {
            Some(place) => self.load_synced(&place),
            None => self.load_own(0),
        }
    }

    /// Loads this device's log alone (the whole journal, unless it is synced), its
    /// entries in a vector with room for `room` more when they come from the snapshot
    /// (a synced journal merges the other logs' entries into it).
    fn load_own(&self, room: usize) -> Result<Journal, StoreError> {
        self.load_own_looked(room).map(|(journal, _)| journal)
    }

    /// [`Store::load_own`], and in a synced journal the look at this device's log
    /// against what was read of it before (see `read_before`): a log put back to an
    /// older copy of itself is said on this device too, not only on the others.
    fn load_own_looked(
        &self,
        room: usize,
    ) -> Result<(Journal, Option<read_before::Looked>), StoreError> {
        let path = self.dir.journal();
        let file = match secure_fs::open_regular(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok((Journal::default(), None));
            }
            Err(e) => return Err(io_error("read the journal", &path)(e)),
        };
        let own = self.own_replica();
        let key = self.key_for(&file, own.as_ref())?;
        let (mut journal, scan, read) = self
            .replay(&file, key.as_ref(), room)
            .map_err(io_error("read the journal", &path))?;
        let looked = own.and_then(|replica| {
            let end = scan
                .tail
                .as_ref()
                .map_or(scan.bytes, |tail| tail.start as u64);
            let log = crate::journal::sync::folder::LogFile {
                replica,
                path: path.clone(),
                copy: false,
            };
            self.look_back_at(&log, &file, &journal, end)
        });
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
                "the journal's last bytes ({}) are an incomplete record (from a crash while \
                 saving, or a save in progress); they are left out and will be set aside the \
                 next time the journal is written",
                crate::words::count(tail.len(), "byte", "bytes")
            ));
        }
        Ok((journal, looked))
    }

    /// Opens the journal for writing: takes the lock (waiting up to [`LOCK_WAIT`]),
    /// loads every entry, sets a torn tail aside, and compacts when more than half the
    /// records are superseded.
    pub fn open(&self) -> Result<JournalWriter, StoreError> {
        let lock = self.lock()?;
        if let Some((store, told)) = self.moved_on()? {
            drop(lock);
            let mut writer = store.open()?;
            writer.journal.warnings.extend(told);
            return Ok(writer);
        }
        let path = self.dir.journal();
        self.log_folder()?;
        let mut file =
            secure_fs::open_append(&path).map_err(io_error("open the journal", &path))?;
        let (key, _) = self.own_key(&mut file)?;
        // In a synced journal the other logs' entries are merged into this device's.
        let room = synced::place(&self.dir).map_or(0, |place| self.room_for_others(&place));
        let (mut journal, scan, read) = self
            .replay(&file, key.as_ref(), room)
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
            repaired: false,
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
        if let Some(place) = synced::place(&self.dir) {
            let own = std::mem::take(&mut writer.journal);
            let copies = self.set_aside_copies(&own, &place);
            let mut told = copies.said;
            self.finish_move(&own);
            if !copies.cloned.is_empty() {
                let (moved, said) = self.leave_cloned_id(&own, &place, &copies.cloned)?;
                told.push(said);
                if let Some(store) = moved {
                    drop(writer);
                    let mut writer = store.open()?;
                    writer.journal.warnings.extend(told);
                    return Ok(writer);
                }
            }
            // A device that left ids behind keeps erased entries out of their folders.
            let own_log = (!left::left_ids(&self.dir).is_empty()).then(|| own.clone());
            writer.journal = self.with_others(own, &place);
            writer.journal.warnings.extend(told);
            // An erasure that could not be done now (a full disk) is done at the
            // next open; it does not stop this one.
            if let Err(error) = writer.erase_what_others_erased() {
                writer.journal.warnings.push(format!(
                    "an entry erased on another device is still in this device's log, and \
                     will be erased from it the next time: {error}"
                ));
            }
            if let Some(own) = own_log {
                let told = self.tidy_left(&place, &own, &writer.journal);
                writer.journal.warnings.extend(told);
            }
            writer.take_in_inbox(&place.folder);
        }
        Ok(writer)
    }

    /// Opens the journal to append only, without reading it: takes the lock and checks
    /// the end of the file (setting a torn tail aside). For `journal add`.
    pub fn open_append(&self) -> Result<AppendLog, StoreError> {
        let lock = self.lock()?;
        if let Some((store, told)) = self.moved_on()? {
            drop(lock);
            let mut log = store.open_append()?;
            log.warnings.extend(told);
            log.repaired = true;
            return Ok(log);
        }
        let path = self.dir.journal();
        self.log_folder()?;
        let mut file =
            secure_fs::open_append(&path).map_err(io_error("open the journal", &path))?;
        let (key, header_written) = self.own_key(&mut file)?;
        let len = file
            .metadata()
            .map_err(io_error("read the journal", &path))?
            .len();
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
            repaired: header_written,
            _lock: lock,
        };
        if log.read_only.is_some() {
            // Change nothing in a journal this build must not write.
        } else if check.good_end < len {
            let message = self.set_aside_from(&mut log, check.good_end)?;
            log.warnings.push(message);
            log.repaired = true;
        } else if check.missing_newline {
            log.write(b"\n")?;
            log.repaired = true;
        }
        Ok(log)
    }

    /// Finishes a `sync init` or `sync join` stopped after `sync.json` was written:
    /// the journal in the data directory is as it was (plain, or sealed with the
    /// passphrase of then), and its records are in this device's log (`own`, as read),
    /// which was written first; it becomes the one-line file that stops older
    /// versions. A journal there that holds anything the log does not (put back by
    /// hand) is left alone.
    fn finish_move(&self, own: &Journal) {
        let local = self.dir.local_journal();
        let stub = crate::journal::sync::setup::MOVED_STUB;
        let is_stub = secure_fs::read_capped(
            &local,
            secure_fs::Cap {
                what: "the journal left in the data directory",
                bytes: stub.len() as u64,
            },
        )
        .is_ok_and(|bytes| bytes == stub);
        if is_stub || !local.exists() {
            return;
        }
        let alone = Store::with_vault(self.dir.clone().with_synced_log(None), self.vault.clone());
        let Ok(left) = alone.load_own(0) else {
            return;
        };
        let Some(device) = self.own_replica() else {
            return;
        };
        if left.read_only.is_none() && synced::holds_nothing_new(&left, own, &device) {
            let _ = secure_fs::write_atomic(&local, stub);
        }
    }

    /// Makes the folder of a synced journal's own log if it is missing (the sync
    /// engine, or a person, removed it): this device's log is written there.
    fn log_folder(&self) -> Result<(), StoreError> {
        if self.dir.is_synced() {
            let path = self.dir.journal();
            let folder = secure_fs::folder_of(&path);
            secure_fs::private_dir(folder).map_err(io_error("create the folder", folder))?;
        }
        Ok(())
    }

    /// Reads the log in `file`: from the snapshot and the records after it when the
    /// snapshot is good for these bytes, else every record; the snapshot's entries in a
    /// vector with room for `room` more.
    fn replay(
        &self,
        file: &File,
        key: Option<&(Header, RecordKey)>,
        room: usize,
    ) -> io::Result<(Journal, Scan, Read)> {
        self.replay_with(file, key, &self.dir.snapshot(), room)
    }

    /// [`Store::replay`] with the snapshot at `path` (another device's log has its own),
    /// the snapshot's entries decoded into a vector with room for `room` more.
    fn replay_with(
        &self,
        file: &File,
        key: Option<&(Header, RecordKey)>,
        path: &Path,
        room: usize,
    ) -> io::Result<(Journal, Scan, Read)> {
        let record_key = key.map(|(_, key)| key);
        let vault = record_key.map(RecordKey::vault);
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
            .then(|| secure_fs::open_regular(path).ok())
            .flatten()
            .filter(|file| file.metadata().is_ok_and(|meta| meta.len() <= cap.bytes));
        let opened = vault.and_then(|vault| {
            crate::journal::sealed_files::read_strict(&self.dir, path, Some(vault), cap).ok()
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
                let entries = snapshot::entries(&layout, source, room);
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
            let (entries, deleted) = entries;
            let snapshot = Journal::from_snapshot(entries, deleted, head.records);
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
        self.write_snapshot_at(&self.dir.snapshot(), journal, scan, read, key);
    }

    /// [`Store::write_snapshot`] to the snapshot at `path`.
    fn write_snapshot_at(
        &self,
        path: &Path,
        journal: &Journal,
        scan: &Scan,
        read: &Read,
        key: Option<&(Header, RecordKey)>,
    ) {
        let figures = [
            read.bytes,
            u64::from(read.crc),
            scan.lines as u64,
            journal.records as u64,
            scan.last_number,
        ];
        let vault = key.map(|(_, key)| key.vault());
        let _ = crate::journal::sealed_files::write_with(&self.dir, path, vault, |out| {
            snapshot::write(out, figures, journal.entries(), &journal.deleted)
        });
    }
}
