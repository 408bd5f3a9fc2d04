//! A synced journal's other logs: finding them in the synced folder, reading each
//! with its own local snapshot, and merging them with this device's (see `union`).
//!
//! Another device's log is read, never written. Its incomplete last line is a write
//! still arriving (the sync engine copies files as they grow): it is left out without
//! a word and read once it is complete. Damage before its end makes that device's log
//! read as far as it can be, with a message, and stops nothing else.

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
struct OtherRead {
    journal: Journal,
    /// Read whole: no damage, nothing still arriving.
    clean: bool,
    refresh: Option<Refresh>,
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
}

impl Store {
    /// The whole synced journal: this device's log and every other read at once, on
    /// every core (each log's snapshot is decoded on several already, but between
    /// them a log's reading has steps of one thread), then merged.
    pub(super) fn load_synced(&self, place: &Place) -> Result<Journal, StoreError> {
        let (own, others) = std::thread::scope(|scope| {
            let others = scope.spawn(|| self.read_others(place));
            let own = self.load_own();
            let others = others
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (own, others)
        });
        Ok(self.merge_others(own?, others, place))
    }

    /// `own` (this device's log, as read) merged with every other log in the folder.
    pub(super) fn with_others(&self, own: Journal, place: &Place) -> Journal {
        let others = self.read_others(place);
        self.merge_others(own, others, place)
    }

    /// Reads every log in the folder but this device's own, each on a thread of its
    /// own; the parts come in the order of the devices' folders and their files.
    fn read_others(&self, place: &Place) -> Others {
        let mut others = Others::default();
        let devices = place.folder.devices().unwrap_or_else(|e| {
            others.warnings.push(format!(
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
                Err(e) => others.warnings.push(format!(
                    "the folder of device {} could not be read ({e})",
                    device.short()
                )),
            }
        }
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
        } = others;
        let stale = refresh
            .iter()
            .map(|(refresh, part)| (refresh, &read[*part].journal));
        self.write_snapshots(stale);
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
        view
    }

    /// Writes the snapshots of other logs that are far behind, when the data
    /// directory's folder for them is there and no writer holds the lock.
    fn write_snapshots<'a>(
        &self,
        stale: impl ExactSizeIterator<Item = (&'a Refresh, &'a Journal)>,
    ) {
        if stale.len() == 0 || secure_fs::private_dir(&self.dir.sync_state()).is_err() {
            return;
        }
        let Ok(lock) = self.try_lock_now() else {
            return;
        };
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

    /// Reads another device's log (or a copy of one, or of this device's), with its
    /// own snapshot in the data directory; also whether it was read whole (no damage,
    /// nothing still arriving). Writes nothing: several are read at once.
    fn read_other(&self, log: &LogFile) -> Result<OtherRead, String> {
        let name = log.path.display();
        let device = log.replica.short();
        let file = secure_fs::open_regular(&log.path)
            .map_err(|e| format!("the log of device {device} ({name}) could not be read: {e}"))?;
        let key = self
            .key_for(&file)
            .map_err(|e| format!("the log of device {device} ({name}) could not be opened: {e}"))?;
        let snapshot = self.snapshot_of(log);
        let (mut journal, scan, read) = self
            .replay_with(&file, key.as_ref(), &snapshot)
            .map_err(|e| format!("the log of device {device} ({name}) could not be read: {e}"))?;
        // What finish_replay says of this device's own log does not fit another's.
        journal.warnings.clear();
        if let Some(reason) = &journal.read_only {
            journal.warnings.push(format!(
                "the log of device {device} is damaged ({reason}); its entries are shown as \
                 far as they could be read, and between changes nothing in it"
            ));
        }
        let clean = read.clean;
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
        })
    }

    /// Where the local snapshot of a log file of the synced folder is: each has its
    /// own, a copy's named by a checksum of its file name (which may hold anything).
    fn snapshot_of(&self, log: &LogFile) -> PathBuf {
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
        if let Some(config) = crate::journal::sync::SyncConfig::load(&self.dir)? {
            return Err(SetupError::AlreadySynced(config.folder).into());
        }
        if self.form()? != Form::Plain {
            return Err(SetupError::Encrypted.into());
        }
        let lock = self.lock()?;
        let path = self.dir.journal();
        let bytes = match secure_fs::open_regular(&path) {
            Ok(mut file) => {
                let mut bytes = Vec::new();
                io::Read::read_to_end(&mut file, &mut bytes)
                    .map_err(io_error("read the journal", &path))?;
                Some(bytes)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error("read the journal", &path)(e).into()),
        };
        let config = setup::start(&self.dir, folder, name, bytes.as_deref(), joining)?;
        drop(lock);
        Ok(config)
    }
}

impl Store {
    /// Removes the other copies of this device's own log (a sync engine's conflict
    /// copy, a restored backup, a duplicated file) that hold nothing its log does not
    /// (so nothing is lost, and an erased entry's text in an old copy goes too): the
    /// folder is left with one log per device, and the engine removes the copy from
    /// the other devices. A copy that holds revisions this log lacks was written by another machine
    /// under this device's id (a restored backup in use on a second computer): it is
    /// left where it is, read with the rest, and the user is told. Returns what to say.
    pub(super) fn set_aside_copies(&self, own: &Journal, place: &Place) -> Vec<String> {
        let copies: Vec<_> = match place.folder.logs_of(&place.own) {
            Ok(logs) => logs.into_iter().filter(|log| log.copy).collect(),
            Err(_) => return Vec::new(),
        };
        let mut said = Vec::new();
        for copy in copies {
            // Only a copy read whole can be known to hold nothing new.
            let Ok(read) = self.read_other(&copy) else {
                continue;
            };
            if let Some(refresh) = &read.refresh {
                self.write_snapshots(std::iter::once((refresh, &read.journal)));
            }
            let (true, theirs) = (read.clean, read.journal) else {
                continue;
            };
            if !holds_nothing_new(&theirs, own) {
                said.push(format!(
                    "{} holds entries this device's log does not: another computer may be \
                     writing as this device (a restored backup in use elsewhere?). It is read \
                     with the rest and left where it is",
                    copy.path.display()
                ));
                continue;
            }
            let name = copy.path.file_name().unwrap_or_default().to_string_lossy();
            if fs::remove_file(&copy.path).is_ok() {
                let _ = fs::remove_file(self.snapshot_of(&copy));
                said.push(format!(
                    "a copy of this device's log ({name}) held nothing the log does not, and \
                     was removed"
                ));
            }
        }
        said
    }
}

/// Whether every entry, deletion and erasure of `copy` is in `own` already, as the
/// same revision (with the same words) or an earlier one.
fn holds_nothing_new(copy: &Journal, own: &Journal) -> bool {
    let latest = |id: &EntryId| -> Option<u32> {
        if own.deleted.erased.contains(id) {
            return Some(u32::MAX);
        }
        let put = own.get(id).map(|entry| entry.revision);
        let deleted = own
            .deleted
            .tombstones
            .get(id)
            .map(|t| t.revision.unwrap_or(u32::MAX));
        put.max(deleted)
    };
    copy.entries.iter().all(|entry| {
        latest(&entry.id).is_some_and(|r| {
            r > entry.revision || (r == entry.revision && own.get(&entry.id) == Some(entry))
        })
    }) && copy
        .deleted
        .tombstones
        .values()
        .all(|t| latest(&t.id).is_some_and(|r| r >= t.revision.unwrap_or(0)))
        && copy
            .deleted
            .erased
            .iter()
            .all(|id| own.deleted.erased.contains(id))
}
