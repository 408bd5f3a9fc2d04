//! The journal open for writing: saving and deleting entries, and rewriting the log
//! (compaction, erasing an entry, and the switches of encryption), so that a crash at
//! any step leaves one complete file.

use super::*;
use crate::journal::record::Tombstone;

/// The journal, loaded and open for writing.
#[derive(Debug)]
pub struct JournalWriter {
    pub(super) journal: Journal,
    pub(super) log: AppendLog,
    pub(super) compacted_on_open: Option<Compacted>,
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
        // In a synced journal: a revision over every one shown, on every device, so it
        // supersedes them all.
        let record = Record::put(self.journal.over_shown(entry.clone()));
        self.log.append(&record)?;
        self.journal.apply_own(record);
        Ok(())
    }

    /// The ids of entries deleted in this journal (their tombstones outlive compaction),
    /// so that an import does not bring them back.
    pub fn deleted(&self) -> Result<Deleted, StoreError> {
        let key = self.log.sealing.as_ref().map(|s| &s.key);
        deleted_in(&self.log.path, key).map_err(io_error("read the journal", &self.log.path))
    }

    /// Deletes the entry `id` by appending a tombstone.
    pub fn delete(&mut self, id: &EntryId) -> Result<(), StoreError> {
        let record = Record::tombstone(self.journal.deletion_over_shown(id));
        self.log.append(&record)?;
        self.journal.apply_own(record);
        Ok(())
    }

    /// In a synced journal, takes in the notes dropped into the synced folder's
    /// `inbox/` (see [`crate::journal::sync::inbox`]): each note not in the journal yet
    /// is saved, then every note's file is moved to `inbox/done/`. What goes wrong is
    /// said in the journal's warnings; nothing stops the open.
    pub(super) fn take_in_inbox(&mut self, folder: &crate::journal::sync::SyncFolder) {
        use crate::journal::sync::inbox;
        if self.log.read_only.is_some()
            || !secure_fs::folder_exists(&folder.inbox()).unwrap_or(false)
        {
            return;
        }
        let areas: Vec<String> = crate::pack::Catalog::load(&self.log.store.dir.packs())
            .map(|catalog| catalog.areas().iter().map(|a| a.decl.id.clone()).collect())
            .unwrap_or_default();
        let (notes, warnings) = inbox::pending(folder, &areas);
        self.journal.warnings.extend(warnings);
        for note in notes {
            let known = self.journal.get(&note.entry.id).is_some()
                || self.journal.deleted.contains(&note.entry.id);
            if !known && let Err(e) = self.save(&note.entry) {
                self.journal
                    .warnings
                    .push(format!("a note in the inbox was not taken in: {e}"));
                continue;
            }
            let (put_away, whither) = match self.log.sealing.is_some() {
                true => (inbox::remove(&note), "removed from the inbox".to_owned()),
                false => (
                    inbox::done(folder, &note),
                    format!("moved to {}", folder.inbox_done().display()),
                ),
            };
            if let Err(e) = put_away {
                self.journal.warnings.push(format!(
                    "a note taken in from the inbox could not be {whither}: {e}"
                ));
            }
        }
    }

    /// In a synced journal, rewrites this device's log without the entries another
    /// device erased (an erasure travels: each device drops the entry from its own
    /// log, and no device touches another's file). Nothing to do, nothing written.
    ///
    /// The same for the older revisions another device erased (`--erase-old`): the
    /// log is rewritten without this device's revisions they name, unless one is still
    /// shown (made at the same time, it is not superseded), and with what was erased,
    /// so that there is nothing more to do the next time.
    pub(super) fn erase_what_others_erased(&mut self) -> Result<(), StoreError> {
        let (erased, erased_old) = self
            .journal
            .merged()
            .map(|merged| (merged.erased_here.clone(), merged.erased_old_here.clone()))
            .unwrap_or_default();
        if (erased.is_empty() && erased_old.is_empty()) || self.log.read_only.is_some() {
            return Ok(());
        }
        // Not while this device's revision named is still shown (the one that
        // supersedes it has not arrived yet): honoured then, it would stay.
        let own = self.journal.merged().and_then(|merged| merged.own.clone());
        let view = &self.journal;
        let honoured: Vec<Tombstone> = erased_old
            .iter()
            .filter_map(|id| view.deleted.erased_old.get(id))
            .filter(|erased| {
                let waits = |entry: &Entry| {
                    own.as_ref().is_some_and(|own| {
                        entry.replica.as_ref() == Some(own)
                            && crate::journal::erased_old::names(erased, own, entry.revision)
                    })
                };
                !(view.get(&erased.id).is_some_and(waits)
                    || view
                        .conflict(&erased.id)
                        .is_some_and(|conflict| conflict.others.iter().any(waits)))
            })
            .cloned()
            .collect();
        if erased.is_empty() && honoured.is_empty() {
            return Ok(());
        }
        let form = self.form();
        self.rewrite(form, &erased, &honoured, |_| Ok(()))?;
        if let Some(merged) = self.journal.sync.as_mut() {
            merged.erased_here.clear();
            merged.erased_old_here.clear();
        }
        for id in &erased {
            crate::journal::kept_edits::forget(&self.log.store.dir, id);
        }
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
        let form = self.form();
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
        checkpoint: impl FnMut(CompactStep) -> io::Result<()>,
    ) -> Result<Compacted, StoreError> {
        self.rewrite(form, &[], &[], checkpoint)
    }

    /// Deletes the entry `id` and erases it at once: the log is rewritten (a
    /// compaction, see [`JournalWriter::rewrite_with`]) without any record of it but
    /// one tombstone, which holds its id and no text, so that an import or another
    /// copy of the journal does not bring it back; the snapshot is written again
    /// without it, and its kept edits are removed. Until the new file is renamed into
    /// place the old one is the journal, whole: a crash leaves the entry there, with
    /// every revision, or gone, with none. Every other entry keeps its newest
    /// revision, as in any compaction. An entry that is already deleted is erased the
    /// same way (what of it was left is dropped).
    ///
    /// Only the files of the data directory change; copies of them elsewhere (backups,
    /// synced copies, exports) do not, and the blocks of the replaced file stay on
    /// the disk until the file system reuses them.
    pub fn delete_erasing(&mut self, id: &EntryId) -> Result<Compacted, StoreError> {
        self.delete_erasing_with(id, |_| Ok(()))
    }

    /// [`JournalWriter::delete_erasing`], calling `checkpoint` after each step, as
    /// [`JournalWriter::compact_with`] does.
    pub fn delete_erasing_with(
        &mut self,
        id: &EntryId,
        checkpoint: impl FnMut(CompactStep) -> io::Result<()>,
    ) -> Result<Compacted, StoreError> {
        let form = self.form();
        let done = self.rewrite(form, std::slice::from_ref(id), &[], checkpoint)?;
        crate::journal::kept_edits::forget(&self.log.store.dir, id);
        self.tidy_left_after_erasing();
        Ok(done)
    }

    /// Erases the older revisions of the entry `id`, which hold its earlier text: the
    /// log is rewritten keeping only its newest revision (a compaction, with its
    /// durability; every other entry keeps its newest revision too). An error if the
    /// entry is not in the journal.
    ///
    /// In a synced journal the other devices' logs hold revisions of it too: the
    /// rewrite adds a record naming the revisions the one shown supersedes (see
    /// [`crate::journal::erased_old`]), which every device honours at its next open
    /// to write by rewriting its own log without them. A version made at the same
    /// time on another device, shown as a conflict, is not named and stays.
    pub fn erase_old_revisions(&mut self, id: &EntryId) -> Result<Compacted, StoreError> {
        let Some(kept) = self.journal.get(id) else {
            return Err(StoreError::NoEntry(id.as_str().to_owned()));
        };
        let Some(own) = self.journal.merged().and_then(|merged| merged.own.clone()) else {
            return self.compact();
        };
        let erased = crate::journal::erased_old::over(kept, &own);
        let form = self.form();
        self.rewrite(form, &[], &[erased], |_| Ok(()))
    }

    /// The form the log has now: its header and key when it is sealed.
    fn form(&self) -> Option<(Header, Vault)> {
        self.log
            .sealing
            .as_ref()
            .map(|s| (s.header.clone(), s.key.vault().clone()))
    }

    /// The rewrite itself; the entries `erase` names are left out but for a tombstone
    /// (an erasure, in a synced journal). In a synced journal it is this device's log
    /// that is rewritten, with this device's records alone, read from it again, and
    /// with the older revisions `erase_old` names (and every log of it said before)
    /// left out but for the record saying so.
    fn rewrite(
        &mut self,
        form: Option<(Header, Vault)>,
        erase: &[EntryId],
        erase_old: &[Tombstone],
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
            _ if !erase.is_empty() => "rewritten to erase the entry",
            (None, None) => "compacted",
            (None, Some(_)) => "encrypted",
            (Some(_), None) => "decrypted",
            (Some(now), Some((new, _))) if now.header.key == new.key => "compacted",
            (Some(_), Some(_)) => "given its new passphrase",
        };
        let _ = fs::remove_file(&temp);
        // Tombstones stay, so that a deleted entry is not brought back by an import or
        // another copy of the journal; they are read with the old key, before the switch.
        let mut deleted = self.deleted()?;
        let synced = self.log.store.dir.is_synced();
        // The log's own entries: in a synced journal, those of this device alone.
        let own_log = match synced {
            true => {
                let key = self.log.sealing.as_ref().map(|s| &s.key);
                let file =
                    secure_fs::open_regular(&path).map_err(io_error("read the journal", &path))?;
                Some(
                    replay(&file, key)
                        .map_err(io_error("read the journal", &path))?
                        .0,
                )
            }
            false => None,
        };
        for id in erase {
            // In a synced journal the erasure is a record of its own, which every
            // device honours; on a device of its own a tombstone says enough.
            if synced {
                deleted.tombstones.remove(id);
                deleted.erased.insert(id.clone());
            } else if !deleted.tombstones.contains_key(id) {
                deleted.tombstones.insert(
                    id.clone(),
                    crate::journal::record::Tombstone::now(id.clone()),
                );
            }
        }
        for erased in erase_old {
            crate::journal::erased_old::add(&mut deleted.erased_old, erased.clone());
        }
        let own = self.journal.merged().and_then(|merged| merged.own.clone());
        let view = &self.journal;
        let kept = |entry: &&Entry| {
            !erase.contains(&entry.id)
                && !own
                    .as_ref()
                    .is_some_and(|own| view.erased_old_names(&deleted.erased_old, entry, own))
        };
        let source = own_log.as_ref().unwrap_or(&self.journal);
        let bytes = lines_of(source.entries().filter(kept), &deleted, form.as_ref());
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
                || !copy.entries.iter().eq(source.entries().filter(kept))
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
            Ok((scan, copy))
        })();
        let (scan, copy_of_log) = match written {
            Ok(done) => done,
            Err(error) => {
                let _ = fs::remove_file(&temp);
                return Err(error);
            }
        };
        checkpoint(CompactStep::Renamed).map_err(fail)?;
        let dir = secure_fs::folder_of(&path);
        secure_fs::sync_dir(dir).map_err(io_error("sync", dir))?;
        checkpoint(CompactStep::DirSynced).map_err(fail)?;

        let records_before = source.records;
        let own_live = source.entries().filter(kept).count();
        for id in erase {
            if let Some(at) = self.journal.index_of(id) {
                self.journal.entries.remove(at);
                self.journal.generation += 1;
            }
            if synced {
                self.journal.deleted.erased.insert(id.clone());
                self.journal.resolved(id);
            }
        }
        for erased in erase_old {
            crate::journal::erased_old::add(&mut self.journal.deleted.erased_old, erased.clone());
        }
        if synced && !erase.is_empty() {
            // The snapshots of the other devices' logs may hold the erased text; they
            // are made again from the logs, which their devices rewrite.
            let state = self.log.store.dir.sync_state();
            if let Ok(Some(listing)) = secure_fs::read_folder(&state) {
                // What was read of each log (`read_before`) holds no text, and stays.
                let snapshots = listing
                    .flatten()
                    .filter(|item| item.path().extension().is_some_and(|e| e == "snapshot"));
                for item in snapshots {
                    let _ = fs::remove_file(item.path());
                }
            }
        }
        let compacted = Compacted {
            records_before,
            records_after: own_live
                + deleted.tombstones.len()
                + deleted.erased.len()
                + deleted.erased_old.len(),
            bytes_before: self.log.len,
            bytes_after: bytes.len() as u64,
        };
        // The old handle points at the replaced file; append to the new one from now on.
        self.log.file =
            secure_fs::open_append(&path).map_err(io_error("open the journal", &path))?;
        self.log.len = bytes.len() as u64;
        if !synced {
            self.journal.records = self.journal.len();
        }
        if let Some(own) = &own {
            self.log.store.mark_own_rewrite(own, &path, &copy_of_log);
        }
        if self.log.len >= snapshot::REFRESH_AFTER {
            let written = copy_of_log;
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
                .write_snapshot(&written, &scan, &read, form.as_ref());
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
    // Beside the log, so the rename stays on one file system (a synced journal's log
    // is in the synced folder).
    dir.journal().with_file_name("journal.jsonl.compact")
}

/// The log of `journal`'s live entries, plain or sealed under a header and its key.
pub(super) fn lines_of<'a>(
    entries: impl Iterator<Item = &'a Entry>,
    deleted: &Deleted,
    form: Option<&(Header, RecordKey)>,
) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some((header, _)) = form {
        bytes.extend_from_slice(&header_line(header));
    }
    let puts = entries.map(|entry| Record::put(entry.clone()));
    let tombstones = deleted
        .tombstones
        .values()
        .map(|tombstone| Record::tombstone(tombstone.clone()));
    let erasures = deleted.erased.iter().map(|id| Record::erase(id.clone()));
    let erased_old = deleted
        .erased_old
        .values()
        .map(|erased| Record::erase_old(erased.clone()));
    let records = puts.chain(tombstones).chain(erasures).chain(erased_old);
    for (index, record) in records.enumerate() {
        match form {
            Some((_, key)) => {
                bytes.extend_from_slice(&record.to_sealed_line(key, index as u64 + 1))
            }
            None => bytes.extend_from_slice(&record.to_line()),
        }
    }
    bytes
}
