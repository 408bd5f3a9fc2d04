//! Editing text in the user's editor, for the app and the command line alike, without
//! losing it: an entry's edit is kept in `drafts/edit-<id>.txt` until it is saved (a
//! failed save, a quit or a crash leaves it there, and the next edit goes on with it).
//!
//! With a plain journal the editor works on that file itself. With an encrypted one
//! the kept file is sealed, and the editor works on a plain copy in a private
//! directory in memory-backed storage (`$XDG_RUNTIME_DIR` or `/dev/shm` when there is
//! one), removed as soon as the editor has closed: an editor can only edit plain text.

use std::io;
use std::path::{Path, PathBuf};

use super::entry::EntryId;
use crate::data_dir::DataDir;
use crate::secure_fs;
use crate::vault::Vault;
use crate::vault::files::{self, ReadError};

/// Where the edit of entry `id` is kept while it is edited and until it is saved.
pub fn kept_file(dir: &DataDir, id: &EntryId) -> PathBuf {
    dir.drafts()
        .join(format!("edit-{}.txt", id.as_str().to_ascii_lowercase()))
}

/// The text the editor left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// The text.
    pub text: String,
    /// Whether the edit went on from a kept earlier edit.
    pub resumed: bool,
}

/// Why an edit did not come back; the text is kept in `kept`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct EditFailed {
    /// What went wrong.
    pub message: String,
    /// Where the text is (plain, or sealed for an encrypted journal).
    pub kept: Option<PathBuf>,
}

fn failed(message: impl ToString, kept: Option<&Path>) -> EditFailed {
    EditFailed {
        message: message.to_string(),
        kept: kept.map(Path::to_path_buf),
    }
}

/// Where the editor's plain copy goes when the journal is encrypted.
fn memory_dir() -> PathBuf {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.is_dir())
        .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|dir| dir.is_dir()))
        .unwrap_or_else(std::env::temp_dir)
}

/// Opens the editor on `text`, or for an entry (`entry`) on its kept edit when one
/// is there, and returns what the user left. An entry's edit stays kept until the
/// caller removes it with [`forget`] once it is saved.
pub fn edit(
    dir: &DataDir,
    vault: Option<&Vault>,
    text: &str,
    entry: Option<&EntryId>,
) -> Result<Edited, EditFailed> {
    let kept = entry.map(|id| kept_file(dir, id));
    let earlier = match &kept {
        Some(path) => match files::read(dir, path, vault) {
            Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => None,
            // A link (or a pipe) in its place is not an edit of ours: refused, untouched.
            Err(ReadError::Io(e)) if secure_fs::refusal(&e).is_some() => {
                return Err(failed(format!("{}: {e}", shown(path)), None));
            }
            Err(e) => return Err(failed(e, Some(path))),
        },
        None => None,
    };
    let resumed = earlier.is_some();
    let start = earlier.as_deref().unwrap_or(text);
    secure_fs::private_dir(&dir.drafts())
        .map_err(|e| failed(format!("{}: {e}", shown(&dir.drafts())), None))?;
    // With a key: the plain copy in memory-backed storage, removed on every way out
    // except a failed editor, when it is the only copy of what was typed.
    let workspace = match vault {
        Some(_) => Some(
            tempfile::Builder::new()
                .prefix("between-")
                .tempdir_in(memory_dir())
                .map_err(|e| failed(format!("no private place for the editor ({e})"), None))?,
        ),
        None => None,
    };
    let work = match (&workspace, &kept) {
        (Some(space), _) => space.path().join("text.txt"),
        (None, Some(path)) => path.clone(),
        (None, None) => dir
            .drafts()
            .join(format!("editing-{}.txt", std::process::id())),
    };
    if !(resumed && workspace.is_none()) {
        secure_fs::write_atomic(&work, start.as_bytes()).map_err(|e| {
            failed(
                format!("the text could not be written for the editor ({e})"),
                None,
            )
        })?;
    }
    let edited = crate::editor::edit(&work)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            secure_fs::read_capped(&work, files::TEXT_FILE)
                .map_err(|e| format!("the edited text could not be read ({e})"))
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| {
                        "the edited text could not be read (it is not UTF-8 text)".to_owned()
                    })
                })
        });
    let edited = match edited {
        Ok(text) => text,
        Err(message) => {
            // The editor's file may be the only copy of what was typed: it stays.
            if let Some(space) = workspace {
                let _ = space.keep();
            }
            return Err(failed(message, Some(&work)));
        }
    };
    match (&kept, vault) {
        (Some(path), Some(vault)) => {
            if let Err(e) = files::write(dir, path, edited.as_bytes(), Some(vault)) {
                // The editor's file is the only copy: it stays, and the message says where.
                if let Some(space) = workspace {
                    let _ = space.keep();
                }
                return Err(failed(
                    format!("the edit could not be kept sealed ({e})"),
                    Some(&work),
                ));
            }
        }
        (Some(_), None) => {}
        (None, _) => {
            // A step's text now lives in the exercise, which has its own drafts.
            let _ = std::fs::remove_file(&work);
        }
    }
    Ok(Edited {
        text: edited,
        resumed,
    })
}

/// Removes the kept edit of entry `id` (and a half-written copy of it): it was saved,
/// made no change, or the entry was deleted.
pub fn forget(dir: &DataDir, id: &EntryId) {
    let kept = kept_file(dir, id);
    let _ = secure_fs::remove_file(&secure_fs::temp_path(&kept));
    let _ = secure_fs::remove_file(&kept);
}

/// Removes every kept edit whose entry is no longer in `journal`: a deleted entry's
/// text must not outlive it. Returns how many were removed.
pub fn forget_orphans(dir: &DataDir, journal: &super::Journal) -> usize {
    let Ok(Some(names)) = secure_fs::read_folder(&dir.drafts()) else {
        return 0;
    };
    let orphans: Vec<EntryId> = names
        .filter_map(|item| item.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            let id = name.strip_prefix("edit-")?;
            let id = id
                .strip_suffix(".txt.tmp")
                .or_else(|| id.strip_suffix(".txt"))?;
            EntryId::parse(&id.to_ascii_uppercase())
        })
        .filter(|id| journal.get(id).is_none())
        .collect();
    for id in &orphans {
        forget(dir, id);
    }
    orphans.len()
}

fn shown(path: &Path) -> String {
    crate::sanitize::text(&path.display().to_string()).into_owned()
}
