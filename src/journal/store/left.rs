//! The folders a cloned device left behind (see [`crate::journal::sync::cloned`]): the
//! old log and the copies beside it, which no device owns any more. The device that
//! moved on remembers the ids it left (`left` in `sync.json`) and keeps erased entries
//! out of their folders: each of their log files that holds an erased entry is written
//! anew without its records (the same records else, in order; a plain one is the same
//! bytes on every device that does it), and a file that holds nothing this device's
//! own log does not (record for record) is removed.
//!
//! The other computer may not have noticed the clone yet and still append to the old
//! `journal.jsonl`. So that nothing it wrote is lost, that file is never written over
//! where it lies: it is first renamed to a copy's name beside it (`journal.set-aside-
//! ….jsonl`), which takes whatever version is there at that instant; its records are
//! read from there; the new file is linked in as `journal.jsonl` only if no other
//! arrived meanwhile (else it stays beside, as a copy); and only then the set-aside
//! file goes. A crash at any step leaves log files that are read with the rest. A
//! version that arrives later is the engine's to reconcile with the rewrite: it makes a
//! conflict copy, which is read, and rewritten in its turn at the next open.

use std::collections::BTreeSet;

use super::synced::{self, LogKey, Place, rewritten};
use super::*;
use crate::journal::record::Tombstone;
use crate::journal::sync::ReplicaId;
use crate::journal::sync::folder::LogFile;

/// The ids this device left, when it ever took a new id (none, without reading
/// anything more, on every other device).
pub(super) fn left_ids(dir: &DataDir) -> Vec<ReplicaId> {
    match crate::journal::sync::SyncConfig::load(dir) {
        Ok(Some(config)) => config.left,
        _ => Vec::new(),
    }
}

impl JournalWriter {
    /// After this device erased an entry: the folders it left lose it too.
    pub(super) fn tidy_left_after_erasing(&mut self) {
        let store = self.log.store.clone();
        let Some(place) = synced::place(&store.dir) else {
            return;
        };
        if left_ids(&store.dir).is_empty() {
            return;
        }
        let key = self.log.sealing.as_ref().map(|s| &s.key);
        let own = secure_fs::open_regular(&self.log.path)
            .and_then(|file| replay(&file, key))
            .map(|(own, _)| own);
        let told = match own {
            Ok(own) => store.tidy_left(&place, &own, &self.journal),
            Err(e) => vec![format!(
                "the folders this device wrote in before it took a new id still hold the \
                 erased entry, because its log could not be read again ({e}); they lose it \
                 the next time"
            )],
        };
        self.journal.warnings.extend(told);
    }
}

impl Store {
    /// Keeps the entries erased on any device, and the older revisions erased
    /// (`--erase-old`), out of the folders this device left; `own` is this device's
    /// log as read, `view` the journal merged from every log. What could not be done
    /// is returned, to tell; it is done at a later open.
    pub(super) fn tidy_left(&self, place: &Place, own: &Journal, view: &Journal) -> Vec<String> {
        let left = left_ids(&self.dir);
        let mut told = Vec::new();
        for old in left.iter().filter(|old| **old != place.own) {
            let Ok(mut logs) = place.folder.logs_of(old) else {
                continue;
            };
            // The copies first (one set aside by a stopped rewrite among them), then
            // the log another computer may still append to.
            let the_log_first = logs.first().is_some_and(|log| !log.copy);
            logs.rotate_left(usize::from(the_log_first));
            for log in logs {
                if let Err(error) = self.tidy_left_log(&log, own, view) {
                    told.push(format!(
                        "a log file this device wrote before it took a new id ({}) could \
                         not be rewritten without the entries erased since: {error}; it is \
                         tried again the next time",
                        sanitize::text(&log.path.display().to_string())
                    ));
                }
            }
        }
        told
    }

    /// Rewrites or removes one log file of a folder this device left, when it holds an
    /// erased entry or nothing new. A file that does not read whole (damaged, or a
    /// version still arriving) is left as it is until it does.
    fn tidy_left_log(&self, log: &LogFile, own: &Journal, view: &Journal) -> Result<(), String> {
        let Ok(read) = self.read_other(log) else {
            return Ok(());
        };
        let erased = &view.deleted.erased;
        // An older revision another device erased, of the id this folder was.
        let named =
            |entry: &Entry| view.erased_old_names(&view.deleted.erased_old, entry, &log.replica);
        let holds_erased = |journal: &Journal| {
            journal
                .entries()
                .map(|entry| &entry.id)
                .chain(journal.deleted.tombstones.keys())
                .any(|id| erased.contains(id))
                || journal.entries().any(named)
        };
        if !read.clean
            || read.journal.read_only.is_some()
            || !(holds_erased(&read.journal)
                || holds_only_records_of(&read.journal, own, erased, &named)
                || self.holds_older_named(log, &read.journal, view, &named))
        {
            return Ok(());
        }
        let _ = fs::remove_file(self.snapshot_of(log));
        // The file to read from: the log itself is taken aside first (see above).
        let taken = match log.copy {
            true => log.path.clone(),
            false => {
                let aside = aside_name(&log.path);
                fs::rename(&log.path, &aside).map_err(|e| e.to_string())?;
                aside
            }
        };
        let (bytes, key) = self.bytes_of(&taken, &log.replica)?;
        let from = key.as_ref().map(|(_, key)| key);
        let mut taken_journal = Journal::default();
        let scan = log::scan(&bytes, from, |record| taken_journal.apply(record));
        let whole = scan.problems.is_empty() && scan.tail.is_none() && scan.newer.is_none();
        if whole && holds_only_records_of(&taken_journal, own, erased, &named) {
            return secure_fs::remove_file(&taken).map_err(|e| e.to_string());
        }
        let renewed = key.as_ref().map(|(header, _)| header.renewed());
        // Sealed again with the key it was read with: the journal's, or one `passwd`
        // replaced since (what is left of it then holds nothing that key did not seal).
        let to = renewed.as_ref().zip(from.map(RecordKey::vault));
        let keep = |record: Record| {
            let id = match (&record.put, &record.delete) {
                (Some(entry), _) => Some(&entry.id),
                (None, Some(tombstone)) => Some(&tombstone.id),
                (None, None) => None,
            };
            let gone =
                id.is_some_and(|id| erased.contains(id)) || record.put.as_ref().is_some_and(named);
            (!gone).then_some(record)
        };
        let out = match whole {
            true => rewritten(&bytes, from, to, keep)?,
            // Changed since it was read (a version that arrived meanwhile, still
            // arriving): left for a later open, as a copy if it was the log.
            false => return self.put_back(log, &taken),
        };
        if log.copy {
            return secure_fs::write_atomic(&log.path, &out).map_err(|e| e.to_string());
        }
        let temp = secure_fs::temp_path(&taken);
        let _ = fs::remove_file(&temp);
        let written = (|| {
            let mut file = secure_fs::create_new(&temp)?;
            file.write_all(&out)?;
            file.sync_all()?;
            // In as the log only if no version arrived there meanwhile; else beside it.
            if fs::hard_link(&temp, &log.path).is_err() {
                fs::hard_link(&temp, aside_name(&log.path))?;
            }
            fs::remove_file(&temp)?;
            fs::remove_file(&taken)?;
            secure_fs::sync_dir(secure_fs::folder_of(&log.path))
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written.map_err(|e| e.to_string())
    }

    /// The bytes of the log file at `path`, of the device `replica`, with the key its
    /// records are sealed with (none, plain).
    fn bytes_of(
        &self,
        path: &Path,
        replica: &ReplicaId,
    ) -> Result<(Vec<u8>, Option<LogKey>), String> {
        let mut file = secure_fs::open_regular(path).map_err(|e| e.to_string())?;
        let key = self
            .key_for(&file, Some(replica))
            .map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| e.to_string())?;
        Ok((bytes, key))
    }

    /// Whether the file `log` (read as `journal`, its latest revision of each entry)
    /// holds, behind a later revision of an entry or behind its deletion, an older
    /// revision that `named` erases: a later one made at the same time as the erasing
    /// one is not named, and stays, while the revisions both were made over go. Its
    /// records are read only when an entry of it has older revisions erased somewhere.
    fn holds_older_named(
        &self,
        log: &LogFile,
        journal: &Journal,
        view: &Journal,
        named: &dyn Fn(&Entry) -> bool,
    ) -> bool {
        let erased_old = &view.deleted.erased_old;
        // Behind a later revision, or behind the deletion of the entry.
        let behind_later = journal
            .entries()
            .any(|entry| entry.revision > 1 && erased_old.contains_key(&entry.id));
        let behind_deletion = journal
            .deleted
            .tombstones
            .keys()
            .any(|id| erased_old.contains_key(id));
        if !(behind_later || behind_deletion) {
            return false;
        }
        let Ok((bytes, key)) = self.bytes_of(&log.path, &log.replica) else {
            return false;
        };
        let mut found = false;
        log::scan(&bytes, key.as_ref().map(|(_, key)| key), |record| {
            found |= record.put.as_ref().is_some_and(named);
        });
        found
    }

    /// Puts a log taken aside back as the log, unless another arrived there meanwhile
    /// (then it stays beside it, a copy read with the rest).
    fn put_back(&self, log: &LogFile, taken: &Path) -> Result<(), String> {
        if log.copy || fs::hard_link(taken, &log.path).is_err() {
            return Ok(());
        }
        fs::remove_file(taken).map_err(|e| e.to_string())
    }
}

/// A new name beside the log `path` for a version of it taken aside: a copy's name
/// (`journal*.jsonl`), so that it is read with the rest whatever happens next.
fn aside_name(path: &Path) -> PathBuf {
    let mut bytes = [0u8; 4];
    crate::vault::random(&mut bytes);
    path.with_file_name(format!(
        "journal.set-aside-{:08x}.jsonl",
        u32::from_be_bytes(bytes)
    ))
}

/// Whether every record `copy` offers is in `own` as it is (the same revision with the
/// same words, the same deletion, the same erasure), or is of an entry erased, or is
/// an older revision erased (`named`): removing a file of a folder nobody writes any
/// more then loses nothing, whatever revision numbers say. What each was made over may
/// differ: a cloned device's new log marks its copies of the old id's revisions as such.
fn holds_only_records_of(
    copy: &Journal,
    own: &Journal,
    erased: &BTreeSet<EntryId>,
    named: &dyn Fn(&Entry) -> bool,
) -> bool {
    let same_entry = |a: &Entry, b: &Entry| {
        a.revision == b.revision
            && Entry {
                seen: Default::default(),
                ..a.clone()
            } == Entry {
                seen: Default::default(),
                ..b.clone()
            }
    };
    let same_deletion =
        |a: &Tombstone, b: &Tombstone| (&a.id, a.at, a.revision) == (&b.id, b.at, b.revision);
    copy.entries().all(|entry| {
        erased.contains(&entry.id)
            || named(entry)
            || own.get(&entry.id).is_some_and(|own| same_entry(own, entry))
    }) && copy.deleted.tombstones.iter().all(|(id, tombstone)| {
        erased.contains(id)
            || own
                .deleted
                .tombstones
                .get(id)
                .is_some_and(|own| same_deletion(own, tombstone))
    }) && copy
        .deleted
        .erased
        .iter()
        .all(|id| own.deleted.erased.contains(id))
}
