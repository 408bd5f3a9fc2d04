//! Where an entry's edit is kept until it is saved, `drafts/edit-<id>.txt` (sealed
//! when the journal is encrypted), and removing kept edits once they are saved, made
//! no change, or their entry is gone: a deleted entry's text must not outlive it.
//!
//! The editing itself, which runs the user's editor, is above the journal, in
//! `editing/`; this is only the storage it leaves its text in.

use std::path::PathBuf;

use super::entry::EntryId;
use crate::data_dir::DataDir;
use crate::secure_fs;

/// Where the edit of entry `id` is kept while it is edited and until it is saved.
pub fn kept_file(dir: &DataDir, id: &EntryId) -> PathBuf {
    dir.drafts()
        .join(format!("edit-{}.txt", id.as_str().to_ascii_lowercase()))
}

/// Removes the kept edits of entry `id`: the kept file, a half-written copy of it, and
/// any leftover of an editor left open (`edit-<id>-left-open-…`). It was saved, made
/// no change, or the entry was deleted.
pub fn forget(dir: &DataDir, id: &EntryId) {
    for path in kept_files(dir)
        .filter(|(of, _)| of == id)
        .map(|(_, path)| path)
    {
        let _ = secure_fs::remove_file(&path);
    }
}

/// Every kept edit in `drafts/`, with the entry it is of.
fn kept_files(dir: &DataDir) -> impl Iterator<Item = (EntryId, PathBuf)> {
    let drafts = dir.drafts();
    let names = secure_fs::read_folder(&drafts).ok().flatten();
    names.into_iter().flatten().filter_map(move |item| {
        let name = item.ok()?.file_name().into_string().ok()?;
        let rest = name.strip_prefix("edit-")?;
        if !(rest.ends_with(".txt") || rest.ends_with(".txt.tmp")) {
            return None;
        }
        let id = EntryId::parse(&rest.get(..26)?.to_ascii_uppercase())?;
        Some((id, drafts.join(&name)))
    })
}

/// Removes every kept edit whose entry is no longer in `journal`: a deleted entry's
/// text must not outlive it. Returns how many were removed.
pub fn forget_orphans(dir: &DataDir, journal: &super::Journal) -> usize {
    let orphans: Vec<PathBuf> = kept_files(dir)
        .filter(|(id, _)| journal.get(id).is_none())
        .map(|(_, path)| path)
        .collect();
    for path in &orphans {
        let _ = secure_fs::remove_file(path);
    }
    orphans.len()
}
