//! Carrying out effects: the only place the TUI touches files. Each effect ends in a
//! message that goes back through `update`.

use crate::data_dir::DataDir;
use crate::journal::drafts::Drafts;
use crate::journal::edit_text;
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
            Effect::SaveDraft(draft) => Some(match self.drafts.save(&draft.key(), &draft) {
                Ok(()) => Msg::DraftSaved(draft.key()),
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
            Effect::Edit { text, entry } => Some(self.edit(&text, entry.as_ref())),
            Effect::ForgetEdit(id) => {
                let _ = std::fs::remove_file(edit_text::kept_file(&self.dir, &id));
                None
            }
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
    ///
    /// For an entry's text the file is the entry's kept edit: if one is already there
    /// (an edit that could not be saved earlier, here or on the command line), the
    /// editor opens it instead of `text`, and the file stays until the edit is saved.
    /// If the editor fails, the file stays and the message says where.
    pub fn edit(&self, text: &str, entry: Option<&EntryId>) -> Msg {
        let drafts = self.dir.drafts();
        let path = match entry {
            Some(id) => edit_text::kept_file(&self.dir, id),
            None => drafts.join(format!("editing-{}.txt", std::process::id())),
        };
        let write = || {
            if entry.is_some() && path.exists() {
                return Ok(());
            }
            secure_fs::private_dir(&drafts)?;
            secure_fs::write_atomic(&path, text.as_bytes())
        };
        if let Err(e) = write() {
            return Msg::Edited(Err(format!(
                "The text could not be written for the editor: {e}"
            )));
        }
        let shown = crate::sanitize::text(&path.display().to_string()).into_owned();
        if let Err(e) = crate::editor::edit(&path) {
            return Msg::Edited(Err(format!("{e}; what you wrote is kept in {shown}")));
        }
        let result = std::fs::read_to_string(&path)
            .map_err(|e| format!("The edited text could not be read ({e}); it is kept in {shown}"));
        if entry.is_none() && result.is_ok() {
            // A step's text now lives in the exercise, which has its own drafts.
            let _ = std::fs::remove_file(&path);
        }
        Msg::Edited(result)
    }
}
