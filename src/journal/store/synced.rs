//! A synced journal's other logs: finding them in the synced folder, reading each
//! with its own local snapshot, and merging them with this device's (see `union`).
//!
//! Another device's log is read, never written. Its incomplete last line is a write
//! still arriving (the sync engine copies files as they grow): it is left out without
//! a word and read once it is complete. Damage before its end makes that device's log
//! read as far as it can be, with a message, and stops nothing else.

use std::collections::HashSet;

use super::read_before::Looked;
use super::union::{self, Part};
use super::*;
use crate::journal::sync::folder::LogFile;
use crate::journal::sync::{ReplicaId, SyncFolder};

/// Where a synced journal is: its folder and this device's replica.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub(super) folder: SyncFolder,
    pub(super) own: ReplicaId,
}

/// The place of `dir`'s journal, when it is synced: its log is
/// `<folder>/replicas/<replica>/journal.jsonl` (see `DataDir::with_synced_log`).
pub(super) fn place(dir: &DataDir) -> Option<Place> {
    let (folder, own) = crate::journal::sync::place_of(dir)?;
    Some(Place { folder, own })
}

/// Another device's log (or a copy of one) as read, and whether its snapshot is to
/// be written anew.
pub(super) struct OtherRead {
    pub(super) journal: Journal,
    /// Read whole: no damage, nothing still arriving.
    pub(super) clean: bool,
    refresh: Option<Refresh>,
    /// The log against what was read of it before (see `read_before`).
    looked: Option<Looked>,
}

/// What writing a log's snapshot anew takes, once no reader runs beside.
struct Refresh {
    path: PathBuf,
    scan: Scan,
    read: Read,
    key: Option<(Header, RecordKey)>,
}

/// The other logs of the folder as read: the parts to merge, what to tell, and the
/// snapshots to write anew.
#[derive(Default)]
pub(super) struct Others {
    parts: Vec<Part>,
    warnings: Vec<String>,
    refresh: Vec<(Refresh, usize)>,
    looked: Vec<Looked>,
    /// The local snapshots of the logs read; `None` when some device's folder could
    /// not be read (then no snapshot is taken for one of a log that is gone).
    snapshots: Option<HashSet<PathBuf>>,
}

impl Store {
    /// The whole synced journal: this device's log and every other read at once, on
    /// every core (each log's snapshot is decoded on several already, but between
    /// them a log's reading has steps of one thread), then merged into this device's
    /// entries, decoded with room for the others' (see `backfill`).
    pub(super) fn load_synced(&self, place: &Place) -> Result<Journal, StoreError> {
        let (logs, warnings) = other_logs(place);
        let room = self.room_for(&logs);
        let (own, mut others) = std::thread::scope(|scope| {
            let others = scope.spawn(|| self.read_logs(logs, warnings));
            let own = self.load_own_looked(room);
            let others = others
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (own, others)
        });
        let (own, looked) = own?;
        others.looked.extend(looked);
        Ok(self.merge_others(own, others, place))
    }

    /// `own` (this device's log, as read) merged with every other log in the folder.
    pub(super) fn with_others(&self, own: Journal, place: &Place) -> Journal {
        let (logs, warnings) = other_logs(place);
        let others = self.read_logs(logs, warnings);
        self.merge_others(own, others, place)
    }

    /// Room for the entries of every log in the folder but this device's own, to merge
    /// them into this device's vector of entries.
    pub(super) fn room_for_others(&self, place: &Place) -> usize {
        self.room_for(&other_logs(place).0)
    }

    fn room_for(&self, logs: &[LogFile]) -> usize {
        logs.iter().map(|log| self.entries_at_most(log)).sum()
    }

    /// At most how many entries the log file `log` holds, for room to merge them in,
    /// from a look at its snapshot's figures and its size: an estimate that only
    /// decides whether the merge has to move this device's entries to a larger vector.
    fn entries_at_most(&self, log: &LogFile) -> usize {
        /// Fewer bytes than a record of the log takes, far fewer than most.
        const RECORD_BYTES_AT_LEAST: u64 = 256;
        let Ok(len) = fs::metadata(&log.path).map(|meta| meta.len()) else {
            return 0;
        };
        let snapshot = secure_fs::open_regular(&self.snapshot_of(log)).ok();
        let head = snapshot
            .as_ref()
            .and_then(|file| snapshot::head(snapshot::Source::File(file)))
            .filter(|head| head.covered <= len);
        let (counted, uncovered) = head.map_or((0, len), |head| (head.count(), len - head.covered));
        counted.saturating_add(usize::try_from(uncovered / RECORD_BYTES_AT_LEAST).unwrap_or(0))
    }

    /// Reads the other logs `logs` (from [`other_logs`], with its `warnings`), each on
    /// a thread of its own; the parts come in the order of `logs`.
    fn read_logs(&self, logs: Vec<LogFile>, warnings: Vec<String>) -> Others {
        let mut others = Others {
            snapshots: warnings
                .is_empty()
                .then(|| logs.iter().map(|log| self.snapshot_of(log)).collect()),
            warnings,
            ..Others::default()
        };
        let reads: Vec<_> = std::thread::scope(|scope| {
            let reading: Vec<_> = logs
                .iter()
                .map(|log| scope.spawn(|| self.read_other(log)))
                .collect();
            reading
                .into_iter()
                .map(|thread| {
                    thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for (log, read) in logs.into_iter().zip(reads) {
            match read {
                Ok(read) => {
                    others.looked.extend(read.looked);
                    if let Some(refresh) = read.refresh {
                        others.refresh.push((refresh, others.parts.len()));
                    }
                    others.parts.push(Part {
                        replica: log.replica,
                        journal: read.journal,
                        copy: log.copy,
                    });
                }
                Err(message) => others.warnings.push(message),
            }
        }
        others
    }

    /// Writes the stale snapshots of the other logs (holding the lock once, if no
    /// writer holds it), then merges them with `own`.
    fn merge_others(&self, own: Journal, others: Others, place: &Place) -> Journal {
        let Others {
            parts: read,
            warnings,
            refresh,
            looked,
            snapshots,
        } = others;
        let stale = refresh
            .iter()
            .map(|(refresh, part)| (refresh, &read[*part].journal));
        self.tend_snapshots(stale, snapshots.as_ref());
        let mut parts = vec![Part {
            replica: place.own.clone(),
            journal: own,
            copy: false,
        }];
        parts.extend(read);
        parts.sort_by(|a, b| (&a.replica, a.copy).cmp(&(&b.replica, b.copy)));
        let mut view = union::merge(&place.own, parts);
        if let Some(merged) = view.sync.as_mut() {
            for device in &mut merged.devices {
                device.name =
                    crate::journal::sync::setup::device_name(&place.folder, &device.replica);
            }
        }
        view.warnings.extend(warnings);
        self.settle_looks(looked, &mut view);
        view
    }

    /// Writes the snapshots of other logs that are far behind, and removes those of
    /// logs no longer in the folder (a copy its device removed, once it held nothing
    /// new: its snapshot kept the copy's text for nothing), when the data directory's
    /// folder for them is there and no writer holds the lock. `kept`: the snapshots of
    /// every log in the folder (`None`: some could not be listed; none is removed).
    fn tend_snapshots<'a>(
        &self,
        stale: impl ExactSizeIterator<Item = (&'a Refresh, &'a Journal)>,
        kept: Option<&HashSet<PathBuf>>,
    ) {
        let gone = kept.map_or_else(Vec::new, |kept| self.snapshots_of_logs_gone(kept));
        if (stale.len() == 0 && gone.is_empty())
            || secure_fs::private_dir(&self.dir.sync_state()).is_err()
        {
            return;
        }
        let Ok(lock) = self.try_lock_now() else {
            return;
        };
        for path in gone {
            // Only a cache: were the log to come back, it is read whole once again.
            let _ = fs::remove_file(path);
        }
        for (refresh, journal) in stale {
            let Refresh {
                path,
                scan,
                read,
                key,
            } = refresh;
            self.write_snapshot_at(path, journal, scan, read, key.as_ref());
        }
        drop(lock);
    }

    /// The snapshots in the data directory's sync folder of logs that are not in
    /// `kept` (named as [`Store::snapshot_of`] names them; nothing else is touched).
    fn snapshots_of_logs_gone(&self, kept: &HashSet<PathBuf>) -> Vec<PathBuf> {
        let Ok(files) = fs::read_dir(self.dir.sync_state()) else {
            return Vec::new();
        };
        files
            .filter_map(Result::ok)
            .map(|file| file.path())
            .filter(|path| is_log_snapshot(path) && !kept.contains(path))
            .collect()
    }

    /// Reads another device's log (or a copy of one, or of this device's), with its
    /// own snapshot in the data directory; also whether it was read whole (no damage,
    /// nothing still arriving). Writes nothing: several are read at once.
    pub(super) fn read_other(&self, log: &LogFile) -> Result<OtherRead, String> {
        // Both come from files another device put there: made safe to show.
        let name = sanitize::text(&log.path.display().to_string()).into_owned();
        // `<folder>/replicas/<id>/journal*.jsonl`: the folder it is in.
        let folder = log.path.ancestors().nth(3).map(SyncFolder::new);
        let named = folder.and_then(|f| crate::journal::sync::setup::device_name(&f, &log.replica));
        let device = match named {
            Some(named) => format!("{named}, device {}", log.replica.short()),
            None => format!("device {}", log.replica.short()),
        };
        let file = secure_fs::open_regular(&log.path)
            .map_err(|e| format!("the log of {device} ({name}) could not be read: {e}"))?;
        let key = self
            .key_for(&file, Some(&log.replica))
            .map_err(|e| format!("the log of {device} ({name}) could not be opened: {e}"))?;
        let snapshot = self.snapshot_of(log);
        let (mut journal, scan, read) = self
            .replay_with(&file, key.as_ref(), &snapshot, 0)
            .map_err(|e| format!("the log of {device} ({name}) could not be read: {e}"))?;
        // What finish_replay says of this device's own log does not fit another's.
        journal.warnings.clear();
        if let Some(reason) = &journal.read_only {
            journal.warnings.push(format!(
                "the log of {device} is damaged ({reason}); its entries are shown as \
                 far as they could be read, and between changes nothing in it"
            ));
        }
        let clean = read.clean;
        let end = scan
            .tail
            .as_ref()
            .map_or(scan.bytes, |tail| tail.start as u64);
        let looked = self.look_back_at(log, &file, &journal, end);
        let refresh = read.stale().then_some(Refresh {
            path: snapshot,
            scan,
            read,
            key,
        });
        Ok(OtherRead {
            journal,
            clean,
            refresh,
            looked,
        })
    }

    /// Where the local snapshot of a log file of the synced folder is: each has its
    /// own, a copy's named by a checksum of its file name (which may hold anything).
    pub(super) fn snapshot_of(&self, log: &LogFile) -> PathBuf {
        match log.copy {
            false => self
                .dir
                .sync_state()
                .join(format!("{}.snapshot", log.replica)),
            true => {
                let name = log.path.file_name().unwrap_or_default().as_encoded_bytes();
                let sum = crc32fast::hash(name);
                self.dir
                    .sync_state()
                    .join(format!("{}-copy-{sum:08x}.snapshot", log.replica))
            }
        }
    }
}

/// Whether `path` is named as the snapshot of a log (`<device id>.snapshot`, or
/// `<device id>-copy-<8 hex digits>.snapshot`), see [`Store::snapshot_of`].
fn is_log_snapshot(path: &Path) -> bool {
    let Some(stem) = path
        .file_name()
        .and_then(|name| name.to_str())
        .and_then(|name| name.strip_suffix(".snapshot"))
    else {
        return false;
    };
    let (replica, copy) = stem.split_at_checked(26).unwrap_or((stem, ""));
    let copy_sum = |sum: &str| sum.len() == 8 && sum.bytes().all(|b| b.is_ascii_hexdigit());
    ReplicaId::parse(replica).is_some()
        && (copy.is_empty() || copy.strip_prefix("-copy-").is_some_and(copy_sum))
}

/// Every log in the folder but this device's own, in the order of the devices'
/// folders and their files, and what to tell of folders that could not be read.
fn other_logs(place: &Place) -> (Vec<LogFile>, Vec<String>) {
    let mut warnings = Vec::new();
    let devices = place.folder.devices().unwrap_or_else(|e| {
        warnings.push(format!(
            "the devices' folders in {} could not be read ({e}); only this device's \
             entries are shown",
            place.folder.replicas().display()
        ));
        Vec::new()
    });
    let mut logs = Vec::new();
    for device in devices {
        match place.folder.logs_of(&device) {
            Ok(found) => logs.extend(
                found
                    .into_iter()
                    .filter(|log| device != place.own || log.copy),
            ),
            Err(e) => warnings.push(format!(
                "the folder of device {} could not be read ({e})",
                device.short()
            )),
        }
    }
    (logs, warnings)
}

impl Store {
    /// Moves this device's journal into the synced folder `folder` as its own log
    /// (`joining`: a folder another device started), holding the lock meanwhile so
    /// that nothing is written in between. See [`crate::journal::sync::setup`].
    pub fn start_sync(
        &self,
        folder: &Path,
        name: &str,
        joining: bool,
    ) -> Result<crate::journal::sync::SyncConfig, crate::Error> {
        use crate::journal::sync::setup::{self, SetupError};
        use crate::journal::sync::vault_file;
        if let Some(config) = crate::journal::sync::SyncConfig::load(&self.dir)? {
            return Err(SetupError::AlreadySynced(config.folder).into());
        }
        let synced_folder = crate::journal::sync::SyncFolder::new(folder);
        let there = match joining {
            true => vault_file::load(&synced_folder).map_err(StoreError::from)?,
            false => None,
        };
        if joining && there.is_none() && any_sealed_log(&synced_folder) {
            // The key file has not arrived yet: joining now would write this
            // device's journal plain into an encrypted one.
            return Err(StoreError::from(vault_file::VaultFileError::Missing {
                path: vault_file::path(&synced_folder),
            })
            .into());
        }
        let shared = shared_key_for(self.form()?, there, joining, folder)?;
        let sealed_with = match (&shared, &self.vault) {
            (None, _) => None,
            (Some(shared), Some(vault)) if shared.is_for(vault) => Some((shared, vault)),
            (Some(_), Some(_)) => return Err(StoreError::OtherKey.into()),
            (Some(_), None) => return Err(StoreError::Encrypted.into()),
        };
        let lock = self.lock()?;
        let (bytes, key) = self.log_with_key(None)?;
        // The one-line file a synced device leaves behind holds no entry.
        let bytes = match bytes == crate::journal::sync::setup::MOVED_STUB {
            true => Vec::new(),
            false => bytes,
        };
        let from = key.as_ref().map(|(_, key)| key);
        let log_for = |replica: &ReplicaId| log_under(replica, &bytes, from, sealed_with, None);
        let written_key = (!joining).then_some(shared.as_ref()).flatten();
        let sealed = shared.as_ref().map(|header| header.journal.clone());
        let config = setup::start(
            &self.dir,
            folder,
            name,
            &log_for,
            written_key,
            sealed,
            joining,
        )?;
        if sealed_with.is_some() {
            // The snapshot of the journal as it was (plain, when this device joins an
            // encrypted journal) fits no log now.
            let _ = fs::remove_file(self.dir.snapshot());
        }
        drop(lock);
        Ok(config)
    }

    /// The bytes of this device's log as they are now (none when it has no log yet),
    /// and the key to read them with (see `key_for`; `replica`: the device whose
    /// folder the log is in, when it is synced).
    fn log_with_key(
        &self,
        replica: Option<&ReplicaId>,
    ) -> Result<(Vec<u8>, Option<LogKey>), StoreError> {
        let path = self.dir.journal();
        match secure_fs::open_regular(&path) {
            Ok(mut file) => {
                let key = self.key_for(&file, replica)?;
                let mut bytes = Vec::new();
                io::Read::read_to_end(&mut file, &mut bytes)
                    .map_err(io_error("read the journal", &path))?;
                Ok((bytes, key))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok((Vec::new(), None)),
            Err(e) => Err(io_error("read the journal", &path)(e)),
        }
    }
}

/// This device's log `bytes` (read with `from`, or plain) as the log of the replica
/// `new`: the same bytes in a plain journal; in an encrypted one (`sealed_with`: the
/// wrapped key shared by the devices and the data key), its records sealed anew with
/// `new` bound in. The one place a log's records go to another replica (`sync init`,
/// `sync join`, a cloned device's new id).
///
/// A cloned device's new log (`copies_of`: the id it leaves) marks each revision and
/// deletion as a copy of that id's (its `seen` names the old id at its own revision,
/// see [`crate::journal::seen::Seen::copy_of`]), so that they stay that id's revisions
/// wherever they are read, and the other machine's later revisions under the old id
/// supersede them as they did.
fn log_under(
    new: &ReplicaId,
    bytes: &[u8],
    from: Option<&RecordKey>,
    sealed_with: Option<(&Header, &Vault)>,
    copies_of: Option<&ReplicaId>,
) -> Result<Vec<u8>, crate::journal::sync::setup::SetupError> {
    let mark = |mut record: Record| {
        if let Some(old) = copies_of {
            if let Some(entry) = record.put.as_mut() {
                entry.seen.add(old, entry.revision);
            }
            if let Some(tombstone) = record.delete.as_mut()
                && let Some(revision) = tombstone.revision
            {
                tombstone.seen.add(old, revision);
            }
        }
        Some(record)
    };
    let to = sealed_with.map(|(shared, vault)| (shared.for_replica(new.as_str()), vault));
    match (&to, copies_of) {
        (None, None) => Ok(bytes.to_vec()),
        _ => rewritten(bytes, from, to.as_ref().map(|(h, v)| (h, *v)), mark)
            .map_err(crate::journal::sync::setup::SetupError::CannotMove),
    }
}

/// The wrapped key a device's new log in the synced `folder` is sealed under, from this
/// journal's form `here` and the folder's key file `there`: none for a plain journal,
/// this journal's own when it starts an encrypted synced journal, the folder's when it
/// joins one (or finishes a `sync init` of its own that was stopped). An error when
/// they do not go together.
pub fn shared_key_for(
    here: Form,
    there: Option<Header>,
    joining: bool,
    folder: &Path,
) -> Result<Option<Header>, crate::Error> {
    use crate::journal::sync::setup::SetupError;
    Ok(match (here, there) {
        (Form::Plain, there) => there,
        (Form::Encrypted(_), None) if joining => {
            return Err(SetupError::EncryptedHereOnly(folder.to_path_buf()).into());
        }
        (Form::Encrypted(here), None) => Some(here.shared()),
        // This journal's own key, in a folder this device started and was stopped
        // before it was done (`sync init` again says to join).
        (Form::Encrypted(here), Some(there)) if here.journal == there.journal => Some(there),
        (Form::Encrypted(_), Some(_)) => {
            return Err(SetupError::BothEncrypted(folder.to_path_buf()).into());
        }
        (Form::BadHeader(message), _) => return Err(StoreError::BadHeader(message).into()),
    })
}

/// An encrypted log's header and the key its records are sealed with.
pub(super) type LogKey = (Header, RecordKey);

/// What became of the other copies of this device's own log (see
/// [`Store::set_aside_copies`]).
#[derive(Debug, Default)]
pub(super) struct Copies {
    /// What to tell the user of the copies removed.
    pub(super) said: Vec<String>,
    /// The copies holding revisions this device's log lacks: another computer wrote
    /// them under this device's id.
    pub(super) cloned: Vec<PathBuf>,
}

/// Whether any device's log in `folder` is sealed (begins with a vault header).
fn any_sealed_log(folder: &crate::journal::sync::SyncFolder) -> bool {
    folder.devices().unwrap_or_default().iter().any(|device| {
        folder
            .logs_of(device)
            .unwrap_or_default()
            .iter()
            .any(|log| form_of(&log.path).is_some_and(|form| form != Form::Plain))
    })
}

/// The form of the log at `path` from its first line, when it can be read and is not
/// empty (an empty log has no form yet).
pub(super) fn form_of(path: &Path) -> Option<Form> {
    secure_fs::open_regular(path)
        .ok()
        .filter(|file| file.metadata().is_ok_and(|meta| meta.len() > 0))
        .and_then(|file| log::form(&file).ok())
}

/// The records of the log `bytes` (read with `from`, or plain) sealed anew under
/// `header` (a device's log header) with the data key `vault`, in the same order and
/// numbered from 1: the same journal as a log bound to that device. A log that does
/// not read whole (damage, an incomplete last record, a newer format) is refused, in
/// words.
pub(crate) fn resealed(
    bytes: &[u8],
    from: Option<&RecordKey>,
    header: &Header,
    vault: &Vault,
) -> Result<Vec<u8>, String> {
    rewritten(bytes, from, Some((header, vault)), Some)
}

/// The records of the log `bytes` (read with `from`, or plain) as `map` makes them
/// (`None`: left out), in the same order: plain lines (`to` is `None`), or sealed
/// under the header and data key `to`, numbered from 1. Plain, the same bytes give the
/// same bytes on every device. A log that does not read whole (damage, an incomplete last record, a
/// newer format) is refused, in words.
pub(crate) fn rewritten(
    bytes: &[u8],
    from: Option<&RecordKey>,
    to: Option<(&Header, &Vault)>,
    mut map: impl FnMut(Record) -> Option<Record>,
) -> Result<Vec<u8>, String> {
    let key = match to {
        Some((header, vault)) => {
            Some(RecordKey::new(vault, header).ok_or("the synced journal's key is not this one")?)
        }
        None => None,
    };
    let mut out = to.map_or_else(Vec::new, |(header, _)| header_line(header));
    let mut number = 0;
    let scan = log::scan(bytes, from, |record| {
        let Some(record) = map(record) else {
            return;
        };
        match &key {
            Some(key) => {
                number += 1;
                out.extend_from_slice(&record.to_sealed_line(key, number));
            }
            None => out.extend_from_slice(&record.to_line()),
        }
    });
    if let Some(problem) = scan.problems.first() {
        return Err(format!(
            "its line {} is damaged (`between journal verify` says more)",
            problem.line
        ));
    }
    if scan.tail.is_some() || scan.newer.is_some() {
        return Err(
            "its last record is incomplete or of a newer version (`between journal verify` \
             says more)"
                .into(),
        );
    }
    Ok(out)
}

impl Store {
    /// Removes the other copies of this device's own log (a sync engine's conflict
    /// copy, a restored backup, a duplicated file) that hold nothing its log does not
    /// (so nothing is lost, and an erased entry's text in an old copy goes too): the
    /// folder is left with one log per device, and the engine removes the copy from
    /// the other devices. A copy that holds revisions this log lacks was written by
    /// another machine under this device's id (a restored backup in use on a second
    /// computer): it is left where it is, read with the rest, and named in `cloned`.
    pub(super) fn set_aside_copies(&self, own: &Journal, place: &Place) -> Copies {
        let mut copies = Copies::default();
        let Ok(logs) = place.folder.logs_of(&place.own) else {
            return copies;
        };
        for copy in logs.into_iter().filter(|log| log.copy) {
            let Ok(read) = self.read_other(&copy) else {
                continue;
            };
            if let Some(refresh) = &read.refresh {
                self.tend_snapshots(std::iter::once((refresh, &read.journal)), None);
            }
            let (whole, theirs) = (read.clean, read.journal);
            if !holds_nothing_new(&theirs, own, &place.own) {
                // What was read of it (a copy still arriving included) is new here.
                copies.cloned.push(copy.path);
                continue;
            }
            // Only a copy read whole can be known to hold nothing new.
            if !whole {
                continue;
            }
            let name = copy.path.file_name().unwrap_or_default().to_string_lossy();
            if fs::remove_file(&copy.path).is_ok() {
                let _ = fs::remove_file(self.snapshot_of(&copy));
                copies.said.push(format!(
                    "a copy of this device's log ({}) held nothing the log does not, and \
                     was removed",
                    sanitize::text(&name)
                ));
            }
        }
        copies
    }

    /// After `set_aside_copies` found `copies` written by another computer under this
    /// device's id: moves this device to a new id (see [`crate::journal::sync::cloned`])
    /// and returns the store of its new log and what to tell; `None` when it must stay
    /// (its log is damaged or of a newer format), with what to tell.
    /// The caller holds the lock.
    pub(super) fn leave_cloned_id(
        &self,
        own: &Journal,
        place: &Place,
        copies: &[PathBuf],
    ) -> Result<(Option<Store>, String), StoreError> {
        if own.read_only.is_some() {
            return Ok((
                None,
                format!(
                    "{} holds entries this device's log does not: another computer may be \
                     writing as this device (a restored backup in use elsewhere?). It is read \
                     with the rest and left where it is; this device cannot take a new id by \
                     itself while its log is damaged or of a newer format",
                    copies
                        .iter()
                        .map(|path| sanitize::text(&path.display().to_string()).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let store = self.take_new_id()?;
        let new = self::place(&store.dir).map(|place| place.own);
        let told = crate::journal::sync::cloned::told(
            &place.own,
            new.as_ref().unwrap_or(&place.own),
            copies,
        );
        Ok((Some(store), told))
    }

    /// Moves this device to a new replica id, or finishes a move a crash stopped
    /// (see [`crate::journal::sync::cloned`]); the store of its new log. The caller
    /// holds the lock.
    fn take_new_id(&self) -> Result<Store, StoreError> {
        let own = self::place(&self.dir).map(|place| place.own);
        let (bytes, key) = self.log_with_key(own.as_ref())?;
        let shared = key.as_ref().map(|(here, _)| here.shared());
        let sealed_with = shared.as_ref().zip(self.vault.as_ref());
        let from = key.as_ref().map(|(_, key)| key);
        let log_for = |new: &ReplicaId| log_under(new, &bytes, from, sealed_with, own.as_ref());
        let next =
            crate::journal::sync::cloned::take_new_id(&self.dir, &log_for).map_err(|error| {
                match error {
                    crate::journal::sync::setup::SetupError::Io {
                        action,
                        path,
                        source,
                    } => StoreError::Io {
                        action,
                        path,
                        source,
                    },
                    other => io_error("take a new id in", &self.dir.sync_config())(
                        io::Error::other(other.to_string()),
                    ),
                }
            })?;
        // The snapshot of the log as it was fits the new log no more: its records
        // are marked as the old id's (and sealed anew, in an encrypted journal).
        let _ = fs::remove_file(self.dir.snapshot());
        Ok(Store {
            dir: self.dir.clone().with_synced_log(Some(next.own_log())),
            vault: self.vault.clone(),
        })
    }

    /// The store of this device's log when it is not this store's any more: another
    /// process moved the device to a new id since this store was made, or a move a
    /// crash stopped is finished now (with what to tell). The caller holds the lock,
    /// under which every move is made.
    pub(super) fn moved_on(&self) -> Result<Option<(Store, Option<String>)>, StoreError> {
        if !self.dir.is_synced() {
            return Ok(None);
        }
        if crate::journal::sync::cloned::pending(&self.dir).is_some() {
            let store = self.take_new_id()?;
            let told = format!(
                "this device was taking a new id (another computer was writing as it) when \
                 it was stopped; that is finished now, and it writes to {}",
                sanitize::text(&store.dir.journal().display().to_string())
            );
            return Ok(Some((store, Some(told))));
        }
        Ok(match crate::journal::sync::SyncConfig::load(&self.dir) {
            Ok(Some(config)) if config.own_log() != self.dir.journal() => Some((
                Store {
                    dir: self.dir.clone().with_synced_log(Some(config.own_log())),
                    vault: self.vault.clone(),
                },
                None,
            )),
            _ => None,
        })
    }
}

/// Whether every entry, deletion and erasure of `copy` is in `own` already, as the
/// same revision (with the same words) or one `own`'s latest word of it was made over
/// (by its lineage; by a lower number where it has none), or is a revision of
/// `device` (this one, whose log `own` is) that `own` says was erased (`--erase-old`);
/// and every `--erase-old` record of `copy` says nothing `own`'s do not (a copy whose
/// only news is such a record was written by another machine under this id, which
/// erased there). A copy of this device's log is that other machine's, so a revision
/// of the same number, or a higher, is not enough: it may have been made beside the
/// copy's, not over it.
pub(super) fn holds_nothing_new(copy: &Journal, own: &Journal, device: &ReplicaId) -> bool {
    let erased_old = |entry: &Entry| {
        own.deleted.erased_old.get(&entry.id).is_some_and(|erased| {
            let device = crate::journal::erased_old::device_of(entry, device);
            crate::journal::erased_old::names(erased, device, entry.revision)
        })
    };
    // Whether own's latest word of `id` was made over the revision `revision` saved
    // at `at`; `or_equal` for a deletion, which the old rule let a word of its own
    // number cover. `erased_here`: own's `--erase-old` names that number of this
    // device, which covers it only where own's word has no lineage to ask (with one,
    // a revision of that number the lineage does not name is the other machine's).
    let over = |id: &EntryId,
                revision: u32,
                at: &chrono::DateTime<chrono::FixedOffset>,
                or_equal: bool,
                erased_here: bool| {
        if own.deleted.erased.contains(id) {
            return true;
        }
        let put = own
            .get(id)
            .map(|entry| (entry.revision, entry.known_lineage()));
        // A deletion from before syncing (no number) came after every revision.
        let deleted = own
            .deleted
            .tombstones
            .get(id)
            .map(|t| (t.revision.unwrap_or(u32::MAX), t.known_lineage()));
        let Some((latest, lineage)) = put.into_iter().chain(deleted).max_by_key(|w| w.0) else {
            return erased_here;
        };
        match lineage {
            Some(lineage) => lineage.names(revision, at),
            None => latest > revision || (or_equal && latest == revision) || erased_here,
        }
    };
    copy.entries.iter().all(|entry| {
        own.get(&entry.id) == Some(entry)
            || over(
                &entry.id,
                entry.revision,
                &entry.updated,
                false,
                erased_old(entry),
            )
    }) && copy.deleted.tombstones.values().all(|t| {
        own.deleted.tombstones.get(&t.id) == Some(t)
            || over(&t.id, t.revision.unwrap_or(0), &t.at, true, false)
    }) && copy
        .deleted
        .erased
        .iter()
        .all(|id| own.deleted.erased.contains(id))
        && copy.deleted.erased_old.iter().all(|(id, erased)| {
            own.deleted
                .erased_old
                .get(id)
                .is_some_and(|known| crate::journal::erased_old::says_all_of(known, erased))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_of_log_snapshots_are_taken_for_them() {
        let id = "01M96NQ20FYEBHPK4GEYGXYEVK";
        for name in [
            format!("{id}.snapshot"),
            format!("{id}-copy-3dc18ceb.snapshot"),
        ] {
            assert!(is_log_snapshot(Path::new(&name)), "{name}");
        }
        for name in [
            format!("{id}.read"),
            format!("{id}.snapshot.tmp"),
            format!("{id}-copy-3dc18ce.snapshot"),
            format!("{id}-copy-3dc18cebb.snapshot"),
            format!("{id}-other-3dc18ceb.snapshot"),
            "journal.snapshot".to_owned(),
            "é".repeat(20) + ".snapshot",
            ".snapshot".to_owned(),
        ] {
            assert!(!is_log_snapshot(Path::new(&name)), "{name}");
        }
    }
}
