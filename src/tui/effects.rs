//! Carrying out effects: the only place the TUI touches files. Each effect ends in a
//! message that goes back through `update`.

use crate::data_dir::DataDir;
use crate::journal::drafts::Drafts;
use crate::journal::record::Record;
use crate::journal::{EntryId, Store};
use crate::secure_fs;
use crate::tui::app::{Effect, Msg, RunnerDraft};

/// The files the effects work on.
#[derive(Debug, Clone)]
pub struct Files {
    dir: DataDir,
    store: Store,
    drafts: Drafts,
}

impl Files {
    /// The files of `dir`.
    pub fn new(dir: &DataDir) -> Self {
        Self {
            dir: dir.clone(),
            store: Store::new(dir.clone()),
            drafts: Drafts::new(dir),
        }
    }

    /// Carries out `effect` (except `Edit`, which needs the terminal: see
    /// [`Files::edit`]) and returns the message that says how it went.
    pub fn perform(&self, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::Save(entry) => Some(match self.append(Record::put(entry.clone())) {
                Ok(()) => Msg::Saved(entry),
                Err(message) => Msg::Failed(message),
            }),
            Effect::Delete(id) => Some(self.delete(id)),
            Effect::SaveDraft(draft) => Some(match self.drafts.save(&draft.exercise, &draft) {
                Ok(()) => Msg::DraftSaved(draft.exercise),
                Err(e) => Msg::Failed(format!("Your draft could not be written: {e}")),
            }),
            Effect::LoadDraft(key) => Some(match self.drafts.load::<RunnerDraft>(&key) {
                Ok(Some(draft)) => Msg::DraftLoaded(Box::new(draft)),
                Ok(None) => Msg::Failed("That draft is gone.".into()),
                Err(e) => Msg::Failed(e.to_string()),
            }),
            Effect::DiscardDraft(key) => self
                .drafts
                .discard(&key)
                .err()
                .map(|e| Msg::Failed(e.to_string())),
            Effect::Edit(text) => Some(self.edit(&text)),
        }
    }

    fn append(&self, record: Record) -> Result<(), String> {
        let mut log = self.store.open_append().map_err(|e| e.to_string())?;
        log.append(&record).map_err(|e| e.to_string())
    }

    fn delete(&self, id: EntryId) -> Msg {
        match self.append(Record::delete(id.clone())) {
            Ok(()) => Msg::Deleted(id),
            Err(message) => Msg::Failed(message),
        }
    }

    /// Opens the editor on `text` in a private file under `drafts/` and returns what
    /// the user left there. The caller must have handed the terminal back first.
    pub fn edit(&self, text: &str) -> Msg {
        let drafts = self.dir.drafts();
        let path = drafts.join(format!("editing-{}.txt", std::process::id()));
        let result = secure_fs::private_dir(&drafts)
            .and_then(|()| secure_fs::write_atomic(&path, text.as_bytes()))
            .map_err(|e| format!("The text could not be written for the editor: {e}"))
            .and_then(|()| crate::editor::edit(&path).map_err(|e| e.to_string()))
            .and_then(|()| {
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("The edited text could not be read: {e}"))
            });
        // The text now lives in the app's state; the file is not needed any more.
        let _ = std::fs::remove_file(&path);
        Msg::Edited(result)
    }
}
