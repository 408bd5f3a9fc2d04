//! Carrying out effects: the only place the TUI touches files. Each effect ends in a
//! message that goes back through `update`.

use crate::data_dir::DataDir;
use crate::editing::edit_file;
use crate::environment::Environment;
use crate::journal::drafts::Drafts;
use crate::journal::kept_edits;
use crate::journal::record::{Record, Tombstone};
use crate::journal::rounds::Upgrade;
use crate::journal::{EntryId, Store};
use crate::pack::Catalog;
use crate::pack::install;
use crate::secure_fs;
use crate::tui::app::{Effect, Msg, RunnerDraft};
use crate::vault::Vault;

/// How the journal file looked: its length and modification time. Another process
/// that writes to the journal changes it.
/// The size and time of some of the journal's files, hashed: a change means another
/// process, or another device, wrote them.
type Stamp = Option<u64>;

/// The journal's files as the app last knew them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Known {
    /// This device's log (the journal itself, on one device): a change is another
    /// between on this device writing, which a change made on the app's older copy
    /// could undo, so such a change is refused.
    own: Stamp,
    /// The other devices' logs, in a synced journal: a change is their writes
    /// arriving. A change made in the app is made over what it shows and saved beside
    /// them (a version that arrived unseen stays a conflict), so it is not refused;
    /// the app loads the journal again to show them.
    others: Stamp,
}

/// The files the effects work on.
#[derive(Debug)]
pub struct Files {
    /// The user's editor command line.
    editor: String,
    dir: DataDir,
    store: Store,
    drafts: Drafts,
    /// The journal's files as the app last knew them: as loaded (`others` changes only
    /// then), or after its own save.
    known: std::cell::Cell<Known>,
}

/// This app window's name for its drafts: made once per process, so that locking and
/// unlocking keeps the same copies. Two windows never overwrite each other's typing
/// (see `Drafts`).
pub(crate) fn window() -> &'static str {
    static WINDOW: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    WINDOW.get_or_init(|| ulid::Ulid::generate().to_string().to_ascii_lowercase())
}

/// Marks this window as running in `dir` for as long as the process lives, so that
/// other windows leave its drafts alone (once per data directory: a lock and unlock
/// build the files again).
fn hold_window(dir: &DataDir) {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static HELD: Mutex<Option<HashMap<std::path::PathBuf, crate::journal::drafts::WindowLock>>> =
        Mutex::new(None);
    let mut held = HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let held = held.get_or_insert_with(HashMap::new);
    if !held.contains_key(dir.root())
        && let Ok(lock) = crate::journal::drafts::hold_window(dir, window())
    {
        held.insert(dir.root().to_path_buf(), lock);
    }
}

impl Files {
    /// The files of `dir`, with the key of its encrypted journal; the journal is taken
    /// to be as the app just loaded it.
    pub fn new(dir: &DataDir, vault: Option<Vault>, env: &Environment) -> Self {
        hold_window(dir);
        let files = Self {
            editor: env.editor_command().to_owned(),
            dir: dir.clone(),
            store: Store::with_vault(dir.clone(), vault.clone()),
            drafts: Drafts::with_vault(dir, vault).for_window(window()),
            known: std::cell::Cell::new(Known::default()),
        };
        files.known.set(files.stamps());
        files
    }

    fn stamps(&self) -> Known {
        use std::hash::{Hash, Hasher};
        let own = std::fs::metadata(self.dir.journal()).ok().and_then(|meta| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (meta.len(), meta.modified().ok()?).hash(&mut hasher);
            Some(hasher.finish())
        });
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for path in crate::journal::sync::other_logs(&self.dir) {
            if let Ok(meta) = std::fs::metadata(&path) {
                (path, meta.len(), meta.modified().ok()).hash(&mut hasher);
            }
        }
        Known {
            own,
            others: Some(hasher.finish()),
        }
    }

    /// Whether another between on this device wrote the journal since the app last
    /// knew it.
    fn written_here(&self) -> bool {
        self.stamps().own != self.known.get().own
    }

    /// The app has written this device's log itself (or loaded the journal): as known
    /// now. What arrived from other devices stays unknown until the app loads it.
    fn wrote(&self) {
        let known = self.known.get();
        self.known.set(Known {
            own: self.stamps().own,
            ..known
        });
    }

    /// The journal as another between on this device, or another device, left it, if
    /// either wrote since the app last knew it: what the app's loop asks every few
    /// seconds, so that what is written elsewhere shows without a restart.
    pub fn look_again(&self) -> Option<Msg> {
        let now = self.stamps();
        if now == self.known.get() {
            return None;
        }
        // As of before the load: whatever arrives during it is found the next time.
        self.known.set(now);
        Some(match self.store.load() {
            Ok(journal) => Msg::Reloaded {
                journal: Box::new(journal),
                refused: None,
            },
            Err(e) => Msg::Failed(e.to_string()),
        })
    }

    /// Carries out `effect` (`Edit` only with the terminal handed back: see
    /// [`Files::edit`]) and returns the messages that say how it went.
    pub fn perform(&self, effect: Effect) -> Vec<Msg> {
        match effect {
            Effect::Save(entry) => {
                let changes = entry.revision > 1;
                let id = entry.id.clone();
                self.write(
                    Record::put(entry.clone()),
                    changes,
                    Msg::Saved(Box::new(entry)),
                    &id,
                )
            }
            Effect::Delete(id) => self.delete(Tombstone::now(id)),
            Effect::DeleteOver(tombstone) => self.delete(*tombstone),
            Effect::Erase(id) => self.erase(&id),
            Effect::EraseOld(id) => self.erase_old(&id),
            Effect::SaveDraft(draft) => vec![match self.drafts.save(&draft.key(), &draft) {
                Ok(()) => Msg::DraftSaved(draft.key()),
                Err(e) => Msg::Failed(format!("Your draft could not be written: {e}")),
            }],
            Effect::LoadDraft(key) => vec![match self.drafts.load::<RunnerDraft>(&key) {
                Ok(Some(draft)) => Msg::DraftLoaded(Box::new(draft)),
                Ok(None) => Msg::Failed("That draft is gone.".into()),
                Err(e) => Msg::Failed(e.to_string()),
            }],
            Effect::LoadReportNote(key) => match self.drafts.load::<RunnerDraft>(&key) {
                Ok(Some(draft)) => vec![Msg::ReportNoteLoaded(Box::new(draft))],
                Ok(None) => Vec::new(),
                Err(e) => vec![Msg::Failed(format!(
                    "Your note for this report could not be read: {e}"
                ))],
            },
            Effect::DiscardOfferedDraft(key) => {
                let discarded = self.drafts.discard_offered(&key);
                self.discarded(key, discarded)
            }
            Effect::DiscardDraft(key) => {
                let discarded = self.drafts.discard(&key);
                self.discarded(key, discarded)
            }
            Effect::Edit { text, entry } => vec![self.edit(&text, entry.as_ref())],
            // The terminal's: the event loop rings it.
            Effect::Bell => Vec::new(),
            Effect::WriteReport { pack, files } => vec![self.write_report(pack, files)],
            Effect::AddPack { path, replace } => vec![self.add_pack(&path, replace)],
            Effect::SaveSettings(settings) => crate::settings::save_from_app(&self.dir, &settings)
                .err()
                .map(|e| Msg::Failed(format!("Your settings could not be saved: {e}")))
                .into_iter()
                .collect(),
            Effect::ForgetEdit(id) => {
                kept_edits::forget(&self.dir, &id);
                Vec::new()
            }
        }
    }

    /// Appends `record`. If another process changed the journal since the app last
    /// knew it, the journal is loaded again first; a `change` to an existing entry is
    /// then not written (it was made from an old copy and would undo theirs), and the
    /// user is asked to make it again on what is there now.
    /// What the app learns after a copy of a draft was removed: that another copy (of a
    /// window that is gone) is still there to be offered, if one is.
    fn discarded(
        &self,
        key: String,
        result: Result<(), crate::journal::drafts::DraftError>,
    ) -> Vec<Msg> {
        match result {
            Err(e) => vec![Msg::Failed(e.to_string())],
            Ok(()) if self.drafts.has(&key).unwrap_or(false) => vec![Msg::DraftFound(key)],
            Ok(()) => Vec::new(),
        }
    }

    /// Writes a report's files into the reports directory (0700; files 0600).
    fn write_report(&self, pack: String, files: Vec<(String, Vec<u8>)>) -> Msg {
        if self.store.vault().is_some() {
            return Msg::Failed(format!(
                "Your journal is encrypted, so the app writes no plain report into its folder. \
                 To make one to share, run `between report {pack} --out FILE` and choose where it goes."
            ));
        }
        let dir = self.dir.reports();
        let written = secure_fs::private_dir(self.dir.root())
            .and_then(|()| secure_fs::private_dir(&dir))
            .and_then(|()| {
                files
                    .into_iter()
                    .map(|(name, bytes)| {
                        let path = dir.join(name);
                        crate::journal::sealed_files::write(&self.dir, &path, &bytes, None)
                            .map(|()| path)
                    })
                    .collect::<std::io::Result<Vec<_>>>()
            });
        match written {
            Ok(paths) => Msg::ReportWritten { pack, paths },
            Err(e) => Msg::Failed(format!("The report could not be written: {e}")),
        }
    }

    /// Checks and installs a pack file; asks back first if it would replace an
    /// installed version and that was not agreed to yet.
    fn add_pack(&self, path: &std::path::Path, replace: bool) -> Msg {
        let candidate = match install::prepare(&self.dir, path) {
            Ok(candidate) => candidate,
            Err(e) => return Msg::Failed(e.to_string()),
        };
        let vault = self.store.vault();
        let upgrade = match Catalog::load(&self.dir.packs())
            .map_err(|e| e.to_string())
            .and_then(|catalog| {
                Upgrade::plan(&self.dir, &candidate, &catalog, vault).map_err(|e| e.to_string())
            }) {
            Ok(upgrade) => upgrade,
            Err(e) => return Msg::Failed(e),
        };
        if let Some((old, diff)) = &candidate.replaces
            && !replace
        {
            let homework = upgrade
                .words
                .as_ref()
                .map(|words| format!(" {words}"))
                .unwrap_or_default();
            let changes = format!(
                "Version {} is installed; this file is version {}. {}.{homework} Your journal keeps what you did with version {}.",
                old.version,
                candidate.pack.version,
                diff.lines().join("; "),
                old.version
            );
            return Msg::PackNeedsConfirm {
                path: path.to_path_buf(),
                changes,
            };
        }
        if let Err(e) = upgrade.keep(&self.dir, &candidate.pack.id, vault) {
            return Msg::Failed(e.to_string());
        }
        if let Err(e) = install::install(&self.dir, &candidate) {
            return Msg::Failed(e.to_string());
        }
        match Catalog::load(&self.dir.packs()) {
            Ok(catalog) => Msg::PacksChanged {
                rounds: crate::journal::rounds::current_numbers(&self.dir, &catalog, vault),
                catalog: Box::new(catalog),
                message: format!(
                    "Added \"{}\" (version {}).",
                    candidate.pack.title, candidate.pack.version
                ),
            },
            Err(e) => Msg::Failed(e.to_string()),
        }
    }

    fn write(&self, record: Record, change: bool, done: Msg, id: &EntryId) -> Vec<Msg> {
        let stamps = self.stamps();
        let known = self.known.get();
        if change && stamps.own != known.own {
            return self.refuse(id);
        }
        let mut merged = None;
        let result = match (&record.delete, change && self.dir.is_synced()) {
            // A deletion in a synced journal not made over the versions the app shows
            // (`Effect::DeleteOver` is) is made over every version the writer knows
            // (as the app does: nothing changed meanwhile); the app then shows the
            // journal as the writer left it. A revision was made over every version
            // the app shows already (`Journal::over_shown`).
            (Some(tombstone), true) if tombstone.revision.is_none() => {
                self.store.open().and_then(|mut writer| {
                    writer.delete(&tombstone.id)?;
                    merged = Some(writer.journal().clone());
                    Ok(true)
                })
            }
            _ => self.store.open_append().and_then(|mut log| {
                // Asked again with the lock held, so no other between writes between
                // the answer and the append (unless opening mended the log itself:
                // then the change is its own).
                if change && !log.repaired() && self.written_here() {
                    return Ok(false);
                }
                log.append(&record).map(|()| true)
            }),
        };
        match result {
            Err(e) => return vec![Msg::Failed(e.to_string())],
            Ok(false) => return self.refuse(id),
            Ok(true) => {}
        }
        let mut messages = vec![done];
        if let Some(journal) = merged {
            messages.push(Msg::Reloaded {
                journal: Box::new(journal),
                refused: None,
            });
        }
        if stamps != known {
            // Written meanwhile here (by a note, say) or on another device: shown now.
            self.known.set(self.stamps());
            match self.store.load() {
                Ok(journal) => messages.push(Msg::Reloaded {
                    journal: Box::new(journal),
                    refused: None,
                }),
                Err(e) => messages.push(Msg::Failed(e.to_string())),
            }
        } else {
            self.wrote();
        }
        messages
    }

    /// The journal changed elsewhere since the app last knew it: a change made on
    /// the old copy is not written, and the journal is loaded again.
    fn refuse(&self, id: &EntryId) -> Vec<Msg> {
        self.reload_saying(format!(
            "The journal was changed by another between meanwhile, so this change to \
             entry {id} was not saved. It is up to date now: please make it again."
        ))
    }

    /// Loads the journal again, as another process changed it, and says `why`.
    fn reload_saying(&self, why: String) -> Vec<Msg> {
        self.known.set(self.stamps());
        match self.store.load() {
            Ok(journal) => vec![Msg::Reloaded {
                journal: Box::new(journal),
                refused: Some(why),
            }],
            Err(e) => vec![Msg::Failed(e.to_string())],
        }
    }

    /// Writes the deletion `tombstone`; the app is told of it as written.
    fn delete(&self, tombstone: Tombstone) -> Vec<Msg> {
        let id = tombstone.id.clone();
        let record = Record::tombstone(tombstone.clone());
        self.write(record, true, Msg::Deleted(Box::new(tombstone)), &id)
    }

    /// Deletes entry `id` and erases its text from the data directory (the journal
    /// rewritten without it, the snapshot with it, its kept edits removed), as the
    /// store does it: refused, like any change, if another process changed the
    /// journal since the app last knew it.
    fn erase(&self, id: &EntryId) -> Vec<Msg> {
        if self.written_here() {
            return self.refuse(id);
        }
        let result = self
            .store
            .open()
            .and_then(|mut writer| writer.delete_erasing(id));
        // The file was replaced (or, on a failure, perhaps set right): as known now.
        self.wrote();
        match result {
            Ok(_) => vec![Msg::Erased(id.clone())],
            Err(e) => vec![Msg::Failed(format!(
                "The entry was not deleted or erased: {e}"
            ))],
        }
    }

    /// Erases the old revisions from the data directory (the journal rewritten with the
    /// newest revision of each entry), refused like any change if another process
    /// changed the journal since the app last knew it.
    fn erase_old(&self, id: &EntryId) -> Vec<Msg> {
        if self.written_here() {
            // The edit itself was saved; only the erasing waits.
            return self.reload_saying(
                "Your edit is saved, but the journal was changed by another between \
                 meanwhile, so the old text was not erased yet. It is up to date now: \
                 `between journal compact` erases it."
                    .to_owned(),
            );
        }
        let result = self
            .store
            .open()
            .and_then(|mut writer| writer.erase_old_revisions(id));
        self.wrote();
        match result {
            Ok(_) => vec![Msg::ErasedOld(id.clone())],
            Err(e) => vec![Msg::Failed(format!("The old text was not erased: {e}"))],
        }
    }

    /// Opens the editor on `text` (for an entry, on its kept edit if there is one:
    /// see [`edit_file::edit`]) and returns what the user left there. The caller must
    /// have handed the terminal back first. If anything fails, the message says where
    /// the text is kept.
    pub fn edit(&self, text: &str, entry: Option<&EntryId>) -> Msg {
        Msg::Edited(
            edit_file::edit(&self.dir, self.store.vault(), text, entry, &self.editor)
                .map(|edited| edited.text)
                .map_err(|e| match e.kept {
                    Some(path) => format!(
                        "{}; what you wrote is kept in {}",
                        e.message,
                        crate::sanitize::text(&path.display().to_string())
                    ),
                    None => format!("The text could not be opened in the editor: {}", e.message),
                }),
        )
    }
}
